// keycloak/federation: the components a create sends, built from the desired federation, and which LDAP
// attribute feeds each user field, read from the spec or from the components Keycloak stores.
#include <catch2/catch.hpp>

#include "keycloak/federation.hpp"

using namespace kcldap::keycloak;

namespace {

using Values = std::vector<std::string>;

Component stored_mapper(const std::string& name, const std::string& provider_id, const ComponentConfig& config) {
  return Component{"m-" + name, name, provider_id, kMapperType, "p1", "", config};
}

}  // namespace

TEST_CASE("a mapper is created under its provider, one value per key", "[keycloak][federation]") {
  const Component mapper = mapper_payload({"email", "user-attribute-ldap-mapper", {{"ldap.attribute", "mail"}}, false}, "p1");
  CHECK(mapper.id.empty());  // Keycloak gives it one
  CHECK(mapper.name == "email");
  CHECK(mapper.provider_id == "user-attribute-ldap-mapper");
  CHECK(mapper.provider_type == kMapperType);
  CHECK(mapper.parent_id == "p1");
  CHECK(mapper.config == ComponentConfig{{"ldap.attribute", {"mail"}}});
}

TEST_CASE("a provider created without a visible realm id leaves parentId to Keycloak", "[keycloak][federation]") {
  FederationSpec spec;
  spec.config = {{"connectionUrl", "ldap://dc1"}};
  const Component provider = provider_create_payload(spec, Version{26, 4, 0}, "");
  CHECK(provider.parent_id.empty());
  CHECK(provider.provider_type == kStorageProviderType);
  CHECK(provider.config.count("bindCredential") == 0);  // no secret in the spec: none sent
  CHECK(provider.config.at("connectionUrl") == Values{"ldap://dc1"});
}

TEST_CASE("the stored user-attribute mappers say which attribute feeds each user field", "[keycloak][federation]") {
  Component provider{"p1", "ldap", "ldap", kStorageProviderType, "", "", {}};
  provider.set("usernameLDAPAttribute", "sAMAccountName");
  const std::vector<Component> mappers = {
      stored_mapper("email", "user-attribute-ldap-mapper", {{"user.model.attribute", {"email"}}, {"ldap.attribute", {"mail"}}}),
      stored_mapper("first name", "user-attribute-ldap-mapper", {{"user.model.attribute", {"firstName"}}, {"ldap.attribute", {}}}),
      stored_mapper("groups", "group-ldap-mapper", {{"user.model.attribute", {"lastName"}}, {"ldap.attribute", {"sn"}}})};
  const auto sources = user_attribute_sources(provider, mappers);
  CHECK(sources == std::map<std::string, std::string>{{"username", "sAMAccountName"}, {"email", "mail"}});
}
