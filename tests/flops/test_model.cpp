// Tests for offload/flops/model.hpp: graph building errors, totals, per-layer costs and FLOPs conventions.
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/model.hpp"

using namespace offload;
using namespace offload::dnn;
using offload::test::rel;

namespace {

// conv(3->8, 3x3, pad 1) -> relu -> conv(8->8) -> add(relu, conv) -> global pool -> flatten -> fc(8->10)
model residual(std::int64_t batch = 1, dtype type = dtype::fp32) {
    model_builder b("residual", {batch, 3, 16, 16}, type);
    b.add("conv1", conv2d(3, 8, 3, 1, 1));
    b.add("relu", activation(activation_kind::relu));
    b.add("conv2", conv2d(8, 8, 3, 1, 1, 1, 1, false));
    b.add("add", elementwise(elementwise_op::add), {"relu", "conv2"});
    b.add("pool", adaptive_pool2d(pool_kind::average, 1));
    b.add("flat", flatten());
    b.add("fc", linear(8, 10));
    return std::move(b).build();
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const parameter_error& e) {
        return e.what();
    }
    return "no exception";
}

} // namespace

TEST_CASE("model: totals are the sums of hand-computed layer counts", "[flops]") {
    const model m = residual();
    const double conv1 = 256.0 * 8 * 27, conv2 = 256.0 * 8 * 72, fc = 80.0;
    CHECK(m.size() == 7);
    CHECK(m.name() == "residual");
    CHECK(m.data_type() == dtype::fp32);
    CHECK(total_macs(m) == conv1 + conv2 + fc);
    CHECK(total_parameters(m) == (8.0 * 27 + 8) + 8.0 * 72 + 90.0);
    CHECK(total_flops(m) == 2.0 * total_macs(m));
    // seed 001: conv 2HW(C_in K^2 + 1)C_out, fc (2I - 1)O, other layers 2 x MACs (none here)
    CHECK(total_flops(m, flops_convention::molchanov) == 2.0 * 256 * 28 * 8 + 2.0 * 256 * 73 * 8 + 15.0 * 10);
    // relu 2048, add 2048, pool 2048, conv1 bias 2048, fc bias 10
    CHECK(total_other_ops(m) == 4.0 * 2048 + 10);
    CHECK(total_flops(m, flops_convention::twice_macs_plus_other) == 2.0 * total_macs(m) + total_other_ops(m));
    CHECK(output_shape(m) == tensor_shape{1, 10});
    CHECK(input_bytes(m) == 3.0 * 256 * 4);
    CHECK(input_bytes(m, dtype::int8) == 3.0 * 256);
    CHECK(output_bytes(m, dtype::fp16) == 20.0);
    CHECK(total_weight_bytes(m, dtype::fp32) == 4.0 * total_parameters(m));
    CHECK(m.find("conv2") == 2);
    CHECK(m.find("nope") == -1);
    CHECK(m.node(3).inputs == std::vector<int>{1, 2});
    CHECK(m.node(0).inputs == std::vector<int>{-1});
    CHECK(m.node(1).last_use == 3);
    CHECK(m.input_last_use() == 0);
    CHECK_THROWS(m.node(7));
}

TEST_CASE("model: batch scales MACs and activations, not parameters", "[flops]") {
    const model one = residual(1), four = residual(4);
    CHECK(total_macs(four) == 4.0 * total_macs(one));
    CHECK(total_parameters(four) == total_parameters(one));
    CHECK(output_shape(four) == tensor_shape{4, 10});
}

TEST_CASE("layer_costs: dtype bytes, conventions, op classes", "[flops]") {
    const model m = residual(1, dtype::fp16);
    const auto costs = layer_costs(m); // the model's dtype: fp16
    REQUIRE(costs.size() == m.size());
    CHECK(costs[0].kind == op_class::dense_conv);
    CHECK(costs[0].macs == 256.0 * 8 * 27);
    CHECK(costs[0].flops == 2.0 * costs[0].macs);
    CHECK(costs[0].parameters == 224.0);
    CHECK(costs[0].weight_bytes == 448.0);
    CHECK(costs[0].input_bytes == 2.0 * 768);
    CHECK(costs[0].output_bytes == 2.0 * 2048);
    CHECK(costs[0].memory_bytes() == 448.0 + 1536.0 + 4096.0);
    CHECK(costs[3].kind == op_class::elementwise);
    CHECK(costs[3].input_bytes == 2.0 * 2 * 2048); // two inputs
    CHECK(costs[4].kind == op_class::pooling);
    CHECK(costs[5].kind == op_class::data_movement);
    CHECK(costs[6].kind == op_class::fully_connected);

    const auto int8 = layer_costs(m, dtype::int8, flops_convention::molchanov);
    CHECK(int8[6].weight_bytes == 90.0);
    CHECK(int8[6].flops == 150.0);
    CHECK(cost(m, 6, dtype::fp32).output_bytes == 40.0);
    CHECK(cost(m, 4, dtype::fp32, flops_convention::twice_macs_plus_other).flops == 2048.0);

    std::vector<layer_cost> wrong(3);
    CHECK_THROWS_AS(layer_costs(m, std::span<layer_cost>(wrong), dtype::fp32), parameter_error);
    std::vector<layer_cost> right(m.size());
    layer_costs(m, std::span<layer_cost>(right), dtype::fp32);
    CHECK(right[2].weight_bytes == 4.0 * 576);
}

