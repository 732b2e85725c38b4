// offload/detail/mdc_solver.hpp — the numerical core of the exact M/D/c model (offload/queues/mdc.hpp).
// IWYU pragma: private, include "offload/queues/mdc.hpp"
//
// Crommelin (1932): observed D = service time apart, the number in system is the Markov chain
//     X' = max(X - c, 0) + A,   A ~ Poisson(a),  a = lambda D < c,
// and the number waiting at an arbitrary time, Lq = max(X - c, 0), is the reflected random walk
// Lq' = max(Lq + A - c, 0). Its generating function is
//     E[z^Lq] = (c - a)(z - 1) / (z^c - e^{a(z-1)}) * prod_{k=1}^{c-1} (z - z_k) / (1 - z_k),
// where z_k (k = 1..c-1) are the roots of z^c = e^{a(z-1)} inside the unit disk: z_k is the unique fixed
// point in the closed disk of z = w_k exp(rho (z - 1)), w_k = e^{2 pi i k / c}, rho = a / c (a contraction
// with factor rho there).
//
// Two evaluation routes, chosen by the Cramer rate I = c (rho - 1 - ln rho) of the walk:
//  * light traffic (I >= 0.5, or no roots needed): Spitzer's identity
//        E[z^Lq] = exp( sum_{l>=1} (1/l) (E[z^{(S_l - l c)^+}] - 1) ),  S_l ~ Poisson(l a),
//    every term non-negative, terms decaying like e^{-l I}; moments by term-wise differentiation and the
//    distribution by the subtraction-free power-series exponential recursion.
//  * heavy traffic (I < 0.5): the roots. E[Lq] = (a^2 - c(c-1)) / (2(c-a)) + sum_k 1/(1 - z_k) (the two parts
//    cancel only when E[Lq] is small, which is the light-traffic route), and the distribution by an inverse
//    FFT of the generating function on the unit circle with M >= 45 / ln(tau) points, tau > 1 the real root of
//    z^c = e^{a(z-1)} (P(Lq >= m) decays like tau^{-m}, so aliasing is below e^{-45}).
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "offload/detail/special_functions.hpp"

#include "offload/error.hpp"

