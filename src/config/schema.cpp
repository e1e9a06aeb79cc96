#include "src/config/schema.hpp"

namespace kcldap::config {
namespace {

template <class T>
const T& as(const Value& value) {
  return std::get<T>(value);
}

int as_int(const Value& value) { return static_cast<int>(std::get<long long>(value)); }

std::vector<std::string> as_list(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return {*text};
  return std::get<std::vector<std::string>>(value);
}

SecretRef secret(const Value& value, const std::string& key, const SourceLocation& where) {
  return SecretRef{as<std::string>(value), key, where};
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
  using C = Config;
  using L = SourceLocation;
  static const std::vector<KeySpec> schema = {
      // [ldap]
      {"ldap", "url", Kind::string_or_list, {}, Check::ldap_url, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.urls = as_list(v); }},
      {"ldap", "start_tls", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.start_tls = as<bool>(v); }},
      {"ldap", "ca_file", Kind::string, {}, Check::path, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.ca_file = as<std::string>(v); }},
      {"ldap", "tls_verify", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.tls_verify = as<bool>(v); }},
      {"ldap", "bind_dn", Kind::string, {}, Check::bind_identity, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.bind_dn = as<std::string>(v); }},
      {"ldap", "bind_password", Kind::secret, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L& w) { c.ldap.bind_password = secret(v, "[ldap] bind_password", w); }},
      {"ldap", "users_dn", Kind::string, {}, Check::dn, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.users_dn = as<std::string>(v); }},
      {"ldap", "search_scope", Kind::string, {"one", "subtree", "auto"}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.search_scope = as<std::string>(v); }},
      {"ldap", "user_filter", Kind::string, {}, Check::filter, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.user_filter = as<std::string>(v); }},
      {"ldap", "user_object_classes", Kind::string_or_list, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) {
         auto list = as_list(v);
         c.ldap.user_object_classes = (list.size() == 1 && list.front() == "auto") ? std::vector<std::string>{} : list;
       }},
      {"ldap", "vendor", Kind::string, {"auto", "ad", "rhds", "tivoli", "edirectory", "other"}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.vendor = as<std::string>(v); }},
      {"ldap", "username_attribute", Kind::string, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.username_attribute = as<std::string>(v); }},
      {"ldap", "rdn_attribute", Kind::string, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.rdn_attribute = as<std::string>(v); }},
      {"ldap", "uuid_attribute", Kind::string, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.uuid_attribute = as<std::string>(v); }},
      {"ldap", "email_attribute", Kind::string, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.email_attribute = as<std::string>(v); }},
      {"ldap", "first_name_attribute", Kind::string, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.first_name_attribute = as<std::string>(v); }},
      {"ldap", "last_name_attribute", Kind::string, {}, Check::attribute, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.last_name_attribute = as<std::string>(v); }},
      {"ldap", "groups_dn", Kind::string, {}, Check::dn_or_auto, 0, 0,
       [](C& c, const Value& v, const L&) { c.ldap.groups_dn = as<std::string>(v); }},
      {"ldap", "connect_timeout_ms", Kind::integer, {}, Check::none, 100, 600000,
       [](C& c, const Value& v, const L&) { c.ldap.connect_timeout_ms = as_int(v); }},
      {"ldap", "read_timeout_ms", Kind::integer, {}, Check::none, 100, 3600000,
       [](C& c, const Value& v, const L&) { c.ldap.read_timeout_ms = as_int(v); }},
      {"ldap", "sample_size", Kind::integer, {}, Check::none, 1, 100000,
       [](C& c, const Value& v, const L&) { c.ldap.sample_size = as_int(v); }},
      // [keycloak]
      {"keycloak", "url", Kind::string, {}, Check::http_url, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.url = as<std::string>(v); }},
      {"keycloak", "realm", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.realm = as<std::string>(v); }},
      {"keycloak", "auth_realm", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.auth_realm = as<std::string>(v); }},
      {"keycloak", "client_id", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.client_id = as<std::string>(v); }},
      {"keycloak", "client_secret", Kind::secret, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L& w) { c.keycloak.client_secret = secret(v, "[keycloak] client_secret", w); }},
      {"keycloak", "username", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.username = as<std::string>(v); }},
      {"keycloak", "password", Kind::secret, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L& w) { c.keycloak.password = secret(v, "[keycloak] password", w); }},
      {"keycloak", "ca_file", Kind::string, {}, Check::path, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.ca_file = as<std::string>(v); }},
      {"keycloak", "tls_verify", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.tls_verify = as<bool>(v); }},
      {"keycloak", "version", Kind::string, {}, Check::version, 0, 0,
       [](C& c, const Value& v, const L&) { c.keycloak.version = as<std::string>(v); }},
      {"keycloak", "timeout_ms", Kind::integer, {}, Check::none, 100, 600000,
       [](C& c, const Value& v, const L&) { c.keycloak.timeout_ms = as_int(v); }},
      // [federation]
      {"federation", "name", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.name = as<std::string>(v); }},
      {"federation", "enabled", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.enabled = as<bool>(v); }},
      {"federation", "edit_mode", Kind::string, {"READ_ONLY", "WRITABLE", "UNSYNCED"}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.edit_mode = as<std::string>(v); }},
      {"federation", "import_users", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.import_users = as<bool>(v); }},
      {"federation", "sync_registrations", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.sync_registrations = as<bool>(v); }},
      {"federation", "trust_email", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.trust_email = as<bool>(v); }},
      {"federation", "pagination", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.pagination = as<bool>(v); }},
      {"federation", "batch_size", Kind::integer, {}, Check::none, 1, 100000,
       [](C& c, const Value& v, const L&) { c.federation.batch_size = as_int(v); }},
      {"federation", "full_sync_period", Kind::integer, {}, Check::none, -1, 31536000,
       [](C& c, const Value& v, const L&) { c.federation.full_sync_period = as_int(v); }},
      {"federation", "changed_sync_period", Kind::integer, {}, Check::none, -1, 31536000,
       [](C& c, const Value& v, const L&) { c.federation.changed_sync_period = as_int(v); }},
      {"federation", "cache_policy", Kind::string, {"DEFAULT", "NO_CACHE", "EVICT_DAILY", "EVICT_WEEKLY", "MAX_LIFESPAN"},
       Check::none, 0, 0, [](C& c, const Value& v, const L&) { c.federation.cache_policy = as<std::string>(v); }},
      {"federation", "connection_pooling", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.connection_pooling = as<bool>(v); }},
      {"federation", "use_truststore_spi", Kind::string, {"always", "never", "ldapsOnly"}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.use_truststore_spi = as<std::string>(v); }},
      {"federation", "preset", Kind::string, {"none", "runai"}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.preset = as<std::string>(v); }},
      {"federation", "default_mappers", Kind::string, {"adopt", "keep", "delete"}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.default_mappers = as<std::string>(v); }},
      {"federation", "backup_dir", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.federation.backup_dir = as<std::string>(v); }},
      // [checks]
      {"checks", "timeout_s", Kind::integer, {}, Check::none, 1, 86400,
       [](C& c, const Value& v, const L&) { c.checks.timeout_s = as_int(v); }},
      {"checks", "sync", Kind::boolean, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.checks.sync = as<bool>(v); }},
      {"checks", "sample_users", Kind::integer, {}, Check::none, 0, 1000,
       [](C& c, const Value& v, const L&) { c.checks.sample_users = as_int(v); }},
      {"checks", "test_user", Kind::string, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L&) { c.checks.test_user = as<std::string>(v); }},
      {"checks", "test_password", Kind::secret, {}, Check::none, 0, 0,
       [](C& c, const Value& v, const L& w) { c.checks.test_password = secret(v, "[checks] test_password", w); }},
      // [restart]
      {"restart", "command", Kind::string_list, {}, Check::command, 0, 0,
       [](C& c, const Value& v, const L&) { c.restart.command = as_list(v); }},
      {"restart", "wait", Kind::string_list, {}, Check::command, 0, 0,
       [](C& c, const Value& v, const L&) { c.restart.wait = as_list(v); }},
      {"restart", "timeout_s", Kind::integer, {}, Check::none, 1, 86400,
       [](C& c, const Value& v, const L&) { c.restart.timeout_s = as_int(v); }},
  };
  return schema;
}

