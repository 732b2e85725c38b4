// offload/flops/layers.hpp — layer descriptions as small validated value types.
//
// Each layer type is a copyable class whose constructor validates its parameters (offload::parameter_error
// naming the layer type, the field and the value) and whose members are parameter accessors only. What a
// layer computes for a given input shape (output shape, MACs, parameters, bytes) is derived in
// offload/flops/model.hpp when the layer is added to a model.
//
// Tensor layouts: images are NCHW (rank 4), sequences are (N, T, F) (rank 3, batch first), flat features
// are (N, F) and token ids are (N, T) (rank 2). Axes are counted from 0 = batch.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "offload/error.hpp"

namespace offload::dnn {

// ---------------------------------------------------------------------------------------------------------
// Shapes

/// A tensor shape of rank 1..4 with every dimension >= 1 (dimension 0 is the batch).
class tensor_shape {
public:
    static constexpr int max_rank = 4;

    tensor_shape() = default;
    tensor_shape(std::initializer_list<std::int64_t> dims) { assign(dims.begin(), dims.end()); }
    explicit tensor_shape(const std::vector<std::int64_t>& dims) { assign(dims.data(), dims.data() + dims.size()); }

    int rank() const noexcept { return rank_; }
    std::int64_t operator[](int axis) const noexcept { return dims_[static_cast<std::size_t>(axis)]; }
    std::int64_t batch() const noexcept { return dims_[0]; }
    /// number of elements (product of the dimensions), as a double
    double elements() const noexcept {
        double product = 1.0;
        for (int i = 0; i < rank_; ++i) product *= static_cast<double>(dims_[static_cast<std::size_t>(i)]);
        return product;
    }
    std::vector<std::int64_t> dims() const { return {dims_.begin(), dims_.begin() + rank_}; }

