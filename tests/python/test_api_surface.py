"""The Python API as a whole: every bound class has a docstring and its own __repr__, every function and method
documents itself and takes keyword arguments, vectorised sweeps loop in C++ (a million points, broadcast, no
Python call per point), the generic crossover search over Python callables, and the advisor's scenario format."""
import importlib
import inspect
import math
import pathlib
import pkgutil
import re
import sys
import types

import numpy as np
import pytest

import offload

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "examples" / "scenarios"


def _modules():
    mods = {"offload": offload._core}
    for name, obj in vars(offload._core).items():
        if isinstance(obj, types.ModuleType):
            mods["offload." + name] = obj
    return mods


def _public(mod):
    return [(name, obj) for name, obj in sorted(vars(mod).items()) if not name.startswith("_")]


_SIGNATURE = re.compile(r"^(\d+\. )?[\w.]+\(.*\)( -> .*)?$")


def _has_text(doc):
    """pybind11 docstrings start with generated signatures; require a line of real text besides them."""
    lines = [line.strip() for line in (doc or "").splitlines() if line.strip()]
    return any(not _SIGNATURE.match(line) and line != "Overloaded function." for line in lines)


def _is_enum(cls):
    return hasattr(cls, "__members__")


def test_the_submodules_are_found():
    assert {"offload", "offload.sim", "offload.zoo", "offload.presets", "offload.planning"} <= set(_modules())


def test_every_class_has_a_docstring_and_its_own_repr():
    no_doc, no_repr, classes = [], [], 0
    for mname, mod in _modules().items():
        for name, obj in _public(mod):
            if not isinstance(obj, type):
                continue
            classes += 1
            if not (obj.__doc__ or "").strip():
                no_doc.append(f"{mname}.{name}")
            # an enum's repr is pybind11's <Kind.value: n>; every other class defines its own
            if not _is_enum(obj) and "__repr__" not in obj.__dict__:
                no_repr.append(f"{mname}.{name}")
    assert classes > 130
    assert no_doc == []
    assert no_repr == []


def test_every_enum_member_names_itself():
    """.name is the member's name (a custom __str__ on a pybind11 2.10 enum turns it into a bound method),
    str() is "Kind.name" and repr() is "<Kind.name: value>" for every member of every bound enum."""
    bad, members = [], 0
    for mname, mod in _modules().items():
        for name, obj in _public(mod):
            if not (isinstance(obj, type) and _is_enum(obj)):
                continue
            for member_name, member in obj.__members__.items():
                members += 1
                if not (isinstance(member.name, str) and member.name == member_name):
                    bad.append(f"{mname}.{name}.{member_name}: .name is {member.name!r}")
                if str(member) != f"{name}.{member_name}":
                    bad.append(f"{mname}.{name}.{member_name}: str() is {str(member)!r}")
                if repr(member) != f"<{name}.{member_name}: {int(member)}>":
                    bad.append(f"{mname}.{name}.{member_name}: repr() is {repr(member)!r}")
    assert members > 60
    assert bad == []


def test_every_function_and_method_is_documented_and_takes_keywords():
    no_doc, positional_only, checked = [], [], 0
    for mname, mod in _modules().items():
        for name, obj in _public(mod):
            if isinstance(obj, type):
                for attr, member in obj.__dict__.items():
                    if attr.startswith("__") and attr != "__init__":
                        continue
                    if isinstance(member, property) or not callable(member) and not isinstance(member, staticmethod):
                        continue
                    func = member.__func__ if isinstance(member, staticmethod) else member
                    doc = getattr(func, "__doc__", "") or ""
                    checked += 1
                    # pybind11 names an argument argN when the binding gave it no py::arg(...)
                    if re.search(r"\barg\d+\b", doc):
                        positional_only.append(f"{mname}.{name}.{attr}")
                    if attr != "__init__" and not _is_enum(obj) and not _has_text(doc):
                        no_doc.append(f"{mname}.{name}.{attr}")
            elif callable(obj):
                checked += 1
                if re.search(r"\barg\d+\b", obj.__doc__ or ""):
                    positional_only.append(f"{mname}.{name}")
                if not _has_text(obj.__doc__):
                    no_doc.append(f"{mname}.{name}")
    assert checked > 400
    assert positional_only == []
    assert no_doc == []


