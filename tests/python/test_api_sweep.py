"""Issue 18: the whole-API hostile sweep.

Enumerates the public Python surface generically (``offload`` and every ``offload.*`` submodule, recursively;
nothing about the layout is hard-coded), builds a valid sample of every class it can (from the signatures'
types, a few candidate values, and the small registry SAMPLE_ARGUMENTS below), and then drives every numeric,
enum and size parameter of every constructor, function and method through hostile values, one parameter at a
time with the others valid, and assigns E(99) to every writable enumeration property of every sample (a
plain record must reject it where it is set). Every call runs in a worker subprocess (many calls per worker;
the worker announces each call before making it, so a crash or a hang is pinned on that call and a new worker
continues after it).

Asserted, for every call: no crash, no hang (TIME_LIMIT_SECONDS), no MemoryError (workers run under a 4 GiB
address-space limit, so an unchecked huge size shows up as MemoryError instead of swapping), no NaN in the
result (numbers, arrays, and the float properties of a returned object), no probability outside [0, 1] (names
with cdf / probability), no negative time (names with quantile / wait / response / latency / seconds), and
that every ValueError has the stable form and names a parameter of the called API (the root of the name in
``parameter '<name>'`` is one of the called signature's parameter names). Calls that cannot meet this yet are
in api_sweep_allowed.json (keyed by callable and finding kind, each with its reason; empty since issue 18 was
closed); the test also fails when an allow-list entry no longer matches anything, so the list only shrinks.
"""
import json
import os
import selectors
import subprocess
import sys
import tempfile
import textwrap

import pytest

TIME_LIMIT_SECONDS = 10.0  # per call
# the workers run in a scratch directory: write_* functions called with a sample path ('a') write there
SCRATCH = tempfile.mkdtemp(prefix="offload_api_sweep_")
# ... where a relative PYTHONPATH would not resolve: it is made absolute for them
WORKER_ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(
    os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p))

