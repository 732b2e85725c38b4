"""Python bindings of the FLOPs layer: layers, models, costs, split points, zoo, hardware profiles, latency
estimates, calibration and JSON. Expected values are computed by hand from the layer shapes (docs/flops.md)
or are the published figures the zoo reproduces."""
import math

import numpy as np
import pytest

import offload
from offload import zoo

fp32, fp16, int8 = offload.DType.fp32, offload.DType.fp16, offload.DType.int8
OC = offload.OpClass


def tiny_chain():
    """conv 3->16 (3x3, pad 1, bias) -> relu -> conv 16->32 (1x1, stride 2, no bias) on 1x3x32x32."""
    return offload.Model.chain("tiny", (1, 3, 32, 32), [
        ("conv1", offload.Conv2d(3, 16, 3, padding=1)),
        ("relu", offload.Activation(offload.ActivationKind.relu)),
        ("conv2", offload.Conv2d(16, 32, 1, stride=2, bias=False)),
    ])


def residual():
    """conv -> relu -> add(conv, relu): a DAG with a skip connection."""
    b = offload.ModelBuilder("res", [1, 3, 32, 32])
    b.add("conv", offload.Conv2d(3, 16, 3, padding=1))
    b.add("relu", offload.Activation(offload.ActivationKind.relu))
    b.add("sum", offload.Elementwise(offload.ElementwiseOp.add), inputs=["conv", "relu"])
    return b.build()


# ---------------------------------------------------------------------------------------------------------
# Layers and per-layer costs


def test_conv_layer_costs_by_hand():
    m = tiny_chain()
    c = m.cost("conv1", fp32)
    # 3x3 conv, 3 -> 16 channels, 32x32 output (padding 1): MACs = H W C_out C_in K^2
    macs = 32 * 32 * 16 * 3 * 9
    assert c.kind == OC.dense_conv
    assert c.macs == macs == 442368
    assert c.flops == 2 * macs
    assert c.parameters == 16 * 27 + 16
    assert c.weight_bytes == (16 * 27 + 16) * 4
    assert c.input_bytes == 3 * 32 * 32 * 4
    assert c.output_bytes == 16 * 32 * 32 * 4
    assert c.memory_bytes == c.weight_bytes + c.input_bytes + c.output_bytes
    # seed 001 / Molchanov: 2 H W (C_in K^2 + 1) C_out
    molchanov = m.cost("conv1", fp32, offload.FlopsConvention.molchanov).flops
    assert molchanov == 2 * 32 * 32 * (3 * 9 + 1) * 16 == 917504
    # plus the bias adds (one per output element)
    plus = m.cost("conv1", fp32, offload.FlopsConvention.twice_macs_plus_other).flops
    assert plus == 2 * macs + 16 * 32 * 32
    # fp16 halves every byte count, int8 quarters it
    assert m.cost("conv1", fp16).weight_bytes == (16 * 27 + 16) * 2
    assert m.cost(0, int8).output_bytes == 16 * 32 * 32
    counts = m.layer("conv1").counts
    assert counts.molchanov_flops == molchanov
    assert counts.flops(offload.FlopsConvention.twice_macs) == 2 * macs
    assert counts.to_layer_cost(fp16).input_bytes == 3 * 32 * 32 * 2


def test_pointwise_strided_and_depthwise_classes():
    m = tiny_chain()
    c2 = m.cost("conv2")
    assert c2.kind == OC.pointwise_conv
    assert m.layer("conv2").output_shape == (1, 32, 16, 16)
    assert c2.macs == 16 * 16 * 32 * 16
    assert c2.parameters == 32 * 16
    dw = offload.Model.chain("dw", (1, 8, 10, 12), [("dw", offload.Conv2d(8, 8, (3, 5), padding=(1, 2), groups=8))])
    assert dw.cost(0).kind == OC.depthwise_conv
    assert dw.output_shape == (1, 8, 10, 12)
    assert dw.total_macs == 10 * 12 * 8 * 15
    assert dw.layer(0).layer.kernel_size == (3, 5)
    assert dw[-1].name == "dw"


def test_model_totals_and_layer_views():
    m = tiny_chain()
    assert len(m) == 3
    assert m.layer_names == ["conv1", "relu", "conv2"]
    assert m.input_shape == (1, 3, 32, 32)
    assert m.output_shape == (1, 32, 16, 16)
    assert m.total_macs == 442368 + 16 * 16 * 32 * 16
    assert m.total_flops() == 2 * m.total_macs
    assert m.total_parameters == 448 + 512
    assert m.total_weight_bytes(fp16) == (448 + 512) * 2
    assert m.input_bytes() == 3 * 32 * 32 * 4
    assert m.output_bytes(int8) == 32 * 16 * 16
    assert m.total_other_ops == 16 * 32 * 32 + 16 * 32 * 32  # conv1 bias adds + ReLU (1 per element)
    assert m.find("relu") == 1 and m.find("nope") == -1
    relu = m.layer("relu")
    assert relu.inputs == ["conv1"] and relu.op_class == OC.elementwise
    assert isinstance(relu.layer, offload.Activation)
    assert m.layer(0).inputs == ["input"]
    table = m.cost_table()
    np.testing.assert_array_equal(table["macs"], [c.macs for c in m.layer_costs()])
    assert table["name"] == m.layer_names
    assert list(table["op_class"]) == [int(OC.dense_conv), int(OC.elementwise), int(OC.pointwise_conv)]
    assert "Model('tiny'" in repr(m) and "layers=3" in repr(m)
    assert repr(m.layer("conv1").layer) == ("Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1, "
                                            "padding=1, dilation=1, groups=1, bias=True)")


