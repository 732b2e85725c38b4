// benchmarks/bench_flops.cpp — cost of evaluating FLOPs-based latency estimates (measure, never assert).
// A synthetic 200-layer model (a mix of every op class, roughly a MobileNet's proportions).
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/flops/calibration.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/latency_estimate.hpp"

namespace {

std::vector<offload::layer_cost> synthetic_model(std::size_t n) {
    std::vector<offload::layer_cost> layers(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& l = layers[i];
        l.kind = static_cast<offload::op_class>(i % offload::op_class_count);
        const double s = 1.0 + static_cast<double>(i % 17);
        l.macs = 1e6 * s;
        l.flops = 2e6 * s;
        l.weight_bytes = 1e4 * s;
        l.input_bytes = 2e5 * s;
        l.output_bytes = 2e5 * s;
    }
    return layers;
}

void bm_model_latency_200(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    const auto profile = offload::raspberry_pi_4b();
    for (auto _ : state) {
        double t = offload::model_latency(profile, layers);
        benchmark::DoNotOptimize(t);
    }
    state.SetItemsProcessed(state.iterations() * 200);
}
BENCHMARK(bm_model_latency_200);

void bm_split_latency_200(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    const auto device = offload::jetson_orin_nano();
    const auto edge = offload::nvidia_a2();
    for (auto _ : state) {
        auto e = offload::split_latency(device, edge, layers, 100, offload::dtype::fp16, offload::dtype::fp16);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(bm_split_latency_200);

/// Every split point of a 200-layer model, as a split-point search would evaluate them (O(n^2) sums).
void bm_all_splits_200(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    const auto device = offload::jetson_orin_nano();
    const auto edge = offload::nvidia_a2();
    for (auto _ : state) {
        double best = 1e300;
        for (std::size_t s = 0; s <= layers.size(); ++s) {
            const auto e = offload::split_latency(device, edge, layers, s, offload::dtype::fp16, offload::dtype::fp16);
            best = std::min(best, e.device_seconds + e.edge_seconds);
        }
        benchmark::DoNotOptimize(best);
    }
}
BENCHMARK(bm_all_splits_200);

void bm_hardware_profile_construct(benchmark::State& state) {
    const auto spec = offload::raspberry_pi_4b().spec();
    for (auto _ : state) {
        offload::hardware_profile p(spec);
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK(bm_hardware_profile_construct);

/// Calibration of 200 per-layer samples (NNLS with the regime search).
void bm_calibrate_200_layers(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    auto truth_spec = offload::raspberry_pi_4b().spec();
    truth_spec.compute_efficiency = offload::uniform_values(0.3);
    truth_spec.memory_efficiency = offload::uniform_values(0.6);
    truth_spec.layer_overhead = 1e-5;
    const offload::hardware_profile truth(truth_spec);
    std::vector<offload::calibration_sample> samples;
    for (const auto& l : layers) {
        const std::span<const offload::layer_cost> one(&l, 1);
        samples.push_back({one, offload::model_latency(truth, one), offload::dtype::fp32});
    }
    const auto prior = offload::raspberry_pi_4b();
    for (auto _ : state) {
        auto r = offload::calibrate(prior, samples);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_calibrate_200_layers)->Unit(benchmark::kMillisecond);

} // namespace
