#include "keycloak/mapper_types.hpp"

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
      {"user-attribute", "user-attribute-ldap-mapper",
       {{"user_attribute", "user.model.attribute", V::text, {}, true},
        {"ldap_attribute", "ldap.attribute", V::attribute, {}, true},
        {"read_only", "read.only", V::boolean, {}, false},
        {"always_read_from_ldap", "always.read.value.from.ldap", V::boolean, {}, false},
        {"mandatory", "is.mandatory.in.ldap", V::boolean, {}, false},
        {"binary", "is.binary.attribute", V::boolean, {}, false},
        {"default_value", "attribute.default.value", V::text, {}, false}}},
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
                        {"groups_path", "groups.path", V::text, {}, false}})},
      {"role", "role-ldap-mapper",
       membership_keys("role",
                       {"LOAD_ROLES_BY_MEMBER_ATTRIBUTE", "GET_ROLES_FROM_USER_MEMBEROF_ATTRIBUTE",
                        "LOAD_ROLES_BY_MEMBER_ATTRIBUTE_RECURSIVELY"},
                       {{"use_realm_roles_mapping", "use.realm.roles.mapping", V::boolean, {}, false},
                        {"client_id", "client.id", V::text, {}, false}})},
      {"hardcoded-role", "hardcoded-ldap-role-mapper", {{"role", "role", V::text, {}, true}}},
      {"hardcoded-group", "hardcoded-ldap-group-mapper", {{"group", "group", V::text, {}, true}}},
      {"hardcoded-attribute", "hardcoded-attribute-mapper",
       {{"user_attribute", "user.model.attribute", V::text, {}, true}, {"value", "attribute.value", V::text, {}, true}}},
      {"msad-account-controls", "msad-user-account-control-mapper",
       {{"password_policy_hints", "ldap.password.policy.hints.enabled", V::boolean, {}, false},
        {"always_read_enabled_from_ldap", "always.read.enabled.value.from.ldap", V::boolean, {}, false}}},
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

}  // namespace kcldap::keycloak
