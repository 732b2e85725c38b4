// Tests for offload/planning/offloading_bandwidth/exact.hpp and baselines.hpp: enumeration against an independent
// brute force, branch and bound against enumeration, the node budget's gap, and the errors.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/offloading_bandwidth/baselines.hpp"
#include "offload/planning/offloading_bandwidth/exact.hpp"
#include "offload/planning/offloading_bandwidth/instances.hpp"

using namespace offload::planning;
using offload::planning::offloading_detail::random_stream;

namespace {

offloading_parameters random_parameters(random_stream& r) {
    offloading_parameters q;
    q.bandwidth_bits_per_second = 1.5e6 * std::pow(10.0, 3.0 * r.uniform());
    q.local_seconds_per_bit = 4.75e-7 * (0.2 + 2.0 * r.uniform());
    q.edge_bits_per_second = (1e10 / 1900.0) * (0.2 + 5.0 * r.uniform());
    q.delay_weight = 0.05 + 3.0 * r.uniform();
    const double el = 3.25e-7 * (0.3 + 1.5 * r.uniform());
    q.energy = offload::energy_model(el, 1.42e-7 * (0.3 + 1.5 * r.uniform()), 1.5e-7 * 2.0 * r.uniform());
    return q;
}

/// min over every decision of optimal_bandwidth's Q, one public call per decision
double brute_force(const offloading_problem& p) {
    double best = std::numeric_limits<double>::infinity();
    const std::size_t nm = p.task_count();
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << nm); ++mask) {
        offloading_decision x{std::vector<std::uint8_t>(nm)};
        for (std::size_t i = 0; i < nm; ++i) x.offload[i] = static_cast<std::uint8_t>((mask >> i) & 1U);
        best = std::min(best, optimal_bandwidth(p, x).evaluation.utility);
    }
    return best;
}

} // namespace

TEST_CASE("enumerate_offloading finds the brute-force optimum", "[planning][offloading_bandwidth][p1]") {
    random_stream r(3);
    for (int trial = 0; trial < 20; ++trial) {
        const std::size_t n = 1 + r.below(3);
        const std::size_t m = 1 + r.below(3);
        task_size_generator gen(n, m, 40 + static_cast<std::uint64_t>(trial));
        const offloading_problem p = gen.next_problem(random_parameters(r));
        const offloading_solution s = enumerate_offloading(p);
        INFO("trial " << trial);
        CHECK(s.evaluation.utility == Approx(brute_force(p)).epsilon(1e-13));
        CHECK(s.proven_optimal);
        CHECK(s.gap == 0.0);
        CHECK(s.lower_bound == s.evaluation.utility);
        CHECK(s.nodes == (std::size_t{1} << (n * m)));
        CHECK(s.evaluation == evaluate_offloading(p, s.plan));
    }
}

TEST_CASE("branch and bound equals enumeration on random instances", "[planning][offloading_bandwidth][p1]") {
    random_stream r(17);
    for (int trial = 0; trial < 60; ++trial) {
        const std::size_t n = 1 + r.below(5);
        const std::size_t m = 1 + r.below(3);
        task_size_generator gen(n, m, 900 + static_cast<std::uint64_t>(trial));
        const offloading_problem p = gen.next_problem(random_parameters(r));
        const offloading_solution e = enumerate_offloading(p);
        const offloading_solution b = offloading_branch_and_bound(p);
        INFO("trial " << trial << " N " << n << " M " << m);
        CHECK(b.proven_optimal);
        CHECK(b.gap == 0.0);
        CHECK(b.evaluation.utility == Approx(e.evaluation.utility).epsilon(1e-12));
        CHECK(b.evaluation == evaluate_offloading(p, b.plan));
        // the search visits fewer nodes than there are decisions once the instance is not tiny
        if (n * m >= 8) CHECK(b.nodes < e.nodes);
    }
}

TEST_CASE("branch and bound proves N = 10, M = 3 optimal; the seed's defaults",
          "[planning][offloading_bandwidth][p1]") {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        task_size_generator gen(10, 3, seed);
        const offloading_problem p = gen.next_problem();
        const offloading_solution b = offloading_branch_and_bound(p);
        CHECK(b.proven_optimal);
        // never worse than the seed's baselines
        CHECK(b.evaluation.utility <= local_only_solution(p).evaluation.utility);
        CHECK(b.evaluation.utility <= edge_only_solution(p).evaluation.utility);
    }
}

