#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/pipelines/latency_inversion.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/stage_defaults.hpp"
#include "offload/queues/gg1.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"
#include "raw_demand.hpp"

using offload::md1;
using offload::mm1;
using offload::network_link;
using offload::offload_pipeline;
using offload::payload;
using offload::result_destination;
using offload::service_demand;
using offload::test::rel;

namespace {
using tandem = offload_pipeline<mm1, mm1>; // every stage M/M/1: the end-to-end law is exact (Burke/Reich)

// lambda = 2/s over 5 Mbit/s: D_req = 62.5 kB (n_req = 0.1 s, mu = 10), D_res = 6.25 kB (0.01 s, mu = 100),
// edge s = 0.05 s (mu = 20), 5 ms propagation each way.
tandem example(double lambda = 2.0, double lambda_edge = 2.0) {
    const network_link link(offload::megabits_per_second(5.0), 0.005);
    return tandem(lambda, lambda_edge, service_demand{0.05, 1.0, 1.0}, link, link, payload(62500.0, 6250.0));
}

double hypoexponential_cdf(const std::vector<double>& r, double t) {
    double tail = 0.0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        double c = 1.0;
        for (std::size_t j = 0; j < r.size(); ++j)
            if (j != i) c *= r[j] / (r[j] - r[i]);
        tail += c * std::exp(-r[i] * t);
    }
    return 1.0 - tail;
}
} // namespace

TEST_CASE("offload_pipeline: seed eq. 1 term by term", "[pipelines][offload]") {
    const offload::latency_breakdown b = breakdown(example());
    CHECK(b.uplink_wait == rel(0.2 / 8.0)); // rho / (mu - lambda) at mu = 10
    CHECK(b.uplink_transfer == rel(0.1));
    CHECK(b.remote_wait == rel(0.1 / 18.0)); // at mu = 20
    CHECK(b.remote_service == rel(0.05));
    CHECK(b.downlink_wait == rel(0.02 / 98.0)); // at mu = 100
    CHECK(b.downlink_transfer == rel(0.01));
    CHECK(b.propagation == rel(0.01));
    CHECK(b.device_wait == 0.0);
    CHECK(b.device_service == 0.0);
    const double total = 1.0 / 8.0 + 1.0 / 18.0 + 1.0 / 98.0 + 0.01;
    CHECK(b.total == rel(total));
    CHECK(mean_latency(example()) == rel(total));
    CHECK(is_stable(example()));
}

TEST_CASE("offload_pipeline: tandem M/M/1 quantiles match the exact hypoexponential law", "[pipelines][offload]") {
    // Burke + Reich: sojourn times of a tandem of M/M/1 queues are independent exponentials
    const std::vector<double> rates{8.0, 18.0, 98.0};
    const offload::end_to_end_time d = latency_distribution(example());
    CHECK(mean(d) == rel(mean_latency(example())));
    for (double p : {0.5, 0.9, 0.99, 0.999}) {
        double lo = 0.0, hi = 20.0;
        for (int i = 0; i < 200; ++i) {
            const double mid = 0.5 * (lo + hi);
            (hypoexponential_cdf(rates, mid) < p ? lo : hi) = mid;
        }
        const double exact = 0.01 + 0.5 * (lo + hi);
        CHECK(offload::latency_quantile(example(), p) == rel(exact, 1e-5));
        const auto [lower, upper] = quantile_bounds(d, p);
        CHECK(lower <= exact);
        CHECK(exact <= upper);
    }
}

TEST_CASE("offload_pipeline: the edge's aggregate rate loads the edge queue and the edge NIC only",
          "[pipelines][offload]") {
    const offload::latency_breakdown b = breakdown(example(2.0, 6.0));
    CHECK(b.uplink_wait == rel(0.2 / 8.0));     // device NIC: still the device's 2/s
    CHECK(b.remote_wait == rel(0.3 / 14.0));    // edge: 6/s at mu = 20
    CHECK(b.downlink_wait == rel(0.06 / 94.0)); // edge NIC: 6/s at mu = 100
    CHECK(example(2.0, 6.0).remote_arrival_rate() == 6.0);
    // with_arrival_rate keeps the other tenants' 4/s
    const tandem moved = with_arrival_rate(example(2.0, 6.0), 3.0);
    CHECK(moved.arrival_rate() == 3.0);
    CHECK(moved.remote_arrival_rate() == rel(7.0));
}

