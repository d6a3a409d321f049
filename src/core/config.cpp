#include "statmem/core/config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "statmem/core/error.hpp"

namespace statmem {
namespace {

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : ", ") + word;
    }
    return out;
}

toml::value& descend_creating(toml::value& root, const std::vector<std::string>& path,
                              const std::string& key) {
    toml::value* node = &root;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        auto& table = node->as_table();
        auto it = table.find(path[i]);
        if (it == table.end()) {
            it = table.emplace(path[i], toml::table{}).first;
        } else if (!it->second.is_table()) {
            throw InputError("config key '" + key + "': '" + path[i] +
                             "' is a value, not a table; check the key's spelling");
        }
        node = &it->second;
    }
    return *node;
}

/// Return the literal text of a number as written in the TOML source, without '_' separators.
std::string source_token(const toml::value& value) {
    const toml::source_location where = value.location();
    const std::string& line = where.line_str();
    const std::size_t start = where.column() - 1;
    if (start >= line.size()) {
        return "";
    }
    std::string token = line.substr(start, where.region());
    token.erase(std::remove(token.begin(), token.end(), '_'), token.end());
    return token;
}

/// Check whether a decimal number literal lies outside the range of its type. toml11 (3.7, as
/// packaged in Debian 12) reads numbers with std::istream, which saturates to the largest
/// integer or double on overflow without an error, so the literal is parsed again here.
bool overflows(const toml::value& value) {
    std::string token = source_token(value);
    if (!token.empty() && token.front() == '+') {
        token.erase(0, 1);
    }
    if (token.empty() || token.find_first_of("xob") != std::string::npos) {
        return false;  // hexadecimal, octal and binary literals are left to toml11
    }
    const char* first = token.data();
    const char* last = token.data() + token.size();
    if (value.is_integer()) {
        std::int64_t parsed = 0;
        return std::from_chars(first, last, parsed).ec == std::errc::result_out_of_range;
    }
    double parsed = 0.0;
    return std::from_chars(first, last, parsed).ec == std::errc::result_out_of_range &&
           std::isinf(std::strtod(token.c_str(), nullptr));
}

/// Throw InputError for the first number literal too large for a 64-bit integer or a double.
void reject_overflowing_numbers(const toml::value& node, const std::string& key,
                                const std::string& where) {
    if (node.is_table()) {
        for (const auto& [name, child] : node.as_table()) {
            reject_overflowing_numbers(child, key.empty() ? name : key + "." + name, where);
        }
    } else if (node.is_array()) {
        for (const auto& element : node.as_array()) {
            reject_overflowing_numbers(element, key, where);
        }
    } else if ((node.is_integer() || node.is_floating()) && overflows(node)) {
        throw InputError("invalid config value " + key + " = " + source_token(node) + " (" + where +
                         "): the number is outside the range of a " +
                         (node.is_integer() ? "64-bit integer" : "double") +
                         "; write a value within the key's range (see docs/config.md)");
    }
}

std::string format_real(double x) {
    if (std::isinf(x)) {
        return x > 0 ? "inf" : "-inf";
    }
    std::ostringstream out;
    out.precision(17);
    out << x;
    return out.str();
}

}  // namespace

std::vector<std::string> split_key(const std::string& key) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(key);
    while (std::getline(in, part, '.')) {
        parts.push_back(part);
    }
    return parts;
}

Config Config::from_file(const std::string& path, const std::vector<std::string>& overrides) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw InputError("config file '" + path + "' not found; check the path");
    }
    if (fs::is_directory(path, ec)) {
        throw InputError("config file '" + path + "' is a folder; pass the path of a .toml file");
    }
    std::ifstream in(path);
    if (!in) {
        throw InputError("config file '" + path + "' is not readable; check its permissions");
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return from_text(buffer.str(), path, overrides);
}

Config Config::from_text(const std::string& text, const std::string& origin,
                         const std::vector<std::string>& overrides) {
    Config config;
    config.origin_ = origin;
    try {
        std::istringstream in(text);
        config.root_ = toml::parse(in, origin);
    } catch (const toml::exception& e) {
        throw InputError("config file '" + origin + "' is not valid TOML; fix the line below:\n" +
                         e.what());
    }
    reject_overflowing_numbers(config.root_, "", "in " + origin);

    for (const auto& item : overrides) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw InputError("--set '" + item + "' is not of the form key=value, e.g. model.p=3");
        }
        const std::string key = item.substr(0, eq);
        const std::string raw = item.substr(eq + 1);
        const auto path = split_key(key);
        const bool empty_part =
            key.back() == '.' || std::find(path.begin(), path.end(), "") != path.end();
        if (empty_part) {
            throw InputError("--set '" + item + "' has an empty part in the key '" + key +
                             "'; write section.key=value, e.g. model.p=3");
        }
        toml::value parsed;
        try {
            std::istringstream in("v = " + raw);
            parsed = toml::find(toml::parse(in, "--set"), "v");
        } catch (const std::exception&) {
            parsed = toml::value(raw);  // a bare word such as krotov is a string
        }
        reject_overflowing_numbers(parsed, key, "from --set");
        config.overridden_.insert(key);
        toml::value& parent = descend_creating(config.root_, path, key);
        parent.as_table()[path.back()] = parsed;
    }
    return config;
}

