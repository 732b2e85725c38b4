// offload/simulation/simulate.hpp — the discrete-event engine: simulate(network, run_options).
//
// Events (arrivals, service completions, measurement-window boundaries) are kept in a binary heap ordered
// by (time, sequence number), a total order, so the run is deterministic whatever the heap implementation.
// Random numbers: one xoshiro256** stream per tenant arrival process and one per (tenant, visit) service
// process, separated by jump(); replication r starts from the seed's generator advanced by r long_jump()s.
// The same tenant index therefore sees the same arrival times in two networks with the same seed (common
// random numbers), which sharpens comparisons such as offload vs. on-device.
//
// Measurement: the first `warmup_requests` arrivals (over all tenants) are discarded; the next `requests`
// arrivals are measured (or, in time mode, the arrivals inside [warmup_duration, warmup_duration +
// duration)). Arrivals keep coming after the window so that measured requests still in flight see the
// same congestion; the run ends when every measured request has left. Time averages (number in system,
// busy servers) and completion counts (throughput) are taken over the window itself.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/simulation/distribution.hpp"
#include "offload/simulation/network.hpp"
#include "offload/simulation/random.hpp"
#include "offload/simulation/result.hpp"
#include "offload/simulation/streaming.hpp"

namespace offload::sim {

struct run_options {
    std::uint64_t seed = 1;
    int requests = 100000;        ///< measured arrivals per replication (all tenants together), in [1, 10^9]
    int warmup_requests = 10000;  ///< arrivals discarded at the start of each replication, in [0, 10^9]
    double duration = 0.0;        ///< > 0 switches to time mode: measure arrivals during this many seconds
    double warmup_duration = 0.0; ///< time mode: seconds discarded at the start of each replication
    ci_method method = ci_method::replications;
    int replications = 10;    ///< independent replications (method replications), in [2, 10^9]
    int batches = 20;         ///< batches of one long run (method batch_means), in [2, 10^9]
    double confidence = 0.95; ///< confidence level of every interval, in (0, 1)
    std::vector<double> percentiles = {0.5, 0.9, 0.95, 0.99, 0.999}; ///< levels in (0, 1)
    /// Keep every measured response time (memory O(requests)): exact order-statistic percentiles and the
    /// pooled sorted samples (empirical_response_quantile/cdf). Without it memory is independent of the
    /// number of requests and percentiles come from a log-bucketed histogram once a cell holds more than
    /// exact_quantile_limit observations of a group (relative error <= sim::log_histogram::relative_error).
    bool keep_samples = false;

    bool operator==(const run_options&) const = default;
};

/// Observations of a group per cell kept exactly (exact order-statistic percentiles) before the histogram.
inline constexpr std::size_t exact_quantile_limit = 8192;

} // namespace offload::sim

namespace offload::detail {

/// Streaming summary of one group's observations in one cell: sum (the mean is sum / count, bit for bit the
/// mean of the kept samples), Welford moments (the variance) and a quantile sketch.
struct sim_samples {
    double sum = 0.0;
    sim::running_moments moments;
    sim::quantile_sketch sketch;

    explicit sim_samples(std::size_t exact_limit = sim::exact_quantile_limit) : sketch(exact_limit) {}
    void add(double x) {
        sum += x;
        moments.add(x);
        sketch.add(x);
    }
    void merge(const sim_samples& o) {
        sum += o.sum;
        moments.merge(o.moments);
        sketch.merge(o.sketch);
    }
    [[nodiscard]] std::uint64_t count() const noexcept { return moments.count(); }
};

/// Observations of one cell (one replication, or one batch), in memory independent of its length unless
/// run_options::keep_samples.
struct sim_cell {
    double duration = 0.0;                              // window length, s
    std::vector<sim_samples> st_resp, st_wait;          // [station * T + tenant]
    std::vector<sim_samples> e2e_resp, e2e_wait;        // [tenant]
    std::vector<std::uint64_t> st_arrivals, st_blocked; // measured arrivals at (station, tenant)
    std::vector<double> st_departures, st_number;       // window departures, integral of number in system
    std::vector<double> busy;                           // [station] integral of busy servers
    std::vector<std::uint64_t> t_arrivals, t_lost;      // [tenant]
    std::vector<double> t_completions, t_number;        // [tenant]

