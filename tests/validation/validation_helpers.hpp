// tests/validation/validation_helpers.hpp — the Catch2 side of the simulate-and-compare checks shared by the
// validation tests (the comparisons themselves are offload/simulation/compare.hpp, which
// examples/validate_models uses too).
//
// Intervals: 99% (not 95%) Student-t intervals from 10 independent replications (sectioning, docs/simulator.md).
// The validation files make over a hundred containment checks; at 95% about one in twenty would miss by chance
// alone, so a fixed-seed suite would need seeds picked until green. At 99% a miss is a signal. To keep the checks
// able to fail, every interval must also be narrower than a stated fraction of the analytic value (a wide
// interval contains anything). Run sizes are modest because the suite also runs under ASan + UBSan.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/simulation/builders.hpp"
#include "offload/simulation/compare.hpp"
#include "offload/simulation/simulate.hpp"

namespace offload::test::validation {

namespace sim_ = offload::sim;

/// 10 replications of `requests` measured requests after 2000 warm-up ones, 99% intervals.
inline sim_::simulation_result run(const sim_::network& net, int requests, std::uint64_t seed,
                                   std::vector<double> percentiles = {0.5, 0.9, 0.99}) {
    sim_::run_options o;
    o.seed = seed;
    o.requests = requests;
    o.warmup_requests = 2000;
    o.replications = 10;
    o.confidence = 0.99;
    o.percentiles = std::move(percentiles);
    return sim_::simulate(net, o);
}

/// A simulated M/G/1/K station with E[S] = 1: deterministic service for scv 0, gamma-shaped otherwise.
inline sim_::network mg1k_station(double lambda, double scv, int capacity) {
    const sim_::distribution service = scv == 0.0 ? sim_::deterministic(1.0) : sim_::gamma(1.0, scv);
    return sim_::single_station(sim_::exponential(1.0 / lambda), service, 1, capacity);
}

inline std::string describe(const std::string& what, const sim_::comparison& c) {
    return what + ": analytic " + std::to_string(c.analytic) + ", simulated " + std::to_string(c.simulated.value) +
           " +- " + std::to_string(c.simulated.half_width) + " (99%), error " +
           std::to_string(100.0 * sim_::relative_error(c)) + "%";
}

/// The analytic value lies in the 99% interval, and the interval is narrower than max_rel_hw of it.
inline void check_inside(const std::string& what, double analytic, const sim_::estimate& e, double max_rel_hw) {
    const sim_::comparison c = sim_::compare(analytic, e);
    INFO(describe(what, c));
    CHECK(sim_::inside(c));
    CHECK(e.half_width <= max_rel_hw * std::fabs(analytic));
}

/// A documented error claim holds: |analytic - simulated| <= claim * simulated + half-width.
inline void check_claim(const std::string& what, double analytic, const sim_::estimate& e, double claim) {
    const sim_::comparison c = sim_::compare(analytic, e);
    INFO(describe(what, c) << ", claim " << 100.0 * claim << "%");
    CHECK(sim_::within(c, claim));
}

/// The analytic value's relative error against simulation lies in [low, high] up to the interval.
inline void check_error_between(const std::string& what, double analytic, const sim_::estimate& e, double low,
                                double high) {
    const sim_::comparison c = sim_::compare(analytic, e);
    INFO(describe(what, c) << ", expected in [" << 100.0 * low << "%, " << 100.0 * high << "%]");
    CHECK(sim_::error_between(c, low, high));
}

/// Mean and percentiles of the waiting and response time inside the intervals. hw: allowed relative
/// half-widths of the means and of the percentiles (tail percentiles of a short run are the noisiest figures).
template <class Q>
void check_latency(const Q& q, const sim_::latency_stats& s, double hw_mean, double hw_quantile) {
    for (const sim_::named_comparison& n : sim_::latency_comparisons(q, s))
        check_inside(n.quantity, n.values.analytic, n.values.simulated, n.is_percentile ? hw_quantile : hw_mean);
}

/// Blocking probability, throughput and mean number in system of a finite-buffer model inside the intervals.
template <class Q>
void check_flow(const Q& q, const sim_::simulation_result& r, double hw) {
    for (const sim_::named_comparison& n : sim_::flow_comparisons(q, r))
        check_inside(n.quantity, n.values.analytic, n.values.simulated, hw);
}

} // namespace offload::test::validation
