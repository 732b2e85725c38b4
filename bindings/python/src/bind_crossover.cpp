// Python bindings of the crossover search (offload/crossover/): where on-device and offload mean latencies
// cross as one parameter varies, with the winner of every interval in between: the named searches for every
// on-device x offload pipeline pair, and the generic find_crossovers / find_integer_crossovers over a Python
// callable.
#include <string>
#include <utility>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "enum_check.hpp"
#include "offload/crossover.hpp"
#include "offload/pipelines.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::repr_number;

namespace {

template <class D, class R, class N>
void bind_crossover_pair(py::module_& m) {
    using Dev = offload::on_device_pipeline<D>;
    using Off = offload::offload_pipeline<R, N>;
    using opt = offload::crossover_options;
    m.def(
        "bandwidth_crossovers",
        [](const Dev& d, const Off& o, double lo, double hi, const opt& x) {
            return offload::bandwidth_crossovers(d, o, lo, hi, x);
        },
        py::arg("device"), py::arg("offload"), py::arg("lo"), py::arg("hi"), py::arg("options") = offload::log_grid(),
        "Bandwidths B in [lo, hi] (bytes/s, lo > 0) where the mean latencies cross.");
    m.def(
        "arrival_rate_crossovers",
        [](const Dev& d, const Off& o, double lo, double hi, const opt& x) {
            return offload::arrival_rate_crossovers(d, o, lo, hi, x);
        },
        py::arg("device"), py::arg("offload"), py::arg("lo"), py::arg("hi"), py::arg("options") = offload::log_grid(),
        "Request rates lambda in [lo, hi] (the same rate on both sides) where the mean latencies cross.");
    m.def(
        "request_bytes_crossovers",
        [](const Dev& d, const Off& o, double lo, double hi, const opt& x) {
            return offload::request_bytes_crossovers(d, o, lo, hi, x);
        },
        py::arg("device"), py::arg("offload"), py::arg("lo"), py::arg("hi"), py::arg("options") = offload::log_grid(),
        "Request payloads D_req in [lo, hi] (bytes, lo > 0) where the mean latencies cross.");
    m.def(
        "device_slowdown_crossovers",
        [](const Dev& d, const Off& o, double lo, double hi, const opt& x) {
            return offload::device_slowdown_crossovers(d, o, lo, hi, x);
        },
        py::arg("device"), py::arg("offload"), py::arg("lo"), py::arg("hi"),
        py::arg("options") = offload::linear_grid(),
        "Device slowdown factors in [lo, hi] (multiplying s_dev) where the mean latencies cross.");
    m.def(
        "remote_service_time_crossovers",
        [](const Dev& d, const Off& o, double lo, double hi, const opt& x) {
            return offload::remote_service_time_crossovers(d, o, lo, hi, x);
        },
        py::arg("device"), py::arg("offload"), py::arg("lo"), py::arg("hi"), py::arg("options") = offload::log_grid(),
        "Remote mean service times in [lo, hi] (s) where the mean latencies cross.");
    m.def(
        "tenant_count_crossovers",
        [](const Dev& d, const Off& o, const offload::tenant_demand& t, int lo, int hi) {
            return offload::tenant_count_crossovers(d, o, t, lo, hi);
        },
        py::arg("device"), py::arg("offload"), py::arg("co_tenant"), py::arg("lo"), py::arg("hi"),
        "Numbers of tenants m in [lo, hi] sharing the server (this device + m-1 co_tenants) where the winner changes.");
}

/// One evaluation of a Python latencies(x) -> (device_seconds, offload_seconds) callable, checked: each value a
/// number >= 0 or +inf (an unstable option). NaN or a negative latency is a ValueError naming x.
std::pair<double, double> call_latencies(const py::function& latencies, const char* fn, double x) {
    const py::object out = latencies(x);
    std::pair<double, double> t;
    try {
        t = out.cast<std::pair<double, double>>();
    } catch (const py::cast_error&) {
        const std::string requirement =
            "must return a pair (device_seconds, offload_seconds), got " + std::string(py::str(py::repr(out)));
        offload::detail::throw_parameter_error(fn, "latencies(x)", x, requirement.c_str());
    }
    for (const double v : {t.first, t.second})
        if (!(v >= 0.0)) {
            const std::string requirement =
                "returned " + offload::detail::format_value(v) + "; latencies must be >= 0 or +inf, not NaN";
            offload::detail::throw_parameter_error(fn, "latencies(x)", x, requirement.c_str());
        }
    return t;
}

template <class D>
void bind_crossovers_for_device(py::module_& m) {
    using offload::k_parallel;
    bind_crossover_pair<D, k_parallel<offload::md1>, offload::nic_stage>(m);
    bind_crossover_pair<D, k_parallel<offload::mm1>, offload::nic_stage>(m);
    bind_crossover_pair<D, k_parallel<offload::mg1>, offload::nic_stage>(m);
    bind_crossover_pair<D, k_parallel<offload::mg1>, offload::deterministic_nic_stage>(m);
}

} // namespace

