// offload/simulation/network.hpp — the world the simulator runs: FCFS stations and tenants with routes.
//
// A station is either a queue — c >= 1 identical parallel servers fed by one FCFS queue, holding at most K
// requests in total (K >= c, or unlimited) — or a pure delay (infinitely many servers: every request is in
// service at once, e.g. a propagation delay). A tenant (request class) has its own renewal arrival process
// and its own route: an ordered list of visits, each naming a station and the tenant's service time
// distribution there. Several tenants may share a station (a multi-tenant edge, seed 003 §3.4); a request
// that finds a finite station full is lost (blocked) and leaves the network.
#pragma once

#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/simulation/distribution.hpp"

namespace offload::sim {

/// The capacity of a station with an unlimited buffer, and the servers() of a delay station.
inline constexpr int unlimited = std::numeric_limits<int>::max();

class station {
public:
    /// A FCFS queue: servers an integer >= 1; capacity (max number in system, queue + service) an integer
    /// >= servers, or `unlimited` (the default).
    explicit station(std::string name, int servers = 1, int capacity = unlimited)
        : name_(std::move(name)), servers_(servers), capacity_(capacity == unlimited ? 0 : capacity) {
        if (servers < 1 || servers == unlimited)
            detail::throw_parameter_error("offload::sim::station", "servers", servers, "must be an integer >= 1");
        if (capacity < servers)
            detail::throw_parameter_error("offload::sim::station", "capacity", capacity,
                                          ("must be an integer >= " + std::to_string(servers)).c_str());
        if (name_.empty())
            detail::throw_parameter_error("offload::sim::station", "name", std::string("\"\""), "must not be empty");
    }

    /// Counts are integers: a floating-point servers or capacity does not compile (no silent truncation of 2.5).
    template <class S, class C = int>
    requires std::floating_point<S> || std::floating_point<C> station(std::string, S, C = unlimited)
    = delete;

    /// An infinite-server station: no queueing, every request just spends its service time there.
    static station delay(std::string name) {
        station s(std::move(name));
        s.servers_ = 0;
        return s;
    }

    const std::string& name() const noexcept { return name_; }
    bool is_delay() const noexcept { return servers_ == 0; }
    /// Number of servers; `unlimited` for a delay station.
    [[nodiscard]] int servers() const noexcept { return servers_ == 0 ? unlimited : servers_; }
    /// Maximum number in system; `unlimited` when the buffer is.
    [[nodiscard]] int capacity() const noexcept { return capacity_ == 0 ? unlimited : capacity_; }
    [[nodiscard]] bool has_unlimited_capacity() const noexcept { return capacity_ == 0; }

    bool operator==(const station&) const = default;

private:
    std::string name_;
    int servers_;  // 0: delay station
    int capacity_; // 0: unlimited
};

/// One step of a route: the station (its index in the network) and the service time there.
struct visit {
    std::size_t station = 0;
    distribution service;

    bool operator==(const visit&) const = default;
};

class tenant {
public:
    /// interarrival: the renewal process's interarrival time (exponential(1/lambda) for Poisson arrivals);
    /// its mean must be > 0. route: at least one visit, no station twice.
    tenant(std::string name, distribution interarrival, std::vector<visit> route)
        : name_(std::move(name)), interarrival_(std::move(interarrival)), route_(std::move(route)) {
        if (name_.empty())
            detail::throw_parameter_error("offload::sim::tenant", "name", std::string("\"\""), "must not be empty");
        if (!(interarrival_.mean() > 0.0))
            detail::throw_parameter_error("offload::sim::tenant", "interarrival mean", interarrival_.mean(),
                                          "must be > 0");
        if (route_.empty()) detail::throw_parameter_error("offload::sim::tenant", "route.size()", 0.0, "must be >= 1");
        for (std::size_t i = 0; i < route_.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (route_[i].station == route_[j].station)
                    detail::throw_parameter_error("offload::sim::tenant", "route[i].station",
                                                  static_cast<double>(route_[i].station),
                                                  "must not appear twice in one route");
    }

    const std::string& name() const noexcept { return name_; }
    const distribution& interarrival() const noexcept { return interarrival_; }
    const std::vector<visit>& route() const noexcept { return route_; }
    /// Nominal arrival rate 1 / E[interarrival], 1/s.
    double arrival_rate() const noexcept { return 1.0 / interarrival_.mean(); }

    bool operator==(const tenant&) const = default;

private:
    std::string name_;
    distribution interarrival_;
    std::vector<visit> route_;
};

/// Stations and tenants. Station and tenant names are unique; routes refer to stations by index.
class network {
public:
    /// Adds a station and returns its index.
    std::size_t add_station(station s) {
        for (const auto& existing : stations_)
            if (existing.name() == s.name())
                detail::throw_parameter_error("offload::sim::network::add_station", "name", "\"" + s.name() + "\"",
                                              "must be unique in the network");
        stations_.push_back(std::move(s));
        return stations_.size() - 1;
    }

