// offload/policy/offload_policy.hpp — the per-request policy object: built once from a static description,
// updated online from measurements, asked per request where to run.
//
//   offload_policy p(description);                 // device, edges/cloud, splits, workload, options
//   p.observe_request(t);                           // request timestamps -> sliding-window arrival rate
//   p.observe_transfer(r, t, bytes, seconds);       // transfer observations -> EWMA bandwidth of target r
//   p.observe_device_service(t, s); p.observe_remote_service(r, t, s);  // running mean/variance
//   p.report_edge_load(r, t, other_tenants_rate);   // the edge's load report
//   policy_decision d = p.decide(now);              // noexcept, no allocation, any number of threads
//
// Options: 0 = the device, 1..R = the remote targets (edges, cloud) with the whole model, then the splits.
// Each option is predicted with the pipelines (offload/pipelines/): device k_parallel<mg1> (M/G/1 with the
// measured SCV; M/D/1 means at SCV 0), remote k_parallel<mg1> at the target's aggregate rate (this device plus
// the reported background tenants; the wait under their service-time mixture as in seed 003 Lemma 3.2, then
// this workload's own service time: tenant_offload_pipeline), M/M/1 NICs at the estimated bandwidth (seed 003 Algorithm 1), split = the tandem of both
// (tenant_split_pipeline: the same wait, then the split's own edge part). Tails (p95, p99, deadline miss)
// come from the pipelines' distributions (predict(), offload/decision/predict.hpp).
//
// Concurrency model (docs/policy.md): measurements are applied under a writer mutex (any thread may feed them;
// typically one does). When they change an input, the writer recomputes every option's prediction OUTSIDE any
// reader-visible state and then publishes it through a seqlock whose protected fields are all std::atomic
// (read with memory_order_relaxed between an acquire load of the sequence and an acquire fence; Boehm 2012,
// "Can seqlocks get along with programming language memory models?"): readers never block the writer and
// never see a torn snapshot; they retry only while a publication (a few dozen relaxed stores) is in flight.
// decide() copies the snapshot to the stack, applies the objective, constraints and hysteresis, and updates
// the hysteresis state (current option + time of the last switch, packed in one atomic 64-bit word) with a
// compare-and-swap. So decide() is lock-free, noexcept and allocation-free, and data-race free under TSan.
//
// Recomputation is per measurement, NOT per request: transfer, service and load observations recompute at
// once; request timestamps recompute only when the windowed rate has moved by more than rate_tolerance from
// the rate the predictions were made with, or recompute_interval seconds have passed (refresh(now) forces the
// ageing check). Stale information ages out: a bandwidth, service-time or load estimate whose last
// observation is older than stale_after seconds reverts to the static description.
//
// Bad measurements: malformed values (NaN, infinite, negative, zero durations, unknown target) throw
// parameter_error and change nothing; well-formed but implausible ones (bandwidth above max_bandwidth, a
// service time more than max_service_factor times away from the static one) are counted and dropped
// (dropped_measurements()). Neither ever reaches an estimate.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "offload/concepts.hpp"
#include "offload/decision/energy.hpp"
#include "offload/decision/objective.hpp"
#include "offload/decision/predict.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/end_to_end_time.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/policy/estimators.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload {

/// Most options a policy holds (device + remote targets + splits).
inline constexpr std::size_t policy_max_options = 16;

/// An edge server or the cloud, running the whole model.
struct policy_remote {
    std::string name;                        ///< for reports, e.g. "edge-1"
    option_kind kind = option_kind::edge;    ///< edge or cloud
    service_demand demand;                   ///< this workload's service there (mean > 0, scv >= 0, k >= 1)
    double bandwidth = 0.0;                  ///< nominal B > 0, bytes/s, both directions
    double propagation = 0.0;                ///< one way, seconds >= 0
    double background_rate = 0.0;            ///< other tenants' requests/s (until a load report says otherwise)
    double background_service = 0.0;        ///< their mean service seconds (0: the same as this workload's)
    double background_scv = 0.0;             ///< their service-time SCV
};

