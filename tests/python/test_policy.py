"""The policy object from Python: estimators by hand, the seed 003 §5.2 / §5.3 case-study replays, predictions
against the pipelines, bad measurements, and concurrent use (measurement calls release the GIL)."""
import math
import threading

import pytest

import offload


def mbit(x):
    return float(offload.megabits_per_second(x))


# ---- estimators ------------------------------------------------------------------------------------------------

def test_sliding_window_rate():
    r = offload.SlidingWindowRate(window_seconds=10.0)
    assert r.rate(1.0) is None
    for i in range(10):
        r.observe(0.5 * i)  # 10 arrivals in [0, 4.5]
    assert r.rate(5.0) == pytest.approx(10 / 5.0)  # shorter than the window: over the 5 s seen
    assert r.rate(12.0) == pytest.approx(5 / 10.0)  # arrivals in (2, 12]: t = 2.5 ... 4.5
    assert r.observations == 10 and r.last_time == 4.5
    r.observe(1.0)  # late: counted at the newest time
    assert r.last_time == 4.5 and r.observations == 11


def test_ewma_and_running_moments():
    e = offload.Ewma(weight=0.5)
    assert e.value is None
    e.observe(10.0, 0.0)
    e.observe(20.0, 1.0)
    assert e.value == 15.0 and e.observations == 2 and e.last_time == 1.0
    e.reset()
    assert e.value is None
    m = offload.RunningMoments(prior_mean=1.0, prior_variance=0.0, weight=0.05)
    m.observe(3.0, 0.0)  # weight max(0.05, 1/2): mean 2, variance (1 - 1/2)(0 + 2 * 1) = 1
    assert m.mean == pytest.approx(2.0) and m.variance == pytest.approx(1.0) and m.scv == pytest.approx(0.25)
    m.reset()
    assert m.mean == 1.0 and m.observations == 0


# ---- the seed 003 §5.2 case study (examples/case_study_bandwidth.cpp) --------------------------------------------

def section_5_2_policy():
    a2 = offload.PolicyRemote(name="A2 edge", demand=offload.ServiceDemand(0.0055), bandwidth=mbit(20.0))
    options = offload.PolicyOptions(bandwidth_weight=0.5, hysteresis_margin=0.05, min_dwell=1.0)
    return offload.OffloadPolicy(device=offload.ServiceDemand(0.019),
                                 workload=offload.PolicyWorkload(request_bytes=6500.0, arrival_rate=10.0,
                                                                 result_bytes=1000.0),
                                 remotes=[a2], options=options)


def test_section_5_2_bandwidth_drop_replay():
    policy = section_5_2_policy()
    assert policy.option_count == 2

    def bandwidth_at(t):
        return 20.0 if t < 20.0 else 10.0 if t < 40.0 else 2.0 if t < 60.0 else 20.0

    last, switches, switch_times, at_2mbit = None, 0, [], None
    for step in range(800):  # one request every 0.1 s for 80 s, a 6.5 kB bandwidth probe each second
        t = 0.1 * step
        if step % 10 == 0:
            policy.observe_transfer(0, t, 6500.0, 6500.0 / mbit(bandwidth_at(t)))
        policy.observe_request(t)
        d = policy.decide(t)
        where = "device" if d.chosen_option.kind == offload.OptionKind.device else "offload"
        if last is not None and where != last:
            switches += 1
            switch_times.append(round(t, 1))
        last = where
        if step == 550:
            at_2mbit = policy.predictions()
    assert switches == 2
    # to on-device one probe after the drop to 2 Mbit/s (the EWMA needs a second sample), back with the first
    # 20 Mbit/s probe at t = 60 s
    assert switch_times == [41.0, 60.0]
    # predictions at 2 Mbit/s: on-device 21.2 ms, offload 44.8 ms (seed: 21 / 45)
    assert round(at_2mbit[0].mean * 1e3, 1) == 21.2
    assert round(at_2mbit[1].mean * 1e3, 1) == 44.8
    assert at_2mbit[0].p99 > at_2mbit[0].mean and at_2mbit[1].p99 > at_2mbit[1].mean


