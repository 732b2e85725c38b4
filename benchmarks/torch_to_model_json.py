#!/usr/bin/python3
"""Convert a torchvision model and an input shape into offload's model JSON (offload/json/flops_model.hpp).

A thin command-line wrapper around the package's converter, offload.convert_torch / offload.from_torch
(bindings/python/offload/torch_import.py: torch.fx graph, real shapes from one run on zeros). It prints the
MACs the converter counts on its own from the real tensor shapes (convolution and linear layers) and torch's
parameter count, so the C++ zoo can be checked against an independent layer-by-layer count:

    PYTHONPATH=build/<dir>/python /usr/bin/python3 benchmarks/torch_to_model_json.py mobilenet_v2 --out mobilenet_v2.json
    PYTHONPATH=build/<dir>/python /usr/bin/python3 benchmarks/torch_to_model_json.py resnet18 --shape 1 3 224 224

Requires torch and torchvision (CPU, random weights: nothing is downloaded). torch_import.py is pure Python;
when the offload package is not importable (no built extension), the module is loaded from the source tree.
"""
import argparse
import importlib.util
import json
import os
import sys


def load_converter():
    try:
        from offload import convert_torch
        return convert_torch
    except ImportError:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python", "offload",
                            "torch_import.py")
        spec = importlib.util.spec_from_file_location("offload_torch_import", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.convert_torch


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
    try:
        doc, macs, parameters = load_converter()(module, shape, name=opts.model, dtype=opts.dtype)
    except ValueError as e:
        raise SystemExit(f"torch_to_model_json: {e}")
    if opts.out:
        with open(opts.out, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
    print(f"{opts.model}: layers {len(doc['layers'])}  MACs {macs}  parameters {parameters}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
