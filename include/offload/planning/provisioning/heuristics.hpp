// offload/planning/provisioning/heuristics.hpp — fast provisioning plans and a lower bound for large instances.
//
//   - provisioning_greedy: requests in decreasing regret (second-cheapest minus cheapest latency over the nodes
//     that could host their model), each to the cheapest node that can still serve it (its model placed
//     there, or enough free memory to place it, and enough compute), else rejected;
//   - provisioning_iterative_search: the seed's §6.1 baseline. The seed sums tau_ij + theta_ij over all
//     requests per node and takes the least sum, i.e. sends everything to one node and ignores memory and
//     compute. Here the nodes are ranked by that sum and each request goes to the first node in the ranking
//     that can still serve it, so the plan is feasible; when the limits do not bind it is the seed's plan;
//   - improve_provisioning: moves single requests to cheaper nodes that can serve them (freeing a model's
//     memory when its last request leaves) until no move helps;
//   - provisioning_lagrangian_bound: a lower bound on the optimum from relaxing the compute limits with
//     multipliers lambda_j >= 0: sum_i min(P, min_j (tau_ij + theta_ij + lambda_j c_k(i))) - sum_j lambda_j C_j,
//     the inner min over the nodes that could host model k(i) alone; the multipliers come from a subgradient
//     method. Memory term (added at the end): node j will keep a set of models that fits its memory; the
//     requests whose cheapest place is j, for models it does not keep, pay at least their regret (next-
//     cheapest minus cheapest). Per node, the regret it can keep is at most a fractional knapsack (value:
//     the regret of a model's requests, weight: its memory, capacity M_j); the rest is added. Each request
//     counts at one node, so the terms add up and the bound stays valid;
//   - provisioning_memory_bound: a Lagrangian of the MEMORY rows (prices pi_j >= 0, seconds per byte) on top of
//     the compute multipliers lambda_j. With both relaxed the problem splits by model: model k solves an
//     uncapacitated facility location (UFL) with opening cost f_kj = pi_j m_k (0 where hosted; nodes that
//     cannot hold k alone are closed) and service cost d_ij = tau_ij + theta_ij + lambda_j c_k (rejection at
//     P = rejection_cost), so
//         L(pi, lambda) = sum_k UFL_k - sum_j pi_j M_j - sum_j lambda_j C_j <= optimum.
//     UFL_k is bounded below by any feasible point of its LP dual: v_i <= P, sum_i max(0, v_i - d_ij) <= f_kj
//     (Erlenkotter 1978, "A dual-based procedure for uncapacitated facility location"), found by dual ascent:
//     each v_i starts at its cheapest d_ij and rises level by level (to the next d_ij) while every node it
//     already covers (d_ij <= v_i) has slack. Each request keeps only its `candidates` cheapest nodes and
//     v_i stops at the last kept cost, so the nodes left out never enter the constraint. The prices pi start
//     at each node's critical regret per byte (a fractional knapsack of the regrets, second cheapest minus
//     cheapest, of the requests whose cheapest node it is) and follow a subgradient method (Polyak steps on
//     the heuristic's objective; subgradient: memory of the models whose opening cost the ascent used up,
//     minus M_j). Valid for any pi >= 0: the best value is kept;
//   - solve_provisioning_fast: the better of greedy and the iterative search, each improved (moves, and
//     repairs that serve a rejected request by moving one served request out of its way), with the largest of
//     the bounds (compute Lagrangian with its memory term; memory Lagrangian at the compute multipliers and at 0).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "offload/planning/detail/lowest_two.hpp"
#include "offload/planning/provisioning/plan.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::planning {

namespace detail {

/// Memory, compute and placements of a plan under construction.
class dispatch_state {
public:
    explicit dispatch_state(const provisioning_problem& p)
        : p_(p), k_(p.model_count()), users_(p.node_count() * k_, 0), placed_(p.node_count() * k_, 0),
          memory_(p.node_count(), 0.0), compute_(p.node_count(), 0.0),
          dispatch_(p.request_count(), provisioning_plan::rejected) {
        for (std::size_t j = 0; j < p.node_count(); ++j)
            for (std::size_t k : p.node(j).hosted) placed_[j * k_ + k] = 1;
    }

