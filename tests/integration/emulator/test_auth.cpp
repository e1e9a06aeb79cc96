// Contract: tokens, bearer checks, roles per endpoint, realm and serverinfo (reference §1, §2.1).
#include "integration/emulator/contract_support.hpp"
#include "keycloak/roles.hpp"

using namespace kcldap::test;
using nlohmann::json;

TEST_CASE("emulator: the first stdout line is the base URL; SIGTERM stops it cleanly", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  CHECK(emulator.url().rfind("http://127.0.0.1:", 0) == 0);
  CHECK(emulator.stop() == 0);
}

TEST_CASE("emulator: password and client-credentials grants, with Keycloak's error bodies", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--client", "demo:kcldap:s3cret:manage-realm,view-realm"}));
  auto client = emulator.client();
  auto ok = client.Post("/realms/master/protocol/openid-connect/token",
                        httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", "admin"}, {"password", "admin"}});
  REQUIRE(ok->status == 200);
  const json token = json::parse(ok->body);
  CHECK(token["token_type"] == "Bearer");
  CHECK(token["expires_in"] == 60);
  CHECK(token.contains("refresh_token"));

  auto wrong = client.Post("/realms/master/protocol/openid-connect/token",
                           httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", "admin"}, {"password", "nope"}});
  CHECK(wrong->status == 401);
  CHECK(json::parse(wrong->body)["error"] == "invalid_grant");

  auto service = client.Post("/realms/demo/protocol/openid-connect/token",
                             httplib::Params{{"grant_type", "client_credentials"}, {"client_id", "kcldap"}, {"client_secret", "s3cret"}});
  REQUIRE(service->status == 200);
  CHECK_FALSE(json::parse(service->body).contains("refresh_token"));  // client credentials get no refresh token

  auto bad_secret = client.Post("/realms/demo/protocol/openid-connect/token",
                                httplib::Params{{"grant_type", "client_credentials"}, {"client_id", "kcldap"}, {"client_secret", "x"}});
  CHECK(bad_secret->status == 401);
  CHECK(json::parse(bad_secret->body)["error"] == "unauthorized_client");

  auto no_realm = client.Post("/realms/nowhere/protocol/openid-connect/token", httplib::Params{{"grant_type", "password"}});
  CHECK(no_realm->status == 404);
}

TEST_CASE("emulator: bearer tokens are checked and expire", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--token-lifespan", "1"}));
  const std::string token = emulator.admin_token();
  CHECK(emulator.get("/admin/realms/demo", token)->status == 200);
  CHECK(emulator.get("/admin/realms/demo", "not-a-token")->status == 401);
  CHECK(json::parse(emulator.get("/admin/realms/demo", "not-a-token")->body)["error"] == "HTTP 401 Unauthorized");
  CHECK(emulator.client().Get("/admin/realms/demo")->status == 401);
  ::usleep(1300000);
  CHECK(emulator.get("/admin/realms/demo", token)->status == 401);
  CHECK(emulator.get("/admin/realms/nowhere", emulator.admin_token())->status == 404);
}

TEST_CASE("emulator: a refresh token yields a new access token", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  auto first = emulator.client().Post("/realms/master/protocol/openid-connect/token",
                                      httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", "admin"}, {"password", "admin"}});
  const std::string refresh = json::parse(first->body)["refresh_token"];
  emulator.client().Post("/__emulator/expire-tokens", "", "text/plain");
  auto renewed = emulator.client().Post("/realms/master/protocol/openid-connect/token",
                                        httplib::Params{{"grant_type", "refresh_token"}, {"client_id", "admin-cli"}, {"refresh_token", refresh}});
  REQUIRE(renewed->status == 200);
  CHECK(emulator.get("/admin/realms/demo", json::parse(renewed->body)["access_token"])->status == 200);
}

TEST_CASE("emulator: the roles each endpoint needs are enforced with 403", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--client", "demo:viewer:v:view-realm", "--client", "demo:querier:q:query-users",
                                                  "--client", "demo:manager:m:manage-realm"}));
  const std::string viewer = emulator.client_token("demo", "viewer", "v");
  const std::string querier = emulator.client_token("demo", "querier", "q");
  const std::string manager = emulator.client_token("demo", "manager", "m");
  CHECK(emulator.get("/admin/realms/demo/components", viewer)->status == 200);
  CHECK(emulator.post_json("/admin/realms/demo/components", viewer, ldap_provider())->status == 403);
  CHECK(json::parse(emulator.post_json("/admin/realms/demo/components", viewer, ldap_provider())->body)["error"] == "HTTP 403 Forbidden");
  CHECK(emulator.get("/admin/realms/demo/components", querier)->status == 403);
  CHECK(emulator.get("/admin/realms/demo/users", querier)->status == 200);
  CHECK(emulator.get("/admin/realms/demo/users", viewer)->status == 403);
  CHECK(emulator.get("/admin/realms/demo/components", manager)->status == 200);  // manage-realm implies view
  const std::string id = create(emulator, manager, ldap_provider());
  CHECK(emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync?action=triggerFullSync", manager)->status == 403);
  // A token from realm demo cannot administer master.
  CHECK(emulator.get("/admin/realms/master/components", manager)->status == 403);
}

TEST_CASE("emulator: GET realm shows the id only with view-realm", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("24.0", {"--client", "demo:querier:q:query-users"}));
  const json full = body_of(emulator.get("/admin/realms/demo", emulator.admin_token()));
  CHECK(full["realm"] == "demo");
  CHECK(full["id"].get<std::string>().size() == 36);
  const json partial = body_of(emulator.get("/admin/realms/demo", emulator.client_token("demo", "querier", "q")));
  CHECK(partial == json{{"realm", "demo"}});
}

