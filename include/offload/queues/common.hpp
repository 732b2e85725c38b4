// offload/queues/common.hpp — properties every queue model gets from its time distributions.
#pragma once

#include <string>

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

namespace detail {

/// Counts (servers, capacities) are C++ `int`s: this checks one against [minimum, maximum] and names it.
/// (The JSON and Python boundaries convert their numbers with require_integer_at_least/finite_require_integer_in
/// first, so a non-integer or huge value is an error naming the field there.)
[[nodiscard]] inline int require_count(int value, int minimum, int maximum, const char* function,
                                       const char* parameter) {
    if (value < minimum || value > maximum) {
        const std::string requirement =
            "must be an integer in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]";
        throw_parameter_error(function, parameter, static_cast<double>(value), requirement.c_str());
    }
    return value;
}

/// 1 / x for a positive finite x, checked to be finite (a subnormal service time would give an infinite rate).
[[nodiscard]] inline double require_invertible(double x, const char* function, const char* parameter) {
    const double inverse = 1.0 / require_positive(x, function, parameter);
    if (!(inverse < infinity)) throw_parameter_error(function, parameter, x, "is too small: its inverse overflows");
    return inverse;
}

/// The largest server count of the infinite-buffer multi-server models (mmc, mdc).
inline constexpr int max_servers = 1'000'000'000;

} // namespace detail

/// level-quantile of the waiting time (time before service starts), seconds. level in (0, 1); +inf if unstable.
template <queue_with_distributions Q>
[[nodiscard]] double wait_quantile(const Q& q, double level) {
    return quantile(wait_distribution(q), detail::require_open_probability(level, "offload::wait_quantile", "level"));
}

/// level-quantile of the response (sojourn) time, seconds. level in (0, 1); +inf if unstable.
template <queue_with_distributions Q>
[[nodiscard]] double response_quantile(const Q& q, double level) {
    return quantile(response_distribution(q),
                    detail::require_open_probability(level, "offload::response_quantile", "level"));
}

} // namespace offload
