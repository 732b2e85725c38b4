// offload/json/scenario.hpp — the advisor's scenario: devices, edge servers, an optional cloud, the links
// between them, the workloads (service time per processor, payloads, service-time kind) and the loads.
//
//   {
//     "name": "seed 003 §4",                                        (optional)
//     "devices": [{"name": "jetson_tx2"}, ...],                     (>= 1, unique names)
//     "edges":   [{"name": "nvidia_a2", "link": "wlan", "parallelism": 1}, ...],     (>= 0)
//     "cloud":   {"name": "cloud_gpu", "link": "wan", "parallelism": 1},             (optional, or null)
//     "links":   {"wlan": {"bandwidth_mbps": 5, "propagation_ms": 0}, ...},          (>= 1)
//     "workloads": [{
//         "name": "mobilenet_v2",
//         "kind": "deterministic" | "exponential" | "general",    (seed 003 §3.3: DNN / RNN, LLM / measured)
//         "scv": 0.5,                                             (required for "general", forbidden otherwise)
//         "request_bytes": 12000, "result_bytes": 4000,
//         "arrival_rate": 2,                                      (optional; default loads.arrival_rate)
//         "service_ms": {"jetson_tx2": 19, "nvidia_a2": 5.5, ...} (mean service time on each processor)
//     }, ...],
//     "loads": {"arrival_rate": 2, "tenants": 1},                  (requests/s per device; tenants sharing
//                                                                  each server, this device included)
//     "sweeps": {"bandwidth_mbps": [0.5, 1000], "arrival_rate": [0.1, 200], "tenants": [1, 100]}  (optional)
//   }
//
// An option (device d runs workload w itself, or offloads it to server s) exists when service_ms names both
// d (for on-device) or s (for offloading); a missing entry means "not available there". Every workload must
// name at least one device, and every device must run at least one workload (otherwise the advisor would
// silently report nothing for it). A server's co-located tenants are copies of the same workload at the same
// rate (seed 003 §4.8).
//
// Magnitudes are bounded (scenario_limits below: rates and bandwidths in [1e-6, 1e9], service times in
// [1e-6, 1e12] ms, payloads <= 1e15 bytes, propagation <= 1e9 ms, parallelism in [1, 1e6], scv <= 100,
// tenant sweeps <= 10000), generous for any real system and small enough that every value stays inside double
// range.
//
// Every error is an offload::parameter_error from "offload::from_json(scenario)" whose parameter is the JSON
// pointer of the offending value (e.g. '/workloads/2/service_ms/nvidia_a2'); unknown keys are errors too.
#pragma once

#include <cstddef>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"
#include "offload/json/detail/parse_text.hpp"
#include "offload/pipelines/stage_defaults.hpp"

