// offload/planning/provisioning/queueing_dispatch.hpp — queueing-aware provisioning and dispatch of request
// STREAMS (issue 15, beyond seed 004, whose execution time does not depend on the load).
//
// Model (docs/planning.md "Queueing-aware dispatch"):
//   - models k (provisioning_model: name and memory m_k; compute_per_request is not used here), nodes j
//     (dispatch_node: name, memory M_j, models already hosted), streams s: one model k(s), a Poisson arrival
//     rate lambda_s (requests/s), per node a round-trip time tau_sj and a mean service time theta_sj (seconds),
//     and the service time's squared coefficient of variation c_s (0 deterministic, 1 exponential);
//   - a plan places models (memory paid once per model placed, sum m_k <= M_j as in problem.hpp) and routes a
//     fraction f_sj of stream s to node j (f_sj > 0 only where k(s) is placed; sum_j f_sj = 1). Random
//     (Bernoulli) splitting of a Poisson stream gives Poisson streams x_sj = f_sj lambda_s;
//   - node j has c_j >= 1 identical servers (GPUs) fed by one FCFS queue seeing the merged Poisson streams,
//     whose service time is the MIXTURE of the streams' (pipelines/multi_tenant.hpp: tenant_mix,
//     aggregate_demand). With Lambda_j = sum_s x_sj, a_j = sum_s x_sj theta_sj (offered load, Erlang),
//     B_j = sum_s x_sj theta_sj^2 (1 + c_s) (= Lambda_j E[S_j^2]), the mixture's SCV is
//     cv_j^2 = Lambda_j B_j / a_j^2 - 1 and the per-server utilisation rho_j = a_j / c_j;
//       c_j = 1: an M/G/1 queue, the Pollaczek-Khinchine wait W_j = B_j / (2 (1 - rho_j)) (exact;
//                shared_stage<mg1>);
//       c_j > 1: M/G/c has no closed form; the M/M/c-based approximation (Lee and Longton 1959; Tijms 2003,
//                sec. 5.4) W_j = (1 + cv_j^2) / 2 x W_j(M/M/c) with W(M/M/c) = C(c_j, a_j) / (c_j mu_j - Lambda_j),
//                mu_j = Lambda_j / a_j (queues/mmc.hpp, Erlang C), i.e. W_j = B_j C(c_j, a_j) / (2 a_j (c_j - a_j)).
//                It is exact for c_j = 1 (C(1, a) = a gives P-K) and for exponential service of one mean
//                (cv^2 = 1: M/M/c); otherwise an approximation (docs/planning.md states its accuracy against the
//                simulator). Stream s's requests routed to j take tau_sj + W_j + theta_sj (FCFS, Poisson
//                arrivals: one wait for every class);
//   - objective: the rate-weighted mean end-to-end latency
//         L = (1 / Lambda) sum_sj x_sj (tau_sj + theta_sj) + (1 / Lambda) sum_j Lambda_j W_j,
//     with every node stable (rho_j < 1). The static formulation (seed 004 §3) predicts the first term only.
//
// Search is apart from evaluation: evaluate_queueing_dispatch scores any (placement, routing) with the library's
// queue models; the solvers below only propose plans and every result is scored by it.
//   - route_queueing_dispatch: routing for a fixed placement. Phase 1 finds a stable split (pairwise descent on
//     a smoothed max of the utilisations) or certifies that none exists: for weights w on the nodes (w >= 0,
//     sum 1), max_j rho_j >= sum_j w_j rho_j >= sum_s lambda_s min_{j hosts k(s)} w_j theta_sj / c_j, so a
//     bound >= 1 proves every split overloads some node. Phase 2 moves rate, stream by stream, from its node of largest
//     marginal latency dL/dx_sj to the one of smallest, with an exact line search (along such a move the
//     objective is convex: each node's term is a power series with non-negative coefficients in x_sj). Stop
//     when the Frank-Wolfe gap  G = sum_s [sum_j x_sj g_sj - lambda_s min_j g_sj]  (zero exactly at a KKT
//     point) is <= tolerance x Lambda x L; kkt_residual = G / Lambda (seconds). L is convex in the routed
//     rates when each node serves one stream, or streams with equal theta^2 (1 + c); in general Lambda_j W_j
//     is not (it is a product of two linear forms over 1 - rho_j), so the result is a KKT point, checked
//     against a brute-force grid in the tests (for c_j > 1 the same holds with h(a) = C(c, a) / (a (c - a)) in
//     place of 1 / (1 - rho): Lambda_j W_j = Lambda_j B_j h(a_j) / 2). Whole-stream mode (each stream to one node): the split
//     solution rounded to each stream's largest fraction and a greedy assignment, each improved by moving
//     one stream at a time while that lowers L; the better is kept (a heuristic, no optimality claim).
//   - solve_queueing_dispatch: placements by greedy addition (start from the hosted models; add the (node,
//     model) that fits in memory and most improves the routed plan; stop when none does), then (option
//     local_search) a local search over drop moves (remove a placement) and swap moves (replace a placement by
//     another model that fits in the memory it frees), each scored by the routing above, the first improving
//     move taken, additions retried after each; until no move improves. With local_search, two more starts
//     from the relaxation of queueing_dispatch_lower_bound: per node, the models to which the relaxed routing
//     sends most rate (ordered by rate, then by rate per byte), as many as fit, each start improved the same
//     way; the best of the three plans is returned. Routing as above.
//   - queueing_dispatch_lower_bound: a proven lower bound on L over every placement and split (so also whole-
//     stream plans): memory is relaxed (stream s may use every node that could host k(s) alone) and each
//     node's waiting term is bounded below by a convex function of its offered load: by Cauchy-Schwarz
//     Lambda_j B_j >= kappa_j a_j^2 with kappa_j = min (1 + c_s) over the streams that may use j, so
//         Lambda_j W_j >= kappa_j a_j C(c_j, a_j) / (2 (c_j - a_j)) = kappa_j Lq_j(M/M/c) / 2,
//     convex in a_j (the M/M/c mean queue length is convex in the load: Grassmann 1983; c = 1: a^2 / (1 - a)).
//     The relaxation is convex in the routed rates, so any stable x gives the Frank-Wolfe bound
//     f(x) - G(x) <= min f (G the gap of the header's phase 2); the larger of that and the static bound
//     sum_s lambda_s min_j (tau_sj + theta_sj) / Lambda is returned (+inf when the relaxation is proven
//     overloaded: no plan is stable). solve_queueing_dispatch reports it as lower_bound.
//   - static_dispatch_plan: the static formulation's plan (one request per stream, solve_provisioning_exact,
//     the load ignored), to be scored by evaluate_queueing_dispatch.
//   - simulate_queueing_dispatch: the plan run in the discrete-event simulator (one station of c_j servers per
//     node, the round trip a delay), the mean latency with a confidence interval over independent runs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "offload/detail/invert_cdf.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/detail/latency_transform.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/planning/provisioning/branch_and_bound.hpp"
#include "offload/planning/provisioning/problem.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mmc.hpp"
#include "offload/simulation/network.hpp"
#include "offload/simulation/simulate.hpp"

namespace offload::planning {

/// A request stream: Poisson arrivals for one model, with per-node round-trip and mean service times.
struct dispatch_stream {
    std::size_t model = 0;
    double arrival_rate = 0.0;           ///< lambda_s, requests/s (> 0)
    std::vector<double> round_trip_time; ///< tau_sj per node, seconds (>= 0)
    std::vector<double> service_time;    ///< theta_sj per node: mean service time, seconds (> 0)
    double service_scv = 0.0;            ///< c_s = Var/mean^2 of the service time (0 deterministic, 1 exponential)

    friend bool operator==(const dispatch_stream&, const dispatch_stream&) = default;
};

/// An edge node: `servers` identical servers (GPUs) behind one FCFS queue. memory is what new placements may
/// fill; hosted models stay and are free. Every model placed on the node can run on each of its servers.
struct dispatch_node {
    std::string name;
    double memory = 0.0;
    std::vector<std::size_t> hosted{};
    int servers = 1; ///< c_j, an integer in [1, max_servers]

    static constexpr int max_servers = 10'000;

