// Keycloak emulator (test-only): the plumbing every handler shares: replies, ids, and finding a realm,
// user or group.
#include <random>

#include "emulator/emulator.hpp"
#include "emulator/util.hpp"

namespace kcldap::emulator {

Reply Reply::json(int status, const nlohmann::json& body) { return Reply{status, body.dump(), "application/json", {}}; }
Reply Reply::empty(int status) { return Reply{status, "", "", {}}; }
Reply Reply::error(int status, const std::string& text) { return json(status, {{"error", text}}); }
Reply Reply::error_message(int status, const std::string& text) { return json(status, {{"errorMessage", text}}); }

Realm* State::realm(const std::string& name) {
  for (auto& realm : realms) {
    if (realm.name == name) return &realm;
  }
  return nullptr;
}

std::string Emulator::new_id(bool short_id) {
  static constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string id;
  if (short_id) {
    for (int i = 0; i < 22; ++i) id.push_back(kBase64Url[random() % 64]);
    return id;
  }
  return random_uuid();
}

Reply Reply::server_error() {
  return json(500, {{"error", "unknown_error"}, {"error_description", "For more on this error consult the server log."}});
}

Reply unparseable_body(const Profile& profile) {
  if (profile.version.major >= 26) {
    return Reply::json(400, {{"error", "invalid_request"}, {"error_description", "Cannot parse the JSON"}});
  }
  return Reply::error(400, "HTTP 400 Bad Request");
}

User* Emulator::find_user(Realm& realm, const std::string& id) {
  for (auto& user : realm.users) {
    if (user.id == id) return &user;
  }
  return nullptr;
}

Group* Emulator::find_group(Realm& realm, const std::string& id) {
  for (auto& group : realm.groups) {
    if (group.id == id) return &group;
  }
  return nullptr;
}

}  // namespace kcldap::emulator
