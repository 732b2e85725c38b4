"""Value semantics of the public classes: ==, hash, pickle and a repr that round-trips.

Every public class of offload, offload.sim and offload.planning is walked. A class with value semantics
(it defines __eq__ and pickles) must have a sample below, and the sample must compare equal to a copy rebuilt
from its pickle and to eval(repr(x)) in the namespace of its module; a hashable one hashes its copies alike.
A class without value semantics must be listed, with the reason, in NO_VALUE_SEMANTICS or NOT_YET.
"""
import copy
import math
import multiprocessing
import pickle

import pytest

import offload
from offload import sim

MODULES = {"offload": offload, "offload.sim": sim, "offload.planning": offload.planning}

_link = offload.NetworkLink(12.5e6, 0.002)
_sizes = offload.Payload(200e3, 1e3)
_demand = offload.ServiceDemand(0.02, 0.5, 2.0)
_tenant = offload.TenantDemand(3.0, 0.05, 0.5)
_mix = offload.TenantMix([offload.TenantDemand(2.0, 0.01, 0.0), offload.TenantDemand(1.0, 0.03, 1.0)])
_shared = offload.GeneralOffload(2.0, 3.0, offload.ServiceDemand(0.01 * 2 / 3 + 0.03 / 3, 0.4, 1.0), _link, _link,
                                 _sizes)


def _remote():
    return offload.PolicyRemote("edge-1", offload.ServiceDemand(0.01, 0.3, 2.0), 12.5e6, offload.OptionKind.cloud,
                                0.004, 3.0, 0.02, 0.5, 0.001)


def _split():
    return offload.PolicySplit(0, 7, offload.ServiceDemand(0.01), offload.ServiceDemand(0.004), 5e4, 0.4)


def _workload():
    return offload.PolicyWorkload(2e5, 4.0, 1e3, offload.ResultDestination.remote, 1.6e6)


def _pmodel():
    return offload.planning.ProvisioningModel("resnet", 1e8, 2.0)


def _pnode():
    return offload.planning.ProvisioningNode("n0", 4e9, 100.0, [0])


def _prequest():
    return offload.planning.ProvisioningRequest(0, [0.01, 0.02], [0.03, 0.04])


def _general_split():
    return offload.GeneralSplit(2.0, 3.0, offload.ServiceDemand(0.01, 0.2), offload.ServiceDemand(0.02, 0.4), _link,
                                _link, _sizes)


