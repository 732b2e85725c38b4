#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

using offload::tenant_demand;
using offload::tenant_mix;
using offload::test::rel;

TEST_CASE("multi_tenant: mixture moments by hand", "[pipelines][multi_tenant]") {
    // 2/s at 0.1 s deterministic + 3/s at 0.2 s exponential:
    // E[S] = 0.4*0.1 + 0.6*0.2 = 0.16; E[S^2] = 0.4*0.01 + 0.6*(0.04 + 0.04) = 0.052; Var = 0.0264
    const tenant_mix mix({tenant_demand(2.0, 0.1, 0.0), tenant_demand(3.0, 0.2, 1.0)});
    CHECK(offload::total_arrival_rate(mix) == rel(5.0));
    const offload::service_demand d = offload::aggregate_demand(mix, 2.0);
    CHECK(d.mean_seconds == rel(0.16));
    CHECK(d.scv == rel(0.0264 / (0.16 * 0.16)));
    CHECK(d.parallelism == 2.0);
    CHECK(offload::aggregate_service_variance(mix) == rel(0.0264));
}

TEST_CASE("multi_tenant: the spread of the means counts, not only the mean of the variances",
          "[pipelines][multi_tenant]") {
    // two deterministic tenants: each variance is 0, the mixture's is not
    const tenant_mix mix({tenant_demand(1.0, 0.1), tenant_demand(1.0, 0.3)});
    CHECK(offload::aggregate_service_variance(mix) == rel(0.01)); // (0.1-0.2)^2/2 + (0.3-0.2)^2/2
    CHECK(offload::aggregate_demand(mix).mean_seconds == rel(0.2));
}

TEST_CASE("multi_tenant: identical tenants keep their own moments", "[pipelines][multi_tenant]") {
    const tenant_mix mix = tenant_mix::replicate(tenant_demand(2.0, 0.05, 0.5), 18);
    CHECK(mix.tenants().size() == 18);
    CHECK(offload::total_arrival_rate(mix) == rel(36.0));
    const offload::service_demand d = offload::aggregate_demand(mix);
    CHECK(d.mean_seconds == rel(0.05));
    CHECK(d.scv == rel(0.5, 1e-9));
    const tenant_mix more = mix.with(tenant_demand(4.0, 0.05, 0.5), 2);
    CHECK(offload::total_arrival_rate(more) == rel(44.0));
    CHECK(mix.with(tenant_demand(1.0, 1.0), 0).tenants().size() == 18);
    // a tenant with rate 0 does not change the mixture
    const tenant_mix idle({tenant_demand(2.0, 0.1), tenant_demand(0.0, 5.0)});
    CHECK(offload::aggregate_demand(idle).mean_seconds == rel(0.1));
    CHECK(offload::aggregate_demand(idle).scv == 0.0);
}

TEST_CASE("multi_tenant: bad parameters", "[pipelines][multi_tenant][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(tenant_demand(-1.0, 0.1),
                      Catch::Contains("offload::tenant_demand") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(tenant_demand(1.0, 0.0), Catch::Contains("'mean_service_seconds' = 0"));
    CHECK_THROWS_WITH(tenant_demand(1.0, 0.1, -0.5), Catch::Contains("'service_scv' = -0.5"));
    CHECK_THROWS_AS(tenant_demand(nan, 0.1), offload::parameter_error);
    CHECK_THROWS_WITH(tenant_mix(std::vector<tenant_demand>{}), Catch::Contains("tenants.size()"));
    CHECK_THROWS_WITH(tenant_mix({tenant_demand(0.0, 0.1)}), Catch::Contains("sum of arrival rates"));
    CHECK_THROWS_WITH(tenant_mix::replicate(tenant_demand(1.0, 0.1), 0), Catch::Contains("'count' = 0"));
    CHECK_THROWS_WITH(tenant_mix({tenant_demand(1.0, 0.1)}).with(tenant_demand(1.0, 0.1), -1),
                      Catch::Contains("'count' = -1"));
    CHECK_THROWS_WITH(offload::aggregate_demand(tenant_mix({tenant_demand(1.0, 0.1)}), 0.0),
                      Catch::Contains("'parallelism' = 0"));
}

namespace {
// Two deterministic tenants (the validation scenario): a at 2/s x 0.1 s, b at 1.5/s x 0.3 s.
// lambda_edge = 3.5, rho = 0.2 + 0.45 = 0.65, E[S] = 0.65 / 3.5, lambda_edge E[S^2] = 2*0.01 + 1.5*0.09 = 0.155,
// P-K: E[W] = 0.155 / (2 (1 - 0.65)) = 0.155 / 0.7.
const tenant_mix two_tenants({tenant_demand(2.0, 0.1, 0.0), tenant_demand(1.5, 0.3, 0.0)});
constexpr double pk_wait = 0.155 / 0.7;
} // namespace

