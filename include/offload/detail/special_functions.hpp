// offload/detail/special_functions.hpp — the regularised incomplete gamma functions P(a, x), Q(a, x) = 1 - P(a, x)
// and the density x^{a-1} e^{-x} / Gamma(a), for a > 0 and x >= 0, in plain C++ (no Boost: Boost.Math's gamma
// header alone cost about 1.4 s of compile time in every translation unit that included a queue model).
//
// Method (the classical one, as in Numerical Recipes 6.2 and DiDonato & Morris 1986):
//   prefix  x^a e^{-x} / Gamma(a): for a < 10 from pow, exp and tgamma; for a >= 10 in Temme's form
//           sqrt(a / 2 pi) exp(-a phi(x / a)) / Gamma*(a), phi(t) = t - 1 - ln t computed without cancellation
//           near t = 1, Gamma*(a) the Stirling correction (its asymptotic series, 7 terms);
//   P       by its power series when x < a + 1 (positive terms);
//   Q       by the Legendre continued fraction (modified Lentz) when x >= a + 1, and otherwise as 1 - P, except for
//           a < 1, x < a + 1 where Q is small (of order a) and is computed as
//           -expm1(a ln x - ln Gamma(1 + a)) - x^a / Gamma(a) sum_{n>=1} (-x)^n / (n! (a + n)),
//           ln Gamma(1 + a) by its Taylor series around 1 (zeta values).
// The larger of P and Q is computed as 1 - the smaller one, so both are accurate to a few ulps relative to the
// prefix, which is accurate to about |a - x| ulps (the condition number of x^a e^{-x} in x) near the peak, and far
// from it to about a |ln(x / a)| ulps for a >= 170 (the rounding of ln(x / a) times a), a few ulps below. Tested against mpmath
// (tests/queues/test_incomplete_gamma.cpp). No exceptions: NaN in, NaN out; results under 1e-308 underflow to 0.
#pragma once

#include <array>
#include <cmath>
#include <limits>

