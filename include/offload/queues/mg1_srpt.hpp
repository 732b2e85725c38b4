// offload/queues/mg1_srpt.hpp — M/G/1 under shortest remaining processing time (SRPT, preemptive): Poisson
// arrivals, service time S with any continuous distribution D given by its cdf, one server that always serves
// the job with the least remaining work. SRPT minimises the mean response time of every single-server
// discipline; it needs the sizes (the SRSF oracle of offload/planning/ml_jobs/cluster_scheduler.hpp for 1-GPU jobs).
//
// Conditional mean response time of a job of size x (Schrage & Miller 1966, Oper. Res. 14(4); Harchol-Balter
// 2013, "Performance Modeling and Design of Computer Systems", §33.3):
//     T(x) = lambda (int_0^x t^2 dF(t) + x^2 (1 - F(x))) / (2 (1 - rho(x))^2) + int_0^x dt / (1 - rho(t)),
//     rho(x) = lambda int_0^x t dF(t)   (load of the jobs of size <= x),
// where the numerator equals lambda E[min(S, x)^2] (integration by parts). E[T] = int T(x) dF(x), +inf unless
// rho < 1. Exact formulas evaluated by quadrature on a tabulated cdf (offload/detail/size_based_tables.hpp).
#pragma once

#include <utility>

#include "offload/queues/mg1_las.hpp"

namespace offload {

/// M/G/1/SRPT. D: any time_distribution (cdf, quantile, mean, variance); a deterministic service time is handled
/// exactly (SRPT is then FCFS), other atoms only approximately (offload/detail/size_based_tables.hpp).
template <time_distribution D>
class mg1_srpt : public detail::size_based_mg1<D, true> {
public:
    bool operator==(const mg1_srpt&) const = default;

    /// arrival_rate lambda >= 0 (1/s); service: the service-time distribution (mean finite and > 0)
    mg1_srpt(double arrival_rate, D service)
        : detail::size_based_mg1<D, true>(arrival_rate, std::move(service), "offload::mg1_srpt") {}
};

/// T(x), the mean response time of a job of size x >= 0 (seconds); +inf when rho(x) >= 1
template <class D>
[[nodiscard]] double conditional_mean_response(const mg1_srpt<D>& q, double x) {
    if (!(x >= 0.0))
        detail::throw_parameter_error("offload::conditional_mean_response(mg1_srpt)", "x", x, "must be >= 0");
    if (x == infinity) return infinity;
    const auto p = q.tables().at(x, cdf(q.service(), x));
    if (!(p.rho < 1.0)) return infinity;
    // Schrage-Miller: (1 - rho(x))(1 - rho(x-)); the two factors differ at an atom of the size distribution
    return q.arrival_rate() * p.m2 / (2.0 * (1.0 - p.rho) * (1.0 - p.rho_left)) + p.r;
}

/// E[T] = int T(x) dF(x); +inf unless rho < 1
template <class D>
[[nodiscard]] double mean_response(const mg1_srpt<D>& q) {
    if (!is_stable(q)) return infinity;
    return q.tables().expectation([&](double x) { return conditional_mean_response(q, x); });
}

} // namespace offload
