// offload/flops/zoo.hpp — builders for the models of the seed papers and common references.
// Opt-in: not part of the umbrella offload/offload.hpp.
//
// Layer-by-layer definitions follow the reference implementations (torchvision 0.14 for the classification
// CNNs, timm for InceptionV4, Ultralytics for YOLOv8n, the Llama-3.2-1B config, Keras for the LSTMs);
// docs/flops.md lists the published MAC and parameter counts each one reproduces.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "offload/error.hpp"
#include "offload/flops/layers.hpp"
#include "offload/flops/model.hpp"

namespace offload::dnn::zoo {

namespace detail {

using names = std::vector<std::string>;

/// A model_builder with helpers; every helper takes the input tensor's name and returns the output's name.
struct net {
    model_builder b;

    std::string add(const std::string& name, layer op, const std::string& from) {
        return b.add(name, std::move(op), names{from});
    }
    std::string add(const std::string& name, layer op, const names& from) { return b.add(name, std::move(op), from); }

    /// conv (no bias) -> batch-norm -> optional activation ("Conv2dNormActivation" / "BasicConv2d" / "Conv")
    std::string cba(const std::string& name, const std::string& from, int in, int out, hw k, hw s, hw p,
                    const activation_kind* act, int groups = 1) {
        auto x = add(name + ".conv", conv2d(in, out, k, s, p, 1, groups, false), from);
        x = add(name + ".bn", batch_norm(out), x);
        if (act) x = add(name + ".act", activation(*act), x);
        return x;
    }
    std::string relu(const std::string& name, const std::string& from) {
        return add(name, activation(activation_kind::relu), from);
    }
    std::string sum(const std::string& name, const names& from) {
        return add(name, elementwise(elementwise_op::add), from);
    }
    std::string cat(const std::string& name, const names& from, int axis = 1) { return add(name, concat(axis), from); }
    /// global average pool -> flatten -> fully connected
    std::string classifier(const std::string& from, int features, int classes) {
        auto x = add("avgpool", adaptive_pool2d(pool_kind::average, 1), from);
        x = add("flatten", flatten(1), x);
        return add("fc", linear(features, classes), x);
    }
};

inline constexpr activation_kind relu_k = activation_kind::relu;
inline constexpr activation_kind relu6_k = activation_kind::relu6;
inline constexpr activation_kind silu_k = activation_kind::silu;

inline int check_classes(int num_classes, const char* function) {
    return offload::dnn::detail::require_int_at_least(num_classes, 1, function, "num_classes");
}

} // namespace detail

// ---------------------------------------------------------------------------------------------------------
// MobileNetV2 (Sandler et al. 2018; torchvision mobilenet_v2, width 1.0)

inline model mobilenet_v2(int resolution = 224, int num_classes = 1000) {
    const char* f = "offload::dnn::zoo::mobilenet_v2";
    offload::dnn::detail::require_int_at_least(resolution, 32, f, "resolution");
    detail::check_classes(num_classes, f);
    detail::net n{model_builder("mobilenet_v2", tensor_shape{1, 3, resolution, resolution})};
    const auto* r6 = &detail::relu6_k;
    std::string x = n.cba("features.0", "input", 3, 32, 3, 2, 1, r6);
    int in = 32, index = 1;
    constexpr std::array<std::array<int, 4>, 7> settings{
        {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}}};
    for (const auto& [t, c, repeats, s] : settings) {
        for (int i = 0; i < repeats; ++i, ++index) {
            const std::string block = "features." + std::to_string(index);
            const int stride = i == 0 ? s : 1, hidden = in * t;
            std::string y = x;
            if (t != 1) y = n.cba(block + ".expand", y, in, hidden, 1, 1, 0, r6);
            y = n.cba(block + ".depthwise", y, hidden, hidden, 3, stride, 1, r6, hidden);
            y = n.cba(block + ".project", y, hidden, c, 1, 1, 0, nullptr);
            if (stride == 1 && in == c) y = n.sum(block + ".add", {x, y});
            x = y;
            in = c;
        }
    }
    x = n.cba("features.18", x, 320, 1280, 1, 1, 0, r6);
    n.classifier(x, 1280, num_classes);
    return std::move(n.b).build();
}

// ---------------------------------------------------------------------------------------------------------
// ResNet (He et al. 2016; torchvision resnet18 / resnet50, v1.5: stride on the 3x3 convolution)

