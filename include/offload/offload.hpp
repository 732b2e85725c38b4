// offload/offload.hpp — the umbrella header. JSON serialization is opt-in: include offload/json.hpp.
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/queues.hpp"
#include "offload/pipelines.hpp"
#include "offload/crossover.hpp"
