// tests/queues/test_hostile_limits.cpp — issue 18 #15: the Cosmetatos M/D/c means at subnormal service times
// and loads that underflow are 0 (were NaN: 0 * the correction's 1 / rho = inf); the exact M/D/c at a million
// servers in heavy traffic is a value, beyond its documented size an error naming 'servers'. #10: G/G/1's
// response is its wait plus E[S].
#include <algorithm>
#include <cmath>
#include <random>

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
    // the issue's reproducer: rho = 1 - 1e-6, the roots near z = 1 are resolved to their rounding floor
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

TEST_CASE("hostile #10: G/G/1 structural properties over random draws", "[queues][hostile][gg1]") {
    // gg1 gives means only (two moments do not determine a G/G/1 distribution: no quantiles to order), so the
    // issue's ordering "response >= wait" is checked on the means, with the structure of the KLB approximation:
    // response = wait + E[S]; 0 <= wait <= Kingman's upper bound (KLB = Allen-Cunneen x g with g <= 1, and
    // rho^2 c_a^2 <= c_a^2); wait non-decreasing in the arrival rate and in c_s^2; wait -> 0 as rho -> 0 and
    // wait -> inf as rho -> 1; +inf when unstable. Random draws (fixed seed) over 6 decades of every parameter.
    std::mt19937_64 rng(18);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto log_uniform = [&](double lo, double hi) { return lo * std::pow(hi / lo, unit(rng)); };
    int stable = 0;
    for (int draw = 0; draw < 2000; ++draw) {
        const double s = log_uniform(1e-3, 1e3);
        const double rho = draw % 10 == 0 ? 1.0 + unit(rng) : log_uniform(1e-4, 0.9999);
        const double ca2 = draw % 7 == 0 ? 0.0 : log_uniform(1e-3, 1e2);
        const double cs2 = draw % 11 == 0 ? 0.0 : log_uniform(1e-3, 1e2);
        const offload::gg1 q(rho / s, ca2, s, cs2);
        INFO("draw " << draw << ": rho = " << rho << ", E[S] = " << s << ", ca2 = " << ca2 << ", cs2 = " << cs2);
        const double w = offload::mean_wait(q);
        REQUIRE(!std::isnan(w));
        if (!offload::is_stable(q)) {
            CHECK(w == offload::infinity);
            CHECK(offload::mean_response(q) == offload::infinity);
            continue;
        }
        ++stable;
        CHECK(w >= 0.0);
        CHECK(w < offload::infinity);
        CHECK(offload::mean_response(q) == Approx(w + s).epsilon(1e-15));
        CHECK(w <= offload::kingman_upper_bound(q) * (1.0 + 1e-12));
        CHECK(offload::marshall_lower_bound(q) <= offload::kingman_upper_bound(q));
        // monotone in the load (same E[S], scvs) and in the service scv
        const double heavier = std::min(rho * (1.0 + unit(rng)), 0.99995);
        CHECK(offload::mean_wait(offload::gg1(heavier / s, ca2, s, cs2)) >= w * (1.0 - 1e-12));
        CHECK(offload::mean_wait(offload::gg1(rho / s, ca2, s, cs2 * (1.0 + unit(rng)) + 1e-3)) >= w * (1.0 - 1e-12));
        // limits: light traffic (rho 1e-12: wait ~ rho E[S]) and heavy traffic (rho 1 - 1e-12: wait ~ 1 / (1 - rho))
        if (ca2 + cs2 > 0.0) {
            CHECK(offload::mean_wait(offload::gg1(1e-12 / s, ca2, s, cs2)) <= 1e-9 * s * (ca2 + cs2 + 1.0));
            CHECK(offload::mean_wait(offload::gg1((1.0 - 1e-12) / s, ca2, s, cs2)) >= 1e6 * s * (ca2 + cs2) / 4.0);
        }
    }
    CHECK(stable > 1500);
    // the issue's draw
    const offload::gg1 issue(0.9, 0.1, 1.0, 0.1);
    CHECK(offload::mean_response(issue) == Approx(offload::mean_wait(issue) + 1.0).epsilon(1e-15));
}

TEST_CASE("hostile #15: exact M/D/c distribution at 10^4 servers in heavy traffic has no NaN",
          "[queues][hostile][mdc]") {
    // rho = 0.999, c = 10^4: the roots route's product of c - 1 factors over/underflowed (inf x 0 = NaN in every
    // cdf value, and quantile() failed with Boost's "do not bracket the root"); it is now rescaled as it runs
    const offload::mdc q(9990.0, 1.0, 10000);
    const auto w = offload::wait_distribution(q);
    const double mean = offload::mean_wait(q);
    // midpoint rule for E[W] = int_0^inf (1 - F(t)) dt; F is continuous on (0, inf) (the atom is at t = 0)
    const double dt = mean / 400.0;
    double integral = 0.0;
    double previous = offload::cdf(w, 0.0);
    CHECK(previous > 0.0); // P(W = 0) = P(fewer than c in the system)
    for (int i = 0; i < 40000 && previous < 1.0; ++i) {
        const double f = offload::cdf(w, (i + 0.5) * dt);
        REQUIRE(f >= 0.0);
        REQUIRE(f <= 1.0);
        REQUIRE(f >= previous - 1e-12);
        integral += (1.0 - f) * dt;
        previous = f;
    }
    INFO("E[W] = " << mean << ", integral of the ccdf " << integral);
    CHECK(integral == Approx(mean).epsilon(1e-3));
    const double median = offload::quantile(w, 0.5);
    const double p99 = offload::quantile(w, 0.99);
    CHECK(median > 0.0);
    CHECK(p99 > median);
    CHECK(offload::cdf(w, p99) == Approx(0.99).epsilon(1e-9));
}
