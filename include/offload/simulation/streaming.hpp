// offload/simulation/streaming.hpp — statistics in memory independent of the number of observations.
//
// running_moments: count, mean and variance by Welford's update, merged exactly (up to rounding) with Chan,
//     Golub & LeVeque's pairwise formula, so per-cell moments pool into the moments of all observations.
// log_histogram: counts of non-negative values in buckets of constant relative width. A positive double's
//     bit pattern is monotone in its value; its top (12 + mantissa_bits) bits, exponent and the leading
//     mantissa_bits of the significand, name the bucket [2^e (1 + j 2^-m), 2^e (1 + (j + 1) 2^-m)). The
//     quantile at level p is the ceil(p n)-th smallest observation x_(k) (the definition of the exact
//     order statistic); the histogram returns the midpoint of x_(k)'s bucket, clamped to [min, max] of the
//     observations, so
//         |quantile(p) - x_(k)| <= relative_error * x_(k),   relative_error = 2^-(mantissa_bits + 1) = 2^-11,
//     and zero is exact (a separate count). Memory: 8 bytes per bucket between the smallest and the largest
//     positive observation, 2^mantissa_bits = 1024 buckets (8 KiB) per factor of two spanned.
// quantile_sketch: exact (keeps the observations) while it holds at most `exact_limit` of them, then a
//     log_histogram; the quantile is the exact order statistic in the first regime and within the bound
//     above in the second.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "offload/error.hpp"

namespace offload::sim {

/// Count, mean and unbiased variance of a stream, in O(1) memory (Welford; merge by Chan et al.).
class running_moments {
public:
    /// Adds one observation (any finite value; a non-finite one makes the moments non-finite).
    void add(double x) noexcept {
        ++count_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(count_);
        m2_ += delta * (x - mean_);
    }
    /// Pools another stream's moments into this one: the moments of the union of both streams.
    void merge(const running_moments& o) noexcept {
        if (o.count_ == 0) return;
        if (count_ == 0) {
            *this = o;
            return;
        }
        const double n = static_cast<double>(count_) + static_cast<double>(o.count_);
        const double delta = o.mean_ - mean_;
        mean_ += delta * (static_cast<double>(o.count_) / n);
        m2_ += o.m2_ + delta * delta * (static_cast<double>(count_) * static_cast<double>(o.count_) / n);
        count_ += o.count_;
    }
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    /// Mean of the observations; NaN with none.
    [[nodiscard]] double mean() const noexcept { return count_ > 0 ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
    /// Unbiased sample variance sum (x - mean)^2 / (n - 1); NaN with fewer than two observations.
    [[nodiscard]] double variance() const noexcept {
        return count_ > 1 ? m2_ / static_cast<double>(count_ - 1) : std::numeric_limits<double>::quiet_NaN();
    }
    bool operator==(const running_moments&) const = default;

private:
    std::uint64_t count_ = 0;
    double mean_ = 0.0;
    double m2_ = 0.0;
};

/// Histogram of non-negative finite values in buckets of relative width 2^-mantissa_bits (see the header).
class log_histogram {
public:
    static constexpr int mantissa_bits = 10;
    /// Bound on |quantile(p) - x_(ceil(p n))| / x_(ceil(p n)).
    static constexpr double relative_error = 1.0 / static_cast<double>(std::uint64_t{1} << (mantissa_bits + 1));

    /// Adds one observation; parameter_error unless x is finite and >= 0.
    void add(double x) {
        if (!(x >= 0.0 && x < std::numeric_limits<double>::infinity()))
            detail::throw_parameter_error("offload::sim::log_histogram::add", "x", x, "must be finite and >= 0");
        add_count(x, 1);
    }
    /// Pools another histogram into this one.
    void merge(const log_histogram& o) {
        if (o.total_ == 0) return;
        if (!o.counts_.empty()) {
            reserve_range(o.first_, o.first_ + o.counts_.size() - 1);
            for (std::size_t i = 0; i < o.counts_.size(); ++i) counts_[o.first_ + i - first_] += o.counts_[i];
        }
        zeros_ += o.zeros_;
        min_ = total_ == 0 ? o.min_ : std::min(min_, o.min_);
        max_ = total_ == 0 ? o.max_ : std::max(max_, o.max_);
        total_ += o.total_;
    }
    [[nodiscard]] std::uint64_t count() const noexcept { return total_; }
    /// Smallest and largest observation (NaN when empty).
    [[nodiscard]] double min() const noexcept { return total_ > 0 ? min_ : std::numeric_limits<double>::quiet_NaN(); }
    [[nodiscard]] double max() const noexcept { return total_ > 0 ? max_ : std::numeric_limits<double>::quiet_NaN(); }
    /// Buckets held (memory is 8 bytes each).
    [[nodiscard]] std::size_t buckets() const noexcept { return counts_.size(); }

    /// The level-p quantile within relative_error of the exact x_(ceil(p n)); p in (0, 1); NaN when empty.
    [[nodiscard]] double quantile(double p) const {
        detail::require_open_probability(p, "offload::sim::log_histogram::quantile", "p");
        if (total_ == 0) return std::numeric_limits<double>::quiet_NaN();
        const std::uint64_t k = rank(p, total_);
        if (k <= zeros_) return 0.0;
        std::uint64_t seen = zeros_;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            seen += counts_[i];
            if (seen >= k) {
                const std::uint64_t b = first_ + i;
                const double mid = 0.5 * (lower_edge(b) + lower_edge(b + 1));
                return std::clamp(mid, min_, max_);
            }
        }
        return max_; // unreachable: the counts add up to total_
    }

