// offload/planning/ml_jobs/cluster_scheduler.hpp — an event-driven simulator of an ML server scheduling gang jobs on
// on-premises GPU workers (seed 000 §III-B), with the policies FIFO (strict and first-fit backfilling), SRSF
// (oracle), LAS (time), 2D-LAS (GPUs x time) and the seed's ST-LAS (two-queue discretised 2D-LAS with
// starvation promotion, after Tiresias, Gu et al., NSDI 2019).
//
// Model (docs/planning.md, "ML jobs on on-premises workers"):
//   - a job holds all its g GPUs at once or none (gang); it progresses at the speed of its slowest worker,
//     divided by `spread_slowdown` when it spans several workers;
//   - placement prefers one worker (consolidation; the least loaded one that fits, as the seed's "minimum
//     load"); with placement_rule::consolidate_then_spread a job that fits on no single worker may be spread;
//   - preemption is free to decide; each time a preempted job resumes it first spends `restore_time` seconds
//     holding its GPUs without progress (checkpoint + restore);
//   - the scheduler recomputes its allocation at arrivals, completions, and the policy's own events
//     (LAS crossings, ST-LAS demotions and starvation promotions).
// Search is kept apart from evaluation: simulate_cluster records what happened (per-job outcomes, run
// intervals); summarize turns a run into metrics; replicate_cluster adds replications and intervals.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "offload/error.hpp"
#include "offload/planning/ml_jobs/jobs.hpp"

namespace offload::planning {

enum class scheduling_policy {
    fifo,          ///< first come first served, non-preemptive; the head of the queue blocks everything behind it
    fifo_backfill, ///< first come first served, non-preemptive; a later job that fits starts (first fit)
    srsf,          ///< shortest remaining service first, g x remaining time (an oracle: it knows durations)
    las,           ///< least attained service, attained = seconds run (preemptive)
    las_2d,        ///< 2D-LAS: attained = GPUs x seconds run (preemptive)
    st_las,        ///< the seed's ST-LAS: two queues, demotion threshold, starvation promotion
};

enum class placement_rule {
    consolidate,             ///< a job runs on one worker only
    consolidate_then_spread, ///< one worker if possible, otherwise spread over several (spread_slowdown)
};

struct scheduler_options {
    scheduling_policy policy = scheduling_policy::st_las;
    placement_rule placement = placement_rule::consolidate;
    double spread_slowdown = 1.0; ///< >= 1: a spread job's work rate is divided by this
    double restore_time = 0.0;    ///< s >= 0 spent holding the GPUs without progress each time a preempted job resumes
    /// LAS and 2D-LAS: a running job keeps its GPUs until its attained service exceeds a waiting job's by
    /// this much (s for LAS, GPU-s for 2D-LAS); > 0 (continuous LAS is the limit -> 0, with ever more preemptions)
    double las_quantum = 1.0;
    double demotion_threshold = 3600.0; ///< ST-LAS: 2D attained service (GPU-s) at which a Q1 job moves to Q2; > 0
    double starvation_wait = infinity;  ///< ST-LAS: a Q2 job waiting this long (s, > 0) is promoted to Q1
    bool record_intervals = false;      ///< keep every run interval (who ran when, where) in the result

    friend bool operator==(const scheduler_options&, const scheduler_options&) = default;
};

/// What happened to one job (seconds). waiting = completion - arrival - time holding GPUs.
struct ml_job_outcome {
    double first_start = 0.0;
    double completion = 0.0;
    double waiting = 0.0;
    double longest_wait = 0.0; ///< longest single stretch without GPUs (before the start or after a preemption)
    int preemptions = 0;
    bool spread = false; ///< ran on several workers at least once

    friend bool operator==(const ml_job_outcome&, const ml_job_outcome&) = default;
};

/// A job held its GPUs over [start, end) with `worker` its first (usually only) worker.
struct ml_run_interval {
    std::size_t job = 0;
    std::size_t worker = 0;
    double start = 0.0;
    double end = 0.0;

