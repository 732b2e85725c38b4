// offload/flops/split_points.hpp — where a model can be split between the device and the edge, and what each
// split costs on either side and on the wire.
//
// Cut k (0 <= k <= N, N = number of layers) runs layers [0, k) of the model's topological order (the order
// the layers were added) on the device and layers [k, N) at the edge. The payload is every tensor produced
// on the device side (the model input counts as produced there) that some edge-side layer reads; their bytes
// are summed (multi-tensor cuts are allowed: inside an Inception block or across a residual connection
// several tensors cross). Cut 0 sends the input; cut N runs everything on the device and sends nothing.
// single_tensor_cuts() lists the cuts where exactly one tensor crosses (block boundaries).
//
// Everything is computed once in O(N) when the split_table is built; split_point values are views into the
// table (their spans stay valid while the table lives). split_latency(device, edge, table, cut) turns a cut into
// device and edge service times with the table's payload (use it, not the layer-span overload, for DAGs).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/flops/hardware_profile.hpp"
#include "offload/flops/latency_estimate.hpp"
#include "offload/flops/layer_cost.hpp"
#include "offload/flops/model.hpp"

namespace offload::dnn {

struct split_point {
    std::size_t cut = 0; ///< layers [0, cut) on the device, [cut, N) at the edge
    double device_macs = 0.0;
    double edge_macs = 0.0;
    double device_flops = 0.0; ///< under the table's flops_convention
    double edge_flops = 0.0;
    double payload_bytes = 0.0;                ///< bytes of all tensors crossing the cut (table's dtype)
    std::size_t payload_tensors = 0;           ///< how many tensors cross (0 only at cut N)
    std::span<const layer_cost> device_layers; ///< costs of layers [0, cut)
    std::span<const layer_cost> edge_layers;   ///< costs of layers [cut, N)
};

class split_table {
public:
    split_table(const model& m, dtype type, flops_convention convention = flops_convention::twice_macs)
        : type_(type), convention_(convention), costs_(layer_costs(m, type, convention)) {
        const std::size_t n = m.size();
        prefix_macs_.assign(n + 1, 0.0);
        prefix_flops_.assign(n + 1, 0.0);
        payload_.assign(n + 2, 0.0);
        tensors_.assign(n + 2, 0);
        for (std::size_t i = 0; i < n; ++i) {
            prefix_macs_[i + 1] = prefix_macs_[i] + costs_[i].macs;
            prefix_flops_[i + 1] = prefix_flops_[i] + costs_[i].flops;
        }
        // A tensor produced by node i (input: i = -1) and last read by node u crosses every cut k with
        // i < k <= u: difference arrays over [i + 1, u].
        const double b = bytes_per_element(type);
        auto mark = [&](std::size_t first, std::size_t last, double bytes) {
            payload_[first] += bytes;
            payload_[last + 1] -= bytes;
            ++tensors_[first];
            --tensors_[last + 1];
        };
        mark(0, static_cast<std::size_t>(m.input_last_use()), m.input_shape().elements() * b);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& node = m.node(i);
            if (node.last_use > static_cast<int>(i))
                mark(i + 1, static_cast<std::size_t>(node.last_use), node.output_shape.elements() * b);
        }
        for (std::size_t k = 1; k <= n; ++k) {
            payload_[k] += payload_[k - 1];
            tensors_[k] += tensors_[k - 1];
        }
        payload_.resize(n + 1);
        tensors_.resize(n + 1);
        payload_[n] = 0.0; // guard against rounding residue in the running sum
    }

    /// Number of cuts: layers + 1.
    std::size_t size() const noexcept { return prefix_macs_.size(); }
    dtype data_type() const noexcept { return type_; }
    flops_convention convention() const noexcept { return convention_; }
    std::span<const layer_cost> costs() const noexcept { return costs_; }

