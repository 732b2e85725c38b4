// offload/policy.hpp — the per-request policy object: its description, its published snapshot (a sequence
// lock over atomics), the policy itself and its online estimators.
#pragma once

#include "offload/policy/description.hpp"
#include "offload/policy/estimators.hpp"
#include "offload/policy/offload_policy.hpp"
#include "offload/policy/snapshot.hpp"
