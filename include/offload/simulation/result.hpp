// offload/simulation/result.hpp — what a simulation run reports, and how its confidence intervals are made.
//
// Every reported figure is an `estimate`: a point value and the half-width of a Student-t confidence
// interval at run_options::confidence. The n cells (one per replication, or one per batch in the
// batch-means method) are treated as independent sections of the data (sectioning):
//     value = the statistic over all observations pooled (mean, percentile, ratio, time average),
//     half_width = t_{n-1, (1 + confidence)/2} * sqrt(sum_c (value_c - value)^2 / (n (n - 1)))
// where value_c is the same statistic computed in cell c alone. A cell that observed nothing for a figure
// (no request of that tenant completed in it) makes the half-width +inf; a figure with no observation at
// all is reported as +inf (times, lengths) or 0 (probabilities, rates) with zero samples, never as NaN.
//
// Memory does not grow with the number of requests (streaming.hpp): a cell keeps per group a sum, Welford
// moments and a quantile sketch. Percentiles are the exact order statistic x_(ceil(p n)) while the cell (or
// the pool of all cells) holds at most run_options' exact_quantile_limit observations of the group, else
// within relative error log_histogram::relative_error = 2^-11 of it; run_options::keep_samples keeps every
// sample (O(n) memory) and makes every percentile exact.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "offload/error.hpp"

namespace offload::sim {

/// A point estimate with a symmetric confidence interval [value - half_width, value + half_width].
struct estimate {
    double value = 0.0;
    double half_width = infinity;

    double lower() const noexcept { return value - half_width; }
    double upper() const noexcept { return value + half_width; }
    /// True when x lies inside the closed confidence interval.
    bool contains(double x) const noexcept { return x >= lower() && x <= upper(); }

    bool operator==(const estimate&) const = default;
};

struct percentile_estimate {
    double p = 0.5; ///< level in (0, 1)
    estimate time;  ///< seconds

    bool operator==(const percentile_estimate&) const = default;
};

/// Latency of one group of requests (one tenant end to end, one tenant at a station, or all tenants at a
/// station). Response = wait + service; wait = time queued before service starts (summed over the stations
/// of a route for end-to-end figures). Only requests that arrived inside the measurement window count.
struct latency_stats {
    std::uint64_t samples = 0; ///< completed measured requests
    estimate mean_response;
    estimate mean_wait;
    /// At run_options::percentiles, same order (exact, or within relative 2^-11: see the header).
    std::vector<percentile_estimate> response_percentiles;
    std::vector<percentile_estimate> wait_percentiles;
    /// Sample variances of the pooled response and wait times, s^2 (Welford per cell, pooled exactly; no
    /// interval); +inf with fewer than two samples or at an overloaded station.
    double response_variance = infinity;
    double wait_variance = infinity;
    /// All measured response times pooled over cells, sorted ascending (only with run_options::keep_samples).
    std::vector<double> sorted_response_samples;

    bool operator==(const latency_stats&) const = default;
};

/// Flow of one group: arrivals and losses of measured requests, and time averages over the window.
struct flow_stats {
    std::uint64_t arrivals = 0;     ///< measured arrivals (to the station, or into the network)
    std::uint64_t blocked = 0;      ///< of which lost because a finite buffer was full
    estimate blocking_probability;  ///< blocked / arrivals
    estimate throughput;            ///< completions per second inside the window, 1/s
    estimate mean_number_in_system; ///< time average (queue + service), requests

    bool operator==(const flow_stats&) const = default;
};

struct tenant_result {
    std::string name;
    latency_stats latency; ///< end to end
    flow_stats flow;       ///< end to end: blocked = lost at any station of the route

    bool operator==(const tenant_result&) const = default;
};

struct station_tenant_result {
    std::string tenant; ///< tenant name
    latency_stats latency;
    flow_stats flow;

    bool operator==(const station_tenant_result&) const = default;
};

struct station_result {
    std::string name;
    double offered_load = 0.0; ///< nominal sum lambda E[S] / c (see offered_load(network, i))
    bool overloaded = false;   ///< certainly unstable (is_overloaded): latency figures are reported as +inf
    estimate utilization;      ///< time-average busy servers / c; 0 for a delay station
    estimate mean_busy_servers;
    latency_stats latency;                      ///< all tenants
    flow_stats flow;                            ///< all tenants
    std::vector<station_tenant_result> tenants; ///< only the tenants whose route visits the station

    bool operator==(const station_result&) const = default;
};

enum class ci_method { replications, batch_means };

struct simulation_result {
    std::vector<tenant_result> tenants;   ///< same order as network::tenants()
    std::vector<station_result> stations; ///< same order as network::stations()
    ci_method method = ci_method::replications;
    double confidence = 0.95;
    std::size_t cells = 0;            ///< replications, or batches
    std::uint64_t events = 0;         ///< events processed (all replications, warm-up and drain included)
    std::uint64_t request_stages = 0; ///< station visits completed or blocked (all replications)
    double simulated_time = 0.0;      ///< seconds of simulated time (all replications)
    bool stable = true;               ///< false if any station is overloaded

