// offload/distributions/erlang_mixture_time.hpp — a random number M of exponential phases, all of one rate r:
//     T = X_1 + ... + X_M,   X_i ~ Exponential(r) i.i.d., M >= 0 independent of the X_i (M = 0 gives T = 0).
// Given M = m, T is Erlang(m, r), so T is a mixture of Erlang distributions with an atom P(M = 0) at zero.
// Exact for the waiting and response times of accepted requests in M/M/1/K and M/M/c/K (FCFS): an arrival
// that finds n requests waits for n - c + 1 departures, each Exponential(c mu).
//
// Evaluation: P(T > t) = sum_{j >= 0} Poisson(j; r t) P(M > j), a sum of non-negative terms (no cancellation,
// no large Erlang shapes); only the Poisson terms within about 40 standard deviations of r t are summed.
// The phase count may have a geometric tail beyond the stored probabilities: P(M > j) = P(M > J) beta^(j - J)
// for j >= J; that is what adding an independent Exponential(s), s <= r, produces (add_exponential_phase).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/error.hpp"

namespace offload {

class erlang_mixture_time {
public:
    /// rate r > 0 (1/s); phase_probabilities[m] = P(M = m), m = 0..size-1: finite, >= 0, summing to 1 within
    /// 1e-9 (they are renormalised). An empty vector is invalid.
    erlang_mixture_time(double rate, const std::vector<double>& phase_probabilities)
        : rate_(detail::require_positive(rate, "offload::erlang_mixture_time", "rate")) {
        if (phase_probabilities.empty())
            detail::throw_parameter_error("offload::erlang_mixture_time", "phase_probabilities", "{}",
                                          "must hold at least one probability");
        double total = 0.0;
        for (double p : phase_probabilities) {
            detail::require_non_negative(p, "offload::erlang_mixture_time", "phase_probabilities[m]");
            total += p;
        }
        if (!(std::fabs(total - 1.0) <= 1e-9))
            detail::throw_parameter_error("offload::erlang_mixture_time", "sum(phase_probabilities)", total,
                                          "must equal 1 within 1e-9");
        const std::size_t size = phase_probabilities.size();
        pmf_.resize(size);
        for (std::size_t m = 0; m < size; ++m) pmf_[m] = phase_probabilities[m] / total;
        // head_[j] = P(M <= j) summed from below, tail_[j] = P(M > j) summed from above: each keeps its
        // relative accuracy where it is small
        head_.assign(size, 0.0);
        tail_.assign(size, 0.0);
        double below = 0.0;
        for (std::size_t j = 0; j < size; ++j) {
            below += pmf_[j];
            head_[j] = std::min(below, 1.0);
        }
        double above = 0.0;
        for (std::size_t j = size; j-- > 0;) {
            tail_[j] = std::min(above, 1.0);
            above += pmf_[j];
        }
    }

    double rate() const noexcept { return rate_; }
    /// P(M > j) for j = 0..J (beyond J: P(M > J) * beta^(j - J))
    const std::vector<double>& phase_tail() const noexcept { return tail_; }
    double geometric_tail_ratio() const noexcept { return beta_; }

    /// P(M > j) for any j >= 0
    double phase_tail(std::size_t j) const noexcept {
        if (j < tail_.size()) return tail_[j];
        if (beta_ == 0.0 || tail_.back() == 0.0) return 0.0;
        return tail_.back() * std::pow(beta_, static_cast<double>(j - (tail_.size() - 1)));
    }
    /// P(M <= j) for any j >= 0 (1 - P(M > j) evaluated without cancellation)
    double phase_head(std::size_t j) const noexcept {
        if (j < head_.size()) return head_[j];
        if (beta_ == 0.0) return 1.0;
        const double k = static_cast<double>(j - (head_.size() - 1));
        return -std::expm1(std::log1p(-head_.back()) + k * std::log(beta_));
    }

