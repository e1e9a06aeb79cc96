// `kcldap doctor` as users run it: LDAP providers made by hand through the Admin API (POST /components,
// as the admin console does), one mistake each, pointing at the slapd fixtures, and a clean one. Each
// finding is asserted by id, severity and the numbers in its evidence, which the test counts itself with
// ldapsearch; the exit code follows the worst severity; nothing is written to Keycloak (its admin events,
// the components before and after). Cases tagged [emulator] use an emulator version profile: a stored
// state real Keycloak 26.1+ no longer lets anyone save.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/cli_setup.hpp"
#include "support/doctor_support.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

const std::map<std::string, std::string>& ad_style() {
  static const auto values = read_env_file(required_env("KCLDAP_SLAPD_AD_ENV"));
  return values;
}

const std::string kUsers = "(&(objectclass=inetOrgPerson)(objectclass=organizationalPerson))";

std::size_t people(const std::string& scope = "sub") {
  return ldapsearch(slapd(), slapd().at("KCLDAP_SLAPD_USERS_DN"), scope, kUsers, "dn").size();
}

std::string n(std::size_t value) { return std::to_string(value); }

// A provider the admin console could have made, fitting the slapd fixture in every respect.
json clean_provider(const std::string& name, const std::map<std::string, std::string>& fixture = slapd()) {
  json config = {{"enabled", {"true"}},
                 {"vendor", {"other"}},
                 {"editMode", {"READ_ONLY"}},
                 {"connectionUrl", {fixture.at("KCLDAP_SLAPD_LDAPS_URL")}},
                 {"bindDn", {fixture.at("KCLDAP_SLAPD_BIND_DN")}},
                 {"bindCredential", {fixture.at("KCLDAP_SLAPD_BIND_PASSWORD")}},
                 {"usersDn", {fixture.at("KCLDAP_SLAPD_USERS_DN")}},
                 {"usernameLDAPAttribute", {"uid"}},
                 {"rdnLDAPAttribute", {"uid"}},
                 {"uuidLDAPAttribute", {"entryUUID"}},
                 {"userObjectClasses", {"inetOrgPerson, organizationalPerson"}},
                 {"searchScope", {"2"}},
                 {"pagination", {"true"}},
                 {"importEnabled", {"true"}},
                 {"useTruststoreSpi", {"always"}},
                 {"connectionPooling", {"false"}},
                 {"connectionTimeout", {"5000"}},
                 {"readTimeout", {"10000"}}};
  return {{"name", name}, {"providerId", "ldap"}, {"providerType", "org.keycloak.storage.UserStorageProvider"}, {"config", config}};
}

struct Doctor {
  CommandResult result;
  json report;
  const json* finding(const std::string& id) const { return find_finding(report, id); }
  std::set<std::string> ids() const { return finding_ids(report); }
};

struct DoctorSetup {
  Setup setup;
  std::string env;  // more environment for kcldap
  explicit DoctorSetup(const std::string& version = "26.4", TargetSpec spec = {}) : setup(version, "", std::move(spec)) {}

  // Creates the provider (Keycloak adds its default mappers), then applies `mapper_edits` to the mapper of
  // each name (PUT with the whole representation, as real Keycloak wants), and returns the provider's id.
  std::string create(const json& provider, const std::map<std::string, json>& mapper_edits = {}) {
    const std::string id = create_component(*setup.keycloak, provider);
    for (const auto& [name, config] : mapper_edits) edit_mapper(*setup.keycloak, id, name, config);
    return id;
  }
  void add_mapper(const std::string& parent, json mapper) {
    mapper["parentId"] = parent;
    mapper["providerType"] = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
    create_component(*setup.keycloak, mapper);
  }

  // Runs doctor --format json on the named provider; checks that nothing was written meanwhile.
  Doctor run(const std::string& name, const std::string& extra = "") {
    const json before = setup.keycloak->admin_get("/components");
    setup.clear_log();
    Doctor doctor;
    doctor.result = setup.kcldap("doctor --provider " + quote(name) + " --format json " + extra, env);
    INFO(doctor.result.out << doctor.result.err);
    check_no_secret(doctor.result);
    CHECK(setup.component_writes().empty());
    for (const auto& write : setup.writes()) CHECK(write.find("testLDAPConnection") != std::string::npos);  // the emulator logs its tests
    CHECK(setup.keycloak->admin_get("/components") == before);
    REQUIRE((doctor.result.exit_code == 0 || doctor.result.exit_code == 1));
    doctor.report = json::parse(doctor.result.out);
    CHECK(doctor.report["schema"] == "kcldap.doctor/v1");
    CHECK(doctor.result.exit_code == (doctor.report["summary"]["fail"] == 0 ? 0 : 1));
    return doctor;
  }
};

