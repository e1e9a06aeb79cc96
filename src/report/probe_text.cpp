// The probe report as text: the stages, the recommended [ldap] settings, the result and the next step.
#include <sstream>

#include "common/printable.hpp"

#include "src/report/probe_report.hpp"

namespace kcldap::report {
namespace {

std::string quoted(const std::string& value) { return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

void render_stage(std::ostream& out, const ldap::StageResult& stage, const TextStyle& style) {
  out << render_stage_line(stage, style);
  const bool show_details = style.verbose || stage.status == kcldap::Status::warn || stage.status == kcldap::Status::fail;
  if (show_details) {
    for (const auto& detail : stage.details) out << "          " << printable(detail) << "\n";
  }
  if (!stage.remedy.empty() && stage.status != kcldap::Status::pass && stage.status != kcldap::Status::skip) {
    out << "          -> " << printable(stage.remedy) << "\n";
  }
}

void render_recommended(std::ostream& out, const ldap::ProbeReport& report) {
  const auto& r = *report.recommended;
  out << "\nRecommended [ldap] settings (kcldap uses these for \"auto\"; paste them to pin them):\n";
  const auto line = [&](const std::string& key, const std::string& value, const std::string& reason) {
    if (value.empty()) {
      out << "  # " << key << ": nothing suitable found (" << printable(reason) << ")\n";
      return;
    }
    out << "  " << pad_right(key + " = " + quoted(value), 50) << "# " << printable(reason) << "\n";
  };
  line("vendor", r.vendor.value, r.vendor.reason);
  line("users_dn", report.users.dn, report.users.dn_source == "config" ? "as configured" : "proposed from where users live");
  line("search_scope", r.search_scope.value, r.search_scope.reason);
  line("username_attribute", r.username.value, r.username.reason);
  line("rdn_attribute", r.rdn.value, r.rdn.reason);
  line("uuid_attribute", r.uuid.value, r.uuid.reason);
  line("email_attribute", r.email.value, r.email.reason);
  line("first_name_attribute", r.first_name.value, r.first_name.reason);
  line("last_name_attribute", r.last_name.value, r.last_name.reason);
  std::string classes;
  for (const auto& c : r.user_object_classes) classes += (classes.empty() ? "" : ", ") + quoted(c);
  out << "  " << pad_right("user_object_classes = [" + classes + "]", 50) << "# " << r.user_object_classes_reason << "\n";
  if (!report.users.custom_filter.empty() && report.required_groups.empty()) {
    line("user_filter", report.users.custom_filter, report.users.custom_filter_reason);
  } else if (!report.users.custom_filter.empty()) {
    out << "  # customUserSearchFilter " << printable(report.users.custom_filter) << " (" << printable(report.users.custom_filter_reason) << ")\n";
  }
  if (report.groups && report.groups->sampled > 0) {
    out << "  " << pad_right("groups_dn = " + quoted(report.groups->recommended_dn()), 50) << "# " << report.groups->sampled
        << " groups, " << report.groups->recommended_object_class() << ", membership "
        << report.groups->recommended_membership_attribute() << "\n";
  }
}

// [ldap] required_groups: what each group brings, whatever the verbosity.
void render_required_groups(std::ostream& out, const ldap::ProbeReport& report) {
  out << "\nRequired groups (only their members are users):\n";
  for (const auto& g : report.required_groups) {
    out << "  " << printable(g.dn) << ": ";
    if (!g.exists) {
      out << "does not exist\n";
      continue;
    }
    out << g.members << " members; " << (g.users ? std::to_string(*g.users) : std::string("?")) << (g.users == 1u ? " user under " : " users under ")
        << printable(report.users.dn) << " match; " << g.outside_users_dn << " outside the users DN; "
        << (g.nested_groups > 0 ? "nested (" + std::to_string(g.nested_groups) + (g.nested_groups == 1 ? " member group)" : " member groups)") : std::string("not nested")) << "\n";
    for (const auto& dn : g.outside_examples) out << "      outside: " << printable(dn) << "\n";
    for (const auto& dn : g.nested_examples) out << "      nested group: " << printable(dn) << "\n";
  }
}

void render_result(std::ostream& out, const ldap::ProbeReport& report) {
  int passed = 0;
  int warned = 0;
  int failed = 0;
  int skipped = 0;
  for (const auto& stage : report.stages) {
    switch (stage.status) {
      case kcldap::Status::pass: ++passed; break;
      case kcldap::Status::warn: ++warned; break;
      case kcldap::Status::fail: ++failed; break;
      case kcldap::Status::skip: ++skipped; break;
    }
  }
  out << "\nResult: " << passed << " passed, " << warned << (warned == 1 ? " warning, " : " warnings, ") << failed << " failed";
  if (skipped > 0) out << ", " << skipped << " skipped";
  out << "\n";
  if (failed > 0) {
    for (const auto& stage : report.stages) {
      if (stage.status == kcldap::Status::fail) {
        out << "Next: fix the " << stage.title << " stage (" << stage.remedy << "), then run kcldap probe again.\n";
        break;
      }
    }
  } else {
    out << "Next: put the values above into the [ldap] section of kcldap.toml (or keep \"auto\") and fill in "
           "[keycloak]; see the README's configuration reference.\n";
  }
}

}  // namespace

int probe_exit_code(const ldap::ProbeReport& report) { return report.failed() ? 1 : 0; }

std::string render_stage_line(const ldap::StageResult& stage, const TextStyle& style) {
  return "  " + status_badge(stage.status, style) + "  " + pad_right(stage.title, 12) + printable(stage.message) + "\n";
}

std::string render_probe_text(const ldap::ProbeReport& report, const std::string& bind_identity, const TextStyle& style) {
  std::ostringstream out;
  out << "kcldap probe: " << printable(report.server ? report.server->url : std::string("(no server reached)")) << " as " << printable(bind_identity)
      << "\n\n";
  for (const auto& stage : report.stages) render_stage(out, stage, style);
  if (!report.required_groups.empty()) render_required_groups(out, report);
  if (report.recommended) render_recommended(out, report);
  render_result(out, report);
  return out.str();
}

}  // namespace kcldap::report
