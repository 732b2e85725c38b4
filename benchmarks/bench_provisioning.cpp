// bench_provisioning — cost of the model-provisioning planner (offload/planning/provisioning.hpp) on Table 6.1
// instances: the exact branch and bound at the seed's default size (25 requests x 10 nodes x 4 models, seeds
// 1..10 in turn), the fast heuristic (greedy + iterative search + improvement + Lagrangian bound) and greedy
// alone at 10,000 x 100 x 50, the evaluator, and a bare reference: each request's cheapest node over flat
// arrays (the unconstrained bound the solvers start from). Results: docs/performance.md.
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/planning.hpp"

using namespace offload::planning;

namespace {

provisioning_problem large() {
    table_6_1_options o;
    o.requests = 10000;
    o.nodes = 100;
    o.models = 50;
    o.node_compute_low = 4e12; // the default 10-40 GFLOP scaled by 10,000 / 25 requests
    o.node_compute_high = 16e12;
    return table_6_1_problem(o, 1);
}

} // namespace

static void exact_25x10x4(benchmark::State& state) {
    std::vector<provisioning_problem> ps;
    for (unsigned seed = 1; seed <= 10; ++seed) ps.push_back(table_6_1_problem({}, seed));
    std::size_t t = 0;
    std::size_t unproven = 0;
    for (auto _ : state) {
        const provisioning_exact_result r = solve_provisioning_exact(ps[t++ % ps.size()]);
        unproven += r.proven_optimal ? 0 : 1;
        benchmark::DoNotOptimize(r.objective);
    }
    state.counters["unproven"] = static_cast<double>(unproven);
}
BENCHMARK(exact_25x10x4)->Unit(benchmark::kMillisecond);

static void fast_25x10x4(benchmark::State& state) {
    const provisioning_problem p = table_6_1_problem({}, 1);
    for (auto _ : state) benchmark::DoNotOptimize(solve_provisioning_fast(p).objective);
}
BENCHMARK(fast_25x10x4)->Unit(benchmark::kMicrosecond);

static void fast_10000x100x50(benchmark::State& state) {
    const provisioning_problem p = large();
    provisioning_heuristic_result r;
    for (auto _ : state) {
        r = solve_provisioning_fast(p);
        benchmark::DoNotOptimize(r.objective);
    }
    state.counters["objective"] = r.objective;
    state.counters["lower_bound"] = r.lower_bound;
    state.counters["gap_percent"] = 100.0 * (r.objective - r.lower_bound) / r.lower_bound;
}
BENCHMARK(fast_10000x100x50)->Unit(benchmark::kMillisecond);

static void greedy_10000x100x50(benchmark::State& state) {
    const provisioning_problem p = large();
    double objective = 0.0;
    for (auto _ : state) {
        objective = evaluate(p, provisioning_greedy(p)).objective;
        benchmark::DoNotOptimize(objective);
    }
    state.counters["objective"] = objective;
}
BENCHMARK(greedy_10000x100x50)->Unit(benchmark::kMillisecond);

static void evaluate_10000x100x50(benchmark::State& state) {
    const provisioning_problem p = large();
    const provisioning_plan x = provisioning_greedy(p);
    for (auto _ : state) benchmark::DoNotOptimize(evaluate(p, x).objective);
}
BENCHMARK(evaluate_10000x100x50)->Unit(benchmark::kMillisecond);

// bare reference: each request's cheapest node (no memory, no compute, no validation) over flat arrays
static void cheapest_node_bare_loop(benchmark::State& state) {
    const provisioning_problem p = large();
    const std::size_t s = p.node_count();
    std::vector<double> latency;
    latency.reserve(p.request_count() * s);
    for (std::size_t i = 0; i < p.request_count(); ++i)
        for (std::size_t j = 0; j < s; ++j) latency.push_back(p.latency(i, j));
    for (auto _ : state) {
        double total = 0.0;
        for (std::size_t i = 0; i < p.request_count(); ++i) {
            double best = latency[i * s];
            for (std::size_t j = 1; j < s; ++j) best = latency[i * s + j] < best ? latency[i * s + j] : best;
            total += best;
        }
        benchmark::DoNotOptimize(total);
    }
}
BENCHMARK(cheapest_node_bare_loop)->Unit(benchmark::kMillisecond);
