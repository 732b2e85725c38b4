// offload/offload.hpp — the umbrella header. JSON serialization is opt-in: include the headers under
// offload/json/ yourself (json.hpp costs about 2 s of parse time per translation unit).
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/queues.hpp"
#include "offload/pipelines.hpp"
#include "offload/crossover.hpp"
#include "offload/decision.hpp"
#include "offload/policy.hpp"
#include "offload/flops.hpp"
#include "offload/simulation.hpp"
