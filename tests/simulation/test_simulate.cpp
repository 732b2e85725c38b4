// Validation of the simulator against closed forms. Every run uses a fixed seed; the checks ask that the exact
// value lie inside the simulation's 99% confidence interval AND that the interval be narrower than a stated
// fraction of the exact value (so a check cannot pass merely because the interval is wide). The fractions
// are what the run lengths support: a relative half-width shrinks as 1/sqrt(requests), and grows with the
// load and with the service time's third moment (heavy tails).
#include <cmath>
#include <limits>
#include <type_traits>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/simulation/builders.hpp"
#include "offload/simulation/simulate.hpp"

namespace sim = offload::sim;
using offload::test::rel;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

sim::run_options options(int requests, int replications = 10) {
    sim::run_options o;
    o.seed = 1;
    o.requests = requests;
    o.warmup_requests = 2000;
    o.replications = replications;
    o.confidence = 0.99;
    return o;
}

// true value inside the interval, and the interval's half-width below `relative` of the true value
void check_estimate(const sim::estimate& e, double exact, double relative) {
    INFO("estimate " << e.value << " +- " << e.half_width << ", exact " << exact);
    CHECK(e.contains(exact));
    CHECK(e.half_width < relative * exact);
}

double erlang_c(int c, double a) {
    double sum = 0.0, term = 1.0;
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double last = term * c / (c - a);
    return last / (sum + last);
}

} // namespace

TEST_CASE("simulate: M/M/1 mean, wait, p99 and time averages", "[simulation]") {
    const offload::mm1 q(0.8, 1.0);
    const auto r = sim::simulate(sim::single_station(sim::exponential(1.25), sim::exponential(1.0)), options(80000));
    REQUIRE(r.tenants.size() == 1);
    REQUIRE(r.stations.size() == 1);
    CHECK(r.stable);
    CHECK(r.cells == 10);
    const auto& t = r.tenants[0];
    check_estimate(t.latency.mean_response, mean_response(q), 0.06);
    check_estimate(t.latency.mean_wait, mean_wait(q), 0.07);
    check_estimate(sim::response_percentile(t.latency, 0.99), offload::response_quantile(q, 0.99), 0.1);
    check_estimate(sim::response_percentile(t.latency, 0.5), offload::response_quantile(q, 0.5), 0.06);
    check_estimate(sim::wait_percentile(t.latency, 0.9), offload::wait_quantile(q, 0.9), 0.08);
    const auto& s = r.stations[0];
    check_estimate(s.utilization, utilization(q), 0.01);
    check_estimate(s.flow.throughput, 0.8, 0.01);
    check_estimate(s.flow.mean_number_in_system, mean_number_in_system(q), 0.06);
    CHECK(s.offered_load == rel(0.8));
    CHECK(t.latency.samples == 800000); // every measured request completes
    CHECK(t.flow.arrivals == 800000);
    CHECK(t.flow.blocked == 0);
    CHECK(t.flow.blocking_probability.value == 0.0);
    CHECK(r.request_stages >= 10 * 82000); // warm-up + measured, plus the few that arrive while draining
    CHECK(r.request_stages < 10 * 82000 + 10 * 1000);
    // single-station tenant: end-to-end and station figures are the same observations
    CHECK(s.latency.mean_response.value == rel(t.latency.mean_response.value));
    CHECK(s.latency.samples == t.latency.samples);
    CHECK(s.tenants.size() == 1);
    CHECK(s.tenants[0].latency.mean_wait.value == rel(t.latency.mean_wait.value));
}

TEST_CASE("simulate: M/M/1 with batch means", "[simulation]") {
    const offload::mm1 q(0.7, 1.0);
    auto o = options(400000);
    o.method = sim::ci_method::batch_means;
    o.batches = 20;
    const auto r = sim::simulate(sim::single_station(sim::exponential(1.0 / 0.7), sim::exponential(1.0)), o);
    CHECK(r.method == sim::ci_method::batch_means);
    CHECK(r.cells == 20);
    check_estimate(r.tenants[0].latency.mean_response, mean_response(q), 0.04);
    check_estimate(sim::response_percentile(r.tenants[0].latency, 0.999), offload::response_quantile(q, 0.999), 0.08);
    check_estimate(r.stations[0].utilization, 0.7, 0.01);
}

