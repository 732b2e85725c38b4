// Tests for offload/planning/provisioning/branch_and_bound.hpp and heuristics.hpp: the exact optimum against
// brute force on tiny instances, heuristics never below it, bounds never above it, the node limit.
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/planning/provisioning/branch_and_bound.hpp"
#include "offload/planning/provisioning/heuristics.hpp"
#include "planning/provisioning/provisioning_helpers.hpp"

using namespace offload::planning;
using offload::test::rel;

TEST_CASE("solve_provisioning_exact equals brute force on tiny instances", "[planning][provisioning]") {
    std::size_t with_rejection = 0;
    for (unsigned seed = 1; seed <= 80; ++seed) {
        const std::size_t n = 2 + seed % 5; // 2..6 requests
        const std::size_t s = 1 + seed % 3; // 1..3 nodes
        const std::size_t m = 1 + seed % 3; // 1..3 models
        const provisioning_problem p = offload::test::tiny_provisioning_problem(n, s, m, seed);
        const double expected = offload::test::brute_force_provisioning(p);
        const provisioning_exact_result r = solve_provisioning_exact(p);
        INFO("seed " << seed << " n " << n << " s " << s << " m " << m);
        CHECK(r.proven_optimal);
        CHECK(r.objective == rel(expected, 1e-12));
        CHECK(r.lower_bound == r.objective);
        const provisioning_evaluation e = evaluate(p, r.best);
        CHECK(e.objective == rel(r.objective, 1e-12));
        with_rejection += e.rejected_for_capacity > 0 ? 1 : 0;
        // heuristics are feasible and never below the optimum; bounds never above it
        for (const provisioning_plan& h : {provisioning_greedy(p), provisioning_iterative_search(p),
                                           improve_provisioning(p, provisioning_greedy(p))})
            CHECK(evaluate(p, h).objective >= r.objective * (1 - 1e-12));
        const provisioning_heuristic_result fast = solve_provisioning_fast(p);
        CHECK(fast.objective >= r.objective * (1 - 1e-12));
        CHECK(fast.lower_bound <= r.objective * (1 + 1e-12));
        CHECK(provisioning_lagrangian_bound(p).value <= r.objective * (1 + 1e-12));
    }
    CHECK(with_rejection > 0); // the generator makes capacity bind in some instances
}

TEST_CASE("solve_provisioning_exact on Table 6.1 instances: proven, heuristics above, bound below",
          "[planning][provisioning]") {
    for (unsigned seed = 1; seed <= 5; ++seed) {
        const provisioning_problem p = table_6_1_problem({}, seed);
        const provisioning_exact_result r = solve_provisioning_exact(p);
        INFO("seed " << seed << " nodes " << r.nodes);
        CHECK(r.proven_optimal);
        CHECK(evaluate(p, provisioning_greedy(p)).objective >= r.objective * (1 - 1e-12));
        CHECK(evaluate(p, provisioning_iterative_search(p)).objective >= r.objective * (1 - 1e-12));
        CHECK(solve_provisioning_fast(p).lower_bound <= r.objective * (1 + 1e-12));
    }
}

TEST_CASE("solve_provisioning_exact under a node limit returns a feasible plan and a valid bound",
          "[planning][provisioning]") {
    const provisioning_problem p = table_6_1_problem({}, 3);
    const provisioning_exact_result full = solve_provisioning_exact(p);
    const provisioning_exact_result cut = solve_provisioning_exact(p, {2});
    CHECK_FALSE(cut.proven_optimal);
    CHECK(cut.nodes >= 2);
    CHECK(cut.objective >= full.objective * (1 - 1e-12));
    CHECK(cut.lower_bound <= full.objective * (1 + 1e-12));
    CHECK(evaluate(p, cut.best).objective == rel(cut.objective, 1e-12));
}

TEST_CASE("solvers reject what cannot be served and say why", "[planning][provisioning]") {
    constexpr std::size_t R = provisioning_plan::rejected;
    // one node, memory for one of the two models, compute for two requests
    const provisioning_problem p({{"a", 100.0, 1.0}, {"b", 100.0, 1.0}, {"giant", 500.0, 1.0}}, {{"n", 150.0, 2.0, {}}},
                                 {{0, {0.1}, {0.1}},
                                  {1, {0.1}, {0.2}},
                                  {0, {0.1}, {0.1}},
                                  {2, {0.1}, {0.1}},
                                  {provisioning_request::unknown_model, {0.1}, {0.1}}});
    const provisioning_exact_result r = solve_provisioning_exact(p);
    CHECK(r.best.dispatch == std::vector<std::size_t>{0, R, 0, R, R});
    const provisioning_evaluation e = evaluate(p, r.best);
    CHECK(e.rejection[1] == rejection_reason::capacity_exhausted);
    CHECK(e.rejection[3] == rejection_reason::no_node_can_host);
    CHECK(e.rejection[4] == rejection_reason::unknown_model);
    CHECK(e.objective == rel(0.4 + p.rejection_cost(), 1e-12));
    // no request at all
    const provisioning_problem empty({{"a", 1.0, 1.0}}, {{"n", 1.0, 1.0, {}}}, {});
    CHECK(solve_provisioning_exact(empty).objective == 0.0);
    CHECK(solve_provisioning_fast(empty).lower_bound == 0.0);
}
