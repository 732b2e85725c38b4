"""Decisions from Python: objectives/constraints/choose, predictions from pipelines, seed 001 tier choice,
seed 003 Algorithm 1 over E edges, the energy model; values checked against independent hand computations."""
import math

import numpy as np
import pytest

import offload


def md1_response(lam, s):
    return s + lam * s * s / (2.0 * (1.0 - lam * s))


def mm1_response(lam, mu):
    return 1.0 / (mu - lam)


# ---- seed 003 Algorithm 1 (adaptive offloading over E edges) ----------------------------------------------

TX2 = offload.AdaptiveDevice(arrival_rate=10.0, service_time=0.019, request_bytes=6500.0, result_bytes=1000.0)


def test_seed003_section_5_2_at_2_mbit():
    # seed 003 §5.2: TX2 + A2, MobileNetV2 at 10 req/s; at 2 Mbit/s the seed reports on-device 21 ms, offload 45 ms
    bw = float(offload.megabits_per_second(2.0))
    assert bw == 250000.0
    a2 = offload.AdaptiveEdge(arrival_rate=10.0, service_time=0.0055, bandwidth=bw)
    t_dev = offload.adaptive_device_latency(TX2)
    t_edge = offload.adaptive_edge_latency(TX2, a2)
    assert t_dev == pytest.approx(md1_response(10.0, 0.019), rel=1e-12)
    expected_edge = mm1_response(10.0, bw / 6500.0) + md1_response(10.0, 0.0055) + mm1_response(10.0, bw / 1000.0)
    assert t_edge == pytest.approx(expected_edge, rel=1e-12)
    assert round(t_dev * 1e3, 1) == 21.2
    assert t_edge == pytest.approx(0.045, rel=0.02)
    d = offload.adaptive_offloading(TX2, [a2])
    assert isinstance(d, offload.Decision)
    assert d.chosen.index == 0  # on-device
    assert d.chosen_option.kind == offload.OptionKind.device
    assert [o.mean for o in d.options] == [t_dev, t_edge]
    assert d.options[1].kind == offload.OptionKind.edge and d.options[1].remote == 0
    # 20 Mbit/s: offload
    fast = offload.AdaptiveEdge(10.0, 0.0055, float(offload.megabits_per_second(20.0)))
    assert offload.adaptive_offloading(TX2, [fast]).chosen.index == 1
    assert repr(d).startswith("Decision(options=[OptionPrediction(kind=OptionKind.device") and \
        "chosen=Choice(index=0" in repr(d)


def test_seed003_section_5_3_multi_edge_sequence():
    # seed 003 §5.3: TX2 + two A2 edges, YOLOv8n s_dev 50 ms, s_edge 15 ms, 50 kB up / 2 kB back at 20 Mbit/s;
    # E1's other tenants 10 -> 50 req/s at t = 80 s, E2's 30 -> 50 at t = 160 s: E1 -> E2 -> on-device
    dev = offload.AdaptiveDevice(10.0, 0.050, 50000.0, 2000.0)
    bw = float(offload.megabits_per_second(20.0))
    sequence = []
    for e1, e2 in [(10.0, 30.0), (50.0, 30.0), (50.0, 50.0)]:
        edges = [offload.AdaptiveEdge(10.0 + e1, 0.015, bw), offload.AdaptiveEdge(10.0 + e2, 0.015, bw)]
        d = offload.adaptive_offloading(dev, edges)
        sequence.append(f"E{d.chosen_option.remote + 1}" if d.chosen.index > 0 else "device")
        assert len(d.options) == 3
    assert sequence == ["E1", "E2", "device"]


def test_adaptive_vectorised_matches_objects():
    bw = np.array([2.0, 5.0, 10.0, 20.0]) * 1e6 / 8.0
    t_edge = offload.adaptive_edge_latency(10.0, 10.0, 0.0055, bw, 6500.0, 1000.0)
    expected = [offload.adaptive_edge_latency(TX2, offload.AdaptiveEdge(10.0, 0.0055, b)) for b in bw]
    np.testing.assert_allclose(t_edge, expected, rtol=1e-14)
    t_dev = offload.adaptive_device_latency(np.array([[5.0], [10.0]]), np.array([0.019, 0.02]))
    assert t_dev.shape == (2, 2)
    assert t_dev[1, 0] == pytest.approx(md1_response(10.0, 0.019), rel=1e-14)
    # unstable -> inf, never NaN
    assert offload.adaptive_device_latency(100.0, 0.019) == math.inf


