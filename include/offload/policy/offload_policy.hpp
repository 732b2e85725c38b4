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
// Options: 0 = the device, 1..R = the remote targets (edges, cloud) with the whole model, then the splits
// (the description: offload/policy/description.hpp). Each option is predicted with the pipelines
// (offload/pipelines/), whose stage models are the policy's template parameters:
//   basic_offload_policy<DeviceStage, RemoteStage, NicStage>, and offload_policy = basic_offload_policy<> with
//   the defaults k_parallel<mg1> (device and server: M/G/1 with the measured SCV, M/D/1 means at SCV 0) and
//   mm1 (NICs at the estimated bandwidth; Ng et al., seed 003, Algorithm 1).
// Device: on_device_pipeline<DeviceStage>. Remote r: tenant_offload_pipeline<RemoteStage, NicStage> at the
// target's aggregate rate (this device plus the reported background tenants; the wait under their
// service-time mixture as in seed 003 Lemma 3.2, then this workload's own service time). Split: the tandem
// tenant_split_pipeline<DeviceStage, RemoteStage, NicStage> (the same wait, then the split's own edge part).
// Tails (p95, p99, deadline miss) come from the pipelines' distributions (predict(), decision/predict.hpp).
// Any stage_model plugs in (a user's own model included): the tails need its wait_distribution/response_distribution.
//
// Failures are reported, not hidden: when a model throws (a std::exception) while an option is predicted, the
// option's status says so (prediction_status::model_failed: treated as unstable, never chosen while another
// option is stable; tails_failed: the mean is kept, the tails are +inf so percentile objectives avoid it), the
// option's failure count grows (model_failures(i), model_failures() in all) and the message is kept on the
// writer side (last_failure(i)). The writer never stops on a model failure.
//
// Concurrency model (docs/policy.md): measurements are applied under a writer mutex (any thread may feed them;
// typically one does). When they change an input, the writer recomputes every option's prediction OUTSIDE any
// reader-visible state and then publishes it through prediction_snapshot (offload/policy/snapshot.hpp): a
// sequence lock over atomic fields, with the argument for its correctness in that header. decide() never
// blocks the writer and never takes a lock; a reader retries while a publication (a few dozen atomic stores)
// is in flight. The objective and constraints are applied when the predictions are published (they do not
// change between publications): each publication carries the ranking (every option's objective value and
// constraint violation, and choose()'s best option). decide() loads only the best choice, the current option's
// score and the chosen option's prediction, applies the hysteresis margin and dwell time, and updates the
// hysteresis state (current option + time of the last switch, packed in one atomic 64-bit word) with a
// compare-and-swap. It is noexcept and allocation-free.
//
// Recomputation is per measurement, NOT per request: transfer, service and load observations recompute at
// once; request timestamps recompute only when the windowed rate has moved by more than rate_tolerance from
// the rate the predictions were made with, or recompute_interval seconds have passed (refresh(now) forces the
// ageing check). A recomputation re-evaluates only the options whose inputs changed (a bandwidth sample of
// target r: the option of r and the splits on r), and an option's p95/p99 searches start from its previous
// tails (the same answer to the inversion's accuracy, in fewer inversions); refresh(now) re-evaluates every
// option. Stale information ages out: a bandwidth, service-time or load estimate whose last observation is
// older than stale_after seconds reverts to the static description.
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
#include "offload/pipelines/latency_inversion.hpp"
#include "offload/pipelines/link.hpp"
#include "offload/pipelines/multi_tenant.hpp"
#include "offload/pipelines/offload_pipeline.hpp"
#include "offload/pipelines/on_device_pipeline.hpp"
#include "offload/pipelines/split_pipeline.hpp"
#include "offload/policy/description.hpp"
#include "offload/policy/estimators.hpp"
#include "offload/policy/snapshot.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mm1.hpp"

namespace offload {

/// The policy object over the given stage models (see the header comment); offload_policy uses the defaults.
template <stage_model DeviceStage = k_parallel<mg1>, stage_model RemoteStage = k_parallel<mg1>,
          stage_model NicStage = mm1>
class basic_offload_policy {
public:
    using device_stage_type = DeviceStage;
    using remote_stage_type = RemoteStage;
    using nic_stage_type = NicStage;

    explicit basic_offload_policy(policy_description description) : d_(std::move(description)) {
        validate_policy_description(d_, "offload::offload_policy");
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

    basic_offload_policy(const basic_offload_policy&) = delete;
    basic_offload_policy& operator=(const basic_offload_policy&) = delete;

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
        recompute(now, true);
    }

