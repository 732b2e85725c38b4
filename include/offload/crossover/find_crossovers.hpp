// offload/crossover/find_crossovers.hpp — where two mean latencies cross as one parameter varies.
//
// find_crossovers(latencies, lo, hi, options) takes a callable x -> {T_first(x), T_second(x)} (seconds, +inf
// for an unstable option) and returns EVERY crossover point in [lo, hi] together with the intervals between
// them and which option wins on each.
//
// Method: evaluate the two latencies on a grid of options.grid_points points (log-spaced by default, linear
// on request), classify each point (first / second / tie / neither = both unstable), and refine every
// change of winner between neighbouring points:
//   * first <-> second: Boost.Math toms748_solve on phi(T_first) - phi(T_second), phi(T) = T/(T + tau)
//     (phi(+inf) = 1, so a side going unstable stays continuous and an unstable side never wins), to a relative
//     tolerance of 2^(1 - options.tolerance_bits) in x; the iteration count is checked and exhaustion throws
//     offload::convergence_error;
//   * to or from "neither": bisection on "both unstable" to the same tolerance (a stability edge, not a point
//     where the latencies are equal, so it bounds an interval but is not listed in `points`).
// Resolution limit: two crossovers closer together than one grid step (a factor (hi/lo)^(1/(n-1)) on a log
// grid) can both be missed, and a tangency that does not change the winner is found only if it falls on a
// grid point. Raise grid_points when the latency curves may wiggle faster than that.
//
// find_integer_crossovers(latencies, lo, hi) evaluates every integer in [lo, hi] (tenant counts): a point is
// the first integer at which the winner differs from the integer before it.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/tools/toms748_solve.hpp>

#include "offload/error.hpp"

namespace offload {

/// Which of the two compared options has the lower mean latency: `first` / `second` are the options in the
/// order the latencies are given (find_crossovers' callable returns {T_first(x), T_second(x)}); their names
/// are the crossover_result's labels. `neither`: both are unstable (+inf); `tie`: exactly equal.
enum class winner { first, second, tie, neither };

/// "first", "second", "tie", "neither (both unstable)" (the result's labels name the options: see label()).
[[nodiscard]] inline const char* to_string(winner w) noexcept {
    switch (w) {
    case winner::first:
        return "first";
    case winner::second:
        return "second";
    case winner::tie:
        return "tie";
    case winner::neither:
        return "neither (both unstable)";
    }
    return "?";
}

/// The winner for a pair of mean latencies (an unstable option, +inf, never wins). NaN is a parameter_error.
[[nodiscard]] inline winner compare_latencies(double first_latency, double second_latency) {
    if (first_latency != first_latency)
        detail::throw_parameter_error("offload::compare_latencies", "first_latency", first_latency, "must not be NaN");
    if (second_latency != second_latency)
        detail::throw_parameter_error("offload::compare_latencies", "second_latency", second_latency,
                                      "must not be NaN");
    if (!(first_latency < infinity) && !(second_latency < infinity)) return winner::neither;
    if (first_latency < second_latency) return winner::first;
    if (second_latency < first_latency) return winner::second;
    return winner::tie;
}

struct crossover_interval {
    double lower;  ///< start of the interval (a grid end, a crossover point or a stability edge)
    double upper;  ///< end of the interval
    winner better; ///< the option with the lower mean latency inside it

    [[nodiscard]] friend bool operator==(const crossover_interval&, const crossover_interval&) = default;
};

struct crossover_result {
    std::vector<double> points;                ///< parameter values where the two mean latencies are equal
    std::vector<crossover_interval> intervals; ///< cover [lo, hi] in order, adjacent ones differ in winner
    std::string first_label = "first";         ///< the name of the first option (e.g. "on-device", "edge")
    std::string second_label = "second";       ///< the name of the second option (e.g. "offload", "cloud")

