// offload/flops/hardware_presets.hpp — the devices of the seed papers as hardware_profiles.
//
// Peak figures are the papers' own; where a paper lacks a figure the profile needs (memory bandwidth, an
// element type the paper does not state), the vendor's public specification is used and the profile's
// source() says so. All presets have efficiencies 1 and overhead 0, i.e. they are *roofline bounds*
// (optimistic); calibrate them (offload/flops/calibration.hpp) before trusting absolute latencies.
//
//   seed 001: Hao, Zhan, Hwang, Gao, Wen, "AI-oriented Workload Allocation for Cloud-Edge Computing",
//             §III-C (FLOPS = cores x frequency x FLOPs/cycle), §VII and Table III.
//   seed 003: Ng, Irwin et al., "To Offload or Not To Offload: Model-driven Comparison of Edge-native and
//             On-device Processing In the Era of Accelerators", Table 1 and §4.1 (peak FP16 throughput).
//
// The figures are one table (detail::hardware_preset_table) built by one function; the named functions
// below and hardware_preset(id) return rows of it.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"

namespace offload::dnn {

namespace detail {

/// One preset's figures: FLOP/s per element type (0 = not stated), bytes/s, and where they come from.
struct hardware_preset_figures {
    std::string_view id;
    std::string_view name;
    std::string_view source;
    double peak_fp32;
    double peak_fp16;
    double memory_bandwidth;
};

/// Seed 001 §III-C in a constant expression: cores x frequency x FLOPs/cycle (peak_flops_from_cores checks
/// its arguments at run time; the table's are fixed).
constexpr double cores_x_frequency_x_flops(double cores, double frequency_hz, double flops_per_cycle) {
    return cores * frequency_hz * flops_per_cycle;
}

inline constexpr std::array<hardware_preset_figures, 8> hardware_preset_table = {{
    // Seed 001, end device: 4 Broadcom (Cortex-A72) cores at 1.5 GHz; Table III gives 192 GFLOPS. Memory: the
    // Pi 4B's 32-bit LPDDR4-3200 (vendor spec) = 12.8 GB/s peak.
    {"raspberry_pi_4b", "Raspberry Pi 4B (CPU)",
     "seed 001 §VII / Table III: 4 cores x 1.5 GHz x 32 FLOPs/cycle = 192 GFLOPS (fp32 assumed; the "
     "paper names no element type); memory bandwidth 12.8 GB/s from the vendor's LPDDR4-3200 "
     "32-bit bus, not from the seed; fp16/int8 not stated",
     cores_x_frequency_x_flops(4, 1.5e9, 32), 0.0, 12.8e9},
    // Seed 001, edge server CPU: 8 Xeon cores at 2.2 GHz, Table III 563.2 GFLOPS. Memory: six channels of
    // DDR4-2666 (Intel's spec for the Xeon Gold/Silver 52xx family) = 128 GB/s.
    {"xeon_8_core_cpu", "seed 001 edge server (8-core Xeon CPU)",
     "seed 001 §VII / Table III: 8 cores x 2.2 GHz x 32 FLOPs/cycle = 563.2 GFLOPS (fp32 assumed); "
     "memory bandwidth 128 GB/s = 6 x DDR4-2666 from Intel's Xeon Scalable (2nd gen) spec, not "
     "from the seed; the seed's 8 GB of RAM may populate fewer channels",
     cores_x_frequency_x_flops(8, 2.2e9, 32), 0.0, 128.0e9},
    // Seed 001, cloud server CPU: 16 Xeon Gold 5220 cores at 2.2 GHz, Table III 1126.4 GFLOPS.
    {"xeon_gold_5220_cpu", "seed 001 cloud server (16-core Xeon Gold 5220 CPU)",
     "seed 001 §VII / Table III: 16 cores x 2.2 GHz x 32 FLOPs/cycle = 1126.4 GFLOPS (fp32 "
     "assumed); memory bandwidth 128 GB/s = 6 x DDR4-2666 from Intel's Xeon Gold 5220 spec, not "
     "from the seed",
     cores_x_frequency_x_flops(16, 2.2e9, 32), 0.0, 128.0e9},
    // Seed 001, cloud server GPU: GeForce RTX 2080 Ti (4352 CUDA cores). Table III's 110 TFLOPS matches the
    // card's fp16 tensor-core peak, so it is stored as fp16; fp32 and bandwidth are NVIDIA's.
    {"rtx_2080_ti", "seed 001 cloud server (GeForce RTX 2080 Ti GPU)",
     "seed 001 §VII / Table III: 110 TFLOPS (stored as fp16: it matches the tensor-core fp16 "
     "peak); fp32 13.45 TFLOPS (4352 CUDA cores x 1.545 GHz boost x 2) and 616 GB/s memory "
     "bandwidth from NVIDIA's RTX 2080 Ti specification, not from the seed",
     13.45e12, 110.0e12, 616.0e9},
    // Seed 003 §4.1: Jetson TX2, 1.3 TFLOPS fp16; fp32 and 128-bit LPDDR4 bandwidth from NVIDIA's datasheet.
    {"jetson_tx2", "NVIDIA Jetson TX2 (GPU)",
     "seed 003 §4.1 / Table 1: 1.3 TFLOPS peak fp16; fp32 0.666 TFLOPS (256 CUDA cores x 1.3 GHz "
     "x 2) and 59.7 GB/s LPDDR4 bandwidth from NVIDIA's Jetson TX2 datasheet, not from the seed",
     0.666e12, 1.3e12, 59.7e9},
    // Seed 003 §4.1: Jetson Orin Nano (8 GB), 2.6 TFLOPS fp16; fp32 and 128-bit LPDDR5 bandwidth from NVIDIA.
    {"jetson_orin_nano", "NVIDIA Jetson Orin Nano (GPU)",
     "seed 003 §4.1 / Table 1: 2.6 TFLOPS peak fp16; fp32 1.28 TFLOPS (1024 CUDA cores x 625 MHz "
     "x 2) and 68 GB/s LPDDR5 bandwidth from NVIDIA's Orin Nano 8 GB specification, not from the "
     "seed",
     1.28e12, 2.6e12, 68.0e9},
    // Seed 003 §4.1: NVIDIA A2 (edge GPU), 4.5 TFLOPS fp16 (non-tensor; equal to fp32); GDDR6 from NVIDIA.
    {"nvidia_a2", "NVIDIA A2 (GPU)",
     "seed 003 §4.1 / Table 1: 4.5 TFLOPS peak fp16; fp32 4.5 TFLOPS and 200 GB/s GDDR6 bandwidth "
     "from NVIDIA's A2 datasheet, not from the seed (its tensor-core fp16 peak, 18 TFLOPS dense, is "
     "not used)",
     4.5e12, 4.5e12, 200.0e9},
    // Seed 003 §4.1: GeForce RTX 4070 (edge GPU), 29.1 TFLOPS fp16 (non-tensor; equal to fp32); GDDR6X.
    {"rtx_4070", "NVIDIA GeForce RTX 4070 (GPU)",
     "seed 003 §4.1: 29.1 TFLOPS peak fp16; fp32 29.1 TFLOPS (5888 CUDA cores x 2.475 GHz x 2) "
     "and 504 GB/s GDDR6X bandwidth from NVIDIA's RTX 4070 specification, not from the seed",
     29.1e12, 29.1e12, 504.0e9},
}};

/// The one builder: efficiencies 1, overhead 0 (a roofline bound), int8 not stated.
inline hardware_profile build_preset(const hardware_preset_figures& f) {
    return hardware_profile(hardware_spec{
        .name = std::string(f.name),
        .source = std::string(f.source),
        .peak_fp32 = f.peak_fp32,
        .peak_fp16 = f.peak_fp16,
        .memory_bandwidth = f.memory_bandwidth,
    });
}

constexpr std::array<std::string_view, hardware_preset_table.size()> preset_ids() {
    std::array<std::string_view, hardware_preset_table.size()> ids{};
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = hardware_preset_table[i].id;
    return ids;
}

} // namespace detail

/// Preset names accepted by hardware_preset(), in order.
inline constexpr std::array<std::string_view, 8> hardware_preset_names = detail::preset_ids();

/// A preset by its identifier (one of hardware_preset_names); parameter_error for any other name.
inline hardware_profile hardware_preset(std::string_view id) {
    for (const detail::hardware_preset_figures& f : detail::hardware_preset_table)
        if (f.id == id) return detail::build_preset(f);
    offload::detail::throw_parameter_error("offload::dnn::hardware_preset", "id", "\"" + std::string(id) + "\"",
                                           "must be one of offload::dnn::hardware_preset_names");
}

/// Seed 001, end device: Raspberry Pi 4B, 4 cores x 1.5 GHz x 32 FLOPs/cycle = 192 GFLOPS; 12.8 GB/s (vendor).
inline hardware_profile raspberry_pi_4b() { return hardware_preset("raspberry_pi_4b"); }
/// Seed 001, edge server CPU: 8 Xeon cores x 2.2 GHz x 32 = 563.2 GFLOPS; 128 GB/s (Intel).
inline hardware_profile xeon_8_core_cpu() { return hardware_preset("xeon_8_core_cpu"); }
/// Seed 001, cloud server CPU: 16 Xeon Gold 5220 cores x 2.2 GHz x 32 = 1126.4 GFLOPS; 128 GB/s (Intel).
inline hardware_profile xeon_gold_5220_cpu() { return hardware_preset("xeon_gold_5220_cpu"); }
/// Seed 001, cloud server GPU: RTX 2080 Ti, 110 TFLOPS stored as fp16; fp32 13.45 TFLOPS, 616 GB/s (NVIDIA).
inline hardware_profile rtx_2080_ti() { return hardware_preset("rtx_2080_ti"); }
/// Seed 003 §4.1: Jetson TX2, 1.3 TFLOPS fp16; fp32 0.666 TFLOPS, 59.7 GB/s (NVIDIA).
inline hardware_profile jetson_tx2() { return hardware_preset("jetson_tx2"); }
/// Seed 003 §4.1: Jetson Orin Nano (8 GB), 2.6 TFLOPS fp16; fp32 1.28 TFLOPS, 68 GB/s (NVIDIA).
inline hardware_profile jetson_orin_nano() { return hardware_preset("jetson_orin_nano"); }
/// Seed 003 §4.1: NVIDIA A2, 4.5 TFLOPS fp16 (= fp32); 200 GB/s (NVIDIA).
inline hardware_profile nvidia_a2() { return hardware_preset("nvidia_a2"); }
/// Seed 003 §4.1: GeForce RTX 4070, 29.1 TFLOPS fp16 (= fp32); 504 GB/s (NVIDIA).
inline hardware_profile rtx_4070() { return hardware_preset("rtx_4070"); }

} // namespace offload::dnn
