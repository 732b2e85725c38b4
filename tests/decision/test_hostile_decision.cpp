// tests/decision/test_hostile_decision.cpp — issue 18 #9: enumerations outside their range (integers from
// Python or files) are parameter errors naming the parameter, never an index into an array.
#include <catch2/catch.hpp>

#include "offload/decision/tier.hpp"
#include "offload/error.hpp"

TEST_CASE("hostile #9: tier_environment::flops and unit_latency reject a tier outside the enumeration",
          "[decision][hostile][tier]") {
    const offload::tier_environment env(1e9, 1e10, 1e11, 0.01, 0.05);
    const auto bad = static_cast<offload::tier>(99);
    CHECK_THROWS_AS(env.flops(bad), offload::parameter_error);
    CHECK_THROWS_WITH(env.flops(bad), Catch::Contains("offload::tier_environment::flops") &&
                                          Catch::Contains("'t' = 99") && Catch::Contains("enumerators"));
    CHECK_THROWS_WITH(env.unit_latency(static_cast<offload::tier>(3)), Catch::Contains("'t' = 3"));
    CHECK(env.flops(offload::tier::cloud) == 1e11);
    CHECK(env.unit_latency(offload::tier::device) == 0.0);
    CHECK(env.unit_latency(offload::tier::cloud) == 0.05);
}

TEST_CASE("hostile #9: choose_tier rejects a fidelity outside the enumeration", "[decision][hostile][tier]") {
    const offload::tier_environment env(1e9, 1e10, 1e11, 0.01, 0.05);
    const offload::tier_workload w{1e6, 10.0};
    CHECK_THROWS_WITH(offload::choose_tier(env, w, static_cast<offload::tier_fidelity>(7)),
                      Catch::Contains("'fidelity' = 7"));
}

namespace {
enum class signed_enum { a, b, c };
}

TEST_CASE("hostile #9: require_enumerator rejects negative values of an int-based enumeration",
          "[decision][hostile][enum]") {
    using offload::detail::require_enumerator;
    CHECK(require_enumerator(signed_enum::b, signed_enum::c, "f", "e") == signed_enum::b);
    CHECK_THROWS_WITH(require_enumerator(static_cast<signed_enum>(-1), signed_enum::c, "f", "e"),
                      Catch::Contains("'e' = -1"));
    CHECK_THROWS_AS(require_enumerator(static_cast<signed_enum>(3), signed_enum::c, "f", "e"),
                    offload::parameter_error);
}
