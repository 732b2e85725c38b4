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
