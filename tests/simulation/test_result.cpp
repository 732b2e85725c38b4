#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/simulation/result.hpp"

namespace sim = offload::sim;
using offload::test::rel;

TEST_CASE("result: Student t quantiles", "[simulation][result]") {
    CHECK(offload::detail::sim_t_quantile(10, 0.95) == Approx(2.262157).epsilon(1e-6));
    CHECK(offload::detail::sim_t_quantile(2, 0.95) == Approx(12.706205).epsilon(1e-6));
    CHECK(offload::detail::sim_t_quantile(21, 0.99) == Approx(2.845340).epsilon(1e-6));
}

TEST_CASE("result: sectioning interval", "[simulation][result]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    // cells 1, 2, 3, 4 around pooled 2.5: sum of squares 5, sqrt(5 / (4 * 3)) = 0.6455
    const auto e = offload::detail::sim_section({1.0, 2.0, 3.0, 4.0}, 2.5, 3.182446, inf);
    CHECK(e.value == 2.5);
    CHECK(e.half_width == rel(3.182446 * std::sqrt(5.0 / 12.0)));
    CHECK(e.lower() == rel(2.5 - e.half_width));
    CHECK(e.upper() == rel(2.5 + e.half_width));
    CHECK(e.contains(2.5 + 0.99 * e.half_width));
    CHECK_FALSE(e.contains(2.5 + 1.01 * e.half_width));
    // the pooled value need not be the cells' average (a pooled percentile): spread is around the pool
    const auto f = offload::detail::sim_section({1.0, 1.0}, 2.0, 12.706205, inf);
    CHECK(f.value == 2.0);
    CHECK(f.half_width == rel(12.706205 * std::sqrt(2.0 / 2.0)));
    // identical cells: zero width
    CHECK(offload::detail::sim_section({3.0, 3.0, 3.0}, 3.0, 4.3, inf).half_width == 0.0);
    // a cell without observations: infinite width, never NaN
    const auto g = offload::detail::sim_section({1.0, nan, 3.0}, 2.0, 4.3, inf);
    CHECK(g.value == 2.0);
    CHECK(g.half_width == inf);
    // nothing observed at all: the stated empty value
    const auto h = offload::detail::sim_section({nan, nan}, nan, 4.3, 0.0);
    CHECK(h.value == 0.0);
    CHECK(h.half_width == inf);
    CHECK(offload::detail::sim_section({1.0, inf}, inf, 4.3, 0.0).value == inf);
    CHECK(offload::detail::sim_section({1.0}, 1.0, 4.3, 0.0).half_width == inf);
}

TEST_CASE("result: empirical quantile and cdf of kept samples", "[simulation][result]") {
    sim::latency_stats s;
    s.sorted_response_samples = {1.0, 2.0, 3.0, 4.0};
    CHECK(sim::empirical_response_quantile(s, 0.25) == 1.0); // smallest x with F_n(x) >= p
    CHECK(sim::empirical_response_quantile(s, 0.26) == 2.0);
    CHECK(sim::empirical_response_quantile(s, 0.999) == 4.0);
    CHECK(sim::empirical_response_quantile(s, 1e-9) == 1.0);
    CHECK(sim::empirical_response_cdf(s, 0.5) == 0.0);
    CHECK(sim::empirical_response_cdf(s, 2.0) == 0.5);
    CHECK(sim::empirical_response_cdf(s, 10.0) == 1.0);
    CHECK_THROWS_WITH(sim::empirical_response_quantile(s, 1.0), Catch::Contains("'p' = 1"));
    CHECK_THROWS_AS(sim::empirical_response_quantile(s, std::nan("")), offload::parameter_error);
    s.response_percentiles = {{0.5, {2.0, 0.1}}};
    CHECK(sim::response_percentile(s, 0.5).value == 2.0);
    CHECK_THROWS_AS(sim::response_percentile(s, 0.9), offload::parameter_error);
}
