#include "ldap/entry.hpp"

#include <cctype>

namespace kcldap::ldap {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

const std::vector<std::string>* Entry::values(std::string_view name) const {
  for (const auto& [attribute, attribute_values] : attributes) {
    if (iequals(attribute, name)) return &attribute_values;
  }
  return nullptr;
}

}  // namespace kcldap::ldap
