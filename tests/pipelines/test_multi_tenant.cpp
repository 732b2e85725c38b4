#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/pipelines/multi_tenant.hpp"

using offload::tenant;
using offload::tenant_mix;
using offload::test::rel;

TEST_CASE("multi_tenant: mixture moments by hand", "[pipelines][multi_tenant]") {
    // 2/s at 0.1 s deterministic + 3/s at 0.2 s exponential:
    // E[S] = 0.4*0.1 + 0.6*0.2 = 0.16; E[S^2] = 0.4*0.01 + 0.6*(0.04 + 0.04) = 0.052; Var = 0.0264
    const tenant_mix mix({tenant(2.0, 0.1, 0.0), tenant(3.0, 0.2, 1.0)});
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
    const tenant_mix mix({tenant(1.0, 0.1), tenant(1.0, 0.3)});
    CHECK(offload::aggregate_service_variance(mix) == rel(0.01));  // (0.1-0.2)^2/2 + (0.3-0.2)^2/2
    CHECK(offload::aggregate_demand(mix).mean_seconds == rel(0.2));
}

TEST_CASE("multi_tenant: identical tenants keep their own moments", "[pipelines][multi_tenant]") {
    const tenant_mix mix = tenant_mix::replicate(tenant(2.0, 0.05, 0.5), 18);
    CHECK(mix.tenants().size() == 18);
    CHECK(offload::total_arrival_rate(mix) == rel(36.0));
    const offload::service_demand d = offload::aggregate_demand(mix);
    CHECK(d.mean_seconds == rel(0.05));
    CHECK(d.scv == rel(0.5, 1e-9));
    const tenant_mix more = mix.with(tenant(4.0, 0.05, 0.5), 2);
    CHECK(offload::total_arrival_rate(more) == rel(44.0));
    CHECK(mix.with(tenant(1.0, 1.0), 0).tenants().size() == 18);
    // a tenant with rate 0 does not change the mixture
    const tenant_mix idle({tenant(2.0, 0.1), tenant(0.0, 5.0)});
    CHECK(offload::aggregate_demand(idle).mean_seconds == rel(0.1));
    CHECK(offload::aggregate_demand(idle).scv == 0.0);
}

TEST_CASE("multi_tenant: bad parameters", "[pipelines][multi_tenant][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(tenant(-1.0, 0.1), Catch::Contains("offload::tenant") && Catch::Contains("'arrival_rate' = -1"));
    CHECK_THROWS_WITH(tenant(1.0, 0.0), Catch::Contains("'mean_service_seconds' = 0"));
    CHECK_THROWS_WITH(tenant(1.0, 0.1, -0.5), Catch::Contains("'service_scv' = -0.5"));
    CHECK_THROWS_AS(tenant(nan, 0.1), offload::parameter_error);
    CHECK_THROWS_WITH(tenant_mix(std::vector<tenant>{}), Catch::Contains("tenants.size()"));
    CHECK_THROWS_WITH(tenant_mix({tenant(0.0, 0.1)}), Catch::Contains("sum of arrival rates"));
    CHECK_THROWS_WITH(tenant_mix::replicate(tenant(1.0, 0.1), 0), Catch::Contains("'count' = 0"));
    CHECK_THROWS_WITH(tenant_mix({tenant(1.0, 0.1)}).with(tenant(1.0, 0.1), -1), Catch::Contains("'count' = -1"));
    CHECK_THROWS_WITH(offload::aggregate_demand(tenant_mix({tenant(1.0, 0.1)}), 0.0),
                      Catch::Contains("'parallelism' = 0"));
}
