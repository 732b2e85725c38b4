#include <cmath>
#include <limits>
#include <random>

#include <catch2/catch.hpp>

#include "offload/pipelines/lemmas.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

using offload::lemma_inputs;
using offload::md1;
using offload::mg1;
using offload::mm1;
using offload::multi_tenant_lemma_inputs;
using offload::network_link;
using offload::offload_pipeline;
using offload::on_device_pipeline;
using offload::payload;
using offload::service_demand;

// The stage models the lemmas assume: k = 1 sweeps with md1/mm1/mg1, k != 1 with the seed's k_parallel<...>.

namespace {

struct totals {
    double device;
    double offload;
};

template <class DeviceStage, class EdgeStage>
totals pipeline_totals(const lemma_inputs& in, double device_scv, double edge_scv) {
    const on_device_pipeline<DeviceStage> dev(in.arrival_rate, service_demand{in.device_service_time, device_scv, 1.0});
    const offload_pipeline<EdgeStage, mm1> off(in.arrival_rate, service_demand{in.edge_service_time, edge_scv, 1.0},
                                               network_link(in.bandwidth), payload(in.request_bytes, in.result_bytes));
    return {mean_latency(dev), mean_latency(off)};
}

totals multi_tenant_totals(const multi_tenant_lemma_inputs& in) {
    const on_device_pipeline<md1> dev(in.device_arrival_rate, service_demand{in.device_service_time, 0.0, 1.0});
    const double scv = in.edge_service_variance / (in.edge_service_time * in.edge_service_time);
    const network_link link(in.bandwidth);
    const offload_pipeline<mg1, mm1> off(in.device_arrival_rate, in.edge_arrival_rate,
                                         service_demand{in.edge_service_time, scv, 1.0}, link, link,
                                         payload(in.request_bytes, in.result_bytes));
    return {mean_latency(dev), mean_latency(off)};
}

// true when the two totals are too close for any floating-point evaluation order to be trusted
bool within_tie_band(const totals& t) {
    return std::isfinite(t.device) && std::isfinite(t.offload) &&
           std::abs(t.device - t.offload) <= 1e-12 * std::max(t.device, t.offload);
}

lemma_inputs random_inputs(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    auto log_uniform = [&](double lo, double hi) { return lo * std::pow(hi / lo, u(rng)); };
    lemma_inputs in;
    in.arrival_rate = u(rng) < 0.05 ? 0.0 : log_uniform(0.1, 30.0);
    in.device_service_time = log_uniform(0.002, 0.5);
    in.edge_service_time = log_uniform(0.0005, 0.2);
    in.bandwidth = log_uniform(1.0e4, 1.0e8);
    in.request_bytes = log_uniform(1.0e3, 1.0e6);
    in.result_bytes = u(rng) < 0.1 ? 0.0 : log_uniform(10.0, 1.0e5);
    return in;
}

} // namespace

TEST_CASE("Lemma 3.1 agrees with comparing the pipeline totals (random sweep)", "[lemmas]") {
    std::mt19937_64 rng(31);
    int loses = 0, wins = 0, unstable = 0, ties = 0;
    for (int i = 0; i < 20000; ++i) {
        const lemma_inputs in = random_inputs(rng);
        const totals t = pipeline_totals<md1, md1>(in, 0.0, 0.0);
        if (within_tie_band(t)) {
            ++ties;
            continue;
        }
        const bool expected = t.device < t.offload;
        INFO("lambda=" << in.arrival_rate << " s_dev=" << in.device_service_time << " s_edge=" << in.edge_service_time
                       << " B=" << in.bandwidth << " D_req=" << in.request_bytes << " D_res=" << in.result_bytes);
        REQUIRE(offload::offloading_loses_deterministic_service(in) == expected);
        (expected ? loses : wins) += 1;
        if (!std::isfinite(t.device) || !std::isfinite(t.offload)) ++unstable;
    }
    // the sweep covers both verdicts and the unstable cases
    CHECK(loses > 1000);
    CHECK(wins > 1000);
    CHECK(unstable > 500);
    CHECK(ties < 5);
}

