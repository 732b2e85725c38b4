// offload/pipelines/breakdown.hpp — the mean end-to-end latency of a pipeline, term by term.
//
// One struct for every pipeline (on-device, offload, split); terms a pipeline does not have are 0. The names
// follow seed 003 eq. 1-2 (w = mean wait before service, s = mean service time, n = mean transfer time).
// An unstable stage makes its wait (and the total) +inf; no term is ever NaN.
#pragma once

#include <concepts>

#include "offload/concepts.hpp"

namespace offload {

struct latency_breakdown {
    double device_wait = 0.0;       ///< w_dev^proc: wait for the device accelerator
    double device_service = 0.0;    ///< s_dev (s'_dev for a split: the device's part)
    double uplink_wait = 0.0;       ///< w_dev^net: wait at the device NIC
    double uplink_transfer = 0.0;   ///< n_req = D_req / B (D_inter / B for a split)
    double remote_wait = 0.0;       ///< w_edge^proc: wait for the edge/cloud accelerator
    double remote_service = 0.0;    ///< s_edge (s'_edge for a split)
    double downlink_wait = 0.0;     ///< w_edge^net: wait at the edge NIC
    double downlink_transfer = 0.0; ///< n_res = D_res / B
    double propagation = 0.0;       ///< one-way propagation delays of the links used
    double total = 0.0;             ///< the sum of the terms above: the mean end-to-end latency, seconds

    [[nodiscard]] friend bool operator==(const latency_breakdown&, const latency_breakdown&) = default;
};

/// A pipeline that gives MEAN latencies: breakdown(p) (term by term, total = mean), mean_latency(p), is_stable(p).
/// Every pipeline is one, whatever its stages (a gg1 stage included).
template <class P>
concept mean_latency_pipeline = std::copy_constructible<P> && requires(const P& p) {
    { breakdown(p) } -> std::same_as<latency_breakdown>;
    { mean_latency(p) } -> std::convertible_to<double>;
    { is_stable(p) } -> std::convertible_to<bool>;
};

/// A pipeline that also gives its end-to-end latency DISTRIBUTION (latency_distribution(p) -> a
/// time_distribution; latency_quantile builds on it): every pipeline whose stages are all
/// stage_with_distributions. The decision functions (offload/decision/predict.hpp) take these.
template <class P>
concept latency_pipeline = mean_latency_pipeline<P> && requires(const P& p) {
    { latency_distribution(p) } -> time_distribution;
};

namespace detail {
/// Sum in a fixed order; +inf if any term is +inf (terms are never negative or NaN).
[[nodiscard]] constexpr double sum_terms(const latency_breakdown& b) noexcept {
    return b.device_wait + b.device_service + b.uplink_wait + b.uplink_transfer + b.remote_wait + b.remote_service +
           b.downlink_wait + b.downlink_transfer + b.propagation;
}
} // namespace detail

} // namespace offload
