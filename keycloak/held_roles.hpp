// The realm-management roles the signed-in identity holds on the target realm: from its access token's
// role claims when it carries them, otherwise from its effective role mappings read through the Admin
// API (real Keycloak 26 signs admin-cli in with lightweight tokens that carry no role claims at all).
#pragma once
#include <optional>
#include <set>
#include <string>

#include "keycloak/admin_client.hpp"

namespace kcldap::keycloak {

struct HeldRoles {
  std::optional<std::set<std::string>> roles;  // nullopt: could not tell
  std::string source;                          // where they were read, or why they could not be
};

// Token claims first (no request); then, for a token without role claims, the composite role mappings
// of the identity on the client that holds the realm's admin roles (realm-management in the realm
// itself, <realm>-realm in master). Reading those needs view-users in the identity's own realm.
HeldRoles held_roles(AdminClient& client);

}  // namespace kcldap::keycloak