def test_every_layer_kind_builds_and_counts():
    # images
    b = offload.ModelBuilder("all", (1, 4, 8, 8), dtype=fp16)
    b.add("conv", offload.Conv2d(4, 8, 3, padding=1, dilation=1))
    b.add("bn", offload.BatchNorm(8))
    b.add("act", offload.Activation(offload.ActivationKind.hardswish))
    b.add("pool", offload.Pool2d(offload.PoolKind.max, 2))
    b.add("up", offload.UpsampleNearest(2))
    b.add("mul", offload.Elementwise(offload.ElementwiseOp.mul), ["up", "act"])
    b.add("cat", offload.Concat(1), ["mul", "bn"])
    b.add("sl", offload.Slice(1, 0, 4))
    b.add("ap", offload.AdaptivePool2d(offload.PoolKind.average, 2))
    b.add("fl", offload.Flatten())
    b.add("rs", offload.Reshape([4, -1]))
    b.add("ln", offload.LayerNorm(4))
    b.add("fc", offload.Linear(4, 6))
    m = b.build()
    assert m.dtype == fp16
    assert m.output_shape == (1, 4, 6)
    assert b.output_shape("pool") == (1, 8, 4, 4)
    assert m.layer("cat").output_shape == (1, 16, 8, 8)
    assert m.layer("bn").counts.parameters == 16
    assert m.layer("ln").counts.parameters == 8
    assert m.cost("fc").macs == 4 * 4 * 6
    assert {m.cost(n).kind for n in ("pool", "ap")} == {OC.pooling}
    assert m.cost("up").kind == OC.data_movement
    # sequences
    seq = offload.Model.chain("seq", (1, 5), [
        ("emb", offload.Embedding(100, 16)),
        ("lstm", offload.LSTM(16, 8, num_layers=2, bidirectional=True)),
        ("gru", offload.GRU(16, 4, bias=offload.RecurrentBias.single, return_sequences=False)),
    ])
    H = 8
    lstm_macs = 5 * 2 * 4 * H * (16 + H) + 5 * 2 * 4 * H * (2 * H + H)
    assert seq.cost("lstm").macs == lstm_macs
    assert seq.cost("lstm").kind == OC.recurrent
    assert seq.layer("gru").output_shape == (1, 4)
    assert seq.cost("gru").parameters == 3 * 4 * (16 + 4) + 3 * 4
    assert seq.cost("emb").parameters == 1600
    attn = offload.Model.chain("attn", (1, 6, 32), [
        ("rms", offload.RMSNorm(32)),
        ("mha", offload.MultiHeadAttention(32, 4, num_kv_heads=2, causal=True, kv_cache_length=3, bias=False)),
        ("dec", offload.TransformerDecoderBlock(hidden_size=32, num_heads=4, num_kv_heads=2, mlp_hidden=64)),
    ])
    d = 8  # head_dim
    pairs = 6 * 3 + 6 * 7 / 2  # causal (query, key) pairs with 3 cached tokens
    proj = 32 * 32 + 2 * 32 * 16 + 32 * 32
    assert attn.cost("mha").macs == 6 * proj + 2 * 4 * pairs * d
    assert attn.cost("mha").kind == OC.attention
    assert attn.layer("dec").layer.head_dim == 8
    assert attn.cost("dec").parameters == proj + 3 * 32 * 64 + 2 * 32
    assert offload.LSTM(3, 4).type_name == "lstm" and offload.Reshape([2, 3]).type_name == "reshape"
    assert repr(offload.Reshape([2, -1])) == "Reshape(shape=(2, -1))"
    assert repr(offload.GRU(3, 4)) == ("GRU(input_size=3, hidden_size=4, num_layers=1, bidirectional=False, "
                                       "return_sequences=True, bias=RecurrentBias.pytorch)")


def test_shape_errors_name_the_layer():
    b = offload.ModelBuilder("bad", (1, 4, 8, 8))
    with pytest.raises(ValueError, match=r"add\(conv2d\): parameter 'c1.input' = \[1, 4, 8, 8\].*in_channels = 3"):
        b.add("c1", offload.Conv2d(3, 8, 3))
    b.add("c1", offload.Conv2d(4, 8, 3))
    with pytest.raises(ValueError, match=r"'x.inputs' = 'missing'"):
        b.add("x", offload.Elementwise(), ["c1", "missing"])
    with pytest.raises(ValueError, match=r"'x.inputs'"):
        b.add("x", offload.BatchNorm(8), ["c1", "input"])
    with pytest.raises(ValueError, match=r"parameter 'name' = 'c1'"):
        b.add("c1", offload.BatchNorm(8))
    b.add("unused", offload.BatchNorm(8), ["c1"])
    b.add("last", offload.BatchNorm(8), ["c1"])
    with pytest.raises(ValueError, match=r"'unused.output'.*never read"):
        b.build()
    with pytest.raises(ValueError, match=r"parameter 'layers' = 0"):
        offload.ModelBuilder("empty", (1, 2)).build()
    with pytest.raises(ValueError, match=r"model_builder: parameter 'input_shape' = \[1, 0\] .*tensor_shape: 'dims' = 0"):
        offload.ModelBuilder("zero", (1, 0))
    with pytest.raises(ValueError, match=r"model_builder: parameter 'input_shape' = \[1, 2, 3, 4, 5\] .*'rank' = 5"):
        offload.ModelBuilder("rank", (1, 2, 3, 4, 5))
    with pytest.raises(ValueError, match=r"model_builder: parameter 'input_shape' = \[\] "):
        offload.ModelBuilder("rank", ())
    with pytest.raises(ValueError, match=r"model_builder: parameter 'dtype' = 99 .*enumerators"):
        offload.ModelBuilder("dtype", (1, 2), offload.DType(99))
    with pytest.raises(ValueError, match=r"training_only_parameters: parameter 'count' = -1"):
        offload.ModelBuilder("count", (1, 2)).training_only_parameters(-1.0)
    with pytest.raises(ValueError, match=r"parameter 'layer' = 'conv'.*must be a layer"):
        b.add("s", "conv")


