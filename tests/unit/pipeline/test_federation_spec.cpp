// The spec builder joins config and probe: "auto" from the probe with reasons, presets under explicit
// keys, adopted default mappers.
#include <catch2/catch.hpp>

#include "src/config/config.hpp"
#include "src/pipeline/federation_spec.hpp"

using namespace kcldap;

namespace {

ldap::ProbeReport ad_probe() {
  ldap::ProbeReport report;
  report.server = ldap::ServerInfo{};
  report.server->paged_results = true;
  report.server->vendor.keycloak_vendor = "ad";
  report.server->vendor.active_directory = true;
  report.active_directory = true;  // as the probe records it for a server that is AD
  report.server->vendor.product = "Active Directory";
  report.users.dn = "CN=Users,DC=corp,DC=example,DC=com";
  report.users.dn_source = "config";
  ldap::Recommendations r;
  r.vendor = {"ad", "Active Directory"};
  r.username = {"sAMAccountName", "present on 100%"};
  r.rdn = {"cn", "DNs start with cn="};
  r.uuid = {"objectGUID", "present on 100%"};
  r.email = {"mail", "present on 80%"};
  r.first_name = {"givenName", "present on 100%"};
  r.last_name = {"sn", "present on 100%"};
  r.search_scope = {"one", "all users directly in the users DN"};
  r.user_object_classes = {"person", "organizationalPerson", "user"};
  report.recommended = r;
  return report;
}

config::Config base_config(const std::string& extra) {
  auto loaded = config::load_config_text("[ldap]\nurl = \"ldaps://dc1.corp.example.com\"\nbind_dn = \"cn=reader,dc=corp\"\n"
                                         "bind_password = \"${env:X}\"\n" + extra, "test.toml");
  for (const auto& error : loaded.errors) INFO(error.to_string());
  REQUIRE(loaded.ok());
  return loaded.config;
}

std::string mapper_attribute(const keycloak::FederationSpec& spec, const std::string& name) {
  for (const auto& mapper : spec.mappers) {
    if (mapper.name == name) return mapper.config.at("ldap.attribute");
  }
  return "";
}

}  // namespace

TEST_CASE("auto values come from the probe, each with its reason", "[spec]") {
  const auto config = base_config("");
  const auto report = ad_probe();
  auto spec = pipeline::build_federation_spec({config, report, std::string("pw"), false});
  REQUIRE(spec);
  CHECK(spec->config.at("usernameLDAPAttribute") == "sAMAccountName");
  CHECK(spec->reasons.at("usernameLDAPAttribute").find("present on 100%") != std::string::npos);
  CHECK(spec->config.at("searchScope") == "1");
  CHECK(spec->config.at("userObjectClasses") == "person, organizationalPerson, user");
  CHECK(spec->config.at("importEnabled") == "true");
  CHECK(mapper_attribute(*spec, "email") == "mail");
  CHECK(mapper_attribute(*spec, "first name") == "givenName");
}

TEST_CASE("the Run:AI preset: import off, READ_ONLY, subtree, sAMAccountName, email from userPrincipalName", "[spec][preset]") {
  const auto config = base_config("[federation]\npreset = \"runai\"\n");
  const auto report = ad_probe();
  auto spec = pipeline::build_federation_spec({config, report, std::string("pw"), false});
  REQUIRE(spec);
  CHECK(spec->config.at("importEnabled") == "false");
  CHECK(spec->config.at("editMode") == "READ_ONLY");
  CHECK(spec->config.at("searchScope") == "2");
  CHECK(spec->config.at("usernameLDAPAttribute") == "sAMAccountName");
  CHECK(mapper_attribute(*spec, "email") == "userPrincipalName");
}

TEST_CASE("explicit keys override the preset", "[spec][preset]") {
  const auto config = base_config("search_scope = \"one\"\nemail_attribute = \"mail\"\n[federation]\npreset = \"runai\"\nimport_users = true\n");
  const auto report = ad_probe();
  auto spec = pipeline::build_federation_spec({config, report, std::string("pw"), false});
  REQUIRE(spec);
  CHECK(spec->config.at("importEnabled") == "true");
  CHECK(spec->config.at("searchScope") == "1");
  CHECK(mapper_attribute(*spec, "email") == "mail");
}

