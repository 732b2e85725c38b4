// offload/planning/multi_job/branch_and_bound.hpp — an exact solver: the assignment AND the processing order on every
// shared server that minimise sum_i w_i (E_i - R_i) under the rules of offload/planning/multi_job/schedule.hpp.
//
// Depth-first branch and bound. A node is a partial schedule: some jobs appended to the ends of the server
// sequences, the others not placed yet. A child appends one unplaced job k to server j; it starts at
// S = max(free_j, R_k + D_kj). Children are generated only in non-decreasing (S, j) order, so each semi-active
// schedule is built exactly once (its jobs sorted by start time, ties by server). At every node the unplaced
// jobs on their devices complete a feasible plan, which updates the incumbent.
//
// Lower bound at a node: the cost so far plus, for each unplaced job k, its cheapest place on its own: the
// least of w_k device_time_k and w_k (max(free_j, S_last, R_k + D_kj) + I_kj - R_k) over servers j (S_last:
// start of the last appended job, below which no later start can lie; at the root this sum is the seed's
// eq. 6 bound, independent_lower_bound). Plus contention: the unplaced jobs whose cheapest place is the same
// server are sorted by earliest start and paired; in each pair either one job waits for the other or one
// goes to its next-best place, so the pair adds at least min(w_b max(0, s_a + I_a - s_b), w_a max(0, s_b +
// I_b - s_a), regret_a, regret_b); pairs are disjoint, so their extras add up.
// Dominance: a child is dropped when its job would fit into the idle gap just before the server's last job,
// completing strictly earlier and delaying nobody (an optimal schedule never looks like that).
// Children are explored in increasing bound order; the incumbent starts from list_schedule_and_improve.
// Exponential in the worst case: node_limit caps the work, and the result then says proven_optimal = false
// and reports the root bound as lower_bound.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "offload/planning/detail/lowest_two.hpp"
#include "offload/planning/multi_job/list_scheduling.hpp"
#include "offload/planning/multi_job/problem.hpp"
#include "offload/planning/multi_job/schedule.hpp"

namespace offload::planning {

struct branch_and_bound_options {
    std::size_t node_limit = 100'000'000; ///< nodes expanded at most; then the best plan so far is returned

    friend bool operator==(const branch_and_bound_options&, const branch_and_bound_options&) = default;
};

struct branch_and_bound_result {
    plan best;                   ///< the optimum when proven_optimal
    double objective = 0.0;      ///< sum_i w_i (E_i - R_i) of best
    double lower_bound = 0.0;    ///< = objective when proven_optimal, else the root bound (>= eq. 6)
    bool proven_optimal = false; ///< the search finished within node_limit
    std::size_t nodes = 0;       ///< nodes expanded

    friend bool operator==(const branch_and_bound_result&, const branch_and_bound_result&) = default;
};

namespace detail {

class branch_and_bound_search {
public:
    branch_and_bound_search(const planning_problem& p, std::size_t node_limit)
        : p_(p), n_(p.job_count()), m_(p.server_count()), limit_(node_limit), placed_(n_, 0), free_(m_, -infinity),
          device_cost_(n_), gap_start_(m_, 0.0), gap_end_(m_, 0.0) {
        for (std::size_t i = 0; i < n_; ++i) device_cost_[i] = p.job(i).weight * p.job(i).device_time;
        children_.resize(n_ + 1);
        crowd_.resize(m_);
    }

    branch_and_bound_result run(const plan& start) {
        best_plan_ = start;
        best_ = evaluate(p_, start).weighted_total_response;
        branch_and_bound_result r;
        r.lower_bound = bound(-infinity, 0.0);
        dfs(0, -infinity, 0, 0.0);
        r.best = best_plan_;
        r.objective = best_;
        r.proven_optimal = !aborted_;
        r.nodes = nodes_;
        if (r.proven_optimal) r.lower_bound = best_;
        return r;
    }

private:
    struct contender {
        double start;  ///< earliest start on the server
        double regret; ///< extra cost of the job's next-best place
        std::size_t job;
    };

    struct child {
        double bound;
        double start;
        double cost;
        std::size_t job;
        std::size_t server;
    };

    /// cost + sum over unplaced jobs of their best independent cost + pairwise contention (header comment)
    [[nodiscard]] double bound(double last_start, double cost) noexcept {
        double lb = cost;
        for (auto& c : crowd_) c.clear();
        for (std::size_t k = 0; k < n_; ++k) {
            if (placed_[k]) continue;
            const planning_job& job = p_.job(k);
            detail::lowest_two cheapest{device_cost_[k], infinity, m_};
            double best_start = 0.0;
            for (std::size_t j = 0; j < m_; ++j) {
                const double s = std::max({free_[j], last_start, job.release_time + job.transmission_time[j]});
                if (cheapest.offer(job.weight * (s + job.processing_time[j] - job.release_time), j)) best_start = s;
            }
            lb += cheapest.best;
            if (cheapest.arg < m_) crowd_[cheapest.arg].push_back({best_start, cheapest.second - cheapest.best, k});
        }
        // two jobs whose cheapest place is the same server: either one waits for the other or one goes
        // elsewhere at its regret; disjoint pairs add their least extra cost
        for (std::size_t j = 0; j < m_; ++j) {
            auto& c = crowd_[j];
            if (c.size() < 2) continue;
            std::sort(c.begin(), c.end(), [](const contender& a, const contender& b) { return a.start < b.start; });
            for (std::size_t t = 0; t + 1 < c.size(); t += 2) {
                const planning_job& a = p_.job(c[t].job);
                const planning_job& b = p_.job(c[t + 1].job);
                const double a_first = b.weight * std::max(0.0, c[t].start + a.processing_time[j] - c[t + 1].start);
                const double b_first = a.weight * std::max(0.0, c[t + 1].start + b.processing_time[j] - c[t].start);
                lb += std::min({a_first, b_first, c[t].regret, c[t + 1].regret});
            }
        }
        return lb;
    }