# Worker code: discovery (enumerate the surface, find valid samples and baseline arguments, emit the cases)
# and execution (evaluate case expressions, judge each). Shared by both phases.
COMMON = textwrap.dedent(
    r'''
    import inspect, json, math, re, sys, types
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    except Exception:
        pass
    import numpy
    import offload

    SAMPLE_ARGUMENTS = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}

    def find(name):
        """The public class or function called `name`, wherever it lives under offload (the registry below uses
        it, so that moving a class between submodules does not break the sweep)."""
        for path, obj in walk():
            if path.split(".")[-1] == name:
                return obj
        raise LookupError(name)

    _walked = []

    def walk():
        """(path, object) of every public class and function under offload, recursively."""
        if _walked:
            return _walked
        seen, out, stack = set(), [], [("offload", offload)]
        while stack:
            prefix, module = stack.pop(0)
            if id(module) in seen:
                continue
            seen.add(id(module))
            for name in sorted(dir(module)):
                if name.startswith("_"):
                    continue
                obj = getattr(module, name)
                path = prefix + "." + name
                if isinstance(obj, types.ModuleType):
                    if obj.__name__.startswith("offload"):
                        stack.append((path, obj))
                elif isinstance(obj, type) or callable(obj):
                    if id(obj) not in seen:
                        seen.add(id(obj))
                        out.append((path, obj))
        _walked.extend(out)
        return out

    def split_top(text):
        parts, depth, current = [], 0, ""
        for ch in text:
            if ch in "[(<{":
                depth += 1
            elif ch in "])>}":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(current.strip())
                current = ""
            else:
                current += ch
        if current.strip():
            parts.append(current.strip())
        return parts

    def signatures(obj, name):
        """Parameter lists [(name, type, default-or-None)] of every overload, from pybind11's docstring, or
        from inspect for pure-Python functions."""
        doc = getattr(obj, "__doc__", None) or ""
        out = []
        for line in doc.splitlines():
            m = re.match(r"^(?:\d+\. )?" + re.escape(name) + r"\((.*)\) -> (.*)$", line)
            if not m or "*args" in m.group(1):
                continue
            params = []
            for part in split_top(m.group(1)):
                pm = re.match(r"^(\w+)(?:: (.*?))?(?: = (.*))?$", part)
                if pm:
                    params.append((pm.group(1), pm.group(2) or "", pm.group(3)))
            RETURNS[id(params)] = m.group(2).strip()
            out.append(params)
        if not out:
            try:
                sig = inspect.signature(obj)
                out.append([(p.name, "float" if isinstance(p.default, float) else "",
                             None if p.default is inspect.Parameter.empty else repr(p.default))
                            for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)])
            except (TypeError, ValueError):
                pass
        return out

    RETURNS = {}  # id(parameter list) -> the return type text of that overload

    PROB = re.compile(r"cdf|probabilit|erlang_b|erlang_c|blocking")
    TIME = re.compile(r"quantile|(^|_)wait|response|latency|seconds|(^|_)delay($|_)")

    def numbers(value, depth=0):
        if isinstance(value, bool):
            return []
        if isinstance(value, (int, float)):
            return [float(value)]
        if isinstance(value, numpy.ndarray):
            return [float(x) for x in value.ravel()] if value.dtype.kind in "fi" else []
        if isinstance(value, (list, tuple)) and depth < 2:
            return [x for v in value[:1000] for x in numbers(v, depth + 1)]
        return []

    def object_numbers(value):
        """(property name, numbers) of a returned offload object's properties (one level)."""
        out = []
        if type(value).__module__.startswith("offload"):
            for name in dir(type(value)):
                if name.startswith("_") or not isinstance(getattr(type(value), name, None), property):
                    continue
                try:
                    out.append((name, numbers(getattr(value, name))))
                except Exception:
                    pass
        return out

    def judge_value(callable_name, value, param_names=()):
        """A finding (kind, text) about a returned value, or None. A property that only echoes an argument of
        the same name (a plain record such as PolicyOptions or planning.Job stores what it was given; it is
        validated where it is used) is an "echo" finding, counted apart from computed outputs."""
        groups = [(callable_name, numbers(value))] + object_numbers(value)
        for name, values in groups:
            short = name.split(".")[-1]
            kind = "echo-" if short in param_names and name != callable_name else ""
            if any(v != v for v in values):
                return (kind + "nan", f"NaN in {short}")
            if PROB.search(short) and not all(0.0 <= v <= 1.0 for v in values):
                return (kind + "probability", f"{short} outside [0, 1]: {[v for v in values if not 0 <= v <= 1][:3]}")
            if not PROB.search(short) and TIME.search(short) and not all(v >= 0.0 for v in values):
                return (kind + "negative-time", f"{short} negative: {[v for v in values if v < 0][:3]}")
        return None

    def judge_error(error, param_names):
        if isinstance(error, (MemoryError, OverflowError)) or type(error).__name__ == "bad_alloc":
            return ("memory", f"{type(error).__name__}: {str(error)[:200]}")
        if isinstance(error, TypeError):
            return None  # a wrong type, rejected by the binding layer
        if not isinstance(error, ValueError):
            return ("exception", f"{type(error).__name__}: {str(error)[:300]}")
        message = str(error)
        m = re.search(r"parameter '([^']*)'", message)
        if not m:
            return None if "offload" in message else ("unnamed", message[:300])
        # the caller's parameter: the root of a path (sizes.request_bytes) or its leaf (constraints.max_mean
        # names the field max_mean of the Constraints being built)
        parts = [x.strip() for x in re.split(r"[.\[\]()]", m.group(1)) if x.strip()]
        if not parts or (parts[0] not in param_names and parts[-1] not in param_names):
            return ("foreign-name", message[:300])
        return None
    '''
)

