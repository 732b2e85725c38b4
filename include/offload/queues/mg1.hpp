// offload/queues/mg1.hpp — M/G/1/FCFS: Poisson arrivals, general service time given by its mean E[S] and
// squared coefficient of variation c = Var[S] / E[S]^2, one server, infinite buffer. The seed (003, sec.
// 3.4) uses it for a multi-tenant edge accelerator whose aggregate service times are arbitrary.
//
// Means: exact, Pollaczek-Khinchine (seed 003 eq. 11 in rate form; Kleinrock 1975, vol. I, sec. 5.6):
//     E[W] = lambda E[S^2] / (2 (1 - rho)),  E[S^2] = E[S]^2 (1 + c).
// c = 1 gives M/M/1 and c = 0 gives M/D/1 exactly.
//
// Distributions: APPROXIMATE (two moments do not determine them). The service time is taken to be
// gamma-shaped with the given mean and scv (c = 0: deterministic; c = 1: exponential), and the waiting
// time is given the Cramer-Lundberg form (e.g. Asmussen 2003, "Applied Probability and Queues", XIII.5):
//     P(W > t) ~= min(rho, C e^{-gamma t}),   lambda (M_S(gamma) - 1) = gamma,
//     C = (1 - rho) / (lambda M_S'(gamma) - 1),   M_S(g) = (1 - g c E[S])^{-1/c}  (e^{g E[S]} for c = 0),
// whose exponential decay is the exact asymptotic tail of the gamma-service M/G/1 queue. When C < rho
// (high-variance service, c > 1) the cap is inactive and the missing mass near zero is given a faster phase:
//     P(W > t) ~= C e^{-gamma t} + (rho - C) e^{-delta t},  delta = (rho - C) / (E[W] - C / gamma) > gamma,
// so that P(W > 0) = rho and the mean is the exact P-K mean (skipped if that delta is not > gamma). For c = 1 this
// is exactly M/M/1 (gamma = mu - lambda, C = rho). For c = 0 its error against the exact M/D/1 waiting
// time (offload/queues/md1.hpp) is documented in docs/models.md; use md1 when service is deterministic.
// Variance of W: exact Takacs formula Var[W] = E[W]^2 + lambda E[S^3] / (3 (1 - rho)) with the third moment
// of the gamma shape, E[S^3] = E[S]^3 (1 + c) (1 + 2 c) (an assumption: E[S^3] is not given).
// Response time T = W + S with S gamma: offload/distributions/gamma_plus_tail_time.hpp.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>

#include "offload/concepts.hpp"
#include "offload/detail/cramer_lundberg.hpp"
#include "offload/distributions/capped_exponential_tail_time.hpp"
#include "offload/distributions/gamma_plus_tail_time.hpp"
#include "offload/distributions/md1_waiting_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class mg1 {
public:
    /// arrival_rate lambda >= 0 (1/s), mean_service_time E[S] > 0 (s), service_scv c >= 0 (finite).
    /// rho = lambda E[S] >= 1 is allowed: the queue is then unstable and its means and quantiles are +inf.
    mg1(double arrival_rate, double mean_service_time, double service_scv)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mg1", "arrival_rate")),
          mean_(detail::require_positive(mean_service_time, "offload::mg1", "mean_service_time")),
          scv_(detail::require_non_negative(service_scv, "offload::mg1", "service_scv")) {}

    /// From the mean and the variance of the service time (variance >= 0, s^2).
    [[nodiscard]] static mg1 from_mean_variance(double arrival_rate, double mean_service_time,
                                                double service_variance) {
        detail::require_positive(mean_service_time, "offload::mg1::from_mean_variance", "mean_service_time");
        detail::require_non_negative(service_variance, "offload::mg1::from_mean_variance", "service_variance");
        return mg1(arrival_rate, mean_service_time,
                   service_variance / (mean_service_time * mean_service_time) < infinity
                       ? service_variance / (mean_service_time * mean_service_time)
                       : (detail::throw_parameter_error(
                              "offload::mg1::from_mean_variance", "service_variance", service_variance,
                              "divided by mean_service_time^2 (the service scv) must be finite"),
                          0.0));
    }

    /// Stage factory for the pipelines: E[S] = demand.mean_seconds, c = demand.scv; parallelism must be 1
    /// (use k_parallel<mg1> for a k-way parallel accelerator).
    [[nodiscard]] static mg1 from_demand(const arrival_process& arrivals, const service_demand& demand) {
        constexpr const char* function = "offload::mg1::from_demand";
        detail::require_valid_demand(demand, function, "demand");
        if (demand.parallelism != 1.0)
            detail::throw_parameter_error(function, "demand.parallelism", demand.parallelism,
                                          "must be 1 for M/G/1 (use k_parallel<mg1>)");
        return mg1(detail::require_poisson(arrivals, function), demand.mean_seconds, demand.scv);
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double mean_service_time() const noexcept { return mean_; }
    [[nodiscard]] double service_scv() const noexcept { return scv_; }

    [[nodiscard]] friend bool operator==(const mg1&, const mg1&) = default;

private:
    double lambda_;
    double mean_;
    double scv_;
};

