// Python bindings of the model-provisioning planner (offload/planning/provisioning/, seed 004 §3–§6) in the
// submodule `offload.planning`: models, nodes, requests, the problem, plans, the evaluator, the placement
// diff, greedy / the seed's iterative search / the fast heuristic with its Lagrangian bound, the exact branch
// and bound, the Table 6.1 generator, CPLEX LP export and CBC solution import, and queueing-aware dispatch of
// request streams (QueueingDispatchProblem, solve_queueing_dispatch, queueing_dispatch_latency_quantiles,
// simulate_queueing_dispatch). Solvers release the GIL.
// Sentinels: ProvisioningPlan.REJECTED (a rejected request's node), ProvisioningRequest.UNKNOWN_MODEL.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "offload/planning/provisioning.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
namespace pl = offload::planning;
using offload::python::add_value_semantics;
using offload::python::field;
using offload::python::frozen;
using offload::python::mutable_value;
using offload::python::repr_number;

void bind_provisioning(py::module_& parent) {
    py::module_ m = parent.attr("planning");

    py::class_<pl::provisioning_model> model_cls(
        m, "ProvisioningModel",
        "A model edge nodes can host: memory (bytes, paid once per node that "
        "hosts it) and compute_per_request (same unit as the nodes' compute).");
    model_cls
        .def(py::init([](std::string name, double memory, double compute_per_request) {
                 return pl::provisioning_model{std::move(name), memory, compute_per_request};
             }),
             py::arg("name"), py::arg("memory"), py::arg("compute_per_request"))
        .def_readwrite("name", &pl::provisioning_model::name, "Unique model name.")
        .def_readwrite("memory", &pl::provisioning_model::memory, "Bytes taken on each node that hosts the model.")
        .def_readwrite("compute_per_request", &pl::provisioning_model::compute_per_request,
                       "Compute one request takes (unit of ProvisioningNode.compute).");
    add_value_semantics(model_cls, mutable_value, offload::python::construct<pl::provisioning_model>,
                        field("name", &pl::provisioning_model::name), field("memory", &pl::provisioning_model::memory),
                        field("compute_per_request", &pl::provisioning_model::compute_per_request));

    py::class_<pl::provisioning_node> node_cls(
        m, "ProvisioningNode",
        "An edge node: unique name, memory the plan may fill (bytes), compute for "
        "the planning interval, and the models it hosts already (kept, usable, "
        "their memory not in `memory`).");
    node_cls
        .def(py::init([](std::string name, double memory, double compute, std::vector<std::size_t> hosted) {
                 return pl::provisioning_node{std::move(name), memory, compute, std::move(hosted)};
             }),
             py::arg("name"), py::arg("memory"), py::arg("compute"), py::arg("hosted") = std::vector<std::size_t>{})
        .def_readwrite("name", &pl::provisioning_node::name, "Unique node name.")
        .def_readwrite("memory", &pl::provisioning_node::memory,
                       "Bytes the plan may fill (free memory in Mode 1, total in Mode 2).")
        .def_readwrite("compute", &pl::provisioning_node::compute, "Compute available in the planning interval.")
        .def_readwrite("hosted", &pl::provisioning_node::hosted,
                       "Models already on the node (kept, usable, memory already taken).");
    add_value_semantics(node_cls, mutable_value, offload::python::construct<pl::provisioning_node>,
                        field("name", &pl::provisioning_node::name), field("memory", &pl::provisioning_node::memory),
                        field("compute", &pl::provisioning_node::compute),
                        field("hosted", &pl::provisioning_node::hosted));

    py::class_<pl::provisioning_request> request_cls(
        m, "ProvisioningRequest",
        "One request: a model index (or UNKNOWN_MODEL), and per node a round-trip "
        "time tau_ij and an execution time theta_ij (s).");
    request_cls
        .def(py::init([](std::size_t model, std::vector<double> round_trip_time, std::vector<double> execution_time) {
                 return pl::provisioning_request{model, std::move(round_trip_time), std::move(execution_time)};
             }),
             py::arg("model"), py::arg("round_trip_time"), py::arg("execution_time"))
        .def_readwrite("model", &pl::provisioning_request::model, "Model index, or UNKNOWN_MODEL.")
        .def_readwrite("round_trip_time", &pl::provisioning_request::round_trip_time, "tau_ij per node, s.")
        .def_readwrite("execution_time", &pl::provisioning_request::execution_time, "theta_ij per node, s.");
    add_value_semantics(request_cls, mutable_value, offload::python::construct<pl::provisioning_request>,
                        field("model", &pl::provisioning_request::model),
                        field("round_trip_time", &pl::provisioning_request::round_trip_time),
                        field("execution_time", &pl::provisioning_request::execution_time));

    py::class_<pl::provisioning_problem> problem_cls(
        m, "ProvisioningProblem",
        "A validated provisioning instance; bad input raises ValueError naming the "
        "field (requests[3].model, nodes[1].name). rejection_cost defaults to "
        "1 + sum_i max_j (tau_ij + theta_ij): serve as many requests as possible.");
    problem_cls
        .def(py::init([](std::vector<pl::provisioning_model> models, std::vector<pl::provisioning_node> nodes,
                         std::vector<pl::provisioning_request> requests, std::optional<double> rejection_cost) {
                 return pl::provisioning_problem(std::move(models), std::move(nodes), std::move(requests),
                                                 rejection_cost);
             }),
             py::arg("models"), py::arg("nodes"), py::arg("requests"), py::arg("rejection_cost") = py::none())
        .def_property_readonly("models", &pl::provisioning_problem::models, "The models (a copy).")
        .def_property_readonly("nodes", &pl::provisioning_problem::nodes, "The nodes (a copy).")
        .def_property_readonly("requests", &pl::provisioning_problem::requests, "The requests (a copy).")
        .def_property_readonly("rejection_cost", &pl::provisioning_problem::rejection_cost,
                               "Seconds added per request rejected although some node could host it.")
        .def_property_readonly("model_count", &pl::provisioning_problem::model_count, "Number of models.")
        .def_property_readonly("node_count", &pl::provisioning_problem::node_count, "Number of nodes.")
        .def_property_readonly("request_count", &pl::provisioning_problem::request_count, "Number of requests.")
        .def(
            "can_host",
            [](const pl::provisioning_problem& p, std::size_t node, std::size_t model) {
                // issue 18: indices from Python are checked (the C++ accessor is unchecked: a segfault)
                if (node >= p.node_count())
                    offload::detail::throw_parameter_error("offload::planning::provisioning_problem::can_host", "node",
                                                           static_cast<double>(node), "must be < node_count");
                if (model >= p.model_count())
                    offload::detail::throw_parameter_error("offload::planning::provisioning_problem::can_host", "model",
                                                           static_cast<double>(model), "must be < model_count");
                return p.can_host(node, model);
            },
            py::arg("node"), py::arg("model"),
            "Node could serve one request for the model in an otherwise empty plan.");
    add_value_semantics(
        problem_cls, frozen,
        [](std::vector<pl::provisioning_model> models, std::vector<pl::provisioning_node> nodes,
           std::vector<pl::provisioning_request> requests, double rejection_cost) {
            return pl::provisioning_problem(std::move(models), std::move(nodes), std::move(requests), rejection_cost);
        },
        field("models", &pl::provisioning_problem::models), field("nodes", &pl::provisioning_problem::nodes),
        field("requests", &pl::provisioning_problem::requests),
        field("rejection_cost", &pl::provisioning_problem::rejection_cost));

    m.attr("ProvisioningRequest").attr("UNKNOWN_MODEL") = pl::provisioning_request::unknown_model;

    py::enum_<pl::rejection_reason>(m, "RejectionReason", "Why a request is not served (none: served).")
        .value("none", pl::rejection_reason::none)
        .value("unknown_model", pl::rejection_reason::unknown_model)
        .value("no_node_can_host", pl::rejection_reason::no_node_can_host)
        .value("capacity_exhausted", pl::rejection_reason::capacity_exhausted);

    py::class_<pl::provisioning_plan>(m, "ProvisioningPlan",
                                      "placement: per node the sorted model indices placed; dispatch: per request "
                                      "its node or REJECTED.")
        .def(py::init([](std::vector<std::vector<std::size_t>> placement, std::vector<std::size_t> dispatch) {
                 return pl::provisioning_plan{std::move(placement), std::move(dispatch)};
             }),
             py::arg("placement"), py::arg("dispatch"))
        .def_readwrite("placement", &pl::provisioning_plan::placement,
                       "Per node: the sorted model indices placed (hosted ones included).")
        .def_readwrite("dispatch", &pl::provisioning_plan::dispatch, "Per request: its node, or REJECTED.")
        .def(py::self == py::self)
        .def("__repr__", [](const pl::provisioning_plan& x) {
            return "ProvisioningPlan(dispatch of " + std::to_string(x.dispatch.size()) + " requests on " +
                   std::to_string(x.placement.size()) + " nodes)";
        });

    m.attr("ProvisioningPlan").attr("REJECTED") = pl::provisioning_plan::rejected;

    py::class_<pl::provisioning_evaluation>(m, "ProvisioningEvaluation", "What evaluate() reports about a plan.")
        .def_readonly("latency", &pl::provisioning_evaluation::latency,
                      "Per request: tau_ij + theta_ij, s (inf when rejected).")
        .def_readonly("rejection", &pl::provisioning_evaluation::rejection, "Per request: a RejectionReason.")
        .def_readonly("memory_used", &pl::provisioning_evaluation::memory_used,
                      "Per node: memory of the placed models that are not hosted, bytes.")
        .def_readonly("compute_used", &pl::provisioning_evaluation::compute_used,
                      "Per node: compute of the requests it serves.")
        .def_readonly("total_latency", &pl::provisioning_evaluation::total_latency,
                      "Sum of the served requests' latencies, s (the seed's U).")
        .def_readonly("objective", &pl::provisioning_evaluation::objective,
                      "total_latency + rejection_cost x rejected_for_capacity.")
        .def_readonly("served", &pl::provisioning_evaluation::served, "Requests served.")
        .def_readonly("rejected", &pl::provisioning_evaluation::rejected, "Requests rejected, whatever the reason.")
        .def_readonly("rejected_for_capacity", &pl::provisioning_evaluation::rejected_for_capacity,
                      "Requests rejected although some node could host them.")
        .def("__repr__", [](const pl::provisioning_evaluation& x) {
            return "ProvisioningEvaluation(objective=" + repr_number(x.objective) +
                   ", served=" + std::to_string(x.served) + ", rejected=" + std::to_string(x.rejected) + ")";
        });

    m.def("evaluate", py::overload_cast<const pl::provisioning_problem&, const pl::provisioning_plan&>(&pl::evaluate),
          py::arg("problem"), py::arg("plan"), "Score a provisioning plan (raises ValueError naming a broken rule).");
    m.def("make_provisioning_plan", &pl::make_provisioning_plan, py::arg("problem"), py::arg("dispatch"),
          "The plan of a dispatch: hosted models plus the models the dispatched requests need.");

    py::class_<pl::model_placement>(m, "ModelPlacement", "One model on one node.")
        .def_readonly("node", &pl::model_placement::node, "Node index.")
        .def_readonly("model", &pl::model_placement::model, "Model index.")
        .def(py::self == py::self)
        .def("__repr__", [](const pl::model_placement& x) {
            return "ModelPlacement(node=" + std::to_string(x.node) + ", model=" + std::to_string(x.model) + ")";
        });
    py::class_<pl::placement_diff>(m, "PlacementDiff", "What rolling out a plan changes.")
        .def_readonly("provision", &pl::placement_diff::provision, "Placements to load (in the plan, absent now).")
        .def_readonly("remove", &pl::placement_diff::remove, "Placements to delete (present now, not in the plan).")
        .def_readonly("provision_memory", &pl::placement_diff::provision_memory, "Bytes loaded by `provision`.")
        .def("__repr__", [](const pl::placement_diff& x) {
            return "PlacementDiff(provision=" + std::to_string(x.provision.size()) +
                   ", remove=" + std::to_string(x.remove.size()) + ")";
        });
    m.def("diff_placement", &pl::diff_placement, py::arg("problem"), py::arg("current"), py::arg("target"),
          "Models to provision and to delete to go from `current` (per node, model indices) to the target plan.");

    const auto release = py::call_guard<py::gil_scoped_release>();
    m.def("provisioning_greedy", &pl::provisioning_greedy, py::arg("problem"), release,
          "Requests by decreasing regret, each to the cheapest node that can still serve it.");
    m.def("provisioning_iterative_search", &pl::provisioning_iterative_search, py::arg("problem"), release,
          "The seed's §6.1 baseline made feasible: nodes ranked by their summed latency, each request to the "
          "first node that can serve it.");
    m.def("improve_provisioning", &pl::improve_provisioning, py::arg("problem"), py::arg("plan"),
          py::arg("max_passes") = 20, release, "Single-request moves and repairs until no move lowers the objective.");

    py::class_<pl::provisioning_heuristic_result>(m, "ProvisioningHeuristicResult",
                                                  "A heuristic plan with a lower bound on the optimum.")
        .def_readonly("best", &pl::provisioning_heuristic_result::best, "The plan.")
        .def_readonly("objective", &pl::provisioning_heuristic_result::objective, "Its objective.")
        .def_readonly("lower_bound", &pl::provisioning_heuristic_result::lower_bound,
                      "A lower bound on the optimum (Lagrangian).")
        .def("__repr__", [](const pl::provisioning_heuristic_result& x) {
            return "ProvisioningHeuristicResult(objective=" + repr_number(x.objective) +
                   ", lower_bound=" + repr_number(x.lower_bound) + ")";
        });
    m.def(
        "solve_provisioning_fast",
        [](const pl::provisioning_problem& p, std::size_t iterations) {
            return pl::solve_provisioning_fast(p, {iterations, offload::infinity});
        },
        py::arg("problem"), py::arg("iterations") = 30, release,
        "Greedy and iterative search, improved, with a Lagrangian lower bound.");

    py::class_<pl::provisioning_exact_result>(m, "ProvisioningExactResult",
                                              "The exact solver's plan, bound and search size.")
        .def_readonly("best", &pl::provisioning_exact_result::best, "The optimum when proven_optimal.")
        .def_readonly("objective", &pl::provisioning_exact_result::objective, "Its objective.")
        .def_readonly("lower_bound", &pl::provisioning_exact_result::lower_bound,
                      "= objective when proven, else the root bound.")
        .def_readonly("proven_optimal", &pl::provisioning_exact_result::proven_optimal,
                      "The search finished within node_limit.")
        .def_readonly("nodes", &pl::provisioning_exact_result::nodes, "Search nodes expanded.")
        .def("__repr__", [](const pl::provisioning_exact_result& x) {
            return "ProvisioningExactResult(objective=" + repr_number(x.objective) +
                   ", proven_optimal=" + (x.proven_optimal ? "True" : "False") + ")";
        });
    m.def(
        "solve_provisioning_exact",
        [](const pl::provisioning_problem& p, std::size_t node_limit) {
            return pl::solve_provisioning_exact(p, {node_limit});
        },
        py::arg("problem"), py::arg("node_limit") = 10'000'000, release,
        "The exact optimum by branch and bound (proven_optimal False if node_limit stopped it).");

    m.def(
        "table_6_1_problem",
        [](std::size_t requests, std::size_t nodes, std::size_t models, unsigned seed, bool total_memory) {
            pl::table_6_1_options o;
            o.requests = requests;
            o.nodes = nodes;
            o.models = models;
            o.total_memory = total_memory;
            return pl::table_6_1_problem(o, seed);
        },
        py::arg("requests") = 25, py::arg("nodes") = 10, py::arg("models") = 4, py::arg("seed") = 1,
        py::arg("total_memory") = false, "A random instance with the seed's Table 6.1 distributions.");
    m.def("to_cplex_lp", &pl::to_cplex_lp, py::arg("problem"), "The integer program as CPLEX LP text.");
    m.def("to_mps", &pl::to_mps, py::arg("problem"), "The integer program as (free) MPS text.");
    m.def("read_cbc_solution", &pl::read_cbc_solution, py::arg("problem"), py::arg("text"),
          "The plan in a CBC solution file (`cbc model.lp solve solu out.txt`).");
    // queueing-aware dispatch of request streams (queueing_dispatch.hpp)
    py::class_<pl::dispatch_stream> stream_cls(
        m, "DispatchStream",
        "A Poisson request stream for one model: arrival_rate (1/s), per node the "
        "round-trip time and the mean service time (s), and the service time's SCV.");
    stream_cls
        .def(py::init([](std::size_t model, double arrival_rate, std::vector<double> round_trip_time,
                         std::vector<double> service_time, double service_scv) {
                 return pl::dispatch_stream{model, arrival_rate, std::move(round_trip_time), std::move(service_time),
                                            service_scv};
             }),
             py::arg("model"), py::arg("arrival_rate"), py::arg("round_trip_time"), py::arg("service_time"),
             py::arg("service_scv") = 0.0)
        .def_readwrite("model", &pl::dispatch_stream::model, "Index of the model the stream requests.")
        .def_readwrite("arrival_rate", &pl::dispatch_stream::arrival_rate, "lambda_s, requests/s (> 0).")
        .def_readwrite("round_trip_time", &pl::dispatch_stream::round_trip_time, "tau_sj per node, seconds (>= 0).")
        .def_readwrite("service_time", &pl::dispatch_stream::service_time,
                       "theta_sj per node: mean service time, seconds (> 0).")
        .def_readwrite("service_scv", &pl::dispatch_stream::service_scv,
                       "SCV of the service time (0 deterministic, 1 exponential).");
    add_value_semantics(
        stream_cls, mutable_value,
        [](std::size_t model, double rate, std::vector<double> rtt, std::vector<double> service, double scv) {
            return pl::dispatch_stream{model, rate, std::move(rtt), std::move(service), scv};
        },
        field("model", &pl::dispatch_stream::model), field("arrival_rate", &pl::dispatch_stream::arrival_rate),
        field("round_trip_time", &pl::dispatch_stream::round_trip_time),
        field("service_time", &pl::dispatch_stream::service_time),
        field("service_scv", &pl::dispatch_stream::service_scv));
    py::class_<pl::dispatch_node> dispatch_node_cls(
        m, "DispatchNode",
        "An edge node with `servers` identical servers behind one FCFS queue: unique name, memory new "
        "placements may fill (bytes), the models it hosts already, the number of servers (GPUs, default 1).");
    dispatch_node_cls
        .def(py::init([](std::string name, double memory, std::vector<std::size_t> hosted, int servers) {
                 return pl::dispatch_node{std::move(name), memory, std::move(hosted), servers};
             }),
             py::arg("name"), py::arg("memory"), py::arg("hosted") = std::vector<std::size_t>{}, py::arg("servers") = 1)
        .def_readwrite("name", &pl::dispatch_node::name, "Unique node name.")
        .def_readwrite("memory", &pl::dispatch_node::memory, "Bytes new placements may fill.")
        .def_readwrite("hosted", &pl::dispatch_node::hosted, "Models already on the node (kept, free).")
        .def_readwrite("servers", &pl::dispatch_node::servers,
                       "c_j, identical servers behind one FCFS queue (an int in [1, 10000]).");
    add_value_semantics(
        dispatch_node_cls, mutable_value,
        [](std::string name, double memory, std::vector<std::size_t> hosted, int servers) {
            return pl::dispatch_node{std::move(name), memory, std::move(hosted), servers};
        },
        field("name", &pl::dispatch_node::name), field("memory", &pl::dispatch_node::memory),
        field("hosted", &pl::dispatch_node::hosted), field("servers", &pl::dispatch_node::servers));
    py::class_<pl::queueing_dispatch_problem> dispatch_problem_cls(
        m, "QueueingDispatchProblem",
        "Models (ProvisioningModel; compute_per_request unused), nodes and "
        "streams; validated (errors name the field, e.g. streams[2].arrival_rate).");
    dispatch_problem_cls
        .def(py::init<std::vector<pl::provisioning_model>, std::vector<pl::dispatch_node>,
                      std::vector<pl::dispatch_stream>>(),
             py::arg("models"), py::arg("nodes"), py::arg("streams"))
        .def_property_readonly("models", &pl::queueing_dispatch_problem::models, "The models (a copy).")
        .def_property_readonly("nodes", &pl::queueing_dispatch_problem::nodes, "The nodes (a copy).")
        .def_property_readonly("streams", &pl::queueing_dispatch_problem::streams, "The request streams (a copy).")
        .def_property_readonly("total_arrival_rate", &pl::queueing_dispatch_problem::total_arrival_rate,
                               "Sum of the streams' arrival rates, 1/s.");
    add_value_semantics(
        dispatch_problem_cls, frozen,
        [](std::vector<pl::provisioning_model> models, std::vector<pl::dispatch_node> nodes,
           std::vector<pl::dispatch_stream> streams) {
            return pl::queueing_dispatch_problem(std::move(models), std::move(nodes), std::move(streams));
        },
        field("models", &pl::queueing_dispatch_problem::models), field("nodes", &pl::queueing_dispatch_problem::nodes),
        field("streams", &pl::queueing_dispatch_problem::streams));
    py::class_<pl::queueing_dispatch_plan> dispatch_plan_cls(
        m, "QueueingDispatchPlan",
        "placement: per node the models placed (sorted); routing: per stream the "
        "fraction sent to each node (sums to 1).");
    dispatch_plan_cls
        .def(py::init([](std::vector<std::vector<std::size_t>> placement, std::vector<std::vector<double>> routing) {
                 return pl::queueing_dispatch_plan{std::move(placement), std::move(routing)};
             }),
             py::arg("placement"), py::arg("routing"))
        .def_readwrite("placement", &pl::queueing_dispatch_plan::placement, "Per node the models placed (sorted).")
        .def_readwrite("routing", &pl::queueing_dispatch_plan::routing,
                       "Per stream the fraction sent to each node (sums to 1).");
    add_value_semantics(
        dispatch_plan_cls, mutable_value,
        [](std::vector<std::vector<std::size_t>> placement, std::vector<std::vector<double>> routing) {
            return pl::queueing_dispatch_plan{std::move(placement), std::move(routing)};
        },
        field("placement", &pl::queueing_dispatch_plan::placement),
        field("routing", &pl::queueing_dispatch_plan::routing));
    py::class_<pl::queueing_dispatch_evaluation>(m, "QueueingDispatchEvaluation",
                                                 "A plan under the M/G/1 mixture model (per node and per stream).")
        .def_readonly("stable", &pl::queueing_dispatch_evaluation::stable, "Every node has rho_j < 1.")
        .def_readonly("node_arrival_rate", &pl::queueing_dispatch_evaluation::node_arrival_rate,
                      "Lambda_j per node, 1/s.")
        .def_readonly("node_utilization", &pl::queueing_dispatch_evaluation::node_utilization,
                      "rho_j = a_j / c_j per node (per server).")
        .def_readonly("node_mean_wait", &pl::queueing_dispatch_evaluation::node_mean_wait,
                      "W_j per node (Pollaczek-Khinchine; M/M/c-based for servers > 1), s; inf when rho_j >= 1.")
        .def_readonly("memory_used", &pl::queueing_dispatch_evaluation::memory_used,
                      "Per node the memory of the placed models not hosted already, bytes.")
        .def_readonly("stream_mean_latency", &pl::queueing_dispatch_evaluation::stream_mean_latency,
                      "Per stream sum_j f_sj (tau_sj + W_j + theta_sj), s.")
        .def_readonly("mean_latency", &pl::queueing_dispatch_evaluation::mean_latency,
                      "L, the rate-weighted mean over streams, s (inf when not stable).")
        .def_readonly("static_mean_latency", &pl::queueing_dispatch_evaluation::static_mean_latency,
                      "The same routing with the waits left out (the static prediction), s.")
        .def("__repr__", [](const pl::queueing_dispatch_evaluation& e) {
            return std::string("QueueingDispatchEvaluation(stable=") + (e.stable ? "True" : "False") +
                   ", mean_latency=" + repr_number(e.mean_latency) +
                   ", static_mean_latency=" + repr_number(e.static_mean_latency) + ")";
        });
    py::class_<pl::queueing_dispatch_result>(m, "QueueingDispatchResult",
                                             "A search's plan, its evaluation, status and reason, KKT residual.")
        .def_property_readonly(
            "status", [](const pl::queueing_dispatch_result& r) { return std::string(pl::to_string(r.status)); },
            "'stable', 'overloaded', 'no_node_can_host' or 'no_stable_plan_found'.")
        .def_readonly("reason", &pl::queueing_dispatch_result::reason, "Empty when stable; else what failed.")
        .def_readonly("stream", &pl::queueing_dispatch_result::stream,
                      "The stream concerned when status is no_node_can_host.")
        .def_readonly("plan", &pl::queueing_dispatch_result::plan,
                      "The plan found (when stable; else the last split tried).")
        .def_readonly("evaluation", &pl::queueing_dispatch_result::evaluation,
                      "The plan under the M/G/1 mixture model (when stable).")
        .def_readonly("kkt_residual", &pl::queueing_dispatch_result::kkt_residual,
                      "Frank-Wolfe gap / Lambda, s (split mode; 0 at a KKT point).")
        .def_readonly("utilization_lower_bound", &pl::queueing_dispatch_result::utilization_lower_bound,
                      "Proven lower bound on the smallest achievable max_j rho_j.")
        .def_readonly("max_utilization", &pl::queueing_dispatch_result::max_utilization, "max_j rho_j of the plan.")
        .def_readonly("lower_bound", &pl::queueing_dispatch_result::lower_bound,
                      "solve_queueing_dispatch: proven lower bound on the mean latency of every plan, s.")
        .def_readonly("local_moves", &pl::queueing_dispatch_result::local_moves,
                      "solve_queueing_dispatch: drop/swap moves taken by the local search.")
        .def("__repr__", [](const pl::queueing_dispatch_result& r) {
            return std::string("QueueingDispatchResult(status='") + pl::to_string(r.status) +
                   "', mean_latency=" + repr_number(r.evaluation.mean_latency) + ")";
        });
    const auto dispatch_options = [](const std::string& mode, double tolerance, bool local_search = true) {
        pl::queueing_dispatch_options o;
        o.local_search = local_search;
        if (mode == "whole") {
            o.mode = pl::dispatch_mode::whole;
        } else if (mode != "split") {
            offload::detail::throw_parameter_error("offload.planning", "mode", "'" + mode + "'",
                                                   "must be 'split' or 'whole'");
        }
        o.tolerance = tolerance;
        return o;
    };
    m.def("evaluate_queueing_dispatch", &pl::evaluate_queueing_dispatch, py::arg("problem"), py::arg("plan"),
          "Scores a plan with the M/G/1 mixture model of each node.");
    py::class_<pl::queueing_dispatch_quantiles>(
        m, "QueueingDispatchQuantiles",
        "Per-stream and pooled level-quantiles of a plan's end-to-end latency (queueing_dispatch_latency_quantiles).")
        .def_readonly("level", &pl::queueing_dispatch_quantiles::level, "The level p, in (0, 1).")
        .def_readonly("stable", &pl::queueing_dispatch_quantiles::stable, "Every node has rho_j < 1.")
        .def_readonly("stream_latency_quantile", &pl::queueing_dispatch_quantiles::stream_latency_quantile,
                      "Per stream the p-quantile of its end-to-end latency, s; inf if it meets an unstable node.")
        .def_readonly("latency_quantile", &pl::queueing_dispatch_quantiles::latency_quantile,
                      "The p-quantile over all requests pooled, s; inf when not stable.");
    m.def("queueing_dispatch_latency_quantiles", &pl::queueing_dispatch_latency_quantiles, py::arg("problem"),
          py::arg("plan"), py::arg("level"),
          "Per stream (and pooled) the level-quantile of the end-to-end latency of a plan: P-K wait by transform "
          "inversion (one server), exact M/D/c for one deterministic law, M/M/c with Lee-Longton scaling otherwise "
          "(docs/planning.md).");
    py::class_<pl::queueing_dispatch_quantile_search>(
        m, "QueueingDispatchQuantileSearch", "minimize_queueing_dispatch_quantile: the best plan and its quantiles.")
        .def_readonly("plan", &pl::queueing_dispatch_quantile_search::plan, "The best plan (the start's placement).")
        .def_readonly("quantiles", &pl::queueing_dispatch_quantile_search::quantiles,
                      "Its quantiles; quantiles.latency_quantile is the objective.")
        .def_readonly("start_latency_quantile", &pl::queueing_dispatch_quantile_search::start_latency_quantile,
                      "The start plan's pooled quantile, s (never below the result's).")
        .def_readonly("evaluations", &pl::queueing_dispatch_quantile_search::evaluations, "Plans scored.");
    m.def("minimize_queueing_dispatch_quantile", &pl::minimize_queueing_dispatch_quantile, py::arg("problem"),
          py::arg("plan"), py::arg("level"), py::arg("max_evaluations") = 2000, release,
          "Pattern search over the plan's routing fractions (placement kept) for the smallest pooled level-quantile; "
          "never worse than the start plan (docs/planning.md).");
    m.def(
        "route_queueing_dispatch",
        [dispatch_options](const pl::queueing_dispatch_problem& p, std::vector<std::vector<std::size_t>> placement,
                           const std::string& mode, double tolerance) {
            const auto o = dispatch_options(mode, tolerance);
            py::gil_scoped_release nogil;
            return pl::route_queueing_dispatch(p, std::move(placement), o);
        },
        py::arg("problem"), py::arg("placement"), py::arg("mode") = "split", py::arg("tolerance") = 1e-9,
        "Routing fractions for a fixed placement (mode 'split' or 'whole').");
    m.def(
        "solve_queueing_dispatch",
        [dispatch_options](const pl::queueing_dispatch_problem& p, const std::string& mode, double tolerance,
                           bool local_search) {
            const auto o = dispatch_options(mode, tolerance, local_search);
            py::gil_scoped_release nogil;
            return pl::solve_queueing_dispatch(p, o);
        },
        py::arg("problem"), py::arg("mode") = "split", py::arg("tolerance") = 1e-9, py::arg("local_search") = true,
        "Placements (greedy addition, then drop/swap local search) and routing minimising the mean end-to-end "
        "latency with every node stable; the result's lower_bound bounds every plan.");
    m.def(
        "queueing_dispatch_lower_bound",
        [dispatch_options](const pl::queueing_dispatch_problem& p, double tolerance) {
            const auto o = dispatch_options("split", tolerance);
            py::gil_scoped_release nogil;
            return pl::queueing_dispatch_lower_bound(p, o);
        },
        py::arg("problem"), py::arg("tolerance") = 1e-9,
        "Proven lower bound on the mean latency of every plan (memory relaxed, convex minorant of the waits), s.");
    m.def("static_dispatch_plan", &pl::static_dispatch_plan, py::arg("problem"), release,
          "The static formulation's plan (load ignored), to be scored by evaluate_queueing_dispatch.");
    m.def(
        "simulate_queueing_dispatch",
        [](const pl::queueing_dispatch_problem& p, const pl::queueing_dispatch_plan& x, int requests, int warmup,
           std::uint64_t seed, int runs) {
            offload::sim::run_options o;
            o.requests = requests;
            o.warmup_requests = warmup;
            o.replications = 2;
            o.seed = seed;
            pl::queueing_dispatch_simulation s;
            {
                py::gil_scoped_release nogil;
                s = pl::simulate_queueing_dispatch(p, x, o, runs);
            }
            py::list streams;
            for (const auto& e : s.stream_mean_latency) streams.append(py::make_tuple(e.value, e.half_width));
            py::dict d;
            d["mean_latency"] = py::make_tuple(s.mean_latency.value, s.mean_latency.half_width);
            d["stream_mean_latency"] = streams;
            return d;
        },
        py::arg("problem"), py::arg("plan"), py::arg("requests") = 20000, py::arg("warmup") = 2000, py::arg("seed") = 1,
        py::arg("runs") = 10,
        "Simulates the plan: {'mean_latency': (value, 95 % half-width), 'stream_mean_latency': [...]}.");
    // ---- value semantics of the results (one list of fields per type: offload/value_type.hpp) ----------------
    add_value_semantics(py::class_<pl::provisioning_plan>(m.attr("ProvisioningPlan")), mutable_value,
                        offload::python::construct<pl::provisioning_plan>,
                        field("placement", &pl::provisioning_plan::placement),
                        field("dispatch", &pl::provisioning_plan::dispatch));
    using evaluation_t = pl::provisioning_evaluation;
    add_value_semantics(
        py::class_<evaluation_t>(m.attr("ProvisioningEvaluation")), frozen, offload::python::by_members,
        field("latency", &evaluation_t::latency), field("rejection", &evaluation_t::rejection),
        field("memory_used", &evaluation_t::memory_used), field("compute_used", &evaluation_t::compute_used),
        field("total_latency", &evaluation_t::total_latency), field("objective", &evaluation_t::objective),
        field("served", &evaluation_t::served), field("rejected", &evaluation_t::rejected),
        field("rejected_for_capacity", &evaluation_t::rejected_for_capacity));
    add_value_semantics(py::class_<pl::model_placement>(m.attr("ModelPlacement")), frozen, offload::python::by_members,
                        field("node", &pl::model_placement::node), field("model", &pl::model_placement::model));
    add_value_semantics(py::class_<pl::placement_diff>(m.attr("PlacementDiff")), frozen, offload::python::by_members,
                        field("provision", &pl::placement_diff::provision),
                        field("remove", &pl::placement_diff::remove),
                        field("provision_memory", &pl::placement_diff::provision_memory));
    using heuristic_t = pl::provisioning_heuristic_result;
    add_value_semantics(py::class_<heuristic_t>(m.attr("ProvisioningHeuristicResult")), frozen,
                        offload::python::by_members, field("best", &heuristic_t::best),
                        field("objective", &heuristic_t::objective), field("lower_bound", &heuristic_t::lower_bound));
    using exact_t = pl::provisioning_exact_result;
    add_value_semantics(py::class_<exact_t>(m.attr("ProvisioningExactResult")), frozen, offload::python::by_members,
                        field("best", &exact_t::best), field("objective", &exact_t::objective),
                        field("lower_bound", &exact_t::lower_bound), field("proven_optimal", &exact_t::proven_optimal),
                        field("nodes", &exact_t::nodes));
    using dispatch_evaluation_t = pl::queueing_dispatch_evaluation;
    add_value_semantics(py::class_<dispatch_evaluation_t>(m.attr("QueueingDispatchEvaluation")), frozen,
                        offload::python::by_members, field("stable", &dispatch_evaluation_t::stable),
                        field("node_arrival_rate", &dispatch_evaluation_t::node_arrival_rate),
                        field("node_utilization", &dispatch_evaluation_t::node_utilization),
                        field("node_mean_wait", &dispatch_evaluation_t::node_mean_wait),
                        field("memory_used", &dispatch_evaluation_t::memory_used),
                        field("stream_mean_latency", &dispatch_evaluation_t::stream_mean_latency),
                        field("mean_latency", &dispatch_evaluation_t::mean_latency),
                        field("static_mean_latency", &dispatch_evaluation_t::static_mean_latency));
    using dispatch_quantiles_t = pl::queueing_dispatch_quantiles;
    add_value_semantics(py::class_<dispatch_quantiles_t>(m.attr("QueueingDispatchQuantiles")), frozen,
                        offload::python::by_members, field("level", &dispatch_quantiles_t::level),
                        field("stable", &dispatch_quantiles_t::stable),
                        field("stream_latency_quantile", &dispatch_quantiles_t::stream_latency_quantile),
                        field("latency_quantile", &dispatch_quantiles_t::latency_quantile));
    using quantile_search_t = pl::queueing_dispatch_quantile_search;
    add_value_semantics(py::class_<quantile_search_t>(m.attr("QueueingDispatchQuantileSearch")), frozen,
                        offload::python::by_members, field("plan", &quantile_search_t::plan),
                        field("quantiles", &quantile_search_t::quantiles),
                        field("start_latency_quantile", &quantile_search_t::start_latency_quantile),
                        field("evaluations", &quantile_search_t::evaluations));
    using dispatch_result_t = pl::queueing_dispatch_result;
    add_value_semantics(
        py::class_<dispatch_result_t>(m.attr("QueueingDispatchResult")), frozen,
        [](const std::string& status, std::string reason, std::size_t stream, pl::queueing_dispatch_plan plan,
           pl::queueing_dispatch_evaluation evaluation, double kkt_residual, double utilization_lower_bound,
           double max_utilization, std::size_t sweeps, double lower_bound, std::size_t local_moves) {
            dispatch_result_t r{pl::dispatch_status::stable,
                                std::move(reason),
                                stream,
                                std::move(plan),
                                std::move(evaluation),
                                kkt_residual,
                                utilization_lower_bound,
                                max_utilization,
                                sweeps,
                                lower_bound,
                                local_moves};
            for (const auto s : {pl::dispatch_status::no_node_can_host, pl::dispatch_status::overloaded,
                                 pl::dispatch_status::no_stable_plan_found})
                if (status == pl::to_string(s)) r.status = s;
            return r;
        },
        field("status", [](const dispatch_result_t& r) { return std::string(pl::to_string(r.status)); }),
        field("reason", &dispatch_result_t::reason), field("stream", &dispatch_result_t::stream),
        field("plan", &dispatch_result_t::plan), field("evaluation", &dispatch_result_t::evaluation),
        field("kkt_residual", &dispatch_result_t::kkt_residual),
        field("utilization_lower_bound", &dispatch_result_t::utilization_lower_bound),
        field("max_utilization", &dispatch_result_t::max_utilization), field("sweeps", &dispatch_result_t::sweeps),
        field("lower_bound", &dispatch_result_t::lower_bound), field("local_moves", &dispatch_result_t::local_moves));
}