namespace offload {

struct scenario_link {
    std::string name;
    double bandwidth_mbps = 0.0;  ///< Mbit/s (> 0), both directions
    double propagation_ms = 0.0;  ///< one way (>= 0)
};

struct scenario_device {
    std::string name;
};

struct scenario_server {
    std::string name;
    std::string link;          ///< a key of scenario::links
    double parallelism = 1.0;  ///< k of k_parallel (> 0)
};

struct scenario_workload {
    std::string name;
    service_kind kind = service_kind::deterministic;
    double scv = 0.0;  ///< 0 (deterministic), 1 (exponential) or as given (general)
    double request_bytes = 0.0;
    double result_bytes = 0.0;
    double arrival_rate = 0.0;  ///< requests/s per device (the workload's own or loads.arrival_rate)
    std::vector<std::pair<std::string, double>> service_ms;  ///< processor name -> mean service time, ms
};

struct scenario_sweeps {
    double bandwidth_lo_mbps = 0.5, bandwidth_hi_mbps = 1000.0;
    double rate_lo = 0.1, rate_hi = 200.0;
    int tenants_lo = 1, tenants_hi = 100;
};

struct scenario {
    std::string name;
    std::vector<scenario_device> devices;
    std::vector<scenario_server> edges;
    std::optional<scenario_server> cloud;
    std::vector<scenario_link> links;
    std::vector<scenario_workload> workloads;
    double arrival_rate = 2.0;  ///< loads.arrival_rate
    int tenants = 1;            ///< loads.tenants
    scenario_sweeps sweeps;
};

inline const char* to_string(service_kind k) noexcept {
    switch (k) {
    case service_kind::deterministic: return "deterministic";
    case service_kind::exponential: return "exponential";
    case service_kind::general: return "general";
    }
    return "?";
}

/// The link named `name` (nullptr if none).
inline const scenario_link* find_link(const scenario& s, std::string_view name) noexcept {
    for (const scenario_link& l : s.links)
        if (l.name == name) return &l;
    return nullptr;
}

/// Mean service time of workload w on processor `name`, seconds; nullopt when not available there.
inline std::optional<double> service_seconds(const scenario_workload& w, std::string_view name) noexcept {
    for (const auto& [processor, ms] : w.service_ms)
        if (processor == name) return ms * 1e-3;
    return std::nullopt;
}

/// The bounds scenario_from_json enforces beyond the sign rules (units as in the JSON: Mbit/s, ms, bytes, req/s).
struct scenario_limits {
    static constexpr double min_rate = 1e-6, max_rate = 1e9;            ///< requests/s
    static constexpr double min_bandwidth = 1e-6, max_bandwidth = 1e9;  ///< Mbit/s
    static constexpr double max_propagation = 1e9;                      ///< ms
    static constexpr double min_service = 1e-6, max_service = 1e12;     ///< ms
    static constexpr double max_bytes = 1e15;                           ///< request and result payloads
    static constexpr double max_parallelism = 1e6;                      ///< k (>= 1)
    static constexpr double max_scv = 100;                              ///< squared coefficient of variation
    static constexpr int max_tenants = 1000000;                         ///< loads.tenants
    static constexpr int max_tenant_sweep = 10000;                      ///< sweeps.tenants (every integer is evaluated)
};

namespace detail {

inline constexpr const char* scenario_json_fn = "offload::from_json(scenario)";

[[noreturn]] inline void throw_scenario_error(const std::string& pointer, const nlohmann::json& value,
                                              const char* requirement) {
    std::string shown = value.dump();
    if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
    throw_parameter_error(scenario_json_fn, pointer.empty() ? "/" : pointer.c_str(), shown, requirement);
}

inline void scenario_require_object(const nlohmann::json& j, const std::string& pointer,
                                    std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) throw_scenario_error(pointer, j, "must be a JSON object");
    for (const auto& [key, value] : j.items()) {
        bool known = false;
        for (std::string_view a : allowed) known = known || a == key;
        if (!known) throw_scenario_error(pointer + "/" + json_pointer_escape(key), value, "is not a known key here");
    }
}

inline const nlohmann::json& scenario_member(const nlohmann::json& j, const std::string& pointer, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) throw_scenario_error(pointer + "/" + key, nullptr, "is required but missing");
    return *it;
}

inline double scenario_number(const nlohmann::json& j, const std::string& pointer) {
    if (!j.is_number()) throw_scenario_error(pointer, j, "must be a number");
    const double v = j.get<double>();
    if (!(v > -infinity && v < infinity)) throw_scenario_error(pointer, j, "must be finite");
    return v;
}

inline double scenario_positive(const nlohmann::json& j, const std::string& pointer) {
    const double v = scenario_number(j, pointer);
    if (!(v > 0.0)) throw_scenario_error(pointer, j, "must be > 0");
    return v;
}

inline double scenario_non_negative(const nlohmann::json& j, const std::string& pointer) {
    const double v = scenario_number(j, pointer);
    if (!(v >= 0.0)) throw_scenario_error(pointer, j, "must be >= 0");
    return v;
}