TEST_CASE("simulate: M/D/1 mean wait is Pollaczek-Khinchine's", "[simulation]") {
    // rho = 0.7, D = 1: W = rho D / (2 (1 - rho))
    const double w = 0.7 / (2.0 * 0.3);
    const auto r =
        sim::simulate(sim::single_station(sim::exponential(1.0 / 0.7), sim::deterministic(1.0)), options(30000));
    check_estimate(r.tenants[0].latency.mean_wait, w, 0.05);
    check_estimate(r.tenants[0].latency.mean_response, w + 1.0, 0.03);
    // every response is at least the service time
    CHECK(sim::response_percentile(r.tenants[0].latency, 0.5).value >= 1.0);
}

TEST_CASE("simulate: M/G/1 with lognormal and hyperexponential service (P-K)", "[simulation]") {
    // E[S^3] is 8 for lognormal(1, 1) and 4.6 for H2(1, 2): the mean wait's estimator is noisier than M/M/1's
    for (const auto& service : {sim::lognormal(1.0, 1.0), sim::hyperexponential2(1.0, 2.0), sim::uniform(0.5, 1.5)}) {
        const double lambda = 0.6;
        const double w = lambda * second_moment(service) / (2.0 * (1.0 - lambda * mean(service)));
        INFO("service " << to_string(service.kind()));
        const auto r = sim::simulate(sim::single_station(sim::exponential(1.0 / lambda), service), options(30000));
        check_estimate(r.tenants[0].latency.mean_wait, w, 0.15);
    }
}

TEST_CASE("simulate: M/M/c mean wait is Erlang C / (c mu - lambda)", "[simulation]") {
    const int c = 3;
    const double lambda = 2.4, mu = 1.0;
    const double w = erlang_c(c, lambda / mu) / (c * mu - lambda);
    const auto r = sim::simulate(sim::single_station(sim::exponential(1.0 / lambda), sim::exponential(1.0 / mu), c),
                                 options(40000));
    check_estimate(r.tenants[0].latency.mean_wait, w, 0.09);
    check_estimate(r.tenants[0].latency.mean_response, w + 1.0 / mu, 0.05);
    check_estimate(r.stations[0].utilization, lambda / (c * mu), 0.01);
    check_estimate(r.stations[0].mean_busy_servers, lambda / mu, 0.01);
    // P(W > 0) = Erlang C = 0.647: the median wait is positive, the 30th percentile is zero
    CHECK(sim::wait_percentile(r.tenants[0].latency, 0.5).value > 0.0);
    CHECK(sim::wait_percentile(r.tenants[0].latency, 0.5).half_width < 0.1);
}

TEST_CASE("simulate: M/M/1/K blocking probability and throughput", "[simulation]") {
    for (const double rho : {0.8, 2.0}) {
        const int K = 5;
        const double mu = 1.0, lambda = rho * mu;
        const double pk = (1.0 - rho) * std::pow(rho, K) / (1.0 - std::pow(rho, K + 1));
        const double L = rho / (1.0 - rho) - (K + 1) * std::pow(rho, K + 1) / (1.0 - std::pow(rho, K + 1));
        INFO("rho " << rho);
        const auto r = sim::simulate(
            sim::single_station(sim::exponential(1.0 / lambda), sim::exponential(1.0 / mu), 1, K), options(40000));
        CHECK(r.stable);
        CHECK_FALSE(r.stations[0].overloaded);
        const auto& f = r.stations[0].flow;
        check_estimate(f.blocking_probability, pk, 0.05);
        check_estimate(f.throughput, lambda * (1.0 - pk), 0.02);
        check_estimate(f.mean_number_in_system, L, 0.03);
        // Little's law for accepted requests: T = L / throughput
        check_estimate(r.tenants[0].latency.mean_response, L / (lambda * (1.0 - pk)), 0.03);
        CHECK(f.blocked > 0);
        CHECK(r.tenants[0].flow.blocked == f.blocked);
        CHECK(r.tenants[0].latency.samples + f.blocked == f.arrivals);
    }
}