_ENUM_INTERNALS = {"__doc__", "__members__", "value", "name"}  # pybind11's own enum properties


def test_every_property_documents_itself():
    """help(offload.SplitPoint) must explain each field, not list bare names: every def_readonly / def_readwrite /
    def_property(_readonly) of every class (submodules included) carries a docstring of its own."""
    undocumented, checked = [], 0
    for mname, mod in _modules().items():
        for name, obj in _public(mod):
            if not isinstance(obj, type):
                continue
            for attr, member in obj.__dict__.items():
                if not isinstance(member, property):
                    continue
                if _is_enum(obj) and attr in _ENUM_INTERNALS:
                    continue
                checked += 1
                if not (member.__doc__ or "").strip():
                    undocumented.append(f"{mname}.{name}.{attr}")
    assert checked > 600  # 691 properties besides the enum internals: the walk really reaches them
    assert undocumented == [], f"{len(undocumented)} properties without a docstring: {undocumented}"


def _package_modules():
    """What a user imports: offload, its Python submodules (offload.queues, ..., offload.torch_import) and the C++
    submodules it registers (offload.sim, offload.planning, offload.zoo, offload.presets)."""
    mods = {"offload": offload}
    for info in pkgutil.iter_modules(offload.__path__):
        if not info.name.startswith("_"):
            mods["offload." + info.name] = importlib.import_module("offload." + info.name)
    for name, obj in vars(offload).items():
        if isinstance(obj, types.ModuleType) and not name.startswith("_") and obj.__name__.startswith("offload"):
            mods.setdefault("offload." + name, obj)
    return mods


def test_every_function_of_every_submodule_is_documented_and_takes_keywords():
    """The walk above covers offload._core; this one covers every public function and class reachable from every
    submodule a user imports, the pure-Python ones included (from_torch, convert_torch, TorchConversion)."""
    mods = _package_modules()
    assert {"offload.queues", "offload.distributions", "offload.pipelines", "offload.crossover", "offload.dnn",
            "offload.decision", "offload.policy", "offload.advisor", "offload.sim", "offload.planning",
            "offload.zoo", "offload.presets", "offload.torch_import"} <= set(mods)
    no_doc, positional_only, no_repr, functions, seen = [], [], [], 0, set()
    for mname, mod in sorted(mods.items()):
        for name in getattr(mod, "__all__", None) or [n for n in vars(mod) if not n.startswith("_")]:
            obj = getattr(mod, name)  # __all__ must name what the module has
            if id(obj) in seen or isinstance(obj, types.ModuleType):
                continue
            seen.add(id(obj))
            where = f"{mname}.{name}"
            if isinstance(obj, type):
                if not (obj.__doc__ or "").strip():
                    no_doc.append(where)
                if not _is_enum(obj) and not any("__repr__" in vars(c) for c in obj.__mro__[:-1]):
                    no_repr.append(where)
                continue
            if not callable(obj):
                continue
            functions += 1
            if isinstance(obj, types.FunctionType):  # pure Python: a real signature
                kinds = {p.kind for p in inspect.signature(obj).parameters.values()}
                if kinds & {inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_POSITIONAL}:
                    positional_only.append(where)
                if not (obj.__doc__ or "").strip():
                    no_doc.append(where)
            else:
                if re.search(r"\barg\d+\b", obj.__doc__ or ""):
                    positional_only.append(where)
                if not _has_text(obj.__doc__):
                    no_doc.append(where)
    assert functions > 150  # every vectorised sweep, solver, reader and builder of every area
    assert no_doc == [] and positional_only == [] and no_repr == []


def test_keyword_arguments_work_and_repr_shows_the_values():
    d = offload.ServiceDemand(mean_seconds=0.019, scv=0.0, parallelism=2.0)
    assert repr(d) == "ServiceDemand(mean_seconds=0.019, scv=0.0, parallelism=2.0)"
    q = offload.MM1.from_rates(arrival_rate=2.0, service_rate=10.0)
    assert repr(q) == "MM1(arrival_rate=2.0, mean_service_time=0.1)"
    assert q.mean_response() == pytest.approx(0.125, rel=1e-15)


