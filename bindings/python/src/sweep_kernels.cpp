// Block kernels of the vectorised Python sweeps: see sweep_kernels.hpp. Built with -fno-trapping-math
// (bindings/python/CMakeLists.txt), which changes no value: it lets GCC evaluate both sides of the formulas'
// selects, i.e. if-convert and vectorise these loops.
#include "sweep_kernels.hpp"

#include "offload/queues/md1.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

// GCC on x86-64: an AVX2 clone of each kernel besides the baseline one, chosen once at load time (ifunc). No FMA
// (-mavx2 does not enable it), so both clones compute the same bits as the scalar path.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define OFFLOAD_SWEEP_CLONES __attribute__((target_clones("avx2", "default")))
#define OFFLOAD_SWEEP_IVDEP _Pragma("GCC ivdep")
#else
#define OFFLOAD_SWEEP_CLONES
#define OFFLOAD_SWEEP_IVDEP
#endif

namespace offload::python::sweep_kernels {

namespace {

// The fast domain: every input at which the validated objects are sure to be constructible (so that they would
// give exactly these values). Deliberately conservative (times and rates within 1e+-290); anything else goes
// through the objects.
constexpr double tiny = 1e-290;
constexpr double huge = 1e290;

// Conditions as 64-bit integers (one lane per double; no int promotion of bools): easy for the vectoriser.
[[gnu::always_inline]] inline std::uint64_t bit(bool condition) noexcept {
    return static_cast<std::uint64_t>(condition);
}
[[gnu::always_inline]] inline std::uint64_t outside(std::uint64_t ok) noexcept { return ok ^ std::uint64_t{1}; }

[[gnu::always_inline]] inline std::uint64_t stage_ok(double lambda, double s, double scv, double k) noexcept {
    return bit(lambda >= 0.0) & bit(lambda <= huge) & bit(s >= tiny) & bit(s <= huge) & bit(s >= tiny * k) &
           bit(scv >= 0.0) & bit(scv <= huge) & bit(k >= 1.0) & bit(k <= huge);
}

/// The wait of k_parallel<Base>: Base's mean wait at the aggregated rate (service time s / k; M/M/1 in its rate
/// form, mu = k (1 / s), as k_parallel_traits<mm1>::aggregate builds it).
template <stage Kind>
[[gnu::always_inline]] inline double aggregated_wait(double lambda, double s, double scv, double k) noexcept {
    if constexpr (Kind == stage::md1) {
        (void)scv;
        return offload::detail::md1_mean_wait(lambda, s / k);
    } else if constexpr (Kind == stage::mm1) {
        (void)scv;
        return offload::detail::mm1_mean_wait(lambda, k * (1.0 / s));
    } else {
        return offload::detail::mg1_mean_wait(lambda, s / k, scv);
    }
}

template <stage Kind>
[[gnu::always_inline]] inline std::uint64_t stage_block(const double* __restrict lambda, const double* __restrict s,
                                                        const double* __restrict scv, const double* __restrict k,
                                                        double* __restrict out) noexcept {
    std::uint64_t bad = 0;
    OFFLOAD_SWEEP_IVDEP
    for (std::size_t i = 0; i < block; ++i) {
        const double w = aggregated_wait<Kind>(lambda[i], s[i], scv[i], k[i]);
        // mean_response(k_parallel) = E[W] + s; E[W] is already +inf when the stage is unstable
        out[i] = w + s[i];
        bad |= outside(stage_ok(lambda[i], s[i], scv[i], k[i]));
    }
    return bad;
}

[[gnu::always_inline]] inline std::uint64_t stage_dispatch(stage kind, const double* lambda, const double* s,
                                                           const double* scv, const double* k, double* out) noexcept {
    switch (kind) {
    case stage::md1:
        return stage_block<stage::md1>(lambda, s, scv, k, out);
    case stage::mm1:
        return stage_block<stage::mm1>(lambda, s, scv, k, out);
    case stage::mg1:
        return stage_block<stage::mg1>(lambda, s, scv, k, out);
    }
    return 1; // not a stage: let the objects decide
}

} // namespace

OFFLOAD_SWEEP_CLONES std::uint64_t stage_response(stage kind, const double* lambda, const double* s, const double* scv,
                                                  const double* k, double* out) noexcept {
    return stage_dispatch(kind, lambda, s, scv, k, out);
}

OFFLOAD_SWEEP_CLONES std::uint64_t mm1_response(const double* __restrict lambda, const double* __restrict s,
                                                double* __restrict out) noexcept {
    std::uint64_t bad = 0;
    OFFLOAD_SWEEP_IVDEP
    for (std::size_t i = 0; i < block; ++i) {
        const double mu = 1.0 / s[i]; // mm1's constructor: mu = 1 / E[S], which must be finite
        out[i] = offload::detail::mm1_mean_response(lambda[i], mu);
        bad |= outside(bit(lambda[i] >= 0.0) & bit(lambda[i] < infinity) & bit(s[i] > 0.0) & bit(s[i] < infinity) &
                       bit(mu < infinity));
    }
    return bad;
}

OFFLOAD_SWEEP_CLONES std::uint64_t
offload_latency(const double* __restrict lambda, const double* __restrict remote_lambda,
                const double* __restrict bandwidth, const double* __restrict request_bytes,
                const double* __restrict result_bytes, const double* __restrict propagation,
                const double* __restrict remote_response, double* __restrict out) noexcept {
    std::uint64_t bad = 0;
    OFFLOAD_SWEEP_IVDEP
    for (std::size_t i = 0; i < block; ++i) {
        const double l = lambda[i], lr = remote_lambda[i], b = bandwidth[i];
        const double up = request_bytes[i], down = result_bytes[i], delay = propagation[i];
        // the NICs as offload_pipeline builds them: M/M/1 with E[S] = bytes / B and mu = 1 / E[S]; summed as
        // mean_latency(offload_pipeline) does: (uplink + remote) + (downlink + propagation both ways)
        const double t_up = up / b;
        const bool has_down = down > 0.0;
        const double t_down = down / b;
        const double path = offload::detail::mm1_mean_response(l, 1.0 / t_up) + remote_response[i];
        const double down_response = offload::detail::mm1_mean_response(lr, 1.0 / (has_down ? t_down : 1.0));
        const double both_ways = delay + delay;
        out[i] = path + (has_down ? down_response + both_ways : both_ways);
        bad |= outside(bit(l >= 0.0) & bit(l <= huge) & bit(lr >= l) & bit(lr <= huge) & bit(b > 0.0) & bit(b <= huge) &
                       bit(up >= tiny * b) & bit(up <= huge * b) & bit(up < infinity) & bit(down >= 0.0) &
                       bit(down < infinity) & (bit(down == 0.0) | (bit(down >= tiny * b) & bit(down <= huge * b))) &
                       bit(delay >= 0.0) & bit(delay <= huge));
    }
    return bad;
}

} // namespace offload::python::sweep_kernels