[[nodiscard]] inline double arrival_rate(const mg1& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mg1& q) noexcept { return q.mean_service_time(); }
[[nodiscard]] inline double service_variance(const mg1& q) noexcept {
    return q.service_scv() * q.mean_service_time() * q.mean_service_time();
}
[[nodiscard]] inline double utilization(const mg1& q) noexcept { return q.arrival_rate() * q.mean_service_time(); }
[[nodiscard]] inline bool is_stable(const mg1& q) noexcept { return utilization(q) < 1.0; }

namespace detail {
/// The P-K mean wait from lambda, E[S] and c, unchecked and branch-free (selects, no division by 0): the one
/// definition that mean_wait below and the vectorised Python sweeps evaluate. +inf unless rho = lambda E[S] < 1.
[[nodiscard]] constexpr double mg1_mean_wait(double lambda, double mean_service_time, double scv) noexcept {
    const double rho = lambda * mean_service_time;
    const bool stable = rho < 1.0;
    const double wait = rho * mean_service_time * (1.0 + scv) / (2.0 * (stable ? 1.0 - rho : 1.0));
    return stable ? wait : infinity;
}
} // namespace detail

/// E[W] = lambda E[S^2] / (2 (1 - rho)) = rho E[S] (1 + c) / (2 (1 - rho))   (P-K, seed 003 eq. 11)
[[nodiscard]] inline double mean_wait(const mg1& q) noexcept {
    return detail::mg1_mean_wait(q.arrival_rate(), q.mean_service_time(), q.service_scv());
}
[[nodiscard]] inline double mean_response(const mg1& q) noexcept {
    return is_stable(q) ? mean_wait(q) + q.mean_service_time() : infinity;
}
/// E[Lq] = lambda E[W] = rho^2 (1 + c) / (2 (1 - rho))
[[nodiscard]] inline double mean_queue_length(const mg1& q) noexcept {
    const double rho = utilization(q);
    return is_stable(q) ? rho * rho * (1.0 + q.service_scv()) / (2.0 * (1.0 - rho)) : infinity;
}
[[nodiscard]] inline double mean_number_in_system(const mg1& q) noexcept {
    return is_stable(q) ? mean_queue_length(q) + utilization(q) : infinity;
}

