#include "keycloak/components_api.hpp"

#include "keycloak/federation.hpp"
#include "keycloak/http.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

std::string component_path(const std::string& id) { return "/components/" + url_escape(id); }

}  // namespace

Expected<std::string, ApiError> create_component(AdminClient& client, const json& representation, const std::string& what) {
  auto created = client.call("POST", "/components", what, representation);
  if (!created) return unexpected(created.error());
  const std::string location = created->header("location");
  return location.substr(location.rfind('/') + 1);
}

Expected<json, ApiError> get_component(AdminClient& client, const std::string& id, const std::string& what) {
  return client.get_json(component_path(id), what);
}

Expected<json, ApiError> child_components(AdminClient& client, const std::string& parent_id, const std::string& type, const std::string& what) {
  return client.get_json("/components?parent=" + url_escape(parent_id) + "&type=" + url_escape(type), what);
}

Expected<Done, ApiError> update_component(AdminClient& client, const json& stored, const json& config_changes, const std::string& what,
                                          const std::optional<json>& name) {
  json payload = component_update_payload(stored, config_changes);
  if (name) payload["name"] = *name;
  auto updated = client.call("PUT", component_path(stored.value("id", "")), what, payload);
  if (!updated) return unexpected(updated.error());
  return Done{};
}

Expected<Done, ApiError> delete_component(AdminClient& client, const std::string& id, const std::string& what) {
  auto removed = client.call("DELETE", component_path(id), what);
  if (!removed) return unexpected(removed.error());
  return Done{};
}

}  // namespace kcldap::keycloak
