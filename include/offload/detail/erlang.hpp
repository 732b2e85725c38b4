// offload/detail/erlang.hpp — Erlang B and Erlang C without argument checks.
// IWYU pragma: private, include "offload/queues/mmc.hpp"
//
// Erlang B by the recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): every step maps [0, 1] into
// [0, 1] with a relative rounding error of a few ulp that the next steps damp, so it is accurate for any
// number of servers (no factorials, no powers, no overflow). Cost O(servers), and it stops where B underflows
// to 0 (after a few hundred steps when a is far below the server count).
#pragma once

namespace offload::detail {

/// Erlang B: blocking probability of M/M/c/c with offered load a = lambda / mu. servers >= 0, a >= 0 finite.
inline double erlang_b_unchecked(int servers, double offered_load) noexcept {
    double b = 1.0;
    for (int k = 1; k <= servers; ++k) {
        const double ab = offered_load * b;
        b = ab / (static_cast<double>(k) + ab);
        if (b == 0.0) break; // underflowed: every later step maps 0 to 0 (erlang_b(10^9, 1) took seconds)
    }
    return b;
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