    friend bool operator==(const ml_run_interval&, const ml_run_interval&) = default;
};

struct cluster_run {
    std::vector<ml_job_outcome> jobs;       ///< in the problem's job order
    std::vector<ml_run_interval> intervals; ///< only with record_intervals, in order of their end
    double busy_gpu_seconds = 0.0;          ///< GPU-seconds held by jobs (restores included)
    double productive_gpu_seconds = 0.0;    ///< GPU-seconds of progress (restores excluded)
    double first_arrival = 0.0;
    double last_completion = 0.0;
    std::size_t events = 0; ///< scheduling decisions taken

    friend bool operator==(const cluster_run&, const cluster_run&) = default;
};

namespace detail {

inline void validate_scheduler_options(const scheduler_options& o, const char* fn) {
    offload::detail::require_enumerator(o.policy, scheduling_policy::st_las, fn, "options.policy");
    offload::detail::require_enumerator(o.placement, placement_rule::consolidate_then_spread, fn, "options.placement");
    if (!(o.spread_slowdown >= 1.0 && o.spread_slowdown < infinity))
        offload::detail::throw_parameter_error(fn, "options.spread_slowdown", o.spread_slowdown,
                                               "must be finite and >= 1");
    offload::detail::require_non_negative(o.restore_time, fn, "options.restore_time");
    offload::detail::require_positive(o.las_quantum, fn, "options.las_quantum");
    offload::detail::require_positive(o.demotion_threshold, fn, "options.demotion_threshold");
    if (!(o.starvation_wait > 0.0))
        offload::detail::throw_parameter_error(fn, "options.starvation_wait", o.starvation_wait,
                                               "must be > 0 (+inf: never)");
}

/// The simulator's state; one object per run.
class cluster_simulation {
public:
    cluster_simulation(const ml_cluster_problem& p, const scheduler_options& o) : p_(p), o_(o) {
        const std::size_t n = p.jobs().size();
        job_.resize(n);
        out_.jobs.resize(n);
        by_arrival_.resize(n);
        std::iota(by_arrival_.begin(), by_arrival_.end(), std::size_t{0});
        std::stable_sort(by_arrival_.begin(), by_arrival_.end(), [&](std::size_t a, std::size_t b) {
            return p.jobs()[a].arrival_time < p.jobs()[b].arrival_time;
        });
        for (std::size_t i = 0; i < n; ++i) {
            job_[i].remaining = p.jobs()[i].duration;
            job_[i].rank = 0;
        }
        for (std::size_t r = 0; r < n; ++r) job_[by_arrival_[r]].rank = r;
        free_.resize(p.workers().size());
        for (std::size_t k = 0; k < free_.size(); ++k) free_[k] = p.workers()[k].gpus;
        reclaim_.assign(free_.size(), 0);
    }

    cluster_run run() {
        const std::size_t n = job_.size();
        if (n == 0) return out_;
        out_.first_arrival = p_.jobs()[by_arrival_[0]].arrival_time;
        t_ = out_.first_arrival;
        std::size_t done = 0;
        for (;;) {
            while (next_ < n && arrival(by_arrival_[next_]) <= t_) admit(by_arrival_[next_++]);
            requeue();
            decide();
            if (done == n) break;
            double next = next_ < n ? arrival(by_arrival_[next_]) : infinity;
            for (std::size_t j : active_) next = std::min(next, event_of(j));
            next = std::min(next, policy_event());
            if (!(next < infinity))
                offload::detail::throw_convergence_error("offload::planning::simulate_cluster",
                                                         "no job can run and none arrives (internal error)");
            // an event that rounds onto the current time still moves the clock by one ulp, so every step progresses
            advance(next > t_ ? next : std::nextafter(t_, infinity));
            done += complete();
        }
        out_.last_completion = t_;
        return std::move(out_);
    }

private:
    struct state {
        double remaining = 0.0;     // work left, s at speed 1
        double attained = 0.0;      // seconds of progress so far
        double queue_service = 0.0; // ST-LAS: GPU-s of progress since the job (re)entered Q1
        double restore_left = 0.0;
        double rate = 0.0;       // progress per second when not restoring
        double wait_since = 0.0; // when it last lost (or never had) its GPUs
        double run_start = 0.0;
        std::size_t rank = 0; // position in arrival order (ties by index)
        int queue = 1;        // ST-LAS queue
        bool running = false;
        bool started = false;
        bool confirmed = false;
        std::vector<std::pair<std::size_t, int>> alloc; // (worker, GPUs)
    };

