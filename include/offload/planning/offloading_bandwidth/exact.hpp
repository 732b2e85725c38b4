// offload/planning/offloading_bandwidth/exact.hpp — problem P1 of seed 002 §IV-D solved exactly: the offloading
// decision x and bandwidth c minimising Q(d, x, c).
//
// enumerate_offloading: all 2^(N M) decisions, each with P2 solved exactly (bandwidth.hpp), or with the public DDLO
// code's equal split C / N (its "greedy" benchmark). Refuses N M > max_enumeration_tasks.
// offloading_branch_and_bound: depth-first over devices (2^M options each), bounded by Lagrangian relaxation of the
// bandwidth constraint: for every price lambda >= 0 and every decision x,
//     Q*(d, x) >= sum_n psi_n(x_n, lambda) - lambda C,
//     psi_n(x_n, lambda) = E_n(x_n) + min_{0 < c <= C} [ beta max(L_n, A_n + D_n / c) + lambda c ]
// (weak duality of P2), so a node's bound takes psi of the fixed devices plus min over options of psi of the free
// ones. lambda is the dual optimum at the root (golden section on the concave dual function) and is re-optimised
// at a node whose bound at the root price does not prune it. Leaves are scored by the exact P2. With a node
// budget the search may stop early; the solution then reports the smallest bound of the unexplored nodes and the
// relative gap. docs/planning.md has the derivation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "offload/planning/offloading_bandwidth/bandwidth.hpp"
#include "offload/planning/offloading_bandwidth/problem.hpp"

namespace offload::planning {

/// How a solver allocates bandwidth for each candidate decision.
enum class bandwidth_rule {
    optimal,     ///< exact P2 (bandwidth.hpp)
    equal_split, ///< C / N to every device (the public DDLO code)
};

/// A P1 solution: the plan (scored by evaluate_offloading) and the search's certificate.
struct offloading_solution {
    offloading_plan plan;
    offloading_evaluation evaluation;
    double lower_bound = 0.0; ///< proven lower bound on Q* (== evaluation.utility when proven optimal)
    double gap = 0.0;         ///< (utility - lower_bound) / utility, 0 when proven optimal
    bool proven_optimal = false;
    std::size_t nodes = 0; ///< decisions enumerated / search nodes visited