    /// T + X with X ~ Exponential(exponential_rate) independent of T, exponential_rate in (0, rate]. Exact:
    /// X is a Geometric(s / r) number N >= 1 of Exponential(r) phases, P(N > k) = beta^k, beta = 1 - s / r.
    [[nodiscard]] friend erlang_mixture_time add_exponential_phase(const erlang_mixture_time& d,
                                                                   double exponential_rate) {
        detail::require_positive(exponential_rate, "offload::add_exponential_phase", "exponential_rate");
        if (!(exponential_rate <= d.rate_))
            detail::throw_parameter_error("offload::add_exponential_phase", "exponential_rate", exponential_rate,
                                          "must not exceed the phase rate of the mixture");
        if (d.beta_ != 0.0)
            detail::throw_parameter_error("offload::add_exponential_phase", "d.geometric_tail_ratio", d.beta_,
                                          "must be 0 (one exponential phase can be added)");
        const double beta = 1.0 - exponential_rate / d.rate_;
        // M' = M + N. With p_m = P(M = m) and F_j = P(M <= j):
        //   P(M' > j)  = P(M >= j) + w_j,  w_j = sum_{m<j} p_m beta^(j-m)       = beta (w_{j-1} + p_{j-1})
        //   P(M' <= j) = v_j,              v_j = sum_{m<j} p_m (1 - beta^(j-m)) = (1 - beta) F_{j-1} + beta v_{j-1}
        // (all terms non-negative). M <= J, so from j = J + 1 on P(M' > j + 1) = beta P(M' > j).
        erlang_mixture_time out = d;
        const std::size_t size = d.pmf_.size() + 1;
        out.pmf_.clear();
        out.tail_.assign(size, 0.0);
        out.head_.assign(size, 0.0);
        double w = 0.0;
        double v = 0.0;
        for (std::size_t j = 0; j < size; ++j) {
            if (j > 0) {
                w = beta * (w + d.pmf_[j - 1]);
                v = (1.0 - beta) * d.head_[j - 1] + beta * v;
            }
            const double at_least = (j == 0) ? 1.0 : d.phase_tail(j - 1);
            out.tail_[j] = std::min(at_least + w, 1.0);
            out.head_[j] = std::min(v, 1.0);
        }
        out.beta_ = beta;
        return out;
    }

private:
    double rate_;
    std::vector<double> pmf_;  // P(M = m), m = 0..J (empty after add_exponential_phase)
    std::vector<double> head_; // P(M <= j), j = 0..J
    std::vector<double> tail_; // P(M > j), j = 0..J
    double beta_ = 0.0;        // P(M > j + 1) = beta P(M > j) for j >= J; 0: M <= J
};

namespace detail {

/// sum_{j >= 0} Poisson(j; x) g(j) for g = P(M > j) (upper = true) or P(M <= j), summing outward from the
/// Poisson mode over +-(40 sqrt(x) + 50) terms: the terms left out weigh < e^-800 in total.
[[nodiscard]] inline double erlang_mixture_poisson_sum(const erlang_mixture_time& d, double x, bool upper) {
    auto g = [&](std::size_t j) { return upper ? d.phase_tail(j) : d.phase_head(j); };
    if (x <= 0.0) return g(0);
    // beyond 2^52 phases the Poisson terms sit where P(M > j) = P(M > J) beta^(j - J) underflows (beta < 1), and
    // the term index would not be exact (x = +inf, for t = +inf or t = 1e308, looped forever)
    if (!(x < 0x1p52)) return upper ? 0.0 : 1.0;
    const double j_mode = std::floor(x);
    const double spread = 40.0 * std::sqrt(x) + 50.0;
    const double last = static_cast<double>(d.phase_tail().size() - 1);
    if (j_mode - spread > last) {
        // only the geometric tail remains, bounded by S_J beta^(j_mode - spread - J)
        const double beta = d.geometric_tail_ratio();
        if (beta == 0.0 || (j_mode - spread - last) * -std::log(beta) > 745.0) return upper ? 0.0 : 1.0;
    }
    const double pmf_mode = std::exp(-x + j_mode * std::log(x) - std::lgamma(j_mode + 1.0));
    const auto j0 = static_cast<std::size_t>(j_mode);
    double sum = pmf_mode * g(j0);
    double pmf = pmf_mode;
    for (std::size_t j = j0 + 1; static_cast<double>(j) <= j_mode + spread; ++j) {
        pmf *= x / static_cast<double>(j);
        if (pmf == 0.0) break;
        const double value = g(j);
        if (upper && value == 0.0) break; // P(M > j) is non-increasing
        sum += pmf * value;
    }
    pmf = pmf_mode;
    for (std::size_t j = j0; j > 0 && static_cast<double>(j) >= j_mode - spread; --j) {
        pmf *= static_cast<double>(j) / x;
        if (pmf == 0.0) break;
        const double value = g(j - 1);
        if (!upper && value == 0.0) break; // P(M <= j) is non-decreasing
        sum += pmf * value;
    }
    return std::min(sum, 1.0);
}

} // namespace detail

/// E[T] = E[M] / r = sum_j P(M > j) / r
[[nodiscard]] inline double mean(const erlang_mixture_time& d) noexcept {
    const auto& s = d.phase_tail();
    double sum = 0.0;
    for (double v : s) sum += v;
    const double beta = d.geometric_tail_ratio();
    if (beta > 0.0) sum += s.back() * beta / (1.0 - beta);
    return sum / d.rate();
}

/// Var[T] = (E[M(M+1)] - E[M]^2) / r^2, with E[M(M+1)] = sum_j 2 (j + 1) P(M > j)
[[nodiscard]] inline double variance(const erlang_mixture_time& d) noexcept {
    const auto& s = d.phase_tail();
    double m1 = 0.0;
    double m2 = 0.0;
    for (std::size_t j = 0; j < s.size(); ++j) {
        m1 += s[j];
        m2 += 2.0 * static_cast<double>(j + 1) * s[j];
    }
    const double beta = d.geometric_tail_ratio();
    if (beta > 0.0) {
        const double big_j = static_cast<double>(s.size() - 1);
        const double g = beta / (1.0 - beta);
        m1 += s.back() * g;
        m2 += 2.0 * s.back() * ((big_j + 1.0) * g + g / (1.0 - beta));
    }
    return std::max(m2 - m1 * m1, 0.0) / (d.rate() * d.rate());
}

/// P(T > t); t = NaN is a parameter_error
[[nodiscard]] inline double complementary_cdf(const erlang_mixture_time& d, double t) {
    detail::require_not_nan(t, "offload::complementary_cdf(erlang_mixture_time)", "t");
    if (t < 0.0) return 1.0;
    return detail::erlang_mixture_poisson_sum(d, d.rate() * t, true);
}

/// P(T <= t) = sum_j Poisson(j; r t) P(M <= j), a sum of non-negative terms (accurate when small too); where
/// P(T > t) < 1/2, 1 - P(T > t) instead (the head sum over thousands of Poisson terms drifted 1e-13 below 1, so
/// the cdf decreased in t)
[[nodiscard]] inline double cdf(const erlang_mixture_time& d, double t) {
    detail::require_not_nan(t, "offload::cdf(erlang_mixture_time)", "t");
    if (t < 0.0) return 0.0;
    const double upper = detail::erlang_mixture_poisson_sum(d, d.rate() * t, true);
    if (upper < 0.5) return 1.0 - upper;
    return detail::erlang_mixture_poisson_sum(d, d.rate() * t, false);
}

[[nodiscard]] inline double quantile(const erlang_mixture_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(erlang_mixture_time)", "p");
    return detail::invert_cdf([&](double t) { return cdf(d, t); }, p, 0.0, std::max(mean(d), 1e-300),
                              "offload::quantile(erlang_mixture_time)");
}

static_assert(time_distribution<erlang_mixture_time>);

} // namespace offload
