// offload/planning/offloading_bandwidth/ddlo.hpp — DDLO, distributed deep learning-based offloading (seed 002 §V):
// K fully connected networks of the same shape (N M inputs, ReLU hidden layers of 120 and 80, N M sigmoid outputs)
// each propose a binary decision for the task sizes d (output > 1/2 offloads); P2 is solved exactly for each
// (bandwidth.hpp; the seed used a generic SciPy solver, the public code an equal split); the decision with the
// least Q* is output and stored with its input in a shared replay memory (oldest entry replaced); every
// training_interval steps each network takes its own random batch from the memory and makes one Adam step on the
// mean cross-entropy between its outputs and the stored decisions (eq. 9). No labels: it learns from its own
// decisions. Deterministic under options.seed (splitmix64 draws, no std:: distributions, no threads).
//
// The networks are plain loops over std::vector<double> (about 11 000 multiply-adds per network and input at
// N = M = 3), which keeps this header free of Eigen so the planning umbrella needs no optional dependency.
// Defaults follow the seed (§V, §VIII-A) and, where it is silent, the public code (memory.py, main.py):
// docs/planning.md lists the sources.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/offloading_bandwidth/bandwidth.hpp"
#include "offload/planning/offloading_bandwidth/instances.hpp"
#include "offload/planning/offloading_bandwidth/problem.hpp"

namespace offload::planning {

/// DDLO's hyper-parameters.
struct ddlo_options {
    std::size_t dnn_count = 5;          ///< K (seed Fig. 9 compares 1, 2, 3, 5)
    std::size_t hidden1 = 120;          ///< first hidden layer (seed §V)
    std::size_t hidden2 = 80;           ///< second hidden layer (seed §V)
    std::size_t memory_size = 1024;     ///< replay memory entries (seed §VIII-A)
    std::size_t batch_size = 128;       ///< per network and training step (public code)
    std::size_t training_interval = 10; ///< train every this many decisions (public code)
    std::size_t training_start = 512;   ///< first training once this many entries are stored (public code)
    double learning_rate = 0.01;        ///< Adam step size (seed Fig. 10, public code)
    double adam_beta1 =
        0.09; ///< Adam first-moment decay: the public code passes 0.09 (the usual 0.9 learns slower here)
    double adam_beta2 = 0.999; ///< Adam's second-moment decay
    double adam_epsilon = 1e-8;
    /// network input = (d - input_offset_bits) / input_scale_bits: [-1, 1] for the default 10..30 MiB sizes
    double input_offset_bits = 20.0 * bits_per_mebibyte;
    double input_scale_bits = 10.0 * bits_per_mebibyte;
    std::uint64_t seed = 1; ///< initial weights and batch sampling

    friend bool operator==(const ddlo_options&, const ddlo_options&) = default;
};

/// One DDLO decision: the best candidate with its exact bandwidth, its Q*, and which network proposed it.
struct ddlo_decision {
    offloading_plan plan;
    double utility = 0.0; ///< Q*(d, x) of the chosen candidate (exact P2)
    std::size_t dnn = 0;  ///< index of the network whose candidate was chosen (first on ties)

    friend bool operator==(const ddlo_decision&, const ddlo_decision&) = default;
};

namespace offloading_detail {

/// A 4-layer perceptron in -> h1 -> h2 -> out (ReLU, ReLU, logits) with Adam. Weights stored input-major
/// (w[i * fan_out + j]) so each layer is a sequence of vectorisable axpy's.
class ddlo_network {
public:
    ddlo_network(std::size_t in, std::size_t h1, std::size_t h2, std::size_t out, random_stream& rng)
        : in_(in), h1_(h1), h2_(h2), out_(out) {
        w1_ = 0;
        b1_ = w1_ + in * h1;
        w2_ = b1_ + h1;
        b2_ = w2_ + h1 * h2;
        w3_ = b2_ + h2;
        b3_ = w3_ + h2 * out;
        const std::size_t size = b3_ + out;
        p_.assign(size, 0.0);
        g_.assign(size, 0.0);
        m_.assign(size, 0.0);
        v_.assign(size, 0.0);
        auto init = [&](std::size_t at, std::size_t fan_in, std::size_t fan_out) {
            const double sd = 1.0 / std::sqrt(static_cast<double>(fan_in));
            for (std::size_t k = 0; k < fan_in * fan_out; ++k) p_[at + k] = sd * rng.normal();
        };
        init(w1_, in, h1);
        init(w2_, h1, h2);
        init(w3_, h2, out);
        a1_.resize(h1);
        a2_.resize(h2);
        z3_.resize(out);
        d1_.resize(h1);
        d2_.resize(h2);
        d3_.resize(out);
    }

