// offload/decision/objective.hpp — what a decision compares: per-option predictions, the objective, the
// constraints, and the selection rule shared by every decision function and by the policy object.
//
// An *option* is one way to serve a request: on the device, offloaded to an edge server or the cloud, or split
// after a layer. Its option_prediction holds the figures the objectives read (mean, p95, p99, deadline-miss
// probability, energy per request, cost per request). choose() applies an objective and constraints to a list of predictions:
//   1. an unstable option (an infinite mean: some queue on its path cannot keep up) is never chosen while a
//      stable one exists;
//   2. among the stable options that meet every constraint, the lowest objective value wins (ties: lower
//      mean latency, then the earlier option);
//   3. when no stable option meets the constraints, choose() SAYS SO (reason no_option_meets_constraints,
//      feasible = false) and returns the least bad: the smallest total relative violation (ties: objective);
//   4. when no option is stable, reason no_stable_option and index 0 (by convention the device); callers
//      should shed load.
// Everything here is noexcept and allocation-free; validate objectives and constraints once with
// validate_objective / validate_constraints (the policy does so at construction).
//
// One result vocabulary: every decision function (choose_tier, choose_split, adaptive_offloading) returns a
// `decision` = the prediction of every option + the `choice` among them; the policy's per-request
// `policy_decision` carries the same `choice` and the chosen option's `option_prediction`.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "offload/error.hpp"

namespace offload {

enum class option_kind : unsigned char { device, edge, cloud, split };

[[nodiscard]] inline const char* to_string(option_kind kind) noexcept {
    switch (kind) {
    case option_kind::device:
        return "device";
    case option_kind::edge:
        return "edge";
    case option_kind::cloud:
        return "cloud";
    case option_kind::split:
        return "split";
    }
    return "?";
}

/// How an option's prediction came about. A model failure is reported, never hidden: the policy counts it
/// (offload_policy::model_failures()) and keeps its message on the writer side (last_failure()).
enum class prediction_status : unsigned char {
    ok,           ///< every figure computed
    unstable,     ///< some queue on the path has utilisation >= 1 (mean = tails = +inf); also the default
    model_failed, ///< the model threw while being built or evaluated: treated as unstable (never chosen)
    tails_failed, ///< the mean is valid, the tail computation threw: p95 = p99 = +inf, deadline_miss = 1
};

[[nodiscard]] inline const char* to_string(prediction_status s) noexcept {
    switch (s) {
    case prediction_status::ok:
        return "ok";
    case prediction_status::unstable:
        return "unstable";
    case prediction_status::model_failed:
        return "model failed";
    case prediction_status::tails_failed:
        return "tails failed";
    }
    return "?";
}

/// The predicted figures of one option. Seconds, probabilities and joules; an unstable option has
/// mean = p95 = p99 = +inf, deadline_miss = 1 and stable = false (never NaN).
struct option_prediction {
    option_kind kind = option_kind::device;
    int remote = -1;            ///< index of the edge/cloud target (-1 for the device)
    int cut = -1;               ///< split: layers [0, cut) on the device (-1 when not a split)
    double mean = infinity;     ///< E[T], seconds
    double p95 = infinity;      ///< 95th percentile of T, seconds
    double p99 = infinity;      ///< 99th percentile of T, seconds
    double deadline_miss = 1.0; ///< P(T > deadline) (0 when no deadline is set)
    double energy = 0.0;        ///< device-side energy per request, joules (seed 002; 0 without a model)
    bool stable = false;        ///< every queue on the path has utilisation < 1
    prediction_status status = prediction_status::unstable; ///< ok when stable and fully computed
    double cost = 0.0; ///< money per request in the caller's currency (0 without prices; seed 000 Table 1)

    bool operator==(const option_prediction&) const = default;
};

enum class objective_kind : unsigned char {
    mean_latency,       ///< minimise E[T] (the default; seed 003 Algorithm 1)
    percentile_latency, ///< minimise the p95 or p99 of T
    deadline_miss,      ///< minimise P(T > deadline)
    energy_delay,       ///< minimise energy + beta E[T] (seed 002 §IV-D, per request)
    cost,               ///< minimise the cost per request (ties: lower mean); with constraints: "the cheapest
                        ///< option whose p99 <= 100 ms"
};

enum class percentile_level : unsigned char { p95, p99 };

struct objective {
    objective_kind kind = objective_kind::mean_latency;
    percentile_level level = percentile_level::p99; ///< for percentile_latency
    double delay_weight = 1.0;                      ///< beta >= 0 (joules per second of latency) for energy_delay

