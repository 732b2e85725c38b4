// offload/planning/list_scheduling.hpp — fast heuristics for large instances.
//
// earliest_completion_plan: the jobs in release order, each placed on the machine where it completes
// earliest given the jobs placed before it (seed 001 §VI: "the earliest released job has the shortest response
// time"; this is Algorithm 2's initial solution). O(n m).
//
// list_schedule_and_improve: that plan, then passes of single-job moves (job k to another machine, every
// server kept in release order) accepted when the objective sum w_i (E_i - R_i) decreases. A move changes only
// the two machines involved, so it is evaluated in O(n_a + n_b), a pass in O(n^2) in the worst case and
// O(n^2 / m) when the servers share the load. Never better than the exact optimum (offload/planning/
// branch_and_bound.hpp); its measured gap is in docs/planning.md.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "offload/planning/problem.hpp"
#include "offload/planning/schedule.hpp"

namespace offload::planning {

/// Jobs in release order, each on the machine of earliest completion (servers by index, then the device; the
/// first minimum wins); every server in release order.
[[nodiscard]] inline plan earliest_completion_plan(const planning_problem& p) {
    std::vector<double> server_free(p.server_count(), -infinity);
    std::vector<std::size_t> machine(p.job_count(), 0);
    for (std::size_t i : detail::release_order(p)) {
        const planning_job& job = p.job(i);
        double best = infinity;
        std::size_t best_machine = p.device_machine();
        for (std::size_t j = 0; j < p.server_count(); ++j) {
            const double end =
                std::max(server_free[j], job.release_time + job.transmission_time[j]) + job.processing_time[j];
            if (end < best) {
                best = end;
                best_machine = j;
            }
        }
        // the device is last in the scan: it wins only when strictly earlier than every server
        if (job.release_time + job.device_time < best) best_machine = p.device_machine();
        if (best_machine < p.server_count()) server_free[best_machine] = best;
        machine[i] = best_machine;
    }
    return make_plan(p, std::move(machine));
}

struct improvement_options {
    std::size_t max_passes = 4; ///< passes over all jobs; stops earlier when a pass moves nothing

    friend bool operator==(const improvement_options&, const improvement_options&) = default;
};

namespace detail {

/// sum w (E - R) of the jobs in `list` (ascending release rank) on server j, with `skip` left out and
/// `insert` added at its release rank (pass p.job_count() for none).
[[nodiscard]] inline double server_cost(const planning_problem& p, std::size_t j, const std::vector<std::size_t>& list,
                                        const std::vector<std::size_t>& rank, std::size_t skip,
                                        std::size_t insert) noexcept {
    double free_at = -infinity;
    double total = 0.0;
    const auto add = [&](std::size_t i) {
        const planning_job& job = p.job(i);
        free_at = std::max(free_at, job.release_time + job.transmission_time[j]) + job.processing_time[j];
        total += job.weight * (free_at - job.release_time);
    };
    bool inserted = insert >= p.job_count();
    for (std::size_t i : list) {
        if (!inserted && rank[insert] < rank[i]) {
            add(insert);
            inserted = true;
        }
        if (i != skip) add(i);
    }
    if (!inserted) add(insert);
    return total;
}

} // namespace detail

/// earliest_completion_plan improved by single-job moves (first improvement, servers in release order).
[[nodiscard]] inline plan list_schedule_and_improve(const planning_problem& p, improvement_options options = {}) {
    const std::size_t n = p.job_count();
    const std::size_t m = p.server_count();
    plan x = earliest_completion_plan(p);
    std::vector<std::size_t> rank(n);
    const std::vector<std::size_t> by_release = detail::release_order(p);
    for (std::size_t r = 0; r < n; ++r) rank[by_release[r]] = r;
    std::vector<double> cost(m);
    for (std::size_t j = 0; j < m; ++j) cost[j] = detail::server_cost(p, j, x.sequence[j], rank, n, n);
    for (std::size_t pass = 0; pass < options.max_passes; ++pass) {
        bool moved = false;
        for (std::size_t k : by_release) {
            const planning_job& job = p.job(k);
            const std::size_t from = x.machine[k];
            const double cost_from = from < m ? cost[from] : job.weight * job.device_time;
            const double from_without = from < m ? detail::server_cost(p, from, x.sequence[from], rank, k, n) : 0.0;
            double best_gain = 0.0;
            double best_to_cost = 0.0;
            std::size_t best_to = from;
            for (std::size_t to = 0; to <= m; ++to) {
                if (to == from) continue;
                double to_before = 0.0;
                double to_after = 0.0;
                if (to < m) {
                    to_before = cost[to];
                    to_after = detail::server_cost(p, to, x.sequence[to], rank, n, k);
                } else {
                    if (!(job.device_time < infinity)) continue;
                    to_after = job.weight * job.device_time;
                }
                const double gain = (cost_from + to_before) - (from_without + to_after);
                if (gain > best_gain * (1.0 + 1e-12) + 1e-12 * (cost_from + to_before)) {
                    best_gain = gain;
                    best_to = to;
                    best_to_cost = to_after;
                }
            }
            if (best_to == from) continue;
            moved = true;
            if (from < m) {
                auto& seq = x.sequence[from];
                seq.erase(std::find(seq.begin(), seq.end(), k));
                cost[from] = from_without;
            }
            if (best_to < m) {
                auto& seq = x.sequence[best_to];
                seq.insert(std::upper_bound(seq.begin(), seq.end(), k,
                                            [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; }),
                           k);
                cost[best_to] = best_to_cost;
            }
            x.machine[k] = best_to;
        }
        if (!moved) break;
    }
    return x;
}

} // namespace offload::planning
