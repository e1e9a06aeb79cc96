// kcldap against a real Active Directory: a Samba AD DC started by fixtures/samba/start.sh (one that
// allows simple binds on plain LDAP, one that keeps Samba's default and refuses them), with a Keycloak
// target: a realm of the real Keycloak fixture, or kc-emulator. Probe-only cases are tagged [probe]
// (they run once, with the emulator suite); [real] cases need real Keycloak (its OIDC userinfo).
#include <catch2/catch.hpp>

#include "support/doctor_support.hpp"
#include "support/vendor_setup.hpp"

using namespace kcldap::test;

namespace {

const std::map<std::string, std::string>& samba() {
  static const auto values = read_env_file(required_env("KCLDAP_SAMBA_ENV"));
  return values;
}
const std::map<std::string, std::string>& strict_samba() {
  static const auto values = read_env_file(required_env("KCLDAP_SAMBA_STRICT_ENV"));
  return values;
}
const std::string kAdFilter = "(&(!(objectClass=computer))(!(isCriticalSystemObject=TRUE)))";
constexpr std::size_t kNamedUsers = 11;  // fixtures/ldif/samba-ad.ldif, besides the bulk users

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

json parse_json(const CommandResult& result) {
  INFO(result.out << result.err);
  REQUIRE(!result.out.empty());
  return json::parse(result.out);
}

}  // namespace

TEST_CASE("probe: Samba is Active Directory; the recommendations are AD's and computers are left out", "[probe]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  s.write_config("alovelace");
  const auto result = s.kcldap("probe --format json");
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const json report = parse_json(result);
  const json& r = report["recommended"];
  CHECK(r["vendor"] == "ad");
  CHECK(r["username"] == "sAMAccountName");
  CHECK(r["uuid"] == "objectGUID");
  CHECK(r["email"] == "mail");  // not userPrincipalName, though that is on every user and mail is not
  CHECK(r["first_name"] == "givenName");
  CHECK(r["last_name"] == "sn");
  CHECK(r["search_scope"] == "subtree");
  const json& users = report["users"];
  CHECK(users["custom_filter"] == kAdFilter);
  const std::size_t bulk = std::stoul(s.at("BULK_USERS"));
  CHECK(users["count"] == bulk + kNamedUsers);  // past AD's 1000-entry page: counted through paged results
  CHECK(users["computers_excluded"] == 1);      // WS01$
  CHECK(users["disabled"] == 1);                // oldaccount
  CHECK(report["groups"]["dn"] == s.at("GROUPS_DN"));  // not CN=Builtin: system groups are left out
  CHECK(result.out.find("CN=Builtin") == std::string::npos);
}

TEST_CASE("probe: without the AD user filter the computer is counted as a user, with the fix", "[probe]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  s.write_config("alovelace", "user_filter = \"\"\n");
  const auto result = s.kcldap("probe");
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("WARN  User count") != std::string::npos);
  CHECK(result.out.find("the users counted include computers (1)") != std::string::npos);
  CHECK(result.out.find("user_filter = \"auto\" or add " + kAdFilter) != std::string::npos);
}

TEST_CASE("probe: a users DN at the domain root meets referrals; the probe names Keycloak's error and the fix", "[probe]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  const auto result = s.probe_as(s.at("BIND_DN"), s.at("BIND_PASSWORD"), "--users-dn " + quote(s.at("BASE_DN")));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("continuation references") != std::string::npos);
  CHECK(result.out.find("Unprocessed Continuation Reference(s)") != std::string::npos);
  CHECK(result.out.find("Global Catalog (port 3268)") != std::string::npos);
}

