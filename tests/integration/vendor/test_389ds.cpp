// kcldap against a real 389 Directory Server started by fixtures/389ds/start.sh, with a Keycloak target
// (a realm of the real Keycloak fixture, or kc-emulator). Probe-only cases are tagged [probe].
#include <catch2/catch.hpp>
#include <fstream>

#include "support/doctor_support.hpp"
#include "support/vendor_setup.hpp"

using namespace kcldap::test;

namespace {

const std::map<std::string, std::string>& ds389() {
  static const auto values = read_env_file(required_env("KCLDAP_389DS_ENV"));
  return values;
}
constexpr std::size_t kNamedUsers = 8;  // fixtures/ldif/389ds.ldif, besides the generated users (60)
constexpr std::size_t kGeneratedUsers = 60;

}  // namespace

TEST_CASE("probe: 389-DS is vendor rhds with nsUniqueId, groupOfUniqueNames/uniqueMember and its locked account", "[probe]") {
  VendorSetup s(ds389(), "KCLDAP_389DS_");
  s.write_config("ada");
  const auto result = s.kcldap("probe --format json");
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const json report = json::parse(result.out);
  const json& r = report["recommended"];
  CHECK(r["vendor"] == "rhds");
  CHECK(r["uuid"] == "nsUniqueId");
  CHECK(r["username"] == "uid");
  CHECK(r["email"] == "mail");
  CHECK(report["users"]["count"] == kNamedUsers + kGeneratedUsers);
  CHECK(report["users"]["disabled"] == 1);  // uid=locked (nsAccountLock)
  CHECK(report["users"]["custom_filter"] == "");
  const json& groups = report["groups"];
  CHECK(groups["dn"] == s.at("GROUPS_DN"));
  CHECK(groups["object_classes"][0]["name"] == "groupOfUniqueNames");
  CHECK(groups["membership_attributes"][0]["name"] == "uniqueMember");
  const auto text = s.kcldap("probe -v");
  CHECK(text.out.find("locked in 389-DS (nsAccountLock): 1 of these users") != std::string::npos);
}

TEST_CASE("check, apply and the post-checks pass against 389-DS; LDAP_ID is the entry's nsUniqueId") {
  VendorSetup s(ds389(), "KCLDAP_389DS_", "24.0");
  s.write_config("ada");
  const auto check = s.kcldap("check");
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 0);
  const auto plan = s.kcldap("plan --detailed-exitcode");
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 3);
  CHECK(plan.out.find("nsUniqueId") != std::string::npos);
  const auto apply = s.kcldap("apply --yes");
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  for (const std::string id : {"post.test-connection", "post.test-authentication", "post.sync", "post.user-lookup", "post.test-login"}) {
    CHECK(apply.out.find("PASS  " + id) != std::string::npos);
  }
  CHECK(apply.out.find(std::to_string(kNamedUsers + kGeneratedUsers) + " added, 0 updated, 0 failed") != std::string::npos);
  const json provider = s.provider();
  CHECK(config_value(provider, "vendor") == "rhds");
  CHECK(config_value(provider, "uuidLDAPAttribute") == "nsUniqueId");
  CHECK(config_value(provider, "customUserSearchFilter").empty());
  const auto mappers = s.mappers();
  REQUIRE(mappers.count("groups") == 1);
  CHECK(config_value(mappers.at("groups"), "group.object.classes") == "groupOfUniqueNames");
  CHECK(config_value(mappers.at("groups"), "membership.ldap.attribute") == "uniqueMember");
  CHECK(mappers.count("MSAD account controls") == 0);

  // ldapsearch as the second opinion on the id.
  const std::string found = command_output("ldapsearch -LLL -x -H " + quote(s.at("URL")) + " -D " + quote(s.at("BIND_DN")) + " -w " +
                                           quote(s.at("BIND_PASSWORD")) + " -b " + quote(s.at("USERS_DN")) + " '(uid=ada)' nsUniqueId");
  const auto at = found.find("nsUniqueId: ");
  REQUIRE(at != std::string::npos);
  const std::string id = found.substr(at + 12, found.find('\n', at) - at - 12);
  const json ada = s.user("ada");
  REQUIRE(!ada.is_null());
  CHECK(ada["attributes"]["LDAP_ID"][0] == id);

  const auto verify = s.kcldap("verify");
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK(s.kcldap("plan --detailed-exitcode").exit_code == 0);
}

