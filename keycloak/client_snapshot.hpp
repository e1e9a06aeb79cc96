// A service client as it stands, for a backup before kcldap changes it: its representation (never the
// secret), and the realm-management and realm roles its service account holds directly; and putting that
// back (`kcldap restore`): deleting a client the apply created, or restoring the settings and taking back
// the roles granted since.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"

namespace kcldap::keycloak {

struct ClientSnapshot {
  std::string client_id;
  std::optional<nlohmann::json> representation;  // nullopt: there was no such client; never holds "secret"
  std::vector<std::string> roles;                // realm-management client roles held directly
  std::vector<std::string> realm_roles;          // realm roles held directly
};

nlohmann::json snapshot_to_json(const ClientSnapshot& snapshot);
Expected<ClientSnapshot, std::string> snapshot_from_json(const nlohmann::json& json);

Expected<ClientSnapshot, ApiError> snapshot_client(AdminClient& admin, const std::string& client_id);

// Puts `snapshot` back; returns what it did, one line per change.
Expected<std::vector<std::string>, ApiError> restore_client(AdminClient& admin, const ClientSnapshot& snapshot);

}  // namespace kcldap::keycloak
