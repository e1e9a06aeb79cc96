#include <catch2/catch.hpp>

#include "keycloak/version.hpp"

using namespace kcldap::keycloak;

TEST_CASE("Keycloak versions parse and compare", "[version]") {
  CHECK(parse_version("26.4.2") == Version{26, 4, 2});
  CHECK(parse_version("26.4") == Version{26, 4, 0});
  CHECK(parse_version("24") == Version{24, 0, 0});
  CHECK(parse_version("21.1.2-SNAPSHOT") == Version{21, 1, 2});
  CHECK(parse_version("26.4.2.redhat-00001") == Version{26, 4, 2});
  CHECK(Version{24, 0, 5} > Version{24, 0, 4});
  CHECK(Version{26, 1, 0} > Version{25, 9, 9});
  CHECK_FALSE(parse_version("latest"));
  CHECK_FALSE(parse_version(""));
  CHECK_FALSE(parse_version("v26"));
}
