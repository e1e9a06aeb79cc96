// Reads what Keycloak holds for one LDAP federation: the provider found by name (refusing ambiguity) and
// its mappers, by parent id. Used by planning, by the post-checks (read back) and by preflight.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"

namespace kcldap::keycloak {

struct StoredFederation {
  std::optional<Component> provider;  // nullopt: no LDAP provider of that name
  std::vector<Component> mappers;
};

Expected<StoredFederation, ApiError> read_federation(AdminClient& client, const std::string& name);

// Every user-storage provider of the realm (LDAP or not), for preflight's side-effect analysis.
Expected<std::vector<Component>, ApiError> list_storage_providers(AdminClient& client);

}  // namespace kcldap::keycloak
