#include "keycloak/federation.hpp"

#include "keycloak/provider_keys.hpp"

namespace kcldap::keycloak {

std::map<std::string, std::string> known_config(const FederationSpec& spec, const Version& version,
                                                std::vector<std::string>* dropped) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : spec.config) {
    const ProviderKey* definition = find_provider_key(key);
    if (definition == nullptr || !definition->known_by(version) || definition->secret) {
      if (dropped != nullptr && (definition == nullptr || !definition->secret)) dropped->push_back(key);
      continue;
    }
    out[key] = value;
  }
  // StartTLS and pooled connections do not mix (26.1+ rejects the pair): pooling goes off with StartTLS.
  if (out.count("startTls") != 0 && out["startTls"] == "true") out["connectionPooling"] = "false";
  return out;
}

Component provider_create_payload(const FederationSpec& spec, const Version& version, const std::string& parent_id) {
  Component provider{"", spec.name, "ldap", kStorageProviderType, parent_id, "", {}};
  for (const auto& [key, value] : known_config(spec, version)) provider.set(key, value);
  if (spec.bind_credential) provider.set("bindCredential", *spec.bind_credential);
  return provider;
}

Component mapper_payload(const MapperSpec& mapper, const std::string& parent_id) {
  Component component{"", mapper.name, mapper.provider_id, kMapperType, parent_id, "", {}};
  for (const auto& [key, value] : mapper.config) component.set(key, value);
  return component;
}

}  // namespace kcldap::keycloak

namespace kcldap::keycloak {

namespace {

bool is_user_field(const std::string& model) { return model == "email" || model == "firstName" || model == "lastName"; }

}  // namespace

std::string default_mapper_model(const std::string& name) {
  if (name == "username") return "username";
  if (name == "email") return "email";
  if (name == "first name") return "firstName";
  if (name == "last name") return "lastName";
  return "";
}

std::map<std::string, std::string> user_attribute_sources(const FederationSpec& spec) {
  std::map<std::string, std::string> sources;
  if (auto username = spec.config.find("usernameLDAPAttribute"); username != spec.config.end()) sources["username"] = username->second;
  for (const auto& mapper : spec.mappers) {
    if (mapper.provider_id != "user-attribute-ldap-mapper") continue;
    auto model = mapper.config.find("user.model.attribute");
    const std::string field = model != mapper.config.end() ? model->second : mapper.adopted_default ? default_mapper_model(mapper.name) : "";
    auto attribute = mapper.config.find("ldap.attribute");
    if (is_user_field(field) && attribute != mapper.config.end()) sources[field] = attribute->second;
  }
  return sources;
}

std::map<std::string, std::string> user_attribute_sources(const Component& provider, const std::vector<Component>& mappers) {
  std::map<std::string, std::string> sources;
  if (const std::string username = provider.value("usernameLDAPAttribute"); !username.empty()) sources["username"] = username;
  for (const auto& mapper : mappers) {
    if (mapper.provider_id != "user-attribute-ldap-mapper") continue;
    const std::string field = mapper.value("user.model.attribute");
    const std::string attribute = mapper.value("ldap.attribute");
    if (is_user_field(field) && !attribute.empty()) sources[field] = attribute;
  }
  return sources;
}

bool imports_users(const FederationSpec& spec) {
  auto found = spec.config.find("importEnabled");
  return found == spec.config.end() || found->second != "false";
}

}  // namespace kcldap::keycloak
