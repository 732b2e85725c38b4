// Tests for the multi-server nodes, the drop/swap local search and the lower bound of
// offload/planning/provisioning/queueing_dispatch.hpp: the M/M/c-based wait against Erlang C written out here,
// its derivative against finite differences, the routing against a brute-force grid, the bound below every
// plan found or enumerated (and equal to L where the minorant is exact), the local search never worse than
// greedy addition, and the simulator with c-server stations.
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/provisioning/queueing_dispatch.hpp"

using namespace offload::planning;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

/// Erlang C from its textbook sum (Gross & Harris eq. 2.3x), independent of offload/detail/erlang.hpp
double erlang_c_sum(int c, double a) {
    double term = 1.0; // a^n / n!
    double sum = 0.0;
    for (int n = 0; n < c; ++n) {
        sum += term;
        term *= a / (n + 1);
    }
    const double last = term * c / (c - a); // a^c / c! x c / (c - a)
    return last / (sum + last);
}

std::vector<provisioning_model> two_models() { return {{"resnet", 100.0, 0.0}, {"bert", 300.0, 0.0}}; }

} // namespace

TEST_CASE("multi-server nodes: the M/M/c-based wait by hand", "[planning][provisioning][queueing]") {
    // one exponential stream on a 2-server node: M/M/2 exactly. lambda 15, theta 0.1: a = 1.5, rho = 0.75,
    // C(2, 1.5) = a^2 / (2 + a) = 2.25 / 3.5, W = C / (c mu - lambda) = C / 5
    const queueing_dispatch_problem p(two_models(), {{"gpu2", 1000.0, {}, 2}}, {{0, 15.0, {0.01}, {0.1}, 1.0}});
    const auto e = evaluate_queueing_dispatch(p, {{{0}}, {{1.0}}});
    CHECK(e.stable);
    CHECK(e.node_utilization[0] == Approx(0.75).epsilon(1e-14));
    CHECK(e.node_mean_wait[0] == Approx(2.25 / 3.5 / 5.0).epsilon(1e-13));
    CHECK(e.mean_latency == Approx(0.01 + 2.25 / 3.5 / 5.0 + 0.1).epsilon(1e-13));

    // a mixture on a 3-server node: W = (1 + cv^2) / 2 x C(3, a) / (3 mu - Lambda) with the mixture's moments
    const queueing_dispatch_problem q(two_models(), {{"gpu3", 1000.0, {}, 3}},
                                      {{0, 20.0, {0.0}, {0.05}, 0.0}, {1, 10.0, {0.0}, {0.12}, 1.0}});
    const auto f = evaluate_queueing_dispatch(q, {{{0, 1}}, {{1.0}, {1.0}}});
    const double lam = 30.0;
    const double a = 20.0 * 0.05 + 10.0 * 0.12;                                  // 2.2 Erlang
    const double second = (20.0 * 0.05 * 0.05 + 10.0 * 0.12 * 0.12 * 2.0) / lam; // E[S^2]
    const double mean = a / lam;
    const double cv2 = second / (mean * mean) - 1.0;
    const double w = 0.5 * (1.0 + cv2) * erlang_c_sum(3, a) / (3.0 / mean - lam);
    CHECK(f.node_utilization[0] == Approx(a / 3.0).epsilon(1e-14));
    CHECK(f.node_mean_wait[0] == Approx(w).epsilon(1e-12));
    CHECK(f.stream_mean_latency[1] == Approx(w + 0.12).epsilon(1e-12));
    // the same as B C / (2 a (c - a)) (header comment)
    CHECK(f.node_mean_wait[0] == Approx(lam * second * erlang_c_sum(3, a) / (2.0 * a * (3.0 - a))).epsilon(1e-12));

    // overloaded: a >= c
    const queueing_dispatch_problem over(two_models(), {{"gpu2", 1000.0, {}, 2}}, {{0, 25.0, {0.0}, {0.1}, 1.0}});
    const auto g = evaluate_queueing_dispatch(over, {{{0}}, {{1.0}}});
    CHECK_FALSE(g.stable);
    CHECK(g.mean_latency == inf);
    CHECK(g.node_utilization[0] == Approx(1.25));
}