# one sample per class with value semantics: awkward values (1/3, 0.1, inf bounds) on purpose
SAMPLES = {
    "offload.MM1": lambda: offload.MM1(1.0, 0.1),
    "offload.MD1": lambda: offload.MD1(2.0, 1.0 / 3.0),
    "offload.MG1": lambda: offload.MG1(2.0, 0.1, 0.7),
    "offload.MMC": lambda: offload.MMC(2.5, 0.3, 3),
    "offload.MDC": lambda: offload.MDC(2.5, 0.3, 3),
    "offload.GG1": lambda: offload.GG1(2.0, 0.6, 0.3, 1.4),
    "offload.MM1K": lambda: offload.MM1K(2.0, 0.3, 5),
    "offload.MMCK": lambda: offload.MMCK(2.0, 0.3, 2, 6),
    "offload.MG1K": lambda: offload.MG1K(2.0, 0.3, 0.5, 6),
    "offload.KParallelMD1": lambda: offload.KParallelMD1(offload.MD1(2.0, 0.2), 1.5),
    "offload.KParallelMM1": lambda: offload.KParallelMM1(offload.MM1(2.0, 0.2), 2.0),
    "offload.KParallelMG1": lambda: offload.KParallelMG1(offload.MG1(2.0, 0.2, 0.3), 3.0),
    "offload.WaitBounds": lambda: offload.WaitBounds(0.1, math.inf),
    "offload.ServiceDemand": lambda: _demand,
    "offload.NetworkLink": lambda: _link,
    "offload.Payload": lambda: _sizes,
    "offload.LatencyBreakdown": lambda: offload.DnnOffload(2.0, offload.ServiceDemand(0.01), _link, _sizes).breakdown(),
    "offload.TenantDemand": lambda: _tenant,
    "offload.TenantMix": lambda: _mix,
    "offload.DnnOnDevice": lambda: offload.DnnOnDevice(2.0, offload.ServiceDemand(0.02, 0.0, 2.0)),
    "offload.LlmOnDevice": lambda: offload.LlmOnDevice(2.0, offload.ServiceDemand(0.02, 1.0, 2.0)),
    "offload.GeneralOnDevice": lambda: offload.GeneralOnDevice(2.0, _demand),
    "offload.DnnOffload": lambda: offload.DnnOffload(2.0, 5.0, offload.ServiceDemand(0.01), _link,
                                                     offload.NetworkLink(25e6), _sizes,
                                                     offload.ResultDestination.remote),
    "offload.LlmOffload": lambda: offload.LlmOffload(2.0, offload.ServiceDemand(0.01, 1.0), _link, _sizes),
    "offload.GeneralOffload": lambda: _shared,
    "offload.GeneralOffloadDeterministicNic": lambda: offload.GeneralOffloadDeterministicNic(
        2.0, offload.ServiceDemand(0.01, 0.4), _link, _sizes),
    "offload.DnnSplit": lambda: offload.DnnSplit(2.0, offload.ServiceDemand(0.01), offload.ServiceDemand(0.02), _link,
                                                 _sizes),
    "offload.LlmSplit": lambda: offload.LlmSplit(2.0, offload.ServiceDemand(0.01, 1.0),
                                                 offload.ServiceDemand(0.02, 1.0), _link, _sizes),
    "offload.GeneralSplit": _general_split,
    "offload.TenantOffload": lambda: offload.TenantOffload(_mix, 1, _link, _sizes),
    "offload.TenantSplit": lambda: offload.TenantSplit(_general_split(), offload.TenantDemand(2.0, 0.025, 0.3)),
    "offload.Objective": lambda: offload.Objective.energy_delay(0.25),
    "offload.Constraints": lambda: offload.Constraints(max_p99=0.08, max_energy=1.5),
    "offload.PredictionOptions": lambda: offload.PredictionOptions(deadline=0.1, grid_points=1024, tail_mass=1e-7),
    "offload.TierEnvironment": lambda: offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05, 0.7, 1.3),
    "offload.TierWorkload": lambda: offload.TierWorkload(1e8, 2.0),
    "offload.EnergyModel": lambda: offload.EnergyModel(1e-9, 2e-8, 3e-10),
    "offload.CrossoverOptions": lambda: offload.CrossoverOptions(97, offload.GridSpacing.linear, 30, 55),
    "offload.PolicyRemote": lambda: _remote(),
    "offload.PolicySplit": lambda: _split(),
    "offload.PolicyWorkload": lambda: _workload(),
    "offload.PolicyOptions": lambda: offload.PolicyOptions(objective=offload.Objective.energy_delay(0.5),
                                                           constraints=offload.Constraints(max_p99=0.2), deadline=0.3,
                                                           rate_capacity=100, tails=False, grid_points=256,
                                                           energy=offload.EnergyModel(1e-9, 2e-8)),
    "offload.sim.Station": lambda: sim.Station("edge", servers=2, capacity=7),
    "offload.planning.MLWorker": lambda: offload.planning.MLWorker(4, 1.5),
    "offload.planning.MLJob": lambda: offload.planning.MLJob(12.5, 2, 3600.0),
    "offload.planning.CloudInstance": lambda: offload.planning.CloudInstance(0.526, 40.0),
    "offload.planning.CloudImageAPI": lambda: offload.planning.CloudImageAPI(1.5),
    "offload.planning.CloudVideoAPI": lambda: offload.planning.CloudVideoAPI(0.1),
    "offload.planning.OnPremisesWorkstation": lambda: offload.planning.OnPremisesWorkstation(3000.0, 9.4608e7, 450.0,
                                                                                             0.3, 120.0),
    "offload.planning.ProvisioningModel": lambda: _pmodel(),
    "offload.planning.ProvisioningNode": lambda: _pnode(),
    "offload.planning.ProvisioningRequest": lambda: _prequest(),
    "offload.planning.ProvisioningProblem": lambda: offload.planning.ProvisioningProblem(
        [_pmodel()], [_pnode(), offload.planning.ProvisioningNode("n1", 2e9, 50.0)], [_prequest(), _prequest()]),
    "offload.planning.Job": lambda: offload.planning.Job(1.5, 2.0, [0.1, 0.2], [0.3, 0.4], math.inf),
    "offload.planning.Problem": lambda: offload.planning.Problem(
        [offload.planning.Job(1.5, 2.0, [0.1, 0.2], [0.3, 0.4], 0.9), offload.planning.Job(0.0, 1.0, [1.0, 2.0],
                                                                                            [3.0, 4.0])], 2),
    "offload.planning.OffloadingParameters": lambda: offload.planning.OffloadingParameters(
        100e6, 5e-7, 6e6, 0.5, offload.EnergyModel(3e-7, 1e-7, 2e-7)),
    "offload.planning.OffloadingProblem": lambda: offload.planning.OffloadingProblem(
        2, 2, [8e7, 1.6e8, 2.4e8, 1e8], offload.planning.OffloadingParameters(delay_weight=0.3)),
    "offload.Conv2d": lambda: offload.Conv2d(3, 16, 3, stride=2, padding=1, dilation=1, groups=1, bias=False),
    "offload.Linear": lambda: offload.Linear(7, 3),
    "offload.BatchNorm": lambda: offload.BatchNorm(8),
    "offload.LayerNorm": lambda: offload.LayerNorm(8),
    "offload.RMSNorm": lambda: offload.RMSNorm(8),
    "offload.Pool2d": lambda: offload.Pool2d(offload.PoolKind.max, 3, stride=2, padding=1, ceil_mode=True),
    "offload.AdaptivePool2d": lambda: offload.AdaptivePool2d(offload.PoolKind.average, (2, 3)),
    "offload.Activation": lambda: offload.Activation(offload.ActivationKind.softmax, 1),
    "offload.Elementwise": lambda: offload.Elementwise(offload.ElementwiseOp.mul),
    "offload.Concat": lambda: offload.Concat(2),
    "offload.Slice": lambda: offload.Slice(1, 2, 3),
    "offload.Flatten": lambda: offload.Flatten(2),
    "offload.Reshape": lambda: offload.Reshape([2, -1]),
    "offload.UpsampleNearest": lambda: offload.UpsampleNearest(2),
    "offload.LSTM": lambda: offload.LSTM(3, 4, num_layers=2, bidirectional=True, return_sequences=False,
                                         bias=offload.RecurrentBias.single),
    "offload.GRU": lambda: offload.GRU(3, 4),
    "offload.MultiHeadAttention": lambda: offload.MultiHeadAttention(64, 8, num_kv_heads=2, causal=True,
                                                                     kv_cache_length=16),
    "offload.Embedding": lambda: offload.Embedding(100, 16),
    "offload.TransformerDecoderBlock": lambda: offload.TransformerDecoderBlock(64, 8, num_kv_heads=2, mlp_hidden=256),
    "offload.LayerCost": lambda: offload.LayerCost(offload.OpClass.dense_conv, macs=10.0, flops=1 / 3,
                                                   parameters=3.0, weight_bytes=12.0, input_bytes=0.1,
                                                   output_bytes=1e-300),
    "offload.planning.DispatchStream": lambda: offload.planning.DispatchStream(0, 2.5, [0.01, 1 / 3], [0.02, 0.1], 0.5),
    "offload.planning.DispatchNode": lambda: offload.planning.DispatchNode("n0", 4e9, [0]),
    "offload.planning.QueueingDispatchPlan": lambda: offload.planning.QueueingDispatchPlan([[0], [0]],
                                                                                          [[0.25, 0.75]]),
    "offload.planning.QueueingDispatchProblem": lambda: offload.planning.QueueingDispatchProblem(
        [_pmodel()], [offload.planning.DispatchNode("n0", 4e9), offload.planning.DispatchNode("n1", 2e9, [0])],
        [offload.planning.DispatchStream(0, 2.5, [0.01, 0.02], [0.02, 0.1], 0.5)]),
    "offload.ConvolutionOptions": lambda: offload.ConvolutionOptions(grid_points=1 << 12, tail_mass=1e-9),
    "offload.InversionOptions": lambda: offload.InversionOptions(abscissa=20.0),
    "offload.PolicyDescription": lambda: offload.PolicyDescription(
        offload.ServiceDemand(0.05), _workload(), [_remote()], [_split()], offload.PolicyOptions(deadline=0.2)),
}

