// keycloak/component: a Keycloak component as a value. It reads and writes Keycloak's representation
// unchanged, refuses anything that is not one (naming the field, never a value), and computes the body of
// an update as real Keycloak needs it (the whole representation; absent config keys stay, [] removes one,
// the masked secret keeps the stored one).
#include <catch2/catch.hpp>

#include "keycloak/component.hpp"

using namespace kcldap::keycloak;
using nlohmann::json;

namespace {

using Values = std::vector<std::string>;

Component stored_mapper() {
  return Component{"m1", "first name", "user-attribute-ldap-mapper", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper", "p1", "",
                   {{"ldap.attribute", {"cn"}}, {"user.model.attribute", {"firstName"}}, {"read.only", {"true"}}}};
}

Component with_config(const ComponentConfig& config) { return Component{"", "", "", "", "", "", config}; }

}  // namespace

TEST_CASE("a component reads Keycloak's representation and writes it back unchanged", "[keycloak][component]") {
  const json representation = {{"id", "m1"}, {"name", "first name"}, {"providerId", "user-attribute-ldap-mapper"},
                                {"providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper"}, {"parentId", "p1"},
                                {"config", {{"ldap.attribute", {"cn"}}, {"user.model.attribute", {"firstName"}}, {"read.only", {"true"}}}}};
  const auto component = component_from_json(representation);
  REQUIRE(component);
  CHECK(*component == stored_mapper());
  CHECK(component_to_json(*component) == representation);
}

TEST_CASE("a component's config gives its first values; set stores one value", "[keycloak][component]") {
  Component component = with_config({{"vendor", {"ad"}}, {"empty", {}}, {"urls", {"ldap://a", "ldap://b"}}});
  CHECK(component.first("vendor") == "ad");
  CHECK(component.first("urls") == "ldap://a");
  CHECK_FALSE(component.first("empty"));   // an empty list is no value
  CHECK_FALSE(component.first("absent"));
  CHECK(component.value("absent").empty());
  component.set("urls", "ldap://c");
  CHECK(component.config.at("urls") == Values{"ldap://c"});
}

TEST_CASE("what Keycloak leaves out stays out; a component without config writes an empty one", "[keycloak][component]") {
  const auto bare = component_from_json({{"name", "ldap"}, {"providerId", "ldap"}, {"subType", nullptr}});
  REQUIRE(bare);
  CHECK(bare->config.empty());
  CHECK(component_to_json(*bare) == json{{"name", "ldap"}, {"providerId", "ldap"}, {"config", json::object()}});
  const auto typed = component_from_json({{"id", "k1"}, {"subType", "rsa"}, {"config", nullptr}});
  REQUIRE(typed);
  CHECK(typed->sub_type == "rsa");
  CHECK(component_to_json(*typed)["subType"] == "rsa");
}

TEST_CASE("a malformed representation is refused, naming the field but never a value", "[keycloak][component]") {
  CHECK(component_from_json(json::array()).error() == "a component representation must be a JSON object, not array");
  CHECK(component_from_json({{"name", 7}}).error() == "a component: \"name\" is not a string");
  CHECK(component_from_json({{"name", "ldap"}, {"config", json::array()}}).error() ==
        "component \"ldap\": \"config\" is not an object of key -> list of strings");
  CHECK(component_from_json({{"id", "p1"}, {"config", {{"vendor", "ad"}}}}).error() ==
        "component p1: config key \"vendor\" is not a list of strings");
  const auto secret = component_from_json({{"name", "ldap"}, {"config", {{"bindCredential", {"s3cret", 1}}}}});
  REQUIRE_FALSE(secret);
  CHECK(secret.error() == "component \"ldap\": config key \"bindCredential\" holds a value that is not a string");
  CHECK(secret.error().find("s3cret") == std::string::npos);
}

