// Tests for offload/flops/layers.hpp: constructor validation, and each layer's shape and counts on a
// one-layer model (hand-computed values; PyTorch parameter counts where they exist).
#include <string>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/layers.hpp"
#include "offload/flops/model.hpp"

using namespace offload;
using namespace offload::dnn;
using offload::test::rel;

namespace {

model one(const tensor_shape& input, layer l) {
    model_builder b("one", input);
    b.add("l", std::move(l));
    return std::move(b).build();
}
const layer_counts& counts(const model& m) { return m.node(0).counts; }

template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const parameter_error& e) {
        return e.what();
    }
    return "no exception";
}

} // namespace

TEST_CASE("tensor_shape: rank, elements, validation", "[flops]") {
    const tensor_shape s{1, 3, 224, 224};
    CHECK(s.rank() == 4);
    CHECK(s.elements() == 150528.0);
    CHECK(to_string(s) == "[1, 3, 224, 224]");
    CHECK(s == tensor_shape{1, 3, 224, 224});
    CHECK_FALSE(s == tensor_shape{1, 3, 224});
    CHECK_THROWS_AS((tensor_shape{1, 0, 3}), parameter_error);
    CHECK_THROWS_AS((tensor_shape{1, -2}), parameter_error);
    CHECK_THROWS_AS(tensor_shape(std::vector<std::int64_t>{}), parameter_error);
    CHECK_THROWS_AS(model_builder("empty", tensor_shape()), parameter_error); // default shape has rank 0
    CHECK_THROWS_AS((tensor_shape{1, 2, 3, 4, 5}), parameter_error);
}

TEST_CASE("conv2d: validation names the field and value", "[flops]") {
    CHECK_THROWS_AS(conv2d(0, 8, 3), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 0, 3), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 8, 0), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 8, {3, 0}), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 8, 3, 0), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 8, 3, 1, -1), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 8, 3, 1, 0, 0), parameter_error);
    CHECK_THROWS_AS(conv2d(3, 8, 3, 1, 0, 1, 0), parameter_error);
    CHECK_THROWS_AS(conv2d(6, 8, 3, 1, 0, 1, 4), parameter_error); // 4 does not divide 6
    const auto msg = message_of([] { conv2d(6, 9, 3, 1, 0, 1, 2); });
    CHECK(msg.find("offload::dnn::conv2d") != std::string::npos);
    CHECK(msg.find("'groups' = 2") != std::string::npos);
    CHECK(message_of([] { conv2d(3, 8, {1, 0}); }).find("'kernel_size' = (1, 0)") != std::string::npos);
}

TEST_CASE("conv2d: dense 3x3 counts", "[flops]") {
    const auto m = one({1, 3, 32, 32}, conv2d(3, 16, 3, 1, 1));
    const auto& c = counts(m);
    CHECK(m.node(0).output_shape == tensor_shape{1, 16, 32, 32});
    CHECK(c.kind == op_class::dense_conv);
    CHECK(c.macs == 32.0 * 32 * 16 * 3 * 9); // 442,368
    CHECK(c.parameters == 16.0 * 27 + 16);   // 448
    CHECK(c.molchanov_flops == 2.0 * 32 * 32 * (27 + 1) * 16);
    CHECK(c.other_ops == 16.0 * 32 * 32); // bias adds
    CHECK(c.input_elements == 3.0 * 32 * 32);
    CHECK(c.output_elements == 16.0 * 32 * 32);
}

