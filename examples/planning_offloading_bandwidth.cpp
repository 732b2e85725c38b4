// planning_offloading_bandwidth — seed 002 (DDLO, joint binary offloading and bandwidth allocation) reproduced with
// the exact bandwidth allocation added: what the exact P2 gains over the public code's equal split, Fig. 9 (gain
// ratio Q*/Q_DDLO against learning steps for K = 1, 2, 3, 5), Figs. 12–13 (mean Q against alpha and beta for each
// scheme) and Fig. 14 (decision time against K). docs/planning.md ("Joint offloading and bandwidth allocation")
// shows the output.
//
//   planning_offloading_bandwidth [--steps S] [--instances I] [--out DIR]
// Defaults S = 600 learning steps and I = 20 test instances: a quick smoke run. The docs' numbers and figures:
//   planning_offloading_bandwidth --steps 3000 --instances 200 --out DIR
//   /usr/bin/python3 examples/figures/plot.py DIR      (DIR/planning_offloading_bandwidth_fig*.csv -> .png)
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "offload/planning/offloading_bandwidth.hpp"

using namespace offload::planning;

namespace {

struct csv {
    std::string name, title, xlabel, ylabel, yscale = "linear", marker = {};
    std::vector<std::string> header = {};
    std::vector<std::vector<double>> rows = {};

