// Executes a plan through the Admin API, in order, stopping at the first failure: back up, create or
// update the provider (only changed keys, only keys the version knows), then reconcile the mappers.
// A partial failure leaves a state the next apply converges from; the result says what was done.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "src/pipeline/backup.hpp"
#include "src/pipeline/planning.hpp"

namespace kcldap::pipeline {

struct ApplyResult {
  std::vector<std::string> done;
  std::vector<std::string> not_done;
  std::string error;          // empty on success
  std::string backup_path;    // empty when nothing was written
  std::string provider_id;
  bool ok() const { return error.empty(); }
};

// What --dry-run would have done: the writes, and the restart hook (its secrets masked).
std::string dry_run_text(const config::Config& config, const keycloak::Plan& plan);

// The writes a plan makes, as the apply report names them (a default mapper to delete is found later).
std::vector<std::string> planned_steps(const keycloak::Plan& plan);

// What the caller does between requests: `progress` hears the result so far once the backup is written
// and after each write (for the run journal); `stop` is asked before each write and, when it returns a
// reason, the apply stops there (the reason becomes the error; the rest is reported not done).
struct WriteHooks {
  std::function<void(const ApplyResult&)> progress;
  std::function<std::string()> stop;
};

ApplyResult execute_plan(keycloak::AdminClient& client, const Planned& planned, const std::string& realm,
                         const std::string& backup_dir, const WriteHooks& hooks = {});

}  // namespace kcldap::pipeline
