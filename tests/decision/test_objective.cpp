// Tests for offload/decision/objective.hpp: objective values, constraint violation, choose() rules.
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/decision/objective.hpp"

using namespace offload;
using offload::test::rel;

namespace {
option_prediction make(double mean, double p95, double p99, double miss, double energy, bool stable = true) {
    option_prediction p;
    p.mean = mean;
    p.p95 = p95;
    p.p99 = p99;
    p.deadline_miss = miss;
    p.energy = energy;
    p.stable = stable;
    return p;
}
option_prediction unstable() { return option_prediction{}; }
} // namespace

TEST_CASE("objective_value reads the right field", "[decision][objective]") {
    const option_prediction p = make(0.02, 0.05, 0.08, 0.1, 3.0);
    CHECK(objective_value(p, objective::mean_latency()) == 0.02);
    CHECK(objective_value(p, objective::percentile(percentile_level::p95)) == 0.05);
    CHECK(objective_value(p, objective::percentile(percentile_level::p99)) == 0.08);
    CHECK(objective_value(p, objective::deadline_miss()) == 0.1);
    CHECK(objective_value(p, objective::energy_delay(10.0)) == rel(3.0 + 10.0 * 0.02));
    CHECK(objective_value(unstable(), objective::mean_latency()) == infinity);
    CHECK(objective_value(unstable(), objective::energy_delay(0.0)) == infinity);
}

TEST_CASE("constraint_violation: relative excess summed, zero when met", "[decision][objective]") {
    const option_prediction p = make(0.02, 0.05, 0.08, 0.1, 3.0);
    CHECK(constraint_violation(p, {}) == 0.0);
    CHECK(meets(p, {}));
    constraints c;
    c.max_p99 = 0.05; // 60 % over
    CHECK(constraint_violation(p, c) == rel(0.6));
    c.max_mean = 0.01; // 100 % over
    CHECK(constraint_violation(p, c) == rel(1.6));
    CHECK_FALSE(meets(p, c));
    constraints z;
    z.max_deadline_miss = 0.0; // a zero bound: absolute excess
    CHECK(constraint_violation(p, z) == rel(0.1));
    CHECK(constraint_violation(unstable(), {}) == infinity);
    CHECK_FALSE(meets(unstable(), {}));
    constraints exact;
    exact.max_p99 = 0.08; // on the bound is met
    CHECK(meets(p, exact));
}

TEST_CASE("choose: lowest objective among stable options, ties to the lower mean then index", "[decision][objective]") {
    const std::array<option_prediction, 3> o = {make(0.03, 0.04, 0.05, 0, 1), make(0.02, 0.06, 0.09, 0, 2),
                                                make(0.025, 0.035, 0.045, 0, 0.5)};
    CHECK(choose(o, objective::mean_latency()).index == 1);
    CHECK(choose(o, objective::percentile(percentile_level::p99)).index == 2);
    CHECK(choose(o, objective::percentile(percentile_level::p95)).index == 2);
    CHECK(choose(o, objective::energy_delay(0.0)).index == 2); // energy only
    CHECK(choose(o, objective::energy_delay(1e6)).index == 1); // delay dominates
    const choice c = choose(o, objective::mean_latency());
    CHECK(c.reason == choice_reason::best_objective);
    CHECK(c.feasible);
    CHECK(c.value == 0.02);
    // deadline miss 0 for all: ties broken by the lower mean
    CHECK(choose(o, objective::deadline_miss()).index == 1);
    // exact tie in mean: the earlier option
    const std::array<option_prediction, 2> tie = {make(0.02, 1, 1, 0, 0), make(0.02, 1, 1, 0, 0)};
    CHECK(choose(tie, objective::mean_latency()).index == 0);
}

TEST_CASE("choose: an unstable option is never chosen while a stable one exists", "[decision][objective]") {
    std::array<option_prediction, 3> o = {unstable(), make(5.0, 6, 7, 1, 0), unstable()};
    const choice c = choose(o, objective::mean_latency());
    CHECK(c.index == 1);
    CHECK(c.feasible);
    // even if the unstable one carries a (bogus) small mean
    o[0].mean = 1e-9;
    CHECK(choose(o, objective::mean_latency()).index == 1);
    constraints tight;
    tight.max_mean = 1.0; // the stable option violates: it is still the least bad, never the unstable one
    const choice d = choose(o, objective::mean_latency(), tight);
    CHECK(d.index == 1);
    CHECK(d.reason == choice_reason::no_option_meets_constraints);
    CHECK_FALSE(d.feasible);
}

