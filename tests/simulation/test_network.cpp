#include <limits>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/simulation/network.hpp"

namespace sim = offload::sim;
using offload::test::rel;

TEST_CASE("network: stations, tenants and lookups", "[simulation][network]") {
    sim::network net;
    const auto nic = net.add_station(sim::station("nic"));
    const auto edge = net.add_station(sim::station("edge", 2, 10));
    const auto prop = net.add_station(sim::station::delay("propagation"));
    CHECK(nic == 0);
    CHECK(edge == 1);
    CHECK(prop == 2);
    CHECK(net.stations()[nic].servers() == 1);
    CHECK(net.stations()[nic].capacity() == sim::unlimited);
    CHECK(net.stations()[nic].has_unlimited_capacity());
    CHECK_FALSE(net.stations()[nic].is_delay());
    CHECK(net.stations()[edge].servers() == 2);
    CHECK(net.stations()[edge].capacity() == 10);
    CHECK_FALSE(net.stations()[edge].has_unlimited_capacity());
    CHECK(net.stations()[prop].is_delay());
    CHECK(net.stations()[prop].servers() == sim::unlimited);
    CHECK(sim::station("edge", 2, 10) == net.stations()[edge]);
    CHECK_FALSE(sim::station("edge", 2, 11) == net.stations()[edge]);

    net.add_tenant(
        sim::tenant("a", sim::exponential(0.5),
                    {{nic, sim::exponential(0.1)}, {prop, sim::deterministic(0.01)}, {edge, sim::deterministic(0.6)}}));
    net.add_tenant(sim::tenant("b", sim::deterministic(1.0), {{edge, sim::exponential(0.4)}}));
    CHECK(sim::station_index(net, "edge") == edge);
    CHECK(sim::tenant_index(net, "b") == 1);
    CHECK(net.tenants()[0].arrival_rate() == rel(2.0));
    CHECK(net.tenants()[0].route().size() == 3);

    // offered loads: nic 2 * 0.1; propagation 2 * 0.01 in service on average; edge (2 * 0.6 + 1 * 0.4) / 2
    CHECK(sim::offered_load(net, nic) == rel(0.2));
    CHECK(sim::offered_load(net, prop) == rel(0.02));
    CHECK(sim::offered_load(net, edge) == rel(0.8));
    CHECK_FALSE(sim::is_overloaded(net, nic));
    CHECK_FALSE(sim::is_overloaded(net, edge));
}

TEST_CASE("network: overload detection", "[simulation][network]") {
    sim::network net;
    const auto small = net.add_station(sim::station("small", 1, 3));
    const auto big = net.add_station(sim::station("big"));
    const auto other = net.add_station(sim::station("other", 2));
    // tenant x passes the finite station first: its flow into 'big' is unknown, so it does not count
    net.add_tenant(
        sim::tenant("x", sim::exponential(0.5), {{small, sim::exponential(1.0)}, {big, sim::exponential(1.0)}}));
    CHECK(sim::offered_load(net, big) == rel(2.0));
    CHECK_FALSE(sim::is_overloaded(net, big));   // small's throughput < 1 / E[S] = 1 keeps 'big' below capacity
    CHECK_FALSE(sim::is_overloaded(net, small)); // finite buffers never overload
    // a tenant reaching 'other' directly at full rate: 3 * 0.7 / 2 = 1.05 >= 1
    net.add_tenant(sim::tenant("y", sim::exponential(1.0 / 3.0), {{other, sim::exponential(0.7)}}));
    CHECK(sim::offered_load(net, other) == rel(1.05));
    CHECK(sim::is_overloaded(net, other));
    // exactly 1 is overloaded too (null recurrent: no steady state)
    sim::network edge;
    const auto e = edge.add_station(sim::station("e"));
    edge.add_tenant(sim::tenant("t", sim::exponential(1.0), {{e, sim::deterministic(1.0)}}));
    CHECK(sim::is_overloaded(edge, e));
    // delay stations never are
    sim::network d;
    const auto p = d.add_station(sim::station::delay("p"));
    d.add_tenant(sim::tenant("t", sim::exponential(1.0), {{p, sim::deterministic(50.0)}}));
    CHECK(sim::offered_load(d, p) == rel(50.0));
    CHECK_FALSE(sim::is_overloaded(d, p));
}

