"""The joint offloading / bandwidth planner from Python (offload.planning, seed 002): the exact P2 against scipy's
SLSQP as an independent reference, exact P1 by enumeration and by branch and bound, the baselines, DDLO, and bad
input named in ValueError."""
import math

import pytest

from offload import planning


def small_problem(seed=1, **parameters):
    gen = planning.TaskSizeGenerator(3, 3, seed)
    return gen.next_problem(planning.OffloadingParameters(**parameters))


def test_defaults_and_repr():
    p = small_problem()
    assert repr(p).startswith("OffloadingProblem(device_count=3, tasks_per_device=3, task_bits=[")
    q = p.parameters
    assert (q.bandwidth_bits_per_second, q.local_seconds_per_bit, q.delay_weight) == (150e6, 4.75e-7, 1.0)
    assert q.edge_bits_per_second == pytest.approx(1e10 / 1900, rel=1e-15)
    assert q.energy.remote_joules_per_bit == 1.5e-7
    assert all(10 <= b / (8 * 2**20) <= 30 for b in p.task_bits)


def test_hand_computed_p2():
    # no local work: c proportional to sqrt(D) = {2, 1}; Q = 0.5 * 5 + (4/2 + 1) + (1/1 + 0.25)
    q = planning.OffloadingParameters(bandwidth_bits_per_second=3.0, local_seconds_per_bit=0.0,
                                      edge_bits_per_second=4.0, delay_weight=1.0,
                                      energy=planning_energy(1.0, 0.5, 0.0))
    p = planning.OffloadingProblem(2, 1, [4.0, 1.0], q)
    s = planning.optimal_bandwidth(p, [1, 1])
    assert s.bandwidth_bits_per_second == pytest.approx([2.0, 1.0], rel=1e-14)
    assert s.price == pytest.approx(1.0, rel=1e-14)
    assert s.capacity_binding
    assert s.utility == pytest.approx(6.75, rel=1e-14)
    e = planning.evaluate_offloading(p, [1, 1], [2.0, 1.0])
    assert e.utility == pytest.approx(6.75, rel=1e-14)
    assert [d.edge_seconds for d in e.devices] == pytest.approx([3.0, 1.25], rel=1e-14)


def planning_energy(el, et, alpha):
    import offload
    return offload.EnergyModel(el, et, alpha)


@pytest.mark.parametrize("seed", range(8))
def test_p2_matches_scipy(seed):
    scipy_optimize = pytest.importorskip("scipy.optimize")
    import numpy as np
    rng = np.random.default_rng(seed)
    capacity = float(1.5e6 * 10 ** (3 * rng.random()))
    p = small_problem(seed + 10, bandwidth_bits_per_second=capacity)
    x = [int(v) for v in rng.integers(0, 2, 9)]
    exact = planning.optimal_bandwidth(p, x)
    offloading = [n for n in range(3) if any(x[3 * n:3 * n + 3])]
    if not offloading:
        assert exact.bandwidth_bits_per_second == [0.0, 0.0, 0.0]
        return

    # smooth epigraph form for SLSQP: minimise sum t_n subject to t_n >= L_n, t_n >= A_n + D_n / (C u_n),
    # sum u <= 1 (u: shares of C); the exact solver's value must match it
    q = p.parameters
    bits = p.task_bits
    big_d = [sum(bits[3 * n + m] for m in range(3) if x[3 * n + m]) for n in offloading]
    big_a = [dn / q.edge_bits_per_second for dn in big_d]
    big_l = [q.local_seconds_per_bit * sum(bits[3 * n + m] for m in range(3) if not x[3 * n + m]) for n in offloading]
    k = len(offloading)
    scale = max(max(big_l), max(a + dn / capacity for a, dn in zip(big_a, big_d)))  # seconds -> O(1)

    def objective(v):
        return sum(v[k:])

    constraints = [{"type": "ineq", "fun": lambda v: 1.0 - sum(v[:k])}]
    for i in range(k):
        constraints.append({"type": "ineq", "fun": lambda v, i=i: v[k + i] - big_l[i] / scale})
        constraints.append({"type": "ineq", "fun": lambda v, i=i: v[k + i] - (big_a[i] + big_d[i] / (capacity * v[i])) / scale})
    start = [1.0 / k] * k + [max(big_l[i], big_a[i] + big_d[i] * k / capacity) / scale for i in range(k)]
    r = scipy_optimize.minimize(objective, start, method="SLSQP", bounds=[(1e-6, 1.0)] * k + [(0.0, None)] * k,
                                constraints=constraints, options={"ftol": 1e-15, "maxiter": 1000})
    assert r.status in (0, 8), r.message  # 8: the line search cannot improve further at ftol 1e-15
    shares = [float(u) for u in r.x[:k]]
    total = sum(shares)
    c = [0.0, 0.0, 0.0]
    for n, u in zip(offloading, shares):
        c[n] = u / max(total, 1.0) * capacity
    reference = planning.evaluate_offloading(p, x, c).utility
    # the exact solution is never worse than scipy's and scipy gets within 1e-9 of it
    assert exact.utility <= reference * (1 + 1e-12)
    assert reference <= exact.utility * (1 + 1e-9)