    static constexpr objective mean_latency() noexcept { return {}; }
    static constexpr objective percentile(percentile_level l) noexcept {
        return {objective_kind::percentile_latency, l, 1.0};
    }
    static constexpr objective deadline_miss() noexcept {
        return {objective_kind::deadline_miss, percentile_level::p99, 1.0};
    }
    static constexpr objective energy_delay(double beta) noexcept {
        return {objective_kind::energy_delay, percentile_level::p99, beta};
    }
    static constexpr objective cost() noexcept { return {objective_kind::cost, percentile_level::p99, 1.0}; }

    bool operator==(const objective&) const = default;
};

/// Upper bounds an option must meet ("p99 below D seconds": max_p99 = D). Defaults: no constraint.
struct constraints {
    double max_mean = infinity;     ///< seconds, >= 0
    double max_p95 = infinity;      ///< seconds, >= 0
    double max_p99 = infinity;      ///< seconds, >= 0
    double max_deadline_miss = 1.0; ///< probability in [0, 1]
    double max_energy = infinity;   ///< joules per request, >= 0
    double max_cost = infinity;     ///< money per request, >= 0 (a budget)

    bool operator==(const constraints&) const = default;
};

enum class choice_reason : unsigned char {
    best_objective,              ///< the lowest objective among the options meeting the constraints
    no_option_meets_constraints, ///< nothing meets them: the least bad stable option
    no_stable_option,            ///< every option is unstable: index 0 (device) by convention
    no_options,                  ///< empty list (index 0 is then out of range)
    kept_by_hysteresis,          ///< (policy) the current option is kept: the best is not better by the margin
    kept_by_dwell_time,          ///< (policy) the current option is kept: the minimum dwell time has not passed
};

[[nodiscard]] inline const char* to_string(choice_reason r) noexcept {
    switch (r) {
    case choice_reason::best_objective:
        return "best objective";
    case choice_reason::no_option_meets_constraints:
        return "no option meets the constraints: least bad";
    case choice_reason::no_stable_option:
        return "no stable option";
    case choice_reason::no_options:
        return "no options";
    case choice_reason::kept_by_hysteresis:
        return "kept (hysteresis margin)";
    case choice_reason::kept_by_dwell_time:
        return "kept (minimum dwell time)";
    }
    return "?";
}

struct choice {
    std::size_t index = 0; ///< position in the option list
    choice_reason reason = choice_reason::no_options;
    bool feasible = false;   ///< the chosen option is stable and meets every constraint
    double value = infinity; ///< its objective value

    bool operator==(const choice&) const = default;
};

/// What every decision function returns: the prediction of every option it considered (in its documented
/// order) and the choice among them. chosen.index indexes `options`.
struct decision {
    std::vector<option_prediction> options;
    choice chosen;

    /// The chosen option's prediction. Precondition: !options.empty() (then chosen.index < options.size()).
    [[nodiscard]] const option_prediction& chosen_option() const {
        if (chosen.index >= options.size())
            detail::throw_parameter_error("offload::decision::chosen_option", "chosen.index",
                                          static_cast<double>(chosen.index), "must index options (empty decision?)");
        return options[chosen.index];
    }

