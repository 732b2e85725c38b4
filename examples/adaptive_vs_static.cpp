// adaptive_vs_static — an app drives a request stream through offload::offload_policy while the world changes:
// the link bandwidth and the edge's other tenants vary over four 60 s phases. The adaptive policy (seed 003
// §5.1: measure, predict with the models, pick the lowest predicted mean latency, per request) is compared
// with always-on-device and always-offload on the same request stream (common random numbers).
//
// The world: a per-request FCFS simulation (Lindley recursions at the device accelerator, the device NIC, the
// shared edge accelerator and the shared edge NIC; the edge's other tenants are a Poisson stream merged in
// arrival order) built on the core simulator's samplers (offload::sim::distribution, xoshiro256**). The core
// engine (offload::sim::simulate) runs stationary networks with fixed routes, so it cannot host a policy that
// routes each request from live measurements; it is used here to CHECK the world: in a stationary phase the
// per-request world and sim::simulate agree on both static strategies (printed at the end).
// The policy sees only what an app sees, and only once it has happened: request timestamps, its own
// completed requests' service and transfer times, a bandwidth probe each second and an edge load report
// every 2 s (the other tenants' rate over the last 5 s).
// Run: ./adaptive_vs_static   (numbers recorded in docs/policy.md)
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <queue>
#include <vector>

#include "offload/policy.hpp"
#include "offload/simulation.hpp"