    void record(double cost, std::size_t depth) {
        double total = cost;
        for (std::size_t k = 0; k < n_; ++k)
            if (!placed_[k]) total += device_cost_[k];
        if (!(total < best_)) return;
        best_ = total;
        best_plan_.machine.assign(n_, p_.device_machine());
        best_plan_.sequence.assign(m_, {});
        for (std::size_t d = 0; d < depth; ++d) {
            best_plan_.machine[stack_[d].job] = stack_[d].server;
            best_plan_.sequence[stack_[d].server].push_back(stack_[d].job);
        }
    }

    void dfs(std::size_t depth, double last_start, std::size_t last_server, double cost) {
        if (aborted_) return;
        if (++nodes_ > limit_) {
            aborted_ = true;
            return;
        }
        record(cost, depth);
        std::vector<child>& kids = children_[depth];
        kids.clear();
        for (std::size_t k = 0; k < n_; ++k) {
            if (placed_[k]) continue;
            const planning_job& job = p_.job(k);
            for (std::size_t j = 0; j < m_; ++j) {
                const double s = std::max(free_[j], job.release_time + job.transmission_time[j]);
                if (s < last_start || (s == last_start && j < last_server)) continue;
                // k fits into the idle gap before the server's last job, completing earlier and delaying
                // nobody: a strictly better schedule exists, so this one is never optimal
                const double in_gap =
                    std::max(gap_start_[j], job.release_time + job.transmission_time[j]) + job.processing_time[j];
                if (in_gap <= gap_end_[j] && in_gap < s + job.processing_time[j]) continue;
                const double c = cost + job.weight * (s + job.processing_time[j] - job.release_time);
                kids.push_back({0.0, s, c, k, j});
            }
        }
        for (child& c : kids) {
            const double saved = free_[c.server];
            free_[c.server] = c.start + p_.job(c.job).processing_time[c.server];
            placed_[c.job] = 1;
            c.bound = bound(c.start, c.cost);
            placed_[c.job] = 0;
            free_[c.server] = saved;
        }
        std::sort(kids.begin(), kids.end(), [](const child& a, const child& b) { return a.bound < b.bound; });
        if (stack_.size() <= depth) stack_.resize(depth + 1);
        for (std::size_t c = 0; c < kids.size(); ++c) {
            const child ch = children_[depth][c]; // copy: deeper levels reuse other vectors only
            if (!(ch.bound < best_)) break;
            const double saved = free_[ch.server];
            const double saved_gap_start = gap_start_[ch.server];
            const double saved_gap_end = gap_end_[ch.server];
            gap_start_[ch.server] = saved; // the idle gap before the new last job: [old free, its start)
            gap_end_[ch.server] = ch.start;
            free_[ch.server] = ch.start + p_.job(ch.job).processing_time[ch.server];
            placed_[ch.job] = 1;
            stack_[depth] = {ch.job, ch.server};
            dfs(depth + 1, ch.start, ch.server, ch.cost);
            placed_[ch.job] = 0;
            free_[ch.server] = saved;
            gap_start_[ch.server] = saved_gap_start;
            gap_end_[ch.server] = saved_gap_end;
            if (aborted_) return;
        }
    }

    struct decision {
        std::size_t job;
        std::size_t server;
    };

    const planning_problem& p_;
    std::size_t n_;
    std::size_t m_;
    std::size_t limit_;
    std::vector<char> placed_;
    std::vector<double> free_;
    std::vector<double> device_cost_;
    std::vector<std::vector<child>> children_;
    std::vector<decision> stack_;
    std::vector<std::vector<contender>> crowd_;
    std::vector<double> gap_start_;
    std::vector<double> gap_end_;
    plan best_plan_;
    double best_ = infinity;
    std::size_t nodes_ = 0;
    bool aborted_ = false;
};

} // namespace detail

/// The seed's eq. 6 bound: sum_i min over machines of w_i (D_ij + I_ij) (the device: w_i device_time_i).
[[nodiscard]] inline double independent_lower_bound(const planning_problem& p) noexcept {
    double lb = 0.0;
    for (std::size_t i = 0; i < p.job_count(); ++i) {
        double best = infinity;
        for (std::size_t m = 0; m <= p.device_machine(); ++m) best = std::min(best, unloaded_response_time(p, i, m));
        lb += p.job(i).weight * best;
    }
    return lb;
}

/// The exact optimum of p (sum_i w_i (E_i - R_i)) by branch and bound; see the header comment.
[[nodiscard]] inline branch_and_bound_result solve_exact(const planning_problem& p,
                                                         branch_and_bound_options options = {}) {
    detail::branch_and_bound_search search(p, options.node_limit);
    return search.run(list_schedule_and_improve(p));
}

} // namespace offload::planning
