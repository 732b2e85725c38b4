// tests/planning/test_hostile_planning.cpp — issue 18 on the planners: an enumeration outside its range is a
// parameter error naming it (never silently treated as another rule), and sizes are checked before anything is
// allocated (#14), so a huge size is a parameter_error, not std::bad_alloc (under ASan: not an allocation-size
// abort).
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/error.hpp"
#include "offload/planning/multi_job/baselines.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"
#include "offload/planning/multi_job/schedule.hpp"
#include "offload/planning/offloading_bandwidth/ddlo.hpp"

namespace pl = offload::planning;

TEST_CASE("hostile #9: a sequencing rule outside the enumeration is rejected by every planner entry",
          "[planning][hostile][enum]") {
    const pl::planning_problem p = pl::icu_ten_jobs();
    const auto bad = static_cast<pl::sequencing_rule>(99);
    CHECK_THROWS_WITH(pl::make_plan(p, std::vector<std::size_t>(p.job_count(), 0), bad),
                      Catch::Contains("offload::planning::make_plan: parameter 'rule' = 99") &&
                          Catch::Contains("enumerators"));
    CHECK_THROWS_WITH(pl::all_on_server(p, 0, bad), Catch::Contains("all_on_server: parameter 'rule' = 99"));
    CHECK_THROWS_WITH(pl::individually_best(p, static_cast<pl::sequencing_rule>(-1)),
                      Catch::Contains("individually_best: parameter 'rule' = -1"));
    CHECK(pl::all_on_server(p, 0, pl::sequencing_rule::arrival_order).sequence[0].size() == p.job_count());
}

TEST_CASE("hostile #14: ddlo checks its shape and its memory before allocating", "[planning][hostile][ddlo]") {
    CHECK_THROWS_WITH(pl::ddlo(std::size_t{1} << 31, 2),
                      Catch::Contains("offload::planning::ddlo: parameter 'device_count' = 2147483648") &&
                          Catch::Contains("[1, 1e6]"));
    CHECK_THROWS_WITH(pl::ddlo(2, std::size_t{1} << 63), Catch::Contains("'tasks_per_device'"));
    // within each range, but the replay memory alone would be 2 x 1024 x 10^12 doubles
    CHECK_THROWS_WITH(pl::ddlo(1'000'000, 1'000'000),
                      Catch::Contains("'device_count' = 1000000") && Catch::Contains("the limit is 2^28"));
    CHECK_THROWS_WITH(pl::ddlo(100'000, 10), Catch::Contains("the limit is 2^28"));
    pl::ddlo_options small;
    small.dnn_count = 0;
    CHECK_THROWS_WITH(pl::ddlo(std::size_t{1} << 31, 2, {}, small), Catch::Contains("'options.dnn_count' = 0"));
    CHECK_NOTHROW(pl::ddlo(3, 3)); // the seed's size
}

TEST_CASE("hostile #14: random_planning_problem checks the server count before allocating",
          "[planning][hostile][multi_job]") {
    CHECK_THROWS_WITH(pl::random_planning_problem(2, std::size_t{1} << 31, 1),
                      Catch::Contains("random_planning_problem: parameter 'servers' = 2147483648") &&
                          Catch::Contains("<= 1e6"));
    CHECK_THROWS_WITH(pl::random_planning_problem(1000, 1'000'000, 1),
                      Catch::Contains("'servers' = 1000000") && Catch::Contains("n (servers + 1) must be <= 1e8"));
    CHECK(pl::random_planning_problem(12, 2, 7).job_count() == 12);
}
