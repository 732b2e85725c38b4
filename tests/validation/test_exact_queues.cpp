// Cross-validation of the EXACT queue models (offload/queues/) against the discrete-event simulator
// (offload/simulation/): every analytic mean and p50/p90/p99 of the waiting and response time must lie inside the
// simulation's confidence interval, and so must the blocking probability, throughput and mean number in system of
// the finite-buffer models.
//
// Intervals: 99%, each also required to be narrower than a stated fraction of the analytic value (why:
// validation_helpers.hpp). The 95% tables with a larger run are in docs/validation.md (examples/validate_models).
#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "offload/queues/md1.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mg1k.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mm1k.hpp"
#include "offload/queues/mmc.hpp"
#include "offload/queues/mmck.hpp"
#include "offload/simulation/builders.hpp"
#include "validation_helpers.hpp"

namespace sim = offload::sim;

using namespace offload::test::validation;

TEST_CASE("validation: mm1 against a simulated M/M/1", "[validation]") {
    const offload::mm1 q(0.7, 1.0);
    const auto r = run(sim::single_station(sim::exponential(1.0 / 0.7), sim::exponential(1.0)), 20000, 101);
    // the wait's p50 is positive only if P(W = 0) = 1 - rho < 0.5
    REQUIRE(offload::wait_quantile(q, 0.5) > 0.0);
    check_latency(q, r.tenants[0].latency, 0.10, 0.15);
    check_inside("E[L]", offload::mean_number_in_system(q), r.stations[0].flow.mean_number_in_system, 0.10);
    check_inside("utilization", offload::utilization(q), r.stations[0].utilization, 0.02);
}

TEST_CASE("validation: md1 (exact waiting-time distribution) against a simulated M/D/1", "[validation]") {
    const offload::md1 q(0.75, 1.0);
    const auto r = run(sim::single_station(sim::exponential(1.0 / 0.75), sim::deterministic(1.0)), 20000, 102);
    check_latency(q, r.tenants[0].latency, 0.10, 0.15);
}

TEST_CASE("validation: mmc against a simulated M/M/3", "[validation]") {
    const offload::mmc q(2.4, 1.0, 3);
    REQUIRE(offload::probability_of_wait(q) > 0.5); // so the wait's p50 is not in the atom at 0
    const auto r = run(sim::single_station(sim::exponential(1.0 / 2.4), sim::exponential(1.0), 3), 60000, 103);
    check_latency(q, r.tenants[0].latency, 0.12, 0.15);
}

TEST_CASE("validation: mdc (exact M/D/c distribution) against a simulated M/D/4", "[validation]") {
    const offload::mdc q(3.4, 1.0, 4);
    const auto r = run(sim::single_station(sim::exponential(1.0 / 3.4), sim::deterministic(1.0), 4), 20000, 104);
    const auto& s = r.tenants[0].latency;
    check_latency(q, s, 0.15, 0.15);
}

TEST_CASE("validation: mg1 means are Pollaczek-Khinchine, exact for any service law", "[validation]") {
    // P-K needs only E[S] and E[S^2]: lognormal, uniform and two-phase hyperexponential service all match
    struct service_case {
        sim::distribution service;
        double scv;
    };
    const service_case cases[] = {
        {sim::lognormal(1.0, 2.0), 2.0}, {sim::uniform(0.0, 2.0), 1.0 / 3.0}, {sim::hyperexponential2(1.0, 3.0), 3.0}};
    std::uint64_t seed = 105;
    for (const auto& c : cases) {
        const offload::mg1 q(0.6, 1.0, c.scv);
        const auto r = run(sim::single_station(sim::exponential(1.0 / 0.6), c.service), 20000, seed++);
        INFO("service scv " << c.scv);
        check_inside("E[W]", offload::mean_wait(q), r.tenants[0].latency.mean_wait, 0.15);
        check_inside("E[T]", offload::mean_response(q), r.tenants[0].latency.mean_response, 0.10);
        check_inside("E[L]", offload::mean_number_in_system(q), r.stations[0].flow.mean_number_in_system, 0.10);
    }
}