TEST_CASE("multi_tenant: per-tenant response at the shared server, P-K by hand", "[pipelines][multi_tenant]") {
    using offload::mg1;
    CHECK(offload::tenant_mean_response<mg1>(two_tenants, 0) == rel(pk_wait + 0.1));
    CHECK(offload::tenant_mean_response<mg1>(two_tenants, 1) == rel(pk_wait + 0.3));
    // the literal Lemma 3.2 form charges both tenants E[S] = 0.65 / 3.5 s
    const mg1 shared = offload::shared_stage<mg1>(two_tenants);
    CHECK(offload::mean_response(shared) == rel(pk_wait + 0.65 / 3.5));
    // ... which is right only for the rate-weighted average
    const double average = (2.0 * offload::tenant_mean_response<mg1>(two_tenants, 0) +
                            1.5 * offload::tenant_mean_response<mg1>(two_tenants, 1)) /
                           3.5;
    CHECK(average == rel(offload::mean_response(shared)));
    // k = 2 with k_parallel<mg1>: P-K at rate k mu, i.e. service E[S]/2 with the mixture's scv, plus the own s_i
    using kmg1 = offload::k_parallel<mg1>;
    const double scv = offload::aggregate_demand(two_tenants).scv;
    const mg1 fast(3.5, 0.65 / 3.5 / 2.0, scv);
    CHECK(offload::tenant_mean_response<kmg1>(two_tenants, 1, 2.0) == rel(offload::mean_wait(fast) + 0.3));
    // an unstable server: +inf, never NaN
    const tenant_mix heavy = two_tenants.with(tenant_demand(2.0, 0.2), 1); // rho = 1.05
    CHECK(offload::tenant_mean_response<mg1>(heavy, 0) == std::numeric_limits<double>::infinity());
    CHECK(quantile(offload::tenant_response_distribution<mg1>(heavy, 0), 0.5) ==
          std::numeric_limits<double>::infinity());
}

TEST_CASE("multi_tenant: per-tenant response distribution", "[pipelines][multi_tenant]") {
    using offload::mg1;
    SECTION("exponential tenants with one mean: the M/M/1 response time, exactly") {
        // 1/s and 3/s, both exponential 0.2 s: the mixture is exponential, the server M/M/1 (mu - lambda = 1)
        const tenant_mix mix({tenant_demand(1.0, 0.2, 1.0), tenant_demand(3.0, 0.2, 1.0)});
        for (std::size_t i : {std::size_t{0}, std::size_t{1}}) {
            const offload::end_to_end_time t = offload::tenant_response_distribution<mg1>(mix, i);
            CHECK(mean(t) == rel(1.0));
            for (double p : {0.5, 0.9, 0.99}) {
                const double exact = -std::log1p(-p); // P(T > t) = e^{-t}
                const auto [lo, hi] = quantile_bounds(t, p);
                CHECK(lo <= exact);
                CHECK(exact <= hi);
                CHECK(quantile(t, p) == rel(exact, 2e-3));
            }
        }
    }
    SECTION("deterministic tenants: the shared wait shifted by the own service time") {
        const mg1 shared = offload::shared_stage<mg1>(two_tenants);
        for (std::size_t i : {std::size_t{0}, std::size_t{1}}) {
            const double s = two_tenants.tenants()[i].mean_service_time();
            const offload::end_to_end_time t = offload::tenant_response_distribution<mg1>(two_tenants, i);
            CHECK(t.shift() == rel(s));
            CHECK(mean(t) == rel(pk_wait + s));
            for (double p : {0.5, 0.9, 0.99}) {
                const double expected = offload::wait_quantile(shared, p) + s;
                const auto [lo, hi] = quantile_bounds(t, p);
                CHECK(lo <= expected * (1.0 + 1e-12));
                CHECK(expected <= hi * (1.0 + 1e-12));
            }
        }
    }
}

