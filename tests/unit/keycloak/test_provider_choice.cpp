#include <catch2/catch.hpp>

#include "keycloak/provider_choice.hpp"

using kcldap::keycloak::Component;
using kcldap::keycloak::pick_ldap_provider;

namespace {

Component provider(const std::string& id, const std::string& name, const std::string& url) {
  Component c;
  c.id = id;
  c.name = name;
  c.provider_id = "ldap";
  c.set("connectionUrl", url);
  return c;
}

}  // namespace

TEST_CASE("the only LDAP provider is chosen without a name", "[provider_choice]") {
  auto picked = pick_ldap_provider({provider("1", "corp", "ldaps://dc1")}, std::nullopt, "demo");
  REQUIRE(picked);
  CHECK(picked->id == "1");
}

TEST_CASE("several providers and none named: a usage error listing each one", "[provider_choice]") {
  auto picked = pick_ldap_provider({provider("1", "corp", "ldaps://dc1"), provider("2", "lab", "ldap://lab")}, std::nullopt, "demo");
  REQUIRE_FALSE(picked);
  CHECK(picked.error().usage);
  CHECK_THAT(picked.error().message, Catch::Contains("has 2 LDAP providers") && Catch::Contains("--provider NAME") &&
                                         Catch::Contains("corp  (id 1, ldaps://dc1)") && Catch::Contains("lab  (id 2, ldap://lab)"));
}

TEST_CASE("a name picks its provider; an unknown or shared name is refused with the list", "[provider_choice]") {
  const std::vector<Component> providers = {provider("1", "corp", "ldaps://dc1"), provider("2", "lab", "ldap://lab")};
  auto lab = pick_ldap_provider(providers, std::string("lab"), "demo");
  REQUIRE(lab);
  CHECK(lab->id == "2");
  auto missing = pick_ldap_provider(providers, std::string("Corp"), "demo");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("no LDAP provider named \"Corp\"") && Catch::Contains("corp  (id 1"));
  auto shared = pick_ldap_provider({provider("1", "x", "ldap://a"), provider("2", "x", "ldap://b")}, std::string("x"), "demo");
  REQUIRE_FALSE(shared);
  CHECK_THAT(shared.error().message, Catch::Contains("2 LDAP providers of realm demo are named \"x\""));
}

TEST_CASE("a realm without LDAP provider says how to make one", "[provider_choice]") {
  auto picked = pick_ldap_provider({}, std::nullopt, "demo");
  REQUIRE_FALSE(picked);
  CHECK(picked.error().usage);
  CHECK_THAT(picked.error().message, Catch::Contains("has no LDAP provider"));
}
