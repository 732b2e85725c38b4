// offload/decision/tier.hpp — device / edge / cloud tier choice: the load-free weighted estimate of Yao et al.,
// "AI-oriented Workload Allocation for Cloud-Edge Computing" (seed 001, Algorithm 1, §III-B, §IV), and the same
// choice made with the queueing pipelines. The user picks the fidelity (tier_fidelity::load_free or ::queueing).
//
// Seed 001 (Table I; Eqs. 1-4): for layer i in {CC (cloud), ES (edge), ED (end device)}
//     I_i = lambda2 s comp / CR_i         inference time (Eq. 3, Algorithm 1 line 11)
//     D_i = lambda1 s D_iu                 transmission time (Eq. 2, line 14); D_ED = 0 (assumption a: the data
//                                          are gathered on the device)
//     T_i = I_i + D_i,  choose argmin T_i  (Eq. 4, lines 16-22; scanned in the order CC, ES, ED with a strict
//                                          "<", so an exact tie goes to the tier scanned first)
// s: the size of the workload data (in any unit: records, images, bytes); comp: FLOPs per unit of data;
// CR_i: FLOPS of layer i (cores x frequency x FLOPs per cycle, seed §III-C); D_iu: seconds to move one unit of
// data from the device to layer i (assumption b: D_CC,u = D_CC-ES,u + D_ES-ED,u, i.e. the cloud's unit latency
// includes the edge hop); lambda1, lambda2: the weight coefficients that normalise transmission and inference
// time (the seed obtains them from one small calibration run, Algorithm 1 line 8). Result transfer is ignored
// (assumption f). Status: a deterministic, load-free estimate (no queueing).
//
// Queueing fidelity (this library): the calibrated times become service times, lambda2 s comp / CR_i for the
// processor and lambda1 s D_iu for the path, and each tier is a pipeline at the request rate lambda:
//     device: DeviceStage at lambda (default md1: seed 003 eq. 2 with deterministic DNN service);
//     edge, cloud: a LinkStage uplink at lambda serving s units at 1 / (lambda1 D_iu) units/s (default mm1), then
//     a ProcessorStage (default md1) at the tier's aggregate rate (lambda plus background load), no return
//     path (assumption f).
// The stage models are choose_tier's template parameters (any stage_model, a user's own included).
// As lambda -> 0 (and no background load) it reduces exactly to the seed's T_i (with the default stages).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/decision/objective.hpp"
#include "offload/decision/predict.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload {

enum class tier : unsigned char { device, edge, cloud };

[[nodiscard]] inline const char* to_string(tier t) noexcept {
    switch (t) {
    case tier::device:
        return "device";
    case tier::edge:
        return "edge";
    case tier::cloud:
        return "cloud";
    }
    return "?";
}

/// The three layers (device, edge, cloud) of Yao et al.'s hierarchy and the weight coefficients of their
/// Algorithm 1 (seed 001).
class tier_environment {
public:
    /// device/edge/cloud_flops: CR_i > 0 (FLOP/s); edge/cloud_unit_latency: D_iu >= 0 seconds per unit of data;
    /// transmission_weight lambda1 > 0, processing_weight lambda2 > 0 (1: use the raw estimates).
    constexpr tier_environment(double device_flops, double edge_flops, double cloud_flops, double edge_unit_latency,
                               double cloud_unit_latency, double transmission_weight = 1.0,
                               double processing_weight = 1.0)
        : cr_{detail::require_positive(device_flops, "offload::tier_environment", "device_flops"),
              detail::require_positive(edge_flops, "offload::tier_environment", "edge_flops"),
              detail::require_positive(cloud_flops, "offload::tier_environment", "cloud_flops")},
          unit_{0.0, detail::require_non_negative(edge_unit_latency, "offload::tier_environment", "edge_unit_latency"),
                detail::require_non_negative(cloud_unit_latency, "offload::tier_environment", "cloud_unit_latency")},
          lambda1_(detail::require_positive(transmission_weight, "offload::tier_environment", "transmission_weight")),
          lambda2_(detail::require_positive(processing_weight, "offload::tier_environment", "processing_weight")) {}

