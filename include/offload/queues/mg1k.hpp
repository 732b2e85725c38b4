// offload/queues/mg1k.hpp — M/G/1/K/FCFS: Poisson arrivals, gamma-shaped service times with a given mean and
// squared coefficient of variation (scv = 0: deterministic, M/D/1/K; scv = 1: exponential, M/M/1/K), one
// server, room for K requests in total (the one in service included). Arrivals that find K are blocked.
//
// Exact for the queue-length metrics (Gross & Harris, Fundamentals of Queueing Theory, 4th ed., section 5.2;
// Tijms, A First Course in Stochastic Models, 2003, section 9.4): the number left behind by departures is a
// Markov chain on 0..K-1 with a_j = P(j arrivals during one service) — Poisson(rho) for deterministic
// service, negative binomial for gamma service (geometric for exponential). Its stationary law pi_d is
// computed by the level-crossing recursion
//     a_0 pi_d(j+1) = pi_d(0) A(j) + sum_{i=1}^{j} pi_d(i) A(j+1-i),   A(k) = P(more than k arrivals),
// whose terms are all non-negative (no cancellation, stable at rho = 1 and beyond), with A(k) from the
// regularised incomplete gamma / beta functions. Then (PASTA + rate balance)
//     P_n = pi_d(n) / (pi_d(0) + rho)  (n < K),   P_K = 1 - 1 / (pi_d(0) + rho),
// where for rho < 1 the numerator of P_K = (pi_d(0) + rho - 1) / (pi_d(0) + rho) is evaluated as
// pi_d(0) R(K-1) + sum_{i=1}^{K-1} pi_d(i) R(K-i), R(m) = E[(A - m)^+] (the sum of the crossing equations),
// so that small blocking probabilities keep their relative accuracy.
// The waiting-time distribution is an APPROXIMATION (see wait_distribution below); its mean is exact.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/finite_buffer.hpp"
#include "offload/detail/special_functions.hpp"
#include "offload/distributions/gamma_mixture_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class mg1k {
public:
    /// Largest capacity: the embedded chain costs O(K^2) per evaluation.
    static constexpr int max_capacity = 10'000;

    /// arrival_rate lambda >= 0 (1/s), mean_service_time E[S] > 0 (s), service_scv = Var[S]/E[S]^2 finite
    /// and >= 0 (service is gamma-shaped; 0 = deterministic), capacity K: an int in [1, 10^4].
    mg1k(double arrival_rate, double mean_service_time, double service_scv, int capacity)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mg1k", "arrival_rate")),
          s_(detail::require_positive(mean_service_time, "offload::mg1k", "mean_service_time")),
          scv_(detail::require_non_negative(service_scv, "offload::mg1k", "service_scv")),
          k_(detail::require_count(capacity, 1, max_capacity, "offload::mg1k", "capacity")) {}
    template <std::floating_point F>
    mg1k(double, double, double, F) = delete; // counts are integers: no silent truncation

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double mean_service_time() const noexcept { return s_; }
    [[nodiscard]] double service_scv() const noexcept { return scv_; }
    [[nodiscard]] int capacity() const noexcept { return k_; }

    [[nodiscard]] friend bool operator==(const mg1k&, const mg1k&) = default;

private:
    double lambda_;
    double s_;
    double scv_;
    int k_;
};

/// M/D/1/K: deterministic service of length service_time (an mg1k with scv = 0).
[[nodiscard]] inline mg1k md1k(double arrival_rate, double service_time, int capacity) {
    detail::require_positive(service_time, "offload::md1k", "service_time"); // mg1k calls it mean_service_time
    return mg1k(arrival_rate, service_time, 0.0, capacity);
}
template <std::floating_point F>
mg1k md1k(double, double, F) = delete; // counts are integers

