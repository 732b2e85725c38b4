// Cross-validation of the latency PIPELINES (offload/pipelines/) against the discrete-event simulator's
// builders of the same systems (offload/simulation/builders.hpp).
//
// Exact: a tandem of M/M/1 queues (Burke + Reich: independent exponential sojourn times), so the pipeline's mean
// and its convolved percentiles must lie inside the simulated 99% intervals; likewise every station whose input
// is Poisson (the first queue, and the queue after an M/M/1 one). Approximate: a queue fed by an M/D/1 or M/G/1
// (its input is smoother than Poisson) and the convolution's independence assumption. docs/pipelines.md makes no
// quantitative claim for those; the errors asserted here are the ones measured by examples/validate_models --full
// (docs/validation.md), each with its stated reason.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/pipelines/link.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mmc.hpp"
#include "offload/simulation/builders.hpp"
#include "validation_helpers.hpp"

namespace sim = offload::sim;

namespace {

constexpr double bandwidth = 1.0e6; // bytes/s: transfer times below are bytes / 1e6

} // namespace

using namespace offload::test::validation;

TEST_CASE("validation: offload_pipeline<mm1, mm1> (seed eq. 1, exponential stages) is exact", "[validation]") {
    const double lambda = 4.0, req = 1.0e5, res = 5.0e4, s_edge = 0.15, prop = 0.02;
    const offload::network_link link(bandwidth, prop);
    const offload::offload_pipeline<offload::mm1, offload::mm1> p(lambda, offload::service_demand{s_edge, 1.0, 1.0},
                                                                  link, offload::payload(req, res));
    sim::offload_path path;
    path.interarrival = sim::exponential(1.0 / lambda);
    path.uplink = sim::exponential(req / bandwidth);
    path.edge_service = sim::exponential(s_edge);
    path.downlink = sim::exponential(res / bandwidth);
    path.propagation = prop;
    const auto r = run(sim::edge_offload(path), 20000, 401);
    const auto b = breakdown(p);
    check_inside("uplink E[W]", b.uplink_wait, sim::station_named(r, "device_nic").latency.mean_wait, 0.06);
    check_inside("edge E[W]", b.remote_wait, sim::station_named(r, "edge").latency.mean_wait, 0.12);
    check_inside("downlink E[W]", b.downlink_wait, sim::station_named(r, "edge_nic").latency.mean_wait, 0.06);
    const auto& e2e = r.tenants[0].latency;
    check_inside("E[T]", mean_latency(p), e2e.mean_response, 0.05);
    const auto dist = latency_distribution(p);
    for (double q : {0.5, 0.9, 0.99})
        check_inside("T quantile " + std::to_string(q), quantile(dist, q), sim::response_percentile(e2e, q), 0.08);
}

TEST_CASE("validation: split_pipeline with four M/M/1 stages is exact", "[validation]") {
    const double lambda = 4.0, d_dev = 0.1, inter = 1.2e5, s_edge = 0.12, res = 4.0e4;
    const offload::network_link link(bandwidth);
    const offload::split_pipeline<offload::mm1, offload::mm1, offload::mm1> p(
        lambda, offload::service_demand{d_dev, 1.0, 1.0}, offload::service_demand{s_edge, 1.0, 1.0}, link,
        offload::payload(inter, res));
    sim::split_path path;
    path.interarrival = sim::exponential(1.0 / lambda);
    path.device_service = sim::exponential(d_dev);
    path.uplink = sim::exponential(inter / bandwidth);
    path.edge_service = sim::exponential(s_edge);
    path.downlink = sim::exponential(res / bandwidth);
    const auto r = run(sim::split_offload(path), 20000, 402);
    const auto& e2e = r.tenants[0].latency;
    check_inside("E[T]", mean_latency(p), e2e.mean_response, 0.04);
    const auto dist = latency_distribution(p);
    for (double q : {0.5, 0.9, 0.99})
        check_inside("T quantile " + std::to_string(q), quantile(dist, q), sim::response_percentile(e2e, q), 0.06);
}

