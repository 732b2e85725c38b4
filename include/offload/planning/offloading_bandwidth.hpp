// offload/planning/offloading_bandwidth.hpp — joint binary offloading and bandwidth allocation (seed 002 §IV–V,
// DDLO): the problem and its evaluator (Q, eqs. 1–7), the exact bandwidth allocation P2, exact P1 by enumeration and
// by branch and bound, the seed's baselines, the task-size generator of the public code, and the DDLO learner.
// docs/planning.md ("Joint offloading and bandwidth allocation") describes each model.
#pragma once

#include "offload/planning/offloading_bandwidth/bandwidth.hpp"
#include "offload/planning/offloading_bandwidth/baselines.hpp"
#include "offload/planning/offloading_bandwidth/ddlo.hpp"
#include "offload/planning/offloading_bandwidth/exact.hpp"
#include "offload/planning/offloading_bandwidth/instances.hpp"
#include "offload/planning/offloading_bandwidth/problem.hpp"