    split_point at(std::size_t cut) const {
        if (cut >= size())
            offload::detail::throw_parameter_error("offload::dnn::split_table::at", "cut", static_cast<double>(cut),
                                                   "must be <= the number of layers");
        const std::size_t n = costs_.size();
        split_point p;
        p.cut = cut;
        p.device_macs = prefix_macs_[cut];
        p.edge_macs = prefix_macs_[n] - prefix_macs_[cut];
        p.device_flops = prefix_flops_[cut];
        p.edge_flops = prefix_flops_[n] - prefix_flops_[cut];
        p.payload_bytes = payload_[cut];
        p.payload_tensors = static_cast<std::size_t>(tensors_[cut]);
        const std::span<const layer_cost> all(costs_);
        p.device_layers = all.first(cut);
        p.edge_layers = all.subspan(cut);
        return p;
    }
    split_point operator[](std::size_t cut) const { return at(cut); }

private:
    dtype type_;
    flops_convention convention_;
    std::vector<layer_cost> costs_;
    std::vector<double> prefix_macs_, prefix_flops_, payload_;
    std::vector<long long> tensors_;
};

/// The split table of a model for an element type (default: the model's) and FLOPs convention.
inline split_table split_points(const model& m, dtype type,
                                flops_convention convention = flops_convention::twice_macs) {
    return split_table(m, type, convention);
}
inline split_table split_points(const model& m) { return split_table(m, m.data_type()); }

/// Device and edge service times of cut `cut` of a split table, in the table's element type: layers [0, cut) on
/// device, [cut, N) on edge. payload_bytes is the table's payload, i.e. every tensor crossing the cut, so it is
/// right for DAG cuts too (inside a residual or Inception block several tensors cross, and the layer-span
/// overload, which sends only the output of layer cut - 1, would undercount them); at cut N it is the result
/// (the last layer's output), as in the layer-span overload. For a chain both overloads agree at every cut.
inline split_latency_estimate split_latency(const hardware_profile& device, const hardware_profile& edge,
                                            const split_table& table, std::size_t cut) {
    constexpr const char* fn = "offload::dnn::split_latency";
    if (cut >= table.size()) {
        const std::string requirement = "must lie in [0, " + std::to_string(table.size() - 1) + "] (table.size() - 1)";
        offload::detail::throw_parameter_error(fn, "cut", static_cast<double>(cut), requirement.c_str());
    }
    split_latency_estimate e = split_latency(device, edge, table.costs(), cut, table.data_type(), table.data_type());
    const split_point p = table[cut];
    if (cut + 1 < table.size()) e.payload_bytes = p.payload_bytes;
    return e;
}

/// split_latency(device, edge, table, k) for every cut k = 0..N at once, in O(N): each layer is estimated once
/// on each side and the device / edge times are prefix / suffix sums of those estimates (equal to the per-cut
/// sums up to rounding). Both profiles must state a peak for the table's element type.
inline std::vector<split_latency_estimate> split_latencies(const hardware_profile& device, const hardware_profile& edge,
                                                           const split_table& table) {
    constexpr const char* fn = "offload::dnn::split_latencies";
    const dtype t = table.data_type();
    detail::require_dtype_available(device, t, fn);
    detail::require_dtype_available(edge, t, fn);
    const auto costs = table.costs();
    const std::size_t n = costs.size();
    std::vector<split_latency_estimate> out(n + 1);
    double device_sum = 0.0;
    for (std::size_t k = 0; k <= n; ++k) {
        out[k].split = k;
        out[k].device_seconds = device_sum;
        out[k].payload_bytes = k < n ? table[k].payload_bytes : costs[n - 1].output_bytes;
        if (k < n) {
            detail::require_layer(costs[k], k, fn);
            device_sum += detail::layer_seconds_unchecked(device, costs[k], t);
        }
    }
    double edge_sum = 0.0;
    for (std::size_t k = n + 1; k-- > 0;) {
        out[k].edge_seconds = edge_sum;
        if (k > 0) edge_sum += detail::layer_seconds_unchecked(edge, costs[k - 1], t);
    }
    return out;
}

/// Cuts where exactly one tensor crosses (always includes cut 0, where the input crosses).
inline std::vector<std::size_t> single_tensor_cuts(const split_table& t) {
    std::vector<std::size_t> cuts;
    for (std::size_t k = 0; k < t.size(); ++k)
        if (t[k].payload_tensors == 1) cuts.push_back(k);
    return cuts;
}

} // namespace offload::dnn
