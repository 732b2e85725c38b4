"""Broadcasting everywhere (issue 11): every public function that takes numeric parameters either broadcasts them
like numpy in the same call (numbers or arrays, 2-D against 1-D, any real dtype, NaN/inf per point exactly as the
same function does for a number, out= where it is offered) or is listed in SCALAR_ONLY with the reason. The
functions are discovered by walking the package (pybind11's docstring signatures, inspect for Python functions),
so a new function with numeric parameters fails here until it is classified. Model constructors take numbers: an
array is a TypeError that names the function form. The vectorised sweeps give the same bits as the model objects.
"""
import inspect
import math
import re

import numpy as np
import pytest

import offload
from test_api_surface import _modules  # the package's areas, walked the same way

# ---- discovery ------------------------------------------------------------------------------------------------

_NUMERIC = re.compile(r"^(Optional\[)?(float|int|SupportsFloat|SupportsInt|handle|numpy\.ndarray(\[numpy\.float64\])?)"
                      r"\]?$")


def _split_top(text):
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def _numeric_parameters(name, func):
    """Names of the parameters typed as numbers or arrays of numbers, over all overloads."""
    found = []
    doc = getattr(func, "__doc__", None) or ""
    signatures = [m.group(1) for m in re.finditer(r"^(?:\d+\. )?" + re.escape(name) + r"\((.*)\) -> .*$", doc, re.M)]
    for sig in signatures:
        for part in _split_top(sig):
            m = re.match(r"^(\w+): (.*?)(?: = .*)?$", part)
            if m and _NUMERIC.match(m.group(2)) and m.group(1) not in found:
                found.append(m.group(1))
    if not signatures:  # a Python function
        try:
            for p in inspect.signature(func).parameters.values():
                if isinstance(p.default, (int, float)) and not isinstance(p.default, bool):
                    found.append(p.name)
        except (TypeError, ValueError):
            pass
    return found


def _public_functions():
    out = {}
    for mname, mod in _modules().items():
        for name, obj in sorted(vars(mod).items()):
            if name.startswith("_") or isinstance(obj, type) or not callable(obj):
                continue
            out[mname + "." + name] = obj
    for name in ("from_torch", "convert_torch"):  # the package's pure-Python functions
        out["offload." + name] = getattr(offload, name)
    return out


# ---- the classification ---------------------------------------------------------------------------------------

_OBJECT = "builds one object (a model, a distribution, a network, a plan or its options), not a number per point"
_SEARCH = "a search over an interval of one configuration (the interval's bounds, a grid size, a solver budget)"
_OPTION = "the number is an option (a size, a seed, a budget, an index, a tolerance), not a model parameter"
_ENUM = "returns an enum member or a bool of one configuration (a decision, not a sweep)"

