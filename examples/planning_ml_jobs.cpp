// planning_ml_jobs — seed 000 (ML jobs offloaded to on-premises workers): the scheduling policies on a
// heavy-tailed workload across loads and ST-LAS thresholds, the single-GPU check against M/G/1 theory, and
// Table 1's cost figures recomputed. docs/planning.md ("ML jobs on on-premises workers") shows the output.
//
//   planning_ml_jobs [--jobs N] [--replications R] [--out DIR]    (defaults 1000 and 3: a quick smoke run)
// --out DIR writes ml_jobs_lognormal.csv and ml_jobs_pareto.csv (mean JCT of each policy against the load) in the
// format of examples/figures/plot.py, which renders them: /usr/bin/python3 examples/figures/plot.py DIR
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "offload/planning/ml_jobs/cluster_scheduler.hpp"
#include "offload/planning/ml_jobs/serving_cost.hpp"
#include "offload/queues/mg1_fcfs.hpp"
#include "offload/queues/mg1_las.hpp"
#include "offload/queues/mg1_srpt.hpp"

using namespace offload::planning;

namespace {

struct policy_case {
    const char* name;
    scheduler_options options;
    double threshold_gpu_hours; // ST-LAS demotion threshold (0: not ST-LAS)
};

std::vector<policy_case> policies(double mean_duration) {
    std::vector<policy_case> out;
    const auto make = [&](scheduling_policy p) {
        scheduler_options o;
        o.policy = p;
        o.restore_time = 30.0;               // checkpoint + restore, s
        o.las_quantum = 0.1 * mean_duration; // LAS: s; 2D-LAS: GPU-s
        o.starvation_wait = 8.0 * mean_duration;
        return o;
    };
    out.push_back({"FIFO (strict)", make(scheduling_policy::fifo), 0.0});
    out.push_back({"FIFO (backfill)", make(scheduling_policy::fifo_backfill), 0.0});
    out.push_back({"SRSF (oracle)", make(scheduling_policy::srsf), 0.0});
    out.push_back({"LAS (time)", make(scheduling_policy::las), 0.0});
    out.push_back({"2D-LAS", make(scheduling_policy::las_2d), 0.0});
    for (double hours : {0.25, 1.0, 4.0, 16.0}) {
        scheduler_options o = make(scheduling_policy::st_las);
        o.demotion_threshold = hours * 3600.0;
        out.push_back({"ST-LAS", o, hours});
    }
    return out;
}

void single_gpu_check(std::size_t jobs) {
    std::printf(
        "## Single GPU, 1-GPU jobs: the simulator against M/G/1 theory (lognormal, mean 1 s, scv 4, rho 0.7)\n\n");
    std::printf("| policy | theory E[T] (s) | simulated (99 %% interval) |\n|---|---|---|\n");
    const auto d = duration_distribution::lognormal(1.0, 4.0);
    const ml_workload w{0.7, d, {{1, 1.0}}};
    replication_options r;
    r.jobs = jobs;
    r.warmup_jobs = jobs / 20;
    r.cooldown_jobs = jobs / 20;
    r.confidence = 0.99;
    r.seed = 2026;
    const struct {
        const char* name;
        scheduling_policy p;
        double theory;
    } rows[] = {
        {"FIFO = FCFS (Pollaczek-Khinchine)", scheduling_policy::fifo, mean_response(offload::mg1_fcfs(0.7, d))},
        {"SRSF = SRPT (Schrage-Miller)", scheduling_policy::srsf, mean_response(offload::mg1_srpt(0.7, d))},
        {"LAS = FB (Kleinrock), quantum 0.05 s", scheduling_policy::las, mean_response(offload::mg1_las(0.7, d))}};
    for (const auto& row : rows) {
        scheduler_options o;
        o.policy = row.p;
        o.las_quantum = 0.05;
        const cluster_estimates e = replicate_cluster({{1, 1.0}}, w, o, r);
        std::printf("| %s | %.4f | %.4f +- %.4f |\n", row.name, row.theory, e.mean_jct.value, e.mean_jct.half_width);
    }
    std::printf("\n");
}

void cost_table() {
    const double month = seconds_per_31_day_month;
    const on_premises_workstation rtx{5000.0, 36.0 * month, 500.0, 0.2};
    std::printf("## Seed 000 Table 1 recomputed (one stream at 1 frame/s, 31-day month = 744 h)\n\n");
    std::printf("| option | unit price | per month (ours) | Table 1 |\n|---|---|---|---|\n");
    std::printf("| AWS p3.2xlarge | $3.06/h | $%.2f | $2277 |\n", stream_cost(cloud_instance{3.06, 10.0}, 1.0, month));
    std::printf("| AWS Rekognition Video | $0.1/min | $%.2f | $4464 |\n",
                stream_cost(cloud_video_api{0.1}, 1.0, month));
    std::printf("| AWS Rekognition Image | $0.4/1000 images | $%.2f | $1071 |\n",
                stream_cost(cloud_image_api{0.4}, 1.0, month));
    std::printf("| GCP Vision Object | $1.5/1000 images | $%.2f | $4017 |\n",
                stream_cost(cloud_image_api{1.5}, 1.0, month));
    std::printf("| workstation, electricity (500 W, $0.2/kWh) | | $%.2f | $75 |\n", running_cost(rtx, 1.0, month));
    std::printf(
        "\nBreak-even of the $5000 workstation: %.2f months against p3.2xlarge, %.2f against Rekognition Image, "
        "%.2f against Rekognition Video.\n\n",
        break_even_months(rtx, stream_cost(cloud_instance{3.06, 10.0}, 1.0, month), 1.0),
        break_even_months(rtx, stream_cost(cloud_image_api{0.4}, 1.0, month), 1.0),
        break_even_months(rtx, stream_cost(cloud_video_api{0.1}, 1.0, month), 1.0));
}

} // namespace