    // ---- per request (reader side: any thread, noexcept, no allocation) -------------------------------------

    /// The option to use now: the ranking published with the predictions (the objective and constraints are
    /// applied when the predictions are computed, not per call), then the hysteresis margin and the minimum
    /// dwell time against the current option. noexcept, no allocation, no lock; a few loads of the snapshot.
    [[nodiscard]] policy_decision decide(double now) noexcept {
        const std::uint64_t now_ticks = ticks(now);
        const policy_options& o = d_.options;
        policy_decision out;
        for (int attempt = 0; attempt < 8; ++attempt) {
            std::uint64_t state = 0;
            std::size_t current = 0;
            out.version = snapshot_.read_consistent([&](const snapshot_type::view& v) noexcept {
                state = state_.load(std::memory_order_acquire);
                current = static_cast<std::size_t>(state & 0xffu);
                const choice best = v.best();
                out.chosen = best;
                if (current < count_ && current != best.index && best.reason != choice_reason::no_stable_option &&
                    v.stable(current)) {
                    const option_score cur = v.score(current);
                    const bool cur_meets = cur.violation == 0.0;
                    if (cur_meets || !best.feasible) {
                        const std::uint64_t since = state >> 8;
                        const double dwell = static_cast<double>(now_ticks > since ? now_ticks - since : 0) * 1e-6;
                        if (dwell < o.min_dwell) {
                            out.chosen = choice{current, choice_reason::kept_by_dwell_time, cur_meets, cur.value};
                        } else if (best.feasible ? !worth_switching(cur.value, best.value, o.hysteresis_margin)
                                                 : !worth_switching(cur.violation, v.score(best.index).violation,
                                                                    o.hysteresis_margin)) {
                            out.chosen = choice{current, choice_reason::kept_by_hysteresis, cur_meets, cur.value};
                        }
                    }
                }
                v.prediction(out.chosen.index, out.chosen_option);
            });
            if (out.chosen.index == current) break; // nothing to record
            const std::uint64_t next = (now_ticks << 8) | static_cast<std::uint64_t>(out.chosen.index);
            if (state_.compare_exchange_strong(state, next, std::memory_order_acq_rel, std::memory_order_acquire))
                break;
            // another thread switched first: re-read and re-evaluate against its choice
        }
        return out;
    }

    [[nodiscard]] std::size_t option_count() const noexcept { return count_; }

    /// A consistent copy of every option's prediction (out.size() >= option_count()); returns the version
    /// (0, and nothing copied, when out is too small). Never blocks the writer; retries while it publishes.
    std::uint64_t predictions(std::span<option_prediction> out) const noexcept {
        if (out.size() < count_) return 0;
        return snapshot_.read(out.first(count_));
    }

    /// Number of snapshots published so far (>= 1 after construction).
    [[nodiscard]] std::uint64_t version() const noexcept { return snapshot_.version(); }
    [[nodiscard]] std::uint64_t dropped_measurements() const noexcept {
        return dropped_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] std::uint64_t recomputations() const noexcept {
        return recomputations_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] const policy_description& description() const noexcept { return d_; }

    /// Model failures over all options and recomputations so far (each recomputation in which an option's
    /// model threw counts once for that option).
    [[nodiscard]] std::uint64_t model_failures() const noexcept {
        return failures_total_.load(std::memory_order_relaxed);
    }

    /// Model failures of option `option` (< option_count()) so far.
    [[nodiscard]] std::uint64_t model_failures(std::size_t option) const {
        require_option(option, "offload::offload_policy::model_failures");
        return failures_[option].load(std::memory_order_relaxed);
    }

    /// The message of option `option`'s latest model failure ("" if it never failed); locks the writer mutex.
    [[nodiscard]] std::string last_failure(std::size_t option) const {
        require_option(option, "offload::offload_policy::last_failure");
        std::lock_guard lock(writer_);
        return failure_messages_[option];
    }

    /// The estimates the latest predictions were made with (locks the writer mutex; allocates).
    [[nodiscard]] policy_estimates estimates() const {
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
        double load_time; // < 0: static value, never reported
    };
    void require_remote(std::size_t r, const char* fn) const {
        if (r >= d_.remotes.size())
            detail::throw_parameter_error(fn, "remote", static_cast<double>(r),
                                          "must index a remote target of the policy");
    }

