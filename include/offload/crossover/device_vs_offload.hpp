// offload/crossover/device_vs_offload.hpp — crossover predictors for on-device processing vs offloading:
// the parameter values where the two mean latencies (seed 003 eq. 1 and 2) are equal.
//
// Each function varies ONE parameter of a scenario given as an on_device_pipeline and an offload_pipeline
// and returns every crossover in [lo, hi] with the winner on each interval (winner::first = on-device,
// winner::second = offload; the result's labels say so) (find_crossovers.hpp: grid scan,
// then TOMS 748 refinement; default 256 log-spaced points). The other parameters stay as given.
// With options.method == crossover_method::automatic (the default) the bandwidth, payload, server service
// time and device slowdown crossovers are solved directly (direct.hpp) when the stage models allow it
// (M/M/1 NICs; md1 / mm1 / mg1 or k_parallel of them for the varied server), at any grid setting, and so are
// the arrival-rate and tenant-count crossovers when every stage involved is md1 / mm1 / mg1 (or k_parallel of
// one); the scan is the fallback and crossover_method::scan forces it.
//   bandwidth_crossovers          B (bytes/s), both link directions                  (seed Fig. 4)
//   arrival_rate_crossovers       lambda of this device, on both sides; the other    (seed Fig. 5b)
//                                 tenants' load at the edge is kept
//   request_bytes_crossovers      D_req (bytes)                                      (seed Remark 3.2)
//   device_slowdown_crossovers    s_dev multiplied by a factor (frequency scaling)   (seed Fig. 2, 4b)
//   remote_service_time_crossovers  s_edge (seconds)                                 (seed Remark 3.1)
//   tenant_count_crossovers       m co-located tenants, an integer                   (seed Fig. 5c)
#pragma once

#include <utility>
#include <vector>

#include "offload/crossover/direct.hpp"
#include "offload/crossover/find_crossovers.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"

