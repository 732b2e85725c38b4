import math

import numpy as np
import pytest

import offload


def test_mm1_textbook_values():
    q = offload.MM1.from_rates(arrival_rate=2.0, service_rate=10.0)
    assert q.utilization == pytest.approx(0.2)
    assert q.mean_response() == pytest.approx(0.125)
    assert q.mean_wait() == pytest.approx(0.025)
    assert float(q.response_quantile(0.99)) == pytest.approx(math.log(100.0) / 8.0)
    assert repr(q) == "MM1(arrival_rate=2.0, mean_service_time=0.1)"
    # the constructor takes the mean service time, like every other model (MD1, MG1, GG1, ...)
    t = offload.MM1(arrival_rate=2.0, mean_service_time=0.1)
    assert t.service_rate == pytest.approx(10.0) and t.mean_response() == pytest.approx(0.125)
    assert t.utilization == pytest.approx(offload.MD1(2.0, 0.1).utilization)


def test_mm1_quantiles_accept_arrays():
    q = offload.MM1.from_rates(6.0, 10.0)
    p = np.array([0.5, 0.9, 0.99])
    np.testing.assert_allclose(q.response_quantile(p), np.log(1.0 / (1.0 - p)) / 4.0, rtol=1e-12)


def test_vectorised_sweep_broadcasts():
    lam = np.linspace(0.0, 9.0, 10)[:, None]
    mu = np.array([10.0, 20.0])[None, :]
    out = offload.mm1_mean_response(lam, 1.0 / mu)  # arrival rate, mean service time
    assert out.shape == (10, 2)
    np.testing.assert_allclose(out, 1.0 / (mu - lam), rtol=1e-12)


def test_unstable_is_inf_not_nan():
    q = offload.MM1.from_rates(10.0, 10.0)
    assert not q.is_stable
    assert math.isinf(q.mean_response())


def test_errors_arrive_as_value_error_with_the_cpp_message():
    with pytest.raises(ValueError, match=r"offload::mm1::from_rates: parameter 'arrival_rate' = -1"):
        offload.MM1.from_rates(-1.0, 2.0)
    with pytest.raises(ValueError, match=r"offload::mm1: parameter 'mean_service_time' = 0"):
        offload.MM1(1.0, 0.0)
    with pytest.raises(ValueError, match=r"'level' = 1"):
        offload.MM1.from_rates(1.0, 2.0).response_quantile(1.0)


# ---- every queue model: textbook values computed by hand -----------------------------------------------------


def test_md1_pollaczek_khinchine():
    q = offload.MD1(arrival_rate=5.0, service_time=0.1)  # rho = 0.5, W = rho D / (2 (1 - rho)) = 0.05
    assert q.utilization == pytest.approx(0.5)
    assert q.mean_wait() == pytest.approx(0.05)
    assert q.mean_response() == pytest.approx(0.15)
    assert q.mean_number_in_system() == pytest.approx(5.0 * 0.15)  # Little
    # M/D/1: P(W = 0) = 1 - rho, so the wait cdf at 0 is 0.5 and its median is 0
    assert float(q.wait_cdf(0.0)) == pytest.approx(0.5)
    assert float(q.response_quantile(0.5)) >= 0.1
    assert repr(q) == "MD1(arrival_rate=5.0, service_time=0.1)"


def test_mg1_with_exponential_service_is_mm1():
    g = offload.MG1(arrival_rate=5.0, mean_service_time=0.1, service_scv=1.0)
    m = offload.MM1.from_rates(5.0, 10.0)
    assert g.mean_wait() == pytest.approx(m.mean_wait())  # 0.1
    assert g.mean_wait() == pytest.approx(0.1)
    v = offload.MG1.from_mean_variance(arrival_rate=5.0, mean_service_time=0.1, service_variance=0.02)
    assert v.service_scv == pytest.approx(2.0)
    assert v.mean_wait() == pytest.approx(5.0 * (0.02 + 0.01) / (2 * 0.5))  # lambda E[S^2] / (2 (1 - rho))
    assert "service_scv=1.99999" in repr(v)  # from a variance: 2 up to rounding, printed in full


