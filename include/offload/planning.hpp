// offload/planning.hpp — opt-in umbrella for the batch planners (not part of offload/offload.hpp).
// One sub-area per planner, each with its own umbrella: multi-job allocation (planning/multi_job.hpp) and
// ML jobs on on-premises GPU workers (planning/ml_jobs.hpp). docs/planning.md describes each model.
#pragma once

#include "offload/planning/ml_jobs.hpp"
#include "offload/planning/multi_job.hpp"
#include "offload/planning/offloading_bandwidth.hpp"
#include "offload/planning/provisioning.hpp"
