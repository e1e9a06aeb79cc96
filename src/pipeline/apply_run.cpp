#include "src/pipeline/apply_run.hpp"

#include "src/config/secret.hpp"
#include "src/hook/restart.hpp"
#include "src/pipeline/apply.hpp"
#include "src/pipeline/backup.hpp"
#include "src/pipeline/preflight.hpp"
#include "src/pipeline/verification.hpp"

namespace kcldap::pipeline {

namespace {

using checks::Status;

// What --dry-run would have done: the writes, and the restart hook (its secrets masked).
std::string dry_run_text(const config::Config& config, const keycloak::Plan& plan) {
  std::string would = "\nDry run: nothing was changed.";
  would += plan.has_changes() ? "\n  apply would send " + std::to_string(plan.write_count()) + " requests, then run the post-checks"
                              : "\n  nothing to apply";
  if (!config.restart.command.empty()) {
    would += "\n  restart command: " + hook::redact(hook::command_line(config.restart.command), config::secret_values(config));
    if (!config.restart.wait.empty()) {
      would += "\n  then wait with:  " + hook::redact(hook::command_line(config.restart.wait), config::secret_values(config));
    }
    would += "\n  (within " + std::to_string(config.restart.timeout_s) + " s, only after every post-check passed)";
  }
  return would;
}

// One run. Each step returns whether the run goes on; a step that ends it sets the outcome's headline
// and exit code (or its error).
class ApplyRun {
 public:
  ApplyRun(const config::Config& config, const ldap::ProbeOptions& options, const keycloak::ClientSettings& settings,
           const ApplyRequest& request, const ApplyObserver& observer)
      : config_(config), options_(options), settings_(settings), request_(request), observer_(observer) {}

  ApplyOutcome run() {
    if (probe() && connect() && plan() && check_before_writing() && ready_to_write() && apply()) post_check_and_restart();
    return std::move(out_);
  }

 private:
  bool probe();
  bool connect();
  bool plan();
  bool check_before_writing();
  bool ready_to_write();
  bool apply();
  void post_check_and_restart();
  void roll_back();
  void restart(bool post_checks_passed, bool changed);
  checks::Check apply_check() const;

  bool end(const std::string& headline, int exit_code) {
    out_.headline = headline;
    out_.exit_code = exit_code;
    return false;
  }
  bool stop(const std::string& stage, const std::string& headline) {
    out_.record.stage = stage;
    return end(headline, 1);
  }
  bool fail(PipelineError error) {
    out_.error = std::move(error);
    return false;
  }
  void add(checks::Check check) {
    observer_.checks.finish(check);
    out_.report.add(std::move(check));
  }
  void line(const std::string& text) const {
    if (observer_.line) observer_.line(text);
  }
  const Planned& planned() const { return *out_.record.planned; }
  const std::string& realm() const { return config_.keycloak.realm; }

