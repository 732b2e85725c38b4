// bench_planning — cost of the multi-job planners (offload/planning.hpp) on random instances
// (random_planning_problem, real-valued times, releases over [0, n)): the evaluator against a bare loop over
// flat arrays, the greedy list schedule (the bare reference of the improving heuristic), the improving
// heuristic, the seed's Algorithm 2 and the exact branch and bound. Results: docs/performance.md.
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/planning.hpp"

using namespace offload::planning;

namespace {

planning_problem instance(const benchmark::State& state) {
    return random_planning_problem(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
                                   1, false, 1.0);
}

void sizes(benchmark::internal::Benchmark* b) {
    for (long n : {10, 20, 50, 100, 1000}) b->Args({n, 2});
    b->Args({1000, 10});
}

} // namespace

static void evaluate_plan(benchmark::State& state) {
    const planning_problem p = instance(state);
    const plan x = earliest_completion_plan(p);
    for (auto _ : state) benchmark::DoNotOptimize(evaluate(p, x).weighted_total_response);
}
BENCHMARK(evaluate_plan)->Apply(sizes);

// bare reference: the same sum over flat arrays in processing order, no validation, no schedule record
static void evaluate_plan_bare_loop(benchmark::State& state) {
    const planning_problem p = instance(state);
    const plan x = earliest_completion_plan(p);
    std::vector<double> ready, processing, release, weight;
    std::vector<std::size_t> server_end; // one past the last job of each server in the flat arrays
    for (std::size_t j = 0; j < p.server_count(); ++j) {
        for (std::size_t i : x.sequence[j]) {
            ready.push_back(p.job(i).release_time + p.job(i).transmission_time[j]);
            processing.push_back(p.job(i).processing_time[j]);
            release.push_back(p.job(i).release_time);
            weight.push_back(p.job(i).weight);
        }
        server_end.push_back(ready.size());
    }
    double device_part = 0.0;
    for (std::size_t i = 0; i < p.job_count(); ++i)
        if (x.machine[i] == p.device_machine()) device_part += p.job(i).weight * p.job(i).device_time;
    for (auto _ : state) {
        double total = device_part;
        std::size_t k = 0;
        for (std::size_t end : server_end) {
            double free_at = -offload::infinity;
            for (; k < end; ++k) {
                free_at = (free_at > ready[k] ? free_at : ready[k]) + processing[k];
                total += weight[k] * (free_at - release[k]);
            }
        }
        benchmark::DoNotOptimize(total);
    }
}
BENCHMARK(evaluate_plan_bare_loop)->Apply(sizes);

static void greedy_earliest_completion(benchmark::State& state) {
    const planning_problem p = instance(state);
    for (auto _ : state) benchmark::DoNotOptimize(earliest_completion_plan(p));
}
BENCHMARK(greedy_earliest_completion)->Apply(sizes);

static void improving_list_schedule(benchmark::State& state) {
    const planning_problem p = instance(state);
    for (auto _ : state) benchmark::DoNotOptimize(list_schedule_and_improve(p));
    const double greedy = evaluate(p, earliest_completion_plan(p)).weighted_total_response;
    state.counters["vs_greedy"] = evaluate(p, list_schedule_and_improve(p)).weighted_total_response / greedy;
}
BENCHMARK(improving_list_schedule)->Apply(sizes)->Unit(benchmark::kMicrosecond);

static void seed_algorithm_2_tabu(benchmark::State& state) {
    const planning_problem p = instance(state);
    for (auto _ : state) benchmark::DoNotOptimize(tabu_search(p));
    const double greedy = evaluate(p, earliest_completion_plan(p)).weighted_total_response;
    state.counters["vs_greedy"] = evaluate(p, tabu_search(p).best).weighted_total_response / greedy;
}
BENCHMARK(seed_algorithm_2_tabu)->Apply(sizes)->Unit(benchmark::kMicrosecond);

// exponential: n = 10, 15, 20 on two servers; n >= 50 does not finish (docs/planning.md)
static void exact_branch_and_bound(benchmark::State& state) {
    const planning_problem p = instance(state);
    branch_and_bound_result r;
    for (auto _ : state) benchmark::DoNotOptimize(r = solve_exact(p));
    state.counters["nodes"] = static_cast<double>(r.nodes);
    state.counters["proven"] = r.proven_optimal ? 1.0 : 0.0;
    state.counters["greedy_gap"] = evaluate(p, earliest_completion_plan(p)).weighted_total_response / r.objective - 1;
    state.counters["improved_gap"] =
        evaluate(p, list_schedule_and_improve(p)).weighted_total_response / r.objective - 1;
}
BENCHMARK(exact_branch_and_bound)->Args({10, 2})->Args({15, 2})->Args({20, 2})->Unit(benchmark::kMillisecond);

static void exact_table_vi(benchmark::State& state) {
    const planning_problem p = icu_ten_jobs();
    for (auto _ : state) benchmark::DoNotOptimize(solve_exact(p));
}
BENCHMARK(exact_table_vi)->Unit(benchmark::kMicrosecond);
