// Keycloak emulator (test-only): clients (create, read, update, find by clientId), their secrets
// (read, regenerate) and service-account users, and the realm-management client-role mappings of users
// and service accounts, with Keycloak's permission rules: listing needs view-/query-clients, writing
// manage-clients, mapping roles manage-users plus, for each admin role, the same power (an admin cannot
// hand out a right it does not have; realm-admin only a master admin can grant).
#include <algorithm>
#include <random>

#include "emulator/emulator.hpp"
#include "emulator/util.hpp"

namespace kcldap::emulator {

using nlohmann::json;

std::vector<std::string> realm_management_roles(const Profile& profile) {
  std::vector<std::string> roles = {
      "create-client", "impersonation", "manage-authorization", "manage-clients", "manage-events", "manage-identity-providers",
      "manage-realm", "manage-users", "query-clients", "query-groups", "query-realms", "query-users", "realm-admin",
      "view-authorization", "view-clients", "view-events", "view-identity-providers", "view-realm", "view-users"};
  if (profile.organization_admin_roles()) roles.insert(roles.end(), {"manage-organizations", "query-organizations", "view-organizations"});
  return roles;
}

// The realm-management roles a set of granted roles expands to: Keycloak puts composite roles' members
// into the token too (realm-admin holds them all; view-users holds query-users and query-groups).
std::set<std::string> expand_composites(const std::set<std::string>& granted, const Profile& profile) {
  const std::vector<std::string> all = realm_management_roles(profile);
  std::set<std::string> out = granted;
  if (granted.count("realm-admin") != 0) out.insert(all.begin(), all.end());
  if (out.count("view-users") != 0) out.insert({"query-users", "query-groups"});
  if (out.count("view-clients") != 0) out.insert("query-clients");
  if (out.count("view-organizations") != 0) out.insert("query-organizations");
  return out;
}

namespace {

std::string generate_secret() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string secret;
  for (int i = 0; i < 32; ++i) secret.push_back(kAlphabet[random() % 62]);
  return secret;
}

// The realm-management roles held directly by a user or a client's service-account user (nullptr: no
// such user). A realm user without any gets an empty set.
std::set<std::string>* held_roles(Realm& realm, const std::string& user_id) {
  for (auto& client : realm.clients) {
    if (!client.service_account_user_id.empty() && client.service_account_user_id == user_id) return &client.service_account_roles;
  }
  for (const auto& user : realm.users) {
    if (user.id == user_id) return &realm.user_management_roles[user.id];
  }
  return nullptr;
}

Client* find_client(Realm& realm, const std::string& id) {
  for (auto& client : realm.clients) {
    if (client.id == id) return &client;
  }
  return nullptr;
}

bool flag(const json& body, const char* key, bool fallback) {
  return body.contains(key) && body[key].is_boolean() ? body[key].get<bool>() : fallback;
}

json role_json(const Realm& realm, const std::string& name) {
  const bool composite = name == "realm-admin" || name == "view-users" || name == "view-clients" || name == "view-organizations";
  return {{"id", realm.management_role_ids.at(name)}, {"name", name}, {"description", "${role_" + name + "}"},
          {"composite", composite}, {"clientRole", true}, {"containerId", realm.realm_management_id}};
}

// The settings a create or update takes from a ClientRepresentation (absent fields keep their value).
void apply_representation(Client& client, const json& body, bool created) {
  if (body.contains("description") && body["description"].is_string()) client.description = body["description"].get<std::string>();
  client.standard_flow = flag(body, "standardFlowEnabled", client.standard_flow);
  client.implicit_flow = flag(body, "implicitFlowEnabled", client.implicit_flow);
  client.direct_access = flag(body, "directAccessGrantsEnabled", client.direct_access);
  client.service_accounts = flag(body, "serviceAccountsEnabled", client.service_accounts);
  const bool public_client = flag(body, "publicClient", created ? false : client.secret.empty());
  if (public_client) {
    client.secret.clear();
  } else if (body.contains("secret") && body["secret"].is_string() && !body["secret"].get<std::string>().empty()) {
    client.secret = body["secret"].get<std::string>();
  } else if (client.secret.empty()) {
    client.secret = generate_secret();  // Keycloak generates one for a confidential client
  }
  // Keycloak creates the service-account user the first time service accounts are turned on.
  if (client.service_accounts && client.service_account_user_id.empty()) client.service_account_user_id = random_uuid();
}

}  // namespace

