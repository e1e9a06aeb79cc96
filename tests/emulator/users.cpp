// Keycloak emulator (test-only): the user-storage and users endpoints, which reach the directory
// through the LdapBridge, and the test-only state dump.
#include <algorithm>
#include <cctype>

#include "emulator/emulator.hpp"
#include "emulator/ldap_bridge.hpp"
#include "emulator/util.hpp"
#include "ldap/text.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

bool matches(const std::string& value, const std::string& wanted, bool exact) {
  if (wanted.empty()) return true;
  return exact ? ldap::lowercase(value) == ldap::lowercase(wanted) : ldap::lowercase(value).find(ldap::lowercase(wanted)) != std::string::npos;
}

bool matches_query(const User& user, const Params& query) {
  const bool exact = param(query, "exact") == "true";
  const std::string search = param(query, "search");
  if (search.rfind("id:", 0) == 0) return user.id == search.substr(3);
  if (!search.empty() && search != "*") {
    std::string text = search;
    std::erase(text, '"');
    std::erase(text, '*');
    if (!(matches(user.username, text, false) || matches(user.email, text, false) ||
          matches(user.first_name, text, false) || matches(user.last_name, text, false))) {
      return false;
    }
  }
  if (!matches(user.username, param(query, "username"), exact)) return false;
  if (!matches(user.email, param(query, "email"), exact)) return false;
  if (!matches(user.first_name, param(query, "firstName"), exact)) return false;
  if (!matches(user.last_name, param(query, "lastName"), exact)) return false;
  const std::string enabled = param(query, "enabled");
  if (!enabled.empty() && (enabled == "true") != user.enabled) return false;
  return true;
}

}  // namespace

json Emulator::user_json(const User& user, bool brief) const {
  json out = {{"id", user.id},
              {"username", user.username},
              {"enabled", user.enabled},
              {"emailVerified", user.email_verified},
              {"createdTimestamp", user.created_ms},
              {"totp", false},
              {"disableableCredentialTypes", json::array()},
              {"requiredActions", json::array()},
              {"notBefore", 0}};
  // Jackson's NON_NULL inclusion: a user without an email has no "email" key at all.
  if (!user.email.empty()) out["email"] = user.email;
  if (!user.first_name.empty()) out["firstName"] = user.first_name;
  if (!user.last_name.empty()) out["lastName"] = user.last_name;
  if (!user.federation_link.empty()) out["federationLink"] = user.federation_link;
  if (!brief && !user.attributes.empty()) out["attributes"] = user.attributes;
  return out;
}

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
  return LdapBridge(*this, realm).sync(*component, action->second == "triggerChangedUsersSync");
}

Reply Emulator::sync_mapper(const Caller& caller, const std::string& realm_name, const std::string& parent,
                            const std::string& mapper_id, const Params& query) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Component* provider = find_component(realm, parent);
  const Component* mapper = find_component(realm, mapper_id);
  if (provider == nullptr || mapper == nullptr || mapper->parent_id != parent) return Reply::error(404, "Could not find component");
  const std::string direction = param(query, "direction", "fedToKeycloak");
  if (direction != "fedToKeycloak" && direction != "keycloakToFed") return Reply::error(400, "Unknown direction: " + direction);
  const Component provider_copy = *provider;
  const Component mapper_copy = *mapper;
  return LdapBridge(*this, realm).sync_groups(provider_copy, mapper_copy, direction);
}

Reply Emulator::storage_name(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "query-users")) return *refused;
  const Component* component = find_component(*state_.realm(realm_name), id);
  if (component == nullptr) return Reply::error(404, "Could not find component");
  return Reply::json(200, {{"id", component->id}, {"name", component->name}});
}

namespace {

std::vector<User> matching_users(Realm& realm, LdapBridge& bridge, const Params& query) {
  const std::size_t wanted = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "first", "0").c_str()))) +
                             static_cast<std::size_t>(std::max(0, std::atoi(param(query, "max", "100").c_str())));
  // Directory users first: with import on they land in the realm's user store as Keycloak imports them.
  std::vector<User> from_directory = bridge.search_users(query, std::max<std::size_t>(wanted, 1));
  std::vector<User> out;
  for (const auto& user : realm.users) {
    if (matches_query(user, query)) out.push_back(user);
  }
  for (auto& user : from_directory) {
    const bool known = std::any_of(out.begin(), out.end(), [&](const User& u) { return u.username == user.username; });
    if (!known && matches_query(user, query)) out.push_back(std::move(user));
  }
  std::stable_sort(out.begin(), out.end(), [](const User& a, const User& b) { return a.username < b.username; });
  return out;
}

}  // namespace

Reply Emulator::list_users(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"query-users", "view-users"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  LdapBridge bridge(*this, realm);
  const auto users = matching_users(realm, bridge, query);
  const auto first = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "first", "0").c_str())));
  const auto max = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "max", "100").c_str())));
  const bool brief = param(query, "briefRepresentation") == "true";
  json out = json::array();
  for (std::size_t i = first; i < users.size() && out.size() < max; ++i) out.push_back(user_json(users[i], brief));
  return Reply::json(200, out);
}

Reply Emulator::count_users(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"query-users", "view-users"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  LdapBridge bridge(*this, realm);
  Params unlimited = query;
  unlimited["max"] = "100000";
  return Reply::json(200, matching_users(realm, bridge, unlimited).size());
}

json Emulator::dump_state() {
  json realms = json::array();
  for (const auto& realm : state_.realms) {
    json components = json::array();
    for (const auto& c : realm.components) {
      json item = {{"id", c.id}, {"name", c.name}, {"providerId", c.provider_id}, {"providerType", c.provider_type},
                   {"parentId", c.parent_id}, {"config", c.config}};
      components.push_back(item);
    }
    json users = json::array();
    for (const auto& user : realm.users) users.push_back(user_json(user, false));
    json clients = json::array();
    for (const auto& client : realm.clients) {
      json item = client_json(realm, client, true);
      item["serviceAccountRoles"] = client.service_account_roles;
      clients.push_back(item);
    }
    realms.push_back({{"id", realm.id}, {"realm", realm.name}, {"components", components}, {"users", users},
                      {"groups", realm.groups}, {"clients", clients}});
  }
  return {{"version", state_.profile.version.to_string()}, {"realms", realms}};
}

}  // namespace kcldap::emulator