TEST_CASE("simulate: tandem of two M/M/1 is the sum of their means (Jackson)", "[simulation]") {
    const double lambda = 0.5;
    const offload::mm1 a(lambda, 1.0), b(lambda, 1.25);
    const auto net = sim::tandem(sim::exponential(1.0 / lambda), {{sim::station("first"), sim::exponential(1.0)},
                                                                  {sim::station("second"), sim::exponential(1.25)}});
    const auto r = sim::simulate(net, options(30000));
    check_estimate(r.tenants[0].latency.mean_response, mean_response(a) + mean_response(b), 0.04);
    check_estimate(r.tenants[0].latency.mean_wait, mean_wait(a) + mean_wait(b), 0.05);
    check_estimate(sim::station_named(r, "first").latency.mean_response, mean_response(a), 0.04);
    check_estimate(sim::station_named(r, "second").latency.mean_response, mean_response(b), 0.05);
    // the sum of exponentials: end-to-end p95 of Exp(0.5) + Exp(0.3) (hypoexponential, solved by bisection)
    const double r1 = 0.5, r2 = 0.3;
    auto tail = [&](double t) { return (r2 * std::exp(-r1 * t) - r1 * std::exp(-r2 * t)) / (r2 - r1); };
    double lo = 0.0, hi = 100.0;
    for (int i = 0; i < 200; ++i) (tail(0.5 * (lo + hi)) > 0.05 ? lo : hi) = 0.5 * (lo + hi);
    check_estimate(sim::response_percentile(r.tenants[0].latency, 0.95), lo, 0.05);
    // end-to-end number in system = sum over the stations
    check_estimate(r.tenants[0].flow.mean_number_in_system, mean_number_in_system(a) + mean_number_in_system(b), 0.05);
}

TEST_CASE("simulate: D/M/1 (renewal arrivals) against the GI/M/1 root", "[simulation]") {
    // GI/M/1: sigma = A*(mu (1 - sigma)); deterministic interarrival 1: sigma = exp(-mu (1 - sigma))
    const double mu = 1.25;
    double sigma = 0.5;
    for (int i = 0; i < 500; ++i) sigma = std::exp(-mu * (1.0 - sigma));
    const double T = 1.0 / (mu * (1.0 - sigma));
    const auto r =
        sim::simulate(sim::single_station(sim::deterministic(1.0), sim::exponential(1.0 / mu)), options(30000));
    check_estimate(r.tenants[0].latency.mean_response, T, 0.05);
    check_estimate(r.tenants[0].latency.mean_wait, T - 1.0 / mu, 0.07);
}

TEST_CASE("simulate: D/D/1 and a pure delay are exact", "[simulation]") {
    const auto r =
        sim::simulate(sim::single_station(sim::deterministic(1.0), sim::deterministic(0.4)), options(1000, 2));
    CHECK(r.tenants[0].latency.mean_wait.value == 0.0);
    CHECK(r.tenants[0].latency.mean_wait.half_width == 0.0);
    CHECK(r.tenants[0].latency.mean_response.value == rel(0.4, 1e-9)); // rounding of t + 0.4 - t
    CHECK(r.stations[0].utilization.value == rel(0.4, 1e-9));
    CHECK(r.stations[0].flow.throughput.value == rel(1.0, 1e-9));

    sim::network net;
    const auto d = net.add_station(sim::station::delay("propagation"));
    net.add_tenant(sim::tenant("t", sim::exponential(0.5), {{d, sim::deterministic(2.0)}}));
    const auto q = sim::simulate(net, options(20000));
    CHECK(q.tenants[0].latency.mean_response.value == rel(2.0, 1e-9));
    CHECK(q.tenants[0].latency.mean_wait.value == 0.0);
    CHECK(sim::response_percentile(q.tenants[0].latency, 0.999).value == rel(2.0, 1e-9));
    CHECK(q.stations[0].utilization.value == 0.0);
    // M/G/infinity: mean number in service = lambda E[S] = 4
    check_estimate(q.stations[0].mean_busy_servers, 4.0, 0.02);
    check_estimate(q.stations[0].flow.mean_number_in_system, 4.0, 0.02);
}

TEST_CASE("simulate: Little's law holds inside the simulator", "[simulation]") {
    auto net = sim::tandem(sim::gamma(1.0, 0.5), {{sim::station("a", 2), sim::lognormal(1.5, 1.0)},
                                                  {sim::station("b", 1, 6), sim::uniform(0.2, 1.2)}});
    const auto r = sim::simulate(net, options(20000));
    for (const auto& s : r.stations) {
        INFO("station " << s.name);
        const double L = s.flow.mean_number_in_system.value;
        const double XT = s.flow.throughput.value * s.latency.mean_response.value;
        CHECK(L == Approx(XT).epsilon(0.01));
        CHECK(s.latency.samples > 0);
    }
    const auto& t = r.tenants[0];
    CHECK(t.flow.mean_number_in_system.value ==
          Approx(t.flow.throughput.value * t.latency.mean_response.value).epsilon(0.01));
    // response = wait + service at each station and end to end
    const auto& a = sim::station_named(r, "a");
    CHECK(a.latency.mean_response.value - a.latency.mean_wait.value == Approx(1.5).epsilon(0.02));
}

