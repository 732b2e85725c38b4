// benchmarks/calibrate_and_predict.cpp — calibrate a hardware_profile of this machine on the per-layer latencies
// of two torchvision models, then predict the whole-model latency of every other measured model.
//
//   calibrate_and_predict MEASUREMENTS.json [--calibrate a,b] [--profile-out P.json] [--markdown-out R.md]
//                         [--peak-flops F] [--bandwidth B] [--weighting absolute|relative]
//
// MEASUREMENTS.json is written by benchmarks/torch_measure.py. benchmarks/calibrate_and_predict.sh runs the
// whole experiment (measure, build this program, calibrate, predict) with one command.
//
// Prior profile: peak = 1 core x cpu MHz x 64 FLOPs/cycle (seed 001's cores x frequency x FLOPs per cycle;
// 64 = two 512-bit FMA pipes in fp32, which oneDNN uses on this CPU), raised to the measured 3x3-convolution
// FLOP/s when that is higher (the CPU boosts above the nominal clock /proc/cpuinfo reports); bandwidth = the
// measured copy bandwidth.
// Stage 1 fits efficiencies and per-layer overhead to the per-layer samples of the calibration models; stage
// 2 keeps the efficiencies and refits only the per-layer overhead to their whole-model latencies (which also
// pay the framework's per-module dispatch cost that per-node timing does not see).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/flops/calibration.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/model.hpp"
#include "offload/flops/zoo.hpp"
#include "offload/json/hardware_profile.hpp"

