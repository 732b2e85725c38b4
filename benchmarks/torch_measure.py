#!/usr/bin/python3
"""Measure per-layer and whole-model CPU inference latency of torchvision models, writing JSON that
offload's calibration (benchmarks/calibrate_and_predict.cpp) reads.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14; random weights, nothing is
downloaded):

    /usr/bin/python3 benchmarks/torch_measure.py --out build/h7/measurements.json

How it measures
  * one intra-op thread (torch.set_num_threads(1)) and glibc's malloc tuned (MALLOC_MMAP_THRESHOLD_=32 MiB, the
    largest value glibc accepts, plus trim threshold and top pad; set by re-executing the script) so large
    activations are not mmap'ed, unmapped and page-faulted in again on every call;
  * the model is traced with torch.fx; ShapeProp gives every node's input/output shapes, from which each node
    becomes one layer_cost (op class, MACs, FLOPs, parameters, weight/input/output bytes, fp32);
  * times are the calling thread's CPU time (time.thread_time_ns; with one intra-op thread every kernel runs
    on that thread), which, unlike wall-clock time, does not count the time the scheduler gives to other
    processes on a shared machine; wall-clock medians are recorded beside them (--clock wall makes them the
    primary figures);
  * per-layer time: an fx.Interpreter that timestamps each node before/after the op,
    which, unlike module forward hooks, also sees functional ops (residual adds, torch.cat, flatten);
  * whole-model time: the eager nn.Module under torch.inference_mode();
  * rounds interleave one eager run and one interpreter run, so both see the same load, and go round-robin over
    all models (rotating the order), so drifts of the machine's speed hit every model alike; the JSON keeps the
    median over rounds (and every whole-model run), plus the machine's load average before and after.

FLOPs convention: 2 x MACs for convolutions and linear layers (+1 per output for a bias), one per element for
additions/ReLU, a few per element for the other activations (listed in ACTIVATION_FLOPS); views (flatten,
reshape of a contiguous tensor, dropout in eval) move no bytes.
"""
import argparse
import datetime
import json
import operator
import os
import platform
import statistics
import sys
import time

# glibc malloc tuning, read only at process start (so the script re-executes itself once to apply it).
# Without it every large activation is mmap'ed and unmapped per call and first-touch page faults dominate:
# ResNet-18 measured 250 ms instead of 37 ms here. Note that glibc silently IGNORES an mmap threshold above
# 32 MiB (HEAP_MAX_SIZE / 2 on 64-bit), so a value like 10000000000 has no effect; 32 MiB exceeds every
# activation of the models below, and the trim threshold / top pad keep freed memory in the process.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "17179869184",
              "MALLOC_TOP_PAD_": "268435456"}
if any(os.environ.get(k) != v for k, v in MALLOC_ENV.items()):
    os.environ.update(MALLOC_ENV)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
import torch.fx  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.fx.passes.shape_prop import ShapeProp  # noqa: E402
import torchvision  # noqa: E402

CALIBRATION_MODELS = ["resnet18", "mobilenet_v2"]
PREDICTION_MODELS = ["resnet34", "resnet50", "mobilenet_v3_large", "mobilenet_v3_small", "squeezenet1_1",
                     "alexnet", "vgg11", "googlenet", "densenet121", "efficientnet_b0",
                     "mnasnet1_0", "regnet_x_400mf"]

BYTES = 4.0  # fp32

ACTIVATION_FLOPS = {nn.ReLU: 1, nn.ReLU6: 2, nn.Hardswish: 4, nn.Hardsigmoid: 3, nn.Sigmoid: 4, nn.SiLU: 5,
                    nn.GELU: 8, nn.Tanh: 4}
ELEMENTWISE_FUNCTIONS = {operator.add: 1, operator.mul: 1, torch.add: 1, torch.mul: 1, F.relu: 1,
                         operator.iadd: 1, torch.sigmoid: 4}


