// Tests for offload/planning/offloading_bandwidth/problem.hpp: validation, the evaluator Q (seed 002 eqs. 1–7) on
// hand-computed cases, and the task-size generator of instances.hpp.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/offloading_bandwidth/instances.hpp"
#include "offload/planning/offloading_bandwidth/problem.hpp"

using namespace offload::planning;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::nan("");

/// small numbers that make Q easy to compute by hand
offloading_parameters hand_parameters() {
    offloading_parameters q;
    q.bandwidth_bits_per_second = 4.0;
    q.local_seconds_per_bit = 0.5;
    q.edge_bits_per_second = 8.0;
    q.delay_weight = 2.0;
    q.energy = offload::energy_model(1.0, 0.25, 0.25);
    return q;
}

template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const offload::parameter_error& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("offloading_problem keeps its sizes and the seed's defaults", "[planning][offloading_bandwidth]") {
    const offloading_problem p(2, 3, {1, 2, 3, 4, 5, 6});
    CHECK(p.device_count() == 2);
    CHECK(p.tasks_per_device() == 3);
    CHECK(p.task_count() == 6);
    CHECK(p.task_bits(1, 2) == 6.0);
    CHECK(p.task_bits(0, 1) == 2.0);
    const offloading_parameters& q = p.parameters();
    CHECK(q.bandwidth_bits_per_second == 150e6);    // seed §VII-A
    CHECK(q.local_seconds_per_bit == 4.75e-7);      // seed §VII-A
    CHECK(q.edge_bits_per_second == 1e10 / 1900.0); // public code: 1900 cycles/bit at 10 GHz
    CHECK(q.delay_weight == 1.0);                   // seed §VII-A
    CHECK(q.energy == offload::energy_model(3.25e-7, 1.42e-7, 1.5e-7));
}

TEST_CASE("offloading_problem names every bad input", "[planning][offloading_bandwidth]") {
    CHECK_THAT(message_of([] {
                   (void)offloading_problem(2, 1, {1.0, -1.0});
               }),
               Catch::Contains("'task_bits[1][0]' = -1") && Catch::Contains("finite and >= 0"));
    CHECK_THAT(message_of([] {
                   (void)offloading_problem(1, 2, {1.0, not_a_number});
               }),
               Catch::Contains("'task_bits[0][1]' = nan"));
    CHECK_THAT(message_of([] { (void)offloading_problem(1, 1, {inf}); }), Catch::Contains("'task_bits[0][0]' = inf"));
    CHECK_THAT(message_of([] { (void)offloading_problem(0, 1, {}); }), Catch::Contains("'device_count' = 0"));
    CHECK_THAT(message_of([] { (void)offloading_problem(1, 0, {}); }), Catch::Contains("'tasks_per_device' = 0"));
    CHECK_THAT(message_of([] { (void)offloading_problem(2, 2, {1, 2, 3}); }), Catch::Contains("'task_bits.size' = 3"));
    for (const double c : {0.0, -1.0, inf, not_a_number}) {
        offloading_parameters q;
        q.bandwidth_bits_per_second = c;
        CHECK_THAT(message_of([&] { (void)offloading_problem(1, 1, {1.0}, q); }),
                   Catch::Contains("parameters.bandwidth_bits_per_second") && Catch::Contains("> 0"));
    }
    offloading_parameters q;
    q.delay_weight = not_a_number;
    CHECK_THAT(message_of([&] { (void)offloading_problem(1, 1, {1.0}, q); }),
               Catch::Contains("'parameters.delay_weight' = nan"));
    q = {};
    q.delay_weight = -1.0;
    CHECK_THAT(message_of([&] { (void)offloading_problem(1, 1, {1.0}, q); }),
               Catch::Contains("'parameters.delay_weight' = -1"));
    q = {};
    q.edge_bits_per_second = 0.0;
    CHECK_THAT(message_of([&] { (void)offloading_problem(1, 1, {1.0}, q); }),
               Catch::Contains("parameters.edge_bits_per_second"));
    q = {};
    q.local_seconds_per_bit = -inf;
    CHECK_THAT(message_of([&] { (void)offloading_problem(1, 1, {1.0}, q); }),
               Catch::Contains("parameters.local_seconds_per_bit"));
    // the energy weights are validated by the decision layer's energy_model itself
    CHECK_THROWS_AS(offload::energy_model(not_a_number, 1.0, 1.0), offload::parameter_error);
}