TEST_CASE("emulator: serverinfo hides the version from realm service accounts on 26.4 only", "[emulator][auth]") {
  for (const std::string version : {"24.0", "26.4"}) {
    INFO(version);
    EmulatorProcess emulator(emulator_args(version, {"--client", "demo:kcldap:s:manage-realm"}));
    const json as_admin = body_of(emulator.get("/admin/serverinfo", emulator.admin_token()));
    CHECK(as_admin["systemInfo"]["version"].get<std::string>().rfind(version, 0) == 0);
    const json as_service = body_of(emulator.get("/admin/serverinfo", emulator.client_token("demo", "kcldap", "s")));
    CHECK(as_service.contains("systemInfo") == (version == "24.0"));
    CHECK(as_service["componentTypes"].contains(kStorage));
  }
}

TEST_CASE("emulator: --context-path /auth serves the legacy layout only", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--context-path", "/auth"}));
  CHECK(emulator.url().ends_with("/auth"));
  CHECK(emulator.client().Get("/auth/realms/master/.well-known/openid-configuration")->status == 200);
  CHECK(emulator.client().Get("/realms/master/.well-known/openid-configuration")->status == 404);
  CHECK(emulator.get("/admin/realms/demo", emulator.admin_token())->status == 200);
}

TEST_CASE("emulator: access tokens are JWTs whose claims carry the effective roles, composites expanded", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--client", "demo:kcldap:s3cret:view-users,manage-realm"}));
  const auto claims_of = [](const std::string& token) {
    const auto claims = kcldap::keycloak::decode_token_claims(token);
    REQUIRE(claims);
    return *claims;
  };
  const json service = claims_of(emulator.client_token("demo", "kcldap", "s3cret"));
  CHECK(service["azp"] == "kcldap");
  CHECK(service["preferred_username"] == "service-account-kcldap");
  CHECK(service["resource_access"]["realm-management"]["roles"] ==
        json::array({"manage-realm", "query-groups", "query-users", "view-users"}));  // view-users holds the query roles
  const json admin = claims_of(emulator.admin_token());
  CHECK(admin["realm_access"]["roles"].dump().find("\"admin\"") != std::string::npos);
  CHECK(admin["resource_access"]["demo-realm"]["roles"].size() == 19);  // realm-admin and all it holds
  // The token still works as a bearer token.
  CHECK(emulator.get("/admin/realms/demo/components", emulator.client_token("demo", "kcldap", "s3cret"))->status == 200);
}

TEST_CASE("emulator: --lightweight-tokens leaves the role claims out", "[emulator][auth]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--lightweight-tokens"}));
  const auto claims = kcldap::keycloak::decode_token_claims(emulator.admin_token());
  REQUIRE(claims);
  CHECK_FALSE(claims->contains("resource_access"));
  CHECK_FALSE(claims->contains("realm_access"));
}
