// offload/distributions/md1_waiting_time.hpp — the exact waiting-time distribution of the M/D/1/FCFS queue.
//
// Method (stable, every term non-negative). For a Poisson arrival at time tau and t = kD + x with
// k = floor(t / D), 0 <= x < D and s = D - x in (0, D], the arrival waits at most t exactly when
//     max(N(tau - s), 1) + A(tau - s, tau) <= k + 1,
// where N(u) is the number in system at time u and A the number of (Poisson, rate lambda) arrivals in the
// window; the two are independent and N(tau - s) is time-stationary (PASTA). Hence, with Q_m = P(N <= m),
//     P(W <= kD + x) = e^{-lambda s} sum_{j=0}^{k} Q_{k+1-j} (lambda s)^j / j!          (all terms >= 0)
// and in particular P(W <= mD) = Q_m. This is the single-server case of Franx (2001), "A simple solution
// for the M/D/c waiting time distribution", Oper. Res. Letters 29, 221-229. The tail form
//     P(W > kD + x) = e^{-lambda s} sum_{j=0}^{k} R_{k+1-j} (lambda s)^j / j! + P(Poisson(lambda s) > k),
// R_m = P(N > m), is used for complementary_cdf so that small tail probabilities keep their relative
// accuracy.
//
// The state probabilities pi_n = P(N = n) come from the level-crossing (up-crossings = down-crossings)
// balance of the embedded departure-epoch chain of the M/G/1 queue (Tijms 2003, "A First Course in
// Stochastic Models", sec. 2.5 / 9.2):
//     pi_{n+1} a_0 = pi_0 abar_n + sum_{j=1}^{n} pi_j abar_{n+1-j},
// with a_0 = e^{-rho} and abar_m = P(Poisson(rho) > m) summed from its (positive) terms. No subtraction
// occurs, so the relative error of pi_n grows only linearly in n (a few ulp per step), unlike Erlang's
// alternating series, whose terms reach e^{rho t / D} and cancel catastrophically beyond ~20 D at high load.
//
// The recursion stops early once the geometric remainder pi_n / (1 - sigma), sigma = e^{-gamma D}, drops
// below 1e-20 (P(W <= t) is then 1 to double precision for all larger t). Only when rho is so close to 1
// that this needs more than `md1_exact_levels` levels (about 1 - rho < 3e-4) is the mass beyond the last
// level taken from its geometric asymptote pi_n ~ pi_last sigma^(n - last), and are times beyond that many
// service times answered by the leading term of the exact expansion, P(W > t) = C e^{-gamma t}, with
// lambda (e^{gamma D} - 1) = gamma and C = (1 - rho) / (lambda D e^{gamma D} - 1): the next term of the
// expansion decays faster by a factor of at least e^{-1.8 t / D} (the first complex root of
// rho (e^w - 1) = w has real part > ln(2 pi / rho) while the real root gamma D < 2 (1 - rho) / rho), i.e.
// by e^{-10^5} or less there, far below double precision.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/cramer_lundberg.hpp"
#include "offload/error.hpp"

