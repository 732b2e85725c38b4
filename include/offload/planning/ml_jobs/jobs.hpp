// offload/planning/ml_jobs/jobs.hpp — ML jobs offloaded to a pool of on-premises GPU workers (seed 000 §III-A/B):
// the workers, the jobs (gang-scheduled on g GPUs, durations unknown to the scheduler), the validated
// problem, job durations as a distribution, and a Poisson workload generator.
//
// Units: seconds for times, GPUs as integer counts, worker speed as a dimensionless work rate (1 = the
// reference GPU: a job of duration d alone on speed-1 GPUs runs for d seconds). docs/planning.md.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/simulation/random.hpp"

namespace offload::planning {

/// One on-premises ML worker: `gpus` GPUs (>= 1) running at `speed` (> 0, 1 = reference).
struct ml_worker {
    int gpus = 1;
    double speed = 1.0;

    friend bool operator==(const ml_worker&, const ml_worker&) = default;
};

/// One ML job: submitted at `arrival_time` (s), needs `gpus` GPUs all at once (gang), and `duration` seconds
/// of work on speed-1 GPUs. The scheduler does not see `duration` (only the SRSF oracle does).
struct ml_job {
    double arrival_time = 0.0;
    int gpus = 1;
    double duration = 1.0;

    friend bool operator==(const ml_job&, const ml_job&) = default;
};

/// A validated instance: workers and jobs (any order of arrival times; ties keep index order).
class ml_cluster_problem {
public:
    /// Throws parameter_error naming `workers[k].gpus`, `workers[k].speed`, `jobs[i].arrival_time`,
    /// `jobs[i].duration` or `jobs[i].gpus` (a job needing more GPUs than any worker has, or than the whole
    /// pool when `allow_spread`, is rejected here, never left waiting forever).
    ml_cluster_problem(std::vector<ml_worker> workers, std::vector<ml_job> jobs, bool allow_spread = false)
        : workers_(std::move(workers)), jobs_(std::move(jobs)) {
        constexpr const char* fn = "offload::planning::ml_cluster_problem";
        if (workers_.empty()) offload::detail::throw_parameter_error(fn, "workers.size", 0.0, "must be >= 1");
        long total = 0;
        for (std::size_t k = 0; k < workers_.size(); ++k) {
            if (!(workers_[k].gpus >= 1 && workers_[k].gpus <= 1000000))
                fail(fn, "workers", k, "gpus", workers_[k].gpus, "must be an integer in [1, 1e6]");
            if (!(workers_[k].speed > 0.0 && workers_[k].speed < infinity))
                fail(fn, "workers", k, "speed", workers_[k].speed, "must be finite and > 0");
            total += workers_[k].gpus;
            largest_ = std::max(largest_, workers_[k].gpus);
        }
        total_ = static_cast<int>(std::min(total, 1000000000L));
        const int limit = allow_spread ? total_ : largest_;
        for (std::size_t i = 0; i < jobs_.size(); ++i) {
            const ml_job& job = jobs_[i];
            if (!(job.arrival_time >= 0.0 && job.arrival_time < infinity))
                fail(fn, "jobs", i, "arrival_time", job.arrival_time, "must be finite and >= 0");
            if (!(job.duration > 0.0 && job.duration < infinity))
                fail(fn, "jobs", i, "duration", job.duration, "must be finite and > 0");
            if (job.gpus < 1) fail(fn, "jobs", i, "gpus", job.gpus, "must be an integer >= 1");
            if (job.gpus > limit)
                fail(fn, "jobs", i, "gpus", job.gpus,
                     allow_spread ? "must be <= the pool's total GPUs"
                                  : "must be <= the GPUs of the largest worker (jobs are consolidated on one worker)");
        }
    }

    [[nodiscard]] const std::vector<ml_worker>& workers() const noexcept { return workers_; }
    [[nodiscard]] const std::vector<ml_job>& jobs() const noexcept { return jobs_; }
    [[nodiscard]] int total_gpus() const noexcept { return total_; }
    [[nodiscard]] int largest_worker_gpus() const noexcept { return largest_; }

    friend bool operator==(const ml_cluster_problem&, const ml_cluster_problem&) = default;

private:
    [[noreturn]] static void fail(const char* fn, const char* array, std::size_t i, const char* field, double value,
                                  const char* requirement) {
        const std::string name = std::string(array) + "[" + std::to_string(i) + "]." + field;
        offload::detail::throw_parameter_error(fn, name.c_str(), value, requirement);
    }

    std::vector<ml_worker> workers_;
    std::vector<ml_job> jobs_;
    int total_ = 0;
    int largest_ = 0;
};

/// Job durations (seconds) as a distribution: exponential, deterministic, lognormal or Pareto (type I).
/// Satisfies offload::time_distribution (mean, variance, cdf, quantile), so it is also a service-time
/// distribution for the M/G/1 size-based models (offload/queues/mg1_las.hpp, mg1_srpt.hpp, mg1_fcfs.hpp).
class duration_distribution {
public:
    enum class family { exponential, deterministic, lognormal, pareto };

