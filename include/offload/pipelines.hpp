// offload/pipelines.hpp — end-to-end latency pipelines: on-device, edge/cloud offload, multi-tenant edge, split,
// the seed's lemmas as predicates, and the seed's default stage choices.
#pragma once

#include "offload/pipelines/breakdown.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/latency_inversion.hpp"
#include "offload/pipelines/lemmas.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/pipelines/stage_defaults.hpp"
