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

namespace detail {
/// validates (lambda, D) for the size-based M/G/1 models; returns E[S]
template <time_distribution D>
double require_size_based_service(double lambda, const D& d, const char* fn) {
    require_non_negative(lambda, fn, "arrival_rate");
    return require_positive(mean(d), fn, "mean(service)");
}
} // namespace detail

/// M/G/1/LAS. D: any time_distribution (cdf, quantile, mean, variance); a deterministic service time is handled
/// exactly, other atoms only approximately (offload/detail/size_based_tables.hpp).
template <time_distribution D>
class mg1_las {
public:
    /// Equal when lambda and the service distribution are (the tables are computed from them).
    friend bool operator==(const mg1_las& a, const mg1_las& b) {
        return a.lambda_ == b.lambda_ && a.service_ == b.service_;
    }

    /// arrival_rate lambda >= 0 (1/s); service: the service-time distribution (mean finite and > 0)
    mg1_las(double arrival_rate, D service)
        : lambda_(arrival_rate), service_(std::move(service)),
          mean_(detail::require_size_based_service(arrival_rate, service_, "offload::mg1_las")),
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
[[nodiscard]] double arrival_rate(const mg1_las<D>& q) noexcept {
    return q.arrival_rate();
}
template <class D>
[[nodiscard]] double mean_service_time(const mg1_las<D>& q) noexcept {
    return q.mean_service_time();
}
template <class D>
[[nodiscard]] double utilization(const mg1_las<D>& q) noexcept {
    return q.arrival_rate() * q.mean_service_time();
}
template <class D>
[[nodiscard]] bool is_stable(const mg1_las<D>& q) noexcept {
    return utilization(q) < 1.0;
}

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