SCALAR_ONLY = {
    # queues
    "offload.erlang_b": "an integer server count and one load: the exact recursion of one configuration (no sweep "
                        "twin; numpy.vectorize for a grid)",
    "offload.erlang_c": "an integer server count and one load: the exact recursion of one configuration (no sweep "
                        "twin; numpy.vectorize for a grid)",
    "offload.md1k": _OBJECT,
    # pipelines: the lemmas answer yes/no for one configuration
    "offload.offloading_loses_deterministic_service": _ENUM,
    "offload.offloading_loses_exponential_service": _ENUM,
    "offload.offloading_loses_multi_tenant": _ENUM,
    # crossover
    "offload.log_grid": _OBJECT,
    "offload.linear_grid": _OBJECT,
    "offload.compare_latencies": _ENUM,
    "offload.find_crossovers": _SEARCH,
    "offload.find_integer_crossovers": _SEARCH,
    "offload.bandwidth_crossovers": _SEARCH,
    "offload.arrival_rate_crossovers": _SEARCH,
    "offload.request_bytes_crossovers": _SEARCH,
    "offload.device_slowdown_crossovers": _SEARCH,
    "offload.remote_service_time_crossovers": _SEARCH,
    "offload.tenant_count_crossovers": _SEARCH,
    # dnn
    "offload.split_latency": _OPTION,
    "offload.model_service_demand": _OBJECT,
    "offload.to_json_text": _OPTION,
    "offload.advise": _OPTION,
    # simulator inputs
    "offload.sim.deterministic": _OBJECT,
    "offload.sim.exponential": _OBJECT,
    "offload.sim.gamma": _OBJECT,
    "offload.sim.erlang": _OBJECT,
    "offload.sim.lognormal": _OBJECT,
    "offload.sim.uniform": _OBJECT,
    "offload.sim.hyperexponential2": _OBJECT,
    "offload.sim.single_station": _OBJECT,
    "offload.sim.on_device": _OBJECT,
    "offload.sim.multi_tenant_edge": _OBJECT,
    # planning: solvers, instance generators and one option's costs
    "offload.planning.all_on_server": _OPTION,
    "offload.planning.list_schedule_and_improve": _OPTION,
    "offload.planning.tabu_search": _OPTION,
    "offload.planning.solve_exact": _OPTION,
    "offload.planning.random_problem": _OPTION,
    "offload.planning.problem_from_tier_estimates": _OPTION,
    "offload.planning.offloading_branch_and_bound": _OPTION,
    "offload.planning.generate_jobs": _OPTION,
    "offload.planning.summarize": _OPTION,
    "offload.planning.to_json_text": _OPTION,
    "offload.planning.improve_provisioning": _OPTION,
    "offload.planning.solve_provisioning_fast": _OPTION,
    "offload.planning.solve_provisioning_exact": _OPTION,
    "offload.planning.table_6_1_problem": _OPTION,
    "offload.planning.route_queueing_dispatch": _OPTION,
    "offload.planning.solve_queueing_dispatch": _OPTION,
    "offload.planning.queueing_dispatch_lower_bound": _OPTION,
    "offload.planning.simulate_queueing_dispatch": _OPTION,
    "offload.planning.minimize_queueing_dispatch_quantile": _OPTION,
    "offload.planning.queueing_dispatch_latency_quantiles": "one plan's quantiles at one level: a root search per "
                                                          "stream over inverted transforms (no sweep twin)",
    "offload.planning.stream_cost": "the cost of one priced option over one period (no sweep twin)",
    "offload.planning.running_cost": "the cost of one workstation over one period (no sweep twin)",
    "offload.planning.break_even_months": "one workstation against one rent (no sweep twin)",
    # model zoo: one network per call
    "offload.zoo.mobilenet_v2": _OBJECT,
    "offload.zoo.resnet18": _OBJECT,
    "offload.zoo.resnet50": _OBJECT,
    "offload.zoo.vgg16": _OBJECT,
    "offload.zoo.inception_v3": _OBJECT,
    "offload.zoo.inception_v4": _OBJECT,
    "offload.zoo.yolov8n": _OBJECT,
    "offload.zoo.sentiment_lstm": _OBJECT,
    "offload.zoo.icu_lstm": _OBJECT,
    "offload.zoo.llama_3_2_1b_prefill": _OBJECT,
    "offload.zoo.llama_3_2_1b_decode": _OBJECT,
}


def _energy():
    return offload.EnergyModel(local_joules_per_bit=2e-9, transmit_joules_per_bit=5e-9, remote_joules_per_bit=1e-9)


