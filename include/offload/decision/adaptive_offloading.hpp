// offload/decision/adaptive_offloading.hpp — seed 003 Algorithm 1 (§5.1, "model-driven adaptive offloading"):
// on-device processing against E edge servers, each with its own aggregate load and service rate; the
// minimum predicted mean latency wins.
//
//   line 1-2  T_dev = W_{M/D/1}(lambda_dev, 1/s_dev) + s_dev
//   line 3    T_req = W_{M/M/1}(lambda_dev, B/D_req) + D_req/B                  (this device's NIC)
//   line 4    T_res = W_{M/M/1}(lambda_edge,E, B/D_res) + D_res/B               (edge E's NIC, all tenants)
//   line 6    T_edge,E = T_req + W_{M/G/1}(lambda_edge,E, mu_edge,E) + s_edge,E + T_res
//   line 7-11 on-device if T_dev < min_E T_edge,E, else offload to argmin_E T_edge,E
// Line 4 of the seed sits before the loop but uses the loop's lambda_edge,E; it is evaluated per edge here.
// lambda_edge,E is the AGGREGATE rate at edge E with this device's requests included (>= lambda_dev); an edge
// that reports only its other tenants' load is given background + lambda_dev. Each edge may have its own
// service time, SCV (the M/G/1 of the tenants' mixture, seed Lemma 3.2) and bandwidth. The evaluation reuses the
// pipelines (dnn_on_device and multi_tenant_offload), so it is exactly the pipelines' mean latency; it is
// cheap (a few divisions per edge; the result's vector is the only allocation), but validates its inputs and
// may throw. The result is a decision (decision/objective.hpp), the vocabulary every decision function shares.
#pragma once

#include <cstddef>
#include <span>

#include "offload/decision/objective.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/stage_defaults.hpp"

namespace offload {

/// The device side of Algorithm 1.
struct adaptive_device {
    double arrival_rate = 0.0;  ///< lambda_dev >= 0, 1/s
    double service_time = 0.0;  ///< s_dev > 0, seconds (deterministic: M/D/1)
    double request_bytes = 0.0; ///< D_req > 0
    double result_bytes = 0.0;  ///< D_res >= 0 (0: no return path)

    bool operator==(const adaptive_device&) const = default;
};

/// One edge server E.
struct adaptive_edge {
    double arrival_rate = 0.0; ///< lambda_edge,E >= lambda_dev: aggregate rate with this device included
    double service_time = 0.0; ///< s_edge,E = 1 / mu_edge,E > 0, seconds
    double service_scv = 0.0;  ///< SCV of the edge's (mixture) service time, >= 0
    double bandwidth = 0.0;    ///< B > 0, bytes/s between the device and this edge (both directions)

    bool operator==(const adaptive_edge&) const = default;
};

/// T_dev (lines 1-2), seconds; +inf if the device cannot keep up.
[[nodiscard]] inline double adaptive_device_latency(const adaptive_device& d) {
    return mean_latency(dnn_on_device(d.arrival_rate, service_demand{d.service_time, 0.0, 1.0}));
}

/// T_edge,E (lines 3-6), seconds; +inf if any queue on the path is unstable.
[[nodiscard]] inline double adaptive_edge_latency(const adaptive_device& d, const adaptive_edge& e) {
    const network_link link(e.bandwidth);
    if (!(d.request_bytes > 0.0))
        detail::throw_parameter_error("offload::adaptive_edge_latency", "device.request_bytes", d.request_bytes,
                                      "must be finite and > 0");
    return mean_latency(multi_tenant_offload(d.arrival_rate, e.arrival_rate,
                                             service_demand{e.service_time, e.service_scv, 1.0}, link, link,
                                             payload(d.request_bytes, d.result_bytes)));
}

/// Seed 003 Algorithm 1 as a decision: options[0] is the device (kind device), options[1 + E] edge E (kind
/// edge, remote E); each holds the mean latency only (p95 = p99 = +inf, as predict_mean: Algorithm 1 compares
/// means). chosen.index is 0 (on-device, line 8) or 1 + E* (offload to E*, line 11), chosen.value its mean.
/// Algorithm 1's rule, not choose(): ties between the device and the best edge go to offloading (line 7 uses a
/// strict <), ties between edges to the lower index; with nothing stable, the device (reason
/// no_stable_option).
[[nodiscard]] inline decision adaptive_offloading(const adaptive_device& device, std::span<const adaptive_edge> edges) {
    decision d;
    d.options.reserve(1 + edges.size());
    const auto prediction = [](option_kind kind, int remote, double mean) {
        option_prediction p;
        p.kind = kind;
        p.remote = remote;
        p.mean = mean;
        p.stable = mean < infinity;
        p.status = p.stable ? prediction_status::ok : prediction_status::unstable;
        return p;
    };
    const double device_latency = adaptive_device_latency(device);
    d.options.push_back(prediction(option_kind::device, -1, device_latency));
    std::size_t best = 0;
    double best_latency = infinity;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const double t = adaptive_edge_latency(device, edges[i]);
        d.options.push_back(prediction(option_kind::edge, static_cast<int>(i), t));
        if (t < best_latency) {
            best_latency = t;
            best = 1 + i;
        }
    }
    // line 7: on-device only if strictly better; an all-unstable set stays on the device (nothing is stable)
    const bool offload = !edges.empty() && !(device_latency < best_latency) && best_latency < infinity;
    d.chosen.index = offload ? best : 0;
    d.chosen.value = d.options[d.chosen.index].mean;
    d.chosen.feasible = d.options[d.chosen.index].stable;
    d.chosen.reason = d.chosen.feasible ? choice_reason::best_objective : choice_reason::no_stable_option;
    return d;
}

} // namespace offload
