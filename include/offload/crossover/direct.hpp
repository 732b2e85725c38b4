// offload/crossover/direct.hpp — the device-vs-offload mean-latency crossovers solved directly, for the stage
// models whose mean latency is a rational function of the varied parameter (docs/crossover.md, "Direct
// solutions"). Used by device_vs_offload.hpp with crossover_method::automatic; each function returns
// std::nullopt when the pipelines' stage models have no closed form here (the caller then scans).
//
// Stage means used (seed 003 eq. 1-2, 6, 11; k = parallelism, 1 for a plain queue):
//   M/M/1 NIC at rate lambda, transfer n = D / B:   T = D / (B - lambda D),  stable iff B > lambda D
//   md1 / mm1 / mg1 and k_parallel<...> server:     T = s + c lambda (s/k)^2 / (1 - lambda s/k),
//                                                    c = 1/2 (M/D/1), 1 (M/M/1), (1 + scv)/2 (M/G/1)
// Each equation below has exactly one root on the side's stable range (the varied side is strictly
// monotone there and the other side constant), found by a cancellation-free quadratic formula and one Newton
// step on the polynomial; stability edges (not crossover points) bound "neither" intervals as in the scan.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <initializer_list>
#include <optional>
#include <vector>

#include "offload/crossover/find_crossovers.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload::detail {

/// c, k and the full service time s of a server stage with T = s + c lambda (s/k)^2 / (1 - lambda s/k).
template <class Stage>
struct crossover_server {
    static constexpr bool closed_form = false;
};
template <>
struct crossover_server<md1> {
    static constexpr bool closed_form = true;
    static double c(const md1&) noexcept { return 0.5; }
    static double k(const md1&) noexcept { return 1.0; }
    static double s(const md1& q) noexcept { return q.service_time(); }
    static double lambda(const md1& q) noexcept { return q.arrival_rate(); }
};
template <>
struct crossover_server<mm1> {
    static constexpr bool closed_form = true;
    static double c(const mm1&) noexcept { return 1.0; }
    static double k(const mm1&) noexcept { return 1.0; }
    static double s(const mm1& q) noexcept { return q.mean_service_time(); }
    static double lambda(const mm1& q) noexcept { return q.arrival_rate(); }
};
template <>
struct crossover_server<mg1> {
    static constexpr bool closed_form = true;
    static double c(const mg1& q) noexcept { return 0.5 * (1.0 + q.service_scv()); }
    static double k(const mg1&) noexcept { return 1.0; }
    static double s(const mg1& q) noexcept { return q.mean_service_time(); }
    static double lambda(const mg1& q) noexcept { return q.arrival_rate(); }
};
template <class Base>
struct crossover_server<k_parallel<Base>> {
    static constexpr bool closed_form = crossover_server<Base>::closed_form;
    static double c(const k_parallel<Base>& q) noexcept { return crossover_server<Base>::c(q.single()); }
    static double k(const k_parallel<Base>& q) noexcept { return q.parallelism(); }
    static double s(const k_parallel<Base>& q) noexcept { return crossover_server<Base>::s(q.single()); }
    static double lambda(const k_parallel<Base>& q) noexcept { return crossover_server<Base>::lambda(q.single()); }
};

struct crossover_change {
    double x;     ///< where the winner changes
    winner after; ///< the winner above x
    bool point;   ///< a crossover (equal means), not a stability edge
};

/// The result for [lo, hi] from the winner just above lo and the sorted changes (those outside (lo, hi) only
/// set the starting winner or are dropped).
[[nodiscard]] inline crossover_result assemble_crossovers(double lo, double hi, winner start,
                                                          std::initializer_list<crossover_change> changes) {
    crossover_result r;
    winner w = start;
    double from = lo;
    for (const crossover_change& c : changes) {
        if (!(c.x > lo)) {
            w = c.after;
            continue;
        }
        if (!(c.x < hi)) break;
        if (c.after == w) continue;
        r.intervals.push_back({from, c.x, w});
        if (c.point) r.points.push_back(c.x);
        from = c.x;
        w = c.after;
    }
    r.intervals.push_back({from, hi, w});
    return r;
}

/// The root u in (0, 1/lambda) of k u + c lambda u^2 / (1 - lambda u) = K (K > 0): the server's
/// s/k at which its mean response reaches K; i.e. lambda (c - k) u^2 + (k + K lambda) u - K = 0.
[[nodiscard]] inline double server_root(double c, double k, double lambda, double K) noexcept {
    const double a = lambda * (c - k), b = k + K * lambda;
    double u = 2.0 * K / (b + std::sqrt(std::max(b * b + 4.0 * a * K, 0.0))); // citardauq: no cancellation
    const double f = (a * u + b) * u - K, df = 2.0 * a * u + b;               // one Newton step
    if (df > 0.0) u -= f / df;
    return u;
}

