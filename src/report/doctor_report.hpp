// kcldap doctor's report (schema kcldap.doctor/v1): the provider reviewed, what was measured, and each
// finding with its evidence and fix. Text for people (fails first, each with its two fixes: the
// kcldap.toml change and the admin console field), JSON with a documented shape, and JUnit XML (one
// testcase per finding; a fail is a failure, a warning or note passes with its text).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checks/doctor_rules.hpp"
#include "src/report/text_style.hpp"

namespace kcldap::report {

struct DoctorReport {
  std::string realm;
  std::string provider_name;
  std::string provider_id;
  std::string connection_url;
  bool directory_reached = false;
  std::string server_product;  // "" when not reached
  std::size_t users = 0;       // users the provider's search finds
  std::vector<checks::DoctorFinding> findings;
  double seconds = 0;

  int count(checks::Severity severity) const;
  bool passed() const { return count(checks::Severity::fail) == 0; }
};

std::string render_doctor_text(const DoctorReport& report, const TextStyle& style);
nlohmann::json doctor_to_json(const DoctorReport& report);
std::string render_doctor_junit(const DoctorReport& report);

}  // namespace kcldap::report
