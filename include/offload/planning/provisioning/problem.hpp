// offload/planning/provisioning/problem.hpp — joint model provisioning and request dispatch on edge nodes.
//
// Model (seed 004 §3.2, read as users need it; docs/planning.md "Model provisioning and request dispatch"):
//   - models k have a memory footprint m_k (bytes) and a compute demand c_k per request (FLOP, or any unit
//     shared with the nodes' compute capacity);
//   - edge nodes j have a memory capacity M_j (bytes) and a compute capacity C_j (same unit as c_k) for the
//     planning interval, and unique names;
//   - requests i ask for one model k(i) and have, per node j, a round-trip time tau_ij and an execution time
//     theta_ij (seconds).
// Decide which models are placed on which nodes (y_kj) and which node serves each request (x_ij), minimising
// sum_ij x_ij (tau_ij + theta_ij). Readings of the seed (which writes memory per request and lets a request
// use ">= 1" server):
//   - memory is paid once per model placed on a node: sum_k m_k y_kj <= M_j;
//   - compute is paid per request served: sum_i c_k(i) x_ij <= C_j;
//   - each request is served by exactly one node that hosts its model, or rejected (§4.5): sum_j x_ij + r_i = 1,
//     x_ij <= y_k(i)j. A rejection costs rejection_cost seconds; the default is larger than any total latency,
//     so every plan first serves as many requests as possible and then minimises the latency.
// A node may already host models (`hosted`, Mode 1 of §4.3): their memory is already taken (M_j is the free
// memory then), they stay placed and serve requests at no memory cost.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "offload/error.hpp"

namespace offload::planning {

/// A machine-learning model that edge nodes can host.
struct provisioning_model {
    std::string name;
    double memory = 0.0;              ///< bytes taken on a node that hosts it (paid once per node)
    double compute_per_request = 0.0; ///< compute one request takes (same unit as provisioning_node::compute)

    friend bool operator==(const provisioning_model&, const provisioning_model&) = default;
};

/// An edge node. memory is what the plan may fill (total memory in Mode 2, free memory in Mode 1).
struct provisioning_node {
    std::string name;
    double memory = 0.0;               ///< bytes available to newly placed models
    double compute = 0.0;              ///< compute available to the requests of the planning interval
    std::vector<std::size_t> hosted{}; ///< models already on the node: kept, usable, their memory not in `memory`

    friend bool operator==(const provisioning_node&, const provisioning_node&) = default;
};

/// One inference request. model == unknown_model marks a request for a model the system does not have: it
/// is rejected with rejection_reason::unknown_model (§4.5). Any other index must name a model.
struct provisioning_request {
    static constexpr std::size_t unknown_model = std::numeric_limits<std::size_t>::max();

    std::size_t model = 0;
    std::vector<double> round_trip_time; ///< tau_ij per node (seconds)
    std::vector<double> execution_time;  ///< theta_ij per node (seconds)

