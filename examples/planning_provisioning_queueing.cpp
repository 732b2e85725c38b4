// planning_provisioning_queueing — the static provisioning formulation (seed 004 §3, execution time fixed
// whatever the load) against the queueing-aware plan (offload/planning/provisioning/queueing_dispatch.hpp) as
// the load grows, each checked with the discrete-event simulator.
//
//   ./build/<preset>/examples/planning_provisioning_queueing [--out DIR] [--runs R] [--requests N]
//
// Instance: 3 nodes (a: fast, room for one model; b, c: slower, room for both), 2 models, 4 streams (two per
// model, exponential and gamma scv 0.5 service times). Load x scales every stream's rate; at x = 1 the streams'
// work at their mean service time over the nodes equals the three servers' capacity. For each x: the static
// plan (static_dispatch_plan) with its own prediction (no waiting), the same plan under the M/G/1 model and in
// the simulator; the queueing-aware plan (solve_queueing_dispatch) predicted and simulated, whether the
// prediction lies inside the simulator's 95 % interval (R independent runs of N measured requests, seeds 1..R;
// default R = 4, N = 4000, a quick smoke run; docs/planning.md uses --runs 10 --requests 20000),
// and the KKT residual of its routing. --out DIR writes planning_provisioning_queueing.csv for
// examples/figures/plot.py (docs/figures/planning_provisioning_queueing.png).
//
// Second table, multi-GPU nodes: node a has 1 server (fast, room for one model), b 2 servers, c 4 slower
// servers (room for both); the waits of b and c use the M/M/c-based M/G/c approximation. Per load: greedy
// addition alone and the full search (drop/swap local search, relaxation-guided starts; its local moves), the
// lower bound (queueing_dispatch_lower_bound) and
// the gap L / bound - 1, the prediction against the simulator (c-server stations) and its relative error.
// --out DIR also writes planning_provisioning_queueing_multi.csv (docs/figures/planning_provisioning_queueing_multi.png).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "offload/planning.hpp"

using namespace offload::planning;

