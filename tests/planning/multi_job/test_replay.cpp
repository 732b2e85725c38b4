// A plan replayed by an independent event-driven re-execution: releases, data arrivals and completions are
// events in time order; a server starts the next job of its sequence as soon as it is idle and that job's data
// have arrived. The replay must give exactly evaluate()'s schedule for the plans of every solver, so the
// evaluator's closed recurrence (S_i = max(R_i + D_ij, E_prev)) is checked against a simulation of C1–C5.
#include <cstddef>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/multi_job/baselines.hpp"
#include "offload/planning/multi_job/branch_and_bound.hpp"
#include "offload/planning/multi_job/from_predictions.hpp"
#include "offload/planning/multi_job/list_scheduling.hpp"
#include "offload/planning/multi_job/reference_instances.hpp"
#include "offload/planning/multi_job/schedule.hpp"
#include "offload/planning/multi_job/tabu_search.hpp"

using namespace offload::planning;

namespace {

struct replayed_job {
    double processing_start = std::numeric_limits<double>::quiet_NaN();
    double completion = std::numeric_limits<double>::quiet_NaN();
};

enum class event_kind { release, data_arrival, completion };

/// the event-driven replay of plan x on problem p (knows nothing of evaluate())
std::vector<replayed_job> replay(const planning_problem& p, const plan& x) {
    using event = std::tuple<double, int, std::size_t>; // time, kind, job
    std::priority_queue<event, std::vector<event>, std::greater<>> events;
    const std::size_t n = p.job_count(), m = p.server_count();
    std::vector<replayed_job> out(n);
    std::vector<char> data_ready(n, 0);
    std::vector<std::size_t> next(m, 0); // position in each server's sequence
    std::vector<char> busy(m, 0);
    const auto try_start = [&](std::size_t j, double now) {
        if (busy[j] || next[j] >= x.sequence[j].size()) return;
        const std::size_t i = x.sequence[j][next[j]];
        if (!data_ready[i]) return;
        busy[j] = 1;
        ++next[j];
        out[i].processing_start = now;
        events.emplace(now + p.job(i).processing_time[j], static_cast<int>(event_kind::completion), i);
    };
    for (std::size_t i = 0; i < n; ++i) events.emplace(p.job(i).release_time, static_cast<int>(event_kind::release), i);
    while (!events.empty()) {
        const auto [now, kind, i] = events.top();
        events.pop();
        const std::size_t j = x.machine[i];
        switch (static_cast<event_kind>(kind)) {
        case event_kind::release:
            if (j == p.device_machine()) {
                out[i].processing_start = now;
                out[i].completion = now + p.job(i).device_time;
            } else {
                events.emplace(now + p.job(i).transmission_time[j], static_cast<int>(event_kind::data_arrival), i);
            }
            break;
        case event_kind::data_arrival:
            data_ready[i] = 1;
            try_start(j, now);
            break;
        case event_kind::completion:
            out[i].completion = now;
            busy[j] = 0;
            try_start(j, now);
            break;
        }
    }
    return out;
}

void check_replay(const planning_problem& p, const plan& x) {
    const schedule s = evaluate(p, x);
    const std::vector<replayed_job> r = replay(p, x);
    for (std::size_t i = 0; i < p.job_count(); ++i) {
        CHECK(r[i].processing_start == s.jobs[i].processing_start);
        CHECK(r[i].completion == s.jobs[i].completion);
    }
}

} // namespace

TEST_CASE("replay: every solver's plan on Table VI runs as evaluate() says", "[planning][replay]") {
    const planning_problem p = icu_ten_jobs();
    check_replay(p, tabu_search(p).best);
    check_replay(p, solve_exact(p).best);
    check_replay(p, individually_best(p));
    check_replay(p, individually_best(p, sequencing_rule::arrival_order));
    check_replay(p, all_on_server(p, 0, sequencing_rule::arrival_order));
    check_replay(p, all_on_server(p, 1));
    check_replay(p, all_on_devices(p));
    check_replay(p, list_schedule_and_improve(p));
}

TEST_CASE("replay: random instances, exact and heuristic plans (orders other than release order)",
          "[planning][replay]") {
    for (unsigned seed = 0; seed < 20; ++seed) {
        const planning_problem p = random_planning_problem(9, 3, seed, seed % 2 == 0, 1.0);
        check_replay(p, solve_exact(p).best);
        check_replay(p, list_schedule_and_improve(p));
        check_replay(p, earliest_completion_plan(p));
        check_replay(p,
                     make_plan(p, std::vector<std::size_t>(p.job_count(), seed % 3), sequencing_rule::arrival_order));
    }
    const std::vector<predicted_job> jobs{{0.0, 1.0, {1e9, 10.0}, true}, {0.5, 2.0, {3e9, 4.0}, false}};
    const planning_problem built = problem_from_tier_estimates({5e9, 50e9, 1e12, 0.01, 0.05}, jobs, {2, 1});
    check_replay(built, solve_exact(built).best);
}
