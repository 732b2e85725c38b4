#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/mg1k.hpp"
#include "offload/queues/mm1k.hpp"

using offload::mg1k;
using offload::test::rel;

// Reference values: mpmath (40 digits) solving the embedded departure chain of M/G/1/K as a dense linear
// system pi = pi T (T from the Poisson / negative-binomial a_j, last column = 1 - sum of the others) by LU,
// then P_n = pi_n / (pi_0 + rho), P_K = 1 - 1 / (pi_0 + rho), L = sum n P_n, W = sum (n-1) P_n / (lambda (1-P_K)).
// This is a different algorithm from the header's level-crossing recursion.
TEST_CASE("mg1k: M/D/1/K and M/Gamma/1/K against an independent linear solve", "[queues][mg1k]") {
    struct reference {
        double lambda, es, scv;
        int k;
        double p0, pk, l, w;
    };
    const reference cases[] = {
        {0.8, 1.0, 0.0, 5, 0.2282323171489445798, 0.03529039643618077829, 1.705349243101800259, 1.209666562872804453},
        {1.0, 1.0, 0.0, 10, 0.05084745763072884454, 0.05084745763072884454, 5.064971751052705507, 4.336309523450826224},
        {1.5, 1.0, 0.0, 8, 0.0005493320345251928115, 0.3336995546896834619, 6.864476429208422369, 5.86824937861320235},
        {0.9, 1.0, 0.5, 6, 0.1688801583392633809, 0.07653350926584822373, 2.540590770199230271, 2.056828441398587405},
        {0.9, 1.0, 2.0, 6, 0.2283944311886238843, 0.1426604790984710037, 2.623795581649799357, 2.40043629505116086},
        {2.0, 0.5, 0.0, 4, 0.1304365014290712011, 0.1304365014290712011, 2.036197373592344968, 0.6708158041009674753},
        {0.3, 1.0, 0.0, 3, 0.7016813385073865709, 0.005604461691288532754, 0.3567523882879873462,
         0.1958768737530715136},
    };
    for (const auto& c : cases) {
        INFO("lambda = " << c.lambda << ", E[S] = " << c.es << ", scv = " << c.scv << ", K = " << c.k);
        const mg1k q(c.lambda, c.es, c.scv, c.k);
        const auto p = state_probabilities(q);
        REQUIRE(p.size() == static_cast<std::size_t>(c.k) + 1);
        CHECK(p[0] == rel(c.p0, 1e-11));
        CHECK(blocking_probability(q) == rel(c.pk, 1e-11));
        CHECK(mean_number_in_system(q) == rel(c.l, 1e-11));
        CHECK(mean_wait(q) == rel(c.w, 1e-11));
        CHECK(mean_response(q) == rel(c.w + c.es, 1e-11));
        CHECK(is_stable(q));
    }
}

TEST_CASE("mg1k: rho = 1 exactly stays accurate for large K", "[queues][mg1k]") {
    // M/D/1/10 at rho = 1 is checked above; here the recursion must not drift for K = 2000
    for (double scv : {0.0, 0.5, 1.0, 4.0}) {
        INFO("scv = " << scv);
        const mg1k q(2.0, 0.5, scv, 2000);
        const auto p = state_probabilities(q);
        double total = 0.0;
        for (double v : p) {
            CHECK(v >= 0.0);
            total += v;
        }
        CHECK(total == rel(1.0, 1e-12));
        CHECK(utilization(q) == rel(1.0 - p[0], 1e-10));
        CHECK(mean_number_in_system(q) == rel(throughput(q) * mean_response(q), 1e-10));
    }
    // scv = 1 at rho = 1: uniform over 0..K (M/M/1/K)
    const mg1k q(2.0, 0.5, 1.0, 2000);
    CHECK(blocking_probability(q) == rel(1.0 / 2001.0, 1e-9));
    CHECK(mean_number_in_system(q) == rel(1000.0, 1e-9));
}

