// offload/flops/model.hpp — a neural network as a chain or DAG of named layers, with shapes propagated and
// per-layer costs (MACs, FLOPs, parameters, bytes) computed once when the model is built.
//
//     offload::dnn::model_builder b("tiny", offload::dnn::tensor_shape{1, 3, 32, 32});
//     b.add("conv", offload::dnn::conv2d(3, 16, 3, 1, 1));             // input: the previous layer
//     b.add("relu", offload::dnn::activation(offload::dnn::activation_kind::relu));
//     b.add("skip", offload::dnn::elementwise(offload::dnn::elementwise_op::add), {"conv", "relu"});
//     const offload::dnn::model m = std::move(b).build();
//     total_macs(m); layer_costs(m, offload::dnn::dtype::fp16);
//
// Conventions (docs/flops.md): MACs count the multiply-accumulates of convolutions, fully connected layers,
// attention matrix products and recurrent cells; everything else (activations, pooling, normalisation,
// adds, biases) is counted separately as "other ops". FLOPs follow a flops_convention.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "offload/error.hpp"
#include "offload/flops/layer_cost.hpp"
#include "offload/flops/layers.hpp"

namespace offload::dnn {

/// How FLOPs are derived from a layer's operations.
enum class flops_convention : unsigned char {
    twice_macs,            ///< FLOPs = 2 x MACs (the usual "GFLOPs" of papers; other ops are not counted)
    molchanov,             ///< seed 001 / Molchanov et al. 2017: conv 2 H W (C_in/groups K^2 + 1) C_out,
                           ///< fully connected (2I - 1) O; every other layer 2 x MACs
    twice_macs_plus_other, ///< 2 x MACs + element-wise operations (activations, pooling, norms, adds, biases)
};

/// Dtype-independent counts of one layer applied to its input shapes (computed at build time).
struct layer_counts {
    op_class kind = op_class::elementwise;
    double macs = 0.0;
    double other_ops = 0.0;       ///< element-wise operations that are not multiply-accumulates (estimates)
    double molchanov_flops = 0.0; ///< FLOPs under flops_convention::molchanov
    double parameters = 0.0;      ///< trainable parameters owned by this layer
    double weight_elements = 0.0; ///< weight elements read per inference
    double input_elements = 0.0;  ///< activation elements read (inputs, plus the KV cache for attention)
    double output_elements = 0.0; ///< activation elements written

    bool operator==(const layer_counts&) const = default;
};

constexpr double flops(const layer_counts& c, flops_convention convention) {
    switch (offload::detail::require_enumerator(convention, flops_convention::twice_macs_plus_other,
                                                "offload::dnn::flops", "convention")) {
    case flops_convention::molchanov:
        return c.molchanov_flops;
    case flops_convention::twice_macs_plus_other:
        return 2.0 * c.macs + c.other_ops;
    case flops_convention::twice_macs:
        break;
    }
    return 2.0 * c.macs;
}

/// The cost of one layer for an element type (weights and activations alike) and a FLOPs convention.
constexpr layer_cost to_layer_cost(const layer_counts& c, dtype type, flops_convention convention) {
    const double b = bytes_per_element(type);
    return layer_cost{c.kind,
                      c.macs,
                      flops(c, convention),
                      c.parameters,
                      c.weight_elements * b,
                      c.input_elements * b,
                      c.output_elements * b};
}

namespace detail {

inline constexpr int model_input = -1; // node index of the model input

[[noreturn]] inline void throw_shape_error(const std::string& layer_name, const char* type,
                                           std::span<const tensor_shape> inputs, const std::string& requirement) {
    std::string shapes;
    for (std::size_t i = 0; i < inputs.size(); ++i) shapes += (i ? ", " : "") + to_string(inputs[i]);
    const std::string function = std::string("offload::dnn::model_builder::add(") + type + ")";
    offload::detail::throw_parameter_error(function.c_str(), (layer_name + ".input").c_str(), shapes,
                                           requirement.c_str());
}

struct analysis {
    tensor_shape output;
    layer_counts counts;
};

// Every analyse() receives the already-checked number of inputs (1 unless the layer merges).
struct analyser {
    const std::string& name;
    std::span<const tensor_shape> in;

