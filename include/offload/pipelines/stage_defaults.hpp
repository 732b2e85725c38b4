// offload/pipelines/stage_defaults.hpp — the seed's stage choices by workload kind (seed 003 §3.3, §3.5).
//
//   service_kind::deterministic  DNN inference on an accelerator: k_parallel<md1>  (Lemma 3.1, eq. 6)
//   service_kind::exponential    RNN / LLM inference:             k_parallel<mm1>  (Lemma 3.3)
//   service_kind::general        a measured service-time SCV:     k_parallel<mg1>  (Lemma 3.2, multi-tenant edges)
//
// k_parallel<Base> is the seed's aggregated-rate approximation: the wait of Base at rate k mu plus the full
// service time; service_demand.parallelism is k (real, >= 1). For k = 1 it is the plain M/D/1, M/M/1, M/G/1.
// The exact multi-server mmc/mdc plug in the same way as the pipelines' template arguments.
#pragma once

#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/service_kind.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/queues/gg1.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload {

namespace detail {
template <service_kind K>
struct stage_for_kind;
template <>
struct stage_for_kind<service_kind::deterministic> {
    using type = k_parallel<md1>;
};
template <>
struct stage_for_kind<service_kind::exponential> {
    using type = k_parallel<mm1>;
};
template <>
struct stage_for_kind<service_kind::general> {
    using type = k_parallel<mg1>;
};
} // namespace detail

/// The processing-stage model the seed uses for a workload kind.
template <service_kind K>
using stage_for = typename detail::stage_for_kind<K>::type;

/// The seed's NIC model: M/M/1 at service rate B / D.
using nic_stage = mm1;

/// A NIC whose transfer time is exactly D / B: a rate-limited link (token bucket, shaped uplink) carrying
/// fixed-size payloads, FCFS: M/D/1. On the testbed (docs/validation-testbed.md) this is what a shaped link
/// measures; the seed's M/M/1 overstates its p99 by up to 2x. Use it as offload_pipeline<R, deterministic_nic_stage>.
using deterministic_nic_stage = md1;

/// Pipelines with the seed's stages: dnn_* (deterministic), llm_* (exponential), general_* (M/G/1).
using dnn_on_device = on_device_pipeline<stage_for<service_kind::deterministic>>;
using dnn_offload = offload_pipeline<stage_for<service_kind::deterministic>, nic_stage>;
using dnn_split =
    split_pipeline<stage_for<service_kind::deterministic>, stage_for<service_kind::deterministic>, nic_stage>;
using llm_on_device = on_device_pipeline<stage_for<service_kind::exponential>>;
using llm_offload = offload_pipeline<stage_for<service_kind::exponential>, nic_stage>;
using general_on_device = on_device_pipeline<stage_for<service_kind::general>>;
/// A shared (multi-tenant) edge: k_parallel<mg1> on the tenants' mixture (aggregate_demand).
using multi_tenant_offload = offload_pipeline<stage_for<service_kind::general>, nic_stage>;

// Every pipeline is a latency_pipeline when its stages have distributions, and a mean_latency_pipeline always.
static_assert(latency_pipeline<dnn_on_device> && latency_pipeline<dnn_offload> && latency_pipeline<dnn_split>);
static_assert(latency_pipeline<llm_on_device> && latency_pipeline<llm_offload> && latency_pipeline<general_on_device>);
static_assert(latency_pipeline<multi_tenant_offload>);
static_assert(latency_pipeline<tenant_offload_pipeline<stage_for<service_kind::general>, nic_stage>>);
static_assert(latency_pipeline<tenant_split_pipeline<stage_for<service_kind::deterministic>,
                                                     stage_for<service_kind::general>, nic_stage>>);
static_assert(mean_latency_pipeline<on_device_pipeline<gg1>> && !latency_pipeline<on_device_pipeline<gg1>>);
static_assert(mean_latency_pipeline<offload_pipeline<gg1, gg1>> && !latency_pipeline<offload_pipeline<gg1, gg1>>);
static_assert(mean_latency_pipeline<split_pipeline<gg1, gg1, gg1>>);

} // namespace offload
