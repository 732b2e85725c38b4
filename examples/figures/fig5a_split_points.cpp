// fig5a_split_points — seed 003 Fig. 5a: MobileNetV2 split between a Jetson Orin Nano (device) and an NVIDIA
// A2 (edge) over a 50 Mbit/s link (seed §4.6), compared with running it wholly on the device.
//
// Split points: offload's MobileNetV2 (zoo, torchvision layer by layer) and its split table (fp32 tensors, as
// the seed's TensorFlow runs); candidates are every cut where one tensor crosses (block boundaries) plus "all
// on the device", evaluated and chosen by offload::choose_split (device part M/D/1, edge M/G/1, NICs M/M/1).
// Service times: the hardware presets are roofline bounds, so each is scaled by one efficiency (compute and
// memory alike) so that the whole model takes the seed 003 scenario's service time on that processor (Orin
// Nano 9.5 ms, A2 5.49 ms; derived values, docs/pipelines.md); a cut's device/edge times are then the
// roofline shares of its layers. Request rate 2 req/s (seed §4.3; §4.6 gives none), result 4 kB.
// The seed evaluates three split points without naming them; SP1..SP3 here are the single-tensor cuts nearest
// to 75 %, 50 % and 25 % of the model's FLOPs on the device (progressively more offloaded).
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "figure_io.hpp"
#include "offload/decision/split_choice.hpp"
#include "offload/flops/hardware_presets.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/split_points.hpp"
#include "offload/flops/zoo.hpp"
#include "offload/pipelines/stage_defaults.hpp"

namespace {

/// `p` with every compute and memory efficiency set so that the model's latency equals `target_seconds`.
offload::dnn::hardware_profile calibrated(const offload::dnn::hardware_profile& p, const offload::dnn::split_table& t,
                                          double target_seconds) {
    const double roofline = offload::dnn::model_latency(p, t.costs());
    const double eta = roofline / target_seconds;
    if (!(eta > 0.0 && eta <= 1.0))
        throw std::runtime_error("calibration of " + p.name() + " needs an efficiency in (0, 1]");
    offload::dnn::hardware_spec s = p.spec();
    s.name += " (calibrated)";
    s.compute_efficiency = offload::dnn::uniform_values(eta);
    s.memory_efficiency = offload::dnn::uniform_values(eta);
    return offload::dnn::hardware_profile(s);
}

} // namespace

