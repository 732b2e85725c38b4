// Python bindings of the per-request policy (offload/policy/): its online estimators, the static description
// (remotes, splits, workload, options) and the offload_policy object itself.
//
// The GIL: decide(), predictions() and the other readers are lock-free and take tens of nanoseconds, so they
// keep the GIL. The measurement calls (observe_*, report_edge_load, refresh) may recompute every option's
// prediction (a few ms with tails); the policy is thread-safe (writer mutex + seqlock, docs/policy.md), so they
// release the GIL and other Python threads keep running, including decide() on the same policy.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "enum_check.hpp"
#include "offload/policy.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::add_value_semantics;
using offload::python::field;
using offload::python::frozen;
using offload::python::mutable_value;
using offload::python::repr_number;

namespace {

using release_gil = py::call_guard<py::gil_scoped_release>;

/// A remote index from Python: a negative int is a parameter error (not a TypeError from size_t conversion).
std::size_t remote_index(long long r, const char* function) {
    if (r < 0) offload::detail::throw_parameter_error(function, "remote", static_cast<double>(r), "must be >= 0");
    return static_cast<std::size_t>(r);
}

/// A count from Python: a negative int is a parameter error naming it (not a TypeError from size_t conversion).
std::size_t count_argument(long long n, const char* function, const char* parameter) {
    if (n < 0) offload::detail::throw_parameter_error(function, parameter, static_cast<double>(n), "must be >= 0");
    return static_cast<std::size_t>(n);
}

offload::policy_remote make_remote(std::string name, const offload::service_demand& demand, double bandwidth,
                                   offload::option_kind kind, double propagation, double background_rate,
                                   double background_service, double background_scv, double cost_per_request) {
    offload::policy_remote r;
    r.name = std::move(name);
    r.kind = offload::python::checked_enumerator(kind, "offload::policy_remote", "kind");
    r.demand = demand;
    r.bandwidth = bandwidth;
    r.propagation = propagation;
    r.background_rate = background_rate;
    r.background_service = background_service;
    r.background_scv = background_scv;
    r.cost_per_request = cost_per_request;
    return r;
}

offload::policy_split make_split(long long remote, int cut, const offload::service_demand& device_part,
                                 const offload::service_demand& remote_part, double payload_bytes,
                                 double device_fraction) {
    offload::policy_split s;
    s.remote = remote_index(remote, "offload::policy_split");
    s.cut = cut;
    s.device_part = device_part;
    s.remote_part = remote_part;
    s.payload_bytes = payload_bytes;
    s.device_fraction = device_fraction;
    return s;
}

offload::policy_workload make_workload(double request_bytes, double arrival_rate, double result_bytes,
                                       offload::result_destination destination, double task_bits) {
    offload::policy_workload w;
    w.arrival_rate = arrival_rate;
    w.request_bytes = request_bytes;
    w.result_bytes = result_bytes;
    w.destination = offload::python::checked_enumerator(destination, "offload::policy_workload", "destination");
    w.task_bits = task_bits;
    return w;
}

offload::policy_options make_options(const offload::objective& goal, const offload::constraints& limits,
                                     double deadline, double hysteresis_margin, double min_dwell, double rate_window,
                                     long long rate_capacity, double bandwidth_weight, double service_weight,
                                     double stale_after, double recompute_interval, double rate_tolerance,
                                     double min_recompute_spacing, bool tails, long long grid_points, double tail_mass,
                                     std::optional<offload::energy_model> energy, double max_bandwidth,
                                     double max_service_factor) {
    offload::policy_options o;
    o.goal = goal;
    o.limits = limits;
    o.deadline = deadline;
    o.hysteresis_margin = hysteresis_margin;
    o.min_dwell = min_dwell;
    o.rate_window = rate_window;
    o.rate_capacity = count_argument(rate_capacity, "offload::policy_options", "options.rate_capacity");
    o.bandwidth_weight = bandwidth_weight;
    o.service_weight = service_weight;
    o.stale_after = stale_after;
    o.recompute_interval = recompute_interval;
    o.rate_tolerance = rate_tolerance;
    o.min_recompute_spacing = min_recompute_spacing;
    o.tails = tails;
    o.convolution.grid_points =
        count_argument(grid_points, "offload::policy_options", "options.convolution.grid_points");
    o.convolution.tail_mass = tail_mass;
    o.energy = energy;
    o.max_bandwidth = max_bandwidth;
    o.max_service_factor = max_service_factor;
    return o;
}

offload::policy_description make_description(const offload::service_demand& device,
                                             const offload::policy_workload& workload,
                                             std::vector<offload::policy_remote> remotes,
                                             std::vector<offload::policy_split> splits,
                                             const std::optional<offload::policy_options>& options) {
    offload::policy_description d;
    d.device = device;
    d.remotes = std::move(remotes);
    d.splits = std::move(splits);
    d.workload = workload;
    if (options) d.options = *options;
    return d;
}

} // namespace

