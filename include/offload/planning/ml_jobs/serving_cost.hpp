// offload/planning/ml_jobs/serving_cost.hpp — what serving inference costs (seed 000 §IV-B, Table 1): a cloud instance
// rented per hour, cloud APIs billed per image or per minute of video, and an on-premises workstation bought
// once and powered; per-inference cost, the cost of a stream of F frames/s over a period, and the break-even
// month of buying against renting.
//
// Units: money in dollars (plain doubles), times in seconds, power in watts, throughput in inferences/s. The
// electricity price is per kWh (the unit in which it is quoted; field named so). Formulas:
//   cloud instance:    n = ceil(F / throughput) instances for the period: n * price_per_hour * period / 3600;
//                      per 1,000 inferences at full load: 1000 * price_per_hour / (3600 * throughput)
//   per-image API:     F * period * price_per_1000_images / 1000
//   per-minute API:    price_per_minute * period / 60 (one stream billed by the minute of video)
//   on-premises:       purchase * period / amortisation_period + power_watts * period / 3.6e6 * price_per_kwh
//                      (capacity: one workstation serves F frames/s if its throughput >= F; otherwise ceil(F / throughput))
//   break-even:        buying (purchase up front, running cost after) costs less than renting from month
//                      purchase / (rent per month - running cost per month) on; +inf if renting is cheaper per month.
#pragma once

#include <algorithm>
#include <cmath>

#include "offload/error.hpp"

namespace offload::planning {

inline constexpr double seconds_per_hour = 3600.0;
inline constexpr double seconds_per_day = 86400.0;
/// seed 000 Table 1 uses 31-day months (744 h): $3.06/h -> $2,277 per month
inline constexpr double seconds_per_31_day_month = 31.0 * seconds_per_day;
/// the Gregorian average month, 365.2425 / 12 days
inline constexpr double seconds_per_average_month = 365.2425 / 12.0 * seconds_per_day;

/// A cloud instance rented by the hour that sustains `throughput` inferences/s (from the latency models:
/// 1 / mean service time per replica times replicas).
struct cloud_instance {
    double price_per_hour = 0.0; ///< $/h >= 0
    double throughput = 1.0;     ///< inferences/s > 0

    friend bool operator==(const cloud_instance&, const cloud_instance&) = default;
};

/// A cloud API billed per image.
struct cloud_image_api {
    double price_per_1000_images = 0.0; ///< $ >= 0

    friend bool operator==(const cloud_image_api&, const cloud_image_api&) = default;
};

/// A cloud video API billed per minute of stream.
struct cloud_video_api {
    double price_per_minute = 0.0; ///< $ >= 0

    friend bool operator==(const cloud_video_api&, const cloud_video_api&) = default;
};

/// A workstation bought once, written off over `amortisation_period`, drawing `power_watts` on average.
struct on_premises_workstation {
    double purchase_price = 0.0;                        ///< $ >= 0
    double amortisation_period = 3.0 * 365.0 * 86400.0; ///< s > 0 (default three years)
    double power_watts = 0.0;                           ///< W >= 0, average draw while serving
    double electricity_price_per_kwh = 0.0;             ///< $/kWh >= 0
    double throughput = infinity;                       ///< inferences/s > 0 (+inf: one machine serves any stream)

