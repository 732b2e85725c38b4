// offload/flops.hpp — umbrella for FLOPs-based layer and model descriptions, hardware profiles and presets,
// and latency estimates (part of offload/offload.hpp).
//
// Opt-in, not included here: offload/flops/zoo.hpp (the model zoo), offload/flops/calibration.hpp (fitting
// profiles to measurements; needs Eigen, CMake target offload::calibration), and JSON in
// offload/json/flops_model.hpp and offload/json/hardware_profile.hpp (needs nlohmann_json, offload::json).
#pragma once

#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/layer_cost.hpp"
#include "offload/flops/layers.hpp"
#include "offload/flops/model.hpp"
#include "offload/flops/split_points.hpp"
