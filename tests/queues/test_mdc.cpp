#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mmc.hpp"
#include "raw_demand.hpp"

using offload::mdc;
using offload::test::rel;

namespace {

struct moment_reference {
    int c;
    double rho;
    double lq;     // E[Lq]
    double lq_fac; // E[Lq (Lq - 1)]
};

// Reference: Crommelin's root formulas evaluated in mpmath with 90 significant digits (roots by fixed point
// then findroot), E[Lq] = (a^2 - c(c-1)) / (2(c-a)) + sum 1/(1 - z_k) and the second log-derivative. They
// agree with an independent dense linear solve of the truncated embedded chain (numpy/scipy, 1200 states)
// to its 1e-9 accuracy. Scripts: /tmp/h2/roots.py, /tmp/h2/ref.py in the author's session.
const std::vector<moment_reference> references = {
    {2, 0.1, 0.0012416567286179027, 0.00012945526587532072},   {2, 0.5, 0.17674105711283688, 0.15659227622049645},
    {2, 0.9, 3.8644617864884881, 33.679663076228626},          {2, 0.99, 48.790477911245908, 4814.2348890378321},
    {4, 0.1, 6.5625430182571095e-5, 9.0962079372784902e-6},    {4, 0.5, 0.099303477565217107, 0.097907777870934766},
    {4, 0.9, 3.599877188029205, 31.488898488057771},           {4, 0.99, 48.472722383892516, 4783.0471661106903},
    {8, 0.1, 1.9596418624566526e-7, 3.3252882231611681e-8},    {8, 0.5, 0.03728405027894323, 0.042815276466388453},
    {8, 0.9, 3.2398074679379479, 28.546403766619632},          {8, 0.99, 48.014172823546764, 4738.1354951627632},
    {16, 0.1, 2.0152177063424521e-12, 3.8683122080501683e-13}, {16, 0.5, 0.0064818719888713422, 0.008846128535058723},
    {16, 0.9, 2.7715252493618588, 24.763718737594858},         {16, 0.99, 47.36266005205727, 4674.5088199444234},
    {64, 0.1, 6.2266790756376522e-42, 1.3302495698241331e-42}, {64, 0.5, 3.8161770442402618e-7, 6.6891188232454808e-7},
    {64, 0.9, 1.539885744201292, 14.775059046595703},          {64, 0.99, 45.169016959949757, 4461.7919854413057},
};

// E[W] = int_0^inf P(W > x) dx and E[W^2] = int 2 x P(W > x) dx by Simpson's rule on the cdf itself
double integrate_tail(const offload::mdc_waiting_time& w, double upper, int power) {
    const int n = 20000;
    const double h = upper / n;
    double sum = 0.0;
    for (int i = 0; i <= n; ++i) {
        const double x = i * h;
        const double f = (power == 1 ? 1.0 : 2.0 * x) * (1.0 - cdf(w, x));
        sum += f * (i == 0 || i == n ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0));
    }
    return sum * h / 3.0;
}

} // namespace

TEST_CASE("mdc: exact mean queue length and waiting-time moments against 90-digit references", "[queues][mdc]") {
    for (const auto& r : references) {
        const double d = 0.05; // 50 ms per inference
        const mdc q(r.rho * r.c / d, d, r.c);
        INFO("c = " << r.c << ", rho = " << r.rho);
        CHECK(utilization(q) == rel(r.rho));
        CHECK(mean_queue_length(q) == rel(r.lq, 1e-11));
        CHECK(mean_wait(q) == rel(r.lq / arrival_rate(q), 1e-11));
        CHECK(mean_response(q) == rel(r.lq / arrival_rate(q) + d, 1e-13));
        CHECK(mean_number_in_system(q) == rel(r.lq + r.rho * r.c, 1e-13));
        if (r.rho >= 0.5) { // the distribution object carries the same moments
            const auto w = wait_distribution(q);
            const double lambda = arrival_rate(q);
            CHECK(mean(w) == rel(r.lq / lambda, 1e-11));
            const double second = r.lq_fac / (lambda * lambda);
            CHECK(variance(w) == rel(second - mean(w) * mean(w), 1e-9));
        }
    }
}

