// offload/planning/detail/lowest_two.hpp — internal: the lowest and second-lowest of values offered one at a
// time, and the index of the lowest. The planners' bounds charge a request (or job) its cheapest option and
// remember the regret (second - best) of moving it elsewhere.
#pragma once

#include <cstddef>

#include "offload/error.hpp"

namespace offload::planning::detail {

struct lowest_two {
    double best;              ///< the lowest value so far (starts at the caller's fallback)
    double second = infinity; ///< the second lowest
    std::size_t arg;          ///< index of `best` (starts at the caller's "none" index)

    /// Offers v from index; true when v became the lowest (strictly below the previous lowest).
    bool offer(double v, std::size_t index) noexcept {
        if (v < best) {
            second = best;
            best = v;
            arg = index;
            return true;
        }
        if (v < second) second = v;
        return false;
    }
};

} // namespace offload::planning::detail
