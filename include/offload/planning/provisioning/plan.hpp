// offload/planning/provisioning/plan.hpp — a provisioning plan (placements + dispatch), the one evaluator every
// solver's plan goes through, and the difference between a plan and the current placement (what to roll out).
//
// A plan lists, per node, the models placed on it (sorted; it must include the node's hosted models) and,
// per request, the node that serves it or provisioning_plan::rejected. The evaluator checks the memory limit
// (sum of m_k over the placed models that are not hosted <= M_j), the compute limit (sum of c_k(i) over the
// requests served <= C_j, both with a relative tolerance of 1e-9 for sums read back from other solvers), that
// a request's node hosts its model and that requests for unknown models are rejected; it reports each
// request's latency tau_ij + theta_ij (+inf when rejected) and the reason for each rejection:
//   - unknown_model:      the request names provisioning_request::unknown_model;
//   - no_node_can_host:   no node could serve it even in an otherwise empty plan (memory or compute too small);
//   - capacity_exhausted: some node could, but the plan used the room for other requests.
// Objective: total latency of the served requests + rejection_cost x (requests rejected for capacity).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::planning {

/// Why a request is not served (none: it is served).
enum class rejection_reason { none, unknown_model, no_node_can_host, capacity_exhausted };

[[nodiscard]] inline const char* to_string(rejection_reason r) noexcept {
    switch (r) {
    case rejection_reason::none:
        return "none";
    case rejection_reason::unknown_model:
        return "unknown_model";
    case rejection_reason::no_node_can_host:
        return "no_node_can_host";
    case rejection_reason::capacity_exhausted:
        return "capacity_exhausted";
    }
    return "invalid";
}

struct provisioning_plan {
    static constexpr std::size_t rejected = std::numeric_limits<std::size_t>::max();

    std::vector<std::vector<std::size_t>> placement; ///< per node: the models placed on it, sorted
    std::vector<std::size_t> dispatch;               ///< per request: its node, or `rejected`

    friend bool operator==(const provisioning_plan&, const provisioning_plan&) = default;
};

struct provisioning_evaluation {
    std::vector<double> latency;             ///< per request: tau_ij + theta_ij, +inf when rejected
    std::vector<rejection_reason> rejection; ///< per request
    std::vector<double> memory_used;         ///< per node: memory of the placed models that are not hosted
    std::vector<double> compute_used;        ///< per node: compute of the requests it serves
    double total_latency = 0.0;              ///< sum over served requests (the seed's U)
    double objective = 0.0;                  ///< total_latency + rejection_cost x capacity rejections
    std::size_t served = 0;
    std::size_t rejected = 0; ///< all rejections, whatever the reason
    std::size_t rejected_for_capacity = 0;

    friend bool operator==(const provisioning_evaluation&, const provisioning_evaluation&) = default;
};

namespace detail {

/// used <= capacity up to a relative 1e-9 (sums of doubles read back from LP solvers)
[[nodiscard]] inline bool within_capacity(double used, double capacity) noexcept {
    return used <= capacity + 1e-9 * std::max(1.0, capacity);
}

/// why request i is rejected in a plan that rejects it
[[nodiscard]] inline rejection_reason rejection_of(const provisioning_problem& p, std::size_t i) noexcept {
    const std::size_t k = p.request(i).model;
    if (k == provisioning_request::unknown_model) return rejection_reason::unknown_model;
    for (std::size_t j = 0; j < p.node_count(); ++j)
        if (p.can_host(j, k)) return rejection_reason::capacity_exhausted;
    return rejection_reason::no_node_can_host;
}

[[noreturn]] inline void plan_error(const char* fn, const std::string& name, double value, const char* requirement) {
    offload::detail::throw_parameter_error(fn, name.c_str(), value, requirement);
}

} // namespace detail

/// A plan from a dispatch alone: each node gets its hosted models plus the models of the requests it serves.
/// Throws parameter_error (`dispatch[i]`) for a node index out of range or a dispatched unknown model.
[[nodiscard]] inline provisioning_plan make_provisioning_plan(const provisioning_problem& p,
                                                              std::vector<std::size_t> dispatch) {
    constexpr const char* fn = "offload::planning::make_provisioning_plan";
    if (dispatch.size() != p.request_count())
        detail::plan_error(fn, "dispatch.size", static_cast<double>(dispatch.size()), "must equal requests.size()");
    provisioning_plan x{std::vector<std::vector<std::size_t>>(p.node_count()), std::move(dispatch)};
    for (std::size_t j = 0; j < p.node_count(); ++j) x.placement[j] = p.node(j).hosted;
    for (std::size_t i = 0; i < p.request_count(); ++i) {
        const std::size_t j = x.dispatch[i];
        if (j == provisioning_plan::rejected) continue;
        if (j >= p.node_count() || p.request(i).model == provisioning_request::unknown_model)
            detail::plan_error(fn, "dispatch[" + std::to_string(i) + "]", static_cast<double>(j),
                               "must be a node index, or provisioning_plan::rejected (always for an unknown model)");
        x.placement[j].push_back(p.request(i).model);
    }
    for (auto& models : x.placement) {
        std::sort(models.begin(), models.end());
        models.erase(std::unique(models.begin(), models.end()), models.end());
    }
    return x;
}

