// Tests for offload/decision/adaptive_offloading.hpp: seed 003 Algorithm 1 against hand-computed queues.
#include <array>
#include <cmath>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/decision/adaptive_offloading.hpp"

using namespace offload;
using offload::test::rel;

namespace {
// seed 003 §5.2 setting at 2 Mbit/s (derived sizes, see docs/decisions.md)
const adaptive_device tx2{10.0, 0.019, 6500.0, 1000.0};
double md1_response(double lambda, double s) { return s + lambda * s * s / (2.0 * (1.0 - lambda * s)); }
double mm1_response(double lambda, double mu) { return 1.0 / (mu - lambda); }
} // namespace

TEST_CASE("adaptive_offloading: lines 1-6 by hand", "[decision][adaptive]") {
    CHECK(adaptive_device_latency(tx2) == rel(md1_response(10.0, 0.019)));
    const adaptive_edge a2{10.0, 0.0055, 0.0, 250000.0};
    const double expected =
        mm1_response(10.0, 250000.0 / 6500.0) + md1_response(10.0, 0.0055) + mm1_response(10.0, 250000.0 / 1000.0);
    CHECK(adaptive_edge_latency(tx2, a2) == rel(expected));
    // the seed's reported figures at 2 Mbit/s: on-device 21 ms, offload 45 ms
    CHECK(adaptive_device_latency(tx2) == Approx(0.021).epsilon(0.02));
    CHECK(adaptive_edge_latency(tx2, a2) == Approx(0.045).epsilon(0.02));
    // M/G/1 edge with scv 1 is M/M/1 (P-K)
    const adaptive_edge mg{20.0, 0.01, 1.0, 250000.0};
    CHECK(adaptive_edge_latency(tx2, mg) ==
          rel(mm1_response(10.0, 250000.0 / 6500.0) + mm1_response(20.0, 100.0) + mm1_response(20.0, 250.0)));
}

TEST_CASE("adaptive_offloading: the minimum wins (seed §5.2 and §5.3 patterns)", "[decision][adaptive]") {
    // 2 Mbit/s: on-device (21 ms < 45 ms)
    const std::array<adaptive_edge, 1> slow = {adaptive_edge{10.0, 0.0055, 0.0, 250000.0}};
    const decision d = adaptive_offloading(tx2, slow);
    REQUIRE(d.options.size() == 2);
    CHECK(d.chosen.index == 0); // on-device
    CHECK(d.chosen.reason == choice_reason::best_objective);
    CHECK(d.options[0].kind == option_kind::device);
    CHECK(d.options[1].kind == option_kind::edge);
    CHECK(d.options[1].remote == 0);
    CHECK(d.options[0].mean == rel(adaptive_device_latency(tx2)));
    CHECK(d.options[0].mean < d.options[1].mean);
    CHECK(d.chosen.value == d.options[0].mean);
    // 20 Mbit/s: offload
    const std::array<adaptive_edge, 1> fast = {adaptive_edge{10.0, 0.0055, 0.0, 2500000.0}};
    CHECK(adaptive_offloading(tx2, fast).chosen_option().kind == option_kind::edge);
    // two edges: the less loaded one, and per-edge latencies reported
    const std::array<adaptive_edge, 2> two = {adaptive_edge{60.0, 0.015, 0.0, 2500000.0},
                                              adaptive_edge{40.0, 0.015, 0.0, 2500000.0}};
    const decision m = adaptive_offloading(adaptive_device{10.0, 0.05, 50000.0, 2000.0}, two);
    CHECK(m.chosen.index == 2);
    CHECK(m.chosen_option().remote == 1);
    CHECK(m.options[1].mean > m.options[2].mean);
    CHECK(m.chosen.value == m.options[2].mean);
    CHECK(m.options[1].mean == rel(adaptive_edge_latency(adaptive_device{10.0, 0.05, 50000.0, 2000.0}, two[0])));
}

