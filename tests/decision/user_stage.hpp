// tests/decision/user_stage.hpp — a user-defined stage model for the "plugs in" tests of choose_tier,
// choose_split and the policy: the test's own type (not a library queue), behaving as k_parallel<mm1>
// (exponential service), counting how often it is built, and able to fail on demand so the policy's failure
// reporting can be exercised.
#pragma once

#include <stdexcept>

#include "offload/concepts.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/mm1.hpp"

namespace offload::test {

struct probe_stage {
    enum class failure { none, build, tails };
    // test-only switches, set by single-threaded tests before the model is used
    static inline failure fail = failure::none;
    static inline long built = 0;

    k_parallel<mm1> q;

    static probe_stage from_demand(const arrival_process& arrivals, const service_demand& demand) {
        ++built;
        if (fail == failure::build) throw std::runtime_error("probe_stage: cannot build this stage");
        return probe_stage{k_parallel<mm1>::from_demand(arrivals, demand)};
    }
};

inline double arrival_rate(const probe_stage& s) { return arrival_rate(s.q); }
inline double mean_service_time(const probe_stage& s) { return mean_service_time(s.q); }
inline double utilization(const probe_stage& s) { return utilization(s.q); }
inline bool is_stable(const probe_stage& s) { return is_stable(s.q); }
inline double mean_wait(const probe_stage& s) { return mean_wait(s.q); }
inline double mean_response(const probe_stage& s) { return mean_response(s.q); }
inline double mean_queue_length(const probe_stage& s) { return mean_queue_length(s.q); }
inline double mean_number_in_system(const probe_stage& s) { return mean_number_in_system(s.q); }
inline auto wait_distribution(const probe_stage& s) {
    if (probe_stage::fail == probe_stage::failure::tails) throw std::runtime_error("probe_stage: no waiting-time tail");
    return wait_distribution(s.q);
}
inline auto response_distribution(const probe_stage& s) {
    if (probe_stage::fail == probe_stage::failure::tails)
        throw std::runtime_error("probe_stage: no response-time tail");
    return response_distribution(s.q);
}

static_assert(stage_with_distributions<probe_stage>);

} // namespace offload::test