    friend bool operator==(const dispatch_node&, const dispatch_node&) = default;
};

/// A validated instance; parameter_error names the field (`streams[2].arrival_rate`, `nodes[1].name`, ...).
class queueing_dispatch_problem {
public:
    queueing_dispatch_problem(std::vector<provisioning_model> models, std::vector<dispatch_node> nodes,
                              std::vector<dispatch_stream> streams)
        : models_(std::move(models)), nodes_(std::move(nodes)), streams_(std::move(streams)) {
        if (models_.empty()) fail("models.size", 0.0, "must be >= 1 (an empty model set)");
        if (nodes_.empty()) fail("nodes.size", 0.0, "must be >= 1 (an empty node set)");
        if (streams_.empty()) fail("streams.size", 0.0, "must be >= 1 (an empty stream set)");
        if (models_.size() > max_count || nodes_.size() > max_count || streams_.size() > max_count)
            fail("size", static_cast<double>(std::max({models_.size(), nodes_.size(), streams_.size()})),
                 "models, nodes and streams must each number <= 1e5");
        std::unordered_set<std::string> names;
        for (std::size_t k = 0; k < models_.size(); ++k) {
            const provisioning_model& m = models_[k];
            const std::string at = "models[" + std::to_string(k) + "]";
            if (m.name.empty()) fail_text(at + ".name", m.name, "must not be empty");
            if (!names.insert(m.name).second) fail_text(at + ".name", m.name, "must be unique among models");
            if (!(m.memory >= 0.0 && m.memory < infinity)) fail(at + ".memory", m.memory, "must be finite and >= 0");
        }
        names.clear();
        for (std::size_t j = 0; j < nodes_.size(); ++j) {
            dispatch_node& n = nodes_[j];
            const std::string at = "nodes[" + std::to_string(j) + "]";
            if (n.name.empty()) fail_text(at + ".name", n.name, "must not be empty");
            if (!names.insert(n.name).second) fail_text(at + ".name", n.name, "must be unique among nodes");
            if (!(n.memory >= 0.0 && n.memory < infinity)) fail(at + ".memory", n.memory, "must be finite and >= 0");
            if (n.servers < 1 || n.servers > dispatch_node::max_servers)
                fail(at + ".servers", static_cast<double>(n.servers), "must be an integer in [1, 10000]");
            std::sort(n.hosted.begin(), n.hosted.end());
            for (std::size_t t = 0; t < n.hosted.size(); ++t) {
                const std::string h = at + ".hosted[" + std::to_string(t) + "]";
                if (n.hosted[t] >= models_.size())
                    fail(h, static_cast<double>(n.hosted[t]), "must be a model index < models.size()");
                if (t > 0 && n.hosted[t] == n.hosted[t - 1])
                    fail(h, static_cast<double>(n.hosted[t]), "must not repeat a model");
            }
        }
        for (std::size_t s = 0; s < streams_.size(); ++s) {
            const dispatch_stream& r = streams_[s];
            const std::string at = "streams[" + std::to_string(s) + "]";
            if (r.model >= models_.size())
                fail(at + ".model", static_cast<double>(r.model), "must be a model index < models.size()");
            if (!(r.arrival_rate > 0.0 && r.arrival_rate < infinity))
                fail(at + ".arrival_rate", r.arrival_rate, "must be finite and > 0 (requests/s)");
            if (!(r.service_scv >= 0.0 && r.service_scv < infinity))
                fail(at + ".service_scv", r.service_scv, "must be finite and >= 0");
            if (r.round_trip_time.size() != nodes_.size())
                fail(at + ".round_trip_time.size", static_cast<double>(r.round_trip_time.size()),
                     "must equal nodes.size()");
            if (r.service_time.size() != nodes_.size())
                fail(at + ".service_time.size", static_cast<double>(r.service_time.size()), "must equal nodes.size()");
            for (std::size_t j = 0; j < nodes_.size(); ++j) {
                if (!(r.round_trip_time[j] >= 0.0 && r.round_trip_time[j] < infinity))
                    fail(at + ".round_trip_time[" + std::to_string(j) + "]", r.round_trip_time[j],
                         "must be finite and >= 0");
                if (!(r.service_time[j] > 0.0 && r.service_time[j] < infinity))
                    fail(at + ".service_time[" + std::to_string(j) + "]", r.service_time[j], "must be finite and > 0");
            }
            total_rate_ += r.arrival_rate;
        }
    }

    [[nodiscard]] const std::vector<provisioning_model>& models() const noexcept { return models_; }
    [[nodiscard]] const std::vector<dispatch_node>& nodes() const noexcept { return nodes_; }
    [[nodiscard]] const std::vector<dispatch_stream>& streams() const noexcept { return streams_; }
    [[nodiscard]] std::size_t model_count() const noexcept { return models_.size(); }
    [[nodiscard]] std::size_t node_count() const noexcept { return nodes_.size(); }
    [[nodiscard]] std::size_t stream_count() const noexcept { return streams_.size(); }
    [[nodiscard]] const dispatch_stream& stream(std::size_t s) const noexcept { return streams_[s]; }
    /// Lambda = sum_s lambda_s, requests/s
    [[nodiscard]] double total_arrival_rate() const noexcept { return total_rate_; }
    [[nodiscard]] bool hosts(std::size_t j, std::size_t k) const noexcept {
        return std::binary_search(nodes_[j].hosted.begin(), nodes_[j].hosted.end(), k);
    }

    friend bool operator==(const queueing_dispatch_problem&, const queueing_dispatch_problem&) = default;

    static constexpr std::size_t max_count = 100'000;

private:
    [[noreturn]] static void fail(const std::string& name, double value, const char* requirement) {
        offload::detail::throw_parameter_error("offload::planning::queueing_dispatch_problem", name.c_str(), value,
                                               requirement);
    }
    [[noreturn]] static void fail_text(const std::string& name, const std::string& value, const char* requirement) {
        offload::detail::throw_parameter_error("offload::planning::queueing_dispatch_problem", name.c_str(),
                                               "\"" + value + "\"", requirement);
    }

    std::vector<provisioning_model> models_;
    std::vector<dispatch_node> nodes_;
    std::vector<dispatch_stream> streams_;
    double total_rate_ = 0.0;
};

/// Placements (per node, sorted model indices including the hosted ones) and routing fractions (per stream,
/// one per node, summing to 1).
struct queueing_dispatch_plan {
    std::vector<std::vector<std::size_t>> placement;
    std::vector<std::vector<double>> routing;

    friend bool operator==(const queueing_dispatch_plan&, const queueing_dispatch_plan&) = default;
};

struct queueing_dispatch_evaluation {
    bool stable = true;                    ///< every node has rho_j < 1
    std::vector<double> node_arrival_rate; ///< Lambda_j, 1/s
    std::vector<double> node_utilization;  ///< rho_j = a_j / c_j, per server
    std::vector<double> node_mean_wait;    ///< W_j (P-K; M/M/c-based for c_j > 1), s; +inf if rho_j >= 1, 0 if idle
    std::vector<double> memory_used;       ///< per node: memory of the placed models not hosted
    std::vector<double>
        stream_mean_latency;          ///< sum_j f_sj (tau_sj + W_j + theta_sj); +inf if it meets an unstable node
    double mean_latency = 0.0;        ///< L, rate-weighted over streams; +inf when not stable
    double static_mean_latency = 0.0; ///< the same routing with the waits left out (the static prediction)

