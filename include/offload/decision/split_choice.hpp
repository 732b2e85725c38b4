// offload/decision/split_choice.hpp — where to run a DNN: on the device only, at the edge only, in the cloud,
// or split after a layer (device runs layers [0, k), the edge the rest), using the FLOPs layer's split points.
//
// For each candidate cut k of a split_table (offload/flops/split_points.hpp):
//   service times   s'_dev(k), s'_edge(k) from split_latency (roofline-with-efficiency estimates of the
//                   device's and the edge's hardware_profile, offload/flops/latency_estimate.hpp);
//   payload         the table's payload_bytes(k): every tensor crossing the cut (multi-tensor cuts included);
//   latency         k = N: on_device_pipeline<DeviceStage> (seed 003 eq. 2);  k = 0:
//                   offload_pipeline<EdgeStage, NicStage> (eq. 1);  0 < k < N: split_pipeline<DeviceStage,
//                   EdgeStage, NicStage> (seed 003 §3.3, collaborative); the stage models are choose_split's
//                   template parameters, by default md1, mg1 and mm1 (any stage_model plugs in);
//                   the edge stage is at the edge's aggregate rate (this device + background tenants):
//                   the wait under the tenants' mixture (seed Lemma 3.2), then this request's own edge part
//                   (tenant_offload_pipeline / tenant_split_pipeline); NICs are M/M/1 (seed Algorithm 1);
//   energy          (optional, seed 002) split_energy with f = device FLOPs / total FLOPs;
// and optionally a cloud option: the whole model on the cloud profile over the cloud link.
// The result is a decision: one option per candidate cut (option_prediction::cut = k; kind device for k = N,
// edge for k = 0, split otherwise; remote 0), then the cloud if given (kind cloud, remote 1, cut -1), and the
// choice: choose() under the objective and constraints. Deterministic service assumed (scv 0) for this
// device's parts; percentiles come from predict() (a numerical convolution per candidate: evaluate a
// handful of candidate cuts, by default the single-tensor cuts, not every layer, when percentiles matter).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/decision/energy.hpp"
#include "offload/decision/objective.hpp"
#include "offload/decision/predict.hpp"
#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/split_points.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload {

/// Everything about the deployment except the model and the hardware.
struct split_scenario {
    double arrival_rate = 0.0; ///< lambda >= 0, this device's requests/s
    double bandwidth = 0.0;    ///< B > 0, bytes/s device <-> edge (both directions)
    double propagation = 0.0;  ///< one-way propagation delay, seconds >= 0
    double result_bytes = 0.0; ///< D_res >= 0
    result_destination destination = result_destination::device;
    double edge_background_rate = 0.0;    ///< other tenants' requests/s at the edge, >= 0
    double edge_background_service = 0.0; ///< their mean service seconds there (> 0 if the rate is > 0)
    dnn::dtype device_dtype = dnn::dtype::fp32;
    dnn::dtype edge_dtype = dnn::dtype::fp32;
    const energy_model* energy = nullptr; ///< optional: fills option_prediction::energy
    double task_bits = 0.0;               ///< d, bits, for the energy model; 0: the model input's bits
                                          ///< (payload at cut 0)

    bool operator==(const split_scenario&) const = default;
};

/// The optional cloud tier: the whole model on `profile` over its own link.
struct split_cloud {
    const dnn::hardware_profile* profile = nullptr; ///< nullptr: no cloud option
    dnn::dtype data_type = dnn::dtype::fp32;
    double bandwidth = 0.0;       ///< B_cloud > 0, bytes/s
    double propagation = 0.0;     ///< one way, seconds
    double background_rate = 0.0; ///< other tenants' requests/s at the cloud (same service time)

    bool operator==(const split_cloud&) const = default;
};

