// Tests for offload/planning/ml_jobs/trace.hpp: ML job traces as JSON, in and out.
#include <cstdio>
#include <string>
#include <string_view>
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

TEST_CASE("ml job traces: bad files name the JSON pointer, as every offload format does", "[planning][ml_job_trace]") {
    const auto error = [](std::string_view text, bool spread = false) {
        try {
            (void)ml_cluster_problem_from_json_text(text, spread);
        } catch (const offload::parameter_error& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    const std::string fn = "offload: offload::planning::from_json(ml_cluster_problem): parameter ";
    // malformed text: the pointer where it breaks, the byte, line and column
    const std::string broken = error("{\"workers\": [{\"gpus\": 2}],\n \"jobs\": [{\"gpus\": }]}");
    CHECK_THAT(broken, Catch::StartsWith(fn + "'/jobs/0/gpus' = byte 47 is invalid: is not well-formed JSON: line 2,"));
    CHECK_THAT(broken, Catch::Contains("column 20: syntax error"));
    CHECK_THAT(error("{"), Catch::Contains("is not well-formed JSON"));
    CHECK_THAT(
        error("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
              "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
        Catch::Contains("nested deeper than 64 levels"));
    // content: missing, wrong type, out of range, unknown key, too wide a job
    CHECK_THAT(error(R"({"jobs": []})"),
               Catch::StartsWith(fn + "'/workers' = null is invalid: is required but missing"));
    CHECK_THAT(error(R"({"workers": [], "jobs": []})"),
               Catch::Contains("'/workers' = [] is invalid: must be a non-empty"));
    CHECK_THAT(error(R"({"workers": {}, "jobs": []})"),
               Catch::Contains("'/workers' = {} is invalid: must be a non-empty array"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1.5}], "jobs": []})"),
               Catch::StartsWith(fn + "'/workers/0/gpus' = 1.5 is invalid: must be an integer in [1, 1000000]"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 2, "speed": 0}], "jobs": []})"),
               Catch::Contains("'/workers/0/speed' = 0 is invalid: must be > 0"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 2, "sped": 1}], "jobs": []})"),
               Catch::Contains("'/workers/0/sped' = 1 is invalid: is not a known field here (known: gpus speed)"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": 0, "gpus": 1}]})"),
               Catch::Contains("'/jobs/0/duration_s' = null is invalid: is required but missing"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": "0", "gpus": 1, "duration_s": 1}]})"),
               Catch::Contains("'/jobs/0/arrival_time_s' = \"0\" is invalid: must be a number"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": -1, "gpus": 1, "duration_s": 1}]})"),
               Catch::Contains("'/jobs/0/arrival_time_s' = -1 is invalid: must be >= 0"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": 0, "gpus": 1, "duration_s": 0}]})"),
               Catch::Contains("'/jobs/0/duration_s' = 0 is invalid: must be > 0"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": 0, "gpus": 1, "duration_s": 1e400}]})"),
               Catch::Contains("beyond the range of a double"));
    CHECK_THAT(error(R"({"workers": [{"gpus": 1}], "jobs": [{"arrival_time_s": 0, "gpus": 1, "duration_s": 1}],
                         "comment": "x"})"),
               Catch::Contains("'/comment'"));
    const char* wide =
        R"({"workers": [{"gpus": 4}, {"gpus": 4}], "jobs": [{"arrival_time_s": 0, "gpus": 8, "duration_s": 1},
                                                                          {"arrival_time_s": 0, "gpus": 9, "duration_s": 1}]})";
    CHECK_THAT(error(wide),
               Catch::Contains("'/jobs/0/gpus' = 8 is invalid: must be <= the GPUs of the largest worker (4"));
    CHECK_THAT(error(wide, true),
               Catch::Contains("'/jobs/1/gpus' = 9 is invalid: must be <= the pool's total GPUs (8)"));
    // a file: malformed text names the file; a missing file is a system_error naming the path
    const std::string path = "offload_test_bad_ml_trace.json";
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f != nullptr);
        std::fputs("{\"workers\": [{\"gpus\": 2}], \"jobs\": [}", f);
        std::fclose(f);
    }
    CHECK_THROWS_WITH(read_ml_cluster_problem(path),
                      Catch::Contains("(file '" + path + "')") && Catch::Contains("line 1"));
    std::remove(path.c_str());
    CHECK_THROWS_WITH(
        read_ml_cluster_problem("no/such/dir/trace.json"),
        Catch::Contains("offload::planning::read_ml_cluster_problem: cannot open 'no/such/dir/trace.json'"));
    const ml_cluster_problem ok({{2, 1.0}}, {});
    CHECK_THROWS_WITH(to_json_text(ok, 17), Catch::Contains("'indent'"));
}
