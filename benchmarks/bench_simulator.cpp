// Simulator throughput: simulated request-stages (station visits) per second, summary statistics included.
//   build/<dir>/benchmarks/bench_simulator --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "offload/simulation.hpp"

namespace sim = offload::sim;

namespace {

sim::run_options bench_options(int requests) {
    sim::run_options o;
    o.seed = 1;
    o.requests = requests;
    o.warmup_requests = requests / 10;
    o.replications = 2;
    return o;
}

void report(benchmark::State& state, std::uint64_t stages, std::uint64_t requests) {
    state.counters["stages/s"] = benchmark::Counter(static_cast<double>(stages), benchmark::Counter::kIsRate);
    state.counters["requests/s"] = benchmark::Counter(static_cast<double>(requests), benchmark::Counter::kIsRate);
}

// M/M/1 at rho = 0.8: one stage per request
void BM_simulate_mm1(benchmark::State& state) {
    const auto net = sim::single_station(sim::exponential(1.25), sim::exponential(1.0));
    const auto o = bench_options(static_cast<int>(state.range(0)));
    std::uint64_t stages = 0, requests = 0;
    for (auto _ : state) {
        const auto r = sim::simulate(net, o);
        benchmark::DoNotOptimize(r.tenants[0].latency.mean_response.value);
        stages += r.request_stages;
        requests += r.tenants[0].flow.arrivals;
    }
    report(state, stages, requests);
}
BENCHMARK(BM_simulate_mm1)->Arg(100000)->Unit(benchmark::kMillisecond);

// seed 003 Fig. 1a: device NIC (M/M/1) -> edge (deterministic service, k_edge = 2) -> edge NIC (M/M/1)
void BM_simulate_offload_pipeline(benchmark::State& state) {
    sim::offload_path p;
    p.interarrival = sim::exponential(1.0 / 30.0); // 30 requests/s
    p.uplink = sim::exponential(0.016);            // 20 kB at 10 Mbit/s
    p.edge_service = sim::deterministic(0.040);
    p.edge_servers = 2;
    p.downlink = sim::exponential(0.002);
    const auto net = sim::edge_offload(p);
    const auto o = bench_options(static_cast<int>(state.range(0)));
    std::uint64_t stages = 0, requests = 0;
    for (auto _ : state) {
        const auto r = sim::simulate(net, o);
        benchmark::DoNotOptimize(r.tenants[0].latency.mean_response.value);
        stages += r.request_stages;
        requests += r.tenants[0].flow.arrivals;
    }
    report(state, stages, requests);
}
BENCHMARK(BM_simulate_offload_pipeline)->Arg(100000)->Unit(benchmark::kMillisecond);

// the engine's sampler alone: exponential draws per second
void BM_sample_exponential(benchmark::State& state) {
    sim::xoshiro256ss g(1);
    const auto d = sim::exponential(1.0);
    for (auto _ : state) benchmark::DoNotOptimize(sample(d, g));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_sample_exponential);

} // namespace