/// v (already read from j at pointer) must lie in [lo, hi].
inline double scenario_within(const nlohmann::json& j, const std::string& pointer, double v, double lo, double hi) {
    char requirement[64];
    if (v < lo) {
        std::snprintf(requirement, sizeof requirement, "must be >= %g", lo);
        throw_scenario_error(pointer, j, requirement);
    }
    if (v > hi) {
        std::snprintf(requirement, sizeof requirement, "must be <= %g", hi);
        throw_scenario_error(pointer, j, requirement);
    }
    return v;
}

/// A number > 0 within [lo, hi] (the sign is checked first, so 0 or a negative value says "must be > 0").
inline double scenario_positive(const nlohmann::json& j, const std::string& pointer, double lo, double hi) {
    return scenario_within(j, pointer, scenario_positive(j, pointer), lo, hi);
}

/// A number >= 0 and <= hi.
inline double scenario_non_negative(const nlohmann::json& j, const std::string& pointer, double hi) {
    return scenario_within(j, pointer, scenario_non_negative(j, pointer), 0.0, hi);
}

inline double scenario_rate(const nlohmann::json& j, const std::string& pointer) {
    return scenario_positive(j, pointer, scenario_limits::min_rate, scenario_limits::max_rate);
}

inline int scenario_integer(const nlohmann::json& j, const std::string& pointer, int lo, int hi) {
    if (!j.is_number_integer()) throw_scenario_error(pointer, j, "must be an integer");
    const long long v = j.get<long long>();
    if (v < lo || v > hi) {
        const std::string req = "must lie in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
        throw_scenario_error(pointer, j, req.c_str());
    }
    return static_cast<int>(v);
}

inline std::string scenario_name(const nlohmann::json& j, const std::string& pointer) {
    if (!j.is_string() || j.get<std::string>().empty()) throw_scenario_error(pointer, j, "must be a non-empty string");
    return j.get<std::string>();
}

inline scenario_server scenario_server_from(const nlohmann::json& j, const std::string& p) {
    scenario_require_object(j, p, {"name", "link", "parallelism"});
    scenario_server s;
    s.name = scenario_name(scenario_member(j, p, "name"), p + "/name");
    s.link = scenario_name(scenario_member(j, p, "link"), p + "/link");
    if (j.contains("parallelism")) {
        const std::string q = p + "/parallelism";
        const double k = scenario_number(j["parallelism"], q);
        if (!(k >= 1.0)) throw_scenario_error(q, j["parallelism"], "must be >= 1 (the seed's k-mu shortcut)");
        s.parallelism = scenario_within(j["parallelism"], q, k, 1.0, scenario_limits::max_parallelism);
    }
    return s;
}

inline std::pair<double, double> scenario_range(const nlohmann::json& j, const std::string& p, double min,
                                                double max) {
    if (!j.is_array() || j.size() != 2) throw_scenario_error(p, j, "must be an array [lo, hi]");
    const double lo = scenario_positive(j[0], p + "/0", min, max);
    const double hi = scenario_positive(j[1], p + "/1", min, max);
    if (!(hi > lo)) throw_scenario_error(p + "/1", j[1], "must be > lo");
    return {lo, hi};
}

} // namespace detail

