"""Value semantics of the public classes: ==, hash, pickle and a repr that round-trips.

Every public class of offload, offload.sim and offload.planning is walked. A class with value semantics
(it defines __eq__ and pickles) must have a sample below, and the sample must compare equal to a copy rebuilt
from its pickle; a hashable one hashes its copies alike. The repr of a class with a constructor is a call that
eval() turns into an equal object in the namespace of its module; a class without one (a result) has an
informative repr naming every field. A class without value semantics must be listed, with the reason, in
NO_VALUE_SEMANTICS.
"""
import copy
import functools
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


# ---- results: computed once (functools.cache), small instances ---------------------------------------------------
pl = offload.planning


@functools.cache
def _crossovers():
    return offload.find_crossovers(lambda x: (1.0, 2.0 / x), 0.5, 10.0)


@functools.cache
def _adaptive():
    return offload.adaptive_offloading(offload.AdaptiveDevice(2.0, 0.019, 12000.0, 4000.0),
                                       [offload.AdaptiveEdge(4.0, 0.0055, 625000.0, 0.5)])


def _environment():
    return offload.TierEnvironment(1e9, 1e10, 1e11, 0.01, 0.05, 0.7, 1.3)


@functools.cache
def _policy():
    return offload.OffloadPolicy(device=offload.ServiceDemand(0.019),
                                 workload=offload.PolicyWorkload(request_bytes=6500.0, arrival_rate=10.0,
                                                                 result_bytes=1000.0),
                                 remotes=[offload.PolicyRemote(name="a2", demand=offload.ServiceDemand(0.0055),
                                                               bandwidth=2.5e6)])


@functools.cache
def _scenario():
    return offload.default_scenario()


@functools.cache
def _advice():
    return offload.advise(_scenario(), sweeps=True, sweep_points=3)


@functools.cache
def _simulation():
    options = sim.RunOptions(seed=3, requests=2000, warmup_requests=200, replications=2, keep_samples=True)
    return sim.simulate(sim.single_station(sim.exponential(0.5), sim.uniform(0.1, 0.3), servers=2), options)


@functools.cache
def _icu():
    return pl.icu_ten_jobs()


def _cluster_problem():
    return pl.MLClusterProblem([pl.MLWorker(2), pl.MLWorker(1, 1.5)],
                               [pl.MLJob(0.0, 1, 2.0), pl.MLJob(0.5, 2, 1 / 3), pl.MLJob(0.6, 1, 1.0)])


def _ml_workload():
    return pl.MLWorkload(1.2, pl.DurationDistribution.pareto(1.0, 2.5),
                         [pl.GpuDemandShare(1, 0.75), pl.GpuDemandShare(2, 0.25)])


@functools.cache
def _cluster_run():
    return pl.simulate_cluster(_cluster_problem(), pl.SchedulerOptions(record_intervals=True))


@functools.cache
def _cluster_estimates():
    return pl.replicate_cluster([pl.MLWorker(2)], _ml_workload(), pl.SchedulerOptions(),
                                pl.ReplicationOptions(jobs=200, replications=2, seed=3))


def _offloading_problem():
    return pl.TaskSizeGenerator(2, 2, 1).next_problem(pl.OffloadingParameters())


@functools.cache
def _bandwidth():
    return pl.optimal_bandwidth(_offloading_problem(), [1, 0, 1, 1])


@functools.cache
def _provisioning():
    return offload.planning.ProvisioningProblem(
        [_pmodel()], [_pnode(), offload.planning.ProvisioningNode("n1", 2e9, 50.0)], [_prequest(), _prequest()])


@functools.cache
def _provisioning_exact():
    return pl.solve_provisioning_exact(_provisioning())


def _dispatch_problem():
    return offload.planning.QueueingDispatchProblem(
        [_pmodel()], [offload.planning.DispatchNode("n0", 4e9), offload.planning.DispatchNode("n1", 2e9, [0])],
        [offload.planning.DispatchStream(0, 2.5, [0.01, 0.02], [0.02, 0.1], 0.5)])


@functools.cache
def _dispatch():
    return pl.solve_queueing_dispatch(_dispatch_problem())


def _model():
    return offload.Model.chain("m", [1, 3, 8, 8], [("c", offload.Conv2d(3, 4, 3, padding=1)),
                                                   ("r", offload.Activation(offload.ActivationKind.relu)),
                                                   ("f", offload.Flatten(1)), ("l", offload.Linear(256, 10))])


