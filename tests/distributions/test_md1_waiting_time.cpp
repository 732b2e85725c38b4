#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/distributions/md1_waiting_time.hpp"

using offload::md1_waiting_time;
using offload::test::rel;

namespace {

// Erlang's classical alternating series, in double precision: accurate only for small t / D.
double erlang_series_cdf(double lambda, double d, double t) {
    const double rho = lambda * d;
    double sum = 0.0;
    for (int k = 0; k <= static_cast<int>(std::floor(t / d)); ++k) {
        const double x = lambda * (k * d - t);
        sum += std::pow(x, k) / std::tgamma(k + 1.0) * std::exp(-x);
    }
    return (1.0 - rho) * sum;
}

// integral of f over [0, n D], piecewise between the kinks of the cdf at multiples of D
template <class F>
double integrate_pieces(F f, double d, int n) {
    double total = 0.0;
    for (int k = 0; k < n; ++k)
        total += boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, k * d, (k + 1) * d, 5, 1e-14);
    return total;
}

} // namespace

TEST_CASE("md1_waiting_time: cdf below 2D equals the closed forms", "[distributions][md1]") {
    for (double rho : {1e-9, 0.2, 0.5, 0.9, 0.999}) {
        const md1_waiting_time w(rho, 1.0);
        CHECK(cdf(w, 0.0) == rel(1.0 - rho, 1e-14));
        for (double t : {0.1, 0.5, 0.99}) CHECK(cdf(w, t) == rel((1.0 - rho) * std::exp(rho * t), 1e-13));
        for (double t : {1.0, 1.4, 1.999})
            CHECK(cdf(w, t) ==
                  rel((1.0 - rho) * (std::exp(rho * t) - rho * (t - 1.0) * std::exp(rho * (t - 1.0))), 1e-13));
    }
}

TEST_CASE("md1_waiting_time: cdf matches Erlang's series where double precision still holds it",
          "[distributions][md1]") {
    for (double rho : {0.3, 0.6, 0.8}) {
        const double lambda = rho / 0.5;
        const md1_waiting_time w(lambda, 0.5);
        for (double t = 0.0; t <= 3.0; t += 0.0625)
            CHECK(cdf(w, t) == Approx(erlang_series_cdf(lambda, 0.5, t)).margin(1e-12));
    }
}

TEST_CASE("md1_waiting_time: cdf and tail against 300-digit references", "[distributions][md1]") {
    // Erlang's alternating series evaluated with mpmath at 300 digits (an independent method)
    struct row {
        double rho, t, cdf, tail;
    };
    const std::vector<row> rows = {
        {0.5, 0.3, 0.58091712136414156131, 0.41908287863585843869},
        {0.5, 2.5, 0.97135936963691364805, 0.028640630363086351951},
        {0.5, 7.25, 0.99992685956000090842, 0.000073140439999091584882},
        {0.5, 20.0, 0.99999999999192806326, 8.0719367433880127658e-12},
        {0.8, 2.5, 0.70485235349161897304, 0.29514764650838102696},
        {0.8, 7.25, 0.96188026034913789081, 0.038119739650862109188},
        {0.8, 20.0, 0.99984315636929862899, 0.00015684363070137101266},
        {0.95, 1.0, 0.12928548296579230995, 0.87071451703420769005},
        {0.95, 7.25, 0.53763793297320464868, 0.46236206702679535132},
        {0.95, 20.0, 0.87361119569882840893, 0.12638880430117159107},
        {0.95, 50.0, 1.0 - 0.0059752898997363700778, 0.0059752898997363700778},
        {0.95, 200.0, 1.0 - 1.4112724290558542698e-9, 1.4112724290558542698e-9},
        {0.95, 200.5, 1.0 - 1.3412869424970555234e-9, 1.3412869424970555234e-9},
    };
    for (const row& r : rows) {
        INFO("rho = " << r.rho << ", t = " << r.t);
        // D = 2 s: times scale with D
        const md1_waiting_time w(r.rho / 2.0, 2.0);
        CHECK(cdf(w, 2.0 * r.t) == rel(r.cdf, 1e-13));
        CHECK(complementary_cdf(w, 2.0 * r.t) == rel(r.tail, 1e-11));
    }
}

