// The streaming statistics behind the simulator's constant memory: Welford moments against two-pass sums,
// the log-bucketed histogram's quantiles against exact order statistics (within its stated bound), the
// sketch's switch from exact to binned, and hostile inputs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/simulation/streaming.hpp"

namespace sim = offload::sim;

namespace {

double exact_quantile(std::vector<double> xs, double p) { // x_(ceil(p n))
    std::sort(xs.begin(), xs.end());
    return xs[sim::log_histogram::rank(p, xs.size()) - 1];
}

std::vector<double> draw_samples(std::mt19937_64& g, int kind, std::size_t n) {
    std::vector<double> xs(n);
    std::exponential_distribution<double> ex(1.0);
    std::lognormal_distribution<double> ln(-3.0, 2.5); // spans ~ 10^-5 .. 10^2
    std::uniform_real_distribution<double> un(0.5, 1.5);
    for (auto& x : xs) {
        switch (kind) {
        case 0:
            x = ex(g);
            break;
        case 1:
            x = ln(g);
            break;
        case 2:
            x = un(g) < 0.8 ? 0.0 : ex(g);
            break; // an atom at zero (an M/M/1 wait at rho = 0.2)
        default:
            x = 1.0 + 1e-3 * std::floor(10.0 * un(g));
            break; // few distinct values, ties
        }
    }
    return xs;
}

} // namespace

TEST_CASE("running_moments equal the two-pass mean and variance", "[simulation][streaming]") {
    std::mt19937_64 g(42);
    for (int kind = 0; kind < 4; ++kind) {
        const auto xs = draw_samples(g, kind, 100000);
        double sum = 0.0;
        for (const double x : xs) sum += x;
        const double mean = sum / static_cast<double>(xs.size());
        double ss = 0.0;
        for (const double x : xs) ss += (x - mean) * (x - mean);
        const double var = ss / static_cast<double>(xs.size() - 1);

        sim::running_moments one;
        for (const double x : xs) one.add(x);
        INFO("kind " << kind);
        CHECK(one.count() == xs.size());
        CHECK(one.mean() == Approx(mean).epsilon(1e-12));
        CHECK(one.variance() == Approx(var).epsilon(1e-10));
        // pooled from 7 unequal parts (the simulator's cells): the same moments
        sim::running_moments pooled, part;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            part.add(xs[i]);
            if (i % 14321 == 14320 || i + 1 == xs.size()) {
                pooled.merge(part);
                part = {};
            }
        }
        CHECK(pooled.count() == xs.size());
        CHECK(pooled.mean() == Approx(mean).epsilon(1e-12));
        CHECK(pooled.variance() == Approx(var).epsilon(1e-10));
    }
    // a large offset: the naive sum-of-squares formula loses every digit here, Welford does not
    sim::running_moments m;
    for (const double x : {1e9 + 4.0, 1e9 + 7.0, 1e9 + 13.0, 1e9 + 16.0}) m.add(x);
    CHECK(m.mean() == 1e9 + 10.0);
    CHECK(m.variance() == Approx(30.0).epsilon(1e-9));
    CHECK(std::isnan(sim::running_moments{}.mean()));
    sim::running_moments single;
    single.add(3.0);
    CHECK(std::isnan(single.variance()));
    sim::running_moments empty;
    empty.merge(single);
    CHECK(empty == single);
}

TEST_CASE("log_histogram quantiles lie within the stated bound of the exact order statistics",
          "[simulation][streaming]") {
    CHECK(sim::log_histogram::relative_error == std::ldexp(1.0, -11));
    std::mt19937_64 g(7);
    const std::vector<double> levels = {1e-6, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1 - 1e-9};
    for (int kind = 0; kind < 4; ++kind)
        for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{37}, std::size_t{100000}}) {
            const auto xs = draw_samples(g, kind, n);
            sim::log_histogram h;
            for (const double x : xs) h.add(x);
            CHECK(h.count() == n);
            CHECK(h.min() == *std::min_element(xs.begin(), xs.end()));
            CHECK(h.max() == *std::max_element(xs.begin(), xs.end()));
            double worst = 0.0;
            for (const double p : levels) {
                const double exact = exact_quantile(xs, p);
                const double got = h.quantile(p);
                INFO("kind " << kind << " n " << n << " p " << p << " exact " << exact << " got " << got);
                if (exact == 0.0) {
                    CHECK(got == 0.0);
                } else {
                    CHECK(std::abs(got - exact) <= sim::log_histogram::relative_error * exact);
                    worst = std::max(worst, std::abs(got - exact) / exact);
                }
            }
            // the bound is not vacuous: on 10^5 continuous samples the error is of its order
            if (n == 100000 && kind < 2) CHECK(worst > 0.05 * sim::log_histogram::relative_error);
        }
}

