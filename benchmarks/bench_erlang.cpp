// bench_erlang — cost of the multi-server formulas: Erlang C (O(c) recursion), the exact M/D/c mean wait
// (c - 1 complex roots or a Spitzer series) and the M/D/c waiting-time distribution (roots + FFT).
#include <benchmark/benchmark.h>

#include "offload/queues/mdc.hpp"
#include "offload/queues/mmc.hpp"

static void erlang_c_servers(benchmark::State& state) {
    const int c = static_cast<int>(state.range(0));
    double load = 0.9 * c;
    for (auto _ : state) {
        benchmark::DoNotOptimize(load);
        benchmark::DoNotOptimize(offload::erlang_c(c, load));
    }
}
BENCHMARK(erlang_c_servers)->Arg(8)->Arg(300)->Arg(1000)->Arg(10000)->Arg(100000);

/// Bare reference: Erlang C by the O(c) Erlang-B recursion alone (what erlang_c did for every c before the
/// incomplete-gamma form took over at c >= 300).
static void erlang_c_recursion_bare(benchmark::State& state) {
    const int c = static_cast<int>(state.range(0));
    double load = 0.9 * c;
    for (auto _ : state) {
        benchmark::DoNotOptimize(load);
        double b = 1.0;
        for (int k = 1; k <= c; ++k) b = load * b / (static_cast<double>(k) + load * b);
        benchmark::DoNotOptimize(c * b / (c - load * (1.0 - b)));
    }
}
BENCHMARK(erlang_c_recursion_bare)->Arg(8)->Arg(300)->Arg(1000)->Arg(10000)->Arg(100000);

static void mdc_mean_wait(benchmark::State& state) {
    const int c = static_cast<int>(state.range(0));
    const double rho = static_cast<double>(state.range(1)) / 100.0;
    const offload::mdc q(rho * c, 1.0, c);
    for (auto _ : state) benchmark::DoNotOptimize(offload::mean_wait(q));
}
// rho = 0.5 takes the Spitzer route for c = 64; rho = 0.9 the roots route for both
BENCHMARK(mdc_mean_wait)->Args({4, 90})->Args({64, 90})->Args({4, 50})->Args({64, 50});

static void mdc_waiting_time_p99(benchmark::State& state) {
    const int c = static_cast<int>(state.range(0));
    const offload::mdc q(0.9 * c, 1.0, c);
    for (auto _ : state) benchmark::DoNotOptimize(offload::wait_quantile(q, 0.99));
}
BENCHMARK(mdc_waiting_time_p99)->Arg(4)->Arg(64);