    [[nodiscard]] bool can_serve(std::size_t i, std::size_t j) const noexcept {
        const std::size_t k = p_.request(i).model;
        const provisioning_model& m = p_.model(k);
        if (!within_capacity(compute_[j] + m.compute_per_request, p_.node(j).compute)) return false;
        return placed_[j * k_ + k] || within_capacity(memory_[j] + m.memory, p_.node(j).memory);
    }

    void serve(std::size_t i, std::size_t j) noexcept {
        const std::size_t k = p_.request(i).model;
        if (!placed_[j * k_ + k]) {
            placed_[j * k_ + k] = 1;
            memory_[j] += p_.model(k).memory;
        }
        ++users_[j * k_ + k];
        compute_[j] += p_.model(k).compute_per_request;
        dispatch_[i] = j;
    }

    /// undoes serve(i, j); the model leaves the node when its last request does (unless hosted)
    void unserve(std::size_t i) noexcept {
        const std::size_t j = dispatch_[i];
        const std::size_t k = p_.request(i).model;
        compute_[j] -= p_.model(k).compute_per_request;
        if (--users_[j * k_ + k] == 0 && !p_.hosts(j, k)) {
            placed_[j * k_ + k] = 0;
            memory_[j] -= p_.model(k).memory;
        }
        dispatch_[i] = provisioning_plan::rejected;
    }

    [[nodiscard]] std::size_t node_of(std::size_t i) const noexcept { return dispatch_[i]; }
    [[nodiscard]] const std::vector<std::size_t>& dispatch() const noexcept { return dispatch_; }
    [[nodiscard]] double compute_used(std::size_t j) const noexcept { return compute_[j]; }

private:
    const provisioning_problem& p_;
    std::size_t k_;
    std::vector<std::size_t> users_;
    std::vector<char> placed_;
    std::vector<double> memory_;
    std::vector<double> compute_;
    std::vector<std::size_t> dispatch_;
};

/// request i can be served somewhere at all (known model, some node could host it alone)
[[nodiscard]] inline bool servable(const provisioning_problem& p, std::size_t i) noexcept {
    return rejection_of(p, i) == rejection_reason::capacity_exhausted;
}

/// servable requests by decreasing regret (second-cheapest minus cheapest latency over hostable nodes;
/// a request with a single hostable node first), ties by index
[[nodiscard]] inline std::vector<std::size_t> regret_order(const provisioning_problem& p) {
    std::vector<std::size_t> order;
    std::vector<double> regret(p.request_count(), 0.0);
    for (std::size_t i = 0; i < p.request_count(); ++i) {
        const std::size_t k = p.request(i).model;
        if (k == provisioning_request::unknown_model) continue;
        double best = infinity;
        double second = infinity;
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            if (!p.can_host(j, k)) continue;
            const double v = p.latency(i, j);
            if (v < best) {
                second = best;
                best = v;
            } else if (v < second) {
                second = v;
            }
        }
        if (best == infinity) continue;
        regret[i] = second == infinity ? infinity : second - best;
        order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return regret[a] > regret[b]; });
    return order;
}

/// For each rejected servable request i: make room on some node j by moving one request it serves to another
/// node, then serve i on j (each success lowers the objective by rejection_cost minus latencies, which is
/// positive with the default cost; a move that would not lower the objective is undone). True if any.
inline bool repair_rejections(const provisioning_problem& p, dispatch_state& st) {
    bool changed = false;
    const std::size_t n = p.request_count();
    std::vector<std::vector<std::size_t>> on(p.node_count()); // may go stale: node_of is checked on use
    for (std::size_t i = 0; i < n; ++i)
        if (st.node_of(i) != provisioning_plan::rejected) on[st.node_of(i)].push_back(i);
    std::size_t budget = 20'000'000; // candidate checks per call: large instances stay fast
    for (std::size_t i = 0; i < n && budget > 0; ++i) {
        if (st.node_of(i) != provisioning_plan::rejected || !servable(p, i)) continue;
        bool done = false;
        for (std::size_t j = 0; j < p.node_count() && !done && budget > 0; ++j) {
            if (!p.can_host(j, p.request(i).model)) continue;
            for (std::size_t t = 0; t < on[j].size() && !done && budget > 0; ++t) {
                const std::size_t other = on[j][t];
                budget -= std::min(budget, p.node_count());
                if (st.node_of(other) != j) continue;
                st.unserve(other);
                if (st.can_serve(i, j)) {
                    st.serve(i, j);
                    for (std::size_t to = 0; to < p.node_count() && !done; ++to) {
                        if (to == j || !st.can_serve(other, to)) continue;
                        const double gain =
                            p.rejection_cost() - p.latency(i, j) + p.latency(other, j) - p.latency(other, to);
                        if (gain > 0.0) {
                            st.serve(other, to);
                            on[to].push_back(other);
                            on[j].push_back(i);
                            done = true;
                        }
                    }
                    if (!done) st.unserve(i);
                }
                if (!done) st.serve(other, j);
            }
        }
        changed = changed || done;
    }
    return changed;
}

} // namespace detail