TEST_CASE("validation: offload_pipeline<md1, mm1> (the seed's DNN offload): exact and approximate terms",
          "[validation]") {
    // uplink M/M/1 and edge M/D/1 see Poisson input (Burke): exact. The edge NIC is fed by M/D/1 departures,
    // far smoother than Poisson, so its M/M/1 wait (0.0533 s) overestimates the simulated one (~0.0205 s, +160%
    // measured); the end-to-end mean and percentiles overestimate by 3-6% (measured: E[T] +5.1%, p50 +6.0%,
    // p90 +4.0%, p99 +2.3%). Asserted: the downlink term is conservative (above the interval), the end-to-end
    // errors lie in [0, +8%].
    const double lambda = 5.0, req = 1.0e5, res = 8.0e4, s_edge = 0.14, prop = 0.01;
    const offload::network_link link(bandwidth, prop);
    const offload::offload_pipeline<offload::md1, offload::mm1> p(lambda, offload::service_demand{s_edge, 0.0, 1.0},
                                                                  link, offload::payload(req, res));
    sim::offload_path path;
    path.interarrival = sim::exponential(1.0 / lambda);
    path.uplink = sim::exponential(req / bandwidth);
    path.edge_service = sim::deterministic(s_edge);
    path.downlink = sim::exponential(res / bandwidth);
    path.propagation = prop;
    const auto r = run(sim::edge_offload(path), 20000, 403);
    const auto b = breakdown(p);
    check_inside("uplink E[W]", b.uplink_wait, sim::station_named(r, "device_nic").latency.mean_wait, 0.10);
    check_inside("edge E[W]", b.remote_wait, sim::station_named(r, "edge").latency.mean_wait, 0.06);
    CHECK(b.downlink_wait > 2.0 * sim::station_named(r, "edge_nic").latency.mean_wait.upper());
    const auto& e2e = r.tenants[0].latency;
    check_error_between("E[T]", mean_latency(p), e2e.mean_response, 0.0, 0.08);
    const auto dist = latency_distribution(p);
    for (double q : {0.5, 0.9, 0.99})
        check_error_between("T quantile " + std::to_string(q), quantile(dist, q), sim::response_percentile(e2e, q), 0.0,
                            0.08);
}

TEST_CASE("validation: split_pipeline<md1, md1, mm1> (the seed's DNN split)", "[validation]") {
    // device M/D/1: Poisson input, exact. The NIC after it and the edge after that see non-Poisson input: the
    // model overestimates their waits (measured +22%, +9%) and the end-to-end figures by 2-7% (measured E[T]
    // +5.6%, p50 +6.7%, p90 +3.9%, p99 +2.3%). Asserted: end-to-end errors in [0, +9%].
    const double lambda = 4.0, d_dev = 0.1, inter = 1.2e5, s_edge = 0.12, res = 4.0e4;
    const offload::network_link link(bandwidth);
    const offload::split_pipeline<offload::md1, offload::md1, offload::mm1> p(
        lambda, offload::service_demand{d_dev, 0.0, 1.0}, offload::service_demand{s_edge, 0.0, 1.0}, link,
        offload::payload(inter, res));
    sim::split_path path;
    path.interarrival = sim::exponential(1.0 / lambda);
    path.device_service = sim::deterministic(d_dev);
    path.uplink = sim::exponential(inter / bandwidth);
    path.edge_service = sim::deterministic(s_edge);
    path.downlink = sim::exponential(res / bandwidth);
    const auto r = run(sim::split_offload(path), 20000, 404);
    const auto b = breakdown(p);
    check_inside("device E[W]", b.device_wait, sim::station_named(r, "device").latency.mean_wait, 0.06);
    CHECK(b.uplink_wait > sim::station_named(r, "device_nic").latency.mean_wait.upper());
    CHECK(b.remote_wait > sim::station_named(r, "edge").latency.mean_wait.upper());
    const auto& e2e = r.tenants[0].latency;
    check_error_between("E[T]", mean_latency(p), e2e.mean_response, 0.0, 0.09);
    const auto dist = latency_distribution(p);
    for (double q : {0.5, 0.9, 0.99})
        check_error_between("T quantile " + std::to_string(q), quantile(dist, q), sim::response_percentile(e2e, q), 0.0,
                            0.09);
}

TEST_CASE("validation: offload_pipeline<mmc, mm1>: exact mean, percentiles within 2%", "[validation]") {
    // Burke's theorem holds for M/M/c, so every stage's mean is exact; requests overtake each other in the M/M/2
    // edge, so the sojourn times are not independent and the convolution approximates (measured -0.02% to -1.1% in two runs).
    const double lambda = 6.0, req = 5.0e4, res = 5.0e4, s_edge = 0.25;
    const offload::network_link link(bandwidth);
    const offload::offload_pipeline<offload::mmc, offload::mm1> p(lambda, offload::service_demand{s_edge, 1.0, 2.0},
                                                                  link, offload::payload(req, res));
    sim::offload_path path;
    path.interarrival = sim::exponential(1.0 / lambda);
    path.uplink = sim::exponential(req / bandwidth);
    path.edge_service = sim::exponential(s_edge);
    path.edge_servers = 2;
    path.downlink = sim::exponential(res / bandwidth);
    const auto r = run(sim::edge_offload(path), 20000, 405);
    const auto& e2e = r.tenants[0].latency;
    check_inside("E[T]", mean_latency(p), e2e.mean_response, 0.06);
    const auto dist = latency_distribution(p);
    for (double q : {0.5, 0.9, 0.99})
        check_error_between("T quantile " + std::to_string(q), quantile(dist, q), sim::response_percentile(e2e, q),
                            -0.02, 0.02);
}

