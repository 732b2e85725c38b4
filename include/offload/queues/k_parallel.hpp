// offload/queues/k_parallel.hpp — the seed's aggregated-rate approximation of a k-way parallel accelerator.
//
// Seed 003 (sec. 3.3 eq. 6, sec. 3.5 eq. 12; citing [48, 49]): an accelerator that serves k requests in
// parallel is modelled by ONE server whose service rate is k mu (service time s / k), which gives the wait,
// while each request still takes its full service time s:
//     T = W_{Base at rate k mu} + s.
// For Base = md1 the mean wait is eq. 6, E[W] = (1/(k mu - lambda) - 1/(k mu)) / 2; for Base = mm1 it is the
// processing term of eq. 12, 1/(k mu - lambda) - 1/(k mu); for Base = mg1 the service time is scaled to s/k
// with its scv kept (P-K at rate k mu; note that the literal eq. 10 of the seed keeps rho = lambda / mu and
// Var[s] unscaled, which differs from this consistent scaling when k != 1).
//
// k is a REAL number >= 1 (the seed treats parallelism as a continuous multiplier of the service rate;
// k < 1 would make a request occupy the server longer than its own service time). k = 1 reduces exactly
// to Base. Stability: lambda < k mu. This is an APPROXIMATION of M/D/k (or M/M/k, M/G/k): compare with
// the exact multi-server models in offload/queues/ (mmc, mdc) before relying on it at moderate load.
//
// Distributions: md1 base: W exact for the aggregated M/D/1, T = W + D (shift). mm1 base: W exact for the
// aggregated M/M/1 (atom + exponential tail, rate k mu - lambda) plus an independent Exp(mu) service,
// closed form (hypoexponential_tail_time). mg1 base: Cramer-Lundberg W of the aggregated M/G/1 plus a
// gamma-shaped full service time (gamma_plus_tail_time).
//
// Other bases plug in by specialising detail::k_parallel_traits<Base> with
//     static Base aggregate(const Base& single, double k);            // the same queue at service rate k mu
//     static auto response(const Base& single, const Base& aggregated); // distribution of W_agg + S
#pragma once

#include "offload/concepts.hpp"
#include "offload/distributions/gamma_plus_tail_time.hpp"
#include "offload/distributions/hypoexponential_tail_time.hpp"
#include "offload/distributions/shifted_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload {

namespace detail {

template <class Base>
struct k_parallel_traits; // specialised below for md1, mm1 and mg1

template <>
struct k_parallel_traits<md1> {
    static md1 aggregate(const md1& single, double k) { return md1(single.arrival_rate(), single.service_time() / k); }
    [[nodiscard]] static shifted_time<md1_waiting_time> response(const md1& single, const md1& aggregated) {
        return shifted_time<md1_waiting_time>(wait_distribution(aggregated), single.service_time());
    }
};

template <>
struct k_parallel_traits<mm1> {
    static mm1 aggregate(const mm1& single, double k) {
        return mm1::from_rates(single.arrival_rate(), k * single.service_rate());
    }
    [[nodiscard]] static hypoexponential_tail_time response(const mm1& single, const mm1& aggregated) {
        const exponential_tail_time w = wait_distribution(aggregated);
        return hypoexponential_tail_time(single.service_rate(), w.tail_probability(), w.decay_rate());
    }
};

template <>
struct k_parallel_traits<mg1> {
    [[nodiscard]] static mg1 aggregate(const mg1& single, double k) {
        return mg1(single.arrival_rate(), single.mean_service_time() / k, single.service_scv());
    }
    [[nodiscard]] static gamma_plus_tail_time response(const mg1& single, const mg1& aggregated) {
        return gamma_plus_tail_time(single.mean_service_time(), single.service_scv(), wait_distribution(aggregated));
    }
};

} // namespace detail

