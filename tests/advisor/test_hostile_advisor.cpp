// tests/advisor/test_hostile_advisor.cpp — issue 18 #14: a scenario with 100,001 devices is rejected as the array
// is read (it took 30-40 s, building every device first), naming the JSON pointer and the limit.
#include <string>

#include <catch2/catch.hpp>

#include "offload/error.hpp"
#include "offload/json/scenario.hpp"

TEST_CASE("hostile #14: scenario arrays are bounded before their entries are built", "[advisor][hostile]") {
    nlohmann::json j = nlohmann::json::parse(R"({
      "edges": [{"name": "edge", "link": "l"}],
      "links": {"l": {"bandwidth_mbps": 10}},
      "workloads": [{"name": "w", "kind": "deterministic", "request_bytes": 1000, "service_ms": {"edge": 5}}]
    })");
    nlohmann::json devices = nlohmann::json::array();
    for (int i = 0; i < 100001; ++i) devices.push_back({{"name", "d" + std::to_string(i)}});
    j["devices"] = devices;
    CHECK_THROWS_WITH(offload::scenario_from_json(j),
                      Catch::Contains("parameter '/devices'") && Catch::Contains("must have at most 10000 elements"));
    j["devices"] = nlohmann::json::array({{{"name", "dev"}}});
    for (int i = 0; i < 10001; ++i) j["edges"].push_back({{"name", "e" + std::to_string(i)}, {"link", "l"}});
    CHECK_THROWS_WITH(offload::scenario_from_json(j), Catch::Contains("parameter '/edges'"));
}
