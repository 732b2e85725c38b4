// offload/planning/multi_job/list_scheduling.hpp — fast heuristics for large instances.
//
// earliest_completion_plan: the jobs in release order, each placed on the machine where it completes
// earliest given the jobs placed before it (seed 001 §VI: "the earliest released job has the shortest response
// time"; this is Algorithm 2's initial solution). O(n m).
//
// list_schedule_and_improve: that plan, then passes of two local moves, each accepted when the objective
// sum_i w_i (E_i - R_i) decreases:
//   - relocate: job k to another machine; on a server it goes right after the jobs that complete by the time
//     its data arrives, or up to insertion_window positions later. Only the two machines involved change,
//     and only until their completion times fall back onto the old ones: a move costs O(log n_b) plus the
//     jobs it delays;
//   - adjacent swap: two neighbours in a server's sequence change places; the schedule changes only until
//     the server's completion times fall back onto the old ones, so a swap usually costs O(1).
// A pass is O(n^2) in the worst case and O(n^2 / m) when the servers share the load. Never better than the
// exact optimum (offload/planning/multi_job/branch_and_bound.hpp); its measured gap is in docs/planning.md.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/schedule.hpp"

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
    std::size_t max_passes = 8;       ///< passes of both moves over all jobs; stops earlier when a pass changes nothing
    std::size_t insertion_window = 2; ///< a relocated job also tries the next this-many positions on a server

    friend bool operator==(const improvement_options&, const improvement_options&) = default;
};

namespace detail {

/// completion times of server j's sequence from position `from` on (completion[k] for seq[k])
inline void server_completions(const planning_problem& p, std::size_t j, const std::vector<std::size_t>& seq,
                               std::vector<double>& completion, std::size_t from) {
    completion.resize(seq.size());
    double free_at = from == 0 ? -infinity : completion[from - 1];
    for (std::size_t k = from; k < seq.size(); ++k) {
        const planning_job& job = p.job(seq[k]);
        free_at = std::max(free_at, job.release_time + job.transmission_time[j]) + job.processing_time[j];
        completion[k] = free_at;
    }
}

/// One sweep of adjacent swaps over server j's sequence (first improvement); returns the change of its cost.
inline double adjacent_swap_sweep(const planning_problem& p, std::size_t j, std::vector<std::size_t>& seq,
                                  std::vector<double>& completion, double cost) {
    server_completions(p, j, seq, completion, 0);
    double change = 0.0;
    for (std::size_t k = 0; k + 1 < seq.size(); ++k) {
        double f = k == 0 ? -infinity : completion[k - 1];
        double delta = 0.0;
        for (std::size_t pos = k; pos < seq.size(); ++pos) {
            const std::size_t i = pos == k ? seq[k + 1] : pos == k + 1 ? seq[k] : seq[pos];
            const double old_completion = pos == k ? completion[k + 1] : pos == k + 1 ? completion[k] : completion[pos];
            const planning_job& job = p.job(i);
            f = std::max(f, job.release_time + job.transmission_time[j]) + job.processing_time[j];
            delta += job.weight * (f - old_completion);
            if (pos >= k + 1 && f == completion[pos]) break; // the rest of the schedule is unchanged
        }
        if (delta < -1e-12 * (1.0 + std::abs(cost + change))) {
            std::swap(seq[k], seq[k + 1]);
            server_completions(p, j, seq, completion, k);
            change += delta;
        }
    }
    return change;
}

} // namespace detail

