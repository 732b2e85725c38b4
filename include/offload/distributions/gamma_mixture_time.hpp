// offload/distributions/gamma_mixture_time.hpp — a finite mixture of gamma distributions, each given by its
// weight, mean and variance; a component with variance 0 is a point mass at its mean (mean 0: an atom at
// zero). Used where a waiting or response time is approximated by matching two moments per component
// (the G/G/1 response time, the M/G/1/K waiting time given the number found); with shape 1 a component is
// an exponential and with integer shape an Erlang, so the approximations are exact in those cases.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/detail/special_functions.hpp"
#include "offload/error.hpp"

namespace offload {

class gamma_mixture_time {
public:
    struct component {
        double weight = 0.0;   ///< probability of this component, in [0, 1]
        double mean = 0.0;     ///< seconds, >= 0; +inf (with variance 0) is a mass at "never" (unstable queue)
        double variance = 0.0; ///< seconds^2, finite and >= 0; 0 = point mass; > 0 requires mean > 0
    };

    /// The weights must sum to 1 within 1e-9 (they are renormalised).
    explicit gamma_mixture_time(std::vector<component> components) : components_(std::move(components)) {
        constexpr const char* function = "offload::gamma_mixture_time";
        if (components_.empty())
            detail::throw_parameter_error(function, "components", "{}", "must hold at least one component");
        double total = 0.0;
        for (const component& c : components_) {
            detail::require_non_negative(c.weight, function, "components[i].weight");
            if (!(c.mean >= 0.0))
                detail::throw_parameter_error(function, "components[i].mean", c.mean, "must be >= 0 (may be +inf)");
            detail::require_non_negative(c.variance, function, "components[i].variance");
            if (c.mean == infinity && c.variance != 0.0)
                detail::throw_parameter_error(function, "components[i].variance", c.variance,
                                              "must be 0 when the component's mean is +inf");
            if (c.variance > 0.0 && !(c.mean > 0.0))
                detail::throw_parameter_error(function, "components[i].variance", c.variance,
                                              "must be 0 when the component's mean is 0");
            total += c.weight;
        }
        if (!(std::fabs(total - 1.0) <= 1e-9))
            detail::throw_parameter_error(function, "sum(components[i].weight)", total, "must equal 1 within 1e-9");
        for (component& c : components_) c.weight /= total;
    }

    const std::vector<component>& components() const noexcept { return components_; }

private:
    std::vector<component> components_;
};

[[nodiscard]] inline double mean(const gamma_mixture_time& d) noexcept {
    double m = 0.0;
    for (const auto& c : d.components())
        if (c.weight > 0.0) m += c.weight * c.mean;
    return m;
}

[[nodiscard]] inline double variance(const gamma_mixture_time& d) noexcept {
    const double m = mean(d);
    if (m == infinity) return infinity;
    double v = 0.0;
    for (const auto& c : d.components())
        if (c.weight > 0.0) v += c.weight * (c.variance + (c.mean - m) * (c.mean - m));
    return v;
}

namespace detail {
/// A component whose scv is below 2^-106 is deterministic in double precision (a shape of 1e300 made Boost's
/// incomplete gamma series give up)
[[nodiscard]] inline bool gamma_mixture_deterministic(const gamma_mixture_time::component& c) noexcept {
    return c.variance == 0.0 || std::sqrt(c.variance) < 0x1p-53 * c.mean;
}
} // namespace detail

[[nodiscard]] inline double cdf(const gamma_mixture_time& d, double t) {
    detail::require_not_nan(t, "offload::cdf(gamma_mixture_time)", "t");
    if (t < 0.0) return 0.0;
    if (t == infinity) { // 1 minus the mass at +inf, exactly 1 when there is none (not a sum rounded to 1 - 1 ulp)
        double at_infinity = 0.0;
        for (const auto& c : d.components())
            if (c.mean == infinity) at_infinity += c.weight;
        return at_infinity == 0.0 ? 1.0 : std::max(0.0, 1.0 - at_infinity);
    }
    double sum = 0.0;
    for (const auto& c : d.components()) {
        if (c.weight == 0.0) continue;
        if (detail::gamma_mixture_deterministic(c)) {
            if (t >= c.mean && c.mean < infinity) sum += c.weight;
            continue;
        }
        const double sd = std::sqrt(c.variance);
        const double shape = (c.mean / sd) * (c.mean / sd); // mean^2 / variance without underflow
        // far tails: below mean - 40 sd (only possible for shape > 1600, nearly normal) the cdf is < 1e-300;
        // above mean + 40 sd with shape >= 1 the survival function is < 2e-18
        if (t < c.mean - 40.0 * sd) continue;
        if (shape >= 1.0 && t > c.mean + 40.0 * sd) {
            sum += c.weight;
            continue;
        }
        const double scale = sd * (sd / c.mean);
        sum += c.weight * detail::regularized_gamma_p(shape, t / scale);
    }
    return std::min(sum, 1.0);
}

[[nodiscard]] inline double quantile(const gamma_mixture_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(gamma_mixture_time)", "p");
    return detail::invert_cdf([&](double t) { return cdf(d, t); }, p, 0.0, std::max(mean(d), 1e-300),
                              "offload::quantile(gamma_mixture_time)");
}

static_assert(time_distribution<gamma_mixture_time>);

} // namespace offload
