// Tests for offload/planning/ml_jobs/serving_cost.hpp: seed 000 Table 1 recomputed from its unit prices.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "offload/planning/ml_jobs/serving_cost.hpp"

using namespace offload::planning;

TEST_CASE("Seed 000 Table 1 from its unit prices, 31-day month, one stream at 1 frame/s", "[planning][serving_cost]") {
    const double month = seconds_per_31_day_month;
    CHECK(month == 744.0 * 3600.0);
    // AWS p3.2xlarge, $3.06/h: 2276.64 (Table 1: $2277)
    CHECK(stream_cost(cloud_instance{3.06, 10.0}, 1.0, month) == Approx(2276.64).epsilon(1e-12));
    // Rekognition Video, $0.1/min: 4464 (Table 1: $4464)
    CHECK(stream_cost(cloud_video_api{0.1}, 1.0, month) == Approx(4464.0).epsilon(1e-12));
    // Rekognition Image, $0.4 / 1000 images at 1 FPS: 1071.36 (Table 1: $1071)
    CHECK(stream_cost(cloud_image_api{0.4}, 1.0, month) == Approx(1071.36).epsilon(1e-12));
    // GCP Vision, $1.5 / 1000 images: 4017.6 (Table 1: $4017 — truncated, where $2277 was rounded up)
    CHECK(stream_cost(cloud_image_api{1.5}, 1.0, month) == Approx(4017.6).epsilon(1e-12));
    // workstation, 500 W at $0.2/kWh: 74.40 per 31-day month (Table 1: $75 — would need 750 h)
    const on_premises_workstation rtx{5000.0, 36.0 * month, 500.0, 0.2};
    CHECK(running_cost(rtx, 1.0, month) == Approx(74.4).epsilon(1e-12));
    CHECK(running_cost(rtx, 1.0, 750.0 * 3600.0) == Approx(75.0).epsilon(1e-12));
    CHECK(stream_cost(rtx, 1.0, month) == Approx(5000.0 / 36.0 + 74.4).epsilon(1e-12));
    // break-even against the instance: 5000 / (2276.64 - 74.4) = 2.27 months, so the third month
    CHECK(break_even_months(rtx, 2276.64, 1.0) == Approx(5000.0 / 2202.24).epsilon(1e-12));
    CHECK(std::ceil(break_even_months(rtx, 1071.36, 1.0)) == 6.0);
    CHECK(break_even_months(rtx, 50.0, 1.0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("Per-inference cost, capacity and bad prices", "[planning][serving_cost]") {
    CHECK(cost_per_1000_inferences(cloud_instance{3.6, 10.0}) == Approx(0.1));
    CHECK(cost_per_1000_inferences(cloud_image_api{0.4}) == 0.4);
    // 25 frames/s on instances sustaining 10/s: three instances
    CHECK(stream_cost(cloud_instance{1.0, 10.0}, 25.0, 3600.0) == Approx(3.0));
    CHECK(stream_cost(cloud_image_api{1.0}, 0.0, 3600.0) == 0.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(stream_cost(cloud_instance{-3.06, 10.0}, 1.0, 1.0),
                      "offload: offload::planning::stream_cost: parameter 'price_per_hour' = -3.0600000000000001 is "
                      "invalid: must be finite and >= 0");
    CHECK_THROWS_WITH(stream_cost(cloud_image_api{nan}, 1.0, 1.0), Catch::Contains("'price_per_1000_images' = nan"));
    CHECK_THROWS_WITH(stream_cost(cloud_video_api{-0.1}, 1.0, 1.0), Catch::Contains("'price_per_minute' = -0.1"));
    CHECK_THROWS_WITH(stream_cost(cloud_instance{1.0, 0.0}, 1.0, 1.0), Catch::Contains("'throughput' = 0"));
    CHECK_THROWS_WITH(stream_cost(on_premises_workstation{-1.0}, 1.0, 1.0), Catch::Contains("'purchase_price' = -1"));
    CHECK_THROWS_WITH(stream_cost(on_premises_workstation{1.0, 0.0}, 1.0, 1.0),
                      Catch::Contains("'amortisation_period' = 0"));
    CHECK_THROWS_WITH(running_cost(on_premises_workstation{1.0, 1.0, 500.0, -0.2}, 1.0, 1.0),
                      Catch::Contains("'electricity_price_per_kwh' = -0.2"));
    CHECK_THROWS_WITH(stream_cost(cloud_image_api{1.0}, -1.0, 1.0), Catch::Contains("'frames_per_second' = -1"));
    CHECK_THROWS_WITH(break_even_months(on_premises_workstation{}, nan, 1.0),
                      Catch::Contains("'rent_per_month' = nan"));
}
