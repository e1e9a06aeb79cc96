// The realm endpoints the post-checks and preflight call besides components: Keycloak's own LDAP tests,
// the full sync of a user-storage provider, and user look-ups. The one place their REST paths live.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"

namespace kcldap::keycloak {

// POST /testLDAPConnection for a stored LDAP provider ("testConnection" or "testAuthentication"), with
// its stored settings and its stored bind password (componentId + the masked secret).
Expected<Done, ApiError> test_ldap_provider(AdminClient& client, const Component& provider, const std::string& action);

// POST /user-storage/{id}/sync?action=triggerFullSync: Keycloak's SynchronizationResult (JSON object;
// nullopt-like error when the answer is not JSON).
Expected<nlohmann::json, ApiError> trigger_full_sync(AdminClient& client, const std::string& provider_id);

// The users whose username is exactly `username`, in their full representation.
Expected<nlohmann::json, ApiError> find_users_by_username(AdminClient& client, const std::string& username);

// One page of the realm's users (brief representation), from `first`, at most `max`.
Expected<nlohmann::json, ApiError> list_users_page(AdminClient& client, int first, int max);

}  // namespace kcldap::keycloak