void bind_policy(py::module_& m) {
    // ---- estimators ---------------------------------------------------------------------------------------
    py::class_<offload::sliding_window_rate>(m, "SlidingWindowRate",
                                             "Arrivals per second over the last window_seconds (a ring buffer of "
                                             "`capacity` timestamps, seed 003 §4.2).")
        .def(py::init([](double window_seconds, long long capacity) {
                 return offload::sliding_window_rate(
                     window_seconds, count_argument(capacity, "offload::sliding_window_rate", "capacity"));
             }),
             py::arg("window_seconds"), py::arg("capacity") = 4096)
        .def("observe", &offload::sliding_window_rate::observe, py::arg("t"),
             "One arrival at time t (s, >= 0); an earlier time than the newest counts at the newest.")
        .def("rate", &offload::sliding_window_rate::rate, py::arg("now"),
             "Arrivals/s in (now - W, now], or None before any time has passed since the first arrival.")
        .def_property_readonly("window", &offload::sliding_window_rate::window, "The window W, s.")
        .def_property_readonly("observations", &offload::sliding_window_rate::observations, "Arrivals observed so far.")
        .def_property_readonly("last_time", &offload::sliding_window_rate::last_time,
                               "Time of the newest arrival, s (0 before the first).")
        .def("__repr__", [](const offload::sliding_window_rate& r) {
            return "SlidingWindowRate(window_seconds=" + repr_number(r.window()) +
                   ", observations=" + std::to_string(r.observations()) + ")";
        });

    py::class_<offload::ewma>(m, "Ewma",
                              "Exponentially weighted moving average (bandwidth samples): "
                              "value <- (1 - weight) value + weight x; the first sample sets it.")
        .def(py::init<double>(), py::arg("weight"))
        .def("observe", &offload::ewma::observe, py::arg("x"), py::arg("t"), "Sample x (finite) at time t (s, >= 0).")
        .def_property_readonly("value", &offload::ewma::value, "The average, or None before the first sample.")
        .def_property_readonly("observations", &offload::ewma::observations, "Samples observed so far.")
        .def_property_readonly("last_time", &offload::ewma::last_time,
                               "Time of the latest sample, s (0 before the first).")
        .def("reset", &offload::ewma::reset, "Forget every sample (value None again).")
        .def("__repr__", [](const offload::ewma& e) {
            const auto v = e.value();
            return "Ewma(value=" + (v ? repr_number(*v) : std::string("None")) +
                   ", observations=" + std::to_string(e.observations()) + ")";
        });

    py::class_<offload::running_moments>(m, "RunningMoments",
                                         "Exponentially weighted mean and variance with a prior counting as one "
                                         "sample: sample n gets weight max(weight, 1/(n + 1)).")
        .def(py::init<double, double, double>(), py::arg("prior_mean"), py::arg("prior_variance"), py::arg("weight"))
        .def("observe", &offload::running_moments::observe, py::arg("x"), py::arg("t"),
             "Sample x (>= 0) at time t (s, >= 0).")
        .def_property_readonly("mean", &offload::running_moments::mean,
                               "The weighted mean, in the samples' unit (the prior mean before any sample).")
        .def_property_readonly("variance", &offload::running_moments::variance,
                               "The weighted variance, in the samples' unit squared (>= 0; the prior variance before "
                               "any sample).")
        .def_property_readonly("scv", &offload::running_moments::scv, "Variance / mean^2.")
        .def_property_readonly("observations", &offload::running_moments::observations, "Samples observed so far.")
        .def_property_readonly("last_time", &offload::running_moments::last_time,
                               "Time of the latest sample, s (0 before the first).")
        .def("reset", &offload::running_moments::reset, "Back to the prior.")
        .def("__repr__", [](const offload::running_moments& r) {
            return "RunningMoments(mean=" + repr_number(r.mean()) + ", variance=" + repr_number(r.variance()) +
                   ", observations=" + std::to_string(r.observations()) + ")";
        });

    // ---- the static description ------------------------------------------------------------------------------
    py::class_<offload::policy_remote> remote_cls(
        m, "PolicyRemote",
        "An edge server or the cloud running the whole model: demand there, nominal "
        "bandwidth (bytes/s, both ways), propagation (s), background tenants (rate, "
        "mean service s (0: same as this workload), SCV) until load reports arrive.");
    remote_cls
        .def(py::init(&make_remote), py::arg("name"), py::arg("demand"), py::arg("bandwidth"),
             py::arg("kind") = offload::option_kind::edge, py::arg("propagation") = 0.0,
             py::arg("background_rate") = 0.0, py::arg("background_service") = 0.0, py::arg("background_scv") = 0.0,
             py::arg("cost_per_request") = 0.0, "Validated when the OffloadPolicy is built.")
        .def_readwrite("name", &offload::policy_remote::name, "Name for reports, e.g. \"edge-1\".")
        .def_property("kind", offload::python::enum_getter(&offload::policy_remote::kind),
                      offload::python::enum_setter(&offload::policy_remote::kind, "offload::policy_remote", "kind"),
                      "OptionKind: edge or cloud.")
        .def_readwrite("demand", &offload::policy_remote::demand,
                       "This workload's ServiceDemand there (mean > 0, scv >= 0, k >= 1).")
        .def_readwrite("bandwidth", &offload::policy_remote::bandwidth,
                       "Nominal bandwidth B > 0, bytes/s, both directions.")
        .def_readwrite("propagation", &offload::policy_remote::propagation, "One-way propagation delay, s (>= 0).")
        .def_readwrite("cost_per_request", &offload::policy_remote::cost_per_request,
                       "Money per request sent there (>= 0): OptionPrediction.cost, the cost objective and max_cost.")
        .def_readwrite("background_rate", &offload::policy_remote::background_rate,
                       "Other tenants' arrival rate, requests/s (until a load report says otherwise).")
        .def_readwrite("background_service", &offload::policy_remote::background_service,
                       "Other tenants' mean service time, s (0: the same as this workload's).")
        .def_readwrite("background_scv", &offload::policy_remote::background_scv,
                       "Squared coefficient of variation of the other tenants' service time.");
    add_value_semantics(
        remote_cls, mutable_value, &make_remote, field("name", &offload::policy_remote::name),
        field("demand", &offload::policy_remote::demand), field("bandwidth", &offload::policy_remote::bandwidth),
        field("kind", &offload::policy_remote::kind), field("propagation", &offload::policy_remote::propagation),
        field("background_rate", &offload::policy_remote::background_rate),
        field("background_service", &offload::policy_remote::background_service),
        field("background_scv", &offload::policy_remote::background_scv),
        field("cost_per_request", &offload::policy_remote::cost_per_request));

    py::class_<offload::policy_split> split_cls(
        m, "PolicySplit",
        "A split: device_part on the device, remote_part on remote target `remote`, "
        "payload_bytes (D_inter) between; cut is a label; device_fraction is the share "
        "of the work on the device (energy model).");
    split_cls
        .def(py::init(&make_split), py::arg("remote"), py::arg("cut"), py::arg("device_part"), py::arg("remote_part"),
             py::arg("payload_bytes"), py::arg("device_fraction") = 0.5)
        .def_readwrite("remote", &offload::policy_split::remote, "Index into PolicyDescription.remotes.")
        .def_readwrite("cut", &offload::policy_split::cut, "Cut label (the split_table cut), reported in decisions.")
        .def_readwrite("device_part", &offload::policy_split::device_part,
                       "s'_dev: the ServiceDemand of the part run on the device.")
        .def_readwrite("remote_part", &offload::policy_split::remote_part,
                       "s'_edge: the ServiceDemand of the part run on the remote.")
        .def_readwrite("payload_bytes", &offload::policy_split::payload_bytes,
                       "D_inter: the intermediate payload sent at the cut, bytes (> 0).")
        .def_readwrite("device_fraction", &offload::policy_split::device_fraction,
                       "Share of the work on the device, for the energy model.");
    add_value_semantics(split_cls, mutable_value, &make_split, field("remote", &offload::policy_split::remote),
                        field("cut", &offload::policy_split::cut),
                        field("device_part", &offload::policy_split::device_part),
                        field("remote_part", &offload::policy_split::remote_part),
                        field("payload_bytes", &offload::policy_split::payload_bytes),
                        field("device_fraction", &offload::policy_split::device_fraction));

    py::class_<offload::policy_workload> workload_cls(
        m, "PolicyWorkload",
        "The requests: prior arrival rate (until timestamps arrive), request and "
        "result bytes, result destination, task_bits for the energy model (0: 8 "
        "request_bytes).");
    workload_cls
        .def(py::init(&make_workload), py::arg("request_bytes"), py::arg("arrival_rate") = 0.0,
             py::arg("result_bytes") = 0.0, py::arg("destination") = offload::result_destination::device,
             py::arg("task_bits") = 0.0)
        .def_readwrite("arrival_rate", &offload::policy_workload::arrival_rate,
                       "Prior arrival rate lambda, requests/s (>= 0), used until timestamps arrive.")
        .def_readwrite("request_bytes", &offload::policy_workload::request_bytes,
                       "D_req: the request sent to a remote, bytes (> 0).")
        .def_readwrite("result_bytes", &offload::policy_workload::result_bytes, "D_res: the result, bytes (>= 0).")
        .def_property("destination", offload::python::enum_getter(&offload::policy_workload::destination),
                      offload::python::enum_setter(&offload::policy_workload::destination, "offload::policy_workload",
                                                   "destination"),
                      "ResultDestination: device (the result returns over the link) or remote.")
        .def_readwrite("task_bits", &offload::policy_workload::task_bits,
                       "Seed 002's task size d for the energy model, bits (0: 8 request_bytes).");
    add_value_semantics(workload_cls, mutable_value, &make_workload,
                        field("request_bytes", &offload::policy_workload::request_bytes),
                        field("arrival_rate", &offload::policy_workload::arrival_rate),
                        field("result_bytes", &offload::policy_workload::result_bytes),
                        field("destination", &offload::policy_workload::destination),
                        field("task_bits", &offload::policy_workload::task_bits));

    py::class_<offload::policy_options> options_cls(
        m, "PolicyOptions",
        "Objective, constraints, deadline, hysteresis and the estimators' settings "
        "(docs/policy.md). Validated when the OffloadPolicy is built.");
    options_cls
        .def(py::init(&make_options), py::arg("objective") = offload::objective{},
             py::arg("constraints") = offload::constraints{}, py::arg("deadline") = offload::infinity,
             py::arg("hysteresis_margin") = 0.05, py::arg("min_dwell") = 0.0, py::arg("rate_window") = 10.0,
             py::arg("rate_capacity") = 4096, py::arg("bandwidth_weight") = 0.3, py::arg("service_weight") = 0.05,
             py::arg("stale_after") = 30.0, py::arg("recompute_interval") = 1.0, py::arg("rate_tolerance") = 0.05,
             py::arg("min_recompute_spacing") = 0.0, py::arg("tails") = true, py::arg("grid_points") = 1024,
             py::arg("tail_mass") = 1.0e-6, py::arg("energy") = py::none(), py::arg("max_bandwidth") = 1.0e12,
             py::arg("max_service_factor") = 1000.0)
        .def_readwrite("objective", &offload::policy_options::goal, "Objective to minimise (default: mean latency).")
        .def_readwrite("constraints", &offload::policy_options::limits, "Constraints every chosen option must meet.")
        .def_readwrite("deadline", &offload::policy_options::deadline, "Seconds, for deadline_miss (inf: none).")
        .def_readwrite("hysteresis_margin", &offload::policy_options::hysteresis_margin,
                       "Switch only if better by more than this fraction, [0, 1).")
        .def_readwrite("min_dwell", &offload::policy_options::min_dwell,
                       "Seconds an option is kept after a switch, >= 0.")
        .def_readwrite("rate_window", &offload::policy_options::rate_window,
                       "Sliding window for the arrival rate, s > 0.")
        .def_readwrite("rate_capacity", &offload::policy_options::rate_capacity, "Arrival timestamps kept.")
        .def_readwrite("bandwidth_weight", &offload::policy_options::bandwidth_weight,
                       "EWMA weight of a bandwidth sample, (0, 1].")
        .def_readwrite("service_weight", &offload::policy_options::service_weight,
                       "Weight of a service-time sample, (0, 1].")
        .def_readwrite("stale_after", &offload::policy_options::stale_after,
                       "Seconds without observations before an estimate reverts to its prior, > 0.")
        .def_readwrite("recompute_interval", &offload::policy_options::recompute_interval,
                       "Seconds between rate-driven recomputations, >= 0.")
        .def_readwrite("rate_tolerance", &offload::policy_options::rate_tolerance,
                       "Relative rate change that recomputes at once, >= 0.")
        .def_readwrite("min_recompute_spacing", &offload::policy_options::min_recompute_spacing,
                       "Seconds, >= 0: a measurement sooner than this after the last recomputation only updates its "
                       "estimator (0: every measurement recomputes).")
        .def_readwrite("tails", &offload::policy_options::tails,
                       "Compute p95/p99/deadline miss (False: means only, cheaper).")
        .def_property(
            "grid_points", [](const offload::policy_options& o) { return o.convolution.grid_points; },
            [](offload::policy_options& o, std::size_t n) { o.convolution.grid_points = n; },
            "FFT length of the tail convolutions: a power of two in [2^6, 2^24] (default 2^10).")
        .def_property(
            "tail_mass", [](const offload::policy_options& o) { return o.convolution.tail_mass; },
            [](offload::policy_options& o, double x) { o.convolution.tail_mass = x; },
            "Probability cut from the stages' tails in the convolutions, in (0, 1e-3] (default 1e-6).")
        .def_readwrite("energy", &offload::policy_options::energy,
                       "Seed 002 EnergyModel for the energy + delay objective, or None.")
        .def_readwrite("max_bandwidth", &offload::policy_options::max_bandwidth,
                       "Bytes/s; faster samples are dropped as implausible.")
        .def_readwrite("max_service_factor", &offload::policy_options::max_service_factor,
                       "Service samples outside [s / f, s f] are dropped as implausible.");
    add_value_semantics(
        options_cls, mutable_value, &make_options, field("objective", &offload::policy_options::goal),
        field("constraints", &offload::policy_options::limits), field("deadline", &offload::policy_options::deadline),
        field("hysteresis_margin", &offload::policy_options::hysteresis_margin),
        field("min_dwell", &offload::policy_options::min_dwell),
        field("rate_window", &offload::policy_options::rate_window),
        field("rate_capacity",
              [](const offload::policy_options& o) { return static_cast<long long>(o.rate_capacity); }),
        field("bandwidth_weight", &offload::policy_options::bandwidth_weight),
        field("service_weight", &offload::policy_options::service_weight),
        field("stale_after", &offload::policy_options::stale_after),
        field("recompute_interval", &offload::policy_options::recompute_interval),
        field("rate_tolerance", &offload::policy_options::rate_tolerance),
        field("min_recompute_spacing", &offload::policy_options::min_recompute_spacing),
        field("tails", &offload::policy_options::tails),
        field("grid_points",
              [](const offload::policy_options& o) { return static_cast<long long>(o.convolution.grid_points); }),
        field("tail_mass", [](const offload::policy_options& o) { return o.convolution.tail_mass; }),
        field("energy", &offload::policy_options::energy),
        field("max_bandwidth", &offload::policy_options::max_bandwidth),
        field("max_service_factor", &offload::policy_options::max_service_factor));

    py::class_<offload::policy_description> description_cls(
        m, "PolicyDescription",
        "device (the whole model on the device), remotes, splits, workload, "
        "options. Option 0 is the device, 1..R the remotes, then the splits.");
    description_cls
        .def(py::init(&make_description), py::arg("device"), py::arg("workload"),
             py::arg("remotes") = std::vector<offload::policy_remote>{},
             py::arg("splits") = std::vector<offload::policy_split>{}, py::arg("options") = py::none())
        .def_readwrite("device", &offload::policy_description::device,
                       "ServiceDemand of the whole model on the device.")
        .def_readwrite("remotes", &offload::policy_description::remotes,
                       "[PolicyRemote], the remote targets (options 1..R).")
        .def_readwrite("splits", &offload::policy_description::splits,
                       "[PolicySplit], the split options (after the remotes).")
        .def_readwrite("workload", &offload::policy_description::workload, "The PolicyWorkload.")
        .def_readwrite("options", &offload::policy_description::options, "The PolicyOptions.");
    add_value_semantics(
        description_cls, mutable_value, &make_description, field("device", &offload::policy_description::device),
        field("workload", &offload::policy_description::workload),
        field("remotes", &offload::policy_description::remotes), field("splits", &offload::policy_description::splits),
        field("options", &offload::policy_description::options));

    // ---- the policy ------------------------------------------------------------------------------------------
    py::class_<offload::policy_decision>(m, "PolicyDecision",
                                         "What decide() returns: chosen (the Choice: index, 0 = device; reason; "
                                         "feasible; objective value), chosen_option (the chosen option's "
                                         "OptionPrediction: kind, remote, cut, status, ...) and the snapshot "
                                         "version; every option's prediction: OffloadPolicy.predictions().")
        .def_readonly("chosen", &offload::policy_decision::chosen,
                      "The Choice: index (0: the device), reason, feasible, objective value.")
        .def_readonly("chosen_option", &offload::policy_decision::chosen_option,
                      "The chosen option's OptionPrediction (kind, remote, cut, mean, p95, p99, status, ...).")
        .def_readonly("version", &offload::policy_decision::version, "The snapshot's publication number.");
    add_value_semantics(py::class_<offload::policy_decision>(m.attr("PolicyDecision")), frozen,
                        offload::python::by_members, field("chosen", &offload::policy_decision::chosen),
                        field("chosen_option", &offload::policy_decision::chosen_option),
                        field("version", &offload::policy_decision::version));

    py::class_<offload::policy_estimates>(m, "PolicyEstimates",
                                          "The estimates the latest predictions used: arrival rate, device service "
                                          "mean and SCV, and per remote target bandwidth, background rate, service.")
        .def_readonly("arrival_rate", &offload::policy_estimates::arrival_rate, "Estimated arrival rate, requests/s.")
        .def_readonly("device_service", &offload::policy_estimates::device_service,
                      "Estimated mean service time on the device, s.")
        .def_readonly("device_scv", &offload::policy_estimates::device_scv,
                      "Estimated squared coefficient of variation of the device service time.")
        .def_readonly("bandwidth", &offload::policy_estimates::bandwidth,
                      "Estimated bandwidth per remote target, bytes/s.")
        .def_readonly("background_rate", &offload::policy_estimates::background_rate,
                      "Estimated other tenants' arrival rate per remote target, requests/s.")
        .def_readonly("remote_service", &offload::policy_estimates::remote_service,
                      "Estimated mean service time per remote target, s.");
    add_value_semantics(py::class_<offload::policy_estimates>(m.attr("PolicyEstimates")), frozen,
                        offload::python::by_members, field("arrival_rate", &offload::policy_estimates::arrival_rate),
                        field("device_service", &offload::policy_estimates::device_service),
                        field("device_scv", &offload::policy_estimates::device_scv),
                        field("bandwidth", &offload::policy_estimates::bandwidth),
                        field("background_rate", &offload::policy_estimates::background_rate),
                        field("remote_service", &offload::policy_estimates::remote_service));

    m.attr("policy_max_options") = offload::policy_max_options;

    // Not copyable or movable (atomics + mutex): held by unique_ptr, built in place.
    py::class_<offload::offload_policy, std::unique_ptr<offload::offload_policy>>(
        m, "OffloadPolicy",
        "The per-request policy (docs/policy.md): built from a PolicyDescription, fed measurements (times in "
        "seconds on one monotonic clock of the caller's choice), asked decide(now). Thread-safe: measurement "
        "calls release the GIL; decide() is lock-free.")
        .def(
            py::init([](const offload::policy_description& d) { return std::make_unique<offload::offload_policy>(d); }),
            py::arg("description"))
        .def(py::init([](const offload::service_demand& device, const offload::policy_workload& workload,
                         std::vector<offload::policy_remote> remotes, std::vector<offload::policy_split> splits,
                         const std::optional<offload::policy_options>& options) {
                 return std::make_unique<offload::offload_policy>(
                     make_description(device, workload, std::move(remotes), std::move(splits), options));
             }),
             py::arg("device"), py::arg("workload"), py::arg("remotes") = std::vector<offload::policy_remote>{},
             py::arg("splits") = std::vector<offload::policy_split>{}, py::arg("options") = py::none())
        .def("observe_request", &offload::offload_policy::observe_request, py::arg("t"), release_gil(),
             "A request arrived at time t (s, >= 0): sliding-window arrival rate; recomputes when the rate moved by "
             "more than rate_tolerance or recompute_interval passed.")
        .def(
            "observe_transfer",
            [](offload::offload_policy& p, long long r, double t, double bytes, double seconds) {
                p.observe_transfer(remote_index(r, "offload::offload_policy::observe_transfer"), t, bytes, seconds);
            },
            py::arg("remote"), py::arg("t"), py::arg("bytes"), py::arg("seconds"), release_gil(),
            "`bytes` took `seconds` to move to/from remote target `remote` at time t: EWMA bandwidth.")
        .def("observe_device_service", &offload::offload_policy::observe_device_service, py::arg("t"),
             py::arg("seconds"), release_gil(), "One inference took `seconds` on the device at time t.")
        .def(
            "observe_remote_service",
            [](offload::offload_policy& p, long long r, double t, double seconds) {
                p.observe_remote_service(remote_index(r, "offload::offload_policy::observe_remote_service"), t,
                                         seconds);
            },
            py::arg("remote"), py::arg("t"), py::arg("seconds"), release_gil(),
            "One inference took `seconds` (server-side) on remote target `remote` at time t.")
        .def(
            "report_edge_load",
            [](offload::offload_policy& p, long long r, double t, double rate, double service, double scv) {
                p.report_edge_load(remote_index(r, "offload::offload_policy::report_edge_load"), t, rate, service, scv);
            },
            py::arg("remote"), py::arg("t"), py::arg("other_tenants_rate"), py::arg("other_service_seconds") = 0.0,
            py::arg("other_service_scv") = -1.0, release_gil(),
            "Remote target `remote` reports its OTHER tenants' rate (and optionally their mean service seconds "
            "(0: keep) and SCV (< 0: keep)) at time t.")
        .def("refresh", &offload::offload_policy::refresh, py::arg("now"), release_gil(),
             "Ages stale estimates out and recomputes.")
        .def("decide", &offload::offload_policy::decide, py::arg("now"),
             "Where to run a request at time `now`: choose() on the latest predictions plus hysteresis and dwell.")
        .def_property_readonly("option_count", &offload::offload_policy::option_count,
                               "Number of options: the device, the remotes and the splits.")
        .def(
            "predictions",
            [](const offload::offload_policy& p) {
                std::vector<offload::option_prediction> out(p.option_count());
                p.predictions(out);
                return out;
            },
            "A consistent snapshot of every option's OptionPrediction (index = option).")
        .def_property_readonly("version", &offload::offload_policy::version, "Snapshots published so far.")
        .def_property_readonly("dropped_measurements", &offload::offload_policy::dropped_measurements,
                               "Implausible measurements dropped (bandwidth > max_bandwidth, service time off by more "
                               "than max_service_factor).")
        .def_property_readonly("recomputations", &offload::offload_policy::recomputations,
                               "Number of times the predictions were recomputed so far.")
        .def(
            "model_failures",
            [](const offload::offload_policy& p, std::optional<long long> option) {
                if (!option) return p.model_failures();
                return p.model_failures(count_argument(*option, "offload::offload_policy::model_failures", "option"));
            },
            py::arg("option") = py::none(),
            "Model failures so far: of every option (option None) or of one option (each recomputation in which its "
            "model threw counts once). The options' status says which failed last (PredictionStatus).")
        .def(
            "last_failure",
            [](const offload::offload_policy& p, long long option) {
                return p.last_failure(count_argument(option, "offload::offload_policy::last_failure", "option"));
            },
            py::arg("option"), "The message of option `option`'s latest model failure ('' if none).")
        .def_property_readonly("description", &offload::offload_policy::description,
                               "The PolicyDescription the policy was built from.")
        .def("estimates", &offload::offload_policy::estimates, "The estimates the latest predictions used.")
        .def("__repr__", [](const offload::offload_policy& p) {
            return "OffloadPolicy(" + std::to_string(p.option_count()) + " options, version " +
                   std::to_string(p.version()) + ")";
        });
}