TEST_CASE("conv2d: stride, dilation, asymmetric kernels, groups", "[flops]") {
    CHECK(one({1, 3, 33, 33}, conv2d(3, 8, 3, 2)).node(0).output_shape == tensor_shape{1, 8, 16, 16});
    CHECK(one({1, 1, 10, 10}, conv2d(1, 1, 3, 1, 0, 2)).node(0).output_shape == tensor_shape{1, 1, 6, 6});
    CHECK(one({1, 4, 17, 17}, conv2d(4, 4, {1, 7}, 1, {0, 3})).node(0).output_shape == tensor_shape{1, 4, 17, 17});
    CHECK(one({1, 4, 17, 17}, conv2d(4, 4, {7, 1}, 1, {3, 0})).node(0).output_shape == tensor_shape{1, 4, 17, 17});

    const auto dw = one({1, 32, 8, 8}, conv2d(32, 32, 3, 1, 1, 1, 32, false));
    CHECK(counts(dw).kind == op_class::depthwise_conv);
    CHECK(counts(dw).macs == 64.0 * 32 * 9);
    CHECK(counts(dw).parameters == 32.0 * 9);
    // seed-001 convention with C_in divided by groups: 2 H W (1 * 9 + 1) C_out
    CHECK(counts(dw).molchanov_flops == 2.0 * 64 * 10 * 32);

    const auto pw = one({1, 32, 8, 8}, conv2d(32, 64, 1, 1, 0, 1, 1, false));
    CHECK(counts(pw).kind == op_class::pointwise_conv);
    CHECK(counts(pw).macs == 64.0 * 32 * 64);
    CHECK(counts(pw).other_ops == 0.0);

    const auto grouped = one({1, 8, 4, 4}, conv2d(8, 16, 3, 1, 1, 1, 2, false));
    CHECK(counts(grouped).kind == op_class::dense_conv);
    CHECK(counts(grouped).parameters == 16.0 * 4 * 9);
    CHECK(counts(grouped).macs == 16.0 * 16 * 4 * 9);
}

TEST_CASE("conv2d: inconsistent shapes name the layer and the shapes", "[flops]") {
    const auto msg = message_of([] { one({1, 4, 8, 8}, conv2d(3, 8, 3)); });
    CHECK(msg.find("'l.input' = [1, 4, 8, 8]") != std::string::npos);
    CHECK(msg.find("in_channels = 3") != std::string::npos);
    CHECK_THROWS_AS(one({1, 3, 2, 2}, conv2d(3, 8, 3)), parameter_error); // kernel larger than input
    CHECK_THROWS_AS(one({1, 3, 8}, conv2d(3, 8, 3)), parameter_error);    // rank 3
}

TEST_CASE("linear: counts over the last axis, tied weights, seed-001 (2I - 1) O", "[flops]") {
    CHECK_THROWS_AS(linear(0, 10), parameter_error);
    CHECK_THROWS_AS(linear(10, 0), parameter_error);
    const auto m = one({2, 100}, linear(100, 10));
    CHECK(m.node(0).output_shape == tensor_shape{2, 10});
    CHECK(counts(m).kind == op_class::fully_connected);
    CHECK(counts(m).macs == 2000.0);
    CHECK(counts(m).parameters == 1010.0);
    CHECK(counts(m).molchanov_flops == 2.0 * 199 * 10);
    const auto seq = one({1, 5, 100}, linear(100, 7, false));
    CHECK(seq.node(0).output_shape == tensor_shape{1, 5, 7});
    CHECK(counts(seq).macs == 3500.0);
    const auto tied = one({1, 4}, linear(4, 6, false, true));
    CHECK(counts(tied).parameters == 0.0);
    CHECK(counts(tied).weight_elements == 24.0);
    CHECK_THROWS_AS(one({1, 99}, linear(100, 10)), parameter_error);
    CHECK_THROWS_AS(one({100}, linear(100, 10)), parameter_error);
}