def test_value_errors_carry_the_cpp_message():
    with pytest.raises(ValueError, match=r"^offload: offload::network_link: parameter 'bandwidth' = -1"):
        offload.NetworkLink(bandwidth=-1.0)
    with pytest.raises(ValueError, match=r"offload::md1: parameter 'arrival_rate' = nan is invalid"):
        offload.md1_mean_response(np.array([0.1, np.nan]), 0.1)


# ---- vectorised sweeps ----------------------------------------------------------------------------------------
def _python_calls_during(f):
    """Number of Python-level function calls made while f() runs (C functions are not counted)."""
    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profiler)
    try:
        result = f()
    finally:
        sys.setprofile(None)
    return result, count


def _md1_response(lam, s):
    rho = lam * s
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(rho < 1.0, s + lam * s * s / (2.0 * (1.0 - rho)), np.inf)


def _mm1_response(lam, service_time):
    mu = 1.0 / service_time
    with np.errstate(divide="ignore"):
        return np.where(lam < mu, 1.0 / (mu - lam), np.inf)


def test_a_million_point_offload_sweep_broadcasts_and_loops_in_cpp():
    rate = np.logspace(-1, np.log10(60.0), 1000)[:, np.newaxis]       # (1000, 1)
    bandwidth = np.logspace(5, 8, 1000)[np.newaxis, :]                  # (1, 1000), bytes/s
    s_remote, req, res = 0.0008488, 12_000.0, 4_000.0
    latency, calls = _python_calls_during(
        lambda: offload.offload_mean_latency(rate, s_remote, bandwidth, req, res))
    assert latency.shape == (1000, 1000)
    assert calls <= 2  # the package's thin wrapper; never one call per point
    # seed eq. 1 written out independently: M/M/1 uplink + M/D/1 server + M/M/1 downlink
    expected = _mm1_response(rate, req / bandwidth) + _md1_response(rate, s_remote) + _mm1_response(rate, res / bandwidth)
    finite = np.isfinite(expected)
    assert 0.2 < finite.mean() < 1.0  # the grid reaches into the unstable region
    np.testing.assert_array_equal(np.isfinite(latency), finite)
    np.testing.assert_allclose(latency[finite], expected[finite], rtol=1e-12)
    assert not np.isnan(latency).any()


def test_a_million_point_device_sweep_in_one_call():
    rate = np.linspace(0.0, 60.0, 1_000_000)
    latency, calls = _python_calls_during(lambda: offload.on_device_mean_latency(rate, 0.019))
    assert calls <= 2 and latency.shape == (1_000_000,)  # a thin wrapper at most
    expected = _md1_response(rate, 0.019)
    np.testing.assert_array_equal(np.isinf(latency), np.isinf(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(latency[finite], expected[finite], rtol=1e-12)


def test_queue_sweeps_broadcast_like_numpy():
    lam = np.array([[1.0], [5.0], [9.0]])
    mu = np.array([10.0, 20.0])
    out = offload.mm1_mean_response(lam, 1.0 / mu)  # arrival rate, mean service time
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out, 1.0 / (mu - lam), rtol=1e-14)
    assert offload.mm1_mean_response(2.0, 0.1) == pytest.approx(0.125, rel=1e-15)  # scalars stay scalars
    with pytest.raises(ValueError, match="do not broadcast together"):  # as numpy: a ValueError
        offload.mm1_mean_response(np.ones(3), np.ones(4))
    with pytest.raises(RuntimeError, match="did not bracket the crossover"):  # other runtime errors stay RuntimeErrors
        offload.bandwidth_crossovers(
            offload.DnnOnDevice(arrival_rate=2.0, device=offload.ServiceDemand(0.2)),
            offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6),
                               sizes=offload.Payload(1e5, 0.0)),
            1e5, 1e8, offload.CrossoverOptions(max_iterations=1, method=offload.CrossoverMethod.scan))


