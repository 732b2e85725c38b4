// offload/policy/description.hpp — what the policy object is built from (the static description: device,
// remote targets, splits, workload, options) and what it reports (policy_decision, policy_estimates).
//
// Option numbering: 0 = the device, 1..R = the remote targets (edges, cloud) running the whole model, then the
// splits, at most policy_max_options in all. validate_policy_description checks every field once, at the
// policy's construction; an error names the field (`remotes[2].bandwidth`).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/decision/energy.hpp"
#include "offload/decision/objective.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/link.hpp"

namespace offload {

/// Most options a policy holds (device + remote targets + splits).
inline constexpr std::size_t policy_max_options = 16;

/// An edge server or the cloud, running the whole model.
struct policy_remote {
    std::string name;                     ///< for reports, e.g. "edge-1"
    option_kind kind = option_kind::edge; ///< edge or cloud
    service_demand demand;                ///< this workload's service there (mean > 0, scv >= 0, k >= 1)
    double bandwidth = 0.0;               ///< nominal B > 0, bytes/s, both directions
    double propagation = 0.0;             ///< one way, seconds >= 0
    double background_rate = 0.0;         ///< other tenants' requests/s (until a load report says otherwise)
    double background_service = 0.0;      ///< their mean service seconds (0: the same as this workload's)
    double background_scv = 0.0;          ///< their service-time SCV
    double cost_per_request = 0.0;        ///< money per request sent there (>= 0; cost objective/constraint)

    bool operator==(const policy_remote&) const = default;
};

/// A split: layers [0, cut) on the device, the rest on remote target `remote`.
struct policy_split {
    std::size_t remote = 0;       ///< index into policy_description::remotes
    int cut = 0;                  ///< a label (the split_table cut), reported in decisions
    service_demand device_part;   ///< s'_dev
    service_demand remote_part;   ///< s'_edge
    double payload_bytes = 0.0;   ///< D_inter > 0
    double device_fraction = 0.5; ///< share of the work on the device, for the energy model

    bool operator==(const policy_split&) const = default;
};

struct policy_workload {
    double arrival_rate = 0.0;  ///< prior lambda >= 0 until timestamps arrive
    double request_bytes = 0.0; ///< D_req > 0
    double result_bytes = 0.0;  ///< D_res >= 0
    result_destination destination = result_destination::device;
    double task_bits = 0.0; ///< d, bits, for the energy model (seed 002 §IV; 0: 8 D_req)

    bool operator==(const policy_workload&) const = default;
};

struct policy_options {
    objective goal{}; ///< default: mean latency
    constraints limits{};
    double deadline = infinity;       ///< seconds, for deadline_miss (+inf: none)
    double hysteresis_margin = 0.05;  ///< switch only if better by more than this fraction, [0, 1)
    double min_dwell = 0.0;           ///< seconds an option is kept after a switch, >= 0
    double rate_window = 10.0;        ///< sliding window for the arrival rate, seconds > 0
    std::size_t rate_capacity = 4096; ///< timestamps kept
    double bandwidth_weight = 0.3;    ///< EWMA weight of a bandwidth sample, (0, 1]
    double service_weight = 0.05;     ///< weight of a service-time sample, (0, 1]
    double stale_after = 30.0;        ///< seconds without observations before an estimate reverts, > 0
    double recompute_interval = 1.0;  ///< seconds between rate-driven recomputations, >= 0
    double rate_tolerance = 0.05;     ///< relative rate change that recomputes at once, >= 0
    /// >= 0 seconds: a transfer/service/load measurement arriving sooner than this after the last
    /// recomputation only updates its estimator; the recomputation follows with the next measurement after the
    /// spacing (or refresh()). 0 (the default): every such measurement recomputes at once.
    double min_recompute_spacing = 0.0;
    bool tails = true; ///< compute p95/p99/deadline miss (false: means only, cheaper)
    /// Grid of the tail convolutions: 2^10 points (a recomputation of 6 options then costs a few ms; the
    /// k_parallel<mg1> stages' cdf is a quadrature), tails cut at 1e-6.
    convolution_options convolution{std::size_t{1} << 10, 1.0e-6};
    std::optional<energy_model> energy; ///< per-bit energy model for the energy + delay objective (energy.hpp)
    double max_bandwidth = 1.0e12;      ///< bytes/s; faster samples are dropped as implausible
    double max_service_factor = 1000.0; ///< service samples outside [s / f, s f] are dropped

    bool operator==(const policy_options&) const = default;
};

struct policy_description {
    service_demand device; ///< the whole model on the device
    std::vector<policy_remote> remotes;
    std::vector<policy_split> splits;
    policy_workload workload;
    policy_options options;

    bool operator==(const policy_description&) const = default;
};

/// What decide() returns: the same vocabulary as every decision function (a `choice` and the chosen
/// option's `option_prediction`) and the publication it was read from. Every option's prediction:
/// offload_policy::predictions().
struct policy_decision {
    choice chosen;                   ///< index (0: device), reason, feasible, objective value
    option_prediction chosen_option; ///< the chosen option's prediction (kind, remote, cut, status, ...)
    std::uint64_t version = 0;       ///< the snapshot's publication number

    bool operator==(const policy_decision&) const = default;
};

/// The writer's current estimates (for logs and examples).
struct policy_estimates {
    double arrival_rate = 0.0;
    double device_service = 0.0; ///< mean seconds
    double device_scv = 0.0;
    std::vector<double> bandwidth;       ///< per remote target, bytes/s
    std::vector<double> background_rate; ///< per remote target
    std::vector<double> remote_service;  ///< per remote target, mean seconds

