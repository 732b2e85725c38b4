// Python bindings of the joint offloading / bandwidth planner (offload/planning/offloading_bandwidth.hpp, seed 002)
// in the submodule `offload.planning`: the problem and its parameters, the evaluator Q, the exact bandwidth
// allocation P2, exact P1 (enumeration, branch and bound), the baselines, the public code's task sizes and the DDLO
// learner. Decisions are lists of 0/1 ints (row-major, task m of device n at n M + m). The solvers release the GIL.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "offload/error.hpp"
#include "offload/planning/offloading_bandwidth.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
namespace pl = offload::planning;
using offload::python::add_value_semantics;
using offload::python::field;
using offload::python::frozen;
using offload::python::mutable_value;
using offload::python::repr_number;

namespace {

/// a 0/1 list from Python; anything else is a parameter error naming offload[i]
pl::offloading_decision decision_argument(const std::vector<long long>& xs, const char* function) {
    pl::offloading_decision x{std::vector<std::uint8_t>(xs.size())};
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (xs[i] != 0 && xs[i] != 1) {
            const std::string name = "offload[" + std::to_string(i) + "]";
            offload::detail::throw_parameter_error(function, name.c_str(), static_cast<double>(xs[i]),
                                                   "must be 0 (local) or 1 (offload)");
        }
        x.offload[i] = static_cast<std::uint8_t>(xs[i]);
    }
    return x;
}

std::vector<int> decision_list(const pl::offloading_decision& x) { return {x.offload.begin(), x.offload.end()}; }

/// The plan of a result from its Python fields (unpickling).
pl::offloading_plan plan_argument(const std::vector<long long>& offload, std::vector<double> bandwidth) {
    return {decision_argument(offload, "offload::planning::offloading_plan"), std::move(bandwidth)};
}

std::size_t count_argument(long long n, const char* function, const char* parameter) {
    if (n < 0) offload::detail::throw_parameter_error(function, parameter, static_cast<double>(n), "must be >= 0");
    return static_cast<std::size_t>(n);
}

} // namespace

