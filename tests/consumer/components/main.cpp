// Built against an installed offload with the opt-in components:
// find_package(offload CONFIG REQUIRED COMPONENTS json calibration).
#include <cstdio>

#include <offload/flops/calibration.hpp>     // opt-in: needs Eigen (offload::calibration)
#include <offload/flops/zoo.hpp>             // opt-in, no extra dependency
#include <offload/json/hardware_profile.hpp> // opt-in: needs nlohmann_json (offload::json)
#include <offload/offload.hpp>

int main() {
    const offload::dnn::calibration_options options{};
    const nlohmann::json j = nlohmann::json::parse(R"({"peak_fp32": 1.0e12})");
    const offload::dnn::model m = offload::dnn::zoo::mobilenet_v2();
    std::printf("components: %zu layers, max_regime_iterations %d, peak %g\n", m.size(), options.max_regime_iterations,
                j.at("peak_fp32").get<double>());
    return (m.size() > 100 && options.max_regime_iterations > 0) ? 0 : 1;
}
