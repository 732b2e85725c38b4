// Defaulted operator== on the value types (issue 19 §1): equal when every field is, different when one is.
#include <concepts>

#include <catch2/catch.hpp>

#include "offload/advisor/advise.hpp"
#include "offload/flops/calibration.hpp"
#include "offload/offload.hpp"
#include "offload/queues/mg1_fcfs.hpp"
#include "offload/queues/mg1_las.hpp"
#include "offload/queues/mg1_srpt.hpp"

namespace {
template <class T>
constexpr bool eq = std::equality_comparable<T>;
} // namespace

TEST_CASE("value types compare with ==", "[pipelines][policy][flops][equality]") {
    using namespace offload;
    STATIC_REQUIRE(eq<convolution_options> && eq<network_link> && eq<payload> && eq<tenant_demand> && eq<tenant_mix>);
    STATIC_REQUIRE(eq<tenant_offload_pipeline<mg1, mm1>> && eq<tenant_split_pipeline<md1, mg1, mm1>>);
    STATIC_REQUIRE(eq<policy_remote> && eq<policy_split> && eq<policy_options> && eq<policy_description>);
    STATIC_REQUIRE(eq<crossover_options> && eq<wait_bounds> && eq<advise_options>);
    STATIC_REQUIRE(eq<lemma_inputs> && eq<multi_tenant_lemma_inputs> && eq<detail::lemma_queue_terms>);
    STATIC_REQUIRE(eq<dnn::layer_cost> && eq<dnn::hardware_spec> && eq<dnn::hardware_profile> && eq<dnn::layer_counts>);
    STATIC_REQUIRE(eq<dnn::calibration_options> && eq<dnn::layer_latency_terms> && eq<dnn::split_latency_estimate>);
    STATIC_REQUIRE(eq<dnn::layer> && eq<dnn::conv2d> && eq<dnn::lstm> && eq<dnn::transformer_decoder_block>);

    CHECK(convolution_options{} == convolution_options{});
    CHECK_FALSE(convolution_options{} == convolution_options{std::size_t{1} << 10, 1e-9});
    CHECK(network_link(1e6, 0.01) == network_link(1e6, 0.01));
    CHECK_FALSE(network_link(1e6, 0.01) == network_link(1e6, 0.02));
    const tenant_mix mix({tenant_demand(1.0, 0.1), tenant_demand(2.0, 0.2, 1.0)});
    CHECK(mix == tenant_mix({tenant_demand(1.0, 0.1), tenant_demand(2.0, 0.2, 1.0)}));
    CHECK_FALSE(mix == tenant_mix({tenant_demand(1.0, 0.1), tenant_demand(2.0, 0.2, 0.5)}));

    policy_description a;
    a.device = service_demand(0.05);
    a.remotes.push_back(policy_remote{"edge", option_kind::edge, service_demand(0.01), 1e6, 0.0, 0.0, 0.0, 0.0});
    policy_description b = a;
    CHECK(a == b);
    b.options.convolution.tail_mass = 1e-7; // a field of a nested convolution_options
    CHECK_FALSE(a == b);
    b = a;
    b.remotes[0].demand = service_demand(0.01, 1.0); // a field of a nested service_demand
    CHECK_FALSE(a == b);

    CHECK(dnn::layer(dnn::conv2d(3, 8, 3)) == dnn::layer(dnn::conv2d(3, 8, 3)));
    CHECK_FALSE(dnn::layer(dnn::conv2d(3, 8, 3)) == dnn::layer(dnn::conv2d(3, 8, 5)));
    CHECK_FALSE(dnn::layer(dnn::linear(4, 4)) == dnn::layer(dnn::conv2d(4, 4, 1)));
    CHECK(dnn::raspberry_pi_4b() == dnn::raspberry_pi_4b());
    CHECK_FALSE(dnn::raspberry_pi_4b() == dnn::jetson_tx2());
}
