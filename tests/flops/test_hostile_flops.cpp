// tests/flops/test_hostile_flops.cpp — issue 18 #17 on the FLOPs models: a rejected argument is named as the
// caller passed it, not as the internal model that happens to check it.
#include <limits>

#include <catch2/catch.hpp>

#include "offload/error.hpp"
#include "offload/flops/layers.hpp"
#include "offload/flops/model.hpp"

using offload::dnn::decoder_block_config;
using offload::dnn::transformer_decoder_block;

TEST_CASE("hostile #17: transformer_decoder_block names hidden_size, not the attention's embed_dim",
          "[flops][hostile]") {
    for (const int bad : {0, -1}) {
        decoder_block_config c{bad, 4, 0, 0, 128, 0};
        CHECK_THROWS_WITH(transformer_decoder_block(c),
                          Catch::Contains("offload::dnn::transformer_decoder_block: parameter 'hidden_size'") &&
                              !Catch::Contains("embed_dim"));
    }
    CHECK(transformer_decoder_block(decoder_block_config{64, 4, 0, 0, 128, 0}).config().head_dim == 16);
}

TEST_CASE("hostile #17: model_builder::training_only_parameters names its argument 'count'", "[flops][hostile]") {
    offload::dnn::model_builder b("m", offload::dnn::tensor_shape{1, 3});
    CHECK_THROWS_WITH(b.training_only_parameters(-1.0),
                      Catch::Contains("model_builder::training_only_parameters: parameter 'count' = -1"));
    CHECK_THROWS_AS(b.training_only_parameters(std::numeric_limits<double>::quiet_NaN()), offload::parameter_error);
    CHECK_NOTHROW(b.training_only_parameters(10.0));
}
