// TimeDistribution objects for Python (offload.TimeDistribution, offload.ConvolvedTimeDistribution): a waiting, response or
// end-to-end latency distribution built ONCE in C++ and then evaluated like a scipy.stats frozen distribution
// (mean, var, std, cdf, sf, ppf, isf, interval; scalar in -> float out, array in -> array out, the loop in C++).
// The Python classes are registered by bind_distributions.cpp; the queue and pipeline bindings create the objects
// (queue_binding.hpp: wait_distribution()/response_distribution(); bind_pipelines.cpp: latency_distribution()).
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "offload/concepts.hpp"
#include "offload/distributions/transform_inverted_time.hpp"
#include "offload/error.hpp"
#include "offload/pipelines/end_to_end_time.hpp"

namespace offload::python {

namespace py = pybind11;

/// ADL calls (the distributions' functions are hidden friends or free functions of their namespace; inside the
/// classes below the member names would hide them).
namespace adl {
template <class D>
double mean_of(const D& d) {
    return static_cast<double>(mean(d));
}
template <class D>
double variance_of(const D& d) {
    return static_cast<double>(variance(d));
}
template <class D>
double cdf_of(const D& d, double t) {
    return static_cast<double>(cdf(d, t));
}
template <class D>
double quantile_of(const D& d, double p) {
    return static_cast<double>(quantile(d, p));
}
template <class D>
double sf_of(const D& d, double t) {
    return static_cast<double>(complementary_cdf(d, t));
}
} // namespace adl

/// A time distribution behind a virtual interface (the Python classes hold any of the C++ distribution types).
/// Arguments reaching these functions are validated: t is not NaN, p lies in (0, 1).
class distribution {
public:
    virtual ~distribution() = default;
    [[nodiscard]] virtual double mean() const = 0;
    [[nodiscard]] virtual double variance() const = 0;
    [[nodiscard]] virtual double cdf(double t) const = 0;
    [[nodiscard]] virtual double sf(double t) const { return 1.0 - cdf(t); }
    [[nodiscard]] virtual double ppf(double p) const = 0;
    /// The lower end of the support (ppf(0)).
    [[nodiscard]] virtual double lower() const = 0;
    /// How the numbers are computed: "analytic", "inversion", "convolution", "inversion+convolution".
    [[nodiscard]] virtual std::string method() const = 0;

