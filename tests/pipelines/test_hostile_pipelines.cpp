// tests/pipelines/test_hostile_pipelines.cpp — issue 18: the pipelines at hostile arguments. #8: the latency
// distribution's cdf at t = NaN names t (was about 1), at +inf is 1; #17: a transfer time that underflows
// names the caller's payload and link, not the NIC stage's internal 'demand.mean_seconds'.
#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/policy/estimators.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"

namespace {
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
} // namespace

TEST_CASE("hostile #8: end_to_end_time cdf rejects NaN and answers +-inf", "[pipelines][hostile]") {
    const offload::offload_pipeline<offload::md1, offload::mm1> p(
        offload::arrival_process(2.0), offload::service_demand(0.05), offload::network_link(1e6, 0.001),
        offload::payload(1e4, 1e3));
    const auto d = latency_distribution(p);
    CHECK_THROWS_WITH(cdf(d, nan_value), Catch::Contains("'t' = nan"));
    CHECK_THROWS_AS(cdf_bounds(d, nan_value), offload::parameter_error);
    CHECK(cdf(d, -inf) == 0.0);
    CHECK(cdf(d, inf) == Approx(1.0).margin(1e-8));
    CHECK(cdf(d, 1e308) == cdf(d, inf));
    CHECK(cdf_bounds(d, inf).second == Approx(1.0).margin(1e-12));
}

TEST_CASE("hostile #17: a transfer time that underflows names the payload, not the NIC stage's demand",
          "[pipelines][hostile]") {
    using pipeline = offload::offload_pipeline<offload::md1, offload::mm1>;
    const auto build = [](double request_bytes, double result_bytes, double bandwidth) {
        return pipeline(offload::arrival_process(1.0), offload::service_demand(0.05), offload::network_link(bandwidth),
                        offload::payload(request_bytes, result_bytes));
    };
    CHECK_THROWS_WITH(build(1e-300, 1.0, 1e300),
                      Catch::Contains("offload::offload_pipeline") && Catch::Contains("'sizes.request_bytes'") &&
                          Catch::Contains("= 1e-300 bytes over 1.0000000000000001e+300 bytes/s") &&
                          !Catch::Contains("demand.mean_seconds"));
    CHECK_THROWS_WITH(build(1.0, 1e-300, 1e300), Catch::Contains("'sizes.result_bytes'"));
    CHECK_THROWS_WITH(build(1e300, 1.0, 1e-300), Catch::Contains("'sizes.request_bytes'"));
    CHECK_NOTHROW(build(1.0, 0.0, 1e300)); // no result travels back: no downlink to check
}

TEST_CASE("hostile #17: with_* name their own parameter when a stage rejects the derived quantity",
          "[pipelines][hostile]") {
    using pipeline = offload::offload_pipeline<offload::md1, offload::mm1>;
    const pipeline p(offload::arrival_process(1.0), offload::service_demand(0.05), offload::network_link(1e6),
                     offload::payload(1e4, 1e3));
    // 1e4 bytes over 5e-324 bytes/s overflows to an infinite transfer time inside the NIC stage
    CHECK_THROWS_WITH(with_bandwidth(p, 5e-324),
                      Catch::StartsWith("offload: offload::with_bandwidth: parameter "
                                        "'bandwidth' = 4.9406564584124654e-324 is invalid") &&
                          Catch::Contains("(from offload::offload_pipeline"));
    CHECK_THROWS_WITH(with_request_bytes(p, 5e-324),
                      Catch::StartsWith("offload: offload::with_request_bytes: parameter 'request_bytes'"));
    CHECK_NOTHROW(with_bandwidth(p, 2e6));
    // the helper itself: other exception types pass through, a parameter_error is renamed with the reason kept
    CHECK_THROWS_WITH(
        offload::detail::with_parameter_context(
            "offload::f", "x", 2.0, [] { return offload::detail::require_positive(-1.0, "offload::g", "y"); }),
        Catch::Equals("offload: offload::f: parameter 'x' = 2 is invalid: must be finite and > 0 "
                      "(from offload::g: 'y' = -1)"));
    CHECK_THROWS_AS(
        offload::detail::with_parameter_context("offload::f", "x", 2.0, []() -> int { throw std::runtime_error("r"); }),
        std::runtime_error);
    CHECK(offload::detail::with_parameter_context("offload::f", "x", 2.0, [] { return 3; }) == 3);
}

TEST_CASE("hostile #14: tenant mixes are bounded before they allocate", "[pipelines][hostile]") {
    const offload::tenant_demand t(1.0, 0.01, 1.0);
    CHECK_THROWS_WITH(offload::tenant_mix::replicate(t, 10'000'000), Catch::Contains("'count' = 10000000"));
    CHECK(offload::tenant_mix::replicate(t, 3).tenants().size() == 3);
    const auto mix = offload::tenant_mix::replicate(t, 2);
    CHECK_THROWS_WITH(mix.with(t, 999'999), Catch::Contains("at most 10^6 tenants"));
    CHECK(mix.with(t, 999'998).tenants().size() == 1'000'000);
}

TEST_CASE("hostile #14: a sliding window's capacity is bounded before it allocates", "[pipelines][hostile]") {
    CHECK_THROWS_WITH(offload::sliding_window_rate(10.0, std::size_t{1} << 31),
                      Catch::Contains("'capacity' = 2147483648") && Catch::Contains("[2, 2^24]"));
    CHECK_THROWS_WITH(offload::sliding_window_rate(10.0, 1), Catch::Contains("'capacity' = 1"));
    CHECK_NOTHROW(offload::sliding_window_rate(10.0, 2));
}

TEST_CASE("hostile #17: a transfer time whose inverse overflows names the payload, not the NIC's service time",
          "[pipelines][hostile]") {
    using pipeline = offload::offload_pipeline<offload::md1, offload::mm1>;
    const auto build = [](double request_bytes, double result_bytes) {
        return pipeline(offload::arrival_process(1.0), offload::service_demand(0.05), offload::network_link(0.5),
                        offload::payload(request_bytes, result_bytes));
    };
    // 5e-324 bytes over 0.5 bytes/s is 1e-323 s > 0, but the NIC's rate 1 / 1e-323 overflows
    CHECK_THROWS_WITH(build(5e-324, 1.0), Catch::Contains("'sizes.request_bytes'") &&
                                              Catch::Contains("finite inverse") &&
                                              !Catch::Contains("mean_service_time"));
    CHECK_THROWS_WITH(build(1.0, 5e-324), Catch::Contains("'sizes.result_bytes'"));
    CHECK_NOTHROW(build(1e-300, 1.0)); // 2e-300 s: small, but its inverse is finite
}
