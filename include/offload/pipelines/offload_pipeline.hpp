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
// Arrivals: each stage is fed the pipeline's arrival process at its own rate (the uplink this device's
// process, the server and downlink the server's aggregate process) — the seed's decomposition, exact for
// Poisson arrivals through M/M/1 NICs (Burke); with a bursty process (scv != 1) every stage must accept it
// (e.g. gg1), and keeping the burstiness at every stage is the usual conservative decomposition.
#pragma once

#include <optional>

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/breakdown.hpp"
#include "offload/pipelines/detail/latency_transform.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/link.hpp"

namespace offload {

namespace detail {
/// The service demand of sending `bytes` over `link`: one transmitter, exponential in the seed's model.
/// Not validated here: the NIC stage's from_demand checks it (a 0 transfer time is rejected there).
[[nodiscard]] inline service_demand transfer_demand(const network_link& link, double bytes) noexcept {
    service_demand d;
    d.mean_seconds = bytes / link.bandwidth();
    d.scv = 1.0;
    return d;
}

/// A transfer time bytes / bandwidth that is 0 or +inf in double precision (1e-300 bytes over 1e300 bytes/s), or
/// so small that its inverse, the NIC's service rate, overflows (5e-324 bytes over 1 byte/s), is a parameter_error
/// naming the caller's payload and link, not the NIC stage's 'demand.mean_seconds'.
inline void require_transfer_time(const network_link& link, double bytes, const char* function, const char* parameter) {
    const double seconds = bytes / link.bandwidth();
    if (!(seconds > 0.0 && seconds < infinity && 1.0 / seconds < infinity))
        throw_parameter_error(function, parameter,
                              format_value(bytes) + " bytes over " + format_value(link.bandwidth()) + " bytes/s",
                              "the transfer time must be finite and > 0, with a finite inverse, in double precision");
}

/// Mean wait of a stage as a breakdown term: +inf (never NaN) when the stage is unstable.
template <class Q>
[[nodiscard]] double wait_term(const Q& q) {
    return is_stable(q) ? static_cast<double>(mean_wait(q)) : infinity;
}
} // namespace detail

template <stage_model RemoteStage, stage_model NicStage>
class offload_pipeline {
public:
    using remote_stage_type = RemoteStage;
    using nic_stage_type = NicStage;

    /// arrivals: this device's request process (a rate lambda >= 0 in 1/s is Poisson); remote_arrivals: the
    /// aggregate process at the edge/cloud server, rate lambda_edge >= lambda (sum over its tenants, this
    /// device included); remote: the server's service demand; uplink/downlink: the two directions of the
    /// path; sizes: D_req, D_res.
    offload_pipeline(const arrival_process& arrivals, const arrival_process& remote_arrivals,
                     const service_demand& remote, const network_link& uplink, const network_link& downlink,
                     const payload& sizes, result_destination destination = result_destination::device)
        : arrivals_(arrivals), remote_arrivals_(remote_arrivals),
          remote_(detail::require_valid_demand(remote, "offload::offload_pipeline", "remote")), uplink_(uplink),
          downlink_(downlink), sizes_(sizes), destination_(destination) {
        constexpr const char* fn = "offload::offload_pipeline";
        if (remote_arrivals_.rate < arrivals_.rate)
            detail::throw_parameter_error(fn, "remote_arrival_rate", remote_arrivals_.rate,
                                          "must be >= arrivals.rate (it includes this device's requests)");
        if (destination != result_destination::device && destination != result_destination::remote)
            detail::throw_parameter_error(fn, "destination", static_cast<double>(destination),
                                          "must be result_destination::device or ::remote");
        detail::require_transfer_time(uplink_, sizes_.request_bytes(), fn, "sizes.request_bytes");
        if (has_downlink()) detail::require_transfer_time(downlink_, sizes_.result_bytes(), fn, "sizes.result_bytes");
        // the stages are built (and validated by their models) once, here; evaluations read them
        remote_q_.emplace(RemoteStage::from_demand(remote_arrivals_, remote_));
        uplink_q_.emplace(NicStage::from_demand(arrivals_, detail::transfer_demand(uplink_, sizes_.request_bytes())));
        if (has_downlink())
            downlink_q_.emplace(
                NicStage::from_demand(remote_arrivals_, detail::transfer_demand(downlink_, sizes_.result_bytes())));
    }

    /// A server dedicated to this device (lambda_edge = lambda) and the same link in both directions.
    offload_pipeline(const arrival_process& arrivals, const service_demand& remote, const network_link& link,
                     const payload& sizes, result_destination destination = result_destination::device)
        : offload_pipeline(arrivals, arrivals, remote, link, link, sizes, destination) {}

