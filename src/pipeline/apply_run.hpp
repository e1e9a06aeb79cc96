// The apply flow as a short script of named steps: probe -> Keycloak and plan -> the checks before any
// write (roles, payload) -> apply with a backup -> post-checks through Keycloak, rolling back when one
// fails -> the restart hook, only when everything passed. A run that writes holds the realm+provider's
// run lock and keeps a run journal (journal.hpp); an unfinished journal found at the start is finished
// first (resume). A SIGINT/SIGTERM (hook/interrupt.hpp) stops the run between requests: what it wrote is
// rolled back unless keep_on_failure, and the exit code is 128 + the signal. Returns a plain result (the apply record and
// the check report, or a config error); tells an observer what happens as it happens, so a caller can
// show live progress; prints nothing itself.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "checks/check.hpp"
#include "ldap/probe.hpp"
#include "src/config/config.hpp"
#include "src/pipeline/planning.hpp"
#include "src/report/apply_report.hpp"

namespace kcldap::pipeline {

struct ApplyRequest {
  bool yes = false;      // no confirmation asked
  bool dry_run = false;  // plan and pre-write checks only
  bool rotate_bind_credential = false;
  bool keep_on_failure = false;  // no rollback when a post-check fails
  bool force_restart = false;
  bool no_restart = false;
  std::string backup_dir;   // empty: [federation] backup_dir
  std::string config_path;  // named in the undo hint, when set
  bool resume = false;      // `kcldap resume`: only finish an unfinished run (nothing unfinished: exit 0)
};

// What the caller hears while the run goes. Every member may be empty.
struct ApplyObserver {
  checks::Observer checks;                              // a step starts; a check has its result
  std::function<void(const Planned&)> planned;          // the plan, once the pre-write checks ran
  std::function<void(const std::string&)> line;         // any other progress line (dry run, hook output)
  std::function<bool()> confirm;                        // asked before the first write unless `yes`
};

struct ApplyOutcome {
  report::ApplyRecord record;
  checks::Report report{"apply", {}};
  std::string headline;  // one line for the summary
  int exit_code = 1;     // 0 applied (or nothing to do), 1 a stage failed, 128 + signal when interrupted
  std::optional<PipelineError> error;  // a config or usage error: no report, exit with error->exit_code
};

ApplyOutcome run_apply(const config::Config& config, const ldap::ProbeOptions& options, const keycloak::ClientSettings& client_settings,
                       const ApplyRequest& request, const ApplyObserver& observer);

}  // namespace kcldap::pipeline