@functools.cache
def _calibration():
    prior = offload.HardwareProfile("cpu", memory_bandwidth=2e10, peak_fp32=2e11)
    truth = prior.replace(layer_overhead=2e-5)
    samples = [offload.CalibrationSample([c], offload.layer_latency(truth, c)) for c in _model().layer_costs()]
    return offload.calibrate(prior, samples)


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
    # crossovers and decisions
    "offload.CrossoverInterval": lambda: _crossovers().intervals[0],
    "offload.CrossoverResult": _crossovers,
    "offload.OptionPrediction": lambda: offload.OptionPrediction(offload.OptionKind.edge, remote=0, mean=0.1, p95=0.2,
                                                                 p99=1 / 3, deadline_miss=0.01, energy=0.5,
                                                                 cost=0.001),
    "offload.Choice": lambda: _adaptive().chosen,
    "offload.Decision": _adaptive,
    "offload.TierTimes": lambda: offload.estimate_tier_times(_environment(), offload.TierWorkload(1e8, 2.0)),
    "offload.TierLoad": lambda: offload.TierLoad(3.0, 1 / 3, 0.1),
    "offload.AdaptiveDevice": lambda: offload.AdaptiveDevice(2.0, 0.019, 12000.0, 4000.0),
    "offload.AdaptiveEdge": lambda: offload.AdaptiveEdge(4.0, 0.0055, 625000.0, 0.5),
    "offload.SplitScenario": lambda: offload.SplitScenario(arrival_rate=2.0, bandwidth=625000.0,
                                                           device_dtype=offload.DType.fp16,
                                                           energy=offload.EnergyModel(2e-9, 1e-8), task_bits=1 / 3),
    "offload.SplitCloud": lambda: offload.SplitCloud(profile=offload.presets.nvidia_a2(), bandwidth=1.25e5,
                                                     data_type=offload.DType.fp16, propagation=0.02),
    "offload.PolicyDecision": lambda: _policy().decide(0.0),
    "offload.PolicyEstimates": lambda: _policy().estimates(),
    # the advisor
    "offload.Scenario": _scenario,
    "offload.ScenarioDevice": lambda: _scenario().devices[0],
    "offload.ScenarioServer": lambda: _scenario().edges[0],
    "offload.ScenarioLink": lambda: _scenario().links[0],
    "offload.ScenarioWorkload": lambda: _scenario().workloads[0],
    "offload.ScenarioSweeps": lambda: _scenario().sweeps,
    "offload.AdvisorReport": _advice,
    "offload.WorkloadAdvice": lambda: _advice().advice[0],
    "offload.AdvisorOption": lambda: _advice().advice[0].options[1],
    "offload.AdvisorCrossovers": lambda: _advice().advice[0].crossovers[0],
    "offload.AdvisorSweep": lambda: _advice().advice[0].sweeps[0],
    # the simulator
    "offload.sim.Distribution": lambda: sim.gamma(0.2, 1 / 3),
    "offload.sim.Visit": lambda: sim.Visit(0, sim.exponential(0.1)),
    "offload.sim.Tenant": lambda: sim.Tenant("t", sim.exponential(0.5), [sim.Visit(0, sim.deterministic(0.1)),
                                                                         sim.Visit(1, sim.uniform(0.1, 0.3))]),
    "offload.sim.TandemStage": lambda: sim.TandemStage(sim.Station("s", 2), sim.uniform(0.1, 0.3)),
    "offload.sim.OffloadPath": lambda: sim.OffloadPath(interarrival=sim.exponential(0.5), uplink=sim.exponential(0.01),
                                                       edge_service=sim.deterministic(0.02), edge_capacity=10,
                                                       propagation=0.001),
    "offload.sim.SplitPath": lambda: sim.SplitPath(sim.exponential(0.5), sim.deterministic(0.01),
                                                   sim.exponential(0.01), sim.lognormal(0.02, 0.5), device_servers=2),
    "offload.sim.EdgeTenant": lambda: sim.EdgeTenant("d0", sim.exponential(0.25), sim.deterministic(0.001),
                                                     sim.hyperexponential2(0.05, 4.0)),
    "offload.sim.RunOptions": lambda: sim.RunOptions(seed=3, requests=2000, replications=2, percentiles=[0.5, 0.99],
                                                     keep_samples=True, confidence=0.9),
    "offload.sim.Estimate": lambda: _simulation().tenants[0].latency.mean_response,
    "offload.sim.LatencyStats": lambda: _simulation().tenants[0].latency,
    "offload.sim.FlowStats": lambda: _simulation().tenants[0].flow,
    "offload.sim.TenantResult": lambda: _simulation().tenants[0],
    "offload.sim.StationResult": lambda: _simulation().stations[0],
    "offload.sim.StationTenantResult": lambda: _simulation().stations[0].tenants[0],
    "offload.sim.SimulationResult": _simulation,
    # planning: multi-job allocation
    "offload.planning.Plan": lambda: pl.Plan([0, 0, 1], [[2, 0], [1]]),
    "offload.planning.Schedule": lambda: pl.evaluate(_icu(), pl.earliest_completion_plan(_icu())),
    "offload.planning.JobTiming": lambda: pl.evaluate(_icu(), pl.earliest_completion_plan(_icu())).jobs[3],
    "offload.planning.TabuSearchResult": lambda: pl.tabu_search(_icu(), 3),
    "offload.planning.ExactResult": lambda: pl.solve_exact(pl.random_problem(5, 1, 1)),
    "offload.planning.PredictedJob": lambda: pl.PredictedJob(offload.TierWorkload(1e8, 2.0), release_time=0.5,
                                                             weight=1 / 3, has_device=False),
    # planning: ML jobs
    "offload.planning.MLClusterProblem": _cluster_problem,
    "offload.planning.DurationDistribution": lambda: pl.DurationDistribution.lognormal(1.0, 1 / 3),
    "offload.planning.GpuDemandShare": lambda: pl.GpuDemandShare(2, 0.25),
    "offload.planning.MLWorkload": _ml_workload,
    "offload.planning.SchedulerOptions": lambda: pl.SchedulerOptions(policy=pl.SchedulingPolicy.las, las_quantum=0.1,
                                                                     record_intervals=True),
    "offload.planning.ClusterRun": _cluster_run,
    "offload.planning.MLJobOutcome": lambda: _cluster_run().jobs[1],
    "offload.planning.MLRunInterval": lambda: _cluster_run().intervals[0],
    "offload.planning.ClusterMetrics": lambda: pl.summarize(_cluster_problem(), _cluster_run()),
    "offload.planning.ReplicationOptions": lambda: pl.ReplicationOptions(jobs=200, replications=2, confidence=0.9,
                                                                         seed=3),
    "offload.planning.ClusterEstimates": _cluster_estimates,
    "offload.planning.MetricEstimate": lambda: _cluster_estimates().mean_jct,
    # planning: offloading and bandwidth
    "offload.planning.BandwidthSolution": _bandwidth,
    "offload.planning.OffloadingEvaluation": lambda: _bandwidth().evaluation,
    "offload.planning.DeviceEvaluation": lambda: _bandwidth().evaluation.devices[1],
    "offload.planning.OffloadingSolution": lambda: pl.enumerate_offloading(_offloading_problem()),
    "offload.planning.DdloOptions": lambda: pl.DdloOptions(dnn_count=2, learning_rate=1 / 3, seed=9),
    "offload.planning.DdloDecision": lambda: pl.Ddlo(2, 2, options=pl.DdloOptions(dnn_count=2)).decide(
        _offloading_problem().task_bits),
    # planning: provisioning
    "offload.planning.ProvisioningExactResult": _provisioning_exact,
    "offload.planning.ProvisioningPlan": lambda: _provisioning_exact().best,
    "offload.planning.ProvisioningEvaluation": lambda: pl.evaluate(_provisioning(), _provisioning_exact().best),
    "offload.planning.ProvisioningHeuristicResult": lambda: pl.solve_provisioning_fast(_provisioning()),
    "offload.planning.PlacementDiff": lambda: pl.diff_placement(_provisioning(), [[], [0]], _provisioning_exact().best),
    "offload.planning.ModelPlacement": lambda: pl.diff_placement(_provisioning(), [[], []],
                                                                 _provisioning_exact().best).provision[0],
    "offload.planning.QueueingDispatchResult": _dispatch,
    "offload.planning.QueueingDispatchEvaluation": lambda: _dispatch().evaluation,
    "offload.planning.QueueingDispatchQuantiles": lambda: pl.queueing_dispatch_latency_quantiles(
        _dispatch_problem(), _dispatch().plan, 0.95),
    "offload.planning.QueueingDispatchQuantileSearch": lambda: pl.minimize_queueing_dispatch_quantile(
        _dispatch_problem(), _dispatch().plan, 0.95, 20),
    # FLOPs, hardware, calibration
    "offload.Model": _model,
    "offload.ModelLayer": lambda: _model().layers[0],
    "offload.LayerCounts": lambda: _model().layers[0].counts,
    "offload.HardwareProfile": lambda: offload.presets.nvidia_a2(),
    "offload.LayerLatencyTerms": lambda: offload.layer_latency_breakdown(offload.presets.jetson_tx2(),
                                                                         _model().cost(0)),
    "offload.SplitLatencyEstimate": lambda: offload.split_latency(offload.presets.jetson_tx2(),
                                                                  offload.presets.nvidia_a2(), _model(), 2),
    "offload.CalibrationOptions": lambda: offload.CalibrationOptions(fit_layer_overhead=False,
                                                                     max_regime_iterations=7),
    "offload.CalibrationSample": lambda: offload.CalibrationSample(
        [offload.LayerCost(offload.OpClass.dense_conv, macs=10.0, flops=20.0)], 1 / 3,
        element_type=offload.DType.fp16),
    "offload.CalibrationResult": _calibration,
    "offload.FitReport": lambda: _calibration().fit,
    "offload.TorchConversion": lambda: offload.TorchConversion({"name": "m", "layers": [], "x": 0.1}, 10, 3),
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
    "offload.SplitTable": "a table computed once from a Model for one dtype and convention (it does not keep the "
                          "model): compare and pickle the Model and rebuild the table",
    "offload.SplitPoint": "a view into its SplitTable (spans over the table's layer costs, kept alive by the "
                          "table): pickle the Model and rebuild",
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


