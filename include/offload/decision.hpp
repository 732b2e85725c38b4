// offload/decision.hpp — decisions as pure functions: objectives and constraints (choose), predictions from
// the pipelines, seed 001's tier choice (and its queueing counterpart), seed 003's adaptive offloading across
// E edges, split choice over the FLOPs layer's split points, and seed 002's energy model.
#pragma once

#include "offload/decision/adaptive_offloading.hpp"
#include "offload/decision/energy.hpp"
#include "offload/decision/objective.hpp"
#include "offload/decision/predict.hpp"
#include "offload/decision/split_choice.hpp"
#include "offload/decision/tier.hpp"
