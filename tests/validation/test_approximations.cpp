// Cross-validation of the library's APPROXIMATIONS against the discrete-event simulator: each test measures the
// relative error against simulation and asserts that it stays within what docs/models.md claims (or, where the
// error is known in closed form, that the simulation reproduces it). Where the docs make no claim, the test
// asserts the error measured by examples/validate_models --full (docs/validation.md) with a stated margin.
//
// Intervals are 99% (see validation_helpers.hpp for why); a claim "within x%" is met when
// |analytic - simulated| <= x% of simulated + the half-width.
#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "offload/queues/gg1.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mg1k.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mmc.hpp"
#include "offload/simulation/builders.hpp"
#include "validation_helpers.hpp"

namespace sim = offload::sim;

using namespace offload::test::validation;

TEST_CASE("validation: mg1 Cramer-Lundberg quantiles against simulated gamma-service M/G/1", "[validation]") {
    // docs/models.md: "tail quantiles are within a few percent" (asserted: 5% at p90, p99), the low quantiles
    // least accurate ("~25% at p75 for c = 4, rho = 0.3"; asserted: 25% at p50). Measured with 20 x 200 000
    // requests (docs/validation.md): every |error| <= 3.3% (the largest: p50 at scv 2, p99 at scv 4).
    struct c {
        double lambda, scv;
    };
    std::uint64_t seed = 201;
    for (const c& x : {c{0.7, 0.5}, c{0.6, 2.0}, c{0.7, 4.0}}) {
        INFO("lambda " << x.lambda << ", E[S] 1, gamma service scv " << x.scv);
        const offload::mg1 q(x.lambda, 1.0, x.scv);
        REQUIRE(offload::wait_quantile(q, 0.5) > 0.0); // p50 outside the atom at 0
        const auto r =
            run(sim::single_station(sim::exponential(1.0 / x.lambda), sim::gamma(1.0, x.scv)), 20000, seed++);
        const auto& l = r.tenants[0].latency;
        check_inside("E[W] (P-K, exact)", offload::mean_wait(q), l.mean_wait, 0.25);
        for (double p : {0.5, 0.9, 0.99}) {
            const double claim = p < 0.75 ? 0.25 : 0.05;
            check_claim("W quantile " + std::to_string(p), offload::wait_quantile(q, p), sim::wait_percentile(l, p),
                        claim);
            check_claim("T quantile " + std::to_string(p), offload::response_quantile(q, p),
                        sim::response_percentile(l, p), claim);
        }
    }
}

TEST_CASE("validation: the k-mu shortcut k_parallel<md1> against a simulated M/D/k", "[validation]") {
    // The simulation reproduces the exact M/D/k (mdc), so the shortcut's error against simulation is the error
    // tabulated in docs/models.md (k = 2, rho = 0.7: +6.01% in E[T], +18.2% in E[W]; k = 8, rho = 0.5: +5.27%,
    // +570%), and the shortcut lies ABOVE the simulated interval: it always overestimates.
    struct c {
        int k;
        double rho, t_err, w_err;
        bool p99_above; // the p99 error (+2.6% at k = 2, +9.6% at k = 8) exceeds this run's p99 interval
    };
    std::uint64_t seed = 211;
    for (const c& x : {c{2, 0.7, 0.0601, 0.182, false}, c{8, 0.5, 0.0527, 5.705, true}}) {
        INFO("k " << x.k << ", rho " << x.rho << ", D 1");
        const double lambda = x.rho * x.k;
        const offload::mdc exact(lambda, 1.0, x.k);
        const offload::k_parallel<offload::md1> shortcut(offload::md1(lambda, 1.0), x.k);
        const auto r =
            run(sim::single_station(sim::exponential(1.0 / lambda), sim::deterministic(1.0), x.k), 20000, seed++);
        const auto& l = r.tenants[0].latency;
        // interval limits: narrow enough to tell the shortcut's >= 5% error in E[T] from noise
        check_inside("mdc E[T]", offload::mean_response(exact), l.mean_response, 0.02);
        check_inside("mdc E[W]", offload::mean_wait(exact), l.mean_wait, 0.10);
        check_inside("mdc T p99", offload::response_quantile(exact, 0.99), sim::response_percentile(l, 0.99), 0.08);
        // the documented errors, computed from the exact model, are what the simulation sees
        CHECK(offload::mean_response(shortcut) / offload::mean_response(exact) - 1.0 == Approx(x.t_err).margin(5e-5));
        CHECK(offload::mean_wait(shortcut) / offload::mean_wait(exact) - 1.0 == Approx(x.w_err).margin(5e-3));
        const double t_err_sim = offload::mean_response(shortcut) / l.mean_response.value - 1.0;
        INFO("shortcut E[T] error against simulation " << 100.0 * t_err_sim << "%");
        CHECK(std::fabs(t_err_sim - x.t_err) <= 1.1 * l.mean_response.half_width / l.mean_response.value);
        CHECK(offload::mean_response(shortcut) > l.mean_response.upper());
        CHECK(offload::mean_wait(shortcut) > l.mean_wait.upper());
        if (x.p99_above) CHECK(offload::response_quantile(shortcut, 0.99) > sim::response_percentile(l, 0.99).upper());
    }
}

