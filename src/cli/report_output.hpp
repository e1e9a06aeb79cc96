// Output plumbing shared by check, verify and apply: where live progress goes (stdout for text; stderr
// when stdout carries JSON or JUnit), the machine-readable report on stdout, and the optional --junit-file.
// The reports themselves are rendered by src/report/check_report.
#pragma once
#include <memory>
#include <ostream>
#include <string>

#include "checks/check.hpp"
#include "src/cli/progress.hpp"

namespace kcldap::cli {

// Progress on stdout for text, on stderr for json/junit (stdout then carries only the report).
std::unique_ptr<Progress> make_progress(const std::string& format, bool verbose);

// Writes the JUnit file when a path is given; false (error printed) when it cannot.
bool write_junit_file(const checks::Report& report, bool strict, const std::string& path);

// Prints the report for --format json/junit on stdout (text was shown live).
void print_machine_report(const checks::Report& report, bool strict, const std::string& format);

}  // namespace kcldap::cli