namespace offload::detail {

/// ln Gamma(a) - [(a - 1/2) ln a - a + ln(2 pi) / 2] for a >= 10 (Stirling's series; error below 1e-16).
[[nodiscard]] inline double stirling_correction(double a) noexcept {
    const double r = 1.0 / a;
    const double r2 = r * r;
    return r *
           (1.0 / 12.0 +
            r2 * (-1.0 / 360.0 +
                  r2 * (1.0 / 1260.0 +
                        r2 * (-1.0 / 1680.0 + r2 * (1.0 / 1188.0 + r2 * (-691.0 / 360360.0 + r2 * (1.0 / 156.0)))))));
}

/// ln(1 + u) - u without cancellation (u > -1).
[[nodiscard]] inline double log1p_minus(double u) noexcept {
    if (std::fabs(u) > 0.25) return std::log1p(u) - u;
    // -u^2/2 + u^3/3 - ...: 40 terms reach 0.25^40 / 40 < 1e-25
    double term = u; // u^k
    double sum = 0.0;
    for (int k = 2; k < 60; ++k) {
        term *= -u;
        const double add = term / k;
        sum += add;
        if (std::fabs(add) <= 1e-17 * std::fabs(sum)) break;
    }
    return sum;
}

/// ln Gamma(1 + a) for 0 <= a <= 1: -gamma a + a - ln(1 + a) + sum_{k>=2} (-a)^k (zeta(k) - 1) / k.
[[nodiscard]] inline double log_gamma_1p(double a) noexcept {
    static constexpr std::array<double, 39> zeta_minus_one{
        0.6449340668482264365,     0.2020569031595942854,     0.08232323371113819152,    0.03692775514336992633,
        0.01734306198444913971,    0.00834927738192282684,    0.004077356197944339379,   0.002008392826082214418,
        0.0009945751278180853371,  0.0004941886041194645587,  0.0002460865533080482986,  0.0001227133475784891468,
        0.00006124813505870482926, 0.00003058823630702049355, 0.00001528225940865187173, 7.637197637899762274e-6,
        3.817293264999839856e-6,   1.908212716553938926e-6,   9.539620338727961132e-7,   4.769329867878064631e-7,
        2.3845050272773299e-7,     1.192199259653110731e-7,   5.960818905125947961e-8,   2.980350351465228019e-8,
        1.490155482836504123e-8,   7.450711789835429492e-9,   3.725334024788457055e-9,   1.862659723513049006e-9,
        9.313274324196681829e-10,  4.656629065033784073e-10,  2.328311833676505492e-10,  1.164155017270051978e-10,
        5.820772087902700889e-11,  2.910385044497099687e-11,  1.455192189104198424e-11,  7.275959835057481015e-12,
        3.63797954737865119e-12,   1.818989650307065948e-12,  9.094947840263889283e-13}; // k = 2..40
    constexpr double euler_gamma = 0.5772156649015328606;
    double sum = 0.0;
    double power = -a; // (-a)^k
    for (int k = 2; k < 80; ++k) {
        power *= -a;
        const double zm1 = k <= 40 ? zeta_minus_one[static_cast<std::size_t>(k - 2)]
                                   : std::exp2(-k) + std::pow(3.0, -k) + std::pow(4.0, -k);
        const double add = power * zm1 / k;
        sum += add;
        if (std::fabs(add) <= 1e-18) break;
    }
    return -euler_gamma * a - log1p_minus(a) + sum;
}

/// ln Gamma(a), a > 0 (thread-safe, unlike std::lgamma, which writes signgam): tgamma below 10, Stirling above.
[[nodiscard]] inline double log_gamma(double a) noexcept {
    if (a < 10.0) return std::log(std::tgamma(a));
    constexpr double half_log_two_pi = 0.91893853320467274178;
    return (a - 0.5) * std::log(a) - a + half_log_two_pi + stirling_correction(a);
}

/// x^a e^{-x} / Gamma(a), a > 0, x >= 0.
[[nodiscard]] inline double regularized_gamma_prefix(double a, double x) noexcept {
    if (x == 0.0) return a == 0.0 ? 1.0 : 0.0;
    if (a < 10.0) {
        if (x < 700.0) return std::pow(x, a) * std::exp(-x) / std::tgamma(a);
        return std::exp(a * std::log(x) - x) / std::tgamma(a);
    }
    const double u = (x - a) / a;
    if (std::fabs(u) > 0.25 && a < 170.0 && x < 700.0) {
        // far from the peak: pow, exp and tgamma are each within an ulp when nothing under- or overflows
        const double power = std::pow(x, a);
        if (power > 1e-300 && power < 1e300) return power * std::exp(-x) / std::tgamma(a);
    }
    // x^a e^{-x} / Gamma(a) = sqrt(a / 2 pi) exp(-a phi(x / a) - stirling_correction(a)), phi(t) = t - 1 - ln t;
    // ln(x / a) with the rounding of x / a corrected (x / a = q (1 + delta))
    double a_phi = 0.0;
    if (std::fabs(u) <= 0.25) {
        a_phi = -a * log1p_minus(u);
    } else {
        const double q = x / a;
        const double delta = std::fma(-q, a, x) / x;
        a_phi = (x - a) - a * (std::log(q) + delta);
    }
    constexpr double inv_two_pi = 0.15915494309189533577;
    return std::sqrt(a * inv_two_pi) * std::exp(-a_phi - stirling_correction(a));
}

/// P(a, x) and Q(a, x) together.
struct regularized_gamma_pair {
    double p;
    double q;
};

[[nodiscard]] inline regularized_gamma_pair regularized_gamma(double a, double x) noexcept {
    if (std::isnan(a) || std::isnan(x)) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return {nan, nan};
    }
    if (x <= 0.0) return {0.0, 1.0};
    if (x == std::numeric_limits<double>::infinity()) return {1.0, 0.0};
    constexpr double eps = std::numeric_limits<double>::epsilon();
    if (x < a + 1.0) {
        // P = prefix / a * sum_{n>=0} x^n / ((a+1)...(a+n)); the terms decrease from n = 1 on (x < a + 1)
        double term = 1.0;
        double sum = 1.0;
        for (int n = 1; n < 10'000'000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (term <= sum * (eps / 4.0)) break;
        }
        const double p = regularized_gamma_prefix(a, x) / a * sum;
        if (a >= 1.0) return {p, 1.0 - p};
        // a < 1: Q is of order a; 1 - P would lose its digits. Q = -expm1(a ln x - ln Gamma(1 + a))
        //   - x^a / Gamma(a) sum_{n>=1} (-x)^n / (n! (a + n))
        double power = 1.0; // (-x)^n / n!
        double series = 0.0;
        for (int n = 1; n < 1000; ++n) {
            power *= -x / n;
            const double add = power / (a + n);
            series += add;
            if (std::fabs(add) <= std::fabs(series) * (eps / 4.0)) break;
        }
        const double log_x_pow_over_gamma1p = a * std::log(x) - log_gamma_1p(a); // ln(x^a / Gamma(1 + a))
        const double q = -std::expm1(log_x_pow_over_gamma1p) - a * std::exp(log_x_pow_over_gamma1p) * series;
        return {p, q};
    }
    // Q = prefix * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / (x + 5 - a - ...))), modified Lentz
    constexpr double tiny = 1e-300;
    double b = x + 1.0 - a;
    double c = 1.0 / tiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 10'000'000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) <= eps / 2.0) break;
    }
    const double q = regularized_gamma_prefix(a, x) * h;
    return {1.0 - q, q};
}

