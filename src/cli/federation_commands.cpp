#include "src/cli/federation_commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "common/printable.hpp"

#include "src/pipeline/apply.hpp"
#include "src/pipeline/backup.hpp"
#include "src/pipeline/planning.hpp"
#include "src/report/plan_report.hpp"

namespace kcldap::cli {


namespace {

// Opens the session and plans. nullopt: the error is printed and `exit_code` set.
std::optional<pipeline::Planned> plan_in_session(const PlanOptions& command, std::optional<Session>& session, int& exit_code) {
  session = open_session(command.target, exit_code);
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

void register_plan(CLI::App& app, PlanOptions& plan) {
  CLI::App* sub = add_target_command(app, "plan", "Show what apply would change in Keycloak (reads only)", plan.target, {"text", "json"});
  sub->add_flag("--detailed-exitcode", plan.detailed_exitcode, "exit 0 with no changes, 3 with changes pending");
  sub->add_flag("--rotate-bind-credential", plan.rotate_bind_credential, "plan to send the bind credential again");
}

void register_apply(CLI::App& app, ApplyOptions& apply) {
  CLI::App* sub = add_target_command(app, "apply",
                                     "Probe, plan, apply (with a backup), post-check through Keycloak (rolling back on failure), "
                                     "then run the restart hook",
                                     apply.target, {"text", "json", "junit"});
  sub->add_flag("--yes,-y", apply.yes, "apply without asking (required when not on a terminal)");
  sub->add_flag("--rotate-bind-credential", apply.rotate_bind_credential, "send the bind credential again");
  sub->add_option("--backup-dir", apply.backup_dir, "folder for the backup (default [federation] backup_dir)");
  sub->add_flag("--keep-on-failure", apply.keep_on_failure, "keep the applied change when a post-check fails (no rollback)");
  sub->add_flag("--force-restart", apply.force_restart, "run the restart hook even when nothing changed or a post-check failed");
  sub->add_flag("--no-restart", apply.no_restart, "never run the restart hook");
  sub->add_flag("--dry-run", apply.dry_run, "show the plan, the post-checks and the restart command, and change nothing");
  add_junit_flag(*sub, apply.junit_file);
  sub->add_flag("--verbose,-v", apply.verbose, "show the details of passing checks too");
  sub->get_option("--no-restart")->excludes(sub->get_option("--force-restart"));
}

void register_resume(CLI::App& app, ApplyOptions& resume) {
  CLI::App* sub = add_target_command(app, "resume",
                                     "Finish an apply that did not finish (killed, interrupted): its writes left, the post-checks, "
                                     "then the restart hook, or a rollback when they fail",
                                     resume.target, {"text", "json", "junit"});
  resume.resume = true;
  sub->add_option("--backup-dir", resume.backup_dir, "folder of the backup and the run journal (default [federation] backup_dir)");
  sub->add_flag("--keep-on-failure", resume.keep_on_failure, "keep the change when a post-check fails (no rollback)");
  sub->add_flag("--no-restart", resume.no_restart, "never run the restart hook");
  add_junit_flag(*sub, resume.junit_file);
  sub->add_flag("--verbose,-v", resume.verbose, "show the details of passing checks too");
}

void register_restore(CLI::App& app, RestoreOptions& restore) {
  CLI::App* sub = add_target_command(app, "restore", "Put back the state saved in an apply's backup file", restore.target, {"text"});
  sub->add_option("backup", restore.backup_file, "the backup file an apply wrote")->required();
}

// The session a restore writes through, refused (exit 2) when the config targets another realm than the backup's.
static std::optional<Session> open_session_of_backup(const RestoreOptions& command, const std::string& backup_realm, int& exit_code) {
  auto session = open_session(command.target, exit_code);
  if (!session) return std::nullopt;
  if (backup_realm != session->config.keycloak.realm) {
    std::cerr << "error: the backup is of realm " << backup_realm << ", but the config targets realm " << session->config.keycloak.realm << "\n";
    exit_code = 2;
    return std::nullopt;
  }
  return session;
}

// `kcldap restore` of a clients backup (apply's [[clients]] step writes one).
static int restore_clients_command(const RestoreOptions& command, const Expected<std::optional<pipeline::ClientsBackup>, std::string>& backup) {
  if (!backup) {
    std::cerr << "error: " << backup.error() << "\n";
    return 2;
  }
  int exit_code = 0;
  auto session = open_session_of_backup(command, (*backup)->realm, exit_code);
  if (!session) return exit_code;
  const auto [done, error] = pipeline::restore_clients(*session->client, **backup);
  for (const auto& line : done) std::cout << "  done: " << printable(line) << "\n";
  if (!error.empty()) {
    std::cout << "Restore FAILED: " << printable(error) << "\n";
    return 1;
  }
  std::cout << "Restored the clients from " << command.backup_file << ".\n";
  return 0;
}

int run_plan_command(const PlanOptions& command) {
  int exit_code = 0;
  std::optional<Session> session;
  auto planned = plan_in_session(command, session, exit_code);
  if (!planned) return exit_code;
  if (command.target.common.format == "json") {
    std::cout << report::plan_to_json(*planned, session->config.keycloak.realm).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << report::render_plan_text(*planned, session->config.keycloak.realm, color_wanted(STDOUT_FILENO));
  }
  const bool clients_change = std::any_of(planned->clients.begin(), planned->clients.end(), [](const pipeline::ClientPlan& c) { return c.would.changed(); });
  return command.detailed_exitcode && (planned->plan.has_changes() || clients_change) ? 3 : 0;
}

int run_restore_command(const RestoreOptions& command) {
  if (auto clients = pipeline::read_clients_backup(command.backup_file); !clients || *clients) return restore_clients_command(command, clients);
  auto backup = pipeline::read_backup(command.backup_file);
  if (!backup) {
    std::cerr << "error: " << backup.error() << "\n";
    return 2;
  }
  int exit_code = 0;
  auto session = open_session_of_backup(command, backup->realm, exit_code);
  if (!session) return exit_code;
  const pipeline::RestoreResult result = pipeline::restore_backup(*session->client, *backup);
  for (const auto& line : result.done) std::cout << "  done: " << printable(line) << "\n";
  if (!result.error.empty()) {
    std::cout << "Restore FAILED: " << printable(result.error) << "\n";
    return 1;
  }
  std::cout << "Restored from " << command.backup_file << ".\n";
  return 0;
}

}  // namespace kcldap::cli
