// offload/pipelines/multi_tenant.hpp — the load a multi-tenant edge server sees (seed 003 §3.4, Lemma 3.2).
//
// m devices offload to one shared accelerator (no GPU isolation). Their Poisson streams merge into a Poisson
// stream of rate lambda_edge = sum_i lambda_i, and a request's service time is tenant i's with probability
// lambda_i / lambda_edge: a MIXTURE. Its moments:
//     E[S]   = sum_i (lambda_i / lambda_edge) s_i
//     E[S^2] = sum_i (lambda_i / lambda_edge) (Var_i + s_i^2)
//     Var[S] = E[S^2] - E[S]^2      (includes the spread of the tenants' means, not only their variances)
// so the shared server is an M/G/1 (k_parallel<mg1> for k > 1) stage built from aggregate_demand().
//
// Per-tenant latency. Seed 003 Lemma 3.2 adds the MIXTURE's mean service time E[S] to every tenant's wait
// (offload_pipeline with remote demand aggregate_demand(mix): the "literal" form). Under FCFS the wait W at the
// shared server is the same for every tenant (Poisson arrivals see time averages), but a request then takes
// ITS OWN tenant's service time S_i, independent of W:
//     T_i = W + S_i,   E[T_i] = E[W] + s_i,   E[W] = lambda_edge E[S^2] / (2 (1 - rho))  (P-K, k = 1).
// The literal form is right only for the rate-weighted average over tenants; tenant_mean_response,
// tenant_response_distribution, tenant_offload_pipeline and tenant_split_pipeline (a split whose edge part runs on the
// shared server) give each tenant's own figures. Distribution: W from the
// stage model's wait_distribution (Cramer-Lundberg for mg1: approximate) convolved with S_i, taken gamma-shaped
// with the tenant's mean and scv (exact for scv 0 and 1, an assumption otherwise), by end_to_end_time.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/distributions/gamma_mixture_time.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/breakdown.hpp"
#include "offload/pipelines/detail/latency_transform.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"

namespace offload {

/// One tenant of a shared server: its request rate and the service time of its requests on that server.
class tenant_demand {
public:
    bool operator==(const tenant_demand&) const = default;

    /// arrival_rate >= 0 (1/s); mean_service_seconds > 0; service_scv >= 0 (0 deterministic, 1 exponential).
    tenant_demand(double arrival_rate, double mean_service_seconds, double service_scv = 0.0)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::tenant_demand", "arrival_rate")),
          mean_(detail::require_positive(mean_service_seconds, "offload::tenant_demand", "mean_service_seconds")),
          scv_(detail::require_non_negative(service_scv, "offload::tenant_demand", "service_scv")) {}

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
    bool operator==(const tenant_mix&) const = default;

    explicit tenant_mix(std::vector<tenant_demand> tenants) : tenants_(std::move(tenants)) {
        if (tenants_.empty())
            detail::throw_parameter_error("offload::tenant_mix", "tenants.size()", 0.0, "must be >= 1");
        double total = 0.0;
        for (const tenant_demand& t : tenants_) total += t.arrival_rate();
        if (!(total > 0.0 && total < infinity))
            detail::throw_parameter_error("offload::tenant_mix", "sum of arrival rates", total,
                                          "must be finite and > 0");
        total_ = total;
    }

    /// The most tenants a mix holds (checked before anything is allocated; the models cost O(tenants)).
    static constexpr int max_tenants = 1'000'000;

    /// `count` identical tenants (seed Fig. 5c: co-located copies of one application). count >= 1.
    [[nodiscard]] static tenant_mix replicate(const tenant_demand& t, int count) {
        if (count < 1 || count > max_tenants)
            detail::throw_parameter_error("offload::tenant_mix::replicate", "count", static_cast<double>(count),
                                          "must be in [1, 10^6]");
        return tenant_mix(std::vector<tenant_demand>(static_cast<std::size_t>(count), t));
    }

    const std::vector<tenant_demand>& tenants() const noexcept { return tenants_; }

    /// Add `count` >= 0 copies of `t` (returns a new mix).
    tenant_mix with(const tenant_demand& t, int count = 1) const {
        if (count < 0 || static_cast<std::size_t>(count) + tenants_.size() > max_tenants)
            detail::throw_parameter_error("offload::tenant_mix::with", "count", static_cast<double>(count),
                                          "must be >= 0, and the mix at most 10^6 tenants");
        std::vector<tenant_demand> all = tenants_;
        all.insert(all.end(), static_cast<std::size_t>(count), t);
        return tenant_mix(std::move(all));
    }

