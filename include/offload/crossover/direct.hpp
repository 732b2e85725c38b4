// offload/crossover/direct.hpp — the device-vs-offload mean-latency crossovers solved directly, for the stage
// models whose mean latency is a rational function of the varied parameter (docs/crossover.md, "Direct
// solutions"). Used by device_vs_offload.hpp with crossover_method::automatic; each function returns
// std::nullopt when the pipelines' stage models have no closed form here (the caller then scans).
//
// Stage means used (seed 003 eq. 1-2, 6, 11; k = parallelism, 1 for a plain queue):
//   M/M/1 NIC at rate lambda, transfer n = D / B:   T = D / (B - lambda D),  stable iff B > lambda D
//   md1 / mm1 / mg1 and k_parallel<...> server:     T = s + c lambda (s/k)^2 / (1 - lambda s/k),
//                                                    c = 1/2 (M/D/1), 1 (M/M/1), (1 + scv)/2 (M/G/1)
// Bandwidth, payload, server time, slowdown: exactly one root on the side's stable range (the varied side is
// strictly monotone there and the other side constant), found by a cancellation-free quadratic formula and one
// Newton step on the polynomial. Arrival rate and tenant count: both sides (rate) or several terms (tenants)
// vary, T_dev - T_off = C + sum_i w_i / (p_i - x) with up to 4 poles, so several roots are possible: the roots
// of the cleared numerator (degree <= 6) are isolated between its critical points (found from its derivatives
// down) and each is refined on T_dev - T_off itself (TOMS 748). Stability edges (not crossover points) bound
// the intervals exactly, as the scan's bisection does.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "offload/crossover/find_crossovers.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload::detail {

/// The service SCV a Pollaczek-Khinchine server model uses: 0 for md1 and 1 for mm1 whatever a demand says, the
/// stage's own for mg1; `demand_scv` is what a service_demand would give (the mixture's, for a shared server).
template <class Q>
inline constexpr bool pk_server = std::same_as<Q, md1> || std::same_as<Q, mm1> || std::same_as<Q, mg1>;
template <class Q>
[[nodiscard]] double pk_scv(const Q& q) noexcept {
    if constexpr (std::same_as<Q, md1>) {
        return 0.0;
    } else if constexpr (std::same_as<Q, mm1>) {
        return 1.0;
    } else {
        return q.service_scv();
    }
}
template <class Q>
[[nodiscard]] constexpr double pk_scv_for_demand(double demand_scv) noexcept {
    if constexpr (std::same_as<Q, md1>) {
        return 0.0;
    } else if constexpr (std::same_as<Q, mm1>) {
        return 1.0;
    } else {
        return demand_scv;
    }
}