TEST_CASE("Lemma 3.3 agrees with comparing the pipeline totals (random sweep)", "[lemmas]") {
    std::mt19937_64 rng(33);
    int loses = 0, wins = 0;
    for (int i = 0; i < 20000; ++i) {
        const lemma_inputs in = random_inputs(rng);
        const totals t = pipeline_totals<mm1, mm1>(in, 1.0, 1.0);
        if (within_tie_band(t)) continue;
        const bool expected = t.device < t.offload;
        REQUIRE(offload::offloading_loses_exponential_service(in) == expected);
        (expected ? loses : wins) += 1;
    }
    CHECK(loses > 1000);
    CHECK(wins > 1000);
}

TEST_CASE("Lemma 3.2 agrees with comparing the pipeline totals (random multi-tenant sweep)", "[lemmas]") {
    std::mt19937_64 rng(32);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int loses = 0, wins = 0;
    for (int i = 0; i < 20000; ++i) {
        const lemma_inputs base = random_inputs(rng);
        // the edge serves this device plus 0-20 other tenants with their own service times
        std::vector<offload::tenant_demand> tenants{
            offload::tenant_demand(base.arrival_rate + 0.01, base.edge_service_time, 0.0)};
        const int others = static_cast<int>(u(rng) * 20.0);
        for (int j = 0; j < others; ++j)
            tenants.emplace_back(u(rng) * 3.0, base.edge_service_time * (0.2 + 3.0 * u(rng)), u(rng) * 2.0);
        const offload::tenant_mix mix(tenants);
        const service_demand agg = offload::aggregate_demand(mix);
        multi_tenant_lemma_inputs in;
        in.device_arrival_rate = base.arrival_rate + 0.01;
        in.edge_arrival_rate = offload::total_arrival_rate(mix);
        in.device_service_time = base.device_service_time;
        in.edge_service_time = agg.mean_seconds;
        in.edge_service_variance = offload::aggregate_service_variance(mix);
        in.bandwidth = base.bandwidth;
        in.request_bytes = base.request_bytes;
        in.result_bytes = base.result_bytes;
        const totals t = multi_tenant_totals(in);
        if (within_tie_band(t)) continue;
        const bool expected = t.device < t.offload;
        INFO("lambda_dev=" << in.device_arrival_rate << " lambda_edge=" << in.edge_arrival_rate
                           << " s_edge=" << in.edge_service_time << " var=" << in.edge_service_variance);
        REQUIRE(offload::offloading_loses_multi_tenant(in) == expected);
        (expected ? loses : wins) += 1;
    }
    CHECK(loses > 1000);
    CHECK(wins > 1000);
}

TEST_CASE("Lemmas agree with the totals just either side of equality", "[lemmas]") {
    std::mt19937_64 rng(34);
    int checked = 0;
    for (int i = 0; i < 2000 && checked < 300; ++i) {
        lemma_inputs in = random_inputs(rng);
        const totals t = pipeline_totals<md1, md1>(in, 0.0, 0.0);
        if (!std::isfinite(t.offload) || in.arrival_rate == 0.0) continue;
        // the device service time at which T_dev = T_off (T_dev increases with s_dev), by bisection
        double lo = 1e-9, hi = 1.0 / in.arrival_rate;
        if (!(mean_latency(on_device_pipeline<md1>(in.arrival_rate, service_demand{lo, 0.0, 1.0})) < t.offload))
            continue;
        for (int k = 0; k < 200; ++k) {
            const double mid = 0.5 * (lo + hi);
            const double td = mean_latency(on_device_pipeline<md1>(in.arrival_rate, service_demand{mid, 0.0, 1.0}));
            (td < t.offload ? lo : hi) = mid;
        }
        for (double factor : {1.0 - 1e-9, 1.0 + 1e-9, 1.0 - 1e-6, 1.0 + 1e-6}) {
            in.device_service_time = 0.5 * (lo + hi) * factor;
            const totals near = pipeline_totals<md1, md1>(in, 0.0, 0.0);
            if (within_tie_band(near)) continue;
            CHECK(offload::offloading_loses_deterministic_service(in) == (near.device < near.offload));
            ++checked;
        }
    }
    CHECK(checked >= 300);
}

