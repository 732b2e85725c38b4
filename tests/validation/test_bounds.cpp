// Cross-validation of the G/G/1 BOUNDS (offload/queues/gg1.hpp) against the discrete-event simulator: the
// simulated mean wait must lie inside [lower, upper] up to its 99% half-width, for Kingman's upper bound and
// Marshall's general lower bound on every system, and for Marshall's class bounds where their conditions hold
// (NBUE: gamma with shape >= 1 and uniform interarrival times, both IFR; NWUE: the balanced two-phase
// hyperexponential, DFR). Lognormal interarrival times are neither, so only the general bounds are checked there.
#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "offload/queues/gg1.hpp"
#include "offload/simulation/builders.hpp"
#include "validation_helpers.hpp"

namespace sim = offload::sim;

namespace {

// heavy traffic (rho >= 0.9) relaxes slowly: those runs are four times longer
sim::simulation_result run(const sim::network& net, std::uint64_t seed, double rho) {
    return offload::test::validation::run(net, rho >= 0.9 ? 80000 : 20000, seed, {0.5});
}

struct gg1_case {
    const char* name;
    sim::distribution arrivals;
    double ca2;
    sim::distribution service;
    double cs2;
    double rho;
    offload::interarrival_class cls;
};

} // namespace

TEST_CASE("validation: Kingman and Marshall bounds hold against simulated G/G/1 queues", "[validation]") {
    using cls = offload::interarrival_class;
    const gg1_case cases[] = {
        {"E2/M/1", sim::gamma(2.0, 0.5), 0.5, sim::exponential(1.0), 1.0, 0.5, cls::nbue},
        {"E2/M/1", sim::gamma(1.0 / 0.9, 0.5), 0.5, sim::exponential(1.0), 1.0, 0.9, cls::nbue},
        {"H2/M/1", sim::hyperexponential2(2.0, 4.0), 4.0, sim::exponential(1.0), 1.0, 0.5, cls::nwue},
        {"H2/M/1", sim::hyperexponential2(1.0 / 0.9, 4.0), 4.0, sim::exponential(1.0), 1.0, 0.9, cls::nwue},
        {"E2/D/1", sim::gamma(1.0 / 0.7, 0.5), 0.5, sim::deterministic(1.0), 0.0, 0.7, cls::nbue},
        {"U/G/1", sim::uniform(0.0, 2.0 / 0.8), 1.0 / 3.0, sim::gamma(1.0, 0.5), 0.5, 0.8, cls::nbue},
        {"H2/G/1", sim::hyperexponential2(1.0 / 0.7, 2.0), 2.0, sim::gamma(1.0, 0.5), 0.5, 0.7, cls::nwue},
        {"LN/M/1", sim::lognormal(1.0 / 0.7, 0.5), 0.5, sim::exponential(1.0), 1.0, 0.7, cls::general},
        {"LN/LN/1", sim::lognormal(1.0 / 0.7, 2.0), 2.0, sim::lognormal(1.0, 2.0), 2.0, 0.7, cls::general},
    };
    std::uint64_t seed = 301;
    for (const auto& x : cases) {
        const offload::gg1 q(x.rho, x.ca2, 1.0, x.cs2);
        const auto r = run(sim::single_station(x.arrivals, x.service), seed++, x.rho);
        const sim::estimate& w = r.tenants[0].latency.mean_wait;
        const double kingman = offload::kingman_upper_bound(q);
        const double marshall = offload::marshall_lower_bound(q);
        const auto b = offload::marshall_bounds(q, x.cls);
        INFO(x.name << " rho " << x.rho << ": simulated E[W] " << w.value << " +- " << w.half_width << "; Kingman "
                    << kingman << ", Marshall lower " << marshall << ", class bounds [" << b.lower << ", " << b.upper
                    << "]");
        CHECK(w.half_width <= 0.15 * w.value); // a wide interval would hold any bound
        CHECK(kingman >= w.lower());
        CHECK(marshall <= w.upper());
        CHECK(b.lower <= w.upper());
        CHECK(b.upper >= w.lower());
        // the class bounds are at least as tight as the general ones
        CHECK(b.lower >= marshall);
        CHECK(b.upper <= kingman);
    }
}

TEST_CASE("validation: the NBUE lower bound is tight for E2/M/1 in heavy traffic, NWUE upper for H2/M/1",
          "[validation]") {
    // At rho = 0.9 the class bounds bracket the simulated mean within a few tenths of it: the check would fail
    // if a bound were on the wrong side by more than the interval.
    {
        const offload::gg1 q(0.9, 0.5, 1.0, 1.0);
        const auto b = offload::marshall_bounds(q, offload::interarrival_class::nbue);
        CHECK(b.lower == Approx(6.2222222222).epsilon(1e-9));
        const auto r = run(sim::single_station(sim::gamma(1.0 / 0.9, 0.5), sim::exponential(1.0)), 311, 0.9);
        const auto& w = r.tenants[0].latency.mean_wait;
        INFO("E2/M/1 rho 0.9: " << w.value << " +- " << w.half_width);
        CHECK(b.lower <= w.upper());
        CHECK(w.value <= 1.3 * b.lower);
    }
    {
        const offload::gg1 q(0.9, 4.0, 1.0, 1.0);
        const auto b = offload::marshall_bounds(q, offload::interarrival_class::nwue);
        CHECK(b.upper == Approx(25.666666667).epsilon(1e-9));
        const auto r =
            run(sim::single_station(sim::hyperexponential2(1.0 / 0.9, 4.0), sim::exponential(1.0)), 312, 0.9);
        const auto& w = r.tenants[0].latency.mean_wait;
        INFO("H2/M/1 rho 0.9: " << w.value << " +- " << w.half_width);
        CHECK(b.upper >= w.lower());
        CHECK(w.value >= 0.7 * b.upper);
    }
}