json Emulator::client_json(const Realm& realm, const Client& client, bool full) const {
  json out = {{"id", client.id}, {"clientId", client.client_id}};
  if (!full) return out;
  (void)realm;
  out["name"] = "";
  out["description"] = client.description;
  out["enabled"] = true;
  out["protocol"] = "openid-connect";
  out["publicClient"] = client.secret.empty();
  out["bearerOnly"] = false;
  out["clientAuthenticatorType"] = "client-secret";
  out["standardFlowEnabled"] = client.standard_flow;
  out["implicitFlowEnabled"] = client.implicit_flow;
  out["directAccessGrantsEnabled"] = client.direct_access;
  out["serviceAccountsEnabled"] = client.service_accounts;
  // Keycloak includes the secret of a confidential client in its representation, to whoever may view it.
  if (!client.secret.empty()) out["secret"] = client.secret;
  return out;
}

Reply Emulator::list_clients(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"view-clients", "query-clients"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const bool full = has_role(caller, "view-clients");
  const std::string wanted = param(query, "clientId");
  const bool search = param(query, "search") == "true";
  json out = json::array();
  const auto matches = [&](const std::string& client_id) {
    if (wanted.empty()) return true;
    return search ? client_id.find(wanted) != std::string::npos : client_id == wanted;
  };
  if (matches("realm-management")) {
    json management = {{"id", realm.realm_management_id}, {"clientId", "realm-management"}};
    if (full) management.update({{"name", "${client_realm-management}"}, {"enabled", true}, {"bearerOnly", true}, {"publicClient", false}});
    out.push_back(management);
  }
  for (const auto& client : realm.clients) {
    if (matches(client.client_id)) out.push_back(client_json(realm, client, full));
  }
  return Reply::json(200, out);
}