def test_predictions_are_the_pipelines():
    policy = section_5_2_policy()
    p = policy.predictions()
    dev = offload.DnnOnDevice(arrival_rate=10.0, device=offload.ServiceDemand(0.019))
    assert p[0].mean == pytest.approx(dev.mean_latency(), rel=1e-12)
    link = offload.NetworkLink(mbit(20.0))
    off = offload.GeneralOffload(arrival_rate=10.0, remote_arrival_rate=10.0, remote=offload.ServiceDemand(0.0055),
                                 uplink=link, downlink=link, sizes=offload.Payload(6500.0, 1000.0))
    assert p[1].mean == pytest.approx(off.mean_latency(), rel=1e-12)
    assert p[1].kind == offload.OptionKind.edge and p[1].remote == 0
    d = policy.decide(0.0)
    assert d.chosen.index == 1 and d.chosen.reason == offload.ChoiceReason.best_objective
    assert d.chosen_option == p[1] and d.chosen_option.status == offload.PredictionStatus.ok
    assert policy.model_failures() == 0 and policy.model_failures(1) == 0 and policy.last_failure(0) == ""
    assert d.version == policy.version and not hasattr(d, "mean_latency")
    e = policy.estimates()
    assert e.arrival_rate == 10.0 and e.bandwidth == [mbit(20.0)] and e.device_service == 0.019
    assert "OffloadPolicy(2 options" in repr(policy)
    assert repr(d).startswith("PolicyDecision(chosen=Choice(index=1, reason=ChoiceReason.best_objective, ")
    assert "kind=OptionKind.edge" in repr(d) and repr(d).endswith(", version=1)")
    with pytest.raises(ValueError, match="option"):
        policy.model_failures(2)


# ---- the seed 003 §5.3 case study (examples/case_study_multi_edge.cpp) -------------------------------------------

def test_section_5_3_multi_edge_replay():
    remotes = [offload.PolicyRemote(name=n, demand=offload.ServiceDemand(0.015), bandwidth=mbit(20.0))
               for n in ("E1", "E2")]
    policy = offload.OffloadPolicy(
        offload.PolicyDescription(device=offload.ServiceDemand(0.050),
                                  workload=offload.PolicyWorkload(request_bytes=50000.0, arrival_rate=10.0,
                                                                  result_bytes=2000.0),
                                  remotes=remotes, options=offload.PolicyOptions(min_dwell=2.0)))

    def load(t):
        return (10.0 if t < 80.0 else 50.0, 30.0 if t < 160.0 else 50.0)

    last, switches, seen = None, 0, {}
    for step in range(2400):  # 10 req/s for 240 s, load reports every 5 s
        t = 0.1 * step
        if step % 50 == 0:
            e1, e2 = load(t)
            policy.report_edge_load(0, t, e1)
            policy.report_edge_load(1, t, e2)
        policy.observe_request(t)
        d = policy.decide(t)
        where = "device" if d.chosen_option.kind == offload.OptionKind.device else f"E{d.chosen_option.remote + 1}"
        if last is not None and where != last:
            switches += 1
        last = where
        if step in (790, 1590, 2390):
            seen[step] = where
    assert [seen[790], seen[1590], seen[2390]] == ["E1", "E2", "device"]
    assert switches == 2
    assert policy.estimates().background_rate == [50.0, 50.0]


# ---- splits, energy, constraints -----------------------------------------------------------------------------------

