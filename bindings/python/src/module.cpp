// offload._core — the compiled extension behind the `offload` Python package.
// One bind_*.cpp per C++ area; each defines a bind_<area>(py::module_&) called here.
#include <pybind11/pybind11.h>

#include "offload/error.hpp"

namespace py = pybind11;

void bind_queues(py::module_& m);
void bind_pipelines(py::module_& m);
void bind_crossover(py::module_& m);
void bind_flops(py::module_& m);
void bind_decision(py::module_& m);
void bind_policy(py::module_& m);
void bind_simulation(py::module_& m);

PYBIND11_MODULE(_core, m) {
    m.doc() = "offload: analytic models for on-device vs edge vs cloud inference offloading (compiled core)";
    // parameter_error derives from std::domain_error -> ValueError (pybind11 default translation);
    // convergence_error is a std::runtime_error -> RuntimeError. Both carry the C++ message.
    bind_queues(m);
    bind_pipelines(m);
    bind_crossover(m);
    bind_flops(m);
    bind_decision(m);
    bind_policy(m);
    bind_simulation(m);  // submodule offload.sim
}
