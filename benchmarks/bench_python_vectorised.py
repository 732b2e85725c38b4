"""Compare offload.md1_mean_response (C++ loop via py::vectorize) with the same formula in plain numpy.

Run:  PYTHONPATH=<build>/python /usr/bin/python3 benchmarks/bench_python_vectorised.py
"""
import time

import numpy as np

import offload

N = 1_000_000
lam = np.linspace(0.0, 9.99, N)
d = 0.1


def numpy_md1(lam, d):
    rho = lam * d
    return np.where(rho < 1.0, rho * d / (2.0 * (1.0 - rho)) + d, np.inf)


def best_of(f, repeats=5):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


ours = best_of(lambda: offload.md1_mean_response(lam, d))
ref = best_of(lambda: numpy_md1(lam, d))
np.testing.assert_allclose(offload.md1_mean_response(lam, d), numpy_md1(lam, d), rtol=1e-12)
print(f"{N} points: offload {ours * 1e3:.1f} ms, numpy {ref * 1e3:.1f} ms, ratio {ours / ref:.2f}")
