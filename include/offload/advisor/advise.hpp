// offload/advisor/advise.hpp — the advisor's logic: should each device run each workload itself or offload it
// to an edge server / the cloud?
//
//   const offload::scenario s = offload::read_scenario("my_setup.json");   // or build one in C++
//   const offload::advisor_report r = offload::advise(s);                 // advise(s, {objective, sweeps})
//   for (const offload::workload_advice& a : r.advice) ... a.options[a.decision.index].label ...
//
// For every workload w and every device d that runs it, advise() predicts the mean and p99 latency of every
// option (on-device, each edge, the cloud) with its breakdown (seed 003 eq. 1 and 2 through offload's
// pipelines: k_parallel<md1 | mm1 | mg1> by the workload's service_kind, NICs as M/M/1), picks the option the
// objective prefers (choose()), and finds the crossover points against each server in bandwidth, request rate
// and co-located tenants. With advise_options::sweeps it also tabulates the mean latency of every option over
// those three ranges (what the CLI plots).
//
// Units: SI throughout (seconds, bytes/s, requests/s). The CLI (tools/advisor) only reads the scenario file and
// prints this report (in ms and Mbit/s).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "offload/advisor/scenario.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/decision/objective.hpp"
#include "offload/decision/predict.hpp"
#include "offload/pipelines/stage_defaults.hpp"

namespace offload {

/// One option of one workload on one device: run it on the device, or offload it to a server.
struct advisor_option {
    std::string label;            ///< "on-device" or the server's name
    std::string where;            ///< "device", "edge" or "cloud"
    option_prediction prediction; ///< mean, p99 (seconds), stability, kind
    latency_breakdown terms;      ///< mean of each term of the path, seconds
};

/// The crossovers of the on-device option against one server (the points where the better option flips).
struct advisor_crossovers {
    std::string server;
    crossover_result bandwidth; ///< in bytes/s
    crossover_result rate;      ///< in requests/s
    crossover_result tenants;   ///< in co-located tenants
};

/// The mean latency of every option over one swept quantity (advise_options::sweeps).
struct advisor_sweep {
    std::string quantity;                  ///< "bandwidth" (bytes/s), "arrival_rate" (req/s), "tenants"
    std::vector<double> x;                 ///< the swept values
    std::vector<std::vector<double>> mean; ///< per option (device first), seconds (+inf: unstable)
};

/// The advice for one workload on one device.
struct workload_advice {
    std::string workload;
    std::string device;
    double arrival_rate = 0.0;                  ///< requests/s
    std::vector<advisor_option> options;        ///< on-device first, then the edges and the cloud that run it
    choice decision;                            ///< decision.index indexes options
    std::vector<advisor_crossovers> crossovers; ///< one per server option, in the order of options[1..]
    std::vector<advisor_sweep> sweeps;          ///< bandwidth, arrival_rate, tenants (only with sweeps)
};

struct advisor_report {
    std::vector<workload_advice> advice; ///< per workload (scenario order), per device that runs it (scenario order)
};

struct advise_options {
    objective goal = objective::mean_latency(); ///< what decides (e.g. objective::percentile(percentile_level::p99))
    constraints limits{};                       ///< e.g. limits.max_p99 with goal objective::cost(): the cheapest
                                                ///< option whose p99 meets the bound
    bool sweeps = false;                        ///< also tabulate each option's mean latency over the sweeps
    int sweep_points = 121;                     ///< points per bandwidth and rate sweep (>= 2)