    [[noreturn]] void fail(const char* type, const std::string& requirement) const {
        throw_shape_error(name, type, in, requirement);
    }
    const tensor_shape& x() const noexcept { return in[0]; }
    static double d(std::int64_t v) noexcept { return static_cast<double>(v); }
    static double d(int v) noexcept { return static_cast<double>(v); }

    void require_rank(const char* type, int rank) const {
        if (x().rank() != rank) fail(type, "must have rank " + std::to_string(rank));
    }
    void require_last(const char* type, int size, const char* what) const {
        if (x().rank() < 2 || x()[x().rank() - 1] != size)
            fail(type, std::string("must have rank >= 2 and last dimension = ") + what + " = " + std::to_string(size));
    }

    /// a x b for a, b >= 1, or a shape error naming the layer when it exceeds `limit` (never an overflowed
    /// int64): tensor dimensions are at most 2^40, element counts at most 2^62.
    static constexpr std::int64_t max_dim = std::int64_t{1} << 40;
    static constexpr std::int64_t max_elements = std::int64_t{1} << 62;
    std::int64_t times(const char* type, std::int64_t a, std::int64_t b, std::int64_t limit) const {
        if (a > limit / b)
            fail(type,
                 limit == max_dim ? "would produce a dimension above 2^40" : "would have more than 2^62 elements");
        return a * b;
    }

    static std::int64_t conv_out(std::int64_t size, int kernel, int stride, int pad, int dilation) noexcept {
        const std::int64_t span = std::int64_t{dilation} * (kernel - 1) + 1;
        const std::int64_t room = size + 2 * std::int64_t{pad} - span;
        return room < 0 ? 0 : room / stride + 1;
    }

    analysis operator()(const conv2d& l) const {
        require_rank("conv2d", 4);
        if (x()[1] != l.in_channels())
            fail("conv2d", "must have channels = in_channels = " + std::to_string(l.in_channels()));
        const auto h = conv_out(x()[2], l.kernel_size().h, l.stride().h, l.padding().h, l.dilation().h);
        const auto w = conv_out(x()[3], l.kernel_size().w, l.stride().w, l.padding().w, l.dilation().w);
        if (h < 1 || w < 1) fail("conv2d", "is smaller than the (dilated) kernel: the output would be empty");
        const tensor_shape out{x()[0], l.out_channels(), h, w};
        const double positions = d(x()[0]) * d(h) * d(w);
        const double per_output = d(l.in_channels() / l.groups()) * d(l.kernel_size().h) * d(l.kernel_size().w);
        layer_counts c;
        c.kind = (l.groups() > 1 && l.groups() == l.in_channels()) ? op_class::depthwise_conv
                 : (l.kernel_size() == hw(1) && l.groups() == 1)   ? op_class::pointwise_conv
                                                                   : op_class::dense_conv;
        c.macs = positions * d(l.out_channels()) * per_output;
        c.other_ops = l.bias() ? out.elements() : 0.0;
        c.molchanov_flops = 2.0 * positions * (per_output + 1.0) * d(l.out_channels());
        c.parameters = d(l.out_channels()) * per_output + (l.bias() ? d(l.out_channels()) : 0.0);
        c.weight_elements = c.parameters;
        c.input_elements = x().elements();
        c.output_elements = out.elements();
        return {out, c};
    }

    analysis operator()(const linear& l) const {
        require_last("linear", l.in_features(), "in_features");
        std::vector<std::int64_t> dims = x().dims();
        dims.back() = l.out_features();
        const tensor_shape out(dims);
        const double rows = x().elements() / d(l.in_features());
        const double I = d(l.in_features()), O = d(l.out_features());
        layer_counts c;
        c.kind = op_class::fully_connected;
        c.macs = rows * I * O;
        c.other_ops = l.bias() ? rows * O : 0.0;
        c.molchanov_flops = rows * (2.0 * I - 1.0) * O;
        c.weight_elements = I * O + (l.bias() ? O : 0.0);
        c.parameters = l.tied() ? (l.bias() ? O : 0.0) : c.weight_elements;
        c.input_elements = x().elements();
        c.output_elements = out.elements();
        return {out, c};
    }

