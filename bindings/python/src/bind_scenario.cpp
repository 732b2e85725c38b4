// Python bindings of the advisor's scenario format (offload/json/scenario.hpp, docs/advisor.md): parse and
// validate a scenario from a file, from JSON text or take the embedded seed 003 §4 default, and read its
// devices, servers, links, workloads, loads and sweeps. The values are read-only (a scenario is data; build a
// new one as JSON text to change it). Errors name the JSON pointer, as in the advisor.
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "offload/json/scenario.hpp"
#include "offload/pipelines/link.hpp"
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
    py::class_<offload::scenario_link>(m, "ScenarioLink", "A named network link of a scenario (both directions).")
        .def_readonly("name", &offload::scenario_link::name, "The key in /links.")
        .def_readonly("bandwidth_mbps", &offload::scenario_link::bandwidth_mbps, "Mbit/s (> 0).")
        .def_readonly("propagation_ms", &offload::scenario_link::propagation_ms, "One-way propagation, ms (>= 0).")
        .def_property_readonly(
            "bandwidth", [](const offload::scenario_link& l) { return offload::megabits_per_second(l.bandwidth_mbps); },
            "Bandwidth in bytes/s (bandwidth_mbps * 10^6 / 8), as NetworkLink takes it.")
        .def("__repr__", [](const offload::scenario_link& l) {
            return "ScenarioLink(name=" + quoted(l.name) + ", bandwidth_mbps=" + repr_number(l.bandwidth_mbps) +
                   ", propagation_ms=" + repr_number(l.propagation_ms) + ")";
        });

    py::class_<offload::scenario_device>(m, "ScenarioDevice", "A device of a scenario (where requests originate).")
        .def_readonly("name", &offload::scenario_device::name, "Unique among devices and servers.")
        .def("__repr__", [](const offload::scenario_device& d) { return "ScenarioDevice(name=" + quoted(d.name) + ")"; });

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
            "service_ms",
            [](const offload::scenario_workload& w) {
                py::dict d;
                for (const auto& [processor, ms] : w.service_ms) d[py::str(processor)] = ms;
                return d;
            },
            "{processor name: mean service time in ms}, in the file's order.")
        .def(
            "service_seconds",
            [](const offload::scenario_workload& w, const std::string& processor) -> py::object {
                const auto s = offload::service_seconds(w, processor);
                return s ? py::cast(*s) : py::none();
            },
            py::arg("processor"), "Mean service time on that device or server, s; None where it does not run.")
        .def("__repr__", [](const offload::scenario_workload& w) {
            std::string s = "ScenarioWorkload(name=" + quoted(w.name) + ", kind=" + offload::to_string(w.kind) +
                            ", scv=" + repr_number(w.scv) + ", request_bytes=" + repr_number(w.request_bytes) +
                            ", result_bytes=" + repr_number(w.result_bytes) +
                            ", arrival_rate=" + repr_number(w.arrival_rate) + ", service_ms={";
            for (std::size_t i = 0; i < w.service_ms.size(); ++i)
                s += (i ? ", " : "") + quoted(w.service_ms[i].first) + ": " + repr_number(w.service_ms[i].second);
            return s + "})";
        });

    py::class_<offload::scenario_sweeps>(m, "ScenarioSweeps", "The ranges the advisor searches for crossovers.")
        .def_property_readonly(
            "bandwidth_mbps",
            [](const offload::scenario_sweeps& s) { return std::make_pair(s.bandwidth_lo_mbps, s.bandwidth_hi_mbps); },
            "(lo, hi), Mbit/s.")
        .def_property_readonly(
            "arrival_rate", [](const offload::scenario_sweeps& s) { return std::make_pair(s.rate_lo, s.rate_hi); },
            "(lo, hi), requests/s.")
        .def_property_readonly(
            "tenants", [](const offload::scenario_sweeps& s) { return std::make_pair(s.tenants_lo, s.tenants_hi); },
            "(lo, hi), integers.")
        .def("__repr__", [](const offload::scenario_sweeps& s) {
            return "ScenarioSweeps(bandwidth_mbps=(" + repr_number(s.bandwidth_lo_mbps) + ", " +
                   repr_number(s.bandwidth_hi_mbps) + "), arrival_rate=(" + repr_number(s.rate_lo) + ", " +
                   repr_number(s.rate_hi) + "), tenants=(" + std::to_string(s.tenants_lo) + ", " +
                   std::to_string(s.tenants_hi) + "))";
        });

    py::class_<offload::scenario>(m, "Scenario",
                                  "A validated advisor scenario (docs/advisor.md): devices, edges, an optional cloud, "
                                  "links, workloads, loads and sweeps. Build one with load_scenario, "
                                  "scenario_from_string or seed003_scenario.")
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
                   ", edges=" + std::to_string(s.edges.size()) + ", cloud=" + (s.cloud ? quoted(s.cloud->name) : "None") +
                   ", links=" + std::to_string(s.links.size()) + ", workloads=" + std::to_string(s.workloads.size()) +
                   ", arrival_rate=" + repr_number(s.arrival_rate) + ", tenants=" + std::to_string(s.tenants) + ")";
        });

    m.def("load_scenario", &offload::load_scenario, py::arg("path"),
          "Reads and validates a scenario file; errors (ValueError) name the JSON pointer, or the path if the file "
          "cannot be opened.");
    m.def(
        "scenario_from_string", [](const std::string& text) { return offload::scenario_from_string(text); },
        py::arg("text"), "Parses and validates scenario JSON text; errors (ValueError) name the JSON pointer.");
    m.def("seed003_scenario", &offload::seed003_scenario,
          "The advisor's embedded default: seed 003 §4 (Jetson TX2 / Orin Nano, A2 / RTX 4070, five workloads, "
          "2 req/s, 5 Mbit/s; derived service times, docs/advisor.md).");
    m.attr("seed003_scenario_json") = std::string(offload::seed003_scenario_json);
}
