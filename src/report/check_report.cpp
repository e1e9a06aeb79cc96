#include "src/report/check_report.hpp"

#include <cstdio>
#include <sstream>

#include "common/printable.hpp"

namespace kcldap::report {

using checks::Check;
using checks::Counts;
using checks::Report;
using nlohmann::json;

namespace {

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
  return buffer;
}

bool counts_as_failure(const Check& check, bool strict) {
  return check.status == Status::fail || (strict && check.status == Status::warn);
}

// "9 passed, 1 failed (id: finding)" for one stage, the zero counts left out: "9 passed" reads faster
// than "9 passed, 0 warnings, 0 failed, 0 skipped".
std::string group_summary(const Report& report, const std::string& group) {
  Report part;
  const Check* first_failure = nullptr;
  for (const auto& check : report.checks) {
    if (check.group != group) continue;
    part.add(check);
    if (first_failure == nullptr && check.status == Status::fail) first_failure = &check;
  }
  std::string compact;
  const auto c = part.counts();
  const auto add = [&](int n, const std::string& what) {
    if (n > 0) compact += (compact.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(c.pass, "passed");
  add(c.warn, c.warn == 1 ? "warning" : "warnings");
  add(c.fail, "failed");
  add(c.skip, "skipped");
  if (first_failure != nullptr) compact += " (" + first_failure->id + ": " + printable(first_failure->finding) + ")";
  return compact;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_check_line(const Check& check, const TextStyle& style) {
  return "  " + status_badge(check.status, style) + "  " + pad_right(check.id, 26) + printable(check.finding) + "\n";
}

std::string render_counts(const Counts& c) {
  return std::to_string(c.pass) + " passed, " + std::to_string(c.warn) + (c.warn == 1 ? " warning, " : " warnings, ") +
         std::to_string(c.fail) + " failed, " + std::to_string(c.skip) + " skipped";
}

std::string render_report_text(const Report& report, const TextStyle& style) {
  std::ostringstream out;
  for (const auto& group : report.groups()) {
    out << group << "\n";
    for (const auto& check : report.checks) {
      if (check.group != group) continue;
      out << render_check_line(check, style);
      const bool noteworthy = check.status == Status::warn || check.status == Status::fail;
      if (noteworthy || check.show_details || style.verbose) {
        for (const auto& detail : check.details) out << "        " << printable(detail) << "\n";
      }
      if (noteworthy && !check.remedy.empty()) out << "        -> " << printable(check.remedy) << "\n";
    }
    out << "\n";
  }
  return out.str();
}

json check_to_json(const Check& check) {
  json out = {{"id", check.id},           {"group", check.group},     {"title", check.title},
              {"status", to_string(check.status)}, {"finding", check.finding}, {"details", check.details},
              {"seconds", check.seconds}};
  if (!check.remedy.empty()) out["remedy"] = check.remedy;
  return out;
}

json report_to_json(const Report& report, bool strict) {
  const Counts c = report.counts();
  json checks = json::array();
  for (const auto& check : report.checks) checks.push_back(check_to_json(check));
  return {{"schema", "kcldap.check/v1"},
          {"command", report.command},
          {"result", report.passed(strict) ? "passed" : "failed"},
          {"strict", strict},
          {"summary", {{"pass", c.pass}, {"warn", c.warn}, {"fail", c.fail}, {"skip", c.skip}}},
          {"checks", checks}};
}

std::string render_junit(const Report& report, bool strict) {
  std::ostringstream out;
  const Counts c = report.counts();
  double total_seconds = 0;
  for (const auto& check : report.checks) total_seconds += check.seconds;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"kcldap " << xml_escape(report.command) << "\" tests=\"" << report.checks.size()
      << "\" failures=\"" << (c.fail + (strict ? c.warn : 0)) << "\" skipped=\"" << c.skip << "\" time=\""
      << seconds_text(total_seconds) << "\">\n";
  for (const auto& group : report.groups()) {
    int tests = 0;
    int failures = 0;
    int skipped = 0;
    double seconds = 0;
    for (const auto& check : report.checks) {
      if (check.group != group) continue;
      ++tests;
      failures += counts_as_failure(check, strict) ? 1 : 0;
      skipped += check.status == Status::skip ? 1 : 0;
      seconds += check.seconds;
    }
    out << "  <testsuite name=\"" << xml_escape(group) << "\" tests=\"" << tests << "\" failures=\"" << failures
        << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << seconds_text(seconds) << "\">\n";
    for (const auto& check : report.checks) {
      if (check.group != group) continue;
      out << "    <testcase classname=\"kcldap." << xml_escape(report.command) << "\" name=\"" << xml_escape(check.id + ": " + check.title)
          << "\" time=\"" << seconds_text(check.seconds) << "\">\n";
      std::string body = check.finding;
      for (const auto& detail : check.details) body += "\n" + detail;
      if (!check.remedy.empty()) body += "\nRemedy: " + check.remedy;
      if (counts_as_failure(check, strict)) {
        out << "      <failure message=\"" << xml_escape(check.finding) << "\" type=\"" << to_string(check.status) << "\">"
            << xml_escape(body) << "</failure>\n";
      } else if (check.status == Status::skip) {
        out << "      <skipped message=\"" << xml_escape(check.finding) << "\"/>\n";
      } else {
        out << "      <system-out>" << xml_escape(to_string(check.status) + ": " + body) << "</system-out>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

std::string render_summary(const Report& report, bool strict, const std::string& headline, double seconds) {
  std::string out = "\nSummary: " + headline + "\n";
  for (const auto& group : report.groups()) out += "  " + pad_right(group, 15) + group_summary(report, group) + "\n";
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", seconds);
  const bool ok = report.passed(strict);
  out += std::string("Result: ") + (ok ? "OK" : "FAILED") + (strict && report.counts().warn > 0 && report.counts().fail == 0 ? " (--strict: warnings fail)" : "") +
         " in " + took + " s\n";
  return out;
}

}  // namespace kcldap::report