namespace {

using namespace offload;

struct phase {
    double until;      // end time, s
    double mbit;       // link bandwidth
    double background; // other tenants' requests/s at the edge
};
constexpr std::array<phase, 4> phases = {
    {{60.0, 20.0, 20.0}, {120.0, 2.0, 20.0}, {180.0, 20.0, 150.0}, {240.0, 20.0, 20.0}}};
constexpr double lambda = 25.0;      // this app's requests/s
constexpr double s_dev = 0.019;      // TX2 MobileNetV2 (seed 003 §5.2 setting)
constexpr double s_edge = 0.0055;    // A2
constexpr double service_scv = 0.02; // near-deterministic inference
constexpr double jitter_scv = 0.1;   // transfer-time spread around D / B
constexpr double request_bytes = 6500.0, result_bytes = 1000.0;

const phase& phase_at(double t) {
    for (const phase& p : phases)
        if (t < p.until) return p;
    return phases.back();
}
double bandwidth_at(double t) { return megabits_per_second(phase_at(t).mbit); }

/// Everything random, drawn once so every strategy sees the same world.
struct draws {
    std::vector<double> arrival, dev_service, edge_service, up_jitter, down_jitter;
    std::vector<double> bg_arrival, bg_service, bg_jitter;
};

draws make_world(std::uint64_t seed) {
    draws w;
    sim::xoshiro256ss rng(seed);
    const sim::distribution dev = sim::gamma(s_dev, service_scv), edge = sim::gamma(s_edge, service_scv),
                            jitter = sim::gamma(1.0, jitter_scv), gap = sim::exponential(1.0 / lambda),
                            unit = sim::exponential(1.0);
    const double end = phases.back().until;
    for (double t = sim::sample(gap, rng); t < end; t += sim::sample(gap, rng)) {
        w.arrival.push_back(t);
        w.dev_service.push_back(sim::sample(dev, rng));
        w.edge_service.push_back(sim::sample(edge, rng));
        w.up_jitter.push_back(sim::sample(jitter, rng));
        w.down_jitter.push_back(sim::sample(jitter, rng));
    }
    for (double t = sim::sample(unit, rng) / phase_at(0.0).background; t < end + 60.0;
         t += sim::sample(unit, rng) / phase_at(t).background) {
        w.bg_arrival.push_back(t);
        w.bg_service.push_back(sim::sample(edge, rng));
        w.bg_jitter.push_back(sim::sample(jitter, rng));
    }
    return w;
}

enum class strategy { local, offload, adaptive };

struct measurement {
    double time;
    int kind; // 0 device service, 1 transfer, 2 remote service
    double a, b;
    bool operator>(const measurement& o) const { return time > o.time; }
};

struct outcome {
    std::vector<double> latency; // per request, in arrival order
    std::array<int, 2> chosen{}; // requests on-device / offloaded
    int switches = 0;
};

policy_description description(bool p99_objective) {
    policy_description d;
    d.device = service_demand{s_dev, service_scv, 1.0};
    policy_remote edge;
    edge.name = "edge";
    edge.demand = service_demand{s_edge, service_scv, 1.0};
    edge.bandwidth = megabits_per_second(20.0);
    edge.background_rate = 20.0;
    d.remotes.push_back(edge);
    d.workload.arrival_rate = lambda;
    d.workload.request_bytes = request_bytes;
    d.workload.result_bytes = result_bytes;
    d.options.hysteresis_margin = 0.05;
    d.options.min_dwell = 1.0;
    d.options.bandwidth_weight = 0.5;
    d.options.stale_after = 10.0;
    if (p99_objective) {
        d.options.goal = objective::percentile(percentile_level::p99);
        d.options.min_recompute_spacing = 1.0; // tails cost a convolution: at most one recomputation per second
        d.options.convolution.grid_points = 1024;
    } else {
        d.options.tails = false; // the mean objective needs no tails
        d.options.min_recompute_spacing = 0.05;
    }
    return d;
}

outcome run(const draws& w, strategy how, bool p99_objective = false) {
    offload_policy policy(description(p99_objective));
    std::priority_queue<measurement, std::vector<measurement>, std::greater<>> pending;
    double dev_free = 0.0, up_free = 0.0, edge_free = 0.0, nic_free = 0.0;
    std::size_t bg = 0;
    double next_probe = 0.0, next_report = 0.0;
    sim::xoshiro256ss probe_rng(99);
    const sim::distribution jitter = sim::gamma(1.0, jitter_scv);
    outcome out;
    out.latency.reserve(w.arrival.size());
    int last = -1;
    const auto serve_background = [&](double until) {
        for (; bg < w.bg_arrival.size() && w.bg_arrival[bg] < until; ++bg) {
            const double done = std::max(w.bg_arrival[bg], edge_free) + w.bg_service[bg];
            edge_free = done;
            const double start = std::max(done, nic_free);
            nic_free = start + result_bytes / bandwidth_at(start) * w.bg_jitter[bg];
        }
    };
    for (std::size_t i = 0; i < w.arrival.size(); ++i) {
        const double a = w.arrival[i];
        if (how == strategy::adaptive) {
            for (; next_probe <= a; next_probe += 1.0)
                policy.observe_transfer(0, next_probe, request_bytes,
                                        request_bytes / bandwidth_at(next_probe) * sim::sample(jitter, probe_rng));
            for (; next_report <= a; next_report += 2.0) {
                const auto from = std::lower_bound(w.bg_arrival.begin(), w.bg_arrival.end(), next_report - 5.0);
                const auto to = std::lower_bound(w.bg_arrival.begin(), w.bg_arrival.end(), next_report);
                const double window = std::min(5.0, next_report);
                if (window > 0.0) policy.report_edge_load(0, next_report, static_cast<double>(to - from) / window);
            }
            while (!pending.empty() && pending.top().time <= a) {
                const measurement m = pending.top();
                pending.pop();
                if (m.kind == 0)
                    policy.observe_device_service(m.time, m.a);
                else if (m.kind == 1)
                    policy.observe_transfer(0, m.time, m.a, m.b);
                else
                    policy.observe_remote_service(0, m.time, m.a);
            }
            policy.observe_request(a);
        }
        int where = how == strategy::local ? 0 : 1;
        if (how == strategy::adaptive) where = policy.decide(a).chosen_option.kind == option_kind::device ? 0 : 1;
        if (last >= 0 && where != last) ++out.switches;
        last = where;
        ++out.chosen[static_cast<std::size_t>(where)];
        double done;
        if (where == 0) {
            done = std::max(a, dev_free) + w.dev_service[i];
            dev_free = done;
            pending.push({done, 0, w.dev_service[i], 0.0});
        } else {
            const double up_start = std::max(a, up_free);
            const double tx = request_bytes / bandwidth_at(up_start) * w.up_jitter[i];
            up_free = up_start + tx;
            pending.push({up_free, 1, request_bytes, tx});
            serve_background(up_free);
            const double edge_done = std::max(up_free, edge_free) + w.edge_service[i];
            edge_free = edge_done;
            const double down_start = std::max(edge_done, nic_free);
            done = down_start + result_bytes / bandwidth_at(down_start) * w.down_jitter[i];
            nic_free = done;
            pending.push({done, 2, w.edge_service[i], 0.0});
        }
        out.latency.push_back(done - a);
    }
    return out;
}

struct summary {
    double mean = 0.0, p99 = 0.0;
};
summary summarize(std::vector<double> x) {
    summary s;
    if (x.empty()) return s;
    for (double v : x) s.mean += v;
    s.mean /= static_cast<double>(x.size());
    std::sort(x.begin(), x.end());
    s.p99 = x[static_cast<std::size_t>(0.99 * static_cast<double>(x.size() - 1))];
    return s;
}

summary phase_summary(const draws& w, const outcome& o, double from, double to) {
    std::vector<double> x;
    for (std::size_t i = 0; i < w.arrival.size(); ++i)
        if (w.arrival[i] >= from && w.arrival[i] < to) x.push_back(o.latency[i]);
    return summarize(std::move(x));
}

} // namespace