    /// CR_i, FLOP/s. A tier outside device/edge/cloud (an integer from Python or a file) is a parameter_error.
    [[nodiscard]] constexpr double flops(tier t) const {
        return cr_[static_cast<std::size_t>(
            detail::require_enumerator(t, tier::cloud, "offload::tier_environment::flops", "t"))];
    }
    /// D_iu, seconds per unit of data (0 for the device). A tier outside the enumeration is a parameter_error.
    [[nodiscard]] constexpr double unit_latency(tier t) const {
        return unit_[static_cast<std::size_t>(
            detail::require_enumerator(t, tier::cloud, "offload::tier_environment::unit_latency", "t"))];
    }
    [[nodiscard]] constexpr double transmission_weight() const noexcept { return lambda1_; } ///< lambda1
    [[nodiscard]] constexpr double processing_weight() const noexcept { return lambda2_; }   ///< lambda2

private:
    std::array<double, 3> cr_;
    std::array<double, 3> unit_;
    double lambda1_;
    double lambda2_;

public:
    bool operator==(const tier_environment&) const = default;
};

/// One inference workload in Algorithm 1's terms.
struct tier_workload {
    double model_flops = 0.0; ///< comp > 0: FLOPs per unit of data
    double data_size = 0.0;   ///< s > 0: units of data per request

    bool operator==(const tier_workload&) const = default;
};

/// The load-free weighted tier times of Algorithm 1 and their minimum, indexed by tier (device, edge, cloud).
struct tier_times {
    std::array<double, 3> inference{};    ///< I_i, seconds
    std::array<double, 3> transmission{}; ///< D_i, seconds (0 for the device)
    std::array<double, 3> total{};        ///< T_i = I_i + D_i
    tier best = tier::cloud;              ///< argmin T_i (scan order CC, ES, ED, strict <)
    double minimum = infinity;            ///< T_min

    bool operator==(const tier_times&) const = default;
};

namespace detail {
inline void validate_tier_workload(const tier_workload& w, const char* function) {
    require_positive(w.model_flops, function, "workload.model_flops");
    require_positive(w.data_size, function, "workload.data_size");
}
} // namespace detail

/// The load-free weighted tier times I_i, D_i, T_i and their argmin: Algorithm 1 of Yao et al. (seed 001),
/// literally (including its scan order and strict <).
[[nodiscard]] inline tier_times estimate_tier_times(const tier_environment& env, const tier_workload& w) {
    detail::validate_tier_workload(w, "offload::estimate_tier_times");
    tier_times e;
    for (tier t : {tier::device, tier::edge, tier::cloud}) {
        const auto i = static_cast<std::size_t>(t);
        e.inference[i] = env.processing_weight() * w.data_size * w.model_flops / env.flops(t);
        e.transmission[i] = t == tier::device ? 0.0 : env.transmission_weight() * w.data_size * env.unit_latency(t);
        e.total[i] = e.inference[i] + e.transmission[i];
    }
    for (tier t : {tier::cloud, tier::edge, tier::device}) { // Algorithm 1 line 17: i = CC, ES, ED
        const double ti = e.total[static_cast<std::size_t>(t)];
        if (ti < e.minimum) {
            e.minimum = ti;
            e.best = t;
        }
    }
    return e;
}

enum class tier_fidelity : unsigned char {
    load_free, ///< the weighted tier times of Algorithm 1: deterministic, no queueing (p95 = p99 = mean)
    queueing,  ///< the pipelines: queueing at the request rate, tails from their distributions
};

/// What the queueing fidelity needs beyond Algorithm 1's inputs.
struct tier_load {
    double arrival_rate = 0.0;          ///< lambda >= 0, this device's requests per second
    double edge_background_rate = 0.0;  ///< other tenants' requests/s at the edge (same service time), >= 0
    double cloud_background_rate = 0.0; ///< same at the cloud, >= 0

