// kcldap's mapper types ([[mappers]] type = "group", ...) as one table: each type's Keycloak LDAP mapper
// provider, and for each of its keys the Keycloak config name, the kind of value, the allowed values and
// whether it is required. The config loader validates [[mappers]] from it, the payloads are translated
// with it, and reading a mapper back from Keycloak (Keycloak key -> kcldap key) uses it too.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/federation.hpp"

namespace kcldap::keycloak {

// What a mapper key holds, so the config can check it (a DN, an attribute name, a filter, ...).
enum class MapperValue { text, boolean, dn, attribute, attribute_list, filter };

struct MapperKey {
  std::string key;           // kcldap's name in [[mappers]]
  std::string keycloak_key;  // the mapper component's config key
  MapperValue value = MapperValue::text;
  std::vector<std::string> choices;  // empty: any value
  bool required = false;
};

struct MapperType {
  std::string type;         // kcldap's name
  std::string provider_id;  // Keycloak's mapper provider
  std::vector<MapperKey> keys;

  const MapperKey* find_key(const std::string& key) const;
  const MapperKey* find_keycloak_key(const std::string& keycloak_key) const;
};

const std::vector<MapperType>& mapper_types();
const MapperType* find_mapper_type(const std::string& type);
const MapperType* find_mapper_type_by_provider(const std::string& provider_id);

// Translates one [[mappers]] entry; nullopt (with `error`) for an unknown type or key.
std::optional<MapperSpec> translate_mapper(const std::string& name, const std::string& type,
                                           const std::map<std::string, std::string>& options, std::string* error);

std::string mapper_provider_id(const std::string& type);

// The value Keycloak uses at run time for a mapper key it does not store (read in Keycloak 26's group
// mapper config: membership attribute "member", type "DN", memberOf attribute "memberOf", group name "cn",
// object class "group" on Active Directory and "groupOfNames" elsewhere, retrieval by member attribute);
// nullopt when kcldap relies on none for that key.
std::optional<std::string> mapper_runtime_default(const std::string& provider_id, const std::string& keycloak_key, bool active_directory);

// Whether two values of a mapper key mean the same to Keycloak: a list of names (object classes, mapped
// attributes) is a set of comma-separated, trimmed items; anything else compares as text.
bool same_mapper_value(const std::string& provider_id, const std::string& keycloak_key, const std::string& a, const std::string& b);

// The items of a comma-separated list of names, trimmed, empty ones left out, sorted and unique.
std::vector<std::string> name_set(const std::string& text);

}  // namespace kcldap::keycloak
