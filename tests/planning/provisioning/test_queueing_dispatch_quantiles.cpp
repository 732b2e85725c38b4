// Tests for queueing_dispatch_latency_quantiles (offload/planning/provisioning/queueing_dispatch.hpp): exact
// cases (M/M/1, M/M/c, the zero-load limit, a mixture over nodes solved to its level), unstable nodes,
// hostile inputs, and the per-stream p95/p99 against the simulator's empirical quantiles.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include <boost/math/distributions/gamma.hpp>
#include <catch2/catch.hpp>

#include "offload/planning/provisioning/queueing_dispatch.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mmc.hpp"
#include "planning/provisioning/provisioning_helpers.hpp"

using namespace offload::planning;

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

using offload::test::check_parameter_error;

std::vector<provisioning_model> two_models() { return {{"resnet", 100.0, 0.0}, {"bert", 300.0, 0.0}}; }

/// one stream of model 0 on one node of `servers` servers
queueing_dispatch_problem single(double rate, double tau, double theta, double scv, int servers = 1) {
    return queueing_dispatch_problem(two_models(), {{"a", 1000.0, {}, servers}}, {{0, rate, {tau}, {theta}, scv}});
}
const queueing_dispatch_plan single_plan{{{0}}, {{1.0}}};
std::vector<std::vector<std::size_t>> all_both() { return {{0, 1}, {0, 1}}; }

/// The simulated plan's per-stream empirical quantiles (all requests of a stream pooled over its nodes).
std::vector<double> simulated_quantiles(const queueing_dispatch_problem& p, const queueing_dispatch_plan& x,
                                        double level, const offload::sim::run_options& o) {
    const offload::sim::simulation_result r = offload::sim::simulate(queueing_dispatch_network(p, x), o);
    std::vector<std::vector<double>> per(p.stream_count());
    std::size_t t = 0;
    for (std::size_t s = 0; s < p.stream_count(); ++s)
        for (std::size_t j = 0; j < p.node_count(); ++j) {
            if (!(x.routing[s][j] > 0.0)) continue;
            const auto& v = r.tenants[t++].latency.sorted_response_samples;
            per[s].insert(per[s].end(), v.begin(), v.end());
        }
    std::vector<double> q;
    for (auto& v : per) {
        std::sort(v.begin(), v.end());
        const auto k = static_cast<std::size_t>(std::ceil(level * static_cast<double>(v.size())));
        q.push_back(v[std::max<std::size_t>(k, 1) - 1]);
    }
    return q;
}

} // namespace

TEST_CASE("dispatch quantiles: M/M/1 and M/M/c exact", "[planning][provisioning][queueing][quantile]") {
    // M/M/1: T = tau + Exp(mu - lambda)
    const double mu = 10.0, lambda = 6.0, tau = 0.02;
    const auto p = single(lambda, tau, 1.0 / mu, 1.0);
    for (double level : {0.1, 0.5, 0.95, 0.99, 0.999}) {
        const auto q = queueing_dispatch_latency_quantiles(p, single_plan, level);
        const double exact = tau - std::log1p(-level) / (mu - lambda);
        CHECK(q.stable);
        CHECK(q.level == level);
        CHECK(q.stream_latency_quantile[0] == Approx(exact).epsilon(1e-8));
        CHECK(q.latency_quantile == Approx(exact).epsilon(1e-8));
    }
    // M/M/c (c = 2, exponential: the Lee-Longton factor is 1): the library's M/M/c response distribution
    const auto p2 = single(15.0, 0.0, 0.1, 1.0, 2);
    const offload::mmc q2(15.0, 0.1, 2);
    for (double level : {0.5, 0.95, 0.99}) {
        const auto q = queueing_dispatch_latency_quantiles(p2, single_plan, level);
        CHECK(q.stream_latency_quantile[0] == Approx(quantile(response_distribution(q2), level)).epsilon(1e-7));
    }
}

