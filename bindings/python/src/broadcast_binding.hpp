// Broadcasting sweeps without per-element overhead: the inputs are broadcast once (numpy rules), the kernel runs
// in one tight loop over bare formulas and writes into a preallocated output (optionally the caller's `out=`).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

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

} // namespace offload::python