DISCOVER = COMMON + textwrap.dedent(
    r'''
    FLOATS = [0.5, 1.0, 2.0, 0.1, 10.0, 0.01, 100.0]
    HOSTILE_FLOATS = ["float('nan')", "float('inf')", "-float('inf')", "0.0", "-1.0", "1e-300", "1e300",
                      "5e-324", "'x'", "None"]
    HOSTILE_INTS = ["0", "-1", "2**31", "2**63", "1.5", "float('nan')", "'x'"]

    entries = walk()
    enum_paths = {}
    class_paths = {}
    for path, obj in entries:
        if isinstance(obj, type):
            if hasattr(obj, "__members__"):
                enum_paths[obj.__name__] = path
            else:
                class_paths[obj.__name__] = path

    def kind_of(type_text):
        t = type_text.replace("Optional[", "").rstrip("]") if type_text.startswith("Optional[") else type_text
        if t in ("float", "numpy.ndarray[numpy.float64]", "SupportsFloat"):
            return "float"
        if t in ("int", "SupportsInt"):
            return "int"
        if t == "bool":
            return "bool"
        if t == "str":
            return "str"
        if re.match(r"^List\[float\]$", t):
            return "floatlist"
        if re.match(r"^List\[int\]$", t):
            return "intlist"
        lm = re.match(r"^List\[([\w.]+)\]$", t)
        if lm and lm.group(1).split(".")[-1] in class_paths:
            return "classlist"
        if t == "object":
            return "object"
        if "[" in t:
            return "other"
        short = t.split(".")[-1]
        if short in enum_paths:
            return "enum"
        if short in class_paths:
            return "class"
        if re.match(r"^List\[float\]$", t):
            return "floatlist"
        return "other"

    samples = {}  # class name -> expression of a valid instance

    def enum_expr(type_text):
        if type_text.startswith("Optional["):
            type_text = type_text[len("Optional["):-1]
        e = type_text.split(".")[-1]
        members = list(eval(enum_paths[e]).__members__)
        return enum_paths[e] + "." + members[0], enum_paths[e]

    def fill(params, scale):
        """Argument expressions for every parameter, or None if some parameter cannot be filled."""
        args = []
        for pname, ptype, default in params:
            if pname == "self":
                continue
            k = kind_of(ptype)
            if default is not None and k not in ("float", "int"):
                args.append(None)  # leave defaulted non-numeric parameters out
                continue
            if k == "float":
                args.append(repr(scale))
            elif k == "int":
                args.append(str(max(1, int(round(scale * 2)))))
            elif k == "bool":
                args.append("False")
            elif k == "str":
                args.append("'a'")
            elif k == "enum":
                args.append(enum_expr(ptype)[0])
            elif k == "class":
                c = (ptype[len("Optional["):-1] if ptype.startswith("Optional[") else ptype).split(".")[-1]
                if c not in samples:
                    return None
                args.append(samples[c])
            elif k == "floatlist":
                args.append(f"[{scale!r}]")
            elif k == "intlist":
                args.append("[1, 4]")
            elif k == "object":
                args.append(str(max(1, int(round(scale * 2)))))
            elif k == "classlist":
                c = ptype[len("List["):-1].split(".")[-1]
                if c not in samples:
                    return None
                args.append(f"[{samples[c]}]")
            elif default is not None:
                args.append(None)
            else:
                return None
        return args

    def call_expr(target, params, args):
        names = [p[0] for p in params if p[0] != "self"]
        parts = []
        for (pname, ptype, default), a in zip([p for p in params if p[0] != "self"], args):
            if a is not None:
                parts.append(f"{pname}={a}")
        return f"{target}({', '.join(parts)})"

    CRASHED = set(json.loads(sys.argv[3])) if len(sys.argv) > 3 else set()

    def try_eval(expr):
        if expr in CRASHED:
            return False, None
        print(json.dumps({"trying": expr}), file=sys.stderr, flush=True)
        try:
            value = eval(expr, {"offload": offload, "numpy": numpy, "find": find})
            return True, value
        except BaseException:
            return False, None

    def baseline(target, params):
        for scale in FLOATS:
            args = fill(params, scale)
            if args is None:
                return None
            expr = call_expr(target, params, args)
            ok, value = try_eval(expr)
            if ok:
                return args
        return None

    # samples: registry first, then constructors (a few rounds, so composite classes find their parts)
    for cname, exprs in SAMPLE_ARGUMENTS.items():
        for expr in exprs:
            if cname in class_paths and cname not in samples and try_eval(expr)[0]:
                samples[cname] = expr
    for _ in range(4):
        for cname, path in class_paths.items():
            if cname in samples:
                continue
            cls = eval(path)
            for params in signatures(cls.__init__, "__init__"):
                args = baseline(path, params)
                if args is not None:
                    samples[cname] = call_expr(path, params, args)
                    break
        # a function (or static method) returning a class without a sample gives one
        for path, obj in entries:
            if isinstance(obj, type):
                continue
            for params in signatures(obj, path.split(".")[-1]):
                returned = RETURNS.get(id(params), "").split(".")[-1]
                if returned in class_paths and returned not in samples:
                    args = baseline(path, params)
                    if args is not None:
                        samples[returned] = call_expr(path, params, args)

    cases = []  # (callable name, parameter names, expression)
    covered = set()  # (callable, parameter)
    callables = 0

    def hostile_for(kind, ptype):
        if kind == "float":
            return HOSTILE_FLOATS
        if kind == "int":
            return HOSTILE_INTS
        if kind == "enum":
            e = enum_expr(ptype)[1]
            return [f"{e}(99)", f"{e}(-1)", "1.5"]
        if kind == "floatlist":
            return ["[float('nan')]", "[]", "[-1.0]", "[1e300]"]
        if kind == "intlist":
            return ["[]", "[-1]", "[2**31]", "[2**63]"]
        if kind == "object":
            return ["0", "-1", "2**31", "float('nan')", "'x'"]
        return []

    def sweep(name, target, params):
        global callables
        args = baseline(target, params)
        if args is None:
            return False
        callables += 1
        names = sorted({p[0] for p in params if p[0] != "self"})
        cases.append((name, names, call_expr(target, params, args)))
        plist = [p for p in params if p[0] != "self"]
        for i, (pname, ptype, default) in enumerate(plist):
            kind = kind_of(ptype)
            for bad in hostile_for(kind, ptype):
                a = list(args)
                a[i] = bad
                # an enumeration value outside the enumeration must be rejected, never used
                must_raise = kind == "enum" and bad.endswith(("(99)", "(-1)"))
                cases.append((name, names + (["!raise"] if must_raise else []), call_expr(target, params, a)))
                covered.add((name, pname))
        return True

    unreached = []
    for path, obj in entries:
        if isinstance(obj, type):
            if hasattr(obj, "__members__"):
                continue
            cname = obj.__name__
            for params in signatures(obj.__init__, "__init__"):
                if not sweep(path, path, params) and not any(p[0] for p in params if p[0] != "self"):
                    pass
            if cname not in samples:
                unreached.append(path)
                continue
            instance = samples[cname]
            for mname in sorted(dir(obj)):
                if mname.startswith("_"):
                    continue
                member = getattr(obj, mname, None)
                qual = path + "." + mname
                if isinstance(member, property):
                    cases.append((qual, [], f"({instance}).{mname}"))
                    callables += 1
                    # a writable enumeration field must reject a value outside the enumeration where it is set
                    ok, obj_value = try_eval(f"({instance}).{mname}") if member.fset is not None else (False, None)
                    enum_name = type(obj_value).__name__ if ok else ""
                    if ok and hasattr(type(obj_value), "__members__") and enum_name in enum_paths:
                        bad = f"{enum_paths[enum_name]}(99)"
                        cases.append((qual, [mname, "!raise"], f"setattr({instance}, {mname!r}, {bad})"))
                        covered.add((qual, mname))
                    continue
                if not callable(member):
                    continue
                for params in signatures(member, mname):
                    static = not params or params[0][0] != "self"
                    target = (path if static else f"({instance})") + "." + mname
                    if not sweep(qual, target, params):
                        unreached.append(qual)
        elif callable(obj):
            for params in signatures(obj, path.split(".")[-1]):
                if not sweep(path, path, params):
                    unreached.append(path)

    # a hostile value that constructs an object is followed by reading every property of that object
    cases += [(expr, [], expr) for expr in sorted(CRASHED)]  # reported as crashes by the execution phase
    print("@@sweep@@" + json.dumps({"cases": cases, "callables": callables, "covered": len(covered),
                      "unreached": sorted(set(unreached)), "samples": len(samples), "classes": len(class_paths)}))
    '''
)

