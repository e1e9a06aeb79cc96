// keycloak/roles: the roles a run needs, and the roles an access token grants (as Keycloak writes them).
#include <catch2/catch.hpp>

#include "keycloak/roles.hpp"

using namespace kcldap::keycloak;
using nlohmann::json;

namespace {

unsigned byte(char c) { return static_cast<unsigned char>(c); }

std::string base64url(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (byte(bytes[i]) << 16) | (byte(bytes[i + 1]) << 8) | byte(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i < bytes.size()) {
    unsigned n = byte(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= byte(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    if (i + 1 < bytes.size()) out.push_back(kAlphabet[(n >> 6) & 63]);
  }
  return out;
}

std::string jwt(const json& claims) { return base64url(R"({"alg":"RS256"})") + "." + base64url(claims.dump()) + ".c2lnbmF0dXJl"; }

std::vector<std::string> names(const std::vector<RoleNeed>& needs) {
  std::vector<std::string> out;
  for (const auto& need : needs) out.push_back(need.role);
  return out;
}

}  // namespace

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
  CHECK_FALSE(decode_token_claims(base64url("{}") + "." + base64url("[1,2]") + ".x"));  // not an object
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
