"""The multi-job planner from Python (offload.planning): seed 001's Table VII rows on its Table VI instance,
the proven optimum 146 / 43, the builder from the tier estimates, and bad input naming jobs[i].field."""
import math

import pytest

import offload
from offload import planning


def test_import_forms():
    import offload.planning as p2
    from offload.planning import solve_exact
    assert p2 is planning and solve_exact is planning.solve_exact


def test_table_vi_instance():
    p = planning.icu_ten_jobs()
    assert (p.job_count, p.server_count, p.device_machine) == (10, 2, 2)
    assert p.jobs[0] == planning.Job(release_time=1, weight=2, transmission_time=[56, 11], processing_time=[6, 9],
                                     device_time=14)
    assert p.unloaded_response_time(job=0, machine=1) == 20.0
    assert repr(p).startswith("Problem(jobs=[Job(release_time=1.0, weight=2.0, transmission_time=[56.0, 11.0]")
    assert repr(p).endswith("], server_count=2)") and eval(repr(p), vars(planning)) == p


@pytest.mark.parametrize("make, total, last", [
    (lambda p: planning.all_on_devices(p), 366, 94),
    (lambda p: planning.individually_best(p), 227, 67),
    (lambda p: planning.all_on_server(p, server=0, rule=planning.SequencingRule.arrival_order), 416, 100),
    (lambda p: planning.all_on_server(p, server=1, rule=planning.SequencingRule.arrival_order), 291, 72),
    (lambda p: planning.tabu_search(p).best, 146, 43),
    (lambda p: planning.make_plan(p, machine=[2, 1, 0, 1, 2, 2, 2, 0, 1, 1]), 150, 43),  # the seed's counts
])
def test_table_vii_rows(make, total, last):
    p = planning.icu_ten_jobs()
    s = planning.evaluate(p, make(p))
    assert (s.total_response, s.last_completion) == (total, last)


def test_exact_optimum_is_146_43_with_its_bound():
    p = planning.icu_ten_jobs()
    r = planning.solve_exact(p)
    assert r.proven_optimal
    assert r.objective == 227.0 and r.lower_bound == r.objective
    s = planning.evaluate(p, r.best)
    assert (s.total_response, s.last_completion, s.weighted_total_response) == (146, 43, 227)
    assert planning.independent_lower_bound(p) == 198.0
    assert "proven_optimal=True" in repr(r)
    # heuristics never beat the proven optimum
    for x in (planning.tabu_search(p).best, planning.list_schedule_and_improve(p),
              planning.earliest_completion_plan(p)):
        assert planning.evaluate(p, x).weighted_total_response >= r.objective


def test_schedule_fields_and_reprs():
    p = planning.icu_ten_jobs()
    s = planning.evaluate(p, planning.all_on_devices(p))
    t = s.jobs[0]
    assert (t.machine, t.transmission_start, t.transmission_end, t.processing_start, t.completion) == (2, 1, 1, 1, 15)
    assert repr(s).startswith("Schedule(jobs=[JobTiming(machine=2, transmission_start=1.0, transmission_end=1.0, "
                              "processing_start=1.0, completion=15.0), ")
    assert repr(s).endswith("], weighted_total_response=447.0, total_response=366.0, last_completion=94.0)")
    x = planning.Plan(machine=[0], sequence=[[0]])
    assert repr(x) == "Plan(machine=[0], sequence=[[0]])"
    assert str(planning.SequencingRule.release_order) == "SequencingRule.release_order"


def test_random_instances_exact_vs_heuristics():
    for seed in range(5):
        p = planning.random_problem(n=7, servers=2, seed=seed, integral=False, release_spread=1.0)
        exact = planning.solve_exact(p)
        assert exact.proven_optimal
        for x in (planning.tabu_search(p, max_count=1000).best, planning.list_schedule_and_improve(p)):
            assert planning.evaluate(p, x).weighted_total_response >= exact.objective * (1 - 1e-12)


def test_builder_from_tier_estimates():
    env = offload.TierEnvironment(device_flops=5e9, edge_flops=50e9, cloud_flops=1e12, edge_unit_latency=0.002,
                                  cloud_unit_latency=0.03, transmission_weight=1.5, processing_weight=0.8)
    w = offload.TierWorkload(model_flops=4e9, data_size=25.0)
    jobs = [planning.PredictedJob(workload=w, release_time=float(i), weight=1 + i % 2) for i in range(6)]
    p = planning.problem_from_tier_estimates(env, jobs, cloud_servers=1, edge_servers=2)
    assert p.server_count == 3
    t = offload.estimate_tier_times(env, w)
    job = p.jobs[0]
    # tier index: device 0, edge 1, cloud 2; servers: cloud first, then edge
    assert job.processing_time == [t.inference[2], t.inference[1], t.inference[1]]
    assert job.transmission_time == [t.transmission[2], t.transmission[1], t.transmission[1]]
    assert job.device_time == t.inference[0]
    assert planning.solve_exact(p).proven_optimal
    no_device = planning.PredictedJob(workload=w, has_device=False)
    assert math.isinf(planning.problem_from_tier_estimates(env, [no_device]).jobs[0].device_time)


def test_errors_name_the_field():
    good = dict(release_time=1, weight=2, transmission_time=[3, 1], processing_time=[4, 6], device_time=9)
    prefix = r"^offload: offload::planning::planning_problem: parameter 'jobs\[1\]\."
    for field, value, message in [("release_time", math.nan, "release_time' = nan is invalid: must be finite"),
                                  ("weight", 0.0, "weight' = 0 is invalid"),
                                  ("device_time", -1.0, "device_time' = -1 is invalid"),
                                  ("processing_time", [4, math.inf], r"processing_time\[1\]' = inf is invalid")]:
        bad = dict(good, **{field: value})
        with pytest.raises(ValueError, match=prefix + message):
            planning.Problem(jobs=[planning.Job(**good), planning.Job(**bad)], server_count=2)
    with pytest.raises(ValueError, match=r"parameter 'server_count' = -1"):
        planning.Problem(jobs=[], server_count=-1)
    p = planning.icu_ten_jobs()
    with pytest.raises(ValueError, match=r"offload::planning::make_plan: parameter 'machine\[3\]' = 7"):
        planning.make_plan(p, machine=[0, 0, 0, 7, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match=r"parameter 'machine\[0\]' = -1"):
        planning.make_plan(p, machine=[-1] * 10)
    with pytest.raises(ValueError, match=r"offload::planning::all_on_server: parameter 'server' = 2"):
        planning.all_on_server(p, server=2)
    env = offload.TierEnvironment(5e9, 50e9, 1e12, 0.002, 0.03)
    w = offload.TierWorkload(model_flops=4e9, data_size=25.0)
    jobs = [planning.PredictedJob(workload=w), planning.PredictedJob(workload=w, weight=-1.0)]
    with pytest.raises(ValueError, match=r"problem_from_tier_estimates: parameter 'jobs\[1\]\.weight' = -1"):
        planning.problem_from_tier_estimates(env, jobs)
