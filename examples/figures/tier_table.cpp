// tier_table — seed 001 Table IV style: Algorithm 1's estimated response time of the three ICU LSTM workloads
// (18 data sizes) on the cloud server, the edge server and the end device, and the chosen tier.
//
// Inputs (seed 001 §VII, §VIII-A):
//   CR_i     Table III: end device (Raspberry Pi 4B) 192 GFLOPS, edge server 563.2 GFLOPS, cloud server CPU
//            1126.4 GFLOPS (§VIII-A uses the cloud's CPU cores for these LSTMs), from the hardware presets;
//   comp     the seed's FLOPs of each model = its parameter count (105,089 / 7,569 / 347,417), taken from
//            offload's zoo::icu_lstm models, which reproduce those counts exactly;
//   s        the 18 inference data sizes listed in §VII, in KB (one unit of data = 1 KB);
//   D_iu     seconds to move 1 KB: edge LAN 10 MB/s -> 0.1 ms/KB, cloud 2.9 MB/s -> 0.345 ms/KB. The measured
//            fixed latencies (0.239 ms edge, 42 ms cloud) have no term in Algorithm 1 and are left out;
//   lambda1  = 1; lambda2: the seed calibrates both weights on a small run it does not report. This program
//            finds (with estimate_tier_times) the range of lambda2 / lambda1 for which Algorithm 1 reproduces
//            every decision of Table IV, and uses its geometric midpoint.
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "figure_io.hpp"
#include "offload/decision/tier.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/model.hpp"
#include "offload/flops/zoo.hpp"

namespace {

struct seed_row {
    const char* id;
    double size_kb;                  ///< seed 001 §VII
    std::array<double, 3> seed_time; ///< Table IV: cloud, edge, device (the seed's unit, not stated)
    offload::tier seed_choice;
};

constexpr offload::tier ES = offload::tier::edge, ED = offload::tier::device;

// seed 001 Table IV with the §VII data sizes (WL1: short-of-breath alert, WL2: life-death prediction,
// WL3: phenotype classification)
const std::array<seed_row, 18> rows = {{
    {"WL1-1", 700, {2091, 1279, 1394}, ES},
    {"WL1-2", 1300, {4182, 2558, 2788}, ES},
    {"WL1-3", 2300, {8364, 5116, 5576}, ES},
    {"WL1-4", 5000, {16728, 10232, 11152}, ES},
    {"WL1-5", 10700, {33456, 20464, 22304}, ES},
    {"WL1-6", 21500, {66912, 40928, 44608}, ES},
    {"WL2-1", 479, {212, 109, 79}, ED},
    {"WL2-2", 950, {424, 218, 158}, ED},
    {"WL2-3", 1900, {848, 436, 316}, ED},
    {"WL2-4", 3900, {1696, 872, 632}, ED},
    {"WL2-5", 7800, {3392, 1744, 1264}, ED},
    {"WL2-6", 15900, {6784, 3488, 2528}, ED},
    {"WL3-1", 836, {3115, 2931, 3618}, ES},
    {"WL3-2", 1700, {6230, 5862, 7236}, ES},
    {"WL3-3", 2900, {12460, 11724, 14472}, ES},
    {"WL3-4", 5300, {24920, 23448, 28944}, ES},
    {"WL3-5", 10800, {49840, 46896, 57888}, ES},
    {"WL3-6", 21600, {99680, 93792, 115776}, ES},
}};

} // namespace

