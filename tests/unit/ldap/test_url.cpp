#include <catch2/catch.hpp>

#include "ldap/url.hpp"

using namespace kcldap::ldap;

TEST_CASE("LDAP URLs parse with default ports", "[url]") {
  auto plain = parse_ldap_url("ldap://dc1.example.com");
  REQUIRE(plain);
  CHECK_FALSE(plain->secure);
  CHECK(plain->port == 389);
  auto secure = parse_ldap_url("LDAPS://dc1.example.com:3269/");
  REQUIRE(secure);
  CHECK(secure->secure);
  CHECK(secure->port == 3269);
  CHECK(secure->to_string() == "ldaps://dc1.example.com:3269");
  auto ipv6 = parse_ldap_url("ldaps://[::1]:636");
  REQUIRE(ipv6);
  CHECK(ipv6->host == "::1");
  CHECK(ipv6->to_string() == "ldaps://[::1]:636");
}

TEST_CASE("bad LDAP URLs are explained", "[url]") {
  std::string error;
  CHECK_FALSE(parse_ldap_url("https://x", &error));
  CHECK(error.find("not an LDAP scheme") != std::string::npos);
  CHECK_FALSE(parse_ldap_url("x.example.com", &error));
  CHECK(error.find("no scheme") != std::string::npos);
  CHECK_FALSE(parse_ldap_url("ldap://x:0", &error));
  CHECK_FALSE(parse_ldap_url("ldap://x:abc", &error));
  CHECK_FALSE(parse_ldap_url("ldap://", &error));
  CHECK(error.find("no host") != std::string::npos);
  CHECK_FALSE(parse_ldap_url("ldapi:///var/run/slapd.sock", &error));
  CHECK(error.find("ldapi") != std::string::npos);
  CHECK_FALSE(parse_ldap_url("ldap://[::1", &error));
}
