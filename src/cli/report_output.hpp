// Output plumbing shared by check, verify and apply: where live progress goes (stdout for text; stderr
// when stdout carries JSON or JUnit), the end-of-run summary a person reads in ten seconds, and the
// optional --junit-file.
#pragma once
#include <memory>
#include <ostream>
#include <string>

#include "checks/check.hpp"
#include "src/cli/progress.hpp"

namespace kcldap::cli {

// Progress on stdout for text, on stderr for json/junit (stdout then carries only the report).
std::unique_ptr<Progress> make_progress(const std::string& format, bool verbose);

// "Directory  9 passed" lines per stage, then the result line.
std::string render_summary(const checks::Report& report, bool strict, const std::string& headline, double seconds);

// Writes the JUnit file when a path is given; false (error printed) when it cannot.
bool write_junit_file(const checks::Report& report, bool strict, const std::string& path);

// Prints the report for --format json/junit on stdout (text was shown live).
void print_machine_report(const checks::Report& report, bool strict, const std::string& format);

}  // namespace kcldap::cli
