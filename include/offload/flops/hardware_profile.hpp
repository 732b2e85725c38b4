// offload/flops/hardware_profile.hpp — what a device can do: peak FLOP/s per element type, memory bandwidth,
// a fixed per-layer overhead, and an efficiency eta in (0, 1] per operation class for compute and for memory.
//
// Peak FLOP/s follow seed 001 (Yao et al., §III-C and Algorithm 1, lines 5-7): FLOPS = processor cores x
// operating frequency x floating-point operations per cycle (peak_flops_from_cores). A profile may instead be
// given the vendor's peak per element type (fp32 / fp16 / int8); a peak of 0 means "not stated", and asking
// for a latency in that element type is then a parameter_error rather than a silent guess.
//
// The efficiencies turn the optimistic roofline bound into an estimate: a layer of class c achieves
// eta_compute[c] x peak FLOP/s and eta_memory[c] x bandwidth. All efficiencies = 1 and overhead = 0 is the
// plain roofline (a lower bound on latency); offload/flops/calibration.hpp fits them to measurements.
// offload/flops/latency_estimate.hpp evaluates latencies; offload/flops/hardware_presets.hpp holds the
// devices named in the seed papers.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "offload/error.hpp"
#include "offload/flops/layer_cost.hpp"

namespace offload::dnn {

/// One value per op_class, indexed by static_cast<std::size_t>(op_class).
using op_class_values = std::array<double, op_class_count>;

/// Every op class set to the same value (efficiencies default to 1: the roofline bound).
constexpr op_class_values uniform_values(double value) noexcept {
    op_class_values values{};
    for (double& v : values) v = value;
    return values;
}

/// Everything a hardware_profile is made of. Fill it (designated initialisers read well) and pass it to the
/// validating hardware_profile constructor; hardware_profile::spec() gives it back for modification.
struct hardware_spec {
    std::string name;              ///< non-empty, e.g. "Raspberry Pi 4B (CPU)"
    std::string source;            ///< where the figures come from (paper, table, vendor datasheet)
    double peak_fp32 = 0.0;        ///< FLOP/s in fp32; 0 = not stated
    double peak_fp16 = 0.0;        ///< FLOP/s in fp16; 0 = not stated
    double peak_int8 = 0.0;        ///< OP/s in int8; 0 = not stated
    double memory_bandwidth = 0.0; ///< bytes/s, finite and > 0
    double layer_overhead = 0.0;   ///< seconds added to every executed layer (launch / dispatch cost), >= 0
    op_class_values compute_efficiency = uniform_values(1.0); ///< eta_compute per op class, each in (0, 1]
    op_class_values memory_efficiency = uniform_values(1.0);  ///< eta_memory per op class, each in (0, 1]

    bool operator==(const hardware_spec&) const = default;
};

/// Seed 001 §III-C: peak FLOP/s = cores x frequency (Hz) x FLOPs per cycle per core.
/// cores: integer >= 1; frequency_hz and flops_per_cycle: finite and > 0.
inline double peak_flops_from_cores(int cores, double frequency_hz, double flops_per_cycle) {
    if (cores < 1)
        offload::detail::throw_parameter_error("offload::dnn::peak_flops_from_cores", "cores", cores, "must be >= 1");
    const int n = cores;
    offload::detail::require_positive(frequency_hz, "offload::dnn::peak_flops_from_cores", "frequency_hz");
    offload::detail::require_positive(flops_per_cycle, "offload::dnn::peak_flops_from_cores", "flops_per_cycle");
    return static_cast<double>(n) * frequency_hz * flops_per_cycle;
}

/// cores is a count: a floating-point value does not compile (no silent truncation of 2.5 cores).
template <std::floating_point F>
double peak_flops_from_cores(F, double, double) = delete;

namespace detail {

inline constexpr std::size_t dtype_count = 3;

constexpr std::string_view dtype_name(dtype t) noexcept {
    return t == dtype::fp32 ? "fp32" : t == dtype::fp16 ? "fp16" : t == dtype::int8 ? "int8" : "invalid";
}

constexpr bool valid_dtype(dtype t) noexcept { return static_cast<unsigned>(t) < dtype_count; }

inline void require_efficiency(double value, const char* function, const std::string& parameter) {
    if (!(value > 0.0 && value <= 1.0))
        offload::detail::throw_parameter_error(function, parameter.c_str(), value, "must lie in (0, 1]");
}

} // namespace detail

/// A device's roofline with per-class efficiencies. Copyable value type; the constructor validates every
/// field and precomputes seconds per FLOP and per byte so that latency evaluation is multiply-and-add only.
class hardware_profile {
public:
    bool operator==(const hardware_profile&) const = default;

