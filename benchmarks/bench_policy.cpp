// bench_policy — the per-request cost of offload::offload_policy::decide() for a device + 4 edges + a cloud
// (6 options), with 1 and 2 threads, next to a bare reference of the same rule (policy_fixture.hpp), and the cost
// of a measurement update (which recomputes the predictions it changes) and of a rate change (all of them).
// Allocations are counted by replacing the global operator new in this translation unit: the "allocs"
// counter is allocations per decide() call (expected 0).
// Run: ./bench_policy --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include <cstdint>
#include <cstdlib>
#include <new>

#include <benchmark/benchmark.h>

#include "offload/policy.hpp"

#include "policy_fixture.hpp"

namespace {
thread_local long long allocations = 0; // per thread: counts only what the measuring thread allocates
}

// The replacements pair malloc with free; g++ 12 flags free() inlined into code that used `new`
// (-Wmismatched-new-delete) although replaced global operators are exactly that pairing.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using offload::bench::six_options;

offload::offload_policy& shared_policy() {
    static offload::offload_policy policy(six_options(true));
    return policy;
}

void BM_decide(benchmark::State& state) {
    offload::offload_policy& policy = shared_policy();
    double t = 1.0 + state.thread_index();
    const long long before = allocations;
    for (auto _ : state) {
        const offload::policy_decision d = policy.decide(t);
        benchmark::DoNotOptimize(d);
        t += 1e-6;
    }
    state.counters["allocs"] =
        benchmark::Counter(static_cast<double>(allocations - before), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_decide);
BENCHMARK(BM_decide)->Threads(2)->UseRealTime();

/// The bare reference of decide() (policy_fixture.hpp): seqlock read of 6 objective values, argmin,
/// hysteresis and dwell, the same state word and compare-and-swap.
void BM_decide_bare_reference(benchmark::State& state) {
    static offload::bench::bare_decider bare;
    if (state.thread_index() == 0) bare.publish({0.021, 0.012, 0.013, 0.014, 0.015, 0.030});
    std::uint64_t t = 1000000 + 1000000 * static_cast<std::uint64_t>(state.thread_index());
    for (auto _ : state) {
        benchmark::DoNotOptimize(bare.decide(t, 0.05, 500000));
        ++t;
    }
}
BENCHMARK(BM_decide_bare_reference);
BENCHMARK(BM_decide_bare_reference)->Threads(2)->UseRealTime();

/// decide() while another thread feeds bandwidth samples (readers retry while a publication is in flight).
void BM_decide_with_writer(benchmark::State& state) {
    static offload::offload_policy policy(six_options(false));
    if (state.thread_index() == 0) {
        double t = 1.0;
        int i = 0;
        for (auto _ : state) {
            policy.observe_transfer(0, t, 6500.0, 6500.0 / offload::megabits_per_second(i++ % 2 ? 10.0 : 12.0));
            t += 1e-6;
        }
    } else {
        double t = 1.0;
        for (auto _ : state) {
            benchmark::DoNotOptimize(policy.decide(t));
            t += 1e-6;
        }
    }
}
BENCHMARK(BM_decide_with_writer)->Threads(2)->UseRealTime();

/// One bandwidth sample of edge 0: estimator update + re-evaluation of the one option it changes (the other five
/// keep their predictions; tails: p95/p99 by transform inversion, started from the previous tails).
void BM_measurement_update(benchmark::State& state) {
    offload::offload_policy policy(six_options(state.range(0) != 0));
    double t = 1.0;
    int i = 0;
    for (auto _ : state) {
        policy.observe_transfer(0, t, 6500.0, 6500.0 / offload::megabits_per_second(i++ % 2 ? 10.0 : 12.0));
        t += 1e-3;
    }
    state.SetLabel(state.range(0) ? "means + p95/p99/deadline tails" : "means only");
}
BENCHMARK(BM_measurement_update)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// A request timestamp that moves the arrival-rate estimate: every option is re-evaluated (5 paths inverted,
/// p95 and p99 each, plus the device's exact M/D/1 tails): the worst case of an update.
/// Argument: the edges' service scv in hundredths (10: Erlang shape 10; 11: a non-integer shape).
void BM_rate_update_all_options(benchmark::State& state) {
    offload::offload_policy policy(
        offload::bench::six_options_rate_driven(static_cast<double>(state.range(0)) / 100.0));
    double t = 1.0;
    int i = 0;
    for (auto _ : state) {
        policy.observe_request(t);
        t += i++ % 2 ? 0.2 : 0.19;
    }
    state.counters["recomputations"] =
        benchmark::Counter(static_cast<double>(policy.recomputations()), benchmark::Counter::kAvgIterations);
    state.SetLabel(state.range(0) == 10 ? "means + p95/p99 tails, all 6 options, edge scv 0.1 (Erlang 10)"
                                        : "means + p95/p99 tails, all 6 options, edge scv 0.11 (non-integer shape)");
}
BENCHMARK(BM_rate_update_all_options)->Arg(10)->Arg(11)->Unit(benchmark::kMicrosecond);

/// A request timestamp that does not move the rate estimate (no recomputation): the common case.
void BM_observe_request(benchmark::State& state) {
    offload::policy_description d = six_options(true);
    d.options.rate_tolerance = 1e9;
    d.options.recompute_interval = 1e9;
    offload::offload_policy policy(d);
    double t = 0.0;
    for (auto _ : state) {
        policy.observe_request(t);
        t += 0.1;
    }
}
BENCHMARK(BM_observe_request);

} // namespace