    friend bool operator==(const offloading_solution&, const offloading_solution&) = default;
};

/// Largest N M that enumerate_offloading accepts (2^24 = 16.8 million P2 solves, a few seconds).
inline constexpr std::size_t max_enumeration_tasks = 24;
/// Largest M that offloading_branch_and_bound accepts (it lists the 2^M options of each device).
inline constexpr std::size_t max_branch_and_bound_tasks_per_device = 16;

namespace offloading_detail {

/// The 2^M aggregates of one device's options: bit m of the option index offloads task m.
inline std::vector<device_aggregate> device_options(const offloading_problem& p, std::size_t n) {
    const std::size_t m_count = p.tasks_per_device();
    const std::size_t count = std::size_t{1} << m_count;
    std::vector<device_aggregate> out(count);
    std::vector<std::uint8_t> x(p.task_count(), 0);
    for (std::size_t o = 0; o < count; ++o) {
        for (std::size_t m = 0; m < m_count; ++m) x[n * m_count + m] = static_cast<std::uint8_t>((o >> m) & 1U);
        out[o] = aggregate(p, x.data(), n);
    }
    return out;
}

/// Q with the equal split C / N for per-device aggregates (the public code's allocation).
inline double equal_split_utility(const device_aggregate* a, std::size_t n, double capacity, double beta) {
    const double c = capacity / static_cast<double>(n);
    double energy = 0.0;
    double delay = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        energy += a[i].energy_joules;
        const double edge = a[i].offloaded_bits > 0.0 ? a[i].offloaded_bits / c + a[i].edge_processing_seconds : 0.0;
        delay += std::max(a[i].local_seconds, edge);
    }
    return beta == 0.0 ? energy : energy + beta * delay;
}

/// psi(option, lambda) = E + min_{0 < c <= C} [beta max(L, A + D / c) + lambda c]; the minimiser is
/// c = min(sqrt(beta D / lambda), kink, C).
inline double lagrangian_term(const device_aggregate& a, double lambda, double beta, double capacity) {
    if (beta == 0.0) return a.energy_joules;
    if (!(a.offloaded_bits > 0.0)) return a.energy_joules + beta * a.local_seconds;
    const double gap = a.local_seconds - a.edge_processing_seconds;
    double c = gap > 0.0 ? a.offloaded_bits / gap : infinity;
    if (lambda > 0.0) c = std::min(c, std::sqrt(beta * a.offloaded_bits / lambda));
    c = std::min(c, capacity);
    return a.energy_joules + beta * std::max(a.local_seconds, a.edge_processing_seconds + a.offloaded_bits / c) +
           lambda * c;
}

/// Golden-section maximisation over log(lambda) of a concave (hence unimodal) dual function; also tries lambda = 0.
template <class Dual>
inline std::pair<double, double> maximise_dual(Dual&& dual, double lambda_ref, int iterations) {
    double best_lambda = 0.0;
    double best = dual(0.0);
    if (!(lambda_ref > 0.0 && lambda_ref < infinity)) return {best_lambda, best};
    const double phi = 0.5 * (std::sqrt(5.0) - 1.0);
    double lo = std::log(lambda_ref) - 30.0;
    double hi = std::log(lambda_ref) + 6.0;
    double u1 = hi - phi * (hi - lo);
    double u2 = lo + phi * (hi - lo);
    double f1 = dual(std::exp(u1));
    double f2 = dual(std::exp(u2));
    for (int it = 0; it < iterations; ++it) {
        if (f1 < f2) {
            lo = u1;
            u1 = u2;
            f1 = f2;
            u2 = lo + phi * (hi - lo);
            f2 = dual(std::exp(u2));
        } else {
            hi = u2;
            u2 = u1;
            f2 = f1;
            u1 = hi - phi * (hi - lo);
            f1 = dual(std::exp(u1));
        }
    }
    if (f1 > best) {
        best = f1;
        best_lambda = std::exp(u1);
    }
    if (f2 > best) {
        best = f2;
        best_lambda = std::exp(u2);
    }
    return {best_lambda, best};
}

inline offloading_solution finish(const offloading_problem& p, const offloading_decision& x, bandwidth_rule rule,
                                  double open_bound, std::size_t nodes) {
    offloading_solution s;
    const bandwidth_solution b =
        rule == bandwidth_rule::optimal ? optimal_bandwidth(p, x) : equal_split_bandwidth(p, x);
    s.plan = b.plan;
    s.evaluation = b.evaluation;
    s.proven_optimal = !(open_bound < infinity); // nothing left unexplored
    s.lower_bound = std::min(open_bound, s.evaluation.utility);
    s.gap = s.evaluation.utility > 0.0 ? (s.evaluation.utility - s.lower_bound) / s.evaluation.utility : 0.0;
    s.nodes = nodes;
    return s;
}

} // namespace offloading_detail

