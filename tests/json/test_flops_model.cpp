// Tests for offload/json/flops_model.hpp: round trips of every layer type and of the zoo, and errors that
// name the JSON pointer of the offending value.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <system_error>

#include <catch2/catch.hpp>

#include "offload/flops/split_points.hpp"
#include "offload/flops/zoo.hpp"
#include "offload/json/flops_model.hpp"

using namespace offload;
using namespace offload::dnn;
using json = nlohmann::json;

namespace {

std::string message_of(const std::string& text) {
    try {
        (void)model_from_json_text(text);
    } catch (const parameter_error& e) {
        return e.what();
    }
    return "no exception";
}

void same_model(const model& a, const model& b) {
    REQUIRE(a.size() == b.size());
    CHECK(a.name() == b.name());
    CHECK(a.input_shape() == b.input_shape());
    CHECK(a.data_type() == b.data_type());
    CHECK(total_parameters(a) == total_parameters(b));
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a.node(i).name == b.node(i).name);
        CHECK(a.node(i).op.index() == b.node(i).op.index());
        CHECK(a.node(i).inputs == b.node(i).inputs);
        CHECK(a.node(i).output_shape == b.node(i).output_shape);
        const auto ca = cost(a, i, dtype::fp32, flops_convention::twice_macs_plus_other);
        const auto cb = cost(b, i, dtype::fp32, flops_convention::twice_macs_plus_other);
        CHECK(ca.macs == cb.macs);
        CHECK(ca.flops == cb.flops);
        CHECK(ca.parameters == cb.parameters);
        CHECK(ca.memory_bytes() == cb.memory_bytes());
        CHECK(ca.kind == cb.kind);
    }
}

model round_trip(const model& m) { return model_from_json_text(json(m).dump()); }

const char* tiny = R"({"name": "tiny", "input_shape": [1, 3, 8, 8], "dtype": "fp16",
  "layers": [
    {"name": "conv", "type": "conv2d", "in_channels": 3, "out_channels": 4, "kernel_size": [3, 1],
     "padding": [1, 0], "bias": false},
    {"name": "bn", "type": "batch_norm", "num_features": 4},
    {"name": "act", "type": "activation", "kind": "hardswish"},
    {"name": "sum", "type": "elementwise", "op": "add", "inputs": ["act", "conv"]},
    {"name": "pool", "type": "pool2d", "kind": "average", "kernel_size": 2},
    {"name": "flat", "type": "flatten"},
    {"name": "fc", "type": "linear", "in_features": 64, "out_features": 2}
  ]})";

} // namespace

TEST_CASE("json: reading a hand-written model (defaults, inputs, dtype)", "[json]") {
    const model m = model_from_json_text(tiny);
    CHECK(m.name() == "tiny");
    CHECK(m.data_type() == dtype::fp16);
    CHECK(m.size() == 7);
    CHECK(m.node(3).inputs == std::vector<int>{2, 0});
    CHECK(m.node(4).output_shape == tensor_shape{1, 4, 4, 4}); // stride defaults to the kernel size
    CHECK(total_macs(m) == 64.0 * 4 * 9 + 128.0);
    CHECK(total_parameters(m) == 4.0 * 9 + 8 + 130);
    same_model(m, round_trip(m));
    const json j = m;
    CHECK(j["layers"][0]["kernel_size"] == json::array({3, 1}));
    CHECK(j["layers"][0]["stride"] == 1);
    CHECK(j["layers"][1]["inputs"] == json::array({"conv"}));
    CHECK(j["layers"][0]["inputs"] == json::array({"input"}));
    CHECK(j.get<model>().size() == 7);
}