/// The solved embedded chain and the time-average distribution.
struct mg1k_solution {
    std::vector<double> departure;    ///< pi_d(n), n = 0..K-1: left behind by departures = found by accepted arrivals
    std::vector<double> time_average; ///< P_n, n = 0..K
    double acceptance = 1.0;          ///< 1 - P_K = 1 / (pi_d(0) + rho)
    double blocking = 0.0;            ///< P_K
};

/// Solves the embedded departure chain of q (O(K^2); O(K * number of non-negligible a_j) in practice).
[[nodiscard]] inline mg1k_solution solve(const mg1k& q) {
    const int k = q.capacity();
    const double lambda = q.arrival_rate();
    const double rho = lambda * q.mean_service_time();
    mg1k_solution out;
    out.departure.assign(static_cast<std::size_t>(k), 0.0);
    if (lambda == 0.0 || k == 1) {
        // K = 1: every accepted arrival finds the system empty; P_1 = rho / (1 + rho) (Erlang loss, c = 1)
        out.departure[0] = 1.0;
        out.acceptance = 1.0 / (1.0 + rho);
        out.blocking = rho / (1.0 + rho);
        out.time_average = {out.acceptance, out.blocking};
        return out;
    }
    // log a_0 and the tail probabilities A(j) = P(arrivals during a service > j), j = 0..K-2
    // A service scv so small that lambda * theta is below 2^-53 gives a negative binomial equal to the Poisson
    // law of M/D/1/K in double precision: solved as such (a subnormal scv made shape = 1/scv infinite, and the
    // state probabilities summed to 0.909)
    const double lt_exact = lambda * q.mean_service_time() * q.service_scv();
    const double scv = lt_exact < 0x1p-53 ? 0.0 : q.service_scv();
    const double shape = scv > 0.0 ? 1.0 / scv : 0.0;
    const double lt = scv > 0.0 ? lt_exact : 0.0; // lambda * theta (gamma scale theta = E[S] scv)
    const double failure = lt / (1.0 + lt);       // negative binomial 1 - p
    const double log_a0 = scv == 0.0 ? -rho : -shape * std::log1p(lt);
    // P(NegBin(shape, p) > j) = I_failure(j + 1, shape), whose front x^{j+1} (1-x)^shape / ((j+1) B(j+1, shape)) is
    // the probability mass a_{j+1}, kept in logs and advanced as j grows (calls come with increasing j):
    // ln a_{i+1} = ln a_i + ln(failure (i + shape) / (i + 1))
    double mass_index = -1.0;      // log_mass_next = ln a_{mass_index + 1}
    double log_mass_next = log_a0; // ln a_0
    auto arrivals_exceed = [&](double j) {
        if (scv == 0.0) return detail::regularized_gamma_p(j + 1.0, rho); // P(Poisson(rho) > j)
        for (; mass_index < j; mass_index += 1.0)
            log_mass_next += std::log(failure * (mass_index + 1.0 + shape) / (mass_index + 2.0));
        return detail::regularized_beta_given_front(j + 1.0, shape, failure, std::exp(log_mass_next));
    };
    std::vector<double> tail;
    tail.reserve(static_cast<std::size_t>(k));
    for (int j = 0; j + 1 < k; ++j) {
        const double v = arrivals_exceed(j);
        if (v == 0.0) break;
        tail.push_back(v);
    }
    auto tail_at = [&tail](std::size_t j) { return j < tail.size() ? tail[j] : 0.0; };
    // level-crossing recursion on unnormalised weights, rescaled whenever they grow past e^600
    std::vector<double>& w = out.departure;
    w[0] = 1.0;
    for (std::size_t j = 0; j + 1 < w.size(); ++j) {
        double s = w[0] * tail_at(j);
        // A(j+1-i) is stored (non-zero) only for j + 1 - i < tail.size()
        const std::size_t first = (j + 2 > tail.size()) ? j + 2 - tail.size() : 1;
        for (std::size_t i = std::max<std::size_t>(first, 1); i <= j; ++i) s += w[i] * tail_at(j + 1 - i);
        if (s == 0.0) {
            w[j + 1] = 0.0;
            continue;
        }
        const double log_value = std::log(s) - log_a0;
        if (log_value > 600.0) {
            const double factor = std::exp(-log_value);
            for (std::size_t i = 0; i <= j; ++i) w[i] *= factor;
            w[j + 1] = 1.0;
        } else {
            w[j + 1] = std::exp(log_value);
        }
    }
    double total = 0.0;
    for (double v : w) total += v;
    // P_K = (pi_d(0) + rho - 1) / (pi_d(0) + rho). For rho < 1 the numerator cancels; summing the
    // level-crossing equations gives it as non-negative terms (R(m) = sum_{k >= m} A(k) = E[(A - m)^+]):
    //     pi_d(0) + rho - 1 = pi_d(0) R(K-1) + sum_{i=1}^{K-1} pi_d(i) R(K-i)
    double excess = 0.0; // (pi_d(0) + rho - 1) * total, unnormalised
    if (rho < 1.0) {
        const std::size_t kk = static_cast<std::size_t>(k);
        std::vector<double> r(kk, 0.0); // r[m] = R(m), m = 1..K-1
        double far = 0.0;               // R(K-1) = sum_{k >= K-1} A(k), summed until the terms vanish
        constexpr int max_terms = 10'000'000;
        int terms = 0;
        for (double j = k - 1.0;; j += 1.0) {
            const double v = arrivals_exceed(j);
            far += v;
            if (v == 0.0 || v <= 1e-20 * far) break;
            if (++terms > max_terms)
                detail::throw_convergence_error("offload::solve(mg1k)",
                                                "the tail sum E[(A - K + 1)^+] did not converge in 10^7 terms");
        }
        r[kk - 1] = far;
        for (std::size_t m = kk - 1; m-- > 1;) r[m] = r[m + 1] + tail_at(m);
        excess = w[0] * r[kk - 1];
        for (std::size_t i = 1; i < kk; ++i) excess += w[i] * r[kk - i];
    } else {
        excess = w[0] + (rho - 1.0) * total;
    }
    const double denominator = w[0] + rho * total;
    out.acceptance = total / denominator;
    out.blocking = excess / denominator;
    for (double& v : w) v /= total;
    out.time_average.assign(static_cast<std::size_t>(k) + 1, 0.0);
    for (std::size_t n = 0; n < w.size(); ++n) out.time_average[n] = w[n] * out.acceptance;
    out.time_average.back() = out.blocking;
    return out;
}

