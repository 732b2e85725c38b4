// offload/concepts.hpp — the protocols every model satisfies.
//
// A *time distribution* (waiting time, response time, end-to-end latency) answers mean, variance, cdf and
// quantile as free functions found by ADL, exactly like a Boost.Math distribution.
//
// A *queue model* is a small copyable value type whose constructor validates its parameters; its metrics
// are free functions. Means only (queue_model), or means and time distributions (queue_with_distributions).
// Every queue header static_asserts its model against the richest concept it satisfies.
//
// A *stage model* can additionally be built from an arrival process and a service_demand; the latency
// pipelines (offload/pipelines/) are templates over stage models, so a user's own model plugs in by
// providing `static Q from_demand(const arrival_process&, const service_demand&)` (tests/decision/user_stage.hpp
// is such a model, plugged into choose_tier, choose_split and the policy).
#pragma once

#include <concepts>
#include <string>

#include "offload/error.hpp"

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

/// A queue model that gives MEANS (and stability). Units: rates in 1/s, times in s, lengths in requests.
/// gg1 is only this: two moments do not determine a G/G/1 waiting-time distribution.
template <class Q>
concept queue_model = std::copy_constructible<Q> && requires(const Q& q) {
    { arrival_rate(q) } -> std::convertible_to<double>;      // offered arrival rate lambda
    { mean_service_time(q) } -> std::convertible_to<double>; // E[S] of one request
    { utilization(q) } -> std::convertible_to<double>;       // rho (per server for multi-server models)
    { is_stable(q) } -> std::convertible_to<bool>;
    { mean_wait(q) } -> std::convertible_to<double>;             // E[W_q], time before service starts
    { mean_response(q) } -> std::convertible_to<double>;         // E[T] = E[W_q] + E[S]
    { mean_queue_length(q) } -> std::convertible_to<double>;     // E[L_q]
    { mean_number_in_system(q) } -> std::convertible_to<double>; // E[L]
};

/// A queue model that also gives its waiting- and response-time DISTRIBUTIONS (quantiles, cdf); every
/// model of offload/queues/ except gg1.
template <class Q>
concept queue_with_distributions = queue_model<Q> && requires(const Q& q) {
    { wait_distribution(q) } -> time_distribution;
    { response_distribution(q) } -> time_distribution;
};

/// A queue with a finite buffer: arrivals that find it full are blocked (lost).
/// mean_wait/mean_response refer to accepted requests.
template <class Q>
concept finite_buffer_model = queue_model<Q> && requires(const Q& q) {
    { blocking_probability(q) } -> std::convertible_to<double>;
    { throughput(q) } -> std::convertible_to<double>; // accepted rate lambda (1 - P_block)
};

/// What a workload asks of one server stage: the first two moments of its service time and the degree of
/// parallelism. Models use the moments they can represent (M/M/1 assumes exponential service and ignores
/// scv; M/D/1 assumes deterministic service) and say so in their docs.
///
/// Validation lives in ONE place: the constructor checks every field (and names the field in its
/// parameter_error); every from_demand and every pipeline constructor re-checks a demand through
/// detail::require_valid_demand (the fields are public so that a demand can be scaled in place, e.g. a
/// measured service time, and so a default-constructed demand, mean 0, is "unset" and rejected at first use).
/// parallelism is a REAL number >= 1: the k-mu approximations (k_parallel) use it as a continuous rate
/// multiplier; the exact multi-server models (mmc, mdc) require it to be an integer in their from_demand.
struct service_demand {
    double mean_seconds = 0.0; ///< E[S] > 0, finite, seconds
    double scv = 0.0;          ///< squared coefficient of variation Var[S]/E[S]^2 >= 0 (0 deterministic, 1 exponential)
    double parallelism = 1.0;  ///< k >= 1, finite: servers (integer for exact multi-server models, real for k-mu)

    /// An unset demand (mean 0): rejected by every from_demand and pipeline; assign a constructed one.
    constexpr service_demand() = default;
    /// mean_seconds > 0 finite, scv >= 0 finite, parallelism >= 1 finite; parameter_error naming the field.
    service_demand(double mean_seconds_, double scv_ = 0.0, double parallelism_ = 1.0);

