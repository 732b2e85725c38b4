// offload/distributions/tail_plus_exponential_time.hpp — an exponential-tail time plus an independent
// exponential time:  T = W + S,  P(W > t) = q e^{-r t},  S ~ Exponential(mu).
// Exact for the M/M/c response time (W the M/M/c waiting time: q = Erlang C, r = c mu - lambda; S the
// service time). Closed form, with m = min(r, mu), M = max(r, mu), d = M - m:
//     P(T > t) = (1 - q) e^{-mu t} + q e^{-m t} (1 + m t phi(d t)),   phi(x) = (1 - e^{-x}) / x, phi(0) = 1,
// which is the hypoexponential tail (r e^{-mu t} - mu e^{-r t}) / (r - mu) written without the cancellation
// at r = mu (where it becomes (1 + mu t) e^{-mu t}). r = 0 with q > 0 means W is at +infinity (unstable).
#pragma once

#include <cmath>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/distributions/exponential_tail_time.hpp"
#include "offload/error.hpp"

namespace offload {

class tail_plus_exponential_time {
public:
    /// wait: the exponential-tail part W; service_rate mu > 0 of the exponential part S.
    tail_plus_exponential_time(exponential_tail_time wait, double service_rate)
        : wait_(wait),
          mu_(detail::require_positive(service_rate, "offload::tail_plus_exponential_time", "service_rate")) {}

    const exponential_tail_time& wait() const noexcept { return wait_; }
    double service_rate() const noexcept { return mu_; }

private:
    exponential_tail_time wait_;
    double mu_;
};

namespace detail {
/// true if the exponential-tail part carries mass at +infinity
[[nodiscard]] inline bool at_infinity(const tail_plus_exponential_time& d) noexcept {
    return d.wait().tail_probability() > 0.0 && d.wait().decay_rate() == 0.0;
}
} // namespace detail

[[nodiscard]] inline double mean(const tail_plus_exponential_time& d) noexcept {
    return mean(d.wait()) + 1.0 / d.service_rate();
}

/// W and S are independent: Var[T] = Var[W] + 1 / mu^2
[[nodiscard]] inline double variance(const tail_plus_exponential_time& d) noexcept {
    return variance(d.wait()) + 1.0 / (d.service_rate() * d.service_rate());
}

/// P(T > t)
[[nodiscard]] inline double complementary_cdf(const tail_plus_exponential_time& d, double t) {
    detail::require_not_nan(t, "offload::complementary_cdf(tail_plus_exponential_time)", "t");
    if (!(t > 0.0)) return 1.0;
    const double q = d.wait().tail_probability();
    if (detail::at_infinity(d)) return q + (1.0 - q) * std::exp(-d.service_rate() * t);
    if (t == infinity) return 0.0; // m t phi(d t) is inf * 0 there
    const double mu = d.service_rate();
    const double r = d.wait().decay_rate();
    const double m = std::fmin(mu, r);
    const double x = (std::fmax(mu, r) - m) * t;
    const double phi = x > 0.0 ? -std::expm1(-x) / x : 1.0;
    const double decay = std::exp(-m * t); // 0 beyond m t ~ 745, where m t phi may be inf * 0
    return (1.0 - q) * std::exp(-mu * t) + (decay == 0.0 ? 0.0 : q * decay * (1.0 + m * t * phi));
}

[[nodiscard]] inline double cdf(const tail_plus_exponential_time& d, double t) {
    detail::require_not_nan(t, "offload::cdf(tail_plus_exponential_time)", "t");
    if (!(t > 0.0)) return 0.0;
    // at least (1 - q) P(S <= t): keeps levels below 1e-16 resolvable (1 - P(T > t) is 0 or >= 1.1e-16)
    return std::fmax(1.0 - complementary_cdf(d, t),
                     (1.0 - d.wait().tail_probability()) * -std::expm1(-d.service_rate() * t));
}

/// Smallest t with cdf(t) >= p, by bracketed root finding (detail::invert_cdf); +inf when the waiting part
/// is at +infinity and p > 1 - q.
[[nodiscard]] inline double quantile(const tail_plus_exponential_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(tail_plus_exponential_time)", "p");
    if (detail::at_infinity(d) && p >= 1.0 - d.wait().tail_probability()) return infinity;
    const double scale = detail::at_infinity(d) ? 1.0 / d.service_rate() : mean(d);
    return detail::invert_cdf_or_ccdf([&](double t) { return cdf(d, t); },
                                      [&](double t) { return complementary_cdf(d, t); }, p, 0.0, scale,
                                      "offload::quantile(tail_plus_exponential_time)");
}

static_assert(time_distribution<tail_plus_exponential_time>);

} // namespace offload