/// Greedy by regret (header comment). Always a feasible plan.
[[nodiscard]] inline provisioning_plan provisioning_greedy(const provisioning_problem& p) {
    detail::dispatch_state st(p);
    for (std::size_t i : detail::regret_order(p)) {
        std::size_t best = provisioning_plan::rejected;
        double best_latency = infinity;
        for (std::size_t j = 0; j < p.node_count(); ++j)
            if (p.latency(i, j) < best_latency && st.can_serve(i, j)) {
                best = j;
                best_latency = p.latency(i, j);
            }
        if (best != provisioning_plan::rejected) st.serve(i, best);
    }
    return make_provisioning_plan(p, st.dispatch());
}

/// The seed's iterative search made feasible (header comment).
[[nodiscard]] inline provisioning_plan provisioning_iterative_search(const provisioning_problem& p) {
    std::vector<double> sum(p.node_count(), 0.0);
    for (std::size_t i = 0; i < p.request_count(); ++i)
        for (std::size_t j = 0; j < p.node_count(); ++j) sum[j] += p.latency(i, j);
    std::vector<std::size_t> nodes(p.node_count());
    std::iota(nodes.begin(), nodes.end(), std::size_t{0});
    std::stable_sort(nodes.begin(), nodes.end(), [&](std::size_t a, std::size_t b) { return sum[a] < sum[b]; });
    detail::dispatch_state st(p);
    for (std::size_t i = 0; i < p.request_count(); ++i) {
        if (!detail::servable(p, i)) continue;
        for (std::size_t j : nodes)
            if (st.can_serve(i, j)) {
                st.serve(i, j);
                break;
            }
    }
    return make_provisioning_plan(p, st.dispatch());
}

/// Single-request moves to cheaper nodes (and serving rejected requests where room appears, directly or by
/// moving one served request away) until no move lowers the objective or max_passes passes are done. Returns a plan at least as good as x (x is checked by
/// the evaluator first, which throws if it is infeasible).
[[nodiscard]] inline provisioning_plan improve_provisioning(const provisioning_problem& p, const provisioning_plan& x,
                                                            std::size_t max_passes = 20) {
    (void)evaluate(p, x);
    detail::dispatch_state st(p);
    for (std::size_t i = 0; i < p.request_count(); ++i)
        if (x.dispatch[i] != provisioning_plan::rejected) st.serve(i, x.dispatch[i]);
    for (std::size_t pass = 0; pass < max_passes; ++pass) {
        bool moved = false;
        for (std::size_t i = 0; i < p.request_count(); ++i) {
            if (!detail::servable(p, i)) continue;
            const std::size_t from = st.node_of(i);
            const double now = from == provisioning_plan::rejected ? p.rejection_cost() : p.latency(i, from);
            if (from != provisioning_plan::rejected) st.unserve(i);
            std::size_t best = from;
            double best_latency = now;
            for (std::size_t j = 0; j < p.node_count(); ++j)
                if (p.latency(i, j) < best_latency && st.can_serve(i, j)) {
                    best = j;
                    best_latency = p.latency(i, j);
                }
            if (best != provisioning_plan::rejected) st.serve(i, best);
            moved = moved || best != from;
        }
        moved = detail::repair_rejections(p, st) || moved;
        if (!moved) break;
    }
    return make_provisioning_plan(p, st.dispatch());
}

struct provisioning_bound_options {
    std::size_t iterations = 30;       ///< subgradient steps
    double upper_bound = infinity;     ///< objective of a known plan (Polyak steps); +inf: a plan is built
    std::size_t memory_iterations = 3; ///< subgradient steps on the memory prices (provisioning_memory_bound)
    std::size_t candidates = 12;       ///< cheapest nodes kept per request by the memory bound's dual ascent