namespace {

// Group and role mappers share the membership keys; only the DN key and the retrieval strategies differ.
std::vector<MapperKeySpec> membership_mapper_keys(const std::string& dn_key, std::vector<std::string> strategies,
                                                  std::vector<MapperKeySpec> own_keys) {
  std::vector<MapperKeySpec> keys = {
      {dn_key, Kind::string, {}, Check::dn, true},
      {"name_attribute", Kind::string, {}, Check::attribute, false},
      {"object_classes", Kind::string_or_list, {}, Check::attribute, false},
      {"membership_attribute", Kind::string, {}, Check::attribute, false},
      {"membership_type", Kind::string, {"DN", "UID"}, Check::none, false},
      {"membership_user_attribute", Kind::string, {}, Check::attribute, false},
      {"filter", Kind::string, {}, Check::filter, false},
      {"mode", Kind::string, {"LDAP_ONLY", "IMPORT", "READ_ONLY"}, Check::none, false},
      {"retrieval_strategy", Kind::string, std::move(strategies), Check::none, false},
      {"member_of_attribute", Kind::string, {}, Check::attribute, false}};
  keys.insert(keys.end(), own_keys.begin(), own_keys.end());
  return keys;
}

}  // namespace

const std::vector<MapperTypeSpec>& mapper_schema() {
  static const std::vector<MapperTypeSpec> schema = {
      {"user-attribute",
       {{"user_attribute", Kind::string, {}, Check::none, true},
        {"ldap_attribute", Kind::string, {}, Check::attribute, true},
        {"read_only", Kind::boolean, {}, Check::none, false},
        {"always_read_from_ldap", Kind::boolean, {}, Check::none, false},
        {"mandatory", Kind::boolean, {}, Check::none, false},
        {"binary", Kind::boolean, {}, Check::none, false},
        {"default_value", Kind::string, {}, Check::none, false}}},
      {"full-name",
       {{"ldap_attribute", Kind::string, {}, Check::attribute, false},
        {"read_only", Kind::boolean, {}, Check::none, false},
        {"write_only", Kind::boolean, {}, Check::none, false}}},
      {"group", membership_mapper_keys("groups_dn",
                                       {"LOAD_GROUPS_BY_MEMBER_ATTRIBUTE", "GET_GROUPS_FROM_USER_MEMBEROF_ATTRIBUTE",
                                        "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY"},
                                       {{"preserve_inheritance", Kind::boolean, {}, Check::none, false},
                                        {"ignore_missing_groups", Kind::boolean, {}, Check::none, false},
                                        {"drop_non_existing_groups_during_sync", Kind::boolean, {}, Check::none, false},
                                        {"groups_path", Kind::string, {}, Check::none, false}})},
      {"role", membership_mapper_keys("roles_dn",
                                      {"LOAD_ROLES_BY_MEMBER_ATTRIBUTE", "GET_ROLES_FROM_USER_MEMBEROF_ATTRIBUTE",
                                       "LOAD_ROLES_BY_MEMBER_ATTRIBUTE_RECURSIVELY"},
                                      {{"use_realm_roles_mapping", Kind::boolean, {}, Check::none, false},
                                       {"client_id", Kind::string, {}, Check::none, false}})},
      {"hardcoded-role", {{"role", Kind::string, {}, Check::none, true}}},
      {"hardcoded-group", {{"group", Kind::string, {}, Check::none, true}}},
      {"hardcoded-attribute",
       {{"user_attribute", Kind::string, {}, Check::none, true}, {"value", Kind::string, {}, Check::none, true}}},
      {"msad-account-controls",
       {{"password_policy_hints", Kind::boolean, {}, Check::none, false},
        {"always_read_enabled_from_ldap", Kind::boolean, {}, Check::none, false}}},
  };
  return schema;
}

}  // namespace kcldap::config
