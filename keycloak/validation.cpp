#include "keycloak/validation.hpp"

#include <cerrno>
#include <cstdlib>
#include <functional>

namespace kcldap::keycloak {

namespace {

std::string value_of(const ConfigMap& config, const std::string& key, const std::string& fallback = "") {
  auto found = config.find(key);
  return found == config.end() || found->second.empty() ? fallback : found->second;
}

bool is_long(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  (void)std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && end != nullptr && *end == '\0';
}

bool parenthesized(std::string filter) {
  const auto first = filter.find_first_not_of(" \t");
  if (first == std::string::npos) return false;
  filter = filter.substr(first, filter.find_last_not_of(" \t") - first + 1);
  return filter.front() == '(' && filter.back() == ')';
}

const char* const kFilterMessage = "Custom configured LDAP filter does not start with \"(\" or does not end with \")\".";

struct ProviderRule {
  Version since;
  std::string key;
  std::function<bool(const ConfigMap&)> violated;
  std::string message;
};

const std::vector<ProviderRule>& provider_rules() {
  static const std::vector<ProviderRule> rules = {
      // Before 16.0 a missing editMode meant READ_ONLY and was accepted.
      {{16, 0, 0}, "editMode", [](const ConfigMap& c) { return value_of(c, "editMode").empty(); }, "Edit Mode is mandatory"},
      {{12, 0, 0}, "editMode",
       [](const ConfigMap& c) {
         const std::string mode = value_of(c, "editMode");
         return !mode.empty() && mode != "READ_ONLY" && mode != "WRITABLE" && mode != "UNSYNCED";
       },
       "No enum constant org.keycloak.storage.UserStorageProvider.EditMode (Keycloak answers 400)"},
      {{12, 0, 0}, "customUserSearchFilter",
       [](const ConfigMap& c) { return !value_of(c, "customUserSearchFilter").empty() && !parenthesized(value_of(c, "customUserSearchFilter")); },
       kFilterMessage},
      {{12, 0, 0}, "connectionTimeout",
       [](const ConfigMap& c) { return !value_of(c, "connectionTimeout").empty() && !is_long(value_of(c, "connectionTimeout")); },
       "Connection Timeout must be a number"},
      {{12, 0, 0}, "readTimeout",
       [](const ConfigMap& c) { return !value_of(c, "readTimeout").empty() && !is_long(value_of(c, "readTimeout")); },
       "Read Timeout must be a number"},
      {{26, 1, 0}, "connectionPooling",
       [](const ConfigMap& c) { return value_of(c, "startTls") == "true" && value_of(c, "connectionPooling") == "true"; },
       "Can not enable both StartTLS and connection pooling."},
      {{16, 0, 0}, "validatePasswordPolicy",
       [](const ConfigMap& c) { return value_of(c, "validatePasswordPolicy") == "true" && value_of(c, "editMode") != "WRITABLE"; },
       "Validate Password Policy is applicable only with WRITABLE edit mode"},
      {{12, 0, 0}, "importEnabled",
       [](const ConfigMap& c) { return value_of(c, "editMode") == "UNSYNCED" && value_of(c, "importEnabled", "true") == "false"; },
       "Can not disable Importing users when LDAP provider mode is UNSYNCED"},
  };
  return rules;
}

}  // namespace

std::vector<ValidationProblem> validate_provider_config(const ConfigMap& config, const Version& version) {
  std::vector<ValidationProblem> problems;
  for (const auto& rule : provider_rules()) {
    if (version >= rule.since && rule.violated(config)) problems.push_back({"provider", rule.key, rule.message});
  }
  return problems;
}

std::vector<ValidationProblem> validate_mapper_config(const std::string& name, const std::string& provider_id,
                                                      const ConfigMap& config, const ConfigMap& parent_config) {
  std::vector<ValidationProblem> problems;
  const auto problem = [&](const std::string& key, const std::string& message) { problems.push_back({name, key, message}); };
  const auto require = [&](const std::string& key, const std::string& label) {
    if (value_of(config, key).empty()) problem(key, "Missing configuration for '" + label + "'");
  };
  const auto is_true = [&](const std::string& key, const std::string& fallback = "false") { return value_of(config, key, fallback) == "true"; };
  if (provider_id == "user-attribute-ldap-mapper" || provider_id == "certificate-ldap-mapper") {
    require("user.model.attribute", "User Model Attribute");
    require("ldap.attribute", "LDAP Attribute");
    if (is_true("is.binary.attribute") && !is_true("always.read.value.from.ldap")) {
      problem("is.binary.attribute", "With Binary attribute enabled, the ''Always read value from LDAP'' must be enabled too");
    }
    if (provider_id == "certificate-ldap-mapper" && is_true("is.der.formatted") && !is_true("is.binary.attribute")) {
      problem("is.der.formatted", "With DER formatted certificate enabled, the ''Is Binary Attribute'' option must be enabled too");
    }
  } else if (provider_id == "full-name-ldap-mapper") {
    if (is_true("write.only") && value_of(parent_config, "editMode") != "WRITABLE") {
      problem("write.only", "ldapErrorCantWriteOnlyForReadOnlyLdap (write-only needs a WRITABLE provider)");
    }
    if (is_true("write.only") && is_true("read.only")) problem("write.only", "ldapErrorCantWriteOnlyAndReadOnly");
  } else if (provider_id == "group-ldap-mapper" || provider_id == "role-ldap-mapper") {
    const bool groups = provider_id == "group-ldap-mapper";
    require(groups ? "groups.dn" : "roles.dn", groups ? "LDAP Groups DN" : "LDAP Roles DN");
    require("mode", "Mode");
    const std::string filter_key = groups ? "groups.ldap.filter" : "roles.ldap.filter";
    if (!value_of(config, filter_key).empty() && !parenthesized(value_of(config, filter_key))) problem(filter_key, kFilterMessage);
    if (groups && is_true("preserve.group.inheritance", "true") && value_of(config, "membership.attribute.type", "DN") == "UID") {
      problem("preserve.group.inheritance", "Not possible to preserve group inheritance and use UID membership type together.");
    }
    if (!groups && value_of(config, "use.realm.roles.mapping", "true") == "false" && value_of(config, "client.id").empty()) {
      problem("client.id", "Client ID needs to be provided in config when Realm Roles Mapping is not used");
    }
  } else if (provider_id == "hardcoded-ldap-role-mapper") {
    if (value_of(config, "role").empty()) problem("role", "Role can't be null");
  } else if (provider_id == "hardcoded-ldap-group-mapper") {
    if (value_of(config, "group").empty()) problem("group", "Group can't be null");
  } else if (provider_id == "hardcoded-attribute-mapper") {
    require("user.model.attribute", "User Model Attribute Name");
    require("attribute.value", "Attribute Value");
    const std::string attribute = value_of(config, "user.model.attribute");
    if (attribute == "username" || attribute == "email") {
      problem("user.model.attribute", "Attribute Name cannot be set to username or email");
    }
  } else if (provider_id == "hardcoded-ldap-attribute-mapper") {
    require("ldap.attribute.name", "LDAP Attribute Name");
    require("ldap.attribute.value", "LDAP Attribute Value");
  }
  return problems;
}

ConfigMap first_values(const std::optional<Component>& component) {
  ConfigMap out;
  if (!component) return out;
  for (const auto& [key, values] : component->config) {
    if (!values.empty()) out[key] = values.front();
  }
  return out;
}

std::vector<ValidationProblem> validate_federation(const FederationSpec& spec, const Version& version, const ConfigMap& stored_provider) {
  ConfigMap provider = stored_provider;
  for (const auto& [key, value] : known_config(spec, version)) provider[key] = value;
  std::vector<ValidationProblem> problems = validate_provider_config(provider, version);
  for (const auto& mapper : spec.mappers) {
    ConfigMap config = mapper.config;
    // An adopted default corrects a mapper Keycloak created, which already holds its model attribute.
    if (mapper.adopted_default && config.count("user.model.attribute") == 0) config["user.model.attribute"] = default_mapper_model(mapper.name);
    auto found = validate_mapper_config(mapper.name, mapper.provider_id, config, provider);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  return problems;
}

}  // namespace kcldap::keycloak
