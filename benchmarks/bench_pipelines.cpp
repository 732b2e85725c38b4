// bench_pipelines — mean-latency evaluation of the seed pipelines and one bandwidth crossover solve.
// Inputs vary per iteration (a rotating table) so nothing folds at compile time.
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/crossover.hpp"
#include "offload/pipelines.hpp"
#include "offload/pipelines/latency_inversion.hpp"

#include "bare_inversion.hpp"
#include "pipeline_fixture.hpp"

namespace {

constexpr std::size_t table_size = 64;

std::array<double, table_size> rates() {
    std::array<double, table_size> r{};
    for (std::size_t i = 0; i < table_size; ++i) r[i] = 0.5 + 0.1 * static_cast<double>(i);
    return r;
}

/// The one benchmark body: build a pipeline (or a pair) from a rotating request rate, evaluate it.
template <class Make, class Evaluate>
void rotating_rate(benchmark::State& state, Make make, Evaluate evaluate) {
    const auto r = rates();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto p = make(r[i++ % table_size]);
        benchmark::DoNotOptimize(evaluate(p));
    }
}

using offload::bench::device_at; // the seed's scenario (pipeline_fixture.hpp, shared with instruction_counts*)
using offload::bench::edge_at;

constexpr auto mean_of = [](const auto& p) { return mean_latency(p); };

void BM_on_device_mean(benchmark::State& state) { rotating_rate(state, device_at, mean_of); }
BENCHMARK(BM_on_device_mean);

void BM_edge_offload_mean(benchmark::State& state) { rotating_rate(state, edge_at, mean_of); }
BENCHMARK(BM_edge_offload_mean);

void BM_edge_offload_breakdown(benchmark::State& state) {
    rotating_rate(state, edge_at, [](const offload::dnn_offload& p) { return breakdown(p); });
}
BENCHMARK(BM_edge_offload_breakdown);

void BM_bandwidth_crossover(benchmark::State& state) {
    rotating_rate(
        state,
        [](double lambda) {
            return std::pair{device_at(lambda), edge_at(lambda)};
        },
        [](const auto& pair) {
            return offload::bandwidth_crossovers(pair.first, pair.second, offload::megabits_per_second(0.5),
                                                 offload::megabits_per_second(1000.0));
        });
}
BENCHMARK(BM_bandwidth_crossover);

void BM_offload_p99_convolution(benchmark::State& state) {
    double lambda = 1.0; // 1, 1.5, ..., 5: the convolution's cost depends on the load, so its own cycle
    for (auto _ : state) {
        // the FFT convolution explicitly (latency_quantile now inverts the transform, below)
        benchmark::DoNotOptimize(quantile(latency_distribution(edge_at(lambda)), 0.99));
        lambda = lambda < 5.0 ? lambda + 0.5 : 1.0;
    }
}
BENCHMARK(BM_offload_p99_convolution)->Unit(benchmark::kMillisecond);

// ---- p99 by transform inversion (pipelines/latency_inversion.hpp) and its bare reference --------------------

void BM_offload_p99_inversion(benchmark::State& state) {
    double lambda = 1.0; // the same cycle as BM_offload_p99_convolution
    for (auto _ : state) {
        benchmark::DoNotOptimize(latency_quantile(edge_at(lambda), 0.99));
        lambda = lambda < 5.0 ? lambda + 0.5 : 1.0;
    }
}
BENCHMARK(BM_offload_p99_inversion)->Unit(benchmark::kMicrosecond);

void BM_offload_p99_inversion_bare(benchmark::State& state) {
    double lambda = 1.0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(offload::bench::bare_p99(lambda, 0.0055,
                                                          offload::megabits_per_second(5.0) / 12000.0 - lambda,
                                                          offload::megabits_per_second(5.0) / 4000.0 - lambda));
        lambda = lambda < 5.0 ? lambda + 0.5 : 1.0;
    }
}
BENCHMARK(BM_offload_p99_inversion_bare)->Unit(benchmark::kMicrosecond);

// issue 12 items 3 and 5: evaluation of BUILT pipelines (validation happens at construction) against the same
// math written out, and the bandwidth crossover solved directly against the scan and the bare quadratic.
template <class Evaluate>
void built_table(benchmark::State& state, Evaluate evaluate) {
    const auto r = rates();
    std::vector<std::pair<offload::dnn_on_device, offload::dnn_offload>> built;
    for (const double lambda : r) built.emplace_back(device_at(lambda), edge_at(lambda));
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(evaluate(built[i++ % table_size]));
}

