// offload/pipelines/detail/latency_transform.hpp — the Laplace-Stieltjes transform of a pipeline's end-to-end
// latency, as the factors of offload/distributions/transform_inverted_time.hpp (inverted there).
// IWYU pragma: private, include "offload/pipelines/latency_inversion.hpp"
//
// Stage -> factors (exact transforms of each stage model's own distribution, see docs/pipelines.md):
//   mm1                response Exp(mu - lambda); wait atom 1 - rho + Exp(mu - lambda)
//   md1                response shift D + P-K wait with deterministic service; wait: the P-K factor
//   mg1                response P-K wait (gamma-shaped service, the shape mg1 assumes) + gamma(E[S], c);
//                      NOTE: exact for gamma service, unlike mg1's own waiting_time (Cramer-Lundberg form)
//   mmc                response atom 1 - C + Exp(c mu - lambda), + Exp(mu); wait the first factor
//   k_parallel<Base>   the wait of Base at rate k mu (the aggregated queue) + the full service time
// A stage without a transform here (gg1, mdc, a user's model) makes the path use the FFT convolution.
#pragma once

#include <optional>
#include <type_traits>

#include "offload/distributions/transform_inverted_time.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mmc.hpp"

namespace offload::detail {

// ---- waiting times -------------------------------------------------------------------------------------
inline void append_wait_lst(transform_inverted_time& t, const mm1& q) {
    if (!is_stable(q)) return t.set_at_infinity();
    t.add_factor({lst_factor::kind::atom_exponential, q.service_rate() - q.arrival_rate(), utilization(q)});
}
inline void append_wait_lst(transform_inverted_time& t, const md1& q) {
    if (!is_stable(q)) return t.set_at_infinity();
    t.add_factor({lst_factor::kind::pk_wait, q.arrival_rate(), q.service_time(), 0.0});
}
inline void append_wait_lst(transform_inverted_time& t, const mg1& q) {
    if (!is_stable(q)) return t.set_at_infinity();
    t.add_factor({lst_factor::kind::pk_wait, q.arrival_rate(), q.mean_service_time(), q.service_scv()});
}
inline void append_wait_lst(transform_inverted_time& t, const mmc& q) {
    if (!is_stable(q)) return t.set_at_infinity();
    t.add_factor({lst_factor::kind::atom_exponential, mmc_decay_rate(q), probability_of_wait(q)});
}
template <class Base>
void append_wait_lst(transform_inverted_time& t, const k_parallel<Base>& q) {
    append_wait_lst(t, aggregated(q));
}

// ---- service times ---------------------------------------------------------------------------------------
inline void append_service_lst(transform_inverted_time& t, const mm1& q) {
    t.add_factor({lst_factor::kind::exponential, q.service_rate()});
}
inline void append_service_lst(transform_inverted_time& t, const md1& q) { t.add_shift(q.service_time()); }
inline void append_service_lst(transform_inverted_time& t, const mg1& q) {
    t.add_factor({lst_factor::kind::gamma_service, q.mean_service_time(), q.service_scv()});
}
inline void append_service_lst(transform_inverted_time& t, const mmc& q) {
    t.add_factor({lst_factor::kind::exponential, q.service_rate()});
}
template <class Base>
void append_service_lst(transform_inverted_time& t, const k_parallel<Base>& q) {
    append_service_lst(t, q.single()); // the request's full service time
}

// ---- response times ----------------------------------------------------------------------------------------
/// M/M/1 response: one factor, Exp(mu - lambda) (the wait and service factors multiply to it).
inline void append_response_lst(transform_inverted_time& t, const mm1& q) {
    if (!is_stable(q)) return t.set_at_infinity();
    t.add_factor({lst_factor::kind::exponential, q.service_rate() - q.arrival_rate()});
}
template <class Q>
void append_response_lst(transform_inverted_time& t, const Q& q) {
    append_wait_lst(t, q);
    append_service_lst(t, q);
}

/// True when the stage model has transforms here (otherwise the pipelines keep the FFT convolution).
template <class Q>
inline constexpr bool has_latency_transform = false;
template <>
inline constexpr bool has_latency_transform<mm1> = true;
template <>
inline constexpr bool has_latency_transform<md1> = true;
template <>
inline constexpr bool has_latency_transform<mg1> = true;
template <>
inline constexpr bool has_latency_transform<mmc> = true;
template <class Base>
inline constexpr bool has_latency_transform<k_parallel<Base>> = has_latency_transform<Base>;

template <class... Q>
inline constexpr bool all_have_latency_transform = (has_latency_transform<Q> && ...);

// ---- paths (generic over the pipeline types, so that this header needs none of them) ------------------------
/// Propagation of an offload path: the uplink's, and the downlink's when the result returns (as breakdown()).
template <class OffloadPipeline>
[[nodiscard]] double path_propagation(const OffloadPipeline& p) {
    double d = p.uplink().propagation_delay();
    if (p.destination() == result_destination::device) d += p.downlink().propagation_delay();
    return d;
}

/// uplink response + server response + downlink response + propagation (offload_pipeline).
template <class OffloadPipeline>
void append_offload_path(transform_inverted_time& t, const OffloadPipeline& p) {
    t.add_shift(path_propagation(p));
    append_response_lst(t, p.uplink_stage());
    append_response_lst(t, p.remote_stage());
    if (p.has_downlink()) append_response_lst(t, p.downlink_stage());
}

/// One tenant's path: uplink response + the shared server's wait + its OWN service time (gamma-shaped with
/// its mean and scv, as multi_tenant.hpp assumes) + downlink response + propagation.
template <class OffloadPipeline, class Tenant>
void append_tenant_path(transform_inverted_time& t, const OffloadPipeline& p, const Tenant& own) {
    t.add_shift(path_propagation(p));
    append_response_lst(t, p.uplink_stage());
    append_wait_lst(t, p.remote_stage());
    t.add_factor({lst_factor::kind::gamma_service, own.mean_service_time(), own.service_scv()});
    if (p.has_downlink()) append_response_lst(t, p.downlink_stage());
}

/// The quantile, or nothing when the inversion misses its tolerance there (the caller falls back).
[[nodiscard]] inline std::optional<double> inverted_quantile(const transform_inverted_time& t, double p) {
    try {
        return quantile(t, p);
    } catch (const convergence_error&) {
        return std::nullopt;
    }
}

/// Whether a pipeline's stages all have transforms: offload (remote + nic), split (+ device), tenant paths
/// (their shared pipeline's).
template <class P>
struct path_transform_traits {
    static constexpr bool value = [] {
        if constexpr (requires { typename P::shared_pipeline; }) {
            return path_transform_traits<typename P::shared_pipeline>::value;
        } else if constexpr (requires { typename P::device_stage_type; }) {
            return all_have_latency_transform<typename P::device_stage_type, typename P::remote_stage_type,
                                              typename P::nic_stage_type>;
        } else if constexpr (requires { typename P::remote_stage_type; }) {
            return all_have_latency_transform<typename P::remote_stage_type, typename P::nic_stage_type>;
        } else {
            return false;
        }
    }();
};
template <class P>
inline constexpr bool has_path_transform = path_transform_traits<P>::value;

/// The end-to-end latency transform of an offload, split or tenant pipeline (precondition: has_path_transform).
template <class P>
[[nodiscard]] transform_inverted_time path_transform(const P& p, const inversion_options& options = {}) {
    transform_inverted_time t(0.0, options);
    if constexpr (requires { typename P::shared_pipeline; }) {
        const auto& shared = p.shared();
        if constexpr (requires { shared.device_stage(); }) {
            append_response_lst(t, shared.device_stage());
            append_tenant_path(t, shared.remote_part(), p.own());
        } else {
            append_tenant_path(t, shared, p.own());
        }
    } else if constexpr (requires { p.device_stage(); }) {
        append_response_lst(t, p.device_stage());
        append_offload_path(t, p.remote_part());
    } else {
        append_offload_path(t, p);
    }
    return t;
}

/// latency_quantile by inversion when the pipeline's stages have transforms and the inversion converges;
/// nothing otherwise (the caller then uses the FFT convolution).
template <class P>
[[nodiscard]] std::optional<double> inverted_latency_quantile(const P& p, double probability) {
    if constexpr (has_path_transform<P>) {
        return inverted_quantile(path_transform(p), probability);
    } else {
        (void)p;
        (void)probability;
        return std::nullopt;
    }
}

} // namespace offload::detail
