import math

import numpy as np
import pytest

import offload


def _pair(bandwidth=1e6, lam=2.0):
    dev = offload.DnnOnDevice(arrival_rate=lam, device=offload.ServiceDemand(0.2))
    off = offload.DnnOffload(arrival_rate=lam, remote=offload.ServiceDemand(0.02),
                             link=offload.NetworkLink(bandwidth), sizes=offload.Payload(1e5, 0.0))
    return dev, off


def test_on_device_is_md1():
    dev, _ = _pair()
    assert dev.mean_latency() == pytest.approx(offload.MD1(2.0, 0.2).mean_response())
    assert dev.breakdown().device_service == pytest.approx(0.2)
    assert dev.breakdown().to_dict()["total"] == pytest.approx(dev.mean_latency())


def test_offload_breakdown_terms():
    _, off = _pair()
    b = off.breakdown()
    assert b.uplink_transfer == pytest.approx(0.1)  # 1e5 bytes / 1e6 bytes/s
    assert b.uplink_wait == pytest.approx(offload.MM1.from_rates(2.0, 10.0).mean_wait())
    assert b.remote_service == pytest.approx(0.02)
    assert b.total == pytest.approx(off.mean_latency())
    q90 = float(off.latency_quantile(0.9))
    assert q90 > off.mean_latency()
    assert float(off.latency_cdf(q90)) == pytest.approx(0.9, abs=1e-3)
    assert "DnnOffload(arrival_rate=2.0" in repr(off)


def test_vectorised_sweeps_match_objects():
    bw = np.logspace(5.5, 7, 7)
    out = offload.offload_mean_latency(2.0, 0.02, bw, 1e5)
    expected = [_pair(bandwidth=b)[1].mean_latency() for b in bw]
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    lam = np.linspace(0.0, 4.9, 5)
    np.testing.assert_allclose(offload.on_device_mean_latency(lam, 0.2),
                               [offload.MD1(x, 0.2).mean_response() for x in lam], rtol=1e-12)
    assert math.isinf(float(offload.on_device_mean_latency(6.0, 0.2)))


def test_bandwidth_crossover():
    dev, off = _pair()
    r = offload.bandwidth_crossovers(dev, off, 1e5, 1e8)
    assert len(r.points) == 1
    x = r.points[0]
    assert off.with_bandwidth(x).mean_latency() == pytest.approx(dev.mean_latency(), rel=1e-6)
    assert r.intervals[-1].winner == offload.Winner.second


def test_errors_are_value_errors_with_cpp_message():
    with pytest.raises(ValueError, match=r"offload::network_link: parameter 'bandwidth' = 0"):
        offload.NetworkLink(0.0)
    with pytest.raises(ValueError, match=r"offload::bandwidth_crossovers"):
        dev, off = _pair()
        offload.bandwidth_crossovers(dev, off, 0.0, 1e8)


def _two_tenants():
    # a: 2/s at 0.1 s, b: 1.5/s at 0.3 s, both deterministic; rho = 0.65, lambda_edge E[S^2] = 0.155
    return offload.TenantMix([offload.TenantDemand(2.0, 0.1), offload.TenantDemand(1.5, 0.3)])


def test_tenant_mean_response_is_shared_pk_wait_plus_own_service():
    mix = _two_tenants()
    wait = 0.155 / (2 * (1 - 0.65))  # Pollaczek-Khinchine with the mixture's second moment
    assert mix.tenant_mean_response(0) == pytest.approx(wait + 0.1, rel=1e-12)
    assert mix.tenant_mean_response(1) == pytest.approx(wait + 0.3, rel=1e-12)
    with pytest.raises(ValueError, match="'index' = 2"):
        mix.tenant_mean_response(2)