def _is_named_tuple(cls):
    return issubclass(cls, tuple) and hasattr(cls, "_fields")


def has_value_semantics(cls):
    """Bound classes get __eq__ and __setstate__ from value_type.hpp; a NamedTuple (TorchConversion) is a value."""
    return _is_named_tuple(cls) or ("__eq__" in cls.__dict__ and "__setstate__" in cls.__dict__)


def _constructible(cls):
    """pybind11 binds py::init as an instancemethod; a class without one has only a slot wrapper that raises."""
    return _is_named_tuple(cls) or type(vars(cls).get("__init__")).__name__ == "instancemethod"


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
        listed = q in NO_VALUE_SEMANTICS
        if has_value_semantics(cls):
            if listed:
                listed_but_value.append(q)
        elif not listed:
            unaccounted.append(q)
    stale = sorted(set(NO_VALUE_SEMANTICS) - names)
    assert unaccounted == [], f"classes with neither value semantics nor a listed reason: {unaccounted}"
    assert listed_but_value == [], f"value types still listed as exceptions (remove them): {listed_but_value}"
    assert stale == [], f"listed classes that no longer exist: {stale}"
    assert all(reason.strip() for reason in NO_VALUE_SEMANTICS.values())


def test_every_value_class_has_a_sample():
    missing = [q for q, _, _ in _value_classes() if q not in SAMPLES]
    assert missing == [], f"value types without a sample in SAMPLES: {missing}"
    values = {q for q, _, _ in _value_classes()}
    assert sorted(set(SAMPLES) - values) == [], "samples of classes that are not values"


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
    # repr: a constructor call that rebuilds an equal object in the module's namespace, or (no constructor) an
    # informative Name(field=value, ...)
    text = repr(x)
    assert text.startswith(cname + "("), text
    fields = cls._fields if _is_named_tuple(cls) else cls.__offload_fields__
    if cls is not offload.Model:  # a model's repr is its one-line summary (test_model_repr_is_a_summary)
        assert isinstance(fields, tuple) and all(f"{f}=" in text for f in fields), text
    if _constructible(cls):
        assert eval(text, _namespace(mname)) == x, text  # noqa: S307 (our own repr)
    if _is_named_tuple(cls):
        return  # a tuple's hash is its items' (a dict inside is unhashable)
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


