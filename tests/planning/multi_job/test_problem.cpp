// Tests for offload/planning/multi_job/problem.hpp: validation of the multi-job allocation problem.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/multi_job/problem.hpp"

using namespace offload::planning;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::nan("");

planning_job good_job() { return {1.0, 2.0, {3.0, 1.0}, {4.0, 6.0}, 9.0}; }

std::string message_of(const std::vector<planning_job>& jobs, std::size_t servers = 2) {
    try {
        (void)planning_problem(jobs, servers);
    } catch (const offload::parameter_error& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("planning_problem keeps valid jobs and answers its sizes", "[planning][problem]") {
    const planning_problem p({good_job(), good_job()}, 2);
    CHECK(p.job_count() == 2);
    CHECK(p.server_count() == 2);
    CHECK(p.device_machine() == 2);
    CHECK(p.job(1) == good_job());
    CHECK(p == planning_problem({good_job(), good_job()}, 2));
    CHECK(unloaded_response_time(p, 0, 0) == 7.0);
    CHECK(unloaded_response_time(p, 0, 1) == 7.0);
    CHECK(unloaded_response_time(p, 0, 2) == 9.0);
}

TEST_CASE("planning_problem accepts the edge cases of the model", "[planning][problem]") {
    CHECK(planning_problem({}, 2).job_count() == 0); // no job: an empty, trivial plan
    CHECK(planning_problem({}, 0).server_count() == 0);
    planning_job device_only{0.0, 1.0, {}, {}, 5.0};
    CHECK_NOTHROW(planning_problem({device_only}, 0)); // devices only
    planning_job zeros{0.0, 1.0, {0.0}, {0.0}, 0.0};
    CHECK_NOTHROW(planning_problem({zeros}, 1));             // zero times
    planning_job huge{-1e300, 1e300, {1e300}, {1e300}, inf}; // huge but finite; no device
    CHECK_NOTHROW(planning_problem({huge}, 1));
}

TEST_CASE("planning_problem names the bad field and its value", "[planning][problem]") {
    const std::string prefix = "offload: offload::planning::planning_problem: parameter '";
    auto with = [](auto change) {
        std::vector<planning_job> jobs{good_job(), good_job()};
        change(jobs[1]);
        return jobs;
    };
    CHECK(message_of(with([](planning_job& j) { j.release_time = not_a_number; })) ==
          prefix + "jobs[1].release_time' = nan is invalid: must be finite");
    CHECK(message_of(with([](planning_job& j) { j.release_time = inf; })) ==
          prefix + "jobs[1].release_time' = inf is invalid: must be finite");
    CHECK(message_of(with([](planning_job& j) { j.release_time = -inf; })) ==
          prefix + "jobs[1].release_time' = -inf is invalid: must be finite");
    CHECK(message_of(with([](planning_job& j) { j.weight = 0.0; })) ==
          prefix + "jobs[1].weight' = 0 is invalid: must be finite and > 0");
    CHECK(message_of(with([](planning_job& j) { j.weight = -2.0; })) ==
          prefix + "jobs[1].weight' = -2 is invalid: must be finite and > 0");
    CHECK(message_of(with([](planning_job& j) { j.weight = not_a_number; })) ==
          prefix + "jobs[1].weight' = nan is invalid: must be finite and > 0");
    CHECK(message_of(with([](planning_job& j) { j.weight = inf; })) ==
          prefix + "jobs[1].weight' = inf is invalid: must be finite and > 0");
    CHECK(message_of(with([](planning_job& j) { j.device_time = -1.0; })) ==
          prefix + "jobs[1].device_time' = -1 is invalid: must be >= 0 (+inf: no device)");
    CHECK(message_of(with([](planning_job& j) { j.device_time = not_a_number; })) ==
          prefix + "jobs[1].device_time' = nan is invalid: must be >= 0 (+inf: no device)");
    CHECK(message_of(with([](planning_job& j) { j.transmission_time[1] = -0.5; })) ==
          prefix + "jobs[1].transmission_time[1]' = -0.5 is invalid: must be finite and >= 0");
    CHECK(message_of(with([](planning_job& j) { j.transmission_time[0] = inf; })) ==
          prefix + "jobs[1].transmission_time[0]' = inf is invalid: must be finite and >= 0");
    CHECK(message_of(with([](planning_job& j) { j.processing_time[0] = not_a_number; })) ==
          prefix + "jobs[1].processing_time[0]' = nan is invalid: must be finite and >= 0");
    CHECK(message_of(with([](planning_job& j) { j.processing_time[1] = -1e-310; })) ==
          prefix + "jobs[1].processing_time[1]' = -9.9999999999999694e-311 is invalid: must be finite and >= 0");
    CHECK(message_of(with([](planning_job& j) { j.processing_time.pop_back(); })) ==
          prefix + "jobs[1].processing_time.size' = 1 is invalid: must equal server_count");
    CHECK(message_of(with([](planning_job& j) { j.transmission_time.push_back(1.0); })) ==
          prefix + "jobs[1].transmission_time.size' = 3 is invalid: must equal server_count");
    // an empty machine set: no shared server and a job without a device
    planning_job lonely{0.0, 1.0, {}, {}, inf};
    CHECK(message_of({lonely}, 0) ==
          prefix + "jobs[0].device_time' = inf is invalid: must be finite when there is no shared server (empty "
                   "machine set)");
    CHECK(message_of({}, 2000000) == prefix + "server_count' = 2000000 is invalid: must be <= 1e6");
    CHECK_THROWS_AS(planning_problem({good_job()}, 2000000), offload::parameter_error);
}
