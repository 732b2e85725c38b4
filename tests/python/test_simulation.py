"""The simulator from Python (offload.sim): simulated means and percentiles inside their confidence intervals
of the analytic values, builders, blocking, batch means, samples, and every kind of bad input."""
import math
import threading

import numpy as np
import pytest

import offload
from offload import sim

OPTIONS = sim.RunOptions(seed=11, requests=40000, warmup_requests=5000, replications=10)


def test_import_forms():
    import offload.sim as s2
    from offload.sim import simulate
    assert s2 is sim and simulate is sim.simulate


def test_mm1_mean_and_p99_inside_ci():
    lam, mu = 8.0, 10.0
    net = sim.single_station(sim.exponential(1.0 / lam), sim.exponential(1.0 / mu))
    r = sim.simulate(net, OPTIONS)
    t = r.tenant("tenant").latency
    exact = offload.MM1.from_rates(lam, mu)
    assert exact.mean_response() == pytest.approx(0.5)
    assert t.mean_response.contains(exact.mean_response()), t.mean_response
    assert 0.0 < t.mean_response.half_width < 0.05 * exact.mean_response()
    p99 = t.response_percentile(0.99)
    assert p99.contains(math.log(100.0) / (mu - lam)), p99
    assert t.response_percentiles[0.99].value == p99.value
    assert t.mean_wait.contains(exact.mean_wait())
    st = r.station("station")
    assert st.utilization.contains(0.8)
    assert st.offered_load == pytest.approx(0.8)
    assert r.stable and r.cells == 10 and t.samples == 10 * 40000
    assert repr(r).startswith("SimulationResult(tenants=[TenantResult(name='tenant', latency=LatencyStats(")
    assert repr(r).endswith(f"cells=10, events={r.events}, request_stages={r.request_stages}, "
                            f"simulated_time={r.simulated_time!r}, stable=True)")


def test_md1_and_edge_offload_against_pipelines():
    lam, s = 6.0, 0.1
    md1 = sim.simulate(sim.on_device(sim.exponential(1.0 / lam), sim.deterministic(s)), OPTIONS)
    assert md1.tenant("device").latency.mean_response.contains(offload.MD1(lam, s).mean_response())
    assert offload.MD1(lam, s).mean_response() == pytest.approx(s + lam * s * s / (2.0 * (1.0 - lam * s)))
    # seed 003 Fig. 1a with an M/M/1 NIC (Poisson output, Burke) then an M/D/1 edge and no result: exact
    lam, req, bw, s_edge = 5.0, 1e5, 1e6, 0.05
    path = sim.OffloadPath(interarrival=sim.exponential(1.0 / lam), uplink=sim.exponential(req / bw),
                           edge_service=sim.deterministic(s_edge))
    r = sim.simulate(sim.edge_offload(path), OPTIONS)
    pipe = offload.DnnOffload(arrival_rate=lam, remote=offload.ServiceDemand(s_edge), link=offload.NetworkLink(bw),
                              sizes=offload.Payload(req, 0.0))
    assert r.tenant("device").latency.mean_response.contains(pipe.mean_latency())
    assert [st.name for st in r.stations] == ["device_nic", "edge", "edge_nic"]
    assert r.station("edge").latency.mean_wait.contains(pipe.breakdown().remote_wait)


def test_blocking_mm1k_and_batch_means():
    lam, mu, k = 9.0, 10.0, 5
    opt = sim.RunOptions(seed=5, requests=200000, warmup_requests=5000, method=sim.CiMethod.batch_means, batches=20)
    r = sim.simulate(sim.single_station(sim.exponential(1.0 / lam), sim.exponential(1.0 / mu), capacity=k), opt)
    exact = offload.MM1K.from_rates(lam, mu, k)
    flow = r.tenant("tenant").flow
    assert flow.blocking_probability.contains(exact.blocking_probability()), flow.blocking_probability
    assert r.method == sim.CiMethod.batch_means and r.cells == 20
    assert flow.blocked > 0 and flow.arrivals == 200000
    assert r.tenant("tenant").latency.mean_response.contains(exact.mean_response())


def test_multi_tenant_edge_and_overload():
    tenants = [sim.EdgeTenant(name=f"d{i}", interarrival=sim.exponential(0.25), uplink=sim.deterministic(0.001),
                              edge_service=sim.deterministic(0.05)) for i in range(3)]
    net = sim.multi_tenant_edge(tenants)
    assert net.offered_load(net.station_index("edge")) == pytest.approx(3 * 4.0 * 0.05)
    assert not net.is_overloaded(net.station_index("edge"))
    overloaded = sim.single_station(sim.exponential(0.1), sim.deterministic(0.2))
    r = sim.simulate(overloaded, sim.RunOptions(requests=1000, warmup_requests=0, replications=2))
    assert not r.stable and r.stations[0].overloaded
    assert r.tenant("tenant").latency.mean_response.value == math.inf  # never NaN


