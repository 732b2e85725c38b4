// Python bindings of the roofline calibration (offload/flops/calibration.hpp).
#include "bind_dnn_common.hpp"
#include "enum_check.hpp"
#include "value_type.hpp"

using namespace offload::python::dnn_binding; // NOLINT: the shared helpers

namespace {

// ---------------------------------------------------------------------------------------------------------
// Calibration

/// A calibration sample that owns its layers (the C++ sample holds a span).
struct py_sample {
    std::vector<offload::dnn::layer_cost> layers;
    double measured_seconds = 0.0;
    offload::dnn::dtype element_type = offload::dnn::dtype::fp32;
};

std::vector<offload::dnn::calibration_sample> to_samples(const std::vector<py_sample>& samples) {
    std::vector<offload::dnn::calibration_sample> out;
    out.reserve(samples.size());
    for (const auto& s : samples) out.push_back({s.layers, s.measured_seconds, s.element_type});
    return out;
}

/// The inverse of status_dict (unpickling).
std::array<offload::dnn::fit_status, offload::dnn::op_class_count> status_array(const py::dict& d) {
    std::array<offload::dnn::fit_status, offload::dnn::op_class_count> s{};
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
        s[c] = d[py::str(std::string(offload::dnn::op_class_names[c]))].cast<offload::dnn::fit_status>();
    return s;
}

py::dict status_dict(const std::array<offload::dnn::fit_status, offload::dnn::op_class_count>& s) {
    py::dict d;
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
        d[py::str(std::string(offload::dnn::op_class_names[c]))] = s[c];
    return d;
}

void bind_calibration(py::module_& mod) {
    py::enum_<offload::dnn::calibration_weighting>(mod, "CalibrationWeighting",
                                                   "relative: minimise relative errors (every sample alike); absolute: "
                                                   "squared seconds (long samples dominate).")
        .value("relative", offload::dnn::calibration_weighting::relative)
        .value("absolute", offload::dnn::calibration_weighting::absolute);
    py::enum_<offload::dnn::fit_status>(mod, "FitStatus", "What calibration did with one parameter.")
        .value("fitted", offload::dnn::fit_status::fitted)
        .value("not_exercised", offload::dnn::fit_status::not_exercised)
        .value("fixed_by_options", offload::dnn::fit_status::fixed_by_options);

    py::class_<py_sample>(mod, "CalibrationSample",
                          "One measurement: the layers that ran (a Model, or a sequence of LayerCost: a whole "
                          "model, a part or one layer) and how long they took, s. Validated by calibrate.")
        .def(py::init([](py::object layers, double measured_seconds, std::optional<offload::dnn::dtype> element_type,
                         offload::dnn::flops_convention c) {
                 auto r = resolve_layers(layers, element_type, c, "offload.CalibrationSample");
                 return py_sample{std::move(r.costs), measured_seconds, r.type};
             }),
             py::arg("layers"), py::arg("measured_seconds"), py::arg("element_type") = py::none(),
             py::arg("convention") = offload::dnn::flops_convention::twice_macs)
        .def_readonly("layers", &py_sample::layers, "[LayerCost] of the layers that ran.")
        .def_readonly("measured_seconds", &py_sample::measured_seconds, "Measured time, s (finite and > 0).")
        .def_readonly("element_type", &py_sample::element_type,
                      "DType the layers ran in (the profile must state a peak for it).");
    offload::python::add_value_semantics(py::class_<py_sample>(mod.attr("CalibrationSample")), offload::python::frozen,
                                         offload::python::construct<py_sample>,
                                         offload::python::field("layers", &py_sample::layers),
                                         offload::python::field("measured_seconds", &py_sample::measured_seconds),
                                         offload::python::field("element_type", &py_sample::element_type));

    py::class_<offload::dnn::calibration_options>(mod, "CalibrationOptions", "What calibrate fits and how.")
        .def(py::self == py::self)
        .def(py::init([](bool fit_compute_efficiency, bool fit_memory_efficiency, bool fit_layer_overhead,
                         offload::dnn::calibration_weighting weighting, int max_regime_iterations) {
                 offload::dnn::calibration_options o;
                 o.fit_compute_efficiency = fit_compute_efficiency;
                 o.fit_memory_efficiency = fit_memory_efficiency;
                 o.fit_layer_overhead = fit_layer_overhead;
                 o.weighting =
                     offload::python::checked_enumerator(weighting, "offload::dnn::calibration_options", "weighting");
                 o.max_regime_iterations = max_regime_iterations;
                 return o;
             }),
             py::arg("fit_compute_efficiency") = true, py::arg("fit_memory_efficiency") = true,
             py::arg("fit_layer_overhead") = true, py::arg("weighting") = offload::dnn::calibration_weighting::relative,
             py::arg("max_regime_iterations") = 20)
        .def_readwrite("fit_compute_efficiency", &offload::dnn::calibration_options::fit_compute_efficiency,
                       "True: fit the compute efficiencies.")
        .def_readwrite("fit_memory_efficiency", &offload::dnn::calibration_options::fit_memory_efficiency,
                       "True: fit the memory efficiencies.")
        .def_readwrite("fit_layer_overhead", &offload::dnn::calibration_options::fit_layer_overhead,
                       "True: fit the per-layer overhead.")
        .def_property("weighting", offload::python::enum_getter(&offload::dnn::calibration_options::weighting),
                      offload::python::enum_setter(&offload::dnn::calibration_options::weighting,
                                                   "offload::dnn::calibration_options", "weighting"),
                      "CalibrationWeighting: relative or absolute errors.")
        .def_readwrite("max_regime_iterations", &offload::dnn::calibration_options::max_regime_iterations,
                       "Budget of each regime alternation and threshold-search sweep (>= 1).");
    using options_t = offload::dnn::calibration_options;
    offload::python::add_value_semantics(
        py::class_<options_t>(mod.attr("CalibrationOptions")), offload::python::mutable_value,
        offload::python::construct<options_t>,
        offload::python::field("fit_compute_efficiency", &options_t::fit_compute_efficiency),
        offload::python::field("fit_memory_efficiency", &options_t::fit_memory_efficiency),
        offload::python::field("fit_layer_overhead", &options_t::fit_layer_overhead),
        offload::python::field("weighting", &options_t::weighting),
        offload::python::field("max_regime_iterations", &options_t::max_regime_iterations));

    py::class_<offload::dnn::fit_report>(mod, "FitReport",
                                         "Predictions against measurements, per sample (numpy "
                                         "arrays) and summarised.")
        .def_property_readonly(
            "measured_seconds", [](const offload::dnn::fit_report& r) { return to_array(r.measured_seconds); },
            "Measured times per sample, s.")
        .def_property_readonly(
            "predicted_seconds", [](const offload::dnn::fit_report& r) { return to_array(r.predicted_seconds); },
            "Predicted times per sample, s.")
        .def_property_readonly(
            "relative_error", [](const offload::dnn::fit_report& r) { return to_array(r.relative_error); },
            "(predicted - measured) / measured.")
        .def_readonly("rms_relative_error", &offload::dnn::fit_report::rms_relative_error,
                      "sqrt(mean relative_error^2).")
        .def_readonly("max_abs_relative_error", &offload::dnn::fit_report::max_abs_relative_error,
                      "max |relative_error|.");
    using report_t = offload::dnn::fit_report;
    offload::python::add_value_semantics(
        py::class_<report_t>(mod.attr("FitReport")), offload::python::frozen, offload::python::by_members,
        offload::python::field("measured_seconds", &report_t::measured_seconds),
        offload::python::field("predicted_seconds", &report_t::predicted_seconds),
        offload::python::field("relative_error", &report_t::relative_error),
        offload::python::field("rms_relative_error", &report_t::rms_relative_error),
        offload::python::field("max_abs_relative_error", &report_t::max_abs_relative_error));

    py::class_<offload::dnn::calibration_result>(
        mod, "CalibrationResult",
        "The calibrated profile, its fit on the samples, what happened to each "
        "parameter, and notes (parameters kept at their prior or at a bound).")
        .def_readonly("profile", &offload::dnn::calibration_result::profile,
                      "The prior HardwareProfile with fitted efficiencies / overhead.")
        .def_readonly("fit", &offload::dnn::calibration_result::fit,
                      "FitReport of the calibrated profile on the calibration samples.")
        .def_property_readonly(
            "compute_status", [](const offload::dnn::calibration_result& r) { return status_dict(r.compute_status); },
            "{op class name: FitStatus} of the compute efficiencies.")
        .def_property_readonly(
            "memory_status", [](const offload::dnn::calibration_result& r) { return status_dict(r.memory_status); },
            "{op class name: FitStatus} of the memory efficiencies.")
        .def_readonly("overhead_status", &offload::dnn::calibration_result::overhead_status,
                      "FitStatus of the per-layer overhead.")
        .def_readonly("regime_iterations", &offload::dnn::calibration_result::regime_iterations,
                      "NNLS fits performed by the regime search.")
        .def_readonly("regime_converged", &offload::dnn::calibration_result::regime_converged,
                      "True: the profile classifies every layer as it was fitted (self-consistent).")
        .def_readonly("notes", &offload::dnn::calibration_result::notes,
                      "One line per parameter kept at its prior or fitted at a bound.");
    using result_t = offload::dnn::calibration_result;
    offload::python::add_value_semantics(
        py::class_<result_t>(mod.attr("CalibrationResult")), offload::python::frozen,
        [](const offload::dnn::hardware_profile& profile, const report_t& fit, const py::dict& compute_status,
           const py::dict& memory_status, offload::dnn::fit_status overhead_status, int regime_iterations,
           bool regime_converged, std::vector<std::string> notes) {
            return result_t{profile,
                            fit,
                            status_array(compute_status),
                            status_array(memory_status),
                            overhead_status,
                            regime_iterations,
                            regime_converged,
                            std::move(notes)};
        },
        offload::python::field("profile", &result_t::profile), offload::python::field("fit", &result_t::fit),
        offload::python::field("compute_status", [](const result_t& r) { return status_dict(r.compute_status); }),
        offload::python::field("memory_status", [](const result_t& r) { return status_dict(r.memory_status); }),
        offload::python::field("overhead_status", &result_t::overhead_status),
        offload::python::field("regime_iterations", &result_t::regime_iterations),
        offload::python::field("regime_converged", &result_t::regime_converged),
        offload::python::field("notes", &result_t::notes));

    mod.def(
        "calibrate",
        [](const offload::dnn::hardware_profile& prior, const std::vector<py_sample>& samples,
           const offload::dnn::calibration_options& options) {
            const auto s = to_samples(samples);
            return offload::dnn::calibrate(prior, s, options);
        },
        py::arg("prior"), py::arg("samples"), py::arg("options") = offload::dnn::calibration_options{},
        "Fit the prior's efficiencies and per-layer overhead to measured samples by non-negative least squares "
        "(docs/calibration.md).");
    mod.def(
        "evaluate_fit",
        [](const offload::dnn::hardware_profile& p, const std::vector<py_sample>& samples) {
            const auto s = to_samples(samples);
            return offload::dnn::evaluate_fit(p, s);
        },
        py::arg("profile"), py::arg("samples"), "A profile's predictions against (e.g. held-out) samples.");
}

} // namespace

void bind_dnn_calibration(py::module_& m) { bind_calibration(m); }
