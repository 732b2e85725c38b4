// offload/detail/erlang.hpp — Erlang B and Erlang C without argument checks.
// IWYU pragma: private, include "offload/queues/mmc.hpp"
//
// Erlang B by the recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): every step maps [0, 1] into
// [0, 1] with a relative rounding error of a few ulp that the next steps damp, so it is accurate for any
// number of servers (no factorials, no powers, no overflow). Cost O(servers), and it stops where B underflows
// to 0 (after a few hundred steps when a is far below the server count).
//
// For many servers (c >= erlang_gamma_threshold) and a < c, Erlang B is the ratio of a Poisson(a) probability to a
// Poisson(a) cdf, both regularised incomplete-gamma quantities (detail/incomplete_gamma.hpp; the prefix
// x^a e^{-x} / Gamma(a) cancels in the ratio when a >= c + 1 ... and its error is ~|c - a| ulps otherwise; cost
// O(sqrt(c)) terms of a series or continued fraction):
//     B(c, a) = P(N = c) / P(N <= c) = gamma_p_derivative(c + 1, a) / gamma_q(c + 1, a),   N ~ Poisson(a).
// a < c keeps gamma_q(c + 1, a) >= about 1/2 (no cancellation, no underflow of the denominator); the recursion
// stays below the threshold (cheaper there) and for a >= c. Checked against the recursion and mpmath for
// c = 10 ... 1e5 (tests/queues/test_erlang_gamma.cpp).
#pragma once

#include "offload/detail/special_functions.hpp"

namespace offload::detail {

/// Server count from which Erlang B/C use the incomplete-gamma form (measured crossover: bench_erlang).
inline constexpr int erlang_gamma_threshold = 300;

/// Erlang B by the incomplete gamma function; servers >= 1, 0 <= offered_load < servers. No exceptions (an
/// underflowed P(N = c) is 0, the right answer to double precision).
inline double erlang_b_gamma(int servers, double offered_load) noexcept {
    const double shape = static_cast<double>(servers) + 1.0;
    return regularized_gamma_p_derivative(shape, offered_load) / regularized_gamma_q(shape, offered_load);
}

/// Erlang B by the recursion (any servers >= 0, any a >= 0).
inline double erlang_b_recursion(int servers, double offered_load) noexcept {
    double b = 1.0;
    for (int k = 1; k <= servers; ++k) {
        const double ab = offered_load * b;
        b = ab / (static_cast<double>(k) + ab);
        if (b == 0.0) break; // underflowed: every later step maps 0 to 0 (erlang_b(10^9, 1) took seconds)
    }
    return b;
}

/// Erlang B: blocking probability of M/M/c/c with offered load a = lambda / mu. servers >= 0, a >= 0 finite.
inline double erlang_b_unchecked(int servers, double offered_load) noexcept {
    if (servers >= erlang_gamma_threshold && offered_load < static_cast<double>(servers))
        return erlang_b_gamma(servers, offered_load);
    return erlang_b_recursion(servers, offered_load);
}

/// Erlang C: probability of waiting in M/M/c, C = c B / (c - a (1 - B)). servers >= 1. Returns 1 when
/// a >= c (an unstable queue: every arrival eventually waits).
inline double erlang_c_unchecked(int servers, double offered_load) noexcept {
    const double c = static_cast<double>(servers);
    if (!(offered_load < c)) return 1.0;
    if (servers == 1) return offered_load; // M/M/1: P(wait) = rho, exactly
    const double b = erlang_b_unchecked(servers, offered_load);
    return c * b / (c - offered_load * (1.0 - b));
}

} // namespace offload::detail
