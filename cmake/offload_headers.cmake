# Every public header of offload, one list per area, alphabetical, relative to include/.
#
# A new header must be added to its area's list here: configure fails (in offload's own builds) if a header
# under include/offload/ is in no list, so nobody forgets. Which target installs and verifies it:
#   OFFLOAD_HEADERS_<area>   -> offload::offload     (needs Boost only)
#   OFFLOAD_HEADERS_JSON     -> offload::json        (needs nlohmann_json; opt-in, not in the umbrella)
#   OFFLOAD_HEADERS_CALIBRATION -> offload::calibration (needs Eigen; opt-in, not in the umbrella)

set(OFFLOAD_HEADERS_TOP
  offload/concepts.hpp
  offload/crossover.hpp
  offload/decision.hpp
  offload/error.hpp
  offload/flops.hpp
  offload/offload.hpp
  offload/pipelines.hpp
  offload/planning.hpp
  offload/policy.hpp
  offload/queues.hpp
  offload/simulation.hpp
)

set(OFFLOAD_HEADERS_QUEUES
  offload/queues/common.hpp
  offload/queues/gg1.hpp
  offload/queues/k_parallel.hpp
  offload/queues/md1.hpp
  offload/queues/mdc.hpp
  offload/queues/mg1.hpp
  offload/queues/mg1_fcfs.hpp
  offload/queues/mg1_las.hpp
  offload/queues/mg1_srpt.hpp
  offload/queues/mg1k.hpp
  offload/queues/mm1.hpp
  offload/queues/mm1k.hpp
  offload/queues/mmc.hpp
  offload/queues/mmck.hpp
)

set(OFFLOAD_HEADERS_DISTRIBUTIONS
  offload/distributions/capped_exponential_tail_time.hpp
  offload/distributions/deterministic_time.hpp
  offload/distributions/erlang_mixture_time.hpp
  offload/distributions/exponential_tail_time.hpp
  offload/distributions/gamma_mixture_time.hpp
  offload/distributions/gamma_plus_tail_time.hpp
  offload/distributions/hypoexponential_tail_time.hpp
  offload/distributions/md1_waiting_time.hpp
  offload/distributions/mdc_waiting_time.hpp
  offload/distributions/shifted_time.hpp
  offload/distributions/tail_plus_exponential_time.hpp
  offload/distributions/transform_inverted_time.hpp
)

set(OFFLOAD_HEADERS_DETAIL
  offload/detail/cramer_lundberg.hpp
  offload/detail/erlang.hpp
  offload/detail/finite_buffer.hpp
  offload/detail/invert_cdf.hpp
  offload/detail/mdc_solver.hpp
  offload/detail/size_based_tables.hpp
  offload/detail/special_functions.hpp
)

set(OFFLOAD_HEADERS_PIPELINES
  offload/pipelines/breakdown.hpp
  offload/pipelines/end_to_end_time.hpp
  offload/pipelines/lemmas.hpp
  offload/pipelines/link.hpp
  offload/pipelines/multi_tenant.hpp
  offload/pipelines/offload_pipeline.hpp
  offload/pipelines/on_device_pipeline.hpp
  offload/pipelines/service_kind.hpp
  offload/pipelines/split_pipeline.hpp
  offload/pipelines/stage_defaults.hpp
  offload/pipelines/detail/latency_transform.hpp
  offload/pipelines/latency_inversion.hpp
)

set(OFFLOAD_HEADERS_CROSSOVER
  offload/crossover/device_vs_offload.hpp
  offload/crossover/direct.hpp
  offload/crossover/find_crossovers.hpp
)

set(OFFLOAD_HEADERS_DECISION
  offload/decision/adaptive_offloading.hpp
  offload/decision/energy.hpp
  offload/decision/objective.hpp
  offload/decision/predict.hpp
  offload/decision/split_choice.hpp
  offload/decision/tier.hpp
)

