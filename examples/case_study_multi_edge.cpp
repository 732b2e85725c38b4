// case_study_multi_edge — seed 003 §5.3 replayed through offload::offload_policy: a Jetson TX2 running YOLOv8n
// at 10 requests/s chooses between itself and two multi-tenant A2 edges whose other tenants send
// (10, 30) -> (50, 30) at t = 80 s -> (50, 50) at t = 160 s requests/s.
//
// Inputs (docs/decisions.md, "Case studies"): the seed gives the rates but not the service times or payloads.
// DERIVED values: s_dev = 50 ms on the TX2 (about 13 % of its 1.3 TFLOPS FP16 peak for YOLOv8n's 8.7 GFLOPs),
// s_edge = 15 ms on the A2, a 50 kB JPEG frame up, 2 kB of detections back, 20 Mbit/s. The seed's edge rates
// are read as the OTHER tenants' load (this device adds its 10 req/s when it offloads). Each edge reports its
// load every 5 s; the policy mixes the tenants' service times (seed Lemma 3.2) and predicts with the pipelines.
#include <array>
#include <cstdio>

#include "offload/flops/zoo.hpp"
#include "offload/policy.hpp"

int main() {
    using namespace offload;
    using namespace offload::dnn;
    const double gflops = total_flops(zoo::yolov8n(), flops_convention::twice_macs) / 1e9;
    std::printf("Seed 003 §5.3: TX2 + two A2 edges, YOLOv8n (%.1f GFLOPs by the zoo; s_dev = 50 ms is %.0f %% of the "
                "TX2's 1.3 TFLOPS FP16 peak)\n",
                gflops, 100.0 * gflops * 1e9 / 1.3e12 / 0.050);
    policy_description d;
    d.device = service_demand{0.050, 0.0, 1.0};
    for (const char* name : {"E1", "E2"}) {
        policy_remote e;
        e.name = name;
        e.demand = service_demand{0.015, 0.0, 1.0};
        e.bandwidth = megabits_per_second(20.0);
        d.remotes.push_back(e);
    }
    d.workload.arrival_rate = 10.0;
    d.workload.request_bytes = 50000.0;
    d.workload.result_bytes = 2000.0;
    d.options.hysteresis_margin = 0.05;
    d.options.min_dwell = 2.0;
    offload_policy policy(d);

    const auto load = [](double t) { return std::array<double, 2>{t < 80.0 ? 10.0 : 50.0, t < 160.0 ? 30.0 : 50.0}; };
    std::printf("%6s %9s | %10s %10s %10s | %-9s %s\n", "t (s)", "E1, E2", "device", "E1", "E2", "decision", "reason");
    int last = -2;
    int switches = 0;
    std::array<int, 3> seen{-9, -9, -9};
    for (int step = 0; step < 2400; ++step) { // 10 req/s for 240 s
        const double t = 0.1 * step;
        if (step % 50 == 0) {
            const auto l = load(t);
            policy.report_edge_load(0, t, l[0]);
            policy.report_edge_load(1, t, l[1]);
        }
        policy.observe_request(t);
        const policy_decision dec = policy.decide(t);
        const int where = dec.chosen_option.kind == option_kind::device ? -1 : dec.chosen_option.remote;
        if (where != last && step > 0) ++switches;
        if (where != last || step % 200 == 0) {
            const auto l = load(t);
            std::array<option_prediction, 3> o{};
            policy.predictions(o);
            std::printf("%6.1f %4.0f, %3.0f | %7.1f ms %7.1f ms %7.1f ms | %-9s %s\n", t, l[0], l[1], o[0].mean * 1e3,
                        o[1].mean * 1e3, o[2].mean * 1e3, where < 0 ? "on-device" : (where == 0 ? "E1" : "E2"),
                        to_string(dec.chosen.reason));
            last = where;
        }
        if (step == 790) seen[0] = where;
        if (step == 1590) seen[1] = where;
        if (step == 2390) seen[2] = where;
    }
    std::printf("\nphases: %s -> %s -> %s (seed: E1 -> E2 -> on-device), %d switches\n", seen[0] == 0 ? "E1" : "?",
                seen[1] == 1 ? "E2" : "?", seen[2] == -1 ? "on-device" : "?", switches);
    return (seen[0] == 0 && seen[1] == 1 && seen[2] == -1 && switches == 2) ? 0 : 1;
}
