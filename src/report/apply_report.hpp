// The apply report (schema kcldap.apply/v1): the check report of the run plus what the apply did: the
// stage that failed, the plan, the changes done and not done, the backup, the rollback and the restart
// hook, the signal that interrupted the run, and the unfinished run it finished (resumed). ApplyRecord is the plain value the apply pipeline fills in; apply_to_json renders it.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "src/hook/restart.hpp"
#include "src/pipeline/apply.hpp"
#include "src/pipeline/backup.hpp"
#include "src/pipeline/journal.hpp"
#include "src/pipeline/planning.hpp"

namespace kcldap::report {

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
  std::string interrupted;                   // "SIGINT" / "SIGTERM" when a signal stopped the run
  std::optional<pipeline::Journal> resumed;  // the unfinished run this one finished
};

nlohmann::json restart_to_json(const ApplyRecord& record);
nlohmann::json apply_to_json(const ApplyRecord& record, const checks::Report& report, const std::string& realm);

}  // namespace kcldap::report
