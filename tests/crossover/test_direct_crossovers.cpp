// The directly solved crossovers (crossover/direct.hpp) against the scan + TOMS 748 (crossover_method::scan) on
// random scenarios with the seed's stage choices: the same points (to 1e-9 relative; the scan refines to
// 2^-39), the same winners on the same intervals (stability edges to 1e-9), also when one side or both are
// unstable over part or all of the range. A user stage falls back to the scan.
#include <cmath>
#include <cstddef>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/pipelines/stage_defaults.hpp"
#include "pipelines/pk_stage.hpp"

using offload::crossover_method;
using offload::crossover_options;
using offload::crossover_result;
using offload::network_link;
using offload::payload;
using offload::result_destination;
using offload::service_demand;
using offload::winner;

namespace {

crossover_options scan_options(crossover_options o) {
    o.grid_points = 2048; // fine enough that the scan sees every change of winner of these monotone curves
    o.method = crossover_method::scan;
    return o;
}

void check_same(const crossover_result& direct, const crossover_result& scan) {
    INFO("direct " << describe(direct) << "\nscan   " << describe(scan));
    REQUIRE(direct.points.size() == scan.points.size());
    for (std::size_t i = 0; i < direct.points.size(); ++i)
        CHECK(direct.points[i] == Approx(scan.points[i]).epsilon(1e-9));
    REQUIRE(direct.intervals.size() == scan.intervals.size());
    for (std::size_t i = 0; i < direct.intervals.size(); ++i) {
        CHECK(direct.intervals[i].better == scan.intervals[i].better);
        CHECK(direct.intervals[i].lower == Approx(scan.intervals[i].lower).epsilon(1e-9));
        CHECK(direct.intervals[i].upper == Approx(scan.intervals[i].upper).epsilon(1e-9));
    }
    CHECK(direct.first_label == scan.first_label);
    CHECK(direct.second_label == scan.second_label);
}

template <class Device, class Off>
int compare_all(const Device& device, const Off& off, std::mt19937_64& g) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int points = 0;
    // ranges drawn around the scenario's own scales so that crossovers and stability edges fall inside often
    const double b0 = off.uplink().bandwidth();
    const double b_lo = b0 * std::pow(10.0, -2.0 + 1.5 * u(g)), b_hi = b0 * std::pow(10.0, 0.5 + 1.5 * u(g));
    const auto b_auto = bandwidth_crossovers(device, off, b_lo, b_hi);
    check_same(b_auto, bandwidth_crossovers(device, off, b_lo, b_hi, scan_options(offload::log_grid())));
    points += static_cast<int>(b_auto.points.size());

    const double d0 = off.sizes().request_bytes();
    const double d_lo = d0 * std::pow(10.0, -2.0 + 1.5 * u(g)), d_hi = d0 * std::pow(10.0, 0.5 + 1.5 * u(g));
    const auto d_auto = request_bytes_crossovers(device, off, d_lo, d_hi);
    check_same(d_auto, request_bytes_crossovers(device, off, d_lo, d_hi, scan_options(offload::log_grid())));
    points += static_cast<int>(d_auto.points.size());

    const double s0 = off.remote_demand().mean_seconds;
    const double s_lo = s0 * std::pow(10.0, -2.0 + 1.5 * u(g)), s_hi = s0 * std::pow(10.0, 0.5 + 1.5 * u(g));
    const auto s_auto = remote_service_time_crossovers(device, off, s_lo, s_hi);
    check_same(s_auto, remote_service_time_crossovers(device, off, s_lo, s_hi, scan_options(offload::log_grid())));
    points += static_cast<int>(s_auto.points.size());

    const double f_lo = 0.05 + 0.5 * u(g), f_hi = f_lo + 0.5 + 10.0 * u(g);
    const auto f_auto = device_slowdown_crossovers(device, off, f_lo, f_hi);
    check_same(f_auto, device_slowdown_crossovers(device, off, f_lo, f_hi, scan_options(offload::linear_grid())));
    points += static_cast<int>(f_auto.points.size());
    return points;
}

} // namespace

TEST_CASE("direct crossovers equal the scan's on random scenarios with the seed's stages", "[crossover][direct]") {
    std::mt19937_64 g(2026);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int points = 0, scenarios = 0;
    for (int trial = 0; trial < 60; ++trial) {
        const double lambda = 0.5 + 20.0 * u(g);
        const double others = u(g) < 0.5 ? 0.0 : 30.0 * u(g);
        const double s_dev = (0.2 + 1.5 * u(g)) / lambda; // device load 0.2 .. 1.7 (unstable beyond 1)
        const double k_dev = u(g) < 0.5 ? 1.0 : 1.0 + 3.0 * u(g);
        const double s_edge = (0.05 + 0.9 * u(g)) / (lambda + others);
        const double k_edge = u(g) < 0.5 ? 1.0 : 1.0 + 7.0 * u(g);
        const double bw = offload::megabits_per_second(1.0 + 100.0 * u(g));
        const double d_req = 1e3 + 1e5 * u(g);
        const double d_res = u(g) < 0.3 ? 0.0 : 1e2 + 1e4 * u(g);
        const double prop = u(g) < 0.5 ? 0.0 : 0.02 * u(g);
        const auto dest = u(g) < 0.2 ? result_destination::remote : result_destination::device;
        const double scv = 3.0 * u(g);
        const network_link link(bw, prop);
        const offload::arrival_process mine(lambda), edge_rate(lambda + others);
        INFO("trial " << trial);
        const service_demand dev{s_dev, 0.0, k_dev}, edge{s_edge, 0.0, k_edge};
        points += compare_all(offload::dnn_on_device(lambda, dev),
                              offload::dnn_offload(mine, edge_rate, edge, link, link, payload(d_req, d_res), dest), g);
        const service_demand dev_e{s_dev, 1.0, k_dev}, edge_e{s_edge, 1.0, k_edge};
        points +=
            compare_all(offload::llm_on_device(lambda, dev_e),
                        offload::llm_offload(mine, edge_rate, edge_e, link, link, payload(d_req, d_res), dest), g);
        const service_demand dev_g{s_dev, scv, k_dev}, edge_g{s_edge, scv, k_edge};
        points += compare_all(
            offload::general_on_device(lambda, dev_g),
            offload::multi_tenant_offload(mine, edge_rate, edge_g, link, link, payload(d_req, d_res), dest), g);
        // plain queues (no k_parallel)
        points +=
            compare_all(offload::on_device_pipeline<offload::md1>(lambda, service_demand{s_dev, 0.0, 1.0}),
                        offload::offload_pipeline<offload::mm1, offload::mm1>(
                            mine, edge_rate, service_demand{s_edge, 1.0, 1.0}, link, link, payload(d_req, d_res), dest),
                        g);
        scenarios += 4;
    }
    // the draws do produce crossovers (not only one-sided ranges)
    CHECK(points > scenarios);
}