TEST_CASE("validation: mm1k blocking, throughput and accepted waits, stable and overloaded", "[validation]") {
    {
        const offload::mm1k q(0.9, 1.0, 5);
        const auto r = run(sim::single_station(sim::exponential(1.0 / 0.9), sim::exponential(1.0), 1, 5), 20000, 111);
        check_flow(q, r, 0.10);
        check_latency(q, r.tenants[0].latency, 0.06, 0.12);
    }
    {
        // lambda = 2 mu: a finite buffer is still stable; two thirds of the arrivals are lost
        const offload::mm1k q(2.0, 1.0, 5);
        REQUIRE(offload::blocking_probability(q) > 0.5);
        const auto r = run(sim::single_station(sim::exponential(0.5), sim::exponential(1.0), 1, 5), 20000, 112);
        CHECK(r.stable);
        check_flow(q, r, 0.03);
        check_inside("E[T]", offload::mean_response(q), r.tenants[0].latency.mean_response, 0.03);
        check_inside("T p90", offload::response_quantile(q, 0.9), sim::response_percentile(r.tenants[0].latency, 0.9),
                     0.05);
    }
}

TEST_CASE("validation: mmck against a simulated M/M/2/6", "[validation]") {
    const offload::mmck q(2.2, 1.0, 2, 6);
    const auto r = run(sim::single_station(sim::exponential(1.0 / 2.2), sim::exponential(1.0), 2, 6), 20000, 113);
    check_flow(q, r, 0.08);
    check_latency(q, r.tenants[0].latency, 0.08, 0.12);
}

TEST_CASE("validation: mg1k with scv 1 (M/M/1/K) at rho = 1, every figure exact", "[validation]") {
    const offload::mg1k q(1.0, 1.0, 1.0, 8);
    const auto r = run(sim::single_station(sim::exponential(1.0), sim::exponential(1.0), 1, 8), 20000, 114);
    check_flow(q, r, 0.10);
    check_latency(q, r.tenants[0].latency, 0.08, 0.12);
}

TEST_CASE("validation: mg1k queue-length metrics are exact for deterministic and gamma service", "[validation]") {
    struct c {
        double lambda, scv;
    };
    std::uint64_t seed = 115;
    for (const c& x : {c{0.9, 0.0}, c{1.2, 0.0}, c{0.9, 0.5}, c{0.9, 4.0}}) {
        INFO("lambda " << x.lambda << ", scv " << x.scv << ", K 10");
        const offload::mg1k q(x.lambda, 1.0, x.scv, 10);
        const auto r = run(mg1k_station(x.lambda, x.scv, 10), 20000, seed++);
        // P_K of the lightly blocking cases is a small probability: its relative interval is wider
        check_inside("P_block", offload::blocking_probability(q), r.tenants[0].flow.blocking_probability, 0.35);
        check_inside("throughput", offload::throughput(q), r.tenants[0].flow.throughput, 0.03);
        check_inside("E[L]", offload::mean_number_in_system(q), r.stations[0].flow.mean_number_in_system, 0.10);
        check_inside("E[W]", offload::mean_wait(q), r.tenants[0].latency.mean_wait, 0.10);
        check_inside("E[T]", offload::mean_response(q), r.tenants[0].latency.mean_response, 0.08);
    }
}

TEST_CASE("validation: unstable infinite-buffer queues are +inf in the models and overloaded in the simulator",
          "[validation]") {
    const offload::mm1 q(1.2, 1.0);
    const offload::mdc d(4.4, 1.0, 4);
    CHECK(offload::mean_response(q) == offload::infinity);
    CHECK(offload::response_quantile(q, 0.99) == offload::infinity);
    CHECK(offload::mean_wait(d) == offload::infinity);
    sim::run_options o;
    o.requests = 2000;
    o.warmup_requests = 0;
    o.replications = 2;
    const auto r1 = sim::simulate(sim::single_station(sim::exponential(1.0 / 1.2), sim::exponential(1.0)), o);
    const auto r2 = sim::simulate(sim::single_station(sim::exponential(1.0 / 4.4), sim::deterministic(1.0), 4), o);
    for (const auto* r : {&r1, &r2}) {
        CHECK_FALSE(r->stable);
        CHECK(r->tenants[0].latency.mean_response.value == offload::infinity);
        CHECK(sim::response_percentile(r->tenants[0].latency, 0.99).value == offload::infinity);
        // the server is saturated: utilization ~ 1 in both
        CHECK(r->stations[0].utilization.value > 0.95);
    }
}
