// offload/planning/offloading_bandwidth/problem.hpp — joint binary offloading and bandwidth allocation (seed 002
// §IV): N wireless devices with M tasks each, one edge server behind one access point of total uplink bandwidth C.
//
// Model (seed 002 eqs. 1–7 and the utility Q of §IV-D). Task m of device n has d_nm bits; x_nm = 1 offloads it.
//   offloaded:  E^c_nm = e^t d_nm + alpha d_nm                 (eq. 1, with E^t = e^t d: offload::offload_energy)
//               T^c_n  = sum_m x_nm (d_nm / c_n + d_nm / f^c)   (eqs. 2–4; c_n: the device's bandwidth, bits/s)
//   local:      E^l_nm = e^l d_nm                                (eq. 5: offload::local_energy)
//               T^l_n  = sum_m (1 - x_nm) t^l d_nm               (eqs. 6–7)
//   Q(d, x, c)  = sum_n [ sum_m (x E^c + (1 - x) E^l) + beta max(T^l_n, T^c_n) ]   (offload::energy_delay_cost)
// subject to sum_n c_n <= C, c_n >= 0. The energy terms are the decision layer's energy_model (decision/energy.hpp)
// unchanged; only the per-device aggregation and the bandwidth coupling are new here. docs/planning.md
// ("Joint offloading and bandwidth allocation") has the derivations and the defaults' sources.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "offload/decision/energy.hpp"
#include "offload/error.hpp"

namespace offload::planning {

/// The seed's constants (§VII-A) and the ones it leaves undefined, with the defaults used by the authors'
/// public DDLO code (github.com/revenol/DDLO, MUMT.py) where the seed gives none. docs/planning.md lists each source.
struct offloading_parameters {
    /// C, total uplink bandwidth in bits/s: 150 Mbps (seed §VII-A "uplink bandwidth limit").
    double bandwidth_bits_per_second = 150e6;
    /// t^l, local processing time per bit (seed §VII-A and the public code: 4.75e-7 s/bit).
    double local_seconds_per_bit = 4.75e-7;
    /// f^c, edge processing rate in bits/s. Undefined in the seed; the public code charges 1900 cycles per bit on
    /// a 10 GHz edge: f^c = 1e10 / 1900 bits/s.
    double edge_bits_per_second = 1e10 / 1900.0;
    /// beta, weight of the delay in joules per second (seed §VII-A: 1 J/s).
    double delay_weight = 1.0;
    /// e^l = 3.25e-7 J/bit (seed §VII-A), e^t = 1.42e-7 J/bit (public code; the seed leaves E^t undefined),
    /// alpha = 1.5e-7 J/bit (seed §VII-A and the public code).
    energy_model energy{3.25e-7, 1.42e-7, 1.5e-7};

    friend bool operator==(const offloading_parameters&, const offloading_parameters&) = default;
};

/// A validated instance: device_count N >= 1 devices, tasks_per_device M >= 1, task_bits row-major (task_bits[n M + m]
/// = d_nm, finite and >= 0), and the parameters (C finite > 0, t^l finite >= 0, f^c finite > 0, beta finite >= 0).
class offloading_problem {
public:
    offloading_problem(std::size_t device_count, std::size_t tasks_per_device, std::vector<double> task_bits,
                       offloading_parameters parameters = {})
        : devices_(device_count), tasks_(tasks_per_device), bits_(std::move(task_bits)), p_(parameters) {
        constexpr const char* fn = "offload::planning::offloading_problem";
        if (devices_ < 1 || devices_ > max_devices)
            offload::detail::throw_parameter_error(fn, "device_count", static_cast<double>(devices_),
                                                   "must be in [1, 1e6]");
        if (tasks_ < 1 || tasks_ > max_tasks_per_device)
            offload::detail::throw_parameter_error(fn, "tasks_per_device", static_cast<double>(tasks_),
                                                   "must be in [1, 1e6]");
        if (bits_.size() != devices_ * tasks_)
            offload::detail::throw_parameter_error(fn, "task_bits.size", static_cast<double>(bits_.size()),
                                                   "must equal device_count * tasks_per_device");
        for (std::size_t i = 0; i < bits_.size(); ++i)
            if (!(bits_[i] >= 0.0 && bits_[i] < infinity)) {
                const std::string name =
                    "task_bits[" + std::to_string(i / tasks_) + "][" + std::to_string(i % tasks_) + "]";
                offload::detail::throw_parameter_error(fn, name.c_str(), bits_[i], "must be finite and >= 0");
            }
        offload::detail::require_positive(p_.bandwidth_bits_per_second, fn, "parameters.bandwidth_bits_per_second");
        offload::detail::require_non_negative(p_.local_seconds_per_bit, fn, "parameters.local_seconds_per_bit");
        offload::detail::require_positive(p_.edge_bits_per_second, fn, "parameters.edge_bits_per_second");
        offload::detail::require_non_negative(p_.delay_weight, fn, "parameters.delay_weight");
    }

