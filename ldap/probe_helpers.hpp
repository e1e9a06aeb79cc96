// Internal to the probe: small helpers its stages share. Not part of the API.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ldap/connection.hpp"
#include "ldap/dn.hpp"

namespace kcldap::ldap::detail {

inline std::vector<std::string> values_of(const Entry& entry, std::string_view attribute) {
  const auto* values = entry.values(attribute);
  return values != nullptr ? *values : std::vector<std::string>{};
}

inline std::string scope_name(Scope scope) { return scope == Scope::one_level ? "one" : scope == Scope::base ? "base" : "subtree"; }

inline bool is_system_context(const std::string& dn) {
  const std::string lower = normalize_dn(dn);
  return lower == "cn=config" || lower == "cn=schema" || lower == "cn=monitor" || lower == "o=ipaca" ||
         lower.rfind("cn=configuration,", 0) == 0 || lower.rfind("cn=schema,cn=configuration,", 0) == 0 ||
         lower.rfind("dc=domaindnszones,", 0) == 0 || lower.rfind("dc=forestdnszones,", 0) == 0 ||
         lower == "o=netscaperoot" || lower == "cn=changelog";
}

}  // namespace kcldap::ldap::detail
