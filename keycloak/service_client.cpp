#include "keycloak/service_client.hpp"

#include <algorithm>

#include "keycloak/http.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

// The managed fields and their wanted values (description aside).
const std::vector<std::pair<std::string, bool>>& wanted_flags() {
  static const std::vector<std::pair<std::string, bool>> flags = {
      {"enabled", true},           {"publicClient", false},        {"bearerOnly", false},
      {"serviceAccountsEnabled", true}, {"standardFlowEnabled", false}, {"implicitFlowEnabled", false},
      {"directAccessGrantsEnabled", false}};
  return flags;
}

std::string shown(const json& value) {
  if (value.is_null()) return "(unset)";
  return value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump();
}

Expected<std::string, ApiError> find_client_uuid(AdminClient& admin, const std::string& client_id, std::optional<json>* representation) {
  auto found = admin.get_json("/clients?clientId=" + url_escape(client_id), "look up client " + client_id);
  if (!found) return unexpected(found.error());
  for (const auto& client : *found) {
    if (client.value("clientId", "") == client_id) {
      if (representation != nullptr) *representation = client;
      return client.value("id", "");
    }
  }
  return std::string();
}

}  // namespace

std::string service_client_description() {
  return "kcldap: connects this realm to LDAP / Active Directory (user federation). Service account with the fewest "
         "realm-management roles kcldap needs; created by kcldap bootstrap-client.";
}

json wanted_client(const std::string& client_id, const std::string& description, const std::optional<json>& existing) {
  json client = existing ? *existing : json::object();
  client.erase("secret");  // never sent back: Keycloak keeps the current one
  client["clientId"] = client_id;
  client["protocol"] = "openid-connect";
  client["clientAuthenticatorType"] = "client-secret";
  client["description"] = description;
  for (const auto& [key, value] : wanted_flags()) client[key] = value;
  return client;
}

std::vector<std::string> client_setting_changes(const json& existing, const std::string& description) {
  std::vector<std::string> changes;
  for (const auto& [key, value] : wanted_flags()) {
    const json current = existing.contains(key) ? existing[key] : json();
    if (current != json(value)) changes.push_back(key + ": " + shown(current) + " -> " + json(value).dump());
  }
  if (existing.value("clientAuthenticatorType", "client-secret") != "client-secret") {
    changes.push_back("clientAuthenticatorType: " + shown(existing["clientAuthenticatorType"]) + " -> \"client-secret\"");
  }
  if (existing.value("description", "") != description) changes.push_back("description: " + shown(existing.value("description", json())) + " -> " + shown(description));
  return changes;
}

RoleDelta role_delta(const std::vector<RoleNeed>& needed, const std::set<std::string>& held_directly) {
  RoleDelta delta;
  std::set<std::string> wanted;
  for (const auto& need : needed) {
    wanted.insert(need.role);
    (held_directly.count(need.role) != 0 ? delta.present : delta.grant).push_back(need.role);
  }
  for (const auto& role : held_directly) {
    if (wanted.count(role) == 0) delta.extra.push_back(role);
  }
  return delta;
}

