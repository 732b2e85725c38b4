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
            detail::require_probability(p, "offload::erlang_mixture_time", "phase_probabilities[m]");
            total += p;
        }
        if (!(std::fabs(total - 1.0) <= 1e-9))
            detail::throw_parameter_error("offload::erlang_mixture_time", "sum(phase_probabilities)", total,
                                          "must equal 1 within 1e-9");
        // tail_[j] = P(M > j), summed from the top so that small tails keep their relative accuracy
        tail_.assign(phase_probabilities.size(), 0.0);
        double above = 0.0;
        for (std::size_t j = phase_probabilities.size(); j-- > 0;) {
            tail_[j] = above / total;
            above += phase_probabilities[j];
        }
        trim();
    }

    double rate() const noexcept { return rate_; }
    /// P(M > j) for j = 0..J (beyond J: P(M > J) * beta^(j - J))
    const std::vector<double>& phase_tail() const noexcept { return tail_; }
    double geometric_tail_ratio() const noexcept { return beta_; }

    /// P(M > j) for any j >= 0
    double phase_tail(std::size_t j) const noexcept {
        if (j < tail_.size()) return tail_[j];
        if (beta_ == 0.0) return 0.0;
        return tail_.back() * std::pow(beta_, static_cast<double>(j - (tail_.size() - 1)));
    }

    /// T + X with X ~ Exponential(exponential_rate) independent of T, exponential_rate in (0, rate]. Exact:
    /// X is a Geometric(s / r) number of Exponential(r) phases.
    friend erlang_mixture_time add_exponential_phase(const erlang_mixture_time& d, double exponential_rate) {
        detail::require_positive(exponential_rate, "offload::add_exponential_phase", "exponential_rate");
        if (!(exponential_rate <= d.rate_))
            detail::throw_parameter_error("offload::add_exponential_phase", "exponential_rate", exponential_rate,
                                          "must not exceed the phase rate of the mixture");
        if (d.beta_ != 0.0)
            detail::throw_parameter_error("offload::add_exponential_phase", "d.geometric_tail_ratio", d.beta_,
                                          "must be 0 (one exponential phase can be added)");
        const double beta = 1.0 - exponential_rate / d.rate_;  // N >= 1 with P(N > k) = beta^k
        // M' = M + N: P(M' > j) = P(M >= j) + P(M < j, M + N > j), and P(M + N > j | M = m < j) = beta^(j - m),
        // so w_j := P(M < j, M + N > j) = beta * (w_{j-1} + P(M = j - 1)), w_0 = 0. M <= J + 1, so for
        // j >= J + 2 only w_j remains and P(M' > j + 1) = beta P(M' > j).
        erlang_mixture_time out = d;
        const std::size_t size = d.tail_.size() + 2;
        out.tail_.assign(size, 0.0);
        double w = 0.0;
        for (std::size_t j = 0; j < size; ++j) {
            const double at_least = (j == 0) ? 1.0 : d.phase_tail(j - 1);  // P(M >= j)
            if (j > 0) {
                const double mass = (j - 1 == 0) ? 1.0 - d.tail_[0] : d.phase_tail(j - 2) - d.phase_tail(j - 1);
                w = beta * (w + std::max(mass, 0.0));
            }
            out.tail_[j] = at_least + w;
        }
        out.beta_ = beta;
        out.trim();
        return out;
    }

private:
    // drop trailing zero tails (phase_tail(j) beyond the vector is 0 when there is no geometric tail)
    void trim() {
        if (beta_ != 0.0) return;
        while (tail_.size() > 1 && tail_.back() == 0.0) tail_.pop_back();
    }

    double rate_;
    std::vector<double> tail_;  // P(M > j), j = 0..J
    double beta_ = 0.0;         // P(M > j + 1) = beta P(M > j) for j >= J; 0: P(M > j) = 0 for j > J
};

namespace detail {

/// sum_{j >= 0} Poisson(j; x) P(M > j) for the mixture d, summing outward from the Poisson mode.
inline double erlang_mixture_ccdf(const erlang_mixture_time& d, double x) {
    if (x <= 0.0) return d.phase_tail(0);
    const double mode = std::floor(x);
    const double spread = 40.0 * std::sqrt(x) + 50.0;
    const double j_mode = mode;
    const auto& tail = d.phase_tail();
    const double last = static_cast<double>(tail.size() - 1);
    if (j_mode - spread > last) {
        // Poisson terms below j_mode - spread weigh < e^-800 in total; above it only the geometric tail is
        // left, bounded by S_J beta^(j_mode - spread - J)
        const double beta = d.geometric_tail_ratio();
        if (beta == 0.0 || (j_mode - spread - last) * -std::log(beta) > 745.0) return 0.0;
    }
    const double log_pmf_mode = -x + j_mode * std::log(x) - std::lgamma(j_mode + 1.0);
    const double pmf_mode = std::exp(log_pmf_mode);
    const auto j0 = static_cast<std::size_t>(j_mode);
    double sum = pmf_mode * d.phase_tail(j0);
    // upward
    double pmf = pmf_mode;
    for (std::size_t j = j0 + 1; static_cast<double>(j) <= j_mode + spread; ++j) {
        pmf *= x / static_cast<double>(j);
        const double s = d.phase_tail(j);
        if (s == 0.0 || pmf == 0.0) break;
        sum += pmf * s;
    }
    // downward
    pmf = pmf_mode;
    for (std::size_t j = j0; j > 0 && static_cast<double>(j) >= j_mode - spread; --j) {
        pmf *= static_cast<double>(j) / x;
        if (pmf == 0.0) break;
        sum += pmf * d.phase_tail(j - 1);
    }
    return std::min(sum, 1.0);
}

} // namespace detail

/// E[T] = E[M] / r = sum_j P(M > j) / r
inline double mean(const erlang_mixture_time& d) noexcept {
    const auto& s = d.phase_tail();
    double sum = 0.0;
    for (double v : s) sum += v;
    const double beta = d.geometric_tail_ratio();
    if (beta > 0.0) sum += s.back() * beta / (1.0 - beta);
    return sum / d.rate();
}

/// Var[T] = (E[M(M+1)] - E[M]^2) / r^2, with E[M(M+1)] = sum_j 2 (j + 1) P(M > j)
inline double variance(const erlang_mixture_time& d) noexcept {
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

/// P(T > t)
inline double complementary_cdf(const erlang_mixture_time& d, double t) {
    if (t < 0.0) return 1.0;
    return detail::erlang_mixture_ccdf(d, d.rate() * t);
}

inline double cdf(const erlang_mixture_time& d, double t) {
    if (t < 0.0) return 0.0;
    return 1.0 - detail::erlang_mixture_ccdf(d, d.rate() * t);
}

inline double quantile(const erlang_mixture_time& d, double p) {
    detail::require_open_probability(p, "offload::quantile(erlang_mixture_time)", "p");
    return detail::invert_cdf([&](double t) { return cdf(d, t); }, p, 0.0, std::max(mean(d), 1e-300),
                              "offload::quantile(erlang_mixture_time)");
}

static_assert(time_distribution<erlang_mixture_time>);

} // namespace offload
