// Tests for offload/decision/energy.hpp: seed 002 Eqs. 1 and 5 and the weighted cost.
#include <cmath>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/decision/energy.hpp"

using namespace offload;
using offload::test::rel;

TEST_CASE("seed 002 energy: local d e^l, offload d e^t + alpha d", "[decision][energy]") {
    const energy_model m(2e-9, 5e-9, 1e-9); // J/bit
    const double d = 8.0e6;                 // 1 MB
    CHECK(local_energy(m, d) == rel(0.016));
    CHECK(offload_energy(m, d) == rel(0.040 + 0.008));
    CHECK(offload_energy(energy_model(2e-9, 5e-9), d) == rel(0.040)); // alpha = 0: device only
    // split: f = 1 and nothing sent is local; f = 0 and all sent is offload
    CHECK(split_energy(m, d, 1.0, 0.0) == rel(local_energy(m, d)));
    CHECK(split_energy(m, d, 0.0, d) == rel(offload_energy(m, d)));
    CHECK(split_energy(m, d, 0.25, 1.0e6) == rel(0.25 * 0.016 + 0.005 + 0.75 * 0.008));
    CHECK(energy_delay_cost(0.5, 0.02, 10.0) == rel(0.7));
    CHECK(energy_delay_cost(0.5, infinity, 10.0) == infinity);
    CHECK(energy_delay_cost(0.5, infinity, 0.0) == 0.5); // never 0 x inf = NaN
}

TEST_CASE("seed 002 energy: bad input", "[decision][energy]") {
    CHECK_THROWS_AS(energy_model(-1.0, 0.0), parameter_error);
    CHECK_THROWS_WITH(energy_model(0.0, std::nan("")), Catch::Contains("transmit_joules_per_bit"));
    CHECK_THROWS_AS(energy_model(0.0, 0.0, infinity), parameter_error);
    const energy_model m(1e-9, 1e-9);
    CHECK_THROWS_AS(local_energy(m, -1.0), parameter_error);
    CHECK_THROWS_AS(offload_energy(m, std::nan("")), parameter_error);
    CHECK_THROWS_WITH(split_energy(m, 1.0, 1.5, 0.0), Catch::Contains("device_fraction"));
    CHECK_THROWS_AS(split_energy(m, 1.0, 0.5, -2.0), parameter_error);
    CHECK_THROWS_AS(energy_delay_cost(1.0, -0.1, 1.0), parameter_error);
    CHECK_THROWS_AS(energy_delay_cost(1.0, std::nan(""), 1.0), parameter_error);
    CHECK_THROWS_AS(energy_delay_cost(1.0, 0.1, -1.0), parameter_error);
}
