// Tests for offload/planning/offloading_bandwidth/bandwidth.hpp: the exact P2 against hand-computed cases, against
// a brute-force grid over the bandwidth simplex, and its KKT conditions on random instances.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/offloading_bandwidth/bandwidth.hpp"
#include "offload/planning/offloading_bandwidth/instances.hpp"

using namespace offload::planning;
using offload::planning::offloading_detail::random_stream;

namespace {

offloading_parameters simple_parameters(double capacity, double local_seconds_per_bit, double edge_rate, double beta) {
    offloading_parameters q;
    q.bandwidth_bits_per_second = capacity;
    q.local_seconds_per_bit = local_seconds_per_bit;
    q.edge_bits_per_second = edge_rate;
    q.delay_weight = beta;
    q.energy = offload::energy_model(1.0, 0.5, 0.0);
    return q;
}

/// random parameters around the seed's, with C spread over three decades so the capacity binds in some instances
/// and not in others
offloading_parameters random_parameters(random_stream& r) {
    offloading_parameters q;
    q.bandwidth_bits_per_second = 1.5e6 * std::pow(10.0, 3.0 * r.uniform());
    q.local_seconds_per_bit = 4.75e-7 * (0.2 + 2.0 * r.uniform());
    q.edge_bits_per_second = (1e10 / 1900.0) * (0.2 + 5.0 * r.uniform());
    q.delay_weight = 0.1 + 3.0 * r.uniform();
    return q;
}

offloading_decision random_decision(const offloading_problem& p, random_stream& r) {
    offloading_decision x{std::vector<std::uint8_t>(p.task_count())};
    for (auto& v : x.offload) v = r.uniform() < 0.5 ? 1 : 0;
    return x;
}

/// min over a grid of the simplex sum c = C (Q is non-increasing in every c_n, so the whole C is used WLOG) for
/// N = 2 or 3 devices, refined twice around the best grid point.
double grid_minimum(const offloading_problem& p, const offloading_decision& x) {
    const std::size_t n = p.device_count();
    const double cap = p.parameters().bandwidth_bits_per_second;
    auto q = [&](const std::vector<double>& c) { return evaluate_offloading(p, {x, c}).utility; };
    double best = std::numeric_limits<double>::infinity();
    double lo0 = 0.0, hi0 = 1.0, lo1 = 0.0, hi1 = 1.0;
    for (int round = 0; round < 3; ++round) {
        const int steps = n == 2 ? 4000 : 300;
        double b0 = 0.0, b1 = 0.0;
        for (int i = 0; i <= steps; ++i) {
            const double f0 = lo0 + (hi0 - lo0) * i / steps;
            if (n == 2) {
                const double v = q({f0 * cap, (1.0 - f0) * cap * (1.0 - 1e-15)});
                if (v < best) best = v, b0 = f0;
                continue;
            }
            for (int j = 0; j <= steps; ++j) {
                const double f1 = lo1 + (hi1 - lo1) * j / steps;
                if (f0 + f1 > 1.0) continue;
                const double v = q({f0 * cap, f1 * cap, std::max(0.0, 1.0 - f0 - f1) * cap * (1.0 - 1e-15)});
                if (v < best) best = v, b0 = f0, b1 = f1;
            }
        }
        const double w0 = 4.0 * (hi0 - lo0) / steps, w1 = 4.0 * (hi1 - lo1) / steps;
        lo0 = std::max(0.0, b0 - w0), hi0 = std::min(1.0, b0 + w0);
        lo1 = std::max(0.0, b1 - w1), hi1 = std::min(1.0, b1 + w1);
    }
    return best;
}

} // namespace

TEST_CASE("P2 by hand: one device stops at the kink where T^c = T^l", "[planning][offloading_bandwidth][p2]") {
    // d = {2, 4} bits, offload the 2-bit task: D = 2, A = 2 / 8 = 0.25, L = 0.5 * 4 = 2; kink 2 / 1.75 = 8/7 < C = 4
    const offloading_problem p(1, 2, {2.0, 4.0}, simple_parameters(4.0, 0.5, 8.0, 2.0));
    const bandwidth_solution s = optimal_bandwidth(p, {{1, 0}});
    CHECK(s.plan.bandwidth_bits_per_second[0] == Approx(8.0 / 7.0).epsilon(1e-15));
    CHECK(s.evaluation.devices[0].edge_seconds == Approx(2.0).epsilon(1e-15));
    CHECK(s.evaluation.devices[0].local_seconds == 2.0);
    CHECK(s.price == 0.0);
    CHECK_FALSE(s.capacity_binding);
    // E = 0.5 * 2 + 1 * 4 = 5; Q = 5 + 2 * 2
    CHECK(s.evaluation.utility == Approx(9.0).epsilon(1e-15));
}