TEST_CASE("dispatch quantiles: zero-load limit, deterministic and gamma service",
          "[planning][provisioning][queueing][quantile]") {
    // a vanishing load: tau + the service time's own quantile
    const double tau = 0.005, theta = 0.04;
    for (int servers : {1, 3}) {
        for (double scv : {0.25, 0.5, 2.0}) {
            const auto p = single(1e-9, tau, theta, scv, servers);
            const boost::math::gamma_distribution<double> g(1.0 / scv, scv * theta);
            for (double level : {0.5, 0.95, 0.99}) {
                INFO("servers " << servers << " scv " << scv << " level " << level);
                CHECK(queueing_dispatch_latency_quantiles(p, single_plan, level).stream_latency_quantile[0] ==
                      Approx(tau + boost::math::quantile(g, level)).epsilon(1e-6));
            }
        }
        const auto d = single(1e-9, tau, theta, 0.0, servers); // deterministic: P(W = 0) ~ 1
        CHECK(queueing_dispatch_latency_quantiles(d, single_plan, 0.99).stream_latency_quantile[0] ==
              Approx(tau + theta).epsilon(1e-12));
    }
    // M/D/1 (one deterministic stream): the exact M/D/1 wait shifted by theta + tau; below 1 - rho it is theta + tau
    const auto md = single(10.0, tau, theta, 0.0); // rho = 0.4
    CHECK(queueing_dispatch_latency_quantiles(md, single_plan, 0.5).stream_latency_quantile[0] == tau + theta);
    const offload::md1 q(10.0, theta);
    CHECK(queueing_dispatch_latency_quantiles(md, single_plan, 0.99).stream_latency_quantile[0] ==
          Approx(tau + theta + quantile(wait_distribution(q), 0.99)).epsilon(1e-9));
    // M/D/2: the exact M/D/c wait
    const auto md2 = single(40.0, tau, theta, 0.0, 2); // rho = 0.8
    const offload::mdc q2(40.0, theta, 2);
    for (double level : {0.95, 0.99})
        CHECK(queueing_dispatch_latency_quantiles(md2, single_plan, level).stream_latency_quantile[0] ==
              Approx(tau + theta + quantile(wait_distribution(q2), level)).epsilon(1e-9));
}

TEST_CASE("dispatch quantiles: the mixture over nodes solves its level; pooled over streams",
          "[planning][provisioning][queueing][quantile]") {
    // stream 0 split 0.3 / 0.7 over two M/M/1 nodes (its own only); stream 1 on node b only
    const queueing_dispatch_problem p(
        two_models(), {{"a", 1000.0, {}}, {"b", 1000.0, {}}},
        {{0, 10.0, {0.001, 0.03}, {0.05, 0.02}, 1.0}, {1, 5.0, {0.0, 0.01}, {0.1, 0.04}, 1.0}});
    const queueing_dispatch_plan x{{{0}, {0, 1}}, {{0.3, 0.7}, {0.0, 1.0}}};
    const auto e = evaluate_queueing_dispatch(p, x);
    REQUIRE(e.stable);
    // node a: M/M/1 (lambda 3, mu 20); node b: M/G/1 of two exponentials (different means: the gamma fit)
    const double ra = 20.0 - 3.0;
    for (double level : {0.5, 0.9, 0.99}) {
        const auto q = queueing_dispatch_latency_quantiles(p, x, level);
        REQUIRE(q.stable);
        // P(T_0 > q) = 0.3 e^{-ra (q - tau_a)} + 0.7 P(node b > q - tau_b); check the root by the pieces
        const double t = q.stream_latency_quantile[0];
        const queueing_dispatch_problem pb(two_models(), {{"b", 1000.0, {}}},
                                           {{0, 7.0, {0.03}, {0.02}, 1.0}, {1, 5.0, {0.01}, {0.04}, 1.0}});
        // quantile search on stream 0 of the one-node problem pins its ccdf at one level; bracket t by levels
        const double tail_a = 0.3 * std::exp(-ra * (t - 0.001));
        const double need_b = (1.0 - level - tail_a) / 0.7; // P(node b > t) must equal this
        if (need_b > 0.0 && need_b < 1.0) {
            const auto qb = queueing_dispatch_latency_quantiles(pb, {{{0, 1}}, {{1.0}, {1.0}}}, 1.0 - need_b);
            CHECK(qb.stream_latency_quantile[0] == Approx(t).epsilon(1e-7));
        }
        CHECK(q.latency_quantile >= std::min(q.stream_latency_quantile[0], q.stream_latency_quantile[1]));
        CHECK(q.latency_quantile <= std::max(q.stream_latency_quantile[0], q.stream_latency_quantile[1]));
    }
}

