// What every export renderer takes: the federation Keycloak would hold after kcldap's apply (with the
// probe's reasons), the Keycloak version it was planned for, and where it goes (realm, URL, sign-in
// realm). Secrets are never part of it: each format names them as variables.
#pragma once
#include <string>

#include "keycloak/created_federation.hpp"
#include "keycloak/version.hpp"

namespace kcldap::exports {

struct ExportInput {
  keycloak::CreatedFederation federation;
  keycloak::Version version;
  std::string realm;
  std::string keycloak_url;
  std::string auth_realm = "master";
};

// The placeholder the realm-json export puts where the bind credential goes (`kc.sh import` substitutes
// ${NAME} from the environment), and the variable name the Terraform and Ansible exports use.
inline constexpr const char* kBindCredentialPlaceholder = "${LDAP_BIND_CREDENTIAL}";
inline constexpr const char* kBindCredentialVariable = "ldap_bind_credential";

// The first line every export starts with: which federation, which realm, for which Keycloak.
inline std::string export_headline(const ExportInput& input) {
  return "kcldap export: the LDAP federation \"" + input.federation.name + "\" as kcldap apply would create it in realm \"" + input.realm +
         "\" (planned for Keycloak " + input.version.to_string() + ").";
}

}  // namespace kcldap::exports
