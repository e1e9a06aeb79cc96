// The components endpoints of the client's realm (LDAP providers and their mappers): the one place their
// REST paths and request bodies are written. Values are Keycloak's JSON representations. An update is
// always the whole stored representation with the changed keys (keycloak::component_update_payload):
// real Keycloak answers a partial body with a 500.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"

namespace kcldap::keycloak {

// POST /components; the new component's id (from the Location header).
Expected<std::string, ApiError> create_component(AdminClient& client, const nlohmann::json& representation, const std::string& what);

Expected<nlohmann::json, ApiError> get_component(AdminClient& client, const std::string& id, const std::string& what);

// The children of `parent_id` of one provider type (e.g. kMapperType), as a JSON array.
Expected<nlohmann::json, ApiError> child_components(AdminClient& client, const std::string& parent_id, const std::string& type,
                                                    const std::string& what);

// PUT /components/{id} of `stored` with `config_changes` (key -> values; [] removes), and a new name if given.
Expected<Done, ApiError> update_component(AdminClient& client, const nlohmann::json& stored, const nlohmann::json& config_changes,
                                          const std::string& what, const std::optional<nlohmann::json>& name = std::nullopt);

Expected<Done, ApiError> delete_component(AdminClient& client, const std::string& id, const std::string& what);

}  // namespace kcldap::keycloak
