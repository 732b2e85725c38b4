// Tests for offload/planning/multi_job/branch_and_bound.hpp: the exact optimum against brute force (every assignment x
// every order on every server) on random instances, the Table VI optimum, the node limit and edge cases.
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/planning/multi_job/branch_and_bound.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"
#include "planning/multi_job/planning_helpers.hpp"

using namespace offload::planning;
using offload::test::rel;

TEST_CASE("solve_exact equals brute force on random instances with n <= 7", "[planning][branch_and_bound]") {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        const std::size_t n = 2 + seed % 5;       // 2..6 jobs
        const std::size_t servers = 1 + seed % 3; // 1..3 servers
        const planning_problem p = offload::test::random_planning_problem(n, servers, seed, seed % 2 == 0);
        const double expected = offload::test::brute_force_optimum(p);
        const branch_and_bound_result r = solve_exact(p);
        INFO("seed " << seed << " n " << n << " servers " << servers);
        CHECK(r.proven_optimal);
        CHECK(r.objective == rel(expected, 1e-12));
        CHECK(r.lower_bound == r.objective);
        CHECK(evaluate(p, r.best).weighted_total_response == rel(r.objective, 1e-12));
    }
    for (unsigned seed = 200; seed < 260; ++seed) { // congested: releases over [0, 0.3 n)
        const std::size_t n = 3 + seed % 4;
        const planning_problem p = offload::test::random_planning_problem(n, 1 + seed % 2, seed, seed % 3 == 0, 0.3);
        INFO("seed " << seed);
        CHECK(solve_exact(p).objective == rel(offload::test::brute_force_optimum(p), 1e-12));
    }
    for (unsigned seed = 100; seed < 106; ++seed) { // n = 7 on two servers
        const planning_problem p = offload::test::random_planning_problem(7, 2, seed, seed % 2 == 0, 1.0);
        const branch_and_bound_result r = solve_exact(p);
        INFO("seed " << seed);
        CHECK(r.objective == rel(offload::test::brute_force_optimum(p), 1e-12));
    }
}

TEST_CASE("solve_exact with contention: every job wants the one fast server", "[planning][branch_and_bound]") {
    std::vector<planning_job> jobs;
    for (int i = 0; i < 6; ++i)
        jobs.push_back({0.0, 1.0 + i % 2, {0.0}, {1.0 + i}, std::numeric_limits<double>::infinity()});
    const planning_problem p(std::move(jobs), 1);
    const branch_and_bound_result r = solve_exact(p);
    CHECK(r.objective == offload::test::brute_force_optimum(p));
    // no device: one machine, all released at 0: Smith's rule (w/I non-increasing) is optimal
    const auto ratio = [&](std::size_t i) { return p.job(i).weight / p.job(i).processing_time[0]; };
    REQUIRE(r.best.sequence[0].size() == 6);
    for (std::size_t k = 1; k < 6; ++k) CHECK(ratio(r.best.sequence[0][k - 1]) >= ratio(r.best.sequence[0][k]));
}

TEST_CASE("the Table VI optimum beats the seed's Algorithm 2 and equals its own bound",
          "[planning][branch_and_bound]") {
    const planning_problem p = icu_ten_jobs();
    const branch_and_bound_result r = solve_exact(p);
    CHECK(r.proven_optimal);
    CHECK(r.lower_bound == r.objective);
    CHECK(independent_lower_bound(p) == 198.0); // the seed's eq. 6
    const schedule s = evaluate(p, r.best);
    CHECK(s.weighted_total_response == r.objective);
    CHECK(s.weighted_total_response == 227.0); // the seed's 150 / 43 plan has weighted total 228
    CHECK(s.total_response == 146.0);
    CHECK(s.last_completion == 43.0);
    // equal weights: the unweighted optimum is below the seed's 150 as well
    std::vector<planning_job> jobs = p.jobs();
    for (auto& job : jobs) job.weight = 1.0;
    const planning_problem unweighted(std::move(jobs), 2);
    const branch_and_bound_result u = solve_exact(unweighted);
    CHECK(u.proven_optimal);
    CHECK(u.objective == 146.0); // below the seed's 150: 150 / 43 is not optimal
}

TEST_CASE("solve_exact under a node limit returns a valid plan and a valid bound", "[planning][branch_and_bound]") {
    const planning_problem p = offload::test::random_planning_problem(12, 2, 7);
    const branch_and_bound_result full = solve_exact(p);
    const branch_and_bound_result cut = solve_exact(p, {5});
    CHECK(full.proven_optimal);
    CHECK_FALSE(cut.proven_optimal);
    CHECK(cut.nodes == 6);
    CHECK(cut.lower_bound <= full.objective);
    CHECK(cut.lower_bound >= independent_lower_bound(p));
    CHECK(cut.objective >= full.objective);
    CHECK(evaluate(p, cut.best).weighted_total_response == rel(cut.objective, 1e-12));
}

TEST_CASE("solve_exact on degenerate instances", "[planning][branch_and_bound]") {
    const planning_problem empty({}, 2);
    const branch_and_bound_result e = solve_exact(empty);
    CHECK(e.proven_optimal);
    CHECK(e.objective == 0.0);
    const planning_problem devices_only({{0.0, 1.0, {}, {}, 3.0}, {2.0, 2.0, {}, {}, 1.0}}, 0);
    const branch_and_bound_result d = solve_exact(devices_only);
    CHECK(d.objective == 5.0);
    CHECK(d.best.machine == std::vector<std::size_t>{0, 0});
    const planning_problem zeros({{0.0, 1.0, {0.0}, {0.0}, 0.0}, {0.0, 1.0, {0.0}, {0.0}, 0.0}}, 1);
    CHECK(solve_exact(zeros).objective == 0.0);
}