    [[nodiscard]] std::size_t device_count() const noexcept { return devices_; }   ///< N
    [[nodiscard]] std::size_t tasks_per_device() const noexcept { return tasks_; } ///< M
    [[nodiscard]] std::size_t task_count() const noexcept { return bits_.size(); } ///< N M
    [[nodiscard]] const std::vector<double>& task_bits() const noexcept { return bits_; }
    [[nodiscard]] double task_bits(std::size_t n, std::size_t m) const noexcept { return bits_[n * tasks_ + m]; }
    [[nodiscard]] const offloading_parameters& parameters() const noexcept { return p_; }

    friend bool operator==(const offloading_problem&, const offloading_problem&) = default;

    static constexpr std::size_t max_devices = 1000000;
    static constexpr std::size_t max_tasks_per_device = 1000000;

private:
    std::size_t devices_;
    std::size_t tasks_;
    std::vector<double> bits_;
    offloading_parameters p_;
};

/// Binary offloading decision x, row-major like task_bits: offload[n M + m] = 1 sends task m of device n to the edge.
struct offloading_decision {
    std::vector<std::uint8_t> offload;

    friend bool operator==(const offloading_decision&, const offloading_decision&) = default;
};

/// A decision with its bandwidth allocation c (bits/s, one entry per device).
struct offloading_plan {
    offloading_decision decision;
    std::vector<double> bandwidth_bits_per_second;

    friend bool operator==(const offloading_plan&, const offloading_plan&) = default;
};

/// One device's share of Q.
struct device_evaluation {
    double energy_joules = 0.0;  ///< sum_m (x E^c + (1 - x) E^l)
    double local_seconds = 0.0;  ///< T^l_n (eq. 7)
    double edge_seconds = 0.0;   ///< T^c_n (eq. 4); +inf when bits are offloaded over zero bandwidth
    double offloaded_bits = 0.0; ///< D_n = sum_m x d
    double delay_seconds = 0.0;  ///< max(T^l_n, T^c_n)
    double utility = 0.0;        ///< energy + beta delay (offload::energy_delay_cost)

    friend bool operator==(const device_evaluation&, const device_evaluation&) = default;
};

/// Q and its parts: utility = energy_joules + beta delay_seconds (delay not counted when beta = 0).
struct offloading_evaluation {
    double utility = 0.0;       ///< Q(d, x, c)
    double energy_joules = 0.0; ///< sum of the device energies
    double delay_seconds = 0.0; ///< sum_n max(T^l_n, T^c_n)
    double bandwidth_used_bits_per_second = 0.0;
    std::vector<device_evaluation> devices;