    void resize(std::size_t stations, std::size_t tenants, std::size_t exact_limit) {
        const std::size_t st = stations * tenants;
        st_resp.assign(st, sim_samples(exact_limit));
        st_wait.assign(st, sim_samples(exact_limit));
        e2e_resp.assign(tenants, sim_samples(exact_limit));
        e2e_wait.assign(tenants, sim_samples(exact_limit));
        st_arrivals.assign(st, 0);
        st_blocked.assign(st, 0);
        st_departures.assign(st, 0.0);
        st_number.assign(st, 0.0);
        busy.assign(stations, 0.0);
        t_arrivals.assign(tenants, 0);
        t_lost.assign(tenants, 0);
        t_completions.assign(tenants, 0.0);
        t_number.assign(tenants, 0.0);
    }
};

/// FIFO of request ids on a power-of-two ring buffer.
class sim_fifo {
public:
    bool empty() const noexcept { return size_ == 0; }
    void push(std::uint32_t x) {
        if (size_ == buf_.size()) grow();
        buf_[(head_ + size_) & (buf_.size() - 1)] = x;
        ++size_;
    }
    std::uint32_t pop() noexcept {
        const std::uint32_t x = buf_[head_];
        head_ = (head_ + 1) & (buf_.size() - 1);
        --size_;
        return x;
    }
    void clear() noexcept { head_ = size_ = 0; }

private:
    void grow() {
        std::vector<std::uint32_t> next(buf_.empty() ? 16 : 2 * buf_.size());
        for (std::size_t i = 0; i < size_; ++i) next[i] = buf_[(head_ + i) & (buf_.size() - 1)];
        buf_ = std::move(next);
        head_ = 0;
    }
    std::vector<std::uint32_t> buf_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

class sim_engine {
public:
    struct totals {
        std::uint64_t events = 0;
        std::uint64_t stages = 0;
        double time = 0.0;
    };

    sim_engine(const sim::network& net, const sim::run_options& opt, bool stop_arrivals_after_window)
        : net_(net), opt_(opt), stop_after_window_(stop_arrivals_after_window), S_(net.stations().size()),
          T_(net.tenants().size()) {
        first_hop_.resize(T_ + 1);
        for (std::size_t t = 0; t < T_; ++t) {
            first_hop_[t] = static_cast<std::uint32_t>(hops_.size());
            for (const auto& v : net.tenants()[t].route())
                hops_.push_back({static_cast<std::uint32_t>(v.station), &v.service});
        }
        first_hop_[T_] = static_cast<std::uint32_t>(hops_.size());
        stations_.resize(S_);
        for (std::size_t s = 0; s < S_; ++s) {
            const auto& st = net.stations()[s];
            stations_[s].servers = st.servers(); // unlimited (INT_MAX) for a delay station
            stations_[s].capacity = st.has_unlimited_capacity() ? 0 : st.capacity();
        }
    }

