#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"
#include "pipelines/pk_stage.hpp"

using offload::md1;
using offload::mm1;
using offload::network_link;
using offload::offload_pipeline;
using offload::on_device_pipeline;
using offload::payload;
using offload::result_destination;
using offload::service_demand;
using offload::tenant_demand;
using offload::winner;
using offload::test::rel;

namespace {
// M/D/1 device: lambda = 2, s = 0.2 -> T_dev = 0.2 + 0.4 * 0.2 / 1.2
const on_device_pipeline<md1> device(2.0, service_demand{0.2, 0.0, 1.0});
constexpr double t_device = 0.2 + 0.4 * 0.2 / 1.2;
// M/D/1 edge s = 0.02 at lambda = 2; M/M/1 NIC; results consumed at the edge (no downlink) so T_off has a
// closed form: T_off(B) = 1 / (B / D - lambda) + T_edge.
constexpr double t_edge = 0.02 + 0.04 * 0.02 / (2.0 * 0.96);
const offload_pipeline<md1, mm1> edge(2.0, service_demand{0.02, 0.0, 1.0}, network_link(1.0e5), payload(1.0e4, 0.0),
                                      result_destination::remote);
} // namespace

TEST_CASE("bandwidth_crossovers: closed form B* = D (lambda + 1 / (T_dev - T_edge))", "[crossover]") {
    const double expected = 1.0e4 * (2.0 + 1.0 / (t_device - t_edge));
    CHECK(mean_latency(device) == rel(t_device));
    const offload::crossover_result r = bandwidth_crossovers(device, edge, 1.0e3, 1.0e8);
    REQUIRE(r.points.size() == 1);
    CHECK(r.points[0] == rel(expected, 1e-9));
    REQUIRE(r.intervals.size() == 2);
    CHECK(r.intervals[0].better == winner::first); // includes the bandwidths where the uplink is unstable
    CHECK(r.intervals[1].better == winner::second);
    // non-increasing in bandwidth on both sides of the crossover
    CHECK(mean_latency(with_bandwidth(edge, 0.9 * expected)) > t_device);
    CHECK(mean_latency(with_bandwidth(edge, 1.1 * expected)) < t_device);
    // a range entirely on one side: no crossover
    const offload::crossover_result above = bandwidth_crossovers(device, edge, 2.0 * expected, 1.0e8);
    CHECK(above.points.empty());
    REQUIRE(above.intervals.size() == 1);
    CHECK(above.intervals[0].better == winner::second);
}

TEST_CASE("request_bytes_crossovers: closed form D* = B / (lambda + 1 / (T_dev - T_edge))", "[crossover]") {
    const double expected = 1.0e5 / (2.0 + 1.0 / (t_device - t_edge));
    const offload::crossover_result r = request_bytes_crossovers(device, edge, 10.0, 1.0e6);
    REQUIRE(r.points.size() == 1);
    CHECK(r.points[0] == rel(expected, 1e-9));
    CHECK(r.intervals.front().better == winner::second);
    CHECK(r.intervals.back().better == winner::first);
}

TEST_CASE("remote_service_time_crossovers: closed form from the M/D/1 quadratic", "[crossover]") {
    // T_edge(s) = s + lambda s^2 / (2 (1 - lambda s)) must equal K = T_dev - T_nic:
    // lambda s^2 - 2 (1 + K lambda) s + 2 K = 0, smaller root
    const double lambda = 2.0;
    const double t_nic = 1.0 / (1.0e5 / 1.0e4 - lambda);
    const double k = t_device - t_nic;
    const double expected =
        ((1.0 + k * lambda) - std::sqrt((1.0 + k * lambda) * (1.0 + k * lambda) - 2.0 * lambda * k)) / lambda;
    const offload::crossover_result r = remote_service_time_crossovers(device, edge, 1.0e-4, 0.4);
    REQUIRE(r.points.size() == 1);
    CHECK(r.points[0] == rel(expected, 1e-9));
    CHECK(r.intervals.front().better == winner::second);
    CHECK(r.intervals.back().better == winner::first); // includes the edge's unstable range s >= 0.5... cut at 0.4
}

