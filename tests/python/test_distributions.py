"""TimeDistribution objects (offload.TimeDistribution): pinned against scipy.stats closed forms, the models' scalar
functions, and hostile arguments; and the validate-once broadcasting sweeps (offload_mean_latency,
on_device_mean_latency) against the validated pipeline objects."""
import math
import pickle

import numpy as np
import pytest
from scipy import optimize, stats

import offload


# ---- queues: the models' own distributions -------------------------------------------------------------------

def test_mm1_response_is_exponential_like_scipy():
    q = offload.MM1(2.0, 0.125)  # mu = 8, T ~ Exp(6)
    d = q.response_distribution()
    ref = stats.expon(scale=1.0 / 6.0)
    assert isinstance(d, offload.TimeDistribution) and d.method == "analytic"
    assert d.mean() == pytest.approx(ref.mean(), rel=1e-14)
    assert d.var() == pytest.approx(ref.var(), rel=1e-14)
    assert d.std() == pytest.approx(ref.std(), rel=1e-14)
    t = np.array([[0.0, 0.05], [0.3, 2.0]])
    np.testing.assert_allclose(d.cdf(t), ref.cdf(t), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(d.sf(t), ref.sf(t), rtol=1e-12, atol=1e-15)  # 1 - cdf here
    p = np.array([0.0, 0.1, 0.5, 0.99, 1.0])
    np.testing.assert_allclose(d.ppf(p), ref.ppf(p), rtol=1e-12, atol=1e-300)  # ppf(0): the smallest quantile
    np.testing.assert_allclose(d.isf(np.array([0.5, 0.01])), ref.isf(np.array([0.5, 0.01])), rtol=1e-12)
    assert d.interval(0.9) == pytest.approx(ref.interval(0.9), rel=1e-12)
    assert d.median() == pytest.approx(ref.median(), rel=1e-12)
    assert "MM1" in repr(d) and "response" in repr(d)


def test_mm1_wait_has_its_atom_at_zero():
    q = offload.MM1(2.0, 0.125)  # rho = 0.25: P(W = 0) = 0.75, P(W > t) = rho e^{-6t}
    d = q.wait_distribution()
    assert d.cdf(0.0) == pytest.approx(0.75, rel=1e-14)
    assert d.sf(0.1) == pytest.approx(0.25 * math.exp(-0.6), rel=1e-13)
    assert d.ppf(0.5) == 0.0
    assert d.mean() == pytest.approx(q.mean_wait(), rel=1e-14)


def test_scalars_stay_scalars_arrays_keep_their_shape():
    d = offload.MD1(5.0, 0.1).response_distribution()
    assert isinstance(d.cdf(0.2), float) and isinstance(d.ppf(0.5), float)
    assert isinstance(d.cdf(np.float64(0.2)), float)
    assert d.cdf(np.ones((2, 3)) * 0.2).shape == (2, 3)
    assert d.ppf([0.5, 0.9]).shape == (2,)
    assert d.cdf(np.empty((0,))).shape == (0,)


@pytest.mark.parametrize("queue", [offload.MM1(2.0, 0.125), offload.MD1(5.0, 0.1), offload.MG1(5.0, 0.1, 0.5),
                                   offload.MMC(15.0, 0.1, 2), offload.KParallelMD1(offload.MD1(8.0, 0.2), 2.0),
                                   offload.MM1K(3.0, 0.25, 5)])
def test_queue_distributions_equal_the_scalar_methods(queue):
    levels = np.array([0.3, 0.9, 0.99])
    times = np.array([0.01, 0.1, 0.5])
    w, r = queue.wait_distribution(), queue.response_distribution()
    np.testing.assert_allclose(r.ppf(levels), queue.response_quantile(levels), rtol=1e-14)
    np.testing.assert_allclose(w.ppf(levels), queue.wait_quantile(levels), rtol=1e-14)
    np.testing.assert_allclose(r.cdf(times), queue.response_cdf(times), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(w.cdf(times), queue.wait_cdf(times), rtol=1e-14, atol=1e-15)
    assert r.mean() == pytest.approx(queue.mean_response(), rel=1e-9)
    assert w.mean() == pytest.approx(queue.mean_wait(), rel=1e-9)


# ---- pipelines: end-to-end latency ---------------------------------------------------------------------------

def _hypoexponential_sf(rates, t):
    """P(sum of independent Exp(rates) > t), distinct rates (the closed form of an M/M/1 tandem's latency)."""
    rates = np.asarray(rates, dtype=float)
    total = 0.0
    for i, a in enumerate(rates):
        weight = np.prod([b / (b - a) for j, b in enumerate(rates) if j != i])
        total = total + weight * np.exp(-a * t)
    return total


def test_mm1_tandem_latency_is_hypoexponential():
    # uplink M/M/1 at B / D_req = 20/s, an M/M/1 server at 1/0.02 = 50/s, downlink at 1e6 / 2e4 = 50/s... use
    # distinct rates: downlink 1e6 / 4e4 = 25/s; arrival rate 4/s -> sojourn rates 16, 46, 21
    off = offload.LlmOffload(arrival_rate=4.0, remote=offload.ServiceDemand(0.02, 1.0),
                             link=offload.NetworkLink(1e6), sizes=offload.Payload(5e4, 4e4))
    rates = [20.0 - 4.0, 50.0 - 4.0, 25.0 - 4.0]
    d = off.latency_distribution()
    assert d.method == "inversion+convolution"
    t = np.array([0.01, 0.1, 0.3, 1.0, 2.0])
    # the inversion's tolerances: 1e-8 relative or 1e-10 absolute (InversionOptions)
    np.testing.assert_allclose(d.sf(t), _hypoexponential_sf(rates, t), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(d.cdf(t), 1.0 - _hypoexponential_sf(rates, t), rtol=1e-8, atol=1e-10)
    for p in (0.5, 0.95, 0.99, 0.9999):
        exact = optimize.brentq(lambda x: _hypoexponential_sf(rates, x) - (1.0 - p), 1e-9, 10.0, xtol=1e-15)
        assert d.ppf(p) == pytest.approx(exact, rel=1e-8)
    assert d.mean() == pytest.approx(sum(1.0 / r for r in rates), rel=1e-13)
    assert d.var() == pytest.approx(sum(1.0 / r ** 2 for r in rates), rel=1e-13)
    assert d.mean() == pytest.approx(off.mean_latency(), rel=1e-12)


def test_two_station_tandem_against_scipy_sum_of_exponentials():
    # two exponentials with equal rates are Erlang-2 = scipy.stats.gamma(2)
    off = offload.LlmOffload(arrival_rate=4.0, remote=offload.ServiceDemand(0.05, 1.0),
                             link=offload.NetworkLink(1e6), sizes=offload.Payload(5e4))  # 20/s and 20/s
    ref = stats.gamma(2, scale=1.0 / 16.0)
    d = off.latency_distribution()
    t = np.linspace(0.01, 1.0, 7)
    np.testing.assert_allclose(d.cdf(t), ref.cdf(t), rtol=1e-8)
    np.testing.assert_allclose(d.ppf([0.5, 0.99]), ref.ppf([0.5, 0.99]), rtol=1e-8)


@pytest.mark.parametrize("kind", ["dnn", "llm", "split", "tenant"])
def test_latency_distribution_equals_the_scalar_functions(kind):
    link, sizes = offload.NetworkLink(2e6, 0.001), offload.Payload(1e5, 2e4)
    if kind == "dnn":
        p = offload.DnnOffload(arrival_rate=3.0, remote=offload.ServiceDemand(0.03), link=link, sizes=sizes)
    elif kind == "llm":
        p = offload.LlmOffload(arrival_rate=3.0, remote=offload.ServiceDemand(0.03, 1.0, 2.0), link=link, sizes=sizes)
    elif kind == "split":
        p = offload.DnnSplit(arrival_rate=3.0, device_part=offload.ServiceDemand(0.05),
                             remote_part=offload.ServiceDemand(0.02), link=link, sizes=sizes)
    else:
        mix = offload.TenantMix([offload.TenantDemand(3.0, 0.03, 0.5), offload.TenantDemand(5.0, 0.05, 1.0)])
        p = offload.TenantOffload(mix, 0, link, sizes)
    d = p.latency_distribution()
    levels = np.array([0.5, 0.95, 0.99])
    np.testing.assert_allclose(d.ppf(levels), p.latency_quantile(levels), rtol=1e-13)
    times = np.array([0.05, 0.1, 0.2])
    np.testing.assert_allclose(d.cdf(times), p.latency_cdf(times), rtol=1e-13, atol=1e-15)
    assert d.mean() == pytest.approx(p.mean_latency(), rel=1e-9)
    # the FFT convolution: an independent method, a guaranteed bracket around the inversion's quantiles
    c = p.latency_distribution("convolution")
    assert isinstance(c, offload.ConvolvedTimeDistribution) and c.method == "convolution"
    lo, hi = c.ppf_bounds(levels)
    q = d.ppf(levels)
    assert np.all(lo <= q * (1 + 1e-9)) and np.all(q <= hi * (1 + 1e-9))
    np.testing.assert_allclose(c.ppf(levels), q, rtol=2e-3)
    clo, chi = c.cdf_bounds(times)
    assert np.all(clo <= d.cdf(times) + 1e-9) and np.all(d.cdf(times) <= chi + 1e-9)


def test_accuracy_options_are_used_and_checked():
    off = offload.LlmOffload(arrival_rate=4.0, remote=offload.ServiceDemand(0.02, 1.0),
                             link=offload.NetworkLink(1e6), sizes=offload.Payload(5e4, 4e4))
    fine = off.latency_distribution("convolution", convolution=offload.ConvolutionOptions(grid_points=1 << 18))
    coarse = off.latency_distribution("convolution", convolution=offload.ConvolutionOptions(grid_points=1 << 10))
    assert fine.bin_width < coarse.bin_width
    exact = off.latency_distribution("inversion").ppf(0.99)
    assert abs(fine.ppf(0.99) - exact) < abs(coarse.ppf(0.99) - exact)
    loose = off.latency_distribution("inversion", inversion=offload.InversionOptions(abscissa=12.0))
    assert loose.ppf(0.99) == pytest.approx(exact, rel=1e-4)
    o = offload.InversionOptions(abscissa=30.0, max_terms=200)
    assert pickle.loads(pickle.dumps(o)) == o and "abscissa=30" in repr(o)
    c = offload.ConvolutionOptions(1 << 12, 1e-8)
    assert pickle.loads(pickle.dumps(c)) == c and eval("offload." + repr(c)) == c
    with pytest.raises(ValueError, match="grid_points"):
        offload.ConvolutionOptions(grid_points=1000)
    with pytest.raises(ValueError, match="tail_mass"):
        offload.ConvolutionOptions(tail_mass=0.5)
    with pytest.raises(ValueError, match="abscissa"):
        offload.InversionOptions(abscissa=1.0)
    with pytest.raises(ValueError, match="method"):
        off.latency_distribution("fft")


def test_on_device_latency_is_the_stage_distribution():
    dev = offload.DnnOnDevice(arrival_rate=2.0, device=offload.ServiceDemand(0.2))
    d = dev.latency_distribution()
    ref = offload.MD1(2.0, 0.2).response_distribution()
    p = np.array([0.1, 0.5, 0.99])
    np.testing.assert_allclose(d.ppf(p), ref.ppf(p), rtol=1e-14)
    assert d.ppf(0.0) == pytest.approx(0.2)  # the lower end of the support: the service time
    c = dev.latency_distribution("convolution")
    np.testing.assert_allclose(c.ppf(p), d.ppf(p), rtol=2e-3)
    with pytest.raises(ValueError, match="inversion"):
        dev.latency_distribution("inversion")


def test_unstable_pipelines_are_at_infinity():
    off = offload.DnnOffload(arrival_rate=20.0, remote=offload.ServiceDemand(0.2),
                             link=offload.NetworkLink(1e7), sizes=offload.Payload(1e3))
    d = off.latency_distribution()
    assert d.mean() == math.inf and d.ppf(0.5) == math.inf and d.cdf(1e9) == 0.0 and d.sf(1.0) == 1.0


@pytest.mark.parametrize("call, name", [
    (lambda d: d.cdf(math.nan), "'t'"),
    (lambda d: d.sf(np.array([0.1, np.nan])), "'t'"),
    (lambda d: d.ppf(1.5), "'p'"),
    (lambda d: d.ppf(-0.1), "'p'"),
    (lambda d: d.ppf(np.array([0.5, np.nan])), "'p'"),
    (lambda d: d.isf(2.0), "'q'"),
    (lambda d: d.interval(1.5), "'confidence'"),
])
def test_hostile_arguments_name_the_parameter(call, name):
    for d in (offload.MM1(2.0, 0.125).response_distribution(),
              offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6),
                                 sizes=offload.Payload(1e5)).latency_distribution()):
        with pytest.raises(ValueError, match=name):
            call(d)
    with pytest.raises(TypeError):
        offload.MM1(2.0, 0.125).response_distribution().cdf("abc")


def test_latency_quantile_keeps_its_open_interval():
    off = offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6),
                             sizes=offload.Payload(1e5))
    with pytest.raises(ValueError, match="level"):
        off.latency_quantile(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="'t'"):
        off.latency_cdf(math.nan)


