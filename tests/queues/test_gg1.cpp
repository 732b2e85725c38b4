#include <cmath>
#include <functional>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/gg1.hpp"
#include "offload/queues/mm1.hpp"

using offload::gg1;
using offload::interarrival_class;
using offload::test::rel;

namespace {

// Exact GI/M/1 mean wait: sigma in (0, 1) solves sigma = A*(mu (1 - sigma)) (A* the Laplace-Stieltjes
// transform of the interarrival time), and E[W] = sigma / (mu (1 - sigma)). Bisection, 200 halvings.
double gim1_mean_wait(const std::function<double(double)>& transform, double mu) {
    double lo = 0.0, hi = 1.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (transform(mu * (1.0 - mid)) - mid > 0.0)
            lo = mid;
        else
            hi = mid;
    }
    const double sigma = 0.5 * (lo + hi);
    return sigma / (mu * (1.0 - sigma));
}

double dm1(double lambda, double mu) {
    return gim1_mean_wait([lambda](double s) { return std::exp(-s / lambda); }, mu);
}
double e2m1(double lambda, double mu) {
    return gim1_mean_wait([lambda](double s) { return std::pow(2.0 * lambda / (2.0 * lambda + s), 2.0); }, mu);
}
// balanced-means two-phase hyperexponential with scv c2 > 1
double h2m1(double lambda, double mu, double c2) {
    const double p1 = 0.5 * (1.0 + std::sqrt((c2 - 1.0) / (c2 + 1.0)));
    const double p2 = 1.0 - p1;
    const double l1 = 2.0 * p1 * lambda, l2 = 2.0 * p2 * lambda;
    return gim1_mean_wait([=](double s) { return p1 * l1 / (l1 + s) + p2 * l2 / (l2 + s); }, mu);
}
double pollaczek_khinchine(double lambda, double es, double cs2) {
    const double rho = lambda * es;
    return rho * es * (1.0 + cs2) / (2.0 * (1.0 - rho));
}

} // namespace

TEST_CASE("gg1: the GI/M/1 reference solver matches mpmath", "[queues][gg1]") {
    // mpmath (30 digits), same fixed point solved by bisection in high precision
    CHECK(dm1(0.5, 1.0) == rel(0.25500097491597527, 1e-12));
    CHECK(dm1(0.9, 1.0) == rel(4.1786594221498251, 1e-12));
    CHECK(e2m1(0.5, 1.0) == rel(0.61803398874989485, 1e-12));
    CHECK(h2m1(0.9, 1.0, 4.0) == rel(22.408857567321475, 1e-12));
}

TEST_CASE("gg1: c_a^2 = 1 reduces Allen-Cunneen and KLB to Pollaczek-Khinchine", "[queues][gg1]") {
    for (double cs2 : {0.0, 0.3, 1.0, 4.0}) {
        for (double rho : {0.05, 0.5, 0.9, 0.999}) {
            const gg1 q(rho / 0.2, 1.0, 0.2, cs2);
            const double pk = pollaczek_khinchine(rho / 0.2, 0.2, cs2);
            CHECK(allen_cunneen_mean_wait(q) == rel(pk, 1e-13));
            CHECK(kramer_langenbach_belz_mean_wait(q) == rel(pk, 1e-13));
            CHECK(kramer_langenbach_belz_correction(q) == 1.0);
            CHECK(mean_wait(q) == rel(pk, 1e-13));
            // Poisson arrivals: Marshall's bounds for the exponential class collapse on P-K
            const auto b = marshall_bounds(q, interarrival_class::exponential);
            CHECK(b.lower == rel(pk, 1e-9));
            CHECK(b.upper == rel(pk, 1e-9));
            CHECK(kingman_upper_bound(q) >= pk);
            CHECK(marshall_lower_bound(q) <= pk);
        }
    }
}

TEST_CASE("gg1: c_a^2 = c_s^2 = 1 is M/M/1 in the means; no distributions are invented", "[queues][gg1]") {
    const gg1 q(6.0, 1.0, 0.1, 1.0);
    const auto m = offload::mm1::from_rates(6.0, 10.0);
    CHECK(mean_wait(q) == rel(mean_wait(m), 1e-13));
    CHECK(mean_response(q) == rel(mean_response(m), 1e-13));
    CHECK(mean_queue_length(q) == rel(mean_queue_length(m), 1e-13));
    CHECK(mean_number_in_system(q) == rel(mean_number_in_system(m), 1e-13));
    // two moments do not determine a G/G/1 distribution: gg1 gives means only
    STATIC_REQUIRE(offload::queue_model<gg1>);
    STATIC_REQUIRE(offload::stage_model<gg1>);
    STATIC_REQUIRE(!offload::queue_with_distributions<gg1>);
    // M/M/1: Kingman exceeds the exact wait by exactly (1 + rho) / (2 lambda)
    CHECK(kingman_upper_bound(q) - mean_wait(m) == rel(1.6 / 12.0, 1e-12));
}

