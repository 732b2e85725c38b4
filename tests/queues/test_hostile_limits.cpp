// tests/queues/test_hostile_limits.cpp — issue 18 #15: the Cosmetatos M/D/c means at subnormal service times
// and loads that underflow are 0 (were NaN: 0 * the correction's 1 / rho = inf); the exact M/D/c at a million
// servers in heavy traffic is a value, beyond its documented size an error naming 'servers'. #10: G/G/1's
// response is its wait plus E[S].
#include <catch2/catch.hpp>

#include "offload/detail/mdc_solver.hpp"
#include "offload/error.hpp"
#include "offload/queues/gg1.hpp"
#include "offload/queues/mdc.hpp"

TEST_CASE("hostile #15: Cosmetatos means at subnormal service times are finite", "[queues][hostile][mdc]") {
    for (const double service : {5e-324, 1e-320, 1e-300}) {
        for (const int servers : {1, 2, 5, 100}) {
            for (const double rate : {0.5, 1e-300}) {
                INFO("D = " << service << ", c = " << servers << ", lambda = " << rate);
                const offload::mdc q(rate, service, servers);
                const double w = offload::cosmetatos_mean_wait(q);
                CHECK(w >= 0.0);
                CHECK(w <= service); // the wait of a nearly empty queue is far below one service time
                CHECK(offload::cosmetatos_mean_response(q) == Approx(service).epsilon(1e-12));
            }
        }
    }
    // an ordinary case is unchanged: c = 1 is Pollaczek-Khinchine, W = rho D / (2 (1 - rho))
    CHECK(offload::cosmetatos_mean_wait(offload::mdc(0.5, 1.0, 1)) == Approx(0.5));
}

namespace {
/// The load a = rho c at which the exact M/D/c switches routes: c (rho - 1 - ln rho) = 0.5, rho < 1 (bisection).
double route_switch_load(int c) {
    double lo = 0.5;
    double hi = 1.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (offload::detail::mdc_cramer_rate(c, mid) >= offload::detail::mdc_spitzer_threshold ? lo : hi) = mid;
    }
    return lo * static_cast<double>(c);
}
} // namespace

TEST_CASE("hostile #15: exact M/D/c mean at a million servers in heavy traffic is a value", "[queues][hostile][mdc]") {
    // the reproducer: rho = 1 - 1e-6, the roots near z = 1 are resolved to their rounding floor
    const offload::mdc q(999999.0, 1.0, 1000000);
    const double w = offload::mean_wait(q);
    INFO("E[W] = " << w << ", Cosmetatos " << offload::cosmetatos_mean_wait(q));
    // at rho -> 1 M/D/c is half of M/M/c (Cosmetatos' correction is 1 + 1.4e-4 here): ~0.499 s
    CHECK(w == Approx(offload::cosmetatos_mean_wait(q)).epsilon(0.01));
    CHECK(offload::mean_response(q) == Approx(w + 1.0).epsilon(1e-15));
}

TEST_CASE("hostile #15: the two exact M/D/c routes agree where they meet", "[queues][hostile][mdc]") {
    // just below the switch the light-traffic series runs, just above it the roots (c - 1 = 99 999 of them);
    // E[W] is smooth in the load, so the two sides differ by about dE[W]/da x 2e-7 (relative ~1e-6)
    const int c = 100000;
    const double a = route_switch_load(c);
    const double below = offload::mean_wait(offload::mdc(a - 1e-7, 1.0, c));
    const double above = offload::mean_wait(offload::mdc(a + 1e-7, 1.0, c));
    INFO("a = " << a << ": " << below << " vs " << above);
    CHECK(below > 0.0);
    CHECK(above == Approx(below).epsilon(1e-5));
}

TEST_CASE("hostile #15: exact M/D/c beyond its documented size names 'servers'", "[queues][hostile][mdc]") {
    // heavy traffic at 3 million servers would need 3 million roots
    const int c = 3000000;
    const offload::mdc heavy(static_cast<double>(c) * (1.0 - 1e-7), 1.0, c);
    CHECK_THROWS_WITH(offload::mean_wait(heavy),
                      Catch::Contains("parameter 'servers' = 3000000") && Catch::Contains("2^21"));
    CHECK_THROWS_AS(offload::wait_distribution(heavy), offload::parameter_error);
    // the light-traffic route at the largest server count is immediate: nobody waits
    CHECK(offload::mean_wait(offload::mdc(5e8, 1.0, 1000000000)) == 0.0);
    // a distribution whose light-traffic recursion would take M^2 / 2 > 2^31 steps is refused up front
    const int huge = 1000000000;
    const double a = route_switch_load(huge) - 1.0;
    CHECK_THROWS_WITH(offload::wait_distribution(offload::mdc(a, 1.0, huge)),
                      Catch::Contains("parameter 'servers' = 1000000000") && Catch::Contains("more than 2^31"));
}

TEST_CASE("hostile #10: G/G/1 response = wait + service >= wait over a grid of loads and scvs",
          "[queues][hostile][gg1]") {
    // gg1 gives means only (two moments do not determine a G/G/1 distribution: no quantiles to order); its
    // response is the KLB wait plus E[S], so it can never fall below the wait. The draw: GG1(0.9, 0.1, 1, 0.1)
    for (const double rate : {0.01, 0.5, 0.9, 0.999, 1.5}) {
        for (const double ca : {0.0, 0.1, 1.0, 10.0}) {
            for (const double cs : {0.0, 0.1, 1.0, 10.0}) {
                const offload::gg1 q(rate, ca, 1.0, cs);
                INFO("lambda = " << rate << ", ca2 = " << ca << ", cs2 = " << cs);
                const double w = offload::mean_wait(q);
                CHECK(w >= 0.0);
                CHECK(offload::mean_response(q) >= w);
                if (w < offload::infinity) CHECK(offload::mean_response(q) == Approx(w + 1.0).epsilon(1e-15));
                CHECK(offload::marshall_lower_bound(q) <= offload::kingman_upper_bound(q));
            }
        }
    }
}