def test_tenant_offload_uses_own_service_time():
    mix = _two_tenants()
    link = offload.NetworkLink(1e6)
    sizes = offload.Payload(5e4, 2e4)
    a = offload.TenantOffload(mix, 0, link, sizes)
    b = offload.TenantOffload(mix=mix, index=1, uplink=link, downlink=link, sizes=sizes)
    assert a.breakdown().remote_service == pytest.approx(0.1)
    assert b.breakdown().remote_service == pytest.approx(0.3)
    assert a.breakdown().remote_wait == pytest.approx(0.155 / 0.7)
    mixture_mean = 0.65 / 3.5
    assert a.mean_latency() - a.shared.mean_latency() == pytest.approx(0.1 - mixture_mean, rel=1e-9)
    assert b.mean_latency() - b.shared.mean_latency() == pytest.approx(0.3 - mixture_mean, rel=1e-9)
    assert isinstance(a.shared, offload.GeneralOffload)
    assert a.own.mean_service_time == 0.1
    q = np.asarray(a.latency_quantile(np.array([0.5, 0.9, 0.99])))
    assert q[0] < q[1] < q[2]
    assert float(a.latency_cdf(q[1])) == pytest.approx(0.9, abs=1e-3)
    assert "TenantOffload(shared=GeneralOffload(arrival_rate=2.0" in repr(a)


def test_tenant_offload_from_co_tenants_and_errors():
    link = offload.NetworkLink(1e6)
    sizes = offload.Payload(5e4, 2e4)
    base = offload.GeneralOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.1, 0.0, 1.0), link=link,
                                  sizes=sizes)
    shared = base.with_co_tenants(offload.TenantDemand(1.5, 0.3), 2)
    mine = offload.TenantOffload(shared, offload.TenantDemand(2.0, 0.1))
    assert mine.mean_latency() == pytest.approx(offload.TenantOffload(_two_tenants(), 0, link, sizes).mean_latency(),
                                              rel=1e-12)
    with pytest.raises(ValueError, match="own.arrival_rate"):
        offload.TenantOffload(shared, offload.TenantDemand(1.0, 0.1))
    with pytest.raises(ValueError, match="'index' = 5"):
        offload.TenantOffload(_two_tenants(), 5, link, sizes)
    heavy = _two_tenants().with_(offload.TenantDemand(2.0, 0.2))
    unstable = offload.TenantOffload(heavy, 0, link, sizes)
    assert not unstable.is_stable
    assert math.isinf(unstable.mean_latency())


def test_tenant_split_uses_own_edge_part_service_time():
    # device part 20 ms; the shared edge serves this split's edge part (0.1 s, rate 2/s) and another tenant
    # (0.3 s, rate 1.5/s): mixture mean 0.65/3.5 s, E[S^2] = 2 * 0.01 + 1.5 * 0.09 = 0.155 (deterministic parts)
    link = offload.NetworkLink(1e6)
    sizes = offload.Payload(5e4, 2e4)
    mixture = offload.ServiceDemand(0.65 / 3.5, scv=0.155 / 3.5 / (0.65 / 3.5) ** 2 - 1.0)
    shared = offload.GeneralSplit(arrival_rate=2.0, remote_arrival_rate=3.5, device_part=offload.ServiceDemand(0.02),
                                  remote_part=mixture, uplink=link, downlink=link, sizes=sizes)
    mine = offload.TenantSplit(shared=shared, own=offload.TenantDemand(2.0, 0.1))
    b = mine.breakdown()
    assert b.remote_service == pytest.approx(0.1)
    assert b.remote_wait == pytest.approx(0.155 / (2 * (1 - 0.65)), rel=1e-9)  # P-K wait of the mixture
    assert b.device_service == pytest.approx(0.02)
    assert mine.mean_latency() - shared.mean_latency() == pytest.approx(0.1 - 0.65 / 3.5, rel=1e-9)
    assert mine.mean_latency() == pytest.approx(b.total, rel=1e-15)
    assert isinstance(mine.shared, offload.GeneralSplit) and mine.own.mean_service_time == 0.1
    p = offload.predict(mine)
    assert p.kind == offload.OptionKind.split and p.mean == pytest.approx(mine.mean_latency(), rel=1e-12)
    assert p.mean < p.p99 < math.inf
    assert "TenantSplit(shared=GeneralSplit(arrival_rate=2.0" in repr(mine)
    with pytest.raises(ValueError, match=r"offload::tenant_split_pipeline: parameter 'own.arrival_rate\(\)' = 1"):
        offload.TenantSplit(shared, offload.TenantDemand(1.0, 0.1))


