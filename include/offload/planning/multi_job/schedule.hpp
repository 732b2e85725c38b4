// offload/planning/multi_job/schedule.hpp — a plan (assignment + processing order per shared server), the schedule it
// produces, and the one evaluator every solver's plan goes through.
//
// Sequencing rules (seed 001 §V, C1–C5; docs/planning.md):
//   - the transmission of job i to server j starts at its release R_i and ends at R_i + D_ij; transmissions
//     never wait for each other nor for the server (each device has its own link; C4: data may arrive while
//     another job runs);
//   - server j processes its jobs one at a time, without preemption, in the plan's order (C1, C2); job i
//     starts at S_i = max(R_i + D_ij, completion of its predecessor on j) and completes at E_i = S_i + I_ij;
//   - on its own device job i starts at R_i and completes at R_i + device_time_i;
//   - objective: sum_i w_i (E_i - R_i) (eq. 5 read with one subtraction of R_i: the seed defines L_i as E_i
//     minus R_i and then subtracts R_i again; we subtract it once). The unweighted sum of E_i - R_i and the
//     last completion max_i E_i are reported too, because the seed's Table VII reports those.
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/multi_job/problem.hpp"

namespace offload::planning {

/// What a solver returns: per job its machine (a server index, or problem.device_machine() for its own
/// device) and, per shared server, the jobs it processes in order.
struct plan {
    std::vector<std::size_t> machine;
    std::vector<std::vector<std::size_t>> sequence;

    friend bool operator==(const plan&, const plan&) = default;
};

/// One job in a schedule (seconds). On a device the transmission is empty (start = end = release).
struct job_timing {
    std::size_t machine = 0;
    double transmission_start = 0.0;
    double transmission_end = 0.0;
    double processing_start = 0.0;
    double completion = 0.0;

    friend bool operator==(const job_timing&, const job_timing&) = default;
};

struct schedule {
    std::vector<job_timing> jobs;
    double weighted_total_response = 0.0; ///< sum_i w_i (E_i - R_i), the objective (eq. 5)
    double total_response = 0.0;          ///< sum_i (E_i - R_i), Table VII's "total response time"
    double last_completion = 0.0;         ///< max_i E_i, Table VII's "last response time"; 0 with no job

    friend bool operator==(const schedule&, const schedule&) = default;
};

/// How make_plan orders the jobs a server receives.
enum class sequencing_rule {
    release_order, ///< by release time R_i, ties by job index ("by time sequence", the seed's default)
    arrival_order, ///< by data arrival R_i + D_ij, then R_i, then job index (first come, first served)
};

namespace detail {

/// job indices sorted by (release time, index)
[[nodiscard]] inline std::vector<std::size_t> release_order(const planning_problem& p) {
    std::vector<std::size_t> order(p.job_count());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p.job(a).release_time < p.job(b).release_time; });
    return order;
}

/// sum_i w_i (E_i - R_i) of the assignment `machine` with every server in release order, given that order
/// and a scratch vector of size server_count(). Allocation-free: the inner loop of the searches.
[[nodiscard]] inline double weighted_total_in_release_order(const planning_problem& p,
                                                            const std::vector<std::size_t>& machine,
                                                            const std::vector<std::size_t>& by_release,
                                                            std::vector<double>& server_free) noexcept {
    std::fill(server_free.begin(), server_free.end(), -infinity);
    double total = 0.0;
    for (std::size_t i : by_release) {
        const planning_job& job = p.job(i);
        const std::size_t m = machine[i];
        if (m >= p.server_count()) {
            total += job.weight * job.device_time;
            continue;
        }
        const double start = std::max(server_free[m], job.release_time + job.transmission_time[m]);
        server_free[m] = start + job.processing_time[m];
        total += job.weight * (server_free[m] - job.release_time);
    }
    return total;
}

} // namespace detail

