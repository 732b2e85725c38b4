"""Issue 18: hostile calls through the Python API, each run in a worker subprocess so that a crash
(segmentation fault) or a hang is reported by the call's name instead of killing pytest.

Every case is (expression, expectation):
    "prob"            every number returned is a probability in [0, 1] (never NaN)
    "time"            every number returned is >= 0 (+inf allowed, never NaN)
    ("equal", x)      every number returned equals x
    ("error", text)   ValueError (or TypeError for a wrong type) whose message contains text
The worker evaluates the expressions in order and prints one JSON line per case; if it dies, the case it
was running is recorded as a crash and a new worker continues after it. Each case has a time limit.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest

TIME_LIMIT_SECONDS = 60.0  # per case; a case that takes longer is reported as a hang

NAN, INF = "float('nan')", "float('inf')"
PI4 = "offload.hardware_preset('raspberry_pi_4b')"

QUEUES = {
    "MM1": "offload.MM1(1.0, 0.5)",
    "MM1 unstable": "offload.MM1(2.0, 1.0)",
    "MD1": "offload.MD1(0.5, 1.0)",
    "MG1": "offload.MG1(0.5, 1.0, 40.0)",
    "MMC": "offload.MMC(2.0, 0.05, 2)",
    "MDC": "offload.MDC(1.5, 1.0, 3)",
    "MM1K": "offload.MM1K(2.0, 0.05, 10)",
    "MMCK": "offload.MMCK(2.0, 0.05, 2, 10)",
    "MG1K": "offload.MG1K(2.0, 0.05, 0.5, 10)",
    "KParallelMM1": "offload.KParallelMM1(offload.MM1(1.0, 1.0), 2.0)",
    "KParallelMD1": "offload.KParallelMD1(offload.MD1(0.2, 1.0), 2.0)",
    "KParallelMG1": "offload.KParallelMG1(offload.MG1(0.2, 1.0, 0.9), 2.0)",
}


def queue_cases():
    cases = []
    for name, q in QUEUES.items():
        unstable = "unstable" in name
        for method in ("wait_cdf", "response_cdf"):
            cases.append((f"{q}.{method}({NAN})", ("error", "'t' = nan")))
            cases.append((f"{q}.{method}(None)", ("error", "")))  # NaN after numpy's conversion, or a TypeError
            cases.append((f"{q}.{method}({INF})", ("equal", 0.0 if unstable else 1.0)))
            cases.append((f"{q}.{method}(-{INF})", ("equal", 0.0)))
            cases.append((f"{q}.{method}(1e308)", "prob"))
            cases.append((f"{q}.{method}([0.0, 5e-324, 1e-300, 1.0, 1e20])", "prob"))
        for method in ("wait_quantile", "response_quantile"):
            cases.append((f"{q}.{method}([5e-324, 1e-300, 1e-6, 0.5, 0.99, 1 - 1e-15])", "time"))
            for bad in (NAN, "0.0", "1.0", "-1.0", INF):
                cases.append((f"{q}.{method}({bad})", ("error", "'level'")))
    return cases


OTHER_CASES = [
    # issue 18 #1: the advisor's "general" workload with parallelism 2
    ("offload.KParallelMG1(offload.MG1(0.2, 1.0, 0.9), 2.0).response_cdf(1.0)", "prob"),
    ("offload.KParallelMG1(offload.MG1(0.2, 1.0, 0.9), 2.0).response_quantile(0.99)", "time"),
    # issue 18 #6: t / D beyond 2^64
    ("offload.MD1(0.5, 1.0).wait_cdf(1e20)", ("equal", 1.0)),
    # issue 18 #11, #12
    ("list(offload.MM1K(1e-20, 1.0, 5).state_probabilities())", "prob"),
    ("sum(offload.MG1K(2.0, 0.05, 5e-324, 10).state_probabilities())", ("equal", 1.0)),
    # issue 18 #14
    ("offload.erlang_b(1e9, 1.0)", ("equal", 0.0)),
    ("offload.erlang_b(2.5, 1.0)", ("error", "servers")),
    # issue 18 #15
    ("offload.MG1(0.5, 1.0, 40.0).response_quantile(1e-6)", "time"),
    ("offload.MMC(1.5, 1.0, 3).response_quantile(1e-300)", "time"),
    # issue 18 #9 and #2: enumerations outside their range
    ("offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05).flops(offload.Tier(99))", ("error", "enumerators")),
    ("offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05).unit_latency(offload.Tier(3))", ("error", "enumerators")),
    ("offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05).flops(offload.Tier.cloud)", ("equal", 1e11)),
    ("offload.bytes_per_element(offload.DType(7))", ("error", "enumerators")),
    ("repr(offload.Activation(offload.ActivationKind(99)))", ("error", "enumerators")),
    # issue 18 #2: the recurrent layers' bias enumeration
    ("repr(offload.LSTM(8, 8, bias=offload.RecurrentBias(99)))", ("error", "'bias' = 99")),
    ("repr(offload.GRU(8, 8, bias=offload.RecurrentBias(99)))", ("error", "'bias' = 99")),
    # issue 18 #9 (records): an enumerator outside its range is rejected where it enters, naming the field
    ("offload.CalibrationOptions(weighting=offload.CalibrationWeighting(99))", ("error", "'weighting' = 99")),
    ("offload.sim.RunOptions(method=offload.sim.CiMethod(99))", ("error", "'method' = 99")),
    ("setattr(offload.LayerCost(), 'kind', offload.OpClass(99))", ("error", "'kind' = 99")),
    # issue 18 #10: response = wait + service >= wait (GG1 gives means only: no quantiles to order)
    ("[offload.GG1(0.9, 0.1, 1.0, 0.1).mean_response() - offload.GG1(0.9, 0.1, 1.0, 0.1).mean_wait() - 1.0]",
     ("equal", 0.0)),
    # issue 18 #14: sizes are checked before anything is allocated
    ("offload.SlidingWindowRate(10.0, capacity=2**31)", ("error", "'capacity'")),
    ("offload.TenantMix.replicate(offload.TenantDemand(1.0, 0.01), 10**7)", ("error", "'count'")),
    ("offload.sim.exponential(1.0).sample(offload.sim.Rng(1), 2**31)", ("error", "'size'")),
    ("offload.planning.Ddlo(2**31, 2)", ("error", "'device_count'")),
    ("offload.planning.Ddlo(10**6, 10**6)", ("error", "'device_count'")),
    ("offload.planning.random_problem(2, 2**31, 1)", ("error", "'servers'")),
    # issue 18 #15: M/D/c at a million servers in heavy traffic
    ("offload.MDC(999999.0, 1.0, 1e6).mean_wait()", "time"),
    ("offload.MDC(2999999.0, 1.0, 3e6).mean_wait()", ("error", "'servers' = 3000000")),
    ("offload.MDC(1.5e6, 1.0, 2e6).mean_wait()", "time"),
    ("offload.MDC(9990.0, 1.0, 10000).wait_cdf([0.0, 0.01, 0.1, 1.0])", "prob"),  # was NaN (product overflow)
    ("offload.MDC(9990.0, 1.0, 10000).wait_quantile([0.5, 0.99])", "time"),  # was Boost's "do not bracket"
    ("offload.MDC(1e4 * (1 - 1e-4), 1.0, 10000).wait_quantile(0.99)", ("error", "'servers' = 10000")),
    # issue 18 #16: NaN never decides a comparison, reaches a report or a moment
    ("offload.compare_latencies(float('nan'), 0.1)", ("error", "'first_latency' = nan")),
    ("offload.find_crossovers(lambda x: (1.0, x), 0.5, 2.0).describe(float('nan'))", ("error", "'scale'")),
    ("offload.find_crossovers(lambda x: (1.0, x), 0.5, 2.0).label(offload.Winner(99))", ("error", "'winner' = 99")),
    ("offload.sim.uniform(0.1, 1e300).scv", ("equal", 1.0 / 3.0)),
    # issue 18 #17: the caller's parameter is named, not an internal model's
    ("offload.NetworkLink(float('nan'))", ("error", "'bandwidth' = nan")),
    ("offload.Model.chain('m', [], [])", ("error", "'input_shape' = []")),
    ("offload.TransformerDecoderBlock(0, 4, mlp_hidden=8)", ("error", "'hidden_size' = 0")),
    ("offload.adaptive_edge_latency(1.0, 2.0, 0.01, 0.5, 5e-324)", ("error", "request_bytes")),
    # issue 18 #9 (records, closing round): every plain record rejects an enumerator outside its range, naming it
    ("offload.CrossoverOptions(spacing=offload.GridSpacing(99))", ("error", "'spacing' = 99")),
    ("offload.CrossoverOptions(method=offload.CrossoverMethod(99))", ("error", "'method' = 99")),
    ("setattr(offload.CrossoverOptions(), 'spacing', offload.GridSpacing(-1))", ("error", "'spacing' = -1")),
    ("offload.LayerCost(kind=offload.OpClass(99))", ("error", "'kind' = 99")),
    ("offload.OptionPrediction(kind=offload.OptionKind(99))", ("error", "'kind' = 99")),
    ("offload.OptionPrediction(status=offload.PredictionStatus(99))", ("error", "'status' = 99")),
    ("offload.PolicyRemote('e', offload.ServiceDemand(0.01), 1e6, kind=offload.OptionKind(99))",
     ("error", "'kind' = 99")),
    ("setattr(offload.PolicyRemote('e', offload.ServiceDemand(0.01), 1e6), 'kind', offload.OptionKind(99))",
     ("error", "'kind' = 99")),
    ("offload.PolicyWorkload(1e3, destination=offload.ResultDestination(99))", ("error", "'destination' = 99")),
    ("setattr(offload.PolicyWorkload(1e3), 'destination', offload.ResultDestination(99))",
     ("error", "'destination' = 99")),
    (f"offload.SplitCloud({PI4}, 1e6, data_type=offload.DType(99))", ("error", "'data_type' = 99")),
    ("offload.SplitScenario(1.0, 1e6, destination=offload.ResultDestination(99))", ("error", "'destination' = 99")),
    ("offload.SplitScenario(1.0, 1e6, device_dtype=offload.DType(99))", ("error", "'device_dtype' = 99")),
    ("offload.SplitScenario(1.0, 1e6, edge_dtype=offload.DType(99))", ("error", "'edge_dtype' = 99")),
    ("offload.planning.SchedulerOptions(policy=offload.planning.SchedulingPolicy(99))", ("error", "'policy' = 99")),
    ("offload.planning.SchedulerOptions(placement=offload.planning.PlacementRule(99))", ("error", "'placement' = 99")),
    ("setattr(offload.planning.SchedulerOptions(), 'policy', offload.planning.SchedulingPolicy(99))",
     ("error", "'policy' = 99")),
    ("setattr(offload.sim.RunOptions(), 'method', offload.sim.CiMethod(99))", ("error", "'method' = 99")),
    ("setattr(offload.CalibrationOptions(), 'weighting', offload.CalibrationWeighting(99))",
     ("error", "'weighting' = 99")),
    ("offload.Objective.percentile(offload.PercentileLevel(99))", ("error", "'level' = 99")),
    (f"{PI4}.has_peak(offload.DType(99))", ("error", "'dtype' = 99")),
    (f"offload.split_latencies({PI4}, {PI4}, offload.zoo.yolov8n(), device_dtype=offload.DType(99))",
     ("error", "'device_dtype' = 99")),
    (f"offload.split_latencies({PI4}, {PI4}, offload.zoo.yolov8n(), edge_dtype=offload.DType(99))",
     ("error", "'edge_dtype' = 99")),
    ("offload.ModelBuilder('m', (1, 2), offload.DType(99))", ("error", "'dtype' = 99")),
    ("offload.Model.chain('m', (1, 2), [], offload.DType(99))", ("error", "'dtype' = 99")),
    ("offload.planning.all_on_server(offload.planning.icu_ten_jobs(), 0, offload.planning.SequencingRule(99))",
     ("error", "'rule' = 99")),
    ("offload.planning.individually_best(offload.planning.icu_ten_jobs(), offload.planning.SequencingRule(-1))",
     ("error", "'rule' = -1")),
    ("offload.planning.make_plan(offload.planning.icu_ten_jobs(), [0] * 10, offload.planning.SequencingRule(99))",
     ("error", "'rule' = 99")),
    # issue 18 #17: the pipelines' latency_quantile names its own 'level' (was the distribution's 'p')
    ("offload.DnnOnDevice(arrival_rate=2.0, device=offload.ServiceDemand(0.2)).latency_quantile(float('nan'))",
     ("error", "'level' = nan")),
    ("offload.GeneralOnDevice(arrival_rate=2.0, device=offload.ServiceDemand(0.2)).latency_quantile(1.0)",
     ("error", "'level' = 1")),
    ("offload.LlmOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6), "
     "sizes=offload.Payload(1e4, 0.0)).latency_quantile([0.5, -1.0])", ("error", "'level' = -1")),
    # issue 18 #16 (NaN at the Python boundary)
    ("offload.LayerCost(macs=float('nan'))", ("error", "'macs' = nan")),
    ("offload.LayerCost(output_bytes=float('nan'))", ("error", "'output_bytes' = nan")),
    ("offload.megabits_per_second(float('nan'))", ("error", "'mbit_per_second' = nan")),
    ("offload.megabits_per_second([1.0, float('nan')])", ("error", "'mbit_per_second' = nan")),
    # issue 18 #17 (closing round): the caller's parameter is named, not an internal one
    ("offload.NetworkLink(1e6, propagation_delay=-1.0)", ("error", "'propagation_delay' = -1")),
    ("offload.Objective.energy_delay(-1.0)", ("error", "'beta' = -1")),
    ("offload.Objective.energy_delay(float('nan'))", ("error", "'beta' = nan")),
    ("offload.zoo.yolov8n().cost(10**6)", ("error", "'key' = 1000000")),
    ("offload.zoo.yolov8n().layer('nope')", ("error", "'key' = 'nope'")),
    ("offload.ModelBuilder('m', ())", ("error", "'input_shape' = []")),
    ("offload.ModelBuilder('m', (1, -3))", ("error", "'input_shape' = [1, -3]")),
    ("offload.ModelBuilder('m', (1, 2)).training_only_parameters(float('nan'))", ("error", "'count' = nan")),
    ("offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05).flops(offload.Tier(3))", ("error", "'tier' = 3")),
    ("offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05).unit_latency(offload.Tier(99))", ("error", "'tier' = 99")),
    ("offload.GeneralOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6), "
     "sizes=offload.Payload(1e4, 0.0)).with_remote_load(float('nan'), offload.ServiceDemand(0.02))",
     ("error", "'remote_arrival_rate' = nan")),
    ("offload.DnnOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6), "
     "sizes=offload.Payload(1e4, 0.0)).with_remote_load(-1.0, offload.ServiceDemand(0.02))",
     ("error", "'remote_arrival_rate' = -1")),
    ("offload.LlmOffload(arrival_rate=2.0, remote=offload.ServiceDemand(0.02), link=offload.NetworkLink(1e6), "
     "sizes=offload.Payload(1e4, 0.0)).with_remote_load(float('-inf'), offload.ServiceDemand(0.02))",
     ("error", "'remote_arrival_rate' = -inf")),
    ("offload.planning.problem_from_tier_estimates(offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05), [], "
     "cloud_servers=-1)", ("error", "'cloud_servers' = -1")),
    ("offload.planning.problem_from_tier_estimates(offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05), [], "
     "cloud_servers=1, edge_servers=10**6)", ("error", "'edge_servers' = 1000000")),
    ("offload.planning.problem_from_tier_estimates(offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05), "
     "[offload.planning.PredictedJob(workload=offload.TierWorkload(1e8, 1.0), has_device=False)], "
     "cloud_servers=0, edge_servers=0)", ("error", "'cloud_servers' = 0")),
]

WORKER = textwrap.dedent(
    """
    import json, math, sys
    import offload

    def numbers(value):
        if isinstance(value, (list, tuple)):
            return [x for v in value for x in numbers(v)]
        try:
            import numpy
            if isinstance(value, numpy.ndarray):
                return [float(x) for x in value.ravel()]
        except ImportError:
            pass
        if isinstance(value, (bool, int, float)):
            return [float(value)]
        return []

    cases = json.loads(sys.stdin.readline())
    start = int(sys.argv[1])
    for index in range(start, len(cases)):
        print(json.dumps({"start": index}), flush=True)
        try:
            value = eval(cases[index], {"offload": offload, "math": math})
            out = {"index": index, "numbers": [repr(x) for x in numbers(value)]}
        except (ValueError, TypeError) as error:
            out = {"index": index, "error": type(error).__name__, "message": str(error)}
        except Exception as error:  # any other exception type is a finding too
            out = {"index": index, "error": type(error).__name__, "message": str(error)}
        print(json.dumps(out), flush=True)
    """
)


def run_all(expressions):
    """Runs every expression; returns {index: outcome}, where outcome is the worker's dict, or
    {"crash": returncode} / {"hang": True}."""
    results = {}
    start = 0
    environment = dict(os.environ)
    while start < len(expressions):
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        worker.stdin.write(json.dumps(expressions) + "\n")
        worker.stdin.flush()
        running = None
        import selectors

        selector = selectors.DefaultSelector()
        selector.register(worker.stdout, selectors.EVENT_READ)
        while True:
            if not selector.select(timeout=TIME_LIMIT_SECONDS):
                worker.kill()
                worker.wait()
                results[running if running is not None else start] = {"hang": True}
                break
            line = worker.stdout.readline()
            if not line:
                code = worker.wait()
                if running is not None and running not in results:
                    results[running] = {"crash": code, "stderr": worker.stderr.read()[-2000:]}
                break
            message = json.loads(line)
            if "start" in message:
                running = message["start"]
            else:
                results[message["index"]] = message
                running = None
        selector.close()
        done = [i for i in results if i >= start]
        if running is None and (not done or max(done) == len(expressions) - 1):
            break
        start = (max(done) + 1) if done else start + 1
    return results


def judge(outcome, expectation):
    """None if the outcome meets the expectation, else a description of the finding."""
    if "crash" in outcome:
        return f"crashed (exit {outcome['crash']}): {outcome.get('stderr', '')[-300:]}"
    if "hang" in outcome:
        return f"did not return within {TIME_LIMIT_SECONDS} s"
    if isinstance(expectation, tuple) and expectation[0] == "error":
        if "error" not in outcome:
            return f"returned {outcome['numbers']} instead of raising"
        if outcome["error"] not in ("ValueError", "TypeError"):
            return f"raised {outcome['error']}: {outcome['message']}"
        if expectation[1] not in outcome["message"]:
            return f"message does not name {expectation[1]!r}: {outcome['message']}"
        return None
    if "error" in outcome:
        return f"raised {outcome['error']}: {outcome['message']}"
    values = [float(x) for x in outcome["numbers"]]
    if not values:
        return "returned no number"
    if any(v != v for v in values):
        return f"NaN in {values}"
    if expectation == "prob" and not all(0.0 <= v <= 1.0 for v in values):
        return f"not a probability: {values}"
    if expectation == "time" and not all(v >= 0.0 for v in values):
        return f"negative time: {values}"
    if isinstance(expectation, tuple) and expectation[0] == "equal":
        if not all(abs(v - expectation[1]) <= 1e-12 * max(1.0, abs(expectation[1])) for v in values):
            return f"{values} != {expectation[1]}"
    return None


@pytest.fixture(scope="module")
def hostile_results():
    cases = queue_cases() + OTHER_CASES
    expressions = [expression for expression, _ in cases]
    return cases, run_all(expressions)


def test_the_worker_reports_a_crash_by_name():
    # os.abort() stands for a segmentation fault: the case is named, the cases after it still run
    results = run_all(["1.0", "__import__('os').abort()", "2.0"])
    assert "crash" in results[1]
    assert results[0]["numbers"] == ["1.0"] and results[2]["numbers"] == ["2.0"]


def test_hostile_calls_neither_crash_hang_nor_return_nan(hostile_results):
    cases, results = hostile_results
    findings = []
    for index, (expression, expectation) in enumerate(cases):
        outcome = results.get(index, {"crash": "never ran"})
        finding = judge(outcome, expectation)
        if finding:
            findings.append(f"{expression}: {finding}")
    assert not findings, f"{len(findings)} of {len(cases)} hostile calls failed:\n" + "\n".join(findings)