def test_keep_samples_and_empirical_quantiles():
    opt = sim.RunOptions(seed=3, requests=20000, warmup_requests=2000, replications=2, keep_samples=True)
    r = sim.simulate(sim.single_station(sim.exponential(0.5), sim.uniform(0.1, 0.3)), opt)
    lat = r.tenant("tenant").latency
    xs = lat.sorted_response_samples
    assert len(xs) == 40000 and np.all(np.diff(xs) >= 0)
    q = lat.empirical_response_quantile(np.array([0.5, 0.99]))
    assert q.shape == (2,) and q[0] == xs[19999] and q[1] == xs[39599]
    assert float(lat.empirical_response_cdf(q[0])) == pytest.approx(0.5, abs=1e-3)


def test_distributions_and_rng():
    g = sim.gamma(mean_seconds=0.2, scv=0.25)
    assert g.kind == sim.DistributionKind.gamma and g.parameter(0) == pytest.approx(4.0)
    assert g.variance == pytest.approx(0.25 * 0.04) and g.second_moment == pytest.approx(0.04 * 1.25)
    assert sim.erlang(4, 0.2).scv == pytest.approx(0.25)
    e = sim.empirical([0.1, 0.2, 0.3])
    assert e.mean == pytest.approx(0.2) and e.samples == [0.1, 0.2, 0.3]
    a, b = sim.Rng(7), sim.Rng(7)
    assert [a() for _ in range(3)] == [b() for _ in range(3)]
    x = sim.exponential(2.0).sample(sim.Rng(1), size=200000)
    assert x.shape == (200000,) and x.mean() == pytest.approx(2.0, rel=0.02)
    assert np.all(sim.deterministic(0.3).sample(sim.Rng(1), 5) == 0.3)
    assert repr(g) == ("Distribution(kind=DistributionKind.gamma, mean=0.2, scv=0.25, parameters=[4.0, 0.05, 0.0], "
                       "samples=[])")


def test_custom_network_and_tandem():
    net = sim.Network()
    s0 = net.add_station(sim.Station("cpu", servers=2))
    s1 = net.add_station(sim.Station.delay("wire"))
    net.add_tenant(sim.Tenant("a", sim.exponential(0.1), [sim.Visit(s0, sim.exponential(0.15)),
                                                            sim.Visit(s1, sim.deterministic(0.01))]))
    r = sim.simulate(net, OPTIONS)
    # M/M/2 then a pure delay
    assert r.tenant("a").latency.mean_response.contains(offload.MMC.from_rates(10.0, 1.0 / 0.15, 2).mean_response() + 0.01)
    t = sim.tandem(sim.exponential(0.5), [sim.TandemStage(sim.Station("x"), sim.exponential(0.1)),
                                          sim.TandemStage(sim.Station("y"), sim.exponential(0.2))])
    rt = sim.simulate(t, OPTIONS)
    # Jackson tandem: sum of M/M/1 responses
    assert rt.tenant("tenant").latency.mean_response.contains(1.0 / (10.0 - 2.0) + 1.0 / (5.0 - 2.0))


def test_simulate_releases_the_gil():
    net = sim.single_station(sim.exponential(0.125), sim.exponential(0.1))
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("r", sim.simulate(net, OPTIONS)))
    thread.start()
    thread.join()
    ref = sim.simulate(net, OPTIONS)  # deterministic for a seed
    assert out["r"].tenant("tenant").latency.mean_response.value == ref.tenant("tenant").latency.mean_response.value


