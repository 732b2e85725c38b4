// benchmarks/instruction_counts_means.cpp — fixed numbers of calls of the mean-latency and crossover paths, for
// repeatable instruction counts with callgrind (issue 12 items 3 and 5). Not built by CMake; the commands
// (docs/performance.md):
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude benchmarks/instruction_counts_means.cpp -o /tmp/icm
//   for n in 0 1000; do valgrind --tool=callgrind --callgrind-out-file=/tmp/icm.$n /tmp/icm <path> $n; done
// and the per-call count is (Ir with 1000 calls - Ir with 0 calls) / 1000.
// <path>: mean (mean_latency of a built dnn_offload) | mean_bare (eq. 1 written out) | build_mean (construct,
// then mean_latency) | crossover_scan | crossover_direct | crossover_bare (the quadratic written out).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "offload/crossover.hpp"
#include "offload/pipelines.hpp"

namespace {

const offload::network_link five_mbps(offload::megabits_per_second(5.0));

offload::dnn_offload edge_at(double lambda) {
    return offload::dnn_offload(lambda, offload::service_demand{0.0055, 0.0, 1.0}, five_mbps,
                                offload::payload(12000.0, 4000.0));
}
offload::dnn_on_device device_at(double lambda) {
    return offload::dnn_on_device(lambda, offload::service_demand{0.019, 0.0, 1.0});
}

// eq. 1 with M/M/1 NICs and an M/D/1 edge (k = 1), no propagation: what mean_latency(edge_at(lambda)) computes
double bare_mean(double lambda, double s_edge, double bandwidth, double d_req, double d_res) {
    const double n_req = d_req / bandwidth, n_res = d_res / bandwidth;
    const double rho = lambda * s_edge;
    if (lambda * n_req >= 1.0 || rho >= 1.0 || lambda * n_res >= 1.0) return HUGE_VAL;
    return n_req / (1.0 - lambda * n_req) + s_edge + rho * s_edge / (2.0 * (1.0 - rho)) +
           n_res / (1.0 - lambda * n_res);
}

// the bandwidth crossover of the same scenario written out: D_req/(B - a) + D_res/(B - b) = K with a = lambda
// D_req, b = lambda D_res, K = T_dev - (s_edge + W_edge): the larger root of K B^2 - (K (a + b) + D_req + D_res) B
// + K a b + D_req b + D_res a = 0
double bare_crossover(double t_device, double lambda, double s_edge, double d_req, double d_res) {
    const double rho = lambda * s_edge;
    const double k = t_device - (s_edge + rho * s_edge / (2.0 * (1.0 - rho)));
    const double a = lambda * d_req, b = lambda * d_res;
    const double bq = k * (a + b) + d_req + d_res, c = k * a * b + d_req * b + d_res * a;
    return (bq + std::sqrt(bq * bq - 4.0 * k * c)) / (2.0 * k);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr,
                     "usage: %s mean|mean_bare|build_mean|crossover_scan|crossover_direct|crossover_bare calls\n",
                     argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    const int calls = std::atoi(argv[2]);
    constexpr std::size_t table = 16;
    std::vector<offload::dnn_offload> edges;
    std::vector<offload::dnn_on_device> devices;
    std::array<double, table> lambdas{}, t_devices{};
    for (std::size_t i = 0; i < table; ++i) {
        lambdas[i] = 1.0 + 0.5 * static_cast<double>(i);
        edges.push_back(edge_at(lambdas[i]));
        devices.push_back(device_at(lambdas[i]));
        t_devices[i] = mean_latency(devices.back());
    }
    double sum = 0.0;
    const double lo = offload::megabits_per_second(0.5), hi = offload::megabits_per_second(1000.0);
    offload::crossover_options scan = offload::log_grid();
    scan.method = offload::crossover_method::scan;
    for (int i = 0; i < calls; ++i) {
        const std::size_t k = static_cast<std::size_t>(i) % table;
        if (path == "mean") {
            sum += mean_latency(edges[k]);
        } else if (path == "mean_bare") {
            sum += bare_mean(lambdas[k], 0.0055, five_mbps.bandwidth(), 12000.0, 4000.0);
        } else if (path == "build_mean") {
            sum += mean_latency(edge_at(lambdas[k]));
        } else if (path == "crossover_scan") {
            sum += offload::bandwidth_crossovers(devices[k], edges[k], lo, hi, scan).points.at(0);
        } else if (path == "crossover_direct") {
            sum += offload::bandwidth_crossovers(devices[k], edges[k], lo, hi).points.at(0);
        } else if (path == "crossover_bare") {
            sum += bare_crossover(t_devices[k], lambdas[k], 0.0055, 12000.0, 4000.0);
        } else {
            std::fprintf(stderr, "unknown path %s\n", path.c_str());
            return 2;
        }
    }
    std::printf("%s x %d: %.17g\n", path.c_str(), calls, sum);
    return 0;
}
