// Python bindings of the latency pipelines (offload/pipelines/): value types (ServiceDemand, NetworkLink,
// Payload, TenantDemand, TenantMix), the seed's concrete on-device / offload / split pipelines for each service
// kind, one tenant's path to a shared edge (TenantOffload), the latency breakdown, the lemma predicates, and
// vectorised mean-latency sweeps.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "broadcast_binding.hpp"
#include "distribution_binding.hpp"
#include "offload/crossover/device_vs_offload.hpp" // with_co_tenants
#include "offload/pipelines.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::add_value_semantics;
using offload::python::field;
using offload::python::frozen;

namespace {

using arr = py::array_t<double>;

py::dict breakdown_dict(const offload::latency_breakdown& b) {
    py::dict d;
    d["device_wait"] = b.device_wait;
    d["device_service"] = b.device_service;
    d["uplink_wait"] = b.uplink_wait;
    d["uplink_transfer"] = b.uplink_transfer;
    d["remote_wait"] = b.remote_wait;
    d["remote_service"] = b.remote_service;
    d["downlink_wait"] = b.downlink_wait;
    d["downlink_transfer"] = b.downlink_transfer;
    d["propagation"] = b.propagation;
    d["total"] = b.total;
    return d;
}

/// The end-to-end latency of a pipeline as a TimeDistribution, built once. method "auto": the pipeline's own choice
/// (the transform inversion with the FFT convolution where the inversion misses its tolerance, exactly as the
/// scalar latency_cdf/latency_quantile; an on-device pipeline's stage distribution), "inversion" (no fallback:
/// RuntimeError where it misses its tolerance), "convolution" (the FFT convolution with its brackets).
template <class P>
std::shared_ptr<offload::python::distribution>
make_latency_distribution(const P& p, const std::string& method, const offload::convolution_options& conv,
                          const offload::inversion_options& inv, std::string description) {
    constexpr const char* fn = "offload.latency_distribution";
    offload::python::check_convolution_options(conv, fn);
    std::shared_ptr<offload::python::distribution> d;
    if constexpr (offload::invertible_latency_pipeline<P>) {
        if (method == "auto" || method == "inversion") {
            offload::python::inverted_distribution::fallback_factory fallback;
            if (method == "auto") fallback = [p, conv] { return latency_distribution(p, conv); };
            d = std::make_shared<offload::python::inverted_distribution>(offload::inverted_latency_distribution(p, inv),
                                                                         std::move(fallback));
        } else if (method == "convolution") {
            d = std::make_shared<offload::python::convolved_distribution>(latency_distribution(p, conv));
        }
    } else {
        (void)inv;
        if (method == "auto") {
            d = offload::python::make_analytic(latency_distribution(p), "");
        } else if (method == "convolution") {
            d = std::make_shared<offload::python::convolved_distribution>(
                offload::end_to_end_time(0.0, conv, latency_distribution(p)));
        } else if (method == "inversion") {
            throw py::value_error("offload.latency_distribution: method 'inversion' is not available for this "
                                  "pipeline (on-device pipelines have their stage's own distribution: use 'auto')");
        }
    }
    if (!d)
        throw py::value_error("offload.latency_distribution: 'method' = '" + method +
                              "' is invalid: must be 'auto', 'inversion' or 'convolution'");
    d->description = std::move(description);
    return d;
}

/// latency_distribution(), and latency_quantile / latency_cdf on one distribution built once, evaluated over an
/// array (inversion, the convolution where it misses its tolerance: the values of the C++ scalar functions).
template <class P, class Cls>
void add_distribution_methods(Cls& cls) {
    cls.def(
           "latency_distribution",
           [](const py::object& self, const std::string& method, const offload::convolution_options& conv,
              const offload::inversion_options& inv) {
               return make_latency_distribution(self.cast<const P&>(), method, conv, inv,
                                                "the end-to-end latency of " + std::string(py::repr(self)));
           },
           py::arg("method") = "auto", py::arg("convolution") = offload::convolution_options{},
           py::arg("inversion") = offload::inversion_options{},
           "The end-to-end latency as a TimeDistribution (mean, var, cdf, sf, ppf, interval, ... over arrays), built "
           "once. method: 'auto' (transform inversion, the FFT convolution where it misses its tolerance; an "
           "on-device pipeline's own stage distribution), 'inversion', 'convolution' (a ConvolvedTimeDistribution with "
           "guaranteed brackets). convolution: ConvolutionOptions; inversion: InversionOptions.")
        .def(
            "latency_quantile",
            [](const P& p, arr level) {
                const auto d = make_latency_distribution(p, "auto", {}, {}, "");
                return py::vectorize([&d](double x) {
                    offload::detail::require_open_probability(x, "offload::latency_quantile", "level");
                    return d->ppf(x);
                })(level);
            },
            py::arg("level"), "level-quantile(s) of the end-to-end latency, s (+inf if unstable); accepts arrays.")
        .def(
            "latency_cdf",
            [](const P& p, arr t) {
                const auto d = make_latency_distribution(p, "auto", {}, {}, "");
                return py::vectorize([&d](double x) {
                    offload::detail::require_not_nan(x, "offload::latency_cdf", "t");
                    return d->cdf(x);
                })(t);
            },
            py::arg("t"), "P(latency <= t); accepts arrays.")
        .def(
            "mean_latency", [](const P& p) { return mean_latency(p); },
            "Mean end-to-end latency, s (+inf if a stage is unstable).")
        .def_property_readonly(
            "is_stable", [](const P& p) { return is_stable(p); }, "True if every queue has rho < 1.")
        .def(
            "breakdown", [](const P& p) { return breakdown(p); }, "The mean latency split into its terms.")
        // a lambda, not &P::arrival_rate: for the tenant paths that is a member of an unbound base class
        .def_property_readonly(
            "arrival_rate", [](const P& p) { return p.arrival_rate(); }, "lambda, 1/s.");
}

template <class Stage>
void bind_on_device(py::module_& m, const char* name, const char* stage_doc) {
    using P = offload::on_device_pipeline<Stage>;
    const std::string doc = std::string("On-device inference (seed eq. 2): one processing stage, ") + stage_doc + ".";
    py::class_<P> cls(m, name, doc.c_str());
    cls.def(py::init<double, const offload::service_demand&>(), py::arg("arrival_rate"), py::arg("device"))
        .def_property_readonly("device_demand", &P::device_demand, "The device's ServiceDemand.")
        .def_property_readonly("stage", &P::stage, "The queue model of the device accelerator.")
        .def(
            "with_arrival_rate", [](const P& p, double x) { return with_arrival_rate(p, x); }, py::arg("arrival_rate"),
            "The same pipeline at another request rate, 1/s.")
        .def(
            "with_device_slowdown", [](const P& p, double x) { return with_device_slowdown(p, x); }, py::arg("factor"),
            "The same pipeline with the device service time multiplied by factor.");
    add_value_semantics(
        cls, frozen, [](double l, const offload::service_demand& d) { return P(l, d); },
        field("arrival_rate", [](const P& p) { return p.arrival_rate(); }), field("device", &P::device_demand));
    add_distribution_methods<P>(cls);
}

template <class R, class N>
void add_offload_methods(py::class_<offload::offload_pipeline<R, N>>& cls) {
    using P = offload::offload_pipeline<R, N>;
    cls.def(
           "with_arrival_rate", [](const P& p, double x) { return with_arrival_rate(p, x); }, py::arg("arrival_rate"),
           "The same pipeline at another request rate, 1/s (the server's rate moves by the same amount).")
        .def(
            "with_bandwidth", [](const P& p, double x) { return with_bandwidth(p, x); }, py::arg("bandwidth"),
            "The same pipeline with both links at another bandwidth, bytes/s.")
        .def(
            "with_request_bytes", [](const P& p, double x) { return with_request_bytes(p, x); },
            py::arg("request_bytes"), "The same pipeline with another request payload, bytes.")
        .def(
            "with_remote_service_time", [](const P& p, double x) { return with_remote_service_time(p, x); },
            py::arg("mean_seconds"), "The same pipeline with another mean service time at the server, s.")
        .def(
            "with_remote_load",
            [](const P& p, double x, const offload::service_demand& d) {
                offload::detail::require_non_negative(x, "offload::with_remote_load", "remote_arrival_rate");
                return with_remote_load(p, x, d);
            },
            py::arg("remote_arrival_rate"), py::arg("remote"),
            "The same pipeline with another aggregate server rate and demand (e.g. from a TenantMix).")
        .def(
            "with_co_tenants",
            [](const P& p, const offload::tenant_demand& t, int n) { return with_co_tenants(p, t, n); },
            py::arg("co_tenant"), py::arg("tenants"),
            "This device plus (tenants - 1) copies of co_tenant sharing the server.");
}

template <class R, class N>
void bind_offload(py::module_& m, const char* name, const char* stage_doc) {
    using P = offload::offload_pipeline<R, N>;
    constexpr bool deterministic_nic = std::is_same_v<N, offload::deterministic_nic_stage>;
    const std::string doc = std::string("Offload to an edge/cloud server (seed eq. 1): uplink NIC ") +
                            (deterministic_nic ? "M/D/1 (transfer time exactly D_req/B: a shaped link, fixed payloads)"
                                               : "(M/M/1 at B/D_req)") +
                            ", remote stage " + stage_doc + ", optional downlink for the result (same NIC model).";
    py::class_<P> cls(m, name, doc.c_str());
    cls.def(py::init<double, double, const offload::service_demand&, const offload::network_link&,
                     const offload::network_link&, const offload::payload&, offload::result_destination>(),
            py::arg("arrival_rate"), py::arg("remote_arrival_rate"), py::arg("remote"), py::arg("uplink"),
            py::arg("downlink"), py::arg("sizes"), py::arg("destination") = offload::result_destination::device)
        .def(py::init<double, const offload::service_demand&, const offload::network_link&, const offload::payload&,
                      offload::result_destination>(),
             py::arg("arrival_rate"), py::arg("remote"), py::arg("link"), py::arg("sizes"),
             py::arg("destination") = offload::result_destination::device,
             "A server dedicated to this device and the same link both ways.")
        .def_property_readonly("remote_arrival_rate", &P::remote_arrival_rate,
                               "Aggregate rate at the server (this device plus co-tenants), 1/s.")
        .def_property_readonly("remote_demand", &P::remote_demand, "The server's ServiceDemand.")
        .def_property_readonly("uplink", &P::uplink, "The uplink NetworkLink.")
        .def_property_readonly("downlink", &P::downlink, "The downlink NetworkLink.")
        .def_property_readonly("sizes", &P::sizes, "The Payload (request and result bytes).")
        .def_property_readonly("destination", &P::destination, "Where the result goes (ResultDestination).")
        .def_property_readonly("has_downlink", &P::has_downlink, "True if a result is sent back.")
        .def_property_readonly("uplink_stage", &P::uplink_stage, "The uplink interface's queue model (M/M/1).")
        .def_property_readonly("remote_stage", &P::remote_stage, "The server's queue model.");
    add_value_semantics(
        cls, frozen,
        [](double l, double lr, const offload::service_demand& d, const offload::network_link& up,
           const offload::network_link& down, const offload::payload& sizes,
           offload::result_destination to) { return P(l, lr, d, up, down, sizes, to); },
        field("arrival_rate", [](const P& p) { return p.arrival_rate(); }),
        field("remote_arrival_rate", &P::remote_arrival_rate), field("remote", &P::remote_demand),
        field("uplink", &P::uplink), field("downlink", &P::downlink), field("sizes", &P::sizes),
        field("destination", &P::destination));
    add_offload_methods(cls);
    add_distribution_methods<P>(cls);
}

template <class D, class R, class N>
void bind_split(py::module_& m, const char* name, const char* stage_doc) {
    using P = offload::split_pipeline<D, R, N>;
    const std::string doc =
        std::string("Split inference: the device runs the layers before the split, sends the "
                    "intermediate tensor (sizes.request_bytes), the server runs the rest; stages ") +
        stage_doc + ".";
    py::class_<P> cls(m, name, doc.c_str());
    cls.def(py::init<double, double, const offload::service_demand&, const offload::service_demand&,
                     const offload::network_link&, const offload::network_link&, const offload::payload&,
                     offload::result_destination>(),
            py::arg("arrival_rate"), py::arg("remote_arrival_rate"), py::arg("device_part"), py::arg("remote_part"),
            py::arg("uplink"), py::arg("downlink"), py::arg("sizes"),
            py::arg("destination") = offload::result_destination::device)
        .def(py::init<double, const offload::service_demand&, const offload::service_demand&,
                      const offload::network_link&, const offload::payload&, offload::result_destination>(),
             py::arg("arrival_rate"), py::arg("device_part"), py::arg("remote_part"), py::arg("link"), py::arg("sizes"),
             py::arg("destination") = offload::result_destination::device)
        .def_property_readonly("remote_arrival_rate", &P::remote_arrival_rate, "Aggregate rate at the server, 1/s.")
        .def_property_readonly("device_demand", &P::device_demand, "ServiceDemand of the layers run on the device.")
        .def_property_readonly("remote_demand", &P::remote_demand, "ServiceDemand of the layers run remotely.")
        .def_property_readonly("sizes", &P::sizes, "Payload: the intermediate tensor's bytes and the result's.")
        .def_property_readonly("device_stage", &P::device_stage, "The device part's queue model.")
        .def_property_readonly("remote_part", &P::remote_part, "The network + server part as an offload pipeline.");
    add_value_semantics(
        cls, frozen,
        [](double l, double lr, const offload::service_demand& dev, const offload::service_demand& rem,
           const offload::network_link& up, const offload::network_link& down, const offload::payload& sizes,
           offload::result_destination to) { return P(l, lr, dev, rem, up, down, sizes, to); },
        field("arrival_rate", [](const P& p) { return p.arrival_rate(); }),
        field("remote_arrival_rate", &P::remote_arrival_rate), field("device_part", &P::device_demand),
        field("remote_part", &P::remote_demand), field("uplink", &P::uplink), field("downlink", &P::downlink),
        field("sizes", &P::sizes), field("destination", &P::destination));
    add_distribution_methods<P>(cls);
}

template <class Stage>
double on_device_mean(double lambda, double s, double scv, double k) {
    return mean_latency(offload::on_device_pipeline<Stage>(lambda, offload::service_demand{s, scv, k}));
}

template <class Stage>
double offload_mean(double lambda, double lambda_remote, double s, double scv, double k, double bandwidth, double req,
                    double res, double propagation) {
    const offload::network_link link(bandwidth, propagation);
    return mean_latency(offload::offload_pipeline<Stage, offload::nic_stage>(
        lambda, lambda_remote, offload::service_demand{s, scv, k}, link, link, offload::payload(req, res)));
}

/// The block kernels' stage for a service kind (k-parallel M/D/1, M/M/1, M/G/1).
offload::python::sweep_kernels::stage kernel_stage(offload::service_kind kind) {
    using offload::python::sweep_kernels::stage;
    return kind == offload::service_kind::deterministic ? stage::md1
           : kind == offload::service_kind::exponential ? stage::mm1
                                                        : stage::mg1;
}

/// The per-point path of a sweep for a service kind: the validated pipeline objects (Make<Stage> is on_device_mean
/// or offload_mean).
template <template <class> class Make, class... Args>
double by_kind(offload::service_kind kind, Args... args) {
    switch (kind) {
    case offload::service_kind::deterministic:
        return Make<offload::k_parallel<offload::md1>>::get(args...);
    case offload::service_kind::exponential:
        return Make<offload::k_parallel<offload::mm1>>::get(args...);
    case offload::service_kind::general:
        break;
    }
    return Make<offload::k_parallel<offload::mg1>>::get(args...);
}
template <class Stage>
struct on_device_point {
    static double get(double l, double s, double c, double k) { return on_device_mean<Stage>(l, s, c, k); }
};
template <class Stage>
struct offload_point {
    static double get(double l, double lr, double s, double c, double k, double b, double q, double r, double p) {
        return offload_mean<Stage>(l, lr, s, c, k, b, q, r, p);
    }
};

void require_kind(offload::service_kind kind, const char* function) {
    if (kind != offload::service_kind::deterministic && kind != offload::service_kind::exponential &&
        kind != offload::service_kind::general)
        throw py::value_error(std::string(function) + ": unknown kind");
}

/// on_device_mean_latency: the k-parallel stage's block kernel (vectorised), the pipeline objects for anything
/// outside its fast domain.
py::object on_device_mean_fast(const py::handle& lambda, const py::handle& s, const py::handle& scv,
                               const py::handle& k, offload::service_kind kind, const py::object& out) {
    constexpr const char* fn = "offload.on_device_mean_latency";
    require_kind(kind, fn);
    const auto stage = kernel_stage(kind);
    return offload::python::broadcast_call<4>(
        fn, {lambda, s, scv, k}, out,
        [kind](double l, double m, double c, double par) { return by_kind<on_device_point>(kind, l, m, c, par); },
        [stage](const std::array<const double*, 4>& p, double* o) {
            return offload::python::sweep_kernels::stage_response(stage, p[0], p[1], p[2], p[3], o);
        });
}

/// offload_mean_latency (parameters in the Python signature's order, see the m.def below): the remote stage's
/// wait per block (once, when none of its inputs varies), then the NICs' block kernel; the pipeline objects for
/// anything outside the kernels' fast domain.
py::object offload_mean_fast(const py::handle& lambda, const py::handle& s, const py::handle& bandwidth,
                             const py::handle& req, const py::handle& res, const py::handle& scv, const py::handle& k,
                             const py::handle& prop, const py::handle& lambda_remote, offload::service_kind kind,
                             const py::object& out) {
    namespace kernels = offload::python::sweep_kernels;
    constexpr const char* fn = "offload.offload_mean_latency";
    require_kind(kind, fn);
    const auto stage = kernel_stage(kind);
    // remote_arrival_rate None: the device's own rate (a dedicated server)
    const py::handle remote = lambda_remote.is_none() ? lambda : lambda_remote;
    // the remote stage's mean response for one block; kept while its four inputs are the same blocks (numbers,
    // expanded once by for_each_block), so that a sweep over the network computes it once
    std::vector<double> remote_response(kernels::block);
    std::array<const double*, 4> remote_inputs{};
    std::uint64_t remote_bad = 0;
    auto fast = [&, stage](const std::array<const double*, 9>& p, double* o) -> std::uint64_t {
        // p: lambda, remote, s, scv, k, bandwidth, req, res, prop (the broadcast order below)
        const std::array<const double*, 4> now{p[1], p[2], p[3], p[4]};
        if (now != remote_inputs) {
            remote_inputs = now;
            remote_bad = kernels::stage_response(stage, p[1], p[2], p[3], p[4], remote_response.data());
        }
        return remote_bad | kernels::offload_latency(p[0], p[1], p[5], p[6], p[7], p[8], remote_response.data(), o);
    };
    return offload::python::broadcast_call<9>(
        fn, {lambda, remote, s, scv, k, bandwidth, req, res, prop}, out,
        [kind](double l, double lr, double m, double c, double par, double b, double q, double r, double delay) {
            return by_kind<offload_point>(kind, l, lr, m, c, par, b, q, r, delay);
        },
        fast);
}

offload::lemma_inputs make_lemma(double lambda, double s_dev, double s_edge, double k_dev, double k_edge, double b,
                                 double req, double res) {
    offload::lemma_inputs in;
    in.arrival_rate = lambda;
    in.device_service_time = s_dev;
    in.edge_service_time = s_edge;
    in.device_parallelism = k_dev;
    in.edge_parallelism = k_edge;
    in.bandwidth = b;
    in.request_bytes = req;
    in.result_bytes = res;
    return in;
}

} // namespace