/// All P_n, n = 0..K (exact)
inline std::vector<double> state_probabilities(const mg1k& q) { return solve(q).time_average; }

/// P_K: the probability that an arrival is blocked (PASTA). Exact, with full relative accuracy also when
/// tiny (the numerator pi_d(0) + rho - 1 is summed as non-negative terms for rho < 1).
inline double blocking_probability(const mg1k& q) { return solve(q).blocking; }

[[nodiscard]] inline double arrival_rate(const mg1k& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mg1k& q) noexcept { return q.mean_service_time(); }
/// A finite buffer is always stable.
[[nodiscard]] inline bool is_stable(const mg1k&) noexcept { return true; }

/// accepted rate lambda (1 - P_K) (exact)
inline double throughput(const mg1k& q) { return q.arrival_rate() * solve(q).acceptance; }

/// fraction of time the server is busy, 1 - P_0 = rho (1 - P_K) (exact)
[[nodiscard]] inline double utilization(const mg1k& q) {
    return q.arrival_rate() * q.mean_service_time() * solve(q).acceptance;
}

/// E[L] = sum n P_n (exact)
[[nodiscard]] inline double mean_number_in_system(const mg1k& q) {
    const auto p = solve(q).time_average;
    double l = 0.0;
    for (std::size_t n = 1; n < p.size(); ++n) l += static_cast<double>(n) * p[n];
    return l;
}