    [[nodiscard]] friend bool operator==(const crossover_result&, const crossover_result&) = default;
};

/// The name of a winner in r: r.first_label / r.second_label, or "tie" / "neither (both unstable)". A value
/// outside the enumeration is a parameter_error.
[[nodiscard]] inline std::string label(const crossover_result& r, winner w) {
    detail::require_enumerator(w, winner::neither, "offload::label", "w");
    if (w == winner::first) return r.first_label;
    if (w == winner::second) return r.second_label;
    return to_string(w);
}

/// The same result with its options named (find_crossovers leaves "first" / "second").
[[nodiscard]] inline crossover_result with_labels(crossover_result r, std::string first, std::string second) {
    r.first_label = std::move(first);
    r.second_label = std::move(second);
    return r;
}

/// One line for people: "none in range" or the crossover points, then the winner on every interval (by its
/// label), e.g. "7.07 Mbit/s  ([0.5, 7.07]: on-device, [7.07, 1000]: offload)". Values are multiplied by
/// `scale` (to show bytes/s as Mbit/s, say; finite and > 0, else parameter_error) and printed with 4 significant
/// digits.
[[nodiscard]] inline std::string describe(const crossover_result& r, double scale = 1.0, const char* unit = "") {
    detail::require_positive(scale, "offload::describe", "scale"); // issue 18 #16: no "nan" in the text
    std::string out;
    char b[128];
    if (r.points.empty()) out += "none in range";
    for (std::size_t i = 0; i < r.points.size(); ++i) {
        std::snprintf(b, sizeof b, "%s%.4g%s%s", i ? ", " : "", r.points[i] * scale, *unit ? " " : "", unit);
        out += b;
    }
    out += "  (";
    for (std::size_t i = 0; i < r.intervals.size(); ++i) {
        const crossover_interval& iv = r.intervals[i];
        std::snprintf(b, sizeof b, "%s[%.4g, %.4g]: ", i ? ", " : "", iv.lower * scale, iv.upper * scale);
        out += b;
        out += label(r, iv.better);
    }
    return out + ")";
}

enum class grid_spacing { linear, logarithmic };

/// How the device-vs-offload functions (device_vs_offload.hpp) find crossovers: `automatic` solves the mean-
/// latency equation directly where it has a closed form for the pipelines' stage models (docs/crossover.md)
/// and scans otherwise; `scan` always scans (find_crossovers). find_crossovers itself always scans.
enum class crossover_method { automatic, scan };

struct crossover_options {
    int grid_points = 256; ///< >= 2 scan points including both ends
    grid_spacing spacing = grid_spacing::logarithmic;
    int tolerance_bits = 40;                               ///< refine to about 2^-39 relative in x (in [10, 52])
    std::uintmax_t max_iterations = 100;                   ///< per refinement; exhaustion -> convergence_error
    crossover_method method = crossover_method::automatic; ///< direct solution where available, else the scan

