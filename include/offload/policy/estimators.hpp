// offload/policy/estimators.hpp — the online estimators of the policy object (seed 003 §4.2: arrival rate by
// a sliding window over request timestamps, bandwidth measured continuously, service times from logs).
//
//   sliding_window_rate   arrivals per second over the last W seconds (a ring buffer of timestamps sized
//                         once at construction; no allocation per observation)
//   ewma                  exponentially weighted moving average (bandwidth samples)
//   running_moments       exponentially weighted mean and variance (West 1979's incremental form) with a
//                         prior that counts as one observation: sample n (n = 1, 2, ...) gets weight
//                         max(alpha, 1/(n + 1)), so early samples are averaged with the prior and later ones
//                         tracked with a memory of about 1/alpha samples.
// Every estimator remembers the time of its last observation, so a caller can age stale values out.
// Inputs are validated (NaN / infinite / negative values throw parameter_error); plausibility limits are the
// policy's business (offload/policy/offload_policy.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "offload/error.hpp"

namespace offload {

class sliding_window_rate {
public:
    /// The most timestamps a window keeps (2^24: 128 MiB); checked before anything is allocated.
    static constexpr std::size_t max_capacity = std::size_t{1} << 24;

    /// window_seconds W > 0; capacity in [2, max_capacity] timestamps kept (rates above capacity / W are
    /// estimated from the newest `capacity` arrivals).
    explicit sliding_window_rate(double window_seconds, std::size_t capacity = 4096)
        : window_(detail::require_positive(window_seconds, "offload::sliding_window_rate", "window_seconds")),
          times_(checked_capacity(capacity)) {}

    /// One arrival at time t (seconds, finite, >= 0). A timestamp earlier than the newest one seen (threads
    /// racing to record) is counted at the newest time, so arrivals are never lost or reordered.
    void observe(double t) {
        detail::require_non_negative(t, "offload::sliding_window_rate::observe", "t");
        if (count_ == 0) first_ = t;
        if (count_ > 0 && t < newest()) t = newest();
        times_[(head_ + size_) % times_.size()] = t;
        if (size_ < times_.size())
            ++size_;
        else
            head_ = (head_ + 1) % times_.size();
        ++count_;
    }

    /// Arrivals per second at time `now` (>= the newest timestamp for a meaningful answer): the arrivals in
    /// (now - W, now] over W, or over the time observed so far when that is shorter than W. No estimate
    /// before the first arrival or when no time has passed since it.
    [[nodiscard]] std::optional<double> rate(double now) const noexcept {
        if (count_ == 0 || !(now >= first_)) return std::nullopt;
        std::size_t n = 0;
        double oldest = now;
        for (std::size_t i = size_; i-- > 0;) {
            const double t = times_[(head_ + i) % times_.size()];
            if (!(t > now - window_)) break;
            ++n;
            oldest = t;
        }
        double span = window_;
        if (now - first_ < window_) span = now - first_;
        if (n == size_ && size_ == times_.size() && count_ > size_) span = now - oldest; // buffer overflowed
        if (!(span > 0.0)) return std::nullopt;
        return static_cast<double>(n) / span;
    }

    [[nodiscard]] double window() const noexcept { return window_; }
    [[nodiscard]] std::size_t observations() const noexcept { return count_; }
    /// Time of the newest arrival (0 before the first).
    [[nodiscard]] double last_time() const noexcept { return count_ ? newest() : 0.0; }

private:
    static std::size_t checked_capacity(std::size_t capacity) {
        if (capacity < 2 || capacity > max_capacity)
            detail::throw_parameter_error("offload::sliding_window_rate", "capacity", static_cast<double>(capacity),
                                          "must be in [2, 2^24]");
        return capacity;
    }

    [[nodiscard]] double newest() const noexcept { return times_[(head_ + size_ - 1) % times_.size()]; }
    double window_;
    std::vector<double> times_;
    std::size_t head_ = 0, size_ = 0, count_ = 0;
    double first_ = 0.0;
};

class ewma {
public:
    /// weight alpha in (0, 1]: value <- (1 - alpha) value + alpha x; the first sample sets the value.
    explicit ewma(double weight) : alpha_(weight) {
        if (!(weight > 0.0 && weight <= 1.0))
            detail::throw_parameter_error("offload::ewma", "weight", weight, "must lie in (0, 1]");
    }
    /// x finite; t (seconds, finite, >= 0) the observation time.
    void observe(double x, double t) {
        detail::require_finite(x, "offload::ewma::observe", "x");
        detail::require_non_negative(t, "offload::ewma::observe", "t");
        value_ = count_ == 0 ? x : value_ + alpha_ * (x - value_);
        ++count_;
        if (t > last_) last_ = t;
    }
    [[nodiscard]] std::optional<double> value() const noexcept {
        return count_ ? std::optional<double>(value_) : std::nullopt;
    }
    [[nodiscard]] std::size_t observations() const noexcept { return count_; }
    [[nodiscard]] double last_time() const noexcept { return last_; }
    void reset() noexcept {
        count_ = 0;
        value_ = 0.0;
    }

private:
    double alpha_;
    double value_ = 0.0;
    std::size_t count_ = 0;
    double last_ = 0.0;
};

class running_moments {
public:
    /// prior_mean > 0 and prior_variance >= 0 (the static description), weight alpha in (0, 1].
    running_moments(double prior_mean, double prior_variance, double weight)
        : alpha_(weight), mean_(prior_mean), var_(prior_variance), prior_mean_(prior_mean), prior_var_(prior_variance) {
        detail::require_positive(prior_mean, "offload::running_moments", "prior_mean");
        detail::require_non_negative(prior_variance, "offload::running_moments", "prior_variance");
        if (!(weight > 0.0 && weight <= 1.0))
            detail::throw_parameter_error("offload::running_moments", "weight", weight, "must lie in (0, 1]");
    }
    /// x finite and >= 0; t the observation time.
    void observe(double x, double t) {
        detail::require_non_negative(x, "offload::running_moments::observe", "x");
        detail::require_non_negative(t, "offload::running_moments::observe", "t");
        ++count_;
        const double w =
            alpha_ > 1.0 / static_cast<double>(count_ + 1) ? alpha_ : 1.0 / static_cast<double>(count_ + 1);
        const double diff = x - mean_;
        const double increment = w * diff;
        mean_ += increment;
        var_ = (1.0 - w) * (var_ + diff * increment);
        if (t > last_) last_ = t;
    }
    [[nodiscard]] double mean() const noexcept { return mean_; }
    [[nodiscard]] double variance() const noexcept { return var_ > 0.0 ? var_ : 0.0; }
    /// squared coefficient of variation Var / mean^2 (0 for a zero mean)
    [[nodiscard]] double scv() const noexcept { return mean_ > 0.0 ? variance() / (mean_ * mean_) : 0.0; }
    [[nodiscard]] std::size_t observations() const noexcept { return count_; }
    [[nodiscard]] double last_time() const noexcept { return last_; }
    /// Back to the prior (used when the estimate has gone stale).
    void reset() noexcept {
        mean_ = prior_mean_;
        var_ = prior_var_;
        count_ = 0;
    }

private:
    double alpha_;
    double mean_, var_;
    double prior_mean_, prior_var_;
    std::size_t count_ = 0;
    double last_ = 0.0;
};

} // namespace offload
