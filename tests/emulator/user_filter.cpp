// Keycloak emulator (test-only): Keycloak's LDAP search filter (see user_filter.hpp).
#include "emulator/user_filter.hpp"

namespace kcldap::emulator {

std::string keycloak_search_filter(const std::vector<std::string>& object_classes, const std::string& custom_filter,
                                   const std::string& conditions) {
  std::string parts;
  for (const auto& object_class : object_classes) parts += "(objectclass=" + object_class + ")";
  // The custom filter is used as typed, surrounding spaces aside (Keycloak trims the setting).
  const auto begin = custom_filter.find_first_not_of(' ');
  if (begin != std::string::npos) parts += custom_filter.substr(begin, custom_filter.find_last_not_of(' ') - begin + 1);
  parts += conditions;
  if (parts.empty()) return "(objectclass=*)";
  return "(&" + parts + ")";
}

}  // namespace kcldap::emulator
