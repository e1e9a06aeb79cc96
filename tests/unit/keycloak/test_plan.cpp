// The plan is a pure function of the desired spec, the version and what Keycloak holds.
#include <catch2/catch.hpp>

#include "keycloak/federation.hpp"
#include "keycloak/plan.hpp"

using namespace kcldap::keycloak;

namespace {

FederationSpec spec() {
  FederationSpec s;
  s.name = "ldap";
  s.config = {{"connectionUrl", "ldaps://dc1:636"}, {"bindDn", "cn=reader,dc=x"}, {"editMode", "READ_ONLY"},
              {"pagination", "true"}, {"startTls", "false"}, {"krbPrincipalAttribute", "userPrincipalName"},
              {"connectionPoolingDebug", "fine"}};
  s.bind_credential = "secret";
  s.mappers = {{"email", "user-attribute-ldap-mapper", {{"ldap.attribute", "userPrincipalName"}}, true}};
  return s;
}

Component stored(const std::map<std::string, std::string>& config) {
  Component component{"p1", "ldap", "ldap", "", "", "", {}};
  for (const auto& [key, value] : config) component.set(key, value);
  component.set("bindCredential", kSecretMask);
  return component;
}

Component mapper(const std::string& id, const std::string& name, const ComponentConfig& config) {
  return Component{id, name, "user-attribute-ldap-mapper", "", "", "", config};
}

}  // namespace

TEST_CASE("a create plan sends only what the version knows and sets the secret", "[plan]") {
  const Plan on21 = make_plan(spec(), Version{21, 1, 0}, std::nullopt, {});
  CHECK(on21.provider.action == Action::create);
  CHECK(on21.secret == SecretAction::set);
  bool krb = false;
  for (const auto& change : on21.provider.changes) krb |= change.key == "krbPrincipalAttribute";
  CHECK_FALSE(krb);  // 23+ only
  REQUIRE(on21.notes.size() == 1);
  CHECK(on21.notes[0].find("krbPrincipalAttribute") != std::string::npos);
  const Plan on26 = make_plan(spec(), Version{26, 4, 0}, std::nullopt, {});
  bool pool_debug = false;
  for (const auto& change : on26.provider.changes) pool_debug |= change.key == "connectionPoolingDebug";
  CHECK_FALSE(pool_debug);  // gone from 26.0
  REQUIRE(on26.mappers.size() == 1);
  CHECK(on26.mappers[0].after_create);
}

TEST_CASE("an identical provider plans nothing; absent keys equal to Keycloak's default count as equal", "[plan]") {
  auto desired = spec();
  desired.config.erase("connectionPoolingDebug");
  desired.config["pagination"] = "false";  // what Keycloak does when the key is absent (LDAPConfig.isPagination)
  auto current = stored({{"connectionUrl", "ldaps://dc1:636"}, {"bindDn", "cn=reader,dc=x"}, {"editMode", "READ_ONLY"},
                         {"startTls", "false"}, {"krbPrincipalAttribute", "userPrincipalName"}, {"lastSync", "123"}});
  const std::vector<Component> mappers = {mapper("m1", "email", {{"ldap.attribute", {"userPrincipalName"}}})};
  const Plan plan = make_plan(desired, Version{26, 4, 0}, current, mappers);
  CHECK(plan.provider.action == Action::none);
  CHECK(plan.secret == SecretAction::unchanged);
  CHECK_FALSE(plan.has_changes());
}

TEST_CASE("a changed URL or bind DN sends the secret again; rotation only when asked", "[plan]") {
  auto current = stored({{"connectionUrl", "ldaps://old:636"}, {"bindDn", "cn=reader,dc=x"}, {"editMode", "READ_ONLY"}});
  const Plan moved = make_plan(spec(), Version{26, 4, 0}, current, {});
  CHECK(moved.secret == SecretAction::resend);
  auto same = stored({{"connectionUrl", "ldaps://dc1:636"}, {"bindDn", "cn=reader,dc=x"}, {"editMode", "READ_ONLY"},
                      {"krbPrincipalAttribute", "userPrincipalName"}});
  auto rotate = spec();
  rotate.rotate_bind_credential = true;
  const Plan rotated = make_plan(rotate, Version{26, 4, 0}, same, {});
  CHECK(rotated.secret == SecretAction::rotate);
  CHECK(rotated.write_count() == 1);
}