    friend bool operator==(const queueing_dispatch_evaluation&, const queueing_dispatch_evaluation&) = default;
};

namespace detail {

[[noreturn]] inline void dispatch_error(const char* fn, const std::string& name, double value,
                                        const char* requirement) {
    offload::detail::throw_parameter_error(fn, name.c_str(), value, requirement);
}

/// theta^2 (1 + c): the second moment of stream s's service time on node j
[[nodiscard]] inline double second_moment(const queueing_dispatch_problem& p, std::size_t s, std::size_t j) noexcept {
    const double t = p.stream(s).service_time[j];
    return t * t * (1.0 + p.stream(s).service_scv);
}

/// h(a) = C(c, a) / (a (c - a)) and h'(a) for offered load 0 <= a < c: node j's wait is W_j = B_j h(a_j) / 2
/// (header comment). c = 1: h = 1 / (1 - a), the P-K wait. With B = Erlang B(c, a), B' = B (c / a - 1 + B),
/// C = c B / D with D = c - a + a B, so C'/C = B'/B - D'/D and h'/h = C'/C - 1/a + 1/(c - a).
struct mgc_factor {
    double h = 0.0;
    double dh = 0.0;
};

[[nodiscard]] inline mgc_factor mgc_wait_factor(int servers, double a) noexcept {
    const double c = static_cast<double>(servers);
    if (!(a < c)) return {infinity, infinity};
    if (servers == 1) {
        const double idle = 1.0 - a;
        return {1.0 / idle, 1.0 / (idle * idle)};
    }
    if (!(a > 0.0)) return {}; // h(0) = 0; every use multiplies h' by a, Lambda_j or B_j, all 0 here
    const double b = offload::detail::erlang_b_unchecked(servers, a);
    if (!(b > 0.0)) return {}; // underflow at a tiny load: no waiting
    const double db = b * (c / a - 1.0 + b);
    const double d = c - a + a * b;
    const double dd = -1.0 + b + a * db;
    const double h = c * b / d / (a * (c - a));
    return {h, h * (db / b - dd / d - 1.0 / a + 1.0 / (c - a))};
}

} // namespace detail

/// Scores plan x with the library's M/G/1 mixture model (header comment). An unstable node is not an error:
/// stable = false and the latencies through it are +inf. Throws parameter_error naming the plan field that
/// breaks a rule: `plan.placement[j]` (unsorted, out of range, a hosted model missing, memory exceeded),
/// `plan.routing[s]` (size, sum != 1 within 1e-9), `plan.routing[s][j]` (negative, NaN, model not placed there).
[[nodiscard]] inline queueing_dispatch_evaluation evaluate_queueing_dispatch(const queueing_dispatch_problem& p,
                                                                             const queueing_dispatch_plan& x) {
    constexpr const char* fn = "offload::planning::evaluate_queueing_dispatch";
    const std::size_t ns = p.stream_count();
    const std::size_t nn = p.node_count();
    if (x.placement.size() != nn)
        detail::dispatch_error(fn, "plan.placement.size", static_cast<double>(x.placement.size()),
                               "must equal nodes.size()");
    if (x.routing.size() != ns)
        detail::dispatch_error(fn, "plan.routing.size", static_cast<double>(x.routing.size()),
                               "must equal streams.size()");
    queueing_dispatch_evaluation e;
    e.node_arrival_rate.assign(nn, 0.0);
    e.node_utilization.assign(nn, 0.0);
    e.node_mean_wait.assign(nn, 0.0);
    e.memory_used.assign(nn, 0.0);
    e.stream_mean_latency.assign(ns, 0.0);
    for (std::size_t j = 0; j < nn; ++j) {
        const auto& models = x.placement[j];
        const std::string name = "plan.placement[" + std::to_string(j) + "]";
        for (std::size_t t = 0; t < models.size(); ++t) {
            if (models[t] >= p.model_count())
                detail::dispatch_error(fn, name, static_cast<double>(models[t]),
                                       "must hold model indices < models.size()");
            if (t > 0 && models[t] <= models[t - 1])
                detail::dispatch_error(fn, name, static_cast<double>(models[t]), "must be sorted without repeats");
            if (!p.hosts(j, models[t])) e.memory_used[j] += p.models()[models[t]].memory;
        }
        for (std::size_t k : p.nodes()[j].hosted)
            if (!std::binary_search(models.begin(), models.end(), k))
                detail::dispatch_error(fn, name, static_cast<double>(k), "must keep every model the node hosts");
        if (!(e.memory_used[j] <= p.nodes()[j].memory + 1e-9 * std::max(1.0, p.nodes()[j].memory)))
            detail::dispatch_error(fn, name, e.memory_used[j], "memory of the placed models exceeds the node's memory");
    }
    // per node: the tenants (streams routed there) of its shared server, in stream order
    std::vector<std::vector<tenant_demand>> tenants(nn);
    std::vector<std::vector<std::size_t>> tenant_stream(nn);
    for (std::size_t s = 0; s < ns; ++s) {
        const auto& f = x.routing[s];
        const std::string name = "plan.routing[" + std::to_string(s) + "]";
        if (f.size() != nn)
            detail::dispatch_error(fn, name + ".size", static_cast<double>(f.size()), "must equal nodes.size()");
        double sum = 0.0;
        for (std::size_t j = 0; j < nn; ++j) {
            if (!(f[j] >= 0.0 && f[j] <= 1.0 + 1e-9))
                detail::dispatch_error(fn, name + "[" + std::to_string(j) + "]", f[j], "must lie in [0, 1]");
            if (f[j] > 0.0 && !std::binary_search(x.placement[j].begin(), x.placement[j].end(), p.stream(s).model))
                detail::dispatch_error(fn, name + "[" + std::to_string(j) + "]", f[j],
                                       "must be 0 unless the node has the stream's model placed");
            sum += f[j];
        }
        if (!(std::fabs(sum - 1.0) <= 1e-9)) detail::dispatch_error(fn, name, sum, "fractions must sum to 1");
        for (std::size_t j = 0; j < nn; ++j) {
            if (f[j] <= 0.0) continue;
            tenants[j].emplace_back(f[j] * p.stream(s).arrival_rate, p.stream(s).service_time[j],
                                    p.stream(s).service_scv);
            tenant_stream[j].push_back(s);
        }
    }
    double total = 0.0;
    double total_static = 0.0;
    for (std::size_t j = 0; j < nn; ++j) {
        if (tenants[j].empty()) continue;
        const tenant_mix mix(tenants[j]);
        const int servers = p.nodes()[j].servers;
        bool stable = true;
        if (servers == 1) {
            const mg1 q = shared_stage<mg1>(mix);
            e.node_utilization[j] = utilization(q);
            e.node_mean_wait[j] = mean_wait(q); // +inf when unstable
            stable = is_stable(q);
        } else { // the M/M/c-based approximation (header comment)
            const service_demand d = aggregate_demand(mix);
            const mmc q(total_arrival_rate(mix), d.mean_seconds, servers);
            e.node_utilization[j] = utilization(q);
            stable = is_stable(q);
            e.node_mean_wait[j] = stable ? 0.5 * (1.0 + d.scv) * mean_wait(q) : infinity;
        }
        e.node_arrival_rate[j] = total_arrival_rate(mix);
        if (!stable) e.stable = false;
        for (std::size_t t = 0; t < tenants[j].size(); ++t) {
            const std::size_t s = tenant_stream[j][t];
            const double tau = p.stream(s).round_trip_time[j];
            // W_j + theta_sj, +inf when unstable
            const double response = stable ? e.node_mean_wait[j] + tenants[j][t].mean_service_time() : infinity;
            const double rate = tenants[j][t].arrival_rate();
            e.stream_mean_latency[s] += rate / p.stream(s).arrival_rate * (tau + response);
            total += rate * (tau + response);
            total_static += rate * (tau + tenants[j][t].mean_service_time());
        }
    }
    e.mean_latency = e.stable ? total / p.total_arrival_rate() : infinity;
    e.static_mean_latency = total_static / p.total_arrival_rate();
    return e;
}

/// Per-stream and pooled `level`-quantiles of the end-to-end latency of a plan (queueing_dispatch_latency_quantiles).
struct queueing_dispatch_quantiles {
    double level = 0.0; ///< p, in (0, 1)
    bool stable = true; ///< every node has rho_j < 1
    /// per stream s: the p-quantile of its end-to-end latency T_s, seconds; +inf if it meets an unstable node
    std::vector<double> stream_latency_quantile;
    /// the p-quantile over all requests pooled (stream weights lambda_s / Lambda), seconds; +inf when not stable
    double latency_quantile = 0.0;

