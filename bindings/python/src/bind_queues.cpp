// Python bindings of the queueing models (offload/queues/): one class per model with the common protocol
// (queue_binding.hpp), model-specific extras, and vectorised mean-response sweeps over numpy arrays.
#include <array>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "broadcast_binding.hpp"
#include "offload/queues.hpp"
#include "queue_binding.hpp"
#include "value_type.hpp"

namespace py = pybind11;
using offload::python::add_queue_protocol;
using offload::python::add_value_semantics;
using offload::python::count_arg;
using offload::python::field;
using offload::python::frozen;

namespace {

using arr = py::array_t<double>;
constexpr int max_servers = offload::detail::max_servers;
constexpr int max_capacity = offload::detail::finite_max_capacity;

template <class Q>
void add_finite_buffer_protocol(py::class_<Q>& cls) {
    cls.def_property_readonly("capacity", &Q::capacity, "K: the most requests in the system (queue + service).")
        .def(
            "blocking_probability", [](const Q& q) { return blocking_probability(q); },
            "P(an arrival finds the system full and is lost).")
        .def(
            "throughput", [](const Q& q) { return throughput(q); }, "Accepted rate lambda (1 - P_block), 1/s.")
        .def(
            "state_probabilities", [](const Q& q) { return state_probabilities(q); },
            "Time-average P(N = n) for n = 0..K, as a list.");
}

template <class Base>
void bind_k_parallel(py::module_& m, const char* name, const char* base_name) {
    using K = offload::k_parallel<Base>;
    const std::string doc = std::string("Seed 003 aggregated-rate approximation of a k-way parallel accelerator: ") +
                            "the wait of one " + base_name +
                            " server at rate k mu plus the request's full service time. parallelism k >= 1 (real).";
    py::class_<K> cls(m, name, doc.c_str());
    cls.def(py::init<Base, double>(), py::arg("single"), py::arg("parallelism"))
        .def_property_readonly("single", &K::single, "The queue seen by one request on one unscaled processor.")
        .def_property_readonly("parallelism", &K::parallelism, "k >= 1.");
    add_value_semantics(
        cls, frozen, [](const Base& b, double k) { return K(b, k); }, field("single", &K::single),
        field("parallelism", &K::parallelism));
    add_queue_protocol(cls);
}

} // namespace

