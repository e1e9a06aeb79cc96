// Keycloak emulator (test-only): the LDAP filter Keycloak's LDAP provider searches with, written from
// Keycloak's documented behaviour and independent of kcldap's own ldap::effective_user_filter, so that
// a mistake there cannot hide in both.
#pragma once
#include <string>
#include <vector>

namespace kcldap::emulator {

// Keycloak ANDs one (objectclass=X) condition per configured object class, the custom filter (already
// validated to start with "(" and end with ")") and the query's own conditions.
std::string keycloak_search_filter(const std::vector<std::string>& object_classes, const std::string& custom_filter,
                                   const std::string& conditions);

}  // namespace kcldap::emulator