    explicit hardware_profile(hardware_spec spec) : spec_(std::move(spec)) {
        constexpr const char* fn = "offload::dnn::hardware_profile";
        if (spec_.name.empty())
            offload::detail::throw_parameter_error(fn, "name", std::string("\"\""), "must not be empty");
        offload::detail::require_non_negative(spec_.peak_fp32, fn, "peak_fp32");
        offload::detail::require_non_negative(spec_.peak_fp16, fn, "peak_fp16");
        offload::detail::require_non_negative(spec_.peak_int8, fn, "peak_int8");
        if (!(spec_.peak_fp32 > 0.0 || spec_.peak_fp16 > 0.0 || spec_.peak_int8 > 0.0))
            offload::detail::throw_parameter_error(fn, "peak_fp32", spec_.peak_fp32,
                                                   "at least one of peak_fp32, peak_fp16, peak_int8 must be > 0");
        offload::detail::require_positive(spec_.memory_bandwidth, fn, "memory_bandwidth");
        offload::detail::require_non_negative(spec_.layer_overhead, fn, "layer_overhead");
        for (std::size_t c = 0; c < op_class_count; ++c) {
            const std::string cls(op_class_names[c]);
            detail::require_efficiency(spec_.compute_efficiency[c], fn, "compute_efficiency[" + cls + "]");
            detail::require_efficiency(spec_.memory_efficiency[c], fn, "memory_efficiency[" + cls + "]");
        }
        const std::array<double, detail::dtype_count> peaks = {spec_.peak_fp32, spec_.peak_fp16, spec_.peak_int8};
        for (std::size_t c = 0; c < op_class_count; ++c) {
            for (std::size_t t = 0; t < detail::dtype_count; ++t)
                seconds_per_flop_[t][c] = peaks[t] > 0.0 ? 1.0 / (spec_.compute_efficiency[c] * peaks[t]) : 0.0;
            seconds_per_byte_[c] = 1.0 / (spec_.memory_efficiency[c] * spec_.memory_bandwidth);
        }
    }

    const std::string& name() const noexcept { return spec_.name; }
    const std::string& source() const noexcept { return spec_.source; }
    /// FLOP/s for element type t; 0 when the profile does not state it.
    double peak_flops(dtype t) const noexcept {
        return t == dtype::fp32   ? spec_.peak_fp32
               : t == dtype::fp16 ? spec_.peak_fp16
               : t == dtype::int8 ? spec_.peak_int8
                                  : 0.0;
    }
    double memory_bandwidth() const noexcept { return spec_.memory_bandwidth; }
    double layer_overhead() const noexcept { return spec_.layer_overhead; }
    double compute_efficiency(op_class c) const noexcept { return spec_.compute_efficiency[index(c)]; }
    double memory_efficiency(op_class c) const noexcept { return spec_.memory_efficiency[index(c)]; }
    /// The validated fields, e.g. to derive a modified profile: auto s = p.spec(); s.layer_overhead = 1e-5;
    const hardware_spec& spec() const noexcept { return spec_; }

