#pragma once
// TOML configuration with typed, range-checked access.
//
// Every getter records the key as known and stores the value it resolved (the default when
// the key is absent). After a program has read all its keys, `reject_unknown_keys` catches
// typos and `resolved_text` is the complete configuration that produced a result.

#include <toml.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace statmem {

class Config {
  public:
    /// Parse a TOML file, then apply `key=value` overrides (value in TOML syntax, or a bare
    /// word taken as a string). Throws InputError naming the file on a missing or
    /// malformed file.
    static Config from_file(const std::string& path, const std::vector<std::string>& overrides);
    static Config from_text(const std::string& text, const std::string& origin,
                            const std::vector<std::string>& overrides);

    bool contains(const std::string& key) const;
    /// Whether a getter or `mark_known` has read `key`.
    bool is_known(const std::string& key) const;
    /// The value of `key` as given in TOML syntax, or "(not set)", for error messages.
    std::string given_text(const std::string& key) const;
    /// Origin of `key` for error messages: "from --set" or "in FILE".
    std::string source_of(const std::string& key) const;

    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max);
    double real(const std::string& key, double fallback, double min, double max);
    bool boolean(const std::string& key, bool fallback);
    std::string text(const std::string& key, const std::string& fallback);
    /// A string that must be one of `allowed`.
    std::string choice(const std::string& key, const std::string& fallback,
                       const std::vector<std::string>& allowed);
    /// A list of reals; a single number is taken as a list of one. Each element must lie
    /// in [min, max]; `inf` is accepted when max is infinite.
    std::vector<double> real_list(const std::string& key, const std::vector<double>& fallback,
                                  double min, double max);
    std::vector<std::int64_t> integer_list(const std::string& key,
                                           const std::vector<std::int64_t>& fallback,
                                           std::int64_t min, std::int64_t max);

    /// A list of strings, each one of `allowed`; a single string is taken as a list of one.
    std::vector<std::string> choice_list(const std::string& key,
                                         const std::vector<std::string>& fallback,
                                         const std::vector<std::string>& allowed);

    /// Mark a key as known without reading it (for keys only valid in some modes).
    void mark_known(const std::string& key);

    /// Throw InputError for the first key in the file that no getter read.
    void reject_unknown_keys() const;

    /// The resolved configuration (defaults included) as TOML text.
    std::string resolved_text() const;
    const std::string& origin() const { return origin_; }

    /// Throw InputError with the standard "invalid value" wording for `key`.
    [[noreturn]] void fail(const std::string& key, const std::string& value_text,
                           const std::string& reason_and_fix) const;

  private:
    const toml::value* find(const std::string& key) const;
    void record(const std::string& key, toml::value value);
    std::string value_text(const toml::value& value) const;

    toml::value root_ = toml::table{};
    toml::value resolved_ = toml::table{};
    std::set<std::string> known_;
    std::set<std::string> overridden_;  // keys given with --set
    std::string origin_;
};

/// Split "a.b.c" into {"a", "b", "c"}.
std::vector<std::string> split_key(const std::string& key);

inline constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace statmem
