#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>
#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/flops/calibration.hpp"

using offload::dnn::calibration_options;
using offload::dnn::calibration_sample;
using offload::dnn::dtype;
using offload::dnn::fit_status;
using offload::dnn::hardware_profile;
using offload::dnn::hardware_spec;
using offload::dnn::layer_cost;
using offload::dnn::op_class;
using offload::test::rel;

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

/// Deterministic uniform numbers in [0, 1) (a 64-bit LCG; the same sequence on every platform).
struct lcg {
    std::uint64_t state;
    double operator()() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) * 0x1.0p-53;
    }
};

constexpr std::size_t idx(op_class c) { return static_cast<std::size_t>(c); }

hardware_spec prior_spec() {
    hardware_spec s;
    s.name = "synthetic device";
    s.source = "test";
    s.peak_fp32 = 100e9;
    s.peak_fp16 = 200e9;
    s.memory_bandwidth = 10e9;
    return s;
}

/// The "real" device the synthetic measurements come from.
hardware_profile truth() {
    hardware_spec s = prior_spec();
    s.layer_overhead = 20e-6;
    s.compute_efficiency[idx(op_class::dense_conv)] = 0.4;
    s.compute_efficiency[idx(op_class::pointwise_conv)] = 0.25;
    s.compute_efficiency[idx(op_class::depthwise_conv)] = 0.05;
    s.compute_efficiency[idx(op_class::fully_connected)] = 0.3;
    s.memory_efficiency[idx(op_class::fully_connected)] = 0.8;
    s.memory_efficiency[idx(op_class::elementwise)] = 0.3;
    s.memory_efficiency[idx(op_class::normalization)] = 0.2;
    s.memory_efficiency[idx(op_class::pooling)] = 0.5;
    s.memory_efficiency[idx(op_class::data_movement)] = 0.6;
    return hardware_profile(s);
}

layer_cost layer(op_class kind, double flops, double bytes) {
    layer_cost l;
    l.kind = kind;
    l.flops = flops;
    l.macs = flops / 2;
    l.weight_bytes = 0.25 * bytes;
    l.input_bytes = 0.375 * bytes;
    l.output_bytes = 0.375 * bytes;
    return l;
}

/// Layers whose regime under the truth is unambiguous (intensity far from the ridge). Depthwise layers of
/// intensity 2..20 FLOPs/byte are compute-bound on the truth (ridge 0.5) but partly memory-bound under the
/// prior (ridge 10), so the regime assignment must be corrected by the iteration.
std::vector<layer_cost> synthetic_layers() {
    std::vector<layer_cost> v;
    for (int k = 0; k < 6; ++k) {
        const double s = std::pow(2.0, k); // sizes spanning a factor 32
        v.push_back(layer(op_class::dense_conv, 2e7 * s, 2e7 * s / 50.0));
        v.push_back(layer(op_class::pointwise_conv, 1e7 * s, 1e7 * s / 30.0));
        v.push_back(layer(op_class::depthwise_conv, 1e6 * s, 1e6 * s / (2.0 + 3.5 * k)));
        v.push_back(layer(op_class::fully_connected, 5e6 * s, 5e6 * s / 0.5));   // batch 1: memory-bound
        v.push_back(layer(op_class::fully_connected, 5e7 * s, 5e7 * s / 100.0)); // batched: compute-bound
        v.push_back(layer(op_class::elementwise, 1e5 * s, 1e6 * s));
        v.push_back(layer(op_class::normalization, 2e5 * s, 8e5 * s));
        v.push_back(layer(op_class::pooling, 4e5 * s, 8e5 * s));
        v.push_back(layer(op_class::data_movement, 0.0, 1e6 * s));
    }
    return v;
}

std::vector<calibration_sample> per_layer_samples(const std::vector<layer_cost>& layers, const hardware_profile& p,
                                                  double noise = 0.0, std::uint64_t seed = 1) {
    lcg u{seed};
    std::vector<calibration_sample> samples;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::span<const layer_cost> one(&layers[i], 1);
        const double t = model_latency(p, one) * (1.0 + noise * (2.0 * u() - 1.0));
        samples.push_back({one, t, dtype::fp32});
    }
    return samples;
}