def test_k_parallel_reduces_to_base_and_follows_seed_eq6():
    base = offload.MD1(4.0, 0.2)
    assert offload.KParallelMD1(base, 1.0).mean_response() == pytest.approx(base.mean_response())
    q = offload.KParallelMD1(single=base, parallelism=2.0)
    mu = 1.0 / 0.2
    expected_wait = 0.5 * (1.0 / (2 * mu - 4.0) - 1.0 / (2 * mu))
    assert q.mean_wait() == pytest.approx(expected_wait)
    assert q.mean_response() == pytest.approx(expected_wait + 0.2)
    assert q.parallelism == 2.0
    assert "KParallelMD1(single=MD1(" in repr(q)
    mm = offload.KParallelMM1(offload.MM1(6.0, 0.2), 2.0)  # stable only thanks to k: 6 < 10
    assert mm.is_stable
    assert mm.mean_wait() == pytest.approx(1.0 / (10.0 - 6.0) - 1.0 / 10.0)
    mg = offload.KParallelMG1(offload.MG1(6.0, 0.2, 1.0), 2.0)
    assert mg.mean_wait() == pytest.approx(mm.mean_wait())
    with pytest.raises(ValueError, match="parallelism"):
        offload.KParallelMM1(offload.MM1.from_rates(1.0, 2.0), 0.5)


def test_erlang_b_and_c():
    # B(3, 2) = (2^3/3!) / (1 + 2 + 2 + 8/6) = 4/19
    assert offload.erlang_b(3, 2.0) == pytest.approx(4.0 / 19.0)
    # C = B / (1 - rho (1 - B)) with rho = 2/3: 4/9
    assert offload.erlang_c(servers=3, offered_load=2.0) == pytest.approx(4.0 / 9.0)
    with pytest.raises(ValueError, match=r"offload::erlang_b: parameter 'servers' = 2.5"):
        offload.erlang_b(2.5, 1.0)
    with pytest.raises(ValueError, match=r"offload::erlang_c: parameter 'servers' = 1000000000000 is invalid: must be an integer"):
        offload.erlang_c(1e12, 1.0)


def test_mmc_textbook():
    q = offload.MMC.from_rates(arrival_rate=2.0, service_rate=1.0, servers=3)
    assert q.offered_load == pytest.approx(2.0)
    assert q.utilization == pytest.approx(2.0 / 3.0)
    assert q.probability_of_wait() == pytest.approx(4.0 / 9.0)
    assert q.mean_wait() == pytest.approx(4.0 / 9.0)  # C / (c mu - lambda)
    assert q.mean_response() == pytest.approx(4.0 / 9.0 + 1.0)
    assert q.mean_queue_length() == pytest.approx(2.0 * 4.0 / 9.0)
    assert float(q.wait_cdf(0.0)) == pytest.approx(5.0 / 9.0)
    assert repr(q) == "MMC(arrival_rate=2.0, mean_service_time=1.0, servers=3)"
    assert offload.MMC(2.0, 1.0, 3).mean_wait() == pytest.approx(q.mean_wait())
    # counts are checked integers at the Python boundary, named in the error
    with pytest.raises(ValueError, match=r"offload::mmc: parameter 'servers' = 2.5"):
        offload.MMC(2.0, 1.0, 2.5)
    with pytest.raises(ValueError, match=r"offload::mm1k: parameter 'capacity' = .* must be an integer"):
        offload.MM1K(1.0, 1.0, 1e300)
    assert math.isinf(offload.MMC.from_rates(3.0, 1.0, 3).mean_response())


