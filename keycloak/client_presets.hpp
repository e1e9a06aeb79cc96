// The service-account clients that apps consuming the federated users need, as one table of presets: for
// each, the realm-management roles it grants and what each role is for (verified on real Keycloak 26.4.7),
// and a least-privilege review of any role list (realm-admin, or roles another listed role already
// contains). Pure: no Keycloak call.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "keycloak/roles.hpp"

namespace kcldap::keycloak {

struct ClientPreset {
  std::string name;                 // "user-reader"
  std::string purpose;              // one line: who uses it and what for
  std::vector<RoleNeed> roles;      // realm-management client roles, each with its reason
  bool writes_users = false;        // the consumer creates and changes users and groups
};

// The presets: kcldap, atlassian-user-sync, user-reader, user-manager. The kcldap preset holds every role a
// kcldap run may need (roles_needed with sync and lookups); bootstrap-client narrows it to the config's features.
const std::vector<ClientPreset>& client_presets();
const ClientPreset* find_client_preset(const std::string& name);
std::vector<std::string> client_preset_names();

// The realm-management roles Keycloak defines, and which of them are composites of which (26.x):
// realm-admin contains all the others; view-users contains query-users and query-groups; view-clients
// contains query-clients.
const std::vector<std::string>& realm_management_roles();
std::vector<std::string> roles_contained_in(const std::string& role);

// Least-privilege warnings for a role list (realm-management client roles): realm-admin granted, or a role
// listed that another listed role already contains. Each names the preset that does the job with fewer
// roles. `subject` names the client in the message ("[[clients]] \"ai-platform\"").
std::vector<std::string> privilege_warnings(const std::string& subject, const std::vector<std::string>& roles);

// Names of roles without their reasons.
std::vector<std::string> role_names_of(const std::vector<RoleNeed>& needs);

// RoleNeed entries for a hand-written role list: the reason is the preset's when a preset knows the
// role, else "listed in roles".
std::vector<RoleNeed> needs_for_roles(const std::vector<std::string>& roles);

}  // namespace kcldap::keycloak
