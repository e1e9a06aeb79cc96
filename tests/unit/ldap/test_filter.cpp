#include <catch2/catch.hpp>

#include "ldap/filter.hpp"

using namespace kcldap::ldap;

TEST_CASE("valid filters pass the syntax check", "[filter]") {
  CHECK_FALSE(check_filter_syntax("(uid=*)"));
  CHECK_FALSE(check_filter_syntax("(&(objectClass=person)(!(objectClass=computer)))"));
  CHECK_FALSE(check_filter_syntax("(memberOf:1.2.840.113556.1.4.1941:=cn=staff,ou=groups,dc=x)"));
  CHECK_FALSE(check_filter_syntax("(cn=a\\2ab)"));
  CHECK_FALSE(check_filter_syntax("(createTimestamp>=20260101000000Z)"));
}

TEST_CASE("broken filters say what is wrong", "[filter]") {
  CHECK(check_filter_syntax("uid=*")->find("must start with '('") != std::string::npos);
  CHECK(check_filter_syntax("(uid=*")->find("never closed") != std::string::npos);
  CHECK(check_filter_syntax("(uid)")->find("no operator") != std::string::npos);
  CHECK(check_filter_syntax("(uid=a)(cn=b)")->find("combine filters") != std::string::npos);
  CHECK(check_filter_syntax("(cn=a\\zz)")->find("two hex digits") != std::string::npos);
  CHECK(check_filter_syntax(""));
}

TEST_CASE("the effective user filter is built the way Keycloak builds it", "[filter]") {
  CHECK(effective_user_filter({"inetOrgPerson", "organizationalPerson"}, "") ==
        "(&(objectclass=inetOrgPerson)(objectclass=organizationalPerson))");
  CHECK(effective_user_filter({"person"}, "(memberOf=cn=a,dc=x)") == "(&(memberOf=cn=a,dc=x)(objectclass=person))");
  CHECK(effective_user_filter({}, "") == "(&(objectclass=*))");
}