TEST_CASE("mg1k: scv = 1 equals mm1k, including the time distributions", "[queues][mg1k]") {
    for (double lambda : {0.5, 2.0, 3.0, 4.5, 30.0}) {
        for (int k : {1, 2, 7, 60}) {
            INFO("lambda = " << lambda << ", K = " << k);
            const mg1k a(lambda, 1.0 / 3.0, 1.0, k);
            const auto b = offload::mm1k::from_rates(lambda, 3.0, k);
            CHECK(blocking_probability(a) == rel(blocking_probability(b), 1e-10));
            CHECK(mean_number_in_system(a) == rel(mean_number_in_system(b), 1e-10));
            CHECK(mean_wait(a) == Approx(mean_wait(b)).epsilon(1e-10).margin(1e-15));
            CHECK(utilization(a) == rel(utilization(b), 1e-10));
            CHECK(throughput(a) == rel(throughput(b), 1e-10));
            for (double t : {0.05, 0.3, 1.0, 5.0}) {
                CHECK(cdf(wait_distribution(a), t) == rel(cdf(wait_distribution(b), t), 1e-9));
                CHECK(cdf(response_distribution(a), t) == rel(cdf(response_distribution(b), t), 1e-9));
            }
        }
    }
}

TEST_CASE("mg1k: md1k factory, K = 1 loss system, large K tends to M/D/1", "[queues][mg1k]") {
    const mg1k d = offload::md1k(0.8, 1.0, 5);
    CHECK(d.service_scv() == 0.0);
    CHECK(blocking_probability(d) == rel(0.03529039643618077829, 1e-11));
    // M/G/1/1 is insensitive: P_1 = rho / (1 + rho)
    for (double scv : {0.0, 0.3, 1.0, 7.0}) {
        const mg1k one(3.0, 0.5, scv, 1);
        CHECK(blocking_probability(one) == rel(0.6, 1e-14));
        CHECK(mean_wait(one) == 0.0);
        CHECK(mean_response(one) == rel(0.5));
    }
    // K = 300 at rho = 0.7: Pollaczek-Khinchine E[W] = rho E[S] (1 + scv) / (2 (1 - rho))
    for (double scv : {0.0, 0.5, 2.0}) {
        const mg1k q(0.7, 1.0, scv, 300);
        CHECK(mean_wait(q) == rel(0.7 * (1.0 + scv) / (2.0 * 0.3), 1e-9));
        CHECK(blocking_probability(q) < 1e-12);
    }
}

TEST_CASE("mg1k: Little's law, rate balance and monotonicity", "[queues][mg1k]") {
    for (double scv : {0.0, 0.25, 1.0, 3.0}) {
        double previous = -1.0;
        for (double rho = 0.0; rho <= 3.0; rho += 0.25) {
            INFO("scv = " << scv << ", rho = " << rho);
            const mg1k q(rho * 4.0, 0.25, scv, 9);
            const auto p = state_probabilities(q);
            CHECK(utilization(q) == Approx(1.0 - p[0]).epsilon(1e-11).margin(1e-14));
            CHECK(mean_number_in_system(q) == Approx(throughput(q) * mean_response(q)).epsilon(1e-11).margin(1e-300));
            CHECK(mean_queue_length(q) == Approx(throughput(q) * mean_wait(q)).epsilon(1e-11).margin(1e-300));
            CHECK(blocking_probability(q) >= previous);
            previous = blocking_probability(q);
        }
    }
    // more variable service -> more waiting at equal load (rho = 0.9, K = 6, checked above: 2.06 < 2.40)
    CHECK(mean_wait(mg1k(0.9, 1.0, 0.0, 6)) < mean_wait(mg1k(0.9, 1.0, 1.0, 6)));
    CHECK(mean_wait(mg1k(0.9, 1.0, 1.0, 6)) < mean_wait(mg1k(0.9, 1.0, 2.0, 6)));
}

