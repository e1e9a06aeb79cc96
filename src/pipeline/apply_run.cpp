#include "src/pipeline/apply_run.hpp"

#include "common/printable.hpp"
#include "src/config/secret.hpp"
#include "src/hook/interrupt.hpp"
#include "src/hook/restart.hpp"
#include "src/pipeline/apply.hpp"
#include "src/pipeline/backup.hpp"
#include "src/pipeline/clients_run.hpp"
#include "src/pipeline/journal.hpp"
#include "src/pipeline/run_lock.hpp"
#include "src/pipeline/preflight.hpp"
#include "src/pipeline/verification.hpp"
#include <unistd.h>

namespace kcldap::pipeline {

namespace {

using checks::Status;

// One run. Each step returns whether the run goes on; a step that ends it sets the outcome's headline
// and exit code (or its error).
class ApplyRun {
 public:
  ApplyRun(const config::Config& config, const ldap::ProbeOptions& options, const keycloak::ClientSettings& settings,
           const ApplyRequest& request, const ApplyObserver& observer)
      : config_(config), options_(options), settings_(settings), request_(request), observer_(observer) {}

  ApplyOutcome run() {
    if (!request_.dry_run && !(take_lock() && find_unfinished())) return std::move(out_);
    if (probe() && go_on() && connect() && go_on() && plan() && check_before_writing() && go_on() && ready_to_write() && apply() && go_on()) {
      post_check_and_restart();
    }
    close_journal();
    return std::move(out_);
  }

