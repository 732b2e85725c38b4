// offload/distributions/deterministic_time.hpp — a time that takes one value with certainty.
// Used for service and transfer times; +infinity is allowed and stands for "never" (an unstable queue).
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

class deterministic_time {
public:
    constexpr explicit deterministic_time(double value_seconds)
        : value_((value_seconds >= 0.0) ? value_seconds
                                        : (detail::throw_parameter_error("offload::deterministic_time", "value_seconds",
                                                                         value_seconds, "must be >= 0 (may be +inf)"),
                                           0.0)) {}
    [[nodiscard]] constexpr double value() const noexcept { return value_; }

private:
    double value_;
};

[[nodiscard]] constexpr double mean(const deterministic_time& d) noexcept { return d.value(); }
[[nodiscard]] constexpr double variance(const deterministic_time& d) noexcept {
    return d.value() < infinity ? 0.0 : infinity;
}
/// P(T <= t); t = NaN is a parameter_error
[[nodiscard]] constexpr double cdf(const deterministic_time& d, double t) {
    return detail::require_not_nan(t, "offload::cdf(deterministic_time)", "t") >= d.value() ? 1.0 : 0.0;
}
[[nodiscard]] inline double quantile(const deterministic_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(deterministic_time)", "p");
    return d.value();
}

static_assert(time_distribution<deterministic_time>);

} // namespace offload
