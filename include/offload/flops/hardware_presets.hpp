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
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"

namespace offload {

/// Seed 001, end device: Raspberry Pi 4B, 4 Broadcom (Cortex-A72) cores at 1.5 GHz; Table III gives 192 GFLOPS,
/// i.e. 4 x 1.5 GHz x 32 FLOPs/cycle. Memory: the Pi 4B's 32-bit LPDDR4-3200 (vendor spec) = 12.8 GB/s peak.
inline hardware_profile raspberry_pi_4b() {
    return hardware_profile(hardware_spec{
        .name = "Raspberry Pi 4B (CPU)",
        .source = "seed 001 §VII / Table III: 4 cores x 1.5 GHz x 32 FLOPs/cycle = 192 GFLOPS (fp32 assumed; the "
                  "paper names no element type); memory bandwidth 12.8 GB/s from the vendor's LPDDR4-3200 "
                  "32-bit bus, not from the seed; fp16/int8 not stated",
        .peak_fp32 = peak_flops_from_cores(4, 1.5e9, 32),
        .memory_bandwidth = 12.8e9,
    });
}

/// Seed 001, edge server CPU: 8 Xeon cores at 2.2 GHz, Table III 563.2 GFLOPS (8 x 2.2 GHz x 32).
/// Memory: six channels of DDR4-2666 (Intel's spec for the Xeon Gold/Silver 52xx family) = 128 GB/s.
inline hardware_profile seed001_edge_server_cpu() {
    return hardware_profile(hardware_spec{
        .name = "seed 001 edge server (8-core Xeon CPU)",
        .source = "seed 001 §VII / Table III: 8 cores x 2.2 GHz x 32 FLOPs/cycle = 563.2 GFLOPS (fp32 assumed); "
                  "memory bandwidth 128 GB/s = 6 x DDR4-2666 from Intel's Xeon Scalable (2nd gen) spec, not "
                  "from the seed; the seed's 8 GB of RAM may populate fewer channels",
        .peak_fp32 = peak_flops_from_cores(8, 2.2e9, 32),
        .memory_bandwidth = 128.0e9,
    });
}

/// Seed 001, cloud server CPU: 16 Xeon Gold 5220 cores at 2.2 GHz, Table III 1126.4 GFLOPS (16 x 2.2 x 32).
inline hardware_profile seed001_cloud_server_cpu() {
    return hardware_profile(hardware_spec{
        .name = "seed 001 cloud server (16-core Xeon Gold 5220 CPU)",
        .source = "seed 001 §VII / Table III: 16 cores x 2.2 GHz x 32 FLOPs/cycle = 1126.4 GFLOPS (fp32 "
                  "assumed); memory bandwidth 128 GB/s = 6 x DDR4-2666 from Intel's Xeon Gold 5220 spec, not "
                  "from the seed",
        .peak_fp32 = peak_flops_from_cores(16, 2.2e9, 32),
        .memory_bandwidth = 128.0e9,
    });
}

/// Seed 001, cloud server GPU: GeForce RTX 2080 Ti (4352 CUDA cores). Table III states 110 TFLOPS, which
/// matches the card's fp16 tensor-core peak, so it is stored as fp16; fp32 (4352 x 1.545 GHz x 2 = 13.45
/// TFLOPS) and the 616 GB/s GDDR6 bandwidth are NVIDIA's specification, not the seed's.
inline hardware_profile seed001_cloud_server_gpu() {
    return hardware_profile(hardware_spec{
        .name = "seed 001 cloud server (GeForce RTX 2080 Ti GPU)",
        .source = "seed 001 §VII / Table III: 110 TFLOPS (stored as fp16: it matches the tensor-core fp16 "
                  "peak); fp32 13.45 TFLOPS (4352 CUDA cores x 1.545 GHz boost x 2) and 616 GB/s memory "
                  "bandwidth from NVIDIA's RTX 2080 Ti specification, not from the seed",
        .peak_fp32 = 13.45e12,
        .peak_fp16 = 110.0e12,
        .memory_bandwidth = 616.0e9,
    });
}

/// Seed 003 §4.1: NVIDIA Jetson TX2, 1.3 TFLOPS peak fp16. fp32 = 256 CUDA cores x 1.3 GHz x 2 = 0.666 TFLOPS
/// and 59.7 GB/s (128-bit LPDDR4) from NVIDIA's module datasheet.
inline hardware_profile jetson_tx2() {
    return hardware_profile(hardware_spec{
        .name = "NVIDIA Jetson TX2 (GPU)",
        .source = "seed 003 §4.1 / Table 1: 1.3 TFLOPS peak fp16; fp32 0.666 TFLOPS (256 CUDA cores x 1.3 GHz "
                  "x 2) and 59.7 GB/s LPDDR4 bandwidth from NVIDIA's Jetson TX2 datasheet, not from the seed",
        .peak_fp32 = 0.666e12,
        .peak_fp16 = 1.3e12,
        .memory_bandwidth = 59.7e9,
    });
}

/// Seed 003 §4.1: NVIDIA Jetson Orin Nano (8 GB), 2.6 TFLOPS peak fp16. fp32 = 1024 CUDA cores x 625 MHz x
/// 2 = 1.28 TFLOPS and 68 GB/s (128-bit LPDDR5) from NVIDIA's developer-kit specification.
inline hardware_profile jetson_orin_nano() {
    return hardware_profile(hardware_spec{
        .name = "NVIDIA Jetson Orin Nano (GPU)",
        .source = "seed 003 §4.1 / Table 1: 2.6 TFLOPS peak fp16; fp32 1.28 TFLOPS (1024 CUDA cores x 625 MHz "
                  "x 2) and 68 GB/s LPDDR5 bandwidth from NVIDIA's Orin Nano 8 GB specification, not from the "
                  "seed",
        .peak_fp32 = 1.28e12,
        .peak_fp16 = 2.6e12,
        .memory_bandwidth = 68.0e9,
    });
}

/// Seed 003 §4.1: NVIDIA A2 (edge server GPU), 4.5 TFLOPS peak fp16 (non-tensor; equal to its fp32 peak).
/// 200 GB/s GDDR6 from NVIDIA's A2 datasheet.
inline hardware_profile nvidia_a2() {
    return hardware_profile(hardware_spec{
        .name = "NVIDIA A2 (GPU)",
        .source = "seed 003 §4.1 / Table 1: 4.5 TFLOPS peak fp16; fp32 4.5 TFLOPS and 200 GB/s GDDR6 bandwidth "
                  "from NVIDIA's A2 datasheet, not from the seed (its tensor-core fp16 peak, 18 TFLOPS dense, is "
                  "not used)",
        .peak_fp32 = 4.5e12,
        .peak_fp16 = 4.5e12,
        .memory_bandwidth = 200.0e9,
    });
}

/// Seed 003 §4.1: NVIDIA GeForce RTX 4070 (edge server GPU), 29.1 TFLOPS peak fp16 (non-tensor; equal to its
/// fp32 peak, 5888 CUDA cores x 2.475 GHz x 2). 504 GB/s GDDR6X from NVIDIA's specification.
inline hardware_profile rtx_4070() {
    return hardware_profile(hardware_spec{
        .name = "NVIDIA GeForce RTX 4070 (GPU)",
        .source = "seed 003 §4.1: 29.1 TFLOPS peak fp16; fp32 29.1 TFLOPS (5888 CUDA cores x 2.475 GHz x 2) "
                  "and 504 GB/s GDDR6X bandwidth from NVIDIA's RTX 4070 specification, not from the seed",
        .peak_fp32 = 29.1e12,
        .peak_fp16 = 29.1e12,
        .memory_bandwidth = 504.0e9,
    });
}

/// Preset names accepted by hardware_preset(), in order.
inline constexpr std::array<std::string_view, 8> hardware_preset_names = {
    "raspberry_pi_4b", "seed001_edge_server_cpu", "seed001_cloud_server_cpu", "seed001_cloud_server_gpu",
    "jetson_tx2",      "jetson_orin_nano",        "nvidia_a2",                "rtx_4070"};

/// A preset by its identifier (one of hardware_preset_names); parameter_error for any other name.
inline hardware_profile hardware_preset(std::string_view id) {
    if (id == "raspberry_pi_4b") return raspberry_pi_4b();
    if (id == "seed001_edge_server_cpu") return seed001_edge_server_cpu();
    if (id == "seed001_cloud_server_cpu") return seed001_cloud_server_cpu();
    if (id == "seed001_cloud_server_gpu") return seed001_cloud_server_gpu();
    if (id == "jetson_tx2") return jetson_tx2();
    if (id == "jetson_orin_nano") return jetson_orin_nano();
    if (id == "nvidia_a2") return nvidia_a2();
    if (id == "rtx_4070") return rtx_4070();
    detail::throw_parameter_error("offload::hardware_preset", "id", "\"" + std::string(id) + "\"",
                                  "must be one of offload::hardware_preset_names");
}

} // namespace offload