# name -> (fixed arguments (a callable giving a dict), {numeric parameter: three valid values}, takes out=)
# The values include unstable configurations where the model has them (+inf there).
BROADCASTING = {
    "offload.mm1_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 12.0], "mean_service_time": [0.1, 0.05, 0.2]},
                                  True),
    "offload.md1_mean_response": (dict, {"arrival_rate": [0.0, 9.5, 12.0], "service_time": [0.1, 0.05, 0.2]}, True),
    "offload.mg1_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 12.0], "mean_service_time": [0.1, 0.05, 0.2],
                                         "service_scv": [0.0, 1.0, 2.5]}, True),
    "offload.mmc_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 40.0], "mean_service_time": [0.1, 0.3, 0.2],
                                         "servers": [1.0, 3.0, 5.0]}, True),
    "offload.mdc_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 40.0], "service_time": [0.1, 0.3, 0.2],
                                         "servers": [1.0, 3.0, 5.0]}, True),
    "offload.gg1_mean_response": (dict, {"arrival_rate": [1.0, 5.0, 12.0], "interarrival_scv": [1.0, 0.5, 2.0],
                                         "mean_service_time": [0.1, 0.05, 0.15], "service_scv": [1.0, 0.0, 2.0]},
                                  True),
    "offload.mm1k_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 12.0], "mean_service_time": [0.1, 0.05, 0.2],
                                          "capacity": [1.0, 5.0, 20.0]}, True),
    "offload.mmck_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 40.0], "mean_service_time": [0.1, 0.05, 0.2],
                                          "servers": [1.0, 2.0, 3.0], "capacity": [5.0, 6.0, 20.0]}, True),
    "offload.mg1k_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 12.0], "mean_service_time": [0.1, 0.05, 0.2],
                                          "service_scv": [0.0, 1.0, 2.0], "capacity": [1.0, 5.0, 20.0]}, True),
    "offload.k_parallel_md1_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 40.0],
                                                    "service_time": [0.1, 0.3, 0.2], "parallelism": [1.0, 2.5, 4.0]},
                                             True),
    "offload.k_parallel_mm1_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 40.0],
                                                    "mean_service_time": [0.1, 0.3, 0.2],
                                                    "parallelism": [1.0, 2.5, 4.0]}, True),
    "offload.k_parallel_mg1_mean_response": (dict, {"arrival_rate": [1.0, 9.5, 40.0],
                                                    "mean_service_time": [0.1, 0.3, 0.2],
                                                    "service_scv": [0.0, 1.0, 3.0], "parallelism": [1.0, 2.5, 4.0]},
                                             True),
    "offload.on_device_mean_latency": (dict, {"arrival_rate": [1.0, 9.5, 40.0], "mean_seconds": [0.1, 0.3, 0.2],
                                              "scv": [0.0, 1.0, 3.0], "parallelism": [1.0, 2.5, 4.0]}, True),
    "offload.offload_mean_latency": (dict, {"arrival_rate": [1.0, 4.0, 9.0], "remote_mean_seconds": [0.02, 0.05, 0.1],
                                            "bandwidth": [1e5, 1e6, 3e5], "request_bytes": [1e4, 6e4, 2e3],
                                            "result_bytes": [0.0, 2e4, 1e3], "remote_scv": [0.0, 1.0, 0.5],
                                            "parallelism": [1.0, 2.0, 3.0], "propagation_delay": [0.0, 0.002, 0.01],
                                            "remote_arrival_rate": [9.0, 12.0, 20.0]}, True),
    "offload.peak_flops_from_cores": (dict, {"cores": [1.0, 4.0, 8.0], "frequency_hz": [1e9, 2e9, 1.5e9],
                                             "flops_per_cycle": [8.0, 16.0, 4.0]}, False),
    "offload.model_latency_sweep": (lambda: {"profile": offload.presets.jetson_tx2(),
                                             "layers": offload.zoo.mobilenet_v2()},
                                    {"peak_flops": [1e11, 5e11, 1e12], "memory_bandwidth": [1e10, 5e10, 2e10],
                                     "layer_overhead": [0.0, 1e-5, 1e-4]}, False),
    "offload.worth_switching": (dict, {"current": [0.1, 0.2, 0.3], "candidate": [0.05, 0.25, 0.1],
                                       "margin": [0.1, 0.0, 0.5], "absolute_margin": [0.0, 0.01, 0.001]}, False),
    "offload.adaptive_device_latency": (dict, {"arrival_rate": [0.5, 1.0, 12.0], "service_time": [0.1, 0.2, 0.05]},
                                        False),
    "offload.adaptive_edge_latency": (dict, {"arrival_rate": [0.5, 1.0, 2.0], "edge_arrival_rate": [3.0, 4.0, 5.0],
                                             "edge_service_time": [0.01, 0.02, 0.05], "bandwidth": [1e6, 2e6, 5e5],
                                             "request_bytes": [1e4, 2e4, 5e3], "result_bytes": [0.0, 1e3, 2e3],
                                             "edge_scv": [0.0, 1.0, 0.5]}, False),
    "offload.local_energy": (lambda: {"model": _energy()}, {"task_bits": [1e6, 2e6, 5e5]}, False),
    "offload.offload_energy": (lambda: {"model": _energy()}, {"task_bits": [1e6, 2e6, 5e5]}, False),
    "offload.split_energy": (lambda: {"model": _energy()}, {"task_bits": [1e6, 2e6, 5e5],
                                                            "device_fraction": [0.0, 0.5, 1.0],
                                                            "sent_bits": [1e5, 2e5, 0.0]}, False),
    "offload.energy_delay_cost": (dict, {"energy_joules": [0.1, 0.2, 0.5], "latency_seconds": [0.01, 0.1, 0.05],
                                         "beta": [0.0, 0.5, 1.0]}, False),
    "offload.megabits_per_second": (dict, {"mbit_per_second": [1.0, 5.0, 100.0]}, False),
}


