// Built against an installed offload, as a user's project would: find_package(offload CONFIG REQUIRED).
#include <cmath>
#include <cstdio>

#include <offload/offload.hpp>

int main() {
    const offload::mm1 nic(/*arrival_rate=*/2.0, /*mean_service_time=*/0.1);
    const double t = offload::mean_response(nic);
    std::printf("M/M/1 (lambda=2, E[S]=0.1): mean response %.6f s\n", t);
    return std::abs(t - 0.125) < 1e-12 ? 0 : 1;
}
