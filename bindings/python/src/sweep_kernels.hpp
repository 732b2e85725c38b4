// Block kernels of the vectorised Python sweeps (broadcast_binding.hpp drives them): each evaluates
// sweep_kernels::block points of a mean formula from unit-stride inputs, with the formulas of the C++ models
// (offload::detail::md1_mean_wait, mm1_mean_wait, mm1_mean_response, mg1_mean_wait, summed as the pipelines'
// mean_latency: the same IEEE operations as the scalar path, so the same bits) and a validity flag folded into
// the same loop. A fixed trip count and no branches per point let GCC's -O2 (very-cheap cost model) vectorise
// the loops; sweep_kernels.cpp is compiled
// with -fno-trapping-math (so that the selects may evaluate both sides) and, on x86-64 with GCC, also as an
// AVX2 clone picked at load time. Each kernel returns 0, or nonzero if a point lies outside its fast domain: the
// caller then evaluates every point through the validated C++ objects (the same numbers, or their error).
#pragma once

#include <cstddef>
#include <cstdint>

namespace offload::python::sweep_kernels {

/// Points per kernel call: a multiple of every vector width.
inline constexpr std::size_t block = 256;

/// The stage model of a k-parallel server (seed 003: M/D/1 for DNNs, M/M/1 for LLMs, M/G/1 given the scv).
enum class stage { md1, mm1, mg1 };

/// Mean response of a k-parallel stage (the wait of the aggregated server at rate k mu plus the full service
/// time s): mean_response(k_parallel<Base>) and the on-device pipeline's mean latency (k = 1: the plain queue,
/// except mm1, see mm1_response). scv is read only for stage::mg1.
std::uint64_t stage_response(stage kind, const double* lambda, const double* s, const double* scv, const double* k,
                             double* out) noexcept;

/// mean_response(mm1(lambda, s)) = 1 / (mu - lambda), mu = 1 / s.
std::uint64_t mm1_response(const double* lambda, const double* s, double* out) noexcept;

/// The offload pipeline's mean latency (seed eq. 1, the same link both ways, result to the device) from the
/// remote stage's mean response: M/M/1 uplink at lambda, M/M/1 downlink at remote_lambda when result_bytes > 0,
/// propagation both ways, summed as mean_latency(offload_pipeline) does.
std::uint64_t offload_latency(const double* lambda, const double* remote_lambda, const double* bandwidth,
                              const double* request_bytes, const double* result_bytes, const double* propagation,
                              const double* remote_response, double* out) noexcept;

} // namespace offload::python::sweep_kernels
