// Tests for offload/flops/split_points.hpp: payloads of chain and DAG cuts, FLOP partition, layer ranges.
#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/split_points.hpp"
#include "offload/flops/zoo.hpp"

using namespace offload;
using namespace offload::dnn;
using offload::test::rel;

namespace {

model chain() { // [1,3,8,8] -> conv(3->4) -> relu -> pool 2 -> flatten -> fc(64->5)
    model_builder b("chain", {1, 3, 8, 8});
    b.add("conv", conv2d(3, 4, 3, 1, 1));
    b.add("relu", activation(activation_kind::relu));
    b.add("pool", pool2d(pool_kind::max, 2, 2));
    b.add("flat", flatten());
    b.add("fc", linear(64, 5));
    return std::move(b).build();
}

} // namespace

TEST_CASE("split points of a chain: the payload is the previous layer's output", "[split]") {
    const model m = chain();
    const auto t = split_points(m, dtype::fp32);
    REQUIRE(t.size() == 6);
    CHECK(t[0].payload_bytes == 4.0 * 192); // the input
    CHECK(t[1].payload_bytes == 4.0 * 256); // conv output
    CHECK(t[2].payload_bytes == 4.0 * 256);
    CHECK(t[3].payload_bytes == 4.0 * 64);
    CHECK(t[4].payload_bytes == 4.0 * 64);
    CHECK(t[5].payload_bytes == 0.0); // all on the device
    CHECK(t[5].payload_tensors == 0);
    for (std::size_t k = 0; k < 5; ++k) CHECK(t[k].payload_tensors == 1);
    CHECK(t[0].device_macs == 0.0);
    CHECK(t[0].edge_macs == total_macs(m));
    CHECK(t[5].device_macs == total_macs(m));
    CHECK(t[5].edge_macs == 0.0);
    CHECK(t[1].device_macs == 64.0 * 4 * 27);
    CHECK(t[1].edge_flops == 2.0 * 320);
    CHECK(t[3].device_layers.size() == 3);
    CHECK(t[3].edge_layers.size() == 2);
    CHECK(t[3].edge_layers[0].kind == op_class::data_movement);
    CHECK(single_tensor_cuts(t) == std::vector<std::size_t>{0, 1, 2, 3, 4});
    CHECK(t.data_type() == dtype::fp32);
    CHECK(t.costs().size() == 5);
    CHECK_THROWS_AS(t.at(6), parameter_error);
    // dtype and convention carry through
    const auto h = split_points(m, dtype::fp16, flops_convention::molchanov);
    CHECK(h[0].payload_bytes == 2.0 * 192);
    CHECK(h[5].device_flops == total_flops(m, flops_convention::molchanov));
    CHECK(h.convention() == flops_convention::molchanov);
}

TEST_CASE("split points of a DAG: every tensor crossing the cut is sent", "[split]") {
    model_builder b("dag", {1, 2, 4, 4});
    b.add("a", conv2d(2, 2, 1));                                // 0
    b.add("b", activation(activation_kind::relu));              // 1
    b.add("c", conv2d(2, 2, 1));                                // 2
    b.add("sum", elementwise(elementwise_op::add), {"a", "c"}); // 3: a crosses cuts 1..3
    b.add("cat", concat(1), {"sum", "input"});                  // 4: input crosses cuts 0..4
    const model m = std::move(b).build();
    const auto t = split_points(m);
    const double x = 4.0 * 32; // every tensor here is 2 x 4 x 4 fp32 before the concat
    CHECK(t[0].payload_tensors == 1);
    CHECK(t[0].payload_bytes == x);
    CHECK(t[1].payload_tensors == 2); // input, a
    CHECK(t[2].payload_tensors == 3); // input, a, b
    CHECK(t[2].payload_bytes == 3 * x);
    CHECK(t[3].payload_tensors == 3); // input, a, c
    CHECK(t[4].payload_tensors == 2); // input, sum
    CHECK(t[5].payload_tensors == 0);
    CHECK(single_tensor_cuts(t) == std::vector<std::size_t>{0});
}