    friend bool operator==(const queueing_dispatch_quantiles&, const queueing_dispatch_quantiles&) = default;
};

namespace detail {

/// W_j + S_sj on node j as an inverted transform (docs/planning.md "Latency quantiles of a plan"), or the exact
/// M/D/c wait (c = 1: md1_waiting_time; c > 1: mdc_waiting_time) when every stream on the node is deterministic
/// with one service time.
struct dispatch_response_law {
    bool unstable = false;
    std::function<double(double)> exact_wait_ccdf; ///< P(W_j > x) of the exact M/D/c wait (then T = theta + W)
    transform_inverted_time transform;             ///< otherwise: shift (deterministic own service) + factors
};

/// P(W_j + S_sj > x), x in seconds; convergence_error if the inversion misses its tolerance.
[[nodiscard]] inline double dispatch_response_ccdf(const dispatch_response_law& d, double x) {
    if (d.unstable) return 1.0;
    if (x < d.transform.shift()) return 1.0;
    if (d.exact_wait_ccdf) return d.exact_wait_ccdf(x - d.transform.shift());
    if (!(x > d.transform.shift())) return 1.0 - d.transform.atom_at_shift(); // P(T > shift): not inverted
    const inversion_result r = d.transform.invert(x);
    if (!r.converged)
        offload::detail::throw_convergence_error("offload::planning::queueing_dispatch_latency_quantiles",
                                                 "Euler inversion did not reach its tolerance");
    return r.complementary_cdf;
}

} // namespace detail

/// The `level`-quantile of every stream's end-to-end latency under plan x, and of all requests pooled.
/// Stream s routed to j takes T_sj = tau_sj + W_j + S_sj (Poisson arrivals see the time-stationary wait: one wait
/// law per node for every class), so P(T_s > t) = sum_j f_sj P(W_j + S_sj > t - tau_sj), solved for 1 - level by a
/// bracketed root finder (detail::invert_cdf_or_ccdf); W_j + S_sj by transform inversion (transform_inverted_time):
///   c_j = 1: the Pollaczek-Khinchine wait (the pk_wait factor) of a gamma-shaped service with the mixture's mean
///            and scv (shared_stage<mg1>, as the library's tenant pipelines): EXACT when the node's streams share
///            one service law (one theta, one c), the mean
///            exact (P-K) and the tail an approximation for a mixture of different laws;
///   c_j > 1: the M/M/c wait law with the header's Lee-Longton scaling of the conditional wait:
///            P(W_j > t) = C(c_j, a_j) exp(-(c_j mu_j - Lambda_j) t / k_j), k_j = (1 + cv_j^2) / 2 (mean = the
///            header's W_j); exact for M/M/c, an approximation otherwise (docs/planning.md: measured error);
///   every stream on the node deterministic with one service time D: the exact M/D/c wait (md1_waiting_time,
///            mdc_waiting_time);
/// S_sj gamma (theta_sj, c_s), deterministic for c_s = 0. A stream that meets an unstable node has quantile +inf
/// (as its mean in evaluate_queueing_dispatch); so has the pooled quantile unless every node is stable.
/// Throws parameter_error `level` (not in (0, 1), NaN), the plan errors of evaluate_queueing_dispatch, and
/// convergence_error if an inversion misses its tolerance.
[[nodiscard]] inline queueing_dispatch_quantiles
queueing_dispatch_latency_quantiles(const queueing_dispatch_problem& p, const queueing_dispatch_plan& x, double level) {
    constexpr const char* fn = "offload::planning::queueing_dispatch_latency_quantiles";
    offload::detail::require_open_probability(level, fn, "level");
    const queueing_dispatch_evaluation e = evaluate_queueing_dispatch(p, x); // validates the plan
    const std::size_t ns = p.stream_count();
    const std::size_t nn = p.node_count();
    queueing_dispatch_quantiles out;
    out.level = level;
    out.stable = e.stable;
    out.stream_latency_quantile.assign(ns, 0.0);
    // per node: the tenants as in evaluate_queueing_dispatch
    std::vector<std::vector<tenant_demand>> tenants(nn);
    for (std::size_t s = 0; s < ns; ++s)
        for (std::size_t j = 0; j < nn; ++j)
            if (x.routing[s][j] > 0.0)
                tenants[j].emplace_back(x.routing[s][j] * p.stream(s).arrival_rate, p.stream(s).service_time[j],
                                        p.stream(s).service_scv);
    // law[s][j]: W_j + S_sj for the routed pairs
    std::vector<std::vector<detail::dispatch_response_law>> law(ns, std::vector<detail::dispatch_response_law>(nn));
    for (std::size_t j = 0; j < nn; ++j) {
        if (tenants[j].empty()) continue;
        const tenant_mix mix(tenants[j]);
        const int servers = p.nodes()[j].servers;
        const bool stable = e.node_utilization[j] < 1.0;
        bool one_deterministic = true;
        for (const tenant_demand& t : tenants[j])
            one_deterministic = one_deterministic && t.service_scv() == 0.0 &&
                                t.mean_service_time() == tenants[j].front().mean_service_time();
        std::function<double(double)> exact_wait_ccdf;
        transform_inverted_time wait; // the wait's factors, shared by the node's streams
        if (!stable) {
            wait.set_at_infinity();
        } else if (one_deterministic && servers == 1) {
            exact_wait_ccdf =
                [w = wait_distribution(md1(total_arrival_rate(mix), tenants[j].front().mean_service_time()))](
                    double t) { return complementary_cdf(w, t); };
        } else if (one_deterministic) {
            exact_wait_ccdf =
                [w = wait_distribution(mdc(total_arrival_rate(mix), tenants[j].front().mean_service_time(), servers))](
                    double t) { return 1.0 - cdf(w, t); };
        } else if (servers == 1) {
            offload::detail::append_wait_lst(wait, shared_stage<mg1>(mix));
        } else {
            const service_demand d = aggregate_demand(mix);
            const mmc q(total_arrival_rate(mix), d.mean_seconds, servers);
            const double stretch = 0.5 * (1.0 + d.scv); // Lee-Longton: the conditional wait scaled
            wait.add_factor({lst_factor::kind::atom_exponential, offload::detail::mmc_decay_rate(q) / stretch,
                             probability_of_wait(q)});
        }
        for (std::size_t s = 0; s < ns; ++s) {
            if (!(x.routing[s][j] > 0.0)) continue;
            detail::dispatch_response_law& l = law[s][j];
            l.unstable = !stable;
            l.exact_wait_ccdf = exact_wait_ccdf;
            l.transform = wait;
            const double theta = p.stream(s).service_time[j];
            if (p.stream(s).service_scv == 0.0) {
                l.transform.add_shift(theta);
            } else {
                l.transform.add_factor({lst_factor::kind::gamma_service, theta, p.stream(s).service_scv});
            }
        }
    }
    // P(T_s > t) and the smallest time T_s can take
    const auto stream_ccdf = [&](std::size_t s, double t) {
        double tail = 0.0;
        for (std::size_t j = 0; j < nn; ++j) {
            const double f = x.routing[s][j];
            if (f > 0.0) tail += f * detail::dispatch_response_ccdf(law[s][j], t - p.stream(s).round_trip_time[j]);
        }
        return std::min(tail, 1.0);
    };
    const auto stream_floor = [&](std::size_t s) {
        double lo = infinity;
        for (std::size_t j = 0; j < nn; ++j)
            if (x.routing[s][j] > 0.0) lo = std::min(lo, p.stream(s).round_trip_time[j] + law[s][j].transform.shift());
        return lo;
    };
    double pooled_floor = infinity;
    for (std::size_t s = 0; s < ns; ++s) {
        if (!(e.stream_mean_latency[s] < infinity)) {
            out.stream_latency_quantile[s] = infinity;
            continue;
        }
        const double lo = stream_floor(s);
        pooled_floor = std::min(pooled_floor, lo);
        out.stream_latency_quantile[s] = offload::detail::invert_cdf_or_ccdf(
            [&](double t) { return 1.0 - stream_ccdf(s, t); }, [&](double t) { return stream_ccdf(s, t); }, level, lo,
            std::max(e.stream_mean_latency[s] - lo, 1e-3 * e.stream_mean_latency[s]), fn);
    }
    if (!e.stable) {
        out.latency_quantile = infinity;
        return out;
    }
    const auto pooled_ccdf = [&](double t) {
        double tail = 0.0;
        for (std::size_t s = 0; s < ns; ++s) tail += p.stream(s).arrival_rate * stream_ccdf(s, t);
        return std::min(tail / p.total_arrival_rate(), 1.0);
    };
    out.latency_quantile = offload::detail::invert_cdf_or_ccdf(
        [&](double t) { return 1.0 - pooled_ccdf(t); }, pooled_ccdf, level, pooled_floor,
        std::max(e.mean_latency - pooled_floor, 1e-3 * e.mean_latency), fn);
    return out;
}

/// The result of minimize_queueing_dispatch_quantile.
struct queueing_dispatch_quantile_search {
    queueing_dispatch_plan plan;              ///< the best plan found (the start's placement)
    queueing_dispatch_quantiles quantiles;    ///< its quantiles; quantiles.latency_quantile is the objective
    double start_latency_quantile = infinity; ///< the start plan's pooled quantile (never below the result's)
    std::size_t evaluations = 0;              ///< plans scored by queueing_dispatch_latency_quantiles
};

/// Minimises the pooled `level`-quantile of the end-to-end latency (queueing_dispatch_latency_quantiles) over the
/// routing fractions of plan x, its placement kept: a pattern search from x (e.g. the mean-optimal plan of
/// route_queueing_dispatch or solve_queueing_dispatch). A move shifts min(step, f_sj) of stream s from node j to
/// another node that has its model placed; the first move that lowers the objective is taken; when none does,
/// step halves (from 1/4 down to 1/1024). Stops there or after max_evaluations >= 1 scored plans. A heuristic
/// (the quantile of a mixture is not convex in the fractions): the result is never worse than x, no optimality
/// claim. Throws what queueing_dispatch_latency_quantiles throws for x and level, and parameter_error
/// `max_evaluations` (0).
[[nodiscard]] inline queueing_dispatch_quantile_search
minimize_queueing_dispatch_quantile(const queueing_dispatch_problem& p, const queueing_dispatch_plan& x, double level,
                                    std::size_t max_evaluations = 2000) {
    if (max_evaluations < 1)
        detail::dispatch_error("offload::planning::minimize_queueing_dispatch_quantile", "max_evaluations", 0.0,
                               "must be >= 1");
    queueing_dispatch_quantile_search out{x, queueing_dispatch_latency_quantiles(p, x, level), infinity, 1};
    out.start_latency_quantile = out.quantiles.latency_quantile;
    const std::size_t nn = p.node_count();
    for (double step = 0.25; step >= 1.0 / 1024.0 && out.evaluations < max_evaluations;) {
        bool improved = false;
        for (std::size_t s = 0; s < p.stream_count() && !improved && out.evaluations < max_evaluations; ++s) {
            const std::size_t k = p.stream(s).model;
            for (std::size_t j = 0; j < nn && !improved && out.evaluations < max_evaluations; ++j) {
                if (!(out.plan.routing[s][j] > 0.0)) continue;
                for (std::size_t i = 0; i < nn && !improved && out.evaluations < max_evaluations; ++i) {
                    if (i == j || !std::binary_search(out.plan.placement[i].begin(), out.plan.placement[i].end(), k))
                        continue;
                    queueing_dispatch_plan y = out.plan;
                    const double moved = std::min(step, y.routing[s][j]);
                    y.routing[s][j] = moved == y.routing[s][j] ? 0.0 : y.routing[s][j] - moved;
                    y.routing[s][i] += moved;
                    queueing_dispatch_quantiles q = queueing_dispatch_latency_quantiles(p, y, level);
                    ++out.evaluations;
                    if (q.latency_quantile < out.quantiles.latency_quantile) {
                        out.plan = std::move(y);
                        out.quantiles = std::move(q);
                        improved = true;
                    }
                }
            }
        }
        if (!improved) step *= 0.5;
    }
    return out;
}

/// How a search ended.
enum class dispatch_status {
    stable,               ///< a plan with every node stable
    no_node_can_host,     ///< some stream's model is placed nowhere and fits on no node (see `stream`)
    overloaded,           ///< proven: every split of the streams over the placed models overloads a node
    no_stable_plan_found, ///< none found, none proven impossible (whole-stream mode, or load on the boundary)
};

[[nodiscard]] inline const char* to_string(dispatch_status s) noexcept {
    switch (s) {
    case dispatch_status::stable:
        return "stable";
    case dispatch_status::no_node_can_host:
        return "no_node_can_host";
    case dispatch_status::overloaded:
        return "overloaded";
    case dispatch_status::no_stable_plan_found:
        return "no_stable_plan_found";
    }
    return "invalid";
}

enum class dispatch_mode {
    split, ///< a stream may be split over several nodes (random routing with the plan's fractions)
    whole, ///< each stream goes to one node
};

struct queueing_dispatch_options {
    dispatch_mode mode = dispatch_mode::split;
    double tolerance = 1e-9;          ///< stop when the Frank-Wolfe gap <= tolerance x Lambda x L
    std::size_t max_sweeps = 200'000; ///< passes over the streams, per phase
    bool local_search = true;         ///< solve_queueing_dispatch: drop/swap moves and the relaxation-guided starts

