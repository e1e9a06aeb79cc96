// Keycloak conformance: testLDAPConnection (connection and authentication tests with Keycloak's error
// codes) and ldap-server-capabilities, as the admin console calls them.
#include <catch2/catch.hpp>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

namespace {

json connection_test(const std::string& action, const std::string& url) {
  return {{"action", action}, {"connectionUrl", url}, {"bindDn", bind_dn()}, {"bindCredential", bind_password()},
          {"authType", "simple"}, {"connectionTimeout", "5000"}, {"startTls", "false"}};
}

// Keycloak 22 and later answer with an error code; older ones with a generic message.
std::string code_or_legacy(const std::string& code) { return Server::instance().major() >= 22 ? code : "LDAP test error"; }

}  // namespace

TEST_CASE("testLDAPConnection: connection and authentication succeed with 204 and no body", "[conformance][ldap]") {
  ScratchRealm realm;
  for (const char* action : {"testConnection", "testAuthentication"}) {
    const Answer answer = realm.post("/testLDAPConnection", connection_test(action, ldap_url()));
    INFO(action);
    CHECK(answer.status == 204);
    CHECK(answer.text.empty());
  }
}

TEST_CASE("testLDAPConnection: failures answer 400 with an errorMessage code", "[conformance][ldap]") {
  ScratchRealm realm;
  json wrong_password = connection_test("testAuthentication", ldap_url());
  wrong_password["bindCredential"] = "wrong";
  const Answer refused = realm.post("/testLDAPConnection", wrong_password);
  CHECK(refused.status == 400);
  CHECK(refused.body == json{{"errorMessage", code_or_legacy("AuthenticationFailure")}});

  json no_bind_dn = connection_test("testAuthentication", ldap_url());
  no_bind_dn["bindDn"] = "";
  const Answer anonymous = realm.post("/testLDAPConnection", no_bind_dn);
  CHECK(anonymous.status == 400);
  if (Server::instance().at_least(25, 0)) CHECK(anonymous.body == json{{"errorMessage", "InvalidBindDN"}});

  const Answer unknown_host = realm.post("/testLDAPConnection", connection_test("testConnection", "ldap://no-such-host.invalid:389"));
  CHECK(unknown_host.status == 400);
  CHECK(unknown_host.body == json{{"errorMessage", code_or_legacy("UnknownHost")}});

  const Answer bad_action = realm.post("/testLDAPConnection", connection_test("bogus", ldap_url()));
  CHECK(bad_action.status == 400);
  CHECK(bad_action.body == json{{"errorMessage", code_or_legacy("NamingError")}});
}

TEST_CASE("testLDAPConnection: a closed port is a reset socket on Keycloak 26", "[conformance][ldap]") {
  ScratchRealm realm;
  // Port 1 on loopback: nothing listens, the connection is refused.
  const Answer closed = realm.post("/testLDAPConnection", connection_test("testConnection", "ldap://127.0.0.1:1"));
  CHECK(closed.status == 400);
  if (Server::instance().major() >= 26) CHECK(closed.body == json{{"errorMessage", "SocketReset"}});
}

TEST_CASE("ldap-server-capabilities: the root DSE's controls, extensions and features", "[conformance][ldap]") {
  ScratchRealm realm;
  const Answer capabilities = realm.post("/ldap-server-capabilities", connection_test("queryServerCapabilities", ldap_url()));
  REQUIRE(capabilities.status == 200);
  bool paged_results = false;
  for (const auto& capability : capabilities.body) {
    CHECK((capability["type"] == "CONTROL" || capability["type"] == "EXTENSION" || capability["type"] == "FEATURE"));
    if (capability["oid"] == "1.2.840.113556.1.4.319") paged_results = capability["type"] == "CONTROL";
  }
  CHECK(paged_results);

  json wrong_password = connection_test("queryServerCapabilities", ldap_url());
  wrong_password["bindCredential"] = "wrong";
  const Answer refused = realm.post("/ldap-server-capabilities", wrong_password);
  CHECK(refused.status == 400);
  CHECK(refused.body == json{{"errorMessage", "ldapServerCapabilities error"}});
}

TEST_CASE("testLDAPConnection: the form variant still answers", "[conformance][ldap]") {
  ScratchRealm realm;
  const std::string form = "action=testConnection&connectionUrl=" + httplib::detail::encode_query_param(ldap_url());
  const Answer tested = Server::instance().request("POST", realm.path("/testLDAPConnection"), form, "application/x-www-form-urlencoded");
  CHECK(tested.status == 204);
  // A body that claims to be JSON but is not: JAX-RS refuses it before Keycloak's code runs.
  const Answer mislabelled = Server::instance().request("POST", realm.path("/testLDAPConnection"), form, "application/json");
  CHECK(mislabelled.status == 400);
  if (Server::instance().major() >= 26) {
    CHECK(mislabelled.body == json{{"error", "invalid_request"}, {"error_description", "Cannot parse the JSON"}});
  }
}
