// Python bindings of the decision functions (offload/decision/): option predictions, objectives, constraints
// and the selection rule; the Decision every decision function returns; predictions from the pipelines; the
// tier choice (the load-free tier times of seed 001's Algorithm 1, or the pipelines); seed 003 Algorithm 1
// (on-device vs E edges); the split choice over a FLOPs split table; seed 002's energy model. The C++ stage-model
// template parameters of choose_tier / choose_split are bound at their defaults.
// Objects built from Python are validated at construction, so a bad value fails where it is written.
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "enum_check.hpp"
#include "offload/decision.hpp"
#include "offload/pipelines.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::add_value_semantics;
using offload::python::field;
using offload::python::frozen;
using offload::python::repr_number;

namespace {

using arr = py::array_t<double>;

// ---- helpers ------------------------------------------------------------------------------------------------

/// A latency/probability field of an option prediction: >= 0 (+inf allowed for times), never NaN.
double require_time(double v, const char* parameter) {
    if (!(v >= 0.0))
        offload::detail::throw_parameter_error("offload::option_prediction", parameter, v,
                                               "must be >= 0 (+inf: unbounded)");
    return v;
}

offload::option_prediction make_prediction(offload::option_kind kind, int remote, int cut, double mean, double p95,
                                           double p99, double deadline_miss, double energy, std::optional<bool> stable,
                                           std::optional<offload::prediction_status> status, double cost) {
    constexpr const char* fn = "offload::option_prediction";
    offload::option_prediction p;
    p.kind = offload::python::checked_enumerator(kind, fn, "kind");
    p.remote = remote;
    p.cut = cut;
    p.mean = require_time(mean, "mean");
    p.p95 = require_time(p95, "p95");
    p.p99 = require_time(p99, "p99");
    p.deadline_miss = offload::detail::require_probability(deadline_miss, fn, "deadline_miss");
    p.energy = offload::detail::require_non_negative(energy, fn, "energy");
    p.cost = offload::detail::require_non_negative(cost, fn, "cost");
    if (remote < -1) offload::detail::throw_parameter_error(fn, "remote", remote, "must be >= -1 (-1: the device)");
    if (cut < -1) offload::detail::throw_parameter_error(fn, "cut", cut, "must be >= -1 (-1: not a split)");
    p.stable = stable ? *stable : mean < offload::infinity;
    if (p.stable && !(mean < offload::infinity))
        offload::detail::throw_parameter_error(fn, "mean", mean, "must be finite for a stable option");
    p.status = status ? offload::python::checked_enumerator(*status, fn, "status")
                      : (p.stable ? offload::prediction_status::ok : offload::prediction_status::unstable);
    return p;
}

offload::prediction_options make_prediction_options(double deadline, long long grid_points, double tail_mass) {
    constexpr const char* fn = "offload::prediction_options";
    offload::prediction_options o;
    o.deadline = deadline;
    offload::validate_prediction_options(o, fn);
    if (!(grid_points >= 64 && grid_points <= (1LL << 24) && (grid_points & (grid_points - 1)) == 0))
        offload::detail::throw_parameter_error(fn, "grid_points", static_cast<double>(grid_points),
                                               "must be a power of two in [64, 16777216]");
    if (!(tail_mass > 0.0 && tail_mass <= 1.0e-3))
        offload::detail::throw_parameter_error(fn, "tail_mass", tail_mass, "must lie in (0, 0.001]");
    o.convolution.grid_points = static_cast<std::size_t>(grid_points);
    o.convolution.tail_mass = tail_mass;
    return o;
}

template <class P>
void def_predict(py::module_& m) {
    m.def(
        "predict", [](const P& p, const offload::prediction_options& o) { return offload::predict(p, o); },
        py::arg("pipeline"), py::arg("options") = offload::prediction_options{},
        "OptionPrediction of a pipeline: exact mean, p95/p99 and P(T > deadline) from its latency distribution.");
    m.def(
        "predict_mean", [](const P& p) { return offload::predict_mean(p); }, py::arg("pipeline"),
        "Mean-only OptionPrediction (no tails: p95 = p99 = inf, deadline_miss = 1).");
}

/// split_scenario holds a pointer to an energy model: the Python object owns its copy.
struct py_split_scenario {
    offload::split_scenario s;
    std::optional<offload::energy_model> energy;
    offload::split_scenario get() const {
        offload::split_scenario r = s;
        r.energy = energy ? &*energy : nullptr;
        return r;
    }
};

/// split_cloud holds a pointer to a hardware profile: the Python object owns its copy.
struct py_split_cloud {
    std::optional<offload::dnn::hardware_profile> profile;
    offload::dnn::dtype data_type = offload::dnn::dtype::fp32;
    double bandwidth = 0.0;
    double propagation = 0.0;
    double background_rate = 0.0;
};

// the callers' parameters checked under their Python names before the C++ models see them (which would
// name their own fields: service_demand's mean_seconds, offload_pipeline's remote_arrival_rate)
double adaptive_device_mean(double lambda, double s) {
    constexpr const char* fn = "offload::adaptive_device_latency";
    offload::detail::require_non_negative(lambda, fn, "arrival_rate");
    offload::detail::require_positive(s, fn, "service_time");
    return offload::adaptive_device_latency(offload::adaptive_device{lambda, s, 1.0, 0.0});
}

double adaptive_edge_mean(double lambda, double lambda_edge, double s_edge, double bandwidth, double req, double res,
                          double scv) {
    constexpr const char* fn = "offload::adaptive_edge_latency";
    offload::detail::require_non_negative(lambda, fn, "arrival_rate");
    offload::detail::require_non_negative(lambda_edge, fn, "edge_arrival_rate");
    if (!(lambda_edge >= lambda))
        offload::detail::throw_parameter_error(fn, "edge_arrival_rate", lambda_edge,
                                               "must be >= arrival_rate (it includes this device's requests)");
    offload::detail::require_positive(s_edge, fn, "edge_service_time");
    offload::detail::require_positive(bandwidth, fn, "bandwidth");
    offload::detail::require_non_negative(req, fn, "request_bytes");
    offload::detail::require_non_negative(res, fn, "result_bytes");
    offload::detail::require_non_negative(scv, fn, "edge_scv");
    return offload::adaptive_edge_latency(offload::adaptive_device{lambda, 1.0, req, res},
                                          offload::adaptive_edge{lambda_edge, s_edge, scv, bandwidth});
}

} // namespace

