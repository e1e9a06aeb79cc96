#include "keycloak/client_presets.hpp"

#include <algorithm>
#include <set>

namespace kcldap::keycloak {

namespace {

// What real Keycloak 26.4.7 allows, tried call by call: view-users alone lists and counts users, reads
// one user and its groups, lists groups and a group's members. query-users + query-groups alone count but
// list nothing (every user is filtered out) and refuse a group's members. manage-users alone allows the
// same reads plus creating, changing and deleting users and groups and their memberships.
std::vector<ClientPreset> make_presets() {
  RoleFeatures all;
  all.sync = true;
  all.lookups = true;
  return {
      {"kcldap", "kcldap's own unattended runs: build and update the LDAP federation, sync, post-checks", roles_needed(all), false},
      {"atlassian-user-sync",
       "the User & Group Sync connector for Atlassian apps (resolution): reads users, groups and memberships to sync them",
       {{"manage-users",
         "the role the connector's vendor documents; it also lets the connector read users, groups and memberships",
         {"manage-users"}}},
       false},
      {"user-reader", "an app that lists and reads the realm's users and groups (an AI platform's Keycloak integration)",
       {{"view-users", "list, count and read users, their groups, groups and group members (contains query-users, query-groups)",
         {"view-users", "manage-users"}}},
       false},
      {"user-manager", "an assistant or provisioning tool that creates and changes users and groups, without realm-admin",
       {{"manage-users", "create, update and delete users and groups and their memberships; Keycloak lets it read them too",
         {"manage-users"}}},
       true},
  };
}

}  // namespace

const std::vector<ClientPreset>& client_presets() {
  static const std::vector<ClientPreset> presets = make_presets();
  return presets;
}

const ClientPreset* find_client_preset(const std::string& name) {
  const auto& presets = client_presets();
  const auto found = std::find_if(presets.begin(), presets.end(), [&](const ClientPreset& p) { return p.name == name; });
  return found == presets.end() ? nullptr : &*found;
}

std::vector<std::string> client_preset_names() {
  std::vector<std::string> names;
  for (const auto& preset : client_presets()) names.push_back(preset.name);
  return names;
}

const std::vector<std::string>& realm_management_roles() {
  static const std::vector<std::string> roles = {
      "create-client",   "impersonation",      "manage-authorization",      "manage-clients", "manage-events",
      "manage-identity-providers", "manage-realm", "manage-users",          "query-clients",  "query-groups",
      "query-realms",    "query-users",        "realm-admin",               "view-authorization", "view-clients",
      "view-events",     "view-identity-providers", "view-realm",           "view-users"};
  return roles;
}

std::vector<std::string> roles_contained_in(const std::string& role) {
  if (role == "realm-admin") {
    std::vector<std::string> all;
    for (const auto& other : realm_management_roles()) {
      if (other != "realm-admin") all.push_back(other);
    }
    return all;
  }
  if (role == "view-users") return {"query-groups", "query-users"};
  if (role == "view-clients") return {"query-clients"};
  return {};
}

namespace {

bool any_write_role(const std::vector<std::string>& roles) {
  return std::any_of(roles.begin(), roles.end(), [](const std::string& r) { return r.rfind("manage-", 0) == 0 || r == "realm-admin"; });
}

std::string suggestion(const std::vector<std::string>& roles) {
  const bool writes = std::any_of(roles.begin(), roles.end(), [](const std::string& r) { return r == "manage-users"; }) ||
                      std::find(roles.begin(), roles.end(), "realm-admin") != roles.end();
  if (writes) {
    return "preset = \"user-manager\" (manage-users) creates and changes users and groups; preset = \"user-reader\" "
           "(view-users) when it only reads them";
  }
  if (!any_write_role(roles)) return "preset = \"user-reader\" (view-users) lists and reads users and groups";
  return "grant only the roles the app's calls need (see the presets: " + std::string("user-reader, user-manager") + ")";
}

}  // namespace

std::vector<std::string> privilege_warnings(const std::string& subject, const std::vector<std::string>& roles) {
  std::vector<std::string> warnings;
  const std::set<std::string> listed(roles.begin(), roles.end());
  if (listed.count("realm-admin") != 0) {
    warnings.push_back(subject + " grants realm-admin: full control of the realm (clients, identity providers, every user's "
                                 "credentials). For an app that reads or manages users: " + suggestion(roles));
  }
  for (const auto& role : roles) {
    for (const auto& holder : roles) {
      if (holder == role) continue;
      const auto inside = roles_contained_in(holder);
      if (std::find(inside.begin(), inside.end(), role) == inside.end()) continue;
      if (holder == "realm-admin") {
        warnings.push_back(subject + " lists " + role + ", which realm-admin already contains");
      } else {
        warnings.push_back(subject + " lists " + role + ", which " + holder + " already contains; remove it");
      }
      break;
    }
  }
  return warnings;
}

std::vector<std::string> role_names_of(const std::vector<RoleNeed>& needs) {
  std::vector<std::string> names;
  for (const auto& need : needs) names.push_back(need.role);
  return names;
}

std::vector<RoleNeed> needs_for_roles(const std::vector<std::string>& roles) {
  std::vector<RoleNeed> needs;
  for (const auto& role : roles) {
    RoleNeed need{role, "listed in roles", {role}};
    for (const auto& preset : client_presets()) {
      for (const auto& known : preset.roles) {
        if (known.role == role) need.reason = known.reason;
      }
    }
    needs.push_back(need);
  }
  return needs;
}

}  // namespace kcldap::keycloak
