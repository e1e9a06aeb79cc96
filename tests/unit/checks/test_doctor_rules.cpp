// kcldap doctor's rules, one case per rule: a provider that fits its directory gives no finding; each
// mistake, put into that clean picture alone, gives its finding with the numbers measured and both fixes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "checks/doctor_rules.hpp"

using namespace kcldap;
using checks::DoctorEvidence;
using checks::DoctorFinding;
using checks::Severity;

namespace {

keycloak::Component mapper(const std::string& name, const std::string& provider_id, keycloak::ComponentConfig config) {
  keycloak::Component out;
  out.name = name;
  out.provider_id = provider_id;
  out.config = std::move(config);
  return out;
}

checks::AttributeStats everyone(std::size_t users) { return {users, 0, ""}; }

// An OpenLDAP directory of 400 users under ou=people, and a provider that fits it in every respect.
DoctorEvidence clean_openldap() {
  DoctorEvidence e;
  e.provider.name = "corp";
  e.provider.id = "p1";
  e.provider.config = {{"vendor", {"other"}},
                       {"connectionUrl", {"ldaps://ldap.example.org:636"}},
                       {"bindDn", {"cn=reader,dc=example,dc=org"}},
                       {"usersDn", {"ou=people,dc=example,dc=org"}},
                       {"usernameLDAPAttribute", {"uid"}},
                       {"uuidLDAPAttribute", {"entryUUID"}},
                       {"searchScope", {"2"}},
                       {"pagination", {"true"}},
                       {"connectionTimeout", {"5000"}},
                       {"readTimeout", {"10000"}}};
  e.mappers = {mapper("email", "user-attribute-ldap-mapper", {{"user.model.attribute", {"email"}}, {"ldap.attribute", {"mail"}}})};
  e.directory_reached = true;
  e.server_product = "OpenLDAP";
  e.server_vendor = "other";
  e.naming_contexts = {"dc=example,dc=org"};
  e.users = 400;
  e.attributes = {{"uid", everyone(400)}, {"entryuuid", everyone(400)}, {"mail", everyone(400)}, {"cn", everyone(400)}};
  e.slowest_ms = 12;
  e.connection_test = {true, true, "", ""};
  e.authentication_test = {true, true, "", ""};
  e.lookups = 3;
  return e;
}

// Samba AD / Active Directory: 120 entries under the users container, vendor ad, the MSAD mapper there.
DoctorEvidence clean_ad() {
  DoctorEvidence e = clean_openldap();
  e.provider.config["vendor"] = {"ad"};
  e.provider.config["usersDn"] = {"CN=Users,DC=corp,DC=example,DC=com"};
  e.provider.config["usernameLDAPAttribute"] = {"sAMAccountName"};
  e.provider.config["uuidLDAPAttribute"] = {"objectGUID"};
  e.mappers.push_back(mapper("MSAD account controls", "msad-user-account-control-mapper", {}));
  e.server_product = "Samba AD";
  e.server_vendor = "ad";
  e.server_is_ad = true;
  e.naming_contexts = {"DC=corp,DC=example,DC=com"};
  e.users = 120;
  e.attributes = {{"samaccountname", everyone(120)}, {"objectguid", everyone(120)}, {"mail", everyone(120)},
                  {"userprincipalname", everyone(120)}, {"cn", everyone(120)}};
  e.disabled = 4;
  return e;
}

std::vector<std::string> ids(const std::vector<DoctorFinding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.id);
  return out;
}

