#include "ldap/entry.hpp"

namespace kcldap::ldap {

const std::vector<std::string>* Entry::values(std::string_view name) const {
  for (const auto& [attribute, attribute_values] : attributes) {
    if (iequals(attribute, name)) return &attribute_values;
  }
  return nullptr;
}

}  // namespace kcldap::ldap
