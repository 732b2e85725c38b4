// offload/pipelines/end_to_end_time.hpp — the distribution of a sum of independent stage sojourn times plus
// a constant (propagation), by numerical convolution on a uniform grid.
//
// Method (documented in docs/pipelines.md):
//   * each stage's response-time cdf F_j is cut at c_j = quantile(F_j, 1 - tail_mass / n) and binned on a
//     common grid of width h: bin i holds the mass of (i h, (i+1) h] (bin 0 also holds an atom at 0);
//   * the n binned mass functions are convolved (radix-2 FFT, no wrap-around: the grid is sized for the sum);
//   * placing each bin's mass at its left end gives a variable that is never larger than the true one, at
//     its right end one that is never smaller. Both sums come from the same convolution (the second is the
//     first shifted by n bins), so every quantile has a guaranteed bracket
//         quantile_bounds(d, p) = [lower, upper],  upper - lower <= about n h,
//     and the estimate quantile(d, p) (mass spread uniformly around the bin centres) lies inside it.
//   * mean and variance are exact: the sums of the stages' means and variances.
// Assumption: stage sojourn times are independent. That is exact for a tandem of M/M/1 queues in steady
// state (Burke's output theorem and Reich's theorem) and an approximation otherwise (e.g. M/D/1 stages or
// a NIC followed by a queue that the same request feeds).
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

/// Grid controls of the numerical convolution.
struct convolution_options {
    std::size_t grid_points = std::size_t{1} << 16; ///< FFT length: a power of two in [2^6, 2^24]
    double tail_mass = 1.0e-9;                      ///< probability cut from the stages' tails, in (0, 1e-3]

    bool operator==(const convolution_options&) const = default;
};

namespace detail {

/// In-place iterative radix-2 FFT (size a power of two). inverse = true computes the unscaled inverse.
inline void fft_in_place(std::vector<std::complex<double>>& a, bool inverse) {
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = 2.0 * std::numbers::pi / static_cast<double>(len) * (inverse ? 1.0 : -1.0);
        const std::size_t half = len / 2;
        for (std::size_t k = 0; k < half; ++k) {
            // twiddles computed directly (not by repeated multiplication) to keep round-off at O(eps log n)
            const std::complex<double> w(std::cos(angle * static_cast<double>(k)),
                                         std::sin(angle * static_cast<double>(k)));
            for (std::size_t start = 0; start < n; start += len) {
                const std::complex<double> u = a[start + k];
                const std::complex<double> v = a[start + k + half] * w;
                a[start + k] = u + v;
                a[start + k + half] = u - v;
            }
        }
    }
}

[[nodiscard]] inline bool is_power_of_two(std::size_t n) noexcept { return n != 0 && (n & (n - 1)) == 0; }

} // namespace detail

