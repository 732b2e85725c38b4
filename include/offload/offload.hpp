// offload/offload.hpp — the umbrella header: the queueing core and everything built on it (queues,
// distributions, pipelines, crossovers, decisions, the per-request policy) and the FLOPs description of
// models and hardware. It needs Boost (header-only Boost.Math) and nothing else.
//
// Opt-in headers, not included here (each one includes what it needs; include it yourself):
//   offload/flops/calibration.hpp  fitting hardware profiles to measurements (needs Eigen 3.4;
//                                  CMake target offload::calibration)
//   offload/flops/zoo.hpp          the model zoo: layer-by-layer builders of published networks
//   offload/simulation.hpp         the discrete-event simulator, the validation oracle (and its headers
//                                  under offload/simulation/)
//   offload/json/*.hpp             JSON reading and writing (needs nlohmann_json 3.11; CMake target
//                                  offload::json)
// docs/performance.md records what this header costs per translation unit and how it was measured.
#pragma once

#include "offload/concepts.hpp"
#include "offload/crossover.hpp"
#include "offload/decision.hpp"
#include "offload/error.hpp"
#include "offload/flops.hpp"
#include "offload/pipelines.hpp"
#include "offload/policy.hpp"
#include "offload/queues.hpp"