TEST_CASE("gg1: bounds bracket exact GI/M/1 waits for the stated interarrival class", "[queues][gg1]") {
    // relative error of KLB against the exact GI/M/1 wait, computed independently with mpmath
    // (30 digits): {D/M/1, E2/M/1, H2/M/1 with c_a^2 = 4} at each rho, c_s^2 = 1
    struct klb_error {
        double rho, d, e2, h2;
    };
    const klb_error errors[] = {{0.3, 0.06111, 0.145, 0.01592},
                                {0.5, 0.006696, 0.08591, -0.04149},
                                {0.9, 1.284e-5, 0.01198, -0.03289},
                                {0.99, 1.013e-8, 0.001119, -0.003707}};
    for (const auto& e : errors) {
        const double rho = e.rho;
        INFO("rho = " << rho);
        const double mu = 2.0, lambda = rho * mu;
        // D/M/1 and E2/M/1: IFR interarrival times, hence NBUE
        for (double ca2 : {0.0, 0.5}) {
            const gg1 q(lambda, ca2, 1.0 / mu, 1.0);
            const double exact = ca2 == 0.0 ? dm1(lambda, mu) : e2m1(lambda, mu);
            const auto b = marshall_bounds(q, interarrival_class::nbue);
            CHECK(b.lower <= exact);
            CHECK(exact <= b.upper);
            CHECK(b.upper == kingman_upper_bound(q));
            CHECK(marshall_lower_bound(q) <= exact);
            const auto g = marshall_bounds(q, interarrival_class::general);
            CHECK(g.lower <= b.lower);
            // KLB against the exact value (measured errors, see docs/models.md)
            CHECK(kramer_langenbach_belz_mean_wait(q) / exact - 1.0 == Approx(ca2 == 0.0 ? e.d : e.e2).margin(2e-5));
        }
        // H2/M/1 with c_a^2 = 4: DFR interarrival times, hence NWUE
        const gg1 h(lambda, 4.0, 1.0 / mu, 1.0);
        const double exact = h2m1(lambda, mu, 4.0);
        const auto b = marshall_bounds(h, interarrival_class::nwue);
        CHECK(b.lower <= exact);
        CHECK(exact <= b.upper);
        CHECK(b.upper < kingman_upper_bound(h));
        CHECK(kramer_langenbach_belz_mean_wait(h) / exact - 1.0 == Approx(e.h2).margin(2e-5));
    }
    // the NBUE lower bound is informative at high load: D/M/1 at rho = 0.9 (mu = 1): 3.444 <= 4.179 <= 4.5
    const gg1 d(0.9, 0.0, 1.0, 1.0);
    const auto b = marshall_bounds(d, interarrival_class::nbue);
    CHECK(b.lower == rel(3.4444444444444444, 1e-12));
    CHECK(b.upper == rel(4.5, 1e-12));
}

TEST_CASE("gg1: Marshall's general lower bound, D/D/1, lambda = 0", "[queues][gg1]") {
    // rho = 0.9, c_s^2 = 4: (rho^2 c_s^2 + rho (rho - 2)) / (2 lambda (1 - rho)) = (3.24 - 0.99) / 0.18 = 12.5
    const gg1 q(0.9, 0.0, 1.0, 4.0);
    CHECK(marshall_lower_bound(q) == rel(12.5, 1e-12));
    CHECK(marshall_lower_bound(gg1(0.5, 1.0, 1.0, 1.0)) == 0.0); // negative value clipped at 0
    const gg1 dd(0.5, 0.0, 1.0, 0.0);
    CHECK(mean_wait(dd) == 0.0);
    CHECK(kingman_upper_bound(dd) == 0.0);
    CHECK(mean_response(dd) == rel(1.0));
    const gg1 idle(0.0, 3.0, 1.0, 2.0);
    CHECK(mean_wait(idle) == 0.0);
    CHECK(mean_response(idle) == rel(1.0));
    CHECK(kingman_upper_bound(idle) == 0.0);
    CHECK(mean_number_in_system(idle) == 0.0);
}

