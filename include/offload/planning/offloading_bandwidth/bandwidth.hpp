// offload/planning/offloading_bandwidth/bandwidth.hpp — problem P2 of seed 002 §V-A solved exactly: the bandwidth
// allocation c minimising Q(d, x, c) for a fixed offloading decision x, subject to sum c_n <= C, c_n >= 0.
//
// Only the delay terms depend on c. For device n let D = offloaded bits, A = D / f^c, L = T^l_n. Its delay
// cost g_n(c) = beta max(L, A + D / c) is convex and non-increasing in c; it stops falling at the kink
// cbar_n = D / (L - A) when L > A (there T^c_n = T^l_n exactly; more bandwidth is wasted) and never when L <= A
// (cbar = +inf). With a price lambda >= 0 on bandwidth, the KKT conditions give per device
//     c_n(lambda) = min( sqrt(beta D / lambda), cbar_n ),
// (the subgradient of g_n at the kink is [-beta D / cbar^2, 0], so every lambda <= beta D / cbar^2 keeps c_n at the
// kink), and lambda = 0 when sum cbar_n <= C, else sum c_n(lambda) = C. Writing s = sqrt(beta / lambda), c_n =
// min(sqrt(D_n) s, cbar_n) is piecewise linear and increasing in s with breakpoints cbar_n / sqrt(D_n), so the
// price is found exactly by sorting those breakpoints (O(N log N), no iteration, no tolerance). beta cancels from
// the allocation. Devices that offload nothing get c_n = 0. docs/planning.md has the derivation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "offload/planning/offloading_bandwidth/problem.hpp"

namespace offload::planning {

namespace offloading_detail {

/// Reusable buffers of the exact P2 solver (no allocation after the first call of a given size).
struct p2_workspace {
    std::vector<device_aggregate> devices;
    std::vector<double> kink;
    std::vector<double> weight;
    std::vector<double> breakpoint;
    std::vector<std::size_t> order;
};

struct p2_result {
    double price = 0.0;            ///< lambda, joules per (bit/s); 0 when the capacity does not bind
    bool capacity_binding = false; ///< sum c = C at the optimum
    double delay_seconds = 0.0;    ///< sum_n max(T^l_n, T^c_n) at the optimum
};

/// Exact P2 on per-device aggregates a[0..n); writes c[0..n). beta >= 0, capacity > 0.
inline p2_result solve_p2(const device_aggregate* a, std::size_t n, double capacity, double beta, double* c,
                          p2_workspace& w) {
    w.kink.resize(n);
    w.weight.resize(n);
    w.breakpoint.resize(n);
    w.order.clear();
    double kink_sum = 0.0;
    double weight_sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        c[i] = 0.0;
        const double d = a[i].offloaded_bits;
        if (!(d > 0.0)) continue;
        const double gap = a[i].local_seconds - a[i].edge_processing_seconds;
        const double kink = gap > 0.0 ? d / gap : infinity;
        w.kink[i] = kink;
        w.weight[i] = std::sqrt(d);
        w.breakpoint[i] = kink / w.weight[i];
        kink_sum += kink;
        weight_sum += w.weight[i];
        w.order.push_back(i);
    }
    p2_result r;
    if (kink_sum <= capacity) { // every offloading device reaches its kink: T^c = T^l, lambda = 0
        for (std::size_t i : w.order) c[i] = w.kink[i];
    } else {
        std::sort(w.order.begin(), w.order.end(),
                  [&](std::size_t x, std::size_t y) { return w.breakpoint[x] < w.breakpoint[y]; });
        double saturated = 0.0;
        double level = infinity;
        for (std::size_t i : w.order) {
            const double s = (capacity - saturated) / weight_sum;
            if (s <= w.breakpoint[i]) {
                level = s;
                break;
            }
            saturated += w.kink[i]; // device i sits at its kink for every price at or below this level
            weight_sum -= w.weight[i];
        }
        if (level < infinity) {
            for (std::size_t i : w.order) c[i] = std::min(w.weight[i] * level, w.kink[i]);
            r.price = beta / (level * level);
            r.capacity_binding = true;
        } else { // rounding only: sum cbar exceeded C by an ulp; scale the kinks onto C
            const double scale = capacity / kink_sum;
            for (std::size_t i : w.order) c[i] = w.kink[i] * scale;
            r.capacity_binding = true;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double edge = a[i].offloaded_bits > 0.0 ? a[i].offloaded_bits / c[i] + a[i].edge_processing_seconds : 0.0;
        r.delay_seconds += std::max(a[i].local_seconds, edge);
    }
    return r;
}

} // namespace offloading_detail

/// The exact P2 solver with its buffers, for repeated solves (enumeration, DDLO): no allocation once warm.
class bandwidth_allocator {
public:
    explicit bandwidth_allocator(const offloading_problem& p) : p_(&p) {}

