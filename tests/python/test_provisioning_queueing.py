"""Tests for offload.planning's queueing-aware dispatch of request streams (bind_provisioning.cpp).

The evaluator is checked against the Pollaczek-Khinchine mean of the mixture written out here; the split
routing of one stream over two nodes against scipy's bounded scalar minimiser (skipped without scipy); the
simulator's confidence interval contains the prediction; the latency quantiles of a plan equal the M/M/1 law
(queueing_dispatch_latency_quantiles); errors name the field.
"""
import math

import pytest

from offload import planning


def models():
    return [planning.ProvisioningModel("a", 100.0, 0.0), planning.ProvisioningModel("b", 300.0, 0.0)]


def nodes():
    return [planning.DispatchNode("n0", 1000.0), planning.DispatchNode("n1", 1000.0)]


def test_evaluator_matches_pollaczek_khinchine():
    p = planning.QueueingDispatchProblem(
        models(),
        [planning.DispatchNode("n0", 1000.0)],
        [planning.DispatchStream(0, 2.0, [0.01], [0.1], 0.0), planning.DispatchStream(1, 1.0, [0.02], [0.3], 1.0)],
    )
    e = planning.evaluate_queueing_dispatch(p, planning.QueueingDispatchPlan([[0, 1]], [[1.0], [1.0]]))
    rho = 2 * 0.1 + 1 * 0.3
    w = (2 * 0.1**2 * 1 + 1 * 0.3**2 * 2) / (2 * (1 - rho))
    assert e.stable
    assert e.node_mean_wait[0] == pytest.approx(w, rel=1e-13)
    assert e.mean_latency == pytest.approx((2 * (0.01 + w + 0.1) + (0.02 + w + 0.3)) / 3, rel=1e-13)
    assert e.static_mean_latency == pytest.approx((2 * 0.11 + 0.32) / 3, rel=1e-13)


def test_split_routing_matches_scipy():
    optimize = pytest.importorskip("scipy.optimize")
    lam, t0, t1, tau0, tau1, c = 12.0, 0.05, 0.08, 0.0, 0.01, 1.0
    p = planning.QueueingDispatchProblem(models(), nodes(), [planning.DispatchStream(0, lam, [tau0, tau1], [t0, t1], c)])

    def mean(f):  # f to node 0; M/M/1-like P-K per node, written out independently
        total = 0.0
        for frac, t, tau in ((f, t0, tau0), (1 - f, t1, tau1)):
            x = frac * lam
            rho = x * t
            if rho >= 1:
                return math.inf
            total += x * (tau + t + x * t * t * (1 + c) / (2 * (1 - rho)))
        return total / lam

    ref = optimize.minimize_scalar(mean, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-12})
    r = planning.route_queueing_dispatch(p, [[0], [0]])
    assert r.status == "stable"
    assert r.evaluation.mean_latency == pytest.approx(ref.fun, rel=1e-9)
    assert r.plan.routing[0][0] == pytest.approx(ref.x, abs=1e-5)
    assert r.kkt_residual <= 1e-9 * r.evaluation.mean_latency


def test_solver_and_simulator():
    streams = [
        planning.DispatchStream(0, 10.0, [0.002, 0.01], [0.02, 0.03], 1.0),
        planning.DispatchStream(1, 10.0, [0.002, 0.01], [0.03, 0.04], 0.5),
    ]
    p = planning.QueueingDispatchProblem(models(), nodes(), streams)
    r = planning.solve_queueing_dispatch(p)
    assert r.status == "stable"
    assert all(sum(f) == pytest.approx(1.0) for f in r.plan.routing)
    static = planning.evaluate_queueing_dispatch(p, planning.static_dispatch_plan(p))
    assert r.evaluation.mean_latency <= static.mean_latency
    s = planning.simulate_queueing_dispatch(p, r.plan, requests=20000, warmup=2000, seed=42, runs=10)
    value, half = s["mean_latency"]
    assert abs(value - r.evaluation.mean_latency) <= half
    whole = planning.solve_queueing_dispatch(p, mode="whole")
    assert whole.evaluation.mean_latency >= r.evaluation.mean_latency * (1 - 1e-12)


def test_infeasible_and_errors():
    p = planning.QueueingDispatchProblem(models(), nodes(), [planning.DispatchStream(0, 30.0, [0, 0], [0.1, 0.1], 1.0)])
    r = planning.solve_queueing_dispatch(p)
    assert r.status == "overloaded"
    assert "overloaded" in r.reason
    with pytest.raises(ValueError, match=r"streams\[0\]\.arrival_rate"):
        planning.QueueingDispatchProblem(models(), nodes(), [planning.DispatchStream(0, math.nan, [0, 0], [0.1, 0.1])])
    with pytest.raises(ValueError, match=r"streams\[0\]\.model"):
        planning.QueueingDispatchProblem(models(), nodes(), [planning.DispatchStream(5, 1.0, [0, 0], [0.1, 0.1])])
    with pytest.raises(ValueError, match=r"nodes\[1\]\.name"):
        planning.QueueingDispatchProblem(
            models(), [planning.DispatchNode("x", 1.0), planning.DispatchNode("x", 1.0)],
            [planning.DispatchStream(0, 1.0, [0, 0], [0.1, 0.1])])
    with pytest.raises(ValueError, match="mode"):
        planning.solve_queueing_dispatch(p, mode="bogus")


