// Tests for offload/decision/predict.hpp: predictions from the pipelines against closed forms.
#include <cmath>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/decision/predict.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mm1.hpp"

using namespace offload;
using offload::test::rel;

TEST_CASE("predict(on_device): M/M/1 closed forms", "[decision][predict]") {
    // M/M/1 at lambda = 6, mu = 10: T ~ Exp(4)
    const on_device_pipeline<mm1> p(6.0, service_demand{0.1, 1.0, 1.0});
    prediction_options o;
    o.deadline = 0.5;
    const option_prediction r = predict(p, o);
    CHECK(r.kind == option_kind::device);
    CHECK(r.stable);
    CHECK(r.mean == rel(0.25));
    CHECK(r.p95 == rel(std::log(20.0) / 4.0, 1e-9));
    CHECK(r.p99 == rel(std::log(100.0) / 4.0, 1e-9));
    CHECK(r.deadline_miss == rel(std::exp(-2.0), 1e-9));
    // no deadline: miss probability 0
    CHECK(predict(p).deadline_miss == 0.0);
}

TEST_CASE("predict(on_device): M/D/1 without load is the service time", "[decision][predict]") {
    const option_prediction r = predict(on_device_pipeline<md1>(0.0, service_demand{0.019, 0.0, 1.0}));
    CHECK(r.mean == rel(0.019));
    CHECK(r.p95 == rel(0.019, 1e-9));
    CHECK(r.p99 == rel(0.019, 1e-9));
}

TEST_CASE("predict(offload): two M/M/1 stages give a hypoexponential sum", "[decision][predict]") {
    // uplink: D/B = 0.05 s (mu 20) at lambda 4 -> T ~ Exp(16); remote M/M/1 with service 0.04 s (mu 25) at
    // lambda 4 -> T ~ Exp(21). No return path. T_total is hypoexponential(16, 21).
    const network_link link(20000.0);
    const offload_pipeline<mm1, mm1> p(4.0, service_demand{0.04, 1.0, 1.0}, link, payload(1000.0, 0.0),
                                       result_destination::remote);
    const double a1 = 16.0, a2 = 21.0;
    const auto survival = [&](double t) { return (a2 * std::exp(-a1 * t) - a1 * std::exp(-a2 * t)) / (a2 - a1); };
    prediction_options o;
    o.deadline = 0.2;
    const option_prediction r = predict(p, o);
    CHECK(r.kind == option_kind::edge);
    CHECK(r.stable);
    CHECK(r.mean == rel(1.0 / a1 + 1.0 / a2));
    CHECK(r.deadline_miss == Approx(survival(0.2)).epsilon(2e-3));
    CHECK(survival(r.p99) == Approx(0.01).epsilon(5e-3));
    CHECK(survival(r.p95) == Approx(0.05).epsilon(5e-3));
    CHECK(r.p95 < r.p99);
}

TEST_CASE("predict: unstable pipelines are flagged, never NaN", "[decision][predict]") {
    const option_prediction d = predict(on_device_pipeline<md1>(60.0, service_demand{0.019, 0.0, 1.0}));
    CHECK_FALSE(d.stable);
    CHECK(d.mean == infinity);
    CHECK(d.p99 == infinity);
    CHECK(d.deadline_miss == 1.0);
    const offload_pipeline<md1, mm1> slow(10.0, service_demand{0.005, 0.0, 1.0}, network_link(1000.0),
                                          payload(500.0, 0.0));
    const option_prediction e = predict(slow); // uplink rho = 5
    CHECK_FALSE(e.stable);
    CHECK(e.mean == infinity);
    CHECK(predict_mean(slow).stable == false);
    CHECK(predict_mean(on_device_pipeline<md1>(10.0, service_demand{0.019, 0.0, 1.0})).mean ==
          rel(0.019 + 10.0 * 0.019 * 0.019 / (2.0 * (1.0 - 0.19))));
}

TEST_CASE("predict(split) is the tandem's mean and has ordered tails", "[decision][predict]") {
    const split_pipeline<md1, md1, mm1> p(5.0, service_demand{0.01, 0.0, 1.0}, service_demand{0.004, 0.0, 1.0},
                                          network_link(1.0e6), payload(2000.0, 100.0));
    const option_prediction r = predict(p);
    CHECK(r.kind == option_kind::split);
    CHECK(r.mean == rel(mean_latency(p)));
    CHECK(r.mean < r.p95);
    CHECK(r.p95 < r.p99);
}

TEST_CASE("predict: bad deadline", "[decision][predict]") {
    prediction_options o;
    o.deadline = 0.0;
    CHECK_THROWS_WITH(predict(on_device_pipeline<md1>(1.0, service_demand{0.01, 0.0, 1.0}), o),
                      Catch::Contains("options.deadline"));
    o.deadline = std::nan("");
    CHECK_THROWS_AS(predict(on_device_pipeline<md1>(1.0, service_demand{0.01, 0.0, 1.0}), o), parameter_error);
}
