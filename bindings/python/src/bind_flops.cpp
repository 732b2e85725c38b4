// Python bindings of the FLOPs layer (offload/flops/, offload/json/flops_model.hpp,
// offload/json/hardware_profile.hpp): layer descriptions, chain/DAG models with shape checks, FLOPs
// conventions, per-layer costs, split points, the model zoo, hardware profiles and presets, latency
// estimates (per layer, per model, per split; vectorised sweeps), calibration, and JSON for models and
// profiles. Errors are offload::parameter_error -> ValueError carrying the C++ message.
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/flops.hpp"
#include "offload/flops/calibration.hpp"
#include "offload/flops/zoo.hpp"
#include "offload/json/flops_model.hpp"
#include "offload/json/hardware_profile.hpp"
#include "queue_binding.hpp"

namespace py = pybind11;
using offload::python::repr_number;

namespace {

using arr = py::array_t<double>;
using offload::detail::throw_parameter_error;

constexpr const char* conv_fn = "offload::dnn::conv2d";
constexpr const char* pool_fn = "offload::dnn::pool2d";
constexpr const char* mha_fn = "offload::dnn::multi_head_attention";
constexpr const char* dec_fn = "offload::dnn::transformer_decoder_block";

// ---------------------------------------------------------------------------------------------------------
// Argument conversion (every failure is a parameter_error naming the function and the parameter)

int to_int(long long v, const char* fn, const char* param) {
    if (v < INT_MIN || v > INT_MAX)
        throw_parameter_error(fn, param, static_cast<double>(v), "must fit in a 32-bit integer");
    return static_cast<int>(v);
}

bool is_integer(py::handle v) { return PyIndex_Check(v.ptr()) && !py::isinstance<py::bool_>(v); }

/// A number (float, int, numpy scalar); anything else is a parameter_error naming param.
double to_double(py::handle v, const char* fn, const std::string& param) {
    try {
        if (!py::isinstance<py::str>(v)) return v.cast<double>();
    } catch (const py::cast_error&) {}
    throw_parameter_error(fn, param.c_str(), std::string(py::repr(v)), "must be a number");
}

std::string to_text(py::handle v, const char* fn, const char* param) {
    if (!py::isinstance<py::str>(v)) throw_parameter_error(fn, param, std::string(py::repr(v)), "must be a string");
    return v.cast<std::string>();
}

/// An (h, w) pair from an int or a 2-sequence of ints.
offload::dnn::hw to_hw(py::handle v, const char* fn, const char* param) {
    if (is_integer(v)) return {to_int(v.cast<long long>(), fn, param)};
    if (py::isinstance<py::sequence>(v) && !py::isinstance<py::str>(v)) {
        const auto s = py::reinterpret_borrow<py::sequence>(v);
        if (s.size() == 2 && is_integer(s[0]) && is_integer(s[1]))
            return {to_int(s[0].cast<long long>(), fn, param), to_int(s[1].cast<long long>(), fn, param)};
    }
    throw_parameter_error(fn, param, std::string(py::repr(v)), "must be an integer or a pair (h, w) of integers");
}

py::object hw_object(offload::dnn::hw v) {
    if (v.h == v.w) return py::int_(v.h);
    return py::make_tuple(v.h, v.w);
}

std::string hw_repr(offload::dnn::hw v) {
    return v.h == v.w ? std::to_string(v.h) : "(" + std::to_string(v.h) + ", " + std::to_string(v.w) + ")";
}

py::tuple shape_tuple(const offload::dnn::tensor_shape& s) {
    py::tuple t(static_cast<std::size_t>(s.rank()));
    for (int i = 0; i < s.rank(); ++i) t[static_cast<std::size_t>(i)] = py::int_(s[i]);
    return t;
}

std::string shape_repr(const offload::dnn::tensor_shape& s) { return std::string(py::repr(shape_tuple(s))); }

const char* bool_repr(bool b) { return b ? "True" : "False"; }

std::string dtype_name(offload::dnn::dtype t) { return std::string(offload::dnn::detail::dtype_name(t)); }

const char* convention_name(offload::dnn::flops_convention c) {
    switch (c) {
    case offload::dnn::flops_convention::molchanov:
        return "molchanov";
    case offload::dnn::flops_convention::twice_macs_plus_other:
        return "twice_macs_plus_other";
    case offload::dnn::flops_convention::twice_macs:
        break;
    }
    return "twice_macs";
}

/// Efficiencies per op class from None (all 1), a number (all equal), a dict {OpClass or name: value}
/// (absent classes 1) or a sequence of op_class_count values.
offload::dnn::op_class_values to_efficiencies(py::handle v, const char* fn, const char* param) {
    if (v.is_none()) return offload::dnn::uniform_values(1.0);
    if (py::isinstance<py::float_>(v) || is_integer(v)) return offload::dnn::uniform_values(to_double(v, fn, param));
    offload::dnn::op_class_values values = offload::dnn::uniform_values(1.0);
    if (py::isinstance<py::dict>(v)) {
        for (auto item : py::reinterpret_borrow<py::dict>(v)) {
            std::size_t c = offload::dnn::op_class_count;
            if (py::isinstance<offload::dnn::op_class>(item.first)) {
                c = static_cast<std::size_t>(item.first.cast<offload::dnn::op_class>());
            } else if (py::isinstance<py::str>(item.first)) {
                const auto key = item.first.cast<std::string>();
                c = 0;
                while (c < offload::dnn::op_class_count && offload::dnn::op_class_names[c] != key) ++c;
            }
            if (c >= offload::dnn::op_class_count) {
                const std::string p = std::string(param) + "[" + std::string(py::repr(item.first)) + "]";
                throw_parameter_error(fn, p.c_str(), std::string(py::repr(item.second)),
                                      "the key must be an OpClass or an op class name (dense_conv, ...)");
            }
            values[c] = to_double(item.second, fn,
                                  std::string(param) + "[" + std::string(offload::dnn::op_class_names[c]) + "]");
        }
        return values;
    }
    if (py::isinstance<py::sequence>(v) && !py::isinstance<py::str>(v)) {
        const auto s = py::reinterpret_borrow<py::sequence>(v);
        if (s.size() != offload::dnn::op_class_count)
            throw_parameter_error(fn, (std::string(param) + ".size()").c_str(), static_cast<double>(s.size()),
                                  "must be 11 (one value per OpClass)");
        for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
            values[c] =
                to_double(s[c], fn, std::string(param) + "[" + std::string(offload::dnn::op_class_names[c]) + "]");
        return values;
    }
    throw_parameter_error(fn, param, std::string(py::repr(v)),
                          "must be None, a number, a dict {OpClass: value} or a sequence of 11 values");
}

py::dict efficiency_dict(const offload::dnn::op_class_values& v) {
    py::dict d;
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
        d[py::str(std::string(offload::dnn::op_class_names[c]))] = v[c];
    return d;
}

py::array_t<double> to_array(const std::vector<double>& v) {
    return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
}

// ---------------------------------------------------------------------------------------------------------
// Layers

std::string layer_repr(const offload::dnn::layer& l);

struct layer_repr_visitor {
    std::string operator()(const offload::dnn::conv2d& l) const {
        return "Conv2d(in_channels=" + std::to_string(l.in_channels()) +
               ", out_channels=" + std::to_string(l.out_channels()) + ", kernel_size=" + hw_repr(l.kernel_size()) +
               ", stride=" + hw_repr(l.stride()) + ", padding=" + hw_repr(l.padding()) +
               ", dilation=" + hw_repr(l.dilation()) + ", groups=" + std::to_string(l.groups()) +
               ", bias=" + bool_repr(l.bias()) + ")";
    }
    std::string operator()(const offload::dnn::linear& l) const {
        return "Linear(in_features=" + std::to_string(l.in_features()) +
               ", out_features=" + std::to_string(l.out_features()) + ", bias=" + bool_repr(l.bias()) +
               ", tied=" + bool_repr(l.tied()) + ")";
    }
    std::string operator()(const offload::dnn::batch_norm& l) const {
        return "BatchNorm(num_features=" + std::to_string(l.num_features()) + ")";
    }
    std::string operator()(const offload::dnn::layer_norm& l) const {
        return "LayerNorm(normalized_size=" + std::to_string(l.normalized_size()) +
               ", elementwise_affine=" + bool_repr(l.elementwise_affine()) + ", bias=" + bool_repr(l.bias()) + ")";
    }
    std::string operator()(const offload::dnn::rms_norm& l) const {
        return "RMSNorm(normalized_size=" + std::to_string(l.normalized_size()) + ")";
    }
    std::string operator()(const offload::dnn::pool2d& l) const {
        return std::string("Pool2d(kind=") + (l.kind() == offload::dnn::pool_kind::max ? "max" : "average") +
               ", kernel_size=" + hw_repr(l.kernel_size()) + ", stride=" + hw_repr(l.stride()) +
               ", padding=" + hw_repr(l.padding()) + ", ceil_mode=" + bool_repr(l.ceil_mode()) + ")";
    }
    std::string operator()(const offload::dnn::adaptive_pool2d& l) const {
        return std::string("AdaptivePool2d(kind=") + (l.kind() == offload::dnn::pool_kind::max ? "max" : "average") +
               ", output_size=" + hw_repr(l.output_size()) + ")";
    }
    std::string operator()(const offload::dnn::activation& l) const {
        return std::string("Activation(kind=") +
               offload::dnn::detail::flops_json::activation_names[static_cast<std::size_t>(l.kind())] +
               ", axis=" + std::to_string(l.axis()) + ")";
    }
    std::string operator()(const offload::dnn::elementwise& l) const {
        return std::string("Elementwise(op=") + (l.op() == offload::dnn::elementwise_op::add ? "add" : "mul") + ")";
    }
    std::string operator()(const offload::dnn::concat& l) const {
        return "Concat(axis=" + std::to_string(l.axis()) + ")";
    }
    std::string operator()(const offload::dnn::slice& l) const {
        return "Slice(axis=" + std::to_string(l.axis()) + ", start=" + std::to_string(l.start()) +
               ", length=" + std::to_string(l.length()) + ")";
    }
    std::string operator()(const offload::dnn::flatten& l) const {
        return "Flatten(start_axis=" + std::to_string(l.start_axis()) + ")";
    }
    std::string operator()(const offload::dnn::reshape& l) const {
        std::string s = "Reshape(shape=(";
        for (std::size_t i = 0; i < l.shape().size(); ++i) s += (i ? ", " : "") + std::to_string(l.shape()[i]);
        return s + (l.shape().size() == 1 ? ",))" : "))");
    }
    std::string operator()(const offload::dnn::upsample_nearest& l) const {
        return "UpsampleNearest(scale_factor=" + std::to_string(l.scale_factor()) + ")";
    }
    static std::string recurrent(const char* type, const offload::dnn::recurrent_config& c) {
        return std::string(type) + "(input_size=" + std::to_string(c.input_size) +
               ", hidden_size=" + std::to_string(c.hidden_size) + ", num_layers=" + std::to_string(c.num_layers) +
               ", bidirectional=" + bool_repr(c.bidirectional) + ", return_sequences=" + bool_repr(c.return_sequences) +
               ", bias=" + offload::dnn::detail::flops_json::bias_names[static_cast<std::size_t>(c.bias)] + ")";
    }
    std::string operator()(const offload::dnn::lstm& l) const { return recurrent("LSTM", l.config()); }
    std::string operator()(const offload::dnn::gru& l) const { return recurrent("GRU", l.config()); }
    std::string operator()(const offload::dnn::multi_head_attention& l) const {
        const auto& c = l.config();
        return "MultiHeadAttention(embed_dim=" + std::to_string(c.embed_dim) +
               ", num_heads=" + std::to_string(c.num_heads) + ", num_kv_heads=" + std::to_string(c.num_kv_heads) +
               ", head_dim=" + std::to_string(c.head_dim) + ", causal=" + bool_repr(c.causal) +
               ", kv_cache_length=" + std::to_string(c.kv_cache_length) + ", bias=" + bool_repr(c.bias) + ")";
    }
    std::string operator()(const offload::dnn::embedding& l) const {
        return "Embedding(num_embeddings=" + std::to_string(l.num_embeddings()) +
               ", embedding_dim=" + std::to_string(l.embedding_dim()) + ")";
    }
    std::string operator()(const offload::dnn::transformer_decoder_block& l) const {
        const auto& c = l.config();
        return "TransformerDecoderBlock(hidden_size=" + std::to_string(c.hidden_size) +
               ", num_heads=" + std::to_string(c.num_heads) + ", num_kv_heads=" + std::to_string(c.num_kv_heads) +
               ", head_dim=" + std::to_string(c.head_dim) + ", mlp_hidden=" + std::to_string(c.mlp_hidden) +
               ", kv_cache_length=" + std::to_string(c.kv_cache_length) + ")";
    }
};

std::string layer_repr(const offload::dnn::layer& l) { return std::visit(layer_repr_visitor{}, l); }

/// Any bound layer object -> the layer variant (pybind11's variant caster needs a default-constructible first
/// alternative, which conv2d is not).
template <std::size_t I = 0>
std::optional<offload::dnn::layer> try_layer(py::handle obj) {
    if constexpr (I == std::variant_size_v<offload::dnn::layer>) {
        return std::nullopt;
    } else {
        using L = std::variant_alternative_t<I, offload::dnn::layer>;
        if (py::isinstance<L>(obj)) return offload::dnn::layer(obj.cast<L>());
        return try_layer<I + 1>(obj);
    }
}

offload::dnn::layer to_layer(py::handle obj, const char* fn, const std::string& param) {
    if (auto l = try_layer(obj)) return *l;
    throw_parameter_error(fn, param.c_str(), std::string(py::repr(obj)),
                          "must be a layer (Conv2d, Linear, BatchNorm, ..., TransformerDecoderBlock)");
}

py::object layer_object(const offload::dnn::layer& l) {
    return std::visit([](const auto& x) { return py::cast(x); }, l);
}

/// type_name (the JSON "type") and __repr__ for one layer class.
template <class L>
py::class_<L> layer_class(py::module_& mod, const char* name, const char* doc) {
    py::class_<L> cls(mod, name, doc);
    cls.def(py::self == py::self);
    cls.def_property_readonly(
           "type_name", [](const L& l) { return std::string(offload::dnn::type_name(offload::dnn::layer(l))); },
           "The layer type's name as used in model JSON (\"conv2d\", ...).")
        .def("__repr__", [](const L& l) { return layer_repr(offload::dnn::layer(l)); });
    return cls;
}

offload::dnn::recurrent_config make_recurrent(long long input_size, long long hidden_size, long long num_layers,
                                              bool bidirectional, bool return_sequences,
                                              offload::dnn::recurrent_bias bias, const char* fn) {
    offload::dnn::recurrent_config c;
    c.input_size = to_int(input_size, fn, "input_size");
    c.hidden_size = to_int(hidden_size, fn, "hidden_size");
    c.num_layers = to_int(num_layers, fn, "num_layers");
    c.bidirectional = bidirectional;
    c.return_sequences = return_sequences;
    c.bias = bias;
    return c;
}

template <class R>
void bind_recurrent(py::module_& mod, const char* name, const char* fn, const char* doc) {
    layer_class<R>(mod, name, doc)
        .def(py::init([fn](long long input_size, long long hidden_size, long long num_layers, bool bidirectional,
                           bool return_sequences, offload::dnn::recurrent_bias bias) {
                 return R(
                     make_recurrent(input_size, hidden_size, num_layers, bidirectional, return_sequences, bias, fn));
             }),
             py::arg("input_size"), py::arg("hidden_size"), py::arg("num_layers") = 1, py::arg("bidirectional") = false,
             py::arg("return_sequences") = true, py::arg("bias") = offload::dnn::recurrent_bias::pytorch)
        .def_property_readonly(
            "input_size", [](const R& l) { return l.config().input_size; },
            "Features F per time step of the input (N, T, F).")
        .def_property_readonly(
            "hidden_size", [](const R& l) { return l.config().hidden_size; }, "Hidden state size H.")
        .def_property_readonly(
            "num_layers", [](const R& l) { return l.config().num_layers; }, "Stacked recurrent layers.")
        .def_property_readonly(
            "bidirectional", [](const R& l) { return l.config().bidirectional; },
            "True: both directions (2 H output features).")
        .def_property_readonly(
            "return_sequences", [](const R& l) { return l.config().return_sequences; },
            "True: output every step, (N, T, H * directions); False: only the last step, (N, H * "
            "directions).")
        .def_property_readonly(
            "bias", [](const R& l) { return l.config().bias; },
            "RecurrentBias: bias vectors per gate (none, single, pytorch).");
}

void bind_layers(py::module_& mod) {
    py::enum_<offload::dnn::pool_kind>(mod, "PoolKind", "Pooling reduction.")
        .value("max", offload::dnn::pool_kind::max)
        .value("average", offload::dnn::pool_kind::average);
    py::enum_<offload::dnn::activation_kind>(mod, "ActivationKind", "Element-wise activation function.")
        .value("relu", offload::dnn::activation_kind::relu)
        .value("relu6", offload::dnn::activation_kind::relu6)
        .value("silu", offload::dnn::activation_kind::silu)
        .value("gelu", offload::dnn::activation_kind::gelu)
        .value("sigmoid", offload::dnn::activation_kind::sigmoid)
        .value("tanh", offload::dnn::activation_kind::tanh)
        .value("hardswish", offload::dnn::activation_kind::hardswish)
        .value("softmax", offload::dnn::activation_kind::softmax);
    py::enum_<offload::dnn::elementwise_op>(mod, "ElementwiseOp", "Element-wise merge of two or more tensors.")
        .value("add", offload::dnn::elementwise_op::add)
        .value("mul", offload::dnn::elementwise_op::mul);
    py::enum_<offload::dnn::recurrent_bias>(mod, "RecurrentBias",
                                            "Bias vectors per gate: none, single (Keras), pytorch (b_ih and b_hh).")
        .value("none", offload::dnn::recurrent_bias::none)
        .value("single", offload::dnn::recurrent_bias::single)
        .value("pytorch", offload::dnn::recurrent_bias::pytorch);

    layer_class<offload::dnn::conv2d>(mod, "Conv2d",
                                      "2-D convolution over NCHW; groups == in_channels is depthwise. (h, w) arguments "
                                      "accept an int or a pair.")
        .def(py::init([](long long in_channels, long long out_channels, py::object kernel_size, py::object stride,
                         py::object padding, py::object dilation, long long groups, bool bias) {
                 return offload::dnn::conv2d(
                     to_int(in_channels, conv_fn, "in_channels"), to_int(out_channels, conv_fn, "out_channels"),
                     to_hw(kernel_size, conv_fn, "kernel_size"), to_hw(stride, conv_fn, "stride"),
                     to_hw(padding, conv_fn, "padding"), to_hw(dilation, conv_fn, "dilation"),
                     to_int(groups, conv_fn, "groups"), bias);
             }),
             py::arg("in_channels"), py::arg("out_channels"), py::arg("kernel_size"), py::arg("stride") = 1,
             py::arg("padding") = 0, py::arg("dilation") = 1, py::arg("groups") = 1, py::arg("bias") = true)
        .def_property_readonly("in_channels", &offload::dnn::conv2d::in_channels, "Input channels C_in.")
        .def_property_readonly("out_channels", &offload::dnn::conv2d::out_channels, "Output channels C_out.")
        .def_property_readonly(
            "kernel_size", [](const offload::dnn::conv2d& l) { return hw_object(l.kernel_size()); },
            "Kernel size (h, w).")
        .def_property_readonly(
            "stride", [](const offload::dnn::conv2d& l) { return hw_object(l.stride()); }, "Stride (h, w).")
        .def_property_readonly(
            "padding", [](const offload::dnn::conv2d& l) { return hw_object(l.padding()); },
            "Zero padding (h, w) added on each side.")
        .def_property_readonly(
            "dilation", [](const offload::dnn::conv2d& l) { return hw_object(l.dilation()); }, "Dilation (h, w).")
        .def_property_readonly("groups", &offload::dnn::conv2d::groups,
                               "Channel groups (groups == in_channels: depthwise).")
        .def_property_readonly("bias", &offload::dnn::conv2d::bias, "True: a bias per output channel.");

    layer_class<offload::dnn::linear>(
        mod, "Linear",
        "Fully connected layer over the last axis. tied=True: the weights belong to another "
        "layer (an LM head tied to the embedding) and are not counted as parameters here.")
        .def(py::init([](long long in_features, long long out_features, bool bias, bool tied) {
                 return offload::dnn::linear(to_int(in_features, "offload::dnn::linear", "in_features"),
                                             to_int(out_features, "offload::dnn::linear", "out_features"), bias, tied);
             }),
             py::arg("in_features"), py::arg("out_features"), py::arg("bias") = true, py::arg("tied") = false)
        .def_property_readonly("in_features", &offload::dnn::linear::in_features, "Input features (the last axis).")
        .def_property_readonly("out_features", &offload::dnn::linear::out_features, "Output features.")
        .def_property_readonly("bias", &offload::dnn::linear::bias, "True: a bias vector.")
        .def_property_readonly("tied", &offload::dnn::linear::tied,
                               "True: the weights belong to another layer and are not counted as parameters here.");

    layer_class<offload::dnn::batch_norm>(mod, "BatchNorm",
                                          "Inference-mode batch normalisation over axis 1 (channels).")
        .def(py::init([](long long num_features) {
                 return offload::dnn::batch_norm(to_int(num_features, "offload::dnn::batch_norm", "num_features"));
             }),
             py::arg("num_features"))
        .def_property_readonly("num_features", &offload::dnn::batch_norm::num_features,
                               "Channels C normalised (axis 1).");

    layer_class<offload::dnn::layer_norm>(mod, "LayerNorm", "Layer normalisation over the last axis.")
        .def(py::init([](long long normalized_size, bool elementwise_affine, bool bias) {
                 return offload::dnn::layer_norm(to_int(normalized_size, "offload::dnn::layer_norm", "normalized_size"),
                                                 elementwise_affine, bias);
             }),
             py::arg("normalized_size"), py::arg("elementwise_affine") = true, py::arg("bias") = true)
        .def_property_readonly("normalized_size", &offload::dnn::layer_norm::normalized_size,
                               "Size of the normalised last axis.")
        .def_property_readonly("elementwise_affine", &offload::dnn::layer_norm::elementwise_affine,
                               "True: a learned scale (and shift if bias).")
        .def_property_readonly("bias", &offload::dnn::layer_norm::bias,
                               "True: a learned shift (with elementwise_affine).");

    layer_class<offload::dnn::rms_norm>(mod, "RMSNorm",
                                        "RMS normalisation over the last axis with a learned scale (Llama).")
        .def(py::init([](long long normalized_size) {
                 return offload::dnn::rms_norm(to_int(normalized_size, "offload::dnn::rms_norm", "normalized_size"));
             }),
             py::arg("normalized_size"))
        .def_property_readonly("normalized_size", &offload::dnn::rms_norm::normalized_size,
                               "Size of the normalised last axis.");

    layer_class<offload::dnn::pool2d>(mod, "Pool2d",
                                      "Max / average pooling over H, W (NCHW); stride defaults to the kernel size, "
                                      "ceil_mode as in PyTorch.")
        .def(py::init([](offload::dnn::pool_kind kind, py::object kernel_size, py::object stride, py::object padding,
                         bool ceil_mode) {
                 const offload::dnn::hw k = to_hw(kernel_size, pool_fn, "kernel_size");
                 const offload::dnn::hw s = stride.is_none() ? k : to_hw(stride, pool_fn, "stride");
                 return offload::dnn::pool2d(kind, k, s, to_hw(padding, pool_fn, "padding"), ceil_mode);
             }),
             py::arg("kind"), py::arg("kernel_size"), py::arg("stride") = py::none(), py::arg("padding") = 0,
             py::arg("ceil_mode") = false)
        .def_property_readonly("kind", &offload::dnn::pool2d::kind, "PoolKind: max or average.")
        .def_property_readonly(
            "kernel_size", [](const offload::dnn::pool2d& l) { return hw_object(l.kernel_size()); },
            "Pooling window (h, w).")
        .def_property_readonly(
            "stride", [](const offload::dnn::pool2d& l) { return hw_object(l.stride()); }, "Stride (h, w).")
        .def_property_readonly(
            "padding", [](const offload::dnn::pool2d& l) { return hw_object(l.padding()); },
            "Padding (h, w) added on each side.")
        .def_property_readonly("ceil_mode", &offload::dnn::pool2d::ceil_mode,
                               "True: output sizes round up, as PyTorch's ceil_mode.");

    layer_class<offload::dnn::adaptive_pool2d>(mod, "AdaptivePool2d",
                                               "Adaptive pooling to a fixed output size (1 = global pooling).")
        .def(py::init([](offload::dnn::pool_kind kind, py::object output_size) {
                 return offload::dnn::adaptive_pool2d(
                     kind, to_hw(output_size, "offload::dnn::adaptive_pool2d", "output_size"));
             }),
             py::arg("kind"), py::arg("output_size"))
        .def_property_readonly("kind", &offload::dnn::adaptive_pool2d::kind, "PoolKind: max or average.")
        .def_property_readonly(
            "output_size", [](const offload::dnn::adaptive_pool2d& l) { return hw_object(l.output_size()); },
            "Output size (h, w) (1: global pooling).");

    layer_class<offload::dnn::activation>(mod, "Activation", "Element-wise activation; softmax normalises along axis.")
        .def(py::init([](offload::dnn::activation_kind kind, long long axis) {
                 return offload::dnn::activation(kind, to_int(axis, "offload::dnn::activation", "axis"));
             }),
             py::arg("kind"), py::arg("axis") = -1)
        .def_property_readonly("kind", &offload::dnn::activation::kind, "ActivationKind of the function.")
        .def_property_readonly("axis", &offload::dnn::activation::axis,
                               "Axis softmax normalises along (negative counts from the end; -1 = last).");

    layer_class<offload::dnn::elementwise>(
        mod, "Elementwise", "Sum / product of two or more tensors with NumPy broadcasting (residual adds).")
        .def(py::init<offload::dnn::elementwise_op>(), py::arg("op") = offload::dnn::elementwise_op::add)
        .def_property_readonly("op", &offload::dnn::elementwise::op, "ElementwiseOp: add or mul.");

    layer_class<offload::dnn::concat>(mod, "Concat", "Concatenation of two or more tensors along axis (1 = channels).")
        .def(
            py::init([](long long axis) { return offload::dnn::concat(to_int(axis, "offload::dnn::concat", "axis")); }),
            py::arg("axis") = 1)
        .def_property_readonly("axis", &offload::dnn::concat::axis, "Axis of the concatenation (1 = channels).");

    layer_class<offload::dnn::slice>(mod, "Slice", "The slice [start, start + length) of axis (a view).")
        .def(py::init([](long long axis, long long start, long long length) {
                 return offload::dnn::slice(to_int(axis, "offload::dnn::slice", "axis"),
                                            to_int(start, "offload::dnn::slice", "start"),
                                            to_int(length, "offload::dnn::slice", "length"));
             }),
             py::arg("axis"), py::arg("start"), py::arg("length"))
        .def_property_readonly("axis", &offload::dnn::slice::axis, "Axis sliced.")
        .def_property_readonly("start", &offload::dnn::slice::start, "First index of the slice.")
        .def_property_readonly("length", &offload::dnn::slice::length, "Number of entries kept.");

    layer_class<offload::dnn::flatten>(mod, "Flatten", "Flattens axes start_axis.. into one.")
        .def(py::init([](long long start_axis) {
                 return offload::dnn::flatten(to_int(start_axis, "offload::dnn::flatten", "start_axis"));
             }),
             py::arg("start_axis") = 1)
        .def_property_readonly("start_axis", &offload::dnn::flatten::start_axis, "First axis flattened into one.");

    layer_class<offload::dnn::reshape>(mod, "Reshape", "Reshape of the non-batch axes; at most one entry may be -1.")
        .def(py::init<std::vector<std::int64_t>>(), py::arg("shape"))
        .def_property_readonly(
            "shape",
            [](const offload::dnn::reshape& l) {
                py::tuple t(l.shape().size());
                for (std::size_t i = 0; i < l.shape().size(); ++i) t[i] = py::int_(l.shape()[i]);
                return t;
            },
            "Target shape of the non-batch axes (at most one -1).");

    layer_class<offload::dnn::upsample_nearest>(mod, "UpsampleNearest", "Nearest-neighbour upsampling of H and W.")
        .def(py::init([](long long scale_factor) {
                 return offload::dnn::upsample_nearest(
                     to_int(scale_factor, "offload::dnn::upsample_nearest", "scale_factor"));
             }),
             py::arg("scale_factor"))
        .def_property_readonly("scale_factor", &offload::dnn::upsample_nearest::scale_factor,
                               "Integer factor applied to H and W.");

    bind_recurrent<offload::dnn::lstm>(mod, "LSTM", "offload::dnn::lstm",
                                       "Stacked (optionally bidirectional) LSTM over (N, T, input_size); 4 gates.");
    bind_recurrent<offload::dnn::gru>(mod, "GRU", "offload::dnn::gru",
                                      "Stacked (optionally bidirectional) GRU over (N, T, input_size); 3 gates.");

    layer_class<offload::dnn::multi_head_attention>(
        mod, "MultiHeadAttention",
        "Multi-head self-attention with Q, K, V and output projections over (N, T, embed_dim). num_kv_heads < "
        "num_heads is grouped-query attention (0 = num_heads); head_dim 0 = embed_dim / num_heads; "
        "kv_cache_length = n: the new tokens also attend to n cached keys/values.")
        .def(py::init([](long long embed_dim, long long num_heads, long long num_kv_heads, long long head_dim,
                         bool causal, std::int64_t kv_cache_length, bool bias) {
                 offload::dnn::attention_config c;
                 c.embed_dim = to_int(embed_dim, mha_fn, "embed_dim");
                 c.num_heads = to_int(num_heads, mha_fn, "num_heads");
                 c.num_kv_heads = to_int(num_kv_heads, mha_fn, "num_kv_heads");
                 c.head_dim = to_int(head_dim, mha_fn, "head_dim");
                 c.causal = causal;
                 c.kv_cache_length = kv_cache_length;
                 c.bias = bias;
                 return offload::dnn::multi_head_attention(c);
             }),
             py::arg("embed_dim"), py::arg("num_heads"), py::arg("num_kv_heads") = 0, py::arg("head_dim") = 0,
             py::arg("causal") = false, py::arg("kv_cache_length") = 0, py::arg("bias") = true)
        .def_property_readonly(
            "embed_dim", [](const offload::dnn::multi_head_attention& l) { return l.config().embed_dim; },
            "Model width E of the input (N, T, E).")
        .def_property_readonly(
            "num_heads", [](const offload::dnn::multi_head_attention& l) { return l.config().num_heads; },
            "Query heads.")
        .def_property_readonly(
            "num_kv_heads", [](const offload::dnn::multi_head_attention& l) { return l.config().num_kv_heads; },
            "Key/value heads (resolved: equals num_heads unless grouped-query).")
        .def_property_readonly(
            "head_dim", [](const offload::dnn::multi_head_attention& l) { return l.config().head_dim; },
            "Size of each head (resolved: embed_dim / num_heads unless given).")
        .def_property_readonly(
            "causal", [](const offload::dnn::multi_head_attention& l) { return l.config().causal; },
            "True: each query attends only to keys at or before its position.")
        .def_property_readonly(
            "kv_cache_length", [](const offload::dnn::multi_head_attention& l) { return l.config().kv_cache_length; },
            "Tokens already in the KV cache (0: prefill).")
        .def_property_readonly(
            "bias", [](const offload::dnn::multi_head_attention& l) { return l.config().bias; },
            "True: biases on the Q, K, V and output projections.");

    layer_class<offload::dnn::embedding>(mod, "Embedding", "Token-id look-up: (N, T) -> (N, T, embedding_dim).")
        .def(py::init([](long long num_embeddings, long long embedding_dim) {
                 return offload::dnn::embedding(to_int(num_embeddings, "offload::dnn::embedding", "num_embeddings"),
                                                to_int(embedding_dim, "offload::dnn::embedding", "embedding_dim"));
             }),
             py::arg("num_embeddings"), py::arg("embedding_dim"))
        .def_property_readonly("num_embeddings", &offload::dnn::embedding::num_embeddings,
                               "Vocabulary size (rows of the table).")
        .def_property_readonly("embedding_dim", &offload::dnn::embedding::embedding_dim,
                               "Size of each embedding vector.");

    layer_class<offload::dnn::transformer_decoder_block>(
        mod, "TransformerDecoderBlock",
        "Llama-style pre-norm decoder block over (N, T, hidden_size): RMSNorm, causal grouped-query attention "
        "with a KV cache, SwiGLU MLP, residual adds, no biases. kv_cache_length 0 = prefill of T tokens; T = 1 "
        "with kv_cache_length n = one decode step at context length n.")
        .def(py::init([](long long hidden_size, long long num_heads, long long num_kv_heads, long long head_dim,
                         long long mlp_hidden, std::int64_t kv_cache_length) {
                 offload::dnn::decoder_block_config c;
                 c.hidden_size = to_int(hidden_size, dec_fn, "hidden_size");
                 c.num_heads = to_int(num_heads, dec_fn, "num_heads");
                 c.num_kv_heads = to_int(num_kv_heads, dec_fn, "num_kv_heads");
                 c.head_dim = to_int(head_dim, dec_fn, "head_dim");
                 c.mlp_hidden = to_int(mlp_hidden, dec_fn, "mlp_hidden");
                 c.kv_cache_length = kv_cache_length;
                 return offload::dnn::transformer_decoder_block(c);
             }),
             py::arg("hidden_size"), py::arg("num_heads"), py::arg("num_kv_heads") = 0, py::arg("head_dim") = 0,
             py::arg("mlp_hidden"), py::arg("kv_cache_length") = 0)
        .def_property_readonly(
            "hidden_size", [](const offload::dnn::transformer_decoder_block& l) { return l.config().hidden_size; },
            "Model width of the input (N, T, hidden_size).")
        .def_property_readonly(
            "num_heads", [](const offload::dnn::transformer_decoder_block& l) { return l.config().num_heads; },
            "Query heads.")
        .def_property_readonly(
            "num_kv_heads", [](const offload::dnn::transformer_decoder_block& l) { return l.config().num_kv_heads; },
            "Key/value heads (resolved: equals num_heads unless grouped-query).")
        .def_property_readonly(
            "head_dim", [](const offload::dnn::transformer_decoder_block& l) { return l.config().head_dim; },
            "Size of each head (resolved: hidden_size / num_heads unless given).")
        .def_property_readonly(
            "mlp_hidden", [](const offload::dnn::transformer_decoder_block& l) { return l.config().mlp_hidden; },
            "SwiGLU intermediate size.")
        .def_property_readonly(
            "kv_cache_length",
            [](const offload::dnn::transformer_decoder_block& l) { return l.config().kv_cache_length; },
            "Tokens already in the KV cache (0: prefill of the T input tokens; n: decode after n "
            "cached tokens).");
}

// ---------------------------------------------------------------------------------------------------------
// Models, costs, split points

/// One layer of a built model, as Python sees it (copied out of the model).
struct model_layer {
    std::string name;
    offload::dnn::layer op;
    std::vector<std::string> inputs;
    offload::dnn::tensor_shape output_shape;
    offload::dnn::layer_counts counts;
};

std::size_t layer_index(const offload::dnn::model& model, py::handle key, const char* fn) {
    if (py::isinstance<py::str>(key)) {
        const auto name = key.cast<std::string>();
        const int i = model.find(name);
        if (i < 0) throw_parameter_error(fn, "name", "'" + name + "'", "must name a layer of the model");
        return static_cast<std::size_t>(i);
    }
    if (!is_integer(key))
        throw_parameter_error(fn, "index", std::string(py::repr(key)), "must be a layer name or an integer index");
    long long i = key.cast<long long>();
    const auto n = static_cast<long long>(model.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        const std::string req = "must lie in [-" + std::to_string(n) + ", " + std::to_string(n) + ")";
        throw_parameter_error(fn, "index", static_cast<double>(key.cast<long long>()), req.c_str());
    }
    return static_cast<std::size_t>(i);
}

model_layer layer_at(const offload::dnn::model& model, std::size_t i) {
    const auto& node = model.node(i);
    model_layer out{node.name, node.op, {}, node.output_shape, node.counts};
    for (int id : node.inputs)
        out.inputs.push_back(id < 0 ? std::string(offload::dnn::model_builder::input_name)
                                    : model.node(static_cast<std::size_t>(id)).name);
    return out;
}

std::string cost_repr(const offload::dnn::layer_cost& c) {
    return "LayerCost(kind=" + std::string(offload::dnn::to_string(c.kind)) + ", macs=" + repr_number(c.macs) +
           ", flops=" + repr_number(c.flops) + ", parameters=" + repr_number(c.parameters) +
           ", weight_bytes=" + repr_number(c.weight_bytes) + ", input_bytes=" + repr_number(c.input_bytes) +
           ", output_bytes=" + repr_number(c.output_bytes) + ")";
}

/// The costs of a Model (in dtype, default the model's) or a sequence of LayerCost (dtype default fp32).
struct resolved_layers {
    std::vector<offload::dnn::layer_cost> costs;
    offload::dnn::dtype type;
};

resolved_layers resolve_layers(py::handle layers, std::optional<offload::dnn::dtype> type,
                               offload::dnn::flops_convention c, const char* fn) {
    if (py::isinstance<offload::dnn::model>(layers)) {
        const auto& model = layers.cast<const offload::dnn::model&>();
        const offload::dnn::dtype t = type.value_or(model.data_type());
        return {offload::dnn::layer_costs(model, t, c), t};
    }
    if (py::isinstance<py::sequence>(layers) && !py::isinstance<py::str>(layers)) {
        const auto s = py::reinterpret_borrow<py::sequence>(layers);
        resolved_layers out{{}, type.value_or(offload::dnn::dtype::fp32)};
        out.costs.reserve(s.size());
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (!py::isinstance<offload::dnn::layer_cost>(s[i])) {
                const std::string p = "layers[" + std::to_string(i) + "]";
                throw_parameter_error(fn, p.c_str(), std::string(py::repr(s[i])), "must be a LayerCost");
            }
            out.costs.push_back(s[i].cast<offload::dnn::layer_cost>());
        }
        return out;
    }
    throw_parameter_error(fn, "layers", std::string(py::repr(layers)), "must be a Model or a sequence of LayerCost");
}