    /// logits for input x (written into the returned buffer, valid until the next call)
    const std::vector<double>& forward(const double* x) {
        layer(x, in_, w1_, b1_, h1_, a1_.data(), true);
        layer(a1_.data(), h1_, w2_, b2_, h2_, a2_.data(), true);
        layer(a2_.data(), h2_, w3_, b3_, out_, z3_.data(), false);
        return z3_;
    }

    /// One Adam step on the mean binary cross-entropy over the batch and the outputs; returns that loss.
    double train(const std::vector<const double*>& inputs, const std::vector<const double*>& targets,
                 const ddlo_options& o) {
        std::fill(g_.begin(), g_.end(), 0.0);
        const double scale = 1.0 / static_cast<double>(inputs.size() * out_);
        double loss = 0.0;
        for (std::size_t s = 0; s < inputs.size(); ++s) {
            const double* x = inputs[s];
            const double* y = targets[s];
            forward(x);
            for (std::size_t j = 0; j < out_; ++j) {
                const double z = z3_[j];
                // softplus(z) - y z, computed without overflow
                loss += (z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) - y[j] * z;
                d3_[j] = (1.0 / (1.0 + std::exp(-z)) - y[j]) * scale;
            }
            back(a2_.data(), h2_, w3_, b3_, out_, d3_.data(), d2_.data(), a2_.data());
            back(a1_.data(), h1_, w2_, b2_, h2_, d2_.data(), d1_.data(), a1_.data());
            back(x, in_, w1_, b1_, h1_, d1_.data(), nullptr, nullptr);
        }
        ++t_;
        const double c1 = 1.0 - std::pow(o.adam_beta1, static_cast<double>(t_));
        const double c2 = 1.0 - std::pow(o.adam_beta2, static_cast<double>(t_));
        for (std::size_t k = 0; k < p_.size(); ++k) {
            m_[k] = o.adam_beta1 * m_[k] + (1.0 - o.adam_beta1) * g_[k];
            v_[k] = o.adam_beta2 * v_[k] + (1.0 - o.adam_beta2) * g_[k] * g_[k];
            p_[k] -= o.learning_rate * (m_[k] / c1) / (std::sqrt(v_[k] / c2) + o.adam_epsilon);
        }
        return loss * scale;
    }

private:
    // y += a x and x . y in blocks of four with a scalar tail: g++ -O2 vectorises the blocks (SLP) where it leaves
    // the plain loops scalar
    static void axpy(double a, const double* x, double* y, std::size_t n) {
        std::size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            y[j] += a * x[j];
            y[j + 1] += a * x[j + 1];
            y[j + 2] += a * x[j + 2];
            y[j + 3] += a * x[j + 3];
        }
        for (; j < n; ++j) y[j] += a * x[j];
    }

    static double dot(const double* x, const double* y, std::size_t n) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        std::size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += x[j] * y[j];
            s1 += x[j + 1] * y[j + 1];
            s2 += x[j + 2] * y[j + 2];
            s3 += x[j + 3] * y[j + 3];
        }
        for (; j < n; ++j) s0 += x[j] * y[j];
        return (s0 + s2) + (s1 + s3);
    }

    void layer(const double* x, std::size_t fan_in, std::size_t w, std::size_t b, std::size_t fan_out, double* y,
               bool relu) const {
        const double* bias = &p_[b];
        for (std::size_t j = 0; j < fan_out; ++j) y[j] = bias[j];
        for (std::size_t i = 0; i < fan_in; ++i) {
            const double xi = x[i];
            if (xi == 0.0) continue; // ReLU zeros: about half the hidden units
            axpy(xi, &p_[w + i * fan_out], y, fan_out);
        }
        if (relu)
            for (std::size_t j = 0; j < fan_out; ++j) y[j] = std::max(y[j], 0.0);
    }

    /// accumulate the gradient of one layer given dL/dz of its outputs (dz); writes dL/dz of its inputs into
    /// dx_out (through the ReLU, using the stored activations act) unless dx_out is null
    void back(const double* x, std::size_t fan_in, std::size_t w, std::size_t b, std::size_t fan_out, const double* dz,
              double* dx_out, const double* act) {
        double* gb = &g_[b];
        for (std::size_t j = 0; j < fan_out; ++j) gb[j] += dz[j];
        for (std::size_t i = 0; i < fan_in; ++i) {
            const double xi = x[i];
            const double* row = &p_[w + i * fan_out];
            double* grow = &g_[w + i * fan_out];
            if (xi != 0.0) axpy(xi, dz, grow, fan_out);
            if (dx_out != nullptr) dx_out[i] = act[i] > 0.0 ? dot(row, dz, fan_out) : 0.0;
        }
    }

    std::size_t in_, h1_, h2_, out_;
    std::size_t w1_, b1_, w2_, b2_, w3_, b3_;
    std::vector<double> p_, g_, m_, v_;
    std::vector<double> a1_, a2_, z3_, d1_, d2_, d3_;
    std::size_t t_ = 0;
};

} // namespace offloading_detail

