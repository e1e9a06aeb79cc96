#include "keycloak/federation_store.hpp"

#include "keycloak/components_api.hpp"
#include "keycloak/federation.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

Expected<json, ApiError> list_storage_providers(AdminClient& client) {
  return client.get_json(std::string("/components?type=") + url_escape(kStorageProviderType), "list the user-storage providers");
}

Expected<StoredFederation, ApiError> read_federation(AdminClient& client, const std::string& name) {
  const std::string query = std::string("/components?type=") + url_escape(kStorageProviderType) + "&name=" + url_escape(name);
  auto found = client.get_json(query, "look up the LDAP provider \"" + name + "\"");
  if (!found) return unexpected(found.error());
  json ldap_providers = json::array();
  for (const auto& component : *found) {
    if (component.value("providerId", "") == "ldap") ldap_providers.push_back(component);
  }
  if (ldap_providers.size() > 1) {
    return unexpected(ApiError{"look up the LDAP provider \"" + name + "\"", "GET", "/components", 200, "",
                               std::to_string(ldap_providers.size()) + " LDAP providers share the name \"" + name + "\"",
                               "give [federation] name a unique value, or rename one of them in Keycloak"});
  }
  StoredFederation stored;
  if (ldap_providers.empty()) return stored;
  stored.provider = ldap_providers[0];
  auto children = child_components(client, (*stored.provider)["id"].get<std::string>(), kMapperType, "read the mappers of \"" + name + "\"");
  if (!children) return unexpected(children.error());
  stored.mappers = *children;
  return stored;
}

}  // namespace kcldap::keycloak