# ---- sweeps: one function for numbers and arrays, bare formula, validated once --------------------------------

@pytest.mark.parametrize("kind, cls, scv", [
    (offload.ServiceKind.deterministic, offload.DnnOffload, 0.0),
    (offload.ServiceKind.exponential, offload.LlmOffload, 1.0),
    (offload.ServiceKind.general, offload.GeneralOffload, 0.4),
])
def test_offload_mean_latency_equals_the_pipeline_objects(kind, cls, scv):
    bw = np.logspace(5.0, 7.0, 41)
    rates = np.array([[0.5], [3.0], [9.0]])
    out = offload.offload_mean_latency(rates, 0.03, bw, 6e4, 2e4, remote_scv=scv, parallelism=2.0,
                                       propagation_delay=0.002, remote_arrival_rate=rates + 1.0, kind=kind)
    assert out.shape == (3, 41)
    for i, lam in enumerate(rates[:, 0]):
        for j, b in enumerate(bw):
            p = cls(arrival_rate=lam, remote_arrival_rate=lam + 1.0, remote=offload.ServiceDemand(0.03, scv, 2.0),
                    uplink=offload.NetworkLink(b, 0.002), downlink=offload.NetworkLink(b, 0.002),
                    sizes=offload.Payload(6e4, 2e4))
            expected = p.mean_latency()
            if math.isinf(expected):
                assert math.isinf(out[i, j])
            else:
                assert out[i, j] == pytest.approx(expected, rel=1e-12)
    scalar = offload.offload_mean_latency(3.0, 0.03, 1e6, 6e4, 2e4, kind=kind)
    assert isinstance(scalar, float)


