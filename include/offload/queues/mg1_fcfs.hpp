// offload/queues/mg1_fcfs.hpp — M/G/1 first come first served with the service time given as a distribution D
// (not only its first two moments, as offload/queues/mg1.hpp takes it), so that it answers the same
// size-conditioned question as mg1_las and mg1_srpt: every job waits the same mean time, whatever its size
// (Pollaczek-Khinchine, Kleinrock 1975 vol. I §5.6):
//     T(x) = x + E[W],  E[W] = lambda E[S^2] / (2 (1 - rho)),  E[T] = E[S] + E[W];
// +inf unless rho = lambda E[S] < 1 (and E[S^2] = Var[S] + E[S]^2 finite: a Pareto with alpha <= 2 gives +inf).
#pragma once

#include <utility>

#include "offload/queues/mg1_las.hpp"

namespace offload {

/// M/G/1/FCFS. D: any time_distribution (only mean and variance are used).
template <time_distribution D>
class mg1_fcfs : public detail::size_based_mg1<D, false> {
public:
    bool operator==(const mg1_fcfs&) const = default;

    /// arrival_rate lambda >= 0 (1/s); service: the service-time distribution (mean finite and > 0)
    mg1_fcfs(double arrival_rate, D service)
        : detail::size_based_mg1<D, false>(arrival_rate, std::move(service), "offload::mg1_fcfs") {}
};

/// E[W] = lambda E[S^2] / (2 (1 - rho)); +inf if unstable or E[S^2] is infinite
template <class D>
[[nodiscard]] double mean_wait(const mg1_fcfs<D>& q) {
    if (!is_stable(q)) return infinity;
    const double m = q.mean_service_time();
    const double second = variance(q.service()) + m * m;
    return q.arrival_rate() == 0.0 ? 0.0 : q.arrival_rate() * second / (2.0 * (1.0 - utilization(q)));
}

/// T(x) = x + E[W] (seconds), x >= 0
template <class D>
[[nodiscard]] double conditional_mean_response(const mg1_fcfs<D>& q, double x) {
    if (!(x >= 0.0))
        detail::throw_parameter_error("offload::conditional_mean_response(mg1_fcfs)", "x", x, "must be >= 0");
    return x + mean_wait(q);
}

/// E[T] = E[S] + E[W]
template <class D>
[[nodiscard]] double mean_response(const mg1_fcfs<D>& q) {
    return mean_wait(q) + q.mean_service_time();
}

} // namespace offload
