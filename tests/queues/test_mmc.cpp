#include <cmath>
#include <limits>
#include <type_traits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mmc.hpp"
#include "raw_demand.hpp"

using offload::mmc;
using offload::test::rel;

TEST_CASE("mmc: textbook values, M/M/3 with lambda = 2, mu = 1", "[queues][mmc]") {
    // By hand (Gross & Harris sec. 2.3): a = 2, rho = 2/3, p0 = 1 / (1 + 2 + 2 + (8/6) / (1/3)) = 1/9,
    // C = (a^3 / 3!) / (1 - rho) * p0 = 4/9, Wq = C / (c mu - lambda) = 4/9, Lq = 8/9, L = 8/9 + 2.
    const auto q = mmc::from_rates(2.0, 1.0, 3);
    CHECK(q.servers() == 3);
    CHECK(utilization(q) == rel(2.0 / 3.0));
    CHECK(offload::offered_load(q) == rel(2.0));
    CHECK(is_stable(q));
    CHECK(offload::probability_of_wait(q) == rel(4.0 / 9.0));
    CHECK(mean_wait(q) == rel(4.0 / 9.0));
    CHECK(mean_queue_length(q) == rel(8.0 / 9.0));
    CHECK(mean_number_in_system(q) == rel(8.0 / 9.0 + 2.0));
    CHECK(mean_response(q) == rel(4.0 / 9.0 + 1.0));
    CHECK(mean_service_time(q) == rel(1.0));
    // Erlang B(3, 2) = (8/6) / (1 + 2 + 2 + 8/6) = 4/19
    CHECK(offload::erlang_b(3, 2.0) == rel(4.0 / 19.0));
    CHECK(offload::erlang_c(3, 2.0) == rel(4.0 / 9.0));
}

TEST_CASE("mmc: Erlang B and C at c = 1000 and c = 8 against 50-digit references", "[queues][mmc][erlang]") {
    // References: mpmath at 50 digits, B = (a^c / c!) / sum_{k<=c} a^k / k!, C = c B / (c - a (1 - B))
    // (script /tmp/h2/erlang.py in the author's session; the formulas are the textbook sums, not the recursion).
    CHECK(offload::erlang_b(1000, 900.0) == rel(5.9298626701462239e-5, 1e-12));
    CHECK(offload::erlang_b(1000, 950.0) == rel(0.0036492936889424099, 1e-12));
    CHECK(offload::erlang_b(1000, 990.0) == rel(0.018965776430814612, 1e-12));
    CHECK(offload::erlang_b(1000, 999.0) == rel(0.024199178595561825, 1e-12));
    CHECK(offload::erlang_b(1000, 1000.0) == rel(0.024811917646160408, 1e-12));
    CHECK(offload::erlang_b(1000, 1500.0) == rel(0.33465106741783371, 1e-12));
    CHECK(offload::erlang_b(1000, 500.0) == rel(1.6524151277513418e-86, 1e-11));
    CHECK(offload::erlang_b(8, 6.0) == rel(0.12187578366630444, 1e-13));
    CHECK(offload::erlang_b(8, 7.2) == rel(0.19031316866395677, 1e-13));
    CHECK(offload::erlang_b(50, 45.0) == rel(0.05410447216462617, 1e-13));
    CHECK(offload::erlang_c(1000, 900.0) == rel(0.00059266996637878122, 1e-12));
    CHECK(offload::erlang_c(1000, 950.0) == rel(0.068253415377141424, 1e-12));
    CHECK(offload::erlang_c(1000, 990.0) == rel(0.65908042188085444, 1e-12));
    CHECK(offload::erlang_c(1000, 999.0) == rel(0.96123926040841911, 1e-12));
    CHECK(offload::erlang_c(1000, 500.0) == rel(3.3048302555026836e-86, 1e-11));
    CHECK(offload::erlang_c(8, 6.0) == rel(0.3569810858786803, 1e-13));
    CHECK(offload::erlang_c(8, 7.2) == rel(0.70153299014625702, 1e-13));
    CHECK(offload::erlang_c(50, 45.0) == rel(0.36386446720698839, 1e-13));
}

