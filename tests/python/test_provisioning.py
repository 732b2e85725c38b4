"""Tests for offload.planning's model-provisioning planner (bind_provisioning.cpp).

The library's exact optimum is compared with an independent MILP written here with PuLP and solved by CBC
(python3-pulp, coinor-cbc from Debian), and the library's own CPLEX LP text is round-tripped through the
`cbc` binary and read back into a plan. Both are skipped when PuLP or cbc is missing.
"""
import math
import random
import shutil
import subprocess

import pytest

from offload import planning

pulp = pytest.importorskip("pulp")
CBC = shutil.which("cbc")

R = planning.ProvisioningPlan.REJECTED


def random_problem(seed, n, s, k, tight=True):
    rng = random.Random(seed)
    models = [planning.ProvisioningModel(f"m{q}", rng.uniform(50e6, 300e6), rng.uniform(1e9, 4e9)) for q in range(k)]
    hi = 8e9 if tight else 40e9
    nodes = [planning.ProvisioningNode(f"n{j}", rng.uniform(10e6, 500e6), rng.uniform(2e9, hi)) for j in range(s)]
    requests = [
        planning.ProvisioningRequest(
            rng.randrange(k), [rng.uniform(0.1, 0.5) for _ in range(s)], [rng.uniform(0.1, 0.8) for _ in range(s)]
        )
        for _ in range(n)
    ]
    return planning.ProvisioningProblem(models, nodes, requests)


def pulp_optimum(p):
    """The MILP of the provisioning problem written independently of the library's LP writer."""
    prob = pulp.LpProblem("provisioning", pulp.LpMinimize)
    models, nodes, requests = p.models, p.nodes, p.requests
    x, y, r = {}, {}, {}
    servable = [i for i, q in enumerate(requests) if any(p.can_host(j, q.model) for j in range(len(nodes)))]
    for i in servable:
        r[i] = pulp.LpVariable(f"r_{i}", cat="Binary")
        for j in range(len(nodes)):
            if p.can_host(j, requests[i].model):
                x[i, j] = pulp.LpVariable(f"x_{i}_{j}", cat="Binary")
    for k in range(len(models)):
        for j in range(len(nodes)):
            y[k, j] = pulp.LpVariable(f"y_{k}_{j}", cat="Binary")
    prob += pulp.lpSum(
        (requests[i].round_trip_time[j] + requests[i].execution_time[j]) * v for (i, j), v in x.items()
    ) + pulp.lpSum(p.rejection_cost * v for v in r.values())
    for i in servable:
        prob += pulp.lpSum(v for (a, _), v in x.items() if a == i) + r[i] == 1
    for (i, j), v in x.items():
        prob += v <= y[requests[i].model, j]
    # rows divided by the capacity: with bytes and FLOP as coefficients CBC's tolerances misjudge feasibility
    for j, node in enumerate(nodes):
        mem, cpu = node.memory or 1.0, node.compute or 1.0
        prob += pulp.lpSum(models[k].memory / mem * y[k, j] for k in range(len(models))) <= node.memory / mem
        prob += (
            pulp.lpSum(models[requests[i].model].compute_per_request / cpu * v for (i, a), v in x.items() if a == j)
            <= node.compute / cpu
        )
    prob.solve(pulp.COIN_CMD(path=CBC, msg=False))  # Debian's pulp ships no bundled cbc
    assert pulp.LpStatus[prob.status] == "Optimal"
    return pulp.value(prob.objective) or 0.0  # None when no request can be served (an empty objective)


@pytest.mark.skipif(CBC is None, reason="the cbc binary (coinor-cbc) is not installed")
@pytest.mark.parametrize("seed", range(12))
def test_exact_equals_independent_milp(seed):
    n, s, k = 4 + seed % 5, 2 + seed % 3, 1 + seed % 3
    p = random_problem(seed, n, s, k, tight=seed % 2 == 0)
    exact = planning.solve_provisioning_exact(p)
    assert exact.proven_optimal
    assert exact.objective == pytest.approx(pulp_optimum(p), rel=1e-7)  # CBC's default gaps are ~1e-9 relative
    assert planning.evaluate(p, exact.best).objective == pytest.approx(exact.objective, rel=1e-12)
    fast = planning.solve_provisioning_fast(p)
    assert fast.lower_bound <= exact.objective * (1 + 1e-12) <= fast.objective * (1 + 2e-12)