    [[nodiscard]] double arrival_rate() const noexcept { return arrivals_.rate; }
    [[nodiscard]] double remote_arrival_rate() const noexcept { return remote_arrivals_.rate; }
    [[nodiscard]] const arrival_process& arrivals() const noexcept { return arrivals_; }
    [[nodiscard]] const arrival_process& remote_arrivals() const noexcept { return remote_arrivals_; }
    [[nodiscard]] const service_demand& remote_demand() const noexcept { return remote_; }
    [[nodiscard]] const network_link& uplink() const noexcept { return uplink_; }
    [[nodiscard]] const network_link& downlink() const noexcept { return downlink_; }
    [[nodiscard]] const payload& sizes() const noexcept { return sizes_; }
    [[nodiscard]] result_destination destination() const noexcept { return destination_; }

    /// True when a result travels back: destination device and D_res > 0.
    [[nodiscard]] bool has_downlink() const noexcept {
        return destination_ == result_destination::device && sizes_.result_bytes() > 0.0;
    }

    /// The device NIC (built at construction).
    [[nodiscard]] const NicStage& uplink_stage() const noexcept { return *uplink_q_; }
    /// The edge/cloud server (built at construction).
    [[nodiscard]] const RemoteStage& remote_stage() const noexcept { return *remote_q_; }
    /// The edge NIC (built at construction); parameter_error without a downlink (see has_downlink()).
    [[nodiscard]] const NicStage& downlink_stage() const {
        if (!downlink_q_)
            detail::throw_parameter_error("offload::offload_pipeline::downlink_stage", "has_downlink()", 0.0,
                                          "must be true (destination device and result_bytes > 0)");
        return *downlink_q_;
    }

    /// Equal inputs (the stages are derived from them).
    [[nodiscard]] friend bool operator==(const offload_pipeline& a, const offload_pipeline& b) {
        return a.arrivals_ == b.arrivals_ && a.remote_arrivals_ == b.remote_arrivals_ && a.remote_ == b.remote_ &&
               a.uplink_ == b.uplink_ && a.downlink_ == b.downlink_ && a.sizes_ == b.sizes_ &&
               a.destination_ == b.destination_;
    }

private:
    arrival_process arrivals_;
    arrival_process remote_arrivals_;
    service_demand remote_;
    network_link uplink_;
    network_link downlink_;
    payload sizes_;
    result_destination destination_;
    // derived: optional only so that the constructor can validate the inputs before building them
    std::optional<RemoteStage> remote_q_;
    std::optional<NicStage> uplink_q_;
    std::optional<NicStage> downlink_q_;
};

/// Mean latency term by term (uplink_*, remote_*, downlink_*, propagation); device terms are 0.
template <class R, class N>
[[nodiscard]] latency_breakdown breakdown(const offload_pipeline<R, N>& p) {
    latency_breakdown b;
    const N& up = p.uplink_stage();
    b.uplink_wait = detail::wait_term(up);
    b.uplink_transfer = mean_service_time(up);
    const R& remote = p.remote_stage();
    b.remote_wait = detail::wait_term(remote);
    b.remote_service = mean_service_time(remote);
    b.propagation = p.uplink().propagation_delay();
    if (p.destination() == result_destination::device) {
        b.propagation += p.downlink().propagation_delay();
        if (p.has_downlink()) {
            const N& down = p.downlink_stage();
            b.downlink_wait = detail::wait_term(down);
            b.downlink_transfer = mean_service_time(down);
        }
    }
    b.total = detail::sum_terms(b);
    return b;
}

namespace detail {
/// A stage's mean response E[W] + E[S] as one term (+inf, never NaN, when unstable): for M/M/1 1 / (mu - lambda),
/// one division instead of the breakdown's wait rho / (mu - lambda) plus service.
template <class Q>
[[nodiscard]] double response_term(const Q& q) {
    return is_stable(q) ? static_cast<double>(mean_response(q)) : infinity;
}
} // namespace detail

/// E[T_off], seconds; +inf if any queue on the path is unstable. The stages' mean responses plus propagation:
/// breakdown(p).total up to rounding (a few ulps), without the nine-term breakdown.
template <class R, class N>
[[nodiscard]] double mean_latency(const offload_pipeline<R, N>& p) {
    const double path = detail::response_term(p.uplink_stage()) + detail::response_term(p.remote_stage());
    if (p.destination() != result_destination::device) return path + p.uplink().propagation_delay();
    const double propagation = p.uplink().propagation_delay() + p.downlink().propagation_delay();
    return p.has_downlink() ? path + (detail::response_term(p.downlink_stage()) + propagation) : path + propagation;
}

template <class R, class N>
[[nodiscard]] bool is_stable(const offload_pipeline<R, N>& p) {
    return is_stable(p.uplink_stage()) && is_stable(p.remote_stage()) &&
           (!p.has_downlink() || is_stable(p.downlink_stage()));
}

/// End-to-end latency distribution: numerical convolution of the stages' response-time distributions,
/// assuming independent sojourn times (see end_to_end_time.hpp for the method and its error bracket).
template <stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] end_to_end_time latency_distribution(const offload_pipeline<R, N>& p,
                                                   const convolution_options& options = {}) {
    const double shift = breakdown(p).propagation;
    if (p.has_downlink())
        return end_to_end_time(shift, options, response_distribution(p.uplink_stage()),
                               response_distribution(p.remote_stage()), response_distribution(p.downlink_stage()));
    return end_to_end_time(shift, options, response_distribution(p.uplink_stage()),
                           response_distribution(p.remote_stage()));
}

