// offload/distributions/exponential_tail_time.hpp — an atom at zero plus an exponential tail:
//     P(T > t) = q * exp(-r t),  t >= 0,   with q in [0, 1] and r >= 0.
// Exact for the M/M/1 waiting time (q = rho, r = mu - lambda), the M/M/1 response time (q = 1) and the
// M/M/c waiting time (q = Erlang C, r = c mu - lambda); the Cramer-Lundberg approximation of light-tailed
// M/G/1 waiting times has this form too. r = 0 means the mass q sits at +infinity (an unstable queue).
#pragma once

#include <cmath>

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

class exponential_tail_time {
public:
    exponential_tail_time(double tail_probability, double decay_rate)
        : q_(detail::require_probability(tail_probability, "offload::exponential_tail_time", "tail_probability")),
          r_(detail::require_non_negative(decay_rate, "offload::exponential_tail_time", "decay_rate")) {}

    double tail_probability() const noexcept { return q_; } ///< P(T > 0)
    double decay_rate() const noexcept { return r_; }       ///< r, 1/s

private:
    double q_;
    double r_;
};

[[nodiscard]] inline double mean(const exponential_tail_time& d) noexcept {
    if (d.tail_probability() == 0.0) return 0.0;
    return d.decay_rate() > 0.0 ? d.tail_probability() / d.decay_rate() : infinity;
}

[[nodiscard]] inline double variance(const exponential_tail_time& d) noexcept {
    const double q = d.tail_probability();
    if (q == 0.0) return 0.0;
    const double r = d.decay_rate();
    return r > 0.0 ? q * (2.0 - q) / (r * r) : infinity;
}

/// P(T > t)
/// P(T > t); t = NaN is a parameter_error, t = +inf gives the mass at +infinity (q if r = 0, else 0)
[[nodiscard]] inline double complementary_cdf(const exponential_tail_time& d, double t) {
    detail::require_not_nan(t, "offload::complementary_cdf(exponential_tail_time)", "t");
    if (t < 0.0) return 1.0;
    if (d.decay_rate() == 0.0) return d.tail_probability(); // the tail sits at +infinity (also for t = +inf)
    return d.tail_probability() * std::exp(-d.decay_rate() * t);
}

/// P(T <= t); t = NaN is a parameter_error
[[nodiscard]] inline double cdf(const exponential_tail_time& d, double t) {
    detail::require_not_nan(t, "offload::cdf(exponential_tail_time)", "t");
    if (t < 0.0) return 0.0;
    const double q = d.tail_probability();
    if (q == 0.0) return 1.0;
    if (d.decay_rate() == 0.0) return 1.0 - q; // the tail sits at +infinity (0 * inf was NaN at t = +inf)
    // 1 - q e^{-rt} without cancellation when q e^{-rt} is close to 1
    return -std::expm1(std::log(q) - d.decay_rate() * t);
}

[[nodiscard]] inline double quantile(const exponential_tail_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(exponential_tail_time)", "p");
    const double q = d.tail_probability();
    if (p <= 1.0 - q) return 0.0;
    if (d.decay_rate() == 0.0) return infinity;
    return (std::log(q) - std::log1p(-p)) / d.decay_rate();
}

static_assert(time_distribution<exponential_tail_time>);

} // namespace offload
