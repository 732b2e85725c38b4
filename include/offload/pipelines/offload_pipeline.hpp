// offload/pipelines/offload_pipeline.hpp — offloading to an edge server or the cloud (seed 003 eq. 1, Algorithm 1):
//
//   T_off = w_dev^net + n_req + w_edge^proc + s_edge + w_edge^net + n_res + propagation
//
// Four queues in tandem:
//   uplink    the device NIC: a NicStage at the device's rate lambda with service time D_req / B_up;
//   remote    the edge (or cloud) accelerator: a RemoteStage at the edge's AGGREGATE rate lambda_edge;
//   downlink  the edge NIC: a NicStage at lambda_edge with service time D_res / B_down (seed Algorithm 1
//             line 4 and Lemma 3.2: the edge NIC carries every tenant's results);
//   propagation: the one-way delay of each link used.
// With result_destination::remote the result is consumed where it was computed (seed §3.3): no downlink
// queue, transfer or propagation. A cloud tier is this same pipeline with its own link and server.
// The seed's NIC model is M/M/1 (NicStage = mm1, built with scv 1); any stage_model can replace it.
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/breakdown.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/link.hpp"

namespace offload {

namespace detail {
/// The service demand of sending `bytes` over `link`: one transmitter, exponential in the seed's model.
inline service_demand transfer_demand(const network_link& link, double bytes) noexcept {
    return service_demand{bytes / link.bandwidth(), 1.0, 1.0};
}

/// Mean wait of a stage as a breakdown term: +inf (never NaN) when the stage is unstable.
template <class Q>
double wait_term(const Q& q) {
    return is_stable(q) ? static_cast<double>(mean_wait(q)) : infinity;
}
} // namespace detail

template <stage_model RemoteStage, stage_model NicStage>
class offload_pipeline {
public:
    using remote_stage_type = RemoteStage;
    using nic_stage_type = NicStage;

    /// arrival_rate: this device's request rate lambda >= 0; remote_arrival_rate: the aggregate rate at the
    /// edge/cloud server, lambda_edge >= lambda (sum over its tenants, this device included); remote: the
    /// server's service demand; uplink/downlink: the two directions of the path; sizes: D_req, D_res.
    offload_pipeline(double arrival_rate, double remote_arrival_rate, const service_demand& remote,
                     const network_link& uplink, const network_link& downlink, const payload& sizes,
                     result_destination destination = result_destination::device)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::offload_pipeline", "arrival_rate")),
          lambda_remote_(detail::require_non_negative(remote_arrival_rate, "offload::offload_pipeline",
                                                      "remote_arrival_rate")),
          remote_(remote), uplink_(uplink), downlink_(downlink), sizes_(sizes), destination_(destination) {
        constexpr const char* fn = "offload::offload_pipeline";
        if (lambda_remote_ < lambda_)
            detail::throw_parameter_error(fn, "remote_arrival_rate", remote_arrival_rate,
                                          "must be >= arrival_rate (it includes this device's requests)");
        detail::require_positive(remote.mean_seconds, fn, "remote.mean_seconds");
        detail::require_non_negative(remote.scv, fn, "remote.scv");
        detail::require_positive(remote.parallelism, fn, "remote.parallelism");
        if (destination != result_destination::device && destination != result_destination::remote)
            detail::throw_parameter_error(fn, "destination", static_cast<double>(destination),
                                          "must be result_destination::device or ::remote");
        (void)remote_stage();
        (void)uplink_stage();
        if (has_downlink()) (void)downlink_stage();
    }

    /// A server dedicated to this device (lambda_edge = lambda) and the same link in both directions.
    offload_pipeline(double arrival_rate, const service_demand& remote, const network_link& link,
                     const payload& sizes, result_destination destination = result_destination::device)
        : offload_pipeline(arrival_rate, arrival_rate, remote, link, link, sizes, destination) {}

    double arrival_rate() const noexcept { return lambda_; }
    double remote_arrival_rate() const noexcept { return lambda_remote_; }
    const service_demand& remote_demand() const noexcept { return remote_; }
    const network_link& uplink() const noexcept { return uplink_; }
    const network_link& downlink() const noexcept { return downlink_; }
    const payload& sizes() const noexcept { return sizes_; }
    result_destination destination() const noexcept { return destination_; }

    /// True when a result travels back: destination device and D_res > 0.
    bool has_downlink() const noexcept {
        return destination_ == result_destination::device && sizes_.result_bytes() > 0.0;
    }

