#include "src/config/schema.hpp"

#include "keycloak/mapper_types.hpp"

namespace kcldap::config {
namespace {

using Assign = std::function<void(Config&, const Value&, const SourceLocation&)>;
using Read = std::function<std::optional<Value>(const Config&)>;

std::vector<std::string> as_list(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return {*text};
  return std::get<std::vector<std::string>>(value);
}

// Storing a validated Value into a Config field of each type, and reading it back.
void store(bool& field, const Value& value) { field = std::get<bool>(value); }
void store(int& field, const Value& value) { field = static_cast<int>(std::get<long long>(value)); }
void store(std::string& field, const Value& value) { field = std::get<std::string>(value); }
void store(std::vector<std::string>& field, const Value& value) { field = as_list(value); }
void store(std::optional<bool>& field, const Value& value) { field = std::get<bool>(value); }
std::optional<Value> load(bool field) { return Value{field}; }
std::optional<Value> load(int field) { return Value{static_cast<long long>(field)}; }
std::optional<Value> load(const std::string& field) { return Value{field}; }
std::optional<Value> load(const std::vector<std::string>& field) {
  if (field.empty()) return std::nullopt;
  return Value{field};
}
std::optional<Value> load(const std::optional<bool>& field) {
  if (!field) return std::nullopt;
  return Value{*field};
}

struct Field {
  Assign assign;
  Read read;
};

// A plain field of one section: `at(&Config::ldap, &LdapSettings::read_timeout_ms)`.
template <class Section, class T>
Field at(Section Config::*section, T Section::*member) {
  return {[=](Config& c, const Value& v, const SourceLocation&) { store(c.*section.*member, v); },
          [=](const Config& c) { return load(c.*section.*member); }};
}

// A secret keeps where it was written, for the messages that name it without showing it.
template <class Section>
Field secret_at(Section Config::*section, SecretRef Section::*member, const std::string& label) {
  return {[=](Config& c, const Value& v, const SourceLocation& w) { c.*section.*member = SecretRef{std::get<std::string>(v), label, w}; },
          [=](const Config& c) -> std::optional<Value> {
            const SecretRef& ref = c.*section.*member;
            if (!ref.present()) return std::nullopt;
            return Value{ref.text};
          }};
}

// user_object_classes: "auto" is held as an empty list.
Field object_classes() {
  return {[](Config& c, const Value& v, const SourceLocation&) {
            auto list = as_list(v);
            c.ldap.user_object_classes = (list.size() == 1 && list.front() == "auto") ? std::vector<std::string>{} : list;
          },
          [](const Config& c) -> std::optional<Value> {
            if (c.ldap.user_object_classes.empty()) return Value{std::string("auto")};
            return Value{c.ldap.user_object_classes};
          }};
}

// The table below names only the rules a key has (designated initializers); GCC 12 warns about every member
// left to its default there, which is exactly the point.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

struct Rules {
  std::vector<std::string> choices;
  Check check = Check::none;
  long long min = 0;
  long long max = 0;
  KeycloakKey keycloak;
};

KeySpec k(std::string section, std::string key, Kind kind, Field field, Rules rules = {}) {
  return KeySpec{std::move(section), std::move(key), kind, std::move(rules.choices), rules.check, rules.min, rules.max,
                 std::move(field.assign), std::move(field.read), std::move(rules.keycloak)};
}

// A key whose Keycloak value is sent as written.
KeycloakKey sent(std::string name) { return KeycloakKey{std::move(name), false, "", {}}; }
// A timeout sent as written, where 0 leaves Keycloak's key unset: Keycloak then sets no time limit.
KeycloakKey timeout(std::string name) { return KeycloakKey{std::move(name), false, "", {}, true}; }
// A key whose Keycloak value federation_spec decides with the probe or a preset.
KeycloakKey resolved(std::string name, std::string separator = "") { return KeycloakKey{std::move(name), true, std::move(separator), {}}; }

std::vector<KeySpec> ldap_keys() {
  using S = LdapSettings;
  const auto L = &Config::ldap;
  const std::vector<std::string> vendors = {"auto", "ad", "rhds", "tivoli", "edirectory", "other"};
  return {
      k("ldap", "url", Kind::string_or_list, at(L, &S::urls), {.check = Check::ldap_url, .keycloak = {"connectionUrl", false, " ", {}}}),
      k("ldap", "start_tls", Kind::boolean, at(L, &S::start_tls), {.keycloak = sent("startTls")}),
      k("ldap", "ca_file", Kind::string, at(L, &S::ca_file), {.check = Check::path}),
      k("ldap", "tls_verify", Kind::boolean, at(L, &S::tls_verify)),
      k("ldap", "bind_dn", Kind::string, at(L, &S::bind_dn), {.check = Check::bind_identity, .keycloak = resolved("bindDn")}),
      k("ldap", "bind_password", Kind::secret, secret_at(L, &S::bind_password, "[ldap] bind_password"),
        {.keycloak = resolved("bindCredential")}),
      k("ldap", "users_dn", Kind::string, at(L, &S::users_dn), {.check = Check::dn, .keycloak = resolved("usersDn")}),
      k("ldap", "search_scope", Kind::string, at(L, &S::search_scope),
        {.choices = {"one", "subtree", "auto"}, .keycloak = {"searchScope", true, "", {{"one", "1"}, {"subtree", "2"}}}}),
      k("ldap", "user_filter", Kind::string, at(L, &S::user_filter), {.check = Check::filter, .keycloak = resolved("customUserSearchFilter")}),
      k("ldap", "user_object_classes", Kind::string_or_list, object_classes(),
        {.check = Check::attribute, .keycloak = resolved("userObjectClasses", ", ")}),
      k("ldap", "vendor", Kind::string, at(L, &S::vendor), {.choices = vendors, .keycloak = resolved("vendor")}),
      k("ldap", "username_attribute", Kind::string, at(L, &S::username_attribute),
        {.check = Check::attribute, .keycloak = resolved("usernameLDAPAttribute")}),
      k("ldap", "rdn_attribute", Kind::string, at(L, &S::rdn_attribute), {.check = Check::attribute, .keycloak = resolved("rdnLDAPAttribute")}),
      k("ldap", "uuid_attribute", Kind::string, at(L, &S::uuid_attribute), {.check = Check::attribute, .keycloak = resolved("uuidLDAPAttribute")}),
      k("ldap", "email_attribute", Kind::string, at(L, &S::email_attribute), {.check = Check::attribute}),
      k("ldap", "first_name_attribute", Kind::string, at(L, &S::first_name_attribute), {.check = Check::attribute}),
      k("ldap", "last_name_attribute", Kind::string, at(L, &S::last_name_attribute), {.check = Check::attribute}),
      k("ldap", "groups_dn", Kind::string, at(L, &S::groups_dn), {.check = Check::dn_or_auto}),
      k("ldap", "required_groups", Kind::string_list, at(L, &S::required_groups), {.check = Check::dn}),
      k("ldap", "connect_timeout_ms", Kind::integer, at(L, &S::connect_timeout_ms), {.min = 0, .max = 600000, .keycloak = timeout("connectionTimeout")}),
      k("ldap", "read_timeout_ms", Kind::integer, at(L, &S::read_timeout_ms), {.min = 0, .max = 3600000, .keycloak = timeout("readTimeout")}),
      k("ldap", "sample_size", Kind::integer, at(L, &S::sample_size), {.min = 1, .max = 100000}),
      k("ldap", "max_value_bytes", Kind::integer, at(L, &S::max_value_bytes), {.min = 1024, .max = 16777216}),
  };
}

std::vector<KeySpec> keycloak_keys() {
  using S = KeycloakSettings;
  const auto K = &Config::keycloak;
  return {
      k("keycloak", "url", Kind::string, at(K, &S::url), {.check = Check::http_url}),
      k("keycloak", "realm", Kind::string, at(K, &S::realm)),
      k("keycloak", "auth_realm", Kind::string, at(K, &S::auth_realm)),
      k("keycloak", "client_id", Kind::string, at(K, &S::client_id)),
      k("keycloak", "client_secret", Kind::secret, secret_at(K, &S::client_secret, "[keycloak] client_secret")),
      k("keycloak", "username", Kind::string, at(K, &S::username)),
      k("keycloak", "password", Kind::secret, secret_at(K, &S::password, "[keycloak] password")),
      k("keycloak", "ca_file", Kind::string, at(K, &S::ca_file), {.check = Check::path}),
      k("keycloak", "tls_verify", Kind::boolean, at(K, &S::tls_verify)),
      k("keycloak", "version", Kind::string, at(K, &S::version), {.check = Check::version}),
      k("keycloak", "timeout_ms", Kind::integer, at(K, &S::timeout_ms), {.min = 100, .max = 600000}),
      k("keycloak", "max_response_bytes", Kind::integer, at(K, &S::max_response_bytes), {.min = 1048576, .max = 1073741824}),
  };
}

std::vector<KeySpec> federation_keys() {
  using S = FederationSettings;
  const auto F = &Config::federation;
  return {
      k("federation", "name", Kind::string, at(F, &S::name)),
      k("federation", "enabled", Kind::boolean, at(F, &S::enabled), {.keycloak = sent("enabled")}),
      k("federation", "edit_mode", Kind::string, at(F, &S::edit_mode),
        {.choices = {"READ_ONLY", "WRITABLE", "UNSYNCED"}, .keycloak = resolved("editMode")}),
      k("federation", "import_users", Kind::boolean, at(F, &S::import_users), {.keycloak = resolved("importEnabled")}),
      k("federation", "sync_registrations", Kind::boolean, at(F, &S::sync_registrations), {.keycloak = sent("syncRegistrations")}),
      k("federation", "trust_email", Kind::boolean, at(F, &S::trust_email), {.keycloak = sent("trustEmail")}),
      k("federation", "pagination", Kind::boolean, at(F, &S::pagination), {.keycloak = resolved("pagination")}),
      k("federation", "batch_size", Kind::integer, at(F, &S::batch_size), {.min = 1, .max = 100000, .keycloak = sent("batchSizeForSync")}),
      k("federation", "full_sync_period", Kind::integer, at(F, &S::full_sync_period),
        {.min = -1, .max = 31536000, .keycloak = sent("fullSyncPeriod")}),
      k("federation", "changed_sync_period", Kind::integer, at(F, &S::changed_sync_period),
        {.min = -1, .max = 31536000, .keycloak = sent("changedSyncPeriod")}),
      k("federation", "cache_policy", Kind::string, at(F, &S::cache_policy),
        {.choices = {"DEFAULT", "NO_CACHE", "EVICT_DAILY", "EVICT_WEEKLY", "MAX_LIFESPAN"}, .keycloak = sent("cachePolicy")}),
      k("federation", "connection_pooling", Kind::boolean, at(F, &S::connection_pooling), {.keycloak = sent("connectionPooling")}),
      k("federation", "use_truststore_spi", Kind::string, at(F, &S::use_truststore_spi),
        {.choices = {"always", "never", "ldapsOnly"}, .keycloak = sent("useTruststoreSpi")}),
      k("federation", "preset", Kind::string, at(F, &S::preset), {.choices = {"none", "runai"}}),
      k("federation", "default_mappers", Kind::string, at(F, &S::default_mappers), {.choices = {"adopt", "keep", "delete"}}),
      k("federation", "backup_dir", Kind::string, at(F, &S::backup_dir)),
  };
}

std::vector<KeySpec> checks_and_restart_keys() {
  using C = ChecksSettings;
  using R = RestartSettings;
  const auto X = &Config::checks;
  const auto H = &Config::restart;
  return {
      k("checks", "timeout_s", Kind::integer, at(X, &C::timeout_s), {.min = 1, .max = 86400}),
      k("checks", "sync", Kind::boolean, at(X, &C::sync)),
      k("checks", "sample_users", Kind::integer, at(X, &C::sample_users), {.min = 0, .max = 1000}),
      k("checks", "test_user", Kind::string, at(X, &C::test_user)),
      k("checks", "test_password", Kind::secret, secret_at(X, &C::test_password, "[checks] test_password")),
      k("restart", "command", Kind::string_list, at(H, &R::command), {.check = Check::command}),
      k("restart", "wait", Kind::string_list, at(H, &R::wait), {.check = Check::command}),
      k("restart", "timeout_s", Kind::integer, at(H, &R::timeout_s), {.min = 1, .max = 86400}),
  };
}

}  // namespace

std::string kind_name(Kind kind) {
  switch (kind) {
    case Kind::string: return "a string";
    case Kind::secret: return "a string (a secret: prefer \"${env:NAME}\" or \"${file:/path}\")";
    case Kind::boolean: return "true or false";
    case Kind::integer: return "an integer";
    case Kind::string_list: return "a list of strings";
    case Kind::string_or_list: return "a string or a list of strings";
  }
  return "a value";
}

const std::vector<KeySpec>& config_schema() {
  static const std::vector<KeySpec> schema = [] {
    std::vector<KeySpec> all;
    for (auto part : {ldap_keys(), keycloak_keys(), federation_keys(), checks_and_restart_keys()}) {
      for (auto& spec : part) all.push_back(std::move(spec));
    }
    return all;
  }();
  return schema;
}

const KeySpec* find_key(const std::string& section, const std::string& key) {
  for (const auto& spec : config_schema()) {
    if (spec.section == section && spec.key == key) return &spec;
  }
  return nullptr;
}

const KeySpec* find_key_for_keycloak(const std::string& keycloak_key) {
  for (const auto& spec : config_schema()) {
    if (!keycloak_key.empty() && spec.keycloak.name == keycloak_key) return &spec;
  }
  return nullptr;
}

std::string where_to_set(const Config& config, const std::string& section, const std::string& key, const std::string& flag) {
  const std::string name = "[" + section + "] " + key;
  if (config.path.empty()) return "pass " + flag + ", or set " + name + " in a config file given with --config";
  bool file_sets_a_key = false;
  for (const auto& [dotted, where] : config.locations) file_sets_a_key = file_sets_a_key || where.file == config.path;
  return "set " + name + " in " + config.path + (file_sets_a_key ? "" : " (it sets no key yet)") + ", or pass " + flag;
}

std::string to_keycloak_text(const KeySpec& spec, const Value& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* number = std::get_if<long long>(&value)) return std::to_string(*number);
  std::string text;
  for (const auto& item : as_list(value)) text += (text.empty() ? "" : spec.keycloak.list_separator) + item;
  for (const auto& [ours, theirs] : spec.keycloak.values) {
    if (text == ours) return theirs;
  }
  return text;
}

