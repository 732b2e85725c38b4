// Python bindings of the distribution objects (distribution_binding.hpp) and their accuracy options:
// TimeDistribution (scipy.stats-like frozen distribution), ConvolvedTimeDistribution (adds the guaranteed brackets of the
// FFT convolution), ConvolutionOptions, InversionOptions.
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>

#include "distribution_binding.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::distribution;
using offload::python::map_values;
using offload::python::repr_number;

namespace {

void check_t(double t, const char* function) {
    if (std::isnan(t)) offload::detail::throw_parameter_error(function, "t", t, "must not be NaN");
}

void check_p(double p, const char* function, const char* name = "p") {
    if (!(p >= 0.0 && p <= 1.0)) offload::detail::throw_parameter_error(function, name, p, "must lie in [0, 1]");
}

/// ppf with the closed ends: 0 -> the lower end of the support, 1 -> +inf (as scipy.stats).
double ppf_closed(const distribution& d, double p) {
    if (p == 0.0) return d.lower();
    if (p == 1.0) return offload::infinity;
    return d.ppf(p);
}

} // namespace

void bind_distributions(py::module_& m) {
    const auto make_convolution = [](std::size_t grid_points, double tail_mass) {
        offload::convolution_options o;
        o.grid_points = grid_points;
        o.tail_mass = tail_mass;
        offload::python::check_convolution_options(o, "offload.ConvolutionOptions");
        return o;
    };
    py::class_<offload::convolution_options> convolution_cls(
        m, "ConvolutionOptions",
        "Grid of the FFT convolution of stage distributions: grid_points (a power of two in [64, 2^24]) and the "
        "tail_mass cut from the stages' tails (in (0, 1e-3]).");
    convolution_cls
        .def(py::init(make_convolution), py::arg("grid_points") = std::size_t{1} << 16, py::arg("tail_mass") = 1.0e-9)
        .def_readonly("grid_points", &offload::convolution_options::grid_points, "FFT length (a power of two).")
        .def_readonly("tail_mass", &offload::convolution_options::tail_mass, "Probability cut from the tails.");
    offload::python::add_value_semantics(
        convolution_cls, offload::python::frozen, make_convolution,
        offload::python::field("grid_points", &offload::convolution_options::grid_points),
        offload::python::field("tail_mass", &offload::convolution_options::tail_mass));

    const auto make_inversion = [](double abscissa, int euler_terms, int first_terms, int max_terms,
                                   double absolute_tolerance, double relative_tolerance) {
        offload::inversion_options o;
        o.abscissa = abscissa;
        o.euler_terms = euler_terms;
        o.first_terms = first_terms;
        o.max_terms = max_terms;
        o.absolute_tolerance = absolute_tolerance;
        o.relative_tolerance = relative_tolerance;
        (void)offload::transform_inverted_time(0.0, o); // validates, naming options.<field>
        return o;
    };
    py::class_<offload::inversion_options> inversion_cls(
        m, "InversionOptions",
        "Controls of the Abate-Whitt Euler inversion of the latency transform: abscissa A (relative aliasing error "
        "<= e^-A, in [5, 40]), euler_terms (binomial averaging depth), first_terms and max_terms of the series, and "
        "the absolute / relative tolerances on successive Euler averages of the complementary cdf.");
    inversion_cls
        .def(py::init(make_inversion), py::arg("abscissa") = 24.0, py::arg("euler_terms") = 15,
             py::arg("first_terms") = 20, py::arg("max_terms") = 400, py::arg("absolute_tolerance") = 1e-10,
             py::arg("relative_tolerance") = 1e-8)
        .def_readonly("abscissa", &offload::inversion_options::abscissa, "A.")
        .def_readonly("euler_terms", &offload::inversion_options::euler_terms, "m, Euler averaging depth.")
        .def_readonly("first_terms", &offload::inversion_options::first_terms, "Series terms to start from.")
        .def_readonly("max_terms", &offload::inversion_options::max_terms, "Series terms at most.")
        .def_readonly("absolute_tolerance", &offload::inversion_options::absolute_tolerance,
                      "Absolute tolerance on the complementary cdf.")
        .def_readonly("relative_tolerance", &offload::inversion_options::relative_tolerance,
                      "Relative tolerance on the complementary cdf (far tail).");
    {
        using io = offload::inversion_options;
        using offload::python::field;
        offload::python::add_value_semantics(inversion_cls, offload::python::frozen, make_inversion,
                                             field("abscissa", &io::abscissa), field("euler_terms", &io::euler_terms),
                                             field("first_terms", &io::first_terms), field("max_terms", &io::max_terms),
                                             field("absolute_tolerance", &io::absolute_tolerance),
                                             field("relative_tolerance", &io::relative_tolerance));
    }

    using holder = std::shared_ptr<distribution>;
    py::class_<distribution, holder>(
        m, "TimeDistribution",
        "A waiting, response or end-to-end latency distribution (seconds), built once; like a scipy.stats frozen "
        "distribution: mean(), var(), std(), cdf(t), sf(t), ppf(p), isf(q), median(), interval(confidence). "
        "cdf/sf/ppf/isf take a number (-> float) or an array (-> array of the same shape); the loop runs in C++. "
        "Created by a queue's wait_distribution()/response_distribution() or a pipeline's latency_distribution().")
        .def(
            "mean", [](const distribution& d) { return d.mean(); }, "E[T], s (+inf if a queue is unstable).")
        .def(
            "var", [](const distribution& d) { return d.variance(); }, "Var[T], s^2.")
        .def(
            "std", [](const distribution& d) { return std::sqrt(d.variance()); }, "The standard deviation, s.")
        .def(
            "cdf",
            [](const distribution& d, const py::handle& t) {
                return map_values(
                    t, [](double x) { check_t(x, "offload.TimeDistribution.cdf"); },
                    [&d](double x) { return d.cdf(x); });
            },
            py::arg("t"), "P(T <= t); t a number or an array (NaN: ValueError naming t).")
        .def(
            "sf",
            [](const distribution& d, const py::handle& t) {
                return map_values(
                    t, [](double x) { check_t(x, "offload.TimeDistribution.sf"); }, [&d](double x) { return d.sf(x); });
            },
            py::arg("t"),
            "P(T > t), the survival function (by inversion computed directly: to the InversionOptions tolerances, "
            "1e-8 relative or 1e-10 absolute by default).")
        .def(
            "ppf",
            [](const distribution& d, const py::handle& p) {
                return map_values(
                    p, [](double x) { check_p(x, "offload.TimeDistribution.ppf"); },
                    [&d](double x) { return ppf_closed(d, x); });
            },
            py::arg("p"), "The p-quantile, s; p in [0, 1] (0: the lower end of the support, 1: +inf).")
        .def(
            "isf",
            [](const distribution& d, const py::handle& q) {
                return map_values(
                    q, [](double x) { check_p(x, "offload.TimeDistribution.isf", "q"); },
                    [&d](double x) { return ppf_closed(d, 1.0 - x); });
            },
            py::arg("q"), "The inverse survival function ppf(1 - q), s.")
        .def(
            "median", [](const distribution& d) { return d.ppf(0.5); }, "ppf(0.5), s.")
        .def(
            "interval",
            [](const distribution& d, double confidence) {
                check_p(confidence, "offload.TimeDistribution.interval", "confidence");
                return py::make_tuple(ppf_closed(d, 0.5 * (1.0 - confidence)), ppf_closed(d, 0.5 * (1.0 + confidence)));
            },
            py::arg("confidence"),
            "(ppf((1 - confidence) / 2), ppf((1 + confidence) / 2)): the equal-tailed range holding that probability.")
        .def_property_readonly(
            "method", [](const distribution& d) { return d.method(); },
            "How the numbers are computed: 'analytic' (the queue model's own distribution), 'inversion' (Euler "
            "inversion of the Laplace-Stieltjes transform), 'inversion+convolution' (inversion, the FFT convolution "
            "where the inversion misses its tolerance), 'convolution'.")
        .def("__repr__", [](const distribution& d) {
            return "<TimeDistribution of " + d.description + ", method='" + d.method() +
                   "', mean=" + repr_number(d.mean()) + ", std=" + repr_number(std::sqrt(d.variance())) + ">";
        });

    py::class_<offload::python::convolved_distribution, distribution,
               std::shared_ptr<offload::python::convolved_distribution>>(
        m, "ConvolvedTimeDistribution",
        "A TimeDistribution computed by FFT convolution of the stages' distributions on a grid; besides the estimates "
        "it "
        "gives guaranteed brackets: cdf_bounds(t) and ppf_bounds(p).")
        .def(
            "cdf_bounds",
            [](const offload::python::convolved_distribution& d, const py::handle& t) {
                py::object lo = map_values(
                    t, [](double x) { check_t(x, "offload.ConvolvedTimeDistribution.cdf_bounds"); },
                    [&d](double x) { return cdf_bounds(d.get(), x).first; });
                py::object hi = map_values(
                    t, [](double) {}, [&d](double x) { return cdf_bounds(d.get(), x).second; });
                return py::make_tuple(lo, hi);
            },
            py::arg("t"), "(lower, upper) bounds of P(T <= t) guaranteed by the grid.")
        .def(
            "ppf_bounds",
            [](const offload::python::convolved_distribution& d, const py::handle& p) {
                const auto check = [](double x) {
                    offload::detail::require_open_probability(x, "offload.ConvolvedTimeDistribution.ppf_bounds", "p");
                };
                py::object lo = map_values(p, check, [&d](double x) { return quantile_bounds(d.get(), x).first; });
                py::object hi = map_values(p, check, [&d](double x) { return quantile_bounds(d.get(), x).second; });
                return py::make_tuple(lo, hi);
            },
            py::arg("p"), "(lower, upper) bracket of the p-quantile guaranteed by the grid, s; p in (0, 1).")
        .def_property_readonly(
            "bin_width", [](const offload::python::convolved_distribution& d) { return d.get().bin_width(); },
            "The grid step h, s.")
        .def_property_readonly(
            "truncated_mass", [](const offload::python::convolved_distribution& d) { return d.get().truncated_mass(); },
            "Probability cut from the stages' tails.")
        .def("__repr__", [](const offload::python::convolved_distribution& d) {
            return "<ConvolvedTimeDistribution of " + d.description + ", mean=" + repr_number(d.mean()) +
                   ", std=" + repr_number(std::sqrt(d.variance())) + ", bin_width=" + repr_number(d.get().bin_width()) +
                   ">";
        });
}