TEST_CASE("model_builder: bad graphs are rejected with the layer named", "[flops]") {
    CHECK_THROWS_AS(std::move(model_builder("e", {1, 3})).build(), parameter_error); // no layers
    model_builder b("b", {1, 3, 8, 8});
    b.add("c", conv2d(3, 4, 1));
    CHECK(b.size() == 1);
    CHECK(b.output_shape("c") == tensor_shape{1, 4, 8, 8});
    CHECK_THROWS_AS(b.output_shape("zz"), parameter_error);
    CHECK(message_of([&] { b.add("c", activation(activation_kind::relu)); }).find("'name' = 'c'") != std::string::npos);
    CHECK_THROWS_AS(b.add("", activation(activation_kind::relu)), parameter_error);
    CHECK_THROWS_AS(b.add("input", activation(activation_kind::relu)), parameter_error);
    CHECK(message_of([&] {
              b.add("r", activation(activation_kind::relu), {"missing"});
          }).find("'r.inputs' = 'missing'") != std::string::npos);
    CHECK_THROWS_AS(b.add("r", activation(activation_kind::relu), std::vector<std::string>{}), parameter_error);
    CHECK_THROWS_AS(b.add("r", activation(activation_kind::relu), {"c", "input"}), parameter_error);
    const auto msg = message_of([&] { b.add("bad", conv2d(3, 4, 1)); });
    CHECK(msg.find("offload::dnn::model_builder::add(conv2d)") != std::string::npos);
    CHECK(msg.find("'bad.input' = [1, 4, 8, 8]") != std::string::npos);
    b.add("side", activation(activation_kind::relu), {"input"}); // reads the input: c is now dangling
    b.add("end", activation(activation_kind::sigmoid));
    CHECK(message_of([&] { (void)std::move(b).build(); }).find("'c.output'") != std::string::npos);
    CHECK_THROWS_AS(model_builder("neg", {1, 2}).training_only_parameters(-1.0), parameter_error);
}

TEST_CASE("model: training-only parameters count in total_parameters only", "[flops]") {
    model_builder b("t", {1, 4});
    b.add("fc", linear(4, 2));
    b.training_only_parameters(100.0);
    const model m = std::move(b).build();
    CHECK(m.training_only_parameters() == 100.0);
    CHECK(total_parameters(m) == 110.0);
    CHECK(layer_costs(m, dtype::fp32)[0].parameters == 10.0);
}