def test_adaptive_unstable_edges_and_no_edges():
    d = offload.adaptive_offloading(TX2, [offload.AdaptiveEdge(200.0, 0.0055, 2.5e6)])  # edge rho 1.1
    assert d.chosen.index == 0 and d.options[1].mean == math.inf
    assert d.options[1].status == offload.PredictionStatus.unstable
    none = offload.adaptive_offloading(TX2, [])
    assert none.chosen.index == 0 and len(none.options) == 1


# ---- seed 001 tier choice ----------------------------------------------------------------------------------

ENV = offload.TierEnvironment(device_flops=1e9, edge_flops=1e10, cloud_flops=1e11, edge_unit_latency=0.01,
                              cloud_unit_latency=0.05)
WORK = offload.TierWorkload(model_flops=1e8, data_size=2.0)


def test_estimate_tier_times_by_hand():
    e = offload.estimate_tier_times(ENV, WORK)
    # I_i = s comp / CR_i, D_i = s D_iu
    assert e.inference == pytest.approx([0.2, 0.02, 0.002], rel=1e-15)
    assert e.transmission == pytest.approx([0.0, 0.02, 0.1], rel=1e-15)
    assert e.total == pytest.approx([0.2, 0.04, 0.102], rel=1e-15)
    assert e.best == offload.Tier.edge
    assert e.minimum == pytest.approx(0.04, rel=1e-15)
    # weights scale the two parts
    w = offload.estimate_tier_times(offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05, transmission_weight=10.0), WORK)
    assert w.total == pytest.approx([0.2, 0.22, 1.002], rel=1e-15)
    assert w.best == offload.Tier.device


def test_choose_tier_both_fidelities():
    s = offload.choose_tier(ENV, WORK, fidelity=offload.TierFidelity.load_free)
    assert isinstance(s, offload.Decision)
    assert offload.tier_of(s.chosen_option) == offload.Tier.edge
    assert s.options[0].status == offload.PredictionStatus.ok
    assert [o.mean for o in s.options] == pytest.approx([0.2, 0.04, 0.102])
    assert s.options[2].kind == offload.OptionKind.cloud and s.options[2].remote == 1
    # queueing at lambda = 3/s: device M/D/1 (rho 0.6); edge M/M/1 uplink (mu 50) + M/D/1 processor
    q = offload.choose_tier(ENV, WORK, offload.TierFidelity.queueing, load=offload.TierLoad(arrival_rate=3.0))
    assert q.options[0].mean == pytest.approx(md1_response(3.0, 0.2), rel=1e-12)
    assert q.options[1].mean == pytest.approx(mm1_response(3.0, 50.0) + md1_response(3.0, 0.02), rel=1e-12)
    assert offload.tier_of(q.chosen_option) == offload.Tier.edge
    # lambda -> 0 reduces to the seed's T_i
    z = offload.choose_tier(ENV, WORK, offload.TierFidelity.queueing, load=offload.TierLoad(arrival_rate=1e-9))
    assert [o.mean for o in z.options] == pytest.approx([0.2, 0.04, 0.102], rel=1e-6)
    # heavy edge background load (edge rho 0.96): the cloud wins; under p99 <= 0.7 s it is the only feasible
    # option (its p99 is about 0.66 s: M/M/1 uplink at mu 10 alone has p99 ln(100) / 7 = 0.658 s)
    busy = offload.TierLoad(arrival_rate=3.0, edge_background_rate=45.0)
    c = offload.choose_tier(ENV, WORK, offload.TierFidelity.queueing, load=busy,
                            constraints=offload.Constraints(max_p99=0.7))
    assert c.options[0].p99 > 0.7 and c.options[1].p99 > 0.7
    assert math.log(100.0) / 7.0 < c.options[2].p99 < 0.7
    assert offload.tier_of(c.chosen_option) == offload.Tier.cloud
    assert c.chosen.feasible and c.chosen.reason == offload.ChoiceReason.best_objective
    # p99 <= 0.5 s: nobody meets it; the least bad (smallest relative violation) is the cloud, and it says so
    n = offload.choose_tier(ENV, WORK, offload.TierFidelity.queueing, load=busy,
                            constraints=offload.Constraints(max_p99=0.5))
    assert offload.tier_of(n.chosen_option) == offload.Tier.cloud and not n.chosen.feasible
    assert n.chosen.reason == offload.ChoiceReason.no_option_meets_constraints


