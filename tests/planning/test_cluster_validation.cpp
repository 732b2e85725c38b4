// Validation of offload/planning/cluster_scheduler.hpp against queueing theory: 1-GPU jobs on one single-GPU
// worker make the policies classical M/G/1 disciplines (FIFO = FCFS, SRSF = SRPT, LAS = foreground-background),
// whose means are offload/queues/mg1_fcfs.hpp, mg1_srpt.hpp and mg1_las.hpp. 99 % Student-t intervals over 10
// replications must contain the closed form AND be narrower than a stated fraction of it (a wide interval
// contains anything). Fixed seeds: the same numbers on every run.
#include <string>

#include <catch2/catch.hpp>

#include "offload/planning/cluster_scheduler.hpp"
#include "offload/queues/mg1_fcfs.hpp"
#include "offload/queues/mg1_las.hpp"
#include "offload/queues/mg1_srpt.hpp"

using namespace offload::planning;

namespace {
metric_estimate simulated_mean_jct(const duration_distribution& d, double lambda, scheduling_policy policy,
                                   std::size_t jobs) {
    scheduler_options o;
    o.policy = policy;
    o.las_quantum = 0.05 * mean(d); // FB is the limit quantum -> 0; at 0.01 and 0.001 the means agree to 1e-4
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