/// A split: layers [0, cut) on the device, the rest on remote target `remote`.
struct policy_split {
    std::size_t remote = 0;                  ///< index into policy_description::remotes
    int cut = 0;                             ///< a label (the split_table cut), reported in decisions
    service_demand device_part;              ///< s'_dev
    service_demand remote_part;              ///< s'_edge
    double payload_bytes = 0.0;              ///< D_inter > 0
    double device_fraction = 0.5;            ///< share of the work on the device, for the energy model
};

struct policy_workload {
    double arrival_rate = 0.0;               ///< prior lambda >= 0 until timestamps arrive
    double request_bytes = 0.0;              ///< D_req > 0
    double result_bytes = 0.0;               ///< D_res >= 0
    result_destination destination = result_destination::device;
    double task_bits = 0.0;                  ///< seed 002's d for the energy model (0: 8 D_req)
};

struct policy_options {
    objective goal{};                        ///< default: mean latency
    constraints limits{};
    double deadline = infinity;              ///< seconds, for deadline_miss (+inf: none)
    double hysteresis_margin = 0.05;         ///< switch only if better by more than this fraction, [0, 1)
    double min_dwell = 0.0;                  ///< seconds an option is kept after a switch, >= 0
    double rate_window = 10.0;               ///< sliding window for the arrival rate, seconds > 0
    std::size_t rate_capacity = 4096;        ///< timestamps kept
    double bandwidth_weight = 0.3;           ///< EWMA weight of a bandwidth sample, (0, 1]
    double service_weight = 0.05;            ///< weight of a service-time sample, (0, 1]
    double stale_after = 30.0;               ///< seconds without observations before an estimate reverts, > 0
    double recompute_interval = 1.0;         ///< seconds between rate-driven recomputations, >= 0
    double rate_tolerance = 0.05;            ///< relative rate change that recomputes at once, >= 0
    /// >= 0 seconds: a transfer/service/load measurement arriving sooner than this after the last
    /// recomputation only updates its estimator; the recomputation follows with the next measurement after the
    /// spacing (or refresh()). 0 (the default): every such measurement recomputes at once.
    double min_recompute_spacing = 0.0;
    bool tails = true;                       ///< compute p95/p99/deadline miss (false: means only, cheaper)
    /// Grid of the tail convolutions: 2^10 points (a recomputation of 6 options then costs a few ms; the
    /// k_parallel<mg1> stages' cdf is a quadrature), tails cut at 1e-6.
    convolution_options convolution{std::size_t{1} << 10, 1.0e-6};
    std::optional<energy_model> energy;      ///< seed 002 model for the energy + delay objective
    double max_bandwidth = 1.0e12;           ///< bytes/s; faster samples are dropped as implausible
    double max_service_factor = 1000.0;      ///< service samples outside [s / f, s f] are dropped
};

struct policy_description {
    service_demand device;                   ///< the whole model on the device
    std::vector<policy_remote> remotes;
    std::vector<policy_split> splits;
    policy_workload workload;
    policy_options options;
};

/// What decide() returns. mean_latency[i] is option i's predicted mean (seconds, +inf if unstable).
struct policy_decision {
    std::size_t option = 0;                  ///< the chosen option (0: device)
    option_kind kind = option_kind::device;
    int remote = -1;                         ///< remote target index, -1 for the device
    int cut = -1;                            ///< split cut label, -1 otherwise
    choice_reason reason = choice_reason::no_options;
    bool feasible = false;                   ///< stable and meeting every constraint
    double value = infinity;                 ///< the objective's value for the chosen option
    std::size_t option_count = 0;
    std::array<double, policy_max_options> mean_latency{};
    std::uint64_t version = 0;               ///< the snapshot's publication number
};

/// The writer's current estimates (for logs and examples).
struct policy_estimates {
    double arrival_rate = 0.0;
    double device_service = 0.0;             ///< mean seconds
    double device_scv = 0.0;
    std::vector<double> bandwidth;           ///< per remote target, bytes/s
    std::vector<double> background_rate;     ///< per remote target
    std::vector<double> remote_service;      ///< per remote target, mean seconds
};

