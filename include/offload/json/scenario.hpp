// offload/json/scenario.hpp — the JSON file format of the advisor's scenario (offload/advisor/scenario.hpp):
// reading and writing only. The format states bandwidths in Mbit/s and times in ms; the scenario struct holds
// SI units (bytes/s, seconds), converted here.
//
// I/O: read_scenario(path), write_scenario(path, s), scenario_from_json_text(text), to_json_text(s, indent),
// scenario_from_json(j) / to_json(j, s) for a parsed value.
//
//   {
//     "name": "seed 003 §4",                                        (optional)
//     "devices": [{"name": "jetson_tx2"}, ...],                     (>= 1, unique names)
//     "edges":   [{"name": "nvidia_a2", "link": "wlan", "parallelism": 1}, ...],     (>= 0)
//     "cloud":   {"name": "cloud_gpu", "link": "wan", "parallelism": 1},             (optional, or null)
//                (a server may add "price_per_hour" and "price_per_request", >= 0: the advisor reports cost)
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
// Every content error is an offload::parameter_error from "offload::from_json(scenario)" whose parameter is the
// JSON pointer of the offending value (e.g. '/workloads/2/service_ms/nvidia_a2'); unknown keys are errors too
// (the shared reader, offload/json/detail/reader.hpp). A file that cannot be read or written is a
// std::system_error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/advisor/scenario.hpp"
#include "offload/error.hpp"
#include "offload/json/detail/reader.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/service_kind.hpp"

