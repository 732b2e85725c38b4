// Tests for offload/planning/ml_jobs/cluster_scheduler.hpp on hand-made traces: who runs when, where, who is preempted.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/cluster_scheduler.hpp"

using namespace offload::planning;

namespace {
cluster_run run(const std::vector<ml_worker>& workers, const std::vector<ml_job>& jobs, scheduler_options o,
                bool spread = false) {
    o.record_intervals = true;
    return simulate_cluster(ml_cluster_problem(workers, jobs, spread), o);
}
scheduler_options with(scheduling_policy p) {
    scheduler_options o;
    o.policy = p;
    return o;
}
/// the run intervals of job i as (start, end) pairs in time order
std::vector<std::pair<double, double>> intervals_of(const cluster_run& r, std::size_t i) {
    std::vector<std::pair<double, double>> out;
    for (const ml_run_interval& v : r.intervals)
        if (v.job == i) out.emplace_back(v.start, v.end);
    std::sort(out.begin(), out.end());
    return out;
}
using spans = std::vector<std::pair<double, double>>;
} // namespace

TEST_CASE("FIFO: strict head-of-line blocking vs first-fit backfilling", "[planning][cluster_scheduler]") {
    const std::vector<ml_job> jobs{{0.0, 3, 10.0}, {1.0, 4, 5.0}, {2.0, 1, 2.0}};
    const cluster_run strict = run({{4, 1.0}}, jobs, with(scheduling_policy::fifo));
    CHECK(strict.jobs[0].completion == 10.0);
    CHECK(strict.jobs[1].first_start == 10.0);
    CHECK(strict.jobs[1].completion == 15.0);
    CHECK(strict.jobs[2].first_start == 15.0); // blocked behind the 4-GPU job
    CHECK(strict.jobs[2].completion == 17.0);
    const cluster_run backfill = run({{4, 1.0}}, jobs, with(scheduling_policy::fifo_backfill));
    CHECK(backfill.jobs[2].first_start == 2.0); // uses the idle GPU at once
    CHECK(backfill.jobs[2].completion == 4.0);
    CHECK(backfill.jobs[1].completion == 15.0);
    for (const ml_job_outcome& o : backfill.jobs) CHECK(o.preemptions == 0);
    const cluster_metrics m = summarize(ml_cluster_problem({{4, 1.0}}, jobs), backfill);
    CHECK(m.mean_jct == Approx((10.0 + 14.0 + 2.0) / 3.0));
    CHECK(m.median_jct == 10.0);
    CHECK(m.longest_wait == 9.0);
    CHECK(m.gpu_utilization == Approx((30.0 + 20.0 + 2.0) / (4.0 * 15.0)));
}

TEST_CASE("SRSF preempts for the shortest remaining service; restore time is paid on resumption",
          "[planning][cluster_scheduler]") {
    scheduler_options o = with(scheduling_policy::srsf);
    o.restore_time = 0.5;
    const cluster_run r = run({{1, 1.0}}, {{0.0, 1, 10.0}, {1.0, 1, 2.0}}, o);
    CHECK(intervals_of(r, 0) == spans{{0.0, 1.0}, {3.0, 12.5}});
    CHECK(intervals_of(r, 1) == spans{{1.0, 3.0}});
    CHECK(r.jobs[0].preemptions == 1);
    CHECK(r.jobs[0].completion == 12.5);
    CHECK(r.jobs[0].waiting == 2.0);
    CHECK(r.busy_gpu_seconds == Approx(12.5));
    CHECK(r.productive_gpu_seconds == Approx(12.0));
    // the GPU x time product decides: 2 GPUs x 3 s = 6 loses against 1 GPU x 5 s = 5
    const cluster_run two = run({{2, 1.0}}, {{0.0, 2, 3.0}, {0.0, 1, 5.0}}, with(scheduling_policy::srsf));
    CHECK(two.jobs[1].first_start == 0.0);
    CHECK(two.jobs[0].first_start == 5.0);
}

