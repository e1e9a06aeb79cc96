// Keycloak conformance: the token endpoint (client credentials, password and refresh grants and their
// errors), the OpenID discovery document, the public realm endpoint and bearer-token refusals.
#include <catch2/catch.hpp>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

namespace {

Answer token(const ScratchRealm& realm, const httplib::Params& form, const std::string& basic_user = "",
             const std::string& basic_password = "") {
  return Server::instance().form("/realms/" + realm.name() + "/protocol/openid-connect/token", form, basic_user, basic_password);
}

json error(const std::string& code, const std::string& description) {
  return {{"error", code}, {"error_description", description}};
}

}  // namespace

TEST_CASE("tokens: client credentials of a service-account client, in the form or HTTP Basic", "[conformance][tokens]") {
  ScratchRealm realm;
  const Answer created = realm.post("/clients", {{"clientId", "conf-service"}, {"publicClient", false}, {"serviceAccountsEnabled", true}});
  REQUIRE(created.status == 201);
  const std::string secret = realm.get("/clients/" + created.id_from_location() + "/client-secret").body["value"];
  const Answer granted = token(realm, {{"grant_type", "client_credentials"}, {"client_id", "conf-service"}, {"client_secret", secret}});
  REQUIRE(granted.status == 200);
  CHECK(granted.body["token_type"] == "Bearer");
  CHECK(granted.body["expires_in"].is_number_integer());
  CHECK_FALSE(granted.body.contains("refresh_token"));  // client credentials get no refresh token by default
  const Answer basic = token(realm, {{"grant_type", "client_credentials"}}, "conf-service", secret);
  CHECK(basic.status == 200);

  CHECK(token(realm, {{"grant_type", "client_credentials"}, {"client_id", "conf-service"}, {"client_secret", "wrong"}}).body ==
        error("unauthorized_client", "Invalid client or Invalid client credentials"));
  const Answer unknown = token(realm, {{"grant_type", "client_credentials"}, {"client_id", "nope"}, {"client_secret", "x"}});
  CHECK(unknown.status == 401);
  CHECK(unknown.body == error("invalid_client", "Invalid client or Invalid client credentials"));
  const Answer public_client = token(realm, {{"grant_type", "client_credentials"}, {"client_id", "admin-cli"}});
  CHECK(public_client.status == 401);
  CHECK(public_client.body == error("unauthorized_client", "Public client not allowed to retrieve service account"));
}

TEST_CASE("tokens: a confidential client without service accounts is refused client credentials", "[conformance][tokens]") {
  ScratchRealm realm;
  const Answer created = realm.post("/clients", {{"clientId", "conf-no-sa"}, {"publicClient", false}, {"serviceAccountsEnabled", false}});
  REQUIRE(created.status == 201);
  const std::string secret = realm.get("/clients/" + created.id_from_location() + "/client-secret").body["value"];
  const Answer refused = token(realm, {{"grant_type", "client_credentials"}, {"client_id", "conf-no-sa"}, {"client_secret", secret}});
  CHECK(refused.status == 401);
  CHECK(refused.body == error("unauthorized_client", "Client not enabled to retrieve service account"));
}

