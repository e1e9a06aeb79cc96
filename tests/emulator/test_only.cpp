// Keycloak emulator (test-only): the endpoints real Keycloak does not have, under /__emulator/: the
// request log, fault injection, token expiry and a dump of the whole state for assertions.
#include "emulator/server.hpp"

namespace kcldap::emulator {

using nlohmann::json;

json Emulator::dump_state() {
  json realms = json::array();
  for (const auto& realm : state_.realms) {
    json components = json::array();
    for (const auto& c : realm.components) {
      components.push_back({{"id", c.id}, {"name", c.name}, {"providerId", c.provider_id}, {"providerType", c.provider_type},
                            {"parentId", c.parent_id}, {"config", c.config}});
    }
    json users = json::array();
    for (const auto& user : realm.users) users.push_back(user_json(user, false));
    json clients = json::array();
    for (const auto& client : realm.clients) {
      json item = client_json(realm, client, true);
      item["serviceAccountRoles"] = client.service_account_roles;
      clients.push_back(item);
    }
    json groups = json::object();  // group path -> the member DNs its directory entry lists
    for (const auto& group : realm.groups) groups[group.path()] = group.ldap_members;
    realms.push_back({{"id", realm.id}, {"realm", realm.name}, {"components", components}, {"users", users},
                      {"groups", groups}, {"clients", clients}});
  }
  return {{"version", state_.profile.version.to_string()}, {"realms", realms}};
}

void HttpServer::test_only_routes() {
  server_.Get("/__emulator/log", [this](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(state_.mutex);
    // A client reads the log right after its last answer; that answer's entry may still be on its way.
    state_.log_written.wait_for(lock, std::chrono::seconds(2), [this] { return state_.logged >= state_.answered; });
    json log = json::array();
    for (const auto& entry : state_.log) log.push_back({{"method", entry.method}, {"path", entry.path}, {"status", entry.status}});
    res.set_content(log.dump(), "application/json");
  });
  server_.Delete("/__emulator/log", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    state_.log.clear();
    res.status = 204;
  });
  server_.Post("/__emulator/faults", [this](const httplib::Request& r, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    std::string error;
    auto fault = parse_fault(r.body, &error);
    if (!fault) {
      res.status = 400;
      res.set_content(json{{"error", error}}.dump(), "application/json");
      return;
    }
    state_.faults.push_back(*fault);
    res.status = 204;
  });
  server_.Delete("/__emulator/faults", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    state_.faults.clear();
    res.status = 204;
  });
  server_.Get("/__emulator/state", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    res.set_content(emulator_.dump_state().dump(), "application/json");
  });
  server_.Post("/__emulator/expire-tokens", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    for (auto& [unused, token] : state_.tokens) token.expires = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    res.status = 204;
  });
}

}  // namespace kcldap::emulator
