// offload/pipelines/breakdown.hpp — the mean end-to-end latency of a pipeline, term by term.
//
// One struct for every pipeline (on-device, offload, split); terms a pipeline does not have are 0. The names
// follow seed 003 eq. 1-2 (w = mean wait before service, s = mean service time, n = mean transfer time).
// An unstable stage makes its wait (and the total) +inf; no term is ever NaN.
#pragma once

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
};

namespace detail {
/// Sum in a fixed order; +inf if any term is +inf (terms are never negative or NaN).
constexpr double sum_terms(const latency_breakdown& b) noexcept {
    return b.device_wait + b.device_service + b.uplink_wait + b.uplink_transfer + b.remote_wait +
           b.remote_service + b.downlink_wait + b.downlink_transfer + b.propagation;
}
} // namespace detail

} // namespace offload