TEST_CASE("every layer type: bytes per dtype, memory traffic, both FLOPs conventions", "[flops]") {
    struct probe {
        tensor_shape input;
        layer op;
        int inputs; // 2: the layer reads the input twice (merging layers)
    };
    const std::vector<probe> probes = {
        {{1, 4, 8, 8}, conv2d(4, 8, 3, 2, 1, 1, 2), 1},
        {{1, 5, 16}, linear(16, 3), 1},
        {{1, 4, 8, 8}, batch_norm(4), 1},
        {{1, 5, 16}, layer_norm(16), 1},
        {{1, 5, 16}, rms_norm(16), 1},
        {{1, 4, 8, 8}, pool2d(pool_kind::max, 3, 2, 1), 1},
        {{1, 4, 8, 8}, adaptive_pool2d(pool_kind::average, {2, 3}), 1},
        {{1, 4, 8, 8}, activation(activation_kind::gelu), 1},
        {{1, 4, 8, 8}, elementwise(elementwise_op::mul), 2},
        {{1, 4, 8, 8}, concat(2), 2},
        {{1, 4, 8, 8}, slice(1, 1, 2), 1},
        {{1, 4, 8, 8}, flatten(2), 1},
        {{1, 4, 8, 8}, reshape({16, -1}), 1},
        {{1, 4, 8, 8}, upsample_nearest(3), 1},
        {{1, 7, 6}, lstm({6, 5, 2, true}), 1},
        {{1, 7, 6}, gru({6, 5}), 1},
        {{1, 7, 16}, multi_head_attention({16, 4, 2, 0, true, 9}), 1},
        {{1, 7}, embedding(50, 16), 1},
        {{1, 1, 16}, transformer_decoder_block({16, 4, 2, 4, 32, 11}), 1},
    };
    std::vector<bool> covered(std::variant_size_v<layer>, false);
    for (const auto& p : probes) {
        model_builder b("probe", p.input);
        if (p.inputs == 2)
            b.add("l", p.op, {"input", "input"});
        else
            b.add("l", p.op);
        const model m = std::move(b).build();
        INFO(type_name(p.op));
        covered[p.op.index()] = true;
        const layer_counts& c = m.node(0).counts;
        const layer_cost f32 = cost(m, 0, dtype::fp32), f16 = cost(m, 0, dtype::fp16), i8 = cost(m, 0, dtype::int8);
        // bytes: elements x 4 / 2 / 1, the output is the output shape's elements
        CHECK(f32.output_bytes == 4.0 * output_shape(m).elements());
        CHECK(c.output_elements == output_shape(m).elements());
        for (const layer_cost* x : {&f32, &f16, &i8}) {
            const double b8 = bytes_per_element(x == &f32 ? dtype::fp32 : x == &f16 ? dtype::fp16 : dtype::int8);
            CHECK(x->weight_bytes == b8 * c.weight_elements);
            CHECK(x->input_bytes == b8 * c.input_elements);
            CHECK(x->output_bytes == b8 * c.output_elements);
            CHECK(x->memory_bytes() == x->weight_bytes + x->input_bytes + x->output_bytes);
            CHECK(x->macs == c.macs);
            CHECK(x->parameters == c.parameters);
        }
        // inputs read: every input tensor (attention and decoder blocks add their KV cache)
        if (!std::holds_alternative<multi_head_attention>(p.op) &&
            !std::holds_alternative<transformer_decoder_block>(p.op))
            CHECK(c.input_elements == p.inputs * p.input.elements());
        // FLOPs conventions
        CHECK(cost(m, 0, dtype::fp32, flops_convention::twice_macs).flops == 2.0 * c.macs);
        CHECK(cost(m, 0, dtype::fp32, flops_convention::twice_macs_plus_other).flops == 2.0 * c.macs + c.other_ops);
        const double molchanov = cost(m, 0, dtype::fp32, flops_convention::molchanov).flops;
        if (std::holds_alternative<conv2d>(p.op)) // 2 H W (C_in / groups K^2 + 1) C_out, H x W = 4 x 4 output
            CHECK(molchanov == 2.0 * 16 * (2 * 9 + 1) * 8);
        else if (std::holds_alternative<linear>(p.op)) // (2I - 1) O per row, 5 rows
            CHECK(molchanov == 5.0 * (2 * 16 - 1) * 3);
        else
            CHECK(molchanov == 2.0 * c.macs);
        CHECK(c.other_ops >= 0.0);
        CHECK(c.parameters >= 0.0);
    }
    for (std::size_t i = 0; i < covered.size(); ++i) {
        INFO(layer_type_names[i]);
        CHECK(covered[i]);
    }
}

TEST_CASE("model_builder: shapes that would overflow are errors naming the layer, never wrapped", "[flops]") {
    const std::int64_t big = std::int64_t{1} << 40;
    auto message = [](const tensor_shape& in, layer l) {
        return message_of([&] {
            model_builder b("big", in);
            b.add("x", std::move(l));
        });
    };
    // 2^40 x 2^24 = 2^64 would wrap to 0 in int64
    std::string msg = message({1, 1, big, 1}, upsample_nearest(1 << 24));
    CHECK(msg.find("add(upsample_nearest): parameter 'x.input' = [1, 1, 1099511627776, 1]") != std::string::npos);
    CHECK(msg.find("above 2^40") != std::string::npos);
    msg = message({1, big, big, 2}, flatten(1));
    CHECK(msg.find("add(flatten): parameter 'x.input'") != std::string::npos);
    CHECK(msg.find("above 2^40") != std::string::npos);
    msg = message({1, big, big, big}, reshape({-1}));
    CHECK(msg.find("add(reshape): parameter 'x.input'") != std::string::npos);
    CHECK(msg.find("more than 2^62 elements") != std::string::npos);
    CHECK(message({1, 4}, reshape({std::int64_t{1} << 31, std::int64_t{1} << 31, 4})).find("add(reshape)") !=
          std::string::npos);
    // a reshape of more than 2^40 elements into dimensions that fit is fine
    const model ok = [&] {
        model_builder b("ok", {1, std::int64_t{1} << 21, std::int64_t{1} << 21});
        b.add("x", reshape({std::int64_t{1} << 40, 4, 1}));
        return std::move(b).build();
    }();
    CHECK(output_shape(ok) == tensor_shape{1, big, 4, 1});
    // concatenating two 2^40 channels would exceed the limit
    model_builder c("cat", {1, big, 1});
    CHECK(message_of([&] { c.add("x", concat(1), {"input", "input"}); }).find("add(concat)") != std::string::npos);
}
