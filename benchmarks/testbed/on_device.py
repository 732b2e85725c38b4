#!/usr/bin/python3
"""Testbed on-device runner: the same model executed locally, pinned to its own core, under the same seeded
open-loop arrival stream as client.py, one inference at a time (FCFS).

    /usr/bin/python3 benchmarks/testbed/on_device.py --model resnet18 --cpu 0 --rate 2 --duration 60 \
        --slowdown 4 --out run.json

The schedule is fixed before the run; each request starts at max(its arrival, the previous one's end), so the
queue is real and send times never depend on completions. --slowdown K emulates a device K times slower than
this core (the server runs on an identical core, so without it offloading could never win): each inference is
followed by an idle wait of (K - 1) times its own measured duration, keeping the service time's SCV. Latency =
end - arrival.
"""
import argparse
import json
import os
import resource
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

common.ensure_malloc_env()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common.add_engine_arguments(ap, cpu_default=0)
    ap.add_argument("--rate", type=float, required=True)
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--arrivals", choices=["poisson", "bursty"], default="poisson")
    ap.add_argument("--scv", type=float, default=1.0)
    ap.add_argument("--slowdown", type=float, default=1.0)
    ap.add_argument("--drain-timeout", type=float, default=30.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if not args.slowdown >= 1.0:
        raise SystemExit("on_device: --slowdown must be >= 1")
    _, engine, payload = common.pinned_engine(args, warmup=5)
    offsets = common.schedule(args.rate, args.duration, args.seed, args.arrivals, args.scv)
    starts, ends, computes = [], [], []
    t0 = common.now_ns() + 200_000_000
    deadline = t0 + int((args.duration + args.drain_timeout) * 1e9)
    for off in offsets:
        arrival = t0 + int(off * 1e9)
        common.sleep_until(arrival)
        now = common.now_ns()
        if now > deadline:
            break
        start = now
        engine.infer(payload)
        compute_end = common.now_ns()
        end = compute_end
        if args.slowdown > 1.0:
            end = compute_end + int((args.slowdown - 1.0) * (compute_end - start))
            common.sleep_until(end)
        starts.append(start)
        computes.append(compute_end)
        ends.append(end)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out = {"t0_ns": t0, "requests": len(offsets), "completed": len(ends), "slowdown": args.slowdown,
           "arrival_us": [round(o * 1e6) for o in offsets],
           "service_start_us": [round((t - t0) / 1000) for t in starts],
           "compute_end_us": [round((t - t0) / 1000) for t in computes],
           "done_us": [round((t - t0) / 1000) for t in ends],
           "cpu_seconds": usage.ru_utime + usage.ru_stime}
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(f"on_device: {len(ends)} of {len(offsets)} requests", flush=True)
    return 0 if len(ends) == len(offsets) else 3


if __name__ == "__main__":
    sys.exit(main())