    [[nodiscard]] double arrival(std::size_t i) const noexcept { return p_.jobs()[i].arrival_time; }
    [[nodiscard]] int gpus(std::size_t i) const noexcept { return p_.jobs()[i].gpus; }
    [[nodiscard]] bool preemptive() const noexcept {
        return o_.policy != scheduling_policy::fifo && o_.policy != scheduling_policy::fifo_backfill;
    }

    /// when running job j next changes state (end of restore or completion)
    [[nodiscard]] double event_of(std::size_t j) const noexcept {
        const state& s = job_[j];
        if (!s.running) return infinity;
        if (s.restore_left > 0.0) return t_ + s.restore_left;
        return t_ + s.remaining / s.rate;
    }

    /// LAS key (s or GPU-s), growing at key_rate while the job progresses
    [[nodiscard]] double las_key(std::size_t j) const noexcept {
        return o_.policy == scheduling_policy::las_2d ? gpus(j) * job_[j].attained : job_[j].attained;
    }
    [[nodiscard]] double key_rate(std::size_t j) const noexcept {
        return o_.policy == scheduling_policy::las_2d ? gpus(j) : 1.0;
    }

    [[nodiscard]] double policy_event() {
        double next = infinity;
        if (o_.policy == scheduling_policy::las || o_.policy == scheduling_policy::las_2d) {
            // a running job's effective key (key - quantum) reaching a waiting job's key
            std::vector<double>& waiting = keys_;
            waiting.clear();
            for (std::size_t j : active_)
                if (!job_[j].running) waiting.push_back(las_key(j));
            if (waiting.empty()) return next;
            std::sort(waiting.begin(), waiting.end());
            for (std::size_t j : active_) {
                const state& s = job_[j];
                if (!s.running) continue;
                const double eff = las_key(j) - o_.las_quantum;
                const auto it = std::upper_bound(waiting.begin(), waiting.end(), eff);
                if (it == waiting.end()) continue;
                next = std::min(next, t_ + s.restore_left + (*it - eff) / key_rate(j));
            }
        } else if (o_.policy == scheduling_policy::st_las) {
            for (std::size_t j : active_) {
                const state& s = job_[j];
                if (s.running && s.queue == 1)
                    next = std::min(next, t_ + s.restore_left + (o_.demotion_threshold - s.queue_service) / gpus(j));
                if (!s.running && s.queue == 2 && o_.starvation_wait < infinity)
                    next = std::min(next, s.wait_since + o_.starvation_wait);
            }
        }
        return next;
    }

    void advance(double to) {
        const double dt = to - t_;
        for (std::size_t j : active_) {
            state& s = job_[j];
            if (!s.running) continue;
            const double restoring = std::min(dt, s.restore_left);
            s.restore_left -= restoring;
            if (s.restore_left <= 1e-9 * o_.restore_time) s.restore_left = 0.0;
            const double productive = dt - restoring;
            s.remaining -= productive * s.rate;
            s.attained += productive;
            s.queue_service += productive * gpus(j);
            out_.busy_gpu_seconds += dt * gpus(j);
            out_.productive_gpu_seconds += productive * gpus(j);
        }
        t_ = to;
    }

    std::size_t complete() {
        std::size_t count = 0;
        for (std::size_t a = 0; a < active_.size();) {
            const std::size_t j = active_[a];
            state& s = job_[j];
            if (s.running && s.restore_left == 0.0 && s.remaining <= 1e-9 * p_.jobs()[j].duration) {
                stop(j);
                ml_job_outcome& r = out_.jobs[j];
                r.completion = t_;
                r.waiting = std::max(0.0, r.waiting);
                active_[a] = active_.back();
                active_.pop_back();
                ++count;
            } else {
                ++a;
            }
        }
        return count;
    }

