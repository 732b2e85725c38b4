// offload/pipelines/lemmas.hpp — seed 003's three "offloading loses" inequalities as predicates.
//
// Each returns true exactly when the seed's inequality holds, i.e. when the mean end-to-end latency of edge
// offloading (eq. 1) exceeds that of on-device processing (eq. 2) under the lemma's queueing assumptions:
//   offloading_loses_deterministic_service  Lemma 3.1, eq. (9):  DNN inference, M/D/1 stages at the
//                                           aggregated rate k mu (k_parallel<md1>), M/M/1 NICs, one tenant;
//   offloading_loses_multi_tenant           Lemma 3.2, eq. (10): the edge is an M/G/1 stage at the aggregate
//                                           rate lambda_edge (k_parallel<mg1>), the edge NIC also carries
//                                           lambda_edge, the device keeps M/D/1 at its own lambda_dev;
//   offloading_loses_exponential_service    Lemma 3.3, eq. (12): RNN/LLM, every stage M/M/1 (k_parallel<mm1>).
// Notation (seed Table 2): mu^proc = 1/s, mu^net = B/D. The inequalities are evaluated literally when every
// queue is stable. With an unstable queue the literal form would subtract infinities, so the comparison is
// made on the totals it stands for: offloading loses when only the offload path is unstable; it does not lose
// when the device is unstable (then offloading wins, or both latencies are +inf and neither loses).
// Lemma 3.2 with k_edge > 1: rho_edge = lambda_edge / (k_edge mu_edge) and Var[s_edge] is the variance of the
// aggregated server's service time S / k_edge, i.e. edge_service_variance / k_edge^2 (for k_edge = 1 this is
// eq. (10) letter for letter); that is the M/G/1 at rate k mu that k_parallel<mg1> evaluates.
#pragma once

#include "offload/error.hpp"

namespace offload {

/// Inputs of Lemmas 3.1 and 3.3 (one device, a dedicated edge): seed Table 2 symbols.
struct lemma_inputs {
    double arrival_rate = 0.0;        ///< lambda >= 0, 1/s
    double device_service_time = 0.0; ///< s_dev > 0, s
    double edge_service_time = 0.0;   ///< s_edge > 0, s
    double device_parallelism = 1.0;  ///< k_dev > 0
    double edge_parallelism = 1.0;    ///< k_edge > 0
    double bandwidth = 0.0;           ///< B > 0, bytes/s
    double request_bytes = 0.0;       ///< D_req > 0
    double result_bytes = 0.0;        ///< D_res >= 0

    bool operator==(const lemma_inputs&) const = default;
};

/// Inputs of Lemma 3.2 (a multi-tenant edge).
struct multi_tenant_lemma_inputs {
    double device_arrival_rate = 0.0;   ///< lambda_dev >= 0, 1/s
    double edge_arrival_rate = 0.0;     ///< lambda_edge >= lambda_dev (all tenants), 1/s
    double device_service_time = 0.0;   ///< s_dev > 0
    double edge_service_time = 0.0;     ///< s_edge > 0: the tenants' rate-weighted mean service time
    double edge_service_variance = 0.0; ///< Var[S] >= 0 of the tenants' mixture (see aggregate_demand)
    double device_parallelism = 1.0;    ///< k_dev > 0
    double edge_parallelism = 1.0;      ///< k_edge > 0
    double bandwidth = 0.0;             ///< B > 0, bytes/s
    double request_bytes = 0.0;         ///< D_req > 0
    double result_bytes = 0.0;          ///< D_res >= 0

    bool operator==(const multi_tenant_lemma_inputs&) const = default;
};

namespace detail {

struct lemma_queue_terms {
    double value;  // the term, if stable
    bool unstable; // lambda >= service rate

