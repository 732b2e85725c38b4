// planning_provisioning — seed 004 §6.1 redone: total latency against the number of requests (20–50, Fig. 6.1)
// and of nodes (5–20, Fig. 6.2) for the exact optimum in Mode 1 (available memory) and Mode 2 (total memory),
// the seed's iterative search and greedy; solver times like Tables 6.2–6.3.
//
//   ./build/<preset>/examples/planning_provisioning [--out DIR] [--instances N] [--node-limit L]
//
// Instances: Table 6.1's distributions (offload/planning/provisioning/instances.hpp, our model memory and
// compute choices), fixed seeds 1..N (default 1, a quick smoke run; the figures use 10), averaged. Each exact
// solve stops after L search nodes (default 1,000,000); the `unproven` column counts the solves that stopped. As in the seed, one parameter varies and the
// others stay fixed: a pool of 50 requests and 20 nodes is drawn per seed and the first n requests / s nodes
// are used (10 nodes when requests vary, 25 requests when nodes vary). Mode 1 and Mode 2 draw node memory
// from the available and total ranges of Table 6.1 with the same seed. Iterative search and greedy run on the
// Mode 1 instance, as the seed compares the iterative search with Solver Mode 1.
// --out DIR writes planning_provisioning_requests.csv and planning_provisioning_nodes.csv for
// examples/figures/plot.py (docs/figures/planning_provisioning_*.png).
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "offload/planning.hpp"

using namespace offload::planning;

namespace {

/// the first n requests and s nodes of a problem
provisioning_problem prefix(const provisioning_problem& p, std::size_t n, std::size_t s) {
    std::vector<provisioning_node> nodes(p.nodes().begin(), p.nodes().begin() + static_cast<std::ptrdiff_t>(s));
    std::vector<provisioning_request> requests(p.requests().begin(),
                                               p.requests().begin() + static_cast<std::ptrdiff_t>(n));
    for (auto& r : requests) {
        r.round_trip_time.resize(s);
        r.execution_time.resize(s);
    }
    return provisioning_problem(p.models(), std::move(nodes), std::move(requests));
}

struct point {
    double mode1 = 0, mode2 = 0, iterative = 0, greedy = 0, ms1 = 0, ms2 = 0, rejected = 0, rejected_iterative = 0,
           rejected_greedy = 0;
    std::size_t unproven = 0;
};

std::size_t node_limit = 1'000'000;

point measure(std::size_t n, std::size_t s, unsigned instances) {
    point r;
    for (unsigned seed = 1; seed <= instances; ++seed) {
        table_6_1_options o;
        o.requests = 50;
        o.nodes = 20;
        const provisioning_problem one = prefix(table_6_1_problem(o, seed), n, s);
        o.total_memory = true;
        const provisioning_problem two = prefix(table_6_1_problem(o, seed), n, s);
        const auto t0 = std::chrono::steady_clock::now();
        const provisioning_exact_result e1 = solve_provisioning_exact(one, {node_limit});
        const auto t1 = std::chrono::steady_clock::now();
        const provisioning_exact_result e2 = solve_provisioning_exact(two, {node_limit});
        const auto t2 = std::chrono::steady_clock::now();
        r.unproven += (e1.proven_optimal ? 0 : 1) + (e2.proven_optimal ? 0 : 1);
        r.mode1 += evaluate(one, e1.best).total_latency;
        r.mode2 += evaluate(two, e2.best).total_latency;
        r.rejected += static_cast<double>(evaluate(one, e1.best).rejected);
        const provisioning_evaluation it = evaluate(one, provisioning_iterative_search(one));
        const provisioning_evaluation gr = evaluate(one, provisioning_greedy(one));
        r.iterative += it.total_latency;
        r.greedy += gr.total_latency;
        r.rejected_iterative += static_cast<double>(it.rejected);
        r.rejected_greedy += static_cast<double>(gr.rejected);
        r.ms1 += std::chrono::duration<double, std::milli>(t1 - t0).count();
        r.ms2 += std::chrono::duration<double, std::milli>(t2 - t1).count();
    }
    const double k = instances;
    return {r.mode1 / k, r.mode2 / k,    r.iterative / k,          r.greedy / k,          r.ms1 / k,
            r.ms2 / k,   r.rejected / k, r.rejected_iterative / k, r.rejected_greedy / k, r.unproven};
}

void table(const char* what, const std::vector<std::size_t>& xs, bool vary_requests, unsigned instances,
           const std::string& out_dir) {
    std::printf("\n### Total latency (s, mean of %u instances) against the number of %s\n\n", instances, what);
    std::printf(
        "| %s | exact Mode 1 | exact Mode 2 | iterative search | greedy | rejected: exact 1 / iterative / greedy | "
        "solve Mode 1 (ms) | solve Mode 2 (ms) | unproven |\n|---|---|---|---|---|---|---|---|---|\n",
        what);
    std::ofstream csv;
    if (!out_dir.empty()) {
        const std::string path = out_dir + "/planning_provisioning_" + what + ".csv";
        csv.open(path);
        csv << "# title: Total latency against the number of " << what << " (mean of " << instances
            << " Table 6.1 instances)\n# xlabel: number of " << what
            << "\n# ylabel: total latency of the served requests (s)\n# marker: o\n"
            << what << ",exact Mode 1,exact Mode 2,iterative search,greedy\n";
    }
    for (std::size_t x : xs) {
        const point r = vary_requests ? measure(x, 10, instances) : measure(25, x, instances);
        std::printf("| %zu | %.4f | %.4f | %.4f | %.4f | %.1f / %.1f / %.1f | %.3f | %.3f | %zu |\n", x, r.mode1,
                    r.mode2, r.iterative, r.greedy, r.rejected, r.rejected_iterative, r.rejected_greedy, r.ms1, r.ms2,
                    r.unproven);
        if (csv) csv << x << ',' << r.mode1 << ',' << r.mode2 << ',' << r.iterative << ',' << r.greedy << '\n';
    }
    if (csv) std::printf("\nwrote %s/planning_provisioning_%s.csv\n", out_dir.c_str(), what);
}

} // namespace

int main(int argc, char** argv) {
    std::string out_dir;
    unsigned instances = 1;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--out" && a + 1 < argc) {
            out_dir = argv[++a];
        } else if (arg == "--instances" && a + 1 < argc) {
            instances = static_cast<unsigned>(std::strtoul(argv[++a], nullptr, 10));
            if (instances == 0) instances = 1;
        } else if (arg == "--node-limit" && a + 1 < argc) {
            node_limit = static_cast<std::size_t>(std::strtoull(argv[++a], nullptr, 10));
        } else {
            std::fprintf(stderr, "usage: planning_provisioning [--out DIR] [--instances N] [--node-limit L]\n");
            return 2;
        }
    }
    if (!out_dir.empty()) std::filesystem::create_directories(out_dir);
    std::printf("seed 004 §6.1 with Table 6.1's distributions (times are wall-clock on this machine)\n");
    table("requests", {20, 30, 40, 50}, true, instances, out_dir);
    table("nodes", {5, 10, 15, 20}, false, instances, out_dir);
    return 0;
}