    analysis simple(op_class kind, const tensor_shape& out, double other_ops, double parameters,
                    double weight_elements) const {
        layer_counts c;
        c.kind = kind;
        c.other_ops = other_ops;
        c.parameters = parameters;
        c.weight_elements = weight_elements;
        for (const auto& s : in) c.input_elements += s.elements();
        c.output_elements = out.elements();
        return {out, c};
    }

    analysis operator()(const batch_norm& l) const {
        if (x().rank() < 2 || x()[1] != l.num_features())
            fail("batch_norm",
                 "must have rank >= 2 and channels (axis 1) = num_features = " + std::to_string(l.num_features()));
        const double C = d(l.num_features());
        return simple(op_class::normalization, x(), 2.0 * x().elements(), 2.0 * C, 4.0 * C);
    }
    analysis operator()(const layer_norm& l) const {
        require_last("layer_norm", l.normalized_size(), "normalized_size");
        const double D = d(l.normalized_size());
        const double p = l.elementwise_affine() ? (l.bias() ? 2.0 * D : D) : 0.0;
        return simple(op_class::normalization, x(), 5.0 * x().elements(), p, p);
    }
    analysis operator()(const rms_norm& l) const {
        require_last("rms_norm", l.normalized_size(), "normalized_size");
        const double D = d(l.normalized_size());
        return simple(op_class::normalization, x(), 4.0 * x().elements(), D, D);
    }

    static std::int64_t pool_out(std::int64_t size, int kernel, int stride, int pad, bool ceil_mode) noexcept {
        const std::int64_t room = size + 2 * std::int64_t{pad} - kernel;
        if (room < 0) return 0;
        std::int64_t out = (ceil_mode ? (room + stride - 1) / stride : room / stride) + 1;
        if (ceil_mode && (out - 1) * stride >= size + pad) --out; // the last window must start inside
        return out;
    }

    analysis operator()(const pool2d& l) const {
        require_rank("pool2d", 4);
        const auto h = pool_out(x()[2], l.kernel_size().h, l.stride().h, l.padding().h, l.ceil_mode());
        const auto w = pool_out(x()[3], l.kernel_size().w, l.stride().w, l.padding().w, l.ceil_mode());
        if (h < 1 || w < 1) fail("pool2d", "is smaller than the pooling kernel: the output would be empty");
        const tensor_shape out{x()[0], x()[1], h, w};
        return simple(op_class::pooling, out, out.elements() * d(l.kernel_size().h) * d(l.kernel_size().w), 0.0, 0.0);
    }

    // Sum of PyTorch's adaptive bin sizes: bin i covers [floor(i n / m), ceil((i + 1) n / m)).
    static double adaptive_span(std::int64_t n, int m) noexcept {
        double total = 0.0;
        for (std::int64_t i = 0; i < m; ++i) total += d((((i + 1) * n + m - 1) / m) - (i * n) / m);
        return total;
    }

    analysis operator()(const adaptive_pool2d& l) const {
        require_rank("adaptive_pool2d", 4);
        const tensor_shape out{x()[0], x()[1], l.output_size().h, l.output_size().w};
        const double ops =
            d(x()[0]) * d(x()[1]) * adaptive_span(x()[2], l.output_size().h) * adaptive_span(x()[3], l.output_size().w);
        return simple(op_class::pooling, out, ops, 0.0, 0.0);
    }

    /// Element-wise operation estimates per element (documented in docs/flops.md).
    static double ops_per_element(activation_kind k) noexcept {
        switch (k) {
        case activation_kind::relu:
            return 1.0;
        case activation_kind::relu6:
            return 2.0;
        case activation_kind::sigmoid:
            return 4.0;
        case activation_kind::tanh:
        case activation_kind::silu:
        case activation_kind::hardswish:
        case activation_kind::softmax:
            return 5.0;
        case activation_kind::gelu:
            return 8.0;
        }
        return 1.0;
    }