TEST_CASE("multi_tenant: tenant_offload_pipeline terms by hand", "[pipelines][multi_tenant]") {
    using P = offload::tenant_offload_pipeline<offload::mg1, offload::mm1>;
    const offload::network_link link(1.0e6);
    const offload::payload sizes(5.0e4, 2.0e4); // n_req = 0.05 s, n_res = 0.02 s
    const P a(two_tenants, 0, link, sizes);
    const P b(two_tenants, 1, link, link, sizes);
    const offload::latency_breakdown ba = breakdown(a);
    CHECK(ba.uplink_wait == rel(0.1 / 18.0)); // M/M/1 at 2/s, mu = 20: rho / (mu - lambda)
    CHECK(ba.uplink_transfer == rel(0.05));
    CHECK(ba.remote_wait == rel(pk_wait));
    CHECK(ba.remote_service == rel(0.1));        // its own s_i, not the mixture's 0.1857 s
    CHECK(ba.downlink_wait == rel(0.07 / 46.5)); // shared edge NIC: M/M/1 at 3.5/s, mu = 50
    CHECK(ba.downlink_transfer == rel(0.02));
    CHECK(mean_latency(a) == rel(0.1 / 18.0 + 0.05 + pk_wait + 0.1 + 0.07 / 46.5 + 0.02));
    CHECK(breakdown(b).remote_service == rel(0.3));
    CHECK(breakdown(b).uplink_wait == rel(0.075 / 18.5)); // M/M/1 at 1.5/s, mu = 20
    // the literal Lemma 3.2 pipeline differs from the per-tenant one by exactly s_i - E[S]
    CHECK(mean_latency(a) - mean_latency(a.shared()) == rel(0.1 - 0.65 / 3.5, 1e-9));
    CHECK(mean_latency(b) - mean_latency(b.shared()) == rel(0.3 - 0.65 / 3.5, 1e-9));
    CHECK(is_stable(a));
    CHECK(a.arrival_rate() == 2.0);
    // distribution: mean exact, quantiles ordered and inside their bracket
    const offload::end_to_end_time t = latency_distribution(a);
    CHECK(mean(t) == rel(mean_latency(a), 1e-12));
    CHECK(latency_quantile(a, 0.5) < latency_quantile(a, 0.99));
    const auto [lo, hi] = quantile_bounds(t, 0.99);
    CHECK(lo <= latency_quantile(a, 0.99));
    CHECK(latency_quantile(a, 0.99) <= hi);
    // results consumed at the edge: no downlink
    const P r(two_tenants, 1, link, sizes, 1.0, offload::result_destination::remote);
    CHECK(mean_latency(r) == rel(0.075 / 18.5 + 0.05 + pk_wait + 0.3));
    CHECK(mean(latency_distribution(r)) == rel(mean_latency(r), 1e-12));
}

TEST_CASE("multi_tenant: tenant_offload_pipeline from with_co_tenants", "[pipelines][multi_tenant]") {
    using offload::k_parallel;
    using offload::mg1;
    using offload::mm1;
    const offload::network_link link(1.0e6);
    const offload::payload sizes(5.0e4, 2.0e4);
    const offload::offload_pipeline<k_parallel<mg1>, mm1> base(2.0, offload::service_demand{0.1, 0.5, 2.0}, link,
                                                               sizes);
    const tenant_demand co(1.0, 0.3, 0.0);
    const auto shared = offload::with_co_tenants(base, co, 3);
    const offload::tenant_offload_pipeline<k_parallel<mg1>, mm1> mine(shared, tenant_demand(2.0, 0.1, 0.5));
    const tenant_mix mix = tenant_mix({tenant_demand(2.0, 0.1, 0.5)}).with(co, 2);
    const offload::tenant_offload_pipeline<k_parallel<mg1>, mm1> same(mix, 0, link, sizes, 2.0);
    CHECK(mean_latency(mine) == rel(mean_latency(same)));
    CHECK(breakdown(mine).remote_wait + 0.1 == rel(offload::tenant_mean_response<k_parallel<mg1>>(mix, 0, 2.0)));
    // a stable own service with scv 0.5 is convolved, not shifted: the mean is still exact
    CHECK(mean(latency_distribution(mine)) == rel(mean_latency(mine), 1e-12));
}

