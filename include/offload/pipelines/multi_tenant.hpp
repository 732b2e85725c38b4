// offload/pipelines/multi_tenant.hpp — the load a multi-tenant edge server sees (seed 003 §3.4, Lemma 3.2).
//
// m devices offload to one shared accelerator (no GPU isolation). Their Poisson streams merge into a Poisson
// stream of rate lambda_edge = sum_i lambda_i, and a request's service time is tenant i's with probability
// lambda_i / lambda_edge: a MIXTURE. Its moments:
//     E[S]   = sum_i (lambda_i / lambda_edge) s_i
//     E[S^2] = sum_i (lambda_i / lambda_edge) (Var_i + s_i^2)
//     Var[S] = E[S^2] - E[S]^2      (includes the spread of the tenants' means, not only their variances)
// so the shared server is an M/G/1 (k_parallel<mg1> for k > 1) stage built from aggregate_demand().
#pragma once

#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

/// One tenant of a shared server: its request rate and the service time of its requests on that server.
class tenant {
public:
    /// arrival_rate >= 0 (1/s); mean_service_seconds > 0; service_scv >= 0 (0 deterministic, 1 exponential).
    tenant(double arrival_rate, double mean_service_seconds, double service_scv = 0.0)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::tenant", "arrival_rate")),
          mean_(detail::require_positive(mean_service_seconds, "offload::tenant", "mean_service_seconds")),
          scv_(detail::require_non_negative(service_scv, "offload::tenant", "service_scv")) {}

    double arrival_rate() const noexcept { return lambda_; }
    double mean_service_time() const noexcept { return mean_; }
    double service_scv() const noexcept { return scv_; }
    double service_variance() const noexcept { return scv_ * mean_ * mean_; }

private:
    double lambda_;
    double mean_;
    double scv_;
};

/// The tenants of one server. Holds at least one tenant with a positive total arrival rate.
class tenant_mix {
public:
    explicit tenant_mix(std::vector<tenant> tenants) : tenants_(std::move(tenants)) {
        if (tenants_.empty())
            detail::throw_parameter_error("offload::tenant_mix", "tenants.size()", 0.0, "must be >= 1");
        double total = 0.0;
        for (const tenant& t : tenants_) total += t.arrival_rate();
        if (!(total > 0.0 && total < infinity))
            detail::throw_parameter_error("offload::tenant_mix", "sum of arrival rates", total,
                                          "must be finite and > 0");
        total_ = total;
    }

    /// `count` identical tenants (seed Fig. 5c: co-located copies of one application). count >= 1.
    static tenant_mix replicate(const tenant& t, int count) {
        if (count < 1)
            detail::throw_parameter_error("offload::tenant_mix::replicate", "count", static_cast<double>(count),
                                          "must be >= 1");
        return tenant_mix(std::vector<tenant>(static_cast<std::size_t>(count), t));
    }

    const std::vector<tenant>& tenants() const noexcept { return tenants_; }

    /// Add `count` >= 0 copies of `t` (returns a new mix).
    tenant_mix with(const tenant& t, int count = 1) const {
        if (count < 0)
            detail::throw_parameter_error("offload::tenant_mix::with", "count", static_cast<double>(count),
                                          "must be >= 0");
        std::vector<tenant> all = tenants_;
        all.insert(all.end(), static_cast<std::size_t>(count), t);
        return tenant_mix(std::move(all));
    }

    double total_arrival_rate() const noexcept { return total_; }

private:
    std::vector<tenant> tenants_;
    double total_ = 0.0;
};

/// lambda_edge = sum_i lambda_i, 1/s.
inline double total_arrival_rate(const tenant_mix& mix) noexcept { return mix.total_arrival_rate(); }

/// The mixture's service demand on a server of parallelism k > 0: rate-weighted mean and the mixture's SCV.
inline service_demand aggregate_demand(const tenant_mix& mix, double parallelism = 1.0) {
    detail::require_positive(parallelism, "offload::aggregate_demand", "parallelism");
    const double total = total_arrival_rate(mix);
    double work = 0.0;    // sum_i lambda_i s_i (the server's utilisation for k = 1)
    double second = 0.0;  // sum_i lambda_i E[S_i^2]
    for (const tenant& t : mix.tenants()) {
        work += t.arrival_rate() * t.mean_service_time();
        second += t.arrival_rate() * (t.service_variance() + t.mean_service_time() * t.mean_service_time());
    }
    const double first = work / total;
    const double variance = second / total - first * first;
    const double scv = variance > 0.0 ? variance / (first * first) : 0.0;  // round-off can make it -1e-17
    return service_demand{first, scv, parallelism};
}

/// Var[S] of the mixture, seconds^2 (the seed's Var[s_edge] for k = 1).
inline double aggregate_service_variance(const tenant_mix& mix) {
    const service_demand d = aggregate_demand(mix);
    return d.scv * d.mean_seconds * d.mean_seconds;
}

} // namespace offload
