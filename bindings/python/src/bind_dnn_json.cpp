// Python bindings of the JSON formats of models and hardware profiles.
#include "bind_dnn_common.hpp"

using namespace offload::python::dnn_binding; // NOLINT: the shared helpers

namespace {

// ---------------------------------------------------------------------------------------------------------
// JSON

void bind_json(py::module_& mod) {
    // One naming scheme for every file format: read_X(path), write_X(path, value), X_from_json_text(text),
    // to_json_text(value, indent). A file that cannot be read or written raises OSError (FileNotFoundError,
    // PermissionError, ...: the translator in bind_scenario.cpp); bad content raises ValueError naming the JSON
    // pointer.
    mod.def(
        "model_from_json_text", [](const std::string& text) { return offload::dnn::model_from_json_text(text); },
        py::arg("text"), "A model from JSON text; errors (ValueError) name the JSON pointer.");
    mod.def(
        "to_json_text",
        [](const offload::dnn::model& model, int indent) { return offload::dnn::to_json_text(model, indent); },
        py::arg("model"), py::arg("indent") = 1,
        "The model as JSON text (the format of docs/flops.md); indent in [-1, 16] (-1: one line).");
    mod.def(
        "read_model", [](const std::filesystem::path& path) { return offload::dnn::read_model(path.string()); },
        py::arg("path"),
        "Reads a model JSON file; OSError if it cannot be read, ValueError naming the JSON pointer if it is bad.");
    mod.def(
        "write_model",
        [](const std::filesystem::path& path, const offload::dnn::model& model) {
            offload::dnn::write_model(path.string(), model);
        },
        py::arg("path"), py::arg("model"), "Writes the model as JSON; OSError if the file cannot be written.");
    mod.def(
        "hardware_profile_from_json_text",
        [](const std::string& text) { return offload::dnn::hardware_profile_from_json_text(text); }, py::arg("text"),
        "A hardware profile from JSON text; errors (ValueError) name the JSON pointer.");
    mod.def(
        "to_json_text",
        [](const offload::dnn::hardware_profile& profile, int indent) {
            return offload::dnn::to_json_text(profile, indent);
        },
        py::arg("profile"), py::arg("indent") = 2,
        "The profile as JSON text (the format of docs/flops.md); indent in [-1, 16] (-1: one line).");
    mod.def(
        "read_hardware_profile",
        [](const std::filesystem::path& path) { return offload::dnn::read_hardware_profile(path.string()); },
        py::arg("path"),
        "Reads a hardware profile JSON file; OSError if it cannot be read, ValueError naming the JSON pointer.");
    mod.def(
        "write_hardware_profile",
        [](const std::filesystem::path& path, const offload::dnn::hardware_profile& profile) {
            offload::dnn::write_hardware_profile(path.string(), profile);
        },
        py::arg("path"), py::arg("profile"), "Writes the profile as JSON; OSError if the file cannot be written.");
}

} // namespace

void bind_dnn_json(py::module_& m) { bind_json(m); }
