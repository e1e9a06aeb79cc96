// Test support: checks Terraform text against the keycloak/keycloak provider's documented arguments
// (fixtures/terraform/keycloak-provider-attributes.json, extracted from the provider's docs/resources/
// ldap_*.md): every argument written is documented for its resource, every required one is there (a
// nested block's only when the block is), and an enumerated value is one of the documented values.
#pragma once
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/hcl_outline.hpp"

namespace kcldap::test {

inline const nlohmann::json& terraform_documented() {
  static const nlohmann::json documented = [] {
    std::ifstream file(std::string(KCLDAP_SOURCE_DIR) + "/fixtures/terraform/keycloak-provider-attributes.json");
    return nlohmann::json::parse(file);
  }();
  return documented;
}

inline std::string hcl_unquoted(const std::string& value) {
  return value.size() >= 2 && value.front() == '"' && value.back() == '"' ? value.substr(1, value.size() - 2) : value;
}

// Problems found, each naming the resource and the argument; empty when the text agrees with the docs.
inline std::vector<std::string> terraform_doc_problems(const std::string& text) {
  std::vector<std::string> problems;
  const auto& resources = terraform_documented()["resources"];
  for (const auto& resource : hcl_resources(text)) {
    const std::string where = resource.type + "." + resource.label;
    if (!resources.contains(resource.type)) {
      problems.push_back(where + ": not a documented resource");
      continue;
    }
    const auto& arguments = resources[resource.type];
    std::set<std::string> blocks;
    for (const auto& [name, value] : resource.arguments) {
      if (name.find('.') != std::string::npos) blocks.insert(name.substr(0, name.find('.')));
      if (!arguments.contains(name)) {
        problems.push_back(where + ": " + name + " is not documented");
        continue;
      }
      const auto& values = arguments[name]["values"];
      if (!values.empty() && !(value == "true" || value == "false") &&
          std::find(values.begin(), values.end(), hcl_unquoted(value)) == values.end()) {
        problems.push_back(where + ": " + name + " = " + value + " is not one of the documented values");
      }
    }
    for (const auto& [name, argument] : arguments.items()) {
      const auto dot = name.find('.');
      if (!argument["required"].get<bool>() || (dot != std::string::npos && blocks.count(name.substr(0, dot)) == 0)) continue;
      if (resource.arguments.count(name) == 0) problems.push_back(where + ": the required " + name + " is missing");
    }
  }
  return problems;
}

}  // namespace kcldap::test
