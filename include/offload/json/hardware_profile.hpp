// offload/json/hardware_profile.hpp — opt-in JSON for hardware_profile (nlohmann/json), and files.
//
//   {
//     "name": "Raspberry Pi 4B (CPU)",
//     "source": "seed 001 Table III ...",                        (optional, default "")
//     "peak_flops": {"fp32": 1.92e11, "fp16": 0, "int8": 0},     (FLOP/s; absent or 0 = not stated)
//     "memory_bandwidth": 1.28e10,                               (bytes/s)
//     "layer_overhead": 0.0,                                     (seconds, optional, default 0)
//     "compute_efficiency": {"dense_conv": 0.4, ...},            (optional; absent classes = 1)
//     "memory_efficiency": {"elementwise": 0.3, ...}             (optional; absent classes = 1)
//   }
//
// I/O: read_hardware_profile(path), write_hardware_profile(path, p), hardware_profile_from_json_text(text),
// to_json_text(p, indent); hardware_profile_from_json(j) / json::get<hardware_profile>() for a parsed value.
// Reading goes through the validating constructor and the shared reader (offload/json/detail/reader.hpp).
// Every content error is an offload::parameter_error whose parameter is the JSON pointer of the offending
// value (e.g. '/compute_efficiency/dense_conv'); unknown keys are errors too, so a misspelt field cannot be
// silently ignored. A file that cannot be read or written is a std::system_error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/layer_cost.hpp"
#include "offload/json/detail/reader.hpp"

