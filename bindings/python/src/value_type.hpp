// Value semantics for a bound C++ value type, generated from ONE field table: ==/!= (the C++ operator==),
// __hash__ (frozen types only), pickle (a state tuple of the fields, rebuilt through the constructor) and a
// repr that round-trips: eval(repr(x), vars(offload)) == x.
//
//     offload::python::add_value_semantics(cls, offload::python::frozen,
//         [](double l, double s) { return offload::mm1(l, s); },         // builds T from the field values
//         offload::python::field("arrival_rate", &offload::mm1::arrival_rate),
//         offload::python::field("mean_service_time", &offload::mm1::mean_service_time));
//
// This is the only form. A field's getter is anything std::invoke accepts with a const T& (member function, data
// member, lambda), or attribute (the bound Python property of the field's name, read when a method runs); its
// name must be the constructor's keyword so that the repr is a valid call. The builder takes the field values in
// the same order, so the constructor's validation runs on unpickling. Ready-made builders: construct<T>
// (T{values...}), by_members (a default T whose data members, the fields' getters, are assigned: for plain result
// structs that have no Python constructor; their repr is then informative, not a call) and by_keywords (the
// Python constructor called with the fields as keywords: the DNN layers, whose Python constructors convert
// their arguments). Every table ends in one implementation (value_detail::bind_value): the same ==, hash,
// pickle and repr code for every value type.
// == is the C++ operator== when T has one; otherwise (a result struct without operator==) the field tuples are
// compared, which is the same as a defaulted operator== over those fields.
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

} // namespace value_detail

/// The getter that reads the bound Python property of the field's name (see attribute_field).
struct attribute {};

/// field(name, attribute{}): a field whose value is the Python property `name` of the object.
inline field<attribute> attribute_field(const char* name) { return field<attribute>(name, attribute{}); }

namespace value_detail {

/// The C++ type a field's pickled value is cast to when rebuilding (a Python object for an attribute).
template <class T, class Getter>
struct field_value {
    using type = value_t<T, Getter>;
};
template <class T>
struct field_value<T, attribute> {
    using type = py::object;
};

/// One field's value as a Python object.
template <class T, class Getter>
py::object read_field(const py::object& self, const T& x, const field<Getter>& f) {
    if constexpr (std::is_same_v<Getter, attribute>)
        return self.attr(f.name);
    else if constexpr (std::is_base_of_v<py::handle, value_t<T, Getter>>)
        return py::object(std::invoke(f.get, x)); // a getter that makes the Python object itself
    else
        return py::cast(std::invoke(f.get, x));
}

/// repr of one field value, valid Python in the namespace of the offload module: floats as Python prints
/// them (shortest round-trip), inf/nan spelled float('inf'), enums as Kind.member, lists, tuples and dicts item
/// by item (so an inf inside one stays valid Python), the rest by their repr. summarise (for a class without a
/// constructor, whose repr cannot be evaluated anyway): a list or tuple of more than 10 items shows the first six,
/// ... and the last two, as numpy does for long arrays.
inline std::string repr_float(double v) {
    if (std::isnan(v)) return "float('nan')";
    if (std::isinf(v)) return v > 0 ? "float('inf')" : "-float('inf')";
    return py::repr(py::float_(v));
}

inline std::string repr_value(const py::handle& o, bool summarise = false) {
    if (py::isinstance<py::bool_>(o)) return py::repr(o);
    if (py::isinstance<py::float_>(o)) return repr_float(o.cast<double>());
    if (py::hasattr(o.get_type(), "__members__")) return py::str(o); // a bound enum: Kind.member
    const bool is_list = py::isinstance<py::list>(o);
    if (is_list || py::isinstance<py::tuple>(o)) {
        std::string out = is_list ? "[" : "(";
        const std::size_t size = py::len(o);
        std::size_t n = 0;
        for (const auto& item : o) {
            if (summarise && size > 10 && n >= 6 && n < size - 2) {
                if (n++ == 6) out += ", ...";
                continue;
            }
            if (n++) out += ", ";
            out += repr_value(item, summarise);
        }
        if (!is_list && n == 1) out += ",";
        return out + (is_list ? "]" : ")");
    }
    if (py::isinstance<py::dict>(o)) {
        std::string out = "{";
        bool first = true;
        for (const auto& item : o.cast<py::dict>()) {
            if (!first) out += ", ";
            first = false;
            out += repr_value(item.first, summarise) + ": " + repr_value(item.second, summarise);
        }
        return out + "}";
    }
    return py::repr(o);
}

/// What a hash is taken of: lists and tuples become tuples, a nested value type (one with
/// __offload_fields__, even a mutable one: the outer object holds its own copy) becomes its state tuple.
inline py::object hash_key(const py::handle& v) {
    if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
        py::list items;
        for (const auto& item : v) items.append(hash_key(item));
        return py::tuple(items);
    }
    if (py::isinstance<py::dict>(v)) {
        py::list items;
        for (const auto& item : v.cast<py::dict>())
            items.append(py::make_tuple(hash_key(item.first), hash_key(item.second)));
        return py::tuple(items);
    }
    if (py::hasattr(v.get_type(), "__offload_fields__")) return hash_key(v.attr("__getstate__")());
    return py::reinterpret_borrow<py::object>(v);
}

