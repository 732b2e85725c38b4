// offload/detail/size_based_tables.hpp — internal: the truncated moments of a service-time distribution given
// by its cdf, tabulated once, that the size-based M/G/1 disciplines (offload/queues/mg1_las.hpp,
// mg1_srpt.hpp, mg1_fcfs.hpp) need for their conditional means:
//     m1(x) = int_0^x (1 - F(t)) dt = E[min(S, x)],   m2(x) = int_0^x 2 t (1 - F(t)) dt = E[min(S, x)^2],
//     rho(x) = lambda (m1(x) - x (1 - F(x))) = lambda int_0^x t dF(t)   (load of the jobs of size <= x),
//     r(x) = int_0^x dt / (1 - rho(t))   (SRPT's residence integral).
// Grid: 0 and 16384 geometrically spaced points from the 1e-10 to the 1 - 1e-12 quantile; integrals by the
// trapezoid rule, relative error ~ (grid ratio - 1)^2 / 12 (below 1e-6 for the exponential and lognormal cases in the tests), the mass
// beyond the last point (1e-12) ignored. A point mass (a deterministic service time: the 1e-10 and 1 - 1e-12
// quantiles coincide) is handled exactly; any other atom is smeared over one grid cell (and SRPT's left limit
// rho(x-) at an atom is then missed).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload::detail {

class size_based_tables {
public:
    size_based_tables() = default;

    template <time_distribution D>
    size_based_tables(double lambda, const D& d) : lambda_(lambda) {
        const double m = mean(d);
        double lo = quantile(d, 1e-10);
        double hi = quantile(d, 1.0 - 1e-12);
        if (lo > 0.0 && lo == hi) { // every job has size lo: the moments in closed form
            atom_ = lo;
            return;
        }
        if (!(lo > 0.0)) lo = 1e-10 * m;
        if (!(hi < infinity)) hi = 1e12 * m;
        hi = std::max(hi, lo * (1.0 + 1e-6));
        constexpr std::size_t n = 16384;
        x_.reserve(n + 1);
        x_.push_back(0.0);
        const double ratio = std::log(hi / lo) / static_cast<double>(n - 1);
        for (std::size_t k = 0; k < n; ++k) x_.push_back(lo * std::exp(ratio * static_cast<double>(k)));
        x_.back() = hi;
        cdf_.resize(x_.size());
        m1_.assign(x_.size(), 0.0);
        m2_.assign(x_.size(), 0.0);
        r_.assign(x_.size(), 0.0);
        for (std::size_t k = 0; k < x_.size(); ++k) cdf_[k] = std::clamp(static_cast<double>(cdf(d, x_[k])), 0.0, 1.0);
        for (std::size_t k = 1; k < x_.size(); ++k) {
            const double h = x_[k] - x_[k - 1];
            const double s0 = 1.0 - cdf_[k - 1], s1 = 1.0 - cdf_[k];
            m1_[k] = m1_[k - 1] + 0.5 * h * (s0 + s1);
            m2_[k] = m2_[k - 1] + h * (x_[k - 1] * s0 + x_[k] * s1);
            r_[k] = r_[k - 1] + 0.5 * h * (1.0 / (1.0 - rho_at(k - 1)) + 1.0 / (1.0 - rho_at(k)));
        }
    }

    /// (m1(x), m2(x), rho(x), r(x)) at any x >= 0, given F(x); rho_left = rho(x-), the load of the jobs smaller
    /// than x (equal to rho(x) but at an atom)
    struct point {
        double m1, m2, rho, r, rho_left;
    };
    [[nodiscard]] point at(double x, double fx) const noexcept {
        if (atom_ > 0.0) {
            const double m1 = std::min(x, atom_);
            const double rho = x >= atom_ ? lambda_ * atom_ : 0.0;
            const double rho_left = x > atom_ ? rho : 0.0;
            const double r = m1 + (x > atom_ ? (x - atom_) / (1.0 - rho) : 0.0);
            return {m1, m1 * m1, rho, r, rho_left};
        }
        const std::size_t k = cell(x);
        const double h = x - x_[k];
        const double s0 = 1.0 - cdf_[k], s1 = 1.0 - fx;
        const double m1 = m1_[k] + 0.5 * h * (s0 + s1);
        const double m2 = m2_[k] + h * (x_[k] * s0 + x * s1);
        const double rho = std::max(0.0, lambda_ * (m1 - x * s1));
        const double r = r_[k] + 0.5 * h * (1.0 / (1.0 - rho_at(k)) + 1.0 / (1.0 - rho));
        return {m1, m2, rho, r, rho};
    }

