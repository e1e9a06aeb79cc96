// src/export/realm_json: the realm-import "components" fragment: the provider with every mapper apply
// would leave as subComponents, config values as lists, the bind credential as a placeholder.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "unit/export/export_samples.hpp"
#include "src/export/realm_json.hpp"

using namespace kcldap;

TEST_CASE("realm-json: the provider and its mappers as a realm import's components", "[export][realm-json]") {
  const std::string text = exports::render_realm_json(test::export_input(test::openldap_federation()));
  const auto fragment = nlohmann::json::parse(text);
  REQUIRE(fragment.size() == 1);  // only "components": realm import refuses unknown fields
  const auto& providers = fragment["components"]["org.keycloak.storage.UserStorageProvider"];
  REQUIRE(providers.size() == 1);
  const auto& provider = providers[0];
  CHECK(provider["name"] == "ldap");
  CHECK(provider["providerId"] == "ldap");
  CHECK(provider["config"]["searchScope"] == nlohmann::json::array({"2"}));
  CHECK(provider["config"]["krbPrincipalAttribute"] == nlohmann::json::array({"krb5PrincipalName"}));
  CHECK(provider["config"]["bindCredential"] == nlohmann::json::array({"${LDAP_BIND_CREDENTIAL}"}));
  const auto& mappers = provider["subComponents"]["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"];
  REQUIRE(mappers.size() == 7);  // Keycloak 26.4's defaults: a realm import does not create them
  bool email_seen = false;
  for (const auto& mapper : mappers) {
    CHECK(mapper["subComponents"].is_object());
    if (mapper["name"] != "email") continue;
    email_seen = true;
    CHECK(mapper["providerId"] == "user-attribute-ldap-mapper");
    CHECK(mapper["config"]["user.model.attribute"] == nlohmann::json::array({"email"}));
    CHECK(mapper["config"]["ldap.attribute"] == nlohmann::json::array({"mail"}));
  }
  CHECK(email_seen);
  CHECK(text.find(test::kSampleBindSecret) == std::string::npos);
}

TEST_CASE("realm-json: anonymous binds carry no credential; text needing JSON escapes stays valid", "[export][realm-json]") {
  auto spec = test::ad_federation();
  spec.config["authType"] = "none";
  spec.config.erase("bindDn");
  const std::string text = exports::render_realm_json(test::export_input(spec));
  const auto provider = nlohmann::json::parse(text)["components"]["org.keycloak.storage.UserStorageProvider"][0];
  CHECK(provider["config"].count("bindCredential") == 0);
  CHECK(provider["name"] == "corp \"AD\"");
  CHECK(provider["config"]["customUserSearchFilter"][0] == spec.config.at("customUserSearchFilter"));
  CHECK(text.find(test::kSampleBindSecret) == std::string::npos);
}
