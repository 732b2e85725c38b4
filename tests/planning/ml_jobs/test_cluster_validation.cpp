// Validation of offload/planning/ml_jobs/cluster_scheduler.hpp against queueing theory: 1-GPU jobs on one single-GPU
// worker make the policies classical M/G/1 disciplines (FIFO = FCFS, SRSF = SRPT, LAS = foreground-background),
// whose means are offload/queues/mg1_fcfs.hpp, mg1_srpt.hpp and mg1_las.hpp. 99 % Student-t intervals over 10
// replications must contain the closed form AND be narrower than a stated fraction of it (a wide interval
// contains anything). Fixed seeds: the same numbers on every run.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/queues/mg1_fcfs.hpp"
#include "offload/queues/mg1_las.hpp"
#include "offload/queues/mg1_srpt.hpp"

using namespace offload::planning;

namespace {
metric_estimate simulated_mean_jct(const duration_distribution& d, double lambda, scheduling_policy policy,
                                   std::size_t jobs) {
    scheduler_options o;
    o.policy = policy;
    o.las_quantum =
        0.1 * mean(d); // FB is the limit quantum -> 0; quanta 0.1, 0.01 and 0.001 agree well inside the interval
    replication_options r;
    r.jobs = jobs;
    r.warmup_jobs = jobs / 20;
    r.cooldown_jobs = jobs / 20;
    r.replications = 10;
    r.confidence = 0.99;
    r.seed = 2026;
    return replicate_cluster({{1, 1.0}}, ml_workload{lambda, d, {{1, 1.0}}}, o, r).mean_jct;
}

void check_inside(const std::string& what, double theory, const metric_estimate& e, double max_relative_half_width) {
    INFO(what << ": theory " << theory << ", simulated " << e.value << " +- " << e.half_width << " (99 %)");
    CHECK(std::fabs(e.value - theory) <= e.half_width);
    CHECK(e.half_width <= max_relative_half_width * theory);
}
} // namespace

TEST_CASE("Single-GPU validation: FIFO is M/G/1 FCFS (Pollaczek-Khinchine)", "[planning][validation]") {
    const auto d = duration_distribution::exponential(2.0);
    check_inside("FCFS, exponential, rho 0.7", mean_response(offload::mg1_fcfs(0.35, d)),
                 simulated_mean_jct(d, 0.35, scheduling_policy::fifo, 16000), 0.10);
    const auto g = duration_distribution::lognormal(1.0, 0.5);
    check_inside("FCFS, lognormal scv 0.5, rho 0.8", mean_response(offload::mg1_fcfs(0.8, g)),
                 simulated_mean_jct(g, 0.8, scheduling_policy::fifo_backfill, 16000), 0.10);
}

TEST_CASE("Single-GPU validation: SRSF is M/G/1 SRPT (Schrage-Miller)", "[planning][validation]") {
    const auto d = duration_distribution::lognormal(1.0, 4.0);
    check_inside("SRPT, lognormal scv 4, rho 0.7", mean_response(offload::mg1_srpt(0.7, d)),
                 simulated_mean_jct(d, 0.7, scheduling_policy::srsf, 16000), 0.08);
}

TEST_CASE("Single-GPU validation: LAS is M/G/1 foreground-background (Kleinrock)", "[planning][validation]") {
    const auto d = duration_distribution::lognormal(1.0, 4.0);
    const double theory = mean_response(offload::mg1_las(0.7, d));
    check_inside("LAS, lognormal scv 4, rho 0.7", theory, simulated_mean_jct(d, 0.7, scheduling_policy::las, 16000),
                 0.10);
    // and it is not FCFS: P-K gives 6.83 here
    CHECK(mean_response(offload::mg1_fcfs(0.7, d)) > 2.0 * theory);
}

