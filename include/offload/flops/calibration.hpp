// offload/flops/calibration.hpp — fit a hardware_profile's efficiencies and per-layer overhead to measured
// latencies (whole models or single layers) by non-negative least squares.
// Opt-in: not part of the umbrella offload/offload.hpp (it pulls in Eigen 3.4; CMake target offload::calibration).
//
// Linearisation. For a layer of class c the estimate is max(F/(eta_c x peak), B/(eta_m,c x bw)) + o. Once
// each layer's regime (compute- or memory-bound) is fixed, the estimate is linear in
//     u_c = 1/eta_c - 1 >= 0,   v_c = 1/eta_m,c - 1 >= 0,   o >= 0,
// so a sample's prediction is   sum_compute F/peak (1 + u_c) + sum_memory B/bw (1 + v_c) + n_layers x o,
// and fitting all samples is a non-negative least-squares problem (Lawson & Hanson 1974, ch. 23) whose
// constraints are exactly the profile's validity range: eta in (0, 1] and o >= 0.
//
// The regimes are found by search: (1) start from the regimes the prior implies, fit, re-assign under the
// fitted profile and repeat until the assignment repeats; (2) within one class the regime is a threshold on
// the layer's compute/memory time ratio, so try every threshold of every class against the best assignment
// (coordinate descent, repeated while it improves); (3) alternate once more from the best. The profile with
// the smallest true (max-based) error wins; ties keep the earlier assignment. Rows are divided by the
// measured latency by default, so the fit minimises relative errors.
//
// Identifiability: a class whose layers all share one arithmetic intensity is fitted equally well as compute-
// or memory-bound; either explains those layers identically, but extrapolates differently to other
// intensities. Calibrate on layers that span the intensities you want to predict.
//
// Parameters no sample exercises (an op class never seen, or seen only in the other regime) keep their prior
// value and calibration_result::notes says so. A fitted efficiency that ends at its bound 1 means the
// measurements are faster than the profile's peak allows: the stated peak is too low.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>

#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/layer_cost.hpp"

namespace offload::dnn {

/// One measurement: the layers that ran (a whole model, a model part, or a single layer) and how long they took.
/// `layers` is a view: its storage must outlive the call that reads the sample.
struct calibration_sample {
    std::span<const layer_cost> layers; ///< at least one layer
    double measured_seconds = 0.0;      ///< finite and > 0
    dtype element_type = dtype::fp32;   ///< the profile must state a peak for it
};

enum class calibration_weighting : unsigned char {
    relative, ///< minimise sum ((predicted - measured) / measured)^2: every sample counts alike
    absolute, ///< minimise sum (predicted - measured)^2: long samples dominate
};

struct calibration_options {
    bool fit_compute_efficiency = true;
    bool fit_memory_efficiency = true;
    bool fit_layer_overhead = true;
    calibration_weighting weighting = calibration_weighting::relative;
    int max_regime_iterations = 20; ///< >= 1: budget of each alternation and of threshold-search sweeps

