#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/latency_estimate.hpp"

using offload::dnn::dtype;
using offload::dnn::layer_cost;
using offload::dnn::op_class;
using offload::test::rel;

TEST_CASE("presets: seed 001 Table III CPU figures", "[hardware][presets]") {
    CHECK(offload::dnn::raspberry_pi_4b().peak_flops(dtype::fp32) == rel(192e9));
    CHECK(offload::dnn::xeon_8_core_cpu().peak_flops(dtype::fp32) == rel(563.2e9));
    CHECK(offload::dnn::xeon_gold_5220_cpu().peak_flops(dtype::fp32) == rel(1126.4e9));
    CHECK(offload::dnn::rtx_2080_ti().peak_flops(dtype::fp16) == rel(110e12));
    // the Pi states no fp16 peak: asking for one is an error, not a guess
    CHECK_FALSE(has_peak(offload::dnn::raspberry_pi_4b(), dtype::fp16));
    CHECK_THROWS_AS(peak_flops(offload::dnn::raspberry_pi_4b(), dtype::fp16), offload::parameter_error);
}

TEST_CASE("presets: seed 003 §4.1 peak fp16 figures", "[hardware][presets]") {
    CHECK(offload::dnn::jetson_tx2().peak_flops(dtype::fp16) == rel(1.3e12));
    CHECK(offload::dnn::jetson_orin_nano().peak_flops(dtype::fp16) == rel(2.6e12));
    CHECK(offload::dnn::nvidia_a2().peak_flops(dtype::fp16) == rel(4.5e12));
    CHECK(offload::dnn::rtx_4070().peak_flops(dtype::fp16) == rel(29.1e12));
    // ordering stated by the seed: TX2 < Orin Nano < A2 < RTX 4070
    CHECK(offload::dnn::jetson_tx2().peak_flops(dtype::fp16) <
          offload::dnn::jetson_orin_nano().peak_flops(dtype::fp16));
    CHECK(offload::dnn::jetson_orin_nano().peak_flops(dtype::fp16) < offload::dnn::nvidia_a2().peak_flops(dtype::fp16));
    CHECK(offload::dnn::nvidia_a2().peak_flops(dtype::fp16) < offload::dnn::rtx_4070().peak_flops(dtype::fp16));
}

TEST_CASE("presets: every preset names its source and says which figures are not the seed's", "[hardware][presets]") {
    for (std::string_view id : offload::dnn::hardware_preset_names) {
        const auto p = offload::dnn::hardware_preset(id);
        INFO(id);
        CHECK_FALSE(p.name().empty());
        CHECK_THAT(p.source(), Catch::Contains("seed 00"));
        // memory bandwidth is never a seed figure
        CHECK_THAT(p.source(), Catch::Contains("not from the seed"));
        CHECK(p.memory_bandwidth() > 1e9);
        CHECK(p.layer_overhead() == 0.0);
        for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c) {
            CHECK(p.spec().compute_efficiency[c] == 1.0);
            CHECK(p.spec().memory_efficiency[c] == 1.0);
        }
    }
    CHECK_THROWS_WITH(offload::dnn::hardware_preset("pi5"),
                      Catch::Contains("offload::dnn::hardware_preset") && Catch::Contains("'id' = \"pi5\""));
    CHECK_THROWS_AS(offload::dnn::hardware_preset(""), offload::parameter_error);
}

TEST_CASE("presets: seed 001 Algorithm 1 inference time comp / FLOPS for compute-bound models", "[hardware][presets]") {
    // Algorithm 1 line 11 with lambda_2 = s = 1: I = comp / CR. The uncalibrated presets reproduce it for a
    // compute-bound layer list (memory term below the compute term, no overhead).
    // ResNet-18 action detection: 7.84 GFLOPs (seed 001 §VII).
    layer_cost l;
    l.kind = op_class::dense_conv;
    l.flops = 7.84e9;
    l.input_bytes = 1e6;
    l.output_bytes = 1e6;
    const std::vector<layer_cost> model = {l};
    CHECK(model_latency(offload::dnn::raspberry_pi_4b(), model) == rel(7.84e9 / 192e9));
    CHECK(model_latency(offload::dnn::xeon_8_core_cpu(), model) == rel(7.84e9 / 563.2e9));
    CHECK(model_latency(offload::dnn::xeon_gold_5220_cpu(), model) == rel(7.84e9 / 1126.4e9));
    CHECK(model_latency(offload::dnn::rtx_2080_ti(), model, dtype::fp16) == rel(7.84e9 / 110e12));
    // the cloud CPU is 2x the edge CPU and 5.87x the Pi, as Table III's FLOPS say
    CHECK(model_latency(offload::dnn::raspberry_pi_4b(), model) /
              model_latency(offload::dnn::xeon_gold_5220_cpu(), model) ==
          rel(1126.4 / 192.0));
}

TEST_CASE("presets: memory-bound layers follow the vendor bandwidths", "[hardware][presets]") {
    layer_cost relu;
    relu.kind = op_class::elementwise;
    relu.flops = 1e6;
    relu.input_bytes = 4e6;
    relu.output_bytes = 4e6;
    CHECK(layer_latency(offload::dnn::raspberry_pi_4b(), relu) == rel(8e6 / 12.8e9));
    CHECK(layer_latency(offload::dnn::jetson_tx2(), relu, dtype::fp16) == rel(8e6 / 59.7e9));
    CHECK(layer_latency(offload::dnn::jetson_orin_nano(), relu, dtype::fp16) == rel(8e6 / 68e9));
    CHECK(layer_latency(offload::dnn::nvidia_a2(), relu, dtype::fp16) == rel(8e6 / 200e9));
    CHECK(layer_latency(offload::dnn::rtx_4070(), relu, dtype::fp16) == rel(8e6 / 504e9));
}