TEST_CASE("evaluate_offloading: Q of a hand-computed plan", "[planning][offloading_bandwidth]") {
    // device 0: tasks of 2 and 4 bits, offload the first; device 1: one... (M = 2: tasks 6 and 0 bits, all local)
    const offloading_problem p(2, 2, {2.0, 4.0, 6.0, 0.0}, hand_parameters());
    const offloading_plan plan{{{1, 0, 0, 0}}, {1.0, 3.0}};
    const offloading_evaluation e = evaluate_offloading(p, plan);
    // device 0: E = (0.25 + 0.25) 2 + 1 * 4 = 5; T^l = 0.5 * 4 = 2; T^c = 2 / 1 + 2 / 8 = 2.25; delay 2.25
    CHECK(e.devices[0].energy_joules == 5.0);
    CHECK(e.devices[0].local_seconds == 2.0);
    CHECK(e.devices[0].edge_seconds == 2.25);
    CHECK(e.devices[0].offloaded_bits == 2.0);
    CHECK(e.devices[0].delay_seconds == 2.25);
    CHECK(e.devices[0].utility == 5.0 + 2.0 * 2.25);
    // device 1: E = 6; T^l = 3; nothing offloaded: T^c = 0
    CHECK(e.devices[1].energy_joules == 6.0);
    CHECK(e.devices[1].edge_seconds == 0.0);
    CHECK(e.devices[1].delay_seconds == 3.0);
    CHECK(e.utility == 9.5 + 12.0);
    CHECK(e.energy_joules == 11.0);
    CHECK(e.delay_seconds == 5.25);
    CHECK(e.bandwidth_used_bits_per_second == 4.0);
}

TEST_CASE("evaluate_offloading: zero bandwidth for offloaded bits is an infinite delay",
          "[planning][offloading_bandwidth]") {
    offloading_parameters q = hand_parameters();
    const offloading_problem p(1, 1, {2.0}, q);
    CHECK(evaluate_offloading(p, {{{1}}, {0.0}}).utility == inf);
    q.delay_weight = 0.0; // delay does not count: no 0 x inf
    const offloading_problem energy_only(1, 1, {2.0}, q);
    CHECK(evaluate_offloading(energy_only, {{{1}}, {0.0}}).utility == 1.0);
}

TEST_CASE("evaluate_offloading names a bad plan", "[planning][offloading_bandwidth]") {
    const offloading_problem p(2, 1, {2.0, 4.0}, hand_parameters());
    CHECK_THAT(message_of([&] {
                   (void)evaluate_offloading(p, {{{1}}, {1.0, 1.0}});
               }),
               Catch::Contains("'decision.offload.size' = 1"));
    CHECK_THAT(message_of([&] {
                   (void)evaluate_offloading(p, {{{1, 2}}, {1.0, 1.0}});
               }),
               Catch::Contains("'decision.offload[1]' = 2"));
    CHECK_THAT(message_of([&] {
                   (void)evaluate_offloading(p, {{{1, 1}}, {1.0}});
               }),
               Catch::Contains("'plan.bandwidth_bits_per_second.size' = 1"));
    CHECK_THAT(message_of([&] {
                   (void)evaluate_offloading(p, {{{1, 1}}, {1.0, not_a_number}});
               }),
               Catch::Contains("'plan.bandwidth_bits_per_second[1]' = nan"));
    CHECK_THAT(message_of([&] {
                   (void)evaluate_offloading(p, {{{1, 1}}, {-1.0, 1.0}});
               }),
               Catch::Contains("'plan.bandwidth_bits_per_second[0]' = -1"));
    CHECK_THAT(message_of([&] {
                   (void)evaluate_offloading(p, {{{1, 1}}, {3.0, 2.0}});
               }),
               Catch::Contains("'sum(plan.bandwidth_bits_per_second)' = 5") && Catch::Contains("(C)"));
}

TEST_CASE("local-only, edge-only and the equal split", "[planning][offloading_bandwidth]") {
    const offloading_problem p(3, 2, {1, 2, 3, 4, 5, 6}, hand_parameters());
    CHECK(local_only_decision(p).offload == std::vector<std::uint8_t>(6, 0));
    CHECK(edge_only_decision(p).offload == std::vector<std::uint8_t>(6, 1));
    CHECK(equal_bandwidth_split(p) == std::vector<double>(3, 4.0 / 3.0));
}

TEST_CASE("task_size_generator: the public code's sizes, reproducible", "[planning][offloading_bandwidth]") {
    task_size_generator a(3, 3, 7);
    task_size_generator b(3, 3, 7);
    bool low = false;
    bool high = false;
    for (int i = 0; i < 200; ++i) {
        const std::vector<double> x = a.next();
        CHECK(x == b.next());
        REQUIRE(x.size() == 9);
        for (double bits : x) {
            const double mib = bits / bits_per_mebibyte;
            CHECK(mib == std::round(mib));
            CHECK(mib >= 10.0);
            CHECK(mib <= 30.0);
            low = low || mib == 10.0;
            high = high || mib == 30.0;
        }
    }
    CHECK(low);
    CHECK(high);
    CHECK(task_size_generator(2, 2, 1).next_problem().task_count() == 4);
    CHECK_THAT(message_of([] { (void)task_size_generator(1, 1, 1, 5, 4); }), Catch::Contains("'max_mebibytes' = 4"));
    CHECK_THAT(message_of([] { (void)task_size_generator(0, 1, 1); }), Catch::Contains("'device_count' = 0"));
}
