#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mm1k.hpp"

using offload::mm1k;
using offload::test::rel;

TEST_CASE("mm1k: textbook values (lambda = 2, mu = 3, K = 5)", "[queues][mm1k]") {
    // Exact rationals (Python fractions): P_n = (2/3)^n / sum_{i<=5} (2/3)^i
    const auto q = mm1k::from_rates(2.0, 3.0, 5);
    CHECK(blocking_probability(q) == rel(0.0481203007518797));
    CHECK(state_probability(q, 0) == rel(0.36541353383458647));
    CHECK(throughput(q) == rel(1.9037593984962407));
    CHECK(mean_number_in_system(q) == rel(1.4225563909774437));
    CHECK(mean_queue_length(q) == rel(0.7879699248120301));
    CHECK(mean_wait(q) == rel(0.41390205371248023));
    CHECK(mean_response(q) == rel(0.7472353870458136));
    CHECK(utilization(q) == rel(1.0 - 0.36541353383458647));
    CHECK(is_stable(q));
    const std::vector<double> p = state_probabilities(q);
    REQUIRE(p.size() == 6);
    double total = 0.0;
    for (int n = 0; n <= 5; ++n) {
        CHECK(p[static_cast<std::size_t>(n)] == rel(std::pow(2.0 / 3.0, n) * 0.36541353383458647));
        total += p[static_cast<std::size_t>(n)];
    }
    CHECK(total == rel(1.0));
}

TEST_CASE("mm1k: rho = 1 exactly is uniform", "[queues][mm1k]") {
    for (int k : {1, 2, 10, 1000}) {
        const auto q = mm1k::from_rates(4.0, 4.0, k);
        for (int n : {0, k / 2, k}) CHECK(state_probability(q, n) == rel(1.0 / (k + 1)));
        CHECK(mean_number_in_system(q) == rel(k / 2.0));
        CHECK(blocking_probability(q) == rel(1.0 / (k + 1)));
        // accepted arrivals find M/M/1/(K-1) at rho = 1: mean (K - 1)/2, each waiting 1/mu
        CHECK(mean_wait(q) == rel((k - 1) / 2.0 / 4.0));
    }
}

// Reference values below: mpmath with 40 digits, P_n = rho^n / sum rho^i summed directly, with rho the
// exact binary value of the double written in the test: mp.mpf(1.0 + 1e-9) etc.; L = sum n P_n,
// W = (L - (1 - P_0)) / (lambda (1 - P_K)).
TEST_CASE("mm1k: rho = 1 +- 1e-9 and 1 +- 1e-6 keep full precision", "[queues][mm1k]") {
    struct reference {
        double lambda;
        int k;
        double p0, pk, l, w;
    };
    const reference cases[] = {
        {1.0 + 1e-9, 10, 0.09090909045454541785, 0.0909090913636364017, 5.000000010000000822, 4.500000008250000678},
        {1.0 - 1e-9, 10, 0.09090909136363635169, 0.09090909045454546786, 4.999999990000000278, 4.499999991750000229},
        {1.0 + 1e-6, 1000, 0.0009985015819180798953, 0.0009995005824174152934, 500.0834999568487079,
         499.5833332069376605},
        {1.0 - 1e-6, 1000, 0.0009995005829171376006, 0.0009985015814186902923, 499.9164999596420259,
         499.4166667097198419},
        {1.0 + 1e-9, 1000, 0.0009990004995005415882, 0.0009990014985016227475, 500.0000835000068671,
         499.5000833332568534},
        {0.5, 1000, 0.5, 4.666318092516094395e-302, 1.0, 1.0},
        {2.0, 1000, 4.666318092516094395e-302, 0.5, 999.0, 998.0},
    };
    for (const auto& c : cases) {
        INFO("lambda = " << c.lambda << ", K = " << c.k);
        const auto q = mm1k::from_rates(c.lambda, 1.0, c.k);
        CHECK(state_probability(q, 0) == rel(c.p0, 1e-12));
        CHECK(blocking_probability(q) == rel(c.pk, 1e-12));
        CHECK(mean_number_in_system(q) == rel(c.l, 1e-12));
        CHECK(mean_wait(q) == rel(c.w, 1e-12));
        CHECK(mean_response(q) == rel(c.w + 1.0, 1e-12));
    }
}

