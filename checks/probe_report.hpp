// Renders a probe report for people (text, grouped by stage, with the recommended settings and the next
// step) and for programs (JSON with a stable, documented shape).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "ldap/probe.hpp"

namespace kcldap::checks {

struct TextStyle {
  bool color = false;    // only on a terminal, never with NO_COLOR
  bool verbose = false;  // details of passing stages too
};

// Exit code of `kcldap probe`: 0 all passed (warnings allowed), 1 a stage failed.
int probe_exit_code(const ldap::ProbeReport& report);

std::string render_probe_text(const ldap::ProbeReport& report, const std::string& bind_identity, const TextStyle& style);
nlohmann::json probe_to_json(const ldap::ProbeReport& report);

// "PASS"/"WARN"/"FAIL"/"SKIP", coloured when the style asks; and text padded to a column width.
std::string status_badge(kcldap::Status status, const TextStyle& style);
std::string pad_right(const std::string& text, std::size_t width);

// One stage as a line for live progress ("  PASS  Connect  reached ldap://...").
std::string render_stage_line(const ldap::StageResult& stage, const TextStyle& style);

}  // namespace kcldap::checks
