// Keycloak's answers to its LDAP connection and authentication tests (and to a failed sync) put in words:
// the error codes real Keycloak 22+ answers with, the bare message of older versions. Pure.
#pragma once
#include <string>

namespace kcldap::checks {

// Keycloak's testLDAPConnection error code (22+) or text (<=22) in words, with what to do.
struct TestFailureExplanation {
  std::string cause;
  std::string remedy;
};
TestFailureExplanation explain_ldap_test_failure(const std::string& server_message);

}  // namespace kcldap::checks