    NicStage uplink_stage() const {
        return NicStage::from_demand(lambda_, detail::transfer_demand(uplink_, sizes_.request_bytes()));
    }
    RemoteStage remote_stage() const { return RemoteStage::from_demand(lambda_remote_, remote_); }
    /// Precondition: has_downlink().
    NicStage downlink_stage() const {
        return NicStage::from_demand(lambda_remote_, detail::transfer_demand(downlink_, sizes_.result_bytes()));
    }

private:
    double lambda_;
    double lambda_remote_;
    service_demand remote_;
    network_link uplink_;
    network_link downlink_;
    payload sizes_;
    result_destination destination_;
};

/// Mean latency term by term (uplink_*, remote_*, downlink_*, propagation); device terms are 0.
template <class R, class N>
latency_breakdown breakdown(const offload_pipeline<R, N>& p) {
    latency_breakdown b;
    const N up = p.uplink_stage();
    b.uplink_wait = detail::wait_term(up);
    b.uplink_transfer = mean_service_time(up);
    const R remote = p.remote_stage();
    b.remote_wait = detail::wait_term(remote);
    b.remote_service = mean_service_time(remote);
    b.propagation = p.uplink().propagation_delay();
    if (p.destination() == result_destination::device) {
        b.propagation += p.downlink().propagation_delay();
        if (p.has_downlink()) {
            const N down = p.downlink_stage();
            b.downlink_wait = detail::wait_term(down);
            b.downlink_transfer = mean_service_time(down);
        }
    }
    b.total = detail::sum_terms(b);
    return b;
}

/// E[T_off], seconds; +inf if any queue on the path is unstable.
template <class R, class N>
double mean_latency(const offload_pipeline<R, N>& p) {
    return breakdown(p).total;
}

template <class R, class N>
bool is_stable(const offload_pipeline<R, N>& p) {
    return is_stable(p.uplink_stage()) && is_stable(p.remote_stage()) &&
           (!p.has_downlink() || is_stable(p.downlink_stage()));
}

/// End-to-end latency distribution: numerical convolution of the stages' response-time distributions,
/// assuming independent sojourn times (see end_to_end_time.hpp for the method and its error bracket).
template <class R, class N>
end_to_end_time latency_distribution(const offload_pipeline<R, N>& p, const convolution_options& options = {}) {
    const double shift = breakdown(p).propagation;
    if (p.has_downlink())
        return end_to_end_time(shift, options, response_time(p.uplink_stage()), response_time(p.remote_stage()),
                               response_time(p.downlink_stage()));
    return end_to_end_time(shift, options, response_time(p.uplink_stage()), response_time(p.remote_stage()));
}

/// p-quantile of the end-to-end latency (estimate; see quantile_bounds for the guaranteed bracket).
template <class R, class N>
double latency_quantile(const offload_pipeline<R, N>& p, double probability) {
    detail::require_open_probability(probability, "offload::latency_quantile(offload_pipeline)", "probability");
    return quantile(latency_distribution(p), probability);
}

/// The same pipeline with this device's rate changed to `arrival_rate`; the other tenants' load at the server
/// (remote_arrival_rate - arrival_rate) is kept.
template <class R, class N>
offload_pipeline<R, N> with_arrival_rate(const offload_pipeline<R, N>& p, double arrival_rate) {
    detail::require_non_negative(arrival_rate, "offload::with_arrival_rate", "arrival_rate");
    const double others = p.remote_arrival_rate() - p.arrival_rate();
    return offload_pipeline<R, N>(arrival_rate, arrival_rate + others, p.remote_demand(), p.uplink(), p.downlink(),
                                  p.sizes(), p.destination());
}

/// The same pipeline with both link directions at `bandwidth` bytes/s (propagation delays kept).
template <class R, class N>
offload_pipeline<R, N> with_bandwidth(const offload_pipeline<R, N>& p, double bandwidth) {
    detail::require_positive(bandwidth, "offload::with_bandwidth", "bandwidth");
    return offload_pipeline<R, N>(p.arrival_rate(), p.remote_arrival_rate(), p.remote_demand(),
                                  network_link(bandwidth, p.uplink().propagation_delay()),
                                  network_link(bandwidth, p.downlink().propagation_delay()), p.sizes(),
                                  p.destination());
}

/// The same pipeline with request payload D_req = `request_bytes` (D_res kept).
template <class R, class N>
offload_pipeline<R, N> with_request_bytes(const offload_pipeline<R, N>& p, double request_bytes) {
    detail::require_positive(request_bytes, "offload::with_request_bytes", "request_bytes");
    return offload_pipeline<R, N>(p.arrival_rate(), p.remote_arrival_rate(), p.remote_demand(), p.uplink(),
                                  p.downlink(), payload(request_bytes, p.sizes().result_bytes()), p.destination());
}

/// The same pipeline with the server's mean service time set to `mean_seconds` (scv and parallelism kept).
template <class R, class N>
offload_pipeline<R, N> with_remote_service_time(const offload_pipeline<R, N>& p, double mean_seconds) {
    detail::require_positive(mean_seconds, "offload::with_remote_service_time", "mean_seconds");
    service_demand d = p.remote_demand();
    d.mean_seconds = mean_seconds;
    return offload_pipeline<R, N>(p.arrival_rate(), p.remote_arrival_rate(), d, p.uplink(), p.downlink(),
                                  p.sizes(), p.destination());
}

/// The same pipeline with the server's aggregate arrival rate and service demand replaced (multi-tenancy).
template <class R, class N>
offload_pipeline<R, N> with_remote_load(const offload_pipeline<R, N>& p, double remote_arrival_rate,
                                        const service_demand& remote) {
    return offload_pipeline<R, N>(p.arrival_rate(), remote_arrival_rate, remote, p.uplink(), p.downlink(),
                                  p.sizes(), p.destination());
}

} // namespace offload
