#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"
#include "raw_demand.hpp"

using offload::mm1;
using offload::test::rel;

TEST_CASE("mm1: textbook values (lambda = 2, mu = 10)", "[queues][mm1]") {
    const auto q = mm1::from_rates(2.0, 10.0);
    CHECK(utilization(q) == rel(0.2));
    CHECK(is_stable(q));
    CHECK(mean_service_time(q) == rel(0.1));
    CHECK(mean_response(q) == rel(1.0 / 8.0));
    CHECK(mean_wait(q) == rel(0.2 / 8.0));
    CHECK(mean_number_in_system(q) == rel(0.25));
    CHECK(mean_queue_length(q) == rel(0.04 / 0.8));
}

TEST_CASE("mm1: Little's law and response = wait + service", "[queues][mm1]") {
    for (double rho : {0.01, 0.3, 0.7, 0.95, 0.999}) {
        const auto q = mm1::from_rates(rho * 4.0, 4.0);
        CHECK(mean_number_in_system(q) == rel(arrival_rate(q) * mean_response(q)));
        CHECK(mean_queue_length(q) == rel(arrival_rate(q) * mean_wait(q)));
        CHECK(mean_response(q) == rel(mean_wait(q) + mean_service_time(q)));
    }
}

TEST_CASE("mm1: quantiles are exact exponential-tail quantiles", "[queues][mm1]") {
    const auto q = mm1::from_rates(6.0, 10.0); // rho = 0.6, mu - lambda = 4
    CHECK(offload::response_quantile(q, 0.99) == rel(std::log(100.0) / 4.0));
    CHECK(offload::response_quantile(q, 0.5) == rel(std::log(2.0) / 4.0));
    // waiting time has an atom of 1 - rho = 0.4 at zero
    CHECK(offload::wait_quantile(q, 0.3) == 0.0);
    CHECK(offload::wait_quantile(q, 0.999) == rel(std::log(0.6 / 0.001) / 4.0));
    CHECK(cdf(wait_distribution(q), 0.0) == rel(0.4));
    CHECK(mean(wait_distribution(q)) == rel(mean_wait(q)));
    CHECK(mean(response_distribution(q)) == rel(mean_response(q)));
    CHECK(variance(response_distribution(q)) == rel(1.0 / 16.0));
}

TEST_CASE("mm1: rho -> 0 leaves only the service time", "[queues][mm1]") {
    const auto q = mm1::from_rates(0.0, 5.0);
    CHECK(mean_wait(q) == 0.0);
    CHECK(mean_response(q) == rel(0.2));
    CHECK(offload::wait_quantile(q, 0.99) == 0.0);
}

TEST_CASE("mm1: latency is non-decreasing in the arrival rate", "[queues][mm1]") {
    double previous = 0.0;
    for (double lambda = 0.0; lambda < 10.0; lambda += 0.25) {
        const double t = mean_response(mm1::from_rates(lambda, 10.0));
        CHECK(t >= previous);
        previous = t;
    }
}

TEST_CASE("mm1: unstable queues report +inf, never NaN", "[queues][mm1]") {
    for (double lambda : {10.0, 12.0}) {
        const auto q = mm1::from_rates(lambda, 10.0);
        offload::test::check_reports_unstable(q);
    }
}

TEST_CASE("mm1: bad parameters name the function, the parameter and the value", "[queues][mm1][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(mm1::from_rates(-1.0, 2.0),
                      Catch::Contains("offload::mm1") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(mm1::from_rates(1.0, 0.0), Catch::Contains("'service_rate' = 0"));
    CHECK_THROWS_AS(mm1::from_rates(nan, 2.0), offload::parameter_error);
    CHECK_THROWS_AS(mm1::from_rates(1.0, inf), std::domain_error);
    CHECK_THROWS_WITH(offload::response_quantile(mm1::from_rates(1.0, 2.0), 1.0), Catch::Contains("'level' = 1"));
    CHECK_THROWS_AS(offload::wait_quantile(mm1::from_rates(1.0, 2.0), 0.0), offload::parameter_error);
    CHECK_THROWS_WITH(mm1::from_demand(1.0, offload::test::raw_demand(0.1, 1.0, 2.0)),
                      Catch::Contains("demand.parallelism"));
}

TEST_CASE("mm1: the constructor takes the mean service time, from_rates the service rate", "[queues][mm1]") {
    const mm1 by_time(2.0, 0.1);                     // E[S] = 0.1 s
    const auto by_rate = mm1::from_rates(2.0, 10.0); // mu = 10 /s
    CHECK(by_time.mean_service_time() == 0.1);
    CHECK(by_time.service_rate() == 10.0);
    CHECK(by_rate.service_rate() == 10.0);
    CHECK(mean_response(by_time) == rel(0.125, 1e-15)); // 1 / (mu - lambda)
    CHECK(mean_response(by_rate) == rel(0.125, 1e-15));
    // the same convention as every other model: md1(2, 0.1) and mm1(2, 0.1) are the same load
    CHECK(utilization(by_time) == rel(utilization(offload::md1(2.0, 0.1)), 1e-15));
    CHECK(by_rate == mm1::from_rates(2.0, 10.0));
    CHECK_THROWS_WITH(mm1(1.0, 0.0), Catch::Contains("offload::mm1") && Catch::Contains("'mean_service_time' = 0"));
    CHECK_THROWS_WITH(mm1(1.0, 5e-324), Catch::Contains("'mean_service_time'") && Catch::Contains("overflows"));
    CHECK_THROWS_WITH(mm1::from_rates(1.0, -1.0),
                      Catch::Contains("offload::mm1::from_rates") && Catch::Contains("'service_rate' = -1"));
}

TEST_CASE("mm1: from_demand rejects a bursty arrival process and an invalid demand", "[queues][mm1]") {
    const offload::service_demand demand(0.1, 1.0, 1.0);
    CHECK(mm1::from_demand(2.0, demand) == mm1(2.0, 0.1));
    CHECK_THROWS_WITH(mm1::from_demand(offload::arrival_process(2.0, 4.0), demand),
                      Catch::Contains("offload::mm1::from_demand") && Catch::Contains("'arrivals.scv' = 4"));
    offload::service_demand unset;
    CHECK_THROWS_WITH(mm1::from_demand(2.0, unset), Catch::Contains("'demand.mean_seconds' = 0"));
}
