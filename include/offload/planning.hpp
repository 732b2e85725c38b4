// offload/planning.hpp — opt-in umbrella for the batch planners (not part of offload/offload.hpp).
// Multi-job allocation across shared cloud/edge servers and per-job devices (seed 001 §V–VI): the problem,
// the evaluator, the seed's Algorithm 2, the Table VII baselines, an exact branch and bound and a fast
// heuristic. docs/planning.md describes the model and each algorithm.
#pragma once

#include "offload/planning/baselines.hpp"
#include "offload/planning/branch_and_bound.hpp"
#include "offload/planning/list_scheduling.hpp"
#include "offload/planning/problem.hpp"
#include "offload/planning/reference_instances.hpp"
#include "offload/planning/schedule.hpp"
#include "offload/planning/tabu_search.hpp"
