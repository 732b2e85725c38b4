#!/usr/bin/python3
"""Testbed service-time measurer: a model's inference time in isolation, back to back on one pinned core, the
way a user would measure it before predicting: mean, SCV and percentiles of the wall-clock time of exactly the
call the server and the on-device runner make (Engine.infer: bytes -> tensor -> model -> logits' bytes).

    /usr/bin/python3 benchmarks/testbed/service_time.py --model resnet18 --cpu 1 --runs 100 --out st.json
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

common.ensure_malloc_env()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common.add_engine_arguments(ap, cpu_default=1)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    engine_module, engine, payload = common.pinned_engine(args, warmup=args.warmup)
    wall, cpu = [], []
    for _ in range(args.runs):
        w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        engine.infer(payload)
        cpu.append((time.thread_time_ns() - c0) * 1e-9)
        wall.append((time.perf_counter_ns() - w0) * 1e-9)
    mean = statistics.fmean(wall)
    scv = statistics.pvariance(wall) / mean ** 2
    out = {"model": args.model, "cpu": args.cpu, "runs": args.runs, "mean": mean, "scv": scv,
           "cpu_time_mean": statistics.fmean(cpu), "wall_seconds": wall, **engine_module.versions()}
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(f"service_time {args.model} cpu{args.cpu}: mean {mean * 1e3:.2f} ms, scv {scv:.4f}", flush=True)


if __name__ == "__main__":
    main()
