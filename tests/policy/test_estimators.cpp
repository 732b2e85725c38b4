// Tests for offload/policy/estimators.hpp: sliding-window rate, EWMA, running moments.
#include <cmath>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/policy/estimators.hpp"

using namespace offload;
using offload::test::rel;

TEST_CASE("sliding_window_rate: counts arrivals in the window", "[policy][estimators]") {
    sliding_window_rate r(10.0);
    CHECK_FALSE(r.rate(0.0).has_value());
    for (int i = 0; i < 200; ++i) r.observe(0.1 * i); // 10 per second for 20 s (last at 19.9)
    REQUIRE(r.rate(20.0).has_value());
    CHECK(*r.rate(19.95) == rel(10.0)); // 100 arrivals in (9.95, 19.95]
    CHECK(*r.rate(20.0) == rel(9.9));   // 99 in (10, 20]: 0.1 * 100 is exactly 10
    CHECK(*r.rate(24.95) == rel(5.0));  // 50 in (14.95, 24.95]: old arrivals age out
    CHECK(*r.rate(40.0) == 0.0);        // nothing in (30, 40]
    CHECK(r.observations() == 200);
    // a short history: divided by the time observed so far
    sliding_window_rate s(10.0);
    s.observe(1.0);
    CHECK_FALSE(s.rate(1.0).has_value());
    s.observe(1.5);
    s.observe(2.0);
    CHECK(*s.rate(3.0) == rel(3.0 / 2.0));
}

TEST_CASE("sliding_window_rate: out-of-order timestamps count at the newest time; overflow", "[policy][estimators]") {
    sliding_window_rate r(1.0);
    r.observe(5.0);
    r.observe(4.0); // late: counted at 5.0
    CHECK(r.last_time() == 5.0);
    CHECK(r.observations() == 2);
    sliding_window_rate small(10.0, 4); // keeps only 4 timestamps
    for (int i = 0; i < 100; ++i) small.observe(10.0 + 0.01 * i);
    // the newest 4 arrivals span 0.03 s ending at 10.99: rate from them
    CHECK(*small.rate(11.0) == rel(4.0 / (11.0 - 10.96), 1e-9));
}

TEST_CASE("sliding_window_rate: bad input", "[policy][estimators]") {
    CHECK_THROWS_AS(sliding_window_rate(0.0), parameter_error);
    CHECK_THROWS_AS(sliding_window_rate(std::nan("")), parameter_error);
    CHECK_THROWS_WITH(sliding_window_rate(1.0, 1), Catch::Contains("capacity"));
    sliding_window_rate r(1.0);
    CHECK_THROWS_AS(r.observe(std::nan("")), parameter_error);
    CHECK_THROWS_AS(r.observe(-1.0), parameter_error);
    CHECK_THROWS_AS(r.observe(infinity), parameter_error);
    CHECK(r.observations() == 0);
}

TEST_CASE("ewma: first sample, then exponential smoothing", "[policy][estimators]") {
    ewma e(0.25);
    CHECK_FALSE(e.value().has_value());
    e.observe(100.0, 1.0);
    CHECK(*e.value() == 100.0);
    e.observe(200.0, 2.0);
    CHECK(*e.value() == rel(125.0));
    e.observe(200.0, 3.0);
    CHECK(*e.value() == rel(125.0 + 0.25 * 75.0));
    CHECK(e.last_time() == 3.0);
    CHECK_THROWS_AS(e.observe(std::nan(""), 4.0), parameter_error);
    CHECK_THROWS_AS(e.observe(1.0, -4.0), parameter_error);
    CHECK(*e.value() == rel(143.75)); // unchanged by the rejected samples
    e.reset();
    CHECK_FALSE(e.value().has_value());
    CHECK_THROWS_AS(ewma(0.0), parameter_error);
    CHECK_THROWS_AS(ewma(1.5), parameter_error);
}

TEST_CASE("running_moments: prior counts as one sample, then weight alpha", "[policy][estimators]") {
    running_moments m(1.0, 0.0, 0.1);
    m.observe(3.0, 1.0); // weight 1/2: mean 2, var = (1/2)(0 + 2 * 1) = 1
    CHECK(m.mean() == rel(2.0));
    CHECK(m.variance() == rel(1.0));
    m.observe(2.0, 2.0); // weight 1/3, diff 0
    CHECK(m.mean() == rel(2.0));
    CHECK(m.variance() == rel(2.0 / 3.0));
    // a long constant stream converges to it with vanishing variance
    for (int i = 0; i < 2000; ++i) m.observe(0.5, 3.0);
    CHECK(m.mean() == Approx(0.5).epsilon(1e-12));
    CHECK(m.variance() < 1e-12);
    // sample variance of an alternating stream (alpha small): ~ 0.25 around 1.5
    running_moments alt(1.5, 0.0, 0.001);
    for (int i = 0; i < 200000; ++i) alt.observe(i % 2 ? 1.0 : 2.0, 1.0);
    CHECK(alt.mean() == Approx(1.5).epsilon(1e-3));
    CHECK(alt.variance() == Approx(0.25).epsilon(2e-2));
    CHECK(alt.scv() == Approx(0.25 / 2.25).epsilon(2e-2));
    alt.reset();
    CHECK(alt.mean() == 1.5);
    CHECK(alt.observations() == 0);
    CHECK_THROWS_AS(running_moments(0.0, 0.0, 0.1), parameter_error);
    CHECK_THROWS_AS(running_moments(1.0, -1.0, 0.1), parameter_error);
    CHECK_THROWS_AS(running_moments(1.0, 0.0, 0.0), parameter_error);
    CHECK_THROWS_AS(m.observe(-1.0, 1.0), parameter_error);
    CHECK_THROWS_AS(m.observe(std::nan(""), 1.0), parameter_error);
}