TEST_CASE("probe: every AD bind refusal is put in words, from the server's sub-code", "[probe]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  const std::string password = s.at("USER_PASSWORD");
  struct Case {
    std::string account;
    std::string password;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"CN=kcldap-reader,OU=Service Accounts," + s.at("BASE_DN"), "not-the-password", "the password is wrong for an existing account (sub-code 52e)"},
      {"oldaccount@kcldap.test", password, "the account is disabled (sub-code 533)"},
      {"lockedout@kcldap.test", password, "the account is locked out (sub-code 775)"},
      {"newhire@kcldap.test", password, "must change its password at next logon (sub-code 773)"},
      {"expiredcontractor@kcldap.test", password, "the account has expired (sub-code 701)"},
  };
  for (const auto& c : cases) {
    const auto result = s.probe_as(c.account, c.password);
    INFO(c.account << "\n" << result.out << result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("FAIL  Bind") != std::string::npos);
    CHECK(result.out.find(c.words) != std::string::npos);
    CHECK(result.out.find(c.password) == std::string::npos);
  }
  // The logon-name forms AD accepts are bind identities too.
  const auto upn = s.probe_as("alovelace@kcldap.test", password);
  CHECK(upn.out.find("PASS  Bind") != std::string::npos);
  const auto down_level = s.probe_as("KCLDAP\\alovelace", password);
  CHECK(down_level.out.find("PASS  Bind") != std::string::npos);
}

TEST_CASE("probe: plain LDAP binds where the DC allows them, and an encryption demand is explained where it does not", "[probe]") {
  VendorSetup allowing(samba(), "KCLDAP_SAMBA_");
  const auto plain = run_kcldap("probe --ldap-url " + quote(allowing.at("URL")) + " --bind-dn " + quote(allowing.at("BIND_DN")) +
                                    " --bind-password-env PW --users-dn " + quote(allowing.at("USERS_DN")),
                                "PW=" + quote(allowing.at("BIND_PASSWORD")));
  INFO(plain.out << plain.err);
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("WARN  TLS") != std::string::npos);  // plain ldap:// is warned about
  CHECK(plain.out.find("PASS  Bind") != std::string::npos);

  VendorSetup strict(strict_samba(), "KCLDAP_SAMBA_");
  const std::string base = "probe --bind-dn " + quote(strict.at("BIND_DN")) + " --bind-password-env PW --users-dn " + quote(strict.at("USERS_DN"));
  const auto refused = run_kcldap(base + " --ldap-url " + quote(strict.at("URL")), "PW=" + quote(strict.at("BIND_PASSWORD")));
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.find("the server requires an encrypted connection") != std::string::npos);
  CHECK(refused.out.find("use ldaps:// or set start_tls = true") != std::string::npos);
  const auto start_tls = run_kcldap(base + " --ldap-url " + quote(strict.at("URL")) + " --start-tls --ca-file " + quote(strict.at("CA_FILE")),
                                    "PW=" + quote(strict.at("BIND_PASSWORD")));
  INFO(start_tls.out << start_tls.err);
  CHECK(start_tls.exit_code == 0);
  CHECK(start_tls.out.find("PASS  Bind") != std::string::npos);
}

TEST_CASE("check, apply and the post-checks pass against AD; Keycloak mirrors objectGUID, disabled accounts and nested groups") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  s.write_config("alovelace");
  const auto check = s.kcldap("check");
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 0);
  CHECK(check.out.find("PASS  federation.paging") != std::string::npos);
  const auto plan = s.kcldap("plan --detailed-exitcode");
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 3);  // changes pending
  CHECK(plan.out.find("customUserSearchFilter") != std::string::npos);
  CHECK(plan.out.find("computers are objectClass user too") != std::string::npos);  // the reason, shown with the value

  const auto apply = s.kcldap("apply --yes -v");
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  for (const std::string id : {"post.test-connection", "post.test-authentication", "post.sync", "post.user-lookup", "post.test-login"}) {
    CHECK(apply.out.find("PASS  " + id) != std::string::npos);
  }
  CHECK(apply.out.find("(disabled, as in Active Directory)") != std::string::npos);
  CHECK(apply.out.find(s.at("BIND_PASSWORD")) == std::string::npos);
  CHECK(apply.out.find(s.at("USER_PASSWORD")) == std::string::npos);

  const json provider = s.provider();
  CHECK(config_value(provider, "vendor") == "ad");
  CHECK(config_value(provider, "usernameLDAPAttribute") == "sAMAccountName");
  CHECK(config_value(provider, "uuidLDAPAttribute") == "objectGUID");
  CHECK(config_value(provider, "customUserSearchFilter") == kAdFilter);
  CHECK(config_value(provider, "pagination") == "true");
  const auto mappers = s.mappers();
  REQUIRE(mappers.count("MSAD account controls") == 1);  // Keycloak's AD default, kept
  REQUIRE(mappers.count("groups") == 1);
  CHECK(config_value(mappers.at("groups"), "user.roles.retrieve.strategy") == "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY");
  CHECK(config_value(mappers.at("groups"), "group.object.classes") == "group");

  // Every directory user was synced (past one AD page), the computer was not.
  const std::size_t expected = std::stoul(s.at("BULK_USERS")) + kNamedUsers;
  CHECK(apply.out.find(std::to_string(expected) + " added, 0 updated, 0 failed") != std::string::npos);
  CHECK(s.user("ws01$").is_null());
  // LDAP_ID is objectGUID as Windows writes it: Samba's own tool is the second opinion.
  const std::string shown = command_output("samba-tool user show alovelace --attributes=objectGUID -H " +
                                           quote(s.at("DIR") + "/private/sam.ldb") + " 2>/dev/null");
  const auto guid_at = shown.find("objectGUID: ");
  REQUIRE(guid_at != std::string::npos);
  const std::string guid = shown.substr(guid_at + 12, 36);
  const json ada = s.user("alovelace");
  REQUIRE(!ada.is_null());
  CHECK(ada["attributes"]["LDAP_ID"][0] == guid);
  CHECK(ada["email"] == "alovelace@kcldap.test");
  CHECK(s.user("oldaccount")["enabled"] == false);
  CHECK(s.user("kthompson")["email"].is_null());  // no mail in AD: no email, not the userPrincipalName

  const auto verify = s.kcldap("verify");
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  const auto converged = s.kcldap("plan --detailed-exitcode");
  INFO(converged.out << converged.err);
  CHECK(converged.exit_code == 0);  // applied as planned: nothing left to change
}