# ---- objective, constraints, choose --------------------------------------------------------------------------

def _opt(mean, p99=None, stable=None, **kw):
    return offload.OptionPrediction(mean=mean, p95=mean if p99 is None else p99,
                                    p99=mean if p99 is None else p99, stable=stable, **kw)


def test_choose_rules():
    options = [_opt(0.05, 0.20), _opt(0.03, 0.40, kind=offload.OptionKind.edge, remote=0), _opt(math.inf)]
    assert not options[2].stable
    best = offload.choose(options)
    assert best.index == 1 and best.value == 0.03 and best.feasible
    p99 = offload.choose(options, objective=offload.Objective.percentile(offload.PercentileLevel.p99))
    assert p99.index == 0 and p99.value == 0.20
    # constraint: p99 <= 0.3 -> the device
    c = offload.choose(options, constraints=offload.Constraints(max_p99=0.3))
    assert c.index == 0
    # nothing meets p99 <= 0.1: the least bad (relative violation 1.0 vs 3.0), said so
    bad = offload.choose(options, constraints=offload.Constraints(max_p99=0.1))
    assert bad.index == 0 and not bad.feasible
    assert bad.reason == offload.ChoiceReason.no_option_meets_constraints
    assert offload.constraint_violation(options[0], offload.Constraints(max_p99=0.1)) == pytest.approx(1.0)
    assert offload.constraint_violation(options[1], offload.Constraints(max_p99=0.1)) == pytest.approx(3.0)
    # all unstable: index 0, no_stable_option; empty: no_options
    none = offload.choose([_opt(math.inf), _opt(math.inf)])
    assert none.index == 0 and none.reason == offload.ChoiceReason.no_stable_option
    assert offload.choose([]).reason == offload.ChoiceReason.no_options
    assert offload.objective_value(options[2], offload.Objective()) == math.inf
    assert offload.meets(options[0], offload.Constraints(max_mean=0.05))
    assert not offload.meets(options[0], offload.Constraints(max_mean=0.049))


def test_energy_delay_objective_and_energy_model():
    m = offload.EnergyModel(local_joules_per_bit=1e-9, transmit_joules_per_bit=5e-9, remote_joules_per_bit=1e-10)
    d = 8e6
    assert float(offload.local_energy(m, d)) == pytest.approx(8e-3)
    assert float(offload.offload_energy(m, d)) == pytest.approx(d * 5e-9 + 1e-10 * d)
    f, sent = 0.25, 1e6
    assert float(offload.split_energy(m, d, f, sent)) == pytest.approx(f * d * 1e-9 + sent * 5e-9 + 1e-10 * 0.75 * d)
    np.testing.assert_allclose(offload.local_energy(m, np.array([1.0, 2.0, 4.0])), [1e-9, 2e-9, 4e-9])
    assert float(offload.energy_delay_cost(0.5, 0.1, 2.0)) == pytest.approx(0.7)
    assert float(offload.energy_delay_cost(0.5, math.inf, 0.0)) == 0.5
    assert float(offload.energy_delay_cost(0.5, math.inf, 1.0)) == math.inf
    # energy + beta E[T]: local 0.008 J + 2 * 0.05 s = 0.108; offload 0.0408 J + 2 * 0.03 = 0.1008
    local = _opt(0.05, energy=float(offload.local_energy(m, d)))
    remote = _opt(0.03, energy=float(offload.offload_energy(m, d)))
    c = offload.choose([local, remote], objective=offload.Objective.energy_delay(2.0))
    assert c.index == 1 and c.value == pytest.approx(0.0408 + 0.06)
    c = offload.choose([local, remote], objective=offload.Objective.energy_delay(0.1))
    assert c.index == 0


