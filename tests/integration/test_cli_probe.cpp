// `kcldap probe` as a user runs it: exit codes, the JSON shape, config file plus flags, and no secret
// anywhere in what it prints.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/fixture_env.hpp"

using kcldap::test::quote;
using kcldap::test::run_kcldap;
using kcldap::test::slapd;

namespace {

std::string ldaps_flags() {
  return "--ldap-url " + quote(slapd().at("KCLDAP_SLAPD_LDAPS_URL")) + " --ca-file " + quote(slapd().at("KCLDAP_SLAPD_CA_FILE")) +
         " --bind-dn " + quote(slapd().at("KCLDAP_SLAPD_BIND_DN")) + " --bind-password-env PW";
}

std::string password_env() { return "PW=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")); }

void check_no_secret(const kcldap::test::CommandResult& result) {
  const std::string& password = slapd().at("KCLDAP_SLAPD_BIND_PASSWORD");
  CHECK(result.out.find(password) == std::string::npos);
  CHECK(result.err.find(password) == std::string::npos);
}

}  // namespace

TEST_CASE("kcldap probe --format json has the documented shape and exit code 0", "[cli][slapd]") {
  const auto result = run_kcldap("probe " + ldaps_flags() + " --users-dn " + quote(slapd().at("KCLDAP_SLAPD_USERS_DN")) +
                                 " --format json", password_env());
  INFO(result.err);
  CHECK(result.exit_code == 0);
  check_no_secret(result);
  const auto report = nlohmann::json::parse(result.out);
  CHECK(report["schema"] == "kcldap.probe/v1");
  CHECK(report["result"] == "pass");
  REQUIRE(report["stages"].size() == 9);
  for (const auto& stage : report["stages"]) {
    CHECK(stage.contains("id"));
    CHECK(stage["status"] == "pass");
    CHECK(stage["message"].is_string());
  }
  CHECK(report["server"]["vendor"] == "other");
  CHECK(report["server"]["product"] == "OpenLDAP");
  CHECK(report["users"]["dn"] == slapd().at("KCLDAP_SLAPD_USERS_DN"));
  CHECK(report["users"]["count"] == 50);
  CHECK(report["recommended"]["vendor"] == "other");
  CHECK(report["recommended"]["username"] == "uid");
  CHECK(report["recommended"]["rdn"] == "uid");
  CHECK(report["recommended"]["uuid"] == "entryUUID");
  CHECK(report["recommended"]["email"] == "mail");
  CHECK(report["recommended"]["first_name"] == "givenName");
  CHECK(report["recommended"]["last_name"] == "sn");
  CHECK(report["recommended"]["user_object_classes"] == nlohmann::json::array({"inetOrgPerson", "organizationalPerson"}));
  bool mail_found = false;
  for (const auto& attribute : report["attributes"]) {
    if (attribute["name"] == "mail") {
      mail_found = true;
      CHECK(attribute["share"] == Approx(0.94));
    }
  }
  CHECK(mail_found);
  CHECK(report["groups"]["membership_attribute"] == "member");
  CHECK(report["groups"]["users_have_member_of"] == true);
}

TEST_CASE("a failed stage exits 1 and the text names the cause without the password", "[cli][slapd]") {
  const auto result = run_kcldap("probe " + ldaps_flags(), "PW=definitely-wrong-password-99");
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("FAIL  Bind") != std::string::npos);
  CHECK(result.out.find("invalidCredentials") != std::string::npos);
  CHECK(result.out.find("definitely-wrong-password-99") == std::string::npos);
  CHECK(result.err.find("definitely-wrong-password-99") == std::string::npos);
  CHECK(result.out.find("\033[") == std::string::npos);  // no colour when not a terminal
}

TEST_CASE("usage and config errors exit 2 and name the flag or file position", "[cli]") {
  const auto no_url = run_kcldap("probe");
  CHECK(no_url.exit_code == 2);
  CHECK(no_url.err.find("--ldap-url") != std::string::npos);

  const auto bad_flag = run_kcldap("probe --ldap-url ldap://x --frobnicate");
  CHECK(bad_flag.exit_code == 2);

  const auto bad_format = run_kcldap("probe --ldap-url ldap://x --format yaml");
  CHECK(bad_format.exit_code == 2);

  const auto unset_env = run_kcldap("probe --ldap-url ldap://x --bind-dn cn=a,dc=b --bind-password-env KCLDAP_UNSET_VARIABLE_XYZ");
  CHECK(unset_env.exit_code == 2);
  CHECK(unset_env.err.find("flag --bind-password-env") != std::string::npos);
  CHECK(unset_env.err.find("KCLDAP_UNSET_VARIABLE_XYZ") != std::string::npos);

  const std::string path = kcldap::test::required_env("KCLDAP_TEST_TMP") + "/broken.toml";
  std::ofstream(path) << "[ldap]\nurl = \"ldap://x\"\nbind_pasword = \"x\"\n";
  const auto broken = run_kcldap("probe --config " + quote(path));
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find(path + ":3:1: [ldap] bind_pasword: unknown key; did you mean 'bind_password'?") != std::string::npos);
}

TEST_CASE("flags override the config file, and a file secret reference works", "[cli][slapd]") {
  const std::string dir = kcldap::test::required_env("KCLDAP_TEST_TMP");
  const std::string secret_path = dir + "/bind-password";
  std::ofstream(secret_path) << slapd().at("KCLDAP_SLAPD_BIND_PASSWORD") << "\n";
  const std::string config_path = dir + "/kcldap.toml";
  std::ofstream(config_path) << "[ldap]\n"
                             << "url = \"ldap://127.0.0.1:1\"\n"  // overridden by --ldap-url below
                             << "ca_file = \"" << slapd().at("KCLDAP_SLAPD_CA_FILE") << "\"\n"
                             << "bind_dn = \"" << slapd().at("KCLDAP_SLAPD_BIND_DN") << "\"\n"
                             << "bind_password = \"${file:" << secret_path << "}\"\n"
                             << "users_dn = \"ou=nowhere,dc=example,dc=org\"\n";
  const auto result = run_kcldap("probe --config " + quote(config_path) + " --ldap-url " +
                                 quote(slapd().at("KCLDAP_SLAPD_LDAPS_URL")) + " --users-dn " +
                                 quote(slapd().at("KCLDAP_SLAPD_USERS_DN")) + " --format json");
  INFO(result.err);
  CHECK(result.exit_code == 0);
  check_no_secret(result);
  const auto report = nlohmann::json::parse(result.out);
  CHECK(report["server"]["url"] == slapd().at("KCLDAP_SLAPD_LDAPS_URL"));
  CHECK(report["users"]["count"] == 50);
}

TEST_CASE("the text report gives a summary, the recommended settings and the next step", "[cli][slapd]") {
  const auto result = run_kcldap("probe " + ldaps_flags(), password_env());
  CHECK(result.exit_code == 0);
  check_no_secret(result);
  CHECK(result.out.find("WARN  Users DN") != std::string::npos);
  CHECK(result.out.find("users_dn = \"ou=people,dc=example,dc=org\"") != std::string::npos);
  CHECK(result.out.find("email_attribute = \"mail\"") != std::string::npos);
  CHECK(result.out.find("Result: 8 passed, 1 warning, 0 failed") != std::string::npos);
  CHECK(result.out.find("Next:") != std::string::npos);
}