    bool operator==(const tier_load&) const = default;
};

/// The tier an option of choose_tier runs on (by its kind: device, edge or cloud; a split maps to edge).
[[nodiscard]] constexpr tier tier_of(const option_prediction& p) noexcept {
    switch (p.kind) {
    case option_kind::device:
        return tier::device;
    case option_kind::cloud:
        return tier::cloud;
    case option_kind::edge:
    case option_kind::split:
        return tier::edge;
    }
    return tier::device;
}

/// The tier choice at the requested fidelity, under an objective and constraints (default: minimum mean, as
/// Algorithm 1). Returns a decision with three options, index = tier (device, edge, cloud); tier_of(
/// d.chosen_option()) is the chosen tier. With fidelity load_free the options are Algorithm 1's T_i
/// (deterministic: p95 = p99 = T_i and a deadline is missed with probability 0 or 1) and the load and stage
/// models are ignored; ties follow choose() (lowest index). With fidelity queueing the stages are the
/// template parameters (defaults: md1 device and processors, mm1 links).
template <stage_model DeviceStage = md1, stage_model ProcessorStage = md1, stage_model LinkStage = mm1>
[[nodiscard]] decision choose_tier(const tier_environment& env, const tier_workload& w, tier_fidelity fidelity,
                                   const tier_load& load = {}, const objective& goal = {},
                                   const constraints& limits = {}, const prediction_options& options = {}) {
    constexpr const char* fn = "offload::choose_tier";
    detail::validate_tier_workload(w, fn);
    validate_objective(goal, fn);
    validate_constraints(limits, fn);
    validate_prediction_options(options, fn);
    detail::require_non_negative(load.arrival_rate, fn, "load.arrival_rate");
    detail::require_non_negative(load.edge_background_rate, fn, "load.edge_background_rate");
    detail::require_non_negative(load.cloud_background_rate, fn, "load.cloud_background_rate");
    if (fidelity != tier_fidelity::load_free && fidelity != tier_fidelity::queueing)
        detail::throw_parameter_error(fn, "fidelity", static_cast<double>(fidelity), "must be load_free or queueing");

    decision d;
    d.options.resize(3);
    const tier_times e = estimate_tier_times(env, w);
    for (tier t : {tier::device, tier::edge, tier::cloud}) {
        const auto i = static_cast<std::size_t>(t);
        option_prediction& p = d.options[i];
        if (fidelity == tier_fidelity::load_free) {
            p.stable = true;
            p.status = prediction_status::ok;
            p.mean = p.p95 = p.p99 = e.total[i];
            p.deadline_miss = e.total[i] > options.deadline ? 1.0 : 0.0;
        } else if (t == tier::device) {
            p = predict(on_device_pipeline<DeviceStage>(load.arrival_rate, service_demand{e.inference[i], 0.0, 1.0}),
                        options);
        } else {
            const double background = t == tier::edge ? load.edge_background_rate : load.cloud_background_rate;
            const service_demand processing{e.inference[i], 0.0, 1.0};
            if (e.transmission[i] > 0.0) {
                // s units of data at 1 / (lambda1 D_iu) units per second: transfer time lambda1 s D_iu = D_i
                const network_link link(w.data_size / e.transmission[i]);
                p = predict(offload_pipeline<ProcessorStage, LinkStage>(
                                load.arrival_rate, load.arrival_rate + background, processing, link, link,
                                payload(w.data_size, 0.0), result_destination::remote),
                            options);
            } else { // D_iu = 0: no network stage, only the remote processor
                p = predict(on_device_pipeline<ProcessorStage>(load.arrival_rate + background, processing), options);
            }
        }
        p.kind = t == tier::device ? option_kind::device : (t == tier::edge ? option_kind::edge : option_kind::cloud);
        p.remote = t == tier::device ? -1 : (t == tier::edge ? 0 : 1);
    }
    d.chosen = choose(std::span<const option_prediction>(d.options), goal, limits);
    return d;
}

} // namespace offload
