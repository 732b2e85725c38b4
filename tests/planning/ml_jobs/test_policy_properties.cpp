// Properties of the scheduling policies (offload/planning/ml_jobs/cluster_scheduler.hpp) that theory predicts:
//   - SRSF on one GPU with every job present at time 0 is shortest-processing-time order, which minimises the
//     sum of completion times: equal to the best of all n! orders (brute force);
//   - size-blind LAS helps exactly when sizes are variable (Righter & Shanthikumar 1989; Aalto et al.: LAS is
//     optimal among blind policies for decreasing-hazard-rate sizes): against FCFS it loses for deterministic
//     sizes, ties for exponential ones and wins for heavy-tailed ones — in the closed forms and in simulation;
//   - SRPT (the oracle) is never beaten (Schrage 1968), and LAS's T(x)/x grows with x (it favours small jobs);
//   - 2D-LAS reduces to LAS run for run with 1-GPU jobs (test_cluster_validation.cpp), and with gangs it ranks a
//     job by GPUs x time, so a wide job yields to narrow ones sooner.
#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/queues/mg1_fcfs.hpp"
#include "offload/queues/mg1_las.hpp"
#include "offload/queues/mg1_srpt.hpp"

using namespace offload::planning;

TEST_CASE("SRSF with all jobs at time 0 on one GPU is the brute-force optimum of the total JCT",
          "[planning][policy_properties]") {
    const std::vector<double> sizes{5.0, 1.5, 3.0, 0.5, 2.0, 4.0, 1.0};
    std::vector<ml_job> jobs;
    for (double d : sizes) jobs.push_back({0.0, 1, d});
    const ml_cluster_problem p({{1, 1.0}}, jobs);
    scheduler_options o;
    o.policy = scheduling_policy::srsf;
    const cluster_run r = simulate_cluster(p, o);
    double total = 0.0;
    for (const ml_job_outcome& x : r.jobs) total += x.completion;
    std::vector<std::size_t> order(sizes.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    double best = 1e300;
    do {
        double t = 0.0, sum = 0.0;
        for (std::size_t i : order) sum += (t += sizes[i]);
        best = std::min(best, sum);
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(total == Approx(best).epsilon(1e-12));
    CHECK(best == Approx(0.5 * 7 + 1.0 * 6 + 1.5 * 5 + 2.0 * 4 + 3.0 * 3 + 4.0 * 2 + 5.0)); // SPT: 47
    // FIFO in the given order is worse
    o.policy = scheduling_policy::fifo;
    double fifo = 0.0;
    for (const ml_job_outcome& x : simulate_cluster(p, o).jobs) fifo += x.completion;
    CHECK(fifo > total);
}

TEST_CASE("LAS against FCFS: it loses for deterministic sizes, ties for exponential, wins for heavy tails",
          "[planning][policy_properties]") {
    const double rho = 0.7;
    struct row {
        duration_distribution d;
        int sign; // sign of E[T_LAS] - E[T_FCFS]
    };
    const std::vector<row> rows{{duration_distribution::deterministic(1.0), +1},
                                {duration_distribution::exponential(1.0), 0},
                                {duration_distribution::lognormal(1.0, 4.0), -1},
                                {duration_distribution::pareto(1.0, 2.1), -1}};
    for (const row& x : rows) {
        const offload::mg1_las las(rho, x.d);
        const offload::mg1_fcfs fcfs(rho, x.d);
        const offload::mg1_srpt srpt(rho, x.d);
        const double t_las = mean_response(las), t_fcfs = mean_response(fcfs), t_srpt = mean_response(srpt);
        INFO("family " << static_cast<int>(x.d.kind()) << ": LAS " << t_las << ", FCFS " << t_fcfs << ", SRPT "
                       << t_srpt);
        if (x.sign > 0) {
            // every job has size 1: T_LAS = lambda / (2 (1 - rho)^2) + 1 / (1 - rho), SRPT is FCFS (P-K)
            CHECK(t_las == Approx(rho / (2.0 * 0.09) + 1.0 / 0.3).epsilon(1e-12));
            CHECK(t_srpt == Approx(t_fcfs).epsilon(1e-12));
            CHECK(t_fcfs == Approx(1.0 + rho / (2.0 * 0.3)).epsilon(1e-12));
            CHECK(t_las > 1.05 * t_fcfs);
        }
        if (x.sign == 0) CHECK(t_las == Approx(t_fcfs).epsilon(1e-4)); // both 1 / (1 - rho) = 3.333
        if (x.sign < 0) CHECK(t_las < 0.8 * t_fcfs);
        CHECK(t_srpt <= t_las * (1.0 + 1e-6));
        CHECK(t_srpt <= t_fcfs * (1.0 + 1e-6));
        // LAS favours small jobs: the slowdown T(x)/x grows with x
        double previous = 0.0;
        for (double q : {0.1, 0.5, 0.9, 0.99}) {
            const double size = quantile(x.d, q);
            const double slowdown = conditional_mean_response(las, size) / size;
            CHECK(slowdown >= previous * (1.0 - 1e-9));
            previous = slowdown;
        }
    }
    // the simulator agrees on the sign for deterministic and heavy-tailed sizes (5 x 6,000 jobs, 95 % intervals)
    const auto simulated = [&](const duration_distribution& d, scheduling_policy policy) {
        scheduler_options o;
        o.policy = policy;
        o.las_quantum = 0.05;
        replication_options r;
        r.jobs = 6000;
        r.warmup_jobs = 300;
        r.cooldown_jobs = 300;
        r.replications = 5;
        r.seed = 16;
        return replicate_cluster({{1, 1.0}}, ml_workload{rho, d, {{1, 1.0}}}, o, r).mean_jct;
    };
    for (const row& x : {rows[0], rows[2]}) {
        const metric_estimate las = simulated(x.d, scheduling_policy::las);
        const metric_estimate fcfs = simulated(x.d, scheduling_policy::fifo);
        INFO("simulated LAS " << las.value << " +- " << las.half_width << ", FCFS " << fcfs.value << " +- "
                              << fcfs.half_width);
        if (x.sign > 0)
            CHECK(las.value - las.half_width > fcfs.value + fcfs.half_width);
        else
            CHECK(las.value + las.half_width < fcfs.value - fcfs.half_width);
    }
}

TEST_CASE("2D-LAS ranks by GPUs x time: a wide job yields to a narrow newcomer sooner than under LAS",
          "[planning][policy_properties]") {
    // one 4-GPU worker; a 4-GPU job of 10 s at t = 0, a 1-GPU job of 10 s at t = 1 (quantum 2 s or GPU-s)
    const ml_cluster_problem p({{4, 1.0}}, {{0.0, 4, 10.0}, {1.0, 1, 10.0}});
    scheduler_options o;
    o.las_quantum = 2.0;
    o.record_intervals = true;
    o.policy = scheduling_policy::las;
    const cluster_run las = simulate_cluster(p, o);
    o.policy = scheduling_policy::las_2d;
    const cluster_run las2d = simulate_cluster(p, o);
    // LAS: at t = 1 the wide job leads by 1 s < the quantum and keeps its GPUs until it leads by 2 s (t = 2);
    // 2D-LAS: its 4 GPU-s already lead the newcomer's 0 by more than 2 GPU-s, so it is preempted at once
    CHECK(las2d.jobs[0].preemptions >= 1);
    CHECK(las2d.jobs[1].first_start == 1.0);
    CHECK(las.jobs[1].first_start == Approx(2.0));
    CHECK(las2d.jobs[0].completion > las.jobs[0].completion - 1e-9);
}