    [[nodiscard]] friend bool operator==(const service_demand&, const service_demand&) = default;
};

namespace detail {

/// The one check of a service_demand: mean > 0 finite, scv >= 0 finite, parallelism >= 1 finite. `name`
/// is the caller's parameter ("demand", "remote", ...; "" for the bare field names); errors name
/// "<name>.mean_seconds" etc. Returns d.
inline const service_demand& require_valid_demand(const service_demand& d, const char* function, const char* name) {
    const std::string prefix = *name != '\0' ? std::string(name) + "." : std::string();
    if (!(d.mean_seconds > 0.0 && d.mean_seconds < infinity))
        throw_parameter_error(function, (prefix + "mean_seconds").c_str(), d.mean_seconds, "must be finite and > 0");
    if (!(d.scv >= 0.0 && d.scv < infinity))
        throw_parameter_error(function, (prefix + "scv").c_str(), d.scv, "must be finite and >= 0");
    if (!(d.parallelism >= 1.0 && d.parallelism < infinity))
        throw_parameter_error(function, (prefix + "parallelism").c_str(), d.parallelism, "must be finite and >= 1");
    return d;
}

} // namespace detail

inline service_demand::service_demand(double mean_seconds_, double scv_, double parallelism_)
    : mean_seconds(mean_seconds_), scv(scv_), parallelism(parallelism_) {
    detail::require_valid_demand(*this, "offload::service_demand", "");
}

/// A renewal arrival process known by its first two moments: the rate lambda (1/s) and the squared
/// coefficient of variation of the interarrival times, scv = Var[A] lambda^2 (1: Poisson; < 1 smoother, e.g.
/// 0 periodic; > 1 burstier). Implicitly constructible from a rate, which means Poisson arrivals, so every
/// Poisson call site passes a plain double.
struct arrival_process {
    double rate = 0.0; ///< lambda >= 0, finite, 1/s
    double scv = 1.0;  ///< c_a^2 >= 0, finite

    /// Poisson arrivals at `rate` >= 0 (1/s); implicit on purpose. An error names the value 'arrival_rate'
    /// (what a caller passing a plain rate called it).
    constexpr arrival_process(double rate_) // NOLINT(google-explicit-constructor)
        : rate(detail::require_non_negative(rate_, "offload::arrival_process", "arrival_rate")), scv(1.0) {}
    /// rate >= 0 finite (1/s), scv >= 0 finite; parameter_error naming the field.
    constexpr arrival_process(double rate_, double scv_)
        : rate(detail::require_non_negative(rate_, "offload::arrival_process", "rate")),
          scv(detail::require_non_negative(scv_, "offload::arrival_process", "scv")) {}

    [[nodiscard]] constexpr bool is_poisson() const noexcept { return scv == 1.0; }
    [[nodiscard]] friend constexpr bool operator==(const arrival_process&, const arrival_process&) = default;
};

namespace detail {
/// The rate of a Poisson process; parameter_error naming `name` + ".scv" for any other.
inline double require_poisson(const arrival_process& a, const char* function, const char* name = "arrivals") {
    if (a.scv != 1.0)
        throw_parameter_error(function, (std::string(name) + ".scv").c_str(), a.scv,
                              "must be 1: this model assumes Poisson arrivals (use gg1 for other arrival processes)");
    return a.rate;
}
} // namespace detail

/// A queue the pipelines can build from an arrival process and a service_demand. The pipelines give means
/// and breakdowns for any stage_model; their distribution functions also need stage_with_distributions.
/// `arrival_process` converts implicitly from a rate (Poisson arrivals), so a model written for Poisson
/// arrivals declares `static Q from_demand(const arrival_process&, const service_demand&)` and rejects a
/// non-Poisson process (require_poisson), while a G/G/1-type model uses its scv.
template <class Q>
concept stage_model = queue_model<Q> && requires(const arrival_process& arrivals, const service_demand& demand) {
    { Q::from_demand(arrivals, demand) } -> std::same_as<Q>;
};

template <class Q>
concept stage_with_distributions = stage_model<Q> && queue_with_distributions<Q>;

} // namespace offload