TEST_CASE("post-checks: a disabled AD account that Keycloak shows enabled is reported (no MSAD mapper)") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  // Keycloak's default mappers deleted, the ones users need declared: no MSAD account controls mapper.
  s.write_config("alovelace", "",
                 "default_mappers = \"delete\"\n\n"
                 "[[mappers]]\nname = \"username\"\ntype = \"user-attribute\"\nuser_attribute = \"username\"\nldap_attribute = \"sAMAccountName\"\n\n"
                 "[[mappers]]\nname = \"email\"\ntype = \"user-attribute\"\nuser_attribute = \"email\"\nldap_attribute = \"mail\"\n");
  const auto apply = s.kcldap("apply --yes -v");
  INFO(apply.out << apply.err);
  CHECK(apply.exit_code == 0);  // a warning: deleting Keycloak's default mappers was asked for
  CHECK(s.mappers().count("MSAD account controls") == 0);
  CHECK(apply.out.find("WARN  post.user-lookup") != std::string::npos);
  CHECK(apply.out.find("oldaccount: disabled in Active Directory but enabled in Keycloak") != std::string::npos);
}

TEST_CASE("check and apply: pagination off with more users than one AD page fails before anything is written") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  s.write_config("alovelace", "", "pagination = false\n");
  const auto check = s.kcldap("check");
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("FAIL  federation.paging") != std::string::npos);
  CHECK(check.out.find("Active Directory returns at most 1000 entries per search") != std::string::npos);
  const auto apply = s.kcldap("apply --yes");
  INFO(apply.out << apply.err);
  CHECK(apply.exit_code == 1);
  CHECK(s.component_writes() == 0);
  CHECK(s.provider().is_null());
}