void check_finding(const Doctor& doctor, const std::string& id, const std::string& severity, const std::vector<std::string>& evidence) {
  kcldap::test::check_finding(doctor.report, id, severity, evidence);
}

}  // namespace

TEST_CASE("doctor: a provider that fits the directory has no finding and exits 0", "[doctor]") {
  DoctorSetup d;
  const std::string id = d.create(clean_provider("clean"));
  d.add_mapper(id, {{"name", "groups"},
                    {"providerId", "group-ldap-mapper"},
                    {"config",
                     {{"groups.dn", {slapd().at("KCLDAP_SLAPD_GROUPS_DN")}},
                      {"group.object.classes", {"groupOfNames"}},
                      {"membership.ldap.attribute", {"member"}},
                      {"mode", {"READ_ONLY"}}}}});
  const Doctor doctor = d.run("clean");
  INFO(doctor.report.dump(2));
  CHECK(doctor.result.exit_code == 0);
  CHECK(doctor.report["findings"].empty());
  CHECK(doctor.report["directory"]["users"] == people());
  CHECK(doctor.report["provider"]["id"] == id);

  // The text report says so too; JUnit has one passing case.
  const auto text = d.setup.kcldap("doctor --provider clean");
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("No finding") && Catch::Contains("kcldap wrote nothing"));
  const auto junit = d.setup.kcldap("doctor --format junit");  // the realm's only provider: no --provider needed
  CHECK(junit.exit_code == 0);
  CHECK_THAT(junit.out, Catch::Contains("failures=\"0\""));
}

TEST_CASE("doctor: an identity without manage-realm: Keycloak refuses its tests, doctor says so and reviews the rest", "[doctor]") {
  DoctorSetup d("26.4", with_clients({{"demo", "viewer", "v1ew", {"view-realm", "view-users"}}}));
  d.setup.use_service_account("viewer");
  d.env = "KCLDAP_TEST_SECRET=v1ew";
  d.create(clean_provider("clean"));
  const Doctor doctor = d.run("clean");
  CHECK(doctor.ids() == std::set<std::string>{"doctor.keycloak-tests-not-run"});
  check_finding(doctor, "doctor.keycloak-tests-not-run", "warn", {"403"});
  CHECK_THAT((*doctor.finding("doctor.keycloak-tests-not-run"))["title"].get<std::string>(), Catch::Contains("manage-realm"));
  CHECK(doctor.result.exit_code == 0);
}

TEST_CASE("doctor: usage errors exit 2 and name what to pass", "[doctor]") {
  DoctorSetup d;
  d.create(clean_provider("first"));
  d.create(clean_provider("second"));
  const auto ambiguous = d.setup.kcldap("doctor");
  CHECK(ambiguous.exit_code == 2);
  CHECK_THAT(ambiguous.err, Catch::Contains("first") && Catch::Contains("second"));
  const auto unknown = d.setup.kcldap("doctor --provider third");
  CHECK(unknown.exit_code == 2);
  d.setup.edit_config("bind_password = \"${env:KCLDAP_TEST_BIND_PW}\"\n", "");
  const auto no_password = d.setup.kcldap("doctor --provider first");
  CHECK(no_password.exit_code == 2);
  CHECK_THAT(no_password.err, Catch::Contains("bind_password"));
}

