// offload/planning/provisioning/modes.hpp — the back-end's two provisioning modes (seed 004 §4.3) and the
// re-plans after a node failure and a node's return (§4.5).
//
// Both modes start from a problem whose nodes carry their TOTAL memory and host nothing, and from the
// deployment (the models present on each node now, with their request statistics):
//   - Mode 2 (follow_plan): plan against the total memory; deploy exactly what the plan places and delete
//     everything else (the diff's `remove`).
//   - Mode 1 (keep_and_evict): plan against the AVAILABLE memory (total minus the models present), the models
//     present stay and serve requests at no memory cost. Models are deleted only by the eviction rule: while
//     the plan rejects a request for capacity, the deployed model that the plan does not use and that was
//     least recently (LRU) or least frequently (LFU) requested, on a node that could host the rejected
//     request's model once freed, is evicted and the plan is made again. (The seed says Mode 1 deletes
//     "based on how recently they have been requested and how often" without saying when; this is our
//     reading: evict only when memory is what stops a request.)
// Failures: a failed node is kept in the problem with no memory and no compute (indices stay stable); the
// survivors keep their models (Mode 1 without eviction first, so no surviving placement changes unless a
// displaced request cannot be served otherwise). A returning node comes back with its last deployment
// (§4.5: "they should contain the last set of deployed resources"), offered back as hosted models; the plan
// uses them where they help, and the copies made elsewhere while it was down are deleted when the new plan
// no longer uses them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/provisioning/branch_and_bound.hpp"
#include "offload/planning/provisioning/plan.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::planning {

enum class provisioning_mode { keep_and_evict, follow_plan }; ///< Mode 1, Mode 2
enum class eviction_rule { least_recently_used, least_frequently_used };

/// What is deployed now: per node, the models present and, per (node, model), when it was last requested
/// (seconds, any origin) and how often. Missing statistics count as never requested.
struct provisioning_deployment {
    std::vector<std::vector<std::size_t>> models;
    std::vector<std::vector<double>> last_request;       ///< [node][model], may be empty
    std::vector<std::vector<std::size_t>> request_count; ///< [node][model], may be empty

    friend bool operator==(const provisioning_deployment&, const provisioning_deployment&) = default;
};

/// A solver: problem -> plan. The default is the exact branch and bound.
using provisioning_solver = std::function<provisioning_plan(const provisioning_problem&)>;

[[nodiscard]] inline provisioning_plan exact_provisioning_plan(const provisioning_problem& p) {
    return solve_provisioning_exact(p).best;
}

struct provisioning_mode_result {
    provisioning_problem problem; ///< the problem the plan solves (memory and hosted models of the mode)
    provisioning_plan plan;
    placement_diff diff;                  ///< against the deployment: models to load and to delete
    std::vector<model_placement> evicted; ///< Mode 1: in eviction order (also in diff.remove)
};

namespace detail {

[[nodiscard]] inline provisioning_problem with_hosted(const provisioning_problem& total,
                                                      const std::vector<std::vector<std::size_t>>& present,
                                                      bool available_memory) {
    std::vector<provisioning_node> nodes = total.nodes();
    for (std::size_t j = 0; j < nodes.size(); ++j) {
        nodes[j].hosted = present[j];
        if (available_memory) {
            double used = 0.0;
            for (std::size_t k : present[j]) used += total.model(k).memory;
            nodes[j].memory = std::max(0.0, nodes[j].memory - used);
        }
    }
    return provisioning_problem(total.models(), std::move(nodes), total.requests(), total.rejection_cost());
}

inline void check_deployment(const provisioning_problem& p, const provisioning_deployment& d, const char* fn) {
    if (d.models.size() != p.node_count())
        offload::detail::throw_parameter_error(fn, "deployment.models.size", static_cast<double>(d.models.size()),
                                               "must equal nodes.size()");
    for (std::size_t j = 0; j < d.models.size(); ++j) {
        if (!p.node(j).hosted.empty())
            offload::detail::throw_parameter_error(fn, ("problem.nodes[" + std::to_string(j) + "].hosted").c_str(),
                                                   static_cast<double>(p.node(j).hosted.size()),
                                                   "must be empty: the deployment says what is present");
        double used = 0.0;
        for (std::size_t t = 0; t < d.models[j].size(); ++t) {
            const std::size_t k = d.models[j][t];
            if (k >= p.model_count())
                offload::detail::throw_parameter_error(
                    fn, ("deployment.models[" + std::to_string(j) + "][" + std::to_string(t) + "]").c_str(),
                    static_cast<double>(k), "must be a model index < models.size()");
            used += p.model(k).memory;
        }
        if (!within_capacity(used, p.node(j).memory))
            offload::detail::throw_parameter_error(fn, ("deployment.models[" + std::to_string(j) + "]").c_str(), used,
                                                   "memory of the deployed models exceeds the node's total memory");
    }
}

} // namespace detail

