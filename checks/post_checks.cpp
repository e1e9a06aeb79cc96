#include "checks/post_checks.hpp"

#include <algorithm>
#include <chrono>

#include "keycloak/federation_store.hpp"
#include "keycloak/http.hpp"
#include "keycloak/plan.hpp"
#include "keycloak/realm_api.hpp"
#include "ldap/guid.hpp"
#include "common/text.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::checks {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct LookupContext {
  std::string uuid_attribute;            // the provider's uuidLDAPAttribute
  bool account_controls_mapper = false;  // an MSAD (or MSAD LDS) account controls mapper is stored
};

constexpr const char* kGroup = "Post-checks";

std::string field_label(const std::string& field) {
  if (field == "firstName") return "first name";
  if (field == "lastName") return "last name";
  return field;
}

std::string source_of(const std::map<std::string, std::string>& sources, const std::string& field) {
  auto found = sources.find(field);
  return found == sources.end() ? "" : found->second;
}

// Runs the checks one after another within one time budget: a check that starts after the budget ran
// out is skipped, and each request's timeout is cut to what is left.
class Runner {
 public:
  Runner(keycloak::AdminClient& client, const PostCheckSettings& settings, const Observer& observer)
      : client_(client), settings_(settings), observer_(observer), original_timeout_ms_(client.timeout_ms()),
        deadline_(Clock::now() + std::chrono::seconds(settings.timeout_s)) {}
  ~Runner() { client_.set_timeout_ms(original_timeout_ms_); }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Runs `body` (which fills status, finding, details, remedy) unless the budget is spent.
  void run(const std::string& id, const std::string& title, const std::string& activity, const std::function<Check()>& body) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    if (left <= 0) {
      add(make_check(id, kGroup, title, Status::fail,
                     "not run: the post-check time budget ([checks] timeout_s = " + std::to_string(settings_.timeout_s) + ") ran out",
                     "raise [checks] timeout_s (a full sync of a large directory takes a while)"));
      return;
    }
    // The budget bounds each request instead of [keycloak] timeout_ms: a full sync may need all of it.
    client_.set_timeout_ms(static_cast<int>(std::min<long long>(left, 24LL * 3600 * 1000)));
    observer_.start(id, activity);
    const auto start = Clock::now();
    Check check = body();
    check.id = id;
    check.group = kGroup;
    check.title = title;
    check.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    add(std::move(check));
  }
  void skip(const std::string& id, const std::string& title, const std::string& why) {
    add(make_check(id, kGroup, title, Status::skip, why));
  }
  std::vector<Check> take() { return std::move(checks_); }
  bool last_failed() const { return !checks_.empty() && checks_.back().status == Status::fail; }

 private:
  void add(Check check) {
    observer_.finish(check);
    checks_.push_back(std::move(check));
  }
  keycloak::AdminClient& client_;
  const PostCheckSettings& settings_;
  const Observer& observer_;
  int original_timeout_ms_;
  Clock::time_point deadline_;
  std::vector<Check> checks_;
};

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