TEST_CASE("Lemma 3.1 by hand and the instability rules", "[lemmas]") {
    // lambda = 2, s_dev = 0.1, s_edge = 0.05, B = 1e6, D_req = 1e4 (mu = 100), D_res = 1e3 (mu = 1000)
    lemma_inputs in{2.0, 0.1, 0.05, 1.0, 1.0, 1.0e6, 1.0e4, 1.0e3};
    // rhs = 2/(100*98) + 2/(1000*998) + 0.011 + (1/(20-2) - 1/20)/2 - (1/(10-2) - 1/10)/2 = 0.00364...
    // lhs = 0.05 > rhs: offloading wins
    CHECK_FALSE(offload::offloading_loses_deterministic_service(in));
    in.edge_service_time = 0.099; // lhs = 0.001 < rhs
    CHECK(offload::offloading_loses_deterministic_service(in));
    // the uplink cannot carry lambda: offloading loses whatever the service times
    in = lemma_inputs{2.0, 0.1, 0.0001, 1.0, 1.0, 1.0e4, 1.0e4, 1.0e3};
    CHECK(offload::offloading_loses_deterministic_service(in));
    CHECK(offload::offloading_loses_exponential_service(in));
    // the device cannot keep up: offloading does not lose (it wins, or both are unstable)
    in = lemma_inputs{20.0, 0.1, 0.01, 1.0, 1.0, 1.0e6, 1.0e4, 1.0e3};
    CHECK_FALSE(offload::offloading_loses_deterministic_service(in));
    in.bandwidth = 1.0e4; // both unstable
    CHECK_FALSE(offload::offloading_loses_deterministic_service(in));
    CHECK_FALSE(offload::offloading_loses_exponential_service(in));
}

