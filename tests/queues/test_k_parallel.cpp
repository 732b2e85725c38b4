#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/k_parallel.hpp"
#include "raw_demand.hpp"

using offload::k_parallel;
using offload::md1;
using offload::mg1;
using offload::mm1;
using offload::test::rel;

TEST_CASE("k_parallel<md1>: seed eq. 6 wait, full service time in the response", "[queues][k_parallel]") {
    for (double k : {1.0, 1.5, 2.0, 4.0, 7.25}) {
        const double mu = 20.0, lambda = 0.8 * k * mu; // rho = lambda / (k mu) = 0.8
        const k_parallel<md1> q(md1(lambda, 1.0 / mu), k);
        const double eq6 = 0.5 * (1.0 / (k * mu - lambda) - 1.0 / (k * mu));
        CHECK(mean_wait(q) == rel(eq6));
        CHECK(mean_response(q) == rel(eq6 + 1.0 / mu));
        CHECK(utilization(q) == rel(0.8));
        CHECK(mean_service_time(q) == rel(1.0 / mu));
        CHECK(mean_queue_length(q) == rel(lambda * eq6));
        CHECK(mean_number_in_system(q) == rel(lambda * (eq6 + 1.0 / mu)));
        // response = exact aggregated M/D/1 wait shifted by the full service time
        const double w99 = offload::wait_quantile(md1(lambda, 1.0 / (k * mu)), 0.99);
        CHECK(offload::wait_quantile(q, 0.99) == rel(w99));
        CHECK(offload::response_quantile(q, 0.99) == rel(w99 + 1.0 / mu));
        CHECK(mean(response_distribution(q)) == rel(mean_response(q)));
    }
}

TEST_CASE("k_parallel<mm1>: seed eq. 12 processing terms", "[queues][k_parallel]") {
    for (double k : {1.0, 2.0, 3.5, 8.0}) {
        const double mu = 5.0, lambda = 0.6 * k * mu;
        const k_parallel<mm1> q(mm1::from_rates(lambda, mu), k);
        const double eq12 = 1.0 / (k * mu - lambda) - 1.0 / (k * mu);
        CHECK(mean_wait(q) == rel(eq12));
        CHECK(mean_response(q) == rel(eq12 + 1.0 / mu));
        CHECK(mean(response_distribution(q)) == rel(mean_response(q)));
        // Var T = Var S + Var W, W with atom 1 - rho and tail rate k mu - lambda
        const double r = k * mu - lambda;
        CHECK(variance(response_distribution(q)) == rel(1.0 / (mu * mu) + 0.6 * 1.4 / (r * r)));
    }
}

TEST_CASE("k_parallel<mg1>: P-K at rate k mu with the service time scaled to s / k", "[queues][k_parallel]") {
    const double s = 0.1, scv = 2.0, k = 3.0, lambda = 21.0; // rho = lambda s / k = 0.7
    const k_parallel<mg1> q(mg1(lambda, s, scv), k);
    const double es2 = (s / k) * (s / k) * (1.0 + scv);
    const double ew = lambda * es2 / (2.0 * (1.0 - 0.7));
    CHECK(mean_wait(q) == rel(ew));
    CHECK(mean_response(q) == rel(ew + s));
    CHECK(utilization(q) == rel(0.7));
    CHECK(mean(response_distribution(q)) == rel(ew + s));
    CHECK(variance(response_distribution(q)) == rel(variance(wait_distribution(q)) + scv * s * s));
    const double p99 = offload::response_quantile(q, 0.99);
    CHECK(cdf(response_distribution(q), p99) == Approx(0.99).margin(1e-12));
    CHECK(p99 > offload::wait_quantile(q, 0.99));
    // scv = 1: mg1 base agrees with mm1 base (exponential service, exact M/M/1 wait at rate k mu)
    const k_parallel<mg1> g(mg1(12.0, 0.2, 1.0), 4.0);
    const k_parallel<mm1> m(mm1::from_rates(12.0, 5.0), 4.0);
    CHECK(mean_response(g) == rel(mean_response(m)));
    for (double p : {0.5, 0.9, 0.99, 0.999})
        CHECK(offload::response_quantile(g, p) == rel(offload::response_quantile(m, p), 1e-9));
    // scv = 0: mg1 base is the Cramer-Lundberg version of the md1 base; close at high load
    const k_parallel<mg1> g0(mg1(3.8, 1.0, 0.0), 4.0);
    const k_parallel<md1> d0(md1(3.8, 1.0), 4.0);
    CHECK(mean_response(g0) == rel(mean_response(d0)));
    CHECK(offload::response_quantile(g0, 0.99) == rel(offload::response_quantile(d0, 0.99), 1e-9));
}

