// A Keycloak component (an LDAP provider or one of its mappers) as a plain value, and its converters to
// and from Keycloak's JSON representation: the one place that JSON shape is read or written. Config is
// what Keycloak stores, key -> list of strings. Pure: no I/O. Never prints a config value, so a
// bindCredential it may carry cannot reach an error message.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"

namespace kcldap::keycloak {

// Key -> values, as Keycloak stores a component's config. In a change set an empty list removes the key.
using ComponentConfig = std::map<std::string, std::vector<std::string>>;

struct Component {
  std::string id;             // "" before it is created
  std::string name;
  std::string provider_id;    // e.g. "ldap", "user-attribute-ldap-mapper"
  std::string provider_type;  // e.g. kStorageProviderType, kMapperType
  std::string parent_id;      // the realm id (provider) or the provider's id (mapper); "" : Keycloak's default
  std::string sub_type;       // rarely used; "" : none
  ComponentConfig config;

  // The first value of a config key; nullopt when absent or empty.
  std::optional<std::string> first(const std::string& key) const;
  // The same, "" when absent.
  std::string value(const std::string& key) const;
  // Sets a key to a single value.
  void set(const std::string& key, const std::string& value);

  bool operator==(const Component&) const = default;
};

// Reads Keycloak's component representation. Fails, saying which field, on anything that is not one
// (not an object, a non-string field, a config value that is not a list of strings).
Expected<Component, std::string> component_from_json(const nlohmann::json& representation);
// A JSON array of representations (as GET /components answers).
Expected<std::vector<Component>, std::string> components_from_json(const nlohmann::json& representations);
// Keycloak's representation: empty string fields are left out, config is always there.
nlohmann::json component_to_json(const Component& component);

// The component Keycloak must be sent to apply `changes` (an empty list removes the key) to `stored`:
// real Keycloak needs the whole representation on PUT (without providerType and providerId it answers
// 500); config keys the changes lack stay as stored, and the masked secret ("**********") it reads
// back keeps the stored one.
Component component_update_payload(Component stored, const ComponentConfig& changes);

// The changes that turn the stored component's config back into the `wanted` one's: wanted's keys,
// plus an empty list for every stored key wanted lacks (the secret and Keycloak's lastSync excepted).
ComponentConfig config_restoring(const Component& stored, const Component& wanted);

// Whether applying `changes` (an empty list removes a key) to the stored component changes anything.
bool changes_config(const Component& stored, const ComponentConfig& changes);

// The component without its bind credential, whatever the server returned (for backups).
Component without_secret(Component component);

}  // namespace kcldap::keycloak
