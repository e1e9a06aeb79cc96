// `kcldap apply`, end to end: probe -> plan -> (roles and payload checked before any write) -> apply with a
// backup -> post-checks through Keycloak, rolling back when one fails -> the restart hook, only when
// everything passed. Live progress while it runs, a summary at the end, text/JSON/JUnit reports.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "checks/report_render.hpp"
#include "src/cli/federation_commands.hpp"
#include "src/cli/plan_render.hpp"
#include "src/cli/report_output.hpp"
#include "src/config/secret.hpp"
#include "src/hook/restart.hpp"
#include "src/pipeline/apply.hpp"
#include "src/pipeline/backup.hpp"
#include "src/pipeline/preflight.hpp"
#include "src/pipeline/probe_options.hpp"
#include "src/pipeline/verification.hpp"

namespace kcldap::cli {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// What the JSON report says beyond the checks.
struct ApplyRecord {
  std::string result = "failed";  // unchanged | applied | failed
  std::string stage;              // the stage that failed: probe, keycloak, plan, preflight, apply, post-checks, restart
  std::optional<pipeline::Planned> planned;
  pipeline::ApplyResult applied;
  bool rolled_back = false;
  pipeline::RestoreResult rollback;
  std::string restart_reason;  // why the hook did (not) run
  std::vector<hook::StepReport> restart_steps;
};

json restart_json(const ApplyRecord& record) {
  json steps = json::array();
  for (const auto& step : record.restart_steps) {
    steps.push_back({{"step", step.step},
                     {"command", step.argv},
                     {"started", step.process.started},
                     {"exit_code", step.process.exit_code},
                     {"signal", step.process.signal},
                     {"timed_out", step.process.timed_out},
                     {"seconds", step.process.seconds},
                     {"output", step.process.output}});
  }
  return {{"ran", !record.restart_steps.empty()}, {"reason", record.restart_reason}, {"steps", steps}};
}

json apply_json(const ApplyRecord& record, const checks::Report& report, const std::string& realm) {
  json out = checks::report_to_json(report, false);
  out["schema"] = "kcldap.apply/v1";
  out["result"] = record.result;
  out["failed_stage"] = record.stage;
  out["plan"] = record.planned ? plan_to_json(*record.planned, realm) : json();
  out["done"] = record.applied.done;
  out["not_done"] = record.applied.not_done;
  out["error"] = record.applied.error;
  out["backup"] = record.applied.backup_path;
  out["provider_id"] = record.applied.provider_id;
  out["rollback"] = {{"performed", record.rolled_back}, {"done", record.rollback.done}, {"error", record.rollback.error}};
  out["restart"] = restart_json(record);
  return out;
}

class ApplyRun {
 public:
  explicit ApplyRun(const FederationCommand& command) : command_(command), start_(Clock::now()) {}

  int run();

 private:
  int finish(const std::string& headline, int exit_code);
  void add(checks::Check check) {
    progress_->check(check);
    report_.add(std::move(check));
  }
  bool confirmed();
  void post_check_and_restart(keycloak::AdminClient& client, const ldap::ProbeOptions& options, const checks::PostCheckSettings& settings);
  void roll_back(keycloak::AdminClient& client);
  void restart(bool post_checks_passed, bool changed);

  const FederationCommand& command_;
  const Clock::time_point start_;
  config::Config config_;
  std::unique_ptr<Progress> progress_;
  checks::Report report_{"apply", {}};
  ApplyRecord record_;
};

int ApplyRun::finish(const std::string& headline, int exit_code) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  if (command_.common.format == "text") {
    progress_->line(render_summary(report_, false, headline, seconds));
  } else if (command_.common.format == "json") {
    std::cout << apply_json(record_, report_, config_.keycloak.realm).dump(2) << "\n";
  } else {
    std::cout << checks::render_junit(report_, false);
  }
  if (!write_junit_file(report_, false, command_.junit_file) && exit_code == 0) return 2;
  return exit_code;
}

bool ApplyRun::confirmed() {
  if (command_.yes) return true;
  if (::isatty(STDIN_FILENO) != 1) return false;
  progress_->line("\nApply these changes to realm " + config_.keycloak.realm + "? Type yes to continue: ");
  std::string answer;
  return std::getline(std::cin, answer) && answer == "yes";
}