void check_recovers(const hardware_profile& got, const hardware_profile& want, double tolerance) {
    const auto fitted_compute = {op_class::dense_conv, op_class::pointwise_conv, op_class::depthwise_conv,
                                 op_class::fully_connected};
    const auto fitted_memory = {op_class::fully_connected, op_class::elementwise, op_class::normalization,
                                op_class::pooling, op_class::data_movement};
    for (op_class c : fitted_compute) {
        INFO("compute " << to_string(c));
        CHECK(got.compute_efficiency(c) == rel(want.compute_efficiency(c), tolerance));
    }
    for (op_class c : fitted_memory) {
        INFO("memory " << to_string(c));
        CHECK(got.memory_efficiency(c) == rel(want.memory_efficiency(c), tolerance));
    }
    CHECK(got.layer_overhead() == rel(want.layer_overhead(), tolerance));
}

} // namespace

// ---------------------------------------------------------------------------------------------------------
// NNLS

TEST_CASE("nnls: interior optimum equals the unconstrained least-squares solution", "[calibration][nnls]") {
    Eigen::MatrixXd A(4, 2);
    A << 1, 0, 0, 1, 1, 1, 2, 1;
    const Eigen::Vector2d x_true(2.0, 3.0);
    const Eigen::VectorXd b = A * x_true;
    const Eigen::VectorXd x = offload::dnn::detail::nnls(A, b);
    CHECK(x(0) == rel(2.0, 1e-12));
    CHECK(x(1) == rel(3.0, 1e-12));
}

TEST_CASE("nnls: textbook active constraints", "[calibration][nnls]") {
    // A = I: the solution is max(b, 0) componentwise
    const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(3, 3);
    const Eigen::VectorXd x = offload::dnn::detail::nnls(I, Eigen::Vector3d(1.0, -2.0, 3.0));
    CHECK(x(0) == rel(1.0));
    CHECK(x(1) == 0.0);
    CHECK(x(2) == rel(3.0));
    // min (x1 + x2 - 1)^2 + (x1 - x2 + 3)^2: unconstrained (-1, 2), constrained (0, 2)
    Eigen::MatrixXd A(2, 2);
    A << 1, 1, 1, -1;
    const Eigen::VectorXd y = offload::dnn::detail::nnls(A, Eigen::Vector2d(1.0, -3.0));
    CHECK(y(0) == 0.0);
    CHECK(y(1) == rel(2.0, 1e-12));
    // a zero column stays at zero; no columns gives an empty solution
    Eigen::MatrixXd Z(3, 2);
    Z << 1, 0, 2, 0, 3, 0;
    const Eigen::VectorXd z = offload::dnn::detail::nnls(Z, Eigen::Vector3d(1.0, 2.0, 3.0));
    CHECK(z(0) == rel(1.0, 1e-12));
    CHECK(z(1) == 0.0);
    CHECK(offload::dnn::detail::nnls(Eigen::MatrixXd(3, 0), Eigen::Vector3d(1, 2, 3)).size() == 0);
}