def test_tenant_offload_predict():
    mix = _two_tenants()
    a = offload.TenantOffload(mix, 0, offload.NetworkLink(1e6), offload.Payload(5e4, 2e4))
    p = offload.predict(a)
    assert p.kind == offload.OptionKind.edge and p.mean == pytest.approx(a.mean_latency(), rel=1e-12)
    assert offload.predict_mean(a).mean == pytest.approx(a.mean_latency(), rel=1e-15)


def test_latency_quantile_keyword_is_level():
    # the C++ name: latency_quantile(p, level) (was `p` in Python, `probability` in C++; issue 19 §6)
    dev, off = _pair()
    assert float(off.latency_quantile(level=0.9)) == pytest.approx(float(off.latency_quantile(0.9)))
    assert float(dev.latency_quantile(level=0.5)) == pytest.approx(float(offload.MD1(2.0, 0.2).response_quantile(0.5)))
    with pytest.raises(TypeError):
        off.latency_quantile(p=0.9)


def test_deterministic_nic_offload_matches_an_independent_convolution():
    """GeneralOffloadDeterministicNic: the seed's pipeline with M/D/1 NICs (a shaped link carrying fixed-size
    payloads). Its p99 by transform inversion against the three stages' exact response laws (M/D/1, Erlang's
    formula) convolved on a grid in numpy (independent stages, as the library assumes). The server is
    deterministic too: MG1.response_cdf is a two-moment approximation, the pipeline inverts the exact transform."""
    lam, link, sizes = 2.0, offload.NetworkLink(10e6 / 8), offload.Payload(157400.0, 4230.0)
    remote = offload.ServiceDemand(0.037, 0.0)
    p = offload.GeneralOffloadDeterministicNic(arrival_rate=lam, remote=remote, link=link, sizes=sizes)
    seed = offload.GeneralOffload(arrival_rate=lam, remote=remote, link=link, sizes=sizes)
    stages = [offload.MD1(lam, 157400.0 / link.bandwidth),
              offload.MD1(lam, 0.037),
              offload.MD1(lam, 4230.0 / link.bandwidth)]
    assert p.mean_latency() == pytest.approx(sum(q.mean_response() for q in stages), rel=1e-12)
    b = p.breakdown()
    assert b.uplink_wait == pytest.approx(stages[0].mean_wait(), rel=1e-12)
    assert b.uplink_wait < seed.breakdown().uplink_wait / 1.9  # P-K: half the M/M/1 wait at the same rho
    n = 2 ** 15
    grid = np.arange(n + 1) * (1.0 / n)
    spectrum = 1.0
    for q in stages:
        mass = np.diff(np.asarray(q.response_cdf(grid), dtype=float), prepend=0.0)
        spectrum = spectrum * np.fft.rfft(mass, 4 * grid.size)
    cdf = np.cumsum(np.fft.irfft(spectrum, 4 * grid.size)[:grid.size])
    reference = float(grid[int(np.searchsorted(cdf, 0.99))])  # each bin's mass at its right end: <= 3 bins high
    q99 = float(p.latency_quantile(0.99))
    # The M/D/1 waits have kinks at multiples of D: the Euler inversion does not meet its tolerance there and says
    # so, and latency_quantile falls back to the FFT convolution, whose grid (65,536 points up to the 1 - 1e-9
    # quantile) resolves the p99 to a few 1e-4 relative.
    with pytest.raises(RuntimeError, match="did not reach its tolerance"):
        p.latency_distribution(method="inversion").ppf(0.99)
    assert q99 == pytest.approx(reference, rel=1e-3)
    assert q99 < 0.55 * float(seed.latency_quantile(0.99))  # the M/M/1 NICs' exponential transfers: ~2x
    assert p == offload.GeneralOffloadDeterministicNic(arrival_rate=lam, remote=remote, link=link, sizes=sizes)
    assert "GeneralOffloadDeterministicNic(arrival_rate=2.0" in repr(p)
    dev = offload.GeneralOnDevice(arrival_rate=lam, device=offload.ServiceDemand(0.108, 0.02))
    r = offload.bandwidth_crossovers(dev, p, 1e5, 1e8)
    assert len(r.points) == 1
    assert p.with_bandwidth(r.points[0]).mean_latency() == pytest.approx(dev.mean_latency(), rel=1e-6)
