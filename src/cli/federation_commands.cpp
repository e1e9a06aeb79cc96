#include "src/cli/federation_commands.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "src/cli/plan_render.hpp"
#include "src/pipeline/apply.hpp"
#include "src/pipeline/backup.hpp"
#include "src/pipeline/planning.hpp"

namespace kcldap::cli {

using nlohmann::json;

void add_keycloak_flags(CLI::App& sub, config::KeycloakOverrides& k) {
  sub.add_option("--keycloak-url", k.url, "Keycloak base URL (with /auth on legacy servers; detected otherwise)");
  sub.add_option("--realm", k.realm, "realm to federate");
  sub.add_option("--auth-realm", k.auth_realm, "realm the identity signs in to (default master)");
  sub.add_option("--client-id", k.client_id, "service-account client id");
  sub.add_option("--client-secret-env", k.client_secret_env, "environment variable holding the client secret");
  sub.add_option("--username", k.username, "admin user (admin-cli password grant)");
  sub.add_option("--password-env", k.password_env, "environment variable holding the admin password");
}

CLI::App* add_federation_command(CLI::App& app, const std::string& name, const std::string& help, FederationCommand& command,
                                 const std::vector<std::string>& formats) {
  CLI::App* sub = app.add_subcommand(name, help);
  sub->add_option("--config", command.common.config_path, "kcldap.toml to read");
  sub->add_option("--format", command.common.format, "output format")->check(CLI::IsMember(formats));
  add_ldap_flags(*sub, command.ldap);
  add_keycloak_flags(*sub, command.keycloak);
  return sub;
}

bool color_wanted(int fd) { return ::isatty(fd) == 1 && std::getenv("NO_COLOR") == nullptr; }

std::optional<config::Config> load_full_config(const FederationCommand& command, int& exit_code) {
  auto config = load_effective_config(command.common, command.ldap);
  if (!config) {
    exit_code = 2;
    return std::nullopt;
  }
  if (auto errors = config::apply_overrides(*config, command.keycloak); !errors.empty()) {
    for (const auto& error : errors) std::cerr << "error: " << error.to_string() << "\n";
    exit_code = 2;
    return std::nullopt;
  }
  return config;
}

std::optional<Session> open_session(const FederationCommand& command, int& exit_code) {
  auto config = load_full_config(command, exit_code);
  if (!config) return std::nullopt;
  auto settings = pipeline::make_client_settings(*config);
  if (!settings) {
    std::cerr << "error: " << settings.error().message << "\n";
    exit_code = settings.error().exit_code;
    return std::nullopt;
  }
  auto client = keycloak::AdminClient::connect(*settings);
  if (!client) {
    std::cerr << "error: " << client.error().to_string() << "\n";
    exit_code = 1;
    return std::nullopt;
  }
  return Session{std::move(*config), std::move(*client)};
}

namespace {

// Opens the session and plans. nullopt: the error is printed and `exit_code` set.
std::optional<pipeline::Planned> plan_in_session(const FederationCommand& command, std::optional<Session>& session,
                                                 int& exit_code) {
  session = open_session(command, exit_code);
  if (!session) return std::nullopt;
  auto planned = pipeline::plan_federation(session->config, *session->client, command.rotate_bind_credential);
  if (!planned) {
    std::cerr << "error: " << planned.error().message << "\n";
    exit_code = planned.error().exit_code;
    return std::nullopt;
  }
  return std::move(*planned);
}

}  // namespace

void register_federation_commands(CLI::App& app, FederationCommand& plan, FederationCommand& apply, FederationCommand& restore) {
  CLI::App* plan_sub = add_federation_command(app, "plan", "Show what apply would change in Keycloak (reads only)", plan, {"text", "json"});
  plan_sub->add_flag("--detailed-exitcode", plan.detailed_exitcode, "exit 0 with no changes, 3 with changes pending");
  plan_sub->add_flag("--rotate-bind-credential", plan.rotate_bind_credential, "plan to send the bind credential again");

  CLI::App* apply_sub = add_federation_command(app, "apply",
                                               "Probe, plan, apply (with a backup), post-check through Keycloak (rolling back on failure), "
                                               "then run the restart hook",
                                               apply, {"text", "json", "junit"});
  apply_sub->add_flag("--yes,-y", apply.yes, "apply without asking (required when not on a terminal)");
  apply_sub->add_flag("--rotate-bind-credential", apply.rotate_bind_credential, "send the bind credential again");
  apply_sub->add_option("--backup-dir", apply.backup_dir, "folder for the backup (default [federation] backup_dir)");
  apply_sub->add_flag("--keep-on-failure", apply.keep_on_failure, "keep the applied change when a post-check fails (no rollback)");
  apply_sub->add_flag("--force-restart", apply.force_restart, "run the restart hook even when nothing changed or a post-check failed");
  apply_sub->add_flag("--no-restart", apply.no_restart, "never run the restart hook");
  apply_sub->add_flag("--dry-run", apply.dry_run, "show the plan, the post-checks and the restart command, and change nothing");
  apply_sub->add_option("--junit-file", apply.junit_file, "also write the checks as JUnit XML to this file");
  apply_sub->add_flag("--verbose,-v", apply.verbose, "show the details of passing checks too");
  apply_sub->get_option("--no-restart")->excludes(apply_sub->get_option("--force-restart"));

  CLI::App* restore_sub = add_federation_command(app, "restore", "Put back the state saved in an apply's backup file", restore, {"text"});
  restore_sub->add_option("backup", restore.backup_file, "the backup file an apply wrote")->required();
}

int run_plan_command(const FederationCommand& command) {
  int exit_code = 0;
  std::optional<Session> session;
  auto planned = plan_in_session(command, session, exit_code);
  if (!planned) return exit_code;
  if (command.common.format == "json") {
    std::cout << plan_to_json(*planned, session->config.keycloak.realm).dump(2) << "\n";
  } else {
    std::cout << render_plan_text(*planned, session->config.keycloak.realm, color_wanted(STDOUT_FILENO));
  }
  return command.detailed_exitcode && planned->plan.has_changes() ? 3 : 0;
}

int run_restore_command(const FederationCommand& command) {
  auto backup = pipeline::read_backup(command.backup_file);
  if (!backup) {
    std::cerr << "error: " << backup.error() << "\n";
    return 2;
  }
  int exit_code = 0;
  auto session = open_session(command, exit_code);
  if (!session) return exit_code;
  if (backup->realm != session->config.keycloak.realm) {
    std::cerr << "error: the backup is of realm " << backup->realm << ", but the config targets realm "
              << session->config.keycloak.realm << "\n";
    return 2;
  }
  const pipeline::RestoreResult result = pipeline::restore_backup(*session->client, *backup);
  for (const auto& line : result.done) std::cout << "  done: " << line << "\n";
  if (!result.error.empty()) {
    std::cout << "Restore FAILED: " << result.error << "\n";
    return 1;
  }
  std::cout << "Restored from " << command.backup_file << ".\n";
  return 0;
}

}  // namespace kcldap::cli
