// The desired LDAP federation as a plain value (FederationSpec), and the component payloads built from it
// for a given Keycloak version: only keys that version knows, lists of strings as Keycloak stores them,
// connectionPooling off with StartTLS, the secret only when it is to be sent.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/component.hpp"
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
  // Provider keys whose value is kcldap's default because the config leaves the key unset: provider key ->
  // that config key ("[federation] import_users"). The plan says so for an existing provider.
  std::map<std::string, std::string> defaulted;
  // Provider keys the config asks to leave unset (e.g. [ldap] read_timeout_ms = 0: no time limit), with
  // why: not sent on create, removed from an existing provider that holds one.
  std::map<std::string, std::string> unset;
};

// Keys of the spec the version knows, and those it would not accept (reported in the plan).
std::map<std::string, std::string> known_config(const FederationSpec& spec, const Version& version,
                                                std::vector<std::string>* dropped = nullptr);

// The component a create sends (POST /components): the provider with the keys the version knows (and the
// secret when the spec holds one), or a mapper under `parent_id`. Pure.
Component provider_create_payload(const FederationSpec& spec, const Version& version, const std::string& parent_id);
Component mapper_payload(const MapperSpec& mapper, const std::string& parent_id);

}  // namespace kcldap::keycloak

namespace kcldap::keycloak {

// Which LDAP attribute feeds each user field: "username" from the provider, "email"/"firstName"/
// "lastName" from user-attribute mappers (absent when unmapped). From the spec (adopted defaults count
// by their Keycloak names), or from the mappers Keycloak stores.
std::map<std::string, std::string> user_attribute_sources(const FederationSpec& spec);
std::map<std::string, std::string> user_attribute_sources(const Component& provider, const std::vector<Component>& mappers);

// The model attribute of a user-attribute mapper Keycloak creates on its own, by its name ("first name"
// -> "firstName"); "" for other names. Adopted mappers carry only the keys they correct.
std::string default_mapper_model(const std::string& name);

// Whether the provider imports users into Keycloak's database (importEnabled, default true).
bool imports_users(const FederationSpec& spec);

}  // namespace kcldap::keycloak
