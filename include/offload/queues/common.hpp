// offload/queues/common.hpp — properties every queue model gets from its time distributions.
#pragma once

#include "offload/concepts.hpp"

namespace offload {

/// p-quantile of the waiting time (time before service starts), seconds. p in (0, 1); +inf if unstable.
template <queue_model Q>
double wait_quantile(const Q& q, double p) {
    return quantile(waiting_time(q), p);
}

/// p-quantile of the response (sojourn) time, seconds. p in (0, 1); +inf if unstable.
template <queue_model Q>
double response_quantile(const Q& q, double p) {
    return quantile(response_time(q), p);
}

} // namespace offload
