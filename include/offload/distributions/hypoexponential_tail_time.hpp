// offload/distributions/hypoexponential_tail_time.hpp — T = S + W with independent
//     S ~ Exponential(mu)  and  W ~ exponential_tail_time(q, r): P(W > w) = q e^{-r w}.
// Closed form (a mixture of Exp(mu) and the hypoexponential Exp(mu) + Exp(r)):
//     P(T > t) = (1 - q) e^{-mu t} + q H(t),
//     H(t) = P(Exp(a) + Exp(b) > t) = e^{-a t} (1 + a (1 - e^{-(b - a) t}) / (b - a)),  a = min, b = max,
// evaluated with expm1 so that b -> a (the k_parallel<mm1> case k mu - lambda == mu) is continuous and the
// limit b == a, H(t) = (1 + a t) e^{-a t}, is exact. r = 0 means the mass q of W sits at +infinity.
// The response time of k_parallel<mm1> (W from M/M/1 at rate k mu, the request's own service at rate mu).
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/error.hpp"

namespace offload {

class hypoexponential_tail_time {
public:
    hypoexponential_tail_time(double service_rate, double tail_probability, double decay_rate)
        : mu_(detail::require_positive(service_rate, "offload::hypoexponential_tail_time", "service_rate")),
          q_(detail::require_probability(tail_probability, "offload::hypoexponential_tail_time", "tail_probability")),
          r_(detail::require_non_negative(decay_rate, "offload::hypoexponential_tail_time", "decay_rate")) {}

    double service_rate() const noexcept { return mu_; }    ///< mu of S, 1/s
    double tail_probability() const noexcept { return q_; } ///< P(W > 0)
    double decay_rate() const noexcept { return r_; }       ///< r of W's tail, 1/s

private:
    double mu_;
    double q_;
    double r_;
};

[[nodiscard]] inline double mean(const hypoexponential_tail_time& d) noexcept {
    const double ew = d.tail_probability() == 0.0 ? 0.0
                      : d.decay_rate() > 0.0      ? d.tail_probability() / d.decay_rate()
                                                  : infinity;
    return 1.0 / d.service_rate() + ew;
}

[[nodiscard]] inline double variance(const hypoexponential_tail_time& d) noexcept {
    const double q = d.tail_probability();
    const double r = d.decay_rate();
    const double vw = q == 0.0 ? 0.0 : r > 0.0 ? q * (2.0 - q) / (r * r) : infinity;
    return 1.0 / (d.service_rate() * d.service_rate()) + vw;
}

namespace detail {

/// P(Exp(a) + Exp(b) > t), t >= 0, a, b > 0
[[nodiscard]] inline double hypoexponential_survival(double a, double b, double t) noexcept {
    if (a > b) std::swap(a, b);
    const double delta = b - a;
    const double decay = std::exp(-a * t);
    if (decay == 0.0) return 0.0; // a t beyond ~745 (or t = +inf, where a * ratio is inf)
    const double ratio = delta > 0.0 ? -std::expm1(-delta * t) / delta : t; // (1 - e^{-delta t}) / delta
    return decay * (1.0 + a * ratio);
}

} // namespace detail

/// P(T > t)
[[nodiscard]] inline double complementary_cdf(const hypoexponential_tail_time& d, double t) {
    if (std::isnan(t))
        detail::throw_parameter_error("offload::complementary_cdf(hypoexponential_tail_time)", "t", t,
                                      "must not be NaN");
    if (t <= 0.0) return 1.0;
    const double mu = d.service_rate();
    const double q = d.tail_probability();
    const double s_bar = std::exp(-mu * t);
    if (q == 0.0) return s_bar;
    if (d.decay_rate() == 0.0) return (1.0 - q) * s_bar + q;
    return std::min(1.0, (1.0 - q) * s_bar + q * detail::hypoexponential_survival(mu, d.decay_rate(), t));
}

[[nodiscard]] inline double cdf(const hypoexponential_tail_time& d, double t) {
    if (std::isnan(t))
        detail::throw_parameter_error("offload::cdf(hypoexponential_tail_time)", "t", t, "must not be NaN");
    if (t <= 0.0) return 0.0;
    // at least (1 - q) P(S <= t): keeps levels below 1e-16 resolvable (1 - P(T > t) is 0 or >= 1.1e-16)
    return std::max(1.0 - complementary_cdf(d, t), (1.0 - d.tail_probability()) * -std::expm1(-d.service_rate() * t));
}

[[nodiscard]] inline double quantile(const hypoexponential_tail_time& d, double p) {
    constexpr const char* function = "offload::quantile(hypoexponential_tail_time)";
    detail::require_open_probability(p, function, "p");
    const double q = d.tail_probability();
    if (q == 0.0) return -std::log1p(-p) / d.service_rate();
    if (d.decay_rate() == 0.0 && p > 1.0 - q) return infinity;
    return detail::invert_cdf_or_ccdf([&](double t) { return cdf(d, t); },
                                      [&](double t) { return complementary_cdf(d, t); }, p, 0.0, mean(d), function);
}

static_assert(time_distribution<hypoexponential_tail_time>);

} // namespace offload