/// Predictions for the candidate cuts (empty: single_tensor_cuts(table) and cut N), then the cloud if given,
/// and the choice (see the header comment). The stage models are the template parameters.
template <stage_model DeviceStage = md1, stage_model EdgeStage = mg1, stage_model NicStage = mm1>
[[nodiscard]] decision choose_split(const dnn::split_table& table, const dnn::hardware_profile& device,
                                    const dnn::hardware_profile& edge, const split_scenario& s,
                                    const objective& goal = {}, const constraints& limits = {},
                                    const prediction_options& options = {},
                                    std::span<const std::size_t> candidate_cuts = {}, const split_cloud& cloud = {}) {
    constexpr const char* fn = "offload::choose_split";
    validate_objective(goal, fn);
    validate_constraints(limits, fn);
    validate_prediction_options(options, fn);
    detail::require_non_negative(s.arrival_rate, fn, "scenario.arrival_rate");
    detail::require_positive(s.bandwidth, fn, "scenario.bandwidth");
    detail::require_non_negative(s.propagation, fn, "scenario.propagation");
    detail::require_non_negative(s.result_bytes, fn, "scenario.result_bytes");
    detail::require_non_negative(s.edge_background_rate, fn, "scenario.edge_background_rate");
    if (s.edge_background_rate > 0.0)
        detail::require_positive(s.edge_background_service, fn, "scenario.edge_background_service");
    detail::require_non_negative(s.task_bits, fn, "scenario.task_bits");
    const std::size_t n = table.size() - 1; // layers
    if (n == 0) detail::throw_parameter_error(fn, "table.size()", 1.0, "the model must have at least one layer");

    std::vector<std::size_t> cuts;
    if (candidate_cuts.empty()) {
        cuts = single_tensor_cuts(table);
        if (cuts.empty() || cuts.back() != n) cuts.push_back(n);
    } else {
        for (std::size_t k : candidate_cuts)
            if (k > n)
                detail::throw_parameter_error(fn, "candidate_cuts[i]", static_cast<double>(k),
                                              "must be <= the number of layers");
        cuts.assign(candidate_cuts.begin(), candidate_cuts.end());
    }
    decision d;
    const network_link link(s.bandwidth, s.propagation);
    const double total_flops = table[n].device_flops;
    const double task_bits = s.task_bits > 0.0 ? s.task_bits : 8.0 * table[0].payload_bytes;
    // The edge: this device's edge part (rate lambda) and the background tenants share one FCFS server. Without
    // background the server is this device's alone; with it, the wait is the tenants' mixture's (Lemma 3.2) and
    // the service is this request's own edge part (tenant_offload_pipeline / tenant_split_pipeline).
    const bool shared_edge = s.edge_background_rate > 0.0;
    const auto mixed_demand = [&](double own_seconds) {
        return aggregate_demand(tenant_mix({tenant_demand(s.arrival_rate, own_seconds),
                                            tenant_demand(s.edge_background_rate, s.edge_background_service)}));
    };
    const double edge_rate = s.arrival_rate + s.edge_background_rate;

    d.options.reserve(cuts.size() + 1);
    for (std::size_t k : cuts) {
        const dnn::split_latency_estimate times =
            split_latency(device, edge, table.costs(), k, s.device_dtype, s.edge_dtype);
        const dnn::split_point point = table[k];
        option_prediction p;
        if (k == n || !(times.edge_seconds > 0.0)) {
            p = predict(on_device_pipeline<DeviceStage>(s.arrival_rate, service_demand{times.device_seconds, 0.0, 1.0}),
                        options);
            p.kind = option_kind::device;
        } else {
            const payload sizes(point.payload_bytes, s.result_bytes);
            const service_demand own{times.edge_seconds, 0.0, 1.0};
            const service_demand remote = shared_edge ? mixed_demand(times.edge_seconds) : own;
            const tenant_demand this_device(s.arrival_rate, times.edge_seconds);
            if (k == 0 || !(times.device_seconds > 0.0)) {
                const offload_pipeline<EdgeStage, NicStage> path(s.arrival_rate, edge_rate, remote, link, link, sizes,
                                                                 s.destination);
                p = shared_edge ? predict(tenant_offload_pipeline<EdgeStage, NicStage>(path, this_device), options)
                                : predict(path, options);
                p.kind = option_kind::edge;
            } else {
                const split_pipeline<DeviceStage, EdgeStage, NicStage> path(
                    s.arrival_rate, edge_rate, service_demand{times.device_seconds, 0.0, 1.0}, remote, link, link,
                    sizes, s.destination);
                p = shared_edge
                        ? predict(tenant_split_pipeline<DeviceStage, EdgeStage, NicStage>(path, this_device), options)
                        : predict(path, options);
                p.kind = option_kind::split;
            }
            p.remote = 0;
        }
        p.cut = static_cast<int>(k);
        if (s.energy != nullptr) {
            const double f = total_flops > 0.0 ? point.device_flops / total_flops : (k == n ? 1.0 : 0.0);
            p.energy = split_energy(*s.energy, task_bits, f, 8.0 * point.payload_bytes);
        }
        d.options.push_back(p);
    }
    if (cloud.profile != nullptr) {
        detail::require_positive(cloud.bandwidth, fn, "cloud.bandwidth");
        detail::require_non_negative(cloud.background_rate, fn, "cloud.background_rate");
        const network_link cloud_link(cloud.bandwidth, cloud.propagation);
        const service_demand whole = model_service_demand(*cloud.profile, table.costs(), cloud.data_type);
        option_prediction p = predict(offload_pipeline<EdgeStage, NicStage>(
                                          s.arrival_rate, s.arrival_rate + cloud.background_rate, whole, cloud_link,
                                          cloud_link, payload(table[0].payload_bytes, s.result_bytes), s.destination),
                                      options);
        p.kind = option_kind::cloud;
        p.remote = 1;
        if (s.energy != nullptr) p.energy = split_energy(*s.energy, task_bits, 0.0, 8.0 * table[0].payload_bytes);
        d.options.push_back(p);
    }
    d.chosen = choose(std::span<const option_prediction>(d.options), goal, limits);
    return d;
}

} // namespace offload