    /// 1-based rank ceil(p n) clamped to [1, n], the order statistic a level-p quantile names.
    [[nodiscard]] static std::uint64_t rank(double p, std::uint64_t n) noexcept {
        const double r = std::ceil(p * static_cast<double>(n));
        if (!(r >= 1.0)) return 1;
        return r >= static_cast<double>(n) ? n : static_cast<std::uint64_t>(r);
    }

private:
    static constexpr int shift = 52 - mantissa_bits;
    static std::uint64_t bucket_of(double x) noexcept { return std::bit_cast<std::uint64_t>(x) >> shift; }
    static double lower_edge(std::uint64_t b) noexcept { return std::bit_cast<double>(b << shift); }

    void add_count(double x, std::uint64_t n) {
        if (total_ == 0) {
            min_ = max_ = x;
        } else {
            min_ = std::min(min_, x);
            max_ = std::max(max_, x);
        }
        total_ += n;
        if (x == 0.0) {
            zeros_ += n;
            return;
        }
        const std::uint64_t b = bucket_of(x);
        if (counts_.empty() || b < first_ || b >= first_ + counts_.size()) reserve_range(b, b);
        counts_[b - first_] += n;
    }

    // grows the dense range to cover [lo, hi], with slack on the growing side so that a slowly drifting
    // range costs amortised O(1) per new bucket
    void reserve_range(std::uint64_t lo, std::uint64_t hi) {
        if (counts_.empty()) {
            first_ = lo;
            counts_.assign(hi - lo + 1, 0);
            return;
        }
        const std::uint64_t last = first_ + counts_.size() - 1;
        if (lo >= first_ && hi <= last) return;
        const std::uint64_t slack = counts_.size() / 2;
        std::uint64_t new_first = first_, new_last = last;
        if (lo < first_) new_first = lo > slack ? lo - slack : 0;
        if (hi > last) new_last = std::min(hi + slack, max_bucket);
        std::vector<std::uint64_t> next(new_last - new_first + 1, 0);
        std::copy(counts_.begin(), counts_.end(), next.begin() + static_cast<std::ptrdiff_t>(first_ - new_first));
        counts_ = std::move(next);
        first_ = new_first;
    }

    static constexpr std::uint64_t max_bucket =
        std::bit_cast<std::uint64_t>(std::numeric_limits<double>::max()) >> shift;

    std::vector<std::uint64_t> counts_; // counts_[i]: bucket first_ + i
    std::uint64_t first_ = 0;
    std::uint64_t zeros_ = 0;
    std::uint64_t total_ = 0;
    double min_ = 0.0;
    double max_ = 0.0;
};

/// Quantiles of a stream: exact order statistics while it holds at most exact_limit observations, then a
/// log_histogram (relative error <= log_histogram::relative_error). Observations must be finite and >= 0.
class quantile_sketch {
public:
    static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

    explicit quantile_sketch(std::size_t exact_limit = 8192) : limit_(exact_limit) {}

    void add(double x) {
        if (!binned_) {
            if (exact_.size() < limit_) {
                if (!(x >= 0.0 && x < std::numeric_limits<double>::infinity()))
                    detail::throw_parameter_error("offload::sim::quantile_sketch::add", "x", x,
                                                  "must be finite and >= 0");
                exact_.push_back(x);
                return;
            }
            bin();
        }
        hist_.add(x);
    }
    /// Pools another sketch into this one (exact while the union fits this sketch's limit and both are exact).
    void merge(const quantile_sketch& o) {
        if (!binned_ && !o.binned_ && o.exact_.size() <= limit_ - exact_.size()) {
            exact_.insert(exact_.end(), o.exact_.begin(), o.exact_.end());
            return;
        }
        bin();
        if (o.binned_) {
            hist_.merge(o.hist_);
        } else {
            for (const double x : o.exact_) hist_.add(x);
        }
    }
    [[nodiscard]] bool exact() const noexcept { return !binned_; }
    [[nodiscard]] std::uint64_t count() const noexcept { return binned_ ? hist_.count() : exact_.size(); }
    /// The observations while exact() (in arrival order until quantiles() reorders them).
    [[nodiscard]] const std::vector<double>& samples() const noexcept { return exact_; }
    [[nodiscard]] std::vector<double>& samples() noexcept { return exact_; }
    [[nodiscard]] const log_histogram& histogram() const noexcept { return hist_; }

    /// out[j] = the levels[j]-quantile (x_(ceil(p n)) while exact, within the histogram's bound after);
    /// NaN when empty. While exact, reorders the kept observations (successive nth_element selections).
    void quantiles(const std::vector<double>& levels, std::vector<double>& out) {
        out.assign(levels.size(), std::numeric_limits<double>::quiet_NaN());
        if (count() == 0) return;
        if (binned_) {
            for (std::size_t j = 0; j < levels.size(); ++j) out[j] = hist_.quantile(levels[j]);
            return;
        }
        std::vector<std::pair<std::uint64_t, std::size_t>> order; // (rank, level position)
        for (std::size_t j = 0; j < levels.size(); ++j)
            order.emplace_back(log_histogram::rank(levels[j], exact_.size()), j);
        std::sort(order.begin(), order.end());
        std::size_t from = 0;
        for (const auto& [k, j] : order) {
            const auto i = static_cast<std::size_t>(k - 1);
            if (i >= from) {
                std::nth_element(exact_.begin() + static_cast<std::ptrdiff_t>(from),
                                 exact_.begin() + static_cast<std::ptrdiff_t>(i), exact_.end());
                from = i + 1;
            }
            out[j] = exact_[i];
        }
    }

private:
    void bin() {
        if (binned_) return;
        binned_ = true;
        for (const double x : exact_) hist_.add(x);
        std::vector<double>().swap(exact_);
    }

    std::size_t limit_;
    bool binned_ = false;
    std::vector<double> exact_;
    log_histogram hist_;
};

} // namespace offload::sim