/// Mode 1 or Mode 2 from the deployment (header comment). `total` has total memory and no hosted models.
[[nodiscard]] inline provisioning_mode_result plan_mode(const provisioning_problem& total,
                                                        const provisioning_deployment& now, provisioning_mode mode,
                                                        eviction_rule rule = eviction_rule::least_recently_used,
                                                        const provisioning_solver& solve = exact_provisioning_plan) {
    constexpr const char* fn = "offload::planning::plan_mode";
    detail::check_deployment(total, now, fn);
    std::vector<std::vector<std::size_t>> present = now.models;
    for (auto& models : present) {
        std::sort(models.begin(), models.end());
        models.erase(std::unique(models.begin(), models.end()), models.end());
    }
    if (mode == provisioning_mode::follow_plan) {
        provisioning_plan x = solve(total);
        placement_diff d = diff_placement(total, present, x);
        return {total, std::move(x), std::move(d), {}};
    }
    const auto stat = [&](std::size_t j, std::size_t k) {
        if (rule == eviction_rule::least_recently_used)
            return j < now.last_request.size() && k < now.last_request[j].size() ? now.last_request[j][k] : -infinity;
        return j < now.request_count.size() && k < now.request_count[j].size()
                   ? static_cast<double>(now.request_count[j][k])
                   : 0.0;
    };
    std::vector<model_placement> evicted;
    while (true) {
        provisioning_problem p = detail::with_hosted(total, present, true);
        provisioning_plan x = solve(p);
        const provisioning_evaluation e = evaluate(p, x);
        // the least-used deployed model, unused by the plan, whose eviction would let some rejected request in
        std::size_t best_j = 0;
        std::size_t best_k = 0;
        double best_stat = infinity;
        bool found = false;
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            std::vector<char> used(p.model_count(), 0);
            for (std::size_t i = 0; i < p.request_count(); ++i)
                if (x.dispatch[i] == j) used[p.request(i).model] = 1;
            for (std::size_t k : present[j]) {
                if (used[k]) continue;
                bool helps = false;
                for (std::size_t i = 0; i < p.request_count() && !helps; ++i) {
                    if (x.dispatch[i] != provisioning_plan::rejected ||
                        e.rejection[i] == rejection_reason::unknown_model)
                        continue;
                    const std::size_t need = p.request(i).model;
                    helps = need != k && total.model(need).compute_per_request <= total.node(j).compute &&
                            p.node(j).memory + total.model(k).memory >= total.model(need).memory;
                }
                if (helps && stat(j, k) < best_stat) {
                    best_stat = stat(j, k);
                    best_j = j;
                    best_k = k;
                    found = true;
                }
            }
        }
        if (!found) {
            placement_diff d = diff_placement(p, now.models, x);
            return {std::move(p), std::move(x), std::move(d), std::move(evicted)};
        }
        present[best_j].erase(std::find(present[best_j].begin(), present[best_j].end(), best_k));
        evicted.push_back({best_j, best_k});
    }
}