TEST_CASE("the Run:AI preset on AD: an AD user signs in through Keycloak, with the email from the attribute kcldap chose", "[preset][real]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  s.write_config("alovelace", "", "preset = \"runai\"\n");
  const auto plan = s.kcldap("plan --format json");
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  const auto apply = s.kcldap("apply --yes");
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(apply.out.find("PASS  post.test-login") != std::string::npos);
  CHECK(apply.out.find("SKIP  post.sync") != std::string::npos);  // import off: nothing to sync

  // The procedure's settings, as Keycloak stores them.
  const json provider = s.provider();
  CHECK(config_value(provider, "importEnabled") == "false");
  CHECK(config_value(provider, "editMode") == "READ_ONLY");
  CHECK(config_value(provider, "searchScope") == "2");
  CHECK(config_value(provider, "usernameLDAPAttribute") == "sAMAccountName");
  CHECK(config_value(provider, "vendor") == "ad");
  // The preset follows the Run:AI procedure: on AD, email comes from userPrincipalName.
  const std::string email_attribute = config_value(s.mappers().at("email"), "ldap.attribute");
  CHECK(email_attribute == "userPrincipalName");

  // Ada signs in to the platform's own OIDC client (not admin-cli: its lightweight tokens are refused at
  // userinfo from 26.7), and Keycloak tells the app her email.
  const json platform = {{"clientId", "platform"}, {"publicClient", true}, {"directAccessGrantsEnabled", true}, {"standardFlowEnabled", false}};
  REQUIRE(s.keycloak->post_json(s.keycloak->admin_path("corp") + "/clients", s.keycloak->admin_token(), platform)->status == 201);
  const std::string token = s.keycloak->token_of(s.realm(), {{"grant_type", "password"}, {"client_id", "platform"}, {"scope", "openid"},
                                                             {"username", "alovelace"}, {"password", s.at("USER_PASSWORD")}});
  auto userinfo = s.keycloak->get("/realms/" + s.realm() + "/protocol/openid-connect/userinfo", token);
  REQUIRE(userinfo);
  INFO(userinfo->body);
  REQUIRE(userinfo->status == 200);
  const json claims = json::parse(userinfo->body);
  CHECK(claims["preferred_username"] == "alovelace");
  // ldapsearch as the second opinion on that attribute (the password from a file: never on a command line).
  std::ofstream(s.dir + "/bind.pw") << s.at("BIND_PASSWORD");
  const std::string in_directory =
      command_output("LDAPTLS_CACERT=" + quote(s.at("CA_FILE")) + " ldapsearch -LLL -o ldif-wrap=no -H " + quote(s.at("LDAPS_URL")) +
                     " -x -D " + quote(s.at("BIND_DN")) + " -y " + quote(s.dir + "/bind.pw") + " -b " + quote(s.at("USERS_DN")) +
                     " '(sAMAccountName=alovelace)' " + email_attribute + " 2>/dev/null");
  const auto value_at = in_directory.find(email_attribute + ": ");
  REQUIRE(value_at != std::string::npos);
  const std::string value = in_directory.substr(value_at + email_attribute.size() + 2, in_directory.find('\n', value_at) - value_at - email_attribute.size() - 2);
  REQUIRE(claims.contains("email"));
  CHECK(lowercase(value) == claims["email"].get<std::string>());  // Keycloak stores emails lower-case
  // Import off: Keycloak looked her up live and stored no copy.
  CHECK(s.keycloak->admin_get("/users/count", "corp") == 0);
}

namespace {

// A provider the admin console could have made on Samba AD, fitting it in every respect.
std::map<std::string, std::string> clean_ad_provider(const VendorSetup& s) {
  return {{"enabled", "true"}, {"vendor", "ad"}, {"editMode", "READ_ONLY"}, {"connectionUrl", s.at("LDAPS_URL")},
          {"bindDn", s.at("BIND_DN")}, {"bindCredential", s.at("BIND_PASSWORD")}, {"usersDn", s.at("USERS_DN")},
          {"usernameLDAPAttribute", "sAMAccountName"}, {"rdnLDAPAttribute", "cn"}, {"uuidLDAPAttribute", "objectGUID"},
          {"userObjectClasses", "person, organizationalPerson, user"}, {"customUserSearchFilter", kAdFilter}, {"searchScope", "2"},
          {"pagination", "true"}, {"importEnabled", "true"}, {"useTruststoreSpi", "always"}, {"connectionPooling", "false"},
          {"connectionTimeout", "5000"}, {"readTimeout", "10000"}};
}

// ldapsearch's count (paged) of the entries below `base` matching `filter`: a second opinion.
std::size_t samba_count(const VendorSetup& s, const std::string& base, const std::string& filter) {
  const std::string out = command_output("ldapsearch -x -LLL -E pr=500/noprompt -H " + quote(s.at("URL")) + " -D " + quote(s.at("BIND_DN")) +
                                         " -w " + quote(s.at("BIND_PASSWORD")) + " -b " + quote(base) + " " + quote(filter) + " 1.1");
  std::size_t count = 0;
  for (std::size_t at = out.find("dn: "); at != std::string::npos; at = out.find("\ndn: ", at + 1)) ++count;
  return count;
}

// Runs kcldap doctor --format json on the provider: nothing written, the exit code as the worst severity.
json run_doctor(const VendorSetup& s, const std::string& name) {
  const json before = s.keycloak->admin_get("/components", "corp");
  s.keycloak->clear_writes("corp");
  const auto result = s.kcldap("doctor --provider " + quote(name) + " --format json");
  INFO(result.out << result.err);
  CHECK((s.keycloak->writes("corp").empty() && s.keycloak->admin_get("/components", "corp") == before));
  const json report = parse_json(result);
  CHECK(result.exit_code == (report["summary"]["fail"] == 0 ? 0 : 1));
  return report;
}

const std::string kAdClasses = "(&(objectclass=person)(objectclass=organizationalPerson)(objectclass=user)";  // ")" to close
const std::string kAdUsers = kAdClasses + kAdFilter + ")";

}  // namespace

