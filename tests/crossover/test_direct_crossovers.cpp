// The directly solved crossovers (crossover/direct.hpp) against the scan + TOMS 748 (crossover_method::scan) on
// random scenarios with the seed's stage choices (bandwidth, payload, server time, slowdown; arrival rate with
// several crossovers in range; tenant counts against evaluating every integer): the same points (to 1e-9 relative; the scan refines to
// 2^-39), the same winners on the same intervals (stability edges to 1e-9), also when one side or both are
// unstable over part or all of the range. A user stage falls back to the scan.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <utility>

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

// ---- arrival rate and tenant count (several poles: roots isolated on the cleared numerator) -------------------

namespace {

/// Every interval's winner at its midpoint, from the library's mean latencies (independent of any grid).
template <class Device, class Off>
void check_midpoints(const Device& device, const Off& off, const crossover_result& r) {
    for (const offload::crossover_interval& iv : r.intervals) {
        const double x = 0.5 * (iv.lower + iv.upper);
        INFO("rate " << x << " in " << describe(r));
        CHECK(offload::compare_latencies(mean_latency(with_arrival_rate(device, x)),
                                         mean_latency(with_arrival_rate(off, x))) == iv.better);
    }
}

/// True when no two changes of winner lie within 3 grid steps (the scan could miss a close pair).
bool resolvable(const crossover_result& r, double lo, double hi, bool log) {
    for (std::size_t i = 1; i < r.intervals.size(); ++i) {
        const double a = r.intervals[i].lower, b = r.intervals[i].upper;
        if (log ? std::log(b / a) < 3.0 * std::log(hi / lo) / 2047.0 : b - a < 3.0 * (hi - lo) / 2047.0) return false;
    }
    return true;
}

/// The rate crossovers of one scenario, direct against a 2048-point scan, over a range drawn around the two
/// stability limits (so that roots, edges and unstable sides fall inside); returns the number of points.
template <class Device, class Off>
int compare_rate(const Device& device, const Off& off, double cap, std::mt19937_64& g, int& unresolved) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double lo = cap * std::pow(10.0, -3.0 + 2.5 * u(g)), hi = cap * (0.6 + 1.6 * u(g));
    if (!(hi > lo)) return 0;
    const auto direct = arrival_rate_crossovers(device, off, lo, hi);
    check_midpoints(device, off, direct);
    if (resolvable(direct, lo, hi, true))
        check_same(direct, arrival_rate_crossovers(device, off, lo, hi, scan_options(offload::log_grid())));
    else
        ++unresolved;
    const double lin_lo = u(g) < 0.3 ? 0.0 : lo;
    const auto linear = arrival_rate_crossovers(device, off, lin_lo, hi, offload::linear_grid());
    check_midpoints(device, off, linear);
    if (resolvable(linear, lin_lo, hi, false))
        check_same(linear, arrival_rate_crossovers(device, off, lin_lo, hi, scan_options(offload::linear_grid())));
    else
        ++unresolved;
    return static_cast<int>(direct.points.size());
}

/// The tenant-count crossovers, direct against evaluating every integer; returns the number of points.
template <class Device, class Off>
int compare_tenants(const Device& device, const Off& off, const offload::tenant_demand& co, std::mt19937_64& g) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int lo = 1 + static_cast<int>(4.0 * u(g) * u(g)), hi = lo + 1 + static_cast<int>(80.0 * u(g));
    const auto direct = tenant_count_crossovers(device, off, co, lo, hi);
    const auto scan = tenant_count_crossovers(device, off, co, lo, hi, crossover_method::scan);
    INFO("direct " << describe(direct) << "\nscan   " << describe(scan));
    CHECK(direct == scan); // integers: exactly the same points and intervals
    return static_cast<int>(direct.points.size());
}

} // namespace