    std::string description; ///< what this is the distribution of (for repr)
};

/// A queue model's own distribution (exact or approximate as the model documents it).
template <time_distribution D>
class analytic_distribution final : public distribution {
public:
    explicit analytic_distribution(D d) : d_(std::move(d)) {}
    [[nodiscard]] double mean() const override { return adl::mean_of(d_); }
    [[nodiscard]] double variance() const override { return adl::variance_of(d_); }
    [[nodiscard]] double cdf(double t) const override { return std::clamp(adl::cdf_of(d_, t), 0.0, 1.0); }
    [[nodiscard]] double ppf(double p) const override { return adl::quantile_of(d_, p); }
    [[nodiscard]] double lower() const override {
        return std::max(0.0, adl::quantile_of(d_, std::numeric_limits<double>::min()));
    }
    [[nodiscard]] std::string method() const override { return "analytic"; }

private:
    D d_;
};

/// The FFT convolution (offload/pipelines/end_to_end_time.hpp): also a guaranteed bracket of cdf and quantiles.
class convolved_distribution final : public distribution {
public:
    explicit convolved_distribution(end_to_end_time d) : d_(std::move(d)) {}
    [[nodiscard]] double mean() const override { return adl::mean_of(d_); }
    [[nodiscard]] double variance() const override { return adl::variance_of(d_); }
    [[nodiscard]] double cdf(double t) const override { return std::clamp(adl::cdf_of(d_, t), 0.0, 1.0); }
    [[nodiscard]] double ppf(double p) const override { return adl::quantile_of(d_, p); }
    [[nodiscard]] double lower() const override { return d_.at_infinity() ? infinity : d_.shift(); }
    [[nodiscard]] std::string method() const override { return "convolution"; }
    [[nodiscard]] const end_to_end_time& get() const noexcept { return d_; }

private:
    end_to_end_time d_;
};

/// Transform inversion (offload/pipelines/latency_inversion.hpp), optionally falling back to the convolution
/// (built lazily, once) where the inversion misses its tolerance — exactly what the scalar latency_cdf and
/// latency_quantile of the pipelines do.
class inverted_distribution final : public distribution {
public:
    using fallback_factory = std::function<end_to_end_time()>;
    inverted_distribution(transform_inverted_time d, fallback_factory fallback)
        : d_(std::move(d)), factory_(std::move(fallback)) {}
    [[nodiscard]] double mean() const override { return adl::mean_of(d_); }
    [[nodiscard]] double variance() const override { return adl::variance_of(d_); }
    [[nodiscard]] double cdf(double t) const override { return 1.0 - sf(t); }
    [[nodiscard]] double sf(double t) const override {
        if (!(t < infinity) || d_.at_infinity() || !(t > d_.shift())) return adl::sf_of(d_, t);
        const inversion_result r = d_.invert(t);
        if (r.converged || !factory_) return r.complementary_cdf;
        return std::clamp(1.0 - adl::cdf_of(fallback(), t), 0.0, 1.0);
    }
    [[nodiscard]] double ppf(double p) const override {
        if (!factory_) return adl::quantile_of(d_, p);
        try {
            return adl::quantile_of(d_, p);
        } catch (const convergence_error&) {
            return adl::quantile_of(fallback(), p);
        }
    }
    [[nodiscard]] double lower() const override { return d_.at_infinity() ? infinity : d_.shift(); }
    [[nodiscard]] std::string method() const override { return factory_ ? "inversion+convolution" : "inversion"; }

private:
    [[nodiscard]] const end_to_end_time& fallback() const {
        if (!fallback_) fallback_.emplace(factory_());
        return *fallback_;
    }
    transform_inverted_time d_;
    fallback_factory factory_;
    mutable std::optional<end_to_end_time> fallback_;
};

/// The convolution options' checks, made when a distribution is created (the convolution itself may be built
/// later, only where the inversion misses its tolerance).
inline void check_convolution_options(const convolution_options& o, const char* function) {
    if (!(o.grid_points >= 64 && o.grid_points <= (std::size_t{1} << 24) && (o.grid_points & (o.grid_points - 1)) == 0))
        detail::throw_parameter_error(function, "convolution.grid_points", static_cast<double>(o.grid_points),
                                      "must be a power of two in [64, 16777216]");
    if (!(o.tail_mass > 0.0 && o.tail_mass <= 1.0e-3))
        detail::throw_parameter_error(function, "convolution.tail_mass", o.tail_mass, "must lie in (0, 0.001]");
}

/// f(x) over a Python scalar (-> float) or anything numpy turns into a float64 array (-> array of its shape).
/// check(x) runs over every element FIRST (so an invalid element raises before any work), then f.
template <class Check, class F>
py::object map_values(const py::handle& x, Check check, F f) {
    if (PyFloat_Check(x.ptr()) || PyLong_Check(x.ptr())) {
        const double v = x.cast<double>();
        check(v);
        return py::float_(f(v));
    }
    auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(x);
    if (!a) throw py::type_error("offload: expected a number or an array of numbers");
    const auto n = static_cast<std::size_t>(a.size());
    const double* in = a.data();
    for (std::size_t i = 0; i < n; ++i) check(in[i]);
    if (a.ndim() == 0) return py::float_(f(in[0]));
    py::array_t<double> out(std::vector<py::ssize_t>(a.shape(), a.shape() + a.ndim()));
    double* o = out.mutable_data();
    for (std::size_t i = 0; i < n; ++i) o[i] = f(in[i]);
    return out;
}

/// Wraps a C++ time distribution for Python.
template <time_distribution D>
std::shared_ptr<distribution> make_analytic(D d, std::string description) {
    auto p = std::make_shared<analytic_distribution<D>>(std::move(d));
    p->description = std::move(description);
    return p;
}

} // namespace offload::python
