// The components endpoints of the client's realm (LDAP providers and their mappers): the one place their
// REST paths are written. Takes and returns Component values; the JSON is converted here, at the edge.
// An update is always the whole stored representation with the changed keys
// (keycloak::component_update_payload): real Keycloak answers a partial body with a 500.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"

namespace kcldap::keycloak {

// POST /components; the new component's id (from the Location header).
Expected<std::string, ApiError> create_component(AdminClient& client, const Component& component, const std::string& what);

Expected<Component, ApiError> get_component(AdminClient& client, const std::string& id, const std::string& what);

// The realm's components of one provider type (e.g. kStorageProviderType), only those named `name` if given.
Expected<std::vector<Component>, ApiError> list_components(AdminClient& client, const std::string& type,
                                                           const std::optional<std::string>& name, const std::string& what);

// The children of `parent_id` of one provider type (e.g. kMapperType).
Expected<std::vector<Component>, ApiError> child_components(AdminClient& client, const std::string& parent_id, const std::string& type,
                                                            const std::string& what);

// PUT /components/{id} of `stored` with `changes` (key -> values; an empty list removes), and a new name if given.
Expected<Done, ApiError> update_component(AdminClient& client, const Component& stored, const ComponentConfig& changes,
                                          const std::string& what, const std::optional<std::string>& name = std::nullopt);

Expected<Done, ApiError> delete_component(AdminClient& client, const std::string& id, const std::string& what);

}  // namespace kcldap::keycloak
