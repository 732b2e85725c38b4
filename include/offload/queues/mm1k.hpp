// offload/queues/mm1k.hpp — M/M/1/K/FCFS: Poisson arrivals, exponential service, one server, room for K
// requests in total (the one in service included). Arrivals that find K requests are blocked (lost).
// Exact (Gross & Harris, Fundamentals of Queueing Theory, 4th ed., section 2.5; Kleinrock vol. 1, 3.6):
//     P_n = rho^n / sum_{i=0}^{K} rho^i,  n = 0..K,  rho = lambda / mu  (any rho >= 0: always stable).
// The textbook form (1 - rho) rho^n / (1 - rho^{K+1}) cancels catastrophically near rho = 1; this header
// evaluates every quantity through expm1 of x = log(rho) on the side where the geometric weights decrease,
// so rho = 1 (uniform: P_n = 1 / (K + 1)), rho = 1 +- 1e-9 and K = 10^7 keep full relative precision.
#pragma once

#include <cmath>
#include <concepts>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/finite_buffer.hpp"
#include "offload/distributions/erlang_mixture_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class mm1k {
public:
    /// arrival_rate lambda >= 0 (1/s), mean_service_time E[S] = 1/mu > 0 (s), capacity K: an int in
    /// [1, 10^7] (maximum number in system, including the request in service). lambda >= mu is allowed.
    mm1k(double arrival_rate, double mean_service_time, int capacity)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mm1k", "arrival_rate")), s_(mean_service_time),
          mu_(detail::require_invertible(mean_service_time, "offload::mm1k", "mean_service_time")),
          k_(detail::require_count(capacity, 1, detail::finite_max_capacity, "offload::mm1k", "capacity")) {}
    template <std::floating_point F>
    mm1k(double, double, F) = delete; // counts are integers: no silent truncation

    /// The rate convention: arrival_rate lambda >= 0, service_rate mu > 0 (1/s), capacity K.
    [[nodiscard]] static mm1k from_rates(double arrival_rate, double service_rate, int capacity) {
        constexpr const char* function = "offload::mm1k::from_rates";
        const double mu = detail::require_positive(service_rate, function, "service_rate");
        mm1k q(detail::require_non_negative(arrival_rate, function, "arrival_rate"),
               detail::require_invertible(mu, function, "service_rate"),
               detail::require_count(capacity, 1, detail::finite_max_capacity, function, "capacity"));
        q.mu_ = mu;
        return q;
    }
    template <std::floating_point F>
    static mm1k from_rates(double, double, F) = delete;

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double mean_service_time() const noexcept { return s_; }
    [[nodiscard]] double service_rate() const noexcept { return mu_; }
    [[nodiscard]] int capacity() const noexcept { return k_; }

    [[nodiscard]] friend bool operator==(const mm1k&, const mm1k&) = default;

private:
    double lambda_;
    double s_;
    double mu_;
    int k_;
};

namespace detail {

/// sum_{i=0}^{m-1} e^{i y} for y <= 0, without cancellation
[[nodiscard]] inline double finite_geometric_sum(double y, double m) noexcept {
    return y == 0.0 ? m : std::expm1(m * y) / std::expm1(y);
}

/// 1/expm1(z) - 1/z, smooth through z = 0 (Bernoulli series near 0)
[[nodiscard]] inline double finite_inverse_expm1_minus_inverse(double z) noexcept {
    if (std::fabs(z) < 0.1) {
        const double z2 = z * z;
        return -0.5 + z * (1.0 / 12.0 +
                           z2 * (-1.0 / 720.0 + z2 * (1.0 / 30240.0 + z2 * (-1.0 / 1209600.0 + z2 / 47900160.0))));
    }
    return 1.0 / std::expm1(z) - 1.0 / z;
}

/// The pieces every M/M/1/K metric is built from. With x = log(rho) and y = -|x| <= 0:
///   x <= 0: P_n = e^{n y} / G_{K+1},       x > 0: P_n = e^{(K - n) y} / G_{K+1},   G_m = sum_{i<m} e^{i y}.
struct mm1k_parts {
    double x;    // log(rho)
    double y;    // -|x|
    double g_k;  // G_K
    double g_k1; // G_{K+1}
};

[[nodiscard]] inline mm1k_parts mm1k_decompose(const mm1k& q) noexcept {
    // log1p((lambda - mu) / mu): lambda - mu is exact when lambda is close to mu; far below mu,
    // log(lambda) - log(mu) (log1p(-1 + 1e-20) was log1p(-1) = -inf, and P_0 = e^{0 * -inf} NaN)
    const double lambda = q.arrival_rate(), mu = q.service_rate();
    const double x = lambda < 0.5 * mu ? std::log(lambda) - std::log(mu) : std::log1p((lambda - mu) / mu);
    const double y = -std::fabs(x);
    const double k = q.capacity();
    return {x, y, finite_geometric_sum(y, k), finite_geometric_sum(y, k + 1.0)};
}

} // namespace detail

/// P_n, the time-average probability of n requests in system, n = 0..K (exact)
[[nodiscard]] inline double state_probability(const mm1k& q, int n) {
    if (n < 0 || n > q.capacity())
        detail::throw_parameter_error("offload::state_probability(mm1k)", "n", static_cast<double>(n),
                                      "must lie in [0, capacity]");
    if (q.arrival_rate() == 0.0) return n == 0 ? 1.0 : 0.0;
    const auto s = detail::mm1k_decompose(q);
    const double distance = s.x <= 0.0 ? n : q.capacity() - n;
    return std::exp(distance * s.y) / s.g_k1;
}

