// Tests for offload/decision/split_choice.hpp: device-only, edge-only, split and cloud options over the FLOPs
// layer's split points.
#include <array>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "decision/user_stage.hpp"
#include "offload/decision/split_choice.hpp"

using namespace offload;
using namespace offload::dnn;
using offload::test::rel;

namespace {
model chain() { // [1,3,32,32] -> conv(3->16) -> relu -> pool 2 -> flatten -> fc(4096->10)
    model_builder b("chain", {1, 3, 32, 32});
    b.add("conv", conv2d(3, 16, 3, 1, 1));
    b.add("relu", activation(activation_kind::relu));
    b.add("pool", pool2d(pool_kind::max, 2, 2));
    b.add("flat", flatten());
    b.add("fc", linear(4096, 10));
    return std::move(b).build();
}
hardware_profile profile(const char* name, double flops, double bandwidth, double overhead) {
    hardware_spec s;
    s.name = name;
    s.source = "test";
    s.peak_fp32 = flops;
    s.memory_bandwidth = bandwidth;
    s.layer_overhead = overhead;
    return hardware_profile(s);
}
const model m = chain();
const split_table table = split_points(m, dtype::fp32);
const hardware_profile dev = profile("device", 1e9, 1e9, 1e-3); // slow: ~1 ms per layer
const hardware_profile edg = profile("edge", 1e11, 1e10, 1e-4);
double md1_response(double lambda, double s) { return s + lambda * s * s / (2.0 * (1.0 - lambda * s)); }
} // namespace

TEST_CASE("choose_split: the device-only option is the M/D/1 of the whole model", "[decision][split_choice]") {
    split_scenario s;
    s.arrival_rate = 20.0;
    s.bandwidth = 1.0e5;
    s.result_bytes = 40.0;
    const decision d = choose_split(table, dev, edg, s);
    REQUIRE(d.options.size() == 6); // the default candidates: every cut of this chain is single-tensor
    for (std::size_t i = 0; i < d.options.size(); ++i) CHECK(d.options[i].cut == static_cast<int>(i));
    const double s_dev = model_latency(dev, table.costs());
    CHECK(d.options.back().kind == option_kind::device);
    CHECK(d.options.back().cut == 5);
    CHECK(d.options.back().mean == rel(md1_response(20.0, s_dev)));
    CHECK(d.options.front().kind == option_kind::edge);
    CHECK(d.options.front().cut == 0);
    // cut 0 sends the input (12288 bytes) at 1e5 B/s: an M/M/1 uplink with service 0.12288 s at 20/s is unstable
    CHECK_FALSE(d.options.front().stable);
    CHECK(d.options[d.chosen.index].stable);
    // every stable option's mean is >= the chosen one's
    for (const auto& o : d.options)
        if (o.stable) CHECK(o.mean >= d.options[d.chosen.index].mean);
}

TEST_CASE("choose_split: a fast link moves work to the edge; split payloads come from the table",
          "[decision][split_choice]") {
    split_scenario s;
    s.arrival_rate = 20.0;
    s.bandwidth = 1.0e9;
    const std::array<std::size_t, 3> cuts = {0, 3, 5};
    const decision d = choose_split(table, dev, edg, s, {}, {}, {}, cuts);
    REQUIRE(d.options.size() == 3);
    CHECK(d.options[d.chosen.index].kind == option_kind::edge);
    // cut 3 (after the pool): device part = layers 0..2, edge part = 3..4, payload = pool output 16*16*16*4 bytes
    const split_latency_estimate t = split_latency(dev, edg, table.costs(), 3);
    const double up = 16.0 * 16 * 16 * 4 / 1.0e9;
    const double expected =
        md1_response(20.0, t.device_seconds) + 1.0 / (1.0 / up - 20.0) + md1_response(20.0, t.edge_seconds);
    CHECK(d.options[1].kind == option_kind::split);
    CHECK(d.options[1].mean == rel(expected, 1e-9));
}

TEST_CASE("choose_split: a shared edge waits as for the tenants' mixture, then serves this request's own part",
          "[decision][split_choice]") {
    split_scenario s;
    s.arrival_rate = 20.0;
    s.bandwidth = 1.0e9;
    s.edge_background_rate = 30.0;
    s.edge_background_service = 0.01;
    const std::array<std::size_t, 2> cuts = {0, 3};
    const decision d = choose_split(table, dev, edg, s, {}, {}, {}, cuts);
    REQUIRE(d.options.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const split_latency_estimate t = split_latency(dev, edg, table.costs(), cuts[i]);
        // P-K wait at 50/s for the mixture of 20/s at t.edge_seconds and 30/s at 0.01 s (both deterministic)
        const double rho = 20.0 * t.edge_seconds + 30.0 * 0.01;
        const double wait = (20.0 * t.edge_seconds * t.edge_seconds + 30.0 * 1e-4) / (2.0 * (1.0 - rho));
        const double up = table[cuts[i]].payload_bytes / 1.0e9;
        const double device = cuts[i] == 0 ? 0.0 : md1_response(20.0, t.device_seconds);
        CHECK(d.options[i].mean == rel(device + 1.0 / (1.0 / up - 20.0) + wait + t.edge_seconds, 1e-9));
        CHECK(d.options[i].p99 > d.options[i].mean);
    }
    CHECK(d.options[0].kind == option_kind::edge);
    CHECK(d.options[1].kind == option_kind::split);
}

