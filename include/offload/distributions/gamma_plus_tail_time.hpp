// offload/distributions/gamma_plus_tail_time.hpp — T = S + W with independent
//     S ~ Gamma with mean m and squared coefficient of variation c (c = 0: S = m deterministic; c = 1:
//         exponential), shape alpha = 1/c, rate beta = 1/(c m);
//     W ~ capped_exponential_tail_time: P(W > w) = min(q, C e^{-gamma w} + B e^{-delta w}) (B = 0 unless
//         the cap is inactive).
// The response time of the Cramer-Lundberg M/G/1 model (offload::mg1) and of k_parallel<mg1>.
//
// The convolution is evaluated without numerical differentiation and with non-negative terms only:
//     P(T > t) = P(S > t) + q_eff (F_S(t) - F_S(a)) + C int_0^a e^{-gamma (t - u)} dF_S(u)
//                [+ B int_0^t e^{-delta (t - u)} dF_S(u)],
// a = max(t - t0, 0), t0 = ln(C/q)/gamma where the cap ends, q_eff = min(q, C). The last integral is
// closed-form, C e^{-gamma t} (beta/(beta - gamma))^alpha P(alpha, (beta - gamma) a), when gamma < beta
// (P = the regularised lower incomplete gamma of detail/special_functions.hpp), and otherwise a series of positive
// terms (a Poisson-weighted sum of 1 / (alpha + n), see gamma_tail_convolution; until 2026-12 adaptive Gauss-Kronrod
// and tanh-sinh quadrature from Boost, accepted at a 1e-8 relative error estimate). mean and variance
// are exact sums of the moments of S and W (W's stored moments, see capped_exponential_tail_time.hpp). Quantiles by
// detail::invert_cdf; for c = 0 exactly m + quantile(W).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/detail/special_functions.hpp"
#include "offload/distributions/capped_exponential_tail_time.hpp"
#include "offload/error.hpp"

namespace offload {

namespace detail {
/// A gamma service time whose scv is below 2^-106 has a standard deviation below 2^-53 of its mean: it is
/// deterministic in double precision, and is evaluated as such (shape 1/scv = 1e300 made Boost's incomplete
/// gamma series give up, and rate alpha / mean overflowed to inf for a tiny mean).
[[nodiscard]] constexpr bool deterministic_scv(double scv) noexcept { return scv < 0x1p-106; }
} // namespace detail

class gamma_plus_tail_time {
public:
    gamma_plus_tail_time(double service_mean, double service_scv, capped_exponential_tail_time wait)
        : m_(detail::require_positive(service_mean, "offload::gamma_plus_tail_time", "service_mean")),
          c_(detail::require_non_negative(service_scv, "offload::gamma_plus_tail_time", "service_scv")), wait_(wait) {}