    bool operator==(const calibration_options&) const = default;
};

/// What happened to one parameter of the profile.
enum class fit_status : unsigned char {
    fitted,           ///< estimated from the samples
    not_exercised,    ///< no sample constrains it: prior kept
    fixed_by_options, ///< calibration_options asked not to fit it: prior kept
};

/// Predictions against measurements, per sample and summarised.
struct fit_report {
    std::vector<double> measured_seconds;
    std::vector<double> predicted_seconds;
    std::vector<double> relative_error;  ///< (predicted - measured) / measured
    double rms_relative_error = 0.0;     ///< sqrt(mean relative_error^2)
    double max_abs_relative_error = 0.0; ///< max |relative_error|
};

struct calibration_result {
    hardware_profile profile; ///< the prior with fitted efficiencies / overhead
    fit_report fit;           ///< the calibrated profile on the calibration samples
    std::array<fit_status, op_class_count> compute_status{};
    std::array<fit_status, op_class_count> memory_status{};
    fit_status overhead_status = fit_status::fitted;
    int regime_iterations = 0;      ///< NNLS fits performed by the regime search
    bool regime_converged = false;  ///< the profile classifies every layer as it was fitted (self-consistent)
    std::vector<std::string> notes; ///< one line per parameter kept at its prior or fitted at a bound
};

namespace detail {

/// Lawson-Hanson active-set NNLS: argmin ||A x - b||_2 subject to x >= 0. Columns should be scaled to
/// comparable norms by the caller. Throws convergence_error if the active set does not settle within
/// 3n + 30 outer iterations (it terminates in finitely many steps in exact arithmetic).
inline Eigen::VectorXd nnls(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
    const Eigen::Index m = A.rows();
    const Eigen::Index n = A.cols();
    Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
    if (n == 0) return x;
    const double eps = std::numeric_limits<double>::epsilon();
    const double tol = 10.0 * eps * static_cast<double>(std::max(m, n)) * (A.norm() + 1e-300) * (b.norm() + 1e-300);
    std::vector<bool> passive(static_cast<std::size_t>(n), false);
    std::vector<bool> blocked(static_cast<std::size_t>(n), false);
    const int max_outer = 3 * static_cast<int>(n) + 30;

    auto solve_passive = [&](Eigen::VectorXd& z) {
        std::vector<Eigen::Index> cols;
        for (Eigen::Index j = 0; j < n; ++j)
            if (passive[static_cast<std::size_t>(j)]) cols.push_back(j);
        Eigen::MatrixXd Ap(m, static_cast<Eigen::Index>(cols.size()));
        for (std::size_t k = 0; k < cols.size(); ++k) Ap.col(static_cast<Eigen::Index>(k)) = A.col(cols[k]);
        const Eigen::VectorXd zp = Ap.colPivHouseholderQr().solve(b);
        z.setZero();
        for (std::size_t k = 0; k < cols.size(); ++k) z(cols[k]) = zp(static_cast<Eigen::Index>(k));
    };

    Eigen::VectorXd z(n);
    for (int outer = 0;; ++outer) {
        const Eigen::VectorXd w = A.transpose() * (b - A * x);
        Eigen::Index best = -1;
        double best_w = tol;
        for (Eigen::Index j = 0; j < n; ++j) {
            const auto k = static_cast<std::size_t>(j);
            if (!passive[k] && !blocked[k] && w(j) > best_w) {
                best_w = w(j);
                best = j;
            }
        }
        if (best < 0) return x;
        if (outer >= max_outer)
            offload::detail::throw_convergence_error("offload::dnn::detail::nnls", "active set did not settle within " +
                                                                                       std::to_string(max_outer) +
                                                                                       " iterations");
        passive[static_cast<std::size_t>(best)] = true;
        solve_passive(z);
        if (!(z(best) > 0.0)) { // round-off: the index with the largest gradient cannot enter; try the next one
            passive[static_cast<std::size_t>(best)] = false;
            blocked[static_cast<std::size_t>(best)] = true;
            continue;
        }
        std::fill(blocked.begin(), blocked.end(), false);
        for (int inner = 0;; ++inner) {
            bool feasible = true;
            double alpha = 1.0;
            for (Eigen::Index j = 0; j < n; ++j) {
                if (passive[static_cast<std::size_t>(j)] && z(j) <= 0.0) {
                    feasible = false;
                    alpha = std::min(alpha, x(j) / (x(j) - z(j)));
                }
            }
            if (feasible) {
                x = z;
                break;
            }
            if (inner > static_cast<int>(n) + 5)
                offload::detail::throw_convergence_error("offload::dnn::detail::nnls",
                                                         "inner loop did not become feasible");
            x += alpha * (z - x);
            for (Eigen::Index j = 0; j < n; ++j) {
                if (passive[static_cast<std::size_t>(j)] && x(j) <= 0.0) {
                    passive[static_cast<std::size_t>(j)] = false;
                    x(j) = 0.0;
                }
            }
            // the index whose ratio set alpha hits zero exactly up to round-off: remove the smallest too
            for (Eigen::Index j = 0; j < n; ++j) {
                if (passive[static_cast<std::size_t>(j)] && z(j) <= 0.0 && x(j) <= eps * (1.0 + std::abs(z(j)))) {
                    passive[static_cast<std::size_t>(j)] = false;
                    x(j) = 0.0;
                }
            }
            solve_passive(z);
        }
    }
}

inline void require_sample(const hardware_profile& p, const calibration_sample& s, std::size_t i,
                           const char* function) {
    const std::string prefix = "samples[" + std::to_string(i) + "]";
    if (!(s.measured_seconds > 0.0 && s.measured_seconds < infinity))
        offload::detail::throw_parameter_error(function, (prefix + ".measured_seconds").c_str(), s.measured_seconds,
                                               "must be finite and > 0");
    if (s.layers.empty())
        offload::detail::throw_parameter_error(function, (prefix + ".layers.size()").c_str(), 0.0, "must be >= 1");
    if (!valid_dtype(s.element_type))
        offload::detail::throw_parameter_error(function, (prefix + ".element_type").c_str(),
                                               static_cast<double>(static_cast<unsigned>(s.element_type)),
                                               "must be one of the dtype enumerators");
    if (!(p.peak_flops(s.element_type) > 0.0)) {
        const std::string requirement = "hardware profile '" + p.name() + "' states no peak FLOP/s for it";
        offload::detail::throw_parameter_error(function, (prefix + ".element_type").c_str(),
                                               std::string(dtype_name(s.element_type)), requirement.c_str());
    }
    for (std::size_t j = 0; j < s.layers.size(); ++j) {
        const layer_cost& l = s.layers[j];
        const std::string lp = prefix + ".layers[" + std::to_string(j) + "]";
        if (static_cast<std::size_t>(l.kind) >= op_class_count)
            offload::detail::throw_parameter_error(function, (lp + ".kind").c_str(),
                                                   static_cast<double>(static_cast<unsigned>(l.kind)),
                                                   "must be one of the op_class enumerators");
        const std::array<std::pair<const char*, double>, 4> fields = {{{"flops", l.flops},
                                                                       {"weight_bytes", l.weight_bytes},
                                                                       {"input_bytes", l.input_bytes},
                                                                       {"output_bytes", l.output_bytes}}};
        for (const auto& [field, value] : fields)
            if (!valid_field(value))
                offload::detail::throw_parameter_error(function, (lp + "." + field).c_str(), value,
                                                       "must be finite and >= 0");
    }
}

} // namespace detail

/// Predictions of profile p for each sample against its measurement. Samples are validated as in calibrate.
inline fit_report evaluate_fit(const hardware_profile& p, std::span<const calibration_sample> samples) {
    constexpr const char* fn = "offload::dnn::evaluate_fit";
    if (samples.empty()) offload::detail::throw_parameter_error(fn, "samples.size()", 0.0, "must be >= 1");
    fit_report r;
    r.measured_seconds.reserve(samples.size());
    r.predicted_seconds.reserve(samples.size());
    r.relative_error.reserve(samples.size());
    double sum_sq = 0.0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        detail::require_sample(p, samples[i], i, fn);
        double predicted = 0.0;
        for (const layer_cost& l : samples[i].layers)
            predicted += detail::layer_seconds_unchecked(p, l, samples[i].element_type);
        const double e = (predicted - samples[i].measured_seconds) / samples[i].measured_seconds;
        r.measured_seconds.push_back(samples[i].measured_seconds);
        r.predicted_seconds.push_back(predicted);
        r.relative_error.push_back(e);
        sum_sq += e * e;
        r.max_abs_relative_error = std::max(r.max_abs_relative_error, std::abs(e));
    }
    r.rms_relative_error = std::sqrt(sum_sq / static_cast<double>(samples.size()));
    return r;
}