def test_every_simulator_distribution_round_trips():
    laws = [sim.Distribution(), sim.deterministic(0.25), sim.exponential(0.1), sim.gamma(0.2, 1 / 3), sim.erlang(3, 0.3),
            sim.lognormal(0.05, 2.5), sim.uniform(0.1, 0.7), sim.hyperexponential2(0.2, 7.0),
            sim.empirical([0.1, 0.25, 1 / 3])]
    for d in laws:
        again = eval(repr(d), _namespace("offload.sim"))  # noqa: S307 (our own repr)
        assert again == d and pickle.loads(pickle.dumps(d)) == d, repr(d)
        assert again.parameter(0) == d.parameter(0) and again.samples == d.samples
    assert sim.Distribution() == sim.deterministic(0.0)
    assert sim.empirical([0.1, 0.2]) != sim.empirical([0.1, 0.3])  # by value, not by the shared sample pointer
    assert sim.Distribution(sim.DistributionKind.uniform, parameters=[0.1, 0.7, 0.0]) == sim.uniform(0.1, 0.7)
    with pytest.raises(ValueError, match="'parameters' = 3 .*does not match the gamma law"):  # shape 2, not 3
        sim.Distribution(sim.DistributionKind.gamma, mean=0.2, scv=0.5, parameters=[3.0, 0.1, 0.0])
    with pytest.raises(ValueError, match="'samples' = None.*must be given for empirical"):
        sim.Distribution(sim.DistributionKind.empirical)


