// offload/queues/mmck.hpp — M/M/c/K/FCFS: Poisson arrivals, exponential service, c identical servers, room
// for K >= c requests in total (those in service included). Arrivals that find K requests are blocked.
// Exact birth-death solution (Gross & Harris, Fundamentals of Queueing Theory, 4th ed., section 2.6), with
// a = lambda / mu:
//     P_n proportional to a^n / n!              for 0 <= n <= c,
//     P_n proportional to a^c / c! (a / c)^(n-c)  for c < n <= K.
// Evaluated stably: the unnormalised weights are 1 at the mode and are built outward by ratios (a/n below c,
// exp((n - c) log(a/c)) above c), so nothing overflows and nothing cancels for c up to 1000s and K up to 10^7.
// c = 1 is M/M/1/K; c = K is the Erlang loss system M/M/c/c; K -> infinity tends to M/M/c when a < c.
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/finite_buffer.hpp"
#include "offload/distributions/erlang_mixture_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class mmck {
public:
    /// arrival_rate lambda >= 0 (1/s), mean_service_time E[S] = 1/mu > 0 (s) per server, servers c: an int
    /// in [1, 10^7], capacity K: an int in [c, 10^7]. lambda >= c mu is allowed.
    mmck(double arrival_rate, double mean_service_time, int servers, int capacity)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mmck", "arrival_rate")), s_(mean_service_time),
          mu_(detail::require_invertible(mean_service_time, "offload::mmck", "mean_service_time")),
          c_(detail::require_count(servers, 1, detail::finite_max_capacity, "offload::mmck", "servers")),
          k_(detail::require_count(capacity, c_, detail::finite_max_capacity, "offload::mmck", "capacity")) {}
    template <class C, class K>
    requires(std::floating_point<C> || std::floating_point<K>) mmck(double, double, C, K)
    = delete; // counts are integers: no silent truncation

    /// The rate convention: arrival_rate lambda >= 0, service_rate mu > 0 per server (1/s), servers, capacity.
    [[nodiscard]] static mmck from_rates(double arrival_rate, double service_rate, int servers, int capacity) {
        constexpr const char* function = "offload::mmck::from_rates";
        const double mu = detail::require_positive(service_rate, function, "service_rate");
        const int c = detail::require_count(servers, 1, detail::finite_max_capacity, function, "servers");
        mmck q(detail::require_non_negative(arrival_rate, function, "arrival_rate"),
               detail::require_invertible(mu, function, "service_rate"), c,
               detail::require_count(capacity, c, detail::finite_max_capacity, function, "capacity"));
        q.mu_ = mu;
        return q;
    }
    template <class C, class K>
    requires(std::floating_point<C> || std::floating_point<K>) static mmck from_rates(double, double, C, K) = delete;

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double mean_service_time() const noexcept { return s_; }
    [[nodiscard]] double service_rate() const noexcept { return mu_; }
    [[nodiscard]] int servers() const noexcept { return c_; }
    [[nodiscard]] int capacity() const noexcept { return k_; }

    [[nodiscard]] friend bool operator==(const mmck&, const mmck&) = default;

private:
    double lambda_;
    double s_;
    double mu_;
    int c_;
    int k_;
};

/// All P_n, n = 0..K: time-average probabilities of n requests in system (exact)
[[nodiscard]] inline std::vector<double> state_probabilities(const mmck& q) {
    const int c = q.servers();
    const int k = q.capacity();
    std::vector<double> w(static_cast<std::size_t>(k) + 1, 0.0);
    auto at = [&w](int n) -> double& { return w[static_cast<std::size_t>(n)]; };
    if (q.arrival_rate() == 0.0) {
        at(0) = 1.0;
        return w;
    }
    const double a = q.arrival_rate() / q.service_rate();
    const double cd = c;
    // x = log(a / c) through log1p so that a close to c keeps its relative precision
    const double x = std::log1p((q.arrival_rate() - cd * q.service_rate()) / (cd * q.service_rate()));
    if (x < 0.0) {
        // mode at floor(a) < c; the weights fall geometrically above c
        const int mode = static_cast<int>(std::floor(a));
        at(mode) = 1.0;
        for (int n = mode; n > 0; --n) at(n - 1) = at(n) * (n / a);
        for (int n = mode + 1; n <= c; ++n) at(n) = at(n - 1) * (a / n);
        for (int n = c + 1; n <= k; ++n) at(n) = at(c) * std::exp((n - c) * x);
    } else {
        // a >= c: the weights rise up to K
        for (int n = c; n <= k; ++n) at(n) = std::exp((n - k) * x);
        for (int n = c; n > 0; --n) at(n - 1) = at(n) * (n / a);
    }
    double total = 0.0;
    for (double v : w) total += v;
    for (double& v : w) v /= total;
    return w;
}

