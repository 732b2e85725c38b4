// offload/planning.hpp — opt-in umbrella for the batch planners (not part of offload/offload.hpp).
// Multi-job allocation across shared cloud/edge servers and per-job devices (seed 001 §V–VI): the problem,
// the evaluator, the seed's Algorithm 2, the Table VII baselines, an exact branch and bound and a fast
// heuristic, and the builder that makes an instance from the FLOPs-based tier estimates. ML jobs on
// on-premises GPU workers (seed 000): the scheduler simulator and the serving cost model (JSON job traces are
// opt-in: offload/planning/ml_job_trace.hpp). docs/planning.md describes each model.
#pragma once

#include "offload/planning/baselines.hpp"
#include "offload/planning/branch_and_bound.hpp"
#include "offload/planning/cluster_scheduler.hpp"
#include "offload/planning/from_predictions.hpp"
#include "offload/planning/list_scheduling.hpp"
#include "offload/planning/ml_jobs.hpp"
#include "offload/planning/problem.hpp"
#include "offload/planning/reference_instances.hpp"
#include "offload/planning/schedule.hpp"
#include "offload/planning/serving_cost.hpp"
#include "offload/planning/tabu_search.hpp"
