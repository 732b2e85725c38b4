// Tests of offload/advisor/advise.hpp: the advisor's logic as a library function (the CLI only prints it).
#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/advisor/advise.hpp"
#include "offload/json/scenario.hpp"

using offload::test::rel;

TEST_CASE("advise: the seed 003 scenario, as the advisor prints it", "[advisor]") {
    const offload::scenario s = offload::default_scenario();
    const offload::advisor_report r = offload::advise(s);
    REQUIRE(r.advice.size() == 10); // 5 workloads x 2 devices
    const offload::workload_advice& a = r.advice[0];
    CHECK(a.workload == "mobilenet_v2");
    CHECK(a.device == "jetson_tx2");
    CHECK(a.arrival_rate == 2.0);
    REQUIRE(a.options.size() == 3);
    CHECK(a.options[0].label == "on-device");
    CHECK(a.options[1].label == "nvidia_a2");
    CHECK(a.options[1].where == "edge");
    // M/D/1 on the device: 19 ms + 2 (0.019)^2 / (2 (1 - 0.038)) (docs/pipelines.md), the advisor's 19.375 ms
    CHECK(a.options[0].prediction.mean == rel(0.019 + 2.0 * 0.019 * 0.019 / (2.0 * (1.0 - 0.038)), 1e-12));
    // 12 kB up and 4 kB down at 5 Mbit/s
    CHECK(a.options[1].terms.uplink_transfer == rel(12000.0 / 625000.0, 1e-12));
    CHECK(a.options[1].terms.downlink_transfer == rel(4000.0 / 625000.0, 1e-12));
    CHECK(a.options[1].prediction.mean == rel(0.0319690667, 1e-8));
    CHECK(a.decision.index == 0);
    REQUIRE(a.crossovers.size() == 2);
    CHECK(a.crossovers[0].server == "nvidia_a2");
    REQUIRE(a.crossovers[0].bandwidth.points.size() == 1);
    CHECK(a.crossovers[0].bandwidth.points[0] * 8e-6 == Approx(9.398).margin(5e-4)); // Mbit/s
    CHECK(a.sweeps.empty());

    // the p99 objective and the sweeps
    offload::advise_options o;
    o.goal = offload::objective::percentile(offload::percentile_level::p99);
    o.sweeps = true;
    o.sweep_points = 7;
    const offload::advisor_report p = offload::advise(s, o);
    const offload::workload_advice& b = p.advice[0];
    CHECK(b.decision.index == 0);
    REQUIRE(b.sweeps.size() == 3);
    CHECK(b.sweeps[0].quantity == "bandwidth");
    CHECK(b.sweeps[0].x.size() == 7);
    CHECK(b.sweeps[0].x.front() == rel(s.sweeps.bandwidth_lo, 1e-12));
    CHECK(b.sweeps[0].x.back() == rel(s.sweeps.bandwidth_hi, 1e-12));
    CHECK(b.sweeps[2].x.size() == 100);
    CHECK(b.sweeps[0].mean[0][3] == a.options[0].prediction.mean); // the device does not depend on bandwidth
    o.sweep_points = 1;
    CHECK_THROWS_WITH(offload::advise(s, o), Catch::Contains("offload::advise: parameter 'options.sweep_points' = 1"));
}

TEST_CASE("advise: a scenario built in C++ (SI units) and its failures", "[advisor]") {
    offload::scenario s;
    s.devices = {{"phone"}};
    s.edges = {{"edge", "wifi", 1.0}};
    s.links = {{"wifi", offload::megabits_per_second(20.0), 0.002}};
    offload::scenario_workload w;
    w.name = "det";
    w.request_bytes = 50000;
    w.result_bytes = 100;
    w.arrival_rate = 1.0;
    w.service_time = {{"edge", 0.01}, {"phone", 0.2}}; // sorted by name, as read from JSON
    s.workloads = {w};
    const offload::advisor_report r = offload::advise(s);
    REQUIRE(r.advice.size() == 1);
    // offloading: 20 ms up at 20 Mbit/s beats a 200 ms device
    CHECK(r.advice[0].decision.index == 1);
    CHECK(r.advice[0].options[1].terms.propagation == rel(0.004, 1e-12)); // one way, both ways
    // the same scenario through the JSON format
    CHECK(offload::scenario_from_json_text(offload::to_json_text(s)) == s);

    s.edges[0].link = "lte";
    CHECK_THROWS_WITH(offload::advise(s), Catch::Contains("workload '/workloads/0' (det) on device 'phone'") &&
                                              Catch::Contains("names link 'lte'"));
}
