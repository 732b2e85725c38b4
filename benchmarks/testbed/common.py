"""Shared pieces of the testbed (docs/validation-testbed.md): the wire protocol, the arrival schedules, CPU
pinning, glibc malloc tuning and the machine-load snapshots. Imports no torch (the analysis reads this too).

Wire protocol (TCP, one connection per run, little-endian):
  request  = REQUEST_HEADER (request id u32, payload length u32) + payload (the image tensor's bytes)
  response = RESPONSE_HEADER (request id u32, payload length u32, server receive-done ns u64, service start ns
             u64, service end ns u64) + payload (the logits' bytes)
All timestamps are CLOCK_MONOTONIC nanoseconds (time.perf_counter_ns on Linux): one clock for every process and
network namespace on the machine, so a request's path can be split into uplink, server queue, service and
downlink.
"""
import math
import os
import random
import struct
import sys
import time

REQUEST_HEADER = struct.Struct("<II")
RESPONSE_HEADER = struct.Struct("<IIQQQ")
STOP_ID = 0xFFFFFFFF  # a request with this id and no payload ends the connection

IMAGE_SHAPE = (3, 224, 224)
LOGITS = 1000

# glibc malloc tuning read at process start (see benchmarks/torch_measure.py and docs/calibration.md): without it
# large activations are mmap'ed and page-faulted in again on every inference. 32 MiB is the largest mmap
# threshold glibc accepts; it silently ignores larger values.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "17179869184",
              "MALLOC_TOP_PAD_": "268435456"}


def ensure_malloc_env():
    """Re-executes the current script once with MALLOC_ENV set (glibc reads it only at start)."""
    if any(os.environ.get(k) != v for k, v in MALLOC_ENV.items()):
        os.environ.update(MALLOC_ENV)
        os.execv(sys.executable, [sys.executable] + sys.argv)


def pin(cpu):
    """Pins the calling process (all its threads created afterwards) to one CPU."""
    if cpu is not None and cpu >= 0:
        os.sched_setaffinity(0, {cpu})


def now_ns():
    return time.perf_counter_ns()


def request_bytes(dtype):
    """Payload of one request: a 3x224x224 image as uint8 pixels (a camera frame) or as a float32 tensor."""
    per = {"uint8": 1, "float32": 4}[dtype]
    return IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2] * per


RESULT_BYTES = LOGITS * 4  # float32 logits


def interarrival_times(rate, count, seed, kind="poisson", scv=1.0):
    """count interarrival times (s) at mean 1/rate from a seeded RNG, independent of everything else.

    poisson: exponential. bursty: a balanced-means two-phase hyperexponential with the given SCV (> 1), a renewal
    process whose interarrival SCV is exactly `scv` (the library's arrival_process(rate, scv))."""
    rng = random.Random(seed)
    if kind == "poisson":
        return [rng.expovariate(rate) for _ in range(count)]
    if kind != "bursty" or not scv > 1.0:
        raise ValueError(f"arrivals: kind {kind!r} with scv {scv} (expected poisson, or bursty with scv > 1)")
    p1 = 0.5 * (1.0 + math.sqrt((scv - 1.0) / (scv + 1.0)))
    rates = (2.0 * p1 * rate, 2.0 * (1.0 - p1) * rate)
    return [rng.expovariate(rates[0] if rng.random() < p1 else rates[1]) for _ in range(count)]


def schedule(rate, duration, seed, kind="poisson", scv=1.0):
    """Arrival offsets (s from the start) of an open-loop stream over `duration` seconds."""
    expected = int(rate * duration * 1.5) + 100
    offsets, t = [], 0.0
    for gap in interarrival_times(rate, expected, seed, kind, scv):
        t += gap
        if t >= duration:
            break
        offsets.append(t)
    return offsets


def sleep_until(target_ns):
    """Sleeps until CLOCK_MONOTONIC reaches target_ns (coarse sleep, then a short spin for the last 200 us)."""
    while True:
        left = target_ns - time.perf_counter_ns()
        if left <= 0:
            return
        if left > 300_000:
            time.sleep((left - 200_000) * 1e-9)
        elif left > 0:
            continue


def recv_exact(sock, n, buf=None):
    """Reads exactly n bytes (into buf if given); returns the buffer, or None on a clean EOF at the start."""
    view = memoryview(buf if buf is not None else bytearray(n))[:n]
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            if got == 0:
                return None
            raise ConnectionError(f"connection closed after {got} of {n} bytes")
        got += k
    return view.obj


def cpu_times():
    """Per-CPU and total busy/idle jiffies from /proc/stat (busy = everything but idle and iowait)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if not line.startswith("cpu"):
                break
            parts = line.split()
            vals = [int(v) for v in parts[1:]]
            idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
            out[parts[0]] = {"busy": sum(vals[:8]) - idle, "idle": idle}
    return out


def load_snapshot():
    """What the machine was doing: /proc/loadavg and /proc/stat's CPU times, with the clock and jiffy size."""
    with open("/proc/loadavg") as f:
        loadavg = f.read().split()
    return {"t_ns": now_ns(), "loadavg": [float(x) for x in loadavg[:3]], "runnable": loadavg[3],
            "cpu": cpu_times(), "clk_tck": os.sysconf("SC_CLK_TCK")}


def process_cpu_seconds(pid):
    """utime + stime of a live process (all its threads) from /proc/<pid>/stat, seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_summary(before, after, own_cpu_seconds):
    """The machine's load during a run: busy share of each CPU, and the CPU time of processes other than the
    testbed's own (all busy time minus own_cpu_seconds, the testbed processes' utime+stime; kernel softirq work
    for the shaped link counts as 'other')."""
    wall = (after["t_ns"] - before["t_ns"]) * 1e-9
    tck = before["clk_tck"]
    busy = {k: (after["cpu"][k]["busy"] - before["cpu"][k]["busy"]) / tck for k in before["cpu"]}
    ncpu = len([k for k in busy if k != "cpu"])
    other = max(0.0, busy["cpu"] - own_cpu_seconds)
    return {"wall_seconds": round(wall, 3), "loadavg_before": before["loadavg"], "loadavg_after": after["loadavg"],
            "busy_share": {k: round(v / wall, 4) for k, v in busy.items() if k != "cpu"},
            "own_cpu_seconds": round(own_cpu_seconds, 3),
            "other_cpu_seconds": round(other, 3),
            "other_cpu_share": round(other / (wall * ncpu), 4) if wall > 0 else None}


def add_engine_arguments(parser, cpu_default):
    """The arguments every runner that executes a model itself takes: --model, --dtype, --cpu."""
    parser.add_argument("--model", required=True)
    parser.add_argument("--dtype", choices=["uint8", "float32"], default="uint8")
    parser.add_argument("--cpu", type=int, default=cpu_default)


def pinned_engine(args, warmup):
    """Pins this process to args.cpu (-1: no pinning), loads args.model (engine.py), runs `warmup` inferences.

    Returns (engine module, engine, a mutable copy of the example request payload)."""
    pin(args.cpu)
    import engine as engine_module

    engine = engine_module.Engine(args.model, args.dtype)
    engine.warm_up(warmup)
    return engine_module, engine, bytearray(engine.example)
