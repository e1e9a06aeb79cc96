// The declarative table of every key kcldap.toml accepts: its section, type, allowed values, the check
// its value must pass, and where it lands in the Config model. Loading, "did you mean" and the README's
// reference are all driven by this one table.
#pragma once
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "src/config/config.hpp"

namespace kcldap::config {

enum class Kind { string, secret, boolean, integer, string_list, string_or_list };
enum class Check { none, ldap_url, http_url, dn, dn_or_auto, bind_identity, filter, path, attribute, version, command };

using Value = std::variant<bool, long long, std::string, std::vector<std::string>>;

struct KeySpec {
  std::string section;
  std::string key;
  Kind kind;
  std::vector<std::string> choices;  // for enumerations; empty: any value
  Check check = Check::none;
  long long min = 0;
  long long max = 0;  // integers: inclusive range when max > min
  std::function<void(Config&, const Value&, const SourceLocation&)> assign;
};

const std::vector<KeySpec>& config_schema();

struct MapperKeySpec {
  std::string key;
  Kind kind;
  std::vector<std::string> choices;
  Check check = Check::none;
  bool required = false;
};

struct MapperTypeSpec {
  std::string type;
  std::vector<MapperKeySpec> keys;
};

const std::vector<MapperTypeSpec>& mapper_schema();

std::string kind_name(Kind kind);

}  // namespace kcldap::config