EXECUTE = COMMON + textwrap.dedent(
    r'''
    cases = json.loads(sys.stdin.readline())
    start = int(sys.argv[1])
    for index in range(start, len(cases)):
        name, param_names, expr = cases[index]
        print("@@sweep@@" + json.dumps({"start": index}), flush=True)
        finding = None
        try:
            value = eval(expr, {"offload": offload, "numpy": numpy, "find": find})
            finding = judge_value(name, value, set(param_names))
            if finding is None and "!raise" in param_names:
                finding = ("enum-accepted", "an enumeration value outside the enumeration was accepted")
            if finding is None and type(value).__module__.startswith("offload"):
                pass
        except BaseException as error:
            finding = judge_error(error, set(param_names))
        print("@@sweep@@" + json.dumps({"index": index, "finding": finding}), flush=True)
    '''
)

# Valid instances the generic filler cannot guess (classes whose constructors need related values).
SAMPLE_ARGUMENTS = {
    # classes whose constructor the generic filling cannot satisfy (a callable, a default grid size)
    "CrossoverResult": ["offload.find_crossovers(lambda x: (1.0, x), 0.5, 2.0)"],
    "PredictionOptions": ["offload.PredictionOptions()"],
    "ConvolutionOptions": ["offload.ConvolutionOptions()"],
}

