// case_study_bandwidth — seed 003 §5.2 replayed through offload::offload_policy: a Jetson TX2 running
// MobileNetV2 at 10 requests/s decides per request between on-device processing and an NVIDIA A2 edge while
// the link goes 20 -> 10 -> 2 -> 20 Mbit/s at t = 20, 40, 60 s.
//
// Inputs (docs/decisions.md, "Case studies"): s_dev = 19 ms (the seed's 21 ms on-device prediction at 10 RPS is
// an M/D/1 with 19 ms service), s_edge = 5.5 ms (19 ms scaled by the FP16 peak ratio 1.3 / 4.5 TFLOPS),
// D_req = 6.5 kB and D_res = 1 kB: DERIVED so that the seed's Algorithm 1 gives its reported 45 ms offload
// latency at 2 Mbit/s (the seed does not list payload sizes). The policy sees what the seed's resource manager
// sees: request timestamps (sliding window), a bandwidth probe once per second (the seed measures it with
// iperf), and decides per request.
#include <array>
#include <cstdio>
#include <string_view>

#include "offload/policy.hpp"

int main() {
    using namespace offload;
    policy_description d;
    d.device = service_demand{0.019, 0.0, 1.0};
    policy_remote a2;
    a2.name = "A2 edge";
    a2.demand = service_demand{0.0055, 0.0, 1.0};
    a2.bandwidth = megabits_per_second(20.0);
    d.remotes.push_back(a2);
    d.workload.arrival_rate = 10.0;
    d.workload.request_bytes = 6500.0;
    d.workload.result_bytes = 1000.0;
    d.options.bandwidth_weight = 0.5;
    d.options.hysteresis_margin = 0.05;
    d.options.min_dwell = 1.0;
    offload_policy policy(d);

    const auto bandwidth_at = [](double t) { return t < 20.0 ? 20.0 : t < 40.0 ? 10.0 : t < 60.0 ? 2.0 : 20.0; };
    std::printf("Seed 003 §5.2: TX2 + A2, MobileNetV2 at 10 req/s, bandwidth 20 -> 10 -> 2 -> 20 Mbit/s\n");
    std::printf("%6s %8s | %10s %10s | %10s %10s | %-9s %s\n", "t (s)", "Mbit/s", "dev mean", "dev p99", "edge mean",
                "edge p99", "decision", "reason");
    const char* last = "";
    int switches = 0;
    std::array<option_prediction, 2> p{};
    for (int step = 0; step < 800; ++step) { // one request every 0.1 s for 80 s
        const double t = 0.1 * step;
        if (step % 10 == 0) { // a bandwidth probe each second: 6.5 kB at the current rate
            const double mbit = bandwidth_at(t);
            policy.observe_transfer(0, t, 6500.0, 6500.0 / megabits_per_second(mbit));
        }
        policy.observe_request(t);
        const policy_decision choice_now = policy.decide(t);
        const char* where = choice_now.chosen_option.kind == option_kind::device ? "on-device" : "offload";
        const bool changed = std::string_view(where) != last;
        if (changed && step > 0) ++switches;
        if (changed || step % 50 == 0) {
            policy.predictions(p);
            std::printf("%6.1f %8.0f | %8.2f ms %7.2f ms | %7.2f ms %7.2f ms | %-9s %s\n", t, bandwidth_at(t),
                        p[0].mean * 1e3, p[0].p99 * 1e3, p[1].mean * 1e3, p[1].p99 * 1e3, where,
                        to_string(choice_now.chosen.reason));
            last = where;
        }
    }
    std::printf("\nswitches: %d (expected 2: to on-device after t = 40 s, back to offload after t = 60 s)\n", switches);
    std::printf("seed's reported predictions at 2 Mbit/s: offload 45 ms, on-device 21 ms\n");
    return switches == 2 ? 0 : 1;
}