TEST_CASE("LAS: a newcomer preempts; equal jobs alternate every quantum", "[planning][cluster_scheduler]") {
    scheduler_options o = with(scheduling_policy::las);
    o.las_quantum = 0.5;
    const cluster_run r = run({{1, 1.0}}, {{0.0, 1, 4.0}, {1.0, 1, 1.0}}, o);
    CHECK(intervals_of(r, 0) == spans{{0.0, 1.0}, {2.0, 5.0}});
    CHECK(intervals_of(r, 1) == spans{{1.0, 2.0}});
    o.las_quantum = 1.0;
    const cluster_run tie = run({{1, 1.0}}, {{0.0, 1, 3.0}, {0.0, 1, 3.0}}, o);
    CHECK(intervals_of(tie, 0) == spans{{0.0, 1.0}, {3.0, 5.0}});
    CHECK(intervals_of(tie, 1) == spans{{1.0, 3.0}, {5.0, 6.0}});
    CHECK(tie.jobs[0].preemptions == 1);
    CHECK(tie.jobs[1].preemptions == 1);
}

TEST_CASE("LAS counts time, 2D-LAS counts GPUs x time", "[planning][cluster_scheduler]") {
    // X: 2 GPUs from t = 0; Y: 1 GPU from t = 1.5. Both preempt X for Y at 1.5; X gets its GPUs back when Y's
    // attained service exceeds X's by the quantum: at 1.5 + 2.5 (LAS: 1.5 s) or 1.5 + 4 (2D: 3 GPU-s).
    const std::vector<ml_job> jobs{{0.0, 2, 100.0}, {1.5, 1, 100.0}};
    scheduler_options o = with(scheduling_policy::las);
    o.las_quantum = 1.0;
    const cluster_run las = run({{2, 1.0}}, jobs, o);
    CHECK(intervals_of(las, 1).front() == std::pair{1.5, 4.0});
    CHECK(intervals_of(las, 0)[1].first == 4.0);
    o.policy = scheduling_policy::las_2d;
    const cluster_run las2d = run({{2, 1.0}}, jobs, o);
    CHECK(intervals_of(las2d, 1).front() == std::pair{1.5, 5.5});
    CHECK(intervals_of(las2d, 0)[1].first == 5.5);
}

TEST_CASE("ST-LAS: demotion to Q2, FIFO inside a queue, starvation promotion to Q1", "[planning][cluster_scheduler]") {
    scheduler_options o = with(scheduling_policy::st_las);
    o.demotion_threshold = 2.0;
    const std::vector<ml_job> jobs{{0.0, 1, 5.0}, {1.0, 1, 5.0}};
    const cluster_run r = run({{1, 1.0}}, jobs, o);
    // B arrives in Q1 behind A (no preemption inside a queue); A is demoted at 2 and B takes over; B is demoted
    // at 4, and in Q2 the earlier arrival A goes first.
    CHECK(intervals_of(r, 0) == spans{{0.0, 2.0}, {4.0, 7.0}});
    CHECK(intervals_of(r, 1) == spans{{2.0, 4.0}, {7.0, 10.0}});
    o.starvation_wait = 1.0;
    const cluster_run s = run({{1, 1.0}}, jobs, o);
    // A waits in Q2 from 2; at 3 it is promoted to Q1 (its 2D service counter reset) and, the earlier arrival in
    // Q1, preempts B
    CHECK(intervals_of(s, 0) == spans{{0.0, 2.0}, {3.0, 5.0}, {6.0, 7.0}});
    CHECK(intervals_of(s, 1) == spans{{2.0, 3.0}, {5.0, 6.0}, {7.0, 10.0}});
    CHECK(s.jobs[0].preemptions == 2);
    CHECK(s.jobs[1].preemptions == 2);
    CHECK(summarize(ml_cluster_problem({{1, 1.0}}, jobs), s).longest_wait == 2.0); // B, from 3 to 5
}

