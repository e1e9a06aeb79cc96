#include "src/report/apply_report.hpp"

#include "src/report/check_report.hpp"
#include "src/report/plan_report.hpp"

namespace kcldap::report {

using nlohmann::json;

json restart_to_json(const ApplyRecord& record) {
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

json apply_to_json(const ApplyRecord& record, const checks::Report& report, const std::string& realm) {
  json out = report_to_json(report, false);
  out.update(json{{"schema", "kcldap.apply/v1"},
                  {"result", record.result},
                  {"failed_stage", record.stage},
                  {"plan", record.planned ? plan_to_json(*record.planned, realm) : json()},
                  {"done", record.applied.done},
                  {"not_done", record.applied.not_done},
                  {"error", record.applied.error},
                  {"backup", record.applied.backup_path},
                  {"provider_id", record.applied.provider_id},
                  {"rollback", {{"performed", record.rolled_back}, {"done", record.rollback.done}, {"error", record.rollback.error}}},
                  {"restart", restart_to_json(record)},
                  {"interrupted", record.interrupted.empty() ? json() : json(record.interrupted)},
                  {"resumed", record.resumed ? json{{"started", record.resumed->started}, {"pid", record.resumed->pid},
                                                    {"stopped_at", record.resumed->state}, {"backup", record.resumed->backup_path}}
                                             : json()}});
  return out;
}

}  // namespace kcldap::report