int main() {
    const auto start = std::chrono::steady_clock::now();
    const draws w = make_world(2026);
    const outcome local = run(w, strategy::local), remote = run(w, strategy::offload),
                  adaptive = run(w, strategy::adaptive), adaptive_p99 = run(w, strategy::adaptive, true);

    std::printf("adaptive_vs_static: %zu requests at %.0f req/s; TX2-like device (19 ms), A2-like edge (5.5 ms)\n",
                w.arrival.size(), lambda);
    std::printf("%-26s", "phase");
    for (const char* name : {"always-local", "always-offload", "adaptive (mean)", "adaptive (p99)"})
        std::printf(" | %-19s", name);
    std::printf("\n%-26s", "");
    for (int k = 0; k < 4; ++k) std::printf(" | %8s %10s", "mean ms", "p99 ms");
    std::printf("\n");
    double from = 0.0;
    for (const phase& p : phases) {
        char label[64];
        std::snprintf(label, sizeof label, "%3.0f-%3.0f s %2.0f Mbit/s bg %3.0f", from, p.until, p.mbit, p.background);
        std::printf("%-26s", label);
        for (const outcome* o : {&local, &remote, &adaptive, &adaptive_p99}) {
            const summary s = phase_summary(w, *o, from, p.until);
            std::printf(" | %8.2f %10.2f", s.mean * 1e3, s.p99 * 1e3);
        }
        std::printf("\n");
        from = p.until;
    }
    std::printf("%-26s", "all 240 s");
    std::array<summary, 4> all{};
    int k = 0;
    for (const outcome* o : {&local, &remote, &adaptive, &adaptive_p99}) {
        all[static_cast<std::size_t>(k++)] = summarize(o->latency);
        std::printf(" | %8.2f %10.2f", all[static_cast<std::size_t>(k - 1)].mean * 1e3,
                    all[static_cast<std::size_t>(k - 1)].p99 * 1e3);
    }
    std::printf("\n\nadaptive (mean): %d on-device, %d offloaded, %d switches; adaptive (p99): %d / %d, %d switches\n",
                adaptive.chosen[0], adaptive.chosen[1], adaptive.switches, adaptive_p99.chosen[0],
                adaptive_p99.chosen[1], adaptive_p99.switches);

    // Check of the world against the core simulator in phase 1 (stationary): both static strategies.
    sim::run_options opt;
    opt.requests = 20000;
    opt.warmup_requests = 2000;
    opt.replications = 4;
    opt.seed = 7;
    const double B = megabits_per_second(20.0);
    const sim::simulation_result sim_local =
        sim::simulate(sim::on_device(sim::exponential(1.0 / lambda), sim::gamma(s_dev, service_scv)), opt);
    const std::vector<sim::edge_tenant> tenants = {
        {"app", sim::exponential(1.0 / lambda), sim::gamma(request_bytes / B, jitter_scv),
         sim::gamma(s_edge, service_scv), sim::gamma(result_bytes / B, jitter_scv)},
        {"others", sim::exponential(1.0 / 20.0), sim::deterministic(0.0), sim::gamma(s_edge, service_scv),
         sim::gamma(result_bytes / B, jitter_scv)}};
    const sim::simulation_result sim_edge = sim::simulate(sim::multi_tenant_edge(tenants), opt);
    const summary world_local = phase_summary(w, local, 5.0, 60.0), world_edge = phase_summary(w, remote, 5.0, 60.0);
    std::printf("\nworld vs offload::sim::simulate, phase 1 (mean ms): always-local %.2f vs %.2f +- %.2f; "
                "always-offload %.2f vs %.2f +- %.2f\n",
                world_local.mean * 1e3, sim_local.tenants[0].latency.mean_response.value * 1e3,
                sim_local.tenants[0].latency.mean_response.half_width * 1e3, world_edge.mean * 1e3,
                sim_edge.tenants[0].latency.mean_response.value * 1e3,
                sim_edge.tenants[0].latency.mean_response.half_width * 1e3);
    std::printf("(computed in %.2f s)\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

    const bool wins =
        all[2].mean < all[0].mean && all[2].mean < all[1].mean && all[2].p99 < all[0].p99 && all[2].p99 < all[1].p99;
    std::printf("adaptive (mean objective) beats both static strategies on mean and p99: %s\n", wins ? "yes" : "NO");
    return wins ? 0 : 1;
}
