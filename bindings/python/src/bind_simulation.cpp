// Python bindings of the discrete-event simulator (offload/simulation/) in the submodule `offload.sim`,
// mirroring the C++ namespace offload::sim: distributions and their factories, stations, tenants and
// networks, the ready-made builders, run options, simulate() and its results with confidence intervals.
// simulate() runs on a copy of the network with the GIL released, so other Python threads keep running.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "enum_check.hpp"
#include "offload/simulation.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
namespace sim = offload::sim;
using offload::python::add_value_semantics;
using offload::python::by_members;
using offload::python::field;
using offload::python::frozen;
using offload::python::mutable_value;

namespace {

/// A count or index from Python: a negative int is a parameter error naming it (not a TypeError).
std::size_t count_argument(long long n, const char* function, const char* parameter) {
    if (n < 0) offload::detail::throw_parameter_error(function, parameter, static_cast<double>(n), "must be >= 0");
    return static_cast<std::size_t>(n);
}

/// A run_options count from Python: an integer-valued number (a non-integer, NaN or |x| > 10^9 is a
/// parameter_error naming it); simulate() then checks its range and names it again as options.<field>.
int option_count(double value, const char* parameter) {
    return offload::python::count_arg(value, -1'000'000'000, 1'000'000'000, "offload::sim::run_options", parameter);
}

/// A station's server count from Python: an integer-valued number in [1, 10^9] (a non-integer, NaN or huge
/// value is a parameter_error naming the function and the field).
int servers_argument(double value, const char* function, const char* parameter) {
    return offload::python::count_arg(value, 1, 1'000'000'000, function, parameter);
}

/// A station's capacity from Python: inf (unlimited, the default) or an integer-valued number in [1, 10^9].
int capacity_argument(double value, const char* function, const char* parameter) {
    return value == offload::infinity ? sim::unlimited
                                      : offload::python::count_arg(value, 1, 1'000'000'000, function, parameter);
}

/// A count for Python: an int, or float('inf') for sim::unlimited.
py::object count_object(int n) {
    return n == sim::unlimited ? py::object(py::float_(offload::infinity)) : py::object(py::int_(n));
}

/// Station(name, servers, capacity) from Python: servers = inf is the delay (infinite-server) station.
sim::station make_station(std::string name, double servers, double capacity) {
    constexpr const char* fn = "offload::sim::station";
    if (servers == offload::infinity && capacity == offload::infinity) return sim::station::delay(std::move(name));
    return sim::station(std::move(name), servers_argument(servers, fn, "servers"),
                        capacity_argument(capacity, fn, "capacity"));
}

/// Distribution(kind, mean, scv, parameters, samples): the law the factory of `kind` builds from the values it
/// needs (mean, and scv for gamma, lognormal and hyperexponential2; parameters = (low, high, 0) for uniform; samples
/// for empirical); every value given must match that law (so eval(repr(d)) == d, and nothing else passes).
sim::distribution make_distribution(sim::distribution_kind kind, std::optional<double> mean, std::optional<double> scv,
                                    std::optional<std::array<double, 3>> parameters,
                                    std::optional<std::vector<double>> samples) {
    constexpr const char* fn = "offload::sim::distribution";
    const auto need = [&](const auto& value, const char* parameter) {
        if (!value) {
            const std::string requirement = std::string("must be given for ") + sim::to_string(kind);
            offload::detail::throw_parameter_error(fn, parameter, std::string("None"), requirement.c_str());
        }
        return *value;
    };
    sim::distribution d;
    switch (kind) {
    case sim::distribution_kind::deterministic:
        d = sim::deterministic(mean.value_or(0.0));
        break;
    case sim::distribution_kind::exponential:
        d = sim::exponential(need(mean, "mean"));
        break;
    case sim::distribution_kind::gamma:
        d = sim::gamma(need(mean, "mean"), need(scv, "scv"));
        break;
    case sim::distribution_kind::lognormal:
        d = sim::lognormal(need(mean, "mean"), need(scv, "scv"));
        break;
    case sim::distribution_kind::uniform:
        d = sim::uniform(need(parameters, "parameters")[0], (*parameters)[1]);
        break;
    case sim::distribution_kind::hyperexponential2:
        d = sim::hyperexponential2(need(mean, "mean"), need(scv, "scv"));
        break;
    case sim::distribution_kind::empirical:
        d = sim::empirical(need(samples, "samples"));
        break;
    default:
        offload::detail::throw_parameter_error(fn, "kind", static_cast<double>(kind), "is not a DistributionKind");
    }
    const auto check = [&](bool same, const char* parameter, double value) {
        if (!same) {
            const std::string requirement =
                std::string("does not match the ") + sim::to_string(kind) + " law of the other fields";
            offload::detail::throw_parameter_error(fn, parameter, value, requirement.c_str());
        }
    };
    if (mean) check(*mean == d.mean(), "mean", *mean);
    if (scv) check(*scv == d.scv(), "scv", *scv);
    if (parameters)
        for (int i = 0; i < 3; ++i) check((*parameters)[i] == d.parameter(i), "parameters", (*parameters)[i]);
    if (samples) check(*samples == d.samples(), "samples", static_cast<double>(samples->size()));
    return d;
}

py::dict percentile_dict(const std::vector<sim::percentile_estimate>& xs) {
    py::dict d;
    for (const auto& x : xs) d[py::float_(x.p)] = x.time;
    return d;
}

} // namespace

void bind_simulation(py::module_& parent) {
    py::module_ m = parent.def_submodule(
        "sim", "The discrete-event simulator (C++ offload::sim): FCFS stations, tenants with routes, confidence "
               "intervals by replications or batch means. Import as `from offload import sim`.");
    // `import offload.sim` / `from offload.sim import simulate` work as for a package module.
    py::module_::import("sys").attr("modules")["offload.sim"] = m;

    // ---- random numbers and distributions -----------------------------------------------------------------
    py::class_<sim::xoshiro256ss>(m, "Rng",
                                  "xoshiro256** generator seeded through splitmix64 (the simulator's own: the "
                                  "same seed gives the same stream on every platform).")
        .def(py::init<std::uint64_t>(), py::arg("seed") = 1)
        .def(
            "__call__", [](sim::xoshiro256ss& r) { return r(); }, "The next 64-bit draw.")
        .def("jump", &sim::xoshiro256ss::jump, "Advance by 2^128 draws (an independent sub-stream).")
        .def("long_jump", &sim::xoshiro256ss::long_jump, "Advance by 2^192 draws.")
        .def_property_readonly(
            "state",
            [](const sim::xoshiro256ss& r) { return std::vector<std::uint64_t>(r.state().begin(), r.state().end()); },
            "The four 64-bit words of the generator state.")
        .def("__repr__",
             [](const sim::xoshiro256ss& r) { return "Rng(state[0]=" + std::to_string(r.state()[0]) + ")"; });

    py::enum_<sim::distribution_kind>(m, "DistributionKind")
        .value("deterministic", sim::distribution_kind::deterministic)
        .value("exponential", sim::distribution_kind::exponential)
        .value("gamma", sim::distribution_kind::gamma)
        .value("lognormal", sim::distribution_kind::lognormal)
        .value("uniform", sim::distribution_kind::uniform)
        .value("hyperexponential2", sim::distribution_kind::hyperexponential2)
        .value("empirical", sim::distribution_kind::empirical);

    py::class_<sim::distribution>(m, "Distribution",
                                  "A time distribution (seconds) the simulator samples. Build it with "
                                  "deterministic, exponential, gamma, erlang, lognormal, uniform, "
                                  "hyperexponential2 or empirical.")
        .def(py::init(&make_distribution), py::arg("kind") = sim::distribution_kind::deterministic,
             py::arg("mean") = py::none(), py::arg("scv") = py::none(), py::arg("parameters") = py::none(),
             py::arg("samples") = py::none(),
             "The law the factory of `kind` builds (Distribution() is deterministic(0)): mean for deterministic and "
             "exponential, mean and scv for gamma, lognormal and hyperexponential2, parameters (low, high, 0) for "
             "uniform, samples for empirical. Every value given must match that law: this is what repr() prints.")
        .def_property_readonly("kind", &sim::distribution::kind, "DistributionKind of the law.")
        .def_property_readonly("mean", &sim::distribution::mean, "s.")
        .def_property_readonly("scv", &sim::distribution::scv, "Var / mean^2.")
        .def_property_readonly(
            "variance", [](const sim::distribution& d) { return sim::variance(d); }, "s^2.")
        .def_property_readonly(
            "second_moment", [](const sim::distribution& d) { return sim::second_moment(d); },
            "E[X^2] = mean^2 (1 + scv).")
        .def(
            "parameter",
            [](const sim::distribution& d, int i) {
                if (i < 0 || i > 2)
                    offload::detail::throw_parameter_error("offload::sim::distribution::parameter", "i", i,
                                                           "must be 0, 1 or 2");
                return d.parameter(i);
            },
            py::arg("i"), "Kind-specific parameter i (see docs/simulator.md).")
        .def_property_readonly("samples", &sim::distribution::samples, "The observed times of an empirical kind.")
        .def(
            "sample",
            [](const sim::distribution& d, sim::xoshiro256ss& rng, long long n) {
                const std::size_t size = count_argument(n, "offload::sim::sample", "size");
                if (size > 100'000'000) // 800 MB of doubles: checked before allocating (issue 18 #14)
                    offload::detail::throw_parameter_error("offload::sim::sample", "size", static_cast<double>(n),
                                                           "must be <= 10^8");
                py::array_t<double> out(static_cast<py::ssize_t>(size));
                auto v = out.mutable_unchecked<1>();
                for (py::ssize_t i = 0; i < static_cast<py::ssize_t>(size); ++i) v(i) = sim::sample(d, rng);
                return out;
            },
            py::arg("rng"), py::arg("size") = 1, "`size` draws as a numpy array (advances rng).");
    add_value_semantics(
        py::class_<sim::distribution>(m.attr("Distribution")), frozen,
        [](sim::distribution_kind kind, double mean, double scv, std::array<double, 3> parameters,
           std::vector<double> samples) { return make_distribution(kind, mean, scv, parameters, std::move(samples)); },
        field("kind", &sim::distribution::kind), field("mean", &sim::distribution::mean),
        field("scv", &sim::distribution::scv),
        field("parameters",
              [](const sim::distribution& d) {
                  return std::array<double, 3>{d.parameter(0), d.parameter(1), d.parameter(2)};
              }),
        field("samples", &sim::distribution::samples));

    m.def("deterministic", &sim::deterministic, py::arg("value_seconds"), "A constant time >= 0.");
    m.def("exponential", &sim::exponential, py::arg("mean_seconds"), "Exponential (scv 1).");
    m.def("gamma", &sim::gamma, py::arg("mean_seconds"), py::arg("scv"), "Gamma: shape 1/scv, scale mean scv.");
    m.def("erlang", &sim::erlang, py::arg("phases"), py::arg("mean_seconds"), "Erlang-k = gamma(mean, 1/k).");
    m.def("lognormal", &sim::lognormal, py::arg("mean_seconds"), py::arg("scv"), "Lognormal with this mean and scv.");
    m.def("uniform", &sim::uniform, py::arg("low_seconds"), py::arg("high_seconds"), "Uniform on [low, high).");
    m.def("hyperexponential2", &sim::hyperexponential2, py::arg("mean_seconds"), py::arg("scv"),
          "Two balanced-means exponential phases (scv >= 1).");
    m.def("empirical", &sim::empirical, py::arg("samples_seconds"), "Resampling with replacement from observed times.");

    // ---- the network ------------------------------------------------------------------------------------------
    py::class_<sim::station> station_cls(
        m, "Station",
        "A FCFS queue with `servers` parallel servers and room for `capacity` requests "
        "in total (inf: unlimited); Station.delay(name) (or servers=inf) is an "
        "infinite-server station.");
    station_cls
        .def(py::init(&make_station), py::arg("name"), py::arg("servers") = 1, py::arg("capacity") = offload::infinity)
        .def_static("delay", &sim::station::delay, py::arg("name"),
                    "An infinite-server (pure delay) station: every request is served at once, no queueing.")
        .def_property_readonly("name", &sim::station::name, "The station's name (not empty).")
        .def_property_readonly("is_delay", &sim::station::is_delay, "True for an infinite-server (pure delay) station.")
        .def_property_readonly(
            "servers", [](const sim::station& s) { return count_object(s.servers()); },
            "Number of servers, an int (inf for a delay station).")
        .def_property_readonly(
            "capacity", [](const sim::station& s) { return count_object(s.capacity()); },
            "Maximum number in system, queue + service, an int (inf: unlimited).");
    add_value_semantics(
        station_cls, frozen,
        [](const std::string& name, const py::object& servers, const py::object& capacity) {
            return make_station(name, servers.cast<double>(), capacity.cast<double>());
        },
        field("name", &sim::station::name),
        field("servers", [](const sim::station& s) { return count_object(s.servers()); }),
        field("capacity", [](const sim::station& s) { return count_object(s.capacity()); }));

    py::class_<sim::visit>(m, "Visit", "One step of a route: a station index and the service time there.")
        .def(py::init([](long long station, const sim::distribution& service) {
                 return sim::visit{count_argument(station, "offload::sim::visit", "station"), service};
             }),
             py::arg("station"), py::arg("service"))
        .def_readonly("station", &sim::visit::station, "Index of the station in the network.")
        .def_readonly("service", &sim::visit::service, "Distribution of the service time there, s.");
    add_value_semantics(
        py::class_<sim::visit>(m.attr("Visit")), frozen,
        [](std::size_t station, const sim::distribution& service) {
            return sim::visit{station, service};
        },
        field("station", &sim::visit::station), field("service", &sim::visit::service));

    py::class_<sim::tenant>(m, "Tenant",
                            "A request class: a renewal arrival process (interarrival distribution) and a route "
                            "(list of Visit, no station twice).")
        .def(py::init<std::string, sim::distribution, std::vector<sim::visit>>(), py::arg("name"),
             py::arg("interarrival"), py::arg("route"))
        .def_property_readonly("name", &sim::tenant::name, "The tenant's name.")
        .def_property_readonly("interarrival", &sim::tenant::interarrival, "Distribution of the interarrival time, s.")
        .def_property_readonly("route", &sim::tenant::route, "[Visit], the stations in the order visited.")
        .def_property_readonly("arrival_rate", &sim::tenant::arrival_rate, "1 / E[interarrival], 1/s.");
    add_value_semantics(
        py::class_<sim::tenant>(m.attr("Tenant")), frozen,
        [](std::string name, sim::distribution interarrival, std::vector<sim::visit> route) {
            return sim::tenant(std::move(name), std::move(interarrival), std::move(route));
        },
        field("name", &sim::tenant::name), field("interarrival", &sim::tenant::interarrival),
        field("route", &sim::tenant::route));

    py::class_<sim::network>(m, "Network", "Stations and tenants (unique names); routes refer to stations by index.")
        .def(py::init<>())
        .def("add_station", &sim::network::add_station, py::arg("station"), "Adds a station; returns its index.")
        .def("add_tenant", &sim::network::add_tenant, py::arg("tenant"), "Adds a tenant; returns its index.")
        .def_property_readonly("stations", &sim::network::stations, "[Station], in the order added.")
        .def_property_readonly("tenants", &sim::network::tenants, "[Tenant], in the order added.")
        .def(
            "station_index", [](const sim::network& n, const std::string& name) { return sim::station_index(n, name); },
            py::arg("name"), "Index of the station with this name (ValueError if none).")
        .def(
            "tenant_index", [](const sim::network& n, const std::string& name) { return sim::tenant_index(n, name); },
            py::arg("name"), "Index of the tenant with this name (ValueError if none).")
        .def(
            "offered_load",
            [](const sim::network& n, long long i) {
                return sim::offered_load(n, count_argument(i, "offload::sim::offered_load", "station_idx"));
            },
            py::arg("station"), "Nominal sum lambda E[S] / c at station index `station`.")
        .def(
            "is_overloaded",
            [](const sim::network& n, long long i) {
                return sim::is_overloaded(n, count_argument(i, "offload::sim::is_overloaded", "station_idx"));
            },
            py::arg("station"), "True when an unlimited queue station certainly has load >= 1.")
        .def("__repr__", [](const sim::network& n) {
            return "Network(" + std::to_string(n.stations().size()) + " stations, " +
                   std::to_string(n.tenants().size()) + " tenants)";
        });

    // ---- builders ----------------------------------------------------------------------------------------------
    m.def(
        "single_station",
        [](const sim::distribution& interarrival, const sim::distribution& service, double servers, double capacity) {
            constexpr const char* fn = "offload::sim::single_station";
            return sim::single_station(interarrival, service, servers_argument(servers, fn, "servers"),
                                       capacity_argument(capacity, fn, "capacity"));
        },
        py::arg("interarrival"), py::arg("service"), py::arg("servers") = 1, py::arg("capacity") = offload::infinity,
        "Tenant 'tenant' at station 'station' (M/M/1, M/D/1, G/G/c, M/M/1/K, ... by the distributions chosen).");

    py::class_<sim::tandem_stage>(m, "TandemStage", "A station and the service time there.")
        .def(py::init([](const sim::station& where, const sim::distribution& service) {
                 return sim::tandem_stage{where, service};
             }),
             py::arg("station"), py::arg("service"))
        .def_readonly("station", &sim::tandem_stage::where, "The Station of this stage.")
        .def_readonly("service", &sim::tandem_stage::service, "Distribution of the service time there, s.");
    add_value_semantics(
        py::class_<sim::tandem_stage>(m.attr("TandemStage")), frozen,
        [](const sim::station& where, const sim::distribution& service) {
            return sim::tandem_stage{where, service};
        },
        field("station", &sim::tandem_stage::where), field("service", &sim::tandem_stage::service));
    m.def("tandem", &sim::tandem, py::arg("interarrival"), py::arg("stages"),
          "Tenant 'tenant' through the stages in order.");
    m.def(
        "on_device",
        [](const sim::distribution& interarrival, const sim::distribution& device_service, double device_servers,
           double device_capacity) {
            constexpr const char* fn = "offload::sim::on_device";
            return sim::on_device(interarrival, device_service, servers_argument(device_servers, fn, "device_servers"),
                                  capacity_argument(device_capacity, fn, "device_capacity"));
        },
        py::arg("interarrival"), py::arg("device_service"), py::arg("device_servers") = 1,
        py::arg("device_capacity") = offload::infinity, "Seed 003 Fig. 1b: tenant 'device' at station 'device'.");

    const auto make_offload_path = [](const sim::distribution& interarrival, const sim::distribution& uplink,
                                      const sim::distribution& edge_service, const sim::distribution& downlink,
                                      double edge_servers, double edge_capacity, double propagation) {
        constexpr const char* fn = "offload::sim::offload_path";
        return sim::offload_path{interarrival,
                                 uplink,
                                 edge_service,
                                 downlink,
                                 servers_argument(edge_servers, fn, "edge_servers"),
                                 capacity_argument(edge_capacity, fn, "edge_capacity"),
                                 propagation};
    };
    py::class_<sim::offload_path>(m, "OffloadPath",
                                  "Seed 003 Fig. 1a: interarrival, uplink (D_req / B; exponential for the seed's "
                                  "M/M/1 NIC), edge_service, downlink (D_res / B), edge servers and capacity, "
                                  "propagation (s, one way).")
        .def(py::init(make_offload_path), py::arg("interarrival"), py::arg("uplink"), py::arg("edge_service"),
             py::arg("downlink") = sim::distribution{}, py::arg("edge_servers") = 1,
             py::arg("edge_capacity") = offload::infinity, py::arg("propagation") = 0.0)
        .def_readonly("interarrival", &sim::offload_path::interarrival,
                      "Request interarrival time at the device, s (exponential(1/lambda): Poisson).")
        .def_readonly("uplink", &sim::offload_path::uplink, "Device NIC transmission time of a request, D_req / B, s.")
        .def_readonly("edge_service", &sim::offload_path::edge_service, "s_edge, the edge service time, s.")
        .def_readonly("downlink", &sim::offload_path::downlink, "Edge NIC transmission time of a result, D_res / B, s.")
        .def_readonly("edge_servers", &sim::offload_path::edge_servers, "k_edge, the number of edge servers (an int).")
        .def_property_readonly(
            "edge_capacity", [](const sim::offload_path& o) { return count_object(o.edge_capacity); },
            "Edge capacity: most requests in system at the edge, an int (inf: unlimited).")
        .def_readonly("propagation", &sim::offload_path::propagation,
                      "Constant one-way propagation delay, s (0: none).");
    add_value_semantics(
        py::class_<sim::offload_path>(m.attr("OffloadPath")), frozen,
        [make_offload_path](const sim::distribution& interarrival, const sim::distribution& uplink,
                            const sim::distribution& edge_service, const sim::distribution& downlink, int edge_servers,
                            const py::object& edge_capacity, double propagation) {
            return make_offload_path(interarrival, uplink, edge_service, downlink, edge_servers,
                                     edge_capacity.cast<double>(), propagation);
        },
        field("interarrival", &sim::offload_path::interarrival), field("uplink", &sim::offload_path::uplink),
        field("edge_service", &sim::offload_path::edge_service), field("downlink", &sim::offload_path::downlink),
        field("edge_servers", &sim::offload_path::edge_servers),
        field("edge_capacity", [](const sim::offload_path& o) { return count_object(o.edge_capacity); }),
        field("propagation", &sim::offload_path::propagation));
    m.def("edge_offload", &sim::edge_offload, py::arg("path"),
          "Tenant 'device' visits 'device_nic', ['uplink_propagation'], 'edge', 'edge_nic', "
          "['downlink_propagation'].");

    const auto make_split_path = [](const sim::distribution& interarrival, const sim::distribution& device_service,
                                    const sim::distribution& uplink, const sim::distribution& edge_service,
                                    const sim::distribution& downlink, double device_servers, double edge_servers,
                                    double propagation) {
        constexpr const char* fn = "offload::sim::split_path";
        return sim::split_path{
            interarrival, device_service, servers_argument(device_servers, fn, "device_servers"), uplink,
            edge_service, downlink,       servers_argument(edge_servers, fn, "edge_servers"),     propagation};
    };
    py::class_<sim::split_path>(m, "SplitPath",
                                "Seed 003 §3.3: the on-device part (device_service, device_servers), then the "
                                "offload path with the intermediate payload on the uplink.")
        .def(py::init(make_split_path), py::arg("interarrival"), py::arg("device_service"), py::arg("uplink"),
             py::arg("edge_service"), py::arg("downlink") = sim::distribution{}, py::arg("device_servers") = 1,
             py::arg("edge_servers") = 1, py::arg("propagation") = 0.0)
        .def_readonly("interarrival", &sim::split_path::interarrival, "Request interarrival time at the device, s.")
        .def_readonly("device_service", &sim::split_path::device_service, "s'_dev: the layers run on the device, s.")
        .def_readonly("device_servers", &sim::split_path::device_servers, "k_dev, the number of device servers.")
        .def_readonly("uplink", &sim::split_path::uplink,
                      "Transmission time of the intermediate payload, D_inter / B, s.")
        .def_readonly("edge_service", &sim::split_path::edge_service, "s'_edge: the remaining layers on the edge, s.")
        .def_readonly("downlink", &sim::split_path::downlink, "Transmission time of the result, D_res / B, s.")
        .def_readonly("edge_servers", &sim::split_path::edge_servers, "k_edge, the number of edge servers.")
        .def_readonly("propagation", &sim::split_path::propagation, "Constant one-way propagation delay, s (0: none).");
    add_value_semantics(
        py::class_<sim::split_path>(m.attr("SplitPath")), frozen, make_split_path,
        field("interarrival", &sim::split_path::interarrival),
        field("device_service", &sim::split_path::device_service), field("uplink", &sim::split_path::uplink),
        field("edge_service", &sim::split_path::edge_service), field("downlink", &sim::split_path::downlink),
        field("device_servers", &sim::split_path::device_servers),
        field("edge_servers", &sim::split_path::edge_servers), field("propagation", &sim::split_path::propagation));
    m.def("split_offload", &sim::split_offload, py::arg("path"),
          "Tenant 'device' visits 'device', 'device_nic', ['uplink_propagation'], 'edge', 'edge_nic', "
          "['downlink_propagation'].");

    py::class_<sim::edge_tenant>(m, "EdgeTenant",
                                 "One device of a multi-tenant edge: its interarrival, its own NIC's uplink time, "
                                 "its service at the shared edge, its result time on the shared edge NIC.")
        .def(py::init([](std::string name, const sim::distribution& interarrival, const sim::distribution& uplink,
                         const sim::distribution& edge_service, const sim::distribution& downlink) {
                 return sim::edge_tenant{std::move(name), interarrival, uplink, edge_service, downlink};
             }),
             py::arg("name"), py::arg("interarrival"), py::arg("uplink"), py::arg("edge_service"),
             py::arg("downlink") = sim::distribution{})
        .def_readonly("name", &sim::edge_tenant::name, "The device's name.")
        .def_readonly("interarrival", &sim::edge_tenant::interarrival, "Request interarrival time at this device, s.")
        .def_readonly("uplink", &sim::edge_tenant::uplink, "Transmission time of a request on the device's own NIC, s.")
        .def_readonly("edge_service", &sim::edge_tenant::edge_service, "s_i, the service time at the shared edge, s.")
        .def_readonly("downlink", &sim::edge_tenant::downlink,
                      "Transmission time of a result on the shared edge NIC, s.");
    add_value_semantics(
        py::class_<sim::edge_tenant>(m.attr("EdgeTenant")), frozen, offload::python::construct<sim::edge_tenant>,
        field("name", &sim::edge_tenant::name), field("interarrival", &sim::edge_tenant::interarrival),
        field("uplink", &sim::edge_tenant::uplink), field("edge_service", &sim::edge_tenant::edge_service),
        field("downlink", &sim::edge_tenant::downlink));
    m.def(
        "multi_tenant_edge",
        [](const std::vector<sim::edge_tenant>& tenants, double edge_servers, double edge_capacity,
           double propagation) {
            constexpr const char* fn = "offload::sim::multi_tenant_edge";
            return sim::multi_tenant_edge(tenants, servers_argument(edge_servers, fn, "edge_servers"),
                                          capacity_argument(edge_capacity, fn, "edge_capacity"), propagation);
        },
        py::arg("tenants"), py::arg("edge_servers") = 1, py::arg("edge_capacity") = offload::infinity,
        py::arg("propagation") = 0.0,
        "Seed 003 §3.4: tenant i visits '<name>/device_nic', 'edge' (shared), 'edge_nic' (shared).");

    // ---- results ------------------------------------------------------------------------------------------------
    py::enum_<sim::ci_method>(m, "CiMethod", "How confidence intervals are made.")
        .value("replications", sim::ci_method::replications)
        .value("batch_means", sim::ci_method::batch_means);

    py::class_<sim::estimate>(m, "Estimate", "A point value and the half-width of its Student-t confidence interval.")
        .def_readonly("value", &sim::estimate::value, "The point estimate.")
        .def_readonly("half_width", &sim::estimate::half_width,
                      "Half-width of the confidence interval (inf: not estimated).")
        .def_property_readonly("lower", &sim::estimate::lower, "value - half_width.")
        .def_property_readonly("upper", &sim::estimate::upper, "value + half_width.")
        .def("contains", &sim::estimate::contains, py::arg("x"), "x inside the closed interval.");
    add_value_semantics(py::class_<sim::estimate>(m.attr("Estimate")), frozen, by_members,
                        field("value", &sim::estimate::value), field("half_width", &sim::estimate::half_width));

    py::class_<sim::latency_stats>(m, "LatencyStats",
                                   "Response (wait + service) and wait of measured requests, with CIs; percentiles "
                                   "at RunOptions.percentiles.")
        .def_readonly("samples", &sim::latency_stats::samples, "Completed measured requests.")
        .def_readonly("mean_response", &sim::latency_stats::mean_response,
                      "Estimate of the mean response time (wait + service), s.")
        .def_readonly("mean_wait", &sim::latency_stats::mean_wait, "Estimate of the mean wait before service, s.")
        .def_readonly("response_variance", &sim::latency_stats::response_variance,
                      "Sample variance of the pooled response times, s^2 (no interval; inf with < 2 samples).")
        .def_readonly("wait_variance", &sim::latency_stats::wait_variance,
                      "Sample variance of the pooled waits, s^2 (no interval; inf with < 2 samples).")
        .def_property_readonly(
            "response_percentiles", [](const sim::latency_stats& s) { return percentile_dict(s.response_percentiles); },
            "{p: Estimate}.")
        .def_property_readonly(
            "wait_percentiles", [](const sim::latency_stats& s) { return percentile_dict(s.wait_percentiles); },
            "{p: Estimate}.")
        .def("response_percentile", &sim::response_percentile, py::arg("p"),
             "The Estimate at level p (one of RunOptions.percentiles).")
        .def("wait_percentile", &sim::wait_percentile, py::arg("p"),
             "The waiting-time Estimate at level p (one of RunOptions.percentiles).")
        .def(
            "empirical_response_quantile",
            [](const sim::latency_stats& s, py::array_t<double> p) {
                return py::vectorize([&s](double x) { return sim::empirical_response_quantile(s, x); })(p);
            },
            py::arg("p"), "Quantile of the pooled samples (needs keep_samples); accepts arrays.")
        .def(
            "empirical_response_cdf",
            [](const sim::latency_stats& s, py::array_t<double> t) {
                return py::vectorize([&s](double x) { return sim::empirical_response_cdf(s, x); })(t);
            },
            py::arg("t"), "Empirical cdf of the pooled samples (needs keep_samples); accepts arrays.")
        .def_property_readonly(
            "sorted_response_samples",
            [](const sim::latency_stats& s) {
                return py::array_t<double>(static_cast<py::ssize_t>(s.sorted_response_samples.size()),
                                           s.sorted_response_samples.data());
            },
            "All measured response times pooled over cells, sorted ascending, s (empty unless "
            "RunOptions.keep_samples).");
    using latency_t = sim::latency_stats;
    const auto percentile_list = [](const py::dict& d) {
        std::vector<sim::percentile_estimate> out;
        for (const auto& [p, e] : d) out.push_back({p.cast<double>(), e.cast<sim::estimate>()});
        return out;
    };
    add_value_semantics(
        py::class_<latency_t>(m.attr("LatencyStats")), frozen,
        [percentile_list](std::uint64_t samples, const sim::estimate& mean_response, const sim::estimate& mean_wait,
                          const py::dict& response_percentiles, const py::dict& wait_percentiles,
                          double response_variance, double wait_variance, std::vector<double> sorted) {
            return latency_t{samples,
                             mean_response,
                             mean_wait,
                             percentile_list(response_percentiles),
                             percentile_list(wait_percentiles),
                             response_variance,
                             wait_variance,
                             std::move(sorted)};
        },
        field("samples", &latency_t::samples), field("mean_response", &latency_t::mean_response),
        field("mean_wait", &latency_t::mean_wait),
        field("response_percentiles", [](const latency_t& s) { return percentile_dict(s.response_percentiles); }),
        field("wait_percentiles", [](const latency_t& s) { return percentile_dict(s.wait_percentiles); }),
        field("response_variance", &latency_t::response_variance), field("wait_variance", &latency_t::wait_variance),
        field("sorted_response_samples", &latency_t::sorted_response_samples));

    py::class_<sim::flow_stats>(m, "FlowStats", "Arrivals, losses, blocking probability, throughput, number in system.")
        .def_readonly("arrivals", &sim::flow_stats::arrivals,
                      "Measured arrivals (to the station, or into the network).")
        .def_readonly("blocked", &sim::flow_stats::blocked, "Measured arrivals lost because a finite buffer was full.")
        .def_readonly("blocking_probability", &sim::flow_stats::blocking_probability, "Estimate of blocked / arrivals.")
        .def_readonly("throughput", &sim::flow_stats::throughput,
                      "Estimate of the completions per second inside the window, 1/s.")
        .def_readonly("mean_number_in_system", &sim::flow_stats::mean_number_in_system,
                      "Estimate of the time-average number in system (queue + service), requests.");
    add_value_semantics(py::class_<sim::flow_stats>(m.attr("FlowStats")), frozen, by_members,
                        field("arrivals", &sim::flow_stats::arrivals), field("blocked", &sim::flow_stats::blocked),
                        field("blocking_probability", &sim::flow_stats::blocking_probability),
                        field("throughput", &sim::flow_stats::throughput),
                        field("mean_number_in_system", &sim::flow_stats::mean_number_in_system));

    py::class_<sim::tenant_result>(m, "TenantResult", "End-to-end figures of one tenant.")
        .def_readonly("name", &sim::tenant_result::name, "The tenant's name.")
        .def_readonly("latency", &sim::tenant_result::latency, "End-to-end LatencyStats.")
        .def_readonly("flow", &sim::tenant_result::flow,
                      "End-to-end FlowStats: blocked = lost at any station of the route.");
    add_value_semantics(py::class_<sim::tenant_result>(m.attr("TenantResult")), frozen, by_members,
                        field("name", &sim::tenant_result::name), field("latency", &sim::tenant_result::latency),
                        field("flow", &sim::tenant_result::flow));

    py::class_<sim::station_tenant_result>(m, "StationTenantResult", "One tenant's figures at one station.")
        .def_readonly("tenant", &sim::station_tenant_result::tenant, "The tenant's name.")
        .def_readonly("latency", &sim::station_tenant_result::latency, "LatencyStats of this tenant at this station.")
        .def_readonly("flow", &sim::station_tenant_result::flow, "FlowStats of this tenant at this station.");
    add_value_semantics(py::class_<sim::station_tenant_result>(m.attr("StationTenantResult")), frozen, by_members,
                        field("tenant", &sim::station_tenant_result::tenant),
                        field("latency", &sim::station_tenant_result::latency),
                        field("flow", &sim::station_tenant_result::flow));

    py::class_<sim::station_result>(m, "StationResult", "One station's figures (all tenants and per tenant).")
        .def_readonly("name", &sim::station_result::name, "The station's name.")
        .def_readonly("offered_load", &sim::station_result::offered_load, "Nominal offered load, sum lambda E[S] / c.")
        .def_readonly("overloaded", &sim::station_result::overloaded,
                      "Certainly unstable: its latency figures are reported as inf.")
        .def_readonly("utilization", &sim::station_result::utilization,
                      "Estimate of the time-average busy servers / c (0 for a delay station).")
        .def_readonly("mean_busy_servers", &sim::station_result::mean_busy_servers,
                      "Estimate of the time-average number of busy servers.")
        .def_readonly("latency", &sim::station_result::latency, "LatencyStats of all tenants at this station.")
        .def_readonly("flow", &sim::station_result::flow, "FlowStats of all tenants at this station.")
        .def_readonly("tenants", &sim::station_result::tenants,
                      "[StationTenantResult], only the tenants whose route visits the station.")
        .def(
            "tenant", [](const sim::station_result& s, const std::string& name) { return sim::tenant_named(s, name); },
            py::arg("name"), "This station's figures for the tenant with this name.");
    add_value_semantics(
        py::class_<sim::station_result>(m.attr("StationResult")), frozen, by_members,
        field("name", &sim::station_result::name), field("offered_load", &sim::station_result::offered_load),
        field("overloaded", &sim::station_result::overloaded), field("utilization", &sim::station_result::utilization),
        field("mean_busy_servers", &sim::station_result::mean_busy_servers),
        field("latency", &sim::station_result::latency), field("flow", &sim::station_result::flow),
        field("tenants", &sim::station_result::tenants));

    py::class_<sim::simulation_result>(m, "SimulationResult",
                                       "Per-tenant and per-station figures with confidence intervals.")
        .def_readonly("tenants", &sim::simulation_result::tenants, "[TenantResult], in the order of Network.tenants.")
        .def_readonly("stations", &sim::simulation_result::stations,
                      "[StationResult], in the order of Network.stations.")
        .def_readonly("method", &sim::simulation_result::method, "CiMethod the intervals were made with.")
        .def_readonly("confidence", &sim::simulation_result::confidence,
                      "Confidence level of every interval, in (0, 1).")
        .def_readonly("cells", &sim::simulation_result::cells, "Replications, or batches.")
        .def_readonly("events", &sim::simulation_result::events,
                      "Events processed (all replications, warm-up and drain included).")
        .def_readonly("request_stages", &sim::simulation_result::request_stages,
                      "Station visits completed or blocked (all replications).")
        .def_readonly("simulated_time", &sim::simulation_result::simulated_time,
                      "Simulated time summed over all replications, s.")
        .def_readonly("stable", &sim::simulation_result::stable, "False if any station is overloaded.")
        .def(
            "tenant",
            [](const sim::simulation_result& r, const std::string& name) { return sim::tenant_named(r, name); },
            py::arg("name"), "The TenantResult with this name (ValueError if none).")
        .def(
            "station",
            [](const sim::simulation_result& r, const std::string& name) { return sim::station_named(r, name); },
            py::arg("name"), "The StationResult with this name (ValueError if none).");
    using result_t = sim::simulation_result;
    add_value_semantics(py::class_<result_t>(m.attr("SimulationResult")), frozen, by_members,
                        field("tenants", &result_t::tenants), field("stations", &result_t::stations),
                        field("method", &result_t::method), field("confidence", &result_t::confidence),
                        field("cells", &result_t::cells), field("events", &result_t::events),
                        field("request_stages", &result_t::request_stages),
                        field("simulated_time", &result_t::simulated_time), field("stable", &result_t::stable));

    const auto make_run_options = [](long long seed, double requests, double warmup_requests, double duration,
                                     double warmup_duration, sim::ci_method method, double replications, double batches,
                                     double confidence, std::vector<double> percentiles, bool keep_samples) {
        sim::run_options o;
        o.seed = count_argument(seed, "offload::sim::run_options", "seed");
        o.requests = option_count(requests, "requests");
        o.warmup_requests = option_count(warmup_requests, "warmup_requests");
        o.duration = duration;
        o.warmup_duration = warmup_duration;
        o.method = offload::python::checked_enumerator(method, "offload::sim::run_options", "method");
        o.replications = option_count(replications, "replications");
        o.batches = option_count(batches, "batches");
        o.confidence = confidence;
        o.percentiles = std::move(percentiles);
        o.keep_samples = keep_samples;
        return o;
    };
    py::class_<sim::run_options>(m, "RunOptions",
                                 "seed; requests / warmup_requests per replication (count mode) or duration / "
                                 "warmup_duration (time mode, duration > 0); method with replications or batches; "
                                 "confidence; percentiles; keep_samples. Validated by simulate().")
        .def(py::init(make_run_options), py::arg("seed") = 1, py::arg("requests") = 100000.0,
             py::arg("warmup_requests") = 10000.0, py::arg("duration") = 0.0, py::arg("warmup_duration") = 0.0,
             py::arg("method") = sim::ci_method::replications, py::arg("replications") = 10.0,
             py::arg("batches") = 20.0, py::arg("confidence") = 0.95,
             py::arg("percentiles") = std::vector<double>{0.5, 0.9, 0.95, 0.99, 0.999}, py::arg("keep_samples") = false)
        .def_readwrite("seed", &sim::run_options::seed,
                       "Seed of the simulator's generator (replication r starts from it advanced by r long jumps).")
        .def_property(
            "requests", [](const sim::run_options& o) { return o.requests; },
            [](sim::run_options& o, double v) { o.requests = option_count(v, "requests"); },
            "Measured arrivals per replication (all tenants together), integer >= 1.")
        .def_property(
            "warmup_requests", [](const sim::run_options& o) { return o.warmup_requests; },
            [](sim::run_options& o, double v) { o.warmup_requests = option_count(v, "warmup_requests"); },
            "Arrivals discarded at the start of each replication, integer >= 0.")
        .def_readwrite("duration", &sim::run_options::duration,
                       "> 0 switches to time mode: measure arrivals during this many seconds (0: count mode).")
        .def_readwrite("warmup_duration", &sim::run_options::warmup_duration,
                       "Time mode: seconds discarded at the start of each replication.")
        .def_property("method", offload::python::enum_getter(&sim::run_options::method),
                      offload::python::enum_setter(&sim::run_options::method, "offload::sim::run_options", "method"),
                      "CiMethod: replications or batch_means.")
        .def_property(
            "replications", [](const sim::run_options& o) { return o.replications; },
            [](sim::run_options& o, double v) { o.replications = option_count(v, "replications"); },
            "Independent replications (method replications), integer >= 2.")
        .def_property(
            "batches", [](const sim::run_options& o) { return o.batches; },
            [](sim::run_options& o, double v) { o.batches = option_count(v, "batches"); },
            "Batches of one long run (method batch_means), integer >= 2.")
        .def_readwrite("confidence", &sim::run_options::confidence, "Confidence level of every interval, in (0, 1).")
        .def_readwrite("percentiles", &sim::run_options::percentiles,
                       "Percentile levels in (0, 1) reported for response and wait.")
        .def_readwrite("keep_samples", &sim::run_options::keep_samples,
                       "Keep the pooled sorted response times (for empirical_response_quantile/cdf).");
    using options_t = sim::run_options;
    add_value_semantics(py::class_<options_t>(m.attr("RunOptions")), mutable_value, make_run_options,
                        field("seed", &options_t::seed), field("requests", &options_t::requests),
                        field("warmup_requests", &options_t::warmup_requests), field("duration", &options_t::duration),
                        field("warmup_duration", &options_t::warmup_duration), field("method", &options_t::method),
                        field("replications", &options_t::replications), field("batches", &options_t::batches),
                        field("confidence", &options_t::confidence), field("percentiles", &options_t::percentiles),
                        field("keep_samples", &options_t::keep_samples));

    m.def(
        "simulate",
        [](const sim::network& net, const sim::run_options& options) {
            const sim::network copy = net; // the run must not see Python threads mutating the network
            const sim::run_options opt = options;
            py::gil_scoped_release release;
            return sim::simulate(copy, opt);
        },
        py::arg("network"), py::arg("options") = sim::run_options{},
        "Runs the network (GIL released) and returns a SimulationResult with confidence intervals.");
}
