// offload/planning/provisioning.hpp — joint model provisioning and request dispatch on edge nodes (seed 004
// §3–§6): the problem, the evaluator and placement diff, greedy / the seed's iterative search / a fast
// heuristic with a Lagrangian lower bound, an exact branch and bound, CPLEX LP export and CBC solution import,
// queueing-aware dispatch of request streams (M/G/1 nodes, routing fractions, simulator check),
// and the Table 6.1 instance generator. docs/planning.md describes the model and the readings of the seed.
#pragma once

#include "offload/planning/provisioning/branch_and_bound.hpp"
#include "offload/planning/provisioning/heuristics.hpp"
#include "offload/planning/provisioning/instances.hpp"
#include "offload/planning/provisioning/lp_format.hpp"
#include "offload/planning/provisioning/modes.hpp"
#include "offload/planning/provisioning/plan.hpp"
#include "offload/planning/provisioning/problem.hpp"
#include "offload/planning/provisioning/queueing_dispatch.hpp"
