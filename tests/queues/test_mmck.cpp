#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/mm1k.hpp"
#include "offload/queues/mmck.hpp"

using offload::mmck;
using offload::test::rel;

namespace {

// Erlang B by the standard recursion B(0) = 1, B(n) = a B(n-1) / (n + a B(n-1)); Erlang C from B.
double erlang_b(int c, double a) {
    double b = 1.0;
    for (int n = 1; n <= c; ++n) b = a * b / (n + a * b);
    return b;
}
double erlang_c(int c, double a) {
    const double b = erlang_b(c, a);
    const double rho = a / c;
    return b / (1.0 - rho * (1.0 - b));
}

} // namespace

TEST_CASE("mmck: textbook values (lambda = 4, mu = 1.5, c = 3, K = 7)", "[queues][mmck]") {
    // Exact rationals (Python fractions) from P_n ~ a^n/n! (n <= c), a^c/c! (a/c)^(n-c) (n > c)
    const auto q = mmck::from_rates(4.0, 1.5, 3, 7);
    CHECK(state_probability(q, 0) == rel(0.05029669828691154));
    CHECK(blocking_probability(q) == rel(0.09923944652914726));
    CHECK(mean_number_in_system(q) == rel(3.526418824845939));
    CHECK(mean_queue_length(q) == rel(1.1243906822569987));
    CHECK(mean_wait(q) == rel(0.31206702989058627));
    CHECK(mean_response(q) == rel(0.31206702989058627 + 1.0 / 1.5));
    CHECK(utilization(q) == rel(0.8006760475296468));
    CHECK(throughput(q) == rel(4.0 * (1.0 - 0.09923944652914726)));
    CHECK(is_stable(q));
}

TEST_CASE("mmck: waiting and response time cdfs against direct integration", "[queues][mmck]") {
    // mpmath (40 digits): W = sum_n P_n/(1-P_K) Erlang(n-c+1, c mu); T = W + Exp(mu) by numerical quadrature
    const auto q = mmck::from_rates(4.0, 1.5, 3, 7);
    const auto w = wait_distribution(q);
    const auto t = response_distribution(q);
    CHECK(cdf(w, 0.1) == rel(0.480723626093520058, 1e-12));
    CHECK(cdf(w, 0.5) == rel(0.742375413428122877, 1e-12));
    CHECK(cdf(w, 2.0) == rel(0.996284721243509931, 1e-12));
    CHECK(cdf(t, 0.1) == rel(0.0617472618320362996, 1e-12));
    CHECK(cdf(t, 0.5) == rel(0.319071386852265512, 1e-12));
    CHECK(cdf(t, 2.0) == rel(0.897298445724036462, 1e-12));
    CHECK(mean(w) == rel(mean_wait(q), 1e-13));
    CHECK(mean(t) == rel(mean_response(q), 1e-13));
    // Var[T] = Var[W] + 1/mu^2 (independent service)
    CHECK(variance(t) == rel(variance(w) + 1.0 / (1.5 * 1.5), 1e-12));
    for (double p : {0.3, 0.9, 0.999}) {
        CHECK(cdf(t, offload::response_quantile(q, p)) == rel(p, 1e-10));
        const double wq = offload::wait_quantile(q, p);
        if (wq > 0.0)
            CHECK(cdf(w, wq) == rel(p, 1e-10));
        else
            CHECK(cdf(w, 0.0) >= p);
    }
}

TEST_CASE("mmck: c = 1 equals mm1k", "[queues][mmck]") {
    for (double lambda : {0.3, 2.9, 3.0, 3.1, 12.0}) {
        for (int k : {1, 2, 9, 300}) {
            INFO("lambda = " << lambda << ", K = " << k);
            const auto a = mmck::from_rates(lambda, 3.0, 1, k);
            const auto b = offload::mm1k::from_rates(lambda, 3.0, k);
            CHECK(blocking_probability(a) == rel(blocking_probability(b), 1e-11));
            CHECK(mean_number_in_system(a) == rel(mean_number_in_system(b), 1e-11));
            CHECK(mean_wait(a) == Approx(mean_wait(b)).epsilon(1e-11).margin(1e-15));
            CHECK(utilization(a) == rel(utilization(b), 1e-11));
            CHECK(cdf(response_distribution(a), 0.4) == rel(cdf(response_distribution(b), 0.4), 1e-11));
            CHECK(cdf(wait_distribution(a), 0.4) == rel(cdf(wait_distribution(b), 0.4), 1e-11));
        }
    }
}

