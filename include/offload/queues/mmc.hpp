// offload/queues/mmc.hpp — M/M/c/FCFS: Poisson arrivals, exponential service, c identical servers, infinite
// buffer. Exact closed forms from Erlang's formulas (Gross & Harris, Fundamentals of Queueing Theory, 4th ed.,
// sec. 2.3; Tijms, A First Course in Stochastic Models, 2003, sec. 5.4). With offered load a = lambda / mu and
// rho = a / c:
//     C = Erlang C(c, a),  E[W] = C / (c mu - lambda),  P(W > t) = C e^{-(c mu - lambda) t},
//     T = W + S with S ~ Exp(mu) independent of W.
// Erlang B is computed by its stable recursion (offload/detail/erlang.hpp), accurate for thousands of servers.
// Seed 003 (sec. 3.5) replaces M/M/k by M/M/1 at rate k mu because it treats k as continuous; mmc is the exact
// model for integer k, k_parallel<mm1> the seed's shortcut.
#pragma once

#include "offload/concepts.hpp"
#include "offload/detail/erlang.hpp"
#include "offload/distributions/exponential_tail_time.hpp"
#include "offload/distributions/tail_plus_exponential_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

/// Erlang B: the blocking probability of an M/M/c/c loss system with offered load a = lambda / mu (Erlang).
/// servers: an integer >= 0 (given as a double; a non-integer is a parameter_error); offered_load finite >= 0.
inline double erlang_b(double servers, double offered_load) {
    const int c = detail::require_integer_at_least(servers, 0, "offload::erlang_b", "servers");
    detail::require_non_negative(offered_load, "offload::erlang_b", "offered_load");
    return detail::erlang_b_unchecked(c, offered_load);
}

/// Erlang C: the probability that an arrival to M/M/c waits, with offered load a = lambda / mu.
/// servers: an integer >= 1; offered_load finite >= 0. Returns 1 when a >= c (unstable: everyone waits).
inline double erlang_c(double servers, double offered_load) {
    const int c = detail::require_integer_at_least(servers, 1, "offload::erlang_c", "servers");
    detail::require_non_negative(offered_load, "offload::erlang_c", "offered_load");
    return detail::erlang_c_unchecked(c, offered_load);
}

class mmc {
public:
    /// arrival_rate lambda >= 0 (1/s), service_rate mu > 0 (1/s) of each server, servers c: an integer >= 1
    /// (int or an integral double). lambda >= c mu is allowed: the queue is then unstable and its means and
    /// quantiles are +inf.
    mmc(double arrival_rate, double service_rate, double servers)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mmc", "arrival_rate")),
          mu_(detail::require_positive(service_rate, "offload::mmc", "service_rate")),
          c_(detail::require_integer_at_least(servers, 1, "offload::mmc", "servers")) {}

    /// Stage factory for the pipelines: mu = 1 / demand.mean_seconds, c = demand.parallelism (must be an
    /// integer >= 1); scv is ignored (M/M/c assumes exponential service).
    static mmc from_demand(double arrival_rate, const service_demand& demand) {
        detail::require_positive(demand.mean_seconds, "offload::mmc::from_demand", "demand.mean_seconds");
        detail::require_integer_at_least(demand.parallelism, 1, "offload::mmc::from_demand", "demand.parallelism");
        return mmc(arrival_rate, 1.0 / demand.mean_seconds, demand.parallelism);
    }

    double arrival_rate() const noexcept { return lambda_; }
    double service_rate() const noexcept { return mu_; }
    int servers() const noexcept { return c_; }

private:
    double lambda_;
    double mu_;
    int c_;
};

inline double arrival_rate(const mmc& q) noexcept { return q.arrival_rate(); }
inline double mean_service_time(const mmc& q) noexcept { return 1.0 / q.service_rate(); }
/// Offered load a = lambda / mu in Erlang (mean number of busy servers when stable).
inline double offered_load(const mmc& q) noexcept { return q.arrival_rate() / q.service_rate(); }
/// Per-server utilization rho = lambda / (c mu).
inline double utilization(const mmc& q) noexcept {
    return q.arrival_rate() / (static_cast<double>(q.servers()) * q.service_rate());
}
inline bool is_stable(const mmc& q) noexcept { return utilization(q) < 1.0; }

/// Probability that an arrival waits (Erlang C); 1 if unstable.
inline double probability_of_wait(const mmc& q) noexcept {
    return detail::erlang_c_unchecked(q.servers(), offered_load(q));
}

namespace detail {
/// c mu - lambda, the decay rate of the waiting-time tail (> 0 when stable)
inline double mmc_decay_rate(const mmc& q) noexcept {
    return static_cast<double>(q.servers()) * q.service_rate() - q.arrival_rate();
}
} // namespace detail

/// E[W] = C / (c mu - lambda)
inline double mean_wait(const mmc& q) noexcept {
    return is_stable(q) ? probability_of_wait(q) / detail::mmc_decay_rate(q) : infinity;
}
/// E[T] = E[W] + 1 / mu
inline double mean_response(const mmc& q) noexcept {
    return is_stable(q) ? mean_wait(q) + mean_service_time(q) : infinity;
}
/// E[Lq] = lambda E[W] = C rho / (1 - rho)
inline double mean_queue_length(const mmc& q) noexcept {
    return is_stable(q) ? q.arrival_rate() * mean_wait(q) : infinity;
}
/// E[L] = E[Lq] + a
inline double mean_number_in_system(const mmc& q) noexcept {
    return is_stable(q) ? mean_queue_length(q) + offered_load(q) : infinity;
}

/// Exact: P(W > t) = C e^{-(c mu - lambda) t}
inline exponential_tail_time waiting_time(const mmc& q) {
    return is_stable(q) ? exponential_tail_time(probability_of_wait(q), detail::mmc_decay_rate(q))
                        : exponential_tail_time(1.0, 0.0);
}
/// Exact: T = W + S, S ~ Exp(mu) independent of W (see tail_plus_exponential_time for the closed form).
inline tail_plus_exponential_time response_time(const mmc& q) {
    return tail_plus_exponential_time(waiting_time(q), q.service_rate());
}

static_assert(stage_model<mmc>);

} // namespace offload
