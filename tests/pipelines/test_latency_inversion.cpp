// End-to-end latency by transform inversion (pipelines/latency_inversion.hpp): against mpmath, closed forms and
// the FFT convolution (kept as the independent cross-check), and the fallback for stages without transforms.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/decision/predict.hpp"
#include "offload/pipelines.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mmc.hpp"

using offload::network_link;
using offload::payload;
using offload::service_demand;
using offload::test::rel;

namespace {
const network_link five_mbps(offload::megabits_per_second(5.0));

offload::dnn_offload seed_path(double lambda) {
    return offload::dnn_offload(lambda, service_demand{0.0055, 0.0, 1.0}, five_mbps, payload(12000.0, 4000.0));
}
} // namespace

TEST_CASE("latency inversion: the seed's offload path matches mpmath to 1e-9 and lies in the FFT bracket",
          "[pipelines][inversion]") {
    const offload::dnn_offload p = seed_path(5.0);
    STATIC_REQUIRE(offload::invertible_latency_pipeline<offload::dnn_offload>);
    // mpmath reference (tests/distributions/test_transform_inverted_time.cpp has the same path and the command)
    const double exact = 0.11131480964119735358;
    CHECK(offload::latency_quantile(p, 0.99) == rel(exact, 1e-9));
    CHECK(offload::deadline_miss_probability(p, exact) == rel(0.01, 1e-8));
    CHECK(offload::latency_cdf(p, exact) == rel(0.99, 1e-10));
    CHECK(offload::latency_cdf(p, 0.05) == Approx(1.0 - 0.17882982646624871728).margin(1e-10));
    // the FFT convolution's guaranteed bracket contains the inverted quantile
    const offload::end_to_end_time fft = latency_distribution(p);
    for (double level : {0.5, 0.9, 0.95, 0.99, 0.999}) {
        const double q = offload::latency_quantile(p, level);
        const auto [lo, hi] = quantile_bounds(fft, level);
        CHECK(lo <= q);
        CHECK(q <= hi);
        CHECK(q == rel(quantile(fft, level), 1e-3)); // the FFT estimate (not its bracket) is good to ~1e-4
    }
    const offload::transform_inverted_time d = offload::inverted_latency_distribution(p);
    CHECK(mean(d) == rel(mean_latency(p), 1e-12));
    CHECK(variance(d) == rel(variance(fft), 1e-12));
}

TEST_CASE("latency inversion: an all-exponential tandem is the hypoexponential law", "[pipelines][inversion]") {
    // M/M/1 NICs and an M/M/1 server (k = 1): three independent exponentials (Burke, Reich) + propagation
    const network_link link(offload::megabits_per_second(5.0), 0.004);
    const offload::llm_offload p(2.0, service_demand{0.05, 1.0, 1.0}, link, payload(62500.0, 6250.0));
    const double a = 10.0 - 2.0, b = 20.0 - 2.0, c = 100.0 - 2.0;
    const auto tail = [&](double x) {
        return a * b * c *
               (std::exp(-a * x) / (a * (b - a) * (c - a)) + std::exp(-b * x) / (b * (a - b) * (c - b)) +
                std::exp(-c * x) / (c * (a - c) * (b - c)));
    };
    for (double t : {0.05, 0.2, 0.5}) CHECK(offload::deadline_miss_probability(p, 0.008 + t) == rel(tail(t), 1e-8));
    double lo = 0.0, hi = 10.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (tail(mid) > 0.01 ? lo : hi) = mid;
    }
    CHECK(offload::latency_quantile(p, 0.99) == rel(0.008 + 0.5 * (lo + hi), 1e-9));
}