TEST_CASE("json: every layer type round-trips", "[json]") {
    model_builder img("img", {2, 4, 8, 8}, dtype::int8);
    img.add("c", conv2d(4, 8, {3, 5}, {2, 1}, {1, 2}, {1, 1}, 4, false));
    img.add("ln", layer_norm(8, true, false));
    img.add("mp", pool2d(pool_kind::max, 3, 2, 1, true));
    img.add("ap", adaptive_pool2d(pool_kind::max, {2, 3}));
    img.add("up", upsample_nearest(2));
    img.add("s1", slice(1, 0, 4));
    img.add("s2", slice(1, 4, 4), {"up"});
    img.add("mul", elementwise(elementwise_op::mul), {"s1", "s2"});
    img.add("cat", concat(3), {"mul", "s1"});
    img.add("r", reshape({4, -1}));
    img.add("sm", activation(activation_kind::softmax, 1));
    img.training_only_parameters(12);
    const model a = std::move(img).build();
    same_model(a, round_trip(a));
    CHECK(round_trip(a).training_only_parameters() == 12.0);

    model_builder seq("seq", {1, 6});
    seq.add("emb", embedding(100, 16));
    seq.add("rms", rms_norm(16));
    seq.add("attn", multi_head_attention({16, 4, 2, 8, true, 3, false}));
    seq.add("block", transformer_decoder_block({16, 4, 1, 4, 32, 5}));
    seq.add("lstm", lstm({16, 8, 2, true, true, recurrent_bias::single}));
    seq.add("gru", gru({16, 4, 1, false, false, recurrent_bias::none}));
    seq.add("head", linear(4, 100, false, true));
    const model b = std::move(seq).build();
    same_model(b, round_trip(b));
}

TEST_CASE("json: the zoo round-trips", "[json][zoo]") {
    for (const model& m : {zoo::mobilenet_v2(), zoo::resnet18(), zoo::inception_v3(), zoo::yolov8n(),
                           zoo::sentiment_lstm(), zoo::llama_3_2_1b_decode(100)}) {
        const model back = round_trip(m);
        same_model(m, back);
        CHECK(total_macs(back) == total_macs(m));
    }
}

TEST_CASE("json: files", "[json]") {
    const std::string path = "offload_test_flops_model.json";
    write_model(path, zoo::resnet18());
    CHECK(total_parameters(read_model(path)) == 11689512.0);
    std::remove(path.c_str());
    // a file that cannot be read or written is a std::system_error with errno's code, naming the path
    try {
        (void)read_model("/nonexistent/dir/model.json");
        FAIL("no error thrown");
    } catch (const std::system_error& e) {
        CHECK(e.code() == std::errc::no_such_file_or_directory);
        CHECK_THAT(e.what(),
                   Catch::Contains("offload::dnn::read_model") && Catch::Contains("/nonexistent/dir/model.json"));
    }
    CHECK_THROWS_AS(write_model("/nonexistent/dir/model.json", zoo::resnet18()), std::system_error);
    CHECK_THROWS_WITH(write_model("/nonexistent/dir/model.json", zoo::resnet18()),
                      Catch::Contains("offload::dnn::write_model") && Catch::Contains("cannot open"));
}

