// kcldap's mapper types ([[mappers]] type = "group", ...) as Keycloak LDAP mapper providers, with each
// kcldap key's Keycloak config name.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "keycloak/federation.hpp"

namespace kcldap::keycloak {

// Translates one [[mappers]] entry; nullopt (with `error`) for an unknown type or key.
std::optional<MapperSpec> translate_mapper(const std::string& name, const std::string& type,
                                           const std::map<std::string, std::string>& options, std::string* error);

std::string mapper_provider_id(const std::string& type);

}  // namespace kcldap::keycloak
