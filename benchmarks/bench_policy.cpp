// bench_policy — the per-request cost of offload::offload_policy::decide() for a device + 4 edges + a cloud
// (6 options), with 1 and 2 threads, and the cost of a measurement update (which recomputes the predictions).
// Allocations are counted by replacing the global operator new in this translation unit: the "allocs"
// counter is allocations per decide() call (expected 0).
// Run: ./bench_policy --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include <cstdlib>
#include <new>

#include <benchmark/benchmark.h>

#include "offload/policy.hpp"

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

offload::policy_description six_options(bool tails) {
    using namespace offload;
    policy_description d;
    d.device = service_demand{0.019, 0.0, 1.0};
    for (int i = 0; i < 4; ++i) {
        policy_remote e;
        e.name = "edge";
        e.demand = service_demand{0.0055, 0.1, 1.0};
        e.bandwidth = megabits_per_second(10.0 + 5.0 * i);
        e.background_rate = 10.0 * i;
        e.background_service = 0.008;
        d.remotes.push_back(e);
    }
    policy_remote cloud;
    cloud.name = "cloud";
    cloud.kind = option_kind::cloud;
    cloud.demand = service_demand{0.002, 0.0, 4.0};
    cloud.bandwidth = megabits_per_second(50.0);
    cloud.propagation = 0.02;
    d.remotes.push_back(cloud);
    d.workload.arrival_rate = 10.0;
    d.workload.request_bytes = 6500.0;
    d.workload.result_bytes = 1000.0;
    d.options.tails = tails;
    d.options.hysteresis_margin = 0.05;
    d.options.min_dwell = 0.5;
    return d;
}

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

/// One bandwidth sample: estimator update + recomputation of all 6 options (tails: 5 convolutions).
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