void bind_queues(py::module_& m) {
    // ---- M/M/1 ---------------------------------------------------------------------------------------------
    py::class_<offload::mm1> mm1(m, "MM1",
                                 "M/M/1/FCFS queue: Poisson arrivals, exponential service, one server. "
                                 "MM1(arrival_rate, mean_service_time); MM1.from_rates(arrival_rate, service_rate).");
    mm1.def(py::init<double, double>(), py::arg("arrival_rate"), py::arg("mean_service_time"))
        .def_static("from_rates", &offload::mm1::from_rates, py::arg("arrival_rate"), py::arg("service_rate"),
                    "Build from the service rate mu = 1 / E[S] (1/s) instead of the mean service time.")
        .def_property_readonly("service_rate", &offload::mm1::service_rate, "Service rate mu = 1 / E[S], 1/s.");
    add_value_semantics(
        mm1, frozen, [](double l, double s) { return offload::mm1(l, s); },
        field("arrival_rate", &offload::mm1::arrival_rate),
        field("mean_service_time", &offload::mm1::mean_service_time));
    offload::python::add_factory_form(mm1, "from_rates", "mean_service_time", "service_rate"); // exact copies
    add_queue_protocol(mm1);

    // ---- M/D/1 ---------------------------------------------------------------------------------------------
    py::class_<offload::md1> md1(m, "MD1",
                                 "M/D/1/FCFS queue: Poisson arrivals, deterministic service time D, one server. "
                                 "Exact waiting-time distribution (Erlang 1909 / Crommelin).");
    md1.def(py::init<double, double>(), py::arg("arrival_rate"), py::arg("service_time"))
        .def_property_readonly("service_time", &offload::md1::service_time, "Deterministic service time D, s.");
    add_value_semantics(
        md1, frozen, [](double l, double d) { return offload::md1(l, d); },
        field("arrival_rate", &offload::md1::arrival_rate), field("service_time", &offload::md1::service_time));
    add_queue_protocol(md1);

    // ---- M/G/1 ---------------------------------------------------------------------------------------------
    py::class_<offload::mg1> mg1(m, "MG1",
                                 "M/G/1/FCFS queue given E[S] and the service scv c_s^2. Means exact "
                                 "(Pollaczek-Khinchine); distributions: Cramer-Lundberg / gamma approximations.");
    mg1.def(py::init<double, double, double>(), py::arg("arrival_rate"), py::arg("mean_service_time"),
            py::arg("service_scv"))
        .def_static("from_mean_variance", &offload::mg1::from_mean_variance, py::arg("arrival_rate"),
                    py::arg("mean_service_time"), py::arg("service_variance"),
                    "Build from E[S] and Var[S] instead of the scv.")
        .def_property_readonly("service_scv", &offload::mg1::service_scv, "c_s^2 = Var[S] / E[S]^2.")
        .def_property_readonly(
            "service_variance", [](const offload::mg1& q) { return service_variance(q); }, "Var[S], s^2.");
    add_value_semantics(
        mg1, frozen, [](double l, double s, double c) { return offload::mg1(l, s, c); },
        field("arrival_rate", &offload::mg1::arrival_rate),
        field("mean_service_time", &offload::mg1::mean_service_time), field("service_scv", &offload::mg1::service_scv));
    add_queue_protocol(mg1);

    // ---- k-parallel approximations -------------------------------------------------------------------------
    bind_k_parallel<offload::md1>(m, "KParallelMD1", "M/D/1");
    bind_k_parallel<offload::mm1>(m, "KParallelMM1", "M/M/1");
    bind_k_parallel<offload::mg1>(m, "KParallelMG1", "M/G/1");

    // ---- Erlang formulas, M/M/c ----------------------------------------------------------------------------
    m.def(
        "erlang_b",
        [](double servers, double load) {
            return offload::erlang_b(count_arg(servers, 0, max_servers, "offload::erlang_b", "servers"), load);
        },
        py::arg("servers"), py::arg("offered_load"),
        "Erlang B: blocking probability of M/M/c/c with offered load a = lambda/mu (servers: integer >= 0).");
    m.def(
        "erlang_c",
        [](double servers, double load) {
            return offload::erlang_c(count_arg(servers, 1, max_servers, "offload::erlang_c", "servers"), load);
        },
        py::arg("servers"), py::arg("offered_load"),
        "Erlang C: P(wait > 0) in M/M/c with offered load a = lambda/mu (1 when a >= c).");

    py::class_<offload::mmc> mmc(m, "MMC",
                                 "M/M/c/FCFS queue: c identical exponential servers (Erlang C). Exact. "
                                 "MMC(arrival_rate, mean_service_time, servers); MMC.from_rates(...).");
    mmc.def(py::init([](double l, double s, double c) {
                return offload::mmc(l, s, count_arg(c, 1, max_servers, "offload::mmc", "servers"));
            }),
            py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("servers"))
        .def_static(
            "from_rates",
            [](double l, double mu, double c) {
                return offload::mmc::from_rates(l, mu,
                                                count_arg(c, 1, max_servers, "offload::mmc::from_rates", "servers"));
            },
            py::arg("arrival_rate"), py::arg("service_rate"), py::arg("servers"),
            "Build from the per-server service rate mu = 1 / E[S] (1/s).")
        .def_property_readonly("service_rate", &offload::mmc::service_rate, "Per-server rate mu = 1 / E[S], 1/s.")
        .def_property_readonly("servers", &offload::mmc::servers, "c.")
        .def_property_readonly(
            "offered_load", [](const offload::mmc& q) { return offered_load(q); }, "a = lambda / mu, Erlang.")
        .def(
            "probability_of_wait", [](const offload::mmc& q) { return probability_of_wait(q); }, "Erlang C: P(W > 0).");
    add_value_semantics(
        mmc, frozen, [](double l, double s, int c) { return offload::mmc(l, s, c); },
        field("arrival_rate", &offload::mmc::arrival_rate),
        field("mean_service_time", &offload::mmc::mean_service_time), field("servers", &offload::mmc::servers));
    offload::python::add_factory_form(mmc, "from_rates", "mean_service_time", "service_rate"); // exact copies
    add_queue_protocol(mmc);

    // ---- M/D/c ---------------------------------------------------------------------------------------------
    py::class_<offload::mdc> mdc(m, "MDC",
                                 "M/D/c/FCFS queue: c servers, deterministic service D. Exact numerical solution "
                                 "(Crommelin); Cosmetatos approximation available for comparison.");
    mdc.def(py::init([](double l, double d, double c) {
                return offload::mdc(l, d, count_arg(c, 1, max_servers, "offload::mdc", "servers"));
            }),
            py::arg("arrival_rate"), py::arg("service_time"), py::arg("servers"))
        .def_property_readonly("service_time", &offload::mdc::service_time, "Deterministic service time D, s.")
        .def_property_readonly("servers", &offload::mdc::servers, "c.")
        .def_property_readonly(
            "offered_load", [](const offload::mdc& q) { return offered_load(q); }, "a = lambda D, Erlang.")
        .def(
            "cosmetatos_mean_wait", [](const offload::mdc& q) { return cosmetatos_mean_wait(q); },
            "APPROXIMATION (Cosmetatos 1975) of E[W], s.")
        .def(
            "cosmetatos_mean_response", [](const offload::mdc& q) { return cosmetatos_mean_response(q); },
            "APPROXIMATION (Cosmetatos 1975) of E[T], s.");
    add_value_semantics(
        mdc, frozen, [](double l, double d, int c) { return offload::mdc(l, d, c); },
        field("arrival_rate", &offload::mdc::arrival_rate), field("service_time", &offload::mdc::service_time),
        field("servers", &offload::mdc::servers));
    add_queue_protocol(mdc);

    // ---- G/G/1 ---------------------------------------------------------------------------------------------
    py::enum_<offload::interarrival_class>(m, "InterarrivalClass", "Class of the interarrival law for marshall_bounds.")
        .value("general", offload::interarrival_class::general)
        .value("nbue", offload::interarrival_class::nbue)
        .value("nwue", offload::interarrival_class::nwue)
        .value("exponential", offload::interarrival_class::exponential);

    py::class_<offload::wait_bounds> wait_bounds_cls(m, "WaitBounds", "lower <= E[W] <= upper (seconds).");
    wait_bounds_cls.def(py::init<double, double>(), py::arg("lower"), py::arg("upper"))
        .def_readonly("lower", &offload::wait_bounds::lower, "Lower bound on the mean wait E[W], s.")
        .def_readonly("upper", &offload::wait_bounds::upper, "Upper bound on the mean wait E[W], s.")
        .def("__iter__", [](const offload::wait_bounds& b) { return py::iter(py::make_tuple(b.lower, b.upper)); });
    add_value_semantics(wait_bounds_cls, frozen, offload::python::construct<offload::wait_bounds>,
                        field("lower", &offload::wait_bounds::lower), field("upper", &offload::wait_bounds::upper));

    py::class_<offload::gg1> gg1(m, "GG1",
                                 "G/G/1/FCFS queue from two moments per law. mean_wait is the Kraemer & "
                                 "Langenbach-Belz APPROXIMATION; Kingman/Marshall give BOUNDS. Means only: "
                                 "two moments do not determine the distributions (no quantiles or cdfs).");
    gg1.def(py::init<double, double, double, double>(), py::arg("arrival_rate"), py::arg("interarrival_scv"),
            py::arg("mean_service_time"), py::arg("service_scv"))
        .def_static("from_variances", &offload::gg1::from_variances, py::arg("arrival_rate"),
                    py::arg("interarrival_variance"), py::arg("mean_service_time"), py::arg("service_variance"),
                    "Build from the variances instead of the scvs.")
        .def_property_readonly("interarrival_scv", &offload::gg1::interarrival_scv, "c_a^2.")
        .def_property_readonly("service_scv", &offload::gg1::service_scv, "c_s^2.")
        .def_property_readonly(
            "interarrival_variance", [](const offload::gg1& q) { return interarrival_variance(q); },
            "sigma_a^2 = c_a^2 / lambda^2, the interarrival-time variance, s^2 (+inf when lambda = "
            "0).")
        .def_property_readonly(
            "service_variance", [](const offload::gg1& q) { return service_variance(q); },
            "sigma_s^2 = c_s^2 E[S]^2, the service-time variance, s^2.")
        .def(
            "kingman_upper_bound", [](const offload::gg1& q) { return kingman_upper_bound(q); },
            "BOUND (Kingman 1962): E[W] <= lambda (sa^2 + ss^2) / (2 (1 - rho)).")
        .def(
            "marshall_lower_bound", [](const offload::gg1& q) { return marshall_lower_bound(q); },
            "BOUND (Marshall 1968): a lower bound on E[W].")
        .def(
            "marshall_bounds",
            [](const offload::gg1& q, offload::interarrival_class c) { return marshall_bounds(q, c); },
            py::arg("arrivals") = offload::interarrival_class::general,
            "BOUNDS (Marshall 1968) on E[W] for the stated interarrival class (ValueError if c_a^2 contradicts it).")
        .def(
            "allen_cunneen_mean_wait", [](const offload::gg1& q) { return allen_cunneen_mean_wait(q); },
            "APPROXIMATION (Allen-Cunneen) of E[W].")
        .def(
            "kramer_langenbach_belz_mean_wait",
            [](const offload::gg1& q) { return kramer_langenbach_belz_mean_wait(q); },
            "APPROXIMATION (Kraemer & Langenbach-Belz 1976) of E[W] (= mean_wait).")
        .def(
            "kramer_langenbach_belz_correction",
            [](const offload::gg1& q) { return kramer_langenbach_belz_correction(q); },
            "The KLB factor g multiplying the Allen-Cunneen wait.");
    add_value_semantics(
        gg1, frozen, [](double l, double ca, double s, double cs) { return offload::gg1(l, ca, s, cs); },
        field("arrival_rate", &offload::gg1::arrival_rate), field("interarrival_scv", &offload::gg1::interarrival_scv),
        field("mean_service_time", &offload::gg1::mean_service_time), field("service_scv", &offload::gg1::service_scv));
    add_queue_protocol(gg1);

    // ---- finite buffers ------------------------------------------------------------------------------------
    py::class_<offload::mm1k> mm1k(m, "MM1K", "M/M/1/K queue: room for K requests in total; arrivals beyond are lost.");
    mm1k.def(py::init([](double l, double s, double k) {
                 return offload::mm1k(l, s, count_arg(k, 1, max_capacity, "offload::mm1k", "capacity"));
             }),
             py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("capacity"))
        .def_static(
            "from_rates",
            [](double l, double mu, double k) {
                return offload::mm1k::from_rates(
                    l, mu, count_arg(k, 1, max_capacity, "offload::mm1k::from_rates", "capacity"));
            },
            py::arg("arrival_rate"), py::arg("service_rate"), py::arg("capacity"),
            "Build from the service rate mu = 1 / E[S] (1/s).")
        .def_property_readonly("service_rate", &offload::mm1k::service_rate, "mu = 1 / E[S], 1/s.")
        .def(
            "acceptance_probability", [](const offload::mm1k& q) { return acceptance_probability(q); }, "1 - P_block.");
    add_value_semantics(
        mm1k, frozen, [](double l, double s, int k) { return offload::mm1k(l, s, k); },
        field("arrival_rate", &offload::mm1k::arrival_rate),
        field("mean_service_time", &offload::mm1k::mean_service_time), field("capacity", &offload::mm1k::capacity));
    offload::python::add_factory_form(mm1k, "from_rates", "mean_service_time", "service_rate"); // exact copies
    add_queue_protocol(mm1k);
    add_finite_buffer_protocol(mm1k);

    py::class_<offload::mmck> mmck(m, "MMCK", "M/M/c/K queue: c servers, room for K >= c requests in total.");
    mmck.def(py::init([](double l, double s, double c, double k) {
                 return offload::mmck(l, s, count_arg(c, 1, max_capacity, "offload::mmck", "servers"),
                                      count_arg(k, 1, max_capacity, "offload::mmck", "capacity"));
             }),
             py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("servers"), py::arg("capacity"))
        .def_static(
            "from_rates",
            [](double l, double mu, double c, double k) {
                constexpr const char* fn = "offload::mmck::from_rates";
                return offload::mmck::from_rates(l, mu, count_arg(c, 1, max_capacity, fn, "servers"),
                                                 count_arg(k, 1, max_capacity, fn, "capacity"));
            },
            py::arg("arrival_rate"), py::arg("service_rate"), py::arg("servers"), py::arg("capacity"),
            "Build from the per-server service rate mu = 1 / E[S] (1/s).")
        .def_property_readonly("service_rate", &offload::mmck::service_rate, "Per-server rate mu = 1 / E[S], 1/s.")
        .def_property_readonly("servers", &offload::mmck::servers, "c.");
    add_value_semantics(
        mmck, frozen, [](double l, double s, int c, int k) { return offload::mmck(l, s, c, k); },
        field("arrival_rate", &offload::mmck::arrival_rate),
        field("mean_service_time", &offload::mmck::mean_service_time), field("servers", &offload::mmck::servers),
        field("capacity", &offload::mmck::capacity));
    offload::python::add_factory_form(mmck, "from_rates", "mean_service_time", "service_rate"); // exact copies
    add_queue_protocol(mmck);
    add_finite_buffer_protocol(mmck);

    py::class_<offload::mg1k> mg1k(m, "MG1K",
                                   "M/G/1/K queue (service law fitted from E[S] and c_s^2; embedded Markov chain).");
    mg1k.def(py::init([](double l, double s, double scv, double k) {
                 return offload::mg1k(l, s, scv,
                                      count_arg(k, 1, offload::mg1k::max_capacity, "offload::mg1k", "capacity"));
             }),
             py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("service_scv"), py::arg("capacity"))
        .def_property_readonly("service_scv", &offload::mg1k::service_scv, "c_s^2.");
    add_value_semantics(
        mg1k, frozen, [](double l, double s, double c, int k) { return offload::mg1k(l, s, c, k); },
        field("arrival_rate", &offload::mg1k::arrival_rate),
        field("mean_service_time", &offload::mg1k::mean_service_time),
        field("service_scv", &offload::mg1k::service_scv), field("capacity", &offload::mg1k::capacity));
    add_queue_protocol(mg1k);
    add_finite_buffer_protocol(mg1k);
    m.def(
        "md1k",
        [](double l, double d, double k) {
            return offload::md1k(l, d, count_arg(k, 1, offload::mg1k::max_capacity, "offload::md1k", "capacity"));
        },
        py::arg("arrival_rate"), py::arg("service_time"), py::arg("capacity"),
        "M/D/1/K: an MG1K with service_scv = 0.");

    // ---- vectorised sweeps: mean response time over broadcast numpy arrays ---------------------------------
    // Each takes numbers or arrays (broadcast like numpy) and an optional out=; the six M/x/1 and k-parallel ones run
    // the models' formulas in vectorised blocks (sweep_kernels.hpp), the others the validated objects per point.
    namespace kernels = offload::python::sweep_kernels;
    using offload::python::broadcast_call;
    constexpr const char* out_doc = " out: a preallocated C-contiguous float64 array of the broadcast shape to write "
                                    "into (returned).";
    m.def(
        "mm1_mean_response",
        [](const arr& lambda, const arr& s, const py::object& out) {
            return broadcast_call<2>(
                "offload.mm1_mean_response", {lambda, s}, out,
                [](double l, double x) { return mean_response(offload::mm1(l, x)); },
                [](const std::array<const double*, 2>& p, double* o) { return kernels::mm1_response(p[0], p[1], o); });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("out") = py::none(),
        (std::string("M/M/1 mean response time, s: numbers or arrays broadcast like numpy (a number if every "
                     "argument is one).") +
         out_doc)
            .c_str());
    m.def(
        "md1_mean_response",
        [](const arr& lambda, const arr& d, const py::object& out) {
            return broadcast_call<2>(
                "offload.md1_mean_response", {lambda, d}, out,
                [](double l, double x) { return mean_response(offload::md1(l, x)); },
                [](const std::array<const double*, 2>& p, double* o) {
                    return kernels::stage_response(kernels::stage::md1, p[0], p[1], offload::python::block_of(0.0),
                                                   offload::python::block_of(1.0), o);
                });
        },
        py::arg("arrival_rate"), py::arg("service_time"), py::arg("out") = py::none(),
        (std::string("M/D/1 mean response time, s: numbers or arrays broadcast like numpy.") + out_doc).c_str());
    m.def(
        "mg1_mean_response",
        [](const arr& lambda, const arr& s, const arr& scv, const py::object& out) {
            return broadcast_call<3>(
                "offload.mg1_mean_response", {lambda, s, scv}, out,
                [](double l, double x, double c) { return mean_response(offload::mg1(l, x, c)); },
                [](const std::array<const double*, 3>& p, double* o) {
                    return kernels::stage_response(kernels::stage::mg1, p[0], p[1], p[2],
                                                   offload::python::block_of(1.0), o);
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("service_scv"), py::arg("out") = py::none(),
        (std::string("M/G/1 (Pollaczek-Khinchine) mean response time, s: numbers or arrays broadcast like numpy.") +
         out_doc)
            .c_str());
    m.def(
        "mmc_mean_response",
        [](const arr& lambda, const arr& s, const arr& c, const py::object& out) {
            return broadcast_call<3>(
                "offload.mmc_mean_response", {lambda, s, c}, out, [](double l, double x, double n) {
                    return mean_response(
                        offload::mmc(l, x, count_arg(n, 1, max_servers, "offload::mmc_mean_response", "servers")));
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("servers"), py::arg("out") = py::none(),
        (std::string("M/M/c mean response, s: numbers or arrays broadcast like numpy.") + out_doc).c_str());
    m.def(
        "mdc_mean_response",
        [](const arr& lambda, const arr& d, const arr& c, const py::object& out) {
            return broadcast_call<3>(
                "offload.mdc_mean_response", {lambda, d, c}, out, [](double l, double x, double n) {
                    return mean_response(
                        offload::mdc(l, x, count_arg(n, 1, max_servers, "offload::mdc_mean_response", "servers")));
                });
        },
        py::arg("arrival_rate"), py::arg("service_time"), py::arg("servers"), py::arg("out") = py::none(),
        (std::string("M/D/c (exact) mean response, s: numbers or arrays broadcast like numpy.") + out_doc).c_str());
    m.def(
        "gg1_mean_response",
        [](const arr& lambda, const arr& ca2, const arr& s, const arr& cs2, const py::object& out) {
            return broadcast_call<4>(
                "offload.gg1_mean_response", {lambda, ca2, s, cs2}, out,
                [](double l, double a, double x, double c) { return mean_response(offload::gg1(l, a, x, c)); });
        },
        py::arg("arrival_rate"), py::arg("interarrival_scv"), py::arg("mean_service_time"), py::arg("service_scv"),
        py::arg("out") = py::none(),
        (std::string("G/G/1 (KLB approximation) mean response, s: numbers or arrays broadcast like numpy.") + out_doc)
            .c_str());
    m.def(
        "mm1k_mean_response",
        [](const arr& lambda, const arr& s, const arr& k, const py::object& out) {
            return broadcast_call<3>(
                "offload.mm1k_mean_response", {lambda, s, k}, out, [](double l, double x, double n) {
                    return mean_response(
                        offload::mm1k(l, x, count_arg(n, 1, max_capacity, "offload::mm1k_mean_response", "capacity")));
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("capacity"), py::arg("out") = py::none(),
        (std::string("M/M/1/K mean response of accepted requests, s: numbers or arrays broadcast like numpy.") +
         out_doc)
            .c_str());
    m.def(
        "mmck_mean_response",
        [](const arr& lambda, const arr& s, const arr& c, const arr& k, const py::object& out) {
            return broadcast_call<4>(
                "offload.mmck_mean_response", {lambda, s, c, k}, out, [](double l, double x, double n, double cap) {
                    constexpr const char* fn = "offload::mmck_mean_response";
                    return mean_response(offload::mmck(l, x, count_arg(n, 1, max_capacity, fn, "servers"),
                                                       count_arg(cap, 1, max_capacity, fn, "capacity")));
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("servers"), py::arg("capacity"),
        py::arg("out") = py::none(),
        (std::string("M/M/c/K mean response of accepted requests, s: numbers or arrays broadcast like numpy.") +
         out_doc)
            .c_str());
    m.def(
        "mg1k_mean_response",
        [](const arr& lambda, const arr& s, const arr& scv, const arr& k, const py::object& out) {
            return broadcast_call<4>(
                "offload.mg1k_mean_response", {lambda, s, scv, k}, out, [](double l, double x, double c, double cap) {
                    return mean_response(offload::mg1k(
                        l, x, c,
                        count_arg(cap, 1, offload::mg1k::max_capacity, "offload::mg1k_mean_response", "capacity")));
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("service_scv"), py::arg("capacity"),
        py::arg("out") = py::none(),
        (std::string("M/G/1/K mean response of accepted requests, s: numbers or arrays broadcast like numpy.") +
         out_doc)
            .c_str());
    m.def(
        "k_parallel_md1_mean_response",
        [](const arr& lambda, const arr& d, const arr& k, const py::object& out) {
            return broadcast_call<3>(
                "offload.k_parallel_md1_mean_response", {lambda, d, k}, out,
                [](double l, double x, double p) {
                    return mean_response(offload::k_parallel<offload::md1>(offload::md1(l, x), p));
                },
                [](const std::array<const double*, 3>& p, double* o) {
                    return kernels::stage_response(kernels::stage::md1, p[0], p[1], offload::python::block_of(0.0),
                                                   p[2], o);
                });
        },
        py::arg("arrival_rate"), py::arg("service_time"), py::arg("parallelism"), py::arg("out") = py::none(),
        (std::string("k-parallel M/D/1 (seed 003 eq. 6) mean response, s: numbers or arrays broadcast like numpy.") +
         out_doc)
            .c_str());
    m.def(
        "k_parallel_mm1_mean_response",
        [](const arr& lambda, const arr& s, const arr& k, const py::object& out) {
            return broadcast_call<3>(
                "offload.k_parallel_mm1_mean_response", {lambda, s, k}, out,
                [](double l, double x, double p) {
                    return mean_response(offload::k_parallel<offload::mm1>(offload::mm1(l, x), p));
                },
                [](const std::array<const double*, 3>& p, double* o) {
                    return kernels::stage_response(kernels::stage::mm1, p[0], p[1], offload::python::block_of(0.0),
                                                   p[2], o);
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("parallelism"), py::arg("out") = py::none(),
        (std::string("k-parallel M/M/1 mean response, s: numbers or arrays broadcast like numpy.") + out_doc).c_str());
    m.def(
        "k_parallel_mg1_mean_response",
        [](const arr& lambda, const arr& s, const arr& scv, const arr& k, const py::object& out) {
            return broadcast_call<4>(
                "offload.k_parallel_mg1_mean_response", {lambda, s, scv, k}, out,
                [](double l, double x, double c, double p) {
                    return mean_response(offload::k_parallel<offload::mg1>(offload::mg1(l, x, c), p));
                },
                [](const std::array<const double*, 4>& p, double* o) {
                    return kernels::stage_response(kernels::stage::mg1, p[0], p[1], p[2], p[3], o);
                });
        },
        py::arg("arrival_rate"), py::arg("mean_service_time"), py::arg("service_scv"), py::arg("parallelism"),
        py::arg("out") = py::none(),
        (std::string("k-parallel M/G/1 mean response, s: numbers or arrays broadcast like numpy.") + out_doc).c_str());

    // ---- constructors take numbers (a model object is one model): an array is a TypeError naming the function above
    for (const auto& [name, function] :
         std::initializer_list<std::pair<const char*, const char*>>{{"MM1", "mm1_mean_response"},
                                                                    {"MD1", "md1_mean_response"},
                                                                    {"MG1", "mg1_mean_response"},
                                                                    {"MMC", "mmc_mean_response"},
                                                                    {"MDC", "mdc_mean_response"},
                                                                    {"GG1", "gg1_mean_response"},
                                                                    {"MM1K", "mm1k_mean_response"},
                                                                    {"MMCK", "mmck_mean_response"},
                                                                    {"MG1K", "mg1k_mean_response"},
                                                                    {"KParallelMD1", "k_parallel_md1_mean_response"},
                                                                    {"KParallelMM1", "k_parallel_mm1_mean_response"},
                                                                    {"KParallelMG1", "k_parallel_mg1_mean_response"}})
        offload::python::explain_array_arguments(m.attr(name), function);
}