  const config::Config& config_;
  const ldap::ProbeOptions& options_;
  const keycloak::ClientSettings& settings_;
  const ApplyRequest& request_;
  const ApplyObserver& observer_;
  ldap::ProbeReport probe_;
  std::optional<checks::PostCheckSettings> post_settings_;
  std::optional<keycloak::AdminClient> client_;
  ApplyOutcome out_;
};

bool ApplyRun::probe() {
  probe_ = probe_with_progress(options_, observer_.checks);
  out_.report.append(checks::checks_from_probe(probe_));
  auto post_settings = make_post_check_settings(config_, probe_);
  if (!post_settings) return fail({2, post_settings.error().message});
  post_settings_ = std::move(*post_settings);
  if (probe_.failed()) return stop("probe", "the directory probe failed; nothing was changed");
  return true;
}

bool ApplyRun::connect() {
  client_ = connect_with_checks(settings_, realm(), out_.report, observer_.checks);
  if (!client_) return stop("keycloak", "Keycloak could not be used; nothing was changed");
  return true;
}

bool ApplyRun::plan() {
  auto planned = plan_from_probe(config_, *client_, options_, probe_, request_.rotate_bind_credential);
  if (!planned) return fail(planned.error());
  out_.record.planned = std::move(*planned);
  return true;
}

// The roles this run needs and the payload against the server's rules, before any write.
bool ApplyRun::check_before_writing() {
  for (auto& check : pre_write_checks(config_, *client_, planned())) add(std::move(check));
  if (observer_.planned) observer_.planned(planned());
  if (!out_.report.passed()) return stop("preflight", "stopped before any write; nothing was changed");
  return true;
}

// Ends the run without a write: a dry run, nothing to change, or no confirmation.
bool ApplyRun::ready_to_write() {
  if (request_.dry_run) {
    line(dry_run_text(config_, planned().plan));
    out_.record.result = "unchanged";
    return end("dry run of realm " + realm(), 0);
  }
  if (!planned().plan.has_changes()) {
    out_.record.result = "unchanged";
    line("Nothing to apply (run kcldap verify to check the federation through Keycloak).");
    if (request_.force_restart) restart(true, false);
    return end("nothing to apply in realm " + realm(), out_.report.passed() ? 0 : 1);
  }
  if (!request_.yes && !(observer_.confirm && observer_.confirm())) {
    line("Not applied.");
    return stop("apply", "not confirmed; nothing was changed");
  }
  return true;
}

checks::Check ApplyRun::apply_check() const {
  const auto& applied = out_.record.applied;
  const std::string count = std::to_string(applied.done.size()) + (applied.done.size() == 1 ? " change" : " changes");
  checks::Check check = checks::make_check("apply", "Apply", "Apply", applied.ok() ? Status::pass : Status::fail,
                                           applied.ok() ? "applied " + count : "apply FAILED: " + applied.error,
                                           "run kcldap apply again to converge from here, or restore the backup");
  check.show_details = true;
  for (const auto& done : applied.done) check.details.push_back("done: " + done);
  for (const auto& not_done : applied.not_done) check.details.push_back("NOT done: " + not_done);
  if (!applied.backup_path.empty()) {
    check.details.push_back("backup: " + applied.backup_path + " (undo with: kcldap restore " + applied.backup_path +
                            (request_.config_path.empty() ? "" : " --config " + request_.config_path) + ")");
  }
  return check;
}

bool ApplyRun::apply() {
  const std::string backup_dir = request_.backup_dir.empty() ? config_.federation.backup_dir : request_.backup_dir;
  observer_.checks.start("apply", "applying " + std::to_string(planned().plan.write_count()) + " changes");
  out_.record.applied = execute_plan(*client_, planned(), realm(), backup_dir);
  add(apply_check());
  if (!out_.record.applied.ok()) return stop("apply", "apply failed halfway; see done / NOT done above");
  return true;
}

void ApplyRun::roll_back() {
  auto& record = out_.record;
  if (request_.keep_on_failure) {
    add(checks::make_check("rollback", "Rollback", "Rollback", Status::warn, "kept the applied change although a post-check failed (--keep-on-failure)",
                           "fix the cause and apply again, or undo with: kcldap restore " + record.applied.backup_path));
    return;
  }
  auto backup = read_backup(record.applied.backup_path);
  if (!backup) {
    add(checks::make_check("rollback", "Rollback", "Rollback", Status::fail, "could not read the backup: " + backup.error(),
                           "restore by hand from " + record.applied.backup_path));
    return;
  }
  observer_.checks.start("rollback", "rolling back to the backup");
  record.rollback = restore_backup(*client_, *backup);
  record.rolled_back = record.rollback.error.empty();
  if (!record.rolled_back) {
    add(checks::make_check("rollback", "Rollback", "Rollback", Status::fail, "the rollback failed: " + record.rollback.error,
                           "run kcldap restore " + record.applied.backup_path + " once Keycloak answers again", record.rollback.done));
    return;
  }
  checks::Check check = checks::make_check("rollback", "Rollback", "Rollback", Status::pass,
                                           "rolled back: Keycloak holds what it held before this apply", "", record.rollback.done);
  if (backup->provider) check.details.push_back("users a sync imported stay in Keycloak; the bind credential stays as last sent");
  add(std::move(check));
}

void ApplyRun::restart(bool post_checks_passed, bool changed) {
  auto& record = out_.record;
  const auto skip = [&](const std::string& why) {
    record.restart_reason = why;
    add(checks::make_check("restart.command", "Restart", "Restart", Status::skip, why));
  };
  if (config_.restart.command.empty()) return skip("no [restart] command configured");
  if (request_.no_restart) return skip("--no-restart");
  if (!request_.force_restart && !post_checks_passed) return skip("not run: a post-check failed (--force-restart overrides)");
  if (!request_.force_restart && !changed) return skip("not run: nothing changed (--force-restart overrides)");
  record.restart_reason = request_.force_restart ? "--force-restart" : "every post-check passed";
  const auto outcome = hook::run_restart_hook(
      config_.restart, config::secret_values(config_), [&](const std::string& step, const std::string& text) { line("        " + step + " | " + text); },
      checks::Observer{[&](const std::string& id, const std::string& activity) { observer_.checks.start(id, "running " + activity); },
                       [&](const checks::Check& check) { add(check); }});
  record.restart_steps = outcome.steps;
  if (!outcome.ok()) record.stage = "restart";
}

// The post-checks (rolling back when one fails), then the restart hook.
void ApplyRun::post_check_and_restart() {
  auto& record = out_.record;
  const auto outcome = verify_federation(config_, *client_, options_, planned(), *post_settings_, observer_.checks);
  out_.report.append(outcome.checks);
  if (!outcome.passed()) {
    record.stage = "post-checks";
    roll_back();
  }
  restart(outcome.passed(), true);
  const bool ok = out_.report.passed();
  record.result = ok ? "applied" : "failed";
  std::string headline = "applied to realm " + realm();
  if (record.stage == "post-checks") headline = record.rolled_back ? "a post-check failed; the change was rolled back" : "a post-check failed";
  if (record.stage == "restart") headline = "applied and post-checked, but the restart hook failed";
  end(headline, ok ? 0 : 1);
}

}  // namespace

ApplyOutcome run_apply(const config::Config& config, const ldap::ProbeOptions& options, const keycloak::ClientSettings& client_settings,
                       const ApplyRequest& request, const ApplyObserver& observer) {
  return ApplyRun(config, options, client_settings, request, observer).run();
}

}  // namespace kcldap::pipeline
