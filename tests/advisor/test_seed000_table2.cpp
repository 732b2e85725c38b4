// Seed 000 Table 2 as advisor scenarios (examples/scenarios/seed000_table2_{gpu,cpu}.json) and the advisor's cost:
// the derived service times give back the table's round trips at vanishing load, the 1 frame/s stream makes the
// slowest options unstable, and the prices give the cost per request of Table 1 (docs/planning.md).
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/advisor/advise.hpp"
#include "offload/json/scenario.hpp"

using namespace offload;
using offload::test::rel;

namespace {

std::string scenario_path(const char* kind) {
    // not __FILE__: ccache's base_dir makes it relative
    return std::string(OFFLOAD_TESTS_SOURCE_DIR) + "/../examples/scenarios/seed000_table2_" + kind + ".json";
}

struct table2_row {
    const char* model;
    double cloud_gpu, onprem_gpu, cloud_cpu, onprem_cpu; // ms, seed 000 Table 2 (mean of 100 round trips)
};

constexpr std::array<table2_row, 8> table2{{{"faster_rcnn_resnet101", 1517, 114, 1615, 676},
                                            {"ssd_mobilenet_v1", 340, 77, 459, 54},
                                            {"ssd_mobilenet_v2", 354, 75, 719, 65},
                                            {"ssd_inception_v2", 366, 80, 624, 69},
                                            {"faster_rcnn_inception_v2", 619, 89, 726, 221},
                                            {"mask_rcnn_inception_v2", 789, 97, 801, 321},
                                            {"deeplab_v3", 925, 70, 1371, 272},
                                            {"deeplab_v3_xception", 3124, 147, 3061, 1585}}};

} // namespace

TEST_CASE("seed 000 Table 2: the round trips come back at vanishing load", "[advisor][seed000][cost]") {
    for (const char* kind : {"gpu", "cpu"}) {
        scenario s = read_scenario(scenario_path(kind));
        REQUIRE(s.workloads.size() == table2.size());
        for (scenario_workload& w : s.workloads) w.arrival_rate = 1e-6; // one request at a time, as measured
        const advisor_report r = advise(s);
        REQUIRE(r.advice.size() == table2.size());
        for (std::size_t i = 0; i < table2.size(); ++i) {
            const workload_advice& a = r.advice[i];
            INFO(kind << " " << a.workload);
            CHECK(a.workload == table2[i].model);
            REQUIRE(a.options.size() == 3);
            const bool gpu = std::string(kind) == "gpu";
            CHECK(a.options[1].where == "edge");
            CHECK(a.options[2].where == "cloud");
            // NICs are M/M/1 queues: at 1e-6 requests/s their wait is ~1e-6 relative
            CHECK(a.options[1].prediction.mean * 1e3 == rel(gpu ? table2[i].onprem_gpu : table2[i].onprem_cpu, 1e-5));
            CHECK(a.options[2].prediction.mean * 1e3 == rel(gpu ? table2[i].cloud_gpu : table2[i].cloud_cpu, 1e-5));
        }
    }
}