    double total_arrival_rate() const noexcept { return total_; }

private:
    std::vector<tenant_demand> tenants_;
    double total_ = 0.0;
};

/// lambda_edge = sum_i lambda_i, 1/s.
[[nodiscard]] inline double total_arrival_rate(const tenant_mix& mix) noexcept { return mix.total_arrival_rate(); }

/// The mixture's service demand on a server of parallelism k >= 1: rate-weighted mean and the mixture's SCV.
[[nodiscard]] inline service_demand aggregate_demand(const tenant_mix& mix, double parallelism = 1.0) {
    if (!(parallelism >= 1.0 && parallelism < infinity))
        detail::throw_parameter_error("offload::aggregate_demand", "parallelism", parallelism,
                                      "must be finite and >= 1");
    const double total = total_arrival_rate(mix);
    double work = 0.0;   // sum_i lambda_i s_i (the server's utilisation for k = 1)
    double second = 0.0; // sum_i lambda_i E[S_i^2]
    for (const tenant_demand& t : mix.tenants()) {
        work += t.arrival_rate() * t.mean_service_time();
        second += t.arrival_rate() * (t.service_variance() + t.mean_service_time() * t.mean_service_time());
    }
    const double first = work / total;
    const double variance = second / total - first * first;
    const double scv = variance > 0.0 ? variance / (first * first) : 0.0; // round-off can make it -1e-17
    return service_demand{first, scv, parallelism};
}

/// Var[S] of the mixture, seconds^2 (the seed's Var[s_edge] for k = 1).
[[nodiscard]] inline double aggregate_service_variance(const tenant_mix& mix) {
    const service_demand d = aggregate_demand(mix);
    return d.scv * d.mean_seconds * d.mean_seconds;
}

namespace detail {
[[nodiscard]] inline const tenant_demand& tenant_at(const tenant_mix& mix, std::size_t index, const char* function) {
    if (index >= mix.tenants().size()) {
        const std::string requirement = "must be < the number of tenants, " + std::to_string(mix.tenants().size());
        throw_parameter_error(function, "index", static_cast<double>(index), requirement.c_str());
    }
    return mix.tenants()[index];
}

/// A tenant's own service time S_i: gamma-shaped with its mean and scv (a point mass for scv 0).
[[nodiscard]] inline gamma_mixture_time own_service_time(const tenant_demand& t) {
    return gamma_mixture_time({{1.0, t.mean_service_time(), t.service_variance()}});
}

/// W + S_i (+ shift): S_i deterministic is added to the shift exactly; otherwise convolved.
template <class... Before>
[[nodiscard]] end_to_end_time wait_plus_own_service(double shift, const convolution_options& options,
                                                    const tenant_demand& own, const Before&... stages) {
    if (own.service_scv() == 0.0) return end_to_end_time(shift + own.mean_service_time(), options, stages...);
    return end_to_end_time(shift, options, stages..., own_service_time(own));
}
} // namespace detail

/// The shared server as a stage model: Q at lambda_edge with the mixture's demand (parallelism k > 0).
template <stage_model Q>
[[nodiscard]] Q shared_stage(const tenant_mix& mix, double parallelism = 1.0) {
    return Q::from_demand(total_arrival_rate(mix), aggregate_demand(mix, parallelism));
}

/// E[T_i] = E[W] + s_i at the shared server for tenant `index` (FCFS: one wait for all, own service time),
/// seconds; +inf if the server is unstable. For Q = mg1 the P-K wait is exact.
template <stage_model Q>
[[nodiscard]] double tenant_mean_response(const tenant_mix& mix, std::size_t index, double parallelism = 1.0) {
    const tenant_demand& own = detail::tenant_at(mix, index, "offload::tenant_mean_response");
    const Q q = shared_stage<Q>(mix, parallelism);
    return is_stable(q) ? static_cast<double>(mean_wait(q)) + own.mean_service_time() : infinity;
}

/// Distribution of T_i = W + S_i at the shared server (see the header comment for what is exact).
template <stage_with_distributions Q>
[[nodiscard]] end_to_end_time tenant_response_distribution(const tenant_mix& mix, std::size_t index,
                                                           double parallelism = 1.0,
                                                           const convolution_options& options = {}) {
    const tenant_demand& own = detail::tenant_at(mix, index, "offload::tenant_response_distribution");
    return detail::wait_plus_own_service(0.0, options, own, wait_distribution(shared_stage<Q>(mix, parallelism)));
}

/// The offload pipeline with m tenants on its server: this device's own stream (its rate and remote demand)
/// plus (m - 1) copies of `co_tenant`. The server's rate is the sum; its demand the mixture's
/// (aggregate_demand, keeping the pipeline's parallelism); Poisson arrivals at the server (the merged
/// streams). Any other background load is replaced.
template <class R, class N>
[[nodiscard]] offload_pipeline<R, N> with_co_tenants(const offload_pipeline<R, N>& off, const tenant_demand& co_tenant,
                                                     int tenants) {
    if (tenants < 1)
        detail::throw_parameter_error("offload::with_co_tenants", "tenants", static_cast<double>(tenants),
                                      "must be >= 1");
    const service_demand own = off.remote_demand();
    const tenant_mix mix =
        tenant_mix({tenant_demand(off.arrival_rate(), own.mean_seconds, own.scv)}).with(co_tenant, tenants - 1);
    return with_remote_load(off, total_arrival_rate(mix), aggregate_demand(mix, own.parallelism));
}

namespace detail {
/// One tenant's path through a shared server: the literal Lemma 3.2 pipeline `Shared` (every tenant charged the
/// mixture's mean service time there) and this tenant's own stream, whose service time replaces it.
template <class Shared>
class tenant_path {
public:
    bool operator==(const tenant_path&) const = default;