/// E[Lq] = sum (n - 1) P_n (exact)
[[nodiscard]] inline double mean_queue_length(const mg1k& q) {
    const auto p = solve(q).time_average;
    double lq = 0.0;
    for (std::size_t n = 2; n < p.size(); ++n) lq += static_cast<double>(n - 1) * p[n];
    return lq;
}

/// mean wait of ACCEPTED requests, E[Lq] / (lambda (1 - P_K)) (Little; exact)
[[nodiscard]] inline double mean_wait(const mg1k& q) {
    if (q.arrival_rate() == 0.0) return 0.0;
    return mean_queue_length(q) / throughput(q);
}

/// mean response of ACCEPTED requests, E[W] + E[S] (exact)
inline double mean_response(const mg1k& q) { return mean_wait(q) + q.mean_service_time(); }

namespace detail {

/// gamma_mixture_time components of the (approximate) wait of an accepted arrival, one per number found;
/// `shift` adds an independent gamma service time (for the response time).
[[nodiscard]] inline gamma_mixture_time mg1k_time(const mg1k& q, bool with_service) {
    const mg1k_solution sol = solve(q);
    const auto& found = sol.departure;
    const double es = q.mean_service_time();
    const double scv = q.service_scv();
    // exact mean residual service time seen by an accepted arrival that finds the server busy, from
    // E[W] = sum_n pi_d(n) (E[R | n] + (n - 1) E[S])
    double queued = 0.0; // sum_n pi_d(n) (n - 1)^+
    for (std::size_t n = 2; n < found.size(); ++n) queued += static_cast<double>(n - 1) * found[n];
    const double busy = 1.0 - found[0];
    double residual = es * (1.0 + scv) / 2.0; // stationary-excess mean, used only if nothing is busy
    if (busy > 1e-300 && q.arrival_rate() > 0.0) {
        double lq = 0.0;
        for (std::size_t n = 2; n < sol.time_average.size(); ++n)
            lq += static_cast<double>(n - 1) * sol.time_average[n];
        const double wait = lq / (q.arrival_rate() * sol.acceptance);
        const double r = (wait - es * queued) / busy;
        if (r > 0.0 && std::isfinite(r)) residual = r;
    }
    // scv of the stationary-excess distribution of a gamma service time: (1 + 5 scv) / (3 (1 + scv))
    const double residual_scv = (1.0 + 5.0 * scv) / (3.0 * (1.0 + scv));
    std::vector<gamma_mixture_time::component> parts;
    parts.reserve(found.size());
    const double service_mean = with_service ? es : 0.0;
    const double service_variance = with_service ? scv * es * es : 0.0;
    for (std::size_t n = 0; n < found.size(); ++n) {
        if (n == 0) {
            parts.push_back({found[0], service_mean, service_variance});
            continue;
        }
        const double ahead = static_cast<double>(n - 1);
        parts.push_back({found[n], residual + ahead * es + service_mean,
                         residual_scv * residual * residual + ahead * scv * es * es + service_variance});
    }
    return gamma_mixture_time(std::move(parts));
}

} // namespace detail

/// APPROXIMATION. An accepted arrival that finds n >= 1 requests waits R + S_1 + ... + S_{n-1} (exact
/// structure), where R is the residual service time. Approximated: R independent of n, with the exact mean
/// residual seen by arrivals finding the server busy (so mean(wait_distribution(q)) == mean_wait(q)) and the scv
/// of the stationary-excess distribution of the service; each conditional wait is then a gamma distribution
/// with those two moments. Exact for scv = 1 (gives Erlang(n, mu): the M/M/1/K result).
inline gamma_mixture_time wait_distribution(const mg1k& q) { return detail::mg1k_time(q, false); }

/// APPROXIMATION: the wait_distribution approximation plus the service time, moment-matched per number found
/// (exact for scv = 1).
inline gamma_mixture_time response_distribution(const mg1k& q) { return detail::mg1k_time(q, true); }

static_assert(finite_buffer_model<mg1k> && queue_with_distributions<mg1k>);

} // namespace offload
