// kmu_vs_mdc — how wrong is the "M/D/1 at rate k mu" shortcut for an accelerator with parallelism k?
//
// Seed 003 (sec. 3.3, eq. 6) models DNN inference on an accelerator of parallelism k as M/D/k and, because
// "no closed form exists", replaces it by M/D/1 at the aggregated rate k mu plus the full service time:
//     T_shortcut = (1/2) (1/(k mu - lambda) - 1/(k mu)) + 1/mu.
// The shortcut is offload::k_parallel<md1> (offload/queues/k_parallel.hpp); the program checks it against the
// formula above and fails if they disagree. This prints, per k and per-server load rho, the exact M/D/k mean response time (offload::mdc), the
// shortcut, the Cosmetatos approximation, the relative errors of both in the response time, and (last two
// columns) their relative errors in the mean wait alone. Service time D = 1 (results scale with D).
#include <cmath>
#include <cstdio>

#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mdc.hpp"

int main() {
    const double d = 1.0;
    const double mu = 1.0 / d;
    std::printf("%3s %5s %12s %12s %12s %10s %10s %11s %10s\n", "k", "rho", "exact_T", "shortcut_T", "cosmetatos_T",
                "T_err_sh", "T_err_cos", "W_err_sh", "W_err_cos");
    for (int k : {1, 2, 4, 8}) {
        for (double rho : {0.1, 0.3, 0.5, 0.7, 0.9, 0.95}) {
            const double lambda = rho * k * mu;
            const offload::mdc q(lambda, d, k);
            const double exact = offload::mean_response(q);
            const double kmu = k * mu;
            const double shortcut =
                offload::mean_response(offload::k_parallel<offload::md1>(offload::md1(lambda, d), k));
            const double formula = 0.5 * (1.0 / (kmu - lambda) - 1.0 / kmu) + 1.0 / mu; // seed eq. 6 + D
            if (std::fabs(shortcut / formula - 1.0) > 1e-12) {
                std::fprintf(stderr, "k_parallel<md1> disagrees with seed eq. 6: %.17g vs %.17g\n", shortcut, formula);
                return 1;
            }
            const double cosmetatos = offload::cosmetatos_mean_response(q);
            const double wait = exact - d;
            std::printf("%3d %5.2f %12.6f %12.6f %12.6f %+9.2f%% %+9.2f%% %+10.1f%% %+9.2f%%\n", k, rho, exact,
                        shortcut, cosmetatos, 100.0 * (shortcut / exact - 1.0), 100.0 * (cosmetatos / exact - 1.0),
                        100.0 * ((shortcut - d) / wait - 1.0), 100.0 * ((cosmetatos - d) / wait - 1.0));
        }
    }
    return 0;
}
