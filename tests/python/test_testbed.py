"""The testbed's torch-free parts (benchmarks/testbed/, docs/validation-testbed.md): the seeded arrival streams,
the statistics, the crossover interpolation, and the analysis fed with synthetic measurements of queues whose
answer the library knows exactly (so a unit or field mix-up in analyze.py cannot hide behind measurement noise)."""
import math
import pathlib
import sys

import numpy as np
import pytest

import offload

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "testbed"))
import analyze  # noqa: E402
import common  # noqa: E402


def _moments(gaps):
    gaps = np.asarray(gaps)
    return gaps.mean(), gaps.var() / gaps.mean() ** 2


def test_poisson_stream_is_seeded_with_rate_and_scv_one():
    a = common.interarrival_times(4.0, 200_000, seed=7)
    assert a == common.interarrival_times(4.0, 200_000, seed=7)
    assert a[:10] != common.interarrival_times(4.0, 10, seed=8)
    mean, scv = _moments(a)
    assert mean == pytest.approx(0.25, rel=0.01)  # standard error 0.22 %
    assert scv == pytest.approx(1.0, rel=0.02)


def test_bursty_stream_has_the_requested_scv():
    mean, scv = _moments(common.interarrival_times(2.0, 400_000, seed=3, kind="bursty", scv=4.0))
    assert mean == pytest.approx(0.5, rel=0.01)
    assert scv == pytest.approx(4.0, rel=0.05)
    with pytest.raises(ValueError, match="bursty with scv > 1"):
        common.interarrival_times(2.0, 10, seed=3, kind="bursty", scv=1.0)


def test_schedule_stays_inside_the_duration():
    offsets = common.schedule(10.0, 5.0, seed=1)
    assert offsets == sorted(offsets) and 0 < offsets[0] and offsets[-1] < 5.0
    assert 30 < len(offsets) < 70


def test_wire_bytes_count_66_header_bytes_per_segment():
    sys.path.insert(0, str(pathlib.Path(analyze.__file__).parent))
    import experiment
    assert experiment.wire_bytes(150_536, 1500) == 150_536 + 104 * 66  # ceil(150536 / 1448) = 104 segments
    assert experiment.wire_bytes(1448, 1500) == 1448 + 66


def test_measured_crossover_interpolates_in_log_bandwidth():
    # offload 2.0 s at 10 Mbit/s and 0.5 s at 100 Mbit/s against a device at 1.0 s: 2/3 of the way in log10
    [x] = analyze.measured_crossover(1.0, [(100, 0.5), (10, 2.0)])
    assert x == pytest.approx(10 ** (1 + 2 / 3), rel=1e-12)
    assert analyze.measured_crossover(1.0, [(10, 0.5), (100, 0.4)]) == []


def test_stats_of_constant_latencies_have_zero_width_intervals():
    s = analyze.stats(np, [0.1] * 100, seed=1)
    assert s["batches"] == 10 and s["mean"] == pytest.approx(0.1)
    assert s["mean_ci"] == pytest.approx((0.1, 0.1)) and s["p99_ci"] == pytest.approx((0.1, 0.1))
    assert analyze.stats(np, [0.1] * 20, seed=1)["batches"] == 5


def _us(x):
    return [int(round(v * 1e6)) for v in x]


def _fifo(arrivals, services):
    """Departure times of a FCFS single server (Lindley)."""
    out, free = np.empty_like(arrivals), 0.0
    for i, (a, s) in enumerate(zip(arrivals, services)):
        free = max(a, free) + s
        out[i] = free
    return out


def _data(points):
    return {"format": "offload.testbed/1",
            "link": {"request_bytes": 150_528, "result_bytes": 4_000, "request_wire_bytes": 157_400,
                     "result_wire_bytes": 4_230, "mtu": 1500},
            "service_times": {"m": {"cpu0": {"mean": 0.02, "scv": 0.0}, "cpu1": {"mean": 0.02, "scv": 0.0}}},
            "points": points}


def test_analysis_of_a_synthetic_on_device_md1_point_matches_the_library(monkeypatch):
    monkeypatch.setattr(analyze, "BOOTSTRAP", 20)  # the p99 interval is not checked here; 2000 resamples take 20 s
    rng = np.random.default_rng(11)
    lam, k, s = 4.0, 4.0, 0.02  # deterministic 80 ms at 4/s: rho = 0.32
    arrivals = np.cumsum(rng.exponential(1 / lam, 100_000))
    done = _fifo(arrivals, np.full(arrivals.size, k * s))
    start = done - k * s
    point = {"model": "m", "placement": "on_device", "arrivals": "poisson", "scv": 1.0, "rate": lam, "slowdown": k,
             "seed": 1, "warmup": 5.0,
             "raw": {"requests": arrivals.size, "completed": arrivals.size, "arrival_us": _us(arrivals),
                     "service_start_us": _us(start), "compute_end_us": _us(start + s), "done_us": _us(done)}}
    data = _data([point])
    meas = analyze.measured(np, point)
    mean, p99, _ = analyze.Predictor(offload, data, np).predict(point)
    assert mean == pytest.approx(offload.MD1(lam, k * s).mean_response(), rel=1e-9)
    assert meas["mean"] == pytest.approx(mean, rel=0.01)
    assert meas["p99"] == pytest.approx(p99, rel=0.03)
    assert meas["in_run_service"][0] == pytest.approx(s, abs=1e-6)  # compute time, before the slowdown