/// P(a, x): the regularised lower incomplete gamma function (the Gamma(a, 1) cdf at x).
[[nodiscard]] inline double regularized_gamma_p(double a, double x) noexcept { return regularized_gamma(a, x).p; }

/// Q(a, x) = 1 - P(a, x).
[[nodiscard]] inline double regularized_gamma_q(double a, double x) noexcept { return regularized_gamma(a, x).q; }

/// d P(a, x) / dx = x^{a-1} e^{-x} / Gamma(a) (the Gamma(a, 1) density; for integer a = k + 1 the Poisson
/// probability P(N = k) of mean x).
[[nodiscard]] inline double regularized_gamma_p_derivative(double a, double x) noexcept {
    if (std::isnan(a) || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
    if (x <= 0.0) return a > 1.0 ? 0.0 : (a == 1.0 ? 1.0 : std::numeric_limits<double>::infinity());
    return regularized_gamma_prefix(a, x) / x;
}

/// The continued fraction of the regularised incomplete beta function (Numerical Recipes 6.4, modified Lentz):
/// I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * beta_continued_fraction(a, b, x), converging fast for
/// x < (a + 1) / (a + b + 2) (in O(sqrt(max(a, b))) steps).
[[nodiscard]] inline double beta_continued_fraction(double a, double b, double x) noexcept {
    constexpr double eps = std::numeric_limits<double>::epsilon();
    constexpr double tiny = 1e-300;
    const double qab = a + b;
    const double qap = a + 1.0;
    const double qam = a - 1.0;
    double c = 1.0;
    double d = 1.0 - qab * x / qap;
    if (std::fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m < 10'000'000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) <= eps / 2.0) break;
    }
    return h;
}

/// The regularised incomplete beta function I_x(a, b), 0 < x < 1, given front = x^a (1 - x)^b / (a B(a, b)), which
/// the caller computes better than a general formula could (for the negative binomial tail it is a probability
/// mass, see mg1k.hpp). The smaller of I and 1 - I comes from the continued fraction, the larger as 1 minus it.
[[nodiscard]] inline double regularized_beta_given_front(double a, double b, double x, double front) noexcept {
    // the direct fraction where it converges fast, and also where I is the smaller side (a - 1 at or above the
    // mean b x / (1 - x) of the negative binomial count whose tail I is): 1 - (something near 1) would lose digits
    if (x < (a + 1.0) / (a + b + 2.0) || (a - 1.0) * (1.0 - x) >= b * x)
        return front * beta_continued_fraction(a, b, x);
    return 1.0 - front * (a / b) * beta_continued_fraction(b, a, 1.0 - x);
}

} // namespace offload::detail