    analysis operator()(const activation& l) const {
        if (l.kind() == activation_kind::softmax &&
            (l.axis() >= x().rank() || l.axis() < -x().rank() || l.axis() == 0 || l.axis() == -x().rank()))
            fail("activation", "must have a non-batch axis " + std::to_string(l.axis()) + " for softmax");
        return simple(op_class::elementwise, x(), ops_per_element(l.kind()) * x().elements(), 0.0, 0.0);
    }

    analysis operator()(const elementwise&) const {
        if (in.size() < 2) fail("elementwise", "must be two or more tensors");
        std::vector<std::int64_t> dims = x().dims();
        for (const auto& s : in) {
            if (s.rank() != x().rank()) fail("elementwise", "must all have the same rank");
            for (int a = 0; a < s.rank(); ++a) {
                auto& cur = dims[static_cast<std::size_t>(a)];
                if (s[a] == cur || s[a] == 1) continue;
                if (cur == 1)
                    cur = s[a];
                else
                    fail("elementwise", "must be broadcast-compatible (each dimension equal or 1)");
            }
        }
        const tensor_shape out(dims);
        return simple(op_class::elementwise, out, d(static_cast<std::int64_t>(in.size()) - 1) * out.elements(), 0.0,
                      0.0);
    }

    analysis operator()(const concat& l) const {
        if (in.size() < 2) fail("concat", "must be two or more tensors");
        const int axis = l.axis();
        std::vector<std::int64_t> dims = x().dims();
        if (axis >= x().rank()) fail("concat", "must have rank > axis = " + std::to_string(axis));
        dims[static_cast<std::size_t>(axis)] = 0;
        for (const auto& s : in) {
            if (s.rank() != x().rank()) fail("concat", "must all have the same rank");
            for (int a = 0; a < s.rank(); ++a)
                if (a != axis && s[a] != x()[a])
                    fail("concat", "must agree on every axis except axis " + std::to_string(axis));
            dims[static_cast<std::size_t>(axis)] += s[axis];
            if (dims[static_cast<std::size_t>(axis)] > max_dim) fail("concat", "would produce a dimension above 2^40");
        }
        return simple(op_class::data_movement, tensor_shape(dims), 0.0, 0.0, 0.0);
    }

    analysis operator()(const slice& l) const {
        if (l.axis() >= x().rank() || std::int64_t{l.start()} + l.length() > x()[l.axis()])
            fail("slice", "must have axis " + std::to_string(l.axis()) + " covering [" + std::to_string(l.start()) +
                              ", " + std::to_string(l.start() + l.length()) + ")");
        std::vector<std::int64_t> dims = x().dims();
        dims[static_cast<std::size_t>(l.axis())] = l.length();
        return simple(op_class::data_movement, tensor_shape(dims), 0.0, 0.0, 0.0);
    }

    analysis operator()(const flatten& l) const {
        if (l.start_axis() >= x().rank())
            fail("flatten", "must have rank > start_axis = " + std::to_string(l.start_axis()));
        const std::vector<std::int64_t> all = x().dims();
        std::vector<std::int64_t> dims(all.begin(), all.begin() + l.start_axis());
        std::int64_t rest = 1;
        for (int a = l.start_axis(); a < x().rank(); ++a) rest = times("flatten", rest, x()[a], max_dim);
        dims.push_back(rest);
        return simple(op_class::data_movement, tensor_shape(dims), 0.0, 0.0, 0.0);
    }

    analysis operator()(const reshape& l) const {
        std::int64_t known = 1, have = 1;
        for (int a = 1; a < x().rank(); ++a) have = times("reshape", have, x()[a], max_elements);
        for (auto v : l.shape())
            if (v != -1) known = times("reshape", known, v, max_elements);
        std::vector<std::int64_t> dims{x()[0]};
        for (auto v : l.shape()) dims.push_back(v == -1 ? (known > 0 ? have / known : 0) : v);
        std::int64_t got = 1;
        for (std::size_t a = 1; a < dims.size(); ++a) {
            if (dims[a] < 1 || dims[a] > max_dim)
                fail("reshape", "must have as many non-batch elements as the target shape, each dimension <= 2^40");
            got = times("reshape", got, dims[a], max_elements);
        }
        if (got != have) fail("reshape", "must have as many non-batch elements as the target shape");
        return simple(op_class::data_movement, tensor_shape(dims), 0.0, 0.0, 0.0);
    }

