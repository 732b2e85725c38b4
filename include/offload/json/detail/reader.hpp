// offload/json/detail/reader.hpp — the one JSON reader and the one text-file reader every file format uses
// (flops models, hardware profiles, advisor scenarios).
//
// * parse_json_text(text, fn, file): parses text with a nesting-depth limit (max_json_depth). Malformed text,
//   a number outside double range (1e309) or too deep a nesting is a parameter_error from `fn` whose
//   parameter is the JSON pointer of the value being read there ('/' = the document), whose value is
//   "byte N" and whose requirement gives the line, column, the reason and the file (if any). Well-formed text is
//   parsed once, with no tracking; only a failure re-reads the text to find the pointer.
// * json_node / json_object: typed access to a parsed value that knows its JSON pointer. Every failed check is
//   a parameter_error from the format's function name, parameter = the pointer, value = the offending JSON
//   (shortened to 80 characters, printed with a bounded depth), requirement = what it must be. json_object
//   tracks the keys taken and finish() rejects any other key (no format silently ignores a misspelt field).
// * read_text_file / write_text_file: a missing, unreadable or unwritable file is a std::system_error (errno's
//   code; Python: OSError / FileNotFoundError / PermissionError) naming the function and the path.
// * dump_json(j, indent, fn): JSON text with an indent checked to lie in [-1, max_json_indent] (-1 = one line).
// IWYU pragma: private, include <offload/json/flops_model.hpp>
#pragma once

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"

namespace offload {

/// Deepest nesting of arrays and objects any offload JSON reader accepts (the formats need at most 4).
inline constexpr int max_json_depth = 64;
/// Largest indent (spaces per level) of the to_json_text functions; -1 writes one line.
inline constexpr int max_json_indent = 16;

namespace detail {

/// RFC 6901 escaping of one reference token ('~' -> '~0', '/' -> '~1').
inline std::string json_pointer_escape(std::string_view key) {
    std::string out;
    for (char ch : key) {
        if (ch == '~')
            out += "~0";
        else if (ch == '/')
            out += "~1";
        else
            out += ch;
    }
    return out;
}

namespace json_io {

using json = nlohmann::json;

/// Appends a bounded rendering of v to out: containers deeper than 3 levels print as [...] / {...}, and the
/// output stops near `limit` characters (never a recursion as deep as the value, never a megabyte of text).
inline void shown_into(const json& v, std::string& out, std::size_t limit, int depth) {
    if (out.size() > limit) return;
    if (v.is_array() || v.is_object()) {
        const bool array = v.is_array();
        if (depth >= 3 && !v.empty()) {
            out += array ? "[...]" : "{...}";
            return;
        }
        out += array ? '[' : '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (out.size() > limit) break;
            if (!first) out += ',';
            first = false;
            if (!array) out += json(it.key()).dump() + ':';
            shown_into(*it, out, limit, depth + 1);
        }
        out += array ? ']' : '}';
        return;
    }
    out += v.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// v as JSON text, shortened to about `limit` characters ("..." marks a cut).
inline std::string shown(const json& v, std::size_t limit = 80) {
    std::string out;
    shown_into(v, out, limit, 0);
    if (out.size() > limit) out = out.substr(0, limit - 3) + "...";
    return out;
}

[[noreturn]] inline void fail(const char* fn, const std::string& pointer, const json& value,
                              const std::string& requirement) {
    throw_parameter_error(fn, pointer.empty() ? "/" : pointer.c_str(), shown(value), requirement.c_str());
}

/// x printed with %g (a bound in a message: 1e+06, 0.5).
inline std::string short_number(double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%g", x);
    return b;
}

/// One value of a parsed document, with its JSON pointer and the reading function's name (for errors).
class json_node {
public:
    json_node(const json& value, std::string pointer, const char* fn) : v_(&value), ptr_(std::move(pointer)), fn_(fn) {}

    [[nodiscard]] const json& value() const noexcept { return *v_; }
    /// The JSON pointer ("" = the document itself).
    [[nodiscard]] const std::string& pointer() const noexcept { return ptr_; }
    [[nodiscard]] const char* function() const noexcept { return fn_; }
    [[noreturn]] void fail(const std::string& requirement) const { json_io::fail(fn_, ptr_, *v_, requirement); }

    [[nodiscard]] bool is_null() const noexcept { return v_->is_null(); }
    [[nodiscard]] bool is_array() const noexcept { return v_->is_array(); }
    [[nodiscard]] bool is_object() const noexcept { return v_->is_object(); }

