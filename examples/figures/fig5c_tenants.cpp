// fig5c_tenants — seed 003 Fig. 5c: mean latency vs the number of co-located InceptionV4 applications on one
// NVIDIA A2 edge (no GPU isolation), each receiving 2 requests/s from its own client (seed §4.8), at 5 Mbit/s
// (seed §4.3; §4.8 does not restate the bandwidth). The shared A2 is an M/G/1 on the tenants' mixture (Lemma
// 3.2, offload::with_co_tenants); the on-device latency does not depend on the tenant count. The seed does not
// name the device of Fig. 5c, so both Jetsons are shown. Service times and payloads: the advisor's embedded
// seed 003 scenario (derived, docs/pipelines.md). Crossovers: offload::tenant_count_crossovers over 1..30.
#include <cstdio>
#include <string>
#include <vector>

#include "figure_io.hpp"
#include "offload/crossover/device_vs_offload.hpp"
#include "offload/pipelines/stage_defaults.hpp"

int main(int argc, char** argv) {
    using namespace offload;
    const auto dir = figures::output_directory(argc, argv, "Seed 003 Fig. 5c: latency vs co-located tenants.");
    const scenario_workload& wl = figures::seed003_workload("inception_v4");
    const double lambda = 2.0; // req/s per application (seed §4.8)
    const int lo = 1, hi = 30;
    const double s_a2 = figures::seed003_service(wl, "nvidia_a2");
    const dnn_offload edge(lambda, service_demand{s_a2, 0.0, 1.0}, network_link(megabits_per_second(5.0)),
                           payload(wl.request_bytes, wl.result_bytes));
    const tenant_demand copy(lambda, s_a2, 0.0); // every co-located application: InceptionV4 at 2 req/s
    const dnn_on_device tx2(lambda, service_demand{figures::seed003_service(wl, "jetson_tx2"), 0.0, 1.0});
    const dnn_on_device orin(lambda, service_demand{figures::seed003_service(wl, "jetson_orin_nano"), 0.0, 1.0});

    figures::csv_figure fig;
    fig.title = "InceptionV4, 2 req/s per application, 5 Mbit/s: offload to a shared A2 (Fig. 5c)";
    fig.xlabel = "co-located applications on the A2";
    fig.ylabel = "mean latency (ms)";
    fig.yscale = "log";
    fig.header = {"tenants", "on-device (Jetson TX2)", "on-device (Jetson Orin Nano)", "offload to A2"};
    std::printf("Fig. 5c, InceptionV4 at 2 req/s per application, 5 Mbit/s, 1..%d applications on one A2:\n", hi);
    const crossover_result c_tx2 = tenant_count_crossovers(tx2, edge, copy, lo, hi);
    const crossover_result c_orin = tenant_count_crossovers(orin, edge, copy, lo, hi);
    for (double x : c_tx2.points) fig.crossovers.push_back(x);
    std::printf("  vs Jetson TX2:       %s\n", offload::describe(c_tx2, 1.0, "applications").c_str());
    std::printf("  vs Jetson Orin Nano: %s\n", offload::describe(c_orin, 1.0, "applications").c_str());
    std::printf("  A2 saturates at m = 1 / (2 req/s x %.4g s) = %.2f applications\n", s_a2, 1.0 / (lambda * s_a2));
    std::printf("  (seed: offloading wins with one application, on-device from 18 applications on)\n");
    for (int m = lo; m <= hi; ++m)
        fig.add_row({std::to_string(m), figures::cell(mean_latency(tx2) * 1e3), figures::cell(mean_latency(orin) * 1e3),
                     figures::cell(mean_latency(with_co_tenants(edge, copy, m)) * 1e3)});
    fig.write(dir, "fig5c_tenants");
    return 0;
}