# ---- generic crossover search ---------------------------------------------------------------------------------
def test_find_crossovers_over_a_python_callable():
    # device 1 s everywhere, offload 2/x s: equal at x = 2; offloading wins above
    r = offload.find_crossovers(lambda x: (1.0, 2.0 / x), lo=0.5, hi=10.0)
    assert len(r.points) == 1 and r.points[0] == pytest.approx(2.0, rel=1e-10)
    assert [(i.winner) for i in r.intervals] == [offload.Winner.first, offload.Winner.second]
    assert r.intervals[0].lower == 0.5 and r.intervals[-1].upper == 10.0
    assert r.describe() == "2  ([0.5, 2]: first, [2, 10]: second)"
    named = r.with_labels("edge", "cloud")  # any two options: the labels name the winners
    assert named.describe() == "2  ([0.5, 2]: edge, [2, 10]: cloud)"
    assert named.label(offload.Winner.second) == "cloud" and r.first_label == "first"
    assert str(r) == r.describe()
    assert r.describe(scale=1e3, unit="ms").startswith("2000 ms")
    # a queue-like device saturating at x = 3 and offload at x = 5: one crossing below 3 where the latencies are
    # equal, offloading wins up to its own stability edge, then both are unstable ("neither", not a point)
    device = lambda x: 1.0 / (3.0 - x) if x < 3.0 else math.inf
    remote = lambda x: 0.5 + 1.0 / (5.0 - x) if x < 5.0 else math.inf
    r = offload.find_crossovers(lambda x: (device(x), remote(x)), 1.0, 10.0, offload.linear_grid(64))
    assert len(r.points) == 1 and 1.0 < r.points[0] < 3.0
    assert device(r.points[0]) == pytest.approx(remote(r.points[0]), rel=1e-9)
    assert [i.winner for i in r.intervals] == [offload.Winner.first, offload.Winner.second,
                                               offload.Winner.neither]
    assert r.intervals[1].upper == pytest.approx(5.0, rel=1e-9)


def test_find_crossovers_agrees_with_the_named_search():
    dev = offload.DnnOnDevice(arrival_rate=2.0, device=offload.ServiceDemand(0.019))
    off = offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.0008488),
                             link=offload.NetworkLink(625_000.0), sizes=offload.Payload(12_000, 4_000))
    named = offload.bandwidth_crossovers(dev, off, 62_500.0, 125e6)
    generic = offload.find_crossovers(lambda b: (dev.mean_latency(), off.with_bandwidth(b).mean_latency()),
                                      62_500.0, 125e6)
    assert len(named.points) == 1
    assert generic.points == pytest.approx(named.points, rel=1e-11)
    assert named.points[0] * 8 / 1e6 == pytest.approx(7.0697, abs=1e-3)  # docs/advisor.md: 7.07 Mbit/s


def test_find_integer_crossovers():
    r = offload.find_integer_crossovers(lambda m: (5.5, float(m)), lo=1, hi=10)
    assert r.points == [6.0]
    assert [(i.lower, i.upper, i.winner) for i in r.intervals] == [
        (1.0, 5.0, offload.Winner.second), (6.0, 10.0, offload.Winner.first)]
    assert offload.compare_latencies(1.0, 2.0) == offload.Winner.first
    assert offload.compare_latencies(math.inf, math.inf) == offload.Winner.neither


def test_find_crossovers_rejects_bad_callables():
    with pytest.raises(ValueError, match=r"offload::find_crossovers: parameter 'latencies\(x\)' = .* NaN"):
        offload.find_crossovers(lambda x: (1.0, math.nan), 1.0, 2.0)
    with pytest.raises(ValueError, match=r"latencies\(x\).*must be >= 0"):
        offload.find_integer_crossovers(lambda m: (-1.0, 1.0), 1, 3)
    with pytest.raises(ValueError, match=r"must return a pair"):
        offload.find_crossovers(lambda x: 1.0, 1.0, 2.0)
    with pytest.raises(ZeroDivisionError):  # the callable's own exception comes through unchanged
        offload.find_crossovers(lambda x: (1.0, 1.0 / 0.0), 1.0, 2.0)
    with pytest.raises(ValueError, match=r"offload::find_crossovers: parameter 'hi'"):
        offload.find_crossovers(lambda x: (1.0, 2.0), 2.0, 1.0)
    with pytest.raises(ValueError, match=r"offload::find_integer_crossovers: parameter 'lo' = -1"):
        offload.find_integer_crossovers(lambda m: (1.0, 2.0), -1, 3)


