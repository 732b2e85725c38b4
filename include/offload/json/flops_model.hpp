// offload/json/flops_model.hpp — opt-in JSON for offload::dnn::model (nlohmann/json 3.11).
//
//   {
//     "name": "resnet18",
//     "input_shape": [1, 3, 224, 224],
//     "dtype": "fp32",                                  (optional: "fp32" | "fp16" | "int8", default fp32)
//     "training_only_parameters": 0,                    (optional, default 0)
//     "layers": [
//       {"name": "conv1", "type": "conv2d", "inputs": ["input"],
//        "in_channels": 3, "out_channels": 64, "kernel_size": [7, 7], "stride": 2, "padding": 3,
//        "bias": false},
//       {"name": "relu", "type": "activation", "kind": "relu"},          ("inputs" absent: the previous layer)
//       ...
//     ]
//   }
//
// Graph edges are the "inputs" lists ("input" names the model input). (h, w) pairs may be written as one
// integer. Fields and defaults per layer type are listed in docs/flops.md. Reading goes through the layers'
// validating constructors and model_builder, through the shared reader (offload/json/detail/reader.hpp); every
// content error is an offload::parameter_error whose parameter is the JSON pointer of the offending value (e.g.
// '/layers/3/kernel_size'); unknown keys are errors. I/O: read_model(path), write_model(path, m),
// model_from_json_text(text), to_json_text(m, indent); a file that cannot be read or written is a
// std::system_error.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"
#include "offload/flops/layer_cost.hpp"
#include "offload/flops/layers.hpp"
#include "offload/flops/model.hpp"
#include "offload/json/detail/reader.hpp"

namespace offload::dnn {

namespace detail::flops_json {

using json = nlohmann::json;
inline constexpr const char* fn = "offload::dnn::from_json(model)";

[[noreturn]] inline void fail(const std::string& pointer, const json& value, const char* requirement) {
    offload::detail::json_io::fail(fn, pointer, value, requirement);
}

/// A JSON object being read (the shared json_object with the layer fields' integer and (h, w) readers):
/// fields are taken one by one; finish() rejects any key left over.
class reader {
public:
    reader(const json& j, std::string pointer) : obj_(offload::detail::json_io::json_node(j, std::move(pointer), fn)) {}
    const std::string& pointer() const noexcept { return obj_.pointer(); }
    std::string at(const char* key) const { return obj_.at(key); }
    bool has(const char* key) const { return obj_.has(key); }

    offload::detail::json_io::json_node field(const char* key) { return obj_.required(key); }
    const json& required(const char* key) { return obj_.required(key).value(); }
    /// An integer field in [minimum, maximum] (default: what an int layer field may hold, 1e9).
    long long integer(const char* key, long long minimum, long long maximum = int_max) {
        return obj_.required(key).integer(minimum, maximum);
    }
    long long optional_integer(const char* key, long long minimum, long long fallback, long long maximum = int_max) {
        const auto v = obj_.optional(key);
        return v ? v->integer(minimum, maximum) : fallback;
    }
    bool boolean(const char* key, bool fallback) {
        const auto v = obj_.optional(key);
        return v ? v->boolean() : fallback;
    }
    std::string text(const char* key) { return obj_.required(key).string(); }
    std::string text(const char* key, const char* fallback) { return has(key) ? text(key) : fallback; }
    hw pair(const char* key, int minimum) {
        const offload::detail::json_io::json_node v = obj_.required(key);
        if (v.is_array()) {
            if (v.value().size() != 2) v.fail("must be an integer or an array [h, w]");
            return hw(static_cast<int>(v.element(0).integer(minimum, int_max)),
                      static_cast<int>(v.element(1).integer(minimum, int_max)));
        }
        return hw(static_cast<int>(v.integer(minimum, int_max)));
    }
    hw pair(const char* key, int minimum, hw fallback) { return has(key) ? pair(key, minimum) : fallback; }

    void finish() const { obj_.finish(); }

    /// Largest value of an int field (layer sizes, channels, kernel sizes): larger values would not fit an
    /// int, and every layer constructor rejects them anyway.
    static constexpr long long int_max = 1000000000LL;
    /// Largest tensor dimension / KV-cache length (tensor_shape's and attention's own limit).
    static constexpr long long dim_max = 1LL << 40;

