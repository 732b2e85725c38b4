// bench_pipelines — mean-latency evaluation of the seed pipelines and one bandwidth crossover solve.
// Inputs vary per iteration (a rotating table) so nothing folds at compile time.
#include <array>
#include <cstddef>

#include <benchmark/benchmark.h>

#include "offload/crossover.hpp"
#include "offload/pipelines.hpp"

namespace {

constexpr std::size_t table_size = 64;

std::array<double, table_size> rates() {
    std::array<double, table_size> r{};
    for (std::size_t i = 0; i < table_size; ++i) r[i] = 0.5 + 0.1 * static_cast<double>(i);
    return r;
}

void BM_on_device_mean(benchmark::State& state) {
    const auto r = rates();
    std::size_t i = 0;
    for (auto _ : state) {
        const offload::dnn_on_device p(r[i++ % table_size], offload::service_demand{0.019, 0.0, 1.0});
        benchmark::DoNotOptimize(mean_latency(p));
    }
}
BENCHMARK(BM_on_device_mean);

void BM_edge_offload_mean(benchmark::State& state) {
    const auto r = rates();
    const offload::network_link link(offload::megabits_per_second(5.0));
    std::size_t i = 0;
    for (auto _ : state) {
        const offload::dnn_offload p(r[i++ % table_size], offload::service_demand{0.0055, 0.0, 1.0}, link,
                                     offload::payload(12000.0, 4000.0));
        benchmark::DoNotOptimize(mean_latency(p));
    }
}
BENCHMARK(BM_edge_offload_mean);

void BM_edge_offload_breakdown(benchmark::State& state) {
    const auto r = rates();
    const offload::network_link link(offload::megabits_per_second(5.0));
    std::size_t i = 0;
    for (auto _ : state) {
        const offload::dnn_offload p(r[i++ % table_size], offload::service_demand{0.0055, 0.0, 1.0}, link,
                                     offload::payload(12000.0, 4000.0));
        benchmark::DoNotOptimize(breakdown(p));
    }
}
BENCHMARK(BM_edge_offload_breakdown);

void BM_bandwidth_crossover(benchmark::State& state) {
    const auto r = rates();
    const offload::network_link link(offload::megabits_per_second(5.0));
    std::size_t i = 0;
    for (auto _ : state) {
        const double lambda = r[i++ % table_size];
        const offload::dnn_on_device device(lambda, offload::service_demand{0.019, 0.0, 1.0});
        const offload::dnn_offload edge(lambda, offload::service_demand{0.0055, 0.0, 1.0}, link,
                                        offload::payload(12000.0, 4000.0));
        benchmark::DoNotOptimize(offload::bandwidth_crossovers(device, edge, offload::megabits_per_second(0.5),
                                                               offload::megabits_per_second(1000.0)));
    }
}
BENCHMARK(BM_bandwidth_crossover);

void BM_offload_p99_convolution(benchmark::State& state) {
    const offload::network_link link(offload::megabits_per_second(5.0));
    double lambda = 1.0;
    for (auto _ : state) {
        const offload::dnn_offload p(lambda, offload::service_demand{0.0055, 0.0, 1.0}, link,
                                     offload::payload(12000.0, 4000.0));
        benchmark::DoNotOptimize(latency_quantile(p, 0.99));
        lambda = lambda < 5.0 ? lambda + 0.5 : 1.0;
    }
}
BENCHMARK(BM_offload_p99_convolution)->Unit(benchmark::kMillisecond);

} // namespace
