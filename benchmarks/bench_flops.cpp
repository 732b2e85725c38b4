// benchmarks/bench_flops.cpp — cost of evaluating FLOPs-based latency estimates (measure, never assert).
// A synthetic 200-layer model (a mix of every op class, roughly a MobileNet's proportions).
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/flops/calibration.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/split_points.hpp"
#include "offload/flops/zoo.hpp"

namespace {

std::vector<offload::dnn::layer_cost> synthetic_model(std::size_t n) {
    std::vector<offload::dnn::layer_cost> layers(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& l = layers[i];
        l.kind = static_cast<offload::dnn::op_class>(i % offload::dnn::op_class_count);
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
    const auto profile = offload::dnn::raspberry_pi_4b();
    for (auto _ : state) {
        double t = offload::dnn::model_latency(profile, layers);
        benchmark::DoNotOptimize(t);
    }
    state.SetItemsProcessed(state.iterations() * 200);
}
BENCHMARK(bm_model_latency_200);

void bm_split_latency_200(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    const auto device = offload::dnn::jetson_orin_nano();
    const auto edge = offload::dnn::nvidia_a2();
    for (auto _ : state) {
        auto e = offload::dnn::split_latency(device, edge, layers, 100, offload::dnn::dtype::fp16,
                                             offload::dnn::dtype::fp16);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(bm_split_latency_200);

/// Every split point of a 200-layer model, as a split-point search would evaluate them (O(n^2) sums).
void bm_all_splits_200(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    const auto device = offload::dnn::jetson_orin_nano();
    const auto edge = offload::dnn::nvidia_a2();
    for (auto _ : state) {
        double best = 1e300;
        for (std::size_t s = 0; s <= layers.size(); ++s) {
            const auto e = offload::dnn::split_latency(device, edge, layers, s, offload::dnn::dtype::fp16,
                                                       offload::dnn::dtype::fp16);
            best = std::min(best, e.device_seconds + e.edge_seconds);
        }
        benchmark::DoNotOptimize(best);
    }
}
BENCHMARK(bm_all_splits_200);

/// Every split point of a 200-layer model at once (split_latencies: prefix and suffix sums, O(n)).
void bm_split_latencies_200(benchmark::State& state) {
    offload::dnn::model_builder b("chain200", {1, 64, 28, 28});
    for (int i = 0; i < 200; ++i) {           // conv / batch-norm / relu, a chain's usual rhythm
        std::string name = std::to_string(i); // (not "l" + ...: g++ 12 -Wrestrict false positive)
        name.insert(0, 1, 'l');
        if (i % 3 == 0)
            b.add(name, offload::dnn::conv2d(64, 64, 3, 1, 1));
        else if (i % 3 == 1)
            b.add(name, offload::dnn::batch_norm(64));
        else
            b.add(name, offload::dnn::activation(offload::dnn::activation_kind::relu));
    }
    const offload::dnn::model m = std::move(b).build();
    const offload::dnn::split_table table = offload::dnn::split_points(m, offload::dnn::dtype::fp16);
    const auto device = offload::dnn::jetson_orin_nano();
    const auto edge = offload::dnn::nvidia_a2();
    for (auto _ : state) {
        auto all = offload::dnn::split_latencies(device, edge, table);
        benchmark::DoNotOptimize(all.data());
    }
}
BENCHMARK(bm_split_latencies_200);

/// Building InceptionV3 (a DAG of 4-branch blocks), its per-layer costs, and its split table.
void bm_inception_v3_build(benchmark::State& state) {
    for (auto _ : state) {
        auto m = offload::dnn::zoo::inception_v3();
        benchmark::DoNotOptimize(m.size());
    }
}
BENCHMARK(bm_inception_v3_build)->Unit(benchmark::kMicrosecond);

void bm_inception_v3_layer_costs(benchmark::State& state) {
    const offload::dnn::model m = offload::dnn::zoo::inception_v3();
    for (auto _ : state) {
        auto costs = offload::dnn::layer_costs(m);
        benchmark::DoNotOptimize(costs.data());
    }
    state.counters["layers"] = static_cast<double>(m.size());
}
BENCHMARK(bm_inception_v3_layer_costs)->Unit(benchmark::kMicrosecond);

void bm_inception_v3_split_points(benchmark::State& state) {
    const offload::dnn::model m = offload::dnn::zoo::inception_v3();
    for (auto _ : state) {
        auto table = offload::dnn::split_points(m);
        benchmark::DoNotOptimize(table.size());
    }
}
BENCHMARK(bm_inception_v3_split_points)->Unit(benchmark::kMicrosecond);

void bm_hardware_profile_construct(benchmark::State& state) {
    const auto spec = offload::dnn::raspberry_pi_4b().spec();
    for (auto _ : state) {
        offload::dnn::hardware_profile p(spec);
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK(bm_hardware_profile_construct);

/// Calibration of 200 per-layer samples (NNLS with the regime search).
void bm_calibrate_200_layers(benchmark::State& state) {
    const auto layers = synthetic_model(200);
    auto truth_spec = offload::dnn::raspberry_pi_4b().spec();
    truth_spec.compute_efficiency = offload::dnn::uniform_values(0.3);
    truth_spec.memory_efficiency = offload::dnn::uniform_values(0.6);
    truth_spec.layer_overhead = 1e-5;
    const offload::dnn::hardware_profile truth(truth_spec);
    std::vector<offload::dnn::calibration_sample> samples;
    for (const auto& l : layers) {
        const std::span<const offload::dnn::layer_cost> one(&l, 1);
        samples.push_back({one, offload::dnn::model_latency(truth, one), offload::dnn::dtype::fp32});
    }
    const auto prior = offload::dnn::raspberry_pi_4b();
    for (auto _ : state) {
        auto r = offload::dnn::calibrate(prior, samples);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bm_calibrate_200_layers)->Unit(benchmark::kMillisecond);

} // namespace