    [[nodiscard]] static duration_distribution exponential(double mean) {
        return {family::exponential, offload::detail::require_positive(mean, fn, "mean"), 1.0};
    }
    [[nodiscard]] static duration_distribution deterministic(double value) {
        return {family::deterministic, offload::detail::require_positive(value, fn, "value"), 0.0};
    }
    /// lognormal with the given mean and squared coefficient of variation scv > 0: sigma^2 = ln(1 + scv)
    [[nodiscard]] static duration_distribution lognormal(double mean, double scv) {
        return {family::lognormal, offload::detail::require_positive(mean, fn, "mean"),
                offload::detail::require_positive(scv, fn, "scv")};
    }
    /// Pareto type I with the given mean and tail index alpha > 1 (scale x_m = mean (alpha - 1) / alpha);
    /// the variance is infinite for alpha <= 2
    [[nodiscard]] static duration_distribution pareto(double mean, double alpha) {
        offload::detail::require_positive(mean, fn, "mean");
        if (!(alpha > 1.0 && alpha < infinity))
            offload::detail::throw_parameter_error(fn, "alpha", alpha, "must be finite and > 1");
        return {family::pareto, mean, alpha};
    }

    [[nodiscard]] family kind() const noexcept { return kind_; }
    [[nodiscard]] double mean_value() const noexcept { return mean_; }
    /// scv for exponential/deterministic/lognormal, alpha for Pareto
    [[nodiscard]] double shape() const noexcept { return shape_; }

    friend bool operator==(const duration_distribution&, const duration_distribution&) = default;

private:
    duration_distribution(family k, double m, double s) : kind_(k), mean_(m), shape_(s) {}
    static constexpr const char* fn = "offload::planning::duration_distribution";

    family kind_;
    double mean_;
    double shape_;
};

[[nodiscard]] inline double mean(const duration_distribution& d) noexcept { return d.mean_value(); }

[[nodiscard]] inline double variance(const duration_distribution& d) noexcept {
    const double m = d.mean_value();
    switch (d.kind()) {
    case duration_distribution::family::pareto: {
        const double a = d.shape();
        return a > 2.0 ? m * m / (a * (a - 2.0)) : infinity;
    }
    default:
        return d.shape() * m * m;
    }
}

namespace detail {
[[nodiscard]] inline double lognormal_sigma(const duration_distribution& d) noexcept {
    return std::sqrt(std::log1p(d.shape()));
}
[[nodiscard]] inline double lognormal_mu(const duration_distribution& d) noexcept {
    return std::log(d.mean_value()) - 0.5 * std::log1p(d.shape());
}
[[nodiscard]] inline double pareto_scale(const duration_distribution& d) noexcept {
    return d.mean_value() * (d.shape() - 1.0) / d.shape();
}
/// inverse of the standard normal cdf (Acklam's rational approximation refined by one Halley step)
[[nodiscard]] inline double standard_normal_quantile(double p) noexcept {
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double e[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    double x = 0.0;
    if (p < 0.02425) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1.0);
    } else if (p > 1.0 - 0.02425) {
        const double q = std::sqrt(-2.0 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1.0);
    } else {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    const double err = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = err * std::sqrt(2.0 * 3.14159265358979323846) * std::exp(0.5 * x * x);
    return x - u / (1.0 + 0.5 * x * u);
}
} // namespace detail

[[nodiscard]] inline double cdf(const duration_distribution& d, double t) noexcept {
    if (!(t > 0.0)) return 0.0;
    switch (d.kind()) {
    case duration_distribution::family::exponential:
        return -std::expm1(-t / d.mean_value());
    case duration_distribution::family::deterministic:
        return t >= d.mean_value() ? 1.0 : 0.0;
    case duration_distribution::family::lognormal:
        return 0.5 *
               std::erfc(-(std::log(t) - detail::lognormal_mu(d)) / (detail::lognormal_sigma(d) * std::sqrt(2.0)));
    case duration_distribution::family::pareto: {
        const double xm = detail::pareto_scale(d);
        return t <= xm ? 0.0 : -std::expm1(d.shape() * std::log(xm / t));
    }
    }
    return 0.0;
}

/// p-quantile, p in [0, 1) (p outside gives 0 or +inf)
[[nodiscard]] inline double quantile(const duration_distribution& d, double p) noexcept {
    if (!(p > 0.0)) return d.kind() == duration_distribution::family::pareto ? detail::pareto_scale(d) : 0.0;
    if (!(p < 1.0)) return d.kind() == duration_distribution::family::deterministic ? d.mean_value() : infinity;
    switch (d.kind()) {
    case duration_distribution::family::exponential:
        return -d.mean_value() * std::log1p(-p);
    case duration_distribution::family::deterministic:
        return d.mean_value();
    case duration_distribution::family::lognormal:
        return std::exp(detail::lognormal_mu(d) + detail::lognormal_sigma(d) * detail::standard_normal_quantile(p));
    case duration_distribution::family::pareto:
        return detail::pareto_scale(d) * std::exp(-std::log1p(-p) / d.shape());
    }
    return 0.0;
}

/// One draw (seconds, > 0) from the simulator's generator (offload/simulation/random.hpp: reproducible
/// across standard libraries).
[[nodiscard]] inline double sample(const duration_distribution& d, offload::sim::xoshiro256ss& rng) noexcept {
    switch (d.kind()) {
    case duration_distribution::family::exponential:
        return d.mean_value() * offload::sim::standard_exponential(rng);
    case duration_distribution::family::deterministic:
        return d.mean_value();
    case duration_distribution::family::lognormal:
        return std::exp(detail::lognormal_mu(d) + detail::lognormal_sigma(d) * offload::sim::standard_normal(rng));
    case duration_distribution::family::pareto:
        return detail::pareto_scale(d) * std::exp(offload::sim::standard_exponential(rng) / d.shape());
    }
    return d.mean_value();
}

/// The GPU demand of a job class and its share of the arrivals.
struct gpu_demand_share {
    int gpus = 1;
    double probability = 1.0;

