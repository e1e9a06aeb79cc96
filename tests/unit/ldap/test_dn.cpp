#include <catch2/catch.hpp>
#include <ldap.h>

#include "ldap/dn.hpp"

using namespace kcldap::ldap;

TEST_CASE("DNs parse into RDNs with unescaped values", "[dn]") {
  auto dn = parse_dn("uid=jdoe,ou=people, dc=example,dc=org");
  REQUIRE(dn);
  REQUIRE(dn->rdns.size() == 4);
  CHECK(dn->rdns[0].parts[0].attribute == "uid");
  CHECK(dn->rdns[0].parts[0].value == "jdoe");
  auto escaped = parse_dn("cn=Doe\\, John,ou=people");
  REQUIRE(escaped);
  CHECK(escaped->rdns[0].parts[0].value == "Doe, John");
  auto hex = parse_dn("cn=Zo\\C3\\AB,dc=x");
  REQUIRE(hex);
  CHECK(hex->rdns[0].parts[0].value == "Zoë");
  auto multi = parse_dn("cn=a+sn=b,dc=x");
  REQUIRE(multi);
  CHECK(multi->rdns[0].parts.size() == 2);
  CHECK(parse_dn("")->rdns.empty());
}

TEST_CASE("bad DNs say what is wrong and where", "[dn]") {
  DnParseError error{};
  CHECK_FALSE(parse_dn("ou=people,dc", &error));
  CHECK(error.message.find("expected '='") != std::string::npos);
  CHECK(error.position == 12);
  CHECK_FALSE(parse_dn("ou=people,,dc=x", &error));
  CHECK_FALSE(parse_dn("ou=,dc=x", &error));
  CHECK(error.message.find("empty") != std::string::npos);
  CHECK_FALSE(parse_dn("ou=a<b", &error));
  CHECK(error.message.find("escaped") != std::string::npos);
  CHECK_FALSE(parse_dn("cn=a\\2", &error));
  CHECK(error.message.find("is not an escape") != std::string::npos);
  CHECK_FALSE(parse_dn("cn=a\\qb,dc=x", &error));
  CHECK(error.message.find("is not an escape") != std::string::npos);
}

TEST_CASE("DNs are judged as RFC 4514 and libldap's own parser judge them", "[dn]") {
  const auto libldap_accepts = [](const std::string& text) {
    LDAPDN dn = nullptr;
    const int rc = ldap_str2dn(text.c_str(), &dn, LDAP_DN_FORMAT_LDAPV3);
    if (dn != nullptr) ldap_dnfree(dn);
    return rc == LDAP_SUCCESS;
  };
  for (const std::string text : {"cn=a=b,dc=example,dc=org", "cn=Doe\\, John,ou=people", "cn=Zo\\C3\\AB,dc=x", "cn=a+sn=b,dc=x",
                                 "cn=x\\=y,dc=x", "cn=\\#1,dc=x", "cn=a\\\\b", "cn=a\\2", "cn=a\\2x,dc=x", "cn=a\\qb",
                                 "ou=people,dc", "cn=a,,dc=x", "cn=a<b", "cn=a\"b", "=a,dc=x"}) {
    INFO(text);
    CHECK(parse_dn(text).has_value() == libldap_accepts(text));
  }
  // Stricter than the RFC on purpose: what is valid there but surely a mistake in a config file.
  CHECK_FALSE(parse_dn("ou=,dc=x"));                // an empty value
  CHECK_FALSE(parse_dn(std::string("cn=a\nb,dc=x")));  // a line break pasted into the DN
  CHECK_FALSE(parse_dn(std::string("cn=a\0b", 6)));    // a NUL byte
}

TEST_CASE("DN helpers compare case-insensitively", "[dn]") {
  CHECK(parent_dn("uid=jdoe,ou=People,dc=example,dc=org") == "ou=People,dc=example,dc=org");
  CHECK(parent_dn("dc=org") == "");
  CHECK(first_rdn_attribute("UID=jdoe,ou=people") == "uid");
  CHECK(normalize_dn("OU=People, DC=Example,DC=org") == "ou=people,dc=example,dc=org");
  CHECK(dn_is_within("uid=a,ou=people,dc=example,dc=org", "DC=Example,DC=Org"));
  CHECK(dn_is_within("dc=example,dc=org", "dc=example,dc=org"));
  CHECK_FALSE(dn_is_within("uid=a,ou=people,dc=notexample,dc=org", "dc=example,dc=org"));
}

TEST_CASE("bind identities: a DN, or an Active Directory logon name", "[dn]") {
  CHECK_FALSE(bind_identity_problem("cn=reader,ou=services,dc=example,dc=org"));
  CHECK_FALSE(bind_identity_problem("reader@corp.example.com"));  // userPrincipalName
  CHECK_FALSE(bind_identity_problem("CORP\\reader"));             // down-level logon name
  const auto neither = bind_identity_problem("reader");
  REQUIRE(neither);
  CHECK(neither->find("neither a DN") != std::string::npos);
  CHECK(bind_identity_problem("@corp.example.com"));
  CHECK(bind_identity_problem("a@b@c"));
  const auto bad_dn = bind_identity_problem("cn=reader,,dc=org");
  REQUIRE(bad_dn);
  CHECK(bad_dn->find("is not a valid DN") != std::string::npos);
}
