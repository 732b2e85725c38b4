// compare_device_edge — the main job: should a Jetson TX2 run MobileNetV2 itself or offload it to an edge
// server with an NVIDIA A2, at 2 requests/s over a 5 Mbit/s link?
//
// Setting: seed 003 §4.3 (MobileNetV2, TX2 device, A2 edge, 2 RPS, 5 Mbit/s). The seed does not list its
// service times or payloads, so these are DERIVED, plausible values (docs/pipelines.md, "Default scenario"):
//   s_dev  = 19 ms   TX2 MobileNetV2 inference: the seed's §5.2 predicts 21 ms on-device latency at 10 RPS,
//                    which an M/D/1 with s = 19 ms reproduces (19 ms + 2.2 ms wait).
//   s_edge = 5.5 ms  19 ms scaled by the FP16 peak ratio TX2 / A2 = 1.3 / 4.5 TFLOPS (seed §4.1).
//   D_req  = 12 kB   one 224x224x3 input frame as a JPEG (150 kB raw, ~12:1 compression).
//   D_res  = 4 kB    1000 float32 class scores.
//   k_dev = k_edge = 1, no propagation delay (nearby edge, seed §4.2), results return to the device.
// Stages: the seed's DNN choice, k_parallel<md1> accelerators (k = 1 here: M/D/1) and M/M/1 NICs (Algorithm 1).
#include <chrono>
#include <cstdio>
#include <string>

#include "offload/crossover.hpp"
#include "offload/pipelines.hpp"

namespace {

void print_row(const char* name, double device, double offload) {
    std::printf("  %-28s %12.3f %12.3f\n", name, device * 1e3, offload * 1e3);
}

void print_crossovers(const char* what, const offload::crossover_result& r, double scale, const char* unit) {
    std::printf("  %-18s", what);
    if (r.points.empty()) std::printf(" none in range;");
    for (double x : r.points) std::printf(" %.4g %s;", x * scale, unit);
    std::printf("  winners:");
    for (const auto& iv : r.intervals)
        std::printf(" [%.4g, %.4g] %s", iv.lower * scale, iv.upper * scale, offload::label(r, iv.better).c_str());
    std::printf("\n");
}

} // namespace

int main() {
    const auto start = std::chrono::steady_clock::now();
    using namespace offload;

    const double lambda = 2.0;                         // requests/s (seed §4.3)
    const network_link link(megabits_per_second(5.0)); // 5 Mbit/s (seed §4.3)
    const payload sizes(12000.0, 4000.0);              // bytes (derived, see above)
    const dnn_on_device device(lambda, service_demand{0.019, 0.0, 1.0});
    const dnn_offload edge(lambda, service_demand{0.0055, 0.0, 1.0}, link, sizes);

    const latency_breakdown d = breakdown(device);
    const latency_breakdown e = breakdown(edge);
    std::printf("MobileNetV2: Jetson TX2 on-device vs offload to an A2 edge, %.0f req/s, %.0f Mbit/s\n", lambda,
                link.bandwidth() * 8.0 / 1e6);
    std::printf("  %-28s %12s %12s\n", "term (ms)", "on-device", "offload");
    print_row("device wait  w_dev^proc", d.device_wait, e.device_wait);
    print_row("device service  s_dev", d.device_service, e.device_service);
    print_row("uplink wait  w_dev^net", d.uplink_wait, e.uplink_wait);
    print_row("uplink transfer  n_req", d.uplink_transfer, e.uplink_transfer);
    print_row("edge wait  w_edge^proc", d.remote_wait, e.remote_wait);
    print_row("edge service  s_edge", d.remote_service, e.remote_service);
    print_row("downlink wait  w_edge^net", d.downlink_wait, e.downlink_wait);
    print_row("downlink transfer  n_res", d.downlink_transfer, e.downlink_transfer);
    print_row("propagation", d.propagation, e.propagation);
    print_row("mean latency", d.total, e.total);
    const double p99_device = latency_quantile(device, 0.99);
    const end_to_end_time edge_distribution = latency_distribution(edge);
    const double p99_edge = quantile(edge_distribution, 0.99);
    print_row("p99 latency", p99_device, p99_edge);
    const auto [p99_lo, p99_hi] = quantile_bounds(edge_distribution, 0.99);
    std::printf("  (offload p99 by convolution of independent stages, bracket [%.3f, %.3f] ms)\n", p99_lo * 1e3,
                p99_hi * 1e3);

    const winner decision = compare_latencies(d.total, e.total);
    std::printf("\nDecision (lower mean latency): %s, by %.3f ms\n", to_string(decision),
                std::abs(d.total - e.total) * 1e3);

    std::printf("\nCrossovers (mean latency; every point in range, winner per interval):\n");
    const crossover_result by_bandwidth =
        bandwidth_crossovers(device, edge, megabits_per_second(0.5), megabits_per_second(1000.0));
    print_crossovers("bandwidth", by_bandwidth, 8.0 / 1e6, "Mbit/s");
    const crossover_result by_rate = arrival_rate_crossovers(device, edge, 0.1, 100.0);
    print_crossovers("request rate", by_rate, 1.0, "req/s");
    // co-located copies of the same application, 2 req/s each (seed §4.8), on the shared A2
    const crossover_result by_tenants =
        tenant_count_crossovers(device, edge, tenant_demand(lambda, 0.0055, 0.0), 1, 100);
    print_crossovers("co-located tenants", by_tenants, 1.0, "tenants");
    const dnn_offload fast_edge = with_bandwidth(edge, megabits_per_second(20.0));
    print_crossovers("  same at 20 Mbit/s",
                     tenant_count_crossovers(device, fast_edge, tenant_demand(lambda, 0.0055, 0.0), 1, 100), 1.0,
                     "tenants");
    const crossover_result by_slowdown = device_slowdown_crossovers(device, edge, 0.25, 4.0);
    print_crossovers("device slowdown", by_slowdown, 1.0, "x");

    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\n(computed in %.1f ms)\n", elapsed * 1e3);
    return 0;
}