def test_p1_exact_solvers_agree():
    for seed in range(5):
        p = small_problem(seed, bandwidth_bits_per_second=5e6)
        e = planning.enumerate_offloading(p)
        b = planning.offloading_branch_and_bound(p)
        assert e.proven_optimal and b.proven_optimal and b.gap == 0.0
        assert b.utility == pytest.approx(e.utility, rel=1e-12)
        equal = planning.enumerate_offloading(p, planning.BandwidthRule.equal_split)
        assert e.utility <= equal.utility * (1 + 1e-12)
        assert e.utility <= planning.local_only_solution(p).utility
        assert e.utility <= planning.edge_only_solution(p).utility
        assert e.nodes == 512


def test_ddlo_learns_deterministically():
    o = planning.DdloOptions()
    o.dnn_count = 3
    o.training_start = 64
    o.batch_size = 32
    a = planning.Ddlo(3, 3, options=o)
    b = planning.Ddlo(3, 3, options=o)
    gen = planning.TaskSizeGenerator(3, 3, 4)
    for _ in range(200):
        d = gen.next()
        x, y = a.step(d), b.step(d)
        assert (x.offload, x.utility, x.dnn) == (y.offload, y.utility, y.dnn)
        exact = planning.optimal_bandwidth(planning.OffloadingProblem(3, 3, d), x.offload)
        assert x.utility == pytest.approx(exact.utility, rel=1e-13)
    assert a.steps == 200 and a.training_steps > 0
    assert a.last_losses == b.last_losses


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"task_bits\[1\]\[0\]' = -1"):
        planning.OffloadingProblem(2, 1, [1.0, -1.0])
    with pytest.raises(ValueError, match="bandwidth_bits_per_second"):
        planning.OffloadingProblem(1, 1, [1.0], planning.OffloadingParameters(bandwidth_bits_per_second=0.0))
    with pytest.raises(ValueError, match="delay_weight' = nan"):
        planning.OffloadingProblem(1, 1, [1.0], planning.OffloadingParameters(delay_weight=math.nan))
    with pytest.raises(ValueError, match="device_count' = -2"):
        planning.OffloadingProblem(-2, 1, [1.0])
    p = small_problem()
    with pytest.raises(ValueError, match=r"offload\[2\]' = 3"):
        planning.optimal_bandwidth(p, [0, 1, 3, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="device_count \\* tasks_per_device' = 25"):
        planning.enumerate_offloading(planning.OffloadingProblem(5, 5, [1.0] * 25))
    with pytest.raises(ValueError, match="max_nodes' = 0"):
        planning.offloading_branch_and_bound(p, max_nodes=0)
    o = planning.DdloOptions()
    o.dnn_count = 0
    with pytest.raises(ValueError, match="dnn_count' = 0"):
        planning.Ddlo(3, 3, options=o)
