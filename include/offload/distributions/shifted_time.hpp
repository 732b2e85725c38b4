// offload/distributions/shifted_time.hpp — a time distribution plus a constant: T = X + shift.
// The response time of a queue with deterministic service is its waiting time shifted by the service time.
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

template <time_distribution D>
class shifted_time {
public:
    shifted_time(D base, double shift_seconds)
        : base_(base), shift_(detail::require_non_negative(shift_seconds, "offload::shifted_time", "shift_seconds")) {}

    const D& base() const noexcept { return base_; }
    double shift() const noexcept { return shift_; }

private:
    D base_;
    double shift_;
};

template <class D>
double mean(const shifted_time<D>& d) {
    return mean(d.base()) + d.shift();
}
template <class D>
double variance(const shifted_time<D>& d) {
    return variance(d.base());
}
template <class D>
double cdf(const shifted_time<D>& d, double t) {
    return cdf(d.base(), t - d.shift());
}
template <class D>
double quantile(const shifted_time<D>& d, double p) {
    return quantile(d.base(), p) + d.shift();
}

} // namespace offload