void BM_edge_offload_mean_built(benchmark::State& state) {
    built_table(state, [](const auto& pair) { return mean_latency(pair.second); });
}
BENCHMARK(BM_edge_offload_mean_built);

void BM_edge_offload_mean_bare(benchmark::State& state) {
    const auto r = rates();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(offload::bench::bare_mean(r[i++ % table_size]));
}
BENCHMARK(BM_edge_offload_mean_bare);

const double crossover_lo = offload::megabits_per_second(0.5), crossover_hi = offload::megabits_per_second(1000.0);

void BM_bandwidth_crossover_direct_built(benchmark::State& state) {
    built_table(state, [](const auto& pair) {
        return offload::bandwidth_crossovers(pair.first, pair.second, crossover_lo, crossover_hi).points[0];
    });
}
BENCHMARK(BM_bandwidth_crossover_direct_built);

void BM_bandwidth_crossover_scan_built(benchmark::State& state) {
    offload::crossover_options o = offload::log_grid();
    o.method = offload::crossover_method::scan;
    built_table(state, [&o](const auto& pair) {
        return offload::bandwidth_crossovers(pair.first, pair.second, crossover_lo, crossover_hi, o).points[0];
    });
}
BENCHMARK(BM_bandwidth_crossover_scan_built)->Unit(benchmark::kMicrosecond);

// the crossover of the same scenario written out (pipeline_fixture.hpp: the larger root of the quadratic; T_dev
// from the built device)
void BM_bandwidth_crossover_bare(benchmark::State& state) {
    const auto r = rates();
    std::array<double, table_size> t_dev{};
    for (std::size_t j = 0; j < table_size; ++j) t_dev[j] = mean_latency(device_at(r[j]));
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t j = i++ % table_size;
        benchmark::DoNotOptimize(offload::bench::bare_bandwidth_crossover(t_dev[j], r[j]));
    }
}
BENCHMARK(BM_bandwidth_crossover_bare);

// issue 12 item 3: the arrival-rate crossover (both sides vary: up to 4 poles) of bare_crossover.hpp's scenario,
// devices s_dev = 8 ... 11 ms, rates 1 ... 1000/s: direct, the scan, and the bare reference (one bracket, no
// isolation); the tenant-count crossover, 1 ... 100 tenants, direct and by evaluating every integer.
template <class Evaluate>
void rate_table(benchmark::State& state, Evaluate evaluate) {
    std::vector<offload::dnn_on_device> devices;
    for (std::size_t j = 0; j < 16; ++j)
        devices.push_back(offload::bench::rate_device(0.008 + 0.0002 * static_cast<double>(j)));
    const offload::dnn_offload edge = offload::bench::rate_offload();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(evaluate(devices[i++ % 16], edge));
}

void BM_rate_crossover_direct_built(benchmark::State& state) {
    rate_table(state, [](const auto& device, const auto& edge) {
        return offload::arrival_rate_crossovers(device, edge, 1.0, 1000.0).points[0];
    });
}
BENCHMARK(BM_rate_crossover_direct_built);

void BM_rate_crossover_scan_built(benchmark::State& state) {
    offload::crossover_options o = offload::log_grid();
    o.method = offload::crossover_method::scan;
    rate_table(state, [&o](const auto& device, const auto& edge) {
        return offload::arrival_rate_crossovers(device, edge, 1.0, 1000.0, o).points[0];
    });
}
BENCHMARK(BM_rate_crossover_scan_built)->Unit(benchmark::kMicrosecond);

void BM_rate_crossover_bare(benchmark::State& state) {
    std::size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            offload::bench::bare_rate_crossover(0.008 + 0.0002 * static_cast<double>(i++ % 16), 1.0));
}
BENCHMARK(BM_rate_crossover_bare);

template <offload::crossover_method Method>
void BM_tenant_crossover(benchmark::State& state) {
    const offload::dnn_offload shared = offload::bench::tenant_offload();
    const offload::tenant_demand co = offload::bench::co_tenant();
    const auto r = rates();
    std::vector<offload::dnn_on_device> devices;
    for (const double lambda : r) devices.push_back(device_at(lambda));
    std::size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            offload::tenant_count_crossovers(devices[i++ % table_size], shared, co, 1, 100, Method).points.size());
}
BENCHMARK(BM_tenant_crossover<offload::crossover_method::automatic>);
BENCHMARK(BM_tenant_crossover<offload::crossover_method::scan>)->Unit(benchmark::kMicrosecond);

} // namespace
