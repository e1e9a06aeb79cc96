#include "checks/keycloak_checks.hpp"

#include "common/text.hpp"

namespace kcldap::checks {

namespace {

constexpr const char* kKeycloak = "Keycloak";
constexpr const char* kFederation = "Federation";

}  // namespace

std::vector<Check> connection_checks(const keycloak::ConnectProgress& progress, const keycloak::ApiError* error,
                                     const std::string& realm) {
  using keycloak::ConnectStep;
  const keycloak::ServerFacts& facts = progress.facts;
  struct Step {
    ConnectStep step;
    const char* id;
    const char* title;
    std::string finding;
  };
  const std::vector<Step> steps = {
      {ConnectStep::locate, "keycloak.connect", "Reach", facts.base_path_finding},
      {ConnectStep::sign_in, "keycloak.auth", "Sign in", "signed in as " + facts.identity},
      {ConnectStep::version, "keycloak.version", "Version", facts.version_finding},
      {ConnectStep::realm, "keycloak.realm", "Realm",
       "realm " + realm + " exists" + (facts.realm_id_visible ? " (id " + facts.realm_id + ")" : " (its id is hidden: no view-realm)")},
  };
  std::vector<Check> out;
  const ConnectStep failed_at = error != nullptr ? progress.reached : ConnectStep::done;
  for (const auto& step : steps) {
    if (step.step < failed_at) {
      Check check = make_check(step.id, kKeycloak, step.title, Status::pass, step.finding);
      if (step.step == ConnectStep::version && facts.version_source == "feature probing") {
        check.status = Status::warn;
        check.remedy = "set [keycloak] version to the server's version, or give the identity master-realm admin rights to read it";
      }
      out.push_back(std::move(check));
    } else if (step.step == failed_at) {
      Check check = make_check(step.id, kKeycloak, step.title, Status::fail, error->what + ": " + error->cause, error->remedy);
      if (error->status != 0) check.details.push_back(error->method + " " + error->path + " answered " + std::to_string(error->status));
      if (!error->server_message.empty()) check.details.push_back("Keycloak said: " + error->server_message);
      out.push_back(std::move(check));
    } else {
      out.push_back(make_check(step.id, kKeycloak, step.title, Status::skip, "not checked: an earlier Keycloak step failed"));
    }
  }
  return out;
}

Check roles_check(const keycloak::HeldRoles& held, const std::string& realm, const std::string& token_realm,
                  const std::string& identity, const keycloak::RoleFeatures& features, const std::string& fix_command) {
  const auto needs = keycloak::roles_needed(features);
  std::vector<std::string> needed_names;
  for (const auto& need : needs) needed_names.push_back(need.role);
  const std::string where = token_realm == realm ? "realm-management roles" : "roles of the master client " + realm + "-realm";
  if (!held.roles) {
    return make_check("keycloak.roles", kKeycloak, "Roles", Status::warn, "cannot tell the roles of " + identity + ": " + held.source,
                      "make sure it holds " + kcldap::join(needed_names) + " (" + where + "); Keycloak answers 403 where one is missing",
                      {"its token is not a JWT with realm_access/resource_access (lightweight tokens or a custom client scope), and "
                       "reading its role mappings needs view-users in its own realm"});
  }
  const std::set<std::string>& granted = *held.roles;
  const auto missing = keycloak::missing_roles(needs, granted);
  if (missing.empty()) {
    return make_check("keycloak.roles", kKeycloak, "Roles", Status::pass,
                      identity + " holds every role this run needs (" + kcldap::join(needed_names) + ")", "",
                      {"read from " + held.source});
  }
  std::vector<std::string> missing_names;
  std::vector<std::string> details;
  for (const auto& need : missing) {
    missing_names.push_back(need.role);
    details.push_back(need.role + ": needed to " + need.reason);
  }
  const std::string how = token_realm == realm
                              ? "assign the client roles " + kcldap::join(missing_names) + " of client realm-management in realm " + realm +
                                    " to " + identity + " (for a service account: Clients > the client > Service account roles > Assign role)"
                              : "assign the client roles " + kcldap::join(missing_names) + " of client " + realm +
                                    "-realm in realm master to " + identity + " (or the master admin role)";
  return make_check("keycloak.roles", kKeycloak, "Roles", Status::fail,
                    identity + " lacks " + kcldap::join(missing_names) + " (" + where + ")",
                    fix_command.empty() ? how : how + "; or run: " + fix_command, details);
}

Check payload_check(const std::vector<keycloak::ValidationProblem>& problems, const keycloak::Version& version) {
  if (problems.empty()) {
    return make_check("federation.payload", kFederation, "Payload", Status::pass,
                      "the provider and mappers pass Keycloak " + version.to_string() + "'s server-side validation");
  }
  std::vector<std::string> details;
  for (const auto& problem : problems) details.push_back(problem.component + ": " + problem.key + ": " + problem.message);
  return make_check("federation.payload", kFederation, "Payload", Status::fail,
                    "Keycloak " + version.to_string() + " would reject the payload (400): " + problems.front().message,
                    "fix the keys named above in kcldap.toml", details);
}

Check provider_check(const keycloak::Plan& plan, const std::string& name) {
  const bool exists = plan.provider.action != keycloak::Action::create;
  std::string finding = exists ? "provider \"" + name + "\" exists (id " + plan.provider.id + ")" : "no provider \"" + name + "\" yet: apply creates it";
  if (exists) {
    finding += plan.has_changes() ? "; apply would send " + std::to_string(plan.write_count()) + " changes" : "; it matches the config (no changes)";
  }
  Check check = make_check("federation.provider", kFederation, "Provider", Status::pass, finding);
  for (const auto& note : plan.notes) check.details.push_back(note);
  return check;
}

}  // namespace kcldap::checks