namespace offload::detail {

using mdc_complex = std::complex<double>;

/// Light-traffic threshold on the Cramer rate I = c (rho - 1 - ln rho).
inline constexpr double mdc_spitzer_threshold = 0.5;
/// Largest FFT length for the heavy-traffic distribution (rho up to about 1 - 1e-5).
inline constexpr std::size_t mdc_max_points = std::size_t{1} << 21;
/// Largest number of roots the heavy-traffic route computes (c - 1 <= 2^21: about a second, 32 MiB). Issue 18
/// #15: beyond it (only c > 2 million servers at c (rho - 1 - ln rho) < 0.5) a parameter_error names 'servers'.
inline constexpr int mdc_max_roots = 1 << 21;
/// Largest work of one queue-length distribution, in complex products (FFT route: M (c - 1)) or multiply-adds
/// (light-traffic route: M^2 / 2): 2^31, a few seconds. Beyond it a parameter_error names 'servers'.
inline constexpr double mdc_max_work = 2147483648.0;

/// Issue 18 #15: the exact heavy-traffic route at more than mdc_max_roots servers is a parameter_error naming
/// 'servers' (the model's own parameter) instead of minutes of root finding or gigabytes of roots.
inline void mdc_require_roots(int c, double rho, const char* function) {
    if (c - 1 > mdc_max_roots)
        throw_parameter_error(function, "servers", static_cast<double>(c),
                              ("the exact M/D/c in heavy traffic (c (rho - 1 - ln rho) < 0.5; rho = " +
                               format_value(rho) + ") needs c - 1 roots: servers <= 2^21 + 1 there")
                                  .c_str());
}

/// I = c (rho - 1 - ln rho) >= 0
inline double mdc_cramer_rate(int c, double rho) { return static_cast<double>(c) * (rho - 1.0 - std::log(rho)); }

/// Poisson(mu) probability of k, mu > 0, accurate for large k and mu (no factorials).
inline double poisson_pmf(double k, double mu) { return regularized_gamma_p_derivative(k + 1.0, mu); }

/// s = ln tau > 0, the root of rho expm1(s) = s for 0 < rho < 1 (tau: the real root > 1 of
/// z^c = e^{a(z-1)}). Newton from above on a convex function: monotone convergence.
inline double mdc_log_decay(double rho, const char* function) {
    auto psi = [rho](double s) { return rho * std::expm1(s) - s; };
    // start above the root: 4 (1 - rho) / rho (twice the heavy-traffic value) or, in light traffic,
    // 2 ln(2 / rho) + 1 where psi ~ 4e / rho - s > 0
    double s = std::max(std::min(4.0 * (1.0 - rho) / rho, 2.0 * std::log(2.0 / rho) + 1.0), 1e-300);
    int guard = 0;
    while (!(psi(s) > 0.0)) {
        s *= 2.0;
        if (++guard > 2000) throw_convergence_error(function, "no bracket for the tail decay rate");
    }
    for (int iteration = 0; iteration < 200; ++iteration) {
        const double step = psi(s) / (rho * std::exp(s) - 1.0);
        s -= step;
        if (std::fabs(step) <= 1e-13 * s) return s;
    }
    throw_convergence_error(function, "tail decay rate did not converge in 200 Newton steps");
}

/// The c - 1 roots of z^c = e^{a(z-1)} in the open unit disk, rho = a / c in (0, 1).
inline std::vector<mdc_complex> mdc_roots(int c, double rho, const char* function) {
    std::vector<mdc_complex> roots;
    roots.reserve(static_cast<std::size_t>(c > 1 ? c - 1 : 0));
    const double two_pi = 2.0 * std::numbers::pi;
    for (int k = 1; k < c; ++k) {
        const double angle = two_pi * static_cast<double>(k) / static_cast<double>(c);
        const mdc_complex w(std::cos(angle), std::sin(angle));
        mdc_complex z = w * std::exp(-rho); // one contraction step from z = 0
        bool converged = false;
        for (int iteration = 0; iteration < 20000; ++iteration) {
            const mdc_complex t = w * std::exp(rho * (z - 1.0)); // the contraction T(z)
            const mdc_complex f = z - t;
            const mdc_complex slope = 1.0 - rho * t; // derivative of z - T(z)
            mdc_complex next = z - f / slope;        // Newton on z - T(z)
            if (!(std::abs(next) <= 1.0)) next = t;  // stay in the disk: fall back to T
            const double change = std::abs(next - z);
            z = next;
            // converged when the step is at the rounding floor of f (a few ulps of |z|) divided by the slope: a
            // root near 1 (k or c - k small, rho near 1) has a slope near 0 and cannot be resolved to 4 ulps
            // (issue 18 #15: c = 10^6, rho = 1 - 1e-6 never met the fixed 4-ulp test)
            const double noise = 4.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(z), 1e-3);
            if (change <= noise || change <= 4.0 * noise / std::max(std::abs(slope), 1e-300)) {
                converged = true;
                break;
            }
        }
        if (!converged)
            throw_convergence_error(function,
                                    "root " + std::to_string(k) + " of z^c = exp(a (z - 1)) did not converge");
        roots.push_back(z);
    }
    return roots;
}

/// Moments of the number waiting Lq at an arbitrary time.
struct mdc_queue_moments {
    double mean = 0.0;             ///< E[Lq]
    double factorial_second = 0.0; ///< E[Lq (Lq - 1)]
};