    friend bool operator==(const provisioning_bound_options&, const provisioning_bound_options&) = default;
};

struct provisioning_bound {
    double value = 0.0;              ///< the best bound found (<= the optimum)
    std::vector<double> multipliers; ///< lambda_j of that bound, per node (>= 0)

    friend bool operator==(const provisioning_bound&, const provisioning_bound&) = default;
};

namespace detail {

/// L(lambda) and its subgradient g_j = sum of c_k(i) over the requests whose inner min picks j, minus C_j.
/// With `memory_term`, adds the memory term of the header comment (fractional knapsack per node).
[[nodiscard]] inline double lagrangian_value(const provisioning_problem& p, const std::vector<double>& lambda,
                                             const std::vector<std::vector<std::size_t>>& hostable,
                                             std::vector<double>* gradient, bool memory_term = false) {
    const std::size_t kk = p.model_count();
    double value = 0.0;
    for (std::size_t j = 0; j < p.node_count(); ++j) {
        value -= lambda[j] * p.node(j).compute;
        if (gradient) (*gradient)[j] = -p.node(j).compute;
    }
    std::vector<double> regret;
    if (memory_term) regret.assign(p.node_count() * kk, 0.0);
    for (std::size_t i = 0; i < p.request_count(); ++i) {
        const std::size_t k = p.request(i).model;
        if (k == provisioning_request::unknown_model || hostable[k].empty()) continue;
        const double c = p.model(k).compute_per_request;
        detail::lowest_two cheapest{p.rejection_cost(), infinity, provisioning_plan::rejected};
        for (std::size_t j : hostable[k]) cheapest.offer(p.latency(i, j) + lambda[j] * c, j);
        value += cheapest.best;
        const std::size_t arg = cheapest.arg;
        if (gradient && arg != provisioning_plan::rejected) (*gradient)[arg] += c;
        if (memory_term && arg != provisioning_plan::rejected && !p.hosts(arg, k))
            regret[arg * kk + k] += std::min(cheapest.second, p.rejection_cost()) - cheapest.best;
    }
    if (!memory_term) return value;
    // node j keeps models within its memory; the requests drawn to it for the other models pay their regret.
    // The most regret a node can keep is at most the fractional knapsack's value.
    std::vector<std::size_t> items;
    for (std::size_t j = 0; j < p.node_count(); ++j) {
        items.clear();
        double all = 0.0;
        for (std::size_t k = 0; k < kk; ++k)
            if (regret[j * kk + k] > 0.0) {
                items.push_back(k);
                all += regret[j * kk + k];
            }
        if (items.empty()) continue;
        const auto ratio = [&](std::size_t k) {
            const double m = p.model(k).memory;
            return m > 0.0 ? regret[j * kk + k] / m : infinity;
        };
        std::sort(items.begin(), items.end(), [&](std::size_t a, std::size_t b) { return ratio(a) > ratio(b); });
        double room = p.node(j).memory;
        double kept = 0.0;
        for (std::size_t k : items) {
            const double m = p.model(k).memory;
            if (m <= room) {
                kept += regret[j * kk + k];
                room -= m;
            } else {
                kept += regret[j * kk + k] * room / m;
                break;
            }
        }
        value += std::max(0.0, all - kept);
    }
    return value;
}

[[nodiscard]] inline std::vector<std::vector<std::size_t>> hostable_nodes(const provisioning_problem& p) {
    std::vector<std::vector<std::size_t>> hostable(p.model_count());
    for (std::size_t k = 0; k < p.model_count(); ++k)
        for (std::size_t j = 0; j < p.node_count(); ++j)
            if (p.can_host(j, k)) hostable[k].push_back(j);
    return hostable;
}

} // namespace detail

