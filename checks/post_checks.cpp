#include "checks/post_checks.hpp"

#include <algorithm>

#include "checks/post_check_runner.hpp"
#include "checks/provider_checks.hpp"
#include "checks/user_lookup.hpp"
#include "keycloak/federation_store.hpp"

namespace kcldap::checks {

namespace {

// The checks after a given one, skipped with one reason when an earlier failure makes them pointless.
const std::vector<std::pair<std::string, std::string>> kLater = {{"post.test-connection", "Connection"},
                                                                 {"post.test-authentication", "Authentication"},
                                                                 {"post.sync", "Sync"},
                                                                 {"post.user-lookup", "User lookup"},
                                                                 {"post.test-login", "Test login"}};

void skip_after(PostCheckRunner& runner, const std::string& id, const std::string& why) {
  bool after = id.empty();
  for (const auto& [later_id, title] : kLater) {
    if (after) runner.skip(later_id, title, why);
    after = after || later_id == id;
  }
}

void run_sync(PostCheckRunner& runner, keycloak::AdminClient& client, const keycloak::Component& provider,
              const PostCheckSettings& settings) {
  if (provider.value("importEnabled") == "false") {
    runner.skip("post.sync", "Sync", "import is off: Keycloak looks users up at login, there is nothing to sync");
  } else if (provider.value("enabled") == "false") {
    runner.skip("post.sync", "Sync", "the provider is disabled ([federation] enabled = false)");
  } else if (!settings.sync) {
    runner.skip("post.sync", "Sync", "[checks] sync = false");
  } else {
    const std::string expected = settings.directory_users ? " of " + std::to_string(*settings.directory_users) + " directory users" : "";
    runner.run("post.sync", "Sync", "full sync" + expected, [&] { return sync_check(client, provider.id, settings); });
  }
}

LookupContext lookup_context(const keycloak::StoredFederation& stored) {
  LookupContext context;
  context.uuid_attribute = stored.provider->value("uuidLDAPAttribute");
  for (const auto& mapper : stored.mappers) {
    context.account_controls_mapper = context.account_controls_mapper || mapper.provider_id == "msad-user-account-control-mapper" ||
                                      mapper.provider_id == "msad-lds-user-account-control-mapper";
  }
  return context;
}

void run_lookup(PostCheckRunner& runner, keycloak::AdminClient& client, const keycloak::StoredFederation& stored,
                const PostCheckInputs& inputs) {
  if (stored.provider->value("enabled") == "false") {
    runner.skip("post.user-lookup", "User lookup", "the provider is disabled: Keycloak does not search it");
  } else if (!inputs.sample_error.empty()) {
    runner.run("post.user-lookup", "User lookup", "listing sample users",
               [&] { return make_check("", "", "", Status::fail, inputs.sample_error, "run kcldap probe to see why the directory refuses"); });
  } else if (inputs.sample_users.empty()) {
    runner.skip("post.user-lookup", "User lookup", "[checks] sample_users = 0");
  } else {
    runner.run("post.user-lookup", "User lookup", "looking up " + std::to_string(inputs.sample_users.size()) + " sample users", [&] {
      return lookup_check(client, stored.provider->id, inputs, keycloak::user_attribute_sources(*stored.provider, stored.mappers),
                          lookup_context(stored));
    });
  }
}

void run_login(PostCheckRunner& runner, keycloak::AdminClient& client, const keycloak::Component& provider, const PostCheckSettings& settings) {
  if (provider.value("enabled") == "false") {
    runner.skip("post.test-login", "Test login", "the provider is disabled: no directory user can sign in through it");
    return;
  }
  if (settings.test_user.empty()) {
    runner.skip("post.test-login", "Test login", "no [checks] test_user configured");
    return;
  }
  runner.run("post.test-login", "Test login", "signing in as " + settings.test_user, [&] {
    auto login = client.password_login(client.realm(), settings.test_user, settings.test_password);
    if (login) {
      return make_check("", "", "", Status::pass, settings.test_user + " signed in to realm " + client.realm() + " with the password grant");
    }
    return make_check("", "", "", Status::fail, settings.test_user + " could not sign in: " + login.error().cause, login.error().remedy);
  });
}

}  // namespace

bool PostCheckOutcome::passed() const {
  return std::none_of(checks.begin(), checks.end(), [](const Check& c) { return c.status == Status::fail; });
}

PostCheckOutcome run_post_checks(keycloak::AdminClient& client, const PostCheckInputs& inputs, const PostCheckSettings& settings,
                                 const Observer& observer) {
  PostCheckOutcome outcome;
  PostCheckRunner runner(client, settings, observer);
  const keycloak::Version version = client.facts().version;
  keycloak::StoredFederation stored;
  runner.run("post.stored", "Stored", "reading back what Keycloak stored", [&] {
    auto read = keycloak::read_federation(client, inputs.spec.name);
    if (!read) return make_check("", "", "", Status::fail, read.error().what + ": " + read.error().cause, read.error().remedy);
    stored = std::move(*read);
    return stored_check(stored, inputs.spec, version);
  });
  const auto stop = [&](const std::string& id, const std::string& why) {
    skip_after(runner, id, why);
    outcome.checks = runner.take();
    return outcome;
  };
  if (!stored.provider) return stop("", "not run: no stored provider to test");
  const keycloak::Component& provider = *stored.provider;
  outcome.provider_id = provider.id;
  runner.run("post.test-connection", "Connection", "Keycloak's connection test",
             [&] { return ldap_test(client, provider, "testConnection", settings); });
  // Everything after needs Keycloak to reach the directory: the cause is already named.
  if (runner.last_failed()) return stop("post.test-connection", "not run: Keycloak cannot reach the directory (see post.test-connection)");
  if (provider.value("bindDn").empty() || provider.value("authType") == "none") {
    runner.skip("post.test-authentication", "Authentication", "anonymous bind: there is no bind identity to authenticate");
  } else {
    runner.run("post.test-authentication", "Authentication", "Keycloak's authentication test",
               [&] { return ldap_test(client, provider, "testAuthentication", settings); });
  }
  run_sync(runner, client, provider, settings);
  run_lookup(runner, client, stored, inputs);
  run_login(runner, client, provider, settings);
  outcome.checks = runner.take();
  return outcome;
}

}  // namespace kcldap::checks