TEST_CASE("offload_pipeline: results consumed at the edge skip the return path", "[pipelines][offload]") {
    const network_link link(offload::megabits_per_second(5.0), 0.005);
    const tandem p(2.0, service_demand{0.05, 1.0, 1.0}, link, payload(62500.0, 6250.0), result_destination::remote);
    CHECK_FALSE(p.has_downlink());
    const offload::latency_breakdown b = breakdown(p);
    CHECK(b.downlink_wait == 0.0);
    CHECK(b.downlink_transfer == 0.0);
    CHECK(b.propagation == rel(0.005));
    CHECK(b.total == rel(1.0 / 8.0 + 1.0 / 18.0 + 0.005));
    // two exponentials plus a shift
    const double p99 = offload::latency_quantile(p, 0.99);
    CHECK(hypoexponential_cdf({8.0, 18.0}, p99 - 0.005) == Approx(0.99).margin(1e-6));
    // D_res = 0: nothing to send back, the propagation back is still paid
    const tandem empty(2.0, service_demand{0.05, 1.0, 1.0}, link, payload(62500.0, 0.0));
    CHECK_FALSE(empty.has_downlink());
    CHECK(breakdown(empty).propagation == rel(0.01));
}

TEST_CASE("offload_pipeline: M/D/1 edge stage (seed DNN choice with k = 1)", "[pipelines][offload]") {
    const network_link link(offload::megabits_per_second(5.0));
    const offload_pipeline<md1, mm1> p(2.0, service_demand{0.05, 0.0, 1.0}, link, payload(62500.0, 6250.0));
    CHECK(breakdown(p).remote_wait == rel(0.1 * 0.05 / (2.0 * 0.9)));
    const offload::end_to_end_time d = latency_distribution(p);
    CHECK(mean(d) == rel(mean_latency(p)));
    CHECK(quantile(d, 0.5) < quantile(d, 0.99));
    CHECK(quantile(d, 0.99) >= 0.05);
}

TEST_CASE("offload_pipeline: deterministic NIC (M/D/1 transfer, a shaped link)", "[pipelines][offload]") {
    static_assert(std::is_same_v<offload::deterministic_nic_stage, md1>);
    const network_link link(offload::megabits_per_second(5.0), 0.005);
    const payload sizes(62500.0, 6250.0); // 0.1 s up, 0.01 s down
    const offload_pipeline<md1, offload::deterministic_nic_stage> p(2.0, service_demand{0.05, 0.0, 1.0}, link, sizes);
    const auto b = breakdown(p);
    CHECK(b.uplink_transfer == rel(0.1));
    CHECK(b.uplink_wait == rel(0.2 * 0.1 / (2.0 * 0.8))); // P-K with zero variance: rho s / (2 (1 - rho))
    CHECK(b.downlink_wait == rel(0.02 * 0.01 / (2.0 * 0.98)));
    CHECK(mean_latency(p) == rel(0.1 + 0.0125 + 0.05 + 0.1 * 0.05 / 1.8 + 0.01 + 0.0001 / 0.98 + 0.01));
    const double q99 = offload::latency_quantile(p, 0.99);
    CHECK(offload::latency_cdf(p, q99) == Approx(0.99).margin(1e-6));
    // Under a vanishing load every stage is a fixed delay: the p99 is the sum of the transfer, service and
    // propagation times (0.17 s) -- an M/M/1 NIC would put it at ~0.6 s (exponential transfers).
    const offload_pipeline<md1, md1> idle(1e-9, service_demand{0.05, 0.0, 1.0}, link, sizes);
    CHECK(offload::latency_quantile(idle, 0.99) == Approx(0.17).epsilon(1e-4));
    const offload_pipeline<md1, mm1> idle_mm1(1e-9, service_demand{0.05, 0.0, 1.0}, link, sizes);
    CHECK(offload::latency_quantile(idle_mm1, 0.99) > 0.5);
}

