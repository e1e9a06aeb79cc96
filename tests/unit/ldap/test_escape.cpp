#include <catch2/catch.hpp>

#include "ldap/escape.hpp"

using namespace kcldap::ldap;

TEST_CASE("filter values escape the RFC 4515 specials", "[escape]") {
  CHECK(escape_filter_value("jdoe") == "jdoe");
  CHECK(escape_filter_value("*)(uid=*") == "\\2a\\29\\28uid=\\2a");
  CHECK(escape_filter_value("a\\b") == "a\\5cb");
  CHECK(escape_filter_value(std::string("a\0b", 3)) == "a\\00b");
  CHECK(escape_filter_value("Zoë") == "Zoë");  // UTF-8 passes unchanged
}

TEST_CASE("DN values escape the RFC 4514 specials", "[escape]") {
  CHECK(escape_dn_value("Doe, John") == "Doe\\, John");
  CHECK(escape_dn_value("#admin") == "\\#admin");
  CHECK(escape_dn_value(" lead") == "\\ lead");
  CHECK(escape_dn_value("trail ") == "trail\\ ");
  CHECK(escape_dn_value("a+b=c<d>;\"") == "a\\+b\\=c\\<d\\>\\;\\\"");
}
