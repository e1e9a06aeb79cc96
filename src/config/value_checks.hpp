// The checks a kcldap.toml value must pass (range, allowed values, URL, DN, filter, attribute name, ...),
// and the one path by which a value enters the Config, whether it came from the file or from a flag.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "src/config/schema.hpp"

namespace kcldap::config {

// What is wrong with a value under these rules, in words with the remedy; nullopt when it is fine.
std::optional<std::string> value_problem(const Value& value, Check check, const std::vector<std::string>& choices,
                                         long long min, long long max);

// Checks a value against its key's rules and, when it passes, stores it and records where it came from.
// The error names the key and the place (file:line:column or the flag).
std::optional<ConfigError> set_key(Config& config, const KeySpec& spec, const Value& value, const SourceLocation& where);

}  // namespace kcldap::config