    friend bool operator==(const queueing_dispatch_options&, const queueing_dispatch_options&) = default;
};

struct queueing_dispatch_result {
    dispatch_status status = dispatch_status::stable;
    std::string reason;                      ///< empty when stable; else what failed, naming the stream or the bound
    std::size_t stream = 0;                  ///< the stream concerned when status == no_node_can_host
    queueing_dispatch_plan plan;             ///< the plan found (when stable; else the last split tried)
    queueing_dispatch_evaluation evaluation; ///< evaluate_queueing_dispatch(p, plan) (when stable)
    double kkt_residual = infinity;          ///< G / Lambda, seconds (split mode; 0 is a KKT point)
    double utilization_lower_bound = 0.0;    ///< proven lower bound on the smallest achievable max_j rho_j
    double max_utilization = infinity;       ///< max_j rho_j of the plan
    std::size_t sweeps = 0;                  ///< passes over the streams (both phases)
    double lower_bound = 0.0;    ///< solve_queueing_dispatch: queueing_dispatch_lower_bound (<= L of every plan)
    std::size_t local_moves = 0; ///< solve_queueing_dispatch: drop/swap moves taken by the local search

    friend bool operator==(const queueing_dispatch_result&, const queueing_dispatch_result&) = default;
};

namespace detail {

/// Routed rates x_sj and the node aggregates of the header comment, with the marginal latencies.
class dispatch_flows {
public:
    /// relaxed: node costs are the convex minorant of queueing_dispatch_lower_bound (header comment)
    dispatch_flows(const queueing_dispatch_problem& p, std::vector<std::vector<std::size_t>> allowed,
                   bool relaxed = false)
        : p_(&p), allowed_(std::move(allowed)), x_(p.stream_count(), std::vector<double>(p.node_count(), 0.0)),
          lambda_(p.node_count(), 0.0), rho_(p.node_count(), 0.0), b_(p.node_count(), 0.0),
          direct_(p.node_count(), 0.0), kappa_(p.node_count(), infinity), relaxed_(relaxed) {
        for (std::size_t s = 0; s < p.stream_count(); ++s)
            for (std::size_t j : allowed_[s]) kappa_[j] = std::min(kappa_[j], 1.0 + p.stream(s).service_scv);
    }

    [[nodiscard]] const std::vector<std::size_t>& allowed(std::size_t s) const noexcept { return allowed_[s]; }
    [[nodiscard]] double x(std::size_t s, std::size_t j) const noexcept { return x_[s][j]; }
    /// c_j
    [[nodiscard]] double servers(std::size_t j) const noexcept { return static_cast<double>(p_->nodes()[j].servers); }
    /// rho_j = a_j / c_j, the per-server utilisation
    [[nodiscard]] double rho(std::size_t j) const noexcept { return rho_[j] / servers(j); }
    [[nodiscard]] double max_rho() const noexcept {
        double m = 0.0;
        for (std::size_t j = 0; j < rho_.size(); ++j) m = std::max(m, rho(j));
        return m;
    }

    void add(std::size_t s, std::size_t j, double dx) noexcept {
        const dispatch_stream& r = p_->stream(s);
        x_[s][j] += dx;
        if (x_[s][j] < 1e-300) x_[s][j] = 0.0; // exact zero once emptied (round-off)
        lambda_[j] += dx;
        rho_[j] += dx * r.service_time[j];
        b_[j] += dx * second_moment(*p_, s, j);
        direct_[j] += dx * (r.round_trip_time[j] + r.service_time[j]);
    }
    /// Recompute the aggregates from x (removes drift after many small moves).
    void refresh() noexcept {
        std::fill(lambda_.begin(), lambda_.end(), 0.0);
        std::fill(rho_.begin(), rho_.end(), 0.0);
        std::fill(b_.begin(), b_.end(), 0.0);
        std::fill(direct_.begin(), direct_.end(), 0.0);
        for (std::size_t s = 0; s < p_->stream_count(); ++s)
            for (std::size_t j : allowed_[s]) {
                const double v = x_[s][j];
                x_[s][j] = 0.0;
                add(s, j, v);
            }
    }
    /// node j's term sum_s x_sj (tau + theta) + Lambda_j W_j (+inf when unstable); relaxed: the minorant
    /// sum_s x_sj (tau + theta) + kappa_j a_j^2 h(a_j) / 2
    [[nodiscard]] double node_cost(std::size_t j) const noexcept {
        if (lambda_[j] <= 0.0) return 0.0;
        const mgc_factor f = mgc_wait_factor(p_->nodes()[j].servers, rho_[j]);
        if (!(f.h < infinity)) return infinity;
        if (relaxed_) return direct_[j] + 0.5 * kappa_[j] * rho_[j] * rho_[j] * f.h;
        return direct_[j] + 0.5 * lambda_[j] * b_[j] * f.h;
    }
    [[nodiscard]] double total_cost() const noexcept {
        double c = 0.0;
        for (std::size_t j = 0; j < rho_.size(); ++j) c += node_cost(j);
        return c;
    }
    /// g_sj = dL_total/dx_sj at the current rates plus dx on (s, j) (+inf when that makes j unstable)
    [[nodiscard]] double marginal(std::size_t s, std::size_t j, double dx = 0.0) const noexcept {
        const dispatch_stream& r = p_->stream(s);
        const double theta = r.service_time[j];
        const double a = second_moment(*p_, s, j);
        const double lam = lambda_[j] + dx;
        const double load = rho_[j] + dx * theta; // a_j
        const double b = b_[j] + dx * a;
        const mgc_factor f = mgc_wait_factor(p_->nodes()[j].servers, load);
        if (!(f.h < infinity)) return infinity;
        if (relaxed_)
            return r.round_trip_time[j] + theta + 0.5 * theta * kappa_[j] * (2.0 * load * f.h + load * load * f.dh);
        return r.round_trip_time[j] + theta + 0.5 * ((a * lam + b) * f.h + lam * b * theta * f.dh);
    }
    /// Frank-Wolfe gap G (header comment)
    [[nodiscard]] double gap() const noexcept {
        double g = 0.0;
        for (std::size_t s = 0; s < p_->stream_count(); ++s) {
            double lo = infinity;
            double used = 0.0;
            for (std::size_t j : allowed_[s]) {
                const double m = marginal(s, j);
                lo = std::min(lo, m);
                if (x_[s][j] > 0.0) used += x_[s][j] * m;
            }
            g += used - p_->stream(s).arrival_rate * lo;
        }
        return std::max(g, 0.0);
    }
    [[nodiscard]] queueing_dispatch_plan plan(const std::vector<std::vector<std::size_t>>& placement) const {
        queueing_dispatch_plan out{placement, std::vector<std::vector<double>>(p_->stream_count())};
        for (std::size_t s = 0; s < p_->stream_count(); ++s) {
            auto& f = out.routing[s];
            f.assign(p_->node_count(), 0.0);
            double sum = 0.0;
            for (std::size_t j : allowed_[s]) sum += x_[s][j];
            for (std::size_t j : allowed_[s]) f[j] = x_[s][j] / sum;
        }
        return out;
    }

private:
    const queueing_dispatch_problem* p_;
    std::vector<std::vector<std::size_t>> allowed_;
    std::vector<std::vector<double>> x_;
    std::vector<double> lambda_, rho_, b_, direct_; // rho_: the offered load a_j
    std::vector<double> kappa_;
    bool relaxed_ = false;
};

/// Phase 1: pairwise descent on (1/beta) log sum_j exp(beta rho_j) until max rho < 1, or the weighted bound
/// proves >= 1. Returns the proven lower bound on min max rho.
inline double dispatch_phase1(const queueing_dispatch_problem& p, dispatch_flows& fl, std::size_t max_sweeps,
                              std::size_t& sweeps) {
    const std::size_t nn = p.node_count();
    std::vector<double> w(nn);
    double bound = 0.0;
    double beta = 16.0;
    for (std::size_t sweep = 0; sweep < max_sweeps; ++sweep, ++sweeps) {
        const double top = fl.max_rho();
        double sum = 0.0;
        for (std::size_t j = 0; j < nn; ++j) sum += w[j] = std::exp(beta * (fl.rho(j) - top));
        for (double& v : w) v /= sum;
        double lb = 0.0;
        for (std::size_t s = 0; s < p.stream_count(); ++s) {
            double m = infinity;
            for (std::size_t j : fl.allowed(s)) m = std::min(m, w[j] * p.stream(s).service_time[j] / fl.servers(j));
            lb += p.stream(s).arrival_rate * m;
        }
        bound = std::max(bound, lb);
        if (top < 1.0 - 1e-12 || bound >= 1.0) return bound;
        // one pass: move each stream's rate from its most to its least loaded node (in beta-weighted work)
        for (std::size_t s = 0; s < p.stream_count(); ++s) {
            const auto& a = fl.allowed(s);
            if (a.size() < 2) continue;
            const auto& th = p.stream(s).service_time;
            const auto slope = [&](std::size_t j, double dx) { // d rho_j / dx = theta_sj / c_j
                const double t = th[j] / fl.servers(j);
                return t * std::exp(beta * (fl.rho(j) + dx * t - top));
            };
            std::size_t lo = a[0];
            std::size_t hi = nn;
            for (std::size_t j : a) {
                if (slope(j, 0.0) < slope(lo, 0.0)) lo = j;
                if (fl.x(s, j) > 0.0 && (hi == nn || slope(j, 0.0) > slope(hi, 0.0))) hi = j;
            }
            if (hi == nn || hi == lo) continue;
            double l = 0.0;
            double u = fl.x(s, hi);
            if (slope(lo, u) - slope(hi, -u) > 0.0) {
                for (int it = 0; it < 100 && u - l > 1e-15 * fl.x(s, hi); ++it) {
                    const double mid = 0.5 * (l + u);
                    (slope(lo, mid) - slope(hi, -mid) > 0.0 ? u : l) = mid;
                }
                u = 0.5 * (l + u);
            }
            const double d = u;
            fl.add(s, hi, -d);
            fl.add(s, lo, d);
        }
        if (sweep % 64 == 63) {
            fl.refresh();
            beta = std::min(beta * 2.0, 4096.0);
        }
    }
    return bound;
}

/// Phase 2: pairwise moves on the marginal latencies with exact line search; returns the final gap.
inline double dispatch_phase2(const queueing_dispatch_problem& p, dispatch_flows& fl,
                              const queueing_dispatch_options& o, std::size_t& sweeps) {
    double g = fl.gap();
    for (std::size_t sweep = 0; sweep < o.max_sweeps; ++sweep, ++sweeps) {
        if (g <= o.tolerance * fl.total_cost()) break;
        for (std::size_t s = 0; s < p.stream_count(); ++s) {
            const auto& a = fl.allowed(s);
            if (a.size() < 2) continue;
            std::size_t lo = a[0];
            std::size_t hi = p.node_count();
            double glo = infinity;
            double ghi = -infinity;
            for (std::size_t j : a) {
                const double m = fl.marginal(s, j);
                if (m < glo) glo = m, lo = j;
                if (fl.x(s, j) > 0.0 && m > ghi) ghi = m, hi = j;
            }
            if (hi == p.node_count() || hi == lo || !(ghi - glo > 1e-15 * ghi)) continue;
            const auto slope = [&](double d) { return fl.marginal(s, lo, d) - fl.marginal(s, hi, -d); };
            double l = 0.0;
            double u = fl.x(s, hi);
            if (!(slope(u) <= 0.0)) {
                for (int it = 0; it < 200 && u - l > 1e-16 * fl.x(s, hi); ++it) {
                    const double mid = 0.5 * (l + u);
                    (slope(mid) > 0.0 ? u : l) = mid;
                }
                u = l; // the stable side of the root
            }
            fl.add(s, hi, -u);
            fl.add(s, lo, u);
        }
        if (sweep % 64 == 63) fl.refresh();
        g = fl.gap();
    }
    return g;
}

/// Streams' allowed nodes under a placement; the first stream with none, or stream_count().
[[nodiscard]] inline std::size_t dispatch_allowed(const queueing_dispatch_problem& p,
                                                  const std::vector<std::vector<std::size_t>>& placement,
                                                  std::vector<std::vector<std::size_t>>& allowed) {
    allowed.assign(p.stream_count(), {});
    std::size_t missing = p.stream_count();
    for (std::size_t s = 0; s < p.stream_count(); ++s) {
        for (std::size_t j = 0; j < p.node_count(); ++j)
            if (std::binary_search(placement[j].begin(), placement[j].end(), p.stream(s).model))
                allowed[s].push_back(j);
        if (allowed[s].empty() && missing == p.stream_count()) missing = s;
    }
    return missing;
}

/// Whole-stream local search from assignment `at` (per stream a node; nn = unassigned): greedy fill, then
/// single-stream moves while they lower the total. Returns the total (+inf if unstable).
inline double dispatch_whole_search(const queueing_dispatch_problem& p, dispatch_flows& fl,
                                    std::vector<std::size_t>& at) {
    const std::size_t nn = p.node_count();
    const auto rate = [&](std::size_t s) { return p.stream(s).arrival_rate; };
    // greedy fill for unassigned streams, largest minimal work first
    std::vector<std::size_t> order;
    for (std::size_t s = 0; s < p.stream_count(); ++s)
        if (at[s] == nn) order.push_back(s);
    const auto work = [&](std::size_t s) {
        double m = infinity;
        for (std::size_t j : fl.allowed(s)) m = std::min(m, rate(s) * p.stream(s).service_time[j]);
        return m;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return work(a) > work(b); });
    for (std::size_t s : order) {
        std::size_t best = fl.allowed(s)[0];
        double best_cost = infinity;
        double best_rho = infinity;
        for (std::size_t j : fl.allowed(s)) {
            const double before = fl.node_cost(j);
            fl.add(s, j, rate(s));
            const double delta = fl.node_cost(j) - before;
            const double rho = fl.rho(j);
            fl.add(s, j, -rate(s));
            if (delta < best_cost || (best_cost == infinity && rho < best_rho))
                best = j, best_cost = delta, best_rho = rho;
        }
        fl.add(s, best, rate(s));
        at[s] = best;
    }
    bool improved = true;
    while (improved) {
        improved = false;
        for (std::size_t s = 0; s < p.stream_count(); ++s) {
            const std::size_t from = at[s];
            for (std::size_t j : fl.allowed(s)) {
                if (j == from) continue;
                const double before = fl.node_cost(from) + fl.node_cost(j);
                const double max_before = std::max(fl.rho(from), fl.rho(j));
                fl.add(s, from, -rate(s));
                fl.add(s, j, rate(s));
                const double after = fl.node_cost(from) + fl.node_cost(j);
                const bool better =
                    after < before * (1.0 - 1e-12) || (before == infinity && after == infinity &&
                                                       std::max(fl.rho(from), fl.rho(j)) < max_before * (1.0 - 1e-12));
                if (better) {
                    at[s] = j;
                    improved = true;
                    break;
                }
                fl.add(s, j, -rate(s));
                fl.add(s, from, rate(s));
            }
        }
    }
    fl.refresh();
    return fl.total_cost();
}

} // namespace detail