TEST_CASE("mappers are matched by name under the provider; delete removes the unlisted", "[plan]") {
  auto current = stored({{"connectionUrl", "ldaps://dc1:636"}});
  const std::vector<Component> mappers = {mapper("m1", "email", {{"ldap.attribute", {"mail"}}}), mapper("m2", "modify date", {})};
  const Plan adopt = make_plan(spec(), Version{26, 4, 0}, current, mappers);
  REQUIRE(adopt.mappers.size() == 1);
  CHECK(adopt.mappers[0].action == Action::update);
  CHECK(*adopt.mappers[0].changes[0].before == "mail");
  auto deleting = spec();
  deleting.default_mappers = "delete";
  const Plan removal = make_plan(deleting, Version{26, 4, 0}, current, mappers);
  REQUIRE(removal.mappers.size() == 2);
  CHECK(removal.mappers[1].action == Action::remove);
  CHECK(removal.mappers[1].name == "modify date");
}

TEST_CASE("StartTLS turns connection pooling off in every payload", "[plan][payload]") {
  auto s = spec();
  s.config["startTls"] = "true";
  s.config["connectionPooling"] = "true";
  const Component payload = provider_create_payload(s, Version{26, 4, 0}, "realm-id");
  CHECK(payload.config.at("connectionPooling") == std::vector<std::string>{"false"});
  CHECK(payload.config.at("bindCredential") == std::vector<std::string>{"secret"});
  CHECK(payload.parent_id == "realm-id");
}

TEST_CASE("absent provider keys are what Keycloak does at run time, not the admin console's form defaults", "[plan]") {
  FederationSpec desired;
  desired.config = {{"pagination", "true"}, {"searchScope", "2"}, {"userObjectClasses", "inetOrgPerson, organizationalPerson"},
                    {"useTruststoreSpi", "ldapsOnly"}};
  const Plan plan = make_plan(desired, Version{26, 4, 0}, stored({{"editMode", "READ_ONLY"}}), {});
  REQUIRE(plan.provider.changes.size() == 1);  // absent pagination is off; absent scope is a subtree search
  CHECK(plan.provider.changes[0].key == "pagination");
  // Object classes are a set of trimmed names to Keycloak.
  desired.config = {{"userObjectClasses", "organizationalPerson, inetOrgPerson"}};
  CHECK_FALSE(make_plan(desired, Version{26, 4, 0}, stored({{"userObjectClasses", "inetOrgPerson,organizationalPerson"}}), {}).has_changes());
}

TEST_CASE("a change that comes from kcldap's default, not from the config, says so and how to keep Keycloak's value", "[plan]") {
  FederationSpec desired;
  desired.config = {{"importEnabled", "true"}, {"editMode", "READ_ONLY"}};
  desired.defaulted = {{"importEnabled", "[federation] import_users"}, {"editMode", "[federation] edit_mode"}};
  const Plan plan = make_plan(desired, Version{26, 4, 0}, stored({{"importEnabled", "false"}, {"editMode", "READ_ONLY"}}), {});
  REQUIRE(plan.provider.changes.size() == 1);
  CHECK(plan.provider.changes[0].reason ==
        "kcldap's default; the config does not set [federation] import_users (run kcldap import to keep Keycloak's value)");
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("importEnabled") != std::string::npos);
  CHECK(plan.notes[0].find("kcldap import") != std::string::npos);
  // A new provider has no value of its own to keep: no such note.
  CHECK(make_plan(desired, Version{26, 4, 0}, std::nullopt, {}).notes.empty());
}

TEST_CASE("a mapper key Keycloak does not store counts as its run-time default; name lists compare as sets", "[plan]") {
  FederationSpec desired;
  desired.mappers = {{"groups", "group-ldap-mapper",
                      {{"groups.dn", "ou=g"}, {"membership.attribute.type", "DN"}, {"membership.ldap.attribute", "member"},
                       {"group.object.classes", "top, groupOfNames"}}, false}};
  const Component groups{"m1", "groups", "group-ldap-mapper", "", "", "", {{"groups.dn", {"ou=g"}}, {"group.object.classes", {"groupOfNames,top"}}}};
  const Plan plan = make_plan(desired, Version{26, 4, 0}, stored({}), {groups});
  REQUIRE(plan.mappers.size() == 1);
  CHECK(plan.mappers[0].action == Action::none);
  desired.mappers[0].config["membership.attribute.type"] = "UID";
  const Plan changed = make_plan(desired, Version{26, 4, 0}, stored({}), {groups});
  REQUIRE(changed.mappers[0].changes.size() == 1);
  CHECK(changed.mappers[0].changes[0].key == "membership.attribute.type");
}
