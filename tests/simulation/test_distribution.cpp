#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/simulation/distribution.hpp"

namespace sim = offload::sim;
using offload::test::rel;

namespace {

struct moments {
    double mean;
    double scv;
    double min;
};

moments sample_moments(const sim::distribution& d, int n, std::uint64_t seed) {
    sim::xoshiro256ss g(seed);
    double s1 = 0.0, s2 = 0.0, lo = std::numeric_limits<double>::infinity();
    for (int i = 0; i < n; ++i) {
        const double x = sample(d, g);
        s1 += x;
        s2 += x * x;
        lo = std::min(lo, x);
    }
    const double m = s1 / n;
    return {m, (s2 / n - m * m) / (m * m), lo};
}

} // namespace

TEST_CASE("distribution: declared moments of every kind", "[simulation][distribution]") {
    CHECK(mean(sim::deterministic(2.5)) == 2.5);
    CHECK(scv(sim::deterministic(2.5)) == 0.0);
    CHECK(mean(sim::exponential(0.2)) == 0.2);
    CHECK(scv(sim::exponential(0.2)) == 1.0);
    CHECK(variance(sim::exponential(0.2)) == rel(0.04));
    CHECK(second_moment(sim::exponential(0.2)) == rel(0.08));
    CHECK(scv(sim::erlang(4, 1.0)) == rel(0.25));
    CHECK(sim::erlang(4, 2.0).parameter(0) == rel(4.0)); // shape
    CHECK(sim::erlang(4, 2.0).parameter(1) == rel(0.5)); // scale
    CHECK(scv(sim::gamma(3.0, 2.0)) == 2.0);
    CHECK(mean(sim::lognormal(3.0, 2.0)) == 3.0);
    CHECK(sim::lognormal(3.0, 2.0).parameter(1) == rel(std::sqrt(std::log(3.0))));
    CHECK(mean(sim::uniform(1.0, 3.0)) == 2.0);
    CHECK(scv(sim::uniform(1.0, 3.0)) == rel(4.0 / 12.0 / 4.0));
    const auto h = sim::hyperexponential2(1.0, 5.0);
    CHECK(scv(h) == 5.0);
    // balanced means: p1 / rate1 = p2 / rate2 = mean / 2
    CHECK(h.parameter(0) / h.parameter(1) == rel(0.5));
    CHECK((1.0 - h.parameter(0)) / h.parameter(2) == rel(0.5));
    // E[X^2] = 2 (p1 / r1^2 + p2 / r2^2) must equal mean^2 (1 + scv) = 6
    CHECK(2.0 * (h.parameter(0) / (h.parameter(1) * h.parameter(1)) +
                 (1.0 - h.parameter(0)) / (h.parameter(2) * h.parameter(2))) ==
          rel(6.0));
    const auto e = sim::empirical({1.0, 2.0, 3.0, 6.0});
    CHECK(mean(e) == 3.0);
    CHECK(variance(e) == rel(3.5)); // (4 + 1 + 0 + 9) / 4
    CHECK(e.samples().size() == 4);
    CHECK(sim::distribution().kind() == sim::distribution_kind::deterministic);
    CHECK(mean(sim::distribution()) == 0.0);
    CHECK(std::string(to_string(sim::distribution_kind::hyperexponential2)) == "hyperexponential2");
}