TEST_CASE("choose_split: a p99 constraint and the cloud option", "[decision][split_choice]") {
    split_scenario s;
    s.arrival_rate = 5.0;
    s.bandwidth = 1.0e6;
    split_cloud c;
    const hardware_profile cloud = profile("cloud", 1e13, 1e11, 1e-5);
    c.profile = &cloud;
    c.bandwidth = 1.0e7;
    c.propagation = 0.02;
    const decision d = choose_split(table, dev, edg, s, {}, {}, {}, {}, c);
    REQUIRE(d.options.back().kind == option_kind::cloud);
    const double whole = model_latency(cloud, table.costs());
    const double up = 12288.0 / 1.0e7;
    CHECK(d.options.back().mean == rel(1.0 / (1.0 / up - 5.0) + md1_response(5.0, whole) + 0.04, 1e-9));
    constraints tight;
    tight.max_p99 = 1e-6; // impossible: least bad, and said so
    const decision none = choose_split(table, dev, edg, s, {}, tight, {}, {}, c);
    CHECK(none.chosen.reason == choice_reason::no_option_meets_constraints);
    CHECK_FALSE(none.chosen.feasible);
    CHECK(none.options[none.chosen.index].stable);
}

TEST_CASE("choose_split: energy + delay with beta = 0 picks the least device energy", "[decision][split_choice]") {
    split_scenario s;
    s.arrival_rate = 5.0;
    s.bandwidth = 1.0e7;
    const energy_model e(1e-6, 0.0); // computing on the device costs, sending is free
    s.energy = &e;
    const decision d = choose_split(table, dev, edg, s, objective::energy_delay(0.0));
    CHECK(d.options[d.chosen.index].cut == 0);
    CHECK(d.options[d.chosen.index].energy == 0.0);
    CHECK(d.options.back().energy == rel(8.0 * 12288.0 * 1e-6)); // all local: d e^l, d = input bits
    const energy_model t(0.0, 1e-6); // sending costs: the device-only option (nothing sent) wins
    s.energy = &t;
    const decision d2 = choose_split(table, dev, edg, s, objective::energy_delay(0.0));
    CHECK(d2.options[d2.chosen.index].cut == 5);
}

TEST_CASE("choose_split: bad input", "[decision][split_choice]") {
    split_scenario s;
    s.arrival_rate = 5.0;
    s.bandwidth = 0.0;
    CHECK_THROWS_WITH(choose_split(table, dev, edg, s), Catch::Contains("scenario.bandwidth"));
    s.bandwidth = 1e6;
    s.arrival_rate = std::nan("");
    CHECK_THROWS_AS(choose_split(table, dev, edg, s), parameter_error);
    s.arrival_rate = 1.0;
    const std::array<std::size_t, 1> beyond = {6};
    CHECK_THROWS_WITH(choose_split(table, dev, edg, s, {}, {}, {}, beyond), Catch::Contains("candidate_cuts"));
    s.edge_background_rate = 3.0; // without its service time
    CHECK_THROWS_WITH(choose_split(table, dev, edg, s), Catch::Contains("edge_background_service"));
    s.edge_background_rate = 0.0;
    split_cloud c;
    c.profile = &edg;
    c.bandwidth = -1.0;
    CHECK_THROWS_WITH(choose_split(table, dev, edg, s, {}, {}, {}, {}, c), Catch::Contains("cloud.bandwidth"));
}

TEST_CASE("choose_split: a user-defined stage model plugs in", "[decision][split_choice]") {
    // the probe stage behaves as M/M/1: every stage of every option becomes exponential
    split_scenario s;
    s.arrival_rate = 20.0;
    s.bandwidth = 1.0e9;
    const std::array<std::size_t, 2> cuts = {3, 5};
    test::probe_stage::built = 0;
    const decision d =
        choose_split<test::probe_stage, test::probe_stage, test::probe_stage>(table, dev, edg, s, {}, {}, {}, cuts);
    CHECK(test::probe_stage::built > 0);
    REQUIRE(d.options.size() == 2);
    const split_latency_estimate t = split_latency(dev, edg, table.costs(), 3);
    const double up = 16.0 * 16 * 16 * 4 / 1.0e9;
    const auto mm1_response = [](double lambda, double service) { return service / (1.0 - lambda * service); };
    CHECK(
        d.options[0].mean ==
        rel(mm1_response(20.0, t.device_seconds) + mm1_response(20.0, up) + mm1_response(20.0, t.edge_seconds), 1e-9));
    CHECK(d.options[1].mean == rel(mm1_response(20.0, model_latency(dev, table.costs())), 1e-12));
    CHECK(d.options[0].status == prediction_status::ok);
    // the defaults differ (M/D/1 device and edge)
    const decision standard = choose_split(table, dev, edg, s, {}, {}, {}, cuts);
    CHECK(standard.options[1].mean == rel(md1_response(20.0, model_latency(dev, table.costs()))));
    CHECK(standard.options[1].mean < d.options[1].mean);
}