void bind_crossover(py::module_& m) {
    py::enum_<offload::winner>(m, "Winner",
                               "Which of the two compared options has the lower mean latency: first / second (in "
                               "the order the latencies are given; a CrossoverResult's labels name them), tie, "
                               "neither (both unstable).")
        .value("first", offload::winner::first)
        .value("second", offload::winner::second)
        .value("tie", offload::winner::tie)
        .value("neither", offload::winner::neither);
    // No custom __str__ on an enum: with pybind11 2.10 it turns .name into a bound method (issue 20 #1).

    py::enum_<offload::grid_spacing>(m, "GridSpacing")
        .value("linear", offload::grid_spacing::linear)
        .value("logarithmic", offload::grid_spacing::logarithmic);

    py::enum_<offload::crossover_method>(m, "CrossoverMethod",
                                         "automatic: solved directly where the equation allows (M/M/1 NICs, "
                                         "md1/mm1/mg1 or k-parallel servers), else the scan; scan: always scan.")
        .value("automatic", offload::crossover_method::automatic)
        .value("scan", offload::crossover_method::scan);
    const auto make_options = [](int grid_points, offload::grid_spacing spacing, int tolerance_bits,
                                 std::uintmax_t max_iterations, offload::crossover_method method) {
        offload::python::checked_enumerator(spacing, "offload::crossover_options", "spacing");
        if (method != offload::crossover_method::automatic && method != offload::crossover_method::scan)
            offload::detail::throw_parameter_error("offload::crossover_options", "method", static_cast<double>(method),
                                                   "must be CrossoverMethod.automatic or .scan");
        return offload::crossover_options{grid_points, spacing, tolerance_bits, max_iterations, method};
    };
    py::class_<offload::crossover_options> options_cls(
        m, "CrossoverOptions", "Scan grid and root refinement settings for the crossover search.");
    options_cls
        .def(py::init(make_options), py::arg("grid_points") = 256,
             py::arg("spacing") = offload::grid_spacing::logarithmic, py::arg("tolerance_bits") = 40,
             py::arg("max_iterations") = 100, py::arg("method") = offload::crossover_method::automatic)
        .def_readwrite("grid_points", &offload::crossover_options::grid_points,
                       "Scan points including both ends (>= 2).")
        .def_property(
            "spacing", offload::python::enum_getter(&offload::crossover_options::spacing),
            offload::python::enum_setter(&offload::crossover_options::spacing, "offload::crossover_options", "spacing"),
            "GridSpacing of the scan.")
        .def_readwrite("tolerance_bits", &offload::crossover_options::tolerance_bits,
                       "Refine each point to about 2^(1 - bits) relative (10..52).")
        .def_readwrite("max_iterations", &offload::crossover_options::max_iterations,
                       "Per refinement; exhausting it raises RuntimeError.")
        .def_property(
            "method", offload::python::enum_getter(&offload::crossover_options::method),
            offload::python::enum_setter(&offload::crossover_options::method, "offload::crossover_options", "method"),
            "CrossoverMethod (automatic or scan).");
    using offload::python::field;
    offload::python::add_value_semantics(options_cls, offload::python::mutable_value, make_options,
                                         field("grid_points", &offload::crossover_options::grid_points),
                                         field("spacing", &offload::crossover_options::spacing),
                                         field("tolerance_bits", &offload::crossover_options::tolerance_bits),
                                         field("max_iterations", &offload::crossover_options::max_iterations),
                                         field("method", &offload::crossover_options::method));
    m.def("log_grid", &offload::log_grid, py::arg("grid_points") = 256, "Options with a logarithmic scan grid.");
    m.def("linear_grid", &offload::linear_grid, py::arg("grid_points") = 256, "Options with a linear scan grid.");

    py::class_<offload::crossover_interval>(m, "CrossoverInterval", "[lower, upper] and its winner.")
        .def_readonly("lower", &offload::crossover_interval::lower,
                      "Start: a range end, a crossover or a stability edge.")
        .def_readonly("upper", &offload::crossover_interval::upper, "End of the interval.")
        .def_readonly("winner", &offload::crossover_interval::better, "The Winner inside the interval.");
    offload::python::add_value_semantics(
        py::class_<offload::crossover_interval>(m.attr("CrossoverInterval")), offload::python::frozen,
        offload::python::by_members, field("lower", &offload::crossover_interval::lower),
        field("upper", &offload::crossover_interval::upper), field("winner", &offload::crossover_interval::better));

    py::class_<offload::crossover_result>(m, "CrossoverResult",
                                          "Crossover points and the intervals (covering [lo, hi]) between them.")
        .def_readonly("points", &offload::crossover_result::points, "Values where the two mean latencies are equal.")
        .def_readonly("intervals", &offload::crossover_result::intervals,
                      "CrossoverIntervals covering [lo, hi] in order; neighbours differ in winner.")
        .def_readonly("first_label", &offload::crossover_result::first_label,
                      "The name of the first option (e.g. 'on-device'; 'first' from find_crossovers).")
        .def_readonly("second_label", &offload::crossover_result::second_label,
                      "The name of the second option (e.g. 'offload'; 'second' from find_crossovers).")
        .def(
            "label",
            [](const offload::crossover_result& r, offload::winner w) {
                return offload::label(r, offload::python::checked_enumerator(w, "offload::label", "winner"));
            },
            py::arg("winner"), "The name of a Winner in this result: first_label, second_label, 'tie' or 'neither'.")
        .def(
            "with_labels",
            [](const offload::crossover_result& r, std::string first, std::string second) {
                return offload::with_labels(r, std::move(first), std::move(second));
            },
            py::arg("first"), py::arg("second"), "The same result with its two options named.")
        .def(
            "describe",
            [](const offload::crossover_result& r, double scale, const std::string& unit) {
                return offload::describe(r, scale, unit.c_str());
            },
            py::arg("scale") = 1.0, py::arg("unit") = "",
            "One line for people: the points (times scale, with unit) and the winner of every interval, e.g. "
            "'7.07 Mbit/s  ([0.5, 7.07]: on-device, [7.07, 1000]: offload)'.")
        .def("__str__", [](const offload::crossover_result& r) { return offload::describe(r); });
    offload::python::add_value_semantics(py::class_<offload::crossover_result>(m.attr("CrossoverResult")),
                                         offload::python::frozen, offload::python::by_members,
                                         field("points", &offload::crossover_result::points),
                                         field("intervals", &offload::crossover_result::intervals),
                                         field("first_label", &offload::crossover_result::first_label),
                                         field("second_label", &offload::crossover_result::second_label));

    m.def("compare_latencies", &offload::compare_latencies, py::arg("first_latency"), py::arg("second_latency"),
          "The Winner (first / second / tie / neither) for a pair of mean latencies, s (+inf: unstable, never "
          "wins; both +inf: neither; NaN: ValueError).");
    m.def(
        "find_crossovers",
        [](const py::function& latencies, double lo, double hi, const offload::crossover_options& options) {
            return offload::find_crossovers(
                [&](double x) { return call_latencies(latencies, "offload::find_crossovers", x); }, lo, hi, options);
        },
        py::arg("latencies"), py::arg("lo"), py::arg("hi"), py::arg("options") = offload::crossover_options{},
        "Every crossover of any two latency curves in [lo, hi]: latencies(x) returns (device_seconds, "
        "offload_seconds) (+inf: unstable). Grid scan (options.grid_points, log-spaced by default) plus TOMS 748 "
        "refinement, as the named *_crossovers functions; calls latencies about grid_points + 10 per crossover "
        "times.");
    m.def(
        "find_integer_crossovers",
        [](const py::function& latencies, int lo, int hi) {
            return offload::find_integer_crossovers(
                [&](int x) { return call_latencies(latencies, "offload::find_integer_crossovers", x); }, lo, hi);
        },
        py::arg("latencies"), py::arg("lo"), py::arg("hi"),
        "Every integer m in [lo, hi] (0 <= lo < hi <= lo + 10^6) where the winner of latencies(m) = "
        "(device_seconds, offload_seconds) changes, e.g. a number of tenants.");

    using offload::k_parallel;
    bind_crossovers_for_device<k_parallel<offload::md1>>(m);
    bind_crossovers_for_device<k_parallel<offload::mm1>>(m);
    bind_crossovers_for_device<k_parallel<offload::mg1>>(m);
}
