#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/gamma_plus_tail_time.hpp"

using offload::capped_exponential_tail_time;
using offload::gamma_plus_tail_time;
using offload::test::rel;

TEST_CASE("gamma_plus_tail_time: no wait leaves the gamma service time", "[distributions][mg1]") {
    const gamma_plus_tail_time d(2.0, 1.0, capped_exponential_tail_time(0.0, 0.0, 0.0));  // Exp(mean 2)
    for (double t : {0.1, 1.0, 5.0}) CHECK(complementary_cdf(d, t) == rel(std::exp(-t / 2.0), 1e-14));
    CHECK(quantile(d, 0.99) == rel(2.0 * std::log(100.0), 1e-11));
    const gamma_plus_tail_time e2(1.0, 0.5, capped_exponential_tail_time(0.0, 0.0, 0.0));  // Erlang-2, rate 2
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
        const double h = (3.0 * std::exp(-t) - std::exp(-3.0 * t)) / 2.0;  // P(Exp(1) + Exp(3) > t)
        CHECK(complementary_cdf(d, t) == rel(0.4 * std::exp(-t) + 0.6 * h, 1e-10));
    }
    // W decaying slower than S: closed-form branch (gamma = 0.5 < beta = 1)
    const gamma_plus_tail_time slow(1.0, 1.0, capped_exponential_tail_time(0.6, 0.6, 0.5));
    for (double t : {0.2, 1.0, 4.0, 20.0}) {
        const double h = (std::exp(-0.5 * t) - 0.5 * std::exp(-t)) / 0.5;  // P(Exp(1) + Exp(0.5) > t)
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