def test_split_option_and_energy():
    m = offload.EnergyModel(local_joules_per_bit=1e-9, transmit_joules_per_bit=2e-9)
    split = offload.PolicySplit(remote=0, cut=7, device_part=offload.ServiceDemand(0.005),
                                remote_part=offload.ServiceDemand(0.004), payload_bytes=3000.0, device_fraction=0.25)
    policy = offload.OffloadPolicy(
        device=offload.ServiceDemand(0.019),
        workload=offload.PolicyWorkload(request_bytes=6500.0, arrival_rate=10.0),
        remotes=[offload.PolicyRemote("edge", offload.ServiceDemand(0.0055), mbit(20.0))], splits=[split],
        options=offload.PolicyOptions(energy=m, tails=False))
    p = policy.predictions()
    assert [o.kind for o in p] == [offload.OptionKind.device, offload.OptionKind.edge, offload.OptionKind.split]
    assert p[2].cut == 7 and p[2].remote == 0
    bits = 8.0 * 6500.0
    assert p[0].energy == pytest.approx(float(offload.local_energy(m, bits)))
    assert p[1].energy == pytest.approx(float(offload.offload_energy(m, bits)))
    assert p[2].energy == pytest.approx(float(offload.split_energy(m, bits, 0.25, 8.0 * 3000.0)))
    assert p[0].p99 == math.inf  # tails=False: means only
    link = offload.NetworkLink(mbit(20.0))
    sp = offload.GeneralSplit(arrival_rate=10.0, remote_arrival_rate=10.0, device_part=offload.ServiceDemand(0.005),
                              remote_part=offload.ServiceDemand(0.004), uplink=link, downlink=link,
                              sizes=offload.Payload(3000.0, 0.0))
    assert p[2].mean == pytest.approx(sp.mean_latency(), rel=1e-12)


def test_constraint_nobody_meets_is_reported():
    policy = offload.OffloadPolicy(
        device=offload.ServiceDemand(0.019), workload=offload.PolicyWorkload(6500.0, arrival_rate=10.0),
        remotes=[offload.PolicyRemote("edge", offload.ServiceDemand(0.0055), mbit(20.0))],
        options=offload.PolicyOptions(constraints=offload.Constraints(max_p99=0.001)))
    d = policy.decide(0.0)
    assert not d.chosen.feasible and d.chosen.reason == offload.ChoiceReason.no_option_meets_constraints


# ---- bad input -------------------------------------------------------------------------------------------------------

def test_implausible_measurements_are_dropped_and_change_nothing():
    policy = section_5_2_policy()
    before = [(o.mean, o.p99) for o in policy.predictions()]
    policy.observe_transfer(0, 1.0, 1e13, 1.0)          # 10^13 B/s > max_bandwidth
    policy.observe_device_service(1.0, 0.019 * 5000.0)  # 5000x the static time > max_service_factor
    assert policy.dropped_measurements == 2
    assert [(o.mean, o.p99) for o in policy.predictions()] == before


@pytest.mark.parametrize("call, parameter", [
    (lambda p: p.observe_transfer(1, 0.0, 100.0, 1.0), "remote"),
    (lambda p: p.observe_transfer(-1, 0.0, 100.0, 1.0), "remote"),
    (lambda p: p.observe_transfer(0, 0.0, -100.0, 1.0), "bytes"),
    (lambda p: p.observe_transfer(0, 0.0, 100.0, 0.0), "seconds"),
    (lambda p: p.observe_transfer(0, math.nan, 100.0, 1.0), "'t'"),
    (lambda p: p.observe_device_service(0.0, math.nan), "seconds"),
    (lambda p: p.observe_remote_service(3, 0.0, 0.01), "remote"),
    (lambda p: p.report_edge_load(0, 0.0, -1.0), "other_tenants_rate"),
    (lambda p: p.report_edge_load(0, 0.0, 1.0, other_service_scv=math.inf), "other_service_scv"),
    (lambda p: p.observe_request(-1.0), "'t'"),
    (lambda p: p.refresh(math.inf), "now"),
])
def test_bad_measurements_raise_value_error(call, parameter):
    policy = section_5_2_policy()
    before = [o.mean for o in policy.predictions()]
    with pytest.raises(ValueError) as info:
        call(policy)
    assert parameter in str(info.value) and "offload::" in str(info.value)
    assert [o.mean for o in policy.predictions()] == before