TEST_CASE("P2 by hand: no local work, bandwidth proportional to sqrt(D)", "[planning][offloading_bandwidth][p2]") {
    // D = {4, 1}, L = 0: no kink; c = C sqrt(D) / sum sqrt(D) = {2, 1}; lambda = beta D / c^2 = 1
    const offloading_problem p(2, 1, {4.0, 1.0}, simple_parameters(3.0, 0.0, 4.0, 1.0));
    const bandwidth_solution s = optimal_bandwidth(p, {{1, 1}});
    CHECK(s.plan.bandwidth_bits_per_second[0] == Approx(2.0).epsilon(1e-15));
    CHECK(s.plan.bandwidth_bits_per_second[1] == Approx(1.0).epsilon(1e-15));
    CHECK(s.price == Approx(1.0).epsilon(1e-15));
    CHECK(s.capacity_binding);
    // E = 0.5 * 5 = 2.5; delays 4/2 + 1 = 3 and 1/1 + 0.25 = 1.25
    CHECK(s.evaluation.utility == Approx(6.75).epsilon(1e-15));
}

TEST_CASE("P2 by hand: one device saturates at its kink, the other takes the rest",
          "[planning][offloading_bandwidth][p2]") {
    // device 0 (M = 2): offloads 1 bit, keeps 4 local: L = 2 (t^l = 0.5), A = 0.25, kink 1 / 1.75 = 4/7
    // device 1: offloads 9 bits, nothing local: no kink. C = 3.
    // unconstrained ratio sqrt(1) : sqrt(9) would give device 0 c = 0.75 > 4/7, so device 0 sits at 4/7 and
    // device 1 gets 3 - 4/7 = 17/7.
    const offloading_problem p(2, 2, {1.0, 4.0, 9.0, 0.0}, simple_parameters(3.0, 0.5, 4.0, 1.0));
    const bandwidth_solution s = optimal_bandwidth(p, {{1, 0, 1, 1}});
    CHECK(s.plan.bandwidth_bits_per_second[0] == Approx(4.0 / 7.0).epsilon(1e-14));
    CHECK(s.plan.bandwidth_bits_per_second[1] == Approx(17.0 / 7.0).epsilon(1e-14));
    CHECK(s.price == Approx(9.0 / (17.0 / 7.0) / (17.0 / 7.0)).epsilon(1e-14));
    CHECK(s.evaluation.devices[0].edge_seconds == Approx(s.evaluation.devices[0].local_seconds).epsilon(1e-14));
    CHECK(s.evaluation.bandwidth_used_bits_per_second == Approx(3.0).epsilon(1e-15));
}

TEST_CASE("P2: a device that offloads nothing gets no bandwidth", "[planning][offloading_bandwidth][p2]") {
    const offloading_problem p(3, 1, {1.0, 2.0, 3.0}, simple_parameters(3.0, 0.0, 4.0, 1.0));
    const bandwidth_solution s = optimal_bandwidth(p, {{0, 1, 0}});
    CHECK(s.plan.bandwidth_bits_per_second == std::vector<double>{0.0, 3.0, 0.0});
    const bandwidth_solution none = optimal_bandwidth(p, {{0, 0, 0}});
    CHECK(none.plan.bandwidth_bits_per_second == std::vector<double>(3, 0.0));
    CHECK(none.price == 0.0);
}