def test_mdc_single_server_is_md1_and_cosmetatos_is_close():
    assert offload.MDC(5.0, 0.1, 1).mean_wait() == pytest.approx(0.05, rel=1e-8)
    q = offload.MDC(arrival_rate=16.0, service_time=0.2, servers=4)  # rho = 0.8
    assert q.offered_load == pytest.approx(3.2)
    mmc_wait = offload.MMC.from_rates(16.0, 5.0, 4).mean_wait()
    # deterministic service roughly halves the M/M/c wait; Cosmetatos approximates the exact value closely
    assert 0.4 * mmc_wait < q.mean_wait() < 0.6 * mmc_wait
    assert q.cosmetatos_mean_wait() == pytest.approx(q.mean_wait(), rel=0.05)
    assert q.cosmetatos_mean_response() == pytest.approx(q.cosmetatos_mean_wait() + 0.2)
    assert q.mean_number_in_system() == pytest.approx(16.0 * q.mean_response())


def test_gg1_bounds_and_approximations():
    m = offload.GG1(arrival_rate=5.0, interarrival_scv=1.0, mean_service_time=0.1, service_scv=1.0)
    assert m.mean_wait() == pytest.approx(0.1)  # M/M/1
    assert m.allen_cunneen_mean_wait() == pytest.approx(0.1)
    # two moments do not determine a G/G/1 distribution: means only
    assert not hasattr(m, "response_quantile") and not hasattr(m, "wait_cdf")
    b = m.marshall_bounds(offload.InterarrivalClass.exponential)
    assert b.lower == pytest.approx(0.1) and b.upper == pytest.approx(0.1)
    g = offload.GG1(2.0, 0.5, 0.3, 1.0)  # rho = 0.6
    lower, upper = g.marshall_bounds()
    assert upper == pytest.approx(g.kingman_upper_bound())
    # Kingman: lambda (sa^2 + ss^2) / (2 (1 - rho)) = 2 (0.5/4 + 0.09) / 0.8
    assert g.kingman_upper_bound() == pytest.approx(2.0 * (0.125 + 0.09) / 0.8)
    assert lower <= g.mean_wait() <= upper
    assert g.allen_cunneen_mean_wait() == pytest.approx(0.75 * 0.6 * 0.3 / 0.4)
    assert g.kramer_langenbach_belz_mean_wait() == pytest.approx(
        g.allen_cunneen_mean_wait() * g.kramer_langenbach_belz_correction())
    v = offload.GG1.from_variances(2.0, 0.125, 0.3, 0.09)
    assert v.interarrival_scv == pytest.approx(0.5) and v.service_scv == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"offload::marshall_bounds: parameter 'q.interarrival_scv'"):
        g.marshall_bounds(offload.InterarrivalClass.nwue)


def test_mm1k_and_mmck():
    q = offload.MM1K.from_rates(arrival_rate=1.0, service_rate=1.0, capacity=2)  # p_n = 1/3
    np.testing.assert_allclose(q.state_probabilities(), [1 / 3, 1 / 3, 1 / 3])
    assert q.blocking_probability() == pytest.approx(1 / 3)
    assert q.throughput() == pytest.approx(2 / 3)
    assert q.mean_number_in_system() == pytest.approx(1.0)
    assert q.mean_response() == pytest.approx(1.5)  # Little on the accepted stream
    assert q.is_stable and q.capacity == 2
    c = offload.MMCK.from_rates(arrival_rate=1.0, service_rate=1.0, servers=1, capacity=2)
    assert c.mean_response() == pytest.approx(1.5)
    # M/M/2/2 is Erlang's loss system
    loss = offload.MMCK.from_rates(3.0, 1.0, 2, 2)
    assert loss.blocking_probability() == pytest.approx(offload.erlang_b(2, 3.0))
    assert loss.mean_wait() == pytest.approx(0.0)
    with pytest.raises(ValueError, match="capacity"):
        offload.MMCK.from_rates(1.0, 1.0, 3, 2)


