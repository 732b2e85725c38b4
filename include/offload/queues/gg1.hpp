// offload/queues/gg1.hpp — G/G/1/FCFS: renewal arrivals and i.i.d. service times known by their first two
// moments (rate and squared coefficient of variation, SCV = variance / mean^2), one server, infinite buffer.
// No closed form exists for the mean wait; this header provides, each clearly labelled:
//   BOUNDS (hold for every G/G/1 with these moments, or for the stated class of interarrival laws):
//     kingman_upper_bound      E[W] <= lambda (sigma_a^2 + sigma_s^2) / (2 (1 - rho))
//                              (Kingman 1962, Biometrika 49; re-derived by Marshall 1968, Oper. Res. 16;
//                              seed 003 eq. 13, which attributes it to Marshall)
//     marshall_lower_bound     E[W] >= (rho^2 c_s^2 + rho (rho - 2)) / (2 lambda (1 - rho))   (Marshall 1968)
//     marshall_bounds          the best of these for a STATED interarrival class (NBUE / NWUE / exponential)
//   APPROXIMATIONS:
//     allen_cunneen_mean_wait            ((c_a^2 + c_s^2) / 2) E[W_{M/M/1}]             (Allen 1990)
//     kramer_langenbach_belz_mean_wait   Allen-Cunneen times the correction factor g    (KLB 1976)
// The queue_model metrics (mean_wait, ...) use the Kraemer & Langenbach-Belz approximation. gg1 gives MEANS
// only (no wait_distribution/response_distribution distributions: two moments do not determine them).
#pragma once

#include <algorithm>
#include <cmath>

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"

namespace offload {

class gg1 {
public:
    /// arrival_rate lambda >= 0 (1/s), interarrival_scv c_a^2 >= 0, mean_service_time E[S] > 0 (s),
    /// service_scv c_s^2 >= 0; all finite. rho = lambda E[S] >= 1 is allowed: the queue is then unstable and
    /// its means and quantiles are +inf.
    gg1(double arrival_rate, double interarrival_scv, double mean_service_time, double service_scv)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::gg1", "arrival_rate")),
          ca2_(detail::require_non_negative(interarrival_scv, "offload::gg1", "interarrival_scv")),
          s_(detail::require_positive(mean_service_time, "offload::gg1", "mean_service_time")),
          cs2_(detail::require_non_negative(service_scv, "offload::gg1", "service_scv")) {}

    /// From variances: interarrival times with mean 1/lambda and variance sigma_a^2 (s^2), service times
    /// with mean E[S] and variance sigma_s^2 (s^2). lambda > 0 here (the interarrival mean must be finite).
    [[nodiscard]] static gg1 from_variances(double arrival_rate, double interarrival_variance, double mean_service_time,
                                            double service_variance) {
        constexpr const char* function = "offload::gg1::from_variances";
        detail::require_positive(arrival_rate, function, "arrival_rate");
        detail::require_non_negative(interarrival_variance, function, "interarrival_variance");
        detail::require_positive(mean_service_time, function, "mean_service_time");
        detail::require_non_negative(service_variance, function, "service_variance");
        // the derived scvs (variance * rate^2, variance / mean^2) may overflow: name the caller's variance
        const double interarrival_scv = interarrival_variance * arrival_rate * arrival_rate;
        const double service_scv = service_variance / (mean_service_time * mean_service_time);
        if (!(interarrival_scv < infinity))
            detail::throw_parameter_error(function, "interarrival_variance", interarrival_variance,
                                          "times arrival_rate^2 (the interarrival scv) must be finite");
        if (!(service_scv < infinity))
            detail::throw_parameter_error(function, "service_variance", service_variance,
                                          "divided by mean_service_time^2 (the service scv) must be finite");
        return gg1(arrival_rate, interarrival_scv, mean_service_time, service_scv);
    }

    /// Stage factory for the pipelines: the arrival process gives lambda and c_a^2 (a plain rate is Poisson,
    /// c_a^2 = 1), the demand E[S] = demand.mean_seconds and c_s^2 = demand.scv; parallelism must be 1.
    [[nodiscard]] static gg1 from_demand(const arrival_process& arrivals, const service_demand& demand) {
        constexpr const char* function = "offload::gg1::from_demand";
        detail::require_valid_demand(demand, function, "demand");
        if (demand.parallelism != 1.0)
            detail::throw_parameter_error(function, "demand.parallelism", demand.parallelism, "must be 1 for G/G/1");
        return gg1(arrivals.rate, arrivals.scv, demand.mean_seconds, demand.scv);
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] double interarrival_scv() const noexcept { return ca2_; }
    [[nodiscard]] double mean_service_time() const noexcept { return s_; }
    [[nodiscard]] double service_scv() const noexcept { return cs2_; }
    /// The arrival process (rate and interarrival SCV).
    [[nodiscard]] arrival_process arrivals() const { return {lambda_, ca2_}; }

