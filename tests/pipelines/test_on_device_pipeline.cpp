#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"
#include "raw_demand.hpp"

using offload::md1;
using offload::mm1;
using offload::on_device_pipeline;
using offload::service_demand;
using offload::test::rel;

TEST_CASE("on_device_pipeline: M/D/1 device, seed eq. 2 by hand", "[pipelines][on_device]") {
    // lambda = 2/s, s_dev = 0.1 s: rho = 0.2, w = rho s / (2 (1 - rho)) = 0.0125 s
    const on_device_pipeline<md1> p(2.0, service_demand{0.1, 0.0, 1.0});
    const offload::latency_breakdown b = breakdown(p);
    CHECK(b.device_wait == rel(0.0125));
    CHECK(b.device_service == rel(0.1));
    CHECK(b.uplink_wait == 0.0);
    CHECK(b.remote_service == 0.0);
    CHECK(b.propagation == 0.0);
    CHECK(b.total == rel(0.1125));
    CHECK(mean_latency(p) == rel(0.1125));
    CHECK(is_stable(p));
    CHECK(p.arrival_rate() == 2.0);
    CHECK(p.device_demand().mean_seconds == 0.1);
    // the distribution is the stage's own (exact for M/D/1)
    CHECK(offload::latency_quantile(p, 0.99) == rel(offload::response_quantile(md1(2.0, 0.1), 0.99)));
    CHECK(mean(latency_distribution(p)) == rel(0.1125));
}

TEST_CASE("on_device_pipeline: M/M/1 device (exponential service) by hand", "[pipelines][on_device]") {
    const on_device_pipeline<mm1> p(4.0, service_demand{0.2, 1.0, 1.0}); // mu = 5, T = 1/(5-4) = 1
    CHECK(mean_latency(p) == rel(1.0));
    CHECK(breakdown(p).device_wait == rel(0.8));
    CHECK(offload::latency_quantile(p, 0.99) == rel(std::log(100.0)));
}

TEST_CASE("on_device_pipeline: latency non-decreasing in the request rate", "[pipelines][on_device]") {
    const on_device_pipeline<md1> base(0.0, service_demand{0.05, 0.0, 1.0});
    double previous = 0.0;
    for (double lambda = 0.0; lambda < 25.0; lambda += 0.5) {
        const double t = mean_latency(with_arrival_rate(base, lambda));
        CHECK(t >= previous);
        previous = t;
    }
    CHECK(mean_latency(base) == rel(0.05)); // lambda = 0: only the service time
}

TEST_CASE("on_device_pipeline: device slowdown multiplies the service time", "[pipelines][on_device]") {
    const on_device_pipeline<md1> p(2.0, service_demand{0.1, 0.0, 1.0});
    const auto slow = with_device_slowdown(p, 2.0); // s = 0.2, rho = 0.4, w = 0.4*0.2/1.2
    CHECK(slow.device_demand().mean_seconds == rel(0.2));
    CHECK(mean_latency(slow) == rel(0.2 + 0.4 * 0.2 / 1.2));
    CHECK(mean_latency(with_device_slowdown(p, 1.0)) == rel(mean_latency(p)));
}

TEST_CASE("on_device_pipeline: an overloaded device reports +inf, never NaN", "[pipelines][on_device]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (double lambda : {10.0, 50.0}) {
        const on_device_pipeline<md1> p(lambda, service_demand{0.1, 0.0, 1.0});
        CHECK_FALSE(is_stable(p));
        CHECK(mean_latency(p) == inf);
        CHECK(breakdown(p).device_wait == inf);
        CHECK(breakdown(p).device_service == rel(0.1));
        CHECK(offload::latency_quantile(p, 0.5) == inf);
    }
}

TEST_CASE("on_device_pipeline: bad parameters", "[pipelines][on_device][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    using P = on_device_pipeline<md1>;
    CHECK_THROWS_WITH(P(-1.0, service_demand{0.1, 0.0, 1.0}),
                      Catch::Contains("offload::arrival_process") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_AS(P(nan, service_demand{0.1, 0.0, 1.0}), offload::parameter_error);
    CHECK_THROWS_WITH(P(1.0, offload::test::raw_demand(0.0, 0.0, 1.0)), Catch::Contains("'device.mean_seconds' = 0"));
    CHECK_THROWS_WITH(P(1.0, offload::test::raw_demand(0.1, -1.0, 1.0)), Catch::Contains("'device.scv' = -1"));
    CHECK_THROWS_WITH(P(1.0, offload::test::raw_demand(0.1, 0.0, 0.0)), Catch::Contains("'device.parallelism' = 0"));
    // the stage model rejects what it cannot represent (M/D/1 has one server)
    CHECK_THROWS_WITH(P(1.0, service_demand{0.1, 0.0, 2.0}), Catch::Contains("demand.parallelism"));
    const P p(1.0, service_demand{0.1, 0.0, 1.0});
    CHECK_THROWS_WITH(with_device_slowdown(p, 0.0), Catch::Contains("'factor' = 0"));
    CHECK_THROWS_AS(with_device_slowdown(p, nan), offload::parameter_error);
    CHECK_THROWS_AS(with_arrival_rate(p, -2.0), offload::parameter_error);
    CHECK_THROWS_AS(offload::latency_quantile(p, 1.0), offload::parameter_error);
}

TEST_CASE("service_demand validates itself; arrival_process is a rate and an interarrival scv",
          "[pipelines][concepts]") {
    const service_demand d(0.1, 0.5, 2.0);
    CHECK(d.mean_seconds == 0.1);
    CHECK(d == service_demand{0.1, 0.5, 2.0});
    CHECK(service_demand(0.1) == service_demand(0.1, 0.0, 1.0)); // deterministic, one server by default
    CHECK_THROWS_WITH(service_demand(0.0),
                      Catch::Contains("offload::service_demand") && Catch::Contains("'mean_seconds' = 0"));
    CHECK_THROWS_WITH(service_demand(0.1, -1.0), Catch::Contains("'scv' = -1"));
    CHECK_THROWS_WITH(service_demand(0.1, 0.0, 0.5), Catch::Contains("'parallelism' = 0.5"));
    CHECK_THROWS_AS(service_demand(std::nan(""), 0.0), offload::parameter_error);
    const offload::arrival_process poisson = 2.0; // implicit: a plain rate is Poisson
    CHECK(poisson.rate == 2.0);
    CHECK(poisson.is_poisson());
    CHECK_FALSE(offload::arrival_process(2.0, 4.0).is_poisson());
    CHECK_THROWS_WITH(offload::arrival_process(2.0, -1.0), Catch::Contains("'scv' = -1"));
    // a Poisson-only stage rejects a bursty process, naming the field
    CHECK_THROWS_WITH(on_device_pipeline<md1>(offload::arrival_process(1.0, 2.0), service_demand(0.1)),
                      Catch::Contains("offload::md1::from_demand") && Catch::Contains("'arrivals.scv' = 2"));
}
