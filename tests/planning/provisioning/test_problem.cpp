// Tests for offload/planning/provisioning/problem.hpp: validation names the field, derived quantities.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/provisioning/instances.hpp"
#include "offload/planning/provisioning/problem.hpp"
#include "planning/provisioning/provisioning_helpers.hpp"

using namespace offload::planning;

namespace {

provisioning_problem make(std::vector<provisioning_model> models, std::vector<provisioning_node> nodes,
                          std::vector<provisioning_request> requests) {
    return provisioning_problem(std::move(models), std::move(nodes), std::move(requests));
}

std::vector<provisioning_model> two_models() { return {{"resnet", 100.0, 2.0}, {"bert", 300.0, 5.0}}; }
std::vector<provisioning_node> two_nodes() { return {{"a", 350.0, 10.0, {}}, {"b", 120.0, 4.0, {}}}; }
provisioning_request req(std::size_t model) { return {model, {0.1, 0.2}, {0.3, 0.4}}; }

constexpr auto& check_error = offload::test::check_parameter_error;

} // namespace

TEST_CASE("provisioning_problem keeps its data and derives latency, hosting and the rejection cost",
          "[planning][provisioning]") {
    const provisioning_problem p = make(two_models(), two_nodes(), {req(0), req(1)});
    CHECK(p.model_count() == 2);
    CHECK(p.node_count() == 2);
    CHECK(p.request_count() == 2);
    CHECK(p.latency(1, 1) == 0.2 + 0.4);
    CHECK(p.can_host(0, 1));       // 300 <= 350, 5 <= 10
    CHECK_FALSE(p.can_host(1, 1)); // 300 > 120
    CHECK(p.can_host(1, 0));
    // default rejection cost: 1 + sum_i max_j latency = 1 + 0.6 + 0.6
    CHECK(p.rejection_cost() == Approx(2.2).epsilon(1e-15));
    const provisioning_problem q(two_models(), two_nodes(), {req(0)}, 7.0);
    CHECK(q.rejection_cost() == 7.0);
}

TEST_CASE("provisioning_problem: hosted models are usable without memory and sorted", "[planning][provisioning]") {
    auto nodes = two_nodes();
    nodes[1].hosted = {1, 0};
    const provisioning_problem p = make(two_models(), nodes, {req(1)});
    CHECK(p.node(1).hosted == std::vector<std::size_t>{0, 1});
    CHECK(p.hosts(1, 1));
    CHECK_FALSE(p.can_host(1, 1)); // hosted, so memory is no obstacle, but compute 5 > 4
    nodes[1].compute = 6.0;
    const provisioning_problem q = make(two_models(), nodes, {req(1)});
    CHECK(q.can_host(1, 1)); // 300 bytes > 120 free, yet hosted already
}

TEST_CASE("provisioning_problem rejects bad input naming the field", "[planning][provisioning]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    check_error([] { (void)make({}, two_nodes(), {}); }, "models.size");
    check_error([] { (void)make(two_models(), {}, {}); }, "nodes.size");
    auto m = two_models();
    m[1].memory = -1.0;
    check_error([&] { (void)make(m, two_nodes(), {}); }, "models[1].memory");
    m = two_models();
    m[0].compute_per_request = nan;
    check_error([&] { (void)make(m, two_nodes(), {}); }, "models[0].compute_per_request");
    m = two_models();
    m[1].name = "resnet";
    check_error([&] { (void)make(m, two_nodes(), {}); }, "models[1].name");
    m[1].name = "";
    check_error([&] { (void)make(m, two_nodes(), {}); }, "models[1].name");
    auto n = two_nodes();
    n[1].name = "a";
    check_error([&] { (void)make(two_models(), n, {}); }, "nodes[1].name");
    n = two_nodes();
    n[0].memory = inf;
    check_error([&] { (void)make(two_models(), n, {}); }, "nodes[0].memory");
    n = two_nodes();
    n[1].compute = -2.0;
    check_error([&] { (void)make(two_models(), n, {}); }, "nodes[1].compute");
    n = two_nodes();
    n[0].hosted = {5};
    check_error([&] { (void)make(two_models(), n, {}); }, "nodes[0].hosted[0]");
    n[0].hosted = {1, 1};
    check_error([&] { (void)make(two_models(), n, {}); }, "nodes[0].hosted[1]");
    std::vector<provisioning_request> r{req(0), req(1), req(0), req(7)};
    check_error([&] { (void)make(two_models(), two_nodes(), r); }, "requests[3].model");
    r = {req(0), req(1)};
    r[1].execution_time[1] = nan;
    check_error([&] { (void)make(two_models(), two_nodes(), r); }, "requests[1].execution_time[1]");
    r = {req(0)};
    r[0].round_trip_time[0] = -0.1;
    check_error([&] { (void)make(two_models(), two_nodes(), r); }, "requests[0].round_trip_time[0]");
    r = {req(0)};
    r[0].round_trip_time.pop_back();
    check_error([&] { (void)make(two_models(), two_nodes(), r); }, "requests[0].round_trip_time.size");
    r = {req(0)};
    r[0].execution_time.push_back(1.0);
    check_error([&] { (void)make(two_models(), two_nodes(), r); }, "requests[0].execution_time.size");
    check_error([] { (void)provisioning_problem(two_models(), two_nodes(), {req(0)}, 0.0); }, "rejection_cost");
    check_error([&] { (void)provisioning_problem(two_models(), two_nodes(), {req(0)}, nan); }, "rejection_cost");
}

TEST_CASE("provisioning_problem accepts an unknown-model request and an empty request set",
          "[planning][provisioning]") {
    const provisioning_problem p = make(two_models(), two_nodes(), {req(provisioning_request::unknown_model)});
    CHECK(p.request(0).model == provisioning_request::unknown_model);
    const provisioning_problem empty = make(two_models(), two_nodes(), {});
    CHECK(empty.request_count() == 0);
    CHECK(empty.rejection_cost() == 1.0);
}

TEST_CASE("table_6_1_problem draws within Table 6.1's ranges and rejects bad options", "[planning][provisioning]") {
    const provisioning_problem p = table_6_1_problem({}, 4);
    CHECK(p.request_count() == 25);
    CHECK(p.node_count() == 10);
    CHECK(p.model_count() == 4);
    for (const auto& n : p.nodes()) CHECK((n.memory >= 10e6 && n.memory <= 500e6));
    for (const auto& r : p.requests())
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            CHECK((r.round_trip_time[j] >= 0.1 && r.round_trip_time[j] <= 0.5));
            CHECK((r.execution_time[j] >= 0.1 && r.execution_time[j] <= 0.8));
        }
    table_6_1_options total;
    total.total_memory = true;
    const provisioning_problem q = table_6_1_problem(total, 4);
    for (const auto& n : q.nodes()) CHECK((n.memory >= 30e6 && n.memory <= 800e6));
    CHECK(table_6_1_problem({}, 4) == p); // reproducible
    table_6_1_options bad;
    bad.models = 0;
    check_error([&] { (void)table_6_1_problem(bad, 1); }, "models");
    bad = {};
    bad.compute_low = -1.0;
    check_error([&] { (void)table_6_1_problem(bad, 1); }, "compute_low");
}