TEST_CASE("normalisation layers", "[flops]") {
    CHECK_THROWS_AS(batch_norm(0), parameter_error);
    CHECK_THROWS_AS(layer_norm(0), parameter_error);
    CHECK_THROWS_AS(rms_norm(0), parameter_error);
    const auto bn = one({1, 16, 4, 4}, batch_norm(16));
    CHECK(counts(bn).kind == op_class::normalization);
    CHECK(counts(bn).parameters == 32.0);      // gamma, beta (torch: trainable parameters)
    CHECK(counts(bn).weight_elements == 64.0); // + running mean and variance
    CHECK(counts(bn).macs == 0.0);
    CHECK(counts(bn).other_ops == 2.0 * 256);
    CHECK_THROWS_AS(one({1, 15, 4, 4}, batch_norm(16)), parameter_error);
    CHECK(counts(one({1, 3, 8}, layer_norm(8))).parameters == 16.0);
    CHECK(counts(one({1, 3, 8}, layer_norm(8, true, false))).parameters == 8.0);
    CHECK(counts(one({1, 3, 8}, layer_norm(8, false))).parameters == 0.0);
    CHECK(counts(one({1, 3, 8}, rms_norm(8))).parameters == 8.0);
    CHECK_THROWS_AS(one({1, 3, 9}, rms_norm(8)), parameter_error);
    CHECK_THROWS_AS(one({1, 3, 9}, layer_norm(8)), parameter_error);
}

TEST_CASE("pooling: output sizes (floor, ceil mode, padding) and adaptive bins", "[flops]") {
    CHECK_THROWS_AS(pool2d(pool_kind::max, 0, 1), parameter_error);
    CHECK_THROWS_AS(pool2d(pool_kind::max, 3, 0), parameter_error);
    CHECK_THROWS_AS(pool2d(pool_kind::max, 3, 1, -1), parameter_error);
    CHECK_THROWS_AS(pool2d(pool_kind::max, 3, 1, 2), parameter_error); // padding > kernel / 2
    CHECK_THROWS_AS(adaptive_pool2d(pool_kind::average, 0), parameter_error);
    CHECK(one({1, 8, 112, 112}, pool2d(pool_kind::max, 3, 2)).node(0).output_shape == tensor_shape{1, 8, 55, 55});
    CHECK(one({1, 8, 112, 112}, pool2d(pool_kind::max, 3, 2, 1)).node(0).output_shape == tensor_shape{1, 8, 56, 56});
    CHECK(one({1, 1, 5, 5}, pool2d(pool_kind::max, 2, 2, 0, true)).node(0).output_shape == tensor_shape{1, 1, 3, 3});
    CHECK(one({1, 1, 5, 5}, pool2d(pool_kind::max, 2, 2)).node(0).output_shape == tensor_shape{1, 1, 2, 2});
    CHECK(one({1, 1, 6, 6}, pool2d(pool_kind::max, 3, 2, 1, true)).node(0).output_shape == tensor_shape{1, 1, 4, 4});
    const auto mp = one({1, 2, 4, 4}, pool2d(pool_kind::average, 2, 2));
    CHECK(counts(mp).kind == op_class::pooling);
    CHECK(counts(mp).other_ops == 2.0 * 2 * 2 * 4);
    CHECK_THROWS_AS(one({1, 2, 2, 2}, pool2d(pool_kind::max, 3, 1)), parameter_error);
    const auto gap = one({1, 512, 7, 7}, adaptive_pool2d(pool_kind::average, 1));
    CHECK(gap.node(0).output_shape == tensor_shape{1, 512, 1, 1});
    CHECK(counts(gap).other_ops == 512.0 * 49);
    // 5 -> 2 bins: [0, 3) and [2, 5): 6 positions per axis
    CHECK(counts(one({1, 1, 5, 5}, adaptive_pool2d(pool_kind::max, 2))).other_ops == 36.0);
    CHECK_THROWS_AS(one({1, 5, 5}, adaptive_pool2d(pool_kind::max, 2)), parameter_error);
}

