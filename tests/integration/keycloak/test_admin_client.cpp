// keycloak/admin_client against kc-emulator: base path, sign-in, version, token refresh, retries, and
// failures explained in words.
#include <catch2/catch.hpp>

#include "keycloak/admin_client.hpp"
#include "support/admin_settings.hpp"
#include "support/emulator_process.hpp"

using namespace kcldap::keycloak;
using kcldap::test::admin_settings;
using kcldap::test::EmulatorProcess;
using nlohmann::json;

namespace {

ClientSettings service_settings(const std::string& url, const std::string& secret = "s3cret") {
  ClientSettings settings = admin_settings(url);
  settings.username.clear();
  settings.password.clear();
  settings.auth_realm = "demo";
  settings.client_id = "kcldap";
  settings.client_secret = secret;
  return settings;
}

std::vector<std::string> log_lines(const EmulatorProcess& emulator) {
  std::vector<std::string> lines;
  for (const auto& entry : emulator.log()) {
    lines.push_back(entry["method"].get<std::string>() + " " + entry["path"].get<std::string>() + " " +
                    std::to_string(entry["status"].get<int>()));
  }
  return lines;
}

}  // namespace

TEST_CASE("admin client: root layout, admin sign-in, version from serverinfo, realm id", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--version", "26.4.2", "--realm", "demo"});
  auto client = AdminClient::connect(admin_settings(emulator.url()));
  REQUIRE(client);
  CHECK(client->facts().base_url == emulator.url());
  CHECK_FALSE(client->facts().legacy_auth_path);
  CHECK(client->facts().version == Version{26, 4, 2});
  CHECK(client->facts().version_source == "serverinfo");
  CHECK(client->facts().realm_id.size() == 36);
  CHECK(client->facts().identity == "user admin");
}

TEST_CASE("admin client: the legacy /auth layout is found from the bare URL", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--version", "21.1", "--realm", "demo", "--context-path", "/auth"});
  const std::string bare = emulator.url().substr(0, emulator.url().size() - 5);
  auto client = AdminClient::connect(admin_settings(bare));
  REQUIRE(client);
  CHECK(client->facts().legacy_auth_path);
  CHECK(client->facts().base_url == emulator.url());
  CHECK(client->facts().base_path_finding.find("legacy /auth") != std::string::npos);
  auto components = client->get_json("/components", "list components");
  REQUIRE(components);
  CHECK(components->is_array());
}

TEST_CASE("admin client: a realm service account on 26.4 gets the version from config or inference", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--version", "26.4", "--realm", "demo", "--client", "demo:kcldap:s3cret:manage-realm,view-realm"});
  auto inferred = AdminClient::connect(service_settings(emulator.url()));
  REQUIRE(inferred);
  CHECK(inferred->facts().version_source == "feature probing");
  CHECK(inferred->facts().version == Version{26, 4, 0});
  CHECK(inferred->facts().version_finding.find("or newer") != std::string::npos);
  ClientSettings pinned = service_settings(emulator.url());
  pinned.configured_version = "26.4.1";
  auto configured = AdminClient::connect(pinned);
  REQUIRE(configured);
  CHECK(configured->facts().version_source == "config");
  CHECK(configured->facts().version == Version{26, 4, 1});
}

TEST_CASE("admin client: sign-in failures say which credential is wrong, without the secret", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--realm", "demo", "--client", "demo:kcldap:s3cret:manage-realm"});
  auto wrong_secret = AdminClient::connect(service_settings(emulator.url(), "guessed-secret-123"));
  REQUIRE_FALSE(wrong_secret);
  CHECK(wrong_secret.error().cause == "the client id or client secret is wrong");
  CHECK(wrong_secret.error().to_string().find("guessed-secret-123") == std::string::npos);
  ClientSettings wrong_password = admin_settings(emulator.url());
  wrong_password.password = "nope-not-this";
  auto refused = AdminClient::connect(wrong_password);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().cause.find("username or password") != std::string::npos);
  CHECK(refused.error().to_string().find("nope-not-this") == std::string::npos);
  ClientSettings unreachable = admin_settings("http://127.0.0.1:1");
  auto down = AdminClient::connect(unreachable);
  REQUIRE_FALSE(down);
  CHECK(down.error().cause.find("nothing accepts connections on 127.0.0.1:1") != std::string::npos);
}

TEST_CASE("admin client: a 403 names the realm-management role that is missing", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--realm", "demo", "--client", "demo:kcldap:s3cret:view-realm"});
  auto client = AdminClient::connect(service_settings(emulator.url()));
  REQUIRE(client);
  auto refused = client->call("POST", "/components", "create the LDAP provider", json{{"name", "x"}});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 403);
  CHECK(refused.error().cause == "the service account of client kcldap lacks the realm-management role manage-realm in realm demo");
  auto sync = client->call("POST", "/user-storage/abc/sync?action=triggerFullSync", "sync users", json::object());
  REQUIRE_FALSE(sync);
  CHECK(sync.error().cause.find("manage-users") != std::string::npos);
}

TEST_CASE("admin client: a token that expires mid-run is renewed", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--realm", "demo"});
  auto client = AdminClient::connect(admin_settings(emulator.url()));
  REQUIRE(client);
  REQUIRE(emulator.client().Post("/__emulator/expire-tokens", "", "text/plain")->status == 204);
  emulator.client().Delete("/__emulator/log");
  auto components = client->get_json("/components", "list components");
  REQUIRE(components);
  const auto lines = log_lines(emulator);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "GET /admin/realms/demo/components 401");
  CHECK(lines[1] == "POST /realms/master/protocol/openid-connect/token 200");
  CHECK(lines[2] == "GET /admin/realms/demo/components 200");
}

TEST_CASE("admin client: idempotent requests are retried on 503 and resets; POST is not", "[keycloak][client]") {
  EmulatorProcess emulator({"--port", "0", "--realm", "demo", "--fault", "GET:/admin/realms/demo/components:1:status=503:2",
                            "--fault", "DELETE:/admin/realms/demo/components:1:close",
                            "--fault", "POST:/admin/realms/demo/components:1:status=503"});
  auto client = AdminClient::connect(admin_settings(emulator.url()));
  REQUIRE(client);
  emulator.client().Delete("/__emulator/log");
  auto listed = client->get_json("/components", "list components");
  REQUIRE(listed);
  auto deleted = client->call("DELETE", "/components/nope", "delete a component");
  REQUIRE_FALSE(deleted);
  CHECK(deleted.error().status == 404);  // after the reset, the retry reached Keycloak
  auto created = client->call("POST", "/components", "create the LDAP provider", json{{"name", "x"}});
  REQUIRE_FALSE(created);
  CHECK(created.error().status == 503);
  const auto lines = log_lines(emulator);
  CHECK(std::count(lines.begin(), lines.end(), "GET /admin/realms/demo/components 503") == 2);
  CHECK(std::count(lines.begin(), lines.end(), "GET /admin/realms/demo/components 200") == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("POST /admin/realms/demo/components", 0) == 0; }) == 1);
}