py::dict cost_table(const std::vector<offload::dnn::layer_cost>& costs) {
    const auto n = static_cast<py::ssize_t>(costs.size());
    arr macs(n), flops(n), params(n), wb(n), ib(n), ob(n), mb(n);
    py::array_t<int> kind(n);
    auto m_ = macs.mutable_unchecked<1>();
    auto f_ = flops.mutable_unchecked<1>();
    auto p_ = params.mutable_unchecked<1>();
    auto w_ = wb.mutable_unchecked<1>();
    auto i_ = ib.mutable_unchecked<1>();
    auto o_ = ob.mutable_unchecked<1>();
    auto t_ = mb.mutable_unchecked<1>();
    auto k_ = kind.mutable_unchecked<1>();
    for (py::ssize_t i = 0; i < n; ++i) {
        const auto& c = costs[static_cast<std::size_t>(i)];
        m_(i) = c.macs;
        f_(i) = c.flops;
        p_(i) = c.parameters;
        w_(i) = c.weight_bytes;
        i_(i) = c.input_bytes;
        o_(i) = c.output_bytes;
        t_(i) = c.memory_bytes();
        k_(i) = static_cast<int>(c.kind);
    }
    py::dict d;
    d["op_class"] = kind;
    d["macs"] = macs;
    d["flops"] = flops;
    d["parameters"] = params;
    d["weight_bytes"] = wb;
    d["input_bytes"] = ib;
    d["output_bytes"] = ob;
    d["memory_bytes"] = mb;
    return d;
}

