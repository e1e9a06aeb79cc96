// What Keycloak holds once kcldap has created the federation a FederationSpec describes: the provider's
// config as the version stores it (Keycloak's own additions included) and every mapper, complete — the
// default mappers Keycloak's create makes (reference §4), corrected by the adopted ones, plus the
// configured ones. Pure. `kcldap export` writes this, so a realm import or another tool ends where
// `kcldap apply` would.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "keycloak/federation.hpp"
#include "keycloak/version.hpp"

namespace kcldap::keycloak {

// The mappers Keycloak creates on its own for a new LDAP provider with this config, on this version.
std::vector<MapperSpec> default_mappers(const std::map<std::string, std::string>& provider_config, const Version& version);

// The Kerberos principal attribute Keycloak 23+ fills in on create when the config has none.
std::string default_krb_principal_attribute(const std::string& vendor);

struct CreatedFederation {
  std::string name;
  std::map<std::string, std::string> config;   // Keycloak keys the version knows, without the secret
  bool has_bind_credential = false;            // the provider binds with a secret (given as a variable)
  std::vector<MapperSpec> mappers;             // complete configs, in creation order
  std::map<std::string, std::string> reasons;  // provider key -> why this value
  std::vector<std::string> defaults_to_delete;  // default_mappers "delete": those Keycloak creates, apply deletes
  std::vector<std::string> notes;              // keys left out for this version, mapper type clashes
};

CreatedFederation created_federation(const FederationSpec& spec, const Version& version);

}  // namespace kcldap::keycloak