# ---- the advisor's scenario ---------------------------------------------------------------------------------------
def test_the_embedded_default_scenario():
    s = offload.default_scenario()
    assert [d.name for d in s.devices] == ["jetson_tx2", "jetson_orin_nano"]
    assert [e.name for e in s.edges] == ["nvidia_a2", "rtx_4070"] and s.cloud is None
    assert [w.name for w in s.workloads] == ["mobilenet_v2", "inception_v4", "yolov8n", "lstm", "llama_3_2_1b"]
    assert s.arrival_rate == 2.0 and s.tenants == 1
    assert s.link("wlan").bandwidth == 625_000.0 and s.link("wlan").propagation == 0.0
    m = s.workloads[0]
    assert m.kind == offload.ServiceKind.deterministic and m.request_bytes == 12_000
    assert m.service_time_on("jetson_tx2") == pytest.approx(0.019, rel=1e-15)
    assert m.service_time["rtx_4070"] == pytest.approx(0.8488e-3, rel=1e-15)
    assert s.workloads[4].arrival_rate == 0.02 and s.workloads[4].kind == offload.ServiceKind.exponential
    assert s.sweeps.bandwidth == (62_500.0, 1.25e8) and s.sweeps.tenants == (1, 100)
    assert "mobilenet_v2" in offload.default_scenario_json
    assert repr(s).startswith("Scenario(name='seed 003")
    assert repr(s.edges[0]) == ("ScenarioServer(name='nvidia_a2', link='wlan', parallelism=1.0, price_per_hour=0.0, "
                                "price_per_request=0.0)")
    # the advisor's hand-checked on-device figure (tools/advisor/CMakeLists.txt, advisor.values): 19.375260 ms
    dev = offload.DnnOnDevice(arrival_rate=m.arrival_rate, device=offload.ServiceDemand(m.service_time_on("jetson_tx2")))
    assert dev.mean_latency() * 1e3 == pytest.approx(19.375260, abs=1e-6)


def test_scenario_files_and_errors():
    s = offload.read_scenario(SCENARIOS / "full_example.json")
    assert s.cloud.name == "cloud_l4" and s.tenants == 3
    pose = s.workloads[1]
    assert pose.kind == offload.ServiceKind.general and pose.scv == 0.2 and pose.arrival_rate == 10
    assert pose.service_time_on("raspberry_pi_4b") is None
    with pytest.raises(ValueError, match=r"offload::from_json\(scenario\): parameter '/links/wlan/bandwidth_mbps' = -5"):
        offload.read_scenario(str(SCENARIOS / "bad" / "negative_bandwidth.json"))
    with pytest.raises(ValueError, match=r"parameter '/edges/0/parallelism' = 0.5 is invalid: must be >= 1"):
        offload.read_scenario(str(SCENARIOS / "bad" / "parallelism_below_one.json"))
    with pytest.raises(FileNotFoundError, match=r"offload::read_scenario: cannot open '.*no_such_file.json'") as e:
        offload.read_scenario(str(SCENARIOS / "no_such_file.json"))
    assert e.value.errno == 2
    with pytest.raises(ValueError, match=r"parameter '/' = byte 2 is invalid: is not well-formed JSON: line 1, column 2"):
        offload.scenario_from_json_text("{")
    with pytest.raises(ValueError, match=r"parameter '/devices' = byte 14 .* line 1, column 14"):
        offload.scenario_from_json_text('{"devices": [')
    with pytest.raises(ValueError, match=r"parameter '/edges/0/link' = \"x\" is invalid: names no entry of /links"):
        offload.scenario_from_json_text(
            '{"devices": [{"name": "d"}], "edges": [{"name": "e", "link": "x"}], "links": {"l": {"bandwidth_mbps": 1}},'
            ' "workloads": [{"name": "w", "kind": "deterministic", "request_bytes": 1, "result_bytes": 0,'
            ' "service_ms": {"d": 1, "e": 1}}]}')
    with pytest.raises(ValueError, match=r"offload::find_link: parameter 'name' = 'lte'"):
        s.link("lte")