@pytest.mark.parametrize("make, parameter", [
    (lambda: sim.exponential(-1.0), "mean_seconds"),
    (lambda: sim.deterministic(math.nan), "value_seconds"),
    (lambda: sim.gamma(1.0, 0.0), "scv"),
    (lambda: sim.erlang(2.5, 1.0), "phases"),
    (lambda: sim.uniform(0.3, 0.1), "high_seconds"),
    (lambda: sim.hyperexponential2(1.0, 0.5), "scv"),
    (lambda: sim.empirical([]), "samples_seconds.size()"),
    (lambda: sim.empirical([0.1, -0.2]), "samples_seconds[i]"),
    (lambda: sim.Station("s", servers=1.5), "servers"),
    (lambda: sim.Station("s", servers=2, capacity=1), "capacity"),
    (lambda: sim.Station(""), "name"),
    (lambda: sim.Tenant("t", sim.exponential(1.0), []), "route.size()"),
    (lambda: sim.Tenant("t", sim.deterministic(0.0), [sim.Visit(0, sim.exponential(1.0))]), "interarrival"),
    (lambda: sim.Network().add_tenant(sim.Tenant("t", sim.exponential(1.0), [sim.Visit(0, sim.exponential(1.0))])),
     "route[i].station"),
    (lambda: sim.simulate(sim.Network()), "network.tenants().size()"),
    (lambda: sim.simulate(sim.single_station(sim.exponential(1.0), sim.exponential(0.5)),
                          sim.RunOptions(replications=1)), "options.replications"),
    (lambda: sim.simulate(sim.single_station(sim.exponential(1.0), sim.exponential(0.5)),
                          sim.RunOptions(confidence=1.5)), "options.confidence"),
    (lambda: sim.simulate(sim.single_station(sim.exponential(1.0), sim.exponential(0.5)),
                          sim.RunOptions(percentiles=[0.5, 1.0])), "options.percentiles[i]"),
    (lambda: sim.simulate(sim.single_station(sim.exponential(1.0), sim.exponential(0.5)),
                          sim.RunOptions(requests=0)), "options.requests"),
    (lambda: sim.single_station(sim.exponential(1.0), sim.exponential(0.5)).station_index("nope"), "name"),
    (lambda: sim.single_station(sim.exponential(1.0), sim.exponential(0.5)).offered_load(3), "station_idx"),
    (lambda: sim.edge_offload(sim.OffloadPath(sim.exponential(1.0), sim.exponential(0.1), sim.exponential(0.1),
                                              propagation=-1.0)), "propagation"),
    (lambda: sim.Distribution().parameter(5), "'i'"),
    (lambda: sim.Visit(-1, sim.exponential(1.0)), "station"),
    (lambda: sim.single_station(sim.exponential(1.0), sim.exponential(0.5)).offered_load(-1), "station_idx"),
    (lambda: sim.RunOptions(seed=-1), "seed"),
    (lambda: sim.exponential(1.0).sample(sim.Rng(1), size=-1), "size"),
])
def test_bad_input_raises_value_error_naming_the_parameter(make, parameter):
    with pytest.raises(ValueError) as info:
        make()
    assert parameter in str(info.value) and "offload::sim::" in str(info.value)


def test_bad_lookups_in_results():
    r = sim.simulate(sim.single_station(sim.exponential(1.0), sim.exponential(0.5)),
                     sim.RunOptions(requests=2000, warmup_requests=100, replications=2))
    lat = r.tenant("tenant").latency
    for call, parameter in [(lambda: r.tenant("nope"), "name"), (lambda: r.station("nope"), "name"),
                            (lambda: lat.response_percentile(0.42), "'p'"),
                            (lambda: lat.empirical_response_quantile(0.5), "sorted_response_samples.size()"),
                            (lambda: r.stations[0].tenant("nope"), "name")]:
        with pytest.raises(ValueError, match=parameter.replace("(", r"\(").replace(")", r"\)")):
            call()


def test_station_counts_are_integers():
    # C++ takes int servers/capacity (sim::unlimited for an unlimited buffer); Python converts and checks them
    st = sim.Station("edge", servers=2, capacity=10)
    assert st.servers == 2 and isinstance(st.servers, int) and st.capacity == 10 and isinstance(st.capacity, int)
    assert repr(st) == "Station(name='edge', servers=2, capacity=10)"
    assert sim.Station("nic").capacity == math.inf and sim.Station.delay("d").servers == math.inf
    assert sim.Station("a", 2.0) == sim.Station("a", 2) and sim.Station("a", 2) != sim.Station("a", 3)
    for call, parameter in [
        (lambda: sim.Station("s", 1.5), "'servers' = 1.5"),
        (lambda: sim.Station("s", math.nan), "'servers'"),
        (lambda: sim.Station("s", math.inf, 5), "'servers'"),  # inf servers only for the delay station
        (lambda: sim.Station("s", 1e300), "'servers'"),
        (lambda: sim.Station("s", 0), "'servers' = 0"),
        (lambda: sim.Station("s", 1, 2.5), "'capacity' = 2.5"),
        (lambda: sim.Station("s", 3, 2), "'capacity' = 2"),
        (lambda: sim.single_station(sim.exponential(1.0), sim.exponential(0.5), servers=2.5), "'servers' = 2.5"),
        (lambda: sim.single_station(sim.exponential(1.0), sim.exponential(0.5), capacity=1e12), "'capacity'"),
        (lambda: sim.on_device(sim.exponential(1.0), sim.exponential(0.5), device_servers=0.5), "'device_servers'"),
        (lambda: sim.OffloadPath(sim.exponential(1.0), sim.exponential(0.1), sim.exponential(0.5),
                                 edge_capacity=-1), "'edge_capacity'"),
        (lambda: sim.SplitPath(sim.exponential(1.0), sim.exponential(0.1), sim.exponential(0.1),
                               sim.exponential(0.5), edge_servers=1.5), "'edge_servers'"),
        (lambda: sim.multi_tenant_edge([], edge_servers=math.nan), "'edge_servers'"),
    ]:
        with pytest.raises(ValueError, match=parameter):
            call()
    p = sim.OffloadPath(sim.exponential(1.0), sim.exponential(0.1), sim.exponential(0.5), edge_servers=2)
    assert p.edge_servers == 2 and p.edge_capacity == math.inf