/// The Lagrangian bound of the header comment (valid for any multipliers; the subgradient only tightens it).
[[nodiscard]] inline provisioning_bound provisioning_lagrangian_bound(const provisioning_problem& p,
                                                                      provisioning_bound_options options = {}) {
    const auto hostable = detail::hostable_nodes(p);
    double upper = options.upper_bound;
    if (!(upper < infinity)) upper = evaluate(p, provisioning_greedy(p)).objective;
    std::vector<double> lambda(p.node_count(), 0.0);
    std::vector<double> g(p.node_count(), 0.0);
    provisioning_bound best{detail::lagrangian_value(p, lambda, hostable, &g), lambda};
    double value = best.value;
    double theta = 1.0;
    std::size_t stalled = 0;
    for (std::size_t it = 0; it < options.iterations; ++it) {
        double norm = 0.0;
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            const double d = lambda[j] == 0.0 ? std::max(0.0, g[j]) : g[j]; // projected direction
            norm += d * d;
        }
        if (norm == 0.0 || !(upper > value)) break; // lambda is optimal, or the bound meets the plan
        const double step = theta * (upper - value) / norm;
        for (std::size_t j = 0; j < p.node_count(); ++j) lambda[j] = std::max(0.0, lambda[j] + step * g[j]);
        value = detail::lagrangian_value(p, lambda, hostable, &g);
        if (value > best.value) {
            best = {value, lambda};
            stalled = 0;
        } else if (++stalled >= 3) {
            theta *= 0.5;
            stalled = 0;
        }
    }
    // the memory term at the best multipliers and at lambda = 0 (both valid; the larger is kept)
    const double with_memory = detail::lagrangian_value(p, best.multipliers, hostable, nullptr, true);
    const double plain_memory =
        detail::lagrangian_value(p, std::vector<double>(p.node_count(), 0.0), hostable, nullptr, true);
    best.value = std::max({best.value, with_memory, plain_memory});
    return best;
}

namespace detail {

/// Each servable request's `width` cheapest nodes by d_ij = tau_ij + theta_ij + lambda_j c_k (ascending), the
/// requests grouped by model (header comment, provisioning_memory_bound).
struct memory_bound_lists {
    std::size_t width = 0;
    std::vector<std::vector<std::size_t>> by_model; ///< requests of each model that some node could host
    std::vector<std::size_t> count;                 ///< per request: candidates kept (<= width)
    std::vector<bool> truncated;                    ///< per request: nodes were left out
    std::vector<std::size_t> node;                  ///< request i's candidates at [i width, i width + count)
    std::vector<double> cost;
};

[[nodiscard]] inline memory_bound_lists memory_candidates(const provisioning_problem& p,
                                                          const std::vector<double>& lambda, std::size_t width) {
    memory_bound_lists l;
    l.width = width;
    const std::size_t n = p.request_count();
    l.by_model.resize(p.model_count());
    l.count.assign(n, 0);
    l.truncated.assign(n, false);
    l.node.assign(n * width, 0);
    l.cost.assign(n * width, 0.0);
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = p.request(i).model;
        if (k == provisioning_request::unknown_model) continue;
        all.clear();
        for (std::size_t j = 0; j < p.node_count(); ++j)
            if (p.can_host(j, k)) all.emplace_back(p.latency(i, j) + lambda[j] * p.model(k).compute_per_request, j);
        if (all.empty()) continue;
        const std::size_t keep = std::min(width, all.size());
        std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end());
        for (std::size_t t = 0; t < keep; ++t) {
            l.cost[i * width + t] = all[t].first;
            l.node[i * width + t] = all[t].second;
        }
        l.count[i] = keep;
        l.truncated[i] = keep < all.size();
        l.by_model[k].push_back(i);
    }
    return l;
}

/// Starting prices: per node, the regret (second cheapest minus cheapest kept cost, capped by P) of the
/// requests whose cheapest node it is, summed per model not hosted there; pi_j = the regret per byte of the
/// model at which a fractional knapsack of capacity M_j (by regret per byte) runs out, 0 when all fit.
[[nodiscard]] inline std::vector<double> memory_start_prices(const provisioning_problem& p,
                                                             const memory_bound_lists& l) {
    const std::size_t kk = p.model_count();
    const std::size_t w = l.width;
    std::vector<double> regret(p.node_count() * kk, 0.0);
    for (std::size_t k = 0; k < kk; ++k)
        for (std::size_t i : l.by_model[k]) {
            const std::size_t j = l.node[i * w];
            if (p.hosts(j, k)) continue;
            const double first = std::min(l.cost[i * w], p.rejection_cost());
            const double second = l.count[i] > 1 ? std::min(l.cost[i * w + 1], p.rejection_cost()) : p.rejection_cost();
            regret[j * kk + k] += second - first;
        }
    std::vector<double> pi(p.node_count(), 0.0);
    std::vector<std::size_t> items;
    for (std::size_t j = 0; j < p.node_count(); ++j) {
        items.clear();
        for (std::size_t k = 0; k < kk; ++k)
            if (regret[j * kk + k] > 0.0 && p.model(k).memory > 0.0) items.push_back(k);
        const auto ratio = [&](std::size_t k) { return regret[j * kk + k] / p.model(k).memory; };
        std::sort(items.begin(), items.end(), [&](std::size_t a, std::size_t b) { return ratio(a) > ratio(b); });
        double room = p.node(j).memory;
        for (std::size_t k : items) {
            if (p.model(k).memory > room) {
                pi[j] = ratio(k);
                break;
            }
            room -= p.model(k).memory;
        }
    }
    return pi;
}

