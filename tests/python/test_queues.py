import math

import numpy as np
import pytest

import offload


def test_mm1_textbook_values():
    q = offload.MM1(arrival_rate=2.0, service_rate=10.0)
    assert q.utilization == pytest.approx(0.2)
    assert q.mean_response == pytest.approx(0.125)
    assert q.mean_wait == pytest.approx(0.025)
    assert float(q.response_quantile(0.99)) == pytest.approx(math.log(100.0) / 8.0)
    assert "MM1(arrival_rate=2" in repr(q)


def test_mm1_quantiles_accept_arrays():
    q = offload.MM1(6.0, 10.0)
    p = np.array([0.5, 0.9, 0.99])
    np.testing.assert_allclose(q.response_quantile(p), np.log(1.0 / (1.0 - p)) / 4.0, rtol=1e-12)


def test_vectorised_sweep_broadcasts():
    lam = np.linspace(0.0, 9.0, 10)[:, None]
    mu = np.array([10.0, 20.0])[None, :]
    out = offload.mm1_mean_response(lam, mu)
    assert out.shape == (10, 2)
    np.testing.assert_allclose(out, 1.0 / (mu - lam), rtol=1e-12)


def test_unstable_is_inf_not_nan():
    q = offload.MM1(10.0, 10.0)
    assert not q.is_stable
    assert math.isinf(q.mean_response)


def test_errors_arrive_as_value_error_with_the_cpp_message():
    with pytest.raises(ValueError, match=r"offload::mm1: parameter 'arrival_rate' = -1"):
        offload.MM1(-1.0, 2.0)
    with pytest.raises(ValueError, match=r"'p' = 1"):
        offload.MM1(1.0, 2.0).response_quantile(1.0)
