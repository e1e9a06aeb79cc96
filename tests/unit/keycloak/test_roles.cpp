// keycloak/roles: the roles a run needs, and the roles an access token grants (as Keycloak writes them).
#include <catch2/catch.hpp>

#include "common/base64.hpp"
#include "keycloak/roles.hpp"

using namespace kcldap::keycloak;
using nlohmann::json;

namespace {

std::string jwt(const json& claims) { return kcldap::encode_base64url(R"({"alg":"RS256"})") + "." + kcldap::encode_base64url(claims.dump()) + ".c2lnbmF0dXJl"; }

std::vector<std::string> names(const std::vector<RoleNeed>& needs) {
  std::vector<std::string> out;
  for (const auto& need : needs) out.push_back(need.role);
  return out;
}

}  // namespace

TEST_CASE("base64: both alphabets, with or without padding, round trip", "[keycloak][roles]") {
  for (const std::string bytes : {"", "f", "fo", "foo", "foob", "\xff\xfe\xfd", "zoë ✓"}) {
    CHECK(kcldap::decode_base64(kcldap::encode_base64url(bytes)) == bytes);
  }
  CHECK(kcldap::decode_base64("YWRtaW46czNjcmV0") == "admin:s3cret");  // HTTP Basic, standard alphabet
  CHECK(kcldap::decode_base64("Pz8-Pw==") == std::string("??") + ">?");  // "-" is "+" (split: "??>" is a trigraph)
  CHECK(kcldap::decode_base64("Pz8_Pw") == std::string("??") + "??");  // "_" is "/" in the URL-safe alphabet
  CHECK_FALSE(kcldap::decode_base64("no spaces"));
}

TEST_CASE("roles: the claims of a JWT are read; anything else is not a JWT", "[keycloak][roles]") {
  const json claims = {{"preferred_username", "zoë"}, {"resource_access", {{"realm-management", {{"roles", {"view-realm"}}}}}}};
  for (int pad = 0; pad < 3; ++pad) {  // every base64 tail length
    json padded = claims;
    padded["x"] = std::string(static_cast<std::size_t>(pad), 'x');
    const auto decoded = decode_token_claims(jwt(padded));
    REQUIRE(decoded);
    CHECK(*decoded == padded);
  }
  CHECK_FALSE(decode_token_claims("opaque-token-without-dots"));
  CHECK_FALSE(decode_token_claims("a.!!!.c"));
  CHECK_FALSE(decode_token_claims(kcldap::encode_base64url("{}") + "." + kcldap::encode_base64url("[1,2]") + ".x"));  // not an object
}

TEST_CASE("roles: a realm token grants its realm-management client roles; a master token the <realm>-realm ones", "[keycloak][roles]") {
  const json realm_token = {{"resource_access", {{"realm-management", {{"roles", {"manage-realm", "view-realm"}}}}, {"account", {{"roles", {"manage-account"}}}}}}};
  CHECK(granted_roles(realm_token, "demo", "demo") == std::set<std::string>{"manage-realm", "view-realm"});
  // The same claims say nothing about realm demo when the token comes from master.
  CHECK(granted_roles(realm_token, "demo", "master") == std::set<std::string>{});
  const json master_token = {{"realm_access", {{"roles", {"offline_access"}}}}, {"resource_access", {{"demo-realm", {{"roles", {"manage-users"}}}}}}};
  CHECK(granted_roles(master_token, "demo", "master") == std::set<std::string>{"manage-users"});
  const json master_admin = {{"realm_access", {{"roles", {"admin", "create-realm"}}}}, {"resource_access", json::object()}};
  CHECK(granted_roles(master_admin, "demo", "master")->count("manage-realm") == 1);
  const json realm_admin = {{"resource_access", {{"realm-management", {{"roles", {"realm-admin"}}}}}}};
  CHECK(granted_roles(realm_admin, "demo", "demo")->count("view-users") == 1);
  CHECK_FALSE(granted_roles(json{{"sub", "x"}}, "demo", "demo"));  // a lightweight token: no role claims at all
}

TEST_CASE("roles: what a run needs depends on its features; stronger roles satisfy weaker needs", "[keycloak][roles]") {
  CHECK(names(roles_needed({false, false})) == std::vector<std::string>{"view-realm", "manage-realm"});
  CHECK(names(roles_needed({true, true})) == std::vector<std::string>{"view-realm", "manage-realm", "manage-users", "query-users", "view-users"});
  const auto needs = roles_needed({true, true});
  CHECK(names(missing_roles(needs, {"manage-realm", "manage-users"})).empty());  // manage-X covers view-X and query-users
  CHECK(names(missing_roles(needs, {"manage-realm", "query-users"})) == std::vector<std::string>{"manage-users", "view-users"});
  CHECK(names(missing_roles(needs, {})) == names(needs));
}
