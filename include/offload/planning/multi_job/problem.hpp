// offload/planning/multi_job/problem.hpp — the multi-job allocation problem: n jobs, shared servers, one end device per job.
//
// Model (seed 001 §V, Table II): job i is released at R_i with priority weight w_i > 0. On shared server j
// (any number of cloud and edge servers) it needs a transmission time D_ij and then a processing time I_ij;
// on its own end device it needs device_time_i and no transmission. Servers run one job at a time without
// preemption (C1, C2); a job's data may travel to a server while another job runs there (C4). Devices are
// never shared. Times are real seconds (the seed's integer time units, C3, are a special case). The
// sequencing rules and the objective are in offload/planning/multi_job/schedule.hpp; docs/planning.md has the details.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "offload/error.hpp"

namespace offload::planning {

/// One job's data. transmission_time and processing_time hold one entry per shared server (seconds).
/// device_time = +inf means the job has no end device able to run it.
struct planning_job {
    double release_time = 0.0;
    double weight = 1.0;
    std::vector<double> transmission_time;
    std::vector<double> processing_time;
    double device_time = std::numeric_limits<double>::infinity();

    friend bool operator==(const planning_job&, const planning_job&) = default;
};

/// A validated instance: every job has one (transmission, processing) pair per shared server, finite
/// non-negative times, a finite release time, a finite weight > 0 and at least one machine that can run it.
class planning_problem {
public:
    /// server_count shared servers (0 is allowed when every job has a device). Throws parameter_error naming
    /// `jobs[i].field` (or `jobs[i].processing_time[j]`) and the value.
    planning_problem(std::vector<planning_job> jobs, std::size_t server_count)
        : jobs_(std::move(jobs)), servers_(server_count) {
        if (servers_ > max_servers)
            offload::detail::throw_parameter_error("offload::planning::planning_problem", "server_count",
                                                   static_cast<double>(servers_), "must be <= 1e6");
        for (std::size_t i = 0; i < jobs_.size(); ++i) {
            const planning_job& job = jobs_[i];
            if (!(job.release_time > -infinity && job.release_time < infinity))
                fail(i, "release_time", job.release_time, "must be finite");
            if (!(job.weight > 0.0 && job.weight < infinity)) fail(i, "weight", job.weight, "must be finite and > 0");
            if (!(job.device_time >= 0.0)) fail(i, "device_time", job.device_time, "must be >= 0 (+inf: no device)");
            if (job.transmission_time.size() != servers_)
                fail(i, "transmission_time.size", static_cast<double>(job.transmission_time.size()),
                     "must equal server_count");
            if (job.processing_time.size() != servers_)
                fail(i, "processing_time.size", static_cast<double>(job.processing_time.size()),
                     "must equal server_count");
            for (std::size_t j = 0; j < servers_; ++j) {
                if (!(job.transmission_time[j] >= 0.0 && job.transmission_time[j] < infinity))
                    fail(i, "transmission_time[" + std::to_string(j) + "]", job.transmission_time[j],
                         "must be finite and >= 0");
                if (!(job.processing_time[j] >= 0.0 && job.processing_time[j] < infinity))
                    fail(i, "processing_time[" + std::to_string(j) + "]", job.processing_time[j],
                         "must be finite and >= 0");
            }
            if (servers_ == 0 && !(job.device_time < infinity))
                fail(i, "device_time", job.device_time,
                     "must be finite when there is no shared server (empty machine set)");
        }
    }

    [[nodiscard]] const std::vector<planning_job>& jobs() const noexcept { return jobs_; }
    [[nodiscard]] const planning_job& job(std::size_t i) const noexcept { return jobs_[i]; }
    [[nodiscard]] std::size_t job_count() const noexcept { return jobs_.size(); }
    /// shared servers; machine index server_count() stands for "the job's own device"
    [[nodiscard]] std::size_t server_count() const noexcept { return servers_; }
    [[nodiscard]] std::size_t device_machine() const noexcept { return servers_; }

    friend bool operator==(const planning_problem&, const planning_problem&) = default;

    static constexpr std::size_t max_servers = 1000000;

private:
    /// throws parameter_error for `jobs[i].<field>` (the name is built only when something is wrong)
    [[noreturn]] static void fail(std::size_t i, const std::string& field, double value, const char* requirement) {
        const std::string name = "jobs[" + std::to_string(i) + "]." + field;
        offload::detail::throw_parameter_error("offload::planning::planning_problem", name.c_str(), value, requirement);
    }

    std::vector<planning_job> jobs_;
    std::size_t servers_;
};

/// Time job i needs on machine m from its release to its completion when it waits for nobody:
/// D_im + I_im on a server, device_time_i on the device (machine index server_count()).
[[nodiscard]] inline double unloaded_response_time(const planning_problem& p, std::size_t i,
                                                   std::size_t machine) noexcept {
    const planning_job& job = p.job(i);
    return machine < p.server_count() ? job.transmission_time[machine] + job.processing_time[machine] : job.device_time;
}

} // namespace offload::planning
