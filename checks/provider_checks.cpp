#include "checks/provider_checks.hpp"

#include "checks/ldap_test_failure.hpp"
#include "keycloak/plan.hpp"
#include "keycloak/realm_api.hpp"

namespace kcldap::checks {

using nlohmann::json;

Check stored_check(const keycloak::StoredFederation& stored, const keycloak::FederationSpec& spec, const keycloak::Version& version) {
  if (!stored.provider) {
    return make_check("", "", "", Status::fail, "Keycloak has no LDAP provider named \"" + spec.name + "\"",
                      "run kcldap apply (or check [federation] name)");
  }
  const keycloak::Plan again = keycloak::make_plan(spec, version, stored.provider, stored.mappers);
  std::vector<std::string> differences;
  const auto describe = [&](const keycloak::ComponentPlan& component, const std::string& what) {
    if (component.action == keycloak::Action::none) return;
    if (component.action != keycloak::Action::update) {
      differences.push_back(what + ": Keycloak would still need a " + keycloak::to_string(component.action));
      return;
    }
    for (const auto& change : component.changes) {
      differences.push_back(what + ": " + change.key + " is " + change.before.value_or("(absent)") + ", the plan says " +
                            change.after.value_or("(absent)"));
    }
  };
  describe(again.provider, "provider");
  for (const auto& mapper : again.mappers) describe(mapper, "mapper \"" + mapper.name + "\"");
  if (differences.empty()) {
    return make_check("", "", "", Status::pass,
                      "the stored provider and its " + std::to_string(stored.mappers.size()) + " mappers match the plan");
  }
  return make_check("", "", "", Status::fail, "what Keycloak stored differs from the plan in " + std::to_string(differences.size()) + " places",
                    "run kcldap plan to see the difference; another tool may be changing the same provider", differences);
}

Check ldap_test(keycloak::AdminClient& client, const keycloak::Component& provider, const std::string& action, const PostCheckSettings& settings) {
  const std::string url = provider.value("connectionUrl");
  const bool connection = action == "testConnection";
  auto answer = keycloak::test_ldap_provider(client, provider, action);
  if (answer) {
    return make_check("", "", "", Status::pass,
                      connection ? "Keycloak reached " + url + " from its own network position"
                                 : "Keycloak bound to the directory as " + provider.value("bindDn") + " with the stored password");
  }
  const auto& error = answer.error();
  if (error.status != 400) return make_check("", "", "", Status::fail, error.what + ": " + error.cause, error.remedy);
  const TestFailureExplanation why = explain_ldap_test_failure(error.server_message);
  Check check = make_check("", "", "", Status::fail,
                           (connection ? "Keycloak could not connect to " + url : "Keycloak could not bind") + ": " + why.cause, why.remedy,
                           {"Keycloak answered 400: " + error.server_message});
  if (settings.directory_reached) {
    check.details.push_back("kcldap reached and bound to " + settings.directory_url +
                            " from this machine, but Keycloak did not: it connects from its own host or pod, where DNS, "
                            "firewalls, network policies and its truststore decide");
  }
  return check;
}

Check sync_check(keycloak::AdminClient& client, const std::string& provider_id, const PostCheckSettings& settings) {
  auto answer = keycloak::trigger_full_sync(client, provider_id);
  if (!answer) {
    const auto& error = answer.error();
    Check check = make_check("", "", "", Status::fail, "the sync failed: " + error.cause, error.remedy);
    if (error.status == 400 && !error.server_message.empty()) {
      const TestFailureExplanation why = explain_ldap_test_failure(error.server_message);
      check.finding = "the sync failed: " + why.cause;
      check.remedy = why.remedy;
      check.details.push_back("Keycloak answered 400: " + error.server_message);
    }
    return check;
  }
  const json& result = *answer;
  const int added = result.value("added", 0);
  const int updated = result.value("updated", 0);
  const int failed = result.value("failed", 0);
  const std::string status = result.value("status", "");
  if (result.value("ignored", false)) {
    return make_check("", "", "", Status::fail, "Keycloak ignored the sync: " + status,
                      "the provider must be enabled with import on; or another sync is still running: try again later");
  }
  std::string finding = std::to_string(added) + " added, " + std::to_string(updated) + " updated, " + std::to_string(failed) + " failed";
  if (settings.directory_users) finding += " (the directory has " + std::to_string(*settings.directory_users) + " users)";
  if (failed > 0) {
    return make_check("", "", "", Status::fail, finding,
                      "run kcldap check: its simulated sync names local users and duplicates that make users fail; the Keycloak log names each one",
                      {"Keycloak said: " + status});
  }
  return make_check("", "", "", Status::pass, finding, "", {"Keycloak said: " + status});
}

}  // namespace kcldap::checks