/// Reads and validates a scenario (see the format at the top of this header).
inline scenario scenario_from_json(const nlohmann::json& j) {
    using namespace detail;
    scenario_require_object(j, "", {"name", "devices", "edges", "cloud", "links", "workloads", "loads", "sweeps"});
    scenario s;
    if (j.contains("name")) s.name = scenario_name(j["name"], "/name");

    std::vector<std::string> processors;  // device and server names, for uniqueness and service_ms keys
    const auto add_processor = [&](const std::string& name, const nlohmann::json& value, const std::string& p) {
        for (const std::string& n : processors)
            if (n == name) throw_scenario_error(p, value, "duplicates another device or server name");
        processors.push_back(name);
    };

    // links
    const nlohmann::json& links = scenario_member(j, "", "links");
    if (!links.is_object() || links.empty())
        throw_scenario_error("/links", links, "must be a non-empty object {name: {bandwidth_mbps, propagation_ms}}");
    for (const auto& [key, value] : links.items()) {
        const std::string p = "/links/" + json_pointer_escape(key);
        scenario_require_object(value, p, {"bandwidth_mbps", "propagation_ms"});
        scenario_link l;
        l.name = key;
        l.bandwidth_mbps = scenario_positive(scenario_member(value, p, "bandwidth_mbps"), p + "/bandwidth_mbps",
                                             scenario_limits::min_bandwidth, scenario_limits::max_bandwidth);
        if (value.contains("propagation_ms"))
            l.propagation_ms = scenario_non_negative(value["propagation_ms"], p + "/propagation_ms",
                                                     scenario_limits::max_propagation);
        s.links.push_back(std::move(l));
    }

    // devices
    const nlohmann::json& devices = scenario_member(j, "", "devices");
    if (!devices.is_array() || devices.empty()) throw_scenario_error("/devices", devices, "must be a non-empty array");
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const std::string p = "/devices/" + std::to_string(i);
        scenario_require_object(devices[i], p, {"name"});
        scenario_device d;
        d.name = scenario_name(scenario_member(devices[i], p, "name"), p + "/name");
        add_processor(d.name, devices[i]["name"], p + "/name");
        s.devices.push_back(std::move(d));
    }

    // servers
    const auto check_link = [&](const scenario_server& server, const std::string& p, const nlohmann::json& js) {
        if (find_link(s, server.link) == nullptr)
            throw_scenario_error(p + "/link", js["link"], "names no entry of /links");
    };
    if (j.contains("edges")) {
        const nlohmann::json& edges = j["edges"];
        if (!edges.is_array()) throw_scenario_error("/edges", edges, "must be an array");
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const std::string p = "/edges/" + std::to_string(i);
            scenario_server e = scenario_server_from(edges[i], p);
            add_processor(e.name, edges[i]["name"], p + "/name");
            check_link(e, p, edges[i]);
            s.edges.push_back(std::move(e));
        }
    }
    if (j.contains("cloud") && !j["cloud"].is_null()) {
        scenario_server c = scenario_server_from(j["cloud"], "/cloud");
        add_processor(c.name, j["cloud"]["name"], "/cloud/name");
        check_link(c, "/cloud", j["cloud"]);
        s.cloud = std::move(c);
    }
    if (s.edges.empty() && !s.cloud)
        throw_scenario_error("/edges", j.contains("edges") ? j["edges"] : nlohmann::json(nullptr),
                             "at least one edge or a cloud is required (nothing to offload to)");

    // loads
    if (j.contains("loads")) {
        const nlohmann::json& loads = j["loads"];
        scenario_require_object(loads, "/loads", {"arrival_rate", "tenants"});
        if (loads.contains("arrival_rate")) s.arrival_rate = scenario_rate(loads["arrival_rate"], "/loads/arrival_rate");
        if (loads.contains("tenants"))
            s.tenants = scenario_integer(loads["tenants"], "/loads/tenants", 1, scenario_limits::max_tenants);
    }

    // sweeps
    if (j.contains("sweeps")) {
        const nlohmann::json& sw = j["sweeps"];
        scenario_require_object(sw, "/sweeps", {"bandwidth_mbps", "arrival_rate", "tenants"});
        if (sw.contains("bandwidth_mbps"))
            std::tie(s.sweeps.bandwidth_lo_mbps, s.sweeps.bandwidth_hi_mbps) =
                scenario_range(sw["bandwidth_mbps"], "/sweeps/bandwidth_mbps", scenario_limits::min_bandwidth,
                               scenario_limits::max_bandwidth);
        if (sw.contains("arrival_rate"))
            std::tie(s.sweeps.rate_lo, s.sweeps.rate_hi) = scenario_range(
                sw["arrival_rate"], "/sweeps/arrival_rate", scenario_limits::min_rate, scenario_limits::max_rate);
        if (sw.contains("tenants")) {
            const nlohmann::json& t = sw["tenants"];
            if (!t.is_array() || t.size() != 2) throw_scenario_error("/sweeps/tenants", t, "must be an array [lo, hi]");
            s.sweeps.tenants_lo = scenario_integer(t[0], "/sweeps/tenants/0", 1, scenario_limits::max_tenant_sweep);
            s.sweeps.tenants_hi = scenario_integer(t[1], "/sweeps/tenants/1", 1, scenario_limits::max_tenant_sweep);
            if (s.sweeps.tenants_hi <= s.sweeps.tenants_lo)
                throw_scenario_error("/sweeps/tenants/1", t[1], "must be > lo");
        }
    }

    // workloads
    const nlohmann::json& workloads = scenario_member(j, "", "workloads");
    if (!workloads.is_array() || workloads.empty())
        throw_scenario_error("/workloads", workloads, "must be a non-empty array");
    for (std::size_t i = 0; i < workloads.size(); ++i) {
        const nlohmann::json& wj = workloads[i];
        const std::string p = "/workloads/" + std::to_string(i);
        scenario_require_object(wj, p,
                                {"name", "kind", "scv", "request_bytes", "result_bytes", "arrival_rate", "service_ms"});
        scenario_workload w;
        w.name = scenario_name(scenario_member(wj, p, "name"), p + "/name");
        for (const scenario_workload& other : s.workloads)
            if (other.name == w.name) throw_scenario_error(p + "/name", wj["name"], "duplicates another workload name");
        const nlohmann::json& kind = scenario_member(wj, p, "kind");
        if (kind == "deterministic") w.kind = service_kind::deterministic, w.scv = 0.0;
        else if (kind == "exponential") w.kind = service_kind::exponential, w.scv = 1.0;
        else if (kind == "general") w.kind = service_kind::general;
        else throw_scenario_error(p + "/kind", kind, "must be \"deterministic\", \"exponential\" or \"general\"");
        if (w.kind == service_kind::general)
            w.scv = scenario_non_negative(scenario_member(wj, p, "scv"), p + "/scv", scenario_limits::max_scv);
        else if (wj.contains("scv"))
            throw_scenario_error(p + "/scv", wj["scv"], "is only allowed with \"kind\": \"general\"");
        w.request_bytes = scenario_positive(scenario_member(wj, p, "request_bytes"), p + "/request_bytes", 0.0,
                                            scenario_limits::max_bytes);
        w.result_bytes = scenario_non_negative(scenario_member(wj, p, "result_bytes"), p + "/result_bytes",
                                               scenario_limits::max_bytes);
        w.arrival_rate = wj.contains("arrival_rate") ? scenario_rate(wj["arrival_rate"], p + "/arrival_rate")
                                                     : s.arrival_rate;
        const nlohmann::json& service = scenario_member(wj, p, "service_ms");
        if (!service.is_object() || service.empty())
            throw_scenario_error(p + "/service_ms", service, "must be a non-empty object {processor: milliseconds}");
        bool on_a_device = false;
        for (const auto& [key, value] : service.items()) {
            const std::string q = p + "/service_ms/" + json_pointer_escape(key);
            bool known = false;
            for (const std::string& n : processors) known = known || n == key;
            if (!known) throw_scenario_error(q, value, "names no device, edge or cloud of this scenario");
            for (const scenario_device& d : s.devices) on_a_device = on_a_device || d.name == key;
            w.service_ms.emplace_back(
                key, scenario_positive(value, q, scenario_limits::min_service, scenario_limits::max_service));
        }
        if (!on_a_device)
            throw_scenario_error(p + "/service_ms", service,
                                 "names no device of this scenario (no device runs this workload: nothing to report)");
        s.workloads.push_back(std::move(w));
    }
    // every device runs something (a device no workload names would silently get no report)
    for (std::size_t i = 0; i < s.devices.size(); ++i) {
        bool runs = false;
        for (const scenario_workload& w : s.workloads) runs = runs || service_seconds(w, s.devices[i].name).has_value();
        if (!runs)
            throw_scenario_error("/devices/" + std::to_string(i) + "/name", j["devices"][i]["name"],
                                 "is named by no workload's service_ms (the device runs nothing: nothing to report)");
    }
    return s;
}

