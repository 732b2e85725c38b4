#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/simulation/builders.hpp"
#include "offload/simulation/simulate.hpp"

namespace sim = offload::sim;
using offload::test::rel;

namespace {

std::vector<std::string> route_names(const sim::network& net, std::size_t tenant) {
    std::vector<std::string> out;
    for (const auto& v : net.tenants()[tenant].route()) out.push_back(net.stations()[v.station].name());
    return out;
}

sim::run_options options(int requests) {
    sim::run_options o;
    o.requests = requests;
    o.warmup_requests = 2000;
    o.replications = 10;
    o.confidence = 0.99;
    return o;
}

double mm1_response(double lambda, double mean_service) { return 1.0 / (1.0 / mean_service - lambda); }

double mm2_response(double lambda, double mean_service) {
    // M/M/2: E[T] = E[S] / (1 - rho^2), rho = lambda E[S] / 2
    const double rho = lambda * mean_service / 2.0;
    return mean_service / (1.0 - rho * rho);
}

} // namespace

TEST_CASE("builders: single_station, tandem and on_device", "[simulation][builders]") {
    const auto one = sim::single_station(sim::exponential(1.0), sim::deterministic(0.5), 3, 7);
    REQUIRE(one.stations().size() == 1);
    CHECK(one.stations()[0].name() == "station");
    CHECK(one.stations()[0].servers() == 3);
    CHECK(one.stations()[0].capacity() == 7);
    CHECK(one.tenants()[0].name() == "tenant");
    CHECK(mean(one.tenants()[0].route()[0].service) == 0.5);

    const auto t = sim::tandem(sim::exponential(1.0), {{sim::station("x"), sim::exponential(0.2)},
                                                       {sim::station::delay("y"), sim::deterministic(0.1)},
                                                       {sim::station("z", 2), sim::exponential(0.3)}});
    CHECK(route_names(t, 0) == std::vector<std::string>{"x", "y", "z"});
    CHECK(t.stations()[1].is_delay());

    const auto d = sim::on_device(sim::exponential(1.0), sim::deterministic(0.3), 2);
    CHECK(route_names(d, 0) == std::vector<std::string>{"device"});
    CHECK(d.stations()[0].servers() == 2);
    CHECK_THROWS_AS(sim::single_station(sim::exponential(1.0), sim::exponential(1.0), 0), offload::parameter_error);
}

TEST_CASE("builders: edge_offload is seed 003 Fig. 1a and sums like a Jackson network", "[simulation][builders]") {
    // all-exponential stages: Burke's theorem makes every stage's input Poisson, so the end-to-end mean is the
    // sum of M/M/1 (device NIC) + M/M/2 (edge, k_edge = 2) + M/M/1 (edge NIC) + 2 x propagation
    const double lambda = 0.5, prop = 0.05;
    sim::offload_path p;
    p.interarrival = sim::exponential(1.0 / lambda);
    p.uplink = sim::exponential(0.5);
    p.edge_service = sim::exponential(2.4);
    p.edge_servers = 2;
    p.downlink = sim::exponential(0.8);
    p.propagation = prop;
    const auto net = sim::edge_offload(p);
    CHECK(route_names(net, 0) ==
          std::vector<std::string>{"device_nic", "uplink_propagation", "edge", "edge_nic", "downlink_propagation"});
    CHECK(sim::offered_load(net, sim::station_index(net, "edge")) == rel(0.6));
    const double exact = mm1_response(lambda, 0.5) + mm2_response(lambda, 2.4) + mm1_response(lambda, 0.8) + 2 * prop;
    const auto r = sim::simulate(net, options(30000));
    const auto& e2e = r.tenants[0].latency.mean_response;
    INFO("end to end " << e2e.value << " +- " << e2e.half_width << ", exact " << exact);
    CHECK(e2e.contains(exact));
    CHECK(e2e.half_width < 0.05 * exact);
    CHECK(sim::station_named(r, "uplink_propagation").latency.mean_response.value == rel(prop, 1e-9));
    const auto& edge = sim::station_named(r, "edge").latency.mean_response;
    CHECK(edge.contains(mm2_response(lambda, 2.4)));

    sim::offload_path bad = p;
    bad.propagation = -1.0;
    CHECK_THROWS_WITH(sim::edge_offload(bad),
                      Catch::Contains("offload::sim::edge_offload") && Catch::Contains("'propagation' = -1"));
    bad.propagation = 0.0;
    const auto no_prop = sim::edge_offload(bad);
    CHECK(route_names(no_prop, 0) == std::vector<std::string>{"device_nic", "edge", "edge_nic"});
}