namespace detail {

inline std::string resnet_stem(net& n) {
    auto x = n.cba("conv1", "input", 3, 64, 7, 2, 3, &relu_k);
    return n.add("maxpool", pool2d(pool_kind::max, 3, 2, 1), x);
}

inline model resnet(const char* name, bool bottleneck, std::array<int, 4> blocks, int resolution, int num_classes) {
    offload::dnn::detail::require_int_at_least(resolution, 32, name, "resolution");
    check_classes(num_classes, name);
    net n{model_builder(name, tensor_shape{1, 3, resolution, resolution})};
    std::string x = resnet_stem(n);
    const int expansion = bottleneck ? 4 : 1;
    int in = 64;
    for (int stage = 0; stage < 4; ++stage) {
        const int width = 64 << stage;
        for (int i = 0; i < blocks[static_cast<std::size_t>(stage)]; ++i) {
            const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(i);
            const int stride = (i == 0 && stage > 0) ? 2 : 1, out = width * expansion;
            std::string y;
            if (bottleneck) {
                y = n.cba(p + ".conv1", x, in, width, 1, 1, 0, &relu_k);
                y = n.cba(p + ".conv2", y, width, width, 3, stride, 1, &relu_k);
                y = n.cba(p + ".conv3", y, width, out, 1, 1, 0, nullptr);
            } else {
                y = n.cba(p + ".conv1", x, in, width, 3, stride, 1, &relu_k);
                y = n.cba(p + ".conv2", y, width, width, 3, 1, 1, nullptr);
            }
            std::string shortcut = x;
            if (stride != 1 || in != out) shortcut = n.cba(p + ".downsample", x, in, out, 1, stride, 0, nullptr);
            x = n.relu(p + ".relu", n.sum(p + ".add", {y, shortcut}));
            in = out;
        }
    }
    n.classifier(x, in, num_classes);
    return std::move(n.b).build();
}

} // namespace detail

inline model resnet18(int resolution = 224, int num_classes = 1000) {
    return detail::resnet("resnet18", false, {2, 2, 2, 2}, resolution, num_classes);
}
inline model resnet50(int resolution = 224, int num_classes = 1000) {
    return detail::resnet("resnet50", true, {3, 4, 6, 3}, resolution, num_classes);
}

// ---------------------------------------------------------------------------------------------------------
// VGG-16 (Simonyan & Zisserman 2015, configuration D; torchvision vgg16 without batch-norm)

