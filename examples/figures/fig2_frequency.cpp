// fig2_frequency — seed 003 Fig. 2: mean latency of on-device processing at every GPU frequency level of the
// device vs offloading to an NVIDIA A2 edge, for MobileNetV2, InceptionV4 and YOLOv8n on a Jetson TX2 and a
// Jetson Orin Nano, at 2 requests/s over 5 Mbit/s (seed §4.3).
//
// Inputs: service times and payloads of the advisor's embedded seed 003 scenario (default_scenario(): derived
// values, docs/pipelines.md). Frequency levels: the GPU's devfreq levels in NVIDIA's Jetson Linux (the seed
// does not list them). Assumption: the device's service time scales as f_max / f (compute-bound inference at
// a lower GPU clock). The crossover frequency comes from offload::device_slowdown_crossovers.
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "figure_io.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/pipelines/stage_defaults.hpp"

namespace {

struct device_levels {
    const char* name; ///< processor name in the scenario
    const char* label;
    std::vector<double> mhz; ///< ascending; the last is f_max
};

} // namespace

int main(int argc, char** argv) {
    using namespace offload;
    const auto dir = figures::output_directory(argc, argv, "Seed 003 Fig. 2: latency vs device GPU frequency level.");
    const std::vector<device_levels> devices = {
        {"jetson_tx2",
         "Jetson TX2",
         {114.75, 216.75, 318.75, 420.75, 522.75, 624.75, 726.75, 828.75, 930.75, 1032.75, 1134.75, 1236.75, 1300.5}},
        {"jetson_orin_nano", "Jetson Orin Nano", {306.0, 408.0, 510.0, 612.0, 624.75}},
    };
    const std::array<const char*, 3> workloads = {"mobilenet_v2", "inception_v4", "yolov8n"};
    const std::array<const char*, 3> labels = {"MobileNetV2", "InceptionV4", "YOLOv8n"};
    // seed §4.3: levels (counted from the top) where on-device beats offloading to the A2
    const std::array<std::array<const char*, 2>, 3> seed_says = {{{"top 3 of its levels", "all levels"},
                                                                  {"none (offload wins everywhere)", "none"},
                                                                  {"top 6 levels", "all levels"}}};
    const double lambda = 2.0;                         // req/s, seed §4.3
    const network_link link(megabits_per_second(5.0)); // seed §4.3

    std::printf("Seed 003 Fig. 2: on-device at each GPU frequency level vs offload to an A2, %.0f req/s, 5 Mbit/s\n",
                lambda);
    for (std::size_t w = 0; w < workloads.size(); ++w) {
        const scenario_workload& wl = figures::seed003_workload(workloads[w]);
        const dnn_offload edge(lambda, service_demand{figures::seed003_service(wl, "nvidia_a2"), 0.0, 1.0}, link,
                               payload(wl.request_bytes, wl.result_bytes));
        for (std::size_t d = 0; d < devices.size(); ++d) {
            const device_levels& dev = devices[d];
            const double f_max = dev.mhz.back();
            const dnn_on_device device(lambda, service_demand{figures::seed003_service(wl, dev.name), 0.0, 1.0});
            const crossover_result c = device_slowdown_crossovers(device, edge, 1.0, f_max / dev.mhz.front());

            figures::csv_figure fig;
            fig.title = std::string(labels[w]) + ": " + dev.label + " on-device vs A2 offload (2 req/s, 5 Mbit/s)";
            fig.xlabel = std::string(dev.label) + " GPU frequency (MHz)";
            fig.ylabel = "mean latency (ms)";
            fig.marker = "o"; // one point per frequency level
            fig.header = {"gpu_mhz", std::string("on-device (") + dev.label + ")", "offload to A2"};
            for (double factor : c.points) fig.crossovers.push_back(f_max / factor);
            int device_wins = 0;
            for (double f : dev.mhz) {
                const double t_dev = mean_latency(with_device_slowdown(device, f_max / f));
                const double t_off = mean_latency(edge);
                if (compare_latencies(t_dev, t_off) == winner::first) ++device_wins;
                fig.add_row({figures::cell(f), figures::cell(t_dev * 1e3), figures::cell(t_off * 1e3)});
            }
            fig.write(dir, std::string("fig2_") + workloads[w] + "_" + dev.name);
            std::printf("  %-12s %-17s crossover frequency:", labels[w], dev.label);
            if (c.points.empty()) std::printf(" none in [%.0f, %.0f] MHz", dev.mhz.front(), f_max);
            for (double factor : c.points) std::printf(" %.1f MHz (slowdown %.3fx)", f_max / factor, factor);
            std::printf("; on-device wins at %d of %zu levels (seed: %s)\n", device_wins, dev.mhz.size(),
                        seed_says[w][d]);
        }
    }
    return 0;
}
