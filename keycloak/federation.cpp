#include "keycloak/federation.hpp"

#include "keycloak/provider_keys.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

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

json provider_create_payload(const FederationSpec& spec, const Version& version, const std::string& parent_id) {
  json config = json::object();
  for (const auto& [key, value] : known_config(spec, version)) config[key] = json::array({value});
  if (spec.bind_credential) config["bindCredential"] = json::array({*spec.bind_credential});
  json payload = {{"name", spec.name}, {"providerId", "ldap"}, {"providerType", kStorageProviderType}, {"config", config}};
  if (!parent_id.empty()) payload["parentId"] = parent_id;
  return payload;
}

json mapper_payload(const MapperSpec& mapper, const std::string& parent_id) {
  json config = json::object();
  for (const auto& [key, value] : mapper.config) config[key] = json::array({value});
  return {{"name", mapper.name}, {"providerId", mapper.provider_id}, {"providerType", kMapperType},
          {"parentId", parent_id}, {"config", config}};
}

json component_update_payload(const json& stored, const json& config_changes) {
  json payload = json::object();
  for (const char* field : {"id", "name", "providerId", "providerType", "parentId", "subType"}) {
    if (stored.contains(field)) payload[field] = stored[field];
  }
  json config = stored.contains("config") && stored["config"].is_object() ? stored["config"] : json::object();
  for (const auto& [key, values] : config_changes.items()) config[key] = values;
  payload["config"] = config;
  return payload;
}

namespace {

json config_of(const json& component) {
  return component.is_object() && component.contains("config") && component["config"].is_object() ? component["config"] : json::object();
}

}  // namespace

json config_restoring(const json& stored, const json& wanted) {
  json changes = config_of(wanted);
  const json stored_config = config_of(stored);  // named: items() of a temporary would dangle
  for (const auto& [key, unused] : stored_config.items()) {
    if (key != "bindCredential" && key != "lastSync" && !changes.contains(key)) changes[key] = json::array();
  }
  return changes;
}

json without_secret(json component) {
  if (component.contains("config") && component["config"].is_object()) component["config"].erase("bindCredential");
  return component;
}

bool changes_config(const json& stored, const json& config_changes) {
  const json config = config_of(stored);
  for (const auto& [key, values] : config_changes.items()) {
    const bool removal = values.is_array() && values.empty();
    if (removal ? config.contains(key) : (!config.contains(key) || config[key] != values)) return true;
  }
  return false;
}

std::string config_value(const json& component, const std::string& key) {
  if (!component.is_object() || !component.contains("config")) return "";
  const json& config = component["config"];
  if (!config.contains(key) || !config[key].is_array() || config[key].empty() || !config[key][0].is_string()) return "";
  return config[key][0].get<std::string>();
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

std::map<std::string, std::string> user_attribute_sources(const nlohmann::json& provider, const nlohmann::json& mappers) {
  std::map<std::string, std::string> sources;
  if (const std::string username = config_value(provider, "usernameLDAPAttribute"); !username.empty()) sources["username"] = username;
  for (const auto& mapper : mappers) {
    if (mapper.value("providerId", "") != "user-attribute-ldap-mapper") continue;
    const std::string field = config_value(mapper, "user.model.attribute");
    const std::string attribute = config_value(mapper, "ldap.attribute");
    if (is_user_field(field) && !attribute.empty()) sources[field] = attribute;
  }
  return sources;
}

bool imports_users(const FederationSpec& spec) {
  auto found = spec.config.find("importEnabled");
  return found == spec.config.end() || found->second != "false";
}

}  // namespace kcldap::keycloak