// The one finding the evidence gives (fails the test if there is not exactly one).
DoctorFinding only(const DoctorEvidence& e) {
  const auto findings = checks::doctor_findings(e);
  INFO("findings: " << Catch::Detail::stringify(ids(findings)));
  REQUIRE(findings.size() == 1);
  const auto& known = checks::doctor_finding_ids();
  CHECK(std::find(known.begin(), known.end(), findings.front().id) != known.end());
  return findings.front();
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("doctor: a provider that fits its directory gives no finding", "[doctor]") {
  CHECK(checks::doctor_findings(clean_openldap()).empty());
  CHECK(checks::doctor_findings(clean_ad()).empty());
}

TEST_CASE("doctor: Keycloak's own tests and the lookups through Keycloak", "[doctor]") {
  SECTION("a failed connection test is a fail naming Keycloak's cause") {
    DoctorEvidence e = clean_openldap();
    e.connection_test = {true, false, "Keycloak cannot reach the server", ""};
    const auto f = only(e);
    CHECK(f.id == "doctor.keycloak-connection-test");
    CHECK(f.severity == Severity::fail);
    CHECK(mentions(f.evidence, "Keycloak cannot reach the server"));
  }
  SECTION("a failed authentication test is a fail") {
    DoctorEvidence e = clean_openldap();
    e.authentication_test = {true, false, "the bind was refused", ""};
    CHECK(only(e).id == "doctor.keycloak-authentication-test");
  }
  SECTION("tests Keycloak refuses to this identity (403) are one warning naming the role, not a failing directory") {
    DoctorEvidence e = clean_openldap();
    e.connection_test = {false, false, "", "HTTP 403 Forbidden"};
    e.authentication_test = {false, false, "", "HTTP 403 Forbidden"};
    const auto f = only(e);
    CHECK(f.id == "doctor.keycloak-tests-not-run");
    CHECK(f.severity == Severity::warn);
    CHECK(mentions(f.title, "manage-realm"));
    CHECK(mentions(f.evidence, "403: HTTP 403 Forbidden"));
  }
  SECTION("sample users Keycloak does not find are a fail, each named") {
    DoctorEvidence e = clean_openldap();
    e.lookup_problems = {"alice (uid=alice,ou=people,dc=example,dc=org): Keycloak does not find this user"};
    const auto f = only(e);
    CHECK(f.id == "doctor.sample-users-not-found");
    CHECK(mentions(f.evidence, "looking up 3 sample directory users through Keycloak: 1 problem"));
    CHECK(f.details == e.lookup_problems);
  }
}

TEST_CASE("doctor: a disabled provider is a note, not a failure", "[doctor]") {
  DoctorEvidence e = clean_openldap();
  e.provider.config["enabled"] = {"false"};
  const auto f = only(e);
  CHECK(f.id == "doctor.provider-disabled");
  CHECK(f.severity == Severity::info);
  CHECK(f.fix_toml == "[federation] enabled = true");
}

TEST_CASE("doctor: the username attribute", "[doctor]") {
  SECTION("missing on some users: a fail counting them, and an attribute every user has once as the fix") {
    DoctorEvidence e = clean_openldap();
    e.attributes["uid"] = {312, 0, ""};
    const auto f = only(e);
    CHECK(f.id == "doctor.username-attribute-missing");
    CHECK(f.severity == Severity::fail);
    CHECK(mentions(f.evidence, "88 of 400 users lack uid"));
    CHECK(f.fix_toml == "[ldap] username_attribute = \"cn\"");
    CHECK(f.fix_console == "User federation > corp > Settings > LDAP searching and updating > Username LDAP attribute (and the \"username\" mapper's LDAP attribute)");
  }
  SECTION("shared by several users: a fail counting them, with an example") {
    DoctorEvidence e = clean_openldap();
    e.attributes["uid"] = {400, 6, "jsmith"};
    const auto f = only(e);
    CHECK(f.id == "doctor.username-not-unique");
    CHECK(mentions(f.evidence, "6 of 400 users share their uid"));
    CHECK(mentions(f.evidence, "jsmith"));
  }
}

TEST_CASE("doctor: the email mapper", "[doctor]") {
  SECTION("an attribute most users lack, with mail better filled: a warning proposing mail") {
    DoctorEvidence e = clean_openldap();
    e.mappers[0].config["ldap.attribute"] = {"otherMailbox"};
    e.attributes["othermailbox"] = {88, 0, ""};
    const auto f = only(e);
    CHECK(f.id == "doctor.email-attribute-sparse");
    CHECK(f.severity == Severity::warn);
    CHECK(mentions(f.evidence, "312 of 400 users lack otherMailbox"));
    CHECK(mentions(f.evidence, "mail is set on 400 of 400 users"));
    CHECK(f.fix_toml == "[ldap] email_attribute = \"mail\"");
    CHECK(f.fix_console == "User federation > corp > Mappers > email > LDAP attribute");
  }
  SECTION("userPrincipalName while mail is well filled: a warning") {
    DoctorEvidence e = clean_ad();
    e.mappers[0].config["ldap.attribute"] = {"userPrincipalName"};
    const auto f = only(e);
    CHECK(f.id == "doctor.email-from-login-name");
    CHECK(mentions(f.evidence, "mail is set on 120 of 120 users"));
  }
  SECTION("userPrincipalName where few users have mail is no finding") {
    DoctorEvidence e = clean_ad();
    e.mappers[0].config["ldap.attribute"] = {"userPrincipalName"};
    e.attributes["mail"] = {10, 0, ""};
    CHECK(checks::doctor_findings(e).empty());
  }
}

TEST_CASE("doctor: the UUID attribute", "[doctor]") {
  SECTION("sAMAccountName on AD is not a stable id: a fail proposing objectGUID") {
    DoctorEvidence e = clean_ad();
    e.provider.config["uuidLDAPAttribute"] = {"sAMAccountName"};
    const auto f = only(e);
    CHECK(f.id == "doctor.uuid-attribute-unstable");
    CHECK(f.severity == Severity::fail);
    CHECK(mentions(f.evidence, "objectGUID is set on 120 of 120 users"));
    CHECK(f.fix_toml == "[ldap] uuid_attribute = \"objectGUID\"");
  }
  SECTION("cn on OpenLDAP: entryUUID proposed; on 389-DS nsUniqueId") {
    DoctorEvidence e = clean_openldap();
    e.provider.config["uuidLDAPAttribute"] = {"cn"};
    CHECK(only(e).fix_toml == "[ldap] uuid_attribute = \"entryUUID\"");
    e.server_vendor = "rhds";
    e.provider.config["vendor"] = {"rhds"};
    CHECK(only(e).fix_toml == "[ldap] uuid_attribute = \"nsUniqueId\"");
  }
  SECTION("an id attribute the users do not show is a fail") {
    DoctorEvidence e = clean_openldap();
    e.attributes.erase("entryuuid");
    CHECK(only(e).id == "doctor.uuid-attribute-missing");
  }
}

TEST_CASE("doctor: the vendor against the server", "[doctor]") {
  SECTION("other on Active Directory: a fail (AD's rules apply only with ad)") {
    DoctorEvidence e = clean_ad();
    e.provider.config["vendor"] = {"other"};
    const auto f = only(e);
    CHECK(f.id == "doctor.vendor-mismatch");
    CHECK(f.severity == Severity::fail);
    CHECK(f.fix_toml == "[ldap] vendor = \"ad\"");
  }
  SECTION("other on 389-DS: a warning") {
    DoctorEvidence e = clean_openldap();
    e.server_vendor = "rhds";
    e.attributes["nsuniqueid"] = everyone(400);
    const auto f = only(e);
    CHECK(f.id == "doctor.vendor-mismatch");
    CHECK(f.severity == Severity::warn);
  }
}

TEST_CASE("doctor: users DN, filter and scope", "[doctor]") {
  SECTION("a users DN that does not exist") {
    DoctorEvidence e = clean_openldap();
    e.users_dn_exists = false;
    e.users = 0;
    CHECK(only(e).id == "doctor.users-dn-missing");
  }
  SECTION("a search the server stops part way: one fail naming the error, no verdict on the users seen so far") {
    DoctorEvidence e = clean_openldap();
    e.users = 12;
    e.attributes = {{"uid", {12, 0, ""}}};
    e.users_search_error = "after 12 users with adminLimitExceeded";
    const auto f = only(e);
    CHECK(f.id == "doctor.user-search-fails");
    CHECK(mentions(f.evidence, "adminLimitExceeded"));
  }
  SECTION("a search that finds nobody") {
    DoctorEvidence e = clean_openldap();
    e.users = 0;
    CHECK(only(e).id == "doctor.users-match-nobody");
  }
  SECTION("scope one level while users live deeper: a fail counting those it misses") {
    DoctorEvidence e = clean_openldap();
    e.provider.config["searchScope"] = {"1"};
    e.users_subtree = 450;
    const auto f = only(e);
    CHECK(f.id == "doctor.search-scope-one-level");
    CHECK(mentions(f.evidence, "50 of 450 users"));
    CHECK(f.fix_toml == "[ldap] search_scope = \"subtree\"");
  }
  SECTION("on AD, computers and system accounts among the users: a warning counting each") {
    DoctorEvidence e = clean_ad();
    e.computers = 2;
    e.system_accounts = 3;
    const auto f = only(e);
    CHECK(f.id == "doctor.ad-filter-admits-computers");
    CHECK(mentions(f.evidence, "2 are computer accounts and 3 are system accounts"));
  }
}

TEST_CASE("doctor: pagination", "[doctor]") {
  DoctorEvidence e = clean_openldap();
  e.provider.config["pagination"] = {"false"};
  SECTION("off, and the server stops an unpaged search before the end: a fail") {
    e.unpaged_limit = 100;
    const auto f = only(e);
    CHECK(f.id == "doctor.pagination-off");
    CHECK(mentions(f.evidence, "finds 400 users"));
    CHECK(mentions(f.evidence, "at most 100"));
  }
  SECTION("off with fewer users than a page and no size limit met: no finding") { CHECK(checks::doctor_findings(e).empty()); }
  SECTION("unset counts as off") {
    e.provider.config.erase("pagination");
    e.users_subtree.reset();
    e.users = 1500;
    e.attributes = {{"uid", everyone(1500)}, {"entryuuid", everyone(1500)}, {"mail", everyone(1500)}};
    CHECK(only(e).id == "doctor.pagination-off");
  }
}

TEST_CASE("doctor: transport", "[doctor]") {
  SECTION("StartTLS with pooling on: a warning (unset, pooling is off)") {
    DoctorEvidence e = clean_openldap();
    e.provider.config["connectionUrl"] = {"ldap://ldap.example.org:389"};
    e.provider.config["startTls"] = {"true"};
    CHECK(checks::doctor_findings(e).empty());
    e.provider.config["connectionPooling"] = {"true"};
    const auto f = only(e);
    CHECK(f.id == "doctor.starttls-with-pooling");
    CHECK(f.fix_toml == "[federation] connection_pooling = false");
    e.provider.config["connectionPooling"] = {"false"};
    CHECK(checks::doctor_findings(e).empty());
  }
  SECTION("a simple bind over plain ldap:// without StartTLS: a fail") {
    DoctorEvidence e = clean_openldap();
    e.provider.config["connectionUrl"] = {"ldap://a.example.org ldap://b.example.org"};
    const auto f = only(e);
    CHECK(f.id == "doctor.plain-simple-bind");
    CHECK(f.severity == Severity::fail);
  }
  SECTION("an anonymous provider over ldap:// sends no password: no finding") {
    DoctorEvidence e = clean_openldap();
    e.provider.config["connectionUrl"] = {"ldap://ldap.example.org"};
    e.provider.config["authType"] = {"none"};
    CHECK(checks::doctor_findings(e).empty());
  }
}

TEST_CASE("doctor: timeouts against the measured response time", "[doctor]") {
  DoctorEvidence e = clean_openldap();
  SECTION("read timeout unset: a warning proposing ten times the slowest measured, at least 5 s") {
    e.provider.config.erase("readTimeout");
    e.slowest_ms = 900;
    const auto f = only(e);
    CHECK(f.id == "doctor.read-timeout");
    CHECK(mentions(f.evidence, "took 900 ms"));
    CHECK(f.fix_toml == "[ldap] read_timeout_ms = 9000");
    CHECK(f.fix_console == "User federation > corp > Settings > LDAP searching and updating > Read timeout");
  }
  SECTION("connection timeout shorter than three times the slowest measured operation: a warning") {
    e.provider.config["connectionTimeout"] = {"50"};
    e.slowest_ms = 40;
    const auto f = only(e);
    CHECK(f.id == "doctor.connection-timeout");
    CHECK(mentions(f.evidence, "connectionTimeout is 50 ms"));
  }
}

TEST_CASE("doctor: Active Directory's account controls and referrals", "[doctor]") {
  SECTION("no MSAD account controls mapper: a fail counting the disabled users who could sign in") {
    DoctorEvidence e = clean_ad();
    e.mappers.pop_back();
    const auto f = only(e);
    CHECK(f.id == "doctor.ad-account-controls-mapper-missing");
    CHECK(mentions(f.evidence, "4 of 120 users are disabled"));
  }
  SECTION("users DN at the domain root with referrals not ignored: a warning") {
    DoctorEvidence e = clean_ad();
    e.provider.config["usersDn"] = {"dc=corp,dc=example,dc=com"};
    e.references = 3;
    const auto f = only(e);
    CHECK(f.id == "doctor.referrals-at-domain-root");
    CHECK(mentions(f.evidence, "met 3 referrals"));
    e.provider.config["referral"] = {"ignore"};
    CHECK(checks::doctor_findings(e).empty());
  }
}

TEST_CASE("doctor: group and role mappers must find groups and members", "[doctor]") {
  DoctorEvidence e = clean_openldap();
  checks::GroupMapperFacts groups{"groups", "group", "ou=groups,dc=example,dc=org", "groupOfNames", "member", true, 12, 12, 0, ""};
  SECTION("a mapper that finds groups with members: no finding") {
    e.group_mappers = {groups};
    CHECK(checks::doctor_findings(e).empty());
  }
  SECTION("a DN that does not exist") {
    groups.dn_exists = false;
    groups.groups = 0;
    e.group_mappers = {groups};
    CHECK(only(e).id == "doctor.group-mapper-finds-no-group");
  }
  SECTION("an object class no group has, naming the groups of other classes there") {
    groups.object_classes = "posixGroup";
    groups.groups = 0;
    groups.groups_with_members = 0;
    groups.other_groups = 12;
    e.group_mappers = {groups};
    const auto f = only(e);
    CHECK(f.id == "doctor.group-mapper-finds-no-group");
    CHECK(mentions(f.evidence, "12 groups of other classes"));
  }
  SECTION("a role mapper says role") {
    groups.kind = "role";
    groups.groups = 0;
    e.group_mappers = {groups};
    CHECK(only(e).id == "doctor.role-mapper-finds-no-role");
  }
  SECTION("a membership attribute no group carries, naming the one they use") {
    groups.membership_attribute = "uniqueMember";
    groups.groups_with_members = 0;
    groups.other_membership = "member";
    e.group_mappers = {groups};
    const auto f = only(e);
    CHECK(f.id == "doctor.group-mapper-finds-no-member");
    CHECK(mentions(f.evidence, "none of the 12 groups"));
    CHECK(mentions(f.evidence, "list members in member"));
  }
}

TEST_CASE("doctor: a directory kcldap cannot read is one fail, and its rules are not run on zeros", "[doctor]") {
  DoctorEvidence e = clean_openldap();
  e.directory_reached = false;
  e.directory_error = "bind failed: invalidCredentials";
  e.users = 0;
  const auto f = only(e);
  CHECK(f.id == "doctor.directory-unreachable");
  CHECK(mentions(f.evidence, "invalidCredentials"));
}

TEST_CASE("doctor: the README's table of findings lists every finding id, in a row of its own", "[doctor]") {
  std::ifstream file(std::string(KCLDAP_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << file.rdbuf();
  const std::string readme = text.str();
  const auto section = readme.find("## Reviewing a federation made by hand: kcldap doctor");
  REQUIRE(section != std::string::npos);
  for (const auto& id : checks::doctor_finding_ids()) {
    INFO(id);
    const auto at = readme.find("`" + id + "`", section);
    REQUIRE(at != std::string::npos);
    CHECK(readme.rfind("\n|", at) > readme.rfind("\n\n", at));  // inside a table
  }
}