    double service_mean() const noexcept { return m_; }
    double service_scv() const noexcept { return c_; }
    const capped_exponential_tail_time& wait() const noexcept { return wait_; }

private:
    double m_;
    double c_;
    capped_exponential_tail_time wait_;
};

[[nodiscard]] inline double mean(const gamma_plus_tail_time& d) noexcept { return d.service_mean() + mean(d.wait()); }
[[nodiscard]] inline double variance(const gamma_plus_tail_time& d) noexcept {
    return d.service_mean() * d.service_mean() * d.service_scv() + variance(d.wait());
}

namespace detail {

/// Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x). Boost 1.74 overflows (in tgamma)
/// for shapes a >~ 1e4 and x far below a, as for a nearly deterministic service time (scv = 1/a <= 1e-4)
/// evaluated at t = 0. Below a - 40 sqrt(a) the left tail P is under 1e-300 (the gamma's left tail is lighter
/// than the normal one), i.e. 0 in double, so it is returned without asking Boost.
[[nodiscard]] inline bool gamma_left_tail_is_zero(double a, double x) noexcept {
    return x <= 0.0 || x < a - 40.0 * std::sqrt(a);
}
[[nodiscard]] inline double gamma_p_stable(double a, double x) {
    return gamma_left_tail_is_zero(a, x) ? 0.0 : regularized_gamma_p(a, x);
}
[[nodiscard]] inline double gamma_q_stable(double a, double x) {
    return gamma_left_tail_is_zero(a, x) ? 1.0 : regularized_gamma_q(a, x);
}

/// C int_0^a e^{-gamma (t - u)} f_S(u) du for S ~ Gamma(alpha, beta), 0 <= a <= t
[[nodiscard]] inline double gamma_tail_convolution(double alpha, double beta, double coefficient, double gamma,
                                                   double t, double a, const char* function) {
    if (a <= 0.0 || coefficient == 0.0) return 0.0;
    if (gamma < beta) {
        const double log_ratio = -std::log1p(-gamma / beta); // ln(beta / (beta - gamma))
        if (alpha * log_ratio < 500.0) {
            const double p = gamma_p_stable(alpha, (beta - gamma) * a);
            return coefficient * std::exp(alpha * log_ratio - gamma * t) * p;
        }
    }
    // In the service's own unit x = beta u: e^{-gamma (t - u)} f_S(u) du = e^{-g (tau - x)} x^{alpha - 1} e^{-x} /
    // Gamma(alpha) dx, g = gamma / beta, tau = beta t, x in [0, X = beta a]. With h = g - 1 the integral is
    //     e^{-g (tau - X)} X^alpha e^{-X} / Gamma(alpha) * S,
    //     S = sum_n Poisson(n; h X) / (alpha + n)                                   for h >= 0,
    //     S = sum_n y^n / (alpha (alpha + 1) ... (alpha + n)) = P(alpha, y) / (y^alpha e^{-y} / Gamma(alpha))
    //                                                                               for h < 0, y = -h X,
    // series of positive terms (no quadrature); X^alpha e^{-X} / Gamma(alpha) is detail::regularized_gamma_prefix.
    (void)function;
    const double g = gamma / beta, tau = beta * t, upper = beta * a;
    if (!std::isfinite(tau)) {
        // beta t overflows (a mean service time of 1e-300 s at t = 1e20 s; upper <= tau since a <= t). Splitting the
        // integral at u = t / 2 bounds it by C (e^{-gamma t / 2} + P(S > t / 2)). Here gamma t > 1e278 (this path has
        // gamma >= beta (1 - e^{-500 / alpha}) >= 6e-30 beta, as alpha < 2^106) and P(S > t / 2) = Q(alpha, beta t / 2)
        // with beta t / 2 > 8e307 far beyond alpha: both terms are 0 in double, and so is the integral.
        return coefficient * (std::exp(-0.5 * gamma * t) + gamma_q_stable(alpha, beta * (0.5 * t)));
    }
    const double h = g - 1.0;
    double series = 0.0;
    if (h >= 0.0 && !(h * upper <= 1e300)) {
        // Poisson mean mu = h X beyond 1e300 (or +inf, h X overflowing): E[1 / (alpha + N)] = 1 / (alpha + mu) up to
        // a relative mu / (alpha + mu)^2 < 1e-300 (the formula below would give inf / inf)
        series = 1.0 / (alpha + h * upper);
    } else if (h >= 0.0 && h * upper > 1e7) {
        // E[1 / (alpha + N)], N ~ Poisson(mu), mu > 1e7: 1 / (alpha + mu) (1 + mu / (alpha + mu)^2), the next term
        // is below 3 / mu^2 relative (the sum below would take ~mu terms)
        const double mu = h * upper;
        series = (1.0 + mu / ((alpha + mu) * (alpha + mu))) / (alpha + mu);
    } else if (h >= 0.0) {
        const double mu = h * upper; // Poisson mean; summed outwards from the mode so that no term underflows first
        const double mode = std::floor(mu);
        const double p_mode = mu == 0.0 ? 1.0 : regularized_gamma_p_derivative(mode + 1.0, mu);
        double p = p_mode;
        for (double n = mode; p > 0.0; n += 1.0) { // upwards
            const double add = p / (alpha + n);
            series += add;
            if (n > mu && add <= series * 1e-17) break;
            p *= mu / (n + 1.0);
        }
        p = p_mode;
        for (double n = mode; n > 0.0 && p > 0.0;) { // downwards
            p *= n / mu;
            n -= 1.0;
            const double add = p / (alpha + n);
            series += add;
            if (add <= series * 1e-17) break;
        }
    } else {
        const double y = -h * upper;
        if (y < alpha + 1.0) {
            double term = 1.0 / alpha;
            series = term;
            for (int n = 1; n < 10'000'000; ++n) {
                term *= y / (alpha + n);
                series += term;
                if (term <= series * 1e-17) break;
            }
        } else {
            const double prefix_y = regularized_gamma_prefix(alpha, y);
            if (!(prefix_y > 1e-290)) // e^{-g tau} (-h)^{-alpha} P(alpha, y), P(alpha, y) >= 1/2 here
                return coefficient * std::exp(-g * tau - alpha * std::log(-h)) * regularized_gamma_p(alpha, y);
            series = regularized_gamma_p(alpha, y) / prefix_y;
        }
    }
    return coefficient * std::exp(-g * (tau - upper)) * regularized_gamma_prefix(alpha, upper) * series;
}

} // namespace detail

/// P(T > t)
[[nodiscard]] inline double complementary_cdf(const gamma_plus_tail_time& d, double t) {
    constexpr const char* function = "offload::complementary_cdf(gamma_plus_tail_time)";
    if (std::isnan(t)) detail::throw_parameter_error(function, "t", t, "must not be NaN");
    if (t < 0.0) return 1.0;
    const capped_exponential_tail_time& w = d.wait();
    const double m = d.service_mean();
    if (detail::deterministic_scv(d.service_scv())) return t < m ? 1.0 : complementary_cdf(w, t - m);
    if (t == infinity) return w.decay_rate() == 0.0 ? w.positive_probability() : 0.0;
    const double alpha = 1.0 / d.service_scv();
    const double beta = alpha / m;
    const double s_bar = detail::gamma_q_stable(alpha, beta * t);
    const double q_eff = w.positive_probability();
    if (q_eff == 0.0) return s_bar;
    if (w.decay_rate() == 0.0) return s_bar + q_eff * detail::gamma_p_stable(alpha, beta * t); // W = +inf w.p. q
    const double a = std::max(t - w.start_of_decay(), 0.0);
    // q_eff (F_S(t) - F_S(a)) = q_eff (Q_S(a) - Q_S(t))
    const double capped = a < t ? q_eff * std::max(0.0, detail::gamma_q_stable(alpha, beta * a) - s_bar) : 0.0;
    const double decaying =
        detail::gamma_tail_convolution(alpha, beta, w.coefficient(), w.decay_rate(), t, a, function);
    // the fast phase B e^{-delta w} exists only when the cap is inactive (then a = t)
    const double fast = w.fast_coefficient() > 0.0 ? detail::gamma_tail_convolution(alpha, beta, w.fast_coefficient(),
                                                                                    w.fast_decay_rate(), t, t, function)
                                                   : 0.0;
    return std::min(1.0, s_bar + capped + decaying + fast);
}

/// P(T <= t) = 1 - P(T > t), and at least (1 - P(W > 0)) P(S <= t) (exact while t is inside the cap, and what
/// keeps levels below 1e-16 resolvable: 1 - P(T > t) is 0 or >= 1.1e-16)
[[nodiscard]] inline double cdf(const gamma_plus_tail_time& d, double t) {
    if (std::isnan(t)) detail::throw_parameter_error("offload::cdf(gamma_plus_tail_time)", "t", t, "must not be NaN");
    const double upper = 1.0 - complementary_cdf(d, t);
    if (detail::deterministic_scv(d.service_scv()) || !(t > 0.0) || upper > 1e-3) return upper;
    const double alpha = 1.0 / d.service_scv();
    const double lower_bound =
        (1.0 - d.wait().positive_probability()) * detail::gamma_p_stable(alpha, alpha / d.service_mean() * t);
    return std::max(upper, lower_bound);
}

[[nodiscard]] inline double quantile(const gamma_plus_tail_time& d, double p) {
    constexpr const char* function = "offload::quantile(gamma_plus_tail_time)";
    detail::require_open_probability(p, function, "p");
    const capped_exponential_tail_time& w = d.wait();
    if (detail::deterministic_scv(d.service_scv())) return d.service_mean() + quantile(w, p);
    if (w.decay_rate() == 0.0 && p > 1.0 - w.positive_probability()) return infinity;
    const double scale = std::isfinite(mean(d)) ? mean(d) : d.service_mean();
    return detail::invert_cdf_or_ccdf([&](double t) { return cdf(d, t); },
                                      [&](double t) { return complementary_cdf(d, t); }, p, 0.0, scale, function);
}

static_assert(time_distribution<gamma_plus_tail_time>);

} // namespace offload
