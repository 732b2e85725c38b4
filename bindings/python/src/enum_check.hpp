// enum_check.hpp — issue 18: an enumeration value entering from Python is checked where it enters.
//
// pybind11's enumeration types accept any integer (`CalibrationWeighting(99)` is a valid Python object holding
// 99), so a plain record (an options or description struct) built from Python could store a value outside the
// enumeration and hand it on. checked_enumerator rejects it at the record's constructor with the library's one
// check, offload::detail::require_enumerator, naming the field; the largest enumerator is read from the
// pybind11 registration (py::enum_<E>'s __members__), so no per-enumeration table can go stale. Every
// enumeration of the library counts from 0 without gaps, which require_enumerator assumes.
#pragma once

#include <optional>
#include <type_traits>

#include <pybind11/pybind11.h>

#include "offload/error.hpp"

namespace offload::python {

/// The largest enumerator of E registered with pybind11 (E must be bound with py::enum_<E>).
template <class E>
requires std::is_enum_v<E> E last_registered_enumerator() {
    using U = std::underlying_type_t<E>;
    namespace py = pybind11;
    E last = static_cast<E>(0);
    const auto members = py::type::of<E>().attr("__members__").template cast<py::dict>();
    for (const auto& item : members) {
        const E value = item.second.template cast<E>();
        if (static_cast<U>(value) > static_cast<U>(last)) last = value;
    }
    return last;
}

/// `value` if it is an enumerator of E; otherwise a parameter_error (ValueError) naming `parameter`.
template <class E>
requires std::is_enum_v<E> E checked_enumerator(E value, const char* function, const char* parameter) {
    static const E last = last_registered_enumerator<E>(); // the registration does not change once bound
    return offload::detail::require_enumerator(value, last, function, parameter);
}

/// checked_enumerator for an optional argument (None passes).
template <class E>
std::optional<E> checked_enumerator(std::optional<E> value, const char* function, const char* parameter) {
    if (value) checked_enumerator(*value, function, parameter);
    return value;
}

/// Getter and checked setter of an enumeration field for def_property (in place of def_readwrite, whose setter
/// stores any integer): `.def_property("kind", enum_getter(&T::kind), enum_setter(&T::kind, fn, "kind"), doc)`.
template <class C, class E>
auto enum_getter(E C::*member) {
    return [member](const C& object) { return object.*member; };
}
template <class C, class E>
auto enum_setter(E C::*member, const char* function, const char* parameter) {
    return [member, function, parameter](C& object, E value) {
        object.*member = checked_enumerator(value, function, parameter);
    };
}

} // namespace offload::python
