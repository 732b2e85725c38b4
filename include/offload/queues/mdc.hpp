// offload/queues/mdc.hpp — M/D/c/FCFS: Poisson arrivals, deterministic service time D, c identical servers,
// infinite buffer. The model of seed 003 (sec. 3.3) for DNN inference on an accelerator with parallelism k;
// the seed approximates it by M/D/1 at rate k mu because "no closed form exists". This header gives the exact
// answer (Crommelin 1932; Tijms, A First Course in Stochastic Models, 2003, sec. 5.5; Franx 2001) by the
// numerics of offload/detail/mdc_solver.hpp, and the Cosmetatos (1975) approximation of its mean wait as
// separately named functions.
//
// Exact: E[Lq] from the roots of z^c = e^{lambda D (z-1)} in the unit disk (heavy traffic) or from
// Spitzer's identity (light traffic), E[W] = E[Lq] / lambda, E[T] = E[W] + D; the waiting-time distribution
// is mdc_waiting_time, the response time that plus D. c = 1 is M/D/1: E[W] = rho D / (2 (1 - rho)).
#pragma once

#include <cmath>
#include <concepts>

#include "offload/concepts.hpp"
#include "offload/detail/erlang.hpp"
#include "offload/detail/mdc_solver.hpp"
#include "offload/distributions/mdc_waiting_time.hpp"
#include "offload/distributions/shifted_time.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class mdc {
public:
    /// arrival_rate lambda >= 0 (1/s), service_time D > 0 (s), servers c: an int in [1, 10^9] (a
    /// floating-point count does not compile). lambda D >= c is allowed: the queue is then unstable and its
    /// means and quantiles are +inf.
    mdc(double arrival_rate, double service_time, int servers)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mdc", "arrival_rate")),
          d_(detail::require_positive(service_time, "offload::mdc", "service_time")),
          c_(detail::require_count(servers, 1, detail::max_servers, "offload::mdc", "servers")) {}
    template <std::floating_point F>
    mdc(double, double, F) = delete; // counts are integers: no silent truncation

    /// Stage factory for the pipelines: D = demand.mean_seconds, c = demand.parallelism (an integer >= 1);
    /// scv is ignored (M/D/c assumes deterministic service).
    [[nodiscard]] static mdc from_demand(const arrival_process& arrivals, const service_demand& demand) {
        constexpr const char* function = "offload::mdc::from_demand";
        detail::require_valid_demand(demand, function, "demand");
        const int c = detail::require_integer_at_least(demand.parallelism, 1, function, "demand.parallelism");
        return mdc(detail::require_poisson(arrivals, function), demand.mean_seconds, c);
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double service_time() const noexcept { return d_; }
    [[nodiscard]] int servers() const noexcept { return c_; }

    [[nodiscard]] friend bool operator==(const mdc&, const mdc&) = default;

private:
    double lambda_;
    double d_;
    int c_;
};

[[nodiscard]] inline double arrival_rate(const mdc& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const mdc& q) noexcept { return q.service_time(); }
/// Offered load a = lambda D (mean number of busy servers when stable).
[[nodiscard]] inline double offered_load(const mdc& q) noexcept { return q.arrival_rate() * q.service_time(); }
/// Per-server utilization rho = lambda D / c.
[[nodiscard]] inline double utilization(const mdc& q) noexcept {
    return offered_load(q) / static_cast<double>(q.servers());
}
[[nodiscard]] inline bool is_stable(const mdc& q) noexcept { return utilization(q) < 1.0; }

/// Exact E[Lq]. Throws convergence_error only if a root or series fails to converge (not observed), and
/// parameter_error naming 'servers' in heavy traffic (c (rho - 1 - ln rho) < 0.5) beyond 2^21 + 1 servers.
[[nodiscard]] inline double mean_queue_length(const mdc& q) {
    if (!is_stable(q)) return infinity;
    return detail::mdc_moments(q.servers(), offered_load(q), "offload::mean_queue_length(mdc)").mean;
}
/// Exact E[W] = E[Lq] / lambda (0 when lambda = 0).
[[nodiscard]] inline double mean_wait(const mdc& q) {
    if (!is_stable(q)) return infinity;
    if (q.arrival_rate() == 0.0) return 0.0;
    return mean_queue_length(q) / q.arrival_rate();
}
/// Exact E[T] = E[W] + D.
inline double mean_response(const mdc& q) { return mean_wait(q) + q.service_time(); }
/// Exact E[L] = E[Lq] + lambda D.
inline double mean_number_in_system(const mdc& q) { return mean_queue_length(q) + offered_load(q); }

/// Exact waiting-time distribution (Crommelin). Computes the queue-length distribution on every call: keep
/// the returned object to ask several quantiles.
[[nodiscard]] inline mdc_waiting_time wait_distribution(const mdc& q) {
    return mdc_waiting_time(q.arrival_rate(), q.service_time(), q.servers());
}
/// Exact response time T = W + D.
[[nodiscard]] inline shifted_time<mdc_waiting_time> response_distribution(const mdc& q) {
    return shifted_time<mdc_waiting_time>(wait_distribution(q), q.service_time());
}

// --- Cosmetatos (1975) approximation ---------------------------------------------------------------------
// G. P. Cosmetatos, "Approximate explicit formulae for the average queueing time in the processes (M/D/r)
// and (D/M/r)", INFOR 13 (1975) 328-331; also Tijms (2003) sec. 5.5:
//     E[W_{M/D/c}] ~= (1/2) E[W_{M/M/c}] (1 + (1 - rho)(c - 1)(sqrt(4 + 5c) - 2) / (16 rho c)),
// E[W_{M/M/c}] = C(c, a) D / (c - a). Exact for c = 1 (P-K); an APPROXIMATION for c >= 2 whose error against
// the exact mean_wait is documented in docs/models.md (it overestimates in light traffic and for large c).

/// Cosmetatos approximation of the M/D/c mean wait (approximation, not exact; see above).
[[nodiscard]] inline double cosmetatos_mean_wait(const mdc& q) noexcept {
    if (!is_stable(q)) return infinity;
    if (q.arrival_rate() == 0.0) return 0.0;
    const double c = static_cast<double>(q.servers());
    const double a = offered_load(q);
    const double rho = utilization(q);
    const double w_mmc = detail::erlang_c_unchecked(q.servers(), a) * q.service_time() / (c - a);
    // a load or a service time so small that the M/M/c wait underflows (subnormal D, lambda D -> 0): the wait is
    // 0 in double precision; the correction's 1 / rho would overflow and 0 * inf give NaN (issue 18 #15)
    if (w_mmc == 0.0 || !(rho > 0.0)) return 0.0;
    const double correction = (1.0 - rho) * (c - 1.0) * (std::sqrt(4.0 + 5.0 * c) - 2.0) / (16.0 * rho * c);
    return 0.5 * w_mmc * (1.0 + correction);
}
/// Cosmetatos approximation of the M/D/c mean response time: cosmetatos_mean_wait + D.
[[nodiscard]] inline double cosmetatos_mean_response(const mdc& q) noexcept {
    return cosmetatos_mean_wait(q) + q.service_time();
}

static_assert(stage_with_distributions<mdc>);

} // namespace offload
