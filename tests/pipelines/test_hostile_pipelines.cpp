// tests/pipelines/test_hostile_pipelines.cpp — issue 18: the pipelines at hostile arguments. #8: the latency
// distribution's cdf at t = NaN names t (was about 1), at +inf is 1; #17: a transfer time that underflows
// names the caller's payload and link, not the NIC stage's internal 'demand.mean_seconds'.
#include <limits>

#include <catch2/catch.hpp>

#include "offload/pipelines/offload_pipeline.hpp"
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
