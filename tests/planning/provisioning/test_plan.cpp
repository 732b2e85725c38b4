// Tests for offload/planning/provisioning/plan.hpp: the evaluator (objective, latencies, rejection reasons,
// every rule it enforces) and the placement diff.
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/provisioning/plan.hpp"

using namespace offload::planning;

namespace {

constexpr std::size_t R = provisioning_plan::rejected;

// node a: 350 bytes, compute 10; node b: 120 bytes, compute 4, hosts model 0
provisioning_problem small() {
    return provisioning_problem({{"resnet", 100.0, 2.0}, {"bert", 300.0, 5.0}, {"huge", 1000.0, 1.0}},
                                {{"a", 350.0, 10.0, {}}, {"b", 120.0, 4.0, {0}}},
                                {{0, {0.1, 0.2}, {0.3, 0.1}},
                                 {1, {0.1, 0.2}, {0.3, 0.4}},
                                 {0, {0.2, 0.1}, {0.3, 0.1}},
                                 {2, {0.1, 0.1}, {0.1, 0.1}},
                                 {provisioning_request::unknown_model, {0.1, 0.1}, {0.1, 0.1}}},
                                10.0);
}

void check_plan_error(const provisioning_problem& p, const provisioning_plan& x, const std::string& field) {
    try {
        (void)evaluate(p, x);
        FAIL("no error for " << field);
    } catch (const offload::parameter_error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("'" + field + "'") != std::string::npos);
    }
}

} // namespace

TEST_CASE("evaluate scores latencies, rejections with reasons and the objective", "[planning][provisioning]") {
    const provisioning_problem p = small();
    const provisioning_plan x = make_provisioning_plan(p, {1, 0, 1, R, R});
    CHECK(x.placement[0] == std::vector<std::size_t>{1});
    CHECK(x.placement[1] == std::vector<std::size_t>{0}); // hosted, reused
    const provisioning_evaluation e = evaluate(p, x);
    CHECK(e.latency[0] == Approx(0.3).epsilon(1e-15));
    CHECK(e.latency[1] == Approx(0.4).epsilon(1e-15));
    CHECK(e.latency[2] == Approx(0.2).epsilon(1e-15));
    CHECK(e.latency[3] == std::numeric_limits<double>::infinity());
    CHECK(e.rejection[3] == rejection_reason::no_node_can_host);
    CHECK(e.rejection[4] == rejection_reason::unknown_model);
    CHECK(e.rejection[0] == rejection_reason::none);
    CHECK(e.served == 3);
    CHECK(e.rejected == 2);
    CHECK(e.rejected_for_capacity == 0);
    CHECK(e.total_latency == Approx(0.9).epsilon(1e-15));
    CHECK(e.objective == e.total_latency);
    CHECK(e.memory_used == std::vector<double>{300.0, 0.0}); // hosted model 0 costs no memory on b
    CHECK(e.compute_used == std::vector<double>{5.0, 4.0});
    // rejecting a servable request costs rejection_cost and says capacity_exhausted
    const provisioning_evaluation f = evaluate(p, make_provisioning_plan(p, {1, R, 1, R, R}));
    CHECK(f.rejection[1] == rejection_reason::capacity_exhausted);
    CHECK(f.objective == Approx(0.5 + 10.0).epsilon(1e-15));
    CHECK(std::string(to_string(rejection_reason::capacity_exhausted)) == "capacity_exhausted");
}

TEST_CASE("evaluate enforces memory, compute, placement and dispatch rules", "[planning][provisioning]") {
    const provisioning_problem p = small();
    provisioning_plan x = make_provisioning_plan(p, {1, 0, 1, R, R});
    x.placement[0] = {0, 1}; // 400 > 350 bytes
    check_plan_error(p, x, "plan.placement[0]");
    x = make_provisioning_plan(p, {1, 0, 1, R, R});
    x.placement[1] = {}; // hosted model dropped
    check_plan_error(p, x, "plan.placement[1]");
    x.placement[1] = {0, 0};
    check_plan_error(p, x, "plan.placement[1]");
    x.placement[1] = {0, 9};
    check_plan_error(p, x, "plan.placement[1]");
    x = make_provisioning_plan(p, {1, 0, 1, R, R});
    x.dispatch[0] = 0; // model 0 not placed on a
    check_plan_error(p, x, "plan.dispatch[0]");
    x.dispatch[0] = 5;
    check_plan_error(p, x, "plan.dispatch[0]");
    x = make_provisioning_plan(p, {1, 0, 1, R, R});
    x.dispatch[4] = 0;
    check_plan_error(p, x, "plan.dispatch[4]");
    // compute: three model-0 requests on b need 6 > 4
    const provisioning_problem q({{"m", 10.0, 2.0}}, {{"b", 100.0, 4.0, {}}},
                                 {{0, {0.1}, {0.1}}, {0, {0.1}, {0.1}}, {0, {0.1}, {0.1}}});
    check_plan_error(q, make_provisioning_plan(q, {0, 0, 0}), "plan.compute[0]");
    CHECK(evaluate(q, make_provisioning_plan(q, {0, 0, R})).rejected_for_capacity == 1);
    x = make_provisioning_plan(p, {1, 0, 1, R, R});
    x.dispatch.pop_back();
    check_plan_error(p, x, "plan.dispatch.size");
    CHECK_THROWS_AS(make_provisioning_plan(p, {1, 0, 1, R, 0}), offload::parameter_error);
    CHECK_THROWS_AS(make_provisioning_plan(p, {1, 0, 1, 2, R}), offload::parameter_error);
}

TEST_CASE("diff_placement lists what to provision and what to delete", "[planning][provisioning]") {
    const provisioning_problem p = small();
    const provisioning_plan x = make_provisioning_plan(p, {1, 0, 1, R, R});
    const placement_diff d = diff_placement(p, {{0}, {1, 0}}, x);
    CHECK(d.provision == std::vector<model_placement>{{0, 1}});
    CHECK(d.remove == std::vector<model_placement>{{0, 0}, {1, 1}});
    CHECK(d.provision_memory == 300.0);
    const placement_diff none = diff_placement(p, x.placement, x);
    CHECK(none.provision.empty());
    CHECK(none.remove.empty());
    CHECK_THROWS_AS(diff_placement(p, {{0}}, x), offload::parameter_error);
    CHECK_THROWS_AS(diff_placement(p, {{7}, {}}, x), offload::parameter_error);
}
