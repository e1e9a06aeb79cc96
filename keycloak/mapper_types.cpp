#include "keycloak/mapper_types.hpp"

#include <vector>

namespace kcldap::keycloak {
namespace {

struct MapperType {
  std::string type;
  std::string provider_id;
  std::map<std::string, std::string> keys;  // kcldap key -> Keycloak key
};

const std::vector<MapperType>& mapper_types() {
  static const std::map<std::string, std::string> membership = {
      {"membership_attribute", "membership.ldap.attribute"},
      {"membership_type", "membership.attribute.type"}, {"membership_user_attribute", "membership.user.ldap.attribute"},
      {"mode", "mode"}, {"retrieval_strategy", "user.roles.retrieve.strategy"},
      {"member_of_attribute", "memberof.ldap.attribute"}};
  const auto with = [](std::map<std::string, std::string> base, std::map<std::string, std::string> own) {
    base.insert(own.begin(), own.end());
    return base;
  };
  static const std::vector<MapperType> types = {
      {"user-attribute", "user-attribute-ldap-mapper",
       {{"user_attribute", "user.model.attribute"}, {"ldap_attribute", "ldap.attribute"}, {"read_only", "read.only"},
        {"always_read_from_ldap", "always.read.value.from.ldap"}, {"mandatory", "is.mandatory.in.ldap"},
        {"binary", "is.binary.attribute"}, {"default_value", "attribute.default.value"}}},
      {"full-name", "full-name-ldap-mapper",
       {{"ldap_attribute", "ldap.full.name.attribute"}, {"read_only", "read.only"}, {"write_only", "write.only"}}},
      {"group", "group-ldap-mapper",
       with(membership, {{"groups_dn", "groups.dn"}, {"name_attribute", "group.name.ldap.attribute"},
                         {"object_classes", "group.object.classes"}, {"filter", "groups.ldap.filter"},
                         {"preserve_inheritance", "preserve.group.inheritance"}, {"ignore_missing_groups", "ignore.missing.groups"},
                         {"drop_non_existing_groups_during_sync", "drop.non.existing.groups.during.sync"},
                         {"groups_path", "groups.path"}})},
      {"role", "role-ldap-mapper",
       with(membership, {{"roles_dn", "roles.dn"}, {"name_attribute", "role.name.ldap.attribute"},
                         {"object_classes", "role.object.classes"}, {"filter", "roles.ldap.filter"},
                         {"use_realm_roles_mapping", "use.realm.roles.mapping"}, {"client_id", "client.id"}})},
      {"hardcoded-role", "hardcoded-ldap-role-mapper", {{"role", "role"}}},
      {"hardcoded-group", "hardcoded-ldap-group-mapper", {{"group", "group"}}},
      {"hardcoded-attribute", "hardcoded-attribute-mapper", {{"user_attribute", "user.model.attribute"}, {"value", "attribute.value"}}},
      {"msad-account-controls", "msad-user-account-control-mapper",
       {{"password_policy_hints", "ldap.password.policy.hints.enabled"},
        {"always_read_enabled_from_ldap", "always.read.enabled.value.from.ldap"}}},
  };
  return types;
}

const MapperType* find_type(const std::string& type) {
  for (const auto& candidate : mapper_types()) {
    if (candidate.type == type) return &candidate;
  }
  return nullptr;
}

}  // namespace

std::string mapper_provider_id(const std::string& type) {
  const MapperType* found = find_type(type);
  return found == nullptr ? "" : found->provider_id;
}

std::optional<MapperSpec> translate_mapper(const std::string& name, const std::string& type,
                                           const std::map<std::string, std::string>& options, std::string* error) {
  const MapperType* found = find_type(type);
  if (found == nullptr) {
    *error = "mapper \"" + name + "\": unknown type \"" + type + "\"";
    return std::nullopt;
  }
  MapperSpec spec{name, found->provider_id, {}, false};
  for (const auto& [key, value] : options) {
    auto translated = found->keys.find(key);
    if (translated == found->keys.end()) {
      *error = "mapper \"" + name + "\": key " + key + " does not apply to type " + type;
      return std::nullopt;
    }
    spec.config[translated->second] = value;
  }
  return spec;
}

}  // namespace kcldap::keycloak
