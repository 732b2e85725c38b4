// Shared helpers of the offload.dnn bindings (bind_dnn_*.cpp): argument conversion (every failure is a
// parameter_error naming the function and the parameter), layer objects <-> the layer variant, the layer
// costs of a model or a list, and the profile repr. Private to the bindings.
#pragma once

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

namespace offload::python::dnn_binding {

namespace py = pybind11;
using arr = py::array_t<double>;
using offload::detail::throw_parameter_error;
using offload::python::repr_number;

// ---------------------------------------------------------------------------------------------------------
// Argument conversion (every failure is a parameter_error naming the function and the parameter)

inline int to_int(long long v, const char* fn, const char* param) {
    if (v < INT_MIN || v > INT_MAX)
        throw_parameter_error(fn, param, static_cast<double>(v), "must fit in a 32-bit integer");
    return static_cast<int>(v);
}

inline bool is_integer(py::handle v) { return PyIndex_Check(v.ptr()) && !py::isinstance<py::bool_>(v); }

/// A number (float, int, numpy scalar); anything else is a parameter_error naming param.
inline double to_double(py::handle v, const char* fn, const std::string& param) {
    try {
        if (!py::isinstance<py::str>(v)) return v.cast<double>();
    } catch (const py::cast_error&) {}
    throw_parameter_error(fn, param.c_str(), std::string(py::repr(v)), "must be a number");
}

inline std::string to_text(py::handle v, const char* fn, const char* param) {
    if (!py::isinstance<py::str>(v)) throw_parameter_error(fn, param, std::string(py::repr(v)), "must be a string");
    return v.cast<std::string>();
}

/// An (h, w) pair from an int or a 2-sequence of ints.
inline offload::dnn::hw to_hw(py::handle v, const char* fn, const char* param) {
    if (is_integer(v)) return {to_int(v.cast<long long>(), fn, param)};
    if (py::isinstance<py::sequence>(v) && !py::isinstance<py::str>(v)) {
        const auto s = py::reinterpret_borrow<py::sequence>(v);
        if (s.size() == 2 && is_integer(s[0]) && is_integer(s[1]))
            return {to_int(s[0].cast<long long>(), fn, param), to_int(s[1].cast<long long>(), fn, param)};
    }
    throw_parameter_error(fn, param, std::string(py::repr(v)), "must be an integer or a pair (h, w) of integers");
}

inline py::object hw_object(offload::dnn::hw v) {
    if (v.h == v.w) return py::int_(v.h);
    return py::make_tuple(v.h, v.w);
}

inline std::string hw_repr(offload::dnn::hw v) {
    return v.h == v.w ? std::to_string(v.h) : "(" + std::to_string(v.h) + ", " + std::to_string(v.w) + ")";
}

inline py::tuple shape_tuple(const offload::dnn::tensor_shape& s) {
    py::tuple t(static_cast<std::size_t>(s.rank()));
    for (int i = 0; i < s.rank(); ++i) t[static_cast<std::size_t>(i)] = py::int_(s[i]);
    return t;
}

inline std::string shape_repr(const offload::dnn::tensor_shape& s) { return std::string(py::repr(shape_tuple(s))); }

inline const char* bool_repr(bool b) { return b ? "True" : "False"; }

inline std::string dtype_name(offload::dnn::dtype t) { return std::string(offload::dnn::detail::dtype_name(t)); }

inline const char* convention_name(offload::dnn::flops_convention c) {
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
inline offload::dnn::op_class_values to_efficiencies(py::handle v, const char* fn, const char* param) {
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

inline py::dict efficiency_dict(const offload::dnn::op_class_values& v) {
    py::dict d;
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
        d[py::str(std::string(offload::dnn::op_class_names[c]))] = v[c];
    return d;
}

inline py::array_t<double> to_array(const std::vector<double>& v) {
    return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
}

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

inline offload::dnn::layer to_layer(py::handle obj, const char* fn, const std::string& param) {
    if (auto l = try_layer(obj)) return *l;
    throw_parameter_error(fn, param.c_str(), std::string(py::repr(obj)),
                          "must be a layer (Conv2d, Linear, BatchNorm, ..., TransformerDecoderBlock)");
}

inline py::object layer_object(const offload::dnn::layer& l) {
    return std::visit([](const auto& x) { return py::cast(x); }, l);
}

/// The costs of a Model (in dtype, default the model's) or a sequence of LayerCost (dtype default fp32).
struct resolved_layers {
    std::vector<offload::dnn::layer_cost> costs;
    offload::dnn::dtype type;
};

inline resolved_layers resolve_layers(py::handle layers, std::optional<offload::dnn::dtype> type,
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

// ---------------------------------------------------------------------------------------------------------
// Hardware profiles and latency estimates

inline std::string profile_repr(const offload::dnn::hardware_profile& p) {
    const auto& s = p.spec();
    std::string out = "HardwareProfile('" + s.name + "'";
    if (s.peak_fp32 > 0.0) out += ", peak_fp32=" + repr_number(s.peak_fp32);
    if (s.peak_fp16 > 0.0) out += ", peak_fp16=" + repr_number(s.peak_fp16);
    if (s.peak_int8 > 0.0) out += ", peak_int8=" + repr_number(s.peak_int8);
    return out + ", memory_bandwidth=" + repr_number(s.memory_bandwidth) +
           ", layer_overhead=" + repr_number(s.layer_overhead) + ")";
}

} // namespace offload::python::dnn_binding