TEST_CASE("k_parallel: k = 1 reduces exactly to the base", "[queues][k_parallel]") {
    const md1 d(0.7, 1.0);
    const k_parallel<md1> kd(d, 1.0);
    const auto m = mm1::from_rates(0.7, 1.0);
    const k_parallel<mm1> km(m, 1.0);
    const mg1 g(0.7, 1.0, 2.5);
    const k_parallel<mg1> kg(g, 1.0);
    CHECK(mean_wait(kd) == mean_wait(d));
    CHECK(mean_response(kd) == mean_response(d));
    CHECK(mean_queue_length(kd) == mean_queue_length(d));
    CHECK(mean_number_in_system(kd) == rel(mean_number_in_system(d), 1e-15));
    CHECK(mean_wait(km) == mean_wait(m));
    CHECK(mean_response(km) == rel(mean_response(m), 1e-15));
    CHECK(mean_number_in_system(km) == rel(mean_number_in_system(m), 1e-15));
    CHECK(mean_wait(kg) == mean_wait(g));
    CHECK(mean_response(kg) == mean_response(g));
    for (double p : {0.2, 0.5, 0.9, 0.99, 0.999}) {
        CHECK(offload::response_quantile(kd, p) == offload::response_quantile(d, p));
        CHECK(offload::response_quantile(kg, p) == offload::response_quantile(g, p));
        CHECK(offload::wait_quantile(km, p) == offload::wait_quantile(m, p));
        CHECK(offload::response_quantile(km, p) == rel(offload::response_quantile(m, p), 1e-11));
    }
    // the hypoexponential mixture with r = mu - lambda is exactly Exp(mu - lambda)
    for (double t : {0.01, 0.5, 2.0, 10.0, 50.0})
        CHECK(complementary_cdf(response_distribution(km), t) == rel(std::exp(-0.3 * t), 1e-13));
}

TEST_CASE("k_parallel<mm1>: k mu - lambda == mu is handled (and continuous)", "[queues][k_parallel]") {
    const k_parallel<mm1> q(mm1::from_rates(1.0, 1.0), 2.0); // W tail rate 2 - 1 = 1 = mu, rho = 0.5
    const auto r = response_distribution(q);
    for (double t : {0.0, 0.3, 1.0, 5.0, 30.0}) {
        const double expected = 0.5 * std::exp(-t) + 0.5 * (1.0 + t) * std::exp(-t);
        CHECK(complementary_cdf(r, t) == rel(expected, 1e-14));
        for (double eps : {1e-6, -1e-6, 1e-12}) {
            const auto near = response_distribution(k_parallel<mm1>(mm1::from_rates(1.0 + eps, 1.0), 2.0));
            // a perturbation eps of lambda moves the answer by O(eps (1 + t)); no 0/0 blow-up near equality
            CHECK(complementary_cdf(near, t) == rel(expected, 4.0 * std::abs(eps) * (1.0 + t) + 1e-13));
        }
    }
    const double p99 = quantile(r, 0.99);
    CHECK(cdf(r, p99) == Approx(0.99).margin(1e-13));
    CHECK(mean(r) == rel(1.0 + 0.5));
}