/// Scores plan x (header comment). Throws parameter_error naming the plan field that breaks a rule:
/// `plan.placement[j]` (unsorted, repeated, out of range, a hosted model missing, memory exceeded),
/// `plan.dispatch[i]` (node out of range, model not placed there, unknown model served), `plan.compute[j]`.
[[nodiscard]] inline provisioning_evaluation evaluate(const provisioning_problem& p, const provisioning_plan& x) {
    constexpr const char* fn = "offload::planning::evaluate";
    const std::size_t n = p.request_count();
    const std::size_t s = p.node_count();
    if (x.placement.size() != s)
        detail::plan_error(fn, "plan.placement.size", static_cast<double>(x.placement.size()),
                           "must equal nodes.size()");
    if (x.dispatch.size() != n)
        detail::plan_error(fn, "plan.dispatch.size", static_cast<double>(x.dispatch.size()),
                           "must equal requests.size()");
    provisioning_evaluation e;
    e.latency.assign(n, infinity);
    e.rejection.assign(n, rejection_reason::none);
    e.memory_used.assign(s, 0.0);
    e.compute_used.assign(s, 0.0);
    for (std::size_t j = 0; j < s; ++j) {
        const auto& models = x.placement[j];
        const std::string name = "plan.placement[" + std::to_string(j) + "]";
        for (std::size_t t = 0; t < models.size(); ++t) {
            if (models[t] >= p.model_count())
                detail::plan_error(fn, name, static_cast<double>(models[t]), "must hold model indices < models.size()");
            if (t > 0 && models[t] <= models[t - 1])
                detail::plan_error(fn, name, static_cast<double>(models[t]), "must be sorted without repeats");
            if (!p.hosts(j, models[t])) e.memory_used[j] += p.model(models[t]).memory;
        }
        for (std::size_t k : p.node(j).hosted)
            if (!std::binary_search(models.begin(), models.end(), k))
                detail::plan_error(fn, name, static_cast<double>(k), "must keep every model the node hosts");
        if (!detail::within_capacity(e.memory_used[j], p.node(j).memory))
            detail::plan_error(fn, name, e.memory_used[j], "memory of the placed models exceeds the node's memory");
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = x.dispatch[i];
        const std::size_t k = p.request(i).model;
        if (j == provisioning_plan::rejected) {
            e.rejection[i] = detail::rejection_of(p, i);
            ++e.rejected;
            if (e.rejection[i] == rejection_reason::capacity_exhausted) ++e.rejected_for_capacity;
            continue;
        }
        const std::string name = "plan.dispatch[" + std::to_string(i) + "]";
        if (j >= s) detail::plan_error(fn, name, static_cast<double>(j), "must be a node index or rejected");
        if (k == provisioning_request::unknown_model)
            detail::plan_error(fn, name, static_cast<double>(j), "a request for an unknown model must be rejected");
        if (!std::binary_search(x.placement[j].begin(), x.placement[j].end(), k))
            detail::plan_error(fn, name, static_cast<double>(j), "the node must have the request's model placed");
        e.compute_used[j] += p.model(k).compute_per_request;
        e.latency[i] = p.latency(i, j);
        e.total_latency += e.latency[i];
        ++e.served;
    }
    for (std::size_t j = 0; j < s; ++j)
        if (!detail::within_capacity(e.compute_used[j], p.node(j).compute))
            detail::plan_error(fn, "plan.compute[" + std::to_string(j) + "]", e.compute_used[j],
                               "compute of the dispatched requests exceeds the node's compute");
    e.objective = e.total_latency + p.rejection_cost() * static_cast<double>(e.rejected_for_capacity);
    return e;
}

/// One model on one node.
struct model_placement {
    std::size_t node = 0;
    std::size_t model = 0;

    friend bool operator==(const model_placement&, const model_placement&) = default;
};

/// What rolling out a plan changes: the models to load (and their memory) and the models to delete.
struct placement_diff {
    std::vector<model_placement> provision; ///< placed by the plan, absent now (node-major, sorted)
    std::vector<model_placement> remove;    ///< present now, not placed by the plan
    double provision_memory = 0.0;          ///< bytes loaded: sum of m_k over `provision`

    friend bool operator==(const placement_diff&, const placement_diff&) = default;
};

/// target's placement against `current` (per node, the models present now; any order). Throws
/// parameter_error (`current[j]`, `current.size`) for out-of-range indices or a size mismatch.
[[nodiscard]] inline placement_diff diff_placement(const provisioning_problem& p,
                                                   std::vector<std::vector<std::size_t>> current,
                                                   const provisioning_plan& target) {
    constexpr const char* fn = "offload::planning::diff_placement";
    if (current.size() != p.node_count())
        detail::plan_error(fn, "current.size", static_cast<double>(current.size()), "must equal nodes.size()");
    if (target.placement.size() != p.node_count())
        detail::plan_error(fn, "target.placement.size", static_cast<double>(target.placement.size()),
                           "must equal nodes.size()");
    placement_diff d;
    for (std::size_t j = 0; j < p.node_count(); ++j) {
        auto& now = current[j];
        for (std::size_t k : now)
            if (k >= p.model_count())
                detail::plan_error(fn, "current[" + std::to_string(j) + "]", static_cast<double>(k),
                                   "must hold model indices < models.size()");
        std::sort(now.begin(), now.end());
        now.erase(std::unique(now.begin(), now.end()), now.end());
        const auto& next = target.placement[j];
        for (std::size_t k : next)
            if (!std::binary_search(now.begin(), now.end(), k)) {
                d.provision.push_back({j, k});
                if (k < p.model_count()) d.provision_memory += p.model(k).memory;
            }
        for (std::size_t k : now)
            if (!std::binary_search(next.begin(), next.end(), k)) d.remove.push_back({j, k});
    }
    return d;
}

} // namespace offload::planning
