#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/queues/mm1.hpp"

using offload::dnn::dtype;
using offload::dnn::hardware_profile;
using offload::dnn::hardware_spec;
using offload::dnn::layer_cost;
using offload::dnn::op_class;
using offload::test::rel;

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// 100 GFLOP/s fp32, 400 GFLOP/s fp16, 10 GB/s, 5 us per layer; depthwise runs at 10% of peak,
// elementwise memory traffic at 50% of the bandwidth.
hardware_profile device() {
    hardware_spec s;
    s.name = "device";
    s.peak_fp32 = 100e9;
    s.peak_fp16 = 400e9;
    s.memory_bandwidth = 10e9;
    s.layer_overhead = 5e-6;
    s.compute_efficiency[static_cast<std::size_t>(op_class::depthwise_conv)] = 0.1;
    s.memory_efficiency[static_cast<std::size_t>(op_class::elementwise)] = 0.5;
    return hardware_profile(s);
}

hardware_profile edge() {
    hardware_spec s;
    s.name = "edge";
    s.peak_fp32 = 1e12;
    s.memory_bandwidth = 100e9;
    s.layer_overhead = 1e-6;
    return hardware_profile(s);
}

layer_cost layer(op_class kind, double flops, double weight, double in, double out) {
    layer_cost l;
    l.kind = kind;
    l.macs = flops / 2.0;
    l.flops = flops;
    l.weight_bytes = weight;
    l.input_bytes = in;
    l.output_bytes = out;
    return l;
}

// a small hand-made network: conv (compute-bound), relu (memory-bound), depthwise, pool, fc
std::vector<layer_cost> network() {
    return {layer(op_class::dense_conv, 1e9, 1e5, 6e5, 3e6),       // compute 10 ms, memory 0.37 ms
            layer(op_class::elementwise, 7.5e5, 0.0, 3e6, 3e6),    // compute 7.5 us, memory 6e6/5e9 = 1.2 ms
            layer(op_class::depthwise_conv, 2e7, 1e4, 3e6, 3e6),   // compute 2e7/1e10 = 2 ms, memory 0.601 ms
            layer(op_class::pooling, 7.5e5, 0.0, 3e6, 5e4),        // compute 7.5 us, memory 0.305 ms
            layer(op_class::fully_connected, 2e6, 4e6, 4e3, 4e3)}; // compute 20 us, memory 0.4008 ms
}

} // namespace

TEST_CASE("layer_latency: compute-bound and memory-bound layers", "[latency]") {
    const hardware_profile p = device();
    const layer_cost conv = layer(op_class::dense_conv, 1e9, 1e5, 6e5, 3e6);
    CHECK(layer_latency(p, conv) == rel(1e9 / 100e9 + 5e-6));
    CHECK(layer_latency(p, conv, dtype::fp16) == rel(1e9 / 400e9 + 5e-6));
    const layer_cost relu = layer(op_class::elementwise, 7.5e5, 0.0, 3e6, 3e6);
    CHECK(layer_latency(p, relu) == rel(6e6 / (0.5 * 10e9) + 5e-6));
    const layer_cost dw = layer(op_class::depthwise_conv, 2e7, 1e4, 3e6, 3e6);
    CHECK(layer_latency(p, dw) == rel(2e7 / (0.1 * 100e9) + 5e-6));

    const auto t = layer_latency_breakdown(p, relu);
    CHECK(t.compute_seconds == rel(7.5e5 / 100e9));
    CHECK(t.memory_seconds == rel(6e6 / 5e9));
    CHECK(t.overhead_seconds == 5e-6);
    CHECK(t.memory_bound);
    CHECK(t.total_seconds == rel(layer_latency(p, relu)));
    const auto tc = layer_latency_breakdown(p, conv);
    CHECK_FALSE(tc.memory_bound);
    CHECK(tc.total_seconds == rel(tc.compute_seconds + tc.overhead_seconds));
}

TEST_CASE("layer_latency: a layer exactly at the ridge point, and an empty layer", "[latency]") {
    const hardware_profile p = device();
    // 1e8 FLOPs and 1e7 bytes: both terms 1 ms
    const auto t = layer_latency_breakdown(p, layer(op_class::dense_conv, 1e8, 0.0, 5e6, 5e6));
    CHECK(t.compute_seconds == rel(1e-3));
    CHECK(t.memory_seconds == rel(1e-3));
    CHECK_FALSE(t.memory_bound);
    CHECK(t.total_seconds == rel(1e-3 + 5e-6));
    // a view (flatten) costs only the per-layer overhead
    CHECK(layer_latency(p, layer(op_class::data_movement, 0.0, 0.0, 0.0, 0.0)) == rel(5e-6));
}