TEST_CASE("a list of representations is read whole or refused", "[keycloak][component]") {
  const auto listed = components_from_json(json::array({{{"id", "a"}}, {{"id", "b"}}}));
  REQUIRE(listed);
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[1].id == "b");
  CHECK(components_from_json(json::object()).error() == "a component list must be a JSON array, not object");
  CHECK_FALSE(components_from_json(json::array({{{"id", "a"}}, "b"})));
}

TEST_CASE("a component update carries the whole stored representation with the changed keys", "[keycloak][component]") {
  const Component body = component_update_payload(stored_mapper(), {{"ldap.attribute", {"givenName"}}});
  // Without providerType and providerId real Keycloak answers 500 (it looks the provider up by them).
  CHECK(body.id == "m1");
  CHECK(body.name == "first name");
  CHECK(body.provider_id == "user-attribute-ldap-mapper");
  CHECK(body.provider_type == "org.keycloak.storage.ldap.mappers.LDAPStorageMapper");
  CHECK(body.parent_id == "p1");
  CHECK(body.config.at("ldap.attribute") == Values{"givenName"});
  CHECK(body.config.at("user.model.attribute") == Values{"firstName"});  // unchanged keys are sent as stored
  CHECK(body.config.at("read.only") == Values{"true"});
}

TEST_CASE("a removed key is sent as an empty list; the masked secret is sent back as read", "[keycloak][component]") {
  const Component provider{"p1", "ldap", "ldap", "org.keycloak.storage.UserStorageProvider", "realm", "",
                           {{"bindCredential", {"**********"}}, {"customUserSearchFilter", {"(x=1)"}}}};
  const Component body = component_update_payload(provider, {{"customUserSearchFilter", {}}});
  CHECK(body.config.at("customUserSearchFilter").empty());
  CHECK(component_to_json(body)["config"]["customUserSearchFilter"] == json::array());
  CHECK(body.config.at("bindCredential") == Values{"**********"});  // Keycloak keeps the stored secret for the mask
  const Component rotated = component_update_payload(provider, {{"bindCredential", {"n3w"}}});
  CHECK(rotated.config.at("bindCredential") == Values{"n3w"});
}

TEST_CASE("restoring a config removes the keys the apply added, but never the secret or lastSync", "[keycloak][component]") {
  const Component stored = with_config({{"trustEmail", {"true"}}, {"pagination", {"true"}}, {"bindCredential", {"**********"}}, {"lastSync", {"1700000000"}}});
  const Component wanted = with_config({{"pagination", {"true"}}});
  CHECK(config_restoring(stored, wanted) == ComponentConfig{{"pagination", {"true"}}, {"trustEmail", {}}});
}

TEST_CASE("a restore writes only what differs from the backup", "[keycloak][component]") {
  const Component stored = with_config({{"trustEmail", {"true"}}, {"pagination", {"true"}}, {"bindCredential", {"**********"}}});
  CHECK(changes_config(stored, config_restoring(stored, with_config({{"trustEmail", {"false"}}, {"pagination", {"true"}}}))));  // a value differs
  CHECK(changes_config(stored, config_restoring(stored, with_config({{"pagination", {"true"}}}))));  // trustEmail was added: removed
  CHECK_FALSE(changes_config(stored, config_restoring(stored, with_config({{"trustEmail", {"true"}}, {"pagination", {"true"}}}))));
  CHECK_FALSE(changes_config(stored, {{"customUserSearchFilter", {}}}));  // removing an absent key is no change
}

TEST_CASE("a backup never holds the bind credential", "[keycloak][component]") {
  const Component provider{"p1", "", "", "", "", "", {{"bindCredential", {"**********"}}, {"vendor", {"ad"}}}};
  CHECK(without_secret(provider).config.count("bindCredential") == 0);
  CHECK(without_secret(provider).config.at("vendor") == Values{"ad"});
  CHECK_FALSE(component_to_json(without_secret(provider))["config"].contains("bindCredential"));
}