/// P1 by enumerating all 2^(N M) decisions (first minimum in the order of the option index, bit m of device n =
/// x_nm). rule = optimal solves P2 exactly for each; equal_split reproduces the public code's benchmark. Throws
/// parameter_error naming "device_count * tasks_per_device" when N M > max_enumeration_tasks.
[[nodiscard]] inline offloading_solution enumerate_offloading(const offloading_problem& p,
                                                              bandwidth_rule rule = bandwidth_rule::optimal) {
    constexpr const char* fn = "offload::planning::enumerate_offloading";
    if (p.task_count() > max_enumeration_tasks)
        offload::detail::throw_parameter_error(fn, "device_count * tasks_per_device",
                                               static_cast<double>(p.task_count()),
                                               "must be <= 24 for enumeration (2^(N M) decisions); "
                                               "use offloading_branch_and_bound");
    if (rule != bandwidth_rule::optimal && rule != bandwidth_rule::equal_split)
        offload::detail::throw_parameter_error(fn, "rule", static_cast<double>(static_cast<int>(rule)),
                                               "must be bandwidth_rule::optimal or bandwidth_rule::equal_split");
    const std::size_t n = p.device_count();
    const std::size_t per = std::size_t{1} << p.tasks_per_device();
    std::vector<std::vector<offloading_detail::device_aggregate>> options(n);
    for (std::size_t i = 0; i < n; ++i) options[i] = offloading_detail::device_options(p, i);
    const double capacity = p.parameters().bandwidth_bits_per_second;
    const double beta = p.parameters().delay_weight;
    std::vector<std::size_t> digit(n, 0);
    std::vector<std::size_t> best_digit(n, 0);
    std::vector<offloading_detail::device_aggregate> a(n);
    std::vector<double> c(n);
    offloading_detail::p2_workspace w;
    double best = infinity;
    std::size_t count = 0;
    for (;;) {
        double energy = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = options[i][digit[i]];
            energy += a[i].energy_joules;
        }
        double q = 0.0;
        if (rule == bandwidth_rule::optimal) {
            const double delay = offloading_detail::solve_p2(a.data(), n, capacity, beta, c.data(), w).delay_seconds;
            q = beta == 0.0 ? energy : energy + beta * delay;
        } else {
            q = offloading_detail::equal_split_utility(a.data(), n, capacity, beta);
        }
        ++count;
        if (q < best) {
            best = q;
            best_digit = digit;
        }
        std::size_t k = 0; // mixed-radix increment, device 0 fastest
        while (k < n && ++digit[k] == per) digit[k++] = 0;
        if (k == n) break;
    }
    offloading_decision x{std::vector<std::uint8_t>(p.task_count(), 0)};
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t m = 0; m < p.tasks_per_device(); ++m)
            x.offload[i * p.tasks_per_device() + m] = static_cast<std::uint8_t>((best_digit[i] >> m) & 1U);
    return offloading_detail::finish(p, x, rule, infinity, count);
}

/// Options of offloading_branch_and_bound.
struct offloading_branch_and_bound_options {
    std::size_t max_nodes = 10'000'000; ///< node budget (>= 1); beyond it the search stops and reports its gap
    int dual_iterations = 60;           ///< golden-section steps of the price search at the root (>= 1)
    int node_dual_iterations = 30;      ///< at a node not pruned by the root price (0: never re-optimise)

    friend bool operator==(const offloading_branch_and_bound_options&,
                           const offloading_branch_and_bound_options&) = default;
};

