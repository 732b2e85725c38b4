#include <cstdio>
#include <fstream>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "offload/flops/calibration.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/json/hardware_profile.hpp"

using nlohmann::json;
using offload::dnn::dtype;
using offload::dnn::hardware_profile;
using offload::dnn::op_class;

namespace {

json valid() {
    return json::parse(R"({
        "name": "pi",
        "source": "seed 001",
        "peak_flops": {"fp32": 1.92e11},
        "memory_bandwidth": 1.28e10,
        "layer_overhead": 2e-5,
        "compute_efficiency": {"depthwise_conv": 0.05, "dense_conv": 0.4},
        "memory_efficiency": {"elementwise": 0.3}
    })");
}

std::string temp_path(const char* name) { return std::string("/tmp/offload_test_h7_") + name; }

} // namespace

TEST_CASE("hardware_profile JSON: reads every field, defaults the rest", "[hardware][json]") {
    const hardware_profile p = valid().get<hardware_profile>();
    CHECK(p.name() == "pi");
    CHECK(p.source() == "seed 001");
    CHECK(p.peak_flops(dtype::fp32) == 1.92e11);
    CHECK(p.peak_flops(dtype::fp16) == 0.0);
    CHECK(p.memory_bandwidth() == 1.28e10);
    CHECK(p.layer_overhead() == 2e-5);
    CHECK(p.compute_efficiency(op_class::depthwise_conv) == 0.05);
    CHECK(p.compute_efficiency(op_class::pooling) == 1.0);
    CHECK(p.memory_efficiency(op_class::elementwise) == 0.3);
    // minimal document
    const auto q =
        json::parse(R"({"name": "x", "peak_flops": {"int8": 1e12}, "memory_bandwidth": 1e9})").get<hardware_profile>();
    CHECK(q.layer_overhead() == 0.0);
    CHECK(q.source().empty());
    CHECK(q.peak_flops(dtype::int8) == 1e12);
}

TEST_CASE("hardware_profile JSON: round trip preserves every value bit for bit", "[hardware][json]") {
    for (std::string_view id : offload::dnn::hardware_preset_names) {
        const hardware_profile p = offload::dnn::hardware_preset(id);
        const json j = p;
        const auto q = json::parse(j.dump()).get<hardware_profile>();
        CHECK(q.name() == p.name());
        CHECK(q.source() == p.source());
        for (dtype t : {dtype::fp32, dtype::fp16, dtype::int8}) CHECK(q.peak_flops(t) == p.peak_flops(t));
        CHECK(q.memory_bandwidth() == p.memory_bandwidth());
    }
    const hardware_profile p = valid().get<hardware_profile>();
    const auto q = json(p).get<hardware_profile>();
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c) {
        CHECK(q.spec().compute_efficiency[c] == p.spec().compute_efficiency[c]);
        CHECK(q.spec().memory_efficiency[c] == p.spec().memory_efficiency[c]);
    }
    CHECK(q.layer_overhead() == p.layer_overhead());
}

TEST_CASE("hardware_profile JSON: save and load files", "[hardware][json]") {
    const std::string path = temp_path("profile.json");
    const hardware_profile p = valid().get<hardware_profile>();
    offload::dnn::write_hardware_profile(path, p);
    const auto q = offload::dnn::read_hardware_profile(path);
    CHECK(q.compute_efficiency(op_class::dense_conv) == 0.4);
    CHECK(q.layer_overhead() == 2e-5);
    std::remove(path.c_str());

    CHECK_THROWS_AS(offload::dnn::read_hardware_profile("/nonexistent/dir/p.json"), std::system_error);
    CHECK_THROWS_WITH(offload::dnn::read_hardware_profile("/nonexistent/dir/p.json"),
                      Catch::Contains("offload::dnn::read_hardware_profile") &&
                          Catch::Contains("/nonexistent/dir/p.json") && Catch::Contains("cannot open"));
    CHECK_THROWS_AS(offload::dnn::write_hardware_profile("/nonexistent/dir/p.json", p), std::system_error);
    CHECK_THROWS_WITH(offload::dnn::write_hardware_profile("/nonexistent/dir/p.json", p),
                      Catch::Contains("offload::dnn::write_hardware_profile") && Catch::Contains("cannot open"));
    const std::string broken = temp_path("broken.json");
    {
        std::ofstream out(broken);
        out << "{\"name\": \"x\", ";
    }
    // malformed: the JSON pointer where the text breaks, the file, line and column
    CHECK_THROWS_WITH(offload::dnn::read_hardware_profile(broken),
                      Catch::Contains("offload::dnn::from_json(hardware_profile): parameter '/' = byte") &&
                          Catch::Contains("is not well-formed JSON (file '" + broken + "')") &&
                          Catch::Contains("line 1, column") && Catch::Contains("after the value of 'name'"));
    {
        std::ofstream out(broken);
        out << "{\"name\": \"x\",\n \"compute_efficiency\": {\"dense_conv\": 0.5,, }}";
    }
    CHECK_THROWS_WITH(offload::dnn::read_hardware_profile(broken),
                      Catch::Contains("parameter '/compute_efficiency' = byte") && Catch::Contains("line 2, column") &&
                          Catch::Contains("after the value of 'dense_conv'"));
    {
        std::ofstream out(broken);
        out << R"({"name": "x", "peak_flops": {"fp32": 1e9}, "memory_bandwidth": -1})";
    }
    CHECK_THROWS_WITH(offload::dnn::read_hardware_profile(broken), Catch::Contains("'/memory_bandwidth' = -1"));
    std::remove(broken.c_str());
}