TEST_CASE("gg1: from_variances, Little's law, monotonicity", "[queues][gg1]") {
    const gg1 a = gg1::from_variances(2.0, 0.5 / 4.0, 0.25, 0.3 * 0.0625);
    CHECK(a.interarrival_scv() == rel(0.5));
    CHECK(a.service_scv() == rel(0.3));
    CHECK(offload::interarrival_variance(a) == rel(0.125));
    CHECK(offload::service_variance(a) == rel(0.3 * 0.0625));
    // Kingman from variances: lambda (sigma_a^2 + sigma_s^2) / (2 (1 - rho)) (seed 003, eq. 13)
    CHECK(kingman_upper_bound(a) == rel(2.0 * (0.125 + 0.01875) / (2.0 * 0.5), 1e-13));
    CHECK(mean_number_in_system(a) == rel(2.0 * mean_response(a)));
    CHECK(mean_queue_length(a) == rel(2.0 * mean_wait(a)));
    for (double ca2 : {0.0, 0.5, 1.0, 2.0, 9.0}) {
        double previous = 0.0;
        for (double lambda = 0.1; lambda < 4.0; lambda += 0.1) {
            const double w = mean_wait(gg1(lambda, ca2, 0.25, 0.7));
            CHECK(w >= previous);
            previous = w;
        }
    }
}

TEST_CASE("gg1: unstable queues report +inf, never NaN", "[queues][gg1]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (double lambda : {4.0, 5.0}) {
        const gg1 q(lambda, 0.5, 0.25, 2.0);
        offload::test::check_reports_unstable(q);
        CHECK(kingman_upper_bound(q) == inf);
        CHECK(marshall_lower_bound(q) == inf);
        CHECK(allen_cunneen_mean_wait(q) == inf);
        const auto b = marshall_bounds(q, interarrival_class::nbue);
        CHECK(b.lower == inf);
        CHECK(b.upper == inf);
    }
}

TEST_CASE("gg1: bad parameters and misstated interarrival classes", "[queues][gg1][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(gg1(-1.0, 1.0, 1.0, 1.0),
                      Catch::Contains("offload::gg1") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(gg1(1.0, -0.5, 1.0, 1.0), Catch::Contains("'interarrival_scv' = -0.5"));
    CHECK_THROWS_WITH(gg1(1.0, 1.0, 0.0, 1.0), Catch::Contains("'mean_service_time' = 0"));
    CHECK_THROWS_WITH(gg1(1.0, 1.0, 1.0, -2.0), Catch::Contains("'service_scv' = -2"));
    CHECK_THROWS_AS(gg1(nan, 1.0, 1.0, 1.0), offload::parameter_error);
    CHECK_THROWS_AS(gg1(1.0, inf, 1.0, 1.0), offload::parameter_error);
    CHECK_THROWS_AS(gg1(1.0, 1.0, nan, 1.0), offload::parameter_error);
    CHECK_THROWS_AS(gg1(1.0, 1.0, 1.0, nan), offload::parameter_error);
    CHECK_THROWS_WITH(gg1::from_variances(0.0, 1.0, 1.0, 1.0),
                      Catch::Contains("from_variances") && Catch::Contains("'arrival_rate' = 0"));
    CHECK_THROWS_AS(gg1::from_variances(1.0, -1.0, 1.0, 1.0), offload::parameter_error);
    CHECK_THROWS_AS(gg1::from_variances(1.0, 1.0, 1.0, inf), offload::parameter_error);
    CHECK_THROWS_WITH(marshall_bounds(gg1(0.5, 2.0, 1.0, 1.0), interarrival_class::nbue),
                      Catch::Contains("marshall_bounds") && Catch::Contains("'q.interarrival_scv' = 2"));
    CHECK_THROWS_AS(marshall_bounds(gg1(0.5, 0.5, 1.0, 1.0), interarrival_class::nwue), offload::parameter_error);
    CHECK_THROWS_AS(marshall_bounds(gg1(0.5, 0.9, 1.0, 1.0), interarrival_class::exponential),
                    offload::parameter_error);
    CHECK_THROWS_AS(marshall_bounds(gg1(0.5, 1.0, 1.0, 1.0), static_cast<interarrival_class>(7)),
                    offload::parameter_error);
    CHECK_THROWS_WITH(gg1::from_demand(1.0, offload::service_demand(0.1, 1.0, 2.0)),
                      Catch::Contains("offload::gg1::from_demand") && Catch::Contains("'demand.parallelism' = 2"));
}

TEST_CASE("gg1: from_demand takes the arrival process (rate and interarrival scv)", "[queues][gg1]") {
    const gg1 bursty = gg1::from_demand(offload::arrival_process(2.0, 4.0), offload::service_demand(0.25, 0.5));
    CHECK(bursty == gg1(2.0, 4.0, 0.25, 0.5));
    CHECK(bursty.arrivals() == offload::arrival_process(2.0, 4.0));
    // a plain rate is Poisson: c_a^2 = 1, and then KLB is the exact Pollaczek-Khinchine mean
    const gg1 poisson = gg1::from_demand(2.0, offload::service_demand(0.25, 0.5));
    CHECK(poisson.interarrival_scv() == 1.0);
    CHECK(mean_wait(poisson) == rel(2.0 * 0.0625 * 1.5 / (2.0 * 0.5), 1e-14)); // lambda E[S^2] / (2 (1 - rho))
    CHECK(mean_wait(bursty) > mean_wait(poisson));
}