    bool operator==(const policy_estimates&) const = default;
};

/// Throws parameter_error naming the field (e.g. `remotes[2].bandwidth`) for an invalid description.
inline void validate_policy_description(const policy_description& d, const char* fn) {
    const auto demand = [&](const service_demand& s, const std::string& what) {
        detail::require_valid_demand(s, fn, what.c_str());
    };
    demand(d.device, "device");
    if (1 + d.remotes.size() + d.splits.size() > policy_max_options)
        detail::throw_parameter_error(fn, "options", static_cast<double>(1 + d.remotes.size() + d.splits.size()),
                                      "device + remotes + splits must be <= 16 (policy_max_options)");
    for (std::size_t i = 0; i < d.remotes.size(); ++i) {
        const policy_remote& r = d.remotes[i];
        const std::string p = "remotes[" + std::to_string(i) + "]";
        demand(r.demand, p + ".demand");
        if (r.kind != option_kind::edge && r.kind != option_kind::cloud)
            detail::throw_parameter_error(fn, (p + ".kind").c_str(), static_cast<double>(r.kind),
                                          "must be edge or cloud");
        detail::require_positive(r.bandwidth, fn, (p + ".bandwidth").c_str());
        detail::require_non_negative(r.propagation, fn, (p + ".propagation").c_str());
        detail::require_non_negative(r.background_rate, fn, (p + ".background_rate").c_str());
        detail::require_non_negative(r.background_service, fn, (p + ".background_service").c_str());
        detail::require_non_negative(r.background_scv, fn, (p + ".background_scv").c_str());
        detail::require_non_negative(r.cost_per_request, fn, (p + ".cost_per_request").c_str());
    }
    for (std::size_t i = 0; i < d.splits.size(); ++i) {
        const policy_split& s = d.splits[i];
        const std::string p = "splits[" + std::to_string(i) + "]";
        if (s.remote >= d.remotes.size())
            detail::throw_parameter_error(fn, (p + ".remote").c_str(), static_cast<double>(s.remote),
                                          "must index a remote target");
        demand(s.device_part, p + ".device_part");
        demand(s.remote_part, p + ".remote_part");
        detail::require_positive(s.payload_bytes, fn, (p + ".payload_bytes").c_str());
        detail::require_probability(s.device_fraction, fn, (p + ".device_fraction").c_str());
    }
    const policy_workload& w = d.workload;
    detail::require_non_negative(w.arrival_rate, fn, "workload.arrival_rate");
    detail::require_positive(w.request_bytes, fn, "workload.request_bytes");
    detail::require_non_negative(w.result_bytes, fn, "workload.result_bytes");
    detail::require_non_negative(w.task_bits, fn, "workload.task_bits");
    if (w.destination != result_destination::device && w.destination != result_destination::remote)
        detail::throw_parameter_error(fn, "workload.destination", static_cast<double>(w.destination),
                                      "must be device or remote");
    const policy_options& o = d.options;
    validate_objective(o.goal, fn);
    validate_constraints(o.limits, fn);
    if (!(o.deadline > 0.0))
        detail::throw_parameter_error(fn, "options.deadline", o.deadline, "must be > 0 (+inf: none)");
    if (!(o.hysteresis_margin >= 0.0 && o.hysteresis_margin < 1.0))
        detail::throw_parameter_error(fn, "options.hysteresis_margin", o.hysteresis_margin, "must lie in [0, 1)");
    detail::require_non_negative(o.min_dwell, fn, "options.min_dwell");
    detail::require_positive(o.rate_window, fn, "options.rate_window");
    if (o.rate_capacity < 2)
        detail::throw_parameter_error(fn, "options.rate_capacity", static_cast<double>(o.rate_capacity),
                                      "must be >= 2");
    if (!(o.bandwidth_weight > 0.0 && o.bandwidth_weight <= 1.0))
        detail::throw_parameter_error(fn, "options.bandwidth_weight", o.bandwidth_weight, "must lie in (0, 1]");
    if (!(o.service_weight > 0.0 && o.service_weight <= 1.0))
        detail::throw_parameter_error(fn, "options.service_weight", o.service_weight, "must lie in (0, 1]");
    detail::require_positive(o.stale_after, fn, "options.stale_after");
    detail::require_non_negative(o.recompute_interval, fn, "options.recompute_interval");
    detail::require_non_negative(o.rate_tolerance, fn, "options.rate_tolerance");
    detail::require_non_negative(o.min_recompute_spacing, fn, "options.min_recompute_spacing");
    detail::require_positive(o.max_bandwidth, fn, "options.max_bandwidth");
    if (!(o.max_service_factor > 1.0 && o.max_service_factor < infinity))
        detail::throw_parameter_error(fn, "options.max_service_factor", o.max_service_factor, "must be finite and > 1");
    if (!(detail::is_power_of_two(o.convolution.grid_points) && o.convolution.grid_points >= 64 &&
          o.convolution.grid_points <= (std::size_t{1} << 24)))
        detail::throw_parameter_error(fn, "options.convolution.grid_points",
                                      static_cast<double>(o.convolution.grid_points),
                                      "must be a power of two in [64, 16777216]");
    if (!(o.convolution.tail_mass > 0.0 && o.convolution.tail_mass <= 1.0e-3))
        detail::throw_parameter_error(fn, "options.convolution.tail_mass", o.convolution.tail_mass,
                                      "must lie in (0, 0.001]");
}

} // namespace offload
