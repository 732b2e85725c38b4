"""Convert a ``torch.nn.Module`` and an input shape into an offload model (``offload.from_torch``).

The graph, including functional residual adds, concatenations and flattens that module forward hooks cannot
see, is taken from ``torch.fx.symbolic_trace``; every node's real output shape comes from running the traced
module once on a zero tensor, node by node (``torch.fx.Interpreter``). Each node becomes one layer of the
model JSON that the C++ side reads (``offload/json/flops_model.hpp``); modules that do nothing at inference
(Dropout, Identity) become aliases of their input. The C++ reader then checks every shape again and computes
MACs, FLOPs, parameters and bytes.

Supported: Conv2d, Linear, BatchNorm2d, LayerNorm, ReLU/ReLU6/SiLU/GELU/Sigmoid/Tanh/Hardswish/Softmax
(modules and functions), MaxPool2d/AvgPool2d, adaptive pooling, Flatten, nearest Upsample with an integer
factor, Embedding, LSTM/GRU (batch_first=True, output sequence only), add/mul/cat/flatten/view/reshape;
anything else raises ValueError naming the node.

torch is imported only when a function here is called, so ``import offload`` never needs torch.
"""
import json
import operator
from typing import NamedTuple

__all__ = ["from_torch", "convert_torch", "TorchConversion"]


class TorchConversion(NamedTuple):
    """What convert_torch returns."""

    document: dict   #: the model JSON document (offload/json/flops_model.hpp)
    macs: int        #: MACs of convolution and linear layers, counted here from the real tensor shapes
    parameters: int  #: torch's parameter count of the module


def _pair(v):
    if isinstance(v, (tuple, list)):
        return [int(v[0]), int(v[1])] if v[0] != v[1] else int(v[0])
    return int(v)


def _dtype_name(dtype):
    name = getattr(dtype, "name", dtype)
    if name not in ("fp32", "fp16", "int8"):
        raise ValueError(f"offload.from_torch: parameter 'dtype' = {dtype!r} is invalid: must be fp32, fp16, int8 "
                         "(a string or offload.DType)")
    return name


def _tables():
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    activation_modules = {nn.ReLU: "relu", nn.ReLU6: "relu6", nn.SiLU: "silu", nn.GELU: "gelu",
                          nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.Hardswish: "hardswish"}
    activation_functions = {F.relu: "relu", torch.relu: "relu", F.relu6: "relu6", F.silu: "silu", F.gelu: "gelu",
                            torch.sigmoid: "sigmoid", F.sigmoid: "sigmoid", torch.tanh: "tanh", F.tanh: "tanh",
                            F.hardswish: "hardswish"}
    return {
        "activation_modules": activation_modules,
        "activation_functions": activation_functions,
        "softmax_functions": {F.softmax, torch.softmax},
        "add": {operator.add, operator.iadd, torch.add},
        "mul": {operator.mul, operator.imul, torch.mul},
        "pass_modules": (nn.Dropout, nn.Identity),
        "pass_functions": {F.dropout},
        "adaptive_pool": {F.adaptive_avg_pool2d: "average", F.adaptive_max_pool2d: "max"},
        "pool": {F.max_pool2d: "max", F.avg_pool2d: "average"},
    }


