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
// (P = Boost's regularised lower incomplete gamma), and otherwise Gauss-Kronrod quadrature (31 points,
// adaptive to depth 8, with u = v^{1/alpha} removing the integrable singularity of the density at 0 when alpha < 1; tanh-sinh
// where Gauss-Kronrod's error estimate fails, as for x^{alpha - 1} with alpha just above 1; convergence_error if the error estimate exceeds both 1e-8 relative and 1e-10 absolute). mean and variance
// are exact sums of the moments of S and W (W's stored moments, see capped_exponential_tail_time.hpp). Quantiles by
// detail::invert_cdf; for c = 0 exactly m + quantile(W).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
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
    return gamma_left_tail_is_zero(a, x) ? 0.0 : boost::math::gamma_p(a, x);
}
[[nodiscard]] inline double gamma_q_stable(double a, double x) {
    return gamma_left_tail_is_zero(a, x) ? 1.0 : boost::math::gamma_q(a, x);
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
    // In the service's own unit x = beta u (the quadrature is then the same for every time scale: in seconds,
    // a 1 us service time once failed the error check that a 1 s one passed):
    // e^{-gamma (t - u)} f_S(u) du = e^{-g (tau - x)} x^{alpha - 1} e^{-x} / Gamma(alpha) dx,
    // g = gamma / beta, tau = beta t, x in [0, beta a].
    const double g = gamma / beta, tau = beta * t, upper = beta * a;
    const double log_norm = -boost::math::lgamma(alpha);
    double integral = 0.0;
    double error = 0.0;
    // x = v^{1/alpha}: x^{alpha-1} dx = dv / alpha; integrand smooth in v
    const auto f_small_alpha = [&](double v) {
        const double x = std::pow(v, 1.0 / alpha);
        return std::exp(log_norm - g * (tau - x) - x) / alpha;
    };
    const auto f = [&](double x) {
        return x > 0.0 ? std::exp(log_norm + (alpha - 1.0) * std::log(x) - g * (tau - x) - x) : 0.0;
    };
    if (alpha < 1.0) {
        integral = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
            f_small_alpha, 0.0, std::pow(upper, alpha), 8, 1e-12, &error);
    } else {
        integral = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, 0.0, upper, 8, 1e-12, &error);
    }
    // The term is one summand of a probability: accept a relative error of 1e-8, or an absolute one of 1e-10 (a
    // term of 1e-11 whose estimate is 3e-16 is right for every purpose, whatever its relative error).
    const auto accepted = [&] { return error <= 1e-8 * integral || coefficient * error <= 1e-10; };
    if (!accepted()) {
        // x^{alpha-1} with alpha slightly above 1 (scv in (0.5, 1)) is not smooth at 0, and adaptive Gauss-Kronrod
        // runs out of depth before its error estimate drops (k_parallel<mg1> at scv 0.9, where gamma > beta):
        // tanh-sinh quadrature clusters its nodes at the end points and converges there.
        boost::math::quadrature::tanh_sinh<double> tanh_sinh;
        integral = alpha < 1.0 ? tanh_sinh.integrate(f_small_alpha, 0.0, std::pow(upper, alpha), 1e-12, &error)
                               : tanh_sinh.integrate(f, 0.0, upper, 1e-12, &error);
    }
    if (!accepted())
        throw_convergence_error(function, "convolution quadrature error estimate " + format_value(error) +
                                              " exceeds 1e-8 of " + format_value(integral) + " and 1e-10 absolute");
    return coefficient * integral;
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