def _build(**changes):
    kw = dict(device=offload.ServiceDemand(0.019), workload=offload.PolicyWorkload(6500.0, arrival_rate=10.0),
              remotes=[offload.PolicyRemote("edge", offload.ServiceDemand(0.0055), mbit(20.0))])
    kw.update(changes)
    return offload.OffloadPolicy(**kw)


@pytest.mark.parametrize("make, parameter", [
    # a ServiceDemand validates itself when it is built (API 1.0), before the policy sees it
    (lambda: _build(device=offload.ServiceDemand(0.0)), "offload::service_demand: parameter 'mean_seconds'"),
    (lambda: _build(remotes=[offload.PolicyRemote("e", offload.ServiceDemand(0.005), 0.0)]), "remotes[0].bandwidth"),
    (lambda: _build(remotes=[offload.PolicyRemote("e", offload.ServiceDemand(0.005), 1e6,
                                                  kind=offload.OptionKind.split)]), "remotes[0].kind"),
    (lambda: _build(splits=[offload.PolicySplit(3, 1, offload.ServiceDemand(0.01), offload.ServiceDemand(0.01),
                                                100.0)]), "splits[0].remote"),
    (lambda: offload.PolicySplit(-1, 1, offload.ServiceDemand(0.01), offload.ServiceDemand(0.01), 100.0), "remote"),
    (lambda: _build(workload=offload.PolicyWorkload(0.0)), "workload.request_bytes"),
    (lambda: _build(options=offload.PolicyOptions(hysteresis_margin=1.0)), "options.hysteresis_margin"),
    (lambda: _build(options=offload.PolicyOptions(rate_window=0.0)), "options.rate_window"),
    (lambda: _build(options=offload.PolicyOptions(grid_points=1000)), "options.convolution.grid_points"),
    (lambda: _build(options=offload.PolicyOptions(deadline=-1.0)), "options.deadline"),
    (lambda: _build(options=offload.PolicyOptions(max_service_factor=1.0)), "options.max_service_factor"),
    (lambda: _build(remotes=[offload.PolicyRemote(str(i), offload.ServiceDemand(0.005), 1e6) for i in range(16)]),
     "options"),
    (lambda: offload.SlidingWindowRate(0.0), "window_seconds"),
    (lambda: offload.SlidingWindowRate(1.0, capacity=1), "capacity"),
    (lambda: offload.SlidingWindowRate(1.0, capacity=-2), "capacity"),
    (lambda: offload.PolicyOptions(rate_capacity=-1), "options.rate_capacity"),
    (lambda: offload.PolicyOptions(grid_points=-1), "options.convolution.grid_points"),
    (lambda: offload.Ewma(1.5), "weight"),
    (lambda: offload.RunningMoments(-1.0, 0.0, 0.5), "prior_mean"),
    (lambda: offload.Ewma(0.5).observe(math.inf, 0.0), "'x'"),
])
def test_bad_description_raises_value_error(make, parameter):
    with pytest.raises(ValueError) as info:
        make()
    assert parameter in str(info.value) and "offload::" in str(info.value)


# ---- concurrency through Python threads --------------------------------------------------------------------------------

def test_decide_while_another_thread_measures():
    # bandwidth_weight 1: every probe sets the bandwidth exactly, so each published snapshot is one of two states
    policy = offload.OffloadPolicy(
        device=offload.ServiceDemand(0.019), workload=offload.PolicyWorkload(6500.0, arrival_rate=10.0),
        remotes=[offload.PolicyRemote("edge", offload.ServiceDemand(0.0055), mbit(20.0))],
        options=offload.PolicyOptions(bandwidth_weight=1.0, hysteresis_margin=0.0))
    fast = policy.predictions()[1].mean
    policy.observe_transfer(0, 0.0, 6500.0, 6500.0 / mbit(2.0))
    slow = policy.predictions()[1].mean
    assert slow > fast
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set() and i < 400:
            rate = 20.0 if i % 2 == 0 else 2.0
            policy.observe_transfer(0, 0.0, 6500.0, 6500.0 / mbit(rate))
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    seen = set()
    try:
        for _ in range(2000):
            p = policy.predictions()
            seen.add(p[1].mean)
            d = policy.decide(1.0)
            assert d.chosen.index in (0, 1)
    finally:
        stop.set()
        thread.join()
    assert seen <= {fast, slow}
    assert policy.version >= 2