    friend bool operator==(const offloading_evaluation&, const offloading_evaluation&) = default;
};

namespace offloading_detail {

inline void check_decision(const offloading_problem& p, const offloading_decision& x, const char* fn) {
    if (x.offload.size() != p.task_count())
        offload::detail::throw_parameter_error(fn, "decision.offload.size", static_cast<double>(x.offload.size()),
                                               "must equal device_count * tasks_per_device");
    for (std::size_t i = 0; i < x.offload.size(); ++i)
        if (x.offload[i] > 1) {
            const std::string name = "decision.offload[" + std::to_string(i) + "]";
            offload::detail::throw_parameter_error(fn, name.c_str(), static_cast<double>(x.offload[i]),
                                                   "must be 0 (local) or 1 (offload)");
        }
}

/// Per-device aggregates of a decision: offloaded bits D, edge processing time A = D / f^c, local time L, energy E.
struct device_aggregate {
    double offloaded_bits = 0.0;
    double edge_processing_seconds = 0.0;
    double local_seconds = 0.0;
    double energy_joules = 0.0;
};

inline device_aggregate aggregate(const offloading_problem& p, const std::uint8_t* x, std::size_t n) {
    const offloading_parameters& q = p.parameters();
    device_aggregate a;
    for (std::size_t m = 0; m < p.tasks_per_device(); ++m) {
        const double d = p.task_bits(n, m);
        if (x[n * p.tasks_per_device() + m] != 0) {
            a.offloaded_bits += d;
            a.energy_joules += offload_energy(q.energy, d);
        } else {
            a.local_seconds += q.local_seconds_per_bit * d;
            a.energy_joules += local_energy(q.energy, d);
        }
    }
    a.edge_processing_seconds = a.offloaded_bits / q.edge_bits_per_second;
    return a;
}

} // namespace offloading_detail

/// Scores any plan with eqs. 1–7: every solver's plan goes through here. bandwidth_bits_per_second needs one finite
/// entry >= 0 per device with sum <= C (relative slack 1e-9 for rounding). A device that offloads bits over zero
/// bandwidth has T^c = +inf and, for beta > 0, Q = +inf.
[[nodiscard]] inline offloading_evaluation evaluate_offloading(const offloading_problem& p,
                                                               const offloading_plan& plan) {
    constexpr const char* fn = "offload::planning::evaluate_offloading";
    offloading_detail::check_decision(p, plan.decision, fn);
    const std::vector<double>& c = plan.bandwidth_bits_per_second;
    if (c.size() != p.device_count())
        offload::detail::throw_parameter_error(fn, "plan.bandwidth_bits_per_second.size", static_cast<double>(c.size()),
                                               "must equal device_count");
    offloading_evaluation out;
    out.devices.resize(p.device_count());
    for (std::size_t n = 0; n < c.size(); ++n) {
        if (!(c[n] >= 0.0 && c[n] < infinity)) {
            const std::string name = "plan.bandwidth_bits_per_second[" + std::to_string(n) + "]";
            offload::detail::throw_parameter_error(fn, name.c_str(), c[n], "must be finite and >= 0");
        }
        out.bandwidth_used_bits_per_second += c[n];
    }
    const double cap = p.parameters().bandwidth_bits_per_second;
    if (out.bandwidth_used_bits_per_second > cap * (1.0 + 1e-9))
        offload::detail::throw_parameter_error(fn, "sum(plan.bandwidth_bits_per_second)",
                                               out.bandwidth_used_bits_per_second,
                                               "must be <= parameters.bandwidth_bits_per_second (C)");
    const double beta = p.parameters().delay_weight;
    for (std::size_t n = 0; n < c.size(); ++n) {
        const auto a = offloading_detail::aggregate(p, plan.decision.offload.data(), n);
        device_evaluation& e = out.devices[n];
        e.energy_joules = a.energy_joules;
        e.local_seconds = a.local_seconds;
        e.offloaded_bits = a.offloaded_bits;
        if (a.offloaded_bits > 0.0)
            e.edge_seconds = c[n] > 0.0 ? a.offloaded_bits / c[n] + a.edge_processing_seconds : infinity;
        e.delay_seconds = std::max(e.local_seconds, e.edge_seconds);
        e.utility = energy_delay_cost(e.energy_joules, e.delay_seconds, beta);
        out.utility += e.utility;
        out.energy_joules += e.energy_joules;
        out.delay_seconds += e.delay_seconds;
    }
    return out;
}

/// x = 0 everywhere (the seed's "local processing only").
[[nodiscard]] inline offloading_decision local_only_decision(const offloading_problem& p) {
    return {std::vector<std::uint8_t>(p.task_count(), 0)};
}

/// x = 1 everywhere (the seed's "edge processing only").
[[nodiscard]] inline offloading_decision edge_only_decision(const offloading_problem& p) {
    return {std::vector<std::uint8_t>(p.task_count(), 1)};
}

/// The public DDLO code's bandwidth (MUMT.py): C / N to every device, whether it offloads or not.
[[nodiscard]] inline std::vector<double> equal_bandwidth_split(const offloading_problem& p) {
    return std::vector<double>(p.device_count(),
                               p.parameters().bandwidth_bits_per_second / static_cast<double>(p.device_count()));
}

} // namespace offload::planning
