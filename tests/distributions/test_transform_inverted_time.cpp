// Numerical inversion of products of Laplace-Stieltjes transforms (transform_inverted_time): exact closed forms
// (hypoexponential, Erlang), the library's exact M/D/1 waiting time, and mpmath references.
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/md1_waiting_time.hpp"
#include "offload/distributions/transform_inverted_time.hpp"

using offload::inversion_options;
using offload::lst_factor;
using offload::transform_inverted_time;
using offload::test::rel;
using kind = offload::lst_factor::kind;

namespace {

/// P(X_1 + ... + X_n > t) for independent exponentials with distinct rates (closed form).
double hypoexponential_tail(const std::vector<double>& rates, double t) {
    double sum = 0.0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
        double weight = 1.0;
        for (std::size_t j = 0; j < rates.size(); ++j)
            if (j != i) weight *= rates[j] / (rates[j] - rates[i]);
        sum += weight * std::exp(-rates[i] * t);
    }
    return sum;
}

/// The quantile of a decreasing tail function by bisection (200 halvings: exact to the last bit).
template <class Tail>
double bisect_quantile(Tail tail, double p, double hi) {
    double lo = 0.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (tail(mid) > 1.0 - p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

transform_inverted_time sum_of(double shift, const std::vector<lst_factor>& factors) {
    transform_inverted_time d(shift);
    for (const lst_factor& f : factors) d.add_factor(f);
    return d;
}

} // namespace

TEST_CASE("transform_inverted_time: a tandem of M/M/1 response times is the exact hypoexponential law",
          "[distributions][inversion]") {
    const std::vector<double> rates{3.0, 7.0, 40.0};
    const transform_inverted_time d =
        sum_of(0.0, {{kind::exponential, 3.0}, {kind::exponential, 7.0}, {kind::exponential, 40.0}});
    CHECK(mean(d) == rel(1.0 / 3.0 + 1.0 / 7.0 + 1.0 / 40.0));
    CHECK(variance(d) == rel(1.0 / 9.0 + 1.0 / 49.0 + 1.0 / 1600.0));
    // absolute error of the complementary cdf: aliasing e^-24 (relative) + round-off + truncation
    for (double t : {0.01, 0.1, 0.5, 1.0, 2.0, 4.0}) {
        const auto r = d.invert(t);
        CHECK(r.converged);
        CHECK(r.complementary_cdf == Approx(hypoexponential_tail(rates, t)).margin(2e-10));
        CHECK(cdf(d, t) == Approx(1.0 - hypoexponential_tail(rates, t)).margin(2e-10));
    }
    for (double p : {0.5, 0.9, 0.95, 0.99, 0.999}) {
        const double exact = bisect_quantile([&](double t) { return hypoexponential_tail(rates, t); }, p, 50.0);
        CHECK(quantile(d, p) == rel(exact, 1e-9));
    }
}

TEST_CASE("transform_inverted_time: Erlang-2 (equal rates) and exact shifts", "[distributions][inversion]") {
    const transform_inverted_time d = sum_of(0.25, {{kind::exponential, 5.0}, {kind::exponential, 5.0}});
    const auto tail = [](double x) { return std::exp(-5.0 * x) * (1.0 + 5.0 * x); };
    CHECK(complementary_cdf(d, 0.2) == 1.0); // below the shift
    CHECK(complementary_cdf(d, 0.25) == 1.0);
    CHECK(complementary_cdf(d, 0.25 + 0.3) == Approx(tail(0.3)).margin(2e-10));
    CHECK(quantile(d, 0.99) == rel(0.25 + bisect_quantile(tail, 0.99, 20.0), 1e-9));
    CHECK(mean(d) == rel(0.25 + 0.4));
}

TEST_CASE("transform_inverted_time: the seed's offload path (M/M/1 + M/D/1 + M/M/1 + shifts) against mpmath",
          "[distributions][inversion]") {
    // uplink Exp(625000/12000 - 5), edge M/D/1 wait (lambda 5, D 5.5 ms) + D, downlink Exp(625000/4000 - 5).
    // Reference: mpmath (dps 40), the exact M/D/1 cdf (Erlang's formula) integrated against the hypoexponential
    // density with breakpoints at multiples of D, root by findroot:
    //   /usr/bin/python3 -c "import mpmath as mp; ..."  (script: docs/pipelines.md, "Transform inversion")
    const transform_inverted_time d = sum_of(0.0055, {{kind::exponential, 625000.0 / 12000.0 - 5.0},
                                                      {kind::pk_wait, 5.0, 0.0055, 0.0},
                                                      {kind::exponential, 625000.0 / 4000.0 - 5.0}});
    CHECK(complementary_cdf(d, 0.02) == Approx(0.68532403991498175349).margin(1e-10));
    CHECK(complementary_cdf(d, 0.05) == Approx(0.17882982646624871728).margin(1e-10));
    CHECK(complementary_cdf(d, 0.1) == rel(0.017035722629778838762, 1e-8));
    CHECK(quantile(d, 0.99) == rel(0.11131480964119735358, 1e-9));
}

TEST_CASE("transform_inverted_time: gamma-service M/G/1 (Pollaczek-Khinchine) against mpmath",
          "[distributions][inversion]") {
    // Exp(40) + P-K wait (lambda 60, E[S] 10 ms, scv 0.5, gamma) + gamma service (12 ms, scv 0.5) + 3 ms.
    // Reference: mpmath.invertlaplace(talbot) of (1 - L(s))/s at dps 30 and 45 (identical to 20 digits).
    const transform_inverted_time d =
        sum_of(0.003, {{kind::exponential, 40.0}, {kind::pk_wait, 60.0, 0.01, 0.5}, {kind::gamma_service, 0.012, 0.5}});
    CHECK(complementary_cdf(d, 0.02) == Approx(0.88273979439058787439).margin(1e-10));
    CHECK(complementary_cdf(d, 0.05) == Approx(0.42380018294152109524).margin(1e-10));
    CHECK(complementary_cdf(d, 0.1) == rel(0.076487984775288519898, 1e-8));
    CHECK(quantile(d, 0.99) == rel(0.15358654305980247419, 1e-9));
    // P-K mean and the gamma moments
    CHECK(mean(d) == rel(0.003 + 1.0 / 40.0 + 0.6 * 0.01 * 1.5 / (2.0 * 0.4) + 0.012));
}

TEST_CASE("transform_inverted_time: an M/D/1 wait smoothed by one exponential agrees with the exact M/D/1 law",
          "[distributions][inversion]") {
    // W (M/D/1, rho 0.6) + Exp(200): the exact tail is E[P(W > t - X)] + P(X > t); integrate the library's
    // exact md1_waiting_time against the exponential density (Simpson, 20000 panels: error < 1e-11).
    const offload::md1_waiting_time w(60.0, 0.01);
    const double a = 200.0;
    const auto exact_tail = [&](double t) {
        const int n = 20000;
        const double h = t / n;
        double sum = 0.0;
        for (int i = 0; i <= n; ++i) {
            const double u = i * h;
            const double f = a * std::exp(-a * u) * offload::complementary_cdf(w, t - u);
            sum += f * (i == 0 || i == n ? 1.0 : (i % 2 ? 4.0 : 2.0));
        }
        return sum * h / 3.0 + std::exp(-a * t);
    };
    const transform_inverted_time d = sum_of(0.0, {{kind::pk_wait, 60.0, 0.01, 0.0}, {kind::exponential, a}});
    for (double t : {0.005, 0.015, 0.03, 0.06}) CHECK(complementary_cdf(d, t) == Approx(exact_tail(t)).margin(1e-9));
}

TEST_CASE("transform_inverted_time: atoms, unstable stages and hostile inputs", "[distributions][inversion]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    // an M/M/c-like wait: P(W > 0) = 0.3 -> every quantile below 0.7 is the atom at the shift
    const transform_inverted_time w = sum_of(0.1, {{kind::atom_exponential, 10.0, 0.3}});
    CHECK(quantile(w, 0.5) == 0.1);
    CHECK(quantile(w, 0.7) == 0.1);
    CHECK(quantile(w, 0.99) == rel(0.1 + std::log(0.3 / 0.01) / 10.0, 1e-9));
    CHECK(w.atom_at_shift() == rel(0.7));
    // a point mass (no factor, or only skipped ones)
    const transform_inverted_time point =
        sum_of(0.2, {{kind::atom_exponential, 10.0, 0.0}, {kind::pk_wait, 0.0, 1.0, 0.0}});
    CHECK(point.factor_count() == 0);
    CHECK(quantile(point, 0.99) == 0.2);
    CHECK(cdf(point, 0.2) == 1.0);
    CHECK(cdf(point, 0.19) == 0.0);
    // deterministic gamma service becomes a shift
    const transform_inverted_time shifted = sum_of(0.0, {{kind::gamma_service, 0.05, 0.0}, {kind::exponential, 1.0}});
    CHECK(shifted.shift() == 0.05);
    // unstable
    transform_inverted_time stuck = sum_of(0.0, {{kind::exponential, 1.0}});
    stuck.set_at_infinity();
    CHECK(quantile(stuck, 0.5) == inf);
    CHECK(mean(stuck) == inf);
    CHECK(cdf(stuck, 1e300) == 0.0);
    CHECK(cdf(stuck, inf) == 0.0);
    CHECK(cdf(sum_of(0.0, {{kind::exponential, 1.0}}), inf) == 1.0);
    // hostile probabilities and shifts
    const transform_inverted_time d = sum_of(0.0, {{kind::exponential, 1.0}});
    for (double p : {0.0, 1.0, -0.5, 1.5, std::nan("")})
        CHECK_THROWS_WITH(quantile(d, p), Catch::Contains("offload::quantile(transform_inverted_time)"));
    CHECK_THROWS_WITH(transform_inverted_time(-1.0), Catch::Contains("'shift_seconds' = -1"));
    CHECK_THROWS_AS(transform_inverted_time(std::nan("")), offload::parameter_error);
    for (double a : {1.0, 50.0, std::nan("")}) {
        inversion_options bad;
        bad.abscissa = a;
        CHECK_THROWS_WITH(transform_inverted_time(0.0, bad), Catch::Contains("'options.abscissa'"));
    }
    inversion_options bad_terms;
    bad_terms.max_terms = 1000;
    CHECK_THROWS_WITH(transform_inverted_time(0.0, bad_terms), Catch::Contains("'options.max_terms' = 1000"));
    bad_terms.max_terms = 10;
    CHECK_THROWS_WITH(transform_inverted_time(0.0, bad_terms), Catch::Contains("'options.first_terms' = 20"));
    inversion_options bad_m;
    bad_m.euler_terms = 0;
    CHECK_THROWS_WITH(transform_inverted_time(0.0, bad_m), Catch::Contains("'options.euler_terms' = 0"));
    inversion_options bad_tol;
    bad_tol.relative_tolerance = std::nan("");
    CHECK_THROWS_AS(transform_inverted_time(0.0, bad_tol), offload::parameter_error);
    transform_inverted_time full(0.0);
    for (int i = 0; i < 10; ++i) full.add_factor({kind::exponential, 1.0 + i});
    CHECK_THROWS_WITH(full.add_factor({kind::exponential, 20.0}), Catch::Contains("at most 10 factors"));
}

TEST_CASE("transform_inverted_time: a kinked law that the inversion cannot resolve says so",
          "[distributions][inversion]") {
    // an M/D/1 wait alone has a density jump at D: far fewer terms than needed -> not converged, quantile throws
    inversion_options few;
    few.first_terms = 2;
    few.max_terms = 3;
    few.absolute_tolerance = 1e-15;
    few.relative_tolerance = 1e-15;
    transform_inverted_time d(0.0, few);
    d.add_factor({kind::pk_wait, 90.0, 0.01, 0.0});
    CHECK_FALSE(d.invert(0.0123).converged);
    CHECK_THROWS_AS(quantile(d, 0.99), offload::convergence_error);
}

TEST_CASE("transform_inverted_time: the Erlang (integer shape) gamma factor by squaring equals the log/exp form",
          "[distributions][inversion]") {
    // 1 - (1 + z)^-k, z = s c m, c = 1/k, against exp(-k log(1 + z)) written with std::complex (|z| >= 1/4 takes
    // the squaring; below, both are the log1p/expm1 form), on the Euler abscissae s = (A/2 + i pi j) / x
    using cplx = std::complex<double>;
    for (const int k : {2, 3, 4, 5, 10, 17, 64}) {
        const double c = 1.0 / k, m = 0.01;
        for (const double x : {0.001, 0.05, 3.0})
            for (int j = 0; j <= 400; j += 7) {
                const cplx s(12.0 / x, std::numbers::pi * j / x);
                const cplx reference = 1.0 - std::exp(-static_cast<double>(k) * std::log(1.0 + s * (c * m)));
                const cplx got = offload::detail::one_minus_gamma_lst(s, m, c);
                INFO("k " << k << ", x " << x << ", j " << j);
                // the reference's exp(k log(1 + z)) carries ~k |log(1 + z)| eps: up to ~1e-13 at k = 64
                CHECK(std::abs(got - reference) <= 1e-12 * std::abs(reference));
            }
    }
    // the fast path's answer feeds the P-K wait: the mpmath test above (scv 0.5, shape 2) also runs through it
}

namespace {

/// Random sums of factors like the pipelines' (M/M/1 responses, M/M/c-like waits, gamma services of integer and
/// non-integer shape, P-K waits of gamma and deterministic service smoothed by an exponential), with a shift; the
/// same laws for the same seed, whatever the options.
std::vector<transform_inverted_time> random_laws(unsigned seed, int count, const inversion_options& options = {}) {
    std::mt19937 rng(seed);
    const auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    std::vector<transform_inverted_time> laws;
    for (int i = 0; i < count; ++i) {
        transform_inverted_time d(uniform(0.0, 0.02), options);
        d.add_factor({kind::exponential, uniform(20.0, 400.0)});
        const double m = uniform(0.002, 0.02);
        const double scvs[] = {0.1, 0.11, 0.25, 0.37, 0.5, 1.0, 1.7};
        const double c = scvs[static_cast<std::size_t>(i) % 7];
        const double lambda = uniform(0.05, 0.9) / m;
        switch (i % 4) {
        case 0: // a tenant path: P-K wait of one service, the request's own (different) service
            d.add_factor({kind::pk_wait, lambda, m, c});
            d.add_factor({kind::gamma_service, uniform(0.002, 0.02), scvs[static_cast<std::size_t>(i / 7) % 7]});
            break;
        case 1: // an mg1 stage: the wait and the same service
            d.add_factor({kind::pk_wait, lambda, m, c});
            d.add_factor({kind::gamma_service, m, c});
            break;
        case 2: // an M/D/1 stage (the rotation recurrence) smoothed by the exponentials
            d.add_factor({kind::pk_wait, lambda, m, 0.0});
            d.add_factor({kind::exponential, uniform(50.0, 500.0)});
            break;
        default: // an M/M/c-like wait and an exponential service
            d.add_factor({kind::atom_exponential, uniform(5.0, 100.0), uniform(0.05, 0.9)});
            d.add_factor({kind::gamma_service, m, c});
            break;
        }
        d.add_factor({kind::exponential, uniform(20.0, 400.0)});
        laws.push_back(d);
    }
    return laws;
}

/// The quantile search without the grid's reuse: Newton on ln Fbar with a full inversion at every iterate and the
/// same bracket, safeguards and stopping rule (the search before the reuse), from `start` (t; NaN: none).
double quantile_by_full_inversions(const transform_inverted_time& d, double p, double start) {
    const double target = std::log1p(-p);
    const double mu = mean(d) - d.shift(), sd = std::sqrt(variance(d));
    double lo = 0.0, hi = std::numeric_limits<double>::infinity();
    double x = start - d.shift() > 0.0 ? start - d.shift() : std::max(mu + sd * (-target - 1.0), 0.25 * mu);
    bool converged = false;
    for (int iteration = 0; iteration < 100; ++iteration) {
        const offload::inversion_result r = d.invert(d.shift() + x);
        converged = r.converged;
        (r.complementary_cdf > 1.0 - p ? lo : hi) = x;
        const bool newton = r.complementary_cdf > 0.0 && r.density > 0.0;
        double next = newton ? x + (std::log(r.complementary_cdf) - target) * r.complementary_cdf / r.density
                             : (hi < std::numeric_limits<double>::infinity() ? 0.5 * (lo + hi) : 2.0 * x);
        const bool inside = next > lo && next < hi;
        if (!inside)
            next = hi < std::numeric_limits<double>::infinity() ? 0.5 * (lo + hi) : std::max(2.0 * x, 2.0 * lo);
        const bool done = (newton && inside && std::abs(next - x) <= 1e-6 * x) || std::abs(next - x) <= 1e-12 * x ||
                          (hi < std::numeric_limits<double>::infinity() && hi - lo <= 1e-13 * hi);
        x = next;
        if (done) break;
    }
    REQUIRE(converged);
    return d.shift() + x;
}

} // namespace

TEST_CASE("transform_inverted_time: an Euler grid summed near its point equals a fresh inversion there",
          "[distributions][inversion]") {
    // the quantile search's later iterates reuse the transform values of its last full inversion (euler_grid):
    // within the grid's reach the result must be that of a full inversion at the point itself, to the inversion's
    // tolerance (1e-10 absolute or 1e-8 relative on successive Euler averages; round-off ~1e-11)
    using offload::detail::euler_grid;
    constexpr double reach = offload::detail::euler_grid_reach;
    const std::vector<transform_inverted_time> laws = random_laws(12345u, 200);
    double worst_tail = 0.0, worst_density = 0.0;
    for (std::size_t i = 0; i < laws.size(); ++i) {
        const transform_inverted_time& d = laws[i];
        const bool md1 = i % 4 == 2; // an M/D/1 factor: inverted afresh at every point
        for (const double p : {0.3, 0.9, 0.99, 0.9999}) {
            const double x0 = quantile(d, p) - d.shift();
            euler_grid grid;
            grid.reset(&d.factor(0), d.factor_count(), d.options(), x0);
            for (const double delta : {0.0, 1e-9, -3e-6, 4e-4, -0.003, 0.99 * reach, -0.99 * reach}) {
                const double x = x0 * (1.0 + delta);
                INFO("law " << i << ", p " << p << ", delta " << delta);
                REQUIRE(grid.reaches(x) == !md1);
                const offload::inversion_result near = grid.at(x);
                const offload::inversion_result fresh = d.invert(d.shift() + x);
                REQUIRE(fresh.converged);
                if (md1) continue;
                REQUIRE(near.converged);
                const double tail_error = std::abs(near.complementary_cdf - fresh.complementary_cdf);
                const double density_error = std::abs(near.density - fresh.density) * x; // f x: dimensionless
                CHECK(tail_error <= 1e-10 + 1e-8 * fresh.complementary_cdf);
                CHECK(density_error <= 2e-8 * std::max(1.0, fresh.density * x)); // guides Newton steps only
                worst_tail = std::max(worst_tail, tail_error / (1e-10 + 1e-8 * fresh.complementary_cdf));
                worst_density = std::max(worst_density, density_error / std::max(1.0, fresh.density * x));
                if (delta == 0.0) { // the grid's own point: exactly the Euler algorithm there
                    CHECK(near.complementary_cdf == fresh.complementary_cdf);
                    CHECK(near.density == fresh.density);
                    CHECK(near.error_estimate == fresh.error_estimate);
                }
            }
            CHECK_FALSE(grid.reaches(x0 * (1.0 + 1.01 * reach)));
            CHECK_FALSE(grid.reaches(x0 * (1.0 - 1.01 * reach)));
        }
    }
    // (measured: Fbar differences up to 0.57 of the tolerance, density * x up to 1e-8)
    UNSCOPED_INFO("largest differences: Fbar " << worst_tail << " of the tolerance, density * x " << worst_density);
    CHECK(worst_tail < 1.0);
    // a grid point on an exact law: off-centre sums keep the inversion's accuracy (hypoexponential, as above)
    const std::vector<double> rates{3.0, 7.0, 40.0};
    const transform_inverted_time h =
        sum_of(0.0, {{kind::exponential, 3.0}, {kind::exponential, 7.0}, {kind::exponential, 40.0}});
    for (const double x0 : {0.05, 0.7, 2.5}) {
        euler_grid grid;
        grid.reset(&h.factor(0), h.factor_count(), h.options(), x0);
        for (const double delta : {-0.99 * reach, -0.002, 0.0, 0.0011, 0.99 * reach}) {
            const double x = x0 * (1.0 + delta);
            CHECK(grid.at(x).complementary_cdf == Approx(hypoexponential_tail(rates, x)).margin(2e-10));
        }
    }
}

TEST_CASE("transform_inverted_time: quantile searches that reuse the grid are as accurate as full inversions",
          "[distributions][inversion]") {
    // quantile() and quantiles() (cold; warm-started near the answer; started far off, so that the search leaves
    // the grid's reach and inverts afresh) against a reference quantile (a tight inversion: 80 terms, tolerances
    // 1e-15 / 1e-13, a full inversion at every iterate). The error is measured in Fbar, |t - t_ref| f(t_ref): the
    // inversion's tolerance (1e-10 absolute or 1e-8 relative) plus round-off; the search with a full inversion at
    // every iterate (the search before the grid's reuse) has to meet the same bound.
    inversion_options tight;
    tight.first_terms = 80;
    tight.absolute_tolerance = 1e-15;
    tight.relative_tolerance = 1e-13;
    const std::vector<transform_inverted_time> laws = random_laws(777u, 120);
    const std::vector<transform_inverted_time> references = random_laws(777u, 120, tight);
    constexpr std::array<double, 4> levels{0.5, 0.95, 0.99, 0.999};
    double worst = 0.0, worst_full = 0.0;
    for (std::size_t i = 0; i < laws.size(); ++i) {
        const transform_inverted_time& d = laws[i];
        const bool md1 = i % 4 == 2; // an M/D/1 factor: no reuse, the same search as before (accuracy: tests above)
        std::array<double, 4> reference{}, density{};
        for (std::size_t j = 0; j < levels.size(); ++j) {
            // (the M/D/1 laws' kinks keep the tight inversion from its tolerance: their searches are compared instead)
            reference[j] =
                md1 ? quantile(d, levels[j]) : quantile_by_full_inversions(references[i], levels[j], std::nan(""));
            density[j] = d.invert(reference[j]).density;
        }
        const auto check = [&](double q, double full, std::size_t j) {
            if (md1) {
                CHECK(q == full);
                return;
            }
            const double bound = 2e-10 + 1e-8 * (1.0 - levels[j]);
            const double error = std::abs(q - reference[j]) * density[j];
            const double error_full = std::abs(full - reference[j]) * density[j];
            CHECK(error <= bound);
            CHECK(error_full <= bound);
            worst = std::max(worst, error / bound);
            worst_full = std::max(worst_full, error_full / bound);
        };
        for (std::size_t j = 0; j < levels.size(); ++j) {
            INFO("law " << i << ", level " << levels[j]);
            check(quantile(d, levels[j]), quantile_by_full_inversions(d, levels[j], std::nan("")), j);
        }
        for (const double factor : {1.0, 1.0 + 1e-7, 0.9995, 1.004, 1.03, 0.8, 3.0, 0.2}) {
            std::array<double, 4> starts{}, out{};
            for (std::size_t j = 0; j < levels.size(); ++j) starts[j] = d.shift() + (reference[j] - d.shift()) * factor;
            quantiles(d, levels, out, starts);
            for (std::size_t j = 0; j < levels.size(); ++j) {
                INFO("law " << i << ", level " << levels[j] << ", start factor " << factor);
                check(out[j], quantile_by_full_inversions(d, levels[j], starts[j]), j);
            }
        }
    }
    // (measured: both up to ~0.5 of the bound; the two searches' worst cases within a factor 1.3)
    UNSCOPED_INFO("largest errors, as a fraction of the bound: reusing " << worst << ", full inversions "
                                                                         << worst_full);
    CHECK(worst <= 1.0);
    CHECK(worst <= 2.0 * worst_full);
}
