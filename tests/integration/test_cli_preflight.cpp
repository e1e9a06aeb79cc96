// What `kcldap check` and `kcldap apply` find before any write (issue 15, items 5 and 7), as users run them
// against the slapd fixture and a Keycloak: a restart program that does not exist, a group mapper DN that
// does not exist, a "delete" mapper policy without a username mapper, a renamed provider for a directory
// already federated; a disabled provider applied and re-applied; the transport warnings; reference
// values in non-secret keys kept out of every output; and directory text with control bytes escaped.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

std::string status_of(const json& report, const std::string& id) {
  for (const auto& check : report["checks"]) {
    if (check["id"] == id) return check["status"];
  }
  return "(absent)";
}

// `check` fails `id`, and `apply` stops before its first write with the same failure.
void found_before_writing(const Setup& setup, const std::string& id, const std::string& finding) {
  const auto check = setup.kcldap("check --format json");
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(status_of(json::parse(check.out), id) == "fail");
  setup.clear_log();
  const auto apply = setup.kcldap("apply --yes");
  INFO(apply.out << apply.err);
  CHECK(apply.exit_code == 1);
  CHECK(apply.out.find("FAIL  " + id) != std::string::npos);
  CHECK(apply.out.find(finding) != std::string::npos);
  CHECK(apply.out.find("stopped before any write; nothing was changed") != std::string::npos);
  CHECK(setup.writes().empty());
  CHECK(setup.providers().empty());
}

}  // namespace

TEST_CASE("a restart program that does not exist is found before writing", "[preflight]") {
  Setup setup("26.4", "[restart]\ncommand = [\"no-such-kubectl\", \"rollout\", \"restart\"]\n");
  found_before_writing(setup, "restart.program", "\"no-such-kubectl\" is not found in PATH");
}

TEST_CASE("a group mapper whose groups_dn does not exist is found before writing", "[preflight]") {
  const std::string dn = "ou=no-such-groups," + slapd().at("KCLDAP_SLAPD_BASE_DN");
  Setup setup("26.4", "[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"" + dn + "\"\n");
  found_before_writing(setup, "mapper.groups-dn", "mapper \"groups\" groups_dn = \"" + dn + "\" does not exist in the directory");
}

TEST_CASE("default_mappers = delete without a username mapper is found before writing", "[preflight]") {
  Setup setup("26.4", "default_mappers = \"delete\"\n\n[[mappers]]\nname = \"email\"\ntype = \"user-attribute\"\n"
                      "user_attribute = \"email\"\nldap_attribute = \"mail\"\n");
  found_before_writing(setup, "mappers.username-kept", "no [[mappers]] entry maps the username");
}

TEST_CASE("a renamed provider for a directory another provider federates is refused with the fix", "[preflight]") {
  Setup setup("26.4");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  setup.edit_config("[federation]\n", "[federation]\nname = \"corp-directory\"\n");
  const auto check = setup.kcldap("check");
  INFO(check.out);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("FAIL  federation.same-directory") != std::string::npos);
  CHECK(check.out.find("set [federation] name = \"ldap\" to take it over, or delete it first") != std::string::npos);
  setup.clear_log();
  const auto apply = setup.kcldap("apply --yes");
  CHECK(apply.exit_code == 1);
  CHECK(setup.writes().empty());
  CHECK(setup.providers().size() == 1);
}

TEST_CASE("enabled = false is applied, post-checked as a disabled provider, and re-applied without change", "[preflight]") {
  Setup setup("26.4", "enabled = false\n\n[checks]\ntest_user = \"aanderson\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n");
  const std::string user_pw = "KCLDAP_TEST_USER_PW=" + quote(slapd().at("KCLDAP_SLAPD_USER_PASSWORD"));
  const auto applied = setup.kcldap("apply --yes --format json", user_pw);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const json report = json::parse(applied.out);
  CHECK(status_of(report, "post.stored") == "pass");
  CHECK(status_of(report, "post.test-connection") == "pass");
  CHECK(status_of(report, "post.sync") == "skip");
  CHECK(status_of(report, "post.user-lookup") == "skip");
  CHECK(status_of(report, "post.test-login") == "skip");
  REQUIRE(setup.providers().size() == 1);
  CHECK(setup.providers()[0]["config"]["enabled"][0] == "false");
  setup.clear_log();
  const auto again = setup.kcldap("apply --yes", user_pw);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("Nothing to apply") != std::string::npos);
  CHECK(setup.component_writes().empty());
}

