// planning_multi_job — seed 001 Table VII recomputed from its Table VI input, next to the seed's numbers, plus
// the proven optimum and a text Gantt chart per machine (like the seed's Figs. 8–9).
//
//   ./build/<preset>/examples/planning_multi_job [--out DIR]
//
// --out DIR also writes planning_gantt_algorithm2.csv and planning_gantt_optimum.csv (one row per upload and per
// processing interval) for examples/figures/plot.py, which draws them as Gantt charts (docs/figures/).
// docs/planning.md explains the reading of Table VI and which rows reproduce.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "offload/planning.hpp"

using namespace offload::planning;

namespace {

const char* machine_name(std::size_t m) {
    static const char* const names[] = {"cloud", "edge", "device"};
    return names[m < 3 ? m : 2];
}

std::string assignment(const plan& x) {
    std::string s;
    for (std::size_t i = 0; i < x.machine.size(); ++i) {
        if (i) s += ' ';
        s += "J" + std::to_string(i + 1) + ":" + std::string(1, machine_name(x.machine[i])[0]);
    }
    return s;
}

void row(const char* name, const planning_problem& p, const plan& x, const char* seed_total, const char* seed_last,
         const char* verdict) {
    const schedule s = evaluate(p, x);
    std::printf("| %-44s | %5.0f | %4.0f | %8.0f | %6s | %5s | %-30s |\n", name, s.total_response, s.last_completion,
                s.weighted_total_response, seed_total, seed_last, verdict);
}

// one line per machine, one character per time unit: the job number (0 = J10) while it is processed, '-'
// while its data is on the way (devices show processing only)
void gantt(const planning_problem& p, const plan& x, const char* title) {
    const schedule s = evaluate(p, x);
    const auto width = static_cast<std::size_t>(std::ceil(s.last_completion)) + 1;
    std::printf("\n%s (total %.0f, last %.0f, weighted %.0f)\n", title, s.total_response, s.last_completion,
                s.weighted_total_response);
    for (std::size_t j = 0; j < p.server_count(); ++j) {
        std::string line(width, '.');
        for (std::size_t i : x.sequence[j])
            for (auto t = static_cast<std::size_t>(s.jobs[i].processing_start);
                 t < static_cast<std::size_t>(s.jobs[i].completion) && t < width; ++t)
                line[t] = static_cast<char>('0' + (i + 1) % 10);
        std::printf("  %-7s %s\n", machine_name(j), line.c_str());
    }
    for (std::size_t i = 0; i < p.job_count(); ++i) {
        if (x.machine[i] != p.device_machine()) continue;
        std::string line(width, ' ');
        for (auto t = static_cast<std::size_t>(s.jobs[i].processing_start);
             t < static_cast<std::size_t>(s.jobs[i].completion) && t < width; ++t)
            line[t] = static_cast<char>('0' + (i + 1) % 10);
        std::printf("  dev J%-2zu %s\n", i + 1, line.c_str());
    }
    std::printf("          time 0 ... %zu (one column per unit; digit = job number, 0 = J10)\n", width - 1);
}

// plot.py's Gantt format: per job an upload interval (servers only) and a processing interval, on its machine's
// row; devices get one row per job (they are not shared)
bool write_gantt_csv(const std::string& dir, const char* file, const planning_problem& p, const plan& x,
                     const char* title) {
    const schedule s = evaluate(p, x);
    std::error_code ignored; // a directory that cannot be made shows up as the write error below
    std::filesystem::create_directories(dir, ignored);
    std::ofstream csv(dir + "/" + file + ".csv");
    csv << "# title: " << title << " — total " << s.total_response << ", last " << s.last_completion << ", weighted "
        << s.weighted_total_response << "\n# kind: gantt\n# xlabel: time (units of Table VI)\n"
        << "machine,job,phase,start,end\n";
    for (std::size_t m = 0; m <= p.server_count(); ++m) // the servers' rows first (cloud, edge), then devices
        for (std::size_t i = 0; i < p.job_count(); ++i) {
            const job_timing& t = s.jobs[i];
            if (t.machine != m) continue;
            const std::string job = "J" + std::to_string(i + 1);
            const std::string machine = m < p.server_count() ? machine_name(m) : "device " + job;
            if (m < p.server_count())
                csv << machine << ',' << job << ",upload," << t.transmission_start << ',' << t.transmission_end << '\n';
            csv << machine << ',' << job << ",processing," << t.processing_start << ',' << t.completion << '\n';
        }
    csv.close();
    if (!csv) {
        std::fprintf(stderr, "planning_multi_job: cannot write %s/%s.csv\n", dir.c_str(), file);
        return false;
    }
    std::printf("wrote %s/%s.csv\n", dir.c_str(), file);
    return true;
}

// the heuristics against the proven optimum on random instances (two servers, releases over [0, n))
void gap_study() {
    std::printf("\nGap to the proven optimum, weighted total, 20 random instances per row (mean / max):\n\n");
    std::printf("| n  | servers | greedy          | improving list  | Algorithm 2     | exact: worst CPU  |\n");
    std::printf("|----|---------|-----------------|-----------------|-----------------|-------------------|\n");
    for (const std::size_t n : {8, 10, 12, 15}) {
        for (const std::size_t servers : {2, 3}) {
            double sum[3] = {0, 0, 0};
            double worst[3] = {0, 0, 0};
            double slowest = 0.0;
            for (unsigned seed = 1; seed <= 20; ++seed) {
                const planning_problem q = random_planning_problem(n, servers, seed, false, 1.0);
                const std::clock_t t0 = std::clock(); // CPU time: the machine may be shared
                const branch_and_bound_result best = solve_exact(q);
                slowest = std::max(slowest, static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC);
                const double gaps[3] = {evaluate(q, earliest_completion_plan(q)).weighted_total_response,
                                        evaluate(q, list_schedule_and_improve(q)).weighted_total_response,
                                        evaluate(q, tabu_search(q).best).weighted_total_response};
                for (int h = 0; h < 3; ++h) {
                    const double gap = gaps[h] / best.objective - 1.0;
                    sum[h] += gap;
                    worst[h] = std::max(worst[h], gap);
                }
            }
            std::printf("| %-2zu | %7zu | %5.1f%% / %5.1f%% | %5.1f%% / %5.1f%% | %5.1f%% / %5.1f%% | %14.2f ms |\n", n,
                        servers, 5 * sum[0], 100 * worst[0], 5 * sum[1], 100 * worst[1], 5 * sum[2], 100 * worst[2],
                        1e3 * slowest);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) {
            out = argv[++i];
        } else {
            std::fprintf(stderr, "usage: planning_multi_job [--out DIR]\n");
            return 2;
        }
    }
    const planning_problem p = icu_ten_jobs();
    const tabu_search_result alg2 = tabu_search(p);
    const branch_and_bound_result exact = solve_exact(p);
    std::vector<planning_job> unit_jobs = p.jobs();
    for (auto& job : unit_jobs) job.weight = 1.0;
    const planning_problem unweighted(unit_jobs, p.server_count());
    const branch_and_bound_result exact_unweighted = solve_exact(unweighted);
    // an assignment with the seed's counts (4 devices, 4 edge, 2 cloud) that gives its 150 / 43
    const plan seed_like = make_plan(p, {2, 1, 0, 1, 2, 2, 2, 0, 1, 1});

    std::printf("Seed 001 Table VII recomputed from Table VI (time units; servers in release order unless noted)\n\n");
    std::printf("| %-44s | %5s | %4s | %8s | %6s | %5s | %-30s |\n", "strategy", "total", "last", "weighted", "seed",
                "seed", "reproduced?");
    std::printf("|%s|-------|------|----------|--------|-------|--------------------------------|\n",
                std::string(46, '-').c_str());
    row("Algorithm 2 (tabu search, weighted L*)", p, alg2.best, "150", "43", "no: ours is better, see docs");
    row("a 4 device / 4 edge / 2 cloud plan", p, seed_like, "150", "43", "yes, exactly");
    row("optimal layer for each job", p, individually_best(p), "227", "67", "yes, exactly");
    row("all on cloud, first come first served", p, all_on_server(p, 0, sequencing_rule::arrival_order), "416", "100",
        "yes: the seed's 'edge' row");
    row("all on edge, first come first served", p, all_on_server(p, 1, sequencing_rule::arrival_order), "291", "74",
        "total yes, last 72 not 74");
    row("all on cloud, release order", p, all_on_server(p, 0), "291", "74", "no (seed labels swapped?)");
    row("all on edge, release order", p, all_on_server(p, 1), "416", "100", "no");
    row("all on end devices", p, all_on_devices(p), "366", "94", "yes, exactly");
    row("exact optimum of the weighted total (eq. 5)", p, exact.best, "-", "-", "proven by branch and bound");
    row("exact optimum of the unweighted total", p, exact_unweighted.best, "-", "-", "proven by branch and bound");
    std::printf("\nAlgorithm 2: %zu passes, %zu moves; plan %s\n", alg2.passes, alg2.moves,
                assignment(alg2.best).c_str());
    std::printf("Exact (weighted): objective %.0f, lower bound %.0f, proven %s, %zu nodes; plan %s\n", exact.objective,
                exact.lower_bound, exact.proven_optimal ? "yes" : "no", exact.nodes, assignment(exact.best).c_str());
    std::printf("Exact (unweighted): objective %.0f, proven %s, %zu nodes; plan %s\n", exact_unweighted.objective,
                exact_unweighted.proven_optimal ? "yes" : "no", exact_unweighted.nodes,
                assignment(exact_unweighted.best).c_str());
    std::printf("Seed's bound (eq. 6), sum_i min_j w_i (D_ij + I_ij): %.0f\n", independent_lower_bound(p));

    gap_study();

    gantt(p, alg2.best, "Algorithm 2 (like seed Fig. 8)");
    gantt(p, individually_best(p), "Optimal layer for each job (like seed Fig. 9)");
    gantt(p, exact.best, "Exact optimum of the weighted total");
    if (!out.empty()) {
        const bool ok =
            write_gantt_csv(out, "planning_gantt_algorithm2", p, alg2.best, "Algorithm 2 on seed 001 Table VI") &&
            write_gantt_csv(out, "planning_gantt_optimum", p, exact.best, "Proven optimum on seed 001 Table VI");
        if (!ok) return 1;
    }
    return 0;
}
