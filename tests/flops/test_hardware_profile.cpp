#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/hardware_profile.hpp"

using offload::dnn::dtype;
using offload::dnn::hardware_profile;
using offload::dnn::hardware_spec;
using offload::dnn::op_class;
using offload::test::rel;

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

hardware_spec base_spec() {
    hardware_spec s;
    s.name = "test device";
    s.source = "hand-made";
    s.peak_fp32 = 100e9;
    s.peak_fp16 = 200e9;
    s.memory_bandwidth = 10e9;
    s.layer_overhead = 5e-6;
    s.compute_efficiency[static_cast<std::size_t>(op_class::depthwise_conv)] = 0.1;
    s.memory_efficiency[static_cast<std::size_t>(op_class::elementwise)] = 0.5;
    return s;
}

} // namespace

/// Whether peak_flops_from_cores accepts a cores value of type C (counts are ints: floating point is deleted).
template <class C>
concept peak_from_cores_accepts = requires(C c) {
    offload::dnn::peak_flops_from_cores(c, 1e9, 8.0);
};

TEST_CASE("peak_flops_from_cores: seed 001 Table III figures", "[hardware]") {
    // cores x frequency x FLOPs per cycle (seed 001 §III-C)
    CHECK(offload::dnn::peak_flops_from_cores(4, 1.5e9, 32) == rel(192e9));     // Raspberry Pi 4B
    CHECK(offload::dnn::peak_flops_from_cores(8, 2.2e9, 32) == rel(563.2e9));   // edge server
    CHECK(offload::dnn::peak_flops_from_cores(16, 2.2e9, 32) == rel(1126.4e9)); // cloud server CPU
    CHECK(offload::dnn::peak_flops_from_cores(1, 2.0e9, 0.5) == rel(1e9));      // fractional FLOPs/cycle allowed
}

TEST_CASE("peak_flops_from_cores: bad inputs", "[hardware][errors]") {
    CHECK_THROWS_WITH(offload::dnn::peak_flops_from_cores(0, 1e9, 8),
                      Catch::Contains("offload::dnn::peak_flops_from_cores") && Catch::Contains("'cores' = 0"));
    // cores is an int: 2.5 or NaN cores do not compile (Python and JSON convert and check, naming 'cores')
    STATIC_REQUIRE_FALSE(peak_from_cores_accepts<double>);
    STATIC_REQUIRE_FALSE(peak_from_cores_accepts<float>);
    STATIC_REQUIRE(peak_from_cores_accepts<int>);
    CHECK_THROWS_AS(offload::dnn::peak_flops_from_cores(-4, 1e9, 8), offload::parameter_error);
    CHECK_THROWS_WITH(offload::dnn::peak_flops_from_cores(4, 0.0, 8), Catch::Contains("'frequency_hz' = 0"));
    CHECK_THROWS_AS(offload::dnn::peak_flops_from_cores(4, inf, 8), offload::parameter_error);
    CHECK_THROWS_AS(offload::dnn::peak_flops_from_cores(4, qnan, 8), offload::parameter_error);
    CHECK_THROWS_WITH(offload::dnn::peak_flops_from_cores(4, 1e9, -1), Catch::Contains("'flops_per_cycle' = -1"));
    CHECK_THROWS_AS(offload::dnn::peak_flops_from_cores(4, 1e9, qnan), offload::parameter_error);
}

TEST_CASE("hardware_profile: accessors return the validated spec", "[hardware]") {
    const hardware_profile p(base_spec());
    CHECK(p.name() == "test device");
    CHECK(name(p) == "test device");
    CHECK(source(p) == "hand-made");
    CHECK(p.peak_flops(dtype::fp32) == 100e9);
    CHECK(p.peak_flops(dtype::fp16) == 200e9);
    CHECK(p.peak_flops(dtype::int8) == 0.0);
    CHECK(memory_bandwidth(p) == 10e9);
    CHECK(layer_overhead(p) == 5e-6);
    CHECK(p.compute_efficiency(op_class::depthwise_conv) == 0.1);
    CHECK(p.compute_efficiency(op_class::dense_conv) == 1.0);
    CHECK(p.memory_efficiency(op_class::elementwise) == 0.5);
    CHECK(p.spec().peak_fp16 == 200e9);
    // precomputed reciprocals
    CHECK(p.seconds_per_flop(op_class::depthwise_conv, dtype::fp32) == rel(1.0 / (0.1 * 100e9)));
    CHECK(p.seconds_per_flop(op_class::dense_conv, dtype::fp16) == rel(1.0 / 200e9));
    CHECK(p.seconds_per_byte(op_class::elementwise) == rel(1.0 / (0.5 * 10e9)));
    CHECK(p.seconds_per_byte(op_class::pooling) == rel(1.0 / 10e9));
}

TEST_CASE("hardware_profile: peaks per dtype, stated and not stated", "[hardware]") {
    const hardware_profile p(base_spec());
    CHECK(has_peak(p, dtype::fp32));
    CHECK(has_peak(p, dtype::fp16));
    CHECK_FALSE(has_peak(p, dtype::int8));
    CHECK_FALSE(has_peak(p, static_cast<dtype>(7)));
    CHECK(peak_flops(p, dtype::fp16) == 200e9);
    CHECK_THROWS_WITH(peak_flops(p, dtype::int8), Catch::Contains("offload::dnn::peak_flops") &&
                                                      Catch::Contains("'dtype' = int8") &&
                                                      Catch::Contains("test device"));
    CHECK_THROWS_WITH(peak_flops(p, static_cast<dtype>(7)), Catch::Contains("'dtype' = 7"));
}

