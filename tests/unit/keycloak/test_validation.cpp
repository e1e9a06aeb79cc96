// keycloak/validation: Keycloak's server-side rules for the LDAP provider and its mappers, per version.
#include <catch2/catch.hpp>

#include "keycloak/validation.hpp"

using namespace kcldap::keycloak;

namespace {

std::vector<std::string> messages(const std::vector<ValidationProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& problem : problems) out.push_back(problem.message);
  return out;
}

}  // namespace

TEST_CASE("validation: provider rules and the versions they start in", "[keycloak][validation]") {
  const ConfigMap ok = {{"editMode", "READ_ONLY"}, {"connectionTimeout", "5000"}, {"readTimeout", "30000"}, {"customUserSearchFilter", " (ou=x) "}};
  CHECK(validate_provider_config(ok, {26, 4, 0}).empty());
  CHECK(validate_provider_config({}, {15, 0, 0}).empty());  // no editMode: READ_ONLY before 16
  CHECK(messages(validate_provider_config({}, {16, 0, 0})) == std::vector<std::string>{"Edit Mode is mandatory"});
  ConfigMap bad = ok;
  bad["editMode"] = "SOMETIMES";
  bad["customUserSearchFilter"] = "ou=x";
  bad["connectionTimeout"] = "5s";
  bad["readTimeout"] = "";  // blank: dropped by Keycloak, not validated
  const auto found = validate_provider_config(bad, {21, 1, 0});
  REQUIRE(found.size() == 3);
  CHECK(found[0].key == "editMode");
  CHECK(found[1].message == "Custom configured LDAP filter does not start with \"(\" or does not end with \")\".");
  CHECK(found[2].message == "Connection Timeout must be a number");

  const ConfigMap start_tls = {{"editMode", "READ_ONLY"}, {"startTls", "true"}, {"connectionPooling", "true"}};
  CHECK(validate_provider_config(start_tls, {26, 0, 0}).empty());
  CHECK(messages(validate_provider_config(start_tls, {26, 1, 0})) == std::vector<std::string>{"Can not enable both StartTLS and connection pooling."});
  CHECK(messages(validate_provider_config({{"editMode", "READ_ONLY"}, {"validatePasswordPolicy", "true"}}, {24, 0, 0})) ==
        std::vector<std::string>{"Validate Password Policy is applicable only with WRITABLE edit mode"});
  CHECK(messages(validate_provider_config({{"editMode", "UNSYNCED"}, {"importEnabled", "false"}}, {12, 0, 0})) ==
        std::vector<std::string>{"Can not disable Importing users when LDAP provider mode is UNSYNCED"});
}

TEST_CASE("validation: mapper rules", "[keycloak][validation]") {
  const ConfigMap parent = {{"editMode", "READ_ONLY"}};
  CHECK(messages(validate_mapper_config("m", "user-attribute-ldap-mapper", {{"ldap.attribute", "mail"}}, parent)) ==
        std::vector<std::string>{"Missing configuration for 'User Model Attribute'"});
  CHECK(messages(validate_mapper_config("m", "user-attribute-ldap-mapper",
                                        {{"user.model.attribute", "photo"}, {"ldap.attribute", "jpegPhoto"}, {"is.binary.attribute", "true"}}, parent)) ==
        std::vector<std::string>{"With Binary attribute enabled, the ''Always read value from LDAP'' must be enabled too"});
  CHECK(messages(validate_mapper_config("g", "group-ldap-mapper",
                                        {{"groups.dn", "ou=groups"}, {"mode", "READ_ONLY"}, {"membership.attribute.type", "UID"}}, parent)) ==
        std::vector<std::string>{"Not possible to preserve group inheritance and use UID membership type together."});
  CHECK(validate_mapper_config("g", "group-ldap-mapper",
                               {{"groups.dn", "ou=groups"}, {"mode", "READ_ONLY"}, {"membership.attribute.type", "UID"}, {"preserve.group.inheritance", "false"}},
                               parent)
            .empty());
  CHECK(messages(validate_mapper_config("r", "role-ldap-mapper", {{"roles.dn", "ou=roles"}, {"mode", "READ_ONLY"}, {"use.realm.roles.mapping", "false"}}, parent)) ==
        std::vector<std::string>{"Client ID needs to be provided in config when Realm Roles Mapping is not used"});
  CHECK(messages(validate_mapper_config("h", "hardcoded-attribute-mapper", {{"user.model.attribute", "email"}, {"attribute.value", "x"}}, parent)) ==
        std::vector<std::string>{"Attribute Name cannot be set to username or email"});
  CHECK(messages(validate_mapper_config("f", "full-name-ldap-mapper", {{"write.only", "true"}}, parent)).size() == 1);
}

TEST_CASE("validation: a whole federation, adopted defaults counting as the mappers Keycloak creates", "[keycloak][validation]") {
  FederationSpec spec;
  spec.config = {{"editMode", "READ_ONLY"}, {"startTls", "true"}, {"connectionPooling", "false"}};
  spec.mappers.push_back({"email", "user-attribute-ldap-mapper", {{"ldap.attribute", "mail"}}, true});
  CHECK(validate_federation(spec, {26, 4, 0}, {}).empty());
  // kcldap turns pooling off with StartTLS, so a stored pooling=true is overridden, not merged in...
  spec.config.erase("connectionPooling");
  CHECK(validate_federation(spec, {26, 4, 0}, {{"connectionPooling", "true"}}).empty());
  // ...but a stored key kcldap does not manage stays and counts: WRITABLE-only password policy vs READ_ONLY.
  CHECK(messages(validate_federation(spec, {26, 4, 0}, {{"validatePasswordPolicy", "true"}})) ==
        std::vector<std::string>{"Validate Password Policy is applicable only with WRITABLE edit mode"});
  // ...and a mapper the config adds (not adopted) must be complete.
  spec.mappers.push_back({"phone", "user-attribute-ldap-mapper", {{"ldap.attribute", "telephoneNumber"}}, false});
  CHECK(validate_federation(spec, {26, 4, 0}, {}).back().component == "phone");
}