    void require_option(std::size_t i, const char* fn) const {
        if (i >= count_)
            detail::throw_parameter_error(fn, "option", static_cast<double>(i), "must be < option_count()");
    }

    bool plausible_service(double seconds, double nominal) const noexcept {
        const double f = d_.options.max_service_factor;
        return seconds <= nominal * f && seconds >= nominal / f;
    }

    static std::uint64_t ticks(double now) noexcept { // microseconds, clamped to the 56 bits the state holds
        if (!(now > 0.0)) return 0;
        const double us = now * 1e6;
        constexpr double max = 7.2e16; // < 2^56
        return static_cast<std::uint64_t>(us < max ? us : max);
    }

    double current_rate(double now) const {
        const std::optional<double> r = rate_->rate(now);
        return r ? *r : d_.workload.arrival_rate;
    }

    void maybe_recompute(double t) {
        if (t - last_recompute_ >= d_.options.min_recompute_spacing || t < last_recompute_)
            recompute(t);
        else
            pending_ = true;
    }

    bool fresh(double last, double now) const noexcept { return now - last <= d_.options.stale_after; }

    /// Writer side (mutex held): estimates -> predictions -> publish.
    /// all: re-evaluate every option (refresh, construction); otherwise an option whose inputs are exactly
    /// those of its previous evaluation keeps that prediction (unless the previous evaluation failed).
    void recompute(double now, bool all = false) {
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

        p[0] = evaluate(
            0, {lambda, device.mean_seconds, device.scv},
            [&] { return on_device_pipeline<DeviceStage>(lambda, device); }, po, all);
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
            q = evaluate(
                1 + r,
                {lambda, bandwidth[r], background[r], s.background_service, s.background_scv, own.mean_seconds,
                 own.scv},
                [&] {
                    // the server waits as for the tenants' mixture (Lemma 3.2), then serves THIS workload's request
                    const offload_pipeline<RemoteStage, NicStage> shared(lambda, lambda + background[r], mixed, link,
                                                                         link, sizes, d_.workload.destination);
                    return tenant_offload_pipeline<RemoteStage, NicStage>(
                        shared, tenant_demand(lambda, own.mean_seconds, own.scv));
                },
                po, all);
            q.kind = spec.kind;
            q.remote = static_cast<int>(r);
            if (o.energy) q.energy = offload_energy(*o.energy, task_bits);
            q.cost = spec.cost_per_request;
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
            const remote_state& rs = remote_[s.remote];
            q = evaluate(
                1 + d_.remotes.size() + i,
                {lambda, dev_part.mean_seconds, dev_part.scv, bandwidth[s.remote], background[s.remote],
                 rs.background_service, rs.background_scv, rem_part.mean_seconds},
                [&] {
                    // as for a remote option: the mixture's wait at the server, then THIS split's edge part
                    const split_pipeline<DeviceStage, RemoteStage, NicStage> shared(
                        lambda, lambda + background[s.remote], dev_part, mixed, link, link, sizes,
                        d_.workload.destination);
                    return tenant_split_pipeline<DeviceStage, RemoteStage, NicStage>(
                        shared, tenant_demand(lambda, rem_part.mean_seconds, rem_part.scv));
                },
                po, all);
            q.kind = option_kind::split;
            q.remote = static_cast<int>(s.remote);
            q.cut = s.cut;
            if (o.energy) q.energy = split_energy(*o.energy, task_bits, s.device_fraction, 8.0 * s.payload_bytes);
            q.cost = spec.cost_per_request;
        }
        last_estimates_ = std::move(e);
        // the ranking decide() reads: the objective and constraints applied once per publication
        std::array<option_score, policy_max_options> scores{};
        for (std::size_t i = 0; i < count_; ++i)
            scores[i] = option_score{objective_value(p[i], o.goal), constraint_violation(p[i], o.limits)};
        const std::span<const option_prediction> published(p.data(), count_);
        snapshot_.publish(published, std::span<const option_score>(scores.data(), count_),
                          choose(published, o.goal, o.limits));
        recomputations_.fetch_add(1, std::memory_order_relaxed);
    }

    /// The remote server's demand: this workload's (rate lambda) mixed with the background tenants'.
    service_demand mix(double lambda, const service_demand& own, std::size_t r) const {
        const remote_state& s = remote_[r];
        if (!(s.background_rate > 0.0)) return own;
        const double bg_service = s.background_service > 0.0 ? s.background_service : own.mean_seconds;
        const tenant_mix m({tenant_demand(lambda, own.mean_seconds, own.scv),
                            tenant_demand(s.background_rate, bg_service, s.background_scv)});
        return aggregate_demand(m, own.parallelism);
    }

