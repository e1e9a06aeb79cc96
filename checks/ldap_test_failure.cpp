#include "checks/ldap_test_failure.hpp"

namespace kcldap::checks {

TestFailureExplanation explain_ldap_test_failure(const std::string& message) {
  struct Known {
    const char* code;
    const char* cause;
    const char* remedy;
  };
  static const Known known[] = {
      {"SSLHandshakeFailed", "the TLS handshake failed: Keycloak's truststore does not trust the directory's certificate (or the name does not match)",
       "add the directory's CA to Keycloak's truststore (Quarkus: --truststore-paths; older: the truststore SPI) and keep useTruststoreSpi = always"},
      {"UnknownHost", "Keycloak cannot resolve the directory's host name", "use a name Keycloak's DNS resolves (inside the cluster, too), or an IP address"},
      {"NoRouteToHost", "there is no route from Keycloak to the directory", "open the network path from Keycloak's host or pod to the directory"},
      {"ConnectionFailed", "Keycloak could not open a connection to the directory",
       "make the directory reachable from where Keycloak runs (firewall, network policy, port)"},
      // Keycloak 26 answers SocketReset for a port nothing listens on, as well as for a connection cut short.
      {"SocketReset", "Keycloak's connection to the directory was refused or reset: nothing listens on that host and port as Keycloak "
                      "sees them, or the connection was cut (a TLS/plain mismatch, a firewall)",
       "check the URL's host and port from where Keycloak runs, then ldaps:// versus ldap:// on that port, then firewalls"},
      {"MalformedURL", "Keycloak cannot parse the connection URL", "write it as ldap://host:389 or ldaps://host:636"},
      {"CommunicationError", "Keycloak could not talk to the directory (connection refused, timed out or cut)",
       "make the directory reachable from where Keycloak runs, and check ldaps vs StartTLS and the port"},
      {"ServiceUnavailable", "the directory refused the request as unavailable (busy or shutting down)", "retry later; check the directory's health"},
      {"AuthenticationFailure", "the directory rejected the bind DN or password stored in Keycloak",
       "check [ldap] bind_dn and bind_password, then kcldap apply --rotate-bind-credential to send the password again"},
      {"InvalidBindDN", "the bind DN is empty or invalid, or Keycloak would not reuse its stored password for this test",
       "check [ldap] bind_dn; kcldap apply --rotate-bind-credential sends the password again"},
      {"InvalidName", "a DN in the configuration is not valid", "check [ldap] bind_dn and users_dn"},
      {"NameNotFound", "a DN in the configuration does not exist in the directory", "check [ldap] users_dn and bind_dn"},
      {"GroupsMultipleParents", "a group has more than one parent group, which Keycloak's group tree cannot hold",
       "set preserve_group_inheritance = false on the group mapper, or fix the nesting"},
      {"NamingError", "Keycloak's LDAP client failed (no more detail in the answer)", "look at the Keycloak server log for the LDAP exception"},
      {"UnknownError", "Keycloak failed for an unknown reason", "look at the Keycloak server log"},
      {"LDAP test error", "Keycloak's LDAP test failed (Keycloak before 22 gives no detail)", "look at the Keycloak server log for the LDAP exception"},
  };
  for (const auto& entry : known) {
    if (message.find(entry.code) != std::string::npos) return {entry.cause, entry.remedy};
  }
  return {"Keycloak said \"" + message + "\"", "look at the Keycloak server log"};
}

}  // namespace kcldap::checks