    friend bool operator==(const provisioning_request&, const provisioning_request&) = default;
};

/// A validated instance. Throws parameter_error naming the field (`requests[3].model`,
/// `nodes[1].name`, `models[0].memory`, `requests[2].execution_time[4]`).
class provisioning_problem {
public:
    provisioning_problem(std::vector<provisioning_model> models, std::vector<provisioning_node> nodes,
                         std::vector<provisioning_request> requests,
                         std::optional<double> rejection_cost = std::nullopt)
        : models_(std::move(models)), nodes_(std::move(nodes)), requests_(std::move(requests)) {
        constexpr const char* fn = "offload::planning::provisioning_problem";
        if (models_.empty())
            offload::detail::throw_parameter_error(fn, "models.size", 0.0, "must be >= 1 (an empty model set)");
        if (nodes_.empty())
            offload::detail::throw_parameter_error(fn, "nodes.size", 0.0, "must be >= 1 (an empty node set)");
        if (models_.size() > max_count || nodes_.size() > max_count || requests_.size() > max_count)
            offload::detail::throw_parameter_error(
                fn, "size", static_cast<double>(std::max({models_.size(), nodes_.size(), requests_.size()})),
                "models, nodes and requests must each number <= 1e7");
        std::unordered_set<std::string> names;
        for (std::size_t k = 0; k < models_.size(); ++k) {
            const provisioning_model& m = models_[k];
            if (m.name.empty()) fail_text("models", k, "name", m.name, "must not be empty");
            if (!names.insert(m.name).second) fail_text("models", k, "name", m.name, "must be unique among models");
            if (!(m.memory >= 0.0 && m.memory < infinity))
                fail("models", k, "memory", m.memory, "must be finite and >= 0");
            if (!(m.compute_per_request >= 0.0 && m.compute_per_request < infinity))
                fail("models", k, "compute_per_request", m.compute_per_request, "must be finite and >= 0");
        }
        names.clear();
        for (std::size_t j = 0; j < nodes_.size(); ++j) {
            provisioning_node& n = nodes_[j];
            if (n.name.empty()) fail_text("nodes", j, "name", n.name, "must not be empty");
            if (!names.insert(n.name).second) fail_text("nodes", j, "name", n.name, "must be unique among nodes");
            if (!(n.memory >= 0.0 && n.memory < infinity))
                fail("nodes", j, "memory", n.memory, "must be finite and >= 0");
            if (!(n.compute >= 0.0 && n.compute < infinity))
                fail("nodes", j, "compute", n.compute, "must be finite and >= 0");
            std::sort(n.hosted.begin(), n.hosted.end());
            for (std::size_t t = 0; t < n.hosted.size(); ++t) {
                if (n.hosted[t] >= models_.size())
                    fail("nodes", j, "hosted[" + std::to_string(t) + "]", static_cast<double>(n.hosted[t]),
                         "must be a model index < models.size()");
                if (t > 0 && n.hosted[t] == n.hosted[t - 1])
                    fail("nodes", j, "hosted[" + std::to_string(t) + "]", static_cast<double>(n.hosted[t]),
                         "must not repeat a model");
            }
        }
        double worst_total = 0.0;
        for (std::size_t i = 0; i < requests_.size(); ++i) {
            const provisioning_request& r = requests_[i];
            if (r.model >= models_.size() && r.model != provisioning_request::unknown_model)
                fail("requests", i, "model", static_cast<double>(r.model),
                     "must be a model index < models.size() (or provisioning_request::unknown_model)");
            if (r.round_trip_time.size() != nodes_.size())
                fail("requests", i, "round_trip_time.size", static_cast<double>(r.round_trip_time.size()),
                     "must equal nodes.size()");
            if (r.execution_time.size() != nodes_.size())
                fail("requests", i, "execution_time.size", static_cast<double>(r.execution_time.size()),
                     "must equal nodes.size()");
            double worst = 0.0;
            for (std::size_t j = 0; j < nodes_.size(); ++j) {
                if (!(r.round_trip_time[j] >= 0.0 && r.round_trip_time[j] < infinity))
                    fail("requests", i, "round_trip_time[" + std::to_string(j) + "]", r.round_trip_time[j],
                         "must be finite and >= 0");
                if (!(r.execution_time[j] >= 0.0 && r.execution_time[j] < infinity))
                    fail("requests", i, "execution_time[" + std::to_string(j) + "]", r.execution_time[j],
                         "must be finite and >= 0");
                worst = std::max(worst, r.round_trip_time[j] + r.execution_time[j]);
            }
            worst_total += worst;
        }
        if (rejection_cost) {
            if (!(*rejection_cost > 0.0 && *rejection_cost < infinity))
                offload::detail::throw_parameter_error(fn, "rejection_cost", *rejection_cost, "must be finite and > 0");
            rejection_cost_ = *rejection_cost;
        } else {
            rejection_cost_ = 1.0 + worst_total; // above any total latency: serve as many as possible first
        }
    }

    [[nodiscard]] const std::vector<provisioning_model>& models() const noexcept { return models_; }
    [[nodiscard]] const std::vector<provisioning_node>& nodes() const noexcept { return nodes_; }
    [[nodiscard]] const std::vector<provisioning_request>& requests() const noexcept { return requests_; }
    [[nodiscard]] const provisioning_model& model(std::size_t k) const noexcept { return models_[k]; }
    [[nodiscard]] const provisioning_node& node(std::size_t j) const noexcept { return nodes_[j]; }
    [[nodiscard]] const provisioning_request& request(std::size_t i) const noexcept { return requests_[i]; }
    [[nodiscard]] std::size_t model_count() const noexcept { return models_.size(); }
    [[nodiscard]] std::size_t node_count() const noexcept { return nodes_.size(); }
    [[nodiscard]] std::size_t request_count() const noexcept { return requests_.size(); }
    /// seconds added to the objective per rejected request that some node could host on its own
    [[nodiscard]] double rejection_cost() const noexcept { return rejection_cost_; }

    /// tau_ij + theta_ij
    [[nodiscard]] double latency(std::size_t i, std::size_t j) const noexcept {
        return requests_[i].round_trip_time[j] + requests_[i].execution_time[j];
    }
    /// node j already hosts model k
    [[nodiscard]] bool hosts(std::size_t j, std::size_t k) const noexcept {
        return std::binary_search(nodes_[j].hosted.begin(), nodes_[j].hosted.end(), k);
    }
    /// node j could serve one request for model k on an otherwise empty plan (memory and compute suffice)
    [[nodiscard]] bool can_host(std::size_t j, std::size_t k) const noexcept {
        return (hosts(j, k) || models_[k].memory <= nodes_[j].memory) &&
               models_[k].compute_per_request <= nodes_[j].compute;
    }

    friend bool operator==(const provisioning_problem&, const provisioning_problem&) = default;

    static constexpr std::size_t max_count = 10'000'000;

private:
    [[noreturn]] static void fail(const char* set, std::size_t i, const std::string& field, double value,
                                  const char* requirement) {
        const std::string name = std::string(set) + "[" + std::to_string(i) + "]." + field;
        offload::detail::throw_parameter_error("offload::planning::provisioning_problem", name.c_str(), value,
                                               requirement);
    }
    [[noreturn]] static void fail_text(const char* set, std::size_t i, const std::string& field,
                                       const std::string& value, const char* requirement) {
        const std::string name = std::string(set) + "[" + std::to_string(i) + "]." + field;
        offload::detail::throw_parameter_error("offload::planning::provisioning_problem", name.c_str(),
                                               "\"" + value + "\"", requirement);
    }

    std::vector<provisioning_model> models_;
    std::vector<provisioning_node> nodes_;
    std::vector<provisioning_request> requests_;
    double rejection_cost_ = 0.0;
};

} // namespace offload::planning
