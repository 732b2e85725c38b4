"""The ML-jobs planner from Python (offload.planning, seed 000): hand-made traces (who runs when), the policies'
order on one trace, replications with intervals, JSON traces with pointer errors, and Table 1's costs exactly."""
import math
import os

import pytest

from offload import planning as pl


def run(workers, jobs, policy, **options):
    problem = pl.MLClusterProblem([pl.MLWorker(*w) for w in workers], [pl.MLJob(*j) for j in jobs])
    return problem, pl.simulate_cluster(problem, pl.SchedulerOptions(policy=policy, record_intervals=True, **options))


def test_fifo_strict_blocks_and_backfilling_does_not():
    jobs = [(0.0, 3, 10.0), (1.0, 4, 5.0), (2.0, 1, 2.0)]
    _, strict = run([(4, 1.0)], jobs, pl.SchedulingPolicy.fifo)
    assert [o.completion for o in strict.jobs] == [10.0, 15.0, 17.0]
    problem, backfill = run([(4, 1.0)], jobs, pl.SchedulingPolicy.fifo_backfill)
    assert backfill.jobs[2].first_start == 2.0 and backfill.jobs[2].completion == 4.0
    m = pl.summarize(problem, backfill)
    assert m.mean_jct == pytest.approx((10 + 14 + 2) / 3, rel=1e-12)
    assert (m.median_jct, m.longest_wait, m.jobs) == (10.0, 9.0, 3)
    assert m.gpu_utilization == pytest.approx(52 / 60, rel=1e-12)


def test_srsf_preempts_with_restore_time():
    # a 1-GPU worker; the 4 s job is preempted by the 1 s job and pays 0.5 s to restore
    _, r = run([(1, 1.0)], [(0.0, 1, 4.0), (1.0, 1, 1.0)], pl.SchedulingPolicy.srsf, restore_time=0.5)
    assert r.jobs[1].completion == 2.0
    assert r.jobs[0].preemptions == 1
    assert r.jobs[0].completion == pytest.approx(5.5, rel=1e-12)
    assert [(i.job, i.start, i.end) for i in r.intervals] == [(0, 0.0, 1.0), (1, 1.0, 2.0), (0, 2.0, 5.5)]


def test_st_las_without_demotion_is_fifo_run_for_run():
    # 1-GPU jobs (with gangs, a waiting earlier job may preempt a later one that started on idle GPUs: not FIFO)
    w = pl.MLWorkload(arrival_rate=1.2, duration=pl.DurationDistribution.lognormal(1.0, 4.0))
    jobs = pl.generate_jobs(w, 500, seed=7)
    assert jobs == pl.generate_jobs(w, 500, seed=7)
    p = pl.MLClusterProblem([pl.MLWorker(1), pl.MLWorker(2)], jobs)
    fifo = pl.simulate_cluster(p, pl.SchedulerOptions(policy=pl.SchedulingPolicy.fifo))
    st = pl.simulate_cluster(p, pl.SchedulerOptions(policy=pl.SchedulingPolicy.st_las, demotion_threshold=1e12))
    assert [o.completion for o in st.jobs] == [o.completion for o in fifo.jobs]


def test_replicate_cluster_intervals_and_policy_order():
    pool = [pl.MLWorker(4), pl.MLWorker(4)]
    w = pl.MLWorkload(duration=pl.DurationDistribution.lognormal(1.0, 4.0),
                      gpu_mix=[pl.GpuDemandShare(1, 0.6), pl.GpuDemandShare(2, 0.3), pl.GpuDemandShare(4, 0.1)])
    w.arrival_rate = 0.7 * 8 / w.mean_gpus
    assert w.offered_gpu_load(8) == pytest.approx(0.7, rel=1e-12)
    reps = pl.ReplicationOptions(jobs=2000, warmup_jobs=200, cooldown_jobs=200, replications=4, seed=3)
    las = pl.replicate_cluster(pool, w, pl.SchedulerOptions(policy=pl.SchedulingPolicy.las, las_quantum=0.1), reps)
    fifo = pl.replicate_cluster(pool, w, pl.SchedulerOptions(policy=pl.SchedulingPolicy.fifo_backfill), reps)
    assert las.replications == 4
    assert las.mean_jct.half_width > 0
    # heavy-tailed sizes: size-blind LAS beats first-come-first-served (FIFO's interval is wide: its JCTs are)
    assert las.mean_jct.value < 0.8 * fifo.mean_jct.value
    assert las.mean_jct.half_width < fifo.mean_jct.half_width
    assert 0.6 < las.gpu_utilization.value < 0.75
    assert las.p95_jct.value > las.median_jct.value


def test_bad_input_is_a_value_error_naming_the_field():
    with pytest.raises(ValueError, match=r"jobs\[0\]\.gpus"):
        pl.MLClusterProblem([pl.MLWorker(4)], [pl.MLJob(0.0, 8, 1.0)])
    with pytest.raises(ValueError, match=r"jobs\[0\]\.duration"):
        pl.MLClusterProblem([pl.MLWorker(4)], [pl.MLJob(0.0, 1, math.nan)])
    with pytest.raises(ValueError, match=r"options\.spread_slowdown"):
        pl.simulate_cluster(pl.MLClusterProblem([pl.MLWorker(1)], []), pl.SchedulerOptions(spread_slowdown=0.5))
    with pytest.raises(ValueError, match="alpha"):
        pl.DurationDistribution.pareto(1.0, 1.0)
    with pytest.raises(ValueError, match="replications"):
        pl.replicate_cluster([pl.MLWorker(1)], pl.MLWorkload(), pl.SchedulerOptions(),
                             pl.ReplicationOptions(replications=1))
    with pytest.raises(ValueError, match="'n'"):
        pl.generate_jobs(pl.MLWorkload(), -1)
    with pytest.raises(ValueError, match="price_per_hour"):
        pl.stream_cost(pl.CloudInstance(-3.06), 1.0, pl.SECONDS_PER_31_DAY_MONTH)


