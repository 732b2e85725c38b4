// Value semantics for a bound type from ONE field list: __eq__/__ne__ (same type, equal fields), __hash__ (for
// immutable types), pickling (py::pickle: the state is a dict {field: value}; restoring calls the Python
// constructor with those keywords, so validation runs again) and a __repr__ that round-trips:
//     TypeName(field=repr(value), ...)        eval(repr(x), vars(offload)) == x
// The fields are the names of the type's bound read-only properties AND of its constructor's keywords, in the
// constructor's order; they are read with getattr when a method runs, so the helper may be applied before the
// properties are defined. Enum values print as `Kind.member` (pybind11's own enum repr is `<Kind.member: n>`),
// floats as Python's repr (shortest round-tripping form), containers element by element.
// Private to the bindings; pure pybind11 (no offload header needed).
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

namespace offload::python {

namespace py = pybind11;

/// Whether the type is mutable (no __hash__) or immutable (hashable by its fields).
enum class value_kind { immutable, mutable_ };

/// The repr of one field value: enums as Kind.member, containers element by element, others by repr().
inline std::string value_repr(py::handle v) {
    const py::handle type = reinterpret_cast<PyObject*>(Py_TYPE(v.ptr()));
    if (py::hasattr(type, "__members__") && py::hasattr(v, "name"))
        return py::str(type.attr("__name__")).cast<std::string>() + "." + py::str(v.attr("name")).cast<std::string>();
    if (py::isinstance<py::tuple>(v) || py::isinstance<py::list>(v)) {
        const bool tuple = py::isinstance<py::tuple>(v);
        std::string out = tuple ? "(" : "[";
        std::size_t n = 0;
        for (py::handle item : v) out += (n++ ? ", " : "") + value_repr(item);
        return out + (tuple ? (n == 1 ? ",)" : ")") : "]");
    }
    if (py::isinstance<py::dict>(v)) {
        std::string out = "{";
        std::size_t n = 0;
        for (auto item : py::reinterpret_borrow<py::dict>(v))
            out += (n++ ? ", " : "") + value_repr(item.first) + ": " + value_repr(item.second);
        return out + "}";
    }
    return py::repr(v).cast<std::string>();
}

/// The fields of obj as a tuple (for ==, hash) or a dict (for pickling).
inline py::tuple field_tuple(py::handle obj, const std::vector<std::string>& fields) {
    py::tuple t(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) t[i] = obj.attr(fields[i].c_str());
    return t;
}

inline py::dict field_dict(py::handle obj, const std::vector<std::string>& fields) {
    py::dict d;
    for (const auto& f : fields) d[f.c_str()] = obj.attr(f.c_str());
    return d;
}

/// Adds __eq__, __ne__, __hash__ (immutable types; mutable ones are unhashable), pickling and a round-trip
/// __repr__ to cls from its field list (the constructor's keywords = the property names, in order).
template <class T, class... Options>
py::class_<T, Options...>& add_value_semantics(py::class_<T, Options...>& cls, std::vector<std::string> fields,
                                               value_kind kind = value_kind::immutable) {
    cls.def(
           "__eq__",
           [fields](py::object self, py::object other) -> py::object {
               if (!py::type::of(self).is(py::type::of(other)))
                   return py::reinterpret_borrow<py::object>(Py_NotImplemented);
               return py::bool_(field_tuple(self, fields).equal(field_tuple(other, fields)));
           },
           py::arg("other"), "Equal if the other object has the same type and equal fields.")
        .def(
            "__ne__",
            [fields](py::object self, py::object other) -> py::object {
                if (!py::type::of(self).is(py::type::of(other)))
                    return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                return py::bool_(field_tuple(self, fields).not_equal(field_tuple(other, fields)));
            },
            py::arg("other"), "Not equal: a different type or a different field.")
        .def(
            "__repr__",
            [fields](py::object self) {
                std::string out = py::str(py::type::of(self).attr("__name__")).cast<std::string>() + "(";
                for (std::size_t i = 0; i < fields.size(); ++i)
                    out += (i ? ", " : "") + fields[i] + "=" + value_repr(self.attr(fields[i].c_str()));
                return out + ")";
            },
            "TypeName(field=value, ...): evaluates back to an equal object in the offload namespace.")
        .def(py::pickle([fields](py::object self) { return field_dict(self, fields); },
                        [](const py::dict& state) { return py::type::of<T>()(**state).template cast<T>(); }));
    cls.attr("_fields") = py::tuple(py::cast(fields)); // the value fields: constructor keywords and properties
    if (kind == value_kind::immutable)
        cls.def(
            "__hash__", [fields](py::object self) { return py::hash(field_tuple(self, fields)); },
            "Hash of the fields (the object is immutable).");
    else
        cls.attr("__hash__") = py::none();
    return cls;
}

template <class T, class... Options>
py::class_<T, Options...>& add_value_semantics(py::class_<T, Options...>& cls,
                                               std::initializer_list<const char*> fields,
                                               value_kind kind = value_kind::immutable) {
    return add_value_semantics(cls, std::vector<std::string>(fields.begin(), fields.end()), kind);
}

} // namespace offload::python