def test_scenario_written_and_read_back(tmp_path):
    s = offload.read_scenario(SCENARIOS / "full_example.json")
    path = tmp_path / "copy.json"
    offload.write_scenario(path, s)
    again = offload.read_scenario(path)
    assert offload.to_json_text(again) == offload.to_json_text(s)
    assert offload.to_json_text(offload.scenario_from_json_text(offload.to_json_text(s, indent=-1))) == \
        offload.to_json_text(s)
    with pytest.raises(OSError):
        offload.write_scenario(tmp_path / "no_dir" / "s.json", s)


def test_advise_is_the_advisor():
    # the advisor's hand-checked figures (tools/advisor/CMakeLists.txt, advisor.values): MobileNetV2 on the TX2
    # at 2 req/s, 19.375260 ms on the device, 31.969067 ms through the A2 edge; the device wins on the mean
    report = offload.advise(offload.default_scenario())
    assert len(report) == 10 and repr(report).startswith("AdvisorReport(advice=[WorkloadAdvice(workload='mobilenet_v2'")
    a = report.advice[0]
    assert (a.workload, a.device, a.arrival_rate) == ("mobilenet_v2", "jetson_tx2", 2.0)
    assert [o.label for o in a.options] == ["on-device", "nvidia_a2", "rtx_4070"]
    assert [o.where for o in a.options] == ["device", "edge", "edge"]
    assert a.options[0].prediction.mean * 1e3 == pytest.approx(19.375260, abs=1e-6)
    assert a.options[1].prediction.mean * 1e3 == pytest.approx(31.969067, abs=1e-6)
    assert a.options[1].terms.uplink_transfer == pytest.approx(0.0192, rel=1e-12)  # 12 kB at 5 Mbit/s
    assert a.options[1].prediction.p99 > a.options[1].prediction.mean
    assert a.decision.index == 0 and a.chosen.label == "on-device"
    assert [c.server for c in a.crossovers] == ["nvidia_a2", "rtx_4070"]
    assert a.sweeps == []
    # offloading to the A2 pays above 9.398 Mbit/s, to the RTX 4070 above 7.07 Mbit/s (the advisor's text output)
    assert len(a.crossovers[0].bandwidth.points) == 1 and len(a.crossovers[1].bandwidth.points) == 1
    assert a.crossovers[0].bandwidth.points[0] * 8e-6 == pytest.approx(9.398, abs=5e-4)
    assert a.crossovers[1].bandwidth.points[0] * 8e-6 == pytest.approx(7.07, abs=5e-3)
    assert a.crossovers[0].rate.points == [] and a.crossovers[0].tenants.points == []
    p99 = offload.advise(offload.default_scenario(), objective=offload.Objective.percentile(offload.PercentileLevel.p99),
                         sweeps=True, sweep_points=5)
    b = p99.advice[0]
    assert [s.quantity for s in b.sweeps] == ["bandwidth", "arrival_rate", "tenants"]
    assert len(b.sweeps[0].x) == 5 and len(b.sweeps[0].mean) == 3 and len(b.sweeps[2].x) == 100
    assert b.sweeps[0].x[0] == pytest.approx(62_500.0) and b.sweeps[0].x[-1] == pytest.approx(1.25e8)
    assert b.sweeps[0].mean[0][0] == pytest.approx(a.options[0].prediction.mean, rel=1e-12)
    with pytest.raises(ValueError, match=r"offload::advise: parameter 'options.sweep_points' = 1"):
        offload.advise(offload.default_scenario(), sweeps=True, sweep_points=1)
