// The in-library special functions (detail/special_functions.hpp: regularised incomplete gamma, the incomplete-beta
// continued fraction, ln Gamma) and the series that replaced quadrature in gamma_tail_convolution, against mpmath
// reference values and against Boost.Math on random grids (the library's queueing core no longer includes Boost.Math's
// gamma, beta and quadrature headers; the tests still have them).
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/detail/special_functions.hpp"
#include "offload/distributions/gamma_plus_tail_time.hpp"

using offload::test::rel;

namespace {

struct gamma_reference {
    double a, x, p, q, density;
};

// The relative condition number of P, Q and the density in x is about |a - x| (x d/dx ln(x^a e^{-x}) = a - x): an
// error of one ulp in x alone moves them by |a - x| ulps. Far from the peak and for a >= 170 the rounding of
// ln(x / a), times a, adds a |ln(x / a)| ulps (special_functions.hpp). Tolerance: 4 ulps per unit, at least 1e-14.
double gamma_tolerance(double a, double x) {
    const double far = a >= 170.0 ? a * std::fabs(std::log(x / a)) : 0.0;
    return std::max(1e-14, 4.0 * std::numeric_limits<double>::epsilon() * (10.0 + std::fabs(a - x) + far));
}

} // namespace

TEST_CASE("special functions: P, Q and the density of the incomplete gamma match mpmath", "[special_functions]") {
    // /usr/bin/python3 -c "import mpmath as m; m.mp.dps = 40; a, x = m.mpf(30), m.mpf(31)
    // print(m.gammainc(a, 0, x, regularized=True), m.gammainc(a, x, m.inf, regularized=True),
    //       x**(a-1) * m.exp(-x) / m.gamma(a))"   (and so on for each row)
    const gamma_reference table[] = {
        {1.0e-3, 1.0000000000000001e-5, 0.98912304469578267, 0.010876955304217331, 98.911316339601731},
        {1.0e-3, 0.5, 0.99943993334352925, 5.6006665647074989e-4, 1.2129196984382425e-3},
        {0.02, 3.0, 0.9997290302962196, 2.7096970378040281e-4, 3.431151135813922e-4},
        {0.29999999999999999, 0.10000000000000001, 0.5459128495917965, 0.4540871504082035, 1.5159034081925859},
        {0.5, 9.9999999999999995e-8, 3.568248113363938e-4, 0.99964317518866361, 1.7841239377403685e+3},
        {0.90000000000000002, 1.8999999999999999, 0.87352563967230881, 0.12647436032769119, 0.13126178010566221},
        {1.0, 1.0e-10, 9.9999999995000004e-11, 0.9999999999, 0.9999999999},
        {1.0, 2.0, 0.86466471676338731, 0.13533528323661269, 0.13533528323661269},
        {2.5, 0.69999999999999996, 0.075686727198333053, 0.92431327280166695, 0.21877854159757576},
        {3.5, 40.0, 0.99999999999998622, 1.377501829742615e-14, 1.2935835785942989e-14},
        {7.25, 7.0, 0.51220464639194533, 0.48779535360805467, 0.15103449581635096},
        {9.9000000000000004, 30.0, 0.99999368278078311, 6.3172192168930321e-6, 4.5221491230138788e-6},
        {10.0, 10.0, 0.54207028552814779, 0.45792971447185221, 0.1251100357211333},
        {30.0, 31.0, 0.59534782096561088, 0.40465217903438912, 0.069154645913938691},
        {40.5, 9.9999999999999995e-7, 1.9199353961340601e-292, 1.0, 7.7757381669757547e-285},
        {200.5, 190.0, 0.23231546188211384, 0.76768453811788616, 0.02235062232557416},
        {301.0, 250.0, 9.5221958639264148e-4, 0.99904778041360736, 2.1017404466197682e-4},
        {1.0e+3, 1.1e+3, 0.99894067674607002, 1.0593232539299773e-3, 1.0537028564234359e-4},
        {2.0e+4, 1.98e+4, 0.078300495012177348, 0.92169950498782265, 1.0412293357329973e-3},
        {1.0e+5, 1.01e+5, 0.99919157848707441, 8.0842151292559073e-4, 8.6993076748991187e-6},
        {1.215325e+4, 8.5305e+3, 1.7850884963671145e-297, 1.0, 7.585869647571056e-298},
    };
    for (const gamma_reference& r : table) {
        CAPTURE(r.a, r.x);
        const auto pq = offload::detail::regularized_gamma(r.a, r.x);
        const double tol = gamma_tolerance(r.a, r.x);
        CHECK(pq.p == rel(r.p, tol));
        CHECK(pq.q == rel(r.q, tol));
        CHECK(offload::detail::regularized_gamma_p(r.a, r.x) == pq.p);
        CHECK(offload::detail::regularized_gamma_q(r.a, r.x) == pq.q);
        CHECK(offload::detail::regularized_gamma_p_derivative(r.a, r.x) == rel(r.density, tol));
    }
}