    void write(const std::filesystem::path& dir) const {
        const std::filesystem::path path = dir / (name + ".csv");
        std::ofstream f(path);
        f << "# title: " << title << "\n# xlabel: " << xlabel << "\n# ylabel: " << ylabel << "\n# yscale: " << yscale
          << "\n";
        if (!marker.empty()) f << "# marker: " << marker << "\n";
        for (std::size_t i = 0; i < header.size(); ++i) f << (i ? "," : "") << header[i];
        f << "\n";
        char b[64];
        for (const auto& r : rows) {
            for (std::size_t i = 0; i < r.size(); ++i) {
                std::snprintf(b, sizeof b, "%.8g", r[i]);
                f << (i ? "," : "") << b;
            }
            f << "\n";
        }
        std::printf("wrote %s\n", path.string().c_str());
    }
};

/// processor time of this process (std::clock): on a shared machine closer to the work done than wall time
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

/// Fig. 9: one online run per K; ratio[t] = Q*(d_t) / Q_DDLO(d_t)
std::vector<double> gain_ratios(std::size_t k, std::size_t steps) {
    ddlo_options o;
    o.dnn_count = k;
    o.seed = 1;
    ddlo learner(3, 3, {}, o);
    task_size_generator sizes(3, 3, 2);
    std::vector<double> ratio;
    for (std::size_t t = 0; t < steps; ++t) {
        const std::vector<double> d = sizes.next();
        const double q = learner.step(d).utility;
        ratio.push_back(enumerate_offloading(offloading_problem(3, 3, d)).evaluation.utility / q);
    }
    return ratio;
}

double window_mean(const std::vector<double>& v, std::size_t end, std::size_t width) {
    const std::size_t begin = end > width ? end - width : 0;
    double s = 0.0;
    for (std::size_t i = begin; i < end; ++i) s += v[i];
    return s / static_cast<double>(end - begin);
}

/// Figs. 12–13: mean Q over test instances for each scheme, DDLO trained online for `steps` first
std::vector<double> scheme_means(const offloading_parameters& q, std::size_t steps, std::size_t instances) {
    ddlo_options o;
    o.seed = 1;
    ddlo learner(3, 3, q, o);
    task_size_generator train(3, 3, 2);
    for (std::size_t t = 0; t < steps; ++t) (void)learner.step(train.next());
    task_size_generator test(3, 3, 99);
    std::vector<double> sum(6, 0.0);
    for (std::size_t i = 0; i < instances; ++i) {
        const std::vector<double> d = test.next();
        const offloading_problem p(3, 3, d, q);
        sum[0] += local_only_solution(p).evaluation.utility;
        sum[1] += edge_only_solution(p, bandwidth_rule::equal_split).evaluation.utility;
        sum[2] += edge_only_solution(p).evaluation.utility;
        sum[3] += enumerate_offloading(p, bandwidth_rule::equal_split).evaluation.utility;
        sum[4] += learner.decide(d).utility;
        sum[5] += enumerate_offloading(p).evaluation.utility;
    }
    for (double& s : sum) s /= static_cast<double>(instances);
    return sum;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t steps = 600;
    std::size_t instances = 20;
    std::filesystem::path out;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--steps" && i + 1 < argc) {
            steps = static_cast<std::size_t>(std::strtoul(argv[++i], nullptr, 10));
        } else if (a == "--instances" && i + 1 < argc) {
            instances = static_cast<std::size_t>(std::strtoul(argv[++i], nullptr, 10));
        } else if (a == "--out" && i + 1 < argc) {
            out = argv[++i];
        } else {
            std::fprintf(stderr, "usage: planning_offloading_bandwidth [--steps S] [--instances I] [--out DIR]\n");
            return 2;
        }
    }
    if (steps < 1 || instances < 1) {
        std::fprintf(stderr, "planning_offloading_bandwidth: --steps and --instances must be >= 1\n");
        return 2;
    }
    if (!out.empty()) std::filesystem::create_directories(out);
    std::printf("planning_offloading_bandwidth: N = 3 devices, M = 3 tasks, the seed's defaults, %zu learning steps, "
                "%zu test instances\n\n",
                steps, instances);

    // 1. exact P2 against the public code's equal split, at the seed's C and at scarcer bandwidth
    {
        std::printf("### Exact bandwidth (P2) against the equal split C/N, mean Q (J) over %zu instances\n\n",
                    instances);
        std::printf(
            "| C (Mbit/s) | P1 optimum, equal split | P1 optimum, exact P2 | reduction | edge only, equal split | "
            "edge only, exact P2 | reduction | C binds at the P1 optimum |\n|---|---|---|---|---|---|---|---|\n");
        for (const double mbps : {150.0, 15.0, 1.5}) {
            offloading_parameters q;
            q.bandwidth_bits_per_second = mbps * 1e6;
            task_size_generator test(3, 3, 99);
            double joint_exact = 0.0, joint_equal = 0.0, edge_exact = 0.0, edge_equal = 0.0;
            std::size_t binding = 0;
            for (std::size_t i = 0; i < instances; ++i) {
                const offloading_problem p = test.next_problem(q);
                const offloading_solution s = enumerate_offloading(p);
                joint_exact += s.evaluation.utility;
                binding += optimal_bandwidth(p, s.plan.decision).capacity_binding ? 1 : 0;
                joint_equal += enumerate_offloading(p, bandwidth_rule::equal_split).evaluation.utility;
                edge_exact += edge_only_solution(p).evaluation.utility;
                edge_equal += edge_only_solution(p, bandwidth_rule::equal_split).evaluation.utility;
            }
            const auto n = static_cast<double>(instances);
            std::printf("| %.1f | %.2f | %.2f | %.2f%% | %.2f | %.2f | %.2f%% | %zu of %zu |\n", mbps, joint_equal / n,
                        joint_exact / n, 100.0 * (1.0 - joint_exact / joint_equal), edge_equal / n, edge_exact / n,
                        100.0 * (1.0 - edge_exact / edge_equal), binding, instances);
        }
        std::printf("\n");
    }

    // 2. Fig. 9
    {
        const std::size_t ks[] = {1, 2, 3, 5};
        std::vector<std::vector<double>> r;
        for (std::size_t k : ks) r.push_back(gain_ratios(k, steps));
        std::printf(
            "### Fig. 9: mean gain ratio Q*/Q_DDLO over the previous 500 steps\n\n| step | K = 1 | K = 2 | K = 3 | "
            "K = 5 |\n|---|---|---|---|---|\n");
        for (std::size_t t = 500; t <= steps; t += 500)
            std::printf("| %zu | %.4f | %.4f | %.4f | %.4f |\n", t, window_mean(r[0], t, 500),
                        window_mean(r[1], t, 500), window_mean(r[2], t, 500), window_mean(r[3], t, 500));
        std::printf("\n");
        csv f{"planning_offloading_bandwidth_fig9", "Seed 002 Fig. 9: DDLO gain ratio (mean of the last 100 steps)",
              "learning step", "Q* / Q_DDLO"};
        f.header = {"step", "K = 1", "K = 2", "K = 3", "K = 5"};
        for (std::size_t t = 10; t <= steps; t += 10)
            f.rows.push_back({static_cast<double>(t), window_mean(r[0], t, 100), window_mean(r[1], t, 100),
                              window_mean(r[2], t, 100), window_mean(r[3], t, 100)});
        if (!out.empty()) f.write(out);
    }

    // 3. Figs. 12 and 13
    // (no commas: the names are CSV column headers)
    const std::vector<std::string> schemes = {"local only",
                                              "edge only (equal split)",
                                              "edge only (exact P2)",
                                              "enumeration (equal split: public code)",
                                              "DDLO K = 5 (exact P2)",
                                              "exact joint (enumeration + P2)"};
    for (int figure = 12; figure <= 13; ++figure) {
        const bool alpha = figure == 12;
        csv f{"planning_offloading_bandwidth_fig" + std::to_string(figure),
              alpha ? "Seed 002 Fig. 12: mean Q against alpha (beta = 1 J/s)"
                    : "Seed 002 Fig. 13: mean Q against beta (alpha = 1.5e-7 J/bit)",
              alpha ? "alpha (1e-7 J/bit)" : "beta (J/s)", "mean Q (J)"};
        f.marker = "o";
        f.header = {alpha ? "alpha" : "beta"};
        f.header.insert(f.header.end(), schemes.begin(), schemes.end());
        std::printf("### Fig. %d: mean Q (J) against %s\n\n| %s |", figure, alpha ? "alpha" : "beta",
                    alpha ? "alpha (1e-7 J/bit)" : "beta (J/s)");
        for (const auto& s : schemes) std::printf(" %s |", s.c_str());
        std::printf("\n|---|---|---|---|---|---|---|\n");
        for (const double v : {0.5, 1.0, 1.5, 2.0, 2.5, 3.0}) {
            offloading_parameters q;
            if (alpha)
                q.energy = offload::energy_model(3.25e-7, 1.42e-7, v * 1e-7);
            else
                q.delay_weight = v;
            const std::vector<double> m = scheme_means(q, steps, instances);
            std::vector<double> row{v};
            row.insert(row.end(), m.begin(), m.end());
            f.rows.push_back(row);
            std::printf("| %.1f |", v);
            for (double x : m) std::printf(" %.2f |", x);
            std::printf("\n");
        }
        std::printf("\n");
        if (!out.empty()) f.write(out);
    }

    // 4. Fig. 14: decision time against K (a trained learner's decide(): K forward passes + K exact P2 solves)
    {
        task_size_generator sizes(3, 3, 5);
        std::vector<std::vector<double>> inputs;
        for (int i = 0; i < 256; ++i) inputs.push_back(sizes.next());
        const int reps = 4000;
        csv f{"planning_offloading_bandwidth_fig14",
              "Seed 002 Fig. 14: decision time per input (N = M = 3, one core, CPU time)", "number of DNNs K",
              "time per decision (us)"};
        f.marker = "o";
        f.header = {"K", "DDLO decide()", "branch and bound (exact)", "enumeration (exact)"};
        auto time_per = [&](auto&& fn) {
            const double t0 = cpu_seconds();
            double sink = 0.0;
            for (int i = 0; i < reps; ++i) sink += fn(inputs[static_cast<std::size_t>(i) % inputs.size()]);
            const double t = (cpu_seconds() - t0) / reps * 1e6;
            return sink > 0.0 ? t : -t; // keeps the work observable
        };
        const double bnb = time_per([](const std::vector<double>& d) {
            return offloading_branch_and_bound(offloading_problem(3, 3, d)).evaluation.utility;
        });
        const double en = time_per([](const std::vector<double>& d) {
            return enumerate_offloading(offloading_problem(3, 3, d)).evaluation.utility;
        });
        std::printf("### Fig. 14: decision time (us) per input, N = M = 3\n\n| K | DDLO decide() |\n|---|---|\n");
        for (std::size_t k : {1, 2, 3, 4, 5, 6, 8, 10}) {
            ddlo_options o;
            o.dnn_count = k;
            ddlo learner(3, 3, {}, o);
            for (int t = 0; t < 600; ++t) (void)learner.step(sizes.next());
            const double us = time_per([&](const std::vector<double>& d) { return learner.decide(d).utility; });
            std::printf("| %zu | %.2f |\n", k, us);
            f.rows.push_back({static_cast<double>(k), us, bnb, en});
        }
        std::printf("\nexact P1 for comparison: branch and bound %.2f us, enumeration %.2f us\n", bnb, en);
        if (!out.empty()) f.write(out);
    }
    return 0;
}
