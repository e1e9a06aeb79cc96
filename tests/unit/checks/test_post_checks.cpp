// checks/post_checks: Keycloak's LDAP test and sync errors put in words (the error codes real Keycloak
// 22+ answers with, and the bare message of older versions).
#include <catch2/catch.hpp>

#include "checks/post_checks.hpp"

using kcldap::checks::explain_ldap_test_failure;

TEST_CASE("each error code of Keycloak's LDAP test gets its cause and what to do", "[checks][post]") {
  const auto tls = explain_ldap_test_failure("SSLHandshakeFailed");
  CHECK(tls.cause.find("the TLS handshake failed") == 0);
  CHECK(tls.remedy.find("truststore") != std::string::npos);
  // Real Keycloak 26 answers a port nothing listens on with SocketReset: the words must not blame a reset alone.
  const auto refused = explain_ldap_test_failure("SocketReset");
  CHECK(refused.cause.find("refused or reset: nothing listens on that host and port") != std::string::npos);
  CHECK(refused.remedy.find("check the URL's host and port from where Keycloak runs") == 0);
  CHECK(explain_ldap_test_failure("AuthenticationFailure").remedy.find("--rotate-bind-credential") != std::string::npos);
  CHECK(explain_ldap_test_failure("NameNotFound").cause == "a DN in the configuration does not exist in the directory");
  // The code inside a longer message (Keycloak's JSON error body) is found too.
  CHECK(explain_ldap_test_failure("{\"error\":\"UnknownHost\"}").cause == "Keycloak cannot resolve the directory's host name");
  CHECK(explain_ldap_test_failure("LDAP test error").cause.find("before 22 gives no detail") != std::string::npos);
}

TEST_CASE("an unknown answer is quoted, with the server log as the place to look", "[checks][post]") {
  const auto unknown = explain_ldap_test_failure("something new");
  CHECK(unknown.cause == "Keycloak said \"something new\"");
  CHECK(unknown.remedy == "look at the Keycloak server log");
}