/// Spitzer route: E[Lq] = sum_l (1/l) E[X_l], E[Lq(Lq-1)] = sum_l (1/l) E[X_l (X_l - 1)] + E[Lq]^2,
/// X_l = (S_l - l c)^+.
inline mdc_queue_moments mdc_moments_spitzer(int c, double a, const char* function) {
    const double rho = a / static_cast<double>(c);
    const double decay = std::exp(-mdc_cramer_rate(c, rho));
    double sum1 = 0.0;
    double sum2 = 0.0;
    for (int l = 1; l <= 100000; ++l) {
        const double m = static_cast<double>(l) * static_cast<double>(c);
        const double mu = static_cast<double>(l) * a;
        double pmf = poisson_pmf(m + 1.0, mu);
        double e1 = 0.0;
        double e2 = 0.0;
        for (double n = 1.0; pmf > 0.0; n += 1.0) {
            e1 += n * pmf;
            e2 += n * (n - 1.0) * pmf;
            const double ratio = mu / (m + n + 1.0);                             // pmf(m+n+1) / pmf(m+n) < 1
            const double term_ratio = ratio * ((n + 1.0) / n) * ((n + 1.0) / n); // decreasing in n
            pmf *= ratio;
            const double term = n * n * pmf;
            if (term_ratio < 1.0 && term / (1.0 - term_ratio) <= 1e-18 * (e1 + e2)) break;
        }
        sum1 += e1 / static_cast<double>(l);
        sum2 += e2 / static_cast<double>(l);
        const double last = (e1 + e2) / static_cast<double>(l);
        if (last * decay / (1.0 - decay) <= 1e-17 * (sum1 + sum2)) return {sum1, sum2 + sum1 * sum1};
    }
    throw_convergence_error(function, "Spitzer series for the M/D/c queue length did not converge in 100000 terms");
}

/// Roots route: derivatives of log E[z^Lq] at z = 1.
inline mdc_queue_moments mdc_moments_roots(int c, double a, const std::vector<mdc_complex>& roots) {
    const double cd = static_cast<double>(c);
    const double f1 = cd - a;
    const double f2 = cd * (cd - 1.0) - a * a;
    const double f3 = cd * (cd - 1.0) * (cd - 2.0) - a * a * a;
    double s1 = 0.0;
    double s2 = 0.0;
    for (const mdc_complex& z : roots) {
        const mdc_complex inv = 1.0 / (1.0 - z);
        s1 += inv.real();
        s2 += (inv * inv).real();
    }
    const double l1 = -f2 / (2.0 * f1) + s1;
    const double l2 = -f3 / (3.0 * f1) + f2 * f2 / (4.0 * f1 * f1) - s2;
    return {std::max(l1, 0.0), std::max(l2 + l1 * l1, 0.0)};
}

/// E[Lq] and E[Lq(Lq-1)] for a stable M/D/c queue (0 <= a < c).
inline mdc_queue_moments mdc_moments(int c, double a, const char* function) {
    if (a == 0.0) return {};
    const double rho = a / static_cast<double>(c);
    if (c > 1 && mdc_cramer_rate(c, rho) >= mdc_spitzer_threshold) return mdc_moments_spitzer(c, a, function);
    mdc_require_roots(c, rho, function);
    return mdc_moments_roots(c, a, mdc_roots(c, rho, function));
}

/// In-place radix-2 FFT with sign -1 (forward) or +1; size a power of two.
inline void mdc_fft(std::vector<mdc_complex>& x, int sign) {
    const std::size_t n = x.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(x[i], x[j]);
    }
    std::vector<mdc_complex> twiddle(n / 2);
    for (std::size_t j = 0; j < n / 2; ++j) {
        const double angle = 2.0 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(n);
        twiddle[j] = mdc_complex(std::cos(angle), static_cast<double>(sign) * std::sin(angle));
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const std::size_t stride = n / len;
        for (std::size_t i = 0; i < n; i += len) {
            for (std::size_t j = 0; j < len / 2; ++j) {
                const mdc_complex u = x[i + j];
                const mdc_complex v = x[i + j + len / 2] * twiddle[j * stride];
                x[i + j] = u + v;
                x[i + j + len / 2] = u - v;
            }
        }
    }
}

/// Number of points / probabilities to keep: P(Lq >= m) <~ tau^{-m}, cut where that is below e^{-45}.
inline std::size_t mdc_distribution_length(double rho, const char* function) {
    const double s = mdc_log_decay(rho, function);
    const double needed = 45.0 / s + 1.0;
    std::size_t length = 64;
    while (static_cast<double>(length) < needed) {
        length <<= 1;
        if (length > mdc_max_points)
            throw_convergence_error(function, "rho = " + format_value(rho) +
                                                  " is too close to 1 for the M/D/c waiting-time distribution "
                                                  "(it would need more than 2^21 points)");
    }
    return length;
}