    /// The member `key` (which must exist).
    [[nodiscard]] json_node member(std::string_view key) const {
        return {v_->at(std::string(key)), ptr_ + "/" + json_pointer_escape(key), fn_};
    }
    /// Element i of an array.
    [[nodiscard]] json_node element(std::size_t i) const { return {v_->at(i), ptr_ + "/" + std::to_string(i), fn_}; }
    /// An array of min..max elements; returns its size.
    std::size_t array(std::size_t min, std::size_t max, const char* what = "must be an array") const {
        if (!v_->is_array()) fail(what);
        if (v_->size() < min || (min == max && v_->size() != min)) fail(what);
        if (v_->size() > max) fail("must have at most " + std::to_string(max) + " elements");
        return v_->size();
    }
    /// Every member (key, node) of an object, sorted by key (nlohmann::json keeps objects sorted).
    [[nodiscard]] std::vector<std::pair<std::string, json_node>> members() const {
        std::vector<std::pair<std::string, json_node>> out;
        for (auto it = v_->begin(); it != v_->end(); ++it)
            out.emplace_back(it.key(), json_node(*it, ptr_ + "/" + json_pointer_escape(it.key()), fn_));
        return out;
    }

    /// A finite number.
    [[nodiscard]] double number() const {
        if (!v_->is_number()) fail("must be a number");
        const double x = v_->get<double>();
        if (!std::isfinite(x)) fail("must be finite");
        return x;
    }
    /// A number in [lo, hi].
    [[nodiscard]] double number(double lo, double hi) const {
        const double x = number();
        if (x < lo) fail("must be >= " + short_number(lo));
        if (x > hi) fail("must be <= " + short_number(hi));
        return x;
    }
    /// A number > 0 and within [lo, hi] (the sign is checked first: 0 or a negative value says "must be > 0").
    [[nodiscard]] double positive(double lo, double hi) const {
        if (!(number() > 0.0)) fail("must be > 0");
        return number(lo, hi);
    }
    /// A number >= 0 and <= hi.
    [[nodiscard]] double non_negative(double hi) const {
        if (!(number() >= 0.0)) fail("must be >= 0");
        return number(0.0, hi);
    }
    /// An integer in [lo, hi] (a number with an integral value: 3 or 3.0; 2.5, 1e300 or "3" are errors).
    [[nodiscard]] long long integer(long long lo, long long hi) const {
        const auto req = [&] {
            return "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
        };
        if (!v_->is_number()) fail(req());
        if (v_->is_number_unsigned()) {
            const auto u = v_->get<json::number_unsigned_t>();
            if (hi < 0 || u > static_cast<json::number_unsigned_t>(hi) ||
                (lo > 0 && u < static_cast<json::number_unsigned_t>(lo)))
                fail(req());
            return static_cast<long long>(u);
        }
        if (v_->is_number_integer()) {
            const auto s = v_->get<json::number_integer_t>();
            if (s < lo || s > hi) fail(req());
            return static_cast<long long>(s);
        }
        const double x = v_->get<double>();
        if (!(std::floor(x) == x && x >= static_cast<double>(lo) && x <= static_cast<double>(hi))) fail(req());
        return static_cast<long long>(x);
    }
    [[nodiscard]] bool boolean() const {
        if (!v_->is_boolean()) fail("must be true or false");
        return v_->get<bool>();
    }
    [[nodiscard]] std::string string() const {
        if (!v_->is_string()) fail("must be a string");
        return v_->get<std::string>();
    }
    /// A non-empty string.
    [[nodiscard]] std::string name() const {
        if (!v_->is_string() || v_->get_ref<const std::string&>().empty()) fail("must be a non-empty string");
        return v_->get<std::string>();
    }
    /// A string equal to one of names; returns its index.
    template <class Names>
    [[nodiscard]] std::size_t one_of(const Names& names) const {
        std::size_t i = 0;
        if (v_->is_string())
            for (const auto& n : names) {
                if (v_->get_ref<const std::string&>() == std::string_view(n)) return i;
                ++i;
            }
        std::string req = "must be one of:";
        for (const auto& n : names) req += std::string(" \"") + std::string(n) + "\"";
        fail(req);
    }

private:
    const json* v_;
    std::string ptr_;
    const char* fn_;
};

/// A JSON object being read: fields are taken by name (required or optional); finish() rejects every key
/// that was not taken ("is not a known field here", with the known fields).
class json_object {
public:
    // One constructor per meaning: a second `const char*` parameter here would capture a one-key list
    // (json_object(n, {"name"}) chose it over the initializer_list and silently skipped the key check).
    explicit json_object(const json_node& node) : node_(node) {
        if (!node.is_object()) node.fail("must be a JSON object");
    }
    /// An object whose fields are all listed in `known`: an unknown key is an error at once (before any
    /// field's own check, so a misspelt required field is reported as unknown, not as missing).
    json_object(const json_node& node, std::initializer_list<std::string_view> known) : json_object(node) {
        for (std::string_view k : known) take(k);
        finish();
    }
    [[nodiscard]] const json_node& node() const noexcept { return node_; }
    [[nodiscard]] const std::string& pointer() const noexcept { return node_.pointer(); }
    /// The pointer of field `key` of this object.
    [[nodiscard]] std::string at(std::string_view key) const {
        return node_.pointer() + "/" + json_pointer_escape(key);
    }
    [[nodiscard]] bool has(std::string_view key) const { return node_.value().contains(std::string(key)); }