TEST_CASE("tls_verify = false and plain http:// to another machine are warned about; credentials in the URL are refused",
          "[preflight][warnings]") {
  Setup setup("26.4");
  setup.edit_config("password = \"${env:KCLDAP_TEST_KC_PW}\"", "password = \"${env:KCLDAP_TEST_KC_PW}\"\ntls_verify = false");
  const auto unverified = setup.kcldap("check");
  CHECK(unverified.err.find("[keycloak] tls_verify = false") != std::string::npos);
  const std::string url = setup.keycloak->url();
  setup.edit_config("url = \"" + url + "\"", "url = \"http://keycloak.invalid:8080\"");
  const auto remote = setup.kcldap("check --format json");
  CHECK(remote.err.find("is plain http:// to keycloak.invalid") != std::string::npos);
  setup.edit_config("url = \"http://keycloak.invalid:8080\"", "url = \"https://admin:hunter2-in-url@keycloak.invalid\"");
  const auto credentials = setup.kcldap("check");
  CHECK(credentials.exit_code == 2);
  CHECK(credentials.err.find("carries credentials") != std::string::npos);
  CHECK(credentials.err.find("hunter2-in-url") == std::string::npos);
  CHECK(credentials.out.find("hunter2-in-url") == std::string::npos);
}

TEST_CASE("a reference in bind_dn or realm shows as the reference in every output, never as its value", "[preflight][secret]") {
  Setup setup("26.4");
  const std::string bind_dn = slapd().at("KCLDAP_SLAPD_BIND_DN");
  setup.edit_config("bind_dn = \"" + bind_dn + "\"", "bind_dn = \"${env:KCLDAP_TEST_BIND_DN}\"");
  setup.edit_config("realm = \"" + setup.realm() + "\"", "realm = \"${env:KCLDAP_TEST_REALM}\"");
  const std::string env = "KCLDAP_TEST_BIND_DN=" + quote(bind_dn) + " KCLDAP_TEST_REALM=" + quote(setup.realm());
  for (const std::string command : {"probe", "probe --format json", "check -v", "check --format json", "plan", "plan --format json",
                                    "apply --yes -v", "apply --yes --format json"}) {
    const auto result = setup.kcldap(command, env);
    INFO(command << "\n" << result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(bind_dn) == std::string::npos);
    CHECK(result.err.find(bind_dn) == std::string::npos);
    CHECK(result.out.find(setup.realm()) == std::string::npos);
    CHECK(result.err.find(setup.realm()) == std::string::npos);
    if (command.find("json") != std::string::npos) CHECK_NOTHROW(json::parse(result.out));
  }
  CHECK(setup.providers().size() == 1);  // the values were used, only never shown
  CHECK(setup.providers()[0]["config"]["bindDn"][0] == bind_dn);
}

TEST_CASE("control bytes in directory values reach the terminal escaped", "[preflight][terminal]") {
  const std::string base = slapd().at("KCLDAP_SLAPD_BASE_DN");
  const std::string ou = "ou=odd-" + std::to_string(::getpid()) + "," + base;
  const std::string ldif_path = required_env("KCLDAP_TEST_TMP") + "/odd-" + std::to_string(::getpid()) + ".ldif";
  // givenName "Odd<ESC>[31mRed<BEL>", base64 in LDIF as the control bytes require.
  std::ofstream(ldif_path) << "dn: " << ou << "\nobjectClass: organizationalUnit\nou: odd-" << ::getpid() << "\n\n"
                           << "dn: uid=odd," << ou << "\nobjectClass: inetOrgPerson\nuid: odd\ncn: Odd Red\nsn: Red\n"
                           << "givenName:: T2RkG1szMW1SZWQH\nmail: odd@example.org\n";
  const std::string auth = " -x -H " + quote(slapd().at("KCLDAP_SLAPD_URL")) + " -D " + quote(slapd().at("KCLDAP_SLAPD_ADMIN_DN")) + " -w " +
                           quote(slapd().at("KCLDAP_SLAPD_ADMIN_PASSWORD"));
  REQUIRE(std::system(("ldapadd" + auth + " -f " + quote(ldif_path) + " >/dev/null").c_str()) == 0);
  Setup setup("26.4");
  setup.edit_config("users_dn = \"" + slapd().at("KCLDAP_SLAPD_USERS_DN") + "\"", "users_dn = \"" + ou + "\"");
  const auto check = setup.kcldap("check -v");
  const auto json_check = setup.kcldap("check --format json");
  (void)std::system(("ldapdelete -r" + auth + " " + quote(ou) + " >/dev/null").c_str());
  INFO(check.out);
  CHECK(check.out.find("Odd\\x1b[31mRed\\x07") != std::string::npos);
  CHECK(check.out.find('\x1b') == std::string::npos);
  CHECK(check.out.find('\x07') == std::string::npos);
  CHECK(json::parse(json_check.out).dump().find("Odd\\u001b[31mRed\\u0007") != std::string::npos);
}
