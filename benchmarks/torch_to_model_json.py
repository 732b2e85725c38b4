#!/usr/bin/python3
"""Convert a torch.nn.Module and an input shape into offload's model JSON (offload/json/flops_model.hpp).

The graph (including functional residual adds, concatenations and flattens, which module forward hooks
cannot see) is taken from torch.fx; every node's real output shape comes from running the traced module
once on a zero tensor, node by node (torch.fx.Interpreter). Modules that do nothing at inference
(Dropout, Identity) become aliases of their input.

The script prints the MACs it counts on its own from the real tensor shapes (convolution and linear layers:
output elements x input features per output) and torch's parameter count, so the C++ zoo can be checked
against an independent layer-by-layer count:

    /usr/bin/python3 benchmarks/torch_to_model_json.py mobilenet_v2 --out mobilenet_v2.json
    /usr/bin/python3 benchmarks/torch_to_model_json.py resnet18 --shape 1 3 224 224

Requires torch and torchvision (CPU, random weights: nothing is downloaded).
"""
import argparse
import json
import operator
import sys

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F


def pair(v):
    if isinstance(v, (tuple, list)):
        return [int(v[0]), int(v[1])] if v[0] != v[1] else int(v[0])
    return int(v)


ACTIVATION_MODULES = {nn.ReLU: "relu", nn.ReLU6: "relu6", nn.SiLU: "silu", nn.GELU: "gelu",
                      nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.Hardswish: "hardswish"}
ACTIVATION_FUNCTIONS = {F.relu: "relu", torch.relu: "relu", F.relu6: "relu6", F.silu: "silu", F.gelu: "gelu",
                        torch.sigmoid: "sigmoid", F.sigmoid: "sigmoid", torch.tanh: "tanh",
                        F.hardswish: "hardswish"}
ADD = {operator.add, operator.iadd, torch.add}
MUL = {operator.mul, operator.imul, torch.mul}
PASS_THROUGH_MODULES = (nn.Dropout, nn.Identity)
PASS_THROUGH_FUNCTIONS = {F.dropout}


class ShapeRecorder(torch.fx.Interpreter):
    """Runs the graph once and records every node's output shape."""

    def __init__(self, gm):
        super().__init__(gm)
        self.shapes = {}

    def run_node(self, n):
        out = super().run_node(n)
        if isinstance(out, torch.Tensor):
            self.shapes[n.name] = list(out.shape)
        return out


