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
    assert dev.mean_latency == pytest.approx(offload.MD1(2.0, 0.2).mean_response)
    assert dev.breakdown().device_service == pytest.approx(0.2)
    assert dev.breakdown().to_dict()["total"] == pytest.approx(dev.mean_latency)


def test_offload_breakdown_terms():
    _, off = _pair()
    b = off.breakdown()
    assert b.uplink_transfer == pytest.approx(0.1)  # 1e5 bytes / 1e6 bytes/s
    assert b.uplink_wait == pytest.approx(offload.MM1(2.0, 10.0).mean_wait)
    assert b.remote_service == pytest.approx(0.02)
    assert b.total == pytest.approx(off.mean_latency)
    q90 = float(off.latency_quantile(0.9))
    assert q90 > off.mean_latency
    assert float(off.latency_cdf(q90)) == pytest.approx(0.9, abs=1e-3)
    assert "DnnOffload(arrival_rate=2" in repr(off)


def test_vectorised_sweeps_match_objects():
    bw = np.logspace(5.5, 7, 7)
    out = offload.offload_mean_latency(2.0, 0.02, bw, 1e5)
    expected = [_pair(bandwidth=b)[1].mean_latency for b in bw]
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    lam = np.linspace(0.0, 4.9, 5)
    np.testing.assert_allclose(offload.on_device_mean_latency(lam, 0.2),
                               [offload.MD1(x, 0.2).mean_response for x in lam], rtol=1e-12)
    assert math.isinf(float(offload.on_device_mean_latency(6.0, 0.2)))


def test_bandwidth_crossover():
    dev, off = _pair()
    r = offload.bandwidth_crossovers(dev, off, 1e5, 1e8)
    assert len(r.points) == 1
    x = r.points[0]
    assert off.with_bandwidth(x).mean_latency == pytest.approx(dev.mean_latency, rel=1e-6)
    assert r.intervals[-1].winner == offload.Winner.offload


def test_errors_are_value_errors_with_cpp_message():
    with pytest.raises(ValueError, match=r"offload::network_link: parameter 'bandwidth_bytes_per_second' = 0"):
        offload.NetworkLink(0.0)
    with pytest.raises(ValueError, match=r"offload::bandwidth_crossovers"):
        dev, off = _pair()
        offload.bandwidth_crossovers(dev, off, 0.0, 1e8)