TEST_CASE("mdc: c = 1 is M/D/1 (Pollaczek-Khinchine)", "[queues][mdc]") {
    for (double rho : {0.01, 0.1, 0.3, 0.5, 0.8, 0.95, 0.99}) {
        const double d = 0.2;
        const mdc q(rho / d, d, 1);
        const double pk = rho * d / (2.0 * (1.0 - rho));
        CHECK(mean_wait(q) == rel(pk, 1e-13));
        CHECK(mean_response(q) == rel(pk + d, 1e-13));
        // M/D/1: E[W^2] = lambda E[S^3] / (3 (1 - rho)) + 2 E[W]^2 with E[S^3] = D^3
        const auto w = wait_distribution(q);
        const double second = (rho / d) * d * d * d / (3.0 * (1.0 - rho)) + 2.0 * pk * pk;
        CHECK(variance(w) == rel(second - pk * pk, 1e-12));
        CHECK(cdf(w, 0.0) == rel(1.0 - rho, 1e-12)); // P(W = 0) = 1 - rho
        // Erlang's closed form: P(W <= x) = (1 - rho) sum_{j=0}^{floor(x/D)} (l(jD - x))^j / j! e^{-l(jD - x)}
        const double lambda = rho / d;
        for (double x : {0.05, 0.2, 0.37, 0.9}) {
            double sum = 0.0;
            double factorial = 1.0;
            for (int j = 0; j <= static_cast<int>(std::floor(x / d)); ++j) {
                if (j > 0) factorial *= j;
                const double y = lambda * (j * d - x);
                sum += std::pow(y, j) / factorial * std::exp(-y);
            }
            CHECK(cdf(w, x) == Approx((1.0 - rho) * sum).margin(1e-12));
        }
    }
}

TEST_CASE("mdc: waiting-time cdf against a dense solve of the embedded chain", "[queues][mdc]") {
    // Reference: numpy/scipy dense LU solve of the chain X' = max(X - c, 0) + Poisson(a) truncated at 1500
    // states, then Crommelin's sum P(Lq + Poisson(lambda (D - u)) <= kc - 1) (script /tmp/h2/cdfvals.py);
    // accurate to about 1e-10. D = 1, x in {0, 0.25, 1, 2.5, 7.3}.
    struct row {
        int c;
        double rho;
        double values[5];
    };
    const row rows[] = {
        {4, 0.7, {0.5900522268949863, 0.7320610598604473, 0.9626117492262256, 0.9993497737593431, 0.9999999984839746}},
        {2, 0.9, {0.15289235729769882, 0.2065371764824155, 0.4119725254429194, 0.6833163162954453, 0.9566494313993266}},
        {8, 0.5, {0.9457075814310519, 0.9865002991166212, 0.9999905874384839, 0.9999999999974207, 0.9999999999999998}},
        {1, 0.8, {0.2, 0.24428055163195253, 0.445108185698348, 0.7048523534913871, 0.9626926575511495}},
    };
    const double xs[] = {0.0, 0.25, 1.0, 2.5, 7.3};
    for (const row& r : rows) {
        const auto w = wait_distribution(mdc(r.rho * r.c, 1.0, r.c));
        for (int i = 0; i < 5; ++i) {
            INFO("c = " << r.c << ", rho = " << r.rho << ", x = " << xs[i]);
            CHECK(cdf(w, xs[i]) == Approx(r.values[i]).margin(2e-9));
        }
    }
}

TEST_CASE("mdc: the distribution integrates to its mean and variance", "[queues][mdc]") {
    for (int c : {1, 2, 4, 8, 64}) {
        for (double rho : {0.3, 0.7, 0.9}) {
            const auto w = wait_distribution(mdc(rho * c, 1.0, c));
            INFO("c = " << c << ", rho = " << rho);
            const double upper = 20.0 * (mean(w) + std::sqrt(variance(w))) + 10.0;
            CHECK(integrate_tail(w, upper, 1) == Approx(mean(w)).epsilon(1e-5).margin(1e-9));
            CHECK(integrate_tail(w, upper, 2) == Approx(variance(w) + mean(w) * mean(w)).epsilon(1e-4).margin(1e-9));
        }
    }
}

