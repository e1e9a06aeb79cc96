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

namespace {

void add_keycloak_flags(CLI::App& sub, config::KeycloakOverrides& k) {
  sub.add_option("--keycloak-url", k.url, "Keycloak base URL (with /auth on legacy servers; detected otherwise)");
  sub.add_option("--realm", k.realm, "realm to federate");
  sub.add_option("--auth-realm", k.auth_realm, "realm the identity signs in to (default master)");
  sub.add_option("--client-id", k.client_id, "service-account client id");
  sub.add_option("--client-secret-env", k.client_secret_env, "environment variable holding the client secret");
  sub.add_option("--username", k.username, "admin user (admin-cli password grant)");
  sub.add_option("--password-env", k.password_env, "environment variable holding the admin password");
}

CLI::App* add_command(CLI::App& app, const std::string& name, const std::string& help, FederationCommand& command) {
  CLI::App* sub = app.add_subcommand(name, help);
  sub->add_option("--config", command.common.config_path, "kcldap.toml to read");
  sub->add_option("--format", command.common.format, "output format")->check(CLI::IsMember({"text", "json"}));
  add_ldap_flags(*sub, command.ldap);
  add_keycloak_flags(*sub, command.keycloak);
  return sub;
}

bool color_wanted() { return ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr; }

struct Session {
  config::Config config;
  std::optional<keycloak::AdminClient> client;
};

// Loads the config with all flags, and signs in to Keycloak. nullopt: the exit code is set.
std::optional<Session> open_session(const FederationCommand& command, int& exit_code) {
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
  CLI::App* plan_sub = add_command(app, "plan", "Show what apply would change in Keycloak (reads only)", plan);
  plan_sub->add_flag("--detailed-exitcode", plan.detailed_exitcode, "exit 0 with no changes, 3 with changes pending");
  plan_sub->add_flag("--rotate-bind-credential", plan.rotate_bind_credential, "plan to send the bind credential again");

  CLI::App* apply_sub = add_command(app, "apply", "Apply the plan to Keycloak, with a backup of what it replaces", apply);
  apply_sub->add_flag("--yes,-y", apply.yes, "apply without asking (required when not on a terminal)");
  apply_sub->add_flag("--rotate-bind-credential", apply.rotate_bind_credential, "send the bind credential again");
  apply_sub->add_option("--backup-dir", apply.backup_dir, "folder for the backup (default [federation] backup_dir)");

  CLI::App* restore_sub = add_command(app, "restore", "Put back the state saved in an apply's backup file", restore);
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
    std::cout << render_plan_text(*planned, session->config.keycloak.realm, color_wanted());
  }
  return command.detailed_exitcode && planned->plan.has_changes() ? 3 : 0;
}

int run_apply_command(const FederationCommand& command) {
  int exit_code = 0;
  std::optional<Session> session;
  auto planned = plan_in_session(command, session, exit_code);
  if (!planned) return exit_code;
  const bool json_output = command.common.format == "json";
  if (!json_output) std::cout << render_plan_text(*planned, session->config.keycloak.realm, color_wanted());
  if (!planned->plan.has_changes()) {
    if (json_output) {
      std::cout << json{{"schema", "kcldap.apply/v1"}, {"result", "unchanged"}, {"plan", plan_to_json(*planned, session->config.keycloak.realm)},
                        {"done", json::array()}, {"not_done", json::array()}}.dump(2) << "\n";
    } else {
      std::cout << "Nothing to apply.\n";
    }
    return 0;
  }
  if (!command.yes) {
    if (::isatty(STDIN_FILENO) != 1) {
      std::cerr << "error: refusing to change Keycloak without confirmation: pass --yes for unattended runs\n";
      return 2;
    }
    std::cout << "\nApply these changes to realm " << session->config.keycloak.realm << "? Type yes to continue: " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer) || answer != "yes") {
      std::cout << "Not applied.\n";
      return 1;
    }
  }
  const std::string backup_dir = command.backup_dir.empty() ? session->config.federation.backup_dir : command.backup_dir;
  const pipeline::ApplyResult result = pipeline::execute_plan(*session->client, *planned, session->config.keycloak.realm, backup_dir);
  if (json_output) {
    std::cout << json{{"schema", "kcldap.apply/v1"},
                      {"result", result.ok() ? "applied" : "failed"},
                      {"plan", plan_to_json(*planned, session->config.keycloak.realm)},
                      {"done", result.done},
                      {"not_done", result.not_done},
                      {"error", result.error},
                      {"backup", result.backup_path},
                      {"provider_id", result.provider_id}}.dump(2) << "\n";
  } else {
    std::cout << "\n";
    for (const auto& line : result.done) std::cout << "  done: " << line << "\n";
    for (const auto& line : result.not_done) std::cout << "  NOT done: " << line << "\n";
    if (!result.backup_path.empty()) {
      std::cout << "Backup: " << result.backup_path << " (undo with: kcldap restore " << result.backup_path
                << (command.common.config_path.empty() ? "" : " --config " + command.common.config_path) << ")\n";
    }
    if (result.ok()) {
      std::cout << "Applied.\n";
    } else {
      std::cout << "Apply FAILED: " << result.error << "\nRun kcldap apply again to converge from here, or restore the backup.\n";
    }
  }
  return result.ok() ? 0 : 1;
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