@pytest.mark.skipif(CBC is None, reason="the cbc binary (coinor-cbc) is not installed")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lp_file_round_trip_through_cbc(tmp_path, seed):
    p = planning.table_6_1_problem(seed=seed)
    lp = tmp_path / "model.lp"
    sol = tmp_path / "solution.txt"
    lp.write_text(planning.to_cplex_lp(p))
    subprocess.run([CBC, str(lp), "solve", "solu", str(sol)], check=True, capture_output=True, timeout=300)
    plan = planning.read_cbc_solution(p, sol.read_text())
    exact = planning.solve_provisioning_exact(p)
    assert exact.proven_optimal
    assert planning.evaluate(p, plan).objective == pytest.approx(exact.objective, rel=1e-7)


@pytest.mark.skipif(CBC is None, reason="the cbc binary (coinor-cbc) is not installed")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mps_file_round_trip_through_cbc(tmp_path, seed):
    p = planning.table_6_1_problem(seed=seed)
    mps = tmp_path / "model.mps"
    sol = tmp_path / "solution.txt"
    mps.write_text(planning.to_mps(p))
    subprocess.run([CBC, str(mps), "solve", "solu", str(sol)], check=True, capture_output=True, timeout=300)
    plan = planning.read_cbc_solution(p, sol.read_text())
    exact = planning.solve_provisioning_exact(p)
    assert exact.proven_optimal
    assert planning.evaluate(p, plan).objective == pytest.approx(exact.objective, rel=1e-7)


def test_rejections_reasons_and_diff():
    p = planning.ProvisioningProblem(
        [planning.ProvisioningModel("a", 100, 1), planning.ProvisioningModel("giant", 1000, 1)],
        [planning.ProvisioningNode("n", 150, 1)],
        [
            planning.ProvisioningRequest(0, [0.1], [0.1]),
            planning.ProvisioningRequest(0, [0.1], [0.2]),
            planning.ProvisioningRequest(1, [0.1], [0.1]),
            planning.ProvisioningRequest(planning.ProvisioningRequest.UNKNOWN_MODEL, [0.1], [0.1]),
        ],
    )
    r = planning.solve_provisioning_exact(p)
    assert r.best.dispatch == [0, R, R, R]
    e = planning.evaluate(p, r.best)
    RR = planning.RejectionReason
    assert e.rejection == [RR.none, RR.capacity_exhausted, RR.no_node_can_host, RR.unknown_model]
    assert math.isinf(e.latency[1])
    d = planning.diff_placement(p, [[1]], r.best)
    assert [(c.node, c.model) for c in d.provision] == [(0, 0)]
    assert [(c.node, c.model) for c in d.remove] == [(0, 1)]
    assert d.provision_memory == 100


def test_bad_input_names_the_field():
    m = [planning.ProvisioningModel("a", 1, 1)]
    n = [planning.ProvisioningNode("x", 1, 1), planning.ProvisioningNode("x", 1, 1)]
    with pytest.raises(ValueError, match=r"nodes\[1\]\.name"):
        planning.ProvisioningProblem(m, n, [])
    with pytest.raises(ValueError, match=r"requests\[0\]\.model"):
        planning.ProvisioningProblem(m, n[:1], [planning.ProvisioningRequest(3, [0.1], [0.1])])
    with pytest.raises(ValueError, match=r"requests\[0\]\.execution_time\[0\]"):
        planning.ProvisioningProblem(m, n[:1], [planning.ProvisioningRequest(0, [0.1], [math.nan])])
    with pytest.raises(ValueError, match=r"models\[0\]\.memory"):
        planning.ProvisioningProblem([planning.ProvisioningModel("a", -1, 1)], n[:1], [])
    with pytest.raises(ValueError, match=r"models\.size"):
        planning.ProvisioningProblem([], n[:1], [])