/// sum_k (dual ascent value of UFL_k) at prices pi (header comment); `opened` gets per node the memory of the
/// models (not hosted there) whose opening cost the ascent used up, for the subgradient.
[[nodiscard]] inline double memory_dual_ascent(const provisioning_problem& p, const memory_bound_lists& l,
                                               const std::vector<double>& pi, std::vector<double>& opened) {
    const std::size_t w = l.width;
    std::vector<double> slack(p.node_count());
    std::vector<double> v;
    std::vector<std::size_t> covered;
    std::vector<char> is_open(p.node_count());
    std::fill(opened.begin(), opened.end(), 0.0);
    double total = 0.0;
    for (std::size_t k = 0; k < p.model_count(); ++k) {
        const auto& reqs = l.by_model[k];
        if (reqs.empty()) continue;
        for (std::size_t j = 0; j < p.node_count(); ++j) slack[j] = p.hosts(j, k) ? 0.0 : pi[j] * p.model(k).memory;
        v.assign(reqs.size(), 0.0);
        covered.assign(reqs.size(), 0);
        const auto cap = [&](std::size_t i) { // v_i may not pass the last kept cost when nodes were left out
            const double last = l.cost[i * w + l.count[i] - 1];
            return std::min(p.rejection_cost(), l.truncated[i] ? last : infinity);
        };
        for (std::size_t t = 0; t < reqs.size(); ++t) {
            const std::size_t i = reqs[t];
            v[t] = std::min(l.cost[i * w], p.rejection_cost());
            while (covered[t] < l.count[i] && l.cost[i * w + covered[t]] <= v[t]) ++covered[t];
        }
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t t = 0; t < reqs.size(); ++t) {
                const std::size_t i = reqs[t];
                const double top = cap(i);
                if (!(v[t] < top)) continue;
                const double target = covered[t] < l.count[i] ? std::min(l.cost[i * w + covered[t]], top) : top;
                double room = infinity;
                for (std::size_t c = 0; c < covered[t]; ++c) room = std::min(room, slack[l.node[i * w + c]]);
                if (!(room > 0.0)) continue; // blocked by a node without slack
                const double delta = std::min(target - v[t], room);
                v[t] = delta < target - v[t] ? v[t] + delta : target; // exactly the next level when reached
                for (std::size_t c = 0; c < covered[t]; ++c) {
                    double& sl = slack[l.node[i * w + c]];
                    sl = std::max(0.0, sl - delta);
                }
                while (covered[t] < l.count[i] && l.cost[i * w + covered[t]] <= v[t]) ++covered[t];
                changed = true;
            }
        }
        std::fill(is_open.begin(), is_open.end(), char{0});
        for (std::size_t t = 0; t < reqs.size(); ++t) {
            total += v[t];
            const std::size_t i = reqs[t];
            for (std::size_t c = 0; c < covered[t]; ++c) {
                const std::size_t j = l.node[i * w + c];
                if (slack[j] <= 0.0 && !p.hosts(j, k) && !is_open[j]) {
                    is_open[j] = 1;
                    opened[j] += p.model(k).memory;
                }
            }
        }
    }
    return total;
}

} // namespace detail