def test_traces_round_trip_and_errors_name_the_pointer(tmp_path):
    text = '{"workers": [{"gpus": 2}], "jobs": [{"arrival_time_s": 0, "gpus": 2, "duration_s": 3},' \
           ' {"arrival_time_s": 1, "gpus": 1, "duration_s": 1}]}'
    p = pl.ml_cluster_problem_from_json_text(text)
    assert p.workers[0] == pl.MLWorker(2, 1.0) and p.jobs[1] == pl.MLJob(1.0, 1, 1.0)
    assert pl.ml_cluster_problem_from_json_text(pl.to_json_text(p)) == p
    out = pl.to_json_text(p, pl.simulate_cluster(p, pl.SchedulerOptions(policy=pl.SchedulingPolicy.fifo)), indent=-1)
    assert '"completion_s":4.0' in out and '"jct_s":3.0' in out
    path = os.path.join(tmp_path, "trace.json")
    pl.write_ml_cluster_problem(path, p)
    assert pl.read_ml_cluster_problem(path) == p
    with pytest.raises(ValueError, match=r"'/jobs/0/gpus' = 3 is invalid: must be <= the GPUs of the largest"):
        pl.ml_cluster_problem_from_json_text('{"workers": [{"gpus": 2}], '
                                             '"jobs": [{"arrival_time_s": 0, "gpus": 3, "duration_s": 1}]}')
    with pytest.raises(ValueError, match=r"is not well-formed JSON: line 1"):
        pl.ml_cluster_problem_from_json_text('{"workers": [')
    with pytest.raises(OSError):
        pl.read_ml_cluster_problem(os.path.join(tmp_path, "missing.json"))


def test_table_1_exactly():
    month = pl.SECONDS_PER_31_DAY_MONTH
    assert month == 31 * 86400
    assert pl.stream_cost(pl.CloudInstance(3.06), 1.0, month) == pytest.approx(2276.64, rel=1e-12)
    assert pl.stream_cost(pl.CloudVideoAPI(0.1), 1.0, month) == pytest.approx(4464.0, rel=1e-12)
    assert pl.stream_cost(pl.CloudImageAPI(0.4), 1.0, month) == pytest.approx(1071.36, rel=1e-12)
    assert pl.stream_cost(pl.CloudImageAPI(1.5), 1.0, month) == pytest.approx(4017.60, rel=1e-12)
    ws = pl.OnPremisesWorkstation(purchase_price=5000, power_watts=500, electricity_price_per_kwh=0.2)
    assert pl.running_cost(ws, 1.0, month) == pytest.approx(74.40, rel=1e-12)
    assert pl.break_even_months(ws, 2276.64, 1.0) == pytest.approx(5000 / (2276.64 - 74.40), rel=1e-12)
    assert pl.cost_per_1000_inferences(pl.CloudInstance(3.06, throughput=10.0)) == pytest.approx(0.085, rel=1e-12)
    assert pl.break_even_months(pl.OnPremisesWorkstation(5000, power_watts=500, electricity_price_per_kwh=0.2),
                                10.0, 1.0) == math.inf


def test_cost_in_decisions():
    import offload
    # seed 000: the on-premises GPU, AWS p3.2xlarge at 1 request/s, a per-image API ($ per request)
    options = [offload.OptionPrediction(kind=offload.OptionKind.edge, remote=0, mean=0.08, p95=0.14, p99=0.2,
                                        cost=0.290259 / 3600),
               offload.OptionPrediction(kind=offload.OptionKind.cloud, remote=1, mean=0.38, p95=0.9, p99=1.04,
                                        cost=3.06 / 3600),
               offload.OptionPrediction(kind=offload.OptionKind.cloud, remote=2, mean=0.5, p95=0.7, p99=0.8,
                                        cost=0.0004)]
    assert options[1].cost == 3.06 / 3600
    assert "cost=0.00085" in repr(options[1]) and repr(offload.OptionPrediction(mean=1.0)).endswith("cost=0.0)")
    assert offload.choose(options, offload.Objective.cost()).index == 0
    assert offload.Objective.cost().kind == offload.ObjectiveKind.cost
    # a budget under the on-premises cost: nothing meets it, the least bad is said so
    c = offload.choose(options, offload.Objective.mean_latency(), offload.Constraints(max_cost=1e-5))
    assert not c.feasible and c.reason == offload.ChoiceReason.no_option_meets_constraints
    # without the on-premises option: the cheapest whose p99 <= 1 s is the API, not the instance
    c = offload.choose(options[1:], offload.Objective.cost(), offload.Constraints(max_p99=1.0))
    assert (c.index, c.feasible) == (1, True)
    assert "max_cost=0.001" in repr(offload.Constraints(max_cost=0.001))
    with pytest.raises(ValueError, match="max_cost"):
        offload.Constraints(max_cost=-1.0)
    with pytest.raises(ValueError, match="cost"):
        offload.OptionPrediction(mean=1.0, cost=-1.0)
