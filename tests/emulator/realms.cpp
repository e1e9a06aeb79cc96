// Keycloak emulator (test-only): realms: a new realm's built-in clients and roles, the realm
// representation, create (master admins only), update (merging the fields sent), delete, the public
// realm endpoint and serverinfo.
#include "emulator/emulator.hpp"
#include "emulator/util.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

Client builtin_client(const std::string& client_id, bool public_client, bool standard_flow, bool direct_access) {
  Client client;
  client.client_id = client_id;
  client.id = random_uuid();
  client.standard_flow = standard_flow;
  client.direct_access = direct_access;
  if (!public_client) client.secret = random_uuid();  // bearer-only in Keycloak: nobody signs in with it
  return client;
}

// The representation fields a realm starts with, as Keycloak 26 shows them (a subset clients read).
json default_settings() {
  return {{"notBefore", 0}, {"accessTokenLifespan", 300}, {"ssoSessionIdleTimeout", 1800}, {"ssoSessionMaxLifespan", 36000},
          {"sslRequired", "external"}, {"registrationAllowed", false}, {"registrationEmailAsUsername", false},
          {"rememberMe", false}, {"verifyEmail", false}, {"loginWithEmailAllowed", true}, {"duplicateEmailsAllowed", false},
          {"resetPasswordAllowed", false}, {"editUsernameAllowed", false}, {"bruteForceProtected", false},
          {"eventsEnabled", false}, {"eventsListeners", {"jboss-logging"}}};
}

}  // namespace

Realm& install_realm(State& state, const std::string& name) {
  if (Realm* existing = state.realm(name)) return *existing;
  Realm realm;
  realm.name = name;
  realm.id = name == "master" && state.profile.master_id_is_name() ? "master" : random_uuid();
  // Every realm's built-in clients (realm-management is kept apart: it holds the admin roles).
  realm.clients.push_back(builtin_client("account", true, true, false));
  realm.clients.push_back(builtin_client("account-console", true, true, false));
  realm.clients.push_back(builtin_client("admin-cli", true, false, true));
  realm.clients.push_back(builtin_client("broker", false, true, false));
  realm.clients.push_back(builtin_client("security-admin-console", true, true, false));
  realm.realm_management_id = random_uuid();
  for (const auto& role : realm_management_roles(state.profile)) realm.management_role_ids[role] = random_uuid();
  realm.realm_roles = {"offline_access", "uma_authorization", "default-roles-" + name};
  state.realms.push_back(std::move(realm));
  return state.realms.back();
}

Reply Emulator::get_realm(const Caller& caller, const std::string& realm_name) {
  const Realm* realm = state_.realm(realm_name);
  if (!has_role(caller, "view-realm")) return Reply::json(200, {{"realm", realm->name}});
  json out = default_settings();
  out.update(realm->settings);
  out["id"] = realm->id;
  out["realm"] = realm->name;
  out["enabled"] = realm->settings.value("enabled", true);
  out["adminEventsEnabled"] = realm->admin_events;
  out["adminEventsDetailsEnabled"] = realm->admin_event_details;
  return Reply::json(200, out);
}

Reply Emulator::public_realm(const std::string& realm_name, const std::string& base_url) {
  if (state_.realm(realm_name) == nullptr) return Reply::error(404, "Realm does not exist");
  const std::string issuer = base_url + "/realms/" + realm_name;
  // The public key is the realm's RSA signing key in Keycloak; here a fixed placeholder of that shape.
  return Reply::json(200, {{"realm", realm_name}, {"public_key", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"},
                           {"token-service", issuer + "/protocol/openid-connect"}, {"account-service", issuer + "/account"},
                           {"tokens-not-before", 0}});
}

Reply Emulator::create_realm(const Caller& caller, const std::string& body_text, const std::string& request_url) {
  if (!caller.master_admin()) return Reply::error(403, "HTTP 403 Forbidden");
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string name = body.contains("realm") && body["realm"].is_string() ? body["realm"].get<std::string>() : "";
  if (name.empty()) return Reply::error_message(400, "Realm name cannot be empty");
  if (state_.realm(name) != nullptr) return Reply::error_message(409, "Realm " + name + " already exists");
  Realm& realm = install_realm(state_, name);
  for (const auto& [key, value] : body.items()) {
    if (key == "adminEventsEnabled" && value.is_boolean()) realm.admin_events = value.get<bool>();
    else if (key == "adminEventsDetailsEnabled" && value.is_boolean()) realm.admin_event_details = value.get<bool>();
    else if (key != "realm" && key != "id" && key != "components") realm.settings[key] = value;
  }
  if (body.contains("components")) {
    // A realm import: its components, or nothing at all when one is refused (one transaction in Keycloak).
    const auto components = nlohmann::ordered_json::parse(body["components"].dump());
    if (auto refused = import_components(realm, components, realm.id)) {
      std::erase_if(state_.realms, [&](const Realm& r) { return r.name == name; });
      return *refused;
    }
  }
  Reply reply = Reply::empty(201);
  reply.headers["Location"] = request_url + "/" + name;
  return reply;
}

Reply Emulator::update_realm(const Caller& caller, const std::string& realm_name, const std::string& body_text) {
  if (auto refused = require(caller, "manage-realm")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  // Keycloak decides on recording before the update: turning events on is not recorded, turning them off is.
  const bool recording = realm.admin_events;
  for (const auto& [key, value] : body.items()) {
    if (key == "adminEventsEnabled" && value.is_boolean()) realm.admin_events = value.get<bool>();
    else if (key == "adminEventsDetailsEnabled" && value.is_boolean()) realm.admin_event_details = value.get<bool>();
    else if (key != "realm" && key != "id" && !value.is_null()) realm.settings[key] = value;
  }
  if (recording) {
    const bool was_on = realm.admin_events;
    realm.admin_events = true;
    record_event(realm, caller, "UPDATE", "REALM", "", body);
    realm.admin_events = was_on;
  }
  return Reply::empty(204);
}

Reply Emulator::delete_realm(const Caller& caller, const std::string& realm_name) {
  if (!caller.master_admin()) return Reply::error(403, "HTTP 403 Forbidden");
  if (realm_name == "master") return Reply::error(400, "master realm can't be removed");
  std::erase_if(state_.realms, [&](const Realm& realm) { return realm.name == realm_name; });
  return Reply::empty(204);
}

Reply Emulator::serverinfo(const Caller& caller) {
  if (!caller.master_admin() && caller.roles.empty()) return Reply::error(403, "HTTP 403 Forbidden");
  json body;
  if (!state_.profile.serverinfo_master_only() || caller.master_admin()) {
    body["systemInfo"] = {{"version", state_.profile.version.to_string()}, {"serverTime", "emulated"}};
  }
  json ldap_properties = json::array();
  for (const auto& key : state_.profile.ldap_provider_keys()) ldap_properties.push_back({{"name", key}});
  json mappers = json::array();
  for (const auto& provider : state_.profile.mapper_providers()) {
    json properties = json::array();
    for (const auto& key : state_.profile.mapper_keys(provider)) properties.push_back({{"name", key}});
    mappers.push_back({{"id", provider}, {"properties", properties}});
  }
  body["componentTypes"] = {{"org.keycloak.storage.UserStorageProvider", {{{"id", "ldap"}, {"properties", ldap_properties}}}},
                            {"org.keycloak.storage.ldap.mappers.LDAPStorageMapper", mappers}};
  return Reply::json(200, body);
}

}  // namespace kcldap::emulator
