#include "keycloak/federation_store.hpp"

#include "keycloak/components_api.hpp"
#include "keycloak/federation.hpp"

namespace kcldap::keycloak {

Expected<std::vector<Component>, ApiError> list_storage_providers(AdminClient& client) {
  return list_components(client, kStorageProviderType, std::nullopt, "list the user-storage providers");
}

Expected<StoredFederation, ApiError> read_federation(AdminClient& client, const std::string& name) {
  auto found = list_components(client, kStorageProviderType, name, "look up the LDAP provider \"" + name + "\"");
  if (!found) return unexpected(found.error());
  std::vector<Component> ldap_providers;
  for (auto& component : *found) {
    if (component.provider_id == "ldap") ldap_providers.push_back(std::move(component));
  }
  if (ldap_providers.size() > 1) {
    return unexpected(ApiError{"look up the LDAP provider \"" + name + "\"", "GET", "/components", 200, "",
                               std::to_string(ldap_providers.size()) + " LDAP providers share the name \"" + name + "\"",
                               "give [federation] name a unique value, or rename one of them in Keycloak"});
  }
  StoredFederation stored;
  if (ldap_providers.empty()) return stored;
  stored.provider = std::move(ldap_providers.front());
  auto children = child_components(client, stored.provider->id, kMapperType, "read the mappers of \"" + name + "\"");
  if (!children) return unexpected(children.error());
  stored.mappers = std::move(*children);
  return stored;
}

}  // namespace kcldap::keycloak
