// Tests for offload/queues/mg1_las.hpp: Kleinrock's FB conditional response time against an independent
// quadrature (scipy.integrate.quad, nested, on the same formula), and exact identities.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/jobs.hpp"
#include "offload/queues/mg1_las.hpp"

using offload::planning::duration_distribution;

TEST_CASE("mg1_las: conditional and mean response against scipy quadrature", "[queues][mg1_las]") {
    const offload::mg1_las q(0.7, duration_distribution::exponential(1.0));
    CHECK(utilization(q) == Approx(0.7));
    CHECK(is_stable(q));
    // references: /usr/bin/python3 + scipy.integrate.quad on T(x) = lambda m2 / (2 (1 - rho_x)^2) + x / (1 - rho_x)
    CHECK(conditional_mean_response(q, 0.1) == Approx(0.1108961459).epsilon(1e-6));
    CHECK(conditional_mean_response(q, 1.0) == Approx(2.388764116).epsilon(1e-6));
    CHECK(conditional_mean_response(q, 3.0) == Approx(13.95894632).epsilon(1e-6));
    // exponential service: every size-blind discipline has the M/M/1 mean 1 / (mu - lambda)
    CHECK(mean_response(q) == Approx(1.0 / 0.3).epsilon(1e-5));

    const offload::mg1_las heavy(0.7, duration_distribution::lognormal(1.0, 4.0));
    CHECK(conditional_mean_response(heavy, 0.1) == Approx(0.1108876063).epsilon(1e-5));
    CHECK(conditional_mean_response(heavy, 1.0) == Approx(1.938052741).epsilon(1e-5));
    CHECK(conditional_mean_response(heavy, 5.0) == Approx(17.82069684).epsilon(1e-5));
    CHECK(mean_response(heavy) == Approx(2.70744344).epsilon(1e-5));
}

TEST_CASE("mg1_las: limits, overload and bad input", "[queues][mg1_las]") {
    const offload::mg1_las idle(0.0, duration_distribution::lognormal(2.0, 1.0));
    CHECK(conditional_mean_response(idle, 3.0) == Approx(3.0));
    CHECK(mean_response(idle) == Approx(2.0).epsilon(1e-5));
    CHECK(conditional_mean_response(idle, 0.0) == 0.0);
    // overloaded: small jobs still finish (rho_x < 1), the mean does not
    const offload::mg1_las over(1.5, duration_distribution::exponential(1.0));
    CHECK_FALSE(is_stable(over));
    CHECK(std::isfinite(conditional_mean_response(over, 0.2)));
    CHECK(conditional_mean_response(over, 50.0) == std::numeric_limits<double>::infinity());
    CHECK(mean_response(over) == std::numeric_limits<double>::infinity());
    CHECK_THROWS_WITH(conditional_mean_response(idle, std::nan("")),
                      Catch::Contains("parameter 'x' = nan is invalid: must be >= 0"));
    CHECK_THROWS_WITH(offload::mg1_las(-1.0, duration_distribution::exponential(1.0)),
                      "offload: offload::mg1_las: parameter 'arrival_rate' = -1 is invalid: must be finite and >= 0");
    // Pareto with infinite variance: LAS stays finite
    const offload::mg1_las pareto(0.5, duration_distribution::pareto(1.0, 1.5));
    CHECK(std::isfinite(mean_response(pareto)));
}