TEST_CASE("multi-server wait factor: c = 1 is P-K, derivative matches finite differences",
          "[planning][provisioning][queueing]") {
    for (double a : {0.1, 0.5, 0.9}) {
        const auto f = detail::mgc_wait_factor(1, a);
        CHECK(f.h == Approx(1.0 / (1.0 - a)).epsilon(1e-15));
        CHECK(f.dh == Approx(1.0 / ((1.0 - a) * (1.0 - a))).epsilon(1e-15));
    }
    for (int c : {2, 3, 8, 40}) {
        for (double u : {0.05, 0.3, 0.7, 0.95}) {
            const double a = u * c;
            const auto f = detail::mgc_wait_factor(c, a);
            INFO("c " << c << " a " << a);
            CHECK(f.h == Approx(erlang_c_sum(c, a) / (a * (c - a))).epsilon(1e-10));
            const double da = 1e-6 * a;
            const double fd =
                (detail::mgc_wait_factor(c, a + da).h - detail::mgc_wait_factor(c, a - da).h) / (2.0 * da);
            CHECK(f.dh == Approx(fd).epsilon(1e-6));
        }
        CHECK(detail::mgc_wait_factor(c, static_cast<double>(c)).h == inf);
        CHECK(detail::mgc_wait_factor(c, 0.0).h == 0.0);
    }
}

TEST_CASE("multi-server nodes: routing matches a brute-force grid and is a KKT point",
          "[planning][provisioning][queueing]") {
    // two streams over a 1-server and a 4-server node (the 4-server node's servers are slower)
    for (double rate : {10.0, 40.0, 70.0}) {
        const queueing_dispatch_problem p(
            two_models(), {{"one", 1000.0, {}, 1}, {"four", 1000.0, {}, 4}},
            {{0, rate, {0.002, 0.01}, {0.015, 0.05}, 1.0}, {1, 0.5 * rate, {0.004, 0.008}, {0.02, 0.06}, 0.3}});
        const std::vector<std::vector<std::size_t>> both = {{0, 1}, {0, 1}};
        const auto r = route_queueing_dispatch(p, both);
        INFO("rate " << rate << " " << r.reason);
        REQUIRE(r.status == dispatch_status::stable);
        CHECK(r.kkt_residual <= 1e-9 * r.evaluation.mean_latency);
        double best = inf;
        for (int i = 0; i <= 200; ++i)
            for (int k = 0; k <= 200; ++k) {
                const double fa = i / 200.0;
                const double fb = k / 200.0;
                best = std::min(best,
                                evaluate_queueing_dispatch(p, {both, {{fa, 1.0 - fa}, {fb, 1.0 - fb}}}).mean_latency);
            }
        CHECK(r.evaluation.mean_latency <= best * (1.0 + 1e-12));
        CHECK(r.evaluation.mean_latency >= best * (1.0 - 2e-3));
        CHECK(r.max_utilization < 1.0);
        // whole-stream mode on the same placement: never better than the split
        const auto w = route_queueing_dispatch(p, both, {dispatch_mode::whole});
        if (w.status == dispatch_status::stable)
            CHECK(r.evaluation.mean_latency <= w.evaluation.mean_latency * (1.0 + 1e-12));
    }
    // stability counts servers: 70 x 0.05 = 3.5 Erlang fits on the 4-server node, not on a 1-server one
    const queueing_dispatch_problem p(two_models(), {{"four", 1000.0, {}, 4}}, {{0, 70.0, {0.0}, {0.05}, 1.0}});
    const auto r = route_queueing_dispatch(p, {{0}});
    CHECK(r.status == dispatch_status::stable);
    CHECK(r.max_utilization == Approx(0.875));
    const queueing_dispatch_problem q(two_models(), {{"four", 1000.0, {}, 4}}, {{0, 90.0, {0.0}, {0.05}, 1.0}});
    const auto o = route_queueing_dispatch(q, {{0}});
    CHECK(o.status == dispatch_status::overloaded);
    CHECK(o.utilization_lower_bound == Approx(1.125));
}

namespace {

/// random 3-node, 3-model, 5-stream instance with memory that binds and 1..3 servers per node
queueing_dispatch_problem random_instance(unsigned seed, double load) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> theta(0.01, 0.05);
    std::uniform_real_distribution<double> tau(0.0, 0.02);
    std::uniform_real_distribution<double> scv(0.0, 1.5);
    std::uniform_real_distribution<double> memory(150.0, 450.0);
    std::uniform_int_distribution<int> servers(1, 3);
    const std::vector<provisioning_model> models = {{"m0", 100.0, 0.0}, {"m1", 150.0, 0.0}, {"m2", 200.0, 0.0}};
    std::vector<dispatch_node> nodes;
    int capacity = 0;
    for (std::size_t j = 0; j < 3; ++j) {
        nodes.push_back({"n" + std::to_string(j), memory(g), {}, servers(g)});
        capacity += nodes.back().servers;
    }
    std::vector<dispatch_stream> streams;
    double work = 0.0;
    for (std::size_t s = 0; s < 5; ++s) {
        dispatch_stream r{s % 3, 1.0, {tau(g), tau(g), tau(g)}, {theta(g), theta(g), theta(g)}, scv(g)};
        work += (r.service_time[0] + r.service_time[1] + r.service_time[2]) / 3.0;
        streams.push_back(r);
    }
    for (auto& r : streams) r.arrival_rate = load * capacity / work;
    return queueing_dispatch_problem(models, nodes, streams);
}