    /// Adds a tenant and returns its index. Every visit must name a station already added.
    std::size_t add_tenant(tenant t) {
        for (const auto& existing : tenants_)
            if (existing.name() == t.name())
                detail::throw_parameter_error("offload::sim::network::add_tenant", "name", "\"" + t.name() + "\"",
                                              "must be unique in the network");
        for (const auto& v : t.route())
            if (v.station >= stations_.size())
                detail::throw_parameter_error("offload::sim::network::add_tenant", "route[i].station",
                                              static_cast<double>(v.station),
                                              "must be the index of a station already added");
        tenants_.push_back(std::move(t));
        return tenants_.size() - 1;
    }

    const std::vector<station>& stations() const noexcept { return stations_; }
    const std::vector<tenant>& tenants() const noexcept { return tenants_; }

private:
    std::vector<station> stations_;
    std::vector<tenant> tenants_;
};

/// Index of the station with this name; parameter_error if there is none.
inline std::size_t station_index(const network& net, std::string_view name) {
    for (std::size_t i = 0; i < net.stations().size(); ++i)
        if (net.stations()[i].name() == name) return i;
    detail::throw_parameter_error("offload::sim::station_index", "name", "\"" + std::string(name) + "\"",
                                  "names no station of the network");
}

/// Index of the tenant with this name; parameter_error if there is none.
inline std::size_t tenant_index(const network& net, std::string_view name) {
    for (std::size_t i = 0; i < net.tenants().size(); ++i)
        if (net.tenants()[i].name() == name) return i;
    detail::throw_parameter_error("offload::sim::tenant_index", "name", "\"" + std::string(name) + "\"",
                                  "names no tenant of the network");
}

/// Nominal offered load of a queue station, sum over tenants of lambda_t E[S_t] / c, with every tenant's
/// full arrival rate (losses upstream ignored, so an upper bound when finite buffers precede the station).
/// For a delay station: the mean number in service sum lambda_t E[S_t].
inline double offered_load(const network& net, std::size_t station_idx) {
    if (station_idx >= net.stations().size())
        detail::throw_parameter_error("offload::sim::offered_load", "station_idx", static_cast<double>(station_idx),
                                      "must be the index of a station of the network");
    double work = 0.0;
    for (const auto& t : net.tenants())
        for (const auto& v : t.route())
            if (v.station == station_idx) work += t.arrival_rate() * v.service.mean();
    const station& s = net.stations()[station_idx];
    return s.is_delay() ? work : work / static_cast<double>(s.servers());
}

} // namespace offload::sim

namespace offload::detail {

/// Offered load counting only the tenants that reach the station without passing a finite-buffer station
/// first: their flow into it is exactly their arrival rate, so this is a lower bound on the true load.
inline double sim_guaranteed_load(const sim::network& net, std::size_t station_idx) {
    double work = 0.0;
    for (const auto& t : net.tenants()) {
        for (const auto& v : t.route()) {
            if (v.station == station_idx) {
                work += t.arrival_rate() * v.service.mean();
                break;
            }
            if (!net.stations()[v.station].has_unlimited_capacity()) break;
        }
    }
    const sim::station& s = net.stations()[station_idx];
    return s.is_delay() ? work : work / static_cast<double>(s.servers());
}

} // namespace offload::detail

namespace offload::sim {

/// True when an unlimited-buffer queue station is certainly overloaded: the tenants that reach it at
/// their full rate already offer a load >= 1, so no steady state exists and its waits grow without bound.
inline bool is_overloaded(const network& net, std::size_t station_idx) {
    if (station_idx >= net.stations().size())
        detail::throw_parameter_error("offload::sim::is_overloaded", "station_idx", static_cast<double>(station_idx),
                                      "must be the index of a station of the network");
    const station& s = net.stations()[station_idx];
    return !s.is_delay() && s.has_unlimited_capacity() && detail::sim_guaranteed_load(net, station_idx) >= 1.0;
}

} // namespace offload::sim