/// All P_n, n = 0..K (exact)
[[nodiscard]] inline std::vector<double> state_probabilities(const mm1k& q) {
    std::vector<double> p(static_cast<std::size_t>(q.capacity()) + 1, 0.0);
    if (q.arrival_rate() == 0.0) {
        p[0] = 1.0;
        return p;
    }
    const auto s = detail::mm1k_decompose(q);
    for (int n = 0; n <= q.capacity(); ++n) {
        const double distance = s.x <= 0.0 ? n : q.capacity() - n;
        p[static_cast<std::size_t>(n)] = std::exp(distance * s.y) / s.g_k1;
    }
    return p;
}

/// P_K: the probability that an arrival is blocked (PASTA) (exact)
inline double blocking_probability(const mm1k& q) { return state_probability(q, q.capacity()); }

[[nodiscard]] inline double arrival_rate(const mm1k& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mm1k& q) noexcept { return q.mean_service_time(); }
/// A finite buffer is always stable.
[[nodiscard]] inline bool is_stable(const mm1k&) noexcept { return true; }

/// 1 - P_K, without cancellation when P_K is close to 1
[[nodiscard]] inline double acceptance_probability(const mm1k& q) {
    if (q.arrival_rate() == 0.0) return 1.0;
    const auto s = detail::mm1k_decompose(q);
    return (s.x <= 0.0 ? 1.0 : std::exp(s.y)) * s.g_k / s.g_k1;
}

/// accepted rate lambda (1 - P_K), 1/s (exact)
inline double throughput(const mm1k& q) { return q.arrival_rate() * acceptance_probability(q); }

/// fraction of time the server is busy, 1 - P_0 = throughput / mu (exact)
[[nodiscard]] inline double utilization(const mm1k& q) {
    if (q.arrival_rate() == 0.0) return 0.0;
    const auto s = detail::mm1k_decompose(q);
    return (s.x <= 0.0 ? std::exp(s.y) : 1.0) * s.g_k / s.g_k1;
}

namespace detail {

/// Mean of P_n proportional to e^{-n z}, n = 0..m: 1/expm1(z) - (m + 1)/expm1((m + 1) z), evaluated as
/// f(z) - (m + 1) f((m + 1) z) with f(z) = 1/expm1(z) - 1/z (the 1/z terms cancel exactly); m/2 at z = 0.
[[nodiscard]] inline double finite_truncated_geometric_mean(double z, double m) noexcept {
    const double m1 = m + 1.0;
    // |z| >= 1: both terms of the first form have one sign and the result is not small relative to them
    if (std::fabs(z) >= 1.0) return 1.0 / std::expm1(z) - m1 / std::expm1(m1 * z);
    return finite_inverse_expm1_minus_inverse(z) - m1 * finite_inverse_expm1_minus_inverse(m1 * z);
}

} // namespace detail

/// E[L] = rho/(1 - rho) - (K + 1) rho^{K+1}/(1 - rho^{K+1}) (K/2 at rho = 1), evaluated without
/// cancellation (exact)
[[nodiscard]] inline double mean_number_in_system(const mm1k& q) {
    if (q.arrival_rate() == 0.0) return 0.0;
    return detail::finite_truncated_geometric_mean(-detail::mm1k_decompose(q).x, q.capacity());
}

/// mean wait of ACCEPTED requests: an accepted arrival finds the M/M/1/(K-1) distribution, so
/// E[W] = E[L_{K-1}] / mu (equal to E[Lq] / (lambda (1 - P_K)) by Little; exact)
[[nodiscard]] inline double mean_wait(const mm1k& q) {
    if (q.arrival_rate() == 0.0) return 0.0;
    return detail::finite_truncated_geometric_mean(-detail::mm1k_decompose(q).x, q.capacity() - 1.0) / q.service_rate();
}

/// E[Lq] = throughput * E[W] (Little; exact)
inline double mean_queue_length(const mm1k& q) { return throughput(q) * mean_wait(q); }

/// mean response of ACCEPTED requests, E[W] + 1/mu = E[L] / (lambda (1 - P_K)) (exact)
inline double mean_response(const mm1k& q) { return mean_wait(q) + mean_service_time(q); }

namespace detail {

/// Probabilities that an accepted arrival finds n = 0..K-1 requests: P_n / (1 - P_K), a geometric law
/// truncated to K terms (that of M/M/1/(K-1)).
[[nodiscard]] inline std::vector<double> mm1k_found_probabilities(const mm1k& q) {
    std::vector<double> found(static_cast<std::size_t>(q.capacity()), 0.0);
    if (q.arrival_rate() == 0.0) {
        found[0] = 1.0;
        return found;
    }
    const auto s = detail::mm1k_decompose(q);
    const int last = q.capacity() - 1;
    for (int n = 0; n <= last; ++n) {
        const double distance = s.x <= 0.0 ? n : last - n;
        found[static_cast<std::size_t>(n)] = std::exp(distance * s.y) / s.g_k;
    }
    return found;
}

} // namespace detail

/// Exact: an accepted arrival that finds n requests waits Erlang(n, mu) (n = 0: no wait).
[[nodiscard]] inline erlang_mixture_time wait_distribution(const mm1k& q) {
    return erlang_mixture_time(q.service_rate(), detail::mm1k_found_probabilities(q));
}

/// Exact: an accepted arrival that finds n requests spends Erlang(n + 1, mu) in the system.
[[nodiscard]] inline erlang_mixture_time response_distribution(const mm1k& q) {
    std::vector<double> phases = detail::mm1k_found_probabilities(q);
    phases.insert(phases.begin(), 0.0);
    return erlang_mixture_time(q.service_rate(), phases);
}

static_assert(finite_buffer_model<mm1k> && queue_with_distributions<mm1k>);

} // namespace offload
