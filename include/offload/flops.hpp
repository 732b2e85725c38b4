// offload/flops.hpp — umbrella for FLOPs-based layer and model descriptions and hardware latency estimates.
// JSON is opt-in: offload/json/flops_model.hpp, offload/json/hardware_profile.hpp.
#pragma once

#include "offload/flops/layer_cost.hpp"
#include "offload/flops/layers.hpp"
#include "offload/flops/model.hpp"
#include "offload/flops/split_points.hpp"
#include "offload/flops/zoo.hpp"

#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/calibration.hpp"