class offload_policy {
public:
    explicit offload_policy(policy_description description) : d_(std::move(description)) {
        validate();
        const policy_options& o = d_.options;
        rate_.emplace(o.rate_window, o.rate_capacity);
        device_service_.emplace(d_.device.mean_seconds, d_.device.scv * d_.device.mean_seconds * d_.device.mean_seconds,
                                o.service_weight);
        for (const policy_remote& r : d_.remotes) {
            remote_.push_back(remote_state{ewma(o.bandwidth_weight),
                                           running_moments(r.demand.mean_seconds,
                                                           r.demand.scv * r.demand.mean_seconds * r.demand.mean_seconds,
                                                           o.service_weight),
                                           r.background_rate, r.background_service, r.background_scv, -1.0});
        }
        count_ = 1 + d_.remotes.size() + d_.splits.size();
        recompute(0.0);
    }

    offload_policy(const offload_policy&) = delete;
    offload_policy& operator=(const offload_policy&) = delete;

    // ---- measurements (writer side) ------------------------------------------------------------------------

    /// A request arrived at time t (seconds on the caller's monotonic clock, >= 0).
    void observe_request(double t) {
        std::lock_guard lock(writer_);
        rate_->observe(t);
        const double lambda = current_rate(t);
        const double base = used_rate_;
        const bool moved = std::fabs(lambda - base) > d_.options.rate_tolerance * std::max(base, 1e-9);
        if (moved || t - last_recompute_ >= d_.options.recompute_interval ||
            (pending_ && t - last_recompute_ >= d_.options.min_recompute_spacing))
            recompute(t);
    }

    /// `bytes` (> 0) took `seconds` (> 0) to transfer to/from remote target r at time t.
    void observe_transfer(std::size_t r, double t, double bytes, double seconds) {
        constexpr const char* fn = "offload::offload_policy::observe_transfer";
        require_remote(r, fn);
        detail::require_non_negative(t, fn, "t");
        detail::require_positive(bytes, fn, "bytes");
        detail::require_positive(seconds, fn, "seconds");
        const double sample = bytes / seconds;
        std::lock_guard lock(writer_);
        if (!(sample <= d_.options.max_bandwidth) || !(sample > 0.0 && sample < infinity)) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        remote_[r].bandwidth.observe(sample, t);
        maybe_recompute(t);
    }

    /// One inference took `seconds` (> 0) on the device at time t.
    void observe_device_service(double t, double seconds) {
        constexpr const char* fn = "offload::offload_policy::observe_device_service";
        detail::require_non_negative(t, fn, "t");
        detail::require_positive(seconds, fn, "seconds");
        std::lock_guard lock(writer_);
        if (!plausible_service(seconds, d_.device.mean_seconds)) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        device_service_->observe(seconds, t);
        maybe_recompute(t);
    }

    /// One inference took `seconds` (> 0) on remote target r at time t (server-side processing time).
    void observe_remote_service(std::size_t r, double t, double seconds) {
        constexpr const char* fn = "offload::offload_policy::observe_remote_service";
        require_remote(r, fn);
        detail::require_non_negative(t, fn, "t");
        detail::require_positive(seconds, fn, "seconds");
        std::lock_guard lock(writer_);
        if (!plausible_service(seconds, d_.remotes[r].demand.mean_seconds)) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        remote_[r].service.observe(seconds, t);
        maybe_recompute(t);
    }

    /// Remote target r reports, at time t, the request rate of its OTHER tenants (>= 0) and optionally their
    /// mean service seconds (0: keep the previous value) and SCV (< 0: keep).
    void report_edge_load(std::size_t r, double t, double other_tenants_rate, double other_service_seconds = 0.0,
                          double other_service_scv = -1.0) {
        constexpr const char* fn = "offload::offload_policy::report_edge_load";
        require_remote(r, fn);
        detail::require_non_negative(t, fn, "t");
        detail::require_non_negative(other_tenants_rate, fn, "other_tenants_rate");
        detail::require_non_negative(other_service_seconds, fn, "other_service_seconds");
        if (!(other_service_scv < infinity) || std::isnan(other_service_scv))
            detail::throw_parameter_error(fn, "other_service_scv", other_service_scv, "must be finite (< 0: keep)");
        std::lock_guard lock(writer_);
        remote_state& s = remote_[r];
        s.background_rate = other_tenants_rate;
        if (other_service_seconds > 0.0) s.background_service = other_service_seconds;
        if (other_service_scv >= 0.0) s.background_scv = other_service_scv;
        s.load_time = t;
        maybe_recompute(t);
    }