TEST_CASE("doctor: each mistake in the user search is named with the directory's numbers", "[doctor]") {
  DoctorSetup d;
  const std::string users_dn = slapd().at("KCLDAP_SLAPD_USERS_DN");
  SECTION("scope one level while users live deeper") {
    json provider = clean_provider("one-level");
    provider["config"]["searchScope"] = {"1"};
    d.create(provider);
    const std::size_t all = people("sub");
    const std::size_t direct = people("one");
    REQUIRE(all > direct);
    const Doctor doctor = d.run("one-level");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.search-scope-one-level"});
    check_finding(doctor, "doctor.search-scope-one-level", "fail", {n(all - direct) + " of " + n(all) + " users"});
    CHECK(doctor.report["directory"]["users"] == direct);
  }
  SECTION("a users DN that does not exist") {
    json provider = clean_provider("no-dn");
    provider["config"]["usersDn"] = {"ou=nobody," + slapd().at("KCLDAP_SLAPD_BASE_DN")};
    d.create(provider);
    const Doctor doctor = d.run("no-dn");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.users-dn-missing"});
    check_finding(doctor, "doctor.users-dn-missing", "fail", {"ou=nobody"});
  }
  SECTION("a filter that matches nobody") {
    json provider = clean_provider("no-match");
    provider["config"]["customUserSearchFilter"] = {"(employeeType=no-such-type)"};
    d.create(provider);
    REQUIRE(ldapsearch(slapd(), users_dn, "sub", "(&(employeeType=no-such-type)" + kUsers + ")", "dn").empty());
    const Doctor doctor = d.run("no-match");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.users-match-nobody"});
    check_finding(doctor, "doctor.users-match-nobody", "fail", {"finds 0 users"});
  }
}

TEST_CASE("doctor: mistakes in the attributes are named with counts from the directory", "[doctor]") {
  DoctorSetup d;
  const std::string users_dn = slapd().at("KCLDAP_SLAPD_USERS_DN");
  const std::size_t all = people();
  SECTION("a username attribute some users lack") {
    json provider = clean_provider("username-mail");
    provider["config"]["usernameLDAPAttribute"] = {"mail"};
    d.create(provider);
    const std::size_t with_mail = ldapsearch(slapd(), users_dn, "sub", "(&(mail=*)" + kUsers + ")", "dn").size();
    REQUIRE(with_mail < all);
    const Doctor doctor = d.run("username-mail");
    check_finding(doctor, "doctor.username-attribute-missing", "fail", {n(all - with_mail) + " of " + n(all) + " users lack mail"});
    CHECK((*doctor.finding("doctor.username-attribute-missing"))["fix"]["toml"] == "[ldap] username_attribute = \"uid\"");
  }
  SECTION("a username attribute several users share") {
    json provider = clean_provider("username-sn");
    provider["config"]["usernameLDAPAttribute"] = {"sn"};
    d.create(provider);
    std::map<std::string, std::size_t> surnames;
    for (const auto& sn : ldapsearch(slapd(), users_dn, "sub", kUsers, "sn")) ++surnames[sn];
    std::size_t sharing = 0;
    for (const auto& [sn, count] : surnames) sharing += count > 1 ? count : 0;
    REQUIRE(sharing > 0);
    const Doctor doctor = d.run("username-sn");
    check_finding(doctor, "doctor.username-not-unique", "fail", {n(sharing) + " of " + n(all) + " users share their sn"});
  }
  SECTION("a UUID attribute that is a name") {
    json provider = clean_provider("uuid-uid");
    provider["config"]["uuidLDAPAttribute"] = {"uid"};
    d.create(provider);
    const Doctor doctor = d.run("uuid-uid");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.uuid-attribute-unstable"});
    check_finding(doctor, "doctor.uuid-attribute-unstable", "fail", {"entryUUID is set on " + n(all) + " of " + n(all) + " users"});
  }
  SECTION("an email mapper reading an attribute most users lack") {
    const std::string id = d.create(clean_provider("email-sparse"), {{"email", {{"ldap.attribute", {"homeDirectory"}}}}});
    const std::size_t with_home = ldapsearch(slapd(), users_dn, "sub", "(&(homeDirectory=*)" + kUsers + ")", "dn").size();
    const std::size_t with_mail = ldapsearch(slapd(), users_dn, "sub", "(&(mail=*)" + kUsers + ")", "dn").size();
    REQUIRE(with_home * 2 < all);
    const Doctor doctor = d.run("email-sparse");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.email-attribute-sparse"});
    check_finding(doctor, "doctor.email-attribute-sparse", "warn",
                  {n(all - with_home) + " of " + n(all) + " users lack homeDirectory", "mail is set on " + n(with_mail) + " of " + n(all)});
    CHECK(doctor.result.exit_code == 0);  // a warning alone
  }
  SECTION("a vendor that does not match the server") {
    json provider = clean_provider("vendor-rhds");
    provider["config"]["vendor"] = {"rhds"};
    d.create(provider);
    const Doctor doctor = d.run("vendor-rhds");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.vendor-mismatch"});
    check_finding(doctor, "doctor.vendor-mismatch", "warn", {"\"rhds\"", "OpenLDAP"});
  }
}