    /// What an option's prediction depends on beyond the static description (the estimates it was made with).
    using option_inputs = std::array<double, 8>;
    /// An option's latest evaluation: its inputs and prediction (before kind, energy and cost are set).
    struct option_memo {
        bool valid = false; // an evaluation that did not fail
        option_inputs inputs{};
        option_prediction prediction;
    };

    /// Option i's prediction for the given inputs: the previous one if the inputs are exactly the same (and
    /// `all` is false), otherwise a new evaluation, whose tail search starts from the previous tails.
    template <class Make>
    option_prediction evaluate(std::size_t i, const option_inputs& inputs, Make make, const prediction_options& po,
                               bool all) {
        option_memo& m = memo_[i];
        if (!all && m.valid && m.inputs == inputs) return m.prediction;
        const option_prediction r = evaluate(i, make, po, m.valid ? &m.prediction : nullptr);
        m.valid = r.status == prediction_status::ok || r.status == prediction_status::unstable;
        m.inputs = inputs;
        m.prediction = r;
        return r;
    }

    /// Option i's prediction; a model failure (any std::exception) is recorded (count, message, status) and
    /// never stops the writer: building or the mean failing gives status model_failed (treated as unstable);
    /// only the tails failing keeps the mean with status tails_failed (tails +inf, deadline_miss 1).
    /// previous: the option's previous prediction (its p95/p99 start the quantile searches; nullptr: none).
    template <class Make>
    option_prediction evaluate(std::size_t i, Make make, const prediction_options& po,
                               const option_prediction* previous) {
        using pipeline_type = decltype(make());
        std::optional<pipeline_type> pipeline;
        try {
            pipeline.emplace(make());
            if (!d_.options.tails) return predict_mean(*pipeline);
            if constexpr (invertible_latency_pipeline<pipeline_type>) {
                // as predict() does (transform inversion, the FFT convolution where it misses its tolerance),
                // with the previous tails as the quantile searches' first guesses
                if (is_stable(*pipeline)) {
                    const bool warm = previous != nullptr && previous->status == prediction_status::ok;
                    const detail::latency_tails guess{warm ? previous->p95 : infinity, warm ? previous->p99 : infinity,
                                                      1.0};
                    if (detail::latency_tails t; detail::fill_tail_by_inversion(t, *pipeline, po.deadline, &guess)) {
                        option_prediction r;
                        r.stable = true;
                        r.mean = mean_latency(*pipeline);
                        r.p95 = t.p95;
                        r.p99 = t.p99;
                        r.deadline_miss = t.deadline_miss;
                        r.status = prediction_status::ok;
                        return r;
                    }
                }
            }
            return predict(*pipeline, po);
        } catch (const std::exception& e) {
            record_failure(i, e.what());
        }
        option_prediction r; // unstable-looking: mean +inf, stable false
        r.status = prediction_status::model_failed;
        if (pipeline && d_.options.tails) { // the tails failed: is the mean still good?
            try {
                option_prediction m = predict_mean(*pipeline);
                if (m.stable) {
                    m.status = prediction_status::tails_failed;
                    return m;
                }
            } catch (const std::exception& e) {
                failure_messages_[i] = e.what(); // the same failure: counted once, latest message kept
            }
        }
        return r;
    }

    void record_failure(std::size_t i, const char* what) {
        failures_[i].fetch_add(1, std::memory_order_relaxed);
        failures_total_.fetch_add(1, std::memory_order_relaxed);
        failure_messages_[i] = what;
    }

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
    std::array<option_memo, policy_max_options> memo_{};
    std::array<std::string, policy_max_options> failure_messages_{};
    // published snapshot and reader-side state
    using snapshot_type = prediction_snapshot<policy_max_options>;
    snapshot_type snapshot_;
    std::atomic<std::uint64_t> state_{0xffu}; // (switch time in us << 8) | current option (0xff: none yet)
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<std::uint64_t> recomputations_{0};
    std::array<std::atomic<std::uint64_t>, policy_max_options> failures_{};
    std::atomic<std::uint64_t> failures_total_{0};
};

/// The policy with the default stage models: k_parallel<mg1> on the device and the servers, mm1 NICs.
using offload_policy = basic_offload_policy<>;

} // namespace offload