    friend bool operator==(const gpu_demand_share&, const gpu_demand_share&) = default;
};

/// Poisson arrivals at `arrival_rate` (1/s); each job draws its GPU count from `gpu_mix` (probabilities
/// normalised) and its duration from `duration`, independently.
struct ml_workload {
    double arrival_rate = 1.0;
    duration_distribution duration = duration_distribution::exponential(1.0);
    std::vector<gpu_demand_share> gpu_mix{{1, 1.0}};

    friend bool operator==(const ml_workload&, const ml_workload&) = default;
};

/// Mean GPU demand E[g] of the mix
[[nodiscard]] inline double mean_gpus(const ml_workload& w) noexcept {
    double total = 0.0, weighted = 0.0;
    for (const gpu_demand_share& s : w.gpu_mix) {
        total += s.probability;
        weighted += s.probability * s.gpus;
    }
    return total > 0.0 ? weighted / total : 0.0;
}

/// Offered GPU load lambda E[g] E[d] / (total GPUs at speed 1); the pool is overloaded at >= 1
[[nodiscard]] inline double offered_gpu_load(const ml_workload& w, int total_gpus) noexcept {
    return w.arrival_rate * mean_gpus(w) * mean(w.duration) / static_cast<double>(total_gpus);
}

/// n jobs of `w`, first arrival after one exponential gap, from generator seed `seed` (same seed, same jobs).
/// Throws parameter_error for `arrival_rate`, `gpu_mix[k].gpus`, `gpu_mix[k].probability`, `n` (<= 1e8).
[[nodiscard]] inline std::vector<ml_job> generate_jobs(const ml_workload& w, std::size_t n, std::uint64_t seed) {
    constexpr const char* fn = "offload::planning::generate_jobs";
    offload::detail::require_positive(w.arrival_rate, fn, "arrival_rate");
    if (n > 100000000) offload::detail::throw_parameter_error(fn, "n", static_cast<double>(n), "must be <= 1e8");
    if (w.gpu_mix.empty()) offload::detail::throw_parameter_error(fn, "gpu_mix.size", 0.0, "must be >= 1");
    double total = 0.0;
    for (std::size_t k = 0; k < w.gpu_mix.size(); ++k) {
        const std::string at = "gpu_mix[" + std::to_string(k) + "]";
        if (w.gpu_mix[k].gpus < 1)
            offload::detail::throw_parameter_error(fn, (at + ".gpus").c_str(), w.gpu_mix[k].gpus, "must be >= 1");
        offload::detail::require_positive(w.gpu_mix[k].probability, fn, (at + ".probability").c_str());
        total += w.gpu_mix[k].probability;
    }
    offload::sim::xoshiro256ss rng(seed);
    std::vector<ml_job> jobs(n);
    double t = 0.0;
    for (ml_job& job : jobs) {
        t += offload::sim::standard_exponential(rng) / w.arrival_rate;
        double u = offload::sim::uniform01(rng) * total;
        job.gpus = w.gpu_mix.back().gpus;
        for (const gpu_demand_share& s : w.gpu_mix) {
            if (u < s.probability) {
                job.gpus = s.gpus;
                break;
            }
            u -= s.probability;
        }
        job.arrival_time = t;
        job.duration = sample(w.duration, rng);
    }
    return jobs;
}

} // namespace offload::planning
