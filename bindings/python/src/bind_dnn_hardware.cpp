// Python bindings of hardware profiles and presets, and the latency estimates (per layer, per model, per split; vectorised sweeps).
#include "bind_dnn_common.hpp"
#include "enum_check.hpp"
#include "value_type.hpp"

using namespace offload::python::dnn_binding; // NOLINT: the shared helpers

namespace {

offload::dnn::hardware_profile make_profile(const std::string& name, double memory_bandwidth, double peak_fp32,
                                            double peak_fp16, double peak_int8, double layer_overhead,
                                            py::handle compute_efficiency, py::handle memory_efficiency,
                                            const std::string& source) {
    constexpr const char* fn = "offload::dnn::hardware_profile";
    offload::dnn::hardware_spec s;
    s.name = name;
    s.source = source;
    s.peak_fp32 = peak_fp32;
    s.peak_fp16 = peak_fp16;
    s.peak_int8 = peak_int8;
    s.memory_bandwidth = memory_bandwidth;
    s.layer_overhead = layer_overhead;
    s.compute_efficiency = to_efficiencies(compute_efficiency, fn, "compute_efficiency");
    s.memory_efficiency = to_efficiencies(memory_efficiency, fn, "memory_efficiency");
    return offload::dnn::hardware_profile(std::move(s));
}

/// A copy of the profile with the peak for type t, the bandwidth and the overhead replaced (source dropped
/// so that each point of a sweep does not copy a long string).
offload::dnn::hardware_profile with_figures(const offload::dnn::hardware_profile& p, offload::dnn::dtype t, double peak,
                                            double bw, double overhead) {
    offload::dnn::hardware_spec s = p.spec();
    s.source.clear();
    (t == offload::dnn::dtype::fp32 ? s.peak_fp32 : t == offload::dnn::dtype::fp16 ? s.peak_fp16 : s.peak_int8) = peak;
    s.memory_bandwidth = bw;
    s.layer_overhead = overhead;
    return offload::dnn::hardware_profile(std::move(s));
}

/// The array, or a 0-d array holding fallback.
arr array_or(const std::optional<arr>& a, double fallback) {
    return a ? *a : arr(std::vector<py::ssize_t>{}, &fallback);
}

void bind_hardware(py::module_& mod) {
    using optional_dtype = std::optional<offload::dnn::dtype>;
    const auto twice = offload::dnn::flops_convention::twice_macs;
    const auto fp32 = offload::dnn::dtype::fp32;

    py::class_<offload::dnn::hardware_profile>(
        mod, "HardwareProfile",
        "A device's roofline: peak FLOP/s per dtype (0 = not stated), memory bandwidth (bytes/s), per-layer "
        "overhead (s) and an efficiency in (0, 1] per OpClass for compute and for memory (None = all 1, a number "
        "= all equal, a dict {OpClass or name: value}, or 11 values). A layer takes "
        "max(FLOPs / (eta_c peak), bytes / (eta_m bandwidth)) + overhead.")
        .def(py::self == py::self)
        .def(py::init(&make_profile), py::arg("name"), py::arg("memory_bandwidth"), py::arg("peak_fp32") = 0.0,
             py::arg("peak_fp16") = 0.0, py::arg("peak_int8") = 0.0, py::arg("layer_overhead") = 0.0,
             py::arg("compute_efficiency") = py::none(), py::arg("memory_efficiency") = py::none(),
             py::arg("source") = "")
        .def_property_readonly("name", &offload::dnn::hardware_profile::name, "The profile's name.")
        .def_property_readonly("source", &offload::dnn::hardware_profile::source, "Where the figures come from.")
        .def_property_readonly(
            "peak_fp32", [](const offload::dnn::hardware_profile& p) { return p.spec().peak_fp32; },
            "Peak fp32 throughput, FLOP/s (0 = not stated).")
        .def_property_readonly(
            "peak_fp16", [](const offload::dnn::hardware_profile& p) { return p.spec().peak_fp16; },
            "Peak fp16 throughput, FLOP/s (0 = not stated).")
        .def_property_readonly(
            "peak_int8", [](const offload::dnn::hardware_profile& p) { return p.spec().peak_int8; },
            "Peak int8 throughput, OP/s (0 = not stated).")
        .def_property_readonly("memory_bandwidth", &offload::dnn::hardware_profile::memory_bandwidth,
                               "Memory bandwidth, bytes/s.")
        .def_property_readonly("layer_overhead", &offload::dnn::hardware_profile::layer_overhead,
                               "Seconds added to every executed layer (launch / dispatch cost), >= 0.")
        .def_property_readonly(
            "compute_efficiency",
            [](const offload::dnn::hardware_profile& p) { return efficiency_dict(p.spec().compute_efficiency); },
            "{op class name: eta_compute}.")
        .def_property_readonly(
            "memory_efficiency",
            [](const offload::dnn::hardware_profile& p) { return efficiency_dict(p.spec().memory_efficiency); },
            "{op class name: eta_memory}.")
        .def(
            "has_peak",
            [](const offload::dnn::hardware_profile& p, offload::dnn::dtype t) {
                return offload::dnn::has_peak(
                    p, offload::python::checked_enumerator(t, "offload::dnn::has_peak", "dtype"));
            },
            py::arg("dtype"), "True if the profile states a peak FLOP/s for this element type.")
        .def(
            "peak_flops",
            [](const offload::dnn::hardware_profile& p, offload::dnn::dtype t) {
                return offload::dnn::peak_flops(p, t);
            },
            py::arg("dtype") = fp32, "Peak FLOP/s for dtype; ValueError if the profile does not state it.")
        .def(
            "effective_flops",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c, offload::dnn::dtype t) {
                return offload::dnn::effective_flops(p, c, t);
            },
            py::arg("op_class"), py::arg("dtype") = fp32, "eta_compute[c] x peak[dtype].")
        .def(
            "effective_bandwidth",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c) {
                return offload::dnn::effective_bandwidth(p, c);
            },
            py::arg("op_class"), "eta_memory[c] x bandwidth.")
        .def(
            "ridge_intensity",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c, offload::dnn::dtype t) {
                return offload::dnn::ridge_intensity(p, c, t);
            },
            py::arg("op_class"), py::arg("dtype") = fp32,
            "Arithmetic intensity (FLOPs/byte) above which a class-c layer is compute-bound.")
        .def(
            "attainable_flops",
            [](const offload::dnn::hardware_profile& p, offload::dnn::op_class c, arr intensity,
               offload::dnn::dtype t) {
                return py::vectorize([&](double x) { return offload::dnn::attainable_flops(p, c, t, x); })(intensity);
            },
            py::arg("op_class"), py::arg("intensity"), py::arg("dtype") = fp32,
            "Roofline FLOP/s at arithmetic intensity (FLOPs/byte); vectorised over intensity.")
        .def(
            "replace",
            [](const offload::dnn::hardware_profile& p, const py::kwargs& kwargs) {
                offload::dnn::hardware_spec s = p.spec();
                constexpr const char* fn = "offload.HardwareProfile.replace";
                for (auto item : kwargs) {
                    const auto key = item.first.cast<std::string>();
                    const py::handle v = item.second;
                    if (key == "name")
                        s.name = to_text(v, fn, "name");
                    else if (key == "source")
                        s.source = to_text(v, fn, "source");
                    else if (key == "peak_fp32")
                        s.peak_fp32 = to_double(v, fn, key);
                    else if (key == "peak_fp16")
                        s.peak_fp16 = to_double(v, fn, key);
                    else if (key == "peak_int8")
                        s.peak_int8 = to_double(v, fn, key);
                    else if (key == "memory_bandwidth")
                        s.memory_bandwidth = to_double(v, fn, key);
                    else if (key == "layer_overhead")
                        s.layer_overhead = to_double(v, fn, key);
                    else if (key == "compute_efficiency")
                        s.compute_efficiency = to_efficiencies(v, fn, "compute_efficiency");
                    else if (key == "memory_efficiency")
                        s.memory_efficiency = to_efficiencies(v, fn, "memory_efficiency");
                    else
                        throw_parameter_error(fn, key.c_str(), std::string(py::repr(v)),
                                              "is not a HardwareProfile field");
                }
                return offload::dnn::hardware_profile(std::move(s));
            },
            "A copy with the given fields replaced (same keywords as the constructor), validated again.")
        .def(
            "to_json_text",
            [](const offload::dnn::hardware_profile& p, int indent) { return offload::dnn::to_json_text(p, indent); },
            py::arg("indent") = 2, "The profile as JSON text; indent in [-1, 16] (-1: one line).");
    using profile_t = offload::dnn::hardware_profile;
    offload::python::add_value_semantics(
        py::class_<profile_t>(mod.attr("HardwareProfile")), offload::python::frozen,
        [](const std::string& name, double memory_bandwidth, double peak_fp32, double peak_fp16, double peak_int8,
           double layer_overhead, const py::dict& compute_efficiency, const py::dict& memory_efficiency,
           const std::string& source) {
            return make_profile(name, memory_bandwidth, peak_fp32, peak_fp16, peak_int8, layer_overhead,
                                compute_efficiency, memory_efficiency, source);
        },
        offload::python::field("name", &profile_t::name),
        offload::python::field("memory_bandwidth", &profile_t::memory_bandwidth),
        offload::python::field("peak_fp32", [](const profile_t& p) { return p.spec().peak_fp32; }),
        offload::python::field("peak_fp16", [](const profile_t& p) { return p.spec().peak_fp16; }),
        offload::python::field("peak_int8", [](const profile_t& p) { return p.spec().peak_int8; }),
        offload::python::field("layer_overhead", &profile_t::layer_overhead),
        offload::python::field("compute_efficiency",
                               [](const profile_t& p) { return efficiency_dict(p.spec().compute_efficiency); }),
        offload::python::field("memory_efficiency",
                               [](const profile_t& p) { return efficiency_dict(p.spec().memory_efficiency); }),
        offload::python::field("source", &profile_t::source));

    mod.def(
        "peak_flops_from_cores",
        [](arr cores, arr frequency_hz, arr flops_per_cycle) {
            return py::vectorize([](double c, double f, double k) {
                constexpr const char* fn = "offload::dnn::peak_flops_from_cores";
                return offload::dnn::peak_flops_from_cores(offload::python::count_arg(c, 1, 1'000'000'000, fn, "cores"),
                                                           f, k);
            })(cores, frequency_hz, flops_per_cycle);
        },
        py::arg("cores"), py::arg("frequency_hz"), py::arg("flops_per_cycle"),
        "Seed 001 §III-C: peak FLOP/s = cores x frequency x FLOPs per cycle; vectorised.");

    std::vector<std::string> names(offload::dnn::hardware_preset_names.begin(),
                                   offload::dnn::hardware_preset_names.end());
    mod.attr("hardware_preset_names") = py::tuple(py::cast(names));
    mod.def(
        "hardware_preset", [](const std::string& id) { return offload::dnn::hardware_preset(id); }, py::arg("id"),
        "A preset by id (one of hardware_preset_names). Presets are roofline bounds: efficiencies 1, overhead 0.");
    py::module_ presets = mod.def_submodule("presets", "The devices of the seed papers (source() says where each "
                                                       "figure comes from). Roofline bounds: calibrate before "
                                                       "trusting absolute latencies.");
    presets.def("raspberry_pi_4b", &offload::dnn::raspberry_pi_4b, "Seed 001 end device: 192 GFLOPS fp32, 12.8 GB/s.");
    presets.def("xeon_8_core_cpu", &offload::dnn::xeon_8_core_cpu, "Seed 001 edge server: 563.2 GFLOPS.");
    presets.def("xeon_gold_5220_cpu", &offload::dnn::xeon_gold_5220_cpu, "Seed 001 cloud CPU: 1126.4 GFLOPS.");
    presets.def("rtx_2080_ti", &offload::dnn::rtx_2080_ti, "Seed 001 cloud GPU (RTX 2080 Ti): 110 TFLOPS fp16.");
    presets.def("jetson_tx2", &offload::dnn::jetson_tx2, "Seed 003 device: 1.3 TFLOPS fp16.");
    presets.def("jetson_orin_nano", &offload::dnn::jetson_orin_nano, "Seed 003 device: 2.6 TFLOPS fp16.");
    presets.def("nvidia_a2", &offload::dnn::nvidia_a2, "Seed 003 edge: 4.5 TFLOPS fp16.");
    presets.def("rtx_4070", &offload::dnn::rtx_4070, "Seed 003 edge: 29.1 TFLOPS fp16.");

    py::class_<offload::dnn::layer_latency_terms>(mod, "LayerLatencyTerms",
                                                  "One layer's estimate: compute and memory terms, overhead, total.")
        .def_readonly("compute_seconds", &offload::dnn::layer_latency_terms::compute_seconds,
                      "FLOPs / (eta_compute x peak), s.")
        .def_readonly("memory_seconds", &offload::dnn::layer_latency_terms::memory_seconds,
                      "Bytes / (eta_memory x bandwidth), s.")
        .def_readonly("overhead_seconds", &offload::dnn::layer_latency_terms::overhead_seconds,
                      "The profile's per-layer overhead, s.")
        .def_readonly("total_seconds", &offload::dnn::layer_latency_terms::total_seconds,
                      "max(compute, memory) + overhead, s.")
        .def_readonly("memory_bound", &offload::dnn::layer_latency_terms::memory_bound,
                      "True when memory_seconds > compute_seconds.");
    using terms_t = offload::dnn::layer_latency_terms;
    offload::python::add_value_semantics(py::class_<terms_t>(mod.attr("LayerLatencyTerms")), offload::python::frozen,
                                         offload::python::by_members,
                                         offload::python::field("compute_seconds", &terms_t::compute_seconds),
                                         offload::python::field("memory_seconds", &terms_t::memory_seconds),
                                         offload::python::field("overhead_seconds", &terms_t::overhead_seconds),
                                         offload::python::field("total_seconds", &terms_t::total_seconds),
                                         offload::python::field("memory_bound", &terms_t::memory_bound));

    py::class_<offload::dnn::split_latency_estimate>(mod, "SplitLatencyEstimate",
                                                     "Device part [0, split), edge part [split, n) and the payload.")
        .def_readonly("split", &offload::dnn::split_latency_estimate::split, "Number of layers executed on the device.")
        .def_readonly("device_seconds", &offload::dnn::split_latency_estimate::device_seconds,
                      "Service time of the device part, s.")
        .def_readonly("edge_seconds", &offload::dnn::split_latency_estimate::edge_seconds,
                      "Service time of the edge part, s.")
        .def_readonly("payload_bytes", &offload::dnn::split_latency_estimate::payload_bytes,
                      "Bytes sent from device to edge: the raw input at split 0, else the output of layer split - 1.");
    using estimate_t = offload::dnn::split_latency_estimate;
    offload::python::add_value_semantics(py::class_<estimate_t>(mod.attr("SplitLatencyEstimate")),
                                         offload::python::frozen, offload::python::by_members,
                                         offload::python::field("split", &estimate_t::split),
                                         offload::python::field("device_seconds", &estimate_t::device_seconds),
                                         offload::python::field("edge_seconds", &estimate_t::edge_seconds),
                                         offload::python::field("payload_bytes", &estimate_t::payload_bytes));

    mod.def(
        "layer_latency",
        [](const offload::dnn::hardware_profile& p, const offload::dnn::layer_cost& l, offload::dnn::dtype t) {
            return offload::dnn::layer_latency(p, l, t);
        },
        py::arg("profile"), py::arg("layer"), py::arg("dtype") = fp32,
        "Seconds for one execution of a layer: max(compute, memory) + overhead.");
    mod.def(
        "layer_latency_breakdown",
        [](const offload::dnn::hardware_profile& p, const offload::dnn::layer_cost& l, offload::dnn::dtype t) {
            return offload::dnn::layer_latency_breakdown(p, l, t);
        },
        py::arg("profile"), py::arg("layer"), py::arg("dtype") = fp32,
        "The terms of layer_latency (LayerLatencyTerms: compute and memory seconds, overhead, which one bounds).");
    mod.def(
        "model_latency",
        [](const offload::dnn::hardware_profile& p, py::object layers, optional_dtype t,
           offload::dnn::flops_convention c) {
            const auto r = resolve_layers(layers, t, c, "offload::dnn::model_latency");
            return offload::dnn::model_latency(p, r.costs, r.type);
        },
        py::arg("profile"), py::arg("layers"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
        "Seconds for one inference: the sum of the layers' estimates. layers: a Model (dtype default: the "
        "model's) or a sequence of LayerCost (dtype default fp32).");
    mod.def(
        "model_latency_sweep",
        [](const offload::dnn::hardware_profile& p, py::object layers, optional_dtype t, std::optional<arr> peak_flops,
           std::optional<arr> memory_bandwidth, std::optional<arr> layer_overhead, offload::dnn::flops_convention c) {
            const auto r = resolve_layers(layers, t, c, "offload::model_latency_sweep");
            const offload::dnn::dtype type = r.type;
            const auto& costs = r.costs;
            const double peak0 = p.peak_flops(type);
            auto f = py::vectorize([&](double peak, double bw, double overhead) {
                return offload::dnn::model_latency(with_figures(p, type, peak, bw, overhead), costs, type);
            });
            return f(array_or(peak_flops, peak0), array_or(memory_bandwidth, p.memory_bandwidth()),
                     array_or(layer_overhead, p.layer_overhead()));
        },
        py::arg("profile"), py::arg("layers"), py::arg("dtype") = py::none(), py::kw_only(),
        py::arg("peak_flops") = py::none(), py::arg("memory_bandwidth") = py::none(),
        py::arg("layer_overhead") = py::none(), py::arg("convention") = twice,
        "Vectorised model latency, s, with the profile's peak FLOP/s (for dtype), memory bandwidth and per-layer "
        "overhead replaced by arrays (numpy broadcasting; None keeps the profile's value). A frequency sweep is "
        "peak_flops=cores * frequencies * flops_per_cycle.");
    mod.def(
        "split_latency",
        [](const offload::dnn::hardware_profile& device, const offload::dnn::hardware_profile& edge, py::object layers,
           long long split, optional_dtype device_dtype, optional_dtype edge_dtype, offload::dnn::flops_convention c) {
            constexpr const char* fn = "offload::dnn::split_latency";
            if (split < 0) throw_parameter_error(fn, "split", static_cast<double>(split), "must be >= 0");
            const auto r = resolve_layers(layers, device_dtype, c, fn);
            return offload::dnn::split_latency(device, edge, r.costs, static_cast<std::size_t>(split), r.type,
                                               edge_dtype.value_or(r.type));
        },
        py::arg("device"), py::arg("edge"), py::arg("layers"), py::arg("split"), py::arg("device_dtype") = py::none(),
        py::arg("edge_dtype") = py::none(), py::arg("convention") = twice,
        "Device part (layers [0, split)), edge part ([split, n)) and the payload: the input of layer 0 for split "
        "0, the output of layer split - 1 otherwise (for a DAG cut use split_latencies, which counts every "
        "crossing tensor). The costs use device_dtype (edge_dtype defaults to it).");
    mod.def(
        "split_latencies",
        [](const offload::dnn::hardware_profile& device, const offload::dnn::hardware_profile& edge,
           const offload::dnn::model& model, optional_dtype device_dtype, optional_dtype edge_dtype,
           offload::dnn::flops_convention c) {
            offload::python::checked_enumerator(device_dtype, "offload::dnn::split_latencies", "device_dtype");
            offload::python::checked_enumerator(edge_dtype, "offload::dnn::split_latencies", "edge_dtype");
            const offload::dnn::dtype td = device_dtype.value_or(model.data_type());
            const offload::dnn::dtype te = edge_dtype.value_or(td);
            const offload::dnn::split_table table(model, td, c);
            const auto edge_costs = offload::dnn::layer_costs(model, te, c);
            const std::span<const offload::dnn::layer_cost> dev_costs = table.costs();
            const std::size_t n = model.size();
            const auto cuts = static_cast<py::ssize_t>(n + 1);
            arr dev(cuts), ed(cuts), payload(cuts), df(cuts), ef(cuts);
            py::array_t<std::int64_t> cut(cuts), tensors(cuts);
            // prefix sums of the per-layer estimates (each layer validated by layer_latency)
            double acc = 0.0;
            for (std::size_t k = 0; k <= n; ++k) {
                dev.mutable_at(static_cast<py::ssize_t>(k)) = acc;
                if (k < n) acc += offload::dnn::layer_latency(device, dev_costs[k], td);
            }
            acc = 0.0;
            for (std::size_t k = n + 1; k-- > 0;) {
                ed.mutable_at(static_cast<py::ssize_t>(k)) = acc;
                if (k > 0) acc += offload::dnn::layer_latency(edge, edge_costs[k - 1], te);
            }
            for (std::size_t k = 0; k <= n; ++k) {
                const auto p = table.at(k);
                const auto i = static_cast<py::ssize_t>(k);
                cut.mutable_at(i) = static_cast<std::int64_t>(k);
                payload.mutable_at(i) = p.payload_bytes;
                tensors.mutable_at(i) = static_cast<std::int64_t>(p.payload_tensors);
                df.mutable_at(i) = p.device_flops;
                ef.mutable_at(i) = p.edge_flops;
            }
            py::dict d;
            d["cut"] = cut;
            d["device_seconds"] = dev;
            d["edge_seconds"] = ed;
            d["payload_bytes"] = payload;
            d["payload_tensors"] = tensors;
            d["device_flops"] = df;
            d["edge_flops"] = ef;
            return d;
        },
        py::arg("device"), py::arg("edge"), py::arg("model"), py::arg("device_dtype") = py::none(),
        py::arg("edge_dtype") = py::none(), py::arg("convention") = twice,
        "Every cut of a model at once, as a dict of numpy arrays: cut, device_seconds, edge_seconds, "
        "payload_bytes (all tensors crossing the cut, in device_dtype), payload_tensors, device_flops, edge_flops. "
        "device_dtype defaults to the model's, edge_dtype to device_dtype.");
    mod.def(
        "model_service_demand",
        [](const offload::dnn::hardware_profile& p, py::object layers, optional_dtype t, double scv, double parallelism,
           offload::dnn::flops_convention c) {
            const auto r = resolve_layers(layers, t, c, "offload::dnn::model_service_demand");
            return offload::dnn::model_service_demand(p, r.costs, r.type, scv, parallelism);
        },
        py::arg("profile"), py::arg("layers"), py::arg("dtype") = py::none(), py::arg("scv") = 0.0,
        py::arg("parallelism") = 1.0, py::arg("convention") = twice,
        "The ServiceDemand of one inference on the profile (mean = model_latency), for the pipelines.");
}

} // namespace

void bind_dnn_hardware(py::module_& m) { bind_hardware(m); }