void ApplyRun::roll_back(keycloak::AdminClient& client) {
  if (command_.keep_on_failure) {
    add(checks::make_check("rollback", "Rollback", "Rollback", checks::Status::warn,
                           "kept the applied change although a post-check failed (--keep-on-failure)",
                           "fix the cause and apply again, or undo with: kcldap restore " + record_.applied.backup_path));
    return;
  }
  auto backup = pipeline::read_backup(record_.applied.backup_path);
  if (!backup) {
    add(checks::make_check("rollback", "Rollback", "Rollback", checks::Status::fail, "could not read the backup: " + backup.error(),
                           "restore by hand from " + record_.applied.backup_path));
    return;
  }
  progress_->begin("rolling back to the backup");
  record_.rollback = pipeline::restore_backup(client, *backup);
  record_.rolled_back = record_.rollback.error.empty();
  if (record_.rolled_back) {
    checks::Check check = checks::make_check("rollback", "Rollback", "Rollback", checks::Status::pass,
                                             "rolled back: Keycloak holds what it held before this apply", "", record_.rollback.done);
    if (backup->provider) check.details.push_back("users a sync imported stay in Keycloak; the bind credential stays as last sent");
    add(std::move(check));
  } else {
    add(checks::make_check("rollback", "Rollback", "Rollback", checks::Status::fail, "the rollback failed: " + record_.rollback.error,
                           "run kcldap restore " + record_.applied.backup_path + " once Keycloak answers again", record_.rollback.done));
  }
}

void ApplyRun::restart(bool post_checks_passed, bool changed) {
  const auto skip = [&](const std::string& why) {
    record_.restart_reason = why;
    add(checks::make_check("restart.command", "Restart", "Restart", checks::Status::skip, why));
  };
  if (config_.restart.command.empty()) return skip("no [restart] command configured");
  if (command_.no_restart) return skip("--no-restart");
  if (!command_.force_restart && !post_checks_passed) return skip("not run: a post-check failed (--force-restart overrides)");
  if (!command_.force_restart && !changed) return skip("not run: nothing changed (--force-restart overrides)");
  record_.restart_reason = command_.force_restart ? "--force-restart" : "every post-check passed";
  const auto outcome = hook::run_restart_hook(
      config_.restart, config::secret_values(config_),
      [&](const std::string& step, const std::string& line) { progress_->line("        " + step + " | " + line); },
      checks::Observer{[&](const std::string&, const std::string& activity) { progress_->begin("running " + activity); },
                       [&](const checks::Check& check) { add(check); }});
  record_.restart_steps = outcome.steps;
  if (!outcome.ok()) record_.stage = "restart";
}

void ApplyRun::post_check_and_restart(keycloak::AdminClient& client, const ldap::ProbeOptions& options,
                                      const checks::PostCheckSettings& settings) {
  const auto outcome = pipeline::verify_federation(config_, client, options, *record_.planned, settings, progress_->observer());
  report_.append(outcome.checks);
  if (!outcome.passed()) {
    record_.stage = "post-checks";
    roll_back(client);
  }
  restart(outcome.passed(), true);
}