    void admit(std::size_t j) {
        job_[j].wait_since = arrival(j);
        active_.push_back(j);
    }

    /// ST-LAS demotions and starvation promotions due now
    void requeue() {
        if (o_.policy != scheduling_policy::st_las) return;
        for (std::size_t j : active_) {
            state& s = job_[j];
            if (s.queue == 1 && s.queue_service >= o_.demotion_threshold * (1.0 - 1e-9)) s.queue = 2;
            if (!s.running && s.queue == 2 && t_ - s.wait_since >= o_.starvation_wait * (1.0 - 1e-9)) {
                s.queue = 1;
                s.queue_service = 0.0;
            }
        }
    }

    /// job j releases its GPUs now (completion or preemption)
    void stop(std::size_t j) {
        state& s = job_[j];
        for (const auto& [w, g] : s.alloc) free_[w] += g;
        if (o_.record_intervals && !s.alloc.empty())
            out_.intervals.push_back({j, s.alloc.front().first, s.run_start, t_});
        s.alloc.clear();
        s.running = false;
        s.wait_since = t_;
    }

    void preempt(std::size_t j) {
        stop(j);
        ++out_.jobs[j].preemptions;
    }

    void start(std::size_t j, std::vector<std::pair<std::size_t, int>> alloc) {
        state& s = job_[j];
        ml_job_outcome& r = out_.jobs[j];
        const double waited = t_ - s.wait_since;
        r.waiting += waited;
        r.longest_wait = std::max(r.longest_wait, waited);
        if (!s.started)
            r.first_start = t_;
        else
            s.restore_left = o_.restore_time;
        s.started = true;
        s.running = true;
        s.run_start = t_;
        double speed = infinity;
        for (const auto& [w, g] : alloc) {
            free_[w] -= g;
            speed = std::min(speed, p_.workers()[w].speed);
        }
        if (alloc.size() > 1) {
            speed /= o_.spread_slowdown;
            r.spread = true;
        }
        s.rate = speed;
        s.alloc = std::move(alloc);
    }