TEST_CASE("doctor: transport, timeouts and Keycloak's own view", "[doctor]") {
  DoctorSetup d;
  SECTION("a simple bind over plain ldap://") {
    json provider = clean_provider("plain");
    provider["config"]["connectionUrl"] = {slapd().at("KCLDAP_SLAPD_URL")};
    d.create(provider);
    const Doctor doctor = d.run("plain");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.plain-simple-bind"});
    check_finding(doctor, "doctor.plain-simple-bind", "fail", {slapd().at("KCLDAP_SLAPD_URL")});
  }
  SECTION("timeouts unset, or shorter than the directory takes") {
    json provider = clean_provider("timeouts");
    provider["config"].erase("readTimeout");
    provider["config"]["connectionTimeout"] = {"1"};
    d.create(provider);
    const Doctor doctor = d.run("timeouts");
    // 1 ms is too short for Keycloak too: its authentication test (and so the lookups) may fail with it.
    const std::set<std::string> allowed = {"doctor.read-timeout", "doctor.connection-timeout", "doctor.keycloak-authentication-test",
                                           "doctor.sample-users-not-found"};
    for (const auto& id : doctor.ids()) CHECK(allowed.count(id) == 1);
    check_finding(doctor, "doctor.read-timeout", "warn", {"readTimeout is not set"});
    check_finding(doctor, "doctor.connection-timeout", "warn", {"connectionTimeout is 1 ms"});
  }
  SECTION("a stored password Keycloak cannot bind with: its authentication test and the lookups fail") {
    json provider = clean_provider("bad-secret");
    provider["config"]["bindCredential"] = {"not-the-password"};
    d.create(provider);
    const Doctor doctor = d.run("bad-secret");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.keycloak-authentication-test", "doctor.sample-users-not-found"});
    check_finding(doctor, "doctor.keycloak-authentication-test", "fail", {"failed"});
  }
  SECTION("a disabled provider: a note, exit 0") {
    json provider = clean_provider("disabled");
    provider["config"]["enabled"] = {"false"};
    d.create(provider);
    const Doctor doctor = d.run("disabled");
    CHECK(doctor.ids() == std::set<std::string>{"doctor.provider-disabled"});
    check_finding(doctor, "doctor.provider-disabled", "info", {"enabled is false"});
    CHECK(doctor.result.exit_code == 0);
  }
  SECTION("a server Keycloak cannot reach") {
    json provider = clean_provider("unreachable");
    provider["config"]["connectionUrl"] = {"ldaps://127.0.0.1:9"};
    d.create(provider);
    const Doctor doctor = d.run("unreachable");
    CHECK(doctor.ids() ==
          std::set<std::string>{"doctor.keycloak-connection-test", "doctor.keycloak-authentication-test", "doctor.directory-unreachable"});
    check_finding(doctor, "doctor.keycloak-connection-test", "fail", {"ldaps://127.0.0.1:9"});
    CHECK(doctor.report["directory"]["reached"] == false);
  }
}

TEST_CASE("doctor: a directory user Keycloak holds as a local account is not found through the provider", "[doctor]") {
  DoctorSetup d("26.4", with_users({{"demo", "aanderson", "Local-Passw0rd!", ""}}));
  d.create(clean_provider("collision"));
  const Doctor doctor = d.run("collision");
  CHECK(doctor.ids() == std::set<std::string>{"doctor.sample-users-not-found"});
  check_finding(doctor, "doctor.sample-users-not-found", "fail", {"looking up 3 sample directory users through Keycloak"});
  CHECK_THAT((*doctor.finding("doctor.sample-users-not-found"))["details"].dump(), Catch::Contains("aanderson"));
}

