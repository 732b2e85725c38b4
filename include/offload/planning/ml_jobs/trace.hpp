// offload/planning/ml_jobs/trace.hpp — ML job traces as JSON, so users can replay their own cluster's jobs in
// the scheduler simulator (offload/planning/ml_jobs/cluster_scheduler.hpp). Opt-in (offload::json): it reads
// through the shared reader of every offload file format (offload/json/detail/reader.hpp).
//
// Trace (input), times in seconds, GPU counts integers, "speed" optional (default 1):
//   {"workers": [{"gpus": 8, "speed": 1.0}, ...],
//    "jobs": [{"arrival_time_s": 0.0, "gpus": 2, "duration_s": 3600.0}, ...]}
// Run (output): the trace's jobs with what happened to them
//   {"jobs": [{"arrival_time_s", "gpus", "duration_s", "first_start_s", "completion_s", "jct_s", "waiting_s",
//              "longest_wait_s", "preemptions", "spread"}, ...], "busy_gpu_seconds", "productive_gpu_seconds"}
// Errors, as in the other formats: every content error is an offload::parameter_error from
// "offload::planning::from_json(ml_cluster_problem)" whose parameter is the JSON pointer of the offending value
// ('/jobs/3/gpus': a missing field, a wrong type, a value out of range, a job wider than every worker — or than
// the pool with allow_spread — an unknown key); malformed text names the pointer where it breaks, the byte, line,
// column and the file. A file that cannot be read or written is a std::system_error naming the path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"
#include "offload/json/detail/reader.hpp"
#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/planning/ml_jobs/jobs.hpp"

namespace offload::planning {

/// The bounds a trace's values must meet (beyond ml_cluster_problem's own rules).
struct trace_limits {
    static constexpr long long max_gpus = 1000000;        ///< a worker's or a job's GPUs
    static constexpr std::size_t max_entries = 100000000; ///< workers or jobs
    static constexpr double max_time = 1e15;              ///< arrival times and durations, s
    static constexpr double max_speed = 1e9;
};

namespace detail {

inline constexpr const char* trace_fn = "offload::planning::from_json(ml_cluster_problem)";

/// Reads a parsed trace (see the top of this header).
[[nodiscard]] inline ml_cluster_problem ml_cluster_problem_from_value(const nlohmann::json& root, bool allow_spread) {
    using offload::detail::json_io::json_node;
    using offload::detail::json_io::json_object;
    json_object top(json_node(root, "", trace_fn), {"workers", "jobs"});
    const json_node ws = top.required("workers");
    const json_node js = top.required("jobs");
    std::vector<ml_worker> workers;
    long long total = 0, largest = 0;
    for (std::size_t k = 0, n = ws.array(1, trace_limits::max_entries, "must be a non-empty array"); k < n; ++k) {
        json_object o(ws.element(k), {"gpus", "speed"});
        ml_worker w;
        w.gpus = static_cast<int>(o.required("gpus").integer(1, trace_limits::max_gpus));
        if (const auto speed = o.optional("speed")) w.speed = speed->positive(0.0, trace_limits::max_speed);
        total += w.gpus;
        largest = std::max<long long>(largest, w.gpus);
        workers.push_back(w);
    }
    const long long widest = allow_spread ? total : largest;
    std::vector<ml_job> jobs;
    for (std::size_t i = 0, n = js.array(0, trace_limits::max_entries); i < n; ++i) {
        json_object o(js.element(i), {"arrival_time_s", "gpus", "duration_s"});
        ml_job j;
        j.arrival_time = o.required("arrival_time_s").non_negative(trace_limits::max_time);
        const json_node gpus = o.required("gpus");
        j.gpus = static_cast<int>(gpus.integer(1, trace_limits::max_gpus));
        if (j.gpus > widest)
            gpus.fail(allow_spread ? "must be <= the pool's total GPUs (" + std::to_string(widest) + ")"
                                   : "must be <= the GPUs of the largest worker (" + std::to_string(widest) +
                                         "; jobs are consolidated on one worker)");
        j.duration = o.required("duration_s").positive(0.0, trace_limits::max_time);
        jobs.push_back(j);
    }
    return ml_cluster_problem(std::move(workers), std::move(jobs), allow_spread);
}

} // namespace detail

/// A problem from trace text; allow_spread as in ml_cluster_problem.
[[nodiscard]] inline ml_cluster_problem ml_cluster_problem_from_json_text(std::string_view text,
                                                                          bool allow_spread = false) {
    return detail::ml_cluster_problem_from_value(offload::detail::parse_json_text(text, detail::trace_fn),
                                                 allow_spread);
}

/// The trace of a problem (round-trips through ml_cluster_problem_from_json_text)
/// parameter_error naming 'indent' outside [-1, max_json_indent]
[[nodiscard]] inline std::string to_json_text(const ml_cluster_problem& p, int indent = 2) {
    nlohmann::json root;
    root["workers"] = nlohmann::json::array();
    for (const ml_worker& w : p.workers()) root["workers"].push_back({{"gpus", w.gpus}, {"speed", w.speed}});
    root["jobs"] = nlohmann::json::array();
    for (const ml_job& j : p.jobs())
        root["jobs"].push_back({{"arrival_time_s", j.arrival_time}, {"gpus", j.gpus}, {"duration_s", j.duration}});
    return offload::detail::dump_json(root, indent, "offload::planning::to_json_text(ml_cluster_problem)");
}

/// What happened to each job of `p` in `run` (simulate_cluster(p, ...))
[[nodiscard]] inline std::string to_json_text(const ml_cluster_problem& p, const cluster_run& run, int indent = 2) {
    if (run.jobs.size() != p.jobs().size())
        offload::detail::throw_parameter_error("offload::planning::to_json_text", "run.jobs.size",
                                               static_cast<double>(run.jobs.size()), "must equal the problem's jobs");
    nlohmann::json root;
    root["jobs"] = nlohmann::json::array();
    for (std::size_t i = 0; i < run.jobs.size(); ++i) {
        const ml_job& j = p.jobs()[i];
        const ml_job_outcome& o = run.jobs[i];
        root["jobs"].push_back({{"arrival_time_s", j.arrival_time},
                                {"gpus", j.gpus},
                                {"duration_s", j.duration},
                                {"first_start_s", o.first_start},
                                {"completion_s", o.completion},
                                {"jct_s", o.completion - j.arrival_time},
                                {"waiting_s", o.waiting},
                                {"longest_wait_s", o.longest_wait},
                                {"preemptions", o.preemptions},
                                {"spread", o.spread}});
    }
    root["busy_gpu_seconds"] = run.busy_gpu_seconds;
    root["productive_gpu_seconds"] = run.productive_gpu_seconds;
    return offload::detail::dump_json(root, indent, "offload::planning::to_json_text(cluster_run)");
}

/// Reads a trace file (std::system_error naming the path if it cannot be read; malformed text names the pointer,
/// line, column and the file)
[[nodiscard]] inline ml_cluster_problem read_ml_cluster_problem(const std::string& path, bool allow_spread = false) {
    const std::string text = offload::detail::read_text_file(path, "offload::planning::read_ml_cluster_problem");
    return detail::ml_cluster_problem_from_value(offload::detail::parse_json_text(text, detail::trace_fn, path),
                                                 allow_spread);
}

/// Writes a trace file (std::system_error if it cannot be written)
inline void write_ml_cluster_problem(const std::string& path, const ml_cluster_problem& p) {
    offload::detail::write_text_file(path, to_json_text(p) + "\n", "offload::planning::write_ml_cluster_problem");
}

} // namespace offload::planning
