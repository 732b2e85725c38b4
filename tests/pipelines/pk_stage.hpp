// tests/pipelines/pk_stage.hpp — a user-defined stage model, written in the test: an M/G/1 queue with the
// Pollaczek-Khinchine mean wait E[W] = lambda E[S]^2 (1 + scv) / (2 (1 - rho)). It shows that the pipelines
// accept any stage_model, and gives the tests a general-service stage independent of the library's queues.
// It gives means only (no wait_distribution/response_distribution): a pipeline built on it has means and breakdowns, and
// its distribution functions do not compile (stage_with_distributions is required there).
#pragma once

#include "offload/concepts.hpp"
#include "offload/error.hpp"

namespace offload_test {

class pk_stage {
public:
    pk_stage(double lambda, double mean, double scv) : lambda_(lambda), mean_(mean), scv_(scv) {}
    static pk_stage from_demand(const offload::arrival_process& arrivals, const offload::service_demand& d) {
        return pk_stage(offload::detail::require_poisson(arrivals, "pk_stage::from_demand"), d.mean_seconds, d.scv);
    }
    double lambda() const { return lambda_; }
    double mean() const { return mean_; }
    double scv() const { return scv_; }

private:
    double lambda_, mean_, scv_;
};

inline double arrival_rate(const pk_stage& q) { return q.lambda(); }
inline double mean_service_time(const pk_stage& q) { return q.mean(); }
inline double utilization(const pk_stage& q) { return q.lambda() * q.mean(); }
inline bool is_stable(const pk_stage& q) { return utilization(q) < 1.0; }
inline double mean_wait(const pk_stage& q) {
    return is_stable(q) ? q.lambda() * q.mean() * q.mean() * (1.0 + q.scv()) / (2.0 * (1.0 - utilization(q)))
                        : offload::infinity;
}
inline double mean_response(const pk_stage& q) { return mean_wait(q) + q.mean(); }
inline double mean_queue_length(const pk_stage& q) { return q.lambda() * mean_wait(q); }
inline double mean_number_in_system(const pk_stage& q) { return q.lambda() * mean_response(q); }
static_assert(offload::stage_model<pk_stage>);
static_assert(!offload::queue_with_distributions<pk_stage>);

} // namespace offload_test