TEST_CASE("mdc: quantiles invert the cdf; response = wait + D", "[queues][mdc]") {
    const mdc q(3.6, 1.0, 4); // rho = 0.9
    const auto w = wait_distribution(q);
    for (double p : {0.3, 0.5, 0.9, 0.99, 0.999}) {
        const double t = quantile(w, p);
        if (t > 0.0) {
            CHECK(cdf(w, t) == Approx(p).epsilon(1e-9));
        } else {
            CHECK(cdf(w, 0.0) >= p);
        }
        CHECK(offload::response_quantile(q, p) == rel(t + 1.0, 1e-12));
        CHECK(offload::wait_quantile(q, p) == rel(t, 1e-12));
    }
    CHECK(mean(response_distribution(q)) == rel(mean_response(q), 1e-12));
    // the atom at zero: P(W = 0) = P(fewer than c in system); low quantiles are 0
    const double p0 = cdf(w, 0.0);
    CHECK(p0 > 0.0);
    CHECK(quantile(w, 0.5 * p0) == 0.0);
    // cdf is non-decreasing, in [0, 1]
    double previous = 0.0;
    for (double x = 0.0; x < 40.0; x += 0.0625) {
        const double f = cdf(w, x);
        CHECK(f >= previous - 1e-15);
        CHECK(f <= 1.0);
        previous = f;
    }
    CHECK(cdf(w, -1.0) == 0.0);
    CHECK(cdf(w, 1e9) == 1.0);
}

TEST_CASE("mdc: Little's law, monotonicity and ordering against M/M/c", "[queues][mdc]") {
    for (int c : {1, 3, 8, 64}) {
        double previous = -1.0;
        for (double rho = 0.05; rho < 0.99; rho += 0.05) {
            const mdc q(rho * c / 0.01, 0.01, c);
            const double w = mean_wait(q);
            CHECK(mean_queue_length(q) == rel(arrival_rate(q) * w, 1e-13));
            CHECK(mean_number_in_system(q) == rel(arrival_rate(q) * mean_response(q), 1e-12));
            CHECK(w > previous);
            previous = w;
            // deterministic service waits less than exponential service with the same mean: E[W_MDc] <= E[W_MMc]
            const auto exponential = offload::mmc::from_rates(arrival_rate(q), 100.0, c);
            CHECK(w <= mean_wait(exponential));
        }
    }
    // more servers at the same per-server load wait less
    double previous = std::numeric_limits<double>::infinity();
    for (int c : {1, 2, 4, 8, 16, 64}) {
        const double w = mean_wait(mdc(0.9 * c, 1.0, c));
        CHECK(w < previous);
        previous = w;
    }
}

TEST_CASE("mdc: c up to 64 and rho up to 0.999 stay finite and consistent", "[queues][mdc]") {
    for (int c : {2, 16, 64}) {
        for (double rho : {0.999}) {
            const mdc q(rho * c, 1.0, c);
            const auto w = wait_distribution(q);
            CHECK(std::isfinite(mean(w)));
            CHECK(mean(w) == rel(mean_wait(q), 1e-12));
            // heavy traffic: the M/D/c wait approaches half the M/M/c wait (Kingman)
            const double mmc_wait = mean_wait(offload::mmc::from_rates(rho * c, 1.0, c));
            CHECK(mean_wait(q) / mmc_wait == Approx(0.5).epsilon(0.01));
            const double p99 = quantile(w, 0.99);
            CHECK(cdf(w, p99) == Approx(0.99).epsilon(1e-9));
        }
    }
}

