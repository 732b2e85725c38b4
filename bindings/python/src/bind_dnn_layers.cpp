// Python bindings of the DNN layer descriptions (offload/flops/layers*.hpp): one class per layer kind.
#include <type_traits>

#include "bind_dnn_common.hpp"
#include "value_type.hpp"

using namespace offload::python::dnn_binding; // NOLINT: the shared helpers

namespace {

constexpr const char* conv_fn = "offload::dnn::conv2d";
constexpr const char* pool_fn = "offload::dnn::pool2d";
constexpr const char* mha_fn = "offload::dnn::multi_head_attention";
constexpr const char* dec_fn = "offload::dnn::transformer_decoder_block";

// ---------------------------------------------------------------------------------------------------------
// Layers

/// The field table of each layer class: its constructor's keywords and properties, in order, read as the bound
/// properties and rebuilt through the Python constructor (which converts int-or-pair arguments); value_type.hpp
/// makes ==, hash, pickling and the round-trip repr of it.
template <class L>
void add_layer_value_semantics(py::class_<L>& cls) {
    namespace d = offload::dnn;
    const auto table = [&cls](auto... names) {
        offload::python::add_value_semantics(cls, offload::python::frozen, offload::python::by_keywords,
                                             offload::python::attribute_field(names)...);
    };
    if constexpr (std::is_same_v<L, d::conv2d>)
        table("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias");
    else if constexpr (std::is_same_v<L, d::linear>)
        table("in_features", "out_features", "bias", "tied");
    else if constexpr (std::is_same_v<L, d::batch_norm>)
        table("num_features");
    else if constexpr (std::is_same_v<L, d::layer_norm>)
        table("normalized_size", "elementwise_affine", "bias");
    else if constexpr (std::is_same_v<L, d::rms_norm>)
        table("normalized_size");
    else if constexpr (std::is_same_v<L, d::pool2d>)
        table("kind", "kernel_size", "stride", "padding", "ceil_mode");
    else if constexpr (std::is_same_v<L, d::adaptive_pool2d>)
        table("kind", "output_size");
    else if constexpr (std::is_same_v<L, d::activation>)
        table("kind", "axis");
    else if constexpr (std::is_same_v<L, d::elementwise>)
        table("op");
    else if constexpr (std::is_same_v<L, d::concat>)
        table("axis");
    else if constexpr (std::is_same_v<L, d::slice>)
        table("axis", "start", "length");
    else if constexpr (std::is_same_v<L, d::flatten>)
        table("start_axis");
    else if constexpr (std::is_same_v<L, d::reshape>)
        table("shape");
    else if constexpr (std::is_same_v<L, d::upsample_nearest>)
        table("scale_factor");
    else if constexpr (std::is_same_v<L, d::lstm> || std::is_same_v<L, d::gru>)
        table("input_size", "hidden_size", "num_layers", "bidirectional", "return_sequences", "bias");
    else if constexpr (std::is_same_v<L, d::multi_head_attention>)
        table("embed_dim", "num_heads", "num_kv_heads", "head_dim", "causal", "kv_cache_length", "bias");
    else if constexpr (std::is_same_v<L, d::embedding>)
        table("num_embeddings", "embedding_dim");
    else if constexpr (std::is_same_v<L, d::transformer_decoder_block>)
        table("hidden_size", "num_heads", "num_kv_heads", "head_dim", "mlp_hidden", "kv_cache_length");
    else
        static_assert(sizeof(L) == 0, "a layer type without a field list");
}

/// type_name (the JSON "type") and value semantics (==, hash, pickle, round-trip repr) for one layer class.
template <class L>
py::class_<L> layer_class(py::module_& mod, const char* name, const char* doc) {
    py::class_<L> cls(mod, name, doc);
    add_layer_value_semantics(cls);
    cls.def_property_readonly(
        "type_name", [](const L& l) { return std::string(offload::dnn::type_name(offload::dnn::layer(l))); },
        "The layer type's name as used in model JSON (\"conv2d\", ...).");
    return cls;
}

offload::dnn::recurrent_config make_recurrent(long long input_size, long long hidden_size, long long num_layers,
                                              bool bidirectional, bool return_sequences,
                                              offload::dnn::recurrent_bias bias, const char* fn) {
    offload::dnn::recurrent_config c;
    c.input_size = to_int(input_size, fn, "input_size");
    c.hidden_size = to_int(hidden_size, fn, "hidden_size");
    c.num_layers = to_int(num_layers, fn, "num_layers");
    c.bidirectional = bidirectional;
    c.return_sequences = return_sequences;
    c.bias = bias;
    return c;
}

template <class R>
void bind_recurrent(py::module_& mod, const char* name, const char* fn, const char* doc) {
    layer_class<R>(mod, name, doc)
        .def(py::init([fn](long long input_size, long long hidden_size, long long num_layers, bool bidirectional,
                           bool return_sequences, offload::dnn::recurrent_bias bias) {
                 return R(
                     make_recurrent(input_size, hidden_size, num_layers, bidirectional, return_sequences, bias, fn));
             }),
             py::arg("input_size"), py::arg("hidden_size"), py::arg("num_layers") = 1, py::arg("bidirectional") = false,
             py::arg("return_sequences") = true, py::arg("bias") = offload::dnn::recurrent_bias::pytorch)
        .def_property_readonly(
            "input_size", [](const R& l) { return l.config().input_size; },
            "Features F per time step of the input (N, T, F).")
        .def_property_readonly(
            "hidden_size", [](const R& l) { return l.config().hidden_size; }, "Hidden state size H.")
        .def_property_readonly(
            "num_layers", [](const R& l) { return l.config().num_layers; }, "Stacked recurrent layers.")
        .def_property_readonly(
            "bidirectional", [](const R& l) { return l.config().bidirectional; },
            "True: both directions (2 H output features).")
        .def_property_readonly(
            "return_sequences", [](const R& l) { return l.config().return_sequences; },
            "True: output every step, (N, T, H * directions); False: only the last step, (N, H * "
            "directions).")
        .def_property_readonly(
            "bias", [](const R& l) { return l.config().bias; },
            "RecurrentBias: bias vectors per gate (none, single, pytorch).");
}

void bind_layers(py::module_& mod) {
    py::enum_<offload::dnn::pool_kind>(mod, "PoolKind", "Pooling reduction.")
        .value("max", offload::dnn::pool_kind::max)
        .value("average", offload::dnn::pool_kind::average);
    py::enum_<offload::dnn::activation_kind>(mod, "ActivationKind", "Element-wise activation function.")
        .value("relu", offload::dnn::activation_kind::relu)
        .value("relu6", offload::dnn::activation_kind::relu6)
        .value("silu", offload::dnn::activation_kind::silu)
        .value("gelu", offload::dnn::activation_kind::gelu)
        .value("sigmoid", offload::dnn::activation_kind::sigmoid)
        .value("tanh", offload::dnn::activation_kind::tanh)
        .value("hardswish", offload::dnn::activation_kind::hardswish)
        .value("softmax", offload::dnn::activation_kind::softmax);
    py::enum_<offload::dnn::elementwise_op>(mod, "ElementwiseOp", "Element-wise merge of two or more tensors.")
        .value("add", offload::dnn::elementwise_op::add)
        .value("mul", offload::dnn::elementwise_op::mul);
    py::enum_<offload::dnn::recurrent_bias>(mod, "RecurrentBias",
                                            "Bias vectors per gate: none, single (Keras), pytorch (b_ih and b_hh).")
        .value("none", offload::dnn::recurrent_bias::none)
        .value("single", offload::dnn::recurrent_bias::single)
        .value("pytorch", offload::dnn::recurrent_bias::pytorch);

    layer_class<offload::dnn::conv2d>(mod, "Conv2d",
                                      "2-D convolution over NCHW; groups == in_channels is depthwise. (h, w) arguments "
                                      "accept an int or a pair.")
        .def(py::init([](long long in_channels, long long out_channels, py::object kernel_size, py::object stride,
                         py::object padding, py::object dilation, long long groups, bool bias) {
                 return offload::dnn::conv2d(
                     to_int(in_channels, conv_fn, "in_channels"), to_int(out_channels, conv_fn, "out_channels"),
                     to_hw(kernel_size, conv_fn, "kernel_size"), to_hw(stride, conv_fn, "stride"),
                     to_hw(padding, conv_fn, "padding"), to_hw(dilation, conv_fn, "dilation"),
                     to_int(groups, conv_fn, "groups"), bias);
             }),
             py::arg("in_channels"), py::arg("out_channels"), py::arg("kernel_size"), py::arg("stride") = 1,
             py::arg("padding") = 0, py::arg("dilation") = 1, py::arg("groups") = 1, py::arg("bias") = true)
        .def_property_readonly("in_channels", &offload::dnn::conv2d::in_channels, "Input channels C_in.")
        .def_property_readonly("out_channels", &offload::dnn::conv2d::out_channels, "Output channels C_out.")
        .def_property_readonly(
            "kernel_size", [](const offload::dnn::conv2d& l) { return hw_object(l.kernel_size()); },
            "Kernel size (h, w).")
        .def_property_readonly(
            "stride", [](const offload::dnn::conv2d& l) { return hw_object(l.stride()); }, "Stride (h, w).")
        .def_property_readonly(
            "padding", [](const offload::dnn::conv2d& l) { return hw_object(l.padding()); },
            "Zero padding (h, w) added on each side.")
        .def_property_readonly(
            "dilation", [](const offload::dnn::conv2d& l) { return hw_object(l.dilation()); }, "Dilation (h, w).")
        .def_property_readonly("groups", &offload::dnn::conv2d::groups,
                               "Channel groups (groups == in_channels: depthwise).")
        .def_property_readonly("bias", &offload::dnn::conv2d::bias, "True: a bias per output channel.");

    layer_class<offload::dnn::linear>(
        mod, "Linear",
        "Fully connected layer over the last axis. tied=True: the weights belong to another "
        "layer (an LM head tied to the embedding) and are not counted as parameters here.")
        .def(py::init([](long long in_features, long long out_features, bool bias, bool tied) {
                 return offload::dnn::linear(to_int(in_features, "offload::dnn::linear", "in_features"),
                                             to_int(out_features, "offload::dnn::linear", "out_features"), bias, tied);
             }),
             py::arg("in_features"), py::arg("out_features"), py::arg("bias") = true, py::arg("tied") = false)
        .def_property_readonly("in_features", &offload::dnn::linear::in_features, "Input features (the last axis).")
        .def_property_readonly("out_features", &offload::dnn::linear::out_features, "Output features.")
        .def_property_readonly("bias", &offload::dnn::linear::bias, "True: a bias vector.")
        .def_property_readonly("tied", &offload::dnn::linear::tied,
                               "True: the weights belong to another layer and are not counted as parameters here.");

    layer_class<offload::dnn::batch_norm>(mod, "BatchNorm",
                                          "Inference-mode batch normalisation over axis 1 (channels).")
        .def(py::init([](long long num_features) {
                 return offload::dnn::batch_norm(to_int(num_features, "offload::dnn::batch_norm", "num_features"));
             }),
             py::arg("num_features"))
        .def_property_readonly("num_features", &offload::dnn::batch_norm::num_features,
                               "Channels C normalised (axis 1).");

    layer_class<offload::dnn::layer_norm>(mod, "LayerNorm", "Layer normalisation over the last axis.")
        .def(py::init([](long long normalized_size, bool elementwise_affine, bool bias) {
                 return offload::dnn::layer_norm(to_int(normalized_size, "offload::dnn::layer_norm", "normalized_size"),
                                                 elementwise_affine, bias);
             }),
             py::arg("normalized_size"), py::arg("elementwise_affine") = true, py::arg("bias") = true)
        .def_property_readonly("normalized_size", &offload::dnn::layer_norm::normalized_size,
                               "Size of the normalised last axis.")
        .def_property_readonly("elementwise_affine", &offload::dnn::layer_norm::elementwise_affine,
                               "True: a learned scale (and shift if bias).")
        .def_property_readonly("bias", &offload::dnn::layer_norm::bias,
                               "True: a learned shift (with elementwise_affine).");

    layer_class<offload::dnn::rms_norm>(mod, "RMSNorm",
                                        "RMS normalisation over the last axis with a learned scale (Llama).")
        .def(py::init([](long long normalized_size) {
                 return offload::dnn::rms_norm(to_int(normalized_size, "offload::dnn::rms_norm", "normalized_size"));
             }),
             py::arg("normalized_size"))
        .def_property_readonly("normalized_size", &offload::dnn::rms_norm::normalized_size,
                               "Size of the normalised last axis.");

    layer_class<offload::dnn::pool2d>(mod, "Pool2d",
                                      "Max / average pooling over H, W (NCHW); stride defaults to the kernel size, "
                                      "ceil_mode as in PyTorch.")
        .def(py::init([](offload::dnn::pool_kind kind, py::object kernel_size, py::object stride, py::object padding,
                         bool ceil_mode) {
                 const offload::dnn::hw k = to_hw(kernel_size, pool_fn, "kernel_size");
                 const offload::dnn::hw s = stride.is_none() ? k : to_hw(stride, pool_fn, "stride");
                 return offload::dnn::pool2d(kind, k, s, to_hw(padding, pool_fn, "padding"), ceil_mode);
             }),
             py::arg("kind"), py::arg("kernel_size"), py::arg("stride") = py::none(), py::arg("padding") = 0,
             py::arg("ceil_mode") = false)
        .def_property_readonly("kind", &offload::dnn::pool2d::kind, "PoolKind: max or average.")
        .def_property_readonly(
            "kernel_size", [](const offload::dnn::pool2d& l) { return hw_object(l.kernel_size()); },
            "Pooling window (h, w).")
        .def_property_readonly(
            "stride", [](const offload::dnn::pool2d& l) { return hw_object(l.stride()); }, "Stride (h, w).")
        .def_property_readonly(
            "padding", [](const offload::dnn::pool2d& l) { return hw_object(l.padding()); },
            "Padding (h, w) added on each side.")
        .def_property_readonly("ceil_mode", &offload::dnn::pool2d::ceil_mode,
                               "True: output sizes round up, as PyTorch's ceil_mode.");

    layer_class<offload::dnn::adaptive_pool2d>(mod, "AdaptivePool2d",
                                               "Adaptive pooling to a fixed output size (1 = global pooling).")
        .def(py::init([](offload::dnn::pool_kind kind, py::object output_size) {
                 return offload::dnn::adaptive_pool2d(
                     kind, to_hw(output_size, "offload::dnn::adaptive_pool2d", "output_size"));
             }),
             py::arg("kind"), py::arg("output_size"))
        .def_property_readonly("kind", &offload::dnn::adaptive_pool2d::kind, "PoolKind: max or average.")
        .def_property_readonly(
            "output_size", [](const offload::dnn::adaptive_pool2d& l) { return hw_object(l.output_size()); },
            "Output size (h, w) (1: global pooling).");

    layer_class<offload::dnn::activation>(mod, "Activation", "Element-wise activation; softmax normalises along axis.")
        .def(py::init([](offload::dnn::activation_kind kind, long long axis) {
                 return offload::dnn::activation(kind, to_int(axis, "offload::dnn::activation", "axis"));
             }),
             py::arg("kind"), py::arg("axis") = -1)
        .def_property_readonly("kind", &offload::dnn::activation::kind, "ActivationKind of the function.")
        .def_property_readonly("axis", &offload::dnn::activation::axis,
                               "Axis softmax normalises along (negative counts from the end; -1 = last).");

    layer_class<offload::dnn::elementwise>(
        mod, "Elementwise", "Sum / product of two or more tensors with NumPy broadcasting (residual adds).")
        .def(py::init<offload::dnn::elementwise_op>(), py::arg("op") = offload::dnn::elementwise_op::add)
        .def_property_readonly("op", &offload::dnn::elementwise::op, "ElementwiseOp: add or mul.");

    layer_class<offload::dnn::concat>(mod, "Concat", "Concatenation of two or more tensors along axis (1 = channels).")
        .def(
            py::init([](long long axis) { return offload::dnn::concat(to_int(axis, "offload::dnn::concat", "axis")); }),
            py::arg("axis") = 1)
        .def_property_readonly("axis", &offload::dnn::concat::axis, "Axis of the concatenation (1 = channels).");

    layer_class<offload::dnn::slice>(mod, "Slice", "The slice [start, start + length) of axis (a view).")
        .def(py::init([](long long axis, long long start, long long length) {
                 return offload::dnn::slice(to_int(axis, "offload::dnn::slice", "axis"),
                                            to_int(start, "offload::dnn::slice", "start"),
                                            to_int(length, "offload::dnn::slice", "length"));
             }),
             py::arg("axis"), py::arg("start"), py::arg("length"))
        .def_property_readonly("axis", &offload::dnn::slice::axis, "Axis sliced.")
        .def_property_readonly("start", &offload::dnn::slice::start, "First index of the slice.")
        .def_property_readonly("length", &offload::dnn::slice::length, "Number of entries kept.");

    layer_class<offload::dnn::flatten>(mod, "Flatten", "Flattens axes start_axis.. into one.")
        .def(py::init([](long long start_axis) {
                 return offload::dnn::flatten(to_int(start_axis, "offload::dnn::flatten", "start_axis"));
             }),
             py::arg("start_axis") = 1)
        .def_property_readonly("start_axis", &offload::dnn::flatten::start_axis, "First axis flattened into one.");

    layer_class<offload::dnn::reshape>(mod, "Reshape", "Reshape of the non-batch axes; at most one entry may be -1.")
        .def(py::init<std::vector<std::int64_t>>(), py::arg("shape"))
        .def_property_readonly(
            "shape",
            [](const offload::dnn::reshape& l) {
                py::tuple t(l.shape().size());
                for (std::size_t i = 0; i < l.shape().size(); ++i) t[i] = py::int_(l.shape()[i]);
                return t;
            },
            "Target shape of the non-batch axes (at most one -1).");

    layer_class<offload::dnn::upsample_nearest>(mod, "UpsampleNearest", "Nearest-neighbour upsampling of H and W.")
        .def(py::init([](long long scale_factor) {
                 return offload::dnn::upsample_nearest(
                     to_int(scale_factor, "offload::dnn::upsample_nearest", "scale_factor"));
             }),
             py::arg("scale_factor"))
        .def_property_readonly("scale_factor", &offload::dnn::upsample_nearest::scale_factor,
                               "Integer factor applied to H and W.");

    bind_recurrent<offload::dnn::lstm>(mod, "LSTM", "offload::dnn::lstm",
                                       "Stacked (optionally bidirectional) LSTM over (N, T, input_size); 4 gates.");
    bind_recurrent<offload::dnn::gru>(mod, "GRU", "offload::dnn::gru",
                                      "Stacked (optionally bidirectional) GRU over (N, T, input_size); 3 gates.");

    layer_class<offload::dnn::multi_head_attention>(
        mod, "MultiHeadAttention",
        "Multi-head self-attention with Q, K, V and output projections over (N, T, embed_dim). num_kv_heads < "
        "num_heads is grouped-query attention (0 = num_heads); head_dim 0 = embed_dim / num_heads; "
        "kv_cache_length = n: the new tokens also attend to n cached keys/values.")
        .def(py::init([](long long embed_dim, long long num_heads, long long num_kv_heads, long long head_dim,
                         bool causal, std::int64_t kv_cache_length, bool bias) {
                 offload::dnn::attention_config c;
                 c.embed_dim = to_int(embed_dim, mha_fn, "embed_dim");
                 c.num_heads = to_int(num_heads, mha_fn, "num_heads");
                 c.num_kv_heads = to_int(num_kv_heads, mha_fn, "num_kv_heads");
                 c.head_dim = to_int(head_dim, mha_fn, "head_dim");
                 c.causal = causal;
                 c.kv_cache_length = kv_cache_length;
                 c.bias = bias;
                 return offload::dnn::multi_head_attention(c);
             }),
             py::arg("embed_dim"), py::arg("num_heads"), py::arg("num_kv_heads") = 0, py::arg("head_dim") = 0,
             py::arg("causal") = false, py::arg("kv_cache_length") = 0, py::arg("bias") = true)
        .def_property_readonly(
            "embed_dim", [](const offload::dnn::multi_head_attention& l) { return l.config().embed_dim; },
            "Model width E of the input (N, T, E).")
        .def_property_readonly(
            "num_heads", [](const offload::dnn::multi_head_attention& l) { return l.config().num_heads; },
            "Query heads.")
        .def_property_readonly(
            "num_kv_heads", [](const offload::dnn::multi_head_attention& l) { return l.config().num_kv_heads; },
            "Key/value heads (resolved: equals num_heads unless grouped-query).")
        .def_property_readonly(
            "head_dim", [](const offload::dnn::multi_head_attention& l) { return l.config().head_dim; },
            "Size of each head (resolved: embed_dim / num_heads unless given).")
        .def_property_readonly(
            "causal", [](const offload::dnn::multi_head_attention& l) { return l.config().causal; },
            "True: each query attends only to keys at or before its position.")
        .def_property_readonly(
            "kv_cache_length", [](const offload::dnn::multi_head_attention& l) { return l.config().kv_cache_length; },
            "Tokens already in the KV cache (0: prefill).")
        .def_property_readonly(
            "bias", [](const offload::dnn::multi_head_attention& l) { return l.config().bias; },
            "True: biases on the Q, K, V and output projections.");

    layer_class<offload::dnn::embedding>(mod, "Embedding", "Token-id look-up: (N, T) -> (N, T, embedding_dim).")
        .def(py::init([](long long num_embeddings, long long embedding_dim) {
                 return offload::dnn::embedding(to_int(num_embeddings, "offload::dnn::embedding", "num_embeddings"),
                                                to_int(embedding_dim, "offload::dnn::embedding", "embedding_dim"));
             }),
             py::arg("num_embeddings"), py::arg("embedding_dim"))
        .def_property_readonly("num_embeddings", &offload::dnn::embedding::num_embeddings,
                               "Vocabulary size (rows of the table).")
        .def_property_readonly("embedding_dim", &offload::dnn::embedding::embedding_dim,
                               "Size of each embedding vector.");

    layer_class<offload::dnn::transformer_decoder_block>(
        mod, "TransformerDecoderBlock",
        "Llama-style pre-norm decoder block over (N, T, hidden_size): RMSNorm, causal grouped-query attention "
        "with a KV cache, SwiGLU MLP, residual adds, no biases. kv_cache_length 0 = prefill of T tokens; T = 1 "
        "with kv_cache_length n = one decode step at context length n.")
        .def(py::init([](long long hidden_size, long long num_heads, long long num_kv_heads, long long head_dim,
                         long long mlp_hidden, std::int64_t kv_cache_length) {
                 offload::dnn::decoder_block_config c;
                 c.hidden_size = to_int(hidden_size, dec_fn, "hidden_size");
                 c.num_heads = to_int(num_heads, dec_fn, "num_heads");
                 c.num_kv_heads = to_int(num_kv_heads, dec_fn, "num_kv_heads");
                 c.head_dim = to_int(head_dim, dec_fn, "head_dim");
                 c.mlp_hidden = to_int(mlp_hidden, dec_fn, "mlp_hidden");
                 c.kv_cache_length = kv_cache_length;
                 return offload::dnn::transformer_decoder_block(c);
             }),
             py::arg("hidden_size"), py::arg("num_heads"), py::arg("num_kv_heads") = 0, py::arg("head_dim") = 0,
             py::arg("mlp_hidden"), py::arg("kv_cache_length") = 0)
        .def_property_readonly(
            "hidden_size", [](const offload::dnn::transformer_decoder_block& l) { return l.config().hidden_size; },
            "Model width of the input (N, T, hidden_size).")
        .def_property_readonly(
            "num_heads", [](const offload::dnn::transformer_decoder_block& l) { return l.config().num_heads; },
            "Query heads.")
        .def_property_readonly(
            "num_kv_heads", [](const offload::dnn::transformer_decoder_block& l) { return l.config().num_kv_heads; },
            "Key/value heads (resolved: equals num_heads unless grouped-query).")
        .def_property_readonly(
            "head_dim", [](const offload::dnn::transformer_decoder_block& l) { return l.config().head_dim; },
            "Size of each head (resolved: hidden_size / num_heads unless given).")
        .def_property_readonly(
            "mlp_hidden", [](const offload::dnn::transformer_decoder_block& l) { return l.config().mlp_hidden; },
            "SwiGLU intermediate size.")
        .def_property_readonly(
            "kv_cache_length",
            [](const offload::dnn::transformer_decoder_block& l) { return l.config().kv_cache_length; },
            "Tokens already in the KV cache (0: prefill of the T input tokens; n: decode after n "
            "cached tokens).");
}

} // namespace

void bind_dnn_layers(py::module_& m) { bind_layers(m); }