TEST_CASE("mmc: Erlang edge cases", "[queues][mmc][erlang]") {
    CHECK(offload::erlang_b(0, 3.0) == 1.0);      // no server: everything is blocked
    CHECK(offload::erlang_b(5, 0.0) == 0.0);      // no load: nothing is blocked
    CHECK(offload::erlang_b(1, 1.0) == rel(0.5)); // a / (1 + a)
    CHECK(offload::erlang_c(4, 0.0) == 0.0);
    CHECK(offload::erlang_c(4, 4.0) == 1.0); // a >= c: unstable, everyone waits
    CHECK(offload::erlang_c(4, 9.0) == 1.0);
    CHECK(offload::erlang_c(1, 0.3) == 0.3); // M/M/1: P(wait) = rho exactly
    // Erlang C always exceeds Erlang B for 0 < a < c
    for (double a : {0.5, 2.0, 3.9}) CHECK(offload::erlang_c(4, a) > offload::erlang_b(4, a));
}

TEST_CASE("mmc: c = 1 is M/M/1", "[queues][mmc]") {
    for (double lambda : {0.0, 0.5, 3.0, 9.0, 9.99}) {
        const auto q = mmc::from_rates(lambda, 10.0, 1);
        const auto r = offload::mm1::from_rates(lambda, 10.0);
        CHECK(mean_wait(q) == mean_wait(r));
        CHECK(mean_response(q) == rel(mean_response(r), 1e-14));
        // mm1 computes rho^2 / (1 - rho) from the rounded rho; at rho = 0.999 that costs 3 digits (condition
        // number 1 / (1 - rho)), hence 1e-12 here rather than a looser tolerance everywhere.
        CHECK(mean_queue_length(q) == rel(mean_queue_length(r), 1e-12));
        CHECK(mean_number_in_system(q) == rel(mean_number_in_system(r), 1e-12));
        CHECK(utilization(q) == utilization(r));
        for (double p : {0.1, 0.5, 0.9, 0.99, 0.999}) {
            CHECK(offload::wait_quantile(q, p) == offload::wait_quantile(r, p));
            CHECK(offload::response_quantile(q, p) == rel(offload::response_quantile(r, p), 1e-11));
        }
        // absolute accuracy of the cdf (the mmc form is 1 - P(T > t), exact to ~1e-16 absolute)
        for (double t : {0.00001, 0.01, 0.1, 1.0})
            CHECK(cdf(response_distribution(q), t) ==
                  Approx(cdf(response_distribution(r), t)).epsilon(1e-13).margin(1e-15));
    }
}

TEST_CASE("mmc: Little's law and response = wait + service", "[queues][mmc]") {
    for (int c : {1, 2, 8, 64, 1000}) {
        for (double rho : {0.05, 0.5, 0.9, 0.999}) {
            const auto q = mmc::from_rates(rho * c * 3.0, 3.0, c);
            CHECK(mean_number_in_system(q) == rel(arrival_rate(q) * mean_response(q), 1e-12));
            CHECK(mean_queue_length(q) == rel(arrival_rate(q) * mean_wait(q), 1e-12));
            CHECK(mean_response(q) == rel(mean_wait(q) + mean_service_time(q), 1e-12));
            CHECK(mean(wait_distribution(q)) == rel(mean_wait(q), 1e-12));
            CHECK(mean(response_distribution(q)) == rel(mean_response(q), 1e-12));
        }
    }
}