int ApplyRun::run() {
  int exit_code = 0;
  auto config = load_full_config(command_, exit_code);
  if (!config) return exit_code;
  config_ = std::move(*config);
  auto options = pipeline::make_probe_options(config_);
  if (!options) {
    std::cerr << "error: " << options.error() << "\n";
    return 2;
  }
  auto client_settings = pipeline::make_client_settings(config_);
  if (!client_settings) {
    std::cerr << "error: " << client_settings.error().message << "\n";
    return client_settings.error().exit_code;
  }
  const bool text = command_.common.format == "text";
  if (!command_.yes && !command_.dry_run && ::isatty(STDIN_FILENO) != 1) {
    std::cerr << "error: refusing to change Keycloak without confirmation: pass --yes for unattended runs\n";
    return 2;
  }
  progress_ = make_progress(command_.common.format, command_.verbose);
  if (text) progress_->line("kcldap apply: realm " + config_.keycloak.realm + ", provider \"" + config_.federation.name + "\"\n");
  const checks::Observer observer = progress_->observer();

  // 1. Probe.
  ldap::ProbeReport probe = pipeline::probe_with_progress(*options, observer);
  report_.append(checks::checks_from_probe(probe));
  auto post_settings = pipeline::make_post_check_settings(config_, probe);
  if (!post_settings) {
    progress_.reset();
    std::cerr << "error: " << post_settings.error().message << "\n";
    return 2;
  }
  if (probe.failed()) {
    record_.stage = "probe";
    return finish("the directory probe failed; nothing was changed", 1);
  }
  // 2. Keycloak and plan.
  auto client = pipeline::connect_with_checks(*client_settings, config_.keycloak.realm, report_, observer);
  if (!client) {
    record_.stage = "keycloak";
    return finish("Keycloak could not be used; nothing was changed", 1);
  }
  auto planned = pipeline::plan_from_probe(config_, *client, *options, probe, command_.rotate_bind_credential);
  if (!planned) {
    progress_.reset();
    std::cerr << "error: " << planned.error().message << "\n";
    return planned.error().exit_code;
  }
  record_.planned = std::move(*planned);
  const pipeline::Planned& plan = *record_.planned;

  // 3. Before any write: the roles this run needs and the payload against the server's rules.
  for (auto& check : pipeline::pre_write_checks(config_, *client, plan)) add(std::move(check));
  if (text) progress_->line("\n" + render_plan_text(plan, config_.keycloak.realm, color_wanted(STDOUT_FILENO)));
  if (!report_.passed()) {
    record_.stage = "preflight";
    return finish("stopped before any write; nothing was changed", 1);
  }
  if (command_.dry_run) {
    std::string would = "\nDry run: nothing was changed.";
    would += plan.plan.has_changes() ? "\n  apply would send " + std::to_string(plan.plan.write_count()) + " requests, then run the post-checks"
                                     : "\n  nothing to apply";
    if (!config_.restart.command.empty()) {
      would += "\n  restart command: " + hook::redact(hook::command_line(config_.restart.command), config::secret_values(config_));
      if (!config_.restart.wait.empty()) {
        would += "\n  then wait with:  " + hook::redact(hook::command_line(config_.restart.wait), config::secret_values(config_));
      }
      would += "\n  (within " + std::to_string(config_.restart.timeout_s) + " s, only after every post-check passed)";
    }
    progress_->line(would);
    record_.result = "unchanged";
    return finish("dry run of realm " + config_.keycloak.realm, 0);
  }
  if (!plan.plan.has_changes()) {
    record_.result = "unchanged";
    progress_->line("Nothing to apply (run kcldap verify to check the federation through Keycloak).");
    if (command_.force_restart) restart(true, false);
    return finish("nothing to apply in realm " + config_.keycloak.realm, report_.passed() ? 0 : 1);
  }
  // 4. Apply.
  if (!confirmed()) {
    progress_->line("Not applied.");
    record_.stage = "apply";
    return finish("not confirmed; nothing was changed", 1);
  }
  const std::string backup_dir = command_.backup_dir.empty() ? config_.federation.backup_dir : command_.backup_dir;
  observer.start("apply", "applying " + std::to_string(plan.plan.write_count()) + " changes");
  record_.applied = pipeline::execute_plan(*client, plan, config_.keycloak.realm, backup_dir);
  {
    const auto& applied = record_.applied;
    checks::Check check = checks::make_check("apply", "Apply", "Apply", applied.ok() ? checks::Status::pass : checks::Status::fail,
                                             applied.ok() ? "applied " + std::to_string(applied.done.size()) + (applied.done.size() == 1 ? " change" : " changes") : "apply FAILED: " + applied.error,
                                             "run kcldap apply again to converge from here, or restore the backup");
    check.show_details = true;
    for (const auto& line : applied.done) check.details.push_back("done: " + line);
    for (const auto& line : applied.not_done) check.details.push_back("NOT done: " + line);
    if (!applied.backup_path.empty()) {
      check.details.push_back("backup: " + applied.backup_path + " (undo with: kcldap restore " + applied.backup_path +
                              (command_.common.config_path.empty() ? "" : " --config " + command_.common.config_path) + ")");
    }
    add(std::move(check));
  }
  if (!record_.applied.ok()) {
    record_.stage = "apply";
    return finish("apply failed halfway; see done / NOT done above", 1);
  }
  // 5. Post-checks (rollback on failure), 6. restart.
  post_check_and_restart(*client, *options, *post_settings);
  const bool ok = report_.passed();
  record_.result = ok ? "applied" : "failed";
  std::string headline = "applied to realm " + config_.keycloak.realm;
  if (record_.stage == "post-checks") headline = record_.rolled_back ? "a post-check failed; the change was rolled back" : "a post-check failed";
  if (record_.stage == "restart") headline = "applied and post-checked, but the restart hook failed";
  return finish(headline, ok ? 0 : 1);
}

}  // namespace

int run_apply_command(const FederationCommand& command) { return ApplyRun(command).run(); }

}  // namespace kcldap::cli
