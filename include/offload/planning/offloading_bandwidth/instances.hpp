// offload/planning/offloading_bandwidth/instances.hpp — reproducible random task sizes for the joint offloading
// problem. The seed does not give its task-size distribution; the authors' public DDLO code (MUMT.py) draws each
// task's input as an integer number of MiB uniform on {10, ..., 30} and converts it with 8 * 2^20 bits per MiB,
// which is the default here. The generator is splitmix64, so the same seed gives the same sizes on every platform.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/offloading_bandwidth/problem.hpp"

namespace offload::planning {

namespace offloading_detail {

/// splitmix64: small, fast, and identical on every platform (std:: distributions are not).
class random_stream {
public:
    explicit random_stream(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    /// uniform on [0, 1)
    double uniform() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    /// uniform integer on [0, count) (count >= 1; the modulo bias is below 2^-40 for count < 2^24)
    std::size_t below(std::size_t count) { return static_cast<std::size_t>(next() % count); }
    /// standard normal (Box–Muller, one value per call)
    double normal() {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    std::uint64_t state_;
};

} // namespace offloading_detail

/// Bits per MiB (the public code's unit for task sizes).
inline constexpr double bits_per_mebibyte = 8.0 * 1048576.0;

/// Task sizes of the public DDLO code: each an integer number of MiB uniform on {min_mebibytes, ..., max_mebibytes}
/// (defaults 10 and 30), in bits, row-major N x M. Requires 1 <= N, M <= 1e6 and 0 <= min <= max <= 1e6.
class task_size_generator {
public:
    task_size_generator(std::size_t device_count, std::size_t tasks_per_device, std::uint64_t seed,
                        int min_mebibytes = 10, int max_mebibytes = 30)
        : devices_(device_count), tasks_(tasks_per_device), min_(min_mebibytes), max_(max_mebibytes), rng_(seed) {
        constexpr const char* fn = "offload::planning::task_size_generator";
        if (devices_ < 1 || devices_ > offloading_problem::max_devices)
            offload::detail::throw_parameter_error(fn, "device_count", static_cast<double>(devices_),
                                                   "must be in [1, 1e6]");
        if (tasks_ < 1 || tasks_ > offloading_problem::max_tasks_per_device)
            offload::detail::throw_parameter_error(fn, "tasks_per_device", static_cast<double>(tasks_),
                                                   "must be in [1, 1e6]");
        if (min_ < 0 || min_ > 1000000)
            offload::detail::throw_parameter_error(fn, "min_mebibytes", min_, "must be in [0, 1e6]");
        if (max_ < min_ || max_ > 1000000)
            offload::detail::throw_parameter_error(fn, "max_mebibytes", max_, "must be in [min_mebibytes, 1e6]");
    }

    /// The next N M task sizes, bits.
    std::vector<double> next() {
        std::vector<double> bits(devices_ * tasks_);
        const std::size_t span = static_cast<std::size_t>(max_) - static_cast<std::size_t>(min_) + 1;
        for (double& b : bits) b = static_cast<double>(min_ + static_cast<int>(rng_.below(span))) * bits_per_mebibyte;
        return bits;
    }

    /// The next instance with these task sizes.
    offloading_problem next_problem(const offloading_parameters& parameters = {}) {
        return offloading_problem(devices_, tasks_, next(), parameters);
    }

private:
    std::size_t devices_;
    std::size_t tasks_;
    int min_;
    int max_;
    offloading_detail::random_stream rng_;
};

} // namespace offload::planning
