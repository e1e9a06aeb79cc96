#include "checks/check.hpp"

#include <algorithm>

namespace kcldap::checks {

Counts Report::counts() const {
  Counts counts;
  for (const auto& check : checks) {
    switch (check.status) {
      case Status::pass: ++counts.pass; break;
      case Status::warn: ++counts.warn; break;
      case Status::fail: ++counts.fail; break;
      case Status::skip: ++counts.skip; break;
    }
  }
  return counts;
}

bool Report::passed(bool strict) const {
  const Counts c = counts();
  return c.fail == 0 && (!strict || c.warn == 0);
}

const Check* Report::find(const std::string& id) const {
  for (const auto& check : checks) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

std::vector<std::string> Report::groups() const {
  std::vector<std::string> out;
  for (const auto& check : checks) {
    if (std::find(out.begin(), out.end(), check.group) == out.end()) out.push_back(check.group);
  }
  return out;
}

Check check_from_stage(const ldap::StageResult& stage) {
  return Check{stage.id, "Directory", stage.title, stage.status, stage.message, stage.details,
               stage.status == Status::pass ? "" : stage.remedy, 0, false};
}

std::vector<Check> checks_from_probe(const ldap::ProbeReport& probe) {
  std::vector<Check> out;
  for (const auto& stage : probe.stages) out.push_back(check_from_stage(stage));
  return out;
}

Check make_check(std::string id, std::string group, std::string title, Status status, std::string finding,
                 std::string remedy, std::vector<std::string> details) {
  return Check{std::move(id), std::move(group), std::move(title), status, std::move(finding), std::move(details),
               status == Status::pass ? "" : std::move(remedy), 0, false};
}

}  // namespace kcldap::checks
