// The check report (schema kcldap.check/v1) of check, verify and apply, rendered three ways: text for
// people (grouped by stage; colour only when asked) with an end-of-run summary read in ten seconds, JSON
// with a documented shape, and JUnit XML that CI systems show as a test report (one testcase per check,
// one testsuite per stage).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "checks/check.hpp"
#include "src/report/text_style.hpp"

namespace kcldap::report {

std::string render_check_line(const checks::Check& check, const TextStyle& style);
std::string render_report_text(const checks::Report& report, const TextStyle& style);
std::string render_counts(const checks::Counts& counts);

// "Directory  9 passed" lines per stage, then the result line.
std::string render_summary(const checks::Report& report, bool strict, const std::string& headline, double seconds);

// `strict`: warnings count as failures (kcldap check --strict).
nlohmann::json check_to_json(const checks::Check& check);
nlohmann::json report_to_json(const checks::Report& report, bool strict);
std::string render_junit(const checks::Report& report, bool strict);

// Text made safe inside XML attributes and elements (the JUnit reports).
std::string xml_escape(const std::string& text);

}  // namespace kcldap::report
