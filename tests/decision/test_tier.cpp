// Tests for offload/decision/tier.hpp: the load-free tier times (seed 001 Algorithm 1) and their queueing
// counterpart, with the default and with user-defined stage models.
#include <cmath>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "decision/user_stage.hpp"
#include "offload/decision/tier.hpp"

using namespace offload;
using offload::test::rel;

namespace {
// seed 001 Table III FLOPS: device 192 GFLOPS, edge 563.2, cloud (CPU) 1126.4
const tier_environment env(192e9, 563.2e9, 1126.4e9, /*D_ES,u*/ 0.01, /*D_CC,u*/ 0.03, /*lambda1*/ 2.0,
                           /*lambda2*/ 50.0);
const tier_workload face{1.7e9, 3.0}; // FaceNet's 1.7 GFLOPs, 3 units of data
} // namespace

TEST_CASE("estimate_tier_times: Algorithm 1 by hand", "[decision][tier]") {
    const tier_times e = estimate_tier_times(env, face);
    // I_i = lambda2 s comp / CR_i = 255e9 / CR_i; D_i = lambda1 s D_iu
    CHECK(e.inference[0] == rel(255.0 / 192.0));
    CHECK(e.inference[1] == rel(255.0 / 563.2));
    CHECK(e.inference[2] == rel(255.0 / 1126.4));
    CHECK(e.transmission[0] == 0.0);
    CHECK(e.transmission[1] == rel(0.06));
    CHECK(e.transmission[2] == rel(0.18));
    CHECK(e.total[2] == rel(255.0 / 1126.4 + 0.18));
    CHECK(e.best == tier::cloud);
    CHECK(e.minimum == rel(255.0 / 1126.4 + 0.18));
    // a light model stays on the device: comp 1e6 -> I_dev = 50*3*1e6/192e9 = 7.8e-4 < D_edge
    const tier_times light = estimate_tier_times(env, tier_workload{1.0e6, 3.0});
    CHECK(light.best == tier::device);
    // with a slow cloud link the edge wins
    const tier_environment slow_cloud(192e9, 563.2e9, 1126.4e9, 0.01, 0.2, 2.0, 50.0);
    CHECK(estimate_tier_times(slow_cloud, face).best == tier::edge);
    // T_i is linear in s (Table IV's rows double with the data size)
    const tier_times twice = estimate_tier_times(env, tier_workload{1.7e9, 6.0});
    for (int i = 0; i < 3; ++i)
        CHECK(twice.total[static_cast<std::size_t>(i)] == rel(2.0 * e.total[static_cast<std::size_t>(i)]));
}

TEST_CASE("estimate_tier_times: ties go to the tier scanned first (CC, ES, ED)", "[decision][tier]") {
    const tier_environment same(50e9, 400e9, 400e9, 0.01, 0.01); // device 0.02 s, edge = cloud = 0.0125 s
    CHECK(estimate_tier_times(same, tier_workload{1e9, 1.0}).best == tier::cloud);
}

TEST_CASE("choose_tier: load_free fidelity reproduces Algorithm 1", "[decision][tier]") {
    const decision d = choose_tier(env, face, tier_fidelity::load_free);
    const tier_times e = estimate_tier_times(env, face);
    CHECK(tier_of(d.chosen_option()) == e.best);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(d.options[i].mean == e.total[i]);
        CHECK(d.options[i].p99 == e.total[i]);
        CHECK(d.options[i].stable);
    }
    CHECK(d.options[1].kind == option_kind::edge);
    CHECK(d.options[2].kind == option_kind::cloud);
    prediction_options o;
    o.deadline = 0.5; // device 1.33 s misses, cloud 0.406 s meets
    const decision dl = choose_tier(env, face, tier_fidelity::load_free, {}, objective::deadline_miss(), {}, o);
    CHECK(dl.options[0].deadline_miss == 1.0);
    CHECK(dl.options[2].deadline_miss == 0.0);
}

TEST_CASE("choose_tier: queueing fidelity reduces to the seed at zero load", "[decision][tier]") {
    const decision q = choose_tier(env, face, tier_fidelity::queueing, tier_load{0.0, 0.0, 0.0});
    const tier_times e = estimate_tier_times(env, face);
    for (std::size_t i = 0; i < 3; ++i) CHECK(q.options[i].mean == rel(e.total[i], 1e-12));
    CHECK(tier_of(q.chosen_option()) == e.best);
}

TEST_CASE("choose_tier: queueing fidelity adds M/D/1 and M/M/1 waits", "[decision][tier]") {
    // light model so the device is stable at 0.5 req/s: I_dev = 50 * 3 * 1e9 / 192e9 = 0.78125 s
    const tier_workload w{1.0e9, 3.0};
    const double lambda = 0.5;
    const decision q = choose_tier(env, w, tier_fidelity::queueing, tier_load{lambda, 1.0, 0.0});
    const double s_dev = 150.0 / 192.0;
    const double rho = lambda * s_dev;
    CHECK(q.options[0].mean == rel(s_dev + rho * s_dev / (2.0 * (1.0 - rho))));
    // edge: M/M/1 uplink with service D_edge = 0.06 s at 0.5/s; M/D/1 processor at 1.5/s
    const double n = 0.06, s_edge = 150.0 / 563.2, lam_e = 1.5, rho_e = lam_e * s_edge;
    CHECK(q.options[1].mean == rel(1.0 / (1.0 / n - lambda) + s_edge + rho_e * s_edge / (2.0 * (1.0 - rho_e))));
    CHECK(q.options[1].p99 > q.options[1].mean);
    // at 1.5 req/s the device (rho 1.17) is unstable and must not be chosen
    const decision busy = choose_tier(env, w, tier_fidelity::queueing, tier_load{1.5, 0.0, 0.0});
    CHECK_FALSE(busy.options[0].stable);
    CHECK(tier_of(busy.chosen_option()) != tier::device);
}

