// kcldap doctor's edge towards Keycloak: its own connection and authentication tests of the stored
// provider (with the stored secret: componentId and the mask), and the sample directory users looked up
// through it (checks/user_lookup, as the post-checks do).
#include "checks/doctor_evidence.hpp"
#include "checks/ldap_test_failure.hpp"
#include "checks/user_lookup.hpp"
#include "keycloak/federation.hpp"
#include "keycloak/realm_api.hpp"

namespace kcldap::checks {

namespace {

KeycloakTest run_test(keycloak::AdminClient& client, const keycloak::Component& provider, const std::string& action) {
  KeycloakTest test;
  auto answer = keycloak::test_ldap_provider(client, provider, action);
  if (!answer && answer.error().status == 403) {
    test.refused = answer.error().cause;
    return test;
  }
  test.ran = true;
  test.passed = answer.has_value();
  if (!answer) {
    const auto& error = answer.error();
    test.cause = error.status == 400 ? explain_ldap_test_failure(error.server_message).cause + " (Keycloak answered " +
                                           error.server_message + ")"
                                     : error.what + ": " + error.cause;
  }
  return test;
}

bool has_account_controls_mapper(const std::vector<keycloak::Component>& mappers) {
  for (const auto& mapper : mappers) {
    if (mapper.provider_id == "msad-user-account-control-mapper" || mapper.provider_id == "msad-lds-user-account-control-mapper") return true;
  }
  return false;
}

}  // namespace

void read_keycloak_view(keycloak::AdminClient& client, DirectoryReading& reading) {
  DoctorEvidence& e = reading.evidence;
  e.connection_test = run_test(client, e.provider, "testConnection");
  e.authentication_test = run_test(client, e.provider, "testAuthentication");
  if (reading.sample.empty() || e.provider.value("enabled") == "false") return;  // a disabled provider finds nobody
  const keycloak::FederationSpec spec;  // the lookups compare with what Keycloak stores, not with a spec
  const PostCheckInputs inputs{spec, reading.sample, {}, ""};
  const LookupContext context{e.provider.value("uuidLDAPAttribute"), has_account_controls_mapper(e.mappers)};
  const Check looked_up = lookup_check(client, e.provider.id, inputs, keycloak::user_attribute_sources(e.provider, e.mappers), context);
  e.lookups = reading.sample.size();
  if (looked_up.status == Status::fail) e.lookup_problems = looked_up.details;
}

}  // namespace kcldap::checks