# The allow-list: "<callable path> | <finding kind>" -> why it cannot meet the sweep's rules yet. It lives in
# api_sweep_allowed.json next to this file. `OFFLOAD_SWEEP_RECORD=1 pytest tests/python/test_api_sweep.py` rewrites
# it from the findings of the current build, keeping the reasons already written and giving new entries the
# reason of their kind (KIND_REASONS); edit a reason when you know better. Echo findings (a plain record's
# property repeating the caller's NaN / negative argument) are allowed as a class and counted.
ALLOWED_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "api_sweep_allowed.json")
KIND_REASONS = {
    "foreign-name": "correct rejection, but the message names a parameter the Python signature does not have (the "
    "binding's Python name differs from the C++ name, or an internal model's parameter); the value is rejected",
    "nan": "NaN returned for a hostile argument: not yet validated at this entry point",
    "negative-time": "a negative value returned for a hostile argument: not yet validated at this entry point",
    "probability": "a value outside [0, 1] returned for a hostile argument: not yet validated here",
    "memory": "a huge size is allocated before it is checked (no documented limit yet)",
    "hang": "runs longer than the per-call limit at this hostile argument (no documented limit yet)",
    "exception": "an exception other than ValueError/TypeError (a convergence_error at an extreme level)",
    "crash": "the process dies at this argument (an unchecked index in the binding)",
    "enum-accepted": "an out-of-range enumeration value is accepted (stored or ignored) instead of rejected",
    "unnamed": "a ValueError without the library's message form (raised by the binding layer)",
}
ECHO_KINDS = ("echo-nan", "echo-probability", "echo-negative-time")


def load_allowed():
    if not os.path.exists(ALLOWED_FILE):
        return {}
    with open(ALLOWED_FILE) as f:
        return json.load(f)


def discover():
    """The plan: every case expression. A baseline call that crashes the discovery worker is excluded and the
    worker rerun; the crashing expression becomes a case of its own (so the execution phase reports it)."""
    crashed = []
    for _ in range(50):
        worker = subprocess.run([sys.executable, "-c", DISCOVER, "0", json.dumps(SAMPLE_ARGUMENTS), json.dumps(crashed)],
                                capture_output=True, text=True, timeout=600, cwd=SCRATCH, env=WORKER_ENV)
        if worker.returncode == 0:
            return json.loads([x for x in worker.stdout.splitlines() if x.startswith("@@sweep@@")][-1][len("@@sweep@@"):])
        tried = [line for line in worker.stderr.splitlines() if line.startswith('{"trying"')]
        assert tried, worker.stderr[-3000:]
        crashed.append(json.loads(tried[-1])["trying"])
    raise AssertionError(f"discovery crashed on {crashed}")


