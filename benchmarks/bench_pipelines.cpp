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

const offload::network_link five_mbps(offload::megabits_per_second(5.0));

// closure types (not function pointers), so each pipeline is built inline in the timed loop
constexpr auto device_at = [](double lambda) {
    return offload::dnn_on_device(lambda, offload::service_demand{0.019, 0.0, 1.0});
};

constexpr auto edge_at = [](double lambda) {
    return offload::dnn_offload(lambda, offload::service_demand{0.0055, 0.0, 1.0}, five_mbps,
                                offload::payload(12000.0, 4000.0));
};

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
// eq. 1 with M/M/1 NICs and an M/D/1 edge, what mean_latency(edge_at(lambda)) computes
double bare_mean(double lambda) {
    const double b = offload::megabits_per_second(5.0), n_req = 12000.0 / b, n_res = 4000.0 / b, s = 0.0055;
    const double rho = lambda * s;
    if (lambda * n_req >= 1.0 || rho >= 1.0 || lambda * n_res >= 1.0) return HUGE_VAL;
    return n_req / (1.0 - lambda * n_req) + s + rho * s / (2.0 * (1.0 - rho)) + n_res / (1.0 - lambda * n_res);
}

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
    for (auto _ : state) benchmark::DoNotOptimize(bare_mean(r[i++ % table_size]));
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

// the crossover of the same scenario written out: D_req/(B - a) + D_res/(B - b) = K, a = lambda D_req,
// b = lambda D_res, K = T_dev - T_edge: the larger root of the quadratic (T_dev from the built device)
void BM_bandwidth_crossover_bare(benchmark::State& state) {
    const auto r = rates();
    std::array<double, table_size> t_dev{};
    for (std::size_t j = 0; j < table_size; ++j) t_dev[j] = mean_latency(device_at(r[j]));
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t j = i++ % table_size;
        const double lambda = r[j], s = 0.0055, rho = lambda * s;
        const double k = t_dev[j] - (s + rho * s / (2.0 * (1.0 - rho)));
        const double a = lambda * 12000.0, b = lambda * 4000.0;
        const double bq = k * (a + b) + 16000.0, c = k * a * b + 12000.0 * b + 4000.0 * a;
        benchmark::DoNotOptimize((bq + std::sqrt(bq * bq - 4.0 * k * c)) / (2.0 * k));
    }
}
BENCHMARK(BM_bandwidth_crossover_bare);

} // namespace
