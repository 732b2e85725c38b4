// offload/simulation/compare.hpp — an analytic figure against a simulation estimate.
//
// A simulation estimate is a value with the half-width of its confidence interval (result.hpp). Comparing a
// model's prediction with it answers three questions:
//   inside(c)            does the interval contain the analytic value?  (what "exact" means for a model)
//   within(c, claim)     |analytic - simulated| <= claim |simulated| + half_width  (a documented "error <= x%")
//   relative_error(c)    analytic / simulated - 1, and deviation(c) = (analytic - simulated) / half_width,
//                        the distance in half-widths (|deviation| <= 1 exactly when inside).
// latency_comparisons / flow_comparisons list every figure a queue model and a one-station simulation share
// (means and percentiles of wait and response; blocking, throughput, number in system), so the validation
// tests and examples/validate_models check the same quantities under the same names. gim1_mean_wait is an
// exact reference for simulated GI/M/1 queues (where the library itself only approximates).
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/queues/common.hpp"
#include "offload/simulation/result.hpp"

namespace offload::detail {
/// "W p50", "T p99": a percentile's label in the validation tables.
inline std::string sim_percent_label(const char* prefix, double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s p%g", prefix, 100.0 * p);
    return buf;
}
} // namespace offload::detail

namespace offload::sim {

/// One analytic value and the simulation's estimate of the same quantity.
struct comparison {
    double analytic = 0.0;
    estimate simulated;
};

inline comparison compare(double analytic, const estimate& simulated) noexcept { return {analytic, simulated}; }

/// analytic / simulated - 1 (0 when both are 0).
inline double relative_error(const comparison& c) noexcept {
    if (c.analytic == 0.0 && c.simulated.value == 0.0) return 0.0;
    return c.analytic / c.simulated.value - 1.0;
}

/// half_width / |simulated|.
inline double relative_half_width(const comparison& c) noexcept {
    return c.simulated.half_width / std::fabs(c.simulated.value);
}

/// (analytic - simulated) / half_width: within [-1, 1] exactly when the analytic value is inside the interval.
inline double deviation(const comparison& c) noexcept {
    return (c.analytic - c.simulated.value) / c.simulated.half_width;
}

/// The analytic value lies in the confidence interval, its half-width multiplied by widen (e.g. the ratio of
/// t quantiles to go from a 95% to a 99% interval of the same runs).
inline bool inside(const comparison& c, double widen = 1.0) noexcept {
    const double hw = widen * c.simulated.half_width;
    return c.analytic >= c.simulated.value - hw && c.analytic <= c.simulated.value + hw;
}

/// An error claim "within `claim` (relative)" holds up to the interval: |a - s| <= claim |s| + half_width.
inline bool within(const comparison& c, double claim) noexcept {
    return std::fabs(c.analytic - c.simulated.value) <= claim * std::fabs(c.simulated.value) + c.simulated.half_width;
}

/// The relative error lies in [low, high] up to the relative half-width.
inline bool error_between(const comparison& c, double low, double high) noexcept {
    const double e = relative_error(c);
    const double hw = c.simulated.half_width / c.simulated.value;
    return e >= low - hw && e <= high + hw;
}

/// A comparison with its quantity's name ("E[W]", "T p99", "P_block", ...).
struct named_comparison {
    std::string quantity;
    bool is_percentile = false; ///< a wait or response percentile (noisier than a mean in a short run)
    comparison values;
};

/// E[W], E[T], then W and T at every percentile level the simulation recorded ("W p50", ..., "T p99"), for a
/// queue model against the latency statistics of the simulated station or tenant.
template <queue_model Q>
std::vector<named_comparison> latency_comparisons(const Q& q, const latency_stats& s) {
    std::vector<named_comparison> out;
    out.push_back({"E[W]", false, compare(mean_wait(q), s.mean_wait)});
    out.push_back({"E[T]", false, compare(mean_response(q), s.mean_response)});
    for (const percentile_estimate& w : s.wait_percentiles)
        out.push_back({offload::detail::sim_percent_label("W", w.p), true, compare(wait_quantile(q, w.p), w.time)});
    for (const percentile_estimate& t : s.response_percentiles)
        out.push_back({offload::detail::sim_percent_label("T", t.p), true, compare(response_quantile(q, t.p), t.time)});
    return out;
}

/// P_block, throughput (tenant 0) and E[L] (station 0) of a finite-buffer model against a one-station run.
template <finite_buffer_model Q>
std::vector<named_comparison> flow_comparisons(const Q& q, const simulation_result& r) {
    const auto& flow = r.tenants.at(0).flow;
    return {{"P_block", false, compare(blocking_probability(q), flow.blocking_probability)},
            {"throughput", false, compare(throughput(q), flow.throughput)},
            {"E[L]", false, compare(mean_number_in_system(q), r.stations.at(0).flow.mean_number_in_system)}};
}

/// Exact GI/M/1 mean wait (a reference value for validation): sigma is the smallest root in (0, 1) of
/// sigma = A*(mu (1 - sigma)), A* the Laplace-Stieltjes transform of the interarrival time (`lst`), found by
/// fixed-point iteration from 0; E[W] = sigma / (mu (1 - sigma)). convergence_error after 100 000 steps.
template <class Lst>
double gim1_mean_wait(Lst lst, double mu) {
    double sigma = 0.0;
    for (int i = 0; i < 100000; ++i) {
        const double next = lst(mu * (1.0 - sigma));
        if (std::fabs(next - sigma) < 1e-15) return next / (mu * (1.0 - next));
        sigma = next;
    }
    offload::detail::throw_convergence_error("offload::sim::gim1_mean_wait", "the fixed point did not converge");
}

} // namespace offload::sim
