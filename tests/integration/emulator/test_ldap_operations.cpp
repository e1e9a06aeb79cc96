// Contract: what the emulated Keycloak does against the real directory: testLDAPConnection (JSON and
// form, stored-secret rules), ldap-server-capabilities, sync, group mapper sync, user lookup and the
// federated password grant (reference §2.3–§2.6, §7).
#include "integration/emulator/contract_support.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

json test_body(const std::string& action, const std::string& url, const std::string& credential, const std::string& component = "") {
  json body = {{"action", action},
               {"connectionUrl", url},
               {"bindDn", slapd().at("KCLDAP_SLAPD_BIND_DN")},
               {"bindCredential", credential},
               {"useTruststoreSpi", "always"},
               {"connectionTimeout", "3000"},
               {"startTls", "false"},
               {"authType", "simple"}};
  if (!component.empty()) body["componentId"] = component;
  return body;
}

}  // namespace

TEST_CASE("emulator: testLDAPConnection really connects and binds, with the version's error bodies", "[emulator][ldap]") {
  const std::string version = GENERATE("21.1", "24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  const std::string path = "/admin/realms/demo/testLDAPConnection";
  const std::string ldaps = slapd().at("KCLDAP_SLAPD_LDAPS_URL");
  const std::string password = slapd().at("KCLDAP_SLAPD_BIND_PASSWORD");
  CHECK(emulator.post_json(path, token, test_body("testConnection", ldaps, ""))->status == 204);
  CHECK(emulator.post_json(path, token, test_body("testAuthentication", ldaps, password))->status == 204);
  const bool codes = version != "21.1";
  auto wrong = emulator.post_json(path, token, test_body("testAuthentication", ldaps, "wrong"));
  CHECK(wrong->status == 400);
  CHECK(json::parse(wrong->body) == json{{"errorMessage", codes ? "AuthenticationFailure" : "LDAP test error"}});
  auto refused = emulator.post_json(path, token, test_body("testConnection", "ldap://127.0.0.1:1", ""));
  // A refused connection: SocketReset on real Keycloak 26.4.7 and 26.7.3 (conformance: ldap).
  const std::string refused_code = version == "26.4" ? "SocketReset" : "ConnectionFailed";
  CHECK(json::parse(refused->body) == json{{"errorMessage", codes ? refused_code : "LDAP test error"}});
  auto unknown_action = emulator.post_json(path, token, test_body("ping", ldaps, ""));
  CHECK(json::parse(unknown_action->body) == json{{"errorMessage", codes ? "NamingError" : "LDAP test error"}});
  // The form variant (authType forced to simple).
  auto form = emulator.post_form(path, token, {{"action", "testAuthentication"}, {"connectionUrl", ldaps},
                                              {"bindDn", slapd().at("KCLDAP_SLAPD_BIND_DN")}, {"bindCredential", password},
                                              {"useTruststoreSpi", "always"}});
  CHECK(form->status == 204);
  // StartTLS on the plain port.
  json start_tls = test_body("testAuthentication", slapd().at("KCLDAP_SLAPD_URL"), password);
  start_tls["startTls"] = "true";
  CHECK(emulator.post_json(path, token, start_tls)->status == 204);
}

TEST_CASE("emulator: the TLS handshake is only tested from 24.0 (before, test connection was TCP only)", "[emulator][ldap]") {
  const std::string version = GENERATE("21.1", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string plain_port_as_ldaps = "ldaps://127.0.0.1:" + slapd().at("KCLDAP_SLAPD_PORT");
  auto response = emulator.post_json("/admin/realms/demo/testLDAPConnection", emulator.admin_token(),
                                     test_body("testConnection", plain_port_as_ldaps, ""));
  CHECK(response->status == (version == "21.1" ? 204 : 400));
  if (version == "26.4") CHECK(json::parse(response->body) == json{{"errorMessage", "SSLHandshakeFailed"}});
}

TEST_CASE("emulator: LDAPS trust comes from the truststore SPI setting", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  json never = test_body("testAuthentication", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  never["useTruststoreSpi"] = "never";  // the JVM's default trust store does not know the fixture CA
  auto response = emulator.post_json("/admin/realms/demo/testLDAPConnection", emulator.admin_token(), never);
  CHECK(json::parse(response->body) == json{{"errorMessage", "SSLHandshakeFailed"}});
}

TEST_CASE("emulator: the stored secret replaces the mask only for the stored URL and bind DN from 25.0.1", "[emulator][ldap]") {
  const std::string version = GENERATE("24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  const std::string path = "/admin/realms/demo/testLDAPConnection";
  CHECK(emulator.post_json(path, token, test_body("testAuthentication", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), "**********", id))->status == 204);
  // Same server, another URL spelling (StartTLS on the plain port): the stored secret must not follow.
  json moved = test_body("testAuthentication", slapd().at("KCLDAP_SLAPD_URL"), "**********", id);
  moved["startTls"] = "true";
  CHECK(emulator.post_json(path, token, moved)->status == (version == "26.4" ? 400 : 204));
}

TEST_CASE("emulator: JSON testLDAPConnection needs manage-realm only from 24.0.5", "[emulator][ldap]") {
  const std::string version = GENERATE("24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version, {"--client", "demo:viewer:v:view-realm"}));
  const std::string viewer = emulator.client_token("demo", "viewer", "v");
  const json body = test_body("testConnection", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), "");
  CHECK(emulator.post_json("/admin/realms/demo/testLDAPConnection", viewer, body)->status == (version == "24.0" ? 204 : 403));
  CHECK(emulator.post_form("/admin/realms/demo/testLDAPConnection", viewer, {{"action", "testConnection"}})->status == 403);
}

TEST_CASE("emulator: ldap-server-capabilities reads the root DSE, [] without the action", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  json body = test_body("", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  body.erase("action");
  CHECK(body_of(emulator.post_json("/admin/realms/demo/ldap-server-capabilities", token, body)) == json::array());
  body["action"] = "queryServerCapabilities";
  const json capabilities = body_of(emulator.post_json("/admin/realms/demo/ldap-server-capabilities", token, body));
  const auto has = [&](const json& item) { return std::find(capabilities.begin(), capabilities.end(), item) != capabilities.end(); };
  CHECK(has(json{{"oid", "1.2.840.113556.1.4.319"}, {"type", "CONTROL"}}));
  CHECK(has(json{{"oid", "1.3.6.1.4.1.4203.1.11.1"}, {"type", "EXTENSION"}}));
  body["bindCredential"] = "wrong";
  auto failed = emulator.post_json("/admin/realms/demo/ldap-server-capabilities", token, body);
  CHECK(json::parse(failed->body) == json{{"errorMessage", "ldapServerCapabilities error"}});
}

TEST_CASE("emulator: full sync imports through the mappers and reports a SynchronizationResult", "[emulator][ldap]") {
  const std::string version = GENERATE("21.1", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version, {"--user", "demo:aanderson:local-pw:alice@elsewhere.example"}));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  const std::string sync = "/admin/realms/demo/user-storage/" + id + "/sync?action=triggerFullSync";
  const json first = body_of(emulator.post_empty(sync, token));
  // aanderson exists as a local user: Keycloak counts it as failed instead of linking the wrong account.
  CHECK(first == json{{"ignored", false}, {"added", 49}, {"updated", 0}, {"removed", 0}, {"failed", 1},
                      {"status", "49 imported users, 0 updated users, 1 users failed sync! See server log for more details"}});
  const json second = body_of(emulator.post_empty(sync, token));
  CHECK(second["updated"] == 49);
  CHECK(second["added"] == 0);
  const json stored = body_of(emulator.get("/admin/realms/demo/components/" + id, token));
  REQUIRE(stored["config"].contains("lastSync"));
  const json changed = body_of(emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync?action=triggerChangedUsersSync", token));
  CHECK(changed["added"] == 0);
  CHECK(changed["failed"] == 0);
}

TEST_CASE("emulator: sync is ignored with import off or the provider disabled, and rejects bad requests", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  json no_import = ldap_provider();
  no_import["config"]["importEnabled"] = {"false"};
  const std::string id = create(emulator, token, no_import);
  const json ignored = body_of(emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync?action=triggerFullSync", token));
  CHECK(ignored["ignored"] == true);
  CHECK(ignored["status"] == "Synchronization ignored as it's already in progress");
  CHECK(json::parse(emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync", token)->body) == json{{"error", "Missing action"}});
  CHECK(json::parse(emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync?action=all", token)->body) ==
        json{{"error", "Unknown action: all"}});
  CHECK(emulator.post_empty("/admin/realms/demo/user-storage/nope/sync?action=triggerFullSync", token)->status == 404);
}

TEST_CASE("emulator: a sync against a broken bind is an error code from 22, a 500 before", "[emulator][ldap]") {
  const std::string version = GENERATE("21.1", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  json broken = ldap_provider();
  broken["config"]["bindCredential"] = {"wrong"};
  const std::string id = create(emulator, token, broken);
  auto response = emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync?action=triggerFullSync", token);
  if (version == "21.1") {
    CHECK(response->status == 500);
    CHECK(json::parse(response->body) == json{{"error", "unknown_error"}});
  } else {
    CHECK(response->status == 400);
    CHECK(json::parse(response->body) == json{{"errorMessage", "AuthenticationFailure"}});
  }
}

TEST_CASE("emulator: the group mapper sync imports groups", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string parent = create(emulator, token, ldap_provider());
  const std::string mapper = create(emulator, token, {{"name", "groups"}, {"providerId", "group-ldap-mapper"}, {"providerType", kMapper},
                                                      {"parentId", parent},
                                                      {"config", {{"groups.dn", {slapd().at("KCLDAP_SLAPD_GROUPS_DN")}}, {"mode", {"READ_ONLY"}}}}});
  const json result = body_of(emulator.post_empty("/admin/realms/demo/user-storage/" + parent + "/mappers/" + mapper + "/sync?direction=fedToKeycloak", token));
  CHECK(result["status"] == "4 imported groups, 0 updated groups, 0 removed groups");  // groupOfNames only
  CHECK(emulator.state()["realms"][1]["groups"].contains("/engineering"));
  CHECK(emulator.post_empty("/admin/realms/demo/user-storage/" + parent + "/mappers/" + mapper + "/sync?direction=sideways", token)->status == 400);
}

TEST_CASE("emulator: with import off, users are looked up live with f: ids and mapped attributes", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  json no_import = ldap_provider();
  no_import["config"]["importEnabled"] = {"false"};
  const std::string id = create(emulator, token, no_import);
  const json users = body_of(emulator.get("/admin/realms/demo/users?username=aanderson&exact=true", token));
  REQUIRE(users.size() == 1);
  CHECK(users[0]["id"] == "f:" + id + ":aanderson");
  CHECK(users[0]["federationLink"] == id);
  CHECK(users[0]["email"] == "aanderson@example.org");
  CHECK(users[0]["lastName"] == "Anderson");
  CHECK(users[0]["firstName"] == "Alice Anderson");  // the default "first name" mapper reads cn when the RDN is uid
  CHECK(emulator.state()["realms"][1]["users"].empty());  // nothing imported
  // A user without mail has no email key at all.
  const json no_mail = body_of(emulator.get("/admin/realms/demo/users?search=xbrown", token));
  REQUIRE_FALSE(no_mail.empty());
  CHECK_FALSE(no_mail[0].contains("email"));
  // The count is Keycloak's own store only: directory users are not counted (real Keycloak 26.4.7/26.7.3).
  CHECK(body_of(emulator.get("/admin/realms/demo/users/count?search=*", token)) == 0);
}

TEST_CASE("emulator: an email mapper reading an attribute users lack leaves email empty", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  for (const auto& mapper : children(emulator, token, id)) {
    if (mapper["name"] == "email") {
      REQUIRE(emulator.put_json("/admin/realms/demo/components/" + mapper["id"].get<std::string>(), token,
                                {{"providerId", "user-attribute-ldap-mapper"}, {"providerType", kMapper},
                                 {"config", {{"ldap.attribute", {"userPrincipalName"}}}}})->status == 204);
    }
  }
  const json users = body_of(emulator.get("/admin/realms/demo/users?username=aanderson&exact=true", token));
  REQUIRE(users.size() == 1);
  CHECK_FALSE(users[0].contains("email"));
  CHECK(users[0]["federationLink"] == id);
}

TEST_CASE("emulator: the password grant for a federated user binds to the directory", "[emulator][ldap]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  create(emulator, token, ldap_provider());
  const std::string password = slapd().at("KCLDAP_SLAPD_USER_PASSWORD");
  auto ok = emulator.client().Post("/realms/demo/protocol/openid-connect/token",
                                   httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", "jdavis"}, {"password", password}});
  CHECK(ok->status == 200);
  auto wrong = emulator.client().Post("/realms/demo/protocol/openid-connect/token",
                                      httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", "jdavis"}, {"password", "nope"}});
  CHECK(wrong->status == 401);
  CHECK(json::parse(wrong->body)["error_description"] == "Invalid user credentials");
}

TEST_CASE("emulator: --ldap-unreachable puts the directory out of the emulated Keycloak's network reach", "[emulator][ldap]") {
  const std::string ldaps = slapd().at("KCLDAP_SLAPD_LDAPS_URL");
  EmulatorProcess emulator(emulator_args("26.4", {"--ldap-unreachable", ldaps.substr(std::string("ldaps://").size())}));
  auto refused = emulator.post_json("/admin/realms/demo/testLDAPConnection", emulator.admin_token(), test_body("testConnection", ldaps, ""));
  CHECK(refused->status == 400);
  CHECK(json::parse(refused->body) == json{{"errorMessage", "ConnectionFailed"}});
  // Other addresses stay reachable.
  auto plain = emulator.post_json("/admin/realms/demo/testLDAPConnection", emulator.admin_token(),
                                  test_body("testConnection", slapd().at("KCLDAP_SLAPD_URL"), ""));
  CHECK(plain->status == 204);
}
