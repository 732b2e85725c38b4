// offload/detail/cramer_lundberg.hpp — the positive root of a Cramer-Lundberg equation, bracketed and solved
// with checked iterations. Internal: used by offload/distributions/md1_waiting_time.hpp and offload/queues/mg1.hpp.
//
// The decay exponent gamma of an M/G/1 waiting-time tail solves lambda (M_S(gamma) - 1) = gamma. Written as
// g(x) = ln(lambda (M_S(x) - 1) / x), g increases from ln(rho) < 0 (at 0+) to +inf, so the root is unique
// (callers may change variables, e.g. mg1 solves in v = -ln(1 - x/beta)):
//   upper bracket: from a caller's first guess (a bound on the root), moved by the caller's step until g > 0;
//   lower bracket: halved from hi / 2 until g < 0 (2100 halvings reach the smallest subnormal);
//   TOMS 748 to 52 bits within 200 iterations (Boost returns silently when max_iter runs out: checked here).
// Any failure is a convergence_error naming the calling function and what was being solved.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include <boost/math/tools/toms748_solve.hpp>

#include "offload/error.hpp"

namespace offload::detail {

/// ln(e^y - 1) for y > 0 without overflow (for y > 1: y + ln(1 - e^-y)). Lundberg functions are solved in
/// logarithms so that no finite argument makes them +inf (which would break the root finder's interpolation).
inline double log_expm1(double y) noexcept { return y > 1.0 ? y + std::log1p(-std::exp(-y)) : std::log(std::expm1(y)); }

/// Root of the increasing g on (0, ...): `hi` the first upper guess, `step(hi)` the next one (at most
/// `max_steps` times); `what()` names the root in error messages, e.g. "decay exponent (rho = 0.5)" (called
/// only on failure, so a successful solve does not allocate).
template <class G, class Step, class Describe>
double cramer_lundberg_root(G g, double hi, Step step, int max_steps, const char* function, Describe what) {
    double g_hi = g(hi);
    for (int i = 0; g_hi <= 0.0 && i < max_steps; ++i) {
        hi = step(hi);
        g_hi = g(hi);
    }
    double lo = 0.5 * hi;
    double g_lo = g(lo);
    for (int i = 0; g_lo >= 0.0 && i < 2100; ++i) {
        lo *= 0.5;
        g_lo = g(lo);
    }
    if (!(g_lo < 0.0 && g_hi > 0.0)) throw_convergence_error(function, "could not bracket the " + std::string(what()));
    std::uintmax_t iterations = 200;
    const auto root = boost::math::tools::toms748_solve(g, lo, hi, g_lo, g_hi,
                                                        boost::math::tools::eps_tolerance<double>(52), iterations);
    if (iterations >= 200)
        throw_convergence_error(function, "root finding for the " + std::string(what()) + " did not converge");
    return 0.5 * (root.first + root.second);
}

} // namespace offload::detail