TEST_CASE("choose: constraints filter, and when nothing meets them the least bad is returned",
          "[decision][objective]") {
    // option 0: fast mean, bad p99; option 1: slower mean, good p99
    const std::array<option_prediction, 2> o = {make(0.010, 0.05, 0.120, 0.0, 0), make(0.015, 0.03, 0.040, 0.0, 0)};
    CHECK(choose(o, objective::mean_latency()).index == 0);
    constraints p99;
    p99.max_p99 = 0.050;
    const choice c = choose(o, objective::mean_latency(), p99);
    CHECK(c.index == 1);
    CHECK(c.feasible);
    CHECK(c.reason == choice_reason::best_objective);
    constraints impossible;
    impossible.max_p99 = 0.020; // violations: 5.0 and 1.0 -> option 1 is least bad
    const choice d = choose(o, objective::mean_latency(), impossible);
    CHECK(d.index == 1);
    CHECK(d.reason == choice_reason::no_option_meets_constraints);
    CHECK_FALSE(d.feasible);
    CHECK(d.value == 0.015);
}

TEST_CASE("choose: no stable option, no options", "[decision][objective]") {
    const std::array<option_prediction, 2> o = {unstable(), unstable()};
    const choice c = choose(o, objective::mean_latency());
    CHECK(c.reason == choice_reason::no_stable_option);
    CHECK(c.index == 0);
    CHECK_FALSE(c.feasible);
    CHECK(c.value == infinity);
    const choice e = choose({}, objective::mean_latency());
    CHECK(e.reason == choice_reason::no_options);
}

TEST_CASE("worth_switching: relative and absolute margins", "[decision][objective]") {
    CHECK(worth_switching(0.10, 0.08, 0.1));
    CHECK_FALSE(worth_switching(0.10, 0.095, 0.1));
    CHECK_FALSE(worth_switching(1.0, 0.75, 0.25)); // exactly the margin: not more
    CHECK(worth_switching(infinity, 5.0, 0.5));
    CHECK_FALSE(worth_switching(infinity, infinity, 0.0));
    CHECK_FALSE(worth_switching(0.0, 0.0, 0.0));
    CHECK_FALSE(worth_switching(0.02, 0.01, 0.0, 0.02)); // absolute floor
}

TEST_CASE("validate_objective and validate_constraints reject bad input", "[decision][objective]") {
    CHECK_NOTHROW(validate_objective(objective::energy_delay(2.0), "f"));
    CHECK_THROWS_AS(validate_objective(objective::energy_delay(-1.0), "f"), parameter_error);
    CHECK_THROWS_AS(validate_objective(objective::energy_delay(std::nan("")), "f"), parameter_error);
    objective bad;
    bad.kind = static_cast<objective_kind>(9);
    CHECK_THROWS_WITH(validate_objective(bad, "fn"), Catch::Contains("objective.kind"));
    objective bad_level;
    bad_level.kind = objective_kind::percentile_latency;
    bad_level.level = static_cast<percentile_level>(7);
    CHECK_THROWS_AS(validate_objective(bad_level, "f"), parameter_error);
    CHECK_NOTHROW(validate_constraints({}, "f"));
    constraints c;
    c.max_p99 = -1.0;
    CHECK_THROWS_WITH(validate_constraints(c, "offload::x"),
                      Catch::Contains("constraints.max_p99") && Catch::Contains("offload::x"));
    constraints n;
    n.max_mean = std::nan("");
    CHECK_THROWS_AS(validate_constraints(n, "f"), parameter_error);
    constraints m;
    m.max_deadline_miss = 1.5;
    CHECK_THROWS_AS(validate_constraints(m, "f"), parameter_error);
}

TEST_CASE("to_string names", "[decision][objective]") {
    CHECK(std::string(to_string(option_kind::split)) == "split");
    CHECK(std::string(to_string(choice_reason::no_option_meets_constraints)).find("least bad") != std::string::npos);
}

