// bench_ml_scheduler — throughput of the ML-job cluster simulator (offload/planning/ml_jobs/cluster_scheduler.hpp):
// jobs simulated per second for each policy on 2 x 8 + 2 x 4 GPUs, 1/2/4/8-GPU jobs, lognormal durations (mean
// 1 h, scv 4) at offered GPU load 0.7, and a bare reference: the same trace through a plain FCFS single-queue
// loop (one 1-GPU worker, no gang, no policy machinery). Results: docs/performance.md.
#include <algorithm>
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/planning/ml_jobs/cluster_scheduler.hpp"

using namespace offload::planning;

namespace {

const std::vector<ml_worker> pool{{8, 1.0}, {8, 1.0}, {4, 1.0}, {4, 1.0}};

std::vector<ml_job> trace(std::size_t n) {
    ml_workload w{1.0, duration_distribution::lognormal(3600.0, 4.0), {{1, 0.5}, {2, 0.25}, {4, 0.15}, {8, 0.1}}};
    w.arrival_rate = 0.7 * 24.0 / (mean_gpus(w) * 3600.0);
    return generate_jobs(w, n, 1);
}

void simulate(benchmark::State& state, scheduling_policy policy) {
    const ml_cluster_problem p(pool, trace(static_cast<std::size_t>(state.range(0))));
    scheduler_options o;
    o.policy = policy;
    o.restore_time = 30.0;
    o.las_quantum = 360.0;
    o.starvation_wait = 8.0 * 3600.0;
    for (auto _ : state) benchmark::DoNotOptimize(simulate_cluster(p, o).events);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

} // namespace

BENCHMARK_CAPTURE(simulate, fifo, scheduling_policy::fifo)->Arg(1000)->Arg(10000);
BENCHMARK_CAPTURE(simulate, fifo_backfill, scheduling_policy::fifo_backfill)->Arg(1000)->Arg(10000);
BENCHMARK_CAPTURE(simulate, srsf, scheduling_policy::srsf)->Arg(1000)->Arg(10000);
BENCHMARK_CAPTURE(simulate, las, scheduling_policy::las)->Arg(1000)->Arg(10000);
BENCHMARK_CAPTURE(simulate, las_2d, scheduling_policy::las_2d)->Arg(1000)->Arg(10000);
BENCHMARK_CAPTURE(simulate, st_las, scheduling_policy::st_las)->Arg(1000)->Arg(10000);

// bare reference: Lindley's recursion for one FCFS server over the same arrivals and durations
static void fcfs_lindley_bare_loop(benchmark::State& state) {
    const std::vector<ml_job> jobs = trace(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        double free_at = 0.0, total = 0.0;
        for (const ml_job& j : jobs) {
            free_at = std::max(free_at, j.arrival_time) + j.duration;
            total += free_at - j.arrival_time;
        }
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(fcfs_lindley_bare_loop)->Arg(1000)->Arg(10000);