namespace offload {

namespace detail {

/// Number of levels n (service times) up to which the M/D/1 state probabilities are computed exactly.
inline constexpr std::size_t md1_exact_levels = std::size_t{1} << 16;

/// Positive root w of rho (e^w - 1) = w for 0 < rho < 1 (w = gamma D, the Cramer-Lundberg exponent of
/// deterministic service). Solved as g(w) = ln(rho expm1(w) / w) = 0; g is increasing from ln(rho) < 0.
[[nodiscard]] inline double md1_decay_exponent(double rho, const char* function) {
    // ln(rho (e^w - 1) / w): finite for every finite w (rho e^w overflowed near w = 709, i.e. rho < ~1e-200)
    const double log_rho = std::log(rho);
    const auto g = [log_rho](double w) { return log_rho + log_expm1(w) - std::log(w); };
    // Upper bracket: the quadratic lower bound of rho expm1(w) - w gives w <= 2 (1 - rho) / rho; and at
    // w = 2 ln(1/rho) + 2, rho e^w = e^2 / rho exceeds w + rho for every rho in (0, 1).
    double hi = std::min(2.0 * (1.0 - rho) / rho, 2.0 * std::log(1.0 / rho) + 2.0);
    return cramer_lundberg_root(
        g, hi, [](double x) { return 2.0 * x; }, 64, function,
        [rho] { return "decay exponent (rho = " + format_value(rho) + ")"; });
}

/// abar[m] = P(Poisson(rho) > m) for m = 0, 1, ... until it underflows to 0 (rho < 1: at most ~180 entries).
/// Summed backwards from the positive terms e^{-rho} rho^i / i!, so each entry is accurate to a few ulp.
[[nodiscard]] inline std::vector<double> poisson_upper_tails(double rho) {
    std::vector<double> terms;
    double term = std::exp(-rho);
    for (int i = 0; i < 400 && term > 0.0; ++i) {
        terms.push_back(term);
        term *= rho / (i + 1);
    }
    std::vector<double> tails(terms.size(), 0.0);
    double sum = 0.0;
    for (std::size_t i = terms.size(); i-- > 1;) {
        sum += terms[i];
        tails[i - 1] = sum;
    }
    while (!tails.empty() && tails.back() == 0.0) tails.pop_back();
    return tails;
}

/// P(Poisson(mean) > k) for 0 <= mean < 1, by summing the positive terms of the tail.
[[nodiscard]] inline double poisson_survival(double mean, std::size_t k) {
    if (mean <= 0.0) return 0.0;
    double term = std::exp(-mean);
    for (std::size_t i = 1; i <= k + 1; ++i) {
        term *= mean / static_cast<double>(i);
        if (term == 0.0) return 0.0;
    }
    double sum = 0.0;
    for (std::size_t i = k + 2; term > 0.0 && term >= 1e-20 * sum; ++i) {
        sum += term;
        term *= mean / static_cast<double>(i);
    }
    return sum;
}

/// pi_0 .. pi_{last} of the M/D/1 number in system, last <= wanted; stops early once the remaining tail
/// (estimated as pi_n / (1 - sigma)) is below 1e-20 (absolute), or, if reference_level > 0, once it is
/// below 1e-18 pi_{reference_level} beyond that level; or at md1_exact_levels.
struct md1_levels {
    std::vector<double> pi;
    bool tail_negligible = false; ///< pi beyond pi.back() is negligible in the sense above
};

[[nodiscard]] inline md1_levels md1_state_probabilities(double rho, double sigma, std::size_t wanted,
                                                        std::size_t reference_level = 0) {
    md1_levels out;
    const std::vector<double> abar = poisson_upper_tails(rho);
    const double a0 = std::exp(-rho);
    const std::size_t window = abar.size();
    const std::size_t last = std::min(wanted, md1_exact_levels);
    out.pi.reserve(last + 1);
    out.pi.push_back(1.0 - rho);
    const double remainder_factor = 1.0 / (1.0 - sigma);
    for (std::size_t n = 0; n < last; ++n) {
        // pi_{n+1} a0 = pi_0 abar_n + sum_{j=1}^{n} pi_j abar_{n+1-j}; terms with abar == 0 are dropped
        double sum = (n < window) ? out.pi[0] * abar[n] : 0.0;
        const std::size_t j_first = (n + 1 > window) ? n + 1 - window + 1 : 1;
        for (std::size_t j = std::max<std::size_t>(j_first, 1); j <= n; ++j) sum += out.pi[j] * abar[n + 1 - j];
        out.pi.push_back(sum / a0);
        const double remainder = out.pi.back() * remainder_factor;
        const bool negligible =
            reference_level == 0
                ? remainder < 1e-20
                : (remainder == 0.0 || (n + 1 > reference_level && !(remainder >= 1e-18 * out.pi[reference_level])));
        if (negligible) {
            out.tail_negligible = true;
            break;
        }
    }
    return out;
}

} // namespace detail

/// The waiting time (time before service starts) of an M/D/1/FCFS queue with arrival rate lambda and
/// deterministic service time D. Exact (see the header comment for the method and its accuracy).
/// lambda D >= 1 is allowed and stands for an unstable queue: the distribution then sits at +infinity.
class md1_waiting_time {
public:
    md1_waiting_time(double arrival_rate, double service_time)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::md1_waiting_time", "arrival_rate")),
          d_(detail::require_positive(service_time, "offload::md1_waiting_time", "service_time")), rho_(lambda_ * d_) {
        if (rho_ > 0.0 && rho_ < 1.0) {
            w_ = detail::md1_decay_exponent(rho_, "offload::md1_waiting_time");
            // lambda D e^{w} - 1 = rho expm1(w) + rho - 1 = w - (1 - rho) at the root
            c_ = (1.0 - rho_) / (w_ - (1.0 - rho_));
        }
    }

