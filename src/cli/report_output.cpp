#include "src/cli/report_output.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "checks/report_render.hpp"

namespace kcldap::cli {

std::unique_ptr<Progress> make_progress(const std::string& format, bool verbose) {
  const bool text = format == "text";
  const int fd = text ? STDOUT_FILENO : STDERR_FILENO;
  const bool terminal = ::isatty(fd) == 1;
  const bool color = terminal && std::getenv("NO_COLOR") == nullptr;
  return std::make_unique<Progress>(text ? std::cout : std::cerr, terminal, checks::TextStyle{color, verbose});
}

std::string render_summary(const checks::Report& report, bool strict, const std::string& headline, double seconds) {
  std::string out = "\nSummary: " + headline + "\n";
  for (const auto& group : report.groups()) {
    checks::Report part;
    const checks::Check* first_failure = nullptr;
    for (const auto& check : report.checks) {
      if (check.group != group) continue;
      part.add(check);
      if (first_failure == nullptr && check.status == checks::Status::fail) first_failure = &check;
    }
    // Drop the zero counts: "9 passed" reads faster than "9 passed, 0 warnings, 0 failed, 0 skipped".
    std::string compact;
    const auto c = part.counts();
    const auto add = [&](int n, const std::string& what) {
      if (n > 0) compact += (compact.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    add(c.pass, "passed");
    add(c.warn, c.warn == 1 ? "warning" : "warnings");
    add(c.fail, "failed");
    add(c.skip, "skipped");
    if (first_failure != nullptr) compact += " (" + first_failure->id + ": " + first_failure->finding + ")";
    out += "  " + checks::pad_right(group, 15) + compact + "\n";
  }
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", seconds);
  const bool ok = report.passed(strict);
  out += std::string("Result: ") + (ok ? "OK" : "FAILED") + (strict && report.counts().warn > 0 && report.counts().fail == 0 ? " (--strict: warnings fail)" : "") +
         " in " + took + " s\n";
  return out;
}

bool write_junit_file(const checks::Report& report, bool strict, const std::string& path) {
  if (path.empty()) return true;
  std::ofstream file(path);
  file << checks::render_junit(report, strict);
  if (!file) {
    std::cerr << "error: could not write the JUnit report to " << path << "\n";
    return false;
  }
  return true;
}

void print_machine_report(const checks::Report& report, bool strict, const std::string& format) {
  if (format == "json") std::cout << checks::report_to_json(report, strict).dump(2) << "\n";
  if (format == "junit") std::cout << checks::render_junit(report, strict);
}

}  // namespace kcldap::cli