TEST_CASE("adaptive_offloading: unstable edges are never chosen; no edges means on-device", "[decision][adaptive]") {
    const std::array<adaptive_edge, 2> e = {adaptive_edge{200.0, 0.0055, 0.0, 2500000.0}, // rho 1.1
                                            adaptive_edge{10.0, 0.0055, 0.0, 100.0}};     // uplink rho 650
    const decision d = adaptive_offloading(tx2, e);
    CHECK(d.chosen.index == 0);
    CHECK(d.options[1].mean == infinity);
    CHECK(d.options[2].mean == infinity);
    CHECK(d.options[1].status == prediction_status::unstable);
    const decision none = adaptive_offloading(tx2, {});
    CHECK(none.options.size() == 1);
    CHECK(none.chosen.index == 0);
    // an overloaded device offloads to any stable edge
    const adaptive_device busy{60.0, 0.019, 6500.0, 1000.0};
    const std::array<adaptive_edge, 1> ok = {adaptive_edge{60.0, 0.0055, 0.0, 2500000.0}};
    CHECK(adaptive_offloading(busy, ok).chosen.index == 1);
    // nothing stable: the device, and said so
    const std::array<adaptive_edge, 2> overloaded = {adaptive_edge{200.0, 0.0055, 0.0, 2500000.0},
                                                     adaptive_edge{60.0, 0.0055, 0.0, 100.0}};
    const decision hopeless = adaptive_offloading(busy, overloaded);
    CHECK(hopeless.chosen.index == 0);
    CHECK(hopeless.chosen.reason == choice_reason::no_stable_option);
    CHECK_FALSE(hopeless.chosen.feasible);
}

TEST_CASE("adaptive_offloading: a tie between the device and the best edge goes to offloading (line 7's strict <)",
          "[decision][adaptive]") {
    // choose() would keep the device on a tie; Algorithm 1 offloads. At rate 0 every mean is a plain sum of
    // service times, and the device's is its service time: make it exactly the edge path's latency.
    const adaptive_edge idle{0.0, 0.0055, 0.0, 2500000.0};
    const double edge = adaptive_edge_latency(adaptive_device{0.0, 1.0, 6500.0, 1000.0}, idle);
    const adaptive_device same{0.0, edge, 6500.0, 1000.0};
    REQUIRE(adaptive_device_latency(same) == edge);
    const decision d = adaptive_offloading(same, std::array<adaptive_edge, 1>{idle});
    CHECK(d.chosen.index == 1);
    CHECK(choose(d.options).index == 0); // the shared rule would break the tie the other way
}

TEST_CASE("adaptive_offloading: bad input", "[decision][adaptive]") {
    const std::array<adaptive_edge, 1> e = {adaptive_edge{10.0, 0.0055, 0.0, 250000.0}};
    CHECK_THROWS_AS(adaptive_offloading(adaptive_device{-1.0, 0.019, 6500.0, 1000.0}, e), parameter_error);
    CHECK_THROWS_AS(adaptive_offloading(adaptive_device{10.0, 0.0, 6500.0, 1000.0}, e), parameter_error);
    CHECK_THROWS_WITH(adaptive_offloading(adaptive_device{10.0, 0.019, 0.0, 1000.0}, e),
                      Catch::Contains("request_bytes"));
    const std::array<adaptive_edge, 1> below = {adaptive_edge{5.0, 0.0055, 0.0, 250000.0}}; // < lambda_dev
    CHECK_THROWS_WITH(adaptive_offloading(tx2, below), Catch::Contains("remote_arrival_rate"));
    const std::array<adaptive_edge, 1> nan_bw = {adaptive_edge{10.0, 0.0055, 0.0, std::nan("")}};
    CHECK_THROWS_AS(adaptive_offloading(tx2, nan_bw), parameter_error);
    const std::array<adaptive_edge, 1> neg_scv = {adaptive_edge{10.0, 0.0055, -1.0, 250000.0}};
    CHECK_THROWS_AS(adaptive_offloading(tx2, neg_scv), parameter_error);
}
