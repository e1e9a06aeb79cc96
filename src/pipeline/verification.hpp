// Joins the post-checks to the config and the probe: the [checks] settings (budget, sync, test login with
// its secret resolved before anything is written), the sample users picked from the directory, and the
// attributes the probe found users carry (to explain an empty email in Keycloak).
#pragma once
#include "checks/post_checks.hpp"
#include "common/expected.hpp"
#include "src/config/config.hpp"
#include "src/pipeline/planning.hpp"

namespace kcldap::pipeline {

// Fails (exit 2) when [checks] test_user is set and its password cannot be resolved.
Expected<checks::PostCheckSettings, PipelineError> make_post_check_settings(const config::Config& config, const ldap::ProbeReport& probe);

// `options`: how the probe reached the directory (the sample users are listed the same way).
checks::PostCheckOutcome verify_federation(const config::Config& config, keycloak::AdminClient& client, const ldap::ProbeOptions& options,
                                           const Planned& planned, const checks::PostCheckSettings& settings,
                                           const checks::Observer& observer);

}  // namespace kcldap::pipeline
