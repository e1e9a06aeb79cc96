// Renders a check Report three ways: text for people (grouped by stage; colour only when asked), JSON with
// a documented shape (schema kcldap.check/v1), and JUnit XML that CI systems show as a test report (one
// testcase per check, one testsuite per stage).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "checks/check.hpp"
#include "checks/probe_report.hpp"

namespace kcldap::checks {

std::string render_check_line(const Check& check, const TextStyle& style);
std::string render_report_text(const Report& report, const TextStyle& style);
std::string render_counts(const Counts& counts);

// `strict`: warnings count as failures (kcldap check --strict).
nlohmann::json check_to_json(const Check& check);
nlohmann::json report_to_json(const Report& report, bool strict);
std::string render_junit(const Report& report, bool strict);

}  // namespace kcldap::checks
