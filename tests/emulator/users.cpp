// Keycloak emulator (test-only): the users API: the user representation; list and search (asking the
// directory first, which imports the users it finds), count (Keycloak's own store only), GET by id;
// creating, updating and deleting local users; resetting a password.
#include <algorithm>
#include <chrono>

#include "emulator/emulator.hpp"
#include "emulator/ldap_bridge.hpp"
#include "emulator/util.hpp"
#include "common/text.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

bool contains_text(const std::string& value, const std::string& wanted) {
  return kcldap::lowercase(value).find(kcldap::lowercase(wanted)) != std::string::npos;
}

// Keycloak's search: each word matches username, email, first or last name; "foo" as a prefix, "*foo*"
// anywhere, "\"foo\"" exactly.
bool matches_search(const User& user, const std::string& search) {
  if (search.empty() || search == "*") return true;
  for (const auto& word : split_trimmed(search, ' ')) {
    std::string text = kcldap::lowercase(word);
    const bool exact = text.size() >= 2 && text.front() == '"' && text.back() == '"';
    const bool infix = !exact && text.front() == '*';
    std::erase(text, '"');
    std::erase(text, '*');
    bool any = false;
    for (const std::string* field : {&user.username, &user.email, &user.first_name, &user.last_name}) {
      const std::string value = kcldap::lowercase(*field);
      if (exact ? value == text : infix ? value.find(text) != std::string::npos : value.rfind(text, 0) == 0) any = true;
    }
    if (!any) return false;
  }
  return true;
}

bool matches_query(const User& user, const Params& query) {
  const bool exact = param(query, "exact") == "true";
  const std::string search = param(query, "search");
  if (search.rfind("id:", 0) == 0) return user.id == search.substr(3);
  if (!matches_search(user, search)) return false;
  const auto field = [&](const std::string& value, const char* name) {
    const std::string wanted = param(query, name);
    if (wanted.empty()) return true;
    return exact ? kcldap::lowercase(value) == kcldap::lowercase(wanted) : contains_text(value, wanted);
  };
  if (!field(user.username, "username") || !field(user.email, "email") || !field(user.first_name, "firstName") ||
      !field(user.last_name, "lastName")) {
    return false;
  }
  const std::string enabled = param(query, "enabled");
  return enabled.empty() || (enabled == "true") == user.enabled;
}

std::size_t number(const Params& query, const char* name, int fallback) {
  return static_cast<std::size_t>(std::max(0, std::atoi(param(query, name, std::to_string(fallback)).c_str())));
}

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string text_field(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

// The settings a create or update takes from a UserRepresentation (absent fields keep their value).
void apply_representation(User& user, const json& body) {
  if (body.contains("firstName") && body["firstName"].is_string()) user.first_name = body["firstName"];
  if (body.contains("lastName") && body["lastName"].is_string()) user.last_name = body["lastName"];
  if (body.contains("email") && body["email"].is_string()) user.email = kcldap::lowercase(body["email"].get<std::string>());
  if (body.contains("enabled") && body["enabled"].is_boolean()) user.enabled = body["enabled"];
  if (body.contains("emailVerified") && body["emailVerified"].is_boolean()) user.email_verified = body["emailVerified"];
  if (body.contains("requiredActions") && body["requiredActions"].is_array()) {
    user.required_actions = body["requiredActions"].get<std::vector<std::string>>();
  }
  if (body.contains("credentials") && body["credentials"].is_array()) {  // a password given at creation
    for (const auto& credential : body["credentials"]) {
      if (credential.value("type", "") == "password" && credential.contains("value")) user.password = credential["value"];
    }
  }
  if (body.contains("attributes") && body["attributes"].is_object()) {
    for (const auto& [key, values] : body["attributes"].items()) {
      if (values.is_array()) user.attributes[key] = values.get<std::vector<std::string>>();
    }
  }
}

}  // namespace

json Emulator::user_json(const User& user, bool brief, const json& access) const {
  json out = {{"id", user.id}, {"username", user.username}};
  // Jackson's NON_NULL inclusion: a user without an email has no "email" key at all.
  if (!user.first_name.empty()) out["firstName"] = user.first_name;
  if (!user.last_name.empty()) out["lastName"] = user.last_name;
  if (!user.email.empty()) out["email"] = user.email;
  out["emailVerified"] = user.email_verified;
  if (!brief && !user.attributes.empty()) out["attributes"] = user.attributes;
  out["enabled"] = user.enabled;
  if (!user.federation_link.empty() && state_.profile.federated_user_origin()) out["origin"] = user.federation_link;
  out["createdTimestamp"] = user.created_ms;
  if (!user.federation_link.empty()) out["federationLink"] = user.federation_link;
  if (brief) return out;
  out["totp"] = false;
  out["disableableCredentialTypes"] = json::array();
  out["requiredActions"] = user.required_actions;
  out["notBefore"] = 0;
  if (!access.is_null()) out["access"] = access;
  return out;
}