TEST_CASE("activations, element-wise ops, data movement", "[flops]") {
    CHECK(counts(one({1, 10}, activation(activation_kind::relu))).other_ops == 10.0);
    CHECK(counts(one({1, 10}, activation(activation_kind::gelu))).other_ops == 80.0);
    CHECK(counts(one({1, 10}, activation(activation_kind::softmax))).kind == op_class::elementwise);
    CHECK_THROWS_AS(activation(activation_kind::softmax, 4), parameter_error);
    CHECK_THROWS_AS(one({1, 10}, activation(activation_kind::softmax, 0)), parameter_error); // batch axis
    CHECK_THROWS_AS(one({1, 10}, activation(activation_kind::softmax, 2)), parameter_error);

    model_builder b("ew", {1, 4, 8, 8});
    b.add("gap", adaptive_pool2d(pool_kind::average, 1));
    b.add("scale", elementwise(elementwise_op::mul), {"input", "gap"});
    b.add("sum", elementwise(elementwise_op::add), {"scale", "input", "scale"});
    b.add("part", slice(1, 1, 2));
    b.add("cat", concat(1), {"part", "input"});
    b.add("up", upsample_nearest(2));
    b.add("flat", flatten(1));
    b.add("shaped", reshape({-1, 16}));
    const model m = std::move(b).build();
    CHECK(m.node(1).output_shape == tensor_shape{1, 4, 8, 8});
    CHECK(m.node(2).counts.other_ops == 2.0 * 256);
    CHECK(m.node(3).output_shape == tensor_shape{1, 2, 8, 8});
    CHECK(m.node(4).output_shape == tensor_shape{1, 6, 8, 8});
    CHECK(m.node(4).counts.kind == op_class::data_movement);
    CHECK(m.node(4).counts.input_elements == 128.0 + 256.0);
    CHECK(m.node(5).output_shape == tensor_shape{1, 6, 16, 16});
    CHECK(m.node(6).output_shape == tensor_shape{1, 1536});
    CHECK(m.node(7).output_shape == tensor_shape{1, 96, 16});

    CHECK_THROWS_AS(concat(0), parameter_error);
    CHECK_THROWS_AS(slice(0, 0, 1), parameter_error);
    CHECK_THROWS_AS(slice(1, -1, 1), parameter_error);
    CHECK_THROWS_AS(slice(1, 0, 0), parameter_error);
    CHECK_THROWS_AS(flatten(0), parameter_error);
    CHECK_THROWS_AS(reshape({}), parameter_error);
    CHECK_THROWS_AS(reshape({-1, -1}), parameter_error);
    CHECK_THROWS_AS(reshape({0, 4}), parameter_error);
    CHECK_THROWS_AS(upsample_nearest(0), parameter_error);
    CHECK_THROWS_AS(one({1, 4, 8, 8}, slice(1, 3, 2)), parameter_error);
    CHECK_THROWS_AS(one({1, 4, 8}, slice(3, 0, 1)), parameter_error);
    CHECK_THROWS_AS(one({1, 4, 8}, reshape({5, -1})), parameter_error);
    CHECK_THROWS_AS(one({1, 4}, flatten(2)), parameter_error);
    CHECK_THROWS_AS(one({1, 4, 8}, upsample_nearest(2)), parameter_error);

    model_builder bad("bad", {1, 4, 8, 8});
    bad.add("a", conv2d(4, 3, 1));
    CHECK_THROWS_AS(bad.add("x", elementwise(elementwise_op::add), {"a", "input"}), parameter_error);
    CHECK_THROWS_AS(bad.add("y", concat(1), {"a"}), parameter_error); // one input
    bad.add("p", pool2d(pool_kind::max, 2, 2), {"input"});
    const auto msg = message_of([&] { bad.add("z", concat(1), {"a", "p"}); });
    CHECK(msg.find("'z.input' = [1, 3, 8, 8], [1, 4, 4, 4]") != std::string::npos);
}