TEST_CASE("mmck: c = K is Erlang B; large K tends to M/M/c (Erlang C)", "[queues][mmck]") {
    CHECK(blocking_probability(mmck::from_rates(8.0, 1.0, 10, 10)) == rel(erlang_b(10, 8.0), 1e-12));
    CHECK(blocking_probability(mmck::from_rates(900.0, 1.0, 1000, 1000)) == rel(erlang_b(1000, 900.0), 1e-10));
    CHECK(mean_wait(mmck::from_rates(8.0, 1.0, 10, 10)) == 0.0);
    // K = 400 with a = 8, c = 10: the truncated tail (0.8^390) is far below double precision
    const auto q = mmck::from_rates(8.0, 1.0, 10, 400);
    const double pw = erlang_c(10, 8.0);
    CHECK(mean_wait(q) == rel(pw / (10.0 - 8.0), 1e-11));
    CHECK(mean_queue_length(q) == rel(8.0 * pw / (10.0 - 8.0), 1e-11));
    CHECK(utilization(q) == rel(0.8, 1e-12));
    CHECK(cdf(wait_distribution(q), 0.0) == rel(1.0 - pw, 1e-11));
    // M/M/c: P(W > t) = C e^{-(c mu - lambda) t}
    for (double x : {0.1, 1.0, 3.0}) CHECK(1.0 - cdf(wait_distribution(q), x) == rel(pw * std::exp(-2.0 * x), 1e-9));
}

TEST_CASE("mmck: large systems (c = 1000, K = 10^4) stay finite and consistent", "[queues][mmck]") {
    for (double a : {500.0, 999.0, 1000.0, 1001.0, 3000.0}) {
        INFO("a = " << a);
        const auto q = mmck::from_rates(a, 1.0, 1000, 10000);
        const auto p = state_probabilities(q);
        double total = 0.0;
        for (double v : p) {
            CHECK(v >= 0.0);
            total += v;
        }
        CHECK(total == rel(1.0, 1e-12));
        CHECK(std::isfinite(mean_response(q)));
        CHECK(utilization(q) == rel(throughput(q) / 1000.0, 1e-10));
        CHECK(mean_number_in_system(q) == rel(throughput(q) * mean_response(q), 1e-10));
        const double t99 = offload::response_quantile(q, 0.99);
        CHECK(std::isfinite(t99));
        CHECK(cdf(response_distribution(q), t99) == rel(0.99, 1e-9));
    }
    // a = c: above c the weights are flat, so P_K = P_c and the blocking is of order 1/(K - c)
    const auto q = mmck::from_rates(1000.0, 1.0, 1000, 10000);
    CHECK(state_probability(q, 10000) == rel(state_probability(q, 1000), 1e-12));
    // a = 3c: P_K -> 1 - c/a
    CHECK(blocking_probability(mmck::from_rates(3000.0, 1.0, 1000, 10000)) == rel(2.0 / 3.0, 1e-12));
}

TEST_CASE("mmck: Little's law and monotonicity", "[queues][mmck]") {
    double previous = -1.0;
    for (double lambda = 0.0; lambda <= 30.0; lambda += 1.5) {
        const auto q = mmck::from_rates(lambda, 2.0, 4, 12);
        CHECK(mean_number_in_system(q) == Approx(throughput(q) * mean_response(q)).epsilon(1e-12).margin(1e-300));
        CHECK(mean_queue_length(q) == Approx(throughput(q) * mean_wait(q)).epsilon(1e-12).margin(1e-300));
        CHECK(blocking_probability(q) >= previous);
        previous = blocking_probability(q);
    }
    const auto idle = mmck::from_rates(0.0, 2.0, 4, 12);
    CHECK(mean_wait(idle) == 0.0);
    CHECK(mean_response(idle) == rel(0.5));
    CHECK(blocking_probability(idle) == 0.0);
}

TEST_CASE("mmck: bad parameters name the function, the parameter and the value", "[queues][mmck][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(mmck::from_rates(-1.0, 2.0, 2, 3),
                      Catch::Contains("offload::mmck") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(mmck::from_rates(1.0, -2.0, 2, 3), Catch::Contains("'service_rate' = -2"));
    CHECK_THROWS_WITH(mmck::from_rates(1.0, 2.0, 0, 3), Catch::Contains("'servers' = 0"));
    STATIC_REQUIRE(!std::is_constructible_v<mmck, double, double, double, int>); // counts are integers
    STATIC_REQUIRE(!std::is_constructible_v<mmck, double, double, int, double>);
    CHECK_THROWS_AS(mmck(1.0, nan, 2, 3), offload::parameter_error);
    CHECK_THROWS_WITH(mmck(1.0, 0.5, 2, 20'000'000), Catch::Contains("'capacity'"));
    CHECK_THROWS_WITH(mmck::from_rates(1.0, 2.0, 4, 3), Catch::Contains("'capacity' = 3"));
    CHECK_THROWS_AS(mmck::from_rates(nan, 2.0, 2, 3), offload::parameter_error);
    CHECK_THROWS_WITH(state_probability(mmck::from_rates(1.0, 2.0, 2, 3), 4), Catch::Contains("'n' = 4"));
    CHECK_THROWS_AS(offload::wait_quantile(mmck::from_rates(1.0, 2.0, 2, 3), 0.0), offload::parameter_error);
    CHECK_THROWS_AS(add_exponential_phase(wait_distribution(mmck::from_rates(1.0, 2.0, 2, 3)), 5.0),
                    offload::parameter_error);
}