TEST_CASE("dispatch quantiles: unstable nodes give +inf, not an error",
          "[planning][provisioning][queueing][quantile]") {
    const queueing_dispatch_problem p(
        two_models(), {{"a", 1000.0, {}}, {"b", 1000.0, {}}},
        {{0, 30.0, {0.0, 0.0}, {0.05, 0.05}, 1.0}, {1, 1.0, {0.0, 0.0}, {0.1, 0.1}, 0.0}});
    const queueing_dispatch_plan x{{{0}, {1}}, {{1.0, 0.0}, {0.0, 1.0}}}; // node a: rho = 1.5
    const auto q = queueing_dispatch_latency_quantiles(p, x, 0.95);
    CHECK_FALSE(q.stable);
    CHECK(q.stream_latency_quantile[0] == inf);
    CHECK(q.stream_latency_quantile[1] < inf);
    CHECK(q.latency_quantile == inf);
}

TEST_CASE("dispatch quantiles: hostile inputs name the field", "[planning][provisioning][queueing][quantile]") {
    const auto p = single(5.0, 0.0, 0.1, 1.0);
    for (double level : {qnan, 0.0, 1.0, -0.5, 1.5, inf, -inf})
        check_parameter_error([&] { (void)queueing_dispatch_latency_quantiles(p, single_plan, level); }, "level");
    check_parameter_error(
        [&] {
            (void)queueing_dispatch_latency_quantiles(p, {{{0}}, {{0.5}}}, 0.9);
        },
        "plan.routing[0]");
    check_parameter_error(
        [&] {
            (void)queueing_dispatch_latency_quantiles(p, {{{0}}, {{qnan}}}, 0.9);
        },
        "plan.routing[0][0]");
    check_parameter_error(
        [&] {
            (void)queueing_dispatch_latency_quantiles(p, {{{1}}, {{1.0}}}, 0.9);
        },
        "plan.routing[0][0]");
    check_parameter_error(
        [&] {
            (void)queueing_dispatch_latency_quantiles(p, {{}, {{1.0}}}, 0.9);
        },
        "plan.placement.size");
}

