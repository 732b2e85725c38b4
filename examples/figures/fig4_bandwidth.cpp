// fig4_bandwidth — seed 003 Fig. 4: mean latency vs link bandwidth with the crossover points marked.
//   (a) MobileNetV2 on a Jetson TX2 and on a Jetson Orin Nano vs offloading to an RTX 4070 edge;
//   (b) MobileNetV2 on a Jetson TX2 at several GPU frequency levels vs offloading to an A2 edge.
// 2 requests/s (seed §4.3). The seed does not name the workload of Fig. 4; MobileNetV2 (its case-study
// workload, §5.2) is assumed. Service times and payloads: the advisor's embedded seed 003 scenario (derived,
// docs/pipelines.md). Crossovers: offload::bandwidth_crossovers over [0.5, 1000] Mbit/s.
#include <cstdio>
#include <string>
#include <vector>

#include "figure_io.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/pipelines/stage_defaults.hpp"

int main(int argc, char** argv) {
    using namespace offload;
    const auto dir = figures::output_directory(argc, argv, "Seed 003 Fig. 4: latency vs bandwidth with crossovers.");
    const double lambda = 2.0; // req/s, seed §4.3
    const double lo = megabits_per_second(0.5), hi = megabits_per_second(1000.0);
    const scenario_workload& wl = figures::seed003_workload("mobilenet_v2");
    const payload sizes(wl.request_bytes, wl.result_bytes);
    const auto offload_to = [&](const char* server) {
        return dnn_offload(lambda, service_demand{figures::seed003_service(wl, server), 0.0, 1.0},
                           network_link(megabits_per_second(5.0)), sizes);
    };
    const auto on_device = [&](const char* device, double slowdown) {
        return dnn_on_device(lambda, service_demand{figures::seed003_service(wl, device) * slowdown, 0.0, 1.0});
    };
    constexpr int n = 121;

    // (a) TX2 and Orin Nano vs RTX 4070
    {
        const dnn_offload rtx = offload_to("rtx_4070");
        const dnn_on_device tx2 = on_device("jetson_tx2", 1.0), orin = on_device("jetson_orin_nano", 1.0);
        const crossover_result c_tx2 = bandwidth_crossovers(tx2, rtx, lo, hi);
        const crossover_result c_orin = bandwidth_crossovers(orin, rtx, lo, hi);
        figures::csv_figure fig;
        fig.title = "MobileNetV2, 2 req/s: on-device vs offload to an RTX 4070 (Fig. 4a)";
        fig.xlabel = "bandwidth (Mbit/s)";
        fig.ylabel = "mean latency (ms)";
        fig.xscale = "log";
        fig.yscale = "log";
        fig.header = {"bandwidth_mbps", "on-device (Jetson TX2)", "on-device (Jetson Orin Nano)",
                      "offload to RTX 4070"};
        for (double x : c_tx2.points) {
            fig.crossovers.push_back(x * figures::to_mbps);
            fig.crossover_labels.emplace_back("TX2");
        }
        for (double x : c_orin.points) {
            fig.crossovers.push_back(x * figures::to_mbps);
            fig.crossover_labels.emplace_back("Orin Nano");
        }
        for (int i = 0; i < n; ++i) {
            const double b = figures::logspace(lo, hi, i, n);
            fig.add_row({figures::cell(b * figures::to_mbps), figures::cell(mean_latency(tx2) * 1e3),
                         figures::cell(mean_latency(orin) * 1e3),
                         figures::cell(mean_latency(with_bandwidth(rtx, b)) * 1e3)});
        }
        fig.write(dir, "fig4a_bandwidth_rtx4070");
        std::printf("Fig. 4a, MobileNetV2 vs RTX 4070 edge, 2 req/s:\n");
        std::printf("  Jetson TX2        %s  (seed: offloading pays from 5 Mbit/s)\n",
                    offload::describe(c_tx2, figures::to_mbps, "Mbit/s").c_str());
        std::printf("  Jetson Orin Nano  %s  (seed: from 15 Mbit/s)\n",
                    offload::describe(c_orin, figures::to_mbps, "Mbit/s").c_str());
    }

    // (b) TX2 at several GPU frequency levels vs A2 (service time scales as f_max / f, as in fig2_frequency)
    {
        const dnn_offload a2 = offload_to("nvidia_a2");
        const std::vector<double> mhz = {1300.5, 1236.75, 1134.75, 1032.75, 828.75, 624.75};
        figures::csv_figure fig;
        fig.title = "MobileNetV2, 2 req/s: Jetson TX2 at GPU frequency levels vs offload to an A2 (Fig. 4b)";
        fig.xlabel = "bandwidth (Mbit/s)";
        fig.ylabel = "mean latency (ms)";
        fig.xscale = "log";
        fig.yscale = "log";
        fig.header = {"bandwidth_mbps"};
        std::vector<dnn_on_device> levels;
        std::printf("Fig. 4b, MobileNetV2 on a Jetson TX2 vs A2 edge, 2 req/s:\n");
        int wins_at_5 = 0;
        for (double f : mhz) {
            levels.push_back(on_device("jetson_tx2", mhz.front() / f));
            char label[64];
            std::snprintf(label, sizeof label, "TX2 at %.0f MHz", f);
            fig.header.emplace_back(label);
            const crossover_result c = bandwidth_crossovers(levels.back(), a2, lo, hi);
            for (double x : c.points) {
                fig.crossovers.push_back(x * figures::to_mbps);
                fig.crossover_labels.emplace_back(label + 7); // "1300 MHz"
            }
            const winner at5 = compare_latencies(mean_latency(levels.back()), mean_latency(a2));
            if (at5 == winner::first) ++wins_at_5;
            std::printf("  %-16s %s; at 5 Mbit/s: %s\n", label,
                        offload::describe(c, figures::to_mbps, "Mbit/s").c_str(), to_string(at5));
        }
        fig.header.emplace_back("offload to A2");
        for (int i = 0; i < n; ++i) {
            const double b = figures::logspace(lo, hi, i, n);
            std::vector<std::string> row = {figures::cell(b * figures::to_mbps)};
            for (const dnn_on_device& d : levels) row.push_back(figures::cell(mean_latency(d) * 1e3));
            row.push_back(figures::cell(mean_latency(with_bandwidth(a2, b)) * 1e3));
            fig.add_row(std::move(row));
        }
        fig.write(dir, "fig4b_bandwidth_a2_tx2_levels");
        std::printf("  at 5 Mbit/s on-device wins at the top %d of these %zu levels (seed: top 3 levels)\n", wins_at_5,
                    mhz.size());
    }
    return 0;
}
