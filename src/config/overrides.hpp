// Command-line flags that override the config file. Each overridden value is validated like the file's
// and remembers the flag it came from, so errors name the flag.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "src/config/config.hpp"

namespace kcldap::config {

struct LdapOverrides {
  std::vector<std::string> urls;
  std::optional<std::string> bind_dn;
  std::optional<std::string> bind_password_env;
  std::optional<std::string> bind_password_file;
  std::optional<std::string> users_dn;
  std::vector<std::string> required_groups;
  std::optional<std::string> ca_file;
  bool start_tls = false;
  bool insecure_skip_tls_verify = false;
  std::optional<int> sample_size;
};

struct KeycloakOverrides {
  std::optional<std::string> url;
  std::optional<std::string> realm;
  std::optional<std::string> auth_realm;
  std::optional<std::string> client_id;
  std::optional<std::string> client_secret_env;
  std::optional<std::string> username;
  std::optional<std::string> password_env;
};

std::vector<ConfigError> apply_overrides(Config& config, const LdapOverrides& overrides);
std::vector<ConfigError> apply_overrides(Config& config, const KeycloakOverrides& overrides);

}  // namespace kcldap::config