TEST_CASE("direct crossovers: which stage models have a closed form", "[crossover][direct]") {
    const offload::dnn_on_device device(2.0, service_demand{0.2, 0.0, 1.0});
    const offload::dnn_offload off(2.0, service_demand{0.02, 0.0, 1.0}, network_link(1.0e5), payload(1.0e4, 1.0e3));
    CHECK(offload::detail::direct_bandwidth_crossovers(device, off, 1e3, 1e8).has_value());
    CHECK(offload::detail::direct_request_bytes_crossovers(device, off, 1e2, 1e6).has_value());
    CHECK(offload::detail::direct_remote_service_time_crossovers(device, off, 1e-4, 1.0).has_value());
    CHECK(offload::detail::direct_device_slowdown_crossovers(device, off, 0.1, 4.0).has_value());
    // a user stage: the server and device equations are unknown, the NIC ones still apply
    using offload_test::pk_stage;
    const offload::on_device_pipeline<pk_stage> user_device(2.0, service_demand{0.2, 1.0, 1.0});
    const offload::offload_pipeline<pk_stage, offload::mm1> user_edge(2.0, service_demand{0.02, 1.0, 1.0},
                                                                      network_link(1.0e5), payload(1.0e4, 1.0e3));
    CHECK(offload::detail::direct_bandwidth_crossovers(user_device, user_edge, 1e3, 1e8).has_value());
    CHECK_FALSE(offload::detail::direct_remote_service_time_crossovers(device, user_edge, 1e-4, 1.0).has_value());
    CHECK_FALSE(offload::detail::direct_device_slowdown_crossovers(user_device, off, 0.1, 4.0).has_value());
    // a gg1 NIC: no closed form in the bandwidth or payload
    const offload::offload_pipeline<offload::gg1, offload::gg1> gg(2.0, service_demand{0.02, 1.0, 1.0},
                                                                   network_link(1.0e5), payload(1.0e4, 1.0e3));
    CHECK_FALSE(offload::detail::direct_bandwidth_crossovers(device, gg, 1e3, 1e8).has_value());
    CHECK_FALSE(offload::detail::direct_request_bytes_crossovers(device, gg, 1e2, 1e6).has_value());
    // the fallback gives the scan's answer
    const auto fallback = remote_service_time_crossovers(device, user_edge, 1e-4, 1.0);
    auto o = offload::log_grid();
    o.method = crossover_method::scan;
    CHECK(fallback == remote_service_time_crossovers(device, user_edge, 1e-4, 1.0, o));
    // an out-of-range method is rejected like an out-of-range spacing
    o.method = static_cast<crossover_method>(7);
    CHECK_THROWS_WITH(bandwidth_crossovers(device, off, 1e3, 1e8, o), Catch::Contains("'options.method' = 7"));
}

TEST_CASE("direct crossovers: unstable sides and the stability edges", "[crossover][direct]") {
    // device overloaded (rho = 1.2): offload wins wherever its NICs are stable, neither below the edge B = lambda D
    const offload::dnn_on_device overloaded(6.0, service_demand{0.2, 0.0, 1.0});
    const offload::dnn_offload off(6.0, service_demand{0.02, 0.0, 1.0}, network_link(1.0e5), payload(1.0e4, 1.0e3));
    const auto r = bandwidth_crossovers(overloaded, off, 1e3, 1e8);
    CHECK(r.points.empty());
    REQUIRE(r.intervals.size() == 2);
    CHECK(r.intervals[0].better == winner::neither);
    CHECK(r.intervals[0].upper == offload::test::rel(6.0e4));
    CHECK(r.intervals[1].better == winner::second);
    // edge overloaded (lambda s_edge = 1.2): the device wins everywhere
    const offload::dnn_on_device device(6.0, service_demand{0.1, 0.0, 1.0});
    const offload::dnn_offload busy(6.0, service_demand{0.2, 0.0, 1.0}, network_link(1.0e5), payload(1.0e4, 1.0e3));
    const auto d = bandwidth_crossovers(device, busy, 1e3, 1e8);
    CHECK(d.points.empty());
    REQUIRE(d.intervals.size() == 1);
    CHECK(d.intervals[0].better == winner::first);
    // the offload side unstable and the device slowed past its own capacity: device, then neither
    const auto f = device_slowdown_crossovers(device, busy, 0.5, 3.0);
    REQUIRE(f.intervals.size() == 2);
    CHECK(f.intervals[1].better == winner::neither);
    CHECK(f.intervals[1].lower == offload::test::rel(1.0 / (6.0 * 0.1)));
}