TEST_CASE("seed 000 Table 2 at the robot's 1 frame/s: stability, decision and cost", "[advisor][seed000][cost]") {
    const scenario gpu = read_scenario(scenario_path("gpu"));
    REQUIRE(priced(gpu));
    const advisor_report r = advise(gpu);
    const double onprem = (5000.0 / (3.0 * 8760.0) + 0.5 * 0.2) / 3600.0; // $/request: amortised + 500 W at $0.2/kWh
    const double p3 = 3.06 / 3600.0;                                      // $/request: Table 1's $3.06/h at 1/s
    for (const workload_advice& a : r.advice) {
        INFO(a.workload);
        CHECK(a.options[0].prediction.cost == 0.0);
        CHECK(a.options[1].prediction.cost == rel(onprem, 1e-6));
        CHECK(a.options[2].prediction.cost == rel(p3, 1e-12));
        CHECK(a.options[1].prediction.stable); // every on-premises GPU service is below 1 s
        CHECK(a.decision.index == 1);          // fastest, and 10x cheaper per request than the p3 instance
    }
    // the cloud's derived service exceeds the 1 s between frames: it cannot keep up with the stream
    CHECK_FALSE(r.advice[0].options[2].prediction.stable); // Faster R-CNN ResNet-101: 1517 ms round trip
    CHECK_FALSE(r.advice[7].options[2].prediction.stable); // DeepLab V3 Xception: 3124 ms
    CHECK(r.advice[1].options[2].prediction.stable);       // SSD MobileNet V1: 340 ms

    // "the cheapest option whose p99 <= 1 s": the robot (free) when it keeps up within the bound, else on premises
    advise_options o;
    o.goal = objective::cost();
    o.limits.max_p99 = 1.0;
    const advisor_report cheap = advise(gpu, o);
    for (const workload_advice& a : cheap.advice) {
        INFO(a.workload);
        CHECK(a.decision.feasible);
        const std::size_t expect = a.options[0].prediction.p99 <= 1.0 ? 0 : 1;
        CHECK(a.decision.index == expect);
    }
    // a budget below the on-premises cost leaves only the robot: infeasible where it cannot keep up
    advise_options budget;
    budget.limits.max_cost = 1e-6;
    const advisor_report b = advise(gpu, budget);
    CHECK(b.advice[1].decision.index == 0); // SSD MobileNet V1: the robot keeps up (751 ms a frame)
    CHECK(b.advice[1].decision.feasible);
    // Faster R-CNN ResNet-101 on the robot is unstable: nothing meets the budget, the least bad is on premises
    CHECK(b.advice[0].decision.index == 1);
    CHECK(b.advice[0].decision.reason == choice_reason::no_option_meets_constraints);
}

TEST_CASE("advisor prices: JSON round trip, defaults, and bad prices", "[advisor][cost]") {
    const scenario cpu = read_scenario(scenario_path("cpu"));
    CHECK(cpu.edges.at(0).price_per_hour == 0.290259);
    CHECK(cpu.cloud->price_per_hour == 3.06);
    CHECK(cpu.cloud->price_per_request == 0.0);
    const scenario again = scenario_from_json_text(to_json_text(cpu)); // units convert: prices must survive as they are
    CHECK(again.edges.at(0).price_per_hour == 0.290259);
    CHECK(again.cloud->price_per_hour == 3.06);
    CHECK(again.cloud->price_per_request == 0.0);
    // a scenario without prices: no cost, and the written JSON has no price keys
    const scenario plain = default_scenario();
    CHECK_FALSE(priced(plain));
    CHECK(to_json_text(plain).find("price") == std::string::npos);
    for (const workload_advice& a : advise(plain).advice)
        for (const advisor_option& o : a.options) CHECK(o.prediction.cost == 0.0);
    // a per-request price adds to the hourly one; tenants share the hourly price
    scenario_server api{"api", "wan", 1.0};
    api.price_per_request = 0.0004;
    CHECK(cost_per_request(api, 2.0) == 0.0004);
    api.price_per_hour = 3.6;
    CHECK(cost_per_request(api, 2.0) == rel(0.0004 + 0.0005, 1e-12));
    CHECK(cost_per_request(api, 0.0) == infinity);

    std::string text = to_json_text(cpu);
    const std::string key = "\"price_per_hour\": 0.290259";
    REQUIRE(text.find(key) != std::string::npos);
    text.replace(text.find(key), key.size(), "\"price_per_hour\": -1");
    CHECK_THROWS_WITH(scenario_from_json_text(text), Catch::Contains("/edges/0/price_per_hour"));
    scenario bad = cpu;
    bad.cloud->price_per_request = std::nan("");
    CHECK_THROWS_WITH(advise(bad), Catch::Contains("price_per_request") && Catch::Contains("aws_p3_2xlarge_cpu"));
    advise_options o;
    o.limits.max_cost = -1.0;
    CHECK_THROWS_WITH(advise(cpu, o), Catch::Contains("constraints.max_cost"));
}
