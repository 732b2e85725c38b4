// offload/planning/multi_job/tabu_search.hpp — seed 001 Algorithm 2 ("multi-job allocation"), as literally as its text
// allows.
//
//   1. initial solution: earliest_completion_plan (jobs in release order, each on its earliest-completion
//      machine; offload/planning/multi_job/list_scheduling.hpp);
//   2. up to max_count passes (maxCount, line 10). Each pass clears the job tabu array (line 11) and takes n
//      steps (line 12); each step clears the machine tabu array (line 14), picks among the jobs not yet tabu
//      the one that completes earliest in the current schedule (line 15), marks it tabu (line 16), computes for
//      every machine j the reduction V_kj of the weighted total L*_sum when the job moves to j (lines 19–25)
//      and moves it to the machine of the largest reduction if that reduction is > 0 (line 26).
//
// Readings of the pseudo-code (docs/planning.md, "Algorithm 2"):
//   - line 21 says "swap job i"; the job chosen on line 15 is k, so we move k;
//   - tabu_m[j] is set once machine j has been evaluated and cleared before the next job (lines 14, 21): it
//     never excludes a machine, so it has no effect and we keep it only as the loop over machines;
//   - line 22 compares V_kj >= V_max: among equal reductions the later machine wins (servers by index, then
//     the device); a move needs V_max > 0 (line 26);
//   - "swap to machine j" changes only job k's machine; every server keeps release order (the seed's
//     "time sequence"). The prose adds "we calculate the deployment machine of other jobs using the above
//     heuristic greedy method"; re-running the greedy after each move would undo the previous moves, so we
//     do not;
//   - the objective is the weighted L*_sum (lines 6, 21), not the unweighted total Table VII prints;
//   - a pass without a move leaves the state unchanged, so the next passes would repeat it: we stop there
//     (same result as running the remaining maxCount passes, fewer evaluations).
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "offload/planning/multi_job/list_scheduling.hpp"
#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/schedule.hpp"

namespace offload::planning {

struct tabu_search_options {
    std::size_t max_count = 1000; ///< maxCount: number of passes at most

    friend bool operator==(const tabu_search_options&, const tabu_search_options&) = default;
};

struct tabu_search_result {
    plan best;              ///< final assignment, every server in release order
    std::size_t passes = 0; ///< passes run (the last one moved nothing unless max_count stopped the search)
    std::size_t moves = 0;  ///< accepted moves

    friend bool operator==(const tabu_search_result&, const tabu_search_result&) = default;
};

/// Seed 001 Algorithm 2 on problem p (see the header comment for the readings of its pseudo-code).
[[nodiscard]] inline tabu_search_result tabu_search(const planning_problem& p, tabu_search_options options = {}) {
    const std::size_t n = p.job_count();
    const std::size_t machines = p.server_count() + 1;
    const std::vector<std::size_t> by_release = detail::release_order(p);
    std::vector<std::size_t> machine = earliest_completion_plan(p).machine;
    std::vector<double> scratch(p.server_count());
    double current = detail::weighted_total_in_release_order(p, machine, by_release, scratch);

    std::vector<double> completion(n);
    const auto completions = [&] {
        std::fill(scratch.begin(), scratch.end(), -infinity);
        for (std::size_t i : by_release) {
            const planning_job& job = p.job(i);
            const std::size_t m = machine[i];
            if (m >= p.server_count()) {
                completion[i] = job.release_time + job.device_time;
            } else {
                scratch[m] = std::max(scratch[m], job.release_time + job.transmission_time[m]) + job.processing_time[m];
                completion[i] = scratch[m];
            }
        }
    };

    tabu_search_result result;
    std::vector<char> tabu_job(n);
    std::vector<char> tabu_machine(machines);
    for (std::size_t count = options.max_count; count > 0; --count) {
        ++result.passes;
        std::fill(tabu_job.begin(), tabu_job.end(), 0); // line 11
        bool moved = false;
        for (std::size_t step = 0; step < n; ++step) {              // line 12
            std::fill(tabu_machine.begin(), tabu_machine.end(), 0); // line 14
            completions();
            std::size_t k = n; // line 15
            for (std::size_t i = 0; i < n; ++i)
                if (!tabu_job[i] && (k == n || completion[i] < completion[k])) k = i;
            tabu_job[k] = 1;    // line 16
            double v_max = 0.0; // line 18
            std::size_t swap = machine[k];
            const std::size_t home = machine[k];
            for (std::size_t j = 0; j < machines; ++j) { // line 19
                if (tabu_machine[j]) continue;           // line 20
                if (j == p.device_machine() && !(p.job(k).device_time < infinity)) continue;
                machine[k] = j;
                const double v = current - detail::weighted_total_in_release_order(p, machine, by_release, scratch);
                tabu_machine[j] = 1; // line 21
                if (v >= v_max) {    // lines 22-24
                    v_max = v;
                    swap = j;
                }
            }
            machine[k] = home;
            if (v_max > 0.0) { // lines 26-27
                machine[k] = swap;
                current = detail::weighted_total_in_release_order(p, machine, by_release, scratch);
                ++result.moves;
                moved = true;
            }
        }
        if (!moved) break; // line 28 (see header)
    }
    result.best = make_plan(p, std::move(machine));
    return result;
}

} // namespace offload::planning