TEST_CASE("choose_tier: zero unit latency (no network stage)", "[decision][tier]") {
    const tier_environment local_cloud(100e9, 200e9, 400e9, 0.0, 0.0);
    const decision q =
        choose_tier(local_cloud, tier_workload{1e9, 1.0}, tier_fidelity::queueing, tier_load{1.0, 0.0, 0.0});
    CHECK(q.options[2].mean == rel(0.0025 + 1.0 * 0.0025 * 0.0025 / (2.0 * (1.0 - 0.0025))));
    CHECK(tier_of(q.chosen_option()) == tier::cloud);
}

TEST_CASE("tier: bad input", "[decision][tier]") {
    CHECK_THROWS_WITH(tier_environment(0.0, 1.0, 1.0, 0.0, 0.0), Catch::Contains("device_flops"));
    CHECK_THROWS_AS(tier_environment(1.0, 1.0, 1.0, -1.0, 0.0), parameter_error);
    CHECK_THROWS_AS(tier_environment(1.0, 1.0, 1.0, 0.0, std::nan("")), parameter_error);
    CHECK_THROWS_WITH(tier_environment(1.0, 1.0, 1.0, 0.0, 0.0, 0.0), Catch::Contains("transmission_weight"));
    CHECK_THROWS_AS(tier_environment(1.0, 1.0, 1.0, 0.0, 0.0, 1.0, infinity), parameter_error);
    CHECK_THROWS_WITH(estimate_tier_times(env, tier_workload{0.0, 1.0}), Catch::Contains("workload.model_flops"));
    CHECK_THROWS_AS(estimate_tier_times(env, tier_workload{1.0, -1.0}), parameter_error);
    CHECK_THROWS_WITH(choose_tier(env, face, tier_fidelity::queueing, tier_load{-1.0, 0.0, 0.0}),
                      Catch::Contains("load.arrival_rate"));
    CHECK_THROWS_AS(choose_tier(env, face, static_cast<tier_fidelity>(5)), parameter_error);
    CHECK_THROWS_AS(choose_tier(env, face, tier_fidelity::load_free, {}, objective::energy_delay(-1.0)),
                    parameter_error);
}

TEST_CASE("choose_tier: a decision with three options indexed by tier; == on the value types", "[decision][tier]") {
    const decision d = choose_tier(env, face, tier_fidelity::load_free);
    REQUIRE(d.options.size() == 3);
    CHECK(d.options[0].status == prediction_status::ok);
    CHECK(tier_of(d.options[0]) == tier::device);
    CHECK(tier_of(d.options[2]) == tier::cloud);
    CHECK(d == choose_tier(env, face, tier_fidelity::load_free));
    CHECK_FALSE(d == choose_tier(env, tier_workload{1.0e6, 3.0}, tier_fidelity::load_free));
    CHECK(estimate_tier_times(env, face) == estimate_tier_times(env, face));
    CHECK(tier_load{1.0, 2.0, 3.0} == tier_load{1.0, 2.0, 3.0});
    CHECK_FALSE(tier_workload{1.0, 2.0} == tier_workload{1.0, 3.0});
    // the documented defaults: zero load, the mean objective, no constraints, no deadline on a 2^12 grid
    CHECK(prediction_options{}.deadline == infinity);
    CHECK(prediction_options{}.convolution.grid_points == 4096);
    CHECK(choose_tier(env, face, tier_fidelity::queueing) ==
          choose_tier<md1, md1, mm1>(env, face, tier_fidelity::queueing, tier_load{0.0, 0.0, 0.0},
                                     objective::mean_latency(), constraints{}, prediction_options{}));
}

TEST_CASE("choose_tier: a user-defined stage model plugs in", "[decision][tier]") {
    // the probe stage behaves as M/M/1 (exponential service) but is the test's own type: with it for every
    // stage, the device's mean is the M/M/1 one (s / (1 - rho)), not the default M/D/1 one
    const tier_workload w{1.0e9, 3.0};
    const double lambda = 0.5;
    const double s_dev = 150.0 / 192.0, rho = lambda * s_dev;
    test::probe_stage::built = 0;
    const decision q = choose_tier<test::probe_stage, test::probe_stage, test::probe_stage>(
        env, w, tier_fidelity::queueing, tier_load{lambda, 1.0, 0.0});
    CHECK(test::probe_stage::built > 0);
    CHECK(q.options[0].mean == rel(s_dev / (1.0 - rho)));
    const decision standard = choose_tier(env, w, tier_fidelity::queueing, tier_load{lambda, 1.0, 0.0});
    CHECK(standard.options[0].mean == rel(s_dev + rho * s_dev / (2.0 * (1.0 - rho))));
    // edge: probe (M/M/1) uplink at 0.5/s with 0.06 s service, probe processor at 1.5/s
    const double n = 0.06, s_edge = 150.0 / 563.2, lam_e = 1.5, rho_e = lam_e * s_edge;
    CHECK(q.options[1].mean == rel(1.0 / (1.0 / n - lambda) + s_edge / (1.0 - rho_e)));
    CHECK(q.options[1].p99 > q.options[1].p95);
}
