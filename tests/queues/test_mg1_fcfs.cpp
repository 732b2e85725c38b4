// Tests for offload/queues/mg1_fcfs.hpp: Pollaczek-Khinchine with the service time as a distribution.
#include <limits>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/jobs.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mg1_fcfs.hpp"

using offload::planning::duration_distribution;

TEST_CASE("mg1_fcfs: P-K mean equals the two-moment mg1 and M/M/1", "[queues][mg1_fcfs]") {
    const offload::mg1_fcfs q(0.7, duration_distribution::exponential(1.0));
    CHECK(mean_response(q) == Approx(1.0 / 0.3));
    CHECK(mean_wait(q) == Approx(0.7 / 0.3));
    CHECK(conditional_mean_response(q, 2.0) == Approx(2.0 + 0.7 / 0.3));
    const offload::mg1_fcfs heavy(0.5, duration_distribution::lognormal(2.0, 4.0));
    CHECK(mean_response(heavy) == Approx(mean_response(offload::mg1(0.5, 2.0, 4.0))));
    // Pareto alpha <= 2: infinite second moment, infinite wait
    CHECK(mean_wait(offload::mg1_fcfs(0.5, duration_distribution::pareto(1.0, 1.8))) ==
          std::numeric_limits<double>::infinity());
    CHECK(mean_response(offload::mg1_fcfs(2.0, duration_distribution::exponential(1.0))) ==
          std::numeric_limits<double>::infinity());
    CHECK(mean_wait(offload::mg1_fcfs(0.0, duration_distribution::exponential(1.0))) == 0.0);
    CHECK_THROWS_WITH(
        offload::mg1_fcfs(std::numeric_limits<double>::quiet_NaN(), duration_distribution::exponential(1.0)),
        Catch::Contains("parameter 'arrival_rate' = nan"));
}