# classes that are not values, and why
NO_VALUE_SEMANTICS = {
    "offload.OffloadPolicy": "owns a background thread, atomics and a published snapshot: a service, not a value",
    "offload.ModelBuilder": "a mutable builder whose product (Model) is the value",
    "offload.sim.Rng": "a generator's position in its stream: copying it silently duplicates random draws",
    "offload.sim.Network": "built incrementally by add_station/add_tenant (mutable container)",
    "offload.SlidingWindowRate": "an online estimator updated in place by observe()",
    "offload.Ewma": "an online estimator updated in place by observe()",
    "offload.RunningMoments": "an online estimator updated in place by observe()",
    "offload.planning.Ddlo": "a learning agent with a replay memory and a trained network (run-time state)",
    "offload.planning.TaskSizeGenerator": "a seeded generator's position in its stream (like sim.Rng)",
    "offload.TimeDistribution": "a computed object built once from a model (compare and pickle the model instead)",
    "offload.ConvolvedTimeDistribution": "a computed grid built once from a pipeline (compare the pipeline instead)",
}

# classes that should become values but are not converted yet (issue 11, value-semantics item)
NOT_YET = {
    # the FLOPs/DNN classes other than the layers and LayerCost
    "offload.CalibrationOptions",
    "offload.CalibrationResult", "offload.CalibrationSample", 
    "offload.FitReport", 
    "offload.HardwareProfile", "offload.LayerCounts",
    "offload.LayerLatencyTerms", "offload.Model", "offload.ModelLayer",
    
    "offload.SplitLatencyEstimate", "offload.SplitPoint", "offload.SplitTable", "offload.TorchConversion",
    
    # decisions, policy, advisor, crossover: results and the scenario types (no Python constructor yet)
    "offload.AdaptiveDevice", "offload.AdaptiveEdge", "offload.AdvisorCrossovers", "offload.AdvisorOption",
    "offload.AdvisorReport", "offload.AdvisorSweep", "offload.Choice", "offload.CrossoverInterval",
    "offload.CrossoverResult", "offload.Decision", "offload.OptionPrediction", "offload.PolicyDecision",
    "offload.PolicyEstimates", "offload.Scenario", "offload.ScenarioDevice", "offload.ScenarioLink",
    "offload.ScenarioServer", "offload.ScenarioSweeps", "offload.ScenarioWorkload", "offload.SplitCloud",
    "offload.SplitScenario", "offload.TierLoad", "offload.TierTimes", "offload.WorkloadAdvice",
    # the simulator: Distribution and RunOptions have no C++ operator==; the rest hold Distributions or are results
    "offload.sim.Distribution", "offload.sim.EdgeTenant", "offload.sim.Estimate", "offload.sim.FlowStats",
    "offload.sim.LatencyStats", "offload.sim.OffloadPath", "offload.sim.RunOptions", "offload.sim.SimulationResult",
    "offload.sim.SplitPath", "offload.sim.StationResult", "offload.sim.StationTenantResult",
    "offload.sim.TandemStage", "offload.sim.Tenant", "offload.sim.TenantResult", "offload.sim.Visit",
    # planning: results and the remaining inputs
    "offload.planning.BandwidthSolution", "offload.planning.ClusterEstimates", "offload.planning.ClusterMetrics",
    "offload.planning.ClusterRun", "offload.planning.DdloDecision", "offload.planning.DdloOptions",
    "offload.planning.DeviceEvaluation", "offload.planning.DurationDistribution", "offload.planning.ExactResult",
    "offload.planning.GpuDemandShare", "offload.planning.JobTiming", "offload.planning.MLClusterProblem",
    "offload.planning.MLJobOutcome", "offload.planning.MLRunInterval", "offload.planning.MLWorkload",
    "offload.planning.MetricEstimate", "offload.planning.ModelPlacement", "offload.planning.OffloadingEvaluation",
    "offload.planning.OffloadingSolution", "offload.planning.PlacementDiff", "offload.planning.Plan",
    "offload.planning.PredictedJob", "offload.planning.ProvisioningEvaluation",
    "offload.planning.ProvisioningExactResult", "offload.planning.ProvisioningHeuristicResult",
    "offload.planning.ProvisioningPlan", "offload.planning.ReplicationOptions", "offload.planning.Schedule",
    "offload.planning.SchedulerOptions", "offload.planning.TabuSearchResult",
    "offload.planning.QueueingDispatchEvaluation", "offload.planning.QueueingDispatchResult",
}


