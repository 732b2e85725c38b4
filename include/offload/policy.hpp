// offload/policy.hpp — the per-request policy object and its online estimators.
#pragma once

#include "offload/policy/estimators.hpp"
#include "offload/policy/offload_policy.hpp"