/// Node `failed` is down: it gets no memory and no compute; the survivors keep what they have (Mode 1 with
/// the given eviction rule). `now` is the deployment before the failure.
[[nodiscard]] inline provisioning_mode_result
replan_after_failure(const provisioning_problem& total, const provisioning_deployment& now, std::size_t failed,
                     eviction_rule rule = eviction_rule::least_recently_used,
                     const provisioning_solver& solve = exact_provisioning_plan) {
    constexpr const char* fn = "offload::planning::replan_after_failure";
    if (failed >= total.node_count())
        offload::detail::throw_parameter_error(fn, "failed", static_cast<double>(failed), "must be a node index");
    std::vector<provisioning_node> nodes = total.nodes();
    nodes[failed].memory = 0.0;
    nodes[failed].compute = 0.0;
    const provisioning_problem down(total.models(), std::move(nodes), total.requests(), total.rejection_cost());
    provisioning_deployment survivors = now;
    if (survivors.models.size() == total.node_count()) survivors.models[failed].clear();
    provisioning_mode_result r = plan_mode(down, survivors, provisioning_mode::keep_and_evict, rule, solve);
    r.diff = diff_placement(r.problem, now.models, r.plan); // the failed node's models are gone too
    return r;
}

/// Node `returning` is back with `old_models` (its deployment before it went down); `now` is the deployment
/// of the others meanwhile (its entry for `returning` is replaced by old_models). The diff is against that. Its old models are offered back as hosted; the copies made elsewhere that the new
/// plan does not use are deleted (diff.remove); nothing else present is removed unless evicted (Mode 1).
[[nodiscard]] inline provisioning_mode_result
replan_after_return(const provisioning_problem& total, provisioning_deployment now, std::size_t returning,
                    std::vector<std::size_t> old_models, eviction_rule rule = eviction_rule::least_recently_used,
                    const provisioning_solver& solve = exact_provisioning_plan) {
    constexpr const char* fn = "offload::planning::replan_after_return";
    if (returning >= total.node_count())
        offload::detail::throw_parameter_error(fn, "returning", static_cast<double>(returning), "must be a node index");
    if (now.models.size() != total.node_count())
        offload::detail::throw_parameter_error(fn, "deployment.models.size", static_cast<double>(now.models.size()),
                                               "must equal nodes.size()");
    now.models[returning] = std::move(old_models); // it comes back with them
    const provisioning_deployment physical = now;
    provisioning_mode_result r = plan_mode(total, now, provisioning_mode::keep_and_evict, rule, solve);
    // copies placed on other nodes while `returning` was down, now served by nobody: delete them
    std::vector<std::vector<std::size_t>> keep(total.node_count());
    for (std::size_t i = 0; i < r.plan.dispatch.size(); ++i)
        if (r.plan.dispatch[i] != provisioning_plan::rejected)
            keep[r.plan.dispatch[i]].push_back(r.problem.request(i).model);
    std::vector<std::vector<std::size_t>> present = r.plan.placement;
    for (std::size_t j = 0; j < total.node_count(); ++j) {
        if (j == returning) continue;
        std::vector<std::size_t> next;
        for (std::size_t k : present[j]) {
            const bool used = std::find(keep[j].begin(), keep[j].end(), k) != keep[j].end();
            const bool was_on_returning =
                std::find(now.models[returning].begin(), now.models[returning].end(), k) != now.models[returning].end();
            if (used || !was_on_returning) next.push_back(k);
        }
        present[j] = std::move(next);
    }
    provisioning_problem p = detail::with_hosted(total, present, true);
    provisioning_plan x = make_provisioning_plan(p, r.plan.dispatch);
    placement_diff d = diff_placement(p, physical.models, x);
    return {std::move(p), std::move(x), std::move(d), std::move(r.evicted)};
}

} // namespace offload::planning