    /// the policy's order of the active jobs, most urgent first
    /// fills order_ (scratch, reused across decisions)
    void priority_order() {
        std::vector<std::size_t>& order = order_;
        order.assign(active_.begin(), active_.end());
        const auto by_rank = [&](std::size_t a, std::size_t b) { return job_[a].rank < job_[b].rank; };
        switch (o_.policy) {
        case scheduling_policy::srsf:
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                const double ka = gpus(a) * job_[a].remaining, kb = gpus(b) * job_[b].remaining;
                return ka != kb ? ka < kb : by_rank(a, b);
            });
            break;
        case scheduling_policy::las:
        case scheduling_policy::las_2d:
            // a running job competes with key - quantum; at equal keys a waiting job goes first
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                const double ka = las_key(a) - (job_[a].running ? o_.las_quantum : 0.0);
                const double kb = las_key(b) - (job_[b].running ? o_.las_quantum : 0.0);
                if (ka != kb) return ka < kb;
                if (job_[a].running != job_[b].running) return !job_[a].running;
                return by_rank(a, b);
            });
            break;
        case scheduling_policy::st_las:
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return job_[a].queue != job_[b].queue ? job_[a].queue < job_[b].queue : by_rank(a, b);
            });
            break;
        default:
            std::sort(order.begin(), order.end(), by_rank);
        }
    }

    /// running job j leaves the reclaimable pool (confirmed or evicted)
    void unreclaim(std::size_t j) {
        for (const auto& [w, g] : job_[j].alloc) reclaim_[w] -= g;
    }

    /// the least loaded worker (most free GPUs, then fastest, then lowest index) with >= g free, or npos
    [[nodiscard]] std::size_t consolidated_fit(int g) const {
        std::size_t best = npos;
        for (std::size_t w = 0; w < free_.size(); ++w) {
            if (free_[w] < g) continue;
            if (best == npos || free_[w] > free_[best] ||
                (free_[w] == free_[best] && p_.workers()[w].speed > p_.workers()[best].speed))
                best = w;
        }
        return best;
    }

    /// GPUs from the workers with the most free ones first (free GPUs must add up to g)
    [[nodiscard]] std::vector<std::pair<std::size_t, int>> spread_over_free(int g) const {
        std::vector<std::size_t> ws(free_.size());
        std::iota(ws.begin(), ws.end(), std::size_t{0});
        std::stable_sort(ws.begin(), ws.end(), [&](std::size_t a, std::size_t b) { return free_[a] > free_[b]; });
        std::vector<std::pair<std::size_t, int>> alloc;
        for (std::size_t w : ws) {
            if (g == 0) break;
            const int take = std::min(g, free_[w]);
            if (take > 0) alloc.emplace_back(w, take);
            g -= take;
        }
        return alloc;
    }

    [[nodiscard]] int total_free() const { return std::accumulate(free_.begin(), free_.end(), 0); }

    /// evicts unconfirmed running jobs, lowest priority first, on worker w (or anywhere: w = npos) until the
    /// free GPUs there reach g
    void evict_until(std::size_t w, int g, const std::vector<std::size_t>& order) {
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            if ((w == npos ? total_free() : free_[w]) >= g) return;
            state& s = job_[*it];
            if (!s.running || s.confirmed) continue;
            const bool there =
                w == npos || std::any_of(s.alloc.begin(), s.alloc.end(), [w](const auto& a) { return a.first == w; });
            if (there) {
                unreclaim(*it);
                preempt(*it);
            }
        }
    }

    /// places job j now if the policy lets it; returns whether it runs
    bool place(std::size_t j, const std::vector<std::size_t>& order, bool may_evict) {
        const int g = gpus(j);
        const bool spread = o_.placement == placement_rule::consolidate_then_spread;
        if (const std::size_t w = consolidated_fit(g); w != npos) {
            start(j, {{w, g}});
            return true;
        }
        if (spread && total_free() >= g) {
            start(j, spread_over_free(g));
            return true;
        }
        if (!may_evict) return false;
        // the worker whose evictions hit the least urgent jobs (the most urgent evicted job ranks lowest), then
        // the fewest evicted GPUs
        std::size_t best = npos, best_rank = 0;
        int best_evicted = 0;
        for (std::size_t w = 0; w < free_.size(); ++w) {
            if (free_[w] + reclaim_[w] < g) continue;
            int got = free_[w];
            std::size_t most_urgent = order.size();
            for (auto it = order.rbegin(); it != order.rend() && got < g; ++it) {
                const state& s = job_[*it];
                if (!s.running || s.confirmed) continue;
                for (const auto& [worker, held] : s.alloc)
                    if (worker == w) {
                        got += held;
                        most_urgent = static_cast<std::size_t>(order.rend() - it) - 1;
                    }
            }
            const int evicted = g - free_[w];
            if (best == npos || most_urgent > best_rank || (most_urgent == best_rank && evicted < best_evicted)) {
                best = w;
                best_rank = most_urgent;
                best_evicted = evicted;
            }
        }
        if (best != npos) {
            evict_until(best, g, order);
            start(j, {{best, g}});
            return true;
        }
        if (spread) {
            if (total_free() + std::accumulate(reclaim_.begin(), reclaim_.end(), 0) >= g) {
                evict_until(npos, g, order);
                start(j, spread_over_free(g));
                return true;
            }
        }
        return false;
    }

    void decide() {
        ++out_.events;
        priority_order();
        const std::vector<std::size_t>& order = order_;
        for (std::size_t j : active_) job_[j].confirmed = false;
        if (!preemptive()) {
            for (std::size_t j : order) {
                if (job_[j].running) continue;
                if (!place(j, order, false) && o_.policy == scheduling_policy::fifo) break;
            }
            return;
        }
        std::fill(reclaim_.begin(), reclaim_.end(), 0);
        for (std::size_t j : active_)
            for (const auto& [w, g] : job_[j].alloc) reclaim_[w] += g;
        for (std::size_t j : order) {
            state& s = job_[j];
            if (s.running)
                unreclaim(j);
            else
                place(j, order, true);
            s.confirmed = s.running;
        }
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    const ml_cluster_problem& p_;
    scheduler_options o_;
    std::vector<state> job_;
    std::vector<std::size_t> by_arrival_;
    std::vector<std::size_t> active_;
    std::vector<int> free_;
    std::vector<int> reclaim_;       // per worker: GPUs of running jobs not yet confirmed in this decision
    std::vector<double> keys_;       // scratch: waiting jobs' LAS keys
    std::vector<std::size_t> order_; // scratch: the priority order of the current decision
    std::size_t next_ = 0;
    double t_ = 0.0;
    cluster_run out_;
};

} // namespace detail