namespace {

struct measured_model {
    std::string name;
    std::vector<offload::dnn::layer_cost> layers;
    std::vector<double> layer_seconds;
    double whole_seconds = 0.0;
};

offload::dnn::op_class parse_class(const std::string& s) {
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c)
        if (offload::dnn::op_class_names[c] == s) return static_cast<offload::dnn::op_class>(c);
    throw std::runtime_error("unknown op class '" + s + "' in measurements");
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string fixed(double v, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    return buffer;
}

} // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: calibrate_and_predict MEASUREMENTS.json [--calibrate a,b] [--profile-out P.json] "
                     "[--markdown-out R.md] [--peak-flops F] [--bandwidth B] [--weighting absolute|relative]\n";
        return 2;
    }
    std::string measurements_path = argv[1];
    std::vector<std::string> calibration_names = {"resnet18", "mobilenet_v2"};
    std::string profile_out, markdown_out;
    double peak_override = 0.0, bandwidth_override = 0.0;
    std::string weighting = "absolute";
    for (int i = 2; i < argc; i += 2) {
        if (i + 1 == argc) throw std::runtime_error(std::string("option ") + argv[i] + " needs a value");
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--calibrate")
            calibration_names = split_commas(value);
        else if (flag == "--profile-out")
            profile_out = value;
        else if (flag == "--markdown-out")
            markdown_out = value;
        else if (flag == "--peak-flops")
            peak_override = std::stod(value);
        else if (flag == "--bandwidth")
            bandwidth_override = std::stod(value);
        else if (flag == "--weighting")
            weighting = value;
        else
            throw std::runtime_error("unknown option " + flag);
    }

    std::ifstream in(measurements_path);
    if (!in) throw std::runtime_error("cannot open " + measurements_path);
    const nlohmann::json doc = nlohmann::json::parse(in);
    std::vector<measured_model> models;
    for (const auto& m : doc.at("models")) {
        measured_model mm;
        mm.name = m.at("name").get<std::string>();
        mm.whole_seconds = m.at("whole_model_seconds").get<double>();
        for (const auto& l : m.at("layers")) {
            offload::dnn::layer_cost c;
            c.kind = parse_class(l.at("kind").get<std::string>());
            c.macs = l.at("macs").get<double>();
            c.flops = l.at("flops").get<double>();
            c.parameters = l.at("parameters").get<double>();
            c.weight_bytes = l.at("weight_bytes").get<double>();
            c.input_bytes = l.at("input_bytes").get<double>();
            c.output_bytes = l.at("output_bytes").get<double>();
            mm.layers.push_back(c);
            mm.layer_seconds.push_back(l.at("seconds").get<double>());
        }
        models.push_back(std::move(mm));
    }
    const auto& machine = doc.at("machine");
    const auto& probe = doc.at("probe");
    const double mhz = machine.value("cpu_mhz", 0.0);
    // The nominal clock understates a boosting CPU: the peak must not be below what a dense 3x3 convolution
    // demonstrably reaches, or every dense layer is "faster than peak" and its efficiency sticks at the bound 1.
    const double nominal_peak = offload::dnn::peak_flops_from_cores(1, mhz * 1e6, 64);
    const double conv_probe = probe.value("conv3x3_flops", 0.0);
    const bool probe_sets_peak = peak_override <= 0.0 && conv_probe > nominal_peak;
    const double peak = peak_override > 0.0 ? peak_override : std::max(nominal_peak, conv_probe);
    const double bandwidth = bandwidth_override > 0.0 ? bandwidth_override : probe.at("copy_bandwidth").get<double>();

    offload::dnn::hardware_spec prior_spec;
    prior_spec.name = "this machine, 1 thread (" + machine.value("cpu", std::string("cpu")) + ")";
    prior_spec.source =
        (peak_override > 0.0 ? "peak = --peak-flops " + fixed(peak / 1e9, 1) + " GFLOP/s"
                             : "peak = max(1 core x " + fixed(mhz, 0) +
                                   " MHz x 64 FLOPs/cycle (seed 001 method) = " + fixed(nominal_peak / 1e9, 1) +
                                   " GFLOP/s, measured 3x3 convolution " + fixed(conv_probe / 1e9, 1) + " GFLOP/s)" +
                                   (probe_sets_peak ? " -> the probe (the CPU boosts above its nominal clock)" : "")) +
        "; bandwidth = " + "measured 64 MiB copy (" + fixed(bandwidth / 1e9, 1) + " GB/s); torch " +
        machine.value("torch", std::string("?"));
    prior_spec.peak_fp32 = peak;
    prior_spec.memory_bandwidth = bandwidth;
    const offload::dnn::hardware_profile prior(prior_spec);

    // stage 1: per-layer samples of the calibration models
    std::vector<offload::dnn::calibration_sample> layer_samples, whole_samples;
    std::vector<const measured_model*> calibration_models;
    for (const auto& name : calibration_names) {
        const auto it = std::find_if(models.begin(), models.end(), [&](const auto& m) { return m.name == name; });
        if (it == models.end()) throw std::runtime_error("calibration model " + name + " not in measurements");
        calibration_models.push_back(&*it);
        for (std::size_t i = 0; i < it->layers.size(); ++i)
            if (it->layer_seconds[i] > 0.0)
                layer_samples.push_back(
                    {std::span(&it->layers[i], 1), it->layer_seconds[i], offload::dnn::dtype::fp32});
        whole_samples.push_back({it->layers, it->whole_seconds, offload::dnn::dtype::fp32});
    }
    offload::dnn::calibration_options stage1_options;
    if (weighting == "relative")
        stage1_options.weighting = offload::dnn::calibration_weighting::relative;
    else if (weighting == "absolute")
        stage1_options.weighting = offload::dnn::calibration_weighting::absolute;
    else
        throw std::runtime_error("--weighting must be absolute or relative");
    const auto stage1 = offload::dnn::calibrate(prior, layer_samples, stage1_options);
    offload::dnn::calibration_options overhead_only;
    overhead_only.fit_compute_efficiency = false;
    overhead_only.fit_memory_efficiency = false;
    const auto stage2 = offload::dnn::calibrate(stage1.profile, whole_samples, overhead_only);
    const offload::dnn::hardware_profile& calibrated = stage2.profile;

    if (!profile_out.empty()) {
        offload::dnn::write_hardware_profile(profile_out, calibrated);
        const auto reloaded = offload::dnn::read_hardware_profile(profile_out);
        if (reloaded.layer_overhead() != calibrated.layer_overhead())
            throw std::runtime_error("profile JSON round trip changed the overhead");
    }

    std::ostringstream md;
    md << "Machine: " << machine.value("cpu", std::string("?")) << ", " << machine.value("logical_cpus", 0)
       << " logical CPUs, torch " << machine.value("torch", std::string("?"))
       << ", 1 thread, clock = " << doc.value("clock", std::string("?")) << ", median of " << doc.value("rounds", 0)
       << " rounds; load average " << fixed(machine.at("loadavg_before").at(0).get<double>(), 2) << " before, "
       << fixed(machine.at("loadavg_after").at(0).get<double>(), 2) << " after; started "
       << machine.value("started_utc", std::string("?")) << ".\n\n";
    md << "Probes: sgemm " << fixed(probe.at("sgemm_flops").get<double>() / 1e9, 1) << " GFLOP/s, 3x3 conv "
       << fixed(probe.value("conv3x3_flops", 0.0) / 1e9, 1) << " GFLOP/s, copy " << fixed(bandwidth / 1e9, 1)
       << " GB/s. Prior peak " << fixed(peak / 1e9, 1) << " GFLOP/s (" << prior_spec.source << ").\n\n";
    md << "Calibrated on the per-layer samples of";
    for (const auto* m : calibration_models) md << ' ' << m->name << " (" << m->layers.size() << " layers)";
    md << ": " << layer_samples.size() << " samples, rms relative error per layer "
       << fixed(100.0 * stage1.fit.rms_relative_error, 1) << "%, " << stage1.regime_iterations
       << " NNLS fits. Per-layer overhead: " << fixed(stage1.profile.layer_overhead() * 1e6, 2)
       << " us from the layers, " << fixed(calibrated.layer_overhead() * 1e6, 2)
       << " us after refitting to the whole-model latencies.\n\n";
    md << "| op class | compute efficiency | memory efficiency |\n|---|---|---|\n";
    for (std::size_t c = 0; c < offload::dnn::op_class_count; ++c) {
        const auto cs = stage1.compute_status[c], ms = stage1.memory_status[c];
        if (cs != offload::dnn::fit_status::fitted && ms != offload::dnn::fit_status::fitted) continue;
        md << "| " << offload::dnn::op_class_names[c] << " | "
           << (cs == offload::dnn::fit_status::fitted ? fixed(calibrated.spec().compute_efficiency[c], 4) : "(prior 1)")
           << " | "
           << (ms == offload::dnn::fit_status::fitted ? fixed(calibrated.spec().memory_efficiency[c], 4) : "(prior 1)")
           << " |\n";
    }
    // per-class fit quality on the calibration layers (stage-1 profile)
    md << "\nPer-class fit on the calibration layers (stage 1):\n\n"
       << "| op class | layers | measured ms | predicted ms | rms relative error |\n|---|---|---|---|---|\n";
    {
        std::map<std::size_t, std::vector<std::size_t>> by_class;
        for (std::size_t i = 0; i < layer_samples.size(); ++i)
            by_class[static_cast<std::size_t>(layer_samples[i].layers[0].kind)].push_back(i);
        for (const auto& [c, rows] : by_class) {
            double measured = 0.0, predicted = 0.0, sq = 0.0;
            for (std::size_t i : rows) {
                measured += stage1.fit.measured_seconds[i];
                predicted += stage1.fit.predicted_seconds[i];
                sq += stage1.fit.relative_error[i] * stage1.fit.relative_error[i];
            }
            md << "| " << offload::dnn::op_class_names[c] << " | " << rows.size() << " | " << fixed(measured * 1e3, 2)
               << " | " << fixed(predicted * 1e3, 2) << " | "
               << fixed(100.0 * std::sqrt(sq / static_cast<double>(rows.size())), 1) << "% |\n";
        }
    }
    md << "\nNotes from calibrate():\n";
    for (const auto& n : stage1.notes)
        if (n.find("no sample exercises") == std::string::npos || n.find("compute_efficiency[attention]") == 0 ||
            n.find("memory_efficiency[attention]") == 0)
            md << "- " << n << "\n";
    md << "- (parameters of classes the calibration models do not contain keep their prior 1)\n\n";

    md << "| model | layers | GFLOPs | measured ms | predicted ms | error | roofline bound ms | FLOPs/peak ms |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    int within = 0, predicted_count = 0;
    double sum_abs = 0.0;
    for (const auto& m : models) {
        const bool is_calibration =
            std::find(calibration_names.begin(), calibration_names.end(), m.name) != calibration_names.end();
        const double predicted = offload::dnn::model_latency(calibrated, m.layers);
        const double bound = offload::dnn::model_latency(prior, m.layers);
        double total_flops = 0.0;
        for (const auto& l : m.layers) total_flops += l.flops;
        const double error = (predicted - m.whole_seconds) / m.whole_seconds;
        if (!is_calibration) {
            ++predicted_count;
            sum_abs += std::abs(error);
            if (std::abs(error) <= 0.15) ++within;
        }
        md << "| " << m.name << (is_calibration ? " (calibration)" : "") << " | " << m.layers.size() << " | "
           << fixed(total_flops / 1e9, 2) << " | " << fixed(m.whole_seconds * 1e3, 1) << " | "
           << fixed(predicted * 1e3, 1) << " | " << (error >= 0 ? "+" : "") << fixed(100.0 * error, 1) << "% | "
           << fixed(bound * 1e3, 1) << " | " << fixed(total_flops / peak * 1e3, 1) << " |\n";
    }
    // cross-check: the same calibrated profile on offload::dnn::zoo's own descriptions of three of the models
    md << "\nThe calibrated profile applied to `offload::dnn::zoo`'s layer descriptions (fp32, FLOPs = 2 MACs) "
          "instead of the traced ones:\n\n| zoo model | layers | GFLOPs | measured ms | predicted ms | error |\n"
          "|---|---|---|---|---|---|\n";
    const std::vector<std::pair<std::string, offload::dnn::model>> zoo_models = {
        {"resnet18", offload::dnn::zoo::resnet18()},
        {"mobilenet_v2", offload::dnn::zoo::mobilenet_v2()},
        {"resnet50", offload::dnn::zoo::resnet50()}};
    for (const auto& [zoo_name, zm] : zoo_models) {
        const auto it = std::find_if(models.begin(), models.end(), [&](const auto& m) { return m.name == zoo_name; });
        if (it == models.end()) continue;
        const auto costs = offload::dnn::layer_costs(zm, offload::dnn::dtype::fp32);
        double total_flops = 0.0;
        for (const auto& l : costs) total_flops += l.flops;
        const double predicted = offload::dnn::model_latency(calibrated, costs);
        const double error = (predicted - it->whole_seconds) / it->whole_seconds;
        md << "| " << zoo_name << " | " << costs.size() << " | " << fixed(total_flops / 1e9, 2) << " | "
           << fixed(it->whole_seconds * 1e3, 1) << " | " << fixed(predicted * 1e3, 1) << " | "
           << (error >= 0 ? "+" : "") << fixed(100.0 * error, 1) << "% |\n";
    }
    md << "\nPredicted models within +-15%: " << within << " of " << predicted_count << "; mean |error| "
       << fixed(100.0 * sum_abs / std::max(predicted_count, 1), 1) << "%.\n";
    std::cout << md.str();
    if (!markdown_out.empty()) {
        std::ofstream out(markdown_out);
        out << md.str();
        if (!out) throw std::runtime_error("cannot write " + markdown_out);
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << "calibrate_and_predict: " << e.what() << '\n';
    return 1;
}