inline model vgg16(int num_classes = 1000) {
    detail::check_classes(num_classes, "offload::dnn::zoo::vgg16");
    detail::net n{model_builder("vgg16", tensor_shape{1, 3, 224, 224})};
    constexpr std::array<int, 18> cfg{64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
    std::string x = "input";
    int in = 3, index = 0;
    for (int c : cfg) {
        const std::string p = "features." + std::to_string(index);
        if (c == 0) {
            x = n.add(p + ".maxpool", pool2d(pool_kind::max, 2, 2), x);
        } else {
            x = n.add(p + ".conv", conv2d(in, c, 3, 1, 1), x);
            x = n.relu(p + ".relu", x);
            in = c;
        }
        ++index;
    }
    x = n.add("avgpool", adaptive_pool2d(pool_kind::average, 7), x);
    x = n.add("flatten", flatten(1), x);
    x = n.relu("classifier.0.relu", n.add("classifier.0", linear(512 * 7 * 7, 4096), x));
    x = n.relu("classifier.3.relu", n.add("classifier.3", linear(4096, 4096), x));
    n.add("classifier.6", linear(4096, num_classes), x);
    return std::move(n.b).build();
}

// ---------------------------------------------------------------------------------------------------------
// InceptionV3 (Szegedy et al. 2016; torchvision inception_v3, 299 x 299, eval mode)

namespace detail {

struct inception_net : net {
    /// BasicConv2d: conv (no bias) -> batch-norm (eps 0.001) -> ReLU
    std::string bc(const std::string& name, const std::string& from, int in, int out, hw k, hw s = 1, hw p = 0) {
        return cba(name, from, in, out, k, s, p, &relu_k);
    }
    std::string avg3(const std::string& name, const std::string& from) {
        return add(name, pool2d(pool_kind::average, 3, 1, 1), from);
    }
    std::string max3s2(const std::string& name, const std::string& from) {
        return add(name, pool2d(pool_kind::max, 3, 2), from);
    }
};

inline std::string v3_a(inception_net& n, const std::string& p, const std::string& x, int in, int pool_features) {
    const auto b1 = n.bc(p + ".branch1x1", x, in, 64, 1);
    auto b5 = n.bc(p + ".branch5x5_1", x, in, 48, 1);
    b5 = n.bc(p + ".branch5x5_2", b5, 48, 64, 5, 1, 2);
    auto b3 = n.bc(p + ".branch3x3dbl_1", x, in, 64, 1);
    b3 = n.bc(p + ".branch3x3dbl_2", b3, 64, 96, 3, 1, 1);
    b3 = n.bc(p + ".branch3x3dbl_3", b3, 96, 96, 3, 1, 1);
    const auto bp = n.bc(p + ".branch_pool", n.avg3(p + ".avgpool", x), in, pool_features, 1);
    return n.cat(p + ".cat", {b1, b5, b3, bp});
}

inline std::string v3_b(inception_net& n, const std::string& p, const std::string& x, int in) {
    const auto b3 = n.bc(p + ".branch3x3", x, in, 384, 3, 2);
    auto bd = n.bc(p + ".branch3x3dbl_1", x, in, 64, 1);
    bd = n.bc(p + ".branch3x3dbl_2", bd, 64, 96, 3, 1, 1);
    bd = n.bc(p + ".branch3x3dbl_3", bd, 96, 96, 3, 2);
    const auto bp = n.max3s2(p + ".maxpool", x);
    return n.cat(p + ".cat", {b3, bd, bp});
}

inline std::string v3_c(inception_net& n, const std::string& p, const std::string& x, int c7) {
    const int in = 768;
    const auto b1 = n.bc(p + ".branch1x1", x, in, 192, 1);
    auto b7 = n.bc(p + ".branch7x7_1", x, in, c7, 1);
    b7 = n.bc(p + ".branch7x7_2", b7, c7, c7, {1, 7}, 1, {0, 3});
    b7 = n.bc(p + ".branch7x7_3", b7, c7, 192, {7, 1}, 1, {3, 0});
    auto bd = n.bc(p + ".branch7x7dbl_1", x, in, c7, 1);
    bd = n.bc(p + ".branch7x7dbl_2", bd, c7, c7, {7, 1}, 1, {3, 0});
    bd = n.bc(p + ".branch7x7dbl_3", bd, c7, c7, {1, 7}, 1, {0, 3});
    bd = n.bc(p + ".branch7x7dbl_4", bd, c7, c7, {7, 1}, 1, {3, 0});
    bd = n.bc(p + ".branch7x7dbl_5", bd, c7, 192, {1, 7}, 1, {0, 3});
    const auto bp = n.bc(p + ".branch_pool", n.avg3(p + ".avgpool", x), in, 192, 1);
    return n.cat(p + ".cat", {b1, b7, bd, bp});
}

inline std::string v3_d(inception_net& n, const std::string& p, const std::string& x) {
    const int in = 768;
    auto b3 = n.bc(p + ".branch3x3_1", x, in, 192, 1);
    b3 = n.bc(p + ".branch3x3_2", b3, 192, 320, 3, 2);
    auto b7 = n.bc(p + ".branch7x7x3_1", x, in, 192, 1);
    b7 = n.bc(p + ".branch7x7x3_2", b7, 192, 192, {1, 7}, 1, {0, 3});
    b7 = n.bc(p + ".branch7x7x3_3", b7, 192, 192, {7, 1}, 1, {3, 0});
    b7 = n.bc(p + ".branch7x7x3_4", b7, 192, 192, 3, 2);
    const auto bp = n.max3s2(p + ".maxpool", x);
    return n.cat(p + ".cat", {b3, b7, bp});
}

inline std::string v3_e(inception_net& n, const std::string& p, const std::string& x, int in) {
    const auto b1 = n.bc(p + ".branch1x1", x, in, 320, 1);
    const auto b3 = n.bc(p + ".branch3x3_1", x, in, 384, 1);
    const auto b3a = n.bc(p + ".branch3x3_2a", b3, 384, 384, {1, 3}, 1, {0, 1});
    const auto b3b = n.bc(p + ".branch3x3_2b", b3, 384, 384, {3, 1}, 1, {1, 0});
    auto bd = n.bc(p + ".branch3x3dbl_1", x, in, 448, 1);
    bd = n.bc(p + ".branch3x3dbl_2", bd, 448, 384, 3, 1, 1);
    const auto bda = n.bc(p + ".branch3x3dbl_3a", bd, 384, 384, {1, 3}, 1, {0, 1});
    const auto bdb = n.bc(p + ".branch3x3dbl_3b", bd, 384, 384, {3, 1}, 1, {1, 0});
    const auto bp = n.bc(p + ".branch_pool", n.avg3(p + ".avgpool", x), in, 192, 1);
    return n.cat(p + ".cat", {b1, b3a, b3b, bda, bdb, bp});
}

} // namespace detail

/// The auxiliary classifier (3,326,696 parameters with 1000 classes) runs only in training; it is recorded
/// as training_only_parameters so total_parameters matches the published 27,161,264.
inline model inception_v3(int num_classes = 1000) {
    const char* f = "offload::dnn::zoo::inception_v3";
    detail::check_classes(num_classes, f);
    detail::inception_net n{{model_builder("inception_v3", tensor_shape{1, 3, 299, 299})}};
    std::string x = n.bc("Conv2d_1a_3x3", "input", 3, 32, 3, 2);
    x = n.bc("Conv2d_2a_3x3", x, 32, 32, 3);
    x = n.bc("Conv2d_2b_3x3", x, 32, 64, 3, 1, 1);
    x = n.max3s2("maxpool1", x);
    x = n.bc("Conv2d_3b_1x1", x, 64, 80, 1);
    x = n.bc("Conv2d_4a_3x3", x, 80, 192, 3);
    x = n.max3s2("maxpool2", x);
    x = detail::v3_a(n, "Mixed_5b", x, 192, 32);
    x = detail::v3_a(n, "Mixed_5c", x, 256, 64);
    x = detail::v3_a(n, "Mixed_5d", x, 288, 64);
    x = detail::v3_b(n, "Mixed_6a", x, 288);
    x = detail::v3_c(n, "Mixed_6b", x, 128);
    x = detail::v3_c(n, "Mixed_6c", x, 160);
    x = detail::v3_c(n, "Mixed_6d", x, 160);
    x = detail::v3_c(n, "Mixed_6e", x, 192);
    x = detail::v3_d(n, "Mixed_7a", x);
    x = detail::v3_e(n, "Mixed_7b", x, 1280);
    x = detail::v3_e(n, "Mixed_7c", x, 2048);
    n.classifier(x, 2048, num_classes);
    // AuxLogits: conv0 768->128 1x1 + BN, conv1 128->768 5x5 + BN, fc 768->classes
    const double aux = (768.0 * 128 + 2 * 128) + (128.0 * 768 * 25 + 2 * 768) + (768.0 * num_classes + num_classes);
    n.b.training_only_parameters(aux);
    return std::move(n.b).build();
}

// ---------------------------------------------------------------------------------------------------------
// InceptionV4 (Szegedy et al. 2017; timm inception_v4, 299 x 299)

namespace detail {

inline std::string v4_a(inception_net& n, const std::string& p, const std::string& x) {
    const auto b0 = n.bc(p + ".branch0", x, 384, 96, 1);
    auto b1 = n.bc(p + ".branch1.0", x, 384, 64, 1);
    b1 = n.bc(p + ".branch1.1", b1, 64, 96, 3, 1, 1);
    auto b2 = n.bc(p + ".branch2.0", x, 384, 64, 1);
    b2 = n.bc(p + ".branch2.1", b2, 64, 96, 3, 1, 1);
    b2 = n.bc(p + ".branch2.2", b2, 96, 96, 3, 1, 1);
    const auto b3 = n.bc(p + ".branch3.1", n.avg3(p + ".branch3.0", x), 384, 96, 1);
    return n.cat(p + ".cat", {b0, b1, b2, b3});
}

inline std::string v4_b(inception_net& n, const std::string& p, const std::string& x) {
    const auto b0 = n.bc(p + ".branch0", x, 1024, 384, 1);
    auto b1 = n.bc(p + ".branch1.0", x, 1024, 192, 1);
    b1 = n.bc(p + ".branch1.1", b1, 192, 224, {1, 7}, 1, {0, 3});
    b1 = n.bc(p + ".branch1.2", b1, 224, 256, {7, 1}, 1, {3, 0});
    auto b2 = n.bc(p + ".branch2.0", x, 1024, 192, 1);
    b2 = n.bc(p + ".branch2.1", b2, 192, 192, {7, 1}, 1, {3, 0});
    b2 = n.bc(p + ".branch2.2", b2, 192, 224, {1, 7}, 1, {0, 3});
    b2 = n.bc(p + ".branch2.3", b2, 224, 224, {7, 1}, 1, {3, 0});
    b2 = n.bc(p + ".branch2.4", b2, 224, 256, {1, 7}, 1, {0, 3});
    const auto b3 = n.bc(p + ".branch3.1", n.avg3(p + ".branch3.0", x), 1024, 128, 1);
    return n.cat(p + ".cat", {b0, b1, b2, b3});
}

inline std::string v4_c(inception_net& n, const std::string& p, const std::string& x) {
    const auto b0 = n.bc(p + ".branch0", x, 1536, 256, 1);
    const auto b1 = n.bc(p + ".branch1_0", x, 1536, 384, 1);
    const auto b1a = n.bc(p + ".branch1_1a", b1, 384, 256, {1, 3}, 1, {0, 1});
    const auto b1b = n.bc(p + ".branch1_1b", b1, 384, 256, {3, 1}, 1, {1, 0});
    auto b2 = n.bc(p + ".branch2_0", x, 1536, 384, 1);
    b2 = n.bc(p + ".branch2_1", b2, 384, 448, {3, 1}, 1, {1, 0});
    b2 = n.bc(p + ".branch2_2", b2, 448, 512, {1, 3}, 1, {0, 1});
    const auto b2a = n.bc(p + ".branch2_3a", b2, 512, 256, {1, 3}, 1, {0, 1});
    const auto b2b = n.bc(p + ".branch2_3b", b2, 512, 256, {3, 1}, 1, {1, 0});
    const auto b3 = n.bc(p + ".branch3.1", n.avg3(p + ".branch3.0", x), 1536, 256, 1);
    return n.cat(p + ".cat", {b0, b1a, b1b, b2a, b2b, b3});
}

} // namespace detail

inline model inception_v4(int num_classes = 1000) {
    detail::check_classes(num_classes, "offload::dnn::zoo::inception_v4");
    detail::inception_net n{{model_builder("inception_v4", tensor_shape{1, 3, 299, 299})}};
    std::string x = n.bc("features.0", "input", 3, 32, 3, 2);
    x = n.bc("features.1", x, 32, 32, 3);
    x = n.bc("features.2", x, 32, 64, 3, 1, 1);
    { // Mixed3a
        const auto pool = n.max3s2("features.3.maxpool", x);
        const auto conv = n.bc("features.3.conv", x, 64, 96, 3, 2);
        x = n.cat("features.3.cat", {pool, conv});
    }
    { // Mixed4a
        auto b0 = n.bc("features.4.branch0.0", x, 160, 64, 1);
        b0 = n.bc("features.4.branch0.1", b0, 64, 96, 3);
        auto b1 = n.bc("features.4.branch1.0", x, 160, 64, 1);
        b1 = n.bc("features.4.branch1.1", b1, 64, 64, {1, 7}, 1, {0, 3});
        b1 = n.bc("features.4.branch1.2", b1, 64, 64, {7, 1}, 1, {3, 0});
        b1 = n.bc("features.4.branch1.3", b1, 64, 96, 3);
        x = n.cat("features.4.cat", {b0, b1});
    }
    { // Mixed5a
        const auto conv = n.bc("features.5.conv", x, 192, 192, 3, 2);
        const auto pool = n.max3s2("features.5.maxpool", x);
        x = n.cat("features.5.cat", {conv, pool});
    }
    int index = 6;
    for (int i = 0; i < 4; ++i, ++index) x = detail::v4_a(n, "features." + std::to_string(index), x);
    { // ReductionA
        const std::string p = "features." + std::to_string(index++);
        const auto b0 = n.bc(p + ".branch0", x, 384, 384, 3, 2);
        auto b1 = n.bc(p + ".branch1.0", x, 384, 192, 1);
        b1 = n.bc(p + ".branch1.1", b1, 192, 224, 3, 1, 1);
        b1 = n.bc(p + ".branch1.2", b1, 224, 256, 3, 2);
        const auto b2 = n.max3s2(p + ".branch2", x);
        x = n.cat(p + ".cat", {b0, b1, b2});
    }
    for (int i = 0; i < 7; ++i, ++index) x = detail::v4_b(n, "features." + std::to_string(index), x);
    { // ReductionB
        const std::string p = "features." + std::to_string(index++);
        auto b0 = n.bc(p + ".branch0.0", x, 1024, 192, 1);
        b0 = n.bc(p + ".branch0.1", b0, 192, 192, 3, 2);
        auto b1 = n.bc(p + ".branch1.0", x, 1024, 256, 1);
        b1 = n.bc(p + ".branch1.1", b1, 256, 256, {1, 7}, 1, {0, 3});
        b1 = n.bc(p + ".branch1.2", b1, 256, 320, {7, 1}, 1, {3, 0});
        b1 = n.bc(p + ".branch1.3", b1, 320, 320, 3, 2);
        const auto b2 = n.max3s2(p + ".branch2", x);
        x = n.cat(p + ".cat", {b0, b1, b2});
    }
    for (int i = 0; i < 3; ++i, ++index) x = detail::v4_c(n, "features." + std::to_string(index), x);
    x = n.add("global_pool", adaptive_pool2d(pool_kind::average, 1), x);
    x = n.add("flatten", flatten(1), x);
    n.add("last_linear", linear(1536, num_classes), x);
    return std::move(n.b).build();
}

// ---------------------------------------------------------------------------------------------------------
// YOLOv8n (Ultralytics yolov8.yaml at scale n: depth 0.33, width 0.25; 80 classes)

namespace detail {

struct yolo_net : net {
    std::string conv(const std::string& name, const std::string& from, int in, int out, int k, int s = 1) {
        return cba(name, from, in, out, k, s, k / 2, &silu_k);
    }
    std::string c2f(const std::string& p, const std::string& x, int in, int out, int repeats, bool shortcut) {
        const int c = out / 2;
        const auto y = conv(p + ".cv1", x, in, 2 * c, 1);
        names parts{add(p + ".chunk0", slice(1, 0, c), y), add(p + ".chunk1", slice(1, c, c), y)};
        for (int i = 0; i < repeats; ++i) {
            const std::string m = p + ".m." + std::to_string(i);
            auto z = conv(m + ".cv1", parts.back(), c, c, 3);
            z = conv(m + ".cv2", z, c, c, 3);
            if (shortcut) z = sum(m + ".add", {parts.back(), z});
            parts.push_back(z);
        }
        return conv(p + ".cv2", cat(p + ".cat", parts), (2 + repeats) * c, out, 1);
    }
    std::string sppf(const std::string& p, const std::string& x, int in, int out) {
        const int c = in / 2;
        names parts{conv(p + ".cv1", x, in, c, 1)};
        for (int i = 0; i < 3; ++i)
            parts.push_back(add(p + ".m." + std::to_string(i), pool2d(pool_kind::max, 5, 1, 2), parts.back()));
        return conv(p + ".cv2", cat(p + ".cat", parts), 4 * c, out, 1);
    }
};

} // namespace detail

/// Inference graph of the Detect head included (box and class branches, DFL softmax + 1x1 convolution,
/// class sigmoid); the final dist2bbox arithmetic (a few element-wise ops per anchor) is not modelled.
/// Output (1, 84, anchors) with anchors = 8400 at 640.
inline model yolov8n(int resolution = 640) {
    const char* f = "offload::dnn::zoo::yolov8n";
    if (resolution < 32 || resolution % 32 != 0)
        offload::detail::throw_parameter_error(f, "resolution", resolution, "must be a multiple of 32, >= 32");
    detail::yolo_net n{{model_builder("yolov8n", tensor_shape{1, 3, resolution, resolution})}};
    auto x = n.conv("model.0", "input", 3, 16, 3, 2);
    x = n.conv("model.1", x, 16, 32, 3, 2);
    x = n.c2f("model.2", x, 32, 32, 1, true);
    x = n.conv("model.3", x, 32, 64, 3, 2);
    const auto p3 = n.c2f("model.4", x, 64, 64, 2, true);
    x = n.conv("model.5", p3, 64, 128, 3, 2);
    const auto p4 = n.c2f("model.6", x, 128, 128, 2, true);
    x = n.conv("model.7", p4, 128, 256, 3, 2);
    x = n.c2f("model.8", x, 256, 256, 1, true);
    const auto p5 = n.sppf("model.9", x, 256, 256);
    x = n.add("model.10", upsample_nearest(2), p5);
    x = n.cat("model.11", {x, p4});
    const auto h12 = n.c2f("model.12", x, 384, 128, 1, false);
    x = n.add("model.13", upsample_nearest(2), h12);
    x = n.cat("model.14", {x, p3});
    const auto o3 = n.c2f("model.15", x, 192, 64, 1, false);
    x = n.conv("model.16", o3, 64, 64, 3, 2);
    x = n.cat("model.17", {x, h12});
    const auto o4 = n.c2f("model.18", x, 192, 128, 1, false);
    x = n.conv("model.19", o4, 128, 128, 3, 2);
    x = n.cat("model.20", {x, p5});
    const auto o5 = n.c2f("model.21", x, 384, 256, 1, false);
    // Detect: per level, box branch (-> 4 x 16 DFL bins) and class branch (-> 80), concatenated
    constexpr int bins = 16, classes = 80, box = 4 * bins, c2 = 64, c3 = 80;
    const std::array<std::pair<std::string, int>, 3> levels{{{o3, 64}, {o4, 128}, {o5, 256}}};
    detail::names flat;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const auto& [from, ch] = levels[i];
        const std::string p = "model.22.";
        const std::string s = std::to_string(i);
        auto b = n.conv(p + "cv2." + s + ".0", from, ch, c2, 3);
        b = n.conv(p + "cv2." + s + ".1", b, c2, c2, 3);
        b = n.add(p + "cv2." + s + ".2", conv2d(c2, box, 1), b);
        auto c = n.conv(p + "cv3." + s + ".0", from, ch, c3, 3);
        c = n.conv(p + "cv3." + s + ".1", c, c3, c3, 3);
        c = n.add(p + "cv3." + s + ".2", conv2d(c3, classes, 1), c);
        const auto both = n.cat(p + "cat." + s, {b, c});
        flat.push_back(n.add(p + "view." + s, reshape({box + classes, -1}), both));
    }
    x = n.cat("model.22.cat", flat, 2);
    auto dist = n.add("model.22.box", slice(1, 0, box), x);
    dist = n.add("model.22.dfl.view", reshape({bins, 4, -1}), dist);
    dist = n.add("model.22.dfl.softmax", activation(activation_kind::softmax, 1), dist);
    dist = n.add("model.22.dfl.conv", conv2d(bins, 1, 1, 1, 0, 1, 1, false), dist);
    dist = n.add("model.22.dfl.out", reshape({4, -1}), dist);
    auto cls = n.add("model.22.cls", slice(1, box, classes), x);
    cls = n.add("model.22.cls.sigmoid", activation(activation_kind::sigmoid), cls);
    n.cat("model.22.out", {dist, cls});
    return std::move(n.b).build();
}