namespace {

queueing_dispatch_problem instance(double load) {
    const std::vector<provisioning_model> models = {{"detector", 600.0e6, 0.0}, {"classifier", 500.0e6, 0.0}};
    const std::vector<dispatch_node> nodes = {{"a", 700.0e6, {}}, {"b", 1200.0e6, {}}, {"c", 1200.0e6, {}}};
    std::vector<dispatch_stream> streams = {
        {0, 1.0, {0.004, 0.010, 0.015}, {0.020, 0.035, 0.040}, 1.0},
        {0, 1.0, {0.006, 0.008, 0.012}, {0.020, 0.035, 0.040}, 1.0},
        {1, 1.0, {0.004, 0.010, 0.015}, {0.015, 0.030, 0.030}, 0.5},
        {1, 1.0, {0.006, 0.008, 0.012}, {0.015, 0.030, 0.030}, 0.5},
    };
    double work = 0.0; // per unit rate: sum over streams of the mean service time over the nodes
    for (const auto& s : streams) work += (s.service_time[0] + s.service_time[1] + s.service_time[2]) / 3.0;
    for (auto& s : streams) s.arrival_rate = load * 3.0 / work;
    return queueing_dispatch_problem(models, nodes, streams);
}

queueing_dispatch_problem multi_gpu_instance(double load) {
    const std::vector<provisioning_model> models = {{"detector", 600.0e6, 0.0}, {"classifier", 500.0e6, 0.0}};
    const std::vector<dispatch_node> nodes = {{"a", 700.0e6, {}, 1}, {"b", 1200.0e6, {}, 2}, {"c", 1200.0e6, {}, 4}};
    std::vector<dispatch_stream> streams = {
        {0, 1.0, {0.004, 0.010, 0.015}, {0.020, 0.030, 0.045}, 1.0},
        {0, 1.0, {0.006, 0.008, 0.012}, {0.020, 0.030, 0.045}, 1.0},
        {1, 1.0, {0.004, 0.010, 0.015}, {0.015, 0.025, 0.035}, 0.5},
        {1, 1.0, {0.006, 0.008, 0.012}, {0.015, 0.025, 0.035}, 0.5},
    };
    // per unit rate: the streams' work at their server-weighted mean service time, against 7 servers
    double work = 0.0;
    for (const auto& s : streams) work += (s.service_time[0] + 2.0 * s.service_time[1] + 4.0 * s.service_time[2]) / 7.0;
    for (auto& s : streams) s.arrival_rate = load * 7.0 / work;
    return queueing_dispatch_problem(models, nodes, streams);
}

int usage(const char* self) {
    std::fprintf(stderr, "usage: %s [--out DIR] [--runs R >= 2] [--requests N >= 1000]\n", self);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    std::string out_dir;
    int runs = 4; // a quick smoke run; the figure uses --runs 10 --requests 20000
    int requests = 4000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (a == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (a == "--requests" && i + 1 < argc) {
            requests = std::atoi(argv[++i]);
        } else {
            return usage(argv[0]);
        }
    }
    if (runs < 2 || requests < 1000) return usage(argv[0]);
    offload::sim::run_options o;
    o.requests = requests;
    o.warmup_requests = requests / 10;
    o.replications = 2;
    o.seed = 1;

    std::printf("### Mean end-to-end latency (ms) against the load: static formulation vs queueing-aware plan\n\n");
    std::printf("%d simulation runs of %d measured requests each; CI = 95 %% interval over the runs; "
                "inf = a node is overloaded\n\n",
                runs, requests);
    std::printf("| load | static predicted | static plan, M/G/1 | static plan, simulated | queueing predicted | "
                "queueing simulated | inside CI | KKT residual (s) |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|:---:|---:|\n");
    std::ofstream csv;
    if (!out_dir.empty()) {
        std::filesystem::create_directories(out_dir);
        csv.open(out_dir + "/planning_provisioning_queueing.csv");
        csv << "# title: Mean latency against the load: static formulation vs queueing-aware plan\n"
               "# xlabel: load (offered work / capacity of the three nodes)\n# ylabel: mean end-to-end latency (ms)\n"
               "# marker: o\n"
               "load,static prediction,static plan simulated,queueing-aware predicted,queueing-aware simulated\n";
    }
    int inside = 0;
    int rows = 0;
    for (const double load : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
        const queueing_dispatch_problem p = instance(load);
        const queueing_dispatch_plan st = static_dispatch_plan(p);
        const queueing_dispatch_evaluation es = evaluate_queueing_dispatch(p, st);
        double st_sim = offload::infinity;
        double st_hw = 0.0;
        if (es.stable) {
            const auto s = simulate_queueing_dispatch(p, st, o, runs);
            st_sim = s.mean_latency.value;
            st_hw = s.mean_latency.half_width;
        }
        const queueing_dispatch_result q = solve_queueing_dispatch(p);
        if (q.status != dispatch_status::stable) {
            std::printf("| %.1f | %s |\n", load, q.reason.c_str());
            continue;
        }
        const auto qs = simulate_queueing_dispatch(p, q.plan, o, runs);
        const bool in = qs.mean_latency.contains(q.evaluation.mean_latency);
        inside += in ? 1 : 0;
        ++rows;
        std::printf("| %.1f | %.2f | %.2f | %.2f ± %.2f | %.2f | %.2f ± %.2f | %s | %.1e |\n", load,
                    1e3 * es.static_mean_latency, 1e3 * es.mean_latency, 1e3 * st_sim, 1e3 * st_hw,
                    1e3 * q.evaluation.mean_latency, 1e3 * qs.mean_latency.value, 1e3 * qs.mean_latency.half_width,
                    in ? "yes" : "no", q.kkt_residual);
        if (csv)
            csv << load << ',' << 1e3 * es.static_mean_latency << ',' << 1e3 * st_sim << ','
                << 1e3 * q.evaluation.mean_latency << ',' << 1e3 * qs.mean_latency.value << '\n';
    }
    std::printf("\nqueueing-aware prediction inside the simulator's 95 %% CI at %d of %d loads\n", inside, rows);
    if (csv) std::printf("wrote %s/planning_provisioning_queueing.csv\n", out_dir.c_str());

    std::printf("\n### Multi-GPU nodes (a: 1 server, b: 2, c: 4): placement search, lower bound, simulator\n\n");
    std::printf("| load | greedy L | search L | moves | lower bound | gap | predicted | simulated | "
                "error | inside CI | max rho |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|\n");
    std::ofstream multi;
    if (!out_dir.empty()) {
        multi.open(out_dir + "/planning_provisioning_queueing_multi.csv");
        multi << "# title: Multi-GPU nodes: queueing-aware plan, lower bound and simulator\n"
                 "# xlabel: load (offered work / capacity of the 7 servers)\n"
                 "# ylabel: mean end-to-end latency (ms)\n# marker: o\n"
                 "load,greedy addition,search,lower bound,simulated\n";
    }
    int multi_inside = 0;
    int multi_rows = 0;
    double worst_error = 0.0;
    double worst_gap = 0.0;
    for (const double load : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
        const queueing_dispatch_problem p = multi_gpu_instance(load);
        queueing_dispatch_options greedy_only;
        greedy_only.local_search = false;
        const queueing_dispatch_result g = solve_queueing_dispatch(p, greedy_only);
        const queueing_dispatch_result q = solve_queueing_dispatch(p);
        if (q.status != dispatch_status::stable) {
            std::printf("| %.1f | %s |\n", load, q.reason.c_str());
            continue;
        }
        const auto qs = simulate_queueing_dispatch(p, q.plan, o, runs);
        const bool in = qs.mean_latency.contains(q.evaluation.mean_latency);
        const double error = q.evaluation.mean_latency / qs.mean_latency.value - 1.0;
        const double gap = q.evaluation.mean_latency / q.lower_bound - 1.0;
        multi_inside += in ? 1 : 0;
        ++multi_rows;
        worst_error = std::max(worst_error, std::fabs(error));
        worst_gap = std::max(worst_gap, gap);
        const double gl = g.status == dispatch_status::stable ? g.evaluation.mean_latency : offload::infinity;
        std::printf("| %.1f | %.2f | %.2f | %zu | %.2f | %.1f %% | %.2f | %.2f ± %.2f | %+.1f %% | %s | %.2f |\n", load,
                    1e3 * gl, 1e3 * q.evaluation.mean_latency, q.local_moves, 1e3 * q.lower_bound, 100.0 * gap,
                    1e3 * q.evaluation.mean_latency, 1e3 * qs.mean_latency.value, 1e3 * qs.mean_latency.half_width,
                    100.0 * error, in ? "yes" : "no", q.max_utilization);
        if (multi)
            multi << load << ',' << 1e3 * gl << ',' << 1e3 * q.evaluation.mean_latency << ',' << 1e3 * q.lower_bound
                  << ',' << 1e3 * qs.mean_latency.value << '\n';
    }
    std::printf("\nmulti-GPU: prediction inside the simulator's 95 %% CI at %d of %d loads; largest |error| %.1f %%; "
                "largest gap to the bound %.1f %%\n",
                multi_inside, multi_rows, 100.0 * worst_error, 100.0 * worst_gap);
    if (multi) std::printf("wrote %s/planning_provisioning_queueing_multi.csv\n", out_dir.c_str());
    return 0;
}
