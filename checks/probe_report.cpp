#include "checks/probe_report.hpp"

#include <cmath>
#include <sstream>

namespace kcldap::checks {
namespace {

std::string quoted(const std::string& value) { return nlohmann::json(value).dump(); }

}  // namespace

std::string status_badge(kcldap::Status status, const TextStyle& style) {
  const char* text = "SKIP";
  const char* color = "\033[2m";
  switch (status) {
    case kcldap::Status::pass: text = "PASS"; color = "\033[32m"; break;
    case kcldap::Status::warn: text = "WARN"; color = "\033[33m"; break;
    case kcldap::Status::fail: text = "FAIL"; color = "\033[31;1m"; break;
    case kcldap::Status::skip: break;
  }
  return style.color ? std::string(color) + text + "\033[0m" : std::string(text);
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

int probe_exit_code(const ldap::ProbeReport& report) { return report.failed() ? 1 : 0; }

std::string render_stage_line(const ldap::StageResult& stage, const TextStyle& style) {
  return "  " + status_badge(stage.status, style) + "  " + pad_right(stage.title, 12) + stage.message + "\n";
}

std::string render_probe_text(const ldap::ProbeReport& report, const std::string& bind_identity, const TextStyle& style) {
  std::ostringstream out;
  out << "kcldap probe: " << (report.server ? report.server->url : std::string("(no server reached)")) << " as "
      << bind_identity << "\n\n";
  int passed = 0;
  int warned = 0;
  int failed = 0;
  int skipped = 0;
  for (const auto& stage : report.stages) {
    out << render_stage_line(stage, style);
    const bool show_details = style.verbose || stage.status == kcldap::Status::warn || stage.status == kcldap::Status::fail;
    if (show_details) {
      for (const auto& detail : stage.details) out << "          " << detail << "\n";
    }
    if (!stage.remedy.empty() && stage.status != kcldap::Status::pass && stage.status != kcldap::Status::skip) {
      out << "          -> " << stage.remedy << "\n";
    }
    switch (stage.status) {
      case kcldap::Status::pass: ++passed; break;
      case kcldap::Status::warn: ++warned; break;
      case kcldap::Status::fail: ++failed; break;
      case kcldap::Status::skip: ++skipped; break;
    }
  }
  if (report.recommended) {
    const auto& r = *report.recommended;
    out << "\nRecommended [ldap] settings (kcldap uses these for \"auto\"; paste them to pin them):\n";
    const auto line = [&](const std::string& key, const std::string& value, const std::string& reason) {
      if (value.empty()) {
        out << "  # " << key << ": nothing suitable found (" << reason << ")\n";
        return;
      }
      out << "  " << pad_right(key + " = " + quoted(value), 50) << "# " << reason << "\n";
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
    if (!report.users.custom_filter.empty()) {
      line("user_filter", report.users.custom_filter, report.users.custom_filter_reason);
    }
    if (report.groups && report.groups->sampled > 0) {
      out << "  " << pad_right("groups_dn = " + quoted(report.groups->recommended_dn()), 50) << "# "
          << report.groups->sampled << " groups, " << report.groups->recommended_object_class() << ", membership "
          << report.groups->recommended_membership_attribute() << "\n";
    }
  }
  out << "\nResult: " << passed << " passed, " << warned << (warned == 1 ? " warning, " : " warnings, ") << failed
      << " failed";
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
  return out.str();
}

nlohmann::json probe_to_json(const ldap::ProbeReport& report) {
  using nlohmann::json;
  json out;
  out["schema"] = "kcldap.probe/v1";
  out["result"] = report.failed() ? "fail" : "pass";
  out["exit_code"] = probe_exit_code(report);
  json stages = json::array();
  for (const auto& stage : report.stages) {
    stages.push_back({{"id", stage.id},
                      {"title", stage.title},
                      {"status", kcldap::to_string(stage.status)},
                      {"message", stage.message},
                      {"details", stage.details},
                      {"remedy", stage.remedy}});
  }
  out["stages"] = stages;

  json server = nullptr;
  if (report.server) {
    const auto& s = *report.server;
    server = {{"url", s.url},
              {"vendor", s.vendor.keycloak_vendor},
              {"product", s.vendor.product},
              {"version", s.vendor.version},
              {"active_directory", s.vendor.active_directory},
              {"evidence", s.vendor.evidence},
              {"naming_contexts", s.naming_contexts},
              {"default_naming_context", s.default_naming_context},
              {"vendor_name", s.vendor_name},
              {"vendor_version", s.vendor_version},
              {"paged_results", s.paged_results},
              {"password_modify", s.password_modify},
              {"start_tls_extension", s.start_tls_extension},
              {"supported_controls", s.supported_controls},
              {"supported_extensions", s.supported_extensions}};
  }
  out["server"] = server;

  json tls = nullptr;
  if (report.tls) {
    const auto& t = *report.tls;
    json chain = json::array();
    for (const auto& cert : t.chain) {
      chain.push_back({{"subject", cert.subject},
                       {"issuer", cert.issuer},
                       {"names", cert.names},
                       {"not_before", cert.not_before},
                       {"not_after", cert.not_after},
                       {"days_left", cert.days_left},
                       {"self_signed", cert.self_signed}});
    }
    tls = {{"start_tls", t.start_tls_attempted},
           {"handshake_ok", t.handshake_ok},
           {"protocol", t.protocol},
           {"cipher", t.cipher},
           {"chain", chain},
           {"trust_source", t.trust_source},
           {"chain_trusted", t.chain_trusted},
           {"chain_error", t.chain_error},
           {"name_checked", t.checked_name},
           {"name_matches", t.name_matches}};
  }
  out["tls"] = tls;

  json candidates = json::array();
  for (const auto& candidate : report.users.candidates) {
    candidates.push_back({{"dn", candidate.dn}, {"users", candidate.users}, {"scope", candidate.scope}});
  }
  out["users"] = {{"dn", report.users.dn.empty() ? json(nullptr) : json(report.users.dn)},
                  {"dn_source", report.users.dn_source},
                  {"candidates", candidates},
                  {"scope", report.users.scope},
                  {"filter", report.users.filter},
                  {"object_classes", report.users.object_classes},
                  {"count", report.users.count ? json(*report.users.count) : json(nullptr)},
                  {"count_complete", report.users.count_complete},
                  {"custom_filter", report.users.custom_filter},
                  {"disabled", report.users.disabled ? json(*report.users.disabled) : json(nullptr)},
                  {"computers_excluded", report.users.computers_excluded},
                  {"system_accounts_excluded", report.users.system_excluded}};

  json attributes = json::array();
  if (report.sample) {
    for (const auto& stat : report.sample->attributes) {
      const double share = report.sample->sampled == 0 ? 0.0
                                                       : static_cast<double>(stat.present) / static_cast<double>(report.sample->sampled);
      attributes.push_back({{"name", stat.name},
                            {"present", stat.present},
                            {"sampled", report.sample->sampled},
                            {"share", std::round(share * 1000.0) / 1000.0},
                            {"unique", stat.unique()},
                            {"multi_valued", stat.multi_valued},
                            {"binary", stat.binary}});
    }
  }
  out["attributes"] = attributes;
  if (report.sample) {
    json classes = json::array();
    for (const auto& [name, count] : report.sample->object_classes) classes.push_back({{"name", name}, {"present", count}});
    out["sample"] = {{"size", report.sample->sampled},
                     {"object_classes", classes},
                     {"with_member_of", report.sample->with_member_of},
                     {"disabled", report.sample->disabled},
                     {"example_dns", report.sample->example_dns}};
  } else {
    out["sample"] = nullptr;
  }

  json recommended = nullptr;
  json reasons = nullptr;
  if (report.recommended) {
    const auto& r = *report.recommended;
    const auto value = [](const ldap::Recommendation& rec) { return rec.value.empty() ? json(nullptr) : json(rec.value); };
    recommended = {{"vendor", value(r.vendor)},         {"users_dn", report.users.dn},
                   {"search_scope", value(r.search_scope)}, {"username", value(r.username)},
                   {"rdn", value(r.rdn)},               {"uuid", value(r.uuid)},
                   {"email", value(r.email)},           {"first_name", value(r.first_name)},
                   {"last_name", value(r.last_name)},   {"user_object_classes", r.user_object_classes}};
    reasons = {{"vendor", r.vendor.reason},         {"search_scope", r.search_scope.reason},
               {"username", r.username.reason},     {"rdn", r.rdn.reason},
               {"uuid", r.uuid.reason},             {"email", r.email.reason},
               {"first_name", r.first_name.reason}, {"last_name", r.last_name.reason},
               {"user_object_classes", r.user_object_classes_reason}};
  }
  out["recommended"] = recommended;
  out["recommendation_reasons"] = reasons;
  json checks = json::array();
  for (const auto& check : report.attribute_checks) {
    checks.push_back({{"role", check.role}, {"attribute", check.attribute}, {"source", check.source}, {"finding", check.finding}});
  }
  out["attribute_checks"] = checks;

  json groups = nullptr;
  if (report.groups) {
    const auto& g = *report.groups;
    json containers = json::array();
    for (const auto& [dn, n] : g.containers) containers.push_back({{"dn", dn}, {"groups", n}});
    json classes = json::array();
    for (const auto& [name, n] : g.object_classes) classes.push_back({{"name", name}, {"groups", n}});
    json membership = json::array();
    for (const auto& [name, n] : g.membership_attributes) membership.push_back({{"name", name}, {"groups", n}});
    groups = {{"base", report.groups_base},
              {"count", g.sampled},
              {"dn", g.recommended_dn().empty() ? json(nullptr) : json(g.recommended_dn())},
              {"containers", containers},
              {"object_classes", classes},
              {"membership_attribute", g.recommended_membership_attribute().empty() ? json(nullptr) : json(g.recommended_membership_attribute())},
              {"membership_type", g.membership_type()},
              {"membership_attributes", membership},
              {"nested", !g.nested_examples.empty()},
              {"nested_examples", g.nested_examples},
              {"users_have_member_of", report.sample ? json(report.sample->with_member_of > 0) : json(nullptr)},
              {"examples", g.example_names}};
  }
  out["groups"] = groups;
  return out;
}

}  // namespace kcldap::checks