// ---------------------------------------------------------------------------------------------------------
// Recurrent workloads

/// Seed 003's LSTM sentiment classifier ("40 M parameters, 3 layers", Keras). The paper gives no shapes; this
/// plausible configuration is ours: token embedding 32,000 x 512, three stacked Keras LSTM layers of 1,024
/// units (one bias vector per gate), a dense softmax over the 8 Topical-Chat sentiment classes.
/// 39,473,160 parameters. Input: (1, sequence_length) token ids.
inline model sentiment_lstm(int sequence_length = 64) {
    offload::dnn::detail::require_int_at_least(sequence_length, 1, "offload::dnn::zoo::sentiment_lstm",
                                               "sequence_length");
    detail::net n{model_builder("sentiment_lstm", tensor_shape{1, sequence_length})};
    auto x = n.add("embedding", embedding(32000, 512), "input");
    x = n.add("lstm", lstm({512, 1024, 3, false, false, recurrent_bias::single}), x);
    x = n.add("dense", linear(1024, 8), x);
    n.add("softmax", activation(activation_kind::softmax), x);
    return std::move(n.b).build();
}

/// Seed 001's medical LSTM workloads (Edge AIBench ICU applications on MIMIC-III). Their parameter counts
/// (which the seed uses as its FLOPs: 105,089 / 7,569 / 347,417) are reproduced exactly by the MIMIC-III
/// benchmark LSTMs over 76 input features (Keras, one bias per gate):
///  - short_of_breath_alert (decompensation): LSTM(128) -> dense(1, sigmoid)                    105,089
///  - life_death_prediction (in-hospital mortality): BiLSTM(2 x 8) -> LSTM(16) -> dense(1)      7,569
///  - phenotype_classification (25 phenotypes): LSTM(256) -> dense(25, sigmoid)                  347,417
enum class icu_workload : unsigned char { short_of_breath_alert, life_death_prediction, phenotype_classification };

