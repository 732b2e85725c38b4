// benchmarks/instruction_counts.cpp — a fixed number of calls of one hot path, for repeatable instruction counts
// with callgrind (wall times on a shared machine are noisy). Not built by CMake; docs/performance.md has the
// commands:
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude -Ibenchmarks benchmarks/instruction_counts.cpp -o /tmp/ic
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/ic.out /tmp/ic <path> <calls>
// and the per-call count is (Ir with <calls> = 1000 - Ir with <calls> = 0) / 1000.
// <path>: p99_fft | p99_inversion | p99_bare | policy_tails | policy_means
#include <cstdio>
#include <cstdlib>
#include <string>

#include "offload/pipelines.hpp"
#include "offload/policy.hpp"

#include "bare_inversion.hpp"

namespace {

offload::dnn_offload edge_at(double lambda) {
    return offload::dnn_offload(lambda, offload::service_demand{0.0055, 0.0, 1.0},
                                offload::network_link(offload::megabits_per_second(5.0)),
                                offload::payload(12000.0, 4000.0));
}

/// bench_policy's six options (device + 4 edges + cloud).
offload::policy_description six_options(bool tails) {
    using namespace offload;
    policy_description d;
    d.device = service_demand{0.019, 0.0, 1.0};
    for (int i = 0; i < 4; ++i) {
        policy_remote e;
        e.name = "edge";
        e.demand = service_demand{0.0055, 0.1, 1.0};
        e.bandwidth = megabits_per_second(10.0 + 5.0 * i);
        e.background_rate = 10.0 * i;
        e.background_service = 0.008;
        d.remotes.push_back(e);
    }
    policy_remote cloud;
    cloud.name = "cloud";
    cloud.kind = option_kind::cloud;
    cloud.demand = service_demand{0.002, 0.0, 4.0};
    cloud.bandwidth = megabits_per_second(50.0);
    cloud.propagation = 0.02;
    d.remotes.push_back(cloud);
    d.workload.arrival_rate = 10.0;
    d.workload.request_bytes = 6500.0;
    d.workload.result_bytes = 1000.0;
    d.options.tails = tails;
    return d;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s p99_fft|p99_inversion|p99_bare|policy_tails|policy_means calls\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const int calls = std::atoi(argv[2]);
    double sum = 0.0, lambda = 1.0;
    if (path == "policy_tails" || path == "policy_means") {
        offload::offload_policy policy(six_options(path == "policy_tails"));
        double t = 1.0;
        for (int i = 0; i < calls; ++i) {
            policy.observe_transfer(0, t, 6500.0, 6500.0 / offload::megabits_per_second(i % 2 ? 10.0 : 12.0));
            t += 1e-3;
        }
        sum = static_cast<double>(policy.recomputations());
    } else {
        for (int i = 0; i < calls; ++i) {
            if (path == "p99_fft") {
                sum += quantile(latency_distribution(edge_at(lambda)), 0.99);
            } else if (path == "p99_inversion") {
                sum += latency_quantile(edge_at(lambda), 0.99);
            } else if (path == "p99_bare") {
                sum += offload::bench::bare_p99(lambda, 0.0055, offload::megabits_per_second(5.0) / 12000.0 - lambda,
                                                offload::megabits_per_second(5.0) / 4000.0 - lambda);
            } else {
                std::fprintf(stderr, "unknown path %s\n", path.c_str());
                return 2;
            }
            lambda = lambda < 5.0 ? lambda + 0.5 : 1.0;
        }
    }
    std::printf("%s x %d: %.17g\n", path.c_str(), calls, sum);
    return 0;
}