TEST_CASE("nnls: matches exhaustive search over supports and satisfies KKT", "[calibration][nnls]") {
    lcg u{42};
    for (int trial = 0; trial < 200; ++trial) {
        const int m = 6 + trial % 5;
        const int n = 2 + trial % 4;
        Eigen::MatrixXd A(m, n);
        Eigen::VectorXd b(m);
        for (int i = 0; i < m; ++i) {
            for (int j = 0; j < n; ++j) A(i, j) = 2.0 * u() - 1.0;
            b(i) = 2.0 * u() - 1.0;
        }
        const Eigen::VectorXd x = offload::dnn::detail::nnls(A, b);
        // exhaustive: the best feasible least-squares solution over every support
        double best = inf;
        for (int mask = 0; mask < (1 << n); ++mask) {
            std::vector<int> cols;
            for (int j = 0; j < n; ++j)
                if (mask & (1 << j)) cols.push_back(j);
            Eigen::VectorXd full = Eigen::VectorXd::Zero(n);
            if (!cols.empty()) {
                Eigen::MatrixXd As(m, static_cast<Eigen::Index>(cols.size()));
                for (std::size_t k = 0; k < cols.size(); ++k) As.col(static_cast<Eigen::Index>(k)) = A.col(cols[k]);
                const Eigen::VectorXd s = As.colPivHouseholderQr().solve(b);
                if (s.minCoeff() < 0.0) continue;
                for (std::size_t k = 0; k < cols.size(); ++k) full(cols[k]) = s(static_cast<Eigen::Index>(k));
            }
            best = std::min(best, (A * full - b).norm());
        }
        INFO("trial " << trial);
        CHECK(x.minCoeff() >= 0.0);
        CHECK((A * x - b).norm() == Approx(best).epsilon(1e-10));
        const Eigen::VectorXd w = A.transpose() * (b - A * x);
        for (int j = 0; j < n; ++j) {
            CHECK(w(j) <= 1e-10);
            if (x(j) > 0.0) CHECK(std::abs(w(j)) <= 1e-10);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// calibrate: recovery

TEST_CASE("calibrate: recovers known efficiencies and overhead exactly from noise-free per-layer data",
          "[calibration]") {
    const auto layers = synthetic_layers();
    const hardware_profile real = truth();
    const auto samples = per_layer_samples(layers, real);
    for (auto weighting :
         {offload::dnn::calibration_weighting::relative, offload::dnn::calibration_weighting::absolute}) {
        calibration_options options;
        options.weighting = weighting;
        const auto r = offload::dnn::calibrate(hardware_profile(prior_spec()), samples, options);
        check_recovers(r.profile, real, 1e-9);
        CHECK(r.regime_converged);
        CHECK(r.regime_iterations >= 2); // the prior misassigns the depthwise layers
        CHECK(r.fit.rms_relative_error < 1e-10);
        CHECK(r.fit.max_abs_relative_error < 1e-9);
        REQUIRE(r.fit.predicted_seconds.size() == samples.size());
        CHECK(r.compute_status[idx(op_class::depthwise_conv)] == fit_status::fitted);
        CHECK(r.memory_status[idx(op_class::elementwise)] == fit_status::fitted);
        CHECK(r.overhead_status == fit_status::fitted);
        CHECK(r.profile.name() == "synthetic device");
        CHECK_THAT(r.profile.source(), Catch::Contains("calibrated by offload::dnn::calibrate on 54 samples"));
    }
}

TEST_CASE("calibrate: recovers from whole-model samples", "[calibration]") {
    const auto layers = synthetic_layers();
    const hardware_profile real = truth();
    // 40 "models", each a random selection of the synthetic layers
    lcg u{7};
    std::vector<std::vector<layer_cost>> models(40);
    for (auto& m : models)
        for (const auto& l : layers)
            if (u() < 0.4) m.push_back(l);
    std::vector<calibration_sample> samples;
    for (const auto& m : models) samples.push_back({m, model_latency(real, m), dtype::fp32});
    const auto r = offload::dnn::calibrate(hardware_profile(prior_spec()), samples);
    check_recovers(r.profile, real, 1e-8);
    CHECK(r.fit.rms_relative_error < 1e-9);
}

TEST_CASE("calibrate: with 5% multiplicative noise the estimates stay close", "[calibration]") {
    const auto layers = synthetic_layers();
    const hardware_profile real = truth();
    // four noisy repetitions of every layer
    std::vector<calibration_sample> samples;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        const auto s = per_layer_samples(layers, real, 0.05, seed);
        samples.insert(samples.end(), s.begin(), s.end());
    }
    const auto r = offload::dnn::calibrate(hardware_profile(prior_spec()), samples);
    check_recovers(r.profile, real, 0.08);
    // the residual reflects the noise (uniform +-5%: rms 2.9%), neither zero nor larger than the noise
    CHECK(r.fit.rms_relative_error > 0.015);
    CHECK(r.fit.rms_relative_error < 0.04);
    CHECK(r.fit.max_abs_relative_error < 0.08);
}

TEST_CASE("calibrate: fp16 samples use the fp16 peak", "[calibration]") {
    const auto layers = synthetic_layers();
    const hardware_profile real = truth();
    std::vector<calibration_sample> samples;
    for (const auto& l : layers) {
        const std::span<const layer_cost> one(&l, 1);
        samples.push_back({one, model_latency(real, one, dtype::fp16), dtype::fp16});
    }
    const auto r = offload::dnn::calibrate(hardware_profile(prior_spec()), samples);
    check_recovers(r.profile, real, 1e-9);
}

// ---------------------------------------------------------------------------------------------------------
// calibrate: degenerate inputs

TEST_CASE("calibrate: an op class never seen keeps its prior, and the result says so", "[calibration]") {
    hardware_spec prior = prior_spec();
    prior.compute_efficiency[idx(op_class::attention)] = 0.7;
    prior.memory_efficiency[idx(op_class::recurrent)] = 0.9;
    const auto layers = synthetic_layers();
    const auto samples = per_layer_samples(layers, truth());
    const auto r = offload::dnn::calibrate(hardware_profile(prior), samples);
    CHECK(r.profile.compute_efficiency(op_class::attention) == 0.7);
    CHECK(r.profile.memory_efficiency(op_class::recurrent) == 0.9);
    CHECK(r.compute_status[idx(op_class::attention)] == fit_status::not_exercised);
    CHECK(r.memory_status[idx(op_class::recurrent)] == fit_status::not_exercised);
    // memory-bound classes never exercise their compute efficiency
    CHECK(r.compute_status[idx(op_class::elementwise)] == fit_status::not_exercised);
    CHECK(r.memory_status[idx(op_class::dense_conv)] == fit_status::not_exercised);
    bool noted = false;
    for (const auto& n : r.notes)
        if (n == "compute_efficiency[attention]: no sample exercises it; prior 0.69999999999999996 kept") noted = true;
    CHECK(noted);
}

TEST_CASE("calibrate: options fix parameters at their prior", "[calibration]") {
    hardware_spec prior = prior_spec();
    prior.layer_overhead = 20e-6; // the true value
    const auto layers = synthetic_layers();
    const auto samples = per_layer_samples(layers, truth());
    calibration_options options;
    options.fit_layer_overhead = false;
    const auto r = offload::dnn::calibrate(hardware_profile(prior), samples, options);
    CHECK(r.overhead_status == fit_status::fixed_by_options);
    CHECK(r.profile.layer_overhead() == 20e-6);
    check_recovers(r.profile, truth(), 1e-9);
    bool noted = false;
    for (const auto& n : r.notes)
        if (n.find("layer_overhead: not fitted (options)") == 0) noted = true;
    CHECK(noted);

    options = {};
    options.fit_memory_efficiency = false;
    const auto r2 = offload::dnn::calibrate(hardware_profile(prior_spec()), samples, options);
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c) {
        CHECK(r2.memory_status[c] == fit_status::fixed_by_options);
        CHECK(r2.profile.spec().memory_efficiency[c] == 1.0);
    }
}

TEST_CASE("calibrate: measurements faster than the peak pin the efficiency at its bound 1", "[calibration]") {
    // a device twice as fast as the prior's peak: 2e9 FLOPs in 10 ms, 1e9 FLOPs in 5 ms
    std::vector<layer_cost> layers = {layer(op_class::dense_conv, 2e9, 1e6), layer(op_class::dense_conv, 1e9, 1e6)};
    std::vector<calibration_sample> samples = {{std::span(&layers[0], 1), 10e-3, dtype::fp32},
                                               {std::span(&layers[1], 1), 5e-3, dtype::fp32}};
    const auto r = offload::dnn::calibrate(hardware_profile(prior_spec()), samples);
    CHECK(r.profile.compute_efficiency(op_class::dense_conv) == 1.0);
    CHECK(r.profile.layer_overhead() == 0.0);
    CHECK(r.fit.relative_error[0] == rel(1.0, 1e-9)); // predicted 20 ms vs 10 ms measured
    bool noted = false;
    for (const auto& n : r.notes)
        if (n.find("compute_efficiency[dense_conv]: fitted at its bound 1") == 0) noted = true;
    CHECK(noted);
}

TEST_CASE("calibrate: a single sample is fitted exactly", "[calibration]") {
    std::vector<layer_cost> layers = {layer(op_class::dense_conv, 1e9, 1e6)};
    std::vector<calibration_sample> samples = {{layers, 0.05, dtype::fp32}};
    const auto r = offload::dnn::calibrate(hardware_profile(prior_spec()), samples);
    CHECK(r.fit.predicted_seconds[0] == rel(0.05, 1e-9));
    CHECK(r.profile.compute_efficiency(op_class::dense_conv) > 0.0);
    CHECK(r.profile.compute_efficiency(op_class::dense_conv) <= 1.0);
}

TEST_CASE("evaluate_fit: per-sample errors of a given profile", "[calibration]") {
    std::vector<layer_cost> layers = {layer(op_class::dense_conv, 1e9, 1e6), layer(op_class::elementwise, 1e5, 1e7)};
    const hardware_profile p(prior_spec()); // 10 ms and 1 ms
    std::vector<calibration_sample> samples = {{std::span(&layers[0], 1), 20e-3, dtype::fp32},
                                               {std::span(&layers[1], 1), 0.5e-3, dtype::fp32},
                                               {layers, 11e-3, dtype::fp32}};
    const auto f = offload::dnn::evaluate_fit(p, samples);
    CHECK(f.predicted_seconds[0] == rel(10e-3));
    CHECK(f.relative_error[0] == rel(-0.5));
    CHECK(f.relative_error[1] == rel(1.0));
    CHECK(f.relative_error[2] == Approx(0.0).margin(1e-12));
    CHECK(f.max_abs_relative_error == rel(1.0));
    CHECK(f.rms_relative_error == rel(std::sqrt((0.25 + 1.0) / 3.0)));
    CHECK(f.measured_seconds[1] == 0.5e-3);
}

TEST_CASE("calibrate and evaluate_fit: every bad input is named", "[calibration][errors]") {
    const hardware_profile p(prior_spec());
    std::vector<layer_cost> layers = {layer(op_class::dense_conv, 1e9, 1e6), layer(op_class::elementwise, 1e5, 1e7),
                                      layer(op_class::pooling, 1e5, 1e6)};
    const std::span<const layer_cost> all(layers);
    const auto with = [&](double t) {
        return std::vector<calibration_sample>{{all, 1e-2, dtype::fp32}, {all, t, dtype::fp32}};
    };
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, std::vector<calibration_sample>{}),
                      Catch::Contains("offload::dnn::calibrate") && Catch::Contains("'samples.size()' = 0"));
    CHECK_THROWS_WITH(offload::dnn::evaluate_fit(p, std::vector<calibration_sample>{}),
                      Catch::Contains("offload::dnn::evaluate_fit") && Catch::Contains("'samples.size()' = 0"));
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, with(-1.0)), Catch::Contains("'samples[1].measured_seconds' = -1"));
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, with(qnan)), Catch::Contains("'samples[1].measured_seconds' = nan"));
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, with(0.0)), Catch::Contains("'samples[1].measured_seconds' = 0"));
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, with(inf)), Catch::Contains("'samples[1].measured_seconds' = inf"));
    CHECK_THROWS_AS(offload::dnn::evaluate_fit(p, with(-1.0)), offload::parameter_error);
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, std::vector<calibration_sample>{{{}, 1e-3, dtype::fp32}}),
                      Catch::Contains("'samples[0].layers.size()' = 0"));
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, std::vector<calibration_sample>{{all, 1e-3, dtype::int8}}),
                      Catch::Contains("'samples[0].element_type' = int8"));
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, std::vector<calibration_sample>{{all, 1e-3, static_cast<dtype>(9)}}),
                      Catch::Contains("'samples[0].element_type' = 9"));
    auto bad_layers = layers;
    bad_layers[2].flops = -3.0;
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, std::vector<calibration_sample>{{bad_layers, 1e-3, dtype::fp32}}),
                      Catch::Contains("'samples[0].layers[2].flops' = -3"));
    bad_layers = layers;
    bad_layers[1].output_bytes = qnan;
    CHECK_THROWS_WITH(offload::dnn::evaluate_fit(p, std::vector<calibration_sample>{{bad_layers, 1e-3, dtype::fp32}}),
                      Catch::Contains("'samples[0].layers[1].output_bytes' = nan"));
    bad_layers = layers;
    bad_layers[0].kind = static_cast<op_class>(12);
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, std::vector<calibration_sample>{{bad_layers, 1e-3, dtype::fp32}}),
                      Catch::Contains("'samples[0].layers[0].kind' = 12"));
    calibration_options options;
    options.max_regime_iterations = 0;
    CHECK_THROWS_WITH(offload::dnn::calibrate(p, with(1e-2), options),
                      Catch::Contains("'options.max_regime_iterations' = 0"));
}