namespace detail {

/// The regime-assignment search behind calibrate(). Layers of all samples are flattened in sample order;
/// regime[k] = 1 if layer k is treated as compute-bound, 0 if memory-bound.
class calibrator {
public:
    calibrator(const hardware_profile& prior, std::span<const calibration_sample> samples,
               const calibration_options& options)
        : prior_(prior), samples_(samples), options_(options) {
        for (const calibration_sample& s : samples_)
            for (const layer_cost& l : s.layers) {
                const double compute = l.flops / prior_.peak_flops(s.element_type);
                const double memory = l.memory_bytes() / prior_.memory_bandwidth();
                // compute-to-memory time ratio at efficiency 1: the layer is compute-bound iff
                // ratio >= eta_compute / eta_memory of its class
                ratio_.push_back(memory > 0.0 ? compute / memory : (compute > 0.0 ? infinity : 0.0));
                kind_.push_back(static_cast<std::size_t>(l.kind));
            }
        double scale = 0.0;
        for (const calibration_sample& s : samples_) scale += std::pow(weight_of(s) * s.measured_seconds, 2);
        error_floor_ = 1e-18 * scale; // a relative misfit of 1e-9 per sample
    }

    struct outcome {
        hardware_spec spec;
        std::array<fit_status, op_class_count> compute_status{};
        std::array<fit_status, op_class_count> memory_status{};
        fit_status overhead_status = fit_status::fitted;
        std::vector<unsigned char> regime;
        double error = infinity; ///< sum of squared (weighted) residuals under the true max-based model
    };