 private:
  bool take_lock();
  bool find_unfinished();
  bool go_on();
  void interrupted(int signal);
  void save_journal(const std::string& state);
  void close_journal();
  const std::string& rollback_backup() const { return journal_ && !journal_->backup_path.empty() ? journal_->backup_path : out_.record.applied.backup_path; }
  bool wrote() const { return journal_.has_value(); }
  std::string backup_dir() const { return request_.backup_dir.empty() ? config_.federation.backup_dir : request_.backup_dir; }
  bool probe();
  bool connect();
  bool plan();
  bool check_before_writing();
  bool ready_to_write();
  bool apply();
  void post_check_and_restart();
  bool ensure_clients();
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
  std::optional<RunLock> lock_;
  std::optional<Journal> journal_;  // from the first write on (or the unfinished run's, when resuming)
  std::string journal_path_;
  ApplyOutcome out_;
};

bool ApplyRun::take_lock() {
  std::string notice;
  auto lock = acquire_run_lock(backup_dir(), realm(), config_.federation.name, notice);
  if (!lock) {
    add(checks::make_check("apply.lock", "Apply", "Run lock", Status::fail, lock.error(), "one apply per realm and provider at a time"));
    return stop("lock", "another apply holds the lock; nothing was changed");
  }
  if (!notice.empty()) line(notice);
  lock_.emplace(std::move(*lock));
  return true;
}

// An unfinished run of an earlier apply (killed, interrupted, a write that failed): this run finishes it.
bool ApplyRun::find_unfinished() {
  journal_path_ = journal_path(backup_dir(), realm(), config_.federation.name);
  auto found = read_journal(journal_path_);
  if (!found) {
    add(checks::make_check("apply.journal", "Apply", "Run journal", Status::fail, found.error(), "move the file away, then run again"));
    return stop("lock", "the run journal cannot be read; nothing was changed");
  }
  if (*found && (*found)->unfinished() && !(*found)->backup_path.empty()) {
    const Journal& earlier = **found;
    line("Found an unfinished apply to realm " + realm() + ", provider \"" + earlier.provider + "\" (pid " + std::to_string(earlier.pid) +
         ", started " + earlier.started + ", stopped at: " + earlier.state + (earlier.error.empty() ? "" : ": " + earlier.error) +
         ").\nFinishing it: the writes left, the post-checks, then the restart hook; a failure rolls back to " + earlier.backup_path + "\n");
    out_.record.resumed = earlier;
    journal_ = earlier;
    journal_->error.clear();
    return true;
  }
  if (request_.resume) {
    line("Nothing unfinished for realm " + realm() + ", provider \"" + config_.federation.name + "\" (journal " + journal_path_ + ").");
    out_.record.result = "unchanged";
    return end("nothing to resume in realm " + realm(), 0);
  }
  return true;
}

// False (the run ends) once a signal asked kcldap to stop.
bool ApplyRun::go_on() {
  const int signal = hook::interrupt_signal();
  if (signal == 0) return true;
  interrupted(signal);
  return false;
}

// Stops here: what this run wrote (or the unfinished run it took over) is rolled back unless
// --keep-on-failure; the report says what was done; the exit code is 128 + the signal.
void ApplyRun::interrupted(int signal) {
  auto& record = out_.record;
  const std::string name = hook::signal_name(signal);
  record.interrupted = name;
  record.stage = "interrupted";
  if (journal_) journal_->error = "interrupted by " + name;
  std::string headline = "interrupted by " + name + " before any write; nothing was changed";
  if (wrote()) {
    if (!record.rolled_back) roll_back();
    headline = record.rolled_back ? "interrupted by " + name + "; what was written was rolled back"
               : request_.keep_on_failure ? "interrupted by " + name + "; the change was kept (--keep-on-failure): kcldap resume post-checks it"
                                          : "interrupted by " + name + "; the rollback failed";
  }
  record.result = "failed";
  add(checks::make_check("apply.interrupted", "Apply", "Interrupted", Status::fail, headline,
                         wrote() && !record.rolled_back ? "kcldap resume" + (request_.config_path.empty() ? "" : " --config " + request_.config_path) +
                                                                              " finishes the run (post-checks, then the restart hook)"
                                                                        : ""));
  end(headline, hook::interrupted_exit_code(signal));
}

// Records the step in the journal; a journal that cannot be written is said, not fatal, once writing.
void ApplyRun::save_journal(const std::string& state) {
  if (!journal_) return;
  journal_->state = state;
  journal_->pid = static_cast<long>(::getpid());
  journal_->updated = utc_stamp();
  if (auto saved = write_journal(*journal_, journal_path_); !saved) line("warning: " + saved.error());
}

// The journal's last word: finished or rolled back, or left unfinished for the next run.
void ApplyRun::close_journal() {
  if (!journal_) return;
  const auto& record = out_.record;
  if (record.rolled_back) return save_journal(journal_state::rolled_back);
  const bool kept = record.stage == "post-checks" && request_.keep_on_failure;
  if (record.stage.empty() || record.stage == "restart" || kept) return save_journal(journal_state::finished);
  if (record.stage == "apply" || record.stage == "interrupted" || record.stage == "post-checks") save_journal(journal_->state);
}

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
  if (!planned().plan.has_changes() && journal_) {
    line("The unfinished run's writes are all in Keycloak; going on with the post-checks.");
    out_.record.applied.done = journal_->done;
    out_.record.applied.backup_path = journal_->backup_path;
    out_.record.applied.provider_id = journal_->provider_id;
    return true;
  }
  if (!planned().plan.has_changes()) {
    out_.record.result = "unchanged";
    line("Nothing to apply (run kcldap verify to check the federation through Keycloak).");
    const bool clients_changed = ensure_clients();
    if (request_.force_restart || clients_changed) restart(out_.report.passed(), clients_changed);
    if (!go_on()) return false;
    if (!out_.report.passed() && out_.record.stage == "clients") return end("a client could not be brought to its [[clients]] entry", 1);
    return end("nothing to apply in realm " + realm(), out_.report.passed() ? 0 : 1);
  }
  if (!request_.yes && !request_.resume && !(observer_.confirm && observer_.confirm())) {
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

// The writes, each recorded in the journal as it is done; a signal stops them before the next one.
bool ApplyRun::apply() {
  if (!planned().plan.has_changes()) return true;  // resuming a run whose writes all landed
  if (!journal_) {
    journal_ = Journal{realm(), config_.federation.name, 0, utc_stamp(), "", journal_state::writing, "", {}, {}, "", ""};
  }
  const std::size_t earlier_done = journal_->done.size();
  const auto steps = planned_steps(planned().plan);
  journal_->planned.insert(journal_->planned.end(), steps.begin(), steps.end());
  WriteHooks hooks{[&](const ApplyResult& result) {
                     if (journal_->backup_path.empty()) journal_->backup_path = result.backup_path;
                     journal_->done.resize(earlier_done);
                     journal_->done.insert(journal_->done.end(), result.done.begin(), result.done.end());
                     if (!result.provider_id.empty()) journal_->provider_id = result.provider_id;
                     save_journal(journal_state::writing);
                   },
                   [] {
                     const int signal = hook::interrupt_signal();
                     return signal == 0 ? std::string() : "stopped before this write: kcldap got " + hook::signal_name(signal);
                   }};
  observer_.checks.start("apply", "applying " + std::to_string(planned().plan.write_count()) + " changes");
  out_.record.applied = execute_plan(*client_, planned(), realm(), backup_dir(), hooks);
  if (!out_.record.applied.provider_id.empty()) journal_->provider_id = out_.record.applied.provider_id;
  if (journal_->backup_path.empty()) journal_.reset();  // not even the backup was written: nothing to finish
  if (out_.record.resumed) out_.record.applied.backup_path = journal_->backup_path;  // undo goes back to before the first run
  add(apply_check());
  if (hook::interrupt_signal() != 0) return go_on();
  if (!out_.record.applied.ok()) {
    if (journal_) journal_->error = out_.record.applied.error;
    return stop("apply", "apply failed halfway; see done / NOT done above");
  }
  save_journal(journal_state::written);
  return true;
}

void ApplyRun::roll_back() {
  auto& record = out_.record;
  if (request_.keep_on_failure) {
    add(checks::make_check("rollback", "Rollback", "Rollback", Status::warn,
                           record.interrupted.empty() ? "kept the applied change although a post-check failed (--keep-on-failure)"
                                                      : "kept the applied change although the run was interrupted (--keep-on-failure)",
                           "fix the cause and apply again, or undo with: kcldap restore " + rollback_backup()));
    return;
  }
  auto backup = read_backup(rollback_backup());
  if (!backup) {
    add(checks::make_check("rollback", "Rollback", "Rollback", Status::fail, "could not read the backup: " + backup.error(),
                           "restore by hand from " + rollback_backup()));
    return;
  }
  observer_.checks.start("rollback", "rolling back to the backup");
  record.rollback = restore_backup(*client_, *backup);
  record.rolled_back = record.rollback.error.empty();
  if (!record.rolled_back) {
    add(checks::make_check("rollback", "Rollback", "Rollback", Status::fail, "the rollback failed: " + record.rollback.error,
                           "run kcldap restore " + rollback_backup() + " once Keycloak answers again", record.rollback.done));
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
  if (changed) save_journal(journal_state::restart);
  const auto outcome = hook::run_restart_hook(
      config_.restart, config::secret_values(config_), [&](const std::string& step, const std::string& text) { line("        " + step + " | " + printable(text)); },
      checks::Observer{[&](const std::string& id, const std::string& activity) { observer_.checks.start(id, "running " + activity); },
                       [&](const checks::Check& check) { add(check); }},
      config::secret_variables(config_));
  record.restart_steps = outcome.steps;
  if (!outcome.ok()) record.stage = "restart";
}

// The post-checks (rolling back when one fails), then the restart hook.
void ApplyRun::post_check_and_restart() {
  auto& record = out_.record;
  save_journal(journal_state::post_checks);
  const auto outcome = verify_federation(config_, *client_, options_, planned(), *post_settings_, observer_.checks);
  out_.report.append(outcome.checks);
  if (!go_on()) return;
  if (!outcome.passed()) {
    record.stage = "post-checks";
    roll_back();
  } else {
    ensure_clients();  // before the hook, so a restart picks up a client's new secret
  }
  restart(out_.report.passed(), true);
  if (!go_on()) return;
  const bool ok = out_.report.passed();
  record.result = ok ? "applied" : "failed";
  std::string headline = "applied to realm " + realm();
  if (record.stage == "post-checks") headline = record.rolled_back ? "a post-check failed; the change was rolled back" : "a post-check failed";
  if (record.stage == "clients") headline = "applied and post-checked, but a client could not be brought to its [[clients]] entry";
  if (record.stage == "restart") headline = "applied and post-checked, but the restart hook failed";
  end(headline, ok ? 0 : 1);
}

// The [[clients]], once the federation is applied (or had nothing to apply) and passed its checks, and
// before the restart hook (an app restarted by it reads its client's new secret). Whether one changed.
bool ApplyRun::ensure_clients() {
  if (config_.clients.empty() || !client_ || hook::interrupt_signal() != 0) return false;
  observer_.checks.start("clients", "ensuring " + std::to_string(config_.clients.size()) + " client(s)");
  const ClientsApplied applied = apply_clients(*client_, config_, backup_dir(), settings_);
  for (const auto& check : applied.checks) add(check);
  if (applied.changed && out_.record.result == "unchanged") out_.record.result = "applied";
  if (!applied.ok()) out_.record.stage = "clients";
  return applied.changed;
}

}  // namespace

ApplyOutcome run_apply(const config::Config& config, const ldap::ProbeOptions& options, const keycloak::ClientSettings& client_settings,
                       const ApplyRequest& request, const ApplyObserver& observer) {
  return ApplyRun(config, options, client_settings, request, observer).run();
}

}  // namespace kcldap::pipeline
