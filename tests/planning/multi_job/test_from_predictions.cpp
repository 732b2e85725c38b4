// Tests for offload/planning/multi_job/from_predictions.hpp: the problem built from Algorithm 1's tier estimates has
// exactly estimate_tier_times' numbers, every bad field is named, and "these jobs, these machines" goes to a
// schedule end to end.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/decision/tier.hpp"
#include "offload/planning/multi_job/baselines.hpp"
#include "offload/planning/multi_job/branch_and_bound.hpp"
#include "offload/planning/multi_job/from_predictions.hpp"
#include "offload/planning/multi_job/schedule.hpp"
#include "offload/planning/multi_job/tabu_search.hpp"

using namespace offload::planning;
using offload::estimate_tier_times;
using offload::tier;
using offload::tier_environment;
using offload::tier_times;
using offload::tier_workload;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

// a Raspberry-Pi-class device (5 GFLOP/s), an edge box (50 GFLOP/s, 2 ms per image), a cloud GPU
// (1 TFLOP/s, 30 ms per image), weights lambda1 = 1.5, lambda2 = 0.8
const tier_environment env(5e9, 50e9, 1e12, 0.002, 0.030, 1.5, 0.8);

std::size_t idx(tier t) { return static_cast<std::size_t>(t); }

std::string message_of(const std::vector<predicted_job>& jobs, server_counts servers = {}) {
    try {
        (void)problem_from_tier_estimates(env, jobs, servers);
    } catch (const offload::parameter_error& e) {
        return e.what();
    }
    return "no error";
}

// ten ICU-like inference jobs (as seed Table VI: two workload kinds, releases spread over 25 s, weights 1-2)
std::vector<predicted_job> icu_like_jobs() {
    const tier_workload small{0.6e9, 10.0}; // 0.6 GFLOP per image, 10 images
    const tier_workload large{4.0e9, 25.0}; // 4 GFLOP per image, 25 images
    const double release[] = {1, 1, 3, 5, 10, 20, 21, 21, 22, 25};
    const double weight[] = {2, 2, 1, 1, 2, 2, 2, 1, 1, 1};
    std::vector<predicted_job> jobs;
    for (std::size_t i = 0; i < 10; ++i) jobs.push_back({release[i], weight[i], i % 3 == 0 ? large : small, true});
    return jobs;
}
} // namespace

TEST_CASE("problem_from_tier_estimates: the times are estimate_tier_times' numbers", "[planning][from_predictions]") {
    const std::vector<predicted_job> jobs = icu_like_jobs();
    const server_counts counts{2, 3};
    const planning_problem p = problem_from_tier_estimates(env, jobs, counts);
    REQUIRE(p.job_count() == jobs.size());
    REQUIRE(p.server_count() == 5);
    CHECK(cloud_server(1) == 1);
    CHECK(edge_server(counts, 0) == 2);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const tier_times t = estimate_tier_times(env, jobs[i].workload);
        const planning_job& job = p.job(i);
        CHECK(job.release_time == jobs[i].release_time);
        CHECK(job.weight == jobs[i].weight);
        CHECK(job.device_time == t.inference[idx(tier::device)]);
        for (std::size_t j = 0; j < 5; ++j) {
            const tier kind = j < 2 ? tier::cloud : tier::edge;
            CHECK(job.transmission_time[j] == t.transmission[idx(kind)]);
            CHECK(job.processing_time[j] == t.inference[idx(kind)]);
            // the unloaded response time on a machine is Algorithm 1's T_i for its tier
            CHECK(unloaded_response_time(p, i, j) == t.total[idx(kind)]);
        }
        CHECK(unloaded_response_time(p, i, p.device_machine()) == t.total[idx(tier::device)]);
    }
    // by hand for the first job (large: 4 GFLOP x 25 images): I_CC = 0.8 * 25 * 4e9 / 1e12 = 0.08 s,
    // D_CC = 1.5 * 25 * 0.03 = 1.125 s, I_ES = 1.6 s, D_ES = 0.075 s, device 16 s
    CHECK(p.job(0).processing_time[0] == Approx(0.08).epsilon(1e-14));
    CHECK(p.job(0).transmission_time[0] == Approx(1.125).epsilon(1e-14));
    CHECK(p.job(0).processing_time[2] == Approx(1.6).epsilon(1e-14));
    CHECK(p.job(0).transmission_time[2] == Approx(0.075).epsilon(1e-14));
    CHECK(p.job(0).device_time == Approx(16.0).epsilon(1e-14));
}