TEST_CASE("lstm and gru: PyTorch parameter counts and MACs", "[flops]") {
    CHECK_THROWS_AS(lstm({0, 20}), parameter_error);
    CHECK_THROWS_AS(lstm({10, 0}), parameter_error);
    CHECK_THROWS_AS(gru({10, 20, 0}), parameter_error);
    // torch.nn.LSTM(10, 20, num_layers=2): 2560 + 3360 parameters
    const auto l = one({1, 7, 10}, lstm({10, 20, 2}));
    CHECK(counts(l).kind == op_class::recurrent);
    CHECK(counts(l).parameters == 5920.0);
    CHECK(counts(l).macs == 7.0 * (4 * 20 * 30 + 4 * 20 * 40));
    CHECK(l.node(0).output_shape == tensor_shape{1, 7, 20});
    const auto bi = one({1, 7, 10}, lstm({10, 20, 1, true, false}));
    CHECK(counts(bi).parameters == 5120.0);
    CHECK(bi.node(0).output_shape == tensor_shape{1, 40});
    // Keras: one bias vector per gate
    CHECK(counts(one({1, 3, 10}, lstm({10, 20, 1, false, true, recurrent_bias::single}))).parameters == 2480.0);
    CHECK(counts(one({1, 3, 10}, lstm({10, 20, 1, false, true, recurrent_bias::none}))).parameters == 2400.0);
    // torch.nn.GRU(10, 20): 3 * 20 * (10 + 20) + 2 * 60
    const auto g = one({2, 5, 10}, gru({10, 20}));
    CHECK(counts(g).parameters == 1920.0);
    CHECK(counts(g).macs == 2.0 * 5 * 3 * 20 * 30);
    CHECK_THROWS_AS(one({1, 7, 11}, lstm({10, 20})), parameter_error);
    CHECK_THROWS_AS(one({1, 10}, gru({10, 20})), parameter_error);
}

TEST_CASE("multi_head_attention: projections, causal masking, grouped KV heads, KV cache", "[flops]") {
    CHECK_THROWS_AS(multi_head_attention({0, 4}), parameter_error);
    CHECK_THROWS_AS(multi_head_attention({64, 0}), parameter_error);
    CHECK_THROWS_AS(multi_head_attention({64, 5}), parameter_error);    // 5 does not divide 64
    CHECK_THROWS_AS(multi_head_attention({64, 8, 3}), parameter_error); // 3 does not divide 8
    CHECK_THROWS_AS(multi_head_attention({64, 8, 2, 8, true, -1}), parameter_error);
    CHECK(multi_head_attention({64, 8}).config().num_kv_heads == 8);
    CHECK(multi_head_attention({64, 8}).config().head_dim == 8);

    // torch.nn.MultiheadAttention(64, 4): 4 * 64 * 64 + 4 * 64 parameters
    const auto full = one({1, 10, 64}, multi_head_attention({64, 4}));
    CHECK(counts(full).kind == op_class::attention);
    CHECK(counts(full).parameters == 16640.0);
    CHECK(counts(full).macs == 10.0 * 4 * 64 * 64 + 2.0 * 4 * 10 * 10 * 16);
    const auto causal = one({1, 10, 64}, multi_head_attention({64, 4, 0, 0, true}));
    CHECK(counts(causal).macs == 10.0 * 4 * 64 * 64 + 2.0 * 4 * 55 * 16);

    // grouped-query decode: 8 heads of 8, 2 KV heads, 100 cached tokens, one new token
    const auto dec = one({1, 1, 64}, multi_head_attention({64, 8, 2, 0, true, 100, false}));
    CHECK(counts(dec).parameters == 64.0 * 64 + 2 * 64 * 16 + 64 * 64);
    CHECK(counts(dec).macs == 10240.0 + 2.0 * 8 * 101 * 8);
    CHECK(counts(dec).input_elements == 64.0 + 2 * 100 * 16); // + K and V cache read
    CHECK_THROWS_AS(one({1, 10, 32}, multi_head_attention({64, 4})), parameter_error);
}