    double arrival_rate() const noexcept { return lambda_; }
    double service_time() const noexcept { return d_; }
    double utilization() const noexcept { return rho_; }
    /// gamma (1/s): P(W > t) ~ C e^{-gamma t} as t -> infinity (0 if lambda = 0 or unstable)
    double decay_rate() const noexcept { return w_ / d_; }
    /// C of the exact asymptote P(W > t) ~ C e^{-gamma t}
    double asymptote_coefficient() const noexcept { return c_; }

private:
    double lambda_;
    double d_;
    double rho_;
    double w_ = 0.0;
    double c_ = 0.0;
};

namespace detail {

[[nodiscard]] inline bool md1_at_infinity(const md1_waiting_time& d) noexcept { return !(d.utilization() < 1.0); }

/// e^{-mu} sum_{j=0}^{k} v[k+1-j] mu^j / j!, v indexed up to k+1, entries beyond v.size() taken as v.back()
[[nodiscard]] inline double md1_poisson_mix(const std::vector<double>& v, std::size_t k, double mu) {
    double term = std::exp(-mu);
    double sum = 0.0;
    for (std::size_t j = 0; j <= k; ++j) {
        const std::size_t index = k + 1 - j;
        const double value = index < v.size() ? v[index] : v.back();
        sum += value * term;
        term *= mu / static_cast<double>(j + 1);
        if (term == 0.0) break;
    }
    return sum;
}

/// (k, s) with t = kD + (D - s), s in (0, D]
[[nodiscard]] inline std::pair<std::size_t, double> md1_split(double t, double d) {
    const double ratio = std::floor(t / d);
    auto k = static_cast<std::size_t>(ratio);
    double s = (ratio + 1.0) * d - t;
    if (s > d) s = d;
    if (s <= 0.0) { // rounding put t at the next boundary
        ++k;
        s = d;
    }
    return {k, s};
}

inline double md1_require_time(double t, const char* function) {
    if (std::isnan(t)) throw_parameter_error(function, "t", t, "must not be NaN");
    return t;
}

} // namespace detail

[[nodiscard]] inline double mean(const md1_waiting_time& d) noexcept {
    if (detail::md1_at_infinity(d)) return infinity;
    const double rho = d.utilization();
    return rho * d.service_time() / (2.0 * (1.0 - rho));
}

/// Takacs: Var[W] = E[W]^2 + lambda E[S^3] / (3 (1 - rho)), E[S^3] = D^3
[[nodiscard]] inline double variance(const md1_waiting_time& d) noexcept {
    if (detail::md1_at_infinity(d)) return infinity;
    const double ew = mean(d);
    const double dd = d.service_time();
    return ew * ew + d.arrival_rate() * dd * dd * dd / (3.0 * (1.0 - d.utilization()));
}

/// P(W <= t), exact to about n * 1e-16 absolute for t ~ n D
[[nodiscard]] inline double cdf(const md1_waiting_time& d, double t) {
    detail::md1_require_time(t, "offload::cdf(md1_waiting_time)");
    if (t < 0.0) return 0.0;
    if (detail::md1_at_infinity(d)) return 0.0;
    if (d.arrival_rate() == 0.0 || t == infinity) return 1.0;
    const double dd = d.service_time();
    const double gamma = d.decay_rate();
    const double sigma = std::exp(-gamma * dd);
    if (!(t / dd < 0x1p52)) return -std::expm1(std::log(d.asymptote_coefficient()) - gamma * t); // k not exact
    const auto [k, s] = detail::md1_split(t, dd);
    const detail::md1_levels levels = detail::md1_state_probabilities(d.utilization(), sigma, k + 1);
    if (!levels.tail_negligible && k + 1 >= levels.pi.size()) // beyond md1_exact_levels: see header comment
        return -std::expm1(std::log(d.asymptote_coefficient()) - gamma * t);
    std::vector<double> q(levels.pi.size());
    double running = 0.0;
    for (std::size_t i = 0; i < q.size(); ++i) q[i] = (running += levels.pi[i]);
    return std::min(1.0, detail::md1_poisson_mix(q, k, d.arrival_rate() * s));
}

/// P(W > t), with relative accuracy also far in the tail
[[nodiscard]] inline double complementary_cdf(const md1_waiting_time& d, double t) {
    detail::md1_require_time(t, "offload::complementary_cdf(md1_waiting_time)");
    if (t < 0.0) return 1.0;
    if (detail::md1_at_infinity(d)) return 1.0;
    if (d.arrival_rate() == 0.0 || t == infinity) return 0.0;
    const double dd = d.service_time();
    const double gamma = d.decay_rate();
    const double sigma = std::exp(-gamma * dd);
    if (!(t / dd < 0x1p52)) return d.asymptote_coefficient() * std::exp(-gamma * t); // k would not be exact
    const auto [k, s] = detail::md1_split(t, dd);
    // R_m for m up to k + 1 needs pi beyond k + 1 until the geometric remainder is negligible
    const detail::md1_levels levels =
        detail::md1_state_probabilities(d.utilization(), sigma, detail::md1_exact_levels, k + 2);
    if (!levels.tail_negligible && k + 1 >= levels.pi.size())
        return d.asymptote_coefficient() * std::exp(-gamma * t); // beyond md1_exact_levels: see header comment
    const std::vector<double>& pi = levels.pi;
    std::vector<double> r(std::min(pi.size(), k + 2));
    double tail = pi.back() * sigma / (1.0 - sigma); // geometric remainder (negligible unless capped)
    for (std::size_t m = pi.size(); m-- > 0;) {
        if (m < r.size()) r[m] = tail; // R_m = sum_{n > m} pi_n
        tail += pi[m];
    }
    if (r.size() < k + 2) r.push_back(0.0); // levels beyond the computed ones carry no mass
    const double mu = d.arrival_rate() * s;
    return detail::md1_poisson_mix(r, k, mu) + detail::poisson_survival(mu, k);
}

/// Smallest t with P(W <= t) >= p. Uses P(W <= mD) = P(N <= m) to find the service-time interval, then
/// TOMS 748 inside it. +inf for an unstable queue.
[[nodiscard]] inline double quantile(const md1_waiting_time& d, double p) {
    constexpr const char* function = "offload::quantile(md1_waiting_time)";
    detail::require_open_probability(p, function, "p");
    if (detail::md1_at_infinity(d)) return infinity;
    const double rho = d.utilization();
    if (p <= 1.0 - rho) return 0.0;
    const double dd = d.service_time();
    const double gamma = d.decay_rate();
    const double sigma = std::exp(-gamma * dd);
    // grow the table until Q_m >= p
    std::size_t wanted = 64;
    detail::md1_levels levels;
    std::vector<double> q;
    std::size_t m = 0;
    for (;;) {
        levels = detail::md1_state_probabilities(rho, sigma, wanted);
        q.assign(levels.pi.size(), 0.0);
        double running = 0.0;
        for (std::size_t i = 0; i < q.size(); ++i) q[i] = (running += levels.pi[i]);
        const auto it = std::lower_bound(q.begin(), q.end(), p);
        if (it != q.end()) {
            m = static_cast<std::size_t>(it - q.begin());
            break;
        }
        if (levels.tail_negligible) { // p above the computed total (rounding): last level
            m = q.size() - 1;
            break;
        }
        if (levels.pi.size() <= wanted) { // hit md1_exact_levels: exact asymptote (see header comment)
            return std::log(d.asymptote_coefficient() / (1.0 - p)) / gamma;
        }
        wanted *= 8;
    }
    if (m == 0) return 0.0;
    // t in ((m-1) D, m D]: t = (m-1) D + D - s, s in [0, D); cdf decreases in s
    const std::size_t k = m - 1;
    const double lambda = d.arrival_rate();
    const auto f = [&](double s) { return detail::md1_poisson_mix(q, k, lambda * s) - p; };
    double s_hi = dd;  // t = (m-1) D: cdf = Q_{m-1} < p
    double s_lo = 0.0; // t = m D: cdf = Q_m >= p
    const double f_lo = f(s_lo);
    const double f_hi = f(s_hi);
    if (f_lo <= 0.0) return static_cast<double>(m) * dd;
    if (f_hi >= 0.0) return static_cast<double>(k) * dd;
    std::uintmax_t iterations = 200;
    const auto root = boost::math::tools::toms748_solve(f, s_lo, s_hi, f_lo, f_hi,
                                                        boost::math::tools::eps_tolerance<double>(50), iterations);
    if (iterations >= 200) detail::throw_convergence_error(function, "root finding did not converge");
    return static_cast<double>(k) * dd + (dd - root.first); // smaller s: cdf >= p there
}

static_assert(time_distribution<md1_waiting_time>);

} // namespace offload
