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
  auto current = stored({{"connectionUrl", "ldaps://dc1:636"}, {"bindDn", "cn=reader,dc=x"}, {"editMode", "READ_ONLY"},
                         {"startTls", "false"}, {"krbPrincipalAttribute", "userPrincipalName"}, {"lastSync", "123"}});
  const std::vector<Component> mappers = {mapper("m1", "email", {{"ldap.attribute", {"userPrincipalName"}}})};
  const Plan plan = make_plan(desired, Version{26, 4, 0}, current, mappers);
  CHECK(plan.provider.action == Action::none);  // pagination "true" is Keycloak's default
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
