// offload/pipelines/latency_inversion.hpp — end-to-end latency cdf, quantiles and deadline-miss probabilities
// of the offload, split and tenant pipelines by numerical inversion of the product of the stages' Laplace-
// Stieltjes transforms (offload/distributions/transform_inverted_time.hpp: method and error control;
// docs/pipelines.md: which stage contributes which factor, and validity).
//
// Same independence assumption as the FFT convolution (offload/pipelines/end_to_end_time.hpp), which stays as
// the general fallback and as the cross-check in the tests. Deterministic parts (propagation, an M/D/1 stage's
// service time, a deterministic own service time) are exact shifts. latency_quantile() of these pipelines uses
// the inversion whenever every stage has a transform (mm1, md1, mg1, mmc, k_parallel of those) and the
// inversion meets its tolerance; otherwise the convolution.
#pragma once

#include <algorithm>
#include <array>

#include "offload/concepts.hpp"
#include "offload/distributions/transform_inverted_time.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/detail/latency_transform.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"

namespace offload {

/// A pipeline whose end-to-end latency has a transform here (offload, split or tenant path of mm1, md1, mg1,
/// mmc or k_parallel stages).
template <class P>
concept invertible_latency_pipeline = detail::has_path_transform<P>;

/// The end-to-end latency as a transform_inverted_time (mean, variance, cdf, complementary_cdf, quantile).
template <invertible_latency_pipeline P>
[[nodiscard]] transform_inverted_time inverted_latency_distribution(const P& p, const inversion_options& options = {}) {
    return detail::path_transform(p, options);
}

/// P(T <= t): by inversion for an invertible_latency_pipeline (the convolution where it misses its
/// tolerance), otherwise the pipeline's latency_distribution.
template <latency_pipeline P>
[[nodiscard]] double latency_cdf(const P& p, double t) {
    if (!(t == t)) detail::throw_parameter_error("offload::latency_cdf", "t", t, "must not be NaN");
    if constexpr (invertible_latency_pipeline<P>) {
        const transform_inverted_time d = inverted_latency_distribution(p);
        if (!(t < infinity) || d.at_infinity() || !(t > d.shift())) return cdf(d, t);
        const inversion_result r = d.invert(t);
        if (r.converged) return 1.0 - r.complementary_cdf;
    }
    return std::clamp(static_cast<double>(cdf(latency_distribution(p), t)), 0.0, 1.0);
}

/// P(T > deadline) for deadline > 0 (+inf: 0); the tail is inverted directly (relative accuracy kept).
template <latency_pipeline P>
[[nodiscard]] double deadline_miss_probability(const P& p, double deadline) {
    if (!(deadline > 0.0))
        detail::throw_parameter_error("offload::deadline_miss_probability", "deadline", deadline, "must be > 0");
    if (!(deadline < infinity)) return is_stable(p) ? 0.0 : 1.0;
    if constexpr (invertible_latency_pipeline<P>) {
        const transform_inverted_time d = inverted_latency_distribution(p);
        if (d.at_infinity() || !(deadline > d.shift())) return complementary_cdf(d, deadline);
        const inversion_result r = d.invert(deadline);
        if (r.converged) return r.complementary_cdf;
    }
    return std::clamp(1.0 - static_cast<double>(cdf(latency_distribution(p), deadline)), 0.0, 1.0);
}

namespace detail {
/// The tail figures a prediction needs.
struct latency_tails {
    double p95 = infinity;
    double p99 = infinity;
    double deadline_miss = 1.0;
};

/// p95, p99 and P(T > deadline) by inversion; false (nothing written) when the pipeline has no transform or
/// the inversion misses its tolerance (the caller then convolves). start: first guesses for p95 and p99 (e.g.
/// the previous tails of the same path; nullptr: none), which save inversions, not accuracy.
template <class P>
[[nodiscard]] bool fill_tail_by_inversion(latency_tails& out, const P& p, double deadline,
                                          const latency_tails* start = nullptr) {
    if constexpr (invertible_latency_pipeline<P>) {
        const transform_inverted_time d = inverted_latency_distribution(p);
        constexpr std::array<double, 2> levels{0.95, 0.99};
        std::array<double, 2> q{};
        const std::array<double, 2> guesses{start ? start->p95 : infinity, start ? start->p99 : infinity};
        try {
            quantiles(d, levels, q, guesses); // p99 starts from p95's last inversion unless guessed
        } catch (const convergence_error&) {
            return false;
        }
        double miss = 0.0;
        if (deadline < infinity) {
            if (d.at_infinity() || !(deadline > d.shift())) {
                miss = complementary_cdf(d, deadline);
            } else {
                const inversion_result r = d.invert(deadline);
                if (!r.converged) return false;
                miss = r.complementary_cdf;
            }
        }
        out = {q[0], q[1], std::clamp(miss, 0.0, 1.0)};
        return true;
    } else {
        (void)out;
        (void)p;
        (void)deadline;
        (void)start;
        return false;
    }
}
} // namespace detail

} // namespace offload
