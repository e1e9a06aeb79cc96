// Keycloak emulator (test-only): the groups API (top-level groups only): list with search and paging,
// count, create, read, delete, members (added through the API, or listed in the directory entry of a
// group a group mapper imported), a user's groups, joining and leaving.
#include <algorithm>

#include "emulator/emulator.hpp"
#include "emulator/util.hpp"
#include "common/text.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

json group_access() {
  return {{"view", true}, {"viewMembers", true}, {"manageMembers", true}, {"manage", true}, {"manageMembership", true}};
}

// The brief form lists carry; the full form adds attributes and role mappings.
json group_json(const Group& group, bool full, bool with_access) {
  json out = {{"id", group.id}, {"name", group.name}, {"path", group.path()}, {"subGroupCount", 0}, {"subGroups", json::array()}};
  if (full) out.update({{"attributes", json::object()}, {"realmRoles", json::array()}, {"clientRoles", json::object()}});
  if (with_access) out["access"] = group_access();
  return out;
}

// A membership event's representation: the full group without its sub-group count.
json membership_json(const Group& group) {
  json out = group_json(group, true, false);
  out.erase("subGroupCount");
  return out;
}

bool is_member(const Group& group, const User& user) {
  if (group.member_ids.count(user.id) != 0) return true;
  const auto dn = user.attributes.find("LDAP_ENTRY_DN");
  if (dn == user.attributes.end() || dn->second.empty()) return false;
  return std::any_of(group.ldap_members.begin(), group.ldap_members.end(),
                     [&](const std::string& member) { return kcldap::iequals(member, dn->second.front()); });
}

}  // namespace

Reply Emulator::list_groups(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"query-groups", "view-users"})) return *refused;
  const Realm& realm = *state_.realm(realm_name);
  const std::string search = kcldap::lowercase(param(query, "search"));
  const auto first = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "first", "0").c_str())));
  const auto max = static_cast<std::size_t>(std::max(0, std::atoi(param(query, "max", "100").c_str())));
  const bool full = param(query, "briefRepresentation", "true") == "false";
  std::vector<const Group*> found;
  for (const auto& group : realm.groups) {
    if (search.empty() || kcldap::lowercase(group.name).find(search) != std::string::npos) found.push_back(&group);
  }
  std::stable_sort(found.begin(), found.end(), [](const Group* a, const Group* b) { return a->name < b->name; });
  json out = json::array();
  for (std::size_t i = first; i < found.size() && out.size() < max; ++i) out.push_back(group_json(*found[i], full, true));
  return Reply::json(200, out);
}

Reply Emulator::count_groups(const Caller& caller, const std::string& realm_name) {
  if (auto refused = require_any(caller, {"query-groups", "view-users"})) return *refused;
  return Reply::json(200, {{"count", state_.realm(realm_name)->groups.size()}});
}

Reply Emulator::create_group(const Caller& caller, const std::string& realm_name, const std::string& body_text,
                             const std::string& request_url) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string name = body.contains("name") && body["name"].is_string() ? body["name"].get<std::string>() : "";
  if (name.empty()) return Reply::error_message(400, "Group name is missing");
  if (std::any_of(realm.groups.begin(), realm.groups.end(), [&](const Group& g) { return g.name == name; })) {
    return Reply::error_message(409, "Top level group named '" + name + "' already exists.");
  }
  Group group;
  group.id = random_uuid();
  group.name = name;
  realm.groups.push_back(group);
  json representation = body;
  representation["id"] = group.id;
  representation["subGroups"] = json::array();
  record_event(realm, caller, "CREATE", "GROUP", "groups/" + group.id, representation);
  Reply reply = Reply::empty(201);
  reply.headers["Location"] = request_url + "/" + group.id;
  return reply;
}

// POST /roles: a realm role by name (what hardcoded-ldap-role-mapper may name).
Reply Emulator::create_realm_role(const Caller& caller, const std::string& realm_name, const std::string& body_text,
                                  const std::string& request_url) {
  if (auto refused = require(caller, "manage-realm")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return unparseable_body(state_.profile);
  const std::string name = body.contains("name") && body["name"].is_string() ? body["name"].get<std::string>() : "";
  if (name.empty()) return Reply::error_message(400, "Role name is missing");
  if (!realm.realm_roles.insert(name).second) return Reply::error_message(409, "Role with name " + name + " already exists");
  record_event(realm, caller, "CREATE", "REALM_ROLE", "roles/" + name, body);
  Reply reply = Reply::empty(201);
  reply.headers["Location"] = request_url + "/" + name;
  return reply;
}

Reply Emulator::get_group(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require_any(caller, {"query-groups", "view-users"})) return *refused;
  const Group* group = find_group(*state_.realm(realm_name), id);
  if (group == nullptr) return Reply::error(404, "Could not find group by id");
  return Reply::json(200, group_json(*group, true, true));
}

Reply Emulator::delete_group(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Group* group = find_group(realm, id);
  if (group == nullptr) return Reply::error(404, "Could not find group by id");
  const json gone = {{"id", id}, {"name", group->name}, {"subGroups", json::array()}};
  std::erase_if(realm.groups, [&](const Group& g) { return g.id == id; });
  record_event(realm, caller, "DELETE", "GROUP", "groups/" + id,
               state_.profile.delete_event_representation() ? std::optional<json>(gone) : std::nullopt);
  return Reply::empty(204);
}

Reply Emulator::group_members(const Caller& caller, const std::string& realm_name, const std::string& id, const Params& query) {
  if (auto refused = require(caller, "view-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Group* group = find_group(realm, id);
  if (group == nullptr) return Reply::error(404, "Could not find group by id");
  const bool brief = param(query, "briefRepresentation") == "true";
  json out = json::array();
  for (const auto& user : realm.users) {
    if (is_member(*group, user)) out.push_back(user_json(user, brief));
  }
  return Reply::json(200, out);
}

Reply Emulator::user_groups(const Caller& caller, const std::string& realm_name, const std::string& user_id) {
  if (auto refused = require(caller, "view-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const User* user = find_user(realm, user_id);
  if (user == nullptr) return Reply::error(404, "User not found");
  json out = json::array();
  for (const auto& group : realm.groups) {
    if (is_member(group, *user)) out.push_back({{"id", group.id}, {"name", group.name}, {"path", group.path()}, {"subGroups", json::array()}});
  }
  return Reply::json(200, out);
}

Reply Emulator::join_group(const Caller& caller, const std::string& realm_name, const std::string& user_id, const std::string& group_id) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (find_user(realm, user_id) == nullptr) return Reply::error(404, "User not found");
  Group* group = find_group(realm, group_id);
  if (group == nullptr) return Reply::error(404, "Could not find group by id");
  if (group->member_ids.insert(user_id).second) {
    record_event(realm, caller, "CREATE", "GROUP_MEMBERSHIP", "users/" + user_id + "/groups/" + group_id, membership_json(*group));
  }
  return Reply::empty(204);
}

Reply Emulator::leave_group(const Caller& caller, const std::string& realm_name, const std::string& user_id, const std::string& group_id) {
  if (auto refused = require(caller, "manage-users")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (find_user(realm, user_id) == nullptr) return Reply::error(404, "User not found");
  Group* group = find_group(realm, group_id);
  if (group == nullptr) return Reply::error(404, "Could not find group by id");
  if (group->member_ids.erase(user_id) != 0) {
    record_event(realm, caller, "DELETE", "GROUP_MEMBERSHIP", "users/" + user_id + "/groups/" + group_id, membership_json(*group));
  }
  return Reply::empty(204);
}

}  // namespace kcldap::emulator
