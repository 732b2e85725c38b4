// tests/queues/test_hostile_limits.cpp — issue 18 #15: the Cosmetatos M/D/c means at subnormal service times
// and loads that underflow are 0 (were NaN: 0 * the correction's 1 / rho = inf).
#include <catch2/catch.hpp>

#include "offload/queues/mdc.hpp"

TEST_CASE("hostile #15: Cosmetatos means at subnormal service times are finite", "[queues][hostile][mdc]") {
    for (const double service : {5e-324, 1e-320, 1e-300}) {
        for (const int servers : {1, 2, 5, 100}) {
            for (const double rate : {0.5, 1e-300}) {
                INFO("D = " << service << ", c = " << servers << ", lambda = " << rate);
                const offload::mdc q(rate, service, servers);
                const double w = offload::cosmetatos_mean_wait(q);
                CHECK(w >= 0.0);
                CHECK(w <= service); // the wait of a nearly empty queue is far below one service time
                CHECK(offload::cosmetatos_mean_response(q) == Approx(service).epsilon(1e-12));
            }
        }
    }
    // an ordinary case is unchanged: c = 1 is Pollaczek-Khinchine, W = rho D / (2 (1 - rho))
    CHECK(offload::cosmetatos_mean_wait(offload::mdc(0.5, 1.0, 1)) == Approx(0.5));
}