def test_analysis_of_a_synthetic_offload_point_matches_the_library(monkeypatch):
    monkeypatch.setattr(analyze, "BOOTSTRAP", 20)
    # M/M/1 uplink (exponential transfers, the seed's NIC) -> deterministic server -> M/M/1 downlink: by Burke's
    # theorem each stage sees Poisson arrivals, so the library's offload pipeline is exact here
    rng = np.random.default_rng(12)
    lam, bw = 2.0, 20e6 / 8
    n = 100_000
    arrivals = np.cumsum(rng.exponential(1 / lam, n))
    received = _fifo(arrivals, rng.exponential(157_400 / bw, n))
    served = _fifo(received, np.full(n, 0.02))
    done = _fifo(served, rng.exponential(4_230 / bw, n))
    point = {"model": "m", "placement": "offload", "arrivals": "poisson", "scv": 1.0, "rate": lam,
             "bandwidth_mbit": 20, "seed": 2, "warmup": 5.0,
             "raw": {"requests": n, "completed": n, "arrival_us": _us(arrivals), "server_received_us": _us(received),
                     "service_start_us": _us(served - 0.02), "service_end_us": _us(served), "done_us": _us(done)}}
    data = _data([point])
    meas = analyze.measured(np, point)
    mean, p99, stages = analyze.Predictor(offload, data, np).predict(point)
    assert meas["mean"] == pytest.approx(mean, rel=0.02)
    assert meas["p99"] == pytest.approx(p99, rel=0.03)
    for name in ("uplink", "server_wait", "service", "downlink"):
        assert meas["stages"][name] == pytest.approx(stages[name], rel=0.05, abs=2e-4), name
    assert not math.isnan(meas["mean_ci"][0]) and meas["mean_ci"][0] < meas["mean"] < meas["mean_ci"][1]


def _on_device_point(kind, scv, seed, lam=2.0, k=4.0, s=0.02, n=100_000):
    arrivals = np.cumsum(common.interarrival_times(lam, n, seed=seed, kind=kind, scv=scv))
    done = _fifo(arrivals, np.full(arrivals.size, k * s))
    start = done - k * s
    return {"model": "m", "placement": "on_device", "arrivals": kind, "scv": scv, "rate": lam, "slowdown": k,
            "seed": seed, "warmup": 5.0, "load": {"other_cpu_share": 0.0, "loadavg_before": [0.0, 0.0, 0.0]},
            "raw": {"requests": n, "completed": n, "arrival_us": _us(arrivals), "service_start_us": _us(start),
                    "compute_end_us": _us(start + s), "done_us": _us(done)}}


def _offload_point(mbit, seed, lam=2.0, n=20_000):
    rng = np.random.default_rng(seed)
    bw = mbit * 1e6 / 8
    arrivals = np.cumsum(rng.exponential(1 / lam, n))
    received = _fifo(arrivals, np.full(n, 157_400 / bw))  # deterministic transfers, as on the real link
    served = _fifo(received, np.full(n, 0.02))
    done = _fifo(served, np.full(n, 4_230 / bw))
    return {"model": "m", "placement": "offload", "arrivals": "poisson", "scv": 1.0, "rate": lam,
            "bandwidth_mbit": mbit, "seed": seed, "warmup": 5.0,
            "load": {"other_cpu_share": 0.0, "loadavg_before": [0.0, 0.0, 0.0]},
            "raw": {"requests": n, "completed": n, "arrival_us": _us(arrivals), "server_received_us": _us(received),
                    "service_start_us": _us(served - 0.02), "service_end_us": _us(served), "done_us": _us(done)}}


def test_bursty_on_device_point_is_predicted_by_klb_within_5_percent(monkeypatch):
    monkeypatch.setattr(analyze, "BOOTSTRAP", 20)
    point = _on_device_point("bursty", 4.0, seed=5)  # H2 arrivals (c^2 = 4), deterministic 80 ms: rho = 0.16
    mean, p99, _ = analyze.Predictor(offload, _data([point]), np).predict(point)
    assert p99 is None  # G/G/1 gives means only
    assert analyze.measured(np, point)["mean"] == pytest.approx(mean, rel=0.05)  # KLB: +2.8 % in this run