TEST_CASE("k_parallel: Little's law, monotone in load, more parallelism helps", "[queues][k_parallel]") {
    for (double k : {1.0, 2.0, 6.0}) {
        double previous = 0.0;
        for (double rho = 0.0; rho < 0.99; rho += 0.09) {
            const k_parallel<md1> q(md1(rho * k * 10.0, 0.1), k);
            CHECK(mean_number_in_system(q) == rel(arrival_rate(q) * mean_response(q)));
            CHECK(mean_queue_length(q) == rel(arrival_rate(q) * mean_wait(q)));
            const double p99 = offload::response_quantile(q, 0.99);
            CHECK(p99 >= previous);
            CHECK(p99 >= 0.1);
            previous = p99;
        }
    }
    double previous = offload::infinity;
    for (double k : {1.0, 1.25, 2.0, 3.0, 10.0}) {
        const k_parallel<mm1> q(mm1::from_rates(0.9, 1.0), k);
        CHECK(mean_response(q) < previous);
        CHECK(mean_response(q) > 1.0); // never faster than the request's own service time
        previous = mean_response(q);
    }
}

TEST_CASE("k_parallel: from_demand takes k from demand.parallelism", "[queues][k_parallel]") {
    const offload::service_demand demand(0.05, 0.5, 2.5);
    const auto kd = k_parallel<md1>::from_demand(30.0, demand);
    const auto km = k_parallel<mm1>::from_demand(30.0, demand);
    const auto kg = k_parallel<mg1>::from_demand(30.0, demand);
    CHECK(kd.parallelism() == 2.5);
    CHECK(utilization(kd) == rel(0.6));
    CHECK(utilization(km) == rel(0.6));
    CHECK(utilization(kg) == rel(0.6));
    CHECK(mean_wait(kd) == rel(0.5 * (1.0 / (50.0 - 30.0) - 1.0 / 50.0)));
    CHECK(mean_wait(km) == rel(1.0 / (50.0 - 30.0) - 1.0 / 50.0));
    CHECK(mean_wait(kg) == rel(30.0 * 0.02 * 0.02 * 1.5 / (2.0 * 0.4)));
    CHECK(mean_response(kg) == rel(mean_wait(kg) + 0.05));
}

TEST_CASE("k_parallel: unstable when lambda >= k mu", "[queues][k_parallel]") {
    const k_parallel<md1> d(md1(40.0, 0.1), 4.0);
    const k_parallel<mm1> m(mm1::from_rates(45.0, 10.0), 4.0);
    const k_parallel<mg1> g(mg1(40.0, 0.1, 2.0), 4.0);
    offload::test::check_reports_unstable(d);
    offload::test::check_reports_unstable(m);
    offload::test::check_reports_unstable(g);
    CHECK(is_stable(k_parallel<md1>(md1(39.9, 0.1), 4.0)));
}

TEST_CASE("k_parallel: bad parallelism and bad base parameters", "[queues][k_parallel][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (double k : {0.0, -1.0, 0.5, 0.999, nan, inf}) {
        CHECK_THROWS_AS(k_parallel<md1>(md1(1.0, 0.1), k), offload::parameter_error);
        CHECK_THROWS_AS(k_parallel<mm1>::from_demand(1.0, offload::test::raw_demand(0.1, 1.0, k)),
                        offload::parameter_error);
    }
    CHECK_THROWS_WITH(k_parallel<mg1>(mg1(1.0, 0.1, 1.0), 0.0),
                      Catch::Contains("offload::k_parallel") && Catch::Contains("'parallelism' = 0"));
    CHECK_THROWS_WITH(k_parallel<md1>::from_demand(1.0, offload::test::raw_demand(0.1, 0.0, -2.0)),
                      Catch::Contains("'demand.parallelism' = -2"));
    CHECK_THROWS_WITH(k_parallel<mg1>::from_demand(1.0, offload::test::raw_demand(0.1, -1.0, 2.0)),
                      Catch::Contains("demand.scv"));
    CHECK_THROWS_WITH(k_parallel<md1>::from_demand(-1.0, offload::test::raw_demand(0.1, 0.0, 2.0)),
                      Catch::Contains("offload::arrival_process") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_AS(offload::response_quantile(k_parallel<mm1>(mm1::from_rates(1.0, 2.0), 2.0), 1.0),
                    offload::parameter_error);
    CHECK_THROWS_AS(cdf(response_distribution(k_parallel<mm1>(mm1::from_rates(1.0, 2.0), 2.0)), nan),
                    offload::parameter_error);
}
