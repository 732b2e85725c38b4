"""offload.from_torch: torch.nn.Module + input shape -> offload.Model. Skipped where torch is not installed
(Debian's python3-torch / python3-torchvision here: random weights, nothing is downloaded)."""
import json

import pytest

import offload

torch = pytest.importorskip("torch")
nn = torch.nn


@pytest.mark.parametrize("name, shape, macs, parameters", [
    ("mobilenet_v2", (1, 3, 224, 224), 300_774_272, 3_504_872),
    ("resnet18", (1, 3, 224, 224), 1_814_073_344, 11_689_512),
])
def test_torchvision_models_match_the_zoo_exactly(name, shape, macs, parameters):
    tvm = pytest.importorskip("torchvision.models")
    module = getattr(tvm, name)(weights=None)
    conversion = offload.convert_torch(module, shape, name=name)
    # the converter's own count from real tensor shapes, and torch's parameter count
    assert conversion.macs == macs
    assert conversion.parameters == parameters
    m = offload.from_torch(module, shape, name=name)
    assert m.name == name and m.input_shape == shape
    assert m.total_macs == macs
    assert m.total_parameters == parameters
    z = getattr(offload.zoo, name)()
    assert m.output_shape == z.output_shape == (1, 1000)
    assert m.total_flops(offload.FlopsConvention.molchanov) == z.total_flops(offload.FlopsConvention.molchanov)
    # same layers in the same order give the same split payloads (the zoo follows torchvision's definition)
    if len(m) == len(z):
        assert (m.split_points().to_arrays()["payload_bytes"] == z.split_points().to_arrays()["payload_bytes"]).all()


class Small(nn.Module):
    """A residual block with functional ops, a squeeze-excitation product, pooling and a classifier."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, (3, 1), padding=(1, 0))
        self.drop = nn.Dropout(0.5)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        y = torch.relu(self.bn(self.conv(x)))
        z = self.conv2(y) + y
        z = z * torch.sigmoid(self.pool(z))
        z = torch.cat([z, y], dim=1)
        z = torch.flatten(self.pool(self.drop(z)), 1)
        return torch.softmax(self.fc(z), dim=-1)


def test_functional_graph_and_by_hand_counts():
    m = offload.from_torch(Small(), (1, 3, 16, 16), dtype=offload.DType.fp16)
    assert m.name == "Small" and m.dtype == offload.DType.fp16
    assert m.output_shape == (1, 10)
    conv = 16 * 16 * 8 * 3 * 9
    conv2 = 16 * 16 * 8 * 8 * 3
    assert m.total_macs == conv + conv2 + 16 * 10
    assert m.total_parameters == 8 * 27 + 16 + (8 * 24 + 8) + (16 * 10 + 10)
    kinds = [layer.layer.type_name for layer in m.layers]
    assert "elementwise" in kinds and "concat" in kinds and kinds[-1] == "activation"
    # the skip connection is a real DAG edge: the add reads conv2 and the ReLU
    add = next(layer for layer in m.layers if layer.layer.type_name == "elementwise")
    assert len(add.inputs) == 2


def test_lstm_and_embedding_with_example_input():
    class Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(50, 12)
            self.lstm = nn.LSTM(12, 6, num_layers=2, batch_first=True, bidirectional=True)
            self.fc = nn.Linear(12, 3)

        def forward(self, tokens):
            out = self.lstm(self.emb(tokens))[0]  # (torch 1.13's fx cannot unpack tuples on Python 3.11)
            return self.fc(out)

    module = Seq()
    m = offload.from_torch(module, example_input=torch.zeros(1, 7, dtype=torch.long))
    assert m.input_shape == (1, 7)
    assert m.output_shape == (1, 7, 3)
    assert m.total_parameters == sum(p.numel() for p in module.parameters())


def test_document_is_the_cpp_json_format():
    doc = offload.convert_torch(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU()), (1, 1, 5, 5), name="s").document
    assert doc["input_shape"] == [1, 1, 5, 5]
    assert offload.model_from_json_text(json.dumps(doc)).total_macs == 3 * 3 * 2 * 9


def test_unsupported_and_bad_inputs_raise_value_error():
    class Odd(nn.Module):
        def forward(self, x):
            return torch.fft.fft(x)

    with pytest.raises(ValueError, match=r"from_torch: node 'fft_fft'.*not supported"):
        offload.from_torch(Odd(), (1, 4))
    with pytest.raises(ValueError, match=r"module type PReLU is not supported"):
        offload.from_torch(nn.Sequential(nn.PReLU()), (1, 4))
    with pytest.raises(ValueError, match=r"parameter 'input_shape' = \[1, 0\]"):
        offload.from_torch(nn.Sequential(nn.ReLU()), (1, 0))
    with pytest.raises(ValueError, match=r"parameter 'input_shape' = None"):
        offload.from_torch(nn.Sequential(nn.ReLU()))
    with pytest.raises(ValueError, match=r"parameter 'dtype' = 'bf16'"):
        offload.from_torch(nn.Sequential(nn.ReLU()), (1, 4), dtype="bf16")
    class Untraceable(nn.Module):
        def forward(self, x):
            return x if x.sum() > 0 else -x  # data-dependent control flow

    with pytest.raises(ValueError, match=r"from_torch: torch.fx cannot trace the module"):
        offload.from_torch(Untraceable(), (1, 4))
    with pytest.raises(ValueError, match=r"LSTM/GRU"):
        class Hidden(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(4, 4, batch_first=True)

            def forward(self, x):
                return self.lstm(x)[1][0]

        offload.from_torch(Hidden(), (1, 3, 4))