TEST_CASE("validation: the k-mu shortcut k_parallel<mm1> against a simulated M/M/4", "[validation]") {
    // No table in the docs for M/M/k; the exact mmc gives the error (+14.6% in E[T], +34.1% in E[W] at
    // rho = 0.8), and the simulation must reproduce it.
    const int k = 4;
    const double lambda = 3.2;
    const offload::mmc exact(lambda, 1.0, k);
    const offload::k_parallel<offload::mm1> shortcut(offload::mm1(lambda, 1.0), k);
    const auto r = run(sim::single_station(sim::exponential(1.0 / lambda), sim::exponential(1.0), k), 20000, 215);
    const auto& l = r.tenants[0].latency;
    check_inside("mmc E[T]", offload::mean_response(exact), l.mean_response, 0.05);
    check_inside("mmc E[W]", offload::mean_wait(exact), l.mean_wait, 0.12);
    CHECK(offload::mean_response(shortcut) / offload::mean_response(exact) - 1.0 == Approx(0.1458).margin(5e-4));
    CHECK(offload::mean_response(shortcut) > l.mean_response.upper());
    CHECK(offload::mean_wait(shortcut) > l.mean_wait.upper());
}

TEST_CASE("validation: gg1 KLB and Allen-Cunneen against simulated GI/M/1 with known exact means", "[validation]") {
    // docs/models.md tabulates KLB's error against the exact GI/M/1 mean at rho = 0.5: E2/M/1 +8.6%,
    // H2/M/1 (balanced, c_a^2 = 4) -4.1%. The simulation must reproduce the exact mean (so the measured error is
    // the tabulated one up to the interval) — gamma interarrivals with scv 0.5 are Erlang-2.
    const double rho = 0.5, mu = 1.0;
    {
        const double ca2 = 0.5;
        const auto lst = [&](double s) { return std::pow(1.0 + s * (1.0 / rho) * ca2, -1.0 / ca2); };
        const double exact = sim::gim1_mean_wait(lst, mu);
        CHECK(exact == Approx(0.6180339887498949).epsilon(1e-12)); // E2/M/1 at rho = 1/2: (sqrt 5 - 1) / 2
        const offload::gg1 q(rho, ca2, 1.0, 1.0);
        const auto r = run(sim::single_station(sim::gamma(1.0 / rho, ca2), sim::exponential(1.0)), 20000, 221);
        const auto& w = r.tenants[0].latency.mean_wait;
        check_inside("E2/M/1 exact E[W]", exact, w, 0.06);
        CHECK(offload::kramer_langenbach_belz_mean_wait(q) / exact - 1.0 == Approx(0.086).margin(1e-3));
        check_claim("KLB", offload::kramer_langenbach_belz_mean_wait(q), w, 0.086 + 0.001);
        CHECK(offload::kramer_langenbach_belz_mean_wait(q) > w.upper()); // the error is real, not noise
        CHECK(offload::allen_cunneen_mean_wait(q) > w.upper());
    }
    {
        const double ca2 = 4.0;
        const double p1 = 0.5 * (1.0 + std::sqrt((ca2 - 1.0) / (ca2 + 1.0))), p2 = 1.0 - p1;
        const double r1 = 2.0 * p1 * rho, r2 = 2.0 * p2 * rho;
        const auto lst = [&](double s) { return p1 * r1 / (r1 + s) + p2 * r2 / (r2 + s); };
        const double exact = sim::gim1_mean_wait(lst, mu);
        const offload::gg1 q(rho, ca2, 1.0, 1.0);
        const auto r =
            run(sim::single_station(sim::hyperexponential2(1.0 / rho, ca2), sim::exponential(1.0)), 20000, 222);
        const auto& w = r.tenants[0].latency.mean_wait;
        check_inside("H2/M/1 exact E[W]", exact, w, 0.06);
        CHECK(offload::kramer_langenbach_belz_mean_wait(q) / exact - 1.0 == Approx(-0.041).margin(1e-3));
        check_claim("KLB", offload::kramer_langenbach_belz_mean_wait(q), w, 0.041 + 0.001);
        // (the -4.1% error is about this run's half-width, so it is not asserted to lie outside the interval)
    }
}