@pytest.mark.parametrize("make, pattern", [
    (lambda: offload.Conv2d(0, 8, 3), r"conv2d: parameter 'in_channels' = 0"),
    (lambda: offload.Conv2d(4, 8, 3, groups=3), r"conv2d: parameter 'groups' = 3"),
    (lambda: offload.Conv2d(4, 8, (3, 0)), r"conv2d: parameter 'kernel_size' = \(3, 0\)"),
    (lambda: offload.Conv2d(4, 8, (1, 2, 3)), r"conv2d: parameter 'kernel_size' = \(1, 2, 3\)"),
    (lambda: offload.Conv2d(4, 8, 3, stride=-1), r"conv2d: parameter 'stride'"),
    (lambda: offload.Conv2d(4, 8, 3, padding=-1), r"conv2d: parameter 'padding'"),
    (lambda: offload.Conv2d(4, 8, 3, dilation=0), r"conv2d: parameter 'dilation'"),
    (lambda: offload.Conv2d(2**40, 8, 3), r"conv2d: parameter 'in_channels' = 1099511627776"),
    (lambda: offload.Linear(0, 2), r"linear: parameter 'in_features' = 0"),
    (lambda: offload.BatchNorm(-1), r"batch_norm: parameter 'num_features'"),
    (lambda: offload.LayerNorm(0), r"layer_norm: parameter 'normalized_size'"),
    (lambda: offload.RMSNorm(0), r"rms_norm: parameter 'normalized_size'"),
    (lambda: offload.Pool2d(offload.PoolKind.max, 2, padding=2), r"pool2d: parameter 'padding'"),
    (lambda: offload.AdaptivePool2d(offload.PoolKind.max, 0), r"adaptive_pool2d: parameter 'output_size'"),
    (lambda: offload.Activation(offload.ActivationKind.softmax, axis=7), r"activation: parameter 'axis' = 7"),
    (lambda: offload.Concat(0), r"concat: parameter 'axis' = 0"),
    (lambda: offload.Slice(1, -1, 2), r"slice: parameter 'start' = -1"),
    (lambda: offload.Flatten(0), r"flatten: parameter 'start_axis' = 0"),
    (lambda: offload.Reshape([-1, -1]), r"reshape: parameter 'shape'"),
    (lambda: offload.UpsampleNearest(0), r"upsample_nearest: parameter 'scale_factor' = 0"),
    (lambda: offload.LSTM(0, 4), r"lstm: parameter 'input_size' = 0"),
    (lambda: offload.GRU(4, 4, num_layers=0), r"gru: parameter 'num_layers' = 0"),
    (lambda: offload.MultiHeadAttention(30, 4), r"multi_head_attention: parameter 'num_heads' = 4"),
    (lambda: offload.MultiHeadAttention(32, 4, num_kv_heads=3), r"parameter 'num_kv_heads' = 3"),
    (lambda: offload.MultiHeadAttention(32, 4, kv_cache_length=-1), r"parameter 'kv_cache_length' = -1"),
    (lambda: offload.Embedding(0, 4), r"embedding: parameter 'num_embeddings' = 0"),
    (lambda: offload.TransformerDecoderBlock(hidden_size=32, num_heads=4, mlp_hidden=0),
     r"transformer_decoder_block: parameter 'mlp_hidden' = 0"),
])
def test_bad_layer_fields_raise_value_error_naming_the_field(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


# ---------------------------------------------------------------------------------------------------------
# Split points


def test_split_points_of_a_chain():
    m = tiny_chain()
    t = m.split_points(fp32)
    assert len(t) == 4
    assert [t[k].payload_bytes for k in range(4)] == [3 * 1024 * 4, 16 * 1024 * 4, 16 * 1024 * 4, 0.0]
    assert t[1].device_macs == 442368 and t[1].edge_macs == m.total_macs - 442368
    assert t[2].device_flops == 2 * 442368
    assert len(t[1].device_layers) == 1 and len(t[1].edge_layers) == 2
    assert t[-1].cut == 3 and t[3].payload_tensors == 0
    assert t.single_tensor_cuts() == [0, 1, 2]
    arrays = t.to_arrays()
    np.testing.assert_array_equal(arrays["payload_bytes"], [12288, 65536, 65536, 0])
    np.testing.assert_array_equal(arrays["cut"], [0, 1, 2, 3])
    assert offload.split_points(m, fp16)[0].payload_bytes == 3 * 1024 * 2
    with pytest.raises(ValueError, match=r"split_table::at: parameter 'cut' = 4"):
        t[4]


def test_split_points_of_a_dag_count_every_crossing_tensor():
    t = offload.split_points(residual())
    # cut 2 (after relu): both the conv output (read by the add) and the relu output cross
    assert t[2].payload_tensors == 2
    assert t[2].payload_bytes == 2 * 16 * 1024 * 4
    assert t[1].payload_tensors == 1
    assert offload.single_tensor_cuts(t) == [0, 1]
    p = t[1]
    del t  # the split point keeps its table alive
    assert len(p.edge_layers) == 2 and p.edge_layers[1].kind == OC.elementwise


# ---------------------------------------------------------------------------------------------------------
# Zoo


@pytest.mark.parametrize("build, macs, parameters", [
    (zoo.mobilenet_v2, 300_774_272, 3_504_872),
    (zoo.resnet18, 1_814_073_344, 11_689_512),
    (zoo.resnet50, 4_089_184_256, 25_557_032),
    (zoo.vgg16, 15_470_264_320, 138_357_544),
    (zoo.inception_v3, 5_713_216_096, 27_161_264),
    (zoo.inception_v4, 12_253_974_624, 42_679_816),
])
def test_zoo_cnns_exact(build, macs, parameters):
    m = build()
    assert m.total_macs == macs
    assert m.total_parameters == parameters


def test_zoo_other_models():
    y = zoo.yolov8n()
    assert y.total_parameters == 3_157_200
    assert y.output_shape == (1, 84, 8400)
    assert round(y.total_flops() / 1e9, 1) == 8.7  # Ultralytics' 8.7 GFLOPs
    assert zoo.sentiment_lstm().total_parameters == 39_473_160
    assert zoo.sentiment_lstm(sequence_length=16).input_shape == (1, 16)
    W = zoo.IcuWorkload
    assert [zoo.icu_lstm(w).total_parameters for w in
            (W.short_of_breath_alert, W.life_death_prediction, W.phenotype_classification)] == [105_089, 7_569, 347_417]
    n = 1024
    decode = zoo.llama_3_2_1b_decode(n)
    assert decode.total_parameters == 1_235_814_400
    assert decode.total_macs == 16 * (10_485_760 + 50_331_648 + 4_096 * (n + 1)) + 262_668_288
    assert zoo.llama_3_2_1b_prefill(8).total_parameters == 1_235_814_400
    assert zoo.mobilenet_v2(resolution=160).input_shape == (1, 3, 160, 160)
    assert zoo.resnet18(num_classes=10).output_shape == (1, 10)
    inception = zoo.inception_v3()
    assert inception.training_only_parameters == 3_326_696
    with pytest.raises(ValueError, match=r"mobilenet_v2: parameter 'num_classes' = 0"):
        zoo.mobilenet_v2(num_classes=0)
    with pytest.raises(ValueError, match=r"llama_3_2_1b_prefill: parameter 'prompt_tokens' = 0"):
        zoo.llama_3_2_1b_prefill(0)


# ---------------------------------------------------------------------------------------------------------
# Hardware profiles and latency


PRESET_PEAKS = {  # (dtype, seed figure)
    "raspberry_pi_4b": (fp32, 4 * 1.5e9 * 32),
    "xeon_8_core_cpu": (fp32, 8 * 2.2e9 * 32),
    "xeon_gold_5220_cpu": (fp32, 16 * 2.2e9 * 32),
    "rtx_2080_ti": (fp16, 110e12),
    "jetson_tx2": (fp16, 1.3e12),
    "jetson_orin_nano": (fp16, 2.6e12),
    "nvidia_a2": (fp16, 4.5e12),
    "rtx_4070": (fp16, 29.1e12),
}


def test_every_preset():
    assert set(offload.hardware_preset_names) == set(PRESET_PEAKS)
    for name, (dtype, peak) in PRESET_PEAKS.items():
        p = offload.hardware_preset(name)
        q = getattr(offload.presets, name)()
        assert p.name == q.name and p.source == q.source and "seed" in p.source
        assert p.peak_flops(dtype) == pytest.approx(peak, rel=1e-15)
        assert p.layer_overhead == 0 and set(p.compute_efficiency.values()) == {1.0}
        assert p.memory_bandwidth > 0
    assert offload.peak_flops_from_cores(4, 1.5e9, 32) == offload.presets.raspberry_pi_4b().peak_fp32
    with pytest.raises(ValueError, match=r"hardware_preset: parameter 'id' = \"pi5\""):
        offload.hardware_preset("pi5")
    with pytest.raises(ValueError, match=r"peak_flops: parameter 'dtype' = fp16.*Raspberry Pi 4B"):
        offload.presets.raspberry_pi_4b().peak_flops(fp16)


def test_latency_by_hand():
    p = offload.HardwareProfile("toy", memory_bandwidth=1e8, peak_fp32=1e9, layer_overhead=1e-4,
                                compute_efficiency={OC.dense_conv: 0.5}, memory_efficiency={"elementwise": 0.8})
    assert p.compute_efficiency["dense_conv"] == 0.5 and p.compute_efficiency["pooling"] == 1.0
    m = tiny_chain()
    conv, relu, conv2 = m.layer_costs()
    compute = 2 * 442368 / (0.5 * 1e9)
    memory = conv.memory_bytes / 1e8
    assert compute > memory
    assert offload.layer_latency(p, conv) == pytest.approx(compute + 1e-4, rel=1e-15)
    terms = offload.layer_latency_breakdown(p, relu)
    assert terms.memory_bound and terms.compute_seconds == 0
    assert terms.memory_seconds == pytest.approx(2 * 16 * 1024 * 4 / (0.8 * 1e8), rel=1e-15)
    assert terms.total_seconds == pytest.approx(terms.memory_seconds + 1e-4, rel=1e-15)
    by_layer = [max(c.flops / 1e9 / (0.5 if c.kind == OC.dense_conv else 1.0),
                    c.memory_bytes / 1e8 / (0.8 if c.kind == OC.elementwise else 1.0)) + 1e-4 for c in (conv, relu, conv2)]
    assert offload.model_latency(p, m) == pytest.approx(sum(by_layer), rel=1e-14)
    assert offload.model_latency(p, [conv, relu, conv2]) == pytest.approx(sum(by_layer), rel=1e-14)
    s = offload.split_latency(p, p.replace(name="edge", peak_fp32=2e9, layer_overhead=0.0), m, 1)
    assert s.device_seconds == pytest.approx(by_layer[0], rel=1e-14)
    assert s.payload_bytes == 16 * 1024 * 4
    assert s.edge_seconds == pytest.approx(
        max(relu.memory_bytes / 0.8e8, 0) + max(conv2.flops / 2e9, conv2.memory_bytes / 1e8), rel=1e-14)
    d = offload.model_service_demand(p, m, scv=0.5, parallelism=2)
    assert d.mean_seconds == pytest.approx(sum(by_layer), rel=1e-14) and d.scv == 0.5 and d.parallelism == 2
    assert p.effective_flops(OC.dense_conv) == 0.5e9
    assert p.effective_bandwidth(OC.elementwise) == 0.8e8
    assert p.ridge_intensity(OC.dense_conv) == pytest.approx(0.5e9 / 1e8)
    np.testing.assert_allclose(p.attainable_flops(OC.pooling, [1.0, 100.0]), [1e8, 1e9])
    assert repr(p).startswith("HardwareProfile(name='toy', memory_bandwidth=") and "peak_fp32=1000000000.0" in repr(p)


def test_split_latencies_sweep_matches_single_splits():
    dev, edge = offload.presets.jetson_orin_nano(), offload.presets.nvidia_a2()
    m = zoo.mobilenet_v2()
    r = offload.split_latencies(dev, edge, m, device_dtype=fp16)
    assert len(r["cut"]) == len(m) + 1
    for k in (0, 1, 40, len(m)):
        s = offload.split_latency(dev, edge, m, k, device_dtype=fp16)
        assert r["device_seconds"][k] == pytest.approx(s.device_seconds, rel=1e-12, abs=1e-300)
        assert r["edge_seconds"][k] == pytest.approx(s.edge_seconds, rel=1e-12, abs=1e-300)
    t = offload.split_points(m, fp16)
    np.testing.assert_array_equal(r["payload_bytes"], t.to_arrays()["payload_bytes"])
    assert r["payload_bytes"][0] == 3 * 224 * 224 * 2
    assert r["device_seconds"][-1] == pytest.approx(offload.model_latency(dev, m, fp16), rel=1e-12)


def test_model_latency_sweep_vectorised_over_frequency():
    pi = offload.presets.raspberry_pi_4b()
    costs = zoo.mobilenet_v2().layer_costs()
    freq = np.array([0.6e9, 1.0e9, 1.5e9])
    out = offload.model_latency_sweep(pi, costs, peak_flops=offload.peak_flops_from_cores(4, freq, 32))
    expected = [offload.model_latency(pi.replace(peak_fp32=4 * f * 32), costs) for f in freq]
    np.testing.assert_allclose(out, expected, rtol=1e-14)
    assert out[-1] == pytest.approx(offload.model_latency(pi, costs), rel=1e-14)
    grid = offload.model_latency_sweep(pi, costs, peak_flops=np.array([1e11, 2e11])[:, None],
                                       memory_bandwidth=np.array([1e9, 5e9, 1e10])[None, :], layer_overhead=1e-5)
    assert grid.shape == (2, 3)
    assert grid[1, 2] == pytest.approx(offload.model_latency(
        pi.replace(peak_fp32=2e11, memory_bandwidth=1e10, layer_overhead=1e-5), costs), rel=1e-14)
    assert float(offload.model_latency_sweep(pi, costs)) == pytest.approx(offload.model_latency(pi, costs), rel=1e-14)
    with pytest.raises(ValueError, match=r"parameter 'memory_bandwidth' = -1"):
        offload.model_latency_sweep(pi, costs, memory_bandwidth=np.array([1e9, -1.0]))


def test_bad_hardware_and_latency_inputs():
    ok = dict(name="x", memory_bandwidth=1e9, peak_fp32=1e9)
    cases = [
        (dict(ok, name=""), r"hardware_profile: parameter 'name'"),
        (dict(ok, memory_bandwidth=0.0), r"parameter 'memory_bandwidth' = 0"),
        (dict(ok, peak_fp32=-1.0), r"parameter 'peak_fp32' = -1"),
        (dict(ok, peak_fp32=0.0), r"parameter 'peak_fp32' = 0.*at least one"),
        (dict(ok, layer_overhead=math.nan), r"parameter 'layer_overhead' = nan"),
        (dict(ok, compute_efficiency={"dense_conv": 1.5}), r"parameter 'compute_efficiency\[dense_conv\]' = 1.5"),
        (dict(ok, memory_efficiency=0.0), r"parameter 'memory_efficiency\[dense_conv\]' = 0"),
        (dict(ok, compute_efficiency={"convolution": 0.5}), r"parameter 'compute_efficiency\['convolution'\]'"),
        (dict(ok, compute_efficiency=[0.5] * 3), r"parameter 'compute_efficiency.size\(\)' = 3"),
        (dict(ok, memory_efficiency={"pooling": "fast"}), r"parameter 'memory_efficiency\[pooling\]' = 'fast'"),
    ]
    for kwargs, pattern in cases:
        with pytest.raises(ValueError, match=pattern):
            offload.HardwareProfile(**kwargs)
    p = offload.HardwareProfile(**ok)
    with pytest.raises(ValueError, match=r"replace: parameter 'bandwith'"):
        p.replace(bandwith=1.0)
    with pytest.raises(ValueError, match=r"replace: parameter 'layer_overhead' = '1ms'"):
        p.replace(layer_overhead="1ms")
    with pytest.raises(ValueError, match=r"hardware_profile: parameter 'layer_overhead' = -1"):
        p.replace(layer_overhead=-1)
    with pytest.raises(ValueError, match=r"parameter 'frequency_hz' = 0"):
        offload.peak_flops_from_cores(4, [1e9, 0.0], 32)
    with pytest.raises(ValueError, match=r"parameter 'cores' = 2.5"):
        offload.peak_flops_from_cores(2.5, 1e9, 32)
    bad = offload.LayerCost(OC.dense_conv, flops=-1.0)
    with pytest.raises(ValueError, match=r"model_latency: parameter 'layers\[1\].flops' = -1"):
        offload.model_latency(p, [offload.LayerCost(), bad])
    with pytest.raises(ValueError, match=r"model_latency: parameter 'layers\[0\]' = 3"):
        offload.model_latency(p, [3])
    with pytest.raises(ValueError, match=r"model_latency: parameter 'layers'"):
        offload.model_latency(p, 3)
    with pytest.raises(ValueError, match=r"model_latency: parameter 'dtype' = fp16"):
        offload.model_latency(p, tiny_chain(), fp16)
    with pytest.raises(ValueError, match=r"split_latency: parameter 'split' = 4"):
        offload.split_latency(p, p, tiny_chain(), 4)
    with pytest.raises(ValueError, match=r"split_latency: parameter 'split' = -1"):
        offload.split_latency(p, p, tiny_chain(), -1)
    with pytest.raises(ValueError, match=r"split_latency: parameter 'layers.size\(\)' = 0"):
        offload.split_latency(p, p, [], 0)
    with pytest.raises(ValueError, match=r"model_service_demand: parameter 'parallelism' = 0.5"):
        offload.model_service_demand(p, tiny_chain(), parallelism=0.5)
    with pytest.raises(ValueError, match=r"model_service_demand: parameter 'layers'"):
        offload.model_service_demand(p, [])
    with pytest.raises(ValueError, match=r"attainable_flops: parameter 'intensity' = -1"):
        p.attainable_flops(OC.pooling, -1.0)
    with pytest.raises(ValueError, match=r"Model.cost: parameter 'key' = 3"):
        tiny_chain().cost(3)
    with pytest.raises(ValueError, match=r"Model.layer: parameter 'key' = 'nope'"):
        tiny_chain().layer("nope")


# ---------------------------------------------------------------------------------------------------------
# Calibration


TRUE_COMPUTE = {OC.dense_conv: 0.4, OC.pointwise_conv: 0.25, OC.depthwise_conv: 0.05, OC.fully_connected: 0.6}
TRUE_MEMORY = {OC.elementwise: 0.5, OC.normalization: 0.3, OC.pooling: 0.7, OC.data_movement: 0.9,
               OC.depthwise_conv: 0.6}


def synthetic_samples():
    """Per-layer 'measurements' made by a known profile (noise-free)."""
    prior = offload.HardwareProfile("cpu", memory_bandwidth=2e10, peak_fp32=2e11)
    truth = prior.replace(compute_efficiency=TRUE_COMPUTE, memory_efficiency=TRUE_MEMORY, layer_overhead=2e-5)
    costs = zoo.mobilenet_v2().layer_costs() + zoo.resnet18().layer_costs()
    samples = [offload.CalibrationSample([c], offload.layer_latency(truth, c)) for c in costs]
    return prior, truth, samples


def test_calibration_recovers_known_efficiencies():
    prior, truth, samples = synthetic_samples()
    options = offload.CalibrationOptions(weighting=offload.CalibrationWeighting.absolute)
    r = offload.calibrate(prior, samples, options)
    assert r.fit.rms_relative_error < 1e-9
    assert r.regime_converged
    assert r.overhead_status == offload.FitStatus.fitted
    assert r.profile.layer_overhead == pytest.approx(2e-5, rel=1e-6)
    fitted = 0
    for name, status in r.compute_status.items():
        if status == offload.FitStatus.fitted:
            fitted += 1
            assert r.profile.compute_efficiency[name] == pytest.approx(truth.compute_efficiency[name], rel=1e-6), name
    for name, status in r.memory_status.items():
        if status == offload.FitStatus.fitted:
            fitted += 1
            assert r.profile.memory_efficiency[name] == pytest.approx(truth.memory_efficiency[name], rel=1e-6), name
    assert r.compute_status["dense_conv"] == offload.FitStatus.fitted
    assert r.compute_status["depthwise_conv"] == offload.FitStatus.fitted or \
        r.memory_status["depthwise_conv"] == offload.FitStatus.fitted
    assert r.memory_status["elementwise"] == offload.FitStatus.fitted
    assert fitted >= 6
    # classes no sample exercises keep the prior and are noted
    assert r.compute_status["attention"] == offload.FitStatus.not_exercised
    assert any(n.startswith("compute_efficiency[attention]: no sample exercises it") for n in r.notes)
    np.testing.assert_allclose(r.fit.predicted_seconds, r.fit.measured_seconds, rtol=1e-8)
    assert "calibrated by offload::dnn::calibrate" in r.profile.source
    # held-out evaluation and whole-model samples
    held_out = [offload.CalibrationSample(zoo.resnet50(), offload.model_latency(truth, zoo.resnet50()))]
    report = offload.evaluate_fit(r.profile, held_out)
    assert abs(report.relative_error[0]) < 1e-6
    fixed = offload.calibrate(prior, samples, offload.CalibrationOptions(fit_layer_overhead=False))
    assert fixed.overhead_status == offload.FitStatus.fixed_by_options and fixed.profile.layer_overhead == 0
    assert repr(r).startswith("CalibrationResult(profile=HardwareProfile(name='cpu'")


def test_calibration_bad_inputs_name_the_sample():
    prior, _, samples = synthetic_samples()
    c = offload.LayerCost(OC.dense_conv, flops=1e6)
    cases = [
        ([], r"calibrate: parameter 'samples.size\(\)' = 0"),
        ([offload.CalibrationSample([c], 1e-3), offload.CalibrationSample([c], -1.0)],
         r"calibrate: parameter 'samples\[1\].measured_seconds' = -1"),
        ([offload.CalibrationSample([c], math.inf)], r"parameter 'samples\[0\].measured_seconds' = inf"),
        ([offload.CalibrationSample([], 1e-3)], r"parameter 'samples\[0\].layers.size\(\)' = 0"),
        ([offload.CalibrationSample([offload.LayerCost(OC.pooling, input_bytes=-4.0)], 1e-3)],
         r"parameter 'samples\[0\].layers\[0\].input_bytes' = -4"),
        ([offload.CalibrationSample([c], 1e-3, element_type=int8)], r"parameter 'samples\[0\].element_type' = int8"),
    ]
    for s, pattern in cases:
        with pytest.raises(ValueError, match=pattern):
            offload.calibrate(prior, s)
    with pytest.raises(ValueError, match=r"parameter 'options.max_regime_iterations' = 0"):
        offload.calibrate(prior, samples[:3], offload.CalibrationOptions(max_regime_iterations=0))
    with pytest.raises(ValueError, match=r"evaluate_fit: parameter 'samples\[0\].measured_seconds' = 0"):
        offload.evaluate_fit(prior, [offload.CalibrationSample([c], 0.0)])


def test_convergence_error_is_runtime_error():
    # No FLOPs/calibration input reaches a convergence_error: calibrate's iteration budget
    # (max_regime_iterations) ends the regime search without an error, and the NNLS active set is capped at
    # 3n + 30 outer iterations, which Lawson-Hanson does not reach on real data. A crossover search with a
    # one-iteration root-finding budget does fail to converge, through a bound function.
    dev = offload.DnnOnDevice(arrival_rate=2.0, device=offload.ServiceDemand(0.2))
    off = offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02),
                             link=offload.NetworkLink(1e6), sizes=offload.Payload(1e5, 0.0))
    with pytest.raises(RuntimeError, match=r"offload: .*did not bracket the crossover in 1 iterations"):
        offload.bandwidth_crossovers(dev, off, 1e5, 1e8, offload.CrossoverOptions(max_iterations=1,
                                                                                   method=offload.CrossoverMethod.scan))
    assert len(offload.bandwidth_crossovers(dev, off, 1e5, 1e8).points) == 1