TEST_CASE("model_latency: sum of the layers, order-independent, linear in repetition", "[latency]") {
    const hardware_profile p = device();
    const auto net = network();
    const double expected = (10e-3) + (1.2e-3) + (2e-3) + (3.05e6 / 10e9) + (4.008e6 / 10e9) + 5 * 5e-6;
    CHECK(model_latency(p, net) == rel(expected));
    double sum = 0.0;
    for (const auto& l : net) sum += layer_latency(p, l);
    CHECK(model_latency(p, net) == rel(sum));
    std::vector<layer_cost> reversed(net.rbegin(), net.rend());
    CHECK(model_latency(p, reversed) == rel(expected));
    std::vector<layer_cost> twice = net;
    twice.insert(twice.end(), net.begin(), net.end());
    CHECK(model_latency(p, twice) == rel(2.0 * expected));
    CHECK(model_latency(p, std::vector<layer_cost>{}) == 0.0);
}

TEST_CASE("model_latency: monotone in work and in efficiency", "[latency]") {
    const auto net = network();
    double previous = 0.0;
    for (double eta : {1.0, 0.8, 0.5, 0.2, 0.05}) {
        hardware_spec s = device().spec();
        s.compute_efficiency = offload::dnn::uniform_values(eta);
        s.memory_efficiency = offload::dnn::uniform_values(eta);
        const double t = model_latency(hardware_profile(s), net);
        CHECK(t > previous);
        previous = t;
    }
    previous = 0.0;
    for (double flops : {0.0, 1e6, 1e8, 1e9, 1e10}) {
        const double t = layer_latency(device(), layer(op_class::dense_conv, flops, 1e5, 6e5, 3e6));
        CHECK(t >= previous);
        previous = t;
    }
}

TEST_CASE("split_latency: device and edge parts and the payload", "[latency]") {
    const hardware_profile d = device();
    const hardware_profile e = edge();
    const auto net = network();
    const std::span<const layer_cost> all(net);
    for (std::size_t s = 0; s <= net.size(); ++s) {
        const auto est = offload::dnn::split_latency(d, e, net, s);
        CHECK(est.split == s);
        CHECK(est.device_seconds == rel(model_latency(d, all.first(s))));
        CHECK(est.edge_seconds == rel(model_latency(e, all.subspan(s))));
        // with the same profile on both sides the parts add up to the whole model
        const auto same = offload::dnn::split_latency(d, d, net, s);
        CHECK(same.device_seconds + same.edge_seconds == rel(model_latency(d, net)));
    }
    CHECK(offload::dnn::split_latency(d, e, net, 0).payload_bytes == 6e5); // raw input
    CHECK(offload::dnn::split_latency(d, e, net, 0).device_seconds == 0.0);
    CHECK(offload::dnn::split_latency(d, e, net, 2).payload_bytes == 3e6); // relu output
    CHECK(offload::dnn::split_latency(d, e, net, 4).payload_bytes == 5e4); // pooled features
    CHECK(offload::dnn::split_latency(d, e, net, 5).payload_bytes == 4e3); // result only
    CHECK(offload::dnn::split_latency(d, e, net, 5).edge_seconds == 0.0);
    // element types per side: fp16 on the device
    CHECK(offload::dnn::split_latency(d, e, net, 1, dtype::fp16).device_seconds == rel(1e9 / 400e9 + 5e-6));
}

TEST_CASE("split_latency: an unused side may lack the element type", "[latency]") {
    const auto net = network();
    // edge states no fp16 peak: fine while nothing runs on the edge
    CHECK_NOTHROW(offload::dnn::split_latency(device(), edge(), net, net.size(), dtype::fp16, dtype::fp16));
    CHECK_THROWS_WITH(offload::dnn::split_latency(device(), edge(), net, 2, dtype::fp16, dtype::fp16),
                      Catch::Contains("offload::dnn::split_latency") && Catch::Contains("'dtype' = fp16") &&
                          Catch::Contains("'edge'"));
    CHECK_THROWS_WITH(offload::dnn::split_latency(edge(), device(), net, 1, dtype::fp16, dtype::fp16),
                      Catch::Contains("'edge'"));
    CHECK_NOTHROW(offload::dnn::split_latency(edge(), device(), net, 0, dtype::fp16, dtype::fp16));
}

