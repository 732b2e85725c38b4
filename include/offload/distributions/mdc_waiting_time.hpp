// offload/distributions/mdc_waiting_time.hpp — the exact waiting-time distribution of the M/D/c/FCFS queue.
//
// Crommelin (1932), in the non-negative form of Franx (2001): for x = (k - 1) D + u, k >= 1, 0 <= u < D,
//     P(W <= x) = P(Lq + A <= k c - 1),   A ~ Poisson(lambda (D - u)) independent of Lq,
// where Lq is the number waiting at an arbitrary time. (Customers leave in arrival order; the tagged customer
// has started service by time t + x iff at most c of the customers present at t + u - D or arriving before
// him are still there, and over each further D exactly min(n, c) of them leave.) P(Lq = m) comes from
// offload/detail/mdc_solver.hpp; the sum has only non-negative terms. Moments: E[W] = E[Lq] / lambda and
// E[W^2] = E[Lq (Lq - 1)] / lambda^2 (distributional Little's law: the waiting line is FCFS).
// The response time is this plus D: shifted_time<mdc_waiting_time>.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <memory>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/detail/invert_cdf.hpp"
#include "offload/detail/mdc_solver.hpp"
#include "offload/error.hpp"

namespace offload {

class mdc_waiting_time {
public:
    /// Counts are ints: a floating-point servers does not compile (no silent truncation).
    template <std::floating_point F>
    mdc_waiting_time(double, double, F) = delete;

    /// arrival_rate lambda >= 0, service_time D > 0, servers c an integer >= 1. Unstable (lambda D >= c):
    /// the distribution sits at +infinity. Computes the queue-length distribution once (O(c M + M log M)).
    /// Throws convergence_error if rho is so close to 1 (about 1 - 1e-5) that more than 2^21 points are needed,
    /// and parameter_error naming 'servers' when the computation would exceed its documented size (more than
    /// 2^21 + 1 servers in heavy traffic, or more than 2^31 operations; docs/errors.md).
    mdc_waiting_time(double arrival_rate, double service_time, int servers)
        : lambda_(detail::require_non_negative(arrival_rate, "offload::mdc_waiting_time", "arrival_rate")),
          d_(detail::require_positive(service_time, "offload::mdc_waiting_time", "service_time")),
          c_(detail::require_integer_at_least(static_cast<double>(servers), 1, "offload::mdc_waiting_time",
                                              "servers")) {
        const double a = lambda_ * d_;
        if (!(a < static_cast<double>(c_))) {
            mean_ = variance_ = infinity;
            return;
        }
        if (a == 0.0) {
            cdf_lq_ = std::make_shared<const std::vector<double>>(1, 1.0);
            return;
        }
        const char* function = "offload::mdc_waiting_time";
        // the distribution first: it checks the size of the computation before any of it is done (issue 18 #15)
        auto cdf_lq = std::make_shared<const std::vector<double>>(detail::mdc_queue_length_cdf(c_, a, function));
        const detail::mdc_queue_moments moments = detail::mdc_moments(c_, a, function);
        mean_ = moments.mean / lambda_;
        variance_ = std::max(moments.factorial_second / (lambda_ * lambda_) - mean_ * mean_, 0.0);
        cdf_lq_ = std::move(cdf_lq);
    }

    double arrival_rate() const noexcept { return lambda_; }
    double service_time() const noexcept { return d_; }
    int servers() const noexcept { return c_; }
    bool is_stable() const noexcept { return cdf_lq_ != nullptr; }
    double mean() const noexcept { return mean_; }
    double variance() const noexcept { return variance_; }
    /// P(Lq <= m) for m = 0, 1, ... (1 beyond the end); empty if unstable.
    const std::vector<double>& queue_length_cdf() const noexcept {
        static const std::vector<double> empty;
        return cdf_lq_ ? *cdf_lq_ : empty;
    }

private:
    double lambda_;
    double d_;
    int c_;
    double mean_ = 0.0;
    double variance_ = 0.0;
    std::shared_ptr<const std::vector<double>> cdf_lq_;
};

[[nodiscard]] inline double mean(const mdc_waiting_time& w) noexcept { return w.mean(); }
[[nodiscard]] inline double variance(const mdc_waiting_time& w) noexcept { return w.variance(); }

/// P(W <= t); P(W = 0) = P(fewer than c in system) is an atom at t = 0.
[[nodiscard]] inline double cdf(const mdc_waiting_time& w, double t) {
    detail::require_not_nan(t, "offload::cdf(mdc_waiting_time)", "t");
    if (!w.is_stable()) return 0.0;
    if (t < 0.0) return 0.0;
    if (w.arrival_rate() == 0.0) return 1.0;
    const std::vector<double>& lq = w.queue_length_cdf();
    const double d = w.service_time();
    const double c = static_cast<double>(w.servers());
    const double a = w.arrival_rate() * d;
    const double periods = std::floor(t / d); // k - 1
    // beyond the stored support plus the whole Poisson(a) range the cdf is 1 to double precision
    if (periods * c > static_cast<double>(lq.size()) + a + 40.0 * std::sqrt(a) + 100.0) return 1.0;
    const double u = std::fmin(std::fmax(t - periods * d, 0.0), d);
    const double n = (periods + 1.0) * c - 1.0;
    return detail::mdc_convolved_cdf(lq, w.arrival_rate() * (d - u), n);
}

[[nodiscard]] inline double quantile(const mdc_waiting_time& w, double p) {
    detail::require_open_probability(p, "offload::quantile(mdc_waiting_time)", "p");
    if (!w.is_stable()) return infinity;
    return detail::invert_cdf([&](double t) { return cdf(w, t); }, p, 0.0, w.mean() + w.service_time(),
                              "offload::quantile(mdc_waiting_time)");
}

static_assert(time_distribution<mdc_waiting_time>);

} // namespace offload
