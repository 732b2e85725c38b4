// Broadcasting sweeps without per-element overhead: the inputs are broadcast once (numpy rules), the kernel runs
// in one tight loop over bare formulas and writes into a preallocated output (optionally the caller's `out=`).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "offload/error.hpp"
#include "sweep_kernels.hpp"

namespace offload::python {

namespace py = pybind11;

/// N inputs broadcast against each other: each is a contiguous float64 buffer read with step 0 (a scalar) or 1.
template <std::size_t N>
struct broadcast_inputs {
    std::vector<py::ssize_t> shape; ///< the broadcast shape (empty: every input is a scalar)
    std::size_t size = 1;
    std::array<const double*, N> data{};
    std::array<std::size_t, N> step{};
    std::vector<py::object> keep_alive;
    std::vector<std::vector<double>> storage; ///< materialised partial broadcasts
};

template <std::size_t N>
broadcast_inputs<N> broadcast(const std::array<py::handle, N>& args) {
    using farr = py::array_t<double, py::array::c_style | py::array::forcecast>;
    broadcast_inputs<N> b;
    std::array<farr, N> arrays;
    py::ssize_t ndim = 0;
    for (std::size_t i = 0; i < N; ++i) {
        arrays[i] = farr::ensure(args[i]);
        if (!arrays[i]) throw py::type_error("offload: expected numbers or arrays of numbers");
        ndim = std::max(ndim, arrays[i].ndim());
    }
    b.shape.assign(static_cast<std::size_t>(ndim), 1);
    for (const farr& a : arrays) {
        for (py::ssize_t d = 0; d < a.ndim(); ++d) {
            const py::ssize_t extent = a.shape(a.ndim() - 1 - d);
            py::ssize_t& out = b.shape[static_cast<std::size_t>(ndim - 1 - d)];
            if (extent == out || extent == 1) continue;
            if (out != 1)
                throw py::value_error("offload: the array arguments do not broadcast together (numpy broadcasting "
                                      "rules; extents " +
                                      std::to_string(out) + " and " + std::to_string(extent) + ")");
            out = extent;
        }
    }
    b.size = 1;
    for (py::ssize_t e : b.shape) b.size *= static_cast<std::size_t>(e);
    for (std::size_t i = 0; i < N; ++i) {
        farr& a = arrays[i];
        const bool same_shape =
            a.ndim() == ndim && std::equal(b.shape.begin(), b.shape.end(), a.shape(), a.shape() + a.ndim());
        if (a.size() == 1) {
            b.step[i] = 0;
        } else if (same_shape) {
            b.step[i] = 1;
        } else { // a partial broadcast (e.g. (n, 1) against (1, m)): materialise it once, in C++
            const auto nd = static_cast<std::size_t>(ndim);
            std::vector<std::size_t> stride(nd, 0); // element strides of `a` aligned to the output's dimensions
            std::size_t running = 1;
            for (py::ssize_t d = a.ndim() - 1; d >= 0; --d) {
                const auto extent = static_cast<std::size_t>(a.shape(d));
                const auto out_d = static_cast<std::size_t>(ndim - a.ndim() + d);
                stride[out_d] = extent == 1 ? 0 : running;
                running *= extent;
            }
            std::vector<double>& full = b.storage.emplace_back(b.size);
            std::vector<std::size_t> index(nd, 0);
            std::size_t offset = 0;
            const double* src = a.data();
            for (std::size_t k = 0; k < b.size; ++k) {
                full[k] = src[offset];
                for (std::size_t d = nd; d-- > 0;) { // odometer over the output's multi-index
                    offset += stride[d];
                    if (++index[d] < static_cast<std::size_t>(b.shape[d])) break;
                    offset -= stride[d] * index[d];
                    index[d] = 0;
                }
            }
            b.data[i] = full.data();
            b.step[i] = 1;
            continue;
        }
        b.data[i] = a.data();
        b.keep_alive.emplace_back(a);
    }
    return b;
}

/// The output: a new array of the broadcast shape, or `out` (a C-contiguous, writeable float64 array of that
/// shape; ValueError naming `out` otherwise).
inline py::array_t<double> output_array(const std::vector<py::ssize_t>& shape, const py::object& out,
                                        const char* function) {
    if (out.is_none()) return py::array_t<double>(shape);
    using carr = py::array_t<double, py::array::c_style>;
    if (!carr::check_(out))
        throw py::value_error(std::string(function) + ": 'out' must be a C-contiguous float64 numpy array");
    auto a = py::reinterpret_borrow<carr>(out);
    if (!std::equal(shape.begin(), shape.end(), a.shape(), a.shape() + a.ndim()) ||
        static_cast<std::size_t>(a.ndim()) != shape.size())
        throw py::value_error(std::string(function) + ": 'out' must have the broadcast shape of the inputs");
    if (!a.writeable()) throw py::value_error(std::string(function) + ": 'out' must be writeable");
    return a;
}

/// Runs a block kernel (sweep_kernels.hpp) over broadcast inputs: full blocks read the arrays in place and every
/// scalar from one block of copies made once; the last, partial block reads padded copies (the last point
/// repeated) and writes through a local block. kernel(p, out) gets the N input pointers of a block; returns false
/// if a kernel flagged a point outside its fast domain.
template <std::size_t N, class Kernel>
bool for_each_block(const broadcast_inputs<N>& in, double* out, Kernel&& kernel) {
    constexpr std::size_t block = sweep_kernels::block;
    std::vector<double> scratch((2 * N + 1) * block);
    double* const expanded = scratch.data();   // N blocks: the scalars, repeated
    double* const tail = expanded + N * block; // N blocks: the partial block's inputs, padded
    double* const tail_out = tail + N * block; // the partial block's output
    for (std::size_t j = 0; j < N; ++j)
        if (in.step[j] == 0) std::fill_n(expanded + j * block, block, in.data[j][0]);
    std::uint64_t bad = 0;
    std::array<const double*, N> p{};
    std::size_t start = 0;
    for (; start + block <= in.size; start += block) {
        for (std::size_t j = 0; j < N; ++j) p[j] = in.step[j] != 0 ? in.data[j] + start : expanded + j * block;
        bad |= kernel(p, out + start);
    }
    if (start < in.size) {
        const std::size_t n = in.size - start;
        for (std::size_t j = 0; j < N; ++j) {
            if (in.step[j] == 0) {
                p[j] = expanded + j * block;
                continue;
            }
            double* t = tail + j * block;
            std::copy_n(in.data[j] + start, n, t);
            std::fill(t + n, t + block, in.data[j][in.size - 1]);
            p[j] = t;
        }
        bad |= kernel(p, tail_out);
        std::copy_n(tail_out, n, out + start);
    }
    return bad == 0;
}

/// The multi-index of flat position i in a C-ordered array of `shape`, as numpy prints it: "3" for 1-D, "(1, 2)".
inline std::string index_text(const std::vector<py::ssize_t>& shape, std::size_t i) {
    std::vector<std::size_t> index(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        const auto extent = static_cast<std::size_t>(shape[d]);
        index[d] = i % extent;
        i /= extent;
    }
    if (index.size() == 1) return std::to_string(index[0]);
    std::string text = "(";
    for (std::size_t d = 0; d < index.size(); ++d) text += (d == 0 ? "" : ", ") + std::to_string(index[d]);
    return text + ")";
}

/// f(x_0, ..., x_{N-1}) at every point of the broadcast inputs, into out: the per-point path (validated objects).
/// A parameter error at one point of an array call keeps its message (function, parameter, value, requirement)
/// and adds the point's index in the broadcast shape.
template <std::size_t N, class F>
void map_points(const broadcast_inputs<N>& in, double* out, F& f) {
    auto at = [&]<std::size_t... J>(std::size_t i, std::index_sequence<J...>) {
        return static_cast<double>(f(in.data[J][i * in.step[J]]...));
    };
    std::size_t i = 0;
    try {
        for (; i < in.size; ++i) out[i] = at(i, std::make_index_sequence<N>{});
    } catch (const offload::parameter_error& e) {
        if (in.shape.empty()) throw;
        throw offload::parameter_error(std::string(e.what()) + " (at index " + index_text(in.shape, i) +
                                       " of the broadcast arguments)");
    }
}

/// True if out[0, size) shares memory with an input (then the result is computed aside and copied, as numpy does).
template <std::size_t N>
bool overlaps_inputs(const broadcast_inputs<N>& in, const double* out) {
    for (std::size_t j = 0; j < N; ++j) {
        const double* first = in.data[j];
        const double* last = first + (in.step[j] != 0 ? in.size : 1);
        if (first < out + in.size && out < last) return true;
    }
    return false;
}

/// A block of `value` (0 or 1): the kernel input of a parameter the function does not take (a plain queue's
/// parallelism 1, M/D/1's scv 0).
inline const double* block_of(double value) {
    static const std::array<double, sweep_kernels::block> zeros{};
    static const std::array<double, sweep_kernels::block> ones = [] {
        std::array<double, sweep_kernels::block> a{};
        a.fill(1.0);
        return a;
    }();
    return value == 1.0 ? ones.data() : zeros.data();
}

/// No block kernel: every point through the per-point path.
struct no_fast_path {};

/// The body of a broadcasting function: the N inputs broadcast like numpy; slow(x_0, ..., x_{N-1}) is the value at
/// one point through the validated C++ objects (it throws their parameter errors); fast(p, out), if given, runs a
/// sweep_kernels block and returns nonzero when a point is outside its fast domain, in which case every point is
/// recomputed by slow (the same numbers, or the error naming the bad parameter). A Python float when every input is
/// a number and `out` is None; otherwise a new float64 array of the broadcast shape, or `out` (see output_array).
template <std::size_t N, class Slow, class Fast = no_fast_path>
py::object broadcast_call(const char* function, const std::array<py::handle, N>& args, const py::object& out, Slow slow,
                          Fast fast = {}) {
    auto in = broadcast<N>(args);
    if (in.shape.empty() && out.is_none()) {
        double value = 0.0;
        map_points(in, &value, slow);
        return py::float_(value);
    }
    auto result = output_array(in.shape, out, function);
    double* dest = result.mutable_data();
    std::vector<double> aside;
    if (!out.is_none() && overlaps_inputs(in, dest)) {
        aside.resize(in.size);
        dest = aside.data();
    }
    bool done = false;
    if constexpr (!std::is_same_v<Fast, no_fast_path>) {
        py::gil_scoped_release unlocked; // plain memory only
        done = for_each_block(in, dest, fast);
    }
    if (!done) map_points(in, dest, slow);
    if (!aside.empty()) std::copy(aside.begin(), aside.end(), result.mutable_data());
    return result;
}

/// True if an argument is an array or a list/tuple (of numbers, for the classes explain_array_arguments wraps).
inline bool has_array_argument(const py::args& args, const py::kwargs& kwargs) {
    const auto array_like = [](const py::handle& x) {
        return (py::isinstance<py::array>(x) && py::reinterpret_borrow<py::array>(x).ndim() > 0) ||
               py::isinstance<py::list>(x) || py::isinstance<py::tuple>(x);
    };
    for (const py::handle a : args)
        if (array_like(a)) return true;
    for (const auto& item : kwargs)
        if (array_like(item.second)) return true;
    return false;
}

/// Model objects are single values (==, hash, pickle, repr, methods that return one number): a constructor given
/// an array stays a TypeError, which now names the function that takes arrays (its __cause__ is pybind11's
/// "incompatible constructor arguments"). Everything else about the constructor is unchanged: it is called as
/// before, and its docstring (with its signatures, which the stubs read) is kept as it was.
inline void explain_array_arguments(const py::object& cls, const std::string& function_form) {
    const py::object original = cls.attr("__init__");
    const std::string doc = py::str(original.attr("__doc__"));
    const std::string message = "offload." + std::string(py::str(cls.attr("__name__"))) +
                                " takes numbers, not arrays (a model object is one model); for arrays of "
                                "parameters use offload." +
                                function_form + ", which broadcasts them like numpy";
    py::options options;
    options.disable_function_signatures(); // the original docstring already carries them
    cls.attr("__init__") = py::cpp_function(
        [original, message](const py::handle& self, const py::args& args, const py::kwargs& kwargs) {
            try {
                original(self, *args, **kwargs);
            } catch (py::error_already_set& e) {
                if (!e.matches(PyExc_TypeError) || !has_array_argument(args, kwargs)) throw;
                py::raise_from(e, PyExc_TypeError, message.c_str());
                throw py::error_already_set();
            }
        },
        py::name("__init__"), py::is_method(cls), py::doc(doc.c_str()));
}

} // namespace offload::python