/// Exact P1 by branch and bound with Lagrangian bounds (file comment). proven_optimal unless the node budget ran
/// out, in which case lower_bound and gap say how far from optimal the plan may be. Throws parameter_error naming
/// "tasks_per_device" when M > max_branch_and_bound_tasks_per_device and "options.*" for a bad option.
[[nodiscard]] inline offloading_solution
offloading_branch_and_bound(const offloading_problem& p, const offloading_branch_and_bound_options& o = {}) {
    constexpr const char* fn = "offload::planning::offloading_branch_and_bound";
    if (p.tasks_per_device() > max_branch_and_bound_tasks_per_device)
        offload::detail::throw_parameter_error(fn, "tasks_per_device", static_cast<double>(p.tasks_per_device()),
                                               "must be <= 16 (2^M options per device are listed)");
    if (o.max_nodes < 1) offload::detail::throw_parameter_error(fn, "options.max_nodes", 0.0, "must be >= 1");
    if (o.dual_iterations < 1 || o.dual_iterations > 1000)
        offload::detail::throw_parameter_error(fn, "options.dual_iterations", o.dual_iterations,
                                               "must be in [1, 1000]");
    if (o.node_dual_iterations < 0 || o.node_dual_iterations > 1000)
        offload::detail::throw_parameter_error(fn, "options.node_dual_iterations", o.node_dual_iterations,
                                               "must be in [0, 1000]");
    using offloading_detail::device_aggregate;
    const std::size_t n = p.device_count();
    const std::size_t per = std::size_t{1} << p.tasks_per_device();
    const double capacity = p.parameters().bandwidth_bits_per_second;
    const double beta = p.parameters().delay_weight;
    std::vector<std::vector<device_aggregate>> options(n);
    for (std::size_t i = 0; i < n; ++i) options[i] = offloading_detail::device_options(p, i);

    // root price: maximise the dual over lambda
    double sqrt_sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sqrt_sum += std::sqrt(options[i][per - 1].offloaded_bits);
    const double lambda_ref = beta * sqrt_sum * sqrt_sum / (capacity * capacity);
    auto free_min = [&](std::size_t i, double lambda) {
        double best = infinity;
        for (const auto& a : options[i])
            best = std::min(best, offloading_detail::lagrangian_term(a, lambda, beta, capacity));
        return best;
    };
    auto root_dual = [&](double lambda) {
        double s = -lambda * capacity;
        for (std::size_t i = 0; i < n; ++i) s += free_min(i, lambda);
        return s;
    };
    const double lambda = offloading_detail::maximise_dual(root_dual, lambda_ref, o.dual_iterations).first;

    // psi at the root price, options sorted by it, suffix sums of the per-device minima
    std::vector<std::vector<double>> psi(n, std::vector<double>(per));
    std::vector<std::vector<std::size_t>> order(n, std::vector<std::size_t>(per));
    std::vector<double> suffix(n + 1, 0.0);
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t k = 0; k < per; ++k)
            psi[i][k] = offloading_detail::lagrangian_term(options[i][k], lambda, beta, capacity);
        std::iota(order[i].begin(), order[i].end(), std::size_t{0});
        std::stable_sort(order[i].begin(), order[i].end(),
                         [&](std::size_t x, std::size_t y) { return psi[i][x] < psi[i][y]; });
        suffix[i] = suffix[i + 1] + psi[i][order[i][0]];
    }

    // incumbent: local only, edge only, and the price-greedy decision (each device's best option at lambda)
    offloading_detail::p2_workspace w;
    std::vector<device_aggregate> a(n);
    std::vector<double> c(n);
    auto leaf_value = [&](const std::vector<std::size_t>& choice) {
        double energy = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = options[i][choice[i]];
            energy += a[i].energy_joules;
        }
        const double delay = offloading_detail::solve_p2(a.data(), n, capacity, beta, c.data(), w).delay_seconds;
        return beta == 0.0 ? energy : energy + beta * delay;
    };
    std::vector<std::size_t> best_choice(n, 0);
    double incumbent = leaf_value(best_choice);
    for (const auto& start : {std::vector<std::size_t>(n, per - 1), [&] {
                                  std::vector<std::size_t> g(n);
                                  for (std::size_t i = 0; i < n; ++i) g[i] = order[i][0];
                                  return g;
                              }()}) {
        const double q = leaf_value(start);
        if (q < incumbent) {
            incumbent = q;
            best_choice = start;
        }
    }

    std::vector<std::size_t> choice(n, 0);
    std::size_t nodes = 0;
    double open_bound = infinity;
    const double tol = 1e-12;
    auto node_bound = [&](std::size_t depth, double lam) {
        double s = -lam * capacity;
        for (std::size_t i = 0; i < depth; ++i)
            s += offloading_detail::lagrangian_term(options[i][choice[i]], lam, beta, capacity);
        for (std::size_t i = depth; i < n; ++i) s += free_min(i, lam);
        return s;
    };
    auto pruned = [&](double bound) { return bound >= incumbent - tol * std::abs(incumbent); };
    auto dfs = [&](auto&& self, std::size_t depth, double fixed) -> void {
        ++nodes;
        double bound = fixed + suffix[depth] - lambda * capacity;
        if (pruned(bound)) return;
        if (depth == n) {
            const double q = leaf_value(choice);
            if (q < incumbent) {
                incumbent = q;
                best_choice = choice;
            }
            return;
        }
        if (depth > 0 && o.node_dual_iterations > 0) {
            const auto [lam, value] =
                offloading_detail::maximise_dual([&](double l) { return node_bound(depth, l); },
                                                 lambda > 0.0 ? lambda : lambda_ref, o.node_dual_iterations);
            (void)lam;
            bound = std::max(bound, value);
            if (pruned(bound)) return;
        }
        if (nodes >= o.max_nodes) {
            open_bound = std::min(open_bound, bound);
            return;
        }
        for (std::size_t k : order[depth]) {
            choice[depth] = k;
            self(self, depth + 1, fixed + psi[depth][k]);
        }
    };
    dfs(dfs, 0, 0.0);

    offloading_decision x{std::vector<std::uint8_t>(p.task_count(), 0)};
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t m = 0; m < p.tasks_per_device(); ++m)
            x.offload[i * p.tasks_per_device() + m] = static_cast<std::uint8_t>((best_choice[i] >> m) & 1U);
    offloading_solution s = offloading_detail::finish(p, x, bandwidth_rule::optimal, open_bound, nodes);
    return s;
}

} // namespace offload::planning
