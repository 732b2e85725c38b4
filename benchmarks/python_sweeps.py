"""Python sweeps against the same formulas in plain numpy, measured fairly (issue 11 / issue 12 item 8).

Run:  PYTHONPATH=<build>/python /usr/bin/python3 benchmarks/python_sweeps.py [--repeats 15] [--points 1000000]

Each sweep is timed `repeats` times after a warm-up and the MEDIAN is reported, in two allocator settings:

* tuned:   MALLOC_MMAP_THRESHOLD_ and MALLOC_TOP_PAD_ set high (1 GiB) for BOTH sides, so freed 8 MB temporaries stay
           in the heap and numpy does not page-fault on every fresh array (about 1,500 faults per call otherwise);
* default: glibc's defaults (what a notebook gets): every large array is a fresh mmap, paid in page faults.

plus, in the tuned run, both sides writing into preallocated outputs (offload's `out=`; numpy's `out=` on every
ufunc of the formula). The script re-runs itself in a subprocess for each setting and prints one table.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

TUNED = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_TOP_PAD_": str(1 << 30)}


def _median_seconds(f, repeats):
    f()  # warm-up (first touch of the buffers, caches)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _measure(points, repeats, preallocated):
    import numpy as np

    import offload

    inf = np.inf
    rows = []

    # 1. offload mean latency (seed eq. 1: M/M/1 uplink + M/D/1 server + M/M/1 downlink) over bandwidths
    lam, s, req, res = 2.0, 0.02, 1e5, 2e4
    bw = np.logspace(5.0, 8.0, points)

    def numpy_offload(out=None, t=None):
        with np.errstate(divide="ignore", invalid="ignore"):
            if out is None:
                mu_up = 1.0 / (req / bw)
                up = np.where(lam < mu_up, 1.0 / (mu_up - lam), inf)
                mu_dn = 1.0 / (res / bw)
                down = np.where(lam < mu_dn, 1.0 / (mu_dn - lam), inf)
                rho = lam * s
                return up + (rho * s / (2.0 * (1.0 - rho)) + s) + down
            a, b = t
            rho = lam * s
            remote = rho * s / (2.0 * (1.0 - rho)) + s
            np.divide(req, bw, out=a)            # transfer time, then mu_up = 1 / time (as the non-out version)
            np.divide(1.0, a, out=a)
            np.subtract(a, lam, out=a)
            np.divide(1.0, a, out=a)
            a[a < 0.0] = inf
            np.divide(res, bw, out=b)            # mu_dn
            np.divide(1.0, b, out=b)
            np.subtract(b, lam, out=b)
            np.divide(1.0, b, out=b)
            b[b < 0.0] = inf
            np.add(a, b, out=out)
            np.add(out, remote, out=out)
            return out

    ours = offload.offload_mean_latency(lam, s, bw, req, res)
    ref = numpy_offload()
    np.testing.assert_allclose(ours, ref, rtol=1e-12)
    if preallocated:
        o1, o2, t1, t2 = np.empty(points), np.empty(points), np.empty(points), np.empty(points)
        a = _median_seconds(lambda: offload.offload_mean_latency(lam, s, bw, req, res, out=o1), repeats)
        b = _median_seconds(lambda: numpy_offload(out=o2, t=(t1, t2)), repeats)
        np.testing.assert_allclose(o1, o2, rtol=1e-12)
    else:
        a = _median_seconds(lambda: offload.offload_mean_latency(lam, s, bw, req, res), repeats)
        b = _median_seconds(numpy_offload, repeats)
    rows.append(("offload_mean_latency over bandwidth", a, b))

    # 2. on-device mean latency (k-parallel M/D/1, seed eq. 2) over arrival rates
    rates = np.linspace(0.0, 60.0, points)
    d, k = 0.019, 1.0

    def numpy_device(out=None, t=None):
        with np.errstate(divide="ignore", invalid="ignore"):
            if out is None:
                rho = rates * (d / k)
                return np.where(rho < 1.0, rho * (d / k) / (2.0 * (1.0 - rho)) + d, inf)
            rho = t[0]
            np.multiply(rates, d / k, out=rho)
            np.subtract(1.0, rho, out=out)
            np.multiply(out, 2.0, out=out)
            np.divide(rho, out, out=out)
            np.multiply(out, d / k, out=out)
            np.add(out, d, out=out)
            out[rho >= 1.0] = inf
            return out

    np.testing.assert_allclose(offload.on_device_mean_latency(rates, d), numpy_device(), rtol=1e-12)
    if preallocated:
        o1, o2, t1 = np.empty(points), np.empty(points), np.empty(points)
        a = _median_seconds(lambda: offload.on_device_mean_latency(rates, d, out=o1), repeats)
        b = _median_seconds(lambda: numpy_device(out=o2, t=(t1,)), repeats)
    else:
        a = _median_seconds(lambda: offload.on_device_mean_latency(rates, d), repeats)
        b = _median_seconds(numpy_device, repeats)
    rows.append(("on_device_mean_latency over rate", a, b))

    # 3. M/D/1 mean response over arrival rates (the sweep of the former claim; no out= in this function)
    lam3 = np.linspace(0.0, 9.99, points)

    def numpy_md1():
        rho = lam3 * 0.1
        return np.where(rho < 1.0, rho * 0.1 / (2.0 * (1.0 - rho)) + 0.1, inf)

    if not preallocated:
        np.testing.assert_allclose(offload.md1_mean_response(lam3, 0.1), numpy_md1(), rtol=1e-12)
        a = _median_seconds(lambda: offload.md1_mean_response(lam3, 0.1), repeats)
        b = _median_seconds(numpy_md1, repeats)
        rows.append(("md1_mean_response over rate", a, b))

    # 4. tails: 100 quantiles of the offload path, one call per level vs one distribution object
    if not preallocated:
        p = offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6),
                               sizes=offload.Payload(1e5, 2e4))
        levels = np.linspace(0.5, 0.999, 100)
        a = _median_seconds(lambda: p.latency_distribution().ppf(levels), max(3, repeats // 3))
        b = _median_seconds(lambda: [p.latency_quantile(x) for x in levels], max(3, repeats // 3))
        rows.append(("100 latency quantiles: TimeDistribution.ppf vs scalar calls", a, b))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--child", choices=["tuned", "default", "preallocated"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        for name, a, b in _measure(args.points, args.repeats, args.child == "preallocated"):
            print(f"{args.child}\t{name}\t{a}\t{b}")
        return
    print(f"{args.points} points, median of {args.repeats} runs (python {sys.version.split()[0]})")
    print(f"{'allocator':<13} {'sweep':<58} {'offload':>10} {'reference':>10} {'ratio':>6}")
    for setting in ("default", "tuned", "preallocated"):
        env = dict(os.environ)
        for key in TUNED:
            env.pop(key, None)
        if setting != "default":
            env.update(TUNED)
        out = subprocess.run([sys.executable, __file__, "--child", setting, "--repeats", str(args.repeats),
                              "--points", str(args.points)], env=env, check=True, capture_output=True, text=True)
        for line in out.stdout.splitlines():
            _, name, a, b = line.split("\t")
            a, b = float(a), float(b)
            print(f"{setting:<13} {name:<58} {a * 1e3:>8.2f}ms {b * 1e3:>8.2f}ms {a / b:>6.2f}")


if __name__ == "__main__":
    main()
