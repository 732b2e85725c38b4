// Value semantics for a bound C++ value type, generated from ONE field list: ==/!= (the C++ operator==),
// __hash__ (frozen types only), pickle (a state tuple of the fields, rebuilt through the constructor) and a
// repr that round-trips: eval(repr(x), vars(offload)) == x.
//
//     offload::python::add_value_semantics(cls, offload::python::frozen,
//         [](double l, double s) { return offload::mm1(l, s); },         // builds T from the field values
//         offload::python::field("arrival_rate", &offload::mm1::arrival_rate),
//         offload::python::field("mean_service_time", &offload::mm1::mean_service_time));
//
// A field's getter is anything std::invoke accepts with a const T& (member function, data member, lambda);
// its name must be the constructor's keyword so that the repr is a valid call. The builder takes the field
// values in the same order (defaulting to T{values...}), so the constructor's validation runs on unpickling.
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace offload::python {

namespace py = pybind11;

/// One field of a value type: the keyword of the constructor and how to read it.
template <class Getter>
struct field {
    // a constructor, not an aggregate: clang 14 has no parenthesised aggregate initialisation
    constexpr field(const char* field_name, Getter read) : name(field_name), get(std::move(read)) {}
    const char* name;
    Getter get;
};
template <class Getter>
field(const char*, Getter) -> field<Getter>;

/// frozen: the Python object cannot change (read-only fields), so it is hashable. mutable_value: it has
/// writable fields, so __hash__ is None (a hash must not change while the object sits in a set).
enum class mutability { frozen, mutable_value };
inline constexpr mutability frozen = mutability::frozen;
inline constexpr mutability mutable_value = mutability::mutable_value;

namespace value_detail {

template <class T, class Getter>
using value_t = std::remove_cvref_t<std::invoke_result_t<const Getter&, const T&>>;

/// repr of one field value, valid Python in the namespace of the offload module: floats as Python prints
/// them (shortest round-trip), inf/nan spelled float('inf'), enums as Kind.member, the rest by their repr.
inline std::string repr_float(double v) {
    if (std::isnan(v)) return "float('nan')";
    if (std::isinf(v)) return v > 0 ? "float('inf')" : "-float('inf')";
    return py::repr(py::float_(v));
}

template <class V>
std::string repr_value(const V& v) {
    if constexpr (std::is_floating_point_v<V>) {
        return repr_float(static_cast<double>(v));
    } else if constexpr (std::is_enum_v<V>) {
        return py::str(py::cast(v));
    } else {
        py::object o;
        if constexpr (std::is_base_of_v<py::handle, V>)
            o = py::reinterpret_borrow<py::object>(v);
        else
            o = py::cast(v);
        if (py::isinstance<py::float_>(o)) return repr_float(o.cast<double>());
        if (py::hasattr(o.get_type(), "__members__")) return py::str(o); // a bound enum: Kind.member
        return py::repr(o);
    }
}

template <class T>
const T& unwrap(const py::object& self) {
    return self.cast<const T&>();
}

/// Appends "name=repr(value)" (after ", " unless first) to a repr.
template <class T, class Getter>
void append_field(std::string& out, bool& first, const T& x, const field<Getter>& f) {
    if (!first) out += ", ";
    first = false;
    out += f.name;
    out += "=";
    out += repr_value(std::invoke(f.get, x));
}

/// What a hash is taken of: lists and tuples become tuples, a nested value type (one with
/// __offload_fields__, even a mutable one: the outer object holds its own copy) becomes its state tuple.
inline py::object hash_key(const py::handle& v) {
    if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
        py::list items;
        for (const auto& item : v) items.append(hash_key(item));
        return py::tuple(items);
    }
    if (py::hasattr(v.get_type(), "__offload_fields__")) return hash_key(v.attr("__getstate__")());
    return py::reinterpret_borrow<py::object>(v);
}

/// __eq__/__ne__ by the C++ operator== (NotImplemented for another type), __hash__ of the field values
/// (frozen) or __hash__ = None (mutable), and __offload_fields__; state(self) gives the field values as a tuple.
template <class T, class... Options, class State>
void add_comparison(py::class_<T, Options...>& cls, mutability kind, State state, py::tuple names) {
    static_assert(std::equality_comparable<T>, "a value type needs operator==");
    cls.def(
           "__eq__",
           [](const T& a, const py::object& b) -> py::object {
               if (!py::isinstance<T>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
               return py::bool_(a == b.cast<const T&>());
           },
           py::is_operator(), "Equal when every field is equal.")
        .def(
            "__ne__",
            [](const T& a, const py::object& b) -> py::object {
                if (!py::isinstance<T>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                return py::bool_(!(a == b.cast<const T&>()));
            },
            py::is_operator(), "Not equal when some field differs.");
    if (kind == mutability::frozen) {
        cls.def(
            "__hash__", [state](const py::object& self) { return py::hash(hash_key(state(self))); },
            "Hash of the field values.");
    } else {
        cls.attr("__hash__") = py::none();
    }
    cls.attr("__offload_fields__") = std::move(names);
}

} // namespace value_detail

/// Adds __eq__/__ne__ (C++ operator==, NotImplemented for other types), __hash__ (frozen) or __hash__ = None,
/// pickle support (__getstate__/__setstate__ with the field tuple; copy.copy/deepcopy follow), __repr__
/// "Name(field=value, ...)" built from the fields, and __offload_fields__ (the field names, for tests and
/// tools) to a class binding.
template <class T, class... Options, class Make, class... Getters>
py::class_<T, Options...>& add_value_semantics(py::class_<T, Options...>& cls, mutability kind, Make make,
                                               field<Getters>... fields) {
    const auto state = [fields...](const T& x) { return py::make_tuple(std::invoke(fields.get, x)...); };
    value_detail::add_comparison(
        cls, kind, [state](const py::object& self) { return state(self.cast<const T&>()); },
        py::make_tuple(py::str(fields.name)...));
    cls.def(py::pickle([state](const T& x) { return state(x); },
                       [make](const py::tuple& t) {
                           constexpr std::size_t n = sizeof...(Getters);
                           if (t.size() != n)
                               throw py::value_error("offload: a pickled state has " + std::to_string(t.size()) +
                                                     " fields, expected " + std::to_string(n));
                           return [&]<std::size_t... I>(std::index_sequence<I...>) {
                               return T(make(t[I].template cast<value_detail::value_t<T, Getters>>()...));
                           }
                           (std::index_sequence_for<Getters...>{});
                       }));
    cls.def(
        "__repr__",
        [fields...](const py::object& self) {
            const T& x = value_detail::unwrap<T>(self);
            std::string out = py::str(self.get_type().attr("__name__"));
            out += "(";
            bool first = true;
            (value_detail::append_field(out, first, x, fields), ...);
            return out + ")";
        },
        "Name(field=value, ...): eval() of it in the offload namespace gives an equal object.");
    return cls;
}

/// The same from the field NAMES, for types whose fields are bound properties named like the constructor's
/// keywords (the DNN layers): values are read with getattr when a method runs (so this may be called before the
/// properties are defined), pickling rebuilds through the Python constructor with the fields as keywords. == uses the C++ operator== as above.
template <class T, class... Options>
py::class_<T, Options...>& add_value_semantics(py::class_<T, Options...>& cls, mutability kind,
                                               std::vector<std::string> names) {
    const auto state = [names](const py::object& self) {
        py::tuple t(names.size());
        for (std::size_t i = 0; i < names.size(); ++i) t[i] = self.attr(names[i].c_str());
        return t;
    };
    py::tuple field_names(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) field_names[i] = py::str(names[i]);
    value_detail::add_comparison(cls, kind, state, field_names);
    cls.def(py::pickle([state](const py::object& self) { return state(self); },
                       [names](const py::tuple& t) {
                           if (t.size() != names.size())
                               throw py::value_error("offload: a pickled state has " + std::to_string(t.size()) +
                                                     " fields, expected " + std::to_string(names.size()));
                           py::dict keywords;
                           for (std::size_t i = 0; i < names.size(); ++i) keywords[names[i].c_str()] = t[i];
                           return py::type::of<T>()(**keywords).template cast<T>();
                       }));
    cls.def(
        "__repr__",
        [names](const py::object& self) {
            std::string out = py::str(self.get_type().attr("__name__"));
            out += "(";
            for (std::size_t i = 0; i < names.size(); ++i) {
                if (i) out += ", ";
                out += names[i] + "=" + value_detail::repr_value(py::object(self.attr(names[i].c_str())));
            }
            return out + ")";
        },
        "Name(field=value, ...): eval() of it in the offload namespace gives an equal object.");
    return cls;
}

/// The builder for types whose constructor takes the fields in order: T{values...}.
template <class T>
inline constexpr auto construct = [](auto&&... values) { return T{std::forward<decltype(values)>(values)...}; };

} // namespace offload::python