    bool operator==(const lemma_queue_terms&) const = default;
};

/// lambda / (mu (mu - lambda)) = E[W] of an M/M/1 NIC with mu = B / D (0 when D = 0: nothing to send).
[[nodiscard]] inline lemma_queue_terms lemma_nic_wait(double lambda, double bandwidth, double bytes) {
    if (bytes == 0.0) return {0.0, false};
    const double mu = bandwidth / bytes;
    if (!(mu > lambda)) return {0.0, true};
    return {lambda / (mu * (mu - lambda)), false};
}

/// 1/2 (1/(k mu - lambda) - 1/(k mu)): eq. (6), M/D/1 at the aggregated rate k mu.
[[nodiscard]] inline lemma_queue_terms lemma_md1_wait(double lambda, double k, double service_time) {
    const double rate = k * (1.0 / service_time);
    if (!(rate > lambda)) return {0.0, true};
    return {0.5 * (1.0 / (rate - lambda) - 1.0 / rate), false};
}

/// 1/(k mu - lambda) - 1/(k mu): eq. (7) at the aggregated rate k mu.
[[nodiscard]] inline lemma_queue_terms lemma_mm1_wait(double lambda, double k, double service_time) {
    const double rate = k * (1.0 / service_time);
    if (!(rate > lambda)) return {0.0, true};
    return {1.0 / (rate - lambda) - 1.0 / rate, false};
}

/// (rho + lambda k mu Var) / (2 (k mu - lambda)): eq. (11) at the aggregated rate k mu, Var = Var[S] / k^2.
[[nodiscard]] inline lemma_queue_terms lemma_mg1_wait(double lambda, double k, double service_time, double variance) {
    const double rate = k * (1.0 / service_time);
    if (!(rate > lambda)) return {0.0, true};
    const double rho = lambda / rate;
    const double aggregated_variance = variance / (k * k);
    return {(rho + lambda * rate * aggregated_variance) / (2.0 * (rate - lambda)), false};
}

/// lhs < rhs where rhs = offload terms - device wait, with the instability rules of the header comment.
[[nodiscard]] inline bool lemma_verdict(double lhs, double offload_terms, bool offload_unstable, double device_wait,
                                        bool device_unstable) {
    if (device_unstable) return false;
    if (offload_unstable) return true;
    return lhs < offload_terms - device_wait;
}

inline void validate_common(const char* fn, double s_dev, double s_edge, double k_dev, double k_edge, double bandwidth,
                            double request_bytes, double result_bytes) {
    require_positive(s_dev, fn, "device_service_time");
    require_positive(s_edge, fn, "edge_service_time");
    require_positive(k_dev, fn, "device_parallelism");
    require_positive(k_edge, fn, "edge_parallelism");
    require_positive(bandwidth, fn, "bandwidth");
    require_positive(request_bytes, fn, "request_bytes");
    require_non_negative(result_bytes, fn, "result_bytes");
}

} // namespace detail

/// Lemma 3.1, eq. (9): true when offloading a DNN workload (deterministic service) is slower on average.
///   s_dev - s_edge < lambda/(mu_dn(mu_dn - lambda)) + lambda/(mu_en(mu_en - lambda)) + (D_req + D_res)/B
///                    + 1/2 (1/(k_e mu_e - lambda) - 1/(k_e mu_e)) - 1/2 (1/(k_d mu_d - lambda) - 1/(k_d mu_d))
[[nodiscard]] inline bool offloading_loses_deterministic_service(const lemma_inputs& in) {
    constexpr const char* fn = "offload::offloading_loses_deterministic_service";
    const double lambda = detail::require_non_negative(in.arrival_rate, fn, "arrival_rate");
    detail::validate_common(fn, in.device_service_time, in.edge_service_time, in.device_parallelism,
                            in.edge_parallelism, in.bandwidth, in.request_bytes, in.result_bytes);
    const auto up = detail::lemma_nic_wait(lambda, in.bandwidth, in.request_bytes);
    const auto down = detail::lemma_nic_wait(lambda, in.bandwidth, in.result_bytes);
    const auto edge = detail::lemma_md1_wait(lambda, in.edge_parallelism, in.edge_service_time);
    const auto dev = detail::lemma_md1_wait(lambda, in.device_parallelism, in.device_service_time);
    const double transfer = (in.request_bytes + in.result_bytes) / in.bandwidth;
    return detail::lemma_verdict(in.device_service_time - in.edge_service_time,
                                 up.value + down.value + transfer + edge.value,
                                 up.unstable || down.unstable || edge.unstable, dev.value, dev.unstable);
}

/// Lemma 3.2, eq. (10): true when offloading to a shared (multi-tenant) edge is slower on average.
///   s_dev - s_edge < lambda_dev/(mu_dn(mu_dn - lambda_dev)) + lambda_edge/(mu_en(mu_en - lambda_edge))
///                    + (D_req + D_res)/B + (rho_edge + lambda_edge k_e mu_e Var)/(2(k_e mu_e - lambda_edge))
///                    - 1/2 (1/(k_d mu_d - lambda_dev) - 1/(k_d mu_d))
[[nodiscard]] inline bool offloading_loses_multi_tenant(const multi_tenant_lemma_inputs& in) {
    constexpr const char* fn = "offload::offloading_loses_multi_tenant";
    const double lambda_dev = detail::require_non_negative(in.device_arrival_rate, fn, "device_arrival_rate");
    const double lambda_edge = detail::require_non_negative(in.edge_arrival_rate, fn, "edge_arrival_rate");
    if (lambda_edge < lambda_dev)
        detail::throw_parameter_error(fn, "edge_arrival_rate", lambda_edge, "must be >= device_arrival_rate");
    detail::require_non_negative(in.edge_service_variance, fn, "edge_service_variance");
    detail::validate_common(fn, in.device_service_time, in.edge_service_time, in.device_parallelism,
                            in.edge_parallelism, in.bandwidth, in.request_bytes, in.result_bytes);
    const auto up = detail::lemma_nic_wait(lambda_dev, in.bandwidth, in.request_bytes);
    const auto down = detail::lemma_nic_wait(lambda_edge, in.bandwidth, in.result_bytes);
    const auto edge =
        detail::lemma_mg1_wait(lambda_edge, in.edge_parallelism, in.edge_service_time, in.edge_service_variance);
    const auto dev = detail::lemma_md1_wait(lambda_dev, in.device_parallelism, in.device_service_time);
    const double transfer = (in.request_bytes + in.result_bytes) / in.bandwidth;
    return detail::lemma_verdict(in.device_service_time - in.edge_service_time,
                                 up.value + down.value + transfer + edge.value,
                                 up.unstable || down.unstable || edge.unstable, dev.value, dev.unstable);
}

/// Lemma 3.3, eq. (12): true when offloading an RNN/LLM workload (exponential service) is slower on average.
///   s_dev - s_edge < lambda/(mu_dn(mu_dn - lambda)) + lambda/(mu_en(mu_en - lambda)) + (D_req + D_res)/B
///                    + 1/(k_e mu_e - lambda) - 1/(k_e mu_e) - 1/(k_d mu_d - lambda) + 1/(k_d mu_d)
[[nodiscard]] inline bool offloading_loses_exponential_service(const lemma_inputs& in) {
    constexpr const char* fn = "offload::offloading_loses_exponential_service";
    const double lambda = detail::require_non_negative(in.arrival_rate, fn, "arrival_rate");
    detail::validate_common(fn, in.device_service_time, in.edge_service_time, in.device_parallelism,
                            in.edge_parallelism, in.bandwidth, in.request_bytes, in.result_bytes);
    const auto up = detail::lemma_nic_wait(lambda, in.bandwidth, in.request_bytes);
    const auto down = detail::lemma_nic_wait(lambda, in.bandwidth, in.result_bytes);
    const auto edge = detail::lemma_mm1_wait(lambda, in.edge_parallelism, in.edge_service_time);
    const auto dev = detail::lemma_mm1_wait(lambda, in.device_parallelism, in.device_service_time);
    const double transfer = (in.request_bytes + in.result_bytes) / in.bandwidth;
    return detail::lemma_verdict(in.device_service_time - in.edge_service_time,
                                 up.value + down.value + transfer + edge.value,
                                 up.unstable || down.unstable || edge.unstable, dev.value, dev.unstable);
}

} // namespace offload