def test_results_summarise_long_lists_in_their_repr():
    r = _simulation()
    latency = repr(r.tenants[0].latency)
    assert len(r.tenants[0].latency.sorted_response_samples) > 1000
    assert "sorted_response_samples=[" in latency and ", ...," in latency and len(latency) < 3000
    assert pickle.loads(pickle.dumps(r)) == r  # pickle keeps everything
    problem = pl.MLClusterProblem([pl.MLWorker(1)], [pl.MLJob(float(i), 1, 0.5) for i in range(40)])
    assert "MLClusterProblem(workers=[MLWorker(gpus=1, speed=1.0)], jobs=[MLJob(" in repr(problem)
    assert ", ...," not in repr(problem)  # a class with a constructor prints every item: eval() rebuilds it
    assert eval(repr(problem), _namespace("offload.planning")) == problem  # noqa: S307 (our own repr)


def test_model_repr_is_a_summary_and_pickle_keeps_every_layer():
    m = offload.zoo.mobilenet_v2()
    assert repr(m).startswith("Model('mobilenet_v2', input_shape=(1, 3, 224, 224), layers=")
    again = pickle.loads(pickle.dumps(m))
    assert again == m and again is not m and again.layer_names == m.layer_names
    assert again.total_macs == m.total_macs and again.total_parameters == m.total_parameters
    assert again.to_json_text() == m.to_json_text()
    assert m != _model() and _model() == _model()


def test_from_rates_round_trips_exactly():
    """from_rates keeps the given rate mu and stores mean_service_time = 1 / mu; where 1 / (1 / mu) != mu, the fields
    alone would not rebuild it, so repr is the factory call and pickle carries mu (value_type.hpp add_factory_form);
    where they would, the constructor's form stays."""
    q = offload.MM1(3.0, 0.1)
    assert pickle.loads(pickle.dumps(q)) == q and eval(repr(q), _namespace("offload")) == q  # noqa: S307
    assert repr(offload.MM1.from_rates(2.0, 10.0)) == "MM1(arrival_rate=2.0, mean_service_time=0.1)"  # 1/0.1 == 10
    assert 1.0 / (1.0 / 49.0) != 49.0  # binary64
    rated = [offload.MM1.from_rates(3.0, 49.0), offload.MMC.from_rates(3.0, 49.0, 2),
             offload.MM1K.from_rates(3.0, 49.0, 5), offload.MMCK.from_rates(3.0, 49.0, 2, 5)]
    assert repr(rated[0]) == "MM1.from_rates(arrival_rate=3.0, service_rate=49.0)"
    assert repr(rated[3]) == "MMCK.from_rates(arrival_rate=3.0, service_rate=49.0, servers=2, capacity=5)"
    for r in rated:
        assert r != type(r)(*[getattr(r, f) for f in type(r).__offload_fields__])  # the fields alone: 1 ulp off
        again = eval(repr(r), _namespace("offload"))  # noqa: S307 (our own repr)
        copied = pickle.loads(pickle.dumps(r))
        assert again == r and copied == r and copy.deepcopy(r) == r, repr(r)
        assert again.service_rate == copied.service_rate == 49.0 and hash(copied) == hash(r)
        assert copied.mean_response() == r.mean_response()  # bit for bit
    make, args, state = rated[0].__reduce_ex__(2)[:3]
    assert state == (3.0, 1 / 49.0, 49.0)  # the fields, then the factory's own
    with pytest.raises(ValueError, match="service_rate"):  # a tampered state is validated like any input
        make(*args).__setstate__((3.0, 1 / 49.0, -49.0))


def test_results_travel_through_a_process_pool():
    results = [_simulation(), _advice(), _cluster_run(), _model(), _dispatch(), _calibration()]
    with multiprocessing.get_context("spawn" if "spawn" in multiprocessing.get_all_start_methods() else "fork").Pool(
            1) as pool:
        back = pool.map(_roundtrip, results)
    assert back == results
