#include "src/pipeline/planning.hpp"

#include "keycloak/federation_store.hpp"
#include "src/config/schema.hpp"
#include "src/config/secret.hpp"
#include "src/pipeline/federation_spec.hpp"
#include "src/pipeline/probe_options.hpp"

namespace kcldap::pipeline {

Expected<keycloak::ClientSettings, PipelineError> client_settings_without_identity(const config::Config& config) {
  const config::KeycloakSettings& k = config.keycloak;
  if (k.url.empty()) return unexpected(PipelineError{2, "no Keycloak URL: " + config::where_to_set(config, "keycloak", "url", "--keycloak-url")});
  if (k.realm.empty()) return unexpected(PipelineError{2, "no realm: " + config::where_to_set(config, "keycloak", "realm", "--realm")});
  keycloak::ClientSettings settings;
  settings.url = k.url;
  settings.realm = k.realm;
  settings.auth_realm = k.auth_realm;
  settings.ca_file = k.ca_file;
  settings.tls_verify = k.tls_verify;
  settings.configured_version = k.version;
  settings.timeout_ms = k.timeout_ms;
  settings.max_response_bytes = static_cast<std::size_t>(k.max_response_bytes);
  return settings;
}

Expected<keycloak::ClientSettings, PipelineError> make_client_settings(const config::Config& config) {
  auto base = client_settings_without_identity(config);
  if (!base) return base;
  keycloak::ClientSettings settings = *base;
  const config::KeycloakSettings& k = config.keycloak;
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

Expected<Planned, PipelineError> plan_from_probe(const config::Config& config, keycloak::AdminClient& client,
                                                 const ldap::ProbeOptions& options, ldap::ProbeReport probe,
                                                 bool rotate_bind_credential) {
  Planned planned;
  planned.probe = std::move(probe);
  if (planned.probe.failed()) {
    std::string failures;
    for (const auto& stage : planned.probe.stages) {
      if (stage.status == kcldap::Status::fail) failures += "\n  " + stage.id + ": " + stage.message + (stage.remedy.empty() ? "" : " -> " + stage.remedy);
    }
    return unexpected(PipelineError{1, "the directory probe failed; nothing was planned:" + failures});
  }
  planned.facts = client.facts();
  auto stored = keycloak::read_federation(client, config.federation.name);
  if (!stored) return unexpected(PipelineError{1, stored.error().to_string()});
  planned.current_provider = std::move(stored->provider);
  planned.current_mappers = std::move(stored->mappers);
  std::optional<std::string> secret;
  if (!options.bind_dn.empty()) secret = options.bind_password;
  auto spec = build_federation_spec(SpecInputs{config, planned.probe, secret, rotate_bind_credential});
  if (!spec) return unexpected(PipelineError{2, spec.error()});
  planned.spec = std::move(*spec);
  planned.plan = keycloak::make_plan(planned.spec, planned.facts.version, planned.current_provider, planned.current_mappers);
  planned.clients = plan_clients(client, config);
  if (config.federation.preset == "runai" && config.restart.command.empty()) {
    planned.plan.notes.push_back(
        "preset runai: restart the platform backend after apply, e.g. [restart] command = [\"kubectl\", \"rollout\", "
        "\"restart\", \"deployment/runai-backend-deployment\", \"-n\", \"runai-backend\"]");
  }
  return planned;
}

Expected<Planned, PipelineError> plan_federation(const config::Config& config, keycloak::AdminClient& client,
                                                 bool rotate_bind_credential) {
  auto options = make_probe_options(config);
  if (!options) return unexpected(PipelineError{2, options.error()});
  return plan_from_probe(config, client, *options, ldap::run_probe(*options), rotate_bind_credential);
}

}  // namespace kcldap::pipeline
