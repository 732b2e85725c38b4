// offload/queues/mg1_las.hpp — M/G/1 under least attained service (LAS, foreground-background, FB): Poisson
// arrivals, service time S with any continuous distribution D given by its cdf, one server that always serves
// the jobs with the least service received so far (sharing it equally among ties). The scheduler needs no
// job sizes; LAS is what the ML-job schedulers of offload/planning/ml_jobs/cluster_scheduler.hpp reduce to for 1-GPU
// jobs on one single-GPU worker.
//
// Conditional mean response time of a job of size x (Kleinrock 1976, "Queueing Systems" vol. II, §4.6; also
// Nuyens & Wierman 2008, "The foreground-background queue: a survey"):
//     T(x) = lambda m2(x) / (2 (1 - rho_x)^2) + x / (1 - rho_x),
//     m2(x) = E[min(S, x)^2] = int_0^x 2 t (1 - F(t)) dt,  rho_x = lambda E[min(S, x)] = lambda int_0^x (1 - F(t)) dt,
// and E[T] = int T(x) dF(x). T(x) is finite whenever rho_x < 1 — small jobs finish even when rho = lambda E[S] >= 1;
// the mean E[T] is +inf unless rho < 1. Exact formulas evaluated by quadrature on a tabulated cdf
// (offload/detail/size_based_tables.hpp: relative error ~1e-6 for smooth distributions).
#pragma once

#include <utility>

#include "offload/concepts.hpp"
#include "offload/detail/size_based_tables.hpp"
#include "offload/error.hpp"

namespace offload {

/// M/G/1/LAS. D: any time_distribution (cdf, quantile, mean, variance); a deterministic service time is handled
/// exactly, other atoms only approximately (offload/detail/size_based_tables.hpp).
template <time_distribution D>
class mg1_las : public detail::size_based_mg1<D, true> {
public:
    bool operator==(const mg1_las&) const = default;

    /// arrival_rate lambda >= 0 (1/s); service: the service-time distribution (mean finite and > 0)
    mg1_las(double arrival_rate, D service)
        : detail::size_based_mg1<D, true>(arrival_rate, std::move(service), "offload::mg1_las") {}
};

/// T(x), the mean response time of a job of size x >= 0 (seconds); +inf when rho_x >= 1
template <class D>
[[nodiscard]] double conditional_mean_response(const mg1_las<D>& q, double x) {
    if (!(x >= 0.0))
        detail::throw_parameter_error("offload::conditional_mean_response(mg1_las)", "x", x, "must be >= 0");
    if (x == infinity) return infinity;
    const auto p = q.tables().at(x, cdf(q.service(), x));
    const double lambda = q.arrival_rate();
    const double rho_x = lambda * p.m1;
    if (!(rho_x < 1.0)) return infinity;
    return lambda * p.m2 / (2.0 * (1.0 - rho_x) * (1.0 - rho_x)) + x / (1.0 - rho_x);
}

/// E[T] = int T(x) dF(x); +inf unless rho < 1
template <class D>
[[nodiscard]] double mean_response(const mg1_las<D>& q) {
    if (!is_stable(q)) return infinity;
    return q.tables().expectation([&](double x) { return conditional_mean_response(q, x); });
}

} // namespace offload
