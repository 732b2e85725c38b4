// offload/flops/layer_cost.hpp — the interface between layer descriptions (what a layer computes) and
// hardware latency estimates (how long it takes on a device).
//
// A model's layers are reduced to one layer_cost each; offload/flops/latency_estimate.hpp turns a sequence
// of layer_costs into seconds on a hardware_profile. Units: MACs and FLOPs are counts, bytes are bytes.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "offload/error.hpp"

namespace offload::dnn {

/// Operation classes with distinct efficiency on real hardware: on a CPU a depthwise convolution runs several
/// times slower per FLOP than a dense 3x3 convolution, and near-zero-FLOP layers (pooling, unfused batch-norm)
/// are bound by memory traffic and per-layer overhead.
enum class op_class : unsigned char {
    dense_conv,      ///< convolution with kernel > 1x1 and groups == 1 (or few groups)
    pointwise_conv,  ///< 1x1 convolution
    depthwise_conv,  ///< groups == input channels
    fully_connected, ///< linear / matrix-vector / matrix-matrix
    elementwise,     ///< activations, add, mul
    normalization,   ///< batch-norm, layer-norm, RMS-norm
    pooling,         ///< max / average / adaptive pooling
    attention,       ///< scaled dot-product attention (QK^T, softmax, AV)
    recurrent,       ///< LSTM / GRU cells over a sequence
    embedding,       ///< table look-up
    data_movement,   ///< concat, reshape, flatten, upsample (copies)
};

inline constexpr std::size_t op_class_count = 11;

inline constexpr std::array<std::string_view, op_class_count> op_class_names = {
    "dense_conv", "pointwise_conv", "depthwise_conv", "fully_connected", "elementwise",  "normalization",
    "pooling",    "attention",      "recurrent",      "embedding",       "data_movement"};

/// The class's name; "invalid" for a value outside the enumeration (never an out-of-bounds read).
constexpr std::string_view to_string(op_class c) noexcept {
    const auto i = static_cast<std::size_t>(c);
    return i < op_class_count ? op_class_names[i] : std::string_view("invalid");
}

/// Element types of weights and activations.
enum class dtype : unsigned char { fp32, fp16, int8 };

/// 4 for fp32, 2 for fp16, 1 for int8; a value outside the enumeration is a parameter_error.
constexpr double bytes_per_element(dtype t) {
    offload::detail::require_enumerator(t, dtype::int8, "offload::dnn::bytes_per_element", "dtype");
    return t == dtype::fp32 ? 4.0 : t == dtype::fp16 ? 2.0 : 1.0;
}

/// The cost of executing one layer once (one inference request).
struct layer_cost {
    op_class kind = op_class::elementwise;
    double macs = 0.0;         ///< multiply-accumulates
    double flops = 0.0;        ///< floating-point operations under the model's FLOPs convention
    double parameters = 0.0;   ///< trainable parameters
    double weight_bytes = 0.0; ///< parameter bytes read
    double input_bytes = 0.0;  ///< activation bytes read
    double output_bytes = 0.0; ///< activation bytes written (also the payload if the model is cut here)

    /// Memory traffic for a roofline: weights + activations in and out.
    constexpr double memory_bytes() const noexcept { return weight_bytes + input_bytes + output_bytes; }

    bool operator==(const layer_cost&) const = default;
};

} // namespace offload::dnn