namespace {

/// The simulator comparison of docs/planning.md. Two nodes, two streams (stream 0 gamma scv 0.5, stream 1
/// deterministic or exponential), each plan scaled so that its busier node runs at `load`. The simulated quantile
/// is the empirical one of all the stream's requests (keep_samples: exact order statistics, no histogram error).
struct agreement_scenario {
    const char* name;
    const char* model; ///< as docs/planning.md names it
    int servers;
    double scv1; ///< stream 1's scv (stream 0: 0.5)
    bool split;  ///< both streams split over both nodes (a mixture on each) or each whole on its own node
    bool exact;  ///< the model is exact here (c = 1 one law per node; M/D/c)
};
const agreement_scenario agreement_scenarios[] = {
    {"c = 1, one law per node (gamma; deterministic)", "exact (P–K; M/D/1)", 1, 0.0, false, true},
    {"c = 1, deterministic mixtures (θ differ)", "gamma-fitted P–K tail", 1, 0.0, true, false},
    {"c = 1, mixtures (SCV 0.5 and 1)", "gamma-fitted P–K tail", 1, 1.0, true, false},
    {"c = 2, one law per node (gamma: Lee–Longton; deterministic: exact M/D/2)", "approximation / exact", 2, 0.0, false,
     false},
    {"c = 2, mixtures", "Lee–Longton", 2, 1.0, true, false}};

/// Per scenario the largest |predicted / simulated - 1| over loads, levels p95/p99 and both streams (with the
/// cases where the model is exact checked against exact_tolerance, the others against approx_tolerance when
/// check is set).
std::vector<double> quantile_agreement(std::uint64_t seed, const std::vector<double>& loads, bool check,
                                       double exact_tolerance, double approx_tolerance) {
    const std::vector<provisioning_model> models = two_models();
    offload::sim::run_options o;
    o.requests = 400000;
    o.warmup_requests = 20000;
    o.replications = 2;
    o.keep_samples = true;
    o.seed = seed;
    std::vector<double> worst;
    for (const agreement_scenario& c : agreement_scenarios) {
        double w = 0.0;
        for (double load : loads) {
            const std::vector<dispatch_node> nodes = {{"a", 1000.0, {}, c.servers}, {"b", 1000.0, {}, c.servers}};
            std::vector<dispatch_stream> st = {{0, 1.0, {0.002, 0.01}, {0.02, 0.03}, 0.5},
                                               {1, 1.0, {0.002, 0.01}, {0.04, 0.03}, c.scv1}};
            const queueing_dispatch_plan x = c.split
                                                 ? queueing_dispatch_plan{{{0, 1}, {0, 1}}, {{0.6, 0.4}, {0.3, 0.7}}}
                                                 : queueing_dispatch_plan{{{0}, {1}}, {{1.0, 0.0}, {0.0, 1.0}}};
            const auto e = evaluate_queueing_dispatch(queueing_dispatch_problem(models, nodes, st), x);
            for (auto& s : st) s.arrival_rate *= load / std::max(e.node_utilization[0], e.node_utilization[1]);
            const queueing_dispatch_problem p(models, nodes, st);
            for (double level : {0.95, 0.99}) {
                const auto q = queueing_dispatch_latency_quantiles(p, x, level);
                const auto sim = simulated_quantiles(p, x, level, o);
                for (std::size_t s = 0; s < 2; ++s) {
                    // c = 2, one law per node: stream 1 is deterministic alone on node b (M/D/2: exact)
                    const bool exact = c.exact || (c.servers == 2 && !c.split && s == 1);
                    const double err = q.stream_latency_quantile[s] / sim[s] - 1.0;
                    w = std::max(w, std::fabs(err));
                    if (!check) continue;
                    INFO(c.name << " load " << load << " level " << level << " stream " << s << " predicted "
                                << q.stream_latency_quantile[s] << " simulated " << sim[s] << " error " << err);
                    CHECK(std::fabs(err) <= (exact ? exact_tolerance : approx_tolerance));
                }
            }
        }
        worst.push_back(w);
    }
    return worst;
}

} // namespace

TEST_CASE("dispatch quantiles: p95 and p99 per stream against the simulator",
          "[planning][provisioning][queueing][quantile][simulation]") {
    // The empirical quantile's own sampling error dominates: over seeds 1-3 and 8-10 at these run lengths the
    // empirical p99 of an EXACT case (rho 0.8) scatters by up to 3.6 % around the prediction (docs/planning.md),
    // so exact cases get 5 %; the approximations (a mixture of service laws on one server: the gamma-fitted P-K
    // tail; c = 2 with gamma service: Lee-Longton) get 8 %.
    const std::vector<double> worst = quantile_agreement(7, {0.3, 0.8}, true, 0.05, 0.08);
    for (std::size_t i = 0; i < worst.size(); ++i)
        WARN(agreement_scenarios[i].name << ": worst relative error " << worst[i]);
}

// The table of docs/planning.md (about a minute), printed: offload_tests "[quantile-table]"
TEST_CASE("dispatch quantiles: the simulator table of docs/planning.md", "[.][quantile-table]") {
    std::vector<std::vector<double>> columns;
    for (std::uint64_t seed : {1, 2, 3}) columns.push_back(quantile_agreement(seed, {0.3, 0.6, 0.8}, false, 0, 0));
    std::string table = "| case | model | seed 1 | seed 2 | seed 3 |\n|---|---|---:|---:|---:|\n";
    char cell[32];
    for (std::size_t i = 0; i < columns[0].size(); ++i) {
        table += std::string("| ") + agreement_scenarios[i].name + " | " + agreement_scenarios[i].model + " |";
        for (const auto& column : columns) {
            std::snprintf(cell, sizeof cell, " %.1f %% |", 100.0 * column[i]);
            table += cell;
        }
        table += "\n";
    }
    std::fputs(table.c_str(), stdout);
    SUCCEED();
}