TEST_CASE("latency inversion: split and tenant paths agree with the convolution where the models coincide",
          "[pipelines][inversion]") {
    const network_link link(offload::megabits_per_second(20.0), 0.002);
    const offload::dnn_split split(4.0, service_demand{0.01, 0.0, 1.0}, service_demand{0.02, 0.0, 2.0}, link,
                                   payload(30000.0, 2000.0));
    STATIC_REQUIRE(offload::invertible_latency_pipeline<offload::dnn_split>);
    const offload::end_to_end_time fft = latency_distribution(split, {std::size_t{1} << 18, 1e-10});
    for (double level : {0.5, 0.95, 0.99}) {
        const double q = offload::latency_quantile(split, level);
        const auto [lower, upper] = quantile_bounds(fft, level);
        CHECK(lower <= q);
        CHECK(q <= upper);
    }
    // a tenant of a shared M/G/1 edge with exponential service (scv 1): P-K and the library's stage law coincide
    using tenant_path = offload::tenant_offload_pipeline<offload::k_parallel<offload::mg1>, offload::mm1>;
    const offload::tenant_mix mix({offload::tenant_demand(3.0, 0.02, 1.0), offload::tenant_demand(5.0, 0.02, 1.0)});
    const tenant_path t(mix, 0, link, payload(20000.0, 2000.0));
    const offload::end_to_end_time tfft = latency_distribution(t, {std::size_t{1} << 18, 1e-10});
    for (double level : {0.5, 0.99}) {
        const double q = offload::latency_quantile(t, level);
        const auto [lower, upper] = quantile_bounds(tfft, level);
        CHECK(lower <= q);
        CHECK(q <= upper);
    }
    // predict() takes its tails from the inversion
    offload::prediction_options o;
    o.deadline = 0.1;
    const offload::option_prediction r = predict(t, o);
    // p99 starts from p95 there: the same root within the inversion's noise (~5e-12 in Fbar, ~1e-10 in t)
    CHECK(r.p99 == rel(offload::latency_quantile(t, 0.99), 1e-9));
    CHECK(r.p95 == rel(offload::latency_quantile(t, 0.95), 1e-12));
    CHECK(r.deadline_miss == offload::deadline_miss_probability(t, 0.1));
}

TEST_CASE("latency inversion: stages without transforms fall back to the convolution", "[pipelines][inversion]") {
    using mdc_path = offload::offload_pipeline<offload::mdc, offload::mm1>;
    STATIC_REQUIRE_FALSE(offload::invertible_latency_pipeline<mdc_path>);
    const mdc_path p(5.0, service_demand{0.1, 0.0, 2.0}, five_mbps, payload(12000.0, 4000.0));
    const offload::end_to_end_time fft = latency_distribution(p);
    CHECK(offload::latency_quantile(p, 0.99) == quantile(fft, 0.99));
    CHECK(offload::latency_cdf(p, 0.2) == Approx(cdf(fft, 0.2)));
    CHECK(offload::deadline_miss_probability(p, 0.2) == Approx(1.0 - cdf(fft, 0.2)));
    // M/M/c has a transform
    STATIC_REQUIRE(offload::invertible_latency_pipeline<offload::offload_pipeline<offload::mmc, offload::mm1>>);
}

TEST_CASE("latency inversion: unstable paths and hostile arguments", "[pipelines][inversion]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const offload::dnn_offload slow = seed_path(60.0); // uplink rho > 1
    CHECK(offload::latency_quantile(slow, 0.5) == inf);
    CHECK(offload::latency_cdf(slow, 1e9) == 0.0);
    CHECK(offload::deadline_miss_probability(slow, 1.0) == 1.0);
    CHECK(offload::deadline_miss_probability(slow, inf) == 1.0);
    const offload::dnn_offload p = seed_path(5.0);
    CHECK(offload::deadline_miss_probability(p, inf) == 0.0);
    CHECK(offload::deadline_miss_probability(p, 1e-6) == 1.0); // below the shift D
    CHECK(offload::latency_cdf(p, -1.0) == 0.0);
    CHECK(offload::latency_cdf(p, inf) == 1.0);
    CHECK_THROWS_WITH(offload::latency_cdf(p, std::nan("")), Catch::Contains("offload::latency_cdf"));
    for (double d : {0.0, -1.0, std::nan("")})
        CHECK_THROWS_WITH(offload::deadline_miss_probability(p, d), Catch::Contains("'deadline'"));
    CHECK_THROWS_WITH(offload::latency_quantile(p, 1.0), Catch::Contains("'level' = 1"));
}