/// every placement within memory (subsets of requested models per node), routed: the best L found
double enumerate_placements(const queueing_dispatch_problem& p, dispatch_mode mode) {
    double best = inf;
    const std::size_t nk = p.model_count();
    const std::size_t subsets = std::size_t{1} << nk;
    for (std::size_t code = 0; code < subsets * subsets * subsets; ++code) {
        std::vector<std::vector<std::size_t>> placement(3);
        bool fits = true;
        for (std::size_t j = 0, c = code; j < 3; ++j, c /= subsets) {
            double used = 0.0;
            for (std::size_t k = 0; k < nk; ++k)
                if ((c % subsets) & (std::size_t{1} << k)) {
                    placement[j].push_back(k);
                    used += p.models()[k].memory;
                }
            fits = fits && used <= p.nodes()[j].memory;
        }
        if (!fits) continue;
        const auto r = route_queueing_dispatch(p, placement, {mode});
        if (r.status == dispatch_status::stable) best = std::min(best, r.evaluation.mean_latency);
    }
    return best;
}

} // namespace

TEST_CASE("local search never worse than greedy addition; the lower bound lies below every plan",
          "[planning][provisioning][queueing]") {
    int improved = 0;
    int instances = 0;
    int matched = 0;
    double worst_gap = 0.0;
    for (unsigned seed = 1; seed <= 12; ++seed)
        for (double load : {0.3, 0.7}) {
            const queueing_dispatch_problem p = random_instance(seed, load);
            queueing_dispatch_options greedy_only;
            greedy_only.local_search = false;
            const auto g = solve_queueing_dispatch(p, greedy_only);
            const auto r = solve_queueing_dispatch(p);
            INFO("seed " << seed << " load " << load << " " << r.reason);
            if (r.status != dispatch_status::stable) continue;
            ++instances;
            // greedy addition alone may find no stable plan where the search does
            const double gl = g.status == dispatch_status::stable ? g.evaluation.mean_latency : inf;
            CHECK(r.evaluation.mean_latency <= gl * (1.0 + 1e-12));
            if (r.evaluation.mean_latency < gl * (1.0 - 1e-9)) ++improved;
            CHECK(r.lower_bound == g.lower_bound);
            CHECK(r.lower_bound > 0.0);
            // below the plan found, the best enumerated placement, and the static plan under the load
            const double enumerated = enumerate_placements(p, dispatch_mode::split);
            CHECK(r.lower_bound <= enumerated * (1.0 + 1e-9));
            CHECK(r.evaluation.mean_latency >= enumerated * (1.0 - 1e-9)); // routing is a KKT point, placements
            CHECK(r.lower_bound <= r.evaluation.mean_latency * (1.0 + 1e-9));
            const auto es = evaluate_queueing_dispatch(p, static_dispatch_plan(p));
            if (es.stable) CHECK(r.lower_bound <= es.mean_latency * (1.0 + 1e-9));
            const auto w = solve_queueing_dispatch(p, {dispatch_mode::whole});
            if (w.status == dispatch_status::stable) CHECK(w.lower_bound <= w.evaluation.mean_latency * (1.0 + 1e-9));
            if (r.evaluation.mean_latency <= enumerated * (1.0 + 1e-6)) ++matched;
            // the bound's own gap to the best enumerated plan (memory relaxed, Cauchy-Schwarz): measured <= 56 %
            CHECK(enumerated <= 1.6 * r.lower_bound);
            worst_gap = std::max(worst_gap, r.evaluation.mean_latency / r.lower_bound - 1.0);
        }
    INFO("instances " << instances << " improved by the search " << improved << " matched " << matched << " worst gap "
                      << worst_gap);
    // measured: 24 stable instances, improved on greedy addition alone at 18 (3 where it found no stable plan),
    // the enumerated optimum matched on all 24, worst gap L / bound - 1 = 56 %
    CHECK(instances >= 22);
    CHECK(matched >= instances - 2);
    CHECK(improved >= 8);
    CHECK(worst_gap < 0.6);
}