/// The DDLO learner for a fixed shape (N devices, M tasks) and fixed parameters; the task sizes change per step.
class ddlo {
public:
    ddlo(std::size_t device_count, std::size_t tasks_per_device, offloading_parameters parameters = {},
         ddlo_options options = {})
        : shape_(checked_shape(device_count, tasks_per_device, parameters, options)), o_(options), rng_(options.seed) {
        const std::size_t nm = shape_.task_count();
        for (std::size_t k = 0; k < o_.dnn_count; ++k) nets_.emplace_back(nm, o_.hidden1, o_.hidden2, nm, rng_);
        memory_inputs_.assign(o_.memory_size * nm, 0.0);
        memory_targets_.assign(o_.memory_size * nm, 0.0);
        input_.resize(nm);
        candidates_.assign(o_.dnn_count, offloading_decision{std::vector<std::uint8_t>(nm, 0)});
    }

    /// The decision for task sizes d (N M bits, row-major) without learning: K forward passes + K exact P2 solves.
    [[nodiscard]] ddlo_decision decide(const std::vector<double>& task_bits) { return propose(task_bits); }

    /// One online step of the seed's Algorithm (lines 7–13): decide, store (d, x*) in the replay memory, and train
    /// every training_interval steps once training_start entries are stored.
    ddlo_decision step(const std::vector<double>& task_bits) {
        ddlo_decision out = propose(task_bits);
        const std::size_t nm = shape_.task_count();
        const std::size_t slot = stored_ % o_.memory_size;
        std::copy(input_.begin(), input_.end(), memory_inputs_.begin() + static_cast<std::ptrdiff_t>(slot * nm));
        for (std::size_t i = 0; i < nm; ++i) memory_targets_[slot * nm + i] = out.plan.decision.offload[i];
        ++stored_;
        ++steps_;
        if (stored_ >= o_.training_start && steps_ % o_.training_interval == 0) train();
        return out;
    }

    [[nodiscard]] std::size_t steps() const noexcept { return steps_; }
    [[nodiscard]] std::size_t training_steps() const noexcept { return training_steps_; }
    /// mean cross-entropy of each network's last training batch (empty before the first training)
    [[nodiscard]] const std::vector<double>& last_losses() const noexcept { return losses_; }
    [[nodiscard]] const ddlo_options& options() const noexcept { return o_; }

private:
    /// Largest number of doubles the learner may hold (replay memory, K networks with their gradients and Adam
    /// moments): 2^28 (2 GiB). Issue 18 #14: sizes are checked before anything is allocated.
    static constexpr double max_learner_doubles = 268435456.0;