TEST_CASE("Placement: least-loaded worker, consolidation, spreading with a slowdown, worker speed",
          "[planning][cluster_scheduler]") {
    const std::vector<ml_worker> workers{{2, 1.0}, {2, 1.0}};
    const std::vector<ml_job> jobs{{0.0, 1, 10.0}, {0.0, 1, 10.0}, {1.0, 2, 3.0}};
    const cluster_run cons = run(workers, jobs, with(scheduling_policy::fifo_backfill));
    CHECK(cons.intervals.size() == 3);
    CHECK(intervals_of(cons, 2) == spans{{10.0, 13.0}});
    for (const ml_run_interval& v : cons.intervals)
        if (v.job < 2) CHECK(v.worker == v.job); // the second job goes to the emptier worker
    scheduler_options o = with(scheduling_policy::fifo_backfill);
    o.placement = placement_rule::consolidate_then_spread;
    o.spread_slowdown = 1.5;
    const cluster_run spread = run(workers, jobs, o, true);
    CHECK(spread.jobs[2].first_start == 1.0);
    CHECK(spread.jobs[2].completion == Approx(5.5));
    CHECK(spread.jobs[2].spread);
    CHECK_FALSE(spread.jobs[0].spread);
    const cluster_run fast = run({{1, 1.0}, {1, 2.0}}, {{0.0, 1, 4.0}}, with(scheduling_policy::fifo));
    CHECK(fast.jobs[0].completion == 2.0); // equally free: the faster worker
    // a 3-GPU job on 2 + 2 GPUs exists only when spreading is allowed
    CHECK_NOTHROW(ml_cluster_problem(workers, {{0.0, 3, 1.0}}, true));
    CHECK_THROWS_WITH(
        ml_cluster_problem(workers, {{0.0, 1, 1.0}, {0.0, 3, 1.0}}),
        "offload: offload::planning::ml_cluster_problem: parameter 'jobs[1].gpus' = 3 is invalid: must be "
        "<= the GPUs of the largest worker (jobs are consolidated on one worker)");
}

TEST_CASE("Preemptive policies evict the lowest priority on the chosen worker only", "[planning][cluster_scheduler]") {
    // two 1-GPU workers busy with long jobs; a short job arrives: SRSF evicts the job with the most remaining work
    const cluster_run r =
        run({{1, 1.0}, {1, 1.0}}, {{0.0, 1, 10.0}, {0.0, 1, 20.0}, {1.0, 1, 1.0}}, with(scheduling_policy::srsf));
    CHECK(r.jobs[0].preemptions == 0);
    CHECK(r.jobs[1].preemptions == 1);
    CHECK(r.jobs[2].completion == 2.0);
    CHECK(r.jobs[1].completion == 21.0);
}