/// The memory Lagrangian of the header comment at fixed compute multipliers lambda (per node, >= 0; e.g.
/// provisioning_lagrangian_bound's), the prices by options.memory_iterations subgradient steps with Polyak
/// steps towards options.upper_bound (+inf: a greedy plan's objective). Valid for any prices: the best value.
[[nodiscard]] inline double provisioning_memory_bound(const provisioning_problem& p, const std::vector<double>& lambda,
                                                      provisioning_bound_options options = {}) {
    constexpr const char* fn = "offload::planning::provisioning_memory_bound";
    if (lambda.size() != p.node_count())
        offload::detail::throw_parameter_error(fn, "lambda.size", static_cast<double>(lambda.size()),
                                               "must equal nodes.size()");
    for (std::size_t j = 0; j < lambda.size(); ++j)
        if (!(lambda[j] >= 0.0 && lambda[j] < infinity))
            offload::detail::throw_parameter_error(fn, ("lambda[" + std::to_string(j) + "]").c_str(), lambda[j],
                                                   "must be finite and >= 0");
    if (options.candidates < 1) offload::detail::throw_parameter_error(fn, "options.candidates", 0.0, "must be >= 1");
    double upper = options.upper_bound;
    if (!(upper < infinity)) upper = evaluate(p, provisioning_greedy(p)).objective;
    const detail::memory_bound_lists l = detail::memory_candidates(p, lambda, options.candidates);
    double fixed = 0.0; // - sum_j lambda_j C_j
    for (std::size_t j = 0; j < p.node_count(); ++j) fixed -= lambda[j] * p.node(j).compute;
    std::vector<double> pi = detail::memory_start_prices(p, l);
    std::vector<double> opened(p.node_count(), 0.0);
    double best = -infinity;
    double theta = 1.0;
    std::size_t stalled = 0;
    for (std::size_t it = 0;; ++it) {
        double value = fixed + detail::memory_dual_ascent(p, l, pi, opened);
        for (std::size_t j = 0; j < p.node_count(); ++j) value -= pi[j] * p.node(j).memory;
        if (value > best) {
            best = value;
            stalled = 0;
        } else if (++stalled >= 3) {
            theta *= 0.5;
            stalled = 0;
        }
        if (it >= options.memory_iterations) break;
        double norm = 0.0;
        std::vector<double> g(p.node_count());
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            g[j] = opened[j] - p.node(j).memory;
            if (pi[j] == 0.0 && g[j] < 0.0) g[j] = 0.0; // projected
            norm += g[j] * g[j];
        }
        if (norm == 0.0 || !(upper > value)) break;
        const double step = theta * (upper - value) / norm;
        for (std::size_t j = 0; j < p.node_count(); ++j) pi[j] = std::max(0.0, pi[j] + step * g[j]);
    }
    return best;
}

struct provisioning_heuristic_result {
    provisioning_plan best;
    double objective = 0.0;   ///< evaluate(p, best).objective
    double lower_bound = 0.0; ///< provisioning_lagrangian_bound: the optimum lies in [lower_bound, objective]

    friend bool operator==(const provisioning_heuristic_result&, const provisioning_heuristic_result&) = default;
};

/// Greedy, improved, with the Lagrangian lower bounds (compute, then memory; header comment).
[[nodiscard]] inline provisioning_heuristic_result solve_provisioning_fast(const provisioning_problem& p,
                                                                           provisioning_bound_options options = {}) {
    provisioning_heuristic_result r;
    r.best = improve_provisioning(p, provisioning_greedy(p));
    r.objective = evaluate(p, r.best).objective;
    const provisioning_plan second = improve_provisioning(p, provisioning_iterative_search(p));
    const double second_objective = evaluate(p, second).objective;
    if (second_objective < r.objective) {
        r.best = second;
        r.objective = second_objective;
    }
    options.upper_bound = r.objective;
    const provisioning_bound compute = provisioning_lagrangian_bound(p, options);
    double bound = compute.value;
    if (options.memory_iterations > 0) { // the memory Lagrangian at the compute multipliers and at lambda = 0
        bound = std::max(bound, provisioning_memory_bound(p, compute.multipliers, options));
        const bool priced =
            std::any_of(compute.multipliers.begin(), compute.multipliers.end(), [](double v) { return v > 0.0; });
        if (priced)
            bound = std::max(bound, provisioning_memory_bound(p, std::vector<double>(p.node_count(), 0.0), options));
    }
    r.lower_bound = std::min(r.objective, bound);
    return r;
}

} // namespace offload::planning
