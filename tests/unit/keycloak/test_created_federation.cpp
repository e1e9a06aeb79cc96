// keycloak/created_federation: the default mappers Keycloak's create makes (by vendor, edit mode, the
// username and RDN attributes and the version), and the federation apply leaves: defaults corrected by
// the adopted mappers, configured ones added, defaults dropped with default_mappers = "delete".
#include <catch2/catch.hpp>

#include <algorithm>

#include "keycloak/created_federation.hpp"

using namespace kcldap::keycloak;

namespace {

std::vector<std::string> names(const std::vector<MapperSpec>& mappers) {
  std::vector<std::string> out;
  for (const auto& mapper : mappers) out.push_back(mapper.name);
  return out;
}

const MapperSpec& named(const std::vector<MapperSpec>& mappers, const std::string& name) {
  auto found = std::find_if(mappers.begin(), mappers.end(), [&](const MapperSpec& m) { return m.name == name; });
  REQUIRE(found != mappers.end());
  return *found;
}

FederationSpec openldap_spec() {
  FederationSpec spec;
  spec.config = {{"vendor", "other"}, {"editMode", "READ_ONLY"}, {"usernameLDAPAttribute", "uid"}, {"rdnLDAPAttribute", "uid"},
                 {"connectionUrl", "ldaps://ldap.example.org"}, {"bindDn", "cn=reader,dc=example,dc=org"}, {"authType", "simple"}};
  spec.bind_credential = "s3cret-bind";
  spec.reasons["usernameLDAPAttribute"] = "probe: uid is unique";
  return spec;
}

}  // namespace

TEST_CASE("an OpenLDAP provider gets uid, cn-as-first-name, sn, mail and the timestamps; 26.1+ the Kerberos mapper", "[keycloak][created]") {
  const auto config = openldap_spec().config;
  CHECK(names(default_mappers(config, Version{26, 4, 7})) ==
        std::vector<std::string>{"username", "first name", "last name", "email", "creation date", "modify date",
                                 "Kerberos principal attribute mapper"});
  CHECK(names(default_mappers(config, Version{25, 0, 0})).size() == 6);
  const auto mappers = default_mappers(config, Version{26, 4, 7});
  CHECK(named(mappers, "first name").config.at("ldap.attribute") == "cn");  // the RDN is not cn
  CHECK(named(mappers, "username").config.at("read.only") == "true");       // READ_ONLY
  CHECK(named(mappers, "creation date").config.at("ldap.attribute") == "createTimestamp");
}

TEST_CASE("an AD provider gets givenName, whenCreated and the account-controls mapper (always-read from 24.0.3)", "[keycloak][created]") {
  std::map<std::string, std::string> config = {{"vendor", "ad"}, {"editMode", "WRITABLE"}, {"usernameLDAPAttribute", "cn"}, {"rdnLDAPAttribute", "cn"}};
  auto mappers = default_mappers(config, Version{26, 4, 0});
  CHECK(named(mappers, "first name").config.at("ldap.attribute") == "givenName");
  CHECK(named(mappers, "creation date").config.at("ldap.attribute") == "whenCreated");
  CHECK(named(mappers, "MSAD account controls").config.at("always.read.enabled.value.from.ldap") == "true");
  CHECK(named(mappers, "username").config.at("read.only") == "false");  // WRITABLE
  CHECK(named(default_mappers(config, Version{24, 0, 2}), "MSAD account controls").config.empty());
  config["usernameLDAPAttribute"] = "sAMAccountName";
  CHECK(named(default_mappers(config, Version{26, 4, 0}), "username-cn").config.at("ldap.attribute") == "cn");
  config["editMode"] = "READ_ONLY";
  CHECK(named(default_mappers(config, Version{26, 4, 0}), "full name").provider_id == "full-name-ldap-mapper");
}

TEST_CASE("the created federation: defaults corrected by adopted mappers, configured ones added, Keycloak's additions", "[keycloak][created]") {
  FederationSpec spec = openldap_spec();
  spec.mappers.push_back({"email", "user-attribute-ldap-mapper", {{"ldap.attribute", "userPrincipalName"}}, true});
  spec.mappers.push_back({"first name", "user-attribute-ldap-mapper", {{"ldap.attribute", "givenName"}}, true});
  spec.mappers.push_back({"groups", "group-ldap-mapper", {{"groups.dn", "ou=groups,dc=example,dc=org"}, {"mode", "READ_ONLY"}}, false});
  const CreatedFederation created = created_federation(spec, Version{26, 4, 7});
  CHECK(created.config.at("krbPrincipalAttribute") == "krb5PrincipalName");  // onCreate's default, 23+
  CHECK(created.reasons.at("usernameLDAPAttribute") == "probe: uid is unique");
  CHECK(created.has_bind_credential);
  CHECK(created.config.count("bindCredential") == 0);
  const MapperSpec& email = named(created.mappers, "email");
  CHECK(email.config.at("ldap.attribute") == "userPrincipalName");  // corrected
  CHECK(email.config.at("user.model.attribute") == "email");         // the rest as Keycloak creates it
  CHECK(named(created.mappers, "first name").config.at("ldap.attribute") == "givenName");
  CHECK(named(created.mappers, "groups").config.at("groups.dn") == "ou=groups,dc=example,dc=org");
  CHECK(named(created.mappers, "groups").config.at("groups.path") == "/");  // what Keycloak's create adds
  CHECK(created.mappers.size() == 8);
  CHECK(created_federation(spec, Version{22, 0, 0}).config.count("krbPrincipalAttribute") == 0);
}

TEST_CASE("default_mappers delete: only the configured mappers, the defaults named for deletion", "[keycloak][created]") {
  FederationSpec spec = openldap_spec();
  spec.default_mappers = "delete";
  spec.mappers.push_back({"username", "user-attribute-ldap-mapper", {{"user.model.attribute", "username"}, {"ldap.attribute", "uid"}}, false});
  const CreatedFederation created = created_federation(spec, Version{26, 4, 7});
  CHECK(names(created.mappers) == std::vector<std::string>{"username"});
  // The default of that name stays, corrected (apply updates it rather than creating a second one).
  CHECK(named(created.mappers, "username").config.at("is.mandatory.in.ldap") == "true");
  CHECK(std::count(created.defaults_to_delete.begin(), created.defaults_to_delete.end(), "email") == 1);
  CHECK(std::count(created.defaults_to_delete.begin(), created.defaults_to_delete.end(), "username") == 0);
}

TEST_CASE("a configured mapper of another type under a default's name is reported, not merged", "[keycloak][created]") {
  FederationSpec spec = openldap_spec();
  spec.mappers.push_back({"email", "hardcoded-ldap-attribute-mapper", {{"ldap.attribute.name", "mail"}}, false});
  const CreatedFederation created = created_federation(spec, Version{26, 4, 7});
  CHECK(named(created.mappers, "email").provider_id == "user-attribute-ldap-mapper");
  REQUIRE(created.notes.size() == 1);
  CHECK(created.notes[0].find("rename one of them") != std::string::npos);
}
