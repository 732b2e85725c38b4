#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/md1.hpp"
#include "raw_demand.hpp"

using offload::md1;
using offload::test::rel;

TEST_CASE("md1: textbook values (lambda = 0.5, D = 1)", "[queues][md1]") {
    const md1 q(0.5, 1.0);
    CHECK(utilization(q) == rel(0.5));
    CHECK(is_stable(q));
    CHECK(mean_service_time(q) == 1.0);
    CHECK(mean_wait(q) == rel(0.5)); // rho D / (2 (1 - rho))
    CHECK(mean_response(q) == rel(1.5));
    CHECK(mean_queue_length(q) == rel(0.25)); // rho^2 / (2 (1 - rho))
    CHECK(mean_number_in_system(q) == rel(0.75));
    // Gross & Harris style: lambda = 2/h, D = 0.25 h: rho = 0.5, E[W] = 0.125 h
    CHECK(mean_wait(md1(2.0, 0.25)) == rel(0.125));
    // seed 003 eq. 6 with k = 1: E[W] = (1/(mu - lambda) - 1/mu) / 2
    const double mu = 4.0, lambda = 3.0;
    CHECK(mean_wait(md1(lambda, 1.0 / mu)) == rel(0.5 * (1.0 / (mu - lambda) - 1.0 / mu)));
}

TEST_CASE("md1: Little's law, response = wait + D, half the M/M/1 wait", "[queues][md1]") {
    for (double rho : {0.01, 0.3, 0.7, 0.95, 0.999}) {
        const md1 q(rho / 0.2, 0.2);
        CHECK(mean_number_in_system(q) == rel(arrival_rate(q) * mean_response(q)));
        CHECK(mean_queue_length(q) == rel(arrival_rate(q) * mean_wait(q)));
        CHECK(mean_response(q) == rel(mean_wait(q) + 0.2));
        CHECK(mean_wait(q) == rel(0.5 * rho / (5.0 - rho / 0.2))); // half of M/M/1's rho / (mu - lambda)
        CHECK(mean(wait_distribution(q)) == rel(mean_wait(q)));
        CHECK(mean(response_distribution(q)) == rel(mean_response(q)));
        // Takacs: Var W = E[W]^2 + lambda D^3 / (3 (1 - rho))
        const double ew = mean_wait(q);
        CHECK(variance(response_distribution(q)) == rel(ew * ew + arrival_rate(q) * 0.008 / (3.0 * (1.0 - rho))));
    }
}

TEST_CASE("md1: quantiles against 300-digit references", "[queues][md1]") {
    CHECK(offload::wait_quantile(md1(0.9, 1.0), 0.99) == rel(21.898237349540112, 1e-11));
    CHECK(offload::wait_quantile(md1(0.8, 1.0), 0.9) == rel(5.0115114984460454, 1e-11));
    CHECK(offload::wait_quantile(md1(0.5, 1.0), 0.5) == 0.0); // the atom 1 - rho at zero
    CHECK(offload::wait_quantile(md1(0.5, 1.0), 0.4) == 0.0);
    CHECK(offload::response_quantile(md1(0.9, 1.0), 0.99) == rel(22.898237349540112, 1e-11));
    // exactly at a level boundary: P(W <= 2D) = Q_2
    const offload::md1_waiting_time w(0.6, 1.0);
    CHECK(quantile(w, cdf(w, 2.0)) == rel(2.0, 1e-10));
}

TEST_CASE("md1: p99.9 at rho = 0.99 is finite and consistent", "[queues][md1][distributions]") {
    const md1 q(0.99, 1.0);
    const double t = offload::wait_quantile(q, 0.999);
    CHECK(std::isfinite(t));
    CHECK(t == rel(343.89928340109395, 1e-10)); // mpmath bisection on the 300-digit series
    const auto w = wait_distribution(q);
    CHECK(cdf(w, t) == Approx(0.999).margin(1e-12));
    CHECK(complementary_cdf(w, t) == rel(0.001, 1e-9));
    CHECK(t == rel(std::log(w.asymptote_coefficient() / 0.001) / w.decay_rate(), 1e-10));
    CHECK(offload::response_quantile(q, 0.999) == rel(t + 1.0, 1e-12));
}

TEST_CASE("md1: latency is non-decreasing in the arrival rate", "[queues][md1]") {
    double previous_mean = 0.0, previous_p99 = 0.0;
    for (double lambda = 0.0; lambda < 0.99; lambda += 0.05) {
        const md1 q(lambda, 1.0);
        CHECK(mean_response(q) >= previous_mean);
        const double p99 = offload::response_quantile(q, 0.99);
        CHECK(p99 >= previous_p99);
        previous_mean = mean_response(q);
        previous_p99 = p99;
    }
}

TEST_CASE("md1: unstable queues report +inf, never NaN", "[queues][md1]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (double lambda : {1.0, 3.0}) {
        const md1 q(lambda, 1.0);
        offload::test::check_reports_unstable(q);
        CHECK(complementary_cdf(wait_distribution(q), 1e9) == 1.0);
        CHECK(variance(wait_distribution(q)) == inf);
    }
}

TEST_CASE("md1: bad parameters name the function, the parameter and the value", "[queues][md1][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(md1(-1.0, 2.0), Catch::Contains("offload::md1") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(md1(1.0, 0.0), Catch::Contains("'service_time' = 0"));
    CHECK_THROWS_AS(md1(nan, 2.0), offload::parameter_error);
    CHECK_THROWS_AS(md1(1.0, nan), offload::parameter_error);
    CHECK_THROWS_AS(md1(inf, 2.0), offload::parameter_error);
    CHECK_THROWS_AS(md1(1.0, inf), std::domain_error);
    CHECK_THROWS_AS(md1(1.0, -2.0), offload::parameter_error);
    CHECK_THROWS_WITH(offload::response_quantile(md1(0.5, 1.0), 1.0), Catch::Contains("'level' = 1"));
    CHECK_THROWS_AS(offload::wait_quantile(md1(0.5, 1.0), 0.0), offload::parameter_error);
    CHECK_THROWS_AS(offload::wait_quantile(md1(0.5, 1.0), nan), offload::parameter_error);
    CHECK_THROWS_WITH(cdf(offload::md1_waiting_time(0.5, 1.0), nan), Catch::Contains("'t'"));
    CHECK_THROWS_AS(complementary_cdf(offload::md1_waiting_time(0.5, 1.0), nan), offload::parameter_error);
    CHECK_THROWS_WITH(offload::md1_waiting_time(-0.5, 1.0), Catch::Contains("offload::md1_waiting_time"));
    CHECK_THROWS_WITH(md1::from_demand(1.0, offload::test::raw_demand(0.1, 0.0, 2.0)),
                      Catch::Contains("demand.parallelism"));
    CHECK_THROWS_WITH(md1::from_demand(1.0, offload::test::raw_demand(-0.1, 0.0, 1.0)),
                      Catch::Contains("demand.mean_seconds"));
    const md1 ok = md1::from_demand(2.0, offload::service_demand(0.25, 3.0, 1.0));
    CHECK(mean_wait(ok) == rel(0.125));
}