TEST_CASE("split points of the zoo: FLOPs partition and block boundaries", "[split][zoo]") {
    const model m = zoo::resnet18();
    const auto t = split_points(m, dtype::fp32);
    for (std::size_t k = 0; k < t.size(); ++k) {
        CHECK(t[k].device_macs + t[k].edge_macs == rel(total_macs(m)));
        CHECK(t[k].device_layers.size() + t[k].edge_layers.size() == m.size());
        if (k > 0) CHECK(t[k].device_macs >= t[k - 1].device_macs); // monotone
    }
    // single-tensor cuts: the input, inside the stem, and after each of the 8 residual blocks' final ReLU
    const auto cuts = single_tensor_cuts(t);
    const int after_layer1 = m.find("layer1.1.relu") + 1;
    CHECK(std::find(cuts.begin(), cuts.end(), static_cast<std::size_t>(after_layer1)) != cuts.end());
    CHECK(t[static_cast<std::size_t>(after_layer1)].payload_bytes == 4.0 * 64 * 56 * 56);
    const int inside = m.find("layer1.1.conv1.bn") + 1; // the block input and the running branch cross
    CHECK(t[static_cast<std::size_t>(inside)].payload_tensors == 2);
    CHECK(t[static_cast<std::size_t>(inside)].payload_bytes == 2 * 4.0 * 64 * 56 * 56);
    // the last cut sends nothing, the first sends the image
    CHECK(t[0].payload_bytes == 4.0 * 3 * 224 * 224);
    CHECK(t[m.size()].payload_bytes == 0.0);
    CHECK(t[m.size() - 1].payload_bytes == 4.0 * 512); // the flattened features before fc
}

namespace {
hardware_profile profile(const char* name, double peak, double bandwidth, double overhead) {
    hardware_spec s;
    s.name = name;
    s.peak_fp32 = peak;
    s.peak_fp16 = 2.0 * peak;
    s.memory_bandwidth = bandwidth;
    s.layer_overhead = overhead;
    s.compute_efficiency[static_cast<std::size_t>(op_class::depthwise_conv)] = 0.1;
    return hardware_profile(s);
}
} // namespace

TEST_CASE("split_latency over a split table: a chain agrees with the layer-span overload at every cut",
          "[split][latency]") {
    const model m = chain();
    const hardware_profile dev = profile("dev", 50e9, 10e9, 4e-6), edg = profile("edge", 2e12, 300e9, 1e-6);
    for (dtype t : {dtype::fp32, dtype::fp16}) {
        const auto table = split_points(m, t);
        for (std::size_t k = 0; k < table.size(); ++k) {
            INFO("cut " << k);
            const auto a = split_latency(dev, edg, table, k);
            const auto b = split_latency(dev, edg, table.costs(), k, t, t);
            CHECK(a.split == k);
            CHECK(a.device_seconds == b.device_seconds);
            CHECK(a.edge_seconds == b.edge_seconds);
            CHECK(a.payload_bytes == b.payload_bytes);
            // and each side is the model latency of its layers
            CHECK(a.device_seconds == model_latency(dev, table[k].device_layers, t));
            CHECK(a.edge_seconds == model_latency(edg, table[k].edge_layers, t));
        }
        // cut N sends the result (the fc output), cut 0 the input
        CHECK(split_latency(dev, edg, table, 5).payload_bytes == bytes_per_element(t) * 5);
        CHECK(split_latency(dev, edg, table, 0).payload_bytes == bytes_per_element(t) * 192);
    }
    const auto table = split_points(m, dtype::fp32);
    CHECK_THROWS_WITH(split_latency(dev, edg, table, 6), Catch::Contains("offload::dnn::split_latency") &&
                                                             Catch::Contains("'cut' = 6") && Catch::Contains("[0, 5]"));
    // the table's element type must have a peak on the side that runs layers
    hardware_spec no16 = dev.spec();
    no16.peak_fp16 = 0.0;
    const auto half = split_points(m, dtype::fp16);
    CHECK_THROWS_WITH(split_latency(hardware_profile(no16), edg, half, 2), Catch::Contains("'dtype' = fp16"));
    CHECK_NOTHROW(split_latency(hardware_profile(no16), edg, half, 0));
}