Reply Emulator::create_client(const Caller& caller, const std::string& realm_name, const std::string& body_text,
                              const std::string& request_url) {
  if (auto refused = require_any(caller, {"manage-clients", "create-client"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string client_id = body.value("clientId", "");
  if (client_id.empty()) return Reply::error_message(400, "Client id is required");
  if (client_id == "realm-management" ||
      std::any_of(realm.clients.begin(), realm.clients.end(), [&](const Client& c) { return c.client_id == client_id; })) {
    return Reply::error_message(409, "Client " + client_id + " already exists");
  }
  Client client;
  client.client_id = client_id;
  client.id = body.contains("id") && body["id"].is_string() ? body["id"].get<std::string>() : random_uuid();
  apply_representation(client, body, true);
  realm.clients.push_back(client);
  json representation = body;
  representation["id"] = client.id;
  record_event(realm, caller, "CREATE", "CLIENT", "clients/" + client.id, representation);
  Reply reply = Reply::empty(201);
  reply.headers["Location"] = request_url + "/" + client.id;
  return reply;
}

Reply Emulator::get_client(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "view-clients")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Client* client = find_client(realm, id);
  if (client == nullptr) return Reply::error(404, "Could not find client");
  return Reply::json(200, client_json(realm, *client, true));
}

Reply Emulator::update_client(const Caller& caller, const std::string& realm_name, const std::string& id, const std::string& body_text) {
  if (auto refused = require(caller, "manage-clients")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  Client* client = find_client(realm, id);
  if (client == nullptr) return Reply::error(404, "Could not find client");
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  if (body.contains("clientId") && body["clientId"] != client->client_id) {
    const std::string renamed = body["clientId"].get<std::string>();
    if (std::any_of(realm.clients.begin(), realm.clients.end(), [&](const Client& c) { return c.client_id == renamed; })) {
      return Reply::error_message(409, "Client " + renamed + " already exists");
    }
    client->client_id = renamed;
  }
  apply_representation(*client, body, false);
  record_event(realm, caller, "UPDATE", "CLIENT", "clients/" + id, body);
  return Reply::empty(204);
}

Reply Emulator::delete_client(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-clients")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Client* client = find_client(realm, id);
  if (client == nullptr) return Reply::error(404, "Could not find client");
  const json gone = {{"id", id}, {"clientId", client->client_id}};
  std::erase_if(realm.clients, [&](const Client& c) { return c.id == id; });
  record_event(realm, caller, "DELETE", "CLIENT", "clients/" + id,
               state_.profile.delete_event_representation() ? std::optional<json>(gone) : std::nullopt);
  return Reply::empty(204);  // its service-account user goes with it, as in Keycloak
}

Reply Emulator::get_client_secret(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "view-clients")) return *refused;
  Client* client = find_client(*state_.realm(realm_name), id);
  if (client == nullptr) return Reply::error(404, "Could not find client");
  return Reply::json(200, {{"type", "secret"}, {"value", client->secret}});
}

Reply Emulator::regenerate_client_secret(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-clients")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  Client* client = find_client(realm, id);
  if (client == nullptr) return Reply::error(404, "Could not find client");
  if (client->secret.empty()) return Reply::error_message(400, "Can't regenerate secret of a public client");
  client->secret = generate_secret();
  record_event(realm, caller, "ACTION", "CLIENT", "clients/" + id + "/client-secret", json{{"type", "secret"}, {"value", "**********"}});
  return Reply::json(200, {{"type", "secret"}, {"value", client->secret}});
}

Reply Emulator::service_account_user(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "view-clients")) return *refused;
  Client* client = find_client(*state_.realm(realm_name), id);
  if (client == nullptr) return Reply::error(404, "Could not find client");
  if (!client->service_accounts || client->service_account_user_id.empty()) {
    return Reply::error(400, "Service account not enabled for the client '" + client->client_id + "'");
  }
  return Reply::json(200, {{"id", client->service_account_user_id}, {"username", "service-account-" + client->client_id},
                           {"enabled", true}, {"serviceAccountClientId", client->id}, {"emailVerified", false}});
}

