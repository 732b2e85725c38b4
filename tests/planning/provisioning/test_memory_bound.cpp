// Tests for provisioning_memory_bound (heuristics.hpp): never above the exact optimum (brute force on tiny
// instances, solve_provisioning_exact on Table 6.1 instances, with and without hosted models, with few
// candidates per request), never below the plain per-request bound at lambda = 0, tighter than the compute
// Lagrangian when memory binds hard, and errors naming the field.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/provisioning/branch_and_bound.hpp"
#include "offload/planning/provisioning/heuristics.hpp"
#include "planning/provisioning/provisioning_helpers.hpp"

using namespace offload::planning;

namespace {

/// sum over requests of min(P, cheapest latency over the nodes that could host the model alone)
double cheapest_sum(const provisioning_problem& p) {
    double total = 0.0;
    for (std::size_t i = 0; i < p.request_count(); ++i) {
        const std::size_t k = p.request(i).model;
        if (k == provisioning_request::unknown_model) continue;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < p.node_count(); ++j)
            if (p.can_host(j, k)) best = std::min(best, p.latency(i, j));
        if (best < std::numeric_limits<double>::infinity()) total += std::min(best, p.rejection_cost());
    }
    return total;
}

} // namespace

TEST_CASE("provisioning_memory_bound never exceeds the optimum", "[planning][provisioning]") {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        const std::size_t n = 2 + seed % 5;
        const std::size_t s = 1 + seed % 3;
        const std::size_t m = 1 + seed % 3;
        const provisioning_problem p = offload::test::tiny_provisioning_problem(n, s, m, seed);
        const double optimum = offload::test::brute_force_provisioning(p);
        const std::vector<double> zero(p.node_count(), 0.0);
        INFO("seed " << seed);
        for (std::size_t width : {std::size_t{1}, std::size_t{2}, std::size_t{12}}) {
            provisioning_bound_options o;
            o.candidates = width;
            CHECK(provisioning_memory_bound(p, zero, o) <= optimum * (1 + 1e-12));
            const provisioning_bound compute = provisioning_lagrangian_bound(p);
            CHECK(provisioning_memory_bound(p, compute.multipliers, o) <= optimum * (1 + 1e-12));
        }
        CHECK(provisioning_memory_bound(p, zero) >= cheapest_sum(p) * (1 - 1e-12));
    }
    for (unsigned seed = 1; seed <= 10; ++seed) {
        for (bool total : {false, true}) {
            table_6_1_options o;
            o.total_memory = total;
            provisioning_problem p = table_6_1_problem(o, seed);
            if (seed % 2 == 0) { // Mode 1 shape: some models already hosted
                auto nodes = p.nodes();
                nodes[0].hosted = {1};
                nodes[3].hosted = {0, 2};
                p = provisioning_problem(p.models(), nodes, p.requests());
            }
            const provisioning_exact_result r = solve_provisioning_exact(p);
            REQUIRE(r.proven_optimal);
            const provisioning_heuristic_result fast = solve_provisioning_fast(p);
            INFO("seed " << seed << " total " << total << " optimum " << r.objective << " bound " << fast.lower_bound);
            CHECK(fast.lower_bound <= r.objective * (1 + 1e-12));
            CHECK(provisioning_memory_bound(p, std::vector<double>(p.node_count(), 0.0)) <= r.objective * (1 + 1e-12));
        }
    }
}

TEST_CASE("provisioning_memory_bound is tighter than the compute Lagrangian when memory binds hard",
          "[planning][provisioning]") {
    // 400 requests, 20 nodes, 20 models: each node holds about two models
    table_6_1_options o;
    o.requests = 400;
    o.nodes = 20;
    o.models = 20;
    o.node_compute_low = 4e12;
    o.node_compute_high = 16e12;
    const provisioning_problem p = table_6_1_problem(o, 1);
    const provisioning_heuristic_result fast = solve_provisioning_fast(p);
    provisioning_bound_options b;
    b.upper_bound = fast.objective;
    const provisioning_bound compute = provisioning_lagrangian_bound(p, b);
    const double memory = provisioning_memory_bound(p, compute.multipliers, b);
    INFO("plan " << fast.objective << " compute bound " << compute.value << " memory bound " << memory);
    CHECK(memory > compute.value);
    CHECK(memory <= fast.objective);
    CHECK(fast.lower_bound >= std::min(fast.objective, memory));
}

TEST_CASE("provisioning_memory_bound: errors name the field", "[planning][provisioning]") {
    const provisioning_problem p = table_6_1_problem({}, 1);
    const auto expect = [&](const std::vector<double>& lambda, provisioning_bound_options o, const std::string& field) {
        try {
            (void)provisioning_memory_bound(p, lambda, o);
            FAIL("no error for " << field);
        } catch (const offload::parameter_error& e) {
            CHECK(std::string(e.what()).find("'" + field + "'") != std::string::npos);
        }
    };
    expect(std::vector<double>(3, 0.0), {}, "lambda.size");
    std::vector<double> bad(p.node_count(), 0.0);
    bad[4] = -1.0;
    expect(bad, {}, "lambda[4]");
    bad[4] = std::numeric_limits<double>::quiet_NaN();
    expect(bad, {}, "lambda[4]");
    provisioning_bound_options none;
    none.candidates = 0;
    expect(std::vector<double>(p.node_count(), 0.0), none, "options.candidates");
}