def test_multi_server_node():
    # the default stays one server; an M/M/2 node is exact: C(2, a) = a^2 / (2 + a), W = C / (2 mu - lambda)
    assert planning.DispatchNode("n", 1.0).servers == 1
    node = planning.DispatchNode("gpu2", 1000.0, servers=2)
    assert node == planning.DispatchNode("gpu2", 1000.0, [], 2)
    assert node != planning.DispatchNode("gpu2", 1000.0)
    lam, theta = 15.0, 0.1
    p = planning.QueueingDispatchProblem(models(), [node], [planning.DispatchStream(0, lam, [0.01], [theta], 1.0)])
    assert p.nodes[0].servers == 2
    e = planning.evaluate_queueing_dispatch(p, planning.QueueingDispatchPlan([[0]], [[1.0]]))
    a = lam * theta
    w = a * a / (2 + a) / (2 / theta - lam)
    assert e.node_utilization[0] == pytest.approx(a / 2, rel=1e-14)
    assert e.node_mean_wait[0] == pytest.approx(w, rel=1e-12)
    with pytest.raises(ValueError, match=r"nodes\[0\]\.servers"):
        planning.QueueingDispatchProblem(
            models(), [planning.DispatchNode("n", 1.0, servers=0)], [planning.DispatchStream(0, 1.0, [0], [0.1])])
    with pytest.raises(TypeError):
        planning.DispatchNode("n", 1.0, servers=2.5)


def test_local_search_and_lower_bound():
    streams = [
        planning.DispatchStream(0, 30.0, [0.002, 0.006], [0.02, 0.05], 1.0),
        planning.DispatchStream(1, 20.0, [0.002, 0.006], [0.03, 0.07], 0.5),
    ]
    p = planning.QueueingDispatchProblem(
        models(), [planning.DispatchNode("one", 1000.0), planning.DispatchNode("three", 1000.0, servers=3)], streams)
    greedy = planning.solve_queueing_dispatch(p, local_search=False)
    r = planning.solve_queueing_dispatch(p)
    assert r.status == "stable"
    assert r.evaluation.mean_latency <= greedy.evaluation.mean_latency * (1 + 1e-12)
    assert 0 < r.lower_bound <= r.evaluation.mean_latency * (1 + 1e-9)
    assert planning.queueing_dispatch_lower_bound(p) == r.lower_bound
    assert r.local_moves >= 0


def test_latency_quantiles_mm1():
    # one exponential stream on one node: T = tau + Exp(mu - lambda); an unstable node gives inf, not an error
    lam, mu, tau = 6.0, 10.0, 0.02
    p = planning.QueueingDispatchProblem(models(), [planning.DispatchNode("n0", 1000.0)],
                                         [planning.DispatchStream(0, lam, [tau], [1.0 / mu], 1.0)])
    plan = planning.QueueingDispatchPlan([[0]], [[1.0]])
    for level in (0.5, 0.95, 0.99):
        q = planning.queueing_dispatch_latency_quantiles(p, plan, level)
        assert q.stable and q.level == level
        assert q.stream_latency_quantile[0] == pytest.approx(tau - math.log1p(-level) / (mu - lam), rel=1e-8)
        assert q.latency_quantile == pytest.approx(q.stream_latency_quantile[0], rel=1e-12)
    hot = planning.QueueingDispatchProblem(models(), [planning.DispatchNode("n0", 1000.0)],
                                           [planning.DispatchStream(0, 12.0, [tau], [1.0 / mu], 1.0)])
    q = planning.queueing_dispatch_latency_quantiles(hot, plan, 0.99)
    assert not q.stable and math.isinf(q.stream_latency_quantile[0]) and math.isinf(q.latency_quantile)
    for level in (0.0, 1.0, float("nan"), -0.5, 1.5):
        with pytest.raises(ValueError, match="'level'"):
            planning.queueing_dispatch_latency_quantiles(p, plan, level)


def test_minimize_quantile_never_worse_than_mean_optimal():
    # a far node (300 ms) takes more load when the p99 is the objective (docs/planning.md)
    p = planning.QueueingDispatchProblem(models(), nodes(),
                                         [planning.DispatchStream(0, 45.0, [0.0, 0.3], [0.02, 0.02], 1.0)])
    start = planning.route_queueing_dispatch(p, [[0], [0]])
    r = planning.minimize_queueing_dispatch_quantile(p, start.plan, 0.99)
    at_start = planning.queueing_dispatch_latency_quantiles(p, start.plan, 0.99)
    assert r.start_latency_quantile == at_start.latency_quantile
    assert r.quantiles.latency_quantile < 0.99 * r.start_latency_quantile
    assert r.plan.routing[0][1] > start.plan.routing[0][1]
    assert 1 <= r.evaluations <= 2000
    with pytest.raises(ValueError, match="max_evaluations"):
        planning.minimize_queueing_dispatch_quantile(p, start.plan, 0.99, 0)
