// The realm-management roles a kcldap run needs, and the roles an identity holds, read from the claims
// of its access token (Keycloak puts the effective, composite-expanded client roles there). Pure.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kcldap::keycloak {

struct RoleNeed {
  std::string role;                       // the role to assign, e.g. "manage-users"
  std::string reason;                     // what the run does with it
  std::vector<std::string> satisfied_by;  // roles Keycloak accepts for it (the role itself first)
};

struct RoleFeatures {
  bool sync = false;     // a full sync runs after apply
  bool lookups = false;  // post-checks search users
};

std::vector<RoleNeed> roles_needed(const RoleFeatures& features);

// The claims (payload) of a JWT access token, or nullopt when the token is not a readable JWT.
std::optional<nlohmann::json> decode_token_claims(const std::string& access_token);

// The realm-management roles the claims grant on `realm` for a token issued by `token_realm`:
// `realm-management` client roles for a token of the realm itself; `<realm>-realm` client roles (or the
// master `admin` role) for a master token. nullopt: the token carries no role claims at all.
std::optional<std::set<std::string>> granted_roles(const nlohmann::json& claims, const std::string& realm,
                                                   const std::string& token_realm);

// The needs none of whose roles are granted.
std::vector<RoleNeed> missing_roles(const std::vector<RoleNeed>& needs, const std::set<std::string>& granted);

}  // namespace kcldap::keycloak
