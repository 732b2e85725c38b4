// Tests of offload/json/scenario.hpp: the advisor's scenario format and its JSON-pointer errors.
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>
#include <system_error>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/json/scenario.hpp"
#include "offload/pipelines/stage_defaults.hpp"

using offload::test::rel;

namespace {

// A small valid scenario; the bad-input tests patch one value at a time.
const char* const minimal = R"({
  "devices": [{"name": "dev"}],
  "edges": [{"name": "edge", "link": "l"}],
  "links": {"l": {"bandwidth_mbps": 10, "propagation_ms": 2}},
  "workloads": [{"name": "w", "kind": "deterministic", "request_bytes": 1000, "result_bytes": 10,
                 "service_ms": {"dev": 20, "edge": 5}}]
})";

nlohmann::json minimal_json() { return nlohmann::json::parse(minimal); }

/// parsing j throws a parameter_error whose message names `pointer` and contains `problem`
void check_error(const nlohmann::json& j, const std::string& pointer, const std::string& problem) {
    INFO(j.dump());
    try {
        (void)offload::scenario_from_json(j);
        FAIL("no error thrown");
    } catch (const offload::parameter_error& e) {
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("offload::from_json(scenario)") != std::string::npos);
        CHECK(what.find("parameter '" + pointer + "'") != std::string::npos);
        CHECK(what.find(problem) != std::string::npos);
    }
}

} // namespace

TEST_CASE("scenario: the minimal scenario and its defaults", "[advisor]") {
    const offload::scenario s = offload::scenario_from_json(minimal_json());
    CHECK(s.name.empty());
    REQUIRE(s.devices.size() == 1);
    REQUIRE(s.edges.size() == 1);
    CHECK_FALSE(s.cloud.has_value());
    CHECK(s.edges[0].parallelism == 1.0);
    CHECK(s.arrival_rate == 2.0); // loads default
    CHECK(s.tenants == 1);
    CHECK(s.sweeps.bandwidth_lo == 62500.0); // 0.5 Mbit/s in bytes/s
    CHECK(s.sweeps.tenants_hi == 100);
    const offload::scenario_link* l = offload::find_link(s, "l");
    REQUIRE(l != nullptr);
    CHECK(l->bandwidth == 1.25e6); // 10 Mbit/s
    CHECK(l->propagation == rel(0.002));
    CHECK(offload::find_link(s, "nope") == nullptr);
    REQUIRE(s.workloads.size() == 1);
    const offload::scenario_workload& w = s.workloads[0];
    CHECK(w.kind == offload::service_kind::deterministic);
    CHECK(w.scv == 0.0);
    CHECK(w.arrival_rate == 2.0); // inherited from loads
    CHECK(offload::service_time(w, "dev").value() == rel(0.020));
    CHECK(offload::service_time(w, "edge").value() == rel(0.005));
    CHECK_FALSE(offload::service_time(w, "cloud").has_value());
}

TEST_CASE("scenario: kinds, loads, sweeps, a cloud and per-workload rates", "[advisor]") {
    nlohmann::json j = minimal_json();
    j["cloud"] = {{"name", "c"}, {"link", "l"}, {"parallelism", 4}};
    j["loads"] = {{"arrival_rate", 3.5}, {"tenants", 7}};
    j["sweeps"] = {{"bandwidth_mbps", {1, 100}}, {"arrival_rate", {0.5, 50}}, {"tenants", {2, 30}}};
    j["workloads"].push_back({{"name", "llm"},
                              {"kind", "exponential"},
                              {"request_bytes", 100},
                              {"result_bytes", 0},
                              {"arrival_rate", 0.25},
                              {"service_ms", {{"dev", 3000}, {"c", 900}}}});
    j["workloads"].push_back({{"name", "g"},
                              {"kind", "general"},
                              {"scv", 0.4},
                              {"request_bytes", 1},
                              {"result_bytes", 1},
                              {"service_ms", {{"dev", 1}}}});
    const offload::scenario s = offload::scenario_from_json(j);
    REQUIRE(s.cloud.has_value());
    CHECK(s.cloud->name == "c");
    CHECK(s.cloud->parallelism == 4.0);
    CHECK(s.arrival_rate == 3.5);
    CHECK(s.tenants == 7);
    CHECK(s.sweeps.bandwidth_lo == 125000.0);
    CHECK(s.sweeps.bandwidth_hi == 1.25e7);
    CHECK(s.sweeps.rate_lo == 0.5);
    CHECK(s.sweeps.rate_hi == 50.0);
    CHECK(s.sweeps.tenants_lo == 2);
    CHECK(s.sweeps.tenants_hi == 30);
    CHECK(s.workloads[0].arrival_rate == 3.5);
    CHECK(s.workloads[1].kind == offload::service_kind::exponential);
    CHECK(s.workloads[1].scv == 1.0);
    CHECK(s.workloads[1].arrival_rate == 0.25);
    CHECK(s.workloads[1].result_bytes == 0.0);
    CHECK(s.workloads[2].kind == offload::service_kind::general);
    CHECK(s.workloads[2].scv == 0.4);
    CHECK(std::string(offload::to_string(offload::service_kind::general)) == "general");
    // "cloud": null is the same as no cloud
    j["cloud"] = nullptr;
    j["workloads"].erase(1);
    CHECK_FALSE(offload::scenario_from_json(j).cloud.has_value());
}

