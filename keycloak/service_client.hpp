// A least-privilege confidential service-account client (kcldap's own, or one for an app that consumes the
// federated users): the settings it must have, the roles its service account needs, and bringing a realm to
// that state through the Admin API (create or update the client, grant what is missing, never revoke, read
// or regenerate the secret), or, read-only, saying what that would change. Idempotent: a second run sends
// no write.
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
  std::string description;               // "" : kcldap's own (service_client_description())
  std::vector<RoleNeed> roles;           // realm-management client roles the service account must hold
  std::vector<std::string> realm_roles;  // realm roles it must hold
  bool rotate_secret = false;            // have Keycloak generate a new secret
  bool read_only = false;                // only say what would change: no write, no secret read
};

struct ServiceClientResult {
  std::string client_uuid;
  std::string service_account_user;           // e.g. service-account-kcldap
  bool created = false;
  std::vector<std::string> settings_changed;  // "standardFlowEnabled: true -> false", ...
  std::vector<std::string> roles_granted;
  std::vector<std::string> roles_present;     // needed and already held
  std::vector<std::string> extra_roles;       // held directly, not needed (reported, never removed)
  std::vector<std::string> realm_roles_granted;
  std::vector<std::string> realm_roles_present;
  bool secret_rotated = false;                // read-only: would be rotated
  std::string secret;                         // revealed value: never logged or printed unless asked
  bool changed() const {
    return created || !settings_changed.empty() || !roles_granted.empty() || !realm_roles_granted.empty() || secret_rotated;
  }
};

// The description written on the client, so that whoever finds it in the console knows what it is.
std::string service_client_description();

// The settings a service client must have (confidential, service account on, no browser or password
// flows, the description), merged over `existing` when there is one (other fields kept as they are).
nlohmann::json wanted_client(const std::string& client_id, const std::string& description, const std::optional<nlohmann::json>& existing);

// What differs between an existing client and the wanted settings, one "key: old -> new" per field.
std::vector<std::string> client_setting_changes(const nlohmann::json& existing, const std::string& description);

// needed vs held directly: what to grant, what is there, what is extra.
struct RoleDelta {
  std::vector<std::string> grant;
  std::vector<std::string> present;
  std::vector<std::string> extra;
};
RoleDelta role_delta(const std::vector<RoleNeed>& needed, const std::set<std::string>& held_directly);

Expected<ServiceClientResult, ApiError> ensure_service_client(AdminClient& admin, const ServiceClientRequest& request);

}  // namespace kcldap::keycloak
