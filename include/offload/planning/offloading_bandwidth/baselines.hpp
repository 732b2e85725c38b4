// offload/planning/offloading_bandwidth/baselines.hpp — the schemes seed 002 §VIII-A compares DDLO against: local
// processing only, edge processing only (each with the exact or the equal-split bandwidth), and enumeration
// ("greedy" in the seed; enumerate_offloading in exact.hpp, with bandwidth_rule::equal_split for the public code's
// variant). Every plan is scored by evaluate_offloading.
#pragma once

#include "offload/error.hpp"
#include "offload/planning/offloading_bandwidth/bandwidth.hpp"
#include "offload/planning/offloading_bandwidth/exact.hpp"
#include "offload/planning/offloading_bandwidth/problem.hpp"

namespace offload::planning {

/// Every task on its device (x = 0): no bandwidth is needed, so the rule does not matter.
[[nodiscard]] inline bandwidth_solution local_only_solution(const offloading_problem& p) {
    return optimal_bandwidth(p, local_only_decision(p));
}

/// Every task on the edge (x = 1) with the exact P2 allocation or the public code's equal split.
[[nodiscard]] inline bandwidth_solution edge_only_solution(const offloading_problem& p,
                                                           bandwidth_rule rule = bandwidth_rule::optimal) {
    if (rule == bandwidth_rule::optimal) return optimal_bandwidth(p, edge_only_decision(p));
    if (rule == bandwidth_rule::equal_split) return equal_split_bandwidth(p, edge_only_decision(p));
    offload::detail::throw_parameter_error("offload::planning::edge_only_solution", "rule",
                                           static_cast<double>(static_cast<int>(rule)),
                                           "must be bandwidth_rule::optimal or bandwidth_rule::equal_split");
}

} // namespace offload::planning