TEST_CASE("validation: multi-tenant edge, M/G/1 on the tenants' mixture (seed section 3.4)", "[validation]") {
    // Two devices with deterministic service 0.1 s and 0.3 s share the edge. Its input is the superposition of two
    // M/M/1 departure streams, i.e. Poisson, so P-K with the mixture's E[S^2] is exact for the edge's mean wait,
    // for both tenants alike (FCFS). Keeping only the tenants' own variances (zero here) would be 22% low.
    const double req = 5.0e4, res = 2.0e4;
    const double l1 = 2.0, s1 = 0.1, l2 = 1.5, s2 = 0.3;
    const offload::tenant_mix mix({offload::tenant_demand(l1, s1, 0.0), offload::tenant_demand(l2, s2, 0.0)});
    const offload::network_link link(bandwidth);
    using pipeline = offload::offload_pipeline<offload::mg1, offload::mm1>;
    const pipeline p1(l1, total_arrival_rate(mix), aggregate_demand(mix), link, link, offload::payload(req, res));
    const pipeline p2(l2, total_arrival_rate(mix), aggregate_demand(mix), link, link, offload::payload(req, res));
    std::vector<sim::edge_tenant> tenants;
    tenants.push_back({"a", sim::exponential(1.0 / l1), sim::exponential(req / bandwidth), sim::deterministic(s1),
                       sim::exponential(res / bandwidth)});
    tenants.push_back({"b", sim::exponential(1.0 / l2), sim::exponential(req / bandwidth), sim::deterministic(s2),
                       sim::exponential(res / bandwidth)});
    const auto r = run(sim::multi_tenant_edge(tenants), 20000, 406);
    const auto& edge = sim::station_named(r, "edge");
    const offload::mg1 q = p1.remote_stage();
    check_inside("edge E[W]", offload::mean_wait(q), edge.latency.mean_wait, 0.05);
    check_inside("edge E[W] of tenant a", offload::mean_wait(q), sim::tenant_named(edge, "a").latency.mean_wait, 0.06);
    check_inside("edge E[W] of tenant b", offload::mean_wait(q), sim::tenant_named(edge, "b").latency.mean_wait, 0.06);
    const offload::mg1 naive(total_arrival_rate(mix), aggregate_demand(mix).mean_seconds, 0.0);
    CHECK(offload::mean_wait(naive) < edge.latency.mean_wait.lower());
    // the Cramer-Lundberg tail of the edge wait (gamma-shaped service assumed, two-point mixture simulated):
    // measured +1.3% at p90 and +1.1% at p99; asserted within 5% (docs/models.md: "a few percent")
    for (double p : {0.9, 0.99}) {
        const sim::estimate e = sim::wait_percentile(edge.latency, p);
        INFO("edge wait quantile " << p << ": " << offload::wait_quantile(q, p) << " vs " << e.value << " +- "
                                   << e.half_width);
        CHECK(std::fabs(offload::wait_quantile(q, p) - e.value) <= 0.05 * e.value + e.half_width);
    }
    // Per tenant (tenant_offload_pipeline): the shared wait plus each tenant's OWN s_i. The edge terms are exact
    // (Poisson input, P-K, FCFS); only the downlink M/M/1 fed by the edge's departures is approximate. Measured
    // +0.5% and +0.1% here, inside the 99% intervals (+-2.2%, +-1.9%), which is asserted; the 10x longer run of
    // validate_models --full resolves the downlink's bias (+0.4% / +0.3%, docs/validation.md).
    using tenant_pipeline = offload::tenant_offload_pipeline<offload::mg1, offload::mm1>;
    const tenant_pipeline t1(mix, 0, link, offload::payload(req, res));
    const tenant_pipeline t2(mix, 1, link, offload::payload(req, res));
    const auto& ta = sim::tenant_named(r, "a").latency.mean_response;
    const auto& tb = sim::tenant_named(r, "b").latency.mean_response;
    check_inside("tenant a E[T], own s_i", mean_latency(t1), ta, 0.04);
    check_inside("tenant b E[T], own s_i", mean_latency(t2), tb, 0.04);
    // Per-tenant percentiles: the edge wait's Cramer-Lundberg shape (gamma service assumed, a two-point mixture
    // simulated) convolved with the own deterministic s_i. Measured: a +0.8% / +1.0% / +1.7%, b +0.6% / 0.0% /
    // +2.1% at p50 / p90 / p99; asserted within 5% like the edge wait above (docs/models.md: "a few percent").
    for (const auto& [name, tp] : {std::pair{"a", t1}, std::pair{"b", t2}}) {
        const auto dist = latency_distribution(tp);
        const auto& lat = sim::tenant_named(r, name).latency;
        for (double level : {0.5, 0.9, 0.99})
            check_error_between(std::string("tenant ") + name + " T quantile " + std::to_string(level),
                                quantile(dist, level), sim::response_percentile(lat, level), -0.05, 0.05);
    }
    INFO("tenant a: literal " << mean_latency(p1) << ", per-tenant " << mean_latency(t1) << ", simulated " << ta.value);
    INFO("tenant b: literal " << mean_latency(p2) << ", per-tenant " << mean_latency(t2) << ", simulated " << tb.value);
    // The literal Lemma 3.2 form (the mixture's mean service time for every tenant) overestimates the light
    // tenant and underestimates the heavy one (measured +22% and -19%); its rate-weighted average is right.
    CHECK(mean_latency(p1) > 1.15 * ta.upper());
    CHECK(mean_latency(p2) < 0.85 * tb.lower());
    const double averaged = (l1 * mean_latency(p1) + l2 * mean_latency(p2)) / (l1 + l2);
    const double simulated_average = (l1 * ta.value + l2 * tb.value) / (l1 + l2);
    CHECK(std::fabs(averaged / simulated_average - 1.0) <= 0.03);
}