    /// Precomputed 1 / (eta_compute[c] x peak[t]); 0 when peak[t] is not stated (callers check has_peak).
    double seconds_per_flop(op_class c, dtype t) const noexcept {
        return seconds_per_flop_[static_cast<std::size_t>(t) % detail::dtype_count][index(c)];
    }
    /// Precomputed 1 / (eta_memory[c] x bandwidth).
    double seconds_per_byte(op_class c) const noexcept { return seconds_per_byte_[index(c)]; }

private:
    static constexpr std::size_t index(op_class c) noexcept {
        return static_cast<std::size_t>(c) < op_class_count ? static_cast<std::size_t>(c) : 0;
    }

    hardware_spec spec_;
    std::array<op_class_values, detail::dtype_count> seconds_per_flop_{};
    op_class_values seconds_per_byte_{};
};

namespace detail {

inline void require_op_class(op_class c, const char* function) {
    if (static_cast<std::size_t>(c) >= op_class_count)
        offload::detail::throw_parameter_error(function, "op_class", static_cast<double>(static_cast<unsigned>(c)),
                                               "must be one of the op_class enumerators");
}

inline void require_dtype_available(const hardware_profile& p, dtype t, const char* function) {
    if (!valid_dtype(t))
        offload::detail::throw_parameter_error(function, "dtype", static_cast<double>(static_cast<unsigned>(t)),
                                               "must be one of the dtype enumerators");
    if (!(p.peak_flops(t) > 0.0)) {
        const std::string requirement =
            "hardware profile '" + p.name() + "' states no peak FLOP/s for this element type";
        offload::detail::throw_parameter_error(function, "dtype", std::string(dtype_name(t)), requirement.c_str());
    }
}

} // namespace detail

inline const std::string& name(const hardware_profile& p) noexcept { return p.name(); }
inline const std::string& source(const hardware_profile& p) noexcept { return p.source(); }
inline double memory_bandwidth(const hardware_profile& p) noexcept { return p.memory_bandwidth(); }
inline double layer_overhead(const hardware_profile& p) noexcept { return p.layer_overhead(); }

/// Does the profile state a peak for element type t?
inline bool has_peak(const hardware_profile& p, dtype t) noexcept {
    return detail::valid_dtype(t) && p.peak_flops(t) > 0.0;
}

/// Peak FLOP/s for element type t. Throws parameter_error if the profile does not state it.
inline double peak_flops(const hardware_profile& p, dtype t) {
    detail::require_dtype_available(p, t, "offload::dnn::peak_flops");
    return p.peak_flops(t);
}

/// eta_compute[c] x peak[t]: the FLOP/s a compute-bound layer of class c attains.
inline double effective_flops(const hardware_profile& p, op_class c, dtype t) {
    detail::require_op_class(c, "offload::dnn::effective_flops");
    detail::require_dtype_available(p, t, "offload::dnn::effective_flops");
    return p.compute_efficiency(c) * p.peak_flops(t);
}

/// eta_memory[c] x bandwidth: the bytes/s a memory-bound layer of class c attains.
inline double effective_bandwidth(const hardware_profile& p, op_class c) {
    detail::require_op_class(c, "offload::dnn::effective_bandwidth");
    return p.memory_efficiency(c) * p.memory_bandwidth();
}

/// Roofline ridge point of class c in element type t: the arithmetic intensity (FLOPs per byte) above which
/// a layer is compute-bound, effective_flops / effective_bandwidth.
inline double ridge_intensity(const hardware_profile& p, op_class c, dtype t) {
    return effective_flops(p, c, t) / effective_bandwidth(p, c);
}

/// Roofline: FLOP/s attained by a class-c layer of arithmetic intensity I (FLOPs/byte, finite, >= 0):
/// min(effective_flops, I x effective_bandwidth). Per-layer overhead is not included.
inline double attainable_flops(const hardware_profile& p, op_class c, dtype t, double intensity) {
    offload::detail::require_non_negative(intensity, "offload::dnn::attainable_flops", "intensity");
    const double compute = effective_flops(p, c, t);
    const double memory = intensity * effective_bandwidth(p, c);
    return compute < memory ? compute : memory;
}

} // namespace offload::dnn