    bool operator==(const simulation_result&) const = default;
};

/// The percentile estimate at level p of the response time; p must be one of run_options::percentiles.
inline estimate response_percentile(const latency_stats& s, double p) {
    for (const auto& e : s.response_percentiles)
        if (e.p == p) return e.time;
    detail::throw_parameter_error("offload::sim::response_percentile", "p", p,
                                  "must be one of run_options::percentiles");
}

/// The percentile estimate at level p of the waiting time; p must be one of run_options::percentiles.
inline estimate wait_percentile(const latency_stats& s, double p) {
    for (const auto& e : s.wait_percentiles)
        if (e.p == p) return e.time;
    detail::throw_parameter_error("offload::sim::wait_percentile", "p", p, "must be one of run_options::percentiles");
}

/// Any quantile of the pooled response-time samples (no confidence interval): the smallest sample x with
/// F_n(x) >= p. Needs run_options::keep_samples.
inline double empirical_response_quantile(const latency_stats& s, double p) {
    detail::require_open_probability(p, "offload::sim::empirical_response_quantile", "p");
    if (s.sorted_response_samples.empty())
        detail::throw_parameter_error("offload::sim::empirical_response_quantile", "sorted_response_samples.size()",
                                      0.0, "must be > 0 (run with run_options::keep_samples = true)");
    const auto& xs = s.sorted_response_samples;
    const double rank = std::ceil(p * static_cast<double>(xs.size()));
    const auto i = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
    return xs[std::min(i, xs.size() - 1)];
}

/// Empirical CDF of the pooled response-time samples at t. Needs run_options::keep_samples.
inline double empirical_response_cdf(const latency_stats& s, double t) {
    if (s.sorted_response_samples.empty())
        detail::throw_parameter_error("offload::sim::empirical_response_cdf", "sorted_response_samples.size()", 0.0,
                                      "must be > 0 (run with run_options::keep_samples = true)");
    const auto& xs = s.sorted_response_samples;
    return static_cast<double>(std::upper_bound(xs.begin(), xs.end(), t) - xs.begin()) / static_cast<double>(xs.size());
}

/// The result of the tenant with this name; parameter_error if there is none.
inline const tenant_result& tenant_named(const simulation_result& r, std::string_view name) {
    for (const auto& t : r.tenants)
        if (t.name == name) return t;
    detail::throw_parameter_error("offload::sim::tenant_named", "name", "\"" + std::string(name) + "\"",
                                  "names no tenant of the result");
}

/// The result of the station with this name; parameter_error if there is none.
inline const station_result& station_named(const simulation_result& r, std::string_view name) {
    for (const auto& s : r.stations)
        if (s.name == name) return s;
    detail::throw_parameter_error("offload::sim::station_named", "name", "\"" + std::string(name) + "\"",
                                  "names no station of the result");
}

/// The per-tenant figures of a station for the tenant with this name; parameter_error if it does not visit.
inline const station_tenant_result& tenant_named(const station_result& s, std::string_view name) {
    for (const auto& t : s.tenants)
        if (t.tenant == name) return t;
    detail::throw_parameter_error("offload::sim::tenant_named", "name", "\"" + std::string(name) + "\"",
                                  "names no tenant visiting the station");
}

} // namespace offload::sim

namespace offload::detail {

/// Student-t quantile t_{n-1, (1 + confidence)/2}; n >= 2.
inline double sim_t_quantile(std::size_t n, double confidence) {
    const boost::math::students_t dist(static_cast<double>(n - 1));
    return boost::math::quantile(boost::math::complement(dist, 0.5 * (1.0 - confidence)));
}

/// Sectioning (Asmussen & Glynn 2007, §III.5a): the point value is the statistic over all observations
/// pooled; the interval comes from the spread of the n per-cell values around it,
///     half_width = t_quantile * sqrt(sum_c (cell_c - pooled)^2 / (n (n - 1))).
/// For a mean over equal-size cells this is the classical batch-means / replications interval; for
/// quantiles and ratios it avoids the small-sample bias of averaging per-cell estimates. NaN marks a cell
/// (or a pooled value) without observations: with no pooled value the estimate is {empty_value, +inf}; a
/// missing cell makes the half-width +inf.
inline sim::estimate sim_section(const std::vector<double>& cells, double pooled, double t_quantile,
                                 double empty_value) {
    if (std::isnan(pooled)) return {empty_value, infinity};
    if (std::isinf(pooled)) return {pooled, infinity};
    const std::size_t n = cells.size();
    if (n < 2) return {pooled, infinity};
    double ss = 0.0;
    for (const double x : cells) {
        if (std::isnan(x) || std::isinf(x)) return {pooled, infinity};
        ss += (x - pooled) * (x - pooled);
    }
    return {pooled, t_quantile * std::sqrt(ss / (static_cast<double>(n) * static_cast<double>(n - 1)))};
}

} // namespace offload::detail