def test_render_writes_every_table_and_a_crossover_between_the_measured_bandwidths(monkeypatch):
    monkeypatch.setattr(analyze, "BOOTSTRAP", 20)
    data = _data([_on_device_point("poisson", 1.0, seed=1, n=20_000), _offload_point(5, 2), _offload_point(50, 3)])
    data.update(label="synthetic", started_utc="t0", finished_utc="t1", machine={"logical_cpus": 2})
    for core in data["service_times"]["m"].values():
        core.update(runs=10, cpu_time_mean=0.02)
    text = analyze.render(data, "synthetic.json.gz", np, offload)
    assert text.startswith("Data: `synthetic.json.gz` (synthetic; 3 points")
    assert "**Means: MAPE" in text and "Where the time goes" in text
    # device: 80 ms + M/D/1 wait; offload: 20 ms + 252 ms (5 Mbit/s) or 25 ms (50 Mbit/s) of transfer
    row = [line for line in text.splitlines() if line.startswith("| m | 2 | ×4 | 5–50 |")]
    assert len(row) == 1
    measured, predicted = [float(x.split(",")[0]) for x in row[0].split("|")[5:7]]
    assert 5 < measured < 50 and 5 < predicted < 50
    with pytest.raises(SystemExit, match="no '<!-- testbed-table:begin"):
        analyze.replace_block("no markers here", text)
    doc = f"head\n{analyze.BEGIN}\nold\n{analyze.END}\ntail\n"
    assert analyze.replace_block(doc, text) == f"head\n{analyze.BEGIN}\n{text}{analyze.END}\ntail\n"


def test_pooled_crossovers_read_each_runs_device_point_against_every_runs_offload_points():
    # run A: the device and 50 Mbit/s only (no crossover of its own); run B: the device again and 5 Mbit/s
    dev = _on_device_point("poisson", 1.0, seed=1, n=20_000)
    a = _data([dev, _offload_point(50, 3)])
    b = _data([_on_device_point("poisson", 1.0, seed=4, n=20_000), _offload_point(5, 2)])
    text = analyze.pooled_crossovers(np, [("a.json.gz", a), ("b.json.gz", b)])
    rows = [line for line in text.splitlines() if line.startswith("| m | 2 |")]
    assert [r.split("|")[3].strip() for r in rows] == ["`a.json.gz`", "`b.json.gz`"]
    off5, off50 = analyze.measured(np, b["points"][1])["mean"], analyze.measured(np, a["points"][1])["mean"]
    for row, run in zip(rows, (a, b)):
        device = analyze.measured(np, run["points"][0])["mean"]
        assert off50 < device < off5
        assert row.split("|")[5].strip() == "5, 50"
        want = analyze.measured_crossover(device, [(5, off5), (50, off50)])[0]
        assert float(row.split("|")[6]) == pytest.approx(want, abs=0.05)
    # a bandwidth measured in two runs counts with the mean of the two
    c = _data([_offload_point(5, 7)])
    pooled = analyze.pooled_crossovers(np, [("a", a), ("b", b), ("c", c)])
    both = (off5 + analyze.measured(np, c["points"][0])["mean"]) / 2
    device = analyze.measured(np, dev)["mean"]
    first = [line for line in pooled.splitlines() if line.startswith("| m | 2 | `a`")][0]
    assert float(first.split("|")[6]) == pytest.approx(
        analyze.measured_crossover(device, [(5, both), (50, off50)])[0], abs=0.05)
    assert analyze.pooled_crossovers(np, [("a", _data([dev]))]) == ""


def test_md1_nic_variant_fits_deterministic_transfers_where_the_seed_m_m_1_nic_does_not(monkeypatch):
    monkeypatch.setattr(analyze, "BOOTSTRAP", 20)
    point = _offload_point(5, seed=2, n=50_000)  # uplink 252 ms per request at 2/s: rho = 0.5, deterministic
    data = _data([point])
    meas = analyze.measured(np, point)
    pred = analyze.Predictor(offload, data, np)
    mm1_mean, mm1_p99, _ = pred.predict(point)
    _, md1_mean, md1_p99 = pred.variants(point)
    assert mm1_mean > 1.2 * meas["mean"] and mm1_p99 > 1.8 * meas["p99"]  # the M/M/1 NIC's exponential tail
    assert md1_mean == pytest.approx(meas["mean"], rel=0.03)
    assert md1_p99 == pytest.approx(meas["p99"], rel=0.03)


def test_flops_service_times_redo_the_recorded_calibration_of_docs_calibration_md():
    # docs/calibration.md, recorded run: predicted ms 38.9 (resnet18), 18.6 (mobilenet_v3_small), 46.7 (alexnet)
    t = analyze.flops_service_times(offload, analyze.CALIBRATION_DATA)
    assert t["resnet18"] * 1e3 == pytest.approx(38.9, abs=0.05)
    assert t["mobilenet_v3_small"] * 1e3 == pytest.approx(18.6, abs=0.05)
    assert t["alexnet"] * 1e3 == pytest.approx(46.7, abs=0.05)
