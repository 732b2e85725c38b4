// Python bindings of DNN models (chain/DAG with shape checks), FLOPs conventions, per-layer costs, split points and the model zoo.
#include "bind_dnn_common.hpp"
#include "enum_check.hpp"
#include "value_type.hpp"

using namespace offload::python::dnn_binding; // NOLINT: the shared helpers

namespace {

// ---------------------------------------------------------------------------------------------------------
// Models, costs, split points

/// One layer of a built model, as Python sees it (copied out of the model).
struct model_layer {
    std::string name;
    offload::dnn::layer op;
    std::vector<std::string> inputs;
    offload::dnn::tensor_shape output_shape;
    offload::dnn::layer_counts counts;
};

std::size_t layer_index(const offload::dnn::model& model, py::handle key, const char* fn) {
    if (py::isinstance<py::str>(key)) {
        const auto name = key.cast<std::string>();
        const int i = model.find(name);
        if (i < 0) throw_parameter_error(fn, "key", "'" + name + "'", "must name a layer of the model");
        return static_cast<std::size_t>(i);
    }
    if (!is_integer(key))
        throw_parameter_error(fn, "key", std::string(py::repr(key)), "must be a layer name or an integer index");
    long long i = key.cast<long long>();
    const auto n = static_cast<long long>(model.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        const std::string req = "must lie in [-" + std::to_string(n) + ", " + std::to_string(n) + ")";
        throw_parameter_error(fn, "key", static_cast<double>(key.cast<long long>()), req.c_str());
    }
    return static_cast<std::size_t>(i);
}

/// The Python argument input_shape as a tensor_shape; an error names 'input_shape' (issue 18 #17).
offload::dnn::tensor_shape input_shape_argument(const std::vector<std::int64_t>& dims, const char* fn) {
    std::string text = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
    text += "]";
    return offload::detail::with_parameter_context(fn, "input_shape", text,
                                                   [&] { return offload::dnn::tensor_shape(dims); });
}

model_layer layer_at(const offload::dnn::model& model, std::size_t i) {
    const auto& node = model.node(i);
    model_layer out{node.name, node.op, {}, node.output_shape, node.counts};
    for (int id : node.inputs)
        out.inputs.push_back(id < 0 ? std::string(offload::dnn::model_builder::input_name)
                                    : model.node(static_cast<std::size_t>(id)).name);
    return out;
}

py::dict cost_table(const std::vector<offload::dnn::layer_cost>& costs) {
    const auto n = static_cast<py::ssize_t>(costs.size());
    arr macs(n), flops(n), params(n), wb(n), ib(n), ob(n), mb(n);
    py::array_t<int> kind(n);
    auto m_ = macs.mutable_unchecked<1>();
    auto f_ = flops.mutable_unchecked<1>();
    auto p_ = params.mutable_unchecked<1>();
    auto w_ = wb.mutable_unchecked<1>();
    auto i_ = ib.mutable_unchecked<1>();
    auto o_ = ob.mutable_unchecked<1>();
    auto t_ = mb.mutable_unchecked<1>();
    auto k_ = kind.mutable_unchecked<1>();
    for (py::ssize_t i = 0; i < n; ++i) {
        const auto& c = costs[static_cast<std::size_t>(i)];
        m_(i) = c.macs;
        f_(i) = c.flops;
        p_(i) = c.parameters;
        w_(i) = c.weight_bytes;
        i_(i) = c.input_bytes;
        o_(i) = c.output_bytes;
        t_(i) = c.memory_bytes();
        k_(i) = static_cast<int>(c.kind);
    }
    py::dict d;
    d["op_class"] = kind;
    d["macs"] = macs;
    d["flops"] = flops;
    d["parameters"] = params;
    d["weight_bytes"] = wb;
    d["input_bytes"] = ib;
    d["output_bytes"] = ob;
    d["memory_bytes"] = mb;
    return d;
}

std::string model_repr(const offload::dnn::model& model) {
    return "Model('" + model.name() + "', input_shape=" + shape_repr(model.input_shape()) +
           ", layers=" + std::to_string(model.size()) + ", macs=" + repr_number(offload::dnn::total_macs(model)) +
           ", parameters=" + repr_number(offload::dnn::total_parameters(model)) +
           ", dtype=" + dtype_name(model.data_type()) + ")";
}

void add_to_builder(offload::dnn::model_builder& b, std::string name, const offload::dnn::layer& op,
                    const std::optional<std::vector<std::string>>& inputs) {
    if (inputs)
        b.add(std::move(name), op, *inputs);
    else
        b.add(std::move(name), op);
}

void bind_models(py::module_& mod) {
    py::enum_<offload::dnn::op_class>(mod, "OpClass",
                                      "Operation classes with distinct efficiency on real hardware (hardware profiles "
                                      "hold one compute and one memory efficiency per class).")
        .value("dense_conv", offload::dnn::op_class::dense_conv)
        .value("pointwise_conv", offload::dnn::op_class::pointwise_conv)
        .value("depthwise_conv", offload::dnn::op_class::depthwise_conv)
        .value("fully_connected", offload::dnn::op_class::fully_connected)
        .value("elementwise", offload::dnn::op_class::elementwise)
        .value("normalization", offload::dnn::op_class::normalization)
        .value("pooling", offload::dnn::op_class::pooling)
        .value("attention", offload::dnn::op_class::attention)
        .value("recurrent", offload::dnn::op_class::recurrent)
        .value("embedding", offload::dnn::op_class::embedding)
        .value("data_movement", offload::dnn::op_class::data_movement);
    py::enum_<offload::dnn::dtype>(mod, "DType", "Element type of weights and activations (4, 2, 1 bytes).")
        .value("fp32", offload::dnn::dtype::fp32)
        .value("fp16", offload::dnn::dtype::fp16)
        .value("int8", offload::dnn::dtype::int8);
    mod.def("bytes_per_element", &offload::dnn::bytes_per_element, py::arg("dtype"),
            "4 for fp32, 2 for fp16, 1 for int8.");
    py::enum_<offload::dnn::flops_convention>(
        mod, "FlopsConvention",
        "How FLOPs follow from a layer's operations: twice_macs (2 x MACs, the default), molchanov (seed 001: "
        "conv 2HW(C_in/groups K^2 + 1) C_out, fully connected (2I - 1) O), twice_macs_plus_other (2 x MACs + "
        "element-wise ops).")
        .value("twice_macs", offload::dnn::flops_convention::twice_macs)
        .value("molchanov", offload::dnn::flops_convention::molchanov)
        .value("twice_macs_plus_other", offload::dnn::flops_convention::twice_macs_plus_other);

    py::class_<offload::dnn::layer_cost> layer_cost_class(
        mod, "LayerCost",
        "The cost of one execution of one layer: op class, MACs, FLOPs (under a "
        "convention), parameters, and bytes of weights read, activations read and "
        "written. memory_bytes = weight + input + output bytes (the roofline traffic).");
    layer_cost_class
        .def(py::init([](offload::dnn::op_class kind, double macs, double flops, double parameters, double weight_bytes,
                         double input_bytes, double output_bytes) {
                 // issue 18: a plain record (ranges are checked where it is used), but an enumerator outside
                 // OpClass or a NaN never enters it
                 constexpr const char* fn = "offload::dnn::layer_cost";
                 using offload::detail::require_not_nan;
                 return offload::dnn::layer_cost{offload::python::checked_enumerator(kind, fn, "kind"),
                                                 require_not_nan(macs, fn, "macs"),
                                                 require_not_nan(flops, fn, "flops"),
                                                 require_not_nan(parameters, fn, "parameters"),
                                                 require_not_nan(weight_bytes, fn, "weight_bytes"),
                                                 require_not_nan(input_bytes, fn, "input_bytes"),
                                                 require_not_nan(output_bytes, fn, "output_bytes")};
             }),
             py::arg("kind") = offload::dnn::op_class::elementwise, py::arg("macs") = 0.0, py::arg("flops") = 0.0,
             py::arg("parameters") = 0.0, py::arg("weight_bytes") = 0.0, py::arg("input_bytes") = 0.0,
             py::arg("output_bytes") = 0.0)
        .def_property("kind", offload::python::enum_getter(&offload::dnn::layer_cost::kind),
                      offload::python::enum_setter(&offload::dnn::layer_cost::kind, "offload::dnn::layer_cost", "kind"),
                      "OpClass of the layer.")
        .def_readwrite("macs", &offload::dnn::layer_cost::macs, "Multiply-accumulates.")
        .def_readwrite("flops", &offload::dnn::layer_cost::flops,
                       "Floating-point operations under the model's FLOPs convention.")
        .def_readwrite("parameters", &offload::dnn::layer_cost::parameters, "Trainable parameters.")
        .def_readwrite("weight_bytes", &offload::dnn::layer_cost::weight_bytes, "Parameter bytes read.")
        .def_readwrite("input_bytes", &offload::dnn::layer_cost::input_bytes, "Activation bytes read.")
        .def_readwrite("output_bytes", &offload::dnn::layer_cost::output_bytes,
                       "Activation bytes written (also the payload if the model is cut here).")
        .def_property_readonly("memory_bytes", &offload::dnn::layer_cost::memory_bytes,
                               "Memory traffic for a roofline: weight + input + output bytes.");
    offload::python::add_value_semantics(
        layer_cost_class, offload::python::mutable_value, offload::python::by_keywords,
        offload::python::attribute_field("kind"), offload::python::attribute_field("macs"),
        offload::python::attribute_field("flops"), offload::python::attribute_field("parameters"),
        offload::python::attribute_field("weight_bytes"), offload::python::attribute_field("input_bytes"),
        offload::python::attribute_field("output_bytes"));

    py::class_<offload::dnn::layer_counts>(
        mod, "LayerCounts",
        "Dtype-independent counts of one layer of a model: op class, MACs, other "
        "(non-MAC, estimated) ops, Molchanov FLOPs, parameters, elements read/written.")
        .def(py::self == py::self)
        .def_readonly("kind", &offload::dnn::layer_counts::kind, "OpClass of the layer.")
        .def_readonly("macs", &offload::dnn::layer_counts::macs, "Multiply-accumulates.")
        .def_readonly("other_ops", &offload::dnn::layer_counts::other_ops,
                      "Element-wise operations that are not multiply-accumulates (estimates).")
        .def_readonly("molchanov_flops", &offload::dnn::layer_counts::molchanov_flops,
                      "FLOPs under FlopsConvention.molchanov.")
        .def_readonly("parameters", &offload::dnn::layer_counts::parameters,
                      "Trainable parameters owned by this layer.")
        .def_readonly("weight_elements", &offload::dnn::layer_counts::weight_elements,
                      "Weight elements read per inference.")
        .def_readonly("input_elements", &offload::dnn::layer_counts::input_elements,
                      "Activation elements read (inputs, plus the KV cache for attention).")
        .def_readonly("output_elements", &offload::dnn::layer_counts::output_elements, "Activation elements written.")
        .def(
            "flops",
            [](const offload::dnn::layer_counts& c, offload::dnn::flops_convention conv) {
                return offload::dnn::flops(c, conv);
            },
            py::arg("convention") = offload::dnn::flops_convention::twice_macs,
            "FLOPs of this layer under a counting convention (default: 2 x MACs).")
        .def(
            "to_layer_cost",
            [](const offload::dnn::layer_counts& c, offload::dnn::dtype t, offload::dnn::flops_convention conv) {
                return offload::dnn::to_layer_cost(c, t, conv);
            },
            py::arg("dtype") = offload::dnn::dtype::fp32,
            py::arg("convention") = offload::dnn::flops_convention::twice_macs,
            "The LayerCost (FLOPs and bytes moved) of these counts for an element type and convention.");
    using counts_t = offload::dnn::layer_counts;
    offload::python::add_value_semantics(py::class_<counts_t>(mod.attr("LayerCounts")), offload::python::frozen,
                                         offload::python::by_members, offload::python::field("kind", &counts_t::kind),
                                         offload::python::field("macs", &counts_t::macs),
                                         offload::python::field("other_ops", &counts_t::other_ops),
                                         offload::python::field("molchanov_flops", &counts_t::molchanov_flops),
                                         offload::python::field("parameters", &counts_t::parameters),
                                         offload::python::field("weight_elements", &counts_t::weight_elements),
                                         offload::python::field("input_elements", &counts_t::input_elements),
                                         offload::python::field("output_elements", &counts_t::output_elements));

    py::class_<model_layer>(mod, "ModelLayer",
                            "One layer of a built model: name, layer, input names, output "
                            "shape, counts.")
        .def_readonly("name", &model_layer::name, "The layer's unique name.")
        .def_property_readonly(
            "layer", [](const model_layer& l) { return layer_object(l.op); }, "The layer object (Conv2d, Linear, ...).")
        .def_readonly("inputs", &model_layer::inputs, "Names of the layers read (\"input\" = the model input).")
        .def_property_readonly(
            "output_shape", [](const model_layer& l) { return shape_tuple(l.output_shape); },
            "Shape of the layer's output, batch axis first.")
        .def_readonly("counts", &model_layer::counts, "LayerCounts of the layer.")
        .def_property_readonly(
            "op_class", [](const model_layer& l) { return l.counts.kind; }, "OpClass of the layer (counts.kind).");
    offload::python::add_value_semantics(
        py::class_<model_layer>(mod.attr("ModelLayer")), offload::python::frozen,
        [](std::string name, const py::object& layer, std::vector<std::string> inputs, const py::tuple& output_shape,
           const offload::dnn::layer_counts& counts) {
            return model_layer{std::move(name), to_layer(layer, "offload.ModelLayer", "layer"), std::move(inputs),
                               offload::dnn::tensor_shape(output_shape.cast<std::vector<std::int64_t>>()), counts};
        },
        offload::python::field("name", &model_layer::name),
        offload::python::field("layer", [](const model_layer& l) { return layer_object(l.op); }),
        offload::python::field("inputs", &model_layer::inputs),
        offload::python::field("output_shape", [](const model_layer& l) { return shape_tuple(l.output_shape); }),
        offload::python::field("counts", &model_layer::counts));

    using optional_dtype = std::optional<offload::dnn::dtype>;
    const auto twice = offload::dnn::flops_convention::twice_macs;

    py::class_<offload::dnn::model>(
        mod, "Model",
        "A built, immutable model: layers in a topological order (the order they were added), "
        "shapes and counts computed. Build one with ModelBuilder, Model.chain, the zoo, "
        "model_from_json_text, read_model or offload.from_torch.")
        .def_static(
            "chain",
            [](const std::string& name, const std::vector<std::int64_t>& input_shape,
               const std::vector<std::pair<std::string, py::object>>& layers, offload::dnn::dtype t) {
                constexpr const char* fn = "offload.Model.chain";
                offload::dnn::model_builder b(name, input_shape_argument(input_shape, fn),
                                              offload::python::checked_enumerator(t, fn, "dtype"));
                for (std::size_t i = 0; i < layers.size(); ++i)
                    b.add(layers[i].first,
                          to_layer(layers[i].second, "offload.Model.chain", "layers[" + std::to_string(i) + "]"));
                return std::move(b).build();
            },
            py::arg("name"), py::arg("input_shape"), py::arg("layers"), py::arg("dtype") = offload::dnn::dtype::fp32,
            "A chain model from [(name, layer), ...], each layer reading the previous one.")
        .def_property_readonly("name", &offload::dnn::model::name, "The model's name.")
        .def_property_readonly(
            "input_shape", [](const offload::dnn::model& m_) { return shape_tuple(m_.input_shape()); },
            "Shape of the model input, batch axis first.")
        .def_property_readonly(
            "output_shape", [](const offload::dnn::model& m_) { return shape_tuple(offload::dnn::output_shape(m_)); },
            "Shape of the last layer's output, batch axis first.")
        .def_property_readonly("dtype", &offload::dnn::model::data_type,
                               "Element type used when a function is not given one.")
        .def("__len__", &offload::dnn::model::size)
        .def_property_readonly(
            "layer_names",
            [](const offload::dnn::model& m_) {
                std::vector<std::string> names;
                for (const auto& n : m_.nodes()) names.push_back(n.name);
                return names;
            },
            "Names of the layers in order.")
        .def(
            "layer",
            [](const offload::dnn::model& m_, py::object key) {
                return layer_at(m_, layer_index(m_, key, "offload.Model.layer"));
            },
            py::arg("key"), "A layer by name or index (negative counts from the end).")
        .def("__getitem__",
             [](const offload::dnn::model& m_, py::object key) {
                 return layer_at(m_, layer_index(m_, key, "offload.Model.__getitem__"));
             })
        .def_property_readonly(
            "layers",
            [](const offload::dnn::model& m_) {
                std::vector<model_layer> out;
                for (std::size_t i = 0; i < m_.size(); ++i) out.push_back(layer_at(m_, i));
                return out;
            },
            "[ModelLayer] in order.")
        .def("find", &offload::dnn::model::find, py::arg("name"), "Index of a layer by name, or -1.")
        .def_property_readonly(
            "total_macs", [](const offload::dnn::model& m_) { return offload::dnn::total_macs(m_); },
            "Multiply-accumulates of one inference.")
        .def(
            "total_flops",
            [](const offload::dnn::model& m_, offload::dnn::flops_convention c) {
                return offload::dnn::total_flops(m_, c);
            },
            py::arg("convention") = twice, "FLOPs of one inference under a counting convention (default: 2 x MACs).")
        .def_property_readonly(
            "total_other_ops", [](const offload::dnn::model& m_) { return offload::dnn::total_other_ops(m_); },
            "Element-wise (non-MAC) operations, estimated.")
        .def_property_readonly(
            "total_parameters", [](const offload::dnn::model& m_) { return offload::dnn::total_parameters(m_); },
            "Trainable parameters of the published model, including training-only ones.")
        .def_property_readonly("training_only_parameters", &offload::dnn::model::training_only_parameters,
                               "Parameters of the published model that take no part in inference (included in "
                               "total_parameters).")
        .def(
            "total_weight_bytes",
            [](const offload::dnn::model& m_, optional_dtype t) {
                return offload::dnn::total_weight_bytes(m_, t.value_or(m_.data_type()));
            },
            py::arg("dtype") = py::none(), "Bytes of all weights in dtype (default: the model's).")
        .def(
            "input_bytes",
            [](const offload::dnn::model& m_, optional_dtype t) {
                return offload::dnn::input_bytes(m_, t.value_or(m_.data_type()));
            },
            py::arg("dtype") = py::none(),
            "Bytes of the model input in dtype (default: the model's): the payload of full offloading.")
        .def(
            "output_bytes",
            [](const offload::dnn::model& m_, optional_dtype t) {
                return offload::dnn::output_bytes(m_, t.value_or(m_.data_type()));
            },
            py::arg("dtype") = py::none(),
            "Bytes of the model output in dtype (default: the model's): the result payload.")
        .def(
            "cost",
            [](const offload::dnn::model& m_, py::object key, optional_dtype t, offload::dnn::flops_convention c) {
                return offload::dnn::cost(m_, layer_index(m_, key, "offload.Model.cost"), t.value_or(m_.data_type()),
                                          c);
            },
            py::arg("key"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
            "The LayerCost of one layer (by name or index).")
        .def(
            "layer_costs",
            [](const offload::dnn::model& m_, optional_dtype t, offload::dnn::flops_convention c) {
                return offload::dnn::layer_costs(m_, t.value_or(m_.data_type()), c);
            },
            py::arg("dtype") = py::none(), py::arg("convention") = twice, "The LayerCost of every layer, in order.")
        .def(
            "cost_table",
            [](const offload::dnn::model& m_, optional_dtype t, offload::dnn::flops_convention c) {
                py::dict d = cost_table(offload::dnn::layer_costs(m_, t.value_or(m_.data_type()), c));
                std::vector<std::string> names;
                for (const auto& n : m_.nodes()) names.push_back(n.name);
                d["name"] = names;
                return d;
            },
            py::arg("dtype") = py::none(), py::arg("convention") = twice,
            "Per-layer costs as a dict of numpy arrays (name, op_class, macs, flops, parameters, weight_bytes, "
            "input_bytes, output_bytes, memory_bytes), e.g. for pandas.DataFrame.")
        .def(
            "split_points",
            [](const offload::dnn::model& m_, optional_dtype t, offload::dnn::flops_convention c) {
                return offload::dnn::split_points(m_, t.value_or(m_.data_type()), c);
            },
            py::arg("dtype") = py::none(), py::arg("convention") = twice,
            "The SplitTable of every cut (device/edge FLOPs and the bytes crossing it); same as split_points(model).")
        .def(
            "to_json_text",
            [](const offload::dnn::model& m_, int indent) { return offload::dnn::to_json_text(m_, indent); },
            py::arg("indent") = 1,
            "The model as JSON text (offload/json/flops_model.hpp format); indent in [-1, 16] (-1: one line).");
    offload::python::add_value_semantics(
        py::class_<offload::dnn::model>(mod.attr("Model")), offload::python::frozen,
        [](const std::string& name, const py::tuple& input_shape, offload::dnn::dtype t,
           const std::vector<model_layer>& layers, double training_only_parameters) {
            offload::dnn::model_builder b(name,
                                          offload::dnn::tensor_shape(input_shape.cast<std::vector<std::int64_t>>()), t);
            for (const auto& l : layers) b.add(l.name, l.op, l.inputs);
            b.training_only_parameters(training_only_parameters);
            return std::move(b).build();
        },
        offload::python::field("name", &offload::dnn::model::name),
        offload::python::field("input_shape",
                               [](const offload::dnn::model& m_) { return shape_tuple(m_.input_shape()); }),
        offload::python::field("dtype", &offload::dnn::model::data_type),
        offload::python::field("layers",
                               [](const offload::dnn::model& m_) {
                                   std::vector<model_layer> out;
                                   for (std::size_t i = 0; i < m_.size(); ++i) out.push_back(layer_at(m_, i));
                                   return out;
                               }),
        offload::python::field("training_only_parameters", &offload::dnn::model::training_only_parameters));
    // a model has up to thousands of layers: its repr stays the one-line summary (pickle carries every field)
    py::delattr(mod.attr("Model"), "__repr__");
    py::class_<offload::dnn::model>(mod.attr("Model"))
        .def("__repr__", &model_repr, "Model('name', input_shape=..., layers=n, macs=..., parameters=..., dtype=...).");

    py::class_<offload::dnn::model_builder>(mod, "ModelBuilder",
                                            "Builds a model layer by layer; shapes are checked as each layer is added.")
        .def(py::init([](std::string name, const std::vector<std::int64_t>& input_shape, offload::dnn::dtype t) {
                 constexpr const char* fn = "offload::dnn::model_builder";
                 return offload::dnn::model_builder(std::move(name), input_shape_argument(input_shape, fn),
                                                    offload::python::checked_enumerator(t, fn, "dtype"));
             }),
             py::arg("name"), py::arg("input_shape"), py::arg("dtype") = offload::dnn::dtype::fp32)
        .def(
            "add",
            [](offload::dnn::model_builder& b, std::string name, py::object op,
               const std::optional<std::vector<std::string>>& inputs) {
                add_to_builder(b, name, to_layer(op, "offload::dnn::model_builder::add", "layer"), inputs);
                return name;
            },
            py::arg("name"), py::arg("layer"), py::arg("inputs") = py::none(),
            "Adds a layer reading `inputs` (layer names, \"input\" = the model input; default: the previous "
            "layer). Returns the name. Only Elementwise and Concat take more than one input.")
        .def(
            "training_only_parameters",
            [](offload::dnn::model_builder& b, double count) -> offload::dnn::model_builder& {
                return b.training_only_parameters(count);
            },
            py::arg("count"), py::return_value_policy::reference_internal,
            "Parameters of the published model that do not run at inference (counted in total_parameters only).")
        .def(
            "output_shape",
            [](const offload::dnn::model_builder& b, const std::string& name) {
                return shape_tuple(b.output_shape(name));
            },
            py::arg("name"), "Output shape of an already added layer (or of \"input\").")
        .def("__len__", &offload::dnn::model_builder::size)
        .def("__repr__",
             [](const offload::dnn::model_builder& b) {
                 return "ModelBuilder(layers=" + std::to_string(b.size()) + ")";
             })
        .def(
            "build",
            [](const offload::dnn::model_builder& b) {
                offload::dnn::model_builder copy = b;
                return std::move(copy).build();
            },
            "The model (the builder stays usable). Every layer's output except the last must be read.");

    py::class_<offload::dnn::split_point>(
        mod, "SplitPoint",
        "Cut k: layers [0, k) on the device, [k, N) at the edge; payload = bytes of all "
        "tensors crossing the cut.")
        .def_readonly("cut", &offload::dnn::split_point::cut,
                      "Layers [0, cut) run on the device, [cut, N) at the edge.")
        .def_readonly("device_macs", &offload::dnn::split_point::device_macs, "Multiply-accumulates on the device.")
        .def_readonly("edge_macs", &offload::dnn::split_point::edge_macs, "Multiply-accumulates at the edge.")
        .def_readonly("device_flops", &offload::dnn::split_point::device_flops,
                      "FLOPs on the device under the table's FlopsConvention.")
        .def_readonly("edge_flops", &offload::dnn::split_point::edge_flops,
                      "FLOPs at the edge under the table's FlopsConvention.")
        .def_readonly("payload_bytes", &offload::dnn::split_point::payload_bytes,
                      "Bytes of all tensors crossing the cut (in the table's dtype).")
        .def_readonly("payload_tensors", &offload::dnn::split_point::payload_tensors,
                      "How many tensors cross the cut (0 only at cut N).")
        .def_property_readonly(
            "device_layers",
            [](const offload::dnn::split_point& p) {
                return std::vector<offload::dnn::layer_cost>(p.device_layers.begin(), p.device_layers.end());
            },
            "[LayerCost] of layers [0, cut).")
        .def_property_readonly(
            "edge_layers",
            [](const offload::dnn::split_point& p) {
                return std::vector<offload::dnn::layer_cost>(p.edge_layers.begin(), p.edge_layers.end());
            },
            "[LayerCost] of layers [cut, N).")
        .def("__repr__", [](const offload::dnn::split_point& p) {
            return "SplitPoint(cut=" + std::to_string(p.cut) + ", device_flops=" + repr_number(p.device_flops) +
                   ", edge_flops=" + repr_number(p.edge_flops) + ", payload_bytes=" + repr_number(p.payload_bytes) +
                   ", payload_tensors=" + std::to_string(p.payload_tensors) + ")";
        });

    const auto split_at = [](const offload::dnn::split_table& t, long long cut) {
        if (cut < 0) cut += static_cast<long long>(t.size());
        if (cut < 0)
            throw_parameter_error("offload::dnn::split_table::at", "cut", static_cast<double>(cut), "must be >= 0");
        return t.at(static_cast<std::size_t>(cut));
    };
    py::class_<offload::dnn::split_table>(mod, "SplitTable",
                                          "Every cut of a model (len = layers + 1) for one dtype and FLOPs convention.")
        .def(py::init<const offload::dnn::model&, offload::dnn::dtype, offload::dnn::flops_convention>(),
             py::arg("model"), py::arg("dtype"), py::arg("convention") = twice)
        .def("__len__", &offload::dnn::split_table::size)
        .def("__getitem__", split_at, py::arg("cut"), py::keep_alive<0, 1>())
        .def("at", split_at, py::arg("cut"), py::keep_alive<0, 1>(), "The SplitPoint of a cut (same as t[cut]).")
        .def_property_readonly("dtype", &offload::dnn::split_table::data_type, "DType of the costs.")
        .def_property_readonly("convention", &offload::dnn::split_table::convention, "FlopsConvention of the costs.")
        .def_property_readonly(
            "costs",
            [](const offload::dnn::split_table& t) {
                return std::vector<offload::dnn::layer_cost>(t.costs().begin(), t.costs().end());
            },
            "[LayerCost] of every layer.")
        .def(
            "single_tensor_cuts",
            [](const offload::dnn::split_table& t) { return offload::dnn::single_tensor_cuts(t); },
            "Cuts where exactly one tensor crosses (block boundaries, and cut 0).")
        .def(
            "to_arrays",
            [](const offload::dnn::split_table& t) {
                const auto n = static_cast<py::ssize_t>(t.size());
                py::array_t<std::int64_t> cut(n), tensors(n);
                arr dm(n), em(n), df(n), ef(n), pb(n);
                for (py::ssize_t k = 0; k < n; ++k) {
                    const auto p = t.at(static_cast<std::size_t>(k));
                    cut.mutable_at(k) = k;
                    tensors.mutable_at(k) = static_cast<std::int64_t>(p.payload_tensors);
                    dm.mutable_at(k) = p.device_macs;
                    em.mutable_at(k) = p.edge_macs;
                    df.mutable_at(k) = p.device_flops;
                    ef.mutable_at(k) = p.edge_flops;
                    pb.mutable_at(k) = p.payload_bytes;
                }
                py::dict d;
                d["cut"] = cut;
                d["device_macs"] = dm;
                d["edge_macs"] = em;
                d["device_flops"] = df;
                d["edge_flops"] = ef;
                d["payload_bytes"] = pb;
                d["payload_tensors"] = tensors;
                return d;
            },
            "Every cut as a dict of numpy arrays (cut, device_macs, edge_macs, device_flops, edge_flops, "
            "payload_bytes, payload_tensors).")
        .def("__repr__", [](const offload::dnn::split_table& t) {
            return "SplitTable(cuts=" + std::to_string(t.size()) + ", dtype=" + dtype_name(t.data_type()) +
                   ", convention=" + convention_name(t.convention()) + ")";
        });

    mod.def(
        "layer_costs",
        [](const offload::dnn::model& model, optional_dtype t, offload::dnn::flops_convention c) {
            return offload::dnn::layer_costs(model, t.value_or(model.data_type()), c);
        },
        py::arg("model"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
        "The LayerCost of every layer (dtype default: the model's).");
    mod.def(
        "split_points",
        [](const offload::dnn::model& model, optional_dtype t, offload::dnn::flops_convention c) {
            return offload::dnn::split_points(model, t.value_or(model.data_type()), c);
        },
        py::arg("model"), py::arg("dtype") = py::none(), py::arg("convention") = twice,
        "The SplitTable of a model (dtype default: the model's).");
    mod.def("single_tensor_cuts", &offload::dnn::single_tensor_cuts, py::arg("table"),
            "Cuts where exactly one tensor crosses (always includes cut 0).");
}

// ---------------------------------------------------------------------------------------------------------
// Zoo

void bind_zoo(py::module_& mod) {
    py::module_ zoo = mod.def_submodule("zoo", "Builders for the models of the seed papers and common references "
                                               "(docs/flops.md lists the published figures each reproduces).");
    py::enum_<offload::dnn::zoo::icu_workload>(zoo, "IcuWorkload", "Seed 001's medical LSTM workloads.")
        .value("short_of_breath_alert", offload::dnn::zoo::icu_workload::short_of_breath_alert)
        .value("life_death_prediction", offload::dnn::zoo::icu_workload::life_death_prediction)
        .value("phenotype_classification", offload::dnn::zoo::icu_workload::phenotype_classification);
    zoo.def("mobilenet_v2", &offload::dnn::zoo::mobilenet_v2, py::arg("resolution") = 224,
            py::arg("num_classes") = 1000,
            "MobileNetV2 (torchvision, width 1.0): 300,774,272 MACs, 3,504,872 parameters at 224.");
    zoo.def("resnet18", &offload::dnn::zoo::resnet18, py::arg("resolution") = 224, py::arg("num_classes") = 1000,
            "ResNet-18: 1,814,073,344 MACs, 11,689,512 parameters at 224.");
    zoo.def("resnet50", &offload::dnn::zoo::resnet50, py::arg("resolution") = 224, py::arg("num_classes") = 1000,
            "ResNet-50 v1.5: 4,089,184,256 MACs, 25,557,032 parameters at 224.");
    zoo.def("vgg16", &offload::dnn::zoo::vgg16, py::arg("num_classes") = 1000,
            "VGG-16 at 224: 15,470,264,320 MACs, 138,357,544 parameters.");
    zoo.def("inception_v3", &offload::dnn::zoo::inception_v3, py::arg("num_classes") = 1000,
            "InceptionV3 at 299 (auxiliary classifier counted as training-only parameters).");
    zoo.def("inception_v4", &offload::dnn::zoo::inception_v4, py::arg("num_classes") = 1000,
            "InceptionV4 at 299 (timm): 12.25 G MACs (seed 003 states 6.3 GFLOPs; see docs/flops.md).");
    zoo.def("yolov8n", &offload::dnn::zoo::yolov8n, py::arg("resolution") = 640, "YOLOv8n (Ultralytics) at 640.");
    zoo.def("sentiment_lstm", &offload::dnn::zoo::sentiment_lstm, py::arg("sequence_length") = 64,
            "Seed 003's LSTM sentiment classifier (configuration ours): 39,473,160 parameters.");
    zoo.def("icu_lstm", &offload::dnn::zoo::icu_lstm, py::arg("workload"), py::arg("time_steps") = 48,
            "Seed 001's ICU LSTM workloads (parameters 105,089 / 7,569 / 347,417).");
    zoo.def("llama_3_2_1b_prefill", &offload::dnn::zoo::llama_3_2_1b_prefill, py::arg("prompt_tokens"),
            "Llama-3.2-1B prefill of a prompt (logits for the last token only).");
    zoo.def("llama_3_2_1b_decode", &offload::dnn::zoo::llama_3_2_1b_decode, py::arg("context_length"),
            "One Llama-3.2-1B decode step at context length n.");
}

} // namespace

void bind_dnn_models(py::module_& m) {
    bind_models(m);
    bind_zoo(m);
}