TEST_CASE("direct arrival-rate crossovers equal the scan's on random scenarios", "[crossover][direct]") {
    std::mt19937_64 g(2027);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int points = 0, several = 0, scenarios = 0, unresolved = 0;
    for (int trial = 0; trial < 80; ++trial) {
        INFO("trial " << trial);
        const double lambda = 0.5 + 20.0 * u(g);
        const double others = u(g) < 0.5 ? 0.0 : 30.0 * u(g);
        const double s_dev = (0.2 + 1.5 * u(g)) / lambda;
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
        const bool down = dest == result_destination::device && d_res > 0.0;
        // the larger of the two stability limits in lambda
        const double off_cap = std::min({bw / d_req, k_edge / s_edge - others, down ? bw / d_res - others : 1e300});
        const double cap = std::max(k_dev / s_dev, std::max(off_cap, 1e-3 * lambda));
        const service_demand dev{s_dev, 0.0, k_dev}, edge{s_edge, 0.0, k_edge};
        points += compare_rate(offload::dnn_on_device(lambda, dev),
                               offload::dnn_offload(mine, edge_rate, edge, link, link, payload(d_req, d_res), dest),
                               cap, g, unresolved);
        const service_demand dev_e{s_dev, 1.0, k_dev}, edge_e{s_edge, 1.0, k_edge};
        points += compare_rate(offload::llm_on_device(lambda, dev_e),
                               offload::llm_offload(mine, edge_rate, edge_e, link, link, payload(d_req, d_res), dest),
                               cap, g, unresolved);
        const service_demand dev_g{s_dev, scv, k_dev}, edge_g{s_edge, scv, k_edge};
        points += compare_rate(
            offload::general_on_device(lambda, dev_g),
            offload::multi_tenant_offload(mine, edge_rate, edge_g, link, link, payload(d_req, d_res), dest), cap, g,
            unresolved);
        // several crossovers: a highly variable device (M/G/1, scv 8 .. 40) against a NIC a little slower than it
        // (the device wins at low load, loses in the middle, wins again near the NIC's limit)
        const double s_var = 1.0 / lambda, n = s_var * (1.1 + 1.5 * u(g));
        const offload::on_device_pipeline<offload::mg1> variable(lambda, service_demand{s_var, 8.0 + 32.0 * u(g), 1.0});
        const offload::offload_pipeline<offload::md1, offload::mm1> nic(
            mine, service_demand{1e-3 * s_var, 0.0, 1.0}, network_link(d_req / n, prop), payload(d_req, 0.0),
            result_destination::remote);
        const int variable_points = compare_rate(variable, nic, 1.0 / s_var, g, unresolved);
        points += variable_points;
        several += variable_points >= 2 ? 1 : 0;
        scenarios += 4;
    }
    INFO(points << " points, " << several << " scenarios with several, " << unresolved << " unresolved of "
                << scenarios);
    CHECK(points > scenarios / 4);      // coverage: 122 points in the 320 scenarios of this seed
    CHECK(several >= 10);               // several crossovers in range, found by the direct path
    CHECK(unresolved < scenarios / 10); // changes closer than the scan's grid are rare (midpoints checked there)
}