    [[nodiscard]] friend bool operator==(const gg1&, const gg1&) = default;

private:
    double lambda_;
    double ca2_;
    double s_;
    double cs2_;
};

[[nodiscard]] inline double arrival_rate(const gg1& q) noexcept { return q.arrival_rate(); }
[[nodiscard]] inline double mean_service_time(const gg1& q) noexcept { return q.mean_service_time(); }
[[nodiscard]] inline double utilization(const gg1& q) noexcept { return q.arrival_rate() * q.mean_service_time(); }
[[nodiscard]] inline bool is_stable(const gg1& q) noexcept { return utilization(q) < 1.0; }
/// sigma_a^2 = c_a^2 / lambda^2 (s^2); +inf when lambda = 0
[[nodiscard]] inline double interarrival_variance(const gg1& q) noexcept {
    return q.arrival_rate() > 0.0 ? q.interarrival_scv() / (q.arrival_rate() * q.arrival_rate()) : infinity;
}
/// sigma_s^2 = c_s^2 E[S]^2 (s^2)
[[nodiscard]] inline double service_variance(const gg1& q) noexcept {
    return q.service_scv() * q.mean_service_time() * q.mean_service_time();
}

/// BOUND (Kingman 1962; Marshall 1968): E[W] <= lambda (sigma_a^2 + sigma_s^2) / (2 (1 - rho)), valid for
/// every stable G/G/1 with these moments. +inf when unstable, 0 when lambda = 0.
[[nodiscard]] inline double kingman_upper_bound(const gg1& q) noexcept {
    if (q.arrival_rate() == 0.0) return 0.0;
    if (!is_stable(q)) return infinity;
    const double rho = utilization(q);
    const double l = q.arrival_rate();
    // lambda sigma_a^2 = c_a^2 / lambda, lambda sigma_s^2 = rho c_s^2 E[S]
    return (q.interarrival_scv() / l + rho * q.service_scv() * q.mean_service_time()) / (2.0 * (1.0 - rho));
}

/// BOUND (Marshall 1968): E[W] >= (lambda^2 sigma_s^2 + rho (rho - 2)) / (2 lambda (1 - rho)), valid for every
/// stable G/G/1 (it uses only that the idle time after a departure never exceeds the interarrival time).
/// Returned as max(0, .): it is informative only when rho (1 + c_s^2) > 2. +inf when unstable.
[[nodiscard]] inline double marshall_lower_bound(const gg1& q) noexcept {
    if (q.arrival_rate() == 0.0) return 0.0;
    if (!is_stable(q)) return infinity;
    const double rho = utilization(q);
    const double value = rho * (rho * (1.0 + q.service_scv()) - 2.0) / (2.0 * q.arrival_rate() * (1.0 - rho));
    return std::max(value, 0.0);
}

/// What the caller knows about the interarrival-time distribution A. The classes are defined by the mean
/// residual life m(t) = E[A - t | A > t]:
///   nbue: "new better than used in expectation", m(t) <= E[A] for all t; includes every IFR law
///         (deterministic, Erlang, uniform, gamma with shape >= 1). Implies c_a^2 <= 1.
///   nwue: "new worse than used in expectation", m(t) >= E[A]; includes every DFR law (hyperexponential,
///         gamma with shape <= 1, Pareto). Implies c_a^2 >= 1.
///   exponential: Poisson arrivals (both), c_a^2 = 1.
///   general: nothing known.
enum class interarrival_class { general, nbue, nwue, exponential };

/// Two BOUNDS on E[W] that hold together: lower <= E[W] <= upper.
struct wait_bounds {
    double lower;
    double upper;

