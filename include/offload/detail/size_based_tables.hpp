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

} // namespace offload::detail
