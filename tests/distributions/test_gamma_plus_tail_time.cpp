#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/gamma_plus_tail_time.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/mg1.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>

using offload::capped_exponential_tail_time;
using offload::gamma_plus_tail_time;
using offload::test::rel;

TEST_CASE("gamma_plus_tail_time: no wait leaves the gamma service time", "[distributions][mg1]") {
    const gamma_plus_tail_time d(2.0, 1.0, capped_exponential_tail_time(0.0, 0.0, 0.0)); // Exp(mean 2)
    for (double t : {0.1, 1.0, 5.0}) CHECK(complementary_cdf(d, t) == rel(std::exp(-t / 2.0), 1e-14));
    CHECK(quantile(d, 0.99) == rel(2.0 * std::log(100.0), 1e-11));
    const gamma_plus_tail_time e2(1.0, 0.5, capped_exponential_tail_time(0.0, 0.0, 0.0)); // Erlang-2, rate 2
    CHECK(complementary_cdf(e2, 1.5) == rel((1.0 + 3.0) * std::exp(-3.0), 1e-14));
    CHECK(mean(e2) == rel(1.0));
    CHECK(variance(e2) == rel(0.5));
}

TEST_CASE("gamma_plus_tail_time: deterministic service shifts the wait", "[distributions][mg1]") {
    const capped_exponential_tail_time w(0.5, 0.8, 2.0);
    const gamma_plus_tail_time d(1.5, 0.0, w);
    CHECK(cdf(d, 1.4) == 0.0);
    CHECK(cdf(d, 1.5) == rel(0.5));
    CHECK(cdf(d, 3.0) == rel(cdf(w, 1.5)));
    CHECK(quantile(d, 0.99) == rel(1.5 + quantile(w, 0.99)));
    CHECK(quantile(d, 0.3) == 1.5);
    CHECK(mean(d) == rel(1.5 + mean(w)));
    CHECK(variance(d) == rel(variance(w)));
}

TEST_CASE("gamma_plus_tail_time: Exp(mu) service plus an exponential tail is hypoexponential", "[distributions][mg1]") {
    // S ~ Exp(1), W: atom 0.4 + 0.6 Exp(3) (cap inactive, closed-form branch since gamma = 3 > beta = 1
    // -> quadrature branch)
    const gamma_plus_tail_time d(1.0, 1.0, capped_exponential_tail_time(0.6, 0.6, 3.0));
    for (double t : {0.2, 1.0, 4.0, 20.0}) {
        const double h = (3.0 * std::exp(-t) - std::exp(-3.0 * t)) / 2.0; // P(Exp(1) + Exp(3) > t)
        CHECK(complementary_cdf(d, t) == rel(0.4 * std::exp(-t) + 0.6 * h, 1e-10));
    }
    // W decaying slower than S: closed-form branch (gamma = 0.5 < beta = 1)
    const gamma_plus_tail_time slow(1.0, 1.0, capped_exponential_tail_time(0.6, 0.6, 0.5));
    for (double t : {0.2, 1.0, 4.0, 20.0}) {
        const double h = (std::exp(-0.5 * t) - 0.5 * std::exp(-t)) / 0.5; // P(Exp(1) + Exp(0.5) > t)
        CHECK(complementary_cdf(slow, t) == rel(0.4 * std::exp(-t) + 0.6 * h, 1e-12));
    }
}

TEST_CASE("gamma_plus_tail_time: bad parameters", "[distributions][mg1][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const capped_exponential_tail_time w(0.5, 0.8, 2.0);
    CHECK_THROWS_WITH(gamma_plus_tail_time(0.0, 1.0, w), Catch::Contains("'service_mean' = 0"));
    CHECK_THROWS_WITH(gamma_plus_tail_time(1.0, -1.0, w), Catch::Contains("'service_scv' = -1"));
    CHECK_THROWS_AS(gamma_plus_tail_time(nan, 1.0, w), offload::parameter_error);
    CHECK_THROWS_AS(complementary_cdf(gamma_plus_tail_time(1.0, 1.0, w), nan), offload::parameter_error);
    CHECK_THROWS_AS(quantile(gamma_plus_tail_time(1.0, 1.0, w), 0.0), offload::parameter_error);
}

TEST_CASE("gamma_plus_tail_time: negligible convolution terms are accepted, and the cdf stays right",
          "[distributions][mg1]") {
    // k_parallel<mg1> at 10 req/s, s = 8 ms, k = 2 (an edge of the advisor's scenarios): for scv 0.3 the
    // quadrature term is ~1e-11 with an error estimate ~3e-16, which a purely relative test used to reject.
    for (const double scv : {0.3, 0.5, 3.0}) {
        const offload::k_parallel<offload::mg1> q(offload::mg1(10.0, 0.008, scv), 2.0);
        const auto r = offload::response_distribution(q);
        for (const double p : {0.5, 0.9, 0.99, 0.999}) {
            const double t = offload::quantile(r, p);
            REQUIRE(std::isfinite(t));
            CHECK(offload::cdf(r, t) == Approx(p).epsilon(1e-9));
        }
        // T = S + W with S, W independent, so int P(T > t) dt = E[S] + int P(W > w) dw: the convolved complementary
        // cdf (quadrature terms included) must integrate to the service mean plus the integral of the wait's own
        // complementary cdf. Both by Gauss-Kronrod on [0, 80 E[S]] (the tails beyond are below 1e-12 here); at
        // this quadrature budget the two integrals agree to 0.3-1.7e-6 relative, hence the 1e-5 tolerance.
        const auto integrate = [&](auto&& f) {
            return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, 0.0, 80.0 * r.service_mean(), 8,
                                                                                 1e-10);
        };
        const double response_integral = integrate([&](double t) { return offload::complementary_cdf(r, t); });
        const double wait_integral = integrate([&](double w) { return offload::complementary_cdf(r.wait(), w); });
        INFO("scv = " << scv);
        CHECK(response_integral == rel(r.service_mean() + wait_integral, 1e-5));
    }
}

TEST_CASE("gamma_plus_tail_time: nearly deterministic service (scv down to 1e-9) tends to the deterministic case",
          "[distributions][mg1]") {
    // shape 1/scv up to 1e9: Boost's incomplete gamma used to overflow at t = 0 for scv <= 1e-4
    const offload::mg1 deterministic(5.0, 0.1, 0.0);
    const auto r0 = offload::response_distribution(deterministic);
    for (const double scv : {1e-4, 1e-6, 1e-9}) {
        const auto r = offload::response_distribution(offload::mg1(5.0, 0.1, scv));
        INFO("scv = " << scv);
        CHECK(offload::cdf(r, 0.0) == 0.0);
        CHECK(offload::cdf(r, 0.05) == 0.0); // 0.05 s is 5000 sd below the 0.1 s service time even at scv 1e-4
        // (not p = 0.5: rho = 0.5 is the mass of W = 0, and the cdf is flat at 0.5 where the cap of W's tail holds,
        // so any point of that flat stretch is a median)
        for (const double p : {0.9, 0.99, 0.999}) {
            // the service time's spread is sqrt(scv) * 0.1 s: the quantiles move by at most a few of those
            CHECK(std::abs(offload::quantile(r, p) - offload::quantile(r0, p)) < 10.0 * std::sqrt(scv) * 0.1);
        }
    }
}