def _namespace(mname):
    """What a user of that module has at hand: offload's names, then the submodule's."""
    return {**vars(offload), **vars(MODULES[mname])}


def _public_classes():
    seen = {}
    for mname, mod in MODULES.items():
        for name, obj in vars(mod).items():
            if name.startswith("_") or not isinstance(obj, type) or hasattr(obj, "__members__"):
                continue  # enums have pybind11's own eq/hash/pickle
            if not obj.__module__.startswith("offload"):
                continue
            seen.setdefault(id(obj), (f"{mname}.{name}", obj, mod))
    return list(seen.values())


def has_value_semantics(cls):
    return "__eq__" in cls.__dict__ and "__setstate__" in cls.__dict__


def _value_classes():
    return [(q, cls, mod) for q, cls, mod in _public_classes() if has_value_semantics(cls)]


def test_the_walk_finds_the_classes():
    classes = _public_classes()
    assert len(classes) > 150
    assert len(_value_classes()) >= len(SAMPLES)


def test_every_public_class_is_a_value_or_listed_with_a_reason():
    unaccounted, listed_but_value, stale = [], [], []
    names = {q for q, _, _ in _public_classes()}
    for q, cls, _ in _public_classes():
        listed = q in NO_VALUE_SEMANTICS or q in NOT_YET
        if has_value_semantics(cls):
            if listed:
                listed_but_value.append(q)
        elif not listed:
            unaccounted.append(q)
    stale = sorted((set(NO_VALUE_SEMANTICS) | NOT_YET) - names)
    assert unaccounted == [], f"classes with neither value semantics nor a listed reason: {unaccounted}"
    assert listed_but_value == [], f"value types still listed as exceptions (remove them): {listed_but_value}"
    assert stale == [], f"listed classes that no longer exist: {stale}"
    assert all(reason.strip() for reason in NO_VALUE_SEMANTICS.values())