std::string model_repr(const offload::dnn::model& model) {
    return "Model('" + model.name() + "', input_shape=" + shape_repr(model.input_shape()) +
           ", layers=" + std::to_string(model.size()) + ", macs=" + repr_number(offload::dnn::total_macs(model)) +
           ", parameters=" + repr_number(offload::dnn::total_parameters(model)) +
           ", dtype=" + dtype_name(model.data_type()) + ")";
}

void add_to_builder(offload::dnn::model_builder& b, std::string name, const offload::dnn::layer& op,
                    const std::optional<std::vector<std::string>>& inputs) {
    if (inputs)
        b.add(std::move(name), op, *inputs);
    else
        b.add(std::move(name), op);
}

void bind_models(py::module_& mod) {
    py::enum_<offload::dnn::op_class>(mod, "OpClass",
                                      "Operation classes with distinct efficiency on real hardware (hardware profiles "
                                      "hold one compute and one memory efficiency per class).")
        .value("dense_conv", offload::dnn::op_class::dense_conv)
        .value("pointwise_conv", offload::dnn::op_class::pointwise_conv)
        .value("depthwise_conv", offload::dnn::op_class::depthwise_conv)
        .value("fully_connected", offload::dnn::op_class::fully_connected)
        .value("elementwise", offload::dnn::op_class::elementwise)
        .value("normalization", offload::dnn::op_class::normalization)
        .value("pooling", offload::dnn::op_class::pooling)
        .value("attention", offload::dnn::op_class::attention)
        .value("recurrent", offload::dnn::op_class::recurrent)
        .value("embedding", offload::dnn::op_class::embedding)
        .value("data_movement", offload::dnn::op_class::data_movement);
    py::enum_<offload::dnn::dtype>(mod, "DType", "Element type of weights and activations (4, 2, 1 bytes).")
        .value("fp32", offload::dnn::dtype::fp32)
        .value("fp16", offload::dnn::dtype::fp16)
        .value("int8", offload::dnn::dtype::int8);
    mod.def("bytes_per_element", &offload::dnn::bytes_per_element, py::arg("dtype"),
            "4 for fp32, 2 for fp16, 1 for int8.");
    py::enum_<offload::dnn::flops_convention>(
        mod, "FlopsConvention",
        "How FLOPs follow from a layer's operations: twice_macs (2 x MACs, the default), molchanov (seed 001: "
        "conv 2HW(C_in/groups K^2 + 1) C_out, fully connected (2I - 1) O), twice_macs_plus_other (2 x MACs + "
        "element-wise ops).")
        .value("twice_macs", offload::dnn::flops_convention::twice_macs)
        .value("molchanov", offload::dnn::flops_convention::molchanov)
        .value("twice_macs_plus_other", offload::dnn::flops_convention::twice_macs_plus_other);

    py::class_<offload::dnn::layer_cost>(
        mod, "LayerCost",
        "The cost of one execution of one layer: op class, MACs, FLOPs (under a "
        "convention), parameters, and bytes of weights read, activations read and "
        "written. memory_bytes = weight + input + output bytes (the roofline traffic).")
        .def(py::self == py::self)
        .def(py::init([](offload::dnn::op_class kind, double macs, double flops, double parameters, double weight_bytes,
                         double input_bytes, double output_bytes) {
                 return offload::dnn::layer_cost{kind,         macs,        flops,       parameters,
                                                 weight_bytes, input_bytes, output_bytes};
             }),
             py::arg("kind") = offload::dnn::op_class::elementwise, py::arg("macs") = 0.0, py::arg("flops") = 0.0,
             py::arg("parameters") = 0.0, py::arg("weight_bytes") = 0.0, py::arg("input_bytes") = 0.0,
             py::arg("output_bytes") = 0.0)
        .def_readwrite("kind", &offload::dnn::layer_cost::kind, "OpClass of the layer.")
        .def_readwrite("macs", &offload::dnn::layer_cost::macs, "Multiply-accumulates.")
        .def_readwrite("flops", &offload::dnn::layer_cost::flops,
                       "Floating-point operations under the model's FLOPs convention.")
        .def_readwrite("parameters", &offload::dnn::layer_cost::parameters, "Trainable parameters.")
        .def_readwrite("weight_bytes", &offload::dnn::layer_cost::weight_bytes, "Parameter bytes read.")
        .def_readwrite("input_bytes", &offload::dnn::layer_cost::input_bytes, "Activation bytes read.")
        .def_readwrite("output_bytes", &offload::dnn::layer_cost::output_bytes,
                       "Activation bytes written (also the payload if the model is cut here).")
        .def_property_readonly("memory_bytes", &offload::dnn::layer_cost::memory_bytes,
                               "Memory traffic for a roofline: weight + input + output bytes.")
        .def("__repr__", &cost_repr);

    py::class_<offload::dnn::layer_counts>(
        mod, "LayerCounts",
        "Dtype-independent counts of one layer of a model: op class, MACs, other "
        "(non-MAC, estimated) ops, Molchanov FLOPs, parameters, elements read/written.")
        .def(py::self == py::self)
        .def_readonly("kind", &offload::dnn::layer_counts::kind, "OpClass of the layer.")
        .def_readonly("macs", &offload::dnn::layer_counts::macs, "Multiply-accumulates.")
        .def_readonly("other_ops", &offload::dnn::layer_counts::other_ops,
                      "Element-wise operations that are not multiply-accumulates (estimates).")
        .def_readonly("molchanov_flops", &offload::dnn::layer_counts::molchanov_flops,
                      "FLOPs under FlopsConvention.molchanov.")
        .def_readonly("parameters", &offload::dnn::layer_counts::parameters,
                      "Trainable parameters owned by this layer.")
        .def_readonly("weight_elements", &offload::dnn::layer_counts::weight_elements,
                      "Weight elements read per inference.")
        .def_readonly("input_elements", &offload::dnn::layer_counts::input_elements,
                      "Activation elements read (inputs, plus the KV cache for attention).")
        .def_readonly("output_elements", &offload::dnn::layer_counts::output_elements, "Activation elements written.")
        .def(
            "flops",
            [](const offload::dnn::layer_counts& c, offload::dnn::flops_convention conv) {
                return offload::dnn::flops(c, conv);
            },
            py::arg("convention") = offload::dnn::flops_convention::twice_macs,
            "FLOPs of this layer under a counting convention (default: 2 x MACs).")
        .def(
            "to_layer_cost",
            [](const offload::dnn::layer_counts& c, offload::dnn::dtype t, offload::dnn::flops_convention conv) {
                return offload::dnn::to_layer_cost(c, t, conv);
            },
            py::arg("dtype") = offload::dnn::dtype::fp32,
            py::arg("convention") = offload::dnn::flops_convention::twice_macs,
            "The LayerCost (FLOPs and bytes moved) of these counts for an element type and convention.")
        .def("__repr__", [](const offload::dnn::layer_counts& c) {
            return "LayerCounts(kind=" + std::string(offload::dnn::to_string(c.kind)) +
                   ", macs=" + repr_number(c.macs) + ", other_ops=" + repr_number(c.other_ops) +
                   ", parameters=" + repr_number(c.parameters) + ")";
        });

    py::class_<model_layer>(mod, "ModelLayer",
                            "One layer of a built model: name, layer, input names, output "
                            "shape, counts.")
        .def_readonly("name", &model_layer::name, "The layer's unique name.")
        .def_property_readonly(
            "layer", [](const model_layer& l) { return layer_object(l.op); }, "The layer object (Conv2d, Linear, ...).")
        .def_readonly("inputs", &model_layer::inputs, "Names of the layers read (\"input\" = the model input).")
        .def_property_readonly(
            "output_shape", [](const model_layer& l) { return shape_tuple(l.output_shape); },
            "Shape of the layer's output, batch axis first.")
        .def_readonly("counts", &model_layer::counts, "LayerCounts of the layer.")
        .def_property_readonly(
            "op_class", [](const model_layer& l) { return l.counts.kind; }, "OpClass of the layer (counts.kind).")
        .def("__repr__", [](const model_layer& l) {
            std::string s = "ModelLayer('" + l.name + "', " + layer_repr(l.op) + ", inputs=[";
            for (std::size_t i = 0; i < l.inputs.size(); ++i) s += (i ? ", '" : "'") + l.inputs[i] + "'";
            return s + "], output_shape=" + shape_repr(l.output_shape) + ")";
        });

    using optional_dtype = std::optional<offload::dnn::dtype>;
    const auto twice = offload::dnn::flops_convention::twice_macs;

    py::class_<offload::dnn::model>(
        mod, "Model",
        "A built, immutable model: layers in a topological order (the order they were added), "
        "shapes and counts computed. Build one with ModelBuilder, Model.chain, the zoo, "
        "model_from_json_text, read_model or offload.from_torch.")
        .def_static(
            "chain",
            [](const std::string& name, const std::vector<std::int64_t>& input_shape,
               const std::vector<std::pair<std::string, py::object>>& layers, offload::dnn::dtype t) {
                offload::dnn::model_builder b(name, offload::dnn::tensor_shape(input_shape), t);
                for (std::size_t i = 0; i < layers.size(); ++i)
                    b.add(layers[i].first,
                          to_layer(layers[i].second, "offload.Model.chain", "layers[" + std::to_string(i) + "]"));
                return std::move(b).build();
            },
            py::arg("name"), py::arg("input_shape"), py::arg("layers"), py::arg("dtype") = offload::dnn::dtype::fp32,
            "A chain model from [(name, layer), ...], each layer reading the previous one.")
        .def_property_readonly("name", &offload::dnn::model::name, "The model's name.")
        .def_property_readonly(
            "input_shape", [](const offload::dnn::model& m_) { return shape_tuple(m_.input_shape()); },
            "Shape of the model input, batch axis first.")
        .def_property_readonly(
            "output_shape", [](const offload::dnn::model& m_) { return shape_tuple(offload::dnn::output_shape(m_)); },
            "Shape of the last layer's output, batch axis first.")
        .def_property_readonly("dtype", &offload::dnn::model::data_type,
                               "Element type used when a function is not given one.")
        .def("__len__", &offload::dnn::model::size)
        .def_property_readonly(
            "layer_names",
            [](const offload::dnn::model& m_) {
                std::vector<std::string> names;
                for (const auto& n : m_.nodes()) names.push_back(n.name);
                return names;
            },
            "Names of the layers in order.")
        .def(
            "layer",
            [](const offload::dnn::model& m_, py::object key) {
                return layer_at(m_, layer_index(m_, key, "offload.Model.layer"));
            },
            py::arg("key"), "A layer by name or index (negative counts from the end).")
        .def("__getitem__",
             [](const offload::dnn::model& m_, py::object key) {
                 return layer_at(m_, layer_index(m_, key, "offload.Model.__getitem__"));
             })
        .def_property_readonly(
            "layers",
            [](const offload::dnn::model& m_) {
                std::vector<model_layer> out;
                for (std::size_t i = 0; i < m_.size(); ++i) out.push_back(layer_at(m_, i));
                return out;
            },
            "[ModelLayer] in order.")
        .def("find", &offload::dnn::model::find, py::arg("name"), "Index of a layer by name, or -1.")
        .def_property_readonly(
            "total_macs", [](const offload::dnn::model& m_) { return offload::dnn::total_macs(m_); },
            "Multiply-accumulates of one inference.")
        .def(
            "total_flops",
            [](const offload::dnn::model& m_, offload::dnn::flops_convention c) {
                return offload::dnn::total_flops(m_, c);
            },
            py::arg("convention") = twice, "FLOPs of one inference under a counting convention (default: 2 x MACs).")
        .def_property_readonly(
            "total_other_ops", [](const offload::dnn::model& m_) { return offload::dnn::total_other_ops(m_); },
            "Element-wise (non-MAC) operations, estimated.")
        .def_property_readonly(
            "total_parameters", [](const offload::dnn::model& m_) { return offload::dnn::total_parameters(m_); },
            "Trainable parameters of the published model, including training-only ones.")
        .def_property_readonly("training_only_parameters", &offload::dnn::model::training_only_parameters,
                               "Parameters of the published model that take no part in inference (included in "
                               "total_parameters).")
        .def(
            "total_weight_bytes",
            [](const offload::dnn::model& m_, optional_dtype t) {
                return offload::dnn::total_weight_bytes(m_, t.value_or(m_.data_type()));
            },
            py::arg("dtype") = py::none(), "Bytes of all weights in dtype (default: the model's).")
        .def(
            "input_bytes",
            [](const offload::dnn::model& m_, optional_dtype t) {
                return offload::dnn::input_bytes(m_, t.value_or(m_.data_type()));
            },
            py::arg("dtype") = py::none(),
            "Bytes of the model input in dtype (default: the model's): the payload of full offloading.")
        .def(
            "output_bytes",
            [](const offload::dnn::model& m_, optional_dtype t) {
                return offload::dnn::output_bytes(m_, t.value_or(m_.data_type()));
            },
            py::arg("dtype") = py::none(),
            "Bytes of the model output in dtype (default: the model's): the result payload.")
        .def(
            "cost",
            [](const offload::dnn::model& m_, py::object key, optional_dtype t, offload::dnn::flops_convention c) {
                return offload::dnn::cost(m_, layer_index(m_, key, "offload.Model.cost"), t.value_or(m_.data_type()),
                                          c);
            },
            py::arg("key"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
            "The LayerCost of one layer (by name or index).")
        .def(
            "layer_costs",
            [](const offload::dnn::model& m_, optional_dtype t, offload::dnn::flops_convention c) {
                return offload::dnn::layer_costs(m_, t.value_or(m_.data_type()), c);
            },
            py::arg("dtype") = py::none(), py::arg("convention") = twice, "The LayerCost of every layer, in order.")
        .def(
            "cost_table",
            [](const offload::dnn::model& m_, optional_dtype t, offload::dnn::flops_convention c) {
                py::dict d = cost_table(offload::dnn::layer_costs(m_, t.value_or(m_.data_type()), c));
                std::vector<std::string> names;
                for (const auto& n : m_.nodes()) names.push_back(n.name);
                d["name"] = names;
                return d;
            },
            py::arg("dtype") = py::none(), py::arg("convention") = twice,
            "Per-layer costs as a dict of numpy arrays (name, op_class, macs, flops, parameters, weight_bytes, "
            "input_bytes, output_bytes, memory_bytes), e.g. for pandas.DataFrame.")
        .def(
            "split_points",
            [](const offload::dnn::model& m_, optional_dtype t, offload::dnn::flops_convention c) {
                return offload::dnn::split_points(m_, t.value_or(m_.data_type()), c);
            },
            py::arg("dtype") = py::none(), py::arg("convention") = twice,
            "The SplitTable of every cut (device/edge FLOPs and the bytes crossing it); same as split_points(model).")
        .def(
            "to_json_text",
            [](const offload::dnn::model& m_, int indent) { return offload::dnn::to_json_text(m_, indent); },
            py::arg("indent") = 1,
            "The model as JSON text (offload/json/flops_model.hpp format); indent in [-1, 16] (-1: one line).")
        .def("__repr__", &model_repr);

    py::class_<offload::dnn::model_builder>(mod, "ModelBuilder",
                                            "Builds a model layer by layer; shapes are checked as each layer is added.")
        .def(py::init([](std::string name, const std::vector<std::int64_t>& input_shape, offload::dnn::dtype t) {
                 return offload::dnn::model_builder(std::move(name), offload::dnn::tensor_shape(input_shape), t);
             }),
             py::arg("name"), py::arg("input_shape"), py::arg("dtype") = offload::dnn::dtype::fp32)
        .def(
            "add",
            [](offload::dnn::model_builder& b, std::string name, py::object op,
               const std::optional<std::vector<std::string>>& inputs) {
                add_to_builder(b, name, to_layer(op, "offload::dnn::model_builder::add", "layer"), inputs);
                return name;
            },
            py::arg("name"), py::arg("layer"), py::arg("inputs") = py::none(),
            "Adds a layer reading `inputs` (layer names, \"input\" = the model input; default: the previous "
            "layer). Returns the name. Only Elementwise and Concat take more than one input.")
        .def(
            "training_only_parameters",
            [](offload::dnn::model_builder& b, double count) -> offload::dnn::model_builder& {
                return b.training_only_parameters(count);
            },
            py::arg("count"), py::return_value_policy::reference_internal,
            "Parameters of the published model that do not run at inference (counted in total_parameters only).")
        .def(
            "output_shape",
            [](const offload::dnn::model_builder& b, const std::string& name) {
                return shape_tuple(b.output_shape(name));
            },
            py::arg("name"), "Output shape of an already added layer (or of \"input\").")
        .def("__len__", &offload::dnn::model_builder::size)
        .def("__repr__",
             [](const offload::dnn::model_builder& b) {
                 return "ModelBuilder(layers=" + std::to_string(b.size()) + ")";
             })
        .def(
            "build",
            [](const offload::dnn::model_builder& b) {
                offload::dnn::model_builder copy = b;
                return std::move(copy).build();
            },
            "The model (the builder stays usable). Every layer's output except the last must be read.");

    py::class_<offload::dnn::split_point>(
        mod, "SplitPoint",
        "Cut k: layers [0, k) on the device, [k, N) at the edge; payload = bytes of all "
        "tensors crossing the cut.")
        .def_readonly("cut", &offload::dnn::split_point::cut,
                      "Layers [0, cut) run on the device, [cut, N) at the edge.")
        .def_readonly("device_macs", &offload::dnn::split_point::device_macs, "Multiply-accumulates on the device.")
        .def_readonly("edge_macs", &offload::dnn::split_point::edge_macs, "Multiply-accumulates at the edge.")
        .def_readonly("device_flops", &offload::dnn::split_point::device_flops,
                      "FLOPs on the device under the table's FlopsConvention.")
        .def_readonly("edge_flops", &offload::dnn::split_point::edge_flops,
                      "FLOPs at the edge under the table's FlopsConvention.")
        .def_readonly("payload_bytes", &offload::dnn::split_point::payload_bytes,
                      "Bytes of all tensors crossing the cut (in the table's dtype).")
        .def_readonly("payload_tensors", &offload::dnn::split_point::payload_tensors,
                      "How many tensors cross the cut (0 only at cut N).")
        .def_property_readonly(
            "device_layers",
            [](const offload::dnn::split_point& p) {
                return std::vector<offload::dnn::layer_cost>(p.device_layers.begin(), p.device_layers.end());
            },
            "[LayerCost] of layers [0, cut).")
        .def_property_readonly(
            "edge_layers",
            [](const offload::dnn::split_point& p) {
                return std::vector<offload::dnn::layer_cost>(p.edge_layers.begin(), p.edge_layers.end());
            },
            "[LayerCost] of layers [cut, N).")
        .def("__repr__", [](const offload::dnn::split_point& p) {
            return "SplitPoint(cut=" + std::to_string(p.cut) + ", device_flops=" + repr_number(p.device_flops) +
                   ", edge_flops=" + repr_number(p.edge_flops) + ", payload_bytes=" + repr_number(p.payload_bytes) +
                   ", payload_tensors=" + std::to_string(p.payload_tensors) + ")";
        });

    const auto split_at = [](const offload::dnn::split_table& t, long long cut) {
        if (cut < 0) cut += static_cast<long long>(t.size());
        if (cut < 0)
            throw_parameter_error("offload::dnn::split_table::at", "cut", static_cast<double>(cut), "must be >= 0");
        return t.at(static_cast<std::size_t>(cut));
    };
    py::class_<offload::dnn::split_table>(mod, "SplitTable",
                                          "Every cut of a model (len = layers + 1) for one dtype and FLOPs convention.")
        .def(py::init<const offload::dnn::model&, offload::dnn::dtype, offload::dnn::flops_convention>(),
             py::arg("model"), py::arg("dtype"), py::arg("convention") = twice)
        .def("__len__", &offload::dnn::split_table::size)
        .def("__getitem__", split_at, py::arg("cut"), py::keep_alive<0, 1>())
        .def("at", split_at, py::arg("cut"), py::keep_alive<0, 1>(), "The SplitPoint of a cut (same as t[cut]).")
        .def_property_readonly("dtype", &offload::dnn::split_table::data_type, "DType of the costs.")
        .def_property_readonly("convention", &offload::dnn::split_table::convention, "FlopsConvention of the costs.")
        .def_property_readonly(
            "costs",
            [](const offload::dnn::split_table& t) {
                return std::vector<offload::dnn::layer_cost>(t.costs().begin(), t.costs().end());
            },
            "[LayerCost] of every layer.")
        .def(
            "single_tensor_cuts",
            [](const offload::dnn::split_table& t) { return offload::dnn::single_tensor_cuts(t); },
            "Cuts where exactly one tensor crosses (block boundaries, and cut 0).")
        .def(
            "to_arrays",
            [](const offload::dnn::split_table& t) {
                const auto n = static_cast<py::ssize_t>(t.size());
                py::array_t<std::int64_t> cut(n), tensors(n);
                arr dm(n), em(n), df(n), ef(n), pb(n);
                for (py::ssize_t k = 0; k < n; ++k) {
                    const auto p = t.at(static_cast<std::size_t>(k));
                    cut.mutable_at(k) = k;
                    tensors.mutable_at(k) = static_cast<std::int64_t>(p.payload_tensors);
                    dm.mutable_at(k) = p.device_macs;
                    em.mutable_at(k) = p.edge_macs;
                    df.mutable_at(k) = p.device_flops;
                    ef.mutable_at(k) = p.edge_flops;
                    pb.mutable_at(k) = p.payload_bytes;
                }
                py::dict d;
                d["cut"] = cut;
                d["device_macs"] = dm;
                d["edge_macs"] = em;
                d["device_flops"] = df;
                d["edge_flops"] = ef;
                d["payload_bytes"] = pb;
                d["payload_tensors"] = tensors;
                return d;
            },
            "Every cut as a dict of numpy arrays (cut, device_macs, edge_macs, device_flops, edge_flops, "
            "payload_bytes, payload_tensors).")
        .def("__repr__", [](const offload::dnn::split_table& t) {
            return "SplitTable(cuts=" + std::to_string(t.size()) + ", dtype=" + dtype_name(t.data_type()) +
                   ", convention=" + convention_name(t.convention()) + ")";
        });

    mod.def(
        "layer_costs",
        [](const offload::dnn::model& model, optional_dtype t, offload::dnn::flops_convention c) {
            return offload::dnn::layer_costs(model, t.value_or(model.data_type()), c);
        },
        py::arg("model"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
        "The LayerCost of every layer (dtype default: the model's).");
    mod.def(
        "split_points",
        [](const offload::dnn::model& model, optional_dtype t, offload::dnn::flops_convention c) {
            return offload::dnn::split_points(model, t.value_or(model.data_type()), c);
        },
        py::arg("model"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
        "The SplitTable of a model (dtype default: the model's).");
    mod.def("single_tensor_cuts", &offload::dnn::single_tensor_cuts, py::arg("table"),
            "Cuts where exactly one tensor crosses (always includes cut 0).");
}

// ---------------------------------------------------------------------------------------------------------
// Zoo

void bind_zoo(py::module_& mod) {
    py::module_ zoo = mod.def_submodule("zoo", "Builders for the models of the seed papers and common references "
                                               "(docs/flops.md lists the published figures each reproduces).");
    py::enum_<offload::dnn::zoo::icu_workload>(zoo, "IcuWorkload", "Seed 001's medical LSTM workloads.")
        .value("short_of_breath_alert", offload::dnn::zoo::icu_workload::short_of_breath_alert)
        .value("life_death_prediction", offload::dnn::zoo::icu_workload::life_death_prediction)
        .value("phenotype_classification", offload::dnn::zoo::icu_workload::phenotype_classification);
    zoo.def("mobilenet_v2", &offload::dnn::zoo::mobilenet_v2, py::arg("resolution") = 224,
            py::arg("num_classes") = 1000,
            "MobileNetV2 (torchvision, width 1.0): 300,774,272 MACs, 3,504,872 parameters at 224.");
    zoo.def("resnet18", &offload::dnn::zoo::resnet18, py::arg("resolution") = 224, py::arg("num_classes") = 1000,
            "ResNet-18: 1,814,073,344 MACs, 11,689,512 parameters at 224.");
    zoo.def("resnet50", &offload::dnn::zoo::resnet50, py::arg("resolution") = 224, py::arg("num_classes") = 1000,
            "ResNet-50 v1.5: 4,089,184,256 MACs, 25,557,032 parameters at 224.");
    zoo.def("vgg16", &offload::dnn::zoo::vgg16, py::arg("num_classes") = 1000,
            "VGG-16 at 224: 15,470,264,320 MACs, 138,357,544 parameters.");
    zoo.def("inception_v3", &offload::dnn::zoo::inception_v3, py::arg("num_classes") = 1000,
            "InceptionV3 at 299 (auxiliary classifier counted as training-only parameters).");
    zoo.def("inception_v4", &offload::dnn::zoo::inception_v4, py::arg("num_classes") = 1000,
            "InceptionV4 at 299 (timm): 12.25 G MACs (seed 003 states 6.3 GFLOPs; see docs/flops.md).");
    zoo.def("yolov8n", &offload::dnn::zoo::yolov8n, py::arg("resolution") = 640, "YOLOv8n (Ultralytics) at 640.");
    zoo.def("sentiment_lstm", &offload::dnn::zoo::sentiment_lstm, py::arg("sequence_length") = 64,
            "Seed 003's LSTM sentiment classifier (configuration ours): 39,473,160 parameters.");
    zoo.def("icu_lstm", &offload::dnn::zoo::icu_lstm, py::arg("workload"), py::arg("time_steps") = 48,
            "Seed 001's ICU LSTM workloads (parameters 105,089 / 7,569 / 347,417).");
    zoo.def("llama_3_2_1b_prefill", &offload::dnn::zoo::llama_3_2_1b_prefill, py::arg("prompt_tokens"),
            "Llama-3.2-1B prefill of a prompt (logits for the last token only).");
    zoo.def("llama_3_2_1b_decode", &offload::dnn::zoo::llama_3_2_1b_decode, py::arg("context_length"),
            "One Llama-3.2-1B decode step at context length n.");
}

// ---------------------------------------------------------------------------------------------------------
// Hardware profiles and latency estimates

std::string profile_repr(const offload::dnn::hardware_profile& p) {
    const auto& s = p.spec();
    std::string out = "HardwareProfile('" + s.name + "'";
    if (s.peak_fp32 > 0.0) out += ", peak_fp32=" + repr_number(s.peak_fp32);
    if (s.peak_fp16 > 0.0) out += ", peak_fp16=" + repr_number(s.peak_fp16);
    if (s.peak_int8 > 0.0) out += ", peak_int8=" + repr_number(s.peak_int8);
    return out + ", memory_bandwidth=" + repr_number(s.memory_bandwidth) +
           ", layer_overhead=" + repr_number(s.layer_overhead) + ")";
}

offload::dnn::hardware_profile make_profile(const std::string& name, double memory_bandwidth, double peak_fp32,
                                            double peak_fp16, double peak_int8, double layer_overhead,
                                            py::handle compute_efficiency, py::handle memory_efficiency,
                                            const std::string& source) {
    constexpr const char* fn = "offload::dnn::hardware_profile";
    offload::dnn::hardware_spec s;
    s.name = name;
    s.source = source;
    s.peak_fp32 = peak_fp32;
    s.peak_fp16 = peak_fp16;
    s.peak_int8 = peak_int8;
    s.memory_bandwidth = memory_bandwidth;
    s.layer_overhead = layer_overhead;
    s.compute_efficiency = to_efficiencies(compute_efficiency, fn, "compute_efficiency");
    s.memory_efficiency = to_efficiencies(memory_efficiency, fn, "memory_efficiency");
    return offload::dnn::hardware_profile(std::move(s));
}

/// A copy of the profile with the peak for type t, the bandwidth and the overhead replaced (source dropped
/// so that each point of a sweep does not copy a long string).
offload::dnn::hardware_profile with_figures(const offload::dnn::hardware_profile& p, offload::dnn::dtype t, double peak,
                                            double bw, double overhead) {
    offload::dnn::hardware_spec s = p.spec();
    s.source.clear();
    (t == offload::dnn::dtype::fp32 ? s.peak_fp32 : t == offload::dnn::dtype::fp16 ? s.peak_fp16 : s.peak_int8) = peak;
    s.memory_bandwidth = bw;
    s.layer_overhead = overhead;
    return offload::dnn::hardware_profile(std::move(s));
}

/// The array, or a 0-d array holding fallback.
arr array_or(const std::optional<arr>& a, double fallback) {
    return a ? *a : arr(std::vector<py::ssize_t>{}, &fallback);
}

void bind_hardware(py::module_& mod) {
    using optional_dtype = std::optional<offload::dnn::dtype>;
    const auto twice = offload::dnn::flops_convention::twice_macs;
    const auto fp32 = offload::dnn::dtype::fp32;

    py::class_<offload::dnn::hardware_profile>(
        mod, "HardwareProfile",
        "A device's roofline: peak FLOP/s per dtype (0 = not stated), memory bandwidth (bytes/s), per-layer "
        "overhead (s) and an efficiency in (0, 1] per OpClass for compute and for memory (None = all 1, a number "
        "= all equal, a dict {OpClass or name: value}, or 11 values). A layer takes "
        "max(FLOPs / (eta_c peak), bytes / (eta_m bandwidth)) + overhead.")
        .def(py::self == py::self)
        .def(py::init(&make_profile), py::arg("name"), py::arg("memory_bandwidth"), py::arg("peak_fp32") = 0.0,
             py::arg("peak_fp16") = 0.0, py::arg("peak_int8") = 0.0, py::arg("layer_overhead") = 0.0,
             py::arg("compute_efficiency") = py::none(), py::arg("memory_efficiency") = py::none(),
             py::arg("source") = "")
        .def_property_readonly("name", &offload::dnn::hardware_profile::name, "The profile's name.")
        .def_property_readonly("source", &offload::dnn::hardware_profile::source, "Where the figures come from.")
        .def_property_readonly(
            "peak_fp32", [](const offload::dnn::hardware_profile& p) { return p.spec().peak_fp32; },
            "Peak fp32 throughput, FLOP/s (0 = not stated).")
        .def_property_readonly(
            "peak_fp16", [](const offload::dnn::hardware_profile& p) { return p.spec().peak_fp16; },
            "Peak fp16 throughput, FLOP/s (0 = not stated).")
        .def_property_readonly(
            "peak_int8", [](const offload::dnn::hardware_profile& p) { return p.spec().peak_int8; },
            "Peak int8 throughput, OP/s (0 = not stated).")
        .def_property_readonly("memory_bandwidth", &offload::dnn::hardware_profile::memory_bandwidth,
                               "Memory bandwidth, bytes/s.")
        .def_property_readonly("layer_overhead", &offload::dnn::hardware_profile::layer_overhead,
                               "Seconds added to every executed layer (launch / dispatch cost), >= 0.")
        .def_property_readonly(
            "compute_efficiency",
            [](const offload::dnn::hardware_profile& p) { return efficiency_dict(p.spec().compute_efficiency); },
            "{op class name: eta_compute}.")
        .def_property_readonly(
            "memory_efficiency",
            [](const offload::dnn::hardware_profile& p) { return efficiency_dict(p.spec().memory_efficiency); },
            "{op class name: eta_memory}.")
        .def(
            "has_peak",
            [](const offload::dnn::hardware_profile& p, offload::dnn::dtype t) { return offload::dnn::has_peak(p, t); },
            py::arg("dtype"), "True if the profile states a peak FLOP/s for this element type.")
        .def(
            "peak_flops",
            [](const offload::dnn::hardware_profile& p, offload::dnn::dtype t) {
                return offload::dnn::peak_flops(p, t);
            },
            py::arg("dtype") = fp32, "Peak FLOP/s for dtype; ValueError if the profile does not state it.")
        .def(
            "effective_flops",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c, offload::dnn::dtype t) {
                return offload::dnn::effective_flops(p, c, t);
            },
            py::arg("op_class"), py::arg("dtype") = fp32, "eta_compute[c] x peak[dtype].")
        .def(
            "effective_bandwidth",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c) {
                return offload::dnn::effective_bandwidth(p, c);
            },
            py::arg("op_class"), "eta_memory[c] x bandwidth.")
        .def(
            "ridge_intensity",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c, offload::dnn::dtype t) {
                return offload::dnn::ridge_intensity(p, c, t);
            },
            py::arg("op_class"), py::arg("dtype") = fp32,
            "Arithmetic intensity (FLOPs/byte) above which a class-c layer is compute-bound.")
        .def(
            "attainable_flops",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c, arr intensity,
               offload::dnn::dtype t) {
                return py::vectorize([&](double x) { return offload::dnn::attainable_flops(p, c, t, x); })(intensity);
            },
            py::arg("op_class"), py::arg("intensity"), py::arg("dtype") = fp32,
            "Roofline FLOP/s at arithmetic intensity (FLOPs/byte); vectorised over intensity.")
        .def(
            "replace",
            [](const offload::dnn::hardware_profile& p, const py::kwargs& kwargs) {
                offload::dnn::hardware_spec s = p.spec();
                constexpr const char* fn = "offload.HardwareProfile.replace";
                for (auto item : kwargs) {
                    const auto key = item.first.cast<std::string>();
                    const py::handle v = item.second;
                    if (key == "name")
                        s.name = to_text(v, fn, "name");
                    else if (key == "source")
                        s.source = to_text(v, fn, "source");
                    else if (key == "peak_fp32")
                        s.peak_fp32 = to_double(v, fn, key);
                    else if (key == "peak_fp16")
                        s.peak_fp16 = to_double(v, fn, key);
                    else if (key == "peak_int8")
                        s.peak_int8 = to_double(v, fn, key);
                    else if (key == "memory_bandwidth")
                        s.memory_bandwidth = to_double(v, fn, key);
                    else if (key == "layer_overhead")
                        s.layer_overhead = to_double(v, fn, key);
                    else if (key == "compute_efficiency")
                        s.compute_efficiency = to_efficiencies(v, fn, "compute_efficiency");
                    else if (key == "memory_efficiency")
                        s.memory_efficiency = to_efficiencies(v, fn, "memory_efficiency");
                    else
                        throw_parameter_error(fn, key.c_str(), std::string(py::repr(v)),
                                              "is not a HardwareProfile field");
                }
                return offload::dnn::hardware_profile(std::move(s));
            },
            "A copy with the given fields replaced (same keywords as the constructor), validated again.")
        .def(
            "to_json_text",
            [](const offload::dnn::hardware_profile& p, int indent) { return offload::dnn::to_json_text(p, indent); },
            py::arg("indent") = 2, "The profile as JSON text; indent in [-1, 16] (-1: one line).")
        .def("__repr__", &profile_repr);

    mod.def(
        "peak_flops_from_cores",
        [](arr cores, arr frequency_hz, arr flops_per_cycle) {
            return py::vectorize([](double c, double f, double k) {
                constexpr const char* fn = "offload::dnn::peak_flops_from_cores";
                return offload::dnn::peak_flops_from_cores(offload::python::count_arg(c, 1, 1'000'000'000, fn, "cores"),
                                                           f, k);
            })(cores, frequency_hz, flops_per_cycle);
        },
        py::arg("cores"), py::arg("frequency_hz"), py::arg("flops_per_cycle"),
        "Seed 001 §III-C: peak FLOP/s = cores x frequency x FLOPs per cycle; vectorised.");

    std::vector<std::string> names(offload::dnn::hardware_preset_names.begin(),
                                   offload::dnn::hardware_preset_names.end());
    mod.attr("hardware_preset_names") = py::tuple(py::cast(names));
    mod.def(
        "hardware_preset", [](const std::string& id) { return offload::dnn::hardware_preset(id); }, py::arg("id"),
        "A preset by id (one of hardware_preset_names). Presets are roofline bounds: efficiencies 1, overhead 0.");
    py::module_ presets = mod.def_submodule("presets", "The devices of the seed papers (source() says where each "
                                                       "figure comes from). Roofline bounds: calibrate before "
                                                       "trusting absolute latencies.");
    presets.def("raspberry_pi_4b", &offload::dnn::raspberry_pi_4b, "Seed 001 end device: 192 GFLOPS fp32, 12.8 GB/s.");
    presets.def("xeon_8_core_cpu", &offload::dnn::xeon_8_core_cpu, "Seed 001 edge server: 563.2 GFLOPS.");
    presets.def("xeon_gold_5220_cpu", &offload::dnn::xeon_gold_5220_cpu, "Seed 001 cloud CPU: 1126.4 GFLOPS.");
    presets.def("rtx_2080_ti", &offload::dnn::rtx_2080_ti, "Seed 001 cloud GPU (RTX 2080 Ti): 110 TFLOPS fp16.");
    presets.def("jetson_tx2", &offload::dnn::jetson_tx2, "Seed 003 device: 1.3 TFLOPS fp16.");
    presets.def("jetson_orin_nano", &offload::dnn::jetson_orin_nano, "Seed 003 device: 2.6 TFLOPS fp16.");
    presets.def("nvidia_a2", &offload::dnn::nvidia_a2, "Seed 003 edge: 4.5 TFLOPS fp16.");
    presets.def("rtx_4070", &offload::dnn::rtx_4070, "Seed 003 edge: 29.1 TFLOPS fp16.");

    py::class_<offload::dnn::layer_latency_terms>(mod, "LayerLatencyTerms",
                                                  "One layer's estimate: compute and memory terms, overhead, total.")
        .def_readonly("compute_seconds", &offload::dnn::layer_latency_terms::compute_seconds,
                      "FLOPs / (eta_compute x peak), s.")
        .def_readonly("memory_seconds", &offload::dnn::layer_latency_terms::memory_seconds,
                      "Bytes / (eta_memory x bandwidth), s.")
        .def_readonly("overhead_seconds", &offload::dnn::layer_latency_terms::overhead_seconds,
                      "The profile's per-layer overhead, s.")
        .def_readonly("total_seconds", &offload::dnn::layer_latency_terms::total_seconds,
                      "max(compute, memory) + overhead, s.")
        .def_readonly("memory_bound", &offload::dnn::layer_latency_terms::memory_bound,
                      "True when memory_seconds > compute_seconds.")
        .def("__repr__", [](const offload::dnn::layer_latency_terms& t) {
            return "LayerLatencyTerms(compute_seconds=" + repr_number(t.compute_seconds) +
                   ", memory_seconds=" + repr_number(t.memory_seconds) +
                   ", overhead_seconds=" + repr_number(t.overhead_seconds) +
                   ", total_seconds=" + repr_number(t.total_seconds) + ", memory_bound=" + bool_repr(t.memory_bound) +
                   ")";
        });

    py::class_<offload::dnn::split_latency_estimate>(mod, "SplitLatencyEstimate",
                                                     "Device part [0, split), edge part [split, n) and the payload.")
        .def_readonly("split", &offload::dnn::split_latency_estimate::split, "Number of layers executed on the device.")
        .def_readonly("device_seconds", &offload::dnn::split_latency_estimate::device_seconds,
                      "Service time of the device part, s.")
        .def_readonly("edge_seconds", &offload::dnn::split_latency_estimate::edge_seconds,
                      "Service time of the edge part, s.")
        .def_readonly("payload_bytes", &offload::dnn::split_latency_estimate::payload_bytes,
                      "Bytes sent from device to edge: the raw input at split 0, else the output of layer split - 1.")
        .def("__repr__", [](const offload::dnn::split_latency_estimate& e) {
            return "SplitLatencyEstimate(split=" + std::to_string(e.split) +
                   ", device_seconds=" + repr_number(e.device_seconds) +
                   ", edge_seconds=" + repr_number(e.edge_seconds) + ", payload_bytes=" + repr_number(e.payload_bytes) +
                   ")";
        });

    mod.def(
        "layer_latency",
        [](const offload::dnn::hardware_profile& p, const offload::dnn::layer_cost& l, offload::dnn::dtype t) {
            return offload::dnn::layer_latency(p, l, t);
        },
        py::arg("profile"), py::arg("layer"), py::arg("dtype") = fp32,
        "Seconds for one execution of a layer: max(compute, memory) + overhead.");
    mod.def(
        "layer_latency_breakdown",
        [](const offload::dnn::hardware_profile& p, const offload::dnn::layer_cost& l, offload::dnn::dtype t) {
            return offload::dnn::layer_latency_breakdown(p, l, t);
        },
        py::arg("profile"), py::arg("layer"), py::arg("dtype") = fp32,
        "The terms of layer_latency (LayerLatencyTerms: compute and memory seconds, overhead, which one bounds).");
    mod.def(
        "model_latency",
        [](const offload::dnn::hardware_profile& p, py::object layers, optional_dtype t,
           offload::dnn::flops_convention c) {
            const auto r = resolve_layers(layers, t, c, "offload::dnn::model_latency");
            return offload::dnn::model_latency(p, r.costs, r.type);
        },
        py::arg("profile"), py::arg("layers"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
        "Seconds for one inference: the sum of the layers' estimates. layers: a Model (dtype default: the "
        "model's) or a sequence of LayerCost (dtype default fp32).");
    mod.def(
        "model_latency_sweep",
        [](const offload::dnn::hardware_profile& p, py::object layers, optional_dtype t, std::optional<arr> peak_flops,
           std::optional<arr> memory_bandwidth, std::optional<arr> layer_overhead, offload::dnn::flops_convention c) {
            const auto r = resolve_layers(layers, t, c, "offload::model_latency_sweep");
            const offload::dnn::dtype type = r.type;
            const auto& costs = r.costs;
            const double peak0 = p.peak_flops(type);
            auto f = py::vectorize([&](double peak, double bw, double overhead) {
                return offload::dnn::model_latency(with_figures(p, type, peak, bw, overhead), costs, type);
            });
            return f(array_or(peak_flops, peak0), array_or(memory_bandwidth, p.memory_bandwidth()),
                     array_or(layer_overhead, p.layer_overhead()));
        },
        py::arg("profile"), py::arg("layers"), py::arg("dtype") = py::none(), py::kw_only(),
        py::arg("peak_flops") = py::none(), py::arg("memory_bandwidth") = py::none(),
        py::arg("layer_overhead") = py::none(), py::arg("convention") = twice,
        "Vectorised model latency, s, with the profile's peak FLOP/s (for dtype), memory bandwidth and per-layer "
        "overhead replaced by arrays (numpy broadcasting; None keeps the profile's value). A frequency sweep is "
        "peak_flops=cores * frequencies * flops_per_cycle.");
    mod.def(
        "split_latency",
        [](const offload::dnn::hardware_profile& device, const offload::dnn::hardware_profile& edge, py::object layers,
           long long split, optional_dtype device_dtype, optional_dtype edge_dtype, offload::dnn::flops_convention c) {
            constexpr const char* fn = "offload::dnn::split_latency";
            if (split < 0) throw_parameter_error(fn, "split", static_cast<double>(split), "must be >= 0");
            const auto r = resolve_layers(layers, device_dtype, c, fn);
            return offload::dnn::split_latency(device, edge, r.costs, static_cast<std::size_t>(split), r.type,
                                               edge_dtype.value_or(r.type));
        },
        py::arg("device"), py::arg("edge"), py::arg("layers"), py::arg("split"), py::arg("device_dtype") = py::none(),
        py::arg("edge_dtype") = py::none(), py::arg("convention") = twice,
        "Device part (layers [0, split)), edge part ([split, n)) and the payload: the input of layer 0 for split "
        "0, the output of layer split - 1 otherwise (for a DAG cut use split_latencies, which counts every "
        "crossing tensor). The costs use device_dtype (edge_dtype defaults to it).");
    mod.def(
        "split_latencies",
        [](const offload::dnn::hardware_profile& device, const offload::dnn::hardware_profile& edge,
           const offload::dnn::model& model, optional_dtype device_dtype, optional_dtype edge_dtype,
           offload::dnn::flops_convention c) {
            const offload::dnn::dtype td = device_dtype.value_or(model.data_type());
            const offload::dnn::dtype te = edge_dtype.value_or(td);
            const offload::dnn::split_table table(model, td, c);
            const auto edge_costs = offload::dnn::layer_costs(model, te, c);
            const std::span<const offload::dnn::layer_cost> dev_costs = table.costs();
            const std::size_t n = model.size();
            const auto cuts = static_cast<py::ssize_t>(n + 1);
            arr dev(cuts), ed(cuts), payload(cuts), df(cuts), ef(cuts);
            py::array_t<std::int64_t> cut(cuts), tensors(cuts);
            // prefix sums of the per-layer estimates (each layer validated by layer_latency)
            double acc = 0.0;
            for (std::size_t k = 0; k <= n; ++k) {
                dev.mutable_at(static_cast<py::ssize_t>(k)) = acc;
                if (k < n) acc += offload::dnn::layer_latency(device, dev_costs[k], td);
            }
            acc = 0.0;
            for (std::size_t k = n + 1; k-- > 0;) {
                ed.mutable_at(static_cast<py::ssize_t>(k)) = acc;
                if (k > 0) acc += offload::dnn::layer_latency(edge, edge_costs[k - 1], te);
            }
            for (std::size_t k = 0; k <= n; ++k) {
                const auto p = table.at(k);
                const auto i = static_cast<py::ssize_t>(k);
                cut.mutable_at(i) = static_cast<std::int64_t>(k);
                payload.mutable_at(i) = p.payload_bytes;
                tensors.mutable_at(i) = static_cast<std::int64_t>(p.payload_tensors);
                df.mutable_at(i) = p.device_flops;
                ef.mutable_at(i) = p.edge_flops;
            }
            py::dict d;
            d["cut"] = cut;
            d["device_seconds"] = dev;
            d["edge_seconds"] = ed;
            d["payload_bytes"] = payload;
            d["payload_tensors"] = tensors;
            d["device_flops"] = df;
            d["edge_flops"] = ef;
            return d;
        },
        py::arg("device"), py::arg("edge"), py::arg("model"), py::arg("device_dtype") = py::none(),
        py::arg("edge_dtype") = py::none(), py::arg("convention") = twice,
        "Every cut of a model at once, as a dict of numpy arrays: cut, device_seconds, edge_seconds, "
        "payload_bytes (all tensors crossing the cut, in device_dtype), payload_tensors, device_flops, edge_flops. "
        "device_dtype defaults to the model's, edge_dtype to device_dtype.");
    mod.def(
        "model_service_demand",
        [](const offload::dnn::hardware_profile& p, py::object layers, optional_dtype t, double scv, double parallelism,
           offload::dnn::flops_convention c) {
            const auto r = resolve_layers(layers, t, c, "offload::dnn::model_service_demand");
            return offload::dnn::model_service_demand(p, r.costs, r.type, scv, parallelism);
        },
        py::arg("profile"), py::arg("layers"), py::arg("dtype") = py::none(), py::arg("scv") = 0.0,
        py::arg("parallelism") = 1.0, py::arg("convention") = twice,
        "The ServiceDemand of one inference on the profile (mean = model_latency), for the pipelines.");
}

// ---------------------------------------------------------------------------------------------------------
// Calibration

/// A calibration sample that owns its layers (the C++ sample holds a span).
struct py_sample {
    std::vector<offload::dnn::layer_cost> layers;
    double measured_seconds = 0.0;
    offload::dnn::dtype element_type = offload::dnn::dtype::fp32;
};

std::vector<offload::dnn::calibration_sample> to_samples(const std::vector<py_sample>& samples) {
    std::vector<offload::dnn::calibration_sample> out;
    out.reserve(samples.size());
    for (const auto& s : samples) out.push_back({s.layers, s.measured_seconds, s.element_type});
    return out;
}

py::dict status_dict(const std::array<offload::dnn::fit_status, offload::dnn::op_class_count>& s) {
    py::dict d;
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
        d[py::str(std::string(offload::dnn::op_class_names[c]))] = s[c];
    return d;
}

void bind_calibration(py::module_& mod) {
    py::enum_<offload::dnn::calibration_weighting>(mod, "CalibrationWeighting",
                                                   "relative: minimise relative errors (every sample alike); absolute: "
                                                   "squared seconds (long samples dominate).")
        .value("relative", offload::dnn::calibration_weighting::relative)
        .value("absolute", offload::dnn::calibration_weighting::absolute);
    py::enum_<offload::dnn::fit_status>(mod, "FitStatus", "What calibration did with one parameter.")
        .value("fitted", offload::dnn::fit_status::fitted)
        .value("not_exercised", offload::dnn::fit_status::not_exercised)
        .value("fixed_by_options", offload::dnn::fit_status::fixed_by_options);

    py::class_<py_sample>(mod, "CalibrationSample",
                          "One measurement: the layers that ran (a Model, or a sequence of LayerCost: a whole "
                          "model, a part or one layer) and how long they took, s. Validated by calibrate.")
        .def(py::init([](py::object layers, double measured_seconds, std::optional<offload::dnn::dtype> element_type,
                         offload::dnn::flops_convention c) {
                 auto r = resolve_layers(layers, element_type, c, "offload.CalibrationSample");
                 return py_sample{std::move(r.costs), measured_seconds, r.type};
             }),
             py::arg("layers"), py::arg("measured_seconds"), py::arg("element_type") = py::none(),
             py::arg("convention") = offload::dnn::flops_convention::twice_macs)
        .def_readonly("layers", &py_sample::layers, "[LayerCost] of the layers that ran.")
        .def_readonly("measured_seconds", &py_sample::measured_seconds, "Measured time, s (finite and > 0).")
        .def_readonly("element_type", &py_sample::element_type,
                      "DType the layers ran in (the profile must state a peak for it).")
        .def("__repr__", [](const py_sample& s) {
            return "CalibrationSample(layers=" + std::to_string(s.layers.size()) +
                   ", measured_seconds=" + repr_number(s.measured_seconds) +
                   ", element_type=" + dtype_name(s.element_type) + ")";
        });

    py::class_<offload::dnn::calibration_options>(mod, "CalibrationOptions", "What calibrate fits and how.")
        .def(py::self == py::self)
        .def(py::init([](bool fit_compute_efficiency, bool fit_memory_efficiency, bool fit_layer_overhead,
                         offload::dnn::calibration_weighting weighting, int max_regime_iterations) {
                 offload::dnn::calibration_options o;
                 o.fit_compute_efficiency = fit_compute_efficiency;
                 o.fit_memory_efficiency = fit_memory_efficiency;
                 o.fit_layer_overhead = fit_layer_overhead;
                 o.weighting = weighting;
                 o.max_regime_iterations = max_regime_iterations;
                 return o;
             }),
             py::arg("fit_compute_efficiency") = true, py::arg("fit_memory_efficiency") = true,
             py::arg("fit_layer_overhead") = true, py::arg("weighting") = offload::dnn::calibration_weighting::relative,
             py::arg("max_regime_iterations") = 20)
        .def_readwrite("fit_compute_efficiency", &offload::dnn::calibration_options::fit_compute_efficiency,
                       "True: fit the compute efficiencies.")
        .def_readwrite("fit_memory_efficiency", &offload::dnn::calibration_options::fit_memory_efficiency,
                       "True: fit the memory efficiencies.")
        .def_readwrite("fit_layer_overhead", &offload::dnn::calibration_options::fit_layer_overhead,
                       "True: fit the per-layer overhead.")
        .def_readwrite("weighting", &offload::dnn::calibration_options::weighting,
                       "CalibrationWeighting: relative or absolute errors.")
        .def_readwrite("max_regime_iterations", &offload::dnn::calibration_options::max_regime_iterations,
                       "Budget of each regime alternation and threshold-search sweep (>= 1).")
        .def("__repr__", [](const offload::dnn::calibration_options& o) {
            return std::string("CalibrationOptions(fit_compute_efficiency=") + bool_repr(o.fit_compute_efficiency) +
                   ", fit_memory_efficiency=" + bool_repr(o.fit_memory_efficiency) +
                   ", fit_layer_overhead=" + bool_repr(o.fit_layer_overhead) + ", weighting=" +
                   (o.weighting == offload::dnn::calibration_weighting::relative ? "relative" : "absolute") +
                   ", max_regime_iterations=" + std::to_string(o.max_regime_iterations) + ")";
        });

    py::class_<offload::dnn::fit_report>(mod, "FitReport",
                                         "Predictions against measurements, per sample (numpy "
                                         "arrays) and summarised.")
        .def_property_readonly(
            "measured_seconds", [](const offload::dnn::fit_report& r) { return to_array(r.measured_seconds); },
            "Measured times per sample, s.")
        .def_property_readonly(
            "predicted_seconds", [](const offload::dnn::fit_report& r) { return to_array(r.predicted_seconds); },
            "Predicted times per sample, s.")
        .def_property_readonly(
            "relative_error", [](const offload::dnn::fit_report& r) { return to_array(r.relative_error); },
            "(predicted - measured) / measured.")
        .def_readonly("rms_relative_error", &offload::dnn::fit_report::rms_relative_error,
                      "sqrt(mean relative_error^2).")
        .def_readonly("max_abs_relative_error", &offload::dnn::fit_report::max_abs_relative_error,
                      "max |relative_error|.")
        .def("__repr__", [](const offload::dnn::fit_report& r) {
            return "FitReport(samples=" + std::to_string(r.measured_seconds.size()) +
                   ", rms_relative_error=" + repr_number(r.rms_relative_error) +
                   ", max_abs_relative_error=" + repr_number(r.max_abs_relative_error) + ")";
        });

    py::class_<offload::dnn::calibration_result>(
        mod, "CalibrationResult",
        "The calibrated profile, its fit on the samples, what happened to each "
        "parameter, and notes (parameters kept at their prior or at a bound).")
        .def_readonly("profile", &offload::dnn::calibration_result::profile,
                      "The prior HardwareProfile with fitted efficiencies / overhead.")
        .def_readonly("fit", &offload::dnn::calibration_result::fit,
                      "FitReport of the calibrated profile on the calibration samples.")
        .def_property_readonly(
            "compute_status", [](const offload::dnn::calibration_result& r) { return status_dict(r.compute_status); },
            "{op class name: FitStatus} of the compute efficiencies.")
        .def_property_readonly(
            "memory_status", [](const offload::dnn::calibration_result& r) { return status_dict(r.memory_status); },
            "{op class name: FitStatus} of the memory efficiencies.")
        .def_readonly("overhead_status", &offload::dnn::calibration_result::overhead_status,
                      "FitStatus of the per-layer overhead.")
        .def_readonly("regime_iterations", &offload::dnn::calibration_result::regime_iterations,
                      "NNLS fits performed by the regime search.")
        .def_readonly("regime_converged", &offload::dnn::calibration_result::regime_converged,
                      "True: the profile classifies every layer as it was fitted (self-consistent).")
        .def_readonly("notes", &offload::dnn::calibration_result::notes,
                      "One line per parameter kept at its prior or fitted at a bound.")
        .def("__repr__", [](const offload::dnn::calibration_result& r) {
            return "CalibrationResult(profile=" + profile_repr(r.profile) +
                   ", rms_relative_error=" + repr_number(r.fit.rms_relative_error) +
                   ", regime_converged=" + bool_repr(r.regime_converged) + ", notes=" + std::to_string(r.notes.size()) +
                   ")";
        });

    mod.def(
        "calibrate",
        [](const offload::dnn::hardware_profile& prior, const std::vector<py_sample>& samples,
           const offload::dnn::calibration_options& options) {
            const auto s = to_samples(samples);
            return offload::dnn::calibrate(prior, s, options);
        },
        py::arg("prior"), py::arg("samples"), py::arg("options") = offload::dnn::calibration_options{},
        "Fit the prior's efficiencies and per-layer overhead to measured samples by non-negative least squares "
        "(docs/calibration.md).");
    mod.def(
        "evaluate_fit",
        [](const offload::dnn::hardware_profile& p, const std::vector<py_sample>& samples) {
            const auto s = to_samples(samples);
            return offload::dnn::evaluate_fit(p, s);
        },
        py::arg("profile"), py::arg("samples"), "A profile's predictions against (e.g. held-out) samples.");
}

// ---------------------------------------------------------------------------------------------------------
// JSON

void bind_json(py::module_& mod) {
    // One naming scheme for every file format: read_X(path), write_X(path, value), X_from_json_text(text),
    // to_json_text(value, indent). A file that cannot be read or written raises OSError (FileNotFoundError,
    // PermissionError, ...: the translator in bind_scenario.cpp); bad content raises ValueError naming the JSON
    // pointer.
    mod.def(
        "model_from_json_text", [](const std::string& text) { return offload::dnn::model_from_json_text(text); },
        py::arg("text"), "A model from JSON text; errors (ValueError) name the JSON pointer.");
    mod.def(
        "to_json_text",
        [](const offload::dnn::model& model, int indent) { return offload::dnn::to_json_text(model, indent); },
        py::arg("model"), py::arg("indent") = 1,
        "The model as JSON text (the format of docs/flops.md); indent in [-1, 16] (-1: one line).");
    mod.def(
        "read_model", [](const std::filesystem::path& path) { return offload::dnn::read_model(path.string()); },
        py::arg("path"),
        "Reads a model JSON file; OSError if it cannot be read, ValueError naming the JSON pointer if it is bad.");
    mod.def(
        "write_model",
        [](const std::filesystem::path& path, const offload::dnn::model& model) {
            offload::dnn::write_model(path.string(), model);
        },
        py::arg("path"), py::arg("model"), "Writes the model as JSON; OSError if the file cannot be written.");
    mod.def(
        "hardware_profile_from_json_text",
        [](const std::string& text) { return offload::dnn::hardware_profile_from_json_text(text); }, py::arg("text"),
        "A hardware profile from JSON text; errors (ValueError) name the JSON pointer.");
    mod.def(
        "to_json_text",
        [](const offload::dnn::hardware_profile& profile, int indent) {
            return offload::dnn::to_json_text(profile, indent);
        },
        py::arg("profile"), py::arg("indent") = 2,
        "The profile as JSON text (the format of docs/flops.md); indent in [-1, 16] (-1: one line).");
    mod.def(
        "read_hardware_profile",
        [](const std::filesystem::path& path) { return offload::dnn::read_hardware_profile(path.string()); },
        py::arg("path"),
        "Reads a hardware profile JSON file; OSError if it cannot be read, ValueError naming the JSON pointer.");
    mod.def(
        "write_hardware_profile",
        [](const std::filesystem::path& path, const offload::dnn::hardware_profile& profile) {
            offload::dnn::write_hardware_profile(path.string(), profile);
        },
        py::arg("path"), py::arg("profile"), "Writes the profile as JSON; OSError if the file cannot be written.");
}

} // namespace

void bind_flops(py::module_& m) {
    bind_layers(m);
    bind_models(m);
    bind_zoo(m);
    bind_hardware(m);
    bind_calibration(m);
    bind_json(m);
}