TEST_CASE("special functions: the incomplete gamma matches Boost.Math on a random grid", "[special_functions]") {
    std::mt19937_64 rng(20261207);
    std::uniform_real_distribution<double> log_a(std::log(1e-4), std::log(1e5));
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    for (int i = 0; i < 20000; ++i) {
        const double a = std::exp(log_a(rng));
        // x near a (within 6 standard deviations for a > 1) in two of three draws, in [1e-6, 1e4] in the third
        const double x = i % 3 == 0 ? std::exp(std::log(1e-6) + (unit(rng) + 1.0) * 0.5 * std::log(1e10))
                                    : a * std::exp(unit(rng) * (a > 1.0 ? 6.0 / std::sqrt(a) : 2.0));
        CAPTURE(a, x);
        const auto pq = offload::detail::regularized_gamma(a, x);
        const double tol = gamma_tolerance(a, x) + 1e-15; // Boost's own error is of the same order
        CHECK(pq.p == rel(boost::math::gamma_p(a, x), tol));
        CHECK(pq.q == rel(boost::math::gamma_q(a, x), tol));
        CHECK(pq.p + pq.q == Approx(1.0).epsilon(1e-15));
        CHECK(offload::detail::regularized_gamma_p_derivative(a, x) == rel(boost::math::gamma_p_derivative(a, x), tol));
    }
}

TEST_CASE("special functions: ln Gamma, ln Gamma(1 + a) and the edges", "[special_functions]") {
    // /usr/bin/python3 -c "import mpmath as m; m.mp.dps = 30; print(m.loggamma(1 + m.mpf('1e-8')))"   (and so on)
    const std::pair<double, double> log_gamma_1p_reference[] = {
        {1e-08, -5.7721565667686258e-9}, {0.001, -0.00057639359828336955}, {0.25, -0.098271836421813161},
        {0.5, -0.12078223763524522},     {0.999, -0.00042246180069215415}, {1.0, 0.0}};
    // absolute accuracy is what counts (it enters Q through exp) and relative accuracy near a = 0 (Q ~ a there);
    // ln Gamma(2) = 0 is a zero of the function, where only the absolute error is meaningful
    for (const auto& [a, expected] : log_gamma_1p_reference)
        CHECK(offload::detail::log_gamma_1p(a) == Approx(expected).epsilon(1e-15).margin(2e-16));
    for (double a : {1e-3, 0.5, 1.0, 2.5, 9.99, 10.0, 10.01, 123.4, 1e6})
        CHECK(offload::detail::log_gamma(a) == Approx(boost::math::lgamma(a)).epsilon(1e-14).margin(1e-15));
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const auto at_zero = offload::detail::regularized_gamma(2.0, 0.0);
    CHECK(at_zero.p == 0.0);
    CHECK(at_zero.q == 1.0);
    const auto at_inf = offload::detail::regularized_gamma(2.0, inf);
    CHECK(at_inf.p == 1.0);
    CHECK(at_inf.q == 0.0);
    CHECK(std::isnan(offload::detail::regularized_gamma(nan, 1.0).p));
    CHECK(std::isnan(offload::detail::regularized_gamma(1.0, nan).q));
    CHECK(std::isnan(offload::detail::regularized_gamma_p_derivative(1.0, nan)));
    CHECK(offload::detail::regularized_gamma_p_derivative(2.0, 0.0) == 0.0);
    CHECK(offload::detail::regularized_gamma_p_derivative(1.0, 0.0) == 1.0);
    CHECK(std::isinf(offload::detail::regularized_gamma_p_derivative(0.5, 0.0)));
    // far tails underflow to 0 (no overflow, no NaN)
    CHECK(offload::detail::regularized_gamma_p(1e6, 1e3) == 0.0);
    CHECK(offload::detail::regularized_gamma_q(10.0, 1e4) == 0.0);
}

