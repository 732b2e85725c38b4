// Python bindings of the ML-jobs planner (offload/planning/ml_jobs/, seed 000 §III-B, §IV-B) in the submodule
// `offload.planning`, next to the multi-job planner: on-premises GPU workers and gang-scheduled jobs, the
// scheduler simulator (FIFO, backfilling, SRSF, LAS, 2D-LAS, ST-LAS), its metrics and replications, job traces as
// JSON, and the serving-cost model of Table 1. The simulations run with the GIL released.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "enum_check.hpp"
#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/planning/ml_jobs/jobs.hpp"
#include "offload/planning/ml_jobs/serving_cost.hpp"
#include "offload/planning/ml_jobs/trace.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
namespace pl = offload::planning;
using offload::python::add_value_semantics;
using offload::python::by_members;
using offload::python::field;
using offload::python::frozen;
using offload::python::mutable_value;

namespace {

/// A count from Python: a negative int is a parameter error naming it (not a TypeError).
std::size_t count_argument(long long n, const char* function, const char* parameter) {
    if (n < 0) offload::detail::throw_parameter_error(function, parameter, static_cast<double>(n), "must be >= 0");
    return static_cast<std::size_t>(n);
}

} // namespace

void bind_ml_jobs(py::module_& parent) {
    py::module_ m = parent.attr("planning").cast<py::module_>();

    // ---- workers, jobs, the problem -------------------------------------------------------------------------
    py::class_<pl::ml_worker> worker_cls(m, "MLWorker",
                                         "An on-premises ML worker: gpus GPUs (>= 1) at speed (> 0, 1 = reference).");
    worker_cls
        .def(py::init([](int gpus, double speed) {
                 return pl::ml_worker{gpus, speed};
             }),
             py::arg("gpus") = 1, py::arg("speed") = 1.0)
        .def_readwrite("gpus", &pl::ml_worker::gpus, "GPUs of the worker (>= 1).")
        .def_readwrite("speed", &pl::ml_worker::speed, "Work rate, 1 = the reference GPU (> 0).");
    add_value_semantics(worker_cls, mutable_value, offload::python::construct<pl::ml_worker>,
                        field("gpus", &pl::ml_worker::gpus), field("speed", &pl::ml_worker::speed));

    py::class_<pl::ml_job> job_cls(
        m, "MLJob",
        "An ML job: arrival_time (s), gpus needed at once (gang), duration (s of work on "
        "speed-1 GPUs; only the SRSF oracle reads it). Validated when an MLClusterProblem is built.");
    job_cls
        .def(py::init([](double arrival_time, int gpus, double duration) {
                 return pl::ml_job{arrival_time, gpus, duration};
             }),
             py::arg("arrival_time") = 0.0, py::arg("gpus") = 1, py::arg("duration") = 1.0)
        .def_readwrite("arrival_time", &pl::ml_job::arrival_time, "Submission time, s (>= 0).")
        .def_readwrite("gpus", &pl::ml_job::gpus, "GPUs needed at once (gang scheduling).")
        .def_readwrite("duration", &pl::ml_job::duration, "Seconds of work on speed-1 GPUs (> 0).");
    add_value_semantics(job_cls, mutable_value, offload::python::construct<pl::ml_job>,
                        field("arrival_time", &pl::ml_job::arrival_time), field("gpus", &pl::ml_job::gpus),
                        field("duration", &pl::ml_job::duration));

    py::class_<pl::ml_cluster_problem>(m, "MLClusterProblem",
                                       "Validated workers and jobs. ValueError names jobs[i].gpus for a job wider "
                                       "than every worker (than the pool with allow_spread), jobs[i].duration, "
                                       "jobs[i].arrival_time, workers[k].gpus, workers[k].speed.")
        .def(py::init<std::vector<pl::ml_worker>, std::vector<pl::ml_job>, bool>(), py::arg("workers"), py::arg("jobs"),
             py::arg("allow_spread") = false)
        .def_property_readonly("workers", &pl::ml_cluster_problem::workers, "The workers (a copy).")
        .def_property_readonly("jobs", &pl::ml_cluster_problem::jobs, "The jobs (a copy).")
        .def_property_readonly("total_gpus", &pl::ml_cluster_problem::total_gpus, "GPUs of the whole pool.")
        .def_property_readonly("largest_worker_gpus", &pl::ml_cluster_problem::largest_worker_gpus,
                               "GPUs of the largest worker.");
    add_value_semantics(
        py::class_<pl::ml_cluster_problem>(m.attr("MLClusterProblem")), frozen,
        // allow_spread is not stored: rebuilding with it accepts every problem that was valid either way
        [](std::vector<pl::ml_worker> workers, std::vector<pl::ml_job> jobs) {
            return pl::ml_cluster_problem(std::move(workers), std::move(jobs), true);
        },
        field("workers", &pl::ml_cluster_problem::workers), field("jobs", &pl::ml_cluster_problem::jobs));

    // ---- durations and workloads ----------------------------------------------------------------------------
    // DurationDistribution(kind, mean, shape): the factory of `kind`; shape is the scv (exponential: 1,
    // deterministic: 0, lognormal: as given) or Pareto's alpha, and must match what the factory stores
    using family = pl::duration_distribution::family;
    const auto make_duration = [](family kind, double mean, std::optional<double> shape) {
        constexpr const char* fn = "offload::planning::duration_distribution";
        const auto need = [&] {
            if (!shape) offload::detail::throw_parameter_error(fn, "shape", std::string("None"), "must be given");
            return *shape;
        };
        pl::duration_distribution d = pl::duration_distribution::exponential(1.0);
        switch (kind) {
        case family::exponential:
            d = pl::duration_distribution::exponential(mean);
            break;
        case family::deterministic:
            d = pl::duration_distribution::deterministic(mean);
            break;
        case family::lognormal:
            d = pl::duration_distribution::lognormal(mean, need());
            break;
        case family::pareto:
            d = pl::duration_distribution::pareto(mean, need());
            break;
        default:
            offload::detail::throw_parameter_error(fn, "kind", static_cast<double>(kind), "is not a DurationFamily");
        }
        if (shape && *shape != d.shape())
            offload::detail::throw_parameter_error(fn, "shape", *shape, "does not match the family's scv");
        return d;
    };
    py::class_<pl::duration_distribution> dd(m, "DurationDistribution",
                                             "Job durations (s): exponential, deterministic, lognormal(mean, scv) "
                                             "or pareto(mean, alpha > 1).");
    py::enum_<pl::duration_distribution::family>(m, "DurationFamily", "The family of a DurationDistribution.")
        .value("exponential", pl::duration_distribution::family::exponential)
        .value("deterministic", pl::duration_distribution::family::deterministic)
        .value("lognormal", pl::duration_distribution::family::lognormal)
        .value("pareto", pl::duration_distribution::family::pareto);
    dd.def(py::init(make_duration), py::arg("kind"), py::arg("mean"), py::arg("shape") = py::none(),
           "The factory of `kind` (repr() prints this call): shape is the scv of a lognormal or Pareto's alpha "
           "(exponential: 1, deterministic: 0; given, it must match).")
        .def_static("exponential", &pl::duration_distribution::exponential, py::arg("mean"), "Exponential, mean s.")
        .def_static("deterministic", &pl::duration_distribution::deterministic, py::arg("value"), "Always value s.")
        .def_static("lognormal", &pl::duration_distribution::lognormal, py::arg("mean"), py::arg("scv"),
                    "Lognormal with the mean (s) and squared coefficient of variation scv > 0.")
        .def_static("pareto", &pl::duration_distribution::pareto, py::arg("mean"), py::arg("alpha"),
                    "Pareto type I with the mean (s) and tail index alpha > 1 (infinite variance for alpha <= 2).")
        .def_property_readonly("kind", &pl::duration_distribution::kind,
                               "DurationFamily: exponential, deterministic, lognormal or pareto.")
        .def_property_readonly("mean", &pl::duration_distribution::mean_value, "Mean duration, s.")
        .def_property_readonly("shape", &pl::duration_distribution::shape, "scv (alpha for Pareto).")
        .def_property_readonly(
            "variance", [](const pl::duration_distribution& d) { return pl::variance(d); },
            "Variance, s^2 (inf for Pareto alpha <= 2).")
        .def(
            "cdf", [](const pl::duration_distribution& d, double t) { return pl::cdf(d, t); }, py::arg("t"),
            "P(duration <= t).")
        .def(
            "quantile", [](const pl::duration_distribution& d, double p) { return pl::quantile(d, p); }, py::arg("p"),
            "The p-quantile, s (p in [0, 1)).");
    add_value_semantics(dd, frozen, make_duration, field("kind", &pl::duration_distribution::kind),
                        field("mean", &pl::duration_distribution::mean_value),
                        field("shape", &pl::duration_distribution::shape));

    py::class_<pl::gpu_demand_share>(m, "GpuDemandShare", "A job class: gpus and its share of the arrivals.")
        .def(py::init([](int gpus, double probability) {
                 return pl::gpu_demand_share{gpus, probability};
             }),
             py::arg("gpus") = 1, py::arg("probability") = 1.0)
        .def_readwrite("gpus", &pl::gpu_demand_share::gpus, "GPUs of this job class (>= 1).")
        .def_readwrite("probability", &pl::gpu_demand_share::probability,
                       "Share of the arrivals (> 0; normalised over the mix).");
    add_value_semantics(py::class_<pl::gpu_demand_share>(m.attr("GpuDemandShare")), mutable_value,
                        offload::python::construct<pl::gpu_demand_share>, field("gpus", &pl::gpu_demand_share::gpus),
                        field("probability", &pl::gpu_demand_share::probability));

    py::class_<pl::ml_workload>(m, "MLWorkload",
                                "Poisson arrivals (arrival_rate, 1/s); each job draws its GPUs from gpu_mix and its "
                                "duration from duration.")
        .def(py::init([](double arrival_rate, pl::duration_distribution duration,
                         std::vector<pl::gpu_demand_share> gpu_mix) {
                 return pl::ml_workload{arrival_rate, duration, std::move(gpu_mix)};
             }),
             py::arg("arrival_rate") = 1.0, py::arg("duration") = pl::duration_distribution::exponential(1.0),
             py::arg("gpu_mix") = std::vector<pl::gpu_demand_share>{{1, 1.0}})
        .def_readwrite("arrival_rate", &pl::ml_workload::arrival_rate, "Poisson arrival rate, jobs/s (> 0).")
        .def_readwrite("duration", &pl::ml_workload::duration, "DurationDistribution of the jobs' durations.")
        .def_readwrite("gpu_mix", &pl::ml_workload::gpu_mix,
                       "The GpuDemandShare classes (a copy: assign a new list to change it).")
        .def_property_readonly(
            "mean_gpus", [](const pl::ml_workload& w) { return pl::mean_gpus(w); }, "Mean GPU demand E[g] of the mix.")
        .def(
            "offered_gpu_load",
            [](const pl::ml_workload& w, int total_gpus) { return pl::offered_gpu_load(w, total_gpus); },
            py::arg("total_gpus"), "lambda E[g] E[d] / total_gpus (overloaded at >= 1).");
    add_value_semantics(py::class_<pl::ml_workload>(m.attr("MLWorkload")), mutable_value,
                        offload::python::construct<pl::ml_workload>,
                        field("arrival_rate", &pl::ml_workload::arrival_rate),
                        field("duration", &pl::ml_workload::duration), field("gpu_mix", &pl::ml_workload::gpu_mix));

    m.def(
        "generate_jobs",
        [](const pl::ml_workload& w, long long n, std::uint64_t seed) {
            return pl::generate_jobs(w, count_argument(n, "offload::planning::generate_jobs", "n"), seed);
        },
        py::arg("workload"), py::arg("n"), py::arg("seed") = 1, "n jobs of the workload (same seed, same jobs).");

    // ---- the scheduler --------------------------------------------------------------------------------------
    py::enum_<pl::scheduling_policy>(m, "SchedulingPolicy", "The ML server's scheduling policy.")
        .value("fifo", pl::scheduling_policy::fifo)
        .value("fifo_backfill", pl::scheduling_policy::fifo_backfill)
        .value("srsf", pl::scheduling_policy::srsf)
        .value("las", pl::scheduling_policy::las)
        .value("las_2d", pl::scheduling_policy::las_2d)
        .value("st_las", pl::scheduling_policy::st_las);
    py::enum_<pl::placement_rule>(m, "PlacementRule", "Consolidate a job on one worker, or allow spreading.")
        .value("consolidate", pl::placement_rule::consolidate)
        .value("consolidate_then_spread", pl::placement_rule::consolidate_then_spread);

    py::class_<pl::scheduler_options>(m, "SchedulerOptions",
                                      "Policy, placement, spread slowdown (>= 1), restore time per resumption (s), "
                                      "LAS quantum (s or GPU-s), ST-LAS demotion threshold (GPU-s) and starvation "
                                      "wait (s, inf: never); validated by simulate_cluster.")
        .def(py::init([](pl::scheduling_policy policy, pl::placement_rule placement, double spread_slowdown,
                         double restore_time, double las_quantum, double demotion_threshold, double starvation_wait,
                         bool record_intervals) {
                 constexpr const char* fn = "offload::planning::scheduler_options";
                 return pl::scheduler_options{offload::python::checked_enumerator(policy, fn, "policy"),
                                              offload::python::checked_enumerator(placement, fn, "placement"),
                                              spread_slowdown,
                                              restore_time,
                                              las_quantum,
                                              demotion_threshold,
                                              starvation_wait,
                                              record_intervals};
             }),
             py::arg("policy") = pl::scheduling_policy::st_las, py::arg("placement") = pl::placement_rule::consolidate,
             py::arg("spread_slowdown") = 1.0, py::arg("restore_time") = 0.0, py::arg("las_quantum") = 1.0,
             py::arg("demotion_threshold") = 3600.0, py::arg("starvation_wait") = offload::infinity,
             py::arg("record_intervals") = false)
        .def_property("policy", offload::python::enum_getter(&pl::scheduler_options::policy),
                      offload::python::enum_setter(&pl::scheduler_options::policy,
                                                   "offload::planning::scheduler_options", "policy"),
                      "SchedulingPolicy.")
        .def_property("placement", offload::python::enum_getter(&pl::scheduler_options::placement),
                      offload::python::enum_setter(&pl::scheduler_options::placement,
                                                   "offload::planning::scheduler_options", "placement"),
                      "PlacementRule.")
        .def_readwrite("spread_slowdown", &pl::scheduler_options::spread_slowdown,
                       "A spread job's work rate is divided by this (>= 1).")
        .def_readwrite("restore_time", &pl::scheduler_options::restore_time,
                       "Seconds a resumed job holds its GPUs without progress (>= 0).")
        .def_readwrite("las_quantum", &pl::scheduler_options::las_quantum,
                       "LAS / 2D-LAS: lead (s or GPU-s) a running job may take over a waiting one (> 0).")
        .def_readwrite("demotion_threshold", &pl::scheduler_options::demotion_threshold,
                       "ST-LAS: GPU-s of service in Q1 before demotion to Q2 (> 0).")
        .def_readwrite("starvation_wait", &pl::scheduler_options::starvation_wait,
                       "ST-LAS: a Q2 job waiting this long (s) is promoted to Q1 (inf: never).")
        .def_readwrite("record_intervals", &pl::scheduler_options::record_intervals,
                       "Keep every run interval in ClusterRun.intervals.");
    using sched_t = pl::scheduler_options;
    add_value_semantics(
        py::class_<sched_t>(m.attr("SchedulerOptions")), mutable_value, offload::python::construct<sched_t>,
        field("policy", &sched_t::policy), field("placement", &sched_t::placement),
        field("spread_slowdown", &sched_t::spread_slowdown), field("restore_time", &sched_t::restore_time),
        field("las_quantum", &sched_t::las_quantum), field("demotion_threshold", &sched_t::demotion_threshold),
        field("starvation_wait", &sched_t::starvation_wait), field("record_intervals", &sched_t::record_intervals));

    py::class_<pl::ml_job_outcome>(m, "MLJobOutcome", "What happened to one job (s).")
        .def_readonly("first_start", &pl::ml_job_outcome::first_start, "When the job first got its GPUs, s.")
        .def_readonly("completion", &pl::ml_job_outcome::completion, "When it finished, s.")
        .def_readonly("waiting", &pl::ml_job_outcome::waiting, "All time without GPUs.")
        .def_readonly("longest_wait", &pl::ml_job_outcome::longest_wait, "Longest single stretch without GPUs, s.")
        .def_readonly("preemptions", &pl::ml_job_outcome::preemptions, "Times it lost its GPUs.")
        .def_readonly("spread", &pl::ml_job_outcome::spread, "Ran on several workers at least once.");
    add_value_semantics(
        py::class_<pl::ml_job_outcome>(m.attr("MLJobOutcome")), frozen, by_members,
        field("first_start", &pl::ml_job_outcome::first_start), field("completion", &pl::ml_job_outcome::completion),
        field("waiting", &pl::ml_job_outcome::waiting), field("longest_wait", &pl::ml_job_outcome::longest_wait),
        field("preemptions", &pl::ml_job_outcome::preemptions), field("spread", &pl::ml_job_outcome::spread));
    py::class_<pl::ml_run_interval>(m, "MLRunInterval", "Job `job` held its GPUs over [start, end) on `worker`.")
        .def_readonly("job", &pl::ml_run_interval::job, "Index of the job in the problem.")
        .def_readonly("worker", &pl::ml_run_interval::worker, "Its (first) worker.")
        .def_readonly("start", &pl::ml_run_interval::start, "Start of the interval, s.")
        .def_readonly("end", &pl::ml_run_interval::end, "End of the interval, s.");
    add_value_semantics(py::class_<pl::ml_run_interval>(m.attr("MLRunInterval")), frozen, by_members,
                        field("job", &pl::ml_run_interval::job), field("worker", &pl::ml_run_interval::worker),
                        field("start", &pl::ml_run_interval::start), field("end", &pl::ml_run_interval::end));
    py::class_<pl::cluster_run>(m, "ClusterRun", "A simulation's record: per-job outcomes (problem order), intervals.")
        .def_readonly("jobs", &pl::cluster_run::jobs, "MLJobOutcome per job, in the problem's order.")
        .def_readonly("intervals", &pl::cluster_run::intervals,
                      "MLRunInterval list (only with record_intervals), in order of their end.")
        .def_readonly("busy_gpu_seconds", &pl::cluster_run::busy_gpu_seconds,
                      "GPU-seconds held by jobs (restores included).")
        .def_readonly("productive_gpu_seconds", &pl::cluster_run::productive_gpu_seconds, "GPU-seconds of progress.")
        .def_readonly("first_arrival", &pl::cluster_run::first_arrival, "First arrival time, s.")
        .def_readonly("last_completion", &pl::cluster_run::last_completion, "Last completion time, s.")
        .def_readonly("events", &pl::cluster_run::events, "Scheduling decisions taken.");
    add_value_semantics(
        py::class_<pl::cluster_run>(m.attr("ClusterRun")), frozen, by_members, field("jobs", &pl::cluster_run::jobs),
        field("intervals", &pl::cluster_run::intervals), field("busy_gpu_seconds", &pl::cluster_run::busy_gpu_seconds),
        field("productive_gpu_seconds", &pl::cluster_run::productive_gpu_seconds),
        field("first_arrival", &pl::cluster_run::first_arrival),
        field("last_completion", &pl::cluster_run::last_completion), field("events", &pl::cluster_run::events));

    m.def(
        "simulate_cluster",
        [](const pl::ml_cluster_problem& p, const pl::scheduler_options& o) {
            py::gil_scoped_release release;
            return pl::simulate_cluster(p, o);
        },
        py::arg("problem"), py::arg("options") = pl::scheduler_options{},
        "Runs every job to completion under the options (deterministic).");

    py::class_<pl::cluster_metrics>(m, "ClusterMetrics", "Metrics over a window of jobs (s; utilisation in [0, 1]).")
        .def_readonly("mean_jct", &pl::cluster_metrics::mean_jct, "Mean job completion time (completion - arrival), s.")
        .def_readonly("median_jct", &pl::cluster_metrics::median_jct, "Median JCT, s.")
        .def_readonly("p95_jct", &pl::cluster_metrics::p95_jct, "95th percentile of the JCT, s.")
        .def_readonly("mean_queueing_delay", &pl::cluster_metrics::mean_queueing_delay, "Mean time without GPUs, s.")
        .def_readonly("mean_first_start_delay", &pl::cluster_metrics::mean_first_start_delay,
                      "Mean delay to the first start, s.")
        .def_readonly("preemptions_per_job", &pl::cluster_metrics::preemptions_per_job, "Mean preemptions per job.")
        .def_readonly("longest_wait", &pl::cluster_metrics::longest_wait,
                      "Longest single wait of any job (starvation), s.")
        .def_readonly("gpu_utilization", &pl::cluster_metrics::gpu_utilization,
                      "Productive GPU-seconds / (all GPUs x the run's span).")
        .def_readonly("jobs", &pl::cluster_metrics::jobs, "Jobs in the window.");
    add_value_semantics(
        py::class_<pl::cluster_metrics>(m.attr("ClusterMetrics")), frozen, by_members,
        field("mean_jct", &pl::cluster_metrics::mean_jct), field("median_jct", &pl::cluster_metrics::median_jct),
        field("p95_jct", &pl::cluster_metrics::p95_jct),
        field("mean_queueing_delay", &pl::cluster_metrics::mean_queueing_delay),
        field("mean_first_start_delay", &pl::cluster_metrics::mean_first_start_delay),
        field("preemptions_per_job", &pl::cluster_metrics::preemptions_per_job),
        field("longest_wait", &pl::cluster_metrics::longest_wait),
        field("gpu_utilization", &pl::cluster_metrics::gpu_utilization), field("jobs", &pl::cluster_metrics::jobs));
    m.def(
        "summarize",
        [](const pl::ml_cluster_problem& p, const pl::cluster_run& run, long long first, long long last) {
            constexpr const char* fn = "offload::planning::summarize";
            if (run.jobs.size() != p.jobs().size())
                offload::detail::throw_parameter_error(fn, "run.jobs.size", static_cast<double>(run.jobs.size()),
                                                       "must equal the problem's jobs");
            return pl::summarize(p, run, count_argument(first, fn, "first"),
                                 last < 0 ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(last));
        },
        py::arg("problem"), py::arg("run"), py::arg("first") = 0, py::arg("last") = -1,
        "Metrics of the jobs ranked [first, last) by arrival (last = -1: to the end).");

    py::class_<pl::metric_estimate>(m, "MetricEstimate", "Mean over replications and its Student-t half-width.")
        .def_readonly("value", &pl::metric_estimate::value, "Mean over the replications.")
        .def_readonly("half_width", &pl::metric_estimate::half_width, "Half-width of the Student-t interval.");
    add_value_semantics(py::class_<pl::metric_estimate>(m.attr("MetricEstimate")), frozen, by_members,
                        field("value", &pl::metric_estimate::value),
                        field("half_width", &pl::metric_estimate::half_width));
    py::class_<pl::cluster_estimates>(m, "ClusterEstimates", "Replication estimates of the cluster metrics.")
        .def_readonly("mean_jct", &pl::cluster_estimates::mean_jct, "MetricEstimate of the mean JCT, s.")
        .def_readonly("median_jct", &pl::cluster_estimates::median_jct, "MetricEstimate of the median JCT, s.")
        .def_readonly("p95_jct", &pl::cluster_estimates::p95_jct, "MetricEstimate of the p95 JCT, s.")
        .def_readonly("mean_queueing_delay", &pl::cluster_estimates::mean_queueing_delay,
                      "MetricEstimate of the mean queueing delay, s.")
        .def_readonly("preemptions_per_job", &pl::cluster_estimates::preemptions_per_job,
                      "MetricEstimate of preemptions per job.")
        .def_readonly("longest_wait", &pl::cluster_estimates::longest_wait, "MetricEstimate of the longest wait, s.")
        .def_readonly("gpu_utilization", &pl::cluster_estimates::gpu_utilization,
                      "MetricEstimate of the GPU utilisation.")
        .def_readonly("replications", &pl::cluster_estimates::replications, "Number of replications.");
    using estimates_t = pl::cluster_estimates;
    add_value_semantics(
        py::class_<estimates_t>(m.attr("ClusterEstimates")), frozen, by_members,
        field("mean_jct", &estimates_t::mean_jct), field("median_jct", &estimates_t::median_jct),
        field("p95_jct", &estimates_t::p95_jct), field("mean_queueing_delay", &estimates_t::mean_queueing_delay),
        field("preemptions_per_job", &estimates_t::preemptions_per_job),
        field("longest_wait", &estimates_t::longest_wait), field("gpu_utilization", &estimates_t::gpu_utilization),
        field("replications", &estimates_t::replications));
    py::class_<pl::replication_options>(m, "ReplicationOptions",
                                        "jobs per replication, warm-up and cool-down jobs left out, replications "
                                        "(>= 2), confidence in (0, 1), seed (replication r uses seed + r).")
        .def(py::init([](long long jobs, long long warmup_jobs, long long cooldown_jobs, long long replications,
                         double confidence, std::uint64_t seed) {
                 constexpr const char* fn = "offload::planning::replication_options";
                 return pl::replication_options{count_argument(jobs, fn, "jobs"),
                                                count_argument(warmup_jobs, fn, "warmup_jobs"),
                                                count_argument(cooldown_jobs, fn, "cooldown_jobs"),
                                                count_argument(replications, fn, "replications"),
                                                confidence,
                                                seed};
             }),
             py::arg("jobs") = 10000, py::arg("warmup_jobs") = 0, py::arg("cooldown_jobs") = 0,
             py::arg("replications") = 10, py::arg("confidence") = 0.95, py::arg("seed") = 1)
        .def_readonly("jobs", &pl::replication_options::jobs, "Jobs generated per replication.")
        .def_readonly("warmup_jobs", &pl::replication_options::warmup_jobs, "First jobs left out of the metrics.")
        .def_readonly("cooldown_jobs", &pl::replication_options::cooldown_jobs, "Last jobs left out.")
        .def_readonly("replications", &pl::replication_options::replications, "Independent replications (>= 2).")
        .def_readonly("confidence", &pl::replication_options::confidence, "Confidence of the intervals, in (0, 1).")
        .def_readonly("seed", &pl::replication_options::seed, "Replication r uses job stream seed + r.");
    using replication_t = pl::replication_options;
    add_value_semantics(
        py::class_<replication_t>(m.attr("ReplicationOptions")), frozen, offload::python::construct<replication_t>,
        field("jobs", &replication_t::jobs), field("warmup_jobs", &replication_t::warmup_jobs),
        field("cooldown_jobs", &replication_t::cooldown_jobs), field("replications", &replication_t::replications),
        field("confidence", &replication_t::confidence), field("seed", &replication_t::seed));
    m.def(
        "replicate_cluster",
        [](const std::vector<pl::ml_worker>& workers, const pl::ml_workload& w, const pl::scheduler_options& o,
           const pl::replication_options& r) {
            py::gil_scoped_release release;
            return pl::replicate_cluster(workers, w, o, r);
        },
        py::arg("workers"), py::arg("workload"), py::arg("options") = pl::scheduler_options{},
        py::arg("replications") = pl::replication_options{},
        "Independent replications of the workload on the workers; Student-t intervals.");

    // ---- traces ---------------------------------------------------------------------------------------------
    m.def("ml_cluster_problem_from_json_text", &pl::ml_cluster_problem_from_json_text, py::arg("text"),
          py::arg("allow_spread") = false,
          "A problem from trace text; ValueError names the JSON pointer (/jobs/3/gpus), line and column.");
    m.def("read_ml_cluster_problem", &pl::read_ml_cluster_problem, py::arg("path"), py::arg("allow_spread") = false,
          "Reads a trace file (OSError if it cannot be read).");
    m.def("write_ml_cluster_problem", &pl::write_ml_cluster_problem, py::arg("path"), py::arg("problem"),
          "Writes a trace file (OSError if it cannot be written).");
    m.def(
        "to_json_text",
        [](const pl::ml_cluster_problem& p, const pl::cluster_run* run, int indent) {
            return run != nullptr ? pl::to_json_text(p, *run, indent) : pl::to_json_text(p, indent);
        },
        py::arg("problem"), py::arg("run") = nullptr, py::arg("indent") = 2,
        "The problem's trace, or with run what happened to each job.");

    // ---- serving cost (Table 1) -----------------------------------------------------------------------------
    m.attr("SECONDS_PER_HOUR") = pl::seconds_per_hour;
    m.attr("SECONDS_PER_31_DAY_MONTH") = pl::seconds_per_31_day_month;
    m.attr("SECONDS_PER_AVERAGE_MONTH") = pl::seconds_per_average_month;
    py::class_<pl::cloud_instance> cloud_instance_cls(m, "CloudInstance",
                                                      "A cloud instance at price_per_hour sustaining throughput/s.");
    cloud_instance_cls
        .def(py::init([](double price_per_hour, double throughput) {
                 return pl::cloud_instance{price_per_hour, throughput};
             }),
             py::arg("price_per_hour"), py::arg("throughput") = 1.0)
        .def_readwrite("price_per_hour", &pl::cloud_instance::price_per_hour, "Money per hour (>= 0).")
        .def_readwrite("throughput", &pl::cloud_instance::throughput, "Inferences/s one instance sustains (> 0).");
    add_value_semantics(cloud_instance_cls, mutable_value, offload::python::construct<pl::cloud_instance>,
                        field("price_per_hour", &pl::cloud_instance::price_per_hour),
                        field("throughput", &pl::cloud_instance::throughput));
    py::class_<pl::cloud_image_api> image_api_cls(m, "CloudImageAPI", "A cloud API billed per 1,000 images.");
    image_api_cls
        .def(py::init([](double price) { return pl::cloud_image_api{price}; }), py::arg("price_per_1000_images"))
        .def_readwrite("price_per_1000_images", &pl::cloud_image_api::price_per_1000_images,
                       "Money per 1,000 images (>= 0).");
    add_value_semantics(image_api_cls, mutable_value, offload::python::construct<pl::cloud_image_api>,
                        field("price_per_1000_images", &pl::cloud_image_api::price_per_1000_images));
    py::class_<pl::cloud_video_api> video_api_cls(m, "CloudVideoAPI", "A cloud video API billed per minute of stream.");
    video_api_cls.def(py::init([](double price) { return pl::cloud_video_api{price}; }), py::arg("price_per_minute"))
        .def_readwrite("price_per_minute", &pl::cloud_video_api::price_per_minute,
                       "Money per minute of stream (>= 0).");
    add_value_semantics(video_api_cls, mutable_value, offload::python::construct<pl::cloud_video_api>,
                        field("price_per_minute", &pl::cloud_video_api::price_per_minute));
    py::class_<pl::on_premises_workstation> workstation_cls(
        m, "OnPremisesWorkstation",
        "A workstation bought once (purchase_price, written off over "
        "amortisation_period s), drawing power_watts at electricity_price_per_kwh.");
    workstation_cls
        .def(py::init([](double purchase_price, double amortisation_period, double power_watts,
                         double electricity_price_per_kwh, double throughput) {
                 return pl::on_premises_workstation{purchase_price, amortisation_period, power_watts,
                                                    electricity_price_per_kwh, throughput};
             }),
             py::arg("purchase_price") = 0.0, py::arg("amortisation_period") = 3.0 * 365.0 * 86400.0,
             py::arg("power_watts") = 0.0, py::arg("electricity_price_per_kwh") = 0.0,
             py::arg("throughput") = offload::infinity)
        .def_readwrite("purchase_price", &pl::on_premises_workstation::purchase_price, "Money, once (>= 0).")
        .def_readwrite("amortisation_period", &pl::on_premises_workstation::amortisation_period,
                       "Seconds the purchase is written off over (> 0).")
        .def_readwrite("power_watts", &pl::on_premises_workstation::power_watts,
                       "Average draw while serving, W (>= 0).")
        .def_readwrite("electricity_price_per_kwh", &pl::on_premises_workstation::electricity_price_per_kwh,
                       "Money per kWh (>= 0).")
        .def_readwrite("throughput", &pl::on_premises_workstation::throughput,
                       "Inferences/s one machine sustains (inf: any stream).");
    add_value_semantics(workstation_cls, mutable_value, offload::python::construct<pl::on_premises_workstation>,
                        field("purchase_price", &pl::on_premises_workstation::purchase_price),
                        field("amortisation_period", &pl::on_premises_workstation::amortisation_period),
                        field("power_watts", &pl::on_premises_workstation::power_watts),
                        field("electricity_price_per_kwh", &pl::on_premises_workstation::electricity_price_per_kwh),
                        field("throughput", &pl::on_premises_workstation::throughput));

    m.def("cost_per_1000_inferences", py::overload_cast<const pl::cloud_instance&>(&pl::cost_per_1000_inferences),
          py::arg("option"), "Cost of 1,000 inferences on a fully loaded instance, or through an image API.");
    m.def("cost_per_1000_inferences", py::overload_cast<const pl::cloud_image_api&>(&pl::cost_per_1000_inferences),
          py::arg("option"), "The API's price per 1,000 images.");
    m.def("stream_cost", py::overload_cast<const pl::cloud_instance&, double, double>(&pl::stream_cost),
          py::arg("option"), py::arg("frames_per_second"), py::arg("period"),
          "Cost of a stream of frames_per_second over period seconds.");
    m.def("stream_cost", py::overload_cast<const pl::cloud_image_api&, double, double>(&pl::stream_cost),
          py::arg("option"), py::arg("frames_per_second"), py::arg("period"),
          "Cost of the stream over period seconds.");
    m.def("stream_cost", py::overload_cast<const pl::cloud_video_api&, double, double>(&pl::stream_cost),
          py::arg("option"), py::arg("frames_per_second"), py::arg("period"),
          "Cost of the stream over period seconds.");
    m.def("stream_cost", py::overload_cast<const pl::on_premises_workstation&, double, double>(&pl::stream_cost),
          py::arg("option"), py::arg("frames_per_second"), py::arg("period"),
          "Cost of the stream over period seconds.");
    m.def("running_cost", &pl::running_cost, py::arg("workstation"), py::arg("frames_per_second"), py::arg("period"),
          "The electricity part of an on-premises stream.");
    m.def("break_even_months", &pl::break_even_months, py::arg("workstation"), py::arg("rent_per_month"),
          py::arg("frames_per_second"), py::arg("month") = pl::seconds_per_31_day_month,
          "Months after which buying has cost less than renting (inf: never).");
}
