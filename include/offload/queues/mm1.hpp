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
    /// arrival_rate lambda >= 0 (1/s), service_rate mu > 0 (1/s). lambda >= mu is allowed: the queue is
    /// then unstable and its means and quantiles are +inf.
    mm1(double arrival_rate, double service_rate)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mm1", "arrival_rate")),
          mu_(detail::require_positive(service_rate, "offload::mm1", "service_rate")) {}

    /// Stage factory for the pipelines: mu = 1 / demand.mean_seconds; scv is ignored (M/M/1 assumes
    /// exponential service); parallelism must be 1 (use k_parallel<mm1> or mmc for parallel servers).
    static mm1 from_demand(double arrival_rate, const service_demand& demand) {
        detail::require_positive(demand.mean_seconds, "offload::mm1::from_demand", "demand.mean_seconds");
        if (demand.parallelism != 1.0)
            detail::throw_parameter_error("offload::mm1::from_demand", "demand.parallelism", demand.parallelism,
                                          "must be 1 for M/M/1 (use k_parallel<mm1> or mmc)");
        return mm1(arrival_rate, 1.0 / demand.mean_seconds);
    }

    double arrival_rate() const noexcept { return lambda_; }
    double service_rate() const noexcept { return mu_; }

private:
    double lambda_;
    double mu_;
};

inline double arrival_rate(const mm1& q) noexcept { return q.arrival_rate(); }
inline double mean_service_time(const mm1& q) noexcept { return 1.0 / q.service_rate(); }
inline double utilization(const mm1& q) noexcept { return q.arrival_rate() / q.service_rate(); }
inline bool is_stable(const mm1& q) noexcept { return q.arrival_rate() < q.service_rate(); }

/// E[W] = rho / (mu - lambda)
inline double mean_wait(const mm1& q) noexcept {
    return is_stable(q) ? utilization(q) / (q.service_rate() - q.arrival_rate()) : infinity;
}
/// E[T] = 1 / (mu - lambda)
inline double mean_response(const mm1& q) noexcept {
    return is_stable(q) ? 1.0 / (q.service_rate() - q.arrival_rate()) : infinity;
}
/// E[Lq] = rho^2 / (1 - rho)
inline double mean_queue_length(const mm1& q) noexcept {
    const double rho = utilization(q);
    return is_stable(q) ? rho * rho / (1.0 - rho) : infinity;
}
/// E[L] = rho / (1 - rho)
inline double mean_number_in_system(const mm1& q) noexcept {
    const double rho = utilization(q);
    return is_stable(q) ? rho / (1.0 - rho) : infinity;
}

/// Exact: P(W > t) = rho e^{-(mu - lambda) t}
inline exponential_tail_time waiting_time(const mm1& q) {
    return is_stable(q) ? exponential_tail_time(utilization(q), q.service_rate() - q.arrival_rate())
                        : exponential_tail_time(1.0, 0.0);
}
/// Exact: T ~ Exponential(mu - lambda)
inline exponential_tail_time response_time(const mm1& q) {
    return exponential_tail_time(1.0, is_stable(q) ? q.service_rate() - q.arrival_rate() : 0.0);
}

static_assert(stage_model<mm1>);

} // namespace offload