TEST_CASE("hardware_profile JSON: every bad field names its JSON pointer", "[hardware][json][errors]") {
    const auto fails_with = [](json j, const std::string& what) {
        INFO(j.dump());
        CHECK_THROWS_WITH(j.get<hardware_profile>(), Catch::Contains(what));
        CHECK_THROWS_AS(j.get<hardware_profile>(), offload::parameter_error);
    };
    json j = valid();
    j["memory_bandwidth"] = "fast";
    fails_with(j, "'/memory_bandwidth' = \"fast\" is invalid: must be a number");
    j = valid();
    j["memory_bandwidth"] = 0;
    fails_with(j, "'/memory_bandwidth' = 0");
    j = valid();
    j.erase("memory_bandwidth");
    fails_with(j, "'/memory_bandwidth' = null is invalid: is required");
    j = valid();
    j.erase("name");
    fails_with(j, "'/name' = null is invalid: is required");
    j = valid();
    j["name"] = "";
    fails_with(j, "'/name' = \"\"");
    j = valid();
    j["name"] = 3;
    fails_with(j, "'/name' = 3");
    j = valid();
    j.erase("peak_flops");
    fails_with(j, "'/peak_flops' = null is invalid: is required");
    j = valid();
    j["peak_flops"] = {{"fp32", 0}};
    fails_with(j, "'/peak_flops'");
    j = valid();
    j["peak_flops"] = {{"fp32", -5}};
    fails_with(j, "'/peak_flops/fp32' = -5");
    j = valid();
    j["peak_flops"] = {{"bf16", 1e12}};
    fails_with(j, "'/peak_flops/bf16' = 1000000000000.0 is invalid: is not a known field here (known: fp32 fp16 int8)");
    j = valid();
    j["peak_flops"] = 1e12;
    fails_with(j, "'/peak_flops' = 1000000000000.0 is invalid: must be an object");
    j = valid();
    j["layer_overhead"] = -1e-6;
    fails_with(j, "'/layer_overhead' = -1e-06");
    j = valid();
    j["layer_overhead"] = nullptr;
    fails_with(j, "'/layer_overhead' = null is invalid: must be a number");
    j = valid();
    j["compute_efficiency"]["dense_conv"] = 1.5;
    fails_with(j, "'/compute_efficiency/dense_conv' = 1.5 is invalid: must lie in (0, 1]");
    j = valid();
    j["memory_efficiency"]["elementwise"] = 0;
    fails_with(j, "'/memory_efficiency/elementwise' = 0");
    j = valid();
    j["memory_efficiency"]["conv"] = 0.5;
    fails_with(j, "'/memory_efficiency/conv' = 0.5 is invalid: is not an op_class name");
    j = valid();
    j["compute_efficiency"] = json::array({0.5});
    fails_with(j, "'/compute_efficiency' = [0.5]");
    j = valid();
    j["memory_bandwith"] = 1e9; // misspelt
    fails_with(j, "'/memory_bandwith' = 1000000000.0 is invalid: is not a known field here (known: name source "
                  "peak_flops memory_bandwidth");
    j = valid();
    j["a/b"] = 1; // RFC 6901 escaping of '/'
    fails_with(j, "'/a~1b'");
    j = valid();
    j["source"] = 7;
    fails_with(j, "'/source' = 7 is invalid: must be a string");
    fails_with(json::array({1, 2}), "parameter '/' = [1,2] is invalid: must be a JSON object");
}

