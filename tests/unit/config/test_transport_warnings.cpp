// src/config/transport_warnings: tls_verify = false and plain http:// to another machine are warned about;
// loopback http:// (a local Keycloak) is not.
#include <catch2/catch.hpp>

#include "src/config/transport_warnings.hpp"

using namespace kcldap::config;

namespace {
Config keycloak_at(const std::string& url, bool tls_verify = true) {
  Config config;
  config.keycloak.url = url;
  config.keycloak.tls_verify = tls_verify;
  return config;
}
}  // namespace

TEST_CASE("loopback hosts", "[config][warnings]") {
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.3.4.5"));
  CHECK(is_loopback_host("[::1]"));
  CHECK_FALSE(is_loopback_host("127.example.com"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("kc.example.com"));
  CHECK(url_host("http://kc.example.com:8080/auth") == "kc.example.com");
  CHECK(url_host("http://[::1]:8080") == "[::1]");
}

TEST_CASE("plain http to another machine and tls_verify = false are warned about", "[config][warnings]") {
  CHECK(transport_warnings(keycloak_at("https://kc.example.com")).empty());
  CHECK(transport_warnings(keycloak_at("http://127.0.0.1:8080")).empty());
  CHECK(transport_warnings(keycloak_at("http://localhost:8080/auth")).empty());
  const auto http = transport_warnings(keycloak_at("http://kc.example.com:8080"));
  REQUIRE(http.size() == 1);
  CHECK(http[0].find("plain http:// to kc.example.com") != std::string::npos);
  const auto unverified = transport_warnings(keycloak_at("https://kc.example.com", false));
  REQUIRE(unverified.size() == 1);
  CHECK(unverified[0].find("[keycloak] tls_verify = false") != std::string::npos);
}
