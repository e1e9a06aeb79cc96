// The post-checks: after apply (or alone in `kcldap verify`), prove the federation works from Keycloak's
// own point of view: what it stored matches the plan, its own connection and authentication tests pass
// against the stored provider, a full sync imports without failures, sample users are found with their
// mapped attributes filled, and an optional test user can sign in. Bounded by a time budget.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/ldap_test_failure.hpp"  // explain_ldap_test_failure, for callers of the post-checks
#include "keycloak/admin_client.hpp"
#include "keycloak/federation.hpp"
#include "ldap/user_listing.hpp"

namespace kcldap::checks {

struct PostCheckSettings {
  int timeout_s = 120;         // [checks] timeout_s, for all post-checks together
  bool sync = true;            // [checks] sync
  std::string test_user;       // [checks] test_user ("" : no test login)
  std::string test_password;   // revealed; never reported
  bool directory_reached = false;  // kcldap's own probe connected and bound
  std::string directory_url;       // where it did
  std::optional<std::size_t> directory_users;  // how many users the probe counted
};

struct PostCheckInputs {
  const keycloak::FederationSpec& spec;
  std::vector<ldap::ListedUser> sample_users;          // picked from the directory, with all their attributes
  std::map<std::string, std::string> evidence;         // user field -> attribute the probe found users carry
  std::string sample_error;                            // why no sample users could be listed, if so
};

struct PostCheckOutcome {
  std::vector<Check> checks;
  std::string provider_id;  // of the stored provider, "" when it is missing
  bool passed() const;
};

PostCheckOutcome run_post_checks(keycloak::AdminClient& client, const PostCheckInputs& inputs, const PostCheckSettings& settings,
                                 const Observer& observer = {});

}  // namespace kcldap::checks
