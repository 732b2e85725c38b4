// Python bindings of the queueing models (offload/queues/).
#include <cstdio>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "offload/queues.hpp"
#include "queue_binding.hpp"

namespace py = pybind11;
using offload::python::add_queue_protocol;

namespace {

std::string repr_number(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
}

} // namespace

void bind_queues(py::module_& m) {
    py::class_<offload::mm1> mm1(m, "MM1", "M/M/1/FCFS queue: Poisson arrivals, exponential service, one server.");
    mm1.def(py::init<double, double>(), py::arg("arrival_rate"), py::arg("service_rate"))
        .def_property_readonly("service_rate", &offload::mm1::service_rate, "Service rate mu, 1/s.")
        .def("__repr__", [](const offload::mm1& q) {
            return "MM1(arrival_rate=" + repr_number(q.arrival_rate()) +
                   ", service_rate=" + repr_number(q.service_rate()) + ")";
        });
    add_queue_protocol(mm1);

    m.def(
        "mm1_mean_response",
        [](py::array_t<double> arrival_rate, py::array_t<double> service_rate) {
            return py::vectorize([](double lambda, double mu) { return mean_response(offload::mm1(lambda, mu)); })(
                arrival_rate, service_rate);
        },
        py::arg("arrival_rate"), py::arg("service_rate"),
        "Vectorised M/M/1 mean response time (broadcasts numpy arrays), s.");
}