TEST_CASE("doctor on Samba AD: a hand-made provider that fits has no finding; each AD mistake is named with AD's numbers", "[real][doctor]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  s.write_config("alovelace", "", "", false);
  const std::size_t users = samba_count(s, s.at("USERS_DN"), kAdUsers);
  REQUIRE(users == std::stoul(s.at("BULK_USERS")) + kNamedUsers);
  auto config = clean_ad_provider(s);
  SECTION("clean") {
    create_component(*s.keycloak, ldap_provider("clean", config), "corp");
    const json report = run_doctor(s, "clean");
    CHECK(report["findings"].empty());
    CHECK(report["directory"]["users"] == users);
    CHECK(report["directory"]["server"] == "Samba AD");
  }
  SECTION("UUID sAMAccountName instead of objectGUID") {
    config["uuidLDAPAttribute"] = "sAMAccountName";
    create_component(*s.keycloak, ldap_provider("uuid-name", config), "corp");
    const json report = run_doctor(s, "uuid-name");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.uuid-attribute-unstable"});
    check_finding(report, "doctor.uuid-attribute-unstable", "fail", {"objectGUID is set on " + std::to_string(users) + " of " + std::to_string(users)});
    CHECK((*find_finding(report, "doctor.uuid-attribute-unstable"))["fix"]["toml"] == "[ldap] uuid_attribute = \"objectGUID\"");
  }
  SECTION("no MSAD account controls mapper: disabled users could sign in") {
    const std::string id = create_component(*s.keycloak, ldap_provider("no-msad", config), "corp");
    delete_mapper(*s.keycloak, id, "MSAD account controls", "corp");
    const std::size_t disabled = samba_count(s, s.at("USERS_DN"), "(&" + kAdUsers + "(userAccountControl:1.2.840.113556.1.4.803:=2))");
    REQUIRE(disabled > 0);
    const json report = run_doctor(s, "no-msad");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.ad-account-controls-mapper-missing"});
    check_finding(report, "doctor.ad-account-controls-mapper-missing", "fail",
                  {std::to_string(disabled) + " of " + std::to_string(users) + " users are disabled"});
  }
  SECTION("no user filter: the computer comes in as a user") {
    config.erase("customUserSearchFilter");
    create_component(*s.keycloak, ldap_provider("computers", config), "corp");
    const std::size_t computers = samba_count(s, s.at("USERS_DN"), kAdClasses + "(objectClass=computer))");
    REQUIRE(computers > 0);
    const json report = run_doctor(s, "computers");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.ad-filter-admits-computers"});
    check_finding(report, "doctor.ad-filter-admits-computers", "warn", {std::to_string(computers) + " are computer accounts"});
  }
  SECTION("CN=Users without a filter: the system accounts come in") {
    config.erase("customUserSearchFilter");
    config["usersDn"] = "CN=Users," + s.at("BASE_DN");
    create_component(*s.keycloak, ldap_provider("system", config), "corp");
    const std::size_t system = samba_count(s, config["usersDn"], kAdClasses + "(isCriticalSystemObject=TRUE))");
    REQUIRE(system > 0);  // Administrator, Guest, krbtgt
    check_finding(run_doctor(s, "system"), "doctor.ad-filter-admits-computers", "warn", {std::to_string(system) + " are system accounts"});
  }
  SECTION("a group mapper with the class of OpenLDAP's groups") {
    const std::string id = create_component(*s.keycloak, ldap_provider("groups", config), "corp");
    const json mapper_config = {{"groups.dn", {s.at("GROUPS_DN")}}, {"group.object.classes", {"groupOfNames"}}, {"mode", {"READ_ONLY"}}};
    create_component(*s.keycloak, {{"name", "groups"}, {"providerId", "group-ldap-mapper"}, {"parentId", id},
                                   {"providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper"}, {"config", mapper_config}}, "corp");
    const std::size_t groups = samba_count(s, s.at("GROUPS_DN"), "(objectClass=group)");
    REQUIRE(groups > 0);
    const json report = run_doctor(s, "groups");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.group-mapper-finds-no-group"});
    check_finding(report, "doctor.group-mapper-finds-no-group", "fail",
                  {"no entry of class groupOfNames", std::to_string(groups) + " groups of other classes"});
  }
  SECTION("the users DN at the domain root, referrals not ignored") {
    config["usersDn"] = s.at("BASE_DN");
    create_component(*s.keycloak, ldap_provider("root", config), "corp");
    const json report = run_doctor(s, "root");
    check_finding(report, "doctor.referrals-at-domain-root", "warn", {"domain root " + s.at("BASE_DN"), "referral is unset"});
  }
  SECTION("email from userPrincipalName where mail is well filled") {
    const std::string id = create_component(*s.keycloak, ldap_provider("upn-email", config), "corp");
    edit_mapper(*s.keycloak, id, "email", {{"ldap.attribute", {"userPrincipalName"}}}, "corp");
    const std::size_t with_mail = samba_count(s, s.at("USERS_DN"), "(&" + kAdUsers + "(mail=*))");
    REQUIRE(with_mail * 2 > users);
    const json report = run_doctor(s, "upn-email");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.email-from-login-name"});
    check_finding(report, "doctor.email-from-login-name", "warn", {"mail is set on " + std::to_string(with_mail) + " of " + std::to_string(users)});
  }
  SECTION("pagination off with more users than AD's page") {
    config["pagination"] = "false";
    create_component(*s.keycloak, ldap_provider("no-paging", config), "corp");
    const json report = run_doctor(s, "no-paging");
    CHECK(finding_ids(report) == std::set<std::string>{"doctor.pagination-off"});
    // Samba answers an unpaged search in full, Windows DCs stop at MaxPageSize: the finding names AD's limit.
    check_finding(report, "doctor.pagination-off", "fail", {"finds " + std::to_string(users) + " users", "MaxPageSize stops an unpaged search at 1000"});
  }
}

