#include "src/pipeline/verification.hpp"

#include <algorithm>

#include "ldap/user_listing.hpp"
#include "ldap/vendor.hpp"
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
  settings.directory_reached = connect != nullptr && bind != nullptr && connect->status != kcldap::Status::fail &&
                               bind->status != kcldap::Status::fail && probe.server.has_value();
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
    // Every user attribute (the lookups compare with whatever the stored mappers read), and the id
    // attribute, which may be operational (nsUniqueId, entryUUID) and so not among "*".
    const auto uuid_attribute = planned.spec.config.find("uuidLDAPAttribute");
    std::vector<std::string> attributes = {"*"};
    if (uuid_attribute != planned.spec.config.end()) attributes.push_back(uuid_attribute->second);
    auto query = ldap::users_query(planned.probe, attributes);
    auto listed = ldap::list_users(options, planned.probe.server->url, query, [&](const ldap::ListedUser& user) {
      inputs.sample_users.push_back(user);
      return inputs.sample_users.size() < sample_size;
    });
    // On AD, one disabled account too (when there is one): Keycloak must show it disabled.
    if (listed && planned.probe.active_directory && planned.probe.users.disabled.value_or(0) > 0) {
      query.filter = "(&" + query.filter + ldap::kAdDisabledFilter + ")";
      listed = ldap::list_users(options, planned.probe.server->url, query, [&](const ldap::ListedUser& user) {
        const bool known = std::any_of(inputs.sample_users.begin(), inputs.sample_users.end(),
                                       [&](const ldap::ListedUser& sampled) { return sampled.dn == user.dn; });
        if (!known) inputs.sample_users.push_back(user);
        return false;
      });
    }
    if (!listed) {
      inputs.sample_error = "could not list sample users from the directory: " + listed.error().operation + " failed (" +
                            std::to_string(listed.error().code) + " " + listed.error().diagnostic + ")";
    }
  }
  return checks::run_post_checks(client, inputs, settings, observer);
}

}  // namespace kcldap::pipeline