TEST_CASE("multi_tenant: tenant_split_pipeline terms by hand", "[pipelines][multi_tenant]") {
    using offload::md1;
    using offload::mg1;
    using offload::mm1;
    using S = offload::split_pipeline<md1, mg1, mm1>;
    const offload::network_link link(1.0e6);
    const offload::payload sizes(2.0e4, 2.0e4); // D_inter: n = 0.02 s; result 0.02 s
    // tenant 0 (2/s) runs 0.04 s on its device and its 0.1 s edge part on the server shared with tenant 1
    const offload::service_demand mixed = offload::aggregate_demand(two_tenants);
    const S shared(2.0, 3.5, offload::service_demand{0.04, 0.0, 1.0}, mixed, link, link, sizes);
    const offload::tenant_split_pipeline<md1, mg1, mm1> mine(shared, tenant_demand(2.0, 0.1));
    const offload::latency_breakdown b = breakdown(mine);
    CHECK(b.device_wait == rel(2.0 * 0.04 * 0.04 / (2.0 * (1.0 - 0.08)))); // M/D/1 at 2/s, s = 0.04
    CHECK(b.device_service == rel(0.04));
    CHECK(b.uplink_wait == rel(0.04 / 48.0));   // M/M/1 at 2/s, mu = 50: rho / (mu - lambda)
    CHECK(b.remote_wait == rel(pk_wait));       // the mixture's P-K wait, as for tenant_offload_pipeline
    CHECK(b.remote_service == rel(0.1));        // its own edge part, not the mixture's 0.1857 s
    CHECK(b.downlink_wait == rel(0.07 / 46.5)); // shared edge NIC at 3.5/s
    CHECK(mean_latency(mine) - mean_latency(mine.shared()) == rel(0.1 - 0.65 / 3.5, 1e-9));
    CHECK(mean_latency(mine) ==
          rel(2.0 * 0.04 * 0.04 / 1.84 + 0.04 + 0.04 / 48.0 + 0.02 + pk_wait + 0.1 + 0.07 / 46.5 + 0.02));
    CHECK(is_stable(mine));
    const offload::end_to_end_time t = latency_distribution(mine);
    CHECK(mean(t) == rel(mean_latency(mine), 1e-12));
    const auto [lo, hi] = quantile_bounds(t, 0.99);
    CHECK(lo <= latency_quantile(mine, 0.99));
    CHECK(latency_quantile(mine, 0.99) <= hi);
    // a random own service (scv 1) is convolved: the mean stays exact
    const offload::tenant_split_pipeline<md1, mg1, mm1> random(shared, tenant_demand(2.0, 0.1, 1.0));
    CHECK(mean(latency_distribution(random)) == rel(mean_latency(random), 1e-12));
    CHECK(latency_quantile(random, 0.99) > latency_quantile(mine, 0.99));
    CHECK_THROWS_WITH((offload::tenant_split_pipeline<md1, mg1, mm1>(shared, tenant_demand(1.5, 0.3))),
                      Catch::Contains("offload::tenant_split_pipeline") &&
                          Catch::Contains("'own.arrival_rate()' = 1.5"));
    CHECK_THROWS_WITH(latency_quantile(mine, 0.0),
                      Catch::Contains("tenant_split_pipeline") && Catch::Contains("'level' = 0"));
    // unstable device part: +inf, never NaN
    const S overloaded(2.0, 3.5, offload::service_demand{0.6, 0.0, 1.0}, mixed, link, link, sizes);
    const offload::tenant_split_pipeline<md1, mg1, mm1> stuck(overloaded, tenant_demand(2.0, 0.1));
    CHECK_FALSE(is_stable(stuck));
    CHECK(mean_latency(stuck) == std::numeric_limits<double>::infinity());
    CHECK(latency_quantile(stuck, 0.5) == std::numeric_limits<double>::infinity());
}

TEST_CASE("multi_tenant: per-tenant bad parameters", "[pipelines][multi_tenant][errors]") {
    using P = offload::tenant_offload_pipeline<offload::mg1, offload::mm1>;
    const offload::network_link link(1.0e6);
    const offload::payload sizes(5.0e4, 2.0e4);
    CHECK_THROWS_WITH(offload::tenant_mean_response<offload::mg1>(two_tenants, 2),
                      Catch::Contains("offload::tenant_mean_response") && Catch::Contains("'index' = 2"));
    CHECK_THROWS_WITH(offload::tenant_response_distribution<offload::mg1>(two_tenants, 5),
                      Catch::Contains("'index' = 5"));
    CHECK_THROWS_WITH(P(two_tenants, 2, link, sizes),
                      Catch::Contains("offload::tenant_offload_pipeline") && Catch::Contains("'index' = 2"));
    CHECK_THROWS_WITH(P(two_tenants, 0, link, sizes, 0.0), Catch::Contains("'parallelism' = 0"));
    CHECK_THROWS_WITH(P(P(two_tenants, 0, link, sizes).shared(), tenant_demand(1.5, 0.3)),
                      Catch::Contains("'own.arrival_rate()' = 1.5"));
    // mg1 needs parallelism 1
    CHECK_THROWS_WITH(offload::tenant_mean_response<offload::mg1>(two_tenants, 0, 2.0),
                      Catch::Contains("demand.parallelism"));
    CHECK_THROWS_WITH(latency_quantile(P(two_tenants, 0, link, sizes), 1.0), Catch::Contains("'level' = 1"));
    // unstable: +inf, never NaN
    const P heavy(two_tenants.with(tenant_demand(2.0, 0.2), 1), 0, link, sizes);
    CHECK_FALSE(is_stable(heavy));
    CHECK(mean_latency(heavy) == std::numeric_limits<double>::infinity());
    CHECK(latency_quantile(heavy, 0.9) == std::numeric_limits<double>::infinity());
}