    bool operator==(const crossover_options&) const = default;
};

namespace detail {

[[nodiscard]] inline double crossover_phi(double t, double tau) noexcept { return t < infinity ? t / (t + tau) : 1.0; }

inline void validate_crossover_range(const char* fn, double lo, double hi, const crossover_options& options) {
    require_finite(lo, fn, "lo");
    require_finite(hi, fn, "hi");
    if (options.spacing == grid_spacing::logarithmic)
        require_positive(lo, fn, "lo");
    else
        require_non_negative(lo, fn, "lo");
    if (!(hi > lo)) throw_parameter_error(fn, "hi", hi, "must be > lo");
    if (options.grid_points < 2 || options.grid_points > 10000000)
        throw_parameter_error(fn, "options.grid_points", static_cast<double>(options.grid_points),
                              "must lie in [2, 10000000]");
    if (options.tolerance_bits < 10 || options.tolerance_bits > 52)
        throw_parameter_error(fn, "options.tolerance_bits", static_cast<double>(options.tolerance_bits),
                              "must lie in [10, 52]");
    if (options.max_iterations < 1)
        throw_parameter_error(fn, "options.max_iterations", static_cast<double>(options.max_iterations),
                              "must be >= 1");
    if (options.spacing != grid_spacing::linear && options.spacing != grid_spacing::logarithmic)
        throw_parameter_error(fn, "options.spacing", static_cast<double>(options.spacing), "unknown spacing");
    if (options.method != crossover_method::automatic && options.method != crossover_method::scan)
        throw_parameter_error(fn, "options.method", static_cast<double>(options.method), "unknown method");
}

/// find_integer_crossovers' range: 0 <= lo < hi <= lo + 10^6 (errors name find_integer_crossovers).
inline void validate_integer_range(int lo, int hi) {
    constexpr const char* fn = "offload::find_integer_crossovers";
    if (lo < 0) throw_parameter_error(fn, "lo", static_cast<double>(lo), "must be >= 0");
    if (!(hi > lo)) throw_parameter_error(fn, "hi", static_cast<double>(hi), "must be > lo");
    if (static_cast<long long>(hi) - lo > 1000000)
        throw_parameter_error(fn, "hi", static_cast<double>(hi), "must be <= lo + 1000000");
}

inline void push_interval(crossover_result& r, double lower, double upper, winner w) {
    if (!r.intervals.empty() && r.intervals.back().better == w)
        r.intervals.back().upper = upper; // a tangency: the same winner on both sides
    else
        r.intervals.push_back({lower, upper, w});
}

} // namespace detail

template <class F>
[[nodiscard]] crossover_result find_crossovers(F&& latencies, double lo, double hi,
                                               const crossover_options& options = {}) {
    constexpr const char* fn = "offload::find_crossovers";
    detail::validate_crossover_range(fn, lo, hi, options);
    const int n = options.grid_points;
    const bool log_grid = options.spacing == grid_spacing::logarithmic;
    const double log_lo = log_grid ? std::log(lo) : 0.0;
    const double log_hi = log_grid ? std::log(hi) : 0.0;
    auto grid = [&](int i) {
        if (i == 0) return lo;
        if (i == n - 1) return hi;
        const double f = static_cast<double>(i) / static_cast<double>(n - 1);
        return log_grid ? std::exp(log_lo + f * (log_hi - log_lo)) : lo + f * (hi - lo);
    };
    auto classify = [&](double x) {
        const std::pair<double, double> t = latencies(x);
        return compare_latencies(t.first, t.second);
    };

    boost::math::tools::eps_tolerance<double> tolerance(options.tolerance_bits);
    auto refine_crossing = [&](double a, double b) {
        const std::pair<double, double> ta = latencies(a);
        const std::pair<double, double> tb = latencies(b);
        double tau = infinity;
        for (double t : {ta.first, ta.second, tb.first, tb.second})
            if (t < tau && t > 0.0) tau = t;
        if (!(tau < infinity)) tau = 1.0;
        auto f = [&](double x) {
            const std::pair<double, double> t = latencies(x);
            return detail::crossover_phi(t.first, tau) - detail::crossover_phi(t.second, tau);
        };
        std::uintmax_t iterations = options.max_iterations;
        const std::pair<double, double> bracket =
            boost::math::tools::toms748_solve(f, a, b, f(a), f(b), tolerance, iterations);
        if (iterations >= options.max_iterations)
            detail::throw_convergence_error(fn, "toms748_solve did not bracket the crossover in " +
                                                    std::to_string(options.max_iterations) + " iterations");
        return 0.5 * (bracket.first + bracket.second);
    };
    auto refine_stability_edge = [&](double a, double b, bool a_neither) {
        for (int i = 0; i < 200; ++i) {
            if (tolerance(a, b)) return 0.5 * (a + b);
            const double m = 0.5 * (a + b);
            if ((classify(m) == winner::neither) == a_neither)
                a = m;
            else
                b = m;
        }
        detail::throw_convergence_error(fn, "bisection on a stability edge did not converge in 200 steps");
    };

    crossover_result result;
    double previous_x = grid(0);
    winner previous_w = classify(previous_x);
    double interval_start = previous_x;
    for (int i = 1; i < n; ++i) {
        const double x = grid(i);
        const winner w = classify(x);
        if (w == previous_w) {
            previous_x = x;
            continue;
        }
        double boundary = x;
        const bool sides = (previous_w == winner::first || previous_w == winner::second) &&
                           (w == winner::first || w == winner::second);
        if (sides) {
            boundary = refine_crossing(previous_x, x);
            result.points.push_back(boundary);
        } else if (previous_w == winner::neither || w == winner::neither) {
            if (previous_w == winner::tie || w == winner::tie) {
                boundary = previous_w == winner::tie ? previous_x : x; // a tie next to "neither": keep the grid
            } else {
                boundary = refine_stability_edge(previous_x, x, previous_w == winner::neither);
            }
        } else {
            // an exact tie on a grid point: it is the crossover point
            boundary = previous_w == winner::tie ? previous_x : x;
            if (result.points.empty() || result.points.back() != boundary) result.points.push_back(boundary);
        }
        detail::push_interval(result, interval_start, boundary, previous_w);
        interval_start = boundary;
        previous_w = w;
        previous_x = x;
    }
    detail::push_interval(result, interval_start, hi, previous_w);
    // a single-point tie interval has zero width: fold it away
    std::vector<crossover_interval> cleaned;
    for (const crossover_interval& iv : result.intervals) {
        if (iv.better == winner::tie && iv.upper == iv.lower) continue;
        if (!cleaned.empty() && cleaned.back().better == iv.better)
            cleaned.back().upper = iv.upper;
        else
            cleaned.push_back(iv);
    }
    result.intervals = std::move(cleaned);
    return result;
}

namespace detail {

/// An integer crossover_result from the winners at increasing integers lo < m1 < m2 < ... (every integer between
/// two visited ones has the earlier one's winner): a point where the winner changes between the two options (an
/// exact tie counts once, at the tied integer); one interval per run of one winner. Shared by the dense
/// (find_integer_crossovers) and the sparse (the direct rate / tenant solvers) integer searches.
class integer_crossovers_builder {
public:
    integer_crossovers_builder(int lo, winner at_lo) : start_(lo), previous_(at_lo) {}

    void visit(int m, winner w) {
        if (w == previous_) return;
        if ((previous_ == winner::first || previous_ == winner::second) &&
            (w == winner::first || w == winner::second || w == winner::tie))
            result_.points.push_back(static_cast<double>(m));
        result_.intervals.push_back({static_cast<double>(start_), static_cast<double>(m - 1), previous_});
        start_ = m;
        previous_ = w;
    }

    [[nodiscard]] crossover_result finish(int hi) && {
        result_.intervals.push_back({static_cast<double>(start_), static_cast<double>(hi), previous_});
        return std::move(result_);
    }

private:
    crossover_result result_;
    int start_;
    winner previous_;
};

} // namespace detail

/// Every integer in [lo, hi] (lo >= 0, hi - lo <= 10^6): points are the integers where the winner changes.
template <class F>
[[nodiscard]] crossover_result find_integer_crossovers(F&& latencies, int lo, int hi) {
    detail::validate_integer_range(lo, hi);
    auto classify = [&](int m) {
        const std::pair<double, double> t = latencies(m);
        return compare_latencies(t.first, t.second);
    };
    detail::integer_crossovers_builder result(lo, classify(lo));
    for (int m = lo + 1; m <= hi; ++m) result.visit(m, classify(m));
    return std::move(result).finish(hi);
}

} // namespace offload