TEST_CASE("simulate: multi-tenant M/G/1 matches P-K with the mixture's moments", "[simulation]") {
    // seed 003 §3.4: two devices share one edge accelerator; aggregate Poisson, mixed service
    const double l1 = 0.3, l2 = 0.2;
    const auto s1 = sim::exponential(1.0);
    const auto s2 = sim::deterministic(1.5);
    const double lambda = l1 + l2;
    const double es = (l1 * mean(s1) + l2 * mean(s2)) / lambda;                    // 1.2
    const double es2 = (l1 * second_moment(s1) + l2 * second_moment(s2)) / lambda; // 2.1
    const double w = lambda * es2 / (2.0 * (1.0 - lambda * es));                   // 1.3125
    sim::network net;
    const auto edge = net.add_station(sim::station("edge"));
    net.add_tenant(sim::tenant("one", sim::exponential(1.0 / l1), {{edge, s1}}));
    net.add_tenant(sim::tenant("two", sim::exponential(1.0 / l2), {{edge, s2}}));
    const auto r = sim::simulate(net, options(40000));
    const auto& st = sim::station_named(r, "edge");
    CHECK(st.offered_load == rel(0.6));
    check_estimate(st.latency.mean_wait, w, 0.06);
    check_estimate(st.utilization, 0.6, 0.01);
    check_estimate(sim::tenant_named(r, "one").latency.mean_response, w + 1.0, 0.04);
    check_estimate(sim::tenant_named(r, "two").latency.mean_response, w + 1.5, 0.04);
    // FCFS with Poisson arrivals: both tenants see the same mean wait
    check_estimate(sim::tenant_named(st, "one").latency.mean_wait, w, 0.07);
    check_estimate(sim::tenant_named(st, "two").latency.mean_wait, w, 0.07);
    // per-tenant throughputs add up to the station's
    CHECK(sim::tenant_named(st, "one").flow.throughput.value + sim::tenant_named(st, "two").flow.throughput.value ==
          rel(st.flow.throughput.value));
    CHECK(st.tenants.size() == 2);
    CHECK(st.latency.samples == r.tenants[0].latency.samples + r.tenants[1].latency.samples);
}

TEST_CASE("simulate: same seed gives identical numbers, another seed different ones", "[simulation]") {
    const auto net =
        sim::tandem(sim::hyperexponential2(1.0, 2.0),
                    {{sim::station("a"), sim::gamma(0.5, 0.5)}, {sim::station("b", 2, 8), sim::lognormal(1.2, 0.8)}});
    auto o = options(5000, 3);
    const auto r1 = sim::simulate(net, o);
    const auto r2 = sim::simulate(net, o);
    o.seed = 2;
    const auto r3 = sim::simulate(net, o);
    CHECK(r1.events == r2.events);
    CHECK(r1.simulated_time == r2.simulated_time);
    CHECK(r1.tenants[0].latency.mean_response.value == r2.tenants[0].latency.mean_response.value);
    CHECK(r1.tenants[0].latency.mean_response.half_width == r2.tenants[0].latency.mean_response.half_width);
    CHECK(r1.stations[1].flow.blocking_probability.value == r2.stations[1].flow.blocking_probability.value);
    CHECK(sim::response_percentile(r1.tenants[0].latency, 0.99).value ==
          sim::response_percentile(r2.tenants[0].latency, 0.99).value);
    CHECK(r1.tenants[0].latency.mean_response.value != r3.tenants[0].latency.mean_response.value);
    CHECK(r1.simulated_time != r3.simulated_time);
}

TEST_CASE("simulate: common random numbers across networks", "[simulation]") {
    // Same seed, same tenant: identical arrival times, so a faster server can only lower every wait.
    const auto slow =
        sim::simulate(sim::single_station(sim::exponential(1.0), sim::deterministic(0.8)), options(5000, 2));
    const auto fast =
        sim::simulate(sim::single_station(sim::exponential(1.0), sim::deterministic(0.7)), options(5000, 2));
    CHECK(fast.tenants[0].latency.mean_wait.value < slow.tenants[0].latency.mean_wait.value);
    CHECK(fast.stations[0].flow.throughput.value == rel(slow.stations[0].flow.throughput.value, 1e-3));
}

