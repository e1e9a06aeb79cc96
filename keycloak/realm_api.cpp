#include "keycloak/realm_api.hpp"

#include "keycloak/federation.hpp"
#include "keycloak/http.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

Expected<Done, ApiError> test_ldap_provider(AdminClient& client, const Component& provider, const std::string& action) {
  const std::string auth_type = provider.value("authType");
  const json body = {{"action", action},
                     {"connectionUrl", provider.value("connectionUrl")},
                     {"bindDn", provider.value("bindDn")},
                     {"bindCredential", kSecretMask},  // with componentId: Keycloak uses the stored secret
                     {"useTruststoreSpi", provider.value("useTruststoreSpi")},
                     {"connectionTimeout", provider.value("connectionTimeout")},
                     {"startTls", provider.value("startTls")},
                     {"authType", auth_type.empty() ? "simple" : auth_type},
                     {"componentId", provider.id}};
  auto answer = client.call("POST", "/testLDAPConnection", "run Keycloak's " + action, body);
  if (!answer) return unexpected(answer.error());
  return Done{};
}

Expected<json, ApiError> trigger_full_sync(AdminClient& client, const std::string& provider_id) {
  const std::string what = "run a full sync of the LDAP provider";
  const std::string path = "/user-storage/" + url_escape(provider_id) + "/sync?action=triggerFullSync";
  auto answer = client.call("POST", path, what);
  if (!answer) return unexpected(answer.error());
  json result = json::parse(answer->body, nullptr, false);
  if (!result.is_object()) {
    return unexpected(ApiError{what, "POST", path, answer->status, "", "Keycloak's sync answer is not JSON", "look at the Keycloak server log"});
  }
  return result;
}

Expected<json, ApiError> find_users_by_username(AdminClient& client, const std::string& username) {
  return client.get_json("/users?username=" + url_escape(username) + "&exact=true&briefRepresentation=false", "look up user " + username);
}

Expected<json, ApiError> list_users_page(AdminClient& client, int first, int max) {
  return client.get_json("/users?briefRepresentation=true&first=" + std::to_string(first) + "&max=" + std::to_string(max),
                         "list the realm's users");
}

}  // namespace kcldap::keycloak