def _function(path):
    obj = offload
    for part in path.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def test_every_numeric_function_is_classified():
    functions = _public_functions()
    numeric = {path for path, f in functions.items() if _numeric_parameters(path.split(".")[-1], f)}
    unclassified = sorted(numeric - set(SCALAR_ONLY) - set(BROADCASTING))
    assert unclassified == [], f"classify these in BROADCASTING or SCALAR_ONLY: {unclassified}"
    assert not set(SCALAR_ONLY) & set(BROADCASTING)
    stale = sorted((set(SCALAR_ONLY) | set(BROADCASTING)) - set(functions))
    assert stale == [], f"no such public function any more: {stale}"
    assert len(numeric) > 60  # the walk reaches the submodules


# ---- the broadcasting contract, for every broadcasting function --------------------------------------------------

def _same(a, b):
    """Equal values, NaN equal to NaN, the same shape (a 0-d result compares with a number)."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    np.testing.assert_array_equal(a, b)


def _call(path, fixed, values):
    return _function(path)(**fixed, **values)


def _scalar_grid(path, fixed, params, columns):
    """The function called with numbers at every point of `columns` (param -> 1-D or 2-D array, broadcast)."""
    arrays = np.broadcast_arrays(*[np.asarray(columns.get(p, BROADCASTING[path][1][p][0]), dtype=float)
                                   for p in params])
    out = np.empty(arrays[0].shape, dtype=object)
    for index in np.ndindex(out.shape):
        out[index] = _call(path, fixed, {p: float(a[index]) for p, a in zip(params, arrays)})
    return out.astype(np.asarray(out.flat[0]).dtype) if out.size else out.astype(float)


@pytest.mark.parametrize("path", sorted(BROADCASTING))
def test_numbers_arrays_and_2d_against_1d(path):
    make_fixed, samples, _ = BROADCASTING[path]
    fixed = make_fixed()
    params = list(samples)
    scalars = {p: v[0] for p, v in samples.items()}
    assert np.ndim(_call(path, fixed, scalars)) == 0  # numbers in, a number out
    for p in params:  # one parameter as an array, the others numbers
        column = {p: np.array(samples[p])}
        result = _call(path, fixed, {**scalars, **column})
        assert np.shape(result) == (3,)
        _same(result, _scalar_grid(path, fixed, params, column))
    if len(params) >= 2:  # 2-D against 1-D: (3, 1) x (3,) -> (3, 3)
        a, b = params[0], params[-1]
        grid = {a: np.array(samples[a])[:, np.newaxis], b: np.array(samples[b])}
        result = _call(path, fixed, {**scalars, **grid})
        assert np.shape(result) == (3, 3)
        _same(result, _scalar_grid(path, fixed, params, grid))
        with pytest.raises(ValueError, match="broadcast"):
            _call(path, fixed, {**scalars, a: np.ones(2), b: np.ones(3)})


@pytest.mark.parametrize("path", sorted(BROADCASTING))
def test_any_real_dtype(path):
    make_fixed, samples, _ = BROADCASTING[path]
    fixed = make_fixed()
    scalars = {p: v[0] for p, v in samples.items()}
    p = list(samples)[0]
    reference = _call(path, fixed, {**scalars, p: np.array(samples[p], dtype=float)})
    _same(_call(path, fixed, {**scalars, p: list(samples[p])}), reference)  # a list
    as32 = np.array(samples[p], dtype=np.float32)
    _same(_call(path, fixed, {**scalars, p: as32}), _call(path, fixed, {**scalars, p: as32.astype(float)}))
    if all(float(x).is_integer() for x in samples[p]):
        _same(_call(path, fixed, {**scalars, p: np.array(samples[p], dtype=np.int64)}), reference)
    strided = np.repeat(np.array(samples[p], dtype=float), 2)[::2]  # not contiguous
    _same(_call(path, fixed, {**scalars, p: strided}), reference)


@pytest.mark.parametrize("path", sorted(BROADCASTING))
def test_nan_and_inf_per_point_as_for_a_number(path):
    """A NaN or an infinity among the points does what it does to the same function called with that number: the
    same exception, or the same value at that point and the others unchanged."""
    make_fixed, samples, _ = BROADCASTING[path]
    fixed = make_fixed()
    scalars = {p: v[0] for p, v in samples.items()}
    for p in samples:
        for bad in (math.nan, math.inf, -math.inf):
            try:
                expected = _call(path, fixed, {**scalars, p: bad})
            except Exception as e:  # noqa: BLE001 - the array call must raise the same type
                with pytest.raises(type(e)):
                    _call(path, fixed, {**scalars, p: np.array([samples[p][0], bad, samples[p][1]])})
                continue
            result = _call(path, fixed, {**scalars, p: np.array([samples[p][0], bad, samples[p][1]])})
            _same(result[1], expected)
            _same(result[[0, 2]], _scalar_grid(path, fixed, list(samples), {p: np.array(samples[p][:2])}))


@pytest.mark.parametrize("path", sorted(p for p, spec in BROADCASTING.items() if spec[2]))
def test_out(path):
    make_fixed, samples, _ = BROADCASTING[path]
    fixed = make_fixed()
    scalars = {p: v[0] for p, v in samples.items()}
    a, b = list(samples)[0], list(samples)[-1]
    grid = {a: np.array(samples[a])[:, np.newaxis], b: np.array(samples[b])}
    expected = _call(path, fixed, {**scalars, **grid})
    buffer = np.full((3, 3), -1.0)
    assert _call(path, fixed, {**scalars, **grid, "out": buffer}) is buffer
    _same(buffer, expected)
    zero_d = np.empty(())
    assert _call(path, fixed, {**scalars, "out": zero_d}) is zero_d  # numbers and out: written, not a float
    _same(zero_d, _call(path, fixed, scalars))
    for bad in (np.empty((3, 2)), np.empty((3, 3), dtype=np.float32), np.empty((3, 3), order="F")):
        with pytest.raises(ValueError, match="out"):
            _call(path, fixed, {**scalars, **grid, "out": bad})
    readonly = np.empty((3, 3))
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="out"):
        _call(path, fixed, {**scalars, **grid, "out": readonly})
    # out= overlapping an input: computed aside first, as numpy does
    x = np.array(samples[a] * 2, dtype=float)
    shifted = _call(path, fixed, {**scalars, a: x[:-1]})
    _call(path, fixed, {**scalars, a: x[:-1], "out": x[1:]})
    _same(x[1:], shifted)


# ---- the fast sweeps: the same bits as the model objects, every block size ---------------------------------------

@pytest.mark.parametrize("n", [1, 7, 255, 256, 257, 1000])
def test_queue_sweeps_equal_the_objects_bit_for_bit(n):
    rng = np.random.default_rng(n)
    lam = rng.uniform(0.0, 12.0, n)  # reaches rho >= 1
    s = rng.uniform(0.01, 0.2, n)
    scv = rng.uniform(0.0, 3.0, n)
    k = rng.uniform(1.0, 4.0, n)
    cases = [
        (offload.mm1_mean_response(lam, s), [offload.MM1(a, b).mean_response() for a, b in zip(lam, s)]),
        (offload.md1_mean_response(lam, s), [offload.MD1(a, b).mean_response() for a, b in zip(lam, s)]),
        (offload.mg1_mean_response(lam, s, scv), [offload.MG1(a, b, c).mean_response() for a, b, c in zip(lam, s, scv)]),
        (offload.k_parallel_md1_mean_response(lam, s, k),
         [offload.KParallelMD1(offload.MD1(a, b), p).mean_response() for a, b, p in zip(lam, s, k)]),
        (offload.k_parallel_mm1_mean_response(lam, s, k),
         [offload.KParallelMM1(offload.MM1(a, b), p).mean_response() for a, b, p in zip(lam, s, k)]),
        (offload.k_parallel_mg1_mean_response(lam, s, scv, k),
         [offload.KParallelMG1(offload.MG1(a, b, c), p).mean_response() for a, b, c, p in zip(lam, s, scv, k)]),
    ]
    for got, expected in cases:
        np.testing.assert_array_equal(got, np.array(expected))
    assert np.isinf(cases[1][0]).any() or n < 10


@pytest.mark.parametrize("n", [1, 255, 256, 257, 600])
def test_pipeline_sweeps_equal_the_objects_bit_for_bit(n):
    rng = np.random.default_rng(100 + n)
    lam = rng.uniform(0.0, 10.0, n)
    remote = lam + rng.uniform(0.0, 10.0, n)
    bw = 10 ** rng.uniform(4.5, 7.0, n)
    req, res = rng.uniform(1e3, 1e5, n), np.where(rng.uniform(size=n) < 0.3, 0.0, rng.uniform(1e2, 1e4, n))
    s, scv, k, delay = rng.uniform(0.005, 0.1, n), rng.uniform(0.0, 2.0, n), rng.uniform(1.0, 3.0, n), \
        rng.uniform(0.0, 0.01, n)
    for kind, cls, dev_cls in ((offload.ServiceKind.deterministic, offload.DnnOffload, offload.DnnOnDevice),
                               (offload.ServiceKind.exponential, offload.LlmOffload, offload.LlmOnDevice),
                               (offload.ServiceKind.general, offload.GeneralOffload, offload.GeneralOnDevice)):
        got = offload.offload_mean_latency(lam, s, bw, req, res, scv, k, delay, remote, kind)
        expected = [cls(arrival_rate=a, remote_arrival_rate=r, remote=offload.ServiceDemand(m, c, p),
                        uplink=offload.NetworkLink(b, d), downlink=offload.NetworkLink(b, d),
                        sizes=offload.Payload(q, o)).mean_latency()
                    for a, r, m, c, p, b, d, q, o in zip(lam, remote, s, scv, k, bw, delay, req, res)]
        np.testing.assert_array_equal(got, np.array(expected))
        got = offload.on_device_mean_latency(lam, s * 5, scv, k, kind)
        expected = [dev_cls(arrival_rate=a, device=offload.ServiceDemand(m * 5, c, p)).mean_latency()
                    for a, m, c, p in zip(lam, s, scv, k)]
        np.testing.assert_array_equal(got, np.array(expected))
    # the remote stage fixed (the common sweep over the network): computed once, the same bits
    got = offload.offload_mean_latency(2.0, 0.02, bw, 1e5, 2e4)
    expected = [offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(b),
                                   sizes=offload.Payload(1e5, 2e4)).mean_latency() for b in bw]
    np.testing.assert_array_equal(got, np.array(expected))


def test_points_outside_the_fast_domain_take_the_objects():
    # tiny and huge values the kernels leave to the validated objects: the objects' values, or their error
    s = np.array([0.1, 1e-300, 1e295, 0.2])
    np.testing.assert_array_equal(offload.md1_mean_response(1e-10, s), [offload.MD1(1e-10, x).mean_response() for x in s])
    with pytest.raises(ValueError, match=r"offload::mm1: parameter 'mean_service_time'"):
        offload.mm1_mean_response(1.0, np.array([0.1, 1e-320]))  # 1 / 1e-320 overflows
    with pytest.raises(ValueError, match="request_bytes"):
        offload.offload_mean_latency(2.0, 0.02, 1e30, np.array([1e5, math.inf]))


def test_a_bad_point_is_named_by_parameter_and_index():
    """A NaN, an infinity or a negative value inside an array: the ValueError of the same call with that number
    (function, parameter, value, requirement) plus the point's index in the broadcast shape; a number call keeps
    the message as it was."""
    lam = np.array([1.0, 2.0, -1.0, 3.0])
    with pytest.raises(ValueError, match=r"parameter 'arrival_rate'.* \(at index 2 of the broadcast arguments\)$"):
        offload.md1_mean_response(lam, 0.1)
    with pytest.raises(ValueError) as number:
        offload.md1_mean_response(-1.0, 0.1)
    assert "at index" not in str(number.value)
    s = np.array([[0.1, 0.2], [0.3, math.nan]])
    with pytest.raises(ValueError, match=r"parameter 'mean_service_time'.* \(at index \(1, 1\) of the broadcast"):
        offload.mg1_mean_response(np.array([1.0, 2.0]), s, 0.5)
    with pytest.raises(ValueError, match=r"'request_bytes'.* \(at index 1 of the broadcast arguments\)$"):
        offload.offload_mean_latency(2.0, 0.02, 1e6, np.array([1e5, math.inf]))
    # a per-point-only sweep (no block kernel) names the index too
    with pytest.raises(ValueError, match=r"'servers'.* \(at index \(0, 2\) of the broadcast arguments\)$"):
        offload.mmc_mean_response(np.array([[1.0], [2.0]]), 0.1, np.array([1.0, 2.0, 2.5]))


# ---- constructors take numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("make, function", [
    (lambda a: offload.MM1(a, 0.1), "mm1_mean_response"),
    (lambda a: offload.MD1(arrival_rate=a, service_time=0.1), "md1_mean_response"),
    (lambda a: offload.MG1(1.0, a, 0.5), "mg1_mean_response"),
    (lambda a: offload.MMC(a, 0.1, 2), "mmc_mean_response"),
    (lambda a: offload.KParallelMD1(offload.MD1(1.0, 0.1), a), "k_parallel_md1_mean_response"),
    (lambda a: offload.DnnOnDevice(a, offload.ServiceDemand(0.1)), "on_device_mean_latency"),
    (lambda a: offload.ServiceDemand(a), "on_device_mean_latency"),
    (lambda a: offload.NetworkLink(a), "offload_mean_latency"),
    (lambda a: offload.DnnOffload(arrival_rate=a, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6),
                                  sizes=offload.Payload(1e5, 0.0)), "offload_mean_latency"),
])
def test_a_constructor_given_an_array_names_the_function_form(make, function):
    with pytest.raises(TypeError, match=r"takes numbers, not arrays .* use offload\." + function) as e:
        make(np.array([1.0, 2.0]))
    assert isinstance(e.value.__cause__, TypeError)  # pybind11's "incompatible constructor arguments"
    with pytest.raises(TypeError, match="not arrays"):
        make([1.0, 2.0])
    make(1.0)  # numbers still construct (and a model equals itself)
    assert make(1.0) == make(1.0)
    with pytest.raises(TypeError) as e:  # other wrong types keep pybind11's own message
        make("x")
    assert "not arrays" not in str(e.value)


def test_constructor_signatures_and_docs_are_kept():
    doc = offload.MM1.__init__.__doc__
    assert doc.startswith("__init__(self") and "arrival_rate: float, mean_service_time: float" in doc
    assert "*args" not in doc
    q = offload.MM1(arrival_rate=2, mean_service_time=0.1)  # keywords, an int converted
    assert q.mean_response() == pytest.approx(0.125, rel=1e-15)
    assert offload.mm1_mean_response(2, 0.1) == q.mean_response()
