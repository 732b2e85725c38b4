// tests/crossover/test_hostile_crossover.cpp — issue 18 #16: NaN never decides a comparison or reaches a report.
#include <limits>

#include <catch2/catch.hpp>

#include "offload/crossover/find_crossovers.hpp"
#include "offload/error.hpp"

namespace {
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("hostile #16: compare_latencies rejects NaN instead of calling it a tie", "[crossover][hostile]") {
    CHECK_THROWS_WITH(offload::compare_latencies(nan_value, 0.1),
                      Catch::Contains("offload::compare_latencies: parameter 'first_latency' = nan"));
    CHECK_THROWS_WITH(offload::compare_latencies(0.1, nan_value), Catch::Contains("'second_latency' = nan"));
    CHECK(offload::compare_latencies(0.1, 0.1) == offload::winner::tie);
}

TEST_CASE("hostile #16: describe rejects a scale that is not finite and > 0", "[crossover][hostile]") {
    const offload::crossover_result r{{2.0},
                                      {{0.5, 2.0, offload::winner::first}, {2.0, 10.0, offload::winner::second}}};
    for (const double bad : {nan_value, 0.0, -1.0, std::numeric_limits<double>::infinity()})
        CHECK_THROWS_WITH(offload::describe(r, bad), Catch::Contains("offload::describe: parameter 'scale'"));
    CHECK(offload::describe(r) == "2  ([0.5, 2]: first, [2, 10]: second)");
    CHECK(offload::describe(r, 1e3, "ms").rfind("2000 ms", 0) == 0);
}

TEST_CASE("hostile: label rejects a winner outside the enumeration", "[crossover][hostile]") {
    const auto r = offload::with_labels(offload::crossover_result{}, "device", "edge");
    CHECK(offload::label(r, offload::winner::first) == "device");
    CHECK(offload::label(r, offload::winner::second) == "edge");
    CHECK(offload::label(r, offload::winner::neither) == "neither (both unstable)");
    CHECK_THROWS_WITH(offload::label(r, static_cast<offload::winner>(4)),
                      Catch::Contains("offload::label: parameter 'w' = 4"));
    CHECK_THROWS_WITH(offload::label(r, static_cast<offload::winner>(-1)), Catch::Contains("parameter 'w' = -1"));
}