namespace {
// P(NegBin(shape, p) > j) = I_x(j + 1, shape), x = lt / (1 + lt), its front the mass at j + 1 (as in mg1k.hpp)
double negative_binomial_tail(int j, double shape, double lt) {
    const double x = lt / (1.0 + lt);
    double log_mass = -shape * std::log1p(lt);
    for (int i = 0; i <= j; ++i) log_mass += std::log(x * (i + shape) / (i + 1.0));
    return offload::detail::regularized_beta_given_front(j + 1.0, shape, x, std::exp(log_mass));
}
struct beta_reference {
    int j;
    double shape, lt, tail;
};
} // namespace

TEST_CASE("special functions: the negative binomial tail matches mpmath and Boost.Math", "[special_functions]") {
    // /usr/bin/python3 -c "import mpmath as m; m.mp.dps = 40; j, s, lt = 3, 2.0, 1.5; x = m.mpf(lt) / (1 + lt)
    // print(m.betainc(j + 1, s, 0, x, regularized=True))"   (and so on for each row)
    const beta_reference table[] = {
        {0, 0.5, 0.3, 0.12294198069297078},
        {3, 2.0, 1.5, 0.33696},
        {10, 0.02, 400.0, 0.060204517886581976},
        {60, 0.0183, 463.3, 0.02882907467924062},
        {5, 50.0, 0.01, 1.8019629382544672e-5},
        {40, 1000.0, 0.01, 2.8165884307903801e-13},
        {2, 4.0, 0.25, 0.09888},
        {100, 3.0, 10.0, 0.0034799922208802375},
    };
    for (const beta_reference& r : table) {
        CAPTURE(r.j, r.shape, r.lt);
        // the mass is built by j + 1 products of a few ulps each
        CHECK(negative_binomial_tail(r.j, r.shape, r.lt) == rel(r.tail, 1e-14 * (1.0 + r.j)));
    }
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> log_shape(std::log(0.01), std::log(1e4));
    std::uniform_real_distribution<double> log_lt(std::log(1e-6), std::log(1e3));
    for (int i = 0; i < 300; ++i) {
        const double shape = std::exp(log_shape(rng)), lt = std::exp(log_lt(rng));
        for (int j : {0, 1, 5, 20, 100}) {
            const double expected = boost::math::ibeta(j + 1.0, shape, lt / (1.0 + lt));
            if (expected < 1e-290) break;
            CAPTURE(shape, lt, j);
            CHECK(negative_binomial_tail(j, shape, lt) == rel(expected, 1e-13 * (1.0 + j)));
        }
    }
}

TEST_CASE("special functions: the convolution series matches mpmath's 1F1 form", "[special_functions]") {
    // int_0^a e^{-gamma (t - u)} f(u) du, f the Gamma(alpha, rate beta) density; with g = gamma / beta, X = beta a:
    // e^{-g beta t} / Gamma(alpha) X^alpha / alpha 1F1(alpha; alpha + 1; (g - 1) X)
    // /usr/bin/python3 -c "import mpmath as m; m.mp.dps = 40; al, be, ga, t, a = map(m.mpf, (2, 1, 1.5, 5, 3))
    // g = ga / be; X = be * a; print(m.exp(-g*be*t) / m.gamma(al) * X**al / al * m.hyp1f1(al, al + 1, (g - 1) * X))"
    struct row {
        double alpha, beta, gamma, t, a, expected;
    };
    const row table[] = {
        {0.04, 0.04, 0.05, 30.0, 20.0, 0.22785221244039312},      {2.0, 1.0, 1.5, 5.0, 3.0, 0.0071698418339240512},
        {0.5, 2.0, 2.0, 4.0, 4.0, 0.0010706418061190828},         {1.1, 1.0, 3.0, 2.0, 1.5, 0.024834794018597445},
        {800.0, 800.0, 700.0, 1.5, 1.2, 7.5132350085002412e-100}, {3.0, 1.0, 1.0, 10.0, 2.0, 6.0533239683313135e-5},
        {50.0, 10.0, 25.0, 6.0, 5.0, 3.1440695808253129e-13},
    };
    for (const row& r : table) {
        CAPTURE(r.alpha, r.beta, r.gamma, r.t, r.a);
        // the exponent (up to g beta t ~ 1000) carries its rounding: about 1e-13 relative at most
        CHECK(offload::detail::gamma_tail_convolution(r.alpha, r.beta, 1.0, r.gamma, r.t, r.a, "test") ==
              rel(r.expected, 1e-13));
    }
}