# ---------------------------------------------------------------------------------------------------------
# JSON


def test_model_json_round_trip(tmp_path):
    m = zoo.inception_v3()
    again = offload.model_from_json_text(offload.to_json_text(m))
    assert again.layer_names == m.layer_names
    assert again.total_macs == m.total_macs and again.total_parameters == m.total_parameters
    np.testing.assert_array_equal(again.split_points().to_arrays()["payload_bytes"],
                                  m.split_points().to_arrays()["payload_bytes"])
    path = tmp_path / "res.json"
    offload.write_model(path, residual())
    loaded = offload.read_model(str(path))
    assert loaded.layer("sum").inputs == ["conv", "relu"]
    assert residual().to_json_text() == loaded.to_json_text()


def test_hardware_profile_json_round_trip(tmp_path):
    p = offload.presets.jetson_tx2().replace(compute_efficiency={"depthwise_conv": 0.125}, layer_overhead=3e-5)
    q = offload.hardware_profile_from_json_text(offload.to_json_text(p))
    assert q.compute_efficiency == p.compute_efficiency and q.layer_overhead == 3e-5
    assert q.peak_fp16 == 1.3e12 and q.source == p.source
    path = tmp_path / "tx2.json"
    offload.write_hardware_profile(path, p)
    r = offload.read_hardware_profile(path)
    assert r.to_json_text() == p.to_json_text()


