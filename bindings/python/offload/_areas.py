"""Which name of offload._core belongs to which area submodule (offload.queues, ...): the one table.

Each area module re-exports its names from the top level, so offload.X is offload.<area>.X. A new binding
adds its names here (tests/python/test_package_layout.py fails on a name of _core that is in no area)."""

# area -> names, in the order the bindings define them (bind_<area>.cpp; dnn: bind_dnn*.cpp and Python)
AREAS = {
    "queues": (
        'MM1', 'MD1', 'MG1', 'KParallelMD1', 'KParallelMM1', 'KParallelMG1', 'erlang_b', 'erlang_c', 'MMC', 'MDC',
        'InterarrivalClass', 'WaitBounds', 'GG1', 'MM1K', 'MMCK', 'MG1K', 'md1k', 'mm1_mean_response',
        'md1_mean_response', 'mg1_mean_response', 'mmc_mean_response', 'mdc_mean_response', 'gg1_mean_response',
        'mm1k_mean_response', 'mmck_mean_response', 'mg1k_mean_response', 'k_parallel_md1_mean_response',
        'k_parallel_mm1_mean_response', 'k_parallel_mg1_mean_response'
    ),
    "distributions": (
        'ConvolutionOptions', 'InversionOptions', 'TimeDistribution', 'ConvolvedTimeDistribution'
    ),
    "pipelines": (
        'ServiceDemand', 'NetworkLink', 'Payload', 'ResultDestination', 'ServiceKind', 'LatencyBreakdown',
        'TenantDemand', 'TenantMix', 'DnnOnDevice', 'LlmOnDevice', 'GeneralOnDevice', 'DnnOffload', 'LlmOffload',
        'GeneralOffload', 'GeneralOffloadDeterministicNic', 'TenantOffload', 'DnnSplit', 'LlmSplit', 'GeneralSplit', 'TenantSplit',
        'offloading_loses_deterministic_service', 'offloading_loses_exponential_service',
        'offloading_loses_multi_tenant', 'on_device_mean_latency', 'offload_mean_latency'
    ),
    "crossover": (
        'Winner', 'GridSpacing', 'CrossoverOptions', 'CrossoverMethod', 'log_grid', 'linear_grid', 'CrossoverInterval',
        'CrossoverResult', 'compare_latencies', 'find_crossovers', 'find_integer_crossovers',
        'bandwidth_crossovers', 'arrival_rate_crossovers', 'request_bytes_crossovers', 'device_slowdown_crossovers',
        'remote_service_time_crossovers', 'tenant_count_crossovers'
    ),
    "dnn": (
        'PoolKind', 'ActivationKind', 'ElementwiseOp', 'RecurrentBias', 'Conv2d', 'Linear', 'BatchNorm',
        'LayerNorm', 'RMSNorm', 'Pool2d', 'AdaptivePool2d', 'Activation', 'Elementwise', 'Concat', 'Slice',
        'Flatten', 'Reshape', 'UpsampleNearest', 'LSTM', 'GRU', 'MultiHeadAttention', 'Embedding',
        'TransformerDecoderBlock', 'OpClass', 'DType', 'bytes_per_element', 'FlopsConvention', 'LayerCost',
        'LayerCounts', 'ModelLayer', 'Model', 'ModelBuilder', 'SplitPoint', 'SplitTable', 'layer_costs',
        'split_points', 'single_tensor_cuts', 'HardwareProfile', 'peak_flops_from_cores', 'hardware_preset_names',
        'hardware_preset', 'LayerLatencyTerms', 'SplitLatencyEstimate', 'layer_latency', 'layer_latency_breakdown',
        'model_latency', 'model_latency_sweep', 'split_latency', 'split_latencies', 'model_service_demand',
        'CalibrationWeighting', 'FitStatus', 'CalibrationSample', 'CalibrationOptions', 'FitReport',
        'CalibrationResult', 'calibrate', 'evaluate_fit', 'model_from_json_text', 'to_json_text', 'read_model',
        'write_model', 'hardware_profile_from_json_text', 'read_hardware_profile', 'write_hardware_profile', 'zoo',
        'presets', 'from_torch', 'convert_torch', 'TorchConversion'
    ),
    "decision": (
        'OptionKind', 'PredictionStatus', 'OptionPrediction', 'ObjectiveKind', 'PercentileLevel', 'Objective',
        'Constraints', 'ChoiceReason', 'Choice', 'Decision', 'choose', 'objective_value', 'constraint_violation',
        'meets', 'worth_switching', 'PredictionOptions', 'predict', 'predict_mean', 'Tier', 'TierEnvironment',
        'TierWorkload', 'TierTimes', 'estimate_tier_times', 'TierFidelity', 'TierLoad', 'tier_of', 'choose_tier',
        'AdaptiveDevice', 'AdaptiveEdge', 'adaptive_device_latency', 'adaptive_edge_latency', 'adaptive_offloading',
        'EnergyModel', 'local_energy',
        'offload_energy', 'split_energy', 'energy_delay_cost', 'megabits_per_second', 'SplitScenario', 'SplitCloud',
        'choose_split'
    ),
    "policy": (
        'SlidingWindowRate', 'Ewma', 'RunningMoments', 'PolicyRemote', 'PolicySplit', 'PolicyWorkload',
        'PolicyOptions', 'PolicyDescription', 'PolicyDecision', 'PolicyEstimates', 'policy_max_options',
        'OffloadPolicy'
    ),
    "advisor": (
        'ScenarioLink', 'ScenarioDevice', 'ScenarioServer', 'ScenarioWorkload', 'ScenarioSweeps', 'Scenario',
        'read_scenario', 'scenario_from_json_text', 'write_scenario', 'default_scenario', 'default_scenario_json',
        'AdvisorOption', 'AdvisorCrossovers', 'AdvisorSweep', 'WorkloadAdvice', 'AdvisorReport', 'advise'
    ),
}

# names of offload._core kept only at the top level (none today)
TOP_LEVEL_ONLY = ()

# names an area exports that are not plain names of offload._core: written in Python, or the C++
# submodules offload.zoo / offload.presets
EXTRA_NAMES = ("zoo", "presets", "from_torch", "convert_torch", "TorchConversion")


def export(area, namespace):
    """Copies the names of area from the offload package into namespace; returns them (for __all__).

    A name the extension does not define is skipped, so that a stale table never breaks `import offload` (or the
    build, which imports the package to write the stubs); tests/python/test_package_layout.py reports it."""
    import offload

    names = [name for name in AREAS[area] if hasattr(offload, name)]
    for name in names:
        namespace[name] = getattr(offload, name)
    return names
