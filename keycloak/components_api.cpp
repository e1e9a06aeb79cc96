#include "keycloak/components_api.hpp"

#include "keycloak/http.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

std::string component_path(const std::string& id) { return "/components/" + url_escape(id); }

ApiError not_components(const std::string& what, const std::string& path, const std::string& why) {
  return ApiError{what, "GET", path, 200, "", "Keycloak's answer is not what its components API returns: " + why,
                  "check that [keycloak] url points at Keycloak itself (not a proxy page), and look at the Keycloak server log"};
}

Expected<std::vector<Component>, ApiError> get_components(AdminClient& client, const std::string& path, const std::string& what) {
  auto answer = client.get_json(path, what);
  if (!answer) return unexpected(answer.error());
  auto components = components_from_json(*answer);
  if (!components) return unexpected(not_components(what, path, components.error()));
  return std::move(*components);
}

}  // namespace

Expected<std::string, ApiError> create_component(AdminClient& client, const Component& component, const std::string& what) {
  auto created = client.call("POST", "/components", what, component_to_json(component));
  if (!created) return unexpected(created.error());
  const std::string location = created->header("location");
  return location.substr(location.rfind('/') + 1);
}

Expected<Component, ApiError> get_component(AdminClient& client, const std::string& id, const std::string& what) {
  auto answer = client.get_json(component_path(id), what);
  if (!answer) return unexpected(answer.error());
  auto component = component_from_json(*answer);
  if (!component) return unexpected(not_components(what, component_path(id), component.error()));
  return std::move(*component);
}

Expected<std::vector<Component>, ApiError> list_components(AdminClient& client, const std::string& type,
                                                           const std::optional<std::string>& name, const std::string& what) {
  return get_components(client, "/components?type=" + url_escape(type) + (name ? "&name=" + url_escape(*name) : ""), what);
}

Expected<std::vector<Component>, ApiError> child_components(AdminClient& client, const std::string& parent_id, const std::string& type,
                                                            const std::string& what) {
  return get_components(client, "/components?parent=" + url_escape(parent_id) + "&type=" + url_escape(type), what);
}

Expected<Done, ApiError> update_component(AdminClient& client, const Component& stored, const ComponentConfig& changes,
                                          const std::string& what, const std::optional<std::string>& name) {
  Component payload = component_update_payload(stored, changes);
  if (name) payload.name = *name;
  auto updated = client.call("PUT", component_path(stored.id), what, component_to_json(payload));
  if (!updated) return unexpected(updated.error());
  return Done{};
}

Expected<Done, ApiError> delete_component(AdminClient& client, const std::string& id, const std::string& what) {
  auto removed = client.call("DELETE", component_path(id), what);
  if (!removed) return unexpected(removed.error());
  return Done{};
}

}  // namespace kcldap::keycloak
