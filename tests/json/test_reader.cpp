// The shared JSON reader and file reader (offload/json/detail/reader.hpp), through all three formats: the same
// error shape everywhere, a nesting-depth limit, numbers beyond double range, bounded indents, std::system_error
// for files.
#include <cstdio>
#include <string>
#include <system_error>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/zoo.hpp"
#include "offload/json/flops_model.hpp"
#include "offload/json/hardware_profile.hpp"
#include "offload/json/scenario.hpp"

namespace {

std::string message_of(void (*parse)(const std::string&), const std::string& text) {
    try {
        parse(text);
    } catch (const offload::parameter_error& e) {
        return e.what();
    }
    return "no parameter_error";
}

void parse_model(const std::string& t) { (void)offload::dnn::model_from_json_text(t); }
void parse_profile(const std::string& t) { (void)offload::dnn::hardware_profile_from_json_text(t); }
void parse_scenario(const std::string& t) { (void)offload::scenario_from_json_text(t); }

struct format {
    const char* name;
    void (*parse)(const std::string&);
    const char* fn;
};
const format formats[] = {{"model", parse_model, "offload::dnn::from_json(model)"},
                          {"hardware_profile", parse_profile, "offload::dnn::from_json(hardware_profile)"},
                          {"scenario", parse_scenario, "offload::from_json(scenario)"}};

} // namespace

TEST_CASE("json reader: a value nested 100,000 arrays deep is an error naming the pointer, not a crash",
          "[json][errors]") {
    const std::string deep = "{\"name\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    std::string pointer = "/name";
    for (int i = 0; i < offload::max_json_depth - 1; ++i) pointer += "/0";
    for (const format& f : formats) {
        INFO(f.name);
        const std::string msg = message_of(f.parse, deep);
        CHECK_THAT(msg, Catch::Contains(std::string(f.fn) + ": parameter '" + pointer + "' = byte 72 is invalid"));
        CHECK_THAT(msg, Catch::Contains("line 1, column 73: arrays and objects nested deeper than 64 levels"));
        CHECK(msg.size() < 1000); // the pointer and the position, never the value
    }
    // exactly at the limit the text parses (and the format's own checks speak)
    const std::string ok = "{\"name\": " + std::string(63, '[') + std::string(63, ']') + "}";
    CHECK_THAT(message_of(parse_scenario, ok),
               Catch::Contains("'/name' = [[[[...]]]] is invalid: must be a non-empty string"));
    // brackets inside strings do not count
    CHECK_THAT(message_of(parse_scenario, "{\"name\": \"" + std::string(1000, '[') + "\"}"),
               Catch::Contains("'/links' = null is invalid: is required but missing"));
}

TEST_CASE("json reader: a number beyond double range names its pointer", "[json][errors]") {
    for (const format& f : formats) {
        INFO(f.name);
        const std::string msg = message_of(f.parse, R"({"name": "x", "a": [1, 2, 1e309]})");
        CHECK_THAT(msg, Catch::Contains(std::string(f.fn) + ": parameter '/a/2' = byte"));
        CHECK_THAT(msg, Catch::Contains("number overflow parsing '1e309'") && Catch::Contains("line 1, column"));
        CHECK_THAT(msg, !Catch::Contains("[json.exception"));
    }
    CHECK_THAT(message_of(parse_scenario, "{\"loads\": {\"arrival_rate\": -1e400}}"),
               Catch::Contains("parameter '/loads/arrival_rate' = byte"));
    CHECK_THAT(message_of(parse_scenario, "1e309"), Catch::Contains("parameter '/' = byte"));
}

TEST_CASE("json reader: shown values are bounded, unknown keys list the known ones", "[json][errors]") {
    nlohmann::json j = nlohmann::json::parse(offload::default_scenario_json);
    j["name"] = nlohmann::json::array();
    for (int i = 0; i < 1000; ++i) j["name"].push_back(i);
    std::string msg;
    try {
        (void)offload::scenario_from_json(j);
    } catch (const offload::parameter_error& e) {
        msg = e.what();
    }
    CHECK_THAT(msg, Catch::Contains("'/name' = [0,1,2,") && Catch::Contains("...") &&
                        Catch::Contains("must be a non-empty string"));
    CHECK(msg.size() < 200);
    CHECK_THAT(message_of(parse_profile, R"({"name": "x", "peak_flops": {"fp32": 1e9}, "memory_bandwidth": 1e9,
                                           "colour": 1})"),
               Catch::Contains("'/colour' = 1 is invalid: is not a known field here (known: name source peak_flops"));
}

TEST_CASE("json writers: indent is checked and bounded", "[json][errors]") {
    const offload::dnn::model m = offload::dnn::zoo::resnet18();
    const offload::dnn::hardware_profile p = offload::dnn::raspberry_pi_4b();
    const offload::scenario s = offload::default_scenario();
    CHECK(offload::dnn::to_json_text(m, -1).find('\n') == std::string::npos);
    CHECK(offload::dnn::to_json_text(p, 16).find("\n                \"") != std::string::npos);
    CHECK(offload::scenario_from_json_text(offload::to_json_text(s, 0)) == s);
    for (int bad : {-2, 17, 1025, 1000000}) {
        CHECK_THROWS_WITH(
            offload::dnn::to_json_text(m, bad),
            Catch::Contains("offload::dnn::to_json_text(model): parameter 'indent' = " + std::to_string(bad)) &&
                Catch::Contains("must lie in [-1, 16]"));
        CHECK_THROWS_AS(offload::dnn::to_json_text(p, bad), offload::parameter_error);
        CHECK_THROWS_AS(offload::to_json_text(s, bad), offload::parameter_error);
    }
}

TEST_CASE("scenario: written and read back unchanged; files", "[advisor][json]") {
    offload::scenario s = offload::default_scenario();
    s.cloud = offload::scenario_server{"cloud", "wlan", 4.0};
    s.workloads[0].kind = offload::service_kind::general;
    s.workloads[0].scv = 0.3;
    const offload::scenario back = offload::scenario_from_json_text(offload::to_json_text(s));
    CHECK(back == s);
    const std::string path = "offload_test_written_scenario.json";
    offload::write_scenario(path, s);
    CHECK(offload::read_scenario(path) == s);
    std::remove(path.c_str());
    try {
        (void)offload::read_scenario("/nonexistent/scenario.json");
        FAIL("no error thrown");
    } catch (const std::system_error& e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
        CHECK_THAT(e.what(),
                   Catch::Contains("offload: offload::read_scenario: cannot open '/nonexistent/scenario.json'"));
    }
}
