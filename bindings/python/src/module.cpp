// offload._core — the compiled extension behind the `offload` Python package.
// One bind_*.cpp per C++ area; each defines a bind_<area>(py::module_&) called here.
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include <pybind11/pybind11.h>

#include "offload/error.hpp"

namespace py = pybind11;

void bind_distributions(py::module_& m);
void bind_queues(py::module_& m);
void bind_pipelines(py::module_& m);
void bind_crossover(py::module_& m);
void bind_flops(py::module_& m);
void bind_decision(py::module_& m);
void bind_policy(py::module_& m);
void bind_simulation(py::module_& m);
void bind_scenario(py::module_& m);
void bind_planning(py::module_& m);
void bind_offloading_bandwidth(py::module_& m);
void bind_ml_jobs(py::module_& m);
void bind_provisioning(py::module_& m);

PYBIND11_MODULE(_core, m) {
    m.doc() = "offload: analytic models for on-device vs edge vs cloud inference offloading (compiled core)";
    // parameter_error derives from std::domain_error -> ValueError (pybind11 default translation);
    // convergence_error is a std::runtime_error -> RuntimeError. Both carry the C++ message.
    // Arrays that do not broadcast are bad input, a ValueError as in numpy (py::vectorize throws runtime_error).
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const std::runtime_error& e) {
            constexpr const char* vectorize_message = "pybind11::vectorize: incompatible size/dimension of inputs";
            if (std::strncmp(e.what(), vectorize_message, std::strlen(vectorize_message)) != 0) throw;
            const std::string message =
                std::string("offload: the array arguments do not broadcast together (numpy broadcasting rules; ") +
                e.what() + ")";
            PyErr_SetString(PyExc_ValueError, message.c_str());
        }
    });
    bind_distributions(m); // first: the pipelines' latency_distribution() defaults are its option types
    bind_queues(m);
    bind_pipelines(m);
    bind_crossover(m);
    bind_flops(m);
    bind_decision(m);
    bind_policy(m);
    bind_scenario(m);   // the advisor's scenario format
    bind_simulation(m); // submodule offload.sim
    bind_planning(m);   // submodule offload.planning (after bind_decision: it uses TierWorkload)
    // the planners, into offload.planning (after bind_planning; offloading_bandwidth also after bind_decision)
    bind_offloading_bandwidth(m);
    bind_ml_jobs(m);
    bind_provisioning(m);
}
