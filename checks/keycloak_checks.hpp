// Keycloak's side of the preflight as checks, each a pure function of what was learned: reachable and
// base path, sign-in, version, target realm, the roles the run needs, the payload against the server's
// validation rules, and whether a provider of that name exists and what the plan would change.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/plan.hpp"
#include "keycloak/held_roles.hpp"
#include "keycloak/roles.hpp"
#include "keycloak/validation.hpp"

namespace kcldap::checks {

// keycloak.connect, keycloak.auth, keycloak.version, keycloak.realm: passes up to the step that failed
// (`error` set), that one fails, the rest are skipped.
std::vector<Check> connection_checks(const keycloak::ConnectProgress& progress, const keycloak::ApiError* error,
                                     const std::string& realm);

// keycloak.roles from the roles the identity holds (keycloak::held_roles); `fix_command`, when given, is
// the kcldap command line that grants what is missing.
Check roles_check(const keycloak::HeldRoles& held, const std::string& realm, const std::string& token_realm,
                  const std::string& identity, const keycloak::RoleFeatures& features, const std::string& fix_command = "");

// federation.payload
Check payload_check(const std::vector<keycloak::ValidationProblem>& problems, const keycloak::Version& version);

// federation.provider
Check provider_check(const keycloak::Plan& plan, const std::string& name);

}  // namespace kcldap::checks