    friend bool operator==(const on_premises_workstation&, const on_premises_workstation&) = default;
};

namespace detail {
inline void check_stream(const char* fn, double frames_per_second, double period) {
    offload::detail::require_non_negative(frames_per_second, fn, "frames_per_second");
    offload::detail::require_non_negative(period, fn, "period");
}
/// machines needed for a stream: ceil(F / throughput), at least 1
[[nodiscard]] inline double machines_for(double frames_per_second, double throughput) noexcept {
    return throughput == infinity ? 1.0 : std::max(1.0, std::ceil(frames_per_second / throughput));
}
} // namespace detail

/// $ per 1,000 inferences on a fully loaded instance
[[nodiscard]] inline double cost_per_1000_inferences(const cloud_instance& c) {
    constexpr const char* fn = "offload::planning::cost_per_1000_inferences";
    offload::detail::require_non_negative(c.price_per_hour, fn, "price_per_hour");
    offload::detail::require_positive(c.throughput, fn, "throughput");
    return 1000.0 * c.price_per_hour / (seconds_per_hour * c.throughput);
}
[[nodiscard]] inline double cost_per_1000_inferences(const cloud_image_api& c) {
    return offload::detail::require_non_negative(c.price_per_1000_images, "offload::planning::cost_per_1000_inferences",
                                                 "price_per_1000_images");
}

/// $ for a stream of `frames_per_second` over `period` seconds (e.g. seconds_per_31_day_month)
[[nodiscard]] inline double stream_cost(const cloud_instance& c, double frames_per_second, double period) {
    constexpr const char* fn = "offload::planning::stream_cost";
    detail::check_stream(fn, frames_per_second, period);
    offload::detail::require_non_negative(c.price_per_hour, fn, "price_per_hour");
    offload::detail::require_positive(c.throughput, fn, "throughput");
    return detail::machines_for(frames_per_second, c.throughput) * c.price_per_hour * period / seconds_per_hour;
}
[[nodiscard]] inline double stream_cost(const cloud_image_api& c, double frames_per_second, double period) {
    constexpr const char* fn = "offload::planning::stream_cost";
    detail::check_stream(fn, frames_per_second, period);
    offload::detail::require_non_negative(c.price_per_1000_images, fn, "price_per_1000_images");
    return frames_per_second * period * c.price_per_1000_images / 1000.0;
}
[[nodiscard]] inline double stream_cost(const cloud_video_api& c, double frames_per_second, double period) {
    constexpr const char* fn = "offload::planning::stream_cost";
    detail::check_stream(fn, frames_per_second, period);
    offload::detail::require_non_negative(c.price_per_minute, fn, "price_per_minute");
    return c.price_per_minute * period / 60.0;
}

/// The running (electricity) part of an on-premises stream: power * period * price
[[nodiscard]] inline double running_cost(const on_premises_workstation& w, double frames_per_second, double period) {
    constexpr const char* fn = "offload::planning::running_cost";
    detail::check_stream(fn, frames_per_second, period);
    offload::detail::require_non_negative(w.power_watts, fn, "power_watts");
    offload::detail::require_non_negative(w.electricity_price_per_kwh, fn, "electricity_price_per_kwh");
    if (!(w.throughput > 0.0)) offload::detail::throw_parameter_error(fn, "throughput", w.throughput, "must be > 0");
    return detail::machines_for(frames_per_second, w.throughput) * w.power_watts * period / 3.6e6 *
           w.electricity_price_per_kwh;
}

/// Amortised purchase plus electricity over `period`
[[nodiscard]] inline double stream_cost(const on_premises_workstation& w, double frames_per_second, double period) {
    constexpr const char* fn = "offload::planning::stream_cost";
    offload::detail::require_non_negative(w.purchase_price, fn, "purchase_price");
    offload::detail::require_positive(w.amortisation_period, fn, "amortisation_period");
    return running_cost(w, frames_per_second, period) +
           detail::machines_for(frames_per_second, w.throughput) * w.purchase_price * period / w.amortisation_period;
}

/// Months (of `month` seconds) after which buying `w` has cost less than renting at `rent_per_month` $ per
/// month: purchase / (rent - running cost per month); 0 for a free workstation, +inf when renting is cheaper
/// per month. The first whole month in which buying is ahead is ceil() of it.
[[nodiscard]] inline double break_even_months(const on_premises_workstation& w, double rent_per_month,
                                              double frames_per_second, double month = seconds_per_31_day_month) {
    constexpr const char* fn = "offload::planning::break_even_months";
    offload::detail::require_non_negative(rent_per_month, fn, "rent_per_month");
    offload::detail::require_positive(month, fn, "month");
    offload::detail::require_non_negative(w.purchase_price, fn, "purchase_price");
    const double purchase = detail::machines_for(frames_per_second, w.throughput) * w.purchase_price;
    const double saving = rent_per_month - running_cost(w, frames_per_second, month);
    if (purchase == 0.0) return 0.0;
    return saving > 0.0 ? purchase / saving : infinity;
}

} // namespace offload::planning