    using shared_pipeline = Shared;

    double arrival_rate() const noexcept { return shared_.arrival_rate(); }
    const tenant_demand& own() const noexcept { return own_; }
    /// The literal Lemma 3.2 pipeline (every tenant charged the mixture's mean service time).
    const Shared& shared() const noexcept { return shared_; }

protected:
    /// own.arrival_rate() must equal shared.arrival_rate() (it is this device's stream).
    tenant_path(const Shared& shared, const tenant_demand& own, const char* function) : own_(own), shared_(shared) {
        if (own.arrival_rate() != shared.arrival_rate()) {
            const std::string requirement = "must equal shared.arrival_rate() = " + format_value(shared.arrival_rate());
            throw_parameter_error(function, "own.arrival_rate()", own.arrival_rate(), requirement.c_str());
        }
    }

private:
    tenant_demand own_;
    Shared shared_;
};
} // namespace detail

/// One tenant's offload path to a shared server: its uplink, the server's wait under the tenants' mixture
/// (the literal Lemma 3.2 pipeline, shared()), its OWN service time there, and the shared downlink.
template <stage_model RemoteStage, stage_model NicStage>
class tenant_offload_pipeline : public detail::tenant_path<offload_pipeline<RemoteStage, NicStage>> {
    using base = detail::tenant_path<offload_pipeline<RemoteStage, NicStage>>;

public:
    bool operator==(const tenant_offload_pipeline&) const = default;

    using shared_pipeline = typename base::shared_pipeline;

    /// Tenant `index` of `mix` (its rate is this device's lambda); the server has parallelism k > 0; the same
    /// payload sizes for every tenant (the seed's Lemma 3.2 setting).
    tenant_offload_pipeline(const tenant_mix& mix, std::size_t index, const network_link& uplink,
                            const network_link& downlink, const payload& sizes, double parallelism = 1.0,
                            result_destination destination = result_destination::device)
        : tenant_offload_pipeline(
              shared_pipeline(detail::tenant_at(mix, index, "offload::tenant_offload_pipeline").arrival_rate(),
                              total_arrival_rate(mix), aggregate_demand(mix, parallelism), uplink, downlink, sizes,
                              destination),
              detail::tenant_at(mix, index, "offload::tenant_offload_pipeline")) {}

    /// The same link in both directions.
    tenant_offload_pipeline(const tenant_mix& mix, std::size_t index, const network_link& link, const payload& sizes,
                            double parallelism = 1.0, result_destination destination = result_destination::device)
        : tenant_offload_pipeline(mix, index, link, link, sizes, parallelism, destination) {}