set(OFFLOAD_HEADERS_POLICY
  offload/policy/description.hpp
  offload/policy/estimators.hpp
  offload/policy/offload_policy.hpp
  offload/policy/snapshot.hpp
)

set(OFFLOAD_HEADERS_ADVISOR
  offload/advisor/advise.hpp
  offload/advisor/scenario.hpp
)

set(OFFLOAD_HEADERS_PLANNING
  offload/planning/detail/lowest_two.hpp
  offload/planning/ml_jobs.hpp
  offload/planning/ml_jobs/cluster_scheduler.hpp
  offload/planning/ml_jobs/jobs.hpp
  offload/planning/ml_jobs/serving_cost.hpp
  offload/planning/multi_job.hpp
  offload/planning/multi_job/baselines.hpp
  offload/planning/multi_job/branch_and_bound.hpp
  offload/planning/multi_job/from_predictions.hpp
  offload/planning/multi_job/list_scheduling.hpp
  offload/planning/multi_job/problem.hpp
  offload/planning/multi_job/reference_instances.hpp
  offload/planning/multi_job/schedule.hpp
  offload/planning/multi_job/tabu_search.hpp
  offload/planning/offloading_bandwidth.hpp
  offload/planning/offloading_bandwidth/bandwidth.hpp
  offload/planning/offloading_bandwidth/baselines.hpp
  offload/planning/offloading_bandwidth/ddlo.hpp
  offload/planning/offloading_bandwidth/exact.hpp
  offload/planning/offloading_bandwidth/instances.hpp
  offload/planning/offloading_bandwidth/problem.hpp
  offload/planning/provisioning.hpp
  offload/planning/provisioning/branch_and_bound.hpp
  offload/planning/provisioning/heuristics.hpp
  offload/planning/provisioning/instances.hpp
  offload/planning/provisioning/lp_format.hpp
  offload/planning/provisioning/modes.hpp
  offload/planning/provisioning/plan.hpp
  offload/planning/provisioning/problem.hpp
  offload/planning/provisioning/queueing_dispatch.hpp
)

set(OFFLOAD_HEADERS_FLOPS
  offload/flops/hardware_presets.hpp
  offload/flops/hardware_profile.hpp
  offload/flops/latency_estimate.hpp
  offload/flops/layer_cost.hpp
  offload/flops/layers.hpp
  offload/flops/model.hpp
  offload/flops/split_points.hpp
  offload/flops/zoo.hpp
)

set(OFFLOAD_HEADERS_SIMULATION
  offload/simulation/builders.hpp
  offload/simulation/compare.hpp
  offload/simulation/distribution.hpp
  offload/simulation/network.hpp
  offload/simulation/random.hpp
  offload/simulation/result.hpp
  offload/simulation/simulate.hpp
  offload/simulation/streaming.hpp
)

set(OFFLOAD_HEADERS_JSON
  offload/json/detail/reader.hpp
  offload/json/flops_model.hpp
  offload/json/hardware_profile.hpp
  offload/json/scenario.hpp
  offload/planning/ml_jobs/trace.hpp
)

set(OFFLOAD_HEADERS_CALIBRATION
  offload/flops/calibration.hpp
)

# The core target's headers (offload::offload).
set(OFFLOAD_HEADERS_CORE
  ${OFFLOAD_HEADERS_TOP} ${OFFLOAD_HEADERS_QUEUES} ${OFFLOAD_HEADERS_DISTRIBUTIONS} ${OFFLOAD_HEADERS_DETAIL}
  ${OFFLOAD_HEADERS_PIPELINES} ${OFFLOAD_HEADERS_CROSSOVER} ${OFFLOAD_HEADERS_DECISION} ${OFFLOAD_HEADERS_POLICY}
  ${OFFLOAD_HEADERS_ADVISOR} ${OFFLOAD_HEADERS_PLANNING}
  ${OFFLOAD_HEADERS_FLOPS} ${OFFLOAD_HEADERS_SIMULATION})
