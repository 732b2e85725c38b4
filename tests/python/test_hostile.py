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