int main(int argc, char** argv) {
    using namespace offload;
    using namespace offload::dnn;
    const auto dir = figures::output_directory(argc, argv, "Seed 001 Table IV: Algorithm 1 tier choice.");
    const std::array<double, 3> comp = {total_parameters(zoo::icu_lstm(zoo::icu_workload::short_of_breath_alert)),
                                        total_parameters(zoo::icu_lstm(zoo::icu_workload::life_death_prediction)),
                                        total_parameters(zoo::icu_lstm(zoo::icu_workload::phenotype_classification))};
    const double cr_device = peak_flops(raspberry_pi_4b(), dtype::fp32);
    const double cr_edge = peak_flops(xeon_8_core_cpu(), dtype::fp32);
    const double cr_cloud = peak_flops(xeon_gold_5220_cpu(), dtype::fp32);
    const double d_edge = 1e3 / 10e6, d_cloud = 1e3 / 2.9e6; // seconds per KB
    const auto environment = [&](double lambda2) {
        return tier_environment(cr_device, cr_edge, cr_cloud, d_edge, d_cloud, 1.0, lambda2);
    };
    const auto workload_of = [&](std::size_t r) { return tier_workload{comp[r / 6], rows[r].size_kb}; };

    // the lambda2 range that reproduces all 18 of Table IV's decisions
    double lo = 0.0, hi = 0.0;
    constexpr int grid = 8001;
    for (int g = 0; g < grid; ++g) {
        const double lambda2 = figures::logspace(1.0, 1e5, g, grid);
        bool all = true;
        for (std::size_t r = 0; r < rows.size() && all; ++r)
            all = estimate_tier_times(environment(lambda2), workload_of(r)).best == rows[r].seed_choice;
        if (all) {
            if (lo == 0.0) lo = lambda2;
            hi = lambda2;
        }
    }
    if (lo == 0.0) {
        std::printf("no lambda2 in [1, 1e5] reproduces Table IV's decisions\n");
        return 1;
    }
    const double lambda2 = std::sqrt(lo * hi);
    const tier_environment env = environment(lambda2);
    std::printf("Seed 001 Table IV: Algorithm 1, comp = %.0f / %.0f / %.0f FLOPs, CR = %.1f / %.1f / %.1f GFLOPS "
                "(device / edge / cloud)\n",
                comp[0], comp[1], comp[2], cr_device / 1e9, cr_edge / 1e9, cr_cloud / 1e9);
    std::printf("  Table IV's decisions are all reproduced for lambda2/lambda1 in [%.0f, %.0f]; using %.0f\n", lo, hi,
                lambda2);

    figures::csv_figure table;
    table.title = "Seed 001 Table IV by Algorithm 1 (times in ms; seed's values in its own unit)";
    table.kind = "table";
    table.header = {"workload", "data (KB)",   "cloud (ms)", "edge (ms)",    "device (ms)",
                    "chosen",   "seed: cloud", "seed: edge", "seed: device", "seed: chosen"};
    int agree = 0;
    std::printf("  %-6s %8s %11s %11s %11s  %-7s %s\n", "", "KB", "cloud ms", "edge ms", "device ms", "chosen",
                "seed's choice");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const decision d = choose_tier(env, workload_of(r), tier_fidelity::load_free);
        const tier best = tier_of(d.chosen_option());
        const std::array<double, 3> t = {d.options[2].mean, d.options[1].mean, d.options[0].mean};
        if (best == rows[r].seed_choice) ++agree;
        table.add_row({rows[r].id, figures::cell(rows[r].size_kb), figures::cell(t[0] * 1e3, "%.1f"),
                       figures::cell(t[1] * 1e3, "%.1f"), figures::cell(t[2] * 1e3, "%.1f"), to_string(best),
                       figures::cell(rows[r].seed_time[0]), figures::cell(rows[r].seed_time[1]),
                       figures::cell(rows[r].seed_time[2]), to_string(rows[r].seed_choice)});
        std::printf("  %-6s %8.0f %11.1f %11.1f %11.1f  %-7s %s\n", rows[r].id, rows[r].size_kb, t[0] * 1e3, t[1] * 1e3,
                    t[2] * 1e3, to_string(best), to_string(rows[r].seed_choice));
    }
    table.write(dir, "tier_table");
    std::printf("  chosen tier agrees with Table IV in %d of %zu rows\n", agree, rows.size());
    return agree == static_cast<int>(rows.size()) ? 0 : 1;
}