    /// One replication starting from generator `base`; its measured data go to cells[first, first + ncells).
    void run(const sim::xoshiro256ss& base, std::vector<sim_cell>& cells, std::size_t first, std::size_t ncells,
             totals& tot) {
        reset(base, ncells);
        cells_ = &cells;
        first_cell_ = first;
        ncells_ = ncells;
        for (std::size_t c = 0; c < ncells; ++c) reserve(cells[first + c]);

        const bool time_mode = opt_.duration > 0.0;
        if (time_mode) {
            for (std::size_t k = 0; k <= ncells; ++k) {
                const double tb = k == ncells ? opt_.warmup_duration + opt_.duration
                                              : opt_.warmup_duration + opt_.duration * static_cast<double>(k) /
                                                                           static_cast<double>(ncells);
                push({tb, 0, kind_boundary, static_cast<std::uint32_t>(k)});
            }
        } else {
            const auto w = static_cast<std::uint64_t>(opt_.warmup_requests);
            const auto n = static_cast<std::uint64_t>(opt_.requests);
            boundary_index_.clear();
            for (std::size_t k = 0; k <= ncells; ++k) boundary_index_.push_back(w + (n * k) / ncells);
        }
        for (std::uint32_t t = 0; t < T_; ++t)
            push({sim::sample(net_.tenants()[t].interarrival(), rng_[t]), 0, kind_arrival, t});

        while (!heap_.empty() && !(window_closed_ && outstanding_ == 0)) {
            std::pop_heap(heap_.begin(), heap_.end(), later{});
            const event e = heap_.back();
            heap_.pop_back();
            now_ = e.time;
            ++tot.events;
            switch (e.kind) {
            case kind_arrival:
                on_arrival(e.a);
                break;
            case kind_departure:
                on_departure(e.a);
                break;
            default:
                on_boundary(e.a);
                break;
            }
        }
        tot.stages += stages_;
        tot.time += now_;

        // window figures of each cell from the snapshots at its two boundaries
        for (std::size_t k = 0; k < ncells; ++k) {
            sim_cell& c = cells[first + k];
            const snapshot& a = snaps_[k];
            const snapshot& b = snaps_[k + 1];
            c.duration = b.time - a.time;
            for (std::size_t i = 0; i < S_ * T_; ++i) {
                c.st_number[i] = b.st_number[i] - a.st_number[i];
                c.st_departures[i] = b.st_departures[i] - a.st_departures[i];
            }
            for (std::size_t s = 0; s < S_; ++s) c.busy[s] = b.busy[s] - a.busy[s];
            for (std::size_t t = 0; t < T_; ++t) {
                c.t_number[t] = b.t_number[t] - a.t_number[t];
                c.t_completions[t] = b.t_completions[t] - a.t_completions[t];
            }
        }
    }

private:
    enum : std::uint32_t { kind_arrival = 0, kind_departure = 1, kind_boundary = 2 };

    struct event {
        double time;
        std::uint64_t seq;
        std::uint32_t kind;
        std::uint32_t a; // tenant (arrival), request (departure), boundary index (boundary)
    };
    struct later {
        bool operator()(const event& x, const event& y) const noexcept {
            return x.time > y.time || (x.time == y.time && x.seq > y.seq);
        }
    };

    struct hop {
        std::uint32_t station;
        const sim::distribution* service;
    };
    struct request {
        std::uint32_t tenant;
        std::uint32_t hop; // position in the route
        double t_enter;
        double t_station;
        double wait_sum;
        std::int32_t cell; // -1: not measured
    };
    struct station_state {
        int servers = 1;  // INT_MAX for a delay station
        int capacity = 0; // 0: unlimited
        int busy = 0;
        int in_system = 0;
        double busy_integral = 0.0;
        double busy_last = 0.0;
        sim_fifo queue;
    };
    struct counter {
        int n = 0;
        double last = 0.0;
        double integral = 0.0;
        double done = 0.0; // departures (station, tenant) or completions (tenant)
        void change(int delta, double now) noexcept {
            integral += n * (now - last);
            last = now;
            n += delta;
        }
    };
    struct snapshot {
        double time = 0.0;
        std::vector<double> st_number, st_departures, busy, t_number, t_completions;
    };

    /// Sizes a cell; with keep_samples, reserves its sample vectors for the expected number of measured
    /// requests (+10%).
    void reserve(sim_cell& c) const {
        c.resize(S_, T_, opt_.keep_samples ? sim::quantile_sketch::unlimited : sim::exact_quantile_limit);
        double total_rate = 0.0;
        for (const auto& t : net_.tenants()) total_rate += t.arrival_rate();
        for (std::size_t t = 0; t < T_; ++t) {
            const double rate = net_.tenants()[t].arrival_rate();
            const double expected = opt_.duration > 0.0
                                        ? rate * opt_.duration / static_cast<double>(ncells_)
                                        : opt_.requests / static_cast<double>(ncells_) * rate / total_rate;
            const double cap = opt_.keep_samples ? 1.0e8 : static_cast<double>(sim::exact_quantile_limit);
            const auto n = static_cast<std::size_t>(std::min(1.1 * expected + 16.0, cap));
            auto reserve_group = [n](sim_samples& g) { g.sketch.samples().reserve(n); };
            if (!single_hop(t)) { // end-to-end samples of a one-station route are the station's (on_departure)
                reserve_group(c.e2e_resp[t]);
                reserve_group(c.e2e_wait[t]);
            }
            for (std::uint32_t h = first_hop_[t]; h < first_hop_[t + 1]; ++h) {
                reserve_group(c.st_resp[hops_[h].station * T_ + t]);
                reserve_group(c.st_wait[hops_[h].station * T_ + t]);
            }
        }
    }

public:
    /// A tenant with a one-station route: its end-to-end samples are not stored twice; simulate() takes
    /// them from the station's samples.
    bool single_hop(std::size_t t) const noexcept { return first_hop_[t + 1] - first_hop_[t] == 1; }

private:
    void reset(const sim::xoshiro256ss& base, std::size_t ncells) {
        rng_.clear();
        sim::xoshiro256ss g = base;
        for (std::size_t k = 0; k < T_ + hops_.size(); ++k) {
            rng_.push_back(g);
            g.jump();
        }
        heap_.clear();
        seq_ = 0;
        requests_.clear();
        free_.clear();
        for (auto& s : stations_) {
            s.busy = s.in_system = 0;
            s.busy_integral = s.busy_last = 0.0;
            s.queue.clear();
        }
        st_.assign(S_ * T_, counter{});
        tn_.assign(T_, counter{});
        snaps_.assign(ncells + 1, snapshot{});
        next_boundary_ = 0;
        current_cell_ = -1;
        window_closed_ = false;
        outstanding_ = 0;
        arrivals_ = 0;
        stages_ = 0;
        now_ = 0.0;
    }