/// Heavy traffic: P(Lq = m), m < M, by inverse FFT of E[z^Lq] on the unit circle.
inline std::vector<double> mdc_distribution_fft(int c, double a, std::size_t points, const char* function) {
    const double cd = static_cast<double>(c);
    const double rho = a / cd;
    const std::vector<mdc_complex> roots = mdc_roots(c, rho, function);
    std::vector<mdc_complex> inv_one_minus(roots.size());
    for (std::size_t k = 0; k < roots.size(); ++k) inv_one_minus[k] = 1.0 / (1.0 - roots[k]);
    const double two_pi = 2.0 * std::numbers::pi;
    const auto m = static_cast<std::uint64_t>(points);
    std::vector<mdc_complex> g(points);
    g[0] = 1.0;
    for (std::uint64_t l = 1; l <= m / 2; ++l) {
        const double theta = two_pi * static_cast<double>(l) / static_cast<double>(m);
        const double half = std::sin(0.5 * theta);
        const double sin_theta = std::sin(theta);
        const mdc_complex z(std::cos(theta), sin_theta);
        const mdc_complex z_minus_1(-2.0 * half * half, sin_theta);
        // g = c ln z - a (z - 1) = a (1 - cos theta) + i (c theta - a sin theta), c theta reduced mod 2 pi
        const std::uint64_t reduced = (static_cast<std::uint64_t>(c) * l) % m;
        double imag;
        if (static_cast<std::uint64_t>(c) * l < m / 2)
            imag = (cd - a) * theta + a * (theta - sin_theta);
        else {
            double phase = two_pi * static_cast<double>(reduced) / static_cast<double>(m);
            if (phase > std::numbers::pi) phase -= two_pi;
            imag = phase - a * sin_theta;
        }
        const double real = 2.0 * a * half * half;
        mdc_complex f; // z^c - e^{a(z-1)}
        if (std::hypot(real, imag) < 0.5) {
            // e^{a(z-1)} expm1(g), expm1 of a complex number without cancellation
            const double sh = std::sin(0.5 * imag);
            const mdc_complex expm1_g(std::expm1(real) * std::cos(imag) - 2.0 * sh * sh,
                                      std::exp(real) * std::sin(imag));
            f = std::exp(a * z_minus_1) * expm1_g;
        } else {
            const double phase = two_pi * static_cast<double>(reduced) / static_cast<double>(m);
            f = mdc_complex(std::cos(phase), std::sin(phase)) - std::exp(a * z_minus_1);
        }
        // G(z) = (c - a) (z - 1) / f prod_k (z - r_k) / (1 - r_k) has |G| <= 1 on the circle, but the running
        // product of c - 1 factors over- or underflows for large c (issue 18 #15: c = 10^4, rho = 0.999 gave
        // inf x 0 = NaN): its binary exponent is moved into `exponent` every 16 factors (each factor is below
        // 2 / |1 - r_k|, so 16 of them stay far inside the double range).
        mdc_complex value = (cd - a) * z_minus_1 / f;
        int exponent = 0;
        for (std::size_t k = 0; k < roots.size(); ++k) {
            value *= (z - roots[k]) * inv_one_minus[k];
            if ((k & 15U) == 15U) {
                const double largest = std::max(std::fabs(value.real()), std::fabs(value.imag()));
                if (largest > 0.0 && std::isfinite(largest)) {
                    const int e = std::ilogb(largest);
                    value = mdc_complex(std::scalbn(value.real(), -e), std::scalbn(value.imag(), -e));
                    exponent += e;
                }
            }
        }
        value = mdc_complex(std::scalbn(value.real(), exponent), std::scalbn(value.imag(), exponent));
        g[l] = value;
        if (l < m - l) g[m - l] = std::conj(value);
    }
    mdc_fft(g, -1); // sum_l G(w^l) w^{-l j}
    std::vector<double> probabilities(points);
    for (std::size_t j = 0; j < points; ++j) probabilities[j] = std::max(g[j].real() / static_cast<double>(m), 0.0);
    return probabilities;
}

