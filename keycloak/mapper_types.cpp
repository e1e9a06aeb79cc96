#include "keycloak/mapper_types.hpp"

#include <algorithm>

namespace kcldap::keycloak {
namespace {

using V = MapperValue;

// Group and role mappers share the membership keys; the DN, name, class and filter keys carry the kind.
std::vector<MapperKey> membership_keys(const std::string& kind, std::vector<std::string> strategies, std::vector<MapperKey> own) {
  std::vector<MapperKey> keys = {
      {kind + "s_dn", kind + "s.dn", V::dn, {}, true},
      {"name_attribute", kind + ".name.ldap.attribute", V::attribute, {}, false},
      {"object_classes", kind + ".object.classes", V::attribute_list, {}, false},
      {"membership_attribute", "membership.ldap.attribute", V::attribute, {}, false},
      {"membership_type", "membership.attribute.type", V::text, {"DN", "UID"}, false},
      {"membership_user_attribute", "membership.user.ldap.attribute", V::attribute, {}, false},
      {"filter", kind + "s.ldap.filter", V::filter, {}, false},
      {"mode", "mode", V::text, {"LDAP_ONLY", "IMPORT", "READ_ONLY"}, false},
      {"retrieval_strategy", "user.roles.retrieve.strategy", V::text, std::move(strategies), false},
      {"member_of_attribute", "memberof.ldap.attribute", V::attribute, {}, false}};
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

// The user-attribute mapper's keys; the certificate mapper has them too, plus its own.
std::vector<MapperKey> user_attribute_keys(std::vector<MapperKey> own) {
  std::vector<MapperKey> keys = {{"user_attribute", "user.model.attribute", V::text, {}, true},
                                 {"ldap_attribute", "ldap.attribute", V::attribute, {}, true},
                                 {"read_only", "read.only", V::boolean, {}, false},
                                 {"always_read_from_ldap", "always.read.value.from.ldap", V::boolean, {}, false},
                                 {"mandatory", "is.mandatory.in.ldap", V::boolean, {}, false},
                                 {"binary", "is.binary.attribute", V::boolean, {}, false},
                                 {"default_value", "attribute.default.value", V::text, {}, false},
                                 {"force_default", "attribute.force.default", V::boolean, {}, false}};
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

}  // namespace

const MapperKey* MapperType::find_key(const std::string& wanted) const {
  for (const auto& candidate : keys) {
    if (candidate.key == wanted) return &candidate;
  }
  return nullptr;
}

const MapperKey* MapperType::find_keycloak_key(const std::string& wanted) const {
  for (const auto& candidate : keys) {
    if (candidate.keycloak_key == wanted) return &candidate;
  }
  return nullptr;
}

const std::vector<MapperType>& mapper_types() {
  static const std::vector<MapperType> types = {
      {"user-attribute", "user-attribute-ldap-mapper", user_attribute_keys({})},
      {"full-name", "full-name-ldap-mapper",
       {{"ldap_attribute", "ldap.full.name.attribute", V::attribute, {}, false},
        {"read_only", "read.only", V::boolean, {}, false},
        {"write_only", "write.only", V::boolean, {}, false}}},
      {"group", "group-ldap-mapper",
       membership_keys("group",
                       {"LOAD_GROUPS_BY_MEMBER_ATTRIBUTE", "GET_GROUPS_FROM_USER_MEMBEROF_ATTRIBUTE",
                        "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY"},
                       {{"preserve_inheritance", "preserve.group.inheritance", V::boolean, {}, false},
                        {"ignore_missing_groups", "ignore.missing.groups", V::boolean, {}, false},
                        {"drop_non_existing_groups_during_sync", "drop.non.existing.groups.during.sync", V::boolean, {}, false},
                        {"groups_path", "groups.path", V::text, {}, false},
                        {"mapped_attributes", "mapped.group.attributes", V::attribute_list, {}, false},
                        {"relative_create_dn", "groups.relative.create.dn", V::dn, {}, false}})},
      {"role", "role-ldap-mapper",
       membership_keys("role",
                       {"LOAD_ROLES_BY_MEMBER_ATTRIBUTE", "GET_ROLES_FROM_USER_MEMBEROF_ATTRIBUTE",
                        "LOAD_ROLES_BY_MEMBER_ATTRIBUTE_RECURSIVELY"},
                       {{"use_realm_roles_mapping", "use.realm.roles.mapping", V::boolean, {}, false},
                        {"client_id", "client.id", V::text, {}, false},
                        {"relative_create_dn", "roles.relative.create.dn", V::dn, {}, false}})},
      {"hardcoded-role", "hardcoded-ldap-role-mapper", {{"role", "role", V::text, {}, true}}},
      {"hardcoded-group", "hardcoded-ldap-group-mapper", {{"group", "group", V::text, {}, true}}},
      {"hardcoded-attribute", "hardcoded-attribute-mapper",
       {{"user_attribute", "user.model.attribute", V::text, {}, true}, {"value", "attribute.value", V::text, {}, true}}},
      {"msad-account-controls", "msad-user-account-control-mapper",
       {{"password_policy_hints", "ldap.password.policy.hints.enabled", V::boolean, {}, false},
        {"always_read_enabled_from_ldap", "always.read.enabled.value.from.ldap", V::boolean, {}, false}}},
      {"msad-lds-account-controls", "msad-lds-user-account-control-mapper",
       {{"always_read_enabled_from_ldap", "always.read.enabled.value.from.ldap", V::boolean, {}, false}}},
      {"certificate", "certificate-ldap-mapper", user_attribute_keys({{"der_formatted", "is.der.formatted", V::boolean, {}, false}})},
      {"hardcoded-ldap-attribute", "hardcoded-ldap-attribute-mapper",
       {{"ldap_attribute", "ldap.attribute.name", V::attribute, {}, true}, {"value", "ldap.attribute.value", V::text, {}, true}}},
      {"kerberos-principal", "kerberos-principal-attribute-mapper", {}},
  };
  return types;
}

const MapperType* find_mapper_type(const std::string& type) {
  for (const auto& candidate : mapper_types()) {
    if (candidate.type == type) return &candidate;
  }
  return nullptr;
}

const MapperType* find_mapper_type_by_provider(const std::string& provider_id) {
  for (const auto& candidate : mapper_types()) {
    if (candidate.provider_id == provider_id) return &candidate;
  }
  return nullptr;
}

std::string mapper_provider_id(const std::string& type) {
  const MapperType* found = find_mapper_type(type);
  return found == nullptr ? "" : found->provider_id;
}

std::optional<MapperSpec> translate_mapper(const std::string& name, const std::string& type,
                                           const std::map<std::string, std::string>& options, std::string* error) {
  const MapperType* found = find_mapper_type(type);
  if (found == nullptr) {
    *error = "mapper \"" + name + "\": unknown type \"" + type + "\"";
    return std::nullopt;
  }
  MapperSpec spec{name, found->provider_id, {}, false};
  for (const auto& [key, value] : options) {
    const MapperKey* translated = found->find_key(key);
    if (translated == nullptr) {
      *error = "mapper \"" + name + "\": key " + key + " does not apply to type " + type;
      return std::nullopt;
    }
    spec.config[translated->keycloak_key] = value;
  }
  return spec;
}

std::optional<std::string> mapper_runtime_default(const std::string& provider_id, const std::string& keycloak_key, bool active_directory) {
  const bool group = provider_id == "group-ldap-mapper";
  if (!group && provider_id != "role-ldap-mapper") return std::nullopt;
  if (keycloak_key == "membership.ldap.attribute") return "member";
  if (keycloak_key == "membership.attribute.type") return "DN";
  if (keycloak_key == "memberof.ldap.attribute") return "memberOf";
  if (!group) return std::nullopt;
  if (keycloak_key == "group.name.ldap.attribute") return "cn";
  if (keycloak_key == "group.object.classes") return std::string(active_directory ? "group" : "groupOfNames");
  if (keycloak_key == "user.roles.retrieve.strategy") return "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE";
  return std::nullopt;
}

std::vector<std::string> name_set(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t");
    if (first != std::string::npos) items.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
    start = end + 1;
  }
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

bool same_mapper_value(const std::string& provider_id, const std::string& keycloak_key, const std::string& a, const std::string& b) {
  if (a == b) return true;
  const MapperType* type = find_mapper_type_by_provider(provider_id);
  const MapperKey* key = type == nullptr ? nullptr : type->find_keycloak_key(keycloak_key);
  return key != nullptr && key->value == MapperValue::attribute_list && name_set(a) == name_set(b);
}

}  // namespace kcldap::keycloak
