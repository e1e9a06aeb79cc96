// `kcldap import` without the I/O: the LDAP provider and mappers a realm holds (as Keycloak stores them)
// turned into the kcldap.toml that reproduces them, so `kcldap plan` on it finds nothing to change. The
// reverse direction of the key table (schema.hpp: find_key_for_keycloak, from_keycloak_text) and of the
// mapper table (keycloak/mapper_types: find_mapper_type_by_provider, find_keycloak_key): no second list
// of keys. What kcldap.toml cannot express is listed in the file and in `kept`, never dropped silently.
// The bind secret is never read (Keycloak never returns it): the file refers to ${env:KCLDAP_BIND_PASSWORD}.
#pragma once
#include <string>
#include <vector>

#include "keycloak/component.hpp"
#include "src/config/config.hpp"

namespace kcldap::config {

struct ImportSource {
  keycloak::Component provider;
  std::vector<keycloak::Component> mappers;
  std::string keycloak_version;  // e.g. "26.4.7", for the comments
  std::string read_at;           // when the components were read (UTC, ISO 8601), for the comments
};

struct ImportedConfig {
  std::string toml;                // the kcldap.toml text
  std::vector<std::string> kept;   // what kcldap leaves as Keycloak holds it (no kcldap.toml key for it)
  std::vector<std::string> notes;  // values Keycloak does not store that kcldap will set (the plan shows them)
};

// `input` is the config import was run with: its [keycloak] section is copied as written (secrets as their
// references, never a value), as are the [ldap] keys only kcldap itself uses (ca_file, tls_verify, ...).
ImportedConfig import_config(const ImportSource& source, const Config& input);

// The environment variable the written file reads the bind password from.
inline constexpr const char* kImportedBindPasswordVariable = "KCLDAP_BIND_PASSWORD";

}  // namespace kcldap::config