    bool operator==(const wait_bounds&) const = default;
};

/// BOUNDS (Marshall 1968) for the stated interarrival class. From Marshall's identity
///     E[W] = kingman_upper_bound + (1 - rho)/(2 lambda) - E[I^2]/(2 E[I])   (I: a non-zero idle period),
/// and E[I^2]/(2 E[I]) >= E[A] for NWUE, <= E[A] for NBUE interarrival times, the quantity
///     M = kingman_upper_bound - (1 + rho)/(2 lambda)
/// is a LOWER bound for NBUE and an UPPER bound for NWUE arrivals (exact for Poisson arrivals, where it is
/// the Pollaczek-Khinchine mean). general: [marshall_lower_bound, kingman_upper_bound].
/// Throws parameter_error if the stated class contradicts c_a^2 (nbue needs c_a^2 <= 1, nwue c_a^2 >= 1,
/// exponential c_a^2 = 1), so a bound cannot be used outside its validity by accident.
[[nodiscard]] inline wait_bounds marshall_bounds(const gg1& q, interarrival_class arrivals) {
    constexpr const char* function = "offload::marshall_bounds";
    const double ca2 = q.interarrival_scv();
    if (arrivals == interarrival_class::nbue && !(ca2 <= 1.0))
        detail::throw_parameter_error(function, "q.interarrival_scv", ca2,
                                      "must be <= 1 for NBUE interarrival times (an NBUE law has c^2 <= 1)");
    if (arrivals == interarrival_class::nwue && !(ca2 >= 1.0))
        detail::throw_parameter_error(function, "q.interarrival_scv", ca2,
                                      "must be >= 1 for NWUE interarrival times (an NWUE law has c^2 >= 1)");
    if (arrivals == interarrival_class::exponential && ca2 != 1.0)
        detail::throw_parameter_error(function, "q.interarrival_scv", ca2,
                                      "must be 1 for exponential interarrival times");
    if (arrivals != interarrival_class::general && arrivals != interarrival_class::nbue &&
        arrivals != interarrival_class::nwue && arrivals != interarrival_class::exponential)
        detail::throw_parameter_error(function, "arrivals", static_cast<double>(static_cast<int>(arrivals)),
                                      "must be an interarrival_class enumerator");
    wait_bounds b{marshall_lower_bound(q), kingman_upper_bound(q)};
    if (q.arrival_rate() == 0.0 || !is_stable(q)) return b;
    const double m = kingman_upper_bound(q) - (1.0 + utilization(q)) / (2.0 * q.arrival_rate());
    if (arrivals == interarrival_class::nbue || arrivals == interarrival_class::exponential)
        b.lower = std::max(b.lower, m);
    if (arrivals == interarrival_class::nwue || arrivals == interarrival_class::exponential) b.upper = std::max(m, 0.0);
    if (arrivals == interarrival_class::exponential) b.lower = b.upper; // Pollaczek-Khinchine, exact
    return b;
}

/// APPROXIMATION (Allen 1990; Allen-Cunneen): E[W] ~ ((c_a^2 + c_s^2) / 2) rho E[S] / (1 - rho).
/// Exact for M/G/1 (c_a^2 = 1: Pollaczek-Khinchine) and M/M/1. +inf when unstable.
[[nodiscard]] inline double allen_cunneen_mean_wait(const gg1& q) noexcept {
    if (q.arrival_rate() == 0.0) return 0.0;
    if (!is_stable(q)) return infinity;
    const double rho = utilization(q);
    return 0.5 * (q.interarrival_scv() + q.service_scv()) * rho * q.mean_service_time() / (1.0 - rho);
}

/// The Kraemer & Langenbach-Belz (1976) correction factor g (1 for c_a^2 = 1):
///   c_a^2 <  1: g = exp(-2 (1 - rho) (1 - c_a^2)^2 / (3 rho (c_a^2 + c_s^2)))
///   c_a^2 >= 1: g = exp(-(1 - rho) (c_a^2 - 1) / (c_a^2 + 4 c_s^2))
/// Returns 1 where it multiplies a zero wait (rho = 0 or c_a^2 + c_s^2 = 0) and for rho >= 1.
[[nodiscard]] inline double kramer_langenbach_belz_correction(const gg1& q) noexcept {
    const double rho = utilization(q);
    const double ca2 = q.interarrival_scv();
    const double cs2 = q.service_scv();
    if (rho == 0.0 || !is_stable(q)) return 1.0;
    if (ca2 < 1.0) {
        if (ca2 + cs2 == 0.0) return 1.0;
        const double d = 1.0 - ca2;
        return std::exp(-2.0 * (1.0 - rho) * d * d / (3.0 * rho * (ca2 + cs2)));
    }
    return std::exp(-(1.0 - rho) * (ca2 - 1.0) / (ca2 + 4.0 * cs2));
}

/// APPROXIMATION (Kraemer & Langenbach-Belz 1976): allen_cunneen_mean_wait(q) * g. Exact for M/G/1 and M/M/1;
/// typically within a few percent of simulation for c_a^2, c_s^2 <= 2 at moderate to high load (Bolch et
/// al. 2006, section 6.3.4). +inf when unstable.
[[nodiscard]] inline double kramer_langenbach_belz_mean_wait(const gg1& q) noexcept {
    return allen_cunneen_mean_wait(q) * kramer_langenbach_belz_correction(q);
}

/// APPROXIMATION: E[W] by Kraemer & Langenbach-Belz.
[[nodiscard]] inline double mean_wait(const gg1& q) noexcept { return kramer_langenbach_belz_mean_wait(q); }
/// APPROXIMATION: E[T] = E[W] + E[S] with E[W] by Kraemer & Langenbach-Belz.
[[nodiscard]] inline double mean_response(const gg1& q) noexcept { return mean_wait(q) + q.mean_service_time(); }
/// APPROXIMATION: E[Lq] = lambda E[W] (Little, on the KLB wait).
[[nodiscard]] inline double mean_queue_length(const gg1& q) noexcept {
    return q.arrival_rate() == 0.0 ? 0.0 : q.arrival_rate() * mean_wait(q);
}
/// APPROXIMATION: E[L] = lambda E[T] (Little, on the KLB wait).
[[nodiscard]] inline double mean_number_in_system(const gg1& q) noexcept {
    return q.arrival_rate() == 0.0 ? 0.0 : q.arrival_rate() * mean_response(q);
}

// No wait_distribution / response_distribution: two moments do not determine a G/G/1 distribution, so gg1 is a
// queue_model (means, bounds, approximations) and NOT a queue_with_distributions. In a pipeline it gives
// means and breakdowns; the distribution functions of a pipeline require every stage to have distributions.

static_assert(stage_model<gg1>);
static_assert(!queue_with_distributions<gg1>);

} // namespace offload
