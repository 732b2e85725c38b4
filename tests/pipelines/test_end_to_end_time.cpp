#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/deterministic_time.hpp"
#include "offload/distributions/exponential_tail_time.hpp"
#include "offload/pipelines/end_to_end_time.hpp"

using offload::convolution_options;
using offload::deterministic_time;
using offload::end_to_end_time;
using offload::exponential_tail_time;
using offload::test::rel;

namespace {

// Hypoexponential cdf (sum of exponentials with distinct rates r_i): 1 - sum_i c_i e^{-r_i t},
// c_i = prod_{j != i} r_j / (r_j - r_i). Independent of the library.
double hypoexponential_cdf(const std::vector<double>& rates, double t) {
    double tail = 0.0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
        double c = 1.0;
        for (std::size_t j = 0; j < rates.size(); ++j)
            if (j != i) c *= rates[j] / (rates[j] - rates[i]);
        tail += c * std::exp(-rates[i] * t);
    }
    return 1.0 - tail;
}

template <class Cdf>
double bisect_quantile(Cdf cdf, double p, double hi) {
    double lo = 0.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (cdf(mid) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace

TEST_CASE("end_to_end_time: two exponentials against the exact hypoexponential", "[pipelines][end_to_end]") {
    const std::vector<double> rates{4.0, 10.0};
    const end_to_end_time d(0.0, {}, exponential_tail_time(1.0, 4.0), exponential_tail_time(1.0, 10.0));
    CHECK(mean(d) == rel(0.25 + 0.1));
    CHECK(variance(d) == rel(1.0 / 16.0 + 1.0 / 100.0));
    CHECK(d.stage_count() == 2);
    for (double p : {0.5, 0.9, 0.99, 0.999}) {
        const double exact = bisect_quantile([&](double t) { return hypoexponential_cdf(rates, t); }, p, 50.0);
        const auto [lower, upper] = quantile_bounds(d, p);
        CHECK(lower <= exact);
        CHECK(exact <= upper);
        CHECK(upper - lower <= 3.0 * d.bin_width()); // n h plus at most one bin of tail slack
        // documented accuracy of the estimate: 1e-5 relative at p50 ... p99.9
        CHECK(quantile(d, p) == rel(exact, 1e-5));
        const auto [c_lo, c_hi] = cdf_bounds(d, exact);
        CHECK(c_lo <= p + 1e-12);
        CHECK(p <= c_hi + 1e-12);
        CHECK(cdf(d, exact) == Approx(p).margin(1e-5));
    }
}

TEST_CASE("end_to_end_time: four exponentials, shift, against the exact hypoexponential", "[pipelines][end_to_end]") {
    const std::vector<double> rates{3.0, 7.0, 20.0, 55.0};
    const double shift = 0.015;
    const end_to_end_time d(shift, {}, exponential_tail_time(1.0, 3.0), exponential_tail_time(1.0, 7.0),
                            exponential_tail_time(1.0, 20.0), exponential_tail_time(1.0, 55.0));
    CHECK(mean(d) == rel(shift + 1.0 / 3 + 1.0 / 7 + 1.0 / 20 + 1.0 / 55));
    for (double p : {0.5, 0.9, 0.99, 0.999}) {
        const double exact = shift + bisect_quantile([&](double t) { return hypoexponential_cdf(rates, t); }, p, 50.0);
        const auto [lower, upper] = quantile_bounds(d, p);
        CHECK(lower <= exact);
        CHECK(exact <= upper);
        CHECK(quantile(d, p) == rel(exact, 1e-5));
    }
    CHECK(cdf(d, shift) == 0.0);
    CHECK(cdf(d, 0.0) == 0.0);
}

TEST_CASE("end_to_end_time: deterministic part and an atom at zero", "[pipelines][end_to_end]") {
    // T = 0.1 + W, W = 0 w.p. 0.4, else Exp(4): quantile exact from the closed form
    const end_to_end_time d(0.0, {}, deterministic_time(0.1), exponential_tail_time(0.6, 4.0));
    CHECK(mean(d) == rel(0.1 + 0.6 / 4.0));
    for (double p : {0.5, 0.9, 0.99, 0.999}) {
        const double exact = 0.1 + std::log(0.6 / (1.0 - p)) / 4.0;
        const auto [lower, upper] = quantile_bounds(d, p);
        CHECK(lower <= exact);
        CHECK(exact <= upper);
        CHECK(quantile(d, p) == rel(exact, 1e-4));
    }
    // below the atom's level the quantile sits at the deterministic part (within the bracket)
    const auto [lower, upper] = quantile_bounds(d, 0.2);
    CHECK(lower <= 0.1);
    CHECK(upper >= 0.1);
    CHECK(quantile(d, 0.2) == Approx(0.1).margin(2.0 * d.bin_width()));
}

TEST_CASE("end_to_end_time: Monte Carlo of independent stages agrees", "[pipelines][end_to_end]") {
    const exponential_tail_time a(0.7, 5.0), b(1.0, 12.0), c(0.3, 2.0);
    const double shift = 0.02;
    const end_to_end_time d(shift, {}, a, b, c);
    std::mt19937_64 rng(20240501);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    constexpr int n = 400000;
    std::vector<double> samples(n);
    auto draw = [&](const exponential_tail_time& x) {
        const double v = u(rng);
        return v < 1e-300 ? 0.0 : (v <= 1.0 - x.tail_probability() ? 0.0 : quantile(x, v));
    };
    for (double& s : samples) s = shift + draw(a) + draw(b) + draw(c);
    std::sort(samples.begin(), samples.end());
    for (double p : {0.5, 0.9, 0.99}) {
        const double empirical = samples[static_cast<std::size_t>(p * n)];
        // sampling error of an order statistic at n = 4e5 is well below 1% here
        CHECK(quantile(d, p) == rel(empirical, 0.01));
    }
}

TEST_CASE("end_to_end_time: unstable stage and point masses", "[pipelines][end_to_end]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const end_to_end_time unstable(0.01, {}, exponential_tail_time(1.0, 5.0), exponential_tail_time(1.0, 0.0));
    CHECK(unstable.at_infinity());
    CHECK(mean(unstable) == inf);
    CHECK(variance(unstable) == inf);
    CHECK(quantile(unstable, 0.5) == inf);
    CHECK(cdf(unstable, 1e9) == 0.0);
    CHECK(quantile_bounds(unstable, 0.5).first == inf);

    const end_to_end_time point(0.3, {}, deterministic_time(0.0), exponential_tail_time(0.0, 1.0));
    CHECK(mean(point) == rel(0.3));
    CHECK(quantile(point, 0.99) == rel(0.3));
    CHECK(cdf(point, 0.29) == 0.0);
    CHECK(cdf(point, 0.3) == 1.0);
}

TEST_CASE("end_to_end_time: a coarser grid is still bracketed", "[pipelines][end_to_end]") {
    const std::vector<double> rates{4.0, 10.0};
    const end_to_end_time d(0.0, convolution_options{256, 1e-6}, exponential_tail_time(1.0, 4.0),
                            exponential_tail_time(1.0, 10.0));
    const double exact = bisect_quantile([&](double t) { return hypoexponential_cdf(rates, t); }, 0.99, 50.0);
    const auto [lower, upper] = quantile_bounds(d, 0.99);
    CHECK(lower <= exact);
    CHECK(exact <= upper);
    CHECK(quantile(d, 0.99) >= lower);
    CHECK(quantile(d, 0.99) <= upper);
}

TEST_CASE("end_to_end_time: bad input", "[pipelines][end_to_end][errors]") {
    const exponential_tail_time e(1.0, 1.0);
    CHECK_THROWS_WITH(end_to_end_time(-1.0, {}, e), Catch::Contains("'shift_seconds' = -1"));
    CHECK_THROWS_AS(end_to_end_time(std::nan(""), {}, e), offload::parameter_error);
    CHECK_THROWS_WITH(end_to_end_time(0.0, convolution_options{1000, 1e-9}, e), Catch::Contains("options.grid_points"));
    CHECK_THROWS_WITH(end_to_end_time(0.0, convolution_options{32, 1e-9}, e), Catch::Contains("options.grid_points"));
    CHECK_THROWS_WITH(end_to_end_time(0.0, convolution_options{1024, 0.0}, e), Catch::Contains("options.tail_mass"));
    CHECK_THROWS_WITH(end_to_end_time(0.0, convolution_options{1024, 0.5}, e), Catch::Contains("options.tail_mass"));
    const end_to_end_time d(0.0, {}, e, e);
    CHECK_THROWS_WITH(quantile(d, 1.0), Catch::Contains("'p' = 1"));
    CHECK_THROWS_AS(quantile(d, 0.0), offload::parameter_error);
    CHECK_THROWS_AS(quantile(d, std::nan("")), offload::parameter_error);
    CHECK_THROWS_AS(quantile_bounds(d, -0.1), offload::parameter_error);
    CHECK(d.max_quantile_level() < 1.0);
    CHECK_THROWS_WITH(quantile(d, 1.0 - 1e-15), Catch::Contains("captured"));
}