TEST_CASE("doctor: group mappers that find no group or no member", "[doctor]") {
  DoctorSetup d;
  const std::string groups_dn = slapd().at("KCLDAP_SLAPD_GROUPS_DN");
  const auto groups_of = [&](const std::string& object_class) { return ldapsearch(slapd(), groups_dn, "sub", "(objectClass=" + object_class + ")", "dn"); };
  const std::size_t with_names = groups_of("groupOfNames").size();
  REQUIRE(with_names > 0);
  REQUIRE(groups_of("groupOfUniqueNames").empty());
  struct Mistake {
    std::string name, dn, object_class, membership, id, evidence;
  };
  const std::vector<Mistake> mistakes = {
      {"no-dn", "ou=nogroups," + slapd().at("KCLDAP_SLAPD_BASE_DN"), "groupOfNames", "member", "doctor.group-mapper-finds-no-group",
       "no entry ou=nogroups"},
      {"no-class", groups_dn, "groupOfUniqueNames", "uniqueMember", "doctor.group-mapper-finds-no-group", "no entry of class groupOfUniqueNames"},
      {"no-member", groups_dn, "groupOfNames", "uniqueMember", "doctor.group-mapper-finds-no-member",
       "none of the " + n(with_names) + " groups below " + groups_dn + " carries uniqueMember; they list members in member"},
  };
  for (const auto& mistake : mistakes) {
    DYNAMIC_SECTION(mistake.name) {
      const std::string id = d.create(clean_provider(mistake.name));
      d.add_mapper(id, {{"name", "groups"},
                        {"providerId", "group-ldap-mapper"},
                        {"config",
                         {{"groups.dn", {mistake.dn}},
                          {"group.object.classes", {mistake.object_class}},
                          {"membership.ldap.attribute", {mistake.membership}},
                          {"mode", {"READ_ONLY"}}}}});
      const Doctor doctor = d.run(mistake.name);
      CHECK(doctor.ids() == std::set<std::string>{mistake.id});
      check_finding(doctor, mistake.id, "fail", {mistake.evidence});
    }
  }
}

TEST_CASE("doctor: an email mapper on an AD-style directory where few users have mail", "[doctor]") {
  // One CA file for both fixtures: the emulator trusts one file, and kcldap reads [ldap] ca_file.
  const std::string bundle = required_env("KCLDAP_TEST_TMP") + "/doctor-ca-bundle-" + std::to_string(::getpid()) + ".pem";
  std::ofstream(bundle) << slurp(slapd().at("KCLDAP_SLAPD_CA_FILE")) << slurp(ad_style().at("KCLDAP_SLAPD_CA_FILE"));
  TargetSpec spec;
  spec.truststore = bundle;
  DoctorSetup d("26.4", spec);
  d.setup.edit_config(slapd().at("KCLDAP_SLAPD_BIND_DN"), ad_style().at("KCLDAP_SLAPD_BIND_DN"));
  d.setup.edit_config(slapd().at("KCLDAP_SLAPD_CA_FILE"), bundle);
  d.setup.edit_config("${env:KCLDAP_TEST_BIND_PW}", "${env:KCLDAP_TEST_AD_PW}");
  d.env = "KCLDAP_TEST_AD_PW=" + quote(ad_style().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  json provider = clean_provider("ad-style", ad_style());
  provider["config"]["usernameLDAPAttribute"] = {"sAMAccountName"};
  provider["config"]["rdnLDAPAttribute"] = {"cn"};
  d.create(provider);
  const std::string users_dn = ad_style().at("KCLDAP_SLAPD_USERS_DN");
  const std::size_t all = ldapsearch(ad_style(), users_dn, "sub", kUsers, "dn").size();
  const std::size_t with_mail = ldapsearch(ad_style(), users_dn, "sub", "(&(mail=*)" + kUsers + ")", "dn").size();
  REQUIRE(with_mail * 2 < all);
  const Doctor doctor = d.run("ad-style");
  CHECK(doctor.ids() == std::set<std::string>{"doctor.email-attribute-sparse"});
  check_finding(doctor, "doctor.email-attribute-sparse", "warn", {n(all - with_mail) + " of " + n(all) + " users lack mail"});
}

TEST_CASE("doctor: StartTLS with connection pooling, as Keycloak before 26.1 stored it", "[doctor][emulator]") {
  DoctorSetup d("24.0");
  json provider = clean_provider("starttls-pool");
  provider["config"]["connectionUrl"] = {slapd().at("KCLDAP_SLAPD_URL")};
  provider["config"]["startTls"] = {"true"};
  provider["config"]["connectionPooling"] = {"true"};
  d.create(provider);
  const Doctor doctor = d.run("starttls-pool");
  CHECK(doctor.ids() == std::set<std::string>{"doctor.starttls-with-pooling"});
  check_finding(doctor, "doctor.starttls-with-pooling", "warn", {"startTls and connectionPooling are both true"});
  CHECK(doctor.result.exit_code == 0);
}