def execute(cases):
    """{index: finding-or-None}; a crash or hang is a finding of the call that was running. The worker's stdout
    is read unbuffered (os.read on the pipe), so the call announced last is always the one running."""
    results = {}
    start = 0
    payload = (json.dumps(cases) + "\n").encode()
    while start < len(cases):
        with tempfile.TemporaryFile() as errors:
            worker = subprocess.Popen([sys.executable, "-c", EXECUTE, str(start), "{}"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=errors, bufsize=0, cwd=SCRATCH,
                                      env=WORKER_ENV)
            worker.stdin.write(payload)
            worker.stdin.close()
            fd = worker.stdout.fileno()
            selector = selectors.DefaultSelector()
            selector.register(fd, selectors.EVENT_READ)
            running, pending = None, b""
            while True:
                if not selector.select(timeout=TIME_LIMIT_SECONDS):
                    worker.kill()
                    worker.wait()
                    at = running if running is not None else start
                    results[at] = ["hang", f"no answer in {TIME_LIMIT_SECONDS} s"]
                    break
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    code = worker.wait()
                    if running is not None:
                        errors.seek(0)
                        results[running] = ["crash", f"exit {code}: {errors.read().decode(errors='replace')[-300:]}"]
                    break
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for raw in lines:
                    line = raw.decode(errors="replace")
                    if not line.startswith("@@sweep@@"):
                        continue  # something the called function printed
                    message = json.loads(line[len("@@sweep@@"):])
                    if "start" in message:
                        running = message["start"]
                    else:
                        results[message["index"]] = message["finding"]
                        running = None
            selector.close()
            worker.stdout.close()
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        start = max(results) + 1 if results else start + 1
    return results


@pytest.fixture(scope="module")
def sweep():
    plan = discover()
    results = execute(plan["cases"])
    return plan, results


def test_the_sweep_reaches_the_public_surface(sweep):
    plan, _ = sweep
    print(f"\nsweep: {len(plan['cases'])} calls, {plan['callables']} callables, {plan['covered']} parameters, "
          f"{plan['samples']} of {plan['classes']} classes sampled; unreached: {plan['unreached']}")
    assert plan["callables"] >= 300
    assert plan["covered"] >= 300


# Calibration state of api_sweep_allowed.json: False until the allow-list has been recorded against the module
# this tree builds (then the findings outside it fail the test; before, they are reported as an expected failure).
ALLOW_LIST_CALIBRATED = True


@pytest.mark.xfail(not ALLOW_LIST_CALIBRATED and not os.environ.get("OFFLOAD_SWEEP_RECORD"),
                   reason="allow-list not yet recorded against this build (see ALLOWED_FILE)", strict=False)
def test_no_crash_hang_nan_or_foreign_error_name(sweep):
    plan, results = sweep
    allowed = load_allowed()
    findings, allowed_hits, echoes, allowed_calls = [], {}, 0, 0
    for index, (name, _, expr) in enumerate(plan["cases"]):
        finding = results.get(index, ["crash", "never ran"])
        if finding is None:
            continue
        if finding[0] in ECHO_KINDS:
            echoes += 1
            continue
        key = f"{name} | {finding[0]}"
        if key in allowed:
            allowed_hits.setdefault(key, f"{expr}: {finding[1]}")
            allowed_calls += 1
            continue
        findings.append((key, f"{finding[0]}: {expr}: {finding[1]}"))
    if os.environ.get("OFFLOAD_SWEEP_RECORD"):
        recorded = {key: allowed[key] for key in allowed_hits}
        for key, _ in findings:
            recorded.setdefault(key, KIND_REASONS.get(key.split(" | ")[-1], "recorded"))
        with open(ALLOWED_FILE, "w") as f:
            json.dump(dict(sorted(recorded.items())), f, indent=1)
            f.write("\n")
        return
    stale = sorted(set(allowed) - set(allowed_hits))
    print(f"\nsweep: {len(plan['cases'])} calls; {len(allowed)} allow-list entries covering {allowed_calls} calls; "
          f"{echoes} echo findings; stale allow-list entries (fixed since; remove them): {stale}")
    assert not findings, f"{len(findings)} of {len(plan['cases'])} calls failed:\n" + "\n".join(f for _, f in findings)
    assert not stale, f"allow-list entries that match nothing any more (remove them): {stale}"


def _queue_classes():
    """Every public queue model (a class with mean_wait and mean_response), found by walking offload as the sweep
    does, with its constructor's parameters [(name, type)]: numbers, or another queue model (the K-parallel
    wrappers take a single-server model)."""
    import re
    import types

    import offload

    found, seen, stack = [], set(), [offload]
    while stack:
        module = stack.pop()
        if id(module) in seen:
            continue
        seen.add(id(module))
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) and obj.__name__.startswith("offload"):
                stack.append(obj)
            elif isinstance(obj, type) and hasattr(obj, "mean_wait") and hasattr(obj, "mean_response"):
                line = (obj.__init__.__doc__ or "").splitlines()[0]
                params = re.findall(r"(\w+): ([\w.]+)", line.split("(", 1)[-1])[1:]
                if params and obj not in [c for c, _ in found]:
                    found.append((obj, [(n, t.split(".")[-1]) for n, t in params]))
    names = {cls.__name__ for cls, _ in found}
    return [(cls, params) for cls, params in found if all(t in ("float", "int") or t in names for _, t in params)]


