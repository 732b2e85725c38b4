// offload/pipelines/service_kind.hpp — the kind of a workload's service time (a light header: no models).
//
//   service_kind::deterministic  DNN inference on an accelerator (SCV 0)
//   service_kind::exponential    RNN / LLM inference (SCV 1)
//   service_kind::general        a measured service-time SCV
//
// pipelines/stage_defaults.hpp maps each kind to the seed's stage model (stage_for<K>).
#pragma once

namespace offload {

enum class service_kind { deterministic, exponential, general };

/// "deterministic", "exponential" or "general" ("?" for a value outside the enum).
[[nodiscard]] constexpr const char* to_string(service_kind k) noexcept {
    switch (k) {
    case service_kind::deterministic:
        return "deterministic";
    case service_kind::exponential:
        return "exponential";
    case service_kind::general:
        return "general";
    }
    return "?";
}

} // namespace offload
