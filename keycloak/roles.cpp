#include "keycloak/roles.hpp"

#include <algorithm>

#include "common/base64.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

// All realm-management roles: what realm-admin and the master admin role expand to.
const std::vector<std::string>& all_management_roles() {
  static const std::vector<std::string> roles = {
      "create-client",    "impersonation",        "manage-authorization", "manage-clients", "manage-events",
      "manage-identity-providers", "manage-realm", "manage-users",        "query-clients",  "query-groups",
      "query-realms",     "query-users",          "view-authorization",   "view-clients",   "view-events",
      "view-identity-providers", "view-realm",    "view-users"};
  return roles;
}

void add_roles(const json& holder, std::set<std::string>& roles) {
  if (!holder.is_object() || !holder.contains("roles") || !holder["roles"].is_array()) return;
  for (const auto& role : holder["roles"]) {
    if (role.is_string()) roles.insert(role.get<std::string>());
  }
}

}  // namespace

std::vector<RoleNeed> roles_needed(const RoleFeatures& features) {
  std::vector<RoleNeed> needs = {
      {"view-realm", "read the realm and its components", {"view-realm", "manage-realm"}},
      {"manage-realm", "create and update the LDAP provider, run Keycloak's connection test", {"manage-realm"}},
  };
  if (features.sync) needs.push_back({"manage-users", "run the full sync after apply", {"manage-users"}});
  if (features.lookups) {
    needs.push_back({"query-users", "search users in the post-checks", {"query-users", "view-users", "manage-users"}});
    // With query-users alone Keycloak filters the results down to users the caller may view: none.
    needs.push_back({"view-users", "see the users those searches find", {"view-users", "manage-users"}});
  }
  return needs;
}

std::optional<json> decode_token_claims(const std::string& access_token) {
  const auto first_dot = access_token.find('.');
  if (first_dot == std::string::npos) return std::nullopt;
  const auto second_dot = access_token.find('.', first_dot + 1);
  if (second_dot == std::string::npos) return std::nullopt;
  const auto payload = decode_base64(access_token.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!payload) return std::nullopt;
  json claims = json::parse(*payload, nullptr, false);
  if (claims.is_discarded() || !claims.is_object()) return std::nullopt;
  return claims;
}

std::optional<std::set<std::string>> granted_roles(const json& claims, const std::string& realm, const std::string& token_realm) {
  if (!claims.is_object() || (!claims.contains("resource_access") && !claims.contains("realm_access"))) return std::nullopt;
  std::set<std::string> granted;
  const json resource_access = claims.value("resource_access", json::object());
  const std::string client = token_realm == realm ? "realm-management" : realm + "-realm";
  if (resource_access.is_object() && resource_access.contains(client)) add_roles(resource_access[client], granted);
  std::set<std::string> realm_roles;
  add_roles(claims.value("realm_access", json::object()), realm_roles);
  const bool master_admin = token_realm == "master" && realm_roles.count("admin") != 0;
  if (master_admin || granted.count("realm-admin") != 0) granted.insert(all_management_roles().begin(), all_management_roles().end());
  return granted;
}

std::vector<RoleNeed> missing_roles(const std::vector<RoleNeed>& needs, const std::set<std::string>& granted) {
  std::vector<RoleNeed> missing;
  for (const auto& need : needs) {
    const bool held = std::any_of(need.satisfied_by.begin(), need.satisfied_by.end(),
                                  [&](const std::string& role) { return granted.count(role) != 0; });
    if (!held) missing.push_back(need);
  }
  return missing;
}

}  // namespace kcldap::keycloak