TEST_CASE("scenario: the embedded seed 003 §4 default", "[advisor]") {
    const offload::scenario s = offload::default_scenario();
    REQUIRE(s.devices.size() == 2);
    CHECK(s.devices[0].name == "jetson_tx2");
    CHECK(s.devices[1].name == "jetson_orin_nano");
    REQUIRE(s.edges.size() == 2);
    CHECK(s.edges[0].name == "nvidia_a2");
    CHECK(s.edges[1].name == "rtx_4070");
    CHECK(s.arrival_rate == 2.0);
    CHECK(offload::find_link(s, "wlan")->bandwidth == 625000.0);
    REQUIRE(s.workloads.size() == 5);
    const char* names[] = {"mobilenet_v2", "inception_v4", "yolov8n", "lstm", "llama_3_2_1b"};
    for (std::size_t i = 0; i < 5; ++i) CHECK(s.workloads[i].name == names[i]);
    CHECK(s.workloads[3].kind == offload::service_kind::exponential);
    CHECK(s.workloads[4].arrival_rate == 0.02);
    // every processor has every workload, scaled from the TX2 by the seed's fp16 peak ratios
    for (const offload::scenario_workload& w : s.workloads) {
        const double tx2 = offload::service_time(w, "jetson_tx2").value();
        CHECK(offload::service_time(w, "jetson_orin_nano").value() == rel(tx2 * 1.3 / 2.6, 1e-4));
        CHECK(offload::service_time(w, "nvidia_a2").value() == rel(tx2 * 1.3 / 4.5, 1e-4));
        CHECK(offload::service_time(w, "rtx_4070").value() == rel(tx2 * 1.3 / 29.1, 1e-4));
    }
    // MobileNetV2 on the TX2 at 2 req/s is the M/D/1 of docs/pipelines.md: 19 ms + 2 (0.019)^2 / (2 (1 - 0.038))
    const offload::scenario_workload& m = s.workloads[0];
    const offload::dnn_on_device device(m.arrival_rate, {offload::service_time(m, "jetson_tx2").value(), 0.0, 1.0});
    CHECK(mean_latency(device) == rel(0.019 + 2.0 * 0.019 * 0.019 / (2.0 * (1.0 - 0.038)), 1e-12));
}

TEST_CASE("scenario: text and file entry points", "[advisor]") {
    CHECK(offload::scenario_from_json_text(minimal).workloads.size() == 1);
    try {
        (void)offload::scenario_from_json_text("{\"devices\": [");
        FAIL("no error thrown");
    } catch (const offload::parameter_error& e) {
        // the pointer where the text breaks, the byte, line and column
        CHECK(std::string(e.what()).find("parameter '/devices'") != std::string::npos);
        CHECK(std::string(e.what()).find("byte 14") != std::string::npos);
        CHECK(std::string(e.what()).find("is not well-formed JSON: line 1, column 14") != std::string::npos);
    }
    try {
        (void)offload::scenario_from_json_text("{\"links\": {\"wlan\": {\"bandwidth_mbps\": 5,, }}}");
        FAIL("no error thrown");
    } catch (const offload::parameter_error& e) {
        CHECK(std::string(e.what()).find("parameter '/links/wlan'") != std::string::npos);
        CHECK(std::string(e.what()).find("after the value of 'bandwidth_mbps'") != std::string::npos);
    }
    {
        const std::string path = "offload_test_malformed_scenario.json";
        std::ofstream(path) << "{\n  \"devices\": [{\"name\": \"d\"}]\n  \"edges\": []\n}\n";
        try {
            (void)offload::read_scenario(path);
            FAIL("no error thrown");
        } catch (const offload::parameter_error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find("(file '" + path + "')") != std::string::npos);
            CHECK(std::string(e.what()).find("line 3, column 9") != std::string::npos);
            CHECK(std::string(e.what()).find("(after the value of 'devices')") != std::string::npos);
        }
        std::remove(path.c_str());
    }
    try {
        (void)offload::read_scenario("/nonexistent/dir/scenario.json");
        FAIL("no error thrown");
    } catch (const std::system_error& e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
        CHECK(std::string(e.what()).find("offload::read_scenario") != std::string::npos);
        CHECK(std::string(e.what()).find("/nonexistent/dir/scenario.json") != std::string::npos);
    }
    CHECK_THROWS_AS(offload::write_scenario("/nonexistent/dir/scenario.json", offload::default_scenario()),
                    std::system_error);
}

