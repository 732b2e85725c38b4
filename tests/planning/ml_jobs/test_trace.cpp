// Tests for offload/planning/ml_jobs/trace.hpp: ML job traces as JSON, in and out.
#include <cstdio>
#include <string>
#include <system_error>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/trace.hpp"

using namespace offload::planning;

TEST_CASE("ml job traces round-trip and replay", "[planning][ml_job_trace]") {
    const ml_cluster_problem p(
        {{8, 1.0}, {4, 0.5}},
        generate_jobs(ml_workload{1.0, duration_distribution::lognormal(2.0, 4.0), {{1, 0.5}, {4, 0.5}}}, 20, 3));
    CHECK(ml_cluster_problem_from_json_text(to_json_text(p)) == p);
    const ml_cluster_problem small = ml_cluster_problem_from_json_text(
        R"({"workers": [{"gpus": 2}], "jobs": [{"arrival_time_s": 0, "gpus": 2, "duration_s": 3},
                                               {"arrival_time_s": 1, "gpus": 1, "duration_s": 1}]})");
    CHECK(small.workers()[0].speed == 1.0);
    scheduler_options o;
    o.policy = scheduling_policy::fifo;
    const std::string out = to_json_text(small, simulate_cluster(small, o), -1);
    CHECK(out.find(R"("completion_s":4.0)") != std::string::npos);
    CHECK(out.find(R"("jct_s":3.0)") != std::string::npos);
    const std::string path = "offload_test_ml_trace.json";
    write_ml_cluster_problem(path, small);
    CHECK(read_ml_cluster_problem(path) == small);
    std::remove(path.c_str());
    CHECK_THROWS_AS(read_ml_cluster_problem("no/such/dir/trace.json"), std::system_error);
}

TEST_CASE("ml job traces: bad files name the JSON pointer or the job", "[planning][ml_job_trace]") {
    CHECK_THROWS_WITH(ml_cluster_problem_from_json_text("{"), Catch::Contains("parameter 'text'"));
    CHECK_THROWS_WITH(ml_cluster_problem_from_json_text(R"({"jobs": []})"),
                      Catch::Contains("parameter '/workers' = missing is invalid: is required"));
    CHECK_THROWS_WITH(ml_cluster_problem_from_json_text(R"({"workers": [{"gpus": 1.5}], "jobs": []})"),
                      Catch::Contains("parameter '/workers/0/gpus' = 1.5 is invalid: must be an integer >= 1"));
    CHECK_THROWS_WITH(
        ml_cluster_problem_from_json_text(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": 0, "gpus": 1}]})"),
        Catch::Contains("'/jobs/0/duration_s' = missing"));
    CHECK_THROWS_WITH(
        ml_cluster_problem_from_json_text(
            R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": "0", "gpus": 1, "duration_s": 1}]})"),
        Catch::Contains("'/jobs/0/arrival_time_s' = \"0\" is invalid: must be a number"));
    CHECK_THROWS_WITH(ml_cluster_problem_from_json_text(
                          R"({"workers": [{"gpus": 4}], "jobs": [{"arrival_time_s": 0, "gpus": 8, "duration_s": 1}]})"),
                      Catch::Contains("'jobs[0].gpus' = 8"));
    CHECK_THROWS_WITH(ml_cluster_problem_from_json_text(R"({"workers": {}, "jobs": []})"),
                      Catch::Contains("'/workers' = {} is invalid: must be an array"));
}
