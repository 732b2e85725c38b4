// benchmarks/instruction_counts.cpp — a fixed number of calls of one hot path, for repeatable instruction counts
// with callgrind (wall times on a shared machine are noisy). Built with the benchmarks (target
// instruction_counts, smoke-tested by ctest); docs/performance.md has the commands:
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/ic.out build/b/benchmarks/instruction_counts <path> <calls>
// and the per-call count is (Ir with <calls> = N - Ir with <calls> = 0) / N.
// <path>: p99_fft | p99_inversion | p99_bare | policy_tails | policy_means | policy_rate | policy_rate_scv011 |
//   decide | decide_bare
//   policy_tails/policy_means: a bandwidth sample of edge 0 (re-evaluates that option); policy_rate: a request
//   timestamp that moves the rate (re-evaluates all six; the edges' service scv 0.1, an Erlang shape);
//   policy_rate_scv011: the same with scv 0.11 (a non-integer shape); decide: offload_policy::decide() on the six options
//   (tails on); decide_bare: the bare reference of decide() (policy_fixture.hpp).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "offload/pipelines.hpp"
#include "offload/policy.hpp"

#include "bare_inversion.hpp"
#include "pipeline_fixture.hpp"
#include "policy_fixture.hpp"

using offload::bench::edge_at; // the seed's offload path (pipeline_fixture.hpp, shared with bench_pipelines)

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(
            stderr,
            "usage: %s p99_fft|p99_inversion|p99_bare|policy_tails|policy_means|policy_rate|policy_rate_scv011|decide|"
            "decide_bare "
            "calls\n",
            argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const int calls = std::atoi(argv[2]);
    double sum = 0.0, lambda = 1.0;
    if (path == "decide") {
        offload::offload_policy policy(offload::bench::six_options(true));
        double t = 1.0;
        for (int i = 0; i < calls; ++i) {
            sum += static_cast<double>(policy.decide(t).chosen.index);
            t += 1e-6;
        }
    } else if (path == "decide_bare") {
        offload::bench::bare_decider bare;
        bare.publish({0.021, 0.012, 0.013, 0.014, 0.015, 0.030});
        for (int i = 0; i < calls; ++i)
            sum += static_cast<double>(bare.decide(1000000 + static_cast<std::uint64_t>(i), 0.05, 500000));
    } else if (path == "policy_rate" || path == "policy_rate_scv011") {
        offload::offload_policy policy(offload::bench::six_options_rate_driven(path == "policy_rate" ? 0.1 : 0.11));
        double t = 1.0;
        for (int i = 0; i < calls; ++i) {
            policy.observe_request(t);
            t += i % 2 ? 0.2 : 0.19;
        }
        sum = static_cast<double>(policy.recomputations());
    } else if (path == "policy_tails" || path == "policy_means") {
        offload::offload_policy policy(offload::bench::six_options(path == "policy_tails"));
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
