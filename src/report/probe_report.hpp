// The probe report (schema kcldap.probe/v1): the ldap::ProbeReport rendered for people (text, grouped by
// stage, with the recommended settings and the next step) and for programs (JSON with a stable,
// documented shape). Never carries the bind password (the ProbeReport holds none).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "ldap/probe.hpp"
#include "src/report/text_style.hpp"

namespace kcldap::report {

// Exit code of `kcldap probe`: 0 all passed (warnings allowed), 1 a stage failed.
int probe_exit_code(const ldap::ProbeReport& report);

std::string render_probe_text(const ldap::ProbeReport& report, const std::string& bind_identity, const TextStyle& style);
nlohmann::json probe_to_json(const ldap::ProbeReport& report);

// One stage as a line for live progress ("  PASS  Connect  reached ldap://...").
std::string render_stage_line(const ldap::StageResult& stage, const TextStyle& style);

}  // namespace kcldap::report