/// Runs every job of `p` to completion under `options`. Deterministic: the same input gives the same run.
/// Throws parameter_error naming `options.<field>` for an invalid option, and `jobs[i].gpus` for a job wider than
/// every worker when the placement does not allow spreading.
[[nodiscard]] inline cluster_run simulate_cluster(const ml_cluster_problem& p, const scheduler_options& options) {
    constexpr const char* fn = "offload::planning::simulate_cluster";
    detail::validate_scheduler_options(options, fn);
    if (options.placement == placement_rule::consolidate)
        for (std::size_t i = 0; i < p.jobs().size(); ++i)
            if (p.jobs()[i].gpus > p.largest_worker_gpus()) {
                const std::string name = "jobs[" + std::to_string(i) + "].gpus";
                offload::detail::throw_parameter_error(
                    fn, name.c_str(), p.jobs()[i].gpus,
                    "must be <= the GPUs of the largest worker when options.placement is consolidate");
            }
    return detail::cluster_simulation(p, options).run();
}

/// Metrics over the jobs [first, last) in arrival order (a window drops warm-up and drain jobs).
struct cluster_metrics {
    double mean_jct = 0.0; ///< job completion time (completion - arrival), s
    double median_jct = 0.0;
    double p95_jct = 0.0;
    double mean_queueing_delay = 0.0; ///< time without GPUs (before the start and after preemptions), s
    double mean_first_start_delay = 0.0;
    double preemptions_per_job = 0.0;
    double longest_wait = 0.0;    ///< the longest single wait of any job (starvation), s
    double gpu_utilization = 0.0; ///< productive GPU-seconds / (all GPUs x [first arrival, last completion])
    std::size_t jobs = 0;

    friend bool operator==(const cluster_metrics&, const cluster_metrics&) = default;
};

namespace detail {
/// p-quantile of sorted xs by linear interpolation between order statistics (type 7)
[[nodiscard]] inline double sorted_quantile(const std::vector<double>& xs, double p) noexcept {
    if (xs.empty()) return 0.0;
    const double h = p * static_cast<double>(xs.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, xs.size() - 1);
    return xs[lo] + (h - static_cast<double>(lo)) * (xs[hi] - xs[lo]);
}
} // namespace detail

/// Metrics of `run` over the jobs ranked [first, min(last, n)) by arrival time (defaults: all jobs).
[[nodiscard]] inline cluster_metrics summarize(const ml_cluster_problem& p, const cluster_run& run,
                                               std::size_t first = 0, std::size_t last = static_cast<std::size_t>(-1)) {
    const std::size_t n = p.jobs().size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p.jobs()[a].arrival_time < p.jobs()[b].arrival_time; });
    last = std::min(last, n);
    cluster_metrics m;
    std::vector<double> jct;
    for (std::size_t r = first; r < last; ++r) {
        const std::size_t i = order[r];
        const ml_job_outcome& o = run.jobs[i];
        jct.push_back(o.completion - p.jobs()[i].arrival_time);
        m.mean_queueing_delay += o.waiting;
        m.mean_first_start_delay += o.first_start - p.jobs()[i].arrival_time;
        m.preemptions_per_job += o.preemptions;
        m.longest_wait = std::max(m.longest_wait, o.longest_wait);
    }
    m.jobs = jct.size();
    if (m.jobs == 0) return m;
    const double count = static_cast<double>(m.jobs);
    m.mean_jct = std::accumulate(jct.begin(), jct.end(), 0.0) / count;
    m.mean_queueing_delay /= count;
    m.mean_first_start_delay /= count;
    m.preemptions_per_job /= count;
    std::sort(jct.begin(), jct.end());
    m.median_jct = detail::sorted_quantile(jct, 0.5);
    m.p95_jct = detail::sorted_quantile(jct, 0.95);
    const double span = run.last_completion - run.first_arrival;
    m.gpu_utilization = span > 0.0 ? run.productive_gpu_seconds / (p.total_gpus() * span) : 0.0;
    return m;
}