def test_json_errors_name_the_pointer(tmp_path):
    doc = '{"name": "x", "input_shape": [1, 3, 8, 8], "layers": [{"name": "c", "type": "conv3d"}]}'
    with pytest.raises(ValueError, match=r"from_json\(model\): parameter '/layers/0/type' = \"conv3d\""):
        offload.model_from_json_text(doc)
    doc = ('{"name": "x", "input_shape": [1, 3, 8, 8], "layers": [{"name": "c", "type": "conv2d", '
           '"in_channels": 4, "out_channels": 8, "kernel_size": 3}]}')
    with pytest.raises(ValueError, match=r"parameter '/layers/0' .*in_channels = 4"):
        offload.model_from_json_text(doc)
    with pytest.raises(ValueError, match=r"parameter '/layers/0/kernel_size' = 0"):
        offload.model_from_json_text(doc.replace('"kernel_size": 3', '"kernel_size": 0'))
    with pytest.raises(ValueError, match=r"parameter '/' = byte"):
        offload.model_from_json_text("{")
    with pytest.raises(FileNotFoundError, match=r"offload::dnn::read_model: cannot open '.*missing.json' for reading"):
        offload.read_model(tmp_path / "missing.json")
    with pytest.raises(OSError):
        offload.write_model(tmp_path / "no_dir" / "m.json", zoo.resnet18())
    with pytest.raises(ValueError, match=r"parameter '/compute_efficiency/dense_conv' = 2"):
        offload.hardware_profile_from_json_text('{"name": "x", "peak_flops": {"fp32": 1e9}, "memory_bandwidth": 1e9, '
                                           '"compute_efficiency": {"dense_conv": 2}}')
    with pytest.raises(ValueError, match=r"parameter '/memory_bandwith'"):
        offload.hardware_profile_from_json_text('{"name": "x", "peak_flops": {"fp32": 1e9}, "memory_bandwith": 1e9}')
    with pytest.raises(ValueError, match=r"from_json\(hardware_profile\): parameter '/' = byte"):
        offload.hardware_profile_from_json_text("[")
    with pytest.raises(FileNotFoundError, match=r"offload::dnn::read_hardware_profile: cannot open"):
        offload.read_hardware_profile(tmp_path / "missing.json")


