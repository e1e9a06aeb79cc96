#include "keycloak/held_roles.hpp"

#include "keycloak/http.hpp"
#include "keycloak/roles.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

// The id of the first element of `list` whose `key` equals `value`, or "".
std::string id_where(const json& list, const std::string& key, const std::string& value) {
  if (!list.is_array()) return "";
  for (const auto& item : list) {
    if (item.is_object() && item.value(key, "") == value) return item.value("id", "");
  }
  return "";
}

HeldRoles from_role_mappings(AdminClient& client) {
  const std::string home = client.token_realm();
  const std::string username = client.identity_username();
  const std::string holder = home == client.realm() ? "realm-management" : client.realm() + "-realm";
  const auto unknown = [](const std::string& why) { return HeldRoles{std::nullopt, why}; };
  auto users = client.get_json_in(home, "/users?exact=true&briefRepresentation=true&username=" + url_escape(username),
                                  "look up " + username + " in realm " + home);
  if (!users) return unknown("its token carries no role claims, and its role mappings cannot be read (" + users.error().cause + ")");
  const std::string user_id = id_where(*users, "username", username);
  if (user_id.empty()) return unknown("its token carries no role claims, and user " + username + " is not found in realm " + home);
  auto clients = client.get_json_in(home, "/clients?clientId=" + url_escape(holder), "look up client " + holder + " in realm " + home);
  if (!clients) return unknown("its token carries no role claims, and client " + holder + " cannot be read (" + clients.error().cause + ")");
  const std::string client_id = id_where(*clients, "clientId", holder);
  if (client_id.empty()) return unknown("its token carries no role claims, and realm " + home + " has no client " + holder);
  auto mapped = client.get_json_in(home, "/users/" + url_escape(user_id) + "/role-mappings/clients/" + url_escape(client_id) + "/composite",
                                   "read the roles of " + username + " on " + holder);
  if (!mapped || !mapped->is_array()) {
    return unknown("its token carries no role claims, and its role mappings cannot be read" + (mapped ? "" : " (" + mapped.error().cause + ")"));
  }
  // The effective (composite-expanded) roles, in the shape of a token claim, so one rule reads both.
  json names = json::array();
  for (const auto& role : *mapped) names.push_back(role.value("name", ""));
  const json claims = {{"resource_access", {{holder, {{"roles", names}}}}}};
  return {granted_roles(claims, client.realm(), home), "its role mappings (its token carries no role claims)"};
}

}  // namespace

HeldRoles held_roles(AdminClient& client) {
  if (const auto& claims = client.token_claims()) {
    if (auto roles = granted_roles(*claims, client.realm(), client.token_realm())) return {std::move(roles), "its access token"};
  }
  return from_role_mappings(client);
}

}  // namespace kcldap::keycloak
