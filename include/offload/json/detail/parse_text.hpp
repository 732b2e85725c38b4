// offload/json/detail/parse_text.hpp — parse JSON text; when it is malformed, say WHERE inside the document.
//
// nlohmann/json reports a syntax error by byte offset only. When parsing fails, the text is parsed a second
// time by a SAX handler that tracks the JSON pointer of the value being read (object keys and array indices),
// so the parameter_error names e.g. '/layers/3/kernel_size/1' together with the byte, line and column. Well-
// formed text is parsed once, with no tracking.
// IWYU pragma: private, include <offload/json/flops_model.hpp>
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/error.hpp"

namespace offload::detail {

/// RFC 6901 escaping of one reference token ('~' -> '~0', '/' -> '~1').
inline std::string json_pointer_escape(std::string_view key) {
    std::string out;
    for (char ch : key) {
        if (ch == '~') out += "~0";
        else if (ch == '/') out += "~1";
        else out += ch;
    }
    return out;
}

/// SAX handler that only tracks where the parser is; on a syntax error it stores the pointer of the innermost
/// value being read ("" = the document itself) and the last element or key completed in it, if any.
class json_location_tracker {
public:
    using json = nlohmann::json;

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    bool number_float(json::number_float_t, const json::string_t&) { return value(); }
    bool string(json::string_t&) { return value(); }
    bool binary(json::binary_t&) { return value(); }
    bool start_object(std::size_t) {
        stack_.push_back(frame{false, {}, {}, 0, false});
        return true;
    }
    bool key(json::string_t& k) {
        stack_.back().key = k;
        stack_.back().have_key = true;
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        return value();
    }
    bool start_array(std::size_t) {
        stack_.push_back(frame{true, {}, {}, 0, false});
        return true;
    }
    bool end_array() {
        stack_.pop_back();
        return value();
    }
    bool parse_error(std::size_t, const std::string&, const json::exception&) {
        pointer_.clear();
        for (std::size_t i = 0; i < stack_.size(); ++i) {
            const frame& f = stack_[i];
            // an array element is named only when the failure is inside it (a nested container); at the
            // array's own level the parser cannot tell a broken element from a missing separator
            if (f.is_array && i + 1 < stack_.size()) pointer_ += "/" + std::to_string(f.index);
            else if (!f.is_array && f.have_key) pointer_ += "/" + json_pointer_escape(f.key);
        }
        if (!stack_.empty()) {
            const frame& top = stack_.back();
            if (top.is_array && top.index > 0) context_ = "after element " + std::to_string(top.index - 1);
            if (!top.is_array && !top.have_key && !top.last_key.empty())
                context_ = "after the value of '" + top.last_key + "'";
        }
        return false;
    }

    /// The JSON pointer of the innermost value being read at the failure ("" = the document itself).
    const std::string& pointer() const noexcept { return pointer_; }
    /// Where inside that value: "after element i" (an array) or "after the value of 'key'" (an object), or "".
    const std::string& context() const noexcept { return context_; }

private:
    struct frame {
        bool is_array;
        std::string key;      ///< object: the key whose value is being read
        std::string last_key; ///< object: the key of the value read last
        std::size_t index;    ///< array: the index of the element being read
        bool have_key;        ///< object: a key was read and its value is pending
    };

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

    std::vector<frame> stack_;
    std::string pointer_;
    std::string context_;
};

/// Parses text as JSON. Malformed text is a parameter_error from `function` whose parameter is the JSON pointer
/// of the innermost value being read where the syntax error is ('/' for the document itself), whose value is
/// "byte N" and whose requirement gives the line, column, nlohmann's reason and the last element or key
/// completed there; `file`, if not empty, is named too.
inline nlohmann::json parse_json_text(std::string_view text, const char* function, const std::string& file = {}) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        json_location_tracker tracker;
        (void)nlohmann::json::sax_parse(text, &tracker);
        const std::string pointer = tracker.pointer().empty() ? "/" : tracker.pointer();
        std::string reason = e.what();
        const auto at = reason.find("parse error at ");
        reason = at == std::string::npos ? reason : reason.substr(at + 15); // "line L, column C: why"
        std::string requirement = "is not well-formed JSON";
        if (!file.empty()) requirement += " (file '" + file + "')";
        requirement += ": " + reason;
        if (!tracker.context().empty()) requirement += " (" + tracker.context() + ")";
        throw_parameter_error(function, pointer.c_str(), "byte " + std::to_string(e.byte), requirement.c_str());
    }
}

} // namespace offload::detail
