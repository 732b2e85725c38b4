// offload/decision/predict.hpp — an option_prediction from a latency pipeline: the mean (exact for the
// pipeline's model), the p95 and p99 (the pipelines' end-to-end distributions: the stage's own response-time
// distribution on the device, a numerical convolution of independent stage sojourn times for offload and
// split paths, see docs/pipelines.md), and the deadline-miss probability 1 - F(deadline).
//
// Cost: the mean is a few divisions; the tails of an offload path are one FFT convolution of the stages, whose
// cost is dominated by evaluating each stage's cdf on the grid (measured by bench_policy: about 1.3 ms per path
// with M/G/1 stages at 2^10 points, growing linearly with the grid). Predictions are meant to be computed when
// inputs change (the policy does so on measurements), not per request.
#pragma once

#include <algorithm>
#include <cstddef>

#include "offload/decision/objective.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/latency_inversion.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"

namespace offload {

struct prediction_options {
    double deadline = infinity; ///< seconds (> 0) for deadline_miss; +inf: no deadline (miss probability 0)
    /// Grid of the offload/split convolutions: 2^12 points keep a percentile within about 0.1 % of the path's
    /// 1 - 1e-6 quantile span (quantile_bounds gives the guaranteed bracket) at a fraction of the default cost.
    convolution_options convolution{std::size_t{1} << 12, 1.0e-6};

    bool operator==(const prediction_options& o) const noexcept {
        return deadline == o.deadline && convolution.grid_points == o.convolution.grid_points &&
               convolution.tail_mass == o.convolution.tail_mass;
    }
};

inline void validate_prediction_options(const prediction_options& o, const char* function) {
    if (!(o.deadline > 0.0))
        detail::throw_parameter_error(function, "options.deadline", o.deadline, "must be > 0 (+inf: none)");
}

namespace detail {
template <class Distribution>
void fill_tail(option_prediction& p, const Distribution& d, double deadline) {
    p.p95 = quantile(d, 0.95);
    p.p99 = quantile(d, 0.99);
    p.deadline_miss = deadline < infinity ? std::clamp(1.0 - static_cast<double>(cdf(d, deadline)), 0.0, 1.0) : 0.0;
}
} // namespace detail

/// Prediction of on-device processing (kind device).
template <class Stage>
[[nodiscard]] option_prediction
predict(const on_device_pipeline<Stage>& p,
        const prediction_options& options = {}) requires latency_pipeline<on_device_pipeline<Stage>> {
    validate_prediction_options(options, "offload::predict(on_device_pipeline)");
    option_prediction r;
    r.kind = option_kind::device;
    if (!is_stable(p)) return r;
    r.stable = true;
    r.mean = mean_latency(p);
    detail::fill_tail(r, latency_distribution(p), options.deadline);
    r.status = prediction_status::ok;
    return r;
}

namespace detail {
/// A path whose tails come from a convolution of its stages (offload, tenant offload, split).
template <latency_pipeline Pipeline>
[[nodiscard]] option_prediction predict_convolved(const Pipeline& p, const prediction_options& options,
                                                  option_kind kind, const char* function) {
    validate_prediction_options(options, function);
    option_prediction r;
    r.kind = kind;
    if (!is_stable(p)) return r;
    r.stable = true;
    r.mean = mean_latency(p);
    if (latency_tails t; fill_tail_by_inversion(t, p, options.deadline)) { // transform inversion, else the FFT
        r.p95 = t.p95, r.p99 = t.p99, r.deadline_miss = t.deadline_miss;
    } else {
        fill_tail(r, latency_distribution(p, options.convolution), options.deadline);
    }
    r.status = prediction_status::ok;
    return r;
}
} // namespace detail

/// Prediction of offloading (kind edge; set kind/remote afterwards for a cloud or a numbered edge).
template <class R, class N>
[[nodiscard]] option_prediction
predict(const offload_pipeline<R, N>& p,
        const prediction_options& options = {}) requires latency_pipeline<offload_pipeline<R, N>> {
    return detail::predict_convolved(p, options, option_kind::edge, "offload::predict(offload_pipeline)");
}

/// Prediction of one tenant's offload path to a shared server (kind edge): its own service time after the
/// shared wait (pipelines/multi_tenant.hpp).
template <class R, class N>
[[nodiscard]] option_prediction
predict(const tenant_offload_pipeline<R, N>& p,
        const prediction_options& options = {}) requires latency_pipeline<tenant_offload_pipeline<R, N>> {
    return detail::predict_convolved(p, options, option_kind::edge, "offload::predict(tenant_offload_pipeline)");
}

/// Prediction of a split (kind split; set cut/remote afterwards).
template <class D, class R, class N>
[[nodiscard]] option_prediction
predict(const split_pipeline<D, R, N>& p,
        const prediction_options& options = {}) requires latency_pipeline<split_pipeline<D, R, N>> {
    return detail::predict_convolved(p, options, option_kind::split, "offload::predict(split_pipeline)");
}

/// Prediction of one tenant's split through a shared server (kind split; set cut/remote afterwards).
template <class D, class R, class N>
[[nodiscard]] option_prediction
predict(const tenant_split_pipeline<D, R, N>& p,
        const prediction_options& options = {}) requires latency_pipeline<tenant_split_pipeline<D, R, N>> {
    return detail::predict_convolved(p, options, option_kind::split, "offload::predict(tenant_split_pipeline)");
}

/// Mean-only predictions (cheap: no convolution). p95/p99 are left at +inf and deadline_miss at 1 for a
/// stable option too, so only the mean_latency objective (and max_mean constraint) is meaningful on them.
template <mean_latency_pipeline Pipeline>
option_prediction predict_mean(const Pipeline& p) {
    option_prediction r;
    r.mean = mean_latency(p);
    r.stable = r.mean < infinity;
    r.status = r.stable ? prediction_status::ok : prediction_status::unstable;
    return r;
}

} // namespace offload
