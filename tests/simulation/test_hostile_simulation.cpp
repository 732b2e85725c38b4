// tests/simulation/test_hostile_simulation.cpp — issue 18 #16: a valid but extreme distribution has finite
// moments where they exist (no NaN from an intermediate overflow).
#include <cmath>

#include <catch2/catch.hpp>

#include "offload/simulation/distribution.hpp"

namespace sim = offload::sim;

TEST_CASE("hostile #16: uniform(0.1, 1e300) has its scv, not NaN", "[simulation][hostile]") {
    const sim::distribution d = sim::uniform(0.1, 1e300);
    // (high - low) / mean = 2 (1 - 2e-301) / (1 + 2e-301) = 2 in double precision: scv = 4 / 12
    CHECK(scv(d) == Approx(1.0 / 3.0).epsilon(1e-15));
    CHECK(mean(d) == 0.5e300);
    CHECK(!std::isnan(variance(d)));
    CHECK(scv(sim::uniform(1.0, 3.0)) == Approx(4.0 / 12.0 / 4.0).epsilon(1e-15));
}
