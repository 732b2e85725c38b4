// offload/queues/md1.hpp — M/D/1/FCFS: Poisson arrivals, deterministic service time D, one server, infinite
// buffer. The seed (003, sec. 3.3) models DNN inference on an accelerator this way, because the number of
// operations per request is fixed.
//
// Means: exact, Pollaczek-Khinchine with E[S^2] = D^2 (e.g. Gross & Harris, "Fundamentals of Queueing
// Theory", sec. 5.1): E[W] = rho D / (2 (1 - rho)). Waiting-time distribution: exact and numerically stable
// (offload/distributions/md1_waiting_time.hpp). Response time: the waiting time shifted by D.
#pragma once

#include "offload/concepts.hpp"
#include "offload/distributions/md1_waiting_time.hpp"
#include "offload/distributions/shifted_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class md1 {
public:
    /// arrival_rate lambda >= 0 (1/s), service_time D > 0 (s). lambda D >= 1 is allowed: the queue is then
    /// unstable and its means and quantiles are +inf.
    md1(double arrival_rate, double service_time)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::md1", "arrival_rate")),
          d_(detail::require_positive(service_time, "offload::md1", "service_time")) {}

    /// Stage factory for the pipelines: D = demand.mean_seconds; scv is ignored (M/D/1 assumes deterministic
    /// service); parallelism must be 1 (use k_parallel<md1> or mdc for parallel servers).
    [[nodiscard]] static md1 from_demand(const arrival_process& arrivals, const service_demand& demand) {
        constexpr const char* function = "offload::md1::from_demand";
        detail::require_valid_demand(demand, function, "demand");
        if (demand.parallelism != 1.0)
            detail::throw_parameter_error(function, "demand.parallelism", demand.parallelism,
                                          "must be 1 for M/D/1 (use k_parallel<md1> or mdc)");
        return md1(detail::require_poisson(arrivals, function), demand.mean_seconds);
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double service_time() const noexcept { return d_; }

    [[nodiscard]] friend bool operator==(const md1&, const md1&) = default;

private:
    double lambda_;
    double d_;
};

[[nodiscard]] inline double arrival_rate(const md1& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const md1& q) noexcept { return q.service_time(); }
[[nodiscard]] inline double utilization(const md1& q) noexcept { return q.arrival_rate() * q.service_time(); }
[[nodiscard]] inline bool is_stable(const md1& q) noexcept { return utilization(q) < 1.0; }

namespace detail {
/// E[W] of M/D/1 from lambda and D, unchecked and branch-free (selects, no division by 0): the one definition
/// that mean_wait below and the vectorised Python sweeps evaluate. +inf unless rho = lambda D < 1.
[[nodiscard]] constexpr double md1_mean_wait(double lambda, double d) noexcept {
    const double rho = lambda * d;
    const bool stable = rho < 1.0;
    const double wait = rho * d / (2.0 * (stable ? 1.0 - rho : 1.0));
    return stable ? wait : infinity;
}
} // namespace detail

/// E[W] = rho D / (2 (1 - rho))   (seed 003 eq. 6 with k = 1)
[[nodiscard]] inline double mean_wait(const md1& q) noexcept {
    return detail::md1_mean_wait(q.arrival_rate(), q.service_time());
}
/// E[T] = E[W] + D
[[nodiscard]] inline double mean_response(const md1& q) noexcept {
    return is_stable(q) ? mean_wait(q) + q.service_time() : infinity;
}
/// E[Lq] = rho^2 / (2 (1 - rho))
[[nodiscard]] inline double mean_queue_length(const md1& q) noexcept {
    const double rho = utilization(q);
    return is_stable(q) ? rho * rho / (2.0 * (1.0 - rho)) : infinity;
}
/// E[L] = E[Lq] + rho
[[nodiscard]] inline double mean_number_in_system(const md1& q) noexcept {
    return is_stable(q) ? mean_queue_length(q) + utilization(q) : infinity;
}

/// Exact waiting-time distribution (atom 1 - rho at zero)
inline md1_waiting_time wait_distribution(const md1& q) { return md1_waiting_time(q.arrival_rate(), q.service_time()); }
/// Exact: T = W + D
[[nodiscard]] inline shifted_time<md1_waiting_time> response_distribution(const md1& q) {
    return shifted_time<md1_waiting_time>(wait_distribution(q), q.service_time());
}

static_assert(stage_with_distributions<md1>);

} // namespace offload