void bind_decision(py::module_& m) {
    // ---- objective, constraints, choose ------------------------------------------------------------------
    py::enum_<offload::option_kind>(m, "OptionKind", "Where an option runs: device, edge, cloud or split.")
        .value("device", offload::option_kind::device)
        .value("edge", offload::option_kind::edge)
        .value("cloud", offload::option_kind::cloud)
        .value("split", offload::option_kind::split);

    py::enum_<offload::prediction_status>(m, "PredictionStatus",
                                          "How a prediction came about: ok, unstable, model_failed (the model "
                                          "threw: treated as unstable), tails_failed (mean valid, tails inf).")
        .value("ok", offload::prediction_status::ok)
        .value("unstable", offload::prediction_status::unstable)
        .value("model_failed", offload::prediction_status::model_failed)
        .value("tails_failed", offload::prediction_status::tails_failed);

    py::class_<offload::option_prediction>(
        m, "OptionPrediction",
        "The predicted figures of one option: mean, p95, p99 (s), deadline_miss = P(T > deadline), energy (J per "
        "request), stable. An unstable option has mean = p95 = p99 = inf and deadline_miss = 1.")
        .def(py::init(&make_prediction), py::arg("kind") = offload::option_kind::device, py::arg("remote") = -1,
             py::arg("cut") = -1, py::arg("mean") = offload::infinity, py::arg("p95") = offload::infinity,
             py::arg("p99") = offload::infinity, py::arg("deadline_miss") = 0.0, py::arg("energy") = 0.0,
             py::arg("stable") = py::none(), py::arg("status") = py::none(), py::arg("cost") = 0.0,
             "Validated: times >= 0 (inf allowed), deadline_miss in [0, 1], energy >= 0, cost >= 0. stable defaults to "
             "mean < inf; status to ok when stable, else unstable.")
        .def_readonly("kind", &offload::option_prediction::kind, "OptionKind: device, edge, cloud or split.")
        .def_readonly("remote", &offload::option_prediction::remote, "Index of the remote target (-1: device).")
        .def_readonly("cut", &offload::option_prediction::cut, "Split: layers [0, cut) on the device (-1: none).")
        .def_readonly("mean", &offload::option_prediction::mean, "E[T], s.")
        .def_readonly("p95", &offload::option_prediction::p95, "95th percentile of T, s.")
        .def_readonly("p99", &offload::option_prediction::p99, "99th percentile of T, s.")
        .def_readonly("deadline_miss", &offload::option_prediction::deadline_miss, "P(T > deadline).")
        .def_readonly("energy", &offload::option_prediction::energy, "Device-side energy per request, J.")
        .def_readonly("cost", &offload::option_prediction::cost, "Money per request (0: not priced).")
        .def_readonly("stable", &offload::option_prediction::stable, "Every queue on the path has rho < 1.")
        .def_readonly("status", &offload::option_prediction::status,
                      "PredictionStatus: ok, unstable, model_failed or tails_failed.");
    add_value_semantics(
        py::class_<offload::option_prediction>(m.attr("OptionPrediction")), frozen, &make_prediction,
        field("kind", &offload::option_prediction::kind), field("remote", &offload::option_prediction::remote),
        field("cut", &offload::option_prediction::cut), field("mean", &offload::option_prediction::mean),
        field("p95", &offload::option_prediction::p95), field("p99", &offload::option_prediction::p99),
        field("deadline_miss", &offload::option_prediction::deadline_miss),
        field("energy", &offload::option_prediction::energy), field("stable", &offload::option_prediction::stable),
        field("status", &offload::option_prediction::status), field("cost", &offload::option_prediction::cost));

    py::enum_<offload::objective_kind>(m, "ObjectiveKind", "What choose() minimises.")
        .value("mean_latency", offload::objective_kind::mean_latency)
        .value("percentile_latency", offload::objective_kind::percentile_latency)
        .value("deadline_miss", offload::objective_kind::deadline_miss)
        .value("energy_delay", offload::objective_kind::energy_delay)
        .value("cost", offload::objective_kind::cost);
    py::enum_<offload::percentile_level>(m, "PercentileLevel", "p95 or p99 for the percentile objective.")
        .value("p95", offload::percentile_level::p95)
        .value("p99", offload::percentile_level::p99);

    const auto make_objective = [](offload::objective_kind kind, offload::percentile_level level, double delay_weight) {
        const offload::objective o{kind, level, delay_weight};
        offload::validate_objective(o, "offload::objective");
        return o;
    };
    py::class_<offload::objective> objective_cls(
        m, "Objective",
        "The objective: mean latency (default), a percentile, the deadline-miss "
        "probability, or energy + delay_weight * mean (seed 002).");
    objective_cls
        .def(py::init(make_objective), py::arg("kind") = offload::objective_kind::mean_latency,
             py::arg("level") = offload::percentile_level::p99, py::arg("delay_weight") = 1.0)
        .def_static("mean_latency", &offload::objective::mean_latency, "Minimise E[T].")
        .def_static(
            "percentile",
            [](offload::percentile_level level) {
                return offload::objective::percentile(
                    offload::python::checked_enumerator(level, "offload::objective::percentile", "level"));
            },
            py::arg("level"), "Minimise the p95 or p99.")
        .def_static("deadline_miss", &offload::objective::deadline_miss, "Minimise P(T > deadline).")
        .def_static(
            "energy_delay",
            [](double beta) {
                return offload::objective::energy_delay(
                    offload::detail::require_non_negative(beta, "offload::objective::energy_delay", "beta"));
            },
            py::arg("beta"), "Minimise energy + beta E[T] (beta >= 0, J/s).")
        .def_static("cost", &offload::objective::cost, "Minimise the cost per request (ties: the lower mean).")
        .def_readonly("kind", &offload::objective::kind, "ObjectiveKind: what choose() minimises.")
        .def_readonly("level", &offload::objective::level,
                      "PercentileLevel (p95 or p99) for the percentile_latency objective.")
        .def_readonly("delay_weight", &offload::objective::delay_weight,
                      "beta >= 0 for energy_delay, J per second of latency.");
    add_value_semantics(objective_cls, frozen, make_objective, field("kind", &offload::objective::kind),
                        field("level", &offload::objective::level),
                        field("delay_weight", &offload::objective::delay_weight));

    const auto make_constraints = [](double max_mean, double max_p95, double max_p99, double max_deadline_miss,
                                     double max_energy, double max_cost) {
        const offload::constraints c{max_mean, max_p95, max_p99, max_deadline_miss, max_energy, max_cost};
        offload::validate_constraints(c, "offload::constraints");
        return c;
    };
    py::class_<offload::constraints> constraints_cls(m, "Constraints",
                                                     "Upper bounds an option must meet (inf / 1: no constraint), e.g. "
                                                     "Constraints(max_p99=0.08) for 'p99 below 80 ms'.");
    constraints_cls
        .def(py::init(make_constraints), py::arg("max_mean") = offload::infinity,
             py::arg("max_p95") = offload::infinity, py::arg("max_p99") = offload::infinity,
             py::arg("max_deadline_miss") = 1.0, py::arg("max_energy") = offload::infinity,
             py::arg("max_cost") = offload::infinity)
        .def_readonly("max_mean", &offload::constraints::max_mean, "Largest allowed mean latency, s (inf: none).")
        .def_readonly("max_p95", &offload::constraints::max_p95, "Largest allowed p95 latency, s (inf: none).")
        .def_readonly("max_p99", &offload::constraints::max_p99, "Largest allowed p99 latency, s (inf: none).")
        .def_readonly("max_deadline_miss", &offload::constraints::max_deadline_miss,
                      "Largest allowed P(T > deadline), a probability in [0, 1] (1: none).")
        .def_readonly("max_energy", &offload::constraints::max_energy,
                      "Largest allowed device energy per request, J (inf: none).")
        .def_readonly("max_cost", &offload::constraints::max_cost, "Largest allowed cost per request (inf: none).");
    add_value_semantics(
        constraints_cls, frozen, make_constraints, field("max_mean", &offload::constraints::max_mean),
        field("max_p95", &offload::constraints::max_p95), field("max_p99", &offload::constraints::max_p99),
        field("max_deadline_miss", &offload::constraints::max_deadline_miss),
        field("max_energy", &offload::constraints::max_energy), field("max_cost", &offload::constraints::max_cost));

    py::enum_<offload::choice_reason>(m, "ChoiceReason", "Why an option was chosen.")
        .value("best_objective", offload::choice_reason::best_objective)
        .value("no_option_meets_constraints", offload::choice_reason::no_option_meets_constraints)
        .value("no_stable_option", offload::choice_reason::no_stable_option)
        .value("no_options", offload::choice_reason::no_options)
        .value("kept_by_hysteresis", offload::choice_reason::kept_by_hysteresis)
        .value("kept_by_dwell_time", offload::choice_reason::kept_by_dwell_time);

    py::class_<offload::choice>(m, "Choice", "The result of choose(): index, reason, feasible, objective value.")
        .def_readonly("index", &offload::choice::index, "Position of the chosen option in the option list.")
        .def_readonly("reason", &offload::choice::reason, "ChoiceReason: why this option was chosen.")
        .def_readonly("feasible", &offload::choice::feasible, "Stable and meeting every constraint.")
        .def_readonly("value", &offload::choice::value, "The objective's value for the chosen option.")
        .def_property_readonly(
            "reason_text", [](const offload::choice& c) { return offload::to_string(c.reason); },
            "The reason as text.");
    add_value_semantics(py::class_<offload::choice>(m.attr("Choice")), frozen, offload::python::by_members,
                        field("index", &offload::choice::index), field("reason", &offload::choice::reason),
                        field("feasible", &offload::choice::feasible), field("value", &offload::choice::value));

    py::class_<offload::decision>(m, "Decision",
                                  "What every decision function returns: options (an OptionPrediction per option "
                                  "considered, in the function's documented order) and chosen (the Choice).")
        .def_readonly("options", &offload::decision::options, "[OptionPrediction] of every option considered.")
        .def_readonly("chosen", &offload::decision::chosen, "The Choice; chosen.index indexes options.")
        .def_property_readonly("chosen_option", &offload::decision::chosen_option,
                               "The chosen option's OptionPrediction (options[chosen.index]).");
    add_value_semantics(py::class_<offload::decision>(m.attr("Decision")), frozen, offload::python::by_members,
                        field("options", &offload::decision::options), field("chosen", &offload::decision::chosen));

    m.def(
        "choose",
        [](const std::vector<offload::option_prediction>& options, const offload::objective& goal,
           const offload::constraints& limits) { return offload::choose(options, goal, limits); },
        py::arg("options"), py::arg("objective") = offload::objective{},
        py::arg("constraints") = offload::constraints{},
        "The selection rule (docs/decisions.md): never an unstable option while a stable one exists; the lowest "
        "objective among options meeting the constraints; else the least bad (reason no_option_meets_constraints); "
        "all unstable: index 0 (reason no_stable_option).");
    m.def(
        "objective_value",
        [](const offload::option_prediction& p, const offload::objective& o) { return offload::objective_value(p, o); },
        py::arg("prediction"), py::arg("objective"), "The objective's value for one option (inf if unstable).");
    m.def(
        "constraint_violation",
        [](const offload::option_prediction& p, const offload::constraints& c) {
            return offload::constraint_violation(p, c);
        },
        py::arg("prediction"), py::arg("constraints"),
        "Sum of relative excesses over the bounds: 0 when every constraint is met, inf if unstable.");
    m.def(
        "meets",
        [](const offload::option_prediction& p, const offload::constraints& c) { return offload::meets(p, c); },
        py::arg("prediction"), py::arg("constraints"), "Stable and meeting every constraint.");
    m.def(
        "worth_switching",
        [](arr current, arr candidate, arr margin, arr absolute_margin) {
            return py::vectorize([](double cur, double cand, double mg, double abs_mg) {
                constexpr const char* fn = "offload::worth_switching";
                if (!(cur >= 0.0))
                    offload::detail::throw_parameter_error(fn, "current", cur, "must be >= 0 (inf allowed)");
                if (!(cand >= 0.0))
                    offload::detail::throw_parameter_error(fn, "candidate", cand, "must be >= 0 (inf allowed)");
                if (!(mg >= 0.0 && mg < 1.0))
                    offload::detail::throw_parameter_error(fn, "margin", mg, "must lie in [0, 1)");
                offload::detail::require_non_negative(abs_mg, fn, "absolute_margin");
                return offload::worth_switching(cur, cand, mg, abs_mg);
            })(current, candidate, margin, absolute_margin);
        },
        py::arg("current"), py::arg("candidate"), py::arg("margin"), py::arg("absolute_margin") = 0.0,
        "Hysteresis rule (vectorised): candidate < (1 - margin) current and current - candidate > absolute_margin.");

    // ---- predictions from pipelines ------------------------------------------------------------------------
    py::class_<offload::prediction_options> prediction_options_cls(
        m, "PredictionOptions",
        "deadline (s, inf: none) for deadline_miss; grid_points / tail_mass of the offload/split convolutions.");
    prediction_options_cls
        .def(py::init(&make_prediction_options), py::arg("deadline") = offload::infinity, py::arg("grid_points") = 4096,
             py::arg("tail_mass") = 1.0e-6)
        .def_readonly("deadline", &offload::prediction_options::deadline,
                      "Deadline for deadline_miss, s (> 0; inf: no deadline, miss probability 0).")
        .def_property_readonly(
            "grid_points", [](const offload::prediction_options& o) { return o.convolution.grid_points; },
            "FFT length of the convolutions: a power of two in [2^6, 2^24].")
        .def_property_readonly(
            "tail_mass", [](const offload::prediction_options& o) { return o.convolution.tail_mass; },
            "Probability cut from the stages' tails in the convolutions, in (0, 1e-3].");
    add_value_semantics(
        prediction_options_cls, frozen, &make_prediction_options,
        field("deadline", &offload::prediction_options::deadline),
        field("grid_points",
              [](const offload::prediction_options& o) { return static_cast<long long>(o.convolution.grid_points); }),
        field("tail_mass", [](const offload::prediction_options& o) { return o.convolution.tail_mass; }));
    {
        using offload::k_parallel;
        using offload::md1;
        using offload::mg1;
        using offload::mm1;
        using offload::nic_stage;
        def_predict<offload::on_device_pipeline<k_parallel<md1>>>(m);
        def_predict<offload::on_device_pipeline<k_parallel<mm1>>>(m);
        def_predict<offload::on_device_pipeline<k_parallel<mg1>>>(m);
        def_predict<offload::offload_pipeline<k_parallel<md1>, nic_stage>>(m);
        def_predict<offload::offload_pipeline<k_parallel<mm1>, nic_stage>>(m);
        def_predict<offload::offload_pipeline<k_parallel<mg1>, nic_stage>>(m);
        def_predict<offload::split_pipeline<k_parallel<md1>, k_parallel<md1>, nic_stage>>(m);
        def_predict<offload::split_pipeline<k_parallel<mm1>, k_parallel<mm1>, nic_stage>>(m);
        def_predict<offload::split_pipeline<k_parallel<mg1>, k_parallel<mg1>, nic_stage>>(m);
        def_predict<offload::tenant_offload_pipeline<k_parallel<mg1>, nic_stage>>(m);
        def_predict<offload::tenant_split_pipeline<k_parallel<mg1>, k_parallel<mg1>, nic_stage>>(m);
    }

    // ---- seed 001: tier choice --------------------------------------------------------------------------------
    py::enum_<offload::tier>(m, "Tier", "Seed 001's layers: device (ED), edge (ES), cloud (CC).")
        .value("device", offload::tier::device)
        .value("edge", offload::tier::edge)
        .value("cloud", offload::tier::cloud);

    py::class_<offload::tier_environment> tier_environment_cls(
        m, "TierEnvironment",
        "Seed 001's three layers: CR_i (FLOP/s) of device, edge, cloud; D_iu (s per unit of data) to edge and "
        "cloud; weights lambda1 (transmission) and lambda2 (processing) of Algorithm 1.");
    tier_environment_cls
        .def(py::init<double, double, double, double, double, double, double>(), py::arg("device_flops"),
             py::arg("edge_flops"), py::arg("cloud_flops"), py::arg("edge_unit_latency"), py::arg("cloud_unit_latency"),
             py::arg("transmission_weight") = 1.0, py::arg("processing_weight") = 1.0)
        .def(
            "flops",
            [](const offload::tier_environment& e, offload::tier t) {
                return e.flops(offload::python::checked_enumerator(t, "offload::tier_environment::flops", "tier"));
            },
            py::arg("tier"), "CR_i, FLOP/s.")
        .def(
            "unit_latency",
            [](const offload::tier_environment& e, offload::tier t) {
                return e.unit_latency(
                    offload::python::checked_enumerator(t, "offload::tier_environment::unit_latency", "tier"));
            },
            py::arg("tier"), "D_iu, s per unit of data (0 for the device).")
        .def_property_readonly("transmission_weight", &offload::tier_environment::transmission_weight,
                               "lambda1 > 0, the weight of the transmission time (1: the raw estimate).")
        .def_property_readonly("processing_weight", &offload::tier_environment::processing_weight,
                               "lambda2 > 0, the weight of the processing time (1: the raw estimate).");
    {
        using env = offload::tier_environment;
        using offload::tier;
        add_value_semantics(
            tier_environment_cls, frozen,
            [](double d, double e, double c, double eu, double cu, double tw, double pw) {
                return env(d, e, c, eu, cu, tw, pw);
            },
            field("device_flops", [](const env& e) { return e.flops(tier::device); }),
            field("edge_flops", [](const env& e) { return e.flops(tier::edge); }),
            field("cloud_flops", [](const env& e) { return e.flops(tier::cloud); }),
            field("edge_unit_latency", [](const env& e) { return e.unit_latency(tier::edge); }),
            field("cloud_unit_latency", [](const env& e) { return e.unit_latency(tier::cloud); }),
            field("transmission_weight", &env::transmission_weight),
            field("processing_weight", &env::processing_weight));
    }

    const auto make_tier_workload = [](double model_flops, double data_size) {
        constexpr const char* fn = "offload::tier_workload";
        offload::detail::require_positive(model_flops, fn, "model_flops");
        offload::detail::require_positive(data_size, fn, "data_size");
        return offload::tier_workload{model_flops, data_size};
    };
    py::class_<offload::tier_workload> tier_workload_cls(
        m, "TierWorkload",
        "One workload in seed 001's terms: model_flops (comp, FLOPs per "
        "unit of data) > 0 and data_size (s, units of data per request) "
        "> 0.");
    tier_workload_cls.def(py::init(make_tier_workload), py::arg("model_flops"), py::arg("data_size"))
        .def_readonly("model_flops", &offload::tier_workload::model_flops, "comp > 0: FLOPs per unit of data.")
        .def_readonly("data_size", &offload::tier_workload::data_size, "s > 0: units of data per request.");
    add_value_semantics(tier_workload_cls, frozen, make_tier_workload,
                        field("model_flops", &offload::tier_workload::model_flops),
                        field("data_size", &offload::tier_workload::data_size));

    py::class_<offload::tier_times>(m, "TierTimes",
                                    "The load-free weighted tier times of Algorithm 1 (seed 001), indexed by tier "
                                    "(device, edge, cloud): inference I_i, transmission D_i, total T_i; best = "
                                    "argmin T_i, minimum = T_min.")
        .def_property_readonly(
            "inference",
            [](const offload::tier_times& e) { return std::vector<double>(e.inference.begin(), e.inference.end()); },
            "I_i per tier (device, edge, cloud), s.")
        .def_property_readonly(
            "transmission",
            [](const offload::tier_times& e) {
                return std::vector<double>(e.transmission.begin(), e.transmission.end());
            },
            "D_i per tier (device, edge, cloud), s (0 for the device).")
        .def_property_readonly(
            "total", [](const offload::tier_times& e) { return std::vector<double>(e.total.begin(), e.total.end()); },
            "T_i = I_i + D_i per tier (device, edge, cloud), s.")
        .def_readonly("best", &offload::tier_times::best, "argmin T_i (scan order cloud, edge, device, strict <).")
        .def_readonly("minimum", &offload::tier_times::minimum, "T_min, s.");
    add_value_semantics(py::class_<offload::tier_times>(m.attr("TierTimes")), frozen, offload::python::by_members,
                        field("inference", &offload::tier_times::inference),
                        field("transmission", &offload::tier_times::transmission),
                        field("total", &offload::tier_times::total), field("best", &offload::tier_times::best),
                        field("minimum", &offload::tier_times::minimum));

    m.def("estimate_tier_times", &offload::estimate_tier_times, py::arg("environment"), py::arg("workload"),
          "The load-free weighted tier times (Algorithm 1 of seed 001, literally): I_i = lambda2 s comp / CR_i, "
          "D_i = lambda1 s D_iu (D_ED = 0), T_i = I_i + D_i, argmin scanned CC, ES, ED with a strict < (an exact tie "
          "goes to the cloud).");

    py::enum_<offload::tier_fidelity>(m, "TierFidelity",
                                      "load_free: the weighted tier times of Algorithm 1 (no queueing); queueing: "
                                      "the pipelines at the request rate.")
        .value("load_free", offload::tier_fidelity::load_free)
        .value("queueing", offload::tier_fidelity::queueing);

    const auto make_tier_load = [](double arrival_rate, double edge_background_rate, double cloud_background_rate) {
        constexpr const char* fn = "offload::tier_load";
        offload::detail::require_non_negative(arrival_rate, fn, "arrival_rate");
        offload::detail::require_non_negative(edge_background_rate, fn, "edge_background_rate");
        offload::detail::require_non_negative(cloud_background_rate, fn, "cloud_background_rate");
        return offload::tier_load{arrival_rate, edge_background_rate, cloud_background_rate};
    };
    py::class_<offload::tier_load>(m, "TierLoad",
                                   "Queueing fidelity's load: this device's rate and the edge's / cloud's "
                                   "background rates (requests/s, >= 0).")
        .def(py::init(make_tier_load), py::arg("arrival_rate") = 0.0, py::arg("edge_background_rate") = 0.0,
             py::arg("cloud_background_rate") = 0.0)
        .def_readonly("arrival_rate", &offload::tier_load::arrival_rate, "lambda >= 0, this device's requests/s.")
        .def_readonly("edge_background_rate", &offload::tier_load::edge_background_rate,
                      "Other tenants' requests/s at the edge (same service time), >= 0.")
        .def_readonly("cloud_background_rate", &offload::tier_load::cloud_background_rate,
                      "Other tenants' requests/s at the cloud (same service time), >= 0.");
    add_value_semantics(py::class_<offload::tier_load>(m.attr("TierLoad")), frozen, make_tier_load,
                        field("arrival_rate", &offload::tier_load::arrival_rate),
                        field("edge_background_rate", &offload::tier_load::edge_background_rate),
                        field("cloud_background_rate", &offload::tier_load::cloud_background_rate));

    m.def("tier_of", &offload::tier_of, py::arg("prediction"),
          "The Tier an option of choose_tier runs on (by its kind; a split maps to edge).");

    m.def("choose_tier", &offload::choose_tier<>, py::arg("environment"), py::arg("workload"), py::arg("fidelity"),
          py::arg("load") = offload::tier_load{}, py::arg("objective") = offload::objective{},
          py::arg("constraints") = offload::constraints{}, py::arg("options") = offload::prediction_options{},
          "Tier choice at the given fidelity under an objective and constraints: a Decision whose options are "
          "indexed by Tier (device, edge, cloud). load_free: Algorithm 1's T_i as deterministic options; queueing: "
          "device M/D/1 at lambda, edge/cloud M/M/1 uplink + M/D/1 processor at lambda + background (reduces to "
          "the T_i as lambda -> 0).");

    // ---- seed 003: adaptive offloading over E edges ------------------------------------------------------------
    py::class_<offload::adaptive_device>(m, "AdaptiveDevice",
                                         "Seed 003 Algorithm 1, device side: lambda_dev (1/s), s_dev (s, "
                                         "deterministic), D_req (bytes), D_res (bytes, 0: no return path).")
        .def(py::init([](double arrival_rate, double service_time, double request_bytes, double result_bytes) {
                 return offload::adaptive_device{arrival_rate, service_time, request_bytes, result_bytes};
             }),
             py::arg("arrival_rate"), py::arg("service_time"), py::arg("request_bytes"), py::arg("result_bytes") = 0.0)
        .def_readonly("arrival_rate", &offload::adaptive_device::arrival_rate, "lambda_dev >= 0, requests/s.")
        .def_readonly("service_time", &offload::adaptive_device::service_time, "s_dev > 0, s (deterministic: M/D/1).")
        .def_readonly("request_bytes", &offload::adaptive_device::request_bytes, "D_req > 0, bytes.")
        .def_readonly("result_bytes", &offload::adaptive_device::result_bytes,
                      "D_res >= 0, bytes (0: no return path).");
    add_value_semantics(py::class_<offload::adaptive_device>(m.attr("AdaptiveDevice")), frozen,
                        offload::python::construct<offload::adaptive_device>,
                        field("arrival_rate", &offload::adaptive_device::arrival_rate),
                        field("service_time", &offload::adaptive_device::service_time),
                        field("request_bytes", &offload::adaptive_device::request_bytes),
                        field("result_bytes", &offload::adaptive_device::result_bytes));

    py::class_<offload::adaptive_edge>(m, "AdaptiveEdge",
                                       "One edge server E: aggregate arrival rate (this device included, 1/s), "
                                       "service time s_edge (s), bandwidth B (bytes/s, both ways), service SCV "
                                       "(M/G/1 of the tenants' mixture).")
        .def(py::init([](double arrival_rate, double service_time, double bandwidth, double service_scv) {
                 return offload::adaptive_edge{arrival_rate, service_time, service_scv, bandwidth};
             }),
             py::arg("arrival_rate"), py::arg("service_time"), py::arg("bandwidth"), py::arg("service_scv") = 0.0)
        .def_readonly("arrival_rate", &offload::adaptive_edge::arrival_rate,
                      "lambda_edge,E >= lambda_dev: the aggregate rate with this device included, requests/s.")
        .def_readonly("service_time", &offload::adaptive_edge::service_time, "s_edge,E = 1 / mu_edge,E > 0, s.")
        .def_readonly("service_scv", &offload::adaptive_edge::service_scv,
                      "SCV of the edge's (mixture) service time, >= 0.")
        .def_readonly("bandwidth", &offload::adaptive_edge::bandwidth,
                      "B > 0, bytes/s between the device and this edge (both directions).");
    add_value_semantics(py::class_<offload::adaptive_edge>(m.attr("AdaptiveEdge")), frozen,
                        offload::python::construct<offload::adaptive_edge>,
                        field("arrival_rate", &offload::adaptive_edge::arrival_rate),
                        field("service_time", &offload::adaptive_edge::service_time),
                        field("service_scv", &offload::adaptive_edge::service_scv),
                        field("bandwidth", &offload::adaptive_edge::bandwidth));

    m.def("adaptive_device_latency", &offload::adaptive_device_latency, py::arg("device"),
          "T_dev (Algorithm 1 lines 1-2): M/D/1 mean response, s (inf if unstable).");
    m.def("adaptive_edge_latency", &offload::adaptive_edge_latency, py::arg("device"), py::arg("edge"),
          "T_edge,E (lines 3-6): M/M/1 device NIC + M/G/1 edge + M/M/1 edge NIC, s (inf if unstable).");
    m.def(
        "adaptive_offloading",
        [](const offload::adaptive_device& device, const std::vector<offload::adaptive_edge>& edges) {
            return offload::adaptive_offloading(device, edges);
        },
        py::arg("device"), py::arg("edges"),
        "Seed 003 Algorithm 1 as a Decision: options[0] the device, options[1 + E] edge E (means only). On-device "
        "(chosen.index 0) if T_dev < min_E T_edge,E (strict), else the argmin edge (ties to the lower index). No "
        "edges, or only unstable ones: on-device.");
    m.def(
        "adaptive_device_latency", [](arr lambda, arr s) { return py::vectorize(&adaptive_device_mean)(lambda, s); },
        py::arg("arrival_rate"), py::arg("service_time"),
        "T_dev from numbers or arrays (numpy broadcasting; a number if every argument is one), s.");
    m.def(
        "adaptive_edge_latency",
        [](arr lambda, arr lambda_edge, arr s_edge, arr bandwidth, arr req, arr res, arr scv) {
            return py::vectorize(&adaptive_edge_mean)(lambda, lambda_edge, s_edge, bandwidth, req, res, scv);
        },
        py::arg("arrival_rate"), py::arg("edge_arrival_rate"), py::arg("edge_service_time"), py::arg("bandwidth"),
        py::arg("request_bytes"), py::arg("result_bytes") = 0.0, py::arg("edge_scv") = 0.0,
        "T_edge,E from numbers or arrays (numpy broadcasting; a number if every argument is one), s.");

    // ---- seed 002: energy -------------------------------------------------------------------------------------
    py::class_<offload::energy_model> energy_model_cls(
        m, "EnergyModel",
        "Seed 002's per-bit energy: e^l (local processing), e^t "
        "(transmission), alpha (remote processing weight), J/bit, all >= 0.");
    energy_model_cls
        .def(py::init<double, double, double>(), py::arg("local_joules_per_bit"), py::arg("transmit_joules_per_bit"),
             py::arg("remote_joules_per_bit") = 0.0)
        .def_property_readonly("local_joules_per_bit", &offload::energy_model::local_joules_per_bit,
                               "e^l >= 0, the device's energy per bit processed, J/bit.")
        .def_property_readonly("transmit_joules_per_bit", &offload::energy_model::transmit_joules_per_bit,
                               "e^t >= 0, the energy per bit transmitted, J/bit.")
        .def_property_readonly("remote_joules_per_bit", &offload::energy_model::remote_joules_per_bit,
                               "alpha >= 0, J per bit: the weight of the remote processing cost (0: the wireless "
                               "device only).");
    add_value_semantics(energy_model_cls, frozen, offload::python::construct<offload::energy_model>,
                        field("local_joules_per_bit", &offload::energy_model::local_joules_per_bit),
                        field("transmit_joules_per_bit", &offload::energy_model::transmit_joules_per_bit),
                        field("remote_joules_per_bit", &offload::energy_model::remote_joules_per_bit));
    m.def(
        "local_energy",
        [](const offload::energy_model& e, arr bits) {
            return py::vectorize([&e](double d) { return offload::local_energy(e, d); })(bits);
        },
        py::arg("model"), py::arg("task_bits"), "E^l = d e^l, J (vectorised over task_bits).");
    m.def(
        "offload_energy",
        [](const offload::energy_model& e, arr bits) {
            return py::vectorize([&e](double d) { return offload::offload_energy(e, d); })(bits);
        },
        py::arg("model"), py::arg("task_bits"), "E^c = d e^t + alpha d, J (vectorised over task_bits).");
    m.def(
        "split_energy",
        [](const offload::energy_model& e, arr bits, arr fraction, arr sent) {
            return py::vectorize([&e](double d, double f, double s) { return offload::split_energy(e, d, f, s); })(
                bits, fraction, sent);
        },
        py::arg("model"), py::arg("task_bits"), py::arg("device_fraction"), py::arg("sent_bits"),
        "E = f d e^l + d_inter e^t + alpha (1 - f) d, J (an extension of the seed; vectorised).");
    m.def(
        "energy_delay_cost",
        [](arr energy, arr latency, arr beta) {
            return py::vectorize([](double e, double t, double b) { return offload::energy_delay_cost(e, t, b); })(
                energy, latency, beta);
        },
        py::arg("energy_joules"), py::arg("latency_seconds"), py::arg("beta"),
        "Seed 002's weighted cost E + beta T (vectorised; beta = 0 ignores an infinite latency).");
    m.def(
        "megabits_per_second",
        [](arr x) {
            return py::vectorize([](double v) {
                return offload::megabits_per_second(
                    offload::detail::require_not_nan(v, "offload::megabits_per_second", "mbit_per_second"));
            })(x);
        },
        py::arg("mbit_per_second"), "Mbit/s -> bytes/s (x 1e6 / 8); vectorised.");

    // ---- split choice -------------------------------------------------------------------------------------------
    const auto make_split_scenario = [](double arrival_rate, double bandwidth, double propagation, double result_bytes,
                                        offload::result_destination destination, double edge_background_rate,
                                        double edge_background_service, std::optional<offload::dnn::dtype> device_dtype,
                                        std::optional<offload::dnn::dtype> edge_dtype,
                                        std::optional<offload::energy_model> energy, double task_bits) {
        constexpr const char* fn = "offload::split_scenario";
        offload::python::checked_enumerator(destination, fn, "destination");
        offload::python::checked_enumerator(device_dtype, fn, "device_dtype");
        offload::python::checked_enumerator(edge_dtype, fn, "edge_dtype");
        py_split_scenario r;
        r.s.arrival_rate = arrival_rate;
        r.s.bandwidth = bandwidth;
        r.s.propagation = propagation;
        r.s.result_bytes = result_bytes;
        r.s.destination = destination;
        r.s.edge_background_rate = edge_background_rate;
        r.s.edge_background_service = edge_background_service;
        r.s.device_dtype = device_dtype.value_or(offload::dnn::dtype::fp32);
        r.s.edge_dtype = edge_dtype.value_or(offload::dnn::dtype::fp32);
        r.s.task_bits = task_bits;
        r.energy = energy;
        return r;
    };
    py::class_<py_split_scenario>(m, "SplitScenario",
                                  "Deployment of a split choice: this device's rate, the device<->edge bandwidth "
                                  "(bytes/s) and propagation, result bytes and destination, the edge's background "
                                  "tenants, dtypes, an optional EnergyModel and task_bits (0: the input's bits).")
        .def(py::init(make_split_scenario), py::arg("arrival_rate"), py::arg("bandwidth"), py::arg("propagation") = 0.0,
             py::arg("result_bytes") = 0.0, py::arg("destination") = offload::result_destination::device,
             py::arg("edge_background_rate") = 0.0, py::arg("edge_background_service") = 0.0,
             py::arg("device_dtype") = py::none(), py::arg("edge_dtype") = py::none(), py::arg("energy") = py::none(),
             py::arg("task_bits") = 0.0, "Validated by choose_split. device_dtype / edge_dtype default to fp32.")
        .def_property_readonly(
            "arrival_rate", [](const py_split_scenario& x) { return x.s.arrival_rate; },
            "lambda >= 0, this device's requests/s.")
        .def_property_readonly(
            "bandwidth", [](const py_split_scenario& x) { return x.s.bandwidth; },
            "B > 0, bytes/s device <-> edge (both directions).")
        .def_property_readonly(
            "propagation", [](const py_split_scenario& x) { return x.s.propagation; },
            "One-way propagation delay, s (>= 0).")
        .def_property_readonly(
            "result_bytes", [](const py_split_scenario& x) { return x.s.result_bytes; }, "D_res >= 0, bytes.")
        .def_property_readonly(
            "destination", [](const py_split_scenario& x) { return x.s.destination; },
            "ResultDestination: device (the result returns over the link) or remote.")
        .def_property_readonly(
            "edge_background_rate", [](const py_split_scenario& x) { return x.s.edge_background_rate; },
            "Other tenants' requests/s at the edge, >= 0.")
        .def_property_readonly(
            "edge_background_service", [](const py_split_scenario& x) { return x.s.edge_background_service; },
            "Their mean service time at the edge, s (> 0 if the rate is > 0).")
        .def_property_readonly(
            "device_dtype", [](const py_split_scenario& x) { return x.s.device_dtype; },
            "DType the device computes its part in.")
        .def_property_readonly(
            "edge_dtype", [](const py_split_scenario& x) { return x.s.edge_dtype; },
            "DType the edge computes its part in.")
        .def_property_readonly(
            "energy", [](const py_split_scenario& x) { return x.energy; },
            "EnergyModel that fills OptionPrediction.energy, or None.")
        .def_property_readonly(
            "task_bits", [](const py_split_scenario& x) { return x.s.task_bits; },
            "Seed 002's task size d, bits (0: the model input's bits, the payload at cut 0).");
    using split_scenario_t = py_split_scenario;
    add_value_semantics(
        py::class_<py_split_scenario>(m.attr("SplitScenario")), frozen, make_split_scenario,
        field("arrival_rate", [](const split_scenario_t& x) { return x.s.arrival_rate; }),
        field("bandwidth", [](const split_scenario_t& x) { return x.s.bandwidth; }),
        field("propagation", [](const split_scenario_t& x) { return x.s.propagation; }),
        field("result_bytes", [](const split_scenario_t& x) { return x.s.result_bytes; }),
        field("destination", [](const split_scenario_t& x) { return x.s.destination; }),
        field("edge_background_rate", [](const split_scenario_t& x) { return x.s.edge_background_rate; }),
        field("edge_background_service", [](const split_scenario_t& x) { return x.s.edge_background_service; }),
        field("device_dtype", [](const split_scenario_t& x) { return x.s.device_dtype; }),
        field("edge_dtype", [](const split_scenario_t& x) { return x.s.edge_dtype; }),
        field("energy", &split_scenario_t::energy),
        field("task_bits", [](const split_scenario_t& x) { return x.s.task_bits; }));

    const auto make_split_cloud = [](const offload::dnn::hardware_profile& profile, double bandwidth,
                                     std::optional<offload::dnn::dtype> data_type, double propagation,
                                     double background_rate) {
        offload::python::checked_enumerator(data_type, "offload::split_cloud", "data_type");
        py_split_cloud c;
        c.profile = profile;
        c.bandwidth = bandwidth;
        c.data_type = data_type.value_or(offload::dnn::dtype::fp32);
        c.propagation = propagation;
        c.background_rate = background_rate;
        return c;
    };
    py::class_<py_split_cloud>(m, "SplitCloud",
                               "The optional cloud option of choose_split: the whole model on `profile` over its "
                               "own link (bandwidth bytes/s, propagation s), with background tenants.")
        .def(py::init(make_split_cloud), py::arg("profile"), py::arg("bandwidth"), py::arg("data_type") = py::none(),
             py::arg("propagation") = 0.0, py::arg("background_rate") = 0.0)
        .def_property_readonly(
            "profile", [](const py_split_cloud& c) { return *c.profile; },
            "The HardwareProfile that runs the whole model in the cloud.")
        .def_readonly("data_type", &py_split_cloud::data_type, "DType the cloud computes in.")
        .def_readonly("bandwidth", &py_split_cloud::bandwidth, "B_cloud > 0, bytes/s.")
        .def_readonly("propagation", &py_split_cloud::propagation, "One-way propagation delay, s.")
        .def_readonly("background_rate", &py_split_cloud::background_rate,
                      "Other tenants' requests/s at the cloud (same service time).");
    add_value_semantics(py::class_<py_split_cloud>(m.attr("SplitCloud")), frozen, make_split_cloud,
                        field("profile", [](const py_split_cloud& c) { return *c.profile; }),
                        field("bandwidth", &py_split_cloud::bandwidth), field("data_type", &py_split_cloud::data_type),
                        field("propagation", &py_split_cloud::propagation),
                        field("background_rate", &py_split_cloud::background_rate));

    m.def(
        "choose_split",
        [](const offload::dnn::split_table& table, const offload::dnn::hardware_profile& device,
           const offload::dnn::hardware_profile& edge, const py_split_scenario& scenario,
           const offload::objective& goal, const offload::constraints& limits,
           const offload::prediction_options& options, const std::vector<std::size_t>& candidate_cuts,
           const std::optional<py_split_cloud>& cloud) {
            offload::split_cloud c;
            if (cloud) {
                c.profile = &*cloud->profile;
                c.data_type = cloud->data_type;
                c.bandwidth = cloud->bandwidth;
                c.propagation = cloud->propagation;
                c.background_rate = cloud->background_rate;
            }
            return offload::choose_split(table, device, edge, scenario.get(), goal, limits, options, candidate_cuts, c);
        },
        py::arg("table"), py::arg("device"), py::arg("edge"), py::arg("scenario"),
        py::arg("objective") = offload::objective{}, py::arg("constraints") = offload::constraints{},
        py::arg("options") = offload::prediction_options{}, py::arg("candidate_cuts") = std::vector<std::size_t>{},
        py::arg("cloud") = py::none(),
        "Device only / edge only / split after a layer (and the cloud, if given) for a split table and two hardware "
        "profiles: service times from the roofline estimates, the pipelines' predictions, choose(). A Decision: one "
        "option per candidate cut (OptionPrediction.cut), then the cloud. Empty candidate_cuts: the single-tensor "
        "cuts and cut N.");
}
