#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/capped_exponential_tail_time.hpp"

using offload::capped_exponential_tail_time;
using offload::test::rel;

TEST_CASE("capped_exponential_tail_time: cap active (C > q)", "[distributions][mg1]") {
    const capped_exponential_tail_time d(0.5, 0.8, 2.0); // flat at 0.5 until t0 = ln(1.6) / 2
    const double t0 = std::log(1.6) / 2.0;
    CHECK(d.start_of_decay() == rel(t0));
    CHECK(d.positive_probability() == 0.5);
    CHECK(cdf(d, 0.0) == rel(0.5));
    CHECK(cdf(d, 0.5 * t0) == rel(0.5));
    CHECK(complementary_cdf(d, 1.0) == rel(0.8 * std::exp(-2.0)));
    CHECK(cdf(d, 1.0) == rel(1.0 - 0.8 * std::exp(-2.0)));
    CHECK(quantile(d, 0.4) == 0.0);
    CHECK(quantile(d, 0.99) == rel(std::log(0.8 / 0.01) / 2.0));
    CHECK(quantile(d, 0.5000001) == rel(std::log(0.8 / 0.4999999) / 2.0));
    // self-consistent moments: E = q (t0 + 1/r), E[T^2] = q t0^2 + 2 q (t0/r + 1/r^2)
    const double e = 0.5 * (t0 + 0.5);
    CHECK(mean(d) == rel(e));
    CHECK(variance(d) == rel(0.5 * t0 * t0 + 2.0 * 0.5 * (t0 / 2.0 + 0.25) - e * e));
}

TEST_CASE("capped_exponential_tail_time: cap inactive (C <= q) and stored moments", "[distributions][mg1]") {
    const capped_exponential_tail_time d(0.6, 0.4, 1.0);
    CHECK(d.positive_probability() == 0.4);
    CHECK(d.start_of_decay() == 0.0);
    CHECK(cdf(d, 0.0) == rel(0.6));
    CHECK(mean(d) == rel(0.4));
    CHECK(variance(d) == rel(0.4 * 1.6));
    CHECK(quantile(d, 0.6) == 0.0);
    CHECK(quantile(d, 0.9) == rel(std::log(4.0)));
    const capped_exponential_tail_time s(0.6, 0.4, 1.0, 0.75, 2.0);
    CHECK(mean(s) == 0.75);
    CHECK(variance(s) == 2.0);
    CHECK(cdf(s, 1.0) == cdf(d, 1.0));
}

TEST_CASE("capped_exponential_tail_time: degenerate and infinite cases", "[distributions][mg1]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const capped_exponential_tail_time zero(0.0, 0.0, 0.0);
    CHECK(cdf(zero, 0.0) == 1.0);
    CHECK(mean(zero) == 0.0);
    CHECK(quantile(zero, 0.99) == 0.0);
    const capped_exponential_tail_time never(1.0, 1.0, 0.0);
    CHECK(cdf(never, 1e300) == 0.0);
    CHECK(mean(never) == inf);
    CHECK(quantile(never, 0.01) == inf);
    CHECK(cdf(never, -1.0) == 0.0);
    CHECK(complementary_cdf(never, -1.0) == 1.0);
}

TEST_CASE("capped_exponential_tail_time: bad parameters", "[distributions][mg1][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(capped_exponential_tail_time(1.5, 1.0, 1.0), Catch::Contains("'tail_probability' = 1.5"));
    CHECK_THROWS_WITH(capped_exponential_tail_time(0.5, -1.0, 1.0), Catch::Contains("'coefficient' = -1"));
    CHECK_THROWS_WITH(capped_exponential_tail_time(0.5, 1.0, nan), Catch::Contains("'decay_rate'"));
    CHECK_THROWS_WITH(capped_exponential_tail_time(0.5, 1.0, 1.0, -1.0, 1.0), Catch::Contains("'mean_seconds' = -1"));
    CHECK_THROWS_WITH(capped_exponential_tail_time(0.5, 1.0, 1.0, 1.0, nan), Catch::Contains("'variance_seconds2'"));
    CHECK_THROWS_AS(cdf(capped_exponential_tail_time(0.5, 1.0, 1.0), nan), offload::parameter_error);
    CHECK_THROWS_AS(quantile(capped_exponential_tail_time(0.5, 1.0, 1.0), 1.0), offload::parameter_error);
}

TEST_CASE("capped_exponential_tail_time: fast phase", "[distributions][mg1]") {
    const auto d = capped_exponential_tail_time::with_fast_phase(0.5, 0.3, 1.0, 0.2, 4.0, 0.35, 1.0);
    CHECK(d.positive_probability() == rel(0.5));
    CHECK(cdf(d, 0.0) == rel(0.5));
    for (double t : {0.1, 1.0, 10.0})
        CHECK(complementary_cdf(d, t) == rel(0.3 * std::exp(-t) + 0.2 * std::exp(-4.0 * t), 1e-14));
    const double x = quantile(d, 0.9);
    CHECK(complementary_cdf(d, x) == rel(0.1, 1e-10));
    CHECK(quantile(d, 0.5) == 0.0);
    CHECK(mean(d) == 0.35);
    CHECK_THROWS_WITH(capped_exponential_tail_time::with_fast_phase(0.5, 0.3, 1.0, 0.25, 4.0, 0.35, 1.0),
                      Catch::Contains("'fast_coefficient' = 0.25"));
    CHECK_THROWS_WITH(capped_exponential_tail_time::with_fast_phase(0.5, 0.3, 1.0, 0.2, 0.5, 0.35, 1.0),
                      Catch::Contains("'fast_decay_rate' = 0.5"));
}