/// A plan for the assignment `machine`, each server's jobs ordered by `rule`. Throws parameter_error
/// (`machine[i]`) when an index is out of range or names the device of a job that has none, and (`rule`) for a
/// value outside the enumeration.
[[nodiscard]] inline plan make_plan(const planning_problem& p, std::vector<std::size_t> machine,
                                    sequencing_rule rule = sequencing_rule::release_order) {
    constexpr const char* fn = "offload::planning::make_plan";
    offload::detail::require_enumerator(rule, sequencing_rule::arrival_order, fn, "rule");
    if (machine.size() != p.job_count())
        offload::detail::throw_parameter_error(fn, "machine.size", static_cast<double>(machine.size()),
                                               "must equal the number of jobs");
    for (std::size_t i = 0; i < machine.size(); ++i) {
        const bool no_device = machine[i] == p.device_machine() && !(p.job(i).device_time < infinity);
        if (machine[i] > p.device_machine() || no_device)
            offload::detail::throw_parameter_error(fn, ("machine[" + std::to_string(i) + "]").c_str(),
                                                   static_cast<double>(machine[i]),
                                                   "must be a server index or device_machine() of a job with a "
                                                   "device");
    }
    plan result{std::move(machine), std::vector<std::vector<std::size_t>>(p.server_count())};
    for (std::size_t i : detail::release_order(p))
        if (result.machine[i] < p.server_count()) result.sequence[result.machine[i]].push_back(i);
    if (rule == sequencing_rule::arrival_order)
        for (std::size_t j = 0; j < p.server_count(); ++j)
            std::stable_sort(result.sequence[j].begin(), result.sequence[j].end(), [&](std::size_t a, std::size_t b) {
                return p.job(a).release_time + p.job(a).transmission_time[j] <
                       p.job(b).release_time + p.job(b).transmission_time[j];
            });
    return result;
}

/// The schedule of plan `x` under the rules above. Throws parameter_error when the plan does not fit the
/// problem: sizes, a machine index out of range, a device for a job without one, or a server sequence that
/// does not hold exactly the jobs assigned to that server (`sequence[j]`).
[[nodiscard]] inline schedule evaluate(const planning_problem& p, const plan& x) {
    constexpr const char* fn = "offload::planning::evaluate";
    const std::size_t n = p.job_count();
    if (x.machine.size() != n)
        offload::detail::throw_parameter_error(fn, "plan.machine.size", static_cast<double>(x.machine.size()),
                                               "must equal the number of jobs");
    if (x.sequence.size() != p.server_count())
        offload::detail::throw_parameter_error(fn, "plan.sequence.size", static_cast<double>(x.sequence.size()),
                                               "must equal server_count");
    std::vector<char> seen(n, 0);
    schedule s;
    s.jobs.resize(n);
    for (std::size_t j = 0; j < p.server_count(); ++j) {
        double free_at = -infinity;
        for (std::size_t i : x.sequence[j]) {
            if (i >= n || seen[i] || x.machine[i] != j)
                offload::detail::throw_parameter_error(fn, ("plan.sequence[" + std::to_string(j) + "]").c_str(),
                                                       static_cast<double>(i),
                                                       "must list each job assigned to this server exactly once");
            seen[i] = 1;
            const planning_job& job = p.job(i);
            job_timing& t = s.jobs[i];
            t.machine = j;
            t.transmission_start = job.release_time;
            t.transmission_end = job.release_time + job.transmission_time[j];
            t.processing_start = std::max(free_at, t.transmission_end);
            t.completion = t.processing_start + job.processing_time[j];
            free_at = t.completion;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const planning_job& job = p.job(i);
        if (!seen[i]) {
            if (x.machine[i] != p.device_machine() || !(job.device_time < infinity))
                offload::detail::throw_parameter_error(
                    fn, ("plan.machine[" + std::to_string(i) + "]").c_str(), static_cast<double>(x.machine[i]),
                    "must be a server whose sequence lists the job, or device_machine() of a job with a device");
            s.jobs[i] = {p.device_machine(), job.release_time, job.release_time, job.release_time,
                         job.release_time + job.device_time};
        }
        const double response = s.jobs[i].completion - job.release_time;
        s.total_response += response;
        s.weighted_total_response += job.weight * response;
        s.last_completion = i == 0 ? s.jobs[i].completion : std::max(s.last_completion, s.jobs[i].completion);
    }
    return s;
}

} // namespace offload::planning