TEST_CASE("validation: gg1 KLB mean wait for renewal arrivals without a documented claim", "[validation]") {
    // docs/models.md quantifies KLB only for GI/M/1 with D, E2, H2 arrivals. Measured here for lognormal
    // arrivals and non-exponential service (20 x 200 000 requests, docs/validation.md): errors +8.8% (lognormal
    // c_a^2 0.5), +7.7% (lognormal c_a^2 2), +2.4% (Erlang-2 / deterministic), -3.6% (uniform / gamma 0.5),
    // -3.9% (H2 c_a^2 2 / gamma 0.5), +4.6% (lognormal / lognormal). Asserted: |error| <= 10% up to the interval.
    struct c {
        sim::distribution arrivals;
        double ca2;
        sim::distribution service;
        double cs2, rho;
    };
    const c cases[] = {
        {sim::lognormal(1.0 / 0.7, 0.5), 0.5, sim::exponential(1.0), 1.0, 0.7},
        {sim::lognormal(1.0 / 0.7, 2.0), 2.0, sim::exponential(1.0), 1.0, 0.7},
        {sim::gamma(1.0 / 0.7, 0.5), 0.5, sim::deterministic(1.0), 0.0, 0.7},
        {sim::uniform(0.0, 2.0 / 0.8), 1.0 / 3.0, sim::gamma(1.0, 0.5), 0.5, 0.8},
        {sim::hyperexponential2(1.0 / 0.7, 2.0), 2.0, sim::gamma(1.0, 0.5), 0.5, 0.7},
        {sim::lognormal(1.0 / 0.7, 2.0), 2.0, sim::lognormal(1.0, 2.0), 2.0, 0.7},
    };
    std::uint64_t seed = 231;
    for (const auto& x : cases) {
        INFO("c_a^2 " << x.ca2 << ", c_s^2 " << x.cs2 << ", rho " << x.rho);
        const offload::gg1 q(x.rho, x.ca2, 1.0, x.cs2);
        const auto r = run(sim::single_station(x.arrivals, x.service), 20000, seed++);
        check_claim("KLB E[W]", offload::kramer_langenbach_belz_mean_wait(q), r.tenants[0].latency.mean_wait, 0.10);
    }
}

TEST_CASE("validation: mg1k waiting-time quantiles against simulated M/G/1/K", "[validation]") {
    // docs/models.md: "quantile errors are within about 3 %" (asserted: 3% up to the interval). Measured with
    // 20 x 200 000 requests: largest error +2.8% at p50 for scv 4 (+3.7% in a 10 x 400 000 run; docs/validation.md).
    struct c {
        double lambda, scv;
    };
    std::uint64_t seed = 241;
    for (const c& x : {c{0.9, 0.0}, c{1.0, 0.0}, c{0.9, 0.5}, c{0.9, 4.0}}) {
        INFO("lambda " << x.lambda << ", E[S] 1, scv " << x.scv << ", K 10");
        const offload::mg1k q(x.lambda, 1.0, x.scv, 10);
        const auto r = run(mg1k_station(x.lambda, x.scv, 10), 20000, seed++);
        const auto& l = r.tenants[0].latency;
        for (double p : {0.5, 0.9, 0.99})
            check_claim("W quantile " + std::to_string(p), offload::wait_quantile(q, p), sim::wait_percentile(l, p),
                        0.03);
        check_claim("T p99", offload::response_quantile(q, 0.99), sim::response_percentile(l, 0.99), 0.03);
    }
}
