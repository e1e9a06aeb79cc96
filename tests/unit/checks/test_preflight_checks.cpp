// checks/preflight_checks: the decisions behind restart.program, mapper.groups-dn, mappers.username-kept
// and federation.same-directory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "checks/preflight_checks.hpp"

using namespace kcldap::checks;
namespace fs = std::filesystem;

TEST_CASE("the restart program is resolved through PATH as execvp would", "[preflight]") {
  const fs::path dir = fs::temp_directory_path() / "kcldap-preflight-path";
  fs::create_directories(dir);
  std::ofstream(dir / "not-executable") << "#!/bin/sh\n";
  fs::permissions(dir / "not-executable", fs::perms::owner_read | fs::perms::owner_write);
  const std::string path = "/nonexistent:" + dir.string() + ":/bin:/usr/bin";
  CHECK(restart_program_check({}, {}, path).status == Status::skip);
  CHECK(restart_program_check({"sh", "-c", "true"}, {"true"}, path).status == Status::pass);
  CHECK(restart_program_check({"/bin/sh"}, {}, "").status == Status::pass);
  const Check missing = restart_program_check({"no-such-kubectl", "rollout"}, {}, path);
  CHECK(missing.status == Status::fail);
  CHECK(missing.finding.find("\"no-such-kubectl\" is not found in PATH") != std::string::npos);
  CHECK(missing.remedy.find("full path") != std::string::npos);
  CHECK(restart_program_check({"sh"}, {"/no/such/wait"}, path).finding.find("[restart] wait: \"/no/such/wait\" does not exist") !=
        std::string::npos);
  const Check denied = restart_program_check({"not-executable"}, {}, path);
  CHECK(denied.status == Status::fail);
  CHECK(denied.finding.find("is not an executable file") != std::string::npos);
  CHECK(restart_program_check({dir.string()}, {}, path).status == Status::fail);  // a directory
  fs::remove_all(dir);
}

TEST_CASE("group and role mapper DNs must exist", "[preflight]") {
  kcldap::keycloak::FederationSpec spec;
  spec.mappers.push_back({"groups", "group-ldap-mapper", {{"groups.dn", "ou=groups,dc=x"}}, false});
  spec.mappers.push_back({"roles", "role-ldap-mapper", {{"roles.dn", "ou=roles,dc=x"}}, false});
  spec.mappers.push_back({"email", "user-attribute-ldap-mapper", {}, false});
  auto dns = membership_mapper_dns(spec);
  REQUIRE(dns.size() == 2);
  CHECK(dns[0].key == "groups_dn");
  CHECK(dns[1].dn == "ou=roles,dc=x");
  CHECK(mapper_dns_check({}).status == Status::skip);
  dns[0].found = dns[1].found = MapperDn::Found::yes;
  CHECK(mapper_dns_check(dns).status == Status::pass);
  dns[1].found = MapperDn::Found::no;
  const Check missing = mapper_dns_check(dns);
  CHECK(missing.status == Status::fail);
  CHECK(missing.finding == "mapper \"roles\" roles_dn = \"ou=roles,dc=x\" does not exist in the directory");
  dns[1].found = MapperDn::Found::unknown;
  dns[1].error = "search failed (50 insufficient access)";
  CHECK(mapper_dns_check(dns).status == Status::warn);
}

TEST_CASE("default_mappers = delete must keep a username mapper", "[preflight]") {
  kcldap::keycloak::FederationSpec spec;
  spec.default_mappers = "adopt";
  CHECK(username_kept_check(spec).status == Status::skip);
  spec.default_mappers = "delete";
  spec.mappers.push_back({"email", "user-attribute-ldap-mapper", {{"user.model.attribute", "email"}}, false});
  const Check lost = username_kept_check(spec);
  CHECK(lost.status == Status::fail);
  CHECK(lost.remedy.find("user_attribute = \"username\"") != std::string::npos);
  spec.mappers.push_back({"login", "user-attribute-ldap-mapper", {{"user.model.attribute", "username"}, {"ldap.attribute", "uid"}}, false});
  CHECK(username_kept_check(spec).status == Status::pass);
}

TEST_CASE("a renamed provider for a directory another provider federates is refused", "[preflight]") {
  kcldap::keycloak::FederationSpec spec;
  spec.name = "corp-ldap";
  spec.config = {{"connectionUrl", "ldap://ldap.example.org:389"}, {"usersDn", "ou=People,dc=example,dc=org"}};
  kcldap::keycloak::Component other;
  other.id = "abc";
  other.name = "ldap";
  other.provider_id = "ldap";
  other.set("connectionUrl", "ldap://LDAP.example.org:389/ ldap://backup:389");
  other.set("usersDn", "ou=people, dc=example, dc=org");
  const Check twice = same_directory_check(spec, {other});
  CHECK(twice.status == Status::fail);
  CHECK(twice.remedy == "set [federation] name = \"ldap\" to take it over, or delete it first");
  other.set("importEnabled", "false");  // a lookups-only provider may share the directory
  CHECK(same_directory_check(spec, {other}).status == Status::pass);
  other.set("importEnabled", "true");
  spec.config["importEnabled"] = "false";
  CHECK(same_directory_check(spec, {other}).status == Status::pass);
  spec.config["importEnabled"] = "true";
  other.set("usersDn", "ou=staff,dc=example,dc=org");
  CHECK(same_directory_check(spec, {other}).status == Status::pass);
  other.set("usersDn", "ou=People,dc=example,dc=org");
  other.name = "corp-ldap";  // the provider itself
  CHECK(same_directory_check(spec, {other}).status == Status::pass);
}