TEST_CASE("tokens: password and refresh grants and their errors", "[conformance][tokens]") {
  ScratchRealm realm;
  Server& server = Server::instance();
  const Answer wrong = token(realm, {{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", "nobody"}, {"password", "x"}});
  // RFC 6749's 400 for invalid_grant since Keycloak 26.6 (keycloak#46528); 401 before.
  CHECK(wrong.status == (Server::instance().at_least(26, 6) ? 400 : 401));
  CHECK(wrong.body == error("invalid_grant", "Invalid user credentials"));
  const Answer bogus = token(realm, {{"grant_type", "bogus"}, {"client_id", "admin-cli"}});
  CHECK(bogus.status == 400);
  CHECK(bogus.body == error("unsupported_grant_type", "Unsupported grant_type"));
  const Answer junk = token(realm, {{"grant_type", "refresh_token"}, {"client_id", "admin-cli"}, {"refresh_token", "junk"}});
  CHECK(junk.status == 400);
  CHECK(junk.body == error("invalid_grant", "Invalid refresh token"));
  const Answer no_direct = token(realm, {{"grant_type", "password"}, {"client_id", "account"}, {"username", "x"}, {"password", "y"}});
  CHECK(no_direct.status == 400);
  CHECK(no_direct.body == error("unauthorized_client", "Client not allowed for direct access grants"));
  const Answer nowhere = server.form("/realms/no-such-realm/protocol/openid-connect/token", {{"grant_type", "password"}});
  CHECK(nowhere.status == 404);
  CHECK(nowhere.body == json{{"error", "Realm does not exist"}});
}

TEST_CASE("tokens: discovery document and the public realm endpoint", "[conformance][tokens]") {
  ScratchRealm realm;
  Server& server = Server::instance();
  const std::string issuer = server.base_url() + "/realms/" + realm.name();
  const Answer discovery = server.get("/realms/" + realm.name() + "/.well-known/openid-configuration");
  REQUIRE(discovery.status == 200);
  CHECK(discovery.body["issuer"] == issuer);
  CHECK(discovery.body["token_endpoint"] == issuer + "/protocol/openid-connect/token");
  CHECK(discovery.body["authorization_endpoint"] == issuer + "/protocol/openid-connect/auth");
  for (const char* grant : {"authorization_code", "client_credentials", "password", "refresh_token"}) {
    CHECK(std::find(discovery.body["grant_types_supported"].begin(), discovery.body["grant_types_supported"].end(), grant) !=
          discovery.body["grant_types_supported"].end());
  }
  const Answer missing = server.get("/realms/no-such-realm/.well-known/openid-configuration");
  CHECK(missing.status == 404);
  CHECK(missing.body == json{{"error", "Realm does not exist"}});

  const Answer realm_info = server.get("/realms/" + realm.name());
  REQUIRE(realm_info.status == 200);
  CHECK(realm_info.body["realm"] == realm.name());
  CHECK(realm_info.body["token-service"] == issuer + "/protocol/openid-connect");
  CHECK(realm_info.body["public_key"].is_string());
  CHECK(server.get("/realms/no-such-realm").body == json{{"error", "Realm does not exist"}});
}

TEST_CASE("tokens: admin calls without a valid bearer token answer 401", "[conformance][tokens]") {
  ScratchRealm realm;
  const Answer junk = Server::instance().request("GET", realm.path("/users"), "", "", "junk");
  CHECK(junk.status == 401);
  CHECK(junk.body == json{{"error", "HTTP 401 Unauthorized"}});
}

TEST_CASE("tokens: a service account's admin calls are limited to its realm-management roles", "[conformance][tokens]") {
  ScratchRealm realm;
  const Answer created = realm.post("/clients", {{"clientId", "conf-viewer"}, {"publicClient", false}, {"serviceAccountsEnabled", true}});
  REQUIRE(created.status == 201);
  const std::string id = created.id_from_location();
  const std::string secret = realm.get("/clients/" + id + "/client-secret").body["value"];
  const std::string account = realm.get("/clients/" + id + "/service-account-user").body["id"];
  const std::string management = realm.get("/clients?clientId=realm-management").body[0]["id"];
  json grant = json::array();
  for (const auto& role : realm.get("/clients/" + management + "/roles").body) {
    if (role["name"] == "view-realm") grant.push_back({{"id", role["id"]}, {"name", role["name"]}});
  }
  REQUIRE(realm.post("/users/" + account + "/role-mappings/clients/" + management, grant).status == 204);
  const Answer signed_in = token(realm, {{"grant_type", "client_credentials"}, {"client_id", "conf-viewer"}, {"client_secret", secret}});
  REQUIRE(signed_in.status == 200);
  const std::string bearer = signed_in.body["access_token"];
  Server& server = Server::instance();
  CHECK(server.request("GET", realm.path("/components"), "", "", bearer).status == 200);
  const Answer write = server.request("POST", realm.path("/components"), ldap_provider("conf-denied").dump(), "application/json", bearer);
  CHECK(write.status == 403);
  CHECK(write.body == json{{"error", "HTTP 403 Forbidden"}});
  CHECK(server.request("GET", realm.path("/users"), "", "", bearer).status == 403);
  // A token of one realm is no admin token for another: forbidden, not unauthenticated.
  const Answer elsewhere = server.request("GET", "/admin/realms/master/components", "", "", bearer);
  CHECK(elsewhere.status == 403);
  CHECK(elsewhere.body == json{{"error", "HTTP 403 Forbidden"}});
}