namespace offload {

/// Log-spaced options (the default for bandwidth, request rate, payload and service time scans).
[[nodiscard]] inline crossover_options log_grid(int grid_points = 256) {
    return crossover_options{grid_points, grid_spacing::logarithmic, 40, 100, crossover_method::automatic};
}
/// Linear options (the default for the device slowdown factor).
[[nodiscard]] inline crossover_options linear_grid(int grid_points = 256) {
    return crossover_options{grid_points, grid_spacing::linear, 40, 100, crossover_method::automatic};
}

/// Crossovers in the link bandwidth B in [lo, hi] bytes/s (both directions set to B).
template <class D, class R, class N>
[[nodiscard]] crossover_result bandwidth_crossovers(const on_device_pipeline<D>& device,
                                                    const offload_pipeline<R, N>& off, double lo, double hi,
                                                    const crossover_options& options = log_grid()) {
    detail::validate_crossover_range("offload::bandwidth_crossovers", lo, hi, options);
    if (lo <= 0.0) detail::throw_parameter_error("offload::bandwidth_crossovers", "lo", lo, "must be > 0");
    const double t_device = mean_latency(device);
    if (options.method == crossover_method::automatic)
        if (auto direct = detail::direct_bandwidth_crossovers(device, off, lo, hi))
            return with_labels(std::move(*direct), "on-device", "offload");
    return with_labels(find_crossovers(
                           [&](double b) {
                               return std::pair{t_device, mean_latency(with_bandwidth(off, b))};
                           },
                           lo, hi, options),
                       "on-device", "offload");
}

/// Crossovers in this device's request rate lambda in [lo, hi] 1/s (lo > 0 on a log grid).
template <class D, class R, class N>
[[nodiscard]] crossover_result arrival_rate_crossovers(const on_device_pipeline<D>& device,
                                                       const offload_pipeline<R, N>& off, double lo, double hi,
                                                       const crossover_options& options = log_grid()) {
    detail::validate_crossover_range("offload::arrival_rate_crossovers", lo, hi, options);
    if (options.method == crossover_method::automatic)
        if (auto direct = detail::direct_arrival_rate_crossovers(device, off, lo, hi))
            return with_labels(std::move(*direct), "on-device", "offload");
    return with_labels(find_crossovers(
                           [&](double lambda) {
                               return std::pair{mean_latency(with_arrival_rate(device, lambda)),
                                                mean_latency(with_arrival_rate(off, lambda))};
                           },
                           lo, hi, options),
                       "on-device", "offload");
}

/// Crossovers in the request payload D_req in [lo, hi] bytes (lo > 0).
template <class D, class R, class N>
[[nodiscard]] crossover_result request_bytes_crossovers(const on_device_pipeline<D>& device,
                                                        const offload_pipeline<R, N>& off, double lo, double hi,
                                                        const crossover_options& options = log_grid()) {
    detail::validate_crossover_range("offload::request_bytes_crossovers", lo, hi, options);
    if (lo <= 0.0) detail::throw_parameter_error("offload::request_bytes_crossovers", "lo", lo, "must be > 0");
    const double t_device = mean_latency(device);
    if (options.method == crossover_method::automatic)
        if (auto direct = detail::direct_request_bytes_crossovers(device, off, lo, hi))
            return with_labels(std::move(*direct), "on-device", "offload");
    return with_labels(find_crossovers(
                           [&](double bytes) {
                               return std::pair{t_device, mean_latency(with_request_bytes(off, bytes))};
                           },
                           lo, hi, options),
                       "on-device", "offload");
}

/// Crossovers in the device slowdown factor f in [lo, hi] (s_dev -> f s_dev; lo > 0).
template <class D, class R, class N>
[[nodiscard]] crossover_result device_slowdown_crossovers(const on_device_pipeline<D>& device,
                                                          const offload_pipeline<R, N>& off, double lo, double hi,
                                                          const crossover_options& options = linear_grid()) {
    detail::validate_crossover_range("offload::device_slowdown_crossovers", lo, hi, options);
    if (lo <= 0.0) detail::throw_parameter_error("offload::device_slowdown_crossovers", "lo", lo, "must be > 0");
    const double t_offload = mean_latency(off);
    if (options.method == crossover_method::automatic)
        if (auto direct = detail::direct_device_slowdown_crossovers(device, off, lo, hi))
            return with_labels(std::move(*direct), "on-device", "offload");
    return with_labels(find_crossovers(
                           [&](double f) {
                               return std::pair{mean_latency(with_device_slowdown(device, f)), t_offload};
                           },
                           lo, hi, options),
                       "on-device", "offload");
}

/// Crossovers in the edge/cloud mean service time s_edge in [lo, hi] seconds (lo > 0).
template <class D, class R, class N>
[[nodiscard]] crossover_result remote_service_time_crossovers(const on_device_pipeline<D>& device,
                                                              const offload_pipeline<R, N>& off, double lo, double hi,
                                                              const crossover_options& options = log_grid()) {
    detail::validate_crossover_range("offload::remote_service_time_crossovers", lo, hi, options);
    if (lo <= 0.0) detail::throw_parameter_error("offload::remote_service_time_crossovers", "lo", lo, "must be > 0");
    const double t_device = mean_latency(device);
    if (options.method == crossover_method::automatic)
        if (auto direct = detail::direct_remote_service_time_crossovers(device, off, lo, hi))
            return with_labels(std::move(*direct), "on-device", "offload");
    return with_labels(find_crossovers(
                           [&](double s) {
                               return std::pair{t_device, mean_latency(with_remote_service_time(off, s))};
                           },
                           lo, hi, options),
                       "on-device", "offload");
}

/// Crossovers in the number m of tenants sharing the server, every integer in [lo, hi] (1 <= lo < hi).
/// The device side does not change with m (each device runs independently, seed §4.8). method: automatic
/// solves directly for md1 / mm1 / mg1 (or k_parallel) servers and NICs (direct.hpp), scan evaluates every m.
template <class D, class R, class N>
[[nodiscard]] crossover_result tenant_count_crossovers(const on_device_pipeline<D>& device,
                                                       const offload_pipeline<R, N>& off,
                                                       const tenant_demand& co_tenant, int lo, int hi,
                                                       crossover_method method = crossover_method::automatic) {
    constexpr const char* fn = "offload::tenant_count_crossovers";
    if (lo < 1) detail::throw_parameter_error(fn, "lo", static_cast<double>(lo), "must be >= 1");
    if (method != crossover_method::automatic && method != crossover_method::scan)
        detail::throw_parameter_error(fn, "method", static_cast<double>(method), "unknown method");
    detail::validate_integer_range(lo, hi);
    if (method == crossover_method::automatic)
        if (auto direct = detail::direct_tenant_count_crossovers(device, off, co_tenant, lo, hi))
            return with_labels(std::move(*direct), "on-device", "offload");
    const double t_device = mean_latency(device);
    return with_labels(find_integer_crossovers(
                           [&](int m) {
                               return std::pair{t_device, mean_latency(with_co_tenants(off, co_tenant, m))};
                           },
                           lo, hi),
                       "on-device", "offload");
}

} // namespace offload
