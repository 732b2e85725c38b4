// offload/decision/energy.hpp — the device-side energy of one request, seed 002 §IV (Eqs. 1, 5 and the
// utility Q of §IV-D), for the energy + delay objective.
//
// Seed 002 (Mobile Edge Computing; one edge server, N wireless devices) charges a task of d bits:
//   locally:     E^l = d e^l                (Eq. 5; e^l: the device's energy per bit processed)
//   offloaded:   E^c = E^t + alpha d         (Eq. 1; E^t: the energy the device spends uploading, alpha: the
//                                            weight of the edge's processing cost per bit; alpha = 0 counts
//                                            the wireless device only)
// and minimises Q = sum (energy) + beta max(T^l, T^c), beta in joules per second (§IV-D). Per request this
// library uses cost = E + beta E[T] with E[T] from the queueing pipelines (the seed's T are service times
// without queueing). The seed leaves E^t unspecified beyond "the energy consumed while uploading"; here it is
// d_sent e^t (energy per transmitted bit). Results returning to the device cost nothing (seed §IV-B: feedback
// is small and its energy ignored).
// Extension (not in the seed): a split after a layer runs a fraction f of the work on the device and uploads
// the intermediate tensor: E = f d e^l + d_inter e^t + alpha (1 - f) d.
#pragma once

#include "offload/error.hpp"

namespace offload {

class energy_model {
public:
    /// local_joules_per_bit e^l >= 0; transmit_joules_per_bit e^t >= 0; remote_joules_per_bit alpha >= 0.
    constexpr energy_model(double local_joules_per_bit, double transmit_joules_per_bit,
                           double remote_joules_per_bit = 0.0)
        : local_(detail::require_non_negative(local_joules_per_bit, "offload::energy_model", "local_joules_per_bit")),
          transmit_(detail::require_non_negative(transmit_joules_per_bit, "offload::energy_model",
                                                 "transmit_joules_per_bit")),
          remote_(
              detail::require_non_negative(remote_joules_per_bit, "offload::energy_model", "remote_joules_per_bit")) {}

    [[nodiscard]] constexpr double local_joules_per_bit() const noexcept { return local_; }       ///< e^l
    [[nodiscard]] constexpr double transmit_joules_per_bit() const noexcept { return transmit_; } ///< e^t
    [[nodiscard]] constexpr double remote_joules_per_bit() const noexcept { return remote_; }     ///< alpha

private:
    double local_;
    double transmit_;
    double remote_;

public:
    bool operator==(const energy_model&) const = default;
};

/// E^l = d e^l, joules; task_bits d >= 0.
[[nodiscard]] constexpr double local_energy(const energy_model& m, double task_bits) {
    return detail::require_non_negative(task_bits, "offload::local_energy", "task_bits") * m.local_joules_per_bit();
}

/// E^c = d e^t + alpha d, joules: the whole task of d bits is uploaded and processed remotely.
[[nodiscard]] constexpr double offload_energy(const energy_model& m, double task_bits) {
    const double d = detail::require_non_negative(task_bits, "offload::offload_energy", "task_bits");
    return d * m.transmit_joules_per_bit() + m.remote_joules_per_bit() * d;
}

/// Split (an extension of the seed): E = f d e^l + d_inter e^t + alpha (1 - f) d, joules. device_fraction f in
/// [0, 1] (share of the work run on the device, e.g. device FLOPs / total FLOPs); sent_bits d_inter >= 0.
[[nodiscard]] constexpr double split_energy(const energy_model& m, double task_bits, double device_fraction,
                                            double sent_bits) {
    constexpr const char* fn = "offload::split_energy";
    const double d = detail::require_non_negative(task_bits, fn, "task_bits");
    const double f = detail::require_probability(device_fraction, fn, "device_fraction");
    const double sent = detail::require_non_negative(sent_bits, fn, "sent_bits");
    return f * d * m.local_joules_per_bit() + sent * m.transmit_joules_per_bit() +
           m.remote_joules_per_bit() * (1.0 - f) * d;
}

/// The seed's weighted cost of one request: energy + beta latency (beta >= 0, joules per second).
[[nodiscard]] constexpr double energy_delay_cost(double energy_joules, double latency_seconds, double beta) {
    constexpr const char* fn = "offload::energy_delay_cost";
    detail::require_non_negative(energy_joules, fn, "energy_joules");
    detail::require_non_negative(beta, fn, "beta");
    if (!(latency_seconds >= 0.0))
        detail::throw_parameter_error(fn, "latency_seconds", latency_seconds, "must be >= 0");
    if (beta == 0.0) return energy_joules;         // no 0 x inf: delay does not count
    return energy_joules + beta * latency_seconds; // +inf latency (unstable) gives +inf
}

} // namespace offload
