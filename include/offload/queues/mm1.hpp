// offload/queues/mm1.hpp — M/M/1/FCFS: Poisson arrivals, exponential service, one server, infinite buffer.
// Exact closed forms (e.g. Harchol-Balter 2013, ch. 13; seed 003 eq. 7). The network interfaces of the
// seed's pipelines are M/M/1 queues at service rate B / D (bandwidth over payload).
#pragma once

#include "offload/concepts.hpp"
#include "offload/distributions/exponential_tail_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class mm1 {
public:
    /// arrival_rate lambda >= 0 (1/s), mean_service_time E[S] = 1/mu > 0 (s). lambda E[S] >= 1 is allowed:
    /// the queue is then unstable and its means and quantiles are +inf.
    mm1(double arrival_rate, double mean_service_time)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mm1", "arrival_rate")), s_(mean_service_time),
          mu_(detail::require_invertible(mean_service_time, "offload::mm1", "mean_service_time")) {}

    /// The rate convention: arrival_rate lambda >= 0 (1/s), service_rate mu > 0 (1/s).
    [[nodiscard]] static mm1 from_rates(double arrival_rate, double service_rate) {
        constexpr const char* function = "offload::mm1::from_rates";
        const double mu = detail::require_positive(service_rate, function, "service_rate");
        const double s = detail::require_invertible(mu, function, "service_rate");
        mm1 q(detail::require_non_negative(arrival_rate, function, "arrival_rate"), s);
        q.mu_ = mu; // keep the given rate exactly (1 / (1 / mu) may differ from mu in the last bit)
        return q;
    }

    /// Stage factory for the pipelines: E[S] = demand.mean_seconds; Poisson arrivals; scv is ignored (M/M/1
    /// assumes exponential service); parallelism must be 1 (use k_parallel<mm1> or mmc for parallel servers).
    [[nodiscard]] static mm1 from_demand(const arrival_process& arrivals, const service_demand& demand) {
        constexpr const char* function = "offload::mm1::from_demand";
        detail::require_valid_demand(demand, function, "demand");
        if (demand.parallelism != 1.0)
            detail::throw_parameter_error(function, "demand.parallelism", demand.parallelism,
                                          "must be 1 for M/M/1 (use k_parallel<mm1> or mmc)");
        return mm1(detail::require_poisson(arrivals, function), demand.mean_seconds);
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double mean_service_time() const noexcept { return s_; }
    [[nodiscard]] double service_rate() const noexcept { return mu_; }

    [[nodiscard]] friend bool operator==(const mm1&, const mm1&) = default;

private:
    double lambda_;
    double s_;  // E[S], s
    double mu_; // 1 / E[S], 1/s
};

[[nodiscard]] inline double arrival_rate(const mm1& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mm1& q) noexcept { return q.mean_service_time(); }
[[nodiscard]] inline double utilization(const mm1& q) noexcept { return q.arrival_rate() / q.service_rate(); }
[[nodiscard]] inline bool is_stable(const mm1& q) noexcept { return q.arrival_rate() < q.service_rate(); }

namespace detail {
/// The M/M/1 mean formulas from lambda and mu, unchecked and branch-free (selects, no division by 0): the one
/// definition that mean_wait / mean_response below and the vectorised Python sweeps evaluate. +inf unless
/// lambda < mu.
[[nodiscard]] constexpr double mm1_mean_wait(double lambda, double mu) noexcept {
    const bool stable = lambda < mu;
    const double gap = mu - lambda;
    const double wait = lambda / mu / (stable ? gap : 1.0);
    return stable ? wait : infinity;
}
[[nodiscard]] constexpr double mm1_mean_response(double lambda, double mu) noexcept {
    const bool stable = lambda < mu;
    const double gap = mu - lambda;
    const double response = 1.0 / (stable ? gap : 1.0);
    return stable ? response : infinity;
}
} // namespace detail

/// E[W] = rho / (mu - lambda)
[[nodiscard]] inline double mean_wait(const mm1& q) noexcept {
    return detail::mm1_mean_wait(q.arrival_rate(), q.service_rate());
}
/// E[T] = 1 / (mu - lambda)
[[nodiscard]] inline double mean_response(const mm1& q) noexcept {
    return detail::mm1_mean_response(q.arrival_rate(), q.service_rate());
}
/// E[Lq] = rho^2 / (1 - rho)
[[nodiscard]] inline double mean_queue_length(const mm1& q) noexcept {
    const double rho = utilization(q);
    return is_stable(q) ? rho * rho / (1.0 - rho) : infinity;
}
/// E[L] = rho / (1 - rho)
[[nodiscard]] inline double mean_number_in_system(const mm1& q) noexcept {
    const double rho = utilization(q);
    return is_stable(q) ? rho / (1.0 - rho) : infinity;
}

/// Exact: P(W > t) = rho e^{-(mu - lambda) t}
[[nodiscard]] inline exponential_tail_time wait_distribution(const mm1& q) {
    return is_stable(q) ? exponential_tail_time(utilization(q), q.service_rate() - q.arrival_rate())
                        : exponential_tail_time(1.0, 0.0);
}
/// Exact: T ~ Exponential(mu - lambda)
[[nodiscard]] inline exponential_tail_time response_distribution(const mm1& q) {
    return exponential_tail_time(1.0, is_stable(q) ? q.service_rate() - q.arrival_rate() : 0.0);
}

static_assert(stage_with_distributions<mm1>);

} // namespace offload
