// Tests for offload/planning/multi_job/schedule.hpp: the evaluator against hand-computed schedules, make_plan's
// sequencing rules, and every malformed plan.
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/multi_job/schedule.hpp"

using namespace offload::planning;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

// three jobs on two servers: {release, weight, {D_0, D_1}, {I_0, I_1}, device}
planning_problem three_jobs() {
    return planning_problem({{0.0, 1.0, {2.0, 1.0}, {3.0, 5.0}, 10.0},
                             {1.0, 2.0, {0.0, 4.0}, {2.0, 2.0}, 4.0},
                             {1.0, 1.0, {1.0, 0.0}, {4.0, 1.0}, 20.0}},
                            2);
}

std::string message_of(const planning_problem& p, const plan& x) {
    try {
        (void)evaluate(p, x);
    } catch (const offload::parameter_error& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("evaluate reproduces a hand-computed schedule", "[planning][schedule]") {
    const planning_problem p = three_jobs();
    // server 0 runs job 2 then job 0; job 1 on its device
    const schedule s = evaluate(p, {{0, 2, 0}, {{2, 0}, {}}});
    CHECK(s.jobs[2] == job_timing{0, 1.0, 2.0, 2.0, 6.0});
    CHECK(s.jobs[0] == job_timing{0, 0.0, 2.0, 6.0, 9.0}); // data waited on the server from 2 to 6 (C4)
    CHECK(s.jobs[1] == job_timing{2, 1.0, 1.0, 1.0, 5.0});
    CHECK(s.weighted_total_response == 22.0); // 1*9 + 2*4 + 1*5
    CHECK(s.total_response == 18.0);
    CHECK(s.last_completion == 9.0);
    // the other order on server 0
    const schedule t = evaluate(p, {{0, 2, 0}, {{0, 2}, {}}});
    CHECK(t.jobs[0].completion == 5.0);
    CHECK(t.jobs[2].processing_start == 5.0);
    CHECK(t.weighted_total_response == 21.0);
}

TEST_CASE("a transmission overlaps the processing of another job on the same server (C4)", "[planning][schedule]") {
    const planning_problem p = three_jobs();
    const schedule s = evaluate(p, make_plan(p, {1, 1, 2}));
    CHECK(s.jobs[0] == job_timing{1, 0.0, 1.0, 1.0, 6.0});
    CHECK(s.jobs[1] == job_timing{1, 1.0, 5.0, 6.0, 8.0}); // sent 1..5 while job 0 runs 1..6
    CHECK(s.weighted_total_response == 6.0 + 2.0 * 7.0 + 20.0);
}

TEST_CASE("make_plan orders each server by release or by data arrival", "[planning][schedule]") {
    const planning_problem p = three_jobs();
    const plan by_release = make_plan(p, {0, 0, 0});
    CHECK(by_release.sequence == std::vector<std::vector<std::size_t>>{{0, 1, 2}, {}});
    const plan by_arrival = make_plan(p, {0, 0, 0}, sequencing_rule::arrival_order);
    CHECK(by_arrival.sequence == std::vector<std::vector<std::size_t>>{{1, 0, 2}, {}}); // arrivals 1, 2, 2
    CHECK(by_arrival.machine == std::vector<std::size_t>{0, 0, 0});
    CHECK_THROWS_WITH(make_plan(p, {0, 3, 0}),
                      "offload: offload::planning::make_plan: parameter 'machine[1]' = 3 is invalid: must be a server "
                      "index or device_machine() of a job with a device");
    CHECK_THROWS_WITH(make_plan(p, {0, 0}), "offload: offload::planning::make_plan: parameter 'machine.size' = 2 is "
                                            "invalid: must equal the number of jobs");
}

TEST_CASE("evaluate rejects plans that do not fit the problem", "[planning][schedule]") {
    const planning_problem p = three_jobs();
    const std::string prefix = "offload: offload::planning::evaluate: parameter '";
    CHECK(message_of(p, {{0, 0}, {{0, 1}, {}}}) ==
          prefix + "plan.machine.size' = 2 is invalid: must equal the number of jobs");
    CHECK(message_of(p, {{0, 0, 0}, {{0, 1, 2}}}) ==
          prefix + "plan.sequence.size' = 1 is invalid: must equal server_count");
    CHECK(message_of(p, {{0, 0, 0}, {{0, 1, 2, 1}, {}}}) ==
          prefix + "plan.sequence[0]' = 1 is invalid: must list each job assigned to this server exactly once");
    CHECK(message_of(p, {{0, 0, 0}, {{0, 1, 7}, {}}}) ==
          prefix + "plan.sequence[0]' = 7 is invalid: must list each job assigned to this server exactly once");
    CHECK(message_of(p, {{0, 1, 0}, {{0, 1, 2}, {}}}) ==
          prefix + "plan.sequence[0]' = 1 is invalid: must list each job assigned to this server exactly once");
    CHECK(message_of(p, {{0, 0, 0}, {{0, 2}, {}}}) ==
          prefix + "plan.machine[1]' = 0 is invalid: must be a server whose sequence lists the job, or "
                   "device_machine() of a job with a device");
    const planning_problem no_device({{0.0, 1.0, {1.0}, {1.0}, inf}}, 1);
    CHECK(message_of(no_device, {{1}, {{}}}) ==
          prefix + "plan.machine[0]' = 1 is invalid: must be a server whose sequence lists the job, or "
                   "device_machine() of a job with a device");
}

TEST_CASE("evaluate handles no job, huge times and negative releases", "[planning][schedule]") {
    const planning_problem empty({}, 3);
    const schedule s = evaluate(empty, make_plan(empty, {}));
    CHECK(s.jobs.empty());
    CHECK(s.weighted_total_response == 0.0);
    CHECK(s.last_completion == 0.0);
    const planning_problem huge({{-5.0, 1e300, {1e300}, {1e300}, inf}, {-5.0, 1.0, {0.0}, {1.0}, 1.0}}, 1);
    const schedule h = evaluate(huge, make_plan(huge, {0, 0}));
    CHECK(h.jobs[0].completion == 2e300);
    CHECK(h.jobs[1].processing_start == 2e300); // waits behind job 0
    CHECK(h.weighted_total_response == inf);    // 1e300 * 2e300 overflows to +inf, never NaN
    CHECK(h.last_completion == 2e300);
}