TEST_CASE("probe: a locked 389-DS account (result 53) is named, with the attribute that locks it", "[probe]") {
  VendorSetup s(ds389(), "KCLDAP_389DS_");
  const auto result = s.probe_as("uid=locked,ou=People," + s.at("BASE_DN"), s.at("USER_PASSWORD"));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("FAIL  Bind") != std::string::npos);
  CHECK(result.out.find("the account is locked or inactivated (unwillingToPerform)") != std::string::npos);
  CHECK(result.out.find("LDAP result: 53") != std::string::npos);
  CHECK(result.out.find("nsAccountLock") != std::string::npos);
}

TEST_CASE("probe: a search stopped by the look-through limit names nsPagedLookThroughLimit on the bind account", "[probe]") {
  VendorSetup s(ds389(), "KCLDAP_389DS_");
  const auto result = s.probe_as(s.at("LIMITED_BIND_DN"), s.at("LIMITED_BIND_PASSWORD"));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("FAIL  User count") != std::string::npos);
  CHECK(result.out.find("administrative limit (adminLimitExceeded)") != std::string::npos);
  CHECK(result.out.find("dn: " + s.at("LIMITED_BIND_DN") + " / changetype: modify / replace: nsPagedLookThroughLimit") !=
        std::string::npos);
  CHECK(result.out.find("SKIP  Attributes  skipped: the users could not be counted") != std::string::npos);
}

TEST_CASE("doctor on 389-DS: a hand-made provider that fits has no finding; vendor other and UUID cn are named", "[real][doctor]") {
  VendorSetup s(ds389(), "KCLDAP_389DS_");
  s.write_config("ada", "", "", false);
  std::map<std::string, std::string> config = {
      {"enabled", "true"}, {"vendor", "rhds"}, {"editMode", "READ_ONLY"}, {"connectionUrl", s.at("LDAPS_URL")}, {"bindDn", s.at("BIND_DN")},
      {"bindCredential", s.at("BIND_PASSWORD")}, {"usersDn", s.at("USERS_DN")}, {"usernameLDAPAttribute", "uid"}, {"rdnLDAPAttribute", "uid"},
      {"uuidLDAPAttribute", "nsUniqueId"}, {"userObjectClasses", "inetOrgPerson, organizationalPerson"}, {"searchScope", "2"},
      {"pagination", "true"}, {"importEnabled", "true"}, {"useTruststoreSpi", "always"}, {"connectionPooling", "false"},
      {"connectionTimeout", "5000"}, {"readTimeout", "10000"}};
  const auto run = [&](const std::string& name) {
    const json before = s.keycloak->admin_get("/components", "corp");
    s.keycloak->clear_writes("corp");
    const auto result = s.kcldap("doctor --provider " + quote(name) + " --format json");
    INFO(result.out << result.err);
    CHECK(s.keycloak->writes("corp").empty());
    CHECK(s.keycloak->admin_get("/components", "corp") == before);
    const json report = json::parse(result.out);
    CHECK(result.exit_code == (report["summary"]["fail"] == 0 ? 0 : 1));
    return report;
  };
  const std::size_t users = kNamedUsers + kGeneratedUsers;
  SECTION("clean") {
    create_component(*s.keycloak, ldap_provider("clean", config), "corp");
    const json report = run("clean");
    CHECK(report["findings"].empty());
    CHECK(report["directory"]["users"] == users);
  }
  SECTION("a group mapper left at groupOfNames/member, where 389-DS groups are groupOfUniqueNames/uniqueMember") {
    const std::string id = create_component(*s.keycloak, ldap_provider("groups", config), "corp");
    create_component(*s.keycloak,
                     {{"name", "groups"}, {"providerId", "group-ldap-mapper"}, {"parentId", id},
                      {"providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper"},
                      {"config", {{"groups.dn", {s.at("GROUPS_DN")}}, {"group.object.classes", {"groupOfNames"}},
                                  {"membership.ldap.attribute", {"member"}}, {"mode", {"READ_ONLY"}}}}},
                     "corp");
    const std::string out = command_output("ldapsearch -x -LLL -H " + quote(s.at("URL")) + " -D " + quote(s.at("BIND_DN")) + " -w " +
                                           quote(s.at("BIND_PASSWORD")) + " -b " + quote(s.at("GROUPS_DN")) + " '(objectClass=groupOfUniqueNames)' 1.1");
    std::size_t groups = 0;
    for (std::size_t at = out.find("dn: "); at != std::string::npos; at = out.find("dn: ", at + 1)) ++groups;
    REQUIRE(groups > 0);
    const json report = run("groups");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.group-mapper-finds-no-group"});
    check_finding(report, "doctor.group-mapper-finds-no-group", "fail",
                  {"no entry of class groupOfNames", std::to_string(groups) + " groups of other classes"});
  }
  SECTION("a bind account whose searches may look through only a few entries: the user search fails") {
    config["bindDn"] = s.at("LIMITED_BIND_DN");
    config["bindCredential"] = s.at("LIMITED_BIND_PASSWORD");
    create_component(*s.keycloak, ldap_provider("limited", config), "corp");
    std::string text = slurp(s.config);
    text.replace(text.find(s.at("BIND_DN")), s.at("BIND_DN").size(), s.at("LIMITED_BIND_DN"));
    std::ofstream(s.config) << text;
    const auto result = run_kcldap("doctor --provider limited --format json --config " + quote(s.config),
                                   s.secrets_env() + " KCLDAP_TEST_BIND_PW=" + quote(s.at("LIMITED_BIND_PASSWORD")));
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 1);
    const json report = json::parse(result.out);
    check_finding(report, "doctor.user-search-fails", "fail", {"adminLimitExceeded"});
  }
  SECTION("vendor other and UUID cn") {
    config["vendor"] = "other";
    config["uuidLDAPAttribute"] = "cn";
    create_component(*s.keycloak, ldap_provider("handmade", config), "corp");
    const json report = run("handmade");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.vendor-mismatch", "doctor.uuid-attribute-unstable"});
    check_finding(report, "doctor.vendor-mismatch", "warn", {"\"other\"", "(vendor \"rhds\")"});
    check_finding(report, "doctor.uuid-attribute-unstable", "fail", {"nsUniqueId is set on " + std::to_string(users) + " of " + std::to_string(users)});
  }
}