/// c, k and the full service time s of a server stage with T = s + c lambda (s/k)^2 / (1 - lambda s/k): one
/// trait over the stage's SCV, c = (1 + scv) / 2 (md1 1/2, mm1 1, mg1 (1 + scv)/2), k = 1 for a plain queue.
template <class Stage>
struct crossover_server {
    static constexpr bool closed_form = false;
};
template <class Q>
requires pk_server<Q>
struct crossover_server<Q> {
    using base = Q;
    static constexpr bool closed_form = true;
    static double c(const Q& q) noexcept { return 0.5 * (1.0 + pk_scv(q)); }
    static double k(const Q&) noexcept { return 1.0; }
    static double s(const Q& q) noexcept { return mean_service_time(q); }
    static double lambda(const Q& q) noexcept { return arrival_rate(q); }
};
template <class Base>
struct crossover_server<k_parallel<Base>> {
    using base = Base;
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
[[nodiscard]] inline crossover_result assemble_changes(double lo, double hi, winner start,
                                                       std::span<const crossover_change> changes) {
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
[[nodiscard]] inline crossover_result assemble_crossovers(double lo, double hi, winner start,
                                                          std::initializer_list<crossover_change> changes) {
    return assemble_changes(lo, hi, start, std::span<const crossover_change>(changes.begin(), changes.size()));
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

// ---- roots of a difference of mean latencies with several poles (arrival rate, tenants) -------------------------

/// F(x) = constant + sum_i weight_i / (pole_i - x): the difference of two mean latencies in partial fractions
/// (equal poles merged), used to ISOLATE F's roots; F itself is evaluated from the stage formulas.
struct pole_sum {
    static constexpr std::size_t max_terms = 6;
    double constant = 0.0;
    std::array<double, max_terms> weight{};
    std::array<double, max_terms> pole{};
    std::size_t count = 0;

    void add(double w, double p) noexcept {
        for (std::size_t i = 0; i < count; ++i)
            if (pole[i] == p) {
                weight[i] += w;
                return;
            }
        weight[count] = w;
        pole[count] = p;
        ++count;
    }
};

/// A polynomial of degree <= 7, coefficients from t^0 up.
struct small_polynomial {
    std::array<double, 8> c{};
    int degree = 0;

    [[nodiscard]] double operator()(double t) const noexcept {
        double v = c[static_cast<std::size_t>(degree)];
        for (int i = degree - 1; i >= 0; --i) v = v * t + c[static_cast<std::size_t>(i)];
        return v;
    }
    /// this * (1 - t / q)
    void times_one_minus(double q) noexcept {
        const double r = 1.0 / q;
        for (int i = degree + 1; i >= 1; --i) c[static_cast<std::size_t>(i)] -= c[static_cast<std::size_t>(i - 1)] * r;
        ++degree;
    }
    [[nodiscard]] small_polynomial derivative() const noexcept {
        small_polynomial d;
        d.degree = degree > 0 ? degree - 1 : 0;
        for (int i = 1; i <= degree; ++i)
            d.c[static_cast<std::size_t>(i - 1)] = static_cast<double>(i) * c[static_cast<std::size_t>(i)];
        return d;
    }
};

/// Where p changes sign (or is 0) in (0, 1), sorted, given `breaks`: points that split [0, 1] into pieces on
/// which p is monotone. Safeguarded Newton (bisection when a step leaves the bracket) to 1e-15 in t.
[[nodiscard]] inline std::size_t polynomial_roots(const small_polynomial& p, std::span<const double> breaks,
                                                  std::array<double, 8>& out) noexcept {
    const small_polynomial dp = p.derivative();
    std::size_t n = 0;
    double l = 0.0, fl = p(0.0);
    for (std::size_t i = 0; i <= breaks.size(); ++i) {
        const double r = i < breaks.size() ? breaks[i] : 1.0, fr = p(r);
        if (fr == 0.0 && r < 1.0) {
            out[n++] = r; // an extra break is harmless: pieces only get smaller
        } else if (fl != 0.0 && fr != 0.0 && (fl < 0.0) != (fr < 0.0)) {
            double a = l, b = r, x = 0.5 * (l + r);
            for (int k = 0; k < 100; ++k) {
                const double f = p(x), df = dp(x);
                if (f == 0.0) break;
                ((f < 0.0) == (fl < 0.0) ? a : b) = x;
                double next = df != 0.0 ? x - f / df : 0.5 * (a + b);
                if (!(next > a && next < b)) next = 0.5 * (a + b);
                const bool done = std::abs(next - x) <= 1e-15 || b - a <= 1e-15;
                x = next;
                if (done) break;
            }
            out[n++] = x;
        }
        l = r;
        fl = fr;
    }
    return n;
}

/// The critical points of p in (0, 1) (where p' changes sign), sorted: p is monotone between them. From the
/// derivatives down: the roots of p^(j) split [0, 1] into the pieces on which p^(j-1) is monotone.
[[nodiscard]] inline std::size_t critical_points(const small_polynomial& p, std::array<double, 8>& out) noexcept {
    std::array<small_polynomial, 8> d{};
    d[0] = p;
    const int n = p.degree;
    for (int j = 1; j <= n; ++j) d[static_cast<std::size_t>(j)] = d[static_cast<std::size_t>(j - 1)].derivative();
    std::array<double, 8> breaks{};
    std::size_t count = 0; // p^(n) is a constant: p^(n-1) is monotone on [0, 1]
    for (int j = n - 1; j >= 1; --j) {
        std::array<double, 8> roots{};
        count = polynomial_roots(d[static_cast<std::size_t>(j)], std::span<const double>(breaks.data(), count), roots);
        breaks = roots;
    }
    out = breaks;
    return count;
}

/// The sign changes of F = `f` (finite on [a, b)) in (a, b): x and the sign of F just after it, sorted; F's poles
/// (`fractions`) lie outside [a, b) (at or above b, or below a); b_is_pole: F is infinite at b (its sign there is
/// the partial fractions'). first_sign: the sign of F just above a (0 if F vanishes at every break).
/// Method: F = N(t) / D(t), t = (x - a) / (b - a), D = prod (1 - t / q_j) > 0 on [0, 1) (q_j the poles in t);
/// N (degree <= 6) is monotone between its critical points (critical_points), so each piece holds at most one
/// sign change; each is refined on F itself with TOMS 748 to 2^-50 relative.
struct sign_change {
    double x;
    int after;
};
template <class F>
[[nodiscard]] std::size_t sign_changes(const F& f, const pole_sum& fractions, double a, double b, bool b_is_pole,
                                       std::array<sign_change, 8>& out, int& first_sign) {
    const double h = b - a;
    std::array<double, pole_sum::max_terms> q{};
    for (std::size_t i = 0; i < fractions.count; ++i) q[i] = (fractions.pole[i] - a) / h;
    small_polynomial numerator;
    numerator.c[0] = 0.0;
    small_polynomial denominator;
    denominator.c[0] = 1.0;
    for (std::size_t j = 0; j < fractions.count; ++j) denominator.times_one_minus(q[j]);
    for (std::size_t i = 0; i <= fractions.count; ++i) {
        // i < count: weight_i / (pole_i - a) * prod_{j != i} (1 - t / q_j); i == count: constant * D(t)
        small_polynomial term;
        if (i < fractions.count) {
            term.c[0] = fractions.weight[i] / (fractions.pole[i] - a);
            for (std::size_t j = 0; j < fractions.count; ++j)
                if (j != i) term.times_one_minus(q[j]);
        } else {
            term = denominator;
            for (double& c : term.c) c *= fractions.constant;
        }
        numerator.degree = std::max(numerator.degree, term.degree);
        for (std::size_t k = 0; k < numerator.c.size(); ++k) numerator.c[k] += term.c[k];
    }
    std::array<double, 8> critical{};
    const std::size_t m = critical_points(numerator, critical);
    const auto sign = [](double v) { return v > 0.0 ? 1 : (v < 0.0 ? -1 : 0); };
    std::size_t n = 0;
    first_sign = 0;
    double last_x = a;
    int last_s = 0;
    boost::math::tools::eps_tolerance<double> tolerance(50);
    for (std::size_t i = 0; i <= m + 1; ++i) {
        const bool end = i == m + 1;
        double x = i == 0 ? a : (end ? b : a + h * critical[i - 1]);
        double fx = end && b_is_pole ? infinity : f(x);
        const int s = end && b_is_pole ? sign(numerator(1.0)) : sign(fx);
        if (s == 0) continue;
        if (last_s == 0) {
            first_sign = s;
            last_s = s;
            last_x = x;
            continue;
        }
        if (s == last_s) {
            last_x = x;
            continue;
        }
        if (end && b_is_pole) { // a point below the pole where F already has the pole's sign
            bool found = false;
            for (int j = 1; j <= 64 && !found; ++j) {
                x = b - (b - last_x) * std::ldexp(1.0, -j);
                fx = f(x);
                found = std::isfinite(fx) && sign(fx) == s && x > last_x;
            }
            if (!found) break;
        }
        std::uintmax_t iterations = 100;
        const std::pair<double, double> bracket =
            boost::math::tools::toms748_solve(f, last_x, x, f(last_x), fx, tolerance, iterations);
        out[n++] = {0.5 * (bracket.first + bracket.second), s};
        last_s = s;
        last_x = x;
        if (n == out.size()) break;
    }
    return n;
}

/// Device and offload mean latencies as functions of this device's request rate lambda (the other tenants'
/// load at the server kept), for md1 / mm1 / mg1 (or k_parallel) stages: each stage's mean is
/// s + c l u^2 / (1 - l u), u = s/k, l = lambda + (the stage's other load), i.e. (s - c u) + c / (1/u - other - lambda).
struct rate_stage {
    double s, c, u, others;

    [[nodiscard]] double mean(double lambda) const noexcept {
        const double l = lambda + others, rho = l * u;
        return rho < 1.0 ? s + c * l * u * u / (1.0 - rho) : infinity;
    }
    [[nodiscard]] double pole() const noexcept { return 1.0 / u - others; }
};
template <class Q>
[[nodiscard]] rate_stage make_rate_stage(const Q& q, double others) noexcept {
    using server = crossover_server<Q>;
    const double s = server::s(q);
    return {s, server::c(q), s / server::k(q), others};
}

/// This device's request rate lambda: T_dev(lambda) - T_off(lambda) = C + c_dev / (p_dev - lambda) -
/// sum_i c_i / (p_i - lambda) over the offload path's stages (uplink at lambda, server and downlink at lambda +
/// the other tenants' rate): up to 4 poles, so up to 4 crossovers below the first stability limit (a quartic
/// after clearing denominators). Needs md1 / mm1 / mg1 (or k_parallel) stages everywhere.
template <class D, class R, class N>
[[nodiscard]] std::optional<crossover_result> direct_arrival_rate_crossovers(const on_device_pipeline<D>& device,
                                                                             const offload_pipeline<R, N>& off,
                                                                             double lo, double hi) {
    if constexpr (!(crossover_server<D>::closed_form && crossover_server<R>::closed_form &&
                    crossover_server<N>::closed_form)) {
        return std::nullopt;
    } else {
        const rate_stage dev = make_rate_stage(device.stage(), 0.0);
        const double others = off.remote_arrival_rate() - off.arrival_rate();
        std::array<rate_stage, 3> path{};
        std::size_t count = 0;
        path[count++] = make_rate_stage(off.uplink_stage(), 0.0);
        path[count++] = make_rate_stage(off.remote_stage(), others);
        if (off.has_downlink()) path[count++] = make_rate_stage(off.downlink_stage(), others);
        const double propagation = path_propagation(off);
        const auto t_off = [&](double lambda) {
            double t = propagation;
            for (std::size_t i = 0; i < count; ++i) t += path[i].mean(lambda);
            return t;
        };
        const auto difference = [&](double lambda) { return dev.mean(lambda) - t_off(lambda); };
        const double p_dev = dev.pole();
        double p_off = infinity;
        pole_sum fractions;
        fractions.constant = dev.s - dev.c * dev.u - propagation;
        fractions.add(dev.c, p_dev);
        for (std::size_t i = 0; i < count; ++i) {
            p_off = std::min(p_off, path[i].pole());
            fractions.constant -= path[i].s - path[i].c * path[i].u;
            fractions.add(-path[i].c, path[i].pole());
        }
        const double limit = std::min(p_dev, p_off), b = std::min(hi, limit);
        std::array<crossover_change, 10> changes{};
        std::size_t n = 0;
        winner start = winner::neither;
        if (lo < b) {
            std::array<sign_change, 8> roots{};
            int first = 0;
            const std::size_t found = sign_changes(difference, fractions, lo, b, !(hi < limit), roots, first);
            start = first > 0 ? winner::second : (first < 0 ? winner::first : winner::tie);
            for (std::size_t i = 0; i < found; ++i)
                changes[n++] = {roots[i].x, roots[i].after > 0 ? winner::second : winner::first, true};
        }
        // past the first stability limit the other side wins; past both, neither
        if (p_dev < p_off) changes[n++] = {p_dev, winner::second, false};
        if (p_off < p_dev) changes[n++] = {p_off, winner::first, false};
        changes[n++] = {std::max(p_dev, p_off), winner::neither, false};
        return assemble_changes(lo, hi, start, std::span<const crossover_change>(changes.data(), n));
    }
}

/// find_integer_crossovers' answer from the classification at a few integers: `classify` is evaluated at lo and
/// around every real break (floor(x) - 1 ... floor(x) + 2), where the winner may change; it is constant between.
template <class Classify>
[[nodiscard]] crossover_result sparse_integer_crossovers(const Classify& classify, int lo, int hi,
                                                         std::span<const double> breaks) {
    std::array<int, 64> candidates{};
    std::size_t n = 0;
    for (const double x : breaks) {
        if (!(x > static_cast<double>(lo) - 3.0 && x < static_cast<double>(hi) + 3.0)) continue;
        const double f = std::floor(x);
        for (int d = -1; d <= 2 && n < candidates.size(); ++d) {
            const double m = f + d;
            if (m > lo && m <= hi) candidates[n++] = static_cast<int>(m);
        }
    }
    std::sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n));
    integer_crossovers_builder result(lo, classify(lo));
    int last = lo;
    for (std::size_t i = 0; i < n; ++i) {
        const int m = candidates[i];
        if (m == last) continue;
        last = m;
        result.visit(m, classify(m));
    }
    return std::move(result).finish(hi);
}

/// m tenants on the server (this device + (m - 1) copies of `co`, with_co_tenants): with x = m real,
/// lambda_e = lambda + (x - 1) lambda_c and the work rho k = lambda s + (x - 1) lambda_c s_c are linear in x, so
/// T_off(x) = C + s_c + lambda (s - s_c) / lambda_e + wait + downlink is rational: the mixture's mean has its
/// pole at lambda_e = 0 (x < 1), the P-K wait at rho = 1 (with the mixture's second moment for mg1; with c = 1/2,
/// 1 for md1, mm1 also a pole at lambda_e = 0), the downlink at lambda_e u_down = 1. The real roots are found
/// as for the rate; the integers around them and the stability edge are then classified directly.
template <class D, class R, class N>
[[nodiscard]] std::optional<crossover_result> direct_tenant_count_crossovers(const on_device_pipeline<D>& device,
                                                                             const offload_pipeline<R, N>& off,
                                                                             const tenant_demand& co, int lo, int hi) {
    using server = crossover_server<R>;
    if constexpr (!(server::closed_form && crossover_server<N>::closed_form)) {
        return std::nullopt;
    } else {
        const double lambda = off.arrival_rate();
        if (!(lambda > 0.0) || hi > tenant_mix::max_tenants) return std::nullopt; // the scan reports these
        const double t_device = mean_latency(device);
        const latency_breakdown br = breakdown(off);
        const double fixed = br.uplink_wait + br.uplink_transfer + br.propagation; // does not depend on m
        const service_demand own = off.remote_demand();
        const double k = own.parallelism, s_o = own.mean_seconds, l_c = co.arrival_rate(), s_c = co.mean_service_time();
        constexpr bool mixture_scv = std::same_as<typename server::base, mg1>;
        const double c_fixed = 0.5 * (1.0 + pk_scv_for_demand<typename server::base>(0.0));
        const double q_o = lambda * s_o * s_o * (1.0 + own.scv), q_c = l_c * s_c * s_c * (1.0 + co.service_scv());
        const bool down = off.has_downlink();
        const rate_stage dl = down ? make_rate_stage(off.downlink_stage(), 0.0) : rate_stage{0.0, 0.0, 0.0, 0.0};
        const auto t_off = [&](double x) {
            const double le = lambda + (x - 1.0) * l_c, work = lambda * s_o + (x - 1.0) * l_c * s_c;
            const double mean = work / le, rho = le * (mean / k);
            if (!(rho < 1.0)) return infinity;
            const double wait = mixture_scv ? (q_o + (x - 1.0) * q_c) / (2.0 * k * (k - work))
                                            : c_fixed * le * (mean / k) * (mean / k) / (1.0 - rho);
            return fixed + mean + wait + (down ? dl.mean(le) : 0.0);
        };
        const auto classify = [&](int m) { return compare_latencies(t_device, t_off(static_cast<double>(m))); };
        if (!(l_c > 0.0) || !(fixed < infinity)) // nothing varies with m (or the uplink is never stable)
            return sparse_integer_crossovers(classify, lo, hi, {});
        const double w1 = l_c * s_c;
        const double x_e = 1.0 - lambda / l_c;                                  // lambda_e = 0
        const double x_w = 1.0 + (k - lambda * s_o) / w1;                       // the server's load reaches 1
        const double x_d = down ? 1.0 + (1.0 / dl.u - lambda) / l_c : infinity; // the downlink's
        const double limit = std::min(x_w, x_d), b = std::min(static_cast<double>(hi), limit);
        std::array<double, 9> breaks{};
        std::size_t n = 0;
        breaks[n++] = limit;
        if (static_cast<double>(lo) < b && t_device < infinity) {
            // T_dev - T_off in partial fractions (weights of 1 / (pole - x)) for the isolation
            pole_sum fractions;
            fractions.constant = t_device - fixed - s_c;
            fractions.add(lambda * (s_o - s_c) / l_c, x_e); // the mixture's mean: - lambda (s_o - s_c) / lambda_e
            if constexpr (mixture_scv) {
                const double m2_at_pole = q_o + (x_w - 1.0) * q_c;
                fractions.constant += q_c / (2.0 * k * w1);
                fractions.add(-m2_at_pole / (2.0 * k * w1), x_w);
            } else {
                // c work^2 / (k lambda_e (k - work)) = -c w1 / (k l_c) + B / (x - x_e) + E / (x_w - x)
                const double work_e = lambda * (s_o - s_c), gap = x_w - x_e;
                fractions.constant += c_fixed * w1 / (k * l_c);
                fractions.add(c_fixed * work_e * work_e / (k * l_c * w1 * gap), x_e);
                fractions.add(-c_fixed * k / (l_c * w1 * gap), x_w);
            }
            if (down) {
                fractions.constant -= dl.s - dl.c * dl.u;
                fractions.add(-dl.c / l_c, x_d);
            }
            const auto difference = [&](double x) { return t_device - t_off(x); };
            std::array<sign_change, 8> roots{};
            int first = 0;
            const std::size_t found = sign_changes(difference, fractions, static_cast<double>(lo), b,
                                                   !(static_cast<double>(hi) < limit), roots, first);
            for (std::size_t i = 0; i < found; ++i) breaks[n++] = roots[i].x;
        }
        return sparse_integer_crossovers(classify, lo, hi, std::span<const double>(breaks.data(), n));
    }
}

} // namespace offload::detail
