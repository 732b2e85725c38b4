// offload/planning/provisioning/branch_and_bound.hpp — the exact optimum of a provisioning problem.
//
// Placing a model costs nothing but memory, so some optimal plan places, on every node, a memory-maximal set
// of models (adding a model that fits never hurts). The search is two-level:
//   - outer: depth-first over the nodes; each node takes one maximal set of the models that matter there
//     (requested by a servable request, compute per request <= C_j, not hosted; the hosted ones are always
//     there) whose memory fits M_j;
//   - inner, once every node has its set: the dispatch, a generalized assignment with the compute limits
//     (each request to a node that has its model, or rejected at rejection_cost). If every request's
//     cheapest node leaves every compute limit intact, that is the dispatch's optimum; otherwise a
//     depth-first search over the requests (decreasing regret, children in increasing latency).
// Lower bound at any search node: the cost fixed so far + sum over the undecided requests of
// min(P, min_j (tau_ij + theta_ij + lambda_j c_k(i))) over the nodes that may still serve them (a decided node
// whose set has the model and whose compute has room, or an undecided node that could host the model alone)
// - sum_j lambda_j (C_j - compute used), for lambda = 0 and for the root multipliers of the Lagrangian
// relaxation of the compute limits (provisioning_lagrangian_bound); any lambda >= 0 gives a valid bound.
// Memory term: an undecided node will hold one maximal set, so the requests whose cheapest place it is, for
// models outside that set, pay at least their regret (next-cheapest minus cheapest); the least total regret
// over the node's maximal sets is added (each request counts at one node, so the terms add up).
// Incumbent: solve_provisioning_fast. With more than 20 models that matter at a node the maximal sets are
// too many; the outer level then branches on single (node, model) placements instead (the same bound).
// Exponential in the worst case: node_limit caps the work; the result then says proven_optimal = false and
// reports the root bound as lower_bound.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "offload/planning/detail/lowest_two.hpp"
#include "offload/planning/provisioning/heuristics.hpp"
#include "offload/planning/provisioning/plan.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::planning {

struct provisioning_exact_options {
    std::size_t node_limit = 10'000'000; ///< search nodes expanded at most; then the best plan so far is returned

    friend bool operator==(const provisioning_exact_options&, const provisioning_exact_options&) = default;
};

struct provisioning_exact_result {
    provisioning_plan best;      ///< the optimum when proven_optimal
    double objective = 0.0;      ///< evaluate(p, best).objective
    double lower_bound = 0.0;    ///< = objective when proven_optimal, else the root bound
    bool proven_optimal = false; ///< the search finished within node_limit
    std::size_t nodes = 0;       ///< search nodes expanded

    friend bool operator==(const provisioning_exact_result&, const provisioning_exact_result&) = default;
};

namespace detail {

class provisioning_search {
public:
    provisioning_search(const provisioning_problem& p, std::vector<double> lambda, std::size_t limit)
        : p_(p), n_(p.request_count()), s_(p.node_count()), k_(p.model_count()), lambda_(std::move(lambda)),
          limit_(limit), order_(regret_order(p)), allowed_(s_ * k_, 0), decided_(s_, 0), compute_(s_, 0.0),
          dispatch_(n_, provisioning_plan::rejected), kids_(order_.size() + 1), regret_(s_ * k_, 0.0) {
        std::vector<char> wanted(k_, 0);
        for (std::size_t i : order_) wanted[p.request(i).model] = 1;
        candidates_.resize(s_);
        for (std::size_t j = 0; j < s_; ++j) {
            for (std::size_t k = 0; k < k_; ++k) {
                if (!wanted[k] || !p.can_host(j, k)) continue;
                if (p.hosts(j, k))
                    allowed_[j * k_ + k] = 1; // always there
                else
                    candidates_[j].push_back(k);
            }
        }
        for (std::size_t j = 0; j < s_; ++j) sets_.push_back(maximal_sets(j));
        // nodes with fewer choices first: the search fixes the forced ones before branching
        node_order_.resize(s_);
        for (std::size_t j = 0; j < s_; ++j) node_order_[j] = j;
        std::stable_sort(node_order_.begin(), node_order_.end(),
                         [&](std::size_t a, std::size_t b) { return sets_[a].size() < sets_[b].size(); });
    }

    provisioning_exact_result run(const provisioning_plan& start) {
        best_plan_ = start;
        best_ = evaluate(p_, start).objective;
        provisioning_exact_result r;
        r.lower_bound = std::min(best_, bound(0, 0.0));
        outer(0);
        r.best = best_plan_;
        r.objective = evaluate(p_, best_plan_).objective;
        r.proven_optimal = !aborted_;
        r.nodes = nodes_;
        if (r.proven_optimal) r.lower_bound = r.objective;
        return r;
    }

private:
    static constexpr std::size_t max_subset_models = 20;

    struct child {
        double latency;
        std::size_t node;
    };

