// bench_offloading_bandwidth — cost of the joint offloading / bandwidth planner (offload/planning/
// offloading_bandwidth.hpp, seed 002) on the public code's task sizes (task_size_generator, seed 1) with the seed's
// defaults: the exact P2 against a bare loop that only scores the equal split (the same aggregation, no
// optimisation), exact P1 by enumeration and by branch and bound, and DDLO's decision against bare forward passes
// of K networks of the same shape. Results: docs/performance.md.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "offload/planning/offloading_bandwidth.hpp"

using namespace offload::planning;

namespace {

offloading_problem instance(std::size_t n, std::size_t m) { return task_size_generator(n, m, 1).next_problem(); }

/// a fixed decision with a mix of local and offloaded tasks (every third task local)
offloading_decision mixed(const offloading_problem& p) {
    offloading_decision x{std::vector<std::uint8_t>(p.task_count(), 1)};
    for (std::size_t i = 0; i < x.offload.size(); i += 3) x.offload[i] = 0;
    return x;
}

} // namespace

static void p2_exact(benchmark::State& state) {
    const offloading_problem p = instance(static_cast<std::size_t>(state.range(0)), 3);
    const offloading_decision x = mixed(p);
    bandwidth_allocator solver(p);
    std::vector<double> c;
    for (auto _ : state) benchmark::DoNotOptimize(solver.solve_unchecked(x.offload.data(), c));
}
BENCHMARK(p2_exact)->Arg(3)->Arg(10)->Arg(100)->Arg(1000);

// bare reference: Q of the same decision at the equal split over flat arrays (aggregation only, no allocation)
static void p2_equal_split_bare_loop(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const offloading_problem p = instance(n, 3);
    const offloading_decision x = mixed(p);
    const std::vector<double>& d = p.task_bits();
    const offloading_parameters& q = p.parameters();
    const double el = q.energy.local_joules_per_bit();
    const double ec = q.energy.transmit_joules_per_bit() + q.energy.remote_joules_per_bit();
    const double c = q.bandwidth_bits_per_second / static_cast<double>(n);
    for (auto _ : state) {
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            double off = 0.0, local = 0.0, energy = 0.0;
            for (std::size_t m = 0; m < 3; ++m) {
                const double b = d[i * 3 + m];
                if (x.offload[i * 3 + m] != 0) {
                    off += b;
                    energy += ec * b;
                } else {
                    local += b;
                    energy += el * b;
                }
            }
            const double tl = q.local_seconds_per_bit * local;
            const double tc = off > 0.0 ? off / c + off / q.edge_bits_per_second : 0.0;
            total += energy + q.delay_weight * (tl > tc ? tl : tc);
        }
        benchmark::DoNotOptimize(total);
    }
}
BENCHMARK(p2_equal_split_bare_loop)->Arg(3)->Arg(10)->Arg(100)->Arg(1000);

static void p2_with_evaluation(benchmark::State& state) {
    const offloading_problem p = instance(static_cast<std::size_t>(state.range(0)), 3);
    const offloading_decision x = mixed(p);
    for (auto _ : state) benchmark::DoNotOptimize(optimal_bandwidth(p, x).evaluation.utility);
}
BENCHMARK(p2_with_evaluation)->Arg(3)->Arg(100);

static void p1_enumeration(benchmark::State& state) {
    const offloading_problem p = instance(static_cast<std::size_t>(state.range(0)), 3);
    for (auto _ : state) benchmark::DoNotOptimize(enumerate_offloading(p).evaluation.utility);
}
BENCHMARK(p1_enumeration)->Arg(3)->Arg(4)->Arg(5)->Unit(benchmark::kMicrosecond);

static void p1_branch_and_bound(benchmark::State& state) {
    const offloading_problem p = instance(static_cast<std::size_t>(state.range(0)), 3);
    for (auto _ : state) benchmark::DoNotOptimize(offloading_branch_and_bound(p).evaluation.utility);
}
BENCHMARK(p1_branch_and_bound)->Arg(3)->Arg(5)->Arg(10)->Arg(20)->Arg(30)->Unit(benchmark::kMicrosecond);