TEST_CASE("mmc: waiting and response time distributions", "[queues][mmc]") {
    const auto q = mmc::from_rates(2.0, 1.0, 3); // C = 4/9, c mu - lambda = 1
    const auto w = wait_distribution(q);
    CHECK(cdf(w, 0.0) == rel(5.0 / 9.0));
    CHECK(offload::wait_quantile(q, 0.5) == 0.0);
    CHECK(offload::wait_quantile(q, 0.99) == rel(std::log((4.0 / 9.0) / 0.01)));
    // Here c mu - lambda == mu: the response tail is (1 - C) e^{-t} + C (1 + t) e^{-t}.
    const auto t = response_distribution(q);
    for (double x : {0.0, 0.3, 1.0, 4.0, 20.0}) {
        const double expected = 1.0 - (5.0 / 9.0 + 4.0 / 9.0 * (1.0 + x)) * std::exp(-x);
        CHECK(cdf(t, x) == Approx(expected).margin(1e-15));
    }
    // Var T = C (2 - C) / (c mu - lambda)^2 + 1 / mu^2
    CHECK(variance(t) == rel(4.0 / 9.0 * (14.0 / 9.0) + 1.0));
    // response quantile solves the closed form
    const double p99 = offload::response_quantile(q, 0.99);
    CHECK(cdf(t, p99) == rel(0.99, 1e-12));

    // c mu - lambda != mu: the hypoexponential tail (r e^{-mu t} - mu e^{-r t}) / (r - mu)
    const auto q2 = mmc::from_rates(3.0, 2.0, 4); // a = 1.5, r = 5, mu = 2
    const double cw = offload::erlang_c(4, 1.5);
    for (double x : {0.05, 0.5, 2.0}) {
        const double hypo = (5.0 * std::exp(-2.0 * x) - 2.0 * std::exp(-5.0 * x)) / 3.0;
        const double expected = 1.0 - ((1.0 - cw) * std::exp(-2.0 * x) + cw * hypo);
        CHECK(cdf(response_distribution(q2), x) == rel(expected, 1e-13));
    }
    // r < mu as well: c = 2, lambda = 1.9, mu = 1 -> r = 0.1
    const auto q3 = mmc::from_rates(1.9, 1.0, 2);
    const double c3 = offload::erlang_c(2, 1.9);
    for (double x : {0.5, 5.0, 50.0}) {
        const double hypo = (0.1 * std::exp(-x) - 1.0 * std::exp(-0.1 * x)) / (0.1 - 1.0);
        const double expected = 1.0 - ((1.0 - c3) * std::exp(-x) + c3 * hypo);
        CHECK(cdf(response_distribution(q3), x) == rel(expected, 1e-12));
    }
    CHECK(cdf(response_distribution(q3), offload::response_quantile(q3, 0.999)) == rel(0.999, 1e-12));
}

TEST_CASE("mmc: more servers at the same per-server load wait less; more load waits more", "[queues][mmc]") {
    double previous = std::numeric_limits<double>::infinity();
    for (int c : {1, 2, 4, 8, 16, 64, 256}) {
        const double w = mean_wait(mmc::from_rates(0.8 * c, 1.0, c));
        CHECK(w < previous);
        previous = w;
    }
    previous = 0.0;
    for (double lambda = 0.0; lambda < 8.0; lambda += 0.25) {
        const double t = mean_response(mmc::from_rates(lambda, 1.0, 8));
        CHECK(t >= previous);
        previous = t;
    }
    // One server c times as fast has the smaller mean response time (Harchol-Balter 2013, ch. 14), and the
    // M/M/c response is never below the service time 1 / mu.
    for (double lambda : {0.5, 4.0, 7.5, 7.99}) {
        const auto pooled = mmc::from_rates(lambda, 1.0, 8);
        CHECK(mean_response(pooled) > 1.0);
        CHECK(mean_response(offload::mm1::from_rates(lambda, 8.0)) < mean_response(pooled));
    }
}

TEST_CASE("mmc: unstable queues report +inf, never NaN", "[queues][mmc]") {
    for (double lambda : {8.0, 12.0}) {
        const auto q = mmc::from_rates(lambda, 2.0, 4);
        offload::test::check_reports_unstable(q);
        CHECK(offload::probability_of_wait(q) == 1.0);
    }
}