/// Light traffic: P(Lq = m), m < length, from Spitzer's identity E[z^Lq] = exp(H(z)) with
/// h_0 = -sum_l P(S_l > l c) / l, h_m = sum_l P(S_l = l c + m) / l, and m y_m = sum_k k h_k y_{m-k}.
inline std::vector<double> mdc_distribution_spitzer(int c, double a, std::size_t length, const char* function) {
    const double rho = a / static_cast<double>(c);
    const double decay = std::exp(-mdc_cramer_rate(c, rho));
    std::vector<double> h(length, 0.0);
    double h0 = 0.0;
    bool converged = false;
    for (int l = 1; l <= 100000; ++l) {
        const double m = static_cast<double>(l) * static_cast<double>(c);
        const double mu = static_cast<double>(l) * a;
        const double tail = regularized_gamma_p(m + 1.0, mu); // P(S_l > l c)
        const double inv_l = 1.0 / static_cast<double>(l);
        h0 += tail * inv_l;
        double pmf = poisson_pmf(m + 1.0, mu);
        for (std::size_t j = 1; j < length && pmf > 0.0; ++j) {
            h[j] += pmf * inv_l;
            pmf *= mu / (m + static_cast<double>(j) + 1.0);
        }
        if (tail * inv_l * decay / (1.0 - decay) <= 1e-17 * h0) {
            converged = true;
            break;
        }
    }
    if (!converged)
        throw_convergence_error(function, "Spitzer series for the M/D/c queue-length distribution did not converge");
    std::vector<double> y(length, 0.0);
    y[0] = std::exp(-h0);
    for (std::size_t j = 1; j < length; ++j) {
        double acc = 0.0;
        for (std::size_t k = 1; k <= j; ++k) acc += static_cast<double>(k) * h[k] * y[j - k];
        y[j] = acc / static_cast<double>(j);
    }
    return y;
}

/// P(Lq <= m) for m = 0 .. length-1 (and 1 beyond), stable queue 0 < a < c.
inline std::vector<double> mdc_queue_length_cdf(int c, double a, const char* function) {
    const double rho = a / static_cast<double>(c);
    const bool light = c > 1 && mdc_cramer_rate(c, rho) >= mdc_spitzer_threshold;
    if (!light) mdc_require_roots(c, rho, function);
    const std::size_t length = mdc_distribution_length(rho, function);
    const double points = static_cast<double>(length);
    const double work = light ? 0.5 * points * points : points * static_cast<double>(c - 1);
    if (work > mdc_max_work)
        throw_parameter_error(function, "servers", static_cast<double>(c),
                              ("the exact M/D/c waiting-time distribution at rho = " + format_value(rho) + " needs " +
                               std::to_string(length) + " points and " + format_value(work) +
                               " operations (more than 2^31) with this many servers")
                                  .c_str());
    std::vector<double> y =
        light ? mdc_distribution_spitzer(c, a, length, function) : mdc_distribution_fft(c, a, length, function);
    double total = 0.0;
    for (double& value : y) {
        total += value;
        value = total;
    }
    for (double& value : y) value = std::min(value / total, 1.0);
    return y;
}

/// P(Lq + A <= n), A ~ Poisson(mu) independent of Lq (cdf_lq as from mdc_queue_length_cdf).
inline double mdc_convolved_cdf(const std::vector<double>& cdf_lq, double mu, double n) {
    const auto lq_at = [&](double j) {
        return j >= static_cast<double>(cdf_lq.size()) ? 1.0 : cdf_lq[static_cast<std::size_t>(j)];
    };
    if (!(mu > 0.0)) return lq_at(n);
    const double mode = std::floor(mu);
    const double p_mode = poisson_pmf(mode, mu);
    const double cut = 1e-19 * p_mode;
    double sum = 0.0;
    double pmf = p_mode;
    for (double i = mode; i <= n && pmf > cut; i += 1.0) { // upwards from the mode
        sum += pmf * lq_at(n - i);
        pmf *= mu / (i + 1.0);
    }
    pmf = p_mode;
    for (double i = mode - 1.0; i >= 0.0; i -= 1.0) { // downwards
        pmf *= (i + 1.0) / mu;
        if (!(pmf > cut)) break;
        if (i <= n) sum += pmf * lq_at(n - i);
    }
    return std::min(sum, 1.0);
}

} // namespace offload::detail