// scarcer bandwidth (C = 15 Mbit/s) makes the allocation matter and the bounds weaker; task sizes seed 7
static void p1_branch_and_bound_15_mbps(benchmark::State& state) {
    offloading_parameters q;
    q.bandwidth_bits_per_second = 15e6;
    const offloading_problem p = task_size_generator(static_cast<std::size_t>(state.range(0)), 3, 7).next_problem(q);
    for (auto _ : state) benchmark::DoNotOptimize(offloading_branch_and_bound(p).evaluation.utility);
}
BENCHMARK(p1_branch_and_bound_15_mbps)->Arg(10)->Arg(20)->Unit(benchmark::kMicrosecond);

// a learner with K networks for N devices x 3 servers after 600 online steps, and the next task sizes
struct trained_ddlo {
    ddlo learner;
    std::vector<double> sizes;
    trained_ddlo(std::size_t n, std::size_t k_networks) : learner(n, 3, {}, with_networks(k_networks)) {
        task_size_generator gen(n, 3, 1);
        for (int t = 0; t < 600; ++t) (void)learner.step(gen.next());
        sizes = gen.next();
    }
    static ddlo_options with_networks(std::size_t k) {
        ddlo_options o;
        o.dnn_count = k;
        return o;
    }
};

static void ddlo_decide(benchmark::State& state) {
    trained_ddlo t(3, static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(t.learner.decide(t.sizes).utility);
}
BENCHMARK(ddlo_decide)->Arg(1)->Arg(3)->Arg(5);

// K = 5 at larger N (M = 3): the networks grow with N M only in their first and last layers
static void ddlo_decide_5_networks(benchmark::State& state) {
    trained_ddlo t(static_cast<std::size_t>(state.range(0)), ddlo_options{}.dnn_count);
    for (auto _ : state) benchmark::DoNotOptimize(t.learner.decide(t.sizes).utility);
}
BENCHMARK(ddlo_decide_5_networks)->Arg(10)->Arg(20)->Unit(benchmark::kMicrosecond);

// bare reference: K forward passes 9 -> 120 -> 80 -> 9 as plain output-major loops, no thresholding, no P2
static void ddlo_forward_bare_loop(benchmark::State& state) {
    const auto k_count = static_cast<std::size_t>(state.range(0));
    const std::size_t sizes[4] = {9, 120, 80, 9};
    std::vector<std::vector<double>> w(3);
    for (std::size_t l = 0; l < 3; ++l) {
        w[l].resize(sizes[l] * sizes[l + 1] + sizes[l + 1]);
        for (std::size_t i = 0; i < w[l].size(); ++i) w[l][i] = std::sin(static_cast<double>(i)) * 0.1;
    }
    std::vector<double> a0(9, 0.3), a1(120), a2(80), a3(9);
    const double* in[3] = {a0.data(), a1.data(), a2.data()};
    double* out[3] = {a1.data(), a2.data(), a3.data()};
    for (auto _ : state) {
        for (std::size_t k = 0; k < k_count; ++k)
            for (std::size_t l = 0; l < 3; ++l) {
                const std::size_t fi = sizes[l], fo = sizes[l + 1];
                for (std::size_t j = 0; j < fo; ++j) {
                    double s = w[l][fi * fo + j];
                    for (std::size_t i = 0; i < fi; ++i) s += w[l][j * fi + i] * in[l][i];
                    out[l][j] = l < 2 && s < 0.0 ? 0.0 : s;
                }
            }
        benchmark::DoNotOptimize(a3.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(ddlo_forward_bare_loop)->Arg(1)->Arg(3)->Arg(5);

static void ddlo_online_step(benchmark::State& state) {
    trained_ddlo t(3, static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(t.learner.step(t.sizes).utility); // one training per 10 steps
}
BENCHMARK(ddlo_online_step)->Arg(1)->Arg(5)->Unit(benchmark::kMicrosecond);
