// benchmarks/bare_inversion.hpp — the bare reference of the p99 by transform inversion (bench_pipelines and
// instruction_counts): the same math as offload's transform_inverted_time, without the library.
#pragma once

#include <cmath>
#include <complex>

namespace offload::bench {

/// The same math without the library: P(T > t) of Exp(a) + M/D/1 wait (lambda, D) + Exp(b) + D by the Euler
/// algorithm (A = 24, n = 20, m = 15: the library's defaults, no adaptivity, no validation), Newton on ln P.
inline double bare_p99(double lambda, double d, double a, double b) {
    using c = std::complex<double>;
    const auto tail_and_density = [&](double x, double& density) {
        constexpr int n = 20, m = 15;
        double tails[n + m + 1], dens[n + m + 1], st = 0.0, sd = 0.0;
        for (int k = 0; k <= n + m; ++k) {
            const c s(12.0 / x, 3.141592653589793 * k / x);
            const c phi =
                a / (a + s) * ((1.0 - lambda * d) * s / (s - lambda * (1.0 - std::exp(-s * d)))) * b / (b + s);
            const double w = k == 0 ? 0.5 : (k % 2 ? -1.0 : 1.0);
            st += w * ((1.0 - phi) / s).real();
            sd += w * phi.real();
            tails[k] = st;
            dens[k] = sd;
        }
        double binom = 1.0 / 32768.0, et = 0.0, ed = 0.0; // C(15, j) / 2^15
        for (int j = 0; j <= m; ++j) {
            et += binom * tails[n + j];
            ed += binom * dens[n + j];
            binom = binom * (m - j) / (j + 1);
        }
        const double scale = std::exp(12.0) / x;
        density = scale * ed;
        return scale * et;
    };
    const double mean = 1.0 / a + 1.0 / b + lambda * d * d / (2.0 * (1.0 - lambda * d));
    double x = mean * (1.0 + std::log(100.0));
    for (int i = 0; i < 20; ++i) {
        double density = 0.0;
        const double tail = tail_and_density(x, density);
        const double step = (std::log(tail) - std::log(0.01)) * tail / density;
        x += step;
        if (std::abs(step) <= 1e-10 * x) break;
    }
    return d + x;
}

} // namespace offload::bench
