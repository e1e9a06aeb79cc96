// The declarative table of every key kcldap.toml accepts, one entry per key: its section, type, allowed
// values and range, the check its value must pass, where it lands in the Config model (read and write),
// and the LDAP provider config key it becomes in Keycloak, if any. A key's default is the value of a
// default-constructed Config (config.hpp), so it has one home; this table reads it from there. Loading,
// command-line flags, "did you mean", the federation payload and reading a federation back from Keycloak
// are all driven by this one table; tests/unit/config/test_schema.cpp checks that the README and the
// example config agree with it.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "src/config/config.hpp"

namespace kcldap::config {

enum class Kind { string, secret, boolean, integer, string_list, string_or_list };
enum class Check { none, ldap_url, http_url, dn, dn_or_auto, bind_identity, filter, path, attribute, version, command };

using Value = std::variant<bool, long long, std::string, std::vector<std::string>>;

// How a key's value becomes a Keycloak LDAP provider config value.
struct KeycloakKey {
  std::string name;             // e.g. "connectionTimeout"; "" when the key is not sent to Keycloak
  bool derived = false;         // the value sent is decided with the probe or a preset (federation_spec)
  std::string list_separator;   // lists are joined with it ("connectionUrl": " ")
  std::vector<std::pair<std::string, std::string>> values;  // kcldap value -> Keycloak value, when they differ
  bool zero_unsets = false;     // the integer 0 leaves the Keycloak key unset (removed when Keycloak holds it)
};

struct KeySpec {
  std::string section;
  std::string key;
  Kind kind;
  std::vector<std::string> choices;  // for enumerations; empty: any value
  Check check = Check::none;
  long long min = 0;
  long long max = 0;  // integers: inclusive range when max > min
  std::function<void(Config&, const Value&, const SourceLocation&)> assign;
  std::function<std::optional<Value>(const Config&)> read;  // nullopt: unset (no value, e.g. a secret not given)
  KeycloakKey keycloak;

  std::string dotted() const { return section + "." + key; }
  std::string label() const { return "[" + section + "] " + key; }
  std::optional<Value> default_value() const { return read(Config{}); }
};

const std::vector<KeySpec>& config_schema();
const KeySpec* find_key(const std::string& section, const std::string& key);
// The reverse direction: which kcldap.toml key becomes this Keycloak provider key (nullptr: none).
const KeySpec* find_key_for_keycloak(const std::string& keycloak_key);

// A value as Keycloak's provider config holds it, and back (nullopt when Keycloak's text is not a valid
// value of the key, e.g. "maybe" for a boolean).
std::string to_keycloak_text(const KeySpec& spec, const Value& value);
std::optional<Value> from_keycloak_text(const KeySpec& spec, const std::string& text);
// A value as kcldap.toml writes it: true, 5000, "text", ["a", "b"].
std::string toml_text(const Value& value);

// How to give a key that is missing, naming the config file (or saying none was given) and the flag:
// "set [keycloak] url in /etc/kcldap.toml, or pass --keycloak-url".
std::string where_to_set(const Config& config, const std::string& section, const std::string& key, const std::string& flag);

// [[mappers]] keys, derived from keycloak/mapper_types (the one table of mapper types and keys).
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
