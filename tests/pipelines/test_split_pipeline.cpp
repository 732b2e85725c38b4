#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/pipelines/stage_defaults.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"
#include "raw_demand.hpp"

using offload::md1;
using offload::mm1;
using offload::network_link;
using offload::payload;
using offload::service_demand;
using offload::split_pipeline;
using offload::test::rel;

TEST_CASE("split_pipeline: the tandem of the device part and the offload of the intermediate tensor",
          "[pipelines][split]") {
    // lambda = 2; device part 0.05 s (M/D/1), D_inter = 20 kB over 1 MB/s (n = 0.02 s, mu = 50),
    // edge part 0.01 s (M/D/1), D_res = 1 kB (0.001 s, mu = 1000), 1 ms propagation each way
    const network_link link(1.0e6, 0.001);
    const split_pipeline<md1, md1, mm1> p(2.0, service_demand{0.05, 0.0, 1.0}, service_demand{0.01, 0.0, 1.0}, link,
                                          payload(2.0e4, 1.0e3));
    const offload::latency_breakdown b = breakdown(p);
    CHECK(b.device_wait == rel(0.1 * 0.05 / (2.0 * 0.9)));
    CHECK(b.device_service == rel(0.05));
    CHECK(b.uplink_wait == rel(0.04 / 48.0));
    CHECK(b.uplink_transfer == rel(0.02));
    CHECK(b.remote_wait == rel(0.02 * 0.01 / (2.0 * 0.98)));
    CHECK(b.remote_service == rel(0.01));
    CHECK(b.downlink_wait == rel(0.002 / 998.0));
    CHECK(b.downlink_transfer == rel(0.001));
    CHECK(b.propagation == rel(0.002));
    // = on-device part + offload part
    const offload::on_device_pipeline<md1> device_part(2.0, service_demand{0.05, 0.0, 1.0});
    CHECK(mean_latency(p) == rel(mean_latency(device_part) + mean_latency(p.remote_part())));
    CHECK(is_stable(p));
    const offload::end_to_end_time d = latency_distribution(p);
    CHECK(d.stage_count() == 4);
    CHECK(mean(d) == rel(mean_latency(p)));
    const double p99 = offload::latency_quantile(p, 0.99);
    CHECK(p99 > mean_latency(p));
    CHECK(p99 >= quantile_bounds(d, 0.99).first);
    CHECK(p99 <= quantile_bounds(d, 0.99).second);
}

TEST_CASE("split_pipeline: a later split point sends a bigger tensor (seed Fig. 5a)", "[pipelines][split]") {
    const network_link link(offload::megabits_per_second(50.0));
    auto latency = [&](double device_part, double inter_bytes) {
        return mean_latency(offload::dnn_split(2.0, service_demand{device_part, 0.0, 1.0},
                                               service_demand{0.006 - 0.3 * device_part, 0.0, 1.0}, link,
                                               payload(inter_bytes, 4000.0)));
    };
    CHECK(latency(0.004, 2.0e5) < latency(0.008, 8.0e5));
}

TEST_CASE("split_pipeline: results at the edge, instability, bad input", "[pipelines][split][errors]") {
    const network_link link(1.0e6);
    const split_pipeline<md1, md1, mm1> remote(2.0, service_demand{0.05, 0.0, 1.0}, service_demand{0.01, 0.0, 1.0},
                                               link, payload(2.0e4, 1.0e3), offload::result_destination::remote);
    CHECK_FALSE(remote.has_downlink());
    CHECK(breakdown(remote).downlink_transfer == 0.0);
    CHECK(latency_distribution(remote).stage_count() == 3);
    const split_pipeline<md1, md1, mm1> overloaded(30.0, service_demand{0.05, 0.0, 1.0}, service_demand{0.01, 0.0, 1.0},
                                                   link, payload(2.0e4, 1.0e3));
    CHECK_FALSE(is_stable(overloaded));
    CHECK(mean_latency(overloaded) == std::numeric_limits<double>::infinity());
    CHECK(offload::latency_quantile(overloaded, 0.5) == std::numeric_limits<double>::infinity());
    using S = split_pipeline<md1, md1, mm1>;
    CHECK_THROWS_WITH(
        S(1.0, offload::test::raw_demand(0.0, 0.0, 1.0), service_demand{0.01, 0.0, 1.0}, link, payload(1.0, 1.0)),
        Catch::Contains("'device_part.mean_seconds' = 0"));
    CHECK_THROWS_WITH(
        S(1.0, offload::test::raw_demand(0.1, -1.0, 1.0), service_demand{0.01, 0.0, 1.0}, link, payload(1.0, 1.0)),
        Catch::Contains("'device_part.scv' = -1"));
    CHECK_THROWS_WITH(
        S(1.0, offload::test::raw_demand(0.1, 0.0, 0.0), service_demand{0.01, 0.0, 1.0}, link, payload(1.0, 1.0)),
        Catch::Contains("'device_part.parallelism' = 0"));
    CHECK_THROWS_WITH(S(-1.0, service_demand{0.1, 0.0, 1.0}, service_demand{0.01, 0.0, 1.0}, link, payload(1.0, 1.0)),
                      Catch::Contains("offload::arrival_process") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_AS(offload::latency_quantile(remote, 0.0), offload::parameter_error);
}

TEST_CASE("stage_defaults: the seed's stage per workload kind", "[pipelines][split]") {
    STATIC_REQUIRE(std::is_same_v<offload::stage_for<offload::service_kind::deterministic>, offload::k_parallel<md1>>);
    STATIC_REQUIRE(std::is_same_v<offload::stage_for<offload::service_kind::exponential>, offload::k_parallel<mm1>>);
    STATIC_REQUIRE(
        std::is_same_v<offload::stage_for<offload::service_kind::general>, offload::k_parallel<offload::mg1>>);
    // k = 1 reduces to the one-server model; k = 4 is the wait at rate 4 mu plus the full service time
    const offload::dnn_on_device one(2.0, service_demand{0.1, 0.0, 1.0});
    CHECK(mean_latency(one) == rel(mean_latency(offload::on_device_pipeline<md1>(2.0, service_demand{0.1, 0.0, 1.0}))));
    const offload::dnn_on_device four(8.0, service_demand{0.1, 0.0, 4.0});
    CHECK(mean_latency(four) == rel(0.1 + 0.2 * 0.025 / (2.0 * 0.8)));
    // general stage with scv = 1 has the M/M/1 mean
    const offload::general_on_device g(4.0, service_demand{0.2, 1.0, 1.0});
    const offload::llm_on_device e(4.0, service_demand{0.2, 1.0, 1.0});
    CHECK(mean_latency(g) == rel(mean_latency(e)));
    CHECK(mean_latency(e) == rel(1.0));
}