    analysis operator()(const upsample_nearest& l) const {
        require_rank("upsample_nearest", 4);
        const tensor_shape out{x()[0], x()[1], times("upsample_nearest", x()[2], l.scale_factor(), max_dim),
                               times("upsample_nearest", x()[3], l.scale_factor(), max_dim)};
        return simple(op_class::data_movement, out, 0.0, 0.0, 0.0);
    }

    analysis recurrent(const char* type, const recurrent_config& cfg, int gates, double unit_ops) const {
        require_rank(type, 3);
        if (x()[2] != cfg.input_size) fail(type, "must be (N, T, input_size = " + std::to_string(cfg.input_size) + ")");
        const double N = d(x()[0]), T = d(x()[1]), H = d(cfg.hidden_size), G = gates;
        const double dirs = cfg.bidirectional ? 2.0 : 1.0;
        const double biases = cfg.bias == recurrent_bias::none ? 0.0 : cfg.bias == recurrent_bias::single ? 1.0 : 2.0;
        layer_counts c;
        c.kind = op_class::recurrent;
        for (int layer_index = 0; layer_index < cfg.num_layers; ++layer_index) {
            const double in_size = layer_index == 0 ? d(cfg.input_size) : H * dirs;
            c.macs += N * T * dirs * G * H * (in_size + H);
            c.parameters += dirs * (G * H * (in_size + H) + biases * G * H);
        }
        c.other_ops = N * T * dirs * d(cfg.num_layers) * H * (unit_ops + biases * G);
        c.molchanov_flops = 2.0 * c.macs;
        c.weight_elements = c.parameters;
        c.input_elements = x().elements();
        const auto width = static_cast<std::int64_t>(cfg.hidden_size) * (cfg.bidirectional ? 2 : 1);
        const tensor_shape out =
            cfg.return_sequences ? tensor_shape{x()[0], x()[1], width} : tensor_shape{x()[0], width};
        c.output_elements = out.elements();
        return {out, c};
    }
    // per hidden unit and step: LSTM 3 sigmoids, 2 tanh, 3 mul, 1 add; GRU 2 sigmoids, 1 tanh, 3 mul, 2 add
    analysis operator()(const lstm& l) const { return recurrent("lstm", l.config(), 4, 3 * 4.0 + 2 * 5.0 + 4.0); }
    analysis operator()(const gru& l) const { return recurrent("gru", l.config(), 3, 2 * 4.0 + 5.0 + 5.0); }

    struct attention_parts {
        double projection_macs, core_macs, scores, kv_cache_elements, projection_weights;
    };
    attention_parts attention_counts(const attention_config& a) const {
        const double N = d(x()[0]), T = d(x()[1]), E = d(a.embed_dim), past = d(a.kv_cache_length);
        const double q = d(a.num_heads) * d(a.head_dim), kv = d(a.num_kv_heads) * d(a.head_dim);
        const double keys = a.causal ? T * past + T * (T + 1.0) / 2.0 : T * (past + T); // (query, key) pairs
        attention_parts p{};
        p.projection_weights = E * q + 2.0 * E * kv + q * E;
        p.projection_macs = N * T * p.projection_weights;
        p.scores = N * d(a.num_heads) * keys;
        p.core_macs = 2.0 * p.scores * d(a.head_dim); // QK^T and AV
        p.kv_cache_elements = 2.0 * N * past * kv;
        return p;
    }

