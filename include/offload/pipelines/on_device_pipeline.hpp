// offload/pipelines/on_device.hpp — on-device processing (seed 003 eq. 2): T_dev = w_dev^proc + s_dev.
//
// One processing stage: requests arrive at the device at rate lambda and queue for its accelerator. The stage
// is any offload::stage_model, built by Stage::from_demand(arrivals, device_demand); the arrivals are any
// arrival_process (a plain rate is Poisson; a bursty process needs a stage that takes it, e.g. gg1). The seed's choices
// (offload/pipelines/stage_defaults.hpp): k_parallel<md1> for DNN inference (deterministic service),
// k_parallel<mm1> for RNN/LLM (exponential), k_parallel<mg1> for a given service-time SCV.
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/breakdown.hpp"

namespace offload {

template <stage_model Stage>
class on_device_pipeline {
public:
    using stage_type = Stage;

    /// arrivals: the request process (a rate lambda >= 0 in 1/s is Poisson); device: the accelerator's
    /// service demand. Rates the device cannot sustain are allowed: the latency is then +inf.
    on_device_pipeline(const arrival_process& arrivals, const service_demand& device)
        : arrivals_(arrivals), device_(detail::require_valid_demand(device, "offload::on_device_pipeline", "device")),
          stage_(Stage::from_demand(arrivals_, device_)) {} // the stage model validates, once, here

    [[nodiscard]] double arrival_rate() const noexcept { return arrivals_.rate; }
    [[nodiscard]] const arrival_process& arrivals() const noexcept { return arrivals_; }
    [[nodiscard]] const service_demand& device_demand() const noexcept { return device_; }

    /// The device processing queue.
    [[nodiscard]] const Stage& stage() const noexcept { return stage_; }

    /// Equal inputs (the stage is derived from them).
    [[nodiscard]] friend bool operator==(const on_device_pipeline& a, const on_device_pipeline& b) {
        return a.arrivals_ == b.arrivals_ && a.device_ == b.device_;
    }

private:
    arrival_process arrivals_;
    service_demand device_;
    Stage stage_; // derived from the two above
};

/// Mean latency term by term: device_wait (w_dev^proc) and device_service (s_dev); other terms 0.
template <class Stage>
[[nodiscard]] latency_breakdown breakdown(const on_device_pipeline<Stage>& p) {
    const Stage& q = p.stage();
    latency_breakdown b;
    b.device_service = mean_service_time(q);
    b.device_wait = is_stable(q) ? static_cast<double>(mean_wait(q)) : infinity;
    b.total = detail::sum_terms(b);
    return b;
}

/// E[T_dev], seconds; +inf if the device cannot keep up.
template <class Stage>
[[nodiscard]] double mean_latency(const on_device_pipeline<Stage>& p) {
    const Stage& q = p.stage(); // breakdown(p).total up to rounding, without the nine-term sum
    return is_stable(q) ? static_cast<double>(mean_response(q)) : infinity;
}

template <class Stage>
[[nodiscard]] bool is_stable(const on_device_pipeline<Stage>& p) {
    return is_stable(p.stage());
}

/// The latency distribution: the stage's own response-time distribution (exact where the stage's is).
template <stage_with_distributions Stage>
[[nodiscard]] auto latency_distribution(const on_device_pipeline<Stage>& p) {
    return response_distribution(p.stage());
}

/// level-quantile of the on-device latency, seconds (+inf if unstable). level in (0, 1).
template <stage_with_distributions Stage>
[[nodiscard]] double latency_quantile(const on_device_pipeline<Stage>& p, double level) {
    return quantile(latency_distribution(p), level);
}

/// The same pipeline at another request rate (the interarrival SCV is kept).
template <class Stage>
[[nodiscard]] on_device_pipeline<Stage> with_arrival_rate(const on_device_pipeline<Stage>& p, double arrival_rate) {
    return detail::with_parameter_context("offload::with_arrival_rate", "arrival_rate", arrival_rate, [&] {
        return on_device_pipeline<Stage>(arrival_process(arrival_rate, p.arrivals().scv), p.device_demand());
    });
}

/// The same pipeline with the device's mean service time multiplied by `factor` (> 0): frequency scaling or
/// a low-power mode (seed Fig. 2); scv and parallelism are kept.
template <class Stage>
[[nodiscard]] on_device_pipeline<Stage> with_device_slowdown(const on_device_pipeline<Stage>& p, double factor) {
    detail::require_positive(factor, "offload::with_device_slowdown", "factor");
    service_demand d = p.device_demand();
    d.mean_seconds *= factor;
    return detail::with_parameter_context("offload::with_device_slowdown", "factor", factor,
                                          [&] { return on_device_pipeline<Stage>(p.arrivals(), d); });
}

} // namespace offload
