// offload/crossover.hpp — where on-device and offload mean latencies cross (bandwidth, request rate, payload,
// device slowdown, edge service time, co-located tenants).
#pragma once

#include "offload/crossover/device_vs_offload.hpp"
#include "offload/crossover/find_crossovers.hpp"