    analysis operator()(const multi_head_attention& l) const {
        const auto& a = l.config();
        require_rank("multi_head_attention", 3);
        if (x()[2] != a.embed_dim)
            fail("multi_head_attention", "must be (N, T, embed_dim = " + std::to_string(a.embed_dim) + ")");
        const auto p = attention_counts(a);
        const double q = d(a.num_heads) * d(a.head_dim), kv = d(a.num_kv_heads) * d(a.head_dim);
        const double bias = a.bias ? q + 2.0 * kv + d(a.embed_dim) : 0.0;
        layer_counts c;
        c.kind = op_class::attention;
        c.macs = p.projection_macs + p.core_macs;
        c.other_ops = 6.0 * p.scores + d(x()[0]) * d(x()[1]) * bias; // scale + softmax per score; bias adds
        c.molchanov_flops = 2.0 * c.macs;
        c.parameters = p.projection_weights + bias;
        c.weight_elements = c.parameters;
        c.input_elements = x().elements() + p.kv_cache_elements;
        c.output_elements = x().elements();
        return {x(), c};
    }

    analysis operator()(const embedding& l) const {
        require_rank("embedding", 2);
        const tensor_shape out{x()[0], x()[1], l.embedding_dim()};
        const double rows = std::min(x().elements(), d(l.num_embeddings()));
        layer_counts c;
        c.kind = op_class::embedding;
        c.parameters = d(l.num_embeddings()) * d(l.embedding_dim());
        c.weight_elements = rows * d(l.embedding_dim());
        c.input_elements = x().elements();
        c.output_elements = out.elements();
        return {out, c};
    }

    analysis operator()(const transformer_decoder_block& l) const {
        const auto& b = l.config();
        require_rank("transformer_decoder_block", 3);
        if (x()[2] != b.hidden_size)
            fail("transformer_decoder_block", "must be (N, T, hidden_size = " + std::to_string(b.hidden_size) + ")");
        const attention_config a{b.hidden_size, b.num_heads,       b.num_kv_heads, b.head_dim,
                                 true,          b.kv_cache_length, false};
        const auto p = attention_counts(a);
        const double tokens = d(x()[0]) * d(x()[1]), E = d(b.hidden_size), M = d(b.mlp_hidden);
        const double rope = tokens * d(b.num_heads + b.num_kv_heads) * d(b.head_dim) * 3.0;
        layer_counts c;
        c.kind = op_class::fully_connected; // > 90 % of the MACs are the projection and MLP matrix products
        c.macs = p.projection_macs + p.core_macs + tokens * 3.0 * E * M;
        c.other_ops = 6.0 * p.scores + rope + tokens * (2.0 * 4.0 * E + 2.0 * E + 6.0 * M); // norms, adds, SwiGLU
        c.molchanov_flops = 2.0 * c.macs;
        c.parameters = p.projection_weights + 3.0 * E * M + 2.0 * E;
        c.weight_elements = c.parameters;
        c.input_elements = x().elements() + p.kv_cache_elements;
        c.output_elements = x().elements();
        return {x(), c};
    }
};

inline bool merges(const layer& l) noexcept {
    return std::holds_alternative<elementwise>(l) || std::holds_alternative<concat>(l);
}

} // namespace detail

/// One layer of a built model.
struct model_node {
    std::string name;
    layer op;
    std::vector<int> inputs; ///< indices of the producing nodes; -1 = the model input
    tensor_shape output_shape;
    layer_counts counts;
    int last_use = 0; ///< index of the last node that reads this output (own index if none)
};

class model_builder;

/// A built, immutable model: nodes in a topological order (the order they were added), every shape and
/// count computed.
class model {
public:
    const std::string& name() const noexcept { return name_; }
    const tensor_shape& input_shape() const noexcept { return input_; }
    /// The element type used for bytes when a function is not given one.
    dtype data_type() const noexcept { return dtype_; }
    std::size_t size() const noexcept { return nodes_.size(); }
    const model_node& node(std::size_t i) const { return nodes_.at(i); }
    std::span<const model_node> nodes() const noexcept { return nodes_; }
    /// Parameters that exist in the published model but do not take part in inference (InceptionV3's
    /// auxiliary classifier); included in total_parameters.
    double training_only_parameters() const noexcept { return training_only_; }
    /// Index of a layer by name, or -1.
    int find(const std::string& layer_name) const {
        const auto it = index_.find(layer_name);
        return it == index_.end() ? -1 : it->second;
    }
    const detail::analysis& totals() const noexcept { return totals_; }