    /// Ages stale estimates out and recomputes (call periodically when measurements are sparse).
    void refresh(double now) {
        detail::require_non_negative(now, "offload::offload_policy::refresh", "now");
        std::lock_guard lock(writer_);
        recompute(now);
    }

    // ---- per request (reader side: any thread, noexcept, no allocation) -------------------------------------

    policy_decision decide(double now) noexcept {
        std::array<option_prediction, policy_max_options> p;
        policy_decision out;
        out.option_count = count_;
        out.version = read_snapshot(std::span<option_prediction>(p.data(), count_));
        for (std::size_t i = 0; i < count_; ++i) out.mean_latency[i] = p[i].mean;
        const std::span<const option_prediction> options(p.data(), count_);
        const choice best = choose(options, d_.options.goal, d_.options.limits);
        const std::uint64_t now_ticks = ticks(now);

        std::uint64_t state = state_.load(std::memory_order_acquire);
        choice chosen = best;
        for (int attempt = 0; attempt < 8; ++attempt) {
            const std::size_t current = static_cast<std::size_t>(state & 0xffu);
            const std::uint64_t since = state >> 8;
            chosen = best;
            if (current < count_ && current != best.index && best.reason != choice_reason::no_stable_option) {
                const option_prediction& cur = p[current];
                const bool current_ok = cur.stable && (meets(cur, d_.options.limits) || !best.feasible);
                if (current_ok) {
                    const double dwell = static_cast<double>(now_ticks > since ? now_ticks - since : 0) * 1e-6;
                    const double cur_value = best.feasible ? objective_value(cur, d_.options.goal)
                                                           : constraint_violation(cur, d_.options.limits);
                    const double best_value = best.feasible ? best.value : constraint_violation(p[best.index], d_.options.limits);
                    if (dwell < d_.options.min_dwell) {
                        chosen = choice{current, choice_reason::kept_by_dwell_time, meets(cur, d_.options.limits),
                                        objective_value(cur, d_.options.goal)};
                    } else if (!worth_switching(cur_value, best_value, d_.options.hysteresis_margin)) {
                        chosen = choice{current, choice_reason::kept_by_hysteresis, meets(cur, d_.options.limits),
                                        objective_value(cur, d_.options.goal)};
                    }
                }
            }
            if (chosen.index == current) break;                   // nothing to record
            const std::uint64_t next = (now_ticks << 8) | static_cast<std::uint64_t>(chosen.index);
            if (state_.compare_exchange_weak(state, next, std::memory_order_acq_rel, std::memory_order_acquire)) break;
            // another thread switched first: re-evaluate against its choice
        }
        out.option = chosen.index;
        out.reason = chosen.reason;
        out.feasible = chosen.feasible;
        out.value = chosen.value;
        if (chosen.index < count_) {
            out.kind = p[chosen.index].kind;
            out.remote = p[chosen.index].remote;
            out.cut = p[chosen.index].cut;
        }
        return out;
    }

    std::size_t option_count() const noexcept { return count_; }

    /// A consistent copy of every option's prediction (out.size() >= option_count()); returns the version.
    std::uint64_t predictions(std::span<option_prediction> out) const noexcept {
        if (out.size() < count_) return 0;
        return read_snapshot(out.first(count_));
    }

    /// Number of snapshots published so far (>= 1 after construction).
    std::uint64_t version() const noexcept { return seq_.load(std::memory_order_acquire) / 2; }
    std::uint64_t dropped_measurements() const noexcept { return dropped_.load(std::memory_order_relaxed); }
    std::uint64_t recomputations() const noexcept { return recomputations_.load(std::memory_order_relaxed); }
    const policy_description& description() const noexcept { return d_; }