/// Routing for a fixed placement (header comment). placement: per node, the models placed (any order; the
/// hosted ones are added; memory is checked by the evaluator). Never throws for an overloaded instance: the
/// status and reason say why no stable plan was returned.
[[nodiscard]] inline queueing_dispatch_result route_queueing_dispatch(const queueing_dispatch_problem& p,
                                                                      std::vector<std::vector<std::size_t>> placement,
                                                                      const queueing_dispatch_options& o = {}) {
    constexpr const char* fn = "offload::planning::route_queueing_dispatch";
    if (placement.size() != p.node_count())
        detail::dispatch_error(fn, "placement.size", static_cast<double>(placement.size()), "must equal nodes.size()");
    if (!(o.tolerance > 0.0 && o.tolerance < 1.0))
        detail::dispatch_error(fn, "options.tolerance", o.tolerance, "must lie in (0, 1)");
    if (o.mode != dispatch_mode::split && o.mode != dispatch_mode::whole)
        detail::dispatch_error(fn, "options.mode", static_cast<double>(static_cast<int>(o.mode)),
                               "must be dispatch_mode::split or dispatch_mode::whole");
    for (std::size_t j = 0; j < p.node_count(); ++j) {
        auto& m = placement[j];
        for (std::size_t k : m)
            if (k >= p.model_count())
                detail::dispatch_error(fn, "placement[" + std::to_string(j) + "]", static_cast<double>(k),
                                       "must hold model indices < models.size()");
        m.insert(m.end(), p.nodes()[j].hosted.begin(), p.nodes()[j].hosted.end());
        std::sort(m.begin(), m.end());
        m.erase(std::unique(m.begin(), m.end()), m.end());
    }
    queueing_dispatch_result r;
    std::vector<std::vector<std::size_t>> allowed;
    const std::size_t missing = detail::dispatch_allowed(p, placement, allowed);
    if (missing < p.stream_count()) {
        r.status = dispatch_status::no_node_can_host;
        r.stream = missing;
        r.reason = "streams[" + std::to_string(missing) + "].model: no node has model \"" +
                   p.models()[p.stream(missing).model].name + "\" placed";
        r.plan.placement = placement;
        return r;
    }
    detail::dispatch_flows fl(p, allowed);
    // start: each stream split in proportion to its service rates 1/theta over its nodes
    for (std::size_t s = 0; s < p.stream_count(); ++s) {
        double sum = 0.0;
        for (std::size_t j : allowed[s]) sum += 1.0 / p.stream(s).service_time[j];
        for (std::size_t j : allowed[s]) fl.add(s, j, p.stream(s).arrival_rate / p.stream(s).service_time[j] / sum);
    }
    r.utilization_lower_bound = detail::dispatch_phase1(p, fl, o.max_sweeps, r.sweeps);
    const bool split_stable = fl.max_rho() < 1.0;
    if (split_stable) {
        const double g = detail::dispatch_phase2(p, fl, o, r.sweeps);
        r.kkt_residual = g / p.total_arrival_rate();
    }
    r.plan = fl.plan(placement);
    if (!split_stable) {
        r.max_utilization = fl.max_rho();
        const bool proven = r.utilization_lower_bound >= 1.0;
        r.status = proven ? dispatch_status::overloaded : dispatch_status::no_stable_plan_found;
        r.reason = std::string(proven ? "overloaded: every split of the streams over the placed models loads some "
                                        "node to rho >= "
                                      : "no stable split found: best max rho = ") +
                   offload::detail::format_value(proven ? r.utilization_lower_bound : r.max_utilization);
        return r;
    }
    if (o.mode == dispatch_mode::whole) {
        const std::size_t nn = p.node_count();
        std::vector<std::size_t> rounded(p.stream_count(), nn);
        for (std::size_t s = 0; s < p.stream_count(); ++s) {
            double best = -1.0;
            for (std::size_t j : allowed[s])
                if (fl.x(s, j) > best) best = fl.x(s, j), rounded[s] = j;
        }
        std::vector<std::size_t> greedy(p.stream_count(), nn);
        detail::dispatch_flows a(p, allowed);
        for (std::size_t s = 0; s < p.stream_count(); ++s) a.add(s, rounded[s], p.stream(s).arrival_rate);
        const double ca = detail::dispatch_whole_search(p, a, rounded);
        detail::dispatch_flows b(p, allowed);
        const double cb = detail::dispatch_whole_search(p, b, greedy);
        const detail::dispatch_flows& best = cb < ca ? b : a;
        r.kkt_residual = infinity; // not a continuous problem
        r.plan = best.plan(placement);
        r.max_utilization = best.max_rho();
        if (!(std::min(ca, cb) < infinity)) {
            r.status = dispatch_status::no_stable_plan_found;
            r.reason = "no stable whole-stream assignment found (a stable split exists): best max rho = " +
                       offload::detail::format_value(r.max_utilization);
            return r;
        }
    }
    r.evaluation = evaluate_queueing_dispatch(p, r.plan);
    r.max_utilization = *std::max_element(r.evaluation.node_utilization.begin(), r.evaluation.node_utilization.end());
    return r;
}

