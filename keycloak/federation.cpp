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

std::string config_value(const json& component, const std::string& key) {
  if (!component.is_object() || !component.contains("config")) return "";
  const json& config = component["config"];
  if (!config.contains(key) || !config[key].is_array() || config[key].empty() || !config[key][0].is_string()) return "";
  return config[key][0].get<std::string>();
}

}  // namespace kcldap::keycloak