    /// The regimes a profile implies.
    std::vector<unsigned char> regimes_under(const hardware_spec& s) const {
        std::vector<unsigned char> regime(ratio_.size());
        for (std::size_t k = 0; k < ratio_.size(); ++k)
            regime[k] = ratio_[k] >= s.compute_efficiency[kind_[k]] / s.memory_efficiency[kind_[k]] ? 1 : 0;
        return regime;
    }

    /// Does spec classify every layer as `regime` does? Layers at the ridge (both terms equal to 1e-9) count
    /// as either.
    bool self_consistent(const hardware_spec& s, const std::vector<unsigned char>& regime) const {
        for (std::size_t k = 0; k < ratio_.size(); ++k) {
            const double ridge = s.compute_efficiency[kind_[k]] / s.memory_efficiency[kind_[k]];
            const unsigned char r = ratio_[k] >= ridge ? 1 : 0;
            if (r != regime[k] && std::abs(ratio_[k] - ridge) > 1e-9 * ridge) return false;
        }
        return true;
    }

    /// One NNLS fit with the regimes held fixed.
    outcome fit(const std::vector<unsigned char>& regime) {
        ++fits_;
        const hardware_spec& p = prior_.spec();
        outcome out;
        out.regime = regime;
        std::array<bool, op_class_count> cseen{}, mseen{};
        for (std::size_t k = 0; k < regime.size(); ++k) {
            if (regime[k] == 1 && ratio_[k] > 0.0) cseen[kind_[k]] = true;
            if (regime[k] == 0 && ratio_[k] < infinity) mseen[kind_[k]] = true;
        }
        // an exercised memory term needs bytes > 0; ratio_ < inf says so unless flops = bytes = 0
        std::array<int, op_class_count> ccol{}, mcol{};
        int columns = 0;
        for (std::size_t c = 0; c < op_class_count; ++c) {
            out.compute_status[c] = !options_.fit_compute_efficiency ? fit_status::fixed_by_options
                                    : cseen[c]                       ? fit_status::fitted
                                                                     : fit_status::not_exercised;
            ccol[c] = out.compute_status[c] == fit_status::fitted ? columns++ : -1;
        }
        for (std::size_t c = 0; c < op_class_count; ++c) {
            out.memory_status[c] = !options_.fit_memory_efficiency ? fit_status::fixed_by_options
                                   : mseen[c]                      ? fit_status::fitted
                                                                   : fit_status::not_exercised;
            mcol[c] = out.memory_status[c] == fit_status::fitted ? columns++ : -1;
        }
        out.overhead_status = options_.fit_layer_overhead ? fit_status::fitted : fit_status::fixed_by_options;
        const int ocol = out.overhead_status == fit_status::fitted ? columns++ : -1;

        // rows: prediction = sum a (1 + u) + n o; parameters not fitted sit at their prior on the right
        const auto rows = static_cast<Eigen::Index>(samples_.size());
        Eigen::MatrixXd A = Eigen::MatrixXd::Zero(rows, columns);
        Eigen::VectorXd b(rows);
        std::size_t k = 0;
        for (std::size_t i = 0; i < samples_.size(); ++i) {
            const calibration_sample& s = samples_[i];
            const auto row = static_cast<Eigen::Index>(i);
            const double peak = prior_.peak_flops(s.element_type);
            double rhs = s.measured_seconds;
            for (const layer_cost& l : s.layers) {
                const std::size_t c = kind_[k];
                if (regime[k++] == 1) {
                    const double a = l.flops / peak;
                    if (ccol[c] >= 0) {
                        A(row, ccol[c]) += a;
                        rhs -= a;
                    } else {
                        rhs -= a / p.compute_efficiency[c];
                    }
                } else {
                    const double a = l.memory_bytes() / p.memory_bandwidth;
                    if (mcol[c] >= 0) {
                        A(row, mcol[c]) += a;
                        rhs -= a;
                    } else {
                        rhs -= a / p.memory_efficiency[c];
                    }
                }
            }
            const auto n_layers = static_cast<double>(s.layers.size());
            if (ocol >= 0)
                A(row, ocol) = n_layers;
            else
                rhs -= n_layers * p.layer_overhead;
            const double weight = weight_of(s);
            A.row(row) *= weight;
            b(row) = rhs * weight;
        }
        Eigen::VectorXd scale(columns);
        for (Eigen::Index j = 0; j < columns; ++j) {
            const double norm = A.col(j).norm();
            scale(j) = norm > 0.0 ? 1.0 / norm : 1.0;
            A.col(j) *= scale(j);
        }
        const Eigen::VectorXd y = nnls(A, b);
        out.spec = p;
        for (std::size_t c = 0; c < op_class_count; ++c) {
            if (ccol[c] >= 0) out.spec.compute_efficiency[c] = 1.0 / (1.0 + y(ccol[c]) * scale(ccol[c]));
            if (mcol[c] >= 0) out.spec.memory_efficiency[c] = 1.0 / (1.0 + y(mcol[c]) * scale(mcol[c]));
        }
        if (ocol >= 0) out.spec.layer_overhead = y(ocol) * scale(ocol);
        out.error = true_error(out.spec);
        return out;
    }