def test_on_device_mean_latency_equals_the_pipeline_objects():
    rates = np.linspace(0.0, 12.0, 25)
    for kind, cls, scv in ((offload.ServiceKind.deterministic, offload.DnnOnDevice, 0.0),
                           (offload.ServiceKind.exponential, offload.LlmOnDevice, 1.0),
                           (offload.ServiceKind.general, offload.GeneralOnDevice, 2.5)):
        out = offload.on_device_mean_latency(rates, 0.3, scv, 3.0, kind)
        expected = [cls(arrival_rate=x, device=offload.ServiceDemand(0.3, scv, 3.0)).mean_latency() for x in rates]
        np.testing.assert_allclose(out, expected, rtol=1e-12)
    assert isinstance(offload.on_device_mean_latency(2.0, 0.1), float)


def test_sweeps_write_into_out_and_reject_bad_input():
    bw = np.logspace(5.0, 7.0, 100)
    buffer = np.empty(100)
    result = offload.offload_mean_latency(2.0, 0.02, bw, 1e5, out=buffer)
    assert result is buffer
    np.testing.assert_allclose(buffer, offload.offload_mean_latency(2.0, 0.02, bw, 1e5), rtol=0)
    with pytest.raises(ValueError, match="out"):
        offload.offload_mean_latency(2.0, 0.02, bw, 1e5, out=np.empty(99))
    with pytest.raises(ValueError, match="out"):
        offload.offload_mean_latency(2.0, 0.02, bw, 1e5, out=np.empty(100, dtype=np.float32))
    with pytest.raises(ValueError, match="bandwidth"):
        offload.offload_mean_latency(2.0, 0.02, np.array([1e6, -1.0]), 1e5)
    with pytest.raises(ValueError, match="remote_arrival_rate"):
        offload.offload_mean_latency(2.0, 0.02, 1e6, 1e5, remote_arrival_rate=np.array([3.0, 1.0]))
    with pytest.raises(ValueError, match="mean_seconds"):
        offload.on_device_mean_latency(np.array([1.0, 2.0]), np.array([0.1, math.nan]))
    with pytest.raises(ValueError, match="do not broadcast"):
        offload.on_device_mean_latency(np.ones(3), np.ones(4))
