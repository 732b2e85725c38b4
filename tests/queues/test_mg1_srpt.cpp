// Tests for offload/queues/mg1_srpt.hpp: Schrage & Miller's conditional response time against independent
// quadrature (scipy: nested quad for T(x), a 2e6-point cumulative trapezoid for the mean).
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/jobs.hpp"
#include "offload/queues/mg1_fcfs.hpp"
#include "offload/queues/mg1_las.hpp"
#include "offload/queues/mg1_srpt.hpp"

using offload::planning::duration_distribution;

TEST_CASE("mg1_srpt: conditional and mean response against scipy quadrature", "[queues][mg1_srpt]") {
    const offload::mg1_srpt q(0.7, duration_distribution::exponential(1.0));
    CHECK(conditional_mean_response(q, 0.1) == Approx(0.1034079721).epsilon(1e-6));
    CHECK(conditional_mean_response(q, 1.0) == Approx(1.360909934).epsilon(1e-6));
    CHECK(conditional_mean_response(q, 3.0) == Approx(7.436237331).epsilon(1e-6));
    CHECK(mean_response(q) == Approx(1.874566690).epsilon(1e-5));

    const offload::mg1_srpt heavy(0.7, duration_distribution::lognormal(1.0, 4.0));
    CHECK(conditional_mean_response(heavy, 0.1) == Approx(0.103442538).epsilon(1e-5));
    CHECK(conditional_mean_response(heavy, 1.0) == Approx(1.309626847).epsilon(1e-5));
    CHECK(conditional_mean_response(heavy, 5.0) == Approx(10.87023472).epsilon(1e-5));
    CHECK(mean_response(heavy) == Approx(1.802014910).epsilon(1e-4));
}

TEST_CASE("mg1_srpt: SRPT is below LAS and FCFS in the mean; limits and bad input", "[queues][mg1_srpt]") {
    for (const auto& d : {duration_distribution::exponential(1.0), duration_distribution::lognormal(1.0, 9.0),
                          duration_distribution::pareto(1.0, 2.5)}) {
        for (double lambda : {0.3, 0.8, 0.95}) {
            const double srpt = mean_response(offload::mg1_srpt(lambda, d));
            CHECK(srpt < mean_response(offload::mg1_las(lambda, d)));
            CHECK(srpt < mean_response(offload::mg1_fcfs(lambda, d)));
        }
    }
    const offload::mg1_srpt idle(0.0, duration_distribution::exponential(1.0));
    CHECK(conditional_mean_response(idle, 2.5) == Approx(2.5));
    CHECK(mean_response(offload::mg1_srpt(1.0, duration_distribution::exponential(1.0))) ==
          std::numeric_limits<double>::infinity());
    CHECK_THROWS_WITH(conditional_mean_response(idle, -1.0), Catch::Contains("parameter 'x' = -1"));
}
