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

#include <concepts>

#include "offload/concepts.hpp"
#include "offload/detail/erlang.hpp"
#include "offload/distributions/exponential_tail_time.hpp"
#include "offload/distributions/tail_plus_exponential_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

/// Erlang B: the blocking probability of an M/M/c/c loss system with offered load a = lambda / mu (Erlang).
/// servers: an int in [0, 10^9]; offered_load finite >= 0.
[[nodiscard]] inline double erlang_b(int servers, double offered_load) {
    const int c = detail::require_count(servers, 0, detail::max_servers, "offload::erlang_b", "servers");
    detail::require_non_negative(offered_load, "offload::erlang_b", "offered_load");
    return detail::erlang_b_unchecked(c, offered_load);
}

/// Erlang C: the probability that an arrival to M/M/c waits, with offered load a = lambda / mu.
/// servers: an int in [1, 10^9]; offered_load finite >= 0. Returns 1 when a >= c (unstable: everyone waits).
[[nodiscard]] inline double erlang_c(int servers, double offered_load) {
    const int c = detail::require_count(servers, 1, detail::max_servers, "offload::erlang_c", "servers");
    detail::require_non_negative(offered_load, "offload::erlang_c", "offered_load");
    return detail::erlang_c_unchecked(c, offered_load);
}
template <std::floating_point F>
double erlang_b(F, double) = delete; // counts are integers
template <std::floating_point F>
double erlang_c(F, double) = delete;

class mmc {
public:
    /// arrival_rate lambda >= 0 (1/s), mean_service_time E[S] = 1/mu > 0 (s) of each server, servers c: an
    /// int in [1, 10^9] (a floating-point count does not compile: convert and check it first). lambda >= c mu
    /// is allowed: the queue is then unstable and its means and quantiles are +inf.
    mmc(double arrival_rate, double mean_service_time, int servers)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mmc", "arrival_rate")), s_(mean_service_time),
          mu_(detail::require_invertible(mean_service_time, "offload::mmc", "mean_service_time")),
          c_(detail::require_count(servers, 1, detail::max_servers, "offload::mmc", "servers")) {}
    template <std::floating_point F>
    mmc(double, double, F) = delete; // counts are integers: no silent truncation of 2.5 servers

    /// The rate convention: arrival_rate lambda >= 0, service_rate mu > 0 of each server (1/s), servers c.
    [[nodiscard]] static mmc from_rates(double arrival_rate, double service_rate, int servers) {
        constexpr const char* function = "offload::mmc::from_rates";
        const double mu = detail::require_positive(service_rate, function, "service_rate");
        mmc q(detail::require_non_negative(arrival_rate, function, "arrival_rate"),
              detail::require_invertible(mu, function, "service_rate"),
              detail::require_count(servers, 1, detail::max_servers, function, "servers"));
        q.mu_ = mu;
        return q;
    }
    template <std::floating_point F>
    static mmc from_rates(double, double, F) = delete;

    /// Stage factory for the pipelines: E[S] = demand.mean_seconds, c = demand.parallelism (must be an
    /// integer >= 1: M/M/c is exact for whole servers; use k_parallel<mm1> for a real k); Poisson arrivals;
    /// scv is ignored (M/M/c assumes exponential service).
    [[nodiscard]] static mmc from_demand(const arrival_process& arrivals, const service_demand& demand) {
        constexpr const char* function = "offload::mmc::from_demand";
        detail::require_valid_demand(demand, function, "demand");
        const int c = detail::require_integer_at_least(demand.parallelism, 1, function, "demand.parallelism");
        return mmc(detail::require_poisson(arrivals, function), demand.mean_seconds, c);
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double mean_service_time() const noexcept { return s_; }
    [[nodiscard]] double service_rate() const noexcept { return mu_; }
    [[nodiscard]] int servers() const noexcept { return c_; }

    [[nodiscard]] friend bool operator==(const mmc&, const mmc&) = default;

private:
    double lambda_;
    double s_;
    double mu_;
    int c_;
};

[[nodiscard]] inline double arrival_rate(const mmc& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mmc& q) noexcept { return q.mean_service_time(); }
/// Offered load a = lambda / mu in Erlang (mean number of busy servers when stable).
[[nodiscard]] inline double offered_load(const mmc& q) noexcept { return q.arrival_rate() / q.service_rate(); }
/// Per-server utilization rho = lambda / (c mu).
[[nodiscard]] inline double utilization(const mmc& q) noexcept {
    return q.arrival_rate() / (static_cast<double>(q.servers()) * q.service_rate());
}
[[nodiscard]] inline bool is_stable(const mmc& q) noexcept { return utilization(q) < 1.0; }

/// Probability that an arrival waits (Erlang C); 1 if unstable.
[[nodiscard]] inline double probability_of_wait(const mmc& q) noexcept {
    return detail::erlang_c_unchecked(q.servers(), offered_load(q));
}

namespace detail {
/// c mu - lambda, the decay rate of the waiting-time tail (> 0 when stable)
[[nodiscard]] inline double mmc_decay_rate(const mmc& q) noexcept {
    return static_cast<double>(q.servers()) * q.service_rate() - q.arrival_rate();
}
} // namespace detail

/// E[W] = C / (c mu - lambda)
[[nodiscard]] inline double mean_wait(const mmc& q) noexcept {
    return is_stable(q) ? probability_of_wait(q) / detail::mmc_decay_rate(q) : infinity;
}
/// E[T] = E[W] + 1 / mu
[[nodiscard]] inline double mean_response(const mmc& q) noexcept {
    return is_stable(q) ? mean_wait(q) + mean_service_time(q) : infinity;
}
/// E[Lq] = lambda E[W] = C rho / (1 - rho)
[[nodiscard]] inline double mean_queue_length(const mmc& q) noexcept {
    return is_stable(q) ? q.arrival_rate() * mean_wait(q) : infinity;
}
/// E[L] = E[Lq] + a
[[nodiscard]] inline double mean_number_in_system(const mmc& q) noexcept {
    return is_stable(q) ? mean_queue_length(q) + offered_load(q) : infinity;
}

/// Exact: P(W > t) = C e^{-(c mu - lambda) t}
[[nodiscard]] inline exponential_tail_time wait_distribution(const mmc& q) {
    return is_stable(q) ? exponential_tail_time(probability_of_wait(q), detail::mmc_decay_rate(q))
                        : exponential_tail_time(1.0, 0.0);
}
/// Exact: T = W + S, S ~ Exp(mu) independent of W (see tail_plus_exponential_time for the closed form).
[[nodiscard]] inline tail_plus_exponential_time response_distribution(const mmc& q) {
    return tail_plus_exponential_time(wait_distribution(q), q.service_rate());
}

static_assert(stage_with_distributions<mmc>);

} // namespace offload