TEST_CASE("an auto attribute the probe could not determine is an error naming the key", "[spec]") {
  const auto config = base_config("");
  auto report = ad_probe();
  report.recommended->uuid = {"", "no candidate is present on every sampled user"};
  auto spec = pipeline::build_federation_spec({config, report, std::string("pw"), false});
  REQUIRE_FALSE(spec);
  CHECK(spec.error().find("uuid_attribute") != std::string::npos);
}

TEST_CASE("Active Directory: the probe's user filter goes to Keycloak, and nested groups load recursively", "[spec][ad]") {
  const auto config = base_config("\n[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"OU=Groups,DC=corp\"\n");
  auto report = ad_probe();
  report.users.custom_filter = "(&(!(objectClass=computer))(!(isCriticalSystemObject=TRUE)))";
  report.users.custom_filter_reason = "Active Directory: computers are objectClass user too; leave them and system accounts out";
  ldap::GroupSummary groups;
  groups.sampled = 2;
  groups.containers = {{"OU=Groups,DC=corp", 2}};
  groups.object_classes = {{"group", 2}};
  groups.membership_attributes = {{"member", 2}};
  groups.nested_examples = {"CN=engineering,OU=Groups,DC=corp contains CN=backend,OU=Groups,DC=corp"};
  report.groups = groups;
  auto spec = pipeline::build_federation_spec({config, report, std::string("pw"), false});
  REQUIRE(spec);
  CHECK(spec->config.at("customUserSearchFilter") == report.users.custom_filter);
  CHECK(spec->reasons.at("customUserSearchFilter").find("computers are objectClass user too") != std::string::npos);
  REQUIRE(spec->mappers.size() >= 1);
  const auto& group_mapper = spec->mappers.back();
  CHECK(group_mapper.config.at("user.roles.retrieve.strategy") == "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY");
  CHECK(group_mapper.config.at("group.object.classes") == "group");

  // Without nesting the default strategy stays; an explicit empty filter sends none.
  report.groups->nested_examples.clear();
  report.users.custom_filter.clear();
  auto flat = pipeline::build_federation_spec({config, report, std::string("pw"), false});
  REQUIRE(flat);
  CHECK(flat->config.count("customUserSearchFilter") == 0);
  CHECK(flat->mappers.back().config.count("user.roles.retrieve.strategy") == 0);
}

TEST_CASE("keys the config leaves to kcldap's defaults are marked, so the plan can say so; keys it sets are not", "[spec]") {
  const auto report = ad_probe();
  auto minimal = pipeline::build_federation_spec({base_config(""), report, std::string("pw"), false});
  REQUIRE(minimal);
  CHECK(minimal->defaulted.at("importEnabled") == "[federation] import_users");
  CHECK(minimal->defaulted.at("editMode") == "[federation] edit_mode");
  CHECK(minimal->defaulted.at("connectionTimeout") == "[ldap] connect_timeout_ms");
  CHECK(minimal->defaulted.count("connectionUrl") == 0);  // set in the config
  CHECK(minimal->defaulted.count("usernameLDAPAttribute") == 0);  // from the probe, with its evidence
  auto pinned = pipeline::build_federation_spec(
      {base_config("connect_timeout_ms = 3000\n[federation]\nimport_users = false\nedit_mode = \"READ_ONLY\"\n"), report, std::string("pw"), false});
  REQUIRE(pinned);
  CHECK(pinned->defaulted.count("importEnabled") == 0);
  CHECK(pinned->defaulted.count("editMode") == 0);
  CHECK(pinned->defaulted.count("connectionTimeout") == 0);
  // The Run:AI preset decides import itself: its value is the preset's, not a default.
  auto runai = pipeline::build_federation_spec({base_config("[federation]\npreset = \"runai\"\n"), report, std::string("pw"), false});
  REQUIRE(runai);
  CHECK(runai->defaulted.count("importEnabled") == 0);
}