TEST_CASE("offload_pipeline: monotone in request rate and bandwidth", "[pipelines][offload]") {
    double previous = 0.0;
    for (double lambda = 0.0; lambda < 10.0; lambda += 0.25) {
        const double t = mean_latency(with_arrival_rate(example(0.0, 0.0), lambda));
        CHECK(t >= previous);
        previous = t;
    }
    CHECK((previous == std::numeric_limits<double>::infinity() || previous > 1.0));
    previous = std::numeric_limits<double>::infinity();
    for (double mbps = 1.0; mbps < 100.0; mbps *= 1.2) {
        const double t = mean_latency(with_bandwidth(example(), offload::megabits_per_second(mbps)));
        CHECK(t <= previous);
        previous = t;
    }
}

TEST_CASE("offload_pipeline: with_* modifiers", "[pipelines][offload]") {
    const tandem p = example();
    CHECK(with_request_bytes(p, 125000.0).sizes().request_bytes() == 125000.0);
    CHECK(breakdown(with_request_bytes(p, 125000.0)).uplink_transfer == rel(0.2));
    CHECK(breakdown(with_remote_service_time(p, 0.025)).remote_service == rel(0.025));
    const tandem loaded = with_remote_load(p, 10.0, service_demand{0.04, 1.0, 1.0});
    CHECK(breakdown(loaded).remote_wait == rel(0.4 / 15.0));
    const tandem fast = with_bandwidth(p, offload::megabits_per_second(50.0));
    CHECK(fast.uplink().bandwidth() == rel(6.25e6));
    CHECK(fast.downlink().propagation_delay() == rel(0.005));
}

TEST_CASE("offload_pipeline: unstable links and servers report +inf", "[pipelines][offload]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    // 1 Mbit/s: n_req = 0.5 s, the uplink can carry 2/s and gets 2/s
    const tandem slow = with_bandwidth(example(), offload::megabits_per_second(1.0));
    CHECK_FALSE(is_stable(slow));
    CHECK(breakdown(slow).uplink_wait == inf);
    CHECK(mean_latency(slow) == inf);
    CHECK(offload::latency_quantile(slow, 0.99) == inf);
    const tandem busy_edge = example(2.0, 20.0); // edge at rho = 1
    CHECK_FALSE(is_stable(busy_edge));
    CHECK(mean_latency(busy_edge) == inf);
    CHECK_FALSE(std::isnan(breakdown(busy_edge).total));
}