TEST_CASE("P2 equals a brute-force grid on random instances", "[planning][offloading_bandwidth][p2]") {
    random_stream r(11);
    for (int trial = 0; trial < 40; ++trial) {
        const std::size_t n = trial % 2 == 0 ? 2 : 3;
        task_size_generator gen(n, 3, 100 + static_cast<std::uint64_t>(trial));
        const offloading_problem p = gen.next_problem(random_parameters(r));
        const offloading_decision x = random_decision(p, r);
        const double exact = optimal_bandwidth(p, x).evaluation.utility;
        const double grid = grid_minimum(p, x);
        INFO("trial " << trial);
        // the exact optimum is never above a feasible grid point (up to rounding) ...
        CHECK(exact <= grid * (1.0 + 1e-12));
        // ... and the refined grid gets within 1e-6 of it (grid spacing after refinement ~ 1e-8 C)
        CHECK(grid <= exact * (1.0 + 1e-6));
    }
}

TEST_CASE("P2 satisfies its KKT conditions on random instances", "[planning][offloading_bandwidth][p2]") {
    random_stream r(5);
    int binding = 0;
    int slack = 0;
    int at_kink = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const std::size_t n = 1 + r.below(12);
        task_size_generator gen(n, 1 + r.below(4), 1000 + static_cast<std::uint64_t>(trial));
        const offloading_problem p = gen.next_problem(random_parameters(r));
        const offloading_decision x = random_decision(p, r);
        const bandwidth_solution s = optimal_bandwidth(p, x);
        const double cap = p.parameters().bandwidth_bits_per_second;
        const double beta = p.parameters().delay_weight;
        const double lambda = s.price;
        INFO("trial " << trial);
        REQUIRE(lambda >= 0.0);
        // primal feasibility and complementary slackness
        CHECK(s.evaluation.bandwidth_used_bits_per_second <= cap * (1.0 + 1e-12));
        if (lambda > 0.0) {
            CHECK(s.evaluation.bandwidth_used_bits_per_second == Approx(cap).epsilon(1e-12));
            ++binding;
        } else {
            ++slack;
        }
        // stationarity per device: 0 in the subgradient of beta max(L, A + D/c) + lambda c at c_n
        for (std::size_t i = 0; i < n; ++i) {
            const device_evaluation& d = s.evaluation.devices[i];
            const double c = s.plan.bandwidth_bits_per_second[i];
            if (d.offloaded_bits == 0.0) {
                CHECK(c == 0.0);
                continue;
            }
            REQUIRE(c > 0.0);
            const double marginal = beta * d.offloaded_bits / (c * c); // -(left derivative of the delay cost)
            if (d.edge_seconds > d.local_seconds * (1.0 + 1e-9)) {     // before the kink: marginal = lambda
                CHECK(marginal == Approx(lambda).epsilon(1e-9));
            } else { // at the kink T^c = T^l: lambda within [0, marginal]
                CHECK(d.edge_seconds == Approx(d.local_seconds).epsilon(1e-9));
                CHECK(lambda <= marginal * (1.0 + 1e-9));
                ++at_kink;
            }
        }
        // the fast allocator and the evaluator agree
        bandwidth_allocator fast(p);
        std::vector<double> c;
        CHECK(fast.solve(x, c) == Approx(s.evaluation.utility).epsilon(1e-13));
    }
    // the random instances exercise all three regimes
    CHECK(binding > 30);
    CHECK(slack > 30);
    CHECK(at_kink > 30);
}

TEST_CASE("P2 never loses to the public code's equal split", "[planning][offloading_bandwidth][p2]") {
    random_stream r(9);
    for (int trial = 0; trial < 100; ++trial) {
        task_size_generator gen(3, 3, 500 + static_cast<std::uint64_t>(trial));
        const offloading_problem p = gen.next_problem(random_parameters(r));
        const offloading_decision x = random_decision(p, r);
        CHECK(optimal_bandwidth(p, x).evaluation.utility <=
              equal_split_bandwidth(p, x).evaluation.utility * (1.0 + 1e-12));
    }
}

TEST_CASE("bandwidth_allocator names a bad decision", "[planning][offloading_bandwidth][p2]") {
    const offloading_problem p(2, 1, {1.0, 2.0});
    bandwidth_allocator a(p);
    std::vector<double> c;
    CHECK_THROWS_WITH(a.solve({{1}}, c), Catch::Contains("'decision.offload.size' = 1"));
    CHECK_THROWS_WITH(optimal_bandwidth(p, {{0, 7}}), Catch::Contains("'decision.offload[1]' = 7"));
}
