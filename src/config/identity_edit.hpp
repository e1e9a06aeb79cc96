// Rewrites the [keycloak] sign-in of a kcldap.toml to a service account (kcldap bootstrap-client
// --write-config), keeping everything else in the file as written: comments, order, other sections.
#pragma once
#include <string>

namespace kcldap::config {

struct ServiceAccountIdentity {
  std::string client_id;
  std::string auth_realm;        // the realm the service account lives in
  std::string secret_reference;  // ${file:...} or ${env:...}, never a literal
};

// `toml` with [keycloak]'s username, password, client_id, client_secret and auth_realm replaced by the
// service account's keys (a [keycloak] section is appended when there is none). Pure text editing.
std::string with_service_account(const std::string& toml, const ServiceAccountIdentity& identity);

}  // namespace kcldap::config