    /// the memory-maximal sets of candidate models of node j (bit masks over candidates_[j]); with too many
    /// candidates, empty (the outer level then decides single placements)
    [[nodiscard]] std::vector<std::vector<std::size_t>> maximal_sets(std::size_t j) const {
        const auto& c = candidates_[j];
        std::vector<std::vector<std::size_t>> out;
        if (c.size() > max_subset_models) return out;
        const double cap = p_.node(j).memory;
        const std::size_t count = std::size_t{1} << c.size();
        for (std::size_t mask = 0; mask < count; ++mask) {
            double used = 0.0;
            for (std::size_t t = 0; t < c.size(); ++t)
                if (mask >> t & 1U) used += p_.model(c[t]).memory;
            if (!within_capacity(used, cap)) continue;
            bool maximal = true;
            for (std::size_t t = 0; t < c.size() && maximal; ++t)
                if (!(mask >> t & 1U) && within_capacity(used + p_.model(c[t]).memory, cap)) maximal = false;
            if (!maximal) continue;
            std::vector<std::size_t> set;
            for (std::size_t t = 0; t < c.size(); ++t)
                if (mask >> t & 1U) set.push_back(c[t]);
            out.push_back(std::move(set));
        }
        return out;
    }

    /// node j may serve request i now: its model is allowed there (or j is undecided and could host it) and
    /// the compute has room
    [[nodiscard]] bool may_serve(std::size_t i, std::size_t j) const noexcept {
        const std::size_t k = p_.request(i).model;
        if (!within_capacity(compute_[j] + p_.model(k).compute_per_request, p_.node(j).compute)) return false;
        return allowed_[j * k_ + k] || (!decided_[j] && p_.can_host(j, k));
    }

    /// cost + Lagrangian bound of the requests order_[depth..] (header comment), max over {lambda, 0}
    [[nodiscard]] double bound(std::size_t depth, double cost) const noexcept {
        return std::max(bound_with(depth, cost, true), bound_with(depth, cost, false));
    }

    /// one bound; with_lambda false: lambda = 0. Each request's cheapest place (its best node, or rejection)
    /// is summed; then, for every undecided node, the requests whose best node it is are grouped by model:
    /// the node will hold one maximal set, and the requests of the models left out pay at least their
    /// regret (next-cheapest place minus cheapest); the least such extra over the maximal sets is added.
    /// Each request is counted at one node only, so the extras add up.
    [[nodiscard]] double bound_with(std::size_t depth, double cost, bool with_lambda) const noexcept {
        double total = cost;
        if (with_lambda)
            for (std::size_t j = 0; j < s_; ++j) total -= lambda_[j] * std::max(0.0, p_.node(j).compute - compute_[j]);
        std::fill(regret_.begin(), regret_.end(), 0.0);
        bool any_regret = false;
        for (std::size_t d = depth; d < order_.size(); ++d) {
            const std::size_t i = order_[d];
            const std::size_t k = p_.request(i).model;
            const double c = with_lambda ? p_.model(k).compute_per_request : 0.0;
            detail::lowest_two cheapest{p_.rejection_cost(), infinity, provisioning_plan::rejected};
            for (std::size_t j = 0; j < s_; ++j)
                if (may_serve(i, j)) cheapest.offer(p_.latency(i, j) + lambda_[j] * c, j);
            total += cheapest.best;
            const std::size_t arg = cheapest.arg;
            if (arg != provisioning_plan::rejected && !decided_[arg] && !sets_[arg].empty() &&
                !allowed_[arg * k_ + k]) {
                regret_[arg * k_ + k] += cheapest.second - cheapest.best;
                any_regret = true;
            }
        }
        if (!any_regret) return total;
        for (std::size_t j = 0; j < s_; ++j) {
            if (decided_[j] || sets_[j].empty()) continue;
            double all = 0.0;
            for (std::size_t k = 0; k < k_; ++k) all += regret_[j * k_ + k];
            if (all == 0.0) continue;
            double kept = 0.0;
            for (const auto& set : sets_[j]) {
                double in = 0.0;
                for (std::size_t k : set) in += regret_[j * k_ + k];
                kept = std::max(kept, in);
            }
            total += all - kept;
        }
        return total;
    }

    [[nodiscard]] bool tick() noexcept {
        if (aborted_) return false;
        if (++nodes_ > limit_) {
            aborted_ = true;
            return false;
        }
        return true;
    }

    /// outer level: give node node_order_[level] one maximal set (or, without sets, decide it model by model)
    void outer(std::size_t level) {
        if (!tick()) return;
        if (level == s_) {
            inner_start();
            return;
        }
        const std::size_t j = node_order_[level];
        if (sets_[j].empty() && !candidates_[j].empty()) {
            single_placements(level, j, 0, 0.0);
            return;
        }
        const std::vector<std::vector<std::size_t>>& sets = sets_[j].empty() ? empty_set_ : sets_[j];
        for (const auto& set : sets) {
            for (std::size_t k : set) allowed_[j * k_ + k] = 1;
            decided_[j] = 1;
            if (bound(0, 0.0) < best_) outer(level + 1);
            decided_[j] = 0;
            for (std::size_t k : set) allowed_[j * k_ + k] = 0;
            if (aborted_) return;
        }
    }

