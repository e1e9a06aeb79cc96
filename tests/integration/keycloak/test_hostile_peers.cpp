// keycloak/admin_client against a kc-emulator that misbehaves (fault injection): a discovery answer that
// is HTML or not JSON gets no credential; 503s on discovery, token, testLDAPConnection and the sync are
// retried under the one rule and, when they persist, named with the request and the count; a body over
// the limit is cut off with an error, in bounded memory; a malformed URL is refused before any request.
#include <sys/resource.h>

#include <catch2/catch.hpp>

#include "keycloak/admin_client.hpp"
#include "support/admin_settings.hpp"
#include "support/emulator_process.hpp"

using namespace kcldap::keycloak;
using kcldap::test::admin_settings;
using kcldap::test::EmulatorProcess;
using nlohmann::json;

namespace {

int count_requests(const EmulatorProcess& emulator, const std::string& method, const std::string& path_part, int status = 0) {
  int count = 0;
  for (const auto& entry : emulator.log()) {
    if (entry["method"] == method && entry["path"].get<std::string>().find(path_part) != std::string::npos &&
        (status == 0 || entry["status"] == status)) {
      ++count;
    }
  }
  return count;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("hostile peer: a discovery answer in HTML or not JSON gets no credential", "[keycloak][peers]") {
  for (const std::string odd : {"html", "garbage"}) {
    INFO(odd);
    EmulatorProcess emulator({"--port", "0", "--realm", "demo", "--fault", "GET:/:1:" + odd + ":10"});
    auto client = AdminClient::connect(admin_settings(emulator.url()));
    REQUIRE_FALSE(client);
    const std::string text = client.error().to_string();
    CHECK(has(text, odd == "html" ? "answered with HTML, not Keycloak's discovery document" : "not a JSON object"));
    CHECK(has(text, "proxy's login page"));
    CHECK(count_requests(emulator, "POST", "/protocol/openid-connect/token") == 0);  // the password never left
  }
}

TEST_CASE("retries: a 503 on discovery, token, connection test and sync is retried; a lasting one is named", "[keycloak][peers]") {
  EmulatorProcess emulator({"--port", "0", "--realm", "demo", "--fault", "GET:/realms/master/.well-known:1:status=503:2",
                            "--fault", "POST:/realms/master/protocol:1:status=503:2",
                            "--fault", "POST:/admin/realms/demo/testLDAPConnection:1:status=503:2",
                            "--fault", "POST:/admin/realms/demo/user-storage:1:status=502"});
  auto client = AdminClient::connect(admin_settings(emulator.url()));
  REQUIRE(client);
  CHECK(count_requests(emulator, "GET", "/.well-known/", 503) == 2);
  CHECK(count_requests(emulator, "POST", "/protocol/openid-connect/token", 200) == 1);
  auto tested = client->call("POST", "/testLDAPConnection", "run Keycloak's connection test", json{{"action", "testConnection"}});
  CHECK(count_requests(emulator, "POST", "/testLDAPConnection") == 3);  // two 503s, then Keycloak's own answer
  auto synced = client->call("POST", "/user-storage/none/sync?action=triggerFullSync", "sync users");
  REQUIRE_FALSE(synced);
  CHECK(synced.error().status == 404);  // after the 502, the retry reached Keycloak
  CHECK(client->password_login("master", "admin", "admin"));

  EmulatorProcess down({"--port", "0", "--realm", "demo", "--fault", "POST:/admin/realms/demo/testLDAPConnection:1:status=503:10"});
  auto other = AdminClient::connect(admin_settings(down.url()));
  REQUIRE(other);
  auto failed = other->call("POST", "/testLDAPConnection", "run Keycloak's connection test", json::object());
  REQUIRE_FALSE(failed);
  const std::string text = failed.error().to_string();
  CHECK(has(text, "Keycloak answered 503 4 times over"));
  CHECK(has(text, "overloaded or restarting"));
  CHECK(has(text, "POST /admin/realms/demo/testLDAPConnection -> 503"));
}

TEST_CASE("retries: 5xx on discovery says the server failed, not 'check url'; 500 on the token is no refusal", "[keycloak][peers]") {
  EmulatorProcess failing({"--port", "0", "--realm", "demo", "--fault", "GET:/:1:status=503:20"});
  auto located = AdminClient::connect(admin_settings(failing.url()));
  REQUIRE_FALSE(located);
  CHECK(has(located.error().cause, "answered 503: the server (or a proxy before it) failed (answered 503 4 times over"));
  CHECK_FALSE(has(located.error().cause, "neither"));
  EmulatorProcess broken({"--port", "0", "--realm", "demo", "--fault", "POST:/realms/master/protocol:1:status=500"});
  auto signed_in = AdminClient::connect(admin_settings(broken.url()));
  REQUIRE_FALSE(signed_in);
  CHECK(signed_in.error().cause == "Keycloak failed internally (500)");
}

TEST_CASE("bounds: an answer over the size limit is cut off with an error, in bounded memory", "[keycloak][peers]") {
  EmulatorProcess emulator({"--port", "0", "--realm", "demo", "--fault", "GET:/admin/realms/demo/components:1:huge=536870912"});
  ClientSettings settings = admin_settings(emulator.url());
  settings.max_response_bytes = std::size_t{4} << 20U;
  auto client = AdminClient::connect(settings);
  REQUIRE(client);
  const long before = peak_rss_kib();
  auto listed = client->get_json("/components", "list components");
  REQUIRE_FALSE(listed);
  CHECK(has(listed.error().to_string(), "list components failed: the answer exceeded the limit of 4194304 bytes"));
  CHECK(peak_rss_kib() - before < 64 * 1024);  // well under the 512 MiB the peer offered
  CHECK(kDefaultMaxResponseBytes == std::size_t{64} << 20U);
}

TEST_CASE("words: a URL without a host, TLS to a plain port, a refused port", "[keycloak][peers]") {
  for (const std::string url : {"http://", "http:///", "keycloak.example.com"}) {
    auto bad = AdminClient::connect(admin_settings(url));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().cause == "[keycloak] url is not an http:// or https:// URL with a host name");
  }
  EmulatorProcess emulator({"--port", "0", "--realm", "demo"});
  std::string https = emulator.url();
  https.replace(0, 4, "https");
  auto tls = AdminClient::connect(admin_settings(https));
  REQUIRE_FALSE(tls);
  CHECK(has(tls.error().cause, "TLS to a plain HTTP port"));
  CHECK(count_requests(emulator, "POST", "/protocol/openid-connect/token") == 0);
  auto refused = AdminClient::connect(admin_settings("http://127.0.0.1:1"));
  REQUIRE_FALSE(refused);
  CHECK(has(refused.error().cause, "nothing accepts connections on 127.0.0.1:1 (connection refused)"));
}
