// The least-privilege service-account client that kcldap's unattended runs sign in with: the settings it
// must have, the realm-management roles its service account needs, and bringing a realm to that state
// through the Admin API (create or update the client, grant what is missing, never revoke, read or
// regenerate the secret). Idempotent: a second run sends no write.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/roles.hpp"

namespace kcldap::keycloak {

struct ServiceClientRequest {
  std::string client_id = "kcldap";
  RoleFeatures features;       // decides the roles (roles_needed)
  bool rotate_secret = false;  // have Keycloak generate a new secret
};

struct ServiceClientResult {
  std::string client_uuid;
  std::string service_account_user;           // e.g. service-account-kcldap
  bool created = false;
  std::vector<std::string> settings_changed;  // "standardFlowEnabled: true -> false", ...
  std::vector<std::string> roles_granted;
  std::vector<std::string> roles_present;     // needed and already held
  std::vector<std::string> extra_roles;       // held directly, not needed (reported, never removed)
  bool secret_rotated = false;
  std::string secret;                         // revealed value: never logged or printed unless asked
  bool changed() const { return created || !settings_changed.empty() || !roles_granted.empty() || secret_rotated; }
};

// The description written on the client, so that whoever finds it in the console knows what it is.
std::string service_client_description();

// The settings kcldap's client must have (confidential, service account on, no browser or password
// flows), merged over `existing` when there is one (other fields kept as they are).
nlohmann::json wanted_client(const std::string& client_id, const std::optional<nlohmann::json>& existing);

// What differs between an existing client and the wanted settings, one "key: old -> new" per field.
std::vector<std::string> client_setting_changes(const nlohmann::json& existing);

// needed vs held directly: what to grant, what is there, what is extra.
struct RoleDelta {
  std::vector<std::string> grant;
  std::vector<std::string> present;
  std::vector<std::string> extra;
};
RoleDelta role_delta(const std::vector<RoleNeed>& needed, const std::set<std::string>& held_directly);

Expected<ServiceClientResult, ApiError> ensure_service_client(AdminClient& admin, const ServiceClientRequest& request);

}  // namespace kcldap::keycloak