TEST_CASE("simulate: time mode measures arrivals inside a window of simulated time", "[simulation]") {
    sim::run_options o = options(1);
    o.duration = 20000.0;
    o.warmup_duration = 500.0;
    o.replications = 5;
    const offload::mm1 q(0.5, 1.0);
    const auto r = sim::simulate(sim::single_station(sim::exponential(2.0), sim::exponential(1.0)), o);
    // about lambda * duration * replications = 50000 measured arrivals (Poisson: sd 224)
    CHECK(std::abs(static_cast<double>(r.tenants[0].flow.arrivals) - 50000.0) < 5.0 * std::sqrt(50000.0));
    check_estimate(r.tenants[0].latency.mean_response, mean_response(q), 0.08);
    check_estimate(r.stations[0].flow.throughput, 0.5, 0.03);
    CHECK(r.simulated_time >= 5 * 20500.0);
}

TEST_CASE("simulate: keep_samples gives the pooled empirical distribution", "[simulation]") {
    auto o = options(20000, 4);
    o.keep_samples = true;
    o.percentiles = {0.25, 0.75};
    const offload::mm1 q(0.5, 1.0);
    const auto r = sim::simulate(sim::single_station(sim::exponential(2.0), sim::exponential(1.0)), o);
    const auto& l = r.tenants[0].latency;
    CHECK(l.sorted_response_samples.size() == l.samples);
    CHECK(std::is_sorted(l.sorted_response_samples.begin(), l.sorted_response_samples.end()));
    CHECK(sim::empirical_response_quantile(l, 0.9) == Approx(offload::response_quantile(q, 0.9)).epsilon(0.03));
    CHECK(sim::empirical_response_cdf(l, 2.0) == Approx(cdf(response_distribution(q), 2.0)).epsilon(0.02));
    CHECK(l.response_percentiles.size() == 2);
    CHECK_THROWS_WITH(sim::response_percentile(l, 0.99), Catch::Contains("'p' = 0.98999"));
    CHECK_THROWS_AS(sim::wait_percentile(l, 0.5), offload::parameter_error);
    // without keep_samples there is nothing to read
    const auto bare =
        sim::simulate(sim::single_station(sim::exponential(2.0), sim::exponential(1.0)), options(1000, 2));
    CHECK(bare.tenants[0].latency.sorted_response_samples.empty());
    CHECK_THROWS_WITH(sim::empirical_response_quantile(bare.tenants[0].latency, 0.5), Catch::Contains("keep_samples"));
    CHECK_THROWS_AS(sim::empirical_response_cdf(bare.tenants[0].latency, 0.5), offload::parameter_error);
}

TEST_CASE("simulate: an overloaded unlimited queue reports +inf latency, never a finite guess", "[simulation]") {
    const auto r =
        sim::simulate(sim::single_station(sim::exponential(1.0 / 1.2), sim::exponential(1.0)), options(3000, 2));
    CHECK_FALSE(r.stable);
    CHECK(r.stations[0].overloaded);
    CHECK(r.tenants[0].latency.mean_response.value == inf);
    CHECK(r.tenants[0].latency.mean_wait.value == inf);
    CHECK(sim::response_percentile(r.tenants[0].latency, 0.99).value == inf);
    CHECK(r.stations[0].flow.mean_number_in_system.value == inf);
    CHECK(r.stations[0].latency.mean_response.value == inf);
    // the server is saturated: throughput close to mu, utilization close to 1
    CHECK(r.stations[0].utilization.value > 0.97);
    CHECK(r.stations[0].flow.throughput.value == Approx(1.0).epsilon(0.05));
    CHECK_FALSE(std::isnan(r.stations[0].flow.throughput.half_width));
}

TEST_CASE("simulate: a station no measured request reached reports +inf, not NaN", "[simulation]") {
    // every request is blocked by the first station: K = 1 with service far longer than the run
    sim::network net;
    const auto a = net.add_station(sim::station("gate", 1, 1));
    const auto b = net.add_station(sim::station("after"));
    net.add_tenant(sim::tenant("t", sim::exponential(1.0), {{a, sim::deterministic(1e9)}, {b, sim::exponential(1.0)}}));
    auto o = options(50, 2);
    o.warmup_requests = 5;
    const auto r = sim::simulate(net, o);
    const auto& after = sim::station_named(r, "after");
    CHECK(after.latency.samples == 0);
    CHECK(after.latency.mean_response.value == inf);
    CHECK(after.flow.arrivals == 0);
    CHECK(after.flow.blocking_probability.value == 0.0);
    CHECK(after.flow.blocking_probability.half_width == inf);
    CHECK(sim::station_named(r, "gate").flow.blocking_probability.value == 1.0);
    CHECK(r.tenants[0].flow.blocking_probability.value == 1.0);
    CHECK(r.tenants[0].latency.mean_response.value == inf);
}