    /// Index of the last node reading the model input.
    int input_last_use() const noexcept { return input_last_use_; }

private:
    friend class model_builder;
    model() = default;
    std::string name_;
    tensor_shape input_;
    dtype dtype_ = dtype::fp32;
    std::vector<model_node> nodes_;
    std::unordered_map<std::string, int> index_;
    double training_only_ = 0.0;
    detail::analysis totals_{}; // summed counts; output = the model's output shape
    int input_last_use_ = -1;
};

/// Builds a model layer by layer; shapes are checked as each layer is added.
class model_builder {
public:
    static constexpr const char* input_name = "input";

    model_builder(std::string name, const tensor_shape& input_shape, dtype type = dtype::fp32) {
        if (input_shape.rank() == 0)
            offload::detail::throw_parameter_error("offload::dnn::model_builder", "input_shape", "[]",
                                                   "must have rank 1..4");
        m_.name_ = std::move(name);
        m_.input_ = input_shape;
        m_.dtype_ = offload::detail::require_enumerator(type, dtype::int8, "offload::dnn::model_builder", "type");
    }

    /// Adds a layer reading the previous layer's output (the model input for the first layer).
    /// Returns the layer's name.
    const std::string& add(std::string name, layer op) {
        const int previous = static_cast<int>(m_.nodes_.size()) - 1;
        return add_impl(std::move(name), std::move(op), std::vector<int>{previous});
    }

    /// Adds a layer reading the named layers' outputs ("input" = the model input).
    const std::string& add(std::string name, layer op, const std::vector<std::string>& inputs) {
        std::vector<int> ids;
        ids.reserve(inputs.size());
        for (const auto& in : inputs) {
            if (in == input_name) {
                ids.push_back(detail::model_input);
                continue;
            }
            const int id = m_.find(in);
            if (id < 0)
                offload::detail::throw_parameter_error("offload::dnn::model_builder::add", (name + ".inputs").c_str(),
                                                       "'" + in + "'", "must name a layer added before (or \"input\")");
            ids.push_back(id);
        }
        return add_impl(std::move(name), std::move(op), std::move(ids));
    }

    /// See model::training_only_parameters.
    model_builder& training_only_parameters(double count) {
        m_.training_only_ = offload::detail::require_non_negative(
            count, "offload::dnn::model_builder::training_only_parameters", "count");
        return *this;
    }

    std::size_t size() const noexcept { return m_.nodes_.size(); }
    const tensor_shape& output_shape(const std::string& layer_name) const {
        const int id = m_.find(layer_name);
        if (id < 0)
            offload::detail::throw_parameter_error("offload::dnn::model_builder::output_shape", "name",
                                                   "'" + layer_name + "'", "must name a layer added before");
        return m_.nodes_[static_cast<std::size_t>(id)].output_shape;
    }