TEST_CASE("json: errors name the JSON pointer", "[json]") {
    auto with = [](const std::string& from, const std::string& to) {
        std::string s = tiny;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    auto names = [](const std::string& msg, const std::string& pointer) {
        INFO(msg);
        CHECK(msg.find("parameter '" + pointer + "'") != std::string::npos);
    };
    CHECK(message_of("{\"name\": ").find("not well-formed JSON") != std::string::npos);
    names(message_of("[1, 2]"), "/");
    names(message_of(with("\"name\": \"tiny\", ", "")), "/name");
    names(message_of(with("\"dtype\": \"fp16\"", "\"dtype\": \"bf16\"")), "/dtype");
    names(message_of(with("\"dtype\"", "\"dtyp\"")), "/dtyp"); // unknown key
    names(message_of(with("[1, 3, 8, 8]", "[1, 3, 0, 8]")), "/input_shape/2");
    names(message_of(with("[1, 3, 8, 8]", "[]")), "/input_shape");
    names(message_of(with("\"kernel_size\": [3, 1]", "\"kernel_size\": [3, 1.5]")), "/layers/0/kernel_size/1");
    names(message_of(with("\"kernel_size\": [3, 1]", "\"kernel_size\": [3]")), "/layers/0/kernel_size");
    names(message_of(with("\"kernel_size\": [3, 1],", "")), "/layers/0/kernel_size"); // missing
    names(message_of(with("\"bias\": false", "\"bias\": 0")), "/layers/0/bias");
    names(message_of(with("\"type\": \"batch_norm\"", "\"type\": \"batchnorm\"")), "/layers/1/type");
    names(message_of(with("\"num_features\": 4}", "\"num_features\": 4, \"eps\": 1e-5}")), "/layers/1/eps");
    names(message_of(with("\"kind\": \"hardswish\"", "\"kind\": \"swish\"")), "/layers/2/kind");
    names(message_of(with("\"op\": \"add\"", "\"op\": 3")), "/layers/3/op");
    names(message_of(with("[\"act\", \"conv\"]", "[\"act\", \"nope\"]")), "/layers/3/inputs"); // unknown input
    names(message_of(with("[\"act\", \"conv\"]", "[\"act\", \"pool\"]")), "/layers/3/inputs"); // a later layer
    names(message_of(with("\"type\": \"batch_norm\",", "\"type\": \"batch_norm\", \"inputs\": [\"conv\", \"input\"],")),
          "/layers/1/inputs"); // two inputs to a non-merging layer
    names(message_of(with("[\"act\", \"conv\"]", "\"act\"")), "/layers/3/inputs");
    names(message_of(with("[\"act\", \"conv\"]", "[\"act\", 1]")), "/layers/3/inputs/1");
    names(message_of(with("\"num_features\": 4", "\"num_features\": 5")), "/layers/1"); // shape error
    names(message_of(with("\"in_features\": 64", "\"in_features\": 0")), "/layers/6/in_features");
    names(message_of(with("\"layers\": [", "\"layers\": {\"a\": [").append("}")), "/layers");
    names(message_of(with("{\"name\": \"flat\", \"type\": \"flatten\"}", "3")), "/layers/5");
    // constructor validation: groups must divide the channels -> the pointer of the field
    const auto groups = message_of(with("\"bias\": false}", "\"bias\": false, \"groups\": 2}"));
    names(groups, "/layers/0/groups");
    CHECK(groups.find("offload::dnn::conv2d") != std::string::npos);
    // an output never read is an error of the whole graph
    names(message_of(with("\"inputs\": [\"act\", \"conv\"]", "\"inputs\": [\"conv\", \"conv\"]")), "/layers");
}

TEST_CASE("json: integers too large for the field are errors, never wrapped", "[json][errors]") {
    // 4294967299 = 2^32 + 3 would become 3 if narrowed to a 32-bit int
    auto message = [](const std::string& layer) {
        return message_of(R"({"name": "o", "input_shape": [1, 3, 8, 8], "layers": [)" + layer + "]}");
    };
    auto names = [](const std::string& msg, const std::string& pointer) {
        INFO(msg);
        CHECK(msg.find("parameter '" + pointer + "'") != std::string::npos);
        CHECK(msg.find("must be an integer in [") != std::string::npos);
    };
    names(message(R"({"name": "c", "type": "conv2d", "in_channels": 4294967299, "out_channels": 4, "kernel_size": 3})"),
          "/layers/0/in_channels");
    names(message(R"({"name": "c", "type": "conv2d", "in_channels": 3, "out_channels": 4294967300, "kernel_size": 3})"),
          "/layers/0/out_channels");
    names(
        message(
            R"({"name": "c", "type": "conv2d", "in_channels": 3, "out_channels": 4, "kernel_size": [3, 4294967299]})"),
        "/layers/0/kernel_size/1");
    names(message(R"({"name": "p", "type": "pool2d", "kind": "max", "kernel_size": 2, "stride": 4294967298})"),
          "/layers/0/stride");
    names(message(R"({"name": "f", "type": "flatten", "start_axis": 4294967297})"), "/layers/0/start_axis");
    names(message_of(R"({"name": "o", "input_shape": [1, 1099511627777], "layers": [{"name": "r", "type": "activation",
                         "kind": "relu"}]})"),
          "/input_shape/1");
    names(message_of(R"({"name": "o", "input_shape": [1, 1e300], "layers": []})"), "/input_shape/1");
    // the largest values each field accepts still read exactly
    const model big = model_from_json_text(
        R"({"name": "o", "input_shape": [1, 1], "layers": [{"name": "e", "type": "embedding", "num_embeddings": 1000000000,
            "embedding_dim": 1}, {"name": "a", "type": "multi_head_attention", "embed_dim": 1, "num_heads": 1,
            "kv_cache_length": 1099511627776, "bias": false}]})");
    CHECK(total_parameters(big) == 1e9 + 4.0);
    CHECK(std::get<multi_head_attention>(big.node(1).op).config().kv_cache_length == (std::int64_t{1} << 40));
    names(message(R"({"name": "a", "type": "multi_head_attention", "embed_dim": 1, "num_heads": 1,
                      "kv_cache_length": 1099511627777})"),
          "/layers/0/kv_cache_length");
}