    friend bool operator==(const tensor_shape& a, const tensor_shape& b) noexcept {
        if (a.rank_ != b.rank_) return false;
        for (int i = 0; i < a.rank_; ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

private:
    template <class It>
    void assign(It first, It last) {
        const auto n = last - first;
        if (n < 1 || n > max_rank)
            offload::detail::throw_parameter_error("offload::dnn::tensor_shape", "rank", static_cast<double>(n),
                                                   "must be 1..4");
        rank_ = static_cast<int>(n);
        for (int i = 0; i < rank_; ++i) {
            const std::int64_t d = first[i];
            if (d < 1 || d > (std::int64_t{1} << 40))
                offload::detail::throw_parameter_error("offload::dnn::tensor_shape", "dims", static_cast<double>(d),
                                                       "every dimension must be an integer in [1, 2^40]");
            dims_[static_cast<std::size_t>(i)] = d;
        }
    }

    std::array<std::int64_t, max_rank> dims_{};
    int rank_ = 0;
};

/// "[1, 3, 224, 224]"
inline std::string to_string(const tensor_shape& s) {
    std::string out = "[";
    for (int i = 0; i < s.rank(); ++i) {
        if (i) out += ", ";
        out += std::to_string(s[i]);
    }
    return out + "]";
}

/// A (height, width) pair; an int converts to a square pair.
struct hw {
    int h = 1;
    int w = 1;
    constexpr hw(int both) noexcept : h(both), w(both) {} // NOLINT(google-explicit-constructor)
    constexpr hw(int height, int width) noexcept : h(height), w(width) {}
    friend constexpr bool operator==(hw a, hw b) noexcept { return a.h == b.h && a.w == b.w; }
};

namespace detail {

inline int require_int_at_least(long long value, long long minimum, const char* function, const char* parameter) {
    if (value < minimum || value > 1000000000LL) {
        const std::string requirement = "must be an integer in [" + std::to_string(minimum) + ", 1e9]";
        offload::detail::throw_parameter_error(function, parameter, static_cast<double>(value), requirement.c_str());
    }
    return static_cast<int>(value);
}

inline hw require_hw_at_least(hw value, int minimum, const char* function, const char* parameter) {
    if (value.h < minimum || value.w < minimum || value.h > 1000000 || value.w > 1000000) {
        const std::string requirement = "both entries must be integers >= " + std::to_string(minimum);
        offload::detail::throw_parameter_error(function, parameter,
                                               "(" + std::to_string(value.h) + ", " + std::to_string(value.w) + ")",
                                               requirement.c_str());
    }
    return value;
}

} // namespace detail

// ---------------------------------------------------------------------------------------------------------
// Convolution, fully connected, normalisation

/// 2-D convolution over NCHW. groups == in_channels (== out_channels / multiplier) is depthwise.
class conv2d {
public:
    bool operator==(const conv2d&) const = default;

    conv2d(int in_channels, int out_channels, hw kernel, hw stride = 1, hw padding = 0, hw dilation = 1, int groups = 1,
           bool bias = true)
        : in_(detail::require_int_at_least(in_channels, 1, "offload::dnn::conv2d", "in_channels")),
          out_(detail::require_int_at_least(out_channels, 1, "offload::dnn::conv2d", "out_channels")),
          kernel_(detail::require_hw_at_least(kernel, 1, "offload::dnn::conv2d", "kernel_size")),
          stride_(detail::require_hw_at_least(stride, 1, "offload::dnn::conv2d", "stride")),
          padding_(detail::require_hw_at_least(padding, 0, "offload::dnn::conv2d", "padding")),
          dilation_(detail::require_hw_at_least(dilation, 1, "offload::dnn::conv2d", "dilation")),
          groups_(detail::require_int_at_least(groups, 1, "offload::dnn::conv2d", "groups")), bias_(bias) {
        if (in_ % groups_ != 0 || out_ % groups_ != 0)
            offload::detail::throw_parameter_error("offload::dnn::conv2d", "groups", groups_,
                                                   "must divide in_channels and out_channels");
    }
    int in_channels() const noexcept { return in_; }
    int out_channels() const noexcept { return out_; }
    hw kernel_size() const noexcept { return kernel_; }
    hw stride() const noexcept { return stride_; }
    hw padding() const noexcept { return padding_; }
    hw dilation() const noexcept { return dilation_; }
    int groups() const noexcept { return groups_; }
    bool bias() const noexcept { return bias_; }

private:
    int in_, out_;
    hw kernel_, stride_, padding_, dilation_;
    int groups_;
    bool bias_;
};

/// Fully connected layer over the last axis: (..., in_features) -> (..., out_features).
/// tied = true: the weight matrix is shared with another layer (an LM head tied to the embedding); its
/// parameters are counted there, but this layer still reads them.
class linear {
public:
    bool operator==(const linear&) const = default;

    linear(int in_features, int out_features, bool bias = true, bool tied = false)
        : in_(detail::require_int_at_least(in_features, 1, "offload::dnn::linear", "in_features")),
          out_(detail::require_int_at_least(out_features, 1, "offload::dnn::linear", "out_features")), bias_(bias),
          tied_(tied) {}
    int in_features() const noexcept { return in_; }
    int out_features() const noexcept { return out_; }
    bool bias() const noexcept { return bias_; }
    bool tied() const noexcept { return tied_; }

private:
    int in_, out_;
    bool bias_, tied_;
};

/// Inference-mode batch normalisation over axis 1 (channels): y = gamma (x - mean) / sqrt(var + eps) + beta.
/// Parameters 2C (gamma, beta); weights read 4C (with the running statistics).
class batch_norm {
public:
    bool operator==(const batch_norm&) const = default;

    explicit batch_norm(int num_features)
        : c_(detail::require_int_at_least(num_features, 1, "offload::dnn::batch_norm", "num_features")) {}
    int num_features() const noexcept { return c_; }

private:
    int c_;
};

/// Layer normalisation over the last axis, with (affine) or without learned scale and shift.
class layer_norm {
public:
    bool operator==(const layer_norm&) const = default;

    explicit layer_norm(int normalized_size, bool elementwise_affine = true, bool bias = true)
        : d_(detail::require_int_at_least(normalized_size, 1, "offload::dnn::layer_norm", "normalized_size")),
          affine_(elementwise_affine), bias_(bias) {}
    int normalized_size() const noexcept { return d_; }
    bool elementwise_affine() const noexcept { return affine_; }
    bool bias() const noexcept { return bias_; }

private:
    int d_;
    bool affine_, bias_;
};

/// RMS normalisation over the last axis with a learned scale (Llama).
class rms_norm {
public:
    bool operator==(const rms_norm&) const = default;

    explicit rms_norm(int normalized_size)
        : d_(detail::require_int_at_least(normalized_size, 1, "offload::dnn::rms_norm", "normalized_size")) {}
    int normalized_size() const noexcept { return d_; }

private:
    int d_;
};

// ---------------------------------------------------------------------------------------------------------
// Pooling

enum class pool_kind : unsigned char { max, average };

/// Max / average pooling over H, W of NCHW. ceil_mode as in PyTorch. Padded positions do not count as
/// operations (count_include_pad only changes a divisor).
class pool2d {
public:
    bool operator==(const pool2d&) const = default;

    pool2d(pool_kind kind, hw kernel, hw stride, hw padding = 0, bool ceil_mode = false)
        : kind_(offload::detail::require_enumerator(kind, pool_kind::average, "offload::dnn::pool2d", "kind")),
          kernel_(detail::require_hw_at_least(kernel, 1, "offload::dnn::pool2d", "kernel_size")),
          stride_(detail::require_hw_at_least(stride, 1, "offload::dnn::pool2d", "stride")),
          padding_(detail::require_hw_at_least(padding, 0, "offload::dnn::pool2d", "padding")), ceil_(ceil_mode) {
        if (2 * padding_.h > kernel_.h || 2 * padding_.w > kernel_.w)
            offload::detail::throw_parameter_error("offload::dnn::pool2d", "padding",
                                                   "(" + std::to_string(padding_.h) + ", " +
                                                       std::to_string(padding_.w) + ")",
                                                   "must be at most half the kernel size");
    }
    pool_kind kind() const noexcept { return kind_; }
    hw kernel_size() const noexcept { return kernel_; }
    hw stride() const noexcept { return stride_; }
    hw padding() const noexcept { return padding_; }
    bool ceil_mode() const noexcept { return ceil_; }

private:
    pool_kind kind_;
    hw kernel_, stride_, padding_;
    bool ceil_;
};

/// Adaptive max / average pooling to a fixed output size (global average pooling: output (1, 1)).
class adaptive_pool2d {
public:
    bool operator==(const adaptive_pool2d&) const = default;

    adaptive_pool2d(pool_kind kind, hw output_size)
        : kind_(offload::detail::require_enumerator(kind, pool_kind::average, "offload::dnn::adaptive_pool2d", "kind")),
          out_(detail::require_hw_at_least(output_size, 1, "offload::dnn::adaptive_pool2d", "output_size")) {}
    pool_kind kind() const noexcept { return kind_; }
    hw output_size() const noexcept { return out_; }

private:
    pool_kind kind_;
    hw out_;
};

// ---------------------------------------------------------------------------------------------------------
// Element-wise and data movement

enum class activation_kind : unsigned char { relu, relu6, silu, gelu, sigmoid, tanh, hardswish, softmax };

/// An element-wise activation; softmax normalises along `axis` (default -1 = last; negative counts from
/// the end).
class activation {
public:
    bool operator==(const activation&) const = default;

    explicit activation(activation_kind kind, int axis = -1)
        : kind_(
              offload::detail::require_enumerator(kind, activation_kind::softmax, "offload::dnn::activation", "kind")),
          axis_(axis) {
        if (axis < -4 || axis > 3)
            offload::detail::throw_parameter_error("offload::dnn::activation", "axis", axis, "must lie in [-4, 3]");
    }
    activation_kind kind() const noexcept { return kind_; }
    int axis() const noexcept { return axis_; }

private:
    activation_kind kind_;
    int axis_;
};

enum class elementwise_op : unsigned char { add, mul };

/// Element-wise sum / product of two or more tensors with NumPy broadcasting (a squeeze-excitation scale
/// (N, C, 1, 1) times (N, C, H, W) is allowed); residual connections are adds.
class elementwise {
public:
    bool operator==(const elementwise&) const = default;

    explicit elementwise(elementwise_op op)
        : op_(offload::detail::require_enumerator(op, elementwise_op::mul, "offload::dnn::elementwise", "op")) {}
    elementwise_op op() const noexcept { return op_; }

private:
    elementwise_op op_;
};

/// Concatenation of two or more tensors along `axis` (default 1 = channels).
class concat {
public:
    bool operator==(const concat&) const = default;

    explicit concat(int axis = 1) : axis_(axis) {
        if (axis < 1 || axis > 3)
            offload::detail::throw_parameter_error("offload::dnn::concat", "axis", axis,
                                                   "must lie in [1, 3] (not the batch)");
    }
    int axis() const noexcept { return axis_; }

private:
    int axis_;
};

/// The slice [start, start + length) of `axis` (a chunk/split output; a view, no copy counted).
class slice {
public:
    bool operator==(const slice&) const = default;

    slice(int axis, int start, int length)
        : axis_(axis), start_(detail::require_int_at_least(start, 0, "offload::dnn::slice", "start")),
          length_(detail::require_int_at_least(length, 1, "offload::dnn::slice", "length")) {
        if (axis < 1 || axis > 3)
            offload::detail::throw_parameter_error("offload::dnn::slice", "axis", axis,
                                                   "must lie in [1, 3] (not the batch)");
    }
    int axis() const noexcept { return axis_; }
    int start() const noexcept { return start_; }
    int length() const noexcept { return length_; }

private:
    int axis_, start_, length_;
};

/// Flattens axes start_axis.. into one: (N, C, H, W) -> (N, C*H*W) for start_axis = 1.
class flatten {
public:
    bool operator==(const flatten&) const = default;

    explicit flatten(int start_axis = 1) : start_(start_axis) {
        if (start_axis < 1 || start_axis > 3)
            offload::detail::throw_parameter_error("offload::dnn::flatten", "start_axis", start_axis,
                                                   "must lie in [1, 3]");
    }
    int start_axis() const noexcept { return start_; }

private:
    int start_;
};

/// Reshape of the non-batch axes to `shape` (batch kept); at most one entry may be -1 (inferred).
class reshape {
public:
    bool operator==(const reshape&) const = default;

    explicit reshape(std::vector<std::int64_t> shape) : shape_(std::move(shape)) {
        if (shape_.empty() || shape_.size() > 3)
            offload::detail::throw_parameter_error("offload::dnn::reshape", "shape.size",
                                                   static_cast<double>(shape_.size()), "must be 1..3 (non-batch axes)");
        int inferred = 0;
        for (auto d : shape_) {
            if (d == -1)
                ++inferred;
            else if (d < 1)
                offload::detail::throw_parameter_error("offload::dnn::reshape", "shape", static_cast<double>(d),
                                                       "entries must be >= 1 or -1");
        }
        if (inferred > 1)
            offload::detail::throw_parameter_error("offload::dnn::reshape", "shape", static_cast<double>(inferred),
                                                   "at most one entry may be -1");
    }
    const std::vector<std::int64_t>& shape() const noexcept { return shape_; }

private:
    std::vector<std::int64_t> shape_;
};

/// Nearest-neighbour upsampling of H and W by an integer factor.
class upsample_nearest {
public:
    bool operator==(const upsample_nearest&) const = default;

    explicit upsample_nearest(int scale_factor)
        : scale_(detail::require_int_at_least(scale_factor, 1, "offload::dnn::upsample_nearest", "scale_factor")) {}
    int scale_factor() const noexcept { return scale_; }

private:
    int scale_;
};

// ---------------------------------------------------------------------------------------------------------
// Sequence models

/// Bias vectors per gate: PyTorch keeps two (b_ih and b_hh), Keras one.
enum class recurrent_bias : unsigned char { none, single, pytorch };

struct recurrent_config {
    int input_size = 0;
    int hidden_size = 0;
    int num_layers = 1;
    bool bidirectional = false;
    bool return_sequences = true; ///< false: only the last step, (N, T, F) -> (N, H * directions)
    recurrent_bias bias = recurrent_bias::pytorch;

    bool operator==(const recurrent_config&) const = default;
};

namespace detail {
inline recurrent_config validate_recurrent(const recurrent_config& c, const char* function) {
    require_int_at_least(c.input_size, 1, function, "input_size");
    require_int_at_least(c.hidden_size, 1, function, "hidden_size");
    require_int_at_least(c.num_layers, 1, function, "num_layers");
    offload::detail::require_enumerator(c.bias, recurrent_bias::pytorch, function, "bias");
    return c;
}
} // namespace detail

/// A stacked (optionally bidirectional) LSTM over a (N, T, input_size) sequence. Gates: 4.
class lstm {
public:
    bool operator==(const lstm&) const = default;

    explicit lstm(const recurrent_config& config) : c_(detail::validate_recurrent(config, "offload::dnn::lstm")) {}
    const recurrent_config& config() const noexcept { return c_; }

private:
    recurrent_config c_;
};

/// A stacked (optionally bidirectional) GRU over a (N, T, input_size) sequence. Gates: 3.
class gru {
public:
    bool operator==(const gru&) const = default;

    explicit gru(const recurrent_config& config) : c_(detail::validate_recurrent(config, "offload::dnn::gru")) {}
    const recurrent_config& config() const noexcept { return c_; }

private:
    recurrent_config c_;
};

struct attention_config {
    int embed_dim = 0;
    int num_heads = 0;
    int num_kv_heads = 0;             ///< 0 = num_heads (plain multi-head); fewer = grouped-query attention
    int head_dim = 0;                 ///< 0 = embed_dim / num_heads
    bool causal = false;              ///< each query attends only to keys at or before its position
    std::int64_t kv_cache_length = 0; ///< tokens already in the KV cache (decode), 0 for prefill
    bool bias = true;                 ///< biases on the Q, K, V and output projections

    bool operator==(const attention_config&) const = default;
};

namespace detail {
inline attention_config validate_attention(attention_config c, const char* function) {
    require_int_at_least(c.embed_dim, 1, function, "embed_dim");
    require_int_at_least(c.num_heads, 1, function, "num_heads");
    require_int_at_least(c.num_kv_heads, 0, function, "num_kv_heads");
    require_int_at_least(c.head_dim, 0, function, "head_dim");
    if (c.kv_cache_length < 0 || c.kv_cache_length > (std::int64_t{1} << 40))
        offload::detail::throw_parameter_error(function, "kv_cache_length", static_cast<double>(c.kv_cache_length),
                                               "must be an integer in [0, 2^40]");
    if (c.num_kv_heads == 0) c.num_kv_heads = c.num_heads;
    if (c.num_heads % c.num_kv_heads != 0)
        offload::detail::throw_parameter_error(function, "num_kv_heads", c.num_kv_heads, "must divide num_heads");
    if (c.head_dim == 0) {
        if (c.embed_dim % c.num_heads != 0)
            offload::detail::throw_parameter_error(function, "num_heads", c.num_heads,
                                                   "must divide embed_dim when head_dim is not given");
        c.head_dim = c.embed_dim / c.num_heads;
    }
    return c;
}
} // namespace detail

/// Multi-head self-attention with its Q, K, V and output projections over (N, T, embed_dim). With
/// kv_cache_length = n the T new tokens also attend to n cached keys/values (read from memory).
class multi_head_attention {
public:
    bool operator==(const multi_head_attention&) const = default;

    explicit multi_head_attention(const attention_config& config)
        : c_(detail::validate_attention(config, "offload::dnn::multi_head_attention")) {}
    const attention_config& config() const noexcept { return c_; }

private:
    attention_config c_;
};

/// Token-id look-up: (N, T) -> (N, T, embedding_dim).
class embedding {
public:
    bool operator==(const embedding&) const = default;

    embedding(int num_embeddings, int embedding_dim)
        : v_(detail::require_int_at_least(num_embeddings, 1, "offload::dnn::embedding", "num_embeddings")),
          d_(detail::require_int_at_least(embedding_dim, 1, "offload::dnn::embedding", "embedding_dim")) {}
    int num_embeddings() const noexcept { return v_; }
    int embedding_dim() const noexcept { return d_; }

private:
    int v_, d_;
};

struct decoder_block_config {
    int hidden_size = 0;
    int num_heads = 0;
    int num_kv_heads = 0;             ///< 0 = num_heads
    int head_dim = 0;                 ///< 0 = hidden_size / num_heads
    int mlp_hidden = 0;               ///< SwiGLU intermediate size
    std::int64_t kv_cache_length = 0; ///< 0: prefill of the T input tokens; n: decode after n cached tokens

    bool operator==(const decoder_block_config&) const = default;
};

namespace detail {
inline decoder_block_config validate_decoder(decoder_block_config c) {
    const char* f = "offload::dnn::transformer_decoder_block";
    require_int_at_least(c.hidden_size, 1, f, "hidden_size"); // before the attention check calls it embed_dim
    require_int_at_least(c.mlp_hidden, 1, f, "mlp_hidden");
    const attention_config a =
        validate_attention({c.hidden_size, c.num_heads, c.num_kv_heads, c.head_dim, true, c.kv_cache_length, false}, f);
    c.num_kv_heads = a.num_kv_heads;
    c.head_dim = a.head_dim;
    return c;
}
} // namespace detail

/// A pre-norm Llama-style decoder block over (N, T, hidden): RMSNorm, causal grouped-query attention with
/// rotary embeddings and a KV cache, residual add, RMSNorm, SwiGLU MLP (gate, up, down), residual add. No
/// biases. kv_cache_length = 0 is the prefill of T tokens; T = 1 with kv_cache_length = n is one decode step
/// at context length n (the new token attends to n + 1 positions).
class transformer_decoder_block {
public:
    bool operator==(const transformer_decoder_block&) const = default;

    explicit transformer_decoder_block(const decoder_block_config& config) : c_(detail::validate_decoder(config)) {}
    const decoder_block_config& config() const noexcept { return c_; }

private:
    decoder_block_config c_;
};

/// Any layer description.
using layer = std::variant<conv2d, linear, batch_norm, layer_norm, rms_norm, pool2d, adaptive_pool2d, activation,
                           elementwise, concat, slice, flatten, reshape, upsample_nearest, lstm, gru,
                           multi_head_attention, embedding, transformer_decoder_block>;

/// The layer type's name as used in JSON ("conv2d", "linear", ...), indexed like the variant.
inline constexpr std::array<const char*, std::variant_size_v<layer>> layer_type_names = {"conv2d",
                                                                                         "linear",
                                                                                         "batch_norm",
                                                                                         "layer_norm",
                                                                                         "rms_norm",
                                                                                         "pool2d",
                                                                                         "adaptive_pool2d",
                                                                                         "activation",
                                                                                         "elementwise",
                                                                                         "concat",
                                                                                         "slice",
                                                                                         "flatten",
                                                                                         "reshape",
                                                                                         "upsample_nearest",
                                                                                         "lstm",
                                                                                         "gru",
                                                                                         "multi_head_attention",
                                                                                         "embedding",
                                                                                         "transformer_decoder_block"};

inline const char* type_name(const layer& l) noexcept { return layer_type_names[l.index()]; }

} // namespace offload::dnn
