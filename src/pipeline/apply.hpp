// Executes a plan through the Admin API, in order, stopping at the first failure: back up, create or
// update the provider (only changed keys, only keys the version knows), then reconcile the mappers.
// A partial failure leaves a state the next apply converges from; the result says what was done.
#pragma once
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

ApplyResult execute_plan(keycloak::AdminClient& client, const Planned& planned, const std::string& realm,
                         const std::string& backup_dir);

}  // namespace kcldap::pipeline