TEST_CASE("scenario: every bad input names its JSON pointer", "[advisor]") {
    using nlohmann::json;
    SECTION("top level") {
        check_error(json::array(), "/", "must be a JSON object");
        json j = minimal_json();
        j["colour"] = "red";
        check_error(j, "/colour", "is not a known field here");
        j = minimal_json();
        j.erase("links");
        check_error(j, "/links", "is required but missing");
        j = minimal_json();
        j["name"] = "";
        check_error(j, "/name", "must be a non-empty string");
    }
    SECTION("links") {
        json j = minimal_json();
        j["links"] = json::object();
        check_error(j, "/links", "must be a non-empty object");
        j = minimal_json();
        j["links"]["l"]["bandwidth_mbps"] = -5;
        check_error(j, "/links/l/bandwidth_mbps", "must be > 0");
        j = minimal_json();
        j["links"]["l"]["bandwidth_mbps"] = "fast";
        check_error(j, "/links/l/bandwidth_mbps", "must be a number");
        j = minimal_json();
        j["links"]["l"]["propagation_ms"] = -1;
        check_error(j, "/links/l/propagation_ms", "must be >= 0");
        j = minimal_json();
        j["links"]["l"].erase("bandwidth_mbps");
        check_error(j, "/links/l/bandwidth_mbps", "is required but missing");
        j = minimal_json();
        j["links"]["a/b"] = {{"bandwidth_mbps", 1}, {"mtu", 1500}};
        check_error(j, "/links/a~1b/mtu", "is not a known field here"); // RFC 6901 escaping
    }
    SECTION("devices and servers") {
        json j = minimal_json();
        j["devices"] = json::array();
        check_error(j, "/devices", "must be a non-empty array");
        j = minimal_json();
        j["devices"].push_back({{"name", "edge"}});
        check_error(j, "/edges/0/name", "duplicates another device or server name");
        j = minimal_json();
        j["devices"].push_back({{"name", "dev"}});
        check_error(j, "/devices/1/name", "duplicates");
        j = minimal_json();
        j["devices"][0]["colour"] = "red"; // a one-field object: its key check must run too
        check_error(j, "/devices/0/colour", "is not a known field here");
        j = minimal_json();
        j["edges"][0]["link"] = "lte";
        check_error(j, "/edges/0/link", "names no entry of /links");
        j = minimal_json();
        j["edges"][0]["parallelism"] = 0;
        check_error(j, "/edges/0/parallelism", "must be >= 1");
        j["edges"][0]["parallelism"] = 0.5; // k_parallel needs k >= 1: caught here, with the pointer
        check_error(j, "/edges/0/parallelism", "must be >= 1");
        j["edges"][0]["parallelism"] = 2e6;
        check_error(j, "/edges/0/parallelism", "must be <= 1e+06");
        j = minimal_json();
        j["devices"].push_back({{"name", "idle"}}); // no workload runs on it: it would get no report at all
        check_error(j, "/devices/1/name", "is named by no workload's service_ms");
        j = minimal_json();
        j["edges"] = json::array();
        check_error(j, "/edges", "at least one edge or a cloud is required");
        j = minimal_json();
        j["cloud"] = {{"name", "c"}};
        check_error(j, "/cloud/link", "is required but missing");
        j = minimal_json();
        j["edges"] = json::object();
        check_error(j, "/edges", "must be an array");
    }
    SECTION("loads and sweeps") {
        json j = minimal_json();
        j["loads"] = {{"arrival_rate", -1}};
        check_error(j, "/loads/arrival_rate", "must be > 0");
        j["loads"] = {{"arrival_rate", 0}}; // no requests: no tenant mix, nothing to decide
        check_error(j, "/loads/arrival_rate", "must be > 0");
        j["loads"] = {{"arrival_rate", 1e-7}};
        check_error(j, "/loads/arrival_rate", "must be >= 1e-06");
        j["loads"] = {{"arrival_rate", 2e9}};
        check_error(j, "/loads/arrival_rate", "must be <= 1e+09");
        j["loads"] = {{"tenants", 0}};
        check_error(j, "/loads/tenants", "must be an integer in [1, 1000000]");
        j["loads"] = {{"tenants", 2.5}};
        check_error(j, "/loads/tenants", "must be an integer");
        j["loads"] = {{"rate", 2}};
        check_error(j, "/loads/rate", "is not a known field here");
        j = minimal_json();
        j["sweeps"] = {{"bandwidth_mbps", {10, 1}}};
        check_error(j, "/sweeps/bandwidth_mbps/1", "must be > lo");
        j["sweeps"] = {{"arrival_rate", {0, 1}}};
        check_error(j, "/sweeps/arrival_rate/0", "must be > 0");
        j["sweeps"] = {{"tenants", {5}}};
        check_error(j, "/sweeps/tenants", "must be an array [lo, hi]");
        j["sweeps"] = {{"tenants", {5, 5}}};
        check_error(j, "/sweeps/tenants/1", "must be > lo");
        j["sweeps"] = {{"tenants", {1, 10001}}}; // every integer is evaluated, each in O(tenants)
        check_error(j, "/sweeps/tenants/1", "must be an integer in [1, 10000]");
        j["sweeps"] = {{"bandwidth_mbps", {1, 1e308}}}; // bytes/s would overflow to +inf
        check_error(j, "/sweeps/bandwidth_mbps/1", "must be <= 1e+09");
        j["sweeps"] = {{"arrival_rate", {1e-300, 1}}};
        check_error(j, "/sweeps/arrival_rate/0", "must be >= 1e-06");
        j = minimal_json();
        j["links"]["l"]["bandwidth_mbps"] = 1e308;
        check_error(j, "/links/l/bandwidth_mbps", "must be <= 1e+09");
        j["links"]["l"]["bandwidth_mbps"] = 1e-9;
        check_error(j, "/links/l/bandwidth_mbps", "must be >= 1e-06");
        j = minimal_json();
        j["links"]["l"]["propagation_ms"] = 1e308; // 2 x propagation in ms would overflow
        check_error(j, "/links/l/propagation_ms", "must be <= 1e+09");
    }
    SECTION("workloads") {
        json j = minimal_json();
        j["workloads"] = json::array();
        check_error(j, "/workloads", "must be a non-empty array");
        j = minimal_json();
        j["workloads"][0]["kind"] = "bursty";
        check_error(j, "/workloads/0/kind", "must be one of: \"deterministic\" \"exponential\" \"general\"");
        j = minimal_json();
        j["workloads"][0]["kind"] = "general";
        check_error(j, "/workloads/0/scv", "is required but missing");
        j = minimal_json();
        j["workloads"][0]["scv"] = 1;
        check_error(j, "/workloads/0/scv", "is only allowed with");
        j = minimal_json();
        j["workloads"][0]["request_bytes"] = 0;
        check_error(j, "/workloads/0/request_bytes", "must be > 0");
        j = minimal_json();
        j["workloads"][0]["result_bytes"] = -1;
        check_error(j, "/workloads/0/result_bytes", "must be >= 0");
        j = minimal_json();
        j["workloads"][0]["service_ms"]["edge"] = 0;
        check_error(j, "/workloads/0/service_ms/edge", "must be > 0");
        j = minimal_json();
        j["workloads"][0]["service_ms"]["tpu"] = 3;
        check_error(j, "/workloads/0/service_ms/tpu", "names no device, edge or cloud");
        j = minimal_json();
        j["workloads"][0]["service_ms"] = json::object();
        check_error(j, "/workloads/0/service_ms", "must be a non-empty object");
        j = minimal_json();
        j["workloads"].push_back(j["workloads"][0]);
        check_error(j, "/workloads/1/name", "duplicates another workload name");
        j = minimal_json();
        j["workloads"][0]["arrival_rate"] = std::numeric_limits<double>::quiet_NaN();
        check_error(j, "/workloads/0/arrival_rate", "must be finite");
        j["workloads"][0]["arrival_rate"] = 0;
        check_error(j, "/workloads/0/arrival_rate", "must be > 0");
        j = minimal_json();
        j["workloads"][0]["service_ms"]["edge"] = 1e-300; // rho ~ 1e-303 left the M/D/1 root finder's range
        check_error(j, "/workloads/0/service_ms/edge", "must be >= 1e-06");
        j["workloads"][0]["service_ms"]["edge"] = 1e308;
        check_error(j, "/workloads/0/service_ms/edge", "must be <= 1e+12");
        j = minimal_json();
        j["workloads"][0]["request_bytes"] = 1e300;
        check_error(j, "/workloads/0/request_bytes", "must be <= 1e+15");
        j = minimal_json();
        j["workloads"][0]["result_bytes"] = 1e300;
        check_error(j, "/workloads/0/result_bytes", "must be <= 1e+15");
        j = minimal_json();
        j["workloads"][0]["kind"] = "general";
        j["workloads"][0]["scv"] = 1e300; // the M/G/1 p99 did not converge
        check_error(j, "/workloads/0/scv", "must be <= 100");
        j = minimal_json();
        j["workloads"][0]["service_ms"].erase("dev"); // only the edge: no device runs it, nothing to report
        check_error(j, "/workloads/0/service_ms", "names no device of this scenario");
    }
}
