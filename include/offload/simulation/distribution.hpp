// offload/simulation/distribution.hpp — interarrival and service time distributions for the simulator.
//
// A sim::distribution is a small copyable value built by a validating factory:
//     deterministic(value)          constant (also: propagation delays)
//     exponential(mean)             scv 1 (Poisson arrivals when used for interarrival times)
//     gamma(mean, scv)              scv > 0; erlang(k, mean) is gamma(mean, 1/k)
//     lognormal(mean, scv)          scv > 0
//     uniform(low, high)            0 <= low < high
//     hyperexponential2(mean, scv)  scv >= 1, two exponential phases with balanced means
//     empirical(samples)            resampling with replacement from a list of observed times
// Free functions: mean(d), variance(d), scv(d), second_moment(d), sample(d, rng). All times in seconds.
// Every sampler is implemented here on top of xoshiro256** (no std::*_distribution), see random.hpp.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/simulation/random.hpp"

namespace offload::sim {

enum class distribution_kind { deterministic, exponential, gamma, lognormal, uniform, hyperexponential2, empirical };

inline const char* to_string(distribution_kind kind) noexcept {
    switch (kind) {
    case distribution_kind::deterministic:
        return "deterministic";
    case distribution_kind::exponential:
        return "exponential";
    case distribution_kind::gamma:
        return "gamma";
    case distribution_kind::lognormal:
        return "lognormal";
    case distribution_kind::uniform:
        return "uniform";
    case distribution_kind::hyperexponential2:
        return "hyperexponential2";
    case distribution_kind::empirical:
        return "empirical";
    }
    return "unknown";
}

class distribution;
inline distribution deterministic(double value_seconds);
inline distribution exponential(double mean_seconds);
inline distribution gamma(double mean_seconds, double scv);
inline distribution erlang(double phases, double mean_seconds);
inline distribution lognormal(double mean_seconds, double scv);
inline distribution uniform(double low_seconds, double high_seconds);
inline distribution hyperexponential2(double mean_seconds, double scv);
inline distribution empirical(std::vector<double> samples_seconds);
inline double sample(const distribution& d, xoshiro256ss& rng) noexcept;

/// A time distribution the simulator can sample. Build it with one of the factories above.
class distribution {
public:
    /// The default is deterministic(0): a zero-length stage.
    distribution() noexcept = default;

    distribution_kind kind() const noexcept { return kind_; }
    double mean() const noexcept { return mean_; }
    double scv() const noexcept { return scv_; } ///< squared coefficient of variation Var/mean^2 (0 if mean is 0)
    /// Kind-specific parameters: deterministic (value), exponential (mean), gamma (shape, scale),
    /// lognormal (mu, sigma of the log), uniform (low, high), hyperexponential2 (p1, rate1, rate2).
    double parameter(int i) const noexcept { return p_[static_cast<std::size_t>(i & 3)]; }
    /// The observed times of an empirical distribution (empty for the other kinds).
    const std::vector<double>& samples() const noexcept {
        static const std::vector<double> none;
        return samples_ ? *samples_ : none;
    }

    /// Equal laws: kind, moments, parameters and (empirical) the observed times, compared by value (not
    /// defaulted: copies share their samples through a pointer, which must not decide equality).
    friend bool operator==(const distribution& a, const distribution& b) noexcept {
        return a.kind_ == b.kind_ && a.mean_ == b.mean_ && a.scv_ == b.scv_ && a.p_[0] == b.p_[0] &&
               a.p_[1] == b.p_[1] && a.p_[2] == b.p_[2] && a.p_[3] == b.p_[3] && a.samples() == b.samples();
    }

private:
    distribution(distribution_kind kind, double mean, double scv, double p0, double p1 = 0.0, double p2 = 0.0)
        : kind_(kind), mean_(mean), scv_(scv), p_{p0, p1, p2, 0.0} {}