namespace detail {

/// (gamma, C) of the Cramer-Lundberg asymptote P(W > t) ~ C e^{-gamma t} for gamma-shaped service with
/// mean m and scv c (c = 0 deterministic), 0 < rho = lambda m < 1.
[[nodiscard]] inline std::pair<double, double> mg1_cramer_lundberg(double lambda, double m, double c) {
    constexpr const char* function = "offload::wait_distribution(mg1)";
    const double rho = lambda * m;
    if (c == 1.0) return {1.0 / m - lambda, rho}; // M/M/1, exact
    if (deterministic_scv(c)) {                   // c = 0, or below 2^-106: deterministic in double precision
        const double w = md1_decay_exponent(rho, function);
        return {w / m, (1.0 - rho) / (w - (1.0 - rho))};
    }
    const double alpha = 1.0 / c;
    const double beta = alpha / m; // rate of the gamma shape; M_S(x) = (1 - x/beta)^-alpha, finite for x < beta
    // The root is solved for v = -ln(1 - x/beta) in (0, inf), x = beta (1 - e^-v): at low load with a large scv
    // the root lies within (rho c)^c of the pole (1e-30 relative for rho = 0.005, c = 50), closer than a double
    // x can get to beta, while v stays moderate (69 there). In logarithms (no overflow for any finite v):
    // g(v) = ln(lambda (e^{alpha v} - 1)) - ln(x) increases from ln(rho) < 0 (v -> 0) to +inf.
    const double log_lambda = std::log(lambda), log_beta = std::log(beta);
    const auto g = [&](double v) { return log_lambda + log_expm1(alpha * v) - log_beta - std::log(-std::expm1(-v)); };
    // the quadratic lower bound of lambda (M_S(x) - 1) - x gives root <= 2 (1 - rho) / (lambda E[S^2])
    const double bound = 2.0 * (1.0 - rho) / (lambda * m * m * (1.0 + c));
    const double hi = bound < beta ? -std::log1p(-bound / beta) : 1.0;
    const double v = cramer_lundberg_root(
        g, hi, [](double x) { return 2.0 * x; }, 64, function,
        [rho, c] {
            return "Cramer-Lundberg exponent (rho = " + format_value(rho) + ", scv = " + format_value(c) + ")";
        });
    const double gamma = -beta * std::expm1(-v);
    // lambda M_S'(gamma) - 1, M_S'(x) = m (1 - x/beta)^{-alpha-1} = m e^{(alpha + 1) v}; +inf (C = 0) only when
    // C is below the smallest double anyway
    const double slope = lambda * m * std::exp((alpha + 1.0) * v) - 1.0;
    if (!(slope > 0.0)) throw_convergence_error(function, "non-positive Cramer-Lundberg slope");
    return {gamma, (1.0 - rho) / slope};
}

/// E[W^2] - E[W]^2 by Takacs with the gamma-shape third moment
[[nodiscard]] inline double mg1_wait_variance(double lambda, double m, double c) {
    const double rho = lambda * m;
    const double ew = rho * m * (1.0 + c) / (2.0 * (1.0 - rho));
    const double third = m * m * m * (1.0 + c) * (1.0 + 2.0 * c);
    return ew * ew + lambda * third / (3.0 * (1.0 - rho));
}

} // namespace detail

/// Approximate (Cramer-Lundberg, see the header comment); mean and variance exact (variance assumes the
/// gamma third moment). For c = 1 exactly the M/M/1 waiting time.
[[nodiscard]] inline capped_exponential_tail_time wait_distribution(const mg1& q) {
    if (!is_stable(q)) return capped_exponential_tail_time(1.0, 1.0, 0.0, infinity, infinity);
    const double lambda = q.arrival_rate();
    if (lambda == 0.0) return capped_exponential_tail_time(0.0, 0.0, 0.0, 0.0, 0.0);
    const auto [gamma, coefficient] = detail::mg1_cramer_lundberg(lambda, q.mean_service_time(), q.service_scv());
    const double rho = utilization(q);
    const double ew = mean_wait(q);
    const double vw = detail::mg1_wait_variance(lambda, q.mean_service_time(), q.service_scv());
    if (coefficient < rho) {
        // high-variance service: give the missing mass rho - C a faster phase fitted to the exact mean
        const double fast = rho - coefficient;
        const double delta = fast / (ew - coefficient / gamma);
        if (delta > gamma && delta < infinity)
            return capped_exponential_tail_time::with_fast_phase(rho, coefficient, gamma, fast, delta, ew, vw);
    }
    return capped_exponential_tail_time(rho, coefficient, gamma, ew, vw);
}

/// T = W + S, S gamma-shaped (deterministic for c = 0); approximate like wait_distribution, exact moments
[[nodiscard]] inline gamma_plus_tail_time response_distribution(const mg1& q) {
    return gamma_plus_tail_time(q.mean_service_time(), q.service_scv(), wait_distribution(q));
}

static_assert(stage_with_distributions<mg1>);

} // namespace offload
