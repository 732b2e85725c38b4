// Tests for offload/planning/multi_job/reference_instances.hpp: random instances are reproducible, inside their stated
// ranges, and reject bad parameters.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "offload/planning/multi_job/reference_instances.hpp"

using namespace offload::planning;

TEST_CASE("random_planning_problem is reproducible and inside its ranges", "[planning][reference_instances]") {
    const planning_problem a = random_planning_problem(50, 3, 42, false, 1.0);
    CHECK(a == random_planning_problem(50, 3, 42, false, 1.0));
    CHECK_FALSE(a == random_planning_problem(50, 3, 43, false, 1.0));
    for (const planning_job& job : a.jobs()) {
        CHECK(job.release_time >= 0.0);
        CHECK(job.release_time < 50.0);
        CHECK(job.weight >= 1.0);
        CHECK(job.weight < 3.0);
        CHECK(job.device_time >= 5.0);
        CHECK(job.device_time < 60.0);
        for (std::size_t j = 0; j < 3; ++j) {
            CHECK(job.transmission_time[j] < 20.0);
            CHECK(job.processing_time[j] >= 1.0);
            CHECK(job.processing_time[j] < 12.0);
        }
    }
    const planning_problem integral = random_planning_problem(20, 1, 1);
    for (const planning_job& job : integral.jobs()) CHECK(std::floor(job.processing_time[0]) == job.processing_time[0]);
    CHECK(random_planning_problem(0, 2, 1).job_count() == 0);
    CHECK(random_planning_problem(5, 0, 1).server_count() == 0); // devices only
    CHECK(random_planning_problem(5, 2, 1, true, 0.0).job(3).release_time == 0.0);
}

TEST_CASE("random_planning_problem rejects bad parameters", "[planning][reference_instances]") {
    CHECK_THROWS_WITH(random_planning_problem(5, 2, 1, true, std::nan("")),
                      "offload: offload::planning::random_planning_problem: parameter 'release_spread' = nan is "
                      "invalid: must be finite and >= 0");
    CHECK_THROWS_WITH(random_planning_problem(5, 2, 1, true, -1.0),
                      "offload: offload::planning::random_planning_problem: parameter 'release_spread' = -1 is "
                      "invalid: must be finite and >= 0");
    CHECK_THROWS_AS(random_planning_problem(5, 2, 1, true, std::numeric_limits<double>::infinity()),
                    offload::parameter_error);
    CHECK_THROWS_WITH(random_planning_problem(1'000'000'000, 2, 1),
                      "offload: offload::planning::random_planning_problem: parameter 'n' = 1000000000 is invalid: "
                      "must be <= 1e8");
}