TEST_CASE("distribution: sample moments match the declared mean and scv", "[simulation][distribution]") {
    constexpr int n = 400000;
    const std::vector<sim::distribution> ds = {sim::exponential(0.5),
                                               sim::erlang(3, 2.0),
                                               sim::gamma(1.5, 0.1),
                                               sim::gamma(1.0, 3.0),
                                               sim::lognormal(2.0, 0.5),
                                               sim::lognormal(0.1, 1.5),
                                               sim::uniform(0.5, 1.5),
                                               sim::hyperexponential2(1.0, 1.0),
                                               sim::hyperexponential2(1.0, 4.0),
                                               sim::empirical({0.1, 0.4, 0.4, 2.0})};
    std::uint64_t seed = 11;
    for (const auto& d : ds) {
        INFO("kind " << to_string(d.kind()) << ", mean " << mean(d) << ", scv " << scv(d));
        const auto m = sample_moments(d, n, seed++);
        // mean: within 5 standard errors; scv within 5% (10% for the heavy lognormal tail)
        CHECK(std::abs(m.mean - mean(d)) < 5.0 * std::sqrt(variance(d) / n));
        CHECK(std::abs(m.scv - scv(d)) < (d.kind() == sim::distribution_kind::lognormal ? 0.1 : 0.05) * scv(d));
        CHECK(m.min >= 0.0);
    }
    // deterministic: exact, and draws no random numbers
    sim::xoshiro256ss g(1), untouched(1);
    CHECK(sample(sim::deterministic(0.25), g) == 0.25);
    CHECK(g == untouched);
    // uniform support
    sim::xoshiro256ss u(5);
    for (int i = 0; i < 10000; ++i) {
        const double x = sample(sim::uniform(0.5, 1.5), u);
        REQUIRE(x >= 0.5);
        REQUIRE(x < 1.5);
    }
    // empirical only returns listed values
    sim::xoshiro256ss v(6);
    for (int i = 0; i < 1000; ++i) {
        const double x = sample(sim::empirical({0.1, 0.4, 2.0}), v);
        REQUIRE((x == 0.1 || x == 0.4 || x == 2.0));
    }
}

TEST_CASE("distribution: copies share the same draws for the same generator state", "[simulation][distribution]") {
    const auto d = sim::lognormal(1.0, 0.7);
    const auto copy = d;
    sim::xoshiro256ss a(99), b(99);
    for (int i = 0; i < 100; ++i) CHECK(sample(d, a) == sample(copy, b));
}

TEST_CASE("distribution: bad parameters", "[simulation][distribution][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(sim::deterministic(-1.0), offload::parameter_error);
    CHECK_THROWS_WITH(sim::deterministic(nan),
                      Catch::Contains("offload::sim::deterministic") && Catch::Contains("'value_seconds' = nan"));
    CHECK_THROWS_AS(sim::deterministic(inf), offload::parameter_error);
    CHECK_THROWS_WITH(sim::exponential(0.0),
                      Catch::Contains("offload::sim::exponential") && Catch::Contains("'mean_seconds' = 0"));
    CHECK_THROWS_AS(sim::exponential(-2.0), offload::parameter_error);
    CHECK_THROWS_WITH(sim::gamma(1.0, 0.0), Catch::Contains("offload::sim::gamma") && Catch::Contains("'scv' = 0"));
    CHECK_THROWS_AS(sim::gamma(1.0, 1e-13), offload::parameter_error);
    CHECK_THROWS_AS(sim::gamma(nan, 1.0), offload::parameter_error);
    CHECK_THROWS_WITH(sim::erlang(2.5, 1.0),
                      Catch::Contains("offload::sim::erlang") && Catch::Contains("'phases' = 2.5"));
    CHECK_THROWS_AS(sim::erlang(0, 1.0), offload::parameter_error);
    CHECK_THROWS_AS(sim::erlang(2, 0.0), offload::parameter_error);
    CHECK_THROWS_WITH(sim::lognormal(1.0, -1.0),
                      Catch::Contains("offload::sim::lognormal") && Catch::Contains("'scv' = -1"));
    CHECK_THROWS_AS(sim::lognormal(inf, 1.0), offload::parameter_error);
    CHECK_THROWS_WITH(sim::uniform(2.0, 1.0),
                      Catch::Contains("offload::sim::uniform") && Catch::Contains("'high_seconds' = 1"));
    CHECK_THROWS_AS(sim::uniform(1.0, 1.0), offload::parameter_error);
    CHECK_THROWS_AS(sim::uniform(-1.0, 1.0), offload::parameter_error);
    CHECK_THROWS_WITH(sim::hyperexponential2(1.0, 0.5),
                      Catch::Contains("offload::sim::hyperexponential2") && Catch::Contains("'scv' = 0.5"));
    CHECK_THROWS_AS(sim::hyperexponential2(1.0, inf), offload::parameter_error);
    CHECK_THROWS_AS(sim::hyperexponential2(1.0, 1e40), offload::parameter_error);
    CHECK_THROWS_WITH(sim::empirical({}),
                      Catch::Contains("offload::sim::empirical") && Catch::Contains("at least one"));
    CHECK_THROWS_AS(sim::empirical({1.0, -0.5}), offload::parameter_error);
    CHECK_THROWS_AS(sim::empirical({1.0, nan}), offload::parameter_error);
}
