// offload/concepts.hpp — the protocols every model satisfies.
//
// A *time distribution* (waiting time, response time, end-to-end latency) answers mean, variance, cdf and
// quantile as free functions found by ADL, exactly like a Boost.Math distribution.
//
// A *queue model* is a small copyable value type whose constructor validates its parameters; its metrics
// are free functions. Every queue header static_asserts its model against queue_model.
//
// A *stage model* can additionally be built from an arrival rate and a service_demand; the latency
// pipelines (offload/pipelines/) are templates over stage models, so a user's own model plugs in by
// providing `static Q from_demand(double arrival_rate, const service_demand&)`.
#pragma once

#include <concepts>

namespace offload {

/// Units: seconds. Free functions: mean(d), variance(d), cdf(d, t), quantile(d, p).
/// Distributions of unstable queues are "at +infinity": mean and quantiles are +inf, cdf is 0.
template <class D>
concept time_distribution = std::copy_constructible<D> && requires(const D& d, double x) {
    { mean(d) } -> std::convertible_to<double>;
    { variance(d) } -> std::convertible_to<double>;
    { cdf(d, x) } -> std::convertible_to<double>;
    { quantile(d, x) } -> std::convertible_to<double>;
};

/// Units: rates in 1/s, times in s, lengths in requests.
template <class Q>
concept queue_model = std::copy_constructible<Q> && requires(const Q& q) {
    { arrival_rate(q) } -> std::convertible_to<double>;       // offered arrival rate lambda
    { mean_service_time(q) } -> std::convertible_to<double>;  // E[S] of one request
    { utilization(q) } -> std::convertible_to<double>;        // rho (per server for multi-server models)
    { is_stable(q) } -> std::convertible_to<bool>;
    { mean_wait(q) } -> std::convertible_to<double>;          // E[W_q], time before service starts
    { mean_response(q) } -> std::convertible_to<double>;      // E[T] = E[W_q] + E[S]
    { mean_queue_length(q) } -> std::convertible_to<double>;  // E[L_q]
    { mean_number_in_system(q) } -> std::convertible_to<double>; // E[L]
    { waiting_time(q) } -> time_distribution;
    { response_time(q) } -> time_distribution;
};

/// A queue with a finite buffer: arrivals that find it full are blocked (lost).
/// mean_wait/mean_response refer to accepted requests.
template <class Q>
concept finite_buffer_model = queue_model<Q> && requires(const Q& q) {
    { blocking_probability(q) } -> std::convertible_to<double>;
    { throughput(q) } -> std::convertible_to<double>;          // accepted rate lambda (1 - P_block)
};

/// What a workload asks of one server stage: the first two moments of its service time and the degree of
/// parallelism. Models use the moments they can represent (M/M/1 assumes exponential service and ignores
/// scv; M/D/1 assumes deterministic service) and say so in their docs.
struct service_demand {
    double mean_seconds = 0.0; ///< E[S] > 0, seconds
    double scv = 0.0;          ///< squared coefficient of variation Var[S]/E[S]^2 (0 deterministic, 1 exponential)
    double parallelism = 1.0;  ///< k: servers (integer for exact multi-server models, real for k-mu approximations)
};

template <class Q>
concept stage_model = queue_model<Q> && requires(double lambda, const service_demand& demand) {
    { Q::from_demand(lambda, demand) } -> std::same_as<Q>;
};

} // namespace offload
