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
    if (lo == 0.0 && hi > 0.0) {
        // The quantile may lie many decades below the scale (a tiny level p, a density with an integrable
        // singularity at 0): TOMS 748 on [0, hi] would need a step per halving. Narrow the bracket geometrically
        // to a ratio <= 256 first (one extra cdf evaluation when the root is within 256 of the scale).
        double probe = hi / 256.0;
        double f_probe = cdf(probe) - p;
        while (f_probe >= 0.0) {
            hi = probe;
            f_hi = f_probe;
            if (!(hi > 0x1p-1000)) return hi; // below 1e-301 s: the smallest representable answer
            probe = hi * 0x1p-32;
            f_probe = cdf(probe) - p;
        }
        lo = probe;
        f_lo = f_probe;
        while (hi > 256.0 * lo) {
            const double mid = std::sqrt(lo) * std::sqrt(hi);
            const double f_mid = cdf(mid) - p;
            if (f_mid >= 0.0) {
                hi = mid;
                f_hi = f_mid;
            } else {
                lo = mid;
                f_lo = f_mid;
            }
        }
        if (f_hi == 0.0) return hi;
    }
    std::uintmax_t iterations = quantile_max_iterations;
    const boost::math::tools::eps_tolerance<double> tolerance(quantile_tolerance_bits);
    const std::pair<double, double> bracket = boost::math::tools::toms748_solve(
        [&](double t) { return cdf(t) - p; }, lo, hi, f_lo, f_hi, tolerance, iterations);
    if (iterations >= quantile_max_iterations)
        throw_convergence_error(function, "quantile root finding did not converge in " +
                                              std::to_string(quantile_max_iterations) + " iterations");
    return bracket.second; // upper end: cdf(t) >= p holds there
}

/// The p-quantile of a distribution given by its cdf and its complementary cdf: for p > 1/2 the smallest t with
/// ccdf(t) <= 1 - p (1 - p is exact there, while a cdf computed as 1 - ccdf resolves a level like 1 - 1e-15 to
/// one digit, and the response quantile came out below the wait quantile); otherwise invert_cdf.
template <class Cdf, class Ccdf>
double invert_cdf_or_ccdf(Cdf&& cdf, Ccdf&& ccdf, double p, double lower, double scale, const char* function) {
    if (p > 0.5) return invert_cdf([&](double t) { return -ccdf(t); }, p - 1.0, lower, scale, function);
    return invert_cdf(cdf, p, lower, scale, function);
}

} // namespace offload::detail