namespace detail {
/// (rank, value) of a routed plan for the placement search: fewer unhosted streams, then stable, then L (or
/// the best max rho when unstable).
[[nodiscard]] inline std::pair<int, double> dispatch_score(const queueing_dispatch_result& r) {
    switch (r.status) {
    case dispatch_status::stable:
        return {0, r.evaluation.mean_latency};
    case dispatch_status::overloaded:
    case dispatch_status::no_stable_plan_found:
        return {1, r.max_utilization};
    default:
        return {2, 0.0};
    }
}

/// a strictly better score (relative 1e-9 on the value, so that every search terminates)
[[nodiscard]] inline bool dispatch_better(std::pair<int, double> next, std::pair<int, double> cur) noexcept {
    return next.first < cur.first || (next.first == cur.first && next.second < cur.second * (1.0 - 1e-9));
}

/// Drop and swap moves (header comment) over the placements that are not hosted: the first move whose routed
/// plan scores strictly better is applied to placement, free and best; false when none is.
inline bool dispatch_drop_swap(const queueing_dispatch_problem& p, const queueing_dispatch_options& o,
                               const std::vector<bool>& requested, std::vector<std::vector<std::size_t>>& placement,
                               std::vector<double>& free, queueing_dispatch_result& best) {
    const std::size_t nk = p.model_count();
    for (std::size_t j = 0; j < p.node_count(); ++j)
        for (std::size_t t = 0; t < placement[j].size(); ++t) {
            const std::size_t k = placement[j][t];
            if (p.hosts(j, k)) continue;
            const double room = free[j] + p.models()[k].memory + 1e-9 * std::max(1.0, p.nodes()[j].memory);
            for (std::size_t to = 0; to <= nk; ++to) { // to == nk: drop
                if (to < nk &&
                    (to == k || !requested[to] || std::binary_search(placement[j].begin(), placement[j].end(), to) ||
                     p.models()[to].memory > room))
                    continue;
                auto trial = placement;
                trial[j].erase(trial[j].begin() + static_cast<std::ptrdiff_t>(t));
                if (to < nk) trial[j].insert(std::upper_bound(trial[j].begin(), trial[j].end(), to), to);
                queueing_dispatch_result r = route_queueing_dispatch(p, trial, o);
                if (!dispatch_better(dispatch_score(r), dispatch_score(best))) continue;
                free[j] += p.models()[k].memory - (to < nk ? p.models()[to].memory : 0.0);
                placement = std::move(trial);
                best = std::move(r);
                return true;
            }
        }
    return false;
}
} // namespace detail

namespace detail {

/// The memory-relaxed convex problem of queueing_dispatch_lower_bound (header comment): its bound (+inf when
/// no plan is stable or a model fits nowhere) and the routed rates x_sj it reached (empty when +inf).
struct dispatch_relaxation {
    double bound = infinity;
    std::vector<std::vector<double>> rate;
};

[[nodiscard]] inline dispatch_relaxation dispatch_relaxed(const queueing_dispatch_problem& p,
                                                          const queueing_dispatch_options& o) {
    dispatch_relaxation out;
    std::vector<std::vector<std::size_t>> allowed(p.stream_count());
    double static_bound = 0.0;
    for (std::size_t s = 0; s < p.stream_count(); ++s) {
        const std::size_t k = p.stream(s).model;
        double best = infinity;
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            if (!p.hosts(j, k) &&
                p.models()[k].memory > p.nodes()[j].memory + 1e-9 * std::max(1.0, p.nodes()[j].memory))
                continue;
            allowed[s].push_back(j);
            best = std::min(best, p.stream(s).round_trip_time[j] + p.stream(s).service_time[j]);
        }
        if (allowed[s].empty()) return out; // no plan serves stream s
        static_bound += p.stream(s).arrival_rate * best;
    }
    dispatch_flows fl(p, std::move(allowed), true);
    for (std::size_t s = 0; s < p.stream_count(); ++s) {
        double sum = 0.0;
        for (std::size_t j : fl.allowed(s)) sum += 1.0 / p.stream(s).service_time[j];
        for (std::size_t j : fl.allowed(s)) fl.add(s, j, p.stream(s).arrival_rate / p.stream(s).service_time[j] / sum);
    }
    std::size_t sweeps = 0;
    const double rho_bound = dispatch_phase1(p, fl, o.max_sweeps, sweeps);
    if (rho_bound >= 1.0) return out;
    double bound = static_bound;
    if (fl.max_rho() < 1.0) {
        const double g = dispatch_phase2(p, fl, o, sweeps);
        fl.refresh(); // the bound from the aggregates recomputed, at the gap of those
        bound = std::max(bound, fl.total_cost() - std::max(g, fl.gap()));
    }
    out.bound = bound / p.total_arrival_rate();
    out.rate.assign(p.stream_count(), std::vector<double>(p.node_count(), 0.0));
    for (std::size_t s = 0; s < p.stream_count(); ++s)
        for (std::size_t j : fl.allowed(s)) out.rate[s][j] = fl.x(s, j);
    return out;
}

} // namespace detail

/// The proven lower bound of the header comment on the mean latency L of every plan (any placement within
/// memory, split or whole streams); +inf when the memory-relaxed problem is proven overloaded.
[[nodiscard]] inline double queueing_dispatch_lower_bound(const queueing_dispatch_problem& p,
                                                          const queueing_dispatch_options& o = {}) {
    if (!(o.tolerance > 0.0 && o.tolerance < 1.0))
        detail::dispatch_error("offload::planning::queueing_dispatch_lower_bound", "options.tolerance", o.tolerance,
                               "must lie in (0, 1)");
    return detail::dispatch_relaxed(p, o).bound;
}

namespace detail {

/// Greedy addition from `placement`, then drop/swap local search (options.local_search), additions retried
/// after each move (header comment); `best` is the routed plan of the placement on entry and on exit.
inline std::size_t dispatch_improve(const queueing_dispatch_problem& p, const queueing_dispatch_options& o,
                                    const std::vector<bool>& requested,
                                    std::vector<std::vector<std::size_t>>& placement, std::vector<double>& free,
                                    queueing_dispatch_result& best) {
    const std::size_t nn = p.node_count();
    std::size_t moves = 0;
    for (std::size_t round = 0;; ++round) {
        for (;;) {
            // models no stream can use yet come first: any placement of them beats none
            std::vector<bool> placed(p.model_count(), false);
            for (const auto& m : placement)
                for (std::size_t k : m) placed[k] = true;
            bool any_missing = false;
            for (std::size_t k = 0; k < p.model_count(); ++k) any_missing = any_missing || (requested[k] && !placed[k]);
            queueing_dispatch_result round_best;
            std::size_t bj = nn;
            std::size_t bk = 0;
            for (std::size_t j = 0; j < nn; ++j)
                for (std::size_t k = 0; k < p.model_count(); ++k) {
                    if (!requested[k] || std::binary_search(placement[j].begin(), placement[j].end(), k)) continue;
                    if (any_missing && placed[k]) continue;
                    if (p.models()[k].memory > free[j] + 1e-9 * std::max(1.0, p.nodes()[j].memory)) continue;
                    auto trial = placement;
                    trial[j].insert(std::upper_bound(trial[j].begin(), trial[j].end(), k), k);
                    queueing_dispatch_result r = route_queueing_dispatch(p, trial, o);
                    if (bj == nn || dispatch_score(r) < dispatch_score(round_best)) {
                        round_best = std::move(r);
                        bj = j;
                        bk = k;
                    }
                }
            if (bj == nn) break;
            const auto cur = dispatch_score(best);
            const auto next = dispatch_score(round_best);
            if (!dispatch_better(next, cur) && !(any_missing && next.first <= cur.first)) break;
            placement[bj].insert(std::upper_bound(placement[bj].begin(), placement[bj].end(), bk), bk);
            free[bj] -= p.models()[bk].memory;
            best = std::move(round_best);
        }
        // each local move lowers the score strictly: the rounds end; the cap only bounds the time
        if (!o.local_search || round >= 1000 || !dispatch_drop_swap(p, o, requested, placement, free, best)) break;
        ++moves;
    }
    return moves;
}

} // namespace detail

