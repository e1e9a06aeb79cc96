// The post-checks of the stored provider itself: what Keycloak stored against the plan, Keycloak's own
// connection and authentication tests of it, and a full sync. Each returns a Check without id, group or
// title (the runner sets them).
#pragma once
#include <string>

#include "checks/check.hpp"
#include "checks/post_checks.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"
#include "keycloak/federation_store.hpp"

namespace kcldap::checks {

// Plans again against what Keycloak stored: any remaining change is a difference.
Check stored_check(const keycloak::StoredFederation& stored, const keycloak::FederationSpec& spec, const keycloak::Version& version);

// Keycloak's testConnection or testAuthentication `action` against the stored provider.
Check ldap_test(keycloak::AdminClient& client, const keycloak::Component& provider, const std::string& action, const PostCheckSettings& settings);

Check sync_check(keycloak::AdminClient& client, const std::string& provider_id, const PostCheckSettings& settings);

}  // namespace kcldap::checks
