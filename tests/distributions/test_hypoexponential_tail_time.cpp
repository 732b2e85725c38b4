#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/hypoexponential_tail_time.hpp"

using offload::hypoexponential_tail_time;
using offload::test::rel;

TEST_CASE("hypoexponential_tail_time: closed forms", "[distributions][k_parallel]") {
    const hypoexponential_tail_time none(2.0, 0.0, 5.0); // just Exp(2)
    CHECK(complementary_cdf(none, 1.0) == rel(std::exp(-2.0)));
    CHECK(quantile(none, 0.99) == rel(std::log(100.0) / 2.0));
    const hypoexponential_tail_time all(1.0, 1.0, 3.0); // Exp(1) + Exp(3)
    for (double t : {0.01, 0.5, 2.0, 30.0})
        CHECK(complementary_cdf(all, t) == rel((3.0 * std::exp(-t) - std::exp(-3.0 * t)) / 2.0, 1e-13));
    CHECK(mean(all) == rel(1.0 + 1.0 / 3.0));
    CHECK(variance(all) == rel(1.0 + 1.0 / 9.0));
    const hypoexponential_tail_time equal(2.0, 1.0, 2.0); // Erlang-2
    CHECK(complementary_cdf(equal, 1.5) == rel(4.0 * std::exp(-3.0), 1e-14));
    const double p = quantile(equal, 0.9);
    CHECK(cdf(equal, p) == Approx(0.9).margin(1e-13));
    CHECK(cdf(equal, 0.0) == 0.0);
}

TEST_CASE("hypoexponential_tail_time: mass at infinity", "[distributions][k_parallel]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const hypoexponential_tail_time d(1.0, 1.0, 0.0);
    CHECK(mean(d) == inf);
    CHECK(variance(d) == inf);
    CHECK(cdf(d, 1e9) == 0.0);
    CHECK(quantile(d, 0.5) == inf);
    const hypoexponential_tail_time half(1.0, 0.5, 0.0);
    CHECK(cdf(half, 1e3) == rel(0.5));
    CHECK(quantile(half, 0.25) == rel(std::log(2.0), 1e-10)); // P(S <= t) (1 - q) = 0.25
    CHECK(quantile(half, 0.75) == inf);
}

TEST_CASE("hypoexponential_tail_time: bad parameters", "[distributions][k_parallel][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(hypoexponential_tail_time(0.0, 0.5, 1.0), Catch::Contains("'service_rate' = 0"));
    CHECK_THROWS_WITH(hypoexponential_tail_time(1.0, 1.5, 1.0), Catch::Contains("'tail_probability' = 1.5"));
    CHECK_THROWS_WITH(hypoexponential_tail_time(1.0, 0.5, -1.0), Catch::Contains("'decay_rate' = -1"));
    CHECK_THROWS_AS(cdf(hypoexponential_tail_time(1.0, 0.5, 1.0), nan), offload::parameter_error);
    CHECK_THROWS_AS(quantile(hypoexponential_tail_time(1.0, 0.5, 1.0), 1.0), offload::parameter_error);
}