std::optional<Value> from_keycloak_text(const KeySpec& spec, const std::string& text) {
  switch (spec.kind) {
    case Kind::boolean:
      if (text == "true" || text == "false") return Value{text == "true"};
      return std::nullopt;
    case Kind::integer:
      try {
        std::size_t used = 0;
        const long long number = std::stoll(text, &used);
        if (used != text.size()) return std::nullopt;
        return Value{number};
      } catch (const std::exception&) {
        return std::nullopt;
      }
    case Kind::string_list:
    case Kind::string_or_list: {
      if (spec.keycloak.list_separator.empty()) return Value{text};
      std::vector<std::string> items;
      std::size_t start = 0;
      while (start <= text.size()) {
        const std::size_t end = text.find(spec.keycloak.list_separator, start);
        std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!item.empty()) items.push_back(std::move(item));
        if (end == std::string::npos) break;
        start = end + spec.keycloak.list_separator.size();
      }
      if (items.size() == 1) return Value{items.front()};
      return Value{std::move(items)};
    }
    case Kind::string:
    case Kind::secret:
      for (const auto& [ours, theirs] : spec.keycloak.values) {
        if (text == theirs) return Value{ours};
      }
      return Value{text};
  }
  return std::nullopt;
}

std::string toml_text(const Value& value) {
  // A basic string: quotes and backslashes escaped, control characters as \uXXXX (a newline in a value
  // read from Keycloak must not end the line and start a key of its own).
  const auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7f) {
        static const char* digits = "0123456789ABCDEF";
        out += std::string("\\u00") + digits[byte >> 4] + digits[byte & 0xf];
        continue;
      }
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* number = std::get_if<long long>(&value)) return std::to_string(*number);
  if (const auto* text = std::get_if<std::string>(&value)) return quoted(*text);
  std::string out = "[";
  for (const auto& item : std::get<std::vector<std::string>>(value)) out += (out.size() == 1 ? "" : ", ") + quoted(item);
  return out + "]";
}

const std::vector<MapperTypeSpec>& mapper_schema() {
  static const std::vector<MapperTypeSpec> schema = [] {
    std::vector<MapperTypeSpec> types;
    for (const auto& type : keycloak::mapper_types()) {
      MapperTypeSpec spec{type.type, {}};
      for (const auto& key : type.keys) {
        using V = keycloak::MapperValue;
        const Kind kind = key.value == V::boolean ? Kind::boolean : key.value == V::attribute_list ? Kind::string_or_list : Kind::string;
        const Check check = key.value == V::dn ? Check::dn
                            : key.value == V::filter ? Check::filter
                            : (key.value == V::attribute || key.value == V::attribute_list) ? Check::attribute
                                                                                             : Check::none;
        spec.keys.push_back({key.key, kind, key.choices, check, key.required});
      }
      types.push_back(std::move(spec));
    }
    return types;
  }();
  return schema;
}

}  // namespace kcldap::config