    /// The estimates the latest predictions were made with (locks the writer mutex; allocates).
    policy_estimates estimates() const {
        std::lock_guard lock(writer_);
        return last_estimates_;
    }

private:
    struct remote_state {
        ewma bandwidth;
        running_moments service;
        double background_rate;
        double background_service;
        double background_scv;
        double load_time;  // < 0: static value, never reported
    };
    struct slot {
        std::atomic<double> mean{infinity}, p95{infinity}, p99{infinity}, miss{1.0}, energy{0.0};
        std::atomic<std::uint32_t> stable{0};
    };

    void validate() const {
        constexpr const char* fn = "offload::offload_policy";
        const auto demand = [&](const service_demand& s, const std::string& what) {
            detail::require_valid_demand(s, fn, what.c_str());
        };
        demand(d_.device, "device");
        if (1 + d_.remotes.size() + d_.splits.size() > policy_max_options)
            detail::throw_parameter_error(fn, "options", static_cast<double>(1 + d_.remotes.size() + d_.splits.size()),
                                          "device + remotes + splits must be <= 16 (policy_max_options)");
        for (std::size_t i = 0; i < d_.remotes.size(); ++i) {
            const policy_remote& r = d_.remotes[i];
            const std::string p = "remotes[" + std::to_string(i) + "]";
            demand(r.demand, p + ".demand");
            if (r.kind != option_kind::edge && r.kind != option_kind::cloud)
                detail::throw_parameter_error(fn, (p + ".kind").c_str(), static_cast<double>(r.kind), "must be edge or cloud");
            detail::require_positive(r.bandwidth, fn, (p + ".bandwidth").c_str());
            detail::require_non_negative(r.propagation, fn, (p + ".propagation").c_str());
            detail::require_non_negative(r.background_rate, fn, (p + ".background_rate").c_str());
            detail::require_non_negative(r.background_service, fn, (p + ".background_service").c_str());
            detail::require_non_negative(r.background_scv, fn, (p + ".background_scv").c_str());
        }
        for (std::size_t i = 0; i < d_.splits.size(); ++i) {
            const policy_split& s = d_.splits[i];
            const std::string p = "splits[" + std::to_string(i) + "]";
            if (s.remote >= d_.remotes.size())
                detail::throw_parameter_error(fn, (p + ".remote").c_str(), static_cast<double>(s.remote),
                                              "must index a remote target");
            demand(s.device_part, p + ".device_part");
            demand(s.remote_part, p + ".remote_part");
            detail::require_positive(s.payload_bytes, fn, (p + ".payload_bytes").c_str());
            detail::require_probability(s.device_fraction, fn, (p + ".device_fraction").c_str());
        }
        const policy_workload& w = d_.workload;
        detail::require_non_negative(w.arrival_rate, fn, "workload.arrival_rate");
        detail::require_positive(w.request_bytes, fn, "workload.request_bytes");
        detail::require_non_negative(w.result_bytes, fn, "workload.result_bytes");
        detail::require_non_negative(w.task_bits, fn, "workload.task_bits");
        if (w.destination != result_destination::device && w.destination != result_destination::remote)
            detail::throw_parameter_error(fn, "workload.destination", static_cast<double>(w.destination), "must be device or remote");
        const policy_options& o = d_.options;
        validate_objective(o.goal, fn);
        validate_constraints(o.limits, fn);
        if (!(o.deadline > 0.0)) detail::throw_parameter_error(fn, "options.deadline", o.deadline, "must be > 0 (+inf: none)");
        if (!(o.hysteresis_margin >= 0.0 && o.hysteresis_margin < 1.0))
            detail::throw_parameter_error(fn, "options.hysteresis_margin", o.hysteresis_margin, "must lie in [0, 1)");
        detail::require_non_negative(o.min_dwell, fn, "options.min_dwell");
        detail::require_positive(o.rate_window, fn, "options.rate_window");
        if (o.rate_capacity < 2) detail::throw_parameter_error(fn, "options.rate_capacity", static_cast<double>(o.rate_capacity), "must be >= 2");
        if (!(o.bandwidth_weight > 0.0 && o.bandwidth_weight <= 1.0))
            detail::throw_parameter_error(fn, "options.bandwidth_weight", o.bandwidth_weight, "must lie in (0, 1]");
        if (!(o.service_weight > 0.0 && o.service_weight <= 1.0))
            detail::throw_parameter_error(fn, "options.service_weight", o.service_weight, "must lie in (0, 1]");
        detail::require_positive(o.stale_after, fn, "options.stale_after");
        detail::require_non_negative(o.recompute_interval, fn, "options.recompute_interval");
        detail::require_non_negative(o.rate_tolerance, fn, "options.rate_tolerance");
        detail::require_non_negative(o.min_recompute_spacing, fn, "options.min_recompute_spacing");
        detail::require_positive(o.max_bandwidth, fn, "options.max_bandwidth");
        if (!(o.max_service_factor > 1.0 && o.max_service_factor < infinity))
            detail::throw_parameter_error(fn, "options.max_service_factor", o.max_service_factor, "must be finite and > 1");
        if (!(detail::is_power_of_two(o.convolution.grid_points) && o.convolution.grid_points >= 64 &&
              o.convolution.grid_points <= (std::size_t{1} << 24)))
            detail::throw_parameter_error(fn, "options.convolution.grid_points", static_cast<double>(o.convolution.grid_points),
                                          "must be a power of two in [64, 16777216]");
        if (!(o.convolution.tail_mass > 0.0 && o.convolution.tail_mass <= 1.0e-3))
            detail::throw_parameter_error(fn, "options.convolution.tail_mass", o.convolution.tail_mass, "must lie in (0, 0.001]");
    }