namespace {

// Create the client, or bring an existing one to the wanted settings (a write only when one differs).
Expected<Done, ApiError> ensure_client(AdminClient& admin, const ServiceClientRequest& request, ServiceClientResult& result) {
  auto uuid = find_client_uuid(admin, request.client_id, nullptr);
  if (!uuid) return unexpected(uuid.error());
  if (uuid->empty()) {
    result.created = true;
    if (request.read_only) return Done{};
    auto created = admin.call("POST", "/clients", "create client " + request.client_id, wanted_client(request.client_id, request.description, std::nullopt));
    if (!created) return unexpected(created.error());
    const std::string location = created->header("location");
    result.client_uuid = location.substr(location.find_last_of('/') + 1);
    return Done{};
  }
  result.client_uuid = *uuid;
  // The list may be brief (query-clients): read the full representation before comparing.
  auto full = admin.get_json("/clients/" + *uuid, "read client " + request.client_id);
  if (!full) return unexpected(full.error());
  result.settings_changed = client_setting_changes(*full, request.description);
  if (!result.settings_changed.empty() && !request.read_only) {
    auto updated = admin.call("PUT", "/clients/" + *uuid, "update client " + request.client_id, wanted_client(request.client_id, request.description, *full));
    if (!updated) return unexpected(updated.error());
  }
  return Done{};
}

// Records the service-account user's name; returns its id, which the role mappings are keyed by.
Expected<std::string, ApiError> read_service_account(AdminClient& admin, const ServiceClientRequest& request, ServiceClientResult& result) {
  auto account = admin.get_json("/clients/" + result.client_uuid + "/service-account-user", "read the service-account user of client " + request.client_id);
  if (!account) return unexpected(account.error());
  result.service_account_user = account->value("username", "service-account-" + request.client_id);
  return account->value("id", "");
}

std::set<std::string> role_names(const json& roles) {
  std::set<std::string> names;
  for (const auto& role : roles) names.insert(role.value("name", ""));
  return names;
}

// A role mapping needs each role's id as well as its name: look them up among realm-management's roles.
// A missing role means a Keycloak without the standard admin roles, not a wrong request.
Expected<json, ApiError> role_representations(AdminClient& admin, const std::string& management, const std::vector<std::string>& names) {
  auto available = admin.get_json("/clients/" + management + "/roles", "list the realm-management roles");
  if (!available) return unexpected(available.error());
  json grant = json::array();
  for (const auto& name : names) {
    const auto role = std::find_if(available->begin(), available->end(), [&](const json& r) { return r.value("name", "") == name; });
    if (role == available->end()) {
      return unexpected(ApiError{"grant " + name, "GET", "/clients/" + management + "/roles", 200, "",
                                 "realm-management has no role " + name, "check the Keycloak version; kcldap expects the standard admin roles"});
    }
    grant.push_back({{"id", (*role)["id"]}, {"name", name}});
  }
  return grant;
}

// Grant the realm-management roles the features need and the account lacks. Only direct mappings
// count, and nothing is revoked: extra roles are reported, not removed.
Expected<Done, ApiError> ensure_roles(AdminClient& admin, const ServiceClientRequest& request, const std::string& user_id,
                                      ServiceClientResult& result) {
  auto management = find_client_uuid(admin, "realm-management", nullptr);
  if (!management) return unexpected(management.error());
  const std::string mappings = "/users/" + user_id + "/role-mappings/clients/" + *management;
  auto held = admin.get_json(mappings, "read the realm-management roles of " + result.service_account_user);
  if (!held) return unexpected(held.error());
  const RoleDelta delta = role_delta(request.roles, role_names(*held));
  result.roles_present = delta.present;
  result.extra_roles = delta.extra;
  if (request.read_only) result.roles_granted = delta.grant;
  if (delta.grant.empty() || request.read_only) return Done{};
  auto grant = role_representations(admin, *management, delta.grant);
  if (!grant) return unexpected(grant.error());
  auto granted = admin.call("POST", mappings, "grant " + json(delta.grant).dump() + " to " + result.service_account_user, *grant);
  if (!granted) return unexpected(granted.error());
  result.roles_granted = delta.grant;
  return Done{};
}

// Grant the realm roles the request lists and the account lacks (direct mappings; none revoked).
Expected<Done, ApiError> ensure_realm_roles(AdminClient& admin, const ServiceClientRequest& request, const std::string& user_id,
                                            ServiceClientResult& result) {
  if (request.realm_roles.empty()) return Done{};
  const std::string mappings = "/users/" + user_id + "/role-mappings/realm";
  auto held = admin.get_json(mappings, "read the realm roles of " + result.service_account_user);
  if (!held) return unexpected(held.error());
  const std::set<std::string> names = role_names(*held);
  json grant = json::array();
  for (const auto& role : request.realm_roles) {
    if (names.count(role) != 0) {
      result.realm_roles_present.push_back(role);
      continue;
    }
    result.realm_roles_granted.push_back(role);
    if (request.read_only) continue;
    auto found = admin.get_json("/roles/" + url_escape(role), "read realm role " + role);
    if (!found) {
      ApiError error = found.error();
      if (error.status == 404) error.remedy = "create realm role " + role + " first, or remove it from realm_roles";
      return unexpected(error);
    }
    grant.push_back({{"id", found->value("id", "")}, {"name", role}});
  }
  if (grant.empty()) return Done{};
  auto granted = admin.call("POST", mappings, "grant realm roles " + json(result.realm_roles_granted).dump() + " to " + result.service_account_user, grant);
  if (!granted) return unexpected(granted.error());
  return Done{};
}

ServiceClientRequest with_kcldap_description(ServiceClientRequest request) {
  request.description = service_client_description();
  return request;
}

// Read the secret, or have Keycloak generate a new one. The value goes into the result only, never
// into an error.
Expected<Done, ApiError> fetch_secret(AdminClient& admin, const ServiceClientRequest& request, ServiceClientResult& result) {
  if (request.read_only) {
    result.secret_rotated = request.rotate_secret;
    return Done{};
  }
  const std::string secret_path = "/clients/" + result.client_uuid + "/client-secret";
  auto secret = request.rotate_secret ? admin.call("POST", secret_path, "regenerate the secret of client " + request.client_id)
                                      : admin.call("GET", secret_path, "read the secret of client " + request.client_id);
  if (!secret) return unexpected(secret.error());
  const json body = json::parse(secret->body, nullptr, false);
  result.secret = body.is_object() ? body.value("value", "") : "";
  result.secret_rotated = request.rotate_secret;
  if (result.secret.empty()) {
    return unexpected(ApiError{"read the secret of client " + request.client_id, "GET", secret_path, secret->status, "",
                               "Keycloak returned no secret", "check that the client is confidential (client authentication on)"});
  }
  return Done{};
}

}  // namespace

// The client, its service account, the account's roles, the secret: each step needs what the one
// before learned (the client's uuid, the account's id), and the first failure stops the run.
Expected<ServiceClientResult, ApiError> ensure_service_client(AdminClient& admin, const ServiceClientRequest& request) {
  ServiceClientResult result;
  if (request.description.empty()) return ensure_service_client(admin, with_kcldap_description(request));
  if (auto client = ensure_client(admin, request, result); !client) return unexpected(client.error());
  if (result.created && request.read_only) {  // nothing to read: everything would be new
    for (const auto& need : request.roles) result.roles_granted.push_back(need.role);
    result.realm_roles_granted = request.realm_roles;
    result.secret_rotated = false;
    return result;
  }
  auto user_id = read_service_account(admin, request, result);
  if (!user_id) return unexpected(user_id.error());
  if (auto roles = ensure_roles(admin, request, *user_id, result); !roles) return unexpected(roles.error());
  if (auto realm = ensure_realm_roles(admin, request, *user_id, result); !realm) return unexpected(realm.error());
  if (auto secret = fetch_secret(admin, request, result); !secret) return unexpected(secret.error());
  return result;
}

}  // namespace kcldap::keycloak
