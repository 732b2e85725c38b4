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
// Reading goes through the validating constructor. Every error is an offload::parameter_error whose
// parameter is the JSON pointer of the offending value (e.g. '/compute_efficiency/dense_conv'); unknown keys
// are errors too, so a misspelt field cannot be silently ignored.
#pragma once

#include <cstddef>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/layer_cost.hpp"
#include "offload/json/detail/parse_text.hpp"

namespace offload {

namespace detail {

inline constexpr const char* hardware_json_fn = "offload::from_json(hardware_profile)";

[[noreturn]] inline void throw_json_error(const std::string& pointer, const nlohmann::json& value,
                                          const char* requirement) {
    throw_parameter_error(hardware_json_fn, pointer.c_str(), value.dump(), requirement);
}

inline double json_number(const nlohmann::json& j, const std::string& pointer) {
    if (!j.is_number()) throw_json_error(pointer, j, "must be a number");
    return j.get<double>();
}

inline double json_efficiency(const nlohmann::json& j, const std::string& pointer) {
    const double v = json_number(j, pointer);
    if (!(v > 0.0 && v <= 1.0)) throw_json_error(pointer, j, "must lie in (0, 1]");
    return v;
}

inline op_class_values json_efficiency_table(const nlohmann::json& j, const std::string& pointer) {
    if (!j.is_object()) throw_json_error(pointer, j, "must be an object {op_class: efficiency}");
    op_class_values values = uniform_values(1.0);
    for (const auto& [key, value] : j.items()) {
        std::size_t c = 0;
        while (c < op_class_count && op_class_names[c] != key) ++c;
        if (c == op_class_count)
            throw_json_error(pointer + "/" + json_pointer_escape(key), value, "is not an op_class name (dense_conv, pointwise_conv, ...)");
        values[c] = json_efficiency(value, pointer + "/" + json_pointer_escape(key));
    }
    return values;
}

} // namespace detail

inline void to_json(nlohmann::json& j, const hardware_profile& p) {
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
    j = nlohmann::json{{"name", s.name},
                       {"source", s.source},
                       {"peak_flops", peaks},
                       {"memory_bandwidth", s.memory_bandwidth},
                       {"layer_overhead", s.layer_overhead},
                       {"compute_efficiency", compute},
                       {"memory_efficiency", memory}};
}

/// Parse a hardware_profile; parameter_error naming the JSON pointer on any bad or unknown field.
inline hardware_profile hardware_profile_from_json(const nlohmann::json& j) {
    using detail::throw_json_error;
    if (!j.is_object()) throw_json_error("/", j, "must be a JSON object");
    hardware_spec s;
    bool have_name = false, have_peaks = false, have_bandwidth = false;
    for (const auto& [key, value] : j.items()) {
        const std::string pointer = "/" + detail::json_pointer_escape(key);
        if (key == "name") {
            if (!value.is_string() || value.get<std::string>().empty())
                throw_json_error(pointer, value, "must be a non-empty string");
            s.name = value.get<std::string>();
            have_name = true;
        } else if (key == "source") {
            if (!value.is_string()) throw_json_error(pointer, value, "must be a string");
            s.source = value.get<std::string>();
        } else if (key == "peak_flops") {
            if (!value.is_object()) throw_json_error(pointer, value, "must be an object {fp32|fp16|int8: FLOP/s}");
            for (const auto& [dt, peak] : value.items()) {
                const std::string pp = pointer + "/" + detail::json_pointer_escape(dt);
                const double v = detail::json_number(peak, pp);
                if (!(v >= 0.0 && v < infinity)) throw_json_error(pp, peak, "must be finite and >= 0");
                if (dt == "fp32") s.peak_fp32 = v;
                else if (dt == "fp16") s.peak_fp16 = v;
                else if (dt == "int8") s.peak_int8 = v;
                else throw_json_error(pp, peak, "is not an element type (fp32, fp16, int8)");
            }
            if (!(s.peak_fp32 > 0.0 || s.peak_fp16 > 0.0 || s.peak_int8 > 0.0))
                throw_json_error(pointer, value, "must state at least one peak > 0");
            have_peaks = true;
        } else if (key == "memory_bandwidth") {
            const double v = detail::json_number(value, pointer);
            if (!(v > 0.0 && v < infinity)) throw_json_error(pointer, value, "must be finite and > 0");
            s.memory_bandwidth = v;
            have_bandwidth = true;
        } else if (key == "layer_overhead") {
            const double v = detail::json_number(value, pointer);
            if (!(v >= 0.0 && v < infinity)) throw_json_error(pointer, value, "must be finite and >= 0");
            s.layer_overhead = v;
        } else if (key == "compute_efficiency") {
            s.compute_efficiency = detail::json_efficiency_table(value, pointer);
        } else if (key == "memory_efficiency") {
            s.memory_efficiency = detail::json_efficiency_table(value, pointer);
        } else {
            throw_json_error(pointer, value, "is not a hardware_profile field");
        }
    }
    if (!have_name) throw_json_error("/name", nullptr, "is required");
    if (!have_peaks) throw_json_error("/peak_flops", nullptr, "is required");
    if (!have_bandwidth) throw_json_error("/memory_bandwidth", nullptr, "is required");
    return hardware_profile(std::move(s));
}

/// Write p as JSON (2-space indent) to the file at path; parameter_error naming the path if it cannot be written.
inline void save_hardware_profile(const hardware_profile& p, const std::string& path) {
    std::ofstream out(path);
    nlohmann::json j;
    to_json(j, p);
    out << j.dump(2) << '\n';
    out.close();
    if (!out)
        detail::throw_parameter_error("offload::save_hardware_profile", "path", "\"" + path + "\"",
                                      "cannot be written");
}

/// Parse a hardware_profile from JSON text. Malformed text is a parameter_error naming the JSON pointer of the
/// value being read where the syntax error is, and the byte, line and column; bad fields as above.
inline hardware_profile hardware_profile_from_json_text(std::string_view text) {
    return hardware_profile_from_json(detail::parse_json_text(text, detail::hardware_json_fn));
}

/// Read a hardware_profile from the JSON file at path. parameter_error naming the path if it cannot be opened;
/// malformed JSON or a bad field names the JSON pointer (and, for malformed JSON, the file).
inline hardware_profile load_hardware_profile(const std::string& path) {
    constexpr const char* fn = "offload::load_hardware_profile";
    std::ifstream in(path);
    if (!in) detail::throw_parameter_error(fn, "path", "\"" + path + "\"", "cannot be opened");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return hardware_profile_from_json(detail::parse_json_text(text, detail::hardware_json_fn, path));
}

} // namespace offload

namespace nlohmann {
/// hardware_profile has no default constructor: nlohmann reads it through the validating parser.
template <>
struct adl_serializer<offload::hardware_profile> {
    static offload::hardware_profile from_json(const json& j) { return offload::hardware_profile_from_json(j); }
    static void to_json(json& j, const offload::hardware_profile& p) { offload::to_json(j, p); }
};
} // namespace nlohmann
