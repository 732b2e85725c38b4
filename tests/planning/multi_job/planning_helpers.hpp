// tests/planning/multi_job/planning_helpers.hpp — a brute-force optimum for the planning tests.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"
#include "offload/planning/multi_job/schedule.hpp"

namespace offload::test {

using planning::random_planning_problem;

/// min over every assignment and every order on every server of sum w (E - R), by enumeration
inline double brute_force_optimum(const planning::planning_problem& p) {
    const std::size_t n = p.job_count();
    const std::size_t m = p.server_count();
    double best = std::numeric_limits<double>::infinity();
    planning::plan x{std::vector<std::size_t>(n, 0), std::vector<std::vector<std::size_t>>(m)};
    // for a fixed assignment, try every permutation of each server's jobs
    std::function<void(std::size_t)> orders = [&](std::size_t j) {
        if (j == m) {
            best = std::min(best, planning::evaluate(p, x).weighted_total_response);
            return;
        }
        auto& seq = x.sequence[j];
        std::sort(seq.begin(), seq.end());
        do {
            orders(j + 1);
        } while (std::next_permutation(seq.begin(), seq.end()));
    };
    std::function<void(std::size_t)> assign = [&](std::size_t i) {
        if (i == n) {
            for (auto& seq : x.sequence) seq.clear();
            for (std::size_t k = 0; k < n; ++k)
                if (x.machine[k] < m) x.sequence[x.machine[k]].push_back(k);
            orders(0);
            return;
        }
        for (std::size_t machine = 0; machine <= m; ++machine) {
            if (machine == m && !(p.job(i).device_time < std::numeric_limits<double>::infinity())) continue;
            x.machine[i] = machine;
            assign(i + 1);
        }
    };
    assign(0);
    return best;
}

} // namespace offload::test