    void require_remote(std::size_t r, const char* fn) const {
        if (r >= d_.remotes.size())
            detail::throw_parameter_error(fn, "remote", static_cast<double>(r), "must index a remote target of the policy");
    }

    bool plausible_service(double seconds, double nominal) const noexcept {
        const double f = d_.options.max_service_factor;
        return seconds <= nominal * f && seconds >= nominal / f;
    }

    static std::uint64_t ticks(double now) noexcept {  // microseconds, clamped to the 56 bits the state holds
        if (!(now > 0.0)) return 0;
        const double us = now * 1e6;
        constexpr double max = 7.2e16;  // < 2^56
        return static_cast<std::uint64_t>(us < max ? us : max);
    }

    double current_rate(double now) const {
        const std::optional<double> r = rate_->rate(now);
        return r ? *r : d_.workload.arrival_rate;
    }

    void maybe_recompute(double t) {
        if (t - last_recompute_ >= d_.options.min_recompute_spacing || t < last_recompute_) recompute(t);
        else pending_ = true;
    }

    bool fresh(double last, double now) const noexcept { return now - last <= d_.options.stale_after; }

    /// Writer side (mutex held): estimates -> predictions -> publish.
    void recompute(double now) {
        const policy_options& o = d_.options;
        const double lambda = current_rate(now);
        used_rate_ = lambda;
        last_recompute_ = now;
        pending_ = false;
        policy_estimates e;
        e.arrival_rate = lambda;
        // device: running estimate unless stale
        if (device_service_->observations() > 0 && !fresh(device_service_->last_time(), now)) device_service_->reset();
        service_demand device = d_.device;
        device.mean_seconds = device_service_->mean();
        device.scv = device_service_->scv();
        e.device_service = device.mean_seconds;
        e.device_scv = device.scv;
        const double device_factor = device.mean_seconds / d_.device.mean_seconds;

        std::array<option_prediction, policy_max_options> p{};
        prediction_options po;
        po.deadline = o.deadline;
        po.convolution = o.convolution;
        const double task_bits = d_.workload.task_bits > 0.0 ? d_.workload.task_bits : 8.0 * d_.workload.request_bytes;

        p[0] = evaluate([&] { return on_device_pipeline<k_parallel<mg1>>(lambda, device); }, po);
        p[0].kind = option_kind::device;
        if (o.energy) p[0].energy = local_energy(*o.energy, task_bits);

        std::array<double, policy_max_options> bandwidth{}, background{}, remote_factor{};
        std::array<service_demand, policy_max_options> remote_demand{};
        for (std::size_t r = 0; r < d_.remotes.size(); ++r) {
            const policy_remote& spec = d_.remotes[r];
            remote_state& s = remote_[r];
            if (s.bandwidth.observations() > 0 && !fresh(s.bandwidth.last_time(), now)) s.bandwidth.reset();
            if (s.service.observations() > 0 && !fresh(s.service.last_time(), now)) s.service.reset();
            if (s.load_time >= 0.0 && !fresh(s.load_time, now)) {
                s.background_rate = spec.background_rate;
                s.background_service = spec.background_service;
                s.background_scv = spec.background_scv;
                s.load_time = -1.0;
            }
            bandwidth[r] = s.bandwidth.value().value_or(spec.bandwidth);
            background[r] = s.background_rate;
            service_demand own = spec.demand;
            own.mean_seconds = s.service.mean();
            own.scv = s.service.scv();
            remote_factor[r] = own.mean_seconds / spec.demand.mean_seconds;
            remote_demand[r] = own;
            e.bandwidth.push_back(bandwidth[r]);
            e.background_rate.push_back(background[r]);
            e.remote_service.push_back(own.mean_seconds);

            const network_link link(bandwidth[r], spec.propagation);
            const payload sizes(d_.workload.request_bytes, d_.workload.result_bytes);
            const service_demand mixed = mix(lambda, own, r);
            option_prediction& q = p[1 + r];
            q = evaluate([&] {
                // the server waits as for the tenants' mixture (Lemma 3.2), then serves THIS workload's request
                const offload_pipeline<k_parallel<mg1>, mm1> shared(lambda, lambda + background[r], mixed, link, link,
                                                                    sizes, d_.workload.destination);
                return tenant_offload_pipeline<k_parallel<mg1>, mm1>(shared, tenant(lambda, own.mean_seconds, own.scv));
            }, po);
            q.kind = spec.kind;
            q.remote = static_cast<int>(r);
            if (o.energy) q.energy = offload_energy(*o.energy, task_bits);
        }
        for (std::size_t i = 0; i < d_.splits.size(); ++i) {
            const policy_split& s = d_.splits[i];
            const policy_remote& spec = d_.remotes[s.remote];
            service_demand dev_part = s.device_part;
            dev_part.mean_seconds *= device_factor;
            dev_part.scv = device.scv;
            service_demand rem_part = s.remote_part;
            rem_part.mean_seconds *= remote_factor[s.remote];
            const service_demand mixed = mix(lambda, rem_part, s.remote);
            const network_link link(bandwidth[s.remote], spec.propagation);
            const payload sizes(s.payload_bytes, d_.workload.result_bytes);
            option_prediction& q = p[1 + d_.remotes.size() + i];
            q = evaluate([&] {
                // as for a remote option: the mixture's wait at the server, then THIS split's edge part
                const split_pipeline<k_parallel<mg1>, k_parallel<mg1>, mm1> shared(
                    lambda, lambda + background[s.remote], dev_part, mixed, link, link, sizes, d_.workload.destination);
                return tenant_split_pipeline<k_parallel<mg1>, k_parallel<mg1>, mm1>(
                    shared, tenant(lambda, rem_part.mean_seconds, rem_part.scv));
            }, po);
            q.kind = option_kind::split;
            q.remote = static_cast<int>(s.remote);
            q.cut = s.cut;
            if (o.energy) q.energy = split_energy(*o.energy, task_bits, s.device_fraction, 8.0 * s.payload_bytes);
        }
        last_estimates_ = std::move(e);
        publish(std::span<const option_prediction>(p.data(), count_));
        recomputations_.fetch_add(1, std::memory_order_relaxed);
    }

