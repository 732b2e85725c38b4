// offload/planning/ml_jobs/trace.hpp — ML job traces as JSON, so users can replay their own cluster's jobs in
// the scheduler simulator (offload/planning/ml_jobs/cluster_scheduler.hpp). Opt-in: it includes nlohmann/json (about 2 s
// of parse time per translation unit). A plain reader/writer of its own (the `json/` area is being rewritten;
// this header will follow its conventions once they settle).
//
// Trace (input), times in seconds, GPU counts integers, "speed" optional (default 1):
//   {"workers": [{"gpus": 8, "speed": 1.0}, ...],
//    "jobs": [{"arrival_time_s": 0.0, "gpus": 2, "duration_s": 3600.0}, ...]}
// Run (output): the trace's jobs with what happened to them
//   {"jobs": [{"arrival_time_s", "gpus", "duration_s", "first_start_s", "completion_s", "jct_s", "waiting_s",
//              "longest_wait_s", "preemptions", "spread"}, ...], "busy_gpu_seconds", "productive_gpu_seconds"}
// Errors: malformed text, a missing field or a wrong type is a parameter_error naming the JSON pointer
// (`/jobs/3/gpus`); values are then checked by ml_cluster_problem (`jobs[3].gpus`). A file that cannot be opened
// is a std::system_error.
#pragma once

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"
#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/planning/ml_jobs/jobs.hpp"

namespace offload::planning {

namespace detail {

inline constexpr const char* trace_fn = "offload::planning::ml_cluster_problem_from_json_text";

[[nodiscard]] inline const nlohmann::json& trace_member(const nlohmann::json& object, const char* key,
                                                        const std::string& at) {
    if (!object.is_object())
        offload::detail::throw_parameter_error(trace_fn, at.c_str(), std::string("\"") + object.type_name() + "\"",
                                               "must be an object");
    const auto it = object.find(key);
    if (it == object.end())
        offload::detail::throw_parameter_error(trace_fn, (at + "/" + key).c_str(), "missing", "is required");
    return *it;
}

[[nodiscard]] inline double trace_number(const nlohmann::json& value, const std::string& at) {
    if (!value.is_number())
        offload::detail::throw_parameter_error(trace_fn, at.c_str(), value.dump(), "must be a number");
    return value.get<double>();
}

[[nodiscard]] inline int trace_count(const nlohmann::json& value, const std::string& at) {
    return offload::detail::require_integer_at_least(trace_number(value, at), 1, trace_fn, at.c_str());
}

[[nodiscard]] inline const nlohmann::json& trace_array(const nlohmann::json& root, const char* key) {
    const nlohmann::json& a = trace_member(root, key, "");
    if (!a.is_array())
        offload::detail::throw_parameter_error(trace_fn, (std::string("/") + key).c_str(), a.dump(),
                                               "must be an array");
    return a;
}

[[nodiscard]] inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::system_error(errno ? errno : ENOENT, std::generic_category(), "offload: cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    if (!out || !(out << text))
        throw std::system_error(errno ? errno : EIO, std::generic_category(), "offload: cannot write " + path);
}

} // namespace detail

/// A problem from trace text; allow_spread as in ml_cluster_problem.
[[nodiscard]] inline ml_cluster_problem ml_cluster_problem_from_json_text(std::string_view text,
                                                                          bool allow_spread = false) {
    const nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded())
        offload::detail::throw_parameter_error(detail::trace_fn, "text", "(malformed JSON)", "must be valid JSON");
    std::vector<ml_worker> workers;
    const nlohmann::json& ws = detail::trace_array(root, "workers");
    for (std::size_t k = 0; k < ws.size(); ++k) {
        const std::string at = "/workers/" + std::to_string(k);
        ml_worker w;
        w.gpus = detail::trace_count(detail::trace_member(ws[k], "gpus", at), at + "/gpus");
        if (ws[k].contains("speed")) w.speed = detail::trace_number(ws[k]["speed"], at + "/speed");
        workers.push_back(w);
    }
    std::vector<ml_job> jobs;
    const nlohmann::json& js = detail::trace_array(root, "jobs");
    for (std::size_t i = 0; i < js.size(); ++i) {
        const std::string at = "/jobs/" + std::to_string(i);
        ml_job j;
        j.arrival_time =
            detail::trace_number(detail::trace_member(js[i], "arrival_time_s", at), at + "/arrival_time_s");
        j.gpus = detail::trace_count(detail::trace_member(js[i], "gpus", at), at + "/gpus");
        j.duration = detail::trace_number(detail::trace_member(js[i], "duration_s", at), at + "/duration_s");
        jobs.push_back(j);
    }
    return ml_cluster_problem(std::move(workers), std::move(jobs), allow_spread);
}

/// The trace of a problem (round-trips through ml_cluster_problem_from_json_text)
[[nodiscard]] inline std::string to_json_text(const ml_cluster_problem& p, int indent = 2) {
    nlohmann::json root;
    root["workers"] = nlohmann::json::array();
    for (const ml_worker& w : p.workers()) root["workers"].push_back({{"gpus", w.gpus}, {"speed", w.speed}});
    root["jobs"] = nlohmann::json::array();
    for (const ml_job& j : p.jobs())
        root["jobs"].push_back({{"arrival_time_s", j.arrival_time}, {"gpus", j.gpus}, {"duration_s", j.duration}});
    return root.dump(indent);
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
    return root.dump(indent);
}

/// Reads a trace file (std::system_error if it cannot be read)
[[nodiscard]] inline ml_cluster_problem read_ml_cluster_problem(const std::string& path, bool allow_spread = false) {
    return ml_cluster_problem_from_json_text(detail::read_text_file(path), allow_spread);
}

/// Writes a trace file (std::system_error if it cannot be written)
inline void write_ml_cluster_problem(const std::string& path, const ml_cluster_problem& p) {
    detail::write_text_file(path, to_json_text(p));
}

} // namespace offload::planning