TEST_CASE("direct arrival-rate crossovers: two crossings against independent formulas", "[crossover][direct]") {
    // the scan test's scenario (test_device_vs_offload.cpp) with the library's M/G/1 device: now solved directly
    const offload::on_device_pipeline<offload::mg1> variable(0.1, service_demand{1.0, 20.0, 1.0});
    const offload::offload_pipeline<offload::md1, offload::mm1> nic(
        0.1, service_demand{0.001, 0.0, 1.0}, network_link(1.0), payload(2.0, 0.0), result_destination::remote);
    REQUIRE(offload::detail::direct_arrival_rate_crossovers(variable, nic, 0.01, 0.49).has_value());
    auto difference = [](double lambda) { // T_dev - T_off written out
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
    const crossover_result r = arrival_rate_crossovers(variable, nic, 0.01, 0.49);
    REQUIRE(r.points.size() == 2);
    CHECK(r.points[0] == Approx(bisect(0.1, 0.3)).epsilon(1e-12));
    CHECK(r.points[1] == Approx(bisect(0.3, 0.4999)).epsilon(1e-12));
    REQUIRE(r.intervals.size() == 3);
    CHECK(r.intervals[0].better == winner::first);
    CHECK(r.intervals[1].better == winner::second);
    CHECK(r.intervals[2].better == winner::first);
    // past the NIC's limit (0.5) the device wins until its own (1), then neither: exact edges
    const crossover_result wide = arrival_rate_crossovers(variable, nic, 0.01, 2.0);
    REQUIRE(wide.points.size() == 2);
    REQUIRE(wide.intervals.size() == 4);
    CHECK(wide.intervals[2].better == winner::first);
    CHECK(wide.intervals[3].better == winner::neither);
    CHECK(wide.intervals[3].lower == Approx(1.0).epsilon(1e-15));
    // a user stage on either side: the scan
    using offload_test::pk_stage;
    const offload::on_device_pipeline<pk_stage> user(0.1, service_demand{1.0, 20.0, 1.0});
    CHECK_FALSE(offload::detail::direct_arrival_rate_crossovers(user, nic, 0.01, 0.49).has_value());
    CHECK_FALSE(offload::detail::direct_tenant_count_crossovers(
                    user,
                    offload::offload_pipeline<pk_stage, offload::mm1>(0.1, service_demand{0.1, 1.0, 1.0},
                                                                      network_link(1.0), payload(0.1, 0.0)),
                    offload::tenant_demand(0.1, 0.1), 1, 5)
                    .has_value());
}

TEST_CASE("direct tenant-count crossovers equal evaluating every integer", "[crossover][direct]") {
    std::mt19937_64 g(2028);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int points = 0, scenarios = 0;
    for (int trial = 0; trial < 100; ++trial) {
        INFO("trial " << trial);
        const double lambda = 0.5 + 10.0 * u(g);
        const double s_edge = (0.01 + 0.3 * u(g)) / lambda;
        const double k_edge = u(g) < 0.5 ? 1.0 : 1.0 + 7.0 * u(g);
        const double scv = 3.0 * u(g);
        // co-tenants: up to ~60 of them fill the server; faster or slower than this device's requests
        const double l_c = lambda * (0.2 + 2.0 * u(g));
        const double s_c = s_edge * std::pow(10.0, -1.0 + 1.5 * u(g));
        const offload::tenant_demand co(l_c, s_c, u(g) < 0.5 ? 0.0 : 2.0 * u(g));
        const double bw = offload::megabits_per_second(1.0 + 100.0 * u(g));
        const double d_req = 1e3 + 3e4 * u(g);
        const double d_res = u(g) < 0.3 ? 0.0 : 1e2 + 1e5 * u(g);
        const auto dest = u(g) < 0.2 ? result_destination::remote : result_destination::device;
        const network_link link(bw, u(g) < 0.5 ? 0.0 : 0.01 * u(g));
        const double s_dev = (0.1 + 1.2 * u(g)) / lambda;
        const service_demand dev{s_dev, 0.0, 1.0};
        points += compare_tenants(
            offload::dnn_on_device(lambda, dev),
            offload::dnn_offload(lambda, service_demand{s_edge, 0.0, k_edge}, link, payload(d_req, d_res), dest), co,
            g);
        points += compare_tenants(
            offload::llm_on_device(lambda, dev),
            offload::llm_offload(lambda, service_demand{s_edge, 1.0, k_edge}, link, payload(d_req, d_res), dest), co,
            g);
        points += compare_tenants(offload::general_on_device(lambda, dev),
                                  offload::multi_tenant_offload(lambda, service_demand{s_edge, scv, k_edge}, link,
                                                                payload(d_req, d_res), dest),
                                  co, g);
        points += compare_tenants(offload::dnn_on_device(lambda, dev),
                                  offload::offload_pipeline<offload::mg1, offload::mm1>(
                                      lambda, service_demand{s_edge, scv, 1.0}, link, payload(d_req, d_res), dest),
                                  co, g);
        scenarios += 4;
    }
    CHECK(points > scenarios / 4);
    // the tenants' wide range of ranges and loads: the hi == lo + 1 corner and a rate-0 co-tenant
    const offload::dnn_on_device device(2.0, service_demand{0.2, 0.0, 1.0});
    const offload::dnn_offload edge(2.0, service_demand{0.02, 0.0, 1.0}, network_link(1.0e6), payload(1.0e4, 1.0e3));
    for (const auto& co : {offload::tenant_demand(2.0, 0.02), offload::tenant_demand(0.0, 0.02)})
        for (const auto& [lo, hi] : {std::pair{1, 2}, std::pair{1, 40}, std::pair{20, 30}, std::pair{3, 1000}})
            CHECK(tenant_count_crossovers(device, edge, co, lo, hi) ==
                  tenant_count_crossovers(device, edge, co, lo, hi, crossover_method::scan));
    CHECK_THROWS_WITH(tenant_count_crossovers(device, edge, offload::tenant_demand(2.0, 0.02), 1, 5,
                                              static_cast<crossover_method>(9)),
                      Catch::Contains("'method' = 9"));
}
