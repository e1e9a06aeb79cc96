#include "src/cli/report_output.hpp"

#include "src/cli/output_mask.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "src/cli/options.hpp"
#include "src/report/check_report.hpp"

namespace kcldap::cli {

std::unique_ptr<Progress> make_progress(const std::string& format, bool verbose) {
  const bool text = format == "text";
  const int fd = text ? STDOUT_FILENO : STDERR_FILENO;
  return std::make_unique<Progress>(text ? std::cout : std::cerr, ::isatty(fd) == 1, report::TextStyle{color_wanted(fd), verbose});
}

bool write_junit_file(const checks::Report& report, bool strict, const std::string& path) {
  if (path.empty()) return true;
  std::ofstream file(path);
  file << mask_installed(report::render_junit(report, strict));
  if (!file) {
    std::cerr << "error: could not write the JUnit report to " << path << "\n";
    return false;
  }
  return true;
}

void print_machine_report(const checks::Report& report, bool strict, const std::string& format) {
  if (format == "json") std::cout << report::report_to_json(report, strict).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (format == "junit") std::cout << report::render_junit(report, strict);
}

}  // namespace kcldap::cli
