// One directory entry as a plain value: its DN and attributes (values are raw bytes; binary attributes
// such as objectGUID keep their bytes).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.hpp"

namespace kcldap::ldap {

struct Entry {
  std::string dn;
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;

  // Values of an attribute, looked up case-insensitively; nullptr when the entry does not carry it.
  const std::vector<std::string>* values(std::string_view name) const;
  bool has(std::string_view name) const { return values(name) != nullptr; }
};


}  // namespace kcldap::ldap
