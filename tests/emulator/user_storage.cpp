// Keycloak emulator (test-only): the LDAP test endpoints (testLDAPConnection, ldap-server-capabilities)
// and the user-storage endpoints (full and changed-users sync, mapper sync, the provider's name,
// removing and unlinking imported users); the directory work itself is the LdapBridge's.
#include <algorithm>
#include <cctype>

#include "emulator/emulator.hpp"
#include "emulator/ldap_bridge.hpp"
#include "emulator/util.hpp"
#include "common/text.hpp"

namespace kcldap::emulator {

using nlohmann::json;

Reply Emulator::test_ldap_connection(const Caller& caller, const std::string& realm, const Params& fields, bool json_body) {
  // The JSON variant had no permission check before 24.0.5 (GHSA-2cww-fgmg-4jqc).
  if (!json_body || state_.profile.json_test_needs_manage_realm()) {
    if (auto refused = require(caller, "manage-realm")) return *refused;
  }
  return LdapBridge(*this, *state_.realm(realm)).test(fields, json_body, false);
}

Reply Emulator::ldap_capabilities(const Caller& caller, const std::string& realm, const Params& fields) {
  if (auto refused = require(caller, "manage-realm")) return *refused;
  return LdapBridge(*this, *state_.realm(realm)).test(fields, true, true);
}

Reply Emulator::sync(const Caller& caller, const std::string& realm_name, const std::string& id, const Params& query) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  Component* component = find_component(realm, id);
  if (component == nullptr) return Reply::error(404, "Could not find component");
  if (component->provider_type != "org.keycloak.storage.UserStorageProvider") {
    return Reply::error(404, "found, but not a UserStorageProvider");
  }
  const auto action = query.find("action");
  if (action == query.end()) return Reply::error(400, "Missing action");
  if (action->second != "triggerFullSync" && action->second != "triggerChangedUsersSync") {
    return Reply::error(400, "Unknown action: " + action->second);
  }
  Reply reply = LdapBridge(*this, realm).sync(*component, action->second == "triggerChangedUsersSync");
  if (reply.status == 200) {
    record_event(realm, caller, "ACTION", "REALM", "user-storage/" + id + "/sync",
                 nlohmann::json{{"result", nlohmann::json::parse(reply.body)}, {"action", action->second}});
  }
  return reply;
}

Reply Emulator::sync_mapper(const Caller& caller, const std::string& realm_name, const std::string& parent,
                            const std::string& mapper_id, const Params& query) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Component* provider = find_component(realm, parent);
  if (provider == nullptr) return Reply::error(404, "Could not find component");
  const Component* mapper = find_component(realm, mapper_id);
  if (mapper == nullptr || mapper->parent_id != parent) return Reply::error(404, "Mapper model not found");
  // Keycloak's message names Java's null when the parameter is absent.
  const auto direction = query.find("direction");
  if (direction == query.end()) return Reply::error(400, "Unknown direction: null");
  if (direction->second != "fedToKeycloak" && direction->second != "keycloakToFed") {
    return Reply::error(400, "Unknown direction: " + direction->second);
  }
  const Component provider_copy = *provider;
  const Component mapper_copy = *mapper;
  Reply reply = LdapBridge(*this, realm).sync_groups(provider_copy, mapper_copy, direction->second);
  if (reply.status == 200) {
    record_event(realm, caller, "ACTION", "REALM", "user-storage/" + parent + "/mappers/" + mapper_id + "/sync",
                 nlohmann::json{{"result", nlohmann::json::parse(reply.body)}, {"action", direction->second}});
  }
  return reply;
}

Reply Emulator::storage_name(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "query-users")) return *refused;
  const Component* component = find_component(*state_.realm(realm_name), id);
  if (component == nullptr) return Reply::error(404, "Could not find component");
  return Reply::json(200, {{"id", component->id}, {"name", component->name}});
}

Reply Emulator::remove_imported_users(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (find_component(realm, id) == nullptr) return Reply::error(404, "Could not find component");
  std::set<std::string> removed;
  for (const auto& user : realm.users) {
    if (user.federation_link == id) removed.insert(user.id);
  }
  std::erase_if(realm.users, [&](const User& user) { return removed.count(user.id) != 0; });
  for (auto& group : realm.groups) std::erase_if(group.member_ids, [&](const std::string& user) { return removed.count(user) != 0; });
  return Reply::empty(204);  // Keycloak records no admin event for it
}

Reply Emulator::unlink_users(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (find_component(realm, id) == nullptr) return Reply::error(404, "Could not find component");
  // The users stay, as local users: the link and the attributes the provider put there go.
  for (auto& user : realm.users) {
    if (user.federation_link != id) continue;
    user.federation_link.clear();
    user.attributes.clear();
  }
  return Reply::empty(204);  // Keycloak records no admin event for it
}

}  // namespace kcldap::emulator