    static long long to_integer(const json& v, const std::string& pointer, long long minimum,
                                long long maximum = int_max) {
        return offload::detail::json_io::json_node(v, pointer, fn).integer(minimum, maximum);
    }

private:
    offload::detail::json_io::json_object obj_;
};

template <class Enum, std::size_t N>
Enum enumerator(reader& r, const char* key, const std::array<const char*, N>& names) {
    return static_cast<Enum>(r.field(key).one_of(names));
}

inline constexpr std::array<const char*, 3> dtype_names{"fp32", "fp16", "int8"};
inline constexpr std::array<const char*, 2> pool_names{"max", "average"};
inline constexpr std::array<const char*, 8> activation_names{"relu",    "relu6", "silu",      "gelu",
                                                             "sigmoid", "tanh",  "hardswish", "softmax"};
inline constexpr std::array<const char*, 2> elementwise_names{"add", "mul"};
inline constexpr std::array<const char*, 3> bias_names{"none", "single", "pytorch"};

inline int i32(long long v) { return static_cast<int>(v); }

inline recurrent_config read_recurrent(reader& r) {
    recurrent_config c;
    c.input_size = i32(r.integer("input_size", 1));
    c.hidden_size = i32(r.integer("hidden_size", 1));
    c.num_layers = i32(r.optional_integer("num_layers", 1, 1));
    c.bidirectional = r.boolean("bidirectional", false);
    c.return_sequences = r.boolean("return_sequences", true);
    c.bias = r.has("bias") ? enumerator<recurrent_bias>(r, "bias", bias_names) : recurrent_bias::pytorch;
    return c;
}

/// Reads the type-specific fields of one layer object (name/type/inputs already taken).
inline layer read_layer(reader& r, const std::string& type) {
    if (type == "conv2d") {
        const int in = i32(r.integer("in_channels", 1)), out = i32(r.integer("out_channels", 1));
        const hw k = r.pair("kernel_size", 1), s = r.pair("stride", 1, 1), p = r.pair("padding", 0, 0),
                 d = r.pair("dilation", 1, 1);
        const int g = i32(r.optional_integer("groups", 1, 1));
        return conv2d(in, out, k, s, p, d, g, r.boolean("bias", true));
    }
    if (type == "linear") {
        const int in = i32(r.integer("in_features", 1)), out = i32(r.integer("out_features", 1));
        const bool bias = r.boolean("bias", true);
        return linear(in, out, bias, r.boolean("tied", false));
    }
    if (type == "batch_norm") return batch_norm(i32(r.integer("num_features", 1)));
    if (type == "layer_norm") {
        const int d = i32(r.integer("normalized_size", 1));
        const bool affine = r.boolean("elementwise_affine", true);
        return layer_norm(d, affine, r.boolean("bias", true));
    }
    if (type == "rms_norm") return rms_norm(i32(r.integer("normalized_size", 1)));
    if (type == "pool2d") {
        const auto kind = enumerator<pool_kind>(r, "kind", pool_names);
        const hw k = r.pair("kernel_size", 1);
        const hw s = r.pair("stride", 1, k), p = r.pair("padding", 0, 0);
        return pool2d(kind, k, s, p, r.boolean("ceil_mode", false));
    }
    if (type == "adaptive_pool2d") {
        const auto kind = enumerator<pool_kind>(r, "kind", pool_names);
        return adaptive_pool2d(kind, r.pair("output_size", 1));
    }
    if (type == "activation") {
        const auto kind = enumerator<activation_kind>(r, "kind", activation_names);
        return activation(kind, i32(r.optional_integer("axis", -4, -1)));
    }
    if (type == "elementwise") return elementwise(enumerator<elementwise_op>(r, "op", elementwise_names));
    if (type == "concat") return concat(i32(r.optional_integer("axis", 0, 1)));
    if (type == "slice") {
        const int axis = i32(r.integer("axis", 0)), start = i32(r.integer("start", 0));
        return slice(axis, start, i32(r.integer("length", 1)));
    }
    if (type == "flatten") return flatten(i32(r.optional_integer("start_axis", 0, 1)));
    if (type == "reshape") {
        const json& v = r.required("shape");
        if (!v.is_array()) fail(r.at("shape"), v, "must be an array of integers (-1 = inferred)");
        std::vector<std::int64_t> dims;
        for (std::size_t i = 0; i < v.size(); ++i)
            dims.push_back(reader::to_integer(v[i], r.at("shape") + "/" + std::to_string(i), -1, reader::dim_max));
        return reshape(std::move(dims));
    }
    if (type == "upsample_nearest") return upsample_nearest(i32(r.integer("scale_factor", 1)));
    if (type == "lstm") return lstm(read_recurrent(r));
    if (type == "gru") return gru(read_recurrent(r));
    if (type == "multi_head_attention") {
        attention_config c;
        c.embed_dim = i32(r.integer("embed_dim", 1));
        c.num_heads = i32(r.integer("num_heads", 1));
        c.num_kv_heads = i32(r.optional_integer("num_kv_heads", 0, 0));
        c.head_dim = i32(r.optional_integer("head_dim", 0, 0));
        c.causal = r.boolean("causal", false);
        c.kv_cache_length = r.optional_integer("kv_cache_length", 0, 0, reader::dim_max);
        c.bias = r.boolean("bias", true);
        return multi_head_attention(c);
    }
    if (type == "embedding") {
        const int v = i32(r.integer("num_embeddings", 1));
        return embedding(v, i32(r.integer("embedding_dim", 1)));
    }
    if (type == "transformer_decoder_block") {
        decoder_block_config c;
        c.hidden_size = i32(r.integer("hidden_size", 1));
        c.num_heads = i32(r.integer("num_heads", 1));
        c.num_kv_heads = i32(r.optional_integer("num_kv_heads", 0, 0));
        c.head_dim = i32(r.optional_integer("head_dim", 0, 0));
        c.mlp_hidden = i32(r.integer("mlp_hidden", 1));
        c.kv_cache_length = r.optional_integer("kv_cache_length", 0, 0, reader::dim_max);
        return transformer_decoder_block(c);
    }
    std::string req = "must be a known layer type:";
    for (const char* n : layer_type_names) req += std::string(" ") + n;
    fail(r.at("type"), json(type), req.c_str());
}

inline json pair_json(hw v) { return v.h == v.w ? json(v.h) : json::array({v.h, v.w}); }

struct layer_writer {
    json& j;
    void operator()(const conv2d& l) const {
        j["in_channels"] = l.in_channels();
        j["out_channels"] = l.out_channels();
        j["kernel_size"] = pair_json(l.kernel_size());
        j["stride"] = pair_json(l.stride());
        j["padding"] = pair_json(l.padding());
        j["dilation"] = pair_json(l.dilation());
        j["groups"] = l.groups();
        j["bias"] = l.bias();
    }
    void operator()(const linear& l) const {
        j["in_features"] = l.in_features();
        j["out_features"] = l.out_features();
        j["bias"] = l.bias();
        j["tied"] = l.tied();
    }
    void operator()(const batch_norm& l) const { j["num_features"] = l.num_features(); }
    void operator()(const layer_norm& l) const {
        j["normalized_size"] = l.normalized_size();
        j["elementwise_affine"] = l.elementwise_affine();
        j["bias"] = l.bias();
    }
    void operator()(const rms_norm& l) const { j["normalized_size"] = l.normalized_size(); }
    void operator()(const pool2d& l) const {
        j["kind"] = pool_names[static_cast<std::size_t>(l.kind())];
        j["kernel_size"] = pair_json(l.kernel_size());
        j["stride"] = pair_json(l.stride());
        j["padding"] = pair_json(l.padding());
        j["ceil_mode"] = l.ceil_mode();
    }
    void operator()(const adaptive_pool2d& l) const {
        j["kind"] = pool_names[static_cast<std::size_t>(l.kind())];
        j["output_size"] = pair_json(l.output_size());
    }
    void operator()(const activation& l) const {
        j["kind"] = activation_names[static_cast<std::size_t>(l.kind())];
        j["axis"] = l.axis();
    }
    void operator()(const elementwise& l) const { j["op"] = elementwise_names[static_cast<std::size_t>(l.op())]; }
    void operator()(const concat& l) const { j["axis"] = l.axis(); }
    void operator()(const slice& l) const {
        j["axis"] = l.axis();
        j["start"] = l.start();
        j["length"] = l.length();
    }
    void operator()(const flatten& l) const { j["start_axis"] = l.start_axis(); }
    void operator()(const reshape& l) const { j["shape"] = l.shape(); }
    void operator()(const upsample_nearest& l) const { j["scale_factor"] = l.scale_factor(); }
    void recurrent(const recurrent_config& c) const {
        j["input_size"] = c.input_size;
        j["hidden_size"] = c.hidden_size;
        j["num_layers"] = c.num_layers;
        j["bidirectional"] = c.bidirectional;
        j["return_sequences"] = c.return_sequences;
        j["bias"] = bias_names[static_cast<std::size_t>(c.bias)];
    }
    void operator()(const lstm& l) const { recurrent(l.config()); }
    void operator()(const gru& l) const { recurrent(l.config()); }
    void operator()(const multi_head_attention& l) const {
        const auto& c = l.config();
        j["embed_dim"] = c.embed_dim;
        j["num_heads"] = c.num_heads;
        j["num_kv_heads"] = c.num_kv_heads;
        j["head_dim"] = c.head_dim;
        j["causal"] = c.causal;
        j["kv_cache_length"] = c.kv_cache_length;
        j["bias"] = c.bias;
    }
    void operator()(const embedding& l) const {
        j["num_embeddings"] = l.num_embeddings();
        j["embedding_dim"] = l.embedding_dim();
    }
    void operator()(const transformer_decoder_block& l) const {
        const auto& c = l.config();
        j["hidden_size"] = c.hidden_size;
        j["num_heads"] = c.num_heads;
        j["num_kv_heads"] = c.num_kv_heads;
        j["head_dim"] = c.head_dim;
        j["mlp_hidden"] = c.mlp_hidden;
        j["kv_cache_length"] = c.kv_cache_length;
    }
};

/// Runs f; a parameter_error from a constructor or the builder is re-thrown naming the JSON pointer.
template <class F>
auto at_pointer(const std::string& pointer, const json& value, F&& f) {
    try {
        return f();
    } catch (const parameter_error& e) {
        const std::string what = e.what();
        if (what.rfind(std::string("offload: ") + fn, 0) == 0) throw; // already names a pointer
        // the constructor names the field: point at it when the object has that key
        std::string where = pointer;
        const json* shown_value = &value;
        const auto open = what.find("parameter '");
        if (open != std::string::npos) {
            const auto first = open + 11, close = what.find('\'', first);
            std::string key = what.substr(first, close == std::string::npos ? 0 : close - first);
            // the builder names "<layer>.inputs": point at the layer's "inputs" field
            if (const auto dot = key.rfind('.'); dot != std::string::npos && value.is_object() && !value.contains(key))
                key = key.substr(dot + 1);
            if (value.is_object() && !key.empty() && value.contains(key)) {
                where += "/" + key;
                shown_value = &value.at(key);
            }
        }
        offload::detail::json_io::fail(fn, where, *shown_value, what);
    }
}

inline model model_from_value(const json& j) {
    reader top(j, "");
    const std::string name = top.text("name");
    const json& shape = top.required("input_shape");
    if (!shape.is_array() || shape.empty() || shape.size() > 4)
        fail("/input_shape", shape, "must be an array of 1..4 positive integers");
    std::vector<std::int64_t> dims;
    for (std::size_t i = 0; i < shape.size(); ++i)
        dims.push_back(reader::to_integer(shape[i], "/input_shape/" + std::to_string(i), 1, reader::dim_max));
    const dtype type = top.has("dtype") ? enumerator<dtype>(top, "dtype", dtype_names) : dtype::fp32;
    const double extra = top.has("training_only_parameters")
                             ? static_cast<double>(top.integer("training_only_parameters", 0, 1000000000000000LL))
                             : 0.0;
    const json& layers = top.required("layers");
    if (!layers.is_array()) fail("/layers", layers, "must be an array of layer objects");
    top.finish();

    model_builder b = at_pointer("/input_shape", shape, [&] { return model_builder(name, tensor_shape(dims), type); });
    b.training_only_parameters(extra);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string ptr = "/layers/" + std::to_string(i);
        reader r(layers[i], ptr);
        const std::string layer_name = r.text("name");
        const std::string type_name = r.text("type");
        layer op = at_pointer(ptr, layers[i], [&] { return read_layer(r, type_name); });
        std::vector<std::string> inputs;
        if (r.has("inputs")) {
            const json& in = r.required("inputs");
            if (!in.is_array()) fail(r.at("inputs"), in, "must be an array of layer names");
            for (std::size_t k = 0; k < in.size(); ++k) {
                if (!in[k].is_string()) fail(r.at("inputs") + "/" + std::to_string(k), in[k], "must be a layer name");
                inputs.push_back(in[k].get<std::string>());
            }
        }
        r.finish();
        at_pointer(ptr, layers[i], [&] {
            if (r.has("inputs"))
                b.add(layer_name, std::move(op), inputs);
            else
                b.add(layer_name, std::move(op));
            return 0;
        });
    }
    return at_pointer("/layers", layers, [&] { return std::move(b).build(); });
}

inline json model_to_value(const model& m) {
    json j;
    j["name"] = m.name();
    j["input_shape"] = m.input_shape().dims();
    j["dtype"] = dtype_names[static_cast<std::size_t>(m.data_type())];
    if (m.training_only_parameters() > 0.0)
        j["training_only_parameters"] = static_cast<std::int64_t>(m.training_only_parameters());
    json layers = json::array();
    for (const auto& node : m.nodes()) {
        json l;
        l["name"] = node.name;
        l["type"] = type_name(node.op);
        json inputs = json::array();
        for (int id : node.inputs)
            inputs.push_back(id < 0 ? std::string(model_builder::input_name)
                                    : m.node(static_cast<std::size_t>(id)).name);
        l["inputs"] = std::move(inputs);
        std::visit(layer_writer{l}, node.op);
        layers.push_back(std::move(l));
    }
    j["layers"] = std::move(layers);
    return j;
}

} // namespace detail::flops_json