inline model icu_lstm(icu_workload workload, int time_steps = 48) {
    offload::dnn::detail::require_int_at_least(time_steps, 1, "offload::dnn::zoo::icu_lstm", "time_steps");
    constexpr int features = 76;
    const recurrent_bias keras = recurrent_bias::single;
    std::string name;
    switch (workload) {
    case icu_workload::short_of_breath_alert:
        name = "icu_short_of_breath_alert";
        break;
    case icu_workload::life_death_prediction:
        name = "icu_life_death_prediction";
        break;
    case icu_workload::phenotype_classification:
        name = "icu_phenotype_classification";
        break;
    default:
        offload::detail::throw_parameter_error("offload::dnn::zoo::icu_lstm", "workload", static_cast<double>(workload),
                                               "must be an icu_workload enumerator");
    }
    detail::net n{model_builder(name, tensor_shape{1, time_steps, features})};
    std::string x = "input";
    int hidden = 128, outputs = 1;
    if (workload == icu_workload::life_death_prediction) {
        x = n.add("bilstm", lstm({features, 8, 1, true, true, keras}), x);
        x = n.add("lstm", lstm({16, 16, 1, false, false, keras}), x);
        hidden = 16;
    } else {
        if (workload == icu_workload::phenotype_classification) hidden = 256, outputs = 25;
        x = n.add("lstm", lstm({features, hidden, 1, false, false, keras}), x);
    }
    x = n.add("dense", linear(hidden, outputs), x);
    n.add("sigmoid", activation(activation_kind::sigmoid), x);
    return std::move(n.b).build();
}