/// A replication estimate: the mean over replications and the half-width of its Student-t interval.
struct metric_estimate {
    double value = 0.0;
    double half_width = 0.0;

    friend bool operator==(const metric_estimate&, const metric_estimate&) = default;
};

struct cluster_estimates {
    metric_estimate mean_jct, median_jct, p95_jct, mean_queueing_delay, preemptions_per_job, longest_wait,
        gpu_utilization;
    std::size_t replications = 0;

    friend bool operator==(const cluster_estimates&, const cluster_estimates&) = default;
};

struct replication_options {
    std::size_t jobs = 10000;      ///< jobs generated per replication (>= 1)
    std::size_t warmup_jobs = 0;   ///< first jobs (by arrival) left out of the metrics
    std::size_t cooldown_jobs = 0; ///< last jobs left out (they see an emptying system)
    std::size_t replications = 10; ///< independent replications (>= 2)
    double confidence = 0.95;      ///< of the Student-t intervals, in (0, 1)
    std::uint64_t seed = 1;        ///< replication r uses job stream seed + r (same seed, same numbers)

    friend bool operator==(const replication_options&, const replication_options&) = default;
};

/// Independent replications of `workload` on `workers` under `options`; each replication's metric is one
/// observation, intervals are Student-t over replications. Throws parameter_error for `replications`,
/// `confidence`, `jobs`, a window that leaves no job, and whatever ml_cluster_problem / simulate_cluster
/// reject.
[[nodiscard]] inline cluster_estimates replicate_cluster(const std::vector<ml_worker>& workers,
                                                         const ml_workload& workload, const scheduler_options& options,
                                                         const replication_options& r) {
    constexpr const char* fn = "offload::planning::replicate_cluster";
    if (r.replications < 2 || r.replications > 1000000)
        offload::detail::throw_parameter_error(fn, "replications", static_cast<double>(r.replications),
                                               "must be an integer in [2, 1e6]");
    offload::detail::require_open_probability(r.confidence, fn, "confidence");
    if (r.jobs < 1 || r.warmup_jobs + r.cooldown_jobs >= r.jobs)
        offload::detail::throw_parameter_error(fn, "jobs", static_cast<double>(r.jobs),
                                               "must exceed warmup_jobs + cooldown_jobs");
    std::vector<std::vector<double>> obs(7);
    for (std::size_t k = 0; k < r.replications; ++k) {
        const ml_cluster_problem p(workers, generate_jobs(workload, r.jobs, r.seed + k),
                                   options.placement == placement_rule::consolidate_then_spread);
        const cluster_metrics m = summarize(p, simulate_cluster(p, options), r.warmup_jobs, r.jobs - r.cooldown_jobs);
        const double values[] = {
            m.mean_jct,     m.median_jct,     m.p95_jct, m.mean_queueing_delay, m.preemptions_per_job,
            m.longest_wait, m.gpu_utilization};
        for (std::size_t v = 0; v < 7; ++v) obs[v].push_back(values[v]);
    }
    const double n = static_cast<double>(r.replications);
    const double t =
        boost::math::quantile(boost::math::complement(boost::math::students_t(n - 1.0), (1.0 - r.confidence) / 2.0));
    const auto estimate = [&](const std::vector<double>& xs) {
        const double m = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
        double ss = 0.0;
        for (double x : xs) ss += (x - m) * (x - m);
        return metric_estimate{m, t * std::sqrt(ss / (n * (n - 1.0)))};
    };
    return {estimate(obs[0]), estimate(obs[1]), estimate(obs[2]), estimate(obs[3]),
            estimate(obs[4]), estimate(obs[5]), estimate(obs[6]), r.replications};
}

} // namespace offload::planning
