#include "src/report/doctor_report.hpp"

#include <cstdio>
#include <sstream>

#include "common/printable.hpp"
#include "src/report/check_report.hpp"

namespace kcldap::report {

using checks::DoctorFinding;
using checks::Severity;
using nlohmann::json;

namespace {

std::string badge(Severity severity, const TextStyle& style) {
  switch (severity) {
    case Severity::fail: return status_badge(Status::fail, style);
    case Severity::warn: return status_badge(Status::warn, style);
    case Severity::info: return style.color ? "\033[36mINFO\033[0m" : "INFO";
  }
  return "INFO";
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", seconds);
  return buffer;
}

std::string summary_line(const DoctorReport& report) {
  return std::to_string(report.count(Severity::fail)) + " failed, " + std::to_string(report.count(Severity::warn)) + " warnings, " +
         std::to_string(report.count(Severity::info)) + " notes";
}

}  // namespace

int DoctorReport::count(Severity severity) const {
  int n = 0;
  for (const auto& finding : findings) n += finding.severity == severity ? 1 : 0;
  return n;
}

std::string render_doctor_text(const DoctorReport& report, const TextStyle& style) {
  std::ostringstream out;
  out << "Provider \"" << printable(report.provider_name) << "\" (id " << printable(report.provider_id) << ") in realm "
      << printable(report.realm) << ", " << printable(report.connection_url) << "\n";
  if (report.directory_reached) {
    out << "Directory: " << printable(report.server_product) << ", " << report.users << " users found by the provider's search\n";
  }
  out << "\n";
  for (const Severity severity : {Severity::fail, Severity::warn, Severity::info}) {
    for (const auto& f : report.findings) {
      if (f.severity != severity) continue;
      out << "  " << badge(f.severity, style) << "  " << f.id << ": " << printable(f.title) << "\n";
      out << "        " << printable(f.evidence) << "\n";
      for (const auto& detail : f.details) out << "          " << printable(detail) << "\n";
      out << "        fix in kcldap.toml:    " << printable(f.fix_toml) << "\n";
      out << "        fix in the console:    " << printable(f.fix_console) << "\n";
    }
  }
  if (report.findings.empty()) out << "  No finding: the provider fits the directory, and Keycloak's tests and lookups pass.\n";
  out << "\nResult: " << (report.passed() ? "OK" : "FAILED") << " (" << summary_line(report) << ") in " << seconds_text(report.seconds)
      << " s; kcldap wrote nothing\n";
  return out.str();
}

json doctor_to_json(const DoctorReport& report) {
  json findings = json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"id", f.id},
                        {"severity", to_string(f.severity)},
                        {"title", f.title},
                        {"evidence", f.evidence},
                        {"fix", {{"toml", f.fix_toml}, {"console", f.fix_console}}},
                        {"details", f.details}});
  }
  return {{"schema", "kcldap.doctor/v1"},
          {"realm", report.realm},
          {"provider", {{"name", report.provider_name}, {"id", report.provider_id}, {"connection_url", report.connection_url}}},
          {"directory", {{"reached", report.directory_reached}, {"server", report.server_product}, {"users", report.users}}},
          {"result", report.passed() ? "passed" : "failed"},
          {"summary", {{"fail", report.count(Severity::fail)}, {"warn", report.count(Severity::warn)}, {"info", report.count(Severity::info)}}},
          {"findings", findings},
          {"seconds", report.seconds}};
}

std::string render_doctor_junit(const DoctorReport& report) {
  std::ostringstream out;
  const std::size_t tests = report.findings.empty() ? 1 : report.findings.size();
  const std::string time = seconds_text(report.seconds);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"kcldap doctor\" tests=\"" << tests << "\" failures=\"" << report.count(Severity::fail) << "\" time=\"" << time << "\">\n";
  out << "  <testsuite name=\"" << xml_escape("doctor " + report.provider_name) << "\" tests=\"" << tests << "\" failures=\""
      << report.count(Severity::fail) << "\" errors=\"0\" skipped=\"0\" time=\"" << time << "\">\n";
  if (report.findings.empty()) {
    out << "    <testcase classname=\"kcldap.doctor\" name=\"doctor: no finding\" time=\"0\"/>\n";
  }
  for (const auto& f : report.findings) {
    out << "    <testcase classname=\"kcldap.doctor\" name=\"" << xml_escape(f.id + ": " + f.title) << "\" time=\"0\">\n";
    std::string body = f.evidence;
    for (const auto& detail : f.details) body += "\n" + detail;
    body += "\nFix in kcldap.toml: " + f.fix_toml + "\nFix in the console: " + f.fix_console;
    if (f.severity == Severity::fail) {
      out << "      <failure message=\"" << xml_escape(f.evidence) << "\" type=\"fail\">" << xml_escape(body) << "</failure>\n";
    } else {
      out << "      <system-out>" << xml_escape(to_string(f.severity) + ": " + body) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace kcldap::report