    /// int_0^inf g(x) dF(x) by the midpoint rule on the grid cells (plus g(last) times the tail mass)
    template <class G>
    [[nodiscard]] double expectation(G g) const {
        if (atom_ > 0.0) return g(atom_);
        double total = 0.0;
        for (std::size_t k = 1; k < x_.size(); ++k) {
            const double mass = cdf_[k] - cdf_[k - 1];
            if (mass > 0.0) total += mass * g(0.5 * (x_[k - 1] + x_[k]));
        }
        const double tail = 1.0 - cdf_.back();
        return tail > 0.0 ? total + tail * g(x_.back()) : total;
    }

private:
    [[nodiscard]] double rho_at(std::size_t k) const noexcept {
        return std::max(0.0, lambda_ * (m1_[k] - x_[k] * (1.0 - cdf_[k])));
    }
    [[nodiscard]] std::size_t cell(double x) const noexcept {
        const auto it = std::upper_bound(x_.begin(), x_.end(), x);
        return it == x_.begin() ? 0 : static_cast<std::size_t>(it - x_.begin()) - 1;
    }

    double lambda_ = 0.0;
    double atom_ = 0.0; // > 0: every job has this size (deterministic service)
    std::vector<double> x_, cdf_, m1_, m2_, r_;
};

/// validates (lambda, D) for the size-based M/G/1 models; returns E[S]
template <time_distribution D>
double require_size_based_service(double lambda, const D& d, const char* fn) {
    require_non_negative(lambda, fn, "arrival_rate");
    return require_positive(mean(d), fn, "mean(service)");
}

/// What every size-based M/G/1 discipline (mg1_las, mg1_srpt, mg1_fcfs) holds: lambda, the service-time
/// distribution D, E[S], and (when the discipline's conditional means need them) the truncated-moment tables.
/// The disciplines derive from it; arrival_rate, mean_service_time, utilization and is_stable are shared.
template <time_distribution D, bool WithTables>
class size_based_mg1 {
    struct no_tables {
        no_tables(double /*lambda*/, const D& /*service*/) {}
    };

public:
    /// Equal when lambda and the service distribution are (E[S] and the tables are computed from them).
    friend bool operator==(const size_based_mg1& a, const size_based_mg1& b) {
        return a.lambda_ == b.lambda_ && a.service_ == b.service_;
    }

    [[nodiscard]] double arrival_rate() const noexcept { return lambda_; }
    [[nodiscard]] const D& service() const noexcept { return service_; }
    [[nodiscard]] double mean_service_time() const noexcept { return mean_; }
    [[nodiscard]] const size_based_tables& tables() const noexcept requires WithTables { return tables_; }

protected:
    /// arrival_rate lambda >= 0 (1/s); service: the service-time distribution (mean finite and > 0); function:
    /// the discipline's name for errors
    size_based_mg1(double arrival_rate, D service, const char* function)
        : lambda_(arrival_rate), service_(std::move(service)),
          mean_(require_size_based_service(arrival_rate, service_, function)), tables_(arrival_rate, service_) {}

private:
    double lambda_;
    D service_;
    double mean_;
    [[no_unique_address]] std::conditional_t<WithTables, size_based_tables, no_tables> tables_;
};

} // namespace offload::detail

namespace offload {

template <class D, bool T>
[[nodiscard]] double arrival_rate(const detail::size_based_mg1<D, T>& q) noexcept {
    return q.arrival_rate();
}
template <class D, bool T>
[[nodiscard]] double mean_service_time(const detail::size_based_mg1<D, T>& q) noexcept {
    return q.mean_service_time();
}
template <class D, bool T>
[[nodiscard]] double utilization(const detail::size_based_mg1<D, T>& q) noexcept {
    return q.arrival_rate() * q.mean_service_time();
}
template <class D, bool T>
[[nodiscard]] bool is_stable(const detail::size_based_mg1<D, T>& q) noexcept {
    return utilization(q) < 1.0;
}

} // namespace offload
