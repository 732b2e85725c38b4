// offload/planning/multi_job/baselines.hpp — the comparison strategies of seed 001 Table VII: every job on one server,
// every job on its own device, and every job on its individually best machine (the machine with the least
// unloaded response time D_ij + I_ij, as seed Algorithm 1 chooses a tier for one job in isolation).
// Each returns a plan; offload/planning/multi_job/schedule.hpp's evaluate() turns it into a schedule.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/schedule.hpp"

namespace offload::planning {

/// Every job on shared server `server`, ordered by `rule`. Throws parameter_error when server >= server_count.
[[nodiscard]] inline plan all_on_server(const planning_problem& p, std::size_t server,
                                        sequencing_rule rule = sequencing_rule::release_order) {
    offload::detail::require_enumerator(rule, sequencing_rule::arrival_order, "offload::planning::all_on_server",
                                        "rule");
    if (server >= p.server_count())
        offload::detail::throw_parameter_error("offload::planning::all_on_server", "server",
                                               static_cast<double>(server), "must be < server_count");
    return make_plan(p, std::vector<std::size_t>(p.job_count(), server), rule);
}

/// Every job on its own device. Throws parameter_error (`machine[i]`) when a job has no device.
[[nodiscard]] inline plan all_on_devices(const planning_problem& p) {
    return make_plan(p, std::vector<std::size_t>(p.job_count(), p.device_machine()));
}

/// Every job on the machine with the least unloaded response time (servers in index order, then the device;
/// the first minimum wins, as Algorithm 1's strict "<" does), servers ordered by `rule`. Ignores the other
/// jobs: this is the seed's "optimal layer for each job" row.
[[nodiscard]] inline plan individually_best(const planning_problem& p,
                                            sequencing_rule rule = sequencing_rule::release_order) {
    offload::detail::require_enumerator(rule, sequencing_rule::arrival_order, "offload::planning::individually_best",
                                        "rule");
    std::vector<std::size_t> machine(p.job_count(), 0);
    for (std::size_t i = 0; i < p.job_count(); ++i) {
        double best = infinity;
        std::size_t best_machine = p.device_machine();
        for (std::size_t m = 0; m <= p.device_machine(); ++m) {
            const double t = unloaded_response_time(p, i, m);
            if (t < best) {
                best = t;
                best_machine = m;
            }
        }
        machine[i] = best_machine;
    }
    return make_plan(p, std::move(machine), rule);
}

} // namespace offload::planning