TEST_CASE("ml_cluster_problem and simulate_cluster reject bad input by name", "[planning][cluster_scheduler]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<ml_worker> w{{4, 1.0}};
    CHECK_THROWS_WITH(ml_cluster_problem(w, {{0.0, 1, nan}}), Catch::Contains("parameter 'jobs[0].duration' = nan"));
    CHECK_THROWS_WITH(ml_cluster_problem(w, {{0.0, 1, 1.0}, {0.0, 1, -2.0}}),
                      Catch::Contains("'jobs[1].duration' = -2 is invalid: must be finite and > 0"));
    CHECK_THROWS_WITH(ml_cluster_problem(w, {{inf, 1, 1.0}}), Catch::Contains("'jobs[0].arrival_time' = inf"));
    CHECK_THROWS_WITH(ml_cluster_problem(w, {{-1.0, 1, 1.0}}), Catch::Contains("'jobs[0].arrival_time' = -1"));
    CHECK_THROWS_WITH(ml_cluster_problem(w, {{0.0, 0, 1.0}}), Catch::Contains("'jobs[0].gpus' = 0"));
    CHECK_THROWS_WITH(ml_cluster_problem(w, {{0.0, 5, 1.0}}, true),
                      Catch::Contains("'jobs[0].gpus' = 5 is invalid: must be <= the pool's total GPUs"));
    CHECK_THROWS_WITH(ml_cluster_problem({}, {}), Catch::Contains("'workers.size' = 0"));
    CHECK_THROWS_WITH(ml_cluster_problem({{0, 1.0}}, {}), Catch::Contains("'workers[0].gpus' = 0"));
    CHECK_THROWS_WITH(ml_cluster_problem({{1, nan}}, {}), Catch::Contains("'workers[0].speed' = nan"));
    const ml_cluster_problem p(w, {{0.0, 1, 1.0}});
    const auto bad = [&](auto change, const char* text) {
        scheduler_options o;
        change(o);
        CHECK_THROWS_WITH(simulate_cluster(p, o), Catch::Contains(text));
    };
    bad([](scheduler_options& o) { o.restore_time = -1.0; }, "'options.restore_time' = -1");
    bad([](scheduler_options& o) { o.las_quantum = 0.0; }, "'options.las_quantum' = 0");
    bad([nan](scheduler_options& o) { o.demotion_threshold = nan; }, "'options.demotion_threshold' = nan");
    bad([](scheduler_options& o) { o.starvation_wait = 0.0; }, "'options.starvation_wait' = 0");
    bad([](scheduler_options& o) { o.spread_slowdown = 0.5; }, "'options.spread_slowdown' = 0.5");
    bad([](scheduler_options& o) { o.policy = static_cast<scheduling_policy>(17); }, "'options.policy' = 17");
    // a problem built for spreading run with consolidation only
    CHECK_THROWS_WITH(simulate_cluster(ml_cluster_problem({{2, 1.0}, {2, 1.0}}, {{0.0, 1, 1.0}, {0.0, 3, 1.0}}, true),
                                       scheduler_options{}),
                      "offload: offload::planning::simulate_cluster: parameter 'jobs[1].gpus' = 3 is invalid: must be "
                      "<= the GPUs of the largest worker when options.placement is consolidate");
    // no jobs: an empty run
    const cluster_run empty = simulate_cluster(ml_cluster_problem(w, {}), scheduler_options{});
    CHECK(empty.jobs.empty());
    CHECK(summarize(ml_cluster_problem(w, {}), empty).jobs == 0);
}

TEST_CASE("Spreading may evict: the least urgent job goes, the wide job spans two workers",
          "[planning][cluster_scheduler]") {
    // SRSF keys at t = 1: C 3 x 1 = 3, B 1 x 9 = 9, A 2 x 9 = 18; C fits on no single worker and there is one idle
    // GPU, so A (least urgent) is evicted and C runs on both workers
    scheduler_options o = with(scheduling_policy::srsf);
    o.placement = placement_rule::consolidate_then_spread;
    const cluster_run r = run({{2, 1.0}, {2, 1.0}}, {{0.0, 2, 10.0}, {0.0, 1, 10.0}, {1.0, 3, 1.0}}, o, true);
    CHECK(intervals_of(r, 2) == spans{{1.0, 2.0}});
    CHECK(r.jobs[2].spread);
    CHECK(intervals_of(r, 0) == spans{{0.0, 1.0}, {2.0, 11.0}});
    CHECK(r.jobs[1].preemptions == 0);
    CHECK(r.jobs[1].completion == 10.0);
}

TEST_CASE("ST-LAS with gangs: a Q1 job evicts a demoted wide job; the freed GPU goes to the next Q1 job",
          "[planning][cluster_scheduler]") {
    scheduler_options o = with(scheduling_policy::st_las);
    o.demotion_threshold = 4.0; // GPU-s: the 2-GPU job A is demoted after 2 s
    const cluster_run r = run({{2, 1.0}}, {{0.0, 2, 10.0}, {3.0, 1, 2.0}, {4.0, 1, 1.0}}, o);
    // A runs alone until B (Q1) arrives at 3 and evicts it; A cannot run on the one idle GPU, C (Q1) takes it
    CHECK(intervals_of(r, 0) == spans{{0.0, 3.0}, {5.0, 12.0}});
    CHECK(intervals_of(r, 1) == spans{{3.0, 5.0}});
    CHECK(intervals_of(r, 2) == spans{{4.0, 5.0}});
    CHECK(r.jobs[0].preemptions == 1);
}
