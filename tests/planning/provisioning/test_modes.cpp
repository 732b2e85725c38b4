// Tests for offload/planning/provisioning/modes.hpp: Mode 1 keeps and evicts by LRU / LFU, Mode 2 follows the
// plan, a failed node's requests move and the survivors keep their models, a returning node gets its models back.
#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/provisioning/modes.hpp"

using namespace offload::planning;

namespace {

// two nodes of 200 bytes; models of 100 bytes; requests for model 2 and 3 only
provisioning_problem cluster() {
    std::vector<provisioning_model> models{
        {"m0", 100.0, 1.0}, {"m1", 100.0, 1.0}, {"m2", 100.0, 1.0}, {"m3", 100.0, 1.0}};
    std::vector<provisioning_node> nodes{{"a", 200.0, 10.0, {}}, {"b", 200.0, 10.0, {}}};
    std::vector<provisioning_request> requests{{2, {0.1, 0.3}, {0.1, 0.1}}, {3, {0.3, 0.1}, {0.1, 0.1}}};
    return provisioning_problem(std::move(models), std::move(nodes), std::move(requests));
}

} // namespace

TEST_CASE("Mode 2 follows the plan and deletes the rest", "[planning][provisioning]") {
    const provisioning_problem p = cluster();
    const provisioning_deployment now{{{0, 1}, {1}}, {}, {}};
    const provisioning_mode_result r = plan_mode(p, now, provisioning_mode::follow_plan);
    CHECK(r.plan.dispatch == std::vector<std::size_t>{0, 1});
    CHECK(r.diff.provision == std::vector<model_placement>{{0, 2}, {1, 3}});
    CHECK(r.diff.remove == std::vector<model_placement>{{0, 0}, {0, 1}, {1, 1}});
}

TEST_CASE("Mode 1 keeps deployed models and evicts by LRU or LFU only when memory stops a request",
          "[planning][provisioning]") {
    const provisioning_problem p = cluster();
    // node a is full (m0, m1); node b has m1 and room for one more model: one of the two requests (m2, m3)
    // is rejected until a deployed model is evicted. LRU: b's m1 (last requested at 1); LFU: a's m1 (2 requests)
    const provisioning_deployment now{
        {{0, 1}, {1}}, {{5.0, 9.0, 0.0, 0.0}, {0.0, 1.0, 0.0, 0.0}}, {{7, 2, 0, 0}, {0, 4, 0, 0}}};
    const provisioning_mode_result lru =
        plan_mode(p, now, provisioning_mode::keep_and_evict, eviction_rule::least_recently_used);
    CHECK(lru.evicted == std::vector<model_placement>{{1, 1}});
    CHECK(evaluate(lru.problem, lru.plan).rejected == 0);
    CHECK(lru.plan.dispatch == std::vector<std::size_t>{1, 1});
    CHECK(lru.diff.remove == std::vector<model_placement>{{1, 1}});
    const provisioning_mode_result lfu =
        plan_mode(p, now, provisioning_mode::keep_and_evict, eviction_rule::least_frequently_used);
    CHECK(lfu.evicted == std::vector<model_placement>{{0, 1}});
    CHECK(lfu.plan.dispatch == std::vector<std::size_t>{0, 1});
    CHECK(lfu.diff.provision == std::vector<model_placement>{{0, 2}, {1, 3}});
    // with no memory anywhere for both requests, Mode 1 must evict; the victims follow the rule
    const provisioning_problem tight({{"m0", 100.0, 1.0}, {"m1", 100.0, 1.0}, {"m2", 100.0, 1.0}},
                                     {{"a", 200.0, 10.0, {}}}, {{2, {0.1}, {0.1}}});
    const provisioning_deployment full{{{0, 1}}, {{5.0, 9.0}}, {{7, 2}}};
    const provisioning_mode_result tl =
        plan_mode(tight, full, provisioning_mode::keep_and_evict, eviction_rule::least_recently_used);
    CHECK(tl.evicted == std::vector<model_placement>{{0, 0}});
    CHECK(tl.plan.dispatch == std::vector<std::size_t>{0});
    CHECK(tl.diff.provision == std::vector<model_placement>{{0, 2}});
    CHECK(tl.diff.remove == std::vector<model_placement>{{0, 0}});
    const provisioning_mode_result tf =
        plan_mode(tight, full, provisioning_mode::keep_and_evict, eviction_rule::least_frequently_used);
    CHECK(tf.evicted == std::vector<model_placement>{{0, 1}});
    // Mode 1 never evicts when the free memory suffices
    const provisioning_deployment roomy{{{0}}, {}, {}};
    CHECK(plan_mode(tight, roomy, provisioning_mode::keep_and_evict).evicted.empty());
    CHECK_THROWS_AS(plan_mode(tight, provisioning_deployment{{{0, 1, 2}}, {}, {}}, provisioning_mode::keep_and_evict),
                    offload::parameter_error); // 300 bytes deployed on a 200-byte node
}

TEST_CASE("a node fails: its requests move, survivors keep their models; it returns: its models come back",
          "[planning][provisioning]") {
    const provisioning_problem p = cluster();
    const provisioning_deployment now{{{2}, {3}}, {}, {}};
    const provisioning_mode_result down = replan_after_failure(p, now, 0);
    CHECK(down.plan.dispatch == std::vector<std::size_t>{1, 1}); // both on b
    CHECK(down.diff.provision == std::vector<model_placement>{{1, 2}});
    CHECK(down.diff.remove == std::vector<model_placement>{{0, 2}}); // the failed node's model is gone
    CHECK(evaluate(down.problem, down.plan).rejected == 0);
    // node a returns with m2: request 0 goes back, b's copy of m2 is deleted
    provisioning_deployment meanwhile{{{}, {2, 3}}, {}, {}};
    const provisioning_mode_result back = replan_after_return(p, meanwhile, 0, {2});
    CHECK(back.plan.dispatch == std::vector<std::size_t>{0, 1});
    CHECK(back.diff.provision.empty());
    CHECK(back.diff.remove == std::vector<model_placement>{{1, 2}});
    CHECK_THROWS_AS(replan_after_failure(p, now, 5), offload::parameter_error);
}