def tensor_numel(value):
    return value.numel() if isinstance(value, torch.Tensor) else 0


def node_inputs(node):
    """The tensor_meta of every fx node among node's arguments."""
    metas = []

    def visit(a):
        if isinstance(a, torch.fx.Node):
            meta = a.meta.get("tensor_meta")
            if meta is not None and hasattr(meta, "shape"):
                metas.append(meta)
        elif isinstance(a, (list, tuple)):
            for b in a:
                visit(b)

    for a in list(node.args) + list(node.kwargs.values()):
        visit(a)
    return metas


def numel(shape):
    n = 1
    for s in shape:
        n *= int(s)
    return n


def layer_cost(node, module):
    """One layer_cost dict for an fx node, or None for nodes that produce no tensor (size, getattr)."""
    meta = node.meta.get("tensor_meta")
    if meta is None or not hasattr(meta, "shape"):
        return None
    out_n = numel(meta.shape)
    in_n = sum(numel(m.shape) for m in node_inputs(node))
    params = sum(p.numel() for p in module.parameters()) if module is not None else 0
    cost = {"kind": "elementwise", "op": "", "macs": 0.0, "flops": 0.0, "parameters": float(params),
            "weight_bytes": params * BYTES, "input_bytes": in_n * BYTES, "output_bytes": out_n * BYTES}
    if module is not None:
        cost["op"] = type(module).__name__
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            macs = out_n * (module.in_channels // module.groups) * kh * kw
            if module.groups > 1 and module.groups == module.in_channels:
                kind = "depthwise_conv"
            elif kh * kw == 1:
                kind = "pointwise_conv"
            else:
                kind = "dense_conv"
            cost.update(kind=kind, macs=float(macs),
                        flops=2.0 * macs + (out_n if module.bias is not None else 0))
        elif isinstance(module, nn.Linear):
            macs = out_n * module.in_features
            cost.update(kind="fully_connected", macs=float(macs),
                        flops=2.0 * macs + (out_n if module.bias is not None else 0))
        elif isinstance(module, (nn.BatchNorm2d, nn.BatchNorm1d, nn.LayerNorm, nn.GroupNorm)):
            cost.update(kind="normalization", flops=2.0 * out_n)
        elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
            k = module.kernel_size
            area = k * k if isinstance(k, int) else k[0] * k[1]
            cost.update(kind="pooling", flops=float(out_n * area))
        elif isinstance(module, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
            cost.update(kind="pooling", flops=float(in_n))
        elif type(module) in ACTIVATION_FLOPS:
            cost.update(kind="elementwise", flops=float(ACTIVATION_FLOPS[type(module)] * out_n))
        elif isinstance(module, (nn.Dropout, nn.Identity, nn.Flatten)):
            cost.update(kind="data_movement", input_bytes=0.0, output_bytes=0.0)
        else:
            raise RuntimeError(f"no layer_cost rule for module {type(module).__name__} ({node.target})")
        return cost
    target = node.target
    cost["op"] = getattr(target, "__name__", str(target))
    if target in ELEMENTWISE_FUNCTIONS:
        cost.update(kind="elementwise", flops=float(ELEMENTWISE_FUNCTIONS[target] * out_n))
    elif target in (F.adaptive_avg_pool2d, torch.mean) or target == "mean":
        cost.update(kind="pooling", flops=float(in_n))
    elif target == torch.cat:
        cost.update(kind="data_movement")
    elif target == "contiguous":
        cost.update(kind="data_movement", input_bytes=out_n * BYTES)
    elif target in (torch.flatten, torch.transpose, torch.reshape) or target in ("view", "transpose",
                                                                                 "flatten", "reshape"):
        cost.update(kind="data_movement", input_bytes=0.0, output_bytes=0.0)
    elif target == torch.chunk or target == "chunk" or target == operator.getitem or \
            cost["op"] == "stochastic_depth":  # identity in eval mode
        cost.update(kind="data_movement", input_bytes=0.0, output_bytes=0.0)
    else:
        raise RuntimeError(f"no layer_cost rule for {node.op} {target}")
    return cost


class TimingInterpreter(torch.fx.Interpreter):
    """Records each node's thread CPU time and wall time (ns)."""

    def __init__(self, gm):
        super().__init__(gm)
        self.cpu = {}
        self.wall = {}

    def run_node(self, n):
        w0 = time.perf_counter_ns()
        c0 = time.thread_time_ns()
        result = super().run_node(n)
        self.cpu[n.name] = time.thread_time_ns() - c0
        self.wall[n.name] = time.perf_counter_ns() - w0
        return result


def build(name):
    kwargs = {"weights": None}
    if name == "googlenet":
        kwargs.update(aux_logits=False, init_weights=True)
    model = getattr(torchvision.models, name)(**kwargs)
    return model.eval()


class Measurement:
    """One model under measurement: its traced graph, its layer costs and the timings collected so far."""

    def __init__(self, name):
        torch.manual_seed(0)
        self.name = name
        self.model = build(name)
        self.x = torch.randn(1, 3, 224, 224)
        gm = torch.fx.symbolic_trace(self.model)  # (ShuffleNetV2 cannot be traced: it unpacks x.chunk() in Python)
        with torch.inference_mode():
            ShapeProp(gm).propagate(self.x)
        modules = dict(gm.named_modules())
        self.layers = []
        for node in gm.graph.nodes:
            if node.op in ("placeholder", "output", "get_attr"):
                continue
            module = modules[node.target] if node.op == "call_module" else None
            cost = layer_cost(node, module)
            if cost is not None:
                cost["name"] = node.name
                self.layers.append(cost)
        self.interp = TimingInterpreter(gm)
        self.whole_cpu, self.whole_wall = [], []
        self.node_cpu = {c["name"]: [] for c in self.layers}
        self.node_wall = {c["name"]: [] for c in self.layers}
        self.seconds_spent = 0.0

    def warm_up(self, runs):
        with torch.inference_mode():
            for _ in range(runs):
                self.model(self.x)
                self.interp.run(self.x)

    def run_round(self):
        """One eager whole-model run, then one per-node interpreter run (so both see the same conditions)."""
        t0 = time.time()
        with torch.inference_mode():
            w0 = time.perf_counter_ns()
            c0 = time.thread_time_ns()
            self.model(self.x)
            self.whole_cpu.append((time.thread_time_ns() - c0) * 1e-9)
            self.whole_wall.append((time.perf_counter_ns() - w0) * 1e-9)
            self.interp.run(self.x)
        for key in self.node_cpu:
            self.node_cpu[key].append(self.interp.cpu[key] * 1e-9)
            self.node_wall[key].append(self.interp.wall[key] * 1e-9)
        self.seconds_spent += time.time() - t0

    def result(self, clock):
        primary_whole, primary_node = ((self.whole_cpu, self.node_cpu) if clock == "cpu"
                                       else (self.whole_wall, self.node_wall))
        for c in self.layers:
            c["seconds"] = statistics.median(primary_node[c["name"]])
            c["wall_seconds"] = statistics.median(self.node_wall[c["name"]])
        return {"name": self.name, "input_shape": [1, 3, 224, 224], "dtype": "fp32",
                "whole_model_seconds": statistics.median(primary_whole),
                "whole_model_wall_seconds": statistics.median(self.whole_wall),
                "whole_model_runs": primary_whole,
                "sum_of_layer_seconds": sum(c["seconds"] for c in self.layers), "layers": self.layers}


def probe_roofline(rounds):
    """An empirical roofline of this thread, medians of thread CPU time: sgemm FLOP/s (1024^3; torch's BLAS),
    a 3x3 convolution's FLOP/s (256 -> 256 channels at 28x28; oneDNN) and copy bandwidth (64 MiB -> 64 MiB,
    bytes read + written). calibrate_and_predict uses the copy bandwidth as the prior's memory bandwidth."""
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    src, dst = torch.randn(16 * 1024 * 1024), torch.empty(16 * 1024 * 1024)
    conv = nn.Conv2d(256, 256, 3, padding=1, bias=False).eval()
    xc = torch.randn(1, 256, 28, 28)
    conv_flops = 2.0 * 256 * 256 * 9 * 28 * 28
    mm, cp, cv = [], [], []
    with torch.inference_mode():
        for i in range(rounds + 2):
            c0 = time.thread_time_ns()
            torch.mm(a, b)
            t_mm = (time.thread_time_ns() - c0) * 1e-9
            c0 = time.thread_time_ns()
            dst.copy_(src)
            t_cp = (time.thread_time_ns() - c0) * 1e-9
            c0 = time.thread_time_ns()
            conv(xc)
            t_cv = (time.thread_time_ns() - c0) * 1e-9
            if i >= 2:
                mm.append(2.0 * n ** 3 / t_mm)
                cp.append(2.0 * src.numel() * BYTES / t_cp)
                cv.append(conv_flops / t_cv)
    return {"sgemm_flops": statistics.median(mm), "conv3x3_flops": statistics.median(cv),
            "copy_bandwidth": statistics.median(cp), "sgemm_n": n, "copy_bytes": src.numel() * BYTES,
            "blas": "BLAS_INFO=generic" if "BLAS_INFO=generic" in torch.__config__.show() else "see torch config"}


def cpu_mhz():
    try:
        with open("/proc/cpuinfo") as f:
            return float(next(line.split(":", 1)[1] for line in f if line.startswith("cpu MHz")))
    except (OSError, StopIteration, ValueError):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--models", nargs="*", default=CALIBRATION_MODELS + PREDICTION_MODELS)
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds per model (median is kept)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                        help="what the 'seconds' fields hold: thread CPU time (default; robust when other "
                             "processes share the cores) or wall-clock time (both are recorded)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    probe = probe_roofline(args.rounds)
    print(f"probe: sgemm {probe['sgemm_flops'] / 1e9:.1f} GFLOP/s, conv3x3 {probe['conv3x3_flops'] / 1e9:.1f} "
          f"GFLOP/s, copy {probe['copy_bandwidth'] / 1e9:.1f} GB/s",
          flush=True)
    # Round-robin over the models (each round in a rotated order), so slow drifts of the machine's state --
    # on a shared VM host per-layer times of one model moved by 10-15% between runs minutes apart -- hit every
    # model alike instead of whichever model was being measured at the time.
    runs = [Measurement(name) for name in args.models]
    for m in runs:
        m.warm_up(args.warmup)
    for r in range(args.rounds):
        for i in range(len(runs)):
            runs[(i + r) % len(runs)].run_round()
    results = []
    for m in runs:
        results.append(m.result(args.clock))
        res = results[-1]
        print(f"{m.name:22s} layers={len(res['layers']):4d} whole={res['whole_model_seconds'] * 1e3:8.2f} ms "
              f"(wall {res['whole_model_wall_seconds'] * 1e3:8.2f}) "
              f"sum(layers)={res['sum_of_layer_seconds'] * 1e3:8.2f} ms  ({m.seconds_spent:.0f} s)", flush=True)
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    out = {"format": "offload.torch_measure/1",
           "machine": {"cpu": cpu, "cpu_mhz": cpu_mhz(), "logical_cpus": os.cpu_count(), "torch": torch.__version__,
                       "torchvision": torchvision.__version__, "threads": torch.get_num_threads(),
                       "malloc_env": {k: os.environ.get(k) for k in MALLOC_ENV}, "started_utc": started,
                       "loadavg_before": list(load_before), "loadavg_after": list(os.getloadavg())},
           "rounds": args.rounds, "warmup": args.warmup, "clock": args.clock, "probe": probe,
           "models": results}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
