// Hostile or wrong peers and retries (issue 15, items 3 and 6), as users meet them in `kcldap check` and
// `kcldap apply`: against real Keycloak, https:// to its plain HTTP port and its management port are
// explained in words and get no credential; against kc-emulator's fault injection, a Keycloak that
// answers 503 for a moment on the connection test, the sync and the test login does not roll back a
// correct apply, and a discovery answer in HTML stops the run before the password is sent.
#include <catch2/catch.hpp>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string user_password_env() { return "KCLDAP_TEST_USER_PW=" + quote(slapd().at("KCLDAP_SLAPD_USER_PASSWORD")); }

}  // namespace

TEST_CASE("https:// to Keycloak's plain HTTP port is named TLS to a plain port", "[peers]") {
  Setup setup("26.4");
  std::string https = setup.keycloak->url();
  REQUIRE(https.rfind("http://", 0) == 0);
  https.replace(0, 4, "https");
  const auto result = setup.kcldap("check --keycloak-url " + quote(https));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(has(result.out, "TLS to a plain HTTP port"));
  CHECK(has(result.out, "use http:// for this port"));
  CHECK_FALSE(has(result.out, "wrong version number"));  // not libcurl's words alone
}

TEST_CASE("a URL without a host is refused in words, before any request", "[peers]") {
  Setup setup("26.4");
  const auto result = setup.kcldap("check --keycloak-url http://");
  INFO(result.out << result.err);
  CHECK(result.exit_code == 2);  // the config's validation says it first; AdminClient::connect refuses it too
  CHECK(has(result.out + result.err, "\"http://\" has no host name"));
  CHECK_FALSE(has(result.out + result.err, "Could not resolve host: realms"));
}

TEST_CASE("Keycloak's management port is not taken for Keycloak", "[peers]") {
  if (!real_keycloak()) return;  // only real Keycloak has one
  Setup setup("26.4");
  const auto result = setup.kcldap("check --keycloak-url " + quote(real_keycloak_env().at("KCLDAP_KEYCLOAK_MANAGEMENT_URL")));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(has(result.out, "serves realm master"));
  CHECK(has(result.out, "management port"));
}

TEST_CASE("a discovery answer in HTML stops the run before the admin password is sent", "[peers][emulator]") {
  Setup setup("26.4", "", emulator_only({"--fault", "GET:/realms/master/.well-known:1:html:10"}));
  const auto result = setup.kcldap("check");
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(has(result.out, "answered with HTML, not Keycloak's discovery document"));
  int token_requests = 0;
  for (const auto& entry : setup.keycloak->emulator().log()) token_requests += has(entry["path"].get<std::string>(), "/token") ? 1 : 0;
  CHECK(token_requests == 0);
}

TEST_CASE("a moment of 503 on the connection test, the sync and the test login does not roll back an apply", "[peers][emulator]") {
  Setup setup("26.4", "[checks]\ntest_user = \"aanderson\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n",
              emulator_only({"--fault", "POST:/admin/realms/demo/testLDAPConnection:1:status=503", "--fault",
                             "POST:/admin/realms/demo/user-storage:1:status=503", "--fault", "POST:/realms/demo/protocol:1:status=503"}));
  const auto result = setup.kcldap("apply --yes", user_password_env());
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(has(result.out, "PASS  post.test-connection"));
  CHECK(has(result.out, "PASS  post.test-login"));
  CHECK(setup.providers().size() == 1);
}