TEST_CASE("required_groups on AD: the in-chain rule counts nested members; only they sync, a member signs in, a non-member is refused",
          "[groups]") {
  VendorSetup s(samba(), "KCLDAP_SAMBA_");
  const std::string engineering = "CN=engineering,OU=Groups," + s.at("BASE_DN");  // backend (Ada, Grace) nested, and Barbara
  s.write_config("alovelace", "required_groups = [\"" + engineering + "\"]");
  const auto probed = s.kcldap("probe --format json");
  const json report = parse_json(probed);
  REQUIRE(probed.exit_code == 0);
  REQUIRE(report["required_groups"].size() == 1);
  const json& group = report["required_groups"][0];
  CHECK(group["members"] == 2);
  CHECK(group["nested"] == true);
  CHECK(group["users"] == 3);
  const std::string filter = "(&" + kAdFilter + "(memberOf:1.2.840.113556.1.4.1941:=" + engineering + "))";
  CHECK(report["users"]["custom_filter"] == filter);  // the computer exclusion kept, the group ANDed to it

  const auto apply = s.kcldap("apply --yes");
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(apply.out.find("PASS  post.test-login") != std::string::npos);
  CHECK(apply.out.find("3 added, 0 updated, 0 failed") != std::string::npos);
  CHECK(config_value(s.provider(), "customUserSearchFilter") == filter);
  CHECK(s.keycloak->admin_get("/users/count", "corp").get<int>() == 3);
  CHECK(!s.user("ghopper").is_null());  // through the nested group
  CHECK(s.user("aturing").is_null());   // research only
  CHECK(s.password_grant("bliskov") == "signed in");
  CHECK(s.password_grant("aturing") == "refused");
}