TEST_CASE("branch and bound with a tiny node budget reports a valid gap", "[planning][offloading_bandwidth][p1]") {
    random_stream r(23);
    for (int trial = 0; trial < 10; ++trial) {
        task_size_generator gen(4, 3, 70 + static_cast<std::uint64_t>(trial));
        const offloading_problem p = gen.next_problem(random_parameters(r));
        offloading_branch_and_bound_options o;
        o.max_nodes = 3;
        const offloading_solution b = offloading_branch_and_bound(p, o);
        const double optimum = enumerate_offloading(p).evaluation.utility;
        INFO("trial " << trial);
        CHECK(b.lower_bound <= optimum * (1.0 + 1e-12)); // a valid bound
        CHECK(b.evaluation.utility >= optimum * (1.0 - 1e-12));
        CHECK(b.gap >= 0.0);
        CHECK(b.gap == Approx((b.evaluation.utility - b.lower_bound) / b.evaluation.utility).margin(1e-15));
        if (!b.proven_optimal) CHECK(b.gap > 0.0);
    }
}

TEST_CASE("the public code's greedy: enumeration with the equal split", "[planning][offloading_bandwidth][p1]") {
    task_size_generator gen(3, 3, 1);
    for (int i = 0; i < 10; ++i) {
        const offloading_problem p = gen.next_problem();
        const offloading_solution equal = enumerate_offloading(p, bandwidth_rule::equal_split);
        const offloading_solution exact = enumerate_offloading(p);
        CHECK(equal.plan.bandwidth_bits_per_second == equal_bandwidth_split(p));
        CHECK(exact.evaluation.utility <= equal.evaluation.utility * (1.0 + 1e-12));
        // the equal split is never better than the exact allocation of its own decision
        CHECK(optimal_bandwidth(p, equal.plan.decision).evaluation.utility <= equal.evaluation.utility * (1.0 + 1e-12));
    }
}

TEST_CASE("baselines: local only needs no bandwidth, edge only under both rules", "[planning][offloading_bandwidth]") {
    const offloading_problem p = task_size_generator(3, 3, 2).next_problem();
    const bandwidth_solution local = local_only_solution(p);
    CHECK(local.plan.bandwidth_bits_per_second == std::vector<double>(3, 0.0));
    CHECK(local.evaluation.utility == evaluate_offloading(p, {local_only_decision(p), {0.0, 0.0, 0.0}}).utility);
    const bandwidth_solution edge = edge_only_solution(p);
    const bandwidth_solution edge_equal = edge_only_solution(p, bandwidth_rule::equal_split);
    CHECK(edge.evaluation.utility <= edge_equal.evaluation.utility);
    CHECK(edge.capacity_binding); // no local work: no kink, all of C is used
}

TEST_CASE("exact solvers name bad inputs", "[planning][offloading_bandwidth][p1]") {
    const offloading_problem big(5, 5, std::vector<double>(25, 1.0));
    CHECK_THROWS_WITH(enumerate_offloading(big),
                      Catch::Contains("'device_count * tasks_per_device' = 25") && Catch::Contains("<= 24"));
    const offloading_problem wide(1, 17, std::vector<double>(17, 1.0));
    CHECK_THROWS_WITH(offloading_branch_and_bound(wide), Catch::Contains("'tasks_per_device' = 17"));
    const offloading_problem p(2, 2, {1.0, 2.0, 3.0, 4.0});
    offloading_branch_and_bound_options o;
    o.max_nodes = 0;
    CHECK_THROWS_WITH(offloading_branch_and_bound(p, o), Catch::Contains("'options.max_nodes' = 0"));
    o = {};
    o.dual_iterations = 0;
    CHECK_THROWS_WITH(offloading_branch_and_bound(p, o), Catch::Contains("'options.dual_iterations' = 0"));
    o = {};
    o.node_dual_iterations = -1;
    CHECK_THROWS_WITH(offloading_branch_and_bound(p, o), Catch::Contains("'options.node_dual_iterations' = -1"));
    CHECK_THROWS_WITH(enumerate_offloading(p, static_cast<bandwidth_rule>(7)), Catch::Contains("'rule' = 7"));
    CHECK_THROWS_WITH(edge_only_solution(p, static_cast<bandwidth_rule>(7)), Catch::Contains("'rule' = 7"));
}
