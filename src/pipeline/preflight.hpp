// `kcldap check`: the whole preflight with no write to Keycloak or the directory. Directory probe;
// Keycloak reach, base path, sign-in, version, realm and roles; the planned payload against the server's
// validation rules; the existing provider and the plan; and a simulated sync (how many users would come
// in, a sample as Keycloak would show them, and the collisions that would make a real sync fail).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "keycloak/roles.hpp"
#include "common/expected.hpp"
#include "src/config/config.hpp"
#include "src/pipeline/planning.hpp"

namespace kcldap::pipeline {

// A config problem (exit 2) is an error; everything else is a check in the report.
Expected<checks::Report, PipelineError> run_preflight(const config::Config& config, const checks::Observer& observer);

// The probe with its stages reported live as Directory checks.
ldap::ProbeReport probe_with_progress(const ldap::ProbeOptions& options, const checks::Observer& observer);

// Connects to Keycloak and reports each step (keycloak.connect, .auth, .version, .realm) into `report`;
// nullopt when a step failed.
std::optional<keycloak::AdminClient> connect_with_checks(const keycloak::ClientSettings& settings, const std::string& realm,
                                                         checks::Report& report, const checks::Observer& observer);

// What must pass before any write: keycloak.roles (for what this plan will do), federation.payload and
// .paging, and what apply would otherwise find out only after writing: restart.program, mapper.groups-dn,
// mappers.username-kept, federation.same-directory (checks/preflight_checks.hpp).
// The features that decide the roles a run needs, from the config alone (no plan): a sync when import
// is on (the Run:AI preset turns it off unless import_users is set) and [checks] sync, lookups when
// [checks] sample_users > 0.
keycloak::RoleFeatures configured_role_features(const config::Config& config);

// The command that grants a service account what the config needs (kcldap bootstrap-client), or ""
// when the config signs in as a user.
std::string role_fix_command(const config::Config& config);

// The two halves: what the run needs of Keycloak (roles, payload, paging) and what apply would otherwise
// find only after writing (restart.program, mapper.groups-dn, mappers.username-kept, federation.same-directory).
std::vector<checks::Check> readiness_checks(const config::Config& config, keycloak::AdminClient& client, const Planned& planned);
std::vector<checks::Check> after_write_risk_checks(const config::Config& config, keycloak::AdminClient& client, const Planned& planned);

std::vector<checks::Check> pre_write_checks(const config::Config& config, keycloak::AdminClient& client, const Planned& planned);

}  // namespace kcldap::pipeline