    void push(event e) {
        e.seq = seq_++;
        heap_.push_back(e);
        std::push_heap(heap_.begin(), heap_.end(), later{});
    }

    sim_cell& cell(std::int32_t c) { return (*cells_)[first_cell_ + static_cast<std::size_t>(c)]; }

    void on_boundary(std::uint32_t k) {
        snapshot& sn = snaps_[k];
        sn.time = now_;
        sn.st_number.resize(S_ * T_);
        sn.st_departures.resize(S_ * T_);
        for (std::size_t i = 0; i < S_ * T_; ++i) {
            st_[i].change(0, now_);
            sn.st_number[i] = st_[i].integral;
            sn.st_departures[i] = st_[i].done;
        }
        sn.busy.resize(S_);
        for (std::size_t s = 0; s < S_; ++s) {
            station_state& st = stations_[s];
            st.busy_integral += st.busy * (now_ - st.busy_last);
            st.busy_last = now_;
            sn.busy[s] = st.busy_integral;
        }
        sn.t_number.resize(T_);
        sn.t_completions.resize(T_);
        for (std::size_t t = 0; t < T_; ++t) {
            tn_[t].change(0, now_);
            sn.t_number[t] = tn_[t].integral;
            sn.t_completions[t] = tn_[t].done;
        }
        if (k == ncells_) {
            window_closed_ = true;
            current_cell_ = -1;
        } else {
            current_cell_ = static_cast<std::int32_t>(k);
        }
        next_boundary_ = k + 1;
    }

    void on_arrival(std::uint32_t t) {
        if (opt_.duration <= 0.0)
            while (next_boundary_ < boundary_index_.size() && arrivals_ == boundary_index_[next_boundary_])
                on_boundary(static_cast<std::uint32_t>(next_boundary_));
        if (window_closed_ && stop_after_window_) return;
        ++arrivals_;
        std::uint32_t id;
        if (free_.empty()) {
            id = static_cast<std::uint32_t>(requests_.size());
            requests_.emplace_back();
        } else {
            id = free_.back();
            free_.pop_back();
        }
        request& r = requests_[id];
        r = request{t, 0, now_, now_, 0.0, current_cell_};
        tn_[t].change(+1, now_);
        if (r.cell >= 0) {
            ++cell(r.cell).t_arrivals[t];
            ++outstanding_;
        }
        enter(id);
        push({now_ + sim::sample(net_.tenants()[t].interarrival(), rng_[t]), 0, kind_arrival, t});
    }

    void enter(std::uint32_t id) {
        request& r = requests_[id];
        const std::uint32_t h = first_hop_[r.tenant] + r.hop;
        const std::uint32_t s = hops_[h].station;
        station_state& st = stations_[s];
        const std::size_t i = s * T_ + r.tenant;
        if (r.cell >= 0) ++cell(r.cell).st_arrivals[i];
        if (st.capacity != 0 && st.in_system >= st.capacity) { // blocked: lost
            ++stages_;
            if (r.cell >= 0) {
                ++cell(r.cell).st_blocked[i];
                ++cell(r.cell).t_lost[r.tenant];
                --outstanding_;
            }
            tn_[r.tenant].change(-1, now_);
            free_.push_back(id);
            return;
        }
        st_[i].change(+1, now_);
        ++st.in_system;
        if (st.busy < st.servers) {
            st.busy_integral += st.busy * (now_ - st.busy_last);
            st.busy_last = now_;
            ++st.busy;
            start(id, h);
        } else {
            st.queue.push(id);
        }
    }