def convert(module, shape, name, dtype="fp32"):
    module = module.eval()
    gm = torch.fx.symbolic_trace(module)
    recorder = ShapeRecorder(gm)
    with torch.no_grad():
        recorder.run(torch.zeros(*shape))
    shapes = recorder.shapes
    modules = dict(gm.named_modules())

    alias = {}     # fx node name -> model layer name producing the same tensor
    layers = []
    macs = 0

    def src(arg):
        return alias[arg.name]

    def emit(node, layer_type, inputs, **fields):
        layer = {"name": node.name, "type": layer_type, "inputs": [src(a) for a in inputs]}
        layer.update(fields)
        layers.append(layer)
        alias[node.name] = node.name

    def fail(node, why):
        raise SystemExit(f"torch_to_model_json: node '{node.name}' ({node.op} {node.target}): {why}")

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
            if isinstance(m, PASS_THROUGH_MODULES):
                alias[node.name] = src(x)
            elif isinstance(m, nn.Conv2d):
                emit(node, "conv2d", [x], in_channels=m.in_channels, out_channels=m.out_channels,
                     kernel_size=pair(m.kernel_size), stride=pair(m.stride), padding=pair(m.padding),
                     dilation=pair(m.dilation), groups=m.groups, bias=m.bias is not None)
                out = shapes[node.name]
                kh, kw = m.kernel_size
                macs += out[0] * out[1] * out[2] * out[3] * (m.in_channels // m.groups) * kh * kw
            elif isinstance(m, nn.Linear):
                emit(node, "linear", [x], in_features=m.in_features, out_features=m.out_features,
                     bias=m.bias is not None)
                out = shapes[node.name]
                macs += int(torch.tensor(out).prod()) * m.in_features
            elif isinstance(m, nn.BatchNorm2d):
                emit(node, "batch_norm", [x], num_features=m.num_features)
            elif isinstance(m, nn.LayerNorm):
                emit(node, "layer_norm", [x], normalized_size=int(m.normalized_shape[-1]),
                     elementwise_affine=m.elementwise_affine,
                     bias=m.elementwise_affine and getattr(m, "bias", None) is not None)
            elif type(m) in ACTIVATION_MODULES:
                emit(node, "activation", [x], kind=ACTIVATION_MODULES[type(m)])
            elif isinstance(m, nn.Softmax):
                emit(node, "activation", [x], kind="softmax", axis=m.dim if m.dim is not None else -1)
            elif isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
                emit(node, "pool2d", [x], kind="max" if isinstance(m, nn.MaxPool2d) else "average",
                     kernel_size=pair(m.kernel_size), stride=pair(m.stride or m.kernel_size),
                     padding=pair(m.padding), ceil_mode=bool(m.ceil_mode))
            elif isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
                emit(node, "adaptive_pool2d", [x],
                     kind="average" if isinstance(m, nn.AdaptiveAvgPool2d) else "max",
                     output_size=pair(m.output_size))
            elif isinstance(m, nn.Flatten):
                emit(node, "flatten", [x], start_axis=m.start_dim)
            elif isinstance(m, nn.Upsample) and m.mode == "nearest" and m.scale_factor:
                emit(node, "upsample_nearest", [x], scale_factor=int(m.scale_factor))
            elif isinstance(m, nn.Embedding):
                emit(node, "embedding", [x], num_embeddings=m.num_embeddings, embedding_dim=m.embedding_dim)
            else:
                fail(node, f"module type {type(m).__name__} is not supported")
        elif node.op == "call_function":
            f = node.target
            if f in PASS_THROUGH_FUNCTIONS:
                alias[node.name] = src(args[0])
            elif f in ADD or f in MUL:
                tensors = [a for a in args if isinstance(a, torch.fx.Node)]
                if len(tensors) != 2:
                    fail(node, "element-wise op with a constant operand")
                emit(node, "elementwise", tensors, op="add" if f in ADD else "mul")
            elif f is torch.cat:
                dim = node.kwargs.get("dim", args[1] if len(args) > 1 else 0)
                emit(node, "concat", list(args[0]), axis=dim)
            elif f is torch.flatten:
                start = node.kwargs.get("start_dim", args[1] if len(args) > 1 else 0)
                emit(node, "flatten", [args[0]], start_axis=start)
            elif f in ACTIVATION_FUNCTIONS:
                emit(node, "activation", [args[0]], kind=ACTIVATION_FUNCTIONS[f])
            elif f in (F.adaptive_avg_pool2d, F.adaptive_max_pool2d):
                size = node.kwargs.get("output_size", args[1] if len(args) > 1 else None)
                emit(node, "adaptive_pool2d", [args[0]],
                     kind="average" if f is F.adaptive_avg_pool2d else "max", output_size=pair(size))
            elif f in (F.max_pool2d, F.avg_pool2d):
                a = list(args) + [None] * 5
                k = node.kwargs.get("kernel_size", a[1])
                s = node.kwargs.get("stride", a[2]) or k
                p = node.kwargs.get("padding", a[3] if a[3] is not None else 0)
                emit(node, "pool2d", [args[0]], kind="max" if f is F.max_pool2d else "average",
                     kernel_size=pair(k), stride=pair(s), padding=pair(p),
                     ceil_mode=bool(node.kwargs.get("ceil_mode", False)))
            else:
                fail(node, "function is not supported")
        elif node.op == "call_method":
            if node.target in ("view", "reshape", "flatten"):
                out = shapes[node.name]
                emit(node, "reshape", [args[0]], shape=[int(d) for d in out[1:]])
            elif node.target in ("contiguous",):
                alias[node.name] = src(args[0])
            else:
                fail(node, "method is not supported")
        else:
            fail(node, "node kind is not supported")

    parameters = sum(p.numel() for p in module.parameters())
    doc = {"name": name, "input_shape": list(shape), "dtype": dtype, "layers": layers}
    return doc, macs, parameters


def main():
    import torchvision.models as tvm

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="a torchvision.models constructor name, e.g. mobilenet_v2, resnet18")
    parser.add_argument("--shape", type=int, nargs="+", default=None, help="input shape (default 1 3 224 224)")
    parser.add_argument("--dtype", default="fp32", choices=["fp32", "fp16", "int8"])
    parser.add_argument("--out", default=None, help="write the JSON here (default: stdout totals only)")
    opts = parser.parse_args()

    kwargs = {"aux_logits": False, "init_weights": False} if opts.model == "inception_v3" else {}
    module = getattr(tvm, opts.model)(weights=None, **kwargs)
    shape = opts.shape or ([1, 3, 299, 299] if opts.model == "inception_v3" else [1, 3, 224, 224])
    doc, macs, parameters = convert(module, shape, opts.model, opts.dtype)
    if opts.out:
        with open(opts.out, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
    print(f"{opts.model}: layers {len(doc['layers'])}  MACs {macs}  parameters {parameters}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