TEST_CASE("hardware_profile: roofline helpers", "[hardware]") {
    const hardware_profile p(base_spec());
    CHECK(effective_flops(p, op_class::depthwise_conv, dtype::fp32) == rel(10e9));
    CHECK(effective_flops(p, op_class::dense_conv, dtype::fp16) == rel(200e9));
    CHECK(effective_bandwidth(p, op_class::elementwise) == rel(5e9));
    CHECK(effective_bandwidth(p, op_class::dense_conv) == rel(10e9));
    // ridge point: 100 GFLOP/s over 10 GB/s = 10 FLOPs/byte; depthwise: 10 GFLOP/s / 10 GB/s = 1
    CHECK(ridge_intensity(p, op_class::dense_conv, dtype::fp32) == rel(10.0));
    CHECK(ridge_intensity(p, op_class::depthwise_conv, dtype::fp32) == rel(1.0));
    CHECK(attainable_flops(p, op_class::dense_conv, dtype::fp32, 2.0) == rel(20e9));   // memory roof
    CHECK(attainable_flops(p, op_class::dense_conv, dtype::fp32, 10.0) == rel(100e9)); // at the ridge
    CHECK(attainable_flops(p, op_class::dense_conv, dtype::fp32, 50.0) == rel(100e9)); // compute roof
    CHECK(attainable_flops(p, op_class::dense_conv, dtype::fp32, 0.0) == 0.0);
    // monotone non-decreasing in intensity
    double previous = 0.0;
    for (double intensity = 0.0; intensity < 40.0; intensity += 0.5) {
        const double f = attainable_flops(p, op_class::dense_conv, dtype::fp32, intensity);
        CHECK(f >= previous);
        previous = f;
    }
}

TEST_CASE("hardware_profile: roofline helpers reject bad inputs", "[hardware][errors]") {
    const hardware_profile p(base_spec());
    CHECK_THROWS_WITH(attainable_flops(p, op_class::dense_conv, dtype::fp32, -1.0),
                      Catch::Contains("'intensity' = -1"));
    CHECK_THROWS_AS(attainable_flops(p, op_class::dense_conv, dtype::fp32, qnan), offload::parameter_error);
    CHECK_THROWS_AS(attainable_flops(p, op_class::dense_conv, dtype::int8, 1.0), offload::parameter_error);
    CHECK_THROWS_WITH(effective_flops(p, static_cast<op_class>(42), dtype::fp32), Catch::Contains("'op_class' = 42"));
    CHECK_THROWS_AS(effective_bandwidth(p, static_cast<op_class>(11)), offload::parameter_error);
    CHECK_THROWS_AS(ridge_intensity(p, op_class::pooling, dtype::int8), offload::parameter_error);
}

TEST_CASE("hardware_profile: every bad field is named", "[hardware][errors]") {
    const auto make = [](auto modify) {
        hardware_spec s = base_spec();
        modify(s);
        return hardware_profile(s);
    };
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.name.clear(); }),
                      Catch::Contains("offload::dnn::hardware_profile") && Catch::Contains("'name'"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.peak_fp32 = -1.0; }), Catch::Contains("'peak_fp32' = -1"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.peak_fp16 = qnan; }), Catch::Contains("'peak_fp16' = nan"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.peak_int8 = inf; }), Catch::Contains("'peak_int8' = inf"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.peak_fp32 = s.peak_fp16 = s.peak_int8 = 0.0; }),
                      Catch::Contains("at least one of peak_fp32, peak_fp16, peak_int8"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.memory_bandwidth = 0.0; }),
                      Catch::Contains("'memory_bandwidth' = 0"));
    CHECK_THROWS_AS(make([](hardware_spec& s) { s.memory_bandwidth = inf; }), offload::parameter_error);
    CHECK_THROWS_AS(make([](hardware_spec& s) { s.memory_bandwidth = qnan; }), offload::parameter_error);
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.layer_overhead = -1e-6; }),
                      Catch::Contains("'layer_overhead' = -9.99"));
    CHECK_THROWS_AS(make([](hardware_spec& s) { s.layer_overhead = qnan; }), offload::parameter_error);
    CHECK_THROWS_AS(make([](hardware_spec& s) { s.layer_overhead = inf; }), offload::parameter_error);
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.compute_efficiency[2] = 0.0; }),
                      Catch::Contains("'compute_efficiency[depthwise_conv]' = 0") && Catch::Contains("(0, 1]"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.compute_efficiency[0] = 1.5; }),
                      Catch::Contains("'compute_efficiency[dense_conv]' = 1.5"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.memory_efficiency[10] = qnan; }),
                      Catch::Contains("'memory_efficiency[data_movement]' = nan"));
    CHECK_THROWS_WITH(make([](hardware_spec& s) { s.memory_efficiency[4] = -0.5; }),
                      Catch::Contains("'memory_efficiency[elementwise]' = -0.5"));
    // boundary values are accepted: eta = 1, overhead = 0, a single stated peak
    CHECK_NOTHROW(make([](hardware_spec& s) {
        s.layer_overhead = 0.0;
        s.peak_fp32 = 0.0;
        s.peak_fp16 = 0.0;
        s.peak_int8 = 1e12;
        s.compute_efficiency = offload::dnn::uniform_values(1.0);
    }));
}

TEST_CASE("hardware_profile: spec() round-trips into an equal profile", "[hardware]") {
    const hardware_profile p(base_spec());
    hardware_spec s = p.spec();
    s.layer_overhead = 1e-5;
    const hardware_profile q(s);
    CHECK(q.layer_overhead() == 1e-5);
    CHECK(q.compute_efficiency(op_class::depthwise_conv) == p.compute_efficiency(op_class::depthwise_conv));
    CHECK(q.seconds_per_flop(op_class::depthwise_conv, dtype::fp32) ==
          p.seconds_per_flop(op_class::depthwise_conv, dtype::fp32));
}