TEST_CASE("With 1-GPU jobs 2D-LAS is LAS, and ST-LAS without demotion is FIFO, run for run", "[planning][validation]") {
    const ml_cluster_problem p(
        {{1, 1.0}, {2, 1.0}},
        generate_jobs(ml_workload{1.2, duration_distribution::lognormal(1.0, 4.0), {{1, 1.0}}}, 400, 5));
    scheduler_options a;
    a.policy = scheduling_policy::las;
    a.las_quantum = 0.1;
    scheduler_options b = a;
    b.policy = scheduling_policy::las_2d;
    CHECK(simulate_cluster(p, a) == simulate_cluster(p, b));
    scheduler_options st;
    st.policy = scheduling_policy::st_las;
    st.demotion_threshold = 1e12;
    scheduler_options fifo;
    fifo.policy = scheduling_policy::fifo;
    const cluster_run r = simulate_cluster(p, st);
    CHECK(r.jobs == simulate_cluster(p, fifo).jobs);
    // and the same seed gives the same jobs
    CHECK(generate_jobs(ml_workload{}, 50, 9) == generate_jobs(ml_workload{}, 50, 9));
    CHECK_FALSE(generate_jobs(ml_workload{}, 50, 9) == generate_jobs(ml_workload{}, 50, 10));
}

TEST_CASE("Single-GPU validation: mean response conditioned on the job size (LAS and SRPT)", "[planning][validation]") {
    // E[T | a <= S < b] = int_a^b T(x) dF(x) / (F(b) - F(a)) against the simulated mean JCT of the jobs of that
    // size, 10 replications of 10,000 jobs, 99 % intervals
    const auto d = duration_distribution::lognormal(1.0, 4.0);
    const double lambda = 0.7;
    const offload::mg1_las las(lambda, d);
    const offload::mg1_srpt srpt(lambda, d);
    struct bin {
        double a, b;
    };
    const bin bins[] = {{0.1, 0.2}, {1.0, 2.0}, {4.0, 8.0}};
    const auto theory = [&](const auto& q, bin s) {
        double total = 0.0;
        constexpr int steps = 400;
        for (int k = 0; k < steps; ++k) {
            const double x0 = s.a + (s.b - s.a) * k / steps, x1 = s.a + (s.b - s.a) * (k + 1) / steps;
            total += conditional_mean_response(q, 0.5 * (x0 + x1)) * (cdf(d, x1) - cdf(d, x0));
        }
        return total / (cdf(d, s.b) - cdf(d, s.a));
    };
    for (const scheduling_policy policy : {scheduling_policy::las, scheduling_policy::srsf}) {
        scheduler_options o;
        o.policy = policy;
        o.las_quantum = 0.1;
        std::vector<std::vector<double>> per_bin(3);
        for (std::uint64_t r = 0; r < 10; ++r) {
            const ml_cluster_problem p({{1, 1.0}}, generate_jobs(ml_workload{lambda, d, {{1, 1.0}}}, 10000, 500 + r));
            const cluster_run run = simulate_cluster(p, o);
            for (std::size_t k = 0; k < 3; ++k) {
                double sum = 0.0;
                int count = 0;
                for (std::size_t i = 500; i < 9500; ++i) {
                    const ml_job& j = p.jobs()[i];
                    if (j.duration >= bins[k].a && j.duration < bins[k].b) {
                        sum += run.jobs[i].completion - j.arrival_time;
                        ++count;
                    }
                }
                per_bin[k].push_back(sum / count);
            }
        }
        for (std::size_t k = 0; k < 3; ++k) {
            double m = 0.0, ss = 0.0;
            for (double x : per_bin[k]) m += x / 10.0;
            for (double x : per_bin[k]) ss += (x - m) * (x - m);
            const metric_estimate e{m, 3.2498355 * std::sqrt(ss / 90.0)}; // t_{0.995, 9}
            const double t = policy == scheduling_policy::las ? theory(las, bins[k]) : theory(srpt, bins[k]);
            check_inside((policy == scheduling_policy::las ? "LAS, size in [" : "SRPT, size in [") +
                             std::to_string(bins[k].a) + ", " + std::to_string(bins[k].b) + ")",
                         t, e, 0.10);
        }
    }
}
