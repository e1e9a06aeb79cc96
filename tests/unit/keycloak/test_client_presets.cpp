// keycloak/client_presets: the presets' roles (as verified on real Keycloak 26.4.7) and the least-privilege
// warnings for hand-written role lists.
#include <catch2/catch.hpp>

#include "keycloak/client_presets.hpp"

using namespace kcldap::keycloak;

namespace {

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("client presets: each grants the fewest roles its consumer's calls need, each role with a reason", "[keycloak][presets]") {
  CHECK(client_preset_names() == std::vector<std::string>{"kcldap", "atlassian-user-sync", "user-reader", "user-manager"});
  CHECK(role_names_of(find_client_preset("user-reader")->roles) == std::vector<std::string>{"view-users"});
  CHECK(role_names_of(find_client_preset("user-manager")->roles) == std::vector<std::string>{"manage-users"});
  CHECK(role_names_of(find_client_preset("atlassian-user-sync")->roles) == std::vector<std::string>{"manage-users"});
  CHECK(find_client_preset("user-manager")->writes_users);
  CHECK_FALSE(find_client_preset("user-reader")->writes_users);
  RoleFeatures all{true, true};
  CHECK(role_names_of(find_client_preset("kcldap")->roles) == role_names_of(roles_needed(all)));
  for (const auto& preset : client_presets()) {
    INFO(preset.name);
    CHECK_FALSE(preset.purpose.empty());
    for (const auto& role : preset.roles) {
      CHECK_FALSE(role.reason.empty());
      CHECK(role.role != "realm-admin");
      CHECK(std::find(realm_management_roles().begin(), realm_management_roles().end(), role.role) != realm_management_roles().end());
    }
    if (preset.name != "kcldap") CHECK(privilege_warnings(preset.name, role_names_of(preset.roles)).empty());
  }
  CHECK(find_client_preset("admin") == nullptr);
}

TEST_CASE("client presets: realm-admin gets a warning naming the least-privilege preset", "[keycloak][presets]") {
  const auto warnings = privilege_warnings("[[clients]] \"assistant\"", {"realm-admin", "manage-users", "view-users", "query-groups"});
  CHECK(mentions(warnings, "[[clients]] \"assistant\" grants realm-admin"));
  CHECK(mentions(warnings, "preset = \"user-manager\""));
  CHECK(mentions(warnings, "lists manage-users, which realm-admin already contains"));
  CHECK(mentions(warnings, "lists query-groups, which"));  // realm-admin or view-users: either contains it
  CHECK(warnings.size() == 4);
  const auto reader = privilege_warnings("c", {"realm-admin"});
  CHECK(reader.size() == 1);
}

TEST_CASE("client presets: a role another listed role contains is named with its container", "[keycloak][presets]") {
  CHECK(privilege_warnings("c", {"view-users", "query-users"}) == std::vector<std::string>{"c lists query-users, which view-users already contains; remove it"});
  CHECK(privilege_warnings("c", {"view-clients", "query-clients"}).size() == 1);
  CHECK(privilege_warnings("c", {"manage-users", "view-realm"}).empty());
  CHECK(privilege_warnings("c", {"query-users", "query-groups"}).empty());
  CHECK(roles_contained_in("view-users") == std::vector<std::string>{"query-groups", "query-users"});
  CHECK(roles_contained_in("realm-admin").size() == realm_management_roles().size() - 1);
  CHECK(roles_contained_in("manage-users").empty());
}

TEST_CASE("client presets: a hand-written role list keeps the presets' reasons", "[keycloak][presets]") {
  const auto needs = needs_for_roles({"view-users", "view-events"});
  REQUIRE(needs.size() == 2);
  CHECK(needs[0].reason.find("list, count and read users") != std::string::npos);
  CHECK(needs[1].reason == "listed in roles");
  CHECK(needs[1].satisfied_by == std::vector<std::string>{"view-events"});
}