const toml::value* Config::find(const std::string& key) const {
    const toml::value* node = &root_;
    for (const auto& part : split_key(key)) {
        if (!node->is_table()) {
            return nullptr;
        }
        const auto& table = node->as_table();
        auto it = table.find(part);
        if (it == table.end()) {
            return nullptr;
        }
        node = &it->second;
    }
    return node;
}

bool Config::contains(const std::string& key) const {
    return find(key) != nullptr;
}

bool Config::is_known(const std::string& key) const {
    return known_.count(key) > 0;
}

std::string Config::given_text(const std::string& key) const {
    const toml::value* value = find(key);
    return value == nullptr ? "(not set)" : value_text(*value);
}

std::string Config::source_of(const std::string& key) const {
    // An override of a whole table (--set model=...) also covers the keys inside it.
    std::string prefix;
    for (const auto& part : split_key(key)) {
        prefix += (prefix.empty() ? "" : ".") + part;
        if (overridden_.count(prefix) > 0) {
            return "from --set";
        }
    }
    return "in " + origin_;
}

void Config::mark_known(const std::string& key) {
    known_.insert(key);
}

void Config::record(const std::string& key, toml::value value) {
    known_.insert(key);
    const auto path = split_key(key);
    toml::value& parent = descend_creating(resolved_, path, key);
    parent.as_table()[path.back()] = std::move(value);
}

std::string Config::value_text(const toml::value& value) const {
    // Arrays on one line, because toml11 prints one element per line.
    if (value.is_array()) {
        std::string text = "[";
        for (const auto& element : value.as_array()) {
            text += (text.size() > 1 ? ", " : "") + value_text(element);
        }
        return text + "]";
    }
    std::ostringstream out;
    out << value;
    std::string text = out.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

void Config::fail(const std::string& key, const std::string& value_text,
                  const std::string& reason_and_fix) const {
    throw InputError("invalid config value " + key + " = " + value_text + " (" + source_of(key) +
                     "): " + reason_and_fix);
}

std::int64_t Config::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                             std::int64_t max) {
    std::int64_t result = fallback;
    if (const auto* v = find(key)) {
        if (!v->is_integer()) {
            fail(key, value_text(*v),
                 "expected an integer; write it without quotes or a "
                 "decimal point");
        }
        result = v->as_integer();
    }
    if (result < min || result > max) {
        fail(key, std::to_string(result),
             "must lie in [" + std::to_string(min) + ", " + std::to_string(max) +
                 "]; set it within that range");
    }
    record(key, result);
    return result;
}

double Config::real(const std::string& key, double fallback, double min, double max) {
    double result = fallback;
    if (const auto* v = find(key)) {
        if (v->is_integer()) {
            result = static_cast<double>(v->as_integer());
        } else if (v->is_floating()) {
            result = v->as_floating();
        } else {
            fail(key, value_text(*v), "expected a number");
        }
    }
    if (!(result >= min && result <= max)) {
        fail(key, format_real(result),
             "must lie in [" + format_real(min) + ", " + format_real(max) +
                 "]; set it within that range");
    }
    record(key, result);
    return result;
}

bool Config::boolean(const std::string& key, bool fallback) {
    bool result = fallback;
    if (const auto* v = find(key)) {
        if (!v->is_boolean()) {
            fail(key, value_text(*v), "expected true or false");
        }
        result = v->as_boolean();
    }
    record(key, result);
    return result;
}

std::string Config::text(const std::string& key, const std::string& fallback) {
    std::string result = fallback;
    if (const auto* v = find(key)) {
        if (!v->is_string()) {
            fail(key, value_text(*v), "expected a string in double quotes");
        }
        result = v->as_string().str;
    }
    record(key, result);
    return result;
}

std::string Config::choice(const std::string& key, const std::string& fallback,
                           const std::vector<std::string>& allowed) {
    const std::string result = text(key, fallback);
    for (const auto& option : allowed) {
        if (result == option) {
            return result;
        }
    }
    fail(key, "\"" + result + "\"", "must be one of: " + join(allowed));
}

