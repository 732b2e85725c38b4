// Tests for offload/planning/ml_jobs/jobs.hpp: job-duration distributions and the workload generator.
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/concepts.hpp"
#include "offload/planning/ml_jobs/jobs.hpp"

using namespace offload::planning;

static_assert(offload::time_distribution<duration_distribution>);

TEST_CASE("duration_distribution: moments, cdf and quantile agree", "[planning][ml_jobs]") {
    for (const auto& d : {duration_distribution::exponential(2.0), duration_distribution::lognormal(2.0, 4.0),
                          duration_distribution::pareto(2.0, 2.5)}) {
        CHECK(mean(d) == 2.0);
        for (double p : {1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999}) CHECK(cdf(d, quantile(d, p)) == Approx(p).epsilon(1e-9));
        // the sample mean of 200,000 draws within 4 standard errors (variance finite in all three)
        offload::sim::xoshiro256ss rng(11);
        double sum = 0.0;
        constexpr int n = 200000;
        for (int i = 0; i < n; ++i) sum += sample(d, rng);
        INFO("family " << static_cast<int>(d.kind()));
        CHECK(std::fabs(sum / n - 2.0) <= 4.0 * std::sqrt(variance(d) / n));
    }
    CHECK(variance(duration_distribution::lognormal(2.0, 4.0)) == Approx(16.0));
    CHECK(variance(duration_distribution::pareto(1.0, 1.5)) == std::numeric_limits<double>::infinity());
    CHECK(variance(duration_distribution::pareto(3.0, 3.0)) == Approx(3.0));
    CHECK(quantile(duration_distribution::pareto(3.0, 3.0), 0.0) == Approx(2.0));
    CHECK(cdf(duration_distribution::pareto(3.0, 3.0), 1.9) == 0.0);
    const auto det = duration_distribution::deterministic(3.0);
    CHECK(cdf(det, 2.999) == 0.0);
    CHECK(cdf(det, 3.0) == 1.0);
    CHECK(variance(det) == 0.0);
    CHECK(quantile(duration_distribution::exponential(1.0), 0.5) == Approx(std::log(2.0)));
}

TEST_CASE("duration_distribution and generate_jobs reject bad parameters", "[planning][ml_jobs]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(duration_distribution::exponential(nan), Catch::Contains("parameter 'mean' = nan"));
    CHECK_THROWS_WITH(duration_distribution::lognormal(1.0, 0.0), Catch::Contains("parameter 'scv' = 0"));
    CHECK_THROWS_WITH(duration_distribution::pareto(1.0, 1.0),
                      "offload: offload::planning::duration_distribution: parameter 'alpha' = 1 is invalid: must be "
                      "finite and > 1");
    CHECK_THROWS_WITH(generate_jobs(ml_workload{0.0}, 5, 1), Catch::Contains("'arrival_rate' = 0"));
    ml_workload w;
    w.gpu_mix = {{1, 0.5}, {0, 0.5}};
    CHECK_THROWS_WITH(generate_jobs(w, 5, 1), Catch::Contains("'gpu_mix[1].gpus' = 0"));
    w.gpu_mix = {{1, 0.5}, {2, -0.5}};
    CHECK_THROWS_WITH(generate_jobs(w, 5, 1), Catch::Contains("'gpu_mix[1].probability' = -0.5"));
    w.gpu_mix = {};
    CHECK_THROWS_WITH(generate_jobs(w, 5, 1), Catch::Contains("'gpu_mix.size' = 0"));
}

TEST_CASE("generate_jobs: Poisson arrivals, the GPU mix, offered load", "[planning][ml_jobs]") {
    const ml_workload w{2.0, duration_distribution::lognormal(3.0, 2.0), {{1, 0.4}, {2, 0.3}, {4, 0.2}, {8, 0.1}}};
    CHECK(mean_gpus(w) == Approx(2.6));
    CHECK(offered_gpu_load(w, 26) == Approx(2.0 * 2.6 * 3.0 / 26.0));
    const std::vector<ml_job> jobs = generate_jobs(w, 20000, 3);
    int eights = 0;
    bool increasing = true;
    for (std::size_t i = 1; i < jobs.size(); ++i)
        increasing = increasing && jobs[i].arrival_time > jobs[i - 1].arrival_time;
    CHECK(increasing);
    for (const ml_job& j : jobs) eights += j.gpus == 8;
    CHECK(jobs.back().arrival_time / 20000.0 == Approx(0.5).epsilon(0.03));
    CHECK(eights / 20000.0 == Approx(0.1).epsilon(0.1));
}