def test_json_limits_from_python():
    # issue 18: a bounded, checked indent; a depth limit; numbers beyond double range name their pointer
    m = zoo.resnet18()
    assert "\n" not in offload.to_json_text(m, indent=-1)
    for bad in (-2, 17, 1025, 10**6):
        with pytest.raises(ValueError, match=r"to_json_text\(model\): parameter 'indent'"):
            offload.to_json_text(m, indent=bad)
        with pytest.raises(ValueError, match=r"parameter 'indent'"):
            offload.presets.jetson_tx2().to_json_text(indent=bad)
    deep = '{"name": ' + "[" * 100000 + "]" * 100000 + "}"
    for parse in (offload.model_from_json_text, offload.hardware_profile_from_json_text,
                  offload.scenario_from_json_text):
        with pytest.raises(ValueError, match=r"parameter '/name(/0)+' = byte 72 .*nested deeper than 64 levels"):
            parse(deep)
        with pytest.raises(ValueError, match=r"parameter '/x/1' = byte .*number overflow parsing '1e309'"):
            parse('{"x": [1, 1e309]}')


LAYER_SAMPLES = [
    offload.Conv2d(3, 16, (3, 5), stride=2, padding=(1, 2), dilation=1, groups=1, bias=False),
    offload.Linear(8, 4, bias=False, tied=True), offload.BatchNorm(8), offload.LayerNorm(8, elementwise_affine=False),
    offload.RMSNorm(8), offload.Pool2d(offload.PoolKind.max, 3, stride=2, padding=1, ceil_mode=True),
    offload.AdaptivePool2d(offload.PoolKind.average, (2, 3)), offload.Activation(offload.ActivationKind.softmax, 1),
    offload.Elementwise(offload.ElementwiseOp.mul), offload.Concat(2), offload.Slice(1, 2, 3), offload.Flatten(2),
    offload.Reshape([2, -1]), offload.Reshape([7]), offload.UpsampleNearest(2),
    offload.LSTM(3, 4, num_layers=2, bidirectional=True, return_sequences=False, bias=offload.RecurrentBias.single),
    offload.GRU(3, 4), offload.MultiHeadAttention(64, 8, num_kv_heads=2, causal=True, kv_cache_length=16),
    offload.Embedding(100, 16), offload.TransformerDecoderBlock(64, 8, num_kv_heads=2, mlp_hidden=256),
]