Reply Emulator::list_client_roles(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require_any(caller, {"view-clients", "query-clients"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  json out = json::array();
  if (id == realm.realm_management_id) {
    for (const auto& role : realm_management_roles(state_.profile)) out.push_back(role_json(realm, role));
  } else if (find_client(realm, id) == nullptr) {
    return Reply::error(404, "Could not find client");
  }
  return Reply::json(200, out);
}

Reply Emulator::get_client_role(const Caller& caller, const std::string& realm_name, const std::string& id, const std::string& name) {
  if (auto refused = require_any(caller, {"view-clients", "query-clients"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (id != realm.realm_management_id) return Reply::error(404, find_client(realm, id) == nullptr ? "Could not find client" : "Could not find role");
  if (realm.management_role_ids.count(name) == 0) return Reply::error(404, "Could not find role");
  return Reply::json(200, role_json(realm, name));
}

// A service account's direct realm roles: Keycloak gives every new user the realm's default roles.
Reply Emulator::realm_role_mappings(const Caller& caller, const std::string& realm_name, const std::string& user_id) {
  if (auto refused = require(caller, "view-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (held_roles(realm, user_id) == nullptr) return Reply::error(404, "User not found");
  return Reply::json(200, json::array({{{"id", "default-roles-" + realm_name}, {"name", "default-roles-" + realm_name},
                                        {"description", "${role_default-roles}"}, {"composite", true}, {"clientRole", false},
                                        {"containerId", realm.id}}}));
}

// DELETE with the roles to take away in the body, as Keycloak's RoleMapperResource takes them.
Reply Emulator::remove_client_role_mappings(const Caller& caller, const std::string& realm_name, const std::string& user_id,
                                            const std::string& client_uuid, const std::string& body_text) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  std::set<std::string>* held = held_roles(realm, user_id);
  if (held == nullptr) return Reply::error(404, "User not found");
  if (client_uuid != realm.realm_management_id && find_client(realm, client_uuid) == nullptr) return Reply::error(404, "Client not found");
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_array()) return unparseable_body(state_.profile);
  for (const auto& role : body) {
    const std::string name = role.value("name", "");
    if (client_uuid != realm.realm_management_id || realm.management_role_ids.count(name) == 0) return Reply::error(404, "Role not found");
    if (!can_map_management_role(caller, name)) return Reply::error(403, "HTTP 403 Forbidden");
  }
  for (const auto& role : body) held->erase(role.value("name", ""));
  record_event(realm, caller, "DELETE", "CLIENT_ROLE_MAPPING", "users/" + user_id + "/role-mappings/clients/" + client_uuid, body);
  return Reply::empty(204);
}

bool Emulator::can_map_management_role(const Caller& caller, const std::string& role) const {
  if (caller.master_admin()) return true;
  if (role == "realm-admin") return false;  // only a master realm admin may grant it
  if (role.rfind("query-", 0) == 0) return true;
  if (role == "create-client") return has_role(caller, "manage-clients");
  return has_role(caller, role);  // manage-X covers view-X, as in has_role
}

Reply Emulator::client_role_mappings(const Caller& caller, const std::string& realm_name, const std::string& user_id,
                                     const std::string& client_uuid, bool effective) {
  if (auto refused = require(caller, "view-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const std::set<std::string>* held = held_roles(realm, user_id);
  if (held == nullptr) return Reply::error(404, "User not found");
  json out = json::array();
  if (client_uuid != realm.realm_management_id) {
    if (find_client(realm, client_uuid) == nullptr) return Reply::error(404, "Client not found");
    return Reply::json(200, out);
  }
  const std::set<std::string> roles = effective ? expand_composites(*held, state_.profile) : *held;
  for (const auto& role : roles) {
    if (realm.management_role_ids.count(role) != 0) out.push_back(role_json(realm, role));
  }
  return Reply::json(200, out);
}

Reply Emulator::add_client_role_mappings(const Caller& caller, const std::string& realm_name, const std::string& user_id,
                                         const std::string& client_uuid, const std::string& body_text) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  std::set<std::string>* held = held_roles(realm, user_id);
  if (held == nullptr) return Reply::error(404, "User not found");
  if (client_uuid != realm.realm_management_id && find_client(realm, client_uuid) == nullptr) return Reply::error(404, "Client not found");
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_array()) return unparseable_body(state_.profile);
  std::vector<std::string> granted;
  json representation = json::array();  // the roles as Keycloak reads them back (composite defaults to false)
  for (const auto& role : body) {
    json read = role;
    if (!read.contains("composite")) read["composite"] = false;
    representation.push_back(read);
    const std::string name = role.value("name", "");
    const auto known = realm.management_role_ids.find(name);
    // Keycloak looks the role up by name and insists the id matches.
    if (client_uuid != realm.realm_management_id || known == realm.management_role_ids.end() || role.value("id", "") != known->second) {
      return Reply::error(404, "Role not found");
    }
    if (!can_map_management_role(caller, name)) return Reply::error(403, "HTTP 403 Forbidden");
    granted.push_back(name);
  }
  held->insert(granted.begin(), granted.end());
  record_event(realm, caller, "CREATE", "CLIENT_ROLE_MAPPING", "users/" + user_id + "/role-mappings/clients/" + client_uuid, representation);
  return Reply::empty(204);
}

}  // namespace kcldap::emulator