void bind_offloading_bandwidth(py::module_& parent) {
    py::module_ m = parent.attr("planning");

    py::class_<pl::offloading_parameters> parameters_cls(
        m, "OffloadingParameters",
        "Seed 002's constants: bandwidth_bits_per_second C (150e6), local_seconds_per_bit t^l (4.75e-7), "
        "edge_bits_per_second f^c (1e10/1900, the public code's 1900 cycles/bit at 10 GHz), delay_weight beta (1 J/s) "
        "and energy (EnergyModel e^l = 3.25e-7, e^t = 1.42e-7, alpha = 1.5e-7 J/bit). Validated by OffloadingProblem.");
    parameters_cls.def(py::init<>())
        .def(py::init([](double c, double tl, double fc, double beta, const offload::energy_model& e) {
                 return pl::offloading_parameters{c, tl, fc, beta, e};
             }),
             py::arg("bandwidth_bits_per_second") = 150e6, py::arg("local_seconds_per_bit") = 4.75e-7,
             py::arg("edge_bits_per_second") = 1e10 / 1900.0, py::arg("delay_weight") = 1.0,
             py::arg("energy") = offload::energy_model(3.25e-7, 1.42e-7, 1.5e-7))
        .def_readwrite("bandwidth_bits_per_second", &pl::offloading_parameters::bandwidth_bits_per_second,
                       "bandwidth in bits/s (C for the parameters; c_n per device for a plan)")
        .def_readwrite("local_seconds_per_bit", &pl::offloading_parameters::local_seconds_per_bit,
                       "t^l, local processing time per bit (s/bit)")
        .def_readwrite("edge_bits_per_second", &pl::offloading_parameters::edge_bits_per_second,
                       "f^c, edge processing rate (bits/s)")
        .def_readwrite("delay_weight", &pl::offloading_parameters::delay_weight, "beta, weight of the delay (J/s)")
        .def_readwrite("energy", &pl::offloading_parameters::energy, "EnergyModel: e^l, e^t and alpha in J/bit");
    add_value_semantics(parameters_cls, mutable_value, offload::python::construct<pl::offloading_parameters>,
                        field("bandwidth_bits_per_second", &pl::offloading_parameters::bandwidth_bits_per_second),
                        field("local_seconds_per_bit", &pl::offloading_parameters::local_seconds_per_bit),
                        field("edge_bits_per_second", &pl::offloading_parameters::edge_bits_per_second),
                        field("delay_weight", &pl::offloading_parameters::delay_weight),
                        field("energy", &pl::offloading_parameters::energy));

    py::class_<pl::offloading_problem> problem_cls(
        m, "OffloadingProblem",
        "N devices x M tasks of task_bits (row-major list of N M sizes in bits) and "
        "the parameters; bad input raises ValueError naming task_bits[n][m].");
    problem_cls
        .def(py::init([](long long n, long long tasks, std::vector<double> bits, const pl::offloading_parameters& q) {
                 constexpr const char* fn = "offload::planning::offloading_problem";
                 return pl::offloading_problem(count_argument(n, fn, "device_count"),
                                               count_argument(tasks, fn, "tasks_per_device"), std::move(bits), q);
             }),
             py::arg("device_count"), py::arg("tasks_per_device"), py::arg("task_bits"),
             py::arg("parameters") = pl::offloading_parameters{})
        .def_property_readonly("device_count", &pl::offloading_problem::device_count, "N, devices")
        .def_property_readonly("tasks_per_device", &pl::offloading_problem::tasks_per_device, "M, tasks per device")
        .def_property_readonly("task_bits", py::overload_cast<>(&pl::offloading_problem::task_bits, py::const_),
                               "d, N M task sizes in bits (row-major)")
        .def_property_readonly("parameters", &pl::offloading_problem::parameters, "the OffloadingParameters");
    add_value_semantics(
        problem_cls, frozen,
        [](std::size_t n, std::size_t tasks, std::vector<double> bits, const pl::offloading_parameters& q) {
            return pl::offloading_problem(n, tasks, std::move(bits), q);
        },
        field("device_count", &pl::offloading_problem::device_count),
        field("tasks_per_device", &pl::offloading_problem::tasks_per_device),
        field("task_bits", [](const pl::offloading_problem& p) { return p.task_bits(); }),
        field("parameters", &pl::offloading_problem::parameters));

    py::class_<pl::device_evaluation>(m, "DeviceEvaluation", "One device's share of Q.")
        .def_readonly("energy_joules", &pl::device_evaluation::energy_joules, "energy (J)")
        .def_readonly("local_seconds", &pl::device_evaluation::local_seconds, "T^l_n, local delay (s)")
        .def_readonly(
            "edge_seconds", &pl::device_evaluation::edge_seconds,
            "T^c_n, transmission + edge processing delay (s); inf when bits are offloaded over zero bandwidth")
        .def_readonly("offloaded_bits", &pl::device_evaluation::offloaded_bits, "D_n, bits offloaded by the device")
        .def_readonly("delay_seconds", &pl::device_evaluation::delay_seconds,
                      "max(T^l, T^c) (summed over devices for the total) (s)")
        .def_readonly("utility", &pl::device_evaluation::utility, "Q, energy + beta delay (J)");
    using device_t = pl::device_evaluation;
    add_value_semantics(
        py::class_<device_t>(m.attr("DeviceEvaluation")), frozen, offload::python::by_members,
        field("energy_joules", &device_t::energy_joules), field("local_seconds", &device_t::local_seconds),
        field("edge_seconds", &device_t::edge_seconds), field("offloaded_bits", &device_t::offloaded_bits),
        field("delay_seconds", &device_t::delay_seconds), field("utility", &device_t::utility));

    py::class_<pl::offloading_evaluation>(m, "OffloadingEvaluation", "Q(d, x, c) and its parts (eqs. 1-7).")
        .def_readonly("utility", &pl::offloading_evaluation::utility, "Q, energy + beta delay (J)")
        .def_readonly("energy_joules", &pl::offloading_evaluation::energy_joules, "energy (J)")
        .def_readonly("delay_seconds", &pl::offloading_evaluation::delay_seconds,
                      "max(T^l, T^c) (summed over devices for the total) (s)")
        .def_readonly("bandwidth_used_bits_per_second", &pl::offloading_evaluation::bandwidth_used_bits_per_second,
                      "sum of the allocated bandwidth (bits/s)")
        .def_readonly("devices", &pl::offloading_evaluation::devices, "list of DeviceEvaluation, one per device");
    using evaluation_t = pl::offloading_evaluation;
    add_value_semantics(py::class_<evaluation_t>(m.attr("OffloadingEvaluation")), frozen, offload::python::by_members,
                        field("utility", &evaluation_t::utility), field("energy_joules", &evaluation_t::energy_joules),
                        field("delay_seconds", &evaluation_t::delay_seconds),
                        field("bandwidth_used_bits_per_second", &evaluation_t::bandwidth_used_bits_per_second),
                        field("devices", &evaluation_t::devices));

    m.def(
        "evaluate_offloading",
        [](const pl::offloading_problem& p, const std::vector<long long>& offload, std::vector<double> bandwidth) {
            return pl::evaluate_offloading(
                p, {decision_argument(offload, "offload::planning::evaluate_offloading"), std::move(bandwidth)});
        },
        py::arg("problem"), py::arg("offload"), py::arg("bandwidth_bits_per_second"),
        "Q of decision `offload` (0/1 list) with bandwidth c (one value per device, sum <= C).");

    py::class_<pl::bandwidth_solution>(m, "BandwidthSolution", "P2's solution for a fixed decision.")
        .def_property_readonly(
            "offload", [](const pl::bandwidth_solution& s) { return decision_list(s.plan.decision); },
            "decision x as a list of N M 0/1 ints (1 = offload)")
        .def_property_readonly(
            "bandwidth_bits_per_second",
            [](const pl::bandwidth_solution& s) { return s.plan.bandwidth_bits_per_second; },
            "bandwidth in bits/s (C for the parameters; c_n per device for a plan)")
        .def_readonly("evaluation", &pl::bandwidth_solution::evaluation, "OffloadingEvaluation of the plan")
        .def_readonly("price", &pl::bandwidth_solution::price,
                      "lambda, bandwidth price at the optimum in J per (bit/s); 0 when C does not bind")
        .def_readonly("capacity_binding", &pl::bandwidth_solution::capacity_binding,
                      "True when the optimum uses all of C")
        .def_property_readonly(
            "utility", [](const pl::bandwidth_solution& s) { return s.evaluation.utility; },
            "Q, energy + beta delay (J)");
    add_value_semantics(
        py::class_<pl::bandwidth_solution>(m.attr("BandwidthSolution")), frozen,
        [](const std::vector<long long>& x, std::vector<double> c, const pl::offloading_evaluation& e, double price,
           bool binding) {
            return pl::bandwidth_solution{plan_argument(x, std::move(c)), e, price, binding};
        },
        field("offload",
              [](const pl::bandwidth_solution& s) {
                  return std::vector<long long>(s.plan.decision.offload.begin(), s.plan.decision.offload.end());
              }),
        field("bandwidth_bits_per_second",
              [](const pl::bandwidth_solution& s) { return s.plan.bandwidth_bits_per_second; }),
        field("evaluation", &pl::bandwidth_solution::evaluation), field("price", &pl::bandwidth_solution::price),
        field("capacity_binding", &pl::bandwidth_solution::capacity_binding));

    m.def(
        "optimal_bandwidth",
        [](const pl::offloading_problem& p, const std::vector<long long>& offload) {
            const pl::offloading_decision x = decision_argument(offload, "offload::planning::optimal_bandwidth");
            py::gil_scoped_release release;
            return pl::optimal_bandwidth(p, x);
        },
        py::arg("problem"), py::arg("offload"),
        "Exact P2: the bandwidth minimising Q for decision `offload` (KKT closed form + exact price search).");
    m.def(
        "equal_split_bandwidth",
        [](const pl::offloading_problem& p, const std::vector<long long>& offload) {
            return pl::equal_split_bandwidth(p, decision_argument(offload, "offload::planning::equal_split_bandwidth"));
        },
        py::arg("problem"), py::arg("offload"), "The public DDLO code's allocation C/N to every device.");

    py::enum_<pl::bandwidth_rule>(m, "BandwidthRule", "How a solver allocates bandwidth for each candidate decision.")
        .value("optimal", pl::bandwidth_rule::optimal)
        .value("equal_split", pl::bandwidth_rule::equal_split);

    py::class_<pl::offloading_solution>(m, "OffloadingSolution", "A P1 solution and its optimality certificate.")
        .def_property_readonly(
            "offload", [](const pl::offloading_solution& s) { return decision_list(s.plan.decision); },
            "decision x as a list of N M 0/1 ints (1 = offload)")
        .def_property_readonly(
            "bandwidth_bits_per_second",
            [](const pl::offloading_solution& s) { return s.plan.bandwidth_bits_per_second; },
            "bandwidth in bits/s (C for the parameters; c_n per device for a plan)")
        .def_readonly("evaluation", &pl::offloading_solution::evaluation, "OffloadingEvaluation of the plan")
        .def_property_readonly(
            "utility", [](const pl::offloading_solution& s) { return s.evaluation.utility; },
            "Q, energy + beta delay (J)")
        .def_readonly("lower_bound", &pl::offloading_solution::lower_bound, "proven lower bound on the optimal Q (J)")
        .def_readonly("gap", &pl::offloading_solution::gap, "(Q - lower_bound) / Q; 0 when proven optimal")
        .def_readonly("proven_optimal", &pl::offloading_solution::proven_optimal, "True when the search finished")
        .def_readonly("nodes", &pl::offloading_solution::nodes, "decisions enumerated or search nodes visited");
    add_value_semantics(
        py::class_<pl::offloading_solution>(m.attr("OffloadingSolution")), frozen,
        [](const std::vector<long long>& x, std::vector<double> c, const pl::offloading_evaluation& e,
           double lower_bound, double gap, bool proven_optimal, std::size_t nodes) {
            return pl::offloading_solution{plan_argument(x, std::move(c)), e, lower_bound, gap, proven_optimal, nodes};
        },
        field("offload",
              [](const pl::offloading_solution& s) {
                  return std::vector<long long>(s.plan.decision.offload.begin(), s.plan.decision.offload.end());
              }),
        field("bandwidth_bits_per_second",
              [](const pl::offloading_solution& s) { return s.plan.bandwidth_bits_per_second; }),
        field("evaluation", &pl::offloading_solution::evaluation),
        field("lower_bound", &pl::offloading_solution::lower_bound), field("gap", &pl::offloading_solution::gap),
        field("proven_optimal", &pl::offloading_solution::proven_optimal),
        field("nodes", &pl::offloading_solution::nodes));

    m.def(
        "enumerate_offloading",
        [](const pl::offloading_problem& p, pl::bandwidth_rule rule) {
            py::gil_scoped_release release;
            return pl::enumerate_offloading(p, rule);
        },
        py::arg("problem"), py::arg("rule") = pl::bandwidth_rule::optimal,
        "P1 by enumerating all 2^(N M) decisions (N M <= 24).");
    m.def(
        "offloading_branch_and_bound",
        [](const pl::offloading_problem& p, long long max_nodes) {
            pl::offloading_branch_and_bound_options o;
            o.max_nodes = count_argument(max_nodes, "offload::planning::offloading_branch_and_bound", "max_nodes");
            py::gil_scoped_release release;
            return pl::offloading_branch_and_bound(p, o);
        },
        py::arg("problem"), py::arg("max_nodes") = 10000000,
        "Exact P1 by branch and bound with Lagrangian bounds; reports its gap if the node budget runs out.");
    m.def("local_only_solution", &pl::local_only_solution, py::arg("problem"), "Every task on its device.");
    m.def("edge_only_solution", &pl::edge_only_solution, py::arg("problem"),
          py::arg("rule") = pl::bandwidth_rule::optimal, "Every task on the edge.");

    py::class_<pl::task_size_generator>(m, "TaskSizeGenerator",
                                        "The public DDLO code's task sizes: integer MiB uniform on [min, max] "
                                        "(10, 30), in bits; splitmix64, reproducible under seed.")
        .def(py::init([](long long n, long long tasks, std::uint64_t seed, int lo, int hi) {
                 constexpr const char* fn = "offload::planning::task_size_generator";
                 return pl::task_size_generator(count_argument(n, fn, "device_count"),
                                                count_argument(tasks, fn, "tasks_per_device"), seed, lo, hi);
             }),
             py::arg("device_count"), py::arg("tasks_per_device"), py::arg("seed"), py::arg("min_mebibytes") = 10,
             py::arg("max_mebibytes") = 30)
        .def("next", &pl::task_size_generator::next, "The next N M task sizes (bits).")
        .def("next_problem", &pl::task_size_generator::next_problem,
             py::arg("parameters") = pl::offloading_parameters{},
             "The next OffloadingProblem with fresh task sizes and these parameters.")
        .def("__repr__", [](const pl::task_size_generator&) { return std::string("TaskSizeGenerator()"); });

    const pl::ddlo_options ddlo_defaults{};
    py::class_<pl::ddlo_options>(m, "DdloOptions", "DDLO's hyper-parameters (seed 002 §V and the public code).")
        .def(py::init([](std::size_t dnn_count, std::size_t hidden1, std::size_t hidden2, std::size_t memory_size,
                         std::size_t batch_size, std::size_t training_interval, std::size_t training_start,
                         double learning_rate, double adam_beta1, double adam_beta2, double adam_epsilon,
                         double input_offset_bits, double input_scale_bits, std::uint64_t seed) {
                 return pl::ddlo_options{
                     dnn_count,         hidden1,           hidden2,          memory_size, batch_size,
                     training_interval, training_start,    learning_rate,    adam_beta1,  adam_beta2,
                     adam_epsilon,      input_offset_bits, input_scale_bits, seed};
             }),
             py::arg("dnn_count") = ddlo_defaults.dnn_count, py::arg("hidden1") = ddlo_defaults.hidden1,
             py::arg("hidden2") = ddlo_defaults.hidden2, py::arg("memory_size") = ddlo_defaults.memory_size,
             py::arg("batch_size") = ddlo_defaults.batch_size,
             py::arg("training_interval") = ddlo_defaults.training_interval,
             py::arg("training_start") = ddlo_defaults.training_start,
             py::arg("learning_rate") = ddlo_defaults.learning_rate, py::arg("adam_beta1") = ddlo_defaults.adam_beta1,
             py::arg("adam_beta2") = ddlo_defaults.adam_beta2, py::arg("adam_epsilon") = ddlo_defaults.adam_epsilon,
             py::arg("input_offset_bits") = ddlo_defaults.input_offset_bits,
             py::arg("input_scale_bits") = ddlo_defaults.input_scale_bits, py::arg("seed") = ddlo_defaults.seed,
             "Every hyper-parameter by keyword (the defaults are the seed's and the public code's); validated by Ddlo.")
        .def_readwrite("dnn_count", &pl::ddlo_options::dnn_count, "K, number of networks")
        .def_readwrite("hidden1", &pl::ddlo_options::hidden1, "first hidden layer width (120)")
        .def_readwrite("hidden2", &pl::ddlo_options::hidden2, "second hidden layer width (80)")
        .def_readwrite("memory_size", &pl::ddlo_options::memory_size, "replay memory entries (1024)")
        .def_readwrite("batch_size", &pl::ddlo_options::batch_size, "training batch per network (128)")
        .def_readwrite("training_interval", &pl::ddlo_options::training_interval, "train every this many steps (10)")
        .def_readwrite("training_start", &pl::ddlo_options::training_start,
                       "first training once this many entries are stored (512)")
        .def_readwrite("learning_rate", &pl::ddlo_options::learning_rate, "Adam step size (0.01)")
        .def_readwrite("adam_beta1", &pl::ddlo_options::adam_beta1, "Adam first-moment decay (0.09, the public code)")
        .def_readwrite("adam_beta2", &pl::ddlo_options::adam_beta2, "Adam second-moment decay (0.999)")
        .def_readwrite("adam_epsilon", &pl::ddlo_options::adam_epsilon, "Adam epsilon (1e-8)")
        .def_readwrite("input_offset_bits", &pl::ddlo_options::input_offset_bits,
                       "network input = (d - offset) / scale")
        .def_readwrite("input_scale_bits", &pl::ddlo_options::input_scale_bits, "network input = (d - offset) / scale")
        .def_readwrite("seed", &pl::ddlo_options::seed, "seed of the initial weights and the batch sampling");
    using ddlo_options_t = pl::ddlo_options;
    add_value_semantics(
        py::class_<ddlo_options_t>(m.attr("DdloOptions")), mutable_value, offload::python::by_members,
        field("dnn_count", &ddlo_options_t::dnn_count), field("hidden1", &ddlo_options_t::hidden1),
        field("hidden2", &ddlo_options_t::hidden2), field("memory_size", &ddlo_options_t::memory_size),
        field("batch_size", &ddlo_options_t::batch_size),
        field("training_interval", &ddlo_options_t::training_interval),
        field("training_start", &ddlo_options_t::training_start),
        field("learning_rate", &ddlo_options_t::learning_rate), field("adam_beta1", &ddlo_options_t::adam_beta1),
        field("adam_beta2", &ddlo_options_t::adam_beta2), field("adam_epsilon", &ddlo_options_t::adam_epsilon),
        field("input_offset_bits", &ddlo_options_t::input_offset_bits),
        field("input_scale_bits", &ddlo_options_t::input_scale_bits), field("seed", &ddlo_options_t::seed));

    py::class_<pl::ddlo_decision>(m, "DdloDecision", "A DDLO decision with its exact bandwidth and Q*.")
        .def_property_readonly(
            "offload", [](const pl::ddlo_decision& d) { return decision_list(d.plan.decision); },
            "decision x as a list of N M 0/1 ints (1 = offload)")
        .def_property_readonly(
            "bandwidth_bits_per_second", [](const pl::ddlo_decision& d) { return d.plan.bandwidth_bits_per_second; },
            "bandwidth in bits/s (C for the parameters; c_n per device for a plan)")
        .def_readonly("utility", &pl::ddlo_decision::utility, "Q, energy + beta delay (J)")
        .def_readonly("dnn", &pl::ddlo_decision::dnn, "index of the network whose candidate was chosen");
    add_value_semantics(
        py::class_<pl::ddlo_decision>(m.attr("DdloDecision")), frozen,
        [](const std::vector<long long>& x, std::vector<double> c, double utility, std::size_t dnn) {
            return pl::ddlo_decision{plan_argument(x, std::move(c)), utility, dnn};
        },
        field("offload",
              [](const pl::ddlo_decision& d) {
                  return std::vector<long long>(d.plan.decision.offload.begin(), d.plan.decision.offload.end());
              }),
        field("bandwidth_bits_per_second", [](const pl::ddlo_decision& d) { return d.plan.bandwidth_bits_per_second; }),
        field("utility", &pl::ddlo_decision::utility), field("dnn", &pl::ddlo_decision::dnn));

    py::class_<pl::ddlo>(m, "Ddlo",
                         "DDLO (seed 002 §V): K networks propose decisions, exact P2 scores them, the best is stored "
                         "in a replay memory that trains the networks online.")
        .def(py::init([](long long n, long long tasks, const pl::offloading_parameters& q, const pl::ddlo_options& o) {
                 constexpr const char* fn = "offload::planning::ddlo";
                 return pl::ddlo(count_argument(n, fn, "device_count"), count_argument(tasks, fn, "tasks_per_device"),
                                 q, o);
             }),
             py::arg("device_count"), py::arg("tasks_per_device"), py::arg("parameters") = pl::offloading_parameters{},
             py::arg("options") = pl::ddlo_options{})
        .def("decide", &pl::ddlo::decide, py::arg("task_bits"), "The decision for task_bits without learning.")
        .def("step", &pl::ddlo::step, py::arg("task_bits"), "Decide, store, and train on schedule (one online step).")
        .def_property_readonly("steps", &pl::ddlo::steps, "online steps taken")
        .def_property_readonly("training_steps", &pl::ddlo::training_steps, "training rounds done")
        .def_property_readonly("last_losses", &pl::ddlo::last_losses,
                               "mean cross-entropy of each network on its last batch")
        .def("__repr__", [](const pl::ddlo& d) {
            return "Ddlo(dnn_count=" + std::to_string(d.options().dnn_count) + ", steps=" + std::to_string(d.steps()) +
                   ")";
        });
}