TEST_CASE("network: bad configurations", "[simulation][network][errors]") {
    CHECK_THROWS_WITH(sim::station("s", 0),
                      Catch::Contains("offload::sim::station") && Catch::Contains("'servers' = 0"));
    CHECK_THROWS_WITH(sim::station("s", -3), Catch::Contains("'servers' = -3"));
    CHECK_THROWS_WITH(sim::station("s", std::numeric_limits<int>::min()), Catch::Contains("'servers'"));
    CHECK_THROWS_AS(sim::station("s", sim::unlimited), offload::parameter_error); // a delay station is station::delay
    CHECK_THROWS_WITH(sim::station("s", 3, 2), Catch::Contains("'capacity' = 2") && Catch::Contains(">= 3"));
    CHECK_THROWS_WITH(sim::station("s", 1, 0), Catch::Contains("'capacity' = 0"));
    CHECK_THROWS_WITH(sim::station("s", 1, -5), Catch::Contains("'capacity' = -5"));
    // counts are integers: a floating-point servers or capacity does not compile (was a run-time check of 1.5)
    STATIC_REQUIRE_FALSE(std::is_constructible_v<sim::station, std::string, double>);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<sim::station, std::string, int, double>);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<sim::station, std::string, float, int>);
    STATIC_REQUIRE(std::is_constructible_v<sim::station, std::string, int, int>);
    CHECK_THROWS_WITH(sim::station(""), Catch::Contains("'name'"));
    CHECK_THROWS_AS(sim::station::delay(""), offload::parameter_error);

    CHECK_THROWS_WITH(sim::tenant("t", sim::deterministic(0.0), {{0, sim::exponential(1.0)}}),
                      Catch::Contains("offload::sim::tenant") && Catch::Contains("'interarrival mean' = 0"));
    CHECK_THROWS_WITH(sim::tenant("t", sim::exponential(1.0), {}), Catch::Contains("'route.size()' = 0"));
    CHECK_THROWS_WITH(sim::tenant("t", sim::exponential(1.0), {{0, sim::exponential(1.0)}, {0, sim::exponential(1.0)}}),
                      Catch::Contains("twice"));
    CHECK_THROWS_AS(sim::tenant("", sim::exponential(1.0), {{0, sim::exponential(1.0)}}), offload::parameter_error);

    sim::network net;
    net.add_station(sim::station("a"));
    CHECK_THROWS_WITH(net.add_station(sim::station("a", 2)),
                      Catch::Contains("add_station") && Catch::Contains("\"a\""));
    CHECK_THROWS_WITH(net.add_tenant(sim::tenant("t", sim::exponential(1.0), {{1, sim::exponential(1.0)}})),
                      Catch::Contains("add_tenant") && Catch::Contains("'route[i].station' = 1"));
    net.add_tenant(sim::tenant("t", sim::exponential(1.0), {{0, sim::exponential(0.5)}}));
    CHECK_THROWS_WITH(net.add_tenant(sim::tenant("t", sim::exponential(2.0), {{0, sim::exponential(0.5)}})),
                      Catch::Contains("unique"));
    CHECK_THROWS_WITH(sim::station_index(net, "zzz"), Catch::Contains("station_index") && Catch::Contains("\"zzz\""));
    CHECK_THROWS_AS(sim::tenant_index(net, "zzz"), offload::parameter_error);
    CHECK_THROWS_AS(sim::offered_load(net, 5), offload::parameter_error);
    CHECK_THROWS_AS(sim::is_overloaded(net, 5), offload::parameter_error);
}