/// Bandwidth B: T_off(B) = C + D_req / (B - a) + D_res / (B - b), a = lambda D_req, b = lambda_edge D_res,
/// decreasing from +inf at B = max(a, b) to C; T_dev constant. Needs M/M/1 NICs.
template <class D, class R, class N>
[[nodiscard]] std::optional<crossover_result> direct_bandwidth_crossovers(const on_device_pipeline<D>& device,
                                                                          const offload_pipeline<R, N>& off, double lo,
                                                                          double hi) {
    if constexpr (!std::same_as<N, mm1>) {
        return std::nullopt;
    } else {
        const double t_device = mean_latency(device);
        const latency_breakdown br = breakdown(off);
        const double c = br.remote_wait + br.remote_service + br.propagation; // what does not depend on B
        const double dq = off.sizes().request_bytes(), a = off.arrival_rate() * dq;
        const bool down = off.has_downlink();
        const double ds = down ? off.sizes().result_bytes() : 0.0, b = down ? off.remote_arrival_rate() * ds : 0.0;
        const double edge = std::max(a, b);
        if (!(c < infinity))
            return assemble_crossovers(lo, hi, t_device < infinity ? winner::first : winner::neither, {});
        if (!(t_device < infinity))
            return assemble_crossovers(lo, hi, winner::neither, {{edge, winner::second, false}});
        const double K = t_device - c;
        if (!(K > 0.0)) return assemble_crossovers(lo, hi, winner::first, {});
        double x;
        if (!down) {
            x = a + dq / K;
        } else {
            // K B^2 - (K (a + b) + dq + ds) B + (K a b + dq b + ds a) = 0, the larger root (the one above edge)
            const double beta = K * (a + b) + dq + ds, gamma = K * a * b + dq * b + ds * a;
            x = (beta + std::sqrt(std::max(beta * beta - 4.0 * K * gamma, 0.0))) / (2.0 * K);
            const double f = dq / (x - a) + ds / (x - b) - K;
            const double df = -(dq / ((x - a) * (x - a)) + ds / ((x - b) * (x - b)));
            const double next = x - f / df;
            if (next > edge && std::isfinite(next)) x = next;
        }
        return assemble_crossovers(lo, hi, winner::first, {{x, winner::second, true}});
    }
}

/// Request payload D: T_off(D) = C + D / (B - lambda D), increasing up to the uplink's edge B / lambda.
template <class D, class R, class N>
[[nodiscard]] std::optional<crossover_result> direct_request_bytes_crossovers(const on_device_pipeline<D>& device,
                                                                              const offload_pipeline<R, N>& off,
                                                                              double lo, double hi) {
    if constexpr (!std::same_as<N, mm1>) {
        return std::nullopt;
    } else {
        const double t_device = mean_latency(device);
        const latency_breakdown br = breakdown(off);
        const double c = br.remote_wait + br.remote_service + br.downlink_wait + br.downlink_transfer +
                         br.propagation; // what does not depend on D_req
        const double lambda = off.arrival_rate(), bw = off.uplink().bandwidth();
        const double edge = lambda > 0.0 ? bw / lambda : infinity;
        if (!(c < infinity))
            return assemble_crossovers(lo, hi, t_device < infinity ? winner::first : winner::neither, {});
        if (!(t_device < infinity))
            return assemble_crossovers(lo, hi, winner::second, {{edge, winner::neither, false}});
        const double K = t_device - c;
        if (!(K > 0.0)) return assemble_crossovers(lo, hi, winner::first, {});
        return assemble_crossovers(lo, hi, winner::second, {{K * bw / (1.0 + lambda * K), winner::first, true}});
    }
}

/// Server mean service time s: T_off(s) = C + s + c lambda_edge (s/k)^2 / (1 - lambda_edge s/k).
template <class D, class R, class N>
[[nodiscard]] std::optional<crossover_result> direct_remote_service_time_crossovers(const on_device_pipeline<D>& device,
                                                                                    const offload_pipeline<R, N>& off,
                                                                                    double lo, double hi) {
    using server = crossover_server<R>;
    if constexpr (!server::closed_form) {
        return std::nullopt;
    } else {
        const double t_device = mean_latency(device);
        const latency_breakdown br = breakdown(off);
        const double c = br.uplink_wait + br.uplink_transfer + br.downlink_wait + br.downlink_transfer +
                         br.propagation; // what does not depend on s_edge
        const R& q = off.remote_stage();
        const double k = server::k(q), lambda = server::lambda(q);
        const double edge = lambda > 0.0 ? k / lambda : infinity;
        if (!(c < infinity))
            return assemble_crossovers(lo, hi, t_device < infinity ? winner::first : winner::neither, {});
        if (!(t_device < infinity))
            return assemble_crossovers(lo, hi, winner::second, {{edge, winner::neither, false}});
        const double K = t_device - c;
        if (!(K > 0.0)) return assemble_crossovers(lo, hi, winner::first, {});
        const double s = k * server_root(server::c(q), k, lambda, K);
        return assemble_crossovers(lo, hi, winner::second, {{s, winner::first, true}});
    }
}

/// Device slowdown f (s_dev -> f s_dev): T_dev(f) = f s + c lambda (f s/k)^2 / (1 - lambda f s/k), T_off constant.
template <class D, class R, class N>
[[nodiscard]] std::optional<crossover_result> direct_device_slowdown_crossovers(const on_device_pipeline<D>& device,
                                                                                const offload_pipeline<R, N>& off,
                                                                                double lo, double hi) {
    using server = crossover_server<D>;
    if constexpr (!server::closed_form) {
        return std::nullopt;
    } else {
        const double t_off = mean_latency(off);
        const D& q = device.stage();
        const double k = server::k(q), lambda = server::lambda(q), s = server::s(q);
        const double edge = lambda > 0.0 ? k / (lambda * s) : infinity;
        if (!(t_off < infinity)) return assemble_crossovers(lo, hi, winner::first, {{edge, winner::neither, false}});
        const double f = k * server_root(server::c(q), k, lambda, t_off) / s;
        return assemble_crossovers(lo, hi, winner::first, {{f, winner::second, true}});
    }
}

} // namespace offload::detail
