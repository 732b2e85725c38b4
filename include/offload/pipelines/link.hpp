// offload/pipelines/link.hpp — what an offload pipeline sends over the network: a link (bandwidth and
// one-way propagation delay) and the payload sizes of a request and its result.
//
// Units: bytes and bytes per second (use megabits_per_second() for link rates quoted in Mbit/s).
// The seed's NIC queues (seed 003, eq. 1 and Algorithm 1) serve one payload of D bytes in D / B seconds.
#pragma once

#include "offload/error.hpp"

namespace offload {

/// Bytes per second for a rate quoted in Mbit/s (10^6 bits): 5 Mbit/s = 625000 B/s.
[[nodiscard]] constexpr double megabits_per_second(double mbit_per_second) noexcept {
    return mbit_per_second * 1.0e6 / 8.0;
}

/// One direction of a network path.
class network_link {
public:
    bool operator==(const network_link&) const = default;

    /// bandwidth_bytes_per_second B > 0 (finite), propagation_delay_seconds >= 0 (one way, finite).
    constexpr explicit network_link(double bandwidth_bytes_per_second, double propagation_delay_seconds = 0.0)
        : bandwidth_(detail::require_positive(bandwidth_bytes_per_second, "offload::network_link",
                                              "bandwidth_bytes_per_second")),
          propagation_(detail::require_non_negative(propagation_delay_seconds, "offload::network_link",
                                                    "propagation_delay_seconds")) {}

    [[nodiscard]] constexpr double bandwidth() const noexcept { return bandwidth_; }           ///< B, bytes/s
    [[nodiscard]] constexpr double propagation_delay() const noexcept { return propagation_; } ///< one way, seconds

private:
    double bandwidth_;
    double propagation_;
};

/// Transmission time of `bytes` over `link` (the seed's n = D / B), seconds.
[[nodiscard]] constexpr double transmission_time(const network_link& link, double bytes) noexcept {
    return bytes / link.bandwidth();
}

/// Sizes of what an offloaded request sends (request or intermediate tensor) and what comes back (result).
class payload {
public:
    bool operator==(const payload&) const = default;

    /// request_bytes D_req > 0, result_bytes D_res >= 0 (0: nothing comes back over the network).
    constexpr payload(double request_bytes, double result_bytes)
        : request_(detail::require_positive(request_bytes, "offload::payload", "request_bytes")),
          result_(detail::require_non_negative(result_bytes, "offload::payload", "result_bytes")) {}

    [[nodiscard]] constexpr double request_bytes() const noexcept {
        return request_;
    }                                                                                ///< D_req (or D_inter for a split)
    [[nodiscard]] constexpr double result_bytes() const noexcept { return result_; } ///< D_res

private:
    double request_;
    double result_;
};

/// Where the result of an offloaded request is consumed. `device` (seed eq. 1, AR/VR) pays the return
/// path; `remote` (IoT sensing, results consumed at the edge/cloud) omits it (seed §3.3).
enum class result_destination { device, remote };

} // namespace offload
