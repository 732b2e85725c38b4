// tests/raw_demand.hpp — a service_demand with its fields assigned directly (bypassing the validating
// constructor), to test that from_demand and the pipelines re-check a demand that was modified in place.
#pragma once

#include "offload/concepts.hpp"

namespace offload::test {
inline service_demand raw_demand(double mean_seconds, double scv, double parallelism) {
    service_demand d;
    d.mean_seconds = mean_seconds;
    d.scv = scv;
    d.parallelism = parallelism;
    return d;
}
} // namespace offload::test