    /// Checks the options and the shape, then the learner's memory, before any allocation; the problem with
    /// all-zero task sizes that fixes the shape.
    static offloading_problem checked_shape(std::size_t device_count, std::size_t tasks_per_device,
                                            const offloading_parameters& parameters, const ddlo_options& o) {
        constexpr const char* fn = "offload::planning::ddlo";
        if (o.dnn_count < 1 || o.dnn_count > 1000)
            offload::detail::throw_parameter_error(fn, "options.dnn_count", static_cast<double>(o.dnn_count),
                                                   "must be in [1, 1000]");
        if (o.hidden1 < 1 || o.hidden1 > 100000)
            offload::detail::throw_parameter_error(fn, "options.hidden1", static_cast<double>(o.hidden1),
                                                   "must be in [1, 1e5]");
        if (o.hidden2 < 1 || o.hidden2 > 100000)
            offload::detail::throw_parameter_error(fn, "options.hidden2", static_cast<double>(o.hidden2),
                                                   "must be in [1, 1e5]");
        if (o.memory_size < 1 || o.memory_size > 10000000)
            offload::detail::throw_parameter_error(fn, "options.memory_size", static_cast<double>(o.memory_size),
                                                   "must be in [1, 1e7]");
        if (o.batch_size < 1 || o.batch_size > 1000000)
            offload::detail::throw_parameter_error(fn, "options.batch_size", static_cast<double>(o.batch_size),
                                                   "must be in [1, 1e6]");
        if (o.training_interval < 1)
            offload::detail::throw_parameter_error(fn, "options.training_interval", 0.0, "must be >= 1");
        if (o.training_start < 1 || o.training_start > o.memory_size)
            offload::detail::throw_parameter_error(fn, "options.training_start", static_cast<double>(o.training_start),
                                                   "must be in [1, options.memory_size]");
        offload::detail::require_positive(o.learning_rate, fn, "options.learning_rate");
        if (!(o.adam_beta1 >= 0.0 && o.adam_beta1 < 1.0))
            offload::detail::throw_parameter_error(fn, "options.adam_beta1", o.adam_beta1, "must be in [0, 1)");
        if (!(o.adam_beta2 >= 0.0 && o.adam_beta2 < 1.0))
            offload::detail::throw_parameter_error(fn, "options.adam_beta2", o.adam_beta2, "must be in [0, 1)");
        offload::detail::require_positive(o.adam_epsilon, fn, "options.adam_epsilon");
        offload::detail::require_finite(o.input_offset_bits, fn, "options.input_offset_bits");
        offload::detail::require_positive(o.input_scale_bits, fn, "options.input_scale_bits");
        if (device_count < 1 || device_count > offloading_problem::max_devices)
            offload::detail::throw_parameter_error(fn, "device_count", static_cast<double>(device_count),
                                                   "must be in [1, 1e6]");
        if (tasks_per_device < 1 || tasks_per_device > offloading_problem::max_tasks_per_device)
            offload::detail::throw_parameter_error(fn, "tasks_per_device", static_cast<double>(tasks_per_device),
                                                   "must be in [1, 1e6]");
        const double nm = static_cast<double>(device_count) * static_cast<double>(tasks_per_device);
        const auto h1 = static_cast<double>(o.hidden1);
        const auto h2 = static_cast<double>(o.hidden2);
        const double doubles =
            2.0 * static_cast<double>(o.memory_size) * nm +
            4.0 * static_cast<double>(o.dnn_count) * ((nm + 1.0) * h1 + (h1 + 1.0) * h2 + (h2 + 1.0) * nm);
        if (doubles > max_learner_doubles)
            offload::detail::throw_parameter_error(
                fn, "device_count", static_cast<double>(device_count),
                ("with tasks_per_device = " + std::to_string(tasks_per_device) +
                 " and these options the learner would hold " + offload::detail::format_value(doubles) +
                 " doubles (2 memory_size N M + 4 dnn_count x network size); the limit is 2^28")
                    .c_str());
        return offloading_problem(device_count, tasks_per_device,
                                  std::vector<double>(device_count * tasks_per_device, 0.0), parameters);
    }

    ddlo_decision propose(const std::vector<double>& task_bits) {
        // validates the sizes (names task_bits[n][m]) and fixes the instance for P2
        const offloading_problem p(shape_.device_count(), shape_.tasks_per_device(), task_bits, shape_.parameters());
        const std::size_t nm = p.task_count();
        for (std::size_t i = 0; i < nm; ++i) input_[i] = (task_bits[i] - o_.input_offset_bits) / o_.input_scale_bits;
        bandwidth_allocator solver(p);
        ddlo_decision best;
        best.utility = infinity;
        for (std::size_t k = 0; k < nets_.size(); ++k) {
            const std::vector<double>& z = nets_[k].forward(input_.data());
            for (std::size_t i = 0; i < nm; ++i) candidates_[k].offload[i] = z[i] > 0.0 ? 1 : 0;
            if (k > 0 && std::find(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(k),
                                   candidates_[k]) != candidates_.begin() + static_cast<std::ptrdiff_t>(k))
                continue; // the same candidate as an earlier network: same Q*
            const double q = solver.solve_unchecked(candidates_[k].offload.data(), bandwidth_);
            if (q < best.utility) {
                best.utility = q;
                best.dnn = k;
                best.plan.decision = candidates_[k];
                best.plan.bandwidth_bits_per_second = bandwidth_;
            }
        }
        return best;
    }

    void train() {
        const std::size_t nm = shape_.task_count();
        const std::size_t filled = std::min(stored_, o_.memory_size);
        std::vector<const double*> xs(o_.batch_size);
        std::vector<const double*> ys(o_.batch_size);
        losses_.resize(nets_.size());
        for (std::size_t k = 0; k < nets_.size(); ++k) {
            for (std::size_t s = 0; s < o_.batch_size; ++s) {
                const std::size_t e = rng_.below(filled);
                xs[s] = &memory_inputs_[e * nm];
                ys[s] = &memory_targets_[e * nm];
            }
            losses_[k] = nets_[k].train(xs, ys, o_);
        }
        ++training_steps_;
    }

    offloading_problem shape_;
    ddlo_options o_;
    offloading_detail::random_stream rng_;
    std::vector<offloading_detail::ddlo_network> nets_;
    std::vector<double> memory_inputs_;
    std::vector<double> memory_targets_;
    std::vector<double> input_;
    std::vector<offloading_decision> candidates_;
    std::vector<double> bandwidth_;
    std::vector<double> losses_;
    std::size_t stored_ = 0;
    std::size_t steps_ = 0;
    std::size_t training_steps_ = 0;
};

} // namespace offload::planning
