// Shared machinery for binding queue models: every model gets the same Python protocol.
#pragma once

#include <cstdio>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "distribution_binding.hpp"
#include "offload/concepts.hpp"
#include "offload/detail/finite_buffer.hpp"
#include "offload/queues/common.hpp"

namespace offload::python {

namespace py = pybind11;

/// A double for __repr__: %.6g (short, round-trips the values people type).
inline std::string repr_number(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
}

/// A count (servers, capacity) from Python: a number that must be an integer in [minimum, maximum]; a
/// non-integer, NaN or huge value is a parameter_error (ValueError) naming the function and the field.
inline int count_arg(double value, int minimum, int maximum, const char* function, const char* parameter) {
    return detail::finite_require_integer_in(value, minimum, maximum, function, parameter);
}

template <queue_with_distributions Q, class... Options>
py::class_<Q, Options...>& add_distribution_protocol(py::class_<Q, Options...>& cls);

/// Adds the common queue-model protocol (parameter properties, mean-statistic methods, and for a queue_with_distributions the vectorised
/// quantile/cdf methods) to a class binding.
template <queue_model Q, class... Options>
py::class_<Q, Options...>& add_queue_protocol(py::class_<Q, Options...>& cls) {
    cls.def_property_readonly(
           "arrival_rate", [](const Q& q) { return arrival_rate(q); }, "Arrival rate lambda, 1/s.")
        .def_property_readonly(
            "mean_service_time", [](const Q& q) { return mean_service_time(q); }, "Mean service time E[S], s.")
        .def_property_readonly(
            "utilization", [](const Q& q) { return utilization(q); }, "Utilization rho.")
        .def_property_readonly(
            "is_stable", [](const Q& q) { return is_stable(q); }, "True if rho < 1.")
        .def(
            "mean_wait", [](const Q& q) { return mean_wait(q); },
            "Mean waiting time before service, s (+inf if unstable).")
        .def(
            "mean_response", [](const Q& q) { return mean_response(q); },
            "Mean response (sojourn) time, s (+inf if unstable).")
        .def(
            "mean_queue_length", [](const Q& q) { return mean_queue_length(q); }, "Mean number waiting.")
        .def(
            "mean_number_in_system", [](const Q& q) { return mean_number_in_system(q); }, "Mean number in system.");
    if constexpr (queue_with_distributions<Q>) add_distribution_protocol(cls);
    return cls;
}

/// The distribution methods (quantiles, cdfs) of a queue_with_distributions.
template <queue_with_distributions Q, class... Options>
py::class_<Q, Options...>& add_distribution_protocol(py::class_<Q, Options...>& cls) {
    cls.def(
           "wait_distribution",
           [](const py::object& self) {
               const Q& q = self.cast<const Q&>();
               return make_analytic(wait_distribution(q), "the waiting time of " + std::string(py::repr(self)));
           },
           "The waiting-time distribution as a TimeDistribution (mean, var, cdf, sf, ppf, ... over arrays).")
        .def(
            "response_distribution",
            [](const py::object& self) {
                const Q& q = self.cast<const Q&>();
                return make_analytic(response_distribution(q), "the response time of " + std::string(py::repr(self)));
            },
            "The response-time distribution as a TimeDistribution (mean, var, cdf, sf, ppf, ... over arrays).")
        .def(
            "wait_quantile",
            [](const Q& q, py::array_t<double> level) {
                const auto d = wait_distribution(q); // built once for the whole array
                return py::vectorize([&d](double x) {
                    return static_cast<double>(
                        quantile(d, offload::detail::require_open_probability(x, "offload::wait_quantile", "level")));
                })(level);
            },
            py::arg("level"), "level-quantile(s) of the waiting time, s. level in (0, 1); accepts arrays.")
        .def(
            "response_quantile",
            [](const Q& q, py::array_t<double> level) {
                const auto d = response_distribution(q);
                return py::vectorize([&d](double x) {
                    return static_cast<double>(quantile(
                        d, offload::detail::require_open_probability(x, "offload::response_quantile", "level")));
                })(level);
            },
            py::arg("level"), "level-quantile(s) of the response time, s. level in (0, 1); accepts arrays.")
        .def(
            "wait_cdf",
            [](const Q& q, py::array_t<double> t) {
                const auto d = wait_distribution(q);
                return py::vectorize([&d](double x) { return cdf(d, x); })(t);
            },
            py::arg("t"), "P(W <= t); accepts arrays.")
        .def(
            "response_cdf",
            [](const Q& q, py::array_t<double> t) {
                const auto d = response_distribution(q);
                return py::vectorize([&d](double x) { return cdf(d, x); })(t);
            },
            py::arg("t"), "P(T <= t); accepts arrays.");
    return cls;
}

} // namespace offload::python