    void start(std::uint32_t id, std::uint32_t h) {
        request& r = requests_[id];
        const double wait = now_ - r.t_station;
        r.wait_sum += wait;
        if (r.cell >= 0) cell(r.cell).st_wait[hops_[h].station * T_ + r.tenant].add(wait);
        push({now_ + sim::sample(*hops_[h].service, rng_[T_ + h]), 0, kind_departure, id});
    }

    void on_departure(std::uint32_t id) {
        request& r = requests_[id];
        const std::uint32_t h = first_hop_[r.tenant] + r.hop;
        const std::uint32_t s = hops_[h].station;
        const std::size_t i = s * T_ + r.tenant;
        ++stages_;
        if (r.cell >= 0) cell(r.cell).st_resp[i].add(now_ - r.t_station);
        st_[i].change(-1, now_);
        st_[i].done += 1.0;
        station_state& st = stations_[s];
        --st.in_system;
        if (!st.queue.empty()) {
            const std::uint32_t next = st.queue.pop();
            start(next, first_hop_[requests_[next].tenant] + requests_[next].hop);
        } else {
            st.busy_integral += st.busy * (now_ - st.busy_last);
            st.busy_last = now_;
            --st.busy;
        }
        request& q = requests_[id]; // start() may not reallocate requests_, but keep the access fresh
        ++q.hop;
        if (first_hop_[q.tenant] + q.hop < first_hop_[q.tenant + 1]) {
            q.t_station = now_;
            enter(id);
            return;
        }
        if (q.cell >= 0) {
            if (q.hop > 1) {
                sim_cell& c = cell(q.cell);
                c.e2e_resp[q.tenant].add(now_ - q.t_enter);
                c.e2e_wait[q.tenant].add(q.wait_sum);
            }
            --outstanding_;
        }
        tn_[q.tenant].change(-1, now_);
        tn_[q.tenant].done += 1.0;
        free_.push_back(id);
    }

    const sim::network& net_;
    const sim::run_options& opt_;
    bool stop_after_window_;
    std::size_t S_;
    std::size_t T_;
    std::vector<hop> hops_;
    std::vector<std::uint32_t> first_hop_;
    std::vector<station_state> stations_;

    std::vector<sim::xoshiro256ss> rng_;
    std::vector<event> heap_;
    std::uint64_t seq_ = 0;
    std::vector<request> requests_;
    std::vector<std::uint32_t> free_;
    std::vector<counter> st_;
    std::vector<counter> tn_;
    std::vector<snapshot> snaps_;
    std::vector<std::uint64_t> boundary_index_;
    std::size_t next_boundary_ = 0;
    std::int32_t current_cell_ = -1;
    bool window_closed_ = false;
    std::uint64_t outstanding_ = 0;
    std::uint64_t arrivals_ = 0;
    std::uint64_t stages_ = 0;
    double now_ = 0.0;