TEST_CASE("choose: the documented defaults (mean-latency objective, no constraints) compile and apply",
          "[decision][objective]") {
    std::vector<option_prediction> predictions(2);
    predictions[0].stable = true;
    predictions[0].mean = 0.030;
    predictions[0].p99 = 0.040;
    predictions[1].stable = true;
    predictions[1].mean = 0.020;
    predictions[1].p99 = 0.090;
    const choice c = choose(predictions); // a vector converts to the span; objective and constraints default
    CHECK(c.index == 1);
    CHECK(c.value == 0.020);
    CHECK(c == choose(predictions, objective::mean_latency(), constraints{}));
    CHECK(objective{} == objective::mean_latency());
    CHECK(constraints{}.max_p99 == infinity);
    CHECK(choose(predictions, objective::percentile(percentile_level::p99)).index == 0);
    CHECK(option_prediction{}.status == prediction_status::unstable);
    CHECK_FALSE(option_prediction{}.stable);
    decision d{predictions, c};
    CHECK(d.chosen_option() == predictions[1]);
    CHECK_THROWS_AS(decision{}.chosen_option(), parameter_error);
    CHECK(std::string(to_string(prediction_status::tails_failed)) == "tails failed");
}

TEST_CASE("cost: objective, budget constraint, and the cheapest option whose p99 meets a bound",
          "[decision][objective][cost]") {
    // seed 000 §IV-B: on premises (fast, cheap per request once bought), cloud GPU, cloud API; costs in $ per request
    std::vector<option_prediction> o = {make(0.300, 0.50, 0.90, 0.0, 0.0), make(0.080, 0.09, 0.10, 0.0, 0.0),
                                        make(0.400, 0.60, 0.70, 0.0, 0.0)};
    o[0].cost = 0.0;     // on the device: nothing billed
    o[1].cost = 0.00085; // a $3.06/h instance serving 1 request/s
    o[2].cost = 0.0004;  // $0.4 per 1,000 images
    CHECK(objective_value(o[1], objective::cost()) == 0.00085);
    CHECK(objective_value(unstable(), objective::cost()) == infinity);
    // cheapest overall: the device
    CHECK(choose(o, objective::cost()).index == 0);
    // "the cheapest option whose p99 <= 0.8 s": the device's p99 (0.9 s) fails, the API is cheaper than the instance
    constraints p99;
    p99.max_p99 = 0.8;
    const choice c = choose(o, objective::cost(), p99);
    CHECK(c.index == 2);
    CHECK(c.feasible);
    CHECK(c.value == 0.0004);
    // a budget: the fastest option within $0.0005 per request
    constraints budget;
    budget.max_cost = 0.0005;
    CHECK(choose(o, objective::mean_latency(), budget).index == 0);
    CHECK(constraint_violation(o[1], budget) == rel((0.00085 - 0.0005) / 0.0005));
    CHECK(meets(o[2], budget));
    // cost ties go to the lower mean (the device and a free edge)
    std::vector<option_prediction> tie = {make(0.3, 1, 1, 0, 0), make(0.1, 1, 1, 0, 0)};
    CHECK(choose(tie, objective::cost()).index == 1);
    // nothing fits the budget: the least bad, said so
    constraints tiny;
    tiny.max_cost = 1e-6;
    o[0].cost = 1e-5;
    const choice none = choose(o, objective::mean_latency(), tiny);
    CHECK_FALSE(none.feasible);
    CHECK(none.reason == choice_reason::no_option_meets_constraints);
    CHECK(none.index == 0); // 9x over the bound, the others 400x and 850x
    // validation
    CHECK_NOTHROW(validate_objective(objective::cost(), "f"));
    constraints neg;
    neg.max_cost = -0.01;
    CHECK_THROWS_WITH(validate_constraints(neg, "offload::x"), Catch::Contains("constraints.max_cost"));
    neg.max_cost = std::nan("");
    CHECK_THROWS_AS(validate_constraints(neg, "f"), parameter_error);
    neg.max_cost = infinity;
    CHECK_NOTHROW(validate_constraints(neg, "f"));
}