TEST_CASE("minimize_queueing_dispatch_quantile: never worse than the mean-optimal start, near a grid's minimum",
          "[planning][provisioning][queueing][quantile]") {
    // one stream over two nodes (a grid over its split is the reference); in the second instance node b is 300 ms
    // away and the p99-optimal split sends it more than the mean-optimal one (p99 0.3912 -> 0.3841 s, -1.8 %)
    const std::vector<queueing_dispatch_problem> instances = {
        queueing_dispatch_problem(two_models(), {{"a", 1000.0, {}}, {"b", 1000.0, {}}},
                                  {{0, 30.0, {0.0, 0.005}, {0.02, 0.03}, 1.0}}),
        queueing_dispatch_problem(two_models(), {{"a", 1000.0, {}}, {"b", 1000.0, {}}},
                                  {{0, 45.0, {0.0, 0.3}, {0.02, 0.02}, 1.0}})};
    for (std::size_t t = 0; t < 4; ++t) {
        const queueing_dispatch_problem& p = instances[t / 2];
        const double level = t % 2 == 0 ? 0.95 : 0.99;
        const auto start = route_queueing_dispatch(p, {{0}, {0}});
        REQUIRE(start.status == dispatch_status::stable);
        const auto r = minimize_queueing_dispatch_quantile(p, start.plan, level);
        double grid = inf;
        for (int g = 0; g <= 1000; ++g) {
            const double f = g / 1000.0;
            grid = std::min(
                grid, queueing_dispatch_latency_quantiles(p, {{{0}, {0}}, {{f, 1.0 - f}}}, level).latency_quantile);
        }
        INFO("level " << level << " start " << r.start_latency_quantile << " search " << r.quantiles.latency_quantile
                      << " grid " << grid << " evaluations " << r.evaluations);
        CHECK(r.start_latency_quantile == queueing_dispatch_latency_quantiles(p, start.plan, level).latency_quantile);
        CHECK(r.quantiles.latency_quantile <= r.start_latency_quantile);
        CHECK(r.quantiles.latency_quantile <= grid * (1.0 + 1e-3));
        CHECK(r.quantiles == queueing_dispatch_latency_quantiles(p, r.plan, level));
        CHECK(evaluate_queueing_dispatch(p, r.plan).mean_latency >= start.evaluation.mean_latency * (1.0 - 1e-9));
        if (t == 3) CHECK(r.quantiles.latency_quantile < 0.99 * r.start_latency_quantile);
    }
    // two streams sharing two nodes (mixtures): never worse than the start, within 1 % of a 51 x 51 grid
    const queueing_dispatch_problem p(
        two_models(), {{"a", 1000.0, {}}, {"b", 1000.0, {}}},
        {{0, 12.0, {0.0, 0.004}, {0.02, 0.03}, 2.0}, {1, 6.0, {0.002, 0.0}, {0.05, 0.04}, 0.0}});
    const auto start = route_queueing_dispatch(p, all_both());
    REQUIRE(start.status == dispatch_status::stable);
    const auto r = minimize_queueing_dispatch_quantile(p, start.plan, 0.99);
    double grid = inf;
    for (int a = 0; a <= 50; ++a)
        for (int b = 0; b <= 50; ++b) {
            const double f = a / 50.0, g = b / 50.0;
            grid =
                std::min(grid, queueing_dispatch_latency_quantiles(p, {all_both(), {{f, 1.0 - f}, {g, 1.0 - g}}}, 0.99)
                                   .latency_quantile);
        }
    INFO("start " << r.start_latency_quantile << " search " << r.quantiles.latency_quantile << " grid " << grid
                  << " evaluations " << r.evaluations);
    CHECK(r.quantiles.latency_quantile <= r.start_latency_quantile);
    CHECK(r.quantiles.latency_quantile <= grid * 1.01);
    WARN("two streams, p99: start " << r.start_latency_quantile << " search " << r.quantiles.latency_quantile
                                    << " 51 x 51 grid " << grid << " (" << r.evaluations << " evaluations)");
    check_parameter_error([&] { (void)minimize_queueing_dispatch_quantile(p, start.plan, 0.99, 0); },
                          "max_evaluations");
    check_parameter_error([&] { (void)minimize_queueing_dispatch_quantile(p, start.plan, 1.0); }, "level");
}
