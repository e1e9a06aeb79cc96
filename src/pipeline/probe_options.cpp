#include "src/pipeline/probe_options.hpp"

#include "src/config/schema.hpp"
#include "src/config/secret.hpp"

namespace kcldap::pipeline {

Expected<ldap::ProbeOptions, std::string> make_probe_options(const config::Config& config) {
  const config::LdapSettings& settings = config.ldap;
  ldap::ProbeOptions options;
  if (settings.urls.empty()) {
    return unexpected("no LDAP server given: " + config::where_to_set(config, "ldap", "url", "--ldap-url ldaps://host:636"));
  }
  for (const auto& text : settings.urls) {
    std::string problem;
    auto url = ldap::parse_ldap_url(text, &problem);
    if (!url) return unexpected("\"" + text + "\" is not a valid LDAP URL: " + problem);
    options.urls.push_back(*url);
  }
  options.start_tls = settings.start_tls;
  options.tls_verify = settings.tls_verify;
  options.ca_file = settings.ca_file;
  options.bind_dn = settings.bind_dn;
  if (!settings.bind_dn.empty()) {
    if (!settings.bind_password.present()) {
      return unexpected("bind_dn is " + settings.bind_dn +
                        " but no password is given: set [ldap] bind_password = \"${env:NAME}\", or pass "
                        "--bind-password-env NAME or --bind-password-file PATH");
    }
    auto secret = config::resolve_secret(settings.bind_password);
    if (!secret) return unexpected(secret.error());
    if (secret->empty()) {
      return unexpected(settings.bind_password.where.to_string() + ": the bind password is empty");
    }
    options.bind_password = secret->reveal();
  }
  options.users_dn = settings.users_dn;
  if (settings.search_scope == "one") options.search_scope = ldap::Scope::one_level;
  if (settings.search_scope == "subtree") options.search_scope = ldap::Scope::subtree;
  options.user_filter = settings.user_filter;
  options.user_object_classes = settings.user_object_classes;
  options.vendor = settings.vendor;
  options.attributes = {settings.username_attribute, settings.rdn_attribute,        settings.uuid_attribute,
                        settings.email_attribute,    settings.first_name_attribute, settings.last_name_attribute};
  options.groups_dn = settings.groups_dn == "auto" ? "" : settings.groups_dn;
  options.required_groups = settings.required_groups;
  // 0 leaves Keycloak's timeout unset; kcldap's own directory operations keep their default limit.
  options.connect_timeout_ms = settings.connect_timeout_ms == 0 ? ldap::kDefaultConnectTimeoutMs : settings.connect_timeout_ms;
  options.read_timeout_ms = settings.read_timeout_ms == 0 ? ldap::kDefaultReadTimeoutMs : settings.read_timeout_ms;
  options.max_value_bytes = static_cast<std::size_t>(settings.max_value_bytes);
  options.sample_size = settings.sample_size;
  return options;
}

}  // namespace kcldap::pipeline