TEST_CASE("mdc: Cosmetatos approximation is exact at c = 1 and close in heavy traffic", "[queues][mdc]") {
    for (double rho : {0.1, 0.5, 0.9}) {
        const mdc q(rho, 1.0, 1);
        CHECK(offload::cosmetatos_mean_wait(q) == rel(rho / (2.0 * (1.0 - rho)), 1e-14));
    }
    // relative error against the exact mean wait for rho >= 0.5: below 1% for c <= 8 (the table in
    // docs/models.md), growing with c (1.2% at c = 16, rho = 0.5); it overestimates in light traffic.
    for (int c : {2, 4, 8, 16}) {
        for (double rho : {0.5, 0.7, 0.9, 0.95}) {
            const mdc q(rho * c, 1.0, c);
            const double exact = mean_wait(q);
            const double approx = offload::cosmetatos_mean_wait(q);
            INFO("c = " << c << ", rho = " << rho << ", exact = " << exact << ", Cosmetatos = " << approx);
            CHECK(std::fabs(approx / exact - 1.0) < (c <= 8 ? 0.01 : 0.015));
            CHECK(offload::cosmetatos_mean_response(q) == rel(approx + 1.0, 1e-15));
        }
    }
    // light traffic: Cosmetatos overestimates (k = 8, rho = 0.1: +93% in the wait, table in docs/models.md)
    CHECK(offload::cosmetatos_mean_wait(mdc(0.8, 1.0, 8)) > 1.5 * mean_wait(mdc(0.8, 1.0, 8)));
    CHECK(offload::cosmetatos_mean_wait(mdc(0.0, 1.0, 4)) == 0.0);
    CHECK(offload::cosmetatos_mean_wait(mdc(4.0, 1.0, 4)) == std::numeric_limits<double>::infinity());
}

TEST_CASE("mdc: no arrivals, and unstable queues report +inf, never NaN", "[queues][mdc]") {
    const mdc idle(0.0, 0.5, 3);
    CHECK(mean_wait(idle) == 0.0);
    CHECK(mean_response(idle) == 0.5);
    CHECK(offload::wait_quantile(idle, 0.99) == 0.0);
    CHECK(offload::response_quantile(idle, 0.99) == 0.5);
    for (double lambda : {6.0, 7.5}) {
        const mdc q(lambda, 0.5, 3);
        offload::test::check_reports_unstable(q);
    }
}

TEST_CASE("mdc: bad parameters name the function, the parameter and the value", "[queues][mdc][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    STATIC_REQUIRE(!std::is_constructible_v<mdc, double, double, double>); // counts are integers
    CHECK_THROWS_AS(mdc(1.0, inf, 2), offload::parameter_error);
    CHECK_THROWS_AS(offload::response_quantile(mdc(1.0, 0.1, 2), nan), offload::parameter_error);
    CHECK_THROWS_WITH(mdc(1.0, 0.1, 0), Catch::Contains("'servers' = 0"));
    CHECK_THROWS_AS(mdc(1.0, 0.1, -2), offload::parameter_error);
    CHECK_THROWS_WITH(mdc(-1.0, 0.1, 2), Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_AS(mdc(nan, 0.1, 2), std::domain_error);
    CHECK_THROWS_AS(mdc(inf, 0.1, 2), offload::parameter_error);
    CHECK_THROWS_WITH(mdc(1.0, 0.0, 2), Catch::Contains("'service_time' = 0"));
    CHECK_THROWS_AS(mdc(1.0, -0.1, 2), offload::parameter_error);
    CHECK_THROWS_AS(offload::mdc_waiting_time(1.0, 0.1, 0), offload::parameter_error);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<offload::mdc_waiting_time, double, double, double>); // int servers
    CHECK_THROWS_WITH(offload::wait_quantile(mdc(1.0, 0.1, 2), 1.0), Catch::Contains("'level' = 1"));
    CHECK_THROWS_AS(offload::response_quantile(mdc(1.0, 0.1, 2), 0.0), offload::parameter_error);
    CHECK_THROWS_WITH(mdc::from_demand(1.0, offload::test::raw_demand(0.1, 0.0, 1.5)),
                      Catch::Contains("demand.parallelism"));
    CHECK_THROWS_WITH(mdc::from_demand(1.0, offload::test::raw_demand(-1.0, 0.0, 2.0)),
                      Catch::Contains("demand.mean_seconds"));
    const mdc q = mdc::from_demand(20.0, offload::service_demand(0.1, 0.0, 4.0));
    CHECK(q.servers() == 4);
    CHECK(q.service_time() == 0.1);
    CHECK(utilization(q) == rel(0.5));
}