/// Whether a bound class has a constructor of its own: pybind11 binds py::init as an instancemethod; a class
/// without one has only the slot wrapper __init__ that raises "No constructor defined".
inline bool has_constructor(const py::handle& type) {
    const py::object own = type.attr("__dict__");
    if (!own.contains("__init__")) return false;
    const py::object init = own["__init__"];
    return PyInstanceMethod_Check(init.ptr()) != 0;
}

/// The one implementation behind add_value_semantics. state(self) gives the field values as a
/// tuple, rebuild(tuple) makes a T of them (validating). Adds __eq__/__ne__ (the C++ operator== when T has one,
/// else the state tuples compared; NotImplemented for another type), __hash__ of the state (frozen) or
/// __hash__ = None (mutable), __getstate__/__setstate__ (copy.copy/deepcopy follow), __repr__
/// "Name(field=value, ...)" and __offload_fields__ (the field names, for tests and tools). Methods of those
/// names the class defined before are replaced.
template <class T, class... Options, class State, class Rebuild>
void bind_value(py::class_<T, Options...> cls, mutability kind, std::vector<std::string> names, State state,
                Rebuild rebuild) {
    // the generated methods replace hand-written ones (a binding may have defined its own __repr__ earlier)
    const py::object own = cls.attr("__dict__");
    for (const char* name : {"__eq__", "__ne__", "__hash__", "__repr__"})
        if (own.contains(name)) py::delattr(cls, name);
    const auto equal = [state](const py::object& a, const py::object& b) -> bool {
        if constexpr (std::equality_comparable<T>) {
            static_cast<void>(state); // only the fallback compares the field tuples
            return a.cast<const T&>() == b.cast<const T&>();
        } else {
            return state(a).equal(state(b));
        }
    };
    cls.def(
           "__eq__",
           [equal](const py::object& a, const py::object& b) -> py::object {
               if (!py::isinstance<T>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
               return py::bool_(equal(a, b));
           },
           py::is_operator(), "Equal when every field is equal.")
        .def(
            "__ne__",
            [equal](const py::object& a, const py::object& b) -> py::object {
                if (!py::isinstance<T>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                return py::bool_(!equal(a, b));
            },
            py::is_operator(), "Not equal when some field differs.");
    if (kind == mutability::frozen) {
        cls.def(
            "__hash__", [state](const py::object& self) { return py::hash(hash_key(state(self))); },
            "Hash of the field values.");
    } else {
        cls.attr("__hash__") = py::none();
    }
    py::tuple field_names(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) field_names[i] = py::str(names[i]);
    cls.attr("__offload_fields__") = field_names;
    const std::size_t n = names.size();
    // the factory form (add_factory_form): used for an object that its fields do not rebuild equal
    const auto factory_form = [rebuild, state, equal](const py::object& self) -> py::object {
        const py::object type_dict = self.get_type().attr("__dict__");
        if (!type_dict.contains("__offload_factory_form__")) return py::none();
        if (equal(self, py::cast(T(rebuild(state(self)))))) return py::none();
        return type_dict["__offload_factory_form__"];
    };
    cls.def(py::pickle(
        [state, factory_form](const py::object& self) {
            const py::tuple values = state(self);
            const py::object form = factory_form(self);
            if (form.is_none()) return values;
            py::list items(values); // the fields and, last, the factory's own field
            items.append(self.attr(py::object(form[py::int_(2)])));
            return py::tuple(items);
        },
        [rebuild, n, names](const py::tuple& t) {
            const py::object type = py::type::of<T>();
            if (t.size() == n + 1 && type.attr("__dict__").contains("__offload_factory_form__")) {
                const py::tuple form = type.attr("__offload_factory_form__");
                py::dict keywords;
                for (std::size_t i = 0; i < n; ++i) {
                    const bool replaced = names[i] == form[1].cast<std::string>();
                    const py::object key = replaced ? py::object(form[2]) : py::object(py::str(names[i]));
                    keywords[key] = replaced ? py::object(t[n]) : py::object(t[i]);
                }
                return type.attr(py::object(form[0]))(**keywords).template cast<T>();
            }
            if (t.size() != n)
                throw py::value_error("offload: a pickled state has " + std::to_string(t.size()) +
                                      " fields, expected " + std::to_string(n));
            return T(rebuild(t));
        }));
    cls.def(
        "__repr__",
        [names = std::move(names), state, factory_form](const py::object& self) {
            const py::tuple values = state(self);
            const bool summarise = !has_constructor(self.get_type());
            const py::object form = factory_form(self);
            std::string out = py::str(self.get_type().attr("__name__"));
            if (!form.is_none()) out += "." + form[py::int_(0)].cast<std::string>();
            out += "(";
            for (std::size_t i = 0; i < names.size(); ++i) {
                if (i) out += ", ";
                if (!form.is_none() && names[i] == form[py::int_(1)].cast<std::string>()) {
                    const auto by = form[py::int_(2)].cast<std::string>();
                    out += by + "=" + repr_value(self.attr(by.c_str()), summarise);
                } else {
                    out += names[i] + "=" + repr_value(values[i], summarise);
                }
            }
            return out + ")";
        },
        "Name(field=value, ...): for a class with a constructor, eval() of it in the offload namespace gives an "
        "equal object; a class without one summarises lists of more than 10 items.");
}

} // namespace value_detail

/// The builder of plain structs: a default T whose data members (the fields' getters must be data member
/// pointers) are assigned the field values.
struct by_members_t {};
inline constexpr by_members_t by_members{};

/// The builder that calls the Python constructor with the field values as keywords.
struct by_keywords_t {};
inline constexpr by_keywords_t by_keywords{};

/// Value semantics from one field table: see the top of this file.
template <class T, class... Options, class Make, class... Getters>
py::class_<T, Options...> add_value_semantics(py::class_<T, Options...> cls, mutability kind, Make make,
                                              field<Getters>... fields) {
    const auto state = [fields...](const py::object& self) {
        const T& x = self.cast<const T&>();
        return py::make_tuple(value_detail::read_field(self, x, fields)...);
    };
    const auto rebuild = [make, fields...](const py::tuple& t) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            if constexpr (std::is_same_v<Make, by_members_t>) {
                static_assert((std::is_member_object_pointer_v<Getters> && ...),
                              "by_members needs data member pointers as getters");
                static_cast<void>(make); // the tag carries no behaviour
                T x{};
                ((x.*(fields.get) = t[I].template cast<value_detail::value_t<T, Getters>>()), ...);
                return x;
            } else if constexpr (std::is_same_v<Make, by_keywords_t>) {
                static_cast<void>(make); // the tag carries no behaviour
                py::dict keywords;
                ((keywords[fields.name] = t[I]), ...);
                return py::type::of<T>()(**keywords).template cast<T>();
            } else {
                return T(make(t[I].template cast<typename value_detail::field_value<T, Getters>::type>()...));
            }
        }
        (std::index_sequence_for<Getters...>{});
    };
    value_detail::bind_value(cls, kind, std::vector<std::string>{fields.name...}, state, rebuild);
    return cls;
}

/// The builder for types whose constructor takes the fields in order: T{values...}.
template <class T>
inline constexpr auto construct = [](auto&&... values) { return T{std::forward<decltype(values)>(values)...}; };

/// A second form for objects that their field table does not rebuild equal: the queues' from_rates keeps the given
/// service rate mu exactly and stores mean_service_time = 1 / mu, and 1 / (1 / mu) can differ from mu in the last
/// bit. For such an object, repr is Name.factory(...) with the field `replaced` given as the property `by`
/// (MM1.from_rates(arrival_rate=3.0, service_rate=49.0)) and pickle carries `by` too, so both round-trip
/// exactly; an object that its fields do rebuild keeps the constructor's form.
template <class T, class... Options>
void add_factory_form(py::class_<T, Options...>& cls, const char* factory, const char* replaced, const char* by) {
    cls.attr("__offload_factory_form__") = py::make_tuple(factory, replaced, by);
}

} // namespace offload::python