    /// The remote server's demand: this workload's (rate lambda) mixed with the background tenants'.
    service_demand mix(double lambda, const service_demand& own, std::size_t r) const {
        const remote_state& s = remote_[r];
        if (!(s.background_rate > 0.0)) return own;
        const double bg_service = s.background_service > 0.0 ? s.background_service : own.mean_seconds;
        const tenant_mix m({tenant(lambda, own.mean_seconds, own.scv), tenant(s.background_rate, bg_service, s.background_scv)});
        return aggregate_demand(m, own.parallelism);
    }

    /// A prediction that never throws: a model failure (e.g. a convergence_error in a tail) keeps the mean and
    /// leaves the tails at +inf (so percentile objectives avoid the option) rather than stopping the writer.
    template <class Make>
    option_prediction evaluate(Make make, const prediction_options& po) {
        try {
            const auto pipeline = make();
            if (!d_.options.tails) return predict_mean(pipeline);
            try {
                return predict(pipeline, po);
            } catch (const std::exception&) {
                option_prediction r = predict_mean(pipeline);
                return r;
            }
        } catch (const std::exception&) {
            return option_prediction{};  // cannot even be built: treated as unstable
        }
    }

    void publish(std::span<const option_prediction> p) noexcept {
        const std::uint64_t s = seq_.load(std::memory_order_relaxed);
        seq_.store(s + 1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);
        for (std::size_t i = 0; i < p.size(); ++i) {
            slot& x = slots_[i];
            x.mean.store(p[i].mean, std::memory_order_relaxed);
            x.p95.store(p[i].p95, std::memory_order_relaxed);
            x.p99.store(p[i].p99, std::memory_order_relaxed);
            x.miss.store(p[i].deadline_miss, std::memory_order_relaxed);
            x.energy.store(p[i].energy, std::memory_order_relaxed);
            x.stable.store(p[i].stable ? 1u : 0u, std::memory_order_relaxed);
        }
        seq_.store(s + 2, std::memory_order_release);
        // labels (kind, remote, cut) never change after construction: kept in plain arrays written once here
        if (!labels_written_) {
            for (std::size_t i = 0; i < p.size(); ++i) labels_[i] = label{p[i].kind, p[i].remote, p[i].cut};
            labels_written_ = true;
        }
    }