def test_every_value_class_has_a_sample():
    missing = [q for q, _, _ in _value_classes() if q not in SAMPLES]
    assert missing == [], f"value types without a sample in SAMPLES: {missing}"


def _sample_params():
    return sorted(SAMPLES)


@pytest.mark.parametrize("qualified", _sample_params())
def test_eq_hash_pickle_repr(qualified):
    x = SAMPLES[qualified]()
    y = SAMPLES[qualified]()
    mname, _, cname = qualified.rpartition(".")
    cls = getattr(MODULES[mname], cname)
    assert type(x) is cls
    assert x == y and not (x != y)
    assert x != object() and not (x == object())
    # pickle at every protocol, copy and deepcopy: equal, and a new object
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):  # 0 and 1 cannot rebuild extension types
        z = pickle.loads(pickle.dumps(x, protocol=protocol))
        assert type(z) is cls and z == x and z is not x
    assert copy.copy(x) == x and copy.deepcopy(x) == x
    # repr is a constructor call that rebuilds an equal object in the module's namespace
    text = repr(x)
    assert text.startswith(cname + "("), text
    assert eval(text, _namespace(mname)) == x, text  # noqa: S307 (our own repr)
    fields = cls.__offload_fields__
    assert isinstance(fields, tuple) and all(f"{f}=" in text for f in fields)
    if cls.__hash__ is not None:
        assert hash(x) == hash(y) == hash(pickle.loads(pickle.dumps(x)))
        assert len({x, y}) == 1
    else:
        with pytest.raises(TypeError):
            hash(x)


def test_different_values_compare_unequal():
    assert offload.MM1(1, 0.1) == offload.MM1(1, 0.1)
    assert offload.MM1(1, 0.1) != offload.MM1(1, 0.2)
    assert offload.MM1(1, 0.1) != offload.MD1(1, 0.1)  # another type: never equal
    assert offload.MMC(1, 0.1, 2) != offload.MMC(1, 0.1, 3)
    assert hash(offload.MM1(1, 0.1)) != hash(offload.MM1(1, 0.2))  # not guaranteed, but true for these
    assert len({offload.MM1(1, 0.1), offload.MM1(1, 0.1), offload.MM1(2, 0.1)}) == 2
    p = offload.DnnOffload(2.0, offload.ServiceDemand(0.01), _link, _sizes)
    assert p.with_bandwidth(_link.bandwidth) == p
    assert p.with_bandwidth(2 * _link.bandwidth) != p
    assert offload.TenantMix([_tenant]) != offload.TenantMix([_tenant, _tenant])


