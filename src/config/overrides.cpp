#include "src/config/overrides.hpp"

#include "ldap/dn.hpp"
#include "ldap/url.hpp"

namespace kcldap::config {
namespace {

SourceLocation flag(const std::string& name) { return SourceLocation{"", 0, 0, name}; }

}  // namespace

std::vector<ConfigError> apply_overrides(Config& config, const LdapOverrides& overrides) {
  std::vector<ConfigError> errors;
  if (!overrides.urls.empty()) {
    for (const auto& url : overrides.urls) {
      std::string problem;
      if (!ldap::parse_ldap_url(url, &problem)) {
        errors.push_back({flag("--ldap-url"), "", "\"" + url + "\" is not a valid LDAP URL: " + problem});
      }
    }
    config.ldap.urls = overrides.urls;
    config.locations["ldap.url"] = flag("--ldap-url");
  }
  const auto set_dn = [&](const std::optional<std::string>& value, std::string& target, const std::string& key,
                          const std::string& flag_name) {
    if (!value) return;
    ldap::DnParseError problem{};
    if (!value->empty() && (!ldap::parse_dn(*value, &problem) || value->find('=') == std::string::npos)) {
      errors.push_back({flag(flag_name), "", "\"" + *value + "\" is not a valid DN" +
                                                 (problem.message.empty() ? "" : ": " + problem.message)});
    }
    target = *value;
    config.locations[key] = flag(flag_name);
  };
  if (overrides.bind_dn) {
    if (auto problem = overrides.bind_dn->empty() ? std::nullopt : ldap::bind_identity_problem(*overrides.bind_dn)) {
      errors.push_back({flag("--bind-dn"), "", *problem});
    }
    config.ldap.bind_dn = *overrides.bind_dn;
    config.locations["ldap.bind_dn"] = flag("--bind-dn");
  }
  set_dn(overrides.users_dn, config.ldap.users_dn, "ldap.users_dn", "--users-dn");
  if (overrides.bind_password_env && overrides.bind_password_file) {
    errors.push_back({flag("--bind-password-env"), "", "give --bind-password-env or --bind-password-file, not both"});
  } else if (overrides.bind_password_env) {
    config.ldap.bind_password = SecretRef{"${env:" + *overrides.bind_password_env + "}", "bind password",
                                          flag("--bind-password-env")};
    config.locations["ldap.bind_password"] = flag("--bind-password-env");
  } else if (overrides.bind_password_file) {
    config.ldap.bind_password = SecretRef{"${file:" + *overrides.bind_password_file + "}", "bind password",
                                          flag("--bind-password-file")};
    config.locations["ldap.bind_password"] = flag("--bind-password-file");
  }
  if (overrides.ca_file) {
    config.ldap.ca_file = *overrides.ca_file;
    config.locations["ldap.ca_file"] = flag("--ca-file");
  }
  if (overrides.start_tls) {
    config.ldap.start_tls = true;
    config.locations["ldap.start_tls"] = flag("--start-tls");
  }
  if (overrides.insecure_skip_tls_verify) {
    config.ldap.tls_verify = false;
    config.locations["ldap.tls_verify"] = flag("--insecure-skip-tls-verify");
  }
  if (overrides.sample_size) {
    if (*overrides.sample_size < 1 || *overrides.sample_size > 100000) {
      errors.push_back({flag("--sample-size"), "", "must be from 1 to 100000"});
    }
    config.ldap.sample_size = *overrides.sample_size;
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
  const auto set = [&](const std::optional<std::string>& value, std::string& target, const std::string& key, const std::string& name) {
    if (!value) return;
    target = *value;
    config.locations[key] = flag(name);
  };
  if (overrides.url && overrides.url->rfind("http://", 0) != 0 && overrides.url->rfind("https://", 0) != 0) {
    errors.push_back({flag("--keycloak-url"), "", "\"" + *overrides.url + "\" is not an http:// or https:// URL"});
  }
  set(overrides.url, config.keycloak.url, "keycloak.url", "--keycloak-url");
  set(overrides.realm, config.keycloak.realm, "keycloak.realm", "--realm");
  set(overrides.auth_realm, config.keycloak.auth_realm, "keycloak.auth_realm", "--auth-realm");
  set(overrides.client_id, config.keycloak.client_id, "keycloak.client_id", "--client-id");
  set(overrides.username, config.keycloak.username, "keycloak.username", "--username");
  if (overrides.client_secret_env) {
    config.keycloak.client_secret = SecretRef{"${env:" + *overrides.client_secret_env + "}", "client secret", flag("--client-secret-env")};
    config.locations["keycloak.client_secret"] = flag("--client-secret-env");
  }
  if (overrides.password_env) {
    config.keycloak.password = SecretRef{"${env:" + *overrides.password_env + "}", "Keycloak password", flag("--password-env")};
    config.locations["keycloak.password"] = flag("--password-env");
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
