// [ldap] required_groups against the real slapd fixture (memberof overlay) and a Keycloak target: the probe's
// per-group evidence, check refusing a group that does not exist, and an apply after which only the
// group's members are Keycloak users, a member signs in and a non-member is refused.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

const std::string kAdmins = "cn=kcldap-admins,ou=groups,dc=example,dc=org";  // aanderson, zangstrom
const std::string kStaff = "cn=staff,ou=groups,dc=example,dc=org";           // nests engineering and sales
const std::string kEngineering = "cn=engineering,ou=groups,dc=example,dc=org";

void require_groups(const Setup& setup, const std::string& list) {
  const std::string users_dn = "users_dn = \"" + slapd().at("KCLDAP_SLAPD_USERS_DN") + "\"\n";
  setup.edit_config(users_dn, users_dn + "required_groups = " + list + "\n");
}

// A password grant for `user` in realm demo through the admin-cli client: "signed in" or "refused".
std::string password_grant(const Setup& setup, const std::string& user) {
  auto response = setup.keycloak->client().Post(
      setup.keycloak->context() + "/realms/" + setup.realm() + "/protocol/openid-connect/token",
      httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", user},
                      {"password", slapd().at("KCLDAP_SLAPD_USER_PASSWORD")}});
  return grant_outcome(response);
}

const json* group_in(const json& report, const std::string& dn) {
  for (const auto& group : report["required_groups"]) {
    if (group["dn"] == dn) return &group;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("probe: per required group, its members, the users it matches, and nesting", "[groups]") {
  Setup setup("26.4");
  require_groups(setup, "[\"" + kAdmins + "\", \"" + kStaff + "\"]");
  const auto probed = setup.kcldap("probe --format json");
  INFO(probed.out << probed.err);
  REQUIRE(probed.exit_code == 0);
  const json report = json::parse(probed.out);
  const json* admins = group_in(report, kAdmins);
  const json* staff = group_in(report, kStaff);
  REQUIRE(admins != nullptr);
  REQUIRE(staff != nullptr);
  CHECK((*admins)["exists"] == true);
  CHECK((*admins)["members"] == 2);
  CHECK((*admins)["users"] == 2);
  CHECK((*admins)["nested"] == false);
  CHECK((*admins)["outside_users_dn"] == 0);
  CHECK((*staff)["members"] == 5);
  CHECK((*staff)["nested"] == true);
  CHECK((*staff)["nested_groups"] == 2);
  CHECK((*staff)["users"] == 3);  // OpenLDAP's memberof overlay lists direct groups only
  // The user count covers the members only: aanderson, zangstrom and staff's direct uanderson, vharris, wowens.
  CHECK(report["users"]["count"] == 5);
  CHECK(report["users"]["custom_filter"] == "(|(memberOf=" + kAdmins + ")(memberOf=" + kStaff + "))");
  const auto text = setup.kcldap("probe");
  CHECK(text.out.find("PASS  Required groups") != std::string::npos);
  CHECK(text.out.find("nested (2 member groups)") != std::string::npos);
  CHECK(text.out.find("their members do NOT count") == std::string::npos);  // details only with -v
  CHECK(setup.kcldap("probe -v").out.find("their members do NOT count") != std::string::npos);
}

TEST_CASE("probe: members outside the users DN are counted and named", "[groups]") {
  Setup setup("26.4");
  const std::string contractors = "ou=contractors," + slapd().at("KCLDAP_SLAPD_USERS_DN");
  setup.edit_config("users_dn = \"" + slapd().at("KCLDAP_SLAPD_USERS_DN") + "\"", "users_dn = \"" + contractors + "\"");
  const auto probed = setup.kcldap("probe --format json --required-group " + quote(kEngineering));
  INFO(probed.out << probed.err);
  REQUIRE(probed.exit_code == 0);
  const json report = json::parse(probed.out);
  const json* engineering = group_in(report, kEngineering);
  REQUIRE(engineering != nullptr);
  CHECK((*engineering)["members"] == 10);
  CHECK((*engineering)["users"] == 1);  // jdavis, the one contractor
  CHECK((*engineering)["outside_users_dn"] == 9);
  CHECK((*engineering)["outside_examples"].size() == 3);
  CHECK((*engineering)["outside_examples"][0] == "uid=aanderson,ou=people,dc=example,dc=org");
}

TEST_CASE("check fails on a required group that does not exist, naming it", "[groups]") {
  Setup setup("26.4");
  const std::string missing = "cn=no-such-group,ou=groups,dc=example,dc=org";
  require_groups(setup, "[\"" + missing + "\"]");
  const auto checked = setup.kcldap("check");
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 1);
  CHECK(checked.out.find(missing + ": does not exist") != std::string::npos);
  const auto applied = setup.kcldap("apply --yes");
  CHECK(applied.exit_code == 1);
  CHECK(setup.providers().empty());
}

TEST_CASE("a required group that is not a DN is a config error naming the key", "[groups]") {
  Setup setup("26.4");
  require_groups(setup, "[\"kcldap-admins\"]");
  const auto checked = setup.kcldap("check");
  CHECK(checked.exit_code == 2);
  CHECK(checked.err.find("[ldap] required_groups") != std::string::npos);
  CHECK(checked.err.find("\"kcldap-admins\" is not a valid DN") != std::string::npos);
}

TEST_CASE("apply with required_groups: only members sync; a member signs in, a non-member is refused", "[groups]") {
  Setup setup("26.4");
  require_groups(setup, "[\"" + kAdmins + "\"]");
  const auto planned = setup.kcldap("plan");
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  CHECK(planned.out.find("required_groups: members of " + kAdmins) != std::string::npos);
  const auto applied = setup.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  check_no_secret(applied);
  CHECK(applied.out.find("2 added, 0 updated, 0 failed") != std::string::npos);
  const auto providers = setup.providers();
  REQUIRE(providers.size() == 1);
  CHECK(providers[0]["config"]["customUserSearchFilter"] == json{"(memberOf=" + kAdmins + ")"});
  CHECK(setup.keycloak->admin_get("/users/count").get<int>() == 2);
  // A user search through the provider finds members only.
  CHECK(setup.keycloak->find_user("zangstrom").is_object());
  CHECK(setup.keycloak->find_user("bharris").is_null());
  CHECK(password_grant(setup, "aanderson") == "signed in");
  CHECK(password_grant(setup, "bharris") == "refused");
  CHECK(setup.kcldap("plan --detailed-exitcode").exit_code == 0);  // the filter is stable: nothing left to change
}

TEST_CASE("check fails on a required group that matches no user: a posixGroup's memberUid is not memberOf", "[groups]") {
  Setup setup("26.4");
  const std::string developers = "cn=developers,ou=groups,dc=example,dc=org";  // posixGroup, 5 memberUid values
  require_groups(setup, "[\"" + developers + "\"]");
  const auto checked = setup.kcldap("check");
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 1);
  CHECK(checked.out.find("a required group matches no user under " + slapd().at("KCLDAP_SLAPD_USERS_DN")) != std::string::npos);
  CHECK(checked.out.find("its members are memberUid values (a posixGroup)") != std::string::npos);
}