int main(int argc, char** argv) {
    using namespace offload;
    using namespace offload::dnn;
    const auto dir = figures::output_directory(argc, argv, "Seed 003 Fig. 5a: MobileNetV2 split points.");
    const scenario_workload& wl = figures::seed003_workload("mobilenet_v2");
    const model net = zoo::mobilenet_v2();
    const split_table table = split_points(net, dtype::fp32);
    const std::size_t n = table.size() - 1;
    const hardware_profile orin =
        calibrated(jetson_orin_nano(), table, figures::seed003_service(wl, "jetson_orin_nano"));
    const hardware_profile a2 = calibrated(nvidia_a2(), table, figures::seed003_service(wl, "nvidia_a2"));

    split_scenario s;
    s.arrival_rate = 2.0;
    s.bandwidth = megabits_per_second(50.0);
    s.result_bytes = wl.result_bytes;
    const decision d = choose_split(table, orin, a2, s); // default candidates: single-tensor cuts + all-local
    const double total = table[n].device_flops;
    const auto label = [&](std::size_t k) {
        return k == n ? std::string("on-device") : k == 0 ? std::string("input (full offload)") : net.node(k - 1).name;
    };

    // every candidate cut: mean and p99 vs the device's share of the FLOPs
    figures::csv_figure all;
    all.title = "MobileNetV2, Orin Nano + A2, 50 Mbit/s, 2 req/s: every single-tensor split point (Fig. 5a)";
    all.xlabel = "share of the model's FLOPs run on the device (%)";
    all.ylabel = "latency (ms; gap: unstable)";
    all.marker = "."; // one point per candidate cut
    all.yscale = "log";
    all.header = {"device_flops_percent", "split: mean", "split: p99", "on-device only: mean"};
    const option_prediction& local = d.options.back(); // cut n is the last candidate
    std::vector<std::size_t> cuts;                     // the candidate cuts, in the order of d.options
    for (const option_prediction& o : d.options) cuts.push_back(static_cast<std::size_t>(o.cut));
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        const split_point p = table[cuts[i]];
        all.add_row({figures::cell(100.0 * p.device_flops / total), figures::cell(d.options[i].mean * 1e3),
                     figures::cell(d.options[i].p99 * 1e3), figures::cell(local.mean * 1e3)});
    }
    all.write(dir, "fig5a_split_points_all");

    // the seed-style bar chart: on-device and three split points, mean latency term by term
    std::array<std::size_t, 3> sp{};
    for (std::size_t j = 0; j < sp.size(); ++j) {
        const double target = (0.75 - 0.25 * static_cast<double>(j)) * total;
        double best = infinity;
        for (std::size_t k : cuts)
            if (k > 0 && k < n && std::abs(table[k].device_flops - target) < best) {
                best = std::abs(table[k].device_flops - target);
                sp[j] = k;
            }
    }
    figures::csv_figure bars;
    bars.title = "MobileNetV2, Orin Nano + A2 at 50 Mbit/s: on-device vs split points (Fig. 5a)";
    bars.xlabel = "execution";
    bars.ylabel = "mean latency (ms)";
    bars.kind = "bar";
    bars.header = {"option", "device (wait + compute)", "network (waits + transfers)", "edge (wait + compute)"};
    std::printf("Fig. 5a, MobileNetV2 on Orin Nano + A2, 50 Mbit/s, 2 req/s (%zu layers, %zu candidate cuts):\n", n,
                cuts.size());
    std::printf("  %-24s %6s %9s %10s %10s %10s\n", "option", "cut", "dev FLOP%", "payload kB", "mean ms", "p99 ms");
    const network_link link(s.bandwidth);
    const std::array<std::size_t, 4> shown = {n, sp[0], sp[1], sp[2]};
    for (std::size_t j = 0; j < shown.size(); ++j) {
        const std::size_t k = shown[j];
        std::size_t i = 0;
        while (cuts[i] != k) ++i;
        const split_latency_estimate times = split_latency(orin, a2, table.costs(), k);
        latency_breakdown b;
        if (k == n) {
            b = breakdown(dnn_on_device(s.arrival_rate, service_demand{times.device_seconds, 0.0, 1.0}));
        } else {
            b = breakdown(dnn_split(s.arrival_rate, service_demand{times.device_seconds, 0.0, 1.0},
                                    service_demand{times.edge_seconds, 0.0, 1.0}, link,
                                    payload(table[k].payload_bytes, s.result_bytes)));
        }
        if (std::abs(b.total - d.options[i].mean) > 1e-9 * b.total)
            throw std::logic_error("breakdown and choose_split disagree");
        const std::string name = j == 0 ? std::string("on-device") : "SP" + std::to_string(j) + " " + label(k);
        bars.add_row({name, figures::cell((b.device_wait + b.device_service) * 1e3),
                      figures::cell((b.uplink_wait + b.uplink_transfer + b.downlink_wait + b.downlink_transfer) * 1e3),
                      figures::cell((b.remote_wait + b.remote_service) * 1e3)});
        std::printf("  %-24s %6zu %9.1f %10.1f %10.3f %10.3f\n", name.c_str(), k, 100.0 * table[k].device_flops / total,
                    table[k].payload_bytes / 1e3, d.options[i].mean * 1e3, d.options[i].p99 * 1e3);
    }
    bars.write(dir, "fig5a_split_points");
    const std::size_t chosen = cuts[d.chosen.index];
    double best_split = infinity;
    std::size_t best_cut = 0;
    for (std::size_t i = 0; i < cuts.size(); ++i)
        if (cuts[i] != n && d.options[i].mean < best_split) {
            best_split = d.options[i].mean;
            best_cut = cuts[i];
        }
    std::printf("  decision (lowest mean over all %zu candidates): %s (cut %zu, %.3f ms)\n", cuts.size(),
                label(chosen).c_str(), chosen, d.options[d.chosen.index].mean * 1e3);
    std::printf("  best split: after %s (cut %zu, %.3f ms, payload %.1f kB)\n", label(best_cut).c_str(), best_cut,
                best_split * 1e3, table[best_cut].payload_bytes / 1e3);
    std::printf("  (seed: on-device is faster than every split point; latency grows as more is offloaded)\n");
    return 0;
}