template <class Base>
class k_parallel {
public:
    /// single: the queue as seen by one request on one (unscaled) processor — the arrival rate and the
    /// request's full service time; parallelism k: real, finite, >= 1.
    /// The aggregated server (rate k mu) is built, and validated, here once: evaluations only read it.
    k_parallel(Base single, double parallelism)
        : single_(single), k_(validate_parallelism(parallelism)),
          aggregated_(detail::k_parallel_traits<Base>::aggregate(single_, k_)) {}

    /// Stage factory: Base::from_demand with parallelism 1 for the single processor, k = demand.parallelism
    /// (a real number >= 1, as service_demand guarantees).
    [[nodiscard]] static k_parallel from_demand(const arrival_process& arrivals, const service_demand& demand) {
        detail::require_valid_demand(demand, "offload::k_parallel::from_demand", "demand");
        service_demand one = demand;
        one.parallelism = 1.0;
        return k_parallel(Base::from_demand(arrivals, one), demand.parallelism);
    }

    [[nodiscard]] const Base& single() const noexcept { return single_; }
    [[nodiscard]] double parallelism() const noexcept { return k_; }
    /// The single server at aggregated rate k mu whose waiting time the approximation uses.
    [[nodiscard]] const Base& aggregated() const noexcept { return aggregated_; }

    [[nodiscard]] friend bool operator==(const k_parallel&, const k_parallel&) = default;

private:
    [[nodiscard]] static double validate_parallelism(double k) {
        if (!(k >= 1.0 && k < infinity))
            detail::throw_parameter_error("offload::k_parallel", "parallelism", k,
                                          "must be finite and >= 1 (a real number)");
        return k;
    }

    Base single_;
    double k_;
    Base aggregated_;
};

/// The single server at aggregated rate k mu whose waiting time the approximation uses.
template <class Base>
[[nodiscard]] const Base& aggregated(const k_parallel<Base>& q) noexcept {
    return q.aggregated();
}

template <class Base>
[[nodiscard]] double arrival_rate(const k_parallel<Base>& q) {
    return arrival_rate(q.single());
}
/// The request's full service time E[s] (not s / k)
template <class Base>
[[nodiscard]] double mean_service_time(const k_parallel<Base>& q) {
    return mean_service_time(q.single());
}
/// rho = lambda E[s] / k
template <class Base>
[[nodiscard]] double utilization(const k_parallel<Base>& q) {
    return utilization(aggregated(q));
}
/// lambda < k mu
template <class Base>
[[nodiscard]] bool is_stable(const k_parallel<Base>& q) {
    return is_stable(aggregated(q));
}
/// E[W] of Base at rate k mu (seed eq. 6 for md1, the eq. 12 terms for mm1)
template <class Base>
[[nodiscard]] double mean_wait(const k_parallel<Base>& q) {
    return mean_wait(aggregated(q));
}
/// E[T] = E[W] + E[s]
template <class Base>
[[nodiscard]] double mean_response(const k_parallel<Base>& q) {
    return is_stable(q) ? mean_wait(q) + mean_service_time(q) : infinity;
}
/// E[Lq] = lambda E[W]
template <class Base>
[[nodiscard]] double mean_queue_length(const k_parallel<Base>& q) {
    return mean_queue_length(aggregated(q));
}
/// E[L] = lambda E[T] (Little's law applied to the approximate response time)
template <class Base>
[[nodiscard]] double mean_number_in_system(const k_parallel<Base>& q) {
    if (!is_stable(q)) return infinity;
    return arrival_rate(q) == 0.0 ? 0.0 : arrival_rate(q) * mean_response(q);
}
template <class Base>
[[nodiscard]] auto wait_distribution(const k_parallel<Base>& q) {
    return wait_distribution(aggregated(q));
}
template <class Base>
[[nodiscard]] auto response_distribution(const k_parallel<Base>& q) {
    return detail::k_parallel_traits<Base>::response(q.single(), aggregated(q));
}

static_assert(stage_with_distributions<k_parallel<md1>>);
static_assert(stage_with_distributions<k_parallel<mm1>>);
static_assert(stage_with_distributions<k_parallel<mg1>>);

} // namespace offload