    /// outer level for a node with too many candidate models: place candidates_[j][t..] one at a time
    void single_placements(std::size_t level, std::size_t j, std::size_t t, double memory) {
        if (t == candidates_[j].size()) {
            decided_[j] = 1;
            if (bound(0, 0.0) < best_) outer(level + 1);
            decided_[j] = 0;
            return;
        }
        if (!tick()) return;
        const std::size_t k = candidates_[j][t];
        if (within_capacity(memory + p_.model(k).memory, p_.node(j).memory)) {
            allowed_[j * k_ + k] = 1;
            single_placements(level, j, t + 1, memory + p_.model(k).memory);
            allowed_[j * k_ + k] = 0;
        }
        if (aborted_) return;
        single_placements(level, j, t + 1, memory);
    }

    /// inner level: every node decided. The cheapest allowed node per request, if it respects compute, is
    /// the optimum of this placement; otherwise search the dispatch.
    void inner_start() {
        double total = 0.0;
        bool fits = true;
        for (std::size_t i : order_) {
            std::size_t arg = provisioning_plan::rejected;
            double best = p_.rejection_cost();
            const std::size_t k = p_.request(i).model;
            for (std::size_t j = 0; j < s_; ++j)
                if (allowed_[j * k_ + k] && p_.latency(i, j) < best) {
                    best = p_.latency(i, j);
                    arg = j;
                }
            dispatch_[i] = arg;
            total += best;
            if (arg != provisioning_plan::rejected) compute_[arg] += p_.model(k).compute_per_request;
        }
        for (std::size_t j = 0; j < s_; ++j) fits = fits && within_capacity(compute_[j], p_.node(j).compute);
        std::fill(compute_.begin(), compute_.end(), 0.0);
        if (fits) {
            if (total < best_) record(total);
            return;
        }
        std::fill(dispatch_.begin(), dispatch_.end(), provisioning_plan::rejected);
        inner(0, 0.0);
    }

    void record(double total) {
        best_ = total;
        best_plan_ = make_provisioning_plan(p_, dispatch_);
    }

    void inner(std::size_t depth, double cost) {
        if (!tick()) return;
        if (depth == order_.size()) {
            if (cost < best_) record(cost);
            return;
        }
        const std::size_t i = order_[depth];
        const double c = p_.model(p_.request(i).model).compute_per_request;
        std::vector<child>& kids = kids_[depth];
        kids.clear();
        for (std::size_t j = 0; j < s_; ++j)
            if (may_serve(i, j)) kids.push_back({p_.latency(i, j), j});
        std::sort(kids.begin(), kids.end(), [](const child& a, const child& b) { return a.latency < b.latency; });
        kids.push_back({p_.rejection_cost(), provisioning_plan::rejected});
        for (std::size_t t = 0; t < kids.size(); ++t) {
            const child ch = kids_[depth][t];
            const double next = cost + ch.latency;
            if (!(next < best_)) continue;
            if (ch.node != provisioning_plan::rejected) compute_[ch.node] += c;
            dispatch_[i] = ch.node;
            if (bound(depth + 1, next) < best_) inner(depth + 1, next);
            dispatch_[i] = provisioning_plan::rejected;
            if (ch.node != provisioning_plan::rejected) compute_[ch.node] -= c;
            if (aborted_) return;
        }
    }

    const provisioning_problem& p_;
    std::size_t n_;
    std::size_t s_;
    std::size_t k_;
    std::vector<double> lambda_;
    std::size_t limit_;
    std::vector<std::size_t> order_;
    std::vector<std::vector<std::size_t>> candidates_;
    std::vector<std::vector<std::vector<std::size_t>>> sets_;
    std::vector<std::vector<std::size_t>> empty_set_{std::vector<std::size_t>{}};
    std::vector<std::size_t> node_order_;
    std::vector<char> allowed_;
    std::vector<char> decided_;
    std::vector<double> compute_;
    std::vector<std::size_t> dispatch_;
    std::vector<std::vector<child>> kids_;
    mutable std::vector<double> regret_; ///< bound scratch: per (node, model), regrets of the requests it draws
    provisioning_plan best_plan_;
    double best_ = infinity;
    std::size_t nodes_ = 0;
    bool aborted_ = false;
};

} // namespace detail

/// The exact optimum by branch and bound (header comment).
[[nodiscard]] inline provisioning_exact_result solve_provisioning_exact(const provisioning_problem& p,
                                                                        provisioning_exact_options options = {}) {
    const provisioning_heuristic_result start = solve_provisioning_fast(p, {60, infinity});
    const provisioning_bound lb = provisioning_lagrangian_bound(p, {60, start.objective});
    detail::provisioning_search search(p, lb.multipliers, options.node_limit);
    provisioning_exact_result r = search.run(start.best);
    if (!r.proven_optimal) r.lower_bound = std::max(r.lower_bound, std::min(r.objective, lb.value));
    return r;
}

} // namespace offload::planning