TEST_CASE("offload_pipeline: bad parameters", "[pipelines][offload][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const network_link link(1.0e6);
    const payload sizes(1000.0, 100.0);
    const service_demand edge{0.01, 1.0, 1.0};
    CHECK_THROWS_WITH(tandem(-1.0, edge, link, sizes),
                      Catch::Contains("offload::arrival_process") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_AS(tandem(nan, edge, link, sizes), offload::parameter_error);
    CHECK_THROWS_WITH(tandem(2.0, 1.0, edge, link, link, sizes), Catch::Contains("'remote_arrival_rate' = 1"));
    CHECK_THROWS_AS(tandem(2.0, nan, edge, link, link, sizes), offload::parameter_error);
    CHECK_THROWS_WITH(tandem(1.0, offload::test::raw_demand(0.0, 1.0, 1.0), link, sizes),
                      Catch::Contains("'remote.mean_seconds' = 0"));
    CHECK_THROWS_WITH(tandem(1.0, offload::test::raw_demand(0.1, -1.0, 1.0), link, sizes),
                      Catch::Contains("'remote.scv' = -1"));
    CHECK_THROWS_WITH(tandem(1.0, offload::test::raw_demand(0.1, 1.0, -3.0), link, sizes),
                      Catch::Contains("'remote.parallelism' = -3"));
    CHECK_THROWS_WITH(tandem(1.0, service_demand{0.1, 1.0, 2.0}, link, sizes),
                      Catch::Contains("demand.parallelism")); // M/M/1 has one server
    CHECK_THROWS_WITH(tandem(1.0, edge, link, sizes, static_cast<result_destination>(7)),
                      Catch::Contains("'destination' = 7"));
    const tandem p(1.0, edge, link, sizes);
    CHECK_THROWS_WITH(with_bandwidth(p, 0.0), Catch::Contains("'bandwidth' = 0"));
    CHECK_THROWS_AS(with_bandwidth(p, nan), offload::parameter_error);
    CHECK_THROWS_WITH(with_request_bytes(p, -5.0), Catch::Contains("'request_bytes' = -5"));
    CHECK_THROWS_WITH(with_remote_service_time(p, 0.0), Catch::Contains("'mean_seconds' = 0"));
    CHECK_THROWS_WITH(with_arrival_rate(p, -1.0),
                      Catch::Contains("offload::with_arrival_rate") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(offload::latency_quantile(p, 1.5), Catch::Contains("'level' = 1.5"));
    CHECK_THROWS_AS(with_remote_load(p, 0.5, edge), offload::parameter_error); // below this device's rate
}

TEST_CASE("offload_pipeline: bursty arrivals end to end through G/G/1 stages", "[pipelines][gg1]") {
    using offload::arrival_process;
    using offload::gg1;
    // interarrival scv 4 (bursty), a variable server (scv 0.5), exponential transfers (scv 1)
    const arrival_process bursty(2.0, 4.0);
    const service_demand server(0.1, 0.5);
    const offload::network_link link(1.0e6, 0.002);
    const offload::payload sizes(2.0e4, 1.0e4); // 0.02 s up, 0.01 s down
    const offload::offload_pipeline<gg1, gg1> p(bursty, server, link, sizes);
    const auto b = breakdown(p);
    // every stage is the G/G/1 alone at the pipeline's arrival process
    const gg1 up(2.0, 4.0, 0.02, 1.0), remote(2.0, 4.0, 0.1, 0.5), down(2.0, 4.0, 0.01, 1.0);
    CHECK(b.uplink_wait == rel(mean_wait(up), 1e-14));
    CHECK(b.remote_wait == rel(mean_wait(remote), 1e-14));
    CHECK(b.downlink_wait == rel(mean_wait(down), 1e-14));
    CHECK(b.remote_service == rel(0.1, 1e-15));
    CHECK(mean_latency(p) == rel(mean_response(up) + mean_response(remote) + mean_response(down) + 0.004, 1e-14));
    // burstiness costs: the same pipeline with Poisson arrivals waits less at every stage
    const offload::offload_pipeline<gg1, gg1> poisson(2.0, server, link, sizes);
    CHECK(breakdown(poisson).remote_wait < b.remote_wait);
    // Poisson arrivals: the G/G/1 remote stage is the exact M/G/1 (Pollaczek-Khinchine) mean
    CHECK(breakdown(poisson).remote_wait == rel(mean_wait(offload::mg1(2.0, 0.1, 0.5)), 1e-13));
    // a means-only pipeline: breakdown and mean, no distribution
    STATIC_REQUIRE(offload::mean_latency_pipeline<offload::offload_pipeline<gg1, gg1>>);
    STATIC_REQUIRE(!offload::latency_pipeline<offload::offload_pipeline<gg1, gg1>>);
    STATIC_REQUIRE(offload::latency_pipeline<offload::offload_pipeline<offload::md1, mm1>>);
    // on-device: the pipeline is gg1 alone
    const offload::on_device_pipeline<gg1> dev(bursty, service_demand(0.3, 2.0));
    CHECK(mean_latency(dev) == rel(mean_response(gg1(2.0, 4.0, 0.3, 2.0)), 1e-15));
    CHECK(with_arrival_rate(dev, 1.0).arrivals() == arrival_process(1.0, 4.0)); // the scv is kept
    // a Poisson-only NIC rejects the bursty process, naming the field
    CHECK_THROWS_WITH((offload::offload_pipeline<gg1, mm1>(bursty, server, link, sizes)),
                      Catch::Contains("offload::mm1::from_demand") && Catch::Contains("'arrivals.scv' = 4"));
}