TEST_CASE("split_latency over a split table: DAG cuts send every crossing tensor", "[split][latency][zoo]") {
    const model m = zoo::resnet18();
    const auto table = split_points(m, dtype::fp32);
    const hardware_profile dev = profile("dev", 50e9, 10e9, 4e-6), edg = profile("edge", 2e12, 300e9, 1e-6);
    // inside a residual block the block input (the skip) and the running branch both cross
    const auto inside = static_cast<std::size_t>(m.find("layer1.1.conv1.bn") + 1);
    const auto est = split_latency(dev, edg, table, inside);
    CHECK(est.payload_bytes == 2 * 4.0 * 64 * 56 * 56);
    CHECK(est.payload_bytes == table[inside].payload_bytes);
    // the chain-only overload sees only the last device layer's output: half of it
    CHECK(split_latency(dev, edg, table.costs(), inside).payload_bytes == 4.0 * 64 * 56 * 56);
    CHECK(est.device_seconds + est.edge_seconds ==
          rel(model_latency(dev, table[inside].device_layers) + model_latency(edg, table[inside].edge_layers)));
    // at a block boundary (one tensor) the two overloads agree
    const auto boundary = static_cast<std::size_t>(m.find("layer1.1.relu") + 1);
    CHECK(split_latency(dev, edg, table, boundary).payload_bytes ==
          split_latency(dev, edg, table.costs(), boundary).payload_bytes);
    // every single-tensor cut agrees with the layer-span payload; every other cut carries more
    for (std::size_t k = 0; k + 1 < table.size(); ++k) {
        const double by_table = split_latency(dev, edg, table, k).payload_bytes;
        const double by_span = split_latency(dev, edg, table.costs(), k).payload_bytes;
        if (table[k].payload_tensors == 1)
            CHECK(by_table == by_span);
        else
            CHECK(by_table > by_span);
    }
}

TEST_CASE("split_latencies: every cut at once equals split_latency at each cut", "[split][latency][zoo]") {
    const hardware_profile dev = profile("dev", 50e9, 10e9, 4e-6), edg = profile("edge", 2e12, 300e9, 1e-6);
    for (const model& m : {chain(), zoo::mobilenet_v2(), zoo::inception_v3()}) {
        INFO(m.name());
        const auto table = split_points(m, dtype::fp16);
        const auto all = split_latencies(dev, edg, table);
        REQUIRE(all.size() == table.size());
        for (std::size_t k = 0; k < table.size(); ++k) {
            const auto one = split_latency(dev, edg, table, k);
            CHECK(all[k].split == k);
            CHECK(all[k].payload_bytes == one.payload_bytes);
            // prefix sums against direct sums: equal up to rounding (absolute: the first / last terms are 0)
            CHECK(all[k].device_seconds == Approx(one.device_seconds).epsilon(1e-12).margin(1e-18));
            CHECK(all[k].edge_seconds == Approx(one.edge_seconds).epsilon(1e-12).margin(1e-18));
        }
        CHECK(all.front().device_seconds == 0.0);
        CHECK(all.back().edge_seconds == 0.0);
        CHECK(all.back().device_seconds == rel(model_latency(dev, table.costs(), dtype::fp16)));
        CHECK(all.front().edge_seconds == rel(model_latency(edg, table.costs(), dtype::fp16)));
    }
    hardware_spec no16 = edg.spec();
    no16.peak_fp16 = 0.0;
    CHECK_THROWS_WITH(split_latencies(dev, hardware_profile(no16), split_points(chain(), dtype::fp16)),
                      Catch::Contains("offload::dnn::split_latencies") && Catch::Contains("'dtype' = fp16"));
}
