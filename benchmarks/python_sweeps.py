"""Python sweeps against the same formulas in plain numpy, measured fairly (issue 11 / issue 12 item 8).

Run:  PYTHONPATH=<build>/python /usr/bin/python3 benchmarks/python_sweeps.py [--repeats 15] [--points 1000000]

Each sweep is timed `repeats` times after a warm-up and the MEDIAN is reported, in two allocator settings:

* tuned:   MALLOC_MMAP_THRESHOLD_ and MALLOC_TOP_PAD_ set high (1 GiB) for BOTH sides, so freed 8 MB temporaries stay
           in the heap and numpy does not page-fault on every fresh array (about 1,500 faults per call otherwise);
* default: glibc's defaults (what a notebook gets): every large array is a fresh mmap, paid in page faults.

plus, in the tuned run, both sides writing into preallocated outputs (offload's `out=`; numpy's `out=` on every
ufunc of the formula, with preallocated temporaries). Before timing, each sweep is checked against its numpy formula
(rtol 1e-12). The script re-runs itself in a subprocess for each setting and prints one table.
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


def _out(out):
    """out= only when given (so that the script also times a build whose sweeps have no out=, for comparisons)."""
    return {} if out is None else {"out": out}


def _cases(points):
    """(name, offload(out), numpy(), numpy_out(out, temporaries), number of temporaries): each sweep of offload
    against the same formula in plain numpy, allocating and with preallocated outputs."""
    import numpy as np

    import offload

    inf = np.inf
    cases = []

    def nic(lam, mu):  # M/M/1 response at service rate mu (numpy, allocating)
        return np.where(lam < mu, 1.0 / (mu - lam), inf)

    def nic_out(lam, bytes_, bw, out):  # the same into out: mu = 1 / (bytes / bw), 1 / (mu - lam), +inf if mu <= lam
        np.divide(bytes_, bw, out=out)
        np.divide(1.0, out, out=out)
        np.subtract(out, lam, out=out)
        np.divide(1.0, out, out=out)
        out[out < 0.0] = inf
        return out

    # 1. offload mean latency (seed eq. 1: M/M/1 uplink + M/D/1 server + M/M/1 downlink) over bandwidths
    lam, s, req, res = 2.0, 0.02, 1e5, 2e4
    bw = np.logspace(5.0, 8.0, points)
    rho = lam * s
    remote = rho * s / (2.0 * (1.0 - rho)) + s

    def offload_numpy():
        with np.errstate(divide="ignore", invalid="ignore"):
            return nic(lam, 1.0 / (req / bw)) + remote + nic(lam, 1.0 / (res / bw))

    def offload_numpy_out(out, t):
        with np.errstate(divide="ignore", invalid="ignore"):
            np.add(nic_out(lam, req, bw, t[0]), nic_out(lam, res, bw, t[1]), out=out)
            return np.add(out, remote, out=out)

    cases.append(("offload_mean_latency over bandwidth (eq. 1, M/D/1 server)",
                  lambda out=None: offload.offload_mean_latency(lam, s, bw, req, res, **_out(out)),
                  offload_numpy, offload_numpy_out, 2))

    # 2. the same pipeline over the arrival rate (a dedicated server: its stage varies too)
    rates = np.linspace(0.0, 60.0, points)
    b1 = 2e6

    def offload_rate_numpy():
        with np.errstate(divide="ignore", invalid="ignore"):
            r = rates * s
            server = np.where(r < 1.0, r * s / (2.0 * (1.0 - r)) + s, inf)
            return nic(rates, 1.0 / (req / b1)) + server + nic(rates, 1.0 / (res / b1))

    def offload_rate_numpy_out(out, t):
        with np.errstate(divide="ignore", invalid="ignore"):
            r, w = t
            np.multiply(rates, s, out=r)          # rho
            np.subtract(1.0, r, out=w)
            np.multiply(w, 2.0, out=w)
            np.divide(r, w, out=w)
            np.multiply(w, s, out=w)
            np.add(w, s, out=w)
            w[r >= 1.0] = inf                     # the server's mean response
            mu_up, mu_down = 1.0 / (req / b1), 1.0 / (res / b1)
            np.subtract(mu_up, rates, out=r)
            np.divide(1.0, r, out=r)
            r[r < 0.0] = inf
            np.add(w, r, out=out)
            np.subtract(mu_down, rates, out=r)
            np.divide(1.0, r, out=r)
            r[r < 0.0] = inf
            return np.add(out, r, out=out)

    cases.append(("offload_mean_latency over arrival rate (server varies too)",
                  lambda out=None: offload.offload_mean_latency(rates, s, b1, req, res, **_out(out)),
                  offload_rate_numpy, offload_rate_numpy_out, 2))

    # 3. on-device mean latency (k-parallel M/D/1, seed eq. 2) over arrival rates
    d, k = 0.019, 1.0

    def md1_numpy(lam_, d_):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = lam_ * d_
            return np.where(r < 1.0, r * d_ / (2.0 * (1.0 - r)) + d_, inf)

    def md1_numpy_out(lam_, d_, out, t):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = t[0]
            np.multiply(lam_, d_, out=r)
            np.subtract(1.0, r, out=out)
            np.multiply(out, 2.0, out=out)
            np.divide(r, out, out=out)
            np.multiply(out, d_, out=out)
            np.add(out, d_, out=out)
            out[r >= 1.0] = inf
            return out

    cases.append(("on_device_mean_latency over rate (eq. 2, k-parallel M/D/1)",
                  lambda out=None: offload.on_device_mean_latency(rates, d, 0.0, k, **_out(out)),
                  lambda: md1_numpy(rates, d / k), lambda out, t: md1_numpy_out(rates, d / k, out, t), 1))

    # 4.-6. the single-queue sweeps
    lam3 = np.linspace(0.0, 9.99, points)
    cases.append(("md1_mean_response over rate",
                  lambda out=None: offload.md1_mean_response(lam3, 0.1, **_out(out)),
                  lambda: md1_numpy(lam3, 0.1), lambda out, t: md1_numpy_out(lam3, 0.1, out, t), 1))

    def mm1_numpy():
        with np.errstate(divide="ignore"):
            return nic(lam3, 1.0 / 0.1)

    def mm1_numpy_out(out, t):
        with np.errstate(divide="ignore"):
            np.subtract(1.0 / 0.1, lam3, out=out)
            np.divide(1.0, out, out=out)
            out[out < 0.0] = inf
            return out

    cases.append(("mm1_mean_response over rate",
                  lambda out=None: offload.mm1_mean_response(lam3, 0.1, **_out(out)), mm1_numpy, mm1_numpy_out, 0))

    c = 2.5

    def mg1_numpy():
        with np.errstate(divide="ignore", invalid="ignore"):
            r = lam3 * 0.1
            return np.where(r < 1.0, r * 0.1 * (1.0 + c) / (2.0 * (1.0 - r)) + 0.1, inf)

    def mg1_numpy_out(out, t):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = t[0]
            np.multiply(lam3, 0.1, out=r)
            np.subtract(1.0, r, out=out)
            np.multiply(out, 2.0, out=out)
            np.divide(r, out, out=out)
            np.multiply(out, 0.1 * (1.0 + c), out=out)
            np.add(out, 0.1, out=out)
            out[r >= 1.0] = inf
            return out

    cases.append(("mg1_mean_response over rate (scv 2.5)",
                  lambda out=None: offload.mg1_mean_response(lam3, 0.1, c, **_out(out)), mg1_numpy, mg1_numpy_out, 1))
    return cases


def _measure(points, repeats, preallocated):
    import numpy as np

    import offload

    rows = []
    for name, ours, ref, ref_out, temporaries in _cases(points):
        np.testing.assert_allclose(ours(), ref(), rtol=1e-12)  # the same numbers (+inf where unstable)
        if preallocated:
            o1, o2 = np.empty(points), np.empty(points)
            t = tuple(np.empty(points) for _ in range(temporaries))
            try:
                ours(out=o1)
            except TypeError:  # a build without out= on this sweep
                continue
            a = _median_seconds(lambda: ours(out=o1), repeats)
            b = _median_seconds(lambda: ref_out(o2, t), repeats)
            np.testing.assert_allclose(o1, o2, rtol=1e-12)
        else:
            a = _median_seconds(ours, repeats)
            b = _median_seconds(ref, repeats)
        rows.append((name, a, b))

    # tails: 100 quantiles of the offload path, one call per level vs one distribution object
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
