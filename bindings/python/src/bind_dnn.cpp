// Python bindings of the DNN/FLOPs layer (offload/flops/, offload/json/flops_model.hpp,
// offload/json/hardware_profile.hpp), one file per area: bind_dnn_layers.cpp (layer descriptions),
// bind_dnn_models.cpp (models with shape checks, FLOPs conventions, per-layer costs, split points, the zoo),
// bind_dnn_hardware.cpp (hardware profiles and presets, latency estimates), bind_dnn_calibration.cpp,
// bind_dnn_json.cpp (JSON for models and profiles); shared helpers in bind_dnn_common.hpp.
// Errors are offload::parameter_error -> ValueError carrying the C++ message.
#include <pybind11/pybind11.h>

namespace py = pybind11;

void bind_dnn_layers(py::module_& m);
void bind_dnn_models(py::module_& m);
void bind_dnn_hardware(py::module_& m);
void bind_dnn_calibration(py::module_& m);
void bind_dnn_json(py::module_& m);

void bind_flops(py::module_& m) {
    bind_dnn_layers(m);
    bind_dnn_models(m);
    bind_dnn_hardware(m);
    bind_dnn_calibration(m);
    bind_dnn_json(m);
}
