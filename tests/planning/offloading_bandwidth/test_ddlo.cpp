// Tests for offload/planning/offloading_bandwidth/ddlo.hpp: determinism, that every decision is scored with the
// exact P2, that training runs on the seed's schedule, the gain ratio reached on a fixed seed, and the errors.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/offloading_bandwidth/ddlo.hpp"
#include "offload/planning/offloading_bandwidth/exact.hpp"
#include "offload/planning/offloading_bandwidth/instances.hpp"

using namespace offload::planning;

namespace {

/// mean of Q*/Q_DDLO over steps (from, to] of an online run on the public code's task sizes (generator seed 2)
double mean_gain_ratio(std::size_t dnn_count, std::size_t from, std::size_t to) {
    ddlo_options o;
    o.dnn_count = dnn_count;
    o.seed = 1;
    ddlo learner(3, 3, {}, o);
    task_size_generator sizes(3, 3, 2);
    double sum = 0.0;
    for (std::size_t t = 1; t <= to; ++t) {
        const std::vector<double> d = sizes.next();
        const ddlo_decision x = learner.step(d);
        if (t > from) sum += enumerate_offloading(offloading_problem(3, 3, d)).evaluation.utility / x.utility;
    }
    return sum / static_cast<double>(to - from);
}

} // namespace

TEST_CASE("ddlo is deterministic under its seed", "[planning][offloading_bandwidth][ddlo]") {
    ddlo_options o;
    o.dnn_count = 3;
    o.training_start = 64;
    o.batch_size = 32;
    ddlo a(3, 3, {}, o);
    ddlo b(3, 3, {}, o);
    task_size_generator sizes(3, 3, 4);
    for (int t = 0; t < 300; ++t) {
        const std::vector<double> d = sizes.next();
        const ddlo_decision x = a.step(d);
        CHECK(x == b.step(d));
    }
    CHECK(a.last_losses() == b.last_losses());
    CHECK(a.training_steps() == b.training_steps());
}

TEST_CASE("ddlo scores every candidate with the exact P2 and trains on schedule",
          "[planning][offloading_bandwidth][ddlo]") {
    ddlo_options o; // the seed's hyper-parameters, K = 5
    ddlo learner(3, 3, {}, o);
    task_size_generator sizes(3, 3, 8);
    for (int t = 1; t <= 600; ++t) {
        const std::vector<double> d = sizes.next();
        const offloading_problem p(3, 3, d);
        const ddlo_decision x = t % 2 == 0 ? learner.step(d) : learner.decide(d);
        CHECK(x.dnn < 5);
        const bandwidth_solution exact = optimal_bandwidth(p, x.plan.decision);
        CHECK(x.utility == Approx(exact.evaluation.utility).epsilon(1e-13));
        CHECK(evaluate_offloading(p, x.plan).utility == Approx(x.utility).epsilon(1e-13));
        CHECK(x.utility >= enumerate_offloading(p).evaluation.utility * (1.0 - 1e-12));
    }
    // decide() does not learn: 300 steps stored; training at steps 520..600 would need 520 stored entries
    CHECK(learner.steps() == 300);
    CHECK(learner.training_steps() == 0);
    for (int t = 0; t < 300; ++t) (void)learner.step(sizes.next());
    // 600 stored; trained at steps 520, 530, ..., 600 (every 10 once 512 entries are stored)
    CHECK(learner.training_steps() == 9);
    REQUIRE(learner.last_losses().size() == 5);
    for (double loss : learner.last_losses()) {
        CHECK(loss > 0.0);
        CHECK(loss < 0.7); // below the 0.693 of a coin flip: the networks fit their stored decisions
    }
}

TEST_CASE("ddlo's gain ratio on a fixed seed (seed 002 Fig. 9)", "[planning][offloading_bandwidth][ddlo]") {
    // Measured with these seeds and the default options (g++ 12 -O2): K = 5 averages 0.96703 over steps 1501..2000,
    // K = 1 0.85469 (it only learns its own guesses). The thresholds leave 0.001 for floating-point differences
    // between compilers; docs/planning.md has the whole curve (Fig. 9 program).
    const double k5 = mean_gain_ratio(5, 1500, 2000);
    const double k1 = mean_gain_ratio(1, 1500, 2000);
    INFO("K = 5: " << k5 << ", K = 1: " << k1);
    CHECK(k5 >= 0.966);
    CHECK(k1 <= 0.856);
}

TEST_CASE("ddlo names bad options and bad task sizes", "[planning][offloading_bandwidth][ddlo]") {
    auto with = [](auto change) {
        ddlo_options o;
        change(o);
        return o;
    };
    CHECK_THROWS_WITH(ddlo(3, 3, {}, with([](ddlo_options& o) { o.dnn_count = 0; })),
                      Catch::Contains("'options.dnn_count' = 0"));
    CHECK_THROWS_WITH(ddlo(3, 3, {}, with([](ddlo_options& o) { o.learning_rate = -0.1; })),
                      Catch::Contains("'options.learning_rate' = -0.1"));
    CHECK_THROWS_WITH(ddlo(3, 3, {}, with([](ddlo_options& o) { o.training_start = 2000; })),
                      Catch::Contains("'options.training_start' = 2000"));
    CHECK_THROWS_WITH(ddlo(3, 3, {}, with([](ddlo_options& o) { o.batch_size = 0; })),
                      Catch::Contains("'options.batch_size' = 0"));
    CHECK_THROWS_WITH(ddlo(3, 3, {}, with([](ddlo_options& o) { o.adam_beta1 = 1.0; })),
                      Catch::Contains("'options.adam_beta1' = 1"));
    CHECK_THROWS_WITH(ddlo(3, 3, {}, with([](ddlo_options& o) { o.input_scale_bits = 0.0; })),
                      Catch::Contains("'options.input_scale_bits' = 0"));
    CHECK_THROWS_WITH(ddlo(0, 3), Catch::Contains("'device_count' = 0"));
    ddlo learner(2, 2);
    CHECK_THROWS_WITH(learner.step({1.0, 2.0, -3.0, 4.0}), Catch::Contains("'task_bits[1][0]' = -3"));
    CHECK_THROWS_WITH(learner.decide({1.0, 2.0}), Catch::Contains("'task_bits.size' = 2"));
    CHECK(learner.steps() == 0);
}
