// offload/simulation/builders.hpp — ready-made networks for the cases the library's closed forms cover.
//
//   single_station   one tenant, one queue (M/M/1, M/D/1, M/G/1, G/G/1, M/M/c, M/M/1/K, ... by choice of
//                    distributions, servers and capacity)
//   tandem           one tenant through a sequence of stations
//   on_device        seed 003 Fig. 1b: device queue -> device accelerator (k_dev servers)
//   edge_offload     seed 003 Fig. 1a: device NIC queue -> transmission -> edge queue -> edge accelerator
//                    (k_edge servers) -> edge NIC queue -> transmission back (eq. 1)
//   split_offload    seed 003 §3.3 collaborative processing: the on-device part, then the offload path with
//                    the intermediate payload on the uplink
//   multi_tenant_edge seed 003 §3.4: m devices, each with its own NIC, sharing one edge accelerator and the
//                    edge's NIC
// NIC stations are single-server FCFS queues whose service time is the transmission time D / B (the seed
// models them as M/M/1 with rate B / D; pass exponential(D / B) to match, deterministic(D / B) for a fixed
// packet time). An optional constant one-way propagation delay adds a delay station after each NIC.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/simulation/distribution.hpp"
#include "offload/simulation/network.hpp"

namespace offload::sim {

/// One tenant "tenant" visiting one station "station" with `servers` servers and capacity K (max number in
/// system, `unlimited` for an unlimited buffer).
inline network single_station(const distribution& interarrival, const distribution& service, int servers = 1,
                              int capacity = unlimited) {
    network net;
    const std::size_t s = net.add_station(station("station", servers, capacity));
    net.add_tenant(tenant("tenant", interarrival, {visit{s, service}}));
    return net;
}

/// One stage of a tandem: the station and the service time there.
struct tandem_stage {
    station where;
    distribution service;

    bool operator==(const tandem_stage&) const = default;
};

/// One tenant "tenant" visiting the stages in order.
inline network tandem(const distribution& interarrival, const std::vector<tandem_stage>& stages) {
    network net;
    std::vector<visit> route;
    route.reserve(stages.size());
    for (const auto& st : stages) route.push_back(visit{net.add_station(st.where), st.service});
    net.add_tenant(tenant("tenant", interarrival, std::move(route)));
    return net;
}

/// Seed 003 Fig. 1b: tenant "device" visits station "device" (k_dev servers).
inline network on_device(const distribution& interarrival, const distribution& device_service, int device_servers = 1,
                         int device_capacity = unlimited) {
    network net;
    const std::size_t s = net.add_station(station("device", device_servers, device_capacity));
    net.add_tenant(tenant("device", interarrival, {visit{s, device_service}}));
    return net;
}

/// Seed 003 Fig. 1a (edge offloading), eq. (1): T = w_dev^net + n_req + w_edge^proc + s_edge + w_edge^net + n_res.
struct offload_path {
    distribution interarrival; ///< request interarrival time at the device (exponential(1/lambda): Poisson)
    distribution uplink;       ///< device NIC transmission time of a request, D_req / B
    distribution edge_service; ///< s_edge
    distribution downlink;     ///< edge NIC transmission time of a result, D_res / B
    int edge_servers = 1;      ///< k_edge
    int edge_capacity = unlimited;
    double propagation = 0.0; ///< constant one-way propagation delay, s (0: none)

    bool operator==(const offload_path&) const = default;
};

} // namespace offload::sim

namespace offload::detail {
inline void sim_add_propagation(sim::network& net, std::vector<sim::visit>& route, const std::string& name,
                                double seconds, const char* function) {
    require_non_negative(seconds, function, "propagation");
    if (seconds > 0.0)
        route.push_back(sim::visit{net.add_station(sim::station::delay(name)), sim::deterministic(seconds)});
}
} // namespace offload::detail