TEST_CASE("mmc: bad parameters name the function, the parameter and the value", "[queues][mmc][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    STATIC_REQUIRE(
        !std::is_constructible_v<mmc, double, double, double>); // counts are integers: 2.5 servers do not compile
    CHECK_THROWS_AS(mmc::from_rates(1.0, nan, 2), offload::parameter_error);
    CHECK_THROWS_WITH(mmc(1.0, 0.0, 2), Catch::Contains("'mean_service_time' = 0"));
    CHECK_THROWS_WITH(mmc(1.0, 0.5, 2'000'000'000), Catch::Contains("offload::mmc") && Catch::Contains("'servers'"));
    CHECK_THROWS_WITH(mmc::from_rates(1.0, 2.0, 0), Catch::Contains("'servers' = 0"));
    CHECK_THROWS_AS(mmc::from_rates(1.0, 2.0, -3), offload::parameter_error);
    CHECK_THROWS_WITH(mmc::from_rates(-1.0, 2.0, 2), Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_AS(mmc::from_rates(nan, 2.0, 2), std::domain_error);
    CHECK_THROWS_AS(mmc::from_rates(inf, 2.0, 2), offload::parameter_error);
    CHECK_THROWS_WITH(mmc::from_rates(1.0, 0.0, 2), Catch::Contains("'service_rate' = 0"));
    CHECK_THROWS_AS(mmc::from_rates(1.0, -2.0, 2), offload::parameter_error);
    CHECK_THROWS_WITH(offload::erlang_b(2'000'000'000, 1.0),
                      Catch::Contains("offload::erlang_b") && Catch::Contains("'servers'"));
    CHECK_THROWS_AS(offload::erlang_b(-1, 1.0), offload::parameter_error);
    CHECK_THROWS_WITH(offload::erlang_b(2, -1.0), Catch::Contains("'offered_load' = -1"));
    CHECK_THROWS_AS(offload::erlang_b(2, inf), offload::parameter_error);
    CHECK_THROWS_WITH(offload::erlang_c(0, 1.0),
                      Catch::Contains("offload::erlang_c") && Catch::Contains("'servers' = 0"));
    CHECK_THROWS_AS(offload::erlang_c(2, nan), offload::parameter_error);
    CHECK_THROWS_WITH(offload::response_quantile(mmc::from_rates(1.0, 2.0, 2), 1.0), Catch::Contains("'level' = 1"));
    CHECK_THROWS_AS(offload::wait_quantile(mmc::from_rates(1.0, 2.0, 2), 0.0), offload::parameter_error);
    CHECK_THROWS_WITH(mmc::from_demand(1.0, offload::test::raw_demand(0.1, 1.0, 2.5)),
                      Catch::Contains("demand.parallelism") && Catch::Contains("2.5"));
    CHECK_THROWS_WITH(mmc::from_demand(1.0, offload::test::raw_demand(0.0, 1.0, 2.0)),
                      Catch::Contains("demand.mean_seconds"));
}

TEST_CASE("mmc: from_demand takes the service time and the parallelism", "[queues][mmc]") {
    const mmc q = mmc::from_demand(30.0, offload::service_demand(0.1, 1.0, 4.0));
    CHECK(q.servers() == 4);
    CHECK(q.service_rate() == rel(10.0));
    CHECK(utilization(q) == rel(0.75));
}

TEST_CASE("mmc: the constructor takes the mean service time, from_rates the service rate", "[queues][mmc]") {
    const mmc by_time(2.0, 1.0 / 3.0, 1);
    const auto by_rate = mmc::from_rates(2.0, 3.0, 1);
    CHECK(by_rate.service_rate() == 3.0);
    CHECK(mean_response(by_time) == rel(1.0, 1e-14)); // M/M/1: 1 / (3 - 2)
    CHECK(mean_response(by_rate) == rel(1.0, 1e-14));
    const mmc q(2.0, 0.5, 3); // mu = 2: a = 1, C(3, 1) = 1/11, E[W] = C / (c mu - lambda) = 1/44
    CHECK(mean_wait(q) == rel(1.0 / 44.0, 1e-14));
    CHECK(offload::erlang_c(3, 1.0) == rel(1.0 / 11.0, 1e-14));
}
