// offload/flops/latency_estimate.hpp — per-layer and whole-model latency on a hardware_profile.
//
// Per layer l of class c in element type t (a roofline with efficiencies, plus a fixed overhead):
//     T_l = max( FLOPs_l / (eta_compute[c] x peak[t]),  bytes_l / (eta_memory[c] x bandwidth) ) + overhead
// Model latency (the service time of one inference request) is the sum over the executed layers; a split
// at index s runs layers [0, s) on the device and [s, n) on the edge. With all efficiencies 1 and overhead 0
// this is the roofline lower bound; seed 001's Algorithm 1 (I = comp / FLOPS) is its compute term alone.
// Status: an estimate (a bound when uncalibrated); its accuracy against real inference is in
// docs/calibration.md. Evaluation allocates nothing and costs a few multiplications per layer.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/layer_cost.hpp"

namespace offload::dnn {

/// The terms of one layer's estimate, for explaining where the time goes.
struct layer_latency_terms {
    double compute_seconds = 0.0;  ///< FLOPs / (eta_compute x peak)
    double memory_seconds = 0.0;   ///< bytes / (eta_memory x bandwidth)
    double overhead_seconds = 0.0; ///< the profile's per-layer overhead
    double total_seconds = 0.0;    ///< max(compute, memory) + overhead
    bool memory_bound = false;     ///< memory_seconds > compute_seconds

    bool operator==(const layer_latency_terms&) const = default;
};

namespace detail {

[[noreturn]] inline void throw_layer_field_error(const char* function, std::size_t index, const char* field,
                                                 double value) {
    const std::string parameter = "layers[" + std::to_string(index) + "]." + field;
    offload::detail::throw_parameter_error(function, parameter.c_str(), value, "must be finite and >= 0");
}

inline bool valid_field(double v) noexcept { return v >= 0.0 && v < infinity; }

/// Checks the fields a latency estimate reads (flops and the three byte counts, and the class).
inline void require_layer(const layer_cost& l, std::size_t index, const char* function) {
    if (static_cast<std::size_t>(l.kind) >= op_class_count) {
        const std::string parameter = "layers[" + std::to_string(index) + "].kind";
        offload::detail::throw_parameter_error(function, parameter.c_str(),
                                               static_cast<double>(static_cast<unsigned>(l.kind)),
                                               "must be one of the op_class enumerators");
    }
    if (!valid_field(l.flops)) throw_layer_field_error(function, index, "flops", l.flops);
    if (!valid_field(l.weight_bytes)) throw_layer_field_error(function, index, "weight_bytes", l.weight_bytes);
    if (!valid_field(l.input_bytes)) throw_layer_field_error(function, index, "input_bytes", l.input_bytes);
    if (!valid_field(l.output_bytes)) throw_layer_field_error(function, index, "output_bytes", l.output_bytes);
}

/// No validation: callers validate once (require_layer / require_dtype_available).
inline double layer_seconds_unchecked(const hardware_profile& p, const layer_cost& l, dtype t) noexcept {
    const double compute = l.flops * p.seconds_per_flop(l.kind, t);
    const double memory = l.memory_bytes() * p.seconds_per_byte(l.kind);
    return (compute < memory ? memory : compute) + p.layer_overhead();
}

inline double sum_layers(const hardware_profile& p, std::span<const layer_cost> layers, dtype t, std::size_t first,
                         std::size_t last, const char* function) {
    double total = 0.0;
    for (std::size_t i = first; i < last; ++i) {
        require_layer(layers[i], i, function);
        total += layer_seconds_unchecked(p, layers[i], t);
    }
    return total;
}

} // namespace detail

/// The terms of layer l's latency on p in element type t (default fp32).
inline layer_latency_terms layer_latency_breakdown(const hardware_profile& p, const layer_cost& l,
                                                   dtype t = dtype::fp32) {
    constexpr const char* fn = "offload::dnn::layer_latency_breakdown";
    detail::require_dtype_available(p, t, fn);
    detail::require_layer(l, 0, fn);
    layer_latency_terms terms;
    terms.compute_seconds = l.flops * p.seconds_per_flop(l.kind, t);
    terms.memory_seconds = l.memory_bytes() * p.seconds_per_byte(l.kind);
    terms.overhead_seconds = p.layer_overhead();
    terms.memory_bound = terms.memory_seconds > terms.compute_seconds;
    terms.total_seconds = (terms.memory_bound ? terms.memory_seconds : terms.compute_seconds) + terms.overhead_seconds;
    return terms;
}

/// Seconds for one execution of layer l: max(compute, memory) + overhead.
inline double layer_latency(const hardware_profile& p, const layer_cost& l, dtype t = dtype::fp32) {
    constexpr const char* fn = "offload::dnn::layer_latency";
    detail::require_dtype_available(p, t, fn);
    detail::require_layer(l, 0, fn);
    return detail::layer_seconds_unchecked(p, l, t);
}

/// Seconds for one inference through all layers (0 for an empty sequence). Allocates nothing.
inline double model_latency(const hardware_profile& p, std::span<const layer_cost> layers, dtype t = dtype::fp32) {
    constexpr const char* fn = "offload::dnn::model_latency";
    detail::require_dtype_available(p, t, fn);
    return detail::sum_layers(p, layers, t, 0, layers.size(), fn);
}

/// A model cut after layer split - 1: layers [0, split) run on the device, [split, n) on the edge.
struct split_latency_estimate {
    std::size_t split = 0;       ///< number of layers executed on the device
    double device_seconds = 0.0; ///< service time of the device part
    double edge_seconds = 0.0;   ///< service time of the edge part
    /// Bytes sent from device to edge: input_bytes of layer 0 when split = 0 (the raw input), output_bytes of
    /// layer split - 1 otherwise (split = n: only the result is sent).
    double payload_bytes = 0.0;