/// earliest_completion_plan improved by relocations and adjacent swaps (first improvement; see above).
[[nodiscard]] inline plan list_schedule_and_improve(const planning_problem& p, improvement_options options = {}) {
    const std::size_t m = p.server_count();
    plan x = earliest_completion_plan(p);
    const std::vector<std::size_t> by_release = detail::release_order(p);
    std::vector<std::vector<double>> completion(m);
    for (std::size_t j = 0; j < m; ++j) detail::server_completions(p, j, x.sequence[j], completion[j], 0);
    const auto ready = [&](std::size_t i, std::size_t j) {
        return p.job(i).release_time + p.job(i).transmission_time[j];
    };
    // change of server j's cost when job k leaves position q (O(1) when the schedule re-synchronises)
    const auto removal_change = [&](std::size_t j, std::size_t q) {
        const auto& seq = x.sequence[j];
        const auto& c = completion[j];
        const planning_job& job = p.job(seq[q]);
        double delta = -job.weight * (c[q] - job.release_time);
        double f = q == 0 ? -infinity : c[q - 1];
        for (std::size_t pos = q + 1; pos < seq.size(); ++pos) {
            const planning_job& other = p.job(seq[pos]);
            f = std::max(f, ready(seq[pos], j)) + other.processing_time[j];
            delta += other.weight * (f - c[pos]);
            if (f == c[pos]) break;
        }
        return delta;
    };
    // position where job k joins server j: after the jobs that complete by the time its data arrives
    const auto insertion_point = [&](std::size_t j, std::size_t k) {
        const auto& c = completion[j];
        return static_cast<std::size_t>(std::upper_bound(c.begin(), c.end(), ready(k, j)) - c.begin());
    };
    const auto insertion_change = [&](std::size_t j, std::size_t k, std::size_t q) {
        const auto& seq = x.sequence[j];
        const auto& c = completion[j];
        const planning_job& job = p.job(k);
        double f = std::max(q == 0 ? -infinity : c[q - 1], ready(k, j)) + job.processing_time[j];
        double delta = job.weight * (f - job.release_time);
        for (std::size_t pos = q; pos < seq.size(); ++pos) {
            const planning_job& other = p.job(seq[pos]);
            f = std::max(f, ready(seq[pos], j)) + other.processing_time[j];
            delta += other.weight * (f - c[pos]);
            if (f == c[pos]) break;
        }
        return delta;
    };
    double scale = evaluate(p, x).weighted_total_response;
    for (std::size_t pass = 0; pass < options.max_passes; ++pass) {
        bool changed = false;
        for (std::size_t k : by_release) {
            const planning_job& job = p.job(k);
            const std::size_t from = x.machine[k];
            std::size_t from_position = 0;
            double leave = -job.weight * job.device_time;
            if (from < m) {
                const auto& seq = x.sequence[from];
                from_position = static_cast<std::size_t>(std::find(seq.begin(), seq.end(), k) - seq.begin());
                leave = removal_change(from, from_position);
            }
            double best = -1e-12 * (1.0 + std::abs(scale));
            std::size_t best_to = from;
            std::size_t best_position = 0;
            for (std::size_t to = 0; to <= m; ++to) {
                if (to == from) continue;
                if (to == m) {
                    if (!(job.device_time < infinity)) continue;
                    const double change = leave + job.weight * job.device_time;
                    if (change < best) {
                        best = change;
                        best_to = to;
                    }
                    continue;
                }
                const std::size_t first = insertion_point(to, k);
                const std::size_t last = std::min(first + options.insertion_window, x.sequence[to].size());
                for (std::size_t q = first; q <= last; ++q) {
                    const double change = leave + insertion_change(to, k, q);
                    if (change < best) {
                        best = change;
                        best_to = to;
                        best_position = q;
                    }
                }
            }
            if (best_to == from) continue;
            changed = true;
            if (from < m) {
                auto& seq = x.sequence[from];
                seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(from_position));
                detail::server_completions(p, from, seq, completion[from], from_position);
            }
            if (best_to < m) {
                auto& seq = x.sequence[best_to];
                seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(best_position), k);
                detail::server_completions(p, best_to, seq, completion[best_to], best_position);
            }
            x.machine[k] = best_to;
            scale += best;
        }
        for (std::size_t j = 0; j < m; ++j) {
            const double change = detail::adjacent_swap_sweep(p, j, x.sequence[j], completion[j], scale);
            if (change < 0.0) {
                scale += change;
                changed = true;
            }
        }
        if (!changed) break;
    }
    return x;
}

} // namespace offload::planning
