#include "src/config/overrides.hpp"

#include "src/config/secret.hpp"
#include "src/config/value_checks.hpp"

namespace kcldap::config {
namespace {

SourceLocation flag(const std::string& name) { return SourceLocation{"", 0, 0, name}; }

// A flag's value goes through the same checks and the same assignment as the file's (value_checks).
class FlagSetter {
 public:
  FlagSetter(Config& config, std::vector<ConfigError>& errors) : config_(config), errors_(errors) {}

  void operator()(const std::string& section, const std::string& key, const Value& value, const std::string& flag_name) {
    const KeySpec* spec = find_key(section, key);
    if (auto problem = set_key(config_, *spec, value, flag(flag_name))) errors_.push_back(*problem);
  }
  void operator()(const std::string& section, const std::string& key, const std::optional<std::string>& value,
                  const std::string& flag_name) {
    if (value) (*this)(section, key, Value{*value}, flag_name);
  }

 private:
  Config& config_;
  std::vector<ConfigError>& errors_;
};

// A flag naming a variable or file that holds a secret is checked at once: unset, empty or unreadable is
// an error before any work starts (the value itself is resolved again, and only, when a command needs it).
void flag_secret(Config& config, std::vector<ConfigError>& errors, SecretRef& target, const std::string& dotted,
                 const std::string& reference, const std::string& label, const std::string& flag_name) {
  target = SecretRef{reference, label, flag(flag_name)};
  config.locations[dotted] = flag(flag_name);
  if (auto resolved = resolve_secret(target); !resolved) errors.push_back({flag(flag_name), "", resolved.error().substr(flag(flag_name).to_string().size() + 2)});
}

}  // namespace

std::vector<ConfigError> apply_overrides(Config& config, const LdapOverrides& overrides) {
  std::vector<ConfigError> errors;
  FlagSetter set(config, errors);
  if (!overrides.urls.empty()) set("ldap", "url", Value{overrides.urls}, "--ldap-url");
  set("ldap", "bind_dn", overrides.bind_dn, "--bind-dn");
  set("ldap", "users_dn", overrides.users_dn, "--users-dn");
  if (!overrides.required_groups.empty()) set("ldap", "required_groups", Value{overrides.required_groups}, "--required-group");
  set("ldap", "ca_file", overrides.ca_file, "--ca-file");
  if (overrides.start_tls) set("ldap", "start_tls", Value{true}, "--start-tls");
  if (overrides.insecure_skip_tls_verify) set("ldap", "tls_verify", Value{false}, "--insecure-skip-tls-verify");
  if (overrides.sample_size) set("ldap", "sample_size", Value{static_cast<long long>(*overrides.sample_size)}, "--sample-size");
  if (overrides.bind_password_env && overrides.bind_password_file) {
    errors.push_back({flag("--bind-password-env"), "", "give --bind-password-env or --bind-password-file, not both"});
  } else if (overrides.bind_password_env) {
    flag_secret(config, errors, config.ldap.bind_password, "ldap.bind_password", "${env:" + *overrides.bind_password_env + "}",
                "bind password", "--bind-password-env");
  } else if (overrides.bind_password_file) {
    flag_secret(config, errors, config.ldap.bind_password, "ldap.bind_password", "${file:" + *overrides.bind_password_file + "}",
                "bind password", "--bind-password-file");
  }
  if (config.is_set("ldap.bind_password") && config.ldap.bind_dn.empty()) {
    errors.push_back({config.locations["ldap.bind_password"], "", "a bind password is given but no bind DN; add --bind-dn or [ldap] bind_dn"});
  }
  if (config.ldap.start_tls) {
    for (const auto& url : config.ldap.urls) {
      if (url.rfind("ldaps://", 0) == 0) {
        errors.push_back({config.locations["ldap.start_tls"], "",
                          "StartTLS runs over ldap://, but " + url + " is already TLS; drop StartTLS or use ldap://"});
        break;
      }
    }
  }
  return errors;
}

std::vector<ConfigError> apply_overrides(Config& config, const KeycloakOverrides& overrides) {
  std::vector<ConfigError> errors;
  FlagSetter set(config, errors);
  set("keycloak", "url", overrides.url, "--keycloak-url");
  set("keycloak", "realm", overrides.realm, "--realm");
  set("keycloak", "auth_realm", overrides.auth_realm, "--auth-realm");
  set("keycloak", "client_id", overrides.client_id, "--client-id");
  set("keycloak", "username", overrides.username, "--username");
  if (overrides.client_secret_env) {
    flag_secret(config, errors, config.keycloak.client_secret, "keycloak.client_secret", "${env:" + *overrides.client_secret_env + "}",
                "client secret", "--client-secret-env");
  }
  if (overrides.password_env) {
    flag_secret(config, errors, config.keycloak.password, "keycloak.password", "${env:" + *overrides.password_env + "}",
                "Keycloak password", "--password-env");
  }
  if (overrides.client_id && overrides.username) {
    errors.push_back({flag("--client-id"), "", "give --client-id (a service account) or --username (an admin), not both"});
  } else if (overrides.client_id) {
    config.keycloak.username.clear();
  } else if (overrides.username) {
    config.keycloak.client_id.clear();
  }
  return errors;
}

}  // namespace kcldap::config
