// offload/distributions/transform_inverted_time.hpp — the distribution of a sum of independent random times
// plus a constant, from the product of their Laplace-Stieltjes transforms (LSTs), by numerical inversion.
//
//   T = shift + X_1 + ... + X_n,   E[e^{-sT}] = e^{-s shift} prod_j phi_j(s)
//
// Factors phi_j (each an exact LST; docs/pipelines.md lists which stage maps to which):
//   exponential(a)          a / (a + s)                                      (an M/M/1 response time)
//   atom_exponential(q, a)  (1 - q) + q a / (a + s)                          (M/M/1, M/M/c waiting times)
//   gamma_service(m, c)     (1 + s c m)^(-1/c)   (c = 1: exponential)        (the mg1 service shape)
//   pk_wait(lambda, m, c)   (1 - rho) s / (s - lambda (1 - G(s))), G the gamma_service(m, c) LST,
//                           G(s) = e^{-s m} for c = 0                          (Pollaczek-Khinchine: the
//                           exact M/G/1 waiting time for gamma-shaped service; c = 0 is the exact M/D/1)
// Deterministic parts (propagation, an M/D/1 or deterministic service time) are NOT inverted: they are the
// shift, applied exactly (F_T(t) = F_X(t - shift)).
//
// Inversion (Abate and Whitt 1995, "Numerical inversion of Laplace transforms of probability distributions",
// ORSA J. Computing 7(1), the EULER algorithm) of the complementary cdf, whose transform is (1 - phi(s)) / s:
//     Fbar(t) ~ e^{A/2}/t [ Re g(A/2t)/2 + sum_{k>=1} (-1)^k Re g((A + 2 k pi i) / 2t) ],  g = (1 - phi) / s,
// the alternating series summed by Euler (binomial) averaging of the partial sums s_n, ..., s_{n+m}.
// Error control:
//   * discretisation (aliasing): the trapezoidal rule on the Bromwich contour of abscissa A/2t adds
//     sum_{j>=1} e^{-jA} Fbar((2j+1) t) <= e^{-A} Fbar(t) / (1 - e^{-A}); inverting the complementary cdf
//     makes this a RELATIVE error of at most e^{-A} = 3.8e-11 with A = 24, in the far tail too;
//   * round-off: every term is bounded by e^{A/2} |g| / t <= e^{A/2} 2 / A, so the absolute error is below
//     about 40 e^{A/2} eps = 1.5e-9 in the worst case, typically 1e-12 (measured: tests/distributions);
//   * truncation: terms are added (n from 20 up to 400) until two successive Euler averages agree to
//     1e-12 (absolute) or 1e-10 relative to Fbar; the last difference is the reported error estimate.
//     Transforms of distributions with kinks (an M/D/1 wait NOT smoothed by an exponential stage) converge
//     slowly: when the estimate misses the tolerance, converged() is false and callers fall back (the
//     pipelines then use the FFT convolution, offload/pipelines/end_to_end_time.hpp).
// The density comes from the same transform values (phi itself is the density's transform) and serves the
// quantile's Newton steps on log Fbar, safeguarded by a bracket (bisection when a step leaves it). A quantile
// search keeps the transform values of its last full inversion (detail::euler_grid) and sums them again, each term
// rotated, at later iterates within 0.5 % of that point (laws without an M/D/1 factor, whose kinks make the series
// converge slowly): the same trapezoidal rule and error control, for a few multiplications per term instead of
// evaluating the factors (their logarithms, exponentials, sines and cosines) at new abscissae; so the confirming
// inversion after a warm-started Newton step costs little.
// Mean and variance are exact (sums of the factors' moments).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <span>

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload {

/// One factor of a product of LSTs (see the header comment for the formulas).
struct lst_factor {
    enum class kind { exponential, atom_exponential, gamma_service, pk_wait };
    kind type = kind::exponential;
    double a = 0.0; ///< exponential: rate; atom_exponential: rate; gamma_service: mean m; pk_wait: lambda
    double b = 0.0; ///< atom_exponential: q = P(X > 0); gamma_service: scv c; pk_wait: mean service time m
    double c = 0.0; ///< pk_wait: service scv c

    [[nodiscard]] friend bool operator==(const lst_factor&, const lst_factor&) = default;
};

namespace detail {

using cplx = std::complex<double>;

/// a / b without the inf/NaN special cases of std::complex division (|b| > 0 finite here).
[[nodiscard]] inline cplx divide(cplx a, cplx b) noexcept {
    const double scale = 1.0 / (b.real() * b.real() + b.imag() * b.imag());
    return {(a.real() * b.real() + a.imag() * b.imag()) * scale, (a.imag() * b.real() - a.real() * b.imag()) * scale};
}

/// a b without the NaN recovery of std::complex multiplication (finite operands here).
[[nodiscard]] inline cplx multiply(cplx a, cplx b) noexcept {
    return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

/// e^z - 1 without cancellation for small |z|.
[[nodiscard]] inline cplx complex_expm1(cplx z) noexcept {
    // cos y - 1 = -2 sin^2(y/2), sin y = 2 sin(y/2) cos(y/2): one sine and one cosine of the same angle
    const double x = z.real(), y = z.imag();
    const double em1 = std::expm1(x), hs = std::sin(0.5 * y), hc = std::cos(0.5 * y);
    const double cos_m1 = -2.0 * hs * hs;
    return {em1 * (1.0 + cos_m1) + cos_m1, (em1 + 1.0) * 2.0 * hs * hc};
}

/// ln(1 + z) for Re z >= 0 (principal branch): the argument lies in (-pi/2, pi/2), so atan(y / (1 + x)) (half
/// the cost of atan2); the modulus by log1p only where |z| is small enough for log to cancel.
[[nodiscard]] inline cplx complex_log1p(cplx z) noexcept {
    const double x = z.real(), y = z.imag();
    const double norm = 2.0 * x + x * x + y * y; // |1 + z|^2 - 1
    return {0.5 * (norm < 0.5 ? std::log1p(norm) : std::log(1.0 + norm)), std::atan(y / (1.0 + x))};
}

/// 1 - G(s), G the LST of a gamma-shaped service time (mean m, scv c; c = 0 deterministic), Re s > 0.
/// An Erlang shape k = 1/c (an integer up to 64) with |s c m| >= 1/4 takes 1 - (1 + z)^-k = (p - 1)/p, p = (1 + z)^k by
/// squaring (no logarithm, exponential, sine or cosine): |p| >= (1 + 1/16)^(k/2) keeps p - 1 away from cancellation
/// (relative error about 1e-14); smaller |z| takes the log1p/expm1 form.
[[nodiscard]] inline cplx one_minus_gamma_lst(cplx s, double m, double c) noexcept {
    if (c == 0.0) return -complex_expm1(-s * m);
    if (c == 1.0) return divide(s * m, 1.0 + s * m);
    const cplx z = s * (c * m);
    const double shape = 1.0 / c; // the integer test by conversion: std::floor is a library call at -O2
    if (std::norm(z) >= 0.0625 && shape <= 64.0 && static_cast<double>(static_cast<unsigned>(shape)) == shape) {
        auto k = static_cast<unsigned>(shape);
        cplx base = 1.0 + z, p = 1.0;
        for (; k != 0; k >>= 1u) {
            if (k & 1u) p = multiply(p, base);
            base = multiply(base, base);
        }
        return divide(p - 1.0, p);
    }
    return -complex_expm1(-complex_log1p(z) / c);
}

/// phi(s) of one factor, Re s > 0.
[[nodiscard]] inline cplx factor_lst(const lst_factor& f, cplx s) noexcept {
    switch (f.type) {
    case lst_factor::kind::exponential:
        return divide(f.a, f.a + s);
    case lst_factor::kind::atom_exponential:
        return (1.0 - f.b) + divide(f.b * f.a, f.a + s);
    case lst_factor::kind::gamma_service:
        return 1.0 - one_minus_gamma_lst(s, f.a, f.b);
    case lst_factor::kind::pk_wait: {
        const double rho = f.a * f.b;
        return divide((1.0 - rho) * s, s - f.a * one_minus_gamma_lst(s, f.b, f.c));
    }
    }
    return 1.0;
}

/// The M/D/1 (pk_wait, c = 0) factor given e^{-s m} (computed by the caller, e.g. by a rotation recurrence).
[[nodiscard]] inline cplx md1_wait_lst(const lst_factor& f, cplx s, cplx exp_minus_sm) noexcept {
    const double rho = f.a * f.b;
    return divide((1.0 - rho) * s, s - f.a * (1.0 - exp_minus_sm));
}

/// {mean, variance} of one factor (exact).
[[nodiscard]] inline std::array<double, 2> factor_moments(const lst_factor& f) noexcept {
    switch (f.type) {
    case lst_factor::kind::exponential:
        return {1.0 / f.a, 1.0 / (f.a * f.a)};
    case lst_factor::kind::atom_exponential:
        return {f.b / f.a, f.b * (2.0 - f.b) / (f.a * f.a)};
    case lst_factor::kind::gamma_service:
        return {f.a, f.b * f.a * f.a};
    case lst_factor::kind::pk_wait: {
        // P-K mean and Takacs' second moment with the gamma third moment E[S^3] = m^3 (1 + c) (1 + 2 c)
        const double lambda = f.a, m = f.b, c = f.c, rho = lambda * m;
        const double ew = rho * m * (1.0 + c) / (2.0 * (1.0 - rho));
        const double third = m * m * m * (1.0 + c) * (1.0 + 2.0 * c);
        return {ew, ew * ew + lambda * third / (3.0 * (1.0 - rho))};
    }
    }
    return {0.0, 0.0};
}

} // namespace detail

/// Controls of the Euler inversion (defaults: see the header comment for what they guarantee).
struct inversion_options {
    double abscissa = 24.0;            ///< A: relative aliasing error of the tail <= e^{-A}
    int euler_terms = 15;              ///< m, binomial averaging depth
    int first_terms = 20;              ///< n to start from
    int max_terms = 400;               ///< n at most
    double absolute_tolerance = 1e-10; ///< on successive Euler averages of the complementary cdf
    double relative_tolerance = 1e-8;  ///< ... or relative to it (the far tail)

    [[nodiscard]] friend bool operator==(const inversion_options&, const inversion_options&) = default;
};

/// Result of one inversion: the complementary cdf, the density and the truncation estimate of the former.
struct inversion_result {
    double complementary_cdf = 0.0;
    double density = 0.0;
    double error_estimate = 0.0;
    bool converged = false;
};

namespace detail {

/// How far from its own point x0 an Euler grid serves other points: |x / x0 - 1| <= 0.005 (the Newton step after
/// a warm start from the previous tails of a policy option is typically below 1e-3; see euler_grid).
inline constexpr double euler_grid_reach = 0.005;

/// The Euler inversion's series on the grid of one point x0 = t0 - shift > 0: the transform values at
/// s_k = (A/2 + i pi k) / x0 (k = 0, 1, ...), computed as far as a summation needs them and kept, so that they
/// also give P(T > t) and the density at points x = t - shift near x0 (the later Newton iterates of a quantile
/// search) for a few complex multiplications per term instead of a transform evaluation. This is the same
/// trapezoidal rule of the Bromwich integral (abscissa A/2x0, step pi/x0), evaluated at x:
///     Fbar(x) ~ e^{A x / 2x0} / x0 [ Re g(s_0)/2 + sum_{k>=1} (-1)^k Re(g(s_k) e^{i pi k delta}) ],  delta = x/x0 - 1,
/// the terms at x0 rotated by e^{i pi k delta} (a recurrence). Error control as at x0: the aliasing error is
/// sum_{j>=1} e^{-jA} Fbar(x + 2 j x0) <= e^{-A} Fbar(x) / (1 - e^{-A}) (x < 2 x0: still relative); the round-off
/// bound grows by e^{A delta / 2} (1.06 at delta = 0.005); truncation is checked exactly as at x0 (successive Euler
/// averages within the tolerances, else converged is false; the rotation turns the 36 terms of a typical inversion
/// by at most 0.57 rad). At x = x0 the arithmetic is exactly that of the Euler algorithm at x0
/// (transform_inverted_time::invert). Measured (tests/distributions/test_transform_inverted_time.cpp): the sums
/// agree with a fresh inversion at x to the inversion's tolerance, and quantile searches using them are as
/// accurate as searches inverting afresh at every iterate.
class euler_grid {
public:
    static constexpr std::size_t capacity = 512;
    static constexpr std::size_t factor_capacity = 10;

    euler_grid() noexcept {} // NOLINT: the term arrays are written before they are read (computed_ guards them)

    /// Starts a grid at x0 > 0 for these factors (at most transform_inverted_time::max_factors) and options.
    void reset(const lst_factor* factors, std::size_t count, const inversion_options& o, double x0) noexcept {
        factors_ = factors;
        count_ = count;
        options_ = &o;
        x0_ = x0;
        computed_ = 0;
        smooth_ = true;
        // M/D/1 factors: e^{-s_k m} = e^{-A m / 2x} (e^{-i pi m / x})^k by recurrence (one multiplication per term
        // instead of an exponential, a sine and a cosine), when |s m| >= A m / 2x >= 0.01 keeps 1 - e^{-s m}
        // free of cancellation (relative error <= 1e-14 after 400 steps); otherwise the direct formula.
        for (std::size_t i = 0; i < count_; ++i) {
            const lst_factor& f = factors_[i];
            const double real_part = 0.5 * o.abscissa * f.b / x0;
            recurrent_[i] = f.type == lst_factor::kind::pk_wait && f.c == 0.0 && real_part >= 0.01;
            if (f.type == lst_factor::kind::pk_wait && f.c == 0.0) smooth_ = false;
            if (recurrent_[i]) {
                power_[i] = std::exp(-real_part);
                rotation_[i] = std::polar(1.0, -std::numbers::pi * f.b / x0);
            }
        }
        // A gamma-shaped service time that appears twice (a tenant path without other tenants: the P-K wait's
        // service and the request's own service time) has its 1 - G(s) computed once per term (same[i]: the
        // earlier factor with the same service, -1: none); the products are the same as computed separately.
        const auto service_of = [&](std::size_t i) -> std::array<double, 2> {
            const lst_factor& f = factors_[i];
            if (f.type == lst_factor::kind::gamma_service) return {f.a, f.b};
            if (f.type == lst_factor::kind::pk_wait && !recurrent_[i]) return {f.b, f.c};
            return {-1.0, -1.0};
        };
        for (std::size_t i = 0; i < count_; ++i) {
            same_[i] = -1;
            const std::array<double, 2> si = service_of(i);
            for (std::size_t j = 0; j < i && si[0] >= 0.0 && same_[i] < 0; ++j)
                if (service_of(j) == si) same_[i] = static_cast<int>(j);
        }
    }

    /// The grid's point x0 (0: no grid yet).
    [[nodiscard]] double point() const noexcept { return x0_; }
    /// Whether the grid serves x: x lies within euler_grid_reach of the grid's point and the law has no M/D/1
    /// factor (its density has kinks at multiples of D: the series converges slowly, its truncation estimate is
    /// less reliable, and the rotated sums differ from a fresh inversion by up to ~1e-8; such laws are inverted
    /// afresh at every point, as before).
    [[nodiscard]] bool reaches(double x) const noexcept {
        return smooth_ && x0_ > 0.0 && std::abs(x - x0_) <= euler_grid_reach * x0_;
    }

    /// P(T - shift > x), the density and the truncation estimate, by the Euler summation of this grid's series
    /// at x (x0 itself: the Euler algorithm; see the class comment for other x).
    [[nodiscard]] inversion_result at(double x) noexcept {
        const inversion_options& o = *options_;
        inversion_result r;
        const bool centred = x == x0_;
        const double delta = x / x0_ - 1.0;
        const double scale = std::exp(0.5 * o.abscissa * (centred ? 1.0 : x / x0_)) / x0_;
        // binomial weights C(m, j) 2^-m
        std::array<double, 64> w{};
        const int mm = std::min(o.euler_terms, 60);
        w[0] = std::ldexp(1.0, -mm);
        for (int j = 1; j <= mm; ++j)
            w[static_cast<std::size_t>(j)] = w[static_cast<std::size_t>(j - 1)] * (mm - j + 1) / j;
        const int limit = std::min(o.max_terms + mm, static_cast<int>(capacity) - 1);
        // partial sums of the alternating series for Fbar and f, filled up to index filled - 1
        std::array<double, capacity> tail_sums, density_sums; // NOLINT: written before read
        int filled = 0;
        double tail_sum = 0.0, density_sum = 0.0;
        std::complex<double> turn = 1.0; // e^{i pi k delta}, re-seeded every 32 terms
        const std::complex<double> step =
            centred ? std::complex<double>(1.0) : std::polar(1.0, std::numbers::pi * delta);
        const auto sum_to = [&](int last) {
            if (last >= computed_) compute(last);
            for (; filled <= last; ++filled) {
                const auto k = static_cast<std::size_t>(filled);
                double tail = tail_re_[k], density = density_re_[k];
                if (!centred) {
                    if ((k & 31u) == 0) turn = std::polar(1.0, std::numbers::pi * delta * static_cast<double>(k));
                    tail = tail_re_[k] * turn.real() - tail_im_[k] * turn.imag();
                    density = density_re_[k] * turn.real() - density_im_[k] * turn.imag();
                    turn = multiply(turn, step);
                }
                const double weight = (k == 0 ? 0.5 : (k % 2 == 0 ? 1.0 : -1.0));
                tail_sum += weight * tail;
                density_sum += weight * density;
                tail_sums[k] = tail_sum;
                density_sums[k] = density_sum;
            }
        };
        const auto terms = static_cast<std::size_t>(mm);
        auto euler = [&](const std::array<double, capacity>& sums, int n) {
            const auto first = static_cast<std::size_t>(n);
            double e = 0.0;
            for (std::size_t j = 0; j <= terms; ++j) e += w[j] * sums[first + j];
            return scale * e;
        };
        // off the grid's point the rotation adds Im g(s_k) sin(pi k delta) to each term, which decays one power of k
        // slower: 5 more terms before the first Euler average (measured: at n = 20 the successive-average estimate
        // under-reports the far tail's truncation error there, up to 1.4 times the tolerance at Fbar = 1e-4; from
        // n = 25 it stays below 0.3 of it, less than a fresh inversion's error)
        int n = centred ? std::max(1, o.first_terms) : std::min(std::max(1, o.first_terms) + 5, o.max_terms);
        sum_to(std::min(n + mm, limit));
        double previous = euler(tail_sums, n - 1);
        double current = euler(tail_sums, n);
        while (true) {
            r.error_estimate = std::abs(current - previous);
            const double level = std::max(0.0, current);
            if (r.error_estimate <= std::max(o.absolute_tolerance, o.relative_tolerance * level)) {
                r.converged = true;
                break;
            }
            if (n + mm + 1 > limit) break;
            ++n;
            sum_to(n + mm);
            previous = current;
            current = euler(tail_sums, n);
        }
        r.complementary_cdf = std::clamp(current, 0.0, 1.0);
        r.density = std::max(0.0, euler(density_sums, n));
        return r;
    }

private:
    /// The transform values of terms computed_ .. last (in order: the M/D/1 recurrences advance per term).
    void compute(int last) noexcept {
        const double a = 0.5 * options_->abscissa / x0_;
        for (; computed_ <= last; ++computed_) {
            const std::complex<double> s(a, std::numbers::pi * computed_ / x0_);
            std::complex<double> phi = 1.0;
            for (std::size_t i = 0; i < count_; ++i) {
                const lst_factor& f = factors_[i];
                if (recurrent_[i]) {
                    phi = multiply(phi, md1_wait_lst(f, s, power_[i]));
                    power_[i] = multiply(power_[i], rotation_[i]);
                } else if (f.type == lst_factor::kind::gamma_service) {
                    one_minus_g_[i] = same_[i] >= 0 ? one_minus_g_[static_cast<std::size_t>(same_[i])]
                                                    : one_minus_gamma_lst(s, f.a, f.b);
                    phi = multiply(phi, 1.0 - one_minus_g_[i]);
                } else if (f.type == lst_factor::kind::pk_wait) {
                    one_minus_g_[i] = same_[i] >= 0 ? one_minus_g_[static_cast<std::size_t>(same_[i])]
                                                    : one_minus_gamma_lst(s, f.b, f.c);
                    phi = multiply(phi, divide((1.0 - f.a * f.b) * s, s - f.a * one_minus_g_[i]));
                } else {
                    phi = multiply(phi, factor_lst(f, s));
                }
            }
            const std::complex<double> tail = divide(1.0 - phi, s);
            const auto k = static_cast<std::size_t>(computed_);
            tail_re_[k] = tail.real();
            tail_im_[k] = tail.imag();
            density_re_[k] = phi.real();
            density_im_[k] = phi.imag();
        }
    }

    const lst_factor* factors_ = nullptr;
    std::size_t count_ = 0;
    const inversion_options* options_ = nullptr;
    double x0_ = 0.0;
    int computed_ = 0;
    bool smooth_ = false; // no M/D/1 factor
    // (1 - phi(s_k)) / s_k and phi(s_k), k < computed_
    std::array<double, capacity> tail_re_, tail_im_, density_re_, density_im_; // NOLINT: written before read
    std::array<std::complex<double>, factor_capacity> power_, rotation_, one_minus_g_;
    std::array<bool, factor_capacity> recurrent_{};
    std::array<int, factor_capacity> same_{};
};

} // namespace detail

/// T = shift + sum of independent times given by their LST factors (at most max_factors).
class transform_inverted_time {
public:
    static constexpr std::size_t max_factors = 10;
    static_assert(max_factors <= detail::euler_grid::factor_capacity);

    transform_inverted_time() = default;
    explicit transform_inverted_time(double shift_seconds, const inversion_options& options = {})
        : shift_(detail::require_non_negative(shift_seconds, "offload::transform_inverted_time", "shift_seconds")),
          options_(options) {
        constexpr const char* fn = "offload::transform_inverted_time";
        if (!(options.abscissa >= 5.0 && options.abscissa <= 40.0))
            detail::throw_parameter_error(fn, "options.abscissa", options.abscissa, "must lie in [5, 40]");
        if (options.euler_terms < 1 || options.euler_terms > 60)
            detail::throw_parameter_error(fn, "options.euler_terms", options.euler_terms, "must lie in [1, 60]");
        if (options.max_terms < 1 || options.max_terms > 440)
            detail::throw_parameter_error(fn, "options.max_terms", options.max_terms, "must lie in [1, 440]");
        if (options.first_terms < 1 || options.first_terms > options.max_terms)
            detail::throw_parameter_error(fn, "options.first_terms", options.first_terms,
                                          "must lie in [1, options.max_terms]");
        if (!(options.absolute_tolerance >= 0.0 && options.relative_tolerance >= 0.0))
            detail::throw_parameter_error(fn, "options.absolute_tolerance",
                                          std::min(options.absolute_tolerance, options.relative_tolerance),
                                          "tolerances must be >= 0 (not NaN)");
    }

    /// Adds an exact deterministic part (seconds, >= 0).
    void add_shift(double seconds) { shift_ += seconds; }
    /// Marks T as "at +infinity" (an unstable stage): mean and quantiles +inf, cdf 0.
    void set_at_infinity() noexcept { at_infinity_ = true; }
    /// Appends a factor; a factor that is the point mass at 0 (rate-0 wait, q = 0) is skipped.
    void add_factor(const lst_factor& f) {
        constexpr const char* fn = "offload::transform_inverted_time::add_factor";
        if (f.type == lst_factor::kind::atom_exponential && f.b == 0.0) return;
        if (f.type == lst_factor::kind::pk_wait && f.a == 0.0) return;
        if (f.type == lst_factor::kind::gamma_service && f.b == 0.0) {
            add_shift(f.a);
            return;
        }
        if (count_ == max_factors) detail::throw_parameter_error(fn, "factors", 11.0, "at most 10 factors");
        factors_[count_++] = f;
    }

    [[nodiscard]] double shift() const noexcept { return shift_; }
    [[nodiscard]] bool at_infinity() const noexcept { return at_infinity_; }
    [[nodiscard]] std::size_t factor_count() const noexcept { return count_; }
    [[nodiscard]] const lst_factor& factor(std::size_t i) const noexcept { return factors_[i]; }
    [[nodiscard]] const inversion_options& options() const noexcept { return options_; }

    /// E[e^{-sT}] without the shift's e^{-s shift}.
    /// P(T = shift): the product of the factors' atoms at 0 (1 - q, 1 - rho; 0 for the continuous ones).
    [[nodiscard]] double atom_at_shift() const noexcept {
        double atom = 1.0;
        for (std::size_t i = 0; i < count_; ++i) {
            const lst_factor& f = factors_[i];
            if (f.type == lst_factor::kind::atom_exponential) {
                atom *= 1.0 - f.b;
            } else if (f.type == lst_factor::kind::pk_wait) {
                atom *= 1.0 - f.a * f.b;
            } else {
                return 0.0;
            }
        }
        return atom;
    }

    [[nodiscard]] std::complex<double> transform(std::complex<double> s) const noexcept {
        std::complex<double> product = 1.0;
        for (std::size_t i = 0; i < count_; ++i)
            product = detail::multiply(product, detail::factor_lst(factors_[i], s));
        return product;
    }

    /// P(T > t), the density at t and the truncation estimate, by the Euler algorithm (t > shift).
    [[nodiscard]] inversion_result invert(double t) const noexcept {
        const double x = t - shift_;
        if (at_infinity_) return {1.0, 0.0, 0.0, true};
        if (!(x > 0.0) || count_ == 0) return {x < 0.0 || count_ > 0 ? 1.0 : 0.0, 0.0, 0.0, true};
        detail::euler_grid grid;
        grid.reset(factors_.data(), count_, options_, x);
        return grid.at(x);
    }

    [[nodiscard]] friend double mean(const transform_inverted_time& d) noexcept {
        if (d.at_infinity_) return infinity;
        double sum = d.shift_;
        for (std::size_t i = 0; i < d.count_; ++i) sum += detail::factor_moments(d.factors_[i])[0];
        return sum;
    }
    [[nodiscard]] friend double variance(const transform_inverted_time& d) noexcept {
        if (d.at_infinity_) return infinity;
        double sum = 0.0;
        for (std::size_t i = 0; i < d.count_; ++i) sum += detail::factor_moments(d.factors_[i])[1];
        return sum;
    }
    /// P(T > t) (1 for t below the shift; 0 at +inf).
    [[nodiscard]] friend double complementary_cdf(const transform_inverted_time& d, double t) noexcept {
        if (!(t < infinity)) return d.at_infinity_ ? 1.0 : 0.0;
        return d.invert(t).complementary_cdf;
    }
    /// P(T <= t).
    [[nodiscard]] friend double cdf(const transform_inverted_time& d, double t) noexcept {
        return 1.0 - complementary_cdf(d, t);
    }
    /// The p-quantile: Newton on ln P(T > t) = ln(1 - p), safeguarded by a bracket (bisection when a step leaves
    /// it); stops after a Newton step below 1e-6 t (quadratic convergence: ~1e-12 t left), so the error is
    /// the inversion's. convergence_error if the inversion does not converge near the answer.
    [[nodiscard]] friend double quantile(const transform_inverted_time& d, double p) {
        constexpr const char* fn = "offload::quantile(transform_inverted_time)";
        detail::require_open_probability(p, fn, "p");
        detail::euler_grid grid;
        return d.solve_quantile(p, fn, grid);
    }

    /// Quantiles at several levels (out[i] for levels[i], same size): each Newton search after the first starts
    /// from a Newton step off the previous one's last inversion (saves about one inversion per level when the
    /// levels are close, e.g. p95 then p99). Same errors as quantile().
    friend void quantiles(const transform_inverted_time& d, std::span<const double> levels, std::span<double> out) {
        quantiles(d, levels, out, {});
    }

    /// As above, with first guesses: starts[i] (a time t, e.g. the quantile of a nearby distribution such as the
    /// previous estimate of the same path; NaN, +inf or <= shift(): no guess) replaces the search's own start for
    /// levels[i]; starts may be empty. A good guess saves inversions; the answer and its accuracy do not depend
    /// on it (the same Newton search and stopping rule).
    friend void quantiles(const transform_inverted_time& d, std::span<const double> levels, std::span<double> out,
                          std::span<const double> starts) {
        constexpr const char* fn = "offload::quantiles(transform_inverted_time)";
        if (out.size() != levels.size())
            detail::throw_parameter_error(fn, "out.size()", static_cast<double>(out.size()),
                                          "must equal levels.size()");
        if (!starts.empty() && starts.size() != levels.size())
            detail::throw_parameter_error(fn, "starts.size()", static_cast<double>(starts.size()),
                                          "must equal levels.size() or be 0");
        for (double p : levels) detail::require_open_probability(p, fn, "levels[i]");
        double x = std::nan(""), fbar = 0.0, density = 0.0;
        detail::euler_grid grid; // shared by the levels' searches (a level whose start it reaches reuses it)
        for (std::size_t i = 0; i < levels.size(); ++i) {
            const double guess = starts.empty() ? std::nan("") : starts[i] - d.shift_;
            const double start = guess > 0.0 && guess < infinity ? guess
                                 : x == x && fbar > 0.0 && density > 0.0
                                     ? x + (std::log(fbar) - std::log1p(-levels[i])) * fbar / density
                                     : std::nan("");
            inversion_result last;
            out[i] = d.solve_quantile(levels[i], fn, grid, start, &last);
            x = out[i] - d.shift_;
            fbar = last.complementary_cdf;
            density = last.density;
        }
    }

    [[nodiscard]] friend bool operator==(const transform_inverted_time&, const transform_inverted_time&) = default;

private:
    /// P(T > shift + x) for a quantile search: from the grid of the search's last full inversion when x lies within
    /// its reach and the series meets its tolerance there (detail::euler_grid: the same error control), otherwise
    /// by a full inversion at x, whose grid replaces it.
    [[nodiscard]] inversion_result invert_near(detail::euler_grid& grid, double x) const noexcept {
        if (!(x > 0.0)) return invert(shift_ + x);
        if (grid.reaches(x)) {
            const inversion_result r = grid.at(x);
            if (r.converged) return r;
        }
        const double point = (shift_ + x) - shift_; // as invert(shift_ + x) does: the same inversion, bit for bit
        grid.reset(factors_.data(), count_, options_, point);
        return grid.at(point);
    }

    /// grid: the transform values of the last full inversion (reused by the Newton iterates it reaches); start: the
    /// first x = t - shift to try (NaN: a guess from the mean and variance); last: receives the last inversion (the
    /// complementary cdf and density at the returned point, up to the final Newton step).
    [[nodiscard]] double solve_quantile(double p, const char* fn, detail::euler_grid& grid, double start = std::nan(""),
                                        inversion_result* last = nullptr) const {
        if (at_infinity_) return infinity;
        if (count_ == 0 || p <= atom_at_shift()) return shift_;
        const double target = std::log1p(-p); // ln of the wanted P(T > t)
        const double mu = mean(*this) - shift_, sd = std::sqrt(variance(*this));
        // start: an exponential-tail guess; then bracket [lo, hi] with Fbar(lo) > 1 - p >= Fbar(hi)
        double lo = 0.0, hi = infinity;
        double x = start > 0.0 && start < infinity ? start : std::max(mu + sd * (-target - 1.0), 0.25 * mu);
        bool converged_at_last = true;
        for (int iteration = 0; iteration < 100; ++iteration) {
            const inversion_result r = invert_near(grid, x);
            if (last != nullptr) *last = r;
            converged_at_last = r.converged;
            const double fbar = r.complementary_cdf;
            if (fbar > 1.0 - p) {
                lo = x;
            } else {
                hi = x;
            }
            const bool newton = fbar > 0.0 && r.density > 0.0;
            double next = newton ? x + (std::log(fbar) - target) * fbar / r.density // Newton on ln Fbar
                                 : (hi < infinity ? 0.5 * (lo + hi) : 2.0 * x);
            const bool inside = next > lo && next < hi;
            if (!inside) next = hi < infinity ? 0.5 * (lo + hi) : std::max(2.0 * x, lo * 2.0);
            // Newton converges quadratically: after a step below 1e-6 x (taken, not re-evaluated) the error is of
            // order (1e-6)^2 x times the relative curvature of ln Fbar, below the inversion's own error
            if ((newton && inside && std::abs(next - x) <= 1e-6 * x) || std::abs(next - x) <= 1e-12 * x ||
                (hi < infinity && hi - lo <= 1e-13 * hi)) {
                x = next;
                break;
            }
            x = next;
        }
        if (!converged_at_last)
            detail::throw_convergence_error(fn, "Euler inversion did not reach its tolerance near the quantile");
        return shift_ + x;
    }

    double shift_ = 0.0;
    std::array<lst_factor, max_factors> factors_{};
    std::size_t count_ = 0;
    bool at_infinity_ = false;
    inversion_options options_{};
};

static_assert(time_distribution<transform_inverted_time>);

} // namespace offload