TEST_CASE("builders: split_offload is the on-device part followed by the offload path", "[simulation][builders]") {
    const double lambda = 0.4;
    sim::split_path p;
    p.interarrival = sim::exponential(1.0 / lambda);
    p.device_service = sim::exponential(1.0);
    p.uplink = sim::exponential(0.25);
    p.edge_service = sim::exponential(0.5);
    p.downlink = sim::exponential(0.25);
    const auto net = sim::split_offload(p);
    CHECK(route_names(net, 0) == std::vector<std::string>{"device", "device_nic", "edge", "edge_nic"});
    const double exact =
        mm1_response(lambda, 1.0) + mm1_response(lambda, 0.25) + mm1_response(lambda, 0.5) + mm1_response(lambda, 0.25);
    const auto r = sim::simulate(net, options(20000));
    const auto& e2e = r.tenants[0].latency.mean_response;
    INFO("end to end " << e2e.value << " +- " << e2e.half_width << ", exact " << exact);
    CHECK(e2e.contains(exact));
    CHECK(e2e.half_width < 0.05 * exact);
    p.propagation = 0.01;
    CHECK(sim::split_offload(p).stations().size() == 6);
    p.propagation = std::nan("");
    CHECK_THROWS_AS(sim::split_offload(p), offload::parameter_error);
}

TEST_CASE("builders: multi_tenant_edge shares the edge and its NIC (seed 003 §3.4)", "[simulation][builders]") {
    std::vector<sim::edge_tenant> ts = {
        {"cam", sim::exponential(1.0 / 0.3), sim::exponential(0.2), sim::deterministic(1.0), sim::exponential(0.1)},
        {"mic", sim::exponential(1.0 / 0.2), sim::exponential(0.1), sim::exponential(0.5), sim::exponential(0.3)}};
    const auto net = sim::multi_tenant_edge(ts, 1, sim::unlimited, 0.002);
    CHECK(route_names(net, 0) == std::vector<std::string>{"cam/device_nic", "cam/uplink_propagation", "edge",
                                                          "edge_nic", "cam/downlink_propagation"});
    CHECK(route_names(net, 1)[0] == "mic/device_nic");
    // the edge sees lambda_edge = 0.5 with mixed service: rho = 0.3 * 1 + 0.2 * 0.5 = 0.4
    CHECK(sim::offered_load(net, sim::station_index(net, "edge")) == rel(0.4));
    CHECK(sim::offered_load(net, sim::station_index(net, "edge_nic")) == rel(0.3 * 0.1 + 0.2 * 0.3));
    CHECK(sim::offered_load(net, sim::station_index(net, "cam/device_nic")) == rel(0.06));
    // the edge is an M/G/1 fed by two Poisson streams (the device NICs are M/M/1, so their outputs are Poisson)
    const double es2 = (0.3 * 1.0 + 0.2 * 2.0 * 0.25) / 0.5; // E[S^2] of the mixture
    const double w = 0.5 * es2 / (2.0 * (1.0 - 0.4));
    const auto r = sim::simulate(net, options(30000));
    const auto& edge = sim::station_named(r, "edge").latency.mean_wait;
    INFO("edge wait " << edge.value << " +- " << edge.half_width << ", exact " << w);
    CHECK(edge.contains(w));
    CHECK(edge.half_width < 0.1 * w);
    CHECK(sim::station_named(r, "edge").tenants.size() == 2);
    CHECK(sim::station_named(r, "cam/device_nic").tenants.size() == 1);
    CHECK_THROWS_AS(sim::multi_tenant_edge(ts, 0), offload::parameter_error);
    ts[1].name = "cam";
    CHECK_THROWS_WITH(sim::multi_tenant_edge(ts), Catch::Contains("unique"));
}