Reply Emulator::list_users(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"query-users", "view-users"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const std::size_t first = number(query, "first", 0);
  const std::size_t max = number(query, "max", 100);
  // The directory first: with import on, the users it finds land in the realm's store; with import off
  // they exist only for this answer.
  const std::vector<User> directory = LdapBridge(*this, realm).search_users(query, std::max<std::size_t>(first + max, 1));
  std::vector<const User*> found;
  for (const auto& user : realm.users) {
    if (matches_query(user, query)) found.push_back(&user);
  }
  // A transient user only when no user of that name is listed already: with an importing and a
  // non-importing provider over one directory, real Keycloak lists the imported user alone once it is
  // in the store (its first answer varies with the order it asks the providers in).
  for (const auto& user : directory) {
    const bool listed = std::any_of(found.begin(), found.end(), [&](const User* u) { return u->username == user.username; });
    if (user.id.rfind("f:", 0) == 0 && !listed) found.push_back(&user);
  }
  std::stable_sort(found.begin(), found.end(), [](const User* a, const User* b) { return a->username < b->username; });
  json out = json::array();
  const json access = {{"manage", has_role(caller, "manage-users")}};
  for (std::size_t i = first; i < found.size() && out.size() < max; ++i) out.push_back(user_json(*found[i], false, access));
  return Reply::json(200, out);
}

Reply Emulator::count_users(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"query-users", "view-users"})) return *refused;
  const Realm& realm = *state_.realm(realm_name);
  // Keycloak counts the users in its own store: directory users it never imported are not counted.
  return Reply::json(200, std::count_if(realm.users.begin(), realm.users.end(), [&](const User& u) { return matches_query(u, query); }));
}

Reply Emulator::get_user(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "view-users")) return *refused;
  const User* user = find_user(*state_.realm(realm_name), id);
  if (user == nullptr) return Reply::error(404, "User not found");
  const bool manage = has_role(caller, "manage-users");
  const json access = {{"manageGroupMembership", manage}, {"resetPassword", manage}, {"view", true},
                       {"mapRoles", manage}, {"impersonate", has_role(caller, "impersonation")}, {"manage", manage}};
  return Reply::json(200, user_json(*user, false, access));
}

Reply Emulator::create_user(const Caller& caller, const std::string& realm_name, const std::string& body_text,
                            const std::string& request_url) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string username = kcldap::lowercase(text_field(body, "username"));
  if (username.empty()) return Reply::error_message(400, "User name is missing");
  if (state_.profile.user_profile_validation() && (username.size() < 3 || username.size() > 255)) {
    return Reply::json(400, {{"field", "username"}, {"errorMessage", "error-invalid-length"}, {"params", {"username", 3, 255}}});
  }
  const std::string email = kcldap::lowercase(text_field(body, "email"));
  // Keycloak looks in its store and asks every provider (the directory included) before creating.
  LdapBridge bridge(*this, realm);
  const auto taken = [&](const char* field, const std::string& value) {
    if (value.empty()) return false;
    const bool local = std::any_of(realm.users.begin(), realm.users.end(), [&](const User& u) {
      return (std::string(field) == "username" ? u.username : u.email) == value;
    });
    return local || !bridge.search_users({{field, value}, {"exact", "true"}}, 1).empty();
  };
  if (taken("username", username)) return Reply::error_message(409, "User exists with same username");
  if (taken("email", email)) return Reply::error_message(409, "User exists with same email");
  User user;
  user.id = random_uuid();
  user.username = username;
  user.enabled = false;  // Keycloak: a user created without "enabled" is disabled
  user.created_ms = now_ms();
  apply_representation(user, body);
  realm.users.push_back(user);
  record_event(realm, caller, "CREATE", "USER", "users/" + user.id, body);
  Reply reply = Reply::empty(201);
  reply.headers["Location"] = request_url + "/" + user.id;
  return reply;
}

Reply Emulator::update_user(const Caller& caller, const std::string& realm_name, const std::string& id, const std::string& body_text) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  User* user = find_user(realm, id);
  if (user == nullptr) return Reply::error(404, "User not found");
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string email = kcldap::lowercase(text_field(body, "email"));
  if (!email.empty() && std::any_of(realm.users.begin(), realm.users.end(), [&](const User& u) { return u.id != id && u.email == email; })) {
    return Reply::error_message(409, "User exists with same email");
  }
  apply_representation(*user, body);
  record_event(realm, caller, "UPDATE", "USER", "users/" + id, body);
  return Reply::empty(204);
}

Reply Emulator::delete_user(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const User* user = find_user(realm, id);
  if (user == nullptr) return Reply::error(404, "User not found");
  const json gone = {{"id", id}, {"username", user->username}};
  std::erase_if(realm.users, [&](const User& u) { return u.id == id; });
  realm.user_management_roles.erase(id);
  for (auto& group : realm.groups) group.member_ids.erase(id);
  record_event(realm, caller, "DELETE", "USER", "users/" + id,
               state_.profile.delete_event_representation() ? std::optional<json>(gone) : std::nullopt);
  return Reply::empty(204);
}

Reply Emulator::reset_password(const Caller& caller, const std::string& realm_name, const std::string& id, const std::string& body_text) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  User* user = find_user(realm, id);
  if (user == nullptr) return Reply::error(404, "User not found");
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string value = text_field(body, "value");
  if (value.empty()) return Reply::error(400, "Empty password not allowed");
  user->password = value;
  const bool temporary = body.contains("temporary") && body["temporary"].is_boolean() && body["temporary"].get<bool>();
  if (temporary && std::find(user->required_actions.begin(), user->required_actions.end(), "UPDATE_PASSWORD") == user->required_actions.end()) {
    user->required_actions.push_back("UPDATE_PASSWORD");
  }
  record_event(realm, caller, "ACTION", "USER", "users/" + id + "/reset-password", std::nullopt);
  return Reply::empty(204);
}

}  // namespace kcldap::emulator
