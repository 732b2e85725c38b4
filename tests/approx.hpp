// tests/approx.hpp — shared helpers for the Catch2 tests.
#pragma once

#include <cmath>

#include <catch2/catch.hpp>

namespace offload::test {

/// Relative-tolerance matcher: Catch's Approx with epsilon = rel and a tiny absolute margin for zeros.
inline Approx rel(double expected, double relative = 1e-12) {
    return Approx(expected).epsilon(relative).margin(1e-300);
}

} // namespace offload::test

#include <limits>

#include "offload/concepts.hpp"
#include "offload/queues/common.hpp"

namespace offload::test {

/// An unstable infinite-buffer queue reports +inf for every mean, quantile and moment, and puts no mass at
/// finite times: never NaN, never a finite number (distributions only for queue_with_distributions).
template <offload::queue_model Q>
void check_reports_unstable(const Q& q) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_FALSE(is_stable(q));
    CHECK(mean_wait(q) == inf);
    CHECK(mean_response(q) == inf);
    CHECK(mean_queue_length(q) == inf);
    CHECK(mean_number_in_system(q) == inf);
    if constexpr (offload::queue_with_distributions<Q>) {
        for (double p : {0.01, 0.5, 0.99, 0.999}) {
            CHECK(offload::wait_quantile(q, p) == inf);
            CHECK(offload::response_quantile(q, p) == inf);
        }
        CHECK(cdf(response_distribution(q), 1e9) == 0.0);
        CHECK(mean(wait_distribution(q)) == inf);
        CHECK(mean(response_distribution(q)) == inf);
        CHECK(variance(wait_distribution(q)) == inf);
        CHECK(variance(response_distribution(q)) == inf);
    }
}

} // namespace offload::test
