// benchmarks/policy_fixture.hpp — what bench_policy and instruction_counts share: the six options (device + 4
// edges + cloud) and the bare reference of decide() (the same rule without the library).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "offload/policy.hpp"

namespace offload::bench {

/// Device + 4 edges (the last 3 with other tenants) + cloud, tails on or off. edge_scv: the scv of the request's
/// service time on the edges (0.1: an Erlang shape 10, whose gamma factor the inversion takes by squaring; 0.11: a
/// non-integer shape, the log/exp form).
inline policy_description six_options(bool tails, double edge_scv = 0.1) {
    policy_description d;
    d.device = service_demand{0.019, 0.0, 1.0};
    for (int i = 0; i < 4; ++i) {
        policy_remote e;
        e.name = "edge";
        e.demand = service_demand{0.0055, edge_scv, 1.0};
        e.bandwidth = megabits_per_second(10.0 + 5.0 * i);
        e.background_rate = 10.0 * i;
        e.background_service = 0.008;
        d.remotes.push_back(e);
    }
    policy_remote cloud;
    cloud.name = "cloud";
    cloud.kind = option_kind::cloud;
    cloud.demand = service_demand{0.002, 0.0, 4.0};
    cloud.bandwidth = megabits_per_second(50.0);
    cloud.propagation = 0.02;
    d.remotes.push_back(cloud);
    d.workload.arrival_rate = 10.0;
    d.workload.request_bytes = 6500.0;
    d.workload.result_bytes = 1000.0;
    d.options.tails = tails;
    d.options.hysteresis_margin = 0.05;
    d.options.min_dwell = 0.5;
    return d;
}

/// six_options(true) where every request timestamp moves the arrival-rate estimate (two timestamps kept, a
/// 1 % tolerance): each observe_request(t) with alternating gaps re-evaluates EVERY option.
inline policy_description six_options_rate_driven(double edge_scv = 0.1) {
    policy_description d = six_options(true, edge_scv);
    d.options.rate_capacity = 2;
    d.options.rate_tolerance = 0.01;
    return d;
}

/// The bare reference of decide(): a sequence lock over 6 precomputed objective values (the writer ranks
/// nothing: the reader takes the argmin), then the hysteresis margin and the dwell time against the current
/// option, recorded with a compare-and-swap. No constraints, no reasons, no chosen prediction: the floor.
class bare_decider {
public:
    static constexpr std::size_t n = 6;

    void publish(const std::array<double, n>& values) noexcept {
        const std::uint64_t s = seq_.load(std::memory_order_relaxed);
        seq_.store(s + 1, std::memory_order_relaxed);
        for (std::size_t i = 0; i < n; ++i) values_[i].store(values[i], std::memory_order_release);
        seq_.store(s + 2, std::memory_order_release);
    }

    /// The option to use at time `now` (microseconds).
    std::size_t decide(std::uint64_t now, double margin, std::uint64_t dwell) noexcept {
        std::array<double, n> v{};
        for (;;) {
            const std::uint64_t s1 = seq_.load(std::memory_order_acquire);
            if (s1 & 1u) continue;
            for (std::size_t i = 0; i < n; ++i) v[i] = values_[i].load(std::memory_order_acquire);
            if (seq_.load(std::memory_order_relaxed) == s1) break;
        }
        std::size_t best = 0;
        for (std::size_t i = 1; i < n; ++i)
            if (v[i] < v[best]) best = i;
        std::uint64_t state = state_.load(std::memory_order_acquire);
        const std::size_t current = state & 0xffu;
        if (current < n && current != best && (now - (state >> 8) < dwell || !(v[best] < (1.0 - margin) * v[current])))
            return current;
        if (current != best) state_.compare_exchange_strong(state, (now << 8) | best, std::memory_order_acq_rel);
        return best;
    }

private:
    std::atomic<std::uint64_t> seq_{0};
    std::array<std::atomic<double>, n> values_{};
    std::atomic<std::uint64_t> state_{0xffu};
};

} // namespace offload::bench
