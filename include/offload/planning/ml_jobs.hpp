// offload/planning/ml_jobs.hpp — ML jobs on on-premises GPU workers (seed 000): the job model, the cluster
// scheduler simulator and the serving cost model. JSON job traces are opt-in:
// offload/planning/ml_jobs/trace.hpp (needs nlohmann_json). docs/planning.md describes each model.
#pragma once

#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/planning/ml_jobs/jobs.hpp"
#include "offload/planning/ml_jobs/serving_cost.hpp"
