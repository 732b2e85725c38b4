// offload/error.hpp — the library's exception types.
//
// Every invalid parameter throws offload::parameter_error (derived from std::domain_error) with a
// message of the stable form
//     offload: <function>: parameter '<name>' = <value> is invalid: <requirement>
// Numerical procedures that fail to converge throw offload::convergence_error (a std::runtime_error).
// docs/errors.md lists every error and when it is thrown.
#pragma once

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace offload {

/// A parameter outside the domain of a model or function (negative rate, NaN, probability outside
/// (0, 1), non-integer server count, ...). The message names the function, the parameter and the value.
class parameter_error : public std::domain_error {
public:
    using std::domain_error::domain_error;
};

/// A numerical procedure (root finding, series, fixed point) that did not reach its stated tolerance.
class convergence_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr double infinity = std::numeric_limits<double>::infinity();

namespace detail {

inline std::string format_value(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

[[noreturn]] inline void throw_parameter_error(const char* function, const char* parameter, double value,
                                               const char* requirement) {
    throw parameter_error(std::string("offload: ") + function + ": parameter '" + parameter +
                          "' = " + format_value(value) + " is invalid: " + requirement);
}

[[noreturn]] inline void throw_parameter_error(const char* function, const char* parameter, const std::string& value,
                                               const char* requirement) {
    throw parameter_error(std::string("offload: ") + function + ": parameter '" + parameter + "' = " + value +
                          " is invalid: " + requirement);
}

[[noreturn]] inline void throw_convergence_error(const char* function, const std::string& what) {
    throw convergence_error(std::string("offload: ") + function + ": " + what);
}

// Validators return their argument so they can sit in member initialisers. They are constexpr with a
// conditional throw (g++ 12 rejects constexpr functions that call a non-constexpr function unconditionally).

/// finite and > 0
constexpr double require_positive(double value, const char* function, const char* parameter) {
    return (value > 0.0 && value < infinity)
               ? value
               : (throw_parameter_error(function, parameter, value, "must be finite and > 0"), value);
}

/// finite and >= 0
constexpr double require_non_negative(double value, const char* function, const char* parameter) {
    return (value >= 0.0 && value < infinity)
               ? value
               : (throw_parameter_error(function, parameter, value, "must be finite and >= 0"), value);
}

/// finite (any sign)
constexpr double require_finite(double value, const char* function, const char* parameter) {
    return (value > -infinity && value < infinity)
               ? value
               : (throw_parameter_error(function, parameter, value, "must be finite"), value);
}

/// a probability strictly inside (0, 1), as quantile levels are
constexpr double require_open_probability(double value, const char* function, const char* parameter) {
    return (value > 0.0 && value < 1.0)
               ? value
               : (throw_parameter_error(function, parameter, value, "must lie strictly inside (0, 1)"), value);
}

/// a probability in [0, 1]
constexpr double require_probability(double value, const char* function, const char* parameter) {
    return (value >= 0.0 && value <= 1.0)
               ? value
               : (throw_parameter_error(function, parameter, value, "must lie in [0, 1]"), value);
}

/// the time argument t of a cdf: NaN is an error; -inf and +inf are valid (cdf(-inf) = 0, cdf(+inf) = 1 minus
/// any mass at +infinity)
constexpr double require_not_nan(double value, const char* function, const char* parameter) {
    return value == value ? value : (throw_parameter_error(function, parameter, value, "must not be NaN"), value);
}

/// an integer >= minimum given as a double (server counts and buffer sizes arrive from JSON and Python
/// as doubles); returns it as an int
inline int require_integer_at_least(double value, int minimum, const char* function, const char* parameter) {
    if (!(value >= minimum && value <= 1.0e9 && std::floor(value) == value)) {
        const std::string requirement = "must be an integer >= " + std::to_string(minimum);
        throw_parameter_error(function, parameter, value, requirement.c_str());
    }
    return static_cast<int>(value);
}

/// An enumerator of E no greater than `last` (enums arrive from Python and files as integers: a value outside
/// the enumeration is an error, never an index into a name table)
template <class E>
constexpr E require_enumerator(E value, E last, const char* function, const char* parameter) {
    using U = std::underlying_type_t<E>;
    const U v = static_cast<U>(value);
    bool valid = v <= static_cast<U>(last);
    if constexpr (std::is_signed_v<U>) valid = valid && v >= 0; // an int-based enumeration from Python may be -1
    if (!valid) throw_parameter_error(function, parameter, static_cast<double>(v), "must be one of the enumerators");
    return value;
}

/// The API-boundary context of issue 18 #17: runs `body()` and, if a parameter_error escapes it (an internal
/// helper or a stage model rejecting a derived quantity, e.g. a transfer time bytes / bandwidth that underflows
/// to 0), rethrows it naming the caller's function, parameter and value; the helper's complaint stays in the
/// message as the reason:
///     offload: <function>: parameter '<parameter>' = <value> is invalid: <requirement> (from <helper>: '<name>' = <v>)
/// Other exception types pass through unchanged.
template <class Body>
decltype(auto) with_parameter_context(const char* function, const char* parameter, const std::string& value,
                                      Body&& body) {
    try {
        return static_cast<Body&&>(body)();
    } catch (const parameter_error& inner) {
        const std::string what = inner.what();
        const std::string prefix = "offload: ";
        const std::string marker = " is invalid: ";
        const std::size_t at = what.find(marker);
        std::string reason = at == std::string::npos ? what : what.substr(at + marker.size());
        std::string origin = at == std::string::npos ? std::string() : what.substr(0, at);
        if (origin.compare(0, prefix.size(), prefix) == 0) origin.erase(0, prefix.size());
        const std::string::size_type quoted = origin.find(": parameter '");
        if (quoted != std::string::npos) origin.replace(quoted, 13, ": '");
        if (!origin.empty()) reason += " (from " + origin + ")";
        throw parameter_error(prefix + function + ": parameter '" + parameter + "' = " + value + marker + reason);
    }
}

/// with_parameter_context for a numeric parameter (the value printed as format_value does)
template <class Body>
decltype(auto) with_parameter_context(const char* function, const char* parameter, double value, Body&& body) {
    return with_parameter_context(function, parameter, format_value(value), static_cast<Body&&>(body));
}

} // namespace detail
} // namespace offload