TEST_CASE("embedding and transformer decoder block", "[flops]") {
    CHECK_THROWS_AS(embedding(0, 4), parameter_error);
    CHECK_THROWS_AS(embedding(4, 0), parameter_error);
    const auto e = one({1, 5}, embedding(1000, 16));
    CHECK(e.node(0).output_shape == tensor_shape{1, 5, 16});
    CHECK(counts(e).kind == op_class::embedding);
    CHECK(counts(e).parameters == 16000.0);
    CHECK(counts(e).weight_elements == 80.0); // only the rows looked up are read
    CHECK_THROWS_AS(one({1, 5, 2}, embedding(1000, 16)), parameter_error);

    CHECK_THROWS_AS(transformer_decoder_block({64, 4, 2, 16, 0}), parameter_error);
    CHECK_THROWS_AS(transformer_decoder_block({64, 4, 3, 16, 128}), parameter_error);
    const auto blk = one({1, 3, 64}, transformer_decoder_block({64, 4, 2, 16, 128}));
    CHECK(counts(blk).parameters == 12288.0 + 24576.0 + 128.0);
    CHECK(counts(blk).macs == 3.0 * 12288 + 2.0 * 4 * 6 * 16 + 3.0 * 24576);
    const auto step = one({1, 1, 64}, transformer_decoder_block({64, 4, 2, 16, 128, 10}));
    CHECK(counts(step).macs == 12288.0 + 2.0 * 4 * 11 * 16 + 24576.0);
    CHECK(counts(step).input_elements == 64.0 + 2.0 * 10 * 32);
    CHECK_THROWS_AS(one({1, 3, 32}, transformer_decoder_block({64, 4, 2, 16, 128})), parameter_error);
}

TEST_CASE("enumerations outside their range are parameter errors, never a table index", "[flops][hostile]") {
    // Python and JSON hand enums over as integers (ActivationKind(99) constructs in pybind11).
    const auto bad = [](auto e) { return static_cast<decltype(e)>(99); };
    CHECK(message_of([&] { (void)activation(bad(activation_kind::relu)); }) ==
          "offload: offload::dnn::activation: parameter 'kind' = 99 is invalid: must be one of the enumerators");
    CHECK(message_of([&] { (void)elementwise(bad(elementwise_op::add)); }) ==
          "offload: offload::dnn::elementwise: parameter 'op' = 99 is invalid: must be one of the enumerators");
    CHECK(message_of([&] {
              (void)pool2d(bad(pool_kind::max), 2, 2);
          }).find("offload::dnn::pool2d: parameter 'kind' = 99") != std::string::npos);
    CHECK(message_of([&] {
              (void)adaptive_pool2d(bad(pool_kind::max), 1);
          }).find("offload::dnn::adaptive_pool2d: parameter 'kind' = 99") != std::string::npos);
    recurrent_config rc{8, 8};
    rc.bias = bad(recurrent_bias::none);
    CHECK(message_of([&] { (void)lstm(rc); }).find("offload::dnn::lstm: parameter 'bias' = 99") != std::string::npos);
    CHECK(message_of([&] { (void)gru(rc); }).find("offload::dnn::gru: parameter 'bias' = 99") != std::string::npos);
    CHECK(message_of([&] {
              (void)bytes_per_element(bad(dtype::fp32));
          }).find("offload::dnn::bytes_per_element: parameter 'dtype' = 99") != std::string::npos);
    CHECK(message_of([&] {
              (void)model_builder("m", tensor_shape{1, 3}, bad(dtype::fp32));
          }).find("offload::dnn::model_builder: parameter 'type' = 99") != std::string::npos);
    CHECK(message_of([&] {
              (void)flops(layer_counts{}, bad(flops_convention::twice_macs));
          }).find("offload::dnn::flops: parameter 'convention' = 99") != std::string::npos);
    CHECK(to_string(bad(op_class::dense_conv)) == "invalid");
    // the last enumerator is still accepted
    CHECK(activation(activation_kind::softmax).kind() == activation_kind::softmax);
    CHECK(bytes_per_element(dtype::int8) == 1.0);
}