    /// Optimal Q*(d, x) of P2; writes the allocation into c (resized to N). Same value as evaluate_offloading of
    /// the returned allocation up to rounding (tests check it).
    double solve(const offloading_decision& x, std::vector<double>& c) {
        offloading_detail::check_decision(*p_, x, "offload::planning::bandwidth_allocator::solve");
        return solve_unchecked(x.offload.data(), c);
    }

    /// As solve() for a raw 0/1 array of N M entries (not validated).
    double solve_unchecked(const std::uint8_t* x, std::vector<double>& c) {
        const std::size_t n = p_->device_count();
        w_.devices.resize(n);
        double energy = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            w_.devices[i] = offloading_detail::aggregate(*p_, x, i);
            energy += w_.devices[i].energy_joules;
        }
        c.resize(n);
        const double beta = p_->parameters().delay_weight;
        last_ = offloading_detail::solve_p2(w_.devices.data(), n, p_->parameters().bandwidth_bits_per_second, beta,
                                            c.data(), w_);
        return beta == 0.0 ? energy : energy + beta * last_.delay_seconds;
    }

    /// lambda of the last solve, joules per (bit/s): 0 when the capacity did not bind.
    [[nodiscard]] double last_price() const noexcept { return last_.price; }
    [[nodiscard]] bool last_capacity_binding() const noexcept { return last_.capacity_binding; }

private:
    const offloading_problem* p_;
    offloading_detail::p2_workspace w_;
    offloading_detail::p2_result last_;
};

/// P2's solution: the plan, its evaluation (by evaluate_offloading) and the bandwidth price lambda.
struct bandwidth_solution {
    offloading_plan plan;
    offloading_evaluation evaluation;
    double price = 0.0;            ///< lambda, joules per (bit/s); 0 when sum c < C is optimal
    bool capacity_binding = false; ///< the optimum uses the whole bandwidth C

    friend bool operator==(const bandwidth_solution&, const bandwidth_solution&) = default;
};

/// Exact P2 for decision x (closed form per device + exact price search; see the file comment).
[[nodiscard]] inline bandwidth_solution optimal_bandwidth(const offloading_problem& p, const offloading_decision& x) {
    bandwidth_allocator solver(p);
    bandwidth_solution out;
    out.plan.decision = x;
    (void)solver.solve(x, out.plan.bandwidth_bits_per_second);
    out.price = solver.last_price();
    out.capacity_binding = solver.last_capacity_binding();
    out.evaluation = evaluate_offloading(p, out.plan);
    return out;
}

/// The public DDLO code's allocation (C / N to every device) for decision x, scored by evaluate_offloading.
[[nodiscard]] inline bandwidth_solution equal_split_bandwidth(const offloading_problem& p,
                                                              const offloading_decision& x) {
    bandwidth_solution out;
    out.plan = {x, equal_bandwidth_split(p)};
    out.capacity_binding = true;
    out.evaluation = evaluate_offloading(p, out.plan);
    return out;
}

} // namespace offload::planning