def test_structural_properties_over_random_draws():
    """Issue 18 #10: over random valid parameters of EVERY queue model (stable and unstable draws alike): mean
    response >= mean wait >= 0; and for every model with distributions, response quantile >= wait quantile, cdfs
    monotone in t from 0 to 1, quantiles increasing in the level. Runs in a subprocess with a time limit, so a hang
    is a failure rather than a stuck test run. GG1 is a means-only model (two moments do not determine a G/G/1
    distribution, so it has no quantiles to order); its means and bounds are checked here, and a quantile method
    added to it later is picked up by the distribution checks automatically."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = f"import sys; sys.path.insert(0, {here!r}); import test_api_sweep; test_api_sweep._structural_body()"
    worker = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert worker.returncode == 0, worker.stderr[-3000:]
    assert "checked" in worker.stdout


def _draw(cls, params, classes, rng):
    """A random instance of cls (ValueError/TypeError when the draw is outside its domain)."""
    values = {}
    for name, kind in params:
        if kind in classes:
            inner = classes[kind]
            values[name] = _draw(inner[0], inner[1], classes, rng)
        elif name == "servers":
            values[name] = rng.randint(1, 8)
        elif name == "capacity":
            values[name] = values.get("servers", 1) + rng.randint(0, 8)
        elif name == "parallelism":
            values[name] = rng.uniform(1.0, 8.0)
        elif "scv" in name:
            values[name] = 10 ** rng.uniform(-2, 1)
        elif "rate" in name:
            values[name] = 10 ** rng.uniform(-2, 1)
        else:
            values[name] = 10 ** rng.uniform(-2, 0.5)
    return cls(*[values[name] for name, _ in params])


def _structural_body():
    import math
    import random

    import numpy as np

    rng = random.Random(18)
    found = _queue_classes()
    classes = {cls.__name__: (cls, params) for cls, params in found}
    assert {"GG1", "MM1", "MG1", "MDC", "MG1K", "KParallelMG1"} <= set(classes), sorted(classes)
    levels = [1e-9, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999]
    ts = np.concatenate(([-np.inf, 0.0], np.logspace(-6, 4, 40), [np.inf]))
    checked, per_class = 0, {}
    for cls, params in found:
        distributions = all(hasattr(cls, m) for m in ("wait_quantile", "response_quantile", "wait_cdf",
                                                       "response_cdf"))
        for _ in range(25):
            try:
                q = _draw(cls, params, classes, rng)
            except (ValueError, TypeError):
                continue
            checked += 1
            per_class[cls.__name__] = per_class.get(cls.__name__, 0) + 1
            wait, response = float(q.mean_wait()), float(q.mean_response())
            assert wait >= 0.0 and not math.isnan(response), (cls.__name__, q, wait, response)
            assert response >= wait, (cls.__name__, q, wait, response)
            if hasattr(q, "marshall_lower_bound"):
                assert q.marshall_lower_bound() <= q.kingman_upper_bound(), (cls.__name__, q)
            if not distributions:
                continue
            for kind in ("wait", "response"):
                f = np.asarray(getattr(q, kind + "_cdf")(ts), dtype=float)
                assert np.all(np.diff(f) >= -1e-12), (cls.__name__, q, kind)
                assert f[0] == 0.0 and 0.0 <= f[-1] <= 1.0, (cls.__name__, q, kind)
                if bool(q.is_stable):
                    assert f[-1] == pytest.approx(1.0, abs=1e-9), (cls.__name__, q, kind)
                qs = [float(getattr(q, kind + "_quantile")(p)) for p in levels]
                assert all(b >= a * (1 - 1e-9) for a, b in zip(qs, qs[1:])), (cls.__name__, q, kind, qs)
            for p in levels:
                assert float(q.response_quantile(p)) >= float(q.wait_quantile(p)) * (1 - 1e-9), (cls.__name__, q, p)
    # every queue model was drawn (a model whose constructor the draw cannot fill fails here, by name)
    assert all(per_class.get(name, 0) >= 5 for name in classes), (per_class, sorted(classes))
    assert checked >= 100
    print(f"checked {checked} random models of {len(classes)} classes: {per_class}")
