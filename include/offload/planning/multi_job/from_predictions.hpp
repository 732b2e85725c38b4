// offload/planning/multi_job/from_predictions.hpp — a multi-job allocation problem built from the library's own
// predictions instead of hand-computed times.
//
// Each job is an inference workload in Algorithm 1's terms (seed 001, §III-B: FLOPs per unit of data and data
// size) with a release time and a weight; the machines are the device / edge / cloud tiers of a
// tier_environment (offload/decision/tier.hpp), with any number of cloud and edge servers of the same
// hardware. The times are Algorithm 1's step 1 (estimate_tier_times), the seed's own way of filling Table VI:
//     on a cloud server  D_ij = lambda1 s D_CC,u   I_ij = lambda2 s comp / CR_CC
//     on an edge server  D_ij = lambda1 s D_ES,u   I_ij = lambda2 s comp / CR_ES
//     on the device      device_time_i = lambda2 s comp / CR_ED   (no transmission, assumption a)
// Servers are numbered cloud first, then edge (as icu_ten_jobs: server 0 cloud, server 1 edge). The estimate is
// load-free: contention between the jobs is what the planner itself schedules, so no queueing delay is added
// (a queueing prediction would count the same contention twice).
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "offload/decision/tier.hpp"
#include "offload/error.hpp"
#include "offload/planning/multi_job/problem.hpp"

namespace offload::planning {

/// One job described by its workload instead of its times.
struct predicted_job {
    double release_time = 0.0; ///< R_i, seconds, finite
    double weight = 1.0;       ///< w_i > 0, finite
    tier_workload workload;    ///< comp (FLOPs per unit of data) > 0 and s (units of data) > 0
    bool has_device = true;    ///< false: the job's end device cannot run it (device_time = +inf)

    friend bool operator==(const predicted_job&, const predicted_job&) = default;
};

/// How many shared servers of each tier (all of one tier share the tier_environment's hardware).
struct server_counts {
    std::size_t cloud = 1;
    std::size_t edge = 1;

    friend bool operator==(const server_counts&, const server_counts&) = default;
};

/// The shared server index of the k-th cloud server (cloud servers come first).
[[nodiscard]] constexpr std::size_t cloud_server(std::size_t k) noexcept { return k; }
/// The shared server index of the k-th edge server (after every cloud server).
[[nodiscard]] constexpr std::size_t edge_server(const server_counts& counts, std::size_t k) noexcept {
    return counts.cloud + k;
}

/// The planning problem whose times are Algorithm 1's load-free tier estimates (see the header comment).
/// Throws parameter_error naming `jobs[i].release_time`, `jobs[i].weight`, `jobs[i].workload.model_flops`,
/// `jobs[i].workload.data_size` (also when a time overflows to +inf), or `servers` (more than
/// planning_problem::max_servers, or no server while a job has no device).
[[nodiscard]] inline planning_problem problem_from_tier_estimates(const tier_environment& env,
                                                                  const std::vector<predicted_job>& jobs,
                                                                  server_counts servers = {}) {
    constexpr const char* fn = "offload::planning::problem_from_tier_estimates";
    const auto fail = [&](std::size_t i, const char* field, double value, const char* requirement) {
        const std::string name = "jobs[" + std::to_string(i) + "]." + field;
        offload::detail::throw_parameter_error(fn, name.c_str(), value, requirement);
    };
    if (servers.cloud > planning_problem::max_servers || servers.edge > planning_problem::max_servers - servers.cloud)
        offload::detail::throw_parameter_error(fn, "servers", static_cast<double>(servers.cloud + servers.edge),
                                               "cloud + edge must be <= 1e6");
    const std::size_t m = servers.cloud + servers.edge;
    std::vector<planning_job> out;
    out.reserve(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const predicted_job& job = jobs[i];
        if (!std::isfinite(job.release_time)) fail(i, "release_time", job.release_time, "must be finite");
        if (!(job.weight > 0.0 && job.weight < infinity)) fail(i, "weight", job.weight, "must be finite and > 0");
        if (!(job.workload.model_flops > 0.0 && job.workload.model_flops < infinity))
            fail(i, "workload.model_flops", job.workload.model_flops, "must be finite and > 0");
        if (!(job.workload.data_size > 0.0 && job.workload.data_size < infinity))
            fail(i, "workload.data_size", job.workload.data_size, "must be finite and > 0");
        if (m == 0 && !job.has_device)
            offload::detail::throw_parameter_error(fn, "servers", 0.0,
                                                   "must name at least one server when a job has no device");
        const tier_times t = estimate_tier_times(env, job.workload);
        for (double x : {t.total[0], t.total[1], t.total[2]})
            if (!(x < infinity))
                fail(i, "workload.data_size", job.workload.data_size, "gives a time that overflows to +inf");
        planning_job p;
        p.release_time = job.release_time;
        p.weight = job.weight;
        p.transmission_time.reserve(m);
        p.processing_time.reserve(m);
        for (std::size_t j = 0; j < m; ++j) {
            const auto k = static_cast<std::size_t>(j < servers.cloud ? tier::cloud : tier::edge);
            p.transmission_time.push_back(t.transmission[k]);
            p.processing_time.push_back(t.inference[k]);
        }
        p.device_time = job.has_device ? t.inference[static_cast<std::size_t>(tier::device)] : infinity;
        out.push_back(std::move(p));
    }
    return planning_problem(std::move(out), m);
}

} // namespace offload::planning