    bool operator==(const advise_options&) const = default;
};

/// The cost per request of offloading to `server` when it receives `requests_per_second` in all (this device's
/// stream times the tenants): price_per_request + price_per_hour / (3600 requests_per_second); +inf for an hourly
/// price and no requests. The device's own option costs 0 (it is already paid for).
[[nodiscard]] inline double cost_per_request(const scenario_server& server, double requests_per_second) noexcept {
    if (server.price_per_hour == 0.0) return server.price_per_request;
    if (!(requests_per_second > 0.0)) return infinity;
    return server.price_per_request + server.price_per_hour / (3600.0 * requests_per_second);
}

/// Whether any server of the scenario has a price (the CLI then reports cost).
[[nodiscard]] inline bool priced(const scenario& s) noexcept {
    const auto has = [](const scenario_server& e) { return e.price_per_hour > 0.0 || e.price_per_request > 0.0; };
    return std::any_of(s.edges.begin(), s.edges.end(), has) || (s.cloud && has(*s.cloud));
}

namespace detail {

template <service_kind K>
workload_advice advise_one(const scenario& s, const scenario_workload& w, const scenario_device& d, double device_s,
                           const advise_options& opt) {
    using stage = stage_for<K>;
    workload_advice a;
    a.workload = w.name;
    a.device = d.name;
    a.arrival_rate = w.arrival_rate;
    const double lambda = w.arrival_rate;
    // the request-rate sweep reaches a decade below this workload's own rate (an LLM at 0.02 req/s)
    const double rate_lo = lambda > 0.0 ? std::min(s.sweeps.rate_lo, lambda / 10.0) : s.sweeps.rate_lo;
    const on_device_pipeline<stage> device(lambda, service_demand{device_s, w.scv, 1.0});
    a.options.push_back({"on-device", "device", predict(device), breakdown(device)});

    std::vector<offload_pipeline<stage, nic_stage>> remotes;
    std::vector<offload_pipeline<stage, nic_stage>> bases; // one tenant: this device's own stream
    std::vector<tenant_demand> co_tenants;
    std::vector<const scenario_server*> servers;
    for (const scenario_server& e : s.edges) servers.push_back(&e);
    if (s.cloud) servers.push_back(&*s.cloud);
    for (const scenario_server* server : servers) {
        const std::optional<double> remote_s = service_time(w, server->name);
        if (!remote_s) continue;
        const scenario_link* l = find_link(s, server->link);
        if (l == nullptr)
            throw_parameter_error("offload::advise", "scenario", "server '" + server->name + "'",
                                  ("names link '" + server->link + "', which the scenario does not have").c_str());
        const network_link link(l->bandwidth, l->propagation);
        const offload_pipeline<stage, nic_stage> base(lambda, service_demand{*remote_s, w.scv, server->parallelism},
                                                      link, payload(w.request_bytes, w.result_bytes));
        const tenant_demand co(lambda, *remote_s, w.scv);
        const offload_pipeline<stage, nic_stage> off = s.tenants > 1 ? with_co_tenants(base, co, s.tenants) : base;
        const bool cloud = s.cloud && server == &*s.cloud;
        advisor_option r{server->name, cloud ? "cloud" : "edge", predict(off), breakdown(off)};
        r.prediction.kind = cloud ? option_kind::cloud : option_kind::edge;
        r.prediction.remote = static_cast<int>(remotes.size());
        r.prediction.cost = cost_per_request(*server, lambda * s.tenants);
        a.options.push_back(r);
        remotes.push_back(off);
        bases.push_back(base);
        co_tenants.push_back(co);

        advisor_crossovers c;
        c.server = server->name;
        c.bandwidth = bandwidth_crossovers(device, off, s.sweeps.bandwidth_lo, s.sweeps.bandwidth_hi);
        c.rate = arrival_rate_crossovers(device, off, rate_lo, s.sweeps.rate_hi);
        c.tenants = tenant_count_crossovers(device, base, co, s.sweeps.tenants_lo, s.sweeps.tenants_hi);
        a.crossovers.push_back(std::move(c));
    }
    std::vector<option_prediction> predictions;
    for (const advisor_option& o : a.options) predictions.push_back(o.prediction);
    a.decision = choose(predictions, opt.goal, opt.limits);

    if (opt.sweeps) {
        const int n = opt.sweep_points;
        const auto logspace = [n](double lo, double hi, int i) {
            return lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1));
        };
        const std::size_t k_options = a.options.size();
        advisor_sweep bw{"bandwidth", {}, std::vector<std::vector<double>>(k_options)};
        advisor_sweep rate{"arrival_rate", {}, std::vector<std::vector<double>>(k_options)};
        advisor_sweep ten{"tenants", {}, std::vector<std::vector<double>>(k_options)};
        for (int i = 0; i < n; ++i) {
            const double b = logspace(s.sweeps.bandwidth_lo, s.sweeps.bandwidth_hi, i);
            const double r = logspace(rate_lo, s.sweeps.rate_hi, i);
            bw.x.push_back(b);
            rate.x.push_back(r);
            bw.mean[0].push_back(mean_latency(device));
            rate.mean[0].push_back(mean_latency(with_arrival_rate(device, r)));
            for (std::size_t k = 0; k < remotes.size(); ++k) {
                bw.mean[k + 1].push_back(mean_latency(with_bandwidth(remotes[k], b)));
                rate.mean[k + 1].push_back(mean_latency(with_arrival_rate(remotes[k], r)));
            }
        }
        for (int m = s.sweeps.tenants_lo; m <= s.sweeps.tenants_hi; ++m) {
            ten.x.push_back(m);
            ten.mean[0].push_back(mean_latency(device));
            for (std::size_t k = 0; k < remotes.size(); ++k)
                ten.mean[k + 1].push_back(mean_latency(with_co_tenants(bases[k], co_tenants[k], m)));
        }
        a.sweeps = {std::move(bw), std::move(rate), std::move(ten)};
    }
    return a;
}

} // namespace detail