/// level-quantile of the end-to-end latency (estimate; see quantile_bounds for the guaranteed bracket).
template <stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] double latency_quantile(const offload_pipeline<R, N>& p, double level) {
    detail::require_open_probability(level, "offload::latency_quantile(offload_pipeline)", "level");
    if (const auto q = detail::inverted_latency_quantile(p, level)) return *q; // transform inversion
    return quantile(latency_distribution(p), level);
}

/// The same pipeline with this device's rate changed to `arrival_rate`; the other tenants' load at the server
/// (remote_arrival_rate - arrival_rate) is kept, and so are the interarrival SCVs.
template <class R, class N>
[[nodiscard]] offload_pipeline<R, N> with_arrival_rate(const offload_pipeline<R, N>& p, double arrival_rate) {
    detail::require_non_negative(arrival_rate, "offload::with_arrival_rate", "arrival_rate");
    const double others = p.remote_arrival_rate() - p.arrival_rate();
    return detail::with_parameter_context("offload::with_arrival_rate", "arrival_rate", arrival_rate, [&] {
        return offload_pipeline<R, N>(arrival_process(arrival_rate, p.arrivals().scv),
                                      arrival_process(arrival_rate + others, p.remote_arrivals().scv),
                                      p.remote_demand(), p.uplink(), p.downlink(), p.sizes(), p.destination());
    });
}

/// The same pipeline with both link directions at `bandwidth` bytes/s (propagation delays kept).
template <class R, class N>
[[nodiscard]] offload_pipeline<R, N> with_bandwidth(const offload_pipeline<R, N>& p, double bandwidth) {
    detail::require_positive(bandwidth, "offload::with_bandwidth", "bandwidth");
    return detail::with_parameter_context("offload::with_bandwidth", "bandwidth", bandwidth, [&] {
        return offload_pipeline<R, N>(p.arrivals(), p.remote_arrivals(), p.remote_demand(),
                                      network_link(bandwidth, p.uplink().propagation_delay()),
                                      network_link(bandwidth, p.downlink().propagation_delay()), p.sizes(),
                                      p.destination());
    });
}

/// The same pipeline with request payload D_req = `request_bytes` (D_res kept).
template <class R, class N>
[[nodiscard]] offload_pipeline<R, N> with_request_bytes(const offload_pipeline<R, N>& p, double request_bytes) {
    detail::require_positive(request_bytes, "offload::with_request_bytes", "request_bytes");
    return detail::with_parameter_context("offload::with_request_bytes", "request_bytes", request_bytes, [&] {
        return offload_pipeline<R, N>(p.arrivals(), p.remote_arrivals(), p.remote_demand(), p.uplink(), p.downlink(),
                                      payload(request_bytes, p.sizes().result_bytes()), p.destination());
    });
}

/// The same pipeline with the server's mean service time set to `mean_seconds` (scv and parallelism kept).
template <class R, class N>
[[nodiscard]] offload_pipeline<R, N> with_remote_service_time(const offload_pipeline<R, N>& p, double mean_seconds) {
    detail::require_positive(mean_seconds, "offload::with_remote_service_time", "mean_seconds");
    service_demand d = p.remote_demand();
    d.mean_seconds = mean_seconds;
    return detail::with_parameter_context("offload::with_remote_service_time", "mean_seconds", mean_seconds, [&] {
        return offload_pipeline<R, N>(p.arrivals(), p.remote_arrivals(), d, p.uplink(), p.downlink(), p.sizes(),
                                      p.destination());
    });
}

/// The same pipeline with the server's aggregate arrival rate and service demand replaced (multi-tenancy).
template <class R, class N>
[[nodiscard]] offload_pipeline<R, N> with_remote_load(const offload_pipeline<R, N>& p,
                                                      const arrival_process& remote_arrivals,
                                                      const service_demand& remote) {
    return offload_pipeline<R, N>(p.arrivals(), remote_arrivals, remote, p.uplink(), p.downlink(), p.sizes(),
                                  p.destination());
}

} // namespace offload
