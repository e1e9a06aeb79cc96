// The post-check that looks sample directory users up through Keycloak: each is found, linked to the
// provider, has the fields its mappers fill (compared with the directory entry) and, on AD, the entry's
// id and disabled state. Returns a Check without id, group or title (the runner sets them).
#pragma once
#include <map>
#include <string>

#include "checks/check.hpp"
#include "checks/post_checks.hpp"
#include "keycloak/admin_client.hpp"

namespace kcldap::checks {

struct LookupContext {
  std::string uuid_attribute;            // the provider's uuidLDAPAttribute
  bool account_controls_mapper = false;  // an MSAD (or MSAD LDS) account controls mapper is stored
};

// `sources`: which LDAP attribute feeds each field in the mappers Keycloak stores.
Check lookup_check(keycloak::AdminClient& client, const std::string& provider_id, const PostCheckInputs& inputs,
                   const std::map<std::string, std::string>& sources, const LookupContext& context);

}  // namespace kcldap::checks