    bool operator==(const split_latency_estimate&) const = default;
};

/// Device and edge service times of a split at index split in [0, n], each in its own element type.
/// n >= 1 layers are required (a split of an empty model has no payload). The payload assumes a CHAIN (only the
/// output of layer split - 1 crosses); for a DAG use split_latency(device, edge, split_table, cut) from
/// offload/flops/split_points.hpp, whose payload counts every tensor crossing the cut.
inline split_latency_estimate split_latency(const hardware_profile& device, const hardware_profile& edge,
                                            std::span<const layer_cost> layers, std::size_t split,
                                            dtype device_dtype = dtype::fp32, dtype edge_dtype = dtype::fp32) {
    constexpr const char* fn = "offload::dnn::split_latency";
    if (layers.empty()) offload::detail::throw_parameter_error(fn, "layers.size()", 0.0, "must be >= 1");
    if (split > layers.size()) {
        const std::string requirement = "must lie in [0, " + std::to_string(layers.size()) + "] (layers.size())";
        offload::detail::throw_parameter_error(fn, "split", static_cast<double>(split), requirement.c_str());
    }
    if (split > 0) detail::require_dtype_available(device, device_dtype, fn);
    if (split < layers.size()) detail::require_dtype_available(edge, edge_dtype, fn);
    split_latency_estimate e;
    e.split = split;
    e.device_seconds = detail::sum_layers(device, layers, device_dtype, 0, split, fn);
    e.edge_seconds = detail::sum_layers(edge, layers, edge_dtype, split, layers.size(), fn);
    if (split == 0) {
        detail::require_layer(layers[0], 0, fn);
        e.payload_bytes = layers[0].input_bytes;
    } else {
        e.payload_bytes = layers[split - 1].output_bytes;
    }
    return e;
}

/// The service demand of one inference on p, for the queue models' from_demand factories: mean =
/// model_latency (must be > 0), scv as given (0 for deterministic service, the default), parallelism >= 1.
inline service_demand model_service_demand(const hardware_profile& p, std::span<const layer_cost> layers,
                                           dtype t = dtype::fp32, double scv = 0.0, double parallelism = 1.0) {
    constexpr const char* fn = "offload::dnn::model_service_demand";
    offload::detail::require_non_negative(scv, fn, "scv");
    if (!(parallelism >= 1.0 && parallelism < infinity))
        offload::detail::throw_parameter_error(fn, "parallelism", parallelism, "must be finite and >= 1");
    detail::require_dtype_available(p, t, fn);
    const double seconds = detail::sum_layers(p, layers, t, 0, layers.size(), fn);
    if (!(seconds > 0.0))
        offload::detail::throw_parameter_error(
            fn, "layers", seconds, "the estimated latency must be > 0 (empty model, or zero work and overhead)");
    return service_demand{seconds, scv, parallelism};
}

} // namespace offload::dnn