TEST_CASE("mm1k: Little's law, utilization = throughput / mu, probabilities sum to 1", "[queues][mm1k]") {
    for (double rho : {0.01, 0.5, 0.99, 1.0, 1.01, 3.0, 50.0}) {
        for (int k : {1, 3, 40}) {
            INFO("rho = " << rho << ", K = " << k);
            const auto q = mm1k::from_rates(rho * 2.0, 2.0, k);
            CHECK(mean_number_in_system(q) == rel(throughput(q) * mean_response(q), 1e-11));
            CHECK(mean_queue_length(q) == rel(throughput(q) * mean_wait(q), 1e-11));
            CHECK(utilization(q) == rel(throughput(q) / 2.0, 1e-12));
            CHECK(utilization(q) == rel(1.0 - state_probability(q, 0), 1e-10));
            CHECK(mean_number_in_system(q) - mean_queue_length(q) == rel(utilization(q), 1e-10));
            double total = 0.0;
            double l = 0.0;
            for (int n = 0; n <= k; ++n) {
                total += state_probability(q, n);
                l += n * state_probability(q, n);
            }
            CHECK(total == rel(1.0, 1e-13));
            CHECK(l == rel(mean_number_in_system(q), 1e-11));
            CHECK(blocking_probability(q) <= 1.0);
            CHECK(utilization(q) <= 1.0);
        }
    }
}

TEST_CASE("mm1k: K = 1 is the Erlang loss system", "[queues][mm1k]") {
    const auto q = mm1k::from_rates(3.0, 2.0, 1); // a = 1.5: P_1 = a / (1 + a)
    CHECK(blocking_probability(q) == rel(0.6));
    CHECK(mean_wait(q) == 0.0);
    CHECK(mean_response(q) == rel(0.5));
    CHECK(cdf(wait_distribution(q), 0.0) == rel(1.0));
    CHECK(cdf(response_distribution(q), 1.0) == rel(1.0 - std::exp(-2.0)));
}

TEST_CASE("mm1k: large K approaches M/M/1 when rho < 1", "[queues][mm1k]") {
    const auto q = mm1k::from_rates(6.0, 10.0, 200);
    const auto inf = offload::mm1::from_rates(6.0, 10.0);
    CHECK(mean_wait(q) == rel(mean_wait(inf), 1e-12));
    CHECK(mean_response(q) == rel(mean_response(inf), 1e-12));
    CHECK(offload::response_quantile(q, 0.99) == rel(offload::response_quantile(inf, 0.99), 1e-10));
    CHECK(offload::wait_quantile(q, 0.999) == rel(offload::wait_quantile(inf, 0.999), 1e-10));
}

TEST_CASE("mm1k: waiting and response times are exact Erlang mixtures", "[queues][mm1k]") {
    const auto q = mm1k::from_rates(2.0, 3.0, 5);
    const auto w = wait_distribution(q);
    const auto t = response_distribution(q);
    CHECK(mean(w) == rel(mean_wait(q), 1e-13));
    CHECK(mean(t) == rel(mean_response(q), 1e-13));
    // direct evaluation: accepted arrivals find n with P_n / (1 - P_K); Erlang cdf by its finite sum
    auto erlang_cdf = [](int k, double r, double x) {
        double term = 1.0, sum = 0.0;
        for (int i = 0; i < k; ++i) {
            if (i > 0) term *= r * x / i;
            sum += term;
        }
        return 1.0 - std::exp(-r * x) * sum;
    };
    const double accepted = 1.0 - blocking_probability(q);
    for (double x : {0.0, 0.1, 0.7, 2.5}) {
        double fw = 0.0, ft = 0.0, second_moment = 0.0;
        for (int n = 0; n < 5; ++n) {
            const double pn = state_probability(q, n) / accepted;
            fw += pn * (n == 0 ? 1.0 : erlang_cdf(n, 3.0, x));
            ft += pn * erlang_cdf(n + 1, 3.0, x);
            second_moment += pn * n * (n + 1) / 9.0;
        }
        CHECK(cdf(w, x) == rel(fw, 1e-13));
        CHECK(cdf(t, x) == rel(ft, 1e-13));
        CHECK(variance(w) == rel(second_moment - mean(w) * mean(w), 1e-12));
    }
    CHECK(cdf(w, 0.0) == rel(state_probability(q, 0) / accepted));
    CHECK(offload::wait_quantile(q, 0.1) == 0.0);
    for (double p : {0.5, 0.9, 0.99}) {
        CHECK(cdf(t, offload::response_quantile(q, p)) == rel(p, 1e-10));
        CHECK(cdf(w, offload::wait_quantile(q, p)) == rel(p, 1e-10));
    }
}

