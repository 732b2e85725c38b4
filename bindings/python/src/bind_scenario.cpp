// Python bindings of the advisor: its scenario (offload/advisor/scenario.hpp, SI units) and JSON format
// (offload/json/scenario.hpp, docs/advisor.md) — read, parse or take the embedded seed 003 §4 default, read its
// devices, servers, links, workloads, loads and sweeps, write it back — and advise() with its report
// (offload/advisor/advise.hpp). Scenario values are read-only (a scenario is data; build a new one as JSON
// text to change it). Content errors name the JSON pointer, as in the advisor.
//
// Also the translator of std::system_error (every file reader and writer) to OSError with errno, so a missing
// file is a FileNotFoundError, an unwritable one a PermissionError, ...
#include <cerrno>
#include <exception>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "offload/advisor/advise.hpp"
#include "offload/json/scenario.hpp"
#include "queue_binding.hpp"

namespace py = pybind11;
using offload::python::repr_number;

namespace {

std::string quoted(const std::string& s) { return std::string(py::str(py::repr(py::str(s)))); }

std::string repr_server(const offload::scenario_server& s) {
    return "ScenarioServer(name=" + quoted(s.name) + ", link=" + quoted(s.link) +
           ", parallelism=" + repr_number(s.parallelism) + ")";
}

} // namespace

