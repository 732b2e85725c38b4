// offload/distributions/capped_exponential_tail_time.hpp — an atom at zero plus a capped exponential tail:
//     P(T > t) = min(q, C e^{-gamma t}),  t >= 0,
// with q in [0, 1], C >= 0 and gamma >= 0. This is the Cramer-Lundberg approximation of a light-tailed
// M/G/1 waiting time: q = rho = P(W > 0), and C e^{-gamma t} the exact asymptote of P(W > t); the cap keeps
// P(W > 0) from exceeding rho. When C < q the cap is inactive; an optional fast phase B e^{-delta t}
// (delta > gamma) then fills P(T > 0) up to C + B:
//     P(T > t) = min(q, C e^{-gamma t} + B e^{-delta t}),
// which offload::mg1 uses for high-variance service (B = rho - C, delta fitted to the exact mean).
//
// The object may carry moments that differ from the moments of this survival function: offload::mg1
// stores the exact Pollaczek-Khinchine mean and the exact Takacs variance, because only the shape of the
// distribution is approximate. mean() and variance() return the stored moments; cdf, complementary_cdf and
// quantile use the survival function above. Without stored moments the moments of the survival function
// itself are used. gamma = 0 means the mass q sits at +infinity (an unstable queue).
#pragma once

#include <algorithm>
#include <cmath>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/error.hpp"

namespace offload {

class capped_exponential_tail_time {
public:
    /// Moments are those of the survival function min(q, C e^{-gamma t}).
    capped_exponential_tail_time(double tail_probability, double coefficient, double decay_rate)
        : q_(detail::require_probability(tail_probability, "offload::capped_exponential_tail_time",
                                         "tail_probability")),
          c_(detail::require_non_negative(coefficient, "offload::capped_exponential_tail_time", "coefficient")),
          r_(detail::require_non_negative(decay_rate, "offload::capped_exponential_tail_time", "decay_rate")) {
        const double q_eff = std::min(q_, c_);
        if (q_eff == 0.0) {
            mean_ = variance_ = 0.0;
        } else if (r_ == 0.0) {
            mean_ = variance_ = infinity;
        } else {
            const double t0 = start_of_decay();
            mean_ = q_eff * (t0 + 1.0 / r_);
            const double second = q_eff * t0 * t0 + 2.0 * q_eff * (t0 / r_ + 1.0 / (r_ * r_));
            variance_ = std::max(0.0, second - mean_ * mean_);
        }
    }

    /// With moments known exactly from elsewhere (mean_seconds, variance_seconds2 >= 0, may be +inf).
    capped_exponential_tail_time(double tail_probability, double coefficient, double decay_rate, double mean_seconds,
                                 double variance_seconds2)
        : capped_exponential_tail_time(tail_probability, coefficient, decay_rate) {
        if (!(mean_seconds >= 0.0))
            detail::throw_parameter_error("offload::capped_exponential_tail_time", "mean_seconds", mean_seconds,
                                          "must be >= 0 (may be +inf)");
        if (!(variance_seconds2 >= 0.0))
            detail::throw_parameter_error("offload::capped_exponential_tail_time", "variance_seconds2",
                                          variance_seconds2, "must be >= 0 (may be +inf)");
        mean_ = mean_seconds;
        variance_ = variance_seconds2;
    }

    /// Adds the fast phase B e^{-delta t}: requires C + B <= q (cap inactive), B >= 0 and delta > gamma.
    /// Moments are the given ones.
    [[nodiscard]] static capped_exponential_tail_time with_fast_phase(double tail_probability, double coefficient,
                                                                      double decay_rate, double fast_coefficient,
                                                                      double fast_decay_rate, double mean_seconds,
                                                                      double variance_seconds2) {
        capped_exponential_tail_time d(tail_probability, coefficient, decay_rate, mean_seconds, variance_seconds2);
        constexpr const char* function = "offload::capped_exponential_tail_time::with_fast_phase";
        if (!(fast_coefficient >= 0.0 && coefficient + fast_coefficient <= tail_probability * (1.0 + 1e-15)))
            detail::throw_parameter_error(function, "fast_coefficient", fast_coefficient,
                                          "must be >= 0 with coefficient + fast_coefficient <= tail_probability");
        if (!(fast_decay_rate > decay_rate && fast_decay_rate < infinity))
            detail::throw_parameter_error(function, "fast_decay_rate", fast_decay_rate,
                                          "must be finite and > decay_rate");
        d.b_ = fast_coefficient;
        d.delta_ = fast_decay_rate;
        return d;
    }