TEST_CASE("hardware_profile JSON: from text, malformed text names the pointer", "[hardware][json][errors]") {
    const hardware_profile p = offload::dnn::hardware_profile_from_json_text(valid().dump());
    CHECK(p.compute_efficiency(op_class::depthwise_conv) == 0.05);
    CHECK_THROWS_WITH(
        offload::dnn::hardware_profile_from_json_text(R"({"name": "x", "peak_flops": {"fp32": 1e9 "fp16": 2}})"),
        Catch::Contains("from_json(hardware_profile): parameter '/peak_flops' = byte") &&
            Catch::Contains("after the value of 'fp32'"));
    CHECK_THROWS_WITH(offload::dnn::hardware_profile_from_json_text(R"({"name": "x", "peak_flops": {"fp32": -}})"),
                      Catch::Contains("parameter '/peak_flops/fp32' = byte"));
    CHECK_THROWS_WITH(offload::dnn::hardware_profile_from_json_text(""), Catch::Contains("parameter '/' = byte"));
    // well-formed but invalid: the field's pointer, as from a json value
    CHECK_THROWS_WITH(offload::dnn::hardware_profile_from_json_text(R"({"name": "x", "peak_flops": {"fp32": 1e9}})"),
                      Catch::Contains("'/memory_bandwidth' = null is invalid: is required"));
}

TEST_CASE("hardware_profile JSON: a calibrated profile saved and loaded predicts exactly as before",
          "[hardware][json][calibration]") {
    // calibrate a prior against synthetic per-layer measurements of a known profile, save, load, compare
    offload::dnn::hardware_spec truth_spec = valid().get<hardware_profile>().spec();
    truth_spec.compute_efficiency[static_cast<std::size_t>(op_class::dense_conv)] = 0.37;
    truth_spec.compute_efficiency[static_cast<std::size_t>(op_class::depthwise_conv)] = 0.061;
    truth_spec.memory_efficiency[static_cast<std::size_t>(op_class::elementwise)] = 0.45;
    truth_spec.layer_overhead = 7e-6;
    const hardware_profile truth(truth_spec);
    std::vector<offload::dnn::layer_cost> layers;
    for (int i = 1; i <= 6; ++i) {
        offload::dnn::layer_cost conv{op_class::dense_conv, 1e8 * i, 2e8 * i, 1e4, 4e4, 4e5 * i, 4e5 * i};
        offload::dnn::layer_cost dw{op_class::depthwise_conv, 1e6 * i, 2e6 * i, 100, 400, 4e5 * i, 4e5 * i};
        offload::dnn::layer_cost relu{op_class::elementwise, 0, 1e5 * i, 0, 0, 4e5 * i, 4e5 * i};
        layers.insert(layers.end(), {conv, dw, relu});
    }
    std::vector<offload::dnn::calibration_sample> samples;
    for (const auto& l : layers)
        samples.push_back({std::span(&l, 1), offload::dnn::layer_latency(truth, l), dtype::fp32});
    const auto r = offload::dnn::calibrate(valid().get<hardware_profile>(), samples);
    CHECK(r.profile.compute_efficiency(op_class::dense_conv) == Approx(0.37).epsilon(1e-9));
    CHECK(r.profile.layer_overhead() == Approx(7e-6).epsilon(1e-9));

    const std::string path = temp_path("calibrated.json");
    offload::dnn::write_hardware_profile(path, r.profile);
    const hardware_profile back = offload::dnn::read_hardware_profile(path);
    std::remove(path.c_str());
    CHECK(back.name() == r.profile.name());
    CHECK(back.source() == r.profile.source());
    CHECK_THAT(back.source(), Catch::Contains("calibrated by offload::dnn::calibrate on 18 samples"));
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c) {
        CHECK(back.spec().compute_efficiency[c] == r.profile.spec().compute_efficiency[c]);
        CHECK(back.spec().memory_efficiency[c] == r.profile.spec().memory_efficiency[c]);
    }
    CHECK(back.layer_overhead() == r.profile.layer_overhead());
    // bit-identical predictions and per-sample fit report
    CHECK(offload::dnn::model_latency(back, layers) == offload::dnn::model_latency(r.profile, layers));
    const auto again = offload::dnn::evaluate_fit(back, samples);
    CHECK(again.relative_error == r.fit.relative_error);
    CHECK(again.rms_relative_error < 1e-9);
}
