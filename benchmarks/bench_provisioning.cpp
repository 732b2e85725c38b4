// bench_provisioning — cost of the model-provisioning planner (offload/planning/provisioning.hpp) on Table 6.1
// instances: the exact branch and bound at the seed's default size (25 requests x 10 nodes x 4 models, seeds
// 1..10 in turn), the fast heuristic (greedy + iterative search + improvement + Lagrangian bound) and greedy
// alone at 10,000 x 100 x 50, the evaluator, and a bare reference: each request's cheapest node over flat
// arrays (the unconstrained bound the solvers start from); queueing-aware dispatch (routing solve, evaluator,
// bare P-K loop) at 20 streams x 10 nodes. Results: docs/performance.md.
#include <cstddef>
#include <string>
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

// Queueing-aware dispatch (queueing_dispatch.hpp): 20 streams x 10 nodes x 4 models, every model on every node,
// load 0.7 of the nodes' capacity. The routing solve (both phases, KKT residual <= 1e-9 L), the evaluator, and a
// bare reference: the P-K mean latency of the solved routing over flat arrays (what one evaluation computes).
namespace {
queueing_dispatch_problem dispatch_20x10() {
    std::vector<provisioning_model> models;
    for (std::size_t k = 0; k < 4; ++k) models.push_back({"m" + std::to_string(k), 1.0, 0.0});
    std::vector<dispatch_node> nodes;
    for (std::size_t j = 0; j < 10; ++j) nodes.push_back({"n" + std::to_string(j), 4.0, {0, 1, 2, 3}});
    std::vector<dispatch_stream> streams;
    double work = 0.0;
    for (std::size_t s = 0; s < 20; ++s) {
        dispatch_stream r{s % 4, 1.0, {}, {}, 1.0};
        for (std::size_t j = 0; j < 10; ++j) {
            r.round_trip_time.push_back(0.002 * static_cast<double>((s * 7 + j * 3) % 11));
            r.service_time.push_back(0.01 + 0.002 * static_cast<double>((s * 5 + j * 13) % 17));
            work += r.service_time.back() / 10.0;
        }
        streams.push_back(r);
    }
    for (auto& r : streams) r.arrival_rate = 0.7 * 10.0 / work;
    return queueing_dispatch_problem(models, nodes, streams);
}
const std::vector<std::vector<std::size_t>> all_placed(10, {0, 1, 2, 3});
} // namespace

static void dispatch_route_20x10(benchmark::State& state) {
    const queueing_dispatch_problem p = dispatch_20x10();
    for (auto _ : state) benchmark::DoNotOptimize(route_queueing_dispatch(p, all_placed));
}
BENCHMARK(dispatch_route_20x10)->Unit(benchmark::kMillisecond);

static void dispatch_evaluate_20x10(benchmark::State& state) {
    const queueing_dispatch_problem p = dispatch_20x10();
    const queueing_dispatch_plan x = route_queueing_dispatch(p, all_placed).plan;
    for (auto _ : state) benchmark::DoNotOptimize(evaluate_queueing_dispatch(p, x));
}
BENCHMARK(dispatch_evaluate_20x10)->Unit(benchmark::kMicrosecond);

static void dispatch_pk_bare_loop(benchmark::State& state) {
    const queueing_dispatch_problem p = dispatch_20x10();
    const queueing_dispatch_plan x = route_queueing_dispatch(p, all_placed).plan;
    for (auto _ : state) {
        double lam[10] = {};
        double rho[10] = {};
        double b[10] = {};
        double direct = 0.0;
        for (std::size_t s = 0; s < 20; ++s) {
            const dispatch_stream& r = p.stream(s);
            for (std::size_t j = 0; j < 10; ++j) {
                const double v = x.routing[s][j] * r.arrival_rate;
                lam[j] += v;
                rho[j] += v * r.service_time[j];
                b[j] += v * r.service_time[j] * r.service_time[j] * (1.0 + r.service_scv);
                direct += v * (r.round_trip_time[j] + r.service_time[j]);
            }
        }
        double wait = 0.0;
        for (std::size_t j = 0; j < 10; ++j) wait += lam[j] * b[j] / (2.0 * (1.0 - rho[j]));
        benchmark::DoNotOptimize((direct + wait) / p.total_arrival_rate());
    }
}
BENCHMARK(dispatch_pk_bare_loop)->Unit(benchmark::kMicrosecond);

// The memory Lagrangian alone at 10,000 x 100 x 50 (part of fast_10000x100x50 above), at lambda = 0 and the
// heuristic's objective as the Polyak target.
static void memory_bound_10000x100x50(benchmark::State& state) {
    const provisioning_problem p = large();
    provisioning_bound_options o;
    o.upper_bound = solve_provisioning_fast(p).objective;
    const std::vector<double> zero(p.node_count(), 0.0);
    double value = 0.0;
    for (auto _ : state) {
        value = provisioning_memory_bound(p, zero, o);
        benchmark::DoNotOptimize(value);
    }
    state.counters["lower_bound"] = value;
}
BENCHMARK(memory_bound_10000x100x50)->Unit(benchmark::kMillisecond);

// The same 20 x 10 instance with 4-server nodes (every service time x 4, so the load per server is 0.7): the
// M/M/c-based waits (Erlang B recursion per marginal) against the single-server routing solve above.
static void dispatch_route_20x10_four_servers(benchmark::State& state) {
    const queueing_dispatch_problem one = dispatch_20x10();
    std::vector<dispatch_node> nodes = one.nodes();
    for (auto& n : nodes) n.servers = 4;
    std::vector<dispatch_stream> streams = one.streams();
    for (auto& s : streams)
        for (double& t : s.service_time) t *= 4.0;
    const queueing_dispatch_problem p(one.models(), nodes, streams);
    for (auto _ : state) benchmark::DoNotOptimize(route_queueing_dispatch(p, all_placed));
}
BENCHMARK(dispatch_route_20x10_four_servers)->Unit(benchmark::kMillisecond);

// solve_queueing_dispatch (greedy addition, drop/swap local search, two relaxation-guided starts, lower bound)
// on the same 20 x 10 x 4 instance with room for two models per node and nothing hosted.
static void dispatch_solve_20x10(benchmark::State& state) {
    const queueing_dispatch_problem one = dispatch_20x10();
    std::vector<dispatch_node> nodes = one.nodes();
    for (auto& n : nodes) {
        n.hosted.clear();
        n.memory = 2.0;
    }
    const queueing_dispatch_problem p(one.models(), nodes, one.streams());
    queueing_dispatch_result r;
    for (auto _ : state) {
        r = solve_queueing_dispatch(p);
        benchmark::ClobberMemory(); // not DoNotOptimize(double&): with GCC 12 and benchmark 1.7 it garbled the value
    }
    state.counters["mean_latency_ms"] = 1e3 * r.evaluation.mean_latency;
    state.counters["gap_percent"] = 100.0 * (r.evaluation.mean_latency / r.lower_bound - 1.0);
    state.counters["local_moves"] = static_cast<double>(r.local_moves);
}
BENCHMARK(dispatch_solve_20x10)->Unit(benchmark::kMillisecond);