TEST_CASE("problem_from_tier_estimates: a job without a device, devices only, no job", "[planning][from_predictions]") {
    std::vector<predicted_job> jobs = icu_like_jobs();
    jobs[4].has_device = false;
    const planning_problem p = problem_from_tier_estimates(env, jobs);
    CHECK(p.server_count() == 2);
    CHECK(p.job(4).device_time == inf);
    CHECK(p.job(3).device_time < inf);
    // every machine of the individually best baseline is Algorithm 1's choice (servers: cloud 0, edge 1)
    const plan best = individually_best(p);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!jobs[i].has_device) continue;
        const tier chosen = estimate_tier_times(env, jobs[i].workload).best;
        const std::size_t expected = chosen == tier::cloud ? 0 : (chosen == tier::edge ? 1 : p.device_machine());
        CHECK(best.machine[i] == expected);
    }
    const planning_problem devices = problem_from_tier_estimates(env, icu_like_jobs(), server_counts{0, 0});
    CHECK(devices.server_count() == 0);
    CHECK(evaluate(devices, all_on_devices(devices)).jobs.size() == 10);
    CHECK(problem_from_tier_estimates(env, {}).job_count() == 0);
}

TEST_CASE("problem_from_tier_estimates names the bad field", "[planning][from_predictions]") {
    const std::string prefix = "offload: offload::planning::problem_from_tier_estimates: parameter '";
    auto with = [](auto change) {
        std::vector<predicted_job> jobs = icu_like_jobs();
        change(jobs[3]);
        return jobs;
    };
    CHECK(message_of(with([](predicted_job& j) { j.release_time = std::nan(""); })) ==
          prefix + "jobs[3].release_time' = nan is invalid: must be finite");
    CHECK(message_of(with([](predicted_job& j) { j.release_time = -inf; })) ==
          prefix + "jobs[3].release_time' = -inf is invalid: must be finite");
    CHECK(message_of(with([](predicted_job& j) { j.weight = 0.0; })) ==
          prefix + "jobs[3].weight' = 0 is invalid: must be finite and > 0");
    CHECK(message_of(with([](predicted_job& j) { j.weight = inf; })) ==
          prefix + "jobs[3].weight' = inf is invalid: must be finite and > 0");
    CHECK(message_of(with([](predicted_job& j) { j.workload.model_flops = -1.0; })) ==
          prefix + "jobs[3].workload.model_flops' = -1 is invalid: must be finite and > 0");
    CHECK(message_of(with([](predicted_job& j) { j.workload.model_flops = std::nan(""); })) ==
          prefix + "jobs[3].workload.model_flops' = nan is invalid: must be finite and > 0");
    CHECK(message_of(with([](predicted_job& j) { j.workload.data_size = 0.0; })) ==
          prefix + "jobs[3].workload.data_size' = 0 is invalid: must be finite and > 0");
    const std::string overflow = message_of(with([](predicted_job& j) { j.workload = {1e300, 1e300}; }));
    CHECK(overflow.rfind(prefix + "jobs[3].workload.data_size' = 1", 0) == 0);
    CHECK(overflow.find("is invalid: gives a time that overflows to +inf") != std::string::npos);
    CHECK(message_of(with([](predicted_job& j) { j.has_device = false; }), server_counts{0, 0}) ==
          prefix + "servers' = 0 is invalid: must name at least one server when a job has no device");
    CHECK(message_of(icu_like_jobs(), server_counts{1000000, 1}) ==
          prefix + "servers' = 1000001 is invalid: cloud + edge must be <= 1e6");
    CHECK(message_of(icu_like_jobs(), server_counts{std::numeric_limits<std::size_t>::max(), 2}).find("'servers'") !=
          std::string::npos);
}

TEST_CASE("from workloads and machines to a schedule: tabu search and the proven optimum",
          "[planning][from_predictions]") {
    const planning_problem p = problem_from_tier_estimates(env, icu_like_jobs());
    const tabu_search_result tabu = tabu_search(p);
    const schedule heuristic = evaluate(p, tabu.best);
    const branch_and_bound_result exact = solve_exact(p);
    REQUIRE(exact.proven_optimal);
    const schedule optimum = evaluate(p, exact.best);
    CHECK(optimum.weighted_total_response == Approx(exact.objective).epsilon(1e-12));
    CHECK(exact.lower_bound == exact.objective);
    CHECK(independent_lower_bound(p) <= exact.objective * (1 + 1e-12));
    CHECK(heuristic.weighted_total_response >= exact.objective * (1 - 1e-12));
    // planning beats every job on its own best tier, which ignores the other jobs
    const schedule alone = evaluate(p, individually_best(p));
    CHECK(exact.objective <= alone.weighted_total_response * (1 + 1e-12));
    CHECK(heuristic.weighted_total_response <= alone.weighted_total_response * (1 + 1e-12));
    // every job completes after its release and no server runs two jobs at once
    for (std::size_t i = 0; i < p.job_count(); ++i) CHECK(optimum.jobs[i].completion >= p.job(i).release_time);
    for (const auto& seq : exact.best.sequence)
        for (std::size_t k = 1; k < seq.size(); ++k)
            CHECK(optimum.jobs[seq[k]].processing_start >= optimum.jobs[seq[k - 1]].completion);
}