std::vector<double> Config::real_list(const std::string& key, const std::vector<double>& fallback,
                                      double min, double max) {
    std::vector<double> result = fallback;
    if (const auto* v = find(key)) {
        result.clear();
        auto take = [&](const toml::value& x) {
            if (x.is_integer()) {
                result.push_back(static_cast<double>(x.as_integer()));
            } else if (x.is_floating()) {
                result.push_back(x.as_floating());
            } else {
                fail(key, value_text(*v), "expected a number or a list of numbers");
            }
        };
        if (v->is_array()) {
            for (const auto& x : v->as_array()) {
                take(x);
            }
        } else {
            take(*v);
        }
    }
    for (double x : result) {
        if (!(x >= min && x <= max)) {
            fail(key, format_real(x),
                 "every element must lie in [" + format_real(min) + ", " + format_real(max) +
                     "]; set it within that range");
        }
    }
    toml::array stored;
    for (double x : result) {
        stored.push_back(x);
    }
    record(key, stored);
    return result;
}

std::vector<std::int64_t> Config::integer_list(const std::string& key,
                                               const std::vector<std::int64_t>& fallback,
                                               std::int64_t min, std::int64_t max) {
    std::vector<std::int64_t> result = fallback;
    if (const auto* v = find(key)) {
        result.clear();
        auto take = [&](const toml::value& x) {
            if (!x.is_integer()) {
                fail(key, value_text(*v), "expected an integer or a list of integers");
            }
            result.push_back(x.as_integer());
        };
        if (v->is_array()) {
            for (const auto& x : v->as_array()) {
                take(x);
            }
        } else {
            take(*v);
        }
    }
    for (auto x : result) {
        if (x < min || x > max) {
            fail(key, std::to_string(x),
                 "every element must lie in [" + std::to_string(min) + ", " + std::to_string(max) +
                     "]; set it within that range");
        }
    }
    toml::array stored;
    for (auto x : result) {
        stored.push_back(x);
    }
    record(key, stored);
    return result;
}

std::vector<std::string> Config::choice_list(const std::string& key,
                                             const std::vector<std::string>& fallback,
                                             const std::vector<std::string>& allowed) {
    std::vector<std::string> result = fallback;
    if (const auto* v = find(key)) {
        result.clear();
        auto take = [&](const toml::value& x) {
            if (!x.is_string()) {
                fail(key, value_text(*v), "expected a string or a list of strings");
            }
            result.push_back(x.as_string().str);
        };
        if (v->is_array()) {
            for (const auto& x : v->as_array()) {
                take(x);
            }
        } else {
            take(*v);
        }
    }
    for (const auto& word : result) {
        bool found = false;
        for (const auto& option : allowed) {
            found = found || word == option;
        }
        if (!found) {
            fail(key, "\"" + word + "\"", "every element must be one of: " + join(allowed));
        }
    }
    toml::array stored;
    for (const auto& word : result) {
        stored.push_back(word);
    }
    record(key, stored);
    return result;
}

namespace {

void collect_leaf_keys(const toml::value& node, const std::string& prefix,
                       std::vector<std::string>& out) {
    for (const auto& [name, child] : node.as_table()) {
        const std::string key = prefix.empty() ? name : prefix + "." + name;
        if (child.is_table()) {
            collect_leaf_keys(child, key, out);
        } else {
            out.push_back(key);
        }
    }
}

}  // namespace

void Config::reject_unknown_keys() const {
    std::vector<std::string> keys;
    collect_leaf_keys(root_, "", keys);
    for (const auto& key : keys) {
        if (known_.count(key) > 0) {
            continue;
        }
        // Suggest the known keys of the same section, or the known sections and top-level
        // keys when the section itself is unknown.
        const auto path = split_key(key);
        const std::string section = key.substr(0, key.size() - path.back().size());
        std::vector<std::string> siblings;
        for (const auto& candidate : known_) {
            if (!section.empty() && candidate.rfind(section, 0) == 0 &&
                candidate.find('.', section.size()) == std::string::npos) {
                siblings.push_back(candidate);
            }
        }
        std::string hint;
        if (!siblings.empty()) {
            hint =
                "known keys in [" + section.substr(0, section.size() - 1) + "]: " + join(siblings);
        } else {
            std::set<std::string> top;
            for (const auto& candidate : known_) {
                const auto dot = candidate.find('.');
                top.insert(dot == std::string::npos ? candidate
                                                    : "[" + candidate.substr(0, dot) + "]");
            }
            hint = "known top-level keys and sections: " +
                   join(std::vector<std::string>(top.begin(), top.end()));
        }
        throw InputError("unknown config key '" + key + "' (" + source_of(key) +
                         "); remove it or fix its spelling. The " + hint);
    }
}

std::string Config::resolved_text() const {
    std::ostringstream out;
    out << resolved_;
    return out.str();
}

}  // namespace statmem