    /// From a shared pipeline whose remote demand is the mixture's (e.g. with_co_tenants) and this device's own
    /// stream at the server; own.arrival_rate() must equal shared.arrival_rate().
    tenant_offload_pipeline(const shared_pipeline& shared, const tenant_demand& own)
        : base(shared, own, "offload::tenant_offload_pipeline") {}
};

/// One tenant's split path through a shared server: its device part and uplink, the server's wait under the
/// tenants' mixture (the literal Lemma 3.2 split_pipeline, shared()), its OWN edge-part service time there, and
/// the shared downlink.
template <stage_model DeviceStage, stage_model RemoteStage, stage_model NicStage>
class tenant_split_pipeline : public detail::tenant_path<split_pipeline<DeviceStage, RemoteStage, NicStage>> {
    using base = detail::tenant_path<split_pipeline<DeviceStage, RemoteStage, NicStage>>;

public:
    bool operator==(const tenant_split_pipeline&) const = default;

    using shared_pipeline = typename base::shared_pipeline;

    /// From a split pipeline whose remote demand is the mixture's and this device's own stream at the server
    /// (its edge part's service time); own.arrival_rate() must equal shared.arrival_rate().
    tenant_split_pipeline(const shared_pipeline& shared, const tenant_demand& own)
        : base(shared, own, "offload::tenant_split_pipeline") {}
};

/// The shared pipeline's terms with remote_service = this tenant's s_i (remote_wait is the shared wait).
template <class Shared>
[[nodiscard]] latency_breakdown breakdown(const detail::tenant_path<Shared>& p) {
    latency_breakdown b = breakdown(p.shared());
    b.remote_service = p.own().mean_service_time();
    b.total = detail::sum_terms(b);
    return b;
}

/// E[T_i], seconds; +inf if any queue on the path is unstable.
template <class Shared>
[[nodiscard]] double mean_latency(const detail::tenant_path<Shared>& p) {
    return breakdown(p).total;
}

template <class Shared>
[[nodiscard]] bool is_stable(const detail::tenant_path<Shared>& p) {
    return is_stable(p.shared());
}

namespace detail {
/// The stages before (a split's device part), the uplink response, the server's wait, S_i (gamma-shaped, see the
/// header comment) and the downlink response of `path` (the shared pipeline's network and server part), plus
/// propagation; the same independence assumption as offload_pipeline's.
template <class R, class N, class... Before>
[[nodiscard]] end_to_end_time tenant_path_distribution(const offload_pipeline<R, N>& path, const tenant_demand& own,
                                                       const convolution_options& options, const Before&... before) {
    const auto convolve = [&](const auto&... downlink) {
        return wait_plus_own_service(breakdown(path).propagation, options, own, before...,
                                     response_distribution(path.uplink_stage()), wait_distribution(path.remote_stage()),
                                     downlink...);
    };
    return path.has_downlink() ? convolve(response_distribution(path.downlink_stage())) : convolve();
}
} // namespace detail

/// Distribution of T_i: uplink, the shared wait, S_i, downlink (detail::tenant_path_distribution).
template <stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] end_to_end_time latency_distribution(const tenant_offload_pipeline<R, N>& p,
                                                   const convolution_options& options = {}) {
    return detail::tenant_path_distribution(p.shared(), p.own(), options);
}

/// level-quantile of T_i (estimate; quantile_bounds(latency_distribution(p), level) brackets it).
template <stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] double latency_quantile(const tenant_offload_pipeline<R, N>& p, double level) {
    detail::require_open_probability(level, "offload::latency_quantile(tenant_offload_pipeline)", "level");
    if (const auto q = detail::inverted_latency_quantile(p, level)) return *q; // transform inversion
    return quantile(latency_distribution(p), level);
}

/// Distribution of T_i: the device part's response, then as for tenant_offload_pipeline with D_inter.
template <stage_with_distributions D, stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] end_to_end_time latency_distribution(const tenant_split_pipeline<D, R, N>& p,
                                                   const convolution_options& options = {}) {
    return detail::tenant_path_distribution(p.shared().remote_part(), p.own(), options,
                                            response_distribution(p.shared().device_stage()));
}

/// level-quantile of T_i (estimate; quantile_bounds(latency_distribution(p), level) brackets it).
template <stage_with_distributions D, stage_with_distributions R, stage_with_distributions N>
[[nodiscard]] double latency_quantile(const tenant_split_pipeline<D, R, N>& p, double level) {
    detail::require_open_probability(level, "offload::latency_quantile(tenant_split_pipeline)", "level");
    if (const auto q = detail::inverted_latency_quantile(p, level)) return *q; // transform inversion
    return quantile(latency_distribution(p), level);
}

} // namespace offload
