// Whether the planned federation fits the directory the probe saw, in ways Keycloak's own validation
// cannot know: paging against Active Directory's 1000-entry page limit.
#pragma once
#include "checks/check.hpp"
#include "keycloak/federation.hpp"
#include "ldap/probe.hpp"

namespace kcldap::checks {

// federation.paging: fails when pagination is off but AD holds more users than one search returns.
Check paging_check(const keycloak::FederationSpec& spec, const ldap::ProbeReport& probe);

}  // namespace kcldap::checks