def test_worth_switching_vectorised():
    out = offload.worth_switching(1.0, np.array([0.96, 0.94, 0.5]), 0.05)
    assert out.tolist() == [False, True, True]
    assert bool(offload.worth_switching(math.inf, 1.0, 0.05))
    assert not bool(offload.worth_switching(0.1, 0.05, 0.05, absolute_margin=0.06))


# ---- predictions from pipelines -----------------------------------------------------------------------------

def test_predict_on_device_matches_pipeline():
    dev = offload.DnnOnDevice(arrival_rate=10.0, device=offload.ServiceDemand(0.019))
    p = offload.predict(dev, offload.PredictionOptions(deadline=0.03))
    assert p.kind == offload.OptionKind.device and p.stable
    assert p.mean == pytest.approx(md1_response(10.0, 0.019), rel=1e-12)
    assert p.p99 == pytest.approx(float(dev.latency_quantile(0.99)), rel=1e-12)
    assert p.p95 < p.p99
    assert p.deadline_miss == pytest.approx(1.0 - float(dev.latency_cdf(0.03)), abs=1e-12)
    m = offload.predict_mean(dev)
    assert m.mean == p.mean and m.p99 == math.inf


def test_predict_offload_tail_against_hypoexponential():
    # two M/M/1 stages in series (uplink mu1, exponential edge mu2): sojourn times Exp(mu1 - lam) + Exp(mu2 - lam)
    lam, mu1, mu2 = 2.0, 10.0, 25.0
    off = offload.LlmOffload(arrival_rate=lam, remote=offload.ServiceDemand(1.0 / mu2, scv=1.0),
                             link=offload.NetworkLink(mu1), sizes=offload.Payload(1.0, 0.0))
    p = offload.predict(off)
    a, b = mu1 - lam, mu2 - lam
    assert p.mean == pytest.approx(1.0 / a + 1.0 / b, rel=1e-12)

    def cdf(t):
        return 1.0 - (b * math.exp(-a * t) - a * math.exp(-b * t)) / (b - a)

    assert cdf(p.p99) == pytest.approx(0.99, abs=2e-4)
    assert cdf(p.p95) == pytest.approx(0.95, abs=2e-4)
    unstable = offload.predict(offload.DnnOnDevice(arrival_rate=100.0, device=offload.ServiceDemand(0.019)))
    assert not unstable.stable and unstable.mean == math.inf and unstable.deadline_miss == 1.0


def test_reprs():
    assert repr(offload.Objective.percentile(offload.PercentileLevel.p95)) == (
        "Objective(kind=ObjectiveKind.percentile_latency, level=PercentileLevel.p95, delay_weight=1.0)")
    assert "Constraints(max_mean=float('inf'), max_p95=float('inf'), max_p99=0.08" in repr(
        offload.Constraints(max_p99=0.08))
    assert "TierEnvironment(device_flops=1000000000.0" in repr(ENV)
    assert "best=Tier.edge" in repr(offload.estimate_tier_times(ENV, WORK))
    assert "OptionPrediction(kind=OptionKind.edge, remote=0, cut=-1, mean=0.03" in repr(
        _opt(0.03, kind=offload.OptionKind.edge, remote=0))
    assert "PredictionOptions(deadline=float('inf'), grid_points=4096" in repr(offload.PredictionOptions())