/// Placements by greedy addition, then drop/swap local search and two relaxation-guided starts
/// (options.local_search), and routing by
/// route_queueing_dispatch (header comment); lower_bound = queueing_dispatch_lower_bound. The result's status
/// and reason say why when no stable plan is found (no_node_can_host names the first stream whose model fits
/// on no node with the memory left).
[[nodiscard]] inline queueing_dispatch_result solve_queueing_dispatch(const queueing_dispatch_problem& p,
                                                                      const queueing_dispatch_options& o = {}) {
    const std::size_t nn = p.node_count();
    std::vector<std::vector<std::size_t>> placement(nn);
    std::vector<double> free(nn);
    for (std::size_t j = 0; j < nn; ++j) {
        placement[j] = p.nodes()[j].hosted;
        free[j] = p.nodes()[j].memory;
    }
    std::vector<bool> requested(p.model_count(), false);
    for (const auto& s : p.streams()) requested[s.model] = true;
    const std::vector<std::vector<std::size_t>> hosted = placement;
    const std::vector<double> memory = free;
    queueing_dispatch_result best = route_queueing_dispatch(p, placement, o);
    std::size_t moves = detail::dispatch_improve(p, o, requested, placement, free, best);
    const detail::dispatch_relaxation relaxed = detail::dispatch_relaxed(p, o);
    if (o.local_search && !relaxed.rate.empty()) {
        // second start: per node, the models the relaxation routes most rate to (by rate, then by rate per
        // byte), as many as fit; then the same improvement (header comment)
        for (bool per_byte : {false, true}) {
            std::vector<std::vector<std::size_t>> start = hosted;
            std::vector<double> room = memory;
            for (std::size_t j = 0; j < nn; ++j) {
                std::vector<double> value(p.model_count(), 0.0);
                for (std::size_t s = 0; s < p.stream_count(); ++s) value[p.stream(s).model] += relaxed.rate[s][j];
                std::vector<std::size_t> order;
                for (std::size_t k = 0; k < p.model_count(); ++k)
                    if (value[k] > 0.0 && !p.hosts(j, k)) order.push_back(k);
                const auto key = [&](std::size_t k) {
                    return per_byte ? value[k] / std::max(p.models()[k].memory, 1.0) : value[k];
                };
                std::stable_sort(order.begin(), order.end(),
                                 [&](std::size_t x, std::size_t y) { return key(x) > key(y); });
                for (std::size_t k : order)
                    if (p.models()[k].memory <= room[j] + 1e-9 * std::max(1.0, p.nodes()[j].memory)) {
                        start[j].insert(std::upper_bound(start[j].begin(), start[j].end(), k), k);
                        room[j] -= p.models()[k].memory;
                    }
            }
            queueing_dispatch_result r = route_queueing_dispatch(p, start, o);
            const std::size_t m = detail::dispatch_improve(p, o, requested, start, room, r);
            if (detail::dispatch_better(detail::dispatch_score(r), detail::dispatch_score(best))) {
                best = std::move(r);
                moves = m;
            }
        }
    }
    best.local_moves = moves;
    best.lower_bound = relaxed.bound;
    if (best.status == dispatch_status::no_node_can_host)
        best.reason = "streams[" + std::to_string(best.stream) + "].model: model \"" +
                      p.models()[p.stream(best.stream).model].name + "\" fits on no node with the memory left";
    return best;
}

/// The static formulation's plan (seed 004 §3, the load ignored): one request per stream with tau_sj and
/// theta_sj scaled by lambda_s (so the optimum is the rate-weighted one), solved exactly by
/// solve_provisioning_exact (memory paid once per placement, no compute limit: the seed's compute capacity
/// has no counterpart for a stream),
/// each stream sent whole to its request's node. Throws parameter_error (`streams[s].model`) when the static
/// plan cannot serve a stream (its model fits on no node).
[[nodiscard]] inline queueing_dispatch_plan static_dispatch_plan(const queueing_dispatch_problem& p) {
    std::vector<provisioning_model> models = p.models();
    for (auto& m : models) m.compute_per_request = 0.0;
    std::vector<provisioning_node> nodes;
    for (const auto& n : p.nodes()) nodes.push_back({n.name, n.memory, 0.0, n.hosted});
    std::vector<provisioning_request> requests;
    for (const auto& s : p.streams()) { // scaled by lambda_s: the static optimum weights each stream by its rate
        provisioning_request q{s.model, s.round_trip_time, s.service_time};
        for (double& v : q.round_trip_time) v *= s.arrival_rate;
        for (double& v : q.execution_time) v *= s.arrival_rate;
        requests.push_back(std::move(q));
    }
    const provisioning_problem stat(std::move(models), std::move(nodes), std::move(requests));
    const provisioning_exact_result r = solve_provisioning_exact(stat);
    queueing_dispatch_plan x{r.best.placement, std::vector<std::vector<double>>(p.stream_count())};
    for (std::size_t s = 0; s < p.stream_count(); ++s) {
        const std::size_t j = r.best.dispatch[s];
        if (j == provisioning_plan::rejected)
            detail::dispatch_error("offload::planning::static_dispatch_plan",
                                   "streams[" + std::to_string(s) + "].model", static_cast<double>(p.stream(s).model),
                                   "the static plan cannot serve it (its model fits on no node)");
        x.routing[s].assign(p.node_count(), 0.0);
        x.routing[s][j] = 1.0;
    }
    return x;
}

/// The plan as a simulator network: station j = node j (c_j servers, one FCFS queue), a delay station "round trip", and a
/// tenant "s<stream>@<node>" per routed pair with Poisson arrivals at rate f_sj lambda_s and service time
/// deterministic (c_s = 0) or gamma with mean theta_sj and scv c_s, after the deterministic delay tau_sj.
[[nodiscard]] inline sim::network queueing_dispatch_network(const queueing_dispatch_problem& p,
                                                            const queueing_dispatch_plan& x) {
    (void)evaluate_queueing_dispatch(p, x); // validates the plan
    sim::network net;
    for (const auto& n : p.nodes()) net.add_station(sim::station(n.name, n.servers));
    const std::size_t delay = net.add_station(sim::station::delay("round trip"));
    for (std::size_t s = 0; s < p.stream_count(); ++s)
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            const double f = x.routing[s][j];
            if (f <= 0.0) continue;
            const dispatch_stream& r = p.stream(s);
            const double theta = r.service_time[j];
            std::vector<sim::visit> route;
            if (r.round_trip_time[j] > 0.0) route.push_back({delay, sim::deterministic(r.round_trip_time[j])});
            route.push_back({j, r.service_scv == 0.0 ? sim::deterministic(theta) : sim::gamma(theta, r.service_scv)});
            net.add_tenant(sim::tenant("s" + std::to_string(s) + "@" + std::to_string(j),
                                       sim::exponential(1.0 / (f * r.arrival_rate)), std::move(route)));
        }
    return net;
}

struct queueing_dispatch_simulation {
    sim::estimate mean_latency;                     ///< rate-weighted over all requests, CI over the runs
    std::vector<sim::estimate> stream_mean_latency; ///< per stream, CI over the runs
    std::size_t runs = 0;
};

/// Simulates plan x `runs` >= 2 times (independent seeds options.seed + r; each run's own replications pooled)
/// and returns t-intervals at options.confidence over the runs' means (each run's mean over its requests).
[[nodiscard]] inline queueing_dispatch_simulation simulate_queueing_dispatch(const queueing_dispatch_problem& p,
                                                                             const queueing_dispatch_plan& x,
                                                                             sim::run_options options, int runs = 10) {
    if (runs < 2)
        detail::dispatch_error("offload::planning::simulate_queueing_dispatch", "runs", static_cast<double>(runs),
                               "must be >= 2");
    const sim::network net = queueing_dispatch_network(p, x);
    std::vector<std::size_t> owner; // stream of each tenant
    for (std::size_t s = 0; s < p.stream_count(); ++s)
        for (std::size_t j = 0; j < p.node_count(); ++j)
            if (x.routing[s][j] > 0.0) owner.push_back(s);
    std::vector<double> all;
    std::vector<std::vector<double>> per(p.stream_count());
    const std::uint64_t seed = options.seed;
    for (int run = 0; run < runs; ++run) {
        options.seed = seed + static_cast<std::uint64_t>(run);
        const sim::simulation_result res = sim::simulate(net, options);
        double sum = 0.0;
        double count = 0.0;
        std::vector<double> ssum(p.stream_count(), 0.0);
        std::vector<double> scount(p.stream_count(), 0.0);
        for (std::size_t t = 0; t < res.tenants.size(); ++t) {
            const double n = static_cast<double>(res.tenants[t].latency.samples);
            if (n == 0.0) continue;
            const double v = n * res.tenants[t].latency.mean_response.value;
            sum += v;
            count += n;
            ssum[owner[t]] += v;
            scount[owner[t]] += n;
        }
        all.push_back(sum / count);
        for (std::size_t s = 0; s < p.stream_count(); ++s) per[s].push_back(ssum[s] / scount[s]);
    }
    const double tq = offload::detail::sim_t_quantile(static_cast<std::size_t>(runs), options.confidence);
    const auto interval = [&](const std::vector<double>& v) {
        double m = 0.0;
        for (double a : v) m += a;
        m /= static_cast<double>(v.size());
        double ss = 0.0;
        for (double a : v) ss += (a - m) * (a - m);
        const double n = static_cast<double>(v.size());
        return sim::estimate{m, tq * std::sqrt(ss / (n * (n - 1.0)))};
    };
    queueing_dispatch_simulation out;
    out.runs = static_cast<std::size_t>(runs);
    out.mean_latency = interval(all);
    for (const auto& v : per) out.stream_mean_latency.push_back(interval(v));
    return out;
}

} // namespace offload::planning
