// tests/planning/provisioning/provisioning_helpers.hpp — small instances and a brute-force optimum.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/error.hpp"
#include "offload/planning/provisioning/instances.hpp"
#include "offload/planning/provisioning/plan.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::test {

/// f() must throw parameter_error naming `field` (quoted in the message).
inline void check_parameter_error(const std::function<void()>& f, const std::string& field) {
    try {
        f();
        FAIL("no error for " << field);
    } catch (const offload::parameter_error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("'" + field + "'") != std::string::npos);
    }
}

/// min over every dispatch (each request to a node or rejected) of the objective of the plan that places
/// exactly the models the dispatch needs (placing more never helps); infeasible dispatches are skipped
inline double brute_force_provisioning(const planning::provisioning_problem& p) {
    const std::size_t n = p.request_count();
    const std::size_t s = p.node_count();
    std::vector<std::size_t> dispatch(n, 0);
    double best = std::numeric_limits<double>::infinity();
    const auto option = [&](std::size_t d) { return d == s ? planning::provisioning_plan::rejected : d; };
    std::vector<std::size_t> digit(n, 0);
    while (true) {
        bool valid = true;
        for (std::size_t i = 0; i < n; ++i) {
            dispatch[i] = option(digit[i]);
            if (dispatch[i] != planning::provisioning_plan::rejected &&
                p.request(i).model == planning::provisioning_request::unknown_model)
                valid = false;
        }
        if (valid) {
            try {
                const auto e = planning::evaluate(p, planning::make_provisioning_plan(p, dispatch));
                if (e.objective < best) best = e.objective;
            } catch (const offload::parameter_error&) { // over memory or compute
            }
        }
        std::size_t t = 0;
        while (t < n && ++digit[t] > s) digit[t++] = 0;
        if (t == n) break;
    }
    return best;
}

/// a tiny instance with tight memory and compute: n requests, s nodes, m models
inline planning::provisioning_problem tiny_provisioning_problem(std::size_t n, std::size_t s, std::size_t m,
                                                                unsigned seed) {
    planning::table_6_1_options o;
    o.requests = n;
    o.nodes = s;
    o.models = m;
    o.model_memory_low = 50e6;
    o.model_memory_high = 300e6;
    o.node_compute_low = 2e9;
    o.node_compute_high = 8e9;
    return planning::table_6_1_problem(o, seed);
}

} // namespace offload::test
