// The desired LDAP federation as a plain value (FederationSpec), and the component payloads built from it
// for a given Keycloak version: only keys that version knows, lists of strings as Keycloak stores them,
// connectionPooling off with StartTLS, the secret only when it is to be sent.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/version.hpp"

namespace kcldap::keycloak {

inline constexpr const char* kStorageProviderType = "org.keycloak.storage.UserStorageProvider";
inline constexpr const char* kMapperType = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
inline constexpr const char* kSecretMask = "**********";

struct MapperSpec {
  std::string name;
  std::string provider_id;                    // e.g. "user-attribute-ldap-mapper"
  std::map<std::string, std::string> config;  // Keycloak keys
  bool adopted_default = false;               // corrects a mapper Keycloak creates on its own, if present
};

struct FederationSpec {
  std::string name = "ldap";
  std::map<std::string, std::string> config;   // Keycloak keys of the provider, without the secret
  std::optional<std::string> bind_credential;  // revealed secret, sent only when the plan says so
  bool rotate_bind_credential = false;
  std::vector<MapperSpec> mappers;
  std::string default_mappers = "adopt";       // adopt | keep | delete
  std::map<std::string, std::string> reasons;  // provider key -> why this value
};

// Keys of the spec the version knows, and those it would not accept (reported in the plan).
std::map<std::string, std::string> known_config(const FederationSpec& spec, const Version& version,
                                                std::vector<std::string>* dropped = nullptr);

nlohmann::json provider_create_payload(const FederationSpec& spec, const Version& version, const std::string& parent_id);
nlohmann::json mapper_payload(const MapperSpec& mapper, const std::string& parent_id);

// The body of PUT /components/{id} that changes `config_changes` (key -> values; [] removes the key) of
// the `stored` component. Real Keycloak needs the whole representation (without providerType and
// providerId it fails with a 500); config keys the body lacks stay as stored, and the masked secret
// ("**********") it reads back keeps the stored one. Pure.
nlohmann::json component_update_payload(const nlohmann::json& stored, const nlohmann::json& config_changes);

// The config changes that turn the stored component's config back into the `wanted` component's:
// wanted's keys, plus [] for every stored key wanted lacks (the secret and Keycloak's own bookkeeping
// excepted). Pure.
nlohmann::json config_restoring(const nlohmann::json& stored, const nlohmann::json& wanted);

// The component without its bind credential, whatever the server returned (for backups). Pure.
nlohmann::json without_secret(nlohmann::json component);

// Whether applying `config_changes` (as above: [] removes a key) to the stored component changes anything. Pure.
bool changes_config(const nlohmann::json& stored, const nlohmann::json& config_changes);

// First value of a component's config key, "" if absent.
std::string config_value(const nlohmann::json& component, const std::string& key);

}  // namespace kcldap::keycloak

namespace kcldap::keycloak {

// Which LDAP attribute feeds each user field: "username" from the provider, "email"/"firstName"/
// "lastName" from user-attribute mappers (absent when unmapped). From the spec (adopted defaults count
// by their Keycloak names), or from the mappers Keycloak stores.
std::map<std::string, std::string> user_attribute_sources(const FederationSpec& spec);
std::map<std::string, std::string> user_attribute_sources(const nlohmann::json& provider, const nlohmann::json& mappers);

// The model attribute of a user-attribute mapper Keycloak creates on its own, by its name ("first name"
// -> "firstName"); "" for other names. Adopted mappers carry only the keys they correct.
std::string default_mapper_model(const std::string& name);

// Whether the provider imports users into Keycloak's database (importEnabled, default true).
bool imports_users(const FederationSpec& spec);

}  // namespace kcldap::keycloak