TEST_CASE("Lemmas: bad parameters", "[lemmas][errors]") {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    const lemma_inputs good{2.0, 0.1, 0.05, 1.0, 1.0, 1.0e6, 1.0e4, 1.0e3};
    auto with = [&](auto change) {
        lemma_inputs in = good;
        change(in);
        return in;
    };
    CHECK_NOTHROW(offload::offloading_loses_deterministic_service(good));
    CHECK_THROWS_WITH(
        offload::offloading_loses_deterministic_service(with([](lemma_inputs& x) { x.arrival_rate = -1; })),
        Catch::Contains("offload::offloading_loses_deterministic_service") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(
        offload::offloading_loses_exponential_service(with([](lemma_inputs& x) { x.device_service_time = 0; })),
        Catch::Contains("'device_service_time' = 0"));
    CHECK_THROWS_WITH(
        offload::offloading_loses_exponential_service(with([&](lemma_inputs& x) { x.edge_service_time = qnan; })),
        Catch::Contains("'edge_service_time' = nan"));
    CHECK_THROWS_WITH(
        offload::offloading_loses_deterministic_service(with([](lemma_inputs& x) { x.device_parallelism = 0; })),
        Catch::Contains("'device_parallelism' = 0"));
    CHECK_THROWS_WITH(
        offload::offloading_loses_deterministic_service(with([](lemma_inputs& x) { x.edge_parallelism = -2; })),
        Catch::Contains("'edge_parallelism' = -2"));
    CHECK_THROWS_WITH(offload::offloading_loses_deterministic_service(with([](lemma_inputs& x) { x.bandwidth = 0; })),
                      Catch::Contains("'bandwidth' = 0"));
    CHECK_THROWS_WITH(
        offload::offloading_loses_deterministic_service(with([](lemma_inputs& x) { x.request_bytes = 0; })),
        Catch::Contains("'request_bytes' = 0"));
    CHECK_THROWS_WITH(
        offload::offloading_loses_deterministic_service(with([](lemma_inputs& x) { x.result_bytes = -1; })),
        Catch::Contains("'result_bytes' = -1"));
    multi_tenant_lemma_inputs mt{2.0, 6.0, 0.1, 0.05, 0.001, 1.0, 1.0, 1.0e6, 1.0e4, 1.0e3};
    CHECK_NOTHROW(offload::offloading_loses_multi_tenant(mt));
    mt.edge_arrival_rate = 1.0;
    CHECK_THROWS_WITH(offload::offloading_loses_multi_tenant(mt), Catch::Contains("'edge_arrival_rate' = 1"));
    mt.edge_arrival_rate = 6.0;
    mt.edge_service_variance = -1.0;
    CHECK_THROWS_WITH(offload::offloading_loses_multi_tenant(mt), Catch::Contains("'edge_service_variance' = -1"));
    mt.edge_service_variance = 0.0;
    mt.device_arrival_rate = qnan;
    CHECK_THROWS_AS(offload::offloading_loses_multi_tenant(mt), offload::parameter_error);
}

TEST_CASE("Lemmas 3.1-3.3 agree with k_parallel pipelines for k != 1 (random sweep)", "[lemmas]") {
    std::mt19937_64 rng(35);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int checked = 0;
    for (int i = 0; i < 5000; ++i) {
        lemma_inputs in = random_inputs(rng);
        in.device_parallelism = 1.0 + 7.0 * u(rng);
        in.edge_parallelism = 1.0 + 7.0 * u(rng);
        const network_link link(in.bandwidth);
        const payload sizes(in.request_bytes, in.result_bytes);
        {
            using S = offload::k_parallel<md1>;
            const totals t{
                mean_latency(on_device_pipeline<S>(in.arrival_rate,
                                                   service_demand{in.device_service_time, 0.0, in.device_parallelism})),
                mean_latency(offload_pipeline<S, mm1>(
                    in.arrival_rate, service_demand{in.edge_service_time, 0.0, in.edge_parallelism}, link, sizes))};
            if (!within_tie_band(t)) {
                REQUIRE(offload::offloading_loses_deterministic_service(in) == (t.device < t.offload));
                ++checked;
            }
        }
        {
            using S = offload::k_parallel<mm1>;
            const totals t{
                mean_latency(on_device_pipeline<S>(in.arrival_rate,
                                                   service_demand{in.device_service_time, 1.0, in.device_parallelism})),
                mean_latency(offload_pipeline<S, mm1>(
                    in.arrival_rate, service_demand{in.edge_service_time, 1.0, in.edge_parallelism}, link, sizes))};
            if (!within_tie_band(t))
                REQUIRE(offload::offloading_loses_exponential_service(in) == (t.device < t.offload));
        }
        {
            multi_tenant_lemma_inputs mt{in.arrival_rate,
                                         in.arrival_rate * (1.0 + 5.0 * u(rng)),
                                         in.device_service_time,
                                         in.edge_service_time,
                                         0.0,
                                         in.device_parallelism,
                                         in.edge_parallelism,
                                         in.bandwidth,
                                         in.request_bytes,
                                         in.result_bytes};
            mt.edge_service_variance = 3.0 * u(rng) * in.edge_service_time * in.edge_service_time;
            const double scv = mt.edge_service_variance / (in.edge_service_time * in.edge_service_time);
            const totals t{
                mean_latency(on_device_pipeline<offload::k_parallel<md1>>(
                    mt.device_arrival_rate, service_demand{in.device_service_time, 0.0, in.device_parallelism})),
                mean_latency(offload_pipeline<offload::k_parallel<mg1>, mm1>(
                    mt.device_arrival_rate, mt.edge_arrival_rate,
                    service_demand{in.edge_service_time, scv, in.edge_parallelism}, link, link, sizes))};
            if (!within_tie_band(t)) REQUIRE(offload::offloading_loses_multi_tenant(mt) == (t.device < t.offload));
        }
    }
    CHECK(checked > 4900);
}