TEST_CASE("md1_waiting_time: rho = 0.95 at t = 200 D is in [0, 1], monotone and on the exact asymptote",
          "[distributions][md1]") {
    const md1_waiting_time w(0.95, 1.0);
    CHECK(w.decay_rate() == rel(0.10172434295994335527, 1e-13)); // mpmath root of 0.95 (e^g - 1) = g
    CHECK(w.asymptote_coefficient() == rel(0.96666283491935837164, 1e-13));
    double previous = cdf(w, 199.0);
    for (double t = 199.0; t <= 201.0; t += 0.125) {
        const double f = cdf(w, t);
        CHECK(f >= 0.0);
        CHECK(f <= 1.0);
        CHECK(f >= previous);
        previous = f;
        const double asymptote = w.asymptote_coefficient() * std::exp(-w.decay_rate() * t);
        CHECK(complementary_cdf(w, t) == rel(asymptote, 1e-11));
        CHECK(1.0 - f == Approx(asymptote).margin(1e-14));
    }
}

TEST_CASE("md1_waiting_time: cdf is continuous at multiples of D", "[distributions][md1]") {
    const md1_waiting_time w(0.9, 1.0);
    for (int k = 1; k <= 60; k += 7) {
        const double t = k;
        CHECK(cdf(w, std::nextafter(t, 0.0)) == Approx(cdf(w, t)).margin(1e-14));
        CHECK(complementary_cdf(w, std::nextafter(t, 0.0)) == rel(complementary_cdf(w, t), 1e-12));
    }
}

TEST_CASE("md1_waiting_time: integrating the survival function gives the P-K mean and the Takacs variance",
          "[distributions][md1]") {
    for (double rho : {0.2, 0.7, 0.9}) {
        const md1_waiting_time w(rho, 1.0);
        const int n = static_cast<int>(40.0 / w.decay_rate()) + 2; // survival < e^{-40} beyond
        const double first = integrate_pieces([&](double t) { return complementary_cdf(w, t); }, 1.0, n);
        const double second = integrate_pieces([&](double t) { return 2.0 * t * complementary_cdf(w, t); }, 1.0, n);
        CHECK(first == rel(rho / (2.0 * (1.0 - rho)), 1e-10));
        CHECK(second - first * first == rel(variance(w), 1e-9));
    }
}

TEST_CASE("md1_waiting_time: rho within 1e-5 of 1 hands over to the exact asymptote smoothly", "[distributions][md1]") {
    const md1_waiting_time w(1.0 - 1e-5, 1.0);
    const double t_cap = static_cast<double>(offload::detail::md1_exact_levels);
    const double below = complementary_cdf(w, t_cap - 2.5); // exact levels, geometric remainder
    const double above = complementary_cdf(w, t_cap + 2.5); // asymptote
    const double gamma = w.decay_rate();
    CHECK(below == rel(w.asymptote_coefficient() * std::exp(-gamma * (t_cap - 2.5)), 1e-9));
    CHECK(above == rel(w.asymptote_coefficient() * std::exp(-gamma * (t_cap + 2.5)), 1e-15));
    CHECK(below > above);
    const double p99 = quantile(w, 0.99);
    CHECK(std::isfinite(p99));
    CHECK(p99 > t_cap);
    CHECK(p99 == rel(std::log(w.asymptote_coefficient() / 0.01) / gamma, 1e-12));
    CHECK(cdf(w, p99) == Approx(0.99).margin(1e-12));
}

TEST_CASE("md1_waiting_time: tiny load and huge times", "[distributions][md1]") {
    const md1_waiting_time w(1e-12, 1.0);
    CHECK(cdf(w, 1e6) == 1.0);
    CHECK(complementary_cdf(w, 1e6) == 0.0);
    CHECK(complementary_cdf(w, 0.0) == rel(1e-12, 1e-10));
    CHECK(quantile(w, 0.5) == 0.0);
    const md1_waiting_time idle(0.0, 1.0);
    CHECK(cdf(idle, 0.0) == 1.0);
    CHECK(mean(idle) == 0.0);
    CHECK(quantile(idle, 0.999) == 0.0);
    const md1_waiting_time busy(0.5, 1.0);
    CHECK(cdf(busy, 1e12) == 1.0);
    CHECK(cdf(busy, std::numeric_limits<double>::infinity()) == 1.0);
    CHECK(cdf(busy, -1.0) == 0.0);
    // rho down to 1e-307: the decay exponent w solves rho (e^w - 1) = w, i.e. w - ln w = ln(1/rho) up to
    // ln(1 - e^-w) ~ 0 (rho e^w overflowed for rho below ~1e-200 before the equation was solved in logarithms)
    for (double rho : {1e-200, 1e-300, 1e-307}) {
        INFO("rho = " << rho);
        const md1_waiting_time light(rho / 2.0, 2.0); // (lambda, D)
        const double x = light.decay_rate() * 2.0;
        CHECK(x - std::log(x) == rel(-std::log(rho), 1e-12));
        CHECK(complementary_cdf(light, 0.0) == rel(rho, 1e-10));
        CHECK(quantile(light, 0.99) == 0.0);
    }
}