    std::vector<sim_cell>* cells_ = nullptr;
    std::size_t first_cell_ = 0;
    std::size_t ncells_ = 0;
};

/// Summary of one latency group from its per-cell summaries (kept samples are reordered in place). The pooled
/// percentiles are exact when every cell's are (each cell kept its samples), else from the pooled histogram.
inline sim::latency_stats sim_latency(std::vector<sim_samples>& resp, std::vector<sim_samples>& wait,
                                      const sim::run_options& opt, double tq) {
    const std::size_t n = resp.size();
    const std::size_t np = opt.percentiles.size();
    constexpr double missing = std::numeric_limits<double>::quiet_NaN();
    sim::latency_stats out;
    // per-cell statistics, then the pooled ones: columns 0..n-1 are cells, column n is the pool
    auto summarise = [&](std::vector<sim_samples>& xs, std::vector<double>& means,
                         std::vector<std::vector<double>>& quantiles, sim_samples& pool) {
        means.assign(n + 1, missing);
        quantiles.assign(np, std::vector<double>(n + 1, missing));
        std::vector<double> q;
        for (std::size_t c = 0; c < n; ++c) {
            const std::uint64_t count = xs[c].count();
            if (count == 0) continue;
            means[c] = xs[c].sum / static_cast<double>(count);
            xs[c].sketch.quantiles(opt.percentiles, q);
            for (std::size_t j = 0; j < np; ++j) quantiles[j][c] = q[j];
        }
        for (std::size_t c = 0; c < n; ++c) pool.merge(xs[c]);
        if (pool.count() == 0) return;
        means[n] = pool.sum / static_cast<double>(pool.count());
        pool.sketch.quantiles(opt.percentiles, q);
        for (std::size_t j = 0; j < np; ++j) quantiles[j][n] = q[j];
    };
    auto variance = [](const sim_samples& pool) { return pool.count() > 1 ? pool.moments.variance() : infinity; };
    std::vector<double> mr, mw;
    std::vector<std::vector<double>> pr, pw;
    sim_samples pool_wait(sim::quantile_sketch::unlimited), pool_resp(sim::quantile_sketch::unlimited);
    summarise(wait, mw, pw, pool_wait);
    summarise(resp, mr, pr, pool_resp);
    out.samples = pool_resp.count();
    out.response_variance = variance(pool_resp);
    out.wait_variance = variance(pool_wait);

    auto section = [&](std::vector<double>& v) {
        const double pooled = v[n];
        v.pop_back();
        return sim_section(v, pooled, tq, infinity);
    };
    out.mean_response = section(mr);
    out.mean_wait = section(mw);
    for (std::size_t j = 0; j < np; ++j) {
        out.response_percentiles.push_back({opt.percentiles[j], section(pr[j])});
        out.wait_percentiles.push_back({opt.percentiles[j], section(pw[j])});
    }
    if (opt.keep_samples) { // every sketch kept its samples (exact limit unlimited)
        std::vector<double>& pool = pool_resp.sketch.samples();
        std::sort(pool.begin(), pool.end());
        out.sorted_response_samples = std::move(pool);
    }
    return out;
}

/// Summary of one flow group from per-cell counts: arrivals, blocked, completions and number integrals.
inline sim::flow_stats sim_flow(const std::vector<std::uint64_t>& arrivals, const std::vector<std::uint64_t>& blocked,
                                const std::vector<double>& done, const std::vector<double>& number,
                                const std::vector<double>& duration, double tq) {
    const std::size_t n = arrivals.size();
    constexpr double missing = std::numeric_limits<double>::quiet_NaN();
    sim::flow_stats out;
    std::vector<double> pb(n, missing), x(n, missing), l(n, missing);
    double total_done = 0.0, total_number = 0.0, total_duration = 0.0;
    for (std::size_t c = 0; c < n; ++c) {
        out.arrivals += arrivals[c];
        out.blocked += blocked[c];
        total_done += done[c];
        total_number += number[c];
        total_duration += duration[c];
        if (arrivals[c] > 0) pb[c] = static_cast<double>(blocked[c]) / static_cast<double>(arrivals[c]);
        if (duration[c] > 0.0) {
            x[c] = done[c] / duration[c];
            l[c] = number[c] / duration[c];
        }
    }
    const double pooled_pb =
        out.arrivals > 0 ? static_cast<double>(out.blocked) / static_cast<double>(out.arrivals) : missing;
    out.blocking_probability = sim_section(pb, pooled_pb, tq, 0.0);
    out.throughput = sim_section(x, total_duration > 0.0 ? total_done / total_duration : missing, tq, 0.0);
    out.mean_number_in_system =
        sim_section(l, total_duration > 0.0 ? total_number / total_duration : missing, tq, infinity);
    return out;
}

inline void sim_mark_unbounded(sim::latency_stats& l) {
    l.mean_response = l.mean_wait = sim::estimate{infinity, infinity};
    l.response_variance = l.wait_variance = infinity;
    for (auto& p : l.response_percentiles) p.time = sim::estimate{infinity, infinity};
    for (auto& p : l.wait_percentiles) p.time = sim::estimate{infinity, infinity};
}

inline void sim_validate(const sim::network& net, const sim::run_options& opt) {
    constexpr const char* fn = "offload::sim::simulate";
    if (net.tenants().empty())
        throw_parameter_error(fn, "network.tenants().size()", 0.0, "must be >= 1 (add a tenant)");
    require_open_probability(opt.confidence, fn, "options.confidence");
    for (const double p : opt.percentiles) require_open_probability(p, fn, "options.percentiles[i]");
    if (!(opt.duration >= 0.0 && opt.duration < infinity))
        throw_parameter_error(fn, "options.duration", opt.duration, "must be finite and >= 0 (0: count mode)");
    require_non_negative(opt.warmup_duration, fn, "options.warmup_duration");
    const int cells =
        opt.method == sim::ci_method::replications
            ? require_integer_at_least(static_cast<double>(opt.replications), 2, fn, "options.replications")
            : require_integer_at_least(static_cast<double>(opt.batches), 2, fn, "options.batches");
    if (opt.duration == 0.0) {
        require_integer_at_least(static_cast<double>(opt.warmup_requests), 0, fn, "options.warmup_requests");
        require_integer_at_least(
            static_cast<double>(opt.requests), opt.method == sim::ci_method::batch_means ? cells : 1, fn,
            opt.method == sim::ci_method::batch_means ? "options.requests (>= batches)" : "options.requests");
    }
}

} // namespace offload::detail

namespace offload::sim {

/// Runs the network and returns per-tenant and per-station figures with confidence intervals.
/// Throws parameter_error for an empty network or invalid options.
inline simulation_result simulate(const network& net, const run_options& opt = {}) {
    detail::sim_validate(net, opt);
    const std::size_t S = net.stations().size();
    const std::size_t T = net.tenants().size();
    const bool replications = opt.method == ci_method::replications;
    const std::size_t ncells = static_cast<std::size_t>(replications ? opt.replications : opt.batches);

    simulation_result res;
    res.method = opt.method;
    res.confidence = opt.confidence;
    res.cells = ncells;

    std::vector<bool> overloaded(S);
    for (std::size_t s = 0; s < S; ++s) {
        overloaded[s] = is_overloaded(net, s);
        if (overloaded[s]) res.stable = false;
    }

    // run
    std::vector<detail::sim_cell> cells(ncells);
    detail::sim_engine engine(net, opt, !res.stable);
    detail::sim_engine::totals tot;
    xoshiro256ss base(opt.seed);
    if (replications) {
        for (std::size_t r = 0; r < ncells; ++r) {
            engine.run(base, cells, r, 1, tot);
            base.long_jump();
        }
    } else {
        engine.run(base, cells, 0, ncells, tot);
    }
    res.events = tot.events;
    res.request_stages = tot.stages;
    res.simulated_time = tot.time;

    // summarise
    const double tq = detail::sim_t_quantile(ncells, opt.confidence);
    std::vector<double> duration(ncells);
    for (std::size_t c = 0; c < ncells; ++c) duration[c] = cells[c].duration;
    const std::size_t exact_limit = opt.keep_samples ? quantile_sketch::unlimited : exact_quantile_limit;
    std::vector<detail::sim_samples> resp(ncells, detail::sim_samples(exact_limit));
    std::vector<detail::sim_samples> wait(ncells, detail::sim_samples(exact_limit));
    std::vector<std::uint64_t> arr(ncells), blk(ncells);
    std::vector<double> done(ncells), num(ncells);

    for (std::size_t t = 0; t < T; ++t) {
        tenant_result tr;
        tr.name = net.tenants()[t].name();
        const std::size_t only = net.tenants()[t].route().front().station * T + t; // single-hop: station samples
        const bool single = engine.single_hop(t);
        for (std::size_t c = 0; c < ncells; ++c) {
            resp[c] = std::move(single ? cells[c].st_resp[only] : cells[c].e2e_resp[t]);
            wait[c] = std::move(single ? cells[c].st_wait[only] : cells[c].e2e_wait[t]);
            arr[c] = cells[c].t_arrivals[t];
            blk[c] = cells[c].t_lost[t];
            done[c] = cells[c].t_completions[t];
            num[c] = cells[c].t_number[t];
        }
        tr.latency = detail::sim_latency(resp, wait, opt, tq);
        tr.flow = detail::sim_flow(arr, blk, done, num, duration, tq);
        if (single)
            for (std::size_t c = 0; c < ncells; ++c) { // give the (reordered) samples back to the station
                cells[c].st_resp[only] = std::move(resp[c]);
                cells[c].st_wait[only] = std::move(wait[c]);
            }
        for (const auto& v : net.tenants()[t].route())
            if (overloaded[v.station]) {
                detail::sim_mark_unbounded(tr.latency);
                tr.flow.mean_number_in_system = estimate{infinity, infinity};
            }
        res.tenants.push_back(std::move(tr));
    }

    for (std::size_t s = 0; s < S; ++s) {
        const station& st = net.stations()[s];
        station_result sr;
        sr.name = st.name();
        sr.offered_load = offered_load(net, s);
        sr.overloaded = overloaded[s];
        std::vector<double> busy(ncells, std::numeric_limits<double>::quiet_NaN());
        std::vector<double> util(ncells, std::numeric_limits<double>::quiet_NaN());
        double busy_total = 0.0, duration_total = 0.0;
        for (std::size_t c = 0; c < ncells; ++c) {
            busy_total += cells[c].busy[s];
            duration_total += duration[c];
            if (duration[c] > 0.0) {
                busy[c] = cells[c].busy[s] / duration[c];
                util[c] = st.is_delay() ? 0.0 : busy[c] / static_cast<double>(st.servers());
            }
        }
        const double pooled_busy =
            duration_total > 0.0 ? busy_total / duration_total : std::numeric_limits<double>::quiet_NaN();
        sr.mean_busy_servers = detail::sim_section(busy, pooled_busy, tq, 0.0);
        sr.utilization =
            detail::sim_section(util, st.is_delay() ? 0.0 : pooled_busy / static_cast<double>(st.servers()), tq, 0.0);

        std::size_t visitors = 0;
        for (const auto& tn : net.tenants())
            for (const auto& v : tn.route()) visitors += v.station == s ? 1 : 0;

        // aggregate over tenants (with a single visiting tenant: that tenant's figures, copied below)
        for (std::size_t c = 0; c < ncells && visitors != 1; ++c) {
            resp[c] = detail::sim_samples(exact_limit);
            wait[c] = detail::sim_samples(exact_limit);
            arr[c] = blk[c] = 0;
            done[c] = num[c] = 0.0;
            for (std::size_t t = 0; t < T; ++t) {
                const std::size_t i = s * T + t;
                resp[c].merge(cells[c].st_resp[i]);
                wait[c].merge(cells[c].st_wait[i]);
                arr[c] += cells[c].st_arrivals[i];
                blk[c] += cells[c].st_blocked[i];
                done[c] += cells[c].st_departures[i];
                num[c] += cells[c].st_number[i];
            }
        }
        if (visitors != 1) { // (no visitor at all: an idle station with empty figures)
            sr.latency = detail::sim_latency(resp, wait, opt, tq);
            sr.flow = detail::sim_flow(arr, blk, done, num, duration, tq);
        }

        for (std::size_t t = 0; t < T; ++t) {
            bool visits = false;
            for (const auto& v : net.tenants()[t].route()) visits = visits || v.station == s;
            if (!visits) continue;
            station_tenant_result str;
            str.tenant = net.tenants()[t].name();
            const std::size_t i = s * T + t;
            for (std::size_t c = 0; c < ncells; ++c) {
                resp[c] = std::move(cells[c].st_resp[i]);
                wait[c] = std::move(cells[c].st_wait[i]);
                arr[c] = cells[c].st_arrivals[i];
                blk[c] = cells[c].st_blocked[i];
                done[c] = cells[c].st_departures[i];
                num[c] = cells[c].st_number[i];
            }
            str.latency = detail::sim_latency(resp, wait, opt, tq);
            str.flow = detail::sim_flow(arr, blk, done, num, duration, tq);
            if (sr.overloaded) {
                detail::sim_mark_unbounded(str.latency);
                str.flow.mean_number_in_system = estimate{infinity, infinity};
            }
            if (visitors == 1) {
                sr.latency = str.latency;
                sr.flow = str.flow;
            }
            sr.tenants.push_back(std::move(str));
        }
        if (sr.overloaded) {
            detail::sim_mark_unbounded(sr.latency);
            sr.flow.mean_number_in_system = estimate{infinity, infinity};
        }
        res.stations.push_back(std::move(sr));
    }
    return res;
}

} // namespace offload::sim