    double tail_probability() const noexcept { return q_; }    ///< q, the cap
    double coefficient() const noexcept { return c_; }         ///< C of C e^{-gamma t}
    double decay_rate() const noexcept { return r_; }          ///< gamma, 1/s
    double fast_coefficient() const noexcept { return b_; }    ///< B of the fast phase (0 if none)
    double fast_decay_rate() const noexcept { return delta_; } ///< delta of the fast phase
    /// P(T > 0) = min(q, C + B)
    double positive_probability() const noexcept { return std::min(q_, c_ + b_); }
    /// t0 = ln(C / q) / gamma where the cap ends (0 if C <= q)
    double start_of_decay() const noexcept { return (c_ > q_ && q_ > 0.0 && r_ > 0.0) ? std::log(c_ / q_) / r_ : 0.0; }
    double stored_mean() const noexcept { return mean_; }
    double stored_variance() const noexcept { return variance_; }

private:
    double q_;
    double c_;
    double r_;
    double mean_ = 0.0;
    double variance_ = 0.0;
    double b_ = 0.0;
    double delta_ = 0.0;
};

[[nodiscard]] inline double mean(const capped_exponential_tail_time& d) noexcept { return d.stored_mean(); }
[[nodiscard]] inline double variance(const capped_exponential_tail_time& d) noexcept { return d.stored_variance(); }

/// P(T > t)
[[nodiscard]] inline double complementary_cdf(const capped_exponential_tail_time& d, double t) {
    if (std::isnan(t))
        detail::throw_parameter_error("offload::complementary_cdf(capped_exponential_tail_time)", "t", t,
                                      "must not be NaN");
    if (t < 0.0) return 1.0;
    const double q_eff = d.positive_probability();
    if (q_eff == 0.0) return 0.0;
    if (d.decay_rate() == 0.0) return q_eff;
    const double fast = d.fast_coefficient() > 0.0 ? d.fast_coefficient() * std::exp(-d.fast_decay_rate() * t) : 0.0;
    return std::min(d.tail_probability(), d.coefficient() * std::exp(-d.decay_rate() * t) + fast);
}

[[nodiscard]] inline double cdf(const capped_exponential_tail_time& d, double t) {
    if (std::isnan(t))
        detail::throw_parameter_error("offload::cdf(capped_exponential_tail_time)", "t", t, "must not be NaN");
    if (t < 0.0) return 0.0;
    const double q_eff = d.positive_probability();
    if (q_eff == 0.0) return 1.0;
    if (d.decay_rate() == 0.0) return 1.0 - q_eff;
    if (t <= d.start_of_decay()) return 1.0 - q_eff;
    if (d.fast_coefficient() > 0.0) return 1.0 - complementary_cdf(d, t);
    return -std::expm1(std::log(d.coefficient()) - d.decay_rate() * t);
}

[[nodiscard]] inline double quantile(const capped_exponential_tail_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(capped_exponential_tail_time)", "p");
    const double q_eff = d.positive_probability();
    if (p <= 1.0 - q_eff) return 0.0;
    if (d.decay_rate() == 0.0) return infinity;
    if (d.fast_coefficient() > 0.0)
        return detail::invert_cdf_or_ccdf([&](double t) { return cdf(d, t); },
                                          [&](double t) { return complementary_cdf(d, t); }, p, 0.0,
                                          1.0 / d.decay_rate(), "offload::quantile(capped_exponential_tail_time)");
    return (std::log(d.coefficient()) - std::log1p(-p)) / d.decay_rate();
}

static_assert(time_distribution<capped_exponential_tail_time>);

} // namespace offload