    /// Field `key`; a parameter_error "is required but missing" if absent.
    json_node required(std::string_view key) {
        take(key);
        if (!has(key)) json_io::fail(node_.function(), at(key), json(nullptr), "is required but missing");
        return node_.member(key);
    }
    /// Field `key`, or nullopt if absent (null counts as present).
    std::optional<json_node> optional(std::string_view key) {
        take(key);
        if (!has(key)) return std::nullopt;
        return node_.member(key);
    }
    /// Rejects every key not taken by required()/optional().
    void finish() const {
        for (auto it = node_.value().begin(); it != node_.value().end(); ++it) {
            bool known = false;
            for (const std::string& k : taken_) known = known || k == it.key();
            if (!known) {
                std::string req = "is not a known field here (known:";
                for (const std::string& k : taken_) req += " " + k;
                json_io::fail(node_.function(), at(it.key()), *it, req + ")");
            }
        }
    }

private:
    void take(std::string_view key) {
        for (const std::string& k : taken_)
            if (k == key) return;
        taken_.emplace_back(key);
    }
    json_node node_;
    std::vector<std::string> taken_;
};

/// SAX handler that only tracks where the parser is; on a failure (syntax error, number overflow, or a
/// container deeper than max_depth) it stores the pointer of the innermost value being read and the byte.
class location_tracker {
public:
    explicit location_tracker(std::size_t max_depth) : max_depth_(max_depth) {}

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    bool number_float(json::number_float_t, const json::string_t&) { return value(); }
    bool string(json::string_t&) { return value(); }
    bool binary(json::binary_t&) { return value(); }
    bool start_object(std::size_t) { return open(false); }
    bool key(json::string_t& k) {
        stack_.back().key = k;
        stack_.back().have_key = true;
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        return value();
    }
    bool start_array(std::size_t) { return open(true); }
    bool end_array() {
        stack_.pop_back();
        return value();
    }
    bool parse_error(std::size_t position, const std::string&, const json::exception& e) {
        byte_ = position;
        // an array element is named only when the failure is inside it (a nested container, or a number that
        // overflows); at the array's own level the parser cannot tell a broken element from a missing separator
        locate(e.id == 406);
        if (!stack_.empty()) {
            const frame& top = stack_.back();
            if (top.is_array && top.index > 0 && e.id != 406)
                context_ = "after element " + std::to_string(top.index - 1);
            if (!top.is_array && !top.have_key && !top.last_key.empty())
                context_ = "after the value of '" + top.last_key + "'";
        }
        return false;
    }

