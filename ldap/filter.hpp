// LDAP search filters: a syntax check with the position of the first problem, and the user filter that
// Keycloak builds from userObjectClasses and customUserSearchFilter.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kcldap::ldap {

// Checks an RFC 4515 filter string: one parenthesised filter, balanced, every item has an operator.
// Returns nullopt when valid, or a sentence naming the problem and the character position.
std::optional<std::string> check_filter_syntax(std::string_view filter);

// The filter Keycloak uses to find users: "(&" + custom + "(objectclass=oc1)(objectclass=oc2)..." + ")",
// with (objectclass=*) when no class is given. Custom filter first, as Keycloak appends it first.
std::string effective_user_filter(const std::vector<std::string>& object_classes, std::string_view custom_filter);

}  // namespace kcldap::ldap