TEST_CASE("required_groups on 389-DS: the MemberOf plugin follows nesting; only members sync, a member signs in, a non-member is refused",
          "[groups]") {
  VendorSetup s(ds389(), "KCLDAP_389DS_");
  const std::string staff = "cn=staff,ou=Groups," + s.at("BASE_DN");  // developers (ada, grace) nested, and barbara
  s.write_config("ada", "required_groups = [\"" + staff + "\"]");
  const auto probed = s.kcldap("probe --format json");
  INFO(probed.out << probed.err);
  REQUIRE(probed.exit_code == 0);
  const json report = json::parse(probed.out);
  REQUIRE(report["required_groups"].size() == 1);
  const json& group = report["required_groups"][0];
  CHECK(group["exists"] == true);
  CHECK(group["members"] == 2);
  CHECK(group["nested"] == true);
  CHECK(group["nested_examples"][0] == "cn=developers,ou=Groups," + s.at("BASE_DN"));
  CHECK(group["users"] == 3);  // ada and grace through developers, barbara directly
  CHECK(report["users"]["count"] == 3);

  const auto apply = s.kcldap("apply --yes");
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(apply.out.find("PASS  post.test-login") != std::string::npos);
  CHECK(apply.out.find("3 added, 0 updated, 0 failed") != std::string::npos);
  CHECK(config_value(s.provider(), "customUserSearchFilter") == "(memberOf=" + staff + ")");
  CHECK(s.keycloak->admin_get("/users/count", "corp").get<int>() == 3);
  CHECK(!s.user("grace").is_null());
  CHECK(s.user("alan").is_null());  // research only
  CHECK(s.password_grant("barbara") == "signed in");
  CHECK(s.password_grant("alan") == "refused");
}