# ---- bad input -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("make, parameter", [
    (lambda: offload.TierEnvironment(-1.0, 1e10, 1e11, 0.01, 0.05), "device_flops"),
    (lambda: offload.TierEnvironment(1e9, 1e10, 1e11, -0.01, 0.05), "edge_unit_latency"),
    (lambda: offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05, processing_weight=0.0), "processing_weight"),
    (lambda: offload.TierWorkload(0.0, 1.0), "model_flops"),
    (lambda: offload.TierWorkload(1e8, math.nan), "data_size"),
    (lambda: offload.TierLoad(arrival_rate=-1.0), "arrival_rate"),
    (lambda: offload.TierLoad(cloud_background_rate=math.inf), "cloud_background_rate"),
    (lambda: offload.Objective.energy_delay(-1.0), "beta"),
    (lambda: offload.Objective.percentile(offload.PercentileLevel(9)), "level"),
    (lambda: offload.OptionPrediction(kind=offload.OptionKind(9)), "kind"),
    (lambda: offload.megabits_per_second(math.nan), "mbit_per_second"),
    (lambda: offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05).flops(offload.Tier(9)), "tier"),
    (lambda: offload.Objective(delay_weight=math.nan), "delay_weight"),
    (lambda: offload.Constraints(max_p99=math.nan), "max_p99"),
    (lambda: offload.Constraints(max_mean=-1.0), "max_mean"),
    (lambda: offload.Constraints(max_deadline_miss=1.5), "max_deadline_miss"),
    (lambda: offload.PredictionOptions(deadline=0.0), "deadline"),
    (lambda: offload.PredictionOptions(grid_points=1000), "grid_points"),
    (lambda: offload.PredictionOptions(grid_points=-4096), "grid_points"),
    (lambda: offload.PredictionOptions(tail_mass=0.1), "tail_mass"),
    (lambda: offload.OptionPrediction(mean=-1.0), "mean"),
    (lambda: offload.OptionPrediction(mean=0.1, p99=math.nan), "p99"),
    (lambda: offload.OptionPrediction(mean=0.1, deadline_miss=2.0), "deadline_miss"),
    (lambda: offload.OptionPrediction(mean=math.inf, stable=True), "mean"),
    (lambda: offload.OptionPrediction(mean=0.1, energy=-1.0), "energy"),
    (lambda: offload.adaptive_edge_latency(offload.AdaptiveDevice(10.0, 0.019, 0.0),
                                           offload.AdaptiveEdge(10.0, 0.0055, 2.5e5)), "request_bytes"),
    (lambda: offload.adaptive_offloading(TX2, [offload.AdaptiveEdge(5.0, 0.0055, 2.5e5)]), "remote_arrival_rate"),
    (lambda: offload.adaptive_offloading(TX2, [offload.AdaptiveEdge(10.0, 0.0055, 2.5e5, service_scv=-1.0)]), "scv"),
    (lambda: offload.adaptive_offloading(offload.AdaptiveDevice(-1.0, 0.019, 6500.0), []), "arrival_rate"),
    (lambda: offload.adaptive_device_latency(10.0, np.array([0.019, -1.0])), "service_time"),
    (lambda: offload.EnergyModel(-1.0, 0.0), "local_joules_per_bit"),
    (lambda: offload.EnergyModel(0.0, 0.0, math.nan), "remote_joules_per_bit"),
    (lambda: offload.local_energy(offload.EnergyModel(1.0, 1.0), -8.0), "task_bits"),
    (lambda: offload.split_energy(offload.EnergyModel(1.0, 1.0), 8.0, 1.5, 1.0), "device_fraction"),
    (lambda: offload.energy_delay_cost(1.0, math.nan, 1.0), "latency_seconds"),
    (lambda: offload.energy_delay_cost(1.0, 1.0, -1.0), "beta"),
    (lambda: offload.worth_switching(1.0, 0.5, 1.0), "margin"),
    (lambda: offload.worth_switching(math.nan, 0.5, 0.1), "current"),
])
def test_bad_input_raises_value_error_naming_the_parameter(make, parameter):
    with pytest.raises(ValueError) as info:
        make()
    assert parameter in str(info.value)
    assert "offload::" in str(info.value)


# ---- split choice over a FLOPs split table (needs the FLOPs bindings: SplitTable, presets) -------------------------

