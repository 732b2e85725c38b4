// Python bindings of the multi-job allocation planner (offload/planning/, seed 001 §V–VI) in the submodule
// `offload.planning`, mirroring the C++ namespace offload::planning: the problem and its jobs, plans and the
// schedules evaluate() makes of them, the seed's Algorithm 2 (tabu search), the Table VII baselines, the exact
// branch and bound with its lower bound, the improving list heuristic, the seed's Table VI instance and the
// builder from the FLOPs-based tier estimates. The solvers run with the GIL released.
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "offload/planning/multi_job/baselines.hpp"
#include "offload/planning/multi_job/branch_and_bound.hpp"
#include "offload/planning/multi_job/from_predictions.hpp"
#include "offload/planning/multi_job/list_scheduling.hpp"
#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"
#include "offload/planning/multi_job/schedule.hpp"
#include "offload/planning/multi_job/tabu_search.hpp"
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

/// A count or index from Python: a negative int is a parameter error naming it (not a TypeError).
std::size_t index_argument(long long n, const char* function, const std::string& parameter) {
    if (n < 0)
        offload::detail::throw_parameter_error(function, parameter.c_str(), static_cast<double>(n), "must be >= 0");
    return static_cast<std::size_t>(n);
}

std::vector<std::size_t> index_vector(const std::vector<long long>& xs, const char* function, const char* name) {
    std::vector<std::size_t> out(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i)
        out[i] = index_argument(xs[i], function, std::string(name) + "[" + std::to_string(i) + "]");
    return out;
}

} // namespace