int main(int argc, char** argv) {
    std::size_t jobs = 1000, reps = 3; // docs/planning.md used --jobs 3000 --replications 5
    std::string out;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--jobs")
            jobs = std::strtoul(argv[i + 1], nullptr, 10);
        else if (a == "--replications")
            reps = std::strtoul(argv[i + 1], nullptr, 10);
        else if (a == "--out")
            out = argv[i + 1];
    }
    cost_table();
    single_gpu_check(4 * jobs);

    // the pool: two 8-GPU and two 4-GPU workers (24 GPUs); jobs need 1/2/4/8 GPUs, lognormal durations (mean 1 h,
    // scv 4) or Pareto (mean 1 h, alpha 1.5, infinite variance)
    const std::vector<ml_worker> workers{{8, 1.0}, {8, 1.0}, {4, 1.0}, {4, 1.0}};
    const std::vector<gpu_demand_share> mix{{1, 0.5}, {2, 0.25}, {4, 0.15}, {8, 0.1}};
    const double mean_duration = 3600.0;
    const std::vector<double> loads{0.5, 0.7, 0.85};
    double simulated_jobs = 0.0, seconds = 0.0;
    for (const auto& [label, file, d] :
         {std::tuple{"lognormal scv 4", "ml_jobs_lognormal", duration_distribution::lognormal(mean_duration, 4.0)},
          std::tuple{"Pareto alpha 1.5", "ml_jobs_pareto", duration_distribution::pareto(mean_duration, 1.5)}}) {
        std::vector<std::string> names;
        std::vector<std::vector<double>> curves; // [policy][load] mean JCT, h
        for (double load : loads) {
            ml_workload w{1.0, d, mix};
            w.arrival_rate = load * 24.0 / (mean_gpus(w) * mean_duration);
            std::printf("## %s durations, offered GPU load %.2f (%zu jobs x %zu replications, 95 %% intervals)\n\n",
                        label, load, jobs, reps);
            std::printf("| policy | ST-LAS threshold (GPU-h) | mean JCT (h) | p95 JCT (h) | preemptions/job | longest "
                        "wait (h) | "
                        "GPU utilisation |\n|---|---|---|---|---|---|---|\n");
            std::size_t k = 0;
            for (const policy_case& c : policies(mean_duration)) {
                replication_options r;
                r.jobs = jobs;
                r.warmup_jobs = jobs / 10;
                r.cooldown_jobs = jobs / 10;
                r.replications = reps;
                r.seed = 7;
                const auto t0 = std::chrono::steady_clock::now();
                const cluster_estimates e = replicate_cluster(workers, w, c.options, r);
                seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                simulated_jobs += static_cast<double>(jobs * reps);
                char threshold[32] = "";
                if (c.threshold_gpu_hours > 0.0)
                    std::snprintf(threshold, sizeof threshold, "%g", c.threshold_gpu_hours);
                std::printf("| %s | %s | %.2f +- %.2f | %.2f | %.2f | %.1f | %.3f |\n", c.name, threshold,
                            e.mean_jct.value / 3600.0, e.mean_jct.half_width / 3600.0, e.p95_jct.value / 3600.0,
                            e.preemptions_per_job.value, e.longest_wait.value / 3600.0, e.gpu_utilization.value);
                if (curves.size() <= k) {
                    names.push_back(std::string(c.name) +
                                    (c.threshold_gpu_hours > 0.0 ? " " + std::string(threshold) + " GPU-h" : ""));
                    curves.emplace_back();
                }
                curves[k++].push_back(e.mean_jct.value / 3600.0);
            }
            std::printf("\n");
        }
        if (!out.empty()) {
            std::ofstream csv(out + "/" + file + ".csv");
            csv << "# title: mean JCT on 2x8 + 2x4 GPUs, 1/2/4/8-GPU jobs, " << label << " durations (mean 1 h)\n"
                << "# xlabel: offered GPU load\n# ylabel: mean job completion time (h)\n# yscale: log\n# marker: "
                   "o\nload";
            for (const std::string& n : names) csv << ',' << n;
            csv << '\n';
            for (std::size_t l = 0; l < loads.size(); ++l) {
                csv << loads[l];
                for (const auto& curve : curves) csv << ',' << curve[l];
                csv << '\n';
            }
        }
    }
    std::printf("Simulated %.0f jobs in %.2f s: %.0f jobs/s on average over the policies.\n", simulated_jobs, seconds,
                simulated_jobs / seconds);
    return 0;
}
