// fig5b_rate — seed 003 Fig. 5b: mean latency vs request rate, MobileNetV2 on a Jetson Orin Nano vs offloading
// to an NVIDIA A2 edge, over 10 and 20 Mbit/s links (seed §4.7). Service times and payloads: the advisor's
// embedded seed 003 scenario (derived, docs/pipelines.md). Crossovers: offload::arrival_rate_crossovers over
// [1, 200] requests/s; +inf (written 'inf') where a queue on the path cannot keep up.
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "figure_io.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/pipelines/stage_defaults.hpp"

int main(int argc, char** argv) {
    using namespace offload;
    const auto dir = figures::output_directory(argc, argv, "Seed 003 Fig. 5b: latency vs request rate.");
    const scenario_workload& wl = figures::seed003_workload("mobilenet_v2");
    const double lo = 1.0, hi = 200.0; // requests/s
    const dnn_on_device orin(lo, service_demand{figures::seed003_service(wl, "jetson_orin_nano"), 0.0, 1.0});
    const std::array<double, 2> mbps = {10.0, 20.0};
    std::vector<dnn_offload> edges;
    figures::csv_figure fig;
    fig.title = "MobileNetV2: Jetson Orin Nano on-device vs offload to an A2 (Fig. 5b)";
    fig.xlabel = "request rate (req/s)";
    fig.ylabel = "mean latency (ms)";
    fig.yscale = "log";
    fig.header = {"arrival_rate", "on-device (Jetson Orin Nano)"};
    std::printf("Fig. 5b, MobileNetV2: Orin Nano on-device vs A2 offload, request rate in [%.0f, %.0f] req/s\n", lo,
                hi);
    for (double b : mbps) {
        edges.emplace_back(lo, service_demand{figures::seed003_service(wl, "nvidia_a2"), 0.0, 1.0},
                           network_link(megabits_per_second(b)), payload(wl.request_bytes, wl.result_bytes));
        const crossover_result c = arrival_rate_crossovers(orin, edges.back(), lo, hi);
        for (double x : c.points) fig.crossovers.push_back(x);
        char label[48];
        std::snprintf(label, sizeof label, "offload to A2 at %.0f Mbit/s", b);
        fig.header.emplace_back(label);
        std::printf("  %2.0f Mbit/s: crossovers %s\n", b, offload::describe(c, 1.0, "req/s").c_str());
    }
    std::printf("  (seed: at 10 Mbit/s on-device wins at every rate; at 20 Mbit/s on-device up to 60 req/s, "
                "offload beyond)\n");
    constexpr int n = 200;
    for (int i = 0; i < n; ++i) {
        const double r = lo + (hi - lo) * i / (n - 1);
        std::vector<std::string> row = {figures::cell(r),
                                        figures::cell(mean_latency(with_arrival_rate(orin, r)) * 1e3)};
        for (const dnn_offload& e : edges) row.push_back(figures::cell(mean_latency(with_arrival_rate(e, r)) * 1e3));
        fig.add_row(std::move(row));
    }
    fig.write(dir, "fig5b_rate");
    return 0;
}