TEST_CASE("validation: tenant_split_pipeline, a split whose edge part shares the server with another tenant",
          "[validation]") {
    // Tenant a splits: 0.05 s on its device (M/D/1 at 2/s), 3e4 bytes up, its 0.1 s edge part on the server it
    // shares with tenant b, which offloads a whole 0.3 s model at 1.5/s. The server waits as for the mixture; a
    // is then served for its own 0.1 s. Approximate terms as for split_pipeline<md1, ...> (the NIC after the
    // M/D/1 device and the edge see smoother-than-Poisson input, so the model's waits are high) and the
    // convolution's independence assumption. Measured (20 x 20 000 requests, seed 407): E[T] -0.2%, p50 +1.5%,
    // p90 -0.4%, p99 +0.1%; the literal Lemma 3.2 split +19.8%. Asserted: within 5% like the offload tenants.
    const double la = 2.0, d_dev = 0.05, inter = 3.0e4, sa = 0.1, lb = 1.5, sb = 0.3, req = 5.0e4, res = 2.0e4;
    const offload::tenant_mix mix({offload::tenant_demand(la, sa, 0.0), offload::tenant_demand(lb, sb, 0.0)});
    const offload::network_link link(bandwidth);
    const offload::split_pipeline<offload::md1, offload::mg1, offload::mm1> shared(
        la, total_arrival_rate(mix), offload::service_demand{d_dev, 0.0, 1.0}, aggregate_demand(mix), link, link,
        offload::payload(inter, res));
    const offload::tenant_split_pipeline<offload::md1, offload::mg1, offload::mm1> mine(shared,
                                                                                        offload::tenant_demand(la, sa));

    sim::network net;
    const std::size_t edge = net.add_station(sim::station("edge"));
    const std::size_t edge_nic = net.add_station(sim::station("edge_nic"));
    net.add_tenant(sim::tenant(
        "a", sim::exponential(1.0 / la),
        {sim::visit{net.add_station(sim::station("a/device")), sim::deterministic(d_dev)},
         sim::visit{net.add_station(sim::station("a/device_nic")), sim::exponential(inter / bandwidth)},
         sim::visit{edge, sim::deterministic(sa)}, sim::visit{edge_nic, sim::exponential(res / bandwidth)}}));
    net.add_tenant(sim::tenant(
        "b", sim::exponential(1.0 / lb),
        {sim::visit{net.add_station(sim::station("b/device_nic")), sim::exponential(req / bandwidth)},
         sim::visit{edge, sim::deterministic(sb)}, sim::visit{edge_nic, sim::exponential(res / bandwidth)}}));
    const auto r = run(net, 20000, 407);
    const auto& a = sim::tenant_named(r, "a").latency;
    INFO("tenant a: literal " << mean_latency(shared) << ", per-tenant " << mean_latency(mine) << ", simulated "
                              << a.mean_response.value);
    check_error_between("tenant a E[T], own edge part", mean_latency(mine), a.mean_response, -0.05, 0.05);
    const auto dist = latency_distribution(mine);
    for (double level : {0.5, 0.9, 0.99})
        check_error_between("tenant a T quantile " + std::to_string(level), quantile(dist, level),
                            sim::response_percentile(a, level), -0.05, 0.05);
    // the literal split (the mixture's 0.186 s at the server instead of a's 0.1 s) is far off
    CHECK(mean_latency(shared) > 1.15 * a.mean_response.upper());
}