namespace offload::dnn {

namespace detail {

inline constexpr const char* hardware_json_fn = "offload::dnn::from_json(hardware_profile)";

inline op_class_values json_efficiency_table(const offload::detail::json_io::json_node& n) {
    if (!n.is_object()) n.fail("must be an object {op_class: efficiency}");
    op_class_values values = uniform_values(1.0);
    for (const auto& [key, value] : n.members()) {
        std::size_t c = 0;
        while (c < op_class_count && op_class_names[c] != key) ++c;
        if (c == op_class_count) value.fail("is not an op_class name (dense_conv, pointwise_conv, ...)");
        const double v = value.number();
        if (!(v > 0.0 && v <= 1.0)) value.fail("must lie in (0, 1]");
        values[c] = v;
    }
    return values;
}

inline nlohmann::json hardware_profile_json(const hardware_profile& p) {
    const hardware_spec& s = p.spec();
    nlohmann::json peaks = nlohmann::json::object();
    if (s.peak_fp32 > 0.0) peaks["fp32"] = s.peak_fp32;
    if (s.peak_fp16 > 0.0) peaks["fp16"] = s.peak_fp16;
    if (s.peak_int8 > 0.0) peaks["int8"] = s.peak_int8;
    nlohmann::json compute = nlohmann::json::object();
    nlohmann::json memory = nlohmann::json::object();
    for (std::size_t c = 0; c < op_class_count; ++c) {
        compute[std::string(op_class_names[c])] = s.compute_efficiency[c];
        memory[std::string(op_class_names[c])] = s.memory_efficiency[c];
    }
    return nlohmann::json{{"name", s.name},
                          {"source", s.source},
                          {"peak_flops", peaks},
                          {"memory_bandwidth", s.memory_bandwidth},
                          {"layer_overhead", s.layer_overhead},
                          {"compute_efficiency", compute},
                          {"memory_efficiency", memory}};
}

} // namespace detail

inline void to_json(nlohmann::json& j, const hardware_profile& p) { j = detail::hardware_profile_json(p); }

/// Parse a hardware_profile; parameter_error naming the JSON pointer on any bad, missing or unknown field.
[[nodiscard]] inline hardware_profile hardware_profile_from_json(const nlohmann::json& j) {
    offload::detail::json_io::json_object top(offload::detail::json_io::json_node(j, "", detail::hardware_json_fn),
                                              {"name", "source", "peak_flops", "memory_bandwidth", "layer_overhead",
                                               "compute_efficiency", "memory_efficiency"});
    hardware_spec s;
    s.name = top.required("name").name();
    if (const auto source = top.optional("source")) s.source = source->string();
    const auto peaks = top.required("peak_flops");
    if (!peaks.is_object()) peaks.fail("must be an object {fp32|fp16|int8: FLOP/s}");
    offload::detail::json_io::json_object peak_fields(peaks, {"fp32", "fp16", "int8"});
    double* const slots[3] = {&s.peak_fp32, &s.peak_fp16, &s.peak_int8};
    const char* const types[3] = {"fp32", "fp16", "int8"};
    for (int t = 0; t < 3; ++t)
        if (const auto v = peak_fields.optional(types[t])) {
            const double x = v->number();
            if (!(x >= 0.0)) v->fail("must be finite and >= 0");
            *slots[t] = x;
        }
    peak_fields.finish();
    if (!(s.peak_fp32 > 0.0 || s.peak_fp16 > 0.0 || s.peak_int8 > 0.0)) peaks.fail("must state at least one peak > 0");
    const auto bandwidth = top.required("memory_bandwidth");
    s.memory_bandwidth = bandwidth.number();
    if (!(s.memory_bandwidth > 0.0)) bandwidth.fail("must be finite and > 0");
    if (const auto overhead = top.optional("layer_overhead")) {
        s.layer_overhead = overhead->number();
        if (!(s.layer_overhead >= 0.0)) overhead->fail("must be finite and >= 0");
    }
    if (const auto t = top.optional("compute_efficiency")) s.compute_efficiency = detail::json_efficiency_table(*t);
    if (const auto t = top.optional("memory_efficiency")) s.memory_efficiency = detail::json_efficiency_table(*t);
    top.finish();
    return hardware_profile(std::move(s));
}

/// p as JSON text, `indent` spaces per level (-1: one line); parameter_error naming 'indent' outside
/// [-1, max_json_indent].
[[nodiscard]] inline std::string to_json_text(const hardware_profile& p, int indent = 2) {
    return offload::detail::dump_json(detail::hardware_profile_json(p), indent,
                                      "offload::dnn::to_json_text(hardware_profile)");
}

/// Parse a hardware_profile from JSON text. Malformed text is a parameter_error naming the JSON pointer of the
/// value being read where the syntax error is, and the byte, line and column; bad fields as above.
[[nodiscard]] inline hardware_profile hardware_profile_from_json_text(std::string_view text) {
    return hardware_profile_from_json(offload::detail::parse_json_text(text, detail::hardware_json_fn));
}

/// Read a hardware_profile from the JSON file at path: std::system_error naming the path if it cannot be read;
/// malformed JSON or a bad field is a parameter_error naming the JSON pointer (and, for malformed JSON, the file).
[[nodiscard]] inline hardware_profile read_hardware_profile(const std::string& path) {
    const std::string text = offload::detail::read_text_file(path, "offload::dnn::read_hardware_profile");
    return hardware_profile_from_json(offload::detail::parse_json_text(text, detail::hardware_json_fn, path));
}

/// Write p as JSON (2-space indent) to the file at path; std::system_error naming the path if it cannot be written.
inline void write_hardware_profile(const std::string& path, const hardware_profile& p) {
    offload::detail::write_text_file(path, to_json_text(p) + "\n", "offload::dnn::write_hardware_profile");
}

} // namespace offload::dnn

namespace nlohmann {
/// hardware_profile has no default constructor: nlohmann reads it through the validating parser.
template <>
struct adl_serializer<offload::dnn::hardware_profile> {
    static offload::dnn::hardware_profile from_json(const json& j) {
        return offload::dnn::hardware_profile_from_json(j);
    }
    static void to_json(json& j, const offload::dnn::hardware_profile& p) { offload::dnn::to_json(j, p); }
};
} // namespace nlohmann