TEST_CASE("log_histogram merges to the histogram of the union; memory follows the range, not the count",
          "[simulation][streaming]") {
    std::mt19937_64 g(11);
    const auto xs = draw_samples(g, 1, 50000);
    sim::log_histogram all, a, b;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        all.add(xs[i]);
        (i % 3 == 0 ? a : b).add(xs[i]);
    }
    a.merge(b);
    CHECK(a.count() == all.count());
    for (const double p : {0.01, 0.5, 0.99}) CHECK(a.quantile(p) == all.quantile(p));
    // one value repeated 10^6 times: one bucket
    sim::log_histogram flat;
    for (int i = 0; i < 1000000; ++i) flat.add(0.25);
    CHECK(flat.buckets() == 1);
    CHECK(flat.quantile(0.5) == 0.25); // clamped to [min, max]: exact for a constant
    // 1024 buckets per factor of two spanned (plus the growth slack, at most the same again)
    sim::log_histogram wide;
    wide.add(1.0);
    wide.add(1024.0 * (1.0 - 1e-9));
    CHECK(wide.buckets() >= 10 * 1024);
    CHECK(wide.buckets() <= 2 * 10 * 1024 + 1);
}

TEST_CASE("log_histogram and quantile_sketch reject what they cannot bin", "[simulation][streaming]") {
    sim::log_histogram h;
    CHECK(std::isnan(h.quantile(0.5)));
    for (const double bad : {-1.0, -0.0 - 1e-300, std::nan(""), std::numeric_limits<double>::infinity()})
        CHECK_THROWS_WITH(h.add(bad), Catch::Contains("'x'") && Catch::Contains("finite and >= 0"));
    h.add(-0.0); // negative zero is zero
    CHECK(h.quantile(0.5) == 0.0);
    CHECK_THROWS_WITH(h.quantile(1.0), Catch::Contains("'p' = 1"));
    CHECK_THROWS_AS(h.quantile(0.0), offload::parameter_error);
    CHECK_THROWS_AS(h.quantile(std::nan("")), offload::parameter_error);
    sim::quantile_sketch s(4);
    CHECK_THROWS_AS(s.add(-2.0), offload::parameter_error);
    s.add(1.0);
    CHECK(s.count() == 1);
}

TEST_CASE("quantile_sketch is exact up to its limit, then binned within the bound", "[simulation][streaming]") {
    std::mt19937_64 g(3);
    const auto xs = draw_samples(g, 0, 20000);
    const std::vector<double> levels = {0.5, 0.9, 0.99, 0.999};
    sim::quantile_sketch exact(sim::quantile_sketch::unlimited), small(1000);
    for (const double x : xs) {
        exact.add(x);
        small.add(x);
    }
    CHECK(exact.exact());
    CHECK_FALSE(small.exact());
    CHECK(small.samples().empty()); // the kept samples are released on the switch
    std::vector<double> qe, qs;
    exact.quantiles(levels, qe);
    small.quantiles(levels, qs);
    for (std::size_t j = 0; j < levels.size(); ++j) {
        const double truth = exact_quantile(xs, levels[j]);
        CHECK(qe[j] == truth);
        CHECK(std::abs(qs[j] - truth) <= sim::log_histogram::relative_error * truth);
    }
    // merging: exact while the union fits, binned after
    sim::quantile_sketch a(10), b(10);
    for (int i = 1; i <= 5; ++i) {
        a.add(i);
        b.add(10 + i);
    }
    a.merge(b);
    CHECK(a.exact());
    CHECK(a.count() == 10);
    std::vector<double> q;
    a.quantiles({0.5}, q);
    CHECK(q[0] == 5.0);
    a.merge(b);
    CHECK_FALSE(a.exact());
    CHECK(a.count() == 15);
    a.quantiles({0.5}, q);
    CHECK(std::abs(q[0] - 12.0) <= sim::log_histogram::relative_error * 12.0); // x_(8) of 1..5, 11..15, 11..15
    sim::quantile_sketch none;
    none.quantiles({0.5}, q);
    CHECK(std::isnan(q[0]));
}