Check ldap_test(keycloak::AdminClient& client, const json& provider, const std::string& action, const PostCheckSettings& settings) {
  const std::string url = keycloak::config_value(provider, "connectionUrl");
  const bool connection = action == "testConnection";
  auto answer = keycloak::test_ldap_provider(client, provider, action);
  if (answer) {
    return make_check("", "", "", Status::pass,
                      connection ? "Keycloak reached " + url + " from its own network position"
                                 : "Keycloak bound to the directory as " + keycloak::config_value(provider, "bindDn") + " with the stored password");
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

// `sources`: which LDAP attribute feeds each field in the mappers Keycloak stores.
// The directory entry's own id and state, as Keycloak should mirror them: LDAP_ID (objectGUID decoded
// on AD) and, on AD, a disabled account (userAccountControl) disabled in Keycloak too.
void compare_identity(const json& user, const ldap::ListedUser& directory_user, const std::string& username,
                      const LookupContext& context, std::vector<std::string>& problems, std::vector<std::string>& warnings,
                      std::string& line) {
  const std::string raw_id = context.uuid_attribute.empty() ? "" : directory_user.value(context.uuid_attribute);
  if (!raw_id.empty() && user.contains("attributes") && user["attributes"].contains("LDAP_ID")) {
    const json& ids = user["attributes"]["LDAP_ID"];
    const std::string stored = ids.is_array() && !ids.empty() && ids.front().is_string() ? ids.front().get<std::string>() : "";
    const std::string expected = ldap::directory_id_text(context.uuid_attribute, raw_id);
    if (!stored.empty() && !kcldap::iequals(stored, expected)) {
      problems.push_back(username + ": LDAP_ID is \"" + stored + "\" in Keycloak but the entry's " + context.uuid_attribute + " is \"" +
                         expected + "\"");
    }
  }
  const std::string control = directory_user.value("userAccountControl");
  if (!ldap::ad_account_disabled(control).value_or(false)) return;
  if (!user.value("enabled", true)) {
    line += " (disabled, as in Active Directory)";
  } else if (context.account_controls_mapper) {
    problems.push_back(username + ": disabled in Active Directory (userAccountControl " + control +
                       ") but enabled in Keycloak, though an MSAD account controls mapper exists");
  } else {
    warnings.push_back(username + ": disabled in Active Directory but enabled in Keycloak: no MSAD account controls mapper " +
                       "(default_mappers = \"keep\" or \"adopt\" keeps Keycloak's, or add [[mappers]] type = \"msad-account-controls\")");
  }
}

Check lookup_check(keycloak::AdminClient& client, const std::string& provider_id, const PostCheckInputs& inputs,
                   const std::map<std::string, std::string>& sources, const LookupContext& context) {
  const std::string username_attribute = source_of(sources, "username");
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  std::vector<std::string> found_lines;
  bool missing_users = false;  // not found, or not linked: a sync/collision matter
  bool empty_fields = false;   // found, but a mapped field is wrong: a mapper matter
  bool identity_problems = false;  // LDAP_ID or the enabled state differ from the entry
  for (const auto& directory_user : inputs.sample_users) {
    const std::string username = kcldap::lowercase(directory_user.value(username_attribute));
    if (username.empty()) continue;
    auto answer = keycloak::find_users_by_username(client, username);
    if (!answer) {
      problems.push_back(username + ": " + answer.error().cause);
      continue;
    }
    // Several providers over one directory can each list the user: prefer the one linked to this provider.
    const json* user = nullptr;
    for (const auto& candidate : *answer) {
      if (candidate.value("username", "") != username) continue;
      if (user == nullptr || candidate.value("federationLink", "") == provider_id) user = &candidate;
    }
    if (user == nullptr) {
      problems.push_back(username + " (" + directory_user.dn + "): Keycloak does not find this user");
      missing_users = true;
      continue;
    }
    const std::string link = user->value("federationLink", "");
    if (link != provider_id) {
      problems.push_back(username + ": found, but " + (link.empty() ? "as a local user, not linked to the provider" : "linked to another provider (" + link + ")"));
      missing_users = true;
      continue;
    }
    std::string line = username;
    for (const std::string field : {"email", "firstName", "lastName"}) {
      const std::string mapped_attribute = source_of(sources, field);
      const std::string in_keycloak = user->value(field, "");
      const std::string in_directory = mapped_attribute.empty() ? "" : directory_user.value(mapped_attribute);
      const std::string evidence_attribute = source_of(inputs.evidence, field);
      const std::string evidence_value = evidence_attribute.empty() ? "" : directory_user.value(evidence_attribute);
      const bool email = field == "email";
      const auto same = [&](const std::string& a, const std::string& b) { return email ? kcldap::iequals(a, b) : a == b; };
      const std::size_t before = problems.size();
      if (!in_keycloak.empty()) {
        if (!in_directory.empty() && !same(in_keycloak, in_directory)) {
          problems.push_back(username + ": " + field_label(field) + " is \"" + in_keycloak + "\" in Keycloak but " + mapped_attribute +
                             " is \"" + in_directory + "\" in the directory");
        }
        line += email ? " <" + in_keycloak + ">" : " " + in_keycloak;
      } else if (!in_directory.empty()) {
        problems.push_back(username + ": " + field_label(field) + " is empty in Keycloak though " + mapped_attribute + " is \"" +
                           in_directory + "\" in the directory");
      } else if (!evidence_value.empty() && mapped_attribute.empty()) {
        // No mapper at all is a choice (e.g. default_mappers = "delete"): worth a warning, not a failure.
        warnings.push_back(username + ": " + field_label(field) + " stays empty: no mapper fills it, though the user has " +
                           evidence_attribute + " = \"" + evidence_value + "\"");
      } else if (!evidence_value.empty()) {
        problems.push_back(username + ": " + field_label(field) + " is empty: the " + field_label(field) + " mapper reads " + mapped_attribute +
                           ", which this user lacks, but the user has " + evidence_attribute + " = \"" + evidence_value + "\"");
      }
      empty_fields = empty_fields || problems.size() > before;
    }
    const std::size_t before_identity = problems.size();
    compare_identity(*user, directory_user, username, context, problems, warnings, line);
    identity_problems = identity_problems || problems.size() > before_identity;
    found_lines.push_back(line);
  }
  if (inputs.sample_users.empty()) {
    return make_check("", "", "", Status::skip, "no directory user to look up");
  }
  if (problems.empty() && warnings.empty()) {
    return make_check("", "", "", Status::pass,
                      std::to_string(found_lines.size()) + " sample users found through Keycloak, linked to the provider, attributes filled",
                      "", found_lines);
  }
  if (problems.empty()) {
    warnings.insert(warnings.end(), found_lines.begin(), found_lines.end());
    return make_check("", "", "", Status::warn,
                      std::to_string(found_lines.size()) + " sample users found and linked, but some fields stay empty for lack of a mapper",
                      "add a [[mappers]] entry for the field (or use default_mappers = \"adopt\") if Keycloak should show it", warnings);
  }
  std::string remedy;
  if (missing_users) {
    remedy = "a directory user is missing or held by another account in Keycloak: kcldap check (sync.local-collisions) names the "
             "accounts that block it";
  }
  if (empty_fields) {
    remedy += std::string(remedy.empty() ? "" : "; ") +
              "for an empty or wrong field, fix the mapper's LDAP attribute ([ldap] email_attribute / first_name_attribute / "
              "last_name_attribute, or [[mappers]]) and apply again";
  }
  if (identity_problems) {
    remedy += std::string(remedy.empty() ? "" : "; ") +
              "for LDAP_ID, check [ldap] uuid_attribute (objectGUID on Active Directory); for a disabled account, check the "
              "MSAD account controls mapper";
  }
  return make_check("", "", "", Status::fail, problems.front(), remedy, problems);
}

}  // namespace

bool PostCheckOutcome::passed() const {
  return std::none_of(checks.begin(), checks.end(), [](const Check& c) { return c.status == Status::fail; });
}

TestFailureExplanation explain_ldap_test_failure(const std::string& message) {
  struct Known {
    const char* code;
    const char* cause;
    const char* remedy;
  };
  static const Known known[] = {
      {"SSLHandshakeFailed", "the TLS handshake failed: Keycloak's truststore does not trust the directory's certificate (or the name does not match)",
       "add the directory's CA to Keycloak's truststore (Quarkus: --truststore-paths; older: the truststore SPI) and keep useTruststoreSpi = always"},
      {"UnknownHost", "Keycloak cannot resolve the directory's host name", "use a name Keycloak's DNS resolves (inside the cluster, too), or an IP address"},
      {"NoRouteToHost", "there is no route from Keycloak to the directory", "open the network path from Keycloak's host or pod to the directory"},
      {"ConnectionFailed", "Keycloak could not open a connection to the directory",
       "make the directory reachable from where Keycloak runs (firewall, network policy, port)"},
      // Keycloak 26 answers SocketReset for a port nothing listens on, as well as for a connection cut short.
      {"SocketReset", "Keycloak's connection to the directory was refused or reset: nothing listens on that host and port as Keycloak "
                      "sees them, or the connection was cut (a TLS/plain mismatch, a firewall)",
       "check the URL's host and port from where Keycloak runs, then ldaps:// versus ldap:// on that port, then firewalls"},
      {"MalformedURL", "Keycloak cannot parse the connection URL", "write it as ldap://host:389 or ldaps://host:636"},
      {"CommunicationError", "Keycloak could not talk to the directory (connection refused, timed out or cut)",
       "make the directory reachable from where Keycloak runs, and check ldaps vs StartTLS and the port"},
      {"ServiceUnavailable", "the directory refused the request as unavailable (busy or shutting down)", "retry later; check the directory's health"},
      {"AuthenticationFailure", "the directory rejected the bind DN or password stored in Keycloak",
       "check [ldap] bind_dn and bind_password, then kcldap apply --rotate-bind-credential to send the password again"},
      {"InvalidBindDN", "the bind DN is empty or invalid, or Keycloak would not reuse its stored password for this test",
       "check [ldap] bind_dn; kcldap apply --rotate-bind-credential sends the password again"},
      {"InvalidName", "a DN in the configuration is not valid", "check [ldap] bind_dn and users_dn"},
      {"NameNotFound", "a DN in the configuration does not exist in the directory", "check [ldap] users_dn and bind_dn"},
      {"GroupsMultipleParents", "a group has more than one parent group, which Keycloak's group tree cannot hold",
       "set preserve_group_inheritance = false on the group mapper, or fix the nesting"},
      {"NamingError", "Keycloak's LDAP client failed (no more detail in the answer)", "look at the Keycloak server log for the LDAP exception"},
      {"UnknownError", "Keycloak failed for an unknown reason", "look at the Keycloak server log"},
      {"LDAP test error", "Keycloak's LDAP test failed (Keycloak before 22 gives no detail)", "look at the Keycloak server log for the LDAP exception"},
  };
  for (const auto& entry : known) {
    if (message.find(entry.code) != std::string::npos) return {entry.cause, entry.remedy};
  }
  return {"Keycloak said \"" + message + "\"", "look at the Keycloak server log"};
}

PostCheckOutcome run_post_checks(keycloak::AdminClient& client, const PostCheckInputs& inputs, const PostCheckSettings& settings,
                                 const Observer& observer) {
  PostCheckOutcome outcome;
  Runner runner(client, settings, observer);
  const keycloak::Version version = client.facts().version;
  std::optional<json> provider;
  json mappers = json::array();
  runner.run("post.stored", "Stored", "reading back what Keycloak stored", [&] {
    auto stored = keycloak::read_federation(client, inputs.spec.name);
    if (!stored) return make_check("", "", "", Status::fail, stored.error().what + ": " + stored.error().cause, stored.error().remedy);
    provider = stored->provider;
    mappers = stored->mappers;
    return stored_check(*stored, inputs.spec, version);
  });
  // The checks after a given one, skipped with one reason when an earlier failure makes them pointless.
  const std::vector<std::pair<std::string, std::string>> later = {{"post.test-connection", "Connection"},
                                                                  {"post.test-authentication", "Authentication"},
                                                                  {"post.sync", "Sync"},
                                                                  {"post.user-lookup", "User lookup"},
                                                                  {"post.test-login", "Test login"}};
  const auto skip_after = [&](const std::string& id, const std::string& why) {
    bool after = id.empty();
    for (const auto& [later_id, title] : later) {
      if (after) runner.skip(later_id, title, why);
      after = after || later_id == id;
    }
    outcome.checks = runner.take();
    return outcome;
  };
  if (!provider) return skip_after("", "not run: no stored provider to test");
  outcome.provider_id = provider->value("id", "");
  runner.run("post.test-connection", "Connection", "Keycloak's connection test",
             [&] { return ldap_test(client, *provider, "testConnection", settings); });
  // Everything after needs Keycloak to reach the directory: the cause is already named.
  if (runner.last_failed()) return skip_after("post.test-connection", "not run: Keycloak cannot reach the directory (see post.test-connection)");
  if (keycloak::config_value(*provider, "bindDn").empty() || keycloak::config_value(*provider, "authType") == "none") {
    runner.skip("post.test-authentication", "Authentication", "anonymous bind: there is no bind identity to authenticate");
  } else {
    runner.run("post.test-authentication", "Authentication", "Keycloak's authentication test",
               [&] { return ldap_test(client, *provider, "testAuthentication", settings); });
  }
  const bool import_on = keycloak::config_value(*provider, "importEnabled") != "false";
  const bool enabled = keycloak::config_value(*provider, "enabled") != "false";
  if (!import_on) {
    runner.skip("post.sync", "Sync", "import is off: Keycloak looks users up at login, there is nothing to sync");
  } else if (!enabled) {
    runner.skip("post.sync", "Sync", "the provider is disabled ([federation] enabled = false)");
  } else if (!settings.sync) {
    runner.skip("post.sync", "Sync", "[checks] sync = false");
  } else {
    const std::string expected = settings.directory_users ? " of " + std::to_string(*settings.directory_users) + " directory users" : "";
    runner.run("post.sync", "Sync", "full sync" + expected, [&] { return sync_check(client, outcome.provider_id, settings); });
  }
  if (!enabled) {
    runner.skip("post.user-lookup", "User lookup", "the provider is disabled: Keycloak does not search it");
  } else if (!inputs.sample_error.empty()) {
    runner.run("post.user-lookup", "User lookup", "listing sample users",
               [&] { return make_check("", "", "", Status::fail, inputs.sample_error, "run kcldap probe to see why the directory refuses"); });
  } else if (inputs.sample_users.empty()) {
    runner.skip("post.user-lookup", "User lookup", "[checks] sample_users = 0");
  } else {
    runner.run("post.user-lookup", "User lookup", "looking up " + std::to_string(inputs.sample_users.size()) + " sample users",
               [&] {
                 LookupContext context;
                 context.uuid_attribute = keycloak::config_value(*provider, "uuidLDAPAttribute");
                 for (const auto& mapper : mappers) {
                   const std::string type = mapper.value("providerId", "");
                   context.account_controls_mapper = context.account_controls_mapper || type == "msad-user-account-control-mapper" ||
                                                     type == "msad-lds-user-account-control-mapper";
                 }
                 return lookup_check(client, outcome.provider_id, inputs, keycloak::user_attribute_sources(*provider, mappers), context);
               });
  }
  if (settings.test_user.empty()) {
    runner.skip("post.test-login", "Test login", "no [checks] test_user configured");
  } else {
    runner.run("post.test-login", "Test login", "signing in as " + settings.test_user, [&] {
      auto login = client.password_login(client.realm(), settings.test_user, settings.test_password);
      if (login) {
        return make_check("", "", "", Status::pass, settings.test_user + " signed in to realm " + client.realm() + " with the password grant");
      }
      return make_check("", "", "", Status::fail, settings.test_user + " could not sign in: " + login.error().cause, login.error().remedy);
    });
  }
  outcome.checks = runner.take();
  return outcome;
}

}  // namespace kcldap::checks