def test_choose_split_device_edge_cloud_by_hand():
    fp16 = offload.DType.fp16
    table = offload.split_points(offload.zoo.mobilenet_v2(), dtype=fp16)
    n = len(table) - 1
    tx2, a2 = offload.presets.jetson_tx2(), offload.presets.nvidia_a2()
    energy = offload.EnergyModel(local_joules_per_bit=2e-9, transmit_joules_per_bit=1e-8)
    sc = offload.SplitScenario(arrival_rate=2.0, bandwidth=float(offload.megabits_per_second(5.0)),
                               device_dtype=fp16, edge_dtype=fp16, energy=energy)
    cloud = offload.SplitCloud(profile=a2, bandwidth=float(offload.megabits_per_second(1.0)), data_type=fp16,
                               propagation=0.02)
    d = offload.choose_split(table, tx2, a2, sc, candidate_cuts=[0, n], cloud=cloud)
    assert [o.cut for o in d.options] == [0, n, -1]
    assert [o.kind for o in d.options] == [offload.OptionKind.edge, offload.OptionKind.device, offload.OptionKind.cloud]
    s_dev = offload.model_latency(tx2, table.costs, dtype=fp16)
    s_edge = offload.model_latency(a2, table.costs, dtype=fp16)
    assert d.options[1].mean == pytest.approx(md1_response(2.0, s_dev), rel=1e-12)
    payload = table[0].payload_bytes
    assert payload == 3 * 224 * 224 * 2  # the fp16 input image
    link = offload.NetworkLink(float(offload.megabits_per_second(5.0)))
    edge_path = offload.GeneralOffload(arrival_rate=2.0, remote=offload.ServiceDemand(s_edge), link=link,
                                       sizes=offload.Payload(payload, 0.0))
    assert d.options[0].mean == pytest.approx(edge_path.mean_latency(), rel=1e-12)
    # the same model on the same hardware over a slower link with 20 ms propagation each way: strictly worse
    assert d.options[2].mean > d.options[0].mean + 0.04
    means = [o.mean for o in d.options]
    assert d.chosen.index == means.index(min(means)) and d.chosen.reason == offload.ChoiceReason.best_objective
    bits = 8.0 * payload
    assert d.options[0].energy == pytest.approx(float(offload.split_energy(energy, bits, 0.0, bits)))
    assert d.options[1].energy == pytest.approx(float(offload.local_energy(energy, bits)))
    # default candidates: the single-tensor cuts and cut n
    full = offload.choose_split(table, tx2, a2, sc)
    cuts = [o.cut for o in full.options]
    assert cuts[-1] == n and set(table.single_tensor_cuts()) <= set(cuts)
    bw = float(offload.megabits_per_second(5.0))
    for k, o in zip(cuts, full.options):  # early cuts send big tensors: the uplink saturates (rho >= 1)
        assert o.stable == (k == n or 2.0 * table[k].payload_bytes < bw)
        assert o.cut == k
    assert not all(o.stable for o in full.options) and full.options[full.chosen.index].stable
    with pytest.raises(ValueError, match="scenario.bandwidth"):
        offload.choose_split(table, tx2, a2, offload.SplitScenario(arrival_rate=2.0, bandwidth=0.0))
    with pytest.raises(ValueError, match=r"candidate_cuts\[i\]"):
        offload.choose_split(table, tx2, a2, sc, candidate_cuts=[n + 5])


# ---- numerical edge cases ---------------------------------------------------------------------------------------------

def test_near_deterministic_service_next_to_saturation_has_tails():
    # M/G/1 with a near-deterministic service (scv 1e-9) at rho = 1 - 1e-9 once failed its Cramer-Lundberg root
    # finding (a RuntimeError); now its tails exist: P-K mean rho s (1 + c) / (2 (1 - rho)) + s, and at this load
    # the wait is nearly exponential (rate 2 (1 - rho) / (s (1 + c)) as rho -> 1), so p99 ~ E[W] ln(100)
    dev = offload.GeneralOnDevice(arrival_rate=(1.0 - 1e-9) / 0.1, device=offload.ServiceDemand(0.1, scv=1e-9))
    p = offload.predict(dev)
    wait = (1.0 - 1e-9) * 0.1 / (2.0 * 1e-9)
    assert p.mean == pytest.approx(wait + 0.1, rel=1e-6)
    assert p.p99 == pytest.approx(wait * math.log(100.0), rel=1e-3)
    assert p.p95 == pytest.approx(wait * math.log(20.0), rel=1e-3)



def test_prediction_status_and_equality():
    ok = offload.OptionPrediction(mean=0.03)
    assert ok.status == offload.PredictionStatus.ok and ok.stable
    assert offload.OptionPrediction().status == offload.PredictionStatus.unstable
    failed = offload.OptionPrediction(mean=0.03, status=offload.PredictionStatus.tails_failed)
    assert failed.status == offload.PredictionStatus.tails_failed and failed.stable
    assert ok == offload.OptionPrediction(mean=0.03) and ok != failed
    assert "status=PredictionStatus.tails_failed" in repr(failed)
    # choose() with every default (mean-latency objective, no constraints)
    assert offload.choose([failed, offload.OptionPrediction(mean=0.02)]).index == 1