TEST_CASE("the lower bound is tight where its minorant is exact", "[planning][provisioning][queueing]") {
    // one node, one deterministic stream: Lambda B = a^2 exactly, memory does not bind: bound == L
    for (int c : {1, 3}) {
        const queueing_dispatch_problem p(two_models(), {{"n", 1000.0, {}, c}},
                                          {{0, 0.6 * c / 0.05, {0.01}, {0.05}, 0.0}});
        const auto r = solve_queueing_dispatch(p);
        REQUIRE(r.status == dispatch_status::stable);
        CHECK(r.lower_bound == Approx(r.evaluation.mean_latency).epsilon(1e-7));
    }
    // no stable plan at all: the bound is +inf; a model that fits nowhere: +inf
    const queueing_dispatch_problem over(two_models(), {{"n", 1000.0, {}, 2}}, {{0, 50.0, {0.0}, {0.05}, 1.0}});
    CHECK(queueing_dispatch_lower_bound(over) == inf);
    const queueing_dispatch_problem small(two_models(), {{"n", 200.0, {}, 2}}, {{1, 1.0, {0.0}, {0.05}, 1.0}});
    CHECK(queueing_dispatch_lower_bound(small) == inf);
}

TEST_CASE("multi-server nodes: hostile inputs name the field", "[planning][provisioning][queueing]") {
    const auto make = [](int servers) {
        return queueing_dispatch_problem(two_models(), {{"a", 1000.0, {}, 1}, {"b", 1000.0, {}, servers}},
                                         {{0, 1.0, {0.0, 0.0}, {0.1, 0.1}, 0.0}});
    };
    for (int bad : {0, -1, 10'001, std::numeric_limits<int>::min()}) {
        try {
            (void)make(bad);
            FAIL("no error for servers " << bad);
        } catch (const offload::parameter_error& e) {
            CHECK(std::string(e.what()).find("'nodes[1].servers'") != std::string::npos);
        }
    }
    CHECK_NOTHROW((void)make(10'000));
    queueing_dispatch_options bad;
    bad.tolerance = 0.0;
    CHECK_THROWS_AS((void)queueing_dispatch_lower_bound(make(2), bad), offload::parameter_error);
}

TEST_CASE("multi-server nodes: predictions inside the simulator's confidence intervals",
          "[planning][provisioning][queueing][simulation]") {
    offload::sim::run_options o;
    o.requests = 20000;
    o.warmup_requests = 2000;
    o.replications = 2;
    o.seed = 7;
    o.confidence = 0.99; // six interval checks: 99 % intervals keep the chance of a false alarm near 4 %
    // exact cases of the model: exponential service of one mean per node (M/M/c), c = 2 and 4
    for (int c : {2, 4}) {
        for (double u : {0.5, 0.85}) {
            const queueing_dispatch_problem p(two_models(), {{"gpu", 1000.0, {}, c}},
                                              {{0, u * c / 0.04, {0.005}, {0.04}, 1.0}});
            const queueing_dispatch_plan x{{{0}}, {{1.0}}};
            const auto e = evaluate_queueing_dispatch(p, x);
            const auto s = simulate_queueing_dispatch(p, x, o, 10);
            INFO("c " << c << " rho " << u << " predicted " << e.mean_latency << " simulated " << s.mean_latency.value
                      << " +- " << s.mean_latency.half_width);
            CHECK(s.mean_latency.contains(e.mean_latency));
        }
    }
    // a mixture (two models, exponential and gamma scv 0.5, different means) on a 1-server and a 3-server node,
    // routed by the solver: the approximation's error against the simulator stays within 3 % (measured in
    // docs/planning.md), and within the CI at moderate load
    const queueing_dispatch_problem p(
        two_models(), {{"one", 1000.0, {}, 1}, {"three", 1000.0, {}, 3}},
        {{0, 30.0, {0.002, 0.006}, {0.02, 0.05}, 1.0}, {1, 20.0, {0.002, 0.006}, {0.03, 0.07}, 0.5}});
    const auto r = solve_queueing_dispatch(p);
    REQUIRE(r.status == dispatch_status::stable);
    const auto s = simulate_queueing_dispatch(p, r.plan, o, 10);
    INFO("mixture: predicted " << r.evaluation.mean_latency << " simulated " << s.mean_latency.value << " +- "
                               << s.mean_latency.half_width);
    CHECK(std::fabs(r.evaluation.mean_latency - s.mean_latency.value) <= 0.03 * s.mean_latency.value);
    CHECK(s.mean_latency.half_width < 0.05 * s.mean_latency.value);
}