/// Advice for every (workload, device) pair of the scenario that the device runs (see the top of this header).
/// A parameter_error from "offload::advise" names 'options.sweep_points' below 2, an invalid options.goal or
/// options.limits, or a negative or NaN server price; a model failing on legal but
/// extreme inputs is a std::runtime_error naming the workload ('/workloads/i' and its name) and the device.
[[nodiscard]] inline advisor_report advise(const scenario& s, const advise_options& options = {}) {
    if (options.sweeps && options.sweep_points < 2)
        detail::throw_parameter_error("offload::advise", "options.sweep_points", std::to_string(options.sweep_points),
                                      "must be >= 2");
    validate_objective(options.goal, "offload::advise");
    validate_constraints(options.limits, "offload::advise");
    std::vector<const scenario_server*> servers;
    for (const scenario_server& e : s.edges) servers.push_back(&e);
    if (s.cloud) servers.push_back(&*s.cloud);
    for (const scenario_server* e : servers) {
        detail::require_non_negative(e->price_per_hour, "offload::advise",
                                     ("server '" + e->name + "'.price_per_hour").c_str());
        detail::require_non_negative(e->price_per_request, "offload::advise",
                                     ("server '" + e->name + "'.price_per_request").c_str());
    }
    advisor_report report;
    for (std::size_t wi = 0; wi < s.workloads.size(); ++wi) {
        const scenario_workload& w = s.workloads[wi];
        for (const scenario_device& d : s.devices) {
            const std::optional<double> sd = service_time(w, d.name);
            if (!sd) continue;
            try {
                switch (w.kind) {
                case service_kind::deterministic:
                    report.advice.push_back(detail::advise_one<service_kind::deterministic>(s, w, d, *sd, options));
                    break;
                case service_kind::exponential:
                    report.advice.push_back(detail::advise_one<service_kind::exponential>(s, w, d, *sd, options));
                    break;
                case service_kind::general:
                    report.advice.push_back(detail::advise_one<service_kind::general>(s, w, d, *sd, options));
                    break;
                default:
                    detail::throw_parameter_error("offload::advise", "workload.kind",
                                                  std::to_string(static_cast<int>(w.kind)),
                                                  "must be a service_kind enumerator");
                }
            } catch (const std::exception& e) {
                // a model failing on legal but extreme inputs: say which part of the scenario it was
                throw std::runtime_error("workload '/workloads/" + std::to_string(wi) + "' (" + w.name +
                                         ") on device '" + d.name + "': " + e.what());
            }
        }
    }
    return report;
}

} // namespace offload