@pytest.mark.parametrize("layer", LAYER_SAMPLES, ids=lambda l: type(l).__name__)
def test_layers_have_value_semantics(layer):
    """==, hash, pickle and a repr that evaluates back, all from the one field list per layer type."""
    import pickle

    twin = eval(repr(layer), vars(offload))  # noqa: S307 - the repr is the constructor call
    assert twin == layer and not (twin != layer) and hash(twin) == hash(layer) and twin is not layer
    assert pickle.loads(pickle.dumps(layer)) == layer
    assert repr(pickle.loads(pickle.dumps(layer))) == repr(layer)
    assert set(type(layer).__offload_fields__) <= set(dir(layer))
    assert layer != offload.Concat(3) and layer != "text"


def test_layer_equality_is_by_value_and_type():
    assert offload.Conv2d(3, 16, 3) == offload.Conv2d(3, 16, 3, stride=1, padding=0)
    assert offload.Conv2d(3, 16, 3) != offload.Conv2d(3, 16, 3, bias=False)
    assert offload.LSTM(3, 4) != offload.GRU(3, 4)  # same fields, another type
    assert len({offload.Flatten(1), offload.Flatten(1), offload.Flatten(2)}) == 2
    assert repr(offload.Pool2d(offload.PoolKind.max, 2)) == (
        "Pool2d(kind=PoolKind.max, kernel_size=2, stride=2, padding=0, ceil_mode=False)")


def test_layer_cost_is_a_mutable_value():
    import pickle

    c = offload.LayerCost(offload.OpClass.dense_conv, macs=10.0, flops=20.0, parameters=3.0, weight_bytes=12.0,
                          input_bytes=0.1, output_bytes=1e-300)
    assert repr(c) == ("LayerCost(kind=OpClass.dense_conv, macs=10.0, flops=20.0, parameters=3.0, weight_bytes=12.0, "
                       "input_bytes=0.1, output_bytes=1e-300)")
    assert eval(repr(c), vars(offload)) == c and pickle.loads(pickle.dumps(c)) == c  # noqa: S307
    d = pickle.loads(pickle.dumps(c))
    d.macs = 11.0
    assert d != c and type(c).__hash__ is None  # mutable: compared by value, not hashable
