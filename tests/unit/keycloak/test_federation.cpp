// keycloak/federation: the body of a component update, as real Keycloak needs it (the whole
// representation; absent config keys stay, [] removes one, the masked secret keeps the stored one).
#include <catch2/catch.hpp>

#include "keycloak/federation.hpp"

using namespace kcldap::keycloak;
using nlohmann::json;

namespace {

json stored_mapper() {
  return {{"id", "m1"}, {"name", "first name"}, {"providerId", "user-attribute-ldap-mapper"},
          {"providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper"}, {"parentId", "p1"},
          {"config", {{"ldap.attribute", {"cn"}}, {"user.model.attribute", {"firstName"}}, {"read.only", {"true"}}}}};
}

}  // namespace

TEST_CASE("a component update carries the whole stored representation with the changed keys", "[keycloak][federation]") {
  const json body = component_update_payload(stored_mapper(), {{"ldap.attribute", {"givenName"}}});
  // Without providerType and providerId real Keycloak answers 500 (it looks the provider up by them).
  CHECK(body["id"] == "m1");
  CHECK(body["name"] == "first name");
  CHECK(body["providerId"] == "user-attribute-ldap-mapper");
  CHECK(body["providerType"] == "org.keycloak.storage.ldap.mappers.LDAPStorageMapper");
  CHECK(body["parentId"] == "p1");
  CHECK(body["config"]["ldap.attribute"] == json{"givenName"});
  CHECK(body["config"]["user.model.attribute"] == json{"firstName"});  // unchanged keys are sent as stored
  CHECK(body["config"]["read.only"] == json{"true"});
}

TEST_CASE("a removed key is sent as an empty list; the masked secret is sent back as read", "[keycloak][federation]") {
  const json provider = {{"id", "p1"}, {"name", "ldap"}, {"providerId", "ldap"}, {"providerType", "org.keycloak.storage.UserStorageProvider"},
                         {"parentId", "realm"}, {"config", {{"bindCredential", {"**********"}}, {"customUserSearchFilter", {"(x=1)"}}}}};
  const json body = component_update_payload(provider, {{"customUserSearchFilter", json::array()}});
  CHECK(body["config"]["customUserSearchFilter"] == json::array());
  CHECK(body["config"]["bindCredential"] == json{"**********"});  // Keycloak keeps the stored secret for the mask
  const json rotated = component_update_payload(provider, {{"bindCredential", {"n3w"}}});
  CHECK(rotated["config"]["bindCredential"] == json{"n3w"});
}

TEST_CASE("restoring a config removes the keys the apply added, but never the secret or lastSync", "[keycloak][federation]") {
  const json stored = {{"config", {{"trustEmail", {"true"}}, {"pagination", {"true"}}, {"bindCredential", {"**********"}}, {"lastSync", {"1700000000"}}}}};
  const json wanted = {{"config", {{"pagination", {"true"}}}}};
  CHECK(config_restoring(stored, wanted) == json{{"pagination", {"true"}}, {"trustEmail", json::array()}});
}

TEST_CASE("a restore writes only what differs from the backup", "[keycloak][federation]") {
  const json stored = {{"config", {{"trustEmail", {"true"}}, {"pagination", {"true"}}, {"bindCredential", {"**********"}}}}};
  const auto backed_up = [](const json& config) { return json{{"config", config}}; };
  CHECK(changes_config(stored, config_restoring(stored, backed_up({{"trustEmail", {"false"}}, {"pagination", {"true"}}}))));  // a value differs
  CHECK(changes_config(stored, config_restoring(stored, backed_up({{"pagination", {"true"}}}))));  // trustEmail was added: removed
  CHECK_FALSE(changes_config(stored, config_restoring(stored, backed_up({{"trustEmail", {"true"}}, {"pagination", {"true"}}}))));
  CHECK_FALSE(changes_config(stored, {{"customUserSearchFilter", json::array()}}));  // removing an absent key is no change
}

TEST_CASE("a backup never holds the bind credential", "[keycloak][federation]") {
  const json provider = {{"id", "p1"}, {"config", {{"bindCredential", {"**********"}}, {"vendor", {"ad"}}}}};
  CHECK_FALSE(without_secret(provider)["config"].contains("bindCredential"));
  CHECK(without_secret(provider)["config"]["vendor"] == json{"ad"});
}