class end_to_end_time {
public:
    /// T = shift + X_1 + ... + X_n with independent X_j distributed as `stages`. shift >= 0 (finite).
    /// If any stage has an infinite mean (an unstable queue) T is "at +infinity": mean and quantiles +inf.
    template <time_distribution... D>
    requires(sizeof...(D) >= 1) explicit end_to_end_time(double shift_seconds, const convolution_options& options,
                                                         const D&... stages)
        : shift_(detail::require_non_negative(shift_seconds, "offload::end_to_end_time", "shift_seconds")),
          stages_(static_cast<int>(sizeof...(D))) {
        constexpr const char* fn = "offload::end_to_end_time";
        if (!(detail::is_power_of_two(options.grid_points) && options.grid_points >= 64 &&
              options.grid_points <= (std::size_t{1} << 24)))
            detail::throw_parameter_error(fn, "options.grid_points", static_cast<double>(options.grid_points),
                                          "must be a power of two in [64, 16777216]");
        if (!(options.tail_mass > 0.0 && options.tail_mass <= 1.0e-3))
            detail::throw_parameter_error(fn, "options.tail_mass", options.tail_mass, "must lie in (0, 0.001]");

        mean_ = shift_ + (0.0 + ... + static_cast<double>(mean(stages)));
        variance_ = (0.0 + ... + static_cast<double>(variance(stages)));
        if (!(mean_ < infinity)) {
            at_infinity_ = true;
            mean_ = infinity;
            variance_ = infinity;
            return;
        }
        if (!(variance_ < infinity)) variance_ = infinity; // a finite mean with an infinite variance is legal

        const double p_cut = 1.0 - options.tail_mass / static_cast<double>(stages_);
        double total_cut = 0.0;
        const double cuts[] = {static_cast<double>(quantile(stages, p_cut))...};
        for (double c : cuts) {
            if (!(c < infinity)) { // a defective stage (mass at +inf) with a finite mean cannot happen; be safe
                at_infinity_ = true;
                mean_ = infinity;
                variance_ = infinity;
                return;
            }
            total_cut += c;
        }
        const std::size_t n_fft = options.grid_points;
        if (!(total_cut > 0.0)) { // every stage is 0 with probability >= 1 - tail: a point mass at shift
            h_ = 0.0;
            cumulative_.assign(1, 1.0);
            mass_.assign(1, 1.0);
            return;
        }
        h_ = total_cut / static_cast<double>(n_fft - static_cast<std::size_t>(stages_) - 2);

        std::vector<std::complex<double>> product(n_fft, std::complex<double>(1.0, 0.0));
        std::vector<std::complex<double>> work(n_fft);
        std::size_t support = 1; // bins of the sum so far
        double tail = 0.0;
        std::size_t index = 0;
        auto add_stage = [&](const auto& stage) {
            const double cut = cuts[index++];
            const auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(cut / h_)));
            std::fill(work.begin(), work.end(), std::complex<double>(0.0, 0.0));
            double previous = 0.0; // cdf at the left end of the bin (bin 0 takes the atom at 0 too)
            for (std::size_t i = 0; i < bins; ++i) {
                const double right = std::min(static_cast<double>(i + 1) * h_, cut);
                const double value = std::clamp(static_cast<double>(cdf(stage, right)), 0.0, 1.0);
                work[i] = std::max(0.0, value - previous);
                previous = std::max(previous, value);
            }
            tail += std::max(0.0, 1.0 - previous);
            support += bins - 1;
            detail::fft_in_place(work, false);
            for (std::size_t k = 0; k < n_fft; ++k) product[k] *= work[k];
        };
        (add_stage(stages), ...);
        detail::fft_in_place(product, true);

        const std::size_t used = std::min(support, n_fft);
        mass_.resize(used);
        cumulative_.resize(used);
        double running = 0.0;
        for (std::size_t k = 0; k < used; ++k) {
            const double m = std::max(0.0, product[k].real() / static_cast<double>(n_fft));
            mass_[k] = m;
            running += m;
            cumulative_[k] = std::min(running, 1.0);
        }
        tail_ = std::min(1.0, tail);
    }

    double shift() const noexcept { return shift_; }         ///< the constant part (propagation), seconds
    int stage_count() const noexcept { return stages_; }     ///< n, the number of convolved stages
    double bin_width() const noexcept { return h_; }         ///< h, seconds (0 for a point mass)
    double truncated_mass() const noexcept { return tail_; } ///< probability cut from the tails (<= tail_mass)
    bool at_infinity() const noexcept { return at_infinity_; }

    /// Largest p for which quantile(d, p) is defined: the captured probability mass.
    double max_quantile_level() const noexcept { return at_infinity_ ? 1.0 : cumulative_.back(); }

    [[nodiscard]] friend double mean(const end_to_end_time& d) noexcept { return d.mean_; }
    [[nodiscard]] friend double variance(const end_to_end_time& d) noexcept { return d.variance_; }

    /// Estimate of P(T <= t): mass spread uniformly around the bin centres; within cdf_bounds.
    /// t = NaN is a parameter_error.
    [[nodiscard]] friend double cdf(const end_to_end_time& d, double t) {
        detail::require_not_nan(t, "offload::cdf(end_to_end_time)", "t");
        if (d.at_infinity_) return 0.0;
        if (d.h_ == 0.0) return t >= d.shift_ ? 1.0 : 0.0;
        const double x = (t - d.shift_) / d.h_ - 0.5 * d.stages_ + 0.5; // in bins, from the start of bin 0
        if (x <= 0.0) return 0.0;
        if (!(x < static_cast<double>(d.cumulative_.size()))) return d.cumulative_.back(); // also t = +inf
        const auto k = static_cast<std::size_t>(std::floor(x));
        if (k >= d.cumulative_.size()) return d.cumulative_.back();
        const double before = k == 0 ? 0.0 : d.cumulative_[k - 1];
        return std::min(1.0, before + (x - std::floor(x)) * d.mass_[k]);
    }

    /// Guaranteed bracket of P(T <= t) (up to round-off): {lower, upper}.
    /// t = NaN is a parameter_error.
    [[nodiscard]] friend std::pair<double, double> cdf_bounds(const end_to_end_time& d, double t) {
        detail::require_not_nan(t, "offload::cdf_bounds(end_to_end_time)", "t");
        if (d.at_infinity_) return {0.0, 0.0};
        if (d.h_ == 0.0) return t >= d.shift_ ? std::pair{1.0, 1.0} : std::pair{0.0, 0.0};
        const double x = (t - d.shift_) / d.h_;
        if (x < 0.0) return {0.0, 0.0};
        const double k = std::floor(x);
        auto cum = [&](double index) {
            if (index < 0.0) return 0.0;
            const auto i = static_cast<std::size_t>(std::min(index, static_cast<double>(d.cumulative_.size() - 1)));
            return d.cumulative_[i];
        };
        return {cum(k - d.stages_), std::min(1.0, cum(k) + d.tail_)};
    }

    /// Guaranteed bracket {lower, upper} of the p-quantile. upper is +inf if p exceeds the captured mass.
    [[nodiscard]] friend std::pair<double, double> quantile_bounds(const end_to_end_time& d, double p) {
        detail::require_open_probability(p, "offload::quantile_bounds(end_to_end_time)", "p");
        if (d.at_infinity_) return {infinity, infinity};
        if (d.h_ == 0.0) return {d.shift_, d.shift_};
        const auto first_at_least = [&](double level) {
            return static_cast<std::size_t>(std::lower_bound(d.cumulative_.begin(), d.cumulative_.end(), level) -
                                            d.cumulative_.begin());
        };
        const std::size_t k_low = first_at_least(p - d.tail_);
        const std::size_t k_high = first_at_least(p);
        const double lower = d.shift_ + static_cast<double>(k_low) * d.h_;
        const double upper = k_high >= d.cumulative_.size()
                                 ? infinity
                                 : d.shift_ + static_cast<double>(k_high + static_cast<std::size_t>(d.stages_)) * d.h_;
        return {lower, upper};
    }

    /// Estimate of the p-quantile (inverse of cdf()), inside quantile_bounds(d, p).
    /// Throws parameter_error if p > max_quantile_level() (about 1 - 1e-9 with the default options).
    [[nodiscard]] friend double quantile(const end_to_end_time& d, double p) {
        constexpr const char* fn = "offload::quantile(end_to_end_time)";
        detail::require_open_probability(p, fn, "p");
        if (d.at_infinity_) return infinity;
        if (d.h_ == 0.0) return d.shift_;
        const auto k = static_cast<std::size_t>(std::lower_bound(d.cumulative_.begin(), d.cumulative_.end(), p) -
                                                d.cumulative_.begin());
        if (k >= d.cumulative_.size())
            detail::throw_parameter_error(fn, "p", p,
                                          "exceeds the probability mass captured by the convolution grid "
                                          "(see max_quantile_level; raise convolution_options.tail_mass precision)");
        const double before = k == 0 ? 0.0 : d.cumulative_[k - 1];
        const double fraction = d.mass_[k] > 0.0 ? std::clamp((p - before) / d.mass_[k], 0.0, 1.0) : 1.0;
        const double estimate = d.shift_ + (static_cast<double>(k) + 0.5 * d.stages_ - 0.5 + fraction) * d.h_;
        const auto [lower, upper] = quantile_bounds(d, p);
        return std::clamp(estimate, lower, upper);
    }

private:
    double shift_;
    int stages_;
    double mean_ = 0.0;
    double variance_ = 0.0;
    double h_ = 0.0;
    double tail_ = 0.0;
    bool at_infinity_ = false;
    std::vector<double> mass_;       ///< mass of the sum in bin k (left-end representative k h)
    std::vector<double> cumulative_; ///< running sums of mass_
};

static_assert(time_distribution<end_to_end_time>);

} // namespace offload