TEST_CASE("json: malformed text names the JSON pointer where it breaks, the line and column", "[json][errors]") {
    auto names = [](const std::string& msg, const std::string& pointer, const std::string& also) {
        INFO(msg);
        CHECK(msg.find("offload::dnn::from_json(model): parameter '" + pointer + "' = byte ") != std::string::npos);
        CHECK(msg.find("is not well-formed JSON") != std::string::npos);
        CHECK(msg.find(also) != std::string::npos);
    };
    names(message_of(""), "/", "line 1, column 1");
    names(message_of("{"), "/", "unexpected end of input");
    names(message_of(R"({"name": "x", "input_shape": [1, 3, 8 8]})"), "/input_shape", "(after element 2)");
    names(message_of("{\"name\": \"x\",\n \"layers\": [{\"name\": \"c\"}, {\"name\": \"d\", \"kernel_size\": [3,]}]}"),
          "/layers/1/kernel_size", "after element 0");
    CHECK(message_of("{\"name\": \"x\",\n \"layers\": [{\"name\": \"c\"}, {\"name\": \"d\", \"kernel_size\": [3,]}]}")
              .find("line 2, column ") != std::string::npos);
    names(message_of(R"({"name": "x", "layers": [{"name": "c", "type": "conv2d" "in_channels": 3}]})"), "/layers/0",
          "after the value of 'type'");
    names(message_of(R"({"name": "x", "layers": [{"name": "c"},]})"), "/layers", "after element 0");
    names(message_of(R"({"name": "x", "layers": [{"name": "c", "kernel_size": [3, 3}]})"), "/layers/0/kernel_size",
          "after element 1");
    names(message_of(R"({"na/me": tru})"), "/na~1me", "line 1"); // RFC 6901 escaping
    names(message_of(R"({"name": "x"} trailing)"), "/", "expected end of input");

    // the same from a file, naming the file
    const std::string path = "offload_test_malformed_model.json";
    {
        std::ofstream out(path);
        out << "{\"name\": \"x\", \"input_shape\": [1, 2,\n";
    }
    std::string msg = "no exception";
    try {
        (void)read_model(path);
    } catch (const parameter_error& e) {
        msg = e.what();
    }
    std::remove(path.c_str());
    names(msg, "/input_shape", "file '" + path + "'");
}

TEST_CASE("json: models exported from torchvision match the zoo layer by layer", "[json][zoo]") {
    // tests/flops/data/*.json were written by benchmarks/torch_to_model_json.py from torchvision 0.14
    // (torch.fx graph, real tensor shapes); the script printed MACs 1,814,073,344 / 300,774,272.
    const std::string dir =
        OFFLOAD_TESTS_SOURCE_DIR "/flops/data/"; // not __FILE__: ccache's base_dir makes it relative
    const model r18 = read_model(dir + "resnet18.json");
    const model z18 = zoo::resnet18();
    CHECK(r18.size() == z18.size());
    CHECK(total_macs(r18) == 1814073344.0);
    CHECK(total_macs(r18) == total_macs(z18));
    CHECK(total_parameters(r18) == total_parameters(z18));
    CHECK(total_other_ops(r18) == total_other_ops(z18));
    const model mb = read_model(dir + "mobilenet_v2.json");
    const model zmb = zoo::mobilenet_v2();
    CHECK(mb.size() == zmb.size());
    CHECK(total_macs(mb) == 300774272.0);
    CHECK(total_macs(mb) == total_macs(zmb));
    CHECK(total_parameters(mb) == total_parameters(zmb));
    // the single-tensor split points agree too (same payloads at the same cuts)
    const auto a = split_points(mb, dtype::fp32), b = split_points(zmb, dtype::fp32);
    for (std::size_t k = 0; k < a.size(); ++k) CHECK(a[k].payload_bytes == b[k].payload_bytes);
}
