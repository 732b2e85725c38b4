// offload/planning/reference_instances.hpp — published instances of the multi-job allocation problem.
//
// icu_ten_jobs: seed 001 Table VI (§VIII-C), ten ICU inference jobs on one cloud server (server 0), one edge
// server (server 1) and one Raspberry Pi per patient. The seed normalises its measured times to integer time
// units (C3); we keep those numbers and read one unit as one second. Columns as read from the table: release
// time, priority weight, cloud processing, cloud transmission, edge processing, edge transmission, device
// processing. docs/planning.md discusses the reading and what it reproduces of Table VII.
#pragma once

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "offload/planning/problem.hpp"

namespace offload::planning {

[[nodiscard]] inline planning_problem icu_ten_jobs() {
    struct row {
        double release, weight, cloud_processing, cloud_transmission, edge_processing, edge_transmission, device;
    };
    constexpr std::array<row, 10> table{{
        {1, 2, 6, 56, 9, 11, 14},   // J1
        {1, 2, 3, 32, 3, 6, 12},    // J2
        {3, 1, 4, 12, 6, 2, 49},    // J3
        {5, 1, 7, 23, 11, 5, 69},   // J4
        {10, 2, 4, 27, 5, 5, 11},   // J5
        {20, 2, 5, 70, 5, 14, 22},  // J6
        {21, 2, 5, 70, 5, 14, 22},  // J7
        {21, 1, 4, 12, 6, 2, 49},   // J8
        {22, 1, 4, 12, 6, 2, 49},   // J9
        {25, 1, 7, 23, 11, 5, 69},  // J10
    }};
    std::vector<planning_job> jobs;
    jobs.reserve(table.size());
    for (const row& r : table)
        jobs.push_back({r.release, r.weight, {r.cloud_transmission, r.edge_transmission},
                        {r.cloud_processing, r.edge_processing}, r.device});
    return planning_problem(std::move(jobs), 2);
}

} // namespace offload::planning