    /// Alternate fit and re-assignment from `start` until the assignment repeats or the budget is spent.
    outcome alternate(std::vector<unsigned char> regime, int budget) {
        outcome best;
        for (int i = 0; i < budget; ++i) {
            outcome o = fit(regime);
            std::vector<unsigned char> next = regimes_under(o.spec);
            const bool fixed_point = next == regime;
            if (better(o, best)) best = std::move(o);
            if (fixed_point) break;
            regime = std::move(next);
        }
        return best;
    }

    /// Within one class the regime is a threshold on the compute/memory time ratio; try every threshold of
    /// every class against the best assignment so far (coordinate descent), keeping strict improvements.
    outcome threshold_search(outcome best, int sweeps) {
        for (int sweep = 0; sweep < sweeps; ++sweep) {
            bool improved = false;
            for (std::size_t c = 0; c < op_class_count; ++c) {
                std::vector<double> cuts;
                for (std::size_t k = 0; k < ratio_.size(); ++k)
                    if (kind_[k] == c && ratio_[k] > 0.0 && ratio_[k] < infinity) cuts.push_back(ratio_[k]);
                if (cuts.empty()) continue;
                std::sort(cuts.begin(), cuts.end());
                cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
                cuts.push_back(infinity); // every finite-ratio layer of the class memory-bound
                for (double cut : cuts) {
                    std::vector<unsigned char> regime = best.regime;
                    for (std::size_t k = 0; k < ratio_.size(); ++k)
                        if (kind_[k] == c && ratio_[k] > 0.0 && ratio_[k] < infinity)
                            regime[k] = ratio_[k] >= cut ? 1 : 0;
                    if (regime == best.regime) continue;
                    outcome o = fit(regime);
                    if (better(o, best)) {
                        best = std::move(o);
                        improved = true;
                    }
                }
            }
            if (!improved) break;
        }
        return best;
    }

    int fits() const noexcept { return fits_; }

    /// Strictly better by more than round-off: assignments that fit equally well (a class whose layers all
    /// have one arithmetic intensity fits either regime) do not replace the earlier one.
    bool better(const outcome& a, const outcome& b) const noexcept {
        return a.error < b.error * (1.0 - 1e-9) - error_floor_;
    }

private:
    double weight_of(const calibration_sample& s) const noexcept {
        return options_.weighting == calibration_weighting::relative ? 1.0 / s.measured_seconds : 1.0;
    }

