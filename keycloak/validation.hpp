// The server-side validation Keycloak runs on a POST/PUT of the LDAP provider and its mappers, per version
// (reference §3.3 and §5), so that `kcldap check` finds a payload Keycloak would reject before any write.
// Pure. Reports every problem, not only the first one Keycloak would name.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/federation.hpp"
#include "keycloak/version.hpp"

namespace kcldap::keycloak {

struct ValidationProblem {
  std::string component;  // "provider" or the mapper's name
  std::string key;        // the config key at fault
  std::string message;    // Keycloak's own message (what its 400 would say)
};

using ConfigMap = std::map<std::string, std::string>;  // first value of each key

std::vector<ValidationProblem> validate_provider_config(const ConfigMap& config, const Version& version);
std::vector<ValidationProblem> validate_mapper_config(const std::string& name, const std::string& provider_id,
                                                      const ConfigMap& config, const ConfigMap& parent_config);

// The first value of each config key of a stored component (empty map for nullopt).
ConfigMap first_values(const std::optional<Component>& component);

// The provider as it will be stored after apply (stored keys merged with the spec's) and every mapper.
std::vector<ValidationProblem> validate_federation(const FederationSpec& spec, const Version& version, const ConfigMap& stored_provider);

}  // namespace kcldap::keycloak