# ---- cost per request (issue 16) ---------------------------------------------------------------------------------

def test_remote_cost_reaches_predictions_and_the_cost_objective():
    cheap = offload.PolicyRemote(name="on-prem", demand=offload.ServiceDemand(0.015), bandwidth=mbit(20.0),
                                 cost_per_request=1e-5)
    fast = offload.PolicyRemote(name="cloud", demand=offload.ServiceDemand(0.002), bandwidth=mbit(20.0),
                                kind=offload.OptionKind.cloud, cost_per_request=8e-4)
    assert fast.cost_per_request == 8e-4 and "cost_per_request" in offload.PolicyRemote.__init__.__doc__

    def policy(objective):
        return offload.OffloadPolicy(device=offload.ServiceDemand(0.050),
                                     workload=offload.PolicyWorkload(request_bytes=50000.0, arrival_rate=5.0,
                                                                     result_bytes=2000.0),
                                     remotes=[cheap, fast], options=offload.PolicyOptions(objective=objective))

    by_mean, by_cost = policy(offload.Objective.mean_latency()), policy(offload.Objective.cost())
    costs = [o.cost for o in by_mean.predictions()]
    assert costs == [0.0, 1e-5, 8e-4]  # the device costs nothing per request
    assert by_mean.decide(0.0).chosen_option.remote == 1  # the faster server wins on the mean
    assert by_cost.decide(0.0).chosen_option.kind == offload.OptionKind.device  # free beats both servers
    with pytest.raises(ValueError, match=r"remotes\[0\]\.cost_per_request"):
        offload.OffloadPolicy(device=offload.ServiceDemand(0.050),
                              workload=offload.PolicyWorkload(request_bytes=5e4, arrival_rate=5.0, result_bytes=2e3),
                              remotes=[offload.PolicyRemote("x", offload.ServiceDemand(0.01), mbit(20.0),
                                                            cost_per_request=-1.0)])
def test_value_types_compare_with_eq():
    # defaulted operator== in C++ (issue 19 §1), bound as __eq__
    a = offload.PolicyRemote(name="edge", demand=offload.ServiceDemand(0.0055), bandwidth=mbit(20.0))
    assert a == offload.PolicyRemote(name="edge", demand=offload.ServiceDemand(0.0055), bandwidth=mbit(20.0))
    assert a != offload.PolicyRemote(name="edge", demand=offload.ServiceDemand(0.0055, 1.0), bandwidth=mbit(20.0))
    assert offload.PolicyOptions() == offload.PolicyOptions()
    assert offload.NetworkLink(1e6, 0.01) == offload.NetworkLink(1e6, 0.01)
    assert offload.NetworkLink(1e6, 0.01) != offload.NetworkLink(1e6, 0.02)
    assert offload.Payload(1e5, 0.0) == offload.Payload(1e5, 0.0)
    assert offload.CrossoverOptions() == offload.CrossoverOptions()
    assert offload.presets.raspberry_pi_4b() == offload.presets.raspberry_pi_4b()
    assert offload.presets.raspberry_pi_4b() != offload.presets.jetson_tx2()
    assert offload.Conv2d(3, 16, 3, padding=1) == offload.Conv2d(3, 16, 3, padding=1)
    assert offload.Conv2d(3, 16, 3, padding=1) != offload.Conv2d(3, 16, 3, padding=0)
