#include "src/pipeline/planning.hpp"

#include "src/config/secret.hpp"
#include "src/pipeline/federation_spec.hpp"
#include "src/pipeline/probe_options.hpp"

namespace kcldap::pipeline {

using nlohmann::json;

Expected<keycloak::ClientSettings, PipelineError> make_client_settings(const config::Config& config) {
  const config::KeycloakSettings& k = config.keycloak;
  if (k.url.empty()) return unexpected(PipelineError{2, "no Keycloak URL: set [keycloak] url or pass --keycloak-url"});
  if (k.realm.empty()) return unexpected(PipelineError{2, "no realm: set [keycloak] realm or pass --realm"});
  keycloak::ClientSettings settings;
  settings.url = k.url;
  settings.realm = k.realm;
  settings.auth_realm = k.auth_realm;
  settings.ca_file = k.ca_file;
  settings.tls_verify = k.tls_verify;
  settings.configured_version = k.version;
  settings.timeout_ms = k.timeout_ms;
  if (!k.client_id.empty()) {
    if (!k.client_secret.present()) {
      return unexpected(PipelineError{2, "[keycloak] client_id is set but client_secret is not (use \"${env:NAME}\" or --client-secret-env)"});
    }
    auto secret = config::resolve_secret(k.client_secret);
    if (!secret) return unexpected(PipelineError{2, secret.error()});
    settings.client_id = k.client_id;
    settings.client_secret = secret->reveal();
  } else if (!k.username.empty()) {
    if (!k.password.present()) {
      return unexpected(PipelineError{2, "[keycloak] username is set but password is not (use \"${env:NAME}\" or --password-env)"});
    }
    auto secret = config::resolve_secret(k.password);
    if (!secret) return unexpected(PipelineError{2, secret.error()});
    settings.username = k.username;
    settings.password = secret->reveal();
  } else {
    return unexpected(PipelineError{2, "no Keycloak identity: set [keycloak] client_id + client_secret (a service account) or username + password"});
  }
  return settings;
}

Expected<Done, keycloak::ApiError> read_current(keycloak::AdminClient& client, const std::string& name,
                                                std::optional<json>& provider, json& mappers) {
  const std::string query = std::string("/components?type=") + keycloak::url_escape(keycloak::kStorageProviderType) +
                            "&name=" + keycloak::url_escape(name);
  auto found = client.get_json(query, "look up the LDAP provider \"" + name + "\"");
  if (!found) return unexpected(found.error());
  json ldap_providers = json::array();
  for (const auto& component : *found) {
    if (component.value("providerId", "") == "ldap") ldap_providers.push_back(component);
  }
  if (ldap_providers.size() > 1) {
    return unexpected(keycloak::ApiError{"look up the LDAP provider \"" + name + "\"", "GET", "/components", 200, "",
                                         std::to_string(ldap_providers.size()) + " LDAP providers share the name \"" + name + "\"",
                                         "give [federation] name a unique value, or rename one of them in Keycloak"});
  }
  provider.reset();
  mappers = json::array();
  if (ldap_providers.empty()) return Done{};
  provider = ldap_providers[0];
  auto children = client.get_json("/components?parent=" + keycloak::url_escape((*provider)["id"].get<std::string>()) +
                                      "&type=" + keycloak::url_escape(keycloak::kMapperType),
                                  "read the mappers of \"" + name + "\"");
  if (!children) return unexpected(children.error());
  mappers = *children;
  return Done{};
}

Expected<Planned, PipelineError> plan_federation(const config::Config& config, keycloak::AdminClient& client,
                                                 bool rotate_bind_credential) {
  Planned planned;
  auto options = make_probe_options(config);
  if (!options) return unexpected(PipelineError{2, options.error()});
  planned.probe = ldap::run_probe(*options);
  if (planned.probe.failed()) {
    std::string failures;
    for (const auto& stage : planned.probe.stages) {
      if (stage.status == ldap::Status::fail) failures += "\n  " + stage.id + ": " + stage.message + (stage.remedy.empty() ? "" : " -> " + stage.remedy);
    }
    return unexpected(PipelineError{1, "the directory probe failed; nothing was planned:" + failures});
  }
  planned.facts = client.facts();
  if (auto read = read_current(client, config.federation.name, planned.current_provider, planned.current_mappers); !read) {
    return unexpected(PipelineError{1, read.error().to_string()});
  }
  std::optional<std::string> secret;
  if (!options->bind_dn.empty()) secret = options->bind_password;
  auto spec = build_federation_spec(SpecInputs{config, planned.probe, secret, rotate_bind_credential});
  if (!spec) return unexpected(PipelineError{2, spec.error()});
  planned.spec = std::move(*spec);
  planned.plan = keycloak::make_plan(planned.spec, planned.facts.version, planned.current_provider, planned.current_mappers);
  if (config.federation.preset == "runai" && config.restart.command.empty()) {
    planned.plan.notes.push_back(
        "preset runai: restart the platform backend after apply, e.g. [restart] command = [\"kubectl\", \"rollout\", "
        "\"restart\", \"deployment/runai-backend-deployment\", \"-n\", \"runai-backend\"]");
  }
  return planned;
}

}  // namespace kcldap::pipeline
