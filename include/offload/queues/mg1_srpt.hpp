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
class mg1_srpt {
public:
    /// Equal when lambda and the service distribution are (the tables are computed from them).
    friend bool operator==(const mg1_srpt& a, const mg1_srpt& b) {
        return a.lambda_ == b.lambda_ && a.service_ == b.service_;
    }

    /// arrival_rate lambda >= 0 (1/s); service: the service-time distribution (mean finite and > 0)
    mg1_srpt(double arrival_rate, D service)
        : lambda_(arrival_rate), service_(std::move(service)),
          mean_(detail::require_size_based_service(arrival_rate, service_, "offload::mg1_srpt")),
          tables_(arrival_rate, service_) {}

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] const D& service() const noexcept { return service_; }
    [[nodiscard]] double mean_service_time() const noexcept { return mean_; }
    [[nodiscard]] const detail::size_based_tables& tables() const noexcept { return tables_; }

private:
    double lambda_;
    D service_;
    double mean_;
    detail::size_based_tables tables_;
};

template <class D>
[[nodiscard]] double arrival_rate(const mg1_srpt<D>& q) noexcept {
    return q.arrival_rate();
}
template <class D>
[[nodiscard]] double mean_service_time(const mg1_srpt<D>& q) noexcept {
    return q.mean_service_time();
}
template <class D>
[[nodiscard]] double utilization(const mg1_srpt<D>& q) noexcept {
    return q.arrival_rate() * q.mean_service_time();
}
template <class D>
[[nodiscard]] bool is_stable(const mg1_srpt<D>& q) noexcept {
    return utilization(q) < 1.0;
}

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
