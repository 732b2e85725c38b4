// offload/pipelines/split_pipeline.hpp — collaborative (split) processing, seed 003 §3.3 "Extending to
// collaborative processing": a tandem of the on-device and offload pipelines.
//
//   T_split = w_dev^proc + s'_dev + w_dev^net + D_inter / B + w_edge^proc + s'_edge + w_edge^net + D_res / B
//             + propagation
//
// The device runs the first layers (service demand s'_dev, at the device's rate lambda), the intermediate
// tensor of D_inter bytes crosses the device NIC (NicStage at lambda), the edge runs the rest (s'_edge, at the
// edge's aggregate rate lambda_edge) and the result returns through the edge NIC (NicStage at lambda_edge).
// The payload's request_bytes is D_inter. result_destination::remote drops the return path.
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/breakdown.hpp"
#include "offload/pipelines/detail/latency_transform.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/offload_pipeline.hpp"

namespace offload {

template <stage_model DeviceStage, stage_model RemoteStage, stage_model NicStage>
class split_pipeline {
public:
    using device_stage_type = DeviceStage;
    using remote_stage_type = RemoteStage;
    using nic_stage_type = NicStage;

    /// device_part: s'_dev (the layers before the split); remote_part: s'_edge (the layers after it);
    /// sizes.request_bytes(): D_inter, the intermediate tensor; other parameters as offload_pipeline.
    split_pipeline(const arrival_process& arrivals, const arrival_process& remote_arrivals,
                   const service_demand& device_part, const service_demand& remote_part, const network_link& uplink,
                   const network_link& downlink, const payload& sizes,
                   result_destination destination = result_destination::device)
        : device_part_(detail::require_valid_demand(device_part, "offload::split_pipeline", "device_part")),
          offload_(arrivals, remote_arrivals, remote_part, uplink, downlink, sizes, destination) {
        (void)device_stage();
    }

    /// A server dedicated to this device and the same link in both directions.
    split_pipeline(const arrival_process& arrivals, const service_demand& device_part,
                   const service_demand& remote_part, const network_link& link, const payload& sizes,
                   result_destination destination = result_destination::device)
        : split_pipeline(arrivals, arrivals, device_part, remote_part, link, link, sizes, destination) {}

    [[nodiscard]] double arrival_rate() const noexcept { return offload_.arrival_rate(); }
    [[nodiscard]] double remote_arrival_rate() const noexcept { return offload_.remote_arrival_rate(); }
    [[nodiscard]] const arrival_process& arrivals() const noexcept { return offload_.arrivals(); }
    [[nodiscard]] const arrival_process& remote_arrivals() const noexcept { return offload_.remote_arrivals(); }
    [[nodiscard]] const service_demand& device_demand() const noexcept { return device_part_; }
    [[nodiscard]] const service_demand& remote_demand() const noexcept { return offload_.remote_demand(); }
    [[nodiscard]] const network_link& uplink() const noexcept { return offload_.uplink(); }
    [[nodiscard]] const network_link& downlink() const noexcept { return offload_.downlink(); }
    [[nodiscard]] const payload& sizes() const noexcept { return offload_.sizes(); }
    [[nodiscard]] result_destination destination() const noexcept { return offload_.destination(); }
    [[nodiscard]] bool has_downlink() const noexcept { return offload_.has_downlink(); }

    [[nodiscard]] DeviceStage device_stage() const { return DeviceStage::from_demand(arrivals(), device_part_); }
    /// The network and remote part of the tandem, as an offload pipeline of the intermediate tensor.
    [[nodiscard]] const offload_pipeline<RemoteStage, NicStage>& remote_part() const noexcept { return offload_; }

    [[nodiscard]] friend bool operator==(const split_pipeline&, const split_pipeline&) = default;

private:
    service_demand device_part_;
    offload_pipeline<RemoteStage, NicStage> offload_;
};

/// Mean latency term by term: device_* (the device's part) plus every term of the offload part.
template <class D, class R, class N>
[[nodiscard]] latency_breakdown breakdown(const split_pipeline<D, R, N>& p) {
    latency_breakdown b = breakdown(p.remote_part());
    const D q = p.device_stage();
    b.device_wait = detail::wait_term(q);
    b.device_service = mean_service_time(q);
    b.total = detail::sum_terms(b);
    return b;
}

template <class D, class R, class N>
[[nodiscard]] double mean_latency(const split_pipeline<D, R, N>& p) {
    return breakdown(p).total;
}

template <class D, class R, class N>
[[nodiscard]] bool is_stable(const split_pipeline<D, R, N>& p) {
    return is_stable(p.device_stage()) && is_stable(p.remote_part());
}

/// End-to-end latency distribution by numerical convolution of the (assumed independent) stage sojourn times.
template <stage_with_distributions D, stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] end_to_end_time latency_distribution(const split_pipeline<D, R, N>& p,
                                                   const convolution_options& options = {}) {
    const auto& o = p.remote_part();
    const double shift = breakdown(o).propagation;
    if (o.has_downlink())
        return end_to_end_time(shift, options, response_distribution(p.device_stage()),
                               response_distribution(o.uplink_stage()), response_distribution(o.remote_stage()),
                               response_distribution(o.downlink_stage()));
    return end_to_end_time(shift, options, response_distribution(p.device_stage()),
                           response_distribution(o.uplink_stage()), response_distribution(o.remote_stage()));
}

template <stage_with_distributions D, stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] double latency_quantile(const split_pipeline<D, R, N>& p, double level) {
    detail::require_open_probability(level, "offload::latency_quantile(split_pipeline)", "level");
    if (const auto q = detail::inverted_latency_quantile(p, level)) return *q; // transform inversion
    return quantile(latency_distribution(p), level);
}

} // namespace offload