def test_mg1k_and_md1k():
    e = offload.MG1K(arrival_rate=1.0, mean_service_time=1.0, service_scv=1.0, capacity=2)
    assert e.blocking_probability() == pytest.approx(1 / 3, rel=1e-9)
    assert e.mean_response() == pytest.approx(1.5, rel=1e-9)
    d = offload.md1k(arrival_rate=0.5, service_time=1.0, capacity=1)  # M/D/1/1: B = a/(1+a) = 1/3 (Erlang B)
    assert d.service_scv == 0.0
    assert d.blocking_probability() == pytest.approx(1 / 3)
    assert d.throughput() == pytest.approx(0.5 * 2 / 3)
    assert d.mean_response() == pytest.approx(1.0)
    assert sum(d.state_probabilities()) == pytest.approx(1.0)


# ---- vectorised mean-response sweeps ----------------------------------------------------------------------


def test_queue_sweeps_match_the_scalar_models():
    lam = np.linspace(0.0, 9.5, 20)
    np.testing.assert_allclose(offload.md1_mean_response(lam, 0.1), [offload.MD1(x, 0.1).mean_response() for x in lam])
    np.testing.assert_allclose(offload.mg1_mean_response(lam, 0.1, 1.0), 1.0 / (10.0 - lam), rtol=1e-12)
    np.testing.assert_allclose(offload.mmc_mean_response(lam, 0.2, 2),
                               [offload.MMC.from_rates(x, 5.0, 2).mean_response() for x in lam])
    np.testing.assert_allclose(offload.mdc_mean_response(lam[:5], 0.2, 2),
                               [offload.MDC(x, 0.2, 2).mean_response() for x in lam[:5]])
    np.testing.assert_allclose(offload.gg1_mean_response(lam, 1.0, 0.1, 1.0), 1.0 / (10.0 - lam), rtol=1e-12)
    np.testing.assert_allclose(offload.mm1k_mean_response(1.0, 1.0, [1, 2]), [1.0, 1.5])
    np.testing.assert_allclose(offload.mmck_mean_response(1.0, 1.0, 1, 2), 1.5)
    np.testing.assert_allclose(offload.mg1k_mean_response(1.0, 1.0, 1.0, 2), 1.5, rtol=1e-9)
    np.testing.assert_allclose(offload.k_parallel_md1_mean_response(4.0, 0.2, [1.0, 2.0]),
                               [offload.MD1(4.0, 0.2).mean_response(),
                                offload.KParallelMD1(offload.MD1(4.0, 0.2), 2.0).mean_response()])
    np.testing.assert_allclose(offload.k_parallel_mm1_mean_response(6.0, 0.2, 2.0),
                               1.0 / 4.0 - 1.0 / 10.0 + 0.2)
    np.testing.assert_allclose(offload.k_parallel_mg1_mean_response(6.0, 0.2, 1.0, 2.0),
                               1.0 / 4.0 - 1.0 / 10.0 + 0.2)
    unstable = offload.md1_mean_response([10.0, 20.0], 0.1)
    assert np.all(np.isinf(unstable))
    with pytest.raises(ValueError, match=r"offload::md1: parameter 'arrival_rate' = -1"):
        offload.md1_mean_response([1.0, -1.0], 0.1)


def test_monotone_in_arrival_rate():
    lam = np.linspace(0.0, 0.99, 50)
    for out in (offload.md1_mean_response(lam, 1.0), offload.mmc_mean_response(2 * lam, 1.0, 2),
                offload.mm1k_mean_response(lam, 1.0, 5)):
        assert np.all(np.diff(out) > 0)


def test_quantile_keyword_is_level():
    # the C++ names: wait_quantile(q, level), response_quantile(q, level) (issue 19 §6)
    q = offload.MM1.from_rates(6.0, 10.0)
    assert float(q.response_quantile(level=0.9)) == pytest.approx(math.log(10.0) / 4.0, rel=1e-12)
    assert float(q.wait_quantile(level=0.9)) == pytest.approx(float(q.wait_quantile(0.9)))
    with pytest.raises(TypeError):
        q.response_quantile(p=0.9)