TEST_CASE("model_service_demand: feeds a queue model's from_demand", "[latency]") {
    const hardware_profile p = device();
    const auto net = network();
    const auto demand = offload::dnn::model_service_demand(p, net);
    CHECK(demand.mean_seconds == rel(model_latency(p, net)));
    CHECK(demand.scv == 0.0);
    CHECK(demand.parallelism == 1.0);
    const auto exp_demand = offload::dnn::model_service_demand(p, net, dtype::fp32, 1.0, 2.0);
    CHECK(exp_demand.scv == 1.0);
    CHECK(exp_demand.parallelism == 2.0);
    const offload::mm1 q = offload::mm1::from_demand(20.0, demand);
    CHECK(mean_service_time(q) == rel(model_latency(p, net)));
}

TEST_CASE("latency estimates: every bad input is named", "[latency][errors]") {
    const hardware_profile p = device();
    auto net = network();
    auto bad = [&](std::size_t i, auto modify) {
        auto copy = net;
        modify(copy[i]);
        return copy;
    };
    CHECK_THROWS_WITH(model_latency(p, bad(3, [](layer_cost& l) { l.flops = -1.0; })),
                      Catch::Contains("offload::dnn::model_latency") && Catch::Contains("'layers[3].flops' = -1"));
    CHECK_THROWS_WITH(model_latency(p, bad(1, [](layer_cost& l) { l.input_bytes = qnan; })),
                      Catch::Contains("'layers[1].input_bytes' = nan"));
    CHECK_THROWS_WITH(model_latency(p, bad(0, [](layer_cost& l) { l.output_bytes = inf; })),
                      Catch::Contains("'layers[0].output_bytes' = inf"));
    CHECK_THROWS_WITH(model_latency(p, bad(4, [](layer_cost& l) { l.weight_bytes = -2.0; })),
                      Catch::Contains("'layers[4].weight_bytes' = -2"));
    CHECK_THROWS_WITH(model_latency(p, bad(2, [](layer_cost& l) { l.kind = static_cast<op_class>(99); })),
                      Catch::Contains("'layers[2].kind' = 99"));
    CHECK_THROWS_WITH(model_latency(p, net, dtype::int8), Catch::Contains("'dtype' = int8"));
    CHECK_THROWS_WITH(model_latency(p, net, static_cast<dtype>(5)), Catch::Contains("'dtype' = 5"));
    CHECK_THROWS_WITH(layer_latency(p, layer(op_class::pooling, qnan, 0, 0, 0)),
                      Catch::Contains("offload::dnn::layer_latency") && Catch::Contains("flops' = nan"));
    CHECK_THROWS_AS(layer_latency(p, net[0], dtype::int8), offload::parameter_error);
    CHECK_THROWS_AS(layer_latency_breakdown(p, layer(op_class::pooling, 1.0, -1.0, 0, 0)), offload::parameter_error);
    CHECK_THROWS_AS(layer_latency_breakdown(p, net[0], dtype::int8), offload::parameter_error);
    // splits
    CHECK_THROWS_WITH(offload::dnn::split_latency(p, p, net, 6),
                      Catch::Contains("'split' = 6") && Catch::Contains("[0, 5]"));
    CHECK_THROWS_WITH(offload::dnn::split_latency(p, p, std::vector<layer_cost>{}, 0),
                      Catch::Contains("'layers.size()' = 0"));
    CHECK_THROWS_WITH(offload::dnn::split_latency(p, p, bad(3, [](layer_cost& l) { l.flops = -1.0; }), 2),
                      Catch::Contains("'layers[3].flops'"));
    CHECK_THROWS_WITH(offload::dnn::split_latency(p, p, bad(0, [](layer_cost& l) { l.input_bytes = -1.0; }), 0),
                      Catch::Contains("'layers[0].input_bytes'"));
    // service demand
    CHECK_THROWS_WITH(offload::dnn::model_service_demand(p, std::vector<layer_cost>{}),
                      Catch::Contains("offload::dnn::model_service_demand") && Catch::Contains("'layers' = 0"));
    CHECK_THROWS_WITH(offload::dnn::model_service_demand(p, net, dtype::fp32, -0.5), Catch::Contains("'scv' = -0.5"));
    CHECK_THROWS_AS(offload::dnn::model_service_demand(p, net, dtype::fp32, qnan), offload::parameter_error);
    CHECK_THROWS_WITH(offload::dnn::model_service_demand(p, net, dtype::fp32, 0.0, 0.5),
                      Catch::Contains("'parallelism' = 0.5"));
    CHECK_THROWS_AS(offload::dnn::model_service_demand(p, net, dtype::fp32, 0.0, qnan), offload::parameter_error);
}