    double true_error(const hardware_spec& spec) const {
        const hardware_profile candidate(spec);
        double sse = 0.0;
        for (const calibration_sample& s : samples_) {
            double predicted = 0.0;
            for (const layer_cost& l : s.layers) predicted += layer_seconds_unchecked(candidate, l, s.element_type);
            const double e = (predicted - s.measured_seconds) * weight_of(s);
            sse += e * e;
        }
        return sse;
    }

    const hardware_profile& prior_;
    std::span<const calibration_sample> samples_;
    const calibration_options& options_;
    std::vector<double> ratio_;
    std::vector<std::size_t> kind_;
    double error_floor_ = 0.0;
    int fits_ = 0;
};

} // namespace detail

/// Fit prior's efficiencies and per-layer overhead to the samples (see the header comment for the method).
/// Throws parameter_error for no samples, a sample with no layers, a measured latency that is not finite and
/// > 0, an invalid layer field, an element type the profile has no peak for, or max_regime_iterations < 1;
/// convergence_error if the NNLS active set does not settle.
inline calibration_result calibrate(const hardware_profile& prior, std::span<const calibration_sample> samples,
                                    const calibration_options& options = {}) {
    constexpr const char* fn = "offload::dnn::calibrate";
    if (samples.empty()) offload::detail::throw_parameter_error(fn, "samples.size()", 0.0, "must be >= 1");
    if (options.max_regime_iterations < 1)
        offload::detail::throw_parameter_error(fn, "options.max_regime_iterations",
                                               static_cast<double>(options.max_regime_iterations), "must be >= 1");
    for (std::size_t i = 0; i < samples.size(); ++i) detail::require_sample(prior, samples[i], i, fn);

    detail::calibrator cal(prior, samples, options);
    // 1. alternate from the prior's regimes; 2. threshold search per class; 3. alternate from the best
    auto best = cal.alternate(cal.regimes_under(prior.spec()), options.max_regime_iterations);
    best = cal.threshold_search(std::move(best), options.max_regime_iterations);
    auto polished = cal.alternate(cal.regimes_under(best.spec), options.max_regime_iterations);
    if (cal.better(polished, best)) best = std::move(polished);

    const hardware_spec& prior_spec = prior.spec();
    hardware_spec spec = best.spec;
    spec.source = prior_spec.source + (prior_spec.source.empty() ? "" : "; ") +
                  "efficiencies and overhead calibrated by offload::dnn::calibrate on " +
                  std::to_string(samples.size()) + " samples";
    calibration_result result{hardware_profile(spec),
                              {},
                              best.compute_status,
                              best.memory_status,
                              best.overhead_status,
                              cal.fits(),
                              cal.self_consistent(spec, best.regime),
                              {}};
    result.fit = evaluate_fit(result.profile, samples);

    const auto note = [&](const std::string& parameter, fit_status status, double value) {
        if (status == fit_status::fitted) {
            if (value == 1.0)
                result.notes.push_back(parameter + ": fitted at its bound 1 (measurements are faster than the "
                                                   "stated peak allows; the peak may be understated)");
            return;
        }
        result.notes.push_back(
            parameter + ": " +
            (status == fit_status::not_exercised ? "no sample exercises it" : "not fitted (options)") + "; prior " +
            offload::detail::format_value(value) + " kept");
    };
    for (std::size_t c = 0; c < op_class_count; ++c)
        note("compute_efficiency[" + std::string(op_class_names[c]) + "]", result.compute_status[c],
             spec.compute_efficiency[c]);
    for (std::size_t c = 0; c < op_class_count; ++c)
        note("memory_efficiency[" + std::string(op_class_names[c]) + "]", result.memory_status[c],
             spec.memory_efficiency[c]);
    if (result.overhead_status != fit_status::fitted)
        note("layer_overhead", result.overhead_status, spec.layer_overhead);
    if (!result.regime_converged)
        result.notes.push_back("the returned profile would classify some layers differently from the regime "
                               "assignment it was fitted under (no self-consistent assignment fitted better)");
    return result;
}

} // namespace offload::dnn