// ---------------------------------------------------------------------------------------------------------
// Llama-3.2-1B (16 decoder blocks, hidden 2048, 32 heads, 8 KV heads, head 64, SwiGLU 8192, vocab 128256,
// LM head tied to the embedding): 1,235,814,400 parameters.

namespace detail {

inline model llama(const std::string& name, std::int64_t tokens, std::int64_t cached) {
    constexpr int hidden = 2048, vocab = 128256;
    net n{model_builder(name, tensor_shape{1, tokens})};
    auto x = n.add("embed_tokens", embedding(vocab, hidden), "input");
    for (int i = 0; i < 16; ++i)
        x = n.add("layers." + std::to_string(i), transformer_decoder_block({hidden, 32, 8, 64, 8192, cached}), x);
    if (tokens > 1)
        x = n.add("last_token", slice(1, static_cast<int>(tokens - 1), 1), x); // logits of the last token only
    x = n.add("norm", rms_norm(hidden), x);
    n.add("lm_head", linear(hidden, vocab, false, true), x);
    return std::move(n.b).build();
}

} // namespace detail

/// Prefill of a prompt of `prompt_tokens` tokens (empty KV cache); logits for the last token only.
inline model llama_3_2_1b_prefill(int prompt_tokens) {
    offload::dnn::detail::require_int_at_least(prompt_tokens, 1, "offload::dnn::zoo::llama_3_2_1b_prefill",
                                               "prompt_tokens");
    return detail::llama("llama_3_2_1b_prefill", prompt_tokens, 0);
}

/// One decode step at context length n: one new token attending to the n cached tokens and itself.
inline model llama_3_2_1b_decode(int context_length) {
    offload::dnn::detail::require_int_at_least(context_length, 0, "offload::dnn::zoo::llama_3_2_1b_decode",
                                               "context_length");
    return detail::llama("llama_3_2_1b_decode", 1, context_length);
}

} // namespace offload::dnn::zoo
