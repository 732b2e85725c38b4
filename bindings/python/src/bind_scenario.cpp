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
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::add_value_semantics;
using offload::python::by_members;
using offload::python::field;
using offload::python::frozen;

namespace {

std::string quoted(const std::string& s) { return std::string(py::str(py::repr(py::str(s)))); }

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
                      "One-way propagation delay, seconds (the file's propagation_ms / 1000).");
    add_value_semantics(py::class_<offload::scenario_link>(m.attr("ScenarioLink")), frozen, by_members,
                        field("name", &offload::scenario_link::name),
                        field("bandwidth", &offload::scenario_link::bandwidth),
                        field("propagation", &offload::scenario_link::propagation));

    py::class_<offload::scenario_device>(m, "ScenarioDevice", "A device of a scenario (where requests originate).")
        .def_readonly("name", &offload::scenario_device::name, "Unique among devices and servers.");
    add_value_semantics(py::class_<offload::scenario_device>(m.attr("ScenarioDevice")), frozen, by_members,
                        field("name", &offload::scenario_device::name));

    py::class_<offload::scenario_server>(m, "ScenarioServer", "An edge server or the cloud of a scenario.")
        .def_readonly("name", &offload::scenario_server::name, "Unique among devices and servers.")
        .def_readonly("link", &offload::scenario_server::link, "The name of its link (a key of Scenario.links).")
        .def_readonly("parallelism", &offload::scenario_server::parallelism, "k of the k-parallel stage (>= 1).")
        .def_readonly("price_per_hour", &offload::scenario_server::price_per_hour,
                      "Money per hour of renting or running it (>= 0; 0: not priced).")
        .def_readonly("price_per_request", &offload::scenario_server::price_per_request,
                      "Money per request sent to it (>= 0; 0: not priced).");
    add_value_semantics(py::class_<offload::scenario_server>(m.attr("ScenarioServer")), frozen, by_members,
                        field("name", &offload::scenario_server::name), field("link", &offload::scenario_server::link),
                        field("parallelism", &offload::scenario_server::parallelism),
                        field("price_per_hour", &offload::scenario_server::price_per_hour),
                        field("price_per_request", &offload::scenario_server::price_per_request));

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
            py::arg("processor"), "Mean service time on that device or server, s; None where it does not run.");
    using workload_t = offload::scenario_workload;
    add_value_semantics(
        py::class_<workload_t>(m.attr("ScenarioWorkload")), frozen,
        [](std::string name, offload::service_kind kind, double scv, double request_bytes, double result_bytes,
           double arrival_rate, const py::dict& service_time) {
            workload_t w{std::move(name), kind, scv, request_bytes, result_bytes, arrival_rate, {}};
            for (const auto& [processor, seconds] : service_time)
                w.service_time.emplace_back(processor.cast<std::string>(), seconds.cast<double>());
            return w;
        },
        field("name", &workload_t::name), field("kind", &workload_t::kind), field("scv", &workload_t::scv),
        field("request_bytes", &workload_t::request_bytes), field("result_bytes", &workload_t::result_bytes),
        field("arrival_rate", &workload_t::arrival_rate), field("service_time", [](const workload_t& w) {
            py::dict d;
            for (const auto& [processor, seconds] : w.service_time) d[py::str(processor)] = seconds;
            return d;
        }));

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
            "(lo, hi), integers.");
    using sweeps_t = offload::scenario_sweeps;
    add_value_semantics(
        py::class_<sweeps_t>(m.attr("ScenarioSweeps")), frozen,
        [](std::pair<double, double> bandwidth, std::pair<double, double> rate, std::pair<int, int> tenants) {
            return sweeps_t{bandwidth.first, bandwidth.second, rate.first, rate.second, tenants.first, tenants.second};
        },
        field("bandwidth", [](const sweeps_t& s) { return std::make_pair(s.bandwidth_lo, s.bandwidth_hi); }),
        field("arrival_rate", [](const sweeps_t& s) { return std::make_pair(s.rate_lo, s.rate_hi); }),
        field("tenants", [](const sweeps_t& s) { return std::make_pair(s.tenants_lo, s.tenants_hi); }));

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
            py::arg("name"), "The link with that name (ValueError if none).");
    add_value_semantics(py::class_<offload::scenario>(m.attr("Scenario")), frozen, by_members,
                        field("name", &offload::scenario::name), field("devices", &offload::scenario::devices),
                        field("edges", &offload::scenario::edges), field("cloud", &offload::scenario::cloud),
                        field("links", &offload::scenario::links), field("workloads", &offload::scenario::workloads),
                        field("arrival_rate", &offload::scenario::arrival_rate),
                        field("tenants", &offload::scenario::tenants), field("sweeps", &offload::scenario::sweeps));

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
        .def_readonly("terms", &offload::advisor_option::terms, "LatencyBreakdown: the mean of each term, seconds.");
    add_value_semantics(
        py::class_<offload::advisor_option>(m.attr("AdvisorOption")), frozen, by_members,
        field("label", &offload::advisor_option::label), field("where", &offload::advisor_option::where),
        field("prediction", &offload::advisor_option::prediction), field("terms", &offload::advisor_option::terms));
    py::class_<offload::advisor_crossovers>(m, "AdvisorCrossovers",
                                            "Where on-device and one server swap places (CrossoverResult each).")
        .def_readonly("server", &offload::advisor_crossovers::server, "The server's name.")
        .def_readonly("bandwidth", &offload::advisor_crossovers::bandwidth, "Crossovers in bandwidth, bytes/s.")
        .def_readonly("rate", &offload::advisor_crossovers::rate, "Crossovers in the request rate, requests/s.")
        .def_readonly("tenants", &offload::advisor_crossovers::tenants, "Crossovers in co-located tenants.");
    add_value_semantics(py::class_<offload::advisor_crossovers>(m.attr("AdvisorCrossovers")), frozen, by_members,
                        field("server", &offload::advisor_crossovers::server),
                        field("bandwidth", &offload::advisor_crossovers::bandwidth),
                        field("rate", &offload::advisor_crossovers::rate),
                        field("tenants", &offload::advisor_crossovers::tenants));
    py::class_<offload::advisor_sweep>(m, "AdvisorSweep", "Every option's mean latency over one swept quantity.")
        .def_readonly("quantity", &offload::advisor_sweep::quantity,
                      "\"bandwidth\" (bytes/s), \"arrival_rate\" (requests/s) or \"tenants\".")
        .def_readonly("x", &offload::advisor_sweep::x, "The swept values.")
        .def_readonly("mean", &offload::advisor_sweep::mean,
                      "Per option (on-device first), the mean latency at each x, seconds (inf: unstable).");
    add_value_semantics(py::class_<offload::advisor_sweep>(m.attr("AdvisorSweep")), frozen, by_members,
                        field("quantity", &offload::advisor_sweep::quantity), field("x", &offload::advisor_sweep::x),
                        field("mean", &offload::advisor_sweep::mean));
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
            "The chosen AdvisorOption (options[decision.index]).");
    add_value_semantics(
        py::class_<offload::workload_advice>(m.attr("WorkloadAdvice")), frozen, by_members,
        field("workload", &offload::workload_advice::workload), field("device", &offload::workload_advice::device),
        field("arrival_rate", &offload::workload_advice::arrival_rate),
        field("options", &offload::workload_advice::options), field("decision", &offload::workload_advice::decision),
        field("crossovers", &offload::workload_advice::crossovers), field("sweeps", &offload::workload_advice::sweeps));
    py::class_<offload::advisor_report>(m, "AdvisorReport", "What advise() returns: one WorkloadAdvice per pair.")
        .def_readonly("advice", &offload::advisor_report::advice,
                      "[WorkloadAdvice], per workload (scenario order), per device that runs it.")
        .def("__len__", [](const offload::advisor_report& r) { return r.advice.size(); });
    add_value_semantics(py::class_<offload::advisor_report>(m.attr("AdvisorReport")), frozen, by_members,
                        field("advice", &offload::advisor_report::advice));
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
