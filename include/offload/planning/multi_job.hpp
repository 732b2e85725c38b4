// offload/planning/multi_job.hpp — multi-job allocation across shared cloud/edge servers and per-job devices
// (seed 001 §V–VI): the problem, the evaluator, the seed's Algorithm 2, the Table VII baselines, an exact
// branch and bound, a fast list heuristic, and the builder from the FLOPs-based tier estimates.
// docs/planning.md describes each model.
#pragma once

#include "offload/planning/multi_job/baselines.hpp"
#include "offload/planning/multi_job/branch_and_bound.hpp"
#include "offload/planning/multi_job/from_predictions.hpp"
#include "offload/planning/multi_job/list_scheduling.hpp"
#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"
#include "offload/planning/multi_job/schedule.hpp"
#include "offload/planning/multi_job/tabu_search.hpp"
