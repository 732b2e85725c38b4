#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/pipelines/breakdown.hpp"
#include "offload/pipelines/link.hpp"

using offload::network_link;
using offload::payload;
using offload::test::rel;

TEST_CASE("link: units and transmission time", "[pipelines][link]") {
    CHECK(offload::megabits_per_second(5.0) == rel(625000.0));
    const network_link link(offload::megabits_per_second(5.0), 0.002);
    CHECK(link.bandwidth() == rel(625000.0));
    CHECK(link.propagation_delay() == rel(0.002));
    // a 62.5 kB request over 5 Mbit/s takes 0.1 s
    CHECK(offload::transmission_time(link, 62500.0) == rel(0.1));
    const payload p(62500.0, 0.0);
    CHECK(p.request_bytes() == 62500.0);
    CHECK(p.result_bytes() == 0.0);
    static_assert(network_link(1.0).propagation_delay() == 0.0);
}

TEST_CASE("link: bad parameters", "[pipelines][link][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(network_link(0.0),
                      Catch::Contains("offload::network_link") && Catch::Contains("'bandwidth_bytes_per_second' = 0"));
    CHECK_THROWS_AS(network_link(nan), offload::parameter_error);
    CHECK_THROWS_AS(network_link(inf), offload::parameter_error);
    CHECK_THROWS_WITH(network_link(1.0, -1.0), Catch::Contains("'propagation_delay_seconds' = -1"));
    CHECK_THROWS_AS(network_link(1.0, inf), offload::parameter_error);
    CHECK_THROWS_WITH(payload(0.0, 1.0), Catch::Contains("'request_bytes' = 0"));
    CHECK_THROWS_WITH(payload(1.0, -2.0), Catch::Contains("'result_bytes' = -2"));
    CHECK_THROWS_AS(payload(nan, 1.0), offload::parameter_error);
}

TEST_CASE("breakdown: the total is the sum of the terms and +inf absorbs", "[pipelines][breakdown]") {
    offload::latency_breakdown b;
    b.device_wait = 0.5;
    b.uplink_transfer = 0.25;
    b.propagation = 0.125;
    CHECK(offload::detail::sum_terms(b) == 0.875);
    b.remote_wait = std::numeric_limits<double>::infinity();
    CHECK(offload::detail::sum_terms(b) == std::numeric_limits<double>::infinity());
}