    /// Finishes the model: it must have at least one layer, and every layer's output except the last must
    /// be read by a later layer (the last layer is the model's only output).
    model build() && {
        if (m_.nodes_.empty())
            offload::detail::throw_parameter_error("offload::dnn::model_builder::build", "layers", 0.0,
                                                   "must not be empty");
        const auto n = m_.nodes_.size();
        for (std::size_t i = 0; i + 1 < n; ++i)
            if (m_.nodes_[i].last_use == static_cast<int>(i))
                offload::detail::throw_parameter_error(
                    "offload::dnn::model_builder::build", (m_.nodes_[i].name + ".output").c_str(),
                    to_string(m_.nodes_[i].output_shape), "is never read: only the last layer may be an output");
        auto& t = m_.totals_;
        t = {};
        for (const auto& node : m_.nodes_) {
            const auto& c = node.counts;
            t.counts.macs += c.macs;
            t.counts.other_ops += c.other_ops;
            t.counts.molchanov_flops += c.molchanov_flops;
            t.counts.parameters += c.parameters;
            t.counts.weight_elements += c.weight_elements;
            t.counts.input_elements += c.input_elements;
            t.counts.output_elements += c.output_elements;
        }
        t.output = m_.nodes_.back().output_shape;
        return std::move(m_);
    }

private:
    const std::string& add_impl(std::string name, layer op, std::vector<int> ids) {
        if (name.empty() || name == input_name || m_.find(name) >= 0)
            offload::detail::throw_parameter_error("offload::dnn::model_builder::add", "name", "'" + name + "'",
                                                   "must be non-empty, unique and not \"input\"");
        if (ids.empty())
            offload::detail::throw_parameter_error("offload::dnn::model_builder::add", (name + ".inputs").c_str(), "[]",
                                                   "must name at least one input");
        if (ids.size() > 1 && !detail::merges(op))
            offload::detail::throw_parameter_error("offload::dnn::model_builder::add", (name + ".inputs").c_str(),
                                                   static_cast<double>(ids.size()),
                                                   "must be exactly one input for a non-merging layer");
        std::vector<tensor_shape> shapes;
        shapes.reserve(ids.size());
        for (int id : ids) shapes.push_back(id < 0 ? m_.input_ : m_.nodes_[static_cast<std::size_t>(id)].output_shape);
        const detail::analysis a = std::visit(detail::analyser{name, shapes}, op);
        const int self = static_cast<int>(m_.nodes_.size());
        for (int id : ids) {
            if (id < 0)
                m_.input_last_use_ = self;
            else
                m_.nodes_[static_cast<std::size_t>(id)].last_use = self;
        }
        m_.index_.emplace(name, self);
        m_.nodes_.push_back(model_node{std::move(name), std::move(op), std::move(ids), a.output, a.counts, self});
        return m_.nodes_.back().name;
    }

    model m_;
};

// ---------------------------------------------------------------------------------------------------------
// Whole-model properties (O(1): summed at build time)

inline double total_macs(const model& m) noexcept { return m.totals().counts.macs; }
inline double total_flops(const model& m, flops_convention convention = flops_convention::twice_macs) {
    return flops(m.totals().counts, convention);
}
/// Element-wise (non-MAC) operations, estimated.
inline double total_other_ops(const model& m) noexcept { return m.totals().counts.other_ops; }
/// Trainable parameters of the published model, including training-only ones.
inline double total_parameters(const model& m) noexcept {
    return m.totals().counts.parameters + m.training_only_parameters();
}
inline double total_weight_bytes(const model& m, dtype type) {
    return m.totals().counts.weight_elements * bytes_per_element(type);
}
inline const tensor_shape& output_shape(const model& m) noexcept { return m.totals().output; }
inline double input_bytes(const model& m, dtype type) { return m.input_shape().elements() * bytes_per_element(type); }
inline double input_bytes(const model& m) { return input_bytes(m, m.data_type()); }
inline double output_bytes(const model& m, dtype type) {
    return m.totals().output.elements() * bytes_per_element(type);
}

// ---------------------------------------------------------------------------------------------------------
// Per-layer costs

/// Cost of layer i (no allocation).
inline layer_cost cost(const model& m, std::size_t i, dtype type,
                       flops_convention convention = flops_convention::twice_macs) {
    return to_layer_cost(m.node(i).counts, type, convention);
}

/// Writes the cost of every layer into out (out.size() must equal m.size()); no allocation.
inline void layer_costs(const model& m, std::span<layer_cost> out, dtype type,
                        flops_convention convention = flops_convention::twice_macs) {
    if (out.size() != m.size())
        offload::detail::throw_parameter_error("offload::dnn::layer_costs", "out.size", static_cast<double>(out.size()),
                                               "must equal the number of layers");
    const auto nodes = m.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) out[i] = to_layer_cost(nodes[i].counts, type, convention);
}

/// The cost of every layer, in the model's (topological) order.
inline std::vector<layer_cost> layer_costs(const model& m, dtype type,
                                           flops_convention convention = flops_convention::twice_macs) {
    std::vector<layer_cost> out(m.size());
    layer_costs(m, std::span<layer_cost>(out), type, convention);
    return out;
}
inline std::vector<layer_cost> layer_costs(const model& m) { return layer_costs(m, m.data_type()); }

} // namespace offload::dnn