void bind_pipelines(py::module_& m) {
    // ---- value types --------------------------------------------------------------------------------------
    py::class_<offload::service_demand> service_demand_cls(
        m, "ServiceDemand",
        "A stage's service demand: mean seconds E[S] > 0, scv (0 deterministic, 1 exponential), parallelism k.");
    service_demand_cls
        .def(py::init([](double mean_seconds, double scv, double parallelism) {
                 return offload::service_demand{mean_seconds, scv, parallelism};
             }),
             py::arg("mean_seconds"), py::arg("scv") = 0.0, py::arg("parallelism") = 1.0)
        .def_readwrite("mean_seconds", &offload::service_demand::mean_seconds, "Mean service time E[S], s.")
        .def_readwrite("scv", &offload::service_demand::scv, "Squared coefficient of variation of S.")
        .def_readwrite("parallelism", &offload::service_demand::parallelism, "k of the k-parallel stage (>= 1).");
    add_value_semantics(
        service_demand_cls, offload::python::mutable_value, offload::python::construct<offload::service_demand>,
        field("mean_seconds", &offload::service_demand::mean_seconds), field("scv", &offload::service_demand::scv),
        field("parallelism", &offload::service_demand::parallelism));

    py::class_<offload::network_link> network_link_cls(
        m, "NetworkLink", "One direction of a path: bandwidth B (bytes/s) and one-way propagation delay (s).");
    network_link_cls
        .def(py::init([](double bandwidth, double propagation_delay) {
                 // checked under the Python names (C++: bandwidth_bytes_per_second, propagation_delay_seconds)
                 offload::detail::require_positive(bandwidth, "offload::network_link", "bandwidth");
                 offload::detail::require_non_negative(propagation_delay, "offload::network_link", "propagation_delay");
                 return offload::network_link(bandwidth, propagation_delay);
             }),
             py::arg("bandwidth"), py::arg("propagation_delay") = 0.0)
        .def_property_readonly("bandwidth", &offload::network_link::bandwidth, "B, bytes/s.")
        .def_property_readonly("propagation_delay", &offload::network_link::propagation_delay, "One way, s.");
    add_value_semantics(network_link_cls, frozen, offload::python::construct<offload::network_link>,
                        field("bandwidth", &offload::network_link::bandwidth),
                        field("propagation_delay", &offload::network_link::propagation_delay));

    py::class_<offload::payload> payload_cls(m, "Payload", "Bytes sent: request (or intermediate tensor) and result.");
    payload_cls.def(py::init<double, double>(), py::arg("request_bytes"), py::arg("result_bytes") = 0.0)
        .def_property_readonly("request_bytes", &offload::payload::request_bytes, "D_req, bytes.")
        .def_property_readonly("result_bytes", &offload::payload::result_bytes, "D_res, bytes (0: no downlink).");
    add_value_semantics(payload_cls, frozen, offload::python::construct<offload::payload>,
                        field("request_bytes", &offload::payload::request_bytes),
                        field("result_bytes", &offload::payload::result_bytes));

    py::enum_<offload::result_destination>(m, "ResultDestination", "Where the result goes.")
        .value("device", offload::result_destination::device)
        .value("remote", offload::result_destination::remote);

    py::enum_<offload::service_kind>(m, "ServiceKind",
                                     "Workload kind -> stage model: deterministic (k-parallel M/D/1, DNN), "
                                     "exponential (k-parallel M/M/1, LLM), general (k-parallel M/G/1).")
        .value("deterministic", offload::service_kind::deterministic)
        .value("exponential", offload::service_kind::exponential)
        .value("general", offload::service_kind::general);

    using lb = offload::latency_breakdown;
    py::class_<lb> breakdown_cls(m, "LatencyBreakdown", "Mean latency terms, seconds; total is their sum.");
    breakdown_cls
        .def(py::init([](double dw, double ds, double uw, double ut, double rw, double rs, double ow, double ot,
                         double prop, double total) { return lb{dw, ds, uw, ut, rw, rs, ow, ot, prop, total}; }),
             py::arg("device_wait") = 0.0, py::arg("device_service") = 0.0, py::arg("uplink_wait") = 0.0,
             py::arg("uplink_transfer") = 0.0, py::arg("remote_wait") = 0.0, py::arg("remote_service") = 0.0,
             py::arg("downlink_wait") = 0.0, py::arg("downlink_transfer") = 0.0, py::arg("propagation") = 0.0,
             py::arg("total") = 0.0, "The terms as given (total is not recomputed).")
        .def_readonly("device_wait", &offload::latency_breakdown::device_wait, "Queueing at the device accelerator, s.")
        .def_readonly("device_service", &offload::latency_breakdown::device_service, "Service at the device, s.")
        .def_readonly("uplink_wait", &offload::latency_breakdown::uplink_wait,
                      "Queueing at the uplink network interface, s.")
        .def_readonly("uplink_transfer", &offload::latency_breakdown::uplink_transfer,
                      "Transfer of the request: request_bytes / bandwidth, s.")
        .def_readonly("remote_wait", &offload::latency_breakdown::remote_wait, "Queueing at the edge/cloud server, s.")
        .def_readonly("remote_service", &offload::latency_breakdown::remote_service, "Service at the server, s.")
        .def_readonly("downlink_wait", &offload::latency_breakdown::downlink_wait,
                      "Queueing at the downlink interface (the result), s.")
        .def_readonly("downlink_transfer", &offload::latency_breakdown::downlink_transfer,
                      "Transfer of the result: result_bytes / bandwidth, s.")
        .def_readonly("propagation", &offload::latency_breakdown::propagation,
                      "Propagation delays of both directions, s.")
        .def_readonly("total", &offload::latency_breakdown::total,
                      "The mean end-to-end latency: the sum of the terms, s (+inf if a stage is unstable).")
        .def("to_dict", &breakdown_dict, "The terms as a dict.");
    add_value_semantics(
        breakdown_cls, frozen,
        [](double dw, double ds, double uw, double ut, double rw, double rs, double ow, double ot, double prop,
           double total) { return lb{dw, ds, uw, ut, rw, rs, ow, ot, prop, total}; },
        field("device_wait", &lb::device_wait), field("device_service", &lb::device_service),
        field("uplink_wait", &lb::uplink_wait), field("uplink_transfer", &lb::uplink_transfer),
        field("remote_wait", &lb::remote_wait), field("remote_service", &lb::remote_service),
        field("downlink_wait", &lb::downlink_wait), field("downlink_transfer", &lb::downlink_transfer),
        field("propagation", &lb::propagation), field("total", &lb::total));

    // ---- multi-tenant -------------------------------------------------------------------------------------
    py::class_<offload::tenant_demand> tenant_demand_cls(
        m, "TenantDemand", "One stream at a shared server: rate, mean service, service scv.");
    tenant_demand_cls
        .def(py::init<double, double, double>(), py::arg("arrival_rate"), py::arg("mean_service_seconds"),
             py::arg("service_scv") = 0.0)
        .def_property_readonly("arrival_rate", &offload::tenant_demand::arrival_rate, "lambda_i, 1/s.")
        .def_property_readonly("mean_service_time", &offload::tenant_demand::mean_service_time, "s_i, s.")
        .def_property_readonly("service_scv", &offload::tenant_demand::service_scv, "c_i^2 of its service time.")
        .def_property_readonly("service_variance", &offload::tenant_demand::service_variance,
                               "Var[S_i] = c_i^2 s_i^2, s^2.");
    add_value_semantics(tenant_demand_cls, frozen, offload::python::construct<offload::tenant_demand>,
                        field("arrival_rate", &offload::tenant_demand::arrival_rate),
                        field("mean_service_seconds", &offload::tenant_demand::mean_service_time),
                        field("service_scv", &offload::tenant_demand::service_scv));

    py::class_<offload::tenant_mix> tenant_mix_cls(m, "TenantMix",
                                                   "The tenants sharing one server (seed 003 Lemma 3.2).");
    tenant_mix_cls.def(py::init<std::vector<offload::tenant_demand>>(), py::arg("tenants"))
        .def_static("replicate", &offload::tenant_mix::replicate, py::arg("tenant"), py::arg("count"),
                    "A mix of count identical tenants.")
        .def("with_", &offload::tenant_mix::with, py::arg("tenant"), py::arg("count") = 1,
             "A new mix with count more copies of tenant.")
        .def_property_readonly("tenants", &offload::tenant_mix::tenants, "[Tenant], the tenants in the mix.")
        .def_property_readonly("total_arrival_rate", &offload::tenant_mix::total_arrival_rate,
                               "Sum of the tenants' arrival rates, 1/s.")
        .def(
            "aggregate_demand", [](const offload::tenant_mix& x, double k) { return offload::aggregate_demand(x, k); },
            py::arg("parallelism") = 1.0, "The mixture's rate-weighted service demand at the server.")
        .def_property_readonly(
            "aggregate_service_variance",
            [](const offload::tenant_mix& x) { return offload::aggregate_service_variance(x); },
            "Var[S] of the rate-weighted service-time mixture, s^2.")
        .def(
            "tenant_mean_response",
            [](const offload::tenant_mix& x, std::size_t index, double k) {
                return offload::tenant_mean_response<offload::k_parallel<offload::mg1>>(x, index, k);
            },
            py::arg("index"), py::arg("parallelism") = 1.0,
            "Tenant index's mean response at the shared k-parallel M/G/1 server: the shared P-K wait plus its OWN "
            "mean service time, s (+inf if unstable).")
        .def("__len__", [](const offload::tenant_mix& x) { return x.tenants().size(); });
    add_value_semantics(tenant_mix_cls, frozen, offload::python::construct<offload::tenant_mix>,
                        field("tenants", &offload::tenant_mix::tenants));

    // ---- pipelines ----------------------------------------------------------------------------------------
    using offload::k_parallel;
    using offload::md1;
    using offload::mg1;
    using offload::mm1;
    using offload::nic_stage;
    bind_on_device<k_parallel<md1>>(m, "DnnOnDevice", "k-parallel M/D/1 (deterministic service)");
    bind_on_device<k_parallel<mm1>>(m, "LlmOnDevice", "k-parallel M/M/1 (exponential service)");
    bind_on_device<k_parallel<mg1>>(m, "GeneralOnDevice", "k-parallel M/G/1 (general service)");
    bind_offload<k_parallel<md1>, nic_stage>(m, "DnnOffload", "k-parallel M/D/1");
    bind_offload<k_parallel<mm1>, nic_stage>(m, "LlmOffload", "k-parallel M/M/1");
    bind_offload<k_parallel<mg1>, nic_stage>(m, "GeneralOffload", "k-parallel M/G/1 (also the multi-tenant edge)");
    bind_offload<k_parallel<mg1>, offload::deterministic_nic_stage>(m, "GeneralOffloadDeterministicNic",
                                                                    "k-parallel M/G/1");
    {
        using T = offload::tenant_offload_pipeline<k_parallel<mg1>, nic_stage>;
        py::class_<T> cls(m, "TenantOffload",
                          "One tenant's offload path to a shared (multi-tenant) k-parallel M/G/1 edge: the shared wait "
                          "under the tenants' mixture plus the tenant's OWN service time. `shared` is the literal "
                          "seed Lemma 3.2 pipeline, which charges every tenant the mixture's mean service time.");
        cls.def(py::init<const offload::tenant_mix&, std::size_t, const offload::network_link&,
                         const offload::network_link&, const offload::payload&, double, offload::result_destination>(),
                py::arg("mix"), py::arg("index"), py::arg("uplink"), py::arg("downlink"), py::arg("sizes"),
                py::arg("parallelism") = 1.0, py::arg("destination") = offload::result_destination::device)
            .def(py::init<const offload::tenant_mix&, std::size_t, const offload::network_link&,
                          const offload::payload&, double, offload::result_destination>(),
                 py::arg("mix"), py::arg("index"), py::arg("link"), py::arg("sizes"), py::arg("parallelism") = 1.0,
                 py::arg("destination") = offload::result_destination::device, "The same link both ways.")
            .def(py::init<const T::shared_pipeline&, const offload::tenant_demand&>(), py::arg("shared"),
                 py::arg("own"),
                 "From a GeneralOffload whose server load is the mixture (e.g. with_co_tenants) and this device's "
                 "own stream (own.arrival_rate must equal shared.arrival_rate).")
            .def_property_readonly(
                "own", [](const T& p) { return p.own(); }, "This tenant (rate, own mean service, scv).")
            .def_property_readonly(
                "shared", [](const T& p) { return p.shared(); }, "The literal Lemma 3.2 pipeline (GeneralOffload).");
        add_value_semantics(
            cls, frozen,
            [](const T::shared_pipeline& shared, const offload::tenant_demand& own) { return T(shared, own); },
            field("shared", [](const T& p) { return p.shared(); }), field("own", [](const T& p) { return p.own(); }));
        add_distribution_methods<T>(cls);
    }
    bind_split<k_parallel<md1>, k_parallel<md1>, nic_stage>(m, "DnnSplit", "k-parallel M/D/1");
    bind_split<k_parallel<mm1>, k_parallel<mm1>, nic_stage>(m, "LlmSplit", "k-parallel M/M/1");
    bind_split<k_parallel<mg1>, k_parallel<mg1>, nic_stage>(m, "GeneralSplit", "k-parallel M/G/1");
    {
        using T = offload::tenant_split_pipeline<k_parallel<mg1>, k_parallel<mg1>, nic_stage>;
        py::class_<T> cls(m, "TenantSplit",
                          "One tenant's split path through a shared (multi-tenant) k-parallel M/G/1 edge: its device "
                          "part and uplink, the shared wait under the tenants' mixture, its OWN edge-part service "
                          "time, the shared downlink. `shared` is the literal Lemma 3.2 split (mixture mean service).");
        cls.def(py::init<const T::shared_pipeline&, const offload::tenant_demand&>(), py::arg("shared"), py::arg("own"),
                "From a GeneralSplit whose remote demand is the mixture's and this device's own stream at the server "
                "(its edge part's service time; own.arrival_rate must equal shared.arrival_rate).")
            .def_property_readonly(
                "own", [](const T& p) { return p.own(); }, "This tenant at the server.")
            .def_property_readonly(
                "shared", [](const T& p) { return p.shared(); }, "The literal Lemma 3.2 split (GeneralSplit).");
        add_value_semantics(
            cls, frozen,
            [](const T::shared_pipeline& shared, const offload::tenant_demand& own) { return T(shared, own); },
            field("shared", [](const T& p) { return p.shared(); }), field("own", [](const T& p) { return p.own(); }));
        add_distribution_methods<T>(cls);
    }

    // ---- lemma predicates (seed 003 Lemmas 3.1-3.3) --------------------------------------------------------
    m.def(
        "offloading_loses_deterministic_service",
        [](double lambda, double s_dev, double s_edge, double k_dev, double k_edge, double b, double req, double res) {
            return offload::offloading_loses_deterministic_service(
                make_lemma(lambda, s_dev, s_edge, k_dev, k_edge, b, req, res));
        },
        py::arg("arrival_rate"), py::arg("device_service_time"), py::arg("edge_service_time"),
        py::arg("device_parallelism") = 1.0, py::arg("edge_parallelism") = 1.0, py::arg("bandwidth"),
        py::arg("request_bytes"), py::arg("result_bytes") = 0.0,
        "Lemma 3.1 (deterministic service): True when offloading's mean latency exceeds on-device's.");
    m.def(
        "offloading_loses_exponential_service",
        [](double lambda, double s_dev, double s_edge, double k_dev, double k_edge, double b, double req, double res) {
            return offload::offloading_loses_exponential_service(
                make_lemma(lambda, s_dev, s_edge, k_dev, k_edge, b, req, res));
        },
        py::arg("arrival_rate"), py::arg("device_service_time"), py::arg("edge_service_time"),
        py::arg("device_parallelism") = 1.0, py::arg("edge_parallelism") = 1.0, py::arg("bandwidth"),
        py::arg("request_bytes"), py::arg("result_bytes") = 0.0,
        "Lemma 3.3 (exponential service): True when offloading's mean latency exceeds on-device's.");
    m.def(
        "offloading_loses_multi_tenant",
        [](double lambda_dev, double lambda_edge, double s_dev, double s_edge, double var_edge, double k_dev,
           double k_edge, double b, double req, double res) {
            offload::multi_tenant_lemma_inputs in;
            in.device_arrival_rate = lambda_dev;
            in.edge_arrival_rate = lambda_edge;
            in.device_service_time = s_dev;
            in.edge_service_time = s_edge;
            in.edge_service_variance = var_edge;
            in.device_parallelism = k_dev;
            in.edge_parallelism = k_edge;
            in.bandwidth = b;
            in.request_bytes = req;
            in.result_bytes = res;
            return offload::offloading_loses_multi_tenant(in);
        },
        py::arg("device_arrival_rate"), py::arg("edge_arrival_rate"), py::arg("device_service_time"),
        py::arg("edge_service_time"), py::arg("edge_service_variance"), py::arg("device_parallelism") = 1.0,
        py::arg("edge_parallelism") = 1.0, py::arg("bandwidth"), py::arg("request_bytes"),
        py::arg("result_bytes") = 0.0,
        "Lemma 3.2 (multi-tenant M/G/1 edge): True when offloading's mean latency exceeds on-device's.");

    // ---- vectorised mean-latency sweeps --------------------------------------------------------------------
    m.def("on_device_mean_latency", &on_device_mean_fast, py::arg("arrival_rate"), py::arg("mean_seconds"),
          py::arg("scv") = 0.0, py::arg("parallelism") = 1.0, py::arg("kind") = offload::service_kind::deterministic,
          py::arg("out") = py::none(),
          "On-device mean latency (seed eq. 2), s: numbers or arrays broadcast like numpy (a number if every argument "
          "is one); the loop runs in C++ over the model's own formula (vectorised; the same values as "
          "DnnOnDevice/LlmOnDevice/GeneralOnDevice.mean_latency()). A device slowdown f is mean_seconds * f. out: a "
          "preallocated C-contiguous float64 array of the broadcast shape to write into (returned).");
    m.def("offload_mean_latency", &offload_mean_fast, py::arg("arrival_rate"), py::arg("remote_mean_seconds"),
          py::arg("bandwidth"), py::arg("request_bytes"), py::arg("result_bytes") = 0.0, py::arg("remote_scv") = 0.0,
          py::arg("parallelism") = 1.0, py::arg("propagation_delay") = 0.0, py::arg("remote_arrival_rate") = py::none(),
          py::arg("kind") = offload::service_kind::deterministic, py::arg("out") = py::none(),
          "Offload mean latency (seed eq. 1), s: uplink M/M/1 NIC + k-parallel remote stage + downlink, the same link "
          "both ways. Every numeric argument broadcasts (numbers or arrays; a number if every argument is one); the "
          "loop runs in C++ over the pipeline's own formulas (vectorised; the same values as "
          "DnnOffload/LlmOffload/GeneralOffload.mean_latency()). remote_arrival_rate defaults to arrival_rate (a "
          "dedicated "
          "server). out: a preallocated C-contiguous float64 array of the broadcast shape to write into (returned).");

    // ---- constructors take numbers (a model object is one model): an array is a TypeError naming the sweeps above
    for (const auto& [name, function] : std::initializer_list<std::pair<const char*, const char*>>{
             {"DnnOnDevice", "on_device_mean_latency"},
             {"LlmOnDevice", "on_device_mean_latency"},
             {"GeneralOnDevice", "on_device_mean_latency"},
             {"DnnOffload", "offload_mean_latency"},
             {"LlmOffload", "offload_mean_latency"},
             {"GeneralOffload", "offload_mean_latency"},
             {"ServiceDemand", "on_device_mean_latency or offload.offload_mean_latency"},
             {"NetworkLink", "offload_mean_latency"},
             {"Payload", "offload_mean_latency"}})
        offload::python::explain_array_arguments(m.attr(name), function);
}
