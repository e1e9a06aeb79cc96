#include "src/pipeline/preflight.hpp"

#include <cstdlib>

#include "checks/directory_fit.hpp"
#include "checks/keycloak_checks.hpp"
#include "checks/preflight_checks.hpp"
#include "checks/sync_preview.hpp"
#include "keycloak/federation_store.hpp"
#include "keycloak/http.hpp"
#include "keycloak/realm_api.hpp"
#include "keycloak/validation.hpp"
#include "ldap/user_listing.hpp"
#include "src/pipeline/probe_options.hpp"

namespace kcldap::pipeline {

using nlohmann::json;

namespace {

constexpr std::size_t kPreviewSample = 5;
constexpr int kUserPage = 500;
constexpr int kNoSuchObject = 32;

void add_all(checks::Report& report, std::vector<checks::Check> more, const checks::Observer& observer) {
  for (auto& check : more) {
    observer.finish(check);
    report.add(std::move(check));
  }
}

void skip_all(checks::Report& report, const std::vector<std::pair<std::string, std::string>>& ids, const std::string& group,
              const std::string& why, const checks::Observer& observer) {
  for (const auto& [id, title] : ids) add_all(report, {checks::make_check(id, group, title, checks::Status::skip, why)}, observer);
}

const std::vector<std::pair<std::string, std::string>> kFederationChecks = {
    {"federation.payload", "Payload"}, {"federation.paging", "Paging"}, {"federation.provider", "Provider"}};
const std::vector<std::pair<std::string, std::string>> kSyncChecks = {{"sync.preview", "Users"},
                                                                      {"sync.local-collisions", "Local users"},
                                                                      {"sync.duplicate-usernames", "Unique usernames"},
                                                                      {"sync.duplicate-emails", "Unique emails"}};

// The realm's users, unless listing them would make Keycloak import directory users (any enabled LDAP
// provider with import on imports every directory user a user search finds).
checks::KeycloakUsers list_keycloak_users(keycloak::AdminClient& client) {
  checks::KeycloakUsers out;
  auto providers = keycloak::list_storage_providers(client);
  if (!providers) {
    out.not_listed_reason = "not checked: " + providers.error().what + " failed: " + providers.error().cause;
    return out;
  }
  for (const auto& provider : *providers) {
    if (provider.provider_id != "ldap") continue;
    if (provider.value("enabled") == "false" || provider.value("importEnabled") == "false") continue;
    out.not_listed_reason = "not checked without a write: LDAP provider \"" + provider.name +
                            "\" imports users, and Keycloak imports each directory user a user search finds; kcldap verify reports the sync's failures instead";
    return out;
  }
  json users = json::array();
  for (int first = 0;; first += kUserPage) {
    auto page = keycloak::list_users_page(client, first, kUserPage);
    if (!page) {
      out.not_listed_reason = "not checked: " + page.error().what + " failed: " + page.error().cause +
                              (page.error().remedy.empty() ? "" : " (" + page.error().remedy + ")");
      return out;
    }
    for (auto& user : *page) users.push_back(std::move(user));
    if (page->size() < static_cast<std::size_t>(kUserPage)) break;
  }
  out.users = std::move(users);
  return out;
}

std::vector<checks::Check> simulate_sync(keycloak::AdminClient& client, const Planned& planned,
                                         const ldap::ProbeOptions& options) {
  auto sources = keycloak::user_attribute_sources(planned.spec);
  checks::DirectoryPopulation population(sources, kPreviewSample);
  std::vector<std::string> attributes;
  for (const auto& [field, attribute] : sources) attributes.push_back(attribute);
  auto listed = ldap::list_users(options, planned.probe.server->url, ldap::users_query(planned.probe, attributes),
                                 [&](const ldap::ListedUser& user) {
                                   population.add(user);
                                   return true;
                                 });
  if (!listed) {
    std::vector<checks::Check> out;
    out.push_back(checks::make_check("sync.preview", "Simulated sync", "Users", checks::Status::fail,
                                     "listing the directory users failed: " + listed.error().operation + " (" +
                                         std::to_string(listed.error().code) + " " + listed.error().diagnostic + ")",
                                     "run kcldap probe to see why the directory refuses"));
    return out;
  }
  population.set_complete(listed->complete);
  checks::SyncPreviewSettings settings;
  settings.provider_id = planned.current_provider ? planned.current_provider->id : "";
  settings.import_on = keycloak::imports_users(planned.spec);
  settings.duplicate_emails_allowed = client.facts().duplicate_emails_allowed;
  return checks::sync_preview_checks(population, list_keycloak_users(client), settings);
}

// Reads each group and role mapper's DN (base scope) the way the probe reached the directory.
checks::Check mapper_dns_check(const config::Config& config, const Planned& planned) {
  auto dns = checks::membership_mapper_dns(planned.spec);
  auto options = make_probe_options(config);
  for (auto& dn : dns) {
    if (!options || !planned.probe.server) {
      dn.error = options ? "the probe reached no server" : options.error();
      continue;
    }
    bool seen = false;
    auto read = ldap::list_users(*options, planned.probe.server->url, ldap::UserQuery{dn.dn, ldap::Scope::base, "(objectClass=*)", {}},
                                 [&](const ldap::ListedUser&) {
                                   seen = true;
                                   return false;
                                 });
    if (read) dn.found = seen ? checks::MapperDn::Found::yes : checks::MapperDn::Found::no;
    else if (read.error().code == kNoSuchObject) dn.found = checks::MapperDn::Found::no;
    else dn.error = read.error().operation + " failed (" + std::to_string(read.error().code) + " " + read.error().diagnostic + ")";
  }
  return checks::mapper_dns_check(dns);
}

checks::Check same_directory_check(keycloak::AdminClient& client, const Planned& planned) {
  auto providers = keycloak::list_storage_providers(client);
  if (!providers) {
    return checks::make_check("federation.same-directory", checks::kPreflightGroup, "Same directory", checks::Status::warn,
                              "could not list the realm's providers: " + providers.error().what + " failed: " + providers.error().cause);
  }
  return checks::same_directory_check(planned.spec, *providers);
}

std::string program_search_path() {
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/bin:/usr/bin";  // execvp's default when PATH is unset
}

}  // namespace

ldap::ProbeReport probe_with_progress(const ldap::ProbeOptions& options, const checks::Observer& observer) {
  observer.start("ldap.connect", "probing the directory");
  return ldap::run_probe(options, [&](const ldap::StageResult& stage) {
    observer.finish(checks::check_from_stage(stage));
  });
}

std::optional<keycloak::AdminClient> connect_with_checks(const keycloak::ClientSettings& settings, const std::string& realm,
                                                         checks::Report& report, const checks::Observer& observer) {
  observer.start("keycloak.connect", "connecting to Keycloak");
  keycloak::ConnectProgress progress;
  auto client = keycloak::AdminClient::connect(settings, &progress);
  add_all(report, checks::connection_checks(progress, client ? nullptr : &client.error(), realm), observer);
  if (!client) return std::nullopt;
  return std::move(*client);
}

keycloak::RoleFeatures configured_role_features(const config::Config& config) {
  const bool import_on = config.is_set("federation.import_users") ? config.federation.import_users
                                                                   : config.federation.import_users && config.federation.preset != "runai";
  return {import_on && config.checks.sync, config.checks.sample_users > 0};
}

std::string role_fix_command(const config::Config& config) {
  if (config.keycloak.client_id.empty() || config.keycloak.auth_realm != config.keycloak.realm) return "";
  return "kcldap bootstrap-client" + (config.path.empty() ? std::string() : " --config " + config.path) + " --client-id " +
         config.keycloak.client_id + " --admin-username admin --admin-password-env KEYCLOAK_ADMIN_PASSWORD";
}

std::vector<checks::Check> readiness_checks(const config::Config& config, keycloak::AdminClient& client, const Planned& planned) {
  const keycloak::RoleFeatures features{keycloak::imports_users(planned.spec) && config.checks.sync, config.checks.sample_users > 0};
  return {checks::roles_check(keycloak::held_roles(client), config.keycloak.realm, client.token_realm(), client.facts().identity, features,
                              role_fix_command(config)),
          checks::payload_check(keycloak::validate_federation(planned.spec, planned.facts.version, keycloak::first_values(planned.current_provider)),
                                planned.facts.version),
          checks::paging_check(planned.spec, planned.probe)};
}

std::vector<checks::Check> after_write_risk_checks(const config::Config& config, keycloak::AdminClient& client, const Planned& planned) {
  return {checks::restart_program_check(config.restart.command, config.restart.wait, program_search_path()),
          mapper_dns_check(config, planned), checks::username_kept_check(planned.spec), same_directory_check(client, planned)};
}

std::vector<checks::Check> pre_write_checks(const config::Config& config, keycloak::AdminClient& client, const Planned& planned) {
  auto out = readiness_checks(config, client, planned);
  if (!planned.clients.empty()) out.push_back(clients_admin_roles_check(planned.clients, keycloak::held_roles(client).roles));
  for (auto& check : after_write_risk_checks(config, client, planned)) out.push_back(std::move(check));
  return out;
}

Expected<checks::Report, PipelineError> run_preflight(const config::Config& config, const checks::Observer& observer) {
  auto options = make_probe_options(config);
  if (!options) return unexpected(PipelineError{2, options.error()});
  auto client_settings = make_client_settings(config);
  if (!client_settings) return unexpected(client_settings.error());

  checks::Report report;
  report.command = "check";
  ldap::ProbeReport probe = probe_with_progress(*options, observer);
  report.append(checks::checks_from_probe(probe));

  auto client = connect_with_checks(*client_settings, config.keycloak.realm, report, observer);
  if (!client) {
    skip_all(report, {{"keycloak.roles", "Roles"}}, "Keycloak", "not checked: Keycloak could not be reached or signed in to", observer);
    skip_all(report, kFederationChecks, "Federation", "not checked: Keycloak could not be reached or signed in to", observer);
    skip_all(report, kSyncChecks, "Simulated sync", "not checked: Keycloak could not be reached or signed in to", observer);
    return report;
  }
  // The roles depend on what the federation will do; without a plan, assume what the config says.
  const auto check_roles = [&] {
    add_all(report, {checks::roles_check(keycloak::held_roles(*client), config.keycloak.realm, client->token_realm(), client->facts().identity,
                                         configured_role_features(config), role_fix_command(config))},
            observer);
  };
  if (probe.failed()) {
    check_roles();
    skip_all(report, kFederationChecks, "Federation", "not checked: the directory probe failed (see above)", observer);
    skip_all(report, kSyncChecks, "Simulated sync", "not checked: the directory probe failed (see above)", observer);
    return report;
  }
  observer.start("federation.provider", "reading the current provider and planning");
  auto planned = plan_from_probe(config, *client, *options, probe, false);
  if (!planned) {
    if (planned.error().exit_code == 2) return unexpected(planned.error());
    check_roles();
    add_all(report, {checks::make_check("federation.provider", "Federation", "Provider", checks::Status::fail, planned.error().message)}, observer);
    skip_all(report, {{"federation.payload", "Payload"}}, "Federation", "not checked: the current provider could not be read", observer);
    skip_all(report, kSyncChecks, "Simulated sync", "not checked: the current provider could not be read", observer);
    return report;
  }
  add_all(report, readiness_checks(config, *client, *planned), observer);
  add_all(report, {checks::provider_check(planned->plan, config.federation.name)}, observer);
  if (!planned->clients.empty()) {
    add_all(report, client_plan_checks(planned->clients), observer);
    add_all(report, {clients_admin_roles_check(planned->clients, keycloak::held_roles(*client).roles)}, observer);
    add_all(report, client_proof_checks(*client, config, planned->clients, *client_settings), observer);
  }
  add_all(report, after_write_risk_checks(config, *client, *planned), observer);
  observer.start("sync.preview", "simulating a sync (directory users against Keycloak's users)");
  add_all(report, simulate_sync(*client, *planned, *options), observer);
  return report;
}

}  // namespace kcldap::pipeline
