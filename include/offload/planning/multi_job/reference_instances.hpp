// offload/planning/multi_job/reference_instances.hpp — published instances of the multi-job allocation problem.
//
// icu_ten_jobs: seed 001 Table VI (§VIII-C), ten ICU inference jobs on one cloud server (server 0), one edge
// server (server 1) and one Raspberry Pi per patient. The seed normalises its measured times to integer time
// units (C3); we keep those numbers and read one unit as one second. Columns as read from the table: release
// time, priority weight, cloud processing, cloud transmission, edge processing, edge transmission, device
// processing. docs/planning.md discusses the reading and what it reproduces of Table VII.
//
// random_planning_problem: reproducible random instances for tests, benchmarks and gap measurements (the same
// numbers with every standard library: std::mt19937_64 is specified bit for bit, and we map its output to
// [0, 1) ourselves instead of using std::uniform_real_distribution).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <utility>
#include <vector>

#include "offload/planning/multi_job/problem.hpp"

namespace offload::planning {

[[nodiscard]] inline planning_problem icu_ten_jobs() {
    struct row {
        double release, weight, cloud_processing, cloud_transmission, edge_processing, edge_transmission, device;
    };
    constexpr std::array<row, 10> table{{
        {1, 2, 6, 56, 9, 11, 14},  // J1
        {1, 2, 3, 32, 3, 6, 12},   // J2
        {3, 1, 4, 12, 6, 2, 49},   // J3
        {5, 1, 7, 23, 11, 5, 69},  // J4
        {10, 2, 4, 27, 5, 5, 11},  // J5
        {20, 2, 5, 70, 5, 14, 22}, // J6
        {21, 2, 5, 70, 5, 14, 22}, // J7
        {21, 1, 4, 12, 6, 2, 49},  // J8
        {22, 1, 4, 12, 6, 2, 49},  // J9
        {25, 1, 7, 23, 11, 5, 69}, // J10
    }};
    std::vector<planning_job> jobs;
    jobs.reserve(table.size());
    for (const row& r : table)
        jobs.push_back({r.release,
                        r.weight,
                        {r.cloud_transmission, r.edge_transmission},
                        {r.cloud_processing, r.edge_processing},
                        r.device});
    return planning_problem(std::move(jobs), 2);
}

/// n jobs on `servers` shared servers, released uniformly over [0, release_spread * n); weights in [1, 3),
/// transmissions in [0, 20), processing in [1, 12) on each server, device times in [5, 60) (time units). With
/// `integral` every value is rounded down to an integer (many ties, as in the seed's Table VI). release_spread
/// sets the load: about 1 keeps two servers busy, 0.1 overloads ten.
[[nodiscard]] inline planning_problem random_planning_problem(std::size_t n, std::size_t servers, unsigned seed,
                                                              bool integral = true, double release_spread = 3.0) {
    constexpr const char* fn = "offload::planning::random_planning_problem";
    offload::detail::require_non_negative(release_spread, fn, "release_spread");
    if (n > 100'000'000) offload::detail::throw_parameter_error(fn, "n", static_cast<double>(n), "must be <= 1e8");
    // issue 18 #14: the instance holds about n (2 servers + 4) doubles; both sizes are checked before allocating
    if (servers > planning_problem::max_servers)
        offload::detail::throw_parameter_error(fn, "servers", static_cast<double>(servers), "must be <= 1e6");
    if (static_cast<double>(n) * static_cast<double>(servers + 1) > 1.0e8)
        offload::detail::throw_parameter_error(fn, "servers", static_cast<double>(servers),
                                               "n (servers + 1) must be <= 1e8");
    std::mt19937_64 rng(seed);
    const auto draw = [&](double lo, double hi) {
        const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
        const double x = lo + (hi - lo) * unit;
        return integral ? std::floor(x) : x;
    };
    std::vector<planning_job> jobs(n);
    for (planning_job& job : jobs) {
        job.release_time = draw(0.0, release_spread * static_cast<double>(n));
        job.weight = draw(1.0, 3.0);
        job.transmission_time.resize(servers);
        job.processing_time.resize(servers);
        for (std::size_t j = 0; j < servers; ++j) {
            job.transmission_time[j] = draw(0.0, 20.0);
            job.processing_time[j] = draw(1.0, 12.0);
        }
        job.device_time = draw(5.0, 60.0);
    }
    return planning_problem(std::move(jobs), servers);
}

} // namespace offload::planning