void bind_scenario(py::module_& m) {
    // std::system_error (a file that cannot be read or written) -> OSError(errno, message): Python picks the
    // subclass (FileNotFoundError, PermissionError, IsADirectoryError, ...) from errno. Registered after
    // module.cpp's translator, so it is tried first (system_error is a runtime_error).
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const std::system_error& e) {
            const int code = e.code().category() == std::generic_category() ? e.code().value() : EIO;
            py::object error =
                py::reinterpret_steal<py::object>(PyObject_CallFunction(PyExc_OSError, "is", code, e.what()));
            if (!error) return; // the call failed and set its own error
            PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
        }
    });

    py::class_<offload::scenario_link>(m, "ScenarioLink", "A named network link of a scenario (both directions).")
        .def_readonly("name", &offload::scenario_link::name, "The key in /links.")
        .def_readonly("bandwidth", &offload::scenario_link::bandwidth,
                      "Bandwidth in bytes/s (the file's bandwidth_mbps * 10^6 / 8), as NetworkLink takes it.")
        .def_readonly("propagation", &offload::scenario_link::propagation,
                      "One-way propagation delay, seconds (the file's propagation_ms / 1000).")
        .def("__repr__", [](const offload::scenario_link& l) {
            return "ScenarioLink(name=" + quoted(l.name) + ", bandwidth=" + repr_number(l.bandwidth) +
                   ", propagation=" + repr_number(l.propagation) + ")";
        });

    py::class_<offload::scenario_device>(m, "ScenarioDevice", "A device of a scenario (where requests originate).")
        .def_readonly("name", &offload::scenario_device::name, "Unique among devices and servers.")
        .def("__repr__",
             [](const offload::scenario_device& d) { return "ScenarioDevice(name=" + quoted(d.name) + ")"; });

    py::class_<offload::scenario_server>(m, "ScenarioServer", "An edge server or the cloud of a scenario.")
        .def_readonly("name", &offload::scenario_server::name, "Unique among devices and servers.")
        .def_readonly("link", &offload::scenario_server::link, "The name of its link (a key of Scenario.links).")
        .def_readonly("parallelism", &offload::scenario_server::parallelism, "k of the k-parallel stage (>= 1).")
        .def("__repr__", &repr_server);

    py::class_<offload::scenario_workload>(m, "ScenarioWorkload",
                                           "A workload: service kind, payloads, rate and where it can run.")
        .def_readonly("name", &offload::scenario_workload::name, "Unique among workloads.")
        .def_readonly("kind", &offload::scenario_workload::kind, "ServiceKind: deterministic, exponential, general.")
        .def_readonly("scv", &offload::scenario_workload::scv, "Squared coefficient of variation of the service time.")
        .def_readonly("request_bytes", &offload::scenario_workload::request_bytes, "bytes (> 0).")
        .def_readonly("result_bytes", &offload::scenario_workload::result_bytes, "bytes (>= 0).")
        .def_readonly("arrival_rate", &offload::scenario_workload::arrival_rate, "requests/s per device.")
        .def_property_readonly(
            "service_time",
            [](const offload::scenario_workload& w) {
                py::dict d;
                for (const auto& [processor, seconds] : w.service_time) d[py::str(processor)] = seconds;
                return d;
            },
            "{processor name: mean service time in seconds}, sorted by name (the file states ms).")
        .def(
            "service_time_on",
            [](const offload::scenario_workload& w, const std::string& processor) -> py::object {
                const auto s = offload::service_time(w, processor);
                return s ? py::cast(*s) : py::none();
            },
            py::arg("processor"), "Mean service time on that device or server, s; None where it does not run.")
        .def("__repr__", [](const offload::scenario_workload& w) {
            std::string s = "ScenarioWorkload(name=" + quoted(w.name) + ", kind=" + offload::to_string(w.kind) +
                            ", scv=" + repr_number(w.scv) + ", request_bytes=" + repr_number(w.request_bytes) +
                            ", result_bytes=" + repr_number(w.result_bytes) +
                            ", arrival_rate=" + repr_number(w.arrival_rate) + ", service_time={";
            for (std::size_t i = 0; i < w.service_time.size(); ++i)
                s += (i ? ", " : "") + quoted(w.service_time[i].first) + ": " + repr_number(w.service_time[i].second);
            return s + "})";
        });

    py::class_<offload::scenario_sweeps>(m, "ScenarioSweeps", "The ranges the advisor searches for crossovers.")
        .def_property_readonly(
            "bandwidth",
            [](const offload::scenario_sweeps& s) { return std::make_pair(s.bandwidth_lo, s.bandwidth_hi); },
            "(lo, hi), bytes/s.")
        .def_property_readonly(
            "arrival_rate", [](const offload::scenario_sweeps& s) { return std::make_pair(s.rate_lo, s.rate_hi); },
            "(lo, hi), requests/s.")
        .def_property_readonly(
            "tenants", [](const offload::scenario_sweeps& s) { return std::make_pair(s.tenants_lo, s.tenants_hi); },
            "(lo, hi), integers.")
        .def("__repr__", [](const offload::scenario_sweeps& s) {
            return "ScenarioSweeps(bandwidth=(" + repr_number(s.bandwidth_lo) + ", " + repr_number(s.bandwidth_hi) +
                   "), arrival_rate=(" + repr_number(s.rate_lo) + ", " + repr_number(s.rate_hi) + "), tenants=(" +
                   std::to_string(s.tenants_lo) + ", " + std::to_string(s.tenants_hi) + "))";
        });

    py::class_<offload::scenario>(m, "Scenario",
                                  "A validated advisor scenario (docs/advisor.md): devices, edges, an optional cloud, "
                                  "links, workloads, loads and sweeps, in SI units (bytes/s, seconds). Build one with "
                                  "read_scenario, scenario_from_json_text or default_scenario.")
        .def_readonly("name", &offload::scenario::name, "The scenario's name (may be empty).")
        .def_readonly("devices", &offload::scenario::devices, "[ScenarioDevice].")
        .def_readonly("edges", &offload::scenario::edges, "[ScenarioServer], the edge servers.")
        .def_readonly("cloud", &offload::scenario::cloud, "The cloud server, or None.")
        .def_readonly("links", &offload::scenario::links, "[ScenarioLink].")
        .def_readonly("workloads", &offload::scenario::workloads, "[ScenarioWorkload].")
        .def_readonly("arrival_rate", &offload::scenario::arrival_rate, "loads.arrival_rate, requests/s.")
        .def_readonly("tenants", &offload::scenario::tenants, "loads.tenants (this device included).")
        .def_readonly("sweeps", &offload::scenario::sweeps, "The crossover search ranges (ScenarioSweeps).")
        .def(
            "link",
            [](const offload::scenario& s, const std::string& name) {
                const offload::scenario_link* l = offload::find_link(s, name);
                if (l == nullptr)
                    offload::detail::throw_parameter_error("offload::find_link", "name", quoted(name),
                                                           "names no link of this scenario");
                return *l;
            },
            py::arg("name"), "The link with that name (ValueError if none).")
        .def("__repr__", [](const offload::scenario& s) {
            return "Scenario(name=" + quoted(s.name) + ", devices=" + std::to_string(s.devices.size()) +
                   ", edges=" + std::to_string(s.edges.size()) +
                   ", cloud=" + (s.cloud ? quoted(s.cloud->name) : "None") +
                   ", links=" + std::to_string(s.links.size()) + ", workloads=" + std::to_string(s.workloads.size()) +
                   ", arrival_rate=" + repr_number(s.arrival_rate) + ", tenants=" + std::to_string(s.tenants) + ")";
        });

    m.def(
        "read_scenario", [](const std::filesystem::path& path) { return offload::read_scenario(path.string()); },
        py::arg("path"),
        "Reads and validates a scenario file: OSError (FileNotFoundError, ...) if it cannot be read, ValueError "
        "naming the JSON pointer if its content is bad.");
    m.def(
        "scenario_from_json_text", [](const std::string& text) { return offload::scenario_from_json_text(text); },
        py::arg("text"), "Parses and validates scenario JSON text; errors (ValueError) name the JSON pointer.");
    m.def(
        "to_json_text", [](const offload::scenario& s, int indent) { return offload::to_json_text(s, indent); },
        py::arg("scenario"), py::arg("indent") = 2,
        "The scenario as JSON text (Mbit/s and ms, as in the file format); indent in [-1, 16] (-1: one line).");
    m.def(
        "write_scenario",
        [](const std::filesystem::path& path, const offload::scenario& s) {
            offload::write_scenario(path.string(), s);
        },
        py::arg("path"), py::arg("scenario"), "Writes the scenario as JSON; OSError if the file cannot be written.");
    m.def("default_scenario", &offload::default_scenario,
          "The advisor's embedded default: seed 003 §4 (Jetson TX2 / Orin Nano, A2 / RTX 4070, five workloads, "
          "2 req/s, 5 Mbit/s; derived service times, docs/advisor.md).");
    m.attr("default_scenario_json") = std::string(offload::default_scenario_json);

    // ---- advise(): the advisor's logic (offload/advisor/advise.hpp) ----
    py::class_<offload::advisor_option>(m, "AdvisorOption", "One option of a workload on a device.")
        .def_readonly("label", &offload::advisor_option::label, "\"on-device\" or the server's name.")
        .def_readonly("where", &offload::advisor_option::where, "\"device\", \"edge\" or \"cloud\".")
        .def_readonly("prediction", &offload::advisor_option::prediction,
                      "OptionPrediction: mean and p99 latency (seconds), stability, kind.")
        .def_readonly("terms", &offload::advisor_option::terms, "LatencyBreakdown: the mean of each term, seconds.")
        .def("__repr__", [](const offload::advisor_option& o) {
            return "AdvisorOption(label=" + quoted(o.label) + ", where=" + quoted(o.where) +
                   ", mean=" + repr_number(o.prediction.mean) + ", p99=" + repr_number(o.prediction.p99) + ")";
        });
    py::class_<offload::advisor_crossovers>(m, "AdvisorCrossovers",
                                            "Where on-device and one server swap places (CrossoverResult each).")
        .def_readonly("server", &offload::advisor_crossovers::server, "The server's name.")
        .def_readonly("bandwidth", &offload::advisor_crossovers::bandwidth, "Crossovers in bandwidth, bytes/s.")
        .def_readonly("rate", &offload::advisor_crossovers::rate, "Crossovers in the request rate, requests/s.")
        .def_readonly("tenants", &offload::advisor_crossovers::tenants, "Crossovers in co-located tenants.")
        .def("__repr__",
             [](const offload::advisor_crossovers& c) { return "AdvisorCrossovers(server=" + quoted(c.server) + ")"; });
    py::class_<offload::advisor_sweep>(m, "AdvisorSweep", "Every option's mean latency over one swept quantity.")
        .def_readonly("quantity", &offload::advisor_sweep::quantity,
                      "\"bandwidth\" (bytes/s), \"arrival_rate\" (requests/s) or \"tenants\".")
        .def_readonly("x", &offload::advisor_sweep::x, "The swept values.")
        .def_readonly("mean", &offload::advisor_sweep::mean,
                      "Per option (on-device first), the mean latency at each x, seconds (inf: unstable).")
        .def("__repr__", [](const offload::advisor_sweep& w) {
            return "AdvisorSweep(quantity=" + quoted(w.quantity) + ", points=" + std::to_string(w.x.size()) + ")";
        });
    py::class_<offload::workload_advice>(m, "WorkloadAdvice", "The advice for one workload on one device.")
        .def_readonly("workload", &offload::workload_advice::workload, "The workload's name.")
        .def_readonly("device", &offload::workload_advice::device, "The device's name.")
        .def_readonly("arrival_rate", &offload::workload_advice::arrival_rate, "requests/s.")
        .def_readonly("options", &offload::workload_advice::options,
                      "[AdvisorOption]: on-device first, then each edge and the cloud that run the workload.")
        .def_readonly("decision", &offload::workload_advice::decision, "Choice: decision.index indexes options.")
        .def_readonly("crossovers", &offload::workload_advice::crossovers,
                      "[AdvisorCrossovers], one per server option, in the order of options[1:].")
        .def_readonly("sweeps", &offload::workload_advice::sweeps,
                      "[AdvisorSweep]: bandwidth, arrival_rate, tenants (empty unless advise(..., sweeps=True)).")
        .def_property_readonly(
            "chosen", [](const offload::workload_advice& a) { return a.options.at(a.decision.index); },
            "The chosen AdvisorOption (options[decision.index]).")
        .def("__repr__", [](const offload::workload_advice& a) {
            return "WorkloadAdvice(workload=" + quoted(a.workload) + ", device=" + quoted(a.device) +
                   ", decision=" + quoted(a.options.at(a.decision.index).label) + ")";
        });
    py::class_<offload::advisor_report>(m, "AdvisorReport", "What advise() returns: one WorkloadAdvice per pair.")
        .def_readonly("advice", &offload::advisor_report::advice,
                      "[WorkloadAdvice], per workload (scenario order), per device that runs it.")
        .def("__len__", [](const offload::advisor_report& r) { return r.advice.size(); })
        .def("__repr__", [](const offload::advisor_report& r) {
            return "AdvisorReport(advice=" + std::to_string(r.advice.size()) + ")";
        });
    m.def(
        "advise",
        [](const offload::scenario& s, const offload::objective& goal, bool sweeps, int sweep_points) {
            offload::advise_options options;
            options.goal = goal;
            options.sweeps = sweeps;
            options.sweep_points = sweep_points;
            py::gil_scoped_release release;
            return offload::advise(s, options);
        },
        py::arg("scenario"), py::arg("objective") = offload::objective::mean_latency(), py::arg("sweeps") = false,
        py::arg("sweep_points") = 121,
        "The advisor's logic (what offload-advisor prints): for every workload and every device that runs it, the "
        "mean and p99 latency of every option (on-device, each edge, the cloud) with its breakdown, the option the "
        "objective chooses (default: lowest mean latency; Objective.percentile(PercentileLevel.p99) for p99), and "
        "the crossovers against each server in bandwidth, request rate and co-located tenants. sweeps=True also "
        "tabulates each option's mean latency over those ranges (sweep_points >= 2 points for bandwidth and rate). "
        "SI units throughout (seconds, bytes/s). Returns an AdvisorReport.");
}