    [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
    [[nodiscard]] const std::string& context() const noexcept { return context_; }
    [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
    /// The byte position nlohmann reported for the failure.
    [[nodiscard]] std::size_t byte() const noexcept { return byte_; }

private:
    struct frame {
        bool is_array;
        std::string key;      ///< object: the key whose value is being read
        std::string last_key; ///< object: the key of the value read last
        std::size_t index;    ///< array: the index of the element being read
        bool have_key;        ///< object: a key was read and its value is pending
    };

    bool open(bool array) {
        if (stack_.size() >= max_depth_) {
            locate(true);
            too_deep_ = true;
            return false;
        }
        stack_.push_back(frame{array, {}, {}, 0, false});
        return true;
    }
    void locate(bool name_element) {
        pointer_.clear();
        for (std::size_t i = 0; i < stack_.size(); ++i) {
            const frame& f = stack_[i];
            if (f.is_array && (i + 1 < stack_.size() || name_element))
                pointer_ += "/" + std::to_string(f.index);
            else if (!f.is_array && f.have_key)
                pointer_ += "/" + json_pointer_escape(f.key);
        }
    }
    bool value() {
        if (stack_.empty()) return true;
        frame& f = stack_.back();
        if (f.is_array) {
            ++f.index;
        } else {
            f.last_key = f.key;
            f.have_key = false;
        }
        return true;
    }

    std::size_t max_depth_;
    std::vector<frame> stack_;
    std::string pointer_;
    std::string context_;
    bool too_deep_ = false;
    std::size_t byte_ = 0;
};

/// Byte offset at which the nesting of arrays/objects first exceeds max_depth (outside strings), or npos.
inline std::size_t first_too_deep(std::string_view text, std::size_t max_depth) noexcept {
    std::size_t depth = 0;
    bool in_string = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}

/// "line L, column C" of byte offset `byte` (1-based, as nlohmann counts).
inline std::string line_column(std::string_view text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n')
            ++line, column = 1;
        else
            ++column;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

[[noreturn]] inline void fail_text(const char* fn, const std::string& pointer, std::size_t byte,
                                   const std::string& reason, const std::string& context, const std::string& file) {
    std::string requirement = "is not well-formed JSON";
    if (!file.empty()) requirement += " (file '" + file + "')";
    requirement += ": " + reason;
    if (!context.empty()) requirement += " (" + context + ")";
    throw_parameter_error(fn, pointer.empty() ? "/" : pointer.c_str(), "byte " + std::to_string(byte),
                          requirement.c_str());
}

} // namespace json_io

/// Parses text as JSON with the limits above (see the top of this header for the errors).
[[nodiscard]] inline nlohmann::json parse_json_text(std::string_view text, const char* fn,
                                                    const std::string& file = {}) {
    using namespace json_io;
    const auto max_depth = static_cast<std::size_t>(max_json_depth);
    if (const std::size_t at = first_too_deep(text, max_depth); at != std::string_view::npos) {
        location_tracker tracker(max_depth);
        (void)json::sax_parse(text, &tracker);
        // a syntax error before the deep part is reported as such
        if (tracker.too_deep())
            fail_text(fn, tracker.pointer(), at,
                      line_column(text, at) + ": arrays and objects nested deeper than " +
                          std::to_string(max_json_depth) + " levels",
                      {}, file);
    }
    try {
        return json::parse(text);
    } catch (const json::exception& e) { // parse_error, or out_of_range 406 (a number beyond double range)
        location_tracker where(max_depth);
        (void)json::sax_parse(text, &where);
        const std::size_t byte = where.byte();
        std::string reason = e.what();
        if (const auto at = reason.find("parse error at "); at != std::string::npos) {
            reason = reason.substr(at + 15); // "line L, column C: why"
        } else {
            if (const auto close = reason.find("] "); close != std::string::npos) reason = reason.substr(close + 2);
            reason = line_column(text, byte > 0 ? byte - 1 : 0) + ": " + reason + " (beyond the range of a double)";
        }
        fail_text(fn, where.pointer(), byte, reason, where.context(), file);
    }
}

/// The whole file at path as text; std::system_error (errno's code) naming fn and the path if it cannot be read.
[[nodiscard]] inline std::string read_text_file(const std::string& path, const char* fn) {
    errno = 0;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
        throw std::system_error(errno != 0 ? errno : EIO, std::generic_category(),
                                std::string("offload: ") + fn + ": cannot open '" + path + "' for reading");
    std::string text;
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    const int code = errno != 0 ? errno : EIO;
    std::fclose(f);
    if (failed)
        throw std::system_error(code, std::generic_category(),
                                std::string("offload: ") + fn + ": cannot read '" + path + "'");
    return text;
}

/// Writes text to the file at path (replacing it); std::system_error naming fn and the path on failure.
inline void write_text_file(const std::string& path, std::string_view text, const char* fn) {
    errno = 0;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr)
        throw std::system_error(errno != 0 ? errno : EIO, std::generic_category(),
                                std::string("offload: ") + fn + ": cannot open '" + path + "' for writing");
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    const int code = errno != 0 ? errno : EIO;
    const bool closed = std::fclose(f) == 0;
    if (!written || !closed)
        throw std::system_error(code, std::generic_category(),
                                std::string("offload: ") + fn + ": cannot write '" + path + "'");
}

/// j as text with `indent` spaces per level (-1: one line); parameter_error from fn naming 'indent' unless
/// -1 <= indent <= max_json_indent.
[[nodiscard]] inline std::string dump_json(const nlohmann::json& j, int indent, const char* fn) {
    if (indent < -1 || indent > max_json_indent)
        throw_parameter_error(fn, "indent", std::to_string(indent),
                              ("must lie in [-1, " + std::to_string(max_json_indent) + "] (-1: one line)").c_str());
    return j.dump(indent);
}

} // namespace detail
} // namespace offload