void bind_planning(py::module_& parent) {
    py::module_ m = parent.def_submodule(
        "planning",
        "Batch planners (C++ offload::planning): multi-job allocation across shared cloud/edge servers and "
        "per-job end devices (seed 001 §V–VI) — the problem, plans and their schedules, Algorithm 2 (tabu "
        "search), the Table VII baselines, an exact branch and bound, a fast list heuristic, and a builder from "
        "the FLOPs-based tier estimates. Import as `from offload import planning`.");
    // `import offload.planning` / `from offload.planning import solve_exact` work as for a package module.
    py::module_::import("sys").attr("modules")["offload.planning"] = m;

    // ---- the problem ---------------------------------------------------------------------------------------
    py::class_<pl::planning_job> job_cls(m, "Job",
                                         "One job: release time R_i (s), weight w_i > 0, and per shared server a "
                                         "transmission time D_ij and a processing time I_ij (s); device_time = inf "
                                         "means the job has no end device. Validated when a Problem is built.");
    job_cls
        .def(py::init([](double release_time, double weight, std::vector<double> transmission_time,
                         std::vector<double> processing_time, double device_time) {
                 return pl::planning_job{release_time, weight, std::move(transmission_time), std::move(processing_time),
                                         device_time};
             }),
             py::arg("release_time") = 0.0, py::arg("weight") = 1.0,
             py::arg("transmission_time") = std::vector<double>{}, py::arg("processing_time") = std::vector<double>{},
             py::arg("device_time") = std::numeric_limits<double>::infinity())
        .def_readwrite("release_time", &pl::planning_job::release_time, "R_i, s (finite).")
        .def_readwrite("weight", &pl::planning_job::weight, "w_i > 0, the priority weight of eq. 5.")
        .def_readwrite("transmission_time", &pl::planning_job::transmission_time,
                       "D_ij per shared server, s (finite, >= 0).")
        .def_readwrite("processing_time", &pl::planning_job::processing_time,
                       "I_ij per shared server, s (finite, >= 0).")
        .def_readwrite("device_time", &pl::planning_job::device_time,
                       "Processing time on the job's own device, s (inf: no device).");
    add_value_semantics(job_cls, mutable_value, offload::python::construct<pl::planning_job>,
                        field("release_time", &pl::planning_job::release_time),
                        field("weight", &pl::planning_job::weight),
                        field("transmission_time", &pl::planning_job::transmission_time),
                        field("processing_time", &pl::planning_job::processing_time),
                        field("device_time", &pl::planning_job::device_time));

    py::class_<pl::planning_problem> problem_cls(
        m, "Problem",
        "A validated instance: jobs and server_count shared servers; machine index "
        "server_count stands for each job's own device. Bad input raises ValueError "
        "naming jobs[i].field.");
    problem_cls
        .def(py::init([](std::vector<pl::planning_job> jobs, long long server_count) {
                 return pl::planning_problem(
                     std::move(jobs),
                     index_argument(server_count, "offload::planning::planning_problem", "server_count"));
             }),
             py::arg("jobs"), py::arg("server_count"))
        .def_property_readonly("jobs", &pl::planning_problem::jobs, "The jobs (a copy).")
        .def_property_readonly("job_count", &pl::planning_problem::job_count, "Number of jobs n.")
        .def_property_readonly("server_count", &pl::planning_problem::server_count, "Number of shared servers.")
        .def_property_readonly("device_machine", &pl::planning_problem::device_machine,
                               "The machine index that means 'the job's own device' (= server_count).")
        .def(
            "unloaded_response_time",
            [](const pl::planning_problem& p, long long job, long long machine) {
                constexpr const char* fn = "offload::planning::unloaded_response_time";
                const std::size_t i = index_argument(job, fn, "job");
                const std::size_t j = index_argument(machine, fn, "machine");
                if (i >= p.job_count())
                    offload::detail::throw_parameter_error(fn, "job", static_cast<double>(job), "must be < job_count");
                if (j > p.device_machine())
                    offload::detail::throw_parameter_error(fn, "machine", static_cast<double>(machine),
                                                           "must be <= device_machine");
                return pl::unloaded_response_time(p, i, j);
            },
            py::arg("job"), py::arg("machine"),
            "D_ij + I_ij on server j, device_time_i on the device: job i's time when it waits for nobody, s.");
    add_value_semantics(
        problem_cls, frozen,
        [](std::vector<pl::planning_job> jobs, std::size_t server_count) {
            return pl::planning_problem(std::move(jobs), server_count);
        },
        field("jobs", &pl::planning_problem::jobs), field("server_count", &pl::planning_problem::server_count));

    // ---- plans and schedules -------------------------------------------------------------------------------
    py::enum_<pl::sequencing_rule>(m, "SequencingRule", "How make_plan orders the jobs a server receives.")
        .value("release_order", pl::sequencing_rule::release_order,
               "By release time R_i, ties by job index (the seed's 'time sequence').")
        .value("arrival_order", pl::sequencing_rule::arrival_order,
               "By data arrival R_i + D_ij, then R_i, then job index (first come, first served).");

    py::class_<pl::plan>(m, "Plan",
                         "What a solver returns: machine[i] (a server index, or device_machine for the job's own "
                         "device) and, per shared server, the jobs it processes in order (sequence[j]).")
        .def(py::init([](std::vector<std::size_t> machine, std::vector<std::vector<std::size_t>> sequence) {
                 return pl::plan{std::move(machine), std::move(sequence)};
             }),
             py::arg("machine") = std::vector<std::size_t>{},
             py::arg("sequence") = std::vector<std::vector<std::size_t>>{})
        .def_readwrite("machine", &pl::plan::machine, "Per job: its server index, or device_machine.")
        .def_readwrite("sequence", &pl::plan::sequence, "Per shared server: its jobs in processing order.");
    add_value_semantics(py::class_<pl::plan>(m.attr("Plan")), mutable_value, offload::python::construct<pl::plan>,
                        field("machine", &pl::plan::machine), field("sequence", &pl::plan::sequence));

    py::class_<pl::job_timing>(m, "JobTiming",
                               "One job in a schedule, s. On a device the transmission is empty (start = end = "
                               "release).")
        .def_readonly("machine", &pl::job_timing::machine, "Server index, or device_machine.")
        .def_readonly("transmission_start", &pl::job_timing::transmission_start, "Start of the upload, s.")
        .def_readonly("transmission_end", &pl::job_timing::transmission_end, "End of the upload, s.")
        .def_readonly("processing_start", &pl::job_timing::processing_start, "S_i, start of processing, s.")
        .def_readonly("completion", &pl::job_timing::completion, "E_i, completion, s.");
    add_value_semantics(
        py::class_<pl::job_timing>(m.attr("JobTiming")), frozen, offload::python::by_members,
        field("machine", &pl::job_timing::machine), field("transmission_start", &pl::job_timing::transmission_start),
        field("transmission_end", &pl::job_timing::transmission_end),
        field("processing_start", &pl::job_timing::processing_start), field("completion", &pl::job_timing::completion));

    py::class_<pl::schedule>(m, "Schedule",
                             "The schedule of a plan: per job its timing, the weighted total response sum w_i "
                             "(E_i - R_i) (eq. 5), the unweighted total and the last completion (Table VII).")
        .def_readonly("jobs", &pl::schedule::jobs, "Per job: a JobTiming.")
        .def_readonly("weighted_total_response", &pl::schedule::weighted_total_response,
                      "sum_i w_i (E_i - R_i), the objective, s.")
        .def_readonly("total_response", &pl::schedule::total_response,
                      "sum_i (E_i - R_i), Table VII's 'total response time', s.")
        .def_readonly("last_completion", &pl::schedule::last_completion,
                      "max_i E_i, Table VII's 'last response time', s (0 with no job).");
    add_value_semantics(py::class_<pl::schedule>(m.attr("Schedule")), frozen, offload::python::by_members,
                        field("jobs", &pl::schedule::jobs),
                        field("weighted_total_response", &pl::schedule::weighted_total_response),
                        field("total_response", &pl::schedule::total_response),
                        field("last_completion", &pl::schedule::last_completion));

    m.def(
        "make_plan",
        [](const pl::planning_problem& p, const std::vector<long long>& machine, pl::sequencing_rule rule) {
            return pl::make_plan(p, index_vector(machine, "offload::planning::make_plan", "machine"), rule);
        },
        py::arg("problem"), py::arg("machine"), py::arg("rule") = pl::sequencing_rule::release_order,
        "A Plan for the assignment `machine` (per job a server index or device_machine), each server's jobs "
        "ordered by `rule`. ValueError names machine[i] when an index is out of range.");
    m.def("evaluate", &pl::evaluate, py::arg("problem"), py::arg("plan"),
          "The Schedule of `plan`: uploads start at release and overlap; each server runs its sequence one job "
          "at a time without preemption; a device starts its job at release. ValueError when the plan does not "
          "fit the problem.");

    // ---- baselines and solvers -----------------------------------------------------------------------------
    m.def(
        "all_on_server",
        [](const pl::planning_problem& p, long long server, pl::sequencing_rule rule) {
            return pl::all_on_server(p, index_argument(server, "offload::planning::all_on_server", "server"), rule);
        },
        py::arg("problem"), py::arg("server"), py::arg("rule") = pl::sequencing_rule::release_order,
        "Every job on shared server `server`, ordered by `rule` (Table VII's all-cloud / all-edge rows).");
    m.def("all_on_devices", &pl::all_on_devices, py::arg("problem"),
          "Every job on its own device (Table VII's all-device row); ValueError when a job has none.");
    m.def("individually_best", &pl::individually_best, py::arg("problem"),
          py::arg("rule") = pl::sequencing_rule::release_order,
          "Every job on the machine of least unloaded response time, ignoring the other jobs (seed Algorithm 1; "
          "Table VII's 'optimal layer' row).");
    m.def("earliest_completion_plan", &pl::earliest_completion_plan, py::arg("problem"),
          "Greedy: jobs in release order, each on the machine where it completes earliest given the jobs "
          "already placed (Algorithm 2's initial solution).");
    m.def(
        "list_schedule_and_improve",
        [](const pl::planning_problem& p, long long max_passes, long long insertion_window) {
            constexpr const char* fn = "offload::planning::list_schedule_and_improve";
            pl::improvement_options o;
            o.max_passes = index_argument(max_passes, fn, "max_passes");
            o.insertion_window = index_argument(insertion_window, fn, "insertion_window");
            py::gil_scoped_release release;
            return pl::list_schedule_and_improve(p, o);
        },
        py::arg("problem"), py::arg("max_passes") = 8, py::arg("insertion_window") = 2,
        "The fast heuristic for large n: the greedy plan improved by relocations and adjacent swaps (first "
        "improvement, at most max_passes passes).");

    py::class_<pl::tabu_search_result>(m, "TabuSearchResult", "What tabu_search returns.")
        .def_readonly("best", &pl::tabu_search_result::best, "The final Plan (every server in release order).")
        .def_readonly("passes", &pl::tabu_search_result::passes, "Passes run.")
        .def_readonly("moves", &pl::tabu_search_result::moves, "Moves accepted.");
    add_value_semantics(py::class_<pl::tabu_search_result>(m.attr("TabuSearchResult")), frozen,
                        offload::python::by_members, field("best", &pl::tabu_search_result::best),
                        field("passes", &pl::tabu_search_result::passes),
                        field("moves", &pl::tabu_search_result::moves));
    m.def(
        "tabu_search",
        [](const pl::planning_problem& p, long long max_count) {
            const pl::tabu_search_options o{index_argument(max_count, "offload::planning::tabu_search", "max_count")};
            py::gil_scoped_release release;
            return pl::tabu_search(p, o);
        },
        py::arg("problem"), py::arg("max_count") = 1000,
        "Seed 001 Algorithm 2 (multi-job allocation by tabu search) as literally as its text allows; at most "
        "max_count passes (maxCount). docs/planning.md lists the readings of its pseudo-code.");

    py::class_<pl::branch_and_bound_result>(m, "ExactResult", "What solve_exact returns.")
        .def_readonly("best", &pl::branch_and_bound_result::best,
                      "The best Plan found (the optimum when proven_optimal).")
        .def_readonly("objective", &pl::branch_and_bound_result::objective, "sum_i w_i (E_i - R_i) of best, s.")
        .def_readonly("lower_bound", &pl::branch_and_bound_result::lower_bound,
                      "= objective when proven_optimal, else the root bound (>= the seed's eq. 6 bound).")
        .def_readonly("proven_optimal", &pl::branch_and_bound_result::proven_optimal,
                      "True when the search finished within node_limit.")
        .def_readonly("nodes", &pl::branch_and_bound_result::nodes, "Nodes expanded.");
    using exact_t = pl::branch_and_bound_result;
    add_value_semantics(py::class_<exact_t>(m.attr("ExactResult")), frozen, offload::python::by_members,
                        field("best", &exact_t::best), field("objective", &exact_t::objective),
                        field("lower_bound", &exact_t::lower_bound), field("proven_optimal", &exact_t::proven_optimal),
                        field("nodes", &exact_t::nodes));
    m.def(
        "solve_exact",
        [](const pl::planning_problem& p, long long node_limit) {
            const pl::branch_and_bound_options o{
                index_argument(node_limit, "offload::planning::solve_exact", "node_limit")};
            py::gil_scoped_release release;
            return pl::solve_exact(p, o);
        },
        py::arg("problem"), py::arg("node_limit") = 100'000'000,
        "The exact optimum of sum_i w_i (E_i - R_i) over every assignment and every processing order, by "
        "branch and bound; after node_limit nodes the best plan so far and the root lower bound.");
    m.def("independent_lower_bound", &pl::independent_lower_bound, py::arg("problem"),
          "The seed's eq. 6 bound: sum_i w_i min_j (D_ij + I_ij), every job alone on its best machine, s.");

    // ---- instances -----------------------------------------------------------------------------------------
    m.def("icu_ten_jobs", &pl::icu_ten_jobs,
          "Seed 001 Table VI: ten ICU inference jobs on one cloud server (0), one edge server (1) and one "
          "device each, in the seed's integer time units read as seconds.");
    m.def(
        "random_problem",
        [](long long n, long long servers, unsigned seed, bool integral, double release_spread) {
            constexpr const char* fn = "offload::planning::random_planning_problem";
            return pl::random_planning_problem(index_argument(n, fn, "n"), index_argument(servers, fn, "servers"), seed,
                                               integral, release_spread);
        },
        py::arg("n"), py::arg("servers"), py::arg("seed"), py::arg("integral") = true, py::arg("release_spread") = 3.0,
        "A reproducible random instance (the same as C++ random_planning_problem on every platform): releases "
        "over [0, release_spread n), weights in [1, 3), transmissions in [0, 20), processing in [1, 12), "
        "device times in [5, 60).");

    py::class_<pl::predicted_job>(m, "PredictedJob",
                                  "A job described by its workload (seed 001 Algorithm 1's comp and s) instead of "
                                  "its times; has_device = False when its end device cannot run it.")
        .def(py::init([](const offload::tier_workload& workload, double release_time, double weight, bool has_device) {
                 return pl::predicted_job{release_time, weight, workload, has_device};
             }),
             py::arg("workload"), py::arg("release_time") = 0.0, py::arg("weight") = 1.0, py::arg("has_device") = true)
        .def_readwrite("release_time", &pl::predicted_job::release_time, "R_i, s (finite).")
        .def_readwrite("weight", &pl::predicted_job::weight, "w_i > 0.")
        .def_readwrite("workload", &pl::predicted_job::workload, "The TierWorkload (model_flops, data_size).")
        .def_readwrite("has_device", &pl::predicted_job::has_device, "False: device_time = inf.");
    add_value_semantics(
        py::class_<pl::predicted_job>(m.attr("PredictedJob")), mutable_value,
        [](const offload::tier_workload& workload, double release_time, double weight, bool has_device) {
            return pl::predicted_job{release_time, weight, workload, has_device};
        },
        field("workload", &pl::predicted_job::workload), field("release_time", &pl::predicted_job::release_time),
        field("weight", &pl::predicted_job::weight), field("has_device", &pl::predicted_job::has_device));
    m.def(
        "problem_from_tier_estimates",
        [](const offload::tier_environment& env, const std::vector<pl::predicted_job>& jobs, long long cloud_servers,
           long long edge_servers) {
            constexpr const char* fn = "offload::planning::problem_from_tier_estimates";
            // checked under the Python names before the C++ struct (servers.cloud, servers.edge) is built
            const std::size_t cloud = index_argument(cloud_servers, fn, "cloud_servers");
            const std::size_t edge = index_argument(edge_servers, fn, "edge_servers");
            if (cloud > pl::planning_problem::max_servers)
                offload::detail::throw_parameter_error(fn, "cloud_servers", static_cast<double>(cloud),
                                                       "must be <= 1e6");
            if (edge > pl::planning_problem::max_servers - cloud)
                offload::detail::throw_parameter_error(fn, "edge_servers", static_cast<double>(edge),
                                                       "cloud_servers + edge_servers must be <= 1e6");
            if (cloud + edge == 0)
                for (std::size_t i = 0; i < jobs.size(); ++i)
                    if (!jobs[i].has_device)
                        offload::detail::throw_parameter_error(fn, "cloud_servers", 0.0,
                                                               "cloud_servers + edge_servers must be >= 1 while a job "
                                                               "has no device");
            return pl::problem_from_tier_estimates(env, jobs, {cloud, edge});
        },
        py::arg("environment"), py::arg("jobs"), py::arg("cloud_servers") = 1, py::arg("edge_servers") = 1,
        "A Problem whose times are Algorithm 1's load-free tier estimates (estimate_tier_times): servers "
        "0..cloud_servers-1 are cloud, then edge; device_time is the device's inference time. ValueError names "
        "jobs[i].field.");
}
