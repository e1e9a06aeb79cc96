// Lists the users a federation would see, as values: one pass over the users DN with the effective filter,
// reading only the attributes asked for, streamed to a callback (memory stays flat however large the
// directory is). Used by the simulated sync and to pick the post-check sample users.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "ldap/connection.hpp"
#include "ldap/probe.hpp"

namespace kcldap::ldap {

struct ListedUser {
  std::string dn;
  std::map<std::string, std::string> values;  // lowercased attribute name -> first value (text)
  std::string value(const std::string& attribute) const;
};

struct UserQuery {
  std::string base;
  Scope scope = Scope::subtree;
  std::string filter;
  std::vector<std::string> attributes;
};

// Reconnects as the probe did (the URL that answered, TLS settings, bind identity) and streams every
// matching user to `each`; returning false stops early. The outcome says whether the listing was complete.
Expected<SearchOutcome, LdapFailure> list_users(const ProbeOptions& options, const std::string& url, const UserQuery& query,
                                                const std::function<bool(const ListedUser&)>& each);

// The query the probe used for the users (base, scope, Keycloak-style filter).
UserQuery users_query(const ProbeReport& probe, std::vector<std::string> attributes);

}  // namespace kcldap::ldap
