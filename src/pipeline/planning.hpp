// The planning stage shared by `kcldap plan` and `kcldap apply`: probe the directory, connect to
// Keycloak, read what it holds, build the desired federation and diff the two. Side effects are reads only.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"
#include "keycloak/plan.hpp"
#include "ldap/probe.hpp"
#include "src/config/config.hpp"
#include "src/pipeline/clients_run.hpp"

namespace kcldap::pipeline {

struct PipelineError {
  int exit_code = 1;  // 1: a stage failed; 2: usage or config
  std::string message;
};

struct Planned {
  ldap::ProbeReport probe;
  keycloak::ServerFacts facts;
  std::optional<keycloak::Component> current_provider;  // nullopt: Keycloak has no such provider yet
  std::vector<keycloak::Component> current_mappers;
  keycloak::FederationSpec spec;
  keycloak::Plan plan;
  std::vector<ClientPlan> clients;  // the [[clients]]: what apply would do to each, after the federation
};

Expected<keycloak::ClientSettings, PipelineError> make_client_settings(const config::Config& config);
// The same without an identity: URL, realm, TLS, version and timeout (for a caller that brings its own).
Expected<keycloak::ClientSettings, PipelineError> client_settings_without_identity(const config::Config& config);

// Plans from a probe already run with `options` (the caller showed its stages live).
Expected<Planned, PipelineError> plan_from_probe(const config::Config& config, keycloak::AdminClient& client,
                                                 const ldap::ProbeOptions& options, ldap::ProbeReport probe,
                                                 bool rotate_bind_credential);

Expected<Planned, PipelineError> plan_federation(const config::Config& config, keycloak::AdminClient& client,
                                                 bool rotate_bind_credential);

}  // namespace kcldap::pipeline