namespace offload {

/// The bounds scenario_from_json enforces beyond the sign rules (units as in the JSON: Mbit/s, ms, bytes, req/s).
struct scenario_limits {
    static constexpr double min_rate = 1e-6, max_rate = 1e9;           ///< requests/s
    static constexpr double min_bandwidth = 1e-6, max_bandwidth = 1e9; ///< Mbit/s
    static constexpr double max_propagation = 1e9;                     ///< ms
    static constexpr double min_service = 1e-6, max_service = 1e12;    ///< ms
    static constexpr double max_bytes = 1e15;                          ///< request and result payloads
    static constexpr double max_parallelism = 1e6;                     ///< k (>= 1)
    static constexpr double max_scv = 100;                             ///< squared coefficient of variation
    static constexpr int max_tenants = 1000000;                        ///< loads.tenants
    static constexpr int max_tenant_sweep = 10000;                     ///< sweeps.tenants (every integer is evaluated)
    static constexpr std::size_t max_entries = 10000;                  ///< devices, edges, links, workloads
    static constexpr double max_price = 1e9;                           ///< a server's price per hour or per request
};

namespace detail {

inline constexpr const char* scenario_json_fn = "offload::from_json(scenario)";
inline constexpr double seconds_per_ms = 1e-3;

using json_io::json_node;
using json_io::json_object;

inline double scenario_rate(const json_node& n) {
    return n.positive(scenario_limits::min_rate, scenario_limits::max_rate);
}

inline std::size_t scenario_list(const json_node& n, std::size_t min) {
    return n.array(min, scenario_limits::max_entries, min > 0 ? "must be a non-empty array" : "must be an array");
}

inline scenario_server scenario_server_from(const json_node& n) {
    json_object o(n, {"name", "link", "parallelism", "price_per_hour", "price_per_request"});
    scenario_server s;
    s.name = o.required("name").name();
    s.link = o.required("link").name();
    if (const auto k = o.optional("parallelism")) {
        if (!(k->number() >= 1.0)) k->fail("must be >= 1 (the seed's k-mu shortcut)");
        s.parallelism = k->number(1.0, scenario_limits::max_parallelism);
    }
    if (const auto p = o.optional("price_per_hour")) s.price_per_hour = p->non_negative(scenario_limits::max_price);
    if (const auto p = o.optional("price_per_request"))
        s.price_per_request = p->non_negative(scenario_limits::max_price);
    o.finish();
    return s;
}

inline std::pair<double, double> scenario_range(const json_node& n, double min, double max) {
    n.array(2, 2, "must be an array [lo, hi]");
    const double lo = n.element(0).positive(min, max);
    const double hi = n.element(1).positive(min, max);
    if (!(hi > lo)) n.element(1).fail("must be > lo");
    return {lo, hi};
}

inline nlohmann::json scenario_server_json(const scenario_server& s) {
    nlohmann::json j = {{"name", s.name}, {"link", s.link}, {"parallelism", s.parallelism}};
    if (s.price_per_hour != 0.0) j["price_per_hour"] = s.price_per_hour;
    if (s.price_per_request != 0.0) j["price_per_request"] = s.price_per_request;
    return j;
}

inline nlohmann::json scenario_to_value(const scenario& s) {
    using nlohmann::json;
    const auto mbps = [](double bytes_per_second) { return bytes_per_second * 8.0 / 1e6; };
    json j = json::object();
    if (!s.name.empty()) j["name"] = s.name;
    j["devices"] = json::array();
    for (const scenario_device& d : s.devices) j["devices"].push_back({{"name", d.name}});
    j["edges"] = json::array();
    for (const scenario_server& e : s.edges) j["edges"].push_back(scenario_server_json(e));
    j["cloud"] = s.cloud ? scenario_server_json(*s.cloud) : json(nullptr);
    j["links"] = json::object();
    for (const scenario_link& l : s.links)
        j["links"][l.name] = {{"bandwidth_mbps", mbps(l.bandwidth)}, {"propagation_ms", l.propagation * 1e3}};
    j["loads"] = {{"arrival_rate", s.arrival_rate}, {"tenants", s.tenants}};
    j["sweeps"] = {{"bandwidth_mbps", {mbps(s.sweeps.bandwidth_lo), mbps(s.sweeps.bandwidth_hi)}},
                   {"arrival_rate", {s.sweeps.rate_lo, s.sweeps.rate_hi}},
                   {"tenants", {s.sweeps.tenants_lo, s.sweeps.tenants_hi}}};
    j["workloads"] = json::array();
    for (const scenario_workload& w : s.workloads) {
        json wj = {{"name", w.name},
                   {"kind", to_string(w.kind)},
                   {"request_bytes", w.request_bytes},
                   {"result_bytes", w.result_bytes},
                   {"arrival_rate", w.arrival_rate}};
        if (w.kind == service_kind::general) wj["scv"] = w.scv;
        wj["service_ms"] = json::object();
        for (const auto& [processor, seconds] : w.service_time) wj["service_ms"][processor] = seconds * 1e3;
        j["workloads"].push_back(std::move(wj));
    }
    return j;
}

} // namespace detail

/// Reads and validates a scenario (see the format at the top of this header), converting to SI units.
[[nodiscard]] inline scenario scenario_from_json(const nlohmann::json& j) {
    using namespace detail;
    json_object top(json_node(j, "", scenario_json_fn),
                    {"name", "devices", "edges", "cloud", "links", "workloads", "loads", "sweeps"});
    scenario s;
    if (const auto name = top.optional("name")) s.name = name->name();

    std::vector<std::string> processors; // device and server names, for uniqueness and service_ms keys
    const auto add_processor = [&](const std::string& name, const json_node& at) {
        for (const std::string& n : processors)
            if (n == name) at.fail("duplicates another device or server name");
        processors.push_back(name);
    };

    // links
    const json_node links = top.required("links");
    if (!links.is_object() || links.value().empty())
        links.fail("must be a non-empty object {name: {bandwidth_mbps, propagation_ms}}");
    if (links.value().size() > scenario_limits::max_entries) links.fail("must have at most 10000 links");
    for (const auto& [key, value] : links.members()) {
        json_object o(value, {"bandwidth_mbps", "propagation_ms"});
        scenario_link l;
        l.name = key;
        l.bandwidth = megabits_per_second(
            o.required("bandwidth_mbps").positive(scenario_limits::min_bandwidth, scenario_limits::max_bandwidth));
        if (const auto p = o.optional("propagation_ms"))
            l.propagation = p->non_negative(scenario_limits::max_propagation) * seconds_per_ms;
        o.finish();
        s.links.push_back(std::move(l));
    }

    // devices
    const json_node devices = top.required("devices");
    for (std::size_t i = 0, n = scenario_list(devices, 1); i < n; ++i) {
        json_object o(devices.element(i), {"name"});
        const json_node name = o.required("name");
        o.finish();
        s.devices.push_back({name.name()});
        add_processor(s.devices.back().name, name);
    }

    // servers
    const auto server = [&](const json_node& n) {
        scenario_server e = scenario_server_from(n);
        add_processor(e.name, n.member("name"));
        if (find_link(s, e.link) == nullptr) n.member("link").fail("names no entry of /links");
        return e;
    };
    const auto edges = top.optional("edges");
    if (edges)
        for (std::size_t i = 0, n = scenario_list(*edges, 0); i < n; ++i) s.edges.push_back(server(edges->element(i)));
    if (const auto cloud = top.optional("cloud"); cloud && !cloud->is_null()) s.cloud = server(*cloud);
    if (s.edges.empty() && !s.cloud) {
        const nlohmann::json none;
        (edges ? *edges : json_node(none, "/edges", scenario_json_fn))
            .fail("at least one edge or a cloud is required (nothing to offload to)");
    }

    // loads
    if (const auto loads = top.optional("loads")) {
        json_object o(*loads, {"arrival_rate", "tenants"});
        if (const auto rate = o.optional("arrival_rate")) s.arrival_rate = scenario_rate(*rate);
        if (const auto tenants = o.optional("tenants"))
            s.tenants = static_cast<int>(tenants->integer(1, scenario_limits::max_tenants));
        o.finish();
    }

    // sweeps
    if (const auto sweeps = top.optional("sweeps")) {
        json_object o(*sweeps, {"bandwidth_mbps", "arrival_rate", "tenants"});
        if (const auto bw = o.optional("bandwidth_mbps")) {
            const auto [lo, hi] = scenario_range(*bw, scenario_limits::min_bandwidth, scenario_limits::max_bandwidth);
            s.sweeps.bandwidth_lo = megabits_per_second(lo);
            s.sweeps.bandwidth_hi = megabits_per_second(hi);
        }
        if (const auto rate = o.optional("arrival_rate"))
            std::tie(s.sweeps.rate_lo, s.sweeps.rate_hi) =
                scenario_range(*rate, scenario_limits::min_rate, scenario_limits::max_rate);
        if (const auto t = o.optional("tenants")) {
            t->array(2, 2, "must be an array [lo, hi]");
            s.sweeps.tenants_lo = static_cast<int>(t->element(0).integer(1, scenario_limits::max_tenant_sweep));
            s.sweeps.tenants_hi = static_cast<int>(t->element(1).integer(1, scenario_limits::max_tenant_sweep));
            if (s.sweeps.tenants_hi <= s.sweeps.tenants_lo) t->element(1).fail("must be > lo");
        }
        o.finish();
    }

    // workloads
    const json_node workloads = top.required("workloads");
    top.finish();
    for (std::size_t i = 0, n = scenario_list(workloads, 1); i < n; ++i) {
        json_object o(workloads.element(i),
                      {"name", "kind", "scv", "request_bytes", "result_bytes", "arrival_rate", "service_ms"});
        scenario_workload w;
        const json_node name = o.required("name");
        w.name = name.name();
        for (const scenario_workload& other : s.workloads)
            if (other.name == w.name) name.fail("duplicates another workload name");
        constexpr const char* kinds[] = {"deterministic", "exponential", "general"};
        w.kind = static_cast<service_kind>(o.required("kind").one_of(kinds));
        w.scv = w.kind == service_kind::exponential ? 1.0 : 0.0;
        const auto scv = o.optional("scv");
        if (w.kind == service_kind::general)
            w.scv = o.required("scv").non_negative(scenario_limits::max_scv);
        else if (scv)
            scv->fail("is only allowed with \"kind\": \"general\"");
        w.request_bytes = o.required("request_bytes").positive(0.0, scenario_limits::max_bytes);
        w.result_bytes = o.required("result_bytes").non_negative(scenario_limits::max_bytes);
        const auto rate = o.optional("arrival_rate");
        w.arrival_rate = rate ? scenario_rate(*rate) : s.arrival_rate;
        const json_node service = o.required("service_ms");
        o.finish();
        if (!service.is_object() || service.value().empty())
            service.fail("must be a non-empty object {processor: milliseconds}");
        bool on_a_device = false;
        for (const auto& [key, value] : service.members()) {
            bool known = false;
            for (const std::string& p : processors) known = known || p == key;
            if (!known) value.fail("names no device, edge or cloud of this scenario");
            for (const scenario_device& d : s.devices) on_a_device = on_a_device || d.name == key;
            w.service_time.emplace_back(
                key, value.positive(scenario_limits::min_service, scenario_limits::max_service) * seconds_per_ms);
        }
        if (!on_a_device)
            service.fail("names no device of this scenario (no device runs this workload: nothing to report)");
        s.workloads.push_back(std::move(w));
    }
    // every device runs something (a device no workload names would silently get no report)
    for (std::size_t i = 0; i < s.devices.size(); ++i) {
        bool runs = false;
        for (const scenario_workload& w : s.workloads) runs = runs || service_time(w, s.devices[i].name).has_value();
        if (!runs)
            devices.element(i).member("name").fail(
                "is named by no workload's service_ms (the device runs nothing: nothing to report)");
    }
    return s;
}

/// The scenario in the JSON format (Mbit/s, ms); scenario_from_json reads it back.
inline void to_json(nlohmann::json& j, const scenario& s) { j = detail::scenario_to_value(s); }

/// Parses JSON text. Malformed text is a parameter_error at the JSON pointer where it breaks, with the byte,
/// line and column (detail::parse_json_text).
[[nodiscard]] inline scenario scenario_from_json_text(std::string_view text) {
    return scenario_from_json(detail::parse_json_text(text, detail::scenario_json_fn));
}

/// s as JSON text, `indent` spaces per level (-1: one line); parameter_error naming 'indent' outside
/// [-1, max_json_indent].
[[nodiscard]] inline std::string to_json_text(const scenario& s, int indent = 2) {
    return detail::dump_json(detail::scenario_to_value(s), indent, "offload::to_json_text(scenario)");
}

/// Reads a scenario file: std::system_error naming the path if it cannot be read; malformed text is a
/// parameter_error naming the pointer, line, column and the file.
[[nodiscard]] inline scenario read_scenario(const std::string& path) {
    const std::string text = detail::read_text_file(path, "offload::read_scenario");
    return scenario_from_json(detail::parse_json_text(text, detail::scenario_json_fn, path));
}

/// Writes s as JSON (2-space indent) to the file at path; std::system_error naming the path on failure.
inline void write_scenario(const std::string& path, const scenario& s) {
    detail::write_text_file(path, to_json_text(s) + "\n", "offload::write_scenario");
}

/// Seed 003 §4 (Ng, Irwin et al.): Jetson TX2 and Orin Nano devices; NVIDIA A2 and RTX 4070 edges;
/// MobileNetV2, InceptionV4, YOLOv8n, the LSTM and Llama-3.2-1B; 2 requests/s; 5 Mbit/s.
/// The seed lists neither service times nor payloads; these are DERIVED, illustrative values (docs/advisor.md):
/// one anchor per workload on the TX2, scaled to the other processors by the seed's peak fp16 ratios
/// (TX2 1.3, Orin Nano 2.6, A2 4.5, RTX 4070 29.1 TFLOPS, §4.1). MobileNetV2 on the TX2 is the project's
/// 19 ms (docs/pipelines.md); the LLM runs at 0.02 requests/s (one prompt every 50 s), not 2.
inline constexpr std::string_view default_scenario_json = R"json({
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
[[nodiscard]] inline scenario default_scenario() { return scenario_from_json_text(default_scenario_json); }

} // namespace offload