namespace offload::sim {

/// Tenant "device" visits stations "device_nic", ["uplink_propagation"], "edge", "edge_nic",
/// ["downlink_propagation"].
inline network edge_offload(const offload_path& p) {
    network net;
    std::vector<visit> route;
    route.push_back(visit{net.add_station(station("device_nic")), p.uplink});
    detail::sim_add_propagation(net, route, "uplink_propagation", p.propagation, "offload::sim::edge_offload");
    route.push_back(visit{net.add_station(station("edge", p.edge_servers, p.edge_capacity)), p.edge_service});
    route.push_back(visit{net.add_station(station("edge_nic")), p.downlink});
    detail::sim_add_propagation(net, route, "downlink_propagation", p.propagation, "offload::sim::edge_offload");
    net.add_tenant(tenant("device", p.interarrival, std::move(route)));
    return net;
}

/// Seed 003 §3.3, collaborative (split) processing: a tandem of the on-device part and the offload path.
struct split_path {
    distribution interarrival;
    distribution device_service; ///< s'_dev: the layers run on the device
    int device_servers = 1;      ///< k_dev
    distribution uplink;         ///< D_inter / B
    distribution edge_service;   ///< s'_edge: the remaining layers on the edge
    distribution downlink;       ///< D_res / B
    int edge_servers = 1;        ///< k_edge
    double propagation = 0.0;

    bool operator==(const split_path&) const = default;
};

/// Tenant "device" visits "device", "device_nic", ["uplink_propagation"], "edge", "edge_nic",
/// ["downlink_propagation"].
inline network split_offload(const split_path& p) {
    network net;
    std::vector<visit> route;
    route.push_back(visit{net.add_station(station("device", p.device_servers)), p.device_service});
    route.push_back(visit{net.add_station(station("device_nic")), p.uplink});
    detail::sim_add_propagation(net, route, "uplink_propagation", p.propagation, "offload::sim::split_offload");
    route.push_back(visit{net.add_station(station("edge", p.edge_servers)), p.edge_service});
    route.push_back(visit{net.add_station(station("edge_nic")), p.downlink});
    detail::sim_add_propagation(net, route, "downlink_propagation", p.propagation, "offload::sim::split_offload");
    net.add_tenant(tenant("device", p.interarrival, std::move(route)));
    return net;
}

/// One device of a multi-tenant edge.
struct edge_tenant {
    std::string name;
    distribution interarrival;
    distribution uplink;       ///< on the device's own NIC
    distribution edge_service; ///< s_i at the shared edge
    distribution downlink;     ///< on the shared edge NIC

    bool operator==(const edge_tenant&) const = default;
};

/// Seed 003 §3.4: tenant i visits "<name_i>/device_nic", ["<name_i>/uplink_propagation"], "edge" (shared,
/// k_edge servers), "edge_nic" (shared), ["<name_i>/downlink_propagation"].
inline network multi_tenant_edge(const std::vector<edge_tenant>& tenants, int edge_servers = 1,
                                 int edge_capacity = unlimited, double propagation = 0.0) {
    network net;
    const std::size_t edge = net.add_station(station("edge", edge_servers, edge_capacity));
    const std::size_t edge_nic = net.add_station(station("edge_nic"));
    for (const auto& t : tenants) {
        std::vector<visit> route;
        route.push_back(visit{net.add_station(station(t.name + "/device_nic")), t.uplink});
        detail::sim_add_propagation(net, route, t.name + "/uplink_propagation", propagation,
                                    "offload::sim::multi_tenant_edge");
        route.push_back(visit{edge, t.edge_service});
        route.push_back(visit{edge_nic, t.downlink});
        detail::sim_add_propagation(net, route, t.name + "/downlink_propagation", propagation,
                                    "offload::sim::multi_tenant_edge");
        net.add_tenant(tenant(t.name, t.interarrival, std::move(route)));
    }
    return net;
}

} // namespace offload::sim
