// Keycloak emulator (test-only): admin events: recording one for the operations Keycloak records (the
// handlers call record_event after a success), listing them newest first with Keycloak's filters and
// paging, and clearing them.
#include <chrono>

#include "emulator/emulator.hpp"
#include "emulator/util.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Keycloak takes repeated parameters; the emulator's query map keeps one value, so a comma list also works.
bool listed(const Params& query, const std::string& name, const std::string& value) {
  const std::string wanted = param(query, name);
  if (wanted.empty()) return true;
  for (const auto& item : split_trimmed(wanted, ',')) {
    if (item == value) return true;
  }
  return false;
}

json event_json(const AdminEvent& event, const std::string& realm_id) {
  json out = {{"id", event.id}, {"time", event.time_ms}, {"realmId", realm_id},
              {"authDetails", {{"realmId", event.auth_realm_id}, {"clientId", event.auth_client_id},
                               {"userId", event.auth_user_id}, {"ipAddress", event.ip_address}}},
              {"operationType", event.operation}, {"resourceType", event.resource_type}};
  if (!event.resource_path.empty()) out["resourcePath"] = event.resource_path;
  if (event.representation) out["representation"] = *event.representation;
  return out;
}

}  // namespace

void Emulator::record_event(Realm& realm, const Caller& caller, const std::string& operation, const std::string& resource_type,
                            const std::string& resource_path, const std::optional<json>& representation) {
  if (!realm.admin_events) return;
  AdminEvent event;
  event.id = random_uuid();
  event.time_ms = now_ms();
  event.operation = operation;
  event.resource_type = resource_type;
  event.resource_path = resource_path;
  if (realm.admin_event_details && representation) event.representation = representation->dump();
  event.ip_address = caller.ip_address;
  // Who acted: the caller's realm, the client it signed in with and its user (or service-account user).
  if (Realm* home = state_.realm(caller.realm)) {
    event.auth_realm_id = home->id;
    for (const auto& client : home->clients) {
      if (client.client_id == caller.client_id) event.auth_client_id = client.id;
      if ("service-account-" + client.client_id == caller.subject) event.auth_user_id = client.service_account_user_id;
    }
    for (const auto& user : home->users) {
      if (user.username == caller.subject) event.auth_user_id = user.id;
    }
  }
  realm.events.push_back(std::move(event));
}

Reply Emulator::list_admin_events(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require(caller, "view-events")) return *refused;
  const Realm& realm = *state_.realm(realm_name);
  const auto first = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "first", "0").c_str())));
  const auto max = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "max", "100").c_str())));
  json out = json::array();
  std::size_t skipped = 0;
  for (auto event = realm.events.rbegin(); event != realm.events.rend() && out.size() < max; ++event) {
    if (!listed(query, "operationTypes", event->operation) || !listed(query, "resourceTypes", event->resource_type)) continue;
    if (const std::string path = param(query, "resourcePath"); !path.empty() && path != event->resource_path) continue;
    if (skipped++ < first) continue;
    out.push_back(event_json(*event, realm.id));
  }
  return Reply::json(200, out);
}

Reply Emulator::clear_admin_events(const Caller& caller, const std::string& realm_name) {
  if (auto refused = require(caller, "manage-events")) return *refused;
  state_.realm(realm_name)->events.clear();
  return Reply::empty(204);
}

}  // namespace kcldap::emulator
