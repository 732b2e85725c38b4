// offload/advisor/scenario.hpp — the advisor's scenario in SI units: devices, edge servers, an optional cloud,
// the links between them, the workloads (service time per processor, payloads, service-time kind) and the loads.
//
// Units: bytes, bytes/s, seconds, requests/s. (The JSON format, offload/json/scenario.hpp, writes bandwidths
// in Mbit/s and times in ms; it converts on reading and writing. Nothing here depends on JSON.)
//
// An option (device d runs workload w itself, or offloads it to server s) exists when service_time names d
// (on-device) or s (offloading); a missing entry means "not available there". A server's co-located tenants
// are copies of the same workload at the same rate (seed 003 §4.8). advise() (offload/advisor/advise.hpp)
// evaluates a scenario.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "offload/pipelines/service_kind.hpp"

namespace offload {

struct scenario_link {
    std::string name;
    double bandwidth = 0.0;   ///< bytes/s (> 0), both directions
    double propagation = 0.0; ///< seconds, one way (>= 0)
    friend bool operator==(const scenario_link&, const scenario_link&) = default;
};

struct scenario_device {
    std::string name;
    friend bool operator==(const scenario_device&, const scenario_device&) = default;
};

struct scenario_server {
    std::string name;
    std::string link;         ///< the name of an entry of scenario::links
    double parallelism = 1.0; ///< k of k_parallel (>= 1)
    /// Prices (money, >= 0; 0 = not priced). The advisor's cost per request of offloading there is
    /// price_per_request + price_per_hour / (3600 x requests/s sent to it by all its tenants): a rented instance
    /// (seed 000 Table 1: AWS p3.2xlarge $3.06/h), an amortised workstation (purchase / life + power x
    /// electricity, per hour), or a per-image API.
    double price_per_hour = 0.0;
    double price_per_request = 0.0;
    friend bool operator==(const scenario_server&, const scenario_server&) = default;
};

struct scenario_workload {
    std::string name;
    service_kind kind = service_kind::deterministic;
    double scv = 0.0; ///< service-time SCV: 0 (deterministic), 1 (exponential) or as given (general)
    double request_bytes = 0.0;
    double result_bytes = 0.0;
    double arrival_rate = 0.0; ///< requests/s per device
    /// processor name -> mean service time, seconds (sorted by name when read from JSON)
    std::vector<std::pair<std::string, double>> service_time;
    friend bool operator==(const scenario_workload&, const scenario_workload&) = default;
};

/// The ranges the advisor sweeps to find crossovers.
struct scenario_sweeps {
    double bandwidth_lo = 62500.0, bandwidth_hi = 1.25e8; ///< bytes/s (0.5 and 1000 Mbit/s)
    double rate_lo = 0.1, rate_hi = 200.0;                ///< requests/s
    int tenants_lo = 1, tenants_hi = 100;                 ///< co-located tenants per server
    friend bool operator==(const scenario_sweeps&, const scenario_sweeps&) = default;
};

struct scenario {
    std::string name;
    std::vector<scenario_device> devices;
    std::vector<scenario_server> edges;
    std::optional<scenario_server> cloud;
    std::vector<scenario_link> links;
    std::vector<scenario_workload> workloads;
    double arrival_rate = 2.0; ///< default requests/s per device (a workload may state its own)
    int tenants = 1;           ///< tenants sharing each server, this device included
    scenario_sweeps sweeps;
    friend bool operator==(const scenario&, const scenario&) = default;
};

/// The link named `name` (nullptr if none).
[[nodiscard]] inline const scenario_link* find_link(const scenario& s, std::string_view name) noexcept {
    for (const scenario_link& l : s.links)
        if (l.name == name) return &l;
    return nullptr;
}

/// Mean service time of workload w on processor `name`, seconds; nullopt when not available there.
[[nodiscard]] inline std::optional<double> service_time(const scenario_workload& w, std::string_view name) noexcept {
    for (const auto& [processor, seconds] : w.service_time)
        if (processor == name) return seconds;
    return std::nullopt;
}

} // namespace offload