def convert_torch(module, input_shape=None, name=None, dtype="fp32", example_input=None):
    """Trace ``module`` and return a :class:`TorchConversion` (model JSON document, MACs, parameters).

    input_shape: the input tensor's shape, batch first (e.g. ``(1, 3, 224, 224)``); the module runs once on
    zeros of that shape (float32). Give ``example_input`` instead for other inputs (e.g. token ids for an
    Embedding). name defaults to the module's class name; dtype ("fp32", "fp16", "int8" or an offload.DType)
    is the element type recorded in the model.
    """
    import torch
    import torch.fx
    import torch.nn as nn

    dtype = _dtype_name(dtype)
    if example_input is None:
        if input_shape is None:
            raise ValueError("offload.from_torch: parameter 'input_shape' = None is invalid: give input_shape or "
                             "example_input")
        shape = [int(d) for d in input_shape]
        if not 1 <= len(shape) <= 4 or any(d < 1 for d in shape):
            raise ValueError(f"offload.from_torch: parameter 'input_shape' = {list(input_shape)} is invalid: must "
                             "be 1..4 positive integers, batch first")
        example_input = torch.zeros(*shape)
    shape = list(example_input.shape)
    if name is None:
        name = type(module).__name__
    t = _tables()

    module = module.eval()
    try:
        gm = torch.fx.symbolic_trace(module)
    except Exception as e:  # torch.fx.proxy.TraceError and whatever the module's Python raises under tracing
        raise ValueError(f"offload.from_torch: torch.fx cannot trace the module ({type(e).__name__}: {e})") from e

    class ShapeRecorder(torch.fx.Interpreter):
        def __init__(self, graph_module):
            super().__init__(graph_module)
            self.shapes = {}

        def run_node(self, n):
            out = super().run_node(n)
            if isinstance(out, torch.Tensor):
                self.shapes[n.name] = list(out.shape)
            return out

    recorder = ShapeRecorder(gm)
    with torch.no_grad():
        recorder.run(example_input)
    shapes = recorder.shapes
    modules = dict(gm.named_modules())

    alias = {}            # fx node name -> model layer name producing the same tensor
    recurrent_nodes = set()  # LSTM/GRU nodes whose output tuple is indexed by getitem
    layers = []
    macs = 0

    def fail(node, why):
        raise ValueError(f"offload.from_torch: node '{node.name}' ({node.op} {node.target}): {why}")

    def src(node, arg):
        if not isinstance(arg, torch.fx.Node) or arg.name not in alias:
            fail(node, f"input {arg!r} is not a tensor produced by a supported layer")
        return alias[arg.name]

    def emit(node, layer_type, inputs, **fields):
        layer = {"name": node.name, "type": layer_type, "inputs": [src(node, a) for a in inputs]}
        layer.update(fields)
        layers.append(layer)
        alias[node.name] = node.name

    for node in gm.graph.nodes:
        if node.op == "placeholder":
            alias[node.name] = "input"
            continue
        if node.op == "output":
            continue
        args = node.args
        if node.op == "call_module":
            m = modules[node.target]
            x = args[0]
            if isinstance(m, t["pass_modules"]):
                alias[node.name] = src(node, x)
            elif isinstance(m, nn.Conv2d):
                if m.padding_mode != "zeros" or isinstance(m.padding, str):
                    fail(node, "only numeric zero padding is supported")
                emit(node, "conv2d", [x], in_channels=m.in_channels, out_channels=m.out_channels,
                     kernel_size=_pair(m.kernel_size), stride=_pair(m.stride), padding=_pair(m.padding),
                     dilation=_pair(m.dilation), groups=m.groups, bias=m.bias is not None)
                out = shapes[node.name]
                kh, kw = m.kernel_size
                macs += out[0] * out[1] * out[2] * out[3] * (m.in_channels // m.groups) * kh * kw
            elif isinstance(m, nn.Linear):
                emit(node, "linear", [x], in_features=m.in_features, out_features=m.out_features,
                     bias=m.bias is not None)
                out = shapes[node.name]
                elements = 1
                for d in out:
                    elements *= d
                macs += elements * m.in_features
            elif isinstance(m, nn.BatchNorm2d):
                emit(node, "batch_norm", [x], num_features=m.num_features)
            elif isinstance(m, nn.LayerNorm):
                emit(node, "layer_norm", [x], normalized_size=int(m.normalized_shape[-1]),
                     elementwise_affine=m.elementwise_affine,
                     bias=bool(m.elementwise_affine and getattr(m, "bias", None) is not None))
            elif type(m) in t["activation_modules"]:
                emit(node, "activation", [x], kind=t["activation_modules"][type(m)])
            elif isinstance(m, nn.Softmax):
                emit(node, "activation", [x], kind="softmax", axis=m.dim if m.dim is not None else -1)
            elif isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
                if isinstance(m, nn.MaxPool2d) and _pair(m.dilation) != 1:
                    fail(node, "dilated max pooling is not supported")
                emit(node, "pool2d", [x], kind="max" if isinstance(m, nn.MaxPool2d) else "average",
                     kernel_size=_pair(m.kernel_size), stride=_pair(m.stride or m.kernel_size),
                     padding=_pair(m.padding), ceil_mode=bool(m.ceil_mode))
            elif isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
                emit(node, "adaptive_pool2d", [x],
                     kind="average" if isinstance(m, nn.AdaptiveAvgPool2d) else "max",
                     output_size=_pair(m.output_size))
            elif isinstance(m, nn.Flatten):
                emit(node, "flatten", [x], start_axis=m.start_dim)
            elif isinstance(m, nn.Upsample):
                factor = m.scale_factor
                if m.mode != "nearest" or factor is None or float(factor) != int(factor):
                    fail(node, "only nearest upsampling by an integer scale_factor is supported")
                emit(node, "upsample_nearest", [x], scale_factor=int(factor))
            elif isinstance(m, nn.Embedding):
                emit(node, "embedding", [x], num_embeddings=m.num_embeddings, embedding_dim=m.embedding_dim)
            elif isinstance(m, (nn.LSTM, nn.GRU)):
                if not m.batch_first:
                    fail(node, "only batch_first=True recurrent layers are supported")
                if getattr(m, "proj_size", 0):
                    fail(node, "LSTM projections (proj_size) are not supported")
                emit(node, "lstm" if isinstance(m, nn.LSTM) else "gru", [x], input_size=m.input_size,
                     hidden_size=m.hidden_size, num_layers=m.num_layers, bidirectional=m.bidirectional,
                     return_sequences=True, bias="pytorch" if m.bias else "none")
                recurrent_nodes.add(node.name)
            else:
                fail(node, f"module type {type(m).__name__} is not supported")
        elif node.op == "call_function":
            f = node.target
            if f in t["pass_functions"]:
                alias[node.name] = src(node, args[0])
            elif f is operator.getitem and isinstance(args[0], torch.fx.Node) and args[0].name in recurrent_nodes:
                if args[1] != 0:
                    fail(node, "only the output sequence ([0]) of an LSTM/GRU is supported, not its hidden state")
                alias[node.name] = src(node, args[0])
            elif f in t["add"] or f in t["mul"]:
                tensors = [a for a in args if isinstance(a, torch.fx.Node)]
                if len(tensors) != 2 or len(args) != 2:
                    fail(node, "element-wise op with a constant operand")
                emit(node, "elementwise", tensors, op="add" if f in t["add"] else "mul")
            elif f is torch.cat:
                dim = node.kwargs.get("dim", args[1] if len(args) > 1 else 0)
                rank = len(shapes[node.name])
                emit(node, "concat", list(args[0]), axis=dim + rank if dim < 0 else dim)
            elif f is torch.flatten:
                start = node.kwargs.get("start_dim", args[1] if len(args) > 1 else 0)
                if node.kwargs.get("end_dim", args[2] if len(args) > 2 else -1) != -1:
                    fail(node, "flatten with an end_dim is not supported")
                emit(node, "flatten", [args[0]], start_axis=start)
            elif f in t["activation_functions"]:
                emit(node, "activation", [args[0]], kind=t["activation_functions"][f])
            elif f in t["softmax_functions"]:
                dim = node.kwargs.get("dim", args[1] if len(args) > 1 else -1)
                emit(node, "activation", [args[0]], kind="softmax", axis=dim)
            elif f in t["adaptive_pool"]:
                size = node.kwargs.get("output_size", args[1] if len(args) > 1 else None)
                emit(node, "adaptive_pool2d", [args[0]], kind=t["adaptive_pool"][f], output_size=_pair(size))
            elif f in t["pool"]:
                a = list(args) + [None] * 5
                k = node.kwargs.get("kernel_size", a[1])
                s = node.kwargs.get("stride", a[2]) or k
                p = node.kwargs.get("padding", a[3] if a[3] is not None else 0)
                emit(node, "pool2d", [args[0]], kind=t["pool"][f],
                     kernel_size=_pair(k), stride=_pair(s), padding=_pair(p),
                     ceil_mode=bool(node.kwargs.get("ceil_mode", False)))
            else:
                fail(node, "function is not supported")
        elif node.op == "call_method":
            if node.target in ("view", "reshape", "flatten"):
                out = shapes[node.name]
                emit(node, "reshape", [args[0]], shape=[int(d) for d in out[1:]])
            elif node.target in ("contiguous",):
                alias[node.name] = src(node, args[0])
            else:
                fail(node, "method is not supported")
        else:
            fail(node, "node kind is not supported")

    parameters = sum(p.numel() for p in module.parameters())
    document = {"name": name, "input_shape": shape, "dtype": dtype, "layers": layers}
    return TorchConversion(document, int(macs), int(parameters))


def from_torch(module, input_shape=None, name=None, dtype="fp32", example_input=None):
    """Convert a torch.nn.Module and its input shape into an :class:`offload.Model`.

    >>> import torchvision, offload
    >>> m = offload.from_torch(torchvision.models.resnet18(weights=None), (1, 3, 224, 224))
    >>> m.total_macs, m.total_parameters
    (1814073344.0, 11689512.0)

    See :func:`convert_torch` for the arguments. The module is traced with torch.fx and run once on zeros
    (random weights are fine; nothing is downloaded). Unsupported layers raise ValueError naming the node;
    shape or field errors found by the C++ reader raise ValueError naming the JSON pointer of the layer.
    """
    from . import _core

    conversion = convert_torch(module, input_shape, name=name, dtype=dtype, example_input=example_input)
    return _core.model_from_json_text(json.dumps(conversion.document))
