// Joins the config and the probe report into the desired Keycloak federation (keycloak::FederationSpec):
// every "auto" filled from the probe with its reason, the preset applied under explicit keys, the
// [[mappers]] translated, and the default mappers adopted to the discovered attributes.
#pragma once
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "keycloak/federation.hpp"
#include "ldap/probe.hpp"
#include "src/config/config.hpp"

namespace kcldap::pipeline {

struct SpecInputs {
  const config::Config& config;
  const ldap::ProbeReport& probe;
  std::optional<std::string> bind_secret;  // revealed, when bind_dn is set
  bool rotate_bind_credential = false;
};

Expected<keycloak::FederationSpec, std::string> build_federation_spec(const SpecInputs& inputs);

}  // namespace kcldap::pipeline
