#!/usr/bin/python3
"""Testbed experiment driver: measures every point of a preset and writes the raw measurements, compressed, for
analyze.py. Run it inside `netns.sh run` (run.sh does), which creates the namespaces and removes them whatever
happens:

    TESTBED_PREFIX=tb benchmarks/testbed/netns.sh run 100 -- /usr/bin/python3 benchmarks/testbed/experiment.py \
        --preset pilot --out build/testbed/pilot.json.gz

Per model: (1) the isolated service time on both cores (service_time.py); (2) the server on core 1 in the
server namespace, and for each arrival rate and bandwidth the client on core 0 in the client namespace
(client.py) over the link shaped to that bandwidth; (3) the on-device runner on core 0 (on_device.py) at each
rate, with the server stopped. A rate and its on-device and offload points share one seeded arrival stream.
Offload points whose link would be loaded beyond --max-link-load are skipped (they have no steady state).
Each point records the machine's load (/proc/loadavg, /proc/stat busy time of each core, CPU time of the
testbed's own processes and of everything else) and the link's tc statistics.
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402

PY = "/usr/bin/python3"
DEVICE_CPU, SERVER_CPU = 0, 1

PRESETS = {
    # the experiment of docs/validation-testbed.md (26 points of ~2 minutes: about an hour)
    "full": {"models": ["mobilenet_v3_small", "resnet18"], "rates": [2.0, 4.0],
             "bandwidths_mbit": [5, 10, 20, 50, 100], "slowdown": 4.0, "duration": 120.0, "warmup": 5.0,
             "bursty": {"rate": 2.0, "scv": 4.0, "bandwidths_mbit": [20]}, "service_runs": 200,
             "on_device": True},
    # the pilot: a couple of points (about 3 minutes), at a rate low enough to stay stable on a loaded machine
    "pilot": {"models": ["mobilenet_v3_small"], "rates": [1.0], "bandwidths_mbit": [10, 50], "slowdown": 2.0,
              "duration": 40.0, "warmup": 3.0, "bursty": None, "service_runs": 30, "on_device": True},
    # resnet18's bandwidth crossover, below the full preset's 5 Mbit/s (about 10 minutes; the link at 3 Mbit/s
    # and 2/s is loaded to 0.84): analysed with analyze.py --extra-data next to the full run
    "crossover": {"models": ["resnet18"], "rates": [2.0], "bandwidths_mbit": [3, 4, 5], "slowdown": 4.0,
                  "duration": 120.0, "warmup": 5.0, "bursty": None, "service_runs": 200, "on_device": True},
    # the ctest smoke run: one offload point of a few seconds
    "smoke": {"models": ["mobilenet_v3_small"], "rates": [4.0], "bandwidths_mbit": [50], "slowdown": 4.0,
              "duration": 3.0, "warmup": 0.5, "bursty": None, "service_runs": 10, "on_device": False},
}


def log(msg):
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {msg}", flush=True)


def netns(*args):
    subprocess.run(["bash", os.path.join(HERE, "netns.sh"), *map(str, args)], check=True)


def tc_stats():
    return subprocess.run(["bash", os.path.join(HERE, "netns.sh"), "stats"], capture_output=True, text=True).stdout


def ns_name(role):
    return f"{os.environ.get('TESTBED_PREFIX', 'tb')}_{role}"


def wire_bytes(payload, mtu):
    """Bytes a TCP payload occupies on the link: Ethernet (14) + IPv4 (20) + TCP with timestamps (32) headers
    on every segment of at most mtu - 52 payload bytes (what tbf counts)."""
    mss = mtu - 52
    segments = -(-payload // mss)
    return payload + segments * 66


def measure_service_time(model, cpu, runs, dtype, tmp):
    out = os.path.join(tmp, f"st_{model}_{cpu}.json")
    subprocess.run([PY, os.path.join(HERE, "service_time.py"), "--model", model, "--cpu", str(cpu),
                    "--runs", str(runs), "--dtype", dtype, "--out", out], check=True)
    with open(out) as f:
        return json.load(f)


def run_point(cmd, own_pids):
    """Runs one client/on-device process; returns its JSON and the machine's load during the run."""
    before = common.load_snapshot()
    own_before = sum(common.process_cpu_seconds(p) for p in own_pids)
    proc = subprocess.run(cmd)
    own_after = sum(common.process_cpu_seconds(p) for p in own_pids)
    after = common.load_snapshot()
    return proc.returncode, before, after, own_after - own_before


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default="full")
    ap.add_argument("--out", required=True, help="output .json.gz")
    ap.add_argument("--duration", type=float, help="override the preset's seconds of arrivals per point")
    ap.add_argument("--models", nargs="*", help="override the preset's models")
    ap.add_argument("--dtype", choices=["uint8", "float32"], default="uint8")
    ap.add_argument("--max-link-load", type=float, default=0.85)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--label", default="", help="free text stored with the data (e.g. 'pilot, loaded machine')")
    ap.add_argument("--dry-run", action="store_true", help="list the points and the estimated time, measure nothing")
    args = ap.parse_args()
    # SIGTERM unwinds like an exception: the server is stopped and the running child killed (subprocess.run)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    cfg = dict(PRESETS[args.preset])
    if args.duration:
        cfg["duration"] = args.duration
    if args.models:
        cfg["models"] = args.models
    mtu = int(os.environ.get("TESTBED_MTU", "1500"))
    server_addr = os.environ.get("TESTBED_SERVER_ADDR", "10.231.0.1")
    req, res = common.request_bytes(args.dtype), common.RESULT_BYTES
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    tmp = tempfile.mkdtemp(prefix="testbed_")
    data = {"format": "offload.testbed/1", "label": args.label, "preset": args.preset, "config": cfg,
            "started_utc": started,
            "link": {"qdisc": "tbf", "mtu": mtu, "both_directions": True,
                     "slow_start_after_idle": int(os.environ.get("TESTBED_SLOW_START_AFTER_IDLE", "0")),
                     "request_bytes": req, "result_bytes": res,
                     "request_wire_bytes": wire_bytes(req + common.REQUEST_HEADER.size, mtu),
                     "result_wire_bytes": wire_bytes(res + common.RESPONSE_HEADER.size, mtu)},
            "machine": {"cpu": platform.processor(), "logical_cpus": os.cpu_count(), "kernel": platform.release(),
                        "malloc_env": common.MALLOC_ENV, "device_cpu": DEVICE_CPU, "server_cpu": SERVER_CPU},
            "service_times": {}, "points": []}
    try:
        with open("/proc/cpuinfo") as f:
            data["machine"]["cpu"] = next(x.split(":", 1)[1].strip() for x in f if x.startswith("model name"))
    except (OSError, StopIteration):
        pass
    streams = [("poisson", 1.0, r, cfg["bandwidths_mbit"]) for r in cfg["rates"]]
    if cfg["bursty"]:
        b = cfg["bursty"]
        streams.append(("bursty", b["scv"], b["rate"], b["bandwidths_mbit"]))
    if args.dry_run:
        points = []
        for model in cfg["models"]:
            for kind, scv, rate, bandwidths in streams:
                points += [(model, "offload", kind, rate, bw) for bw in bandwidths
                           if rate * data["link"]["request_wire_bytes"] / (bw * 1e6 / 8) < args.max_link_load]
            if cfg["on_device"]:
                points += [(model, "on_device", kind, rate, None) for kind, _, rate, _ in streams]
        for p in points:
            print(*p)
        print(f"{len(points)} points x {cfg['duration']:g} s of arrivals: at least "
              f"{len(points) * cfg['duration'] / 60:.0f} minutes")
        shutil.rmtree(tmp, ignore_errors=True)
        return 0
    try:
        for model in cfg["models"]:
            log(f"{model}: service time in isolation")
            cores = [DEVICE_CPU, SERVER_CPU] if cfg["on_device"] else [SERVER_CPU]
            st = {f"cpu{c}": measure_service_time(model, c, cfg["service_runs"], args.dtype, tmp) for c in cores}
            data["service_times"][model] = st
            # offload points, one server process per model
            server = subprocess.Popen(["ip", "netns", "exec", ns_name("srv"), PY, os.path.join(HERE, "server.py"),
                                       "--model", model, "--cpu", str(SERVER_CPU), "--dtype", args.dtype],
                                      stdout=subprocess.PIPE, text=True)
            try:
                line = server.stdout.readline()
                if not line.startswith("READY"):
                    raise RuntimeError(f"server did not start: {line!r}")
                for si, (kind, scv, rate, bandwidths) in enumerate(streams):
                    seed = args.seed + 1000 * si + int(rate * 10)
                    for bw in bandwidths:
                        load = rate * data["link"]["request_wire_bytes"] / (bw * 1e6 / 8)
                        if load >= args.max_link_load:
                            log(f"{model} offload {kind} {rate}/s {bw} Mbit/s: skipped (link load {load:.2f})")
                            continue
                        netns("shape", bw)
                        out = os.path.join(tmp, "client.json")
                        cmd = ["ip", "netns", "exec", ns_name("cli"), PY, os.path.join(HERE, "client.py"),
                               "--host", server_addr, "--rate", str(rate), "--duration", str(cfg["duration"]),
                               "--seed", str(seed), "--arrivals", kind, "--scv", str(scv), "--dtype", args.dtype,
                               "--cpu", str(DEVICE_CPU), "--out", out]
                        log(f"{model} offload {kind} {rate}/s {bw} Mbit/s ({cfg['duration']:.0f} s)")
                        rc, before, after, server_cpu = run_point(cmd, [server.pid])
                        with open(out) as f:
                            raw = json.load(f)
                        own = server_cpu + raw["cpu_seconds"]
                        data["points"].append({
                            "model": model, "placement": "offload", "arrivals": kind, "scv": scv, "rate": rate,
                            "bandwidth_mbit": bw, "seed": seed, "duration": cfg["duration"],
                            "warmup": cfg["warmup"], "returncode": rc, "raw": raw, "tc_stats": tc_stats(),
                            "load": common.load_summary(before, after, own)})
                        log(f"  {raw['completed']}/{raw['requests']} responses, load: "
                            f"{data['points'][-1]['load']['other_cpu_share']:.2f} of the CPUs used by others")
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
            if not cfg["on_device"]:
                continue
            for si, (kind, scv, rate, _) in enumerate(streams):
                seed = args.seed + 1000 * si + int(rate * 10)
                out = os.path.join(tmp, "device.json")
                cmd = [PY, os.path.join(HERE, "on_device.py"), "--model", model, "--cpu", str(DEVICE_CPU),
                       "--rate", str(rate), "--duration", str(cfg["duration"]), "--seed", str(seed),
                       "--arrivals", kind, "--scv", str(scv), "--slowdown", str(cfg["slowdown"]),
                       "--dtype", args.dtype, "--out", out]
                log(f"{model} on-device {kind} {rate}/s, slowdown {cfg['slowdown']} ({cfg['duration']:.0f} s)")
                rc, before, after, _ = run_point(cmd, [])
                with open(out) as f:
                    raw = json.load(f)
                data["points"].append({
                    "model": model, "placement": "on_device", "arrivals": kind, "scv": scv, "rate": rate,
                    "slowdown": cfg["slowdown"], "seed": seed, "duration": cfg["duration"],
                    "warmup": cfg["warmup"], "returncode": rc, "raw": raw,
                    "load": common.load_summary(before, after, raw["cpu_seconds"])})
    except BaseException as e:
        # keep what was measured: a long run interrupted late is still worth analysing (marked incomplete)
        data["incomplete"] = f"{type(e).__name__}: {e}"
        log(f"stopped early ({data['incomplete']}); writing the {len(data['points'])} points measured so far")
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        write(data, args.out)
    return 0 if all(p["returncode"] == 0 for p in data["points"]) else 3


def write(data, out):
    for st in data["service_times"].values():
        data["machine"].update({k: st["cpu1"][k] for k in ("torch", "torchvision", "threads")})
    data["finished_utc"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with gzip.open(out, "wt") as f:
        json.dump(data, f, separators=(",", ":"))
    log(f"wrote {out} ({len(data['points'])} points)")


if __name__ == "__main__":
    sys.exit(main())
