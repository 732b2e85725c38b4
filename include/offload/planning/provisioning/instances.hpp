// offload/planning/provisioning/instances.hpp — reproducible random provisioning instances with the seed's
// Table 6.1 distributions (seed 004 §6.1) and our choices for what the table leaves out.
//
// Table 6.1: execution time theta_ij uniform in [0.1, 0.8] s, round-trip time tau_ij uniform in [0.1, 0.5] s,
// node memory uniform in [10,000, 500,000] KB (available memory, Mode 1) or [30,000, 800,000] KB (total
// memory, Mode 2); 25 requests, 10 nodes, 4 models by default. The seed gives neither the models' memory nor
// any compute figures; our defaults (documented in docs/planning.md) make both limits bind in a meaningful
// share of instances: model memory uniform in [50, 200] MB, compute per request uniform in [1, 4] GFLOP, node
// compute uniform in [4, 16] GFLOP per planning interval; each request asks for a model drawn uniformly.
// KB is read as 1000 bytes. The numbers are the same with every standard library (std::mt19937_64 is
// specified bit for bit and we map its output to [0, 1) ourselves).
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::planning {

struct table_6_1_options {
    std::size_t requests = 25;
    std::size_t nodes = 10;
    std::size_t models = 4;
    bool total_memory = false;        ///< node memory from Mode 2's total range instead of Mode 1's available range
    double model_memory_low = 50e6;   ///< bytes (our choice)
    double model_memory_high = 200e6; ///< bytes (our choice)
    double compute_low = 1e9;         ///< FLOP per request (our choice)
    double compute_high = 4e9;        ///< FLOP per request (our choice)
    double node_compute_low = 10e9;   ///< FLOP per interval (our choice)
    double node_compute_high = 40e9;  ///< FLOP per interval (our choice)

    friend bool operator==(const table_6_1_options&, const table_6_1_options&) = default;
};

/// A random instance (header comment). Models are named "model0".., nodes "node0"..
[[nodiscard]] inline provisioning_problem table_6_1_problem(const table_6_1_options& o, unsigned seed) {
    constexpr const char* fn = "offload::planning::table_6_1_problem";
    if (o.models == 0 || o.nodes == 0)
        offload::detail::throw_parameter_error(fn, o.models == 0 ? "models" : "nodes", 0.0, "must be >= 1");
    if (o.requests > 10'000'000 || o.nodes > 100'000 || o.models > 100'000)
        offload::detail::throw_parameter_error(fn, "requests", static_cast<double>(o.requests),
                                               "sizes must be <= 1e7 requests, 1e5 nodes and models");
    offload::detail::require_non_negative(o.model_memory_low, fn, "model_memory_low");
    offload::detail::require_non_negative(o.model_memory_high, fn, "model_memory_high");
    offload::detail::require_non_negative(o.compute_low, fn, "compute_low");
    offload::detail::require_non_negative(o.compute_high, fn, "compute_high");
    offload::detail::require_non_negative(o.node_compute_low, fn, "node_compute_low");
    offload::detail::require_non_negative(o.node_compute_high, fn, "node_compute_high");
    std::mt19937_64 rng(seed);
    const auto draw = [&](double lo, double hi) {
        return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
    };
    std::vector<provisioning_model> models(o.models);
    for (std::size_t k = 0; k < o.models; ++k)
        models[k] = {"model" + std::to_string(k), draw(o.model_memory_low, o.model_memory_high),
                     draw(o.compute_low, o.compute_high)};
    std::vector<provisioning_node> nodes(o.nodes);
    const double kb = 1000.0;
    for (std::size_t j = 0; j < o.nodes; ++j) {
        const double memory = o.total_memory ? draw(30'000 * kb, 800'000 * kb) : draw(10'000 * kb, 500'000 * kb);
        nodes[j] = {"node" + std::to_string(j), memory, draw(o.node_compute_low, o.node_compute_high), {}};
    }
    std::vector<provisioning_request> requests(o.requests);
    for (auto& r : requests) {
        r.model = static_cast<std::size_t>(rng() % o.models);
        r.round_trip_time.resize(o.nodes);
        r.execution_time.resize(o.nodes);
        for (std::size_t j = 0; j < o.nodes; ++j) {
            r.round_trip_time[j] = draw(0.1, 0.5);
            r.execution_time[j] = draw(0.1, 0.8);
        }
    }
    return provisioning_problem(std::move(models), std::move(nodes), std::move(requests));
}

} // namespace offload::planning