    std::uint64_t read_snapshot(std::span<option_prediction> out) const noexcept {
        std::uint64_t version = 0;
        for (;;) {
            const std::uint64_t s1 = seq_.load(std::memory_order_acquire);
            if (s1 & 1u) continue;  // a publication is in flight
            for (std::size_t i = 0; i < out.size(); ++i) {
                const slot& x = slots_[i];
                out[i].mean = x.mean.load(std::memory_order_relaxed);
                out[i].p95 = x.p95.load(std::memory_order_relaxed);
                out[i].p99 = x.p99.load(std::memory_order_relaxed);
                out[i].deadline_miss = x.miss.load(std::memory_order_relaxed);
                out[i].energy = x.energy.load(std::memory_order_relaxed);
                out[i].stable = x.stable.load(std::memory_order_relaxed) != 0;
            }
            std::atomic_thread_fence(std::memory_order_acquire);
            if (seq_.load(std::memory_order_relaxed) == s1) {
                version = s1 / 2;
                break;
            }
        }
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i].kind = labels_[i].kind;
            out[i].remote = labels_[i].remote;
            out[i].cut = labels_[i].cut;
        }
        return version;
    }

    struct label {
        option_kind kind = option_kind::device;
        int remote = -1;
        int cut = -1;
    };

    policy_description d_;
    std::size_t count_ = 0;
    // writer state (guarded by writer_)
    mutable std::mutex writer_;
    std::optional<sliding_window_rate> rate_;
    std::optional<running_moments> device_service_;
    std::vector<remote_state> remote_;
    double used_rate_ = 0.0;
    double last_recompute_ = 0.0;
    bool pending_ = false;
    policy_estimates last_estimates_;
    bool labels_written_ = false;
    std::array<label, policy_max_options> labels_{};  // written once in the constructor, read-only afterwards
    // published snapshot (seqlock) and reader-side state
    std::array<slot, policy_max_options> slots_{};
    std::atomic<std::uint64_t> seq_{0};
    std::atomic<std::uint64_t> state_{0xffu};  // (switch time in us << 8) | current option (0xff: none yet)
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<std::uint64_t> recomputations_{0};
};

} // namespace offload