TEST_CASE("simulate: bad options", "[simulation][errors]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const auto net = sim::single_station(sim::exponential(2.0), sim::exponential(1.0));
    auto check_bad = [&](auto change, const char* what) {
        sim::run_options o = options(1000, 2);
        change(o);
        CHECK_THROWS_WITH(sim::simulate(net, o), Catch::Contains("offload::sim::simulate") && Catch::Contains(what));
    };
    check_bad([](sim::run_options& o) { o.requests = 0; }, "'options.requests' = 0");
    STATIC_REQUIRE(std::is_same_v<decltype(sim::run_options::requests), int>); // counts are integers
    STATIC_REQUIRE(std::is_same_v<decltype(sim::run_options::replications), int>);
    check_bad([](sim::run_options& o) { o.requests = 2'000'000'000; }, "'options.requests' = 2000000000");
    check_bad([](sim::run_options& o) { o.warmup_requests = -1; }, "'options.warmup_requests' = -1");
    check_bad([](sim::run_options& o) { o.replications = 1; }, "'options.replications' = 1");
    check_bad([](sim::run_options& o) { o.confidence = 1.0; }, "'options.confidence' = 1");
    check_bad([](sim::run_options& o) { o.confidence = nan; }, "'options.confidence'");
    check_bad([](sim::run_options& o) { o.percentiles = {0.5, 1.0}; }, "'options.percentiles[i]' = 1");
    check_bad([](sim::run_options& o) { o.percentiles = {0.0}; }, "'options.percentiles[i]' = 0");
    check_bad([](sim::run_options& o) { o.duration = -1.0; }, "'options.duration' = -1");
    check_bad([](sim::run_options& o) { o.duration = inf; }, "'options.duration' = inf");
    check_bad(
        [](sim::run_options& o) {
            o.duration = 10.0;
            o.warmup_duration = nan;
        },
        "'options.warmup_duration'");
    check_bad(
        [](sim::run_options& o) {
            o.method = sim::ci_method::batch_means;
            o.batches = 1;
        },
        "'options.batches' = 1");
    check_bad(
        [](sim::run_options& o) {
            o.method = sim::ci_method::batch_means;
            o.batches = 30;
            o.requests = 20;
        },
        "'options.requests (>= batches)' = 20");
    CHECK_THROWS_WITH(sim::simulate(sim::network{}, options(10, 2)), Catch::Contains("'network.tenants().size()' = 0"));
    // the replication count is not checked in batch-means mode, nor the batch count with replications
    sim::run_options o = options(100, 2);
    o.batches = 0;
    CHECK_NOTHROW(sim::simulate(net, o));
    const auto r = sim::simulate(net, o);
    CHECK_THROWS_AS(sim::tenant_named(r, "nobody"), offload::parameter_error);
    CHECK_THROWS_AS(sim::station_named(r, "nowhere"), offload::parameter_error);
    CHECK_THROWS_AS(sim::tenant_named(r.stations[0], "nobody"), offload::parameter_error);
}

TEST_CASE("simulate: golden values, bit-identical across compilers and standard libraries", "[simulation]") {
    // Uniform and empirical samplers use only IEEE-exact arithmetic (no libm), so these bits must come out the
    // same from g++/libstdc++ and clang/libc++ on any IEEE-754 machine. (The t quantile of the half-width goes
    // through Boost's special functions and is not pinned here.)
    const auto net =
        sim::tandem(sim::uniform(0.5, 1.5), {{sim::station("a"), sim::uniform(0.2, 1.6)},
                                             {sim::station("b", 2, 4), sim::empirical({0.5, 1.0, 2.5, 3.0})}});
    sim::run_options o;
    o.requests = 2000;
    o.warmup_requests = 100;
    o.replications = 3;
    o.seed = 7;
    const auto r = sim::simulate(net, o);
    CHECK(r.tenants[0].latency.mean_response.value == 0x1.0d83cfdfeb15bp+2);
    CHECK(sim::response_percentile(r.tenants[0].latency, 0.9).value == 0x1.9c8aa15e6c2p+2);
    CHECK(r.stations[1].flow.blocking_probability.value == 0x1.9db22d0e56042p-5);
    CHECK(r.events == 18618);
    CHECK(r.simulated_time == 0x1.8af59d35a9304p+12);
}
