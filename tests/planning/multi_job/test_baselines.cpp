// Tests for offload/planning/multi_job/baselines.hpp and reference_instances.hpp: the Table VII baselines of seed 001 on
// its Table VI input (docs/planning.md explains which rows reproduce and why).
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/multi_job/baselines.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"

using namespace offload::planning;

TEST_CASE("Table VI as read: sizes and one row", "[planning][baselines]") {
    const planning_problem p = icu_ten_jobs();
    CHECK(p.job_count() == 10);
    CHECK(p.server_count() == 2);
    CHECK(p.job(0) == planning_job{1.0, 2.0, {56.0, 11.0}, {6.0, 9.0}, 14.0});
}

TEST_CASE("all on devices reproduces Table VII: 366 and 94", "[planning][baselines]") {
    const planning_problem p = icu_ten_jobs();
    const schedule s = evaluate(p, all_on_devices(p));
    CHECK(s.total_response == 366.0);
    CHECK(s.last_completion == 94.0);
    CHECK(s.weighted_total_response == 447.0);
}

TEST_CASE("individually best machine in release order reproduces Table VII: 227 and 67", "[planning][baselines]") {
    const planning_problem p = icu_ten_jobs();
    const plan x = individually_best(p);
    CHECK(x.machine == std::vector<std::size_t>{2, 1, 1, 1, 1, 1, 1, 1, 1, 1}); // J1 device, the rest edge
    const schedule s = evaluate(p, x);
    CHECK(s.total_response == 227.0);
    CHECK(s.last_completion == 67.0);
    // first come, first served on the edge instead gives 218 / 63
    const schedule fcfs = evaluate(p, individually_best(p, sequencing_rule::arrival_order));
    CHECK(fcfs.total_response == 218.0);
    CHECK(fcfs.last_completion == 63.0);
}

TEST_CASE("all on one server: the seed's cloud and edge rows match our edge and cloud in arrival order",
          "[planning][baselines]") {
    const planning_problem p = icu_ten_jobs();
    const schedule cloud_fcfs = evaluate(p, all_on_server(p, 0, sequencing_rule::arrival_order));
    CHECK(cloud_fcfs.total_response == 416.0); // the seed's "edge" row: 416 / 100
    CHECK(cloud_fcfs.last_completion == 100.0);
    const schedule edge_fcfs = evaluate(p, all_on_server(p, 1, sequencing_rule::arrival_order));
    CHECK(edge_fcfs.total_response == 291.0); // the seed's "cloud" row: 291 / 74
    CHECK(edge_fcfs.last_completion == 72.0);
    const schedule cloud = evaluate(p, all_on_server(p, 0));
    CHECK(cloud.total_response == 750.0);
    CHECK(cloud.last_completion == 115.0);
    const schedule edge = evaluate(p, all_on_server(p, 1));
    CHECK(edge.total_response == 349.0);
    CHECK(edge.last_completion == 79.0);
}

TEST_CASE("baselines reject what they cannot build", "[planning][baselines]") {
    const planning_problem p = icu_ten_jobs();
    CHECK_THROWS_WITH(all_on_server(p, 2), "offload: offload::planning::all_on_server: parameter 'server' = 2 is "
                                           "invalid: must be < server_count");
    const planning_problem no_device({{0.0, 1.0, {1.0}, {1.0}, std::numeric_limits<double>::infinity()}}, 1);
    CHECK_THROWS_AS(all_on_devices(no_device), offload::parameter_error);
    CHECK(individually_best(no_device).machine == std::vector<std::size_t>{0});
    const planning_problem empty({}, 2);
    CHECK(evaluate(empty, individually_best(empty)).total_response == 0.0);
    CHECK(all_on_devices(planning_problem({}, 0)).machine.empty());
}