/// P_n for one n in [0, K] (exact)
[[nodiscard]] inline double state_probability(const mmck& q, int n) {
    if (n < 0 || n > q.capacity())
        detail::throw_parameter_error("offload::state_probability(mmck)", "n", static_cast<double>(n),
                                      "must lie in [0, capacity]");
    return state_probabilities(q)[static_cast<std::size_t>(n)];
}

/// P_K: the probability that an arrival is blocked (PASTA); for c = K the Erlang B formula (exact)
inline double blocking_probability(const mmck& q) { return state_probabilities(q).back(); }

[[nodiscard]] inline double arrival_rate(const mmck& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mmck& q) noexcept { return q.mean_service_time(); }
/// A finite buffer is always stable.
[[nodiscard]] inline bool is_stable(const mmck&) noexcept { return true; }

/// accepted rate lambda (1 - P_K), with 1 - P_K summed as sum_{n<K} P_n (exact)
[[nodiscard]] inline double throughput(const mmck& q) {
    const auto p = state_probabilities(q);
    double accepted = 0.0;
    for (std::size_t n = 0; n + 1 < p.size(); ++n) accepted += p[n];
    return q.arrival_rate() * accepted;
}

/// fraction of time a server is busy: E[min(N, c)] / c = throughput / (c mu) (exact)
[[nodiscard]] inline double utilization(const mmck& q) {
    const auto p = state_probabilities(q);
    double busy = 0.0;
    for (std::size_t n = 0; n < p.size(); ++n) busy += std::fmin(static_cast<double>(n), q.servers()) * p[n];
    return busy / q.servers();
}

/// E[L] = sum n P_n (exact)
[[nodiscard]] inline double mean_number_in_system(const mmck& q) {
    const auto p = state_probabilities(q);
    double l = 0.0;
    for (std::size_t n = 1; n < p.size(); ++n) l += static_cast<double>(n) * p[n];
    return l;
}

/// E[Lq] = sum_{n > c} (n - c) P_n (exact)
[[nodiscard]] inline double mean_queue_length(const mmck& q) {
    const auto p = state_probabilities(q);
    double lq = 0.0;
    for (std::size_t n = static_cast<std::size_t>(q.servers()) + 1; n < p.size(); ++n)
        lq += static_cast<double>(n - static_cast<std::size_t>(q.servers())) * p[n];
    return lq;
}

/// mean wait of ACCEPTED requests, E[Lq] / (lambda (1 - P_K)) (Little; exact)
[[nodiscard]] inline double mean_wait(const mmck& q) {
    if (q.arrival_rate() == 0.0) return 0.0;
    return mean_queue_length(q) / throughput(q);
}

/// mean response of ACCEPTED requests, E[W] + 1/mu (exact)
inline double mean_response(const mmck& q) { return mean_wait(q) + mean_service_time(q); }

/// Exact: an accepted arrival that finds n >= c requests waits Erlang(n - c + 1, c mu); n < c: no wait.
[[nodiscard]] inline erlang_mixture_time wait_distribution(const mmck& q) {
    const auto found = detail::finite_accepted_arrival_probabilities(state_probabilities(q));
    const int c = q.servers();
    std::vector<double> phases(static_cast<std::size_t>(q.capacity() - c) + 1, 0.0);
    for (std::size_t n = 0; n < found.size(); ++n) {
        const std::size_t m = n + 1 > static_cast<std::size_t>(c) ? n + 1 - static_cast<std::size_t>(c) : 0;
        phases[m] += found[n];
    }
    return erlang_mixture_time(c * q.service_rate(), phases);
}

/// Exact: the waiting time plus an independent Exponential(mu) service time.
[[nodiscard]] inline erlang_mixture_time response_distribution(const mmck& q) {
    return add_exponential_phase(wait_distribution(q), q.service_rate());
}

static_assert(finite_buffer_model<mmck> && queue_with_distributions<mmck>);

} // namespace offload
