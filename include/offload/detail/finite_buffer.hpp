// offload/detail/finite_buffer.hpp — shared pieces of the finite-buffer queue models (M/M/1/K, M/M/c/K,
// M/G/1/K): capacity validation and metrics that follow from a stationary distribution of the number in
// system.
// IWYU pragma: private, include "offload/queues/mm1k.hpp"
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "offload/error.hpp"

namespace offload::detail {

/// Largest capacity K accepted by the models that store one probability per state (M/M/c/K, and the
/// distributions of M/M/1/K).
inline constexpr int finite_max_capacity = 10'000'000;

/// An integer in [minimum, maximum] given as a double (capacities arrive from JSON and Python as doubles).
inline int finite_require_integer_in(double value, int minimum, int maximum, const char* function,
                                     const char* parameter) {
    if (!(value >= minimum && value <= maximum && std::floor(value) == value)) {
        const std::string requirement =
            "must be an integer in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]";
        throw_parameter_error(function, parameter, value, requirement.c_str());
    }
    return static_cast<int>(value);
}

/// Probabilities of the number found by an ACCEPTED arrival (PASTA: the time-average P_n, n < K,
/// renormalised by 1 - P_K). Computed as P_n / sum_{m<K} P_m so that nothing cancels when P_K is near 1.
inline std::vector<double> finite_accepted_arrival_probabilities(const std::vector<double>& p) {
    std::vector<double> q(p.begin(), p.end() - 1);
    double total = 0.0;
    for (double v : q) total += v;
    for (double& v : q) v /= total;
    return q;
}

} // namespace offload::detail