    friend distribution deterministic(double);
    friend distribution exponential(double);
    friend distribution gamma(double, double);
    friend distribution lognormal(double, double);
    friend distribution uniform(double, double);
    friend distribution hyperexponential2(double, double);
    friend distribution empirical(std::vector<double>);
    friend double sample(const distribution&, xoshiro256ss&) noexcept;

    distribution_kind kind_ = distribution_kind::deterministic;
    double mean_ = 0.0;
    double scv_ = 0.0;
    double p_[4] = {0.0, 0.0, 0.0, 0.0};
    std::shared_ptr<const std::vector<double>> samples_; // immutable, shared between copies
};

/// A constant time: value >= 0 and finite.
inline distribution deterministic(double value_seconds) {
    detail::require_non_negative(value_seconds, "offload::sim::deterministic", "value_seconds");
    return distribution(distribution_kind::deterministic, value_seconds, 0.0, value_seconds);
}

/// Exponential with the given mean (finite, > 0).
inline distribution exponential(double mean_seconds) {
    detail::require_positive(mean_seconds, "offload::sim::exponential", "mean_seconds");
    return distribution(distribution_kind::exponential, mean_seconds, 1.0, mean_seconds);
}

/// Gamma with the given mean and squared coefficient of variation: shape 1/scv, scale mean * scv.
inline distribution gamma(double mean_seconds, double scv) {
    detail::require_positive(mean_seconds, "offload::sim::gamma", "mean_seconds");
    detail::require_positive(scv, "offload::sim::gamma", "scv");
    const double shape = 1.0 / scv;
    if (!(shape < 1.0e12))
        detail::throw_parameter_error("offload::sim::gamma", "scv", scv, "must be >= 1e-12 (use deterministic)");
    return distribution(distribution_kind::gamma, mean_seconds, scv, shape, mean_seconds * scv);
}

/// Erlang-k: the sum of k exponential phases; k an integer >= 1. Same as gamma(mean, 1/k).
inline distribution erlang(double phases, double mean_seconds) {
    const int k = detail::require_integer_at_least(phases, 1, "offload::sim::erlang", "phases");
    detail::require_positive(mean_seconds, "offload::sim::erlang", "mean_seconds");
    return gamma(mean_seconds, 1.0 / k);
}

/// Lognormal with the given mean and scv: sigma^2 = ln(1 + scv), mu = ln(mean) - sigma^2 / 2.
inline distribution lognormal(double mean_seconds, double scv) {
    detail::require_positive(mean_seconds, "offload::sim::lognormal", "mean_seconds");
    detail::require_positive(scv, "offload::sim::lognormal", "scv");
    const double sigma2 = std::log1p(scv);
    return distribution(distribution_kind::lognormal, mean_seconds, scv, std::log(mean_seconds) - 0.5 * sigma2,
                        std::sqrt(sigma2));
}

/// Uniform on [low, high), 0 <= low < high, both finite.
inline distribution uniform(double low_seconds, double high_seconds) {
    detail::require_non_negative(low_seconds, "offload::sim::uniform", "low_seconds");
    detail::require_positive(high_seconds, "offload::sim::uniform", "high_seconds");
    if (!(high_seconds > low_seconds))
        detail::throw_parameter_error("offload::sim::uniform", "high_seconds", high_seconds, "must be > low_seconds");
    const double mean = 0.5 * (low_seconds + high_seconds);
    const double relative_width = (high_seconds - low_seconds) / mean; // in (0, 2]: no overflow at 1e300 (#16)
    return distribution(distribution_kind::uniform, mean, relative_width * relative_width / 12.0, low_seconds,
                        high_seconds);
}

/// Two-phase hyperexponential with balanced means (p1/rate1 = p2/rate2), the usual fit of a mean and an
/// scv >= 1: p1 = (1 + sqrt((scv - 1)/(scv + 1)))/2, rate_i = 2 p_i / mean. scv = 1 is the exponential.
inline distribution hyperexponential2(double mean_seconds, double scv) {
    detail::require_positive(mean_seconds, "offload::sim::hyperexponential2", "mean_seconds");
    detail::require_finite(scv, "offload::sim::hyperexponential2", "scv");
    if (!(scv >= 1.0))
        detail::throw_parameter_error("offload::sim::hyperexponential2", "scv", scv,
                                      "must be >= 1 (use gamma or lognormal below 1)");
    const double p1 = 0.5 * (1.0 + std::sqrt((scv - 1.0) / (scv + 1.0)));
    const double p2 = 1.0 - p1;
    if (!(p2 > 0.0))
        detail::throw_parameter_error("offload::sim::hyperexponential2", "scv", scv,
                                      "is too large to represent (second phase probability underflows)");
    return distribution(distribution_kind::hyperexponential2, mean_seconds, scv, p1, 2.0 * p1 / mean_seconds,
                        2.0 * p2 / mean_seconds);
}

/// Resamples (uniformly, with replacement) from observed times; every sample finite and >= 0, at least one.
inline distribution empirical(std::vector<double> samples_seconds) {
    if (samples_seconds.empty())
        detail::throw_parameter_error("offload::sim::empirical", "samples_seconds.size()", 0.0,
                                      "must hold at least one sample");
    if (samples_seconds.size() >= (std::size_t{1} << 53))
        detail::throw_parameter_error("offload::sim::empirical", "samples_seconds.size()",
                                      static_cast<double>(samples_seconds.size()), "must be < 2^53");
    double sum = 0.0;
    for (const double x : samples_seconds) {
        detail::require_non_negative(x, "offload::sim::empirical", "samples_seconds[i]");
        sum += x;
    }
    const double n = static_cast<double>(samples_seconds.size());
    const double m = sum / n;
    double ss = 0.0;
    for (const double x : samples_seconds) ss += (x - m) * (x - m);
    const double var = ss / n; // population variance: the resampling distribution's own variance
    distribution d(distribution_kind::empirical, m, m > 0.0 ? var / (m * m) : 0.0, n);
    d.samples_ = std::make_shared<const std::vector<double>>(std::move(samples_seconds));
    return d;
}

inline double mean(const distribution& d) noexcept { return d.mean(); }
inline double scv(const distribution& d) noexcept { return d.scv(); }
inline double variance(const distribution& d) noexcept { return d.scv() * d.mean() * d.mean(); }
/// E[X^2] = mean^2 (1 + scv): what the Pollaczek-Khinchine formula needs.
inline double second_moment(const distribution& d) noexcept { return d.mean() * d.mean() * (1.0 + d.scv()); }

/// One draw. Deterministic kinds consume no random numbers.
inline double sample(const distribution& d, xoshiro256ss& rng) noexcept {
    switch (d.kind_) {
    case distribution_kind::deterministic:
        return d.p_[0];
    case distribution_kind::exponential:
        return d.p_[0] * standard_exponential(rng);
    case distribution_kind::gamma:
        return d.p_[1] * standard_gamma(d.p_[0], rng);
    case distribution_kind::lognormal:
        return std::exp(d.p_[0] + d.p_[1] * standard_normal(rng));
    case distribution_kind::uniform:
        return d.p_[0] + (d.p_[1] - d.p_[0]) * uniform01(rng);
    case distribution_kind::hyperexponential2: {
        const double rate = uniform01(rng) < d.p_[0] ? d.p_[1] : d.p_[2];
        return standard_exponential(rng) / rate;
    }
    case distribution_kind::empirical: {
        const auto& xs = *d.samples_;
        const auto i = static_cast<std::size_t>(uniform01(rng) * d.p_[0]); // p_[0] = n, so i in [0, n)
        return xs[i < xs.size() ? i : xs.size() - 1];
    }
    }
    return 0.0;
}

} // namespace offload::sim
