#include "src/pipeline/verification.hpp"

#include "ldap/user_listing.hpp"
#include "src/config/secret.hpp"

namespace kcldap::pipeline {

Expected<checks::PostCheckSettings, PipelineError> make_post_check_settings(const config::Config& config, const ldap::ProbeReport& probe) {
  checks::PostCheckSettings settings;
  settings.timeout_s = config.checks.timeout_s;
  settings.sync = config.checks.sync;
  settings.test_user = config.checks.test_user;
  if (!settings.test_user.empty()) {
    if (!config.checks.test_password.present()) {
      return unexpected(PipelineError{2, "[checks] test_user is set but test_password is not: set test_password = \"${env:NAME}\""});
    }
    auto secret = config::resolve_secret(config.checks.test_password);
    if (!secret) return unexpected(PipelineError{2, secret.error()});
    settings.test_password = secret->reveal();
  }
  const auto* connect = probe.stage("ldap.connect");
  const auto* bind = probe.stage("ldap.bind");
  settings.directory_reached = connect != nullptr && bind != nullptr && connect->status != ldap::Status::fail &&
                               bind->status != ldap::Status::fail && probe.server.has_value();
  if (probe.server) settings.directory_url = probe.server->url;
  if (probe.users.count && probe.users.count_complete) settings.directory_users = *probe.users.count;
  return settings;
}

checks::PostCheckOutcome verify_federation(const config::Config& config, keycloak::AdminClient& client, const ldap::ProbeOptions& options,
                                           const Planned& planned, const checks::PostCheckSettings& settings,
                                           const checks::Observer& observer) {
  std::map<std::string, std::string> evidence;
  if (planned.probe.recommended) {
    const auto& r = *planned.probe.recommended;
    if (!r.email.value.empty()) evidence["email"] = r.email.value;
    if (!r.first_name.value.empty()) evidence["firstName"] = r.first_name.value;
    if (!r.last_name.value.empty()) evidence["lastName"] = r.last_name.value;
  }
  checks::PostCheckInputs inputs{planned.spec, {}, evidence, ""};
  const auto sample_size = static_cast<std::size_t>(config.checks.sample_users);
  if (sample_size > 0 && planned.probe.server) {
    // Every user attribute: the lookups compare with whatever the stored mappers read.
    const auto query = ldap::users_query(planned.probe, {"*"});
    auto listed = ldap::list_users(options, planned.probe.server->url, query, [&](const ldap::ListedUser& user) {
      inputs.sample_users.push_back(user);
      return inputs.sample_users.size() < sample_size;
    });
    if (!listed) {
      inputs.sample_error = "could not list sample users from the directory: " + listed.error().operation + " failed (" +
                            std::to_string(listed.error().code) + " " + listed.error().diagnostic + ")";
    }
  }
  return checks::run_post_checks(client, inputs, settings, observer);
}

}  // namespace kcldap::pipeline