    bool operator==(const decision&) const = default;
};

/// Throws parameter_error for a non-finite or negative delay weight or an unknown enumerator.
inline void validate_objective(const objective& o, const char* function) {
    if (static_cast<unsigned>(o.kind) > static_cast<unsigned>(objective_kind::cost))
        detail::throw_parameter_error(function, "objective.kind", static_cast<double>(o.kind),
                                      "must be an objective_kind enumerator");
    if (static_cast<unsigned>(o.level) > static_cast<unsigned>(percentile_level::p99))
        detail::throw_parameter_error(function, "objective.level", static_cast<double>(o.level),
                                      "must be percentile_level::p95 or ::p99");
    detail::require_non_negative(o.delay_weight, function, "objective.delay_weight");
}

/// Throws parameter_error for a NaN or negative bound (+inf, "no constraint", is allowed).
inline void validate_constraints(const constraints& c, const char* function) {
    const auto bound = [function](double v, const char* name) {
        if (!(v >= 0.0)) detail::throw_parameter_error(function, name, v, "must be >= 0 (+inf: no constraint)");
    };
    bound(c.max_mean, "constraints.max_mean");
    bound(c.max_p95, "constraints.max_p95");
    bound(c.max_p99, "constraints.max_p99");
    bound(c.max_energy, "constraints.max_energy");
    bound(c.max_cost, "constraints.max_cost");
    detail::require_probability(c.max_deadline_miss, function, "constraints.max_deadline_miss");
}

/// The objective's value for one option (+inf for an unstable option).
[[nodiscard]] constexpr double objective_value(const option_prediction& p, const objective& o) noexcept {
    if (!p.stable) return infinity;
    switch (o.kind) {
    case objective_kind::mean_latency:
        return p.mean;
    case objective_kind::percentile_latency:
        return o.level == percentile_level::p95 ? p.p95 : p.p99;
    case objective_kind::deadline_miss:
        return p.deadline_miss;
    case objective_kind::energy_delay:
        return p.energy + o.delay_weight * p.mean;
    case objective_kind::cost:
        return p.cost;
    }
    return infinity;
}

namespace detail {
constexpr double excess(double value, double bound) noexcept {
    if (value <= bound) return 0.0;
    if (!(value < infinity)) return infinity;
    return bound > 0.0 ? (value - bound) / bound : value; // relative excess; absolute for a zero bound
}
} // namespace detail

/// Sum of the relative excesses over the bounds: 0 when every constraint is met, +inf if unstable.
[[nodiscard]] constexpr double constraint_violation(const option_prediction& p, const constraints& c) noexcept {
    if (!p.stable) return infinity;
    return detail::excess(p.mean, c.max_mean) + detail::excess(p.p95, c.max_p95) + detail::excess(p.p99, c.max_p99) +
           detail::excess(p.deadline_miss, c.max_deadline_miss) + detail::excess(p.energy, c.max_energy) +
           detail::excess(p.cost, c.max_cost);
}

[[nodiscard]] constexpr bool meets(const option_prediction& p, const constraints& c) noexcept {
    return p.stable && constraint_violation(p, c) == 0.0;
}

/// The selection rule (see the header comment). noexcept, no allocation. Defaults: the mean-latency
/// objective, no constraints (`choose(predictions)` minimises the mean).
[[nodiscard]] inline choice choose(std::span<const option_prediction> options, const objective& o = {},
                                   const constraints& c = {}) noexcept {
    choice best;
    if (options.empty()) return best;
    bool any_stable = false;
    bool any_feasible = false;
    double best_violation = infinity;
    double best_mean = infinity;
    for (std::size_t i = 0; i < options.size(); ++i) {
        const option_prediction& p = options[i];
        if (!p.stable) continue;
        any_stable = true;
        const double violation = constraint_violation(p, c);
        const double value = objective_value(p, o);
        const bool feasible = violation == 0.0;
        bool better;
        if (feasible != any_feasible) {
            better = feasible; // the first feasible option beats every infeasible one
        } else if (feasible) {
            better = value < best.value || (value == best.value && p.mean < best_mean);
        } else {
            better =
                violation < best_violation ||
                (violation == best_violation && (value < best.value || (value == best.value && p.mean < best_mean)));
        }
        if (better || best.reason == choice_reason::no_options) {
            any_feasible = any_feasible || feasible;
            best.index = i;
            best.value = value;
            best.feasible = feasible;
            best.reason = choice_reason::best_objective;
            best_violation = violation;
            best_mean = p.mean;
        }
    }
    if (!any_stable) {
        best.index = 0;
        best.reason = choice_reason::no_stable_option;
        best.feasible = false;
        best.value = infinity;
    } else if (!any_feasible) {
        best.reason = choice_reason::no_option_meets_constraints;
    }
    return best;
}

/// Hysteresis rule: switching from an option with objective value `current` to one with `candidate` is worth
/// it when the candidate is lower by more than the relative margin (margin >= 0): candidate < (1 - margin)
/// current. For objectives that can be 0 (a deadline-miss probability) an absolute floor applies too: the
/// improvement must exceed `absolute_margin`.
[[nodiscard]] constexpr bool worth_switching(double current, double candidate, double margin,
                                             double absolute_margin = 0.0) noexcept {
    if (!(current < infinity)) return candidate < infinity;
    return candidate < (1.0 - margin) * current && current - candidate > absolute_margin;
}

} // namespace offload
