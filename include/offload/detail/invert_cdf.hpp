// offload/detail/invert_cdf.hpp — quantiles of continuous-part distributions by root finding.
// IWYU pragma: private, include "offload/distributions/..."
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include <boost/math/tools/toms748_solve.hpp>

#include "offload/error.hpp"

namespace offload::detail {

/// Relative tolerance of every root-finding quantile in the library (about 1e-12 relative, 50 bits).
inline constexpr int quantile_tolerance_bits = 50;
inline constexpr std::uintmax_t quantile_max_iterations = 200;

/// Smallest t >= lower with cdf(t) >= p, for a non-decreasing right-continuous cdf with cdf(lower) < p.
/// `scale` > 0 is a first guess of the magnitude of t (e.g. the mean); the bracket doubles from there.
/// Returns +inf if cdf never reaches p below 1e300 (a defective distribution). Throws convergence_error if
/// TOMS 748 runs out of iterations.
template <class Cdf>
double invert_cdf(Cdf&& cdf, double p, double lower, double scale, const char* function) {
    if (!(scale > 0.0) || !std::isfinite(scale)) scale = 1.0;
    double lo = lower;
    double hi = lower + scale;
    double f_lo = cdf(lo) - p;
    if (f_lo >= 0.0) return lo;
    double f_hi = cdf(hi) - p;
    while (f_hi < 0.0) {
        lo = hi;
        f_lo = f_hi;
        hi = lower + 2.0 * (hi - lower);
        if (hi > 1e300) return infinity;
        f_hi = cdf(hi) - p;
    }
    if (f_hi == 0.0) return hi;
    std::uintmax_t iterations = quantile_max_iterations;
    const boost::math::tools::eps_tolerance<double> tolerance(quantile_tolerance_bits);
    const std::pair<double, double> bracket = boost::math::tools::toms748_solve(
        [&](double t) { return cdf(t) - p; }, lo, hi, f_lo, f_hi, tolerance, iterations);
    if (iterations >= quantile_max_iterations)
        throw_convergence_error(function, "quantile root finding did not converge in " +
                                              std::to_string(quantile_max_iterations) + " iterations");
    return bracket.second; // upper end: cdf(t) >= p holds there
}

} // namespace offload::detail
