// benchmarks/simulator_memory.cpp — peak memory of one long simulation of the 3-station offload pipeline
// (bench_simulator's network: device NIC M/M/1 -> edge M/D/2 -> edge NIC M/M/1), to show that it does not grow
// with the number of requests. Not built by CMake; docs/performance.md has the commands:
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude benchmarks/simulator_memory.cpp -o /tmp/simmem
//   /usr/bin/time -v /tmp/simmem <requests> [batches] 2>&1 | grep -E 'Maximum resident|Elapsed'
// One batch-means run of <requests> measured requests (20 batches by default), so cells hold 1/20 each.
#include <cstdio>
#include <cstdlib>

#include "offload/simulation.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s requests [batches]\n", argv[0]);
        return 2;
    }
    namespace sim = offload::sim;
    sim::offload_path p;
    p.interarrival = sim::exponential(1.0 / 30.0); // 30 requests/s
    p.uplink = sim::exponential(0.016);            // 20 kB at 10 Mbit/s
    p.edge_service = sim::deterministic(0.040);
    p.edge_servers = 2;
    p.downlink = sim::exponential(0.002);
    sim::run_options o;
    o.seed = 1;
    o.requests = std::atoi(argv[1]);
    o.warmup_requests = 10000;
    o.method = sim::ci_method::batch_means;
    o.batches = argc > 2 ? std::atoi(argv[2]) : 20;
    const auto r = sim::simulate(sim::edge_offload(p), o);
    const auto& t = r.tenants[0].latency;
    std::printf("requests %d: samples %llu, mean %.6f +- %.2g s, p99 %.6f +- %.2g s, events %llu\n", o.requests,
                static_cast<unsigned long long>(t.samples), t.mean_response.value, t.mean_response.half_width,
                sim::response_percentile(t, 0.99).value, sim::response_percentile(t, 0.99).half_width,
                static_cast<unsigned long long>(r.events));
    return 0;
}