TEST_CASE("mg1k: extreme overload stays finite", "[queues][mg1k]") {
    for (double scv : {0.0, 0.5, 1.0}) {
        const mg1k q(1000.0, 1.0, scv, 50); // rho = 1000: a_0 = e^-1000 underflows
        CHECK(blocking_probability(q) == rel(1.0 - 1.0 / 1000.0, 1e-9));
        CHECK(std::isfinite(mean_response(q)));
        CHECK(mean_number_in_system(q) == rel(throughput(q) * mean_response(q), 1e-9));
        CHECK(std::isfinite(offload::response_quantile(q, 0.99)));
    }
}

TEST_CASE("mg1k: the approximate waiting-time distribution keeps the exact mean and atom", "[queues][mg1k]") {
    for (double scv : {0.0, 0.5, 2.0}) {
        const mg1k q(0.9, 1.0, scv, 6);
        const auto w = wait_distribution(q);
        const auto t = response_distribution(q);
        const auto p = state_probabilities(q);
        CHECK(mean(w) == rel(mean_wait(q), 1e-10));
        CHECK(mean(t) == rel(mean_response(q), 1e-10));
        // P(W = 0) = probability that an accepted arrival finds the system empty = P_0 / (1 - P_K)
        CHECK(cdf(w, 0.0) == rel(p[0] / (1.0 - p.back()), 1e-12));
        double previous = 0.0;
        for (double x = 0.0; x < 20.0; x += 0.5) {
            CHECK(cdf(t, x) >= previous);
            previous = cdf(t, x);
        }
        for (double level : {0.5, 0.9, 0.99}) CHECK(cdf(t, offload::response_quantile(q, level)) == rel(level, 1e-9));
    }
    const mg1k d(0.0, 1.0, 0.0, 4); // no arrivals: response = the deterministic service
    CHECK(offload::response_quantile(d, 0.5) == rel(1.0));
    CHECK(offload::wait_quantile(d, 0.99) == 0.0);
}

TEST_CASE("mg1k: bad parameters name the function, the parameter and the value", "[queues][mg1k][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(mg1k(-1.0, 1.0, 0.0, 3),
                      Catch::Contains("offload::mg1k") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(mg1k(1.0, 0.0, 0.0, 3), Catch::Contains("'mean_service_time' = 0"));
    CHECK_THROWS_WITH(mg1k(1.0, 1.0, -0.5, 3), Catch::Contains("'service_scv' = -0.5"));
    CHECK_THROWS_WITH(mg1k(1.0, 1.0, 0.0, 0), Catch::Contains("'capacity' = 0"));
    STATIC_REQUIRE(!std::is_constructible_v<mg1k, double, double, double, double>); // counts are integers
    CHECK_THROWS_AS(mg1k(1.0, 1.0, nan, 3), offload::parameter_error);
    CHECK_THROWS_AS(mg1k(1.0, 1.0, inf, 3), offload::parameter_error);
    CHECK_THROWS_AS(offload::response_quantile(mg1k(1.0, 1.0, 0.0, 3), 1.5), offload::parameter_error);
    CHECK_THROWS_AS(mg1k(1.0, 1.0, 0.0, 20000), offload::parameter_error);
    CHECK_THROWS_AS(mg1k(nan, 1.0, 0.0, 3), offload::parameter_error);
    CHECK_THROWS_AS(mg1k(1.0, nan, 0.0, 3), offload::parameter_error);
    CHECK_THROWS_AS(offload::md1k(1.0, 1.0, -1), offload::parameter_error);
    using component = offload::gamma_mixture_time::component;
    CHECK_THROWS_AS(offload::gamma_mixture_time({component{0.5, 1.0, 1.0}}), offload::parameter_error);
    CHECK_THROWS_AS(offload::gamma_mixture_time({component{1.0, 0.0, 1.0}}), offload::parameter_error);
    CHECK_THROWS_AS(offload::gamma_mixture_time({component{1.0, -1.0, 0.0}}), offload::parameter_error);
    CHECK_THROWS_AS(offload::gamma_mixture_time(std::vector<component>{}), offload::parameter_error);
}
