// benchmarks/pipeline_fixture.hpp — what bench_pipelines, instruction_counts and instruction_counts_means share:
// the seed's scenario (dnn_on_device s = 19 ms against dnn_offload 5 Mbit/s, 12 kB / 4 kB, s_edge = 5.5 ms), the
// arrival-rate and tenant-count crossover scenarios, and bare references of the same math written out: eq. 1,
// the bandwidth crossover's quadratic, and the arrival-rate crossover of the rate scenario (M/D/1 device, M/M/1
// NICs, M/D/1 edge, no other tenants) solved by bisection-safeguarded Newton in the one bracket [lo, first
// stability limit) that holds its single crossover (no root isolation, no result vectors: the floor for one root
// of the same equation).
#pragma once

#include <algorithm>
#include <cmath>

#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/stage_defaults.hpp"

namespace offload::bench {

// ---- the seed's scenario ------------------------------------------------------------------------------------

inline constexpr double seed_s_edge = 0.0055, seed_request_bytes = 12000.0, seed_result_bytes = 4000.0;
inline double seed_bandwidth() { return megabits_per_second(5.0); }

// closure types (not function pointers), so that a benchmark builds each pipeline inline in its timed loop
inline constexpr auto device_at = [](double lambda) { return dnn_on_device(lambda, service_demand{0.019, 0.0, 1.0}); };
inline constexpr auto edge_at = [](double lambda) {
    return dnn_offload(lambda, service_demand{seed_s_edge, 0.0, 1.0}, network_link(seed_bandwidth()),
                       payload(seed_request_bytes, seed_result_bytes));
};

/// eq. 1 with M/M/1 NICs and an M/D/1 edge (k = 1), no propagation: what mean_latency(edge_at(lambda)) computes.
inline double bare_mean(double lambda) {
    const double b = seed_bandwidth(), n_req = seed_request_bytes / b, n_res = seed_result_bytes / b, s = seed_s_edge;
    const double rho = lambda * s;
    if (lambda * n_req >= 1.0 || rho >= 1.0 || lambda * n_res >= 1.0) return HUGE_VAL;
    return n_req / (1.0 - lambda * n_req) + s + rho * s / (2.0 * (1.0 - rho)) + n_res / (1.0 - lambda * n_res);
}

/// The bandwidth crossover of device_at(lambda) (mean t_device) vs edge_at(lambda) written out: D_req/(B - a) +
/// D_res/(B - b) = K with a = lambda D_req, b = lambda D_res, K = T_dev - (s_edge + W_edge): the larger root of
/// K B^2 - (K (a + b) + D_req + D_res) B + K a b + D_req b + D_res a = 0.
inline double bare_bandwidth_crossover(double t_device, double lambda) {
    const double s = seed_s_edge, rho = lambda * s, d_req = seed_request_bytes, d_res = seed_result_bytes;
    const double k = t_device - (s + rho * s / (2.0 * (1.0 - rho)));
    const double a = lambda * d_req, b = lambda * d_res;
    const double bq = k * (a + b) + d_req + d_res, c = k * a * b + d_req * b + d_res * a;
    return (bq + std::sqrt(bq * bq - 4.0 * k * c)) / (2.0 * k);
}

// ---- the arrival-rate and tenant-count crossovers ---------------------------------------------------------------

/// The rate scenario: a device with s = s_dev (8 .. 11 ms in the benchmarks) against a 20 Mbit/s edge with
/// s_edge = 5.5 ms, 12 kB / 4 kB: the device wins at low rates (s_dev < 11.9 ms = T_off(0)) and saturates
/// first (1/s_dev < 1/s_edge), so there is one crossover in between.
inline constexpr double rate_s_edge = 0.0055, rate_request_bytes = 12000.0, rate_result_bytes = 4000.0;
inline double rate_bandwidth() { return megabits_per_second(20.0); }

inline dnn_on_device rate_device(double s_dev) { return dnn_on_device(1.0, service_demand{s_dev, 0.0, 1.0}); }
inline dnn_offload rate_offload() {
    return dnn_offload(1.0, service_demand{rate_s_edge, 0.0, 1.0}, network_link(rate_bandwidth()),
                       payload(rate_request_bytes, rate_result_bytes));
}

/// The crossover rate of rate_device(s_dev) vs rate_offload() above lo, written out.
inline double bare_rate_crossover(double s_dev, double lo) {
    const double s_e = rate_s_edge, n_q = rate_request_bytes / rate_bandwidth(),
                 n_r = rate_result_bytes / rate_bandwidth();
    const auto f = [&](double l, double& df) {
        const double a = 1.0 - l * s_dev, e = 1.0 - l * s_e, q = 1.0 - l * n_q, r = 1.0 - l * n_r;
        df = s_dev * s_dev / (2.0 * a * a) - (n_q * n_q / (q * q) + s_e * s_e / (2.0 * e * e) + n_r * n_r / (r * r));
        return s_dev + l * s_dev * s_dev / (2.0 * a) - (n_q / q + s_e + l * s_e * s_e / (2.0 * e) + n_r / r);
    };
    double a = lo, b = 1.0 / std::max({s_dev, s_e, n_q, n_r}), x = 0.5 * (a + b);
    for (int i = 0; i < 100; ++i) {
        double df = 0.0;
        const double v = f(x, df);
        (v < 0.0 ? a : b) = x;
        double next = x - v / df;
        if (!(next > a && next < b)) next = 0.5 * (a + b);
        if (std::abs(next - x) <= 1e-15 * x) return next;
        x = next;
    }
    return x;
}

/// The tenant-count scenario: this device (5/s, s_edge = 5.5 ms at a 20 Mbit/s edge) and co-tenants of the same
/// demand; 1 ... 100 tenants.
inline dnn_offload tenant_offload() {
    return dnn_offload(5.0, service_demand{rate_s_edge, 0.0, 1.0}, network_link(rate_bandwidth()),
                       payload(rate_request_bytes, rate_result_bytes));
}
inline tenant_demand co_tenant() { return tenant_demand(5.0, rate_s_edge, 0.0); }

} // namespace offload::bench