TEST_CASE("mm1k: overload is meaningful: blocking tends to 1 - mu/lambda", "[queues][mm1k]") {
    const auto q = mm1k::from_rates(30.0, 10.0, 50);
    CHECK(is_stable(q));
    CHECK(blocking_probability(q) == rel(2.0 / 3.0, 1e-12));
    CHECK(throughput(q) == rel(10.0, 1e-12));
    CHECK(std::isfinite(mean_response(q)));
    CHECK(mean_wait(q) == rel(48.5 / 10.0, 1e-12)); // finds M/M/1/49 at rho = 3: mean 49 - 1/(3 - 1)
    CHECK(std::isfinite(offload::response_quantile(q, 0.99)));
}

TEST_CASE("mm1k: monotone in lambda and in K", "[queues][mm1k]") {
    double previous_block = -1.0, previous_wait = -1.0;
    for (double lambda = 0.0; lambda <= 20.0; lambda += 0.5) {
        const auto q = mm1k::from_rates(lambda, 5.0, 8);
        CHECK(blocking_probability(q) >= previous_block);
        CHECK(mean_wait(q) >= previous_wait);
        previous_block = blocking_probability(q);
        previous_wait = mean_wait(q);
    }
    double previous = 2.0;
    for (int k = 1; k <= 30; ++k) {
        const double b = blocking_probability(mm1k::from_rates(4.0, 5.0, k));
        CHECK(b < previous);
        previous = b;
    }
}

TEST_CASE("mm1k: lambda = 0", "[queues][mm1k]") {
    const auto q = mm1k::from_rates(0.0, 5.0, 4);
    CHECK(blocking_probability(q) == 0.0);
    CHECK(throughput(q) == 0.0);
    CHECK(utilization(q) == 0.0);
    CHECK(mean_number_in_system(q) == 0.0);
    CHECK(mean_wait(q) == 0.0);
    CHECK(mean_response(q) == rel(0.2));
    CHECK(offload::wait_quantile(q, 0.99) == 0.0);
}

TEST_CASE("mm1k: bad parameters name the function, the parameter and the value", "[queues][mm1k][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(mm1k::from_rates(-1.0, 2.0, 3),
                      Catch::Contains("offload::mm1k") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(mm1k::from_rates(1.0, 0.0, 3), Catch::Contains("'service_rate' = 0"));
    CHECK_THROWS_WITH(mm1k::from_rates(1.0, 2.0, 0), Catch::Contains("'capacity' = 0"));
    STATIC_REQUIRE(!std::is_constructible_v<mm1k, double, double, double>); // counts are integers
    CHECK_THROWS_AS(mm1k::from_rates(1.0, inf, 3), offload::parameter_error);
    CHECK_THROWS_AS(mm1k(1.0, inf, 3), offload::parameter_error);
    CHECK_THROWS_WITH(mm1k(1.0, 0.5, 20'000'000), Catch::Contains("'capacity'"));
    CHECK_THROWS_AS(mm1k::from_rates(1.0, 2.0, -3), offload::parameter_error);
    CHECK_THROWS_AS(mm1k::from_rates(nan, 2.0, 3), offload::parameter_error);
    CHECK_THROWS_WITH(state_probability(mm1k::from_rates(1.0, 2.0, 3), 4), Catch::Contains("'n' = 4"));
    CHECK_THROWS_AS(state_probability(mm1k::from_rates(1.0, 2.0, 3), -1), offload::parameter_error);
    CHECK_THROWS_AS(offload::response_quantile(mm1k::from_rates(1.0, 2.0, 3), 1.0), offload::parameter_error);
}