def test_mutable_service_demand_is_equal_by_value_but_unhashable():
    a, b = offload.ServiceDemand(0.02), offload.ServiceDemand(0.02)
    assert a == b
    b.scv = 1.0
    assert a != b
    with pytest.raises(TypeError):
        hash(a)
    # a pipeline holding one is still hashable: it keeps its own copy
    assert isinstance(hash(offload.DnnOnDevice(2.0, a)), int)


def test_repr_prints_floats_in_full_and_infinities_as_calls():
    assert repr(offload.MM1(2, 0.1)) == "MM1(arrival_rate=2.0, mean_service_time=0.1)"
    q = offload.MD1(1.0, 1.0 / 3.0)
    assert repr(q) == "MD1(arrival_rate=1.0, service_time=0.3333333333333333)"
    assert repr(offload.WaitBounds(0.0, math.inf)) == "WaitBounds(lower=0.0, upper=float('inf'))"
    assert repr(offload.DnnOffload(2.0, offload.ServiceDemand(0.01), _link, _sizes)).endswith(
        "destination=ResultDestination.device)")


def test_delay_and_unlimited_stations_round_trip():
    for station in (sim.Station.delay("propagation"), sim.Station("edge", 3)):
        assert eval(repr(station), _namespace("offload.sim")) == station  # noqa: S307 (our own repr)
        assert pickle.loads(pickle.dumps(station)) == station
    assert repr(sim.Station.delay("p")) == "Station(name='p', servers=float('inf'), capacity=float('inf'))"
    assert sim.Station("p", servers=math.inf).is_delay


def test_unpickling_validates_through_the_constructor():
    assert offload.MM1(1.0, 0.1).__getstate__() == (1.0, 0.1)
    q = offload.MM1.__new__(offload.MM1)
    with pytest.raises(ValueError, match="arrival_rate"):
        q.__setstate__((-1.0, 0.1))
    with pytest.raises(ValueError, match="fields"):
        offload.MM1.__new__(offload.MM1).__setstate__((1.0,))


def test_statistics_are_methods_and_parameters_properties():
    q = offload.MDC(2.5, 0.3, 3)
    assert isinstance(q.arrival_rate, float) and isinstance(q.servers, int) and isinstance(q.utilization, float)
    assert q.mean_wait() > 0.0 and q.mean_response() == pytest.approx(q.mean_wait() + 0.3, rel=1e-12)
    for name in ("mean_wait", "mean_response", "mean_queue_length", "mean_number_in_system",
                 "cosmetatos_mean_wait", "cosmetatos_mean_response"):
        assert callable(getattr(q, name)), name
    k = offload.MM1K(2.0, 0.3, 5)
    assert k.blocking_probability() + k.acceptance_probability() == pytest.approx(1.0, rel=1e-15)
    assert k.throughput() == pytest.approx(2.0 * k.acceptance_probability(), rel=1e-15)
    g = offload.GG1(2.0, 0.6, 0.3, 1.4)
    assert g.marshall_lower_bound() <= g.mean_wait() <= g.kingman_upper_bound()
    assert callable(offload.DnnOnDevice(2.0, offload.ServiceDemand(0.02)).mean_latency)


def _mean_response(q):
    return q.mean_response()


def _roundtrip(x):
    return x


@pytest.mark.parametrize("method", [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()])
def test_models_travel_through_a_process_pool(method):
    models = [offload.MM1(1.0, 0.1), offload.MDC(2.5, 0.3, 3), offload.GG1(2.0, 0.6, 0.3, 1.4),
              offload.KParallelMG1(offload.MG1(2.0, 0.2, 0.3), 3.0)]
    with multiprocessing.get_context(method).Pool(2) as pool:
        means = pool.map(_mean_response, models)
        back = pool.map(_roundtrip, models + [SAMPLES["offload.TenantSplit"](), SAMPLES["offload.LatencyBreakdown"]()])
    assert means == [q.mean_response() for q in models]  # the same code on the same values: bit for bit
    assert back == models + [SAMPLES["offload.TenantSplit"](), SAMPLES["offload.LatencyBreakdown"]()]