/// Parses JSON text. Malformed text is a parameter_error at the JSON pointer where it breaks, with the byte,
/// line and column (detail::parse_json_text).
inline scenario scenario_from_string(std::string_view text) {
    return scenario_from_json(detail::parse_json_text(text, detail::scenario_json_fn));
}

/// Reads a scenario file; a missing or unreadable file is a parameter_error naming the path, malformed text
/// one naming the pointer, line, column and the file.
inline scenario load_scenario(const std::string& path) {
    std::ifstream in(path);
    if (!in) detail::throw_parameter_error("offload::load_scenario", "path", "\"" + path + "\"", "cannot be opened");
    std::ostringstream text;
    text << in.rdbuf();
    return scenario_from_json(detail::parse_json_text(text.str(), detail::scenario_json_fn, path));
}

/// Seed 003 §4 (Ng, Irwin et al.): Jetson TX2 and Orin Nano devices; NVIDIA A2 and RTX 4070 edges;
/// MobileNetV2, InceptionV4, YOLOv8n, the LSTM and Llama-3.2-1B; 2 requests/s; 5 Mbit/s.
/// The seed lists neither service times nor payloads; these are DERIVED, illustrative values (docs/advisor.md):
/// one anchor per workload on the TX2, scaled to the other processors by the seed's peak fp16 ratios
/// (TX2 1.3, Orin Nano 2.6, A2 4.5, RTX 4070 29.1 TFLOPS, §4.1). MobileNetV2 on the TX2 is the project's
/// 19 ms (docs/pipelines.md); the LLM runs at 0.02 requests/s (one prompt every 50 s), not 2.
inline constexpr std::string_view seed003_scenario_json = R"json({
  "name": "seed 003 §4: Jetson TX2 / Orin Nano vs A2 / RTX 4070 edges, 2 req/s, 5 Mbit/s",
  "devices": [{"name": "jetson_tx2"}, {"name": "jetson_orin_nano"}],
  "edges": [{"name": "nvidia_a2", "link": "wlan"}, {"name": "rtx_4070", "link": "wlan"}],
  "links": {"wlan": {"bandwidth_mbps": 5, "propagation_ms": 0}},
  "loads": {"arrival_rate": 2, "tenants": 1},
  "sweeps": {"bandwidth_mbps": [0.5, 1000], "arrival_rate": [0.1, 200], "tenants": [1, 100]},
  "workloads": [
    {"name": "mobilenet_v2", "kind": "deterministic", "request_bytes": 12000, "result_bytes": 4000,
     "service_ms": {"jetson_tx2": 19, "jetson_orin_nano": 9.5, "nvidia_a2": 5.4889, "rtx_4070": 0.84880}},
    {"name": "inception_v4", "kind": "deterministic", "request_bytes": 20000, "result_bytes": 4000,
     "service_ms": {"jetson_tx2": 80, "jetson_orin_nano": 40, "nvidia_a2": 23.111, "rtx_4070": 3.5739}},
    {"name": "yolov8n", "kind": "deterministic", "request_bytes": 50000, "result_bytes": 2000,
     "service_ms": {"jetson_tx2": 60, "jetson_orin_nano": 30, "nvidia_a2": 17.333, "rtx_4070": 2.6804}},
    {"name": "lstm", "kind": "exponential", "request_bytes": 512, "result_bytes": 64,
     "service_ms": {"jetson_tx2": 30, "jetson_orin_nano": 15, "nvidia_a2": 8.6667, "rtx_4070": 1.3402}},
    {"name": "llama_3_2_1b", "kind": "exponential", "request_bytes": 2000, "result_bytes": 1000,
     "arrival_rate": 0.02,
     "service_ms": {"jetson_tx2": 24000, "jetson_orin_nano": 12000, "nvidia_a2": 6933.3, "rtx_4070": 1072.2}}
  ]
})json";

/// The embedded default scenario, parsed.
inline scenario seed003_scenario() { return scenario_from_string(seed003_scenario_json); }

} // namespace offload