TEST_CASE("device_slowdown_crossovers: the factor where T_dev(f) = T_off", "[crossover]") {
    // a faster device (s = 0.1) loses to the edge once it is slowed down enough
    const on_device_pipeline<md1> fast(2.0, service_demand{0.1, 0.0, 1.0});
    const double t_off = mean_latency(edge);
    const offload::crossover_result r = device_slowdown_crossovers(fast, edge, 0.5, 4.0);
    REQUIRE(r.points.size() == 1);
    const double f = r.points[0];
    // M/D/1 at s = 0.1 f: solve s + lambda s^2/(2(1 - lambda s)) = t_off independently
    const double lambda = 2.0;
    const double s =
        ((1.0 + t_off * lambda) - std::sqrt((1.0 + t_off * lambda) * (1.0 + t_off * lambda) - 2.0 * lambda * t_off)) /
        lambda;
    CHECK(f == rel(s / 0.1, 1e-9));
    CHECK(r.intervals.front().better == winner::first);
    CHECK(r.intervals.back().better == winner::second);
}

TEST_CASE("arrival_rate_crossovers: two crossings (variable device vs a slower NIC)", "[crossover]") {
    // device: M/G/1 with s = 1, scv = 20 (a user-defined stage); offload: M/M/1 NIC with n = 2 s, a tiny M/D/1 edge.
    // At low load the device wins (1 < 2), in the middle its variability makes it lose, near the NIC's capacity
    // (lambda -> 0.5) the device wins again.
    using offload_test::pk_stage;
    const on_device_pipeline<pk_stage> variable(0.1, service_demand{1.0, 20.0, 1.0});
    const offload_pipeline<md1, mm1> nic(0.1, service_demand{0.001, 0.0, 1.0}, network_link(1.0), payload(2.0, 0.0),
                                         result_destination::remote);
    auto difference = [](double lambda) { // independent formulas: T_dev - T_off
        const double t_dev = 1.0 + lambda * 21.0 / (2.0 * (1.0 - lambda));
        const double t_off = 1.0 / (0.5 - lambda) + 0.001 + lambda * 1e-6 / (2.0 * (1.0 - 0.001 * lambda));
        return t_dev - t_off;
    };
    auto bisect = [&](double a, double b) {
        for (int i = 0; i < 200; ++i) {
            const double m = 0.5 * (a + b);
            ((difference(a) < 0.0) == (difference(m) < 0.0) ? a : b) = m;
        }
        return 0.5 * (a + b);
    };
    const double first = bisect(0.1, 0.3);
    const double second = bisect(0.3, 0.4999);
    REQUIRE(difference(0.1) < 0.0);
    REQUIRE(difference(0.3) > 0.0);
    REQUIRE(difference(0.45) < 0.0);
    const offload::crossover_result r = arrival_rate_crossovers(variable, nic, 0.01, 0.49);
    REQUIRE(r.points.size() == 2);
    CHECK(r.points[0] == rel(first, 1e-9));
    CHECK(r.points[1] == rel(second, 1e-9));
    REQUIRE(r.intervals.size() == 3);
    CHECK(r.intervals[0].better == winner::first);
    CHECK(r.intervals[1].better == winner::second);
    CHECK(r.intervals[2].better == winner::first);
    // beyond the NIC's capacity the device still wins (until its own capacity at 1/s = 1), then neither
    const offload::crossover_result wide = arrival_rate_crossovers(variable, nic, 0.01, 2.0);
    CHECK(wide.points.size() == 2);
    CHECK(wide.intervals.back().better == winner::neither);
    CHECK(wide.intervals.back().lower == rel(1.0, 1e-9));
}