/// Parses a model from JSON text. Malformed JSON is a parameter_error naming the JSON pointer of the value
/// being read where the syntax error is (e.g. '/layers/2/kernel_size/1'), the byte, line and column.
[[nodiscard]] inline model model_from_json_text(std::string_view text) {
    return detail::flops_json::model_from_value(offload::detail::parse_json_text(text, detail::flops_json::fn));
}

/// m as JSON text, `indent` spaces per level (-1: one line); parameter_error naming 'indent' outside
/// [-1, max_json_indent].
[[nodiscard]] inline std::string to_json_text(const model& m, int indent = 1) {
    return offload::detail::dump_json(detail::flops_json::model_to_value(m), indent,
                                      "offload::dnn::to_json_text(model)");
}

/// Reads a model from a JSON file: std::system_error naming the path if it cannot be read; content errors
/// as model_from_json_text, naming the file too.
[[nodiscard]] inline model read_model(const std::string& path) {
    const std::string text = offload::detail::read_text_file(path, "offload::dnn::read_model");
    return detail::flops_json::model_from_value(offload::detail::parse_json_text(text, detail::flops_json::fn, path));
}

/// Writes a model as JSON (indented by 1 space per level); std::system_error naming the path on failure.
inline void write_model(const std::string& path, const model& m) {
    offload::detail::write_text_file(path, to_json_text(m) + "\n", "offload::dnn::write_model");
}

} // namespace offload::dnn

namespace nlohmann {

/// offload::dnn::model has no default constructor: from_json builds it through model_builder.
template <>
struct adl_serializer<offload::dnn::model> {
    static offload::dnn::model from_json(const json& j) {
        return offload::dnn::detail::flops_json::model_from_value(j);
    }
    static void to_json(json& j, const offload::dnn::model& m) {
        j = offload::dnn::detail::flops_json::model_to_value(m);
    }
};

} // namespace nlohmann
