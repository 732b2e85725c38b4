// benchmarks/instruction_counts_means.cpp — fixed numbers of calls of the mean-latency and crossover paths, for
// repeatable instruction counts with callgrind (issue 12 items 3 and 5). Built with the benchmarks (target
// instruction_counts_means, smoke-tested by ctest); the commands (docs/performance.md):
//   for n in 0 1000; do valgrind --tool=callgrind --callgrind-out-file=/tmp/icm.$n
//     build/h/benchmarks/instruction_counts_means <path> $n; done      (one line)
// and the per-call count is (Ir with 1000 calls - Ir with 0 calls) / 1000.
// <path>: mean (mean_latency of a built dnn_offload) | mean_bare (eq. 1 written out) | build_mean (construct,
// then mean_latency) | crossover_scan | crossover_direct | crossover_bare (the bandwidth quadratic written out)
// | rate_scan | rate_direct | rate_bare (the arrival-rate crossover of bare_crossover.hpp's scenario, 1 ... 1000/s)
// | tenants_scan | tenants_direct (the tenant-count crossover, 1 ... 100 tenants).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "offload/crossover.hpp"
#include "offload/pipelines.hpp"

#include "pipeline_fixture.hpp"

using offload::bench::device_at; // the scenarios and bare references: pipeline_fixture.hpp (shared with
using offload::bench::edge_at;   // bench_pipelines)

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr,
                     "usage: %s mean|mean_bare|build_mean|crossover_scan|crossover_direct|crossover_bare|rate_scan|"
                     "rate_direct|rate_bare|tenants_scan|tenants_direct calls\n",
                     argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const int calls = std::atoi(argv[2]);
    constexpr std::size_t table = 16;
    std::vector<offload::dnn_offload> edges;
    std::vector<offload::dnn_on_device> devices;
    std::vector<offload::dnn_on_device> rate_devices;
    std::array<double, table> lambdas{}, t_devices{}, s_devs{};
    for (std::size_t i = 0; i < table; ++i) {
        lambdas[i] = 1.0 + 0.5 * static_cast<double>(i);
        edges.push_back(edge_at(lambdas[i]));
        devices.push_back(device_at(lambdas[i]));
        t_devices[i] = mean_latency(devices.back());
        s_devs[i] = 0.008 + 0.0002 * static_cast<double>(i);
        rate_devices.push_back(offload::bench::rate_device(s_devs[i]));
    }
    const offload::dnn_offload rate_edge = offload::bench::rate_offload();
    const offload::dnn_offload shared_edge = offload::bench::tenant_offload();
    const offload::tenant_demand co_tenant = offload::bench::co_tenant();
    double sum = 0.0;
    const double lo = offload::megabits_per_second(0.5), hi = offload::megabits_per_second(1000.0);
    offload::crossover_options scan = offload::log_grid();
    scan.method = offload::crossover_method::scan;
    for (int i = 0; i < calls; ++i) {
        const std::size_t k = static_cast<std::size_t>(i) % table;
        if (path == "mean") {
            sum += mean_latency(edges[k]);
        } else if (path == "mean_bare") {
            sum += offload::bench::bare_mean(lambdas[k]);
        } else if (path == "build_mean") {
            sum += mean_latency(edge_at(lambdas[k]));
        } else if (path == "crossover_scan") {
            sum += offload::bandwidth_crossovers(devices[k], edges[k], lo, hi, scan).points.at(0);
        } else if (path == "crossover_direct") {
            sum += offload::bandwidth_crossovers(devices[k], edges[k], lo, hi).points.at(0);
        } else if (path == "crossover_bare") {
            sum += offload::bench::bare_bandwidth_crossover(t_devices[k], lambdas[k]);
        } else if (path == "rate_scan") {
            sum += offload::arrival_rate_crossovers(rate_devices[k], rate_edge, 1.0, 1000.0, scan).points.at(0);
        } else if (path == "rate_direct") {
            sum += offload::arrival_rate_crossovers(rate_devices[k], rate_edge, 1.0, 1000.0).points.at(0);
        } else if (path == "rate_bare") {
            sum += offload::bench::bare_rate_crossover(s_devs[k], 1.0);
        } else if (path == "tenants_scan") {
            sum += static_cast<double>(offload::tenant_count_crossovers(devices[k], shared_edge, co_tenant, 1, 100,
                                                                        offload::crossover_method::scan)
                                           .points.size());
        } else if (path == "tenants_direct") {
            sum += static_cast<double>(
                offload::tenant_count_crossovers(devices[k], shared_edge, co_tenant, 1, 100).points.size());
        } else {
            std::fprintf(stderr, "unknown path %s\n", path.c_str());
            return 2;
        }
    }
    std::printf("%s x %d: %.17g\n", path.c_str(), calls, sum);
    return 0;
}