TEST_CASE("tenant_count_crossovers: integer tenants on a shared edge (seed Fig. 5c style)", "[crossover]") {
    // device M/D/1 at 2/s, s = 0.2; edge M/D/1 s = 0.02 shared by m identical tenants at 2/s each,
    // fast M/M/1 NICs (n_req = 0.01 s, n_res = 0.001 s), results back to the device.
    const offload_pipeline<md1, mm1> shared(2.0, service_demand{0.02, 0.0, 1.0}, network_link(1.0e6),
                                            payload(1.0e4, 1.0e3));
    auto t_off = [](int m) { // independent: seed Algorithm 1 with lambda_edge = 2 m
        const double le = 2.0 * m;
        const double up = 1.0 / (100.0 - 2.0);
        const double rho = le * 0.02;
        const double proc =
            rho >= 1.0 ? std::numeric_limits<double>::infinity() : 0.02 + rho * 0.02 / (2.0 * (1.0 - rho));
        const double down = le >= 1000.0 ? std::numeric_limits<double>::infinity() : 1.0 / (1000.0 - le);
        return up + proc + down;
    };
    int expected = -1;
    for (int m = 1; m <= 30; ++m)
        if (t_off(m) > t_device) {
            expected = m;
            break;
        }
    REQUIRE(expected > 1);
    const offload::crossover_result r = tenant_count_crossovers(device, shared, tenant_demand(2.0, 0.02, 0.0), 1, 30);
    REQUIRE(r.points.size() == 1);
    CHECK(r.points[0] == static_cast<double>(expected));
    CHECK(r.intervals.front().better == winner::second);
    CHECK(r.intervals.front().upper == static_cast<double>(expected - 1));
    CHECK(r.intervals[1].better == winner::first);
    // m = 26 puts the edge at rho = 1.04: offload unstable, the device wins, no further crossover
    CHECK(mean_latency(with_co_tenants(shared, tenant_demand(2.0, 0.02, 0.0), 26)) ==
          std::numeric_limits<double>::infinity());
    const offload::crossover_result wide =
        tenant_count_crossovers(device, shared, tenant_demand(2.0, 0.02, 0.0), 1, 40);
    CHECK(wide.points.size() == 1);
    CHECK(wide.intervals.back().better == winner::first);
    CHECK(mean_latency(with_co_tenants(shared, tenant_demand(2.0, 0.02, 0.0), 3)) == rel(t_off(3)));
}

TEST_CASE("device_vs_offload: bad ranges", "[crossover][errors]") {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(bandwidth_crossovers(device, edge, 1.0e5, 1.0e5),
                      Catch::Contains("offload::bandwidth_crossovers") && Catch::Contains("'hi'"));
    CHECK_THROWS_WITH(bandwidth_crossovers(device, edge, 0.0, 1.0e5, offload::linear_grid()),
                      Catch::Contains("'lo' = 0"));
    CHECK_THROWS_AS(bandwidth_crossovers(device, edge, qnan, 1.0e5), offload::parameter_error);
    CHECK_THROWS_AS(arrival_rate_crossovers(device, edge, -1.0, 1.0, offload::linear_grid()), offload::parameter_error);
    CHECK_THROWS_AS(arrival_rate_crossovers(device, edge, 1.0, 0.5), offload::parameter_error);
    CHECK_THROWS_WITH(request_bytes_crossovers(device, edge, 0.0, 10.0, offload::linear_grid()),
                      Catch::Contains("'lo' = 0"));
    CHECK_THROWS_WITH(device_slowdown_crossovers(device, edge, 0.0, 2.0), Catch::Contains("'lo' = 0"));
    CHECK_THROWS_AS(device_slowdown_crossovers(device, edge, 2.0, qnan), offload::parameter_error);
    CHECK_THROWS_WITH(remote_service_time_crossovers(device, edge, 0.0, 1.0, offload::linear_grid()),
                      Catch::Contains("'lo' = 0"));
    CHECK_THROWS_WITH(tenant_count_crossovers(device, edge, tenant_demand(1.0, 0.1), 0, 5),
                      Catch::Contains("'lo' = 0"));
    CHECK_THROWS_WITH(tenant_count_crossovers(device, edge, tenant_demand(1.0, 0.1), 5, 5),
                      Catch::Contains("'hi' = 5"));
    CHECK_THROWS_WITH(with_co_tenants(edge, tenant_demand(1.0, 0.1), 0), Catch::Contains("'tenants' = 0"));
}
